/*
** rule.h: internal interface of the rule subsystem.
**
** Pipeline, one file per stage (read them in this order; a stage calls
** only the stages before it):
**   rule_src.c    source text with a line index; located diagnostics
**   rule_lex.c    text -> tokens
**   rule_parse.c  tokens -> rules with expression trees (AST)
**   rule_schema.c the subjects, record types and their attributes
**   rule_check.c  name resolution and type checking; the AST becomes the
**                 compiled form (names resolved to column indices,
**                 regular expressions compiled with PCRE2 JIT)
**   rule_eval.c   the executor: evaluates a compiled rule on one subject
**   rule_data.c   loads subjects and their relations from the database
**                 into in-memory column tables, once per run
**   rule_set.c    rule files, named lists, fingerprints, rule tests
**   score.c       scoring runs: evaluate every rule on every subject and
**                 store hits
*/
#ifndef INS_RULE_H
#define INS_RULE_H

#include "ins_internal.h"

#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* ---- values ------------------------------------------------------------ */
typedef enum ins_vtype {
    VT_NULL = 0, /* missing */
    VT_BOOL,
    VT_NUM,
    VT_STR,
    VT_DATE,     /* days since 1970-01-01 */
    VT_DURATION, /* days (months = 30, years = 365) */
    VT_LIST,     /* list of strings/numbers (literal or named list) */
    VT_REL,      /* a relation (only as an attribute type) */
    VT_REGEX,
    VT_ANY       /* checker: unknown / polymorphic */
} ins_vtype;

typedef struct ins_list ins_list;

typedef struct ins_val {
    uint8_t t; /* ins_vtype */
    union {
        double n;
        int32_t d;
        int b;
        const char *s;
        const ins_list *l;
    } u;
} ins_val;

/* A list of values (literal, named list file, or test literal). */
struct ins_list {
    size_t n;
    ins_val *v;
    char *name;   /* named lists: $name */
    char *path;   /* named lists: file path */
    int sorted;   /* strings sorted for binary search */
};

/* ---- sources and diagnostics (rule_src.c) ------------------------------- */
/* A source file with a line index, so diagnostics can quote lines. */
typedef struct ins_src {
    char *path;
    char *text;
    size_t len;
    size_t *line_off; /* start offset of each line */
    size_t nlines;
} ins_src;

/* Reads one file into SRC (at most INS_MAX_RULE_FILE_BYTES); 0 on success,
** -1 with a malloc'd message in *ERR otherwise. */
int insSrcLoad(ins_src *src, const char *path, char **err);
int insSrcFromBytes(ins_src *src, const char *path, const char *text, size_t len);
int insSrcOneLine(ins_src *src, const char *path, const char *text, size_t len);
void insSrcFree(ins_src *src);

typedef struct ins_diag_item {
    int is_error;
    char *text; /* "FILE:LINE:COL: error: MSG\n<source line>\n<caret>\n" */
} ins_diag_item;

typedef struct ins_diags {
    ins_diag_item *v;
    size_t n, cap;
    int errors, warnings;
} ins_diags;

void insDiagsFree(ins_diags *d);
/* Records an error or warning at LINE:COL of SRC, with the source line and
** a caret under LEN characters; LINE 0 names only the file. */
void insDiag(ins_diags *d, int is_error, const ins_src *src, int line, int col, size_t len,
             const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* ---- schema (rule_schema.c) --------------------------------------------- */
typedef struct ins_field {
    const char *name;
    ins_vtype type;
    const char *rel; /* record type name of a VT_REL field */
} ins_field;

typedef struct ins_rtype {
    const char *name;  /* "firm", "trade_line" ... */
    const char *label; /* "trade line" for messages */
    const ins_field *fields;
    int nfields;
    int is_subject;
} ins_rtype;

const ins_rtype *insSchemaType(const char *name);
int insSchemaField(const ins_rtype *t, const char *name);
/* The known name closest to NAME (edit distance), or NULL. */
const char *insSchemaSuggest(const ins_rtype *t, const char *name);
extern const ins_rtype *const insSchemaSubjects[];
extern const size_t insSchemaSubjectCount;

/* ---- tokens (rule_lex.c) ---------------------------------------------- */
typedef enum ins_tok {
    TK_EOF, TK_IDENT, TK_STRING, TK_NUMBER, TK_DATE, TK_REGEX, TK_VAR,
    TK_LBRACE, TK_RBRACE, TK_LBRACK, TK_RBRACK, TK_LPAREN, TK_RPAREN,
    TK_COMMA, TK_COLON, TK_DOT, TK_ASSIGN, TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE,
    TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_ERROR
} ins_tok;

typedef struct ins_token {
    ins_tok k;
    int line, col; /* 1-based */
    size_t off, len; /* span in the source */
    double num;
    char *str;       /* decoded string, regex body, identifier text */
    char *flags;     /* regex flags */
} ins_token;

typedef struct ins_lexer {
    const ins_src *src;
    size_t pos;
    int line, col;
    ins_tok prev;
    const char *prev_ident; /* text of previous identifier (for regex after 'matches') */
    int prev_was_matches;
} ins_lexer;

void insLexInit(ins_lexer *lx, const ins_src *src);
/* Reads the next token; TK_ERROR carries the message in str. */
void insLexNext(ins_lexer *lx, ins_token *t);
void insTokenFree(ins_token *t);

/* ---- AST / compiled form ---------------------------------------------------- */
typedef enum ins_nkind {
    N_NUM, N_STR, N_DATE, N_BOOL, N_NULL, N_DURATION, N_LIST, N_VAR, N_REGEX, N_ASOF,
    N_NAME,     /* a.b.c before resolution */
    N_FIELD,    /* resolved: scope depth + column */
    N_AND, N_OR, N_NOT, N_NEG,
    N_CMP,      /* op: TK_EQ... */
    N_ARITH,    /* op: TK_PLUS... */
    N_IN, N_NOTIN, N_STARTS, N_ENDS, N_CONTAINS, N_MATCHES, N_WITHIN,
    N_QUANT,    /* op: Q_ANY, Q_ALL, Q_NONE */
    N_AGG,      /* op: A_COUNT ... */
    N_CALL,     /* op: F_MIN ... */
    N_IF,       /* if a then b else c */
    N_OBJECT    /* test literal: keys + values */
} ins_nkind;

enum { Q_ANY, Q_ALL, Q_NONE };
enum { A_COUNT, A_SUM, A_AVG, A_MIN, A_MAX, A_DISTINCT };
enum { F_MIN, F_MAX, F_ABS, F_LOWER, F_UPPER, F_LENGTH, F_DAYS };

typedef struct ins_node ins_node;
struct ins_node {
    ins_nkind k;
    int op;
    int line, col;
    size_t len;          /* span length for the caret */
    ins_vtype type;      /* set by the checker */
    ins_node *a, *b, *c; /* operands; quantifier/aggregate: a = where, b = value */
    ins_node **args;     /* lists, calls, objects */
    size_t nargs, capargs;
    char **keys;         /* objects: keys, parallel to args */
    size_t capkeys;
    double num;
    int32_t date;
    char *str;           /* string literal, name path, regex source, binding name */
    char *str2;          /* regex flags; relation name of a quantifier */
    char *field;         /* aggregate field name */
    /* resolution */
    int depth;           /* N_FIELD: 0 = subject, k = k-th enclosing binding */
    int col_index;       /* N_FIELD: column; N_QUANT/N_AGG: subject relation column */
    int field_index;     /* N_AGG: column in the related record */
    const ins_rtype *rtype; /* N_QUANT/N_AGG: related record type */
    const ins_list *list;   /* N_VAR, N_LIST (literal) */
    ins_list *owned_list;   /* N_LIST literal storage */
    pcre2_code *re;
    int re_limit_hit;
};

ins_node *insNodeNew(ins_nkind k, const ins_token *at);
void insNodeFree(ins_node *n);

/* ---- rules ---------------------------------------------------------------- */
typedef struct ins_rule_test {
    int must_match;
    char *name;
    int32_t as_of;
    int has_as_of;
    ins_node *subject; /* N_OBJECT */
    int line;
} ins_rule_test;

typedef struct ins_meta {
    char *key;
    ins_node *value;
    int line, col;
} ins_meta;

typedef struct ins_rule {
    char *name;
    const ins_src *src;
    int line, col;
    ins_meta *meta;
    size_t nmeta, capmeta;
    /* decoded metadata */
    char *id, *title, *description, *severity, *legal_basis, *guidance, *status, *author;
    int rev;
    double weight;
    char *indicators; /* comma-joined */
    char *audience;   /* comma-joined */
    char *date;
    int32_t date_days;
    char *falsepositives; /* "; "-joined */
    char *tags;
    char *reaches;        /* leg rules: shipper, recipient or both (default) */
    const ins_rtype *subject;
    char *subject_name;
    int subject_line, subject_col;
    ins_node *condition;
    ins_node *strength;
    char *evidence;        /* template text */
    ins_node **ev_parts;   /* compiled placeholders */
    size_t *ev_starts, *ev_ends; /* placeholder spans in the template */
    size_t nev, capev;     /* placeholders; capacity of each of the three arrays */
    int ev_line, ev_col;
    ins_rule_test *tests;
    size_t ntests, captests;
    int errors; /* this rule failed to compile */
} ins_rule;

/* Parses a rule file: appends rules and named-list declarations. */
typedef struct ins_listdecl {
    char *name, *path;
    const ins_src *src;
    int line, col;
} ins_listdecl;

typedef struct ins_parse_out {
    ins_rule **rules;
    size_t nrules, caprules;
    ins_listdecl *lists;
    size_t nlists, caplists;
} ins_parse_out;

void insParseFile(const ins_src *src, ins_diags *d, ins_parse_out *out);
ins_node *insParseExpr(const ins_src *src, ins_diags *d);
void insRuleFree(ins_rule *r);

/* ---- rule sets (rule_set.c) ----------------------------------------------- */
/* Rule I of a loaded rule set, or NULL past the end (for score.c). */
ins_rule *insRulesetRule(ins_ruleset *rs, size_t i);

/* ---- checking (rule_check.c) -------------------------------------------- */
typedef struct ins_listset {
    ins_list **v;
    size_t n, cap;
} ins_listset;

/* Resolves and type-checks R; lists are looked up by name.  Compiles
** regular expressions.  Reports through D; sets r->errors. */
void insCheckRule(ins_rule *r, const ins_listset *lists, ins_diags *d);
/* What a frame must load (insFrameLoad): one word per field of the
** subject type; a relation's word holds INS_NEED_REL when the relation is
** read and bit i when field i of its records is.  Record types have fewer
** than INS_NEED_MAX_FIELDS fields (rule_schema.c checks). */
#define INS_NEED_REL ((uint64_t)1 << 63)
#define INS_NEED_MAX_FIELDS 63
#define INS_NEED_ALL (~(uint64_t)0)
/* Marks in NEED what a checked expression N, or a checked rule R
** (condition, strength, evidence), reads through quantifiers and
** aggregates. */
void insNodeNeeds(const ins_node *n, uint64_t *need);
void insRuleNeeds(const ins_rule *r, uint64_t *need);
/* The longest `within N days` window of rule R's condition (0: none). */
int insRuleMaxWindow(const ins_rule *r);
int insCheckCondition(ins_node *expr, const ins_rtype *rt, const ins_listset *lists, ins_diags *d,
                      const ins_src *src);

/* ---- data: column tables (rule_table.c) and frames (rule_data.c) ----------- */
typedef struct ins_table {
    const ins_rtype *rt;
    size_t n;
    void **cols;      /* cols[field] -> n values typed as the field (insTableGet), NULL when not loaded */
    int64_t *doc;     /* document id per row (0 none) */
    int64_t *ids;     /* database id per row */
    double *aux;      /* legs: origin lat, lon, dest lat, lon per row */
    char **strs;      /* owned blocks of strings (an arena: insTableStr) */
    size_t nstrs, capstrs;
    size_t blk_used, blk_cap; /* bytes used and held in the last block */
} ins_table;

typedef struct ins_relidx {
    ins_table *t;    /* related records */
    uint32_t *off;   /* per subject row: off[i]..off[i+1] */
    uint32_t *rows;  /* indices into t */
} ins_relidx;

typedef struct ins_frame {
    const ins_rtype *rt;
    ins_table *subj;
    ins_relidx *rels; /* per subject field (VT_REL only) */
    char **keys;      /* display key per subject row */
    size_t subj_n_for_keys;
    ins_table **owned; size_t nowned, capowned;
} ins_frame;

/*
** A column holds its field's values in the smallest form that keeps them:
** numbers as doubles (NaN: missing), text as pointers into the table's
** arena (NULL: missing), dates as day numbers (INS_DATE_MISSING), booleans
** as bytes (0 missing, 1 false, 2 true).  8, 8, 4 and 1 bytes against 16
** for an ins_val: the tables of a national run are most of its memory.
*/
#define INS_DATE_MISSING INT32_MIN
size_t insColBytes(ins_vtype t);
void insTableSet(ins_table *t, int fi, size_t row, ins_val v);

/* Row ROW of column FI of T as a value: missing when the column is not loaded. */
static inline ins_val insTableGet(const ins_table *t, int fi, size_t row)
{
    ins_val v;
    memset(&v, 0, sizeof v);
    const void *c = t->cols[fi];
    if (!c) return v;
    switch (t->rt->fields[fi].type) {
    case VT_NUM: {
        double x = ((const double *)c)[row];
        if (x == x) { v.t = VT_NUM; v.u.n = x; }
        break;
    }
    case VT_STR: {
        const char *x = ((const char *const *)c)[row];
        if (x) { v.t = VT_STR; v.u.s = x; }
        break;
    }
    case VT_DATE: {
        int32_t x = ((const int32_t *)c)[row];
        if (x != INS_DATE_MISSING) { v.t = VT_DATE; v.u.d = x; }
        break;
    }
    case VT_BOOL: {
        uint8_t x = ((const uint8_t *)c)[row];
        if (x) { v.t = VT_BOOL; v.u.b = x == 2; }
        break;
    }
    default: break;
    }
    return v;
}

ins_table *insTableNew(const ins_rtype *rt, size_t n);
ins_table *insTableNewCols(const ins_rtype *rt, size_t n, uint64_t cols);
void insTableFree(ins_table *t);
const char *insTableStr(ins_table *t, const char *s, size_t len);
void insFrameFree(ins_frame *f);
/* Loads the frame of subject type RT from the database. */
int insFrameLoad(ins_db *db, const ins_rtype *rt, const char *as_of, const uint64_t *need,
                 ins_frame **out, char **err);
/* Builds a one-subject frame from a test literal. */
int insFrameFromObject(const ins_rtype *rt, const ins_node *obj, ins_frame **out, char **err);

/* ---- firms, documents and ILAB goods in memory (rule_dir.c) ------------------ */
typedef struct ins_dir_map { const char *prefix, *good; int primary; } ins_dir_map;
typedef struct ins_dir_good { const char *good, *country; int fl, cl; } ins_dir_good;
typedef struct ins_dir_ilab { const char *good; int fl, cl, primary; } ins_dir_ilab;
typedef struct ins_dir {
    ins_table *arena;                          /* the strings (the caller's) */
    size_t nf;                                 /* firms, in id order */
    int64_t *fid;
    const char **ftax, **fname, **fcountry;
    size_t nd;                                 /* documents, in id order */
    int64_t *did;
    const char **dtype, **dop;                 /* interned */
    ins_dir_map *map; size_t nmap, capmap;     /* good_hs_map by prefix */
    ins_dir_good *goods; size_t ngoods, capgoods; /* ilab_goods by good, country */
    const char **slot; size_t nslot, nint;     /* the intern table */
} ins_dir;

/* Loads firms, documents and the ILAB tables of DB into *D, strings into ARENA. */
int insDirLoad(ins_db *db, ins_table *arena, ins_dir *d);
void insDirFree(ins_dir *d);
/* The index of firm ID in D, or -1. */
ptrdiff_t insDirFirm(const ins_dir *d, int64_t id);
/* The index of document ID in D, or -1 (*HINT: where the last search ended). */
ptrdiff_t insDirDocument(const ins_dir *d, int64_t id, size_t *hint);
/* The ILAB good of a code (HS6, else TARIFF) sold from COUNTRY. */
void insDirIlab(const ins_dir *d, const char *hs6, const char *tariff, const char *country,
                ins_dir_ilab *out);

/* ---- evaluation (rule_eval.c) ------------------------------------------------ */
typedef struct ins_evalctx {
    ins_frame *f;
    size_t row;        /* subject row */
    int32_t as_of;
    /* binding stack: one entry per enclosing quantifier or aggregate */
    ins_table *bt[INS_MAX_QUANT_NESTING];
    size_t brow[INS_MAX_QUANT_NESTING];
    int nb;
    /* documents collected */
    int collect;
    int64_t *docs;
    size_t ndocs, capdocs;
    /* regex */
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    int error;          /* regex limit hit or other runtime error: the rule stops for
                           this subject at once (insEval returns missing from then on) */
    char errmsg[256];
    size_t regex_runs;  /* pcre2_match calls made (for tests and profiles) */
    const char **doclabel; /* "01 F001-123" per document id (score runs), or NULL */
    ins_table *doclabel_arena; /* where the labels are */
    int64_t ndoclabel;
    char **tmp;        /* strings made during one rule's evaluation */
    size_t ntmp, captmp;
} ins_evalctx;

void insEvalInit(ins_evalctx *c);
void insEvalFree(ins_evalctx *c);
ins_val insEval(ins_evalctx *c, const ins_node *n);
int insEvalTruth(ins_val v);
/* Evaluates rule R on the current subject: 1 fired, 0 not, -1 error.
** On fire, fills strength, evidence text (into ev) and documents. */
int insEvalRule(ins_evalctx *c, const ins_rule *r, double *strength, ins_buf *ev);
void insValFormat(ins_val v, ins_buf *b);

#endif /* INS_RULE_H */
