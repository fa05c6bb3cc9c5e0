/*
** rule_table.c: the column tables rules are evaluated on, and their string
** arena.
**
** A table holds N records of one record type as one array of values per
** field, each typed as its field (insTableGet), with a document id and a
** database id per row.  Text values point
** into the table's arena (insTableStr), packed into large blocks, so that
** a million values cost a few allocations; a table without columns serves
** as an arena alone (rule_dir.c's strings, the document labels of a run).
** The loader (rule_data.c) and the directory (rule_dir.c) both build on
** it, so it comes before either.
*/
#include "rule.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
** Allocates a table of N rows of record type RT with the non-relation
** columns whose bit is set in COLS (bit i: field i) present and every
** value missing (zeroed), and zero document ids and ids.  A column left
** out stays NULL: the evaluator reads it as missing, and a loader never
** fills it.  NULL when out of memory.
*/
ins_table *insTableNewCols(const ins_rtype *rt, size_t n, uint64_t cols)
{
    ins_table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->rt = rt;
    t->n = n;
    t->cols = calloc((size_t)rt->nfields, sizeof *t->cols);
    t->doc = calloc(n ? n : 1, sizeof *t->doc);
    t->ids = calloc(n ? n : 1, sizeof *t->ids);
    if (!t->cols || !t->doc || !t->ids) { insTableFree(t); return NULL; }
    for (int i = 0; i < rt->nfields; i++) {
        if (rt->fields[i].type == VT_REL) continue;
        if (i < 64 && !(cols & ((uint64_t)1 << i))) continue;
        t->cols[i] = calloc(n ? n : 1, insColBytes(rt->fields[i].type));
        if (!t->cols[i]) { insTableFree(t); return NULL; }
        for (size_t r = 0; r < n; r++) insTableSet(t, i, r, (ins_val){0});
    }
    return t;
}

/* Bytes of one value in a column of type T (see rule.h). */
size_t insColBytes(ins_vtype t)
{
    switch (t) {
    case VT_NUM: return sizeof(double);
    case VT_STR: return sizeof(const char *);
    case VT_DATE: return sizeof(int32_t);
    case VT_BOOL: return 1;
    default: return 0;
    }
}

/*
** Stores V as row ROW of column FI of T, which must be loaded.  V is
** missing or of the field's type (the checker refuses test values of
** another type; the loader converts to it).
*/
void insTableSet(ins_table *t, int fi, size_t row, ins_val v)
{
    void *c = t->cols[fi];
    ins_vtype ft = t->rt->fields[fi].type;
    assert(c);
    assert(v.t == VT_NULL || v.t == ft);
    int miss = v.t != ft;
    switch (ft) {
    case VT_NUM: ((double *)c)[row] = miss ? NAN : v.u.n; break;
    case VT_STR: ((const char **)c)[row] = miss ? NULL : v.u.s; break;
    case VT_DATE: ((int32_t *)c)[row] = miss ? INS_DATE_MISSING : v.u.d; break;
    case VT_BOOL: ((uint8_t *)c)[row] = miss ? 0 : v.u.b ? 2 : 1; break;
    default: break;
    }
}

/*
** A table of N rows of record type RT with every non-relation column
** (insTableNewCols).  insFrameFromObject fills it from a test literal.
*/
ins_table *insTableNew(const ins_rtype *rt, size_t n)
{
    return insTableNewCols(rt, n, ~(uint64_t)0);
}

/*
** Frees table T with its columns and the strings it owns.  NULL is fine.
** A table with no columns (cols NULL) is a string arena: insTableStr
** alone.
*/
void insTableFree(ins_table *t)
{
    if (!t) return;
    if (t->cols) for (int i = 0; i < t->rt->nfields; i++) free(t->cols[i]);
    free(t->cols);
    free(t->doc);
    free(t->ids);
    free(t->aux);
    for (size_t i = 0; i < t->nstrs; i++) free(t->strs[i]);
    free(t->strs);
    free(t);
}

/* Bytes of one block of a table's string arena. */
#define TABLE_STR_BLOCK ((size_t)64 * 1024)

/*
** Copies the LEN bytes at S, and a NUL, into the string arena of table T
** (freed with it): text values point into it.  Strings are packed into
** blocks of TABLE_STR_BLOCK bytes, so that a million values cost a few
** allocations instead of a million; a longer string gets a block of its
** own.  NULL when out of memory.
*/
const char *insTableStr(ins_table *t, const char *s, size_t len)
{
    if (len >= TABLE_STR_BLOCK / 4 || t->nstrs == 0 || t->blk_cap - t->blk_used < len + 1) {
        size_t cap = len + 1 > TABLE_STR_BLOCK ? len + 1 : TABLE_STR_BLOCK;
        char **v = insUGrow(t->strs, &t->capstrs, t->nstrs + 1, sizeof *v);
        if (!v) return NULL;
        t->strs = v;
        char *b = malloc(cap);
        if (!b) return NULL;
        if (len >= TABLE_STR_BLOCK / 4 && t->nstrs > 0) {
            /* a long string: its own block, slipped in before the open one */
            t->strs[t->nstrs] = t->strs[t->nstrs - 1];
            t->strs[t->nstrs - 1] = b;
            t->nstrs++;
            memcpy(b, s, len);
            b[len] = '\0';
            return b;
        }
        t->strs[t->nstrs++] = b;
        t->blk_used = 0;
        t->blk_cap = cap;
    }
    char *p = t->strs[t->nstrs - 1] + t->blk_used;
    memcpy(p, s, len);
    p[len] = '\0';
    t->blk_used += len + 1;
    return p;
}

