/*
** bulk.c: the bulk insert path: firms, their main establishments,
** documents and trade lines written straight to the model in one
** transaction, then the derived tables built set-wise.
**
** The importers read files one at a time, each in a savepoint of its own,
** resolving every party through the model functions of model.c (upserts
** keyed by identifier, names kept with the documents that used them).  A
** producer that already holds a consistent world (bench/graphgen writes a
** supply graph of a million firms from a seed) needs none of that: it
** knows every firm once, every document once, and the ids it gets back.
** This path writes the same rows the importers write, with the same keys
** and normal forms, through a few prepared statements reused for every
** row, inside one transaction.  Supply edges are then rebuilt once from
** the trade lines (insModelRebuildEdges) and each new firm and
** establishment gets its first document, set-wise.
**
** What it does not write: firm_names (names as seen in documents; a bulk
** firm has its one registered name in firms.name), establishment_sources,
** warnings.  It is not a public interface: bench/ uses it to measure
** scoring on graphs too large to generate as files.
*/
#include "ins_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Page cache of a bulk load, in KiB (PRAGMA cache_size takes -KiB): the
** indexes of trade lines and documents are written in random key order,
** and a large cache keeps their pages from being written out and read
** back again and again.  The connection's own setting is restored after. */
#define BULK_CACHE_KIB 1048576

/* A bulk load in progress. */
struct ins_bulk {
    ins_db *db;
    int64_t file_id;    /* the source_files row every document belongs to */
    int64_t run_id;     /* the import_runs row */
    int64_t first_firm; /* firms and establishments with larger ids are this load's */
    int64_t first_estab;
    int64_t old_cache; /* PRAGMA cache_size before the load */
    ins_buf key;       /* scratch for keys */
};

/*
** Starts a bulk load into DB: remembers and enlarges the page cache,
** begins the one transaction, and writes the import_runs row and the one
** source_files row (kind "bulk", path SOURCE, sha256 the SHA-256 of
** "bulk:" and SOURCE) that every document of the load belongs to.  SOURCE
** names what produced the data, with its parameters ("graphgen --seed 1
** --firms 1000"): loading the same SOURCE twice is refused as a duplicate
** (INS_ERR_ARG), as the importers refuse a file seen before.  On success
** *OUT receives the load, to be finished with insBulkEnd.  Returns INS_OK,
** INS_ERR_NOMEM, INS_ERR_ARG or INS_ERR_DB (nothing written).
*/
int insBulkBegin(ins_db *db, const char *source, ins_bulk **out)
{
    static const char qrun[] =
        "INSERT INTO import_runs(started_at, tool_version, arguments) VALUES(?,?,?)";
    static const char qdup[] = "SELECT 1 FROM source_files WHERE sha256 = ?";
    static const char qfile[] =
        "INSERT INTO source_files(sha256, path, size, kind, import_run_id, imported_at)"
        " VALUES(?,?,0,'bulk',?,?)";
    *out = NULL;
    if (!source || !*source || db->readonly) return INS_ERR_ARG;
    ins_bulk *b = calloc(1, sizeof *b);
    if (!b) return INS_ERR_NOMEM;
    b->db = db;
    insBufInit(&b->key);
    b->old_cache = insDbScalarInt(db, "PRAGMA cache_size");

    char now[21], sha[65];
    insUNowIso(now);
    insBufPrintf(&b->key, "bulk:%s", source);
    if (b->key.oom) goto nomem;
    insUSha256Hex(b->key.s, b->key.len, sha);

    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%d", BULK_CACHE_KIB);
    if (insDbExec(db, pragma) != INS_OK || insDbBegin(db) != INS_OK) goto dberr;
    sqlite3_stmt *st = insDbStmt(db, qdup);
    if (!st) goto dberr;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) {
        insDbRollback(db);
        insBufFree(&b->key);
        free(b);
        return INS_ERR_ARG;
    }
    if (rc != SQLITE_DONE) goto dberr;

    if (!(st = insDbStmt(db, qrun))) goto dberr;
    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, PACKAGE_VERSION, -1, SQLITE_STATIC);
    insDbBindText(st, 3, insBufStr(&b->key));
    if (sqlite3_step(st) != SQLITE_DONE) goto dberr;
    b->run_id = sqlite3_last_insert_rowid(db->h);

    if (!(st = insDbStmt(db, qfile))) goto dberr;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    insDbBindText(st, 2, source);
    sqlite3_bind_int64(st, 3, b->run_id);
    sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) goto dberr;
    b->file_id = sqlite3_last_insert_rowid(db->h);

    b->first_firm = insDbScalarInt(db, "SELECT COALESCE(MAX(id), 0) FROM firms");
    b->first_estab = insDbScalarInt(db, "SELECT COALESCE(MAX(id), 0) FROM establishments");
    if (b->first_firm < 0 || b->first_estab < 0) goto dberr;
    *out = b;
    return INS_OK;

dberr:
    insDbRollback(db);
    insBufFree(&b->key);
    free(b);
    return INS_ERR_DB;
nomem:
    insBufFree(&b->key);
    free(b);
    return INS_ERR_NOMEM;
}

/*
** Writes firm F, which must be new to the database, keyed as the model
** keys it ("SCHEME:ID", or "NAME:COUNTRY:norm" without an identifier),
** with its normalised name and the result of its check digit; and, when
** F names a ubigeo or an address, its main establishment (annex 0000),
** whose id goes to *ESTAB (0 when none; ESTAB may be NULL).  Returns the
** firm's id, or -1 on error (a firm with that key already there, no
** memory, the database).
*/
int64_t insBulkFirm(ins_bulk *b, const ins_bulk_firm *f, int64_t *estab)
{
    static const char qfirm[] =
        "INSERT INTO firms(key, scheme, tax_id, country, name, norm_name, id_valid)"
        " VALUES(?,?,?,?,?,?,?)";
    static const char qestab[] =
        "INSERT INTO establishments(key, firm_id, annex_code, ubigeo, address, country, sector, workers)"
        " VALUES(?,?,'0000',?,?,?,?,?)";
    if (estab) *estab = 0;
    if (!f->name || !*f->name) return -1;
    char *norm = insNormName(f->name);
    if (!norm) return -1;
    int has_id = f->tax_id && *f->tax_id;
    const char *scheme = has_id ? (f->scheme ? f->scheme : INS_SCHEME_OTHER) : INS_SCHEME_NAME;
    insBufReset(&b->key);
    if (has_id)
        insBufPrintf(&b->key, "%s:%s", scheme, f->tax_id);
    else
        insBufPrintf(&b->key, "NAME:%s:%s", f->country ? f->country : "??", norm);
    int64_t id = -1;
    sqlite3_stmt *st = b->key.oom ? NULL : insDbStmt(b->db, qfirm);
    if (!st) goto out;
    insDbBindText(st, 1, insBufStr(&b->key));
    insDbBindText(st, 2, scheme);
    insDbBindText(st, 3, has_id ? f->tax_id : NULL);
    insDbBindText(st, 4, f->country);
    insDbBindText(st, 5, f->name);
    insDbBindText(st, 6, norm);
    int valid = has_id ? insIdValidate(scheme, f->tax_id) : -2;
    if (valid == 0 || valid == 1) sqlite3_bind_int(st, 7, valid);
    if (sqlite3_step(st) != SQLITE_DONE) goto out;
    id = sqlite3_last_insert_rowid(b->db->h);
    if ((f->ubigeo && *f->ubigeo) || (f->address && *f->address)) {
        insBufReset(&b->key);
        insBufPrintf(&b->key, "%lld|annex:0000", (long long)id);
        if (b->key.oom || !(st = insDbStmt(b->db, qestab))) {
            id = -1;
            goto out;
        }
        insDbBindText(st, 1, insBufStr(&b->key));
        sqlite3_bind_int64(st, 2, id);
        insDbBindText(st, 3, f->ubigeo);
        insDbBindText(st, 4, f->address);
        insDbBindText(st, 5, f->country);
        insDbBindText(st, 6, f->sector);
        if (f->workers >= 0) sqlite3_bind_int64(st, 7, f->workers);
        if (sqlite3_step(st) != SQLITE_DONE) {
            id = -1;
            goto out;
        }
        if (estab) *estab = sqlite3_last_insert_rowid(b->db->h);
    }
out:
    free(norm);
    return id;
}

/*
** Writes one document D of the load (its source file is the load's).
** Returns its id, or -1 on database error.
*/
int64_t insBulkDocument(ins_bulk *b, const ins_doc_info *d)
{
    return insModelDocument(b->db, b->file_id, d);
}

/*
** Writes trade line L: the columns the invoice importer fills, with hs6
** taken from the first six digits of the tariff code as it does.  Returns
** the line's id, or -1 on database error.
*/
int64_t insBulkTradeLine(ins_bulk *b, const ins_bulk_line *l)
{
    static const char sql[] =
        "INSERT INTO trade_lines(document_id, line_no, seller_firm_id, buyer_firm_id,"
        " seller_establishment_id, date, description, tariff_code, hs6, quantity, unit, amount,"
        " currency, sign, amount_pen) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
        " CASE WHEN ?13 IS NULL OR ?13 = 'PEN' THEN ?12 END)";
    sqlite3_stmt *st = insDbStmt(b->db, sql);
    if (!st) return -1;
    char line_no[24], hs6[7] = "";
    snprintf(line_no, sizeof line_no, "%d", l->line_no);
    if (l->tariff_code) {
        size_t k = 0;
        for (const char *p = l->tariff_code; *p && k < 6; p++)
            if (*p >= '0' && *p <= '9') hs6[k++] = *p;
        hs6[k == 6 ? 6 : 0] = '\0';
    }
    sqlite3_bind_int64(st, 1, l->document_id);
    sqlite3_bind_text(st, 2, line_no, -1, SQLITE_TRANSIENT);
    if (l->seller_firm_id > 0) sqlite3_bind_int64(st, 3, l->seller_firm_id);
    if (l->buyer_firm_id > 0) sqlite3_bind_int64(st, 4, l->buyer_firm_id);
    if (l->seller_establishment_id > 0) sqlite3_bind_int64(st, 5, l->seller_establishment_id);
    insDbBindText(st, 6, l->date);
    insDbBindText(st, 7, l->description);
    insDbBindText(st, 8, l->tariff_code);
    insDbBindText(st, 9, hs6);
    sqlite3_bind_double(st, 10, l->quantity);
    insDbBindText(st, 11, l->unit);
    sqlite3_bind_double(st, 12, l->amount);
    insDbBindText(st, 13, l->currency);
    sqlite3_bind_int(st, 14, l->sign < 0 ? -1 : 1);
    if (sqlite3_step(st) != SQLITE_DONE) return -1;
    return sqlite3_last_insert_rowid(b->db->h);
}

/*
** Finishes bulk load B and frees it.  With COMMIT: gives each firm and
** establishment of the load its first document (the first the firm
** issued, else the first in which it bought: the importers keep the
** document a firm was first seen in), rebuilds the supply edges from the
** trade lines (insModelRebuildEdges), closes the import run and commits;
** without, rolls everything back.  The page cache is set back either way.
** Returns INS_OK or INS_ERR_DB (then nothing of the load remains).
*/
int insBulkEnd(ins_bulk *b, int commit)
{
    static const char qfirst_firm[] =
        "UPDATE firms SET first_document_id = COALESCE("
        " (SELECT MIN(d.id) FROM documents d WHERE d.issuer_firm_id = firms.id),"
        " (SELECT MIN(t.document_id) FROM trade_lines t WHERE t.buyer_firm_id = firms.id))"
        " WHERE id > ?1 AND first_document_id IS NULL";
    static const char qfirst_estab[] =
        "UPDATE establishments SET first_document_id ="
        " (SELECT f.first_document_id FROM firms f WHERE f.id = establishments.firm_id)"
        " WHERE id > ?1 AND first_document_id IS NULL";
    static const char qfin[] = "UPDATE import_runs SET finished_at = ? WHERE id = ?";
    if (!b) return INS_ERR_ARG;
    ins_db *db = b->db;
    int rc = INS_OK;
    if (commit) {
        const char *steps[] = {qfirst_firm, qfirst_estab};
        for (size_t i = 0; i < INS_ARRAY_LEN(steps) && rc == INS_OK; i++) {
            sqlite3_stmt *st = insDbStmt(db, steps[i]);
            if (!st) {
                rc = INS_ERR_DB;
                break;
            }
            sqlite3_bind_int64(st, 1, i == 0 ? b->first_firm : b->first_estab);
            if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
        }
        if (rc == INS_OK) rc = insModelRebuildEdges(db);
        if (rc == INS_OK) {
            char now[21];
            insUNowIso(now);
            sqlite3_stmt *st = insDbStmt(db, qfin);
            if (!st) rc = INS_ERR_DB;
            else {
                sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(st, 2, b->run_id);
                if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
            }
        }
        if (rc == INS_OK && insDbCommit(db) != INS_OK) rc = INS_ERR_DB;
    }
    if (!commit || rc != INS_OK) insDbRollback(db);
    if (b->old_cache != -1) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA cache_size=%lld", (long long)b->old_cache);
        insDbExec(db, pragma);
    }
    insBufFree(&b->key);
    free(b);
    return commit ? rc : INS_OK;
}
