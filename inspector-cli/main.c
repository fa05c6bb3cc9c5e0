/*
** main.c: global options and subcommand dispatch of the inspector command.
*/
#include "cli.h"

#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>

static const cli_command commands[] = {
    {"init", N_("create or upgrade the database and load reference data"), cmd_init, &cmd_init_spec},
    {"import", N_("import declarations (files, directories, zip archives)"), cmd_import, &cmd_import_spec},
    {"rules", N_("check, test and list rule files"), cmd_rules, &cmd_rules_spec},
    {"score", N_("evaluate the rules and record a scoring run"), cmd_score, &cmd_score_spec},
    {"worklist", N_("print the inspection worklist of a run (labor, transport)"), cmd_worklist,
     &cmd_worklist_spec},
    {"explain", N_("explain the score of a firm or a vehicle down to the documents"), cmd_explain,
     &cmd_explain_spec},
    {"query", N_("risk queries in the rule language, or read-only SQL"), cmd_query, &cmd_query_spec},
    {"inspections", N_("record inspection outcomes (case register)"), cmd_inspections,
     &cmd_inspections_spec},
    {"evaluate", N_("measure worklists and rules against inspection outcomes"), cmd_evaluate,
     &cmd_evaluate_spec},
    {"calibrate", N_("fit the rules' weights on inspection outcomes and propose them"), cmd_calibrate,
     &cmd_calibrate_spec},
    {"profile", N_("case profiles for joint analysis, small cells suppressed"), cmd_profile, &cmd_profile_spec},
    {"report", N_("six-monthly monitoring report (HTML with charts, or CSV)"), cmd_report, &cmd_report_spec},
    {"screen", N_("screen a CSV of names and ids against the listings"), cmd_screen, &cmd_screen_spec},
    {"audit", N_("list the reads of identities in clear, with who, when and why"), cmd_audit, &cmd_audit_spec},
    {"exchange", N_("binational exchange: signed alerts and listed entries for a partner state"), cmd_exchange,
     &cmd_exchange_spec},
};

/* Prints the global usage and the list of commands to OUT. */
static void usage(FILE *out)
{
    fprintf(out, _("Usage: inspector [--db PATH] [--width N] [--doc-lang es|en] COMMAND [OPTIONS] [ARGS]\n\n"
                   "Finds forced-labour risk in supply chains from supplier, transport and\n"
                   "customs declarations.\n\n"
                   "Global options:\n"
                   "  --db PATH     database file (default: $INSPECTOR_DB or ./inspector.db)\n"
                   "  --width N     tables at most N characters wide (default: $COLUMNS, else\n"
                   "                the terminal's width, else unlimited)\n"
                   "  --doc-lang L  language of worklists and reports: es (default, or\n"
                   "                $INSPECTOR_DOC_LANG) or en; messages follow the locale\n"
                   "  --version     print the version and exit\n"
                   "  -h, --help    print this help and exit\n\n"
                   "Commands:\n"));
    for (size_t i = 0; i < CLI_ARRAY_LEN(commands); i++)
        fprintf(out, "  %-11s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(out, _("\nRun 'inspector COMMAND --help' for the options of a command.\n"));
}

/*
** The hidden developer command `inspector help --man [PAGE]`: without PAGE,
** prints every command's option list in troff; with PAGE (docs/inspector.1),
** prints the page with its generated regions brought up to date (`make
** update-man` writes that back, a test compares it).  `inspector help
** COMMAND` is `inspector COMMAND --help`.
*/
static int help_command(int argc, char **argv)
{
    const cli_spec *specs[CLI_ARRAY_LEN(commands)];
    for (size_t k = 0; k < CLI_ARRAY_LEN(commands); k++) specs[k] = commands[k].spec;
    if (argc >= 2 && !strcmp(argv[1], "--man")) {
        if (argc == 2) {
            for (size_t k = 0; k < CLI_ARRAY_LEN(commands); k++) {
                printf(".\\\" BEGIN OPTIONS %s\n", specs[k]->name);
                cli_man(specs[k], stdout);
                printf(".\\\" END OPTIONS %s\n", specs[k]->name);
            }
            return cli_output_close(stdout, NULL) ? CLI_FAILURE : CLI_OK;
        }
        FILE *in = fopen(argv[2], "r");
        if (!in) { cli_error(_("cannot read %s"), argv[2]); return CLI_FAILURE; }
        int rc = cli_man_splice(in, stdout, specs, CLI_ARRAY_LEN(specs));
        fclose(in);
        if (cli_output_close(stdout, NULL)) rc = -1;
        return rc ? CLI_FAILURE : CLI_OK;
    }
    for (size_t k = 0; argc >= 2 && k < CLI_ARRAY_LEN(commands); k++) {
        if (!strcmp(argv[1], commands[k].name)) {
            cli_help(commands[k].spec, stdout);
            return CLI_OK;
        }
    }
    usage(stdout);
    return CLI_OK;
}

/* Reads the global options, then runs the command named next. */
static int run(int argc, char **argv);

/*
** Runs the command, then makes sure what it printed reached standard
** output: a command that ignored a write error (a full disk, a closed
** pipe, >/dev/full) still ends with a message and exit status 3, never
** with success.
*/
int main(int argc, char **argv)
{
    int rc = run(argc, argv);
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc != CLI_FAILURE) {
        cli_error(_("cannot write standard output"));
        rc = CLI_FAILURE;
    }
    return rc;
}

/* Parses the global options and dispatches to the command. */
static int run(int argc, char **argv)
{
#ifdef ENABLE_NLS
    setlocale(LC_ALL, "");
    /* Numbers are read from declarations and written to CSV, JSON and
     * reports with a decimal point whatever the user's language: under
     * es_PE.UTF-8 the C library would read "3.305" as 3 and print 0,925. */
    setlocale(LC_NUMERIC, "C");
    /* $TEXTDOMAINDIR, as gettext's shell tools read it, lets an uninstalled
     * build (the test suite) use its own catalogues */
    const char *tdd = getenv("TEXTDOMAINDIR");
    bindtextdomain(PACKAGE, tdd && *tdd ? tdd : LOCALEDIR);
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

    /* the language of worklists and reports: Spanish unless said */
    const char *dl = getenv("INSPECTOR_DOC_LANG");
    if (dl && *dl && ins_set_doc_language(dl) != INS_OK) {
        cli_error(_("INSPECTOR_DOC_LANG wants es or en, not '%s'"), dl);
        return CLI_USAGE;
    }

    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--db")) {
            if (i + 1 >= argc) { cli_error(_("--db needs a path")); return CLI_USAGE; }
            g.db_path = argv[++i];
        } else if (!strncmp(a, "--db=", 5)) {
            g.db_path = a + 5;
        } else if (!strcmp(a, "--width") || !strncmp(a, "--width=", 8)) {
            const char *v = a[7] == '=' ? a + 8 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || !cli_set_table_width(v)) {
                cli_error(_("--width wants a number of characters from 20 to %d"), INS_MAX_TABLE_WIDTH);
                return CLI_USAGE;
            }
        } else if (!strcmp(a, "--doc-lang") || !strncmp(a, "--doc-lang=", 11)) {
            const char *v = a[10] == '=' ? a + 11 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || ins_set_doc_language(v) != INS_OK) {
                cli_error(_("--doc-lang wants es or en"));
                return CLI_USAGE;
            }
        } else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
            printf("inspector %s (schema %d, SQLite %s)\n", ins_version(), ins_schema_latest(),
                   ins_sqlite_version());
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
    if (!strcmp(argv[i], "help")) return help_command(argc - i, argv + i);
    for (size_t k = 0; k < CLI_ARRAY_LEN(commands); k++) {
        if (!strcmp(argv[i], commands[k].name)) {
            return commands[k].run(&g, argc - i, argv + i);
        }
    }
    cli_error(_("unknown command '%s'"), argv[i]);
    usage(stderr);
    return CLI_USAGE;
}
