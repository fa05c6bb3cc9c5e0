/*
** cmd_query.c: `inspector query` answers customs analysts' risk questions
** with the rule language, or with read-only SQL.
*/
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out, _("Usage: inspector [--db PATH] query SUBJECT [EXPRESSION] [OPTIONS]\n"
                   "       inspector [--db PATH] query --sql STATEMENT [OPTIONS]\n\n"
                   "Selects firms, establishments, legs, carriers, vehicles, declarations\n"
                   "(shipments) or trade lines whose attributes satisfy EXPRESSION, written in\n"
                   "the rule language (rules/README.md), e.g.\n\n"
                   "  inspector query declaration 'direction == \"EX\" and destination_country == \"AR\"\n"
                   "      and exporter_chain_risk >= 0.5 and any items where hs6 startswith \"7108\"'\n\n"
                   "The database is opened read-only.  --sql runs one SQL statement instead;\n"
                   "it can never write, attach databases, change pragmas or load extensions.\n\n"
                   "  --sort ATTR        sort by an attribute (-ATTR or ATTR:desc: descending)\n"
                   "  --limit N          at most N rows (default 100; 0: all)\n"
                   "  --fields A,B,...   attributes to show (default: all)\n"
                   "  --as-of DATE       evaluation date for time windows (default: today)\n"
                   "  --format F         table, csv, json or html (default table)\n"
                   "  --sql STATEMENT    read-only SQL escape hatch\n"
                   "  -h, --help         print this help\n"));
}

static void on_diag(void *ud, int is_error, const char *text)
{
    (void)ud;
    (void)is_error;
    fputs(text, stderr);
}

int cmd_query(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"sort", required_argument, NULL, 's'},
        {"limit", required_argument, NULL, 'l'},
        {"fields", required_argument, NULL, 'F'},
        {"as-of", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'},
        {"sql", required_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *sort = NULL, *fields = NULL, *format = "table", *sql = NULL, *as_of = NULL;
    int limit = 100, c;
    char *end;
    while ((c = getopt_long(argc, argv, "s:l:F:a:f:q:h", opts, NULL)) != -1) {
        switch (c) {
        case 's': sort = optarg; break;
        case 'l': limit = (int)strtol(optarg, &end, 10); if (*end || limit < 0) { cli_error(_("--limit wants a number")); return CLI_USAGE; } break;
        case 'F': fields = optarg; break;
        case 'a': as_of = optarg; break;
        case 'f': format = optarg; break;
        case 'q': sql = optarg; break;
        case 'h': help(stdout); return CLI_OK;
        default: help(stderr); return CLI_USAGE;
        }
    }
    if (!ins_result_format_valid(format)) { cli_error(_("unknown format '%s' (table, csv, json, html)"), format); return CLI_USAGE; }
    if (!sql && optind >= argc) { cli_error(_("query needs a SUBJECT (or --sql)")); help(stderr); return CLI_USAGE; }
    char d[11];
    if (as_of && !insUParseDate(as_of, d)) { cli_error(_("--as-of wants a date YYYY-MM-DD")); return CLI_USAGE; }
    ins_db *db = cli_open_db(g, INS_OPEN_READONLY, 1);
    if (!db) return CLI_FAILURE;
    ins_result *r = NULL;
    int rc;
    if (sql) {
        char *err = NULL;
        rc = ins_query_sql(db, sql, limit, &r, &err);
        if (rc != INS_OK) { cli_error("%s", err ? err : ins_strerror(rc)); free(err); ins_db_close(db); return CLI_PARTIAL; }
    } else {
        const char *subject = argv[optind];
        ins_buf expr;
        insBufInit(&expr);
        for (int i = optind + 1; i < argc; i++) insBufPrintf(&expr, "%s%s", i > optind + 1 ? " " : "", argv[i]);
        if (!as_of) {
            static char today[11];
            ins_today(today);
            as_of = today;
        }
        rc = ins_query(db, subject, insBufStr(&expr), sort, limit, fields, as_of, on_diag, NULL, &r);
        insBufFree(&expr);
        if (rc == INS_ERR_ARG) {
            cli_error(_("unknown subject '%s' (firm, establishment, leg, carrier, vehicle, declaration, "
                        "shipment, trade_line)"), subject);
            ins_db_close(db);
            return CLI_USAGE;
        }
        if (rc != INS_OK) { ins_db_close(db); return CLI_PARTIAL; }
    }
    ins_db_close(db);
    int wrc = ins_result_write(stdout, r, format);
    ins_result_free(r);
    return wrc ? CLI_FAILURE : CLI_OK;
}
