/*
** cli.h: the inspector command.  main.c parses global options and
** dispatches to one cmd_*.c file per subcommand; each subcommand describes
** its options in one table (options.h) and only calls libinspector.
**
** May include: inspector.h (the library's public interface), this
** directory's headers, config.h (the build's settings) and system headers.
*/
#ifndef INS_CLI_H
#define INS_CLI_H

#include "config.h"
#include "inspector.h"
#include "options.h"

#include <limits.h>
#include <stdio.h>

/* ---- translation ------------------------------------------------------- */
#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext(PACKAGE, s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

#define CLI_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses of every subcommand. */
enum {
    CLI_OK = 0,        /* done */
    CLI_PARTIAL = 1,   /* done, but something was rejected or a check failed */
    CLI_USAGE = 2,     /* bad command line */
    CLI_FAILURE = 3    /* could not do the job (database, I/O) */
};

typedef struct cli_global {
    const char *db_path; /* --db, $INSPECTOR_DB, or ./inspector.db */
    const char *prog;
} cli_global;

typedef struct cli_command {
    const char *name;
    const char *summary; /* translated at print time */
    int (*run)(cli_global *g, int argc, char **argv);
    const cli_spec *spec; /* its options, help and manual entries */
} cli_command;

int cmd_init(cli_global *g, int argc, char **argv);
int cmd_import(cli_global *g, int argc, char **argv);
int cmd_rules(cli_global *g, int argc, char **argv);
int cmd_score(cli_global *g, int argc, char **argv);
int cmd_worklist(cli_global *g, int argc, char **argv);
int cmd_explain(cli_global *g, int argc, char **argv);
int cmd_screen(cli_global *g, int argc, char **argv);
int cmd_query(cli_global *g, int argc, char **argv);
int cmd_inspections(cli_global *g, int argc, char **argv);
int cmd_evaluate(cli_global *g, int argc, char **argv);
int cmd_profile(cli_global *g, int argc, char **argv);
int cmd_calibrate(cli_global *g, int argc, char **argv);
int cmd_report(cli_global *g, int argc, char **argv);
int cmd_audit(cli_global *g, int argc, char **argv);
int cmd_exchange(cli_global *g, int argc, char **argv);

extern const cli_spec cmd_init_spec, cmd_import_spec, cmd_rules_spec, cmd_score_spec,
    cmd_worklist_spec, cmd_explain_spec, cmd_screen_spec, cmd_query_spec, cmd_inspections_spec,
    cmd_evaluate_spec, cmd_calibrate_spec, cmd_profile_spec, cmd_report_spec, cmd_audit_spec, cmd_exchange_spec;

/* ---- entries shared by several tables ---------------------------------- */

/* The formats of ins_result_write, for --format. */
extern const char *const cli_result_formats[];
extern const char *const cli_map_formats[];

/* --format F among LIST (ARGNAME shows them: "table|csv"). */
#define CLI_OPTION_FORMAT(v, list, argname, help, man) \
    {CLI_OPT_CHOICE, 0, "format", argname, v, help, man, .choices = list}
/* -o, --output FILE */
#define CLI_OPTION_OUTPUT(v) \
    {CLI_OPT_STRING, 'o', "output", "FILE", v, N_("write to FILE instead of standard output"), \
     "Write to\n.I FILE\ninstead of standard output.\n"}
/* --run ID: a scoring run. */
#define CLI_OPTION_RUN(v, help, man) \
    {CLI_OPT_INTEGER, 0, "run", "ID", v, help, man, .min = 1, .max = LLONG_MAX, \
     .bad = N_("--run wants a run id")}
/* --as-of DATE (SHORT: its short name, or 0). */
#define CLI_OPTION_AS_OF(short, v, help, man) {CLI_OPT_DATE, short, "as-of", "DATE", v, help, man}
/* --from DATE and --to DATE: a period, described together in the manual. */
#define CLI_OPTION_FROM_TO(from, to, help, man) \
    {CLI_OPT_DATE, 0, "from", "DATE", from, help, NULL, \
     .bad = N_("--from and --to want dates written YYYY-MM-DD"), .flags = CLI_F_MAN_WITH_NEXT}, \
    {CLI_OPT_DATE, 0, "to", "DATE", to, help, man, \
     .bad = N_("--from and --to want dates written YYYY-MM-DD")}

/* ---- cli_util.c ---------------------------------------------------------- */

/* The shipped rules directory ($INSPECTOR_RULES, installed, or source tree). */
const char *cli_default_rules(void);

/* Prints "inspector: MESSAGE" to stderr. */
/* Writes S with control characters shown as '?' (see cli_util.c). */
void cli_put_safe(FILE *f, const char *s);
/* The same, keeping line breaks when LINES. */
void cli_put_text(FILE *f, const char *s, int lines);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Opens the database for a subcommand; prints the error and returns NULL
** on failure.  MUST_EXIST: refuse to create a missing file. */
ins_db *cli_open_db(cli_global *g, int flags, int must_exist);
/* Sets the global --width from TEXT; 0 when it is not a width (20 to INS_MAX_TABLE_WIDTH). */
int cli_set_table_width(const char *text);
/* The N words of V joined by spaces (malloc'd), or NULL out of memory. */
char *cli_join(const char *const *v, size_t n);
/* Opens PATH for writing (NULL: standard output); prints why and returns
** NULL when it cannot. */
FILE *cli_output_open(const char *path);

/* Closes what cli_output_open opened, checking that every byte was written
** (standard output is flushed); returns 0, or -1 after printing
** "cannot write PATH". */
int cli_output_close(FILE *f, const char *path);
/* Writes R in FORMAT to PATH (NULL: standard output) through
** cli_output_open and cli_output_close; returns 0, or -1 after saying why. */
int cli_output_result(const ins_result *r, const char *format, const char *path);

#endif
