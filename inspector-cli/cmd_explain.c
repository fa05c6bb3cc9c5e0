/*
** cmd_explain.c: `inspector explain TAX_ID|PLATE` shows why a firm or a
** vehicle scored what it scored, down to the documents.
*/
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out, _("Usage: inspector [--db PATH] explain TAX_ID|PLATE [--run ID] [--format text|json]\n"
                   "                 [--show-personal]\n\n"
                   "Breaks a score into the rules that fired (id, revision, weight, strength,\n"
                   "evidence, documents) and the supplier paths its chain part came along\n"
                   "(tier by tier, with shares and documents).\n\n"
                   "  --run ID          scoring run (default: the latest)\n"
                   "  --format F        text (default) or json\n"
                   "  --show-personal   include drivers' identities (personal data: use only\n"
                   "                    when your mandate allows)\n"
                   "  -h, --help        print this help\n"));
}

int cmd_explain(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"run", required_argument, NULL, 'r'},
        {"format", required_argument, NULL, 'f'},
        {"show-personal", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int64_t run = 0;
    int json = 0, personal = 0, c;
    char *end;
    while ((c = getopt_long(argc, argv, "r:f:ph", opts, NULL)) != -1) {
        switch (c) {
        case 'r': run = strtoll(optarg, &end, 10); if (*end || run < 1) { cli_error(_("--run wants a run id")); return CLI_USAGE; } break;
        case 'f':
            if (!strcmp(optarg, "json")) json = 1;
            else if (strcmp(optarg, "text")) { cli_error(_("--format is text or json")); return CLI_USAGE; }
            break;
        case 'p': personal = 1; break;
        case 'h': help(stdout); return CLI_OK;
        default: help(stderr); return CLI_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_error(_("explain needs one TAX_ID or PLATE"));
        help(stderr);
        return CLI_USAGE;
    }
    ins_db *db = cli_open_db(g, 0, 1);
    if (!db) return CLI_FAILURE;
    char *text = NULL, *err = NULL;
    int rc = ins_explain(db, argv[optind], run, json, personal, &text, &err);
    ins_db_close(db);
    if (rc != INS_OK) {
        cli_error("%s: %s", argv[optind], err ? err : ins_strerror(rc));
        free(err);
        return rc == INS_ERR_NOTFOUND ? CLI_PARTIAL : CLI_FAILURE;
    }
    fputs(text, stdout);
    free(text);
    return CLI_OK;
}
