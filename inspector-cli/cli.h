/*
** cli.h: the inspector command.  main.c parses global options and
** dispatches to one cmd_*.c file per subcommand; every subcommand only
** calls libinspector.
*/
#ifndef INS_CLI_H
#define INS_CLI_H

#include "ins_internal.h"

#include <stdio.h>

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
int cmd_report(cli_global *g, int argc, char **argv);

/* The shipped rules directory ($INSPECTOR_RULES, installed, or source tree). */
const char *cli_default_rules(void);

/* Prints "inspector: MESSAGE" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Opens the database for a subcommand; prints the error and returns NULL
** on failure.  MUST_EXIST: refuse to create a missing file. */
ins_db *cli_open_db(cli_global *g, int flags, int must_exist);
/* 1 when argv holds -h or --help before any "--". */
int cli_wants_help(int argc, char **argv);

#endif
