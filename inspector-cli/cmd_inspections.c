/*
** cmd_inspections.c: `inspector inspections import|add|list`, the case
** register of inspection outcomes (docs/CASE-REGISTER.md).
*/
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out, _("Usage: inspector [--db PATH] inspections import FILE...\n"
                   "       inspector [--db PATH] inspections add --id ID --date D --outcome O [OPTIONS]\n"
                   "       inspector [--db PATH] inspections list [--from D] [--to D] [--format F]\n\n"
                   "Records the outcome of every inspection, found or not: hit rates are\n"
                   "measured against this register, and rules read a firm's history from it.\n"
                   "Recording an inspection id again updates it.  See docs/CASE-REGISTER.md.\n\n"
                   "import: CSV files of the case register (one transaction per file; an invalid\n"
                   "row rejects its file, naming the row).\n\n"
                   "add:\n"
                   "  --id ID                  the inspectorate's inspection id (required)\n"
                   "  --tax-id RUC             RUC of the inspected firm\n"
                   "  --establishment E        annex code, or the establishment key of a worklist\n"
                   "  --ubigeo U               district inspected (6 digits)\n"
                   "  --date D                 YYYY-MM-DD (required)\n"
                   "  --regulator R            labour or transport (default: the worklist's, else labour)\n"
                   "  --worklist N --rank R    the worklist row inspected\n"
                   "  --outcome O              forced_labour, other_violation, no_violation,\n"
                   "                           not_found or closed (required)\n"
                   "  --infractions N --workers-affected N --minors N\n"
                   "  --note TEXT              free text; never worker identities\n\n"
                   "list:\n"
                   "  --from D --to D          inspections dated in this period (inclusive)\n"
                   "  --format table|csv|json|html\n\n"
                   "Exit status: 0 done, 1 rejected (invalid row, unknown worklist row),\n"
                   "2 usage error, 3 database failure.\n"));
}

/* ---- import ------------------------------------------------------------------- */

static void on_reject(void *ud, const char *display, const char *reason)
{
    (void)ud;
    fprintf(stderr, "%s: %s\n", display, reason ? reason : _("rejected"));
}

/* Imports case-register files with the kind forced, and prints a summary. */
static int do_import(cli_global *g, int argc, char **argv)
{
    if (argc < 1) {
        cli_error(_("inspections import needs at least one FILE"));
        return CLI_USAGE;
    }
    ins_db *db = cli_open_db(g, 0, 1);
    if (!db) return CLI_FAILURE;
    int64_t before = insDbScalarInt(db, "SELECT COUNT(*) FROM inspections");
    ins_import_opts o;
    memset(&o, 0, sizeof o);
    o.force_kind = "inspections";
    o.on_reject = on_reject;
    ins_import_stats st;
    int rc = ins_import_paths(db, (const char *const *)argv, (size_t)argc, &o, &st);
    int64_t after = insDbScalarInt(db, "SELECT COUNT(*) FROM inspections");
    if (rc != INS_OK) cli_error(_("import stopped: %s: %s"), ins_strerror(rc), insDbErr(db));
    ins_db_close(db);
    printf(_("%u file(s) imported, %u duplicate, %u rejected; the register holds %lld inspection(s)"
             " (%lld new)\n"),
           st.imported, st.duplicate, st.rejected, (long long)after, (long long)(after - before));
    if (rc != INS_OK) return CLI_FAILURE;
    return st.rejected ? CLI_PARTIAL : CLI_OK;
}

/* ---- add ------------------------------------------------------------------------- */

/* Parses a non-negative count option into *out; 0 on error. */
static int count_arg(const char *opt, const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < 0 || v > 1000000000LL) {
        cli_error(_("%s wants a whole number"), opt);
        return 0;
    }
    *out = v;
    return 1;
}

/* Records one inspection from the command line. */
static int do_add(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"id", required_argument, NULL, 'i'},
        {"tax-id", required_argument, NULL, 't'},
        {"establishment", required_argument, NULL, 'e'},
        {"ubigeo", required_argument, NULL, 'u'},
        {"date", required_argument, NULL, 'd'},
        {"regulator", required_argument, NULL, 'R'},
        {"worklist", required_argument, NULL, 'w'},
        {"rank", required_argument, NULL, 'k'},
        {"outcome", required_argument, NULL, 'O'},
        {"infractions", required_argument, NULL, 'I'},
        {"workers-affected", required_argument, NULL, 'W'},
        {"minors", required_argument, NULL, 'M'},
        {"note", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    ins_inspection in;
    memset(&in, 0, sizeof in);
    in.infractions = in.workers_affected = in.minors = -1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'i': in.ref = optarg; break;
        case 't': in.tax_id = optarg; break;
        case 'e': in.establishment = optarg; break;
        case 'u': in.ubigeo = optarg; break;
        case 'd': in.date = optarg; break;
        case 'R': in.regulator = optarg; break;
        case 'w': if (!count_arg("--worklist", optarg, &in.worklist_id)) return CLI_USAGE; break;
        case 'k': if (!count_arg("--rank", optarg, &in.worklist_rank)) return CLI_USAGE; break;
        case 'O': in.outcome = optarg; break;
        case 'I': if (!count_arg("--infractions", optarg, &in.infractions)) return CLI_USAGE; break;
        case 'W': if (!count_arg("--workers-affected", optarg, &in.workers_affected)) return CLI_USAGE; break;
        case 'M': if (!count_arg("--minors", optarg, &in.minors)) return CLI_USAGE; break;
        case 'n': in.note = optarg; break;
        case 'h': help(stdout); return CLI_OK;
        default: help(stderr); return CLI_USAGE;
        }
    }
    if (optind < argc) { cli_error(_("unexpected argument '%s'"), argv[optind]); return CLI_USAGE; }
    if (!in.ref || !in.date || !in.outcome) {
        cli_error(_("inspections add needs --id, --date and --outcome"));
        return CLI_USAGE;
    }
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

/* The table format: one line per inspection, the columns that fit. */
static void write_lines(FILE *f, const ins_result *r)
{
    static const char *const cols[] = {"inspection_id", "date", "tax_id", "department", "outcome",
                                       "worklist_id", "worklist_rank", "workers_affected", "minors"};
    static const char *const heads[] = {"inspection", "date", "RUC", "department", "outcome", "list",
                                        "rank", "workers", "minors"};
    size_t w[INS_ARRAY_LEN(cols)];
    for (size_t c = 0; c < INS_ARRAY_LEN(cols); c++) {
        w[c] = strlen(heads[c]);
        for (size_t i = 0; i < r->nrows; i++) {
            const char *v = ins_result_cell(r, i, cols[c]);
            size_t n = 0;
            for (const char *p = v; p && *p; p++) n += ((unsigned char)*p & 0xC0) != 0x80;
            if (n > w[c]) w[c] = n > 24 ? 24 : n;
        }
    }
    fprintf(f, "%s\n", r->title);
    for (size_t c = 0; c < INS_ARRAY_LEN(cols); c++) fprintf(f, "%-*s ", (int)w[c], heads[c]);
    fputc('\n', f);
    for (size_t i = 0; i < r->nrows; i++) {
        for (size_t c = 0; c < INS_ARRAY_LEN(cols); c++) {
            const char *v = ins_result_cell(r, i, cols[c]);
            v = v ? v : "";
            size_t n = 0, bytes = 0;
            for (const char *p = v; *p && n < w[c]; n++) {
                p++;
                while (*p && ((unsigned char)*p & 0xC0) == 0x80) p++;
                bytes = (size_t)(p - v);
            }
            fwrite(v, 1, bytes, f);
            for (; n < w[c]; n++) fputc(' ', f);
            fputc(' ', f);
        }
        fputc('\n', f);
    }
    fprintf(f, _("%zu inspection(s)\n"), r->nrows);
}

/* Prints the case register of a period. */
static int do_list(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 'T'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *from = NULL, *to = NULL, *format = "table", *output = NULL;
    int c;
    optind = 1;
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
    if (!ins_result_format_valid(format)) { cli_error(_("unknown format '%s' (table, csv, json, html)"), format); return CLI_USAGE; }
    char d[11];
    if ((from && !insUParseDate(from, d)) || (to && !insUParseDate(to, d))) {
        cli_error(_("--from and --to want dates written YYYY-MM-DD"));
        return CLI_USAGE;
    }
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
    FILE *f = stdout;
    if (output && !(f = fopen(output, "w"))) {
        cli_error(_("cannot write %s"), output);
        ins_result_free(r);
        return CLI_FAILURE;
    }
    int wrc = 0;
    if (!strcmp(format, "table")) write_lines(f, r);
    else wrc = ins_result_write(f, r, format);
    if (ferror(f)) wrc = -1;
    if (f != stdout && fclose(f) != 0) wrc = -1;
    ins_result_free(r);
    return wrc ? CLI_FAILURE : CLI_OK;
}

int cmd_inspections(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    const char *action = argv[1];
    if (!strcmp(action, "import")) {
        if (cli_wants_help(argc - 1, argv + 1)) { help(stdout); return CLI_OK; }
        return do_import(g, argc - 2, argv + 2);
    }
    if (!strcmp(action, "add")) return do_add(g, argc - 1, argv + 1);
    if (!strcmp(action, "list")) return do_list(g, argc - 1, argv + 1);
    cli_error(_("unknown action '%s' (import, add, list)"), action);
    help(stderr);
    return CLI_USAGE;
}
