/*
** cmd_rules.c: `inspector rules check|test|list`, for the people who write
** and review rules.
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct diag_state {
    int quiet;
} diag_state;

/* Prints a compile diagnostic; warnings only when not quiet. */
static void on_diag(void *ud, int is_error, const char *text)
{
    diag_state *s = ud;
    if (!is_error && s->quiet) return;
    fputs(text, stderr);
}

typedef struct test_state {
    int verbose;
} test_state;

/* Prints the outcome of one rule test: failures always, passes when verbose. */
static void on_test(void *ud, const ins_rule_info *r, const char *test, int must_match, int passed,
                    const char *detail)
{
    test_state *s = ud;
    if (passed && !s->verbose) return;
    printf("%s %s %s rev %d: %s \"%s\"%s%s\n", passed ? "ok    " : "FAILED", r->id, r->name, r->rev,
           must_match ? "match" : "nomatch", test, detail && *detail ? ": " : "", detail ? detail : "");
}

static const char *action;
static int strict, quiet, verbose;

static const cli_option options[] = {
    {CLI_OPT_SUBCOMMAND, 0, "check", NULL, &action,
     N_("compile the rules; report every error and warning as\n"
        "FILE:LINE:COL with the source line; exit 1 on errors"),
     "Compiles the rules and prints every error and warning on standard error\n"
     "as\n"
     ".IR FILE : LINE : COL \": error: \" MESSAGE\n"
     "(or\n"
     ".BR warning: ),\n"
     "followed by the source line and a caret under the offending text.\n"
     "A summary line\n"
     ".RI \\(dq N \" rule(s): \" E \" error(s), \" W \" warning(s)\\(dq\"\n"
     "ends the output.\n"},
    {CLI_OPT_SUBCOMMAND, 0, "test", NULL, &action,
     N_("run the rules' match and nomatch tests; exit 1 when a\n"
        "test fails"),
     "Runs each rule's\n"
     ".B match\n"
     "and\n"
     ".B nomatch\n"
     "tests and prints each failed test on standard output, then\n"
     ".RI \\(dq P \" passed, \" F \" failed\\(dq.\"\n"
     "A rule that does not compile fails its tests.\n"},
    {CLI_OPT_SUBCOMMAND, 0, "list", NULL, &action,
     N_("id, rev, status, subject, audience, indicators and title"), "Prints, for each rule, its id, revision, status, subject, audience and\n"
                                                                     "title, and on a second line its indicators.\n"
                                                                     "Without\n"
                                                                     ".IR PATH ,\n"
                                                                     "the shipped rules are listed (see\n"
                                                                     ".B INSPECTOR_RULES\n"
                                                                     "under\n"
                                                                     ".BR ENVIRONMENT ).\n"
                                                                     "Warnings are not printed; errors are.\n"},
    {CLI_OPT_BOOL, 's', "strict", NULL, &strict, N_("warnings are errors"), "Count warnings as errors.\n"},
    {CLI_OPT_BOOL, 'q', "quiet", NULL, &quiet, N_("only errors and the summary"), "Print only errors and the summary.\n"},
    {CLI_OPT_BOOL, 'v', "verbose", NULL, &verbose, N_("print every test, not only failures"),
     "With\n"
     ".BR test ,\n"
     "print every test, passed or failed, not only failures.\n"},
    {CLI_OPT_ARGS, 0, NULL, "PATH...", NULL, NULL, .min = 0, .max = -1},
    CLI_END,
};

const cli_spec cmd_rules_spec = {
    .name = "rules",
    .usage = N_("inspector rules check [--strict] [--quiet] PATH...\n"
                "       inspector rules test [--verbose] PATH...\n"
                "       inspector rules list [PATH...]"),
    .about = N_("PATH is a rule file or a directory searched for *.rules files\n"
                "(default for list: the shipped rules, %s).\n"),
    .about_arg = cli_default_rules,
    .options = options,
    .sub_missing = N_("rules needs an action: check, test or list"),
    .sub_unknown = N_("unknown rules action '%s' (check, test, list)"),
};

/* `inspector rules ACTION`: loads the rules of every PATH and checks,
** tests or lists them. */
int cmd_rules(cli_global *g, int argc, char **argv)
{
    (void)g;
    cli_parsed p;
    int prc = cli_parse(&cmd_rules_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    int is_check = !strcmp(action, "check"), is_test = !strcmp(action, "test"),
        is_list = !strcmp(action, "list");
    const char *defpath = cli_default_rules();
    const char *const *paths = (const char *const *)p.argv;
    size_t npaths = (size_t)p.argc;
    if (!npaths) {
        if (!is_list) {
            cli_error(_("rules %s needs at least one PATH"), action);
            return CLI_USAGE;
        }
        paths = &defpath;
        npaths = 1;
    }
    diag_state ds = {quiet || is_list};
    ins_ruleset *rs = NULL;
    int nerr = 0, nwarn = 0;
    int rc = ins_ruleset_load(paths, npaths, strict ? INS_RULES_STRICT : 0, on_diag, &ds, &rs, &nerr, &nwarn);
    if (!rs) { cli_error("%s", ins_strerror(rc)); return CLI_FAILURE; }
    int status = CLI_OK;
    if (is_check) {
        fprintf(stderr, _("%zu rule(s): %d error(s), %d warning(s)\n"), ins_ruleset_count(rs), nerr, nwarn);
        if (nerr) status = CLI_PARTIAL;
    } else if (is_test) {
        if (nerr) fprintf(stderr, _("%d error(s) while compiling; rules with errors fail their tests\n"), nerr);
        test_state ts = {verbose};
        int passed = 0, failed = 0;
        ins_ruleset_run_tests(rs, on_test, &ts, &passed, &failed);
        printf(_("%d passed, %d failed\n"), passed, failed);
        if (failed || nerr) status = CLI_PARTIAL;
    } else {
        printf("%-12s %3s %-12s %-13s %-22s %s\n", "id", "rev", "status", "subject", "audience", "title");
        for (size_t i = 0; i < ins_ruleset_count(rs); i++) {
            ins_rule_info ri;
            ins_ruleset_info(rs, i, &ri);
            printf("%-12s %3d %-12s %-13s %-22s %s\n", ri.id, ri.rev, ri.status, ri.subject, ri.audience,
                   ri.title);
            printf("%-12s     %s\n", "", ri.indicators);
        }
        if (nerr) status = CLI_PARTIAL;
    }
    ins_ruleset_free(rs);
    return status;
}
