/*
** cmd_report.c: `inspector report` writes the six-monthly monitoring report
** of a period: one self-contained HTML page (inline CSS and SVG charts),
** or the same tables as CSV files, one per table, in a directory.
*/
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Writes every table of R as DIR/NAME.csv. */
static int write_csv_dir(const ins_report *r, const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error(_("cannot create directory %s: %s"), dir, strerror(errno));
        return CLI_FAILURE;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        cli_error(_("%s is not a directory"), dir);
        return CLI_FAILURE;
    }
    for (size_t i = 0; i < r->ntables; i++) {
        size_t n = strlen(dir) + strlen(r->names[i]) + 6;
        char *path = malloc(n);
        if (!path) { cli_error("%s", ins_strerror(INS_ERR_NOMEM)); return CLI_FAILURE; }
        snprintf(path, n, "%s/%s.csv", dir, r->names[i]);
        FILE *f = cli_output_open(path);
        if (!f) { free(path); return CLI_FAILURE; }
        int wrc = ins_result_write(f, r->tables[i], "csv");
        if (cli_output_close(f, path)) wrc = -2;
        else if (wrc) cli_error(_("cannot write %s"), path);
        free(path);
        if (wrc) return CLI_FAILURE;
    }
    return CLI_OK;
}

static const char *const formats[] = {"html", "csv", NULL};
static const char *from, *to, *format = "html", *output;

static const cli_option options[] = {
    {CLI_OPT_DATE, 0, "from", "DATE", &from, N_("the period, YYYY-MM-DD (required)"), NULL,
     .bad = N_("report needs --from and --to, dates written YYYY-MM-DD"), .flags = CLI_F_MAN_WITH_NEXT},
    {CLI_OPT_DATE, 0, "to", "DATE", &to, N_("the period, YYYY-MM-DD (required)"), "The period,\n"
                                                                                  ".I YYYY\\-MM\\-DD\n"
                                                                                  "(required).\n",
     .bad = N_("report needs --from and --to, dates written YYYY-MM-DD")},
    CLI_OPTION_FORMAT(&format, formats, "html|csv",
                      N_("html: one self-contained page (default);\n"
                         "csv: one file per table in the directory -o names\n"
                         "(created if missing): 01-indicators.csv ..."),
                      ".BR html :\n"
                      "one self\\-contained page with inline CSS and SVG charts (default);\n"
                      ".BR csv :\n"
                      "one file per table\n"
                      ".RI ( 01\\-indicators.csv\n"
                      "to\n"
                      ".IR 08\\-risk\\-map.csv )\n"
                      "in the directory\n"
                      ".B \\-o\n"
                      "names, created if missing.\n"),
    {CLI_OPT_STRING, 'o', "output", "PATH", &output,
     N_("the HTML file (default: standard output), or the\ndirectory for csv (required)"),
     "The HTML file (default: standard output), or the directory for\n"
     ".B csv\n"
     "(required there).\n"},
    CLI_END,
};

const cli_spec cmd_report_spec = {
    .name = "report",
    .usage = N_("inspector [--db PATH] report --from DATE --to DATE -o FILE.html\n"
                "       inspector [--db PATH] report --from DATE --to DATE --format csv -o DIR"),
    .about = N_("Writes the work plan's indicators for the period (dates inclusive):\n"
                "risk screening (scoring runs made in the period), worklists issued,\n"
                "inspections and their outcomes, hit rates of targeted and control rows with\n"
                "95 per cent intervals, workers affected and minors, by department and by\n"
                "sector, and a map of mean establishment risk by department.  Aggregates\n"
                "only: no worker identity and no inspection note is ever printed.\n"),
    .options = options,
};

/* `inspector report`: builds the report of the period and writes it as
** one HTML page or as a directory of CSV files. */
int cmd_report(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_report_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    if (!from || !to) {
        cli_error(_("report needs --from and --to, dates written YYYY-MM-DD"));
        return CLI_USAGE;
    }
    int csv = !strcmp(format, "csv");
    if (csv && !output) { cli_error(_("--format csv needs -o DIR")); return CLI_USAGE; }

    ins_db *db = cli_open_db(g, INS_OPEN_READONLY, 1);
    if (!db) return CLI_FAILURE;
    ins_report *r = NULL;
    char *err = NULL;
    int rc = ins_report_build(db, from, to, &r, &err);
    ins_db_close(db);
    if (rc != INS_OK) {
        cli_error("%s", err ? err : ins_strerror(rc));
        free(err);
        return rc == INS_ERR_ARG ? CLI_USAGE : CLI_FAILURE;
    }
    int out = CLI_OK;
    if (csv) {
        out = write_csv_dir(r, output);
        if (out == CLI_OK) fprintf(stderr, _("%zu tables written to %s\n"), r->ntables, output);
    } else {
        char *html = NULL;
        rc = ins_report_html(r, &html);
        if (rc != INS_OK) {
            cli_error("%s", ins_strerror(rc));
            out = CLI_FAILURE;
        } else {
            FILE *f = cli_output_open(output);
            if (!f) {
                out = CLI_FAILURE;
            } else {
                fputs(html, f);
                if (cli_output_close(f, output)) out = CLI_FAILURE;
            }
        }
        free(html);
    }
    ins_report_free(r);
    return out;
}
