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
*/
#include "ins_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_IND, T_OUT, T_HIT, T_DEPT, T_DEPT_HIT, T_SECT, T_SECT_HIT, T_MAP, T_COUNT };

static const char *const table_names[T_COUNT] = {
    "01-indicators", "02-outcomes", "03-hit-rate", "04-departments", "05-departments-hit-rate",
    "06-sectors", "07-sectors-hit-rate", "08-risk-map",
};

/* The five outcomes, with their Spanish labels and chart colours. */
static const struct {
    const char *name, *label, *colour;
} outcome_info[] = {
    {"forced_labour", N_("trabajo forzoso"), "#b2182b"},
    {"other_violation", N_("otra infracción"), "#ef8a62"},
    {"no_violation", N_("sin infracción"), "#67a9cf"},
    {"not_found", N_("no encontrado"), "#bdbdbd"},
    {"closed", N_("cerrado"), "#7a7a7a"},
};

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

/* Appends an (indicator, value) row. */
static int add_ind(ins_result *t, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int add_ind(ins_result *t, const char *label, const char *fmt, ...)
{
    long row = insResultAddRow(t);
    if (row < 0) return INS_ERR_NOMEM;
    ins_buf b;
    insBufInit(&b);
    va_list ap;
    va_start(ap, fmt);
    insBufVprintf(&b, fmt, ap);
    va_end(ap);
    int rc = insResultSet(t, (size_t)row, 0, label);
    if (rc == INS_OK) rc = insResultSet(t, (size_t)row, 1, insBufStr(&b));
    insBufFree(&b);
    return rc;
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
    insBufAppendStr(b, _("sin inspecciones"));
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
    int rc = add_ind(t, _("Periodo"), "%s – %s", c->r->from, c->r->to);
    if (rc == INS_OK) rc = add_ind(t, _("Corridas de puntaje creadas en el periodo"), "%d", nruns);
    if (rc == INS_OK && c->r->run_id)
        rc = add_ind(t, _("Corrida de referencia (la última del periodo)"), "%lld", (long long)c->r->run_id);
    if (rc != INS_OK) return rc;

    sqlite3_stmt *st = prep(c, q_screen);
    if (!st || sqlite3_step(st) != SQLITE_ROW) { if (st) sqlite3_reset(st); return INS_ERR_DB; }
    long long v[7];
    for (int i = 0; i < 4; i++) v[i] = c->r->run_id ? sqlite3_column_int64(st, i) : 0;
    sqlite3_reset(st);
    rc = add_ind(t, _("Empresas evaluadas (en los datos de la corrida de referencia)"), "%lld", v[0]);
    if (rc == INS_OK) rc = add_ind(t, _("Establecimientos evaluados"), "%lld", v[1]);
    if (rc == INS_OK) rc = add_ind(t, _("Empresas con riesgo mayor que 0"), "%lld", v[2]);
    if (rc == INS_OK) rc = add_ind(t, _("Establecimientos con riesgo mayor que 0"), "%lld", v[3]);
    if (rc != INS_OK) return rc;

    if (!(st = prep(c, q_lists)) || sqlite3_step(st) != SQLITE_ROW) { if (st) sqlite3_reset(st); return INS_ERR_DB; }
    for (int i = 0; i < 3; i++) v[i] = sqlite3_column_int64(st, i);
    sqlite3_reset(st);
    rc = add_ind(t, _("Listas de trabajo emitidas"), "%lld", v[0]);
    if (rc == INS_OK) rc = add_ind(t, _("Filas emitidas: focalizadas / de control"), "%lld / %lld", v[1], v[2]);
    if (rc != INS_OK) return rc;

    if (!(st = prep(c, q_ins)) || sqlite3_step(st) != SQLITE_ROW) { if (st) sqlite3_reset(st); return INS_ERR_DB; }
    for (int i = 0; i < 7; i++) v[i] = sqlite3_column_int64(st, i);
    sqlite3_reset(st);
    rc = add_ind(t, _("Inspecciones realizadas (laborales / de transporte)"), "%lld (%lld / %lld)", v[0], v[1], v[2]);
    if (rc == INS_OK) rc = add_ind(t, _("Empresas inspeccionadas"), "%lld", v[6]);
    if (rc == INS_OK) rc = add_ind(t, _("Inspecciones de filas de una lista de trabajo"), "%lld", v[3]);
    if (rc == INS_OK) rc = add_ind(t, _("Trabajadores afectados"), "%lld", v[4]);
    if (rc == INS_OK) rc = add_ind(t, _("Menores de edad encontrados"), "%lld", v[5]);
    if (rc != INS_OK) return rc;

    ins_buf b;
    insBufInit(&b);
    rate_text(&b, hit, "forced_labour", "targeted");
    rc = add_ind(t, _("Tasa de acierto, filas focalizadas (trabajo forzoso, IC 95%)"), "%s", insBufStr(&b));
    insBufReset(&b);
    rate_text(&b, hit, "forced_labour", "control");
    if (rc == INS_OK)
        rc = add_ind(t, _("Tasa de acierto, grupo de control (tasa base)"), "%s", insBufStr(&b));
    insBufReset(&b);
    rate_text(&b, hit, "any_violation", "targeted");
    if (rc == INS_OK)
        rc = add_ind(t, _("Tasa de cualquier infracción, filas focalizadas"), "%s", insBufStr(&b));
    insBufReset(&b);
    rate_text(&b, hit, "any_violation", "control");
    if (rc == INS_OK) rc = add_ind(t, _("Tasa de cualquier infracción, grupo de control"), "%s", insBufStr(&b));
    insBufFree(&b);
    const char *lv = lift && lift->nrows ? ins_result_cell(lift, 0, "lift") : NULL;
    const char *ln = lift && lift->nrows ? ins_result_cell(lift, 0, "note") : NULL;
    if (rc == INS_OK)
        rc = add_ind(t, _("Lift (tasa focalizada / tasa de control, trabajo forzoso)"), "%s%s%s",
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
        for (size_t i = 0; o && i < INS_ARRAY_LEN(outcome_info); i++) {
            if (strcmp(o, outcome_info[i].name)) continue;
            n[i] = sqlite3_column_int64(st, 1);
            wa[i] = sqlite3_column_int64(st, 2);
            mi[i] = sqlite3_column_int64(st, 3);
            total += n[i];
        }
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) return INS_ERR_DB;
    for (size_t i = 0; i < INS_ARRAY_LEN(outcome_info); i++) {
        long row = insResultAddRow(t);
        if (row < 0) return INS_ERR_NOMEM;
        size_t rw = (size_t)row;
        insResultSet(t, rw, 0, outcome_info[i].name);
        insResultSet(t, rw, 1, _(outcome_info[i].label));
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
        insResultSet(t, rw, 0, g ? g : _("sin declarar"));
        return 1;
    }
    char *name = dept_name(c->db, g);
    insResultSet(t, rw, 0, g);
    insResultSet(t, rw, 1, name ? name : g ? _("(código desconocido)") : _("sin ubigeo"));
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
    return n < 30 || hi - lo > 0.3;
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
        if (small || !tn || !cn) insResultSet(t, rw, k + 10, _("muestra pequeña"));
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

/* The district centroids that draw the map's outline. */
static int load_outline(rep_ctx *c)
{
    static const char q[] =
        "SELECT latitude, longitude FROM ubigeo WHERE level = 3 AND latitude IS NOT NULL"
        " AND longitude IS NOT NULL ORDER BY code";
    sqlite3_stmt *st = insDbStmt(c->db, q);
    if (!st) return INS_ERR_DB;
    size_t cap = 0;
    int step, rc = INS_OK;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (c->r->noutline == cap) {
            cap = cap ? cap * 2 : 1024;
            double *v = realloc(c->r->outline, cap * 2 * sizeof *v);
            if (!v) { rc = INS_ERR_NOMEM; break; }
            c->r->outline = v;
        }
        c->r->outline[2 * c->r->noutline] = sqlite3_column_double(st, 0);
        c->r->outline[2 * c->r->noutline + 1] = sqlite3_column_double(st, 1);
        c->r->noutline++;
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(st);
    return rc;
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
static const char *const map_cols[] = {
    "code", "department", "latitude", "longitude", "establishments", "with_risk", "mean_risk", "max_risk",
};

int ins_report_build(ins_db *db, const char *from, const char *to, ins_report **out, char **errmsg)
{
    static const char q_runs[] =
        "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM runs WHERE substr(created_at, 1, 10) BETWEEN ?1 AND ?2";
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
        r->tables[T_HIT] = insResultNew(_("Tasa de acierto"), _("Ninguna lista de trabajo registrada."),
                                        rate_cols, INS_ARRAY_LEN(rate_cols));
        rc = r->tables[T_HIT] ? INS_OK : INS_ERR_NOMEM;
    }
    if (rc != INS_OK) { ins_evaluation_free(ev); goto fail; }
    ins_buf title;
    insBufInit(&title);
    insBufPrintf(&title, _("Tasa de acierto de las filas inspeccionadas en el periodo (IC de Wilson 95%%)"));
    free(r->tables[T_HIT]->title);
    r->tables[T_HIT]->title = insBufDetach(&title);

    r->tables[T_IND] = insResultNew(_("Indicadores del periodo"),
                                    _("Indicios para inspección, no constataciones. Sin identidades de trabajadores."),
                                    ind_cols, INS_ARRAY_LEN(ind_cols));
    r->tables[T_OUT] = insResultNew(_("Inspecciones del periodo por resultado"), NULL, out_cols,
                                    INS_ARRAY_LEN(out_cols));
    r->tables[T_DEPT] = insResultNew(_("Por departamento: evaluación, inspecciones y resultados"),
                                     _("Departamento: dos primeros dígitos del ubigeo de la inspección (o del establecimiento)."),
                                     dept_cols, INS_ARRAY_LEN(dept_cols));
    r->tables[T_DEPT_HIT] = insResultNew(_("Por departamento: tasa de acierto (trabajo forzoso)"), NULL,
                                         dept_hit_cols, INS_ARRAY_LEN(dept_hit_cols));
    r->tables[T_SECT] = insResultNew(_("Por sector: evaluación, inspecciones y resultados"),
                                     _("Sector declarado del establecimiento; 'sin declarar' cuando no hay."),
                                     sect_cols, INS_ARRAY_LEN(sect_cols));
    r->tables[T_SECT_HIT] = insResultNew(_("Por sector: tasa de acierto (trabajo forzoso)"), NULL,
                                         sect_hit_cols, INS_ARRAY_LEN(sect_hit_cols));
    r->tables[T_MAP] = insResultNew(_("Riesgo medio de los establecimientos por departamento"),
                                    _("Corrida de referencia; establecimientos sin puntaje cuentan con riesgo 0."),
                                    map_cols, INS_ARRAY_LEN(map_cols));
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
    if (rc == INS_OK) rc = load_outline(&c);
    if (rc != INS_OK) goto fail;
    *out = r;
    return INS_OK;
fail:
    if (errmsg && !*errmsg) *errmsg = insUStrdup(rc == INS_ERR_DB ? insDbErr(db) : ins_strerror(rc));
    ins_report_free(r);
    return rc;
}

/* ---- the HTML page -------------------------------------------------------------- */

/* A cell as a number (0 when empty or not a number); *has set when it was one. */
static double num(const ins_result *t, size_t row, const char *col, int *has)
{
    const char *s = ins_result_cell(t, row, col);
    double v = 0;
    int ok = s && *s && insUParseDouble(s, &v);
    if (has) *has = ok;
    return ok ? v : 0;
}

/* 1 when S looks like a number (right-aligned in tables). */
static int numeric(const char *s)
{
    if (!s || !*s) return 0;
    return strspn(s, "0123456789.-") == strlen(s);
}

/* Writes a table with its title, note and file name; tables of many
** columns get a smaller type so they fit the width of an A4 page. */
static void html_table(ins_buf *b, const ins_result *t, const char *name)
{
    insBufAppendStr(b, t->ncols > 9 ? "<table class=\"wide\">\n<caption>" : "<table>\n<caption>");
    insBufHtml(b, t->title);
    insBufPrintf(b, " <span class=\"file\">[%s]</span>", name);
    if (t->note && *t->note) {
        insBufAppendStr(b, "<br><span class=\"tnote\">");
        insBufHtml(b, t->note);
        insBufAppendStr(b, "</span>");
    }
    insBufAppendStr(b, "</caption>\n<thead><tr>");
    for (size_t c = 0; c < t->ncols; c++) {
        /* column names are the CSV's; they may break after an underscore */
        insBufAppendStr(b, "<th>");
        for (const char *p = t->cols[c]; *p; p++) {
            char one[2] = {*p, '\0'};
            insBufHtml(b, one);
            if (*p == '_') insBufAppendStr(b, "<wbr>");
        }
        insBufAppendStr(b, "</th>");
    }
    insBufAppendStr(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < t->nrows; i++) {
        insBufAppendStr(b, "<tr>");
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = t->cells[i * t->ncols + c];
            insBufAppendStr(b, numeric(v) ? "<td class=\"n\">" : "<td>");
            insBufHtml(b, v);
            insBufAppendStr(b, "</td>");
        }
        insBufAppendStr(b, "</tr>\n");
    }
    if (!t->nrows) insBufPrintf(b, "<tr><td colspan=\"%zu\">%s</td></tr>\n", t->ncols ? t->ncols : 1, _("(sin filas)"));
    insBufAppendStr(b, "</tbody></table>\n");
}

/* Horizontal bars: inspections by outcome. */
static void svg_outcomes(ins_buf *b, const ins_result *t)
{
    double max = 1;
    for (size_t i = 0; i < t->nrows; i++) {
        double v = num(t, i, "inspections", NULL);
        if (v > max) max = v;
    }
    int h = 24 * (int)t->nrows + 30;
    insBufPrintf(b, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 %d\""
                    " role=\"img\" aria-label=\"%s\">\n", h, _("inspecciones por resultado"));
    for (size_t i = 0; i < t->nrows; i++) {
        double v = num(t, i, "inspections", NULL);
        int y = 10 + 24 * (int)i;
        double w = 420 * v / max;
        const char *colour = i < INS_ARRAY_LEN(outcome_info) ? outcome_info[i].colour : "#999";
        insBufPrintf(b, "<text x=\"150\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">", y + 13);
        insBufHtml(b, ins_result_cell(t, i, "label"));
        insBufPrintf(b, "</text><rect x=\"158\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>"
                        "<text x=\"%.1f\" y=\"%d\" class=\"val\">%.0f</text>\n",
                     y, w, colour, 163 + w, y + 13, v);
    }
    insBufPrintf(b, "<line x1=\"158\" y1=\"6\" x2=\"158\" y2=\"%d\" stroke=\"#333\"/>\n</svg>\n", h - 14);
}

/* Grouped bars with Wilson error bars: targeted and control, per measure. */
static void svg_hit_rate(ins_buf *b, const ins_result *t)
{
    static const char *const measures[] = {"forced_labour", "any_violation"};
    static const char *const mlabel[] = {N_("trabajo forzoso"), N_("cualquier infracción")};
    static const char *const groups[] = {"targeted", "control"};
    static const char *const glabel[] = {N_("focalizadas"), N_("control (al azar)")};
    static const char *const gcolour[] = {"#b2182b", "#8c8c8c"};
    const int x0 = 60, y0 = 34, hh = 200, bw = 70;
    insBufPrintf(b, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 284\""
                    " role=\"img\" aria-label=\"%s\">\n", _("tasa de acierto con intervalos"));
    for (int k = 0; k <= 4; k++) {
        double y = y0 + hh - hh * k / 4.0;
        insBufPrintf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"600\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"val\">%.2f</text>\n",
                     x0, y, y, x0 - 5, y + 4, k / 4.0);
    }
    for (int m = 0; m < 2; m++) {
        int gx = x0 + 40 + m * 270;
        for (int g = 0; g < 2; g++) {
            int x = gx + g * (bw + 20);
            int found = 0, hr = 0, hl = 0, hh2 = 0;
            double rate = 0, lo = 0, hi = 0, n = 0;
            for (size_t i = 0; i < t->nrows; i++) {
                const char *mm = ins_result_cell(t, i, "measure"), *gg = ins_result_cell(t, i, "group");
                if (!mm || !gg || strcmp(mm, measures[m]) || strcmp(gg, groups[g])) continue;
                found = 1;
                rate = num(t, i, "rate", &hr);
                lo = num(t, i, "ci_low", &hl);
                hi = num(t, i, "ci_high", &hh2);
                n = num(t, i, "n", NULL);
            }
            if (found && hr) {
                double y = y0 + hh * (1 - rate);
                /* the value sits above the bar and its interval, on white */
                double ty = (hl && hh2 ? y0 + hh * (1 - hi) : y) - 4;
                insBufPrintf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>"
                                "<text x=\"%d\" y=\"%.1f\" class=\"val\" text-anchor=\"middle\">%.2f</text>\n",
                             x, y, bw, y0 + hh - y, gcolour[g], x + bw / 2, ty, rate);
                if (hl && hh2) {
                    double ylo = y0 + hh * (1 - lo), yhi = y0 + hh * (1 - hi);
                    int cx = x + bw / 2;
                    insBufPrintf(b, "<g class=\"err\" stroke=\"#000\" stroke-width=\"1.5\">"
                                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/></g>\n",
                                 cx, ylo, cx, yhi, cx - 8, ylo, cx + 8, ylo, cx - 8, yhi, cx + 8, yhi);
                }
            } else {
                insBufPrintf(b, "<text x=\"%d\" y=\"%d\" class=\"val\" text-anchor=\"middle\">%s</text>\n",
                             x + bw / 2, y0 + hh - 6, _("sin datos"));
            }
            insBufPrintf(b, "<text x=\"%d\" y=\"%d\" class=\"val\" text-anchor=\"middle\">n = %.0f</text>\n",
                         x + bw / 2, y0 + hh + 14, n);
        }
        insBufPrintf(b, "<text x=\"%d\" y=\"%d\" class=\"lbl\" text-anchor=\"middle\">%s</text>\n",
                     gx + bw + 10, y0 + hh + 30, _(mlabel[m]));
    }
    insBufPrintf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"600\" y2=\"%d\" stroke=\"#333\"/>\n", x0, y0 + hh, y0 + hh);
    for (int g = 0; g < 2; g++)
        insBufPrintf(b, "<rect x=\"%d\" y=\"4\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                        "<text x=\"%d\" y=\"13\" class=\"val\">%s</text>\n",
                     420 + g * 110, gcolour[g], 434 + g * 110, _(glabel[g]));
    insBufAppendStr(b, "</svg>\n");
}

/* Stacked horizontal bars of outcomes for each department with inspections. */
static void svg_departments(ins_buf *b, const ins_result *t)
{
    size_t n = 0;
    double max = 1;
    for (size_t i = 0; i < t->nrows; i++) {
        double v = num(t, i, "inspections", NULL);
        if (v > 0) n++;
        if (v > max) max = v;
    }
    if (!n) {
        insBufPrintf(b, "<p>%s</p>\n", _("Sin inspecciones en el periodo."));
        return;
    }
    int h = 20 * (int)n + 36;
    insBufPrintf(b, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 %d\""
                    " role=\"img\" aria-label=\"%s\">\n", h, _("resultados por departamento"));
    for (size_t o = 0; o < INS_ARRAY_LEN(outcome_info); o++)
        insBufPrintf(b, "<rect x=\"%zu\" y=\"4\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                        "<text x=\"%zu\" y=\"13\" class=\"val\">%s</text>\n",
                     150 + o * 96, outcome_info[o].colour, 164 + o * 96, _(outcome_info[o].label));
    int y = 24;
    for (size_t i = 0; i < t->nrows; i++) {
        double v = num(t, i, "inspections", NULL);
        if (v <= 0) continue;
        insBufPrintf(b, "<text x=\"145\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">", y + 12);
        insBufHtml(b, ins_result_cell(t, i, "department"));
        insBufAppendStr(b, "</text>");
        double x = 150;
        for (size_t o = 0; o < INS_ARRAY_LEN(outcome_info); o++) {
            double w = 440 * num(t, i, outcome_info[o].name, NULL) / max;
            if (w > 0)
                insBufPrintf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"15\" fill=\"%s\"/>",
                             x, y, w, outcome_info[o].colour);
            x += w;
        }
        insBufPrintf(b, "<text x=\"%.1f\" y=\"%d\" class=\"val\">%.0f</text>\n", x + 4, y + 12, v);
        y += 20;
    }
    insBufAppendStr(b, "</svg>\n");
}

/* Colour of a risk share T in [0, 1]: from light orange to dark red. */
static void risk_colour(double t, char out[8])
{
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    int r = (int)(253 + (127 - 253) * t), g = (int)(212 + (0 - 212) * t), bl = (int)(158 + (0 - 158) * t);
    snprintf(out, 8, "#%02x%02x%02x", r, g, bl);
}

/* Map frame: Peru lies within these longitudes and latitudes. */
#define MAP_W0 (-81.6)
#define MAP_W1 (-68.4)
#define MAP_N (0.2)
#define MAP_S (-18.6)
#define MAP_K 26.0 /* pixels per degree */
#define MAP_LEFT 40.0   /* room for labels left of the coast */
#define MAP_RIGHT 130.0 /* and right of the eastern departments */

static double map_x(double lng) { return MAP_LEFT + (lng - MAP_W0) * MAP_K; }
static double map_y(double lat) { return 10 + (MAP_N - lat) * MAP_K; }

/*
** Where a department's label goes: 0 right of its circle; 1 left, where a
** neighbour's label would collide (Amazonas with San Martín, Apurímac with
** Cusco); 2 left, clear of the larger of Lima's and Callao's circles.
*/
static int map_label_left(const char *code)
{
    if (!code) return 0;
    if (!strcmp(code, "07") || !strcmp(code, "15")) return 2;
    return !strcmp(code, "01") || !strcmp(code, "03");
}

/*
** The map: district centroids as grey dots (they trace the country's
** outline), and each department capital as a circle sized by the
** establishments screened there and coloured by their mean risk, labelled
** with the department's name and mean risk.
*/
static void svg_map(ins_buf *b, const ins_result *t, const double *outline, size_t noutline)
{
    double w = MAP_LEFT + MAP_RIGHT + (MAP_W1 - MAP_W0) * MAP_K, h = 20 + (MAP_N - MAP_S) * MAP_K + 40;
    double maxmean = 0, maxn = 1;
    for (size_t i = 0; i < t->nrows; i++) {
        double m = num(t, i, "mean_risk", NULL), n = num(t, i, "establishments", NULL);
        if (m > maxmean) maxmean = m;
        if (n > maxn) maxn = n;
    }
    insBufPrintf(b, "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\""
                    " role=\"img\" aria-label=\"%s\">\n", w, h, _("mapa de riesgo por departamento"));
    if (noutline) {
        insBufAppendStr(b, "<path class=\"outline\" fill=\"none\" stroke=\"#c8c8c8\" stroke-width=\"2.2\""
                           " stroke-linecap=\"round\" d=\"");
        for (size_t i = 0; i < noutline; i++) {
            double lat = outline[2 * i], lng = outline[2 * i + 1];
            if (lat > MAP_N || lat < MAP_S || lng < MAP_W0 || lng > MAP_W1) continue;
            insBufPrintf(b, "M%.1f %.1fh0", map_x(lng), map_y(lat));
        }
        insBufAppendStr(b, "\"/>\n");
    }
    /* circles first, labels after, so no circle hides a label */
    double *rad = calloc(t->nrows ? t->nrows : 1, sizeof *rad);
    double coast = 0; /* the larger circle of Lima and Callao */
    for (int pass = 0; pass < 2 && rad; pass++) {
        if (pass) insBufAppendStr(b, "<g class=\"labels\">\n");
        for (size_t i = 0; i < t->nrows; i++) {
            int hlat, hlng, hmean;
            double lat = num(t, i, "latitude", &hlat), lng = num(t, i, "longitude", &hlng);
            if (!hlat || !hlng) continue;
            double n = num(t, i, "establishments", NULL), mean = num(t, i, "mean_risk", &hmean);
            double x = map_x(lng), y = map_y(lat);
            const char *code = ins_result_cell(t, i, "code"), *name = ins_result_cell(t, i, "department");
            int left = map_label_left(code), callao = code && !strcmp(code, "07");
            if (pass == 0) {
                char colour[8];
                rad[i] = n > 0 ? 3 + 11 * sqrt(n / maxn) : 3;
                if (callao || (code && !strcmp(code, "15"))) coast = rad[i] > coast ? rad[i] : coast;
                risk_colour(maxmean > 0 ? mean / maxmean : 0, colour);
                insBufAppendStr(b, "<g class=\"dept\">");
                if (n > 0)
                    insBufPrintf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.85\""
                                    " stroke=\"#333\" stroke-width=\"0.8\">", x, y, rad[i], colour);
                else
                    insBufPrintf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#fff\" stroke=\"#888\">", x, y);
                insBufAppendStr(b, "<title>");
                insBufHtml(b, name);
                insBufPrintf(b, ": %.0f %s", n, _("establecimientos"));
                if (hmean) insBufPrintf(b, ", %s %.3f", _("riesgo medio"), mean);
                insBufAppendStr(b, "</title></circle></g>\n");
                continue;
            }
            /* Lima and Callao share a point on the coast: both labels go to
             * the sea side, clear of the larger circle, Callao's above */
            double r = left == 2 ? coast : rad[i];
            double ty = left == 2 ? (callao ? y - 2 : y + 8) : y + 3;
            if (left)
                insBufPrintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"mlbl\" text-anchor=\"end\">", x - r - 2, ty);
            else
                insBufPrintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"mlbl\">", x + r + 2, ty);
            insBufHtml(b, name);
            if (n > 0 && hmean) insBufPrintf(b, " %.2f", mean);
            insBufAppendStr(b, "</text>\n");
        }
        if (pass) insBufAppendStr(b, "</g>\n");
    }
    free(rad);
    /* legend: colour scale and sizes */
    double ly = h - 26;
    insBufPrintf(b, "<text x=\"10\" y=\"%.0f\" class=\"val\">%s</text>\n", ly - 6, _("riesgo medio:"));
    for (int k = 0; k < 5; k++) {
        char colour[8];
        risk_colour(k / 4.0, colour);
        insBufPrintf(b, "<rect x=\"%d\" y=\"%.0f\" width=\"34\" height=\"10\" fill=\"%s\"/>"
                        "<text x=\"%d\" y=\"%.0f\" class=\"val\">%.2f</text>\n",
                     10 + 36 * k, ly, colour, 10 + 36 * k, ly + 20, maxmean * k / 4.0);
    }
    insBufPrintf(b, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"3\" fill=\"#fff\" stroke=\"#888\"/>"
                    "<text x=\"%.0f\" y=\"%.0f\" class=\"val\">%s</text>\n",
                 210.0, ly + 5, 218.0, ly + 8, _("sin establecimientos"));
    insBufPrintf(b, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"14\" fill=\"none\" stroke=\"#333\"/>"
                    "<text x=\"%.0f\" y=\"%.0f\" class=\"val\">%.0f %s</text>\n",
                 340.0, ly + 5, 358.0, ly + 8, maxn, _("establecimientos"));
    insBufAppendStr(b, "</svg>\n");
}

static const char css[] =
    "@page{size:A4;margin:14mm 12mm}\n"
    "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;font-size:9.5pt;color:#111;"
    "max-width:186mm;margin:8mm auto}\n"
    "h1{font-size:16pt;margin:0 0 1mm}\n"
    "h2{font-size:12pt;margin:7mm 0 2mm;border-bottom:1px solid #888;break-after:avoid;"
    "page-break-after:avoid}\n"
    ".sub{color:#444;margin:0 0 3mm}\n"
    ".note{border:1.5px solid #a00;color:#a00;padding:1.5mm 3mm;font-weight:bold}\n"
    "table{border-collapse:collapse;width:100%;margin:2mm 0 5mm;font-size:7.5pt}\n"
    "caption{text-align:left;font-weight:bold;font-size:8.5pt;padding-bottom:1mm}\n"
    ".file{font-weight:normal;color:#666}.tnote{font-weight:normal;color:#444}\n"
    "th,td{border:1px solid #bbb;padding:1px 4px;text-align:left;vertical-align:top}\n"
    "th{background:#eee;font-size:7pt}td.n{text-align:right;white-space:nowrap;"
    "font-variant-numeric:tabular-nums}\n"
    "table.wide{font-size:6.5pt}table.wide th{font-size:6pt}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "figure{margin:2mm 0 4mm;break-inside:avoid;page-break-inside:avoid}\n"
    "figcaption{font-size:8pt;color:#444}\n"
    "svg.chart{width:100%;height:auto}svg.map{width:118mm;height:auto;display:block;margin:0 auto}\n"
    "svg text{font-family:'DejaVu Sans',Arial,sans-serif}\n"
    ".lbl{font-size:11px}.val{font-size:10px}.mlbl{font-size:8px;fill:#222}\n"
    ".method li{margin-bottom:1mm}\n"
    "@media print{body{margin:0;max-width:none}}\n";

int ins_report_html(const ins_report *r, char **html)
{
    *html = NULL;
    if (!r || r->ntables != T_COUNT) return INS_ERR_ARG;
    ins_buf b;
    insBufInit(&b);
    char now[21];
    insUNowIso(now);
    const char *title = _("Informe de seguimiento: inspección focalizada del trabajo forzoso");
    insBufAppendStr(&b, "<!DOCTYPE html>\n<html lang=\"es\"><head><meta charset=\"utf-8\">\n<title>");
    insBufHtml(&b, title);
    insBufPrintf(&b, " %s – %s</title>\n<style>\n%s</style></head><body>\n<h1>", r->from, r->to, css);
    insBufHtml(&b, title);
    insBufPrintf(&b, "</h1>\n<p class=\"sub\">%s %s – %s · %s %.10s", _("Periodo:"), r->from, r->to,
                 _("generado el"), now);
    if (r->run_id) insBufPrintf(&b, " · %s %lld", _("corrida de referencia"), (long long)r->run_id);
    insBufPrintf(&b, "</p>\n<p class=\"note\">%s</p>\n",
                 _("Indicadores agregados: el informe no contiene identidades de trabajadores ni notas de "
                   "inspección. Una fila de una lista de trabajo es un indicio para inspección, no una "
                   "constatación."));

    insBufPrintf(&b, "<h2>1. %s</h2>\n", _("Indicadores del plan de trabajo"));
    html_table(&b, r->tables[T_IND], r->names[T_IND]);

    insBufPrintf(&b, "<h2>2. %s</h2>\n<figure>\n", _("Inspecciones y resultados"));
    svg_outcomes(&b, r->tables[T_OUT]);
    insBufPrintf(&b, "<figcaption>%s</figcaption></figure>\n",
                 _("Inspecciones realizadas en el periodo, por resultado."));
    html_table(&b, r->tables[T_OUT], r->names[T_OUT]);

    insBufPrintf(&b, "<h2>3. %s</h2>\n<figure>\n", _("Tasa de acierto: filas focalizadas frente al grupo de control"));
    svg_hit_rate(&b, r->tables[T_HIT]);
    insBufPrintf(&b, "<figcaption>%s</figcaption></figure>\n",
                 _("Barras: tasa de acierto; líneas: intervalo de Wilson al 95%. Acierto: trabajo forzoso "
                   "constatado; segunda medida: cualquier infracción. not_found y closed no cuentan en los "
                   "denominadores."));
    html_table(&b, r->tables[T_HIT], r->names[T_HIT]);

    insBufPrintf(&b, "<h2>4. %s</h2>\n<figure>\n", _("Mapa de riesgo por departamento"));
    svg_map(&b, r->tables[T_MAP], r->outline, r->noutline);
    insBufPrintf(&b, "<figcaption>%s</figcaption></figure>\n",
                 _("Círculos en la capital de cada departamento: tamaño según los establecimientos "
                   "evaluados, color según su riesgo medio en la corrida de referencia. Puntos grises: "
                   "distritos."));
    html_table(&b, r->tables[T_MAP], r->names[T_MAP]);

    insBufPrintf(&b, "<h2>5. %s</h2>\n<figure>\n", _("Por departamento"));
    svg_departments(&b, r->tables[T_DEPT]);
    insBufPrintf(&b, "<figcaption>%s</figcaption></figure>\n", _("Inspecciones por departamento y resultado."));
    html_table(&b, r->tables[T_DEPT], r->names[T_DEPT]);
    html_table(&b, r->tables[T_DEPT_HIT], r->names[T_DEPT_HIT]);

    insBufPrintf(&b, "<h2>6. %s</h2>\n", _("Por sector"));
    html_table(&b, r->tables[T_SECT], r->names[T_SECT]);
    html_table(&b, r->tables[T_SECT_HIT], r->names[T_SECT_HIT]);

    insBufPrintf(&b, "<h2>%s</h2>\n<ul class=\"method\">\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n</ul>\n",
                 _("Método"),
                 _("Una fila de lista inspeccionada varias veces cuenta una vez, con su resultado más grave."),
                 _("Tasa = aciertos / n, con n = filas inspeccionadas sin not_found ni closed; intervalo de "
                   "confianza de Wilson al 95%. Con n menor que 30, o un intervalo más ancho que 0,3, la "
                   "muestra es pequeña."),
                 _("Lift = tasa de las filas focalizadas / tasa del grupo de control, elegido al azar de la "
                   "misma población: la tasa base de la selección actual."),
                 _("Evaluados: empresas y establecimientos en los datos que vio la última corrida de "
                   "puntaje del periodo; riesgo medio: media del puntaje de todos ellos (0 sin puntaje)."));
    insBufAppendStr(&b, "</body></html>\n");
    if (b.oom) {
        insBufFree(&b);
        return INS_ERR_NOMEM;
    }
    *html = insBufDetach(&b);
    return INS_OK;
}
