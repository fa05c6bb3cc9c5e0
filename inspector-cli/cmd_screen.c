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

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* Prints the usage of screen to OUT. */
static void help(FILE *out)
{
    fprintf(out, _("Usage: inspector [--db PATH] screen FILE [OPTIONS]\n"
                   "       inspector [--db PATH] screen --decide confirm|reject --query-key KEY --listing ID\n"
                   "       inspector [--db PATH] screen --decisions DECISIONS.csv [FILE]\n\n"
                   "Screens each row of a CSV (header row; columns by name: name (required),\n"
                   "id / tax_id / document / ruc / dni / passport, id_scheme, birth_date,\n"
                   "nationality / country, kind person|company) against the listings in force.\n"
                   "Identifiers decide when equal; names are compared token by token (accents,\n"
                   "word order, initials, double surnames, legal forms, spelling).  Prints one\n"
                   "row per candidate at or above the review band, with its explanation and the\n"
                   "query key under which a decision on it is kept.  A candidate is a lead to\n"
                   "check, not a finding.\n\n"
                   "  --as-of DATE                 listings in force on DATE (default: today)\n"
                   "  --threshold S                match at or above S (default 0.80)\n"
                   "  --review S                   review from S up to the threshold (default 0.65)\n"
                   "  --max-candidates N           candidates per row (default 5)\n"
                   "  --kind person|company        kind of the names when there is no kind column\n"
                   "  --format table|csv|json|html output format (default table)\n"
                   "  -o, --output FILE            write to FILE instead of standard output\n\n"
                   "Decisions (kept in the database, respected by later runs: a rejected\n"
                   "candidate is not proposed again, a confirmed one is reported as confirmed):\n"
                   "  --decide confirm|reject      decide on one candidate\n"
                   "  --query-key KEY              the query_key column of the screening output\n"
                   "  --listing ID                 the listing_id column\n"
                   "  --note TEXT                  why (kept with the decision)\n"
                   "  --by NAME                    who decided\n"
                   "  --decisions FILE             a CSV with query_key, listing_id, decision\n"
                   "                               (confirm|reject) and optional note, decided_by\n"
                   "  -h, --help                   print this help\n\n"
                   "Exit status: 0 no candidate, 1 candidates found (or decisions rejected),\n"
                   "2 bad command line, 3 failure.\n"));
}

/* Parses a score option in [0,1]; 1 on success. */
static int parse_score(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (*end || v < 0 || v > 1) return 0;
    *out = v;
    return 1;
}

/*
** `inspector screen`: parses the options, then records one decision, applies
** a decisions file, screens a file, or the last two in that order.  Exit
** status 1 when candidates were found, so that scripts can react.
*/
int cmd_screen(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"as-of", required_argument, NULL, 'a'},
        {"threshold", required_argument, NULL, 't'},
        {"review", required_argument, NULL, 'r'},
        {"max-candidates", required_argument, NULL, 'n'},
        {"kind", required_argument, NULL, 'k'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"decide", required_argument, NULL, 'D'},
        {"query-key", required_argument, NULL, 'K'},
        {"listing", required_argument, NULL, 'L'},
        {"note", required_argument, NULL, 'N'},
        {"by", required_argument, NULL, 'B'},
        {"decisions", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    ins_screen_opts o;
    memset(&o, 0, sizeof o);
    o.threshold = INS_MATCH_THRESHOLD;
    o.review = INS_MATCH_REVIEW;
    o.max_candidates = 5;
    const char *format = "table", *output = NULL;
    const char *decide = NULL, *key = NULL, *note = NULL, *by = NULL, *decisions = NULL;
    long long listing = 0;
    int review_given = 0;
    char date[11];
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'a':
            if (!insUParseDate(optarg, date)) { cli_error(_("--as-of wants a date YYYY-MM-DD")); return CLI_USAGE; }
            o.as_of = optarg;
            break;
        case 't':
            if (!parse_score(optarg, &o.threshold)) { cli_error(_("--threshold wants a score from 0 to 1")); return CLI_USAGE; }
            break;
        case 'r':
            if (!parse_score(optarg, &o.review)) { cli_error(_("--review wants a score from 0 to 1")); return CLI_USAGE; }
            review_given = 1;
            break;
        case 'n': {
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > INS_MATCH_MAX_SCORED) {
                cli_error(_("--max-candidates wants a number from 1 to %d"), INS_MATCH_MAX_SCORED);
                return CLI_USAGE;
            }
            o.max_candidates = (size_t)v;
            break;
        }
        case 'k':
            o.kind = ins_match_kind_from_text(optarg);
            if (o.kind == INS_MK_ANY && strcmp(optarg, "any")) {
                cli_error(_("--kind wants person, company or any"));
                return CLI_USAGE;
            }
            break;
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 'D': decide = optarg; break;
        case 'K': key = optarg; break;
        case 'L':
            listing = strtoll(optarg, &end, 10);
            if (*end || listing < 1) { cli_error(_("--listing wants a listing id")); return CLI_USAGE; }
            break;
        case 'N': note = optarg; break;
        case 'B': by = optarg; break;
        case 'F': decisions = optarg; break;
        case 'h': help(stdout); return CLI_OK;
        default: help(stderr); return CLI_USAGE;
        }
    }
    const char *file = optind < argc ? argv[optind] : NULL;
    if (optind + 1 < argc) { cli_error(_("unexpected argument '%s'"), argv[optind + 1]); return CLI_USAGE; }
    if (o.review > o.threshold) {
        if (review_given) { cli_error(_("--review must not be above --threshold")); return CLI_USAGE; }
        o.review = o.threshold; /* a low threshold leaves no review band */
    }
    if (!cli_valid_format(format)) { cli_error(_("unknown format '%s' (table, csv, json, html)"), format); return CLI_USAGE; }
    if (decide) {
        if (!key || !listing) { cli_error(_("--decide needs --query-key and --listing")); return CLI_USAGE; }
        if (file || decisions) { cli_error(_("--decide records one decision; give no file")); return CLI_USAGE; }
    } else if (key || listing || note || by) {
        cli_error(_("--query-key, --listing, --note and --by go with --decide"));
        return CLI_USAGE;
    }
    if (!decide && !decisions && !file) {
        cli_error(_("screen needs a CSV file to screen"));
        help(stderr);
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
    FILE *f = stdout;
    if (output && !(f = fopen(output, "w"))) {
        cli_error(_("cannot write %s"), output);
        ins_result_free(r);
        return CLI_FAILURE;
    }
    int wrc = cli_write_result(f, r, format);
    if (f != stdout && fclose(f) != 0) wrc = 1;
    ins_result_free(r);
    fprintf(stderr,
            _("screened %lu rows against %zu listings (%zu names): %lu match, %lu review, "
              "%lu confirmed, %lu left out as rejected earlier, %lu rows without name or id\n"),
            st.rows, st.listings, st.names, st.matches, st.reviews, st.confirmed, st.rejected, st.skipped);
    if (wrc) return CLI_FAILURE;
    if (st.matches || st.reviews || st.confirmed) status = CLI_PARTIAL;
    return status;
}
