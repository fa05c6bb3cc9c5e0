/*
** screen.c: screening a file, decisions, the name-pair benchmark.
**
** `inspector screen` reads a CSV of names and identifiers, screens each
** record against the listings in force (match_index.c) and returns one
** result row per candidate at or above the review band, with earlier
** decisions applied: a rejected candidate is left out, a confirmed one is
** marked.  Decisions are recorded one at a time or from a CSV.  The
** name-pair benchmark scores a labelled file of name pairs.  These are the
** parts of the matcher that read files.
**
** Fourth stage of the matcher: uses the three before it.
*/
#include "match_int.h"
#include "ins_csv.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* CSV columns                                                             */
/* ====================================================================== */

/* The first of NAMES (NULL-terminated) that is a column of H, or -1. */
static int csv_col_any(char **h, size_t n, const char *const *names)
{
    for (; *names; names++) {
        int c = insCsvColumn(h, n, *names);
        if (c >= 0) return c;
    }
    return -1;
}

/* Field C of a row, or NULL when the row is shorter or the field empty. */
static const char *csv_get(char **f, size_t n, int c)
{
    return c >= 0 && (size_t)c < n && f[c] && *f[c] ? f[c] : NULL;
}

/* ====================================================================== */
/* Benchmark                                                               */
/* ====================================================================== */

typedef struct bench_ctx {
    int file_scores;
    double threshold;
    int c_schema, c_name1, c_name2, c_match, c_score;
    ins_match_prf *out;
    FILE *errors;
    char *err;
} bench_ctx;

/* Kind of a FollowTheMoney schema. */
static ins_match_kind schema_kind(const char *schema)
{
    if (!schema) return INS_MK_ANY;
    if (!strcmp(schema, "Person")) return INS_MK_PERSON;
    if (!strcmp(schema, "Company") || !strcmp(schema, "Organization")) return INS_MK_COMPANY;
    return INS_MK_ANY;
}

/* Counts one pair in a slice. */
static void prf_add(ins_match_prf *p, int truth, int pred)
{
    p->n++;
    if (truth && pred) p->tp++;
    else if (!truth && pred) p->fp++;
    else if (truth) p->fn++;
    else p->tn++;
}

/* Precision, recall and F1 of P from its counts. */
static void prf_finish(ins_match_prf *p)
{
    p->precision = p->tp + p->fp ? (double)p->tp / (p->tp + p->fp) : 0;
    p->recall = p->tp + p->fn ? (double)p->tp / (p->tp + p->fn) : 0;
    p->f1 = p->precision + p->recall > 0 ? 2 * p->precision * p->recall / (p->precision + p->recall) : 0;
}

/* One row of a name-pair file: the header maps columns, a pair is scored
** (or its frozen score read) and counted in its slices. */
static int bench_row(void *ud, unsigned long row, char **f, size_t n)
{
    bench_ctx *c = ud;
    if (row == 1) {
        c->c_schema = insCsvColumn(f, n, "schema");
        c->c_name1 = insCsvColumn(f, n, "name1");
        c->c_name2 = insCsvColumn(f, n, "name2");
        c->c_match = insCsvColumn(f, n, "is_match");
        c->c_score = insCsvColumn(f, n, "score");
        if (c->c_name1 < 0 || c->c_name2 < 0 || c->c_match < 0 || (c->file_scores && c->c_score < 0)) {
            c->err = insUStrdup(_("missing columns name1, name2, is_match (or score)"));
            return INS_ERR_FORMAT;
        }
        return INS_OK;
    }
    const char *schema = csv_get(f, n, c->c_schema);
    const char *m = csv_get(f, n, c->c_match);
    int truth = m && (insUStrieq(m, "true") || !strcmp(m, "1"));
    double score = 0;
    if (c->file_scores) {
        if (!insUParseDouble(csv_get(f, n, c->c_score) ? f[c->c_score] : "", &score)) score = 0;
    } else {
        ins_match_kind k = schema_kind(schema);
        score = insMatchScore(csv_get(f, n, c->c_name1), csv_get(f, n, c->c_name2), k, NULL);
    }
    int pred = score >= c->threshold;
    if (c->errors && pred != truth)
        fprintf(c->errors, "%s\t%.3f\t%s\t%s\t%s\n", truth ? "FN" : "FP", score, schema ? schema : "",
                csv_get(f, n, c->c_name1) ? f[c->c_name1] : "", csv_get(f, n, c->c_name2) ? f[c->c_name2] : "");
    prf_add(&c->out[INS_BENCH_ALL], truth, pred);
    if (schema && !strcmp(schema, "Company")) prf_add(&c->out[INS_BENCH_COMPANY], truth, pred);
    if (schema && !strcmp(schema, "Person")) prf_add(&c->out[INS_BENCH_PERSON], truth, pred);
    return INS_OK;
}

/* Precision, recall and F1 of a name-pair file (see match.h). */
int insMatchBench(const char *path, int file_scores, double threshold,
                  ins_match_prf out[INS_BENCH_SLICES], FILE *errors, char **errmsg)
{
    bench_ctx c;
    memset(&c, 0, sizeof c);
    c.errors = errors;
    c.file_scores = file_scores;
    c.threshold = threshold;
    c.out = out;
    memset(out, 0, INS_BENCH_SLICES * sizeof *out);
    int rc = insCsvReadFile(path, 0, bench_row, &c, errmsg);
    if (rc != INS_OK) {
        if (c.err && errmsg && !*errmsg) *errmsg = c.err;
        else free(c.err);
        return rc;
    }
    for (int i = 0; i < INS_BENCH_SLICES; i++) prf_finish(&out[i]);
    return INS_OK;
}

typedef struct band_ctx {
    double threshold, review;
    int c_kind, c_name1, c_name2, c_expect;
    ins_match_band *out;
    size_t max, n;
    FILE *errors;
    char *err;
} band_ctx;

/* One row of a banded name-pair file. */
static int band_row(void *ud, unsigned long row, char **f, size_t n)
{
    band_ctx *c = ud;
    if (row == 1) {
        c->c_kind = insCsvColumn(f, n, "kind");
        c->c_name1 = insCsvColumn(f, n, "name1");
        c->c_name2 = insCsvColumn(f, n, "name2");
        c->c_expect = insCsvColumn(f, n, "expect");
        if (c->c_kind < 0 || c->c_name1 < 0 || c->c_name2 < 0 || c->c_expect < 0) {
            c->err = insUStrdup(_("missing columns kind, name1, name2, expect"));
            return INS_ERR_FORMAT;
        }
        return INS_OK;
    }
    const char *kind = csv_get(f, n, c->c_kind), *e = csv_get(f, n, c->c_expect);
    if (!kind || !e) return INS_OK;
    int expect = !strcmp(e, "match") ? INS_MS_MATCH : !strcmp(e, "review") ? INS_MS_REVIEW : INS_MS_NONE;
    size_t k = 0;
    while (k < c->n && strcmp(c->out[k].kind, kind)) k++;
    if (k == c->n) {
        if (c->n == c->max) return INS_OK;
        memset(&c->out[k], 0, sizeof c->out[k]);
        insUStrlcpy(c->out[k].kind, kind, sizeof c->out[k].kind);
        c->out[k].expect = expect;
        c->n++;
    }
    const char *a = csv_get(f, n, c->c_name1), *b = csv_get(f, n, c->c_name2);
    ins_buf why;
    insBufInit(&why);
    double score = insMatchScore(a, b, INS_MK_PERSON, c->errors ? &why : NULL);
    int got = insMatchClassify(score, c->threshold, c->review);
    ins_match_band *x = &c->out[k];
    x->n++;
    x->got[got]++;
    prf_add(&x->match, expect == INS_MS_MATCH, got == INS_MS_MATCH);
    if (c->errors && got != expect)
        fprintf(c->errors, "%s\t%s\t%.3f\t%s\t%s\t%s\n", kind, insMatchStatusName(got), score, a ? a : "",
                b ? b : "", insBufStr(&why));
    insBufFree(&why);
    return INS_OK;
}

/* Where the pairs of a banded name-pair file land, per kind (see match.h). */
int insMatchBandBench(const char *path, double threshold, double review, ins_match_band *out, size_t max,
                      size_t *nout, FILE *errors, char **errmsg)
{
    band_ctx c;
    memset(&c, 0, sizeof c);
    c.threshold = threshold;
    c.review = review;
    c.out = out;
    c.max = max;
    c.errors = errors;
    *nout = 0;
    int rc = insCsvReadFile(path, 0, band_row, &c, errmsg);
    if (rc != INS_OK) {
        if (c.err && errmsg && !*errmsg) *errmsg = c.err;
        else free(c.err);
        return rc;
    }
    for (size_t k = 0; k < c.n; k++) prf_finish(&out[k].match);
    *nout = c.n;
    return INS_OK;
}

/* ====================================================================== */
/* Decisions                                                               */
/* ====================================================================== */

/* A decision loaded for screening. */
typedef struct mdec {
    uint64_t h;          /* hash of the query key */
    int64_t listing_id;
    size_t key;          /* offset of the key in the decisions' text */
    int confirmed;
} mdec;

typedef struct mdecs {
    mdec *d;
    size_t n, cap;
    ins_buf text;
} mdecs;

/* Orders decisions by key hash, then listing. */
static int mdec_cmp(const void *a, const void *b)
{
    const mdec *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->listing_id < y->listing_id ? -1 : x->listing_id > y->listing_id;
}

static const char sql_decisions[] = "SELECT query_key, listing_id, decision FROM match_decisions";

/* Loads every decision (one query), sorted by key hash. */
static int decisions_load(ins_db *db, mdecs *ds, char **errmsg)
{
    sqlite3_stmt *st = insDbStmt(db, sql_decisions);
    if (!st) return insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *d = (const char *)sqlite3_column_text(st, 2);
        if (!k || !d) continue;
        mdec *nd = insUGrow(ds->d, &ds->cap, ds->n + 1, sizeof *ds->d);
        if (!nd) { sqlite3_reset(st); return insMatchFail(errmsg, INS_ERR_NOMEM, NULL); }
        ds->d = nd;
        mdec *x = &ds->d[ds->n++];
        x->h = insMatchHash64(k, strlen(k), 11);
        x->listing_id = sqlite3_column_int64(st, 1);
        x->key = ds->text.len;
        x->confirmed = !strcmp(d, "confirmed");
        insBufAppendStr(&ds->text, k);
        insBufAppendChar(&ds->text, '\0');
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
    if (ds->text.oom) return insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
    if (ds->n) qsort(ds->d, ds->n, sizeof *ds->d, mdec_cmp);
    return INS_OK;
}

/* The decisions on query KEY: *first and the count returned. */
static size_t decisions_for(const mdecs *ds, const char *key, size_t *first)
{
    uint64_t h = insMatchHash64(key, strlen(key), 11);
    size_t lo = 0, hi = ds->n;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (ds->d[m].h < h) lo = m + 1;
        else hi = m;
    }
    *first = lo;
    size_t n = 0;
    while (lo + n < ds->n && ds->d[lo + n].h == h) n++;
    return n;
}

/* The decision on (KEY, LISTING_ID): 1 confirmed, -1 rejected, 0 none. */
static int decision_of(const mdecs *ds, const char *key, size_t first, size_t n, int64_t listing_id)
{
    for (size_t i = first; i < first + n; i++)
        if (ds->d[i].listing_id == listing_id && !strcmp(ds->text.s + ds->d[i].key, key))
            return ds->d[i].confirmed ? 1 : -1;
    return 0;
}

/* Frees the decisions loaded for a run. */
static void decisions_free(mdecs *ds)
{
    free(ds->d);
    insBufFree(&ds->text);
}

static const char sql_listing_exists[] = "SELECT 1 FROM listings WHERE id = ?1";
static const char sql_decide[] =
    "INSERT OR REPLACE INTO match_decisions(query_key, listing_id, decision, decided_by, decided_at, note)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/*
** Records one decision (see inspector.h), replacing an earlier decision on the
** same query key and listing.  The listing must exist; the key must look
** like one screen printed (name|ids).
*/
int ins_screen_decide(ins_db *db, const char *query_key, int64_t listing_id, const char *decision,
                      const char *decided_by, const char *note, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    const char *d = NULL;
    if (decision && (insUStrieq(decision, "confirm") || insUStrieq(decision, "confirmed"))) d = "confirmed";
    else if (decision && (insUStrieq(decision, "reject") || insUStrieq(decision, "rejected"))) d = "rejected";
    if (!d) return insMatchFail(errmsg, INS_ERR_ARG, _("decision must be confirm or reject"));
    if (!query_key || !strchr(query_key, '|'))
        return insMatchFail(errmsg, INS_ERR_ARG, _("not a query key (normalised name|ids, as screen prints it)"));
    sqlite3_stmt *st = insDbStmt(db, sql_listing_exists);
    if (!st) return insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
    sqlite3_bind_int64(st, 1, listing_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return insMatchFail(errmsg, INS_ERR_NOTFOUND, _("no such listing"));
    if (rc != SQLITE_ROW) return insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
    st = insDbStmt(db, sql_decide);
    if (!st) return insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
    char now[21];
    insUNowIso(now);
    insDbBindText(st, 1, query_key);
    sqlite3_bind_int64(st, 2, listing_id);
    insDbBindText(st, 3, d);
    insDbBindText(st, 4, decided_by);
    insDbBindText(st, 5, now);
    insDbBindText(st, 6, note);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? INS_OK : insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
}

typedef struct decfile_ctx {
    ins_db *db;
    int c_key, c_listing, c_decision, c_note, c_by;
    unsigned long applied, rejected;
    ins_buf err;
    int dberr;
} decfile_ctx;

/* One row of a decisions file: the header maps columns, a row is applied
** or counted as rejected with the first reason kept. */
static int decfile_row(void *ud, unsigned long row, char **f, size_t n)
{
    decfile_ctx *c = ud;
    if (row == 1) {
        c->c_key = insCsvColumn(f, n, "query_key");
        c->c_listing = insCsvColumn(f, n, "listing_id");
        c->c_decision = insCsvColumn(f, n, "decision");
        c->c_note = insCsvColumn(f, n, "note");
        c->c_by = insCsvColumn(f, n, "decided_by");
        if (c->c_key < 0 || c->c_listing < 0 || c->c_decision < 0) {
            insBufAppendStr(&c->err, _("the header needs query_key, listing_id and decision"));
            return INS_ERR_FORMAT;
        }
        return INS_OK;
    }
    const char *lid = csv_get(f, n, c->c_listing);
    char *end = NULL;
    long long id = lid ? strtoll(lid, &end, 10) : 0;
    char *msg = NULL;
    int rc = INS_ERR_ARG;
    if (!lid || *end || id <= 0) msg = insUStrdup(_("bad listing_id"));
    else rc = ins_screen_decide(c->db, csv_get(f, n, c->c_key), id, csv_get(f, n, c->c_decision),
                             csv_get(f, n, c->c_by), csv_get(f, n, c->c_note), &msg);
    if (rc == INS_ERR_DB) {
        if (!c->err.len) insBufPrintf(&c->err, _("row %lu: %s"), row, msg ? msg : "");
        free(msg);
        c->dberr = 1;
        return INS_ERR_DB;
    }
    if (rc != INS_OK) {
        c->rejected++;
        if (!c->err.len) insBufPrintf(&c->err, _("row %lu: %s"), row, msg ? msg : ins_strerror(rc));
    } else {
        c->applied++;
    }
    free(msg);
    return INS_OK;
}

/* Applies a decisions file in one transaction (see inspector.h). */
int ins_screen_decisions_file(ins_db *db, const char *path, unsigned long *applied,
                              unsigned long *rejected, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    decfile_ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    insBufInit(&c.err);
    if (insDbBegin(db) != INS_OK) return insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
    char *csverr = NULL;
    int rc = insCsvReadFile(path, 0, decfile_row, &c, &csverr);
    if (rc == INS_OK) rc = insDbCommit(db) == INS_OK ? INS_OK : INS_ERR_DB;
    else insDbRollback(db);
    if (applied) *applied = rc == INS_OK ? c.applied : 0;
    if (rejected) *rejected = c.rejected;
    if (errmsg) {
        if (csverr) { *errmsg = csverr; csverr = NULL; }
        else if (c.err.len) *errmsg = insBufDetach(&c.err);
    }
    free(csverr);
    insBufFree(&c.err);
    return rc;
}

/* ====================================================================== */
/* Screening a file                                                        */
/* ====================================================================== */

/* Columns of the screened file, by accepted header names. */
static const char *const col_name[] = {"name", "nombre", "full_name", "razon_social", NULL};
static const char *const col_birth[] = {"birth_date", "date_of_birth", "dob", "fecha_nacimiento", NULL};
static const char *const col_country[] = {"nationality", "country", "nacionalidad", "pais", NULL};
static const char *const col_kind[] = {"kind", "type", "tipo", NULL};
static const char *const col_scheme[] = {"id_scheme", "scheme", NULL};
/* identifier columns and the scheme their name implies */
static const struct { const char *col, *scheme; } col_ids[] = {
    {"id", NULL}, {"tax_id", NULL}, {"document", NULL}, {"documento", NULL},
    {"ruc", INS_SCHEME_PE_RUC}, {"dni", INS_SCHEME_PE_DNI}, {"cuit", INS_SCHEME_AR_CUIT},
    {"passport", INS_SCHEME_PASSPORT}, {"pasaporte", INS_SCHEME_PASSPORT}, {"eori", INS_SCHEME_EORI}};

/* One record of the screened file, held until its batch is written out:
** the query (its strings owned), the decisions on its key, its hits. */
typedef struct srow {
    unsigned long row;
    ins_match_query q;
    char ps[INS_MATCH_MAX_IDS][65]; /* pseudonyms of its persons' identifiers ("" none) */
    char *own[INS_MATCH_MAX_IDS * 2 + 3]; /* the copies q points into */
    size_t nown;
    char *key;
    size_t dfirst, dn;
    ins_match_hit *h;
    size_t nh;
    int rc;
} srow;

typedef struct screen_ctx {
    ins_db *db;
    int partner;                    /* compare pseudonyms with partners' listed persons */
    ins_pseudo_key pkey;
    ins_match_index *ix;
    mdecs dec;
    double threshold, review;
    size_t maxc;
    ins_match_kind kind;
    ins_result *r;
    ins_screen_stats *st;
    int c_name, c_birth, c_country, c_kind, c_scheme;
    int c_id[INS_MATCH_MAX_IDS];
    const char *id_scheme[INS_MATCH_MAX_IDS];
    size_t ncid;
    ins_buf err;
    srow *batch;                    /* INS_SCREEN_BATCH_ROWS records */
    size_t nbatch;
    unsigned nthreads;
    ins_match_scratch **scr;        /* one per thread beyond the first */
    atomic_size_t next;             /* next record of the batch to screen */
} screen_ctx;

/* One candidate of a record, held until the record's candidates are counted. */
typedef struct scand {
    const mlisting *l;
    const char *listed;  /* owned by the index */
    double score;
    int status;
    int by_id;
    ins_buf why;
} scand;

/*
** Appends the result rows of record ROW: its N candidates, best first.
** When there are several, each says where it stands and why the first is
** the best: an equal identifier, a decision made earlier, or the higher
** name score (with the runner-up's), so that a reviewer who sees one
** person against three listings knows which to open first.
*/
static int screen_add_all(screen_ctx *c, unsigned long row, const char *qname, scand *cand, size_t n,
                          const char *key)
{
    int rc = 0;
    for (size_t k = 0; k < n && !rc; k++) {
        scand *d = &cand[k];
        long r = insResultAddRow(c->r);
        if (r < 0) return INS_ERR_NOMEM;
        ins_buf why;
        insBufInit(&why);
        if (n > 1 && k == 0) {
            insBufPrintf(&why, _("best of %zu candidates: "), n);
            if (d->by_id) insBufAppendStr(&why, _("an equal identifier; "));
            else if (d->status == INS_MS_CONFIRMED) insBufAppendStr(&why, _("a reviewer confirmed it; "));
            else if (d->score > cand[1].score) insBufPrintf(&why, _("the highest score (%.3f, next %.3f); "), d->score, cand[1].score);
            else insBufPrintf(&why, _("tied at %.3f with listing %lld; "), d->score, (long long)cand[1].l->id);
        } else if (n > 1) {
            insBufPrintf(&why, _("candidate %zu of %zu, after listing %lld (%.3f); "), k + 1, n,
                         (long long)cand[0].l->id, cand[0].score);
        }
        insBufAppendStr(&why, insBufStr(&d->why));
        rc |= insResultSetf(c->r, (size_t)r, 0, "%lu", row - 1);
        rc |= insResultSet(c->r, (size_t)r, 1, qname);
        rc |= insResultSetf(c->r, (size_t)r, 2, "%lld", (long long)d->l->id);
        rc |= insResultSet(c->r, (size_t)r, 3, arena_str(c->ix, d->l->list_name));
        rc |= insResultSet(c->r, (size_t)r, 4, d->listed);
        rc |= insResultSetf(c->r, (size_t)r, 5, "%.3f", d->score);
        rc |= insResultSet(c->r, (size_t)r, 6, insMatchStatusName(d->status));
        rc |= insResultSetf(c->r, (size_t)r, 7, "%zu/%zu", k + 1, n);
        rc |= insResultSet(c->r, (size_t)r, 8, insBufStr(&why));
        rc |= insResultSet(c->r, (size_t)r, 9, key);
        rc |= why.oom;
        insBufFree(&why);
        if (d->status == INS_MS_MATCH) c->st->matches++;
        else if (d->status == INS_MS_REVIEW) c->st->reviews++;
        else if (d->status == INS_MS_CONFIRMED) c->st->confirmed++;
    }
    return rc ? INS_ERR_NOMEM : INS_OK;
}

/* Frees what a held record owns and clears it. */
static void srow_clear(srow *w)
{
    for (size_t i = 0; i < w->nown; i++) free(w->own[i]);
    free(w->key);
    insMatchHitsFree(w->h, w->nh);
    memset(w, 0, sizeof *w);
}

/* A copy of V owned by record W (NULL stays NULL); sets *oom on failure. */
static const char *srow_keep(srow *w, const char *v, int *oom)
{
    if (!v) return NULL;
    assert(w->nown < INS_ARRAY_LEN(w->own));
    char *d = insUStrdup(v);
    if (!d) { *oom = 1; return NULL; }
    w->own[w->nown++] = d;
    return d;
}

/*
** The pseudonyms of record W's identifiers of persons, for the partners'
** lists (the slow part: about a tenth of a second each, so on the worker
** threads).  An identifier without a scheme that is a number of up to
** eight digits is a DNI: Argentine for a record of Argentina, else
** Peruvian.
*/
static void partner_pseudonyms(screen_ctx *c, srow *w)
{
    const ins_match_query *q = &w->q;
    for (size_t i = 0; i < q->nids; i++) {
        const char *scheme = q->schemes[i];
        if (!scheme) {
            size_t n = strlen(q->ids[i]);
            if (!n || n > 8 || strspn(q->ids[i], "0123456789") != n) continue;
            char iso[3];
            scheme = q->country && insNormCountry(q->country, iso) && !strcmp(iso, "AR") ? "AR-DNI"
                                                                                      : INS_SCHEME_PE_DNI;
        }
        char form[96];
        if (insPseudoForm(scheme, q->ids[i], form, sizeof form) && insPseudonym(&c->pkey, form, w->ps[i]) != INS_OK)
            w->ps[i][0] = '\0';
    }
}

/*
** Appends a result row for each partner state's listed person whose
** pseudonym record W's identifiers make: the document number is on that
** partner's list; nothing more is known of the entry (no name travels).
*/
static int partner_rows(screen_ctx *c, srow *w, const char *qname)
{
    static const char q[] =
        "SELECT DISTINCT issuer, list_name, reason FROM partner_listed WHERE pseudonym = ? AND kind = 'person'"
        " ORDER BY issuer, list_name";
    int rc = 0;
    for (size_t i = 0; i < w->q.nids && !rc; i++) {
        if (!w->ps[i][0]) continue;
        sqlite3_stmt *s = insDbStmt(c->db, q);
        if (!s) return INS_ERR_DB;
        sqlite3_bind_text(s, 1, w->ps[i], -1, SQLITE_STATIC);
        while (!rc && sqlite3_step(s) == SQLITE_ROW) {
            const char *issuer = (const char *)sqlite3_column_text(s, 0);
            const char *list = (const char *)sqlite3_column_text(s, 1);
            long r = insResultAddRow(c->r);
            if (r < 0) { rc = 1; break; }
            rc |= insResultSetf(c->r, (size_t)r, 0, "%lu", w->row - 1);
            rc |= insResultSet(c->r, (size_t)r, 1, qname);
            rc |= insResultSet(c->r, (size_t)r, 2, "");
            rc |= insResultSetf(c->r, (size_t)r, 3, "partner:%s:%s", issuer ? issuer : "?", list ? list : "?");
            rc |= insResultSet(c->r, (size_t)r, 4, _("(the partner's listed person: no name is shared)"));
            rc |= insResultSet(c->r, (size_t)r, 5, "1.000");
            rc |= insResultSet(c->r, (size_t)r, 6, insMatchStatusName(INS_MS_MATCH));
            rc |= insResultSet(c->r, (size_t)r, 7, "partner");
            ins_buf why;
            insBufInit(&why);
            insBufPrintf(&why, _("identifier %zu, by its pseudonym under the shared key, is on %s's list"), i + 1,
                         issuer ? issuer : "?");
            const char *reason = (const char *)sqlite3_column_text(s, 2);
            if (reason) insBufPrintf(&why, " (%s)", reason);
            rc |= insResultSet(c->r, (size_t)r, 8, insBufStr(&why));
            rc |= why.oom;
            insBufFree(&why);
            rc |= insResultSet(c->r, (size_t)r, 9, w->key);
            c->st->partner++;
            c->st->matches++;
        }
        sqlite3_reset(s);
    }
    return rc ? INS_ERR_NOMEM : INS_OK;
}

/*
** Screens the held records from c->next on, taking them one at a time so
** that the threads share the work whatever each record costs.  Each
** thread writes only to its own scratch and to the records it took.
*/
static void screen_some(screen_ctx *c, ins_match_scratch *scr)
{
    for (;;) {
        size_t i = atomic_fetch_add(&c->next, 1);
        if (i >= c->nbatch) return;
        srow *w = &c->batch[i];
        w->rc = insMatchQueryRunIn(c->ix, scr, &w->q, c->review, c->maxc + w->dn, &w->h, &w->nh);
        if (c->partner) partner_pseudonyms(c, w);
    }
}

typedef struct screen_worker {
    screen_ctx *c;
    ins_match_scratch *scr;
} screen_worker;

/* Thread body: screen_some with this thread's scratch. */
static int screen_thread(void *arg)
{
    screen_worker *sw = arg;
    screen_some(sw->c, sw->scr);
    return 0;
}

/*
** Writes out one screened record: its hits classified, rejected ones left
** out, confirmed ones marked, and confirmed listings the search did not
** bring back this time added with their best name's score.  Runs in the
** calling thread, in file order, so the output is the same for any
** number of threads.
*/
static int screen_emit(screen_ctx *c, srow *w)
{
    const ins_match_query *qp = &w->q;
    const char *qname = qp->name ? qp->name : "";
    int rc = w->rc;
    scand *cand = calloc(w->nh + w->dn + 1, sizeof *cand);
    if (!cand) return INS_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < w->nh && rc == INS_OK; i++) {
        const ins_match_hit *h = &w->h[i];
        int d = w->dn ? decision_of(&c->dec, w->key, w->dfirst, w->dn, h->listing_id) : 0;
        if (d < 0) { c->st->rejected++; continue; }
        if (n >= c->maxc && d == 0) continue;
        long li = insMatchListingFind(c->ix, h->listing_id);
        if (li < 0) continue;
        int status = d > 0 ? INS_MS_CONFIRMED : insMatchClassify(h->score, c->threshold, c->review);
        if (status == INS_MS_NONE) continue;
        scand *e = &cand[n++];
        e->l = &c->ix->listings[li];
        e->listed = h->listed_name;
        e->score = h->score;
        e->status = status;
        e->by_id = h->by_id;
        insBufInit(&e->why);
        if (d > 0) insBufAppendStr(&e->why, _("confirmed earlier; "));
        insBufAppendStr(&e->why, h->why);
    }
    /* confirmed listings the search did not bring back this time */
    for (size_t k = w->dfirst; k < w->dfirst + w->dn && rc == INS_OK; k++) {
        const mdec *d = &c->dec.d[k];
        if (!d->confirmed || strcmp(c->dec.text.s + d->key, w->key)) continue;
        long li = insMatchListingFind(c->ix, d->listing_id);
        if (li < 0) continue;
        int seen = 0;
        for (size_t i = 0; i < w->nh; i++) seen |= w->h[i].listing_id == d->listing_id;
        if (seen) continue;
        const mlisting *l = &c->ix->listings[li];
        scand *e = &cand[n++];
        insBufInit(&e->why);
        insBufAppendStr(&e->why, _("confirmed earlier; "));
        double best = 0;
        uint32_t bn = l->first_name;
        char *qana = insMatchAnalyse(qname);
        ins_match_scratch *scr = c->ix->scr;
        scr->qready[0] = scr->qready[1] = scr->qready[2] = 0;
        for (uint32_t j = 0; qana && j < l->nnames; j++) {
            double s = insMatchScoreName(c->ix, scr, qana, qp, l->first_name + j, NULL);
            if (s > best) { best = s; bn = l->first_name + j; }
        }
        if (qana && l->nnames) insMatchScoreName(c->ix, scr, qana, qp, bn, &e->why);
        free(qana);
        e->l = l;
        e->listed = l->nnames ? arena_str(c->ix, c->ix->names[bn].raw) : arena_str(c->ix, l->name);
        e->score = best;
        e->status = INS_MS_CONFIRMED;
    }
    if (rc == INS_OK) rc = screen_add_all(c, w->row, qname, cand, n, w->key);
    if (rc == INS_OK && c->partner) rc = partner_rows(c, w, qname);
    for (size_t k = 0; k < n; k++) insBufFree(&cand[k].why);
    free(cand);
    return rc;
}

/*
** Screens the held records on c->nthreads threads (the calling one and
** the others, each with its own scratch), then writes them out in file
** order and frees them.  A thread that cannot start leaves its share to
** the others: the result is the same, only slower.
*/
static int screen_batch(screen_ctx *c)
{
    if (!c->nbatch) return INS_OK;
    atomic_store(&c->next, 0);
    screen_worker sw[INS_MAX_THREADS];
    unsigned n = c->nbatch > 1 ? c->nthreads : 1;
    for (unsigned t = 0; t < n; t++) {
        sw[t].c = c;
        sw[t].scr = t ? c->scr[t - 1] : c->ix->scr;
    }
    insURunThreads(screen_thread, sw, sizeof *sw, n);
    int rc = INS_OK;
    for (size_t i = 0; i < c->nbatch; i++) {
        if (rc == INS_OK) rc = screen_emit(c, &c->batch[i]);
        srow_clear(&c->batch[i]);
    }
    c->nbatch = 0;
    return rc;
}

/*
** One row of the screened file: the header maps the columns by name; a
** record becomes a query held in the batch (its strings copied, its
** decisions looked up); a full batch is screened and written out.
*/
static int screen_row(void *ud, unsigned long row, char **f, size_t n)
{
    screen_ctx *c = ud;
    if (row == 1) {
        c->c_name = csv_col_any(f, n, col_name);
        c->c_birth = csv_col_any(f, n, col_birth);
        c->c_country = csv_col_any(f, n, col_country);
        c->c_kind = csv_col_any(f, n, col_kind);
        c->c_scheme = csv_col_any(f, n, col_scheme);
        for (size_t i = 0; i < INS_ARRAY_LEN(col_ids) && c->ncid < INS_MATCH_MAX_IDS; i++) {
            int col = insCsvColumn(f, n, col_ids[i].col);
            if (col < 0) continue;
            c->c_id[c->ncid] = col;
            c->id_scheme[c->ncid++] = col_ids[i].scheme;
        }
        if (c->c_name < 0) {
            insBufAppendStr(&c->err, _("the header has no name column (name, nombre)"));
            return INS_ERR_FORMAT;
        }
        return INS_OK;
    }
    const char *name = csv_get(f, n, c->c_name);
    int anyid = 0;
    for (size_t i = 0; i < c->ncid; i++) anyid |= csv_get(f, n, c->c_id[i]) != NULL;
    if (!name && !anyid) { c->st->skipped++; return INS_OK; }
    c->st->rows++;
    assert(c->nbatch < INS_SCREEN_BATCH_ROWS);
    srow *w = &c->batch[c->nbatch++];
    memset(w, 0, sizeof *w);
    w->row = row;
    int oom = 0;
    ins_match_query *q = &w->q;
    q->name = srow_keep(w, name, &oom);
    for (size_t i = 0; i < c->ncid; i++) {
        const char *v = csv_get(f, n, c->c_id[i]);
        if (!v) continue;
        q->schemes[q->nids] = c->id_scheme[i] ? c->id_scheme[i] : srow_keep(w, csv_get(f, n, c->c_scheme), &oom);
        q->ids[q->nids++] = srow_keep(w, v, &oom);
    }
    q->birth_date = srow_keep(w, csv_get(f, n, c->c_birth), &oom);
    q->country = srow_keep(w, csv_get(f, n, c->c_country), &oom);
    /* a "dni" column of an Argentine's record holds an Argentine DNI */
    char iso[3];
    if (q->country && insNormCountry(q->country, iso) && !strcmp(iso, "AR"))
        for (size_t i = 0; i < q->nids; i++)
            if (q->schemes[i] && !strcmp(q->schemes[i], INS_SCHEME_PE_DNI)) q->schemes[i] = "AR-DNI";
    q->kind = c->c_kind >= 0 && csv_get(f, n, c->c_kind) ? ins_match_kind_from_text(f[c->c_kind]) : c->kind;
    w->key = insMatchQueryKey(q->name, q->ids, q->nids);
    if (oom || !w->key) return INS_ERR_NOMEM;
    w->dn = decisions_for(&c->dec, w->key, &w->dfirst);
    return c->nbatch == INS_SCREEN_BATCH_ROWS ? screen_batch(c) : INS_OK;
}

/* Threads for a screening: asked (0: the processors online), at most
** INS_MAX_THREADS. */
static unsigned screen_threads(const ins_screen_opts *o)
{
    return insUThreads(o ? o->threads : 0);
}

/* Screens a CSV file against the listings in force (see inspector.h). */
int ins_screen_file(ins_db *db, const char *path, const ins_screen_opts *o, ins_result **out,
                    ins_screen_stats *st, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    *out = NULL;
    ins_screen_stats local;
    if (!st) st = &local;
    memset(st, 0, sizeof *st);
    screen_ctx c;
    memset(&c, 0, sizeof c);
    c.st = st;
    c.threshold = o && o->threshold > 0 ? o->threshold : INS_MATCH_THRESHOLD;
    c.review = o && o->review > 0 ? o->review : INS_MATCH_REVIEW;
    if (c.review > c.threshold) c.review = c.threshold;
    c.maxc = o && o->max_candidates ? o->max_candidates : 5;
    if (c.maxc > INS_MATCH_MAX_SCORED) c.maxc = INS_MATCH_MAX_SCORED;
    c.kind = o ? o->kind : INS_MK_ANY;
    c.db = db;
    insBufInit(&c.err);
    if (o && o->partner_key) {
        /* partners' listed persons, by pseudonym: only when some came */
        int rc0 = insPseudoKeyRead(o->partner_key, &c.pkey, errmsg);
        if (rc0 != INS_OK) return rc0;
        c.partner = insDbScalarInt(db, "SELECT EXISTS(SELECT 1 FROM partner_listed WHERE pseudonym IS NOT NULL)") > 0;
    }
    int rc = insMatchIndexLoad(db, o ? o->as_of : NULL, INS_MATCH_IN_FORCE, &c.ix, errmsg);
    if (rc != INS_OK) return rc;
    c.nthreads = screen_threads(o);
    c.batch = calloc(INS_SCREEN_BATCH_ROWS, sizeof *c.batch);
    c.scr = calloc(c.nthreads, sizeof *c.scr);
    for (unsigned t = 1; c.scr && t < c.nthreads; t++)
        if (!(c.scr[t - 1] = insMatchScratchNew(c.ix))) { c.nthreads = t; break; }
    if (!c.batch || !c.scr) rc = insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
    st->listings = c.ix->nlistings;
    st->names = c.ix->nnames;
    if (rc == INS_OK) rc = decisions_load(db, &c.dec, errmsg);
    static const char *const cols[] = {"row", "query_name", "listing_id", "list_name", "listed_name",
                                       "score", "status", "candidate", "explanation", "query_key"};
    if (rc == INS_OK) {
        ins_buf title, note;
        insBufInit(&title);
        insBufInit(&note);
        insBufPrintf(&title, _("Screening against the listings in force on %s"), c.ix->as_of);
        insBufPrintf(&note, _("A candidate is a lead to check, not a finding.  match: score %.2f or more; "
                              "review: %.2f to %.2f; confirmed: decided earlier."),
                     c.threshold, c.review, c.threshold);
        c.r = insResultNew(insBufStr(&title), insBufStr(&note), cols, INS_ARRAY_LEN(cols));
        insBufFree(&title);
        insBufFree(&note);
        if (!c.r) rc = insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
    }
    if (rc == INS_OK) {
        char *csverr = NULL;
        rc = insCsvReadFile(path, 0, screen_row, &c, &csverr);
        if (rc == INS_OK) rc = screen_batch(&c);
        if (rc != INS_OK && errmsg && !*errmsg) {
            if (c.err.len) { *errmsg = insBufDetach(&c.err); free(csverr); }
            else *errmsg = csverr;
        } else {
            free(csverr);
        }
    }
    for (size_t i = 0; i < c.nbatch; i++) srow_clear(&c.batch[i]);
    free(c.batch);
    for (unsigned t = 1; c.scr && t < c.nthreads; t++) insMatchScratchFree(c.scr[t - 1]);
    free(c.scr);
    decisions_free(&c.dec);
    insBufFree(&c.err);
    insMatchIndexFree(c.ix);
    memset(&c.pkey, 0, sizeof c.pkey);
    if (rc != INS_OK) { ins_result_free(c.r); return rc; }
    *out = c.r;
    return INS_OK;
}
