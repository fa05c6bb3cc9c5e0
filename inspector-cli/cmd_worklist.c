/*
** cmd_worklist.c: `inspector worklist labor|transport` prints the
** inspection worklist of a scoring run.
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *kind, *region, *sector, *format = "table", *output;
static long long top = 25, exclude_days, seed = 1, run, per_firm;
static double control_share;
static int no_record;

static const cli_option options[] = {
    {CLI_OPT_SUBCOMMAND, 0, "labor", NULL, &kind, N_("establishments, by the risk of the firm and its chain"),
     .alias = "labour", .flags = CLI_F_NO_MAN},
    {CLI_OPT_SUBCOMMAND, 0, "transport", NULL, &kind, N_("carriers, vehicles and routes"),
     .flags = CLI_F_NO_MAN},
    {CLI_OPT_INTEGER, 0, "top", "N", &top, N_("rows (default 25)"), "Rows in the list, targeted and control together (default 25, at most\n"
                                                                    "100000).\n", .min = 1,
     .max = 100000, .bad = N_("--top wants a number from 1")},
    {CLI_OPT_STRING, 0, "region", "UBIGEO", &region,
     N_("department (2 digits), province (4), district (6)"), "Only subjects in a department (2 digits), province (4) or district (6):\n"
                                                              "an establishment's district; a vehicle's latest destination; a route's\n"
                                                              "origin or destination; a carrier with a leg leaving from or arriving in\n"
                                                              "it.\n"},
    {CLI_OPT_STRING, 0, "sector", "TEXT", &sector, N_("declared sector, or HS prefix of products sold"),
     "Digits: only firms that sold goods whose HS code (or tariff code) starts\n"
     "with them.\n"
     "Otherwise: only establishments whose declared sector contains\n"
     ".I TEXT\n"
     "(accents and case ignored).\n"},
    {CLI_OPT_INTEGER, 0, "exclude-inspected-within", "D", &exclude_days,
     N_("leave out firms inspected in the last D days"), "Leave out firms with an inspection in the register dated within\n"
                                                         ".I D\n"
                                                         "days before the run's evaluation date (default 0: leave out none).\n",
     .min = 0, .max = INT_MAX, .bad = N_("--exclude-inspected-within wants days")},
    {CLI_OPT_FRACTION, 0, "control-share", "F", &control_share,
     N_("share of rows drawn at random (control slice)"), "The share of the rows drawn at random as control rows, from 0 to 1\n"
                                                          "(default 0: no control rows); the number is\n"
                                                          ".I F\n"
                                                          "times\n"
                                                          ".BR \\-\\-top ,\n"
                                                          "rounded.\n", .fmin = 0,
     .fmax = 1, .bad = N_("--control-share wants a share between 0 and 1")},
    {CLI_OPT_INTEGER, 0, "seed", "S", &seed, N_("seed of the control draw (default 1)"),
     "The seed of the control draw (default 1).\n", .min = 0, .max = LLONG_MAX, .bad = N_("--seed wants a number")},
    CLI_OPTION_RUN(&run, N_("scoring run (default: the latest)"), "The scoring run (default: the latest).\n"),
    CLI_OPTION_FORMAT(&format, cli_map_formats, "table|csv|json|html|geojson",
                      N_("output format (default table)"), "Output format (default\n"
                                                           ".BR table :\n"
                                                           "one card per row, within 80 columns;\n"
                                                           ".BR csv :\n"
                                                           "RFC 4180;\n"
                                                           ".BR json :\n"
                                                           "an object with\n"
                                                           ".BR title ,\n"
                                                           ".B note\n"
                                                           "and\n"
                                                           ".BR rows ;\n"
                                                           ".BR html :\n"
                                                           "one self\\-contained page to print: a summary table, then one card per\n"
                                                           "lead, each whole on an A4 page in portrait, with an empty box for the\n"
                                                           "inspection order number;\n"
                                                           ".BR geojson :\n"
                                                           "RFC 7946 for QGIS and web maps, establishments as points (their own\n"
                                                           "coordinates, else their district's centre), routes as lines between\n"
                                                           "district centres, carriers and vehicles at their control point).\n"),
    CLI_OPTION_OUTPUT(&output),
    {CLI_OPT_INTEGER, 0, "per-firm", "N", &per_firm, N_("labor: at most N sites of one firm (default 1)"),
     "Labour lists: target at most\n"
     ".I N\n"
     "establishments of one firm (default 1); its other risky establishments\n"
     "are named in the row of the highest one.\n", .min = 1, .max = INT_MAX, .bad = N_("--per-firm wants a number from 1")},
    {CLI_OPT_BOOL, 'N', "no-record", NULL, &no_record, N_("do not record the list as issued"),
     "Do not record the list as issued.\n"},
    CLI_END,
};

const cli_spec cmd_worklist_spec = {
    .name = "worklist",
    .usage = N_("inspector [--db PATH] worklist labor|transport [OPTIONS]"),
    .about = N_("Ranks establishments (labor) or carriers, vehicles and routes (transport)\n"
                "by the risk of a scoring run.  Every row is a lead for inspection, not a\n"
                "finding: it carries its reasons, hypothesis, evidence and rule versions.\n"
                "Worker and driver identities never appear.\n"),
    .options = options,
    .sub_missing = N_("worklist needs a kind: labor or transport"),
    .sub_unknown = N_("worklist needs a kind: labor or transport"),
    .sub_unknown_help = 1,
};

/* `inspector worklist KIND`: builds the worklist of a run (recording it
** unless --no-record) and writes it in the format asked. */
int cmd_worklist(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_worklist_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    if (region && (strspn(region, "0123456789") != strlen(region) ||
                   (strlen(region) != 2 && strlen(region) != 4 && strlen(region) != 6))) {
        cli_error(_("--region wants a ubigeo prefix of 2, 4 or 6 digits"));
        return CLI_USAGE;
    }
    ins_worklist_opts o;
    memset(&o, 0, sizeof o);
    o.kind = kind;
    o.top = (int)top;
    o.region = region;
    o.sector = sector;
    o.exclude_days = (int)exclude_days;
    o.control_share = control_share;
    o.seed = (uint64_t)seed;
    o.run_id = run;
    o.store = !no_record;
    o.coordinates = format && !strcmp(format, "geojson");
    o.per_firm = (int)per_firm;
    ins_db *db = cli_open_db(g, 0, 1);
    if (!db) return CLI_FAILURE;
    ins_result *r = NULL;
    char *err = NULL;
    int64_t wid = 0;
    int rc = ins_worklist(db, &o, &r, &wid, &err);
    if (rc != INS_OK) {
        if (err) cli_error("%s", err);
        else if (rc == INS_ERR_DB) cli_error("%s: %s", ins_strerror(rc), ins_db_errmsg(db));
        else cli_error("%s", ins_strerror(rc));
        ins_db_close(db);
        free(err);
        return rc == INS_ERR_NOTFOUND ? CLI_PARTIAL : CLI_FAILURE;
    }
    /* a list is on record as issued only when its reader got all of it */
    int wrc = cli_output_result(r, format, output);
    if (wrc && wid) {
        if (ins_worklist_withdraw(db, wid) == INS_OK)
            cli_error(_("worklist %lld not recorded: its output was not written whole"), (long long)wid);
        else
            cli_error(_("worklist %lld stays recorded although its output failed: %s"), (long long)wid,
                      ins_db_errmsg(db));
    } else if (wid) {
        fprintf(stderr, _("worklist %lld recorded (inspections cite it with its row ranks)\n"), (long long)wid);
    }
    ins_db_close(db);
    ins_result_free(r);
    return wrc ? CLI_FAILURE : CLI_OK;
}
