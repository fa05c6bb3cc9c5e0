/*
** cmd_inspections.c: `inspector inspections import|add|list`, the case
** register of inspection outcomes (docs/CASE-REGISTER.md).
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *action;

/* ---- import ------------------------------------------------------------------- */

static const cli_option import_options[] = {
    {CLI_OPT_ARGS, 0, NULL, "FILE...", NULL, NULL, .min = 1, .max = -1,
     .bad = N_("inspections import needs at least one FILE")},
    CLI_END,
};

/* Prints a rejected file of the register with its reason. */
static void on_reject(void *ud, const char *display, const char *reason)
{
    (void)ud;
    fprintf(stderr, "%s: %s\n", display, reason ? reason : _("rejected"));
}

/* Imports case-register files with the kind forced, and prints a summary. */
static int do_import(cli_global *g, int argc, char **argv)
{
    ins_db *db = cli_open_db(g, 0, 1);
    if (!db) return CLI_FAILURE;
    ins_db_counts before, after;
    ins_db_count(db, &before);
    ins_import_opts o;
    memset(&o, 0, sizeof o);
    o.force_kind = "inspections";
    o.on_reject = on_reject;
    ins_import_stats st;
    int rc = ins_import_paths(db, (const char *const *)argv, (size_t)argc, &o, &st);
    ins_db_count(db, &after);
    if (rc != INS_OK) cli_error(_("import stopped: %s: %s"), ins_strerror(rc), ins_db_errmsg(db));
    ins_db_close(db);
    printf(_("%u file(s) imported, %u duplicate, %u rejected; the register holds %lld inspection(s)"
             " (%lld new)\n"),
           st.imported, st.duplicate, st.rejected, (long long)after.inspections,
           (long long)(after.inspections - before.inspections));
    if (rc != INS_OK) return CLI_FAILURE;
    return st.rejected ? CLI_PARTIAL : CLI_OK;
}

/* ---- add ------------------------------------------------------------------------- */

static const char *ref, *tax_id, *establishment, *ubigeo, *date, *regulator, *outcome, *note, *victims;
static long long worklist, rank, infractions = -1, workers_affected = -1, minors = -1;

static const cli_option add_options[] = {
    {CLI_OPT_STRING, 0, "id", "ID", &ref, N_("the inspectorate's inspection id (required)"),
     "The inspectorate's inspection id (required).\n"},
    {CLI_OPT_STRING, 0, "tax-id", "RUC", &tax_id, N_("RUC of the inspected firm"), "RUC of the inspected firm.\n"},
    {CLI_OPT_STRING, 0, "establishment", "E", &establishment,
     N_("annex code, or the establishment key of a worklist"), "Annex code, or the establishment key printed in worklists.\n"},
    {CLI_OPT_STRING, 0, "ubigeo", "U", &ubigeo, N_("district inspected (6 digits)"), "District inspected (6 digits).\n"},
    {CLI_OPT_STRING, 0, "date", "DATE", &date, N_("YYYY-MM-DD (required)"), ".I YYYY\\-MM\\-DD\n"
                                                                            "(required).\n"},
    {CLI_OPT_STRING, 0, "regulator", "R", &regulator,
     N_("labour or transport (default: the worklist's, else labour)"), ".B labour\n"
                                                                       "or\n"
                                                                       ".B transport\n"
                                                                       "(default: the kind of the worklist, else labour).\n"},
    {CLI_OPT_INTEGER, 0, "worklist", "N", &worklist, N_("the worklist of the row inspected"),
     NULL, .min = 0, .max = 1000000000LL, .bad = N_("--worklist wants a whole number"),
     .flags = CLI_F_MAN_WITH_NEXT},
    {CLI_OPT_INTEGER, 0, "rank", "R", &rank, N_("the rank of the row inspected"), "The worklist row inspected (both or neither).\n", .min = 0,
     .max = 1000000000LL, .bad = N_("--rank wants a whole number")},
    {CLI_OPT_STRING, 0, "outcome", "O", &outcome,
     N_("forced_labour, other_violation, no_violation,\nnot_found or closed (required)"),
     ".BR forced_labour ,\n"
     ".BR other_violation ,\n"
     ".BR no_violation ,\n"
     ".B not_found\n"
     "or\n"
     ".B closed\n"
     "(required).\n"},
    {CLI_OPT_INTEGER, 0, "infractions", "N", &infractions, N_("infractions found"), NULL, .min = 0,
     .max = 1000000000LL, .bad = N_("--infractions wants a whole number"), .flags = CLI_F_MAN_WITH_NEXT},
    {CLI_OPT_INTEGER, 0, "workers-affected", "N", &workers_affected, N_("workers affected"), NULL,
     .min = 0, .max = 1000000000LL, .bad = N_("--workers-affected wants a whole number"),
     .flags = CLI_F_MAN_WITH_NEXT},
    {CLI_OPT_INTEGER, 0, "minors", "N", &minors, N_("minors among them"), "Counts, whole numbers.\n",
     .min = 0, .max = 1000000000LL, .bad = N_("--minors wants a whole number")},
    {CLI_OPT_STRING, 0, "note", "TEXT", &note, N_("free text; never worker identities"),
     "Free text; never worker identities.\n"},
    {CLI_OPT_STRING, 0, "victims", "CELLS", &victims,
     N_("counts of the persons found, e.g. sex:female=3;age:14_17=2;nationality:VE=2"),
     "Counts of the persons found, never who they are:\n"
     ".I dimension:category=count\n"
     "items separated by\n"
     ".BR ; ,\n"
     "for the dimensions\n"
     ".B sex\n"
     ".RB ( female ,\n"
     ".BR male ),\n"
     ".B age\n"
     ".RB ( under_14 ,\n"
     ".BR 14_17 ,\n"
     ".BR 18_29 ,\n"
     ".BR 30_49 ,\n"
     ".BR 50_plus ),\n"
     ".B nationality\n"
     "(a country) and\n"
     ".B interpreter\n"
     "(the originating language an interpreter was needed for).\n"},
    CLI_END,
};

/* Records one inspection from the command line. */
static int do_add(cli_global *g)
{
    if (!ref || !date || !outcome) {
        cli_error(_("inspections add needs --id, --date and --outcome"));
        return CLI_USAGE;
    }
    ins_inspection in;
    memset(&in, 0, sizeof in);
    in.ref = ref;
    in.tax_id = tax_id;
    in.establishment = establishment;
    in.ubigeo = ubigeo;
    in.date = date;
    in.regulator = regulator;
    in.worklist_id = worklist;
    in.worklist_rank = rank;
    in.outcome = outcome;
    in.infractions = infractions;
    in.workers_affected = workers_affected;
    in.minors = minors;
    in.note = note;
    in.victims = victims;
    ins_db *db = cli_open_db(g, 0, 1);
    if (!db) return CLI_FAILURE;
    int updated = 0;
    char *err = NULL;
    int rc = ins_inspection_add(db, &in, &updated, &err);
    ins_db_close(db);
    if (rc != INS_OK) {
        cli_error("%s", err ? err : ins_strerror(rc));
        free(err);
        return rc == INS_ERR_ARG ? CLI_USAGE : rc == INS_ERR_NOTFOUND ? CLI_PARTIAL : CLI_FAILURE;
    }
    printf(updated ? _("inspection %s updated\n") : _("inspection %s recorded\n"), in.ref);
    return CLI_OK;
}

/* ---- list ------------------------------------------------------------------------ */

static const char *from, *to, *format = "table", *output;

static const cli_option list_options[] = {
    CLI_OPTION_FROM_TO(&from, &to, N_("inspections dated in this period (inclusive)"),
                       "The period, both dates included (default: all).\n"),
    CLI_OPTION_FORMAT(&format, cli_result_formats, "table|csv|json|html",
                      N_("output format (default table)"), "Output format (default\n"
                                                           ".BR table ).\n"),
    CLI_OPTION_OUTPUT(&output),
    CLI_END,
};

/* Prints the case register of a period. */
static int do_list(cli_global *g)
{
    ins_db *db = cli_open_db(g, INS_OPEN_READONLY, 1);
    if (!db) return CLI_FAILURE;
    ins_result *r = NULL;
    char *err = NULL;
    int rc = ins_inspections_list(db, from, to, &r, &err);
    ins_db_close(db);
    if (rc != INS_OK) {
        cli_error("%s", err ? err : ins_strerror(rc));
        free(err);
        return rc == INS_ERR_ARG ? CLI_USAGE : CLI_FAILURE;
    }
    int wrc = cli_output_result(r, format, output);
    ins_result_free(r);
    return wrc ? CLI_FAILURE : CLI_OK;
}

/* ---- the command ------------------------------------------------------------------ */

static const cli_option options[] = {
    {CLI_OPT_SUBCOMMAND, 0, "import", NULL, &action,
     N_("CSV files of the case register (each file in a savepoint of its own; an\n"
        "invalid row rejects its file, naming the row)"),
     "Imports CSV files of the register with the kind\n"
     ".B inspections\n"
     "forced (comma\\- or semicolon\\-separated; each file in a savepoint of its own; an\n"
     "invalid row rejects its file, naming the row).\n"
     "Prints one line with the files imported, duplicate and rejected and the\n"
     "size of the register.\n", .sub = import_options},
    {CLI_OPT_SUBCOMMAND, 0, "add", NULL, &action, N_("record one inspection"), "Records one inspection:\n",
     .sub = add_options},
    {CLI_OPT_SUBCOMMAND, 0, "list", NULL, &action, N_("print the inspections of a period"),
     "Prints the inspections dated in a period:\n", .sub = list_options},
    CLI_END,
};

const cli_spec cmd_inspections_spec = {
    .name = "inspections",
    .usage = N_("inspector [--db PATH] inspections import FILE...\n"
                "       inspector [--db PATH] inspections add --id ID --date D --outcome O [OPTIONS]\n"
                "       inspector [--db PATH] inspections list [--from D] [--to D] [--format F]"),
    .about = N_("Records the outcome of every inspection, found or not: hit rates are\n"
                "measured against this register, and rules read a firm's history from it.\n"
                "Recording an inspection id again updates it.  See docs/CASE-REGISTER.md.\n"),
    .options = options,
    .epilog = N_("Exit status: 0 done, 1 rejected (invalid row, unknown worklist row),\n"
                 "2 usage error, 3 database failure.\n"),
    .sub_unknown = N_("unknown action '%s' (import, add, list)"),
    .sub_unknown_help = 1,
};

/* `inspector inspections ACTION`: parses the action's options and runs it. */
int cmd_inspections(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_inspections_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    if (!strcmp(action, "import")) return do_import(g, p.argc, p.argv);
    if (!strcmp(action, "add")) return do_add(g);
    return do_list(g);
}
