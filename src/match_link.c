/*
** match_link.c: linking listings to firms and persons.
**
** Scoring finds the links before evaluating the rules: every firm (its
** names and tax id) and every person (name and document) of the database
** is screened against the listings ever listed up to the run's date, in
** batches on every processor, outside any write transaction; then the
** links found are written to listing_links, which the rules read, in the
** run's first short transaction.  Uses the matcher only through match.h
** (the index and queries).
*/
#include "match.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* Linking listings to firms and persons                                   */
/* ====================================================================== */

/* One query of a subject to screen: its record (strings owned here) and,
** once screened, its hits. */
typedef struct lquery {
    int64_t subject;
    int person;          /* a persons row (else a firm) */
    ins_match_query q;
    char *s[3];          /* owned copies: name, identifier, scheme */
    ins_match_hit *h;
    size_t nh;
    int rc;
} lquery;

/* A link found, to be written. */
typedef struct mlink {
    int64_t listing_id;
    int64_t subject;
    int person;
    double score;
    int by_id;
    char *why;
} mlink;

struct ins_match_links {
    mlink *v;
    size_t n, cap;
};

typedef struct link_ctx {
    const ins_match_index *ix;
    double threshold;
    unsigned nthreads;
    ins_match_scratch *scr[INS_MAX_THREADS];
    lquery *batch;       /* INS_SCREEN_BATCH_ROWS queries, more for a subject of many names */
    size_t nbatch, capbatch;
    atomic_size_t next;  /* the next query a thread takes */
    ins_match_links *out;
} link_ctx;

/* Frees the strings and hits of Q. */
static void lquery_clear(lquery *q)
{
    for (size_t i = 0; i < INS_ARRAY_LEN(q->s); i++) free(q->s[i]);
    insMatchHitsFree(q->h, q->nh);
    memset(q, 0, sizeof *q);
}

/* Thread body: screens the batch's queries not yet taken, with scratch S. */
static void screen_some(link_ctx *c, ins_match_scratch *s)
{
    size_t i;
    while ((i = atomic_fetch_add(&c->next, 1)) < c->nbatch) {
        lquery *q = &c->batch[i];
        q->rc = insMatchQueryRunIn(c->ix, s, &q->q, c->threshold, INS_MATCH_LINK_CANDIDATES, &q->h, &q->nh);
    }
}

typedef struct link_worker {
    link_ctx *c;
    ins_match_scratch *s;
} link_worker;

/* thrd_start_t wrapper of screen_some. */
static int link_thread(void *arg)
{
    link_worker *w = arg;
    screen_some(w->c, w->s);
    return 0;
}

/*
** Merges the hits of the queries Q[0..N-1] of one subject: one link per
** listing, the best of its hits (an identifier before any name, then the
** higher score), at most INS_MATCH_MAX_LINKS, in the order first met;
** appended to the result.
*/
static int merge_subject(link_ctx *c, lquery *q, size_t n)
{
    mlink links[INS_MATCH_MAX_LINKS];
    size_t nl = 0;
    int rc = INS_OK;
    for (size_t j = 0; j < n; j++) {
        if (q[j].rc != INS_OK && rc == INS_OK) rc = q[j].rc;
        for (size_t i = 0; i < q[j].nh; i++) {
            ins_match_hit *h = &q[j].h[i];
            if (!h->by_id && h->score < c->threshold) continue;
            size_t k = 0;
            while (k < nl && links[k].listing_id != h->listing_id) k++;
            if (k == nl) {
                if (k == INS_ARRAY_LEN(links)) continue;
                memset(&links[k], 0, sizeof links[k]);
                links[k].listing_id = h->listing_id;
                links[k].score = -1;
                nl++;
            }
            mlink *l = &links[k];
            int better = h->by_id > l->by_id || (h->by_id == l->by_id && h->score > l->score);
            if (!better) continue;
            free(l->why);
            l->why = h->why;
            h->why = NULL;
            l->score = h->score;
            l->by_id = h->by_id;
        }
    }
    for (size_t k = 0; k < nl; k++) {
        mlink *v = rc == INS_OK ? insUGrow(c->out->v, &c->out->cap, c->out->n + 1, sizeof *v) : NULL;
        if (!v) {
            if (rc == INS_OK) rc = INS_ERR_NOMEM;
            free(links[k].why);
            continue;
        }
        c->out->v = v;
        links[k].subject = q[0].subject;
        links[k].person = q[0].person;
        v[c->out->n++] = links[k];
    }
    return rc;
}

/*
** Screens the held queries on c->nthreads threads (this one and the
** others, each with its own scratch), then merges them subject by subject
** in the order read, so the links are the same for any number of
** threads.  A thread that cannot start leaves its share to the others.
*/
static int run_batch(link_ctx *c)
{
    if (!c->nbatch) return INS_OK;
    atomic_store(&c->next, 0);
    link_worker w[INS_MAX_THREADS];
    unsigned n = c->nbatch > 1 ? c->nthreads : 1;
    for (unsigned t = 0; t < n; t++) {
        w[t].c = c;
        w[t].s = c->scr[t];
    }
    insURunThreads(link_thread, w, sizeof *w, n);
    int rc = INS_OK;
    for (size_t i = 0; i < c->nbatch;) {
        size_t j = i + 1;
        while (j < c->nbatch && c->batch[j].subject == c->batch[i].subject && c->batch[j].person == c->batch[i].person)
            j++;
        int mrc = merge_subject(c, &c->batch[i], j - i);
        if (rc == INS_OK) rc = mrc;
        i = j;
    }
    for (size_t i = 0; i < c->nbatch; i++) lquery_clear(&c->batch[i]);
    c->nbatch = 0;
    return rc;
}

/*
** Holds a query of SUBJECT: a name and at most one identifier (copied).
** FIRST says a subject's first query: a batch is screened only between
** subjects, so one subject's queries are merged together (a subject with
** more names than a batch holds makes it grow).
*/
static int add_query(link_ctx *c, int64_t subject, int person, ins_match_kind kind, const char *name,
                     const char *id, const char *scheme, int first)
{
    if (first && c->nbatch >= INS_SCREEN_BATCH_ROWS) {
        int rc = run_batch(c);
        if (rc != INS_OK) return rc;
    }
    lquery *b = insUGrow(c->batch, &c->capbatch, c->nbatch + 1, sizeof *b);
    if (!b) return INS_ERR_NOMEM;
    c->batch = b;
    lquery *q = &c->batch[c->nbatch];
    memset(q, 0, sizeof *q);
    q->subject = subject;
    q->person = person;
    q->q.kind = kind;
    int oom = 0;
    if (name && !(q->s[0] = insUStrdup(name))) oom = 1;
    q->q.name = q->s[0];
    if (id && *id) {
        if (!(q->s[1] = insUStrdup(id))) oom = 1;
        if (scheme && !(q->s[2] = insUStrdup(scheme))) oom = 1;
        q->q.ids[0] = q->s[1];
        q->q.schemes[0] = q->s[2];
        q->q.nids = 1;
    }
    if (oom) { lquery_clear(q); return INS_ERR_NOMEM; }
    c->nbatch++;
    return INS_OK;
}

static const char sql_link_insert[] =
    "INSERT OR REPLACE INTO listing_links(listing_id, subject_type, subject_id, score, matched_by, explanation)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static const char sql_link_firms[] = "SELECT f.id, f.scheme, f.tax_id, f.name FROM firms f ORDER BY f.id";
static const char sql_link_firm_names[] =
    "SELECT fn.firm_id, MIN(fn.name) FROM firm_names fn GROUP BY fn.firm_id, fn.norm_name ORDER BY fn.firm_id";
static const char sql_link_persons[] =
    "SELECT p.id, p.scheme, p.number, TRIM(COALESCE(p.given_names, '') || ' ' || COALESCE(p.family_names, ''))"
    " FROM persons p ORDER BY p.id";

/* Queues every firm: its name with its tax id, then its other names. */
static int link_firms(ins_db *db, link_ctx *c)
{
    sqlite3_stmt *fs = insDbStmt(db, sql_link_firms);
    sqlite3_stmt *ns = insDbStmt(db, sql_link_firm_names);
    if (!fs || !ns) return INS_ERR_DB;
    int rc = INS_OK, nrc = sqlite3_step(ns), frc = SQLITE_DONE;
    while (rc == INS_OK && (frc = sqlite3_step(fs)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(fs, 0);
        const char *scheme = (const char *)sqlite3_column_text(fs, 1);
        const char *tax = (const char *)sqlite3_column_text(fs, 2);
        const char *name = (const char *)sqlite3_column_text(fs, 3);
        /* a Peruvian RUC of a natural person (10...) names a person */
        ins_match_kind kind = scheme && !strcmp(scheme, INS_SCHEME_PE_RUC) && tax && !strncmp(tax, "10", 2)
                                  ? INS_MK_PERSON : INS_MK_COMPANY;
        int useid = tax && *tax && scheme && strcmp(scheme, INS_SCHEME_NAME);
        rc = add_query(c, id, 0, kind, name, useid ? tax : NULL, useid ? scheme : NULL, 1);
        /* identifiers are decided once: the other names go without */
        while (rc == INS_OK && nrc == SQLITE_ROW && sqlite3_column_int64(ns, 0) < id) nrc = sqlite3_step(ns);
        while (rc == INS_OK && nrc == SQLITE_ROW && sqlite3_column_int64(ns, 0) == id) {
            const char *alt = (const char *)sqlite3_column_text(ns, 1);
            if (alt && (!name || strcmp(alt, name))) rc = add_query(c, id, 0, kind, alt, NULL, NULL, 0);
            nrc = sqlite3_step(ns);
        }
    }
    if (rc == INS_OK && (frc != SQLITE_DONE || (nrc != SQLITE_DONE && nrc != SQLITE_ROW))) rc = INS_ERR_DB;
    sqlite3_reset(fs);
    sqlite3_reset(ns);
    return rc;
}

/* Queues every person by name and document. */
static int link_persons(ins_db *db, link_ctx *c)
{
    sqlite3_stmt *ps = insDbStmt(db, sql_link_persons);
    if (!ps) return INS_ERR_DB;
    int rc = INS_OK, prc = SQLITE_DONE;
    while (rc == INS_OK && (prc = sqlite3_step(ps)) == SQLITE_ROW)
        rc = add_query(c, sqlite3_column_int64(ps, 0), 1, INS_MK_PERSON, (const char *)sqlite3_column_text(ps, 3),
                       (const char *)sqlite3_column_text(ps, 2), (const char *)sqlite3_column_text(ps, 1), 1);
    if (rc == INS_OK && prc != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(ps);
    return rc;
}

/* Frees links L.  NULL is fine. */
void insMatchLinksFree(ins_match_links *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) free(l->v[i].why);
    free(l->v);
    free(l);
}

/*
** Finds the links of listings to firms and persons (see match.h) without
** writing: one index of the listings ever listed up to AS_OF; firms and
** persons read in two passes of one query each, screened in batches on
** NTHREADS threads (0: the processors online).  Reads in one read
** transaction when the caller has none open, so firms and their other
** names come from the same snapshot and no writer waits.
*/
int insMatchLinkFind(ins_db *db, const char *as_of, double threshold, unsigned nthreads, ins_match_links **out)
{
    *out = NULL;
    link_ctx c;
    memset(&c, 0, sizeof c);
    c.threshold = threshold > 0 ? threshold : INS_MATCH_LINK_THRESHOLD;
    c.nthreads = insUThreads(nthreads);
    c.out = calloc(1, sizeof *c.out);
    if (!c.out) return INS_ERR_NOMEM;
    int own_txn = sqlite3_get_autocommit(db->h);
    int rc = own_txn && insDbExec(db, "BEGIN") != INS_OK ? INS_ERR_DB : INS_OK;
    ins_match_index *ix = NULL;
    if (rc == INS_OK) rc = insMatchIndexLoad(db, as_of, INS_MATCH_EVER, &ix, NULL);
    c.ix = ix;
    for (unsigned t = 0; rc == INS_OK && t < c.nthreads; t++) {
        if (!(c.scr[t] = insMatchScratchNew(ix))) {
            if (t == 0) rc = INS_ERR_NOMEM;
            c.nthreads = t; /* fewer threads, the same links */
            break;
        }
    }
    if (rc == INS_OK && insMatchIndexListings(ix)) {
        rc = link_firms(db, &c);
        if (rc == INS_OK) rc = run_batch(&c);
        if (rc == INS_OK) rc = link_persons(db, &c);
        if (rc == INS_OK) rc = run_batch(&c);
    }
    for (size_t i = 0; i < c.nbatch; i++) lquery_clear(&c.batch[i]);
    free(c.batch);
    for (unsigned t = 0; t < INS_ARRAY_LEN(c.scr); t++) insMatchScratchFree(c.scr[t]);
    insMatchIndexFree(ix);
    if (own_txn && !sqlite3_get_autocommit(db->h)) insDbExec(db, "COMMIT");
    if (rc != INS_OK) { insMatchLinksFree(c.out); return rc; }
    *out = c.out;
    return INS_OK;
}

/*
** Replaces the rows of listing_links with links L, inside a savepoint (so
** inside the caller's transaction when there is one): a write of a few
** rows, however long finding them took.  *written receives their number.
*/
int insMatchLinkWrite(ins_db *db, const ins_match_links *l, size_t *written)
{
    if (written) *written = 0;
    if (insDbExec(db, "SAVEPOINT match_links") != INS_OK) return INS_ERR_DB;
    int rc = insDbExec(db, "DELETE FROM listing_links");
    size_t n = 0;
    for (size_t i = 0; l && i < l->n && rc == INS_OK; i++) {
        const mlink *k = &l->v[i];
        sqlite3_stmt *st = insDbStmt(db, sql_link_insert);
        if (!st) { rc = INS_ERR_DB; break; }
        sqlite3_bind_int64(st, 1, k->listing_id);
        insDbBindText(st, 2, k->person ? "person" : "firm");
        sqlite3_bind_int64(st, 3, k->subject);
        sqlite3_bind_double(st, 4, k->score);
        insDbBindText(st, 5, k->by_id ? "identifier" : "name");
        insDbBindText(st, 6, k->why);
        if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
        sqlite3_reset(st);
        if (rc == INS_OK) n++;
    }
    if (rc == INS_OK) rc = insDbExec(db, "RELEASE match_links");
    if (rc != INS_OK) {
        insDbExec(db, "ROLLBACK TO match_links");
        insDbExec(db, "RELEASE match_links");
        rc = INS_ERR_DB;
    }
    if (written && rc == INS_OK) *written = n;
    return rc;
}

/* Finds and writes the links (insMatchLinkFind, insMatchLinkWrite). */
int insMatchLinkListings(ins_db *db, const char *as_of, double threshold, size_t *links)
{
    if (links) *links = 0;
    ins_match_links *l = NULL;
    int rc = insMatchLinkFind(db, as_of, threshold, 0, &l);
    if (rc == INS_OK) rc = insMatchLinkWrite(db, l, links);
    insMatchLinksFree(l);
    return rc;
}
