/*
** result.c: rows of text handed to the output writers (table, CSV, JSON,
** HTML), and the labels of the ILO indicators used in hypotheses.
*/
#include "ins_internal.h"

#include <stdlib.h>
#include <string.h>

/*
** The capacity, in rows, that the cells of a result holding NROWS rows
** have at least: 8, doubled until NROWS fits.
*/
static size_t rows_cap(size_t nrows)
{
    size_t cap = 8;
    while (cap < nrows) cap *= 2;
    return cap;
}

/*
** A new, empty result with TITLE, NOTE (NULL: "") and the column names
** COLS (copied); NULL when out of memory.  Free it with ins_result_free.
*/
ins_result *insResultNew(const char *title, const char *note, const char *const *cols, size_t ncols)
{
    ins_result *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->title = insUStrdup(title ? title : "");
    r->note = insUStrdup(note ? note : "");
    r->cols = calloc(ncols ? ncols : 1, sizeof *r->cols);
    if (!r->title || !r->note || !r->cols) { ins_result_free(r); return NULL; }
    r->ncols = ncols;
    for (size_t i = 0; i < ncols; i++)
        if (!(r->cols[i] = insUStrdup(cols[i]))) { ins_result_free(r); return NULL; }
    return r;
}

/* Frees R, its columns and every cell (NULL is fine). */
void ins_result_free(ins_result *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->ncols; i++) free(r->cols[i]);
    free(r->cols);
    for (size_t i = 0; i < r->nrows * r->ncols; i++) free(r->cells[i]);
    free(r->cells);
    free(r->title);
    free(r->note);
    free(r);
}

/*
** Appends an empty row; returns its index or -1 when out of memory.  The
** cells grow through insUGrow in whole rows.  ins_result keeps no
** capacity (its layout is public), so it is derived from the row count:
** each growth asks insUGrow for room for rows_cap(nrows + 1) rows, so the
** cells always hold at least rows_cap(nrows), whatever insUGrow's policy.
*/
long insResultAddRow(ins_result *r)
{
    size_t cap = r->cells ? rows_cap(r->nrows) : 0;
    size_t rowsize = (r->ncols ? r->ncols : 1) * sizeof *r->cells;
    char **v = insUGrow(r->cells, &cap, rows_cap(r->nrows + 1), rowsize);
    if (!v) return -1;
    r->cells = v;
    memset(r->cells + r->nrows * r->ncols, 0, r->ncols * sizeof *v);
    return (long)r->nrows++;
}

/* Sets cell ROW, COL to a copy of VAL (NULL: empty).  INS_ERR_ARG out of range. */
int insResultSet(ins_result *r, size_t row, size_t col, const char *val)
{
    if (row >= r->nrows || col >= r->ncols) return INS_ERR_ARG;
    char **c = &r->cells[row * r->ncols + col];
    free(*c);
    *c = val ? insUStrdup(val) : NULL;
    return val && !*c ? INS_ERR_NOMEM : INS_OK;
}

/* Sets cell ROW, COL to the text FMT formats. */
int insResultSetf(ins_result *r, size_t row, size_t col, const char *fmt, ...)
{
    ins_buf b;
    insBufInit(&b);
    va_list ap;
    va_start(ap, fmt);
    insBufVprintf(&b, fmt, ap);
    va_end(ap);
    int rc = insResultSet(r, row, col, insBufStr(&b));
    insBufFree(&b);
    return rc;
}

/* Appends a two-column row: LABEL, and the text FMT formats (the
** indicator tables of the report and of a calibration). */
int insResultAddPair(ins_result *r, const char *label, const char *fmt, ...)
{
    long row = insResultAddRow(r);
    if (row < 0) return INS_ERR_NOMEM;
    ins_buf b;
    insBufInit(&b);
    va_list ap;
    va_start(ap, fmt);
    insBufVprintf(&b, fmt, ap);
    va_end(ap);
    int rc = insResultSet(r, (size_t)row, 0, label);
    if (rc == INS_OK) rc = insResultSet(r, (size_t)row, 1, insBufStr(&b));
    insBufFree(&b);
    return rc;
}

/* The cell of ROW under the column named COL; NULL when empty, or no such row or column. */
const char *ins_result_cell(const ins_result *r, size_t row, const char *col)
{
    if (row >= r->nrows) return NULL;
    for (size_t i = 0; i < r->ncols; i++)
        if (!strcmp(r->cols[i], col)) return r->cells[row * r->ncols + i];
    return NULL;
}

/* The eleven ILO indicators of forced labour: rule tag and label (document text). */
static const struct { const char *tag, *label; } indicators[] = {
    {"ilo.abuse_of_vulnerability", DN_("abuse of vulnerability")},
    {"ilo.deception", DN_("deception")},
    {"ilo.restriction_of_movement", DN_("restriction of movement")},
    {"ilo.isolation", DN_("isolation")},
    {"ilo.physical_sexual_violence", DN_("physical and sexual violence")},
    {"ilo.intimidation_threats", DN_("intimidation and threats")},
    {"ilo.retention_of_documents", DN_("retention of identity documents")},
    {"ilo.withholding_of_wages", DN_("withholding of wages")},
    {"ilo.debt_bondage", DN_("debt bondage")},
    {"ilo.abusive_conditions", DN_("abusive working and living conditions")},
    {"ilo.excessive_overtime", DN_("excessive overtime")},
};

/* The label of indicator TAG, translated; TAG itself when unknown. */
const char *insIndicatorLabel(const char *tag)
{
    for (size_t i = 0; i < INS_ARRAY_LEN(indicators); i++)
        if (!strcmp(indicators[i].tag, tag)) return D_(indicators[i].label);
    return tag;
}
