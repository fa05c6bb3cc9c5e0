/*
** cmd_profile.c: `inspector profile`, case profiles for joint analysis
** with a partner state: perpetrators, victims and routes of confirmed
** forced-labour cases against everything inspected, small cells
** suppressed (src/profile.c).
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *const formats[] = {"table", "csv", "json", "html", NULL};
static const char *from, *to, *format = "table", *output;
static long long min_cell;

static const cli_option options[] = {
    CLI_OPTION_FROM_TO(&from, &to, N_("inspections dated in this period"), "Inspections dated in this period.\n"),
    {CLI_OPT_INTEGER, 0, "min-cell", "N", &min_cell, N_("smallest count shown (default and least: 5)"),
     "Smallest count shown; smaller ones appear as\n"
     ".BR x .\n"
     "The default, 5, is also the least.\n",
     .min = 5, .max = 1000, .bad = N_("--min-cell wants a whole number from 5 to 1000")},
    CLI_OPTION_FORMAT(&format, formats, "table|csv|json|html", N_("output format (default table)"),
                      "Output format (default\n"
                      ".BR table ).\n"),
    CLI_OPTION_OUTPUT(&output),
    CLI_END,
};

const cli_spec cmd_profile_spec = {
    .name = "profile",
    .usage = N_("inspector [--db PATH] profile [--from DATE] [--to DATE] [OPTIONS]"),
    .about = N_("Profiles of the confirmed forced-labour cases of the case register against\n"
                "every inspected establishment, for joint analysis with a partner state:\n"
                "  - perpetrators: department, sector, firm age, size (payroll headcount, else\n"
                "    establishments), legal form, carriers used, rules fired before inspection;\n"
                "  - victims: persons by sex, age band (minors apart), nationality, and the\n"
                "    originating language an interpreter was needed for;\n"
                "  - routes: legs a transport rule flagged, province to province.\n"
                "Each category has its counts, shares and an over-representation ratio with a\n"
                "confidence interval (95%).  Counts under 5 are shown as x, and a second cell is hidden\n"
                "where the first could be recovered from a total.  No identity is printed.\n"),
    .options = options,
};

/* `inspector profile`: builds the profile table and writes it. */
int cmd_profile(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_profile_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    ins_profile_opts o;
    memset(&o, 0, sizeof o);
    o.from = from;
    o.to = to;
    o.min_cell = (long)min_cell;
    ins_db *db = cli_open_db(g, INS_OPEN_READONLY, 1);
    if (!db) return CLI_FAILURE;
    ins_result *r = NULL;
    char *err = NULL;
    int rc = ins_profile(db, &o, &r, &err);
    ins_db_close(db);
    if (rc != INS_OK) {
        cli_error("%s", err ? err : ins_strerror(rc));
        free(err);
        return rc == INS_ERR_NOTFOUND ? CLI_PARTIAL : CLI_FAILURE;
    }
    FILE *f = cli_output_open(output);
    if (!f) {
        ins_result_free(r);
        return CLI_FAILURE;
    }
    int wrc = ins_result_write(f, r, format);
    if (cli_output_close(f, output)) wrc = -1;
    ins_result_free(r);
    return wrc ? CLI_FAILURE : CLI_OK;
}
