/*
** cli_util.c: helpers shared by the subcommands.
*/
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/* The formats every result writer knows (ins_result_write). */
const char *const cli_result_formats[] = {"table", "csv", "json", "html", NULL};
/* The formats of results that can go on a map (worklists, queries). */
const char *const cli_map_formats[] = {"table", "csv", "json", "html", "geojson", NULL};

/* Prints "inspector: " and the message to standard error. */
void cli_error(const char *fmt, ...)
{
    va_list ap;
    char small[1024];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    char *msg = small;
    if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)) != NULL) {
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    fputs("inspector: ", stderr);
    cli_put_safe(stderr, msg ? msg : small);
    fputc('\n', stderr);
    if (msg != small) free(msg);
}

/*
** Writes S to F with every control character (C0 with the line break,
** DEL, C1) shown as '?': a file name or a value from outside (an archive
** member named with a newline, a firm name with an escape sequence) can
** then neither forge a line of a log nor drive the reader's terminal.
*/
void cli_put_safe(FILE *f, const char *s) { cli_put_text(f, s, 0); }

/* The same, keeping line breaks when LINES (a text the program laid out
** in lines, such as explain's). */
void cli_put_text(FILE *f, const char *s, int lines)
{
    if (s) ins_put_for_terminal(f, s, strlen(s), lines);
}

/* Opens the database of --db, saying how to create it when it must exist
** and does not, or why it cannot be opened; warns when users other than
** its owner and group can read it (it holds personal data). */
ins_db *cli_open_db(cli_global *g, int flags, int must_exist)
{
    struct stat sb;
    if (must_exist && stat(g->db_path, &sb) != 0) {
        cli_error(_("database %s does not exist; create it with 'inspector init'"), g->db_path);
        return NULL;
    }
    ins_db *db = NULL;
    char *err = NULL;
    int rc = ins_db_open(g->db_path, flags, &db, &err);
    if (rc != INS_OK) {
        cli_error("%s", err ? err : ins_strerror(rc));
        free(err);
        return NULL;
    }
    if (ins_db_exposed(db))
        cli_error(_("warning: %s can be read by every user of this computer and holds personal data; "
                    "run 'chmod o-rwx %s' (and the same for its -wal and -shm files)"),
                  g->db_path, g->db_path);
    return db;
}

/* Joins words with single spaces into one malloc'd string. */
char *cli_join(const char *const *v, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++) len += strlen(v[i]) + 1;
    char *s = malloc(len), *p = s;
    if (!s) return NULL;
    *p = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(v[i]);
        if (i) *p++ = ' ';
        memcpy(p, v[i], k);
        p += k;
        *p = '\0';
    }
    return s;
}

/* The rules shipped with inspector: $INSPECTOR_RULES, the installed copy,
** or the source tree's when running uninstalled. */
const char *cli_default_rules(void)
{
    const char *e = getenv("INSPECTOR_RULES");
    if (e && *e) return e;
    struct stat sb;
    if (stat(PKGDATADIR "/rules/trade.rules", &sb) == 0) return PKGDATADIR "/rules";
    return ABS_TOP_SRCDIR "/rules";
}

/* ---- the output file ----------------------------------------------------------- */

/* Opens PATH for writing, or hands out standard output when PATH is NULL. */
FILE *cli_output_open(const char *path)
{
    if (!path) return stdout;
    FILE *f = fopen(path, "w");
    if (!f) cli_error(_("cannot write %s"), path);
    return f;
}

/* Closes F, and says so when a byte of it could not be written. */
int cli_output_close(FILE *f, const char *path)
{
    int bad = ferror(f) != 0;
    if (f == stdout) bad |= fflush(f) != 0;
    else bad |= fclose(f) != 0;
    if (bad) {
        cli_error(_("cannot write %s"), path ? path : _("standard output"));
        return -1;
    }
    return 0;
}

/* The table width --width asked for (0: not given). */
static size_t table_width;

/*
** Reads TEXT as the global --width: a whole number from 20 to
** INS_MAX_TABLE_WIDTH.  0 when it is not one.
*/
int cli_set_table_width(const char *text)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < 20 || v > INS_MAX_TABLE_WIDTH) return 0;
    table_width = (size_t)v;
    return 1;
}

/*
** The width tables are laid out within when written to PATH (NULL:
** standard output): --width, else $COLUMNS, else the terminal's when
** standard output is one, else 0 (unlimited: a file or a pipe gets whole
** cells).
*/
static size_t output_width(const char *path)
{
    if (table_width) return table_width;
    const char *cols = getenv("COLUMNS");
    if (cols && *cols) {
        char *end;
        long v = strtol(cols, &end, 10);
        if (!*end && v >= 20 && v <= INS_MAX_TABLE_WIDTH) return (size_t)v;
    }
    struct winsize ws;
    if (!path && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 0;
}

/*
** Writes R in FORMAT to PATH (NULL: standard output), the one way a command
** hands a result to its reader; tables within output_width.  A write
** error is reported once, by cli_output_close; returns 0, or -1.
*/
int cli_output_result(const ins_result *r, const char *format, const char *path)
{
    FILE *f = cli_output_open(path);
    if (!f) return -1;
    int wrc = ins_result_write_width(f, r, format, output_width(path));
    if (cli_output_close(f, path)) return -1;
    return wrc;
}
