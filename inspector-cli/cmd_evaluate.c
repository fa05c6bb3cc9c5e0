/*
** cmd_evaluate.c: `inspector evaluate` measures worklists against the
** inspection outcomes recorded for their rows: hit rates of targeted and
** control rows with 95% Wilson intervals, lift, precision at k, and
** confirmation per rule.
*/
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out, _("Usage: inspector [--db PATH] evaluate [--run ID | --worklist ID] [OPTIONS]\n\n"
                   "Measures the worklists (of a run, one worklist, or all recorded ones)\n"
                   "against the inspections recorded for their rows:\n"
                   "  - hit rate of targeted rows and of control rows (hit: forced labour found;\n"
                   "    second measure: any violation), with 95%% Wilson intervals;\n"
                   "  - lift: targeted rate / control rate (the base rate);\n"
                   "  - precision at 5, 10 and 25 targeted rows;\n"
                   "  - per rule: inspected rows its hits reached, and how many were confirmed.\n"
                   "not_found and closed are reported apart and left out of the denominators.\n"
                   "Rates from fewer than 30 rows (or intervals wider than 0.3) are marked as a\n"
                   "small sample.\n\n"
                   "  --run ID                the worklists issued from this run\n"
                   "  --worklist ID           one worklist\n"
                   "  --from D --to D         count only inspections dated in this period\n"
                   "  --format table|csv|json output format (default table)\n"
                   "  -o, --output FILE       write to FILE instead of standard output\n"
                   "  -h, --help              print this help\n\n"
                   "csv: one block per section: a line '# TITLE', the header, the rows, and a\n"
                   "blank line.  json: an array of {title, note, rows} objects.\n"));
}

/* Characters (UTF-8 code points) in S. */
static size_t u8len(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Writes S cut to MAX characters (with an ellipsis) and padded to WIDTH. */
static void put_cell(FILE *f, const char *s, size_t width, size_t max)
{
    const char *p = s ? s : "";
    size_t n = u8len(p);
    if (n > max) {
        size_t k = 0;
        const char *e = p;
        while (*e && k + 1 < max) {
            e++;
            while (*e && ((unsigned char)*e & 0xC0) == 0x80) e++;
            k++;
        }
        fwrite(p, 1, (size_t)(e - p), f);
        fputs("…", f);
        n = k + 1;
    } else {
        fputs(p, f);
    }
    for (; n < width; n++) fputc(' ', f);
}

/* One section as a grid whose columns are as wide as their widest cell
** (titles of rules cut at 40 characters). */
static void write_grid(FILE *f, const ins_result *r)
{
    enum { MAXW = 40 };
    fprintf(f, "%s\n", r->title);
    if (r->note && *r->note) fprintf(f, "  %s\n", r->note);
    size_t *w = calloc(r->ncols ? r->ncols : 1, sizeof *w);
    if (!w) return;
    for (size_t c = 0; c < r->ncols; c++) {
        w[c] = u8len(r->cols[c]);
        for (size_t i = 0; i < r->nrows; i++) {
            size_t n = u8len(r->cells[i * r->ncols + c]);
            if (n > w[c]) w[c] = n > MAXW ? MAXW : n;
        }
    }
    fputs("  ", f);
    for (size_t c = 0; c < r->ncols; c++) {
        put_cell(f, r->cols[c], c + 1 < r->ncols ? w[c] + 1 : 0, MAXW);
    }
    fputc('\n', f);
    for (size_t i = 0; i < r->nrows; i++) {
        fputs("  ", f);
        for (size_t c = 0; c < r->ncols; c++)
            put_cell(f, r->cells[i * r->ncols + c], c + 1 < r->ncols ? w[c] + 1 : 0, MAXW);
        fputc('\n', f);
    }
    if (!r->nrows) fprintf(f, "  %s\n", _("(no rows)"));
    fputc('\n', f);
    free(w);
}

int cmd_evaluate(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"run", required_argument, NULL, 'R'},
        {"worklist", required_argument, NULL, 'w'},
        {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 'T'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    ins_evaluate_opts o;
    memset(&o, 0, sizeof o);
    const char *format = "table", *output = NULL;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'R':
            o.run_id = strtoll(optarg, &end, 10);
            if (*end || o.run_id < 1) { cli_error(_("--run wants a run id")); return CLI_USAGE; }
            break;
        case 'w':
            o.worklist_id = strtoll(optarg, &end, 10);
            if (*end || o.worklist_id < 1) { cli_error(_("--worklist wants a worklist id")); return CLI_USAGE; }
            break;
        case 'F': o.from = optarg; break;
        case 'T': o.to = optarg; break;
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 'h': help(stdout); return CLI_OK;
        default: help(stderr); return CLI_USAGE;
        }
    }
    if (optind < argc) { cli_error(_("unexpected argument '%s'"), argv[optind]); return CLI_USAGE; }
    if (o.run_id && o.worklist_id) { cli_error(_("give --run or --worklist, not both")); return CLI_USAGE; }
    if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json")) {
        cli_error(_("unknown format '%s' (table, csv, json)"), format);
        return CLI_USAGE;
    }
    char d[11];
    if ((o.from && !insUParseDate(o.from, d)) || (o.to && !insUParseDate(o.to, d))) {
        cli_error(_("--from and --to want dates written YYYY-MM-DD"));
        return CLI_USAGE;
    }
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
    FILE *f = stdout;
    if (output && !(f = fopen(output, "w"))) {
        cli_error(_("cannot write %s"), output);
        ins_evaluation_free(e);
        return CLI_FAILURE;
    }
    const ins_result *sections[] = {e->outcomes, e->hit_rate, e->lift, e->precision, e->rules};
    int wrc = 0;
    if (!strcmp(format, "json")) fputs("[", f);
    for (size_t i = 0; i < INS_ARRAY_LEN(sections); i++) {
        if (!strcmp(format, "table")) {
            write_grid(f, sections[i]);
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
    if (ferror(f)) wrc = -1;
    if (f != stdout && fclose(f) != 0) wrc = -1;
    ins_evaluation_free(e);
    return wrc ? CLI_FAILURE : CLI_OK;
}
