/*
** ref_ubigeo.c: Peru's ubigeo codes (data/ubigeo_{departamento,provincia,
** distrito}.csv).
**
** The three files come from jmcastagnetto/ubigeo-peru-aumentado: one row
** per department, province or district, with the INEI and RENIEC codings
** side by side, names, capital, coordinates, altitude, area and poverty.
** The level is read from the header: a distrito column makes a district
** file (level 3), a provincia column a province file (2), otherwise a
** department file (1).  Loading a file replaces the rows of its level.
**
** Codes are kept exactly as the file gives them, six INEI digits DDPPdd:
** a department is "150000", a province "150100", a district "150101".  The
** department of any code is its first 2 digits and the province its first
** 4, so joins between levels are substr(code, 1, 2) and substr(code, 1, 4).
** SUNAT documents use INEI codes, so the INEI code is the key; the RENIEC
** code is kept beside it.
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- ubigeo ----------------------------------------------------------- */

enum {
    UB_INEI,
    UB_RENIEC,
    UB_DEPARTMENT,
    UB_PROVINCE,
    UB_DISTRICT,
    UB_CAPITAL,
    UB_LAT,
    UB_LNG,
    UB_ALTITUDE,
    UB_AREA,
    UB_POVERTY,
    UB_COUNT
};

static const char *const ub_columns[UB_COUNT] = {
    "inei",     "reniec",    "departamento", "provincia", "distrito",         "capital",
    "latitude", "longitude", "altitude",     "superficie", "pct_pobreza_total",
};

static const char *const level_names[] = {NULL, "ubigeo-departamento", "ubigeo-provincia",
                                          "ubigeo-distrito"};

typedef struct ubigeo_state {
    ins_import_ctx *ctx;
    int64_t doc;
    int header_seen;
    int level;
    int col[UB_COUNT];
    int64_t rows;
    unsigned skipped; /* rows without an INEI code */
} ubigeo_state;

/*
** A ubigeo file: first column inei, second reniec, and a departamento
** column.
*/
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    if (insRefHeaderField(s->first_line, 0, "inei") && insRefHeaderField(s->first_line, 1, "reniec") &&
        insRefHeaderHas(s->first_line, "departamento"))
        return 85;
    return 0;
}

/* A text value, or NULL when empty or "NA". */
static const char *text_of(const ubigeo_state *st, char **f, size_t nf, int c)
{
    int i = st->col[c];
    if (i < 0 || (size_t)i >= nf || !f[i] || !*f[i] || insUStrieq(f[i], "NA")) return NULL;
    return f[i];
}

/* Binds a numeric column, NULL when missing. */
static void bind_number(sqlite3_stmt *s, int pos, const ubigeo_state *st, char **f, size_t nf, int c)
{
    double v = 0;
    int has = insRefNumber(text_of(st, f, nf, c), &v);
    insDbBindOptDouble(s, pos, has, v);
}

/*
** Reads the header: the level, the columns, and then removes the rows of
** that level, which this file replaces.
*/
static int read_header(ubigeo_state *st, unsigned long row, char **f, size_t nf)
{
    static const char del[] = "DELETE FROM ubigeo WHERE level = ?";
    st->header_seen = 1;
    for (int c = 0; c < UB_COUNT; c++) st->col[c] = insCsvColumn(f, nf, ub_columns[c]);
    st->level = st->col[UB_DISTRICT] >= 0 ? 3 : st->col[UB_PROVINCE] >= 0 ? 2 : 1;
    if (st->col[UB_INEI] < 0 || st->col[UB_DEPARTMENT] < 0)
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: header needs the columns inei and departamento"), row);
    sqlite3_stmt *s = insDbStmt(st->ctx->db, del);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int(s, 1, st->level);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Inserts one code.  A row without an INEI code (the shipped district file
** has one, known only by its RENIEC code) cannot be keyed: it is skipped
** with a warning.  A code that is not 6 digits, or that appears twice,
** rejects the file: reference data must be exact.
*/
static int import_row(ubigeo_state *st, unsigned long row, char **f, size_t nf)
{
    static const char ins[] =
        "INSERT INTO ubigeo(code, reniec, level, department, province, district, capital,"
        " latitude, longitude, altitude, area_km2, poverty_pct) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)";
    const char *code = text_of(st, f, nf, UB_INEI);
    if (!code) {
        const char *reniec = text_of(st, f, nf, UB_RENIEC);
        st->skipped++;
        return insModelWarn(st->ctx->db, st->doc, "no_code",
                            _("row %lu: no INEI code (RENIEC %s); row skipped"), row,
                            reniec ? reniec : "-");
    }
    if (strlen(code) != 6 || strspn(code, "0123456789") != 6)
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: ubigeo '%s' is not 6 digits"),
                               row, code);
    sqlite3_stmt *s = insDbStmt(st->ctx->db, ins);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, code);
    insDbBindText(s, 2, text_of(st, f, nf, UB_RENIEC));
    sqlite3_bind_int(s, 3, st->level);
    insDbBindText(s, 4, text_of(st, f, nf, UB_DEPARTMENT));
    insDbBindText(s, 5, st->level >= 2 ? text_of(st, f, nf, UB_PROVINCE) : NULL);
    insDbBindText(s, 6, st->level >= 3 ? text_of(st, f, nf, UB_DISTRICT) : NULL);
    insDbBindText(s, 7, text_of(st, f, nf, UB_CAPITAL));
    bind_number(s, 8, st, f, nf, UB_LAT);
    bind_number(s, 9, st, f, nf, UB_LNG);
    bind_number(s, 10, st, f, nf, UB_ALTITUDE);
    bind_number(s, 11, st, f, nf, UB_AREA);
    bind_number(s, 12, st, f, nf, UB_POVERTY);
    int r = sqlite3_step(s);
    if (r == SQLITE_CONSTRAINT)
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: ubigeo %s appears twice (or at another level)"), row,
                               code);
    if (r != SQLITE_DONE) return INS_ERR_DB;
    st->rows++;
    return INS_OK;
}

static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    ubigeo_state *st = ud;
    if (!st->header_seen) return read_header(st, row, f, nf);
    return import_row(st, row, f, nf);
}

/* Loads one ubigeo file, replacing the codes of its level. */
static int run(ins_import_ctx *ctx)
{
    ubigeo_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.doc = insRefDocument(ctx, "ubigeo");
    if (st.doc < 0) return INS_ERR_DB;
    int rc = insCsvParse(ctx, ',', on_row, &st);
    if (rc == INS_OK && !st.header_seen)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no header row"));
    if (rc == INS_OK && st.rows == 0)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no ubigeo codes in the file"));
    if (rc == INS_OK)
        rc = insRefRecord(ctx, level_names[st.level], st.rows,
                          "jmcastagnetto/ubigeo-peru-aumentado (INEI and RENIEC codings)", "MIT");
    ctx->records = (unsigned)st.rows;
    return rc;
}

const ins_importer insImporterUbigeo = {
    "ubigeo",
    N_("Peru's ubigeo codes, INEI and RENIEC (department, province or district file)"),
    sniff,
    run,
};
