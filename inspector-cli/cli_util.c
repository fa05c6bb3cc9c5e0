/*
** cli_util.c: helpers shared by the subcommands.
*/
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("inspector: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

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
    return db;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) break;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return 1;
    }
    return 0;
}

const char *cli_default_rules(void)
{
    const char *e = getenv("INSPECTOR_RULES");
    if (e && *e) return e;
    struct stat sb;
    if (stat(PKGDATADIR "/rules/trade.rules", &sb) == 0) return PKGDATADIR "/rules";
    return ABS_TOP_SRCDIR "/rules";
}
