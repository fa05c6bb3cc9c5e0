/*
** check_payroll.c: the PLAME payroll importer (importers/plame.c), the
** minimum-wage reference importer (importers/ref_minwage.c) and the payroll
** rules over what they store.
**
** Fixtures: tests/fixtures/synthetic/plame (see its README): a suspect
** employer, 20609876540, with three months of 60-hour weeks, no overtime
** pay, pay below the minimum wage and large deductions, and a clean one,
** 20543210987, with a month of 2024 and one of 2025.  Files that must be
** rejected are written by the tests into the build tree.
*/
#include "testutil.h"

#include "importer.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SUSPECT "20609876540"
#define CLEAN "20543210987"
#define PLAME_DIR "synthetic/plame"
#define PLAME_FILES 13

/* The payroll_months value of column COL (SQL text) for RUC and PERIOD. */
#define MONTH_SQL(col)                                                                    \
    "SELECT " col " FROM payroll_months p JOIN firms f ON f.id = p.firm_id"              \
    " WHERE f.tax_id = ? AND p.period = ?"

/* Path of the shipped minimum-wage file. */
static const char *min_wage_csv(void)
{
    const char *d = getenv("INSPECTOR_DATADIR");
    static char path[4200];
    snprintf(path, sizeof path, "%s/min-wage.csv", d && *d ? d : tu_srcpath("data"));
    return path;
}

/* A database with the minimum wages and every fixture file imported.  The
** folder's README.md is no data file: the driver rejects it, alone. */
static ins_db *payroll_db(const char *name)
{
    ins_db *db = tu_db_new(name);
    ins_import_stats st;
    ck_assert_int_eq(tu_import_abs(db, &st, min_wage_csv(), NULL), INS_OK);
    ck_assert_int_eq(st.imported, 1);
    tu_import(db, &st, PLAME_DIR, NULL);
    ck_assert_int_eq(st.imported, PLAME_FILES);
    ck_assert_int_eq(st.rejected, 1);
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM import_log WHERE status = 'rejected'"
                  " AND path LIKE '%/plame/README.md'");
    return db;
}

/* A fresh directory in the build tree for files a test writes. */
static const char *tmp_dir(const char *name)
{
    static char dir[4200];
    const char *b = getenv("top_builddir");
    snprintf(dir, sizeof dir, "%s/tests/tmp", b && *b ? b : ".");
    mkdir(dir, 0777);
    snprintf(dir, sizeof dir, "%s/tests/tmp/%s-%ld", b && *b ? b : ".", name, (long)getpid());
    mkdir(dir, 0777);
    return dir;
}

/* Writes TEXT to DIR/NAME and returns the path (static storage). */
static const char *write_file(const char *dir, const char *name, const char *text)
{
    static char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Asserts a payroll_months real column, to within 0.005. */
static void assert_month_real(ins_db *db, const char *col_sql, const char *ruc, const char *period,
                              double expected)
{
    char *got = tu_text(db, col_sql, ruc, period, (const char *)NULL);
    ck_assert_msg(got != NULL, "%s %s: no value for %s", ruc, period, col_sql);
    double v = strtod(got, NULL);
    ck_assert_msg(v > expected - 0.005 && v < expected + 0.005, "%s %s: %s is %s, expected %.4f",
                  ruc, period, col_sql, got, expected);
    free(got);
}

/* The import_log reason of the last rejected file. */
static char *last_reason(ins_db *db)
{
    return tu_text(db, "SELECT reason FROM import_log WHERE status = 'rejected' ORDER BY id DESC",
                   (const char *)NULL);
}

/* Sniffs a first line under a file name. */
static int sniff_as(const char *filename, const char *line)
{
    ins_sniff s;
    memset(&s, 0, sizeof s);
    insUStrlcpy(s.first_line, line, sizeof s.first_line);
    s.filename = filename;
    return insImporterPlame.sniff(&s);
}

START_TEST(test_sniff)
{
    const char *jor = "01|47315826|208|0|52|0|";
    ck_assert_int_eq(sniff_as("060120250820609876540.jor", jor), 85);
    ck_assert_int_eq(sniff_as("060120250820609876540.REM", "01|47315826|0121|800.00|800.00|"), 85);
    ck_assert_int_eq(sniff_as("060120250820609876540.snl", "04|001583927|05|4"), 85);
    /* the right name with other content: claimed, to be rejected at line 1 */
    ck_assert_int_eq(sniff_as("060120250820609876540.jor", "country,name,address"), 30);
    /* PLAME content under another name: claimed, to be rejected with the name */
    ck_assert_int_eq(sniff_as("planilla.jor", jor), 50);
    ck_assert_int_eq(sniff_as("planilla.txt", "07|C03918462|0121|600|600"), 50);
    /* not PLAME */
    ck_assert_int_eq(sniff_as("060120251320609876540.jor", "country,name"), 0);
    ck_assert_int_eq(sniff_as("x.csv", "country,name,address"), 0);
    ck_assert_int_eq(sniff_as("x.txt", "a|b|c|d"), 0);
    ck_assert_int_eq(sniff_as("x.txt", "01|4731|abc|1|"), 0);
    ck_assert_int_eq(sniff_as(NULL, "01|47315826"), 0);
    /* malformed names */
    ck_assert_int_eq(sniff_as("060120250820609876540.txt", "x"), 0);
    ck_assert_int_eq(sniff_as("060120250820609876540.jor.bak", "x"), 0);
    ck_assert_int_eq(sniff_as("060220250820609876540.jor", "x"), 0);

    ins_sniff s;
    memset(&s, 0, sizeof s);
    insUStrlcpy(s.first_line, "country,valid_from,monthly_amount,currency,norm,source",
                sizeof s.first_line);
    ck_assert_int_eq(insImporterMinWage.sniff(&s), 85);
    insUStrlcpy(s.first_line, "country,monthly_amount", sizeof s.first_line);
    ck_assert_int_eq(insImporterMinWage.sniff(&s), 0);
}
END_TEST

START_TEST(test_min_wage)
{
    ins_db *db = tu_db_new("pay-minwage");
    ins_import_stats st;
    ck_assert_int_eq(tu_import_abs(db, &st, min_wage_csv(), NULL), INS_OK);
    ck_assert_int_eq(st.imported, 1);
    tu_assert_int(db, 13, "SELECT COUNT(*) FROM min_wages");
    /* the decrees before June 2012, back to 2000 (issue 12) */
    tu_assert_text(db, "675.0", "SELECT monthly_amount FROM min_wages WHERE valid_from = '2011-08-15'");
    tu_assert_text(db, "D.S. 011-2011-TR", "SELECT norm FROM min_wages WHERE valid_from = '2011-08-15'");
    tu_assert_text(db, "550.0",
                   "SELECT monthly_amount FROM min_wages WHERE valid_from <= '2009-06-01'"
                   " ORDER BY valid_from DESC LIMIT 1");
    tu_assert_text(db, "1130.0",
                   "SELECT monthly_amount FROM min_wages WHERE country = 'PE' AND valid_from = "
                   "'2025-01-01'");
    tu_assert_text(db, "D.S. 006-2024-TR",
                   "SELECT norm FROM min_wages WHERE valid_from = '2025-01-01'");
    tu_assert_text(db, "1025.0",
                   "SELECT monthly_amount FROM min_wages WHERE valid_from = '2022-05-01'");
    tu_assert_text(db, "930.0", "SELECT monthly_amount FROM min_wages WHERE valid_from = '2018-04-01'");
    tu_assert_text(db, "850.0", "SELECT monthly_amount FROM min_wages WHERE valid_from = '2016-05-01'");
    tu_assert_int(db, 13, "SELECT rows FROM reference_sources WHERE name = 'min-wage'");
    tu_assert_text(db, "min-wage", "SELECT kind FROM source_files");

    /* a new file replaces every row */
    const char *dir = tmp_dir("pay-minwage");
    write_file(dir, "mw.csv",
               "country,valid_from,monthly_amount,currency,norm,source\n"
               "pe,2030-01-01,\"1,500.00\",pen,D.S. 999-2029-TR,test\n");
    ck_assert_int_eq(tu_import_abs(db, &st, dir, NULL), INS_OK);
    ck_assert_int_eq(st.imported, 1);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM min_wages");
    tu_assert_text(db, "PE|2030-01-01|1500.0|PEN",
                   "SELECT country || '|' || valid_from || '|' || monthly_amount || '|' || currency"
                   " FROM min_wages");

    /* a bad row rejects the file, which changes nothing */
    write_file(dir, "mw.csv",
               "country,valid_from,monthly_amount,currency,norm,source\n"
               "PE,2031-01-01,1600,PEN,,\nPE,2031-13-01,1700,PEN,,\n");
    ck_assert_int_eq(tu_import_abs(db, &st, dir, NULL), INS_OK);
    ck_assert_int_eq(st.rejected, 1);
    char *reason = last_reason(db);
    ck_assert_ptr_nonnull(reason);
    ck_assert_msg(strstr(reason, "row 3") && strstr(reason, "valid_from"), "reason: %s", reason);
    free(reason);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM min_wages");
    ins_db_close(db);
}
END_TEST

START_TEST(test_months)
{
    ins_db *db = payroll_db("pay-months");
    tu_assert_int(db, 5, "SELECT COUNT(*) FROM payroll_months");
    tu_assert_int(db, 2, "SELECT COUNT(DISTINCT firm_id) FROM payroll_months");

    static const struct {
        const char *ruc, *period;
        int workers, over48, below, zero;
        double migrants, avg_week, max_week, ot_hours, ot_paid, min_wage, ded_share, rest;
    } want[] = {
        {SUSPECT, "2025-08-01", 10, 9, 9, 0, 0.4, 57.00, 60.63, 476.5, 0, 1130, 0.3462, 0},
        {SUSPECT, "2025-09-01", 10, 9, 9, 0, 0.4, 58.53, 62.65, 476.5, 0, 1130, 0.3077, 0},
        {SUSPECT, "2025-10-01", 10, 9, 9, 1, 0.4, 56.91, 60.63, 472.5, 0, 1130, 0.3269, 0},
        {CLEAN, "2024-12-01", 6, 0, 0, 0, 0, 46.97, 46.97, 48, 375, 1025, 0.032, 0},
        {CLEAN, "2025-09-01", 6, 0, 0, 0, 0, 46.20, 46.20, 36, 281.28, 1130, 0.032, 100},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(want); i++) {
        const char *r = want[i].ruc, *p = want[i].period;
        tu_assert_int(db, want[i].workers, MONTH_SQL("workers"), r, p);
        tu_assert_int(db, want[i].over48, MONTH_SQL("workers_over_48h"), r, p);
        tu_assert_int(db, want[i].below, MONTH_SQL("workers_below_min_wage"), r, p);
        tu_assert_int(db, want[i].zero, MONTH_SQL("zero_pay_workers"), r, p);
        assert_month_real(db, MONTH_SQL("migrant_share"), r, p, want[i].migrants);
        assert_month_real(db, MONTH_SQL("avg_weekly_hours"), r, p, want[i].avg_week);
        assert_month_real(db, MONTH_SQL("max_weekly_hours"), r, p, want[i].max_week);
        assert_month_real(db, MONTH_SQL("overtime_hours"), r, p, want[i].ot_hours);
        assert_month_real(db, MONTH_SQL("overtime_paid"), r, p, want[i].ot_paid);
        assert_month_real(db, MONTH_SQL("min_wage"), r, p, want[i].min_wage);
        assert_month_real(db, MONTH_SQL("deduction_share"), r, p, want[i].ded_share);
        assert_month_real(db, MONTH_SQL("rest_day_work"), r, p, want[i].rest);
    }
    /* the part-time worker (176 h, S/ 600) is not compared with the RMV */
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM payroll_workers w JOIN firms f ON f.id = w.firm_id"
                  " WHERE f.tax_id = ? AND w.period = '2025-08-01' AND w.ordinary_hours = 176"
                  " AND w.gross_paid = 600",
                  SUSPECT);
    /* pension contributions (06xx) and EsSalud (08xx) are neither pay nor deduction */
    tu_assert_int(db, 10,
                  "SELECT COUNT(*) FROM payroll_workers w JOIN firms f ON f.id = w.firm_id"
                  " WHERE f.tax_id = ? AND w.period = '2025-08-01'"
                  " AND w.gross_accrued IN (600, 800) AND w.deductions IN (150, 450)",
                  SUSPECT);
    /* days not worked are summed over reasons */
    tu_assert_int(db, 6,
                  "SELECT CAST(TOTAL(days_not_worked) AS INTEGER) FROM payroll_workers"
                  " WHERE period = '2025-09-01'");
    /* the documents: one per file, issued by the employer on the period's first day */
    tu_assert_int(db, PLAME_FILES, "SELECT COUNT(*) FROM documents WHERE kind = 'payroll'");
    tu_assert_text(db, "jor|2025-08-01|060120250820609876540.jor|" SUSPECT,
                   "SELECT d.type_code || '|' || d.issue_date || '|' || d.number || '|' || f.tax_id"
                   " FROM documents d JOIN firms f ON f.id = d.issuer_firm_id"
                   " WHERE d.number LIKE '%202508%.jor'");
    tu_assert_int(db, 1, "SELECT id_valid FROM firms WHERE tax_id = ?", SUSPECT);
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM document_warnings");
    ins_db_close(db);
}
END_TEST

/* Collects the document numbers (field 2) of every fixture line. */
static size_t fixture_numbers(char numbers[][32], size_t max)
{
    static const char *const files[] = {
        "060120250820609876540.jor", "060120250820609876540.rem", "060120250820609876540.snl",
        "060120250920609876540.jor", "060120250920609876540.rem", "060120250920609876540.snl",
        "060120251020609876540.jor", "060120251020609876540.rem", "060120251020609876540.snl",
        "060120241220543210987.jor", "060120241220543210987.rem", "060120250920543210987.jor",
        "060120250920543210987.rem",
    };
    size_t n = 0;
    for (size_t i = 0; i < INS_ARRAY_LEN(files); i++) {
        char rel[256];
        snprintf(rel, sizeof rel, PLAME_DIR "/%s", files[i]);
        FILE *f = fopen(tu_fixture(rel), "rb");
        ck_assert_ptr_nonnull(f);
        char line[256];
        while (fgets(line, sizeof line, f)) {
            char *a = strchr(line, '|');
            if (!a) continue;
            char *b = strchr(a + 1, '|');
            if (!b || b - a - 1 >= 32) continue;
            char num[32];
            memcpy(num, a + 1, (size_t)(b - a - 1));
            num[b - a - 1] = '\0';
            int seen = 0;
            for (size_t k = 0; k < n && !seen; k++) seen = !strcmp(numbers[k], num);
            if (!seen && n < max) insUStrlcpy(numbers[n++], num, 32);
        }
        fclose(f);
    }
    return n;
}

/*
** Counts the cells, in every column of every table, whose text contains
** NEEDLE.  Columns of any type are cast to text, so a number stored as an
** integer is found as well.
*/
static int64_t cells_containing(ins_db *db, const char *needle)
{
    sqlite3_stmt *t = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h,
                                        "SELECT t.name, c.name FROM sqlite_schema t,"
                                        " pragma_table_info(t.name) c WHERE t.type = 'table'",
                                        -1, &t, NULL),
                     SQLITE_OK);
    int64_t found = 0;
    while (sqlite3_step(t) == SQLITE_ROW) {
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM \"%s\" WHERE instr(CAST(\"%s\" AS TEXT), ?) > 0",
                 (const char *)sqlite3_column_text(t, 0), (const char *)sqlite3_column_text(t, 1));
        found += tu_int(db, sql, needle, (const char *)NULL);
    }
    sqlite3_finalize(t);
    return found;
}

START_TEST(test_no_document_numbers_stored)
{
    ins_db *db = payroll_db("pay-private");
    /* also rejections and scoring write text: make both happen */
    const char *dir = tmp_dir("pay-private");
    write_file(dir, "060120251120609876540.jor", "01|47315826|208|0|52|0|\n01|45208713|1e12|0|0|0|\n");
    write_file(dir, "planilla.rem", "04|001583927|0121|800|800|\n");
    ins_import_stats st;
    ck_assert_int_eq(tu_import_abs(db, &st, dir, NULL), INS_OK);
    ck_assert_int_eq(st.rejected, 2);
    const char *rules[] = {tu_srcpath("rules/payroll.rules")};
    ins_ruleset *rs = NULL;
    int ne = 0, nw = 0;
    ck_assert_int_eq(ins_ruleset_load(rules, 1, 0, NULL, NULL, &rs, &ne, &nw), INS_OK);
    ins_score_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = "2025-12-31";
    ins_score_stats ss;
    char *err = NULL;
    ck_assert_int_eq(ins_score(db, rs, &o, NULL, NULL, &ss, &err), INS_OK);
    free(err);
    ins_ruleset_free(rs);

    char numbers[32][32];
    size_t n = fixture_numbers(numbers, 32);
    ck_assert_int_eq(n, 16); /* 10 + 6 workers */
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(cells_containing(db, numbers[i]) == 0,
                      "a worker's document number is stored in the database");
    /* the scan itself works: it finds the employer's RUC */
    ck_assert_int_gt(cells_containing(db, SUSPECT), 0);
    ins_db_close(db);
}
END_TEST

START_TEST(test_same_worker_across_months)
{
    ins_db *db = payroll_db("pay-follow");
    /* every suspect worker is in all three months under one key */
    tu_assert_int(db, 10,
                  "SELECT COUNT(*) FROM (SELECT worker_key FROM payroll_workers w"
                  " JOIN firms f ON f.id = w.firm_id WHERE f.tax_id = ?"
                  " GROUP BY worker_key HAVING COUNT(DISTINCT period) = 3)",
                  SUSPECT);
    tu_assert_int(db, 16, "SELECT COUNT(DISTINCT worker_key) FROM payroll_workers");
    tu_assert_int(db, 64, "SELECT MIN(length(worker_key)) FROM payroll_workers");
    /* the key is BLAKE2b of "doc_type:number" under the database's secret */
    sqlite3_stmt *s = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h,
                                        "SELECT value FROM db_secrets WHERE name = 'worker_key'",
                                        -1, &s, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_bytes(s, 0), 32);
    ck_assert_int_ge(sodium_init(), 0);
    unsigned char h[32];
    const char msg[] = "07:C03918462";
    crypto_generichash(h, sizeof h, (const unsigned char *)msg, strlen(msg),
                       sqlite3_column_blob(s, 0), 32);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    sqlite3_finalize(s);
    tu_assert_int(db, 3, "SELECT COUNT(DISTINCT period) FROM payroll_workers WHERE worker_key = ?",
                  hex);
    tu_assert_text(db, "07", "SELECT DISTINCT doc_type FROM payroll_workers WHERE worker_key = ?",
                   hex);
    /* the secret is made once per database */
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM db_secrets");
    ins_db_close(db);
}
END_TEST

START_TEST(test_reimport_is_duplicate)
{
    ins_db *db = payroll_db("pay-dup");
    ins_import_stats st;
    tu_import(db, &st, PLAME_DIR, NULL);
    ck_assert_int_eq(st.imported, 0);
    ck_assert_int_eq(st.duplicate, PLAME_FILES);
    tu_assert_int(db, PLAME_FILES, "SELECT COUNT(*) FROM documents WHERE kind = 'payroll'");
    tu_assert_int(db, 5, "SELECT COUNT(*) FROM payroll_months");
    ins_db_close(db);
}
END_TEST

START_TEST(test_malformed_line)
{
    ins_db *db = tu_db_new("pay-malformed");
    const char *dir = tmp_dir("pay-malformed");
    ins_import_stats st;
    static const struct {
        const char *name, *text, *expect;
    } bad[] = {
        {"060120250820609876540.jor", "01|47315826|208|0|52|0|\r\n\r\n01|45208713|2o8|0|0|0|\r\n",
         "line 3: field 3 (ordinary_hours) is not a number"},
        {"060120250820609876540.jor", "01|47315826|208|0|52|0|\n01|45208713|208|0|52|\n",
         "line 2: 5 fields where a .jor line has 6"},
        {"060120250820609876540.jor", "01|47315826|208|75|0|0|\n", "line 1: field 4"},
        {"060120250820609876540.jor", "01|47315826|700|0|100|0|\n", "more than the 744 hours"},
        {"060120250820609876540.rem", "01|47315826|121|800|800|\n", "line 1: field 3 (concept_code)"},
        {"060120250820609876540.rem", "01|47315826|0121|-800|800|\n", "out of range"},
        {"060120250820609876540.snl", "01|47315826|05|32|\n", "line 1: field 4 (days)"},
        {"060120250820609876540.snl", "01|4731 5826/9|05|3|\n", "line 1: field 2 (doc_number)"},
        {"060120250820609876540.snl", "\n\n  \n", "no lines"},
        {"060120250820609876540.rem", "01|47315826|0121|800|800|||||||||\n", "more than 8 fields"},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(bad); i++) {
        write_file(dir, bad[i].name, bad[i].text);
        ck_assert_int_eq(tu_import_abs(db, &st, dir, NULL), INS_OK);
        ck_assert_msg(st.rejected == 1, "case %zu: not rejected", i);
        char *reason = last_reason(db);
        ck_assert_ptr_nonnull(reason);
        ck_assert_msg(strstr(reason, bad[i].expect), "case %zu: reason '%s' lacks '%s'", i, reason,
                      bad[i].expect);
        ck_assert_msg(!strstr(reason, "4731"), "case %zu: the reason quotes a document number", i);
        free(reason);
        unlink(write_file(dir, bad[i].name, ""));
    }
    /* a rejected file leaves nothing behind */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM payroll_workers");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM payroll_months");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM documents");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM db_secrets");
    ins_db_close(db);
}
END_TEST

START_TEST(test_bad_file_name)
{
    ins_db *db = tu_db_new("pay-badname");
    const char *dir = tmp_dir("pay-badname");
    write_file(dir, "planilla-agosto.jor", "01|47315826|208|0|52|0|\n");
    ins_import_stats st;
    ck_assert_int_eq(tu_import_abs(db, &st, dir, NULL), INS_OK);
    ck_assert_int_eq(st.rejected, 1);
    char *reason = last_reason(db);
    ck_assert_ptr_nonnull(reason);
    ck_assert_msg(strstr(reason, "planilla-agosto.jor") && strstr(reason, "0601AAAAMM<RUC>"),
                  "reason: %s", reason);
    free(reason);
    tu_assert_text(db, "plame", "SELECT kind FROM import_log WHERE status = 'rejected'");
    /* forcing the kind does not help: the period and employer are in the name */
    ck_assert_int_eq(tu_import_abs(db, &st, dir, "plame"), INS_OK);
    ck_assert_int_eq(st.rejected, 1);
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM documents");
    ins_db_close(db);
}
END_TEST

START_TEST(test_pay_arrives_after_hours)
{
    ins_db *db = tu_db_new("pay-order");
    ins_import_stats st;
    /* payroll before the minimum wages are loaded: no RMV comparison yet */
    tu_import(db, &st, PLAME_DIR "/060120250820609876540.jor", NULL);
    ck_assert_int_eq(st.imported, 1);
    const char *p = "2025-08-01";
    tu_assert_int(db, 9, MONTH_SQL("workers_over_48h"), SUSPECT, p);
    tu_assert_text(db, NULL, MONTH_SQL("overtime_paid"), SUSPECT, p);
    tu_assert_text(db, NULL, MONTH_SQL("zero_pay_workers"), SUSPECT, p);
    tu_assert_text(db, NULL, MONTH_SQL("deduction_share"), SUSPECT, p);
    tu_assert_text(db, NULL, MONTH_SQL("rest_day_work"), SUSPECT, p);
    tu_assert_text(db, NULL, MONTH_SQL("min_wage"), SUSPECT, p);
    tu_assert_text(db, NULL, MONTH_SQL("workers_below_min_wage"), SUSPECT, p);

    tu_import(db, &st, PLAME_DIR "/060120250820609876540.rem", NULL);
    ck_assert_int_eq(st.imported, 1);
    tu_assert_text(db, "0.0", MONTH_SQL("overtime_paid"), SUSPECT, p);
    tu_assert_text(db, "0.0", MONTH_SQL("rest_day_work"), SUSPECT, p);
    tu_assert_int(db, 0, MONTH_SQL("zero_pay_workers"), SUSPECT, p);
    tu_assert_text(db, NULL, MONTH_SQL("workers_below_min_wage"), SUSPECT, p);

    /* the minimum wages, loaded later, reach the months already there */
    ck_assert_int_eq(tu_import_abs(db, &st, min_wage_csv(), NULL), INS_OK);
    tu_assert_int(db, 1130, MONTH_SQL("min_wage"), SUSPECT, p);
    tu_assert_int(db, 9, MONTH_SQL("workers_below_min_wage"), SUSPECT, p);

    /* pay without hours: pay fields only */
    tu_import(db, &st, PLAME_DIR "/060120250920609876540.rem", NULL);
    p = "2025-09-01";
    tu_assert_text(db, NULL, MONTH_SQL("avg_weekly_hours"), SUSPECT, p);
    tu_assert_text(db, NULL, MONTH_SQL("workers_over_48h"), SUSPECT, p);
    tu_assert_text(db, NULL, MONTH_SQL("workers_below_min_wage"), SUSPECT, p);
    assert_month_real(db, MONTH_SQL("deduction_share"), SUSPECT, p, 0.3077);
    ins_db_close(db);
}
END_TEST

/*
** A .rem that fills only one of its two amount columns (fixtures
** plame-one-column/): read from the column that is filled, the month's
** figures are those of the file that fills both, and the document says
** which column was read.  Read literally, the paid-only file lost the
** deduction share and the accrued-only one made every worker paid nothing.
*/
START_TEST(test_one_pay_column)
{
    static const char *const rems[] = {
        PLAME_DIR "/060120250820609876540.rem",
        "synthetic/plame-one-column/paid-only/060120250820609876540.rem",
        "synthetic/plame-one-column/accrued-only/060120250820609876540.rem",
    };
    static const char *const warned[] = {NULL, "amount_paid", "amount_accrued"};
    const char *p = "2025-08-01";
    char *figures[3];
    for (int k = 0; k < 3; k++) {
        char name[32];
        snprintf(name, sizeof name, "pay-column-%d", k);
        ins_db *db = tu_db_new(name);
        ins_import_stats st;
        ck_assert_int_eq(tu_import_abs(db, &st, min_wage_csv(), NULL), INS_OK);
        tu_import(db, &st, PLAME_DIR "/060120250820609876540.jor", NULL);
        tu_import(db, &st, rems[k], NULL);
        ck_assert_int_eq(st.imported, 1);
        figures[k] = tu_text(db,
                             MONTH_SQL("workers_below_min_wage || '/' || zero_pay_workers || '/' ||"
                                       " deduction_share || '/' || overtime_paid"),
                             SUSPECT, p, (const char *)NULL);
        ck_assert_ptr_nonnull(figures[k]);
        tu_assert_int(db, warned[k] ? 1 : 0,
                      "SELECT COUNT(*) FROM document_warnings WHERE code = 'one_pay_column'");
        if (warned[k])
            tu_assert_int(db, 1, "SELECT COUNT(*) FROM document_warnings WHERE code = 'one_pay_column'"
                                 " AND message LIKE '%' || ? || '%'", warned[k]);
        ins_db_close(db);
    }
    ck_assert_str_eq(figures[1], figures[0]);
    ck_assert_str_eq(figures[2], figures[0]);
    ck_assert_str_eq(figures[0], "9/0/0.3462/0.0");
    for (int k = 0; k < 3; k++) free(figures[k]);
}
END_TEST

START_TEST(test_corrected_declaration)
{
    ins_db *db = payroll_db("pay-correct");
    const char *dir = tmp_dir("pay-correct");
    /* a corrected .jor for August: two workers at 48 hours a week */
    write_file(dir, "060120250820609876540.jor", "01|47315826|212|34|0|0|\n01|45208713|200|0|0|0|\n");
    ins_import_stats st;
    ck_assert_int_eq(tu_import_abs(db, &st, dir, NULL), INS_OK);
    ck_assert_int_eq(st.imported, 1);
    const char *p = "2025-08-01";
    tu_assert_int(db, 2,
                  "SELECT COUNT(*) FROM payroll_workers WHERE period = ? AND ordinary_hours IS NOT NULL"
                  " AND firm_id = (SELECT id FROM firms WHERE tax_id = ?)",
                  p, SUSPECT);
    tu_assert_int(db, 10, MONTH_SQL("workers"), SUSPECT, p); /* still in .rem and .snl */
    tu_assert_int(db, 0, MONTH_SQL("workers_over_48h"), SUSPECT, p);
    assert_month_real(db, MONTH_SQL("overtime_hours"), SUSPECT, p, 0);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM document_warnings WHERE code = 'replaces'");
    /* the other months are untouched */
    tu_assert_int(db, 9, MONTH_SQL("workers_over_48h"), SUSPECT, "2025-09-01");
    ins_db_close(db);
}
END_TEST

/* Rule ids that hit the firm RUC in the latest run, comma-separated. */
static char *hit_rules(ins_db *db, const char *ruc)
{
    return tu_text(db,
                   "SELECT group_concat(rule_id, ',') FROM (SELECT DISTINCT h.rule_id FROM hits h"
                   " JOIN firms f ON f.id = h.subject_id WHERE h.subject_type = 'firm'"
                   " AND f.tax_id = ? AND h.run_id = (SELECT MAX(id) FROM runs) ORDER BY h.rule_id)",
                   ruc, (const char *)NULL);
}

START_TEST(test_payroll_rules)
{
    ins_db *db = payroll_db("pay-rules");
    const char *rules[] = {tu_srcpath("rules/payroll.rules")};
    ins_ruleset *rs = NULL;
    int ne = 0, nw = 0;
    ck_assert_int_eq(ins_ruleset_load(rules, 1, 0, NULL, NULL, &rs, &ne, &nw), INS_OK);
    ins_score_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = "2025-12-31";
    ins_score_stats ss;
    char *err = NULL;
    int rc = ins_score(db, rs, &o, NULL, NULL, &ss, &err);
    ck_assert_msg(rc == INS_OK, "score: %s", err ? err : "?");
    free(err);
    ins_ruleset_free(rs);
    char *got = hit_rules(db, SUSPECT);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "INS-PAY-001,INS-PAY-002,INS-PAY-003,INS-PAY-005,INS-PAY-006,"
                          "INS-PAY-007,INS-PAY-008");
    free(got);
    got = hit_rules(db, CLEAN);
    ck_assert_msg(got == NULL, "the clean employer is hit by %s", got);
    ins_db_close(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("payroll");
    TCase *tc = tcase_create("plame");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_min_wage);
    tcase_add_test(tc, test_months);
    tcase_add_test(tc, test_no_document_numbers_stored);
    tcase_add_test(tc, test_same_worker_across_months);
    tcase_add_test(tc, test_reimport_is_duplicate);
    tcase_add_test(tc, test_malformed_line);
    tcase_add_test(tc, test_bad_file_name);
    tcase_add_test(tc, test_pay_arrives_after_hours);
    tcase_add_test(tc, test_corrected_declaration);
    tcase_add_test(tc, test_one_pay_column);
    tcase_add_test(tc, test_payroll_rules);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
