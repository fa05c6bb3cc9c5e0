/*
** rule_check.c: name resolution and type checking.
**
** Turns a parsed rule into its compiled form: every name becomes a
** (scope depth, column) pair, every literal list a sorted value list,
** every regular expression a PCRE2 program compiled once (with JIT unless
** INSPECTOR_REGEX_NOJIT is set), every evidence placeholder a checked
** expression.  Every error is reported (not just the first), each at its
** own line and column; an unknown attribute name comes with the closest
** known one.
*/
#include "rule.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scope {
    const char *binding;  /* NULL: implicit (bare names) */
    const ins_rtype *rt;
} scope;

typedef struct checker {
    ins_rule *r;
    const ins_listset *lists;
    ins_diags *d;
    const ins_src *src;
    scope sc[INS_MAX_QUANT_NESTING + 1]; /* the subject, then one per binding */
    int nsc; /* sc[0] is the subject */
    int line_base, col_base; /* for evidence placeholders */
} checker;

/* How a type is named in messages ("number", "text", ...). */
static const char *type_name(ins_vtype t)
{
    switch (t) {
    case VT_NULL: return "null";
    case VT_BOOL: return "boolean";
    case VT_NUM: return "number";
    case VT_STR: return "text";
    case VT_DATE: return "date";
    case VT_DURATION: return "duration";
    case VT_LIST: return "list";
    case VT_REL: return "relation";
    case VT_REGEX: return "regular expression";
    default: return "value";
    }
}

/*
** Reports an error at node N (at the rule's start when N is NULL) and
** marks the rule failed, so it is never evaluated.
*/
static void err(checker *c, const ins_node *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(checker *c, const ins_node *n, const char *fmt, ...)
{
    ins_buf m;
    insBufInit(&m);
    va_list ap;
    va_start(ap, fmt);
    insBufVprintf(&m, fmt, ap);
    va_end(ap);
    insDiag(c->d, 1, c->src, n ? n->line : c->r->line, n ? n->col : c->r->col, n ? n->len : 1, "%s",
            insBufStr(&m));
    insBufFree(&m);
    c->r->errors = 1;
}

/*
** Reports a warning at LINE:COL under LEN characters.  The rule stays
** usable (`rules check --strict` makes warnings errors).
*/
static void warn(checker *c, int line, int col, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void warn(checker *c, int line, int col, size_t len, const char *fmt, ...)
{
    ins_buf m;
    insBufInit(&m);
    va_list ap;
    va_start(ap, fmt);
    insBufVprintf(&m, fmt, ap);
    va_end(ap);
    insDiag(c->d, 0, c->src, line, col, len, "%s", insBufStr(&m));
    insBufFree(&m);
}

/*
** qsort order of list values: by type, then text by bytes or numbers by
** value.  list_has in rule_eval.c searches in this order.
*/
static int cmp_val(const void *a, const void *b)
{
    const ins_val *x = a, *y = b;
    if (x->t != y->t) return x->t - y->t;
    if (x->t == VT_STR) return strcmp(x->u.s, y->u.s);
    if (x->t == VT_NUM) return x->u.n < y->u.n ? -1 : x->u.n > y->u.n;
    return 0;
}

static ins_vtype check(checker *c, ins_node *n);

/* Finds a list by name. */
static const ins_list *find_list(checker *c, const char *name)
{
    for (size_t i = 0; c->lists && i < c->lists->n; i++)
        if (!strcmp(c->lists->v[i]->name, name)) return c->lists->v[i];
    return NULL;
}

/* Resolves a (possibly dotted) name to a field. */
static ins_vtype resolve_name(checker *c, ins_node *n)
{
    char *path = n->str;
    char *dot = strchr(path, '.');
    const char *fname = path;
    int depth = -1;
    if (dot) {
        *dot = '\0';
        const char *head = path;
        fname = dot + 1;
        if (strchr(fname, '.')) {
            *dot = '.';
            err(c, n, _("'%s': attributes of attributes are not supported"), path);
            return VT_ANY;
        }
        if (!strcmp(head, "subject")) depth = 0;
        for (int i = c->nsc - 1; i >= 1 && depth < 0; i--)
            if (c->sc[i].binding && !strcmp(c->sc[i].binding, head)) depth = i;
        if (depth < 0) {
            const ins_rtype *st = c->sc[0].rt;
            int fi = insSchemaField(st, head);
            if (fi >= 0 && st->fields[fi].type == VT_REL)
                err(c, n, _("'%s' is a relation: use it in any/all/none or count/sum/avg/min/max/"
                            "distinct, e.g. count(%s where ...)"), head, head);
            else
                err(c, n, _("unknown name '%s' (use 'subject.' or the name bound with 'x in ...')"), head);
            *dot = '.';
            return VT_ANY;
        }
        int fi = insSchemaField(c->sc[depth].rt, fname);
        if (fi < 0) {
            const char *sug = insSchemaSuggest(c->sc[depth].rt, fname);
            if (sug)
                err(c, n, _("unknown attribute '%s' of %s; did you mean '%s'?"), fname,
                    c->sc[depth].rt->label, sug);
            else
                err(c, n, _("unknown attribute '%s' of %s"), fname, c->sc[depth].rt->label);
            *dot = '.';
            return VT_ANY;
        }
        *dot = '.';
        n->k = N_FIELD;
        n->depth = depth;
        n->col_index = fi;
        return c->sc[depth].rt->fields[fi].type;
    }
    for (int i = c->nsc - 1; i >= 0; i--) {
        int fi = insSchemaField(c->sc[i].rt, fname);
        if (fi >= 0) {
            n->k = N_FIELD;
            n->depth = i;
            n->col_index = fi;
            ins_vtype t = c->sc[i].rt->fields[fi].type;
            if (t == VT_REL) {
                err(c, n, _("'%s' is a relation: use it in any/all/none or count/sum/avg/min/max/"
                            "distinct, e.g. count(%s where ...)"), fname, fname);
                return VT_ANY;
            }
            return t;
        }
    }
    const ins_rtype *inner = c->sc[c->nsc - 1].rt;
    const char *sug = insSchemaSuggest(inner, fname);
    if (!sug && c->nsc > 1) sug = insSchemaSuggest(c->sc[0].rt, fname);
    if (sug)
        err(c, n, _("unknown attribute '%s' of %s; did you mean '%s'?"), fname, inner->label, sug);
    else
        err(c, n, _("unknown attribute '%s' of %s"), fname, inner->label);
    return VT_ANY;
}

/* Resolves the relation of a quantifier or aggregate (a subject field). */
static const ins_rtype *resolve_rel(checker *c, ins_node *n)
{
    const ins_rtype *st = c->sc[0].rt;
    int fi = insSchemaField(st, n->str2);
    if (fi < 0 || st->fields[fi].type != VT_REL) {
        ins_buf rels;
        insBufInit(&rels);
        for (int i = 0; i < st->nfields; i++)
            if (st->fields[i].type == VT_REL)
                insBufPrintf(&rels, "%s%s", rels.len ? ", " : "", st->fields[i].name);
        if (fi >= 0)
            err(c, n, _("'%s' is an attribute of %s, not a relation (relations: %s)"), n->str2,
                st->label, insBufStr(&rels));
        else
            err(c, n, _("unknown relation '%s' of %s (relations: %s)"), n->str2, st->label,
                insBufStr(&rels));
        insBufFree(&rels);
        return NULL;
    }
    n->col_index = fi;
    n->rtype = insSchemaType(st->fields[fi].rel);
    return n->rtype;
}

/*
** Opens the name scope of a quantifier or aggregate over records of type
** RT, named BINDING (NULL: its attributes are bare names).  Reports
** "quantifiers nested too deeply" and returns 0 past INS_MAX_QUANT_NESTING,
** which is why the evaluator can assert the bound.
*/
static int push_scope(checker *c, const char *binding, const ins_rtype *rt, const ins_node *at)
{
    if (c->nsc >= (int)INS_ARRAY_LEN(c->sc)) {
        err(c, at, "%s", _("quantifiers nested too deeply"));
        return 0;
    }
    c->sc[c->nsc].binding = binding;
    c->sc[c->nsc].rt = rt;
    c->nsc++;
    return 1;
}

/*
** Checks N and reports unless it is a boolean; WHAT names its place in
** the message ("the condition", "each side of 'and'").
*/
static ins_vtype check_bool(checker *c, ins_node *n, const char *what)
{
    ins_vtype t = check(c, n);
    if (t != VT_BOOL && t != VT_ANY)
        err(c, n, _("%s must be true or false, but this is a %s"), what, type_name(t));
    return t;
}

/* Compiles a regular expression with JIT; checks flags and empty matches. */
static void compile_regex(checker *c, ins_node *re)
{
    uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
    for (const char *f = re->str2 ? re->str2 : ""; *f; f++) {
        switch (*f) {
        case 'i': opts |= PCRE2_CASELESS; break;
        case 'x': opts |= PCRE2_EXTENDED; break;
        case 's': opts |= PCRE2_DOTALL; break;
        case 'm': opts |= PCRE2_MULTILINE; break;
        default: err(c, re, _("unknown regular expression flag '%c' (use i, x, s or m)"), *f); return;
        }
    }
    int ecode;
    PCRE2_SIZE eoff;
    re->re = pcre2_compile((PCRE2_SPTR)re->str, PCRE2_ZERO_TERMINATED, opts, &ecode, &eoff, NULL);
    if (!re->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ecode, msg, sizeof msg);
        ins_node at = *re;
        at.col = re->col + 1 + (int)eoff;
        at.len = 1;
        err(c, &at, _("invalid regular expression: %s"), (char *)msg);
        return;
    }
    /* JIT-compiled code is opaque to valgrind (false reports of uninitialised
     * reads): INSPECTOR_REGEX_NOJIT=1 runs the interpreter instead, with the
     * same limits. */
    const char *nojit = getenv("INSPECTOR_REGEX_NOJIT");
    if (!nojit || !*nojit || *nojit == '0') pcre2_jit_compile(re->re, PCRE2_JIT_COMPLETE);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->re, NULL);
    if (md) {
        if (pcre2_match(re->re, (PCRE2_SPTR) "", 0, 0, 0, md, NULL) >= 0)
            warn(c, re->line, re->col, re->len,
                 _("regular expression /%s/ matches empty text, so it matches every value"), re->str);
        pcre2_match_data_free(md);
    }
}

/* Builds the value list of a literal list of strings/numbers. */
static ins_vtype check_list_literal(checker *c, ins_node *n)
{
    ins_list *l = calloc(1, sizeof *l);
    if (!l) return VT_ANY;
    l->v = calloc(n->nargs ? n->nargs : 1, sizeof *l->v);
    if (!l->v) { free(l); return VT_ANY; }
    n->owned_list = l;
    n->list = l;
    for (size_t i = 0; i < n->nargs; i++) {
        ins_node *e = n->args[i];
        if (e->k == N_STR) { l->v[l->n].t = VT_STR; l->v[l->n++].u.s = e->str; }
        else if (e->k == N_NUM) { l->v[l->n].t = VT_NUM; l->v[l->n++].u.n = e->num; }
        else err(c, e, "%s", _("list elements must be text or numbers"));
    }
    qsort(l->v, l->n, sizeof *l->v, cmp_val);
    l->sorted = 1;
    return VT_LIST;
}

/* 1 when T can be ordered by min and max (or is unknown after an error). */
static int numeric_or_date(ins_vtype t) { return t == VT_NUM || t == VT_DATE || t == VT_ANY; }

/*
** Resolves and type-checks expression N in the current scopes and returns
** its type (stored in n->type); VT_ANY after an error, so that one mistake
** is not reported again by every expression around it.  Names become
** N_FIELD, relations get their record type, literal lists their sorted
** values, regular expressions their compiled program.
*/
static ins_vtype check(checker *c, ins_node *n)
{
    if (!n) return VT_ANY;
    ins_vtype t = VT_ANY, a, b;
    switch (n->k) {
    case N_NUM: t = VT_NUM; break;
    case N_STR: t = VT_STR; break;
    case N_DATE: t = VT_DATE; break;
    case N_BOOL: t = VT_BOOL; break;
    case N_NULL: t = VT_NULL; break;
    case N_DURATION: t = VT_DURATION; break;
    case N_ASOF: t = VT_DATE; break;
    case N_REGEX: t = VT_REGEX; break;
    case N_LIST: t = check_list_literal(c, n); break;
    case N_OBJECT: err(c, n, "%s", _("a { ... } literal is only allowed in tests")); break;
    case N_VAR:
        n->list = find_list(c, n->str);
        if (!n->list) err(c, n, _("unknown list '$%s' (declare it: list %s = \"lists/FILE.list\")"), n->str, n->str);
        t = VT_LIST;
        break;
    case N_NAME: t = resolve_name(c, n); break;
    case N_FIELD: t = c->sc[n->depth].rt->fields[n->col_index].type; break;
    case N_AND:
    case N_OR:
        check_bool(c, n->a, n->k == N_AND ? "each side of 'and'" : "each side of 'or'");
        check_bool(c, n->b, n->k == N_AND ? "each side of 'and'" : "each side of 'or'");
        t = VT_BOOL;
        break;
    case N_NOT: check_bool(c, n->a, "the operand of 'not'"); t = VT_BOOL; break;
    case N_IF:
        check_bool(c, n->a, "the condition of 'if'");
        a = check(c, n->b);
        b = check(c, n->c);
        if (a != VT_ANY && b != VT_ANY && a != VT_NULL && b != VT_NULL && a != b)
            err(c, n, _("both branches of 'if' must have one type, not a %s and a %s"), type_name(a), type_name(b));
        t = a == VT_NULL || a == VT_ANY ? b : a;
        break;
    case N_NEG:
        a = check(c, n->a);
        if (a != VT_NUM && a != VT_ANY) err(c, n, _("cannot negate a %s"), type_name(a));
        t = VT_NUM;
        break;
    case N_CMP:
        a = check(c, n->a);
        b = check(c, n->b);
        if (a == VT_NULL || b == VT_NULL) {
            if (n->op != TK_EQ && n->op != TK_NE)
                err(c, n, "%s", _("null can only be compared with == or !="));
        } else if (a != VT_ANY && b != VT_ANY && a != b) {
            err(c, n, _("cannot compare a %s with a %s"), type_name(a), type_name(b));
        } else if ((a == VT_BOOL || a == VT_LIST || a == VT_REGEX || a == VT_DURATION) &&
                   n->op != TK_EQ && n->op != TK_NE) {
            err(c, n, _("a %s has no order; use == or !="), type_name(a));
        }
        t = VT_BOOL;
        break;
    case N_ARITH:
        a = check(c, n->a);
        b = check(c, n->b);
        if (a == VT_DATE && b == VT_DURATION && (n->op == TK_PLUS || n->op == TK_MINUS)) t = VT_DATE;
        else if (a == VT_DATE && b == VT_DATE && n->op == TK_MINUS) t = VT_NUM;
        else if ((a == VT_NUM || a == VT_ANY) && (b == VT_NUM || b == VT_ANY)) t = VT_NUM;
        else {
            err(c, n, _("cannot apply arithmetic to a %s and a %s"), type_name(a), type_name(b));
            t = VT_ANY;
        }
        break;
    case N_IN:
    case N_NOTIN:
        a = check(c, n->a);
        b = check(c, n->b);
        if (a != VT_STR && a != VT_NUM && a != VT_ANY)
            err(c, n->a, _("'in' needs text or a number on its left, not a %s"), type_name(a));
        if (b != VT_LIST && b != VT_ANY)
            err(c, n->b, _("'in' needs a list on its right ([\"a\", \"b\"] or $name), not a %s"), type_name(b));
        t = VT_BOOL;
        break;
    case N_STARTS:
    case N_ENDS:
    case N_CONTAINS:
        a = check(c, n->a);
        b = check(c, n->b);
        if (a != VT_STR && a != VT_ANY) err(c, n->a, _("this test needs text on its left, not a %s"), type_name(a));
        if (b != VT_STR && b != VT_LIST && b != VT_ANY)
            err(c, n->b, _("this test needs text or a list on its right, not a %s"), type_name(b));
        t = VT_BOOL;
        break;
    case N_MATCHES:
        a = check(c, n->a);
        if (a != VT_STR && a != VT_ANY) err(c, n->a, _("'matches' needs text on its left, not a %s"), type_name(a));
        compile_regex(c, n->b);
        t = VT_BOOL;
        break;
    case N_WITHIN:
        a = check(c, n->a);
        b = check(c, n->b);
        if (a != VT_DATE && a != VT_ANY) err(c, n->a, _("'within' needs a date on its left, not a %s"), type_name(a));
        if (b != VT_DURATION && b != VT_ANY)
            err(c, n->b, _("'within' needs a duration on its right (e.g. 90 days), not a %s"), type_name(b));
        t = VT_BOOL;
        break;
    case N_QUANT: {
        const ins_rtype *rt = resolve_rel(c, n);
        if (rt && push_scope(c, n->str, rt, n)) {
            if (n->a) check_bool(c, n->a, "the 'where' condition");
            c->nsc--;
        }
        t = VT_BOOL;
        break;
    }
    case N_AGG: {
        const ins_rtype *rt = resolve_rel(c, n);
        t = n->op == A_DISTINCT ? VT_STR : VT_NUM;
        if (!rt) break;
        if (n->field) {
            n->field_index = insSchemaField(rt, n->field);
            if (n->field_index < 0) {
                const char *sug = insSchemaSuggest(rt, n->field);
                if (sug) err(c, n, _("unknown attribute '%s' of %s; did you mean '%s'?"), n->field, rt->label, sug);
                else err(c, n, _("unknown attribute '%s' of %s"), n->field, rt->label);
            } else {
                ins_vtype ft = rt->fields[n->field_index].type;
                if ((n->op == A_SUM || n->op == A_AVG) && ft != VT_NUM)
                    err(c, n, _("sum and avg need a numeric attribute; '%s' is %s"), n->field, type_name(ft));
                if ((n->op == A_MIN || n->op == A_MAX) && ft != VT_NUM && ft != VT_DATE)
                    err(c, n, _("min and max need a number or a date; '%s' is %s"), n->field, type_name(ft));
                if (n->op == A_MIN || n->op == A_MAX) t = ft;
            }
        } else if (n->op != A_COUNT) {
            err(c, n, _("this aggregate needs an attribute: e.g. sum(%s.amount)"), n->str2);
        }
        if (push_scope(c, n->str, rt, n)) {
            if (n->a) check_bool(c, n->a, "the 'where' condition");
            c->nsc--;
        }
        break;
    }
    case N_CALL: {
        ins_vtype at[4] = {VT_ANY, VT_ANY, VT_ANY, VT_ANY};
        for (size_t i = 0; i < n->nargs; i++) {
            ins_vtype x = check(c, n->args[i]);
            if (i < INS_ARRAY_LEN(at)) at[i] = x;
        }
        size_t want = (n->op == F_MIN || n->op == F_MAX || n->op == F_DAYS) ? 2 : 1;
        if (n->nargs != want) {
            err(c, n, _("this function takes %zu argument(s), not %zu"), want, n->nargs);
            break;
        }
        switch (n->op) {
        case F_MIN:
        case F_MAX:
            if (!numeric_or_date(at[0]) || !numeric_or_date(at[1]) ||
                (at[0] != at[1] && at[0] != VT_ANY && at[1] != VT_ANY))
                err(c, n, "%s", _("min and max compare two numbers or two dates"));
            t = at[0] == VT_ANY ? at[1] : at[0];
            break;
        case F_ABS:
            if (at[0] != VT_NUM && at[0] != VT_ANY) err(c, n, "%s", _("abs needs a number"));
            t = VT_NUM;
            break;
        case F_LOWER:
        case F_UPPER:
            if (at[0] != VT_STR && at[0] != VT_ANY) err(c, n, "%s", _("lower and upper need text"));
            t = VT_STR;
            break;
        case F_LENGTH:
            if (at[0] != VT_STR && at[0] != VT_ANY) err(c, n, "%s", _("length needs text"));
            t = VT_NUM;
            break;
        case F_DAYS:
            if ((at[0] != VT_DATE && at[0] != VT_ANY) || (at[1] != VT_DATE && at[1] != VT_ANY))
                err(c, n, "%s", _("days needs two dates"));
            t = VT_NUM;
            break;
        }
        break;
    }
    default: break;
    }
    n->type = t;
    return t;
}

/* ---- metadata ---------------------------------------------------------------- */

static const char *const ilo_indicators[] = {
    "abuse_of_vulnerability", "deception", "restriction_of_movement", "isolation",
    "physical_sexual_violence", "intimidation_threats", "retention_of_documents",
    "withholding_of_wages", "debt_bondage", "abusive_conditions", "excessive_overtime",
};

/* The text of meta entry M, or NULL after reporting that it is no text. */
static const char *meta_str(checker *c, ins_meta *m)
{
    if (m->value->k != N_STR) {
        ins_node at = *m->value;
        err(c, &at, _("meta '%s' must be text in quotes"), m->key);
        return NULL;
    }
    return m->value->str;
}

/* Joins a list of strings (or one string) with SEP; validates each with FN. */
static char *meta_list(checker *c, ins_meta *m, const char *sep,
                       int (*ok)(checker *, const ins_node *, const char *))
{
    ins_buf b;
    insBufInit(&b);
    if (m->value->k == N_STR) {
        if (!ok || ok(c, m->value, m->value->str)) insBufAppendStr(&b, m->value->str);
    } else if (m->value->k == N_LIST) {
        for (size_t i = 0; i < m->value->nargs; i++) {
            ins_node *e = m->value->args[i];
            if (e->k != N_STR) { err(c, e, _("meta '%s' must be a list of texts"), m->key); continue; }
            if (ok && !ok(c, e, e->str)) continue;
            if (b.len) insBufAppendStr(&b, sep);
            insBufAppendStr(&b, e->str);
        }
    } else {
        err(c, m->value, _("meta '%s' must be a text or a list of texts"), m->key);
    }
    return insBufDetach(&b);
}

/*
** 1 when S is a namespaced indicator (ns.name); in the `ilo` namespace
** it must be one of the ILO's eleven.  Reports otherwise.
*/
static int ok_indicator(checker *c, const ins_node *n, const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot || dot == s || !dot[1]) {
        err(c, n, _("indicator '%s' must be namespaced, e.g. ilo.excessive_overtime"), s);
        return 0;
    }
    if (!strncmp(s, "ilo.", 4)) {
        for (size_t i = 0; i < INS_ARRAY_LEN(ilo_indicators); i++)
            if (!strcmp(s + 4, ilo_indicators[i])) return 1;
        err(c, n, _("'%s' is not one of the ILO's 11 indicators (see rules/README.md)"), s);
        return 0;
    }
    return 1;
}

/* 1 when S is an audience (labour, transport, customs); reports otherwise. */
static int ok_audience(checker *c, const ins_node *n, const char *s)
{
    if (!strcmp(s, "labour") || !strcmp(s, "transport") || !strcmp(s, "customs")) return 1;
    err(c, n, _("audience '%s' must be labour, transport or customs"), s);
    return 0;
}

/*
** Decodes R's metadata into its fields (id, rev, title, weight, date...),
** validating each value; reports keys given twice, unknown keys (a warning:
** kept, not used) and, unless the rule already has syntax errors, the
** required keys that are missing.
*/
static void decode_meta(checker *c, ins_rule *r)
{
    static const char *const required[] = {
        "id", "rev", "title", "description", "indicators", "severity", "weight",
        "legal_basis", "guidance", "audience", "status", "author", "date",
    };
    static const char *const known[] = {"modified", "tags", "references", "falsepositives", "reaches"};
    int have[INS_ARRAY_LEN(required)] = {0};
    r->weight = -1;
    for (size_t i = 0; i < r->nmeta; i++) {
        ins_meta *m = &r->meta[i];
        int k = -1;
        for (size_t j = 0; j < INS_ARRAY_LEN(required); j++)
            if (!strcmp(m->key, required[j])) k = (int)j;
        int is_known = k >= 0;
        for (size_t j = 0; j < INS_ARRAY_LEN(known); j++)
            if (!strcmp(m->key, known[j])) is_known = 1;
        if (!is_known) {
            warn(c, m->line, m->col, strlen(m->key), _("unknown meta key '%s' (kept, not used)"), m->key);
            continue;
        }
        if (k >= 0) {
            if (have[k]) { err(c, m->value, _("meta '%s' given twice"), m->key); continue; }
            have[k] = 1;
        }
        const char *s;
        if (!strcmp(m->key, "id")) {
            if ((s = meta_str(c, m))) r->id = insUStrdup(s);
        } else if (!strcmp(m->key, "rev")) {
            if (m->value->k != N_NUM || m->value->num < 1 || m->value->num != (int)m->value->num)
                err(c, m->value, "%s", _("meta 'rev' must be a whole number, 1 or more"));
            else r->rev = (int)m->value->num;
        } else if (!strcmp(m->key, "title")) {
            if ((s = meta_str(c, m))) r->title = insUStrdup(s);
        } else if (!strcmp(m->key, "description")) {
            if ((s = meta_str(c, m))) r->description = insUStrdup(s);
        } else if (!strcmp(m->key, "legal_basis")) {
            if ((s = meta_str(c, m))) r->legal_basis = insUStrdup(s);
        } else if (!strcmp(m->key, "guidance")) {
            if ((s = meta_str(c, m))) r->guidance = insUStrdup(s);
        } else if (!strcmp(m->key, "author")) {
            if ((s = meta_str(c, m))) r->author = insUStrdup(s);
        } else if (!strcmp(m->key, "severity")) {
            if ((s = meta_str(c, m))) {
                if (strcmp(s, "informational") && strcmp(s, "low") && strcmp(s, "medium") &&
                    strcmp(s, "high") && strcmp(s, "critical"))
                    err(c, m->value, _("severity '%s' must be informational, low, medium, high or critical"), s);
                else r->severity = insUStrdup(s);
            }
        } else if (!strcmp(m->key, "status")) {
            if ((s = meta_str(c, m))) {
                if (strcmp(s, "experimental") && strcmp(s, "stable") && strcmp(s, "deprecated"))
                    err(c, m->value, _("status '%s' must be experimental, stable or deprecated"), s);
                else r->status = insUStrdup(s);
            }
        } else if (!strcmp(m->key, "weight")) {
            if (m->value->k != N_NUM || !(m->value->num > 0 && m->value->num < 1))
                err(c, m->value, "%s", _("meta 'weight' must be a number strictly between 0 and 1"));
            else r->weight = m->value->num;
        } else if (!strcmp(m->key, "date")) {
            if (m->value->k != N_DATE) err(c, m->value, "%s", _("meta 'date' must be a date like 2026-11-28"));
            else {
                char d[11];
                insDateFormat(m->value->date, d);
                r->date = insUStrdup(d);
                r->date_days = m->value->date;
            }
        } else if (!strcmp(m->key, "modified")) {
            if (m->value->k != N_DATE) err(c, m->value, "%s", _("meta 'modified' must be a date like 2026-11-28"));
        } else if (!strcmp(m->key, "indicators")) {
            free(r->indicators);
            r->indicators = meta_list(c, m, ",", ok_indicator);
        } else if (!strcmp(m->key, "audience")) {
            free(r->audience);
            r->audience = meta_list(c, m, ",", ok_audience);
        } else if (!strcmp(m->key, "falsepositives")) {
            free(r->falsepositives);
            r->falsepositives = meta_list(c, m, "; ", NULL);
        } else if (!strcmp(m->key, "tags")) {
            free(r->tags);
            r->tags = meta_list(c, m, ",", NULL);
        } else if (!strcmp(m->key, "reaches")) {
            if ((s = meta_str(c, m))) {
                if (strcmp(s, "shipper") && strcmp(s, "recipient") && strcmp(s, "both"))
                    err(c, m->value, _("reaches '%s' must be shipper, recipient or both"), s);
                else r->reaches = insUStrdup(s);
            }
        } else if (!strcmp(m->key, "references")) {
            char *x = meta_list(c, m, " ", NULL);
            free(x);
        }
    }
    /* After a syntax error the rule is incomplete: missing keys would only
     * repeat that error. */
    if (r->errors) return;
    ins_buf missing;
    insBufInit(&missing);
    for (size_t j = 0; j < INS_ARRAY_LEN(required); j++)
        if (!have[j]) insBufPrintf(&missing, "%s%s", missing.len ? ", " : "", required[j]);
    if (missing.len) {
        ins_node at;
        memset(&at, 0, sizeof at);
        at.line = r->line;
        at.col = r->col;
        at.len = 4;
        err(c, &at, _("rule '%s' lacks required meta key(s): %s"), r->name, insBufStr(&missing));
    }
    insBufFree(&missing);
}

/* ---- evidence templates --------------------------------------------------- */

/*
** Places every node of a placeholder expression at the start of the
** evidence text: positions inside a placeholder cannot be mapped back
** exactly once line breaks in the string have been folded.
*/
static void place_at(ins_node *n, int line, int col)
{
    if (!n) return;
    n->line = line;
    n->col = col;
    n->len = 1;
    place_at(n->a, line, col);
    place_at(n->b, line, col);
    place_at(n->c, line, col);
    for (size_t i = 0; i < n->nargs; i++) place_at(n->args[i], line, col);
}

/*
** Makes room for one more placeholder in the three parallel arrays of R's
** evidence (expression, start, end).  They share the capacity r->capev:
** each grows from the same capacity to the same need, so they stay equal;
** after a failure r->capev keeps the smallest, which is safe.  0 when out
** of memory.
*/
static int ev_reserve(ins_rule *r)
{
    size_t c1 = r->capev, c2 = r->capev, c3 = r->capev;
    ins_node **v = insUGrow(r->ev_parts, &c1, r->nev + 1, sizeof *v);
    if (!v) return 0;
    r->ev_parts = v;
    size_t *s1 = insUGrow(r->ev_starts, &c2, r->nev + 1, sizeof *s1);
    if (!s1) return 0;
    r->ev_starts = s1;
    size_t *s2 = insUGrow(r->ev_ends, &c3, r->nev + 1, sizeof *s2);
    if (!s2) return 0;
    r->ev_ends = s2;
    r->capev = c1;
    return 1;
}

/*
** Compiles R's evidence template: each {expression} is parsed and checked
** like a condition on the subject, {documents} names the documents behind
** the hit, and `\{` is a literal brace.  The parts and their spans in the
** template are stored for insEvalRule.
*/
static void compile_evidence(checker *c, ins_rule *r)
{
    const char *t = r->evidence;
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '\\' && i + 1 < n) { i++; continue; }
        if (t[i] != '{') continue;
        size_t j = i + 1;
        int depth = 1;
        int in_str = 0;
        while (j < n && depth) {
            if (t[j] == '"') in_str = !in_str;
            else if (!in_str && t[j] == '{') depth++;
            else if (!in_str && t[j] == '}') depth--;
            if (depth) j++;
        }
        ins_node at;
        memset(&at, 0, sizeof at);
        at.line = r->ev_line;
        at.col = r->ev_col + 1 + (int)i;
        at.len = 1;
        if (j >= n) { err(c, &at, "%s", _("'{' in the evidence text is not closed with '}'")); return; }
        /* {documents}: the numbers of the documents behind the hit */
        if (j - i - 1 == 9 && !memcmp(t + i + 1, "documents", 9)) {
            if (!ev_reserve(r)) return;
            r->ev_parts[r->nev] = NULL;
            r->ev_starts[r->nev] = i;
            r->ev_ends[r->nev] = j + 1;
            r->nev++;
            i = j;
            continue;
        }
        ins_src sub;
        memset(&sub, 0, sizeof sub);
        sub.path = c->src->path;
        sub.text = insUStrndup(t + i + 1, j - i - 1);
        sub.len = j - i - 1;
        size_t one = 0;
        sub.line_off = &one;
        sub.nlines = 1;
        ins_parse_out po;
        memset(&po, 0, sizeof po);
        /* The placeholder is parsed as the condition of a one-rule file
         * wrapped around it, with diagnostics of its own: a mistake in it
         * is reported once, below, at the evidence text. */
        ins_diags local;
        memset(&local, 0, sizeof local);
        ins_buf wrap;
        insBufInit(&wrap);
        insBufPrintf(&wrap, "rule _ {\ncondition: %s\n}", sub.text);
        ins_src w;
        memset(&w, 0, sizeof w);
        w.path = c->src->path;
        w.text = insBufDetach(&wrap);
        w.len = strlen(w.text);
        size_t offs[3] = {0, 0, 0};
        w.line_off = offs;
        w.nlines = 1;
        insParseFile(&w, &local, &po);
        ins_node *e = NULL;
        if (local.errors == 0 && po.nrules == 1 && po.rules[0]->condition) {
            e = po.rules[0]->condition;
            po.rules[0]->condition = NULL;
        } else {
            err(c, &at, _("cannot read the expression in the evidence placeholder {%s}"), sub.text);
        }
        for (size_t k = 0; k < po.nrules; k++) insRuleFree(po.rules[k]);
        free(po.rules);
        for (size_t k = 0; k < po.nlists; k++) { free(po.lists[k].name); free(po.lists[k].path); }
        free(po.lists);
        insDiagsFree(&local);
        free(w.text);
        free(sub.text);
        if (e) {
            place_at(e, r->ev_line, r->ev_col);
            check(c, e);
            if (!ev_reserve(r)) { insNodeFree(e); return; }
            r->ev_parts[r->nev] = e;
            r->ev_starts[r->nev] = i;
            r->ev_ends[r->nev] = j + 1;
            r->nev++;
        }
        i = j;
    }
}

/* ---- test literals ------------------------------------------------------------ */

/*
** Checks a test literal OBJ as a record of type RT: known attribute
** names, literal values of the attribute's type (null allowed), relations
** as lists of records checked in turn.
*/
static void check_object(checker *c, ins_node *obj, const ins_rtype *rt)
{
    for (size_t i = 0; i < obj->nargs; i++) {
        const char *key = obj->keys ? obj->keys[i] : NULL;
        ins_node *v = obj->args[i];
        int fi = key ? insSchemaField(rt, key) : -1;
        if (fi < 0) {
            const char *sug = key ? insSchemaSuggest(rt, key) : NULL;
            if (sug) err(c, v, _("unknown attribute '%s' of %s in test; did you mean '%s'?"), key, rt->label, sug);
            else err(c, v, _("unknown attribute '%s' of %s in test"), key ? key : "?", rt->label);
            continue;
        }
        const ins_field *f = &rt->fields[fi];
        if (f->type == VT_REL) {
            if (v->k != N_LIST) { err(c, v, _("'%s' is a relation: give a list of { ... } records"), key); continue; }
            const ins_rtype *sub = insSchemaType(f->rel);
            for (size_t k = 0; k < v->nargs; k++) {
                if (v->args[k]->k != N_OBJECT) err(c, v->args[k], "%s", _("expected a { ... } record"));
                else check_object(c, v->args[k], sub);
            }
            continue;
        }
        ins_vtype vt = v->k == N_STR ? VT_STR : v->k == N_NUM ? VT_NUM : v->k == N_DATE ? VT_DATE
                     : v->k == N_BOOL ? VT_BOOL : v->k == N_NULL ? VT_NULL : VT_ANY;
        if (v->k == N_NEG && v->a && v->a->k == N_NUM) vt = VT_NUM;
        if (vt == VT_ANY) err(c, v, _("test values must be literals (text, number, date, true/false, null), '%s' is not"), key);
        else if (vt != VT_NULL && vt != f->type)
            err(c, v, _("'%s' is a %s, but the test gives a %s"), key, type_name(f->type), type_name(vt));
    }
}

/*
** Resolves and type-checks parsed rule R against the schema and the named
** LISTS (may be NULL), compiles it (see the file comment) and reports
** through D; sets r->errors when R must not be evaluated.  Also warns about
** rules without evidence text or without both a matching and a
** non-matching test.  After syntax errors it reports only what the syntax
** errors cannot explain.
*/
void insCheckRule(ins_rule *r, const ins_listset *lists, ins_diags *d)
{
    checker c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.lists = lists;
    c.d = d;
    c.src = r->src;
    int syntax_errors = r->errors;
    decode_meta(&c, r);
    if (!r->subject_name) {
        if (syntax_errors) return;
        ins_node at;
        memset(&at, 0, sizeof at);
        at.line = r->line; at.col = r->col; at.len = 4;
        err(&c, &at, _("rule '%s' has no subject: (firm, establishment, leg, carrier, vehicle, declaration)"), r->name);
        return;
    }
    r->subject = insSchemaType(r->subject_name);
    if (r->reaches && r->subject && strcmp(r->subject_name, "leg"))
        warn(&c, r->subject_line, r->subject_col, strlen(r->subject_name),
             _("meta 'reaches' only matters for rules on legs"));
    if (!r->subject || !r->subject->is_subject) {
        ins_node at;
        memset(&at, 0, sizeof at);
        at.line = r->subject_line; at.col = r->subject_col; at.len = strlen(r->subject_name);
        r->subject = NULL;
        err(&c, &at, _("unknown subject '%s' (firm, establishment, leg, carrier, vehicle, declaration)"),
            r->subject_name);
        return;
    }
    c.sc[0].rt = r->subject;
    c.nsc = 1;
    if (!r->condition) {
        ins_node at;
        memset(&at, 0, sizeof at);
        at.line = r->line; at.col = r->col; at.len = 4;
        if (!r->errors) err(&c, &at, _("rule '%s' has no condition:"), r->name);
    } else {
        check_bool(&c, r->condition, "the condition");
    }
    if (r->strength) {
        ins_vtype t = check(&c, r->strength);
        if (t != VT_NUM && t != VT_ANY) err(&c, r->strength, "%s", _("strength must be a number between 0 and 1"));
    }
    if (syntax_errors) return;
    if (!r->evidence) {
        warn(&c, r->line, r->col, 4, _("rule '%s' has no evidence: text; hits will only name the rule"), r->name);
    } else {
        compile_evidence(&c, r);
    }
    int nm = 0, nn = 0;
    for (size_t i = 0; i < r->ntests; i++) {
        check_object(&c, r->tests[i].subject, r->subject);
        if (r->tests[i].must_match) nm++; else nn++;
    }
    if (!nm || !nn)
        warn(&c, r->line, r->col, 4, _("rule '%s' needs at least one 'test match' and one 'test nomatch'"),
             r->name);
}

/*
** Resolves and type-checks EXPR as a condition on subjects of type RT (for
** risk queries: the same compiler as rules).  Returns the number of errors.
*/
int insCheckCondition(ins_node *expr, const ins_rtype *rt, const ins_listset *lists, ins_diags *d,
                      const ins_src *src)
{
    ins_rule r;
    memset(&r, 0, sizeof r);
    r.src = src;
    r.line = 1;
    r.col = 1;
    r.name = (char *)"query";
    checker c;
    memset(&c, 0, sizeof c);
    c.r = &r;
    c.lists = lists;
    c.d = d;
    c.src = src;
    c.sc[0].rt = rt;
    c.nsc = 1;
    int before = d->errors;
    check_bool(&c, expr, "the query");
    return d->errors - before;
}

/*
** Marks in NEED what N reads of the subject's relations, walking under the
** quantifiers and aggregates that bind their records: BOUND[k] is the
** relation (a field of the subject type) bound at depth k + 1, NSCOPE how
** many are bound.  A quantifier or an aggregate marks its relation read
** (INS_NEED_REL); an aggregate's attribute, and a name resolved to a
** bound record, mark that field of the relation's records.  Walks the
** tree the checker accepted, so its depth is bounded as the checker's is
** (INS_MAX_RULE_EXPR_DEPTH) and the bindings by INS_MAX_QUANT_NESTING.
*/
static void node_needs(const ins_node *n, uint64_t *need, int *bound, int nscope)
{
    if (!n) return;
    if (n->k == N_FIELD && n->depth >= 1 && n->depth <= nscope) {
        assert(n->col_index >= 0 && n->col_index < INS_NEED_MAX_FIELDS);
        need[bound[n->depth - 1]] |= (uint64_t)1 << n->col_index;
    }
    if ((n->k == N_QUANT || n->k == N_AGG) && n->rtype) {
        need[n->col_index] |= INS_NEED_REL;
        if (n->k == N_AGG && n->field_index >= 0) {
            assert(n->field_index < INS_NEED_MAX_FIELDS);
            need[n->col_index] |= (uint64_t)1 << n->field_index;
        }
        /* the `where` condition reads the bound record */
        assert(nscope < INS_MAX_QUANT_NESTING);
        bound[nscope] = n->col_index;
        node_needs(n->a, need, bound, nscope + 1);
        node_needs(n->b, need, bound, nscope);
        node_needs(n->c, need, bound, nscope);
    } else {
        node_needs(n->a, need, bound, nscope);
        node_needs(n->b, need, bound, nscope);
        node_needs(n->c, need, bound, nscope);
    }
    for (size_t i = 0; i < n->nargs; i++) node_needs(n->args[i], need, bound, nscope);
}

/*
** Marks in NEED (one word per field of the subject type) the relations a
** checked expression N reads, and which fields of their records: only
** those are loaded into a frame.
*/
void insNodeNeeds(const ins_node *n, uint64_t *need)
{
    int bound[INS_MAX_QUANT_NESTING + 1];
    node_needs(n, need, bound, 0);
}

/*
** The longest window, in days, of the `within` tests under N whose duration
** is a literal (`within 365 days`); 0 when there is none.  Rules look back
** that far from the evaluation date, so data older than the longest window
** of a rule set cannot make it fire.
*/
static double node_max_window(const ins_node *n)
{
    if (!n) return 0;
    double w = 0;
    if (n->k == N_WITHIN && n->b && n->b->k == N_DURATION) w = n->b->num;
    const ins_node *kids[] = {n->a, n->b, n->c};
    for (size_t i = 0; i < INS_ARRAY_LEN(kids); i++) {
        double k = node_max_window(kids[i]);
        if (k > w) w = k;
    }
    for (size_t i = 0; i < n->nargs; i++) {
        double k = node_max_window(n->args[i]);
        if (k > w) w = k;
    }
    return w;
}

/* The longest `within` window of rule R's condition, in days (0: none). */
int insRuleMaxWindow(const ins_rule *r)
{
    double w = node_max_window(r->condition);
    return w > 0 && w < INT32_MAX ? (int)w : 0;
}

/* What rule R reads of relations: its condition, strength and evidence. */
void insRuleNeeds(const ins_rule *r, uint64_t *need)
{
    insNodeNeeds(r->condition, need);
    insNodeNeeds(r->strength, need);
    for (size_t i = 0; i < r->nev; i++) insNodeNeeds(r->ev_parts[i], need);
}
