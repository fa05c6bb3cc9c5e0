/*
** cmd_query.c: `inspector query` answers customs analysts' risk questions
** with the rule language, or with read-only SQL.
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Prints the compiler's diagnostics of the expression as they come. */
static void on_diag(void *ud, int is_error, const char *text)
{
    (void)ud;
    (void)is_error;
    fputs(text, stderr);
}

static const char *sort, *fields, *format = "table", *sql, *as_of;
static long long limit = 100, time_limit = INS_SQL_HATCH_MS / 1000;

static const cli_option options[] = {
    {CLI_OPT_STRING, 0, "sort", "ATTR", &sort, N_("sort by an attribute (-ATTR or ATTR:desc: descending)"),
     "Sort by an attribute, ascending;\n"
     ".BI \\- ATTR\n"
     "or\n"
     ".IB ATTR :desc\n"
     "sorts descending.\n"},
    {CLI_OPT_INTEGER, 0, "limit", "N", &limit, N_("at most N rows (default 100; 0: all)"), "At most\n"
                                                                                           ".I N\n"
                                                                                           "rows (default 100; 0: all).\n",
     .min = 0, .max = INT_MAX, .bad = N_("--limit wants a number")},
    {CLI_OPT_STRING, 0, "columns", "A,B,...", &fields, N_("attributes to show (table: a few; else all)"),
     "The attributes to print, after the subject's identifier.  Default: for\n"
     "a table, the ones that identify a row and its risk (firm: name, risk,\n"
     "own_risk, chain_risk, exporter); for the other formats, all.\n"},
    {CLI_OPT_STRING, 0, "fields", "A,B,...", &fields, N_("the same as --columns"),
     "The same as\n"
     ".BR \\-\\-columns .\n"},
    CLI_OPTION_AS_OF(0, &as_of, N_("evaluation date for time windows (default: today)"), "The evaluation date for time windows, listings in force and the like\n"
                                                                                         "(default: today).\n"),
    CLI_OPTION_FORMAT(&format, cli_map_formats, "table|csv|json|html|geojson",
                      N_("output format (default table)"), "Output format (default\n"
                                                           ".BR table );\n"
                                                           ".B geojson\n"
                                                           "places a row by its\n"
                                                           ".B longitude\n"
                                                           "and\n"
                                                           ".B latitude\n"
                                                           "attributes (establishments), else with a null geometry.\n"),
    {CLI_OPT_STRING, 0, "sql", "STATEMENT", &sql, N_("read-only SQL escape hatch"), "Runs one SQL statement instead.\n"
                                                                                    "It can never write, attach or detach databases, change pragmas or load\n"
                                                                                    "extensions; such a statement, or more than one, is refused.\n"
                                                                                    ".B \\-\\-limit\n"
                                                                                    "applies.\n"
                                                                                    "Tables and columns that hold personal data (workers, drivers and other\n"
                                                                                    "persons, the key of worker pseudonyms) are never shown: a statement that\n"
                                                                                    "reads one is refused.\n"
                                                                                    "A statement that runs longer than\n"
                                                                                    ".B \\-\\-time\\-limit\n"
                                                                                    "or needs more memory than the hatch allows is stopped.\n"},
    {CLI_OPT_INTEGER, 0, "time-limit", "SECONDS", &time_limit,
     N_("stop a --sql statement after SECONDS (default and most: 60)"),
     "Stop a\n"
     ".B \\-\\-sql\n"
     "statement after\n"
     ".I SECONDS\n"
     "(default, and at most, 60).\n",
     .min = 1, .max = INS_SQL_HATCH_MS / 1000, .bad = N_("--time-limit wants a number of seconds from 1 to 60")},
    {CLI_OPT_ARGS, 0, NULL, "SUBJECT [EXPRESSION]", NULL,
     N_("what to select, and the condition in the rule language"), .min = 0, .max = -1},
    CLI_END,
};

const cli_spec cmd_query_spec = {
    .name = "query",
    .usage = N_("inspector [--db PATH] query SUBJECT [EXPRESSION] [OPTIONS]\n"
                "       inspector [--db PATH] query --sql STATEMENT [OPTIONS]"),
    .about = N_("Selects firms, establishments, legs, carriers, vehicles, declarations\n"
                "(shipments) or trade lines whose attributes satisfy EXPRESSION, written in\n"
                "the rule language (rules/README.md), e.g.\n\n"
                "  inspector query declaration 'direction == \"EX\" and destination_country == \"AR\"\n"
                "      and exporter_chain_risk >= 0.5 and any items where hs6 startswith \"7108\"'\n\n"
                "The database is opened read-only.  --sql runs one SQL statement instead;\n"
                "it can never write, attach databases, change pragmas or load extensions.\n"),
    .options = options,
};

/* `inspector query`: runs the expression (or --sql) on a read-only
** database and writes the rows. */
int cmd_query(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_query_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    if (!sql && p.argc < 1) {
        cli_error(_("query needs a SUBJECT (or --sql)"));
        cli_help(&cmd_query_spec, stderr);
        return CLI_USAGE;
    }
    ins_db *db = cli_open_db(g, INS_OPEN_READONLY, 1);
    if (!db) return CLI_FAILURE;
    ins_result *r = NULL;
    int rc;
    if (sql) {
        char *err = NULL;
        rc = ins_query_sql_limited(db, sql, (int)limit, (int)time_limit * 1000, &r, &err);
        if (rc != INS_OK) { cli_error("%s", err ? err : ins_strerror(rc)); free(err); ins_db_close(db); return CLI_PARTIAL; }
    } else {
        const char *subject = p.argv[0];
        char *expr = cli_join((const char *const *)p.argv + 1, (size_t)(p.argc - 1));
        if (!expr) { cli_error("%s", ins_strerror(INS_ERR_NOMEM)); ins_db_close(db); return CLI_FAILURE; }
        char today[11];
        if (!as_of) {
            ins_today(today);
            as_of = today;
        }
        const char *show = fields;
        if (!show && (!format || !strcmp(format, "table"))) show = ins_query_default_fields(subject);
        rc = ins_query(db, subject, expr, sort, (int)limit, show, as_of, on_diag, NULL, &r);
        free(expr);
        if (rc == INS_ERR_ARG) {
            cli_error(_("unknown subject '%s' (firm, establishment, leg, carrier, vehicle, declaration, "
                        "shipment, trade_line)"), subject);
            ins_db_close(db);
            return CLI_USAGE;
        }
        if (rc != INS_OK) { ins_db_close(db); return CLI_PARTIAL; }
    }
    ins_db_close(db);
    int wrc = cli_output_result(r, format, NULL);
    ins_result_free(r);
    return wrc ? CLI_FAILURE : CLI_OK;
}
