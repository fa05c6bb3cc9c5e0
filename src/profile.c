/*
** profile.c: case profiles for joint analysis (`inspector profile`, issue
** 14): who the perpetrators of confirmed forced-labour cases are, who their
** victims are, and which routes the cases used, compared with everything
** inspected, with small cells suppressed so that no person can be picked
** out of the tables.
**
** The unit of the perpetrators' profile is an inspected establishment: the
** labour inspections of the period with an outcome that says something of
** the site (forced_labour, other_violation, no_violation; not_found and
** closed are left out), grouped by establishment (else by firm and
** district), dated by the first inspection, confirmed when any found
** forced labour.  Each characteristic splits the units into categories;
** for each category the table gives the confirmed cases and the inspected
** units in it, each one's share of its column total, and the
** over-representation ratio (share among cases / share among everything
** inspected) with a 95% interval on the log scale (Katz).  Cases are a
** part of the inspected, so the interval is conservative.
**
** The victims' profile counts persons: the aggregates of the case register
** (inspection_victims: sex, age band with minors apart, nationality, the
** originating language an interpreter was needed for) summed over the
** confirmed cases and over every inspection of the period that recorded
** them.  Routes are the transport legs a leg rule flagged in the last run
** before the inspection that arrived at the inspected district or moved
** the firm's goods or people, from province to province, counted in cases.
**
** Suppression (INS_PROFILE_MIN_CELL, 5): every count from 1 to 4 is shown
** as "x", with every share and ratio computed from it, and so is a
** category whose inspected units less its cases number 1 to 4.  Within a
** characteristic whose categories add up to a published total, a column
** with exactly one hidden cell hides the next smallest as well (secondary
** suppression), so that no hidden cell is the total less the others; a
** total under the threshold hides its whole column.  Characteristics that
** are not a partition (the rules that fired: a unit may have several)
** publish no total and need only the primary rule.  Identities never enter
** the tables: categories are departments, bands, forms, codes and
** provinces.
**
** Stage: after a run, beside evaluate.c (it reads the case register, runs
** and hits); exchange.c sends its table to partner states.
*/
#include "ins_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One category of a characteristic: its counts among cases and among all. */
typedef struct pf_cell {
    char *cat;
    long cases, all;
    int hide_cases, hide_all;
} pf_cell;

/* One characteristic (a partition of the units, or a multi-valued one). */
typedef struct pf_dim {
    const char *section, *name;
    int partition;      /* the categories add up to the total (published) */
    pf_cell *c;
    size_t n, cap;
    long tot_cases, tot_all;
    int hide_tot_cases, hide_tot_all;
} pf_dim;

/* Adds WEIGHT units (confirmed or not) to category CAT of D. */
static int pf_add(pf_dim *d, const char *cat, int confirmed, long weight)
{
    if (!cat || !*cat) cat = "unknown";
    size_t i = 0;
    while (i < d->n && strcmp(d->c[i].cat, cat)) i++;
    if (i == d->n) {
        if (d->n == d->cap) {
            size_t cap = d->cap ? d->cap * 2 : 16;
            pf_cell *c = realloc(d->c, cap * sizeof *c);
            if (!c) return INS_ERR_NOMEM;
            d->c = c;
            d->cap = cap;
        }
        memset(&d->c[i], 0, sizeof d->c[i]);
        if (!(d->c[i].cat = insUStrdup(cat))) return INS_ERR_NOMEM;
        d->n++;
    }
    d->c[i].all += weight;
    d->tot_all += weight;
    if (confirmed) {
        d->c[i].cases += weight;
        d->tot_cases += weight;
    }
    return INS_OK;
}

static void pf_free(pf_dim *d)
{
    for (size_t i = 0; i < d->n; i++) free(d->c[i].cat);
    free(d->c);
    memset(d, 0, sizeof *d);
}

/* Orders categories by inspected units, most first, then by name. */
static int cell_cmp(const void *a, const void *b)
{
    const pf_cell *x = a, *y = b;
    if (x->all != y->all) return x->all > y->all ? -1 : 1;
    return strcmp(x->cat, y->cat);
}

/*
** Primary suppression of D: a count from 1 to MIN-1 is hidden, and so is
** a category whose inspected units that were not cases (inspected less
** cases, which a reader can subtract) number 1 to MIN-1: then both its
** counts are hidden.  Likewise for the totals.
*/
static void pf_suppress_primary(pf_dim *d, long min)
{
    for (size_t i = 0; i < d->n; i++) {
        pf_cell *c = &d->c[i];
        long rest = c->all - c->cases;
        int diff = rest > 0 && rest < min;
        c->hide_cases = (c->cases > 0 && c->cases < min) || diff;
        c->hide_all = (c->all > 0 && c->all < min) || diff;
    }
    long rest = d->tot_all - d->tot_cases;
    int diff = rest > 0 && rest < min;
    d->hide_tot_cases = (d->tot_cases > 0 && d->tot_cases < min) || diff;
    d->hide_tot_all = (d->tot_all > 0 && d->tot_all < min) || diff;
}

/*
** Secondary suppression of one column (CASES: the cases column, else the
** inspected one) of a partition D: a second cell whenever exactly one is
** hidden, and the whole column when its total is hidden.
*/
static void pf_suppress_column(pf_dim *d, int cases, long min)
{
    (void)min;
    int *hide_tot = cases ? &d->hide_tot_cases : &d->hide_tot_all;
    size_t hidden = 0;
    for (size_t i = 0; i < d->n; i++) hidden += (size_t)(cases ? d->c[i].hide_cases : d->c[i].hide_all);
    if (!d->partition) return;
    if (*hide_tot) {
        for (size_t i = 0; i < d->n; i++) *(cases ? &d->c[i].hide_cases : &d->c[i].hide_all) = 1;
        return;
    }
    if (hidden != 1) return;
    /* the smallest other cell, non-zero first: a hidden zero protects nothing */
    size_t best = d->n;
    for (int pass = 0; pass < 2 && best == d->n; pass++)
        for (size_t i = 0; i < d->n; i++) {
            long v = cases ? d->c[i].cases : d->c[i].all;
            int h = cases ? d->c[i].hide_cases : d->c[i].hide_all;
            if (h || (pass == 0 && v == 0)) continue;
            long bv = best < d->n ? (cases ? d->c[best].cases : d->c[best].all) : 0;
            if (best == d->n || v < bv) best = i;
        }
    if (best < d->n) *(cases ? &d->c[best].hide_cases : &d->c[best].hide_all) = 1;
    else *hide_tot = 1; /* one category only: its total is the cell */
}

/* The cell text of a count: "x" when hidden, whatever the reason, so that
** the mark says nothing of the value. */
static int set_count(ins_result *r, size_t row, size_t col, long v, int hidden)
{
    if (hidden) return insResultSet(r, row, col, "x");
    return insResultSetf(r, row, col, "%ld", v);
}

/* Column indexes of the profile table. */
enum { C_SECTION, C_DIM, C_CAT, C_CASES, C_ALL, C_SHARE_CASES, C_SHARE_ALL, C_RATIO, C_LO, C_HI, C_NOTE, C_COUNT };

/*
** Appends D's rows to R: its categories (most inspected first), then, for
** a partition, its total.  Shares and ratios from a hidden count are left
** empty.
*/
static int pf_emit(ins_result *r, pf_dim *d, long min)
{
    pf_suppress_primary(d, min);
    pf_suppress_column(d, 1, min);
    pf_suppress_column(d, 0, min);
    if (d->n) qsort(d->c, d->n, sizeof *d->c, cell_cmp);
    int rc = 0;
    for (size_t i = 0; i < d->n; i++) {
        const pf_cell *c = &d->c[i];
        long row = insResultAddRow(r);
        if (row < 0) return INS_ERR_NOMEM;
        size_t w = (size_t)row;
        rc |= insResultSet(r, w, C_SECTION, d->section);
        rc |= insResultSet(r, w, C_DIM, d->name);
        rc |= insResultSet(r, w, C_CAT, insDocText(c->cat)); /* the fixed labels below, in the document's language */
        rc |= set_count(r, w, C_CASES, c->cases, c->hide_cases);
        rc |= set_count(r, w, C_ALL, c->all, c->hide_all);
        int shown = !c->hide_cases && !c->hide_all && !d->hide_tot_cases && !d->hide_tot_all;
        if (!shown) {
            rc |= insResultSet(r, w, C_NOTE, D_("suppressed"));
            continue;
        }
        if (d->tot_cases > 0) rc |= insResultSetf(r, w, C_SHARE_CASES, "%.3f", (double)c->cases / d->tot_cases);
        if (d->tot_all > 0) rc |= insResultSetf(r, w, C_SHARE_ALL, "%.3f", (double)c->all / d->tot_all);
        if (c->cases > 0 && c->all > 0 && d->tot_cases > 0) {
            double p1 = (double)c->cases / d->tot_cases, p2 = (double)c->all / d->tot_all;
            double ratio = p1 / p2;
            double se = sqrt(1.0 / c->cases - 1.0 / d->tot_cases + 1.0 / c->all - 1.0 / d->tot_all);
            if (!(se >= 0)) se = 0;
            rc |= insResultSetf(r, w, C_RATIO, "%.2f", ratio);
            rc |= insResultSetf(r, w, C_LO, "%.2f", exp(log(ratio) - 1.96 * se));
            rc |= insResultSetf(r, w, C_HI, "%.2f", exp(log(ratio) + 1.96 * se));
        } else if (c->all > 0) {
            rc |= insResultSet(r, w, C_RATIO, "0.00");
            rc |= insResultSet(r, w, C_NOTE, D_("no confirmed case in this category"));
        }
    }
    if (d->partition && d->n) {
        long row = insResultAddRow(r);
        if (row < 0) return INS_ERR_NOMEM;
        size_t w = (size_t)row;
        rc |= insResultSet(r, w, C_SECTION, d->section);
        rc |= insResultSet(r, w, C_DIM, d->name);
        rc |= insResultSet(r, w, C_CAT, D_("total"));
        rc |= set_count(r, w, C_CASES, d->tot_cases, d->hide_tot_cases);
        rc |= set_count(r, w, C_ALL, d->tot_all, d->hide_tot_all);
    }
    return rc ? INS_ERR_NOMEM : INS_OK;
}

/* ---- the units and their characteristics ------------------------------------ */

/*
** The inspected units of the period (see the head of the file), as a
** common table expression every query of the profile starts with (the
** database is open read-only: no temporary table), with the run whose hits
** each unit had when it was chosen: the last complete run dated on or
** before its first inspection, so that no later hit leaks in.
*/
static const char q_units[] =
    "WITH pf_units0 AS MATERIALIZED (SELECT MIN(i.id) AS id, MAX(i.firm_id) AS firm_id,"
    "  MAX(i.establishment_id) AS est, COALESCE(MAX(i.ubigeo), MAX(e.ubigeo)) AS ubigeo, MIN(i.date) AS date,"
    "  MAX(i.outcome = 'forced_labour') AS confirmed"
    " FROM inspections i LEFT JOIN establishments e ON e.id = i.establishment_id"
    " WHERE i.regulator = 'labour' AND i.outcome IN ('forced_labour', 'other_violation', 'no_violation')"
    "  AND (?1 IS NULL OR i.date >= ?1) AND (?2 IS NULL OR i.date <= ?2)"
    " GROUP BY COALESCE('e' || i.establishment_id, 'f' || i.firm_id || '@' || COALESCE(i.ubigeo, ''),"
    "  'i' || i.id)),"
    " pf_units AS MATERIALIZED (SELECT u.*, (SELECT r.id FROM runs r WHERE r.status = 'complete'"
    "  AND r.as_of <= u.date ORDER BY r.as_of DESC, r.id DESC LIMIT 1) AS run_id FROM pf_units0 u) ";

/* The fixed category labels the queries below write, for the catalogue
** (pf_emit puts them in the document's language; a department, a sector
** or a rule keeps its own name). */
static const char *const fixed_labels[] __attribute__((unused)) = {
    DN_("unknown"), DN_("a: under 1 year"), DN_("b: 1 to 3 years"), DN_("c: 3 to 10 years"),
    DN_("d: 10 years or more"), DN_("a: 1 to 10 workers (payroll)"), DN_("b: 11 to 50 workers (payroll)"),
    DN_("c: 51 to 200 workers (payroll)"), DN_("d: over 200 workers (payroll)"),
    DN_("e: 1 establishment (no payroll)"), DN_("f: 2 to 5 establishments (no payroll)"),
    DN_("g: over 5 establishments (no payroll)"), DN_("natural person (RUC 10)"), DN_("cooperative"),
    DN_("other or not stated"), DN_("third-party carriers"), DN_("own transport only"),
    DN_("no transport documents"), DN_("no scoring run before"), DN_("a: none"), DN_("b: 1 rule"),
    DN_("c: 2 or 3 rules"), DN_("d: 4 rules or more"), DN_("female"), DN_("male"), DN_("under_14"),
    DN_("14_17"), DN_("18_29"), DN_("30_49"), DN_("50_plus"), DN_("unspecified"),
};

/* Each partition characteristic: the category of every unit, in SQL. */
static const struct {
    const char *name;
    const char *sql; /* rows: confirmed, category */
} partitions[] = {
    {DN_("department"),
     "SELECT u.confirmed, COALESCE((SELECT department FROM ubigeo WHERE code = substr(u.ubigeo, 1, 2) || '0000'),"
     " 'unknown') FROM pf_units u"},
    {DN_("sector"),
     /* the establishment's sector, else the HS chapter of what the firm sells most often */
     "SELECT u.confirmed, COALESCE((SELECT sector FROM establishments WHERE id = u.est AND sector <> ''),"
     " (SELECT 'HS ' || substr(t.hs6, 1, 2) || ' ' || COALESCE((SELECT description FROM hs_codes"
     "   WHERE code = substr(t.hs6, 1, 2)), '') FROM trade_lines t"
     "   WHERE t.seller_firm_id = u.firm_id AND t.hs6 IS NOT NULL AND t.date <= u.date"
     "   GROUP BY substr(t.hs6, 1, 2) ORDER BY COUNT(*) DESC, substr(t.hs6, 1, 2) LIMIT 1), 'unknown')"
     " FROM pf_units u"},
    {DN_("firm age at inspection"),
     "SELECT u.confirmed, CASE WHEN f.first IS NULL THEN 'unknown'"
     " WHEN julianday(u.date) - julianday(f.first) < 365 THEN 'a: under 1 year'"
     " WHEN julianday(u.date) - julianday(f.first) < 3 * 365 THEN 'b: 1 to 3 years'"
     " WHEN julianday(u.date) - julianday(f.first) < 10 * 365 THEN 'c: 3 to 10 years'"
     " ELSE 'd: 10 years or more' END"
     " FROM pf_units u LEFT JOIN (SELECT firm, MIN(date) AS first FROM ("
     "   SELECT t.seller_firm_id AS firm, t.date AS date FROM trade_lines t"
     "    WHERE t.seller_firm_id IN (SELECT firm_id FROM pf_units)"
     "   UNION ALL SELECT t.buyer_firm_id, t.date FROM trade_lines t"
     "    WHERE t.buyer_firm_id IN (SELECT firm_id FROM pf_units)"
     "   UNION ALL SELECT l.shipper_firm_id, l.start_date FROM transport_legs l"
     "    WHERE l.shipper_firm_id IN (SELECT firm_id FROM pf_units)"
     "   UNION ALL SELECT p.firm_id, p.period FROM payroll_months p"
     "    WHERE p.firm_id IN (SELECT firm_id FROM pf_units))"
     "  WHERE date IS NOT NULL GROUP BY firm) f ON f.firm = u.firm_id"},
    {DN_("size"),
     /* payroll headcount in the year before, else the establishments known */
     "SELECT u.confirmed, CASE"
     " WHEN p.workers IS NOT NULL THEN CASE WHEN p.workers <= 10 THEN 'a: 1 to 10 workers (payroll)'"
     "  WHEN p.workers <= 50 THEN 'b: 11 to 50 workers (payroll)'"
     "  WHEN p.workers <= 200 THEN 'c: 51 to 200 workers (payroll)' ELSE 'd: over 200 workers (payroll)' END"
     " WHEN u.firm_id IS NULL THEN 'unknown'"
     " WHEN (SELECT COUNT(*) FROM establishments e WHERE e.firm_id = u.firm_id) <= 1"
     "  THEN 'e: 1 establishment (no payroll)'"
     " WHEN (SELECT COUNT(*) FROM establishments e WHERE e.firm_id = u.firm_id) <= 5"
     "  THEN 'f: 2 to 5 establishments (no payroll)'"
     " ELSE 'g: over 5 establishments (no payroll)' END"
     " FROM pf_units u LEFT JOIN (SELECT u2.id AS uid, MAX(m.workers) AS workers FROM pf_units u2"
     "  JOIN payroll_months m ON m.firm_id = u2.firm_id AND m.period <= u2.date"
     "  AND m.period >= date(u2.date, '-12 months') GROUP BY u2.id) p ON p.uid = u.id"},
    {DN_("legal form"),
     "SELECT u.confirmed, CASE WHEN f.id IS NULL THEN 'unknown'"
     " WHEN f.scheme = 'PE-RUC' AND f.tax_id LIKE '10%' THEN 'natural person (RUC 10)'"
     " WHEN ' ' || replace(upper(f.name), '.', '') || ' ' LIKE '% EIRL %' THEN 'E.I.R.L.'"
     " WHEN ' ' || replace(upper(f.name), '.', '') || ' ' LIKE '% SAC %' THEN 'S.A.C.'"
     " WHEN ' ' || replace(upper(f.name), '.', '') || ' ' LIKE '% SAA %' THEN 'S.A.A.'"
     " WHEN ' ' || replace(upper(f.name), '.', '') || ' ' LIKE '% SRL %' THEN 'S.R.L.'"
     " WHEN ' ' || replace(upper(f.name), '.', '') || ' ' LIKE '% SA %' THEN 'S.A.'"
     " WHEN upper(f.name) LIKE '%COOPERATIVA%' THEN 'cooperative'"
     " ELSE 'other or not stated' END"
     " FROM pf_units u LEFT JOIN firms f ON f.id = u.firm_id"},
    /* one pass over the legs of the inspected firms, at either end (an OR
     * per unit would scan every leg for each: recipients have no index) */
    {DN_("carriers used"),
     "SELECT u.confirmed, CASE WHEN c.third THEN 'third-party carriers' WHEN c.firm IS NOT NULL"
     " THEN 'own transport only' ELSE 'no transport documents' END"
     " FROM pf_units u LEFT JOIN (SELECT firm, MAX(carrier IS NOT NULL AND carrier <> firm) AS third FROM"
     "  (SELECT shipper_firm_id AS firm, carrier_firm_id AS carrier FROM transport_legs"
     "   UNION ALL SELECT recipient_firm_id, carrier_firm_id FROM transport_legs)"
     "  WHERE firm IN (SELECT firm_id FROM pf_units) GROUP BY firm) c ON c.firm = u.firm_id"},
    {DN_("rules fired before inspection"),
     "SELECT u.confirmed, CASE WHEN u.run_id IS NULL THEN 'no scoring run before'"
     " WHEN n.k IS NULL THEN 'a: none' WHEN n.k = 1 THEN 'b: 1 rule'"
     " WHEN n.k <= 3 THEN 'c: 2 or 3 rules' ELSE 'd: 4 rules or more' END"
     " FROM pf_units u LEFT JOIN (SELECT u2.id AS uid, COUNT(DISTINCT h.rule_id) AS k FROM pf_units u2"
     "  JOIN hits h ON h.run_id = u2.run_id AND ((h.subject_type = 'firm' AND h.subject_id = u2.firm_id)"
     "   OR (h.subject_type = 'establishment' AND h.subject_id IN"
     "    (SELECT id FROM establishments WHERE firm_id = u2.firm_id)))"
     "  GROUP BY u2.id) n ON n.uid = u.id"},
};

/* Multi-valued: each rule that fired on the unit's firm or establishments
** in the last run before the inspection. */
static const char q_rules[] =
    "SELECT u.confirmed, h.rule_id || ' ' || COALESCE(rr.title, '') FROM pf_units u"
    " JOIN (SELECT DISTINCT h.run_id, h.rule_id, CASE h.subject_type WHEN 'firm' THEN h.subject_id"
    "   ELSE (SELECT firm_id FROM establishments WHERE id = h.subject_id) END AS firm"
    "  FROM hits h WHERE h.subject_type IN ('firm', 'establishment')"
    "   AND h.run_id IN (SELECT run_id FROM pf_units)) h ON h.run_id = u.run_id AND h.firm = u.firm_id"
    " LEFT JOIN run_rules rr ON rr.run_id = h.run_id AND rr.rule_id = h.rule_id"
    " GROUP BY u.id, h.rule_id";

/* Victims: persons by characteristic, over the period's inspections. */
static const char q_victims[] =
    "SELECT v.dimension, v.category, i.outcome = 'forced_labour', SUM(v.count) FROM inspection_victims v"
    " JOIN inspections i ON i.id = v.inspection_id"
    " WHERE i.regulator = 'labour' AND i.outcome IN ('forced_labour', 'other_violation', 'no_violation')"
    "  AND (?1 IS NULL OR i.date >= ?1) AND (?2 IS NULL OR i.date <= ?2)"
    " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

/* Routes: legs flagged by leg rules in the unit's run, toward the unit. */
static const char q_routes[] =
    "SELECT u.confirmed,"
    " COALESCE((SELECT COALESCE(province, department) FROM ubigeo WHERE code = substr(l.origin_ubigeo, 1, 4) || '00'),"
    "  'unknown') || ' -> ' ||"
    " COALESCE((SELECT COALESCE(province, department) FROM ubigeo WHERE code = substr(l.dest_ubigeo, 1, 4) || '00'),"
    "  'unknown')"
    " FROM pf_units u JOIN hits h ON h.run_id = u.run_id AND h.subject_type = 'leg'"
    " JOIN transport_legs l ON l.id = h.subject_id"
    "  AND (l.dest_ubigeo = u.ubigeo OR l.shipper_firm_id = u.firm_id OR l.recipient_firm_id = u.firm_id)"
    " GROUP BY u.id, 2";

/* Runs q_units followed by SQL, over O's period, and adds each row's
** (confirmed, category) to D. */
static int pf_fill(ins_db *db, const ins_profile_opts *o, const char *sql, pf_dim *d, char **errmsg)
{
    sqlite3_stmt *s = NULL;
    ins_buf q;
    insBufInit(&q);
    insBufAppendStr(&q, q_units);
    insBufAppendStr(&q, sql);
    if (q.oom) return insErrSet(errmsg, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    int prc = sqlite3_prepare_v2(db->h, insBufStr(&q), -1, &s, NULL);
    insBufFree(&q);
    if (prc != SQLITE_OK) return insErrSet(errmsg, INS_ERR_DB, "%s", sqlite3_errmsg(db->h));
    insDbBindText(s, 1, o->from);
    insDbBindText(s, 2, o->to);
    int rc = INS_OK, step;
    while (rc == INS_OK && (step = sqlite3_step(s)) == SQLITE_ROW)
        rc = pf_add(d, (const char *)sqlite3_column_text(s, 1), sqlite3_column_int(s, 0), 1);
    if (rc == INS_OK && step != SQLITE_DONE) rc = insErrSet(errmsg, INS_ERR_DB, "%s", sqlite3_errmsg(db->h));
    sqlite3_finalize(s);
    return rc;
}

/* The victims' characteristics, one pf_dim per dimension, emitted in turn. */
static int pf_victims(ins_db *db, const ins_profile_opts *o, ins_result *r, long min, char **errmsg)
{
    static const char *const dims[] = {"sex", "age", "nationality", "interpreter"};
    static const char *const names[] = {DN_("sex"), DN_("age band"), DN_("nationality"),
                                        DN_("interpreter of an originating language")};
    pf_dim d[4];
    memset(d, 0, sizeof d);
    for (size_t k = 0; k < 4; k++) {
        d[k].section = D_("victims (persons)");
        d[k].name = insDocText(names[k]);
        d[k].partition = k < 3; /* an interpreter is needed for some, not all */
    }
    sqlite3_stmt *s = NULL;
    int rc = INS_OK, step;
    if (sqlite3_prepare_v2(db->h, q_victims, -1, &s, NULL) != SQLITE_OK) return insErrSet(errmsg, INS_ERR_DB, "%s", sqlite3_errmsg(db->h));
    insDbBindText(s, 1, o->from);
    insDbBindText(s, 2, o->to);
    while (rc == INS_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *dim = (const char *)sqlite3_column_text(s, 0);
        for (size_t k = 0; k < 4; k++)
            if (dim && !strcmp(dim, dims[k]))
                rc = pf_add(&d[k], (const char *)sqlite3_column_text(s, 1), sqlite3_column_int(s, 2),
                            (long)sqlite3_column_int64(s, 3));
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = insErrSet(errmsg, INS_ERR_DB, "%s", sqlite3_errmsg(db->h));
    sqlite3_finalize(s);
    for (size_t k = 0; k < 4; k++) {
        if (rc == INS_OK) rc = pf_emit(r, &d[k], min);
        pf_free(&d[k]);
    }
    return rc;
}

/* See inspector.h. */
int ins_profile(ins_db *db, const ins_profile_opts *o, ins_result **out, char **errmsg)
{
    static const char *const cols[C_COUNT] = {"section", "characteristic", "category", "cases", "inspected",
                                              "case_share", "inspected_share", "ratio", "ratio_low",
                                              "ratio_high", "note"};
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    long min = o && o->min_cell > 0 ? o->min_cell : INS_PROFILE_MIN_CELL;
    if (min < INS_PROFILE_MIN_CELL) min = INS_PROFILE_MIN_CELL;
    ins_profile_opts none;
    memset(&none, 0, sizeof none);
    if (!o) o = &none;
    ins_buf note;
    insBufInit(&note);
    insBufPrintf(&note,
                 D_("Confirmed forced-labour cases against every inspected establishment, %s to %s. x: hidden, a "
                   "count from 1 to %ld (also inspected less cases), or a second cell that would let it be "
                   "recovered from the total. Ratio: share among cases / share among the inspected, with a 95%% "
                   "interval. An aggregate for joint analysis, never a finding about a firm."),
                 o->from ? o->from : "...", o->to ? o->to : "...", min - 1);
    ins_result *r = note.oom ? NULL : insResultNew(D_("Case profiles"), insBufStr(&note), cols, C_COUNT);
    insBufFree(&note);
    if (!r) return insErrSet(errmsg, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    int rc = INS_OK;
    {
        pf_dim n = {.partition = 1};
        rc = pf_fill(db, o, "SELECT confirmed, 'all' FROM pf_units", &n, errmsg);
        if (rc == INS_OK && n.tot_all == 0)
            rc = insErrSet(errmsg, INS_ERR_NOTFOUND,
                           _("no labour inspection with a finding (forced_labour, other_violation, no_violation) "
                             "is recorded in the period"));
        pf_free(&n);
    }
    for (size_t k = 0; rc == INS_OK && k < INS_ARRAY_LEN(partitions); k++) {
        pf_dim d = {.section = D_("perpetrators (establishments)"), .name = insDocText(partitions[k].name), .partition = 1};
        rc = pf_fill(db, o, partitions[k].sql, &d, errmsg);
        if (rc == INS_OK) rc = pf_emit(r, &d, min);
        pf_free(&d);
    }
    if (rc == INS_OK) {
        pf_dim d = {.section = D_("perpetrators (establishments)"), .name = D_("rule fired before inspection")};
        rc = pf_fill(db, o, q_rules, &d, errmsg);
        if (rc == INS_OK) rc = pf_emit(r, &d, min);
        pf_free(&d);
    }
    if (rc == INS_OK) rc = pf_victims(db, o, r, min, errmsg);
    if (rc == INS_OK) {
        pf_dim d = {.section = D_("routes (establishments)"), .name = D_("flagged legs, province to province")};
        rc = pf_fill(db, o, q_routes, &d, errmsg);
        if (rc == INS_OK) rc = pf_emit(r, &d, min);
        pf_free(&d);
    }
    if (rc != INS_OK) {
        if (rc == INS_ERR_NOMEM && errmsg && !*errmsg) insErrSet(errmsg, rc, "%s", ins_strerror(rc));
        ins_result_free(r);
        return rc;
    }
    r->layout = INS_LAYOUT_FITTED;
    *out = r;
    return INS_OK;
}
