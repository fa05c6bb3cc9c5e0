/*
** rule_eval.c: the executor.  Evaluates a compiled expression tree on the
** current subject of a frame.
**
** Values are small tagged unions; text points into the frame's tables, so
** evaluation allocates only for string results of functions (lower, upper,
** distinct), kept by keep() until the next rule is evaluated.  Missing
** values propagate: arithmetic on a missing value is missing, and a
** comparison with one is false, except `== null` and `!= null`.
**
** Regular expressions run with a match limit and a depth limit
** (INS_REGEX_MATCH_LIMIT, INS_REGEX_DEPTH_LIMIT): a pattern that backtracks
** catastrophically on some text stops with an error for that rule instead
** of hanging the run.
*/
#include "rule.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Presentation and speed choices, not limits on input (those are in
** ins_limits.h): how many recent documents add_doc compares a new one with
** before the final sort and dedupe; how many documents {documents} names
** before "and N more". */
#define DOC_DEDUPE_WINDOW 8
#define EVIDENCE_DOCS_SHOWN 10

static void drop_tmp(ins_evalctx *c);

/*
** Constructors of values: missing, boolean, number, date (days since
** 1970-01-01) and text (not copied: S must outlive the value).
*/
static ins_val vnull(void) { ins_val v; memset(&v, 0, sizeof v); return v; }
static ins_val vbool(int b) { ins_val v = vnull(); v.t = VT_BOOL; v.u.b = b != 0; return v; }
static ins_val vnum(double n) { ins_val v = vnull(); v.t = VT_NUM; v.u.n = n; return v; }
static ins_val vdate(int32_t d) { ins_val v = vnull(); v.t = VT_DATE; v.u.d = d; return v; }
static ins_val vstr(const char *s) { ins_val v = vnull(); v.t = VT_STR; v.u.s = s; return v; }

/*
** Prepares an evaluation context: PCRE2 match data and a match context
** carrying the regex limits of ins_limits.h, so that every match of every
** rule is bounded.  The caller sets f, row and as_of before evaluating;
** insEvalFree releases it.  (32 capture pairs: rules never read captures,
** PCRE2 only needs room for the match.)
*/
void insEvalInit(ins_evalctx *c)
{
    memset(c, 0, sizeof *c);
    c->md = pcre2_match_data_create(32, NULL);
    c->mctx = pcre2_match_context_create(NULL);
    if (c->mctx) {
        pcre2_set_match_limit(c->mctx, INS_REGEX_MATCH_LIMIT);
        pcre2_set_depth_limit(c->mctx, INS_REGEX_DEPTH_LIMIT);
    }
}

/*
** Frees what insEvalInit and the evaluations allocated (match data,
** documents, kept strings) and zeroes C.  The frame is the caller's.
*/
void insEvalFree(ins_evalctx *c)
{
    if (c->md) pcre2_match_data_free(c->md);
    if (c->mctx) pcre2_match_context_free(c->mctx);
    free(c->docs);
    drop_tmp(c);
    free(c->tmp);
    memset(c, 0, sizeof *c);
}

/*
** 1 when V is the boolean true.  A missing value counts as false, so a
** condition on missing data does not fire.
*/
int insEvalTruth(ins_val v) { return v.t == VT_BOOL && v.u.b; }

/*
** Records document DOC as evidence of the current hit, while collecting
** (insEvalRule's second pass).  At most INS_MAX_HIT_DOCS are kept; repeats
** among the last DOC_DEDUPE_WINDOW are skipped here, the rest when
** insEvalRule sorts and dedupes.
*/
static void add_doc(ins_evalctx *c, int64_t doc)
{
    if (doc <= 0 || !c->collect) return;
    for (size_t i = c->ndocs > DOC_DEDUPE_WINDOW ? c->ndocs - DOC_DEDUPE_WINDOW : 0; i < c->ndocs; i++)
        if (c->docs[i] == doc) return; /* cheap local dedupe; final dedupe by caller */
    if (c->ndocs >= INS_MAX_HIT_DOCS) return;
    int64_t *v = insUGrow(c->docs, &c->capdocs, c->ndocs + 1, sizeof *v);
    if (!v) return;
    c->docs = v;
    c->docs[c->ndocs++] = doc;
}

/* Copies S into storage that lives until the next rule evaluation. */
static const char *keep(ins_evalctx *c, const char *s, size_t n)
{
    char **v = insUGrow(c->tmp, &c->captmp, c->ntmp + 1, sizeof *v);
    if (!v) return "";
    c->tmp = v;
    char *p = insUStrndup(s, n);
    if (!p) return "";
    c->tmp[c->ntmp++] = p;
    return p;
}

/*
** Frees the strings keep() made for the previous rule; the array stays
** for reuse.
*/
static void drop_tmp(ins_evalctx *c)
{
    for (size_t i = 0; i < c->ntmp; i++) free(c->tmp[i]);
    c->ntmp = 0;
}

/*
** The value of attribute N (resolved by the checker to a scope depth and a
** column): depth 0 reads the subject's row, depth k the row bound by the
** k-th enclosing quantifier or aggregate.  Missing when the column was not
** loaded.
*/
static ins_val field(ins_evalctx *c, const ins_node *n)
{
    ins_table *t;
    size_t row;
    /* a name bound by the k-th enclosing quantifier is read inside it */
    assert(n->depth >= 0 && n->depth <= c->nb);
    if (n->depth == 0) { t = c->f->subj; row = c->row; }
    else { t = c->bt[n->depth - 1]; row = c->brow[n->depth - 1]; }
    return insTableGet(t, n->col_index, row);
}

/*
** Orders two values of the same type (numbers, dates, text by bytes,
** booleans); 0 for types without an order.  Callers check the types match.
*/
static int val_cmp(ins_val a, ins_val b)
{
    switch (a.t) {
    case VT_NUM: return a.u.n < b.u.n ? -1 : a.u.n > b.u.n;
    case VT_DATE: return a.u.d < b.u.d ? -1 : a.u.d > b.u.d;
    case VT_STR: return strcmp(a.u.s, b.u.s);
    case VT_BOOL: return a.u.b - b.u.b;
    default: return 0;
    }
}

/*
** 1 when list L holds V (same type and value): a binary search over
** sorted lists (every named and literal list the checker builds), a scan
** otherwise.
*/
static int list_has(const ins_list *l, ins_val v)
{
    if (!l) return 0;
    if (l->sorted) {
        size_t lo = 0, hi = l->n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            ins_val m = l->v[mid];
            int c = m.t != v.t ? (int)m.t - (int)v.t : val_cmp(m, v);
            if (c == 0) return 1;
            if (c < 0) lo = mid + 1; else hi = mid;
        }
        return 0;
    }
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].t == v.t && val_cmp(l->v[i], v) == 0) return 1;
    return 0;
}

/*
** The text tests startswith, endswith and contains (N_STARTS, N_ENDS,
** otherwise N_CONTAINS) of S against P, on bytes.
*/
static int str_test(int kind, const char *s, const char *p)
{
    size_t ls = strlen(s), lp = strlen(p);
    switch (kind) {
    case N_STARTS: return lp <= ls && !memcmp(s, p, lp);
    case N_ENDS: return lp <= ls && !memcmp(s + ls - lp, p, lp);
    default: return strstr(s, p) != NULL;
    }
}

static ins_val eval_rel(ins_evalctx *c, const ins_node *n);

/*
** Evaluates the compiled expression N on the current subject of C.  The
** checker has typed N, so operands have the types each case expects or are
** missing.  `and` and `or` short-circuit except while collecting evidence,
** when both sides run so that every document behind the hit is recorded;
** `not` collects nothing (what made it true is an absence).  A regex that
** hits its limit sets c->error and c->errmsg and reads as no match, and
** from then on every node reads as missing: the rule stops for this
** subject at once instead of matching its other records.
*/
ins_val insEval(ins_evalctx *c, const ins_node *n)
{
    ins_val a, b;
    /* after a runtime error (a regex limit) nothing more of this rule runs
       for this subject: its other records would each hit the limit again */
    if (c->error) return vnull();
    switch (n->k) {
    case N_NUM: return vnum(n->num);
    case N_STR: return vstr(n->str);
    case N_DATE: return vdate(n->date);
    case N_BOOL: return vbool(n->num != 0);
    case N_NULL: return vnull();
    case N_DURATION: { ins_val v = vnull(); v.t = VT_DURATION; v.u.n = n->num; return v; }
    case N_ASOF: return vdate(c->as_of);
    case N_LIST:
    case N_VAR: { ins_val v = vnull(); v.t = VT_LIST; v.u.l = n->list; return v; }
    case N_FIELD: return field(c, n);
    case N_AND:
        a = insEval(c, n->a);
        if (!insEvalTruth(a) && !c->collect) return vbool(0);
        b = insEval(c, n->b);
        return vbool(insEvalTruth(a) && insEvalTruth(b));
    case N_OR:
        a = insEval(c, n->a);
        if (insEvalTruth(a) && !c->collect) return vbool(1);
        b = insEval(c, n->b);
        return vbool(insEvalTruth(a) || insEvalTruth(b));
    case N_NOT: {
        int saved = c->collect;
        c->collect = 0; /* what made 'not' true is an absence: no documents */
        a = insEval(c, n->a);
        c->collect = saved;
        return a.t == VT_BOOL ? vbool(!a.u.b) : vbool(0);
    }
    case N_IF:
        return insEvalTruth(insEval(c, n->a)) ? insEval(c, n->b) : insEval(c, n->c);
    case N_NEG:
        a = insEval(c, n->a);
        return a.t == VT_NUM ? vnum(-a.u.n) : vnull();
    case N_CMP:
        a = insEval(c, n->a);
        b = insEval(c, n->b);
        if (a.t == VT_NULL || b.t == VT_NULL) {
            int both = a.t == VT_NULL && b.t == VT_NULL;
            if (n->op == TK_EQ) return vbool(both);
            if (n->op == TK_NE) return vbool(!both && (n->a->k == N_NULL || n->b->k == N_NULL));
            return vbool(0);
        }
        if (a.t != b.t) return vbool(0);
        {
            int r = val_cmp(a, b);
            switch (n->op) {
            case TK_EQ: return vbool(r == 0);
            case TK_NE: return vbool(r != 0);
            case TK_LT: return vbool(r < 0);
            case TK_LE: return vbool(r <= 0);
            case TK_GT: return vbool(r > 0);
            case TK_GE: return vbool(r >= 0);
            default: return vbool(0);
            }
        }
    case N_ARITH:
        a = insEval(c, n->a);
        b = insEval(c, n->b);
        if (a.t == VT_DATE && b.t == VT_DURATION)
            return vdate(a.u.d + (n->op == TK_PLUS ? 1 : -1) * (int32_t)b.u.n);
        if (a.t == VT_DATE && b.t == VT_DATE) return vnum((double)(a.u.d - b.u.d));
        if (a.t != VT_NUM || b.t != VT_NUM) return vnull();
        switch (n->op) {
        case TK_PLUS: return vnum(a.u.n + b.u.n);
        case TK_MINUS: return vnum(a.u.n - b.u.n);
        case TK_STAR: return vnum(a.u.n * b.u.n);
        case TK_SLASH: return b.u.n == 0 ? vnull() : vnum(a.u.n / b.u.n);
        default: return vnull();
        }
    case N_IN:
    case N_NOTIN: {
        a = insEval(c, n->a);
        b = insEval(c, n->b);
        if (a.t == VT_NULL || b.t != VT_LIST) return vbool(0);
        int has = list_has(b.u.l, a);
        return vbool(n->k == N_IN ? has : !has);
    }
    case N_STARTS:
    case N_ENDS:
    case N_CONTAINS:
        a = insEval(c, n->a);
        b = insEval(c, n->b);
        if (a.t != VT_STR) return vbool(0);
        if (b.t == VT_STR) return vbool(str_test(n->k, a.u.s, b.u.s));
        if (b.t == VT_LIST && b.u.l) {
            for (size_t i = 0; i < b.u.l->n; i++)
                if (b.u.l->v[i].t == VT_STR && str_test(n->k, a.u.s, b.u.l->v[i].u.s)) return vbool(1);
        }
        return vbool(0);
    case N_MATCHES: {
        a = insEval(c, n->a);
        if (a.t != VT_STR || !n->b->re) return vbool(0);
        c->regex_runs++;
        int rc = pcre2_match(n->b->re, (PCRE2_SPTR)a.u.s, strlen(a.u.s), 0, 0, c->md, c->mctx);
        if (rc >= 0) return vbool(1);
        if (rc == PCRE2_ERROR_NOMATCH) return vbool(0);
        if (!c->error) {
            c->error = 1;
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(rc, msg, sizeof msg);
            snprintf(c->errmsg, sizeof c->errmsg, "regular expression /%.60s/ stopped: %s",
                     n->b->str, (char *)msg);
        }
        return vbool(0);
    }
    case N_WITHIN:
        a = insEval(c, n->a);
        b = insEval(c, n->b);
        if (a.t != VT_DATE || b.t != VT_DURATION) return vbool(0);
        return vbool(a.u.d <= c->as_of && a.u.d >= c->as_of - (int32_t)b.u.n);
    case N_QUANT:
    case N_AGG:
        return eval_rel(c, n);
    case N_CALL: {
        ins_val v[2] = {vnull(), vnull()};
        for (size_t i = 0; i < n->nargs && i < 2; i++) v[i] = insEval(c, n->args[i]);
        switch (n->op) {
        case F_MIN:
        case F_MAX:
            if (v[0].t == VT_NULL) return v[1];
            if (v[1].t == VT_NULL || v[0].t != v[1].t) return v[0];
            return (val_cmp(v[0], v[1]) < 0) == (n->op == F_MIN) ? v[0] : v[1];
        case F_ABS: return v[0].t == VT_NUM ? vnum(fabs(v[0].u.n)) : vnull();
        case F_LENGTH: return v[0].t == VT_STR ? vnum((double)strlen(v[0].u.s)) : vnull();
        case F_DAYS:
            return v[0].t == VT_DATE && v[1].t == VT_DATE ? vnum((double)(v[1].u.d - v[0].u.d)) : vnull();
        case F_LOWER:
        case F_UPPER: {
            if (v[0].t != VT_STR) return vnull();
            size_t len = strlen(v[0].u.s);
            char *s = insUStrndup(v[0].u.s, len);
            if (!s) return vnull();
            for (size_t i = 0; i < len; i++)
                if ((unsigned char)s[i] < 0x80)
                    s[i] = (char)(n->op == F_LOWER ? (s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i])
                                                   : (s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]));
            const char *k = keep(c, s, len);
            free(s);
            return vstr(k);
        }
        }
        return vnull();
    }
    default:
        return vnull();
    }
}

/* qsort comparison of two C strings by bytes. */
static int cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
** Quantifiers (any, all, none) and aggregates (count, sum, avg, min, max,
** distinct) over a relation of the subject: binds each related record in
** turn (the binding stack bt/brow) and evaluates the `where` condition on
** it.  `all` over no records is false; count and sum of nothing are 0,
** the others missing.  distinct joins at most INS_MAX_DISTINCT_VALUES
** values, sorted, without repeats.
*/
static ins_val eval_rel(ins_evalctx *c, const ins_node *n)
{
    ins_relidx *ri = &c->f->rels[n->col_index];
    /* The checker refuses deeper nesting (push_scope in rule_check.c). */
    assert(c->nb >= 0 && c->nb < INS_MAX_QUANT_NESTING);
    if (!ri->t || !ri->off) {
        /* a relation the frame did not load (left out of a test literal,
         * or without a query): it has no records */
        if (n->k == N_QUANT) return vbool(n->op == Q_NONE);
        return n->op == A_COUNT || n->op == A_SUM ? vnum(0) : vnull();
    }
    uint32_t from = ri->off[c->row], to = ri->off[c->row + 1];
    int d = c->nb++;
    c->bt[d] = ri->t;
    ins_val result = vnull();
    double acc = 0;
    size_t cnt = 0;
    ins_val best = vnull();
    const char **vals = NULL;
    size_t nvals = 0, capvals = 0;
    int any = 0, all = 1;
    for (uint32_t k = from; k < to; k++) {
        c->brow[d] = ri->rows[k];
        int ok = 1;
        if (n->a) ok = insEvalTruth(insEval(c, n->a));
        if (c->error) break;
        if (n->k == N_QUANT) {
            if (ok) {
                any = 1;
                if (n->op != Q_NONE) add_doc(c, ri->t->doc ? ri->t->doc[ri->rows[k]] : 0);
                if (n->op == Q_ANY && !c->collect) break;
                if (n->op == Q_NONE) break;
            } else {
                all = 0;
                if (n->op == Q_ALL && !c->collect) break;
            }
            continue;
        }
        if (!ok) continue;
        ins_val v = vnull();
        if (n->field_index >= 0) v = insTableGet(ri->t, n->field_index, ri->rows[k]);
        if (n->op != A_COUNT && v.t == VT_NULL) continue;
        add_doc(c, ri->t->doc ? ri->t->doc[ri->rows[k]] : 0);
        cnt++;
        switch (n->op) {
        case A_SUM:
        case A_AVG: acc += v.u.n; break;
        case A_MIN:
        case A_MAX:
            if (best.t == VT_NULL || (val_cmp(v, best) < 0) == (n->op == A_MIN)) best = v;
            break;
        case A_DISTINCT: {
            char tmp[64];
            const char *s = v.u.s;
            if (v.t != VT_STR) {
                ins_buf fb;
                insBufInit(&fb);
                insValFormat(v, &fb);
                insUStrlcpy(tmp, insBufStr(&fb), sizeof tmp);
                insBufFree(&fb);
                s = keep(c, tmp, strlen(tmp));
            }
            if (nvals < INS_MAX_DISTINCT_VALUES) {
                const char **nv = insUGrow(vals, &capvals, nvals + 1, sizeof *nv);
                if (nv) { vals = nv; vals[nvals++] = s; }
            }
            break;
        }
        default: break;
        }
    }
    c->nb--;
    if (n->k == N_QUANT) {
        if (n->op == Q_ANY) return vbool(any);
        if (n->op == Q_NONE) return vbool(!any);
        return vbool(all && to > from);
    }
    switch (n->op) {
    case A_COUNT: result = vnum((double)cnt); break;
    case A_SUM: result = vnum(acc); break;
    case A_AVG: result = cnt ? vnum(acc / (double)cnt) : vnull(); break;
    case A_MIN:
    case A_MAX: result = best; break;
    case A_DISTINCT: {
        if (nvals) qsort(vals, nvals, sizeof *vals, cmp_str_ptr);
        ins_buf b;
        insBufInit(&b);
        for (size_t i = 0; i < nvals; i++) {
            if (i && !strcmp(vals[i], vals[i - 1])) continue;
            if (b.len) insBufAppendStr(&b, ", ");
            insBufAppendStr(&b, vals[i]);
        }
        result = nvals ? vstr(keep(c, insBufStr(&b), b.len)) : vnull();
        insBufFree(&b);
        break;
    }
    }
    free(vals);
    return result;
}

/*
** Appends V as a person reads it in evidence: "-" for missing, sí/no,
** whole numbers without decimals (others with two), dates as YYYY-MM-DD,
** durations in days.
*/
void insValFormat(ins_val v, ins_buf *b)
{
    char d[11];
    switch (v.t) {
    case VT_NULL: insBufAppendStr(b, "-"); break;
    case VT_BOOL: insBufAppendStr(b, v.u.b ? "sí" : "no"); break;
    case VT_NUM:
        if (v.u.n == floor(v.u.n) && fabs(v.u.n) < 1e15) insBufPrintf(b, "%.0f", v.u.n);
        else insBufPrintf(b, "%.2f", v.u.n);
        break;
    case VT_STR: insBufAppendStr(b, v.u.s); break;
    case VT_DATE: insDateFormat(v.u.d, d); insBufAppendStr(b, d); break;
    case VT_DURATION: insBufPrintf(b, "%.0f days", v.u.n); break;
    default: insBufAppendStr(b, "?"); break;
    }
}

/* qsort comparison of two int64_t (document ids). */
static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Writes the labels ("09 T002-172") of the documents behind a hit. */
static void format_documents(ins_evalctx *c, ins_buf *ev)
{
    size_t shown = 0;
    for (size_t i = 0; i < c->ndocs; i++) {
        const char *label = c->doclabel && c->docs[i] < c->ndoclabel ? c->doclabel[c->docs[i]] : NULL;
        if (!label) continue;
        if (shown == EVIDENCE_DOCS_SHOWN) {
            insBufPrintf(ev, _(" and %zu more"), c->ndocs - i);
            return;
        }
        insBufPrintf(ev, "%s%s", shown ? ", " : "", label);
        shown++;
    }
    if (!shown) insBufAppendStr(ev, "-");
}

/*
** Evaluates rule R on the current subject of C.  Returns 1 when it fires,
** 0 when not, -1 on a runtime error (a regex limit; the message is in
** c->errmsg).  A first pass only decides; when it fires a second pass
** collects the documents behind it (c->docs, sorted, without repeats, with
** the subject's own document) and *STRENGTH gets the strength expression
** clamped to [0, 1] (1 without one).  When EV is not NULL it receives the
** evidence text with its placeholders filled in.
*/
int insEvalRule(ins_evalctx *c, const ins_rule *r, double *strength, ins_buf *ev)
{
    drop_tmp(c);
    c->error = 0;
    c->ndocs = 0;
    c->collect = 0;
    c->nb = 0;
    ins_val v = insEval(c, r->condition);
    if (c->error) return -1;
    if (!insEvalTruth(v)) return 0;
    /* It fired: evaluate again collecting every document behind it. */
    c->collect = 1;
    insEval(c, r->condition);
    *strength = 1.0;
    if (r->strength) {
        ins_val s = insEval(c, r->strength);
        *strength = s.t == VT_NUM ? (s.u.n < 0 ? 0 : s.u.n > 1 ? 1 : s.u.n) : 1.0;
    }
    c->collect = 0;
    if (c->f->subj->doc && c->f->subj->doc[c->row] > 0) {
        c->collect = 1;
        add_doc(c, c->f->subj->doc[c->row]);
        c->collect = 0;
    }
    if (c->ndocs) qsort(c->docs, c->ndocs, sizeof *c->docs, cmp_i64);
    size_t w = 0;
    for (size_t i = 0; i < c->ndocs; i++)
        if (!w || c->docs[w - 1] != c->docs[i]) c->docs[w++] = c->docs[i];
    c->ndocs = w;
    if (ev) {
        insBufReset(ev);
        const char *t = r->evidence ? r->evidence : "";
        size_t pos = 0;
        for (size_t i = 0; i < r->nev; i++) {
            for (size_t k = pos; k < r->ev_starts[i]; k++) {
                if (t[k] == '\\' && k + 1 < r->ev_starts[i]) k++;
                insBufAppendChar(ev, t[k]);
            }
            if (r->ev_parts[i]) insValFormat(insEval(c, r->ev_parts[i]), ev);
            else format_documents(c, ev);
            pos = r->ev_ends[i];
        }
        for (size_t k = pos; t[k]; k++) {
            if (t[k] == '\\' && t[k + 1]) k++;
            insBufAppendChar(ev, t[k]);
        }
    }
    return c->error ? -1 : 1;
}
