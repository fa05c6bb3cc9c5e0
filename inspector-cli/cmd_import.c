/*
** cmd_import.c: `inspector import PATH...` loads declarations.
**
** Rejected files are reported as "FILE: reason" on stderr as they happen;
** a per-kind summary ends the run.  On a terminal, progress (files done of
** total, MB/s) is shown on stderr; nothing of it when stderr is not one.
*/
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct progress_state {
    int tty;
    struct timespec start, last;
    int shown;
} progress_state;

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void clear_progress(progress_state *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        p->shown = 0;
    }
}

static void on_reject(void *ud, const char *display, const char *reason)
{
    clear_progress(ud);
    fprintf(stderr, "%s: %s\n", display, reason ? reason : _("rejected"));
}

static void on_progress(void *ud, const ins_import_stats *st)
{
    progress_state *p = ud;
    if (!p->tty) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (since(&p->last, &now) < 0.1 && st->files_done < st->files_total) return;
    p->last = now;
    double secs = since(&p->start, &now);
    double mbs = secs > 0 ? (double)st->bytes_done / 1e6 / secs : 0;
    fprintf(stderr, _("\r\033[K%u of %u files, %.1f MB/s"), st->files_done, st->files_total, mbs);
    p->shown = 1;
}

static void help(FILE *out)
{
    const char *const *kinds = ins_importer_kinds();
    fprintf(out, _("Usage: inspector [--db PATH] import [--kind KIND] PATH...\n\n"
                   "Imports files, directories (recursively) and .zip archives.  The format\n"
                   "of each file is told from its content; --kind forces one.  Each file\n"
                   "imports in its own transaction; a rejected file is reported with its\n"
                   "reason and the rest goes on.  Files already imported (same content) are\n"
                   "skipped.  Exit status: 0 all imported, 1 something was rejected,\n"
                   "2 usage error, 3 database failure.\n\n"
                   "  -k, --kind KIND   force the format\n"
                   "  -q, --quiet       no summary\n"
                   "  -h, --help        print this help\n\n"
                   "Kinds:\n"));
    for (size_t i = 0; kinds[i]; i++)
        fprintf(out, "  %-16s %s\n", kinds[i], ins_importer_describe(kinds[i]));
}

int cmd_import(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"kind", required_argument, NULL, 'k'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *kind = NULL;
    int quiet = 0, c;
    while ((c = getopt_long(argc, argv, "k:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'k': kind = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': help(stdout); return CLI_OK;
        default: help(stderr); return CLI_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error(_("import needs at least one PATH"));
        help(stderr);
        return CLI_USAGE;
    }
    if (kind && !ins_importer_describe(kind)) {
        cli_error(_("unknown kind '%s' (see 'inspector import --help')"), kind);
        return CLI_USAGE;
    }
    ins_db *db = cli_open_db(g, 0, 1);
    if (!db) return CLI_FAILURE;

    progress_state ps;
    memset(&ps, 0, sizeof ps);
    ps.tty = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &ps.start);
    ps.last = ps.start;
    ins_import_opts o;
    memset(&o, 0, sizeof o);
    o.force_kind = kind;
    o.on_reject = on_reject;
    o.on_progress = on_progress;
    o.cb_ctx = &ps;
    ins_import_stats st;
    int rc = ins_import_paths(db, (const char *const *)argv + optind, (size_t)(argc - optind), &o, &st);
    clear_progress(&ps);
    if (!quiet) {
        printf("%-18s %9s %10s %9s\n", _("kind"), _("imported"), _("duplicate"), _("rejected"));
        for (size_t i = 0; i < st.nkinds; i++)
            printf("%-18s %9u %10u %9u\n", st.kinds[i].kind, st.kinds[i].imported,
                   st.kinds[i].duplicate, st.kinds[i].rejected);
        printf("%-18s %9u %10u %9u\n", _("total"), st.imported, st.duplicate, st.rejected);
    }
    if (rc != INS_OK) cli_error(_("import stopped: %s: %s"), ins_strerror(rc), insDbErr(db));
    ins_db_close(db);
    if (rc != INS_OK) return CLI_FAILURE;
    return st.rejected ? CLI_PARTIAL : CLI_OK;
}
