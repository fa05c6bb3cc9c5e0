/*
** cmd_import.c: `inspector import PATH...` loads declarations.
**
** Rejected files are reported as "FILE: reason" on stderr as they happen;
** a per-kind summary ends the run.  On a terminal, progress (files done of
** total, MB/s) is shown on stderr; nothing of it when stderr is not one.
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct progress_state {
    int tty;
    struct timespec start, last;
    int shown;
} progress_state;

/* Seconds from A to B. */
static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Erases the progress line, if one is shown, before other output. */
static void clear_progress(progress_state *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        p->shown = 0;
    }
}

/* Prints a rejected file and its reason as "FILE: reason". */
static void on_reject(void *ud, const char *display, const char *reason)
{
    clear_progress(ud);
    cli_put_safe(stderr, display);
    fputs(": ", stderr);
    cli_put_safe(stderr, reason ? reason : _("rejected"));
    fputc('\n', stderr);
}

/* Redraws the progress line on a terminal, at most ten times a second. */
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
    fputs("\r\033[K", stderr); /* back to the line's start, and clear it */
    fprintf(stderr, _("%u of %u files, %.1f MB/s"), st->files_done, st->files_total, mbs);
    p->shown = 1;
}

/* Ends the help with the kinds --kind accepts and what each reads. */
static void list_kinds(FILE *out)
{
    const char *const *kinds = ins_importer_kinds();
    fprintf(out, _("\nKinds:\n"));
    for (size_t i = 0; kinds[i]; i++)
        fprintf(out, "  %-16s %s\n", kinds[i], ins_importer_describe(kinds[i]));
}

static const char *kind;
static int quiet;
static long long jobs;

/* --quiet comes first: in the manual, --kind's entry goes on with the
** list of kinds, written after the generated region. */
static const cli_option options[] = {
    {CLI_OPT_BOOL, 'q', "quiet", NULL, &quiet, N_("no summary"), "Do not print the summary table.\n"
                                                                 "Rejections are still printed.\n"},
    {CLI_OPT_STRING, 'k', "kind", "KIND", &kind, N_("force the format"), "Use the importer\n"
                                                                         ".I KIND\n"
                                                                         "for every file instead of telling the format from the content.\n"
                                                                         "An unknown kind is a usage error.\n"
                                                                         "The kinds are:\n"},
    {CLI_OPT_INTEGER, 'j', "jobs", "N", &jobs,
     N_("threads that read files (default: the processors online)"),
     "Threads that read and hash files ahead of the one that imports them (default: the\n"
     "processors online; 1 reads and imports on one thread).  The database is the same for\n"
     "any number: files are imported in the order of the walk.\n",
     .min = 1, .max = INS_IMPORT_AHEAD_THREADS + 1, .bad = N_("--jobs wants a number of threads")},
    {CLI_OPT_ARGS, 0, NULL, "PATH...", NULL, N_("files, directories and .zip archives"), .min = 1,
     .max = -1, .bad = N_("import needs at least one PATH"), .flags = CLI_F_HELP_ON_ERROR},
    CLI_END,
};

const cli_spec cmd_import_spec = {
    .name = "import",
    .usage = N_("inspector [--db PATH] import [--kind KIND] [--jobs N] PATH..."),
    .about = N_("Imports files, directories (recursively) and .zip archives.  The format\n"
                "of each file is told from its content; --kind forces one.  Each file\n"
                "imports in its own savepoint, whole or not at all; a rejected file is\n"
                "reported with its reason and the rest goes on.  Files already imported\n"
                "(same content) are skipped.\n"),
    .options = options,
    .epilog = N_("Exit status: 0 all imported, 1 something was rejected, 2 usage error,\n"
                 "3 database failure.\n"),
    .more_help = list_kinds,
};

/* `inspector import`: imports every PATH and prints the summary per kind. */
int cmd_import(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_import_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
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
    o.threads = (unsigned)jobs;
    o.on_reject = on_reject;
    o.on_progress = on_progress;
    o.cb_ctx = &ps;
    ins_import_stats st;
    memset(&st, 0, sizeof st);
    int rc = ins_import_paths(db, (const char *const *)p.argv, (size_t)p.argc, &o, &st);
    clear_progress(&ps);
    if (!quiet) {
        printf("%-18s %9s %10s %9s\n", _("kind"), _("imported"), _("duplicate"), _("rejected"));
        for (size_t i = 0; i < st.nkinds; i++)
            printf("%-18s %9u %10u %9u\n", st.kinds[i].kind, st.kinds[i].imported,
                   st.kinds[i].duplicate, st.kinds[i].rejected);
        printf("%-18s %9u %10u %9u\n", _("total"), st.imported, st.duplicate, st.rejected);
    }
    if (rc != INS_OK) {
        cli_error(_("import stopped: %s"), st.error[0] ? st.error : ins_db_errmsg(db));
        if (st.not_committed)
            cli_error(_("the last %u files were not imported (their transaction was undone); rerun the "
                        "import once the cause is fixed"),
                      st.not_committed);
    }
    ins_db_close(db);
    if (rc != INS_OK) return CLI_FAILURE;
    return st.rejected ? CLI_PARTIAL : CLI_OK;
}
