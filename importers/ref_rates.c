/*
** ref_rates.c: dated exchange rates to PEN (data/exchange-rates.csv, or
** any file of the same columns: date,currency,rate_to_pen,source).
**
** A rate holds from its date until the currency's next one: a trade line
** is converted at the rate of its date or the last earlier one
** (insModelConvertAmounts, src/derive.c).  The shipped file is the SBS
** selling rate of the US dollar (BCRP series PD04640PD); a file may add
** other currencies or other days.  Rows are merged, not replaced: a
** (currency, date) already known takes the new rate and source, so that a
** regulator can load a newer series over the shipped one.  Loading
** converts every trade line not in PEN again and rebuilds the supply
** edges, whose amounts and shares are in PEN.
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { XR_DATE, XR_CURRENCY, XR_RATE, XR_SOURCE, XR_COUNT };

static const char *const xr_columns[XR_COUNT] = {"date", "currency", "rate_to_pen", "source"};

/* Columns a row cannot do without. */
#define XR_REQUIRED 3

typedef struct rates_state {
    ins_import_ctx *ctx;
    int header_seen;
    int col[XR_COUNT];
    int64_t rows;
} rates_state;

/* An exchange-rate file: its header starts date, currency, rate_to_pen. */
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    for (size_t i = 0; i < XR_REQUIRED; i++)
        if (!insRefHeaderField(s->first_line, i, xr_columns[i])) return 0;
    return 85;
}

/* The trimmed value of column C, or NULL when absent or empty. */
static const char *value_of(const rates_state *st, char **f, size_t nf, int c)
{
    int i = st->col[c];
    if (i < 0 || (size_t)i >= nf || !f[i] || !*f[i]) return NULL;
    return f[i];
}

/* Reads the header; requires the three columns a row needs. */
static int read_header(rates_state *st, unsigned long row, char **f, size_t nf)
{
    st->header_seen = 1;
    for (int c = 0; c < XR_COUNT; c++) st->col[c] = insCsvColumn(f, nf, xr_columns[c]);
    for (int c = 0; c < XR_REQUIRED; c++)
        if (st->col[c] < 0)
            return insImportReject(st->ctx, INS_ERR_FORMAT,
                                   _("row %lu: header has no column '%s' (needs date, currency "
                                     "and rate_to_pen)"),
                                   row, xr_columns[c]);
    return INS_OK;
}

/*
** Merges one rate.  Reference data must be exact: a malformed date,
** currency or rate rejects the file, and so does a rate for PEN itself.
*/
static int import_row(rates_state *st, unsigned long row, char **f, size_t nf)
{
    static const char ins[] =
        "INSERT INTO exchange_rates(currency, date, rate, source) VALUES(?1, ?2, ?3, ?4)"
        " ON CONFLICT(currency, date) DO UPDATE SET rate = ?3, source = ?4";
    size_t filled = 0;
    for (size_t i = 0; i < nf; i++) filled += f[i] && *f[i];
    if (!filled) return INS_OK;
    const char *date = value_of(st, f, nf, XR_DATE);
    const char *currency = value_of(st, f, nf, XR_CURRENCY);
    const char *rate = value_of(st, f, nf, XR_RATE);
    char day[11], cur[4];
    double v = 0;
    if (!date || strlen(date) != 10 || !insUParseDate(date, day))
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: date must be a date YYYY-MM-DD"), row);
    int ok = currency && strlen(currency) == 3;
    for (size_t i = 0; ok && i < 3; i++) {
        ok = isalpha((unsigned char)currency[i]);
        cur[i] = (char)toupper((unsigned char)currency[i]);
    }
    cur[3] = '\0';
    if (!ok) return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: currency must be an ISO 4217 code"), row);
    if (!strcmp(cur, "PEN"))
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: a rate to PEN of PEN itself"), row);
    if (!rate || !insUParseDouble(rate, &v) || !(v > 0 && v <= INS_MAX_EXCHANGE_RATE))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: rate_to_pen must be a number above 0 and at most %g"), row,
                               (double)INS_MAX_EXCHANGE_RATE);
    sqlite3_stmt *s = insDbStmt(st->ctx->db, ins);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, cur);
    insDbBindText(s, 2, day);
    sqlite3_bind_double(s, 3, v);
    insDbBindText(s, 4, value_of(st, f, nf, XR_SOURCE));
    int r = sqlite3_step(s);
    sqlite3_reset(s);
    if (r != SQLITE_DONE) return INS_ERR_DB;
    st->rows++;
    return INS_OK;
}

/* The CSV reader's callback: the first record is the header. */
static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    rates_state *st = ud;
    if (!st->header_seen) return read_header(st, row, f, nf);
    return import_row(st, row, f, nf);
}

/*
** Loads the file, merging its rates, records its provenance, converts the
** trade lines again and rebuilds the supply edges on the new rates.
*/
static int run(ins_import_ctx *ctx)
{
    rates_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    if (insRefDocument(ctx, "exchange-rates") < 0) return INS_ERR_DB;
    int rc = insCsvParse(ctx, ',', on_row, &st);
    if (rc == INS_OK && !st.header_seen) rc = insImportReject(ctx, INS_ERR_FORMAT, _("no header row"));
    if (rc == INS_OK && st.rows == 0)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no exchange rates in the file"));
    if (rc == INS_OK)
        rc = insRefRecord(ctx, "exchange-rates", st.rows, "the source column of each row",
                          "as its source allows (data/PROVENANCE.md for the shipped file)");
    if (rc == INS_OK) rc = insModelRebuildEdges(ctx->db);
    ctx->records = (unsigned)st.rows;
    return rc;
}

const ins_importer insImporterExchangeRates = {
    "exchange-rates",
    N_("dated exchange rates to PEN (CSV date,currency,rate_to_pen,source)"),
    sniff,
    run,
};
