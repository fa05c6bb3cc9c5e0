/*
** listings.c: the store every listings importer shares (OpenSanctions,
** Brazil's Cadastro de Empregadores): one version row per list and import,
** entries upserted by (list, entry key) with their names, identifiers,
** periods and extra attributes, and the entries a newer version no longer
** holds de-listed (dated), never deleted.
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* How insLstStoreEntry found the entry. */
/*
** Creates the listing_versions row of LIST_NAME for document DOC; counts
** are filled in when the file is done.  Returns the row id, -1 on error.
*/
int64_t insLstVersionNew(ins_db *db, int64_t doc, const char *list_name)
{
    static const char sql[] =
        "INSERT INTO listing_versions(list_name, document_id, imported_at, entries, added, delisted)"
        " VALUES(?,?,?,0,0,0)";
    char now[21];
    insUNowIso(now);
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return -1;
    insDbBindText(s, 1, list_name);
    sqlite3_bind_int64(s, 2, doc);
    insDbBindText(s, 3, now);
    if (sqlite3_step(s) != SQLITE_DONE) return -1;
    return sqlite3_last_insert_rowid(db->h);
}

/*
** Inserts or refreshes entry E in version VERSION of its list.  A new entry,
** or one back after being delisted, is ENTRY_ADDED; one already written by
** this version (the key repeats in the file) is ENTRY_REPEATED and left as
** it is; otherwise its names, identifiers and periods are cleared for the
** caller to write again, and it is ENTRY_UPDATED.  Its period bounds are
** recomputed from listing_periods when the file is done.  Returns the
** listing id (status in *HOW), or -1 on error.
*/
int64_t insLstStoreEntry(ins_db *db, int64_t doc, int64_t version, const lst_entry *e, int *how)
{
    static const char q_find[] =
        "SELECT id, delisted_at IS NOT NULL, last_version_id FROM listings"
        " WHERE list_name = ? AND entry_key = ?";
    static const char q_insert[] =
        "INSERT INTO listings(list_name, entry_key, entity_kind, name, norm_name, countries,"
        " birth_date, reason, dataset, program, addresses, first_version_id, last_version_id,"
        " document_id) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?12,?13)";
    static const char q_update[] =
        "UPDATE listings SET entity_kind = ?3, name = ?4, norm_name = ?5, countries = ?6,"
        " birth_date = ?7, reason = ?8, dataset = ?9, program = ?10, addresses = ?11,"
        " last_version_id = ?12, document_id = ?13, listed_from = NULL, listed_until = NULL,"
        " delisted_at = NULL, delisted_version_id = NULL WHERE id = ?1";
    static const char *const q_clear[] = {
        "DELETE FROM listing_names WHERE listing_id = ?",
        "DELETE FROM listing_ids WHERE listing_id = ?",
        "DELETE FROM listing_periods WHERE listing_id = ?",
    };
    sqlite3_stmt *s = insDbStmt(db, q_find);
    if (!s) return -1;
    insDbBindText(s, 1, e->list_name);
    insDbBindText(s, 2, e->entry_key);
    int64_t id = 0, last = 0;
    int was_delisted = 0;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        was_delisted = sqlite3_column_int(s, 1);
        last = sqlite3_column_int64(s, 2);
    } else if (rc != SQLITE_DONE) {
        return -1;
    }
    sqlite3_reset(s);
    if (id && last == version) {
        *how = ENTRY_REPEATED;
        return id;
    }
    char *norm = insNormName(e->name);
    if (!norm) return -1;
    s = insDbStmt(db, id ? q_update : q_insert);
    if (!s) {
        free(norm);
        return -1;
    }
    if (id) sqlite3_bind_int64(s, 1, id);
    else {
        insDbBindText(s, 1, e->list_name);
        insDbBindText(s, 2, e->entry_key);
    }
    insDbBindText(s, 3, e->entity_kind);
    sqlite3_bind_text(s, 4, e->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, norm, -1, SQLITE_STATIC);
    insDbBindText(s, 6, e->countries);
    insDbBindText(s, 7, e->birth_date);
    insDbBindText(s, 8, e->reason);
    insDbBindText(s, 9, e->dataset);
    insDbBindText(s, 10, e->program);
    insDbBindText(s, 11, e->addresses);
    sqlite3_bind_int64(s, 12, version);
    sqlite3_bind_int64(s, 13, doc);
    rc = sqlite3_step(s);
    free(norm);
    if (rc != SQLITE_DONE) return -1;
    if (!id) {
        *how = ENTRY_ADDED;
        return sqlite3_last_insert_rowid(db->h);
    }
    for (size_t i = 0; i < INS_ARRAY_LEN(q_clear); i++) {
        s = insDbStmt(db, q_clear[i]);
        if (!s) return -1;
        sqlite3_bind_int64(s, 1, id);
        if (sqlite3_step(s) != SQLITE_DONE) return -1;
    }
    *how = was_delisted ? ENTRY_ADDED : ENTRY_UPDATED;
    return id;
}

/* Records NAME of listing ID (KIND primary or alias), with its key, unless
** the listing already has a name with that key. */
int insLstAddName(ins_db *db, int64_t id, const char *name, const char *kind)
{
    static const char sql[] =
        "INSERT INTO listing_names(listing_id, name, norm_name, kind) SELECT ?1, ?2, ?3, ?4"
        " WHERE NOT EXISTS (SELECT 1 FROM listing_names WHERE listing_id = ?1 AND norm_name = ?3)";
    char *norm = insNormName(name);
    if (!norm) return INS_ERR_NOMEM;
    sqlite3_stmt *s = insDbStmt(db, sql);
    int rc = INS_ERR_DB;
    if (s) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, norm, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, kind, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_DONE) rc = INS_OK;
    }
    free(norm);
    return rc;
}

/* Records identifier VALUE (NORM: its comparable form) of listing ID, once. */
int insLstAddId(ins_db *db, int64_t id, const char *scheme, const char *value, const char *norm)
{
    static const char sql[] =
        "INSERT INTO listing_ids(listing_id, scheme, value, norm_value) SELECT ?1, ?2, ?3, ?4"
        " WHERE NOT EXISTS (SELECT 1 FROM listing_ids WHERE listing_id = ?1 AND norm_value = ?4)";
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, id);
    insDbBindText(s, 2, scheme);
    sqlite3_bind_text(s, 3, value, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, norm, -1, SQLITE_STATIC);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/* Records a listing period of listing ID, once; END NULL or "" while open. */
int insLstAddPeriod(ins_db *db, int64_t id, const char *start, const char *end)
{
    static const char sql[] =
        "INSERT INTO listing_periods(listing_id, start_date, end_date) SELECT ?1, ?2, ?3"
        " WHERE NOT EXISTS (SELECT 1 FROM listing_periods WHERE listing_id = ?1"
        " AND start_date IS ?2 AND end_date IS ?3)";
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, id);
    insDbBindText(s, 2, start);
    insDbBindText(s, 3, end);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/* Keeps a value the model has no column for, tied to listing ID. */
int insLstAddAttr(ins_db *db, int64_t doc, unsigned long row, int64_t id, const char *name,
                    const char *value)
{
    return insModelAttribute(db, doc, (int64_t)row, "listing", id, name, value);
}

/* Runs SQL with ?1 = VERSION and ?2 = LIST_NAME; the number of rows
** changed, or -1 on error. */
static int64_t lst_exec_version(ins_db *db, const char *sql, int64_t version, const char *list_name)
{
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, version);
    insDbBindText(s, 2, list_name);
    if (sqlite3_step(s) != SQLITE_DONE) return -1;
    return sqlite3_changes(db->h);
}

/*
** Closes version VERSION of LIST_NAME dated DATE, set-based.  DATED is 1
** when the date comes from the file, 0 when it is the import date.
** - refuses (INS_ERR_FORMAT, reason set) a dated version older than one
**   already imported, since replacing newer entries with older ones would
**   falsify the history;
** - sets listed_from / listed_until of the entries it wrote from their
**   periods (listed_until only when every period has an end);
** - marks entries of the list it does not hold as delisted on DATE, closing
**   their open period at the last_seen of the last version that held them,
**   failing that at that version's date, failing that at DATE;
** - stores the counts in the version row.
*/
int insLstFinishVersion(ins_import_ctx *ctx, const char *list_name, int64_t version,
                          const char *date, int dated, unsigned entries, unsigned added)
{
    static const char q_latest[] =
        "SELECT MAX(d.issue_date) FROM listing_versions v JOIN documents d ON d.id = v.document_id"
        " WHERE v.list_name = ? AND v.id <> ?";
    static const char q_bounds[] =
        "UPDATE listings SET"
        " listed_from = (SELECT MIN(p.start_date) FROM listing_periods p WHERE p.listing_id = listings.id),"
        " listed_until = CASE WHEN EXISTS (SELECT 1 FROM listing_periods p"
        "   WHERE p.listing_id = listings.id AND p.end_date IS NULL) THEN NULL"
        "   ELSE (SELECT MAX(p.end_date) FROM listing_periods p WHERE p.listing_id = listings.id) END"
        " WHERE list_name = ?2 AND last_version_id = ?1";
    static const char q_delist[] =
        "UPDATE listings SET delisted_at = ?1, delisted_version_id = ?2,"
        " listed_until = COALESCE(listed_until,"
        "  (SELECT substr(a.value, 1, 10) FROM listing_versions v JOIN record_attributes a"
        "    ON a.document_id = v.document_id WHERE v.id = listings.last_version_id"
        "    AND a.entity = 'listing' AND a.entity_id = listings.id AND a.name = 'last_seen'),"
        "  (SELECT d.issue_date FROM listing_versions v JOIN documents d ON d.id = v.document_id"
        "    WHERE v.id = listings.last_version_id), ?1)"
        " WHERE list_name = ?3 AND delisted_at IS NULL AND last_version_id IS NOT ?2";
    static const char q_close[] =
        "UPDATE listing_periods SET end_date ="
        " (SELECT l.listed_until FROM listings l WHERE l.id = listing_periods.listing_id)"
        " WHERE end_date IS NULL AND listing_id IN"
        " (SELECT id FROM listings WHERE list_name = ?2 AND delisted_version_id = ?1)";
    static const char q_counts[] =
        "UPDATE listing_versions SET entries = ?, added = ?, delisted = ? WHERE id = ?";
    ins_db *db = ctx->db;

    sqlite3_stmt *s;
    if (dated) {
        s = insDbStmt(db, q_latest);
        if (!s) return INS_ERR_DB;
        insDbBindText(s, 1, list_name);
        sqlite3_bind_int64(s, 2, version);
        if (sqlite3_step(s) != SQLITE_ROW) return INS_ERR_DB;
        const unsigned char *latest = sqlite3_column_text(s, 0);
        if (latest && strcmp((const char *)latest, date) > 0) {
            int rc = insImportReject(ctx, INS_ERR_FORMAT,
                                     _("list '%s': this version (%s) is older than the one "
                                       "already imported (%s); import the versions of a list "
                                       "in order"),
                                     list_name, date, (const char *)latest);
            sqlite3_reset(s);
            return rc;
        }
        sqlite3_reset(s);
    }

    if (lst_exec_version(db, q_bounds, version, list_name) < 0) return INS_ERR_DB;
    s = insDbStmt(db, q_delist);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, date);
    sqlite3_bind_int64(s, 2, version);
    insDbBindText(s, 3, list_name);
    if (sqlite3_step(s) != SQLITE_DONE) return INS_ERR_DB;
    int64_t delisted = sqlite3_changes(db->h);
    if (delisted > 0 && lst_exec_version(db, q_close, version, list_name) < 0) return INS_ERR_DB;

    s = insDbStmt(db, q_counts);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, entries);
    sqlite3_bind_int64(s, 2, added);
    sqlite3_bind_int64(s, 3, delisted);
    sqlite3_bind_int64(s, 4, version);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/* ---- identifiers of listed entities --------------------------------------- */

/* Comparable form of an identifier: upper case, without spaces, dots,
** dashes or slashes (malloc'd). */
char *insLstIdNorm(const char *v)
{
    size_t n = strlen(v);
    char *o = malloc(n + 1);
    if (!o) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == ' ' || c == '.' || c == '-' || c == '/' || c == '\t' || c == '\r' || c == '\n')
            continue;
        o[k++] = (char)toupper(c);
    }
    o[k] = '\0';
    return o;
}

/* 1 when the N first bytes of S are ASCII digits. */
int insLstDigits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

/*
** Brazilian CNPJ check: 14 characters, the first 12 digits or (from 2026)
** upper-case letters, each worth its code minus '0', then two check digits
** computed modulo 11.  A number of one repeated digit is not valid.
*/
int insLstCnpjValid(const char *s)
{
    static const int w[13] = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
    if (strlen(s) != 14 || !insLstDigits(s + 12, 2)) return 0;
    int same = 1;
    for (int i = 0; i < 12; i++) {
        if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'A' && s[i] <= 'Z')) return 0;
        if (s[i] != s[0]) same = 0;
    }
    if (same && s[12] == s[0] && s[13] == s[0]) return 0;
    for (int d = 0; d < 2; d++) {
        int sum = 0;
        for (int i = 0; i < 12 + d; i++) sum += (s[i] - '0') * w[i + 1 - d];
        int r = sum % 11;
        if (s[12 + d] - '0' != (r < 2 ? 0 : 11 - r)) return 0;
    }
    return 1;
}

/* Brazilian CPF check: 11 digits, two check digits modulo 11. */
int insLstCpfValid(const char *s)
{
    if (strlen(s) != 11 || !insLstDigits(s, 11)) return 0;
    int same = 1;
    for (int i = 1; i < 11; i++)
        if (s[i] != s[0]) same = 0;
    if (same) return 0;
    for (int d = 0; d < 2; d++) {
        int sum = 0;
        for (int i = 0; i < 9 + d; i++) sum += (s[i] - '0') * (10 + d - i);
        int r = sum % 11;
        if (s[9 + d] - '0' != (r < 2 ? 0 : 11 - r)) return 0;
    }
    return 1;
}

/* Cuts S in place to at most MAX bytes, at a character boundary; 1 when it
** was longer (a name beyond INS_MAX_NAME_BYTES, say). */
int insLstCutText(char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) return 0;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    s[max] = '\0';
    return 1;
}

/*
** Keeps, as attributes of listing ID, the values of row ROW (fields F) the
** model has no place for: every field not in a known column (COL[c] is the
** field index of known column c, -1 when absent) and the known ones whose
** KEEP[c] is set, under their header as written (HEAD), or "column N".
*/
int insLstKeepColumns(ins_db *db, int64_t doc, unsigned long row, int64_t id, char **f, size_t nf, char **head,
                      size_t nhead, const int *col, const int *keep, int ncol)
{
    int rc = INS_OK;
    for (size_t i = 0; rc == INS_OK && i < nf; i++) {
        if (!f[i] || !*f[i]) continue;
        int known = -1;
        for (int c = 0; c < ncol && known < 0; c++)
            if (col[c] == (int)i) known = c;
        if (known >= 0 && !keep[known]) continue;
        ins_buf h;
        insBufInit(&h);
        if (i < nhead && head[i][0]) insBufAppendStr(&h, head[i]);
        else insBufPrintf(&h, "column %zu", i + 1);
        rc = h.oom ? INS_ERR_NOMEM : insLstAddAttr(db, doc, row, id, insBufStr(&h), f[i]);
        insBufFree(&h);
    }
    return rc;
}

/* A copy of the header cells F (NF of them; NULL cells as ""), to name
** the attributes of later rows; NULL when out of memory.  Free with
** insLstHeaderFree. */
char **insLstHeaderCopy(char **f, size_t nf)
{
    char **head = calloc(nf ? nf : 1, sizeof *head);
    for (size_t i = 0; head && i < nf; i++)
        if (!(head[i] = insUStrdup(f[i] ? f[i] : ""))) {
            insLstHeaderFree(head, i);
            head = NULL;
        }
    return head;
}

/* Frees a header copy of N cells (NULL is fine). */
void insLstHeaderFree(char **head, size_t n)
{
    for (size_t i = 0; head && i < n; i++) free(head[i]);
    free(head);
}
