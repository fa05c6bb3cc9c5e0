/*
** cmd_worklist.c: `inspector worklist labor|transport` prints the
** inspection worklist of a scoring run.
*/
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out, _("Usage: inspector [--db PATH] worklist labor|transport [OPTIONS]\n\n"
                   "Ranks establishments (labor) or carriers, vehicles and routes (transport)\n"
                   "by the risk of a scoring run.  Every row is a lead for inspection, not a\n"
                   "finding: it carries its reasons, hypothesis, evidence and rule versions.\n"
                   "Worker and driver identities never appear.\n\n"
                   "  --top N                        rows (default 25)\n"
                   "  --region UBIGEO                department (2 digits), province (4), district (6)\n"
                   "  --sector TEXT                  declared sector, or HS prefix of products sold\n"
                   "  --exclude-inspected-within D   leave out firms inspected in the last D days\n"
                   "  --control-share F              share of rows drawn at random (control slice)\n"
                   "  --seed S                       seed of the control draw (default 1)\n"
                   "  --run ID                       scoring run (default: the latest)\n"
                   "  --format table|csv|json|html   output format (default table)\n"
                   "  -o, --output FILE              write to FILE instead of standard output\n"
                   "  --per-firm N                   labor: at most N sites of one firm (default 1)\n"
                   "  --no-record                    do not record the list as issued\n"
                   "  -h, --help                     print this help\n"));
}

int cmd_worklist(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"top", required_argument, NULL, 'n'},
        {"region", required_argument, NULL, 'r'},
        {"sector", required_argument, NULL, 's'},
        {"exclude-inspected-within", required_argument, NULL, 'x'},
        {"control-share", required_argument, NULL, 'c'},
        {"seed", required_argument, NULL, 'S'},
        {"run", required_argument, NULL, 'R'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"no-record", no_argument, NULL, 'N'},
        {"per-firm", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    ins_worklist_opts o;
    memset(&o, 0, sizeof o);
    o.top = 25;
    o.seed = 1;
    o.store = 1;
    const char *format = "table", *output = NULL;
    const char *kind = NULL;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-') {
            kind = argv[i];
            for (int k = i; k + 1 < argc; k++) argv[k] = argv[k + 1];
            argc--;
            break;
        }
        if (!strcmp(argv[i], "--")) break;
        /* skip the value of options that take one */
        if (!strchr(argv[i], '=') && strcmp(argv[i], "--no-record") && strcmp(argv[i], "-h") &&
            strcmp(argv[i], "--help"))
            i++;
    }
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "n:r:s:x:c:S:R:f:o:NP:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            o.top = (int)strtol(optarg, &end, 10);
            if (*end || o.top < 1 || o.top > 100000) { cli_error(_("--top wants a number from 1")); return CLI_USAGE; }
            break;
        case 'r':
            if (strspn(optarg, "0123456789") != strlen(optarg) ||
                (strlen(optarg) != 2 && strlen(optarg) != 4 && strlen(optarg) != 6)) {
                cli_error(_("--region wants a ubigeo prefix of 2, 4 or 6 digits"));
                return CLI_USAGE;
            }
            o.region = optarg;
            break;
        case 's': o.sector = optarg; break;
        case 'x':
            o.exclude_days = (int)strtol(optarg, &end, 10);
            if (*end || o.exclude_days < 0) { cli_error(_("--exclude-inspected-within wants days")); return CLI_USAGE; }
            break;
        case 'c':
            o.control_share = strtod(optarg, &end);
            if (*end || o.control_share < 0 || o.control_share > 1) {
                cli_error(_("--control-share wants a share between 0 and 1"));
                return CLI_USAGE;
            }
            break;
        case 'S': o.seed = strtoull(optarg, &end, 10); if (*end) { cli_error(_("--seed wants a number")); return CLI_USAGE; } break;
        case 'R': o.run_id = strtoll(optarg, &end, 10); if (*end || o.run_id < 1) { cli_error(_("--run wants a run id")); return CLI_USAGE; } break;
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 'N': o.store = 0; break;
        case 'P':
            o.per_firm = (int)strtol(optarg, &end, 10);
            if (*end || o.per_firm < 1) { cli_error(_("--per-firm wants a number from 1")); return CLI_USAGE; }
            break;
        case 'h': help(stdout); return CLI_OK;
        default: help(stderr); return CLI_USAGE;
        }
    }
    if (!kind || (strcmp(kind, "labor") && strcmp(kind, "labour") && strcmp(kind, "transport"))) {
        cli_error(_("worklist needs a kind: labor or transport"));
        help(stderr);
        return CLI_USAGE;
    }
    if (optind < argc) { cli_error(_("unexpected argument '%s'"), argv[optind]); return CLI_USAGE; }
    if (!ins_result_format_valid(format)) { cli_error(_("unknown format '%s' (table, csv, json, html)"), format); return CLI_USAGE; }
    o.kind = kind;
    ins_db *db = cli_open_db(g, 0, 1);
    if (!db) return CLI_FAILURE;
    ins_result *r = NULL;
    char *err = NULL;
    int64_t wid = 0;
    int rc = ins_worklist(db, &o, &r, &wid, &err);
    ins_db_close(db);
    if (rc != INS_OK) {
        cli_error("%s", err ? err : ins_strerror(rc));
        free(err);
        return rc == INS_ERR_NOTFOUND ? CLI_PARTIAL : CLI_FAILURE;
    }
    FILE *f = stdout;
    if (output && !(f = fopen(output, "w"))) {
        cli_error(_("cannot write %s"), output);
        ins_result_free(r);
        return CLI_FAILURE;
    }
    int wrc = ins_result_write(f, r, format);
    if (f != stdout) fclose(f);
    if (wid) fprintf(stderr, _("worklist %lld recorded (inspections cite it with its row ranks)\n"), (long long)wid);
    ins_result_free(r);
    return wrc ? CLI_FAILURE : CLI_OK;
}
