/*
** match_link.c: linking listings to firms and persons.
**
** Scoring calls insMatchLinkListings before evaluating the rules: every
** firm (its names and tax id) and every person (name and document) of the
** database is screened against the listings ever listed up to the run's
** date, and the links found are written to listing_links, which the rules
** read.  Uses the matcher only through match.h (the index and queries).
*/
#include "match.h"

#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* Linking listings to firms and persons                                   */
/* ====================================================================== */

/* One link being collected for a subject. */
typedef struct mlink {
    int64_t listing_id;
    double score;
    int by_id;
    char *why;
} mlink;

typedef struct link_ctx {
    ins_db *db;
    ins_match_index *ix;
    double threshold;
    mlink links[INS_MATCH_MAX_LINKS];
    size_t nlinks;
    size_t written;
} link_ctx;

/* Screens one name (and the identifiers of Q) of a subject, merging hits
** into C->links. */
static int link_query(link_ctx *c, ins_match_query *q)
{
    ins_match_hit *h = NULL;
    size_t nh = 0;
    int rc = insMatchQueryRun(c->ix, q, c->threshold, INS_MATCH_LINK_CANDIDATES, &h, &nh);
    for (size_t i = 0; i < nh && rc == INS_OK; i++) {
        if (!h[i].by_id && h[i].score < c->threshold) continue;
        size_t k = 0;
        while (k < c->nlinks && c->links[k].listing_id != h[i].listing_id) k++;
        if (k == c->nlinks) {
            if (k == INS_ARRAY_LEN(c->links)) continue;
            c->links[k].listing_id = h[i].listing_id;
            c->links[k].score = -1;
            c->links[k].by_id = 0;
            c->links[k].why = NULL;
            c->nlinks++;
        }
        mlink *l = &c->links[k];
        int better = h[i].by_id > l->by_id || (h[i].by_id == l->by_id && h[i].score > l->score);
        if (!better) continue;
        free(l->why);
        l->why = h[i].why;
        h[i].why = NULL;
        l->score = h[i].score;
        l->by_id = h[i].by_id;
    }
    insMatchHitsFree(h, nh);
    return rc;
}

static const char sql_link_insert[] =
    "INSERT OR REPLACE INTO listing_links(listing_id, subject_type, subject_id, score, matched_by, explanation)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* Writes the links collected for one subject and forgets them. */
static int link_flush(link_ctx *c, const char *type, int64_t subject)
{
    int rc = INS_OK;
    for (size_t k = 0; k < c->nlinks; k++) {
        mlink *l = &c->links[k];
        if (rc == INS_OK) {
            sqlite3_stmt *st = insDbStmt(c->db, sql_link_insert);
            if (!st) rc = INS_ERR_DB;
            else {
                sqlite3_bind_int64(st, 1, l->listing_id);
                insDbBindText(st, 2, type);
                sqlite3_bind_int64(st, 3, subject);
                sqlite3_bind_double(st, 4, l->score);
                insDbBindText(st, 5, l->by_id ? "identifier" : "name");
                insDbBindText(st, 6, l->why);
                if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
                sqlite3_reset(st);
                if (rc == INS_OK) c->written++;
            }
        }
        free(l->why);
    }
    c->nlinks = 0;
    return rc;
}

static const char sql_link_firms[] = "SELECT f.id, f.scheme, f.tax_id, f.name FROM firms f ORDER BY f.id";
static const char sql_link_firm_names[] =
    "SELECT fn.firm_id, MIN(fn.name) FROM firm_names fn GROUP BY fn.firm_id, fn.norm_name ORDER BY fn.firm_id";
static const char sql_link_persons[] =
    "SELECT p.id, p.scheme, p.number, TRIM(COALESCE(p.given_names, '') || ' ' || COALESCE(p.family_names, ''))"
    " FROM persons p ORDER BY p.id";

/* Links every firm: its name, its other names, its tax id. */
static int link_firms(link_ctx *c)
{
    sqlite3_stmt *fs = insDbStmt(c->db, sql_link_firms);
    sqlite3_stmt *ns = insDbStmt(c->db, sql_link_firm_names);
    if (!fs || !ns) return INS_ERR_DB;
    int rc = INS_OK, nrc = sqlite3_step(ns), frc = SQLITE_DONE;
    while (rc == INS_OK && (frc = sqlite3_step(fs)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(fs, 0);
        const char *scheme = (const char *)sqlite3_column_text(fs, 1);
        const char *tax = (const char *)sqlite3_column_text(fs, 2);
        ins_match_query q;
        memset(&q, 0, sizeof q);
        /* a Peruvian RUC of a natural person (10...) names a person */
        q.kind = scheme && !strcmp(scheme, INS_SCHEME_PE_RUC) && tax && !strncmp(tax, "10", 2) ? INS_MK_PERSON
                                                                                             : INS_MK_COMPANY;
        if (tax && *tax && scheme && strcmp(scheme, INS_SCHEME_NAME)) {
            q.ids[0] = tax;
            q.schemes[0] = scheme;
            q.nids = 1;
        }
        q.name = (const char *)sqlite3_column_text(fs, 3);
        rc = link_query(c, &q);
        q.nids = 0; /* identifiers decided once */
        while (rc == INS_OK && nrc == SQLITE_ROW && sqlite3_column_int64(ns, 0) < id) nrc = sqlite3_step(ns);
        while (rc == INS_OK && nrc == SQLITE_ROW && sqlite3_column_int64(ns, 0) == id) {
            const char *alt = (const char *)sqlite3_column_text(ns, 1);
            if (alt && (!q.name || strcmp(alt, q.name))) {
                ins_match_query a = q;
                a.name = alt;
                rc = link_query(c, &a);
            }
            nrc = sqlite3_step(ns);
        }
        if (rc == INS_OK) rc = link_flush(c, "firm", id);
        else link_flush(c, "firm", id);
    }
    if (rc == INS_OK && (frc != SQLITE_DONE || (nrc != SQLITE_DONE && nrc != SQLITE_ROW))) rc = INS_ERR_DB;
    sqlite3_reset(fs);
    sqlite3_reset(ns);
    return rc;
}

/* Links every person by name and document. */
static int link_persons(link_ctx *c)
{
    sqlite3_stmt *ps = insDbStmt(c->db, sql_link_persons);
    if (!ps) return INS_ERR_DB;
    int rc = INS_OK, prc = SQLITE_DONE;
    while (rc == INS_OK && (prc = sqlite3_step(ps)) == SQLITE_ROW) {
        ins_match_query q;
        memset(&q, 0, sizeof q);
        q.kind = INS_MK_PERSON;
        const char *scheme = (const char *)sqlite3_column_text(ps, 1);
        const char *number = (const char *)sqlite3_column_text(ps, 2);
        if (number && *number) {
            q.ids[0] = number;
            q.schemes[0] = scheme;
            q.nids = 1;
        }
        q.name = (const char *)sqlite3_column_text(ps, 3);
        rc = link_query(c, &q);
        int frc = link_flush(c, "person", sqlite3_column_int64(ps, 0));
        if (rc == INS_OK) rc = frc;
    }
    if (rc == INS_OK && prc != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(ps);
    return rc;
}

/*
** Links listings to firms and persons (see match.h): one index of the
** listings ever listed up to AS_OF, firms and persons read in two passes of
** one query each, listing_links rewritten inside a savepoint.
*/
int insMatchLinkListings(ins_db *db, const char *as_of, double threshold, size_t *links)
{
    if (links) *links = 0;
    link_ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.threshold = threshold > 0 ? threshold : INS_MATCH_LINK_THRESHOLD;
    int rc = insMatchIndexLoad(db, as_of, INS_MATCH_EVER, &c.ix, NULL);
    if (rc != INS_OK) return rc;
    if (insDbExec(db, "SAVEPOINT match_links") != INS_OK) { insMatchIndexFree(c.ix); return INS_ERR_DB; }
    rc = insDbExec(db, "DELETE FROM listing_links");
    if (rc == INS_OK && insMatchIndexListings(c.ix)) rc = link_firms(&c);
    if (rc == INS_OK && insMatchIndexListings(c.ix)) rc = link_persons(&c);
    if (rc == INS_OK) rc = insDbExec(db, "RELEASE match_links");
    if (rc != INS_OK) {
        insDbExec(db, "ROLLBACK TO match_links");
        insDbExec(db, "RELEASE match_links");
        rc = INS_ERR_DB;
    }
    insMatchIndexFree(c.ix);
    if (links && rc == INS_OK) *links = c.written;
    return rc;
}
