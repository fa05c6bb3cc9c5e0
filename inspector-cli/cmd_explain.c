/*
** cmd_explain.c: `inspector explain TAX_ID|PLATE` shows why a firm or a
** vehicle scored what it scored, down to the documents.
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *const formats[] = {"text", "json", NULL};
static const char *format = "text";
static long long run;
static int identities;
static const char *reason;

static const cli_option options[] = {
    CLI_OPTION_RUN(&run, N_("scoring run (default: the latest)"), "The scoring run (default: the latest).\n"),
    {CLI_OPT_CHOICE, 0, "format", "text|json", &format, N_("output format (default text)"),
     "Output format (default\n"
     ".BR text ).\n", .choices = formats, .bad = N_("--format is text or json")},
    {CLI_OPT_BOOL, 0, "show-identities", NULL, &identities,
     N_("include drivers' identities (personal data: needs\n--reason; each read is audited)"),
     "Include the drivers of each leg of a vehicle (document and name).\n"
     "This is personal data: use it only when your mandate allows.\n"
     "It needs\n"
     ".BR \\-\\-reason ,\n"
     "and the read is recorded first (who, when, what, why:\n"
     ".BR \"inspector audit\" );\n"
     "a read that cannot be recorded is not shown.\n"},
    {CLI_OPT_STRING, 0, "reason", "TEXT", &reason, N_("why identities are read (with --show-identities)"),
     "Why the identities are read (a case, a road check), kept in the audit with the read.\n"},
    {CLI_OPT_ARGS, 0, NULL, "TAX_ID|PLATE", NULL, N_("the firm's tax id or key, or the vehicle's plate"),
     .min = 1, .max = 1, .bad = N_("explain needs one TAX_ID or PLATE"), .flags = CLI_F_HELP_ON_ERROR},
    CLI_END,
};

const cli_spec cmd_explain_spec = {
    .name = "explain",
    .usage = N_("inspector [--db PATH] explain TAX_ID|PLATE [--run ID] [--format text|json]\n"
                "                 [--show-identities --reason TEXT]"),
    .about = N_("Breaks a score into the rules that fired (id, revision, weight, strength,\n"
                "evidence, documents) and the supplier paths its chain part came along\n"
                "(tier by tier, with shares and documents).\n"),
    .options = options,
};

/* `inspector explain SUBJECT`: prints the explanation of one score. */
int cmd_explain(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_explain_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    const char *subject = p.argv[0];
    if (identities && !reason) {
        cli_error(_("--show-identities needs --reason: say why the identities are read (it is audited)"));
        return CLI_USAGE;
    }
    if (reason && !identities) {
        cli_error(_("--reason goes with --show-identities"));
        return CLI_USAGE;
    }
    if (reason && !ins_audit_reason_ok(reason)) {
        cli_error(_("--reason must be plain text, not blank, at most %d bytes"), INS_MAX_AUDIT_REASON_BYTES);
        return CLI_USAGE;
    }
    /* only a read of identities writes (to the audit) */
    ins_db *db = cli_open_db(g, identities ? 0 : INS_OPEN_READONLY, 1);
    if (!db) return CLI_FAILURE;
    char *text = NULL, *err = NULL;
    int rc = ins_explain(db, subject, run, !strcmp(format, "json"), identities ? reason : NULL, &text, &err);
    ins_db_close(db);
    if (rc != INS_OK) {
        cli_error("%s: %s", subject, err ? err : ins_strerror(rc));
        free(err);
        return rc == INS_ERR_NOTFOUND ? CLI_PARTIAL : CLI_FAILURE;
    }
    /* JSON is escaped already; text carries names from outside: no
       control character of theirs reaches the terminal */
    if (!strcmp(format, "json")) fputs(text, stdout);
    else cli_put_text(stdout, text, 1);
    free(text);
    return cli_output_close(stdout, NULL) ? CLI_FAILURE : CLI_OK;
}
