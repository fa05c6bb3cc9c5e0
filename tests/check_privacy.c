/*
** check_privacy.c: every table of the schema is classified as holding
** personal data or not (src/privacy.c), and the read-only SQL hatch
** refuses to read what is personal, however the statement is written; it
** also stops a statement that runs too long or takes too much memory, and
** refuses functions that load or point at code.
*/
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Column names that look like a natural person's identity or data tied to
 * one: a CLEAR table with such a column must say, in a row of its own,
 * whether it is personal. */
static int looks_personal(const char *col)
{
    static const char *const parts[] = {"dni", "doc_number", "passport", "licence", "license", "birth",
                                        "given_name", "family_name", "surname", "phone", "email"};
    static const char *const prefixes[] = {"person", "worker_", "driver", "employee"};
    for (size_t i = 0; i < INS_ARRAY_LEN(parts); i++)
        if (strstr(col, parts[i])) return 1;
    for (size_t i = 0; i < INS_ARRAY_LEN(prefixes); i++)
        if (!strncmp(col, prefixes[i], strlen(prefixes[i]))) return 1;
    return 0;
}

/* The row of TABLE (COLUMN NULL) or of one of its columns, NULL when none. */
static const ins_privacy_entry *entry(const char *table, const char *column)
{
    for (size_t i = 0; i < insPrivacyEntryCount; i++) {
        const ins_privacy_entry *e = &insPrivacyEntries[i];
        if (strcmp(e->table, table)) continue;
        if (!column ? !e->column : e->column && !strcmp(e->column, column)) return e;
    }
    return NULL;
}

/* Closes the writable W and opens its database again read-only, as the hatch wants. */
static ins_db *reopen_readonly(ins_db *w)
{
    char *path = insUStrdup(w->path);
    ins_db_close(w);
    ins_db *db = NULL;
    char *err = NULL;
    ck_assert_msg(ins_db_open(path, INS_OPEN_READONLY, &db, &err) == INS_OK, "%s", err ? err : "?");
    free(path);
    return db;
}

/* A database of the current schema, opened again read-only. */
static ins_db *readonly_db(const char *name) { return reopen_readonly(tu_db_new(name)); }

/* Runs SQL through the hatch and asserts it is refused with a message holding WANT. */
static void refused(ins_db *db, const char *sql, const char *want)
{
    ins_result *r = NULL;
    char *err = NULL;
    int rc = ins_query_sql_limited(db, sql, 0, 2000, &r, &err);
    ck_assert_msg(rc != INS_OK, "the hatch ran: %s", sql);
    ck_assert_ptr_null(r);
    ck_assert_msg(err && strstr(err, want), "%s: message '%s' lacks '%s'", sql, err ? err : "", want);
    free(err);
}

/* Runs SQL through the hatch and asserts it succeeds. */
static void allowed(ins_db *db, const char *sql)
{
    ins_result *r = NULL;
    char *err = NULL;
    int rc = ins_query_sql(db, sql, 10, &r, &err);
    ck_assert_msg(rc == INS_OK, "%s: %s", sql, err ? err : ins_strerror(rc));
    ins_result_free(r);
    free(err);
}

/* Every table and view of the schema has its row; every column row names a
 * column that exists; every personal-looking column of a CLEAR table is
 * classified on its own. */
START_TEST(test_every_table_classified)
{
    ins_db *db = tu_db_new("privacy_classes");
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h,
                                        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                                        "WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%' "
                                        "ORDER BY m.name, p.cid",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int tables = 0;
    char last[128] = "";
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0), *c = (const char *)sqlite3_column_text(st, 1);
        if (strcmp(t, last)) {
            insUStrlcpy(last, t, sizeof last);
            tables++;
            ck_assert_msg(entry(t, NULL) != NULL,
                          "table %s is not classified: add it to src/privacy.c as PERSON or CLEAR", t);
        }
        if (entry(t, NULL)->cls == INS_PRIV_CLEAR && looks_personal(c))
            ck_assert_msg(entry(t, c) != NULL,
                          "column %s.%s looks personal: classify it in src/privacy.c (PERSON or CLEAR)", t, c);
    }
    sqlite3_finalize(st);
    ck_assert_int_ge(tables, 50);
    for (size_t i = 0; i < insPrivacyEntryCount; i++) {
        const ins_privacy_entry *e = &insPrivacyEntries[i];
        ck_assert_msg(e->why && *e->why, "%s has no reason", e->table);
        if (!strncmp(e->table, "sqlite_", 7)) continue;
        ck_assert_msg(tu_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = ?", e->table, (const char *)NULL) == 1,
                      "src/privacy.c names %s, which the schema does not have", e->table);
        if (e->column)
            ck_assert_msg(tu_int(db, "SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?", e->table, e->column,
                                 (const char *)NULL) == 1,
                          "src/privacy.c names %s.%s, which the schema does not have", e->table, e->column);
    }
    ins_db_close(db);
}
END_TEST

/* The tables are PERSON, as is every table keyed on a person. */
START_TEST(test_person_tables)
{
    static const char *const person[] = {"db_secrets", "persons", "leg_drivers", "payroll_workers",
                                         "payroll_concepts"};
    for (size_t i = 0; i < INS_ARRAY_LEN(person); i++) {
        ck_assert_msg(insPrivacyDenied(person[i], ""), "%s", person[i]);
        ck_assert_msg(insPrivacyDenied(person[i], "anything"), "%s", person[i]);
    }
    ck_assert(insPrivacyDenied("DB_SECRETS", "VALUE"));
    ck_assert(!insPrivacyDenied("firms", "tax_id"));
    ck_assert(!insPrivacyDenied("listings", "name"));
    ck_assert(insPrivacyDenied("listings", "birth_date"));
}
END_TEST

/* Every PERSON table and column is refused by the hatch, read directly,
 * counted, in a subquery, a CTE, a join or a compound; tables and columns
 * around them stay readable, as do the schema and table-valued pragmas. */
START_TEST(test_hatch_refuses_personal_data)
{
    ins_db *db = readonly_db("privacy_hatch");
    static const char *const forms[] = {
        "SELECT * FROM %s",
        "SELECT COUNT(*) FROM %s",
        "SELECT COUNT(*) FROM %s AS alias WHERE 1",
        "SELECT (SELECT COUNT(*) FROM %s)",
        "WITH x AS (SELECT * FROM %s) SELECT * FROM x",
        "SELECT 1 FROM firms JOIN %s ON 1",
        "SELECT 1 WHERE EXISTS (SELECT 1 FROM main.%s)",
        "SELECT 1 UNION ALL SELECT 1 FROM %s",
    };
    char sql[256];
    int tried = 0;
    for (size_t i = 0; i < insPrivacyEntryCount; i++) {
        const ins_privacy_entry *e = &insPrivacyEntries[i];
        if (e->cls != INS_PRIV_PERSON || !strncmp(e->table, "sqlite_", 7)) continue;
        if (e->column) {
            snprintf(sql, sizeof sql, "SELECT %s FROM %s", e->column, e->table);
            refused(db, sql, "personal data");
            snprintf(sql, sizeof sql, "SELECT * FROM %s", e->table);
            refused(db, sql, "personal data");
            snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE %s LIKE 'a%%'", e->table, e->column);
            refused(db, sql, "personal data");
        } else {
            for (size_t k = 0; k < INS_ARRAY_LEN(forms); k++) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
                snprintf(sql, sizeof sql, forms[k], e->table);
#pragma GCC diagnostic pop
                refused(db, sql, "personal data");
            }
        }
        tried++;
    }
    ck_assert_int_ge(tried, 7);
    refused(db, "SELECT hex(value) FROM DB_Secrets", "db_secrets");
    allowed(db, "SELECT name, norm_name, entity_kind FROM listings");
    allowed(db, "SELECT decision, decided_at FROM match_decisions");
    allowed(db, "SELECT name, sql FROM sqlite_master");
    allowed(db, "SELECT name FROM pragma_table_info('db_secrets')");
    allowed(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5) SELECT x FROM c");
    allowed(db, "SELECT COUNT(*) FROM declaration_documents");
    allowed(db, "SELECT f.tax_id FROM firms f JOIN payroll_months m ON m.firm_id = f.id");
    ins_db_close(db);
}
END_TEST

/* The first column of the first row of SQL through the hatch ("" for NULL,
** malloc'd), asserting it ran. */
static char *hatch_cell(ins_db *db, const char *sql)
{
    ins_result *r = NULL;
    char *err = NULL;
    int rc = ins_query_sql(db, sql, 1, &r, &err);
    ck_assert_msg(rc == INS_OK, "%s: %s", sql, err ? err : ins_strerror(rc));
    free(err);
    ck_assert_msg(r->nrows == 1, "%s: no row", sql);
    char *v = insUStrdup(r->cells[0] ? r->cells[0] : "");
    ins_result_free(r);
    return v;
}

/*
** Tables that mix persons with firms (privacy.c, insPrivacyBlanks): the
** hatch shows every row, with the identifying columns blanked in the rows
** of persons (a boleta's buyer known by a DNI, a listed person), and
** refuses those columns read any way around the blanking views.
*/
START_TEST(test_hatch_blanks_persons_in_mixed_tables)
{
    ins_db *w = tu_db_new("privacy_mixed");
    ins_import_stats st;
    tu_import(w, &st, "pe-invoice", "synthetic/listings/os-targets-v1.csv", NULL);
    ck_assert_int_gt(tu_int(w, "SELECT COUNT(*) FROM firms WHERE scheme = 'PE-DNI'", NULL), 0);
    ck_assert_int_gt(tu_int(w, "SELECT COUNT(*) FROM listings WHERE entity_kind = 'person'", NULL), 0);
    ins_db *db = reopen_readonly(w);

    static const struct { const char *sql, *want; } cells[] = {
        /* persons: every row is there, their identifying columns are not */
        {"SELECT COUNT(*) FROM firms WHERE scheme = 'PE-DNI' AND key IS NULL AND tax_id IS NULL"
         " AND name IS NULL AND norm_name IS NULL", NULL},
        {"SELECT COUNT(*) FROM firms WHERE scheme = 'PE-DNI' AND (key IS NOT NULL OR name IS NOT NULL)", "0"},
        {"SELECT COUNT(*) FROM firm_names n JOIN main.firms f ON f.id = n.firm_id"
         " WHERE f.scheme = 'PE-DNI' AND n.name IS NOT NULL", "0"},
        {"SELECT COUNT(*) FROM listings WHERE entity_kind = 'person' AND name IS NOT NULL", "0"},
        {"SELECT COUNT(*) FROM listing_names n JOIN main.listings l ON l.id = n.listing_id"
         " WHERE l.entity_kind = 'person' AND n.name IS NOT NULL", "0"},
        {"SELECT COUNT(*) FROM listing_ids n JOIN main.listings l ON l.id = n.listing_id"
         " WHERE l.entity_kind = 'person' AND n.value IS NOT NULL", "0"},
        /* firms stay whole */
        {"SELECT name FROM firms WHERE tax_id = '20480072872'", "PESQUERA DIAMANTE S.A."},
        {"SELECT COUNT(*) = (SELECT COUNT(*) FROM main.firms) FROM firms", "1"},
        {"SELECT COUNT(*) > 0 FROM listings WHERE entity_kind <> 'person' AND name IS NOT NULL", "1"},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(cells); i++) {
        char *v = hatch_cell(db, cells[i].sql);
        if (cells[i].want) ck_assert_msg(!strcmp(v, cells[i].want), "%s: '%s', wanted '%s'", cells[i].sql, v, cells[i].want);
        else ck_assert_msg(strcmp(v, "0") != 0, "%s: no person row", cells[i].sql);
        free(v);
    }
    /* every way around the views */
    static const char *const around[] = {
        "SELECT key FROM main.firms",
        "SELECT COUNT(*) FROM main.firms WHERE name LIKE 'A%'",
        "WITH firms AS (SELECT key, name FROM main.firms) SELECT * FROM firms",
        "WITH x AS (SELECT name FROM main.listings) SELECT * FROM x",
        "SELECT * FROM (SELECT dest_address FROM main.transport_legs) AS transport_legs",
        "SELECT value FROM main.listing_ids",
        "SELECT f.name FROM trade_lines t JOIN main.firms f ON f.id = t.buyer_firm_id",
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(around); i++) refused(db, around[i], "can name a person");
    /* nor may a statement learn the views' hidden names */
    refused(db, "SELECT sql FROM sqlite_temp_schema", "prohibited");
    refused(db, "SELECT sql FROM temp.sqlite_master", "prohibited");
    refused(db, "SELECT * FROM pragma_table_list", "not authorized");
    refused(db, "PRAGMA table_list", "not authorized");
    refused(db, "EXPLAIN SELECT * FROM firms", "EXPLAIN");
    refused(db, "EXPLAIN QUERY PLAN SELECT * FROM firms", "EXPLAIN");
    allowed(db, "SELECT COUNT(*) FROM declaration_documents");
    allowed(db, "SELECT name FROM pragma_table_info('firms')");
    ins_db_close(db);
}
END_TEST

/* Functions that load or point at code are refused; the other guards stay. */
START_TEST(test_hatch_functions_and_pragmas)
{
    ins_db *db = readonly_db("privacy_functions");
    refused(db, "SELECT fts3_tokenizer('simple')", "fts3_tokenizer");
    refused(db, "SELECT hex(fts3_tokenizer('porter'))", "fts3_tokenizer");
    refused(db, "SELECT load_extension('libx')", "load_extension");
    refused(db, "PRAGMA query_only=0", "read-only");
    refused(db, "PRAGMA main.journal_mode=DELETE", "read-only");
    ins_db_close(db);
}
END_TEST

/* A statement that never ends is stopped at the deadline, one that grows
 * without bound at the memory limit; the message says which, and the
 * connection works afterwards with its limits restored. */
START_TEST(test_hatch_limits)
{
    ins_db *db = readonly_db("privacy_limits");
    sqlite3_int64 before = sqlite3_hard_heap_limit64(-1);
    refused(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c",
            "time limit");
    refused(db, "SELECT length(hex(randomblob(300000000)))", "memory limit");
    ck_assert(sqlite3_hard_heap_limit64(-1) == before);
    allowed(db, "SELECT COUNT(*) FROM firms");
    ins_db_close(db);
}
END_TEST

/* The mode bits of PATH with SUFFIX ("-wal"), -1 when it does not exist. */
static int file_mode(const char *path, const char *suffix)
{
    char p[4200];
    struct stat sb;
    snprintf(p, sizeof p, "%s%s", path, suffix);
    return stat(p, &sb) == 0 ? (int)(sb.st_mode & 0777) : -1;
}

/* Opens a new database at PATH with FLAGS under umask MASK, writes to it,
 * and asserts the database, -wal and -shm files have MODE while it is open. */
static void assert_new_db_mode(const char *path, int flags, mode_t mask, int mode)
{
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
    mode_t old = umask(mask);
    ins_db *db = NULL;
    char *err = NULL;
    ck_assert_msg(ins_db_open(path, INS_OPEN_CREATE | flags, &db, &err) == INS_OK, "%s", err ? err : "?");
    tu_exec(db, "INSERT INTO import_runs(started_at, tool_version) VALUES ('2026-01-01', 'x')", (const char *)NULL);
    for (size_t i = 0; i < 3; i++)
        ck_assert_msg(file_mode(path, suffix[i]) == mode, "%s%s has mode %o, not %o", path, suffix[i],
                      (unsigned)file_mode(path, suffix[i]), (unsigned)mode);
    ck_assert_int_eq(ins_db_exposed(db), 0);
    ins_db_close(db);
    umask(old);
}

/* A new database and its -wal and -shm files are 0600 whatever the umask,
 * 0660 when group-shared; one readable by everyone is reported. */
START_TEST(test_db_file_modes)
{
    ins_db *t = tu_db_new("privacy_modes");
    char *path = insUStrdup(t->path);
    ins_db_close(t);
    assert_new_db_mode(path, 0, 022, 0600);
    assert_new_db_mode(path, 0, 0, 0600);
    assert_new_db_mode(path, INS_OPEN_SHARED, 022, 0660);
    assert_new_db_mode(path, INS_OPEN_SHARED, 077, 0660);
    ck_assert_int_eq(chmod(path, 0644), 0);
    ins_db *db = NULL;
    ck_assert_int_eq(ins_db_open(path, 0, &db, NULL), INS_OK);
    ck_assert_int_eq(ins_db_exposed(db), 1);
    ins_db_close(db);
    free(path);
}
END_TEST

/* A warning about a person's identifier (a buyer's DNI of the wrong shape)
 * describes it and never quotes it; a RUC is still quoted. */
START_TEST(test_warnings_do_not_quote_person_numbers)
{
    ins_db *db = tu_db_new("privacy_warnings");
    tu_exec(db, "INSERT INTO source_files(sha256, path, size, kind, imported_at) "
                "VALUES ('x', 'x.xml', 1, 'sunat-invoice', '2026-01-01')", (const char *)NULL);
    ins_doc_info d;
    memset(&d, 0, sizeof d);
    d.kind = "invoice";
    int64_t doc = insModelDocument(db, 1, &d);
    ck_assert_int_gt(doc, 0);
    ins_party dni = {INS_SCHEME_PE_DNI, "4567891", "Juana Quispe", NULL};
    ck_assert_int_gt(insModelFirm(db, doc, &dni), 0);
    ins_party ruc = {INS_SCHEME_PE_RUC, "20100070971", "Firma SAC", NULL};
    ck_assert_int_gt(insModelFirm(db, doc, &ruc), 0);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM document_warnings");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM document_warnings WHERE message LIKE '%4567891%'");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM document_warnings WHERE message LIKE '%20100070971%'");
    ins_db_close(db);
}
END_TEST

/* Invalid UTF-8 becomes U+FFFD, one per byte that begins no valid sequence;
 * valid text (NUL bytes included) is copied as it is. */
START_TEST(test_utf8_repair)
{
    static const struct { const char *in; size_t len; const char *out; size_t bad; } cases[] = {
        {"a\xc3\xb1o", 4, "a\xc3\xb1o", 0},
        {"\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd", 2},                 /* overlong '/' */
        {"x\xe0\x80\xafy", 5, "x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdy", 3}, /* overlong, 3 bytes */
        {"\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 3},     /* a surrogate */
        {"ab\xe2\x82", 4, "ab\xef\xbf\xbd\xef\xbf\xbd", 2},                 /* truncated */
        {"\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80", 0},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(cases); i++) {
        size_t bad = 99;
        char *r = insUUtf8Repair(cases[i].in, cases[i].len, &bad);
        ck_assert_ptr_nonnull(r);
        ck_assert_str_eq(r, cases[i].out);
        ck_assert_uint_eq(bad, cases[i].bad);
        ck_assert(insUUtf8Valid(r, strlen(r)));
        ck_assert_int_eq(insUUtf8Valid(cases[i].in, cases[i].len), cases[i].bad == 0);
        free(r);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("privacy");
    TCase *tc = tcase_create("privacy");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_every_table_classified);
    tcase_add_test(tc, test_person_tables);
    tcase_add_test(tc, test_hatch_refuses_personal_data);
    tcase_add_test(tc, test_hatch_blanks_persons_in_mixed_tables);
    tcase_add_test(tc, test_hatch_functions_and_pragmas);
    tcase_add_test(tc, test_hatch_limits);
    tcase_add_test(tc, test_db_file_modes);
    tcase_add_test(tc, test_warnings_do_not_quote_person_numbers);
    tcase_add_test(tc, test_utf8_repair);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
