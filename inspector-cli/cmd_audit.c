/*
** cmd_audit.c: `inspector audit` lists the reads of identities in clear
** (explain --show-identities): who, when, which command and subject,
** what was shown and why (src/audit.c).
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *since, *format = "table", *output;

static const cli_option options[] = {
    {CLI_OPT_DATE, 0, "since", "DATE", &since, N_("reads from this date on (default: all)"),
     "Only the reads from this date on (default: all).\n"},
    CLI_OPTION_FORMAT(&format, cli_result_formats, "table|csv|json|html",
                      N_("output format (default table)"), "Output format (default\n"
                                                           ".BR table ).\n"),
    CLI_OPTION_OUTPUT(&output),
    CLI_END,
};

const cli_spec cmd_audit_spec = {
    .name = "audit",
    .usage = N_("inspector [--db PATH] audit [--since DATE] [--format table|csv|json|html] [-o FILE]"),
    .about = N_("Lists every read of identities in clear (explain --show-identities), oldest\n"
                "first: when, the operating-system login and uid, the command and its\n"
                "subject, what was shown and the reason given.\n"),
    .options = options,
};

/* `inspector audit`: prints the record of identity reads. */
int cmd_audit(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_audit_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    ins_db *db = cli_open_db(g, INS_OPEN_READONLY, 1);
    if (!db) return CLI_FAILURE;
    ins_result *r = NULL;
    int rc = ins_audit_list(db, since, &r);
    if (rc != INS_OK) {
        cli_error("%s", ins_db_errmsg(db));
        ins_db_close(db);
        return CLI_FAILURE;
    }
    ins_db_close(db);
    int wrc = cli_output_result(r, format, output);
    ins_result_free(r);
    return wrc ? CLI_FAILURE : CLI_OK;
}
