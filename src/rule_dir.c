/*
** rule_dir.c: firms, documents and ILAB goods in memory, for the loader.
**
** A trade line names its seller, its buyer and its document by id, and
** rules read their tax ids, names, countries, the document's type and the
** ILAB good of the line's HS code.  Joined in SQL, each of those is a
** b-tree seek per row (three per trade line, and a grouped subquery for
** the ILAB good): at a million lines the seeks were most of a scoring
** run.  Here each table is read once, in id order, into sorted arrays,
** and rule_data.c fills those columns with a binary search per row.  The
** values are the ones the joins gave: the same text, NULL where the join
** found nothing.
**
** Strings live in an arena table (an ins_table with no columns) that the
** frame owns, so filled values point into it and outlive the directory.
*/
#include "rule.h"

#include <stdlib.h>
#include <string.h>

/* ---- interned strings ------------------------------------------------------- */

/*
** Copies TEXT (LEN bytes) into the directory's arena once: equal strings
** share one copy, so a million documents of six types hold six strings.
** NULL TEXT gives NULL.  0 when out of memory.
*/
static int intern(ins_dir *d, const char *text, size_t len, const char **out)
{
    *out = NULL;
    if (!text) return 1;
    if (d->nslot == 0 || 2 * (d->nint + 1) > d->nslot) {
        size_t n = d->nslot ? 2 * d->nslot : 64;
        const char **v = calloc(n, sizeof *v);
        if (!v) return 0;
        for (size_t i = 0; i < d->nslot; i++) {
            if (!d->slot[i]) continue;
            size_t h = insUHashBytes(d->slot[i], strlen(d->slot[i])) & (n - 1);
            while (v[h]) h = (h + 1) & (n - 1);
            v[h] = d->slot[i];
        }
        free(d->slot);
        d->slot = v;
        d->nslot = n;
    }
    size_t h = insUHashBytes(text, len) & (d->nslot - 1);
    while (d->slot[h]) {
        if (strlen(d->slot[h]) == len && !memcmp(d->slot[h], text, len)) {
            *out = d->slot[h];
            return 1;
        }
        h = (h + 1) & (d->nslot - 1);
    }
    const char *s = insTableStr(d->arena, text, len);
    if (!s) return 0;
    d->slot[h] = s;
    d->nint++;
    *out = s;
    return 1;
}

/* Column COL of the current row of ST as an interned string (NULL stays NULL). */
static int intern_col(ins_dir *d, sqlite3_stmt *st, int col, const char **out)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    return intern(d, s, s ? (size_t)sqlite3_column_bytes(st, col) : 0, out);
}

/* Column COL as a string copied into the arena, not interned (names, tax ids). */
static int copy_col(ins_dir *d, sqlite3_stmt *st, int col, const char **out)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    *out = s ? insTableStr(d->arena, s, (size_t)sqlite3_column_bytes(st, col)) : NULL;
    return !s || *out;
}

/* ---- loading ------------------------------------------------------------------ */

/*
** Counts the rows of COUNT_SQL into *N and allocates the id array of that
** size.  0 on a database error (*RC then says which) or out of memory.
*/
static int sized(ins_db *db, const char *count_sql, size_t *n, int64_t **ids, int *rc)
{
    int64_t k = insDbScalarInt(db, count_sql);
    if (k < 0) { *rc = INS_ERR_DB; return 0; }
    *n = (size_t)k;
    *ids = calloc(*n ? *n : 1, sizeof **ids);
    if (!*ids) { *rc = INS_ERR_NOMEM; return 0; }
    return 1;
}

/* Every firm: id, tax id, name and country, in id order. */
static int load_firms(ins_db *db, ins_dir *d)
{
    int rc = INS_ERR_NOMEM;
    if (!sized(db, "SELECT COUNT(*) FROM firms", &d->nf, &d->fid, &rc)) return rc;
    d->ftax = calloc(d->nf ? d->nf : 1, sizeof *d->ftax);
    d->fname = calloc(d->nf ? d->nf : 1, sizeof *d->fname);
    d->fcountry = calloc(d->nf ? d->nf : 1, sizeof *d->fcountry);
    if (!d->ftax || !d->fname || !d->fcountry) return INS_ERR_NOMEM;
    sqlite3_stmt *st = insDbStmt(db, "SELECT id, tax_id, name, country FROM firms ORDER BY id");
    if (!st) return INS_ERR_DB;
    size_t k = 0;
    int s;
    rc = INS_OK;
    while ((s = sqlite3_step(st)) == SQLITE_ROW && k < d->nf) {
        d->fid[k] = sqlite3_column_int64(st, 0);
        if (!copy_col(d, st, 1, &d->ftax[k]) || !copy_col(d, st, 2, &d->fname[k]) ||
            !intern_col(d, st, 3, &d->fcountry[k])) { rc = INS_ERR_NOMEM; break; }
        k++;
    }
    if (rc == INS_OK && s != SQLITE_DONE && s != SQLITE_ROW) rc = INS_ERR_DB;
    sqlite3_reset(st);
    d->nf = k;
    return rc;
}

/* Every document: id, type code and operation type, in id order. */
static int load_documents(ins_db *db, ins_dir *d)
{
    int rc = INS_ERR_NOMEM;
    if (!sized(db, "SELECT COUNT(*) FROM documents", &d->nd, &d->did, &rc)) return rc;
    d->dtype = calloc(d->nd ? d->nd : 1, sizeof *d->dtype);
    d->dop = calloc(d->nd ? d->nd : 1, sizeof *d->dop);
    if (!d->dtype || !d->dop) return INS_ERR_NOMEM;
    sqlite3_stmt *st = insDbStmt(db, "SELECT id, type_code, operation_type FROM documents ORDER BY id");
    if (!st) return INS_ERR_DB;
    size_t k = 0;
    int s;
    rc = INS_OK;
    while ((s = sqlite3_step(st)) == SQLITE_ROW && k < d->nd) {
        d->did[k] = sqlite3_column_int64(st, 0);
        if (!intern_col(d, st, 1, &d->dtype[k]) || !intern_col(d, st, 2, &d->dop[k])) {
            rc = INS_ERR_NOMEM;
            break;
        }
        k++;
    }
    if (rc == INS_OK && s != SQLITE_DONE && s != SQLITE_ROW) rc = INS_ERR_DB;
    sqlite3_reset(st);
    d->nd = k;
    return rc;
}

/*
** The ILAB tables: good_hs_map by HS prefix, ilab_goods by (good,
** country code), both sorted as SQLite's BINARY collation sorts (byte
** order, which strcmp follows on text without NUL bytes).
*/
static int load_ilab(ins_db *db, ins_dir *d)
{
    static const char qm[] =
        "SELECT hs_prefix, good, stage = 'primary' FROM good_hs_map ORDER BY hs_prefix, good";
    static const char qg[] =
        "SELECT good, country_code, forced_labor <> 0, (child_labor OR forced_child_labor) <> 0"
        " FROM ilab_goods WHERE country_code IS NOT NULL ORDER BY good, country_code";
    sqlite3_stmt *st = insDbStmt(db, qm);
    if (!st) return INS_ERR_DB;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        ins_dir_map *v = insUGrow(d->map, &d->capmap, d->nmap + 1, sizeof *v);
        if (!v) { sqlite3_reset(st); return INS_ERR_NOMEM; }
        d->map = v;
        ins_dir_map *m = &d->map[d->nmap];
        if (!intern_col(d, st, 0, &m->prefix) || !intern_col(d, st, 1, &m->good)) {
            sqlite3_reset(st);
            return INS_ERR_NOMEM;
        }
        m->primary = sqlite3_column_int(st, 2) != 0;
        d->nmap++;
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE) return INS_ERR_DB;
    if (!(st = insDbStmt(db, qg))) return INS_ERR_DB;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        ins_dir_good *v = insUGrow(d->goods, &d->capgoods, d->ngoods + 1, sizeof *v);
        if (!v) { sqlite3_reset(st); return INS_ERR_NOMEM; }
        d->goods = v;
        ins_dir_good *g = &d->goods[d->ngoods];
        if (!intern_col(d, st, 0, &g->good) || !intern_col(d, st, 1, &g->country)) {
            sqlite3_reset(st);
            return INS_ERR_NOMEM;
        }
        g->fl = sqlite3_column_int(st, 2) != 0;
        g->cl = sqlite3_column_int(st, 3) != 0;
        d->ngoods++;
    }
    sqlite3_reset(st);
    return s == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Loads the directory of DB into *D, its strings into ARENA (which the
** caller owns and frees; it must outlive every value filled from D).
** Free D with insDirFree.  Returns INS_OK, INS_ERR_DB or INS_ERR_NOMEM.
*/
int insDirLoad(ins_db *db, ins_table *arena, ins_dir *d)
{
    memset(d, 0, sizeof *d);
    d->arena = arena;
    int rc = load_firms(db, d);
    if (rc == INS_OK) rc = load_documents(db, d);
    if (rc == INS_OK) rc = load_ilab(db, d);
    return rc;
}

/* Frees the arrays of D (not its arena's strings). */
void insDirFree(ins_dir *d)
{
    free(d->fid);
    free(d->ftax);
    free(d->fname);
    free(d->fcountry);
    free(d->did);
    free(d->dtype);
    free(d->dop);
    free(d->map);
    free(d->goods);
    free(d->slot);
    memset(d, 0, sizeof *d);
}

/* ---- lookups ------------------------------------------------------------------- */

/*
** The index of ID in the N ascending ids of V, or -1.  *HINT is where the
** last search ended: rows arrive mostly in the order of their documents,
** so the next id is usually there or just after.
*/
static ptrdiff_t find_id(const int64_t *v, size_t n, int64_t id, size_t *hint)
{
    size_t h = *hint;
    if (h < n && v[h] == id) return (ptrdiff_t)h;
    if (h + 1 < n && v[h + 1] == id) { *hint = h + 1; return (ptrdiff_t)(h + 1); }
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < id) lo = mid + 1; else hi = mid;
    }
    if (lo < n && v[lo] == id) { *hint = lo; return (ptrdiff_t)lo; }
    return -1;
}

/* The index of firm ID in D, or -1 when there is none. */
ptrdiff_t insDirFirm(const ins_dir *d, int64_t id)
{
    size_t hint = 0;
    return find_id(d->fid, d->nf, id, &hint);
}

/* The index of document ID in D, or -1; *HINT as for find_id. */
ptrdiff_t insDirDocument(const ins_dir *d, int64_t id, size_t *hint)
{
    return find_id(d->did, d->nd, id, hint);
}

/*
** Bytes of the first NCHARS characters of the LEN bytes at S, as SQLite's
** substr(S, 1, NCHARS) counts them on text (a UTF-8 continuation byte
** belongs to the character before it).
*/
static size_t prefix_bytes(const char *s, size_t len, size_t nchars)
{
    size_t i = 0, chars = 0;
    while (i < len) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == nchars) break;
            chars++;
        }
        i++;
    }
    return i;
}

/* The first good_hs_map row of prefix P (LEN bytes), or D->nmap. */
static size_t map_lower(const ins_dir *d, const char *p, size_t len)
{
    size_t lo = 0, hi = d->nmap;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = d->map[mid].prefix;
        size_t ml = strlen(m);
        int c = memcmp(m, p, ml < len ? ml : len);
        if (c < 0 || (c == 0 && ml < len)) lo = mid + 1; else hi = mid;
    }
    return lo;
}

/* The ilab_goods row of (GOOD, COUNTRY), or NULL. */
static const ins_dir_good *good_of(const ins_dir *d, const char *good, const char *country)
{
    size_t lo = 0, hi = d->ngoods;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(d->goods[mid].good, good);
        if (!c) c = strcmp(d->goods[mid].country, country);
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    if (lo < d->ngoods && !strcmp(d->goods[lo].good, good) && !strcmp(d->goods[lo].country, country))
        return &d->goods[lo];
    return NULL;
}

/*
** The ILAB classification of a trade line or declaration item: its code
** (HS6, else the tariff code) cut to 2, 4 and 6 characters, and the tariff
** code cut to 8 and whole, are looked up in good_hs_map; each good found
** counts when ilab_goods lists it for COUNTRY.  *OUT gets the smallest
** such good (NULL when none) and whether any of them is forced labour,
** child labour, a primary good: what the grouped join of the SQL loader
** gave.
*/
void insDirIlab(const ins_dir *d, const char *hs6, const char *tariff, const char *country,
                ins_dir_ilab *out)
{
    memset(out, 0, sizeof *out);
    const char *code = hs6 ? hs6 : tariff;
    if (!code || !country) return;
    size_t cl = strlen(code), tl = tariff ? strlen(tariff) : 0;
    struct { const char *s; size_t n; } cand[5] = {
        {code, prefix_bytes(code, cl, 2)}, {code, prefix_bytes(code, cl, 4)},
        {code, prefix_bytes(code, cl, 6)}, {tariff, tariff ? prefix_bytes(tariff, tl, 8) : 0},
        {tariff, tl},
    };
    for (int k = 0; k < 5; k++) {
        if (!cand[k].s) continue;
        int seen = 0;
        for (int j = 0; j < k; j++)
            if (cand[j].s && cand[j].n == cand[k].n && !memcmp(cand[j].s, cand[k].s, cand[k].n)) seen = 1;
        if (seen) continue;
        for (size_t i = map_lower(d, cand[k].s, cand[k].n); i < d->nmap; i++) {
            const ins_dir_map *m = &d->map[i];
            if (strlen(m->prefix) != cand[k].n || memcmp(m->prefix, cand[k].s, cand[k].n)) break;
            const ins_dir_good *g = good_of(d, m->good, country);
            if (!g) continue;
            if (!out->good || strcmp(m->good, out->good) < 0) out->good = m->good;
            out->fl |= g->fl;
            out->cl |= g->cl;
            out->primary |= m->primary;
        }
    }
}
