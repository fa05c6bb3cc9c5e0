/*
** check_core.c: identifiers, name normalisation, countries, UTF-8 and the
** string buffer.
*/
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static const struct { const char *id; int want; } ruc_cases[] = {
    {"20505310072", 1},  /* FORMATS.md example, s = 97 */
    {"20123456789", 0},  /* anonymised sample RUC: bad check digit */
    {"12345678912", 0},  /* not even a RUC prefix */
    {"10209865209", 1},  /* carrier of guia T002-172 */
    {"2050531007", -1},  /* too short */
    {"2050531007X", -1}, /* not digits */
    {"", -1},
};

START_TEST(test_ruc)
{
    for (size_t i = 0; i < INS_ARRAY_LEN(ruc_cases); i++)
        ck_assert_msg(ins_ruc_check(ruc_cases[i].id, strlen(ruc_cases[i].id)) == ruc_cases[i].want,
                      "RUC %s", ruc_cases[i].id);
    ck_assert_int_eq(ins_ruc_check(NULL, 0), -1);
}
END_TEST

START_TEST(test_dni)
{
    ck_assert_int_eq(ins_dni_check("07976340", 8), 1);
    /* 12345678: sum 138, c = 6 -> '1' or 'E' */
    ck_assert_int_eq(ins_dni_check("123456781", 9), 1);
    ck_assert_int_eq(ins_dni_check("12345678E", 9), 1);
    ck_assert_int_eq(ins_dni_check("12345678e", 9), 1);
    ck_assert_int_eq(ins_dni_check("123456782", 9), 0);
    ck_assert_int_eq(ins_dni_check("1234567", 7), -1);
    ck_assert_int_eq(ins_dni_check("XXXXXXXX", 8), -1);
}
END_TEST

START_TEST(test_cuit)
{
    /* 2012345678: s = 148, 11 - 148 mod 11 = 6 -> '6' */
    ck_assert_int_eq(ins_cuit_check("20123456786", 11), 1);
    ck_assert_int_eq(ins_cuit_check("20123456785", 11), 0);
    ck_assert_int_eq(ins_cuit_check("99123456786", 11), 0); /* bad prefix */
    ck_assert_int_eq(ins_cuit_check("2012345678", 10), -1);
    /* 30-50001091-2 (a well-known public company CUIT) */
    ck_assert_int_eq(ins_cuit_check("30500010912", 11), 1);
}
END_TEST

START_TEST(test_schemes)
{
    ck_assert_str_eq(insIdSchemeFromCat06("6"), INS_SCHEME_PE_RUC);
    ck_assert_str_eq(insIdSchemeFromCat06("1"), INS_SCHEME_PE_DNI);
    ck_assert_str_eq(insIdSchemeFromCat06("4"), INS_SCHEME_PE_CE);
    ck_assert_str_eq(insIdSchemeFromCat06("7"), INS_SCHEME_PASSPORT);
    ck_assert_str_eq(insIdSchemeFromCat06("F"), INS_SCHEME_PE_PTP);
    ck_assert_ptr_null(insIdSchemeFromCat06("0"));
    ck_assert_ptr_null(insIdSchemeFromCat06("-"));
    ck_assert_int_eq(insIdValidate(INS_SCHEME_PE_RUC, "20505310072"), 1);
    ck_assert_int_eq(insIdValidate(INS_SCHEME_EORI, "GB123456789000"), 2);
}
END_TEST

static const struct { const char *in, *out; } norm_cases[] = {
    {"MANGUIFAJAS INDUSTRIALES S.A.C.", "manguifajas industriales sac"},
    {"Manguifajas  Industriales SAC", "manguifajas industriales sac"},
    {"Compañía Minera Señor", "compania minera senor"},
    {"Pe\xcc\x81rez O'Brien", "perez obrien"},      /* decomposed accent */
    {"P\xc3\xa9rez", "perez"},                       /* composed accent */
    {"  A  &  B  ", "a & b"},
    {"ＡＢＣ Ｓ．Ａ．", "abc sa"},                     /* full-width forms (NFKD) */
    {"Comp\xf1ia", "compnia"},                        /* Latin-1 byte read as ñ -> n */
    {"", ""},
};

START_TEST(test_norm_name)
{
    for (size_t i = 0; i < INS_ARRAY_LEN(norm_cases); i++) {
        char *n = insNormName(norm_cases[i].in);
        ck_assert_ptr_nonnull(n);
        if (i == 7) ck_assert_str_eq(n, "compnia");
        else ck_assert_str_eq(n, norm_cases[i].out);
        free(n);
    }
}
END_TEST

START_TEST(test_country)
{
    static const struct { const char *in, *cc; } cases[] = {
        {"Peru", "PE"}, {"PERU", "PE"}, {"Perú", "PE"}, {"PE", "PE"}, {"PER", "PE"},
        {"CHINA", "CN"}, {"USA", "US"}, {"United States", "US"}, {"Argentina", "AR"},
        {"Bolivia", "BO"}, {"Brasil", "BR"}, {" Vietnam ", "VN"}, {"Slovak Republic", "SK"},
    };
    char cc[3];
    for (size_t i = 0; i < INS_ARRAY_LEN(cases); i++) {
        ck_assert_msg(insNormCountry(cases[i].in, cc) == 1, "country %s", cases[i].in);
        ck_assert_str_eq(cc, cases[i].cc);
    }
    ck_assert_int_eq(insNormCountry("Atlantis", cc), 0);
    ck_assert_int_eq(insNormCountry("", cc), 0);
}
END_TEST

START_TEST(test_utf8)
{
    ck_assert_int_eq(insUUtf8Valid("abc", 3), 1);
    ck_assert_int_eq(insUUtf8Valid("\xc3\xb1", 2), 1);
    ck_assert_int_eq(insUUtf8Valid("\xc0\xaf", 2), 0);     /* overlong */
    ck_assert_int_eq(insUUtf8Valid("\xe2\x82", 2), 0);     /* truncated */
    ck_assert_int_eq(insUUtf8Valid("\xed\xa0\x80", 3), 0); /* surrogate */
    ck_assert_int_eq(insUUtf8Valid("\xf1", 1), 0);
    char *s = insUToUtf8("Se\xf1or", 5);
    ck_assert_str_eq(s, "Se\xc3\xb1or");
    free(s);
    s = insUToUtf8("Se\xc3\xb1or", 6);
    ck_assert_str_eq(s, "Se\xc3\xb1or");
    free(s);
}
END_TEST

START_TEST(test_numbers_dates)
{
    double v;
    ck_assert(insUParseDouble("12.71", &v) && v == 12.71);
    ck_assert(insUParseDouble(" 1,234.56 ", &v) && v == 1234.56);
    ck_assert(insUParseDouble("12,5", &v) && v == 12.5);
    ck_assert(!insUParseDouble("abc", &v));
    ck_assert(!insUParseDouble("", &v));
    char d[11];
    ck_assert(insUParseDate("2017-09-08", d));
    ck_assert_str_eq(d, "2017-09-08");
    ck_assert(insUParseDate("2017-09-08T10:00:00Z", d));
    ck_assert(!insUParseDate("2017-13-01", d));
    ck_assert(!insUParseDate("08/09/2017", d));
}
END_TEST

START_TEST(test_buf)
{
    ins_buf b;
    insBufInit(&b);
    ck_assert_str_eq(insBufStr(&b), "");
    for (int i = 0; i < 1000; i++) insBufPrintf(&b, "%d,", i);
    ck_assert_uint_gt(b.len, 3000);
    ck_assert_int_eq(strncmp(insBufStr(&b), "0,1,2,", 6), 0);
    char *s = insBufDetach(&b);
    ck_assert_ptr_null(b.s);
    free(s);
    char small[4];
    ck_assert_uint_eq(insUStrlcpy(small, "abcdef", sizeof small), 6);
    ck_assert_str_eq(small, "abc");
    char t[] = " \xc2\xa0 x y \t\n";
    ck_assert_str_eq(insUTrim(t), "x y");
}
END_TEST

START_TEST(test_schema)
{
    ins_db *db = tu_db_new("core");
    ck_assert_int_eq(ins_db_schema_version(db), ins_schema_latest());
    tu_assert_text(db, "wal", "PRAGMA journal_mode");
    tu_assert_int(db, 1, "PRAGMA foreign_keys");
    ins_db_close(db);
}
END_TEST

/*
** The identity cache of write transactions (src/idcache.c) may only skip
** an upsert that would change nothing: a value the row lacks is still
** written, a row rolled back with its savepoint is created again, and a
** row another connection deleted between two transactions is not trusted.
*/
START_TEST(test_idcache)
{
    ins_db *db = tu_db_new("idcache");
    char id[32];
    ck_assert_int_eq(insDbBegin(db), INS_OK);
    ins_party p = {NULL, "20505310072", NULL, NULL};
    int64_t a = insModelFirm(db, 0, &p);
    ck_assert_int_gt(a, 0);
    ck_assert_int_eq(insModelFirm(db, 0, &p), a); /* from the cache */
    p.name = "ACME SAC";
    ck_assert_int_eq(insModelFirm(db, 0, &p), a);
    snprintf(id, sizeof id, "%lld", (long long)a);
    tu_assert_text(db, "ACME SAC", "SELECT name FROM firms WHERE id = ?", id, NULL);

    ins_estab_info e = {.annex_code = "0001", .workers = -1};
    int64_t s1 = insModelEstablishment(db, 0, a, &e);
    ck_assert_int_gt(s1, 0);
    e.address = "AV. LOS OLIVOS 123";
    ck_assert_int_eq(insModelEstablishment(db, 0, a, &e), s1);
    e.workers = 40;
    ck_assert_int_eq(insModelEstablishment(db, 0, a, &e), s1);
    snprintf(id, sizeof id, "%lld", (long long)s1);
    tu_assert_text(db, "AV. LOS OLIVOS 123", "SELECT address FROM establishments WHERE id = ?", id, NULL);
    tu_assert_int(db, 40, "SELECT workers FROM establishments WHERE id = ?", id, NULL);

    /* created in a savepoint, rolled back, met again: created again */
    ck_assert_int_eq(insDbSavepoint(db), INS_OK);
    ins_party q = {NULL, "20100070970", "B SA", NULL};
    ck_assert_int_gt(insModelFirm(db, 0, &q), 0);
    ck_assert_int_eq(insDbRollbackTo(db), INS_OK);
    int64_t b = insModelFirm(db, 0, &q);
    ck_assert_int_gt(b, 0);
    snprintf(id, sizeof id, "%lld", (long long)b);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM firms WHERE id = ?", id, NULL);
    ck_assert_int_eq(insDbCommit(db), INS_OK);

    /* another connection deletes it between two transactions */
    ins_db *other = NULL;
    char *err = NULL;
    ck_assert_int_eq(ins_db_open(db->path, 0, &other, &err), INS_OK);
    tu_exec(other, "DELETE FROM firm_names WHERE firm_id = ?", id, NULL);
    tu_exec(other, "DELETE FROM firms WHERE id = ?", id, NULL);
    ins_db_close(other);
    ck_assert_int_eq(insDbBegin(db), INS_OK);
    int64_t b2 = insModelFirm(db, 0, &q);
    ck_assert_int_gt(b2, 0);
    snprintf(id, sizeof id, "%lld", (long long)b2);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM firms WHERE id = ?", id, NULL);
    ck_assert_int_eq(insDbCommit(db), INS_OK);
    ins_db_close(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_ruc);
    tcase_add_test(tc, test_dni);
    tcase_add_test(tc, test_cuit);
    tcase_add_test(tc, test_schemes);
    tcase_add_test(tc, test_norm_name);
    tcase_add_test(tc, test_country);
    tcase_add_test(tc, test_utf8);
    tcase_add_test(tc, test_numbers_dates);
    tcase_add_test(tc, test_buf);
    tcase_add_test(tc, test_schema);
    tcase_add_test(tc, test_idcache);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
