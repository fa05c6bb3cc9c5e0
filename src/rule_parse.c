/*
** rule_parse.c: a hand-written recursive-descent parser for rule files.
**
** It reports an error and keeps going: after a syntax error it skips to
** the next section of the rule (meta:, subject:, condition:, strength:,
** evidence:, test) or the next rule, so one run shows every mistake in a
** file instead of the first.
*/
#include "rule.h"

#include <stdlib.h>
#include <string.h>

typedef struct parser {
    ins_lexer lx;
    ins_token cur, nxt;
    ins_diags *d;
    const ins_src *src;
    int failed;   /* an error in the current section; skip to resync */
    int depth;    /* expression nesting, at most INS_MAX_RULE_EXPR_DEPTH */
} parser;

/*
** Advances one token: the lookahead becomes the current token and the
** lexer reads a new lookahead.  The parser needs two tokens to tell
** `x in REL` from a relation name and a section name from an attribute.
*/
static void next(parser *p)
{
    insTokenFree(&p->cur);
    p->cur = p->nxt;
    insLexNext(&p->lx, &p->nxt);
}

/*
** Reports a syntax error at token T (FMT with one string argument ARG) and
** marks the current section failed, so that later errors in the same
** section, which would only echo this one, are not reported until resync.
** A lexer error token reports its own message instead.
*/
static void perr(parser *p, const ins_token *t, const char *fmt, const char *arg)
    __attribute__((format(printf, 3, 0)));
static void perr(parser *p, const ins_token *t, const char *fmt, const char *arg)
{
    if (p->failed) return;
    p->failed = 1;
    if (t->k == TK_ERROR) {
        insDiag(p->d, 1, p->src, t->line, t->col, t->len, "%s", t->str ? t->str : "?");
        return;
    }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    ins_buf m;
    insBufInit(&m);
    insBufPrintf(&m, fmt, arg ? arg : "");
#pragma GCC diagnostic pop
    insDiag(p->d, 1, p->src, t->line, t->col, t->len, "%s", insBufStr(&m));
    insBufFree(&m);
}

/*
** How a token is named in messages ("a string", "')'", or an identifier's
** own text), in the user's language.
*/
static const char *tok_desc(const ins_token *t)
{
    switch (t->k) {
    case TK_EOF: return _("end of file");
    case TK_IDENT: return t->str;
    case TK_STRING: return _("a string");
    case TK_NUMBER: return _("a number");
    case TK_DATE: return _("a date");
    case TK_REGEX: return _("a regular expression");
    case TK_VAR: return _("a list name");
    case TK_LBRACE: return "'{'";
    case TK_RBRACE: return "'}'";
    case TK_LBRACK: return "'['";
    case TK_RBRACK: return "']'";
    case TK_LPAREN: return "'('";
    case TK_RPAREN: return "')'";
    case TK_COMMA: return "','";
    case TK_COLON: return "':'";
    case TK_DOT: return "'.'";
    case TK_ASSIGN: return "'='";
    case TK_EQ: return "'=='";
    case TK_NE: return "'!='";
    case TK_LT: return "'<'";
    case TK_LE: return "'<='";
    case TK_GT: return "'>'";
    case TK_GE: return "'>='";
    case TK_PLUS: return "'+'";
    case TK_MINUS: return "'-'";
    case TK_STAR: return "'*'";
    case TK_SLASH: return "'/'";
    default: return _("an invalid token");
    }
}

/*
** 1 when T is the identifier W.  Keywords are ordinary identifiers to the
** lexer; the parser recognises them by place.
*/
static int is_word(const ins_token *t, const char *w)
{
    return t->k == TK_IDENT && !strcmp(t->str, w);
}

/*
** Consumes a token of kind K, or reports "expected WHAT, found ..." and
** returns 0 without consuming.
*/
static int expect(parser *p, ins_tok k, const char *what)
{
    if (p->cur.k == k) { next(p); return 1; }
    ins_buf m;
    insBufInit(&m);
    insBufPrintf(&m, _("expected %s, found %s"), what, tok_desc(&p->cur));
    perr(p, &p->cur, "%s", insBufStr(&m));
    insBufFree(&m);
    return 0;
}

/*
** Allocates an AST node of kind K placed at token AT (line, column and
** span for diagnostics; AT may be NULL).  Column indices start unresolved
** (-1).  NULL when out of memory.
*/
ins_node *insNodeNew(ins_nkind k, const ins_token *at)
{
    ins_node *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->k = k;
    n->col_index = -1;
    n->field_index = -1;
    if (at) {
        n->line = at->line;
        n->col = at->col;
        n->len = at->len;
    }
    return n;
}

/*
** Frees node N and everything it owns: operands, arguments and keys,
** strings, a literal list's storage and a compiled regex.  NULL is fine.
*/
void insNodeFree(ins_node *n)
{
    if (!n) return;
    insNodeFree(n->a);
    insNodeFree(n->b);
    insNodeFree(n->c);
    for (size_t i = 0; i < n->nargs; i++) insNodeFree(n->args[i]);
    free(n->args);
    if (n->keys) for (size_t i = 0; i < n->nargs; i++) free(n->keys[i]);
    free(n->keys);
    free(n->str);
    free(n->str2);
    free(n->field);
    if (n->owned_list) {
        free(n->owned_list->v);
        free(n->owned_list);
    }
    if (n->re) pcre2_code_free(n->re);
    free(n);
}

/*
** Appends argument A (and, for objects, its KEY, parallel to the
** arguments) to node N, taking ownership on success.  0 when out of memory
** (then A and KEY are still the caller's).
*/
static int push_arg(ins_node *n, ins_node *a, char *key)
{
    ins_node **v = insUGrow(n->args, &n->capargs, n->nargs + 1, sizeof *v);
    if (!v) return 0;
    n->args = v;
    if (key || n->keys) {
        char **k = insUGrow(n->keys, &n->capkeys, n->nargs + 1, sizeof *k);
        if (!k) return 0;
        n->keys = k;
        n->keys[n->nargs] = key;
    }
    n->args[n->nargs++] = a;
    return 1;
}

/* Extends N's span to end where token T ends. */
static void span_to(ins_node *n, const ins_token *t, size_t start_off, const ins_src *src)
{
    (void)src;
    if (t->off + t->len > start_off) n->len = t->off + t->len - start_off;
}

static ins_node *parse_expr(parser *p);

static const char *const reserved[] = {
    "and", "or", "not", "in", "where", "within", "startswith", "endswith", "contains", "matches",
    "if", "then", "else",
};

/*
** 1 when W is a keyword that cannot start a value (so `x and` reports a
** missing operand instead of reading `and` as a name).
*/
static int is_reserved(const char *w)
{
    for (size_t i = 0; i < INS_ARRAY_LEN(reserved); i++)
        if (!strcmp(w, reserved[i])) return 1;
    return 0;
}

/*
** Days in the duration unit W (day, week, month = 30, year = 365, singular
** or plural); 0 when W is no unit.
*/
static int duration_unit(const char *w)
{
    if (!strcmp(w, "day") || !strcmp(w, "days")) return 1;
    if (!strcmp(w, "week") || !strcmp(w, "weeks")) return 7;
    if (!strcmp(w, "month") || !strcmp(w, "months")) return 30;
    if (!strcmp(w, "year") || !strcmp(w, "years")) return 365;
    return 0;
}

/* [ e, e, ... ] */
static ins_node *parse_list(parser *p)
{
    ins_node *n = insNodeNew(N_LIST, &p->cur);
    next(p);
    while (p->cur.k != TK_RBRACK && p->cur.k != TK_EOF && !p->failed) {
        ins_node *e = parse_expr(p);
        if (!e || !push_arg(n, e, NULL)) { insNodeFree(e); break; }
        if (p->cur.k == TK_COMMA) next(p);
        else break;
    }
    if (!expect(p, TK_RBRACK, "']'")) { insNodeFree(n); return NULL; }
    return n;
}

/* { key: value, ... } (commas optional) */
static ins_node *parse_object(parser *p)
{
    ins_node *n = insNodeNew(N_OBJECT, &p->cur);
    next(p);
    while (p->cur.k != TK_RBRACE && p->cur.k != TK_EOF && !p->failed) {
        if (p->cur.k != TK_IDENT && p->cur.k != TK_STRING) {
            perr(p, &p->cur, _("expected an attribute name, found %s"), tok_desc(&p->cur));
            break;
        }
        char *key = insUStrdup(p->cur.str);
        next(p);
        if (!expect(p, TK_COLON, "':'")) { free(key); break; }
        ins_node *v = parse_expr(p);
        if (!v) { free(key); break; }
        /* messages about this entry point at the value node */
        if (!push_arg(n, v, key)) { free(key); insNodeFree(v); break; }
        if (p->cur.k == TK_COMMA) next(p);
    }
    if (!expect(p, TK_RBRACE, "'}'")) { insNodeFree(n); return NULL; }
    return n;
}

/* any|all|none [x in] REL [where COND] */
static ins_node *parse_quant(parser *p, int op)
{
    ins_node *n = insNodeNew(N_QUANT, &p->cur);
    n->op = op;
    next(p);
    if (p->cur.k == TK_IDENT && is_word(&p->nxt, "in")) {
        n->str = insUStrdup(p->cur.str);
        next(p);
        next(p);
    }
    if (p->cur.k != TK_IDENT) {
        perr(p, &p->cur, _("expected a relation name after the quantifier, found %s"), tok_desc(&p->cur));
        insNodeFree(n);
        return NULL;
    }
    n->str2 = insUStrdup(p->cur.str);
    n->line = p->cur.line;
    n->col = p->cur.col;
    n->len = p->cur.len;
    next(p);
    if (is_word(&p->cur, "where")) {
        next(p);
        n->a = parse_expr(p);
        if (!n->a) { insNodeFree(n); return NULL; }
    }
    return n;
}

/* count(REL [where C]) / sum(REL.FIELD [where C]) ... ; min/max(a, b) */
static ins_node *parse_call(parser *p)
{
    static const struct { const char *name; int agg; int fn; } fns[] = {
        {"count", A_COUNT, -1}, {"sum", A_SUM, -1}, {"avg", A_AVG, -1},
        {"min", A_MIN, F_MIN}, {"max", A_MAX, F_MAX}, {"distinct", A_DISTINCT, -1},
        {"abs", -1, F_ABS}, {"lower", -1, F_LOWER}, {"upper", -1, F_UPPER},
        {"length", -1, F_LENGTH}, {"days", -1, F_DAYS},
    };
    int idx = -1;
    for (size_t i = 0; i < INS_ARRAY_LEN(fns); i++)
        if (!strcmp(p->cur.str, fns[i].name)) idx = (int)i;
    ins_token at = p->cur;
    at.str = NULL;
    at.flags = NULL;
    if (idx < 0) {
        perr(p, &p->cur, _("unknown function '%s'"), p->cur.str);
        return NULL;
    }
    next(p); /* name */
    next(p); /* ( */
    /* aggregate form: [x in] IDENT [. IDENT] [where ...] ) */
    int agg_form = 0;
    if (fns[idx].agg >= 0 && p->cur.k == TK_IDENT && !is_reserved(p->cur.str)) {
        if (p->nxt.k == TK_DOT || p->nxt.k == TK_RPAREN || is_word(&p->nxt, "where") ||
            is_word(&p->nxt, "in"))
            agg_form = 1;
        if (fns[idx].fn >= 0 && p->nxt.k == TK_RPAREN) agg_form = 1;
    }
    if (fns[idx].fn < 0 && fns[idx].agg >= 0) agg_form = 1;
    if (agg_form) {
        ins_node *n = insNodeNew(N_AGG, &at);
        n->op = fns[idx].agg;
        if (p->cur.k == TK_IDENT && is_word(&p->nxt, "in")) {
            n->str = insUStrdup(p->cur.str);
            next(p);
            next(p);
        }
        if (p->cur.k != TK_IDENT) {
            perr(p, &p->cur, _("expected a relation name, found %s"), tok_desc(&p->cur));
            insNodeFree(n);
            return NULL;
        }
        n->str2 = insUStrdup(p->cur.str);
        next(p);
        if (p->cur.k == TK_DOT) {
            next(p);
            if (p->cur.k != TK_IDENT) {
                perr(p, &p->cur, _("expected an attribute name after '.', found %s"), tok_desc(&p->cur));
                insNodeFree(n);
                return NULL;
            }
            n->field = insUStrdup(p->cur.str);
            next(p);
        }
        if (is_word(&p->cur, "where")) {
            next(p);
            n->a = parse_expr(p);
            if (!n->a) { insNodeFree(n); return NULL; }
        }
        span_to(n, &p->cur, at.off, p->src);
        if (!expect(p, TK_RPAREN, "')'")) { insNodeFree(n); return NULL; }
        return n;
    }
    ins_node *n = insNodeNew(N_CALL, &at);
    n->op = fns[idx].fn;
    while (p->cur.k != TK_RPAREN && p->cur.k != TK_EOF && !p->failed) {
        ins_node *e = parse_expr(p);
        if (!e || !push_arg(n, e, NULL)) { insNodeFree(e); break; }
        if (p->cur.k == TK_COMMA) next(p);
        else break;
    }
    span_to(n, &p->cur, at.off, p->src);
    if (!expect(p, TK_RPAREN, "')'")) { insNodeFree(n); return NULL; }
    return n;
}

/*
** primary: number [unit] | string | date | $list | [list] | {object} |
** ( expr ) | true | false | null | as_of | if expr then expr else expr |
** any/all/none ... | function(...) | name[.name].  Returns NULL after
** reporting an error.
*/
static ins_node *parse_primary(parser *p)
{
    ins_token *t = &p->cur;
    ins_node *n = NULL;
    switch (t->k) {
    case TK_NUMBER: {
        double v = t->num;
        if (p->nxt.k == TK_IDENT && duration_unit(p->nxt.str)) {
            n = insNodeNew(N_DURATION, t);
            n->num = v * duration_unit(p->nxt.str);
            size_t start = t->off;
            next(p);
            span_to(n, &p->cur, start, p->src);
            next(p);
            return n;
        }
        n = insNodeNew(N_NUM, t);
        n->num = v;
        next(p);
        return n;
    }
    case TK_STRING:
        n = insNodeNew(N_STR, t);
        n->str = t->str;
        t->str = NULL;
        next(p);
        return n;
    case TK_DATE:
        n = insNodeNew(N_DATE, t);
        if (!insDateParse(t->str, strlen(t->str), &n->date)) {
            perr(p, t, _("invalid date '%s'"), t->str);
            insNodeFree(n);
            return NULL;
        }
        next(p);
        return n;
    case TK_VAR:
        n = insNodeNew(N_VAR, t);
        n->str = t->str;
        t->str = NULL;
        next(p);
        return n;
    case TK_LBRACK: return parse_list(p);
    case TK_LBRACE: return parse_object(p);
    case TK_LPAREN: {
        next(p);
        n = parse_expr(p);
        if (!n) return NULL;
        if (!expect(p, TK_RPAREN, "')'")) { insNodeFree(n); return NULL; }
        return n;
    }
    case TK_IDENT: {
        const char *w = t->str;
        if (!strcmp(w, "true") || !strcmp(w, "false")) {
            n = insNodeNew(N_BOOL, t);
            n->num = w[0] == 't';
            next(p);
            return n;
        }
        if (!strcmp(w, "null")) { n = insNodeNew(N_NULL, t); next(p); return n; }
        if (!strcmp(w, "as_of")) { n = insNodeNew(N_ASOF, t); next(p); return n; }
        if (!strcmp(w, "if")) {
            /* if COND then A else B */
            n = insNodeNew(N_IF, t);
            next(p);
            if (!(n->a = parse_expr(p))) { insNodeFree(n); return NULL; }
            if (!is_word(&p->cur, "then")) {
                perr(p, &p->cur, _("expected 'then' after the condition of 'if', found %s"), tok_desc(&p->cur));
                insNodeFree(n);
                return NULL;
            }
            next(p);
            if (!(n->b = parse_expr(p))) { insNodeFree(n); return NULL; }
            if (!is_word(&p->cur, "else")) {
                perr(p, &p->cur, _("expected 'else' in 'if ... then ... else ...', found %s"), tok_desc(&p->cur));
                insNodeFree(n);
                return NULL;
            }
            next(p);
            if (!(n->c = parse_expr(p))) { insNodeFree(n); return NULL; }
            return n;
        }
        if (!strcmp(w, "any")) return parse_quant(p, Q_ANY);
        if (!strcmp(w, "all")) return parse_quant(p, Q_ALL);
        if (!strcmp(w, "none")) return parse_quant(p, Q_NONE);
        if (p->nxt.k == TK_LPAREN) return parse_call(p);
        if (is_reserved(w)) {
            perr(p, t, _("expected a value, found the keyword '%s'"), w);
            return NULL;
        }
        /* a name, possibly dotted */
        n = insNodeNew(N_NAME, t);
        size_t start = t->off;
        ins_buf path;
        insBufInit(&path);
        insBufAppendStr(&path, w);
        next(p);
        while (p->cur.k == TK_DOT) {
            next(p);
            if (p->cur.k != TK_IDENT) {
                perr(p, &p->cur, _("expected an attribute name after '.', found %s"), tok_desc(&p->cur));
                insBufFree(&path);
                insNodeFree(n);
                return NULL;
            }
            insBufPrintf(&path, ".%s", p->cur.str);
            n->len = p->cur.off + p->cur.len - start;
            next(p);
        }
        n->str = insBufDetach(&path);
        return n;
    }
    default:
        perr(p, t, _("expected a value, found %s"), tok_desc(t));
        return NULL;
    }
}

/*
** One more level of nesting: every construct that makes the tree deeper
** (a nested expression, `not`, unary minus, each operator of a chain)
** enters here, so that no later stage, all of which walk the tree
** recursively, meets a tree deeper than about twice
** INS_MAX_RULE_EXPR_DEPTH.  0, with a located error, past the bound.
*/
static int enter(parser *p)
{
    if (p->depth >= INS_MAX_RULE_EXPR_DEPTH) {
        char lim[16];
        snprintf(lim, sizeof lim, "%d", INS_MAX_RULE_EXPR_DEPTH);
        perr(p, &p->cur, _("expression nested too deeply (more than %s levels of parentheses, "
                           "operators, not or minus)"),
             lim);
        return 0;
    }
    p->depth++;
    return 1;
}

/* unary: -unary | primary. */
static ins_node *parse_unary(parser *p)
{
    if (p->cur.k == TK_MINUS) {
        if (!enter(p)) return NULL;
        ins_node *n = insNodeNew(N_NEG, &p->cur);
        next(p);
        n->a = parse_unary(p);
        p->depth--;
        if (!n->a) { insNodeFree(n); return NULL; }
        return n;
    }
    return parse_primary(p);
}

/*
** Makes node K (operator OP, placed at the operator token AT) with
** operands A and B.
*/
static ins_node *binary(ins_nkind k, int op, const ins_token *at, ins_node *a, ins_node *b)
{
    ins_node *n = insNodeNew(k, at);
    n->op = op;
    n->a = a;
    n->b = b;
    return n;
}

/* mul: unary (( * | / ) unary)*, left-associative. */
static ins_node *parse_mul(parser *p)
{
    ins_node *a = parse_unary(p);
    int chain = 0;
    while (a && (p->cur.k == TK_STAR || p->cur.k == TK_SLASH)) {
        if (!enter(p)) { insNodeFree(a); a = NULL; break; }
        chain++;
        ins_token op = p->cur;
        op.str = NULL;
        next(p);
        ins_node *b = parse_unary(p);
        if (!b) { insNodeFree(a); a = NULL; break; }
        a = binary(N_ARITH, op.k, &op, a, b);
    }
    p->depth -= chain;
    return a;
}

/* add: mul (( + | - ) mul)*, left-associative. */
static ins_node *parse_add(parser *p)
{
    ins_node *a = parse_mul(p);
    int chain = 0;
    while (a && (p->cur.k == TK_PLUS || p->cur.k == TK_MINUS)) {
        if (!enter(p)) { insNodeFree(a); a = NULL; break; }
        chain++;
        ins_token op = p->cur;
        op.str = NULL;
        next(p);
        ins_node *b = parse_mul(p);
        if (!b) { insNodeFree(a); a = NULL; break; }
        a = binary(N_ARITH, op.k, &op, a, b);
    }
    p->depth -= chain;
    return a;
}

/*
** cmp: add [op add], where op is a comparison (`=` reads as `==`), in,
** not in, startswith, endswith, contains, within, or `matches /re/`.
** Comparisons do not chain.
*/
static ins_node *parse_cmp(parser *p)
{
    ins_node *a = parse_add(p);
    if (!a) return NULL;
    ins_token op = p->cur;
    op.str = NULL;
    op.flags = NULL;
    ins_nkind k;
    int cop = 0;
    switch (p->cur.k) {
    case TK_EQ: case TK_ASSIGN: k = N_CMP; cop = TK_EQ; break;
    case TK_NE: k = N_CMP; cop = TK_NE; break;
    case TK_LT: k = N_CMP; cop = TK_LT; break;
    case TK_LE: k = N_CMP; cop = TK_LE; break;
    case TK_GT: k = N_CMP; cop = TK_GT; break;
    case TK_GE: k = N_CMP; cop = TK_GE; break;
    case TK_IDENT:
        if (is_word(&p->cur, "in")) k = N_IN;
        else if (is_word(&p->cur, "not") && is_word(&p->nxt, "in")) { k = N_NOTIN; next(p); }
        else if (is_word(&p->cur, "startswith")) k = N_STARTS;
        else if (is_word(&p->cur, "endswith")) k = N_ENDS;
        else if (is_word(&p->cur, "contains")) k = N_CONTAINS;
        else if (is_word(&p->cur, "matches")) k = N_MATCHES;
        else if (is_word(&p->cur, "within")) k = N_WITHIN;
        else return a;
        break;
    default: return a;
    }
    next(p);
    if (k == N_MATCHES) {
        if (p->cur.k != TK_REGEX) {
            perr(p, &p->cur, _("expected a regular expression /.../ after 'matches', found %s"),
                 tok_desc(&p->cur));
            insNodeFree(a);
            return NULL;
        }
        ins_node *re = insNodeNew(N_REGEX, &p->cur);
        re->str = p->cur.str;
        re->str2 = p->cur.flags;
        p->cur.str = p->cur.flags = NULL;
        next(p);
        return binary(N_MATCHES, 0, &op, a, re);
    }
    ins_node *b = parse_add(p);
    if (!b) { insNodeFree(a); return NULL; }
    return binary(k, cop, &op, a, b);
}

/* not: `not` not | cmp. */
static ins_node *parse_not(parser *p)
{
    if (is_word(&p->cur, "not")) {
        if (!enter(p)) return NULL;
        ins_node *n = insNodeNew(N_NOT, &p->cur);
        next(p);
        n->a = parse_not(p);
        p->depth--;
        if (!n->a) { insNodeFree(n); return NULL; }
        return n;
    }
    return parse_cmp(p);
}

/* and: not (`and` not)*. */
static ins_node *parse_and(parser *p)
{
    ins_node *a = parse_not(p);
    int chain = 0;
    while (a && is_word(&p->cur, "and")) {
        if (!enter(p)) { insNodeFree(a); a = NULL; break; }
        chain++;
        ins_token op = p->cur;
        op.str = NULL;
        next(p);
        ins_node *b = parse_not(p);
        if (!b) { insNodeFree(a); a = NULL; break; }
        a = binary(N_AND, 0, &op, a, b);
    }
    p->depth -= chain;
    return a;
}

/*
** expr: and (`or` and)*, the lowest precedence.  Every nested expression
** (parentheses, list elements, arguments, `where`, `if` parts) enters here;
** with `not`, minus and each operator of a chain it counts towards
** INS_MAX_RULE_EXPR_DEPTH (see enter).
*/
static ins_node *parse_expr(parser *p)
{
    if (!enter(p)) return NULL;
    ins_node *a = parse_and(p);
    int chain = 0;
    while (a && is_word(&p->cur, "or")) {
        if (!enter(p)) { insNodeFree(a); a = NULL; break; }
        chain++;
        ins_token op = p->cur;
        op.str = NULL;
        next(p);
        ins_node *b = parse_and(p);
        if (!b) { insNodeFree(a); a = NULL; break; }
        a = binary(N_OR, 0, &op, a, b);
    }
    p->depth -= chain + 1;
    return a;
}

/* ---- rules --------------------------------------------------------------- */

/*
** 1 when the current token starts a section of a rule: `meta:`,
** `subject:`, `condition:`, `strength:`, `evidence:`, or `test match` /
** `test nomatch`.
*/
static int is_section(parser *p)
{
    static const char *const secs[] = {"meta", "subject", "condition", "strength", "evidence"};
    if (p->cur.k != TK_IDENT) return 0;
    for (size_t i = 0; i < INS_ARRAY_LEN(secs); i++)
        if (!strcmp(p->cur.str, secs[i]) && p->nxt.k == TK_COLON) return 1;
    if (!strcmp(p->cur.str, "test") && (is_word(&p->nxt, "match") || is_word(&p->nxt, "nomatch")))
        return 1;
    return 0;
}

/* Skips to the next section, the end of the rule, or the next rule. */
static void resync(parser *p)
{
    int depth = 0;
    while (p->cur.k != TK_EOF) {
        if (depth == 0 && is_section(p)) break;
        if (depth == 0 && p->cur.k == TK_IDENT && (!strcmp(p->cur.str, "rule") ||
                                                    !strcmp(p->cur.str, "list")) &&
            p->nxt.k == TK_IDENT && p->cur.col == 1)
            break;
        if (p->cur.k == TK_LBRACE || p->cur.k == TK_LBRACK || p->cur.k == TK_LPAREN) depth++;
        if (p->cur.k == TK_RBRACE || p->cur.k == TK_RBRACK || p->cur.k == TK_RPAREN) {
            if (depth == 0 && p->cur.k == TK_RBRACE) break;
            depth--;
        }
        next(p);
    }
    p->failed = 0;
}

/*
** Appends KEY = V (placed at AT) to R's metadata, taking ownership of
** both; frees them when out of memory.  The checker decodes them.
*/
static void add_meta(ins_rule *r, char *key, ins_node *v, const ins_token *at)
{
    ins_meta *m = insUGrow(r->meta, &r->capmeta, r->nmeta + 1, sizeof *m);
    if (!m) { free(key); insNodeFree(v); return; }
    r->meta = m;
    r->meta[r->nmeta].key = key;
    r->meta[r->nmeta].value = v;
    r->meta[r->nmeta].line = at->line;
    r->meta[r->nmeta].col = at->col;
    r->nmeta++;
}

/*
** meta: (key = expr)* up to the next section or the closing brace.  The
** values are kept as expressions; their types are checked later.
*/
static void parse_meta(parser *p, ins_rule *r)
{
    while (p->cur.k == TK_IDENT && !is_section(p) && !p->failed) {
        ins_token kt = p->cur;
        char *key = insUStrdup(p->cur.str);
        next(p);
        if (!expect(p, TK_ASSIGN, "'=' after a meta key")) { free(key); return; }
        if (is_section(p) || p->cur.k == TK_RBRACE) {
            perr(p, &p->cur, _("meta '%s' has no value"), key);
            free(key);
            return;
        }
        ins_node *v = parse_expr(p);
        if (!v) { free(key); return; }
        kt.str = NULL;
        add_meta(r, key, v, &kt);
    }
    if (!p->failed && p->cur.k != TK_RBRACE && !is_section(p))
        perr(p, &p->cur, _("expected 'key = value' in meta:, found %s"), tok_desc(&p->cur));
}

/*
** test match|nomatch "name" [as_of DATE]: { subject literal }.  Appends
** the test to R; on an error reports it and keeps nothing.
*/
static void parse_test(parser *p, ins_rule *r)
{
    ins_rule_test t;
    memset(&t, 0, sizeof t);
    t.line = p->cur.line;
    next(p); /* test */
    t.must_match = is_word(&p->cur, "match");
    next(p);
    if (p->cur.k != TK_STRING) {
        perr(p, &p->cur, _("expected the test's name as a string, found %s"), tok_desc(&p->cur));
        return;
    }
    t.name = p->cur.str;
    p->cur.str = NULL;
    next(p);
    if (is_word(&p->cur, "as_of")) {
        next(p);
        if (p->cur.k != TK_DATE || !insDateParse(p->cur.str, strlen(p->cur.str), &t.as_of)) {
            perr(p, &p->cur, _("expected a date after as_of, found %s"), tok_desc(&p->cur));
            free(t.name);
            return;
        }
        t.has_as_of = 1;
        next(p);
    }
    if (!expect(p, TK_COLON, "':'")) { free(t.name); return; }
    if (p->cur.k != TK_LBRACE) {
        perr(p, &p->cur, _("expected a subject literal { ... }, found %s"), tok_desc(&p->cur));
        free(t.name);
        return;
    }
    t.subject = parse_object(p);
    if (!t.subject) { free(t.name); return; }
    ins_rule_test *v = insUGrow(r->tests, &r->captests, r->ntests + 1, sizeof *v);
    if (!v) { free(t.name); insNodeFree(t.subject); return; }
    r->tests = v;
    r->tests[r->ntests++] = t;
}

/*
** rule NAME { section* }.  Sections may come in any order; a later one
** replaces an earlier one of the same kind (meta and tests add up).  After
** an error the rule is marked failed and parsing resumes at the next
** section, so one run reports every mistake.  A `rule` at the start of a
** line inside an unclosed rule ends it with an error.  The rule is appended
** to OUT even when it failed, so the checker can still report what it can.
*/
static void parse_rule(parser *p, ins_parse_out *out)
{
    ins_rule *r = calloc(1, sizeof *r);
    if (!r) return;
    r->src = p->src;
    r->line = p->cur.line;
    r->col = p->cur.col;
    next(p); /* rule */
    if (p->cur.k != TK_IDENT) {
        perr(p, &p->cur, _("expected the rule's name, found %s"), tok_desc(&p->cur));
        r->name = insUStrdup("?");
    } else {
        r->name = insUStrdup(p->cur.str);
        next(p);
    }
    if (!p->failed) expect(p, TK_LBRACE, "'{'");
    if (p->failed) { r->errors = 1; resync(p); }
    for (;;) {
        if (p->cur.k == TK_RBRACE) { next(p); break; }
        if (p->cur.k == TK_EOF) {
            perr(p, &p->cur, _("rule '%s' is not closed with '}'"), r->name);
            r->errors = 1;
            break;
        }
        if (p->cur.k == TK_IDENT && !strcmp(p->cur.str, "rule") && p->cur.col == 1) {
            insDiag(p->d, 1, p->src, p->cur.line, p->cur.col, p->cur.len,
                    _("rule '%s' is not closed with '}' before the next rule"), r->name);
            r->errors = 1;
            break;
        }
        if (!is_section(p)) {
            perr(p, &p->cur, _("expected a section (meta:, subject:, condition:, strength:, "
                               "evidence:, test), found %s"), tok_desc(&p->cur));
            r->errors = 1;
            next(p);
            resync(p);
            continue;
        }
        const char *sec = p->cur.str;
        if (!strcmp(sec, "test")) {
            parse_test(p, r);
        } else {
            char *name = insUStrdup(sec);
            next(p);
            next(p); /* : */
            if (!strcmp(name, "meta")) {
                parse_meta(p, r);
            } else if (!strcmp(name, "subject")) {
                if (p->cur.k != TK_IDENT) {
                    perr(p, &p->cur, _("expected a subject type, found %s"), tok_desc(&p->cur));
                } else {
                    free(r->subject_name);
                    r->subject_name = insUStrdup(p->cur.str);
                    r->subject_line = p->cur.line;
                    r->subject_col = p->cur.col;
                    next(p);
                }
            } else if (!strcmp(name, "condition")) {
                insNodeFree(r->condition);
                r->condition = parse_expr(p);
            } else if (!strcmp(name, "strength")) {
                insNodeFree(r->strength);
                r->strength = parse_expr(p);
            } else if (!strcmp(name, "evidence")) {
                if (p->cur.k != TK_STRING) {
                    perr(p, &p->cur, _("expected the evidence text as a string, found %s"), tok_desc(&p->cur));
                } else {
                    free(r->evidence);
                    r->evidence = p->cur.str;
                    r->ev_line = p->cur.line;
                    r->ev_col = p->cur.col;
                    p->cur.str = NULL;
                    next(p);
                }
            }
            free(name);
        }
        if (p->failed) {
            r->errors = 1;
            resync(p);
        } else if (p->cur.k != TK_RBRACE && !is_section(p) && p->cur.k != TK_EOF) {
            perr(p, &p->cur, _("unexpected %s (a section ends where the next begins)"), tok_desc(&p->cur));
            r->errors = 1;
            resync(p);
        }
    }
    ins_rule **v = insUGrow(out->rules, &out->caprules, out->nrules + 1, sizeof *v);
    if (!v) { insRuleFree(r); return; }
    out->rules = v;
    out->rules[out->nrules++] = r;
}

/*
** list NAME = "path": appends a named-list declaration to OUT.  The path
** is relative to the rule file; rule_set.c loads it.
*/
static void parse_listdecl(parser *p, ins_parse_out *out)
{
    ins_listdecl ld;
    memset(&ld, 0, sizeof ld);
    ld.src = p->src;
    next(p); /* list */
    if (p->cur.k != TK_IDENT) {
        perr(p, &p->cur, _("expected the list's name, found %s"), tok_desc(&p->cur));
        return;
    }
    ld.line = p->cur.line;
    ld.col = p->cur.col;
    ld.name = insUStrdup(p->cur.str);
    next(p);
    if (!expect(p, TK_ASSIGN, "'='")) { free(ld.name); return; }
    if (p->cur.k != TK_STRING) {
        perr(p, &p->cur, _("expected the list file's path as a string, found %s"), tok_desc(&p->cur));
        free(ld.name);
        return;
    }
    ld.path = p->cur.str;
    p->cur.str = NULL;
    next(p);
    ins_listdecl *v = insUGrow(out->lists, &out->caplists, out->nlists + 1, sizeof *v);
    if (!v) { free(ld.name); free(ld.path); return; }
    out->lists = v;
    out->lists[out->nlists++] = ld;
}

/*
** Parses a whole rule file SRC: appends its rules and list declarations to
** OUT (owned by the caller) and its syntax errors to D.  Text that is
** neither `rule` nor `list` is reported once and skipped to the next line
** that starts with either.
*/
void insParseFile(const ins_src *src, ins_diags *d, ins_parse_out *out)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.d = d;
    p.src = src;
    insLexInit(&p.lx, src);
    insLexNext(&p.lx, &p.cur);
    insLexNext(&p.lx, &p.nxt);
    while (p.cur.k != TK_EOF) {
        if (is_word(&p.cur, "rule")) {
            parse_rule(&p, out);
        } else if (is_word(&p.cur, "list")) {
            parse_listdecl(&p, out);
            if (p.failed) resync(&p);
        } else {
            perr(&p, &p.cur, _("expected 'rule' or 'list', found %s"), tok_desc(&p.cur));
            next(&p);
            /* skip to a line starting with rule/list */
            while (p.cur.k != TK_EOF &&
                   !((is_word(&p.cur, "rule") || is_word(&p.cur, "list")) && p.cur.col == 1))
                next(&p);
            p.failed = 0;
        }
    }
    insTokenFree(&p.cur);
    insTokenFree(&p.nxt);
}

/*
** Frees rule R with its metadata, decoded fields, expressions, evidence
** parts and tests.  NULL is fine.  R's source is not R's.
*/
void insRuleFree(ins_rule *r)
{
    if (!r) return;
    free(r->name);
    for (size_t i = 0; i < r->nmeta; i++) {
        free(r->meta[i].key);
        insNodeFree(r->meta[i].value);
    }
    free(r->meta);
    free(r->id); free(r->title); free(r->description); free(r->severity);
    free(r->legal_basis); free(r->guidance); free(r->status); free(r->author);
    free(r->indicators); free(r->audience); free(r->date); free(r->falsepositives);
    free(r->tags);
    free(r->reaches);
    free(r->subject_name);
    insNodeFree(r->condition);
    insNodeFree(r->strength);
    free(r->evidence);
    for (size_t i = 0; i < r->nev; i++) insNodeFree(r->ev_parts[i]);
    free(r->ev_parts);
    free(r->ev_starts);
    free(r->ev_ends);
    for (size_t i = 0; i < r->ntests; i++) {
        free(r->tests[i].name);
        insNodeFree(r->tests[i].subject);
    }
    free(r->tests);
    free(r);
}

/*
** Parses SRC as a single expression (risk queries, `inspector query`).
** Returns NULL after reporting the error when it is not one.
*/
ins_node *insParseExpr(const ins_src *src, ins_diags *d)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.d = d;
    p.src = src;
    insLexInit(&p.lx, src);
    insLexNext(&p.lx, &p.cur);
    insLexNext(&p.lx, &p.nxt);
    ins_node *e = parse_expr(&p);
    if (e && p.cur.k != TK_EOF) {
        perr(&p, &p.cur, _("unexpected %s after the end of the expression"), tok_desc(&p.cur));
        insNodeFree(e);
        e = NULL;
    }
    insTokenFree(&p.cur);
    insTokenFree(&p.nxt);
    return e;
}
