/*
** ref_minwage.c: the dated legal minimum wage (data/min-wage.csv).
**
** One row per change of a country's minimum monthly wage:
** country,valid_from,monthly_amount,currency,norm,source.  For Peru it is
** the remuneración mínima vital (RMV), set by decreto supremo; a row holds
** from its valid_from until the next row's.  Rules never carry the amount:
** payroll_months stores, for every month, the wage in force on that month
** (latest valid_from on or before it).
**
** Loading the file replaces every row of min_wages, then recomputes the
** payroll months already in the database (insPayrollMonths, src/derive.c),
** so a wage added later (a new decree, or a database made before the file
** was shipped) reaches them.
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { MW_COUNTRY, MW_VALID_FROM, MW_AMOUNT, MW_CURRENCY, MW_NORM, MW_SOURCE, MW_COUNT };

static const char *const mw_columns[MW_COUNT] = {
    "country", "valid_from", "monthly_amount", "currency", "norm", "source",
};

/* Columns a row cannot do without. */
#define MW_REQUIRED 4

typedef struct minwage_state {
    ins_import_ctx *ctx;
    int header_seen;
    int col[MW_COUNT];
    int64_t rows;
} minwage_state;

/*
** A minimum-wage file: its header starts country, valid_from,
** monthly_amount, currency.
*/
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    for (size_t i = 0; i < MW_REQUIRED; i++)
        if (!insRefHeaderField(s->first_line, i, mw_columns[i])) return 0;
    return 85;
}

/* The trimmed value of column C, or NULL when absent or empty. */
static const char *value_of(const minwage_state *st, char **f, size_t nf, int c)
{
    int i = st->col[c];
    if (i < 0 || (size_t)i >= nf || !f[i] || !*f[i]) return NULL;
    return f[i];
}

/*
** Reads the header, requires the four columns a row needs, and empties
** min_wages, which this file replaces.
*/
static int read_header(minwage_state *st, unsigned long row, char **f, size_t nf)
{
    static const char del[] = "DELETE FROM min_wages";
    st->header_seen = 1;
    for (int c = 0; c < MW_COUNT; c++) st->col[c] = insCsvColumn(f, nf, mw_columns[c]);
    for (int c = 0; c < MW_REQUIRED; c++)
        if (st->col[c] < 0)
            return insImportReject(st->ctx, INS_ERR_FORMAT,
                                   _("row %lu: header has no column '%s' (needs country, "
                                     "valid_from, monthly_amount and currency)"),
                                   row, mw_columns[c]);
    return insDbExec(st->ctx->db, del);
}

/* 1 when S is exactly N ASCII letters; copies them upper-cased into OUT. */
static int letters(const char *s, size_t n, char *out)
{
    if (strlen(s) != n) return 0;
    for (size_t i = 0; i < n; i++) {
        if (!isalpha((unsigned char)s[i])) return 0;
        out[i] = (char)toupper((unsigned char)s[i]);
    }
    out[n] = '\0';
    return 1;
}

/*
** Inserts one wage.  Reference data must be exact: a missing or malformed
** value, or a (country, valid_from) given twice, rejects the file.
*/
static int import_row(minwage_state *st, unsigned long row, char **f, size_t nf)
{
    static const char ins[] =
        "INSERT INTO min_wages(country, valid_from, monthly_amount, currency, norm)"
        " VALUES(?,?,?,?,?)";
    size_t filled = 0;
    for (size_t i = 0; i < nf; i++) filled += f[i] && *f[i];
    if (!filled) return INS_OK;
    const char *country = value_of(st, f, nf, MW_COUNTRY);
    const char *from = value_of(st, f, nf, MW_VALID_FROM);
    const char *amount = value_of(st, f, nf, MW_AMOUNT);
    const char *currency = value_of(st, f, nf, MW_CURRENCY);
    char cc[3], cur[4], date[11];
    double v = 0;
    if (!country || !letters(country, 2, cc))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: country must be an ISO 3166 alpha-2 code"), row);
    if (!from || strlen(from) != 10 || !insUParseDate(from, date))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: valid_from must be a date YYYY-MM-DD"), row);
    if (!amount || !insUParseDouble(amount, &v) || !(v > 0 && v < INS_PAYROLL_MAX_AMOUNT))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: monthly_amount must be a positive number"), row);
    if (!currency || !letters(currency, 3, cur))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: currency must be an ISO 4217 code"), row);
    sqlite3_stmt *s = insDbStmt(st->ctx->db, ins);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, cc);
    insDbBindText(s, 2, date);
    sqlite3_bind_double(s, 3, v);
    insDbBindText(s, 4, cur);
    insDbBindText(s, 5, value_of(st, f, nf, MW_NORM));
    int r = sqlite3_step(s);
    if (r == SQLITE_CONSTRAINT)
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: %s from %s appears twice"), row, cc, date);
    if (r != SQLITE_DONE) return INS_ERR_DB;
    st->rows++;
    return INS_OK;
}

/* The CSV reader's callback: the first record is the header. */
static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    minwage_state *st = ud;
    if (!st->header_seen) return read_header(st, row, f, nf);
    return import_row(st, row, f, nf);
}

/*
** Loads the file, replacing all minimum wages, records its provenance and
** recomputes every payroll month against the new table.
*/
static int run(ins_import_ctx *ctx)
{
    minwage_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    if (insRefDocument(ctx, "min-wage") < 0) return INS_ERR_DB;
    int rc = insCsvParse(ctx, ',', on_row, &st);
    if (rc == INS_OK && !st.header_seen)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no header row"));
    if (rc == INS_OK && st.rows == 0)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no minimum wages in the file"));
    if (rc == INS_OK)
        rc = insRefRecord(ctx, "min-wage", st.rows,
                          "decretos supremos published in El Peruano (the norm of each row)",
                          "CC0");
    if (rc == INS_OK) rc = insPayrollMonths(ctx->db, 0, NULL);
    ctx->records = (unsigned)st.rows;
    return rc;
}

const ins_importer insImporterMinWage = {
    "min-wage",
    N_("dated legal minimum wages (CSV country,valid_from,monthly_amount,currency,norm,source)"),
    sniff,
    run,
};
