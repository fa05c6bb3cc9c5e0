/*
** refdata.c: helpers shared by the reference-data importers (ref_*.c):
** provenance rows for a loaded reference file, header tests on a CSV's
** first line, and numbers where "NA" means missing.
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/*
** Creates the documents row of a reference file (kind 'reference', type
** code NAME), so that what was loaded, from which file, has provenance like
** any other import.  Returns its id, or -1 on database error.
*/
int64_t insRefDocument(ins_import_ctx *ctx, const char *name)
{
    ins_doc_info d;
    memset(&d, 0, sizeof d);
    d.kind = "reference";
    d.type_code = name;
    return insModelDocument(ctx->db, ctx->file_id, &d);
}

/*
** Writes, or replaces, the reference_sources row NAME: the file it was
** loaded from, its SHA-256, how many rows it gave, and its source and
** licence (data/PROVENANCE.md).
*/
int insRefRecord(ins_import_ctx *ctx, const char *name, int64_t rows, const char *source,
                 const char *licence)
{
    static const char sql[] =
        "INSERT OR REPLACE INTO reference_sources(name, path, sha256, rows, source, licence,"
        " loaded_at) VALUES(?,?,?,?,?,?,?)";
    char now[21];
    insUNowIso(now);
    sqlite3_stmt *s = insDbStmt(ctx->db, sql);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, name);
    insDbBindText(s, 2, ctx->src->display);
    insDbBindText(s, 3, ctx->src->sha256);
    sqlite3_bind_int64(s, 4, rows);
    insDbBindText(s, 5, source);
    insDbBindText(s, 6, licence);
    insDbBindText(s, 7, now);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Finds field INDEX (0-based) of the comma-separated header LINE and
** compares it with NAME, ignoring case, surrounding blanks and double
** quotes.  Reads LINE in place.  1 when equal.
*/
int insRefHeaderField(const char *line, size_t index, const char *name)
{
    const char *p = line;
    for (size_t i = 0;; i++) {
        const char *start = p;
        int quoted = 0;
        while (*p && (quoted || *p != ',')) {
            if (*p == '"') quoted = !quoted;
            p++;
        }
        if (i == index) {
            const char *end = p;
            while (start < end && (*start == ' ' || *start == '\t' || *start == '"')) start++;
            while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '"')) end--;
            size_t n = strlen(name);
            if ((size_t)(end - start) != n) return 0;
            for (size_t k = 0; k < n; k++)
                if (tolower((unsigned char)start[k]) != tolower((unsigned char)name[k])) return 0;
            return 1;
        }
        if (*p != ',') return 0;
        p++;
    }
}

/* 1 when any field of the comma-separated header LINE is NAME. */
int insRefHeaderHas(const char *line, const char *name)
{
    size_t n = 1;
    for (const char *p = line; *p; p++) n += *p == ',';
    for (size_t i = 0; i < n; i++)
        if (insRefHeaderField(line, i, name)) return 1;
    return 0;
}

/*
** Parses a number of a reference file.  Empty values and "NA" (how R
** writes a missing value, as in the ubigeo files) are missing: returns 0.
*/
int insRefNumber(const char *s, double *out)
{
    if (!s || !*s || insUStrieq(s, "NA")) return 0;
    return insUParseDouble(s, out);
}

