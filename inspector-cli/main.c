/*
** main.c: global options and subcommand dispatch of the inspector command.
*/
#include "cli.h"

#include <getopt.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>

static const cli_command commands[] = {
    {"init", N_("create or upgrade the database and load reference data"), cmd_init},
    {"import", N_("import declarations (files, directories, zip archives)"), cmd_import},
    {"rules", N_("check, test and list rule files"), cmd_rules},
    {"score", N_("evaluate the rules and record a scoring run"), cmd_score},
    {"worklist", N_("print the inspection worklist of a run (labor, transport)"), cmd_worklist},
    {"explain", N_("explain the score of a firm or a vehicle down to the documents"), cmd_explain},
    {"query", N_("risk queries in the rule language, or read-only SQL"), cmd_query},
    {"inspections", N_("record inspection outcomes (case register)"), cmd_inspections},
    {"evaluate", N_("measure worklists and rules against inspection outcomes"), cmd_evaluate},
    {"report", N_("six-monthly monitoring report (HTML with charts, or CSV)"), cmd_report},
    {"screen", N_("screen a CSV of names and ids against the listings"), cmd_screen},
};

static void usage(FILE *out)
{
    fprintf(out, _("Usage: inspector [--db PATH] COMMAND [OPTIONS] [ARGS]\n\n"
                   "Finds forced-labour risk in supply chains from supplier, transport and\n"
                   "customs declarations.\n\n"
                   "Global options:\n"
                   "  --db PATH     database file (default: $INSPECTOR_DB or ./inspector.db)\n"
                   "  --version     print the version and exit\n"
                   "  -h, --help    print this help and exit\n\n"
                   "Commands:\n"));
    for (size_t i = 0; i < INS_ARRAY_LEN(commands); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(out, _("\nRun 'inspector COMMAND --help' for the options of a command.\n"));
}

int main(int argc, char **argv)
{
#ifdef ENABLE_NLS
    setlocale(LC_ALL, "");
    bindtextdomain(PACKAGE, LOCALEDIR);
#endif
#ifdef __GLIBC__
    /* SQLite's many short-lived allocations made glibc grow and trim its
     * heap for every imported file (measured: an import spending most of
     * its time in the kernel).  Keep some memory instead; docs/PERFORMANCE.md. */
    mallopt(M_TOP_PAD, 64 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
#endif
    cli_global g;
    memset(&g, 0, sizeof g);
    g.prog = "inspector";
    const char *env = getenv("INSPECTOR_DB");
    g.db_path = env && *env ? env : "inspector.db";

    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--db")) {
            if (i + 1 >= argc) { cli_error(_("--db needs a path")); return CLI_USAGE; }
            g.db_path = argv[++i];
        } else if (!strncmp(a, "--db=", 5)) {
            g.db_path = a + 5;
        } else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
            printf("inspector %s (schema %d, SQLite %s)\n", ins_version(), ins_schema_latest(),
                   sqlite3_libversion());
            return CLI_OK;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return CLI_OK;
        } else if (a[0] == '-') {
            cli_error(_("unknown option '%s'"), a);
            usage(stderr);
            return CLI_USAGE;
        } else {
            break;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return CLI_USAGE;
    }
    for (size_t k = 0; k < INS_ARRAY_LEN(commands); k++) {
        if (!strcmp(argv[i], commands[k].name)) {
            optind = 1;
            return commands[k].run(&g, argc - i, argv + i);
        }
    }
    cli_error(_("unknown command '%s'"), argv[i]);
    usage(stderr);
    return CLI_USAGE;
}
