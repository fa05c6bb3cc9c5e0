/*
** options.h: the declarative option tables of the inspector command.
**
** Each command describes its options, sub-actions and positional arguments
** once, in an array of cli_option ending with CLI_END, inside a cli_spec.
** From that one table come the parsing (options.c: cli_parse), the text of
** `--help` (cli_help) and the option lists of the manual page (cli_man,
** spliced into docs/inspector.1 by `make update-man`).  A value is checked
** by its type as it is parsed, so a command only sees valid values.
**
** May include: system headers only.
*/
#ifndef INS_CLI_OPTIONS_H
#define INS_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

/* What an entry is, and what its VALUE points to. */
typedef enum cli_opt_type {
    CLI_OPT_END = 0,    /* ends a table */
    CLI_OPT_BOOL,       /* a flag without value: int *, set to 1 */
    CLI_OPT_STRING,     /* any text: const char ** */
    CLI_OPT_STRINGS,    /* repeatable text: cli_strings * */
    CLI_OPT_INTEGER,    /* a whole number in [min, max]: long long * */
    CLI_OPT_FRACTION,   /* a number in [fmin, fmax]: double * */
    CLI_OPT_DATE,       /* a date written YYYY-MM-DD: const char ** */
    CLI_OPT_CHOICE,     /* one of CHOICES: const char ** */
    CLI_OPT_SUBCOMMAND, /* the first word names the action: const char ** (its name) */
    CLI_OPT_ARGS        /* the positional arguments: their name and count */
} cli_opt_type;

/* Flags of an entry. */
enum {
    CLI_F_OPEN_MIN = 0x1,      /* FRACTION: FMIN itself is refused */
    CLI_F_MAN_WITH_NEXT = 0x2, /* manual: described together with the next entry */
    CLI_F_NO_MAN = 0x4,        /* manual: the prose describes it, no list entry */
    CLI_F_HELP_ON_ERROR = 0x8  /* ARGS: print the help after a wrong count */
};

/* The most values one repeatable option takes. */
#define CLI_MAX_REPEAT 32

/* The values of a repeatable option, in command-line order. */
typedef struct cli_strings {
    const char *v[CLI_MAX_REPEAT];
    size_t n;
} cli_strings;

typedef struct cli_option {
    cli_opt_type type;
    char short_name;          /* 0: none */
    const char *long_name;    /* without "--"; SUBCOMMAND: the word */
    const char *argname;      /* the value's placeholder ("N", "DATE"); CHOICE: "a|b";
                                 ARGS: "PATH..." (NULL: not documented) */
    void *value;              /* where the value goes (see cli_opt_type) */
    const char *help;         /* N_(): the line of --help */
    const char *man;          /* troff for the manual (not translated); NULL: HELP */
    long long min, max;       /* INTEGER bounds; ARGS: how many (max < 0: any) */
    double fmin, fmax;        /* FRACTION bounds */
    const char *bad;          /* N_(): message for a bad value or count; one %s
                                 stands for the value.  NULL: by type */
    const char *const *choices;      /* CHOICE: the words, NULL-terminated */
    const struct cli_option *sub;    /* SUBCOMMAND: its own table, NULL: this one */
    const char *alias;               /* SUBCOMMAND: another spelling */
    const char *(*dflt)(void);       /* --help adds "(default: X)" */
    int flags;                       /* CLI_F_* */
} cli_option;

#define CLI_END {CLI_OPT_END, 0, NULL, NULL, NULL, NULL, NULL}

/* One command: its usage, description and table. */
typedef struct cli_spec {
    const char *name;          /* "worklist" */
    const char *usage;         /* N_(): usage lines, printed after "Usage: " */
    const char *about;         /* N_(): what the command does; one %s is ABOUT_ARG() */
    const char *(*about_arg)(void);
    const cli_option *options; /* ends with CLI_END */
    const char *epilog;        /* N_(): printed after the options */
    void (*more_help)(FILE *out); /* prints more after the epilog (import's kinds) */
    const char *sub_missing;   /* N_(): no sub-action given (NULL: only the help) */
    const char *sub_unknown;   /* N_(): an unknown sub-action; one %s is the word */
    int sub_unknown_help;      /* print the help after SUB_UNKNOWN */
} cli_spec;

/* What cli_parse leaves for the command. */
typedef struct cli_parsed {
    int argc;                 /* positional arguments (the sub-action word taken out) */
    char **argv;              /* they are moved to the front of the caller's argv */
    const cli_option *sub;    /* the sub-action chosen, or NULL */
} cli_parsed;

/* cli_parse's answer when the command should go on. */
#define CLI_CONTINUE (-1)

/*
** Parses ARGV[1..ARGC-1] against SPEC: options (long, unique prefixes of
** long ones, short ones bundled or not, "--name=value", "--" ending them)
** anywhere among the positional arguments.  Returns CLI_CONTINUE with *OUT
** filled, CLI_OK after printing the help, or CLI_USAGE after printing an
** error.  Reorders ARGV.
*/
int cli_parse(const cli_spec *spec, int argc, char **argv, cli_parsed *out);

/* Prints the --help text of SPEC to OUT. */
void cli_help(const cli_spec *spec, FILE *out);

/* Prints SPEC's option list in troff, as the manual page has it. */
void cli_man(const cli_spec *spec, FILE *out);

/*
** Copies the manual page IN to OUT with each region between the lines
** `.\" BEGIN OPTIONS NAME` and `.\" END OPTIONS NAME` replaced by cli_man of
** the spec named NAME.  Returns 0, or -1 (with a message) for an unknown
** NAME, an unclosed region or a read error.
*/
int cli_man_splice(FILE *in, FILE *out, const cli_spec *const *specs, size_t nspecs);

#endif
