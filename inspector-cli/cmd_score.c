/*
** cmd_score.c: `inspector score` creates a scoring run: every rule on every
** subject, hits stored with evidence and documents.
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Prints the errors of the rules (warnings were seen by `rules check`). */
static void on_diag(void *ud, int is_error, const char *text)
{
    (void)ud;
    if (is_error) fputs(text, stderr);
}

/* Reports a rule that stopped on a subject; the run goes on. */
static void on_rule_error(void *ud, const char *rule, const char *subject, const char *msg)
{
    (void)ud;
    cli_error(_("rule %s stopped on %s: %s"), rule, subject, msg);
}

static cli_strings rules;
static const char *as_of;
static long long tiers, jobs;
static double damping;

static const cli_option options[] = {
    {CLI_OPT_STRINGS, 'r', "rules", "PATH", &rules, N_("rule file or directory (repeatable)"),
     "A rule file or directory.\n"
     "Repeatable, up to 32 times.\n"
     "Default: the shipped rules (see\n"
     ".B INSPECTOR_RULES\n"
     "under\n"
     ".BR ENVIRONMENT ).\n", .dflt = cli_default_rules},
    CLI_OPTION_AS_OF('a', &as_of, N_("evaluation date YYYY-MM-DD (default: today)"), "The evaluation date,\n"
                                                                                     ".IR YYYY\\-MM\\-DD .\n"
                                                                                     "Rules that look at recent activity (\"within 365 days\") count back from it.\n"
                                                                                     "Default: today's date in UTC.\n"
                                                                                     "When fewer than half of the dated documents fall within the rules'\n"
                                                                                     "longest window before it, score warns, with the newest document's date.\n"),
    {CLI_OPT_INTEGER, 't', "tiers", "N", &tiers, N_("supplier tiers risk travels along (default 4)"),
     "The number of supplier tiers risk travels along, from suppliers to buyers\n"
     "(default 4), a whole number from 1 to 20.\n", .min = 1, .max = 20},
    {CLI_OPT_FRACTION, 'd', "damping", "F", &damping, N_("share of risk kept at each tier (default 0.5)"),
     "The share of a supplier's risk kept at each tier, before it is weighted by\n"
     "the supplier's share of what the buyer bought (default 0.5): a number\n"
     "above 0, at most 1.\n", .fmin = 0, .fmax = 1, .bad = N_("--damping wants a share above 0, at most 1"),
     .flags = CLI_F_OPEN_MIN},
    {CLI_OPT_INTEGER, 'j', "jobs", "N", &jobs, N_("threads that evaluate (default: the processors online)"),
     "Threads that screen firms against the listings and evaluate the rules\n"
     "(default: the processors online); the run is the same for any number.\n",
     .min = 1, .max = INS_MAX_THREADS, .bad = N_("--jobs wants a number of threads")},
    {CLI_OPT_ARGS, .max = 0, .bad = N_("score takes no arguments (use --rules)")},
    CLI_END,
};

const cli_spec cmd_score_spec = {
    .name = "score",
    .usage = N_("inspector [--db PATH] score [--rules PATH]... [--as-of DATE] [--tiers N]\n"
                "                 [--damping F] [--jobs N]"),
    .about = N_("Evaluates the rules on everything imported and records a run: its date,\n"
                "parameters, the fingerprint of the rule files and of the data, the rule\n"
                "versions, and every hit with its evidence and documents.\n"),
    .options = options,
};

/* `inspector score`: compiles the rules (refusing any with errors) and
** records a scoring run of them on the database. */
int cmd_score(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_score_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    ins_score_opts so;
    memset(&so, 0, sizeof so);
    so.as_of = as_of;
    so.chain_tiers = (int)tiers;
    so.chain_damping = damping;
    so.threads = (unsigned)jobs;
    if (!rules.n) rules.v[rules.n++] = cli_default_rules();
    char *src = cli_join(rules.v, rules.n);
    if (!src) { cli_error("%s", ins_strerror(INS_ERR_NOMEM)); return CLI_FAILURE; }
    so.rules_source = src;
    ins_ruleset *rs = NULL;
    int nerr = 0;
    ins_ruleset_load(rules.v, rules.n, 0, on_diag, NULL, &rs, &nerr, NULL);
    if (!rs || nerr) {
        cli_error(_("the rules have %d error(s); fix them ('inspector rules check') before scoring"), nerr);
        ins_ruleset_free(rs);
        free(src);
        return CLI_FAILURE;
    }
    ins_db *db = cli_open_db(g, 0, 1);
    if (!db) { ins_ruleset_free(rs); free(src); return CLI_FAILURE; }
    ins_score_stats st;
    char *err = NULL;
    int rc = ins_score(db, rs, &so, on_rule_error, NULL, &st, &err);
    if (rc != INS_OK) {
        cli_error(_("scoring failed: %s: %s"), ins_strerror(rc), err ? err : "");
        free(err);
        ins_db_close(db);
        ins_ruleset_free(rs);
        free(src);
        return CLI_FAILURE;
    }
    printf(_("run %lld: %zu rules on %zu subjects, %zu hits, %zu rule errors; rules %.12s\n"),
           (long long)st.run_id, st.rules_evaluated, st.subjects, st.hits, st.rule_errors,
           ins_ruleset_fingerprint(rs));
    if (st.outside_window)
        cli_error(_("warning: only %lld of %lld dated documents fall within the rules' longest window (%d days "
                   "before %s); the newest is dated %s: to score these data as of then, run "
                   "'inspector score --as-of %s'"),
                 (long long)st.docs_in_window, (long long)st.docs_dated, st.window_days, st.as_of,
                 st.newest, st.newest);
    ins_db_close(db);
    ins_ruleset_free(rs);
    free(src);
    return st.rule_errors ? CLI_PARTIAL : CLI_OK;
}
