/*
** check_cases.c: the case register (importers/inspections_csv.c), the
** evaluation of worklists against it (src/evaluate.c) and the monitoring
** report (src/report.c).
**
** The world is built with direct SQL so every number is known: 17 firms
** with one establishment each in seven departments, a scoring run with two
** rules and their hits, and worklist 1 of that run with ten targeted rows
** (ranks 1-10) and five control rows (11-15).  The inspections come from
** hand-made CSV files (tests/fixtures/synthetic/cases, see its README).
** Expected rates and Wilson intervals were computed by hand (and checked
** with a few lines of Python, independently of this code):
**   targeted, forced labour    6/8 = 0.750 [0.409, 0.929]
**   control, forced labour     1/4 = 0.250 [0.046, 0.699]   lift 3.00
**   targeted, any violation    7/8 = 0.875 [0.529, 0.978]
**   control, any violation     2/4 = 0.500 [0.150, 0.850]   lift 1.75
**   precision at 5             4/5 = 0.800 [0.376, 0.964]
**   rule TST-A                 6/7 = 0.857 [0.487, 0.974]
**   rule TST-B                 1/4 = 0.250, any 3/4 = 0.750 [0.301, 0.954]
*/
#include "testutil.h"

#include "importer.h"

#include <stdlib.h>
#include <string.h>

/* Valid RUCs of the 17 firms, in worklist rank order (16 and 17 are in no
** worklist).  Departments: 17 Madre de Dios, 21 Puno, 25 Ucayali, 15 Lima,
** 08 Cusco, 04 Arequipa, 13 La Libertad, 20 Piura. */
static const struct {
    const char *ruc, *name, *ubigeo, *sector;
    double score;
} firms[] = {
    {"20600079191", "Maderera Tambopata SAC", "170101", "Extracción de madera", 0.90},
    {"20600158385", "Aurífera Inambari SAC", "170101", "Extracción de oro", 0.85},
    {"20600237579", "Minera Juliaca EIRL", "211101", "Minería aurífera", 0.80},
    {"20600316762", "Aserradero Callería SAC", "250101", "Aserradero", 0.75},
    {"20600395956", "Castañera Manu SAC", "170201", "Castaña", 0.70},
    {"20600475143", "Minera San Román SAC", "211101", "Minería aurífera", 0.65},
    {"20600554337", "Confecciones Lima SAC", "150101", "Confecciones", 0.60},
    {"20600633521", "Maderas Ucayali SAC", "250101", "Extracción de madera", 0.55},
    {"20600712714", "Textil Lima SAC", "150101", "Textil", 0.50},
    {"20600791908", "Agrícola Cusco SAC", "080101", "Agricultura", 0.45},
    {"20600871090", "Comercial Lima SAC", "150101", "Comercio", 0.05},
    {"20600950283", "Servicios Arequipa SAC", "040101", NULL, 0.00},
    {"20601029473", "Confecciones Gamarra SAC", "150101", "Confecciones", 0.10},
    {"20601108667", "Agroexportadora Trujillo SAC", "130101", "Agroexportación", 0.30},
    {"20601187851", "Pesquera Piura SAC", "200101", "Pesca", 0.00},
    {"20601267048", "Talleres Lima SAC", "150101", "Confecciones", 0.00},
    {"20601346231", "Distribuidora Lima SAC", "150101", "Comercio", 0.00},
};
#define NFIRMS (sizeof firms / sizeof firms[0])

/* Worklist ranks whose firm TST-A (a firm rule) hit, and whose
** establishment TST-B (an establishment rule) hit. */
static const int rule_a[] = {1, 2, 3, 5, 6, 7, 14};
static const int rule_b[] = {4, 7, 8, 9, 13};

/* Runs SQL with text parameters (NULL-terminated), asserting success. */
static void exec(ins_db *db, const char *sql, ...)
{
    sqlite3_stmt *st = NULL;
    ck_assert_msg(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(db->h));
    va_list ap;
    va_start(ap, sql);
    int i = 1;
    for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *))
        sqlite3_bind_text(st, i++, a, -1, SQLITE_TRANSIENT);
    va_end(ap);
    int rc = sqlite3_step(st);
    ck_assert_msg(rc == SQLITE_DONE || rc == SQLITE_ROW, "%s: %s", sql, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
}

/*
** Builds the world: reference ubigeo (departments and districts), firms
** and establishments, run 1 (as of 2026-05-01) with rules TST-A (firm) and
** TST-B (establishment), hits, scores and score_hits as chain.c stores
** them (an establishment carries its firm's hits), worklist 1 of run 1, and
** run 2 (as of 2026-11-01) with the same scores and no worklist.
*/
static ins_db *build_world(const char *name)
{
    ins_db *db = tu_db_new(name);
    ins_import_stats st;
    ck_assert_int_eq(tu_import_abs(db, &st, tu_srcpath("data/ubigeo_departamento.csv"), NULL), INS_OK);
    ck_assert_int_eq(tu_import_abs(db, &st, tu_srcpath("data/ubigeo_distrito.csv"), NULL), INS_OK);
    char buf[32];
    for (size_t i = 0; i < NFIRMS; i++) {
        snprintf(buf, sizeof buf, "PE-RUC:%s", firms[i].ruc);
        exec(db, "INSERT INTO firms(key, scheme, tax_id, country, name, id_valid) VALUES(?, 'PE-RUC', ?, 'PE', ?, 1)",
             buf, firms[i].ruc, firms[i].name, (const char *)NULL);
        exec(db, "INSERT INTO establishments(key, firm_id, annex_code, ubigeo, country, name, sector)"
                 " SELECT id || '|annex:0000', id, '0000', ?, 'PE', name, NULLIF(?, '') FROM firms WHERE tax_id = ?",
             firms[i].ubigeo, firms[i].sector ? firms[i].sector : "", firms[i].ruc, (const char *)NULL);
    }
    exec(db, "INSERT INTO runs(id, created_at, as_of, tool_version, rules_fingerprint, data_fingerprint,"
             " data_files, data_max_file_id) VALUES(1, '2026-05-02T10:00:00Z', '2026-05-01', 'test', 'fp', 'dfp',"
             " 2, (SELECT MAX(id) FROM source_files)),"
             " (2, '2026-11-02T10:00:00Z', '2026-11-01', 'test', 'fp', 'dfp', 2, (SELECT MAX(id) FROM source_files))",
         (const char *)NULL);
    for (int run = 1; run <= 2; run++) {
        snprintf(buf, sizeof buf, "%d", run);
        exec(db, "INSERT INTO run_rules(run_id, rule_id, rev, name, title, subject, weight, status) VALUES"
                 " (?1, 'TST-A', 1, 'a', 'Regla A de prueba', 'firm', 0.6, 'stable'),"
                 " (?1, 'TST-B', 2, 'b', 'Regla B de prueba', 'establishment', 0.4, 'experimental')",
             buf, (const char *)NULL);
        /* scores of every establishment with a score above 0 */
        for (size_t i = 0; i < NFIRMS; i++) {
            if (firms[i].score <= 0) continue;
            char score[16];
            snprintf(score, sizeof score, "%.2f", firms[i].score);
            exec(db, "INSERT INTO scores(run_id, subject_type, subject_key, subject_id, firm_id, own, chain, total)"
                     " SELECT ?, 'establishment', " INS_ESTAB_KEY ", e.id, f.id, ?2, 0, ?2"
                     " FROM establishments e JOIN firms f ON f.id = e.firm_id WHERE f.tax_id = ?3",
                 buf, score, firms[i].ruc, (const char *)NULL);
        }
    }
    /* run 1: hits and what they reached */
    for (size_t k = 0; k < sizeof rule_a / sizeof rule_a[0]; k++) {
        const char *ruc = firms[rule_a[k] - 1].ruc;
        exec(db, "INSERT INTO hits(run_id, rule_id, rule_rev, subject_type, subject_id, subject_key, strength)"
                 " SELECT 1, 'TST-A', 1, 'firm', id, tax_id, 1 FROM firms WHERE tax_id = ?",
             ruc, (const char *)NULL);
    }
    for (size_t k = 0; k < sizeof rule_b / sizeof rule_b[0]; k++) {
        const char *ruc = firms[rule_b[k] - 1].ruc;
        exec(db, "INSERT INTO hits(run_id, rule_id, rule_rev, subject_type, subject_id, subject_key, strength)"
                 " SELECT 1, 'TST-B', 2, 'establishment', e.id, " INS_ESTAB_KEY ", 1"
                 " FROM establishments e JOIN firms f ON f.id = e.firm_id WHERE f.tax_id = ?",
             ruc, (const char *)NULL);
    }
    exec(db, "INSERT OR IGNORE INTO scores(run_id, subject_type, subject_key, subject_id, firm_id, own, chain, total)"
             " SELECT 1, 'establishment', " INS_ESTAB_KEY ", e.id, f.id, 0.3, 0, 0.3"
             " FROM hits h JOIN firms f ON f.id = h.subject_id JOIN establishments e ON e.firm_id = f.id"
             " WHERE h.subject_type = 'firm'",
         (const char *)NULL);
    exec(db, "INSERT INTO score_hits(run_id, subject_type, subject_key, hit_id, contribution)"
             " SELECT 1, 'establishment', " INS_ESTAB_KEY ", h.id, 0.5 FROM hits h"
             " JOIN establishments e ON (h.subject_type = 'establishment' AND e.id = h.subject_id)"
             "  OR (h.subject_type = 'firm' AND e.firm_id = h.subject_id)"
             " JOIN firms f ON f.id = e.firm_id WHERE h.run_id = 1",
         (const char *)NULL);
    /* worklist 1: ranks 1-10 targeted, 11-15 control, in the order of firms[] */
    exec(db, "INSERT INTO worklists(id, run_id, kind, created_at, parameters)"
             " VALUES(1, 1, 'labor', '2026-05-03T09:00:00Z', '{}')", (const char *)NULL);
    for (int rank = 1; rank <= 15; rank++) {
        char r[8], ctl[2];
        snprintf(r, sizeof r, "%d", rank);
        snprintf(ctl, sizeof ctl, "%d", rank > 10);
        exec(db, "INSERT INTO worklist_rows(worklist_id, rank, subject_type, subject_key, firm_id, score, control)"
                 " SELECT 1, ?1, 'establishment', " INS_ESTAB_KEY ", f.id, COALESCE(s.total, 0), ?2"
                 " FROM establishments e JOIN firms f ON f.id = e.firm_id"
                 " LEFT JOIN scores s ON s.run_id = 1 AND s.subject_type = 'establishment'"
                 "  AND s.subject_key = " INS_ESTAB_KEY " WHERE f.tax_id = ?3",
             r, ctl, firms[rank - 1].ruc, (const char *)NULL);
    }
    tu_assert_int(db, 15, "SELECT COUNT(*) FROM worklist_rows WHERE worklist_id = 1");
    return db;
}

/* Imports one fixture of tests/fixtures/synthetic/cases. */
static void import_case(ins_db *db, ins_import_stats *st, const char *file)
{
    char rel[256];
    snprintf(rel, sizeof rel, "synthetic/cases/%s", file);
    tu_import(db, st, rel, NULL);
}

/* The cell COL of the first row of R whose K1 is V1 (and K2 is V2 when K2). */
static const char *cell_where(const ins_result *r, const char *k1, const char *v1, const char *k2,
                              const char *v2, const char *col)
{
    for (size_t i = 0; i < r->nrows; i++) {
        const char *a = ins_result_cell(r, i, k1);
        if (!a || strcmp(a, v1)) continue;
        if (k2) {
            const char *b = ins_result_cell(r, i, k2);
            if (!b || strcmp(b, v2)) continue;
        }
        return ins_result_cell(r, i, col);
    }
    return NULL;
}

#define ck_cell(r, k1, v1, k2, v2, col, want)                                                      \
    do {                                                                                           \
        const char *got_ = cell_where(r, k1, v1, k2, v2, col);                                     \
        ck_assert_msg(got_ && !strcmp(got_, want), "%s[%s=%s%s%s].%s: expected '%s', got '%s'",    \
                      (r)->title, k1, v1, k2 ? "," : "", k2 ? v2 : "", col, want, got_ ? got_ : "(null)"); \
    } while (0)

/* ---- tests ---------------------------------------------------------------------- */

/* Tells the sniffer's verdict on a header line. */
static int sniff_line(const char *line)
{
    ins_sniff s;
    memset(&s, 0, sizeof s);
    insUStrlcpy(s.first_line, line, sizeof s.first_line);
    return insImporterInspections.sniff(&s);
}

START_TEST(test_sniff)
{
    ck_assert_int_eq(sniff_line("inspection_id,tax_id,date,outcome"), 85);
    ck_assert_int_eq(sniff_line("\"Inspection ID\" ; RUC ; Date ; Outcome"), 85);
    ck_assert_int_eq(sniff_line("outcome,Inspection_Ref,date"), 85);
    ck_assert_int_eq(sniff_line("inspection_id,tax_id,date"), 0);
    ck_assert_int_eq(sniff_line("country,name,address,outcome"), 0);
    ck_assert_int_eq(sniff_line(""), 0);
}
END_TEST

START_TEST(test_wilson)
{
    double lo, hi;
    ck_assert_int_eq(ins_wilson(6, 8, &lo, &hi), 1);
    ck_assert_double_eq_tol(lo, 0.409, 0.0005);
    ck_assert_double_eq_tol(hi, 0.929, 0.0005);
    ck_assert_int_eq(ins_wilson(1, 4, &lo, &hi), 1);
    ck_assert_double_eq_tol(lo, 0.046, 0.0005);
    ck_assert_double_eq_tol(hi, 0.699, 0.0005);
    ck_assert_int_eq(ins_wilson(0, 5, &lo, &hi), 1);
    ck_assert_double_eq_tol(lo, 0.0, 1e-12);
    ck_assert_double_eq_tol(hi, 0.434, 0.0005);
    ck_assert_int_eq(ins_wilson(8, 8, &lo, &hi), 1);
    ck_assert_double_eq_tol(lo, 0.676, 0.0005);
    ck_assert_double_eq_tol(hi, 1.0, 1e-12);
    ck_assert_int_eq(ins_wilson(0, 0, &lo, &hi), 0);
    ck_assert_double_eq_tol(lo + hi, 0.0, 1e-12);
    ck_assert_int_eq(ins_wilson(3, 2, &lo, &hi), 0);
}
END_TEST

START_TEST(test_import_register)
{
    ins_db *db = build_world("cases-import");
    ins_import_stats st;
    import_case(db, &st, "inspections.csv");
    ck_assert_uint_eq(st.rejected, 0);
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_text(db, "inspections", "SELECT kind FROM import_log WHERE path LIKE '%inspections.csv'");
    tu_assert_int(db, 16, "SELECT COUNT(*) FROM inspections");
    tu_assert_int(db, 16, "SELECT COUNT(*) FROM inspections i JOIN documents d ON d.id = i.document_id"
                          " WHERE d.kind = 'inspections' AND i.source = 'csv'");
    tu_assert_text(db, "2026-07-01", "SELECT issue_date FROM documents WHERE kind = 'inspections'");
    /* every inspection names its firm; every one from the worklist its row */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM inspections WHERE firm_id IS NULL OR tax_id IS NULL");
    tu_assert_int(db, 15, "SELECT COUNT(*) FROM inspections i JOIN worklist_rows wr"
                          " ON wr.worklist_id = i.worklist_id AND wr.rank = i.worklist_rank AND wr.firm_id = i.firm_id");
    /* the firm from the worklist row when the CSV gives no RUC */
    tu_assert_text(db, "20600395956", "SELECT tax_id FROM inspections WHERE inspection_ref = 'SUN-2026-0005'");
    /* a RUC written with dashes; an outcome written in words */
    tu_assert_text(db, "forced_labour", "SELECT outcome FROM inspections WHERE tax_id = '20600475143'");
    /* regulators: labor, SUNAFIL and empty (the worklist is a labour one) */
    tu_assert_int(db, 16, "SELECT COUNT(*) FROM inspections WHERE regulator = 'labour'");
    /* establishments: by annex code, from the worklist's key, by ubigeo */
    tu_assert_int(db, 16, "SELECT COUNT(*) FROM inspections i JOIN establishments e ON e.id = i.establishment_id"
                          " WHERE e.firm_id = i.firm_id");
    tu_assert_text(db, "211101", "SELECT ubigeo FROM inspections WHERE inspection_ref = 'SUN-2026-0003'");
    tu_assert_int(db, 14, "SELECT workers_affected FROM inspections WHERE inspection_ref = 'SUN-2026-0001'");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM inspections WHERE infractions IS NULL AND outcome = 'closed'");
    /* no establishment was invented: all annex codes were known */
    tu_assert_int(db, (int64_t)NFIRMS, "SELECT COUNT(*) FROM establishments");
    /* the history rules read firm.inspections: firm_id and date are what they need */
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM inspections i JOIN firms f ON f.id = i.firm_id"
                         " WHERE f.tax_id = '20600237579' AND i.date LIKE '2026-0_-__'");

    /* the same file again is a duplicate; a semicolon file with a BOM imports */
    import_case(db, &st, "inspections.csv");
    ck_assert_uint_eq(st.duplicate, 1);
    import_case(db, &st, "semicolon.csv");
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_text(db, "no_violation", "SELECT outcome FROM inspections WHERE inspection_ref = 'SUN-2026-0030'");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM document_warnings WHERE code = 'ignored_columns'"
                         " AND message LIKE '%Fecha%'");
    ins_db_close(db);
}
END_TEST

/* Imports FILE, expects it rejected with a reason containing WANT, and the
** register unchanged. */
static void expect_rejected(ins_db *db, const char *file, const char *want)
{
    int64_t before = tu_int(db, "SELECT COUNT(*) FROM inspections", (const char *)NULL);
    ins_import_stats st;
    import_case(db, &st, file);
    ck_assert_msg(st.rejected == 1, "%s: not rejected", file);
    char like[128];
    snprintf(like, sizeof like, "%%%s", file);
    char *reason = tu_text(db, "SELECT reason FROM import_log WHERE path LIKE ? AND status = 'rejected'", like,
                           (const char *)NULL);
    ck_assert_msg(reason && strstr(reason, want), "%s: reason '%s' lacks '%s'", file, reason ? reason : "", want);
    free(reason);
    tu_assert_int(db, before, "SELECT COUNT(*) FROM inspections");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM inspections WHERE inspection_ref LIKE 'BAD-%'");
}

START_TEST(test_invalid_rows)
{
    ins_db *db = build_world("cases-invalid");
    expect_rejected(db, "bad-outcome.csv", "row 3: outcome 'violation' is not one of");
    expect_rejected(db, "bad-date.csv", "row 4: date '12/05/2026' is not a date");
    expect_rejected(db, "unknown-row.csv", "row 3: worklist 1 has no row 99");
    expect_rejected(db, "bad-ruc.csv", "row 2: RUC 20600079192 fails its check digit");
    expect_rejected(db, "wrong-firm.csv", "row 2: worklist 1 row 1 is another firm (20600079191)");
    expect_rejected(db, "duplicate-id.csv", "row 3: inspection_id 'BAD-0051' appears twice");
    expect_rejected(db, "header-only.csv", "no inspections in the file");
    /* nothing half-imported: no document, no firm created by a rejected file */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM documents WHERE kind = 'inspections'");
    tu_assert_int(db, (int64_t)NFIRMS, "SELECT COUNT(*) FROM firms");
    ins_db_close(db);
}
END_TEST

START_TEST(test_evaluate)
{
    ins_db *db = build_world("cases-evaluate");
    ins_import_stats st;
    import_case(db, &st, "inspections.csv");
    ck_assert_uint_eq(st.imported, 1);

    ins_evaluation *e = NULL;
    char *err = NULL;
    ins_evaluate_opts o;
    memset(&o, 0, sizeof o);
    ck_assert_int_eq(ins_evaluate(db, &o, &e, &err), INS_OK);
    ck_assert_ptr_null(err);

    /* outcomes: rank 3's two visits count once (forced labour) */
    ck_cell(e->outcomes, "group", "targeted", NULL, NULL, "rows", "10");
    ck_cell(e->outcomes, "group", "targeted", NULL, NULL, "inspected", "8");
    ck_cell(e->outcomes, "group", "targeted", NULL, NULL, "forced_labour", "6");
    ck_cell(e->outcomes, "group", "targeted", NULL, NULL, "not_found", "1");
    ck_cell(e->outcomes, "group", "targeted", NULL, NULL, "not_yet_inspected", "1");
    ck_cell(e->outcomes, "group", "control", NULL, NULL, "inspected", "4");
    ck_cell(e->outcomes, "group", "control", NULL, NULL, "closed", "1");
    ck_cell(e->outcomes, "group", "total", NULL, NULL, "rows", "15");

    /* hit rates with Wilson intervals; not_found and closed out of n */
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "targeted", "n", "8");
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "targeted", "hits", "6");
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "targeted", "rate", "0.750");
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "targeted", "ci_low", "0.409");
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "targeted", "ci_high", "0.929");
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "control", "n", "4");
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "control", "rate", "0.250");
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "control", "ci_low", "0.046");
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "control", "ci_high", "0.699");
    ck_cell(e->hit_rate, "measure", "any_violation", "group", "targeted", "rate", "0.875");
    ck_cell(e->hit_rate, "measure", "any_violation", "group", "targeted", "ci_low", "0.529");
    ck_cell(e->hit_rate, "measure", "any_violation", "group", "targeted", "ci_high", "0.978");
    ck_cell(e->hit_rate, "measure", "any_violation", "group", "control", "rate", "0.500");
    ck_cell(e->hit_rate, "measure", "any_violation", "group", "control", "ci_low", "0.150");
    ck_cell(e->hit_rate, "measure", "any_violation", "group", "control", "ci_high", "0.850");
    ck_assert_ptr_nonnull(strstr(cell_where(e->hit_rate, "measure", "forced_labour", "group", "targeted", "note"),
                                 "muestra pequeña")); /* the default document language */
    ck_assert_ptr_nonnull(strstr(e->hit_rate->note, "not_found"));

    ck_cell(e->lift, "measure", "forced_labour", NULL, NULL, "lift", "3.00");
    ck_cell(e->lift, "measure", "any_violation", NULL, NULL, "lift", "1.75");

    /* precision at k among targeted rows by rank */
    ck_cell(e->precision, "k", "5", NULL, NULL, "rows", "5");
    ck_cell(e->precision, "k", "5", NULL, NULL, "n", "5");
    ck_cell(e->precision, "k", "5", NULL, NULL, "forced_labour", "4");
    ck_cell(e->precision, "k", "5", NULL, NULL, "precision", "0.800");
    ck_cell(e->precision, "k", "5", NULL, NULL, "ci_low", "0.376");
    ck_cell(e->precision, "k", "5", NULL, NULL, "ci_high", "0.964");
    ck_cell(e->precision, "k", "5", NULL, NULL, "precision_any", "1.000");
    ck_cell(e->precision, "k", "10", NULL, NULL, "n", "8");
    ck_cell(e->precision, "k", "10", NULL, NULL, "precision", "0.750");
    ck_cell(e->precision, "k", "25", NULL, NULL, "rows", "10");
    ck_cell(e->precision, "k", "25", NULL, NULL, "precision", "0.750");

    /* per rule: rows reached and confirmed */
    ck_assert_uint_eq(e->rules->nrows, 2);
    ck_cell(e->rules, "rule_id", "TST-A", NULL, NULL, "n", "7");
    ck_cell(e->rules, "rule_id", "TST-A", NULL, NULL, "targeted", "6");
    ck_cell(e->rules, "rule_id", "TST-A", NULL, NULL, "control", "1");
    ck_cell(e->rules, "rule_id", "TST-A", NULL, NULL, "forced_labour", "6");
    ck_cell(e->rules, "rule_id", "TST-A", NULL, NULL, "rate", "0.857");
    ck_cell(e->rules, "rule_id", "TST-A", NULL, NULL, "ci_low", "0.487");
    ck_cell(e->rules, "rule_id", "TST-A", NULL, NULL, "ci_high", "0.974");
    ck_cell(e->rules, "rule_id", "TST-A", NULL, NULL, "title", "Regla A de prueba");
    ck_cell(e->rules, "rule_id", "TST-B", NULL, NULL, "rev", "2");
    ck_cell(e->rules, "rule_id", "TST-B", NULL, NULL, "n", "4");
    ck_cell(e->rules, "rule_id", "TST-B", NULL, NULL, "forced_labour", "1");
    ck_cell(e->rules, "rule_id", "TST-B", NULL, NULL, "rate", "0.250");
    ck_cell(e->rules, "rule_id", "TST-B", NULL, NULL, "any_violation", "3");
    ck_cell(e->rules, "rule_id", "TST-B", NULL, NULL, "rate_any", "0.750");
    ck_cell(e->rules, "rule_id", "TST-B", NULL, NULL, "ci_any_low", "0.301");
    ck_cell(e->rules, "rule_id", "TST-B", NULL, NULL, "ci_any_high", "0.954");
    ck_cell(e->rules, "rule_id", "TST-B", NULL, NULL, "not_found_closed", "1");
    ins_evaluation_free(e);

    /* one worklist, one run: the same; a run without worklists: not found */
    o.worklist_id = 1;
    ck_assert_int_eq(ins_evaluate(db, &o, &e, &err), INS_OK);
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "targeted", "rate", "0.750");
    ins_evaluation_free(e);
    memset(&o, 0, sizeof o);
    o.run_id = 1;
    ck_assert_int_eq(ins_evaluate(db, &o, &e, &err), INS_OK);
    ck_cell(e->lift, "measure", "forced_labour", NULL, NULL, "lift", "3.00");
    ins_evaluation_free(e);
    o.run_id = 2;
    ck_assert_int_eq(ins_evaluate(db, &o, &e, &err), INS_ERR_NOTFOUND);
    ck_assert_ptr_null(e);
    ck_assert_ptr_nonnull(err);
    free(err);
    err = NULL;

    /* only inspections of May: ranks 1, 2, 4, 5 (and 3 not found yet) */
    memset(&o, 0, sizeof o);
    o.to = "2026-05-31";
    ck_assert_int_eq(ins_evaluate(db, &o, &e, &err), INS_OK);
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "targeted", "n", "4");
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "targeted", "hits", "3");
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "control", "n", "0");
    ck_assert_ptr_nonnull(strstr(cell_where(e->lift, "measure", "forced_labour", NULL, NULL, "note"), "control"));
    ck_assert_ptr_null(cell_where(e->lift, "measure", "forced_labour", NULL, NULL, "lift"));
    ins_evaluation_free(e);
    ins_db_close(db);
}
END_TEST

START_TEST(test_add_and_update)
{
    ins_db *db = build_world("cases-add");
    ins_inspection in;
    memset(&in, 0, sizeof in);
    in.ref = "MAN-0001";
    in.tax_id = "20600791908";
    in.date = "2026-09-15";
    in.regulator = "labour";
    in.outcome = "other_violation";
    in.worklist_id = 1;
    in.worklist_rank = 10;
    in.infractions = 2;
    in.workers_affected = 4;
    in.minors = 0;
    in.note = "manual";
    int updated = -1;
    char *err = NULL;
    ck_assert_int_eq(ins_inspection_add(db, &in, &updated, &err), INS_OK);
    ck_assert_int_eq(updated, 0);
    tu_assert_text(db, "manual", "SELECT source FROM inspections WHERE inspection_ref = 'MAN-0001'");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM inspections WHERE inspection_ref = 'MAN-0001' AND document_id IS NULL"
                         " AND establishment_id IS NOT NULL AND worklist_rank = 10");
    /* recording it again updates it */
    in.outcome = "forced_labour";
    in.workers_affected = 6;
    ck_assert_int_eq(ins_inspection_add(db, &in, &updated, &err), INS_OK);
    ck_assert_int_eq(updated, 1);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM inspections");
    tu_assert_text(db, "forced_labour", "SELECT outcome FROM inspections WHERE inspection_ref = 'MAN-0001'");
    tu_assert_int(db, 6, "SELECT workers_affected FROM inspections WHERE inspection_ref = 'MAN-0001'");

    /* invalid values and unknown rows are refused, with a reason */
    in.outcome = "found something";
    ck_assert_int_eq(ins_inspection_add(db, &in, &updated, &err), INS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err, "outcome 'found something'"));
    free(err);
    in.outcome = "no_violation";
    in.worklist_rank = 77;
    ck_assert_int_eq(ins_inspection_add(db, &in, &updated, &err), INS_ERR_NOTFOUND);
    ck_assert_ptr_nonnull(strstr(err, "worklist 1 has no row 77"));
    free(err);
    in.worklist_rank = 0;
    ck_assert_int_eq(ins_inspection_add(db, &in, &updated, &err), INS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err, "go together"));
    free(err);
    in.worklist_id = 0;
    in.date = "2026-02-30";
    ck_assert_int_eq(ins_inspection_add(db, &in, &updated, &err), INS_ERR_ARG);
    free(err);
    err = NULL;
    tu_assert_text(db, "forced_labour", "SELECT outcome FROM inspections WHERE inspection_ref = 'MAN-0001'");

    /* an establishment named by the key printed in worklists; a new annex */
    char *key = tu_text(db, "SELECT subject_key FROM worklist_rows WHERE worklist_id = 1 AND rank = 9",
                        (const char *)NULL);
    ck_assert_ptr_nonnull(key);
    memset(&in, 0, sizeof in);
    in.infractions = in.workers_affected = in.minors = -1;
    in.ref = "MAN-0002";
    in.establishment = key;
    in.date = "2026-09-20";
    in.outcome = "no_violation";
    ck_assert_int_eq(ins_inspection_add(db, &in, &updated, &err), INS_OK);
    tu_assert_text(db, "20600712714", "SELECT tax_id FROM inspections WHERE inspection_ref = 'MAN-0002'");
    free(key);
    in.ref = "MAN-0003";
    in.establishment = "0007";
    in.tax_id = "20600712714";
    in.ubigeo = "150132";
    ck_assert_int_eq(ins_inspection_add(db, &in, &updated, &err), INS_OK);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM establishments e JOIN inspections i ON i.establishment_id = e.id"
                         " WHERE i.inspection_ref = 'MAN-0003' AND e.annex_code = '0007' AND e.ubigeo = '150132'");
    in.ref = "MAN-0004";
    in.tax_id = NULL;
    in.establishment = "20600712714/0000#999";
    ck_assert_int_eq(ins_inspection_add(db, &in, &updated, &err), INS_ERR_NOTFOUND);
    free(err);
    err = NULL;

    /* a CSV re-recording an inspection updates it */
    ins_import_stats st;
    import_case(db, &st, "inspections.csv");
    tu_assert_text(db, "no_violation", "SELECT outcome FROM inspections WHERE inspection_ref = 'SUN-2026-0007'");
    int64_t n = tu_int(db, "SELECT COUNT(*) FROM inspections", (const char *)NULL);
    import_case(db, &st, "update.csv");
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_int(db, n, "SELECT COUNT(*) FROM inspections");
    tu_assert_text(db, "other_violation", "SELECT outcome FROM inspections WHERE inspection_ref = 'SUN-2026-0007'");
    tu_assert_text(db, "Corrected after review: unpaid overtime",
                   "SELECT note FROM inspections WHERE inspection_ref = 'SUN-2026-0007'");

    /* the evaluation follows: ranks 1-8 and 10 now all violations */
    ins_evaluation *e = NULL;
    ck_assert_int_eq(ins_evaluate(db, NULL, &e, &err), INS_OK);
    ck_cell(e->hit_rate, "measure", "any_violation", "group", "targeted", "n", "9");
    ck_cell(e->hit_rate, "measure", "any_violation", "group", "targeted", "hits", "9");
    ck_cell(e->hit_rate, "measure", "forced_labour", "group", "targeted", "hits", "7");
    ins_evaluation_free(e);

    /* the list, by period */
    ins_result *r = NULL;
    ck_assert_int_eq(ins_inspections_list(db, "2026-06-01", "2026-06-30", &r, &err), INS_OK);
    ck_assert_uint_eq(r->nrows, 10);
    ck_cell(r, "inspection_id", "SUN-2026-0014", NULL, NULL, "control", "1");
    ck_cell(r, "inspection_id", "SUN-2026-0014", NULL, NULL, "department", "LA LIBERTAD");
    ins_result_free(r);
    ck_assert_int_eq(ins_inspections_list(db, NULL, NULL, &r, &err), INS_OK);
    ck_assert_uint_eq(r->nrows, (size_t)n);
    ins_result_free(r);
    ck_assert_int_eq(ins_inspections_list(db, "junio", NULL, &r, &err), INS_ERR_ARG);
    free(err);
    ins_db_close(db);
}
END_TEST

/* 1 when the worklist R has a row of the firm RUC. */
static int lists_firm(const ins_result *r, const char *ruc)
{
    for (size_t i = 0; i < r->nrows; i++) {
        const char *t = ins_result_cell(r, i, "tax_id");
        if (t && !strcmp(t, ruc)) return 1;
    }
    return 0;
}

/*
** Victims' aggregates (issue 14): counts by sex, age band, nationality and
** interpreter's language are stored per inspection, written again when the
** inspection is; categories are normalised (F, Venezuela); a bad dimension,
** category or count, and more persons than workers affected, are refused
** with a reason and leave the register as it was.
*/
START_TEST(test_victims)
{
    ins_db *db = build_world("cases-victims");
    ins_inspection in;
    memset(&in, 0, sizeof in);
    in.ref = "VIC-0001";
    in.tax_id = "20600791908";
    in.date = "2026-09-15";
    in.outcome = "forced_labour";
    in.infractions = in.minors = -1;
    in.workers_affected = 7;
    in.victims = "sex:F=3; sex:male=4;age:14_17=1;age:18_29=6;nationality:Venezuela=2;nationality:PE=5;"
                 "interpreter:Quechua=2";
    char *err = NULL;
    ck_assert_int_eq(ins_inspection_add(db, &in, NULL, &err), INS_OK);
    tu_assert_text(db, "age:14_17=1,age:18_29=6,interpreter:quechua=2,nationality:PE=5,nationality:VE=2,"
                       "sex:female=3,sex:male=4",
                   "SELECT group_concat(x, ',') FROM (SELECT dimension || ':' || category || '=' || count AS x"
                   " FROM inspection_victims ORDER BY 1)");
    in.victims = "sex:female=2;sex:female=1";
    ck_assert_int_eq(ins_inspection_add(db, &in, NULL, &err), INS_OK);
    tu_assert_text(db, "sex:female=3", "SELECT group_concat(dimension || ':' || category || '=' || count)"
                                       " FROM inspection_victims");
    static const struct { const char *v, *why; } bad[] = {
        {"height:tall=1", "dimension 'height'"},
        {"sex:other=1", "sex 'other'"},
        {"age:12=1", "age band '12'"},
        {"nationality:Atlantis=1", "nationality 'Atlantis'"},
        {"interpreter:qu3chua=1", "language 'qu3chua'"},
        {"sex:female=two", "not a whole number"},
        {"sex female 2", "dimension:category=count"},
        {"sex:female=5;sex:male=5", "more than the 7 workers affected"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        in.victims = bad[i].v;
        ck_assert_int_eq(ins_inspection_add(db, &in, NULL, &err), INS_ERR_ARG);
        ck_assert_msg(err && strstr(err, bad[i].why), "%s: %s", bad[i].v, err ? err : "(none)");
        free(err);
        err = NULL;
    }
    in.minors = 0;
    in.victims = "age:under_14=1";
    ck_assert_int_eq(ins_inspection_add(db, &in, NULL, &err), INS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err, "more than the 0 minors"));
    free(err);
    tu_assert_text(db, "sex:female=3", "SELECT group_concat(dimension || ':' || category || '=' || count)"
                                       " FROM inspection_victims");
    ins_db_close(db);
}
END_TEST

START_TEST(test_exclude_inspected)
{
    ins_db *db = build_world("cases-exclude");
    ins_import_stats st;
    import_case(db, &st, "inspections.csv");
    ins_worklist_opts o;
    memset(&o, 0, sizeof o);
    o.kind = "labor";
    o.run_id = 2;
    o.top = 5;
    ins_result *r = NULL;
    char *err = NULL;
    ck_assert_int_eq(ins_worklist(db, &o, &r, NULL, &err), INS_OK);
    ck_assert(lists_firm(r, firms[0].ruc));
    ck_assert(!lists_firm(r, firms[9].ruc));
    ins_result_free(r);
    /* inspected within a year of run 2 (as of 2026-11-01): left out */
    o.exclude_days = 365;
    ck_assert_int_eq(ins_worklist(db, &o, &r, NULL, &err), INS_OK);
    ck_assert(!lists_firm(r, firms[0].ruc));
    ck_assert(!lists_firm(r, firms[2].ruc));
    ck_assert(lists_firm(r, firms[9].ruc)); /* rank 10 was never inspected */
    ins_result_free(r);
    /* inspections after the run's date do not count: run 1 is as of 2026-05-01 */
    o.run_id = 1;
    ck_assert_int_eq(ins_worklist(db, &o, &r, NULL, &err), INS_OK);
    ck_assert(lists_firm(r, firms[0].ruc));
    ins_result_free(r);
    ins_db_close(db);
}
END_TEST

/* Number of times NEEDLE occurs in HAY. */
static size_t occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

START_TEST(test_report)
{
    ins_db *db = build_world("cases-report");
    ins_import_stats st;
    import_case(db, &st, "inspections.csv");
    ins_report *r = NULL;
    char *err = NULL;
    ck_assert_int_eq(ins_report_build(db, "2026-01-01", "2026-06-30", &r, &err), INS_OK);
    ck_assert_int_eq(r->run_id, 1);
    ck_assert_uint_eq(r->ntables, 12);
    /* no exchange files: the binational tables are there, empty */
    ck_assert_str_eq(r->names[8], "09-binational-files");
    ck_assert_uint_eq(r->tables[8]->nrows, 0);
    ck_assert_uint_eq(r->tables[9]->nrows, 0);
    ck_assert_str_eq(r->names[10], "11-binational-profiles");
    ck_assert_str_eq(r->names[11], "12-calibration");
    ck_cell(r->tables[11], "indicator", "Última calibración", NULL, NULL, "value",
            "ninguna: no se ha ejecutado inspector calibrate");
    const ins_result *ind = r->tables[0], *out = r->tables[1], *hit = r->tables[2];
    const ins_result *dept = r->tables[3], *dhit = r->tables[4], *sect = r->tables[5], *map = r->tables[7];
    ck_assert_str_eq(r->names[0], "01-indicators");
    ck_cell(ind, "indicator", "Corridas de puntaje creadas en el periodo", NULL, NULL, "value", "1");
    ck_cell(ind, "indicator", "Empresas evaluadas (en los datos de la corrida de referencia)", NULL, NULL, "value", "17");
    ck_cell(ind, "indicator", "Establecimientos con riesgo mayor que 0", NULL, NULL, "value", "13");
    ck_cell(ind, "indicator", "Listas de trabajo emitidas", NULL, NULL, "value", "1");
    ck_cell(ind, "indicator", "Filas emitidas: focalizadas / de control", NULL, NULL, "value", "10 / 5");
    /* the period ends before SUN-2026-0020 (July) */
    ck_cell(ind, "indicator", "Inspecciones realizadas (laborales / de transporte)", NULL, NULL, "value", "15 (15 / 0)");
    ck_cell(ind, "indicator", "Trabajadores afectados", NULL, NULL, "value", "76");
    ck_cell(ind, "indicator", "Menores de edad encontrados", NULL, NULL, "value", "12");
    ck_cell(ind, "indicator", "Tasa de acierto, filas focalizadas (trabajo forzoso, IC 95%)", NULL, NULL, "value",
            "0.750 [0.409, 0.929], n = 8");
    ck_cell(out, "outcome", "forced_labour", NULL, NULL, "inspections", "7");
    ck_cell(out, "outcome", "not_found", NULL, NULL, "inspections", "2");
    ck_cell(out, "outcome", "closed", NULL, NULL, "inspections", "1");
    ck_cell(out, "outcome", "forced_labour", NULL, NULL, "minors", "12");
    ck_cell(hit, "measure", "forced_labour", "group", "control", "rate", "0.250");
    /* by department: Madre de Dios has 3 establishments and 3 inspections */
    ck_cell(dept, "code", "17", NULL, NULL, "department", "MADRE DE DIOS");
    ck_cell(dept, "code", "17", NULL, NULL, "establishments", "3");
    ck_cell(dept, "code", "17", NULL, NULL, "inspections", "3");
    ck_cell(dept, "code", "17", NULL, NULL, "forced_labour", "3");
    ck_cell(dept, "code", "17", NULL, NULL, "workers_affected", "45");
    ck_cell(dept, "code", "17", NULL, NULL, "mean_risk", "0.817");
    ck_cell(dept, "code", "21", NULL, NULL, "not_found", "1");
    ck_cell(dhit, "code", "15", NULL, NULL, "targeted_n", "1");
    ck_cell(dhit, "code", "15", NULL, NULL, "control_n", "2");
    ck_cell(dhit, "code", "15", NULL, NULL, "control_hits", "0");
    ck_cell(sect, "sector", "sin declarar", NULL, NULL, "establishments", "1");
    ck_cell(sect, "sector", "Extracción de madera", NULL, NULL, "forced_labour", "2");
    /* the map: every department, with its capital's coordinates */
    ck_assert_uint_eq(map->nrows, 25);
    ck_cell(map, "code", "17", NULL, NULL, "establishments", "3");
    ck_cell(map, "code", "17", NULL, NULL, "mean_risk", "0.817");
    ck_cell(map, "code", "05", NULL, NULL, "establishments", "0");
    ck_assert_ptr_nonnull(cell_where(map, "code", "15", NULL, NULL, "latitude"));
    ck_assert_uint_gt(r->noutline, 1800);

    char *html = NULL;
    ck_assert_int_eq(ins_report_html(r, &html), INS_OK);
    ck_assert_ptr_nonnull(strstr(html, "<title>Informe de seguimiento"));
    ck_assert_uint_eq(occurrences(html, "<table"), r->ntables);
    ck_assert_uint_ge(occurrences(html, "<svg "), 4);
    ck_assert_uint_eq(occurrences(html, "<g class=\"dept\">"), 25);
    ck_assert_ptr_nonnull(strstr(html, "MADRE DE DIOS 0.82"));
    /* no worker identity and no note ever reaches the report */
    ck_assert_ptr_null(strstr(html, "Quispe"));
    ck_assert_ptr_null(strstr(html, "adelantos"));
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "http://www.w3.org/2000/svg\" src"));
    free(html);
    ins_report_free(r);

    /* a period without runs or worklists still renders; a bad period is refused */
    ck_assert_int_eq(ins_report_build(db, "2020-01-01", "2020-06-30", &r, &err), INS_OK);
    ck_assert_int_eq(r->run_id, 0);
    ck_assert(ins_report_html(r, &html) == INS_OK && strstr(html, "</html>"));
    free(html);
    ins_report_free(r);
    ck_assert_int_eq(ins_report_build(db, "2026-06-30", "2026-01-01", &r, &err), INS_ERR_ARG);
    ck_assert_ptr_null(r);
    free(err);
    ins_db_close(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cases");
    TCase *tc = tcase_create("register");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_wilson);
    tcase_add_test(tc, test_import_register);
    tcase_add_test(tc, test_invalid_rows);
    tcase_add_test(tc, test_add_and_update);
    tcase_add_test(tc, test_victims);
    tcase_add_test(tc, test_exclude_inspected);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("evaluate");
    tcase_set_timeout(te, 60);
    tcase_add_test(te, test_evaluate);
    tcase_add_test(te, test_report);
    suite_add_tcase(s, te);
    return tu_run(s);
}
