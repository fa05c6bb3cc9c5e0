/*
** ref_goodmap.c: the mapping of ILAB goods to HS 2022 prefixes
** (data/good-hs-map.csv), which this project maintains and regulators edit.
**
** Header good,hs_prefix,note,source[,stage].  The ILAB list names goods, not
** tariff codes; each row says that trade lines whose HS code starts with
** hs_prefix carry that good ("Gold" -> 710812), with a note ("scrap",
** "beef") and the source that justifies it.  Prefixes are digits; dots and
** spaces people type ("0801.22") are dropped.  A row without good, prefix or
** source rejects the file with its row number, so a regulator's edit is
** never half loaded.  Goods that the ILAB list (if loaded) does not name
** are warned about: they are usually typos, and would match nothing.
** Loading replaces the whole table.
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>


/* stage (optional): "primary" when the prefix is the good in the form it is
 * produced where the labour is (logs, unwrought gold, nuts in shell),
 * "processed" for what is made from it downstream (sawn wood, furniture,
 * shelled nuts): a seller of the primary form is where ILAB's finding
 * points; processors are reached through their suppliers. */
static const char *const map_columns[] = {"good", "hs_prefix", "note", "source", "stage"};

typedef struct map_state {
    ins_import_ctx *ctx;
    int64_t doc;
    int header_seen;
    int col[INS_ARRAY_LEN(map_columns)];
    int64_t read;
} map_state;

/* The mapping: a header starting good,hs_prefix,note,source. */
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    for (size_t i = 0; i < 4; i++)
        if (!insRefHeaderField(s->first_line, i, map_columns[i])) return 0;
    return 85;
}

/* Value of column C, or NULL when absent or empty. */
static const char *value(const map_state *st, char **f, size_t nf, size_t c)
{
    int i = st->col[c];
    if (i < 0 || (size_t)i >= nf || !f[i] || !*f[i]) return NULL;
    return f[i];
}

/* Finds the columns and empties the table this file replaces. */
static int read_header(map_state *st, unsigned long row, char **f, size_t nf)
{
    static const char del[] = "DELETE FROM good_hs_map";
    st->header_seen = 1;
    for (size_t c = 0; c < INS_ARRAY_LEN(map_columns); c++) {
        st->col[c] = insCsvColumn(f, nf, map_columns[c]);
        if (st->col[c] < 0 && c < 4)
            return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: header has no column '%s'"),
                                   row, map_columns[c]);
    }
    sqlite3_stmt *s = insDbStmt(st->ctx->db, del);
    if (!s) return INS_ERR_DB;
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Copies an HS prefix without dots and spaces into a malloc'd string;
** NULL when what remains is not 2 to 10 digits.
*/
static char *clean_prefix(const char *s)
{
    size_t n = strlen(s), k = 0;
    char *o = malloc(n + 1);
    if (!o) return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' || s[i] == ' ') continue;
        if (!isdigit((unsigned char)s[i])) { free(o); return NULL; }
        o[k++] = s[i];
    }
    o[k] = '\0';
    if (k < 2 || k > 10) { free(o); return NULL; }
    return o;
}

/* Inserts one mapping row. */
static int import_row(map_state *st, unsigned long row, char **f, size_t nf)
{
    static const char ins[] =
        "INSERT OR REPLACE INTO good_hs_map(good, hs_prefix, note, source, stage) VALUES(?,?,?,?,?)";
    const char *good = value(st, f, nf, 0), *prefix = value(st, f, nf, 1);
    const char *source = value(st, f, nf, 3);
    if (!good || !prefix || !source)
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: good, hs_prefix and source are all required"), row);
    const char *stage = value(st, f, nf, 4);
    if (!stage) stage = "primary";
    if (strcmp(stage, "primary") && strcmp(stage, "processed"))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: stage '%s' must be primary or processed"), row, stage);
    char *p = clean_prefix(prefix);
    if (!p)
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: hs_prefix '%s' is not 2 to 10 digits"), row, prefix);
    sqlite3_stmt *s = insDbStmt(st->ctx->db, ins);
    int rc = INS_ERR_DB;
    if (s) {
        insDbBindText(s, 1, good);
        insDbBindText(s, 2, p);
        insDbBindText(s, 3, value(st, f, nf, 2));
        insDbBindText(s, 4, source);
        insDbBindText(s, 5, stage);
        if (sqlite3_step(s) == SQLITE_DONE) {
            rc = INS_OK;
            st->read++;
        }
    }
    free(p);
    return rc;
}

static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    map_state *st = ud;
    if (!st->header_seen) return read_header(st, row, f, nf);
    return import_row(st, row, f, nf);
}

/*
** Warns about every good of the mapping that the loaded ILAB list does not
** name (nothing to check when no list is loaded yet).
*/
static int check_goods(map_state *st)
{
    static const char unknown[] =
        "SELECT DISTINCT good FROM good_hs_map"
        " WHERE EXISTS(SELECT 1 FROM ilab_goods)"
        "  AND good NOT IN (SELECT good FROM ilab_goods) ORDER BY good";
    sqlite3_stmt *s = insDbStmt(st->ctx->db, unknown);
    if (!s) return INS_ERR_DB;
    ins_buf goods;
    insBufInit(&goods);
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW)
        insBufPrintf(&goods, "%s'%s'", goods.len ? ", " : "", (const char *)sqlite3_column_text(s, 0));
    sqlite3_reset(s);
    int rc = r == SQLITE_DONE ? INS_OK : INS_ERR_DB;
    if (rc == INS_OK && goods.len)
        rc = insModelWarn(st->ctx->db, st->doc, "unknown_good",
                          _("goods not named by the ILAB list: %s"), insBufStr(&goods));
    insBufFree(&goods);
    return rc;
}

/* Loads the mapping, replacing the previous one. */
static int run(ins_import_ctx *ctx)
{
    static const char count[] = "SELECT COUNT(*) FROM good_hs_map";
    map_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.doc = insRefDocument(ctx, "good-hs-map");
    if (st.doc < 0) return INS_ERR_DB;
    int rc = insCsvParse(ctx, ',', on_row, &st);
    if (rc == INS_OK && !st.header_seen)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no header row"));
    if (rc != INS_OK) return rc;
    sqlite3_stmt *s = insDbStmt(ctx->db, count);
    if (!s || sqlite3_step(s) != SQLITE_ROW) return INS_ERR_DB;
    int64_t rows = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (st.read > rows)
        insModelWarn(ctx->db, st.doc, "duplicate",
                     _("%lld (good, hs_prefix) pairs listed more than once; kept once"),
                     (long long)(st.read - rows));
    rc = check_goods(&st);
    if (rc != INS_OK) return rc;
    ctx->records = (unsigned)rows;
    return insRefRecord(ctx, "good-hs-map", rows,
                        "inspector project, data/good-hs-map.csv (each row names its source)",
                        "CC0");
}

const ins_importer insImporterGoodHsMap = {
    "good-hs-map",
    N_("mapping of ILAB goods to HS prefixes (good,hs_prefix,note,source)"),
    sniff,
    run,
};
