/*
** calibrate.c: learning rule weights from inspection outcomes (`inspector
** calibrate`, docs/CASE-REGISTER.md section 5).
**
** The data are the inspected worklist rows: each row's outcome (forced
** labour confirmed or not; not_found and closed left out and counted; a
** row inspected twice counts once, with its gravest outcome), the hits of
** the run that issued its list as they reached its subject (features as
** they were when the site was chosen: no later hit), its chain risk in
** that run, and its probability of being on the list (worklist_rows.
** inclusion_prob: 1 for targeted rows, the sampling fraction for control
** rows; unknown for lists issued before it was stored).  Each row weighs
** the inverse of that probability, normalised so the weights add up to the
** number of rows: the targeted rows were chosen because they scored high,
** and without the control slice's weight the fit would learn the list, not
** the population.
**
** The model and its fit are calib.h's.  The prior of each weight is the
** rule file's current weight (--rules DIR): rules with few inspected hits
** move little, and rules whose hits reached fewer than
** INS_CALIB_MIN_RULE_ROWS inspected rows are held as written.
**
** Validation is k-fold, grouped by worklist when there are at least k of
** them (a list is never split), else by firm: on every held-out fold, the
** current weights (with the leak fitted on the other folds) and the
** fitted ones predict; the log-likelihood per row, the AUC and the lift at
** k are compared, each with an interval, and a reliability table puts
** predicted against observed rates by decile.
**
** The output is a proposal, never a silent change: a table per rule, a
** unified diff of the rule files' weight and rev lines that a regulator
** reviews and applies with patch(1), or the revised files written into a
** new directory (ins_calibration_apply).  Each calibration is recorded
** (calibrations, calibration_rules) for the monitoring report.
**
** Stage: after a run, beside evaluate.c.
*/
#include "calib.h"
#include "score_model.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A rule of the calibration: what the rule file says and what the rows show. */
typedef struct cal_rule {
    char *id;
    int rev;
    double w0;          /* the weight in the rule file (else in the run) */
    char *file;         /* its rule file, NULL when not in --rules */
    int line;           /* the line of its `rule NAME {` */
    long rows, confirmed;
    double w, lo, hi;   /* the fit on every row */
    const char *status; /* proposed, unchanged, thin, unmeasured, not_in_rules */
    int review;         /* many inspected hits, none confirmed */
} cal_rule;

/* Everything one calibration gathers. */
typedef struct cal_ctx {
    ins_db *db;
    const ins_calibrate_opts *o;
    cal_rule *rules;
    size_t nrules, caprules;
    char fingerprint[80];  /* of the rule files given */
    cal_row *rows;
    size_t nrows, caprows;
    cal_feat *feat;
    size_t nfeat, capfeat;
    int64_t *wl, *rank; /* each row's worklist row */
    long excluded, control, unknown;
    double *w0;
    unsigned char *freew;
    char **errmsg;
} cal_ctx;

/* The rule ID's index in C, added (held at weight W, not in the files) when new; -1 out of memory. */
static long rule_index(cal_ctx *c, const char *id, double w)
{
    for (size_t j = 0; j < c->nrules; j++)
        if (!strcmp(c->rules[j].id, id)) return (long)j;
    cal_rule *g = insUGrow(c->rules, &c->caprules, c->nrules + 1, sizeof *c->rules);
    if (!g) return -1;
    c->rules = g;
    cal_rule *r = &c->rules[c->nrules];
    memset(r, 0, sizeof *r);
    if (!(r->id = insUStrdup(id))) return -1;
    r->w0 = w;
    r->status = "not_in_rules";
    return (long)c->nrules++;
}

/* Loads the rule files of DIR: each rule's id, rev, weight, file and line. */
static int load_rules(cal_ctx *c, const char *dir)
{
    ins_ruleset *rs = NULL;
    int ne = 0, nw = 0;
    const char *paths[] = {dir};
    int rc = ins_ruleset_load(paths, 1, 0, NULL, NULL, &rs, &ne, &nw);
    if (rc != INS_OK || !rs) {
        ins_ruleset_free(rs);
        return insErrSet(c->errmsg, INS_ERR_ARG, _("%s: the rule files do not compile (inspector rules check %s)"),
                         dir, dir);
    }
    insUStrlcpy(c->fingerprint, ins_ruleset_fingerprint(rs), sizeof c->fingerprint);
    for (size_t i = 0; i < ins_ruleset_count(rs); i++) {
        ins_rule_info info;
        if (ins_ruleset_info(rs, i, &info) != INS_OK) continue;
        long j = rule_index(c, info.id, info.weight);
        if (j < 0 || !(c->rules[j].file = insUStrdup(info.file))) { rc = INS_ERR_NOMEM; break; }
        c->rules[j].rev = info.rev;
        c->rules[j].w0 = info.weight;
        c->rules[j].line = info.line;
        c->rules[j].status = "unmeasured";
    }
    ins_ruleset_free(rs);
    return rc == INS_OK ? INS_OK : insErrSet(c->errmsg, rc, "%s", ins_strerror(rc));
}

/* The inspected worklist rows of the period, gravest outcome each. */
#define INSPECTED_CTE                                                                                               \
    "WITH insp AS (SELECT worklist_id, worklist_rank, MAX(CASE outcome WHEN 'forced_labour' THEN 5"                \
    "  WHEN 'other_violation' THEN 4 WHEN 'no_violation' THEN 3 WHEN 'closed' THEN 2 ELSE 1 END) AS g"              \
    "  FROM inspections WHERE worklist_id IS NOT NULL AND (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)" \
    "  GROUP BY 1, 2) "

/* Reads the rows, then their features (one statement each, in the same order). */
static int load_rows(cal_ctx *c)
{
    static const char qr[] = INSPECTED_CTE
        "SELECT r.worklist_id, r.rank, COALESCE(r.firm_id, -r.rank - 1000000 * r.worklist_id), r.control,"
        " r.inclusion_prob, i.g, COALESCE(s.chain, 0)"
        " FROM insp i JOIN worklist_rows r ON r.worklist_id = i.worklist_id AND r.rank = i.worklist_rank"
        " JOIN worklists w ON w.id = r.worklist_id"
        " LEFT JOIN scores s ON s.run_id = w.run_id AND s.subject_type = r.subject_type"
        "  AND s.subject_key = r.subject_key"
        " ORDER BY 1, 2";
    static const char qf[] = INSPECTED_CTE
        "SELECT r.worklist_id, r.rank, h.rule_id, sh.contribution, rr.weight"
        " FROM insp i JOIN worklist_rows r ON r.worklist_id = i.worklist_id AND r.rank = i.worklist_rank"
        " JOIN worklists w ON w.id = r.worklist_id"
        " JOIN score_hits sh ON sh.run_id = w.run_id AND sh.subject_type = r.subject_type"
        "  AND sh.subject_key = r.subject_key"
        " JOIN hits h ON h.id = sh.hit_id JOIN run_rules rr ON rr.run_id = sh.run_id AND rr.rule_id = h.rule_id"
        " WHERE i.g >= 3 ORDER BY 1, 2, 3, 4 DESC";
    sqlite3_stmt *s = insDbStmt(c->db, qr);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, c->o->from);
    insDbBindText(s, 2, c->o->to);
    int rc = INS_OK, step;
    size_t capwl = 0, caprank = 0;
    while (rc == INS_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        int g = sqlite3_column_int(s, 5);
        if (g < 3) { c->excluded++; continue; }
        cal_row *rows = insUGrow(c->rows, &c->caprows, c->nrows + 1, sizeof *c->rows);
        int64_t *wl = insUGrow(c->wl, &capwl, c->nrows + 1, sizeof *c->wl);
        int64_t *rk = wl ? insUGrow(c->rank, &caprank, c->nrows + 1, sizeof *c->rank) : NULL;
        if (rows) c->rows = rows;
        if (wl) c->wl = wl;
        if (rk) c->rank = rk;
        if (!rows || !wl || !rk) { rc = INS_ERR_NOMEM; break; }
        cal_row *r = &c->rows[c->nrows];
        memset(r, 0, sizeof *r);
        c->wl[c->nrows] = sqlite3_column_int64(s, 0);
        c->rank[c->nrows] = sqlite3_column_int64(s, 1);
        r->group = sqlite3_column_int64(s, 2);
        int control = sqlite3_column_int(s, 3);
        c->control += control;
        if (sqlite3_column_type(s, 4) == SQLITE_NULL) {
            c->unknown++;
            r->v = 1;
        } else {
            double p = sqlite3_column_double(s, 4);
            r->v = p > 0 && p <= 1 ? 1 / p : 1;
        }
        r->y = g == 5;
        r->chain = sqlite3_column_double(s, 6);
        c->nrows++;
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(s);
    if (rc != INS_OK) return rc;
    /* features: rows in the same order, a rule's hits strongest first */
    if (!(s = insDbStmt(c->db, qf))) return INS_ERR_DB;
    insDbBindText(s, 1, c->o->from);
    insDbBindText(s, 2, c->o->to);
    size_t i = 0;
    char prev_rule[128] = "";
    int k = 0;
    while (rc == INS_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t wl = sqlite3_column_int64(s, 0), rk = sqlite3_column_int64(s, 1);
        size_t before = i;
        while (i < c->nrows && (c->wl[i] < wl || (c->wl[i] == wl && c->rank[i] < rk))) i++;
        if (i == c->nrows || c->wl[i] != wl || c->rank[i] != rk) continue; /* cannot happen: same CTE */
        if (i != before) prev_rule[0] = '\0';
        const char *rule = (const char *)sqlite3_column_text(s, 2);
        double contrib = sqlite3_column_double(s, 3), weight = sqlite3_column_double(s, 4);
        if (!rule || !(weight > 0) || !(contrib > 0)) continue;
        /* the k-th further hit of one rule counts at INS_SCORE_REPEAT_FACTOR^k (chain.c) */
        if (strcmp(prev_rule, rule)) {
            k = 0;
            insUStrlcpy(prev_rule, rule, sizeof prev_rule);
        } else if (k < INS_SCORE_REPEAT_MAX_RANK) {
            k++;
        }
        long j = rule_index(c, rule, weight);
        cal_feat *f = j < 0 ? NULL : insUGrow(c->feat, &c->capfeat, c->nfeat + 1, sizeof *c->feat);
        if (!f) { rc = INS_ERR_NOMEM; break; }
        c->feat = f;
        double a = contrib / weight;
        for (int t = 0; t < k; t++) a *= INS_SCORE_REPEAT_FACTOR;
        cal_row *r = &c->rows[i];
        if (!r->n) r->first = c->nfeat;
        c->feat[c->nfeat].rule = (int)j;
        c->feat[c->nfeat].a = a > 1 ? 1 : a;
        c->nfeat++;
        r->n++;
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(s);
    return rc;
}

/* ---- validation ------------------------------------------------------------------ */

/* Held-out predictions of the current and the fitted model for every row. */
typedef struct cal_cv {
    double *cur, *fit;
    int *y;
    int folds;
    const char *grouped; /* "worklist" or "firm" */
} cal_cv;

/* Orders int64 values. */
static int i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The k-fold predictions (see the head of the file). */
static int cross_validate(cal_ctx *c, cal_data *d, cal_cv *cv)
{
    size_t n = c->nrows;
    int folds = c->o->folds > 1 ? c->o->folds : INS_CALIB_FOLDS_DEFAULT;
    cv->cur = calloc(n, sizeof *cv->cur);
    cv->fit = calloc(n, sizeof *cv->fit);
    cv->y = calloc(n, sizeof *cv->y);
    int64_t *key = calloc(n, sizeof *key), *groups = calloc(n, sizeof *groups);
    int *fold = calloc(n, sizeof *fold);
    unsigned char *use = calloc(n, 1);
    int rc = INS_ERR_NOMEM;
    if (!cv->cur || !cv->fit || !cv->y || !key || !groups || !fold || !use) goto out;
    /* groups: worklists when there are at least as many as folds, else firms */
    size_t nwl = 0;
    for (size_t i = 0; i < n; i++) groups[i] = c->wl[i];
    qsort(groups, n, sizeof *groups, i64_cmp);
    for (size_t i = 0; i < n; i++) nwl += !i || groups[i] != groups[i - 1];
    int by_wl = nwl >= (size_t)folds;
    cv->grouped = by_wl ? "worklist" : "firm";
    for (size_t i = 0; i < n; i++) key[i] = groups[i] = by_wl ? c->wl[i] : c->rows[i].group;
    qsort(groups, n, sizeof *groups, i64_cmp);
    size_t ng = 0;
    for (size_t i = 0; i < n; i++)
        if (!i || groups[i] != groups[i - 1]) groups[ng++] = groups[i];
    if ((size_t)folds > ng) folds = (int)ng;
    if (folds < 2) { rc = INS_ERR_NOTFOUND; goto out; }
    cv->folds = folds;
    /* a seeded shuffle of the groups, dealt round the folds */
    uint64_t st = c->o->seed ? c->o->seed : 1;
    for (size_t i = ng; i > 1; i--) {
        st = st * 6364136223846793005ull + 1442695040888963407ull;
        size_t j = (size_t)((st >> 33) % i);
        int64_t t = groups[i - 1];
        groups[i - 1] = groups[j];
        groups[j] = t;
    }
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0;
        while (lo < ng && groups[lo] != key[i]) lo++;
        fold[i] = (int)(lo % (size_t)folds);
        cv->y[i] = c->rows[i].y;
    }
    for (int f = 0; f < folds; f++) {
        for (size_t i = 0; i < n; i++) use[i] = fold[i] != f;
        cal_fit cur, fit;
        if (insCalibFit(d, use, 0, INS_CALIB_PRIOR_SD, &cur) != INS_OK) goto out;
        if (insCalibFit(d, use, 1, INS_CALIB_PRIOR_SD, &fit) != INS_OK) { insCalibFitFree(&cur); goto out; }
        for (size_t i = 0; i < n; i++)
            if (fold[i] == f) {
                cv->cur[i] = insCalibPredict(d, i, cur.w, cur.leak);
                cv->fit[i] = insCalibPredict(d, i, fit.w, fit.leak);
            }
        insCalibFitFree(&cur);
        insCalibFitFree(&fit);
    }
    rc = INS_OK;
out:
    free(key);
    free(groups);
    free(fold);
    free(use);
    return rc;
}

/* A held-out measure with its interval. */
typedef struct measure {
    double v, lo, hi;
    int ok;
} measure;

/* Mean log-likelihood per row of predictions P, with a normal interval. */
static measure loglik(const double *p, const int *y, size_t n)
{
    measure m = {0, 0, 0, n > 1};
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        double q = p[i] < 1e-12 ? 1e-12 : p[i] > 1 - 1e-12 ? 1 - 1e-12 : p[i];
        double l = y[i] ? log(q) : log1p(-q);
        s += l;
        s2 += l * l;
    }
    m.v = n ? s / (double)n : 0;
    double var = n > 1 ? (s2 - s * s / (double)n) / (double)(n - 1) : 0;
    double half = 1.96 * sqrt(var > 0 ? var / (double)n : 0);
    m.lo = m.v - half;
    m.hi = m.v + half;
    return m;
}

/* Orders row indexes by prediction, highest first (ties by index). */
static const double *sort_key;
static int by_pred_desc(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (sort_key[x] != sort_key[y]) return sort_key[x] > sort_key[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Lift at K: the confirmed rate among the K highest predictions over the
** rate of all rows, with a Wilson interval on the first rate. */
static measure lift_at(const double *p, const int *y, size_t n, size_t k, size_t *order)
{
    measure m = {0, 0, 0, 0};
    long hits = 0, all = 0;
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        all += y[i];
    }
    if (!n || !all || !k) return m;
    sort_key = p;
    qsort(order, n, sizeof *order, by_pred_desc);
    for (size_t i = 0; i < k && i < n; i++) hits += y[order[i]];
    double base = (double)all / (double)n, lo, hi;
    ins_wilson(hits, (long)k, &lo, &hi);
    m.v = ((double)hits / (double)k) / base;
    m.lo = lo / base;
    m.hi = hi / base;
    m.ok = 1;
    return m;
}

/* ---- the proposal ---------------------------------------------------------------- */

/* Reads the whole file PATH (malloc'd, NUL-terminated); NULL on failure. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    ins_buf b;
    insBufInit(&b);
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) insBufAppend(&b, tmp, n);
    int bad = ferror(f) || b.oom;
    fclose(f);
    if (bad) {
        insBufFree(&b);
        return NULL;
    }
    return insBufDetach(&b);
}

/* The lines of a text: starts and lengths (without the newline). */
typedef struct lines {
    const char **s;
    size_t *len;
    size_t n, cap;
} lines;

static int split_lines(const char *t, lines *L)
{
    memset(L, 0, sizeof *L);
    size_t capl = 0;
    for (const char *p = t; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char **s = insUGrow(L->s, &L->cap, L->n + 1, sizeof *L->s);
        size_t *ln = s ? insUGrow(L->len, &capl, L->n + 1, sizeof *L->len) : NULL;
        if (s) L->s = s;
        if (ln) L->len = ln;
        if (!s || !ln) return 0;
        L->s[L->n] = p;
        L->len[L->n++] = n;
        p = e ? e + 1 : p + n;
    }
    return 1;
}

/* 1 when line S (LEN bytes) is `KEY = ...` after blanks; *VAL at the value. */
static int meta_line(const char *s, size_t len, const char *key, size_t *val)
{
    size_t i = 0, k = strlen(key);
    while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
    if (len - i < k || strncmp(s + i, key, k)) return 0;
    i += k;
    while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
    if (i >= len || s[i] != '=') return 0;
    i++;
    while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
    *val = i;
    return 1;
}

/* 1 when the LEN bytes at S hold NEEDLE. */
static int line_has(const char *s, size_t len, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        if (!memcmp(s + i, needle, k)) return 1;
    return 0;
}

/* A revised rule file: its path relative to --rules, the old and new text. */
typedef struct revised {
    char *rel, *old, *neu;
} revised;

/*
** Writes into NEU the text of rule file OLD with the weight and rev lines
** of its proposed rules (those of C whose file is PATH) replaced: the
** first `weight =` and `rev =` lines after each rule's `rule` line, before
** its `subject:`.  0 when a rule's lines are not found.
*/
static int revise_file(cal_ctx *c, const char *path, const char *old, ins_buf *neu)
{
    lines L;
    if (!split_lines(old, &L)) return 0;
    int ok = 1;
    char *done = calloc(L.n ? L.n : 1, 1); /* 1 weight line, 2 rev line, with the rule */
    long *which = calloc(L.n ? L.n : 1, sizeof *which);
    if (!done || !which) ok = 0;
    for (size_t j = 0; ok && j < c->nrules; j++) {
        cal_rule *r = &c->rules[j];
        if (!r->file || strcmp(r->file, path) || strcmp(r->status, "proposed")) continue;
        int found = 0;
        for (size_t i = r->line > 0 ? (size_t)r->line - 1 : 0; i < L.n && found != 3; i++) {
            size_t v;
            if (line_has(L.s[i], L.len[i], "subject:")) break; /* the meta block is over */
            if (!(found & 1) && meta_line(L.s[i], L.len[i], "weight", &v)) { done[i] = 1; which[i] = (long)j; found |= 1; }
            else if (!(found & 2) && meta_line(L.s[i], L.len[i], "rev", &v)) { done[i] = 2; which[i] = (long)j; found |= 2; }
        }
        if (found != 3) ok = 0;
    }
    for (size_t i = 0; ok && i < L.n; i++) {
        size_t v = 0;
        if (done[i] == 1 && meta_line(L.s[i], L.len[i], "weight", &v)) {
            insBufAppend(neu, L.s[i], v);
            insBufPrintf(neu, "%.2f\n", c->rules[which[i]].w);
        } else if (done[i] == 2 && meta_line(L.s[i], L.len[i], "rev", &v)) {
            insBufAppend(neu, L.s[i], v);
            insBufPrintf(neu, "%d\n", c->rules[which[i]].rev + 1);
        } else {
            insBufAppend(neu, L.s[i], L.len[i]);
            insBufAppendStr(neu, "\n");
        }
    }
    free(done);
    free(which);
    free(L.s);
    free(L.len);
    return ok && !neu->oom;
}

/*
** Appends to OUT the unified diff (3 lines of context) of OLD into NEU,
** files of the same number of lines where only some lines changed, with
** the headers a/REL and b/REL (patch -p1 from the rules directory).
*/
static void unified_diff(ins_buf *out, const char *rel, const char *old, const char *neu)
{
    lines a, b;
    if (!split_lines(old, &a) || !split_lines(neu, &b) || a.n != b.n) {
        free(a.s); free(a.len); free(b.s); free(b.len);
        return;
    }
    insBufPrintf(out, "--- a/%s\n+++ b/%s\n", rel, rel);
    size_t i = 0;
    while (i < a.n) {
        if (a.len[i] == b.len[i] && !memcmp(a.s[i], b.s[i], a.len[i])) { i++; continue; }
        /* a hunk: from 3 lines before this change to 3 after the last change
         * whose context touches it */
        size_t start = i >= 3 ? i - 3 : 0, end = i, k = i;
        while (k < a.n) {
            if (!(a.len[k] == b.len[k] && !memcmp(a.s[k], b.s[k], a.len[k]))) end = k;
            if (k > end + 6) break;
            k++;
        }
        size_t stop = end + 4 < a.n ? end + 4 : a.n;
        insBufPrintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", start + 1, stop - start, start + 1, stop - start);
        for (size_t t = start; t < stop; t++) {
            int same = a.len[t] == b.len[t] && !memcmp(a.s[t], b.s[t], a.len[t]);
            if (same) {
                insBufAppendStr(out, " ");
                insBufAppend(out, a.s[t], a.len[t]);
                insBufAppendStr(out, "\n");
            } else {
                insBufAppendStr(out, "-");
                insBufAppend(out, a.s[t], a.len[t]);
                insBufAppendStr(out, "\n+");
                insBufAppend(out, b.s[t], b.len[t]);
                insBufAppendStr(out, "\n");
            }
        }
        i = stop;
    }
    free(a.s); free(a.len); free(b.s); free(b.len);
}

/* The path of FILE relative to DIR (a pointer into FILE), or FILE. */
static const char *relative(const char *file, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    if (!strncmp(file, dir, n) && file[n] == '/') return file + n + 1;
    return file;
}

/* ---- the command ------------------------------------------------------------------- */

static const char *const rule_cols[] = {"rule", "rev", "current_weight", "fitted_weight", "ci_low", "ci_high",
                                        "inspected_rows", "confirmed", "status", "note"};
static const char *const val_cols[] = {"measure", "current", "current_ci", "fitted", "fitted_ci", "difference",
                                       "difference_ci"};
static const char *const rel_cols[] = {"decile", "rows", "predicted_fitted", "predicted_current", "observed"};
static const char *const sum_cols[] = {"item", "value"};

void ins_calibration_free(ins_calibration *k)
{
    if (!k) return;
    ins_result_free(k->summary);
    ins_result_free(k->rules);
    ins_result_free(k->validation);
    ins_result_free(k->reliability);
    free(k->patch);
    for (size_t i = 0; i < k->nfiles; i++) {
        free(k->file_rel[i]);
        free(k->file_text[i]);
    }
    free(k->file_rel);
    free(k->file_text);
    free(k->rules_dir);
    free(k);
}

static void ctx_free(cal_ctx *c)
{
    for (size_t j = 0; j < c->nrules; j++) {
        free(c->rules[j].id);
        free(c->rules[j].file);
    }
    free(c->rules);
    free(c->rows);
    free(c->feat);
    free(c->wl);
    free(c->rank);
    free(c->w0);
    free(c->freew);
}

/* Records the calibration K of C in calibrations and calibration_rules. */
static int record(cal_ctx *c, ins_calibration *k, const measure *ll, const measure *auc, const measure *lift,
                  const char *fingerprint, int proposed)
{
    static const char qc[] =
        "INSERT INTO calibrations(created_at, period_from, period_to, rules_source, rules_fingerprint, outcomes,"
        " confirmed, control_rows, unknown_probability, biased, folds, loglik_current, loglik_fitted, auc_current,"
        " auc_fitted, lift_current, lift_fitted, proposed, parameters)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    static const char qr[] =
        "INSERT INTO calibration_rules(calibration_id, rule_id, rev, current_weight, fitted_weight, low, high,"
        " inspected_rows, confirmed, status) VALUES(?,?,?,?,?,?,?,?,?,?)";
    if (sqlite3_db_readonly(c->db->h, "main") == 1) return INS_OK;
    int unit = insDbWriteBegin(c->db);
    if (!unit) return INS_ERR_DB;
    sqlite3_stmt *s = insDbStmt(c->db, qc);
    int rc = s ? INS_OK : INS_ERR_DB;
    if (rc == INS_OK) {
        char now[21], params[512];
        insUNowIso(now);
        snprintf(params, sizeof params,
                 "{\"prior_sd\":%g,\"min_rule_rows\":%d,\"min_outcomes\":%d,\"min_confirmed\":%d,"
                 "\"review_rows\":%d,\"min_change\":%g,\"lift_k\":%d,\"folds\":%d,\"grouped_by\":\"%s\"}",
                 INS_CALIB_PRIOR_SD, INS_CALIB_MIN_RULE_ROWS, INS_CALIB_MIN_OUTCOMES, INS_CALIB_MIN_CONFIRMED,
                 INS_CALIB_REVIEW_ROWS, INS_CALIB_MIN_CHANGE, INS_CALIB_LIFT_K, k->folds, k->grouped_by);
        long conf = 0;
        for (size_t i = 0; i < c->nrows; i++) conf += c->rows[i].y;
        insDbBindText(s, 1, now);
        insDbBindText(s, 2, c->o->from);
        insDbBindText(s, 3, c->o->to);
        insDbBindText(s, 4, c->o->rules_dir);
        insDbBindText(s, 5, fingerprint);
        sqlite3_bind_int64(s, 6, (sqlite3_int64)c->nrows);
        sqlite3_bind_int64(s, 7, conf);
        sqlite3_bind_int64(s, 8, c->control);
        sqlite3_bind_int64(s, 9, c->unknown);
        sqlite3_bind_int(s, 10, c->control == 0);
        sqlite3_bind_int(s, 11, k->folds);
        insDbBindOptDouble(s, 12, ll[0].ok, ll[0].v);
        insDbBindOptDouble(s, 13, ll[1].ok, ll[1].v);
        insDbBindOptDouble(s, 14, auc[0].ok, auc[0].v);
        insDbBindOptDouble(s, 15, auc[1].ok, auc[1].v);
        insDbBindOptDouble(s, 16, lift[0].ok, lift[0].v);
        insDbBindOptDouble(s, 17, lift[1].ok, lift[1].v);
        sqlite3_bind_int(s, 18, proposed);
        insDbBindText(s, 19, params);
        rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
        k->id = sqlite3_last_insert_rowid(c->db->h);
        sqlite3_reset(s);
    }
    for (size_t j = 0; rc == INS_OK && j < c->nrules; j++) {
        const cal_rule *r = &c->rules[j];
        if (!(s = insDbStmt(c->db, qr))) { rc = INS_ERR_DB; break; }
        int fitted = !strcmp(r->status, "proposed") || !strcmp(r->status, "unchanged");
        sqlite3_bind_int64(s, 1, k->id);
        insDbBindText(s, 2, r->id);
        sqlite3_bind_int(s, 3, r->rev);
        sqlite3_bind_double(s, 4, r->w0);
        insDbBindOptDouble(s, 5, fitted, r->w);
        insDbBindOptDouble(s, 6, fitted, r->lo);
        insDbBindOptDouble(s, 7, fitted, r->hi);
        sqlite3_bind_int64(s, 8, r->rows);
        sqlite3_bind_int64(s, 9, r->confirmed);
        insDbBindText(s, 10, r->status);
        rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
        sqlite3_reset(s);
    }
    int end = insDbWriteEnd(c->db, unit, rc == INS_OK);
    return rc == INS_OK ? end : rc;
}

/* See inspector.h. */
int ins_calibrate(ins_db *db, const ins_calibrate_opts *o, ins_calibration **out, char **errmsg)
{
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    cal_ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.o = o;
    c.errmsg = errmsg;
    char d1[11], d2[11];
    if ((o->from && !insUParseDate(o->from, d1)) || (o->to && !insUParseDate(o->to, d2)))
        return insErrSet(errmsg, INS_ERR_ARG, _("dates are written YYYY-MM-DD"));
    if (!o->rules_dir) return insErrSet(errmsg, INS_ERR_ARG, _("calibrate needs the rule files (--rules DIR)"));
    int rc = load_rules(&c, o->rules_dir);
    if (rc == INS_OK) rc = load_rows(&c);
    if (rc == INS_ERR_DB) insErrSet(errmsg, rc, "%s", insDbErr(db));
    long confirmed = 0;
    for (size_t i = 0; i < c.nrows; i++) confirmed += c.rows[i].y;
    if (rc == INS_OK && (c.nrows < INS_CALIB_MIN_OUTCOMES || confirmed < INS_CALIB_MIN_CONFIRMED))
        rc = insErrSet(errmsg, INS_ERR_NOTFOUND,
                       _("%zu inspected worklist rows with a finding, %ld of them forced labour (%ld not found or "
                         "closed, left out): calibrate needs at least %d and %d; nothing was fitted or changed"),
                       c.nrows, confirmed, c.excluded, INS_CALIB_MIN_OUTCOMES, INS_CALIB_MIN_CONFIRMED);
    if (rc == INS_OK && !c.control && !o->no_control)
        rc = insErrSet(errmsg, INS_ERR_ARG,
                       _("none of the %zu inspected rows is a control row: the targeted rows alone were chosen for "
                         "their scores, and a fit on them is biased.  Keep worklist --control-share above 0; "
                         "--no-control fits anyway and marks the result biased"),
                       c.nrows);
    if (rc != INS_OK) {
        ctx_free(&c);
        return rc;
    }
    /* weights normalised to the number of rows; features counted per rule */
    double sv = 0;
    for (size_t i = 0; i < c.nrows; i++) sv += c.rows[i].v;
    for (size_t i = 0; i < c.nrows; i++) c.rows[i].v *= (double)c.nrows / sv;
    c.w0 = calloc(c.nrules ? c.nrules : 1, sizeof *c.w0);
    c.freew = calloc(c.nrules ? c.nrules : 1, 1);
    unsigned char *seen = calloc(c.nrules ? c.nrules : 1, 1);
    ins_calibration *k = calloc(1, sizeof *k);
    if (!c.w0 || !c.freew || !seen || !k) {
        free(seen);
        free(k);
        ctx_free(&c);
        return insErrSet(errmsg, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    }
    for (size_t i = 0; i < c.nrows; i++) {
        memset(seen, 0, c.nrules);
        for (size_t f = c.rows[i].first; f < c.rows[i].first + c.rows[i].n; f++) seen[c.feat[f].rule] = 1;
        for (size_t j = 0; j < c.nrules; j++)
            if (seen[j]) {
                c.rules[j].rows++;
                c.rules[j].confirmed += c.rows[i].y;
            }
    }
    free(seen);
    for (size_t j = 0; j < c.nrules; j++) {
        cal_rule *r = &c.rules[j];
        c.w0[j] = r->w0 > 0 ? (r->w0 < 1 ? r->w0 : 0.999) : 0.001;
        r->review = r->rows >= INS_CALIB_REVIEW_ROWS && r->confirmed == 0;
        if (!r->file) continue;                           /* not_in_rules: held */
        if (!r->rows) { r->status = "unmeasured"; continue; }
        if (r->rows < INS_CALIB_MIN_RULE_ROWS) { r->status = "thin"; continue; }
        c.freew[j] = 1;
    }
    cal_data d = {c.rows, c.nrows, c.feat, c.nfeat, c.nrules, c.w0, c.freew};
    cal_fit all;
    cal_cv cv;
    memset(&cv, 0, sizeof cv);
    rc = insCalibFit(&d, NULL, 1, INS_CALIB_PRIOR_SD, &all);
    if (rc == INS_OK) rc = cross_validate(&c, &d, &cv);
    int proposed = 0;
    for (size_t j = 0; rc == INS_OK && j < c.nrules; j++) {
        cal_rule *r = &c.rules[j];
        r->w = all.w[j];
        r->lo = all.lo[j];
        r->hi = all.hi[j];
        if (!c.freew[j]) continue;
        /* proposed when it moves, as a regulator writes it (two decimals) */
        double now = floor(r->w0 * 100 + 0.5) / 100, then = floor(r->w * 100 + 0.5) / 100;
        r->status = fabs(r->w - r->w0) >= INS_CALIB_MIN_CHANGE && then != now ? "proposed" : "unchanged";
        proposed += !strcmp(r->status, "proposed");
    }
    /* the tables */
    k->folds = cv.folds;
    k->grouped_by = cv.grouped ? cv.grouped : "firm";
    k->summary = insResultNew(D_("Calibration of rule weights"),
                              D_("A proposal for the regulators to review, not a change: the rule files are not "
                                 "touched."),
                              sum_cols, INS_ARRAY_LEN(sum_cols));
    k->rules = insResultNew(D_("Rule weights: written and fitted"),
                            D_("Fitted on every inspected row; thin evidence and rules that never reached an "
                               "inspected row are held as written."),
                            rule_cols, INS_ARRAY_LEN(rule_cols));
    k->validation = insResultNew(D_("Held-out validation (k-fold, grouped)"), NULL, val_cols, INS_ARRAY_LEN(val_cols));
    k->reliability = insResultNew(D_("Reliability: predicted and observed rates by decile (held out)"), NULL,
                                  rel_cols, INS_ARRAY_LEN(rel_cols));
    if (rc == INS_OK && (!k->summary || !k->rules || !k->validation || !k->reliability)) rc = INS_ERR_NOMEM;
    measure ll[2] = {{0}}, auc[2] = {{0}}, lift[2] = {{0}};
    size_t n = c.nrows;
    size_t *order = rc == INS_OK ? calloc(n, sizeof *order) : NULL;
    if (rc == INS_OK && !order) rc = INS_ERR_NOMEM;
    size_t kk = n / 4 < INS_CALIB_LIFT_K ? (n / 4 ? n / 4 : 1) : INS_CALIB_LIFT_K;
    if (rc == INS_OK) {
        const double *pr[2] = {cv.cur, cv.fit};
        for (int m = 0; m < 2; m++) {
            double se;
            ll[m] = loglik(pr[m], cv.y, n);
            auc[m].v = insCalibAuc(pr[m], cv.y, n, &se);
            auc[m].ok = auc[m].v >= 0;
            auc[m].lo = auc[m].v - 1.96 * se < 0 ? 0 : auc[m].v - 1.96 * se;
            auc[m].hi = auc[m].v + 1.96 * se > 1 ? 1 : auc[m].v + 1.96 * se;
            lift[m] = lift_at(pr[m], cv.y, n, kk, order);
        }
        /* the paired difference of the log-likelihoods */
        double *diff = malloc(n * sizeof *diff);
        measure dl = {0, 0, 0, 0};
        if (diff) {
            double s = 0, s2 = 0;
            for (size_t i = 0; i < n; i++) {
                double a = cv.fit[i] < 1e-12 ? 1e-12 : cv.fit[i] > 1 - 1e-12 ? 1 - 1e-12 : cv.fit[i];
                double b = cv.cur[i] < 1e-12 ? 1e-12 : cv.cur[i] > 1 - 1e-12 ? 1 - 1e-12 : cv.cur[i];
                diff[i] = cv.y[i] ? log(a) - log(b) : log1p(-a) - log1p(-b);
                s += diff[i];
                s2 += diff[i] * diff[i];
            }
            dl.v = s / (double)n;
            double var = n > 1 ? (s2 - s * s / (double)n) / (double)(n - 1) : 0;
            dl.lo = dl.v - 1.96 * sqrt(var > 0 ? var / (double)n : 0);
            dl.hi = dl.v + 1.96 * sqrt(var > 0 ? var / (double)n : 0);
            dl.ok = 1;
            free(diff);
        }
        static const char *const names[] = {DN_("log-likelihood per row"), DN_("AUC"), DN_("lift at k")};
        measure *ms[] = {ll, auc, lift};
        for (int q = 0; q < 3 && rc == INS_OK; q++) {
            long row = insResultAddRow(k->validation);
            if (row < 0) { rc = INS_ERR_NOMEM; break; }
            size_t w = (size_t)row;
            ins_buf lab;
            insBufInit(&lab);
            insBufAppendStr(&lab, insDocText(names[q]));
            if (q == 2) insBufPrintf(&lab, " (k = %zu)", kk);
            int e = insResultSet(k->validation, w, 0, insBufStr(&lab));
            insBufFree(&lab);
            for (int m = 0; m < 2; m++) {
                if (!ms[q][m].ok) continue;
                e |= insResultSetf(k->validation, w, 1 + 2 * (size_t)m, "%.4f", ms[q][m].v);
                e |= insResultSetf(k->validation, w, 2 + 2 * (size_t)m, "[%.4f, %.4f]", ms[q][m].lo, ms[q][m].hi);
            }
            if (q == 0 && dl.ok) {
                e |= insResultSetf(k->validation, w, 5, "%+.4f", dl.v);
                e |= insResultSetf(k->validation, w, 6, "[%+.4f, %+.4f]", dl.lo, dl.hi);
            } else if (ms[q][0].ok && ms[q][1].ok) {
                e |= insResultSetf(k->validation, w, 5, "%+.4f", ms[q][1].v - ms[q][0].v);
            }
            if (e) rc = INS_ERR_NOMEM;
        }
        k->loglik_gain = dl.ok ? dl.v : 0;
        /* reliability by decile of the fitted prediction */
        for (size_t i = 0; i < n; i++) order[i] = i;
        sort_key = cv.fit;
        qsort(order, n, sizeof *order, by_pred_desc);
        for (int dc = 0; dc < 10 && rc == INS_OK; dc++) {
            size_t a = n * (size_t)dc / 10, b = n * (size_t)(dc + 1) / 10; /* from the lowest predictions */
            if (b <= a) continue;
            double pf = 0, pc = 0, ob = 0;
            for (size_t t = a; t < b; t++) {
                size_t i = order[n - 1 - t];
                pf += cv.fit[i];
                pc += cv.cur[i];
                ob += cv.y[i];
            }
            double m = (double)(b - a);
            long row = insResultAddRow(k->reliability);
            if (row < 0) { rc = INS_ERR_NOMEM; break; }
            size_t w = (size_t)row;
            int e = insResultSetf(k->reliability, w, 0, "%d", dc + 1) |
                    insResultSetf(k->reliability, w, 1, "%zu", b - a) |
                    insResultSetf(k->reliability, w, 2, "%.3f", pf / m) |
                    insResultSetf(k->reliability, w, 3, "%.3f", pc / m) |
                    insResultSetf(k->reliability, w, 4, "%.3f", ob / m);
            if (e) rc = INS_ERR_NOMEM;
        }
    }
    free(order);
    /* per rule, most inspected first */
    for (size_t j = 0; rc == INS_OK && j < c.nrules; j++) {
        const cal_rule *r = &c.rules[j];
        if (!r->file && !r->rows) continue;
        long row = insResultAddRow(k->rules);
        if (row < 0) { rc = INS_ERR_NOMEM; break; }
        size_t w = (size_t)row;
        int fitted = !strcmp(r->status, "proposed") || !strcmp(r->status, "unchanged");
        int e = insResultSet(k->rules, w, 0, r->id) | insResultSetf(k->rules, w, 1, "%d", r->rev) |
                insResultSetf(k->rules, w, 2, "%.2f", r->w0);
        if (fitted)
            e |= insResultSetf(k->rules, w, 3, "%.2f", r->w) | insResultSetf(k->rules, w, 4, "%.2f", r->lo) |
                 insResultSetf(k->rules, w, 5, "%.2f", r->hi);
        e |= insResultSetf(k->rules, w, 6, "%ld", r->rows) | insResultSetf(k->rules, w, 7, "%ld", r->confirmed) |
             insResultSet(k->rules, w, 8, r->status);
        if (r->review) e |= insResultSet(k->rules, w, 9, D_("candidate for review: fires on inspected rows, never confirmed"));
        else if (!strcmp(r->status, "thin")) e |= insResultSet(k->rules, w, 9, D_("too few inspected rows: held as written"));
        else if (!strcmp(r->status, "unmeasured")) e |= insResultSet(k->rules, w, 9, D_("never reached an inspected row"));
        else if (!strcmp(r->status, "not_in_rules")) e |= insResultSet(k->rules, w, 9, D_("fired in the run, not in the rule files given"));
        if (e) rc = INS_ERR_NOMEM;
    }
    /* the proposal: revised files and their diff */
    ins_buf patch;
    insBufInit(&patch);
    for (size_t j = 0; rc == INS_OK && j < c.nrules; j++) {
        const cal_rule *r = &c.rules[j];
        if (!r->file || strcmp(r->status, "proposed")) continue;
        int dup = 0;
        for (size_t t = 0; t < k->nfiles; t++) dup |= !strcmp(k->file_rel[t], relative(r->file, o->rules_dir));
        if (dup) continue;
        char *old = slurp(r->file);
        ins_buf neu;
        insBufInit(&neu);
        if (!old) { rc = insErrSet(errmsg, INS_ERR_IO, _("cannot read %s"), r->file); insBufFree(&neu); break; }
        if (!revise_file(&c, r->file, old, &neu)) {
            rc = insErrSet(errmsg, INS_ERR_FORMAT, _("%s: the weight or rev line of a rule was not found"), r->file);
            free(old);
            insBufFree(&neu);
            break;
        }
        char **fr = insUGrow(k->file_rel, &k->capfiles, k->nfiles + 1, sizeof *k->file_rel);
        if (fr) k->file_rel = fr;
        size_t cap2 = k->nfiles;
        char **ft = fr ? insUGrow(k->file_text, &cap2, k->nfiles + 1, sizeof *k->file_text) : NULL;
        if (ft) k->file_text = ft;
        if (!fr || !ft) { rc = INS_ERR_NOMEM; free(old); insBufFree(&neu); break; }
        unified_diff(&patch, relative(r->file, o->rules_dir), old, insBufStr(&neu));
        k->file_rel[k->nfiles] = insUStrdup(relative(r->file, o->rules_dir));
        k->file_text[k->nfiles] = insBufDetach(&neu);
        k->nfiles++;
        free(old);
    }
    if (rc == INS_OK && patch.len) k->patch = insBufDetach(&patch);
    insBufFree(&patch);
    if (rc == INS_OK && patch.oom) rc = INS_ERR_NOMEM;
    k->proposed = proposed;
    k->rules_dir = insUStrdup(o->rules_dir);
    /* the summary */
    if (rc == INS_OK) {
        rc |= insResultAddPair(k->summary, D_("inspected worklist rows used"), "%zu", c.nrows);
        rc |= insResultAddPair(k->summary, D_("of them forced labour confirmed"), "%ld", confirmed);
        rc |= insResultAddPair(k->summary, D_("not found or closed (left out)"), "%ld", c.excluded);
        rc |= insResultAddPair(k->summary, D_("control rows (drawn at random)"), "%ld", c.control);
        if (c.unknown)
            rc |= insResultAddPair(k->summary, D_("rows of lists issued before inclusion probabilities were stored"),
                          D_("%ld: weighed as if certain; the selection correction is partial"), c.unknown);
        if (!c.control)
            rc |= insResultAddPair(k->summary, D_("BIASED"),
                          "%s", D_("no control rows (--no-control): the fit learns the list, not the population"));
        rc |= insResultAddPair(k->summary, D_("base rate (leak) fitted"), "%.3f [%.3f, %.3f]", all.leak, all.leak_lo,
                      all.leak_hi);
        rc |= insResultAddPair(k->summary, D_("folds, grouped by"), "%d, %s", cv.folds, k->grouped_by);
        rc |= insResultAddPair(k->summary, D_("rules whose weight the proposal changes"), "%d", proposed);
        if (rc) rc = INS_ERR_NOMEM;
    }
    if (rc == INS_OK) rc = record(&c, k, ll, auc, lift, c.fingerprint, proposed);
    if (rc == INS_ERR_DB) insErrSet(errmsg, rc, "%s", insDbErr(db));
    if (rc == INS_OK) insCalibFitFree(&all);
    else if (all.w) insCalibFitFree(&all);
    free(cv.cur);
    free(cv.fit);
    free(cv.y);
    ctx_free(&c);
    if (rc != INS_OK) {
        if (errmsg && !*errmsg) insErrSet(errmsg, rc, "%s", ins_strerror(rc));
        ins_calibration_free(k);
        return rc;
    }
    k->summary->layout = k->rules->layout = k->validation->layout = k->reliability->layout = INS_LAYOUT_FITTED;
    *out = k;
    return INS_OK;
}

/* Copies file SRC to DST, a block at a time. */
static int copy_file(const char *src, const char *dst, char **errmsg)
{
    FILE *in = fopen(src, "rb");
    if (!in) return insErrSet(errmsg, INS_ERR_IO, _("cannot read %s"), src);
    FILE *out = fopen(dst, "wb");
    int rc = out ? INS_OK : insErrSet(errmsg, INS_ERR_IO, _("cannot write %s"), dst);
    char buf[65536];
    size_t n;
    while (rc == INS_OK && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) rc = insErrSet(errmsg, INS_ERR_IO, _("cannot write %s"), dst);
    if (rc == INS_OK && ferror(in)) rc = insErrSet(errmsg, INS_ERR_IO, _("cannot read %s"), src);
    fclose(in);
    if (out && fclose(out) != 0 && rc == INS_OK) rc = insErrSet(errmsg, INS_ERR_IO, _("cannot write %s"), dst);
    return rc;
}

/* Copies the regular files under SRC into DST (created), DEPTH levels down. */
static int copy_tree(const char *src, const char *dst, int depth, char **errmsg)
{
    if (mkdir(dst, 0755) != 0 && errno != EEXIST)
        return insErrSet(errmsg, INS_ERR_IO, _("cannot create %s: %s"), dst, strerror(errno));
    DIR *d = opendir(src);
    if (!d) return insErrSet(errmsg, INS_ERR_IO, _("cannot open %s: %s"), src, strerror(errno));
    int rc = INS_OK;
    struct dirent *e;
    while (rc == INS_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        ins_buf a, b;
        insBufInit(&a);
        insBufInit(&b);
        insBufPrintf(&a, "%s/%s", src, e->d_name);
        insBufPrintf(&b, "%s/%s", dst, e->d_name);
        struct stat st;
        if (a.oom || b.oom) rc = INS_ERR_NOMEM;
        else if (stat(insBufStr(&a), &st) == 0 && S_ISDIR(st.st_mode)) {
            if (depth > 0) rc = copy_tree(insBufStr(&a), insBufStr(&b), depth - 1, errmsg);
        } else if (S_ISREG(st.st_mode)) {
            rc = copy_file(insBufStr(&a), insBufStr(&b), errmsg);
        }
        insBufFree(&a);
        insBufFree(&b);
    }
    closedir(d);
    return rc;
}

/* See inspector.h. */
int ins_calibration_apply(const ins_calibration *k, const char *out_dir, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    struct stat st;
    if (stat(out_dir, &st) == 0)
        return insErrSet(errmsg, INS_ERR_ARG, _("%s exists: --apply writes a new directory"), out_dir);
    int rc = copy_tree(k->rules_dir, out_dir, 4, errmsg);
    for (size_t i = 0; rc == INS_OK && i < k->nfiles; i++) {
        ins_buf p;
        insBufInit(&p);
        insBufPrintf(&p, "%s/%s", out_dir, k->file_rel[i]);
        FILE *f = p.oom ? NULL : fopen(insBufStr(&p), "wb");
        size_t len = strlen(k->file_text[i]);
        if (!f || fwrite(k->file_text[i], 1, len, f) != len) rc = insErrSet(errmsg, INS_ERR_IO, _("cannot write %s"), insBufStr(&p));
        if (f && fclose(f) != 0 && rc == INS_OK) rc = insErrSet(errmsg, INS_ERR_IO, _("cannot write %s"), insBufStr(&p));
        insBufFree(&p);
    }
    return rc;
}
