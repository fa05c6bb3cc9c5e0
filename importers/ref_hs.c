/*
** ref_hs.c: the Harmonized System 2022 nomenclature
** (data/harmonized-system-2022.csv, from datasets/harmonized-system).
**
** Header section,hscode,description,parent,level; one row per chapter
** (level 2), heading (4) and subheading (6).  The file's tree has a root
** row "TOTAL" (level 5) that is no code: it is passed over, and chapters,
** whose parent is that root, get no parent.  Chapter 99 ("commodities not
** specified according to kind") and its codes belong to no section (the
** file says "TOTAL"): their section is NULL.  Loading replaces the whole
** table.  Trade lines join on hs6 = code, risk rules on prefixes.
*/
#include "importer.h"

#include <string.h>


static const char *const hs_columns[] = {"section", "hscode", "description", "parent", "level"};

typedef struct hs_state {
    ins_import_ctx *ctx;
    int header_seen;
    int col[INS_ARRAY_LEN(hs_columns)];
    int64_t rows;
} hs_state;

/* The HS file: a header starting section,hscode,description,parent,level. */
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    for (size_t i = 0; i < INS_ARRAY_LEN(hs_columns); i++)
        if (!insRefHeaderField(s->first_line, i, hs_columns[i])) return 0;
    return 85;
}

/* Value of column C, or NULL when absent or empty. */
static const char *value(const hs_state *st, char **f, size_t nf, size_t c)
{
    int i = st->col[c];
    if (i < 0 || (size_t)i >= nf || !f[i] || !*f[i]) return NULL;
    return f[i];
}

/* Finds the columns and empties the table this file replaces. */
static int read_header(hs_state *st, unsigned long row, char **f, size_t nf)
{
    st->header_seen = 1;
    for (size_t c = 0; c < INS_ARRAY_LEN(hs_columns); c++) {
        st->col[c] = insCsvColumn(f, nf, hs_columns[c]);
        if (st->col[c] < 0)
            return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: header has no column '%s'"),
                                   row, hs_columns[c]);
    }
    static const char del[] = "DELETE FROM hs_codes";
    sqlite3_stmt *s = insDbStmt(st->ctx->db, del);
    if (!s) return INS_ERR_DB;
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Inserts one code.  Its level must be 2, 4 or 6 and the code as many
** digits; anything else, or a code given twice, rejects the file.
*/
static int import_row(hs_state *st, unsigned long row, char **f, size_t nf)
{
    static const char ins[] =
        "INSERT INTO hs_codes(code, level, parent, section, description) VALUES(?,?,?,?,?)";
    const char *code = value(st, f, nf, 1), *desc = value(st, f, nf, 2);
    const char *parent = value(st, f, nf, 3), *level = value(st, f, nf, 4);
    if (code && !strcmp(code, "TOTAL")) return INS_OK;
    size_t n = code ? strlen(code) : 0;
    if (!code || strspn(code, "0123456789") != n || (n != 2 && n != 4 && n != 6))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: '%s' is not an HS code of 2, 4 or 6 digits"), row,
                               code ? code : "");
    if (!level || (size_t)(level[0] - '0') != n || level[1])
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: level '%s' does not match code %s"), row,
                               level ? level : "", code);
    if (!desc)
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: code %s has no description"),
                               row, code);
    const char *section = value(st, f, nf, 0);
    if (parent && !strcmp(parent, "TOTAL")) parent = NULL;
    if (section && !strcmp(section, "TOTAL")) section = NULL;
    sqlite3_stmt *s = insDbStmt(st->ctx->db, ins);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, code);
    sqlite3_bind_int(s, 2, (int)n);
    insDbBindText(s, 3, parent);
    insDbBindText(s, 4, section);
    insDbBindText(s, 5, desc);
    int r = sqlite3_step(s);
    if (r == SQLITE_CONSTRAINT)
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: HS code %s appears twice"),
                               row, code);
    if (r != SQLITE_DONE) return INS_ERR_DB;
    st->rows++;
    return INS_OK;
}

static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    hs_state *st = ud;
    if (!st->header_seen) return read_header(st, row, f, nf);
    return import_row(st, row, f, nf);
}

/* Loads the nomenclature, replacing the previous one. */
static int run(ins_import_ctx *ctx)
{
    hs_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    if (insRefDocument(ctx, "hs2022") < 0) return INS_ERR_DB;
    int rc = insCsvParse(ctx, ',', on_row, &st);
    if (rc == INS_OK && st.rows == 0)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no HS codes in the file"));
    if (rc == INS_OK)
        rc = insRefRecord(ctx, "hs2022", st.rows,
                          "datasets/harmonized-system (WCO HS 2022 nomenclature)", "ODC-PDDL-1.0");
    ctx->records = (unsigned)st.rows;
    return rc;
}

const ins_importer insImporterHs = {
    "hs2022",
    N_("Harmonized System 2022 codes (chapters, headings, subheadings)"),
    sniff,
    run,
};
