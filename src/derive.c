/*
** derive.c: tables derived from the facts: supply edges (from trade lines)
** and payroll months (from payroll workers, concepts and minimum wages).
**
** Importers write facts; these functions recompute, set-based in SQL, the
** tables the rules and the chain scoring read, so that a derived row never
** disagrees with the facts it comes from.  They are called inside the
** transaction of the import that changed the facts: the driver updates the
** supply edges of the pairs a transaction's trade lines touched before it
** commits (a full rebuild is for the bulk path and the tests), the PLAME
** importer recomputes the month of each payroll file, and the minimum-wage
** importer every month.  Nothing here reads a file or opens a transaction.
*/
#include "ins_internal.h"

/*
** Monthly hours from which a worker counts as full-time when pay is
** compared with the minimum wage: four legal weeks of 48 hours.  Workers
** with fewer hours (part-time, joined or left during the month, on leave)
** are not compared, since the legal minimum is owed for the full working
** time; that avoids false leads at the price of missing some.
*/
#define PAYROLL_FULL_TIME_HOURS "192"

/*
** The PEN value of a trade line t: its amount when declared in PEN (or
** with no currency), else its amount times the rate of its currency on its
** date or the last earlier one (exchange_rates, one b-tree seek); a line
** without a date takes the latest rate.  NULL when no rate is known.
*/
#define AMOUNT_PEN_EXPR \
    "CASE WHEN t.amount IS NULL THEN NULL" \
    " WHEN t.currency IS NULL OR t.currency = 'PEN' THEN t.amount" \
    " ELSE t.amount * (SELECT r.rate FROM exchange_rates r WHERE r.currency = t.currency" \
    "  AND r.date <= COALESCE(t.date, '9999-12-31') ORDER BY r.date DESC LIMIT 1) END"

/*
** Converts the amounts of the trade lines with ids above AFTER into PEN
** (amount_pen; see AMOUNT_PEN_EXPR), and gives each document with lines
** left unconverted one warning per currency.  Importers write amount_pen
** of lines in PEN as they insert them, so after an import only the lines
** in another currency are written twice.  AFTER 0 converts
** again every line not in PEN (and any not yet converted) and first drops
** the old warnings, as after a change of the exchange rates.  Set-based: two or three statements whatever the
** number of lines.
*/
int insModelConvertAmounts(ins_db *db, int64_t after)
{
    static const char conv[] =
        "UPDATE trade_lines AS t SET amount_pen = " AMOUNT_PEN_EXPR " WHERE t.id > ?1"
        "  AND t.amount IS NOT NULL AND (t.amount_pen IS NULL OR (?1 = 0 AND t.currency <> 'PEN'))";
    static const char drop[] = "DELETE FROM document_warnings WHERE code = 'no_exchange_rate'";
    static const char warn[] =
        "INSERT INTO document_warnings(document_id, code, message)"
        " SELECT t.document_id, 'no_exchange_rate', printf(?2, t.currency, COUNT(*))"
        " FROM trade_lines t WHERE t.id > ?1 AND t.amount IS NOT NULL AND t.amount_pen IS NULL"
        " GROUP BY t.document_id, t.currency";
    if (!after && insDbExec(db, drop) != INS_OK) return INS_ERR_DB;
    static const char *const steps[] = {conv, warn};
    for (size_t i = 0; i < INS_ARRAY_LEN(steps); i++) {
        sqlite3_stmt *st = insDbStmt(db, steps[i]);
        if (!st) return INS_ERR_DB;
        sqlite3_bind_int64(st, 1, after);
        if (steps[i] == warn)
            insDbBindText(st, 2, _("no exchange rate to PEN for %s on or before the date of %d line(s): "
                                   "left out of supply-edge amounts and shares"));
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) return INS_ERR_DB;
    }
    return INS_OK;
}

/*
** Rebuilds supply_edges from trade_lines in three set-based statements:
** empty the table, aggregate lines per (supplier, buyer, HS heading), then
** compute each edge's share of what the buyer bought of that heading.  Credit notes
** carry sign -1 and so reduce the amounts they correct.  Lines without a
** tariff code aggregate under product ''.  Amounts are summed in PEN
** (amount_pen, insModelConvertAmounts): a line whose currency has no rate
** stays out of the amount and the shares, and is counted in
** unconverted_lines.
*/
int insModelRebuildEdges(ins_db *db)
{
    static const char *const steps[] = {
        "DELETE FROM supply_edges",
        "INSERT INTO supply_edges(supplier_firm_id, buyer_firm_id, product, first_date, last_date,"
        " documents, lines, amount, unconverted_lines)"
        " SELECT t.seller_firm_id, t.buyer_firm_id, " INS_PRODUCT_EXPR ", MIN(t.date), MAX(t.date),"
        "  COUNT(DISTINCT t.document_id), COUNT(*), TOTAL(t.amount_pen * t.sign),"
        "  TOTAL(t.amount IS NOT NULL AND t.amount_pen IS NULL)"
        " FROM trade_lines t"
        " WHERE t.seller_firm_id IS NOT NULL AND t.buyer_firm_id IS NOT NULL"
        "  AND t.seller_firm_id <> t.buyer_firm_id"
        " GROUP BY t.seller_firm_id, t.buyer_firm_id, " INS_PRODUCT_EXPR,
        "UPDATE supply_edges SET share = CASE WHEN t.total > 0"
        "  AND supply_edges.unconverted_lines < supply_edges.lines"
        "  THEN MAX(supply_edges.amount, 0) / t.total END"
        " FROM (SELECT buyer_firm_id AS b, product AS p, TOTAL(MAX(amount, 0)) AS total"
        "       FROM supply_edges GROUP BY buyer_firm_id, product) AS t"
        " WHERE t.b = supply_edges.buyer_firm_id AND t.p = supply_edges.product",
    };
    if (insModelConvertAmounts(db, 0) != INS_OK) return INS_ERR_DB;
    for (size_t i = 0; i < INS_ARRAY_LEN(steps); i++)
        if (insDbExec(db, steps[i]) != INS_OK) return INS_ERR_DB;
    return INS_OK;
}

/*
** Brings supply_edges up to date after trade lines with ids above AFTER
** were added (their amounts converted to PEN first), in time proportional
** to what they touch: the (seller, buyer)
** pairs of the new lines are collected in a temporary table, every edge of
** those pairs is recomputed from all of the pair's lines (each group from
** its own lines, never by adding deltas, so the result is what a full
** rebuild gives), and the shares of every buyer among them are computed
** again.  Readers order edges by their key (buyer, supplier, product),
** never by id, since a recomputed edge gets a new one.  Runs inside the
** caller's transaction, so that edges and lines commit together.
*/
int insModelUpdateEdges(ins_db *db, int64_t after)
{
    static const char mk[] =
        "CREATE TEMP TABLE IF NOT EXISTS edge_pairs(s INTEGER NOT NULL, b INTEGER NOT NULL,"
        " PRIMARY KEY(s, b)) WITHOUT ROWID";
    static const char clear[] = "DELETE FROM temp.edge_pairs";
    static const char pairs[] =
        "INSERT OR IGNORE INTO temp.edge_pairs(s, b)"
        " SELECT seller_firm_id, buyer_firm_id FROM trade_lines WHERE id > ?1"
        "  AND seller_firm_id IS NOT NULL AND buyer_firm_id IS NOT NULL"
        "  AND seller_firm_id <> buyer_firm_id";
    static const char del[] =
        "DELETE FROM supply_edges WHERE EXISTS(SELECT 1 FROM temp.edge_pairs p"
        " WHERE p.s = supply_edges.supplier_firm_id AND p.b = supply_edges.buyer_firm_id)";
    static const char ins[] =
        "INSERT INTO supply_edges(supplier_firm_id, buyer_firm_id, product, first_date, last_date,"
        " documents, lines, amount, unconverted_lines)"
        " SELECT t.seller_firm_id, t.buyer_firm_id, " INS_PRODUCT_EXPR ", MIN(t.date), MAX(t.date),"
        "  COUNT(DISTINCT t.document_id), COUNT(*), TOTAL(t.amount_pen * t.sign),"
        "  TOTAL(t.amount IS NOT NULL AND t.amount_pen IS NULL)"
        " FROM temp.edge_pairs p CROSS JOIN trade_lines t"
        "  ON t.seller_firm_id = p.s AND t.buyer_firm_id = p.b"
        " GROUP BY t.seller_firm_id, t.buyer_firm_id, " INS_PRODUCT_EXPR
        " ORDER BY 1, 2, 3";
    static const char share[] =
        "UPDATE supply_edges SET share = CASE WHEN t.total > 0"
        "  AND supply_edges.unconverted_lines < supply_edges.lines"
        "  THEN MAX(supply_edges.amount, 0) / t.total END"
        " FROM (SELECT e.buyer_firm_id AS b, e.product AS p, TOTAL(MAX(e.amount, 0)) AS total"
        "       FROM (SELECT DISTINCT b FROM temp.edge_pairs) AS x"
        "       CROSS JOIN supply_edges e ON e.buyer_firm_id = x.b"
        "       GROUP BY e.buyer_firm_id, e.product) AS t"
        " WHERE t.b = supply_edges.buyer_firm_id AND t.p = supply_edges.product";
    if (insDbExec(db, mk) != INS_OK) return INS_ERR_DB;
    if (insModelConvertAmounts(db, after) != INS_OK) return INS_ERR_DB;
    static const char *const steps[] = {clear, pairs, del, ins, share, clear};
    for (size_t i = 0; i < INS_ARRAY_LEN(steps); i++) {
        sqlite3_stmt *s = insDbStmt(db, steps[i]);
        if (!s) return INS_ERR_DB;
        if (steps[i] == pairs) sqlite3_bind_int64(s, 1, after);
        if (sqlite3_step(s) != SQLITE_DONE) { sqlite3_reset(s); return INS_ERR_DB; }
        sqlite3_reset(s);
    }
    return INS_OK;
}

/*
** Recomputes payroll_months for FIRM_ID and PERIOD (0 and NULL: every
** firm, every month) from payroll_workers, payroll_concepts and min_wages,
** in set-based statements.  Per month:
**   workers                 workers with any line in any of the files
**   migrant_share           share with document type 04, 07 (or permits F, H)
**   avg/max_weekly_hours    (ordinary + overtime) / (days in month / 7)
**   workers_over_48h        workers whose weekly hours exceed 48
**   overtime_hours          sum of declared overtime
**   overtime_paid           paid under 0105/0106; 0 when a .rem has none
**   min_wage                the RMV in force: latest valid_from <= period
**   workers_below_min_wage  full-time workers (>= 192 h) paid less than it
**   zero_pay_workers        workers with hours and no pay at all
**   deduction_share         700-series deductions over gross accrued
**   rest_day_work           paid under 0107; 0 when a .rem has none
** Hour fields are NULL until a .jor arrives, pay fields until a .rem
** arrives (a worker with hours but missing from that .rem counts as paid
** nothing), and comparisons with the minimum wage need both and the RMV.
*/
int insPayrollMonths(ins_db *db, int64_t firm_id, const char *period)
{
    static const char del[] =
        "DELETE FROM payroll_months WHERE (?1 = 0 OR firm_id = ?1) AND (?2 IS NULL OR period = ?2)";
    static const char ins[] =
        "INSERT OR REPLACE INTO payroll_months(firm_id, period, workers, migrant_share,"
        " avg_weekly_hours, max_weekly_hours, workers_over_48h, overtime_hours, overtime_paid,"
        " min_wage, workers_below_min_wage, zero_pay_workers, deduction_share, rest_day_work)"
        " WITH w AS ("
        "  SELECT firm_id, period, doc_type, overtime_hours, gross_accrued, gross_paid,"
        "   overtime_paid, rest_day_paid, deductions,"
        "   CASE WHEN ordinary_hours IS NOT NULL OR overtime_hours IS NOT NULL"
        "    THEN COALESCE(ordinary_hours, 0) + COALESCE(overtime_hours, 0) END AS hours,"
        "   (julianday(period, '+1 month') - julianday(period)) / 7.0 AS weeks,"
        "   (SELECT monthly_amount FROM min_wages WHERE country = 'PE' AND valid_from <= period"
        "    ORDER BY valid_from DESC LIMIT 1) AS rmv"
        "  FROM payroll_workers WHERE (?1 = 0 OR firm_id = ?1) AND (?2 IS NULL OR period = ?2)),"
        " m AS ("
        "  SELECT firm_id, period, COUNT(*) AS workers,"
        "   AVG(doc_type IN ('04', '07', 'F', 'H')) AS migrants,"
        "   COUNT(hours) AS timed, AVG(hours / weeks) AS avg_week, MAX(hours / weeks) AS max_week,"
        "   COUNT(CASE WHEN ROUND(hours / weeks, 2) > 48 THEN 1 END) AS over48,"
        "   TOTAL(overtime_hours) AS ot_hours, TOTAL(overtime_paid) AS ot_paid,"
        "   TOTAL(rest_day_paid) AS rest_paid, TOTAL(deductions) AS ded,"
        "   TOTAL(gross_accrued) AS accrued, MAX(rmv) AS rmv,"
        "   COUNT(CASE WHEN hours >= " PAYROLL_FULL_TIME_HOURS " AND COALESCE(gross_paid, 0) < rmv"
        "    THEN 1 END) AS below,"
        "   COUNT(CASE WHEN hours > 0 AND COALESCE(gross_paid, 0) = 0 THEN 1 END) AS unpaid"
        "  FROM w GROUP BY firm_id, period),"
        " k AS ("
        "  SELECT m.*, EXISTS(SELECT 1 FROM payroll_concepts c"
        "   WHERE c.firm_id = m.firm_id AND c.period = m.period) AS paid_known FROM m)"
        " SELECT firm_id, period, workers, ROUND(migrants, 4),"
        "  CASE WHEN timed > 0 THEN ROUND(avg_week, 2) END,"
        "  CASE WHEN timed > 0 THEN ROUND(max_week, 2) END,"
        "  CASE WHEN timed > 0 THEN over48 END,"
        "  CASE WHEN timed > 0 THEN ROUND(ot_hours, 2) END,"
        "  CASE WHEN paid_known THEN ROUND(ot_paid, 2) END,"
        "  rmv,"
        "  CASE WHEN paid_known AND timed > 0 AND rmv IS NOT NULL THEN below END,"
        "  CASE WHEN paid_known AND timed > 0 THEN unpaid END,"
        "  CASE WHEN paid_known AND accrued > 0 THEN ROUND(ded / accrued, 4) END,"
        "  CASE WHEN paid_known THEN ROUND(rest_paid, 2) END"
        " FROM k";
    static const char *const steps[] = {del, ins};
    for (size_t i = 0; i < INS_ARRAY_LEN(steps); i++) {
        sqlite3_stmt *s = insDbStmt(db, steps[i]);
        if (!s) return INS_ERR_DB;
        sqlite3_bind_int64(s, 1, firm_id);
        insDbBindText(s, 2, period);
        if (sqlite3_step(s) != SQLITE_DONE) return INS_ERR_DB;
    }
    return INS_OK;
}
