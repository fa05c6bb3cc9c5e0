/*
** cmd_screen.c: `inspector screen` screens a CSV of names and identifiers
** against the listings in force, and records decisions on candidates.
**
**   inspector screen FILE                 screen, one row per candidate
**   inspector screen --decide confirm|reject --query-key K --listing ID
**   inspector screen --decisions FILE     decisions from a CSV
**
** The matcher is src/match_*.c and src/screen.c, reached through
** inspector.h; this file only parses options and prints.
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *as_of, *kind_text, *format = "table", *output;
static const char *decide, *key, *note, *by, *decisions, *partner_key;
static double threshold = INS_MATCH_THRESHOLD, review = -1;
static long long max_candidates = 5, listing, jobs;

static const cli_option options[] = {
    CLI_OPTION_AS_OF(0, &as_of, N_("listings in force on DATE (default: today)"), "Listings in force on\n"
                                                                                  ".I DATE\n"
                                                                                  "(default: today).\n"),
    {CLI_OPT_FRACTION, 0, "threshold", "S", &threshold, N_("match at or above S (default 0.80)"),
     "A match at or above\n"
     ".I S\n"
     "(default 0.80).\n", .fmin = 0, .fmax = 1, .bad = N_("--threshold wants a score from 0 to 1")},
    {CLI_OPT_FRACTION, 0, "review", "S", &review, N_("review from S up to the threshold (default 0.65)"),
     "Review from\n"
     ".I S\n"
     "up to the threshold (default 0.65); it must not be above the threshold.\n", .fmin = 0, .fmax = 1, .bad = N_("--review wants a score from 0 to 1")},
    {CLI_OPT_INTEGER, 0, "max-candidates", "N", &max_candidates, N_("candidates per row (default 5)"),
     "Candidates per row (default 5).\n", .min = 1, .max = INS_MATCH_MAX_SCORED},
    {CLI_OPT_INTEGER, 'j', "jobs", "N", &jobs, N_("threads that screen (default: the processors online)"),
     "Threads that screen (default: the processors online); the output is the same for any number.\n",
     .min = 1, .max = INS_MAX_THREADS, .bad = N_("--jobs wants a number of threads")},
    {CLI_OPT_STRING, 0, "partner-key", "K", &partner_key,
     N_("the key shared with partner states: compare document numbers with their lists"),
     "The pseudonymisation key shared with partner states: each record's document\n"
     "numbers are also compared, by pseudonym, with the persons the partners listed\n"
     "(imported with\n.BR \"exchange import\" ;\n"
     "see\n.IR docs/EXCHANGE.md ).\n"},
    {CLI_OPT_STRING, 0, "kind", "person|company", &kind_text,
     N_("kind of the names when there is no kind column"), "The kind of the names when the file has no\n"
                                                           ".B kind\n"
                                                           "column.\n"},
    CLI_OPTION_FORMAT(&format, cli_result_formats, "table|csv|json|html",
                      N_("output format (default table)"), "Output format (default\n"
                                                           ".BR table ).\n"),
    CLI_OPTION_OUTPUT(&output),
    {CLI_OPT_STRING, 0, "decide", "confirm|reject", &decide, N_("decide on one candidate"),
     "Record a decision on one candidate; needs\n"
     ".B \\-\\-query\\-key\n"
     "and\n"
     ".BR \\-\\-listing ,\n"
     "and no file.\n"},
    {CLI_OPT_STRING, 0, "query-key", "KEY", &key, N_("the query_key column of the screening output"),
     "The\n"
     ".B query_key\n"
     "column of the screening output.\n"},
    {CLI_OPT_INTEGER, 0, "listing", "ID", &listing, N_("the listing_id column"), "The\n"
                                                                                 ".B listing_id\n"
                                                                                 "column.\n",
     .min = 1, .max = LLONG_MAX, .bad = N_("--listing wants a listing id")},
    {CLI_OPT_STRING, 0, "note", "TEXT", &note, N_("why (kept with the decision)"), "Why (kept with the decision).\n"},
    {CLI_OPT_STRING, 0, "by", "NAME", &by, N_("who decided"), "Who decided.\n"},
    {CLI_OPT_STRING, 0, "decisions", "FILE", &decisions,
     N_("a CSV with query_key, listing_id, decision\n(confirm|reject) and optional note, decided_by"),
     "Record the decisions of a CSV file with the columns\n"
     ".BR query_key ,\n"
     ".BR listing_id ,\n"
     ".B decision\n"
     ".RB ( confirm | reject )\n"
     "and optionally\n"
     ".B note\n"
     "and\n"
     ".BR decided_by ;\n"
     "then screen\n"
     ".I FILE\n"
     "if one is given.\n"},
    {CLI_OPT_ARGS, 0, NULL, "FILE", NULL, N_("the CSV of names and identifiers to screen"), .min = 0,
     .max = 1},
    CLI_END,
};

const cli_spec cmd_screen_spec = {
    .name = "screen",
    .usage = N_("inspector [--db PATH] screen FILE [OPTIONS]\n"
                "       inspector [--db PATH] screen --decide confirm|reject --query-key KEY --listing ID\n"
                "       inspector [--db PATH] screen --decisions DECISIONS.csv [FILE]"),
    .about = N_("Screens each row of a CSV (header row; columns by name: name (required),\n"
                "id / tax_id / document / ruc / dni / passport, id_scheme, birth_date,\n"
                "nationality / country, kind person|company) against the listings in force.\n"
                "Identifiers decide when equal; names are compared token by token (accents,\n"
                "word order, initials, double surnames, legal forms, spelling).  Prints one\n"
                "row per candidate at or above the review band, with its explanation and the\n"
                "query key under which a decision on it is kept.  A candidate is a lead to\n"
                "check, not a finding.\n\n"
                "Decisions (--decide, --decisions) are kept in the database and respected by\n"
                "later runs: a rejected candidate is not proposed again, a confirmed one is\n"
                "reported as confirmed.\n"),
    .options = options,
    .epilog = N_("Exit status: 0 no candidate, 1 candidates found (or decisions rejected),\n"
                 "2 bad command line, 3 failure.\n"),
};

/*
** `inspector screen`: parses the options, then records one decision, applies
** a decisions file, screens a file, or the last two in that order.  Exit
** status 1 when candidates were found, so that scripts can react.
*/
int cmd_screen(cli_global *g, int argc, char **argv)
{
    cli_parsed p;
    int prc = cli_parse(&cmd_screen_spec, argc, argv, &p);
    if (prc != CLI_CONTINUE) return prc;
    ins_screen_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = as_of;
    o.threshold = threshold;
    o.review = review < 0 ? INS_MATCH_REVIEW : review;
    o.max_candidates = (size_t)max_candidates;
    o.threads = (unsigned)jobs;
    o.partner_key = partner_key;
    int review_given = review >= 0;
    if (kind_text) {
        o.kind = ins_match_kind_from_text(kind_text);
        if (o.kind == INS_MK_ANY && strcmp(kind_text, "any")) {
            cli_error(_("--kind wants person, company or any"));
            return CLI_USAGE;
        }
    }
    const char *file = p.argc ? p.argv[0] : NULL;
    if (o.review > o.threshold) {
        if (review_given) { cli_error(_("--review must not be above --threshold")); return CLI_USAGE; }
        o.review = o.threshold; /* a low threshold leaves no review band */
    }
    if (decide) {
        if (!key || !listing) { cli_error(_("--decide needs --query-key and --listing")); return CLI_USAGE; }
        if (file || decisions) { cli_error(_("--decide records one decision; give no file")); return CLI_USAGE; }
    } else if (key || listing || note || by) {
        cli_error(_("--query-key, --listing, --note and --by go with --decide"));
        return CLI_USAGE;
    }
    if (!decide && !decisions && !file) {
        cli_error(_("screen needs a CSV file to screen"));
        cli_help(&cmd_screen_spec, stderr);
        return CLI_USAGE;
    }

    ins_db *db = cli_open_db(g, 0, 1);
    if (!db) return CLI_FAILURE;
    char *err = NULL;
    int status = CLI_OK;
    if (decide) {
        int rc = ins_screen_decide(db, key, listing, decide, by, note, &err);
        if (rc != INS_OK) {
            cli_error("%s", err ? err : ins_strerror(rc));
            free(err);
            ins_db_close(db);
            return rc == INS_ERR_ARG ? CLI_USAGE : CLI_FAILURE;
        }
        fprintf(stderr, _("decision recorded: %s listing %lld for %s\n"), decide, listing, key);
        ins_db_close(db);
        return CLI_OK;
    }
    if (decisions) {
        unsigned long applied = 0, rejected = 0;
        int rc = ins_screen_decisions_file(db, decisions, &applied, &rejected, &err);
        if (rc != INS_OK) {
            cli_error("%s: %s", decisions, err ? err : ins_strerror(rc));
            free(err);
            ins_db_close(db);
            return CLI_FAILURE;
        }
        if (rejected) {
            cli_error(_("%s: %lu decisions rejected, the first: %s"), decisions, rejected, err ? err : "");
            status = CLI_PARTIAL;
        }
        free(err);
        err = NULL;
        fprintf(stderr, _("%lu decisions recorded\n"), applied);
        if (!file) { ins_db_close(db); return status; }
    }
    ins_result *r = NULL;
    ins_screen_stats st;
    int rc = ins_screen_file(db, file, &o, &r, &st, &err);
    ins_db_close(db);
    if (rc != INS_OK) {
        cli_error("%s: %s", file, err ? err : ins_strerror(rc));
        free(err);
        return rc == INS_ERR_ARG ? CLI_USAGE : CLI_FAILURE;
    }
    free(err);
    int wrc = cli_output_result(r, format, output);
    ins_result_free(r);
    fprintf(stderr,
            _("screened %lu rows against %zu listings (%zu names): %lu match, %lu review, "
              "%lu confirmed, %lu left out as rejected earlier, %lu rows without name or id\n"),
            st.rows, st.listings, st.names, st.matches, st.reviews, st.confirmed, st.rejected, st.skipped);
    if (wrc) return CLI_FAILURE;
    if (st.matches || st.reviews || st.confirmed) status = CLI_PARTIAL;
    return status;
}
