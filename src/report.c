/*
** report.c: the six-monthly monitoring report of a work plan.
**
** Binational work plans ask for monitoring every six months against goals
** and indicators (DOMAIN.md, "Who does what").  For a period FROM..TO
** (inclusive) the report gives:
**
**   - screening: scoring runs created in the period, and the firms and
**     establishments in the data the latest of them saw (and how many of
**     them carry risk);
**   - worklists issued in the period (targeted and control rows);
**   - inspections dated in the period and their outcomes, workers affected
**     and minors found;
**   - hit rates of worklist rows inspected in the period (ins_evaluate),
**     targeted against control, with 95% Wilson intervals;
**   - all of it by department (first two digits of the ubigeo, named from
**     the level-1 ubigeo rows) and by establishment sector ('sin declarar'
**     when none), and the mean establishment risk of the latest run by
**     department, drawn on a map of department capitals over the district
**     centroids, which trace Peru's outline.
**
** The tables are ins_results, so the command can write them as CSV; the
** HTML page is one self-contained file (inline CSS and SVG, no script, A4
** print layout).  Only aggregates are shown: never a worker identity,
** never an inspection's note.
**
** This file computes the indicators: the queries and the eight tables of
** ins_report_build.  report_html.c draws them (ins_report_html); report.h
** holds what the two share.
*/
#include "ins_internal.h"
#include "report.h"
#include "score_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file names of the tables (without .csv), in table order. */
static const char *const table_names[T_COUNT] = {
    "01-indicators", "02-outcomes", "03-hit-rate", "04-departments", "05-departments-hit-rate",
    "06-sectors", "07-sectors-hit-rate", "08-risk-map", "09-binational-files", "10-binational-leads",
    "11-binational-profiles", "12-calibration",
};

const report_outcome insReportOutcomes[INS_REPORT_OUTCOMES] = {
    {"forced_labour", DN_("forced labour"), "#b2182b"},
    {"other_violation", DN_("other violation"), "#ef8a62"},
    {"no_violation", DN_("no violation"), "#67a9cf"},
    {"not_found", DN_("not found"), "#bdbdbd"},
    {"closed", DN_("closed"), "#7a7a7a"},
};

/* Frees a report, its tables and its outline (NULL is fine). */
void ins_report_free(ins_report *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->ntables; i++) ins_result_free(r->tables[i]);
    free(r->tables);
    free(r->outline);
    free(r);
}

/* ---- building the tables ------------------------------------------------------ */

/* What the queries of one report share. */
typedef struct rep_ctx {
    ins_db *db;
    ins_report *r;
    int64_t max_file; /* data_max_file_id of the latest run: what it screened */
} rep_ctx;

/* Prepares Q and binds the period (?1, ?2), the reference run (?3) and the
** last file its data held (?4); a query need not use them all (binding a
** parameter it lacks is a harmless SQLITE_RANGE). */
static sqlite3_stmt *prep(rep_ctx *c, const char *q)
{
    sqlite3_stmt *st = insDbStmt(c->db, q);
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, c->r->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, c->r->to, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, c->r->run_id);
    sqlite3_bind_int64(st, 4, c->max_file);
    return st;
}

/* "0.750 [0.409, 0.929], n = 8" from a row of the hit-rate table, or "—". */
static void rate_text(ins_buf *b, const ins_result *hit, const char *measure, const char *group)
{
    for (size_t i = 0; hit && i < hit->nrows; i++) {
        const char *m = ins_result_cell(hit, i, "measure"), *g = ins_result_cell(hit, i, "group");
        if (!m || !g || strcmp(m, measure) || strcmp(g, group)) continue;
        const char *rate = ins_result_cell(hit, i, "rate");
        if (!rate) break;
        insBufPrintf(b, "%s [%s, %s], n = %s", rate, ins_result_cell(hit, i, "ci_low"),
                     ins_result_cell(hit, i, "ci_high"), ins_result_cell(hit, i, "n"));
        return;
    }
    insBufAppendStr(b, D_("no inspections"));
}

/* Table 1: the work plan's indicators for the period. */
static int build_indicators(rep_ctx *c, ins_result *t, int nruns, const ins_result *hit,
                            const ins_result *lift)
{
    static const char q_screen[] =
        "SELECT (SELECT COUNT(*) FROM firms f LEFT JOIN documents d ON d.id = f.first_document_id"
        "  WHERE COALESCE(d.file_id, 0) <= ?4 AND COALESCE(f.country, 'PE') = 'PE' AND f.scheme <> 'PE-DNI'),"
        " (SELECT COUNT(*) FROM establishments e JOIN firms f ON f.id = e.firm_id"
        "  LEFT JOIN documents d ON d.id = e.first_document_id WHERE COALESCE(d.file_id, 0) <= ?4"
        "  AND COALESCE(e.country, f.country, 'PE') = 'PE' AND f.scheme <> 'PE-DNI'),"
        " (SELECT COUNT(*) FROM scores WHERE run_id = ?3 AND subject_type = 'firm' AND total > 0),"
        " (SELECT COUNT(*) FROM scores WHERE run_id = ?3 AND subject_type = 'establishment' AND total > 0)";
    static const char q_lists[] =
        "SELECT COUNT(DISTINCT w.id), COALESCE(SUM(wr.control = 0), 0), COALESCE(SUM(wr.control <> 0), 0)"
        " FROM worklists w LEFT JOIN worklist_rows wr ON wr.worklist_id = w.id"
        " WHERE substr(w.created_at, 1, 10) BETWEEN ?1 AND ?2";
    static const char q_ins[] =
        "SELECT COUNT(*), COALESCE(SUM(regulator = 'labour'), 0), COALESCE(SUM(regulator = 'transport'), 0),"
        " COALESCE(SUM(worklist_id IS NOT NULL), 0), COALESCE(SUM(workers_affected), 0),"
        " COALESCE(SUM(minors), 0), COUNT(DISTINCT firm_id)"
        " FROM inspections WHERE date BETWEEN ?1 AND ?2";
    int rc = insResultAddPair(t, D_("Period"), "%s – %s", c->r->from, c->r->to);
    if (rc == INS_OK) rc = insResultAddPair(t, D_("Scoring runs made in the period"), "%d", nruns);
    if (rc == INS_OK && c->r->run_id)
        rc = insResultAddPair(t, D_("Reference run (the last of the period)"), "%lld", (long long)c->r->run_id);
    if (rc != INS_OK) return rc;

    sqlite3_stmt *st = prep(c, q_screen);
    if (!st || sqlite3_step(st) != SQLITE_ROW) { if (st) sqlite3_reset(st); return INS_ERR_DB; }
    long long v[7];
    for (int i = 0; i < 4; i++) v[i] = c->r->run_id ? sqlite3_column_int64(st, i) : 0;
    sqlite3_reset(st);
    rc = insResultAddPair(t, D_("Firms assessed (in the reference run's data)"), "%lld", v[0]);
    if (rc == INS_OK) rc = insResultAddPair(t, D_("Establishments assessed"), "%lld", v[1]);
    if (rc == INS_OK) rc = insResultAddPair(t, D_("Firms with risk above 0"), "%lld", v[2]);
    if (rc == INS_OK) rc = insResultAddPair(t, D_("Establishments with risk above 0"), "%lld", v[3]);
    if (rc != INS_OK) return rc;

    if (!(st = prep(c, q_lists)) || sqlite3_step(st) != SQLITE_ROW) { if (st) sqlite3_reset(st); return INS_ERR_DB; }
    for (int i = 0; i < 3; i++) v[i] = sqlite3_column_int64(st, i);
    sqlite3_reset(st);
    rc = insResultAddPair(t, D_("Worklists issued"), "%lld", v[0]);
    if (rc == INS_OK) rc = insResultAddPair(t, D_("Rows issued: targeted / control"), "%lld / %lld", v[1], v[2]);
    if (rc != INS_OK) return rc;

    if (!(st = prep(c, q_ins)) || sqlite3_step(st) != SQLITE_ROW) { if (st) sqlite3_reset(st); return INS_ERR_DB; }
    for (int i = 0; i < 7; i++) v[i] = sqlite3_column_int64(st, i);
    sqlite3_reset(st);
    rc = insResultAddPair(t, D_("Inspections made (labour / transport)"), "%lld (%lld / %lld)", v[0], v[1], v[2]);
    if (rc == INS_OK) rc = insResultAddPair(t, D_("Firms inspected"), "%lld", v[6]);
    if (rc == INS_OK) rc = insResultAddPair(t, D_("Inspections of worklist rows"), "%lld", v[3]);
    if (rc == INS_OK) rc = insResultAddPair(t, D_("Workers affected"), "%lld", v[4]);
    if (rc == INS_OK) rc = insResultAddPair(t, D_("Minors found"), "%lld", v[5]);
    if (rc != INS_OK) return rc;

    ins_buf b;
    insBufInit(&b);
    rate_text(&b, hit, "forced_labour", "targeted");
    /* xgettext:no-c-format */
    rc = insResultAddPair(t, D_("Hit rate, targeted rows (forced labour, 95% CI)"), "%s", insBufStr(&b));
    insBufReset(&b);
    rate_text(&b, hit, "forced_labour", "control");
    if (rc == INS_OK)
        rc = insResultAddPair(t, D_("Hit rate, control group (base rate)"), "%s", insBufStr(&b));
    insBufReset(&b);
    rate_text(&b, hit, "any_violation", "targeted");
    if (rc == INS_OK)
        rc = insResultAddPair(t, D_("Rate of any violation, targeted rows"), "%s", insBufStr(&b));
    insBufReset(&b);
    rate_text(&b, hit, "any_violation", "control");
    if (rc == INS_OK) rc = insResultAddPair(t, D_("Rate of any violation, control group"), "%s", insBufStr(&b));
    insBufFree(&b);
    const char *lv = lift && lift->nrows ? ins_result_cell(lift, 0, "lift") : NULL;
    const char *ln = lift && lift->nrows ? ins_result_cell(lift, 0, "note") : NULL;
    if (rc == INS_OK)
        rc = insResultAddPair(t, D_("Lift (targeted rate / control rate, forced labour)"), "%s%s%s",
                     lv ? lv : "—", ln ? "; " : "", ln ? ln : "");
    return rc;
}

/* Table 2: inspections in the period by outcome. */
static int build_outcomes(rep_ctx *c, ins_result *t)
{
    static const char q[] =
        "SELECT outcome, COUNT(*), COALESCE(SUM(workers_affected), 0), COALESCE(SUM(minors), 0)"
        " FROM inspections WHERE date BETWEEN ?1 AND ?2 GROUP BY outcome";
    long long n[5] = {0}, wa[5] = {0}, mi[5] = {0}, total = 0;
    sqlite3_stmt *st = prep(c, q);
    if (!st) return INS_ERR_DB;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *o = (const char *)sqlite3_column_text(st, 0);
        for (size_t i = 0; o && i < INS_ARRAY_LEN(insReportOutcomes); i++) {
            if (strcmp(o, insReportOutcomes[i].name)) continue;
            n[i] = sqlite3_column_int64(st, 1);
            wa[i] = sqlite3_column_int64(st, 2);
            mi[i] = sqlite3_column_int64(st, 3);
            total += n[i];
        }
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) return INS_ERR_DB;
    for (size_t i = 0; i < INS_ARRAY_LEN(insReportOutcomes); i++) {
        long row = insResultAddRow(t);
        if (row < 0) return INS_ERR_NOMEM;
        size_t rw = (size_t)row;
        insResultSet(t, rw, 0, insReportOutcomes[i].name);
        insResultSet(t, rw, 1, D_(insReportOutcomes[i].label));
        insResultSetf(t, rw, 2, "%lld", n[i]);
        if (total) insResultSetf(t, rw, 3, "%.3f", (double)n[i] / (double)total);
        insResultSetf(t, rw, 4, "%lld", wa[i]);
        insResultSetf(t, rw, 5, "%lld", mi[i]);
    }
    return INS_OK;
}

/*
** Screening and outcomes grouped by G: establishments (of the reference
** run's data) and inspections of the period, each with its group.  The
** establishment's expression is EG over e; the inspection's IG over i and
** its establishment e.
*/
#define GROUP_SQL(EG, IG)                                                                           \
    "WITH x AS ("                                                                                  \
    " SELECT " EG " AS g, 1 AS est, CASE WHEN s.total > 0 THEN 1 ELSE 0 END AS risky,"            \
    "  COALESCE(s.total, 0) AS risk, NULL AS outcome, 0 AS wa, 0 AS mi"                           \
    " FROM establishments e JOIN firms f ON f.id = e.firm_id"                                      \
    " LEFT JOIN documents d ON d.id = e.first_document_id"                                         \
    " LEFT JOIN scores s ON s.run_id = ?3 AND s.subject_type = 'establishment'"                    \
    "  AND s.subject_key = " INS_ESTAB_KEY                                                          \
    " WHERE ?3 > 0 AND COALESCE(d.file_id, 0) <= ?4 AND COALESCE(e.country, f.country, 'PE') = 'PE'" \
    "  AND f.scheme <> 'PE-DNI'"                                                                   \
    " UNION ALL"                                                                                   \
    " SELECT " IG ", 0, 0, 0, i.outcome, COALESCE(i.workers_affected, 0), COALESCE(i.minors, 0)"   \
    " FROM inspections i LEFT JOIN establishments e ON e.id = i.establishment_id"                  \
    " WHERE i.date BETWEEN ?1 AND ?2)"                                                             \
    " SELECT g, SUM(est), SUM(risky), CASE WHEN SUM(est) > 0 THEN SUM(risk) / SUM(est) END,"       \
    " COUNT(outcome), SUM(outcome = 'forced_labour'), SUM(outcome = 'other_violation'),"          \
    " SUM(outcome = 'no_violation'), SUM(outcome = 'not_found'), SUM(outcome = 'closed'),"        \
    " SUM(wa), SUM(mi) FROM x GROUP BY g ORDER BY g IS NULL, COUNT(outcome) DESC, SUM(est) DESC, g"

/* Hit rates (forced labour) of worklist rows inspected in the period, by group. */
#define GROUP_HIT_SQL(IG)                                                                           \
    "WITH sel AS (SELECT " IG " AS g, wr.control AS control,"                                      \
    " MIN(CASE i.outcome WHEN 'forced_labour' THEN 1 WHEN 'other_violation' THEN 2"                \
    "  WHEN 'no_violation' THEN 3 WHEN 'closed' THEN 4 WHEN 'not_found' THEN 5 END) AS o"          \
    " FROM inspections i JOIN worklist_rows wr ON wr.worklist_id = i.worklist_id"                  \
    "  AND wr.rank = i.worklist_rank"                                                              \
    " LEFT JOIN establishments e ON e.id = i.establishment_id"                                     \
    " WHERE i.date BETWEEN ?1 AND ?2 GROUP BY wr.worklist_id, wr.rank)"    \
    " SELECT g, COALESCE(SUM(control = 0 AND o <= 3), 0), COALESCE(SUM(control = 0 AND o = 1), 0)," \
    " COALESCE(SUM(control <> 0 AND o <= 3), 0), COALESCE(SUM(control <> 0 AND o = 1), 0)"         \
    " FROM sel GROUP BY g ORDER BY g IS NULL, g"

#define DEPT_E "substr(e.ubigeo, 1, 2)"
#define DEPT_I "substr(COALESCE(i.ubigeo, e.ubigeo), 1, 2)"
#define SECT "NULLIF(trim(e.sector), '')"

/* Name of department CODE (2 digits) from the level-1 ubigeo rows, malloc'd. */
static char *dept_name(ins_db *db, const char *code)
{
    static const char q[] = "SELECT department FROM ubigeo WHERE code = ? || '0000'";
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st || !code) return NULL;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    char *v = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = insUStrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return v;
}

/* Writes the group's label cells (code and department, or sector); returns
** the next column. */
static size_t set_group(rep_ctx *c, ins_result *t, size_t rw, int dept, const char *g)
{
    if (!dept) {
        insResultSet(t, rw, 0, g ? g : D_("not declared"));
        return 1;
    }
    char *name = dept_name(c->db, g);
    insResultSet(t, rw, 0, g);
    insResultSet(t, rw, 1, name ? name : g ? D_("(unknown code)") : D_("no ubigeo"));
    free(name);
    return 2;
}

/* Tables 4 and 6: screening and outcomes by department or by sector. */
static int build_groups(rep_ctx *c, ins_result *t, int dept)
{
    static const char qd[] = GROUP_SQL(DEPT_E, DEPT_I);
    static const char qs[] = GROUP_SQL(SECT, SECT);
    sqlite3_stmt *st = prep(c, dept ? qd : qs);
    if (!st) return INS_ERR_DB;
    int step, rc = INS_OK;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        long row = insResultAddRow(t);
        if (row < 0) { rc = INS_ERR_NOMEM; break; }
        size_t rw = (size_t)row;
        size_t k = set_group(c, t, rw, dept, (const char *)sqlite3_column_text(st, 0));
        insResultSetf(t, rw, k++, "%lld", (long long)sqlite3_column_int64(st, 1));
        insResultSetf(t, rw, k++, "%lld", (long long)sqlite3_column_int64(st, 2));
        if (sqlite3_column_type(st, 3) != SQLITE_NULL)
            insResultSetf(t, rw, k, "%.3f", sqlite3_column_double(st, 3));
        k++;
        for (int i = 4; i <= 11; i++) insResultSetf(t, rw, k++, "%lld", (long long)sqlite3_column_int64(st, i));
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(st);
    return rc;
}

/* Sets n, hits, rate, ci_low, ci_high from column K; 1 when the sample is small. */
static int set_rate5(ins_result *t, size_t rw, size_t k, long hits, long n)
{
    double lo, hi;
    insResultSetf(t, rw, k, "%ld", n);
    insResultSetf(t, rw, k + 1, "%ld", hits);
    if (!ins_wilson(hits, n, &lo, &hi)) return 0;
    insResultSetf(t, rw, k + 2, "%.3f", (double)hits / (double)n);
    insResultSetf(t, rw, k + 3, "%.3f", lo);
    insResultSetf(t, rw, k + 4, "%.3f", hi);
    return n < INS_EVAL_SMALL_N || hi - lo > INS_EVAL_SMALL_WIDTH;
}

/* Tables 5 and 7: hit rates (forced labour) by department or by sector. */
static int build_group_hits(rep_ctx *c, ins_result *t, int dept)
{
    static const char qd[] = GROUP_HIT_SQL(DEPT_I);
    static const char qs[] = GROUP_HIT_SQL(SECT);
    sqlite3_stmt *st = prep(c, dept ? qd : qs);
    if (!st) return INS_ERR_DB;
    int step, rc = INS_OK;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        long row = insResultAddRow(t);
        if (row < 0) { rc = INS_ERR_NOMEM; break; }
        size_t rw = (size_t)row;
        size_t k = set_group(c, t, rw, dept, (const char *)sqlite3_column_text(st, 0));
        long tn = (long)sqlite3_column_int64(st, 1), th = (long)sqlite3_column_int64(st, 2);
        long cn = (long)sqlite3_column_int64(st, 3), ch = (long)sqlite3_column_int64(st, 4);
        int small = set_rate5(t, rw, k, th, tn);
        small |= set_rate5(t, rw, k + 5, ch, cn);
        if (small || !tn || !cn) insResultSet(t, rw, k + 10, D_("small sample"));
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(st);
    return rc;
}

/* Table 8: mean establishment risk of the reference run by department. */
static int build_map(rep_ctx *c, ins_result *t)
{
    static const char q[] =
        "SELECT u.code, u.department, u.latitude, u.longitude, COUNT(x.id), AVG(x.risk), MAX(x.risk),"
        " COALESCE(SUM(x.risk > 0), 0)"
        " FROM ubigeo u LEFT JOIN (SELECT e.id, substr(e.ubigeo, 1, 2) AS g, COALESCE(s.total, 0) AS risk"
        "  FROM establishments e JOIN firms f ON f.id = e.firm_id"
        "  LEFT JOIN documents d ON d.id = e.first_document_id"
        "  LEFT JOIN scores s ON s.run_id = ?3 AND s.subject_type = 'establishment'"
        "   AND s.subject_key = " INS_ESTAB_KEY
        "  WHERE ?3 > 0 AND COALESCE(d.file_id, 0) <= ?4 AND COALESCE(e.country, f.country, 'PE') = 'PE'"
        "  AND f.scheme <> 'PE-DNI') x ON x.g = substr(u.code, 1, 2)"
        " WHERE u.level = 1 GROUP BY u.code ORDER BY u.code";
    sqlite3_stmt *st = prep(c, q);
    if (!st) return INS_ERR_DB;
    int step, rc = INS_OK;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        long row = insResultAddRow(t);
        if (row < 0) { rc = INS_ERR_NOMEM; break; }
        size_t rw = (size_t)row;
        const char *code = (const char *)sqlite3_column_text(st, 0);
        insResultSetf(t, rw, 0, "%.2s", code ? code : "");
        insResultSet(t, rw, 1, (const char *)sqlite3_column_text(st, 1));
        if (sqlite3_column_type(st, 2) != SQLITE_NULL) insResultSetf(t, rw, 2, "%.4f", sqlite3_column_double(st, 2));
        if (sqlite3_column_type(st, 3) != SQLITE_NULL) insResultSetf(t, rw, 3, "%.4f", sqlite3_column_double(st, 3));
        insResultSetf(t, rw, 4, "%lld", (long long)sqlite3_column_int64(st, 4));
        insResultSetf(t, rw, 5, "%lld", (long long)sqlite3_column_int64(st, 7));
        if (sqlite3_column_type(st, 5) != SQLITE_NULL) insResultSetf(t, rw, 6, "%.3f", sqlite3_column_double(st, 5));
        if (sqlite3_column_type(st, 6) != SQLITE_NULL) insResultSetf(t, rw, 7, "%.3f", sqlite3_column_double(st, 6));
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(st);
    return rc;
}

/* The district centroids that draw the map's outline, as (latitude, longitude) pairs in c->r->outline. */
static int load_outline(rep_ctx *c)
{
    static const char q[] =
        "SELECT latitude, longitude FROM ubigeo WHERE level = 3 AND latitude IS NOT NULL"
        " AND longitude IS NOT NULL ORDER BY code";
    sqlite3_stmt *st = insDbStmt(c->db, q);
    if (!st) return INS_ERR_DB;
    size_t cap = 0; /* in points: two doubles each */
    int step, rc = INS_OK;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        double *v = insUGrow(c->r->outline, &cap, c->r->noutline + 1, 2 * sizeof *v);
        if (!v) { rc = INS_ERR_NOMEM; break; }
        c->r->outline = v;
        c->r->outline[2 * c->r->noutline] = sqlite3_column_double(st, 0);
        c->r->outline[2 * c->r->noutline + 1] = sqlite3_column_double(st, 1);
        c->r->noutline++;
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(st);
    return rc;
}

/* ---- the binational section ---------------------------------------------------- */

/* The exchange files of the period, sent and received (their periods
** overlap the report's), with what each held. */
static int build_bin_files(rep_ctx *c, ins_result *t)
{
    static const char q[] =
        "SELECT 0, partner, period_from, period_to, firms, persons, listed_firms, routes, profile_cells,"
        " substr(created_at, 1, 10) FROM exchange_sent WHERE period_from <= ?2 AND period_to >= ?1"
        " UNION ALL SELECT 1, e.issuer, e.period_from, e.period_to,"
        " (SELECT COUNT(*) FROM partner_alerts a WHERE a.exchange_id = e.id),"
        " (SELECT COUNT(*) FROM partner_listed l WHERE l.exchange_id = e.id AND l.kind = 'person'),"
        " (SELECT COUNT(*) FROM partner_listed l WHERE l.exchange_id = e.id AND l.kind = 'firm'),"
        " (SELECT COUNT(*) FROM partner_routes r WHERE r.exchange_id = e.id),"
        " (SELECT COUNT(*) FROM partner_profiles p WHERE p.exchange_id = e.id),"
        " substr(e.imported_at, 1, 10) FROM exchange_files e WHERE e.period_from <= ?2 AND e.period_to >= ?1"
        " ORDER BY 1, 2, 3";
    sqlite3_stmt *st = prep(c, q);
    if (!st) return INS_ERR_DB;
    int rc = INS_OK, step;
    while (rc == INS_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        long row = insResultAddRow(t);
        if (row < 0) { rc = INS_ERR_NOMEM; break; }
        size_t w = (size_t)row;
        rc |= insResultSet(t, w, 0, sqlite3_column_int(st, 0) ? D_("received") : D_("sent"));
        for (int k = 1; k < 10; k++) rc |= insResultSet(t, w, (size_t)k, (const char *)sqlite3_column_text(st, k));
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(st);
    return rc ? (rc == INS_ERR_DB ? rc : INS_ERR_NOMEM) : INS_OK;
}

/* What partners' files of the period became here: per partner, the firms
** it flagged that this state's data names, the local legs its routes
** join, the persons it listed; for all, the binational rules' hits in
** the reference run. */
static int build_bin_leads(rep_ctx *c, ins_result *t)
{
    static const char q[] =
        "WITH ef AS (SELECT id, issuer FROM exchange_files WHERE period_from <= ?2 AND period_to >= ?1)"
        " SELECT ef.issuer, 0, COUNT(DISTINCT f.id) FROM ef JOIN partner_alerts a ON a.exchange_id = ef.id"
        "  JOIN firms f ON f.tax_id = a.tax_id GROUP BY ef.issuer"
        " UNION ALL SELECT ef.issuer, 1, COUNT(DISTINCT v.leg_id) FROM ef JOIN partner_routes r ON r.exchange_id = ef.id"
        "  JOIN partner_route_legs v ON v.route_id = r.id GROUP BY ef.issuer"
        " UNION ALL SELECT ef.issuer, 2, COUNT(DISTINCT l.pseudonym) FROM ef JOIN partner_listed l"
        "  ON l.exchange_id = ef.id AND l.kind = 'person' GROUP BY ef.issuer"
        " UNION ALL SELECT '', 3 + (rule_id = 'INS-BIN-002') + 2 * (rule_id = 'INS-BIN-003'), COUNT(*) FROM hits"
        "  WHERE run_id = ?3 AND rule_id IN ('INS-BIN-001', 'INS-BIN-002', 'INS-BIN-003') GROUP BY rule_id"
        " ORDER BY 2, 1";
    static const char *const labels[] = {
        DN_("firms the partner flagged that this state's data names"),
        DN_("local legs made by carriers or vehicles of the partner's routes"),
        DN_("persons the partner listed (pseudonyms, for the entry filter)"),
        DN_("firms flagged by a partner, in the reference run (INS-BIN-001)"),
        DN_("vehicles on partners' routes, in the reference run (INS-BIN-002)"),
        DN_("carriers on partners' routes, in the reference run (INS-BIN-003)"),
    };
    sqlite3_stmt *st = prep(c, q);
    if (!st) return INS_ERR_DB;
    int rc = INS_OK, step;
    while (rc == INS_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int k = sqlite3_column_int(st, 1);
        if (k < 0 || (size_t)k >= INS_ARRAY_LEN(labels)) continue;
        long row = insResultAddRow(t);
        if (row < 0) { rc = INS_ERR_NOMEM; break; }
        const char *state = (const char *)sqlite3_column_text(st, 0);
        rc |= insResultSet(t, (size_t)row, 0, state && *state ? state : D_("all"));
        rc |= insResultSet(t, (size_t)row, 1, insDocText(labels[k]));
        rc |= insResultSetf(t, (size_t)row, 2, "%lld", (long long)sqlite3_column_int64(st, 2));
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(st);
    return rc ? (rc == INS_ERR_DB ? rc : INS_ERR_NOMEM) : INS_OK;
}

/* One row of the joint profiles: a category of one state's profile. */
typedef struct bin_cell {
    char *ch, *cat, *state, *cases, *inspected, *ratio, *interval;
} bin_cell;

/* Orders joint-profile rows by characteristic, category, state. */
static int bin_cell_cmp(const void *a, const void *b)
{
    const bin_cell *x = a, *y = b;
    int d = strcmp(x->ch, y->ch);
    if (!d) d = strcmp(x->cat, y->cat);
    return d ? d : strcmp(x->state, y->state);
}

/* Appends a joint-profile row to V (copies of the texts); 0 out of memory. */
static int bin_push(bin_cell **v, size_t *n, size_t *cap, const char *ch, const char *cat, const char *state,
                    const char *cases, const char *inspected, const char *ratio, const char *lo, const char *hi)
{
    bin_cell *g = insUGrow(*v, cap, *n + 1, sizeof **v);
    if (!g) return 0;
    *v = g;
    bin_cell *e = &g[*n];
    ins_buf iv;
    insBufInit(&iv);
    if (lo && *lo && hi && *hi) insBufPrintf(&iv, "[%s, %s]", lo, hi);
    e->ch = insUStrdup(ch ? ch : "");
    e->cat = insUStrdup(cat ? cat : "");
    e->state = insUStrdup(state ? state : "");
    e->cases = insUStrdup(cases ? cases : "");
    e->inspected = insUStrdup(inspected ? inspected : "");
    e->ratio = insUStrdup(ratio ? ratio : "");
    e->interval = insUStrdup(insBufStr(&iv));
    insBufFree(&iv);
    (*n)++;
    return e->ch && e->cat && e->state && e->cases && e->inspected && e->ratio && e->interval;
}

/*
** The case profiles side by side: this state's (ins_profile over the
** period) and those of the partners' files of the period, every category
** with a ratio on either side, ordered by characteristic and category so
** that the states' rows of one category stand together.  Small cells are
** already hidden on both sides.
*/
static int build_bin_profiles(rep_ctx *c, ins_result *t)
{
    static const char q[] =
        "SELECT p.characteristic, p.category, p.issuer, p.cases, p.inspected, p.ratio, p.ratio_low, p.ratio_high"
        " FROM partner_profiles p JOIN exchange_files e ON e.id = p.exchange_id"
        " WHERE e.period_from <= ?2 AND e.period_to >= ?1 AND p.ratio IS NOT NULL";
    bin_cell *v = NULL;
    size_t n = 0, cap = 0;
    int rc = INS_OK;
    ins_profile_opts po;
    memset(&po, 0, sizeof po);
    po.from = c->r->from;
    po.to = c->r->to;
    ins_result *own = NULL;
    char *err = NULL;
    int prc = ins_profile(c->db, &po, &own, &err);
    free(err);
    if (prc != INS_OK && prc != INS_ERR_NOTFOUND) return prc;
    for (size_t i = 0; own && rc == INS_OK && i < own->nrows; i++) {
        const char *ratio = ins_result_cell(own, i, "ratio");
        if (!ratio || !*ratio) continue;
        if (!bin_push(&v, &n, &cap, ins_result_cell(own, i, "characteristic"), ins_result_cell(own, i, "category"),
                      D_("this state"), ins_result_cell(own, i, "cases"), ins_result_cell(own, i, "inspected"), ratio,
                      ins_result_cell(own, i, "ratio_low"), ins_result_cell(own, i, "ratio_high")))
            rc = INS_ERR_NOMEM;
    }
    ins_result_free(own);
    sqlite3_stmt *st = rc == INS_OK ? prep(c, q) : NULL;
    if (rc == INS_OK && !st) rc = INS_ERR_DB;
    while (rc == INS_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *txt[8];
        for (int k = 0; k < 8; k++) txt[k] = (const char *)sqlite3_column_text(st, k);
        char r[32] = "", lo[32] = "", hi[32] = "";
        snprintf(r, sizeof r, "%.2f", sqlite3_column_double(st, 5));
        if (txt[6]) snprintf(lo, sizeof lo, "%.2f", sqlite3_column_double(st, 6));
        if (txt[7]) snprintf(hi, sizeof hi, "%.2f", sqlite3_column_double(st, 7));
        if (!bin_push(&v, &n, &cap, txt[0], txt[1], txt[2], txt[3], txt[4], r, lo, hi)) rc = INS_ERR_NOMEM;
    }
    if (st) sqlite3_reset(st);
    if (rc == INS_OK && n) qsort(v, n, sizeof *v, bin_cell_cmp);
    for (size_t i = 0; rc == INS_OK && i < n; i++) {
        long row = insResultAddRow(t);
        if (row < 0) { rc = INS_ERR_NOMEM; break; }
        const char *cells[] = {v[i].ch, v[i].cat, v[i].state, v[i].cases, v[i].inspected, v[i].ratio, v[i].interval};
        for (size_t k = 0; k < INS_ARRAY_LEN(cells); k++) rc |= insResultSet(t, (size_t)row, k, cells[k]);
        if (rc) rc = INS_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        free(v[i].ch);
        free(v[i].cat);
        free(v[i].state);
        free(v[i].cases);
        free(v[i].inspected);
        free(v[i].ratio);
        free(v[i].interval);
    }
    free(v);
    return rc;
}

/*
** The calibration state: the last calibration fitted up to the period's
** end (calibrate.c), how many outcomes were recorded since, and the
** held-out figures of the current and the fitted weights.
*/
static int build_calib(rep_ctx *c, ins_result *t)
{
    static const char q[] =
        "SELECT substr(k.created_at, 1, 10), k.outcomes, k.confirmed, k.control_rows, k.biased, k.proposed,"
        " k.loglik_current, k.loglik_fitted, k.auc_current, k.auc_fitted, k.lift_current, k.lift_fitted,"
        " (SELECT COUNT(*) FROM inspections i WHERE i.worklist_id IS NOT NULL AND i.recorded_at > k.created_at)"
        " FROM calibrations k WHERE substr(k.created_at, 1, 10) <= ?2 ORDER BY k.id DESC LIMIT 1";
    sqlite3_stmt *st = prep(c, q);
    if (!st) return INS_ERR_DB;
    int rc = INS_OK, step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const char *date = (const char *)sqlite3_column_text(st, 0);
        rc |= insResultAddPair(t, D_("last calibration"), "%s", date ? date : "");
        rc |= insResultAddPair(t, D_("outcomes it used (confirmed; control rows)"), "%d (%d; %d)", sqlite3_column_int(st, 1),
                      sqlite3_column_int(st, 2), sqlite3_column_int(st, 3));
        if (sqlite3_column_int(st, 4)) rc |= insResultAddPair(t, D_("fitted without control rows"), "%s", D_("biased"));
        rc |= insResultAddPair(t, D_("rules whose weight it proposed to change"), "%d", sqlite3_column_int(st, 5));
        static const char *const labels[] = {DN_("held-out log-likelihood per row: current / fitted"),
                                             DN_("held-out AUC: current / fitted"),
                                             DN_("held-out lift at k: current / fitted")};
        for (int m = 0; m < 3; m++)
            if (sqlite3_column_type(st, 6 + 2 * m) != SQLITE_NULL && sqlite3_column_type(st, 7 + 2 * m) != SQLITE_NULL)
                rc |= insResultAddPair(t, insDocText(labels[m]), "%.3f / %.3f", sqlite3_column_double(st, 6 + 2 * m),
                              sqlite3_column_double(st, 7 + 2 * m));
        rc |= insResultAddPair(t, D_("worklist outcomes recorded since"), "%d", sqlite3_column_int(st, 12));
    } else if (step == SQLITE_DONE) {
        rc |= insResultAddPair(t, D_("last calibration"), "%s", D_("none: inspector calibrate has not been run"));
    } else {
        rc = INS_ERR_DB;
    }
    sqlite3_reset(st);
    return rc == INS_ERR_DB ? rc : rc ? INS_ERR_NOMEM : INS_OK;
}

static const char *const ind_cols[] = {"indicator", "value"};
static const char *const out_cols[] = {"outcome", "label", "inspections", "share", "workers_affected", "minors"};
static const char *const rate_cols[] = {"measure", "group", "n", "hits", "rate", "ci_low", "ci_high", "note"};
#define GROUP_COLS                                                                                  \
    "establishments", "with_risk", "mean_risk", "inspections", "forced_labour", "other_violation",  \
        "no_violation", "not_found", "closed", "workers_affected", "minors"
#define HIT_COLS                                                                                    \
    "targeted_n", "targeted_hits", "targeted_rate", "targeted_ci_low", "targeted_ci_high",          \
        "control_n", "control_hits", "control_rate", "control_ci_low", "control_ci_high", "note"
static const char *const dept_cols[] = {"code", "department", GROUP_COLS};
static const char *const sect_cols[] = {"sector", GROUP_COLS};
static const char *const dept_hit_cols[] = {"code", "department", HIT_COLS};
static const char *const sect_hit_cols[] = {"sector", HIT_COLS};
static const char *const bin_files_cols[] = {"direction", "state", "from", "to", "firm_alerts", "listed_persons",
                                             "listed_firms", "routes", "profile_cells", "date"};
static const char *const bin_leads_cols[] = {"state", "indicator", "value"};
static const char *const bin_prof_cols[] = {"characteristic", "category", "state", "cases", "inspected", "ratio",
                                            "interval_95"};
static const char *const map_cols[] = {
    "code", "department", "latitude", "longitude", "establishments", "with_risk", "mean_risk", "max_risk",
};

/*
** Builds the report of the period FROM..TO (inclusive, YYYY-MM-DD): finds
** the reference run (the latest created in the period) and the last file
** its data held, takes the period's hit rates from ins_evaluate, then
** fills the twelve tables (then the binational section, and the
** calibration state) and
** loads the map's outline.  *out receives the
** report (ins_report_free); a bad period is INS_ERR_ARG with a message.
*/
int ins_report_build(ins_db *db, const char *from, const char *to, ins_report **out, char **errmsg)
{
    static const char q_runs[] =
        "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM runs WHERE status = 'complete'"
        " AND substr(created_at, 1, 10) BETWEEN ?1 AND ?2";
    static const char q_files[] = "SELECT COALESCE(data_max_file_id, 0) FROM runs WHERE id = ?";
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    ins_report *r = calloc(1, sizeof *r);
    if (!r) return INS_ERR_NOMEM;
    int rc = INS_ERR_ARG;
    if (!from || !to || !insUParseDate(from, r->from) || !insUParseDate(to, r->to)) {
        if (errmsg) *errmsg = insUStrdup(_("the period is two dates written YYYY-MM-DD"));
        goto fail;
    }
    if (strcmp(r->from, r->to) > 0) {
        if (errmsg) *errmsg = insUStrdup(_("the period ends before it starts"));
        goto fail;
    }
    r->names = table_names;
    rc = INS_ERR_NOMEM;
    if (!(r->tables = calloc(T_COUNT, sizeof *r->tables))) goto fail;
    r->ntables = T_COUNT;
    rep_ctx c = {db, r, 0};

    rc = INS_ERR_DB;
    sqlite3_stmt *st = insDbStmt(db, q_runs);
    if (!st) goto fail;
    sqlite3_bind_text(st, 1, r->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->to, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) { sqlite3_reset(st); goto fail; }
    int nruns = sqlite3_column_int(st, 0);
    r->run_id = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    if (r->run_id) {
        if (!(st = insDbStmt(db, q_files))) goto fail;
        sqlite3_bind_int64(st, 1, r->run_id);
        if (sqlite3_step(st) == SQLITE_ROW) c.max_file = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }

    /* hit rates of the period, from the evaluation of every worklist */
    ins_evaluate_opts eo;
    memset(&eo, 0, sizeof eo);
    eo.from = r->from;
    eo.to = r->to;
    ins_evaluation *ev = NULL;
    char *everr = NULL;
    rc = ins_evaluate(db, &eo, &ev, &everr);
    free(everr);
    if (rc == INS_OK) {
        r->tables[T_HIT] = ev->hit_rate;
        ev->hit_rate = NULL;
    } else if (rc == INS_ERR_NOTFOUND) {
        r->tables[T_HIT] = insResultNew(D_("Hit rate"), D_("No worklist recorded."),
                                        rate_cols, INS_ARRAY_LEN(rate_cols));
        rc = r->tables[T_HIT] ? INS_OK : INS_ERR_NOMEM;
    }
    if (rc != INS_OK) { ins_evaluation_free(ev); goto fail; }
    ins_buf title;
    insBufInit(&title);
    insBufPrintf(&title, D_("Hit rate of the rows inspected in the period (95%% Wilson CI)"));
    free(r->tables[T_HIT]->title);
    r->tables[T_HIT]->title = insBufDetach(&title);

    r->tables[T_IND] = insResultNew(D_("Indicators of the period"),
                                    D_("Leads for inspection, not findings. No workers' identities."),
                                    ind_cols, INS_ARRAY_LEN(ind_cols));
    r->tables[T_OUT] = insResultNew(D_("Inspections of the period by outcome"), NULL, out_cols,
                                    INS_ARRAY_LEN(out_cols));
    r->tables[T_DEPT] = insResultNew(D_("By department: assessment, inspections and outcomes"),
                                     D_("Department: first two digits of the inspection's ubigeo (or the establishment's)."),
                                     dept_cols, INS_ARRAY_LEN(dept_cols));
    r->tables[T_DEPT_HIT] = insResultNew(D_("By department: hit rate (forced labour)"), NULL,
                                         dept_hit_cols, INS_ARRAY_LEN(dept_hit_cols));
    r->tables[T_SECT] = insResultNew(D_("By sector: assessment, inspections and outcomes"),
                                     D_("The establishment's declared sector; 'not declared' when there is none."),
                                     sect_cols, INS_ARRAY_LEN(sect_cols));
    r->tables[T_SECT_HIT] = insResultNew(D_("By sector: hit rate (forced labour)"), NULL,
                                         sect_hit_cols, INS_ARRAY_LEN(sect_hit_cols));
    r->tables[T_MAP] = insResultNew(D_("Mean risk of the establishments by department"),
                                    D_("Reference run; establishments without a score count as risk 0."),
                                    map_cols, INS_ARRAY_LEN(map_cols));
    r->tables[T_BIN_FILES] = insResultNew(D_("Binational exchange: files of the period"),
                                          D_("Signed exchange files sent to and received from partner states "
                                             "(docs/EXCHANGE.md): what each held. Persons only by pseudonym."),
                                          bin_files_cols, INS_ARRAY_LEN(bin_files_cols));
    r->tables[T_BIN_LEADS] = insResultNew(D_("Binational exchange: what the partners' files became here"), NULL,
                                          bin_leads_cols, INS_ARRAY_LEN(bin_leads_cols));
    r->tables[T_BIN_PROFILES] = insResultNew(
        D_("Binational exchange: case profiles side by side"),
        D_("Over-representation ratio among confirmed cases, this state's and each partner's, for every "
           "category with a ratio; counts under 5 hidden on both sides (x)."),
        bin_prof_cols, INS_ARRAY_LEN(bin_prof_cols));
    r->tables[T_CALIB] = insResultNew(D_("Calibration of the rule weights"),
                                      D_("What the inspections taught the weights (inspector calibrate): a proposal "
                                         "the regulators review."),
                                      ind_cols, INS_ARRAY_LEN(ind_cols));
    rc = INS_ERR_NOMEM;
    for (size_t i = 0; i < T_COUNT; i++)
        if (!r->tables[i]) { ins_evaluation_free(ev); goto fail; }

    rc = build_indicators(&c, r->tables[T_IND], nruns, r->tables[T_HIT], ev ? ev->lift : NULL);
    ins_evaluation_free(ev);
    if (rc == INS_OK) rc = build_outcomes(&c, r->tables[T_OUT]);
    if (rc == INS_OK) rc = build_groups(&c, r->tables[T_DEPT], 1);
    if (rc == INS_OK) rc = build_group_hits(&c, r->tables[T_DEPT_HIT], 1);
    if (rc == INS_OK) rc = build_groups(&c, r->tables[T_SECT], 0);
    if (rc == INS_OK) rc = build_group_hits(&c, r->tables[T_SECT_HIT], 0);
    if (rc == INS_OK) rc = build_map(&c, r->tables[T_MAP]);
    if (rc == INS_OK) rc = build_bin_files(&c, r->tables[T_BIN_FILES]);
    if (rc == INS_OK) rc = build_bin_leads(&c, r->tables[T_BIN_LEADS]);
    if (rc == INS_OK) rc = build_bin_profiles(&c, r->tables[T_BIN_PROFILES]);
    if (rc == INS_OK) rc = build_calib(&c, r->tables[T_CALIB]);
    if (rc == INS_OK) rc = load_outline(&c);
    if (rc != INS_OK) goto fail;
    *out = r;
    return INS_OK;
fail:
    if (errmsg && !*errmsg) *errmsg = insUStrdup(rc == INS_ERR_DB ? insDbErr(db) : ins_strerror(rc));
    ins_report_free(r);
    return rc;
}
