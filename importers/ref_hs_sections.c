/*
** ref_hs_sections.c: the 21 sections of the Harmonized System
** (data/hs-sections.csv, from datasets/harmonized-system).
**
** Header section,name; the shipped file starts with a UTF-8 byte-order
** mark, which the CSV reader and the sniffer remove.  Loading replaces the
** whole table.  hs_codes.section refers to these Roman numerals.
*/
#include "importer.h"

#include <string.h>


typedef struct sections_state {
    ins_import_ctx *ctx;
    int header_seen;
    int col_section, col_name;
    int64_t rows;
} sections_state;

/* The sections file: a header of exactly section,name. */
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    const char *comma = strchr(s->first_line, ',');
    if (!comma || strchr(comma + 1, ',')) return 0;
    if (insRefHeaderField(s->first_line, 0, "section") && insRefHeaderField(s->first_line, 1, "name"))
        return 85;
    return 0;
}

/* Finds the columns and empties the table this file replaces. */
static int read_header(sections_state *st, unsigned long row, char **f, size_t nf)
{
    static const char del[] = "DELETE FROM hs_sections";
    st->header_seen = 1;
    st->col_section = insCsvColumn(f, nf, "section");
    st->col_name = insCsvColumn(f, nf, "name");
    if (st->col_section < 0 || st->col_name < 0)
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: header needs the columns section and name"), row);
    sqlite3_stmt *s = insDbStmt(st->ctx->db, del);
    if (!s) return INS_ERR_DB;
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/* Inserts one section; a row without section or name, or a section given
** twice, rejects the file. */
static int import_row(sections_state *st, unsigned long row, char **f, size_t nf)
{
    static const char ins[] = "INSERT INTO hs_sections(section, name) VALUES(?,?)";
    const char *sec = (size_t)st->col_section < nf ? f[st->col_section] : NULL;
    const char *name = (size_t)st->col_name < nf ? f[st->col_name] : NULL;
    if (!sec || !*sec || !name || !*name)
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: section or name missing"), row);
    sqlite3_stmt *s = insDbStmt(st->ctx->db, ins);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, sec);
    insDbBindText(s, 2, name);
    int r = sqlite3_step(s);
    if (r == SQLITE_CONSTRAINT)
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: section %s appears twice"),
                               row, sec);
    if (r != SQLITE_DONE) return INS_ERR_DB;
    st->rows++;
    return INS_OK;
}

static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    sections_state *st = ud;
    if (!st->header_seen) return read_header(st, row, f, nf);
    return import_row(st, row, f, nf);
}

/* Loads the sections, replacing the previous ones. */
static int run(ins_import_ctx *ctx)
{
    sections_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    if (insRefDocument(ctx, "hs-sections") < 0) return INS_ERR_DB;
    int rc = insCsvParse(ctx, ',', on_row, &st);
    if (rc == INS_OK && st.rows == 0)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no HS sections in the file"));
    if (rc == INS_OK)
        rc = insRefRecord(ctx, "hs-sections", st.rows,
                          "datasets/harmonized-system (WCO HS 2022 sections)", "ODC-PDDL-1.0");
    ctx->records = (unsigned)st.rows;
    return rc;
}

const ins_importer insImporterHsSections = {
    "hs-sections",
    N_("Harmonized System sections (Roman numeral and name)"),
    sniff,
    run,
};
