/*
** cmd_score.c: `inspector score` creates a scoring run: every rule on every
** subject, hits stored with evidence and documents.
*/
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out, _("Usage: inspector [--db PATH] score [--rules PATH]... [--as-of DATE] [--tiers N]\n"
                   "                 [--damping F]\n\n"
                   "Evaluates the rules on everything imported and records a run: its date,\n"
                   "parameters, the fingerprint of the rule files and of the data, the rule\n"
                   "versions, and every hit with its evidence and documents.\n\n"
                   "  --rules PATH    rule file or directory (repeatable; default %s)\n"
                   "  --as-of DATE    evaluation date YYYY-MM-DD (default: today)\n"
                   "  --tiers N       supplier tiers risk travels along (default 4)\n"
                   "  --damping F     share of risk kept at each tier (default 0.5)\n"
                   "  -h, --help      print this help\n"),
            cli_default_rules());
}

static void on_diag(void *ud, int is_error, const char *text)
{
    (void)ud;
    if (is_error) fputs(text, stderr);
}

static void on_rule_error(void *ud, const char *rule, const char *subject, const char *msg)
{
    (void)ud;
    cli_error(_("rule %s stopped on %s: %s"), rule, subject, msg);
}

int cmd_score(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"rules", required_argument, NULL, 'r'},
        {"as-of", required_argument, NULL, 'a'},
        {"tiers", required_argument, NULL, 't'},
        {"damping", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *rules[32];
    size_t nrules = 0;
    ins_score_opts so;
    memset(&so, 0, sizeof so);
    int c;
    while ((c = getopt_long(argc, argv, "r:a:t:d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (nrules == INS_ARRAY_LEN(rules)) { cli_error(_("too many --rules")); return CLI_USAGE; }
            rules[nrules++] = optarg;
            break;
        case 'a': so.as_of = optarg; break;
        case 't': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 20) { cli_error(_("--tiers wants a number from 1 to 20")); return CLI_USAGE; }
            so.chain_tiers = (int)v;
            break;
        }
        case 'd': {
            char *end;
            double v = strtod(optarg, &end);
            if (*end || !(v > 0 && v <= 1)) { cli_error(_("--damping wants a share above 0, at most 1")); return CLI_USAGE; }
            so.chain_damping = v;
            break;
        }
        case 'h': help(stdout); return CLI_OK;
        default: help(stderr); return CLI_USAGE;
        }
    }
    if (optind < argc) { cli_error(_("score takes no arguments (use --rules)")); return CLI_USAGE; }
    char d[11];
    if (so.as_of && (!insUParseDate(so.as_of, d) || strlen(so.as_of) != 10)) {
        cli_error(_("--as-of wants a date YYYY-MM-DD, not '%s'"), so.as_of);
        return CLI_USAGE;
    }
    if (!nrules) rules[nrules++] = cli_default_rules();
    ins_buf src;
    insBufInit(&src);
    for (size_t i = 0; i < nrules; i++) insBufPrintf(&src, "%s%s", i ? " " : "", rules[i]);
    so.rules_source = insBufStr(&src);
    ins_ruleset *rs = NULL;
    int nerr = 0;
    ins_ruleset_load(rules, nrules, 0, on_diag, NULL, &rs, &nerr, NULL);
    if (!rs || nerr) {
        cli_error(_("the rules have %d error(s); fix them ('inspector rules check') before scoring"), nerr);
        ins_ruleset_free(rs);
        insBufFree(&src);
        return CLI_FAILURE;
    }
    ins_db *db = cli_open_db(g, 0, 1);
    if (!db) { ins_ruleset_free(rs); insBufFree(&src); return CLI_FAILURE; }
    ins_score_stats st;
    char *err = NULL;
    int rc = ins_score(db, rs, &so, on_rule_error, NULL, &st, &err);
    if (rc != INS_OK) {
        cli_error(_("scoring failed: %s: %s"), ins_strerror(rc), err ? err : "");
        free(err);
        ins_db_close(db);
        ins_ruleset_free(rs);
        insBufFree(&src);
        return CLI_FAILURE;
    }
    printf(_("run %lld: %zu rules on %zu subjects, %zu hits, %zu rule errors; rules %.12s\n"),
           (long long)st.run_id, st.rules_evaluated, st.subjects, st.hits, st.rule_errors,
           ins_ruleset_fingerprint(rs));
    ins_db_close(db);
    ins_ruleset_free(rs);
    insBufFree(&src);
    return st.rule_errors ? CLI_PARTIAL : CLI_OK;
}
