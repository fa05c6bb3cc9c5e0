/*
** cmd_exchange.c: `inspector exchange keygen|export|import`, the
** binational exchange of alerts and listed entries (src/exchange.c,
** docs/EXCHANGE.md).
*/
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *action, *out_prefix, *partner, *from, *to, *key_file, *sign_key, *verify_key, *output;
static const char *state = "PE";

static const cli_option keygen_options[] = {
    {CLI_OPT_STRING, 0, "out", "PREFIX", &out_prefix, N_("write PREFIX.sign (secret, 0600) and PREFIX.pub"),
     "Write\n.IR PREFIX .sign\n(this state's secret signing key, created 0600) and\n.IR PREFIX .pub\n"
     "(its public key, for the partner).  Neither may exist.\n"},
    CLI_END,
};

static const cli_option export_options[] = {
    {CLI_OPT_STRING, 0, "partner", "CC", &partner, N_("the partner state (ISO alpha-2)"),
     "The partner state the file is for (ISO 3166 alpha\\-2).\n"},
    {CLI_OPT_DATE, 0, "from", "DATE", &from, N_("first day of the period"), "First day of the period.\n"},
    {CLI_OPT_DATE, 0, "to", "DATE", &to, N_("last day of the period"), "Last day of the period.\n"},
    {CLI_OPT_STRING, 0, "key-file", "K", &key_file, N_("the key shared with the partner (pseudonyms)"),
     "The pseudonymisation key the two states share: a file of at least 32 random bytes.\n"},
    {CLI_OPT_STRING, 0, "sign-key", "S", &sign_key, N_("this state's signing key (PREFIX.sign)"),
     "This state's secret signing key\n.RI ( PREFIX .sign).\n"},
    {CLI_OPT_STRING, 0, "state", "CC", &state, N_("this state (default PE)"), "This state (default PE).\n"},
    CLI_OPTION_OUTPUT(&output),
    CLI_END,
};

static const cli_option import_options[] = {
    {CLI_OPT_STRING, 0, "verify-key", "P", &verify_key, N_("the issuing state's public key (PREFIX.pub)"),
     "The issuing state's public key\n.RI ( PREFIX .pub).\n"},
    {CLI_OPT_STRING, 0, "key-file", "K", &key_file, N_("the key shared with the partner (for screening)"),
     "The pseudonymisation key the two states share (kept for screening).\n"},
    {CLI_OPT_STRING, 0, "state", "CC", &state, N_("this state (default PE)"), "This state (default PE).\n"},
    {CLI_OPT_ARGS, 0, NULL, "FILE", NULL, NULL, .min = 1, .max = 1,
     .bad = N_("exchange import needs one FILE")},
    CLI_END,
};

static const cli_option options[] = {
    {CLI_OPT_SUBCOMMAND, 0, "keygen", NULL, &action, N_("make this state's signing key pair"),
     "Makes this state's signing key pair:\n", .sub = keygen_options},
    {CLI_OPT_SUBCOMMAND, 0, "export", NULL, &action, N_("write the signed exchange file for a partner state"),
     "Writes the signed exchange file for a partner state: its firm alerts and the listed\n"
     "entries in force, natural persons by pseudonym only:\n",
     .sub = export_options},
    {CLI_OPT_SUBCOMMAND, 0, "import", NULL, &action, N_("verify and import a partner's exchange file"),
     "Verifies a partner's exchange file (schema, addressee, signature) and imports it;\n"
     "the same file again changes nothing:\n",
     .sub = import_options},
    CLI_END,
};

const cli_spec cmd_exchange_spec = {
    .name = "exchange",
    .usage = N_("inspector exchange keygen --out PREFIX\n"
                "       inspector [--db PATH] exchange export --partner CC --from D --to D --key-file K\n"
                "                 --sign-key S -o FILE\n"
                "       inspector [--db PATH] exchange import FILE --verify-key P [--key-file K]"),
    .about = N_("The binational exchange: each state keeps its own database and sends its\n"
                "partner alerts on firms whose trade reaches it and the listed entries in\n"
                "force, signed, natural persons by pseudonym only.  See docs/EXCHANGE.md.\n"),
    .options = options,
    .epilog = N_("Exit status: 0 done, 1 refused (schema, addressee, signature), 2 usage error,\n"
                 "3 database or file failure.\n"),
    .sub_unknown = N_("unknown action '%s' (keygen, export, import)"),
    .sub_unknown_help = 1,
};

/* Says why, and returns the exit status of RC. */
static int failed(int rc, char *err)
{
    cli_error("%s", err ? err : ins_strerror(rc));
    free(err);
    return rc == INS_ERR_ARG ? CLI_USAGE : rc == INS_ERR_FORMAT ? CLI_PARTIAL : CLI_FAILURE;
}

/* `inspector exchange ACTION`. */
int cmd_exchange(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_exchange_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    char *err = NULL;
    ins_exchange_stats st;
    ins_exchange_opts o;
    memset(&o, 0, sizeof o);
    o.state = state;
    o.partner = partner;
    o.from = from;
    o.to = to;
    o.key_file = key_file;
    o.sign_key = sign_key;
    o.verify_key = verify_key;
    o.datadir = ins_default_datadir();
    if (!strcmp(action, "keygen")) {
        if (!out_prefix) {
            cli_error(_("exchange keygen needs --out PREFIX"));
            return CLI_USAGE;
        }
        int rc = ins_exchange_keygen(out_prefix, &err);
        if (rc != INS_OK) return failed(rc, err);
        printf(_("wrote %s.sign (secret: keep it) and %s.pub (for the partner state)\n"), out_prefix, out_prefix);
        return CLI_OK;
    }
    if (!strcmp(action, "export")) {
        if (!partner || !from || !to || !key_file || !sign_key || !output) {
            cli_error(_("exchange export needs --partner, --from, --to, --key-file, --sign-key and -o"));
            return CLI_USAGE;
        }
        ins_db *db = cli_open_db(g, 0, 1); /* export records what it sent */
        if (!db) return CLI_FAILURE;
        int rc = ins_exchange_export(db, &o, output, &st, &err);
        ins_db_close(db);
        if (rc != INS_OK) return failed(rc, err);
        printf(_("%s: %u firm alert(s), %u listed person(s) by pseudonym (%u without an identifier, not sent), "
                 "%u listed firm(s), %u route(s), %u profile cell(s)\n"),
               output, st.firms, st.persons, st.persons_without_id, st.listed_firms, st.routes, st.profile_cells);
        return CLI_OK;
    }
    if (!verify_key) {
        cli_error(_("exchange import needs --verify-key P"));
        return CLI_USAGE;
    }
    ins_db *db = cli_open_db(g, 0, 1);
    if (!db) return CLI_FAILURE;
    int rc = ins_exchange_import(db, p.argv[0], &o, &st, &err);
    ins_db_close(db);
    if (rc != INS_OK) return failed(rc, err);
    if (st.duplicate) printf(_("%s: imported before; nothing changed\n"), p.argv[0]);
    else
        printf(_("%s: %u firm alert(s), %u listed person(s), %u listed firm(s), %u route(s), %u profile cell(s) "
                 "imported\n"),
               p.argv[0], st.firms, st.persons, st.listed_firms, st.routes, st.profile_cells);
    return CLI_OK;
}
