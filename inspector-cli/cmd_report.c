/*
** cmd_report.c: `inspector report` writes the six-monthly monitoring report
** of a period: one self-contained HTML page (inline CSS and SVG charts),
** or the same tables as CSV files, one per table, in a directory.
*/
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void help(FILE *out)
{
    fprintf(out, _("Usage: inspector [--db PATH] report --from DATE --to DATE -o FILE.html\n"
                   "       inspector [--db PATH] report --from DATE --to DATE --format csv -o DIR\n\n"
                   "Writes the work plan's indicators for the period (dates inclusive):\n"
                   "screening (runs created in the period), worklists issued, inspections and\n"
                   "their outcomes, hit rates of targeted and control rows with 95%% intervals,\n"
                   "workers affected and minors, by department and by sector, and a map of mean\n"
                   "establishment risk by department.  Aggregates only: no worker identity and\n"
                   "no inspection note is ever printed.\n\n"
                   "  --from DATE, --to DATE  the period, YYYY-MM-DD (required)\n"
                   "  --format html|csv       html: one self-contained page (default);\n"
                   "                          csv: one file per table in the directory -o names\n"
                   "                          (created if missing): 01-indicators.csv ...\n"
                   "  -o, --output PATH       the HTML file (default: standard output), or the\n"
                   "                          directory for csv (required)\n"
                   "  -h, --help              print this help\n"));
}

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
        ins_buf p;
        insBufInit(&p);
        insBufPrintf(&p, "%s/%s.csv", dir, r->names[i]);
        FILE *f = p.oom ? NULL : fopen(insBufStr(&p), "w");
        if (!f) {
            cli_error(_("cannot write %s"), insBufStr(&p));
            insBufFree(&p);
            return CLI_FAILURE;
        }
        int wrc = ins_result_write(f, r->tables[i], "csv");
        if (fclose(f) != 0) wrc = -1;
        if (wrc) cli_error(_("cannot write %s"), insBufStr(&p));
        insBufFree(&p);
        if (wrc) return CLI_FAILURE;
    }
    return CLI_OK;
}

int cmd_report(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 'T'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *from = NULL, *to = NULL, *format = "html", *output = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'F': from = optarg; break;
        case 'T': to = optarg; break;
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 'h': help(stdout); return CLI_OK;
        default: help(stderr); return CLI_USAGE;
        }
    }
    if (optind < argc) { cli_error(_("unexpected argument '%s'"), argv[optind]); return CLI_USAGE; }
    char d[11];
    if (!from || !to || !insUParseDate(from, d) || !insUParseDate(to, d)) {
        cli_error(_("report needs --from and --to, dates written YYYY-MM-DD"));
        return CLI_USAGE;
    }
    int csv = !strcmp(format, "csv");
    if (!csv && strcmp(format, "html")) { cli_error(_("unknown format '%s' (html, csv)"), format); return CLI_USAGE; }
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
            FILE *f = output ? fopen(output, "w") : stdout;
            if (!f) {
                cli_error(_("cannot write %s"), output);
                out = CLI_FAILURE;
            } else {
                fputs(html, f);
                if (ferror(f)) out = CLI_FAILURE;
                if (f != stdout && fclose(f) != 0) out = CLI_FAILURE;
                if (out != CLI_OK) cli_error(_("cannot write %s"), output ? output : _("standard output"));
            }
        }
        free(html);
    }
    ins_report_free(r);
    return out;
}
