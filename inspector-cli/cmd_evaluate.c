/*
** cmd_evaluate.c: `inspector evaluate` measures worklists against the
** inspection outcomes recorded for their rows: hit rates of targeted and
** control rows with 95% Wilson intervals, lift, precision at k, and
** confirmation per rule.
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *const formats[] = {"table", "csv", "json", NULL};
static const char *from, *to, *format = "table", *output;
static long long run, worklist;

static const cli_option options[] = {
    CLI_OPTION_RUN(&run, N_("the worklists issued from this run"), "The worklists issued from this run.\n"),
    {CLI_OPT_INTEGER, 0, "worklist", "ID", &worklist, N_("one worklist"), "One worklist.\n"
                                                                          "Not together with\n"
                                                                          ".BR \\-\\-run .\n", .min = 1,
     .max = LLONG_MAX, .bad = N_("--worklist wants a worklist id")},
    CLI_OPTION_FROM_TO(&from, &to, N_("count only inspections dated in this period"), "Count only inspections dated in this period.\n"),
    CLI_OPTION_FORMAT(&format, formats, "table|csv|json", N_("output format (default table)"),
                      "Output format (default\n"
                      ".BR table ).\n"
                      ".BR csv :\n"
                      "one block per section, a line\n"
                      ".RI \\(dq# \" TITLE\" \\(dq,\n"
                      "the header, the rows and a blank line;\n"
                      ".BR json :\n"
                      "an array of\n"
                      ".RB { title ,\n"
                      ".BR note ,\n"
                      ".BR rows }\n"
                      "objects.\n"),
    CLI_OPTION_OUTPUT(&output),
    CLI_END,
};

const cli_spec cmd_evaluate_spec = {
    .name = "evaluate",
    .usage = N_("inspector [--db PATH] evaluate [--run ID | --worklist ID] [OPTIONS]"),
    .about = N_("Measures the worklists (of a run, one worklist, or all recorded ones)\n"
                "against the inspections recorded for their rows:\n"
                "  - hit rate of targeted rows and of control rows (hit: forced labour found;\n"
                "    second measure: any violation), with 95% Wilson intervals;\n"
                "  - lift: targeted rate / control rate (the base rate);\n"
                "  - precision at 5, 10 and 25 targeted rows;\n"
                "  - per rule: inspected rows its hits reached, and how many were confirmed.\n"
                "not_found and closed are reported apart and left out of the denominators.\n"
                "Rates from fewer than 30 rows (or intervals wider than 0.3) are marked as a\n"
                "small sample.\n"),
    .options = options,
    .epilog = N_("csv: one block per section: a line '# TITLE', the header, the rows, and a\n"
                 "blank line.  json: an array of {title, note, rows} objects.\n"),
};

/* `inspector evaluate`: evaluates the worklists chosen and writes the
** five sections one after the other. */
int cmd_evaluate(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_evaluate_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    if (run && worklist) { cli_error(_("give --run or --worklist, not both")); return CLI_USAGE; }
    ins_evaluate_opts o;
    memset(&o, 0, sizeof o);
    o.run_id = run;
    o.worklist_id = worklist;
    o.from = from;
    o.to = to;
    ins_db *db = cli_open_db(g, INS_OPEN_READONLY, 1);
    if (!db) return CLI_FAILURE;
    ins_evaluation *e = NULL;
    char *err = NULL;
    int rc = ins_evaluate(db, &o, &e, &err);
    ins_db_close(db);
    if (rc != INS_OK) {
        cli_error("%s", err ? err : ins_strerror(rc));
        free(err);
        return rc == INS_ERR_NOTFOUND ? CLI_PARTIAL : rc == INS_ERR_ARG ? CLI_USAGE : CLI_FAILURE;
    }
    FILE *f = cli_output_open(output);
    if (!f) {
        ins_evaluation_free(e);
        return CLI_FAILURE;
    }
    ins_result *sections[] = {e->outcomes, e->hit_rate, e->lift, e->precision, e->rules};
    int wrc = 0;
    if (!strcmp(format, "json")) fputs("[", f);
    for (size_t i = 0; i < CLI_ARRAY_LEN(sections); i++) {
        if (!strcmp(format, "table")) {
            wrc |= ins_result_write(f, sections[i], "table");
        } else if (!strcmp(format, "csv")) {
            fputs("# ", f);
            fputs(sections[i]->title, f);
            fputs("\r\n", f);
            wrc |= ins_result_write(f, sections[i], "csv");
            fputs("\r\n", f);
        } else {
            if (i) fputs(",", f);
            wrc |= ins_result_write(f, sections[i], "json");
        }
    }
    if (!strcmp(format, "json")) fputs("]\n", f);
    if (cli_output_close(f, output)) wrc = -1;
    ins_evaluation_free(e);
    return wrc ? CLI_FAILURE : CLI_OK;
}
