/*
** cmd_rules.c: `inspector rules check|test|list`, for the people who write
** and review rules.
*/
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out, _("Usage: inspector rules check [--strict] [--quiet] PATH...\n"
                   "       inspector rules test [--verbose] PATH...\n"
                   "       inspector rules list [PATH...]\n\n"
                   "PATH is a rule file or a directory searched for *.rules files\n"
                   "(default for list: the shipped rules, %s).\n\n"
                   "  check     compile the rules and report every error and warning as\n"
                   "            FILE:LINE:COL with the source line; exit 1 on errors\n"
                   "  test      run the rules' must-match and must-not-match tests; exit 1\n"
                   "            when a test fails\n"
                   "  list      id, rev, status, subject, audience, indicators and title\n\n"
                   "  --strict   warnings are errors\n"
                   "  --quiet    only errors and the summary\n"
                   "  --verbose  print every test, not only failures\n"
                   "  -h, --help print this help\n"),
            cli_default_rules());
}

typedef struct diag_state {
    int quiet;
} diag_state;

static void on_diag(void *ud, int is_error, const char *text)
{
    diag_state *s = ud;
    if (!is_error && s->quiet) return;
    fputs(text, stderr);
}

typedef struct test_state {
    int verbose;
} test_state;

static void on_test(void *ud, const ins_rule_info *r, const char *test, int must_match, int passed,
                    const char *detail)
{
    test_state *s = ud;
    if (passed && !s->verbose) return;
    printf("%s %s %s rev %d: %s \"%s\"%s%s\n", passed ? "ok    " : "FAILED", r->id, r->name, r->rev,
           must_match ? "match" : "nomatch", test, detail && *detail ? ": " : "", detail ? detail : "");
}

int cmd_rules(cli_global *g, int argc, char **argv)
{
    (void)g;
    static const struct option opts[] = {
        {"strict", no_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int strict = 0, quiet = 0, verbose = 0, c;
    /* The action is the first word that is not an option; take it out so
     * options may come before or after it. */
    const char *action = NULL;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-') {
            action = argv[i];
            for (int k = i; k + 1 < argc; k++) argv[k] = argv[k + 1];
            argc--;
            break;
        }
    }
    while ((c = getopt_long(argc, argv, "sqvh", opts, NULL)) != -1) {
        switch (c) {
        case 's': strict = 1; break;
        case 'q': quiet = 1; break;
        case 'v': verbose = 1; break;
        case 'h': help(stdout); return CLI_OK;
        default: help(stderr); return CLI_USAGE;
        }
    }
    if (!action) {
        cli_error(_("rules needs an action: check, test or list"));
        help(stderr);
        return CLI_USAGE;
    }
    int is_check = !strcmp(action, "check"), is_test = !strcmp(action, "test"),
        is_list = !strcmp(action, "list");
    if (!is_check && !is_test && !is_list) {
        cli_error(_("unknown rules action '%s' (check, test, list)"), action);
        return CLI_USAGE;
    }
    const char *defpath = cli_default_rules();
    const char *const *paths = (const char *const *)argv + optind;
    size_t npaths = (size_t)(argc - optind);
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
