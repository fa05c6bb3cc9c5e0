/*
** rule_data.c: loads what rules look at, once per run, into memory.
**
** For a subject type the loader runs one query for the subjects and one
** per relation (all rows at once, ordered by owner), and builds each
** relation as a CSR index (offsets per subject into a row array).  The
** evaluator then walks arrays: the cost of a run grows linearly with the
** data, with no query per subject or per rule.
**
** Column order in every query follows the field order of rule_schema.c:
** first id, document id and (subjects) display key or (relations) owner
** id, then one column per non-relation field.  Some fields are computed
** here: distances between districts, a vehicle's fastest move, the ILAB
** classification of a trade line.
*/
#include "rule.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
** Frees frame F: the subject table, the related tables it owns, the
** relation indexes and the display keys.  NULL is fine.
*/
void insFrameFree(ins_frame *f)
{
    if (!f) return;
    if (f->rels) {
        for (int i = 0; i < f->rt->nfields; i++) {
            free(f->rels[i].off);
            free(f->rels[i].rows);
        }
        free(f->rels);
    }
    for (size_t i = 0; i < f->nowned; i++) insTableFree(f->owned[i]);
    free(f->owned);
    insTableFree(f->subj);
    if (f->keys) for (size_t i = 0; f->subj_n_for_keys && i < f->subj_n_for_keys; i++) free(f->keys[i]);
    free(f->keys);
    free(f);
}

/*
** Makes frame F the owner of related table T (freed with F).  0 when out
** of memory (T is then still the caller's).
*/
static int own(ins_frame *f, ins_table *t)
{
    ins_table **v = insUGrow(f->owned, &f->capowned, f->nowned + 1, sizeof *v);
    if (!v) return 0;
    f->owned = v;
    f->owned[f->nowned++] = t;
    return 1;
}

/* ---- loading ---------------------------------------------------------------- */

/*
** Makes room for row t->n of a table being loaded: every column, the
** document and id arrays and the four aux coordinates per row grow
** together through insUGrow.  They share the capacity *CAP: each grows
** from the same capacity to the same need, so they stay equal; after a
** failure *CAP keeps the smallest, which is safe.  0 when out of memory.
*/
static int reserve_row(ins_table *t, size_t *cap)
{
    size_t need = t->n + 1, c = *cap;
    if (need <= c) return 1; /* every array has room: the common case */
    for (int i = 0; i < t->rt->nfields; i++) {
        if (!t->cols[i]) continue;
        c = *cap;
        void *v = insUGrow(t->cols[i], &c, need, insColBytes(t->rt->fields[i].type));
        if (!v) return 0;
        t->cols[i] = v;
    }
    c = *cap;
    int64_t *d = insUGrow(t->doc, &c, need, sizeof *d);
    if (!d) return 0;
    t->doc = d;
    c = *cap;
    int64_t *ids = insUGrow(t->ids, &c, need, sizeof *ids);
    if (!ids) return 0;
    t->ids = ids;
    if (t->aux) {
        c = *cap;
        double *a = insUGrow(t->aux, &c, need, 4 * sizeof *a);
        if (!a) return 0;
        t->aux = a;
    }
    *cap = c;
    return 1;
}

/*
** Stores column COL of the current result row of ST as the value of field
** FI in ROW of T, converted to the field's type: text is copied into the
** table, dates become day numbers (an invalid date is missing), NULL stays
** missing.
*/
static void put(ins_table *t, size_t row, int fi, sqlite3_stmt *st, int col)
{
    ins_val v;
    memset(&v, 0, sizeof v);
    if (sqlite3_column_type(st, col) != SQLITE_NULL) {
        switch (t->rt->fields[fi].type) {
        case VT_STR: {
            const char *s = (const char *)sqlite3_column_text(st, col);
            int n = sqlite3_column_bytes(st, col);
            const char *k = s ? insTableStr(t, s, (size_t)n) : NULL;
            if (k) { v.t = VT_STR; v.u.s = k; }
            break;
        }
        case VT_NUM:
            v.t = VT_NUM;
            v.u.n = sqlite3_column_double(st, col);
            break;
        case VT_BOOL:
            v.t = VT_BOOL;
            v.u.b = sqlite3_column_int(st, col) != 0;
            break;
        case VT_DATE: {
            const char *s = (const char *)sqlite3_column_text(st, col);
            int32_t d;
            if (s && insDateParse(s, strlen(s), &d)) { v.t = VT_DATE; v.u.d = d; }
            break;
        }
        default: break;
        }
    }
    insTableSet(t, fi, row, v);
}

/*
** Runs SQL (its ?1, if any, bound to AS_OF, or 9999-12-31 without one)
** and loads its rows into a new table of type RT, *OUT.  Columns: id,
** document id, then key (subjects: text, into *KEYS) or owner
** (relations: integer, into *OWNERS), then the non-relation fields in
** schema order, then, when NAUX is not 0, four aux columns (origin
** latitude and longitude, destination latitude and longitude), then
** NEXTRA integer columns into *EXTRA (NEXTRA per row: the ids the
** directory fills from, see fill_lines).  Only the fields whose bit is
** set in COLS are kept (the query still selects them all).  Returns
** INS_OK, INS_ERR_DB with the message in *ERR, or INS_ERR_NOMEM.
*/
static int load_rows(ins_db *db, const ins_rtype *rt, const char *sql, int is_subject, uint64_t cols,
                     ins_table **out, int64_t **owners, char ***keys, int naux, int nextra,
                     int64_t **extra, const char *as_of, char **err)
{
    sqlite3_stmt *st = NULL;
    *out = NULL;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
        if (err) *err = insUStrdup(sqlite3_errmsg(db->h));
        return INS_ERR_DB;
    }
    if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_text(st, 1, as_of ? as_of : "9999-12-31", -1, SQLITE_TRANSIENT);
    ins_table *t = insTableNewCols(rt, 0, cols);
    if (!t) { sqlite3_finalize(st); return INS_ERR_NOMEM; }
    if (naux) {
        t->aux = calloc(4, sizeof *t->aux);
        if (!t->aux) { insTableFree(t); sqlite3_finalize(st); return INS_ERR_NOMEM; }
    }
    size_t caprows = 0, capo = 0, capx = 0;
    int64_t *own_ids = NULL, *xv = NULL;
    char **kv = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!reserve_row(t, &caprows)) goto nomem;
        size_t row = t->n;
        if (is_subject) {
            char **k = insUGrow(kv, &capo, row + 1, sizeof *k);
            if (!k) goto nomem;
            kv = k;
        } else {
            int64_t *o = insUGrow(own_ids, &capo, row + 1, sizeof *o);
            if (!o) goto nomem;
            own_ids = o;
        }
        t->ids[row] = sqlite3_column_int64(st, 0);
        t->doc[row] = sqlite3_column_int64(st, 1);
        if (is_subject) {
            const char *k = (const char *)sqlite3_column_text(st, 2);
            kv[row] = insUStrdup(k ? k : "?");
        } else {
            own_ids[row] = sqlite3_column_int64(st, 2);
        }
        int col = 3;
        for (int i = 0; i < rt->nfields; i++) {
            if (rt->fields[i].type == VT_REL) continue;
            if (t->cols[i]) put(t, row, i, st, col);
            col++;
        }
        if (naux) {
            for (int k = 0; k < 4; k++)
                t->aux[row * 4 + (size_t)k] =
                    sqlite3_column_type(st, col + k) == SQLITE_NULL ? NAN : sqlite3_column_double(st, col + k);
            col += 4;
        }
        if (nextra) {
            int64_t *x = insUGrow(xv, &capx, (row + 1) * (size_t)nextra, sizeof *x);
            if (!x) goto nomem;
            xv = x;
            for (int k = 0; k < nextra; k++) xv[row * (size_t)nextra + (size_t)k] = sqlite3_column_int64(st, col + k);
        }
        t->n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        if (err) *err = insUStrdup(sqlite3_errmsg(db->h));
        insTableFree(t);
        free(own_ids);
        free(xv);
        if (kv) for (size_t i = 0; i < t->n; i++) free(kv[i]);
        free(kv);
        return INS_ERR_DB;
    }
    *out = t;
    if (owners) *owners = own_ids; else free(own_ids);
    if (keys) *keys = kv; else free(kv);
    if (extra) *extra = xv; else free(xv);
    return INS_OK;
nomem:
    sqlite3_finalize(st);
    if (kv) for (size_t i = 0; i < t->n; i++) free(kv[i]);
    free(kv);
    free(own_ids);
    free(xv);
    insTableFree(t);
    return INS_ERR_NOMEM;
}

/*
** Builds the CSR index of relation FI over rows of T in any order: each
** row goes to the subject whose id is its owner (binary search; subject
** ids are ascending), keeping the rows' order within a subject (a counting
** sort, stable).  Rows of owners that are not subjects are left out.
*/
static int build_csr_any(ins_frame *f, int fi, ins_table *t, const int64_t *owners)
{
    size_t ns = f->subj->n;
    ins_relidx *ri = &f->rels[fi];
    ri->t = t;
    ri->off = calloc(ns + 1, sizeof *ri->off);
    ri->rows = calloc(t->n ? t->n : 1, sizeof *ri->rows);
    uint32_t *at = malloc((t->n ? t->n : 1) * sizeof *at); /* subject of each row, or ns */
    if (!ri->off || !ri->rows || !at) { free(at); return INS_ERR_NOMEM; }
    const int64_t *ids = f->subj->ids;
    for (size_t r = 0; r < t->n; r++) {
        size_t lo = 0, hi = ns;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (ids[mid] < owners[r]) lo = mid + 1; else hi = mid;
        }
        at[r] = (uint32_t)(lo < ns && ids[lo] == owners[r] ? lo : ns);
        if (at[r] < ns) ri->off[at[r] + 1]++;
    }
    for (size_t s = 0; s < ns; s++) ri->off[s + 1] += ri->off[s];
    uint32_t *next = malloc((ns ? ns : 1) * sizeof *next);
    if (!next) { free(at); return INS_ERR_NOMEM; }
    memcpy(next, ri->off, ns * sizeof *next);
    for (size_t r = 0; r < t->n; r++)
        if (at[r] < ns) ri->rows[next[at[r]]++] = (uint32_t)r;
    free(next);
    free(at);
    return INS_OK;
}

/* Builds the CSR index of a relation: owners are sorted ascending, subject
** ids are sorted ascending; rows of owners that are not subjects are left
** out. */
static int build_csr(ins_frame *f, int fi, ins_table *t, const int64_t *owners)
{
    size_t ns = f->subj->n;
    ins_relidx *ri = &f->rels[fi];
    ri->t = t;
    ri->off = calloc(ns + 1, sizeof *ri->off);
    ri->rows = calloc(t->n ? t->n : 1, sizeof *ri->rows);
    if (!ri->off || !ri->rows) return INS_ERR_NOMEM;
    size_t r = 0, k = 0;
    for (size_t s = 0; s < ns; s++) {
        int64_t sid = f->subj->ids[s];
        while (r < t->n && owners[r] < sid) r++;
        ri->off[s] = (uint32_t)k;
        while (r < t->n && owners[r] == sid) ri->rows[k++] = (uint32_t)r++;
    }
    ri->off[ns] = (uint32_t)k;
    return INS_OK;
}


/* ---- the queries ----------------------------------------------------------- */

/*
** A trade line's own columns.  The columns that name its seller, buyer and
** document, and its ILAB good, are NULL here and filled from the
** directory (rule_dir.c, fill_lines); the seller's and the buyer's ids
** come last for that.
*/
#define TRADE_LINE_COLS(owner) \
    "SELECT t.id, t.document_id, " owner ", t.date, t.hs6, t.tariff_code, t.description," \
    " t.quantity, t.unit, t.amount * t.sign, t.currency, NULL, NULL, NULL, NULL," \
    " NULL, NULL, NULL, t.dam_number, NULL," \
    " NULL, NULL, NULL, NULL, t.seller_firm_id, t.buyer_firm_id FROM trade_lines t "

/* A supply edge's columns; the firms' are filled like a trade line's (fill_edges). */
#define EDGE_COLS(owner) \
    "SELECT e.id, 0, " owner ", NULL, NULL, NULL, NULL, e.product, e.amount," \
    " e.share, e.documents, e.first_date, e.last_date, e.supplier_firm_id, e.buyer_firm_id" \
    " FROM supply_edges e "

#define LEG_COLS(owner) \
    "SELECT l.id, l.document_id, " owner ", l.start_date, l.motivo, l.mode, l.origin_ubigeo," \
    " l.dest_ubigeo, l.origin_address, l.dest_address, NULL, l.gross_weight, l.weight_unit," \
    " l.description, sh.tax_id, rc.tax_id, ca.tax_id, l.carrier_mtc," \
    " (SELECT MIN(v.plate) FROM leg_vehicles v WHERE v.leg_id = l.id AND v.role IS NOT 'equipment')," \
    " (SELECT COUNT(*) FROM leg_vehicles v WHERE v.leg_id = l.id AND v.role IS NOT 'equipment')," \
    " (SELECT COUNT(*) FROM leg_drivers x WHERE x.leg_id = l.id)," \
    " EXISTS(SELECT 1 FROM leg_documents x WHERE x.leg_id = l.id AND x.doc_type = '73')," \
    " EXISTS(SELECT 1 FROM leg_documents x WHERE x.leg_id = l.id AND ((x.catalogue = '61' AND" \
    "   x.doc_type = '50') OR (x.catalogue = '21' AND x.doc_type = '01')))," \
    " d.type_code, uo.latitude, uo.longitude, ud.latitude, ud.longitude" \
    " FROM transport_legs l JOIN documents d ON d.id = l.document_id" \
    " LEFT JOIN firms sh ON sh.id = l.shipper_firm_id LEFT JOIN firms rc ON rc.id = l.recipient_firm_id" \
    " LEFT JOIN firms ca ON ca.id = l.carrier_firm_id" \
    " LEFT JOIN ubigeo uo ON uo.code = l.origin_ubigeo LEFT JOIN ubigeo ud ON ud.code = l.dest_ubigeo "

#define VEH_CTE \
    "WITH veh AS (SELECT plate, ROW_NUMBER() OVER (ORDER BY plate) AS vid FROM" \
    " (SELECT DISTINCT plate FROM leg_vehicles WHERE role IS NOT 'equipment')) "

/* ?1 is the evaluation date: a listing counts only inside its period. */
#define LISTING_COLS \
    "SELECT l.id, COALESCE(l.document_id, 0), k.subject_id, l.list_name, l.dataset, l.reason," \
    " l.listed_from, COALESCE(l.listed_until, l.delisted_at)," \
    " (COALESCE(l.listed_from, '0000') <= ?1 AND COALESCE(l.listed_until, '9999') >= ?1" \
    "  AND COALESCE(l.delisted_at, '9999') > ?1)," \
    " k.matched_by, k.score FROM listing_links k JOIN listings l ON l.id = k.listing_id "

#define PAYROLL_COLS \
    "SELECT 0, COALESCE((SELECT MIN(w.document_id) FROM payroll_workers w WHERE w.firm_id = p.firm_id" \
    "  AND w.period = p.period), 0), p.firm_id, p.period, p.workers, p.migrant_share, p.avg_weekly_hours," \
    " p.max_weekly_hours, p.workers_over_48h, p.overtime_hours, p.overtime_paid, p.min_wage," \
    " p.workers_below_min_wage, p.zero_pay_workers, p.deduction_share, p.rest_day_work" \
    " FROM payroll_months p "

#define INSPECTION_COLS(owner) \
    "SELECT i.id, COALESCE(i.document_id, 0), " owner ", i.date, i.regulator, i.outcome, i.infractions," \
    " i.workers_affected, i.minors FROM inspections i "

#define DECL_ITEM_ILAB \
    "WITH il AS (SELECT i.id AS iid, MIN(g.good) AS good, MAX(x.forced_labor) AS fl," \
    "  MAX(x.child_labor OR x.forced_child_labor) AS cl, MAX(g.stage = 'primary') AS prim" \
    " FROM declaration_items i" \
    " CROSS JOIN good_hs_map g ON g.hs_prefix IN (substr(i.hs6, 1, 2), substr(i.hs6, 1, 4), i.hs6)" \
    " CROSS JOIN ilab_goods x ON x.good = g.good AND x.country_code = i.origin_country" \
    " WHERE i.hs6 IS NOT NULL GROUP BY i.id) "

#define DECL_ITEM_COLS \
    "SELECT i.id, d.document_id, i.declaration_id, i.hs6, i.origin_country, i.description, i.value," \
    " i.net_mass, il.good, COALESCE(il.fl, 0), COALESCE(il.cl, 0), COALESCE(il.prim, 0)," \
    " i.origin_ubigeo, i.quantity, i.unit" \
    " FROM declaration_items i JOIN declarations d ON d.id = i.declaration_id" \
    " LEFT JOIN il ON il.iid = i.id "

/*
** What a declaration links to, set-wise (a pass per table, grouped by
** declaration; never a query per declaration):
**   cit   documents citing its number (declaration_documents);
**   dl    transport legs sharing a plate with its exit vehicles;
**   gl    legs of guías that cite its number, with their origin province
**         (glc: how many, and the provinces), and mis: its series whose
**         declared origin district lies in none of those provinces;
**   em/pm an exporter's exported net mass (its DAMs) and purchased mass
**         (trade lines in KGM, TNE or GRM) by HS4 heading and month; vs
**         sums them over the twelve months to the declaration's month, for
**         the headings it declares.
** The CTEs used in joins are materialised once each.
*/
#define DECL_LINKS \
    "WITH cit AS MATERIALIZED (SELECT declaration_id AS did, COUNT(DISTINCT document_id) AS n" \
    "  FROM declaration_documents GROUP BY declaration_id)," \
    " dl AS MATERIALIZED (SELECT declaration_id AS did, COUNT(DISTINCT leg_id) AS n FROM declaration_legs" \
    "  GROUP BY declaration_id)," \
    " gl AS MATERIALIZED (SELECT DISTINCT d.id AS did, l.id AS lid, substr(l.origin_ubigeo, 1, 4) AS prov" \
    "  FROM declarations d JOIN leg_documents x ON x.ref_id = d.reference JOIN transport_legs l ON l.id = x.leg_id" \
    "  WHERE d.reference IS NOT NULL)," \
    " glc AS MATERIALIZED (SELECT did, COUNT(DISTINCT lid) AS n, group_concat(DISTINCT prov) AS provs" \
    "  FROM gl GROUP BY did)," \
    " mis AS MATERIALIZED (SELECT i.declaration_id AS did, COUNT(*) AS n FROM declaration_items i" \
    "  WHERE i.origin_ubigeo IS NOT NULL AND i.declaration_id IN (SELECT did FROM glc)" \
    "  AND NOT EXISTS(SELECT 1 FROM gl WHERE gl.did = i.declaration_id AND gl.prov = substr(i.origin_ubigeo, 1, 4))" \
    "  GROUP BY i.declaration_id)," \
    " dk AS MATERIALIZED (SELECT DISTINCT i.declaration_id AS did, substr(i.hs6, 1, 4) AS hs4," \
    "  d.exporter_firm_id AS fid, substr(d.issue_date, 1, 7) AS ym," \
    "  strftime('%Y-%m', d.issue_date, 'start of month', '-11 months') AS ym0" \
    "  FROM declaration_items i JOIN declarations d ON d.id = i.declaration_id" \
    "  WHERE d.direction = 'EX' AND d.exporter_firm_id IS NOT NULL AND d.issue_date IS NOT NULL" \
    "  AND i.hs6 IS NOT NULL)," \
    " em AS MATERIALIZED (SELECT d.exporter_firm_id AS fid, substr(i.hs6, 1, 4) AS hs4," \
    "  substr(d.issue_date, 1, 7) AS ym, SUM(i.net_mass) AS kg" \
    "  FROM declaration_items i JOIN declarations d ON d.id = i.declaration_id" \
    "  WHERE d.direction = 'EX' AND d.exporter_firm_id IS NOT NULL AND d.issue_date IS NOT NULL" \
    "  AND i.hs6 IS NOT NULL GROUP BY 1, 2, 3)," \
    " pm AS MATERIALIZED (SELECT t.buyer_firm_id AS fid, substr(t.hs6, 1, 4) AS hs4," \
    "  substr(doc.issue_date, 1, 7) AS ym, SUM(t.sign * t.quantity * CASE t.unit WHEN 'KGM' THEN 1.0" \
    "  WHEN 'TNE' THEN 1000.0 WHEN 'GRM' THEN 0.001 END) AS kg" \
    "  FROM trade_lines t JOIN documents doc ON doc.id = t.document_id" \
    "  WHERE t.buyer_firm_id IN (SELECT exporter_firm_id FROM declarations WHERE direction = 'EX')" \
    "  AND t.hs6 IS NOT NULL AND t.unit IN ('KGM', 'TNE', 'GRM') AND t.quantity > 0" \
    "  AND doc.issue_date IS NOT NULL GROUP BY 1, 2, 3)," \
    " ve AS MATERIALIZED (SELECT k.did, SUM(e.kg) AS kg FROM dk k JOIN em e ON e.fid = k.fid AND e.hs4 = k.hs4" \
    "  AND e.ym BETWEEN k.ym0 AND k.ym GROUP BY k.did)," \
    " vp AS MATERIALIZED (SELECT k.did, SUM(p.kg) AS kg FROM dk k JOIN pm p ON p.fid = k.fid AND p.hs4 = k.hs4" \
    "  AND p.ym BETWEEN k.ym0 AND k.ym GROUP BY k.did)," \
    " vs AS MATERIALIZED (SELECT ve.did, ve.kg AS ekg, COALESCE(vp.kg, 0) AS pkg FROM ve" \
    "  LEFT JOIN vp ON vp.did = ve.did) "

/* Risk attributes come from the latest scoring run (before the current one
 * is stored: a run sees the previous run's scores). */
#define LATEST_RUN \
    "(SELECT MAX(r.id) FROM runs r WHERE r.status = 'complete'" \
    " AND EXISTS(SELECT 1 FROM scores x WHERE x.run_id = r.id))"

/* What a query leaves for the directory to fill (rule_dir.c). */
enum { FILL_NONE, FILL_LINES, FILL_EDGES };

/*
** A relation's query.  Its rows come either in owner order (each owner's
** rows together, as build_csr wants), or, for a table two relations share
** (SECOND names the other), in id order with two owners: the query's own
** owner column for REL, and the last extra column (the buyer), row for
** row, for SECOND.  A firm's sales and purchases are the same trade lines
** seen from either end: loaded once, indexed twice.  FILL says which
** columns the directory fills.
*/
typedef struct rel_sql {
    const char *subject, *rel;
    const char *sql;
    int aux;
    const char *second;
    int fill;
} rel_sql;

#define EDGES_IN_KEY_ORDER "ORDER BY e.supplier_firm_id, e.buyer_firm_id, e.product"
#define TRADE_LINES_OF_FIRMS "WHERE t.seller_firm_id IS NOT NULL OR t.buyer_firm_id IS NOT NULL ORDER BY t.id"

static const rel_sql relations[] = {
    {"firm", "sales", TRADE_LINE_COLS("t.seller_firm_id") TRADE_LINES_OF_FIRMS, 0, "purchases", FILL_LINES},
    /* edges in the order of their key, never of their ids (an incremental
     * import gives a pair's edges new ids): by (supplier, buyer, product),
     * each buyer's suppliers and each supplier's customers keep key order */
    {"firm", "customers", EDGE_COLS("e.supplier_firm_id") EDGES_IN_KEY_ORDER, 0, "suppliers", FILL_EDGES},
    {"firm", "shipments", LEG_COLS("l.shipper_firm_id")
        "WHERE l.shipper_firm_id IS NOT NULL ORDER BY l.shipper_firm_id, l.start_date, l.id", 1},
    {"firm", "carried", LEG_COLS("l.carrier_firm_id")
        "WHERE l.carrier_firm_id IS NOT NULL ORDER BY l.carrier_firm_id, l.start_date, l.id", 1},
    {"firm", "establishments",
        "SELECT e.id, e.first_document_id, e.firm_id, e.ubigeo, e.country, e.address,"
        " e.name, e.sector, e.workers, e.annex_code FROM establishments e ORDER BY e.firm_id, e.id", 0},
    {"establishment", "legs_out", LEG_COLS("e.id")
        "JOIN establishments e ON e.firm_id = l.shipper_firm_id AND e.ubigeo = l.origin_ubigeo"
        " ORDER BY e.id, l.start_date, l.id", 1},
    {"establishment", "legs_in", LEG_COLS("e.id")
        "JOIN establishments e ON e.firm_id = l.recipient_firm_id AND e.ubigeo = l.dest_ubigeo"
        " ORDER BY e.id, l.start_date, l.id", 1},
    {"carrier", "legs", LEG_COLS("l.carrier_firm_id")
        "WHERE l.carrier_firm_id IS NOT NULL ORDER BY l.carrier_firm_id, l.start_date, l.id", 1},
    {"firm", "listings", LISTING_COLS "WHERE k.subject_type = 'firm' ORDER BY k.subject_id, l.id", 0},
    {"firm", "payroll", PAYROLL_COLS "ORDER BY p.firm_id, p.period", 0},
    {"firm", "inspections", INSPECTION_COLS("i.firm_id") "WHERE i.firm_id IS NOT NULL ORDER BY i.firm_id, i.date", 0},
    {"establishment", "inspections", INSPECTION_COLS("i.establishment_id")
        "WHERE i.establishment_id IS NOT NULL ORDER BY i.establishment_id, i.date", 0},
    {"declaration", "items", DECL_ITEM_ILAB DECL_ITEM_COLS "ORDER BY i.declaration_id, i.seq, i.id", 0},
    {"vehicle", "legs", VEH_CTE LEG_COLS("veh.vid")
        "JOIN leg_vehicles lv ON lv.leg_id = l.id JOIN veh ON veh.plate = lv.plate"
        " ORDER BY veh.vid, l.start_date, l.id", 1},
};

/*
** What partner states' routes said of carriers and vehicles, once per key
** (a table the size of what partners sent, grouped once): the routes that
** name the key KEY_EXPR of the parties matching WHERE (which may add rows
** by UNION ALL), their people-transport legs, states and posts.
*/
#define PARTNER_PARTIES(key_expr, where) \
    "SELECT x.k AS k, COUNT(DISTINCT x.route_id) AS routes, SUM(r.people_legs) AS people," \
    " group_concat(DISTINCT r.issuer) AS states, group_concat(DISTINCT r.post) AS posts" \
    " FROM (SELECT " key_expr " AS k, p.route_id AS route_id FROM partner_route_parties p WHERE " where ") x" \
    " JOIN partner_routes r ON r.id = x.route_id GROUP BY x.k"

static const struct { const char *subject; const char *sql; int aux, fill; } subjects[] = {
    /* Set-wise, not a seek per firm: the exporters are one pass over the
     * documents (IN a list, NULLs left out so that the test is 0, not
     * NULL), and the latest run's firm scores are read once into a
     * temporary index (the LIMIT keeps SQLite from flattening the
     * subquery back into a seek per firm).  At 10^6 firms: 3.8 s -> 2.2 s
     * and 3.9 s -> 2.7 s in the shell. */
    {"firm",
     "SELECT f.id, f.first_document_id, COALESCE(f.tax_id, f.name), f.tax_id, f.scheme, f.country,"
     " f.name, f.id_valid, f.id IN (SELECT d.issuer_firm_id FROM documents d WHERE d.kind = 'invoice'"
     "  AND d.operation_type LIKE '02%' AND d.issuer_firm_id IS NOT NULL"
     "  UNION ALL SELECT x.exporter_firm_id FROM declarations x WHERE x.direction = 'EX'"
     "  AND x.exporter_firm_id IS NOT NULL),"
     " s.total, s.own, s.chain, pa.risk, pa.states, pa.rules"
     " FROM firms f LEFT JOIN (SELECT subject_key, total, own, chain FROM scores"
     "  WHERE run_id = " LATEST_RUN " AND subject_type = 'firm' ORDER BY subject_key LIMIT -1) s"
     "  ON s.subject_key = COALESCE(f.tax_id, f.key)"
     /* partner states' alerts, once per tax id (a table the size of what
      * partners sent, grouped once) */
     " LEFT JOIN (SELECT tax_id, MAX(total) AS risk, group_concat(DISTINCT issuer) AS states,"
     "  group_concat(rules, '; ') AS rules FROM partner_alerts WHERE tax_id IS NOT NULL GROUP BY tax_id) pa"
     "  ON pa.tax_id = f.tax_id"
     " ORDER BY f.id", 0},
    {"establishment",
     "SELECT e.id, e.first_document_id, " INS_ESTAB_KEY ", e.ubigeo, e.country, e.address, COALESCE(e.name, f.name),"
     " e.sector, e.workers, e.annex_code, f.tax_id, f.name, COALESCE(e.lat, u.latitude),"
     " COALESCE(e.lng, u.longitude), u.altitude"
     " FROM establishments e JOIN firms f ON f.id = e.firm_id LEFT JOIN ubigeo u ON u.code = e.ubigeo"
     " ORDER BY e.id", 0},
    {"leg", NULL, 1},
    {"carrier",
     "SELECT f.id, 0, COALESCE(f.tax_id, f.key), f.tax_id, f.name, f.country, f.id_valid,"
     " (SELECT MAX(x.carrier_mtc) FROM transport_legs x WHERE x.carrier_firm_id = f.id),"
     " COALESCE(pr.routes, 0), COALESCE(pr.people, 0), pr.states, pr.posts"
     " FROM firms f LEFT JOIN (" PARTNER_PARTIES("p.tax_id", "p.kind = 'carrier' AND p.tax_id IS NOT NULL")
     ") pr ON pr.k = f.tax_id"
     " WHERE f.id IN (SELECT carrier_firm_id FROM transport_legs) ORDER BY f.id", 0},
    /* a vehicle's plate against both spellings the partner's plate has */
    {"vehicle", VEH_CTE "SELECT vid, 0, plate, plate, NULL, NULL, COALESCE(pr.routes, 0), COALESCE(pr.people, 0),"
     " pr.states, pr.posts FROM veh LEFT JOIN (" PARTNER_PARTIES("p.plate", "p.kind = 'vehicle' AND p.plate IS NOT NULL"
     " UNION ALL SELECT p.plate_alt, p.route_id FROM partner_route_parties p WHERE p.kind = 'vehicle'"
     " AND p.plate_alt IS NOT NULL") ") pr ON pr.k = veh.plate ORDER BY vid", 0},
    /* trade lines as subjects of risk queries (not of rules) */
    {"trade_line", TRADE_LINE_COLS(
        "COALESCE(d.type_code || ' ', '') || COALESCE(d.number, '') || '#' || COALESCE(t.line_no, t.id)")
        "JOIN documents d ON d.id = t.document_id ORDER BY t.id", 0, FILL_LINES},
    {"declaration", DECL_LINKS
     "SELECT d.id, d.document_id, COALESCE(d.type_code || ' ', '') || COALESCE(d.reference, d.order_ref, d.id),"
     " d.direction, d.type_code, d.issue_date, COALESCE(ex.tax_id, ex.key), ex.country,"
     " COALESCE(im.tax_id, im.key), d.destination_country, d.export_country, s.total, s.chain,"
     " d.customs_office, d.regime, d.reference, d.order_ref, d.trader_ubigeo, COALESCE(cit.n, 0),"
     " COALESCE(dl.n, 0), COALESCE(glc.n, 0), glc.provs, COALESCE(mis.n, 0), vs.ekg, vs.pkg"
     " FROM declarations d LEFT JOIN firms ex ON ex.id = d.exporter_firm_id"
     " LEFT JOIN scores s ON s.run_id = " LATEST_RUN " AND s.subject_type = 'firm'"
     "  AND s.subject_key = COALESCE(ex.tax_id, ex.key)"
     " LEFT JOIN firms im ON im.id = d.importer_firm_id"
     " LEFT JOIN cit ON cit.did = d.id LEFT JOIN dl ON dl.did = d.id LEFT JOIN glc ON glc.did = d.id"
     " LEFT JOIN mis ON mis.did = d.id LEFT JOIN vs ON vs.did = d.id ORDER BY d.id", 0},
};

static const char leg_subject_sql[] =
    "SELECT l.id, l.document_id, COALESCE(d.type_code || ' ', '') || COALESCE(d.number, l.id),"
    " l.start_date, l.motivo, l.mode, l.origin_ubigeo,"
    " l.dest_ubigeo, l.origin_address, l.dest_address, NULL, l.gross_weight, l.weight_unit,"
    " l.description, sh.tax_id, rc.tax_id, ca.tax_id, l.carrier_mtc,"
    " (SELECT MIN(v.plate) FROM leg_vehicles v WHERE v.leg_id = l.id AND v.role IS NOT 'equipment'),"
    " (SELECT COUNT(*) FROM leg_vehicles v WHERE v.leg_id = l.id AND v.role IS NOT 'equipment'),"
    " (SELECT COUNT(*) FROM leg_drivers x WHERE x.leg_id = l.id),"
    " EXISTS(SELECT 1 FROM leg_documents x WHERE x.leg_id = l.id AND x.doc_type = '73'),"
    " EXISTS(SELECT 1 FROM leg_documents x WHERE x.leg_id = l.id AND ((x.catalogue = '61' AND"
    "   x.doc_type = '50') OR (x.catalogue = '21' AND x.doc_type = '01'))),"
    " d.type_code, uo.latitude, uo.longitude, ud.latitude, ud.longitude"
    " FROM transport_legs l JOIN documents d ON d.id = l.document_id"
    " LEFT JOIN firms sh ON sh.id = l.shipper_firm_id LEFT JOIN firms rc ON rc.id = l.recipient_firm_id"
    " LEFT JOIN firms ca ON ca.id = l.carrier_firm_id"
    " LEFT JOIN ubigeo uo ON uo.code = l.origin_ubigeo LEFT JOIN ubigeo ud ON ud.code = l.dest_ubigeo"
    " ORDER BY l.id";

/* Great-circle distance in km between two points in degrees. */
static double haversine(double la1, double lo1, double la2, double lo2)
{
    const double r = 6371.0, k = M_PI / 180.0;
    double dla = (la2 - la1) * k, dlo = (lo2 - lo1) * k;
    double a = sin(dla / 2) * sin(dla / 2) + cos(la1 * k) * cos(la2 * k) * sin(dlo / 2) * sin(dlo / 2);
    return 2 * r * atan2(sqrt(a), sqrt(1 - a));
}

/* Fills distance_km of a leg table from its aux coordinates. */
static void leg_distances(ins_table *t)
{
    int fi = insSchemaField(t->rt, "distance_km");
    if (fi < 0 || !t->aux || !t->cols[fi]) return;
    for (size_t i = 0; i < t->n; i++) {
        double *a = &t->aux[i * 4];
        ins_val v;
        memset(&v, 0, sizeof v);
        if (!isnan(a[0]) && !isnan(a[1]) && !isnan(a[2]) && !isnan(a[3])) {
            v.t = VT_NUM;
            v.u.n = round(haversine(a[0], a[1], a[2], a[3]));
        }
        insTableSet(t, fi, i, v);
    }
}

/*
** A vehicle's fastest move: for consecutive legs (by start date), the
** distance from where the earlier leg ended to where the later one began,
** over the days between them (at least one); and the longest distance
** between the starts of two legs on the same day (a truck cannot load in
** Lima and in Puerto Maldonado on one date).
*/
static void vehicle_speeds(ins_frame *f)
{
    int fi = insSchemaField(f->rt, "max_km_per_day");
    int fs = insSchemaField(f->rt, "max_km_same_day");
    int rel = insSchemaField(f->rt, "legs");
    ins_relidx *ri = &f->rels[rel];
    if (fi < 0 || !ri->t || !ri->t->aux) return;
    int sd = insSchemaField(ri->t->rt, "start_date");
    for (size_t s = 0; s < f->subj->n; s++) {
        double best = -1, same = -1;
        for (uint32_t k = ri->off[s] + 1; k < ri->off[s + 1]; k++) {
            size_t p = ri->rows[k - 1], q = ri->rows[k];
            ins_val dp = insTableGet(ri->t, sd, p), dq = insTableGet(ri->t, sd, q);
            if (dp.t != VT_DATE || dq.t != VT_DATE) continue;
            double *ap = &ri->t->aux[p * 4], *aq = &ri->t->aux[q * 4];
            double lat = isnan(ap[2]) ? ap[0] : ap[2], lon = isnan(ap[3]) ? ap[1] : ap[3];
            if (isnan(lat) || isnan(lon) || isnan(aq[0]) || isnan(aq[1])) continue;
            double km = haversine(lat, lon, aq[0], aq[1]);
            int days = dq.u.d - dp.u.d;
            if (days == 0 && !isnan(ap[0]) && !isnan(ap[1])) {
                double d0 = haversine(ap[0], ap[1], aq[0], aq[1]);
                if (d0 > same) same = d0;
            }
            double speed = km / (days < 1 ? 1 : days);
            if (speed > best) best = speed;
        }
        ins_val v;
        memset(&v, 0, sizeof v);
        if (best >= 0) { v.t = VT_NUM; v.u.n = round(best); }
        insTableSet(f->subj, fi, s, v);
        if (fs >= 0) {
            memset(&v, 0, sizeof v);
            if (same >= 0) { v.t = VT_NUM; v.u.n = round(same); }
            insTableSet(f->subj, fs, s, v);
        }
    }
}

/* ---- columns from the directory ------------------------------------------------ */

/*
** The column of field NAME of T's record type, or -1 when the frame does
** not load it.  The field must exist (the schema and the queries agree).
*/
static int col_of(const ins_table *t, const char *name)
{
    int fi = insSchemaField(t->rt, name);
    assert(fi >= 0);
    return t->cols[fi] ? fi : -1;
}

/* Sets row R of column FI of T, when loaded (FI >= 0), to the text S
** (NULL: missing); S lives in the frame's arena. */
static void put_str(ins_table *t, int fi, size_t r, const char *s)
{
    if (fi < 0) return;
    ins_val v;
    memset(&v, 0, sizeof v);
    if (s) { v.t = VT_STR; v.u.s = s; }
    insTableSet(t, fi, r, v);
}

/* Sets row R of column FI of T, when loaded (FI >= 0), to the boolean B. */
static void put_bool(ins_table *t, int fi, size_t r, int b)
{
    if (fi < 0) return;
    ins_val v;
    memset(&v, 0, sizeof v);
    v.t = VT_BOOL;
    v.u.b = b != 0;
    insTableSet(t, fi, r, v);
}

/*
** Fills a trade line table's seller, buyer, document and ILAB columns from
** directory D; EXTRA holds the seller's and the buyer's ids per row.  What
** the SQL joins did: a firm that is not there leaves its columns missing,
** the origin country is the seller's or 'PE'; a line whose document is not
** there is dropped (KEEP[r] = 0; the document was an inner join).
** Returns how many rows are dropped.
*/
static size_t fill_lines(ins_table *t, const ins_dir *d, const int64_t *extra, unsigned char *keep)
{
    int c_stax = col_of(t, "seller_tax_id"), c_sname = col_of(t, "seller_name"),
        c_scty = col_of(t, "seller_country"), c_btax = col_of(t, "buyer_tax_id"),
        c_bcty = col_of(t, "buyer_country"), c_dtype = col_of(t, "doc_type"),
        c_op = col_of(t, "operation_type"), c_orig = col_of(t, "origin_country"),
        c_good = col_of(t, "ilab_good"), c_fl = col_of(t, "ilab_fl"), c_cl = col_of(t, "ilab_cl"),
        c_prim = col_of(t, "ilab_primary"), c_hs6 = col_of(t, "hs6"), c_tariff = col_of(t, "tariff_code");
    /* the ILAB columns are computed from the goods' codes (load_mask keeps them) */
    int ilab = c_good >= 0 || c_fl >= 0 || c_cl >= 0 || c_prim >= 0;
    assert(!ilab || (c_hs6 >= 0 && c_tariff >= 0));
    size_t hint = 0, dropped = 0;
    for (size_t r = 0; r < t->n; r++) {
        ptrdiff_t dk = insDirDocument(d, t->doc[r], &hint);
        keep[r] = dk >= 0;
        if (dk < 0) { dropped++; continue; }
        ptrdiff_t sk = insDirFirm(d, extra[2 * r]), bk = insDirFirm(d, extra[2 * r + 1]);
        put_str(t, c_stax, r, sk >= 0 ? d->ftax[sk] : NULL);
        put_str(t, c_sname, r, sk >= 0 ? d->fname[sk] : NULL);
        put_str(t, c_scty, r, sk >= 0 ? d->fcountry[sk] : NULL);
        put_str(t, c_btax, r, bk >= 0 ? d->ftax[bk] : NULL);
        put_str(t, c_bcty, r, bk >= 0 ? d->fcountry[bk] : NULL);
        put_str(t, c_dtype, r, d->dtype[dk]);
        put_str(t, c_op, r, d->dop[dk]);
        const char *origin = sk >= 0 && d->fcountry[sk] ? d->fcountry[sk] : "PE";
        put_str(t, c_orig, r, origin);
        if (!ilab) continue;
        ins_val h = insTableGet(t, c_hs6, r), tc = insTableGet(t, c_tariff, r);
        ins_dir_ilab il;
        insDirIlab(d, h.t == VT_STR ? h.u.s : NULL, tc.t == VT_STR ? tc.u.s : NULL, origin, &il);
        put_str(t, c_good, r, il.good);
        put_bool(t, c_fl, r, il.fl);
        put_bool(t, c_cl, r, il.cl);
        put_bool(t, c_prim, r, il.primary);
    }
    return dropped;
}

/*
** Fills a supply edge table's firm columns from directory D; EXTRA holds
** the supplier's and the buyer's ids per row.  An edge whose supplier or
** buyer is not there is dropped (both were inner joins).  Returns how many.
*/
static size_t fill_edges(ins_table *t, const ins_dir *d, const int64_t *extra, unsigned char *keep)
{
    int c_stax = col_of(t, "supplier_tax_id"), c_sname = col_of(t, "supplier_name"),
        c_scty = col_of(t, "supplier_country"), c_btax = col_of(t, "buyer_tax_id");
    size_t dropped = 0;
    for (size_t r = 0; r < t->n; r++) {
        ptrdiff_t sk = insDirFirm(d, extra[2 * r]), bk = insDirFirm(d, extra[2 * r + 1]);
        keep[r] = sk >= 0 && bk >= 0;
        if (!keep[r]) { dropped++; continue; }
        put_str(t, c_stax, r, d->ftax[sk]);
        put_str(t, c_sname, r, d->fname[sk]);
        put_str(t, c_scty, r, d->fcountry[sk]);
        put_str(t, c_btax, r, d->ftax[bk]);
    }
    return dropped;
}

/*
** Removes the rows of T whose KEEP is 0, keeping the order of the others,
** with their owners (OWNERS, may be NULL), display keys (KEYS, may be
** NULL; dropped ones are freed) and NEXTRA extra ids per row.
*/
static void compact(ins_table *t, const unsigned char *keep, int64_t *owners, char **keys, int64_t *extra,
                    int nextra)
{
    size_t w = 0, nx = (size_t)nextra;
    for (size_t r = 0; r < t->n; r++) {
        if (!keep[r]) {
            if (keys) free(keys[r]);
            continue;
        }
        for (int i = 0; i < t->rt->nfields; i++) {
            if (!t->cols[i]) continue;
            size_t b = insColBytes(t->rt->fields[i].type);
            memcpy((char *)t->cols[i] + w * b, (const char *)t->cols[i] + r * b, b);
        }
        t->doc[w] = t->doc[r];
        t->ids[w] = t->ids[r];
        if (t->aux) memmove(&t->aux[w * 4], &t->aux[r * 4], 4 * sizeof *t->aux);
        if (owners) owners[w] = owners[r];
        if (keys) keys[w] = keys[r];
        if (extra) memmove(&extra[w * nx], &extra[r * nx], nx * sizeof *extra);
        w++;
    }
    t->n = w;
}

/*
** Fills the FILL columns of T (FILL_LINES or FILL_EDGES) from D, then
** drops the rows the joins would not have given.  0 when out of memory.
*/
static int fill(ins_table *t, int kind, const ins_dir *d, int64_t *extra, int64_t *owners, char **keys)
{
    unsigned char *keep = malloc(t->n ? t->n : 1);
    if (!keep) return 0;
    size_t dropped = kind == FILL_LINES ? fill_lines(t, d, extra, keep) : fill_edges(t, d, extra, keep);
    if (dropped) compact(t, keep, owners, keys, extra, 2);
    free(keep);
    return 1;
}

/* Bit of field NAME of record type RT in a need word. */
static uint64_t field_bit(const ins_rtype *rt, const char *name)
{
    int fi = insSchemaField(rt, name);
    assert(fi >= 0 && fi < INS_NEED_MAX_FIELDS);
    return (uint64_t)1 << fi;
}

/*
** The fields of record type RRT a frame loads for need word W: the fields
** read, and what the loader computes others from.  A trade line's ILAB
** columns come from its goods' codes; a vehicle's speeds from its legs'
** start dates (VEHICLE_LEGS).
*/
static uint64_t load_mask(const ins_rtype *rrt, uint64_t w, int vehicle_legs)
{
    w &= ~INS_NEED_REL;
    if (!strcmp(rrt->name, "trade_line")) {
        uint64_t ilab = field_bit(rrt, "ilab_good") | field_bit(rrt, "ilab_fl") | field_bit(rrt, "ilab_cl") |
                        field_bit(rrt, "ilab_primary");
        if (w & ilab) w |= field_bit(rrt, "hs6") | field_bit(rrt, "tariff_code");
    }
    if (vehicle_legs) w |= field_bit(rrt, "start_date");
    return w;
}

/*
** Loads the directory into *D once (*LOADED says whether it is), its
** strings into an arena table that frame F owns.
*/
static int need_dir(ins_db *db, ins_frame *f, ins_dir *d, int *loaded)
{
    if (*loaded) return INS_OK;
    ins_table *arena = calloc(1, sizeof *arena);
    if (!arena) return INS_ERR_NOMEM;
    arena->rt = f->rt;
    if (!own(f, arena)) { free(arena); return INS_ERR_NOMEM; }
    *loaded = 1;
    return insDirLoad(db, arena, d);
}

/*
** Loads the frame of subject type RT from DB: every subject (one query)
** and every relation the rules can name (one query each, all owners at
** once), with the computed attributes (distances, vehicle speeds).  NEED
** (insRuleNeeds; NULL: everything) says which relations to load, and
** which fields of their records: a column nobody reads is not kept.  AS_OF
** (YYYY-MM-DD, may be NULL) decides which listings are in force.  *OUT
** receives the frame (free with insFrameFree); a subject type without a
** query yields a frame with no subjects.  Returns INS_OK, INS_ERR_DB (with
** *ERR) or INS_ERR_NOMEM.
*/
int insFrameLoad(ins_db *db, const ins_rtype *rt, const char *as_of, const uint64_t *need,
                 ins_frame **out, char **err)
{
    *out = NULL;
    if (err) *err = NULL;
    ins_frame *f = calloc(1, sizeof *f);
    if (!f) return INS_ERR_NOMEM;
    f->rt = rt;
    f->rels = calloc((size_t)rt->nfields, sizeof *f->rels);
    if (!f->rels) { free(f); return INS_ERR_NOMEM; }
    const char *sql = NULL;
    int aux = 0, kind = FILL_NONE;
    for (size_t i = 0; i < INS_ARRAY_LEN(subjects); i++)
        if (!strcmp(subjects[i].subject, rt->name)) {
            sql = subjects[i].sql;
            aux = subjects[i].aux;
            kind = subjects[i].fill;
        }
    if (!strcmp(rt->name, "leg")) sql = leg_subject_sql;
    if (!sql) {
        /* a subject whose data arrives in a later version: no subjects */
        f->subj = insTableNew(rt, 0);
        if (!f->subj) { insFrameFree(f); return INS_ERR_NOMEM; }
        *out = f;
        return INS_OK;
    }
    ins_dir dir;
    int have_dir = 0;
    memset(&dir, 0, sizeof dir);
    int64_t *extra = NULL;
    int rc = load_rows(db, rt, sql, 1, INS_NEED_ALL, &f->subj, NULL, &f->keys, aux, kind ? 2 : 0, &extra,
                       as_of, err);
    if (rc == INS_OK && kind) {
        rc = need_dir(db, f, &dir, &have_dir);
        if (rc == INS_OK && !fill(f->subj, kind, &dir, extra, NULL, f->keys)) rc = INS_ERR_NOMEM;
    }
    free(extra);
    extra = NULL;
    if (f->subj) f->subj_n_for_keys = f->subj->n;
    if (rc == INS_OK && aux) leg_distances(f->subj);
    for (size_t i = 0; i < INS_ARRAY_LEN(relations) && rc == INS_OK; i++) {
        if (strcmp(relations[i].subject, rt->name)) continue;
        int fi = insSchemaField(rt, relations[i].rel);
        if (fi < 0) continue;
        int f2 = relations[i].second ? insSchemaField(rt, relations[i].second) : -1;
        /* a relation no rule reads is not loaded; a vehicle's legs always
         * are (its speeds are computed from them) */
        int vlegs = !strcmp(rt->name, "vehicle") && !strcmp(relations[i].rel, "legs");
        int want = !need || need[fi] || vlegs;
        int want2 = f2 >= 0 && (!need || need[f2]);
        if (!want && !want2) continue;
        const ins_rtype *rrt = insSchemaType(rt->fields[fi].rel);
        /* a table two relations share carries what either reads */
        uint64_t cols = !need ? INS_NEED_ALL : load_mask(rrt, need[fi] | (f2 >= 0 ? need[f2] : 0), vlegs);
        ins_table *t = NULL;
        int64_t *owners = NULL;
        int rk = relations[i].fill;
        rc = load_rows(db, rrt, relations[i].sql, 0, cols, &t, &owners, NULL, relations[i].aux, rk ? 2 : 0,
                       &extra, as_of, err);
        if (rc != INS_OK) break;
        if (!own(f, t)) { insTableFree(t); free(owners); rc = INS_ERR_NOMEM; break; }
        if (rk) {
            rc = need_dir(db, f, &dir, &have_dir);
            if (rc == INS_OK && !fill(t, rk, &dir, extra, owners, NULL)) rc = INS_ERR_NOMEM;
        }
        if (rc == INS_OK && relations[i].aux) leg_distances(t);
        if (rc == INS_OK && f2 < 0) {
            rc = build_csr(f, fi, t, owners);
        } else if (rc == INS_OK) {
            /* the second owner is the last extra column (the buyer) */
            if (want) rc = build_csr_any(f, fi, t, owners);
            if (rc == INS_OK && want2) {
                for (size_t r = 0; r < t->n; r++) owners[r] = extra[2 * r + 1];
                rc = build_csr_any(f, f2, t, owners);
            }
        }
        free(owners);
        free(extra);
        extra = NULL;
    }
    if (have_dir) insDirFree(&dir);
    if (rc != INS_OK) {
        if (rc == INS_ERR_DB && err && !*err) *err = insUStrdup(insDbErr(db));
        insFrameFree(f);
        return rc;
    }
    if (!strcmp(rt->name, "vehicle")) vehicle_speeds(f);
    *out = f;
    return INS_OK;
}

/* ---- frames from test literals ---------------------------------------------- */

/*
** Stores test literal V (text, number, negative number, date, boolean; any
** other, null included, is missing) as field FI of ROW of T.
*/
static void literal(ins_table *t, size_t row, int fi, const ins_node *v)
{
    ins_val x;
    memset(&x, 0, sizeof x);
    switch (v->k) {
    case N_STR: x.t = VT_STR; x.u.s = insTableStr(t, v->str, strlen(v->str)); break;
    case N_NUM: x.t = VT_NUM; x.u.n = v->num; break;
    case N_NEG: if (v->a && v->a->k == N_NUM) { x.t = VT_NUM; x.u.n = -v->a->num; } break;
    case N_DATE: x.t = VT_DATE; x.u.d = v->date; break;
    case N_BOOL: x.t = VT_BOOL; x.u.b = v->num != 0; break;
    default: break;
    }
    if (x.t == VT_STR && !x.u.s) x.t = VT_NULL; /* out of memory: missing */
    if (x.t != VT_NULL && x.t != t->rt->fields[fi].type) return; /* the checker reported it */
    insTableSet(t, fi, row, x);
}

/*
** Fills ROW of T from the attributes of test literal OBJ; relations and
** unknown names are skipped (the checker reported the latter).
*/
static int fill_object(ins_table *t, size_t row, const ins_node *obj)
{
    for (size_t i = 0; i < obj->nargs; i++) {
        int fi = obj->keys ? insSchemaField(t->rt, obj->keys[i]) : -1;
        if (fi < 0 || t->rt->fields[fi].type == VT_REL) continue;
        literal(t, row, fi, obj->args[i]);
    }
    return INS_OK;
}

/*
** Builds a frame of one subject of type RT from test literal OBJ, with a
** related table for each relation OBJ lists; a relation it leaves out has
** no records.  So a rule's tests run through the same evaluator as a
** scoring run.  Returns INS_OK or INS_ERR_NOMEM; ERR is not used.
*/
int insFrameFromObject(const ins_rtype *rt, const ins_node *obj, ins_frame **out, char **err)
{
    (void)err;
    *out = NULL;
    ins_frame *f = calloc(1, sizeof *f);
    if (!f) return INS_ERR_NOMEM;
    f->rt = rt;
    f->rels = calloc((size_t)rt->nfields, sizeof *f->rels);
    f->subj = insTableNew(rt, 1);
    if (!f->rels || !f->subj) { insFrameFree(f); return INS_ERR_NOMEM; }
    f->subj->ids[0] = 1;
    fill_object(f->subj, 0, obj);
    for (size_t i = 0; i < obj->nargs; i++) {
        int fi = obj->keys ? insSchemaField(rt, obj->keys[i]) : -1;
        if (fi < 0 || rt->fields[fi].type != VT_REL || obj->args[i]->k != N_LIST) continue;
        const ins_node *lst = obj->args[i];
        const ins_rtype *rrt = insSchemaType(rt->fields[fi].rel);
        ins_table *t = insTableNew(rrt, lst->nargs);
        if (!t || !own(f, t)) { insTableFree(t); insFrameFree(f); return INS_ERR_NOMEM; }
        for (size_t k = 0; k < lst->nargs; k++) {
            t->ids[k] = (int64_t)k + 1;
            if (lst->args[k]->k == N_OBJECT) fill_object(t, k, lst->args[k]);
        }
        ins_relidx *ri = &f->rels[fi];
        ri->t = t;
        ri->off = calloc(2, sizeof *ri->off);
        ri->rows = calloc(lst->nargs ? lst->nargs : 1, sizeof *ri->rows);
        if (!ri->off || !ri->rows) { insFrameFree(f); return INS_ERR_NOMEM; }
        ri->off[1] = (uint32_t)lst->nargs;
        for (size_t k = 0; k < lst->nargs; k++) ri->rows[k] = (uint32_t)k;
    }
    *out = f;
    return INS_OK;
}
