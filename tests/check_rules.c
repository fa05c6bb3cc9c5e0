/*
** check_rules.c: unit tests of the rule language stages: lexer, parser,
** evaluator, dates, fingerprints.  The table-driven tests of whole rules
** are in tests/rules (run by tests/cli/rules.sh).
*/
#include "testutil.h"
#include "rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static ins_src mem_src(const char *text)
{
    ins_src s;
    ck_assert_int_eq(insSrcFromBytes(&s, "mem.rules", text, strlen(text)), 0);
    return s;
}

START_TEST(test_lexer)
{
    ins_src s = mem_src("count(sales) / 2 >= 1.5 and d within 90 days and x matches /a\\/b/i\n"
                        "'uno' \"dos\n     tres\" 2026-11-28 $list != # comment\n@");
    static const ins_tok want[] = {
        TK_IDENT, TK_LPAREN, TK_IDENT, TK_RPAREN, TK_SLASH, TK_NUMBER, TK_GE, TK_NUMBER, TK_IDENT,
        TK_IDENT, TK_IDENT, TK_NUMBER, TK_IDENT, TK_IDENT, TK_IDENT, TK_IDENT, TK_REGEX,
        TK_STRING, TK_STRING, TK_DATE, TK_VAR, TK_NE, TK_ERROR, TK_EOF,
    };
    ins_lexer lx;
    insLexInit(&lx, &s);
    for (size_t i = 0; i < INS_ARRAY_LEN(want); i++) {
        ins_token t;
        insLexNext(&lx, &t);
        ck_assert_msg(t.k == want[i], "token %zu: got kind %d, want %d", i, t.k, want[i]);
        if (t.k == TK_REGEX) {
            ck_assert_str_eq(t.str, "a/b");
            ck_assert_str_eq(t.flags, "i");
        }
        if (i == 17) ck_assert_str_eq(t.str, "uno");
        if (i == 18) ck_assert_str_eq(t.str, "dos tres"); /* line break + indent -> one space */
        if (i == 19) { ck_assert_int_eq(t.line, 3); ck_assert_int_eq(t.col, 12); }
        if (i == 20) ck_assert_str_eq(t.str, "list");
        if (i == 22) ck_assert_int_eq(t.line, 4);
        insTokenFree(&t);
    }
    insSrcFree(&s);
}
END_TEST

START_TEST(test_parser_recovers)
{
    ins_src s = mem_src("rule a {\n  subject: leg\n  condition: mode == \n}\n"
                        "rule b {\n  subject: leg\n  condition: (mode == \"02\"\n}\n"
                        "rule c {\n  subject: leg\n  condition: mode == \"01\"\n}\n");
    ins_diags d;
    memset(&d, 0, sizeof d);
    ins_parse_out po;
    memset(&po, 0, sizeof po);
    insParseFile(&s, &d, &po);
    ck_assert_uint_eq(po.nrules, 3);
    ck_assert_int_eq(d.errors, 2);
    ck_assert(po.rules[0]->errors && po.rules[1]->errors && !po.rules[2]->errors);
    ck_assert_ptr_nonnull(strstr(d.v[0].text, "mem.rules:4:1: error:"));
    ck_assert_ptr_nonnull(po.rules[2]->condition);
    for (size_t i = 0; i < po.nrules; i++) insRuleFree(po.rules[i]);
    free(po.rules);
    insDiagsFree(&d);
    insSrcFree(&s);
}
END_TEST

START_TEST(test_dates)
{
    static const char *const dates[] = {"1970-01-01", "2000-02-29", "2024-12-31", "2026-11-28", "1899-03-01"};
    for (size_t i = 0; i < INS_ARRAY_LEN(dates); i++) {
        int32_t d;
        char out[11];
        ck_assert(insDateParse(dates[i], 10, &d));
        insDateFormat(d, out);
        ck_assert_str_eq(out, dates[i]);
    }
    int32_t a, b;
    ck_assert(insDateParse("2026-03-01", 10, &a) && insDateParse("2026-02-28", 10, &b));
    ck_assert_int_eq(a - b, 1);
    ck_assert(!insDateParse("2025-02-29", 10, &a));
    ck_assert(!insDateParse("2026-04-31", 10, &a));
}
END_TEST

/* Writes TEXT to a file in tests/tmp and returns its path (static). */
static const char *write_tmp(const char *name, const char *text)
{
    static char path[4][4200];
    static int k;
    char *p = path[k++ % 4];
    const char *b = getenv("top_builddir");
    snprintf(p, 4200, "%s/tests/tmp/%s", b && *b ? b : ".", name);
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/tests/tmp", b && *b ? b : ".");
    mkdir(dir, 0777);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static const char rule_text[] =
    "list places = \"fp.list\"\n"
    "rule r {\n meta:\n  id = \"U-1\"\n  rev = 1\n  title = \"t\"\n  description = \"d\"\n"
    "  indicators = [\"ilo.isolation\"]\n  severity = \"low\"\n  weight = 0.5\n  legal_basis = \"l\"\n"
    "  guidance = \"g\"\n  audience = [\"labour\"]\n  status = \"stable\"\n  author = \"a\"\n"
    "  date = 2026-11-28\n subject: leg\n condition: dest_ubigeo in $places\n"
    " evidence: \"{dest_ubigeo}\"\n"
    " test match \"m\": { dest_ubigeo: \"170101\" }\n test nomatch \"n\": { dest_ubigeo: \"150101\" }\n}\n";

START_TEST(test_fingerprint_covers_lists)
{
    write_tmp("fp.list", "170101 TAMBOPATA\n");
    const char *rp = write_tmp("fp.rules", rule_text);
    const char *paths[1] = {rp};
    ins_ruleset *rs = NULL;
    int ne = -1, nw = -1;
    ck_assert_int_eq(ins_ruleset_load(paths, 1, 0, NULL, NULL, &rs, &ne, &nw), INS_OK);
    ck_assert_int_eq(ne, 0);
    char fp1[65];
    insUStrlcpy(fp1, ins_ruleset_fingerprint(rs), sizeof fp1);
    int passed = 0, failed = 0;
    ins_ruleset_run_tests(rs, NULL, NULL, &passed, &failed);
    ck_assert_int_eq(passed, 2);
    ck_assert_int_eq(failed, 0);
    ins_ruleset_free(rs);
    /* same files: same fingerprint */
    ck_assert_int_eq(ins_ruleset_load(paths, 1, 0, NULL, NULL, &rs, &ne, &nw), INS_OK);
    ck_assert_str_eq(fp1, ins_ruleset_fingerprint(rs));
    ins_ruleset_free(rs);
    /* a list edit changes it, and the tests see the new list */
    write_tmp("fp.list", "170101 TAMBOPATA\n150101 LIMA\n");
    ck_assert_int_eq(ins_ruleset_load(paths, 1, 0, NULL, NULL, &rs, &ne, &nw), INS_OK);
    ck_assert_str_ne(fp1, ins_ruleset_fingerprint(rs));
    ins_ruleset_run_tests(rs, NULL, NULL, &passed, &failed);
    ck_assert_int_eq(failed, 1);
    ins_ruleset_free(rs);
}
END_TEST

/* Regular expressions the last eval_leg ran. */
static size_t last_regex_runs;

/* Evaluates CONDITION (a leg rule) on a literal subject. */
static int eval_leg(const char *condition, const char *literal, char *errmsg, size_t errlen)
{
    ins_buf t;
    insBufInit(&t);
    insBufPrintf(&t, "rule r {\n subject: leg\n condition: %s\n test match \"x\": %s\n}\n", condition, literal);
    ins_src s = mem_src(insBufStr(&t));
    insBufFree(&t);
    ins_diags d;
    memset(&d, 0, sizeof d);
    ins_parse_out po;
    memset(&po, 0, sizeof po);
    insParseFile(&s, &d, &po);
    ck_assert_int_eq(d.errors, 0);
    ins_rule *r = po.rules[0];
    insCheckRule(r, NULL, &d);
    ins_frame *f = NULL;
    ck_assert_int_eq(insFrameFromObject(r->subject, r->tests[0].subject, &f, NULL), INS_OK);
    ins_evalctx c;
    insEvalInit(&c);
    c.f = f;
    insDateParse("2026-11-28", 10, &c.as_of);
    double strength;
    int rc = insEvalRule(&c, r, &strength, NULL);
    last_regex_runs = c.regex_runs;
    if (errmsg) insUStrlcpy(errmsg, c.errmsg, errlen);
    insEvalFree(&c);
    insFrameFree(f);
    insRuleFree(r);
    free(po.rules);
    insDiagsFree(&d);
    insSrcFree(&s);
    return rc;
}

START_TEST(test_eval)
{
    char msg[256];
    ck_assert_int_eq(eval_leg("mode == \"02\" and gross_weight * 2 > 3", "{ mode: \"02\", gross_weight: 2 }", NULL, 0), 1);
    ck_assert_int_eq(eval_leg("gross_weight > 3 or gross_weight <= 3", "{ mode: \"02\" }", NULL, 0), 0);
    ck_assert_int_eq(eval_leg("start_date within 1 year", "{ start_date: 2025-12-01 }", NULL, 0), 1);
    ck_assert_int_eq(eval_leg("start_date within 1 year", "{ start_date: 2025-11-27 }", NULL, 0), 0);
    ck_assert_int_eq(eval_leg("description matches /(a+)+$/", "{ description: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\" }",
                              msg, sizeof msg), -1);
    ck_assert_ptr_nonnull(strstr(msg, "match limit"));
    /* after the limit the rule stops for the subject at once: the second
       regex (the `or` would otherwise try it) never runs */
    ck_assert_int_eq(eval_leg("description matches /(a+)+$/ or description matches /a/",
                              "{ description: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\" }",
                              msg, sizeof msg),
                     -1);
    ck_assert_uint_eq(last_regex_runs, 1);
}
END_TEST

START_TEST(test_schema_suggest)
{
    const ins_rtype *t = insSchemaType("trade_line");
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(insSchemaSuggest(t, "hs7"), "hs6");
    ck_assert_str_eq(insSchemaSuggest(t, "ammount"), "amount");
    ck_assert_ptr_null(insSchemaSuggest(t, "zzzzzzzz"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, test_lexer);
    tcase_add_test(tc, test_parser_recovers);
    tcase_add_test(tc, test_dates);
    tcase_add_test(tc, test_fingerprint_covers_lists);
    tcase_add_test(tc, test_eval);
    tcase_add_test(tc, test_schema_suggest);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
