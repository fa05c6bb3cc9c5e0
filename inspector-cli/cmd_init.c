/*
** cmd_init.c: `inspector init` creates or upgrades the database and loads
** the shipped reference data (ubigeo, HS 2022, ILAB goods, good-to-HS map).
*/
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out, _("Usage: inspector [--db PATH] init [--data DIR]\n\n"
                   "Creates the database (or brings an existing one to the current schema)\n"
                   "and loads the reference data shipped with inspector.  Safe to run again:\n"
                   "reference files already loaded are skipped.\n\n"
                   "  --data DIR    reference data directory (default: %s)\n"
                   "  -h, --help    print this help\n"),
            ins_default_datadir());
}

int cmd_init(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"data", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *datadir = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': datadir = optarg; break;
        case 'h': help(stdout); return CLI_OK;
        default: help(stderr); return CLI_USAGE;
        }
    }
    if (optind < argc) {
        cli_error(_("init takes no arguments"));
        return CLI_USAGE;
    }
    if (!datadir) datadir = ins_default_datadir();
    ins_db *db = cli_open_db(g, INS_OPEN_CREATE, 0);
    if (!db) return CLI_FAILURE;
    char *err = NULL;
    int rc = ins_load_reference(db, datadir, &err);
    if (rc != INS_OK) {
        cli_error(_("loading reference data from %s: %s"), datadir, err ? err : ins_strerror(rc));
        free(err);
        ins_db_close(db);
        return CLI_FAILURE;
    }
    printf(_("%s: schema %d; reference data: %lld ubigeo, %lld HS codes, %lld ILAB "
             "good-country rows, %lld good-to-HS mappings\n"),
           g->db_path, ins_db_schema_version(db), (long long)insDbScalarInt(db, "SELECT COUNT(*) FROM ubigeo"),
           (long long)insDbScalarInt(db, "SELECT COUNT(*) FROM hs_codes"),
           (long long)insDbScalarInt(db, "SELECT COUNT(*) FROM ilab_goods"),
           (long long)insDbScalarInt(db, "SELECT COUNT(*) FROM good_hs_map"));
    ins_db_close(db);
    return CLI_OK;
}
