/*
** cmd_calibrate.c: `inspector calibrate`, rule weights fitted on the
** recorded inspection outcomes and proposed to the regulators as a patch
** of the rule files (src/calibrate.c).
*/
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const formats[] = {"table", "csv", "json", NULL};
static const char *from, *to, *rules_dir, *proposal, *apply_dir, *format = "table", *output;
static long long folds, seed = 1;
static int no_control;

static const cli_option options[] = {
    CLI_OPTION_FROM_TO(&from, &to, N_("use inspections dated in this period"), "Use inspections dated in this period.\n"),
    {CLI_OPT_STRING, 0, "rules", "DIR", &rules_dir, N_("the rule files: their weights are the prior"),
     "The rule files whose weights are the prior of the fit and\n"
     "which the proposal revises (default: the shipped rules, or\n"
     ".BR INSPECTOR_RULES ).\n", .dflt = cli_default_rules},
    {CLI_OPT_INTEGER, 0, "folds", "K", &folds, N_("cross-validation folds (default 5)"),
     "Cross-validation folds (default 5), grouped by worklist\n"
     "when there are at least K lists, else by firm.\n", .min = 2, .max = 50,
     .bad = N_("--folds wants a whole number from 2 to 50")},
    {CLI_OPT_INTEGER, 0, "seed", "N", &seed, N_("the folds' draw (default 1)"), "The folds' draw (default 1).\n",
     .min = 0, .max = LLONG_MAX, .bad = N_("--seed wants a whole number")},
    {CLI_OPT_BOOL, 0, "no-control", NULL, &no_control, N_("fit without control rows (the result is marked biased)"),
     "Fit even when no inspected row is a control row; the\n"
     "result is marked biased.\n"},
    {CLI_OPT_STRING, 'o', "proposal", "FILE", &proposal, N_("write the proposal as a patch of the rule files"),
     "Write the proposal as a unified diff of the rule files'\n"
     ".B weight\n"
     "and\n"
     ".B rev\n"
     "lines, to apply with\n"
     ".B patch \\-p1\n"
     "in a copy of the rules directory.\n"},
    {CLI_OPT_STRING, 0, "apply", "DIR", &apply_dir, N_("write the revised rule files into the new directory DIR"),
     "Write the rule files, revised, into the new directory\n"
     ".IR DIR .\n"},
    CLI_OPTION_FORMAT(&format, formats, "table|csv|json", N_("output format (default table)"),
                      "Output format of the tables (default\n"
                      ".BR table ).\n"),
    {CLI_OPT_STRING, 0, "output", "FILE", &output, N_("write the tables to FILE"), "Write the tables to\n.IR FILE .\n"},
    CLI_END,
};

const cli_spec cmd_calibrate_spec = {
    .name = "calibrate",
    .usage = N_("inspector [--db PATH] calibrate [--from DATE] [--to DATE] [--rules DIR] [OPTIONS]"),
    .about = N_("Fits the rules' weights on the inspections recorded for worklist rows, and\n"
                "proposes them to the regulators, never changing a rule file by itself:\n"
                "  - the features are the hits of the run that issued each list (as they were\n"
                "    when the site was chosen); forced labour confirmed is the outcome;\n"
                "  - each row weighs the inverse of its probability of being on its list, so\n"
                "    control rows stand for the population the list was drawn from;\n"
                "  - each weight's prior is its written value: rules with few inspected hits\n"
                "    move little, and those under 10 inspected rows are held as written;\n"
                "  - k-fold validation grouped by worklist or firm compares the current and the\n"
                "    fitted weights on held-out rows (log-likelihood, AUC, lift), and a table\n"
                "    puts predicted against observed rates by decile.\n"
                "It refuses to fit without control rows (unless --no-control), and with fewer\n"
                "than 30 outcomes or 5 confirmed cases it says so and changes nothing.\n"),
    .options = options,
};

/* Writes table T in the chosen format, a CSV block under its title. */
static int write_table(FILE *f, ins_result *t, int first)
{
    if (!strcmp(format, "csv")) {
        fputs("# ", f);
        fputs(t->title, f);
        fputs("\r\n", f);
        int rc = ins_result_write(f, t, "csv");
        fputs("\r\n", f);
        return rc;
    }
    if (!strcmp(format, "json") && !first) fputs(",", f);
    return ins_result_write(f, t, format);
}

/* `inspector calibrate`: fits, prints the tables, writes the proposal. */
int cmd_calibrate(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_calibrate_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    ins_calibrate_opts o;
    memset(&o, 0, sizeof o);
    o.from = from;
    o.to = to;
    o.folds = (int)folds;
    o.no_control = no_control;
    o.seed = (uint64_t)seed;
    if (!rules_dir) rules_dir = cli_default_rules();
    o.rules_dir = rules_dir;
    ins_db *db = cli_open_db(g, 0, 1); /* each calibration is recorded */
    if (!db) return CLI_FAILURE;
    ins_calibration *k = NULL;
    char *err = NULL;
    int rc = ins_calibrate(db, &o, &k, &err);
    ins_db_close(db);
    if (rc != INS_OK) {
        cli_error("%s", err ? err : ins_strerror(rc));
        free(err);
        return rc == INS_ERR_NOTFOUND ? CLI_PARTIAL : rc == INS_ERR_ARG ? CLI_USAGE : CLI_FAILURE;
    }
    int wrc = 0;
    FILE *f = cli_output_open(output);
    if (!f) {
        ins_calibration_free(k);
        return CLI_FAILURE;
    }
    if (!strcmp(format, "json")) fputs("[", f);
    ins_result *tables[] = {k->summary, k->rules, k->validation, k->reliability};
    for (size_t i = 0; i < CLI_ARRAY_LEN(tables); i++) wrc |= write_table(f, tables[i], i == 0);
    if (!strcmp(format, "json")) fputs("]\n", f);
    if (cli_output_close(f, output)) wrc = -1;
    if (!wrc && proposal) {
        FILE *pf = fopen(proposal, "w");
        if (!pf || (k->patch && fputs(k->patch, pf) < 0) || fclose(pf) != 0) {
            cli_error(_("cannot write %s"), proposal);
            wrc = -1;
        } else {
            fprintf(stderr, _("%s: %d rule weight(s) proposed; review it, then apply it with patch -p1 in a copy of %s\n"),
                    proposal, k->proposed, rules_dir);
        }
    }
    if (!wrc && apply_dir) {
        char *aerr = NULL;
        if (ins_calibration_apply(k, apply_dir, &aerr) != INS_OK) {
            cli_error("%s", aerr ? aerr : _("cannot write the revised rules"));
            wrc = -1;
        } else {
            fprintf(stderr, _("%s: the rule files with %d revised weight(s); check them with inspector rules check "
                              "--strict %s\n"),
                    apply_dir, k->proposed, apply_dir);
        }
        free(aerr);
    }
    ins_calibration_free(k);
    return wrc ? CLI_FAILURE : CLI_OK;
}
