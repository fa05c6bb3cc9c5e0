/*
** evaluate.c: how good are the worklists?  Hit rates against the case
** register (DOMAIN.md, "How targeting is judged: hit rate").
**
** The unit is a worklist row that was inspected: an inspection is linked to
** the row by (worklist_id, worklist_rank).  A row inspected more than once
** counts once, with the most severe outcome found (forced_labour >
** other_violation > no_violation > closed > not_found), so a second visit
** that finds what the first missed is not lost and a row is never counted
** twice.  A hit is forced labour found; "any violation" (forced labour or
** another violation) is a second measure.  not_found and closed say nothing
** about the firm: they are reported apart and left out of every
** denominator.
**
** For each group, targeted rows (the list's highest scores) and control
** rows (drawn at random from the rest of the population), the rate is
** hits / n with its 95% Wilson score interval; lift is the targeted rate
** over the control rate, the control rate being the base rate of the
** current way of choosing.  Precision at k is the rate among the k
** highest-ranked targeted rows of each list.  Per rule, the rows its hits
** reached (through score_hits of the row's subject in the row's run) and
** how many of those were confirmed tell regulators which rules earn their
** weight.  Samples under 30, or intervals wider than 0.3, are marked
** (INS_EVAL_SMALL_N, INS_EVAL_SMALL_WIDTH in score_model.h).
*/
#include "ins_internal.h"
#include "score_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
** The 95% Wilson score interval of HITS out of N into [*lo, *hi], clipped
** to [0, 1].  Wilson rather than the normal approximation because samples
** here are small and rates near 0 or 1.  Returns 0 (and 0, 0) when N is 0
** or HITS is out of range.
*/
int ins_wilson(long hits, long n, double *lo, double *hi)
{
    const double z = 1.959963984540054; /* two-sided 95% */
    *lo = *hi = 0;
    if (n <= 0 || hits < 0 || hits > n) return 0;
    double p = (double)hits / (double)n, nn = (double)n, z2 = z * z;
    double denom = 1 + z2 / nn;
    double centre = (p + z2 / (2 * nn)) / denom;
    double half = z / denom * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    *lo = centre - half < 0 ? 0 : centre - half;
    *hi = centre + half > 1 ? 1 : centre + half;
    return 1;
}

/* Frees an evaluation and its tables (NULL is fine). */
void ins_evaluation_free(ins_evaluation *e)
{
    if (!e) return;
    ins_result_free(e->outcomes);
    ins_result_free(e->hit_rate);
    ins_result_free(e->lift);
    ins_result_free(e->precision);
    ins_result_free(e->rules);
    free(e);
}

/*
** The rows evaluated, one per worklist row in scope, with its group, the
** rank among the targeted rows of its list (trank) and its outcome code o:
** 1 forced_labour, 2 other_violation, 3 no_violation, 4 closed,
** 5 not_found, NULL not inspected.  Parameters: ?1 run (0 any), ?2
** worklist (0 any), ?3 and ?4 the dates of inspections counted (NULL open).
*/
#define SEL_CTE                                                                                     \
    "WITH sel AS (SELECT wr.worklist_id AS wid, wr.rank AS rank, wr.subject_type AS stype,"        \
    " wr.subject_key AS skey, wr.control AS control, w.run_id AS run,"                            \
    " CASE WHEN wr.control = 0 THEN ROW_NUMBER() OVER (PARTITION BY wr.worklist_id, wr.control"    \
    "  ORDER BY wr.rank) END AS trank,"                                                            \
    " (SELECT MIN(CASE i.outcome WHEN 'forced_labour' THEN 1 WHEN 'other_violation' THEN 2"        \
    "   WHEN 'no_violation' THEN 3 WHEN 'closed' THEN 4 WHEN 'not_found' THEN 5 END)"              \
    "  FROM inspections i WHERE i.worklist_id = wr.worklist_id AND i.worklist_rank = wr.rank"      \
    "  AND (?3 IS NULL OR i.date >= ?3) AND (?4 IS NULL OR i.date <= ?4)) AS o"                    \
    " FROM worklist_rows wr JOIN worklists w ON w.id = wr.worklist_id"                             \
    " WHERE (?1 = 0 OR w.run_id = ?1) AND (?2 = 0 OR w.id = ?2)) "

/* Binds the scope parameters of SEL_CTE. */
static void bind_scope(sqlite3_stmt *st, const ins_evaluate_opts *o)
{
    sqlite3_bind_int64(st, 1, o->run_id);
    sqlite3_bind_int64(st, 2, o->worklist_id);
    insDbBindText(st, 3, o->from);
    insDbBindText(st, 4, o->to);
}

/* Counts of one group of rows (targeted or control): rows, inspected, and per outcome. */
typedef struct group_counts {
    long rows, visited, fl, ov, nv, closed, notfound;
} group_counts;

/* Sets cell COL of ROW to a rate with 3 decimals, or empty when N is 0. */
static void set_rate(ins_result *r, size_t row, size_t col, long hits, long n)
{
    if (n > 0) insResultSetf(r, row, col, "%.3f", (double)hits / (double)n);
}

/*
** Fills n, hits, rate, interval and note cells starting at column COL:
** n, hits, rate, ci_low, ci_high, then the note at NOTE_COL.  The note
** marks small samples and empty groups.
*/
static void set_measure(ins_result *r, size_t row, size_t col, size_t note_col, long hits, long n)
{
    double lo, hi;
    insResultSetf(r, row, col, "%ld", n);
    insResultSetf(r, row, col + 1, "%ld", hits);
    if (ins_wilson(hits, n, &lo, &hi)) {
        set_rate(r, row, col + 2, hits, n);
        insResultSetf(r, row, col + 3, "%.3f", lo);
        insResultSetf(r, row, col + 4, "%.3f", hi);
        if (n < INS_EVAL_SMALL_N || hi - lo > INS_EVAL_SMALL_WIDTH)
            insResultSet(r, row, note_col, D_("small sample"));
    } else {
        insResultSet(r, row, note_col, D_("no inspections"));
    }
}

/* Says what the evaluation covers, for titles: "corrida 3", "lista 7", ... */
static void scope_text(ins_buf *b, const ins_evaluate_opts *o, long lists)
{
    if (o->worklist_id) insBufPrintf(b, D_("list %lld"), (long long)o->worklist_id);
    else if (o->run_id) insBufPrintf(b, D_("run %lld, %ld list(s)"), (long long)o->run_id, lists);
    else insBufPrintf(b, D_("all recorded lists (%ld)"), lists);
    if (o->from || o->to)
        insBufPrintf(b, D_("; inspections from %s to %s"), o->from ? o->from : "…", o->to ? o->to : "…");
}

/*
** A new result with NOTE and the columns COLS, titled by FMT and its
** arguments (every table of an evaluation names its scope in the title);
** NULL when out of memory.
*/
static ins_result *titled_result(const char *const *cols, size_t ncols, const char *note, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static ins_result *titled_result(const char *const *cols, size_t ncols, const char *note, const char *fmt, ...)
{
    ins_buf t;
    insBufInit(&t);
    va_list ap;
    va_start(ap, fmt);
    insBufVprintf(&t, fmt, ap);
    va_end(ap);
    ins_result *r = t.oom ? NULL : insResultNew(insBufStr(&t), note, cols, ncols);
    insBufFree(&t);
    return r;
}

static const char *const outcome_cols[] = {
    "group", "rows", "inspected", "forced_labour", "other_violation", "no_violation", "not_found",
    "closed", "not_yet_inspected",
};
static const char *const rate_cols[] = {
    "measure", "group", "n", "hits", "rate", "ci_low", "ci_high", "note",
};
static const char *const lift_cols[] = {
    "measure", "targeted_rate", "control_rate", "lift", "note",
};
static const char *const precision_cols[] = {
    "k", "rows", "n", "forced_labour", "precision", "ci_low", "ci_high", "any_violation",
    "precision_any", "note",
};
static const char *const rule_cols[] = {
    "rule_id", "rev", "title", "n", "targeted", "control", "forced_labour", "rate", "ci_low",
    "ci_high", "any_violation", "rate_any", "ci_any_low", "ci_any_high", "not_found_closed", "note",
};

/* Outcomes per group, then the rate tables built from them. */
static int eval_groups(ins_db *db, const ins_evaluate_opts *o, ins_evaluation *e, const char *scope)
{
    static const char q[] = SEL_CTE
        "SELECT control, COUNT(*), COUNT(o), COALESCE(SUM(o = 1), 0), COALESCE(SUM(o = 2), 0),"
        " COALESCE(SUM(o = 3), 0), COALESCE(SUM(o = 4), 0), COALESCE(SUM(o = 5), 0)"
        " FROM sel GROUP BY control";
    group_counts g[2];
    memset(g, 0, sizeof g);
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return INS_ERR_DB;
    bind_scope(st, o);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int c = sqlite3_column_int(st, 0) ? 1 : 0;
        g[c].rows += sqlite3_column_int64(st, 1);
        g[c].visited += sqlite3_column_int64(st, 2);
        g[c].fl += sqlite3_column_int64(st, 3);
        g[c].ov += sqlite3_column_int64(st, 4);
        g[c].nv += sqlite3_column_int64(st, 5);
        g[c].closed += sqlite3_column_int64(st, 6);
        g[c].notfound += sqlite3_column_int64(st, 7);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) return INS_ERR_DB;

    e->outcomes = titled_result(outcome_cols, INS_ARRAY_LEN(outcome_cols),
                                D_("A row inspected several times counts once, with its gravest outcome. "
                                   "not_found and closed are reported apart: they enter no denominator."),
                                D_("Outcomes of the inspected rows (%s)"), scope);
    e->hit_rate = titled_result(rate_cols, INS_ARRAY_LEN(rate_cols),
                                D_("Hit: forced labour found (forced_labour); second measure: any violation "
                                   "(forced_labour or other_violation). n = inspected rows, without not_found "
                                   "or closed."),
                                D_("Hit rate with 95%% Wilson interval (%s)"), scope);
    e->lift = insResultNew(D_("Lift: targeted rate / control group rate (base rate)"),
                           D_("How many times more often the list hits than a random draw."), lift_cols,
                           INS_ARRAY_LEN(lift_cols));
    if (!e->outcomes || !e->hit_rate || !e->lift) return INS_ERR_NOMEM;

    static const char *const gname[2] = {"targeted", "control"};
    for (int c = 0; c <= 2; c++) {
        group_counts x = c < 2 ? g[c] : g[0];
        if (c == 2) {
            x.rows += g[1].rows; x.visited += g[1].visited; x.fl += g[1].fl; x.ov += g[1].ov;
            x.nv += g[1].nv; x.closed += g[1].closed; x.notfound += g[1].notfound;
        }
        long row = insResultAddRow(e->outcomes);
        if (row < 0) return INS_ERR_NOMEM;
        size_t k = 0, rw = (size_t)row;
        insResultSet(e->outcomes, rw, k++, c < 2 ? gname[c] : "total");
        insResultSetf(e->outcomes, rw, k++, "%ld", x.rows);
        insResultSetf(e->outcomes, rw, k++, "%ld", x.fl + x.ov + x.nv);
        insResultSetf(e->outcomes, rw, k++, "%ld", x.fl);
        insResultSetf(e->outcomes, rw, k++, "%ld", x.ov);
        insResultSetf(e->outcomes, rw, k++, "%ld", x.nv);
        insResultSetf(e->outcomes, rw, k++, "%ld", x.notfound);
        insResultSetf(e->outcomes, rw, k++, "%ld", x.closed);
        insResultSetf(e->outcomes, rw, k++, "%ld", x.rows - x.visited);
    }
    static const char *const mname[2] = {"forced_labour", "any_violation"};
    for (int m = 0; m < 2; m++) {
        double rate[2] = {0, 0};
        long nn[2];
        for (int c = 0; c < 2; c++) {
            long n = g[c].fl + g[c].ov + g[c].nv, hits = m == 0 ? g[c].fl : g[c].fl + g[c].ov;
            long row = insResultAddRow(e->hit_rate);
            if (row < 0) return INS_ERR_NOMEM;
            insResultSet(e->hit_rate, (size_t)row, 0, mname[m]);
            insResultSet(e->hit_rate, (size_t)row, 1, gname[c]);
            set_measure(e->hit_rate, (size_t)row, 2, 7, hits, n);
            nn[c] = n;
            rate[c] = n ? (double)hits / (double)n : 0;
        }
        long row = insResultAddRow(e->lift);
        if (row < 0) return INS_ERR_NOMEM;
        size_t rw = (size_t)row;
        insResultSet(e->lift, rw, 0, mname[m]);
        if (nn[0]) insResultSetf(e->lift, rw, 1, "%.3f", rate[0]);
        if (nn[1]) insResultSetf(e->lift, rw, 2, "%.3f", rate[1]);
        if (!nn[1])
            insResultSet(e->lift, rw, 4, D_("no control inspections: lift cannot be measured"));
        else if (!nn[0])
            insResultSet(e->lift, rw, 4, D_("no inspections of targeted rows"));
        else if (rate[1] == 0)
            insResultSet(e->lift, rw, 4, D_("control rate 0: lift undefined (no base)"));
        else {
            insResultSetf(e->lift, rw, 3, "%.2f", rate[0] / rate[1]);
            if (nn[0] < INS_EVAL_SMALL_N || nn[1] < INS_EVAL_SMALL_N)
                insResultSet(e->lift, rw, 4, D_("small sample"));
        }
    }
    return INS_OK;
}

/* Precision at k = 5, 10, 25 among each list's highest-ranked targeted rows. */
static int eval_precision(ins_db *db, const ins_evaluate_opts *o, ins_evaluation *e, const char *scope)
{
    static const char q[] = SEL_CTE
        "SELECT COUNT(*), COALESCE(SUM(o <= 3), 0), COALESCE(SUM(o = 1), 0), COALESCE(SUM(o <= 2), 0)"
        " FROM sel WHERE control = 0 AND trank <= ?5";
    static const int ks[] = {5, 10, 25};
    e->precision = titled_result(precision_cols, INS_ARRAY_LEN(precision_cols),
                                 D_("rows: rows in the top k; n: inspected (without not_found or closed)"),
                                 D_("Precision at k: the k highest-scored targeted rows of each list (%s)"),
                                 scope);
    if (!e->precision) return INS_ERR_NOMEM;
    for (size_t i = 0; i < INS_ARRAY_LEN(ks); i++) {
        sqlite3_stmt *st = insDbStmt(db, q);
        if (!st) return INS_ERR_DB;
        bind_scope(st, o);
        sqlite3_bind_int(st, 5, ks[i]);
        if (sqlite3_step(st) != SQLITE_ROW) { sqlite3_reset(st); return INS_ERR_DB; }
        long rows = sqlite3_column_int64(st, 0), n = sqlite3_column_int64(st, 1);
        long fl = sqlite3_column_int64(st, 2), any = sqlite3_column_int64(st, 3);
        sqlite3_reset(st);
        long row = insResultAddRow(e->precision);
        if (row < 0) return INS_ERR_NOMEM;
        size_t rw = (size_t)row;
        insResultSetf(e->precision, rw, 0, "%d", ks[i]);
        insResultSetf(e->precision, rw, 1, "%ld", rows);
        /* n, forced_labour, precision, ci_low, ci_high at 2..6; the note at 9 */
        set_measure(e->precision, rw, 2, 9, fl, n);
        insResultSetf(e->precision, rw, 7, "%ld", any);
        set_rate(e->precision, rw, 8, any, n);
    }
    return INS_OK;
}

/* Per rule: inspected rows its hits reached, and how many were confirmed. */
static int eval_rules(ins_db *db, const ins_evaluate_opts *o, ins_evaluation *e, const char *scope)
{
    static const char q[] = SEL_CTE
        ", rr AS (SELECT DISTINCT h.rule_id AS rule, h.rule_rev AS rev, s.wid, s.rank, s.o, s.control"
        "  FROM sel s JOIN score_hits sh ON sh.run_id = s.run AND sh.subject_type = s.stype"
        "  AND sh.subject_key = s.skey JOIN hits h ON h.id = sh.hit_id WHERE s.o IS NOT NULL)"
        " SELECT rule, group_concat(DISTINCT rev),"
        " (SELECT r.title FROM run_rules r WHERE r.rule_id = rr.rule ORDER BY r.run_id DESC LIMIT 1),"
        " COALESCE(SUM(o <= 3), 0), COALESCE(SUM(o <= 3 AND control = 0), 0),"
        " COALESCE(SUM(o <= 3 AND control <> 0), 0), COALESCE(SUM(o = 1), 0),"
        " COALESCE(SUM(o <= 2), 0), COALESCE(SUM(o >= 4), 0)"
        " FROM rr GROUP BY rule ORDER BY 4 DESC, rule";
    e->rules = titled_result(rule_cols, INS_ARRAY_LEN(rule_cols),
                             D_("n: inspected rows the rule's hits reached (score_hits of the row's subject in "
                                "its run); confirmed: forced labour, and any violation. A guide for "
                                "adjusting weights."),
                             D_("Confirmation by rule (%s)"), scope);
    if (!e->rules) return INS_ERR_NOMEM;
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return INS_ERR_DB;
    bind_scope(st, o);
    int step, rc = INS_OK;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        long row = insResultAddRow(e->rules);
        if (row < 0) { rc = INS_ERR_NOMEM; break; }
        size_t rw = (size_t)row;
        long n = sqlite3_column_int64(st, 3), fl = sqlite3_column_int64(st, 6);
        long any = sqlite3_column_int64(st, 7);
        double lo, hi;
        insResultSet(e->rules, rw, 0, (const char *)sqlite3_column_text(st, 0));
        insResultSet(e->rules, rw, 1, (const char *)sqlite3_column_text(st, 1));
        insResultSet(e->rules, rw, 2, (const char *)sqlite3_column_text(st, 2));
        insResultSetf(e->rules, rw, 3, "%ld", n);
        insResultSetf(e->rules, rw, 4, "%lld", (long long)sqlite3_column_int64(st, 4));
        insResultSetf(e->rules, rw, 5, "%lld", (long long)sqlite3_column_int64(st, 5));
        insResultSetf(e->rules, rw, 6, "%ld", fl);
        set_rate(e->rules, rw, 7, fl, n);
        if (ins_wilson(fl, n, &lo, &hi)) {
            insResultSetf(e->rules, rw, 8, "%.3f", lo);
            insResultSetf(e->rules, rw, 9, "%.3f", hi);
        }
        insResultSetf(e->rules, rw, 10, "%ld", any);
        set_rate(e->rules, rw, 11, any, n);
        double alo, ahi;
        if (ins_wilson(any, n, &alo, &ahi)) {
            insResultSetf(e->rules, rw, 12, "%.3f", alo);
            insResultSetf(e->rules, rw, 13, "%.3f", ahi);
        }
        insResultSetf(e->rules, rw, 14, "%lld", (long long)sqlite3_column_int64(st, 8));
        if (!n) insResultSet(e->rules, rw, 15, D_("no inspections"));
        else if (n < INS_EVAL_SMALL_N || hi - lo > INS_EVAL_SMALL_WIDTH || ahi - alo > INS_EVAL_SMALL_WIDTH)
            insResultSet(e->rules, rw, 15, D_("small sample"));
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(st);
    return rc;
}

/*
** Evaluates the recorded worklists in scope (a run, one list, or all;
** inspections between opts->from and opts->to): outcomes, hit rates with
** intervals, lift, precision at k and confirmation per rule.  A scope
** without recorded lists is INS_ERR_NOTFOUND with a message saying so.
*/
int ins_evaluate(ins_db *db, const ins_evaluate_opts *opts, ins_evaluation **out, char **errmsg)
{
    static const char q_lists[] =
        "SELECT COUNT(*) FROM worklists w WHERE (?1 = 0 OR w.run_id = ?1) AND (?2 = 0 OR w.id = ?2)";
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    ins_evaluate_opts o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    char from[11], to[11];
    if (o.run_id < 0 || o.worklist_id < 0) return INS_ERR_ARG;
    if ((o.from && !insUParseDate(o.from, from)) || (o.to && !insUParseDate(o.to, to))) {
        if (errmsg) *errmsg = insUStrdup(_("dates are written YYYY-MM-DD"));
        return INS_ERR_ARG;
    }
    if (o.from) o.from = from;
    if (o.to) o.to = to;

    sqlite3_stmt *st = insDbStmt(db, q_lists);
    if (!st) {
        if (errmsg) *errmsg = insUStrdup(insDbErr(db));
        return INS_ERR_DB;
    }
    sqlite3_bind_int64(st, 1, o.run_id);
    sqlite3_bind_int64(st, 2, o.worklist_id);
    long lists = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (lists < 0) {
        if (errmsg) *errmsg = insUStrdup(insDbErr(db));
        return INS_ERR_DB;
    }
    if (lists == 0) {
        if (errmsg) {
            ins_buf m;
            insBufInit(&m);
            if (o.worklist_id) insBufPrintf(&m, _("no recorded worklist %lld"), (long long)o.worklist_id);
            else if (o.run_id) insBufPrintf(&m, _("run %lld issued no recorded worklist"), (long long)o.run_id);
            else insBufAppendStr(&m, _("no worklist recorded yet: issue one with 'inspector worklist'"));
            *errmsg = insBufDetach(&m);
        }
        return INS_ERR_NOTFOUND;
    }

    ins_evaluation *e = calloc(1, sizeof *e);
    if (!e) return INS_ERR_NOMEM;
    ins_buf scope;
    insBufInit(&scope);
    scope_text(&scope, &o, lists);
    int rc = scope.oom ? INS_ERR_NOMEM : INS_OK;
    if (rc == INS_OK) rc = eval_groups(db, &o, e, insBufStr(&scope));
    if (rc == INS_OK) rc = eval_precision(db, &o, e, insBufStr(&scope));
    if (rc == INS_OK) rc = eval_rules(db, &o, e, insBufStr(&scope));
    insBufFree(&scope);
    if (rc != INS_OK) {
        if (errmsg) *errmsg = insUStrdup(rc == INS_ERR_DB ? insDbErr(db) : ins_strerror(rc));
        ins_evaluation_free(e);
        return rc;
    }
    /* in a table, the sections follow one another, each as wide as it needs */
    ins_result *sections[] = {e->outcomes, e->hit_rate, e->lift, e->precision, e->rules};
    for (size_t i = 0; i < INS_ARRAY_LEN(sections); i++) sections[i]->layout = INS_LAYOUT_FITTED;
    *out = e;
    return INS_OK;
}
