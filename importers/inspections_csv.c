/*
** inspections_csv.c: the case register as a CSV file (kind "inspections";
** docs/CASE-REGISTER.md).
**
** One row per inspection, columns found by header name in any order,
** comma- or semicolon-separated.  This file only reads the CSV: each data
** row becomes an ins_inspection handed to insCaseRecord (src/cases.c), the
** validation and insert shared with `inspector inspections add`.  A file is
** all or nothing: the first invalid row rejects the file with its row
** number and the driver rolls it back.
*/
#include "importer.h"

#include <stdlib.h>
#include <string.h>

/* Parses a count: digits only, at most INS_CASE_MAX_COUNT_DIGITS.  1 on success. */
static int parse_count(const char *s, int64_t *out)
{
    size_t n = strlen(s);
    if (n == 0 || n > INS_CASE_MAX_COUNT_DIGITS || strspn(s, "0123456789") != n) return 0;
    *out = strtoll(s, NULL, 10);
    return 1;
}

enum {
    COL_ID,
    COL_TAX_ID,
    COL_ESTAB,
    COL_UBIGEO,
    COL_DATE,
    COL_REGULATOR,
    COL_WORKLIST,
    COL_RANK,
    COL_OUTCOME,
    COL_INFRACTIONS,
    COL_WORKERS,
    COL_MINORS,
    COL_NOTE,
    COL_VICTIMS,
    COL_V_FEMALE,
    COL_V_MALE,
    COL_V_UNDER_14,
    COL_V_14_17,
    COL_V_18_29,
    COL_V_30_49,
    COL_V_50_PLUS,
    COL_V_NATIONALITY,
    COL_V_INTERPRETER,
    COL_COUNT
};

/* Header names of each column; the first is the documented one, the
** others are accepted spellings. */
static const char *const col_names[COL_COUNT][3] = {
    [COL_ID] = {"inspection_id", "inspection_ref", NULL},
    [COL_TAX_ID] = {"tax_id", "ruc", NULL},
    [COL_ESTAB] = {"establishment", "annex_code", NULL},
    [COL_UBIGEO] = {"ubigeo", NULL, NULL},
    [COL_DATE] = {"date", NULL, NULL},
    [COL_REGULATOR] = {"regulator", NULL, NULL},
    [COL_WORKLIST] = {"worklist_id", "worklist", NULL},
    [COL_RANK] = {"worklist_rank", "rank", NULL},
    [COL_OUTCOME] = {"outcome", NULL, NULL},
    [COL_INFRACTIONS] = {"infractions", NULL, NULL},
    [COL_WORKERS] = {"workers_affected", NULL, NULL},
    [COL_MINORS] = {"minors", NULL, NULL},
    [COL_NOTE] = {"note", NULL, NULL},
    [COL_VICTIMS] = {"victims", NULL, NULL},
    [COL_V_FEMALE] = {"victims_female", "victims_women", NULL},
    [COL_V_MALE] = {"victims_male", "victims_men", NULL},
    [COL_V_UNDER_14] = {"victims_under_14", NULL, NULL},
    [COL_V_14_17] = {"victims_14_17", NULL, NULL},
    [COL_V_18_29] = {"victims_18_29", NULL, NULL},
    [COL_V_30_49] = {"victims_30_49", NULL, NULL},
    [COL_V_50_PLUS] = {"victims_50_plus", NULL, NULL},
    [COL_V_NATIONALITY] = {"victims_nationality", NULL, NULL},
    [COL_V_INTERPRETER] = {"victims_interpreter", NULL, NULL},
};

/* Index of the known column header cell H names, or -1. */
static int known_column(const char *h)
{
    size_t len = strlen(h);
    for (int c = 0; c < COL_COUNT; c++)
        for (size_t k = 0; k < 3 && col_names[c][k]; k++)
            if (insCsvHeaderIs(h, len, col_names[c][k])) return c;
    return -1;
}

/* The delimiter of a header line: ';' when it has more semicolons than
** commas outside quotes (spreadsheets in Spanish locales), else ','. */
static char line_delim(const char *line)
{
    size_t commas = 0, semis = 0;
    int quoted = 0;
    for (const char *p = line; *p; p++) {
        if (*p == '"') quoted = !quoted;
        else if (!quoted && *p == ',') commas++;
        else if (!quoted && *p == ';') semis++;
    }
    return semis > commas ? ';' : ',';
}

/* A case register: a CSV whose header names inspection_id and outcome. */
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    char d = line_delim(s->first_line);
    return insCsvLineHas(s->first_line, (unsigned char)d, col_names[COL_ID], 3) &&
           insCsvLineHas(s->first_line, (unsigned char)d, col_names[COL_OUTCOME], 3) ? 85 : 0;
}

/* State of one file's import. */
typedef struct csv_state {
    ins_import_ctx *ctx;
    int64_t doc;
    int header_seen;
    int col[COL_COUNT];
    unsigned records;
} csv_state;

/* The value of column C in a row, or NULL when absent or empty. */
static const char *field(const csv_state *st, char **f, size_t nf, int c)
{
    int i = st->col[c];
    if (i < 0 || (size_t)i >= nf || !f[i] || !*f[i]) return NULL;
    return f[i];
}

/*
** Reads the header: finds the known columns and rejects the file when
** inspection_id, date or outcome is missing.  Unknown columns are ignored
** (they may hold personal data the register has no place for), with one
** warning naming them.
*/
static int read_header(csv_state *st, unsigned long row, char **f, size_t nf)
{
    for (int c = 0; c < COL_COUNT; c++) st->col[c] = -1;
    ins_buf unknown, missing;
    insBufInit(&unknown);
    insBufInit(&missing);
    for (size_t i = 0; i < nf; i++) {
        const char *h = f[i] ? f[i] : "";
        int c = known_column(h);
        if (c >= 0 && st->col[c] < 0) st->col[c] = (int)i;
        else if (*h) insBufPrintf(&unknown, "%s'%s'", unknown.len ? ", " : "", h);
    }
    static const int required[] = {COL_ID, COL_DATE, COL_OUTCOME};
    for (size_t k = 0; k < INS_ARRAY_LEN(required); k++)
        if (st->col[required[k]] < 0)
            insBufPrintf(&missing, "%s'%s'", missing.len ? ", " : "", col_names[required[k]][0]);
    int rc = INS_OK;
    if (missing.len)
        rc = insImportReject(st->ctx, INS_ERR_FORMAT,
                             _("row %lu: header has no column %s (a case register needs "
                               "inspection_id, date and outcome)"),
                             row, insBufStr(&missing));
    else if (unknown.len)
        insModelWarn(st->ctx->db, st->doc, "ignored_columns", _("columns ignored: %s"),
                     insBufStr(&unknown));
    if (unknown.oom || missing.oom) rc = INS_ERR_NOMEM;
    insBufFree(&unknown);
    insBufFree(&missing);
    return rc;
}

/* Parses optional count column C of a row into *v (-1 when empty). */
static int row_count(csv_state *st, unsigned long row, char **f, size_t nf, int c, int64_t *v)
{
    const char *s = field(st, f, nf, c);
    *v = -1;
    if (!s) return INS_OK;
    if (parse_count(s, v)) return INS_OK;
    return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: %s '%s' is not a whole number"), row,
                           col_names[c][0], s);
}

/*
** The victim aggregates of a row in insCaseRecord's form
** ("dim:category=count;..."), from the column victims and the columns
** victims_female ... victims_interpreter.  A list column holds
** "VALUE=N" items separated by ';' or ','; an interpreter column holding
** only a number counts persons whose language was not written.  Returns
** INS_OK with B empty when the row has none.
*/
static int row_victims(csv_state *st, char **f, size_t nf, ins_buf *b)
{
    static const struct { int col; const char *item; } counts[] = {
        {COL_V_FEMALE, "sex:female"}, {COL_V_MALE, "sex:male"},     {COL_V_UNDER_14, "age:under_14"},
        {COL_V_14_17, "age:14_17"},   {COL_V_18_29, "age:18_29"},   {COL_V_30_49, "age:30_49"},
        {COL_V_50_PLUS, "age:50_plus"},
    };
    const char *v = field(st, f, nf, COL_VICTIMS);
    if (v) insBufPrintf(b, "%s", v);
    for (size_t i = 0; i < INS_ARRAY_LEN(counts); i++)
        if ((v = field(st, f, nf, counts[i].col))) insBufPrintf(b, "%s%s=%s", b->len ? ";" : "", counts[i].item, v);
    static const struct { int col; const char *dim; } lists[] = {
        {COL_V_NATIONALITY, "nationality"}, {COL_V_INTERPRETER, "interpreter"}};
    for (size_t i = 0; i < INS_ARRAY_LEN(lists); i++) {
        if (!(v = field(st, f, nf, lists[i].col))) continue;
        if (lists[i].col == COL_V_INTERPRETER && strspn(v, "0123456789") == strlen(v)) {
            insBufPrintf(b, "%sinterpreter:unspecified=%s", b->len ? ";" : "", v);
            continue;
        }
        const char *p = v;
        while (*p) {
            size_t len = strcspn(p, ";,");
            if (len) insBufPrintf(b, "%s%s:%.*s", b->len ? ";" : "", lists[i].dim, (int)len, p);
            p += len;
            if (*p) p++;
        }
    }
    return b->oom ? INS_ERR_NOMEM : INS_OK;
}

/*
** Imports one data row: reads its columns into an ins_inspection and hands
** it to insCaseRecord.  Blank rows are passed over; an invalid row rejects
** the whole file, with the row number before insCaseRecord's reason.
*/
static int import_row(csv_state *st, unsigned long row, char **f, size_t nf)
{
    size_t filled = 0;
    for (size_t i = 0; i < nf; i++) filled += f[i] && *f[i];
    if (!filled) return INS_OK;

    ins_inspection in;
    memset(&in, 0, sizeof in);
    in.ref = field(st, f, nf, COL_ID);
    in.tax_id = field(st, f, nf, COL_TAX_ID);
    in.establishment = field(st, f, nf, COL_ESTAB);
    in.ubigeo = field(st, f, nf, COL_UBIGEO);
    in.date = field(st, f, nf, COL_DATE);
    in.regulator = field(st, f, nf, COL_REGULATOR);
    in.outcome = field(st, f, nf, COL_OUTCOME);
    in.note = field(st, f, nf, COL_NOTE);
    int64_t wid, rank;
    int rc;
    if ((rc = row_count(st, row, f, nf, COL_WORKLIST, &wid)) != INS_OK ||
        (rc = row_count(st, row, f, nf, COL_RANK, &rank)) != INS_OK ||
        (rc = row_count(st, row, f, nf, COL_INFRACTIONS, &in.infractions)) != INS_OK ||
        (rc = row_count(st, row, f, nf, COL_WORKERS, &in.workers_affected)) != INS_OK ||
        (rc = row_count(st, row, f, nf, COL_MINORS, &in.minors)) != INS_OK)
        return rc;
    if ((wid == 0 && field(st, f, nf, COL_WORKLIST)) || (rank == 0 && field(st, f, nf, COL_RANK)))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: worklist_id and worklist_rank start at 1"), row);
    in.worklist_id = wid > 0 ? wid : 0;
    in.worklist_rank = rank > 0 ? rank : 0;

    ins_buf why, victims;
    insBufInit(&why);
    insBufInit(&victims);
    if ((rc = row_victims(st, f, nf, &victims)) != INS_OK) {
        insBufFree(&victims);
        return rc;
    }
    in.victims = victims.len ? insBufStr(&victims) : NULL;
    rc = insCaseRecord(st->ctx->db, st->doc, row, &in, "csv", &why, NULL);
    insBufFree(&victims);
    if (rc == INS_ERR_ARG || rc == INS_ERR_NOTFOUND)
        rc = insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: %s"), row, insBufStr(&why));
    else if (rc == INS_OK)
        st->records++;
    insBufFree(&why);
    return rc;
}

/* The CSV reader's callback: the first record is the header. */
static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    csv_state *st = ud;
    if (!st->header_seen) {
        st->header_seen = 1;
        return read_header(st, row, f, nf);
    }
    return import_row(st, row, f, nf);
}

/* Reads the first line of the source to choose the delimiter. */
static char source_delim(ins_import_ctx *ctx)
{
    ins_reader r;
    char buf[INS_CASE_HEAD_BYTES];
    if (insReaderOpen(&r, ctx->src) != INS_OK) return ',';
    long n = insReaderRead(&r, buf, sizeof buf - 1);
    insReaderClose(&r);
    if (n <= 0) return ',';
    buf[n] = '\0';
    char *start = buf;
    if (n >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF)
        start += 3;
    start[strcspn(start, "\r\n")] = '\0';
    return line_delim(start);
}

/*
** Imports a case register file: one documents row (kind "inspections"),
** then one inspection per data row (insCaseRecord), and the document dated
** by its latest inspection.  A file without data rows is rejected, so that
** it is not marked as imported.  Runs in the driver's transaction for the
** file.
*/
static int run(ins_import_ctx *ctx)
{
    static const char set_doc[] =
        "UPDATE documents SET issue_date = (SELECT MAX(date) FROM inspections WHERE document_id = ?1)"
        " WHERE id = ?1";
    csv_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    ins_doc_info d;
    memset(&d, 0, sizeof d);
    d.kind = "inspections";
    st.doc = insModelDocument(ctx->db, ctx->file_id, &d);
    if (st.doc < 0) return INS_ERR_DB;
    int rc = insCsvParse(ctx, (unsigned char)source_delim(ctx), on_row, &st);
    if (rc == INS_OK && !st.header_seen) rc = insImportReject(ctx, INS_ERR_FORMAT, _("no header row"));
    if (rc == INS_OK && !st.records)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no inspections in the file (header only)"));
    if (rc == INS_OK) {
        sqlite3_stmt *s = insDbStmt(ctx->db, set_doc);
        if (!s) rc = INS_ERR_DB;
        else {
            sqlite3_bind_int64(s, 1, st.doc);
            if (sqlite3_step(s) != SQLITE_DONE) rc = INS_ERR_DB;
        }
    }
    if (rc == INS_ERR_NOMEM) insImportReject(ctx, rc, "%s", ins_strerror(rc));
    ctx->records = st.records;
    return rc;
}

const ins_importer insImporterInspections = {
    "inspections",
    N_("case register: inspection outcomes (CSV with inspection_id, date, outcome)"),
    sniff,
    run,
};
