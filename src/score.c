/*
** score.c: scoring runs.
**
** A run evaluates every rule that is not deprecated on every subject of its
** type and stores the hits, each with its strength, filled evidence text
** and the documents behind it.  The run records what is needed to
** reproduce and explain it later: the evaluation date, the parameters, the
** fingerprint of the rule and list files, a copy of each rule's metadata
** (so an old worklist can be printed after the rules change) and a
** fingerprint of the data it saw (the hashes of every imported file).
*/
#include "rule.h"
#include "match.h"
#include "score_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
** The id of the latest scoring run, 0 when there is none (or on a database
** error).  It lives here, where runs are made; worklists and explanations
** use it when the caller names no run.
*/
int64_t ins_latest_run(ins_db *db)
{
    int64_t id = insDbScalarInt(db, "SELECT COALESCE(MAX(id), 0) FROM runs WHERE status = 'complete'");
    return id < 0 ? 0 : id;
}

/*
** The data fingerprint: SHA-256 over the hashes of all imported files, in
** import order, into OUT (64 hex digits); *NFILES and *MAXID receive the
** number of files and the last file id, which the report uses to count
** what a run saw.
*/
static int data_fingerprint(ins_db *db, char out[65], int64_t *nfiles, int64_t *maxid)
{
    static const char q[] = "SELECT id, sha256 FROM source_files ORDER BY id";
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return INS_ERR_DB;
    ins_sha256 h;
    insUSha256Init(&h);
    *nfiles = 0;
    *maxid = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *s = sqlite3_column_text(st, 1);
        if (s) insUSha256Update(&h, s, (size_t)sqlite3_column_bytes(st, 1));
        (*nfiles)++;
        *maxid = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    insUSha256Final(&h, out);
    return rc == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Loads a label per document ("09 T002-172", "01 F001-00019772") indexed by
** document id, so evidence can name the documents behind a hit without a
** query per hit.  The labels are packed into one arena (a table with no
** columns): a million documents cost a few hundred allocations.  The same
** scan counts, into STATS, the dated documents, those within WINDOW days
** before AS_OF, and the newest date.
*/
static int load_doc_labels(ins_db *db, ins_evalctx *ec, int32_t as_of, int window, ins_score_stats *stats)
{
    int64_t maxid = insDbScalarInt(db, "SELECT COALESCE(MAX(id), 0) FROM documents");
    if (maxid < 0) return INS_ERR_DB;
    ec->doclabel = calloc((size_t)maxid + 1, sizeof *ec->doclabel);
    ec->doclabel_arena = calloc(1, sizeof *ec->doclabel_arena);
    if (!ec->doclabel || !ec->doclabel_arena) return INS_ERR_NOMEM;
    ec->ndoclabel = maxid + 1;
    static const char q[] =
        "SELECT d.id, " INS_DOC_LABEL ", d.issue_date"
        " FROM documents d";
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return INS_ERR_DB;
    int rc = INS_OK;
    int32_t newest = INT32_MIN;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *l = (const char *)sqlite3_column_text(st, 1);
        const char *date = (const char *)sqlite3_column_text(st, 2);
        int32_t d;
        if (date && strlen(date) >= 10 && insDateParse(date, 10, &d)) {
            stats->docs_dated++;
            if (d <= as_of && d >= as_of - window) stats->docs_in_window++;
            if (d > newest) newest = d;
        }
        if (id < 0 || id > maxid || !l) continue;
        ec->doclabel[id] = insTableStr(ec->doclabel_arena, l, (size_t)sqlite3_column_bytes(st, 1));
        if (!ec->doclabel[id]) { rc = INS_ERR_NOMEM; break; }
    }
    sqlite3_reset(st);
    if (newest != INT32_MIN) insDateFormat(newest, stats->newest);
    return rc;
}

/* Frees the labels load_doc_labels made. */
static void free_doc_labels(ins_evalctx *ec)
{
    free(ec->doclabel);
    insTableFree(ec->doclabel_arena);
    ec->doclabel = NULL;
    ec->doclabel_arena = NULL;
    ec->ndoclabel = 0;
}

/*
** 1 when rule R takes part in a run: it compiled without errors, has a
** subject and a condition, and is not deprecated.
*/
static int evaluable(const ins_rule *r)
{
    return !r->errors && r->subject && r->condition && r->status && strcmp(r->status, "deprecated") != 0;
}

/*
** Copies rule R's metadata into run_rules, so that an old run's reasons
** can be printed after the rule files change.  A leg rule without
** `reaches` is stored as reaching both ends, which is what chain.c does.
*/
static int store_rule(ins_db *db, int64_t run, const ins_rule *r)
{
    static const char q[] =
        "INSERT INTO run_rules(run_id, rule_id, rev, name, title, subject, weight, severity, status,"
        " audience, indicators, legal_basis, guidance, description, falsepositives, source_file, reaches)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, run);
    insDbBindText(st, 2, r->id);
    sqlite3_bind_int(st, 3, r->rev);
    insDbBindText(st, 4, r->name);
    insDbBindText(st, 5, r->title);
    insDbBindText(st, 6, r->subject->name);
    sqlite3_bind_double(st, 7, r->weight);
    insDbBindText(st, 8, r->severity);
    insDbBindText(st, 9, r->status);
    insDbBindText(st, 10, r->audience);
    insDbBindText(st, 11, r->indicators);
    insDbBindText(st, 12, r->legal_basis);
    insDbBindText(st, 13, r->guidance);
    insDbBindText(st, 14, r->description);
    insDbBindText(st, 15, r->falsepositives);
    insDbBindText(st, 16, r->src ? r->src->path : NULL);
    insDbBindText(st, 17, r->reaches ? r->reaches : (!strcmp(r->subject->name, "leg") ? "both" : NULL));
    return sqlite3_step(st) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Stores a hit of rule R on subject ROW of frame F, with its strength,
** its evidence text and the NDOCS documents behind it.
*/
static int store_hit(ins_db *db, int64_t run, const ins_rule *r, ins_frame *f, size_t row,
                     double strength, const char *evidence, const int64_t *docs, size_t ndocs)
{
    static const char qh[] =
        "INSERT INTO hits(run_id, rule_id, rule_rev, subject_type, subject_id, subject_key, strength,"
        " evidence) VALUES(?,?,?,?,?,?,?,?)";
    static const char qd[] = "INSERT OR IGNORE INTO hit_documents(hit_id, document_id) VALUES(?,?)";
    sqlite3_stmt *st = insDbStmt(db, qh);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, run);
    insDbBindText(st, 2, r->id);
    sqlite3_bind_int(st, 3, r->rev);
    insDbBindText(st, 4, r->subject->name);
    sqlite3_bind_int64(st, 5, f->subj->ids[row]);
    insDbBindText(st, 6, f->keys ? f->keys[row] : "?");
    sqlite3_bind_double(st, 7, strength);
    insDbBindText(st, 8, evidence);
    if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
    int64_t hit = sqlite3_last_insert_rowid(db->h);
    for (size_t i = 0; i < ndocs; i++) {
        st = insDbStmt(db, qd);
        if (!st) return INS_ERR_DB;
        sqlite3_bind_int64(st, 1, hit);
        sqlite3_bind_int64(st, 2, docs[i]);
        if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
    }
    return INS_OK;
}

/* Records a runtime error of rule R on SUBJECT (run_errors): it stopped that rule, not the run. */
static int store_error(ins_db *db, int64_t run, const ins_rule *r, const char *subject, const char *msg)
{
    static const char q[] = "INSERT INTO run_errors(run_id, rule_id, subject_key, message) VALUES(?,?,?,?)";
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, run);
    insDbBindText(st, 2, r->id);
    insDbBindText(st, 3, subject);
    insDbBindText(st, 4, msg);
    return sqlite3_step(st) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Writes the JSON object stored in runs.parameters: the evaluation date,
** the tiers and damping used, and every other constant of the scoring
** model (score_model.h) and the listing link threshold (match.h), so that
** a run can be reproduced from what it stored.  The first three keys keep
** their original form ("chain_damping" with four decimals), which
** explain.c reads; later keys are added at the end.
*/
static void write_parameters(ins_buf *b, const char *as_of, int tiers, double damping)
{
    insBufPrintf(b, "{\"as_of\":\"%s\",\"chain_tiers\":%d,\"chain_damping\":%.4f", as_of, tiers, damping);
    insBufPrintf(b, ",\"repeat_factor\":%g,\"repeat_max_rank\":%d,\"establishment_reach\":%g,"
                 "\"chain_link_min\":%g,\"listing_link_threshold\":%g,\"chain_links_kept\":%d}",
                 INS_SCORE_REPEAT_FACTOR, INS_SCORE_REPEAT_MAX_RANK, INS_SCORE_ESTAB_REACH,
                 INS_SCORE_CHAIN_LINK_MIN, INS_MATCH_LINK_THRESHOLD, INS_SCORE_CHAIN_LINKS_KEPT);
}

/* ---- the run's own tables, kept apart while it computes ------------------ */

/* The tables a run writes while it computes (run_rules, written first, is
** not among them): they are shadowed by temporary copies. */
static const char *const run_tables[] = {"hits", "hit_documents", "run_errors", "scores", "score_hits",
                                         "chain_links"};

/*
** Creates (CREATE nonzero) or drops temporary tables with the names, the
** columns and the keys of the run tables, without their secondary indexes
** (those serve the readers of finished runs; the run reads its own tables
** by key or whole, and each index cost a b-tree insert per row).  SQLite
** resolves an unqualified name to a temporary table first, so every statement of the
** run (store_hit, chain.c...) writes to them without being told, and
** writing them takes no lock on the database: the run reads a snapshot of
** the database while imports, worklists and queries go on.  The copies
** are made from the tables' own definitions (sqlite_master), without
** WITHOUT ROWID, so that copy_out can take them in rowid ranges; foreign
** keys are off while they exist (their parents are in the main database).
*/
static int shadow_tables(ins_db *db, int create)
{
    if (!create) {
        int rc = INS_OK;
        for (size_t i = 0; i < INS_ARRAY_LEN(run_tables); i++) {
            ins_buf q;
            insBufInit(&q);
            insBufPrintf(&q, "DROP TABLE IF EXISTS temp.%s", run_tables[i]);
            if (q.oom || insDbExec(db, insBufStr(&q)) != INS_OK) rc = INS_ERR_DB;
            insBufFree(&q);
        }
        if (insDbExec(db, "DROP TABLE IF EXISTS temp.hit_offsets") != INS_OK) rc = INS_ERR_DB;
        if (insDbExec(db, "PRAGMA foreign_keys=ON") != INS_OK) rc = INS_ERR_DB;
        return rc;
    }
    if (insDbExec(db, "PRAGMA foreign_keys=OFF") != INS_OK) return INS_ERR_DB;
    static const char q[] =
        "SELECT type, sql FROM main.sqlite_master WHERE tbl_name = ? AND type = 'table'"
        " AND sql IS NOT NULL";
    int rc = INS_OK;
    for (size_t i = 0; i < INS_ARRAY_LEN(run_tables) && rc == INS_OK; i++) {
        sqlite3_stmt *st = insDbStmt(db, q);
        if (!st) return INS_ERR_DB;
        sqlite3_bind_text(st, 1, run_tables[i], -1, SQLITE_STATIC);
        int n = 0;
        while (rc == INS_OK && sqlite3_step(st) == SQLITE_ROW) {
            const char *type = (const char *)sqlite3_column_text(st, 0);
            const char *sql = (const char *)sqlite3_column_text(st, 1);
            ins_buf d;
            insBufInit(&d);
            if (!strcmp(type, "table") && !strncmp(sql, "CREATE TABLE ", 13)) {
                const char *w = strstr(sql, " WITHOUT ROWID");
                insBufAppendStr(&d, "CREATE TEMP TABLE ");
                insBufAppend(&d, sql + 13, w ? (size_t)(w - sql) - 13 : strlen(sql + 13));
                n++;
            }
            if (d.oom) rc = INS_ERR_NOMEM;
            else if (d.len && insDbExec(db, insBufStr(&d)) != INS_OK) rc = INS_ERR_DB;
            insBufFree(&d);
        }
        sqlite3_reset(st);
        if (rc == INS_OK && n != 1) rc = INS_ERR_DB; /* every run table must exist */
    }
    if (rc == INS_OK &&
        insDbExec(db, "CREATE TEMP TABLE hit_offsets(lo INTEGER NOT NULL, hi INTEGER NOT NULL,"
                      " off INTEGER NOT NULL)") != INS_OK)
        rc = INS_ERR_DB;
    return rc;
}

/*
** Copies the run's rows from the temporary tables into the database, in
** transactions of at most INS_SCORE_COPY_ROWS rows each, so that no writer
** waits for long.  Hits get new ids, in the same order (those of a run
** made meanwhile may sit below them): each range of hits records its
** offset, and hit_documents and score_hits follow it.  Until the run is
** marked complete, readers ignore its rows.
*/
static int copy_out(ins_db *db)
{
    static const char *const plain[][2] = {
        {"run_errors", "INSERT INTO main.run_errors SELECT * FROM temp.run_errors WHERE rowid BETWEEN ?1 AND ?2"},
        {"scores", "INSERT INTO main.scores SELECT * FROM temp.scores WHERE rowid BETWEEN ?1 AND ?2"},
        {"score_hits",
         "INSERT INTO main.score_hits(run_id, subject_type, subject_key, hit_id, contribution)"
         " SELECT s.run_id, s.subject_type, s.subject_key, s.hit_id + o.off, s.contribution"
         " FROM temp.score_hits s JOIN temp.hit_offsets o ON s.hit_id BETWEEN o.lo AND o.hi"
         " WHERE s.rowid BETWEEN ?1 AND ?2"},
        {"chain_links", "INSERT INTO main.chain_links SELECT * FROM temp.chain_links WHERE rowid BETWEEN ?1 AND ?2"},
    };
    static const char qhits[] =
        "INSERT INTO main.hits(id, run_id, rule_id, rule_rev, subject_type, subject_id, subject_key,"
        " strength, evidence)"
        " SELECT id + ?3, run_id, rule_id, rule_rev, subject_type, subject_id, subject_key, strength,"
        " evidence FROM temp.hits WHERE id BETWEEN ?1 AND ?2";
    static const char qdocs[] =
        "INSERT INTO main.hit_documents(hit_id, document_id)"
        " SELECT hit_id + ?3, document_id FROM temp.hit_documents WHERE hit_id BETWEEN ?1 AND ?2";
    static const char qoff[] = "INSERT INTO temp.hit_offsets(lo, hi, off) VALUES(?1, ?2, ?3)";
    const int64_t step = INS_SCORE_COPY_ROWS;

    int64_t last = insDbScalarInt(db, "SELECT COALESCE(MAX(id), 0) FROM temp.hits");
    if (last < 0) return INS_ERR_DB;
    for (int64_t lo = 1; lo <= last; lo += step) {
        int64_t hi = lo + step - 1;
        if (insDbBegin(db) != INS_OK) return INS_ERR_DB;
        int64_t base = insDbScalarInt(db, "SELECT COALESCE(MAX(id), 0) FROM main.hits");
        int rc = base < 0 ? INS_ERR_DB : INS_OK;
        const char *const qs[] = {qhits, qdocs, qoff};
        for (size_t k = 0; k < INS_ARRAY_LEN(qs) && rc == INS_OK; k++) {
            sqlite3_stmt *st = insDbStmt(db, qs[k]);
            if (!st) { rc = INS_ERR_DB; break; }
            sqlite3_bind_int64(st, 1, lo);
            sqlite3_bind_int64(st, 2, hi);
            sqlite3_bind_int64(st, 3, base + 1 - lo);
            if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
            sqlite3_reset(st);
        }
        if (rc == INS_OK) rc = insDbCommit(db);
        if (rc != INS_OK) { insDbRollback(db); return rc; }
    }
    for (size_t t = 0; t < INS_ARRAY_LEN(plain); t++) {
        ins_buf q;
        insBufInit(&q);
        insBufPrintf(&q, "SELECT COALESCE(MAX(rowid), 0) FROM temp.%s", plain[t][0]);
        int64_t n = q.oom ? -1 : insDbScalarInt(db, insBufStr(&q));
        insBufFree(&q);
        if (n < 0) return INS_ERR_DB;
        for (int64_t lo = 1; lo <= n; lo += step) {
            if (insDbBegin(db) != INS_OK) return INS_ERR_DB;
            sqlite3_stmt *st = insDbStmt(db, plain[t][1]);
            int rc = st ? INS_OK : INS_ERR_DB;
            if (st) {
                sqlite3_bind_int64(st, 1, lo);
                sqlite3_bind_int64(st, 2, lo + step - 1);
                if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
                sqlite3_reset(st);
            }
            if (rc == INS_OK) rc = insDbCommit(db);
            if (rc != INS_OK) { insDbRollback(db); return rc; }
        }
    }
    return INS_OK;
}

/*
** Makes the run's row (marked running, so that readers ignore it), its
** rules' metadata and the listing links it will read, in one short
** transaction.  *RUN receives its id.
*/
static int run_begin(ins_db *db, ins_ruleset *rs, const ins_score_opts *opts, const char *as_of,
                     int tiers, double damping, int64_t *run)
{
    static const char qrun[] =
        "INSERT INTO runs(created_at, as_of, tool_version, rules_fingerprint, rules_source, parameters,"
        " data_fingerprint, data_files, data_max_file_id, status) VALUES(?,?,?,?,?,?,'',0,0,'running')";
    /* Listings reach firms and persons through the matcher: identifiers
     * decide, names above the link threshold count.  Screening every firm
     * takes long at scale, so it reads outside the write transaction and
     * only writing the links (listing_links) takes the lock. */
    ins_match_links *found = NULL;
    int lrc = insMatchLinkFind(db, as_of, 0, opts ? opts->threads : 0, &found);
    if (lrc != INS_OK) return lrc;
    if (insDbBegin(db) != INS_OK) { insMatchLinksFree(found); return INS_ERR_DB; }
    char now[21];
    insUNowIso(now);
    ins_buf params;
    insBufInit(&params);
    write_parameters(&params, as_of, tiers, damping);
    sqlite3_stmt *st = insDbStmt(db, qrun);
    int rc = st && !params.oom ? INS_OK : INS_ERR_DB;
    if (st) {
        sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, as_of, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, PACKAGE_VERSION, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, ins_ruleset_fingerprint(rs), -1, SQLITE_TRANSIENT);
        insDbBindText(st, 5, opts ? opts->rules_source : NULL);
        sqlite3_bind_text(st, 6, insBufStr(&params), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
        sqlite3_reset(st);
    }
    insBufFree(&params);
    if (rc == INS_OK) *run = sqlite3_last_insert_rowid(db->h);
    size_t nrules = ins_ruleset_count(rs);
    for (size_t i = 0; i < nrules && rc == INS_OK; i++) {
        ins_rule *r = insRulesetRule(rs, i);
        if (evaluable(r)) rc = store_rule(db, *run, r);
    }
    size_t links = 0;
    if (rc == INS_OK) rc = insMatchLinkWrite(db, found, &links);
    insMatchLinksFree(found);
    if (rc == INS_OK) rc = insDbCommit(db);
    if (rc != INS_OK) insDbRollback(db);
    return rc;
}

/* ---- evaluating on every processor ------------------------------------------ */

/* A hit a thread found, kept until it is stored in subject order. */
typedef struct found_hit {
    size_t row;
    double strength;
    size_t ev_off;          /* its evidence in the part's text (NUL-terminated) */
    size_t doc_off, ndocs;  /* its documents in the part's array */
} found_hit;

/*
** What one thread evaluates of one rule: rows [lo, hi) of the frame, with
** its own evaluation context (the frame and the document labels are shared
** and only read), and what it found: hits, their evidence and documents,
** and the first runtime error, after which it stops as the serial loop
** did.
*/
typedef struct eval_part {
    ins_evalctx ec;
    const ins_rule *r;
    size_t lo, hi;
    ins_buf ev, text;
    found_hit *h;
    size_t nh, caph;
    int64_t *docs;
    size_t ndocs, capdocs;
    int error;       /* a runtime error at err_row (message in ec.errmsg) */
    size_t err_row;
    int oom;
} eval_part;

/* Evaluates part P's rows, keeping what fired. */
static int eval_part_run(void *arg)
{
    eval_part *p = arg;
    p->nh = p->ndocs = 0;
    p->error = p->oom = 0;
    insBufReset(&p->text);
    for (size_t row = p->lo; row < p->hi; row++) {
        p->ec.row = row;
        double strength = 1;
        int fired = insEvalRule(&p->ec, p->r, &strength, &p->ev);
        if (fired < 0) {
            p->error = 1;
            p->err_row = row;
            break;
        }
        if (fired != 1) continue;
        found_hit *h = insUGrow(p->h, &p->caph, p->nh + 1, sizeof *h);
        int64_t *d = insUGrow(p->docs, &p->capdocs, p->ndocs + p->ec.ndocs + 1, sizeof *d);
        if (h) p->h = h;
        if (d) p->docs = d;
        if (!h || !d) { p->oom = 1; break; }
        h = &p->h[p->nh++];
        h->row = row;
        h->strength = strength;
        h->ev_off = p->text.len;
        insBufAppend(&p->text, insBufStr(&p->ev), p->ev.len + 1); /* with its NUL */
        h->doc_off = p->ndocs;
        h->ndocs = p->ec.ndocs;
        if (p->ec.ndocs) memcpy(&p->docs[p->ndocs], p->ec.docs, p->ec.ndocs * sizeof *d);
        p->ndocs += p->ec.ndocs;
        if (p->text.oom) { p->oom = 1; break; }
    }
    return 0;
}

/*
** Evaluates rule R on every subject of frame F, INS_SCORE_EVAL_BLOCK
** subjects at a time split among the parts' threads (the calling thread
** takes the first share), and stores the hits in subject order, as one
** thread would: a runtime error stores what came before it, is recorded,
** and stops the rule.  So hits, their ids and the run's tables are the
** same for any number of threads.
*/
static int eval_rule(ins_db *db, int64_t run, const ins_rule *r, ins_frame *f, eval_part *parts,
                     unsigned nparts, ins_rule_error_fn on_error, void *ctx, ins_score_stats *stats)
{
    size_t n = f->subj->n;
    int rc = INS_OK, stop = 0;
    for (size_t lo = 0; lo < n && rc == INS_OK && !stop; lo += INS_SCORE_EVAL_BLOCK) {
        size_t hi = lo + INS_SCORE_EVAL_BLOCK < n ? lo + INS_SCORE_EVAL_BLOCK : n;
        size_t share = (hi - lo + nparts - 1) / nparts;
        unsigned used = 0;
        for (unsigned t = 0; t < nparts; t++) {
            eval_part *p = &parts[t];
            p->r = r;
            p->ec.f = f;
            p->lo = lo + t * share < hi ? lo + t * share : hi;
            p->hi = p->lo + share < hi ? p->lo + share : hi;
            if (p->lo < p->hi) used = t + 1;
        }
        insURunThreads(eval_part_run, parts, sizeof *parts, used);
        for (unsigned t = 0; t < used && rc == INS_OK && !stop; t++) {
            eval_part *p = &parts[t];
            for (size_t k = 0; k < p->nh && rc == INS_OK; k++) {
                const found_hit *h = &p->h[k];
                stats->hits++;
                rc = store_hit(db, run, r, f, h->row, h->strength, insBufStr(&p->text) + h->ev_off,
                               &p->docs[h->doc_off], h->ndocs);
            }
            if (rc == INS_OK && p->oom) rc = INS_ERR_NOMEM;
            if (rc == INS_OK && p->error) {
                /* a runtime error stops this rule, not the run */
                const char *key = f->keys ? f->keys[p->err_row] : "?";
                stats->rule_errors++;
                if (on_error) on_error(ctx, r->id, key, p->ec.errmsg);
                rc = store_error(db, run, r, key, p->ec.errmsg);
                stop = 1;
            }
        }
    }
    return rc;
}

/*
** Evaluates every evaluable rule on every subject of the types some rule
** uses, each type's frame loaded once with the relations its rules read,
** on THREADS threads (0: the processors online; eval_rule); hits, their
** documents and runtime errors go to the run's (temporary) tables.
*/
static int evaluate_rules(ins_db *db, ins_ruleset *rs, int64_t run, const char *as_of,
                          int32_t as_of_days, unsigned threads, ins_rule_error_fn on_error, void *ctx,
                          ins_score_stats *stats, char **errmsg)
{
    ins_evalctx ec;
    insEvalInit(&ec);
    size_t nrules = ins_ruleset_count(rs);
    for (size_t i = 0; i < nrules; i++) {
        ins_rule *r = insRulesetRule(rs, i);
        int w = evaluable(r) ? insRuleMaxWindow(r) : 0;
        if (w > stats->window_days) stats->window_days = w;
    }
    int rc = load_doc_labels(db, &ec, as_of_days, stats->window_days, stats);
    stats->outside_window = stats->window_days > 0 && stats->docs_dated > 0 &&
                            (double)stats->docs_in_window < INS_SCORE_WINDOW_WARN_SHARE * (double)stats->docs_dated;
    /* one part per thread, each with its own context over the same labels */
    unsigned nparts = insUThreads(threads);
    eval_part *parts = calloc(nparts, sizeof *parts);
    if (!parts) rc = INS_ERR_NOMEM;
    for (unsigned t = 0; parts && t < nparts; t++) {
        eval_part *p = &parts[t];
        insEvalInit(&p->ec);
        if (!p->ec.md || !p->ec.mctx) rc = INS_ERR_NOMEM;
        p->ec.as_of = as_of_days;
        p->ec.doclabel = ec.doclabel;
        p->ec.doclabel_arena = ec.doclabel_arena;
        p->ec.ndoclabel = ec.ndoclabel;
        insBufInit(&p->ev);
        insBufInit(&p->text);
    }
    for (size_t s = 0; s < insSchemaSubjectCount && rc == INS_OK; s++) {
        const ins_rtype *rt = insSchemaSubjects[s];
        int used = 0;
        for (size_t i = 0; i < nrules; i++) {
            ins_rule *r = insRulesetRule(rs, i);
            if (evaluable(r) && r->subject == rt) used = 1;
        }
        if (!used) continue;
        /* only the relations this type's rules read are loaded */
        uint64_t *need = calloc((size_t)rt->nfields + 1, sizeof *need);
        if (!need) { rc = INS_ERR_NOMEM; break; }
        for (size_t i = 0; i < nrules; i++) {
            ins_rule *r = insRulesetRule(rs, i);
            if (evaluable(r) && r->subject == rt) insRuleNeeds(r, need);
        }
        ins_frame *f = NULL;
        char *lerr = NULL;
        rc = insFrameLoad(db, rt, as_of, need, &f, &lerr);
        free(need);
        if (rc != INS_OK) {
            if (errmsg) *errmsg = lerr; else free(lerr);
            break;
        }
        stats->subjects += f->subj->n;
        for (size_t i = 0; i < nrules && rc == INS_OK; i++) {
            ins_rule *r = insRulesetRule(rs, i);
            if (!evaluable(r) || r->subject != rt) continue;
            stats->rules_evaluated++;
            rc = eval_rule(db, run, r, f, parts, nparts, on_error, ctx, stats);
        }
        insFrameFree(f);
    }
    for (unsigned t = 0; parts && t < nparts; t++) {
        eval_part *p = &parts[t];
        p->ec.doclabel = NULL; /* the labels are freed once, below */
        insEvalFree(&p->ec);
        insBufFree(&p->ev);
        insBufFree(&p->text);
        free(p->h);
        free(p->docs);
    }
    free(parts);
    free_doc_labels(&ec);
    insEvalFree(&ec);
    return rc;
}

/*
** A scoring run, in four steps, so that no other command waits for it:
**   1. a short write transaction makes the runs row, marked running, with
**      the rules' metadata and the listing links (run_begin);
**   2. a read transaction takes a snapshot of the database, from which the
**      data fingerprint, every frame and the chain scoring read; the
**      hits, errors and scores go to temporary copies of the run tables
**      (shadow_tables), which take no lock;
**   3. the rows are copied into the database in short transactions
**      (copy_out);
**   4. one statement marks the run complete with its data fingerprint.
** Readers ignore a run that is not complete: a run that fails, or a
** process killed, leaves no half run anyone reads (a failed run is
** deleted; a killed one stays marked running).  *errmsg says why a run
** failed.
*/
int ins_score(ins_db *db, ins_ruleset *rs, const ins_score_opts *opts, ins_rule_error_fn on_error,
              void *ctx, ins_score_stats *stats, char **errmsg)
{
    memset(stats, 0, sizeof *stats);
    if (errmsg) *errmsg = NULL;
    char as_of[11];
    if (opts && opts->as_of) {
        if (!insUParseDate(opts->as_of, as_of)) return INS_ERR_ARG;
    } else {
        ins_today(as_of);
    }
    int32_t as_of_days;
    if (!insDateParse(as_of, 10, &as_of_days)) return INS_ERR_ARG;
    memcpy(stats->as_of, as_of, sizeof stats->as_of);
    int tiers = opts && opts->chain_tiers > 0 ? opts->chain_tiers : INS_SCORE_TIERS_DEFAULT;
    double damping = opts && opts->chain_damping > 0 ? opts->chain_damping : INS_SCORE_DAMPING_DEFAULT;

    int64_t run = 0;
    int rc = run_begin(db, rs, opts, as_of, tiers, damping, &run);
    if (rc != INS_OK) {
        if (errmsg && !*errmsg) *errmsg = insUStrdup(insDbErr(db));
        return rc;
    }
    stats->run_id = run;

    char datafp[65];
    int64_t nfiles = 0, maxid = 0;
    rc = shadow_tables(db, 1);
    if (rc == INS_OK) rc = insDbExec(db, "BEGIN") == INS_OK ? INS_OK : INS_ERR_DB;
    if (rc == INS_OK) rc = data_fingerprint(db, datafp, &nfiles, &maxid);
    if (rc == INS_OK)
        rc = evaluate_rules(db, rs, run, as_of, as_of_days, opts ? opts->threads : 0, on_error, ctx, stats, errmsg);
    if (rc == INS_OK) rc = insChainScore(db, run, tiers, damping);
    if (rc == INS_OK) rc = insDbCommit(db);
    else insDbRollback(db);
    if (rc == INS_OK) rc = copy_out(db);
    if (rc == INS_OK) {
        static const char qdone[] =
            "UPDATE runs SET status = 'complete', data_fingerprint = ?, data_files = ?,"
            " data_max_file_id = ? WHERE id = ?";
        sqlite3_stmt *st = insDbStmt(db, qdone);
        if (!st) rc = INS_ERR_DB;
        else {
            sqlite3_bind_text(st, 1, datafp, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 2, nfiles);
            sqlite3_bind_int64(st, 3, maxid);
            sqlite3_bind_int64(st, 4, run);
            if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
            sqlite3_reset(st);
        }
    }
    if (rc != INS_OK && errmsg && !*errmsg) *errmsg = insUStrdup(rc == INS_ERR_DB ? insDbErr(db) : ins_strerror(rc));
    if (shadow_tables(db, 0) != INS_OK && rc == INS_OK) rc = INS_ERR_DB;
    if (rc != INS_OK) {
        /* what was copied goes with the run (ON DELETE CASCADE) */
        static const char qdel[] = "DELETE FROM runs WHERE id = ?";
        sqlite3_stmt *st = insDbStmt(db, qdel);
        if (st) {
            sqlite3_bind_int64(st, 1, run);
            sqlite3_step(st);
            sqlite3_reset(st);
        }
    }
    return rc;
}
