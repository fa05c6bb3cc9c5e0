/*
** check_match.c: tests of the name and identifier matcher (src/match_*.c
** and src/screen.c): legal forms, the Spanish phonetic key, initials and
** double surnames, word order, identifiers, explanations, classification,
** screening a CSV against listings written with plain SQL
** (tests/fixtures/synthetic/screen), decisions kept between runs, linking
** listings to firms and persons, and the name-pair benchmark against the
** reference matcher's frozen scores.
*/
#include "testutil.h"
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The analysed tokens of NAME joined by spaces, into a static buffer. */
static const char *tokens(const char *name, ins_match_kind kind, char *legal, size_t legalsz)
{
    static char out[512];
    ins_mname *n = insMatchNameNew(name, kind);
    ck_assert_ptr_nonnull(n);
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < insMatchNameTokens(n); i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", i ? " " : "", insMatchNameToken(n, i));
    if (legal) insMatchNameLegal(n, legal, legalsz);
    insMatchNameFree(n);
    return out;
}

/* The score of A against B and its explanation (static buffer). */
static double score(const char *a, const char *b, ins_match_kind kind, const char **why)
{
    static char text[1024];
    ins_buf w;
    insBufInit(&w);
    double s = insMatchScore(a, b, kind, &w);
    insUStrlcpy(text, insBufStr(&w), sizeof text);
    insBufFree(&w);
    if (why) *why = text;
    return s;
}

/* Asserts that WHY contains PART. */
#define assert_why(why, part) ck_assert_msg(strstr((why), (part)) != NULL, "'%s' not in '%s'", (part), (why))

START_TEST(test_legal_forms)
{
    char legal[64];
    ck_assert_str_eq(tokens("Constructora Los Andes S.A.C.", INS_MK_COMPANY, legal, sizeof legal),
                     "constructora los andes");
    ck_assert_str_eq(legal, "SAC");
    tokens("CONSTRUCTORA LOS ANDES SOCIEDAD ANONIMA CERRADA", INS_MK_COMPANY, legal, sizeof legal);
    ck_assert_str_eq(legal, "SAC");
    tokens("Constructora Los Andes S. A. C.", INS_MK_COMPANY, legal, sizeof legal);
    ck_assert_str_eq(legal, "SAC");
    ck_assert_str_eq(tokens("Textiles Andinos y Cía. S.R.L.", INS_MK_COMPANY, legal, sizeof legal),
                     "textiles andinos");
    ck_assert_str_eq(legal, "SRL CO");
    ck_assert_str_eq(tokens("Inversiones Sur E.I.R.L.", INS_MK_COMPANY, legal, sizeof legal), "inversiones sur");
    ck_assert_str_eq(legal, "EIRL");
    ck_assert_str_eq(tokens("Comercial Lima LTDA", INS_MK_COMPANY, legal, sizeof legal), "comercial lima");
    ck_assert_str_eq(legal, "LTDA");
    /* forms that open a name, and several at the end */
    ck_assert_str_eq(tokens("OOO Gazprom", INS_MK_COMPANY, legal, sizeof legal), "gazprom");
    ck_assert_str_eq(legal, "LLC");
    ck_assert_str_eq(tokens("Goldman Sachs & Co. L.L.C.", INS_MK_COMPANY, legal, sizeof legal), "goldman sachs");
    ck_assert_str_eq(legal, "LLC CO");
    ck_assert_str_eq(tokens("Siemens Aktiengesellschaft", INS_MK_ANY, legal, sizeof legal), "siemens");
    ck_assert_str_eq(legal, "AG");
    /* never down to nothing */
    ck_assert_str_eq(tokens("Company", INS_MK_COMPANY, legal, sizeof legal), "company");
    ck_assert_str_eq(legal, "");
    /* persons lose only unambiguous forms, at the end */
    ck_assert_str_eq(tokens("Nicolás Maduro SA", INS_MK_PERSON, legal, sizeof legal), "nicolas maduro");
    ck_assert_str_eq(tokens("Ana Sa", INS_MK_PERSON, NULL, 0), "ana sa");
    /* compared apart: agree, similar, differ */
    const char *why;
    ck_assert(score("Constructora Los Andes SAC", "CONSTRUCTORA LOS ANDES S.A.C.", INS_MK_COMPANY, &why) > 0.99);
    assert_why(why, "legal form agrees (SAC)");
    double s = score("Constructora Los Andes SRL", "CONSTRUCTORA LOS ANDES S.A.C.", INS_MK_COMPANY, &why);
    ck_assert(s < 0.85 && s > 0.7);
    assert_why(why, "legal form differs (SRL vs SAC)");
    ck_assert(score("Constructora Los Andes", "CONSTRUCTORA LOS ANDES S.A.C.", INS_MK_COMPANY, NULL) > 0.99);
}
END_TEST

START_TEST(test_phonetic)
{
    static const char *const same[][2] = {
        {"vasquez", "vazquez"}, {"velasquez", "velazquez"}, {"huaman", "guaman"}, {"huaman", "waman"},
        {"jimenez", "gimenez"}, {"cevallos", "zeballos"}, {"ceballos", "sevallos"}, {"quispe", "kispe"},
        {"yepez", "llepez"}, {"herrera", "errera"}, {"gonzales", "gonzalez"}, {"chavez", "chaves"},
        {"xi", "shi"}, {"philip", "filip"}, {"guillermo", "guiyermo"}, {"invernizzi", "imbernisi"},
        {"joonng", "jong"}, {"llanos", "yanos"}};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        char a[64], b[64];
        insMatchPhonetic(same[i][0], a, sizeof a);
        insMatchPhonetic(same[i][1], b, sizeof b);
        ck_assert_msg(!strcmp(a, b), "%s -> %s but %s -> %s", same[i][0], a, same[i][1], b);
    }
    char k[64];
    insMatchPhonetic("vazquez", k, sizeof k);
    ck_assert_str_eq(k, "baskes");
    insMatchPhonetic("huaman", k, sizeof k);
    ck_assert_str_eq(k, "waman");
    insMatchPhonetic("chavez", k, sizeof k);
    ck_assert_str_eq(k, "Cabes");
    insMatchPhonetic("perez", k, sizeof k);
    ck_assert_str_eq(k, "peres");
    insMatchPhonetic("lopez", k, sizeof k);
    ck_assert_str_eq(k, "lopes");
    /* different names keep different keys */
    char a[64], b[64];
    insMatchPhonetic("perez", a, sizeof a);
    insMatchPhonetic("paz", b, sizeof b);
    ck_assert_str_ne(a, b);
    /* bounded output */
    char tiny[4];
    insMatchPhonetic("constantinopla", tiny, sizeof tiny);
    ck_assert_uint_eq(strlen(tiny), 3);
    /* phonetic matches show in the explanation */
    const char *why;
    ck_assert(score("José Vásquez Huamán", "JOSE VAZQUEZ GUAMAN", INS_MK_PERSON, &why) > 0.9);
    assert_why(why, "vasquez=vazquez (phonetic)");
    assert_why(why, "huaman=guaman (phonetic)");
}
END_TEST

START_TEST(test_initials_surnames)
{
    const char *why;
    double s = score("J. PEREZ", "JUAN PEREZ", INS_MK_PERSON, &why);
    ck_assert_msg(s >= 0.9, "%.3f %s", s, why);
    assert_why(why, "j=juan (initial)");
    s = score("J. C. Pérez Gómez", "JUAN CARLOS PEREZ GOMEZ", INS_MK_PERSON, &why);
    ck_assert_msg(s >= 0.9, "%.3f %s", s, why);
    /* initials run together, and joined words */
    s = score("JC Juncker", "Jean-Claude Juncker", INS_MK_PERSON, &why);
    ck_assert_msg(s >= 0.8, "%.3f %s", s, why);
    assert_why(why, "(initials)");
    s = score("Goodwill Company", "Good Will Company", INS_MK_COMPANY, &why);
    ck_assert_msg(s >= 0.8, "%.3f %s", s, why);
    assert_why(why, "(joined)");
    /* an initial that disagrees is a conflict */
    ck_assert(score("A. Nazarbayev", "Nursultan Nazarbayev", INS_MK_PERSON, NULL) < INS_MATCH_REVIEW);
    /* initials alone are not a name */
    ck_assert(score("N. N.", "Nursultan Nazarbayev", INS_MK_PERSON, NULL) < INS_MATCH_REVIEW);
    /* one surname against two: a match; two surnames, one different: not */
    s = score("JUAN PEREZ", "JUAN PEREZ GOMEZ", INS_MK_PERSON, &why);
    ck_assert_msg(s >= INS_MATCH_THRESHOLD, "%.3f %s", s, why);
    assert_why(why, "only in listing: gomez");
    ck_assert(score("JUAN PEREZ GOMEZ", "JUAN PEREZ LOPEZ", INS_MK_PERSON, NULL) < INS_MATCH_REVIEW);
    /* particles weigh little */
    ck_assert(score("MARIA DEL CARMEN QUISPE", "MARIA CARMEN QUISPE", INS_MK_PERSON, NULL) >= 0.95);
    ck_assert(score("Juan de la Cruz", "JUAN CRUZ", INS_MK_PERSON, NULL) >= INS_MATCH_THRESHOLD);
    /* Juan and Juana are two people; Pepe is José */
    ck_assert(score("Juan Quispe", "Juana Quispe", INS_MK_PERSON, NULL) < INS_MATCH_REVIEW);
    s = score("Pepe Ramírez", "JOSE RAMIREZ", INS_MK_PERSON, &why);
    ck_assert(s >= INS_MATCH_THRESHOLD);
    assert_why(why, "pepe=jose (name variant)");
    /* a typo, and a name truncated by a short field */
    ck_assert(score("JUAN CARLOS PERES GOMES", "JUAN CARLOS PEREZ GOMEZ", INS_MK_PERSON, NULL) >= 0.9);
    s = score("REINALDO CERNA JUARE", "REINALDO CERNA JUAREZ", INS_MK_PERSON, &why);
    ck_assert(s >= INS_MATCH_THRESHOLD);
    assert_why(why, "(truncated)");
}
END_TEST

/* The band a pair falls in at the default thresholds. */
static int band(const char *a, const char *b)
{
    return insMatchClassify(score(a, b, INS_MK_PERSON, NULL), INS_MATCH_THRESHOLD, INS_MATCH_REVIEW);
}

/*
** Spanish and Peruvian names: given names, then the father's surname, then
** the mother's.  The given names may move as a block to the other end;
** the surnames may not swap.  Relatives' shapes go to review, with the
** reason; so does a reordered name whose words the name lists cannot read.
*/
START_TEST(test_surname_order)
{
    const char *why;
    /* swapped surnames: review, saying so */
    ck_assert_int_eq(band("JUAN QUISPE MAMANI", "JUAN MAMANI QUISPE"), INS_MS_REVIEW);
    score("JUAN QUISPE MAMANI", "JUAN MAMANI QUISPE", INS_MK_PERSON, &why);
    assert_why(why, "surnames in another order");
    ck_assert_int_eq(band("QUISPE MAMANI", "MAMANI QUISPE"), INS_MS_REVIEW);
    ck_assert_int_eq(band("HUAMAN CCAMA ROSA MARIA", "ROSA MARIA CCAMA HUAMAN"), INS_MS_REVIEW);
    /* the block of given names moved from the front to the back: a match */
    ck_assert_int_eq(band("QUISPE MAMANI JUAN", "JUAN QUISPE MAMANI"), INS_MS_MATCH);
    ck_assert_int_eq(band("CONDORI APAZA MARIA DEL CARMEN", "MARIA DEL CARMEN CONDORI APAZA"), INS_MS_MATCH);
    ck_assert_int_eq(band("QUISPE JUAN CARLOS", "JUAN CARLOS QUISPE"), INS_MS_MATCH);
    score("QUISPE MAMANI JUAN", "JUAN QUISPE MAMANI", INS_MK_PERSON, &why);
    assert_why(why, "given names at the other end");
    /* one surname of two differs: review, not nothing */
    ck_assert_int_eq(band("JUAN QUISPE MAMANI", "JUAN QUISPE CONDORI"), INS_MS_REVIEW);
    score("JUAN QUISPE MAMANI", "JUAN QUISPE CONDORI", INS_MK_PERSON, &why);
    assert_why(why, "one surname of two differs");
    /* the same surnames, another given name: review */
    ck_assert_int_eq(band("JUAN QUISPE MAMANI", "PEDRO QUISPE MAMANI"), INS_MS_REVIEW);
    score("JUAN QUISPE MAMANI", "PEDRO QUISPE MAMANI", INS_MK_PERSON, &why);
    assert_why(why, "another given name");
    /* nothing in common but a surname and the shape: still nothing */
    ck_assert_int_eq(band("JUAN QUISPE MAMANI", "PEDRO QUISPE CONDORI"), INS_MS_NONE);
    /* one name read from the other: QUISPE opens the second, so its given
       name is last, and YONATHAN is a given name in both */
    ck_assert_int_eq(band("YONATHAN QUISPE YUCRA", "QUISPE YUCRA YONATHAN"), INS_MS_MATCH);
    /* words in another order that neither name lets the lists read: review */
    ck_assert_int_eq(band("YONATHAN QUISPE YUCRA", "YUCRA QUISPE YONATHAN"), INS_MS_REVIEW);
    score("YONATHAN QUISPE YUCRA", "YUCRA QUISPE YONATHAN", INS_MK_PERSON, &why);
    assert_why(why, "cannot tell given names from surnames");
    /* names with no known surname keep the plain comparison */
    ck_assert_int_eq(band("Xi Jinping", "Jinping Xi"), INS_MS_MATCH);
    ck_assert_int_eq(band("Boris Johnson de Pfeffel", "Alexandre Boris de Pfeffel Johnson"), INS_MS_MATCH);
    /* companies are not persons */
    ck_assert(score("Quispe Mamani SAC", "Mamani Quispe S.A.C.", INS_MK_COMPANY, NULL) >= INS_MATCH_THRESHOLD);
}
END_TEST

START_TEST(test_word_order)
{
    const char *why;
    ck_assert(score("PEREZ GOMEZ, JUAN CARLOS", "Juan Carlos Pérez Gómez", INS_MK_PERSON, &why) > 0.99);
    /* This pair once scored above 0.99: the words are the same, but
     * "Gómez Pérez" and "Pérez Gómez" are the father's and mother's
     * surnames in the other order, another person (issue 12); it is now a
     * question for a reviewer (test_surname_order). */
    ck_assert(score("Gómez Pérez Juan", "JUAN PEREZ GOMEZ", INS_MK_PERSON, NULL) < INS_MATCH_THRESHOLD);
    ck_assert(score("Andes Constructora SAC", "CONSTRUCTORA ANDES S.A.C.", INS_MK_COMPANY, NULL) > 0.99);
    /* Arabic names: the father's name after bin keeps its place */
    ck_assert(score("bin Salman Mohammed", "Mohammed bin Salman", INS_MK_PERSON, NULL) >= INS_MATCH_THRESHOLD);
    ck_assert(score("SALMAN BIN MUHAMMAD AL-RAWI", "MUHAMMAD BIN SALMAN AL-RAWI", INS_MK_PERSON, NULL) <
              INS_MATCH_THRESHOLD);
    /* scripts: transliterated Cyrillic, same-script comparison */
    ck_assert(score("Ротенберг Аркадий", "Arkadii Rotenberg", INS_MK_PERSON, NULL) >= INS_MATCH_THRESHOLD);
    ck_assert(score("Владимир Путин", "Vladimir Putin", INS_MK_PERSON, NULL) > 0.99);
    /* symmetric */
    double a = score("Juan Perez", "Juan Carlos Perez Gomez", INS_MK_PERSON, NULL);
    double b = score("Juan Carlos Perez Gomez", "Juan Perez", INS_MK_PERSON, NULL);
    ck_assert(a > b - 1e-9 && a < b + 1e-9);
}
END_TEST

START_TEST(test_identifiers)
{
    char out[64];
    insMatchNormId("20.512.345-671", out, sizeof out);
    ck_assert_str_eq(out, "20512345671");
    insMatchNormId(" ab 12/34 ", out, sizeof out);
    ck_assert_str_eq(out, "AB1234");
    insMatchNormId("--", out, sizeof out);
    ck_assert_str_eq(out, "");
    char small[4];
    insMatchNormId("123456", small, sizeof small);
    ck_assert_str_eq(small, "123");
    ck_assert_str_eq(insMatchIdScheme("20512345671"), INS_SCHEME_PE_RUC);
    ck_assert_str_eq(insMatchIdScheme("40123456"), INS_SCHEME_PE_DNI);
    ck_assert_ptr_null(insMatchIdScheme("20512345670")); /* bad check digit */
    ck_assert_str_eq(insMatchIdScheme("DE1234567890"), INS_SCHEME_EORI);
    /* the query key: normalised name, ids sorted, deduplicated */
    const char *ids[] = {"40.123.456", "G-123", "40123456"};
    char *k = insMatchQueryKey("Pérez, Juan", ids, 3);
    ck_assert_str_eq(k, "perez juan|40123456,G123");
    free(k);
    k = insMatchQueryKey("ACME S.A.C.", NULL, 0);
    ck_assert_str_eq(k, "acme sac|");
    free(k);
}
END_TEST

START_TEST(test_classify)
{
    ck_assert_int_eq(insMatchClassify(0.95, 0.80, 0.65), INS_MS_MATCH);
    ck_assert_int_eq(insMatchClassify(0.80, 0.80, 0.65), INS_MS_MATCH);
    ck_assert_int_eq(insMatchClassify(0.7999, 0.80, 0.65), INS_MS_REVIEW);
    ck_assert_int_eq(insMatchClassify(0.65, 0.80, 0.65), INS_MS_REVIEW);
    ck_assert_int_eq(insMatchClassify(0.6499, 0.80, 0.65), INS_MS_NONE);
    ck_assert_int_eq(insMatchClassify(0.0, 0.80, 0.65), INS_MS_NONE);
    ck_assert_str_eq(insMatchStatusName(INS_MS_MATCH), "match");
    ck_assert_str_eq(insMatchStatusName(INS_MS_REVIEW), "review");
    ck_assert_str_eq(insMatchStatusName(INS_MS_CONFIRMED), "confirmed");
    ck_assert_int_eq(ins_match_kind_from_text("Person"), INS_MK_PERSON);
    ck_assert_int_eq(ins_match_kind_from_text("empresa"), INS_MK_COMPANY);
    ck_assert_int_eq(ins_match_kind_from_text("vessel"), INS_MK_ANY);
    /* scores stay in [0,1] and never fail on odd input */
    ck_assert(score("", "", INS_MK_ANY, NULL) == 0.0);
    ck_assert(score("  .,;  ", "ACME", INS_MK_ANY, NULL) == 0.0);
    ck_assert(score("\xff\xfe\x41\x42", "ACME", INS_MK_ANY, NULL) >= 0.0);
    char big[8192];
    size_t o = 0;
    for (int i = 0; i < 800; i++) o += (size_t)snprintf(big + o, sizeof big - o, "W%d ", i);
    ck_assert(score(big, big, INS_MK_ANY, NULL) > 0.99);
    memset(big, 'a', 5000);
    big[5000] = '\0';
    ck_assert(score(big, "aaaa", INS_MK_ANY, NULL) >= 0.0);
}
END_TEST

/* ---- with a database ------------------------------------------------------ */

/* Runs the SQL of fixture REL on DB. */
static void load_sql(ins_db *db, const char *rel)
{
    FILE *f = fopen(tu_fixture(rel), "rb");
    ck_assert_msg(f != NULL, "cannot open %s", rel);
    ins_buf b;
    insBufInit(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) insBufAppend(&b, chunk, n);
    fclose(f);
    char *err = NULL;
    int rc = sqlite3_exec(db->h, insBufStr(&b), NULL, NULL, &err);
    ck_assert_msg(rc == SQLITE_OK, "%s: %s", rel, err ? err : "?");
    insBufFree(&b);
}

/* A database with the screening listings. */
static ins_db *screen_db(const char *name)
{
    ins_db *db = tu_db_new(name);
    load_sql(db, "synthetic/screen/listings.sql");
    return db;
}

/* The result row of input row ROW and listing LISTING, or -1. */
static long find_row(const ins_result *r, const char *row, const char *listing)
{
    for (size_t i = 0; i < r->nrows; i++)
        if (!strcmp(ins_result_cell(r, i, "row"), row) && !strcmp(ins_result_cell(r, i, "listing_id"), listing))
            return (long)i;
    return -1;
}

/* The number of result rows for input row ROW. */
static size_t count_rows(const ins_result *r, const char *row)
{
    size_t c = 0;
    for (size_t i = 0; i < r->nrows; i++) c += !strcmp(ins_result_cell(r, i, "row"), row);
    return c;
}

/* Screens the fixture queries as of 2024-06-01. */
static ins_result *screen(ins_db *db, const char *rel, ins_screen_stats *st)
{
    ins_screen_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = "2024-06-01";
    ins_result *r = NULL;
    char *err = NULL;
    int rc = ins_screen_file(db, tu_fixture(rel), &o, &r, st, &err);
    ck_assert_msg(rc == INS_OK, "screen: %s", err ? err : ins_strerror(rc));
    free(err);
    return r;
}

#define assert_cell(r, i, col, expected) ck_assert_str_eq(ins_result_cell((r), (size_t)(i), (col)), (expected))
#define assert_cell_has(r, i, col, part) assert_why(ins_result_cell((r), (size_t)(i), (col)), (part))

START_TEST(test_screen)
{
    ins_db *db = screen_db("match-screen");
    ins_screen_stats st;
    ins_result *r = screen(db, "synthetic/screen/queries.csv", &st);
    ck_assert_uint_eq(st.rows, 13);
    /* in force on 2024-06-01: 1, 2, 3, 4, 8, 9 (5 delisted, 6 not yet,
       7 outside its period) */
    ck_assert_uint_eq(st.listings, 6);
    /* 1: same name, legal form written differently */
    long i = find_row(r, "1", "1");
    ck_assert_int_ge(i, 0);
    assert_cell(r, i, "status", "match");
    assert_cell_has(r, i, "explanation", "legal form agrees (SAC)");
    assert_cell(r, i, "query_key", "confecciones la estrella del sur sac|");
    /* 2: a word missing, the legal form spelt out */
    i = find_row(r, "2", "1");
    ck_assert_int_ge(i, 0);
    assert_cell(r, i, "status", "match");
    assert_cell_has(r, i, "explanation", "only in listing: la");
    /* 3: surnames first, accents, birth date and country agree */
    i = find_row(r, "3", "2");
    ck_assert_int_ge(i, 0);
    assert_cell(r, i, "status", "match");
    assert_cell(r, i, "score", "1.000");
    assert_cell_has(r, i, "explanation", "birth date 1975-04-12 agrees");
    assert_cell_has(r, i, "explanation", "country PE agrees");
    /* 4: initials */
    i = find_row(r, "4", "2");
    ck_assert_int_ge(i, 0);
    assert_cell_has(r, i, "explanation", "j=juan (initial)");
    /* 5: another name, the listed DNI: the identifier decides */
    i = find_row(r, "5", "2");
    ck_assert_int_ge(i, 0);
    assert_cell(r, i, "status", "match");
    assert_cell(r, i, "score", "1.000");
    assert_cell_has(r, i, "explanation", "identifier 40123456 decided");
    assert_cell(r, i, "query_key", "pedro ramirez|40123456");
    /* 6: "&" for "y", "Cía." for "CIA" */
    i = find_row(r, "6", "3");
    ck_assert_int_ge(i, 0);
    assert_cell(r, i, "status", "match");
    /* 7: one surname of two, birth year agrees */
    i = find_row(r, "7", "4");
    ck_assert_int_ge(i, 0);
    assert_cell_has(r, i, "explanation", "only in listing: del rosario mamani");
    /* 8, 11, 12: delisted, not yet listed, period over */
    ck_assert_uint_eq(count_rows(r, "8"), 0);
    ck_assert_uint_eq(count_rows(r, "11"), 0);
    ck_assert_uint_eq(count_rows(r, "12"), 0);
    ck_assert_uint_eq(count_rows(r, "10"), 0);
    /* 9: same name, another RUC: strongly lowered, left for review */
    i = find_row(r, "9", "8");
    ck_assert_int_ge(i, 0);
    assert_cell(r, i, "status", "review");
    assert_cell_has(r, i, "explanation", "identifier differs (PE-RUC)");
    /* 13: same name, birth years 15 years apart: review */
    i = find_row(r, "13", "2");
    ck_assert_int_ge(i, 0);
    assert_cell(r, i, "status", "review");
    assert_cell_has(r, i, "explanation", "birth year differs (1990 vs 1975)");
    /* the unrelated listing never shows */
    for (size_t k = 0; k < r->nrows; k++) ck_assert_str_ne(ins_result_cell(r, k, "listing_id"), "9");
    ins_result_free(r);

    /* another date: on 2016-01-01 listing 5 was in force, 1 not yet */
    ins_screen_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = "2016-01-01";
    char *err = NULL;
    ck_assert_int_eq(ins_screen_file(db, tu_fixture("synthetic/screen/queries.csv"), &o, &r, &st, &err), INS_OK);
    ck_assert_int_ge(find_row(r, "8", "5"), 0);
    ck_assert_uint_eq(count_rows(r, "1"), 0);
    ins_result_free(r);

    /* semicolons and ISO-8859-1 */
    r = screen(db, "synthetic/screen/queries-latin1-semicolon.csv", &st);
    ck_assert_uint_eq(st.rows, 2);
    i = find_row(r, "1", "2");
    ck_assert_int_ge(i, 0);
    assert_cell(r, i, "query_name", "PÉREZ GÓMEZ JUAN CARLOS");
    ck_assert_int_ge(find_row(r, "2", "1"), 0);
    ins_result_free(r);

    /* a file without a name column is refused */
    r = NULL;
    ck_assert_int_eq(ins_screen_file(db, tu_fixture("synthetic/screen/no-name-column.csv"), &o, &r, &st, &err),
                     INS_ERR_FORMAT);
    ck_assert_ptr_nonnull(err);
    assert_why(err, "no name column");
    free(err);
    ck_assert_ptr_null(r);
    ins_db_close(db);
}
END_TEST

/*
** A record that matches several listings at once: every candidate says
** where it stands, and the first says why it is the best.  The surnames in
** the other order are a review, not a match.
*/
START_TEST(test_several)
{
    ins_db *db = screen_db("match-several");
    load_sql(db, "synthetic/screen/several.sql");
    ins_screen_stats st;
    ins_result *r = screen(db, "synthetic/screen/queries-several.csv", &st);
    ck_assert_uint_eq(count_rows(r, "1"), 3);
    long i = find_row(r, "1", "20");
    ck_assert_int_eq(i, 0);
    assert_cell(r, i, "status", "match");
    assert_cell(r, i, "candidate", "1/3");
    assert_cell_has(r, i, "explanation", "best of 3 candidates: the highest score (1.000, next");
    i = find_row(r, "1", "21");
    ck_assert_int_ge(i, 1);
    assert_cell(r, i, "status", "match");
    assert_cell_has(r, i, "explanation", "after listing 20 (1.000)");
    i = find_row(r, "1", "22");
    ck_assert_int_eq(i, 2);
    assert_cell(r, i, "status", "review");
    assert_cell(r, i, "candidate", "3/3");
    assert_cell_has(r, i, "explanation", "surnames in another order");
    ins_result_free(r);
    ins_db_close(db);
}
END_TEST

START_TEST(test_decisions)
{
    ins_db *db = screen_db("match-decisions");
    char *err = NULL;
    ck_assert_int_eq(ins_screen_decide(db, "maria quispe|", 4, "reject", "ana", "otra persona", &err), INS_OK);
    ck_assert_int_eq(ins_screen_decide(db, "j c perez gomez|", 2, "confirm", NULL, NULL, &err), INS_OK);
    ck_assert_int_eq(ins_screen_decide(db, "j c perez gomez|", 99, "confirm", NULL, NULL, &err), INS_ERR_NOTFOUND);
    free(err);
    err = NULL;
    ck_assert_int_eq(ins_screen_decide(db, "x|", 1, "maybe", NULL, NULL, &err), INS_ERR_ARG);
    free(err);
    err = NULL;
    ck_assert_int_eq(ins_screen_decide(db, "no key", 1, "reject", NULL, NULL, &err), INS_ERR_ARG);
    free(err);
    err = NULL;
    tu_assert_int(db, 2, "SELECT count(*) FROM match_decisions");
    tu_assert_text(db, "rejected", "SELECT decision FROM match_decisions WHERE listing_id = 4");
    tu_assert_text(db, "ana", "SELECT decided_by FROM match_decisions WHERE listing_id = 4");
    /* decisions from a file: one row bad */
    unsigned long applied = 0, rejected = 0;
    ck_assert_int_eq(ins_screen_decisions_file(db, tu_fixture("synthetic/screen/decisions.csv"), &applied, &rejected, &err),
                     INS_OK);
    ck_assert_uint_eq(applied, 2);
    ck_assert_uint_eq(rejected, 1);
    ck_assert_ptr_nonnull(err);
    assert_why(err, "row 4");
    free(err);
    tu_assert_int(db, 4, "SELECT count(*) FROM match_decisions");

    ins_screen_stats st;
    ins_result *r = screen(db, "synthetic/screen/queries.csv", &st);
    /* rejected: not proposed again */
    ck_assert_int_lt(find_row(r, "7", "4"), 0);
    ck_assert_int_lt(find_row(r, "6", "3"), 0);
    ck_assert_uint_ge(st.rejected, 2);
    /* confirmed: reported as such */
    long i = find_row(r, "4", "2");
    ck_assert_int_ge(i, 0);
    assert_cell(r, i, "status", "confirmed");
    assert_cell_has(r, i, "explanation", "confirmed earlier");
    /* confirmed from the file although far below the band this time */
    i = find_row(r, "10", "1");
    ck_assert_int_ge(i, 0);
    assert_cell(r, i, "status", "confirmed");
    ck_assert_uint_ge(st.confirmed, 2);
    /* other rows are untouched */
    ck_assert_int_ge(find_row(r, "1", "1"), 0);
    ins_result_free(r);
    ins_db_close(db);
}
END_TEST

START_TEST(test_link)
{
    ins_db *db = screen_db("match-link");
    char *err = NULL;
    int rc = sqlite3_exec(db->h,
        "INSERT INTO source_files(id, sha256, path, size, kind, imported_at) VALUES"
        " (1, 'x', 'test', 0, 'test', '2024-01-01T00:00:00Z');"
        "INSERT INTO documents(id, file_id, kind) VALUES (1, 1, 'test');"
        "INSERT INTO firms(id, key, scheme, tax_id, country, name, norm_name) VALUES"
        " (1, 'PE-RUC:20512345671', 'PE-RUC', '20512345671', 'PE', 'ESTRELLA DEL SUR', 'estrella del sur'),"
        " (2, 'NAME:PE:textiles andinos', 'NAME', NULL, 'PE', 'TEXTILES ANDINOS & CIA SRL', 'textiles andinos cia srl'),"
        " (3, 'NAME:PE:minera', 'NAME', NULL, 'PE', 'Minera Aurífera El Dorado S.A.', 'minera aurifera el dorado sa'),"
        " (4, 'NAME:PE:panaderia', 'NAME', NULL, 'PE', 'PANADERIA LOS OLIVOS', 'panaderia los olivos'),"
        " (5, 'PE-RUC:10401234565', 'PE-RUC', '10401234565', 'PE', 'QUISPE MAMANI MARIA DEL ROSARIO', 'x');"
        "INSERT INTO firm_names(firm_id, name, norm_name, document_id) VALUES"
        " (4, 'PANADERIA LOS OLIVOS', 'panaderia los olivos', 1),"
        " (4, 'TEXANDI S.R.L.', 'texandi srl', 1);"
        "INSERT INTO persons(id, key, scheme, number, given_names, family_names) VALUES"
        " (1, 'PE-DNI:40123456', 'PE-DNI', '40123456', 'PEDRO', 'RAMIREZ'),"
        " (2, 'NAME:perez gomez juan carlos', 'NAME', NULL, 'Juan Carlos', 'Pérez Gómez'),"
        " (4, 'PE-DNI:09999999', 'PE-DNI', '09999999', 'JUAN CARLOS', 'PEREZ GOMEZ'),"
        " (3, 'PE-DNI:07777777', 'PE-DNI', '07777777', 'ANA', 'TORRES');",
        NULL, NULL, &err);
    ck_assert_msg(rc == SQLITE_OK, "%s", err ? err : "?");
    size_t links = 0;
    ck_assert_int_eq(insMatchLinkListings(db, "2024-06-01", 0.9, &links), INS_OK);
    /* by RUC although the names differ */
    tu_assert_text(db, "identifier", "SELECT matched_by FROM listing_links WHERE subject_type = 'firm' AND subject_id = 1 AND listing_id = 1");
    tu_assert_int(db, 1, "SELECT CAST(score AS INTEGER) FROM listing_links WHERE subject_id = 1 AND subject_type = 'firm'");
    /* by name */
    tu_assert_text(db, "name", "SELECT matched_by FROM listing_links WHERE subject_type = 'firm' AND subject_id = 2 AND listing_id = 3");
    /* delisted since: linked all the same (rules see it as not active) */
    tu_assert_int(db, 1, "SELECT count(*) FROM listing_links WHERE subject_type = 'firm' AND subject_id = 3 AND listing_id = 5");
    /* another name of a firm: the listing's alias */
    tu_assert_int(db, 1, "SELECT count(*) FROM listing_links WHERE subject_type = 'firm' AND subject_id = 4 AND listing_id = 3");
    /* a RUC 10 (a person in business) against a person listing */
    tu_assert_int(db, 1, "SELECT count(*) FROM listing_links WHERE subject_type = 'firm' AND subject_id = 5 AND listing_id = 4");
    /* persons: by DNI, by name */
    tu_assert_text(db, "identifier", "SELECT matched_by FROM listing_links WHERE subject_type = 'person' AND subject_id = 1");
    tu_assert_text(db, "name", "SELECT matched_by FROM listing_links WHERE subject_type = 'person' AND subject_id = 2 AND listing_id = 2");
    tu_assert_int(db, 0, "SELECT count(*) FROM listing_links WHERE subject_type = 'person' AND subject_id = 3");
    /* same name, another DNI: lowered below the link threshold */
    tu_assert_int(db, 0, "SELECT count(*) FROM listing_links WHERE subject_type = 'person' AND subject_id = 4");
    /* not yet listed on the date: no link */
    tu_assert_int(db, 0, "SELECT count(*) FROM listing_links WHERE listing_id = 6");
    tu_assert_int(db, (int64_t)links, "SELECT count(*) FROM listing_links");
    char *why = tu_text(db, "SELECT explanation FROM listing_links WHERE subject_type = 'firm' AND subject_id = 1", NULL);
    ck_assert_ptr_nonnull(why);
    assert_why(why, "identifier 20512345671 decided");
    free(why);
    /* again, inside a transaction: same rows, replaced */
    ck_assert_int_eq(insDbBegin(db), INS_OK);
    size_t again = 0;
    ck_assert_int_eq(insMatchLinkListings(db, "2024-06-01", 0.9, &again), INS_OK);
    ck_assert_int_eq(insDbCommit(db), INS_OK);
    ck_assert_uint_eq(again, links);
    tu_assert_int(db, (int64_t)links, "SELECT count(*) FROM listing_links");
    /* found on one thread or on three: the same rows, explanations included */
    char *all1 = NULL, *all3 = NULL;
    static const char qall[] =
        "SELECT group_concat(listing_id || '|' || subject_type || '|' || subject_id || '|' || score || '|'"
        " || matched_by || '|' || explanation, '~') FROM (SELECT * FROM listing_links ORDER BY 1, 2, 3)";
    for (unsigned nt = 1; nt <= 3; nt += 2) {
        ins_match_links *found = NULL;
        ck_assert_int_eq(insMatchLinkFind(db, "2024-06-01", 0.9, nt, &found), INS_OK);
        size_t w = 0;
        ck_assert_int_eq(insMatchLinkWrite(db, found, &w), INS_OK);
        insMatchLinksFree(found);
        ck_assert_uint_eq(w, links);
        char *t = tu_text(db, qall, NULL);
        ck_assert_ptr_nonnull(t);
        if (nt == 1) all1 = t; else all3 = t;
    }
    ck_assert_str_eq(all1, all3);
    free(all1);
    free(all3);
    ins_db_close(db);
}
END_TEST

/* ---- the benchmark ----------------------------------------------------------- */

/*
** The surname-order cases of bench/namebench --bands: swapped surnames
** land in review, never in match; the given names moved as a block stay a
** match; the published-pairs gate (test_bench) is unchanged.
*/
START_TEST(test_bands)
{
    ins_match_band b[16];
    size_t n = 0;
    char *err = NULL;
    ck_assert_int_eq(insMatchBandBench(tu_fixture("name-pairs/peruvian-name-order.csv"), INS_MATCH_THRESHOLD,
                                       INS_MATCH_REVIEW, b, 16, &n, NULL, &err),
                     INS_OK);
    ck_assert_uint_eq(n, 6);
    int seen = 0;
    for (size_t k = 0; k < n; k++) {
        if (!strcmp(b[k].kind, "swapped_surnames")) {
            ck_assert_uint_eq(b[k].got[INS_MS_MATCH], 0);
            ck_assert_uint_eq(b[k].got[INS_MS_REVIEW], b[k].n);
            seen |= 1;
        } else if (!strcmp(b[k].kind, "given_names_moved")) {
            ck_assert_uint_eq(b[k].got[INS_MS_MATCH], b[k].n);
            seen |= 2;
        } else if (!strcmp(b[k].kind, "different_people")) {
            ck_assert_uint_eq(b[k].got[INS_MS_NONE], b[k].n);
            seen |= 4;
        } else if (b[k].expect == INS_MS_REVIEW) {
            /* relatives' shapes: never a match */
            ck_assert_uint_eq(b[k].got[INS_MS_MATCH], 0);
        }
    }
    ck_assert_int_eq(seen, 7);
    ck_assert_int_eq(insMatchBandBench("/nonexistent.csv", 0.8, 0.65, b, 16, &n, NULL, &err), INS_ERR_IO);
    free(err);
}
END_TEST

START_TEST(test_bench)
{
    ins_match_prf ours[INS_BENCH_SLICES], ref[INS_BENCH_SLICES];
    char *err = NULL;
    ck_assert_int_eq(insMatchBench(tu_fixture("name-pairs/nomenklatura-cases.csv"), 0, 0.70, ours, NULL, &err),
                     INS_OK);
    ck_assert_int_eq(insMatchBench(tu_fixture("name-pairs/nomenklatura-logicv2-frozen.csv"), 1, 0.70, ref, NULL, &err),
                     INS_OK);
    /* the reference's own figures, recomputed from its frozen scores: F1
       0.790 overall, 0.856 companies, 0.742 persons (counted by hand from
       the file's outcome column: TP 345, FP 108, FN 75 overall) */
    ck_assert_uint_eq(ref[INS_BENCH_ALL].n, 812);
    ck_assert_uint_eq(ref[INS_BENCH_ALL].tp, 345);
    ck_assert_uint_eq(ref[INS_BENCH_ALL].fp, 108);
    ck_assert_uint_eq(ref[INS_BENCH_ALL].fn, 75);
    ck_assert(ref[INS_BENCH_ALL].f1 > 0.7895 && ref[INS_BENCH_ALL].f1 < 0.7905);
    ck_assert(ref[INS_BENCH_COMPANY].f1 > 0.8555 && ref[INS_BENCH_COMPANY].f1 < 0.8565);
    ck_assert(ref[INS_BENCH_PERSON].f1 > 0.7415 && ref[INS_BENCH_PERSON].f1 < 0.7425);
    ck_assert_uint_eq(ours[INS_BENCH_ALL].n, 826);
    for (int i = 0; i < INS_BENCH_SLICES; i++)
        ck_assert_msg(ours[i].f1 >= ref[i].f1, "slice %d: F1 %.3f below the reference's %.3f", i, ours[i].f1,
                      ref[i].f1);
    /* a missing file is an I/O error with a message */
    ck_assert_int_eq(insMatchBench("/nonexistent/pairs.csv", 0, 0.7, ours, NULL, &err), INS_ERR_IO);
    ck_assert_ptr_nonnull(err);
    free(err);
}
END_TEST

/* The suite: names (no database), screening (a database), benchmark. */
int main(void)
{
    Suite *s = suite_create("match");
    TCase *tc = tcase_create("names");
    tcase_add_test(tc, test_legal_forms);
    tcase_add_test(tc, test_phonetic);
    tcase_add_test(tc, test_initials_surnames);
    tcase_add_test(tc, test_word_order);
    tcase_add_test(tc, test_surname_order);
    tcase_add_test(tc, test_identifiers);
    tcase_add_test(tc, test_classify);
    suite_add_tcase(s, tc);
    tc = tcase_create("screening");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_screen);
    tcase_add_test(tc, test_several);
    tcase_add_test(tc, test_decisions);
    tcase_add_test(tc, test_link);
    suite_add_tcase(s, tc);
    tc = tcase_create("benchmark");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_bench);
    tcase_add_test(tc, test_bands);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
