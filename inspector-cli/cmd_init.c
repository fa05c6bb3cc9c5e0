/*
** cmd_init.c: `inspector init` creates or upgrades the database and loads
** the shipped reference data (ubigeo, HS 2022, ILAB goods, good-to-HS map).
*/
#include "cli.h"

#include <stdlib.h>

static const char *datadir;
static int shared_group;

static const cli_option options[] = {
    {CLI_OPT_STRING, 'd', "data", "DIR", &datadir, N_("reference data directory"),
     "Read the reference files from\n"
     ".IR DIR .\n"
     "Default: see\n"
     ".B INSPECTOR_DATADIR\n"
     "under\n"
     ".BR ENVIRONMENT .\n", .dflt = ins_default_datadir},
    {CLI_OPT_BOOL, 0, "shared-group", NULL, &shared_group,
     N_("share the database with the file's group (mode 0660, not 0600)"),
     "Make the database readable and writable by the group of its file as well\n"
     "(mode 0660) instead of by its owner alone (0600), for an office where\n"
     "several analysts use one database under their own accounts.  Applies to a\n"
     "new database and to an existing one (with its\n"
     ".B \\-wal\n"
     "and\n"
     ".B \\-shm\n"
     "files).  Keep it in a directory of that group with the set-group-ID bit\n"
     "(mode 2770) so that the files each analyst creates stay in the group.\n"},
    {CLI_OPT_ARGS, .max = 0, .bad = N_("init takes no arguments")},
    CLI_END,
};

const cli_spec cmd_init_spec = {
    .name = "init",
    .usage = N_("inspector [--db PATH] init [--data DIR] [--shared-group]"),
    .about = N_("Creates the database (or brings an existing one to the current schema)\n"
                "and loads the reference data shipped with inspector.  Safe to run again:\n"
                "reference files already loaded are skipped.  The database holds personal\n"
                "data: a new one is readable by its owner only (mode 0600).\n"),
    .options = options,
};

/* `inspector init`: opens (creating) the database, loads the reference
** data and prints what the reference tables hold. */
int cmd_init(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_init_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    if (!datadir) datadir = ins_default_datadir();
    ins_db *db = cli_open_db(g, INS_OPEN_CREATE | (shared_group ? INS_OPEN_SHARED : 0), 0);
    if (!db) return CLI_FAILURE;
    char *err = NULL;
    int rc = ins_load_reference(db, datadir, &err);
    if (rc != INS_OK) {
        cli_error(_("loading reference data from %s: %s"), datadir, err ? err : ins_strerror(rc));
        free(err);
        ins_db_close(db);
        return CLI_FAILURE;
    }
    ins_db_counts n;
    ins_db_count(db, &n);
    printf(_("%s: schema %d; reference data: %lld ubigeo, %lld HS codes, %lld ILAB "
             "good-country rows, %lld good-to-HS mappings\n"),
           g->db_path, ins_db_schema_version(db), (long long)n.ubigeo, (long long)n.hs_codes,
           (long long)n.ilab_goods, (long long)n.good_hs_map);
    ins_db_close(db);
    return CLI_OK;
}
