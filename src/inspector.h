/*
** inspector.h: the public interface of libinspector.
**
** libinspector loads supplier, transport and customs declarations into one
** SQLite database and (in later layers) scores firms, establishments,
** carriers and routes for forced-labour risk.  The `inspector` command is a
** thin layer over the functions declared here.
**
** Public names start with `ins_`; everything else is internal.
*/
#ifndef INSPECTOR_H
#define INSPECTOR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The bounds on input are part of the interface: a caller may check an
** argument against them (YARA publishes its limits.h the same way). */
#include "ins_limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes returned by every fallible function. */
typedef enum ins_status {
    INS_OK = 0,
    INS_ERR_NOMEM,       /* out of memory */
    INS_ERR_IO,          /* file could not be read or written */
    INS_ERR_DB,          /* SQLite reported an error */
    INS_ERR_FORMAT,      /* input is malformed (not well-formed XML, bad CSV) */
    INS_ERR_UNSUPPORTED, /* input is well-formed but not a supported document */
    INS_ERR_HOSTILE,     /* input tries entity expansion, external entities... */
    INS_ERR_TOOBIG,      /* input exceeds a limit of ins_limits.h */
    INS_ERR_ENCODING,    /* input is not in a supported character encoding */
    INS_ERR_ARG,         /* caller passed an invalid argument */
    INS_ERR_NOTFOUND,    /* a named thing does not exist */
    INS_ERR_SCHEMA       /* the database was made by a newer inspector */
} ins_status;

/* Returns a static, translated description of an ins_status. */
const char *ins_strerror(int code);

/* Returns the library version, e.g. "0.1.0". */
const char *ins_version(void);

/* Returns the version of the SQLite library in use, e.g. "3.45.1". */
const char *ins_sqlite_version(void);

/*
** The document language: the language of the fixed text of worklists,
** reports and evaluations, which offices print and file.  It is "es"
** unless set, whatever the interface locale (messages, help and errors
** follow the locale).  CODE is "es", "en", or a locale name whose language
** is one of them ("es_PE.UTF-8"); INS_ERR_ARG for any other.
*/
int ins_set_doc_language(const char *code);

/* The document language in force: "es" or "en". */
const char *ins_doc_language(void);

/* 1 when S is a calendar date written exactly YYYY-MM-DD, else 0. */
int ins_date_valid(const char *s);

/*
** Writes today's date in UTC as "YYYY-MM-DD" (10 characters and a NUL)
** into OUT.  The default evaluation date ("as of") wherever a caller names
** none: scoring, screening, risk queries.
*/
void ins_today(char out[11]);

/* ---- database --------------------------------------------------------- */

typedef struct ins_db ins_db;

#define INS_OPEN_READONLY 0x1 /* open an existing database read-only */
#define INS_OPEN_CREATE 0x2   /* create the file if missing */
#define INS_OPEN_SHARED 0x4   /* group-shared: create it (or make it) mode 0660, not 0600 */

/*
** Opens the database at PATH and brings its schema to the current version
** (unless read-only).  A database this creates is readable and writable by
** its owner only (0600), or also by the file's group with INS_OPEN_SHARED
** (0660, which INS_OPEN_SHARED also gives an existing database and its
** -wal and -shm files); SQLite gives the -wal and -shm files the mode of
** the database.  On failure *errmsg (if not NULL) receives a malloc'd
** message the caller frees.
*/
int ins_db_open(const char *path, int flags, ins_db **out, char **errmsg);
void ins_db_close(ins_db *db);
/* 1 when the database file, or its -wal or -shm file, can be read by users
** other than its owner and group (it holds personal data: the caller
** warns). */
int ins_db_exposed(const ins_db *db);

/* Schema version of the open database (PRAGMA user_version). */
int ins_db_schema_version(ins_db *db);

/* Latest schema version this library knows. */
int ins_schema_latest(void);

/* The message of the database's last error (SQLite's words); valid until
** the next call on DB. */
const char *ins_db_errmsg(ins_db *db);

/* Rows of the reference tables and of the case register, as `init` and
** `inspections import` report them; -1 when a table cannot be read. */
typedef struct ins_db_counts {
    int64_t ubigeo;      /* districts, provinces and departments */
    int64_t hs_codes;    /* Harmonized System codes */
    int64_t ilab_goods;  /* ILAB good-country rows */
    int64_t good_hs_map; /* ILAB good to HS prefix mappings */
    int64_t inspections; /* inspections in the case register */
} ins_db_counts;

/* Fills *OUT with the counts of the open database. */
void ins_db_count(ins_db *db, ins_db_counts *out);

/*
** Loads the shipped reference data (ubigeo, HS 2022 codes and sections, the
** ILAB goods list, the good-to-HS mapping and the dated minimum wage) from
** DATADIR into the database.  Idempotent: a file
** whose content is already loaded is skipped.
*/
int ins_load_reference(ins_db *db, const char *datadir, char **errmsg);

/* ---- the binational exchange (exchange.c; docs/EXCHANGE.md) ---- */
typedef struct ins_exchange_opts {
    const char *state;      /* this state, ISO alpha-2 */
    const char *partner;    /* export: the partner state */
    const char *from, *to;  /* export: the period, YYYY-MM-DD */
    const char *key_file;   /* export: the shared pseudonymisation key */
    const char *sign_key;   /* export: this state's signing key (PREFIX.sign) */
    const char *verify_key; /* import: the issuing state's public key (PREFIX.pub) */
    const char *datadir;    /* where exchange-1.xsd is */
} ins_exchange_opts;
typedef struct ins_exchange_stats {
    unsigned firms, persons, listed_firms, persons_without_id;
    unsigned routes, profile_cells;
    int duplicate; /* import: the same file was imported before */
} ins_exchange_stats;
/* Writes PREFIX.sign (secret, 0600) and PREFIX.pub; neither may exist. */
int ins_exchange_keygen(const char *prefix, char **err);
/* Writes the signed exchange file for O->partner to OUT_PATH. */
int ins_exchange_export(ins_db *db, const ins_exchange_opts *o, const char *out_path, ins_exchange_stats *st,
                        char **err);
/* Verifies and imports the exchange file PATH (O->state, verify_key, datadir). */
int ins_exchange_import(ins_db *db, const char *path, const ins_exchange_opts *o, ins_exchange_stats *st,
                        char **err);

/* Returns the default data directory (env INSPECTOR_DATADIR, installed
** pkgdatadir, or the source tree's data/). */
const char *ins_default_datadir(void);

/* ---- import ------------------------------------------------------------ */

/* Per-kind counters of one import run. */
typedef struct ins_kind_count {
    char kind[32];
    unsigned imported;
    unsigned duplicate;
    unsigned rejected;
} ins_kind_count;

#define INS_MAX_KINDS_REPORTED 32

typedef struct ins_import_stats {
    unsigned files_total;     /* files found (after expanding dirs, zips) */
    unsigned files_done;
    uint64_t bytes_done;
    unsigned imported, duplicate, rejected;
    size_t nkinds;
    ins_kind_count kinds[INS_MAX_KINDS_REPORTED];
    unsigned not_committed;   /* files of a transaction rolled back when the database failed */
    char error[256];          /* why the batch stopped (the database's first failure), or "" */
} ins_import_stats;

/* Called for each rejected file: DISPLAY is the path (zip!entry), REASON a
** one-line explanation including line or element where known. */
typedef void (*ins_reject_fn)(void *ctx, const char *display, const char *reason);

/* Called after each file with running totals. */
typedef void (*ins_progress_fn)(void *ctx, const ins_import_stats *st);

typedef struct ins_import_opts {
    const char *force_kind;  /* NULL: tell the format from content */
    ins_reject_fn on_reject;
    ins_progress_fn on_progress;
    void *cb_ctx;
    unsigned threads;        /* 0: the processors online; 1: read and import on one thread */
} ins_import_opts;

/*
** Imports every file under PATHS (files, directories walked recursively,
** .zip archives expanded), read ahead on OPTS->threads - 1 worker threads
** and imported in walk order.  Each file imports in its own savepoint; a
** rejected file is logged and the batch goes on.  Returns INS_OK when the
** batch ran (even with rejections: see stats->rejected), or an error when
** the database itself failed.
*/
int ins_import_paths(ins_db *db, const char *const *paths, size_t npaths,
                     const ins_import_opts *opts, ins_import_stats *stats);

/* Names of the importers (kinds) in registry order, NULL-terminated. */
const char *const *ins_importer_kinds(void);
/* One-line description of a kind, or NULL. */
const char *ins_importer_describe(const char *kind);

/* ---- identifiers ------------------------------------------------------- */

/* Check-digit validation.  Return 1 valid, 0 invalid check digit, -1 not
** even shaped like the identifier (wrong length or non-digits). */
int ins_ruc_check(const char *s, size_t len);
int ins_dni_check(const char *s, size_t len);
int ins_cuit_check(const char *s, size_t len);

/* ---- rules --------------------------------------------------------------- */

typedef struct ins_ruleset ins_ruleset;

/* Receives each diagnostic, formatted as a compiler prints it:
** "FILE:LINE:COL: error: MESSAGE", the source line and a caret line. */
typedef void (*ins_diag_fn)(void *ctx, int is_error, const char *text);

#define INS_RULES_STRICT 0x1 /* warnings count as errors */

/*
** Loads and compiles every rule file under PATHS (files, or directories
** searched for *.rules), with the named lists they declare.  Reports all
** diagnostics of all files through FN.  Returns INS_OK when there were no
** errors; *out is set either way (free it) unless memory ran out.
*/
int ins_ruleset_load(const char *const *paths, size_t npaths, int flags, ins_diag_fn fn,
                     void *ctx, ins_ruleset **out, int *nerrors, int *nwarnings);
void ins_ruleset_free(ins_ruleset *rs);
size_t ins_ruleset_count(const ins_ruleset *rs);
/* SHA-256 over the rule and list files' contents (hex). */
const char *ins_ruleset_fingerprint(const ins_ruleset *rs);

typedef struct ins_rule_info {
    const char *id, *name, *title, *subject, *audience, *indicators, *status, *severity;
    const char *file;
    int rev, line;
    double weight;
    size_t ntests;
} ins_rule_info;

int ins_ruleset_info(const ins_ruleset *rs, size_t i, ins_rule_info *out);

/* Called once per rule test with its outcome; DETAIL explains a failure. */
typedef void (*ins_test_fn)(void *ctx, const ins_rule_info *rule, const char *test,
                            int must_match, int passed, const char *detail);
/* Runs every rule's tests; *failed receives the number that failed. */
int ins_ruleset_run_tests(ins_ruleset *rs, ins_test_fn fn, void *ctx, int *passed, int *failed);

/* ---- scoring runs ------------------------------------------------------------ */

typedef struct ins_score_opts {
    const char *as_of;        /* YYYY-MM-DD; NULL: today */
    const char *rules_source; /* description of where the rules came from */
    int chain_tiers;          /* tiers of chain propagation (default 4) */
    double chain_damping;     /* per-tier damping (default 0.5) */
    unsigned threads;         /* 0: the processors online (at most INS_MAX_THREADS); the run is
                                 the same for any number */
} ins_score_opts;

typedef struct ins_score_stats {
    int64_t run_id;
    size_t rules_evaluated, subjects, hits, rule_errors;
    /* Where the data lie against the evaluation date: the longest `within`
    ** window of the rules (days, 0 none), dated documents, those dated in
    ** the window before the evaluation date, and the newest document's
    ** date ("" none), and whether most documents are outside. */
    int window_days;
    int64_t docs_dated, docs_in_window;
    char newest[11];
    char as_of[11];
    int outside_window; /* 1: most dated documents are outside the window */
} ins_score_stats;

/* Called for each runtime error of a rule (e.g. a regex hitting its limit). */
typedef void (*ins_rule_error_fn)(void *ctx, const char *rule_id, const char *subject,
                                  const char *message);

/*
** Creates a scoring run: evaluates every non-deprecated rule on every
** subject of its type and stores the hits (with evidence and documents),
** the rule versions, the parameters and fingerprints of rules and data.
*/
int ins_score(ins_db *db, ins_ruleset *rs, const ins_score_opts *opts, ins_rule_error_fn on_error,
              void *ctx, ins_score_stats *stats, char **errmsg);

/* Latest run id, or 0 when none. */
int64_t ins_latest_run(ins_db *db);

/* ---- results: rows of text for the output writers ------------------------- */

/* How the table format lays a result out; the other formats ignore it. */
typedef enum ins_layout {
    INS_LAYOUT_GRID = 0,        /* columns share 80 columns (the default) */
    INS_LAYOUT_LABOUR_CARDS,    /* a labour worklist: one card per establishment */
    INS_LAYOUT_TRANSPORT_CARDS, /* a transport worklist: one card per carrier, vehicle, route */
    INS_LAYOUT_FITTED,          /* columns as wide as their widest cell (at most 40),
                                   indented, a blank line after: evaluation sections */
    INS_LAYOUT_REGISTER         /* the case register: one line per inspection with its
                                   main columns, and the count */
} ins_layout;

typedef struct ins_result {
    char *title;   /* e.g. "Lista de trabajo: inspección laboral" */
    char *note;    /* shown above the rows, e.g. "lead for inspection, not a finding" */
    size_t ncols, nrows;
    char **cols;   /* column names */
    char **cells;  /* nrows x ncols, row-major; NULL cell = empty */
    ins_layout layout; /* set by whoever builds the result; a caller may change
                          it before writing (INS_LAYOUT_GRID unless said) */
} ins_result;

void ins_result_free(ins_result *r);
const char *ins_result_cell(const ins_result *r, size_t row, const char *col);
/* Writes R to F as table (80 columns), csv (RFC 4180), json, geojson (RFC
** 7946: a Feature per row, its geometry from the longitude and latitude
** columns) or html (one self-contained page); NULL FORMAT is table.  Every cell is escaped for
** its medium.  Returns 0, or -1 for an unknown format or a write error. */
int ins_result_write(FILE *f, const ins_result *r, const char *format);
/* The same, a table laid out within WIDTH characters (0: unlimited): a
** column of identifiers is never cut, free text is cut last. */
int ins_result_write_width(FILE *f, const ins_result *r, const char *format, size_t width);
/* The table width of ins_result_write. */
#define INS_TABLE_WIDTH_DEFAULT 80
/* 1 when FORMAT is one ins_result_write knows (NULL: table). */
int ins_result_format_valid(const char *format);

/* ---- worklists ---------------------------------------------------------------- */

typedef struct ins_worklist_opts {
    const char *kind;      /* "labor" or "transport" */
    int64_t run_id;        /* 0: the latest run */
    int top;               /* rows (targeted + control); default 25 */
    const char *region;    /* ubigeo prefix: 2 department, 4 province, 6 district */
    const char *sector;    /* establishment sector text, or HS prefix of products sold */
    int exclude_days;      /* leave out subjects inspected within this many days (0: none) */
    double control_share;  /* share of rows drawn at random from the population */
    uint64_t seed;         /* seed of the control draw */
    int store;             /* record the issued worklist (for evaluation) */
    int per_firm;          /* labor: at most this many establishments of one firm
                              among the targeted rows (0: the default, 1) */
    int coordinates;       /* add longitude, latitude (a route: and longitude2,
                              latitude2, its end) for maps: the geojson format */
} ins_worklist_opts;

/*
** Builds a worklist from a run's scores: the highest-scoring subjects that
** pass the filters, plus a random control slice, each row with its
** reasons, investigation hypothesis, guidance, evidence documents and rule
** versions.  Deterministic for the same run, options and seed.
*/
int ins_worklist(ins_db *db, const ins_worklist_opts *opts, ins_result **out, int64_t *worklist_id,
                 char **errmsg);

/*
** Withdraws a worklist ins_worklist has just recorded, for a caller that
** could not write it out whole: no list is on record as issued that its
** reader never received.  A list an inspection cites already stays.
*/
int ins_worklist_withdraw(ins_db *db, int64_t worklist_id);

/*
** Explains the score of a firm (tax id) or vehicle (plate) in a run: rules
** with weight, strength, evidence and documents; supplier paths with
** shares.  Text or JSON into *out (malloc'd).  IDENTITY_REASON (NULL:
** none) adds drivers' identities, and records the read with that reason
** in the audit first (INS_ERR_ARG when the reason is blank or not plain
** text: ins_audit_reason_ok).
*/
int ins_explain(ins_db *db, const char *subject, int64_t run_id, int json, const char *identity_reason,
                char **out, char **errmsg);

/* ---- text for a terminal (escape.c) ------------------------------------------ */

/* Writes the N bytes of P to F with control characters (C0, the line
** break too unless KEEP_LINES, DEL, C1) shown as '?'. */
void ins_put_for_terminal(FILE *f, const char *p, size_t n, int keep_lines);

/* ---- the audit of identities read in clear (audit.c) ----------------------- */

/* 1 when REASON can justify a read of identities: plain text, not blank,
** at most INS_MAX_AUDIT_REASON_BYTES. */
int ins_audit_reason_ok(const char *reason);
/* Every recorded read of identities from SINCE (ISO date; NULL: all),
** oldest first: at, login, uid, command, subject, shown, reason. */
int ins_audit_list(ins_db *db, const char *since, ins_result **out);

/* ---- risk queries ---------------------------------------------------------- */

/*
** Selects subjects (firm, establishment, leg, carrier, vehicle, declaration
** or shipment, trade_line) satisfying EXPR, written in the rule language.
** SORT names an attribute ("-attr" or "attr:desc" for descending); FIELDS
** is a comma-separated list of attributes to show (NULL: all).  Compile
** errors go to DIAG as in `rules check`.
*/
int ins_query(ins_db *db, const char *subject, const char *expr, const char *sort, int limit,
              const char *fields, const char *as_of, ins_diag_fn diag, void *ctx, ins_result **out);
/* The attributes a table of SUBJECT shows when the caller names none (the
** identifier, the name, the risk parts...); NULL for an unknown subject. */
const char *ins_query_default_fields(const char *subject);

/* Runs one read-only SQL statement (the database must be open read-only).
** Statements that write, or read tables and columns holding personal data,
** are refused (INS_ERR_ARG); one that runs past INS_SQL_HATCH_MS or takes
** more than INS_SQL_HATCH_HEAP_MIB of memory is stopped (INS_ERR_TOOBIG,
** the message says which limit). */
int ins_query_sql(ins_db *db, const char *sql, int limit, ins_result **out, char **errmsg);
/* ins_query_sql stopped after MAX_MS milliseconds (0: INS_SQL_HATCH_MS;
** never more than that). */
int ins_query_sql_limited(ins_db *db, const char *sql, int limit, int max_ms, ins_result **out,
                          char **errmsg);

/* ---- screening names and identifiers against the listings ------------------ */

/* What a name denotes; decides titles, legal forms and penalties. */
typedef enum ins_match_kind {
    INS_MK_ANY = 0,     /* unknown */
    INS_MK_PERSON = 1,
    INS_MK_COMPANY = 2  /* companies and other organisations */
} ins_match_kind;

/* Default score bands of screening: a candidate at or above the threshold
** is a match, from the review score up to it one to review. */
#define INS_MATCH_THRESHOLD 0.80
#define INS_MATCH_REVIEW 0.65

/* Maps "person", "company", "organization", "persona", "empresa"... to a
** kind; unknown words give INS_MK_ANY. */
ins_match_kind ins_match_kind_from_text(const char *s);

typedef struct ins_screen_opts {
    const char *as_of;        /* listings in force on YYYY-MM-DD; NULL: today */
    double threshold;         /* 0: INS_MATCH_THRESHOLD */
    double review;            /* 0: INS_MATCH_REVIEW */
    size_t max_candidates;    /* per row; 0: 5 */
    ins_match_kind kind;      /* when the file has no kind column */
    unsigned threads;         /* 0: the processors online (at most INS_MAX_THREADS); the
                                 output is the same for any number */
    const char *partner_key;  /* the key shared with partner states: each person's document
                                 number is also compared, by pseudonym, with the partners'
                                 listed persons (docs/EXCHANGE.md); NULL: not */
} ins_screen_opts;

typedef struct ins_screen_stats {
    unsigned long rows;        /* records screened */
    unsigned long skipped;     /* records without a name or id */
    unsigned long matches;     /* candidates reported as match */
    unsigned long reviews;     /* candidates reported for review */
    unsigned long confirmed;   /* candidates confirmed earlier */
    unsigned long rejected;    /* candidates left out because rejected earlier */
    size_t listings, names;    /* size of the index */
    unsigned long partner;     /* records on a partner state's list by document number */
} ins_screen_stats;

/*
** Screens the CSV at PATH (header row; columns by name: name, identifiers,
** birth date, country, kind) against the listings in force: one result
** row per candidate at or above the review band (row, query_name,
** listing_id, list_name, listed_name, score, status, explanation,
** query_key), with earlier decisions applied.  O may be NULL (defaults),
** ST too.  Returns INS_OK, INS_ERR_FORMAT (no name column, bad CSV),
** INS_ERR_IO, INS_ERR_DB...; *errmsg (malloc'd) says why.
*/
int ins_screen_file(ins_db *db, const char *path, const ins_screen_opts *o, ins_result **out,
                    ins_screen_stats *st, char **errmsg);

/*
** Records a decision ("confirm"/"confirmed" or "reject"/"rejected") on
** LISTING_ID for QUERY_KEY (the query_key column of ins_screen_file),
** replacing an earlier one; later screenings respect it.  DECIDED_BY and
** NOTE may be NULL.  INS_ERR_NOTFOUND when the listing does not exist,
** INS_ERR_ARG for a bad decision or key.
*/
int ins_screen_decide(ins_db *db, const char *query_key, int64_t listing_id, const char *decision,
                      const char *decided_by, const char *note, char **errmsg);

/*
** Reads decisions from a CSV (query_key, listing_id, decision, optional
** note and decided_by) in one transaction; bad rows are counted in
** *rejected and described in *errmsg (the first one), the others applied
** and counted in *applied.
*/
int ins_screen_decisions_file(ins_db *db, const char *path, unsigned long *applied,
                              unsigned long *rejected, char **errmsg);

/* ---- case register: inspection outcomes --------------------------------------- */

/* One inspection outcome.  Text fields may be NULL; counts are -1 when unknown. */
typedef struct ins_inspection {
    const char *ref;           /* the inspectorate's inspection id (unique; required) */
    const char *tax_id;        /* RUC of the inspected firm */
    const char *establishment; /* annex code, or the establishment key printed in worklists */
    const char *ubigeo;        /* 6-digit INEI code of the district inspected */
    const char *date;          /* YYYY-MM-DD (required) */
    const char *regulator;     /* labour (labor) or transport; NULL: the worklist's kind, else labour */
    int64_t worklist_id;       /* the worklist row inspected; 0: not from a worklist */
    int64_t worklist_rank;
    const char *outcome;       /* forced_labour, other_violation, no_violation, not_found, closed */
    int64_t infractions, workers_affected, minors; /* -1: unknown */
    const char *note;          /* free text; never worker identities */
    const char *victims;       /* counts of the persons found, never who they are:
                                  "sex:female=3;age:14_17=2;nationality:VE=2;interpreter:quechua=1"
                                  (docs/CASE-REGISTER.md); NULL: none recorded */
} ins_inspection;

/*
** Records one inspection in the case register (source 'manual'); recording
** the same REF again updates it, and *updated (if not NULL) says so.  An
** invalid value returns INS_ERR_ARG, an unknown worklist row or
** establishment INS_ERR_NOTFOUND, each with *errmsg (malloc'd) saying why.
*/
int ins_inspection_add(ins_db *db, const ins_inspection *in, int *updated, char **errmsg);

/* The case register, inspections dated FROM..TO inclusive (NULL: open). */
int ins_inspections_list(ins_db *db, const char *from, const char *to, ins_result **out,
                         char **errmsg);

/* 95% Wilson score interval of HITS in N trials into *lo, *hi; returns 0
** (and 0, 0) when N is 0, else 1. */
int ins_wilson(long hits, long n, double *lo, double *hi);

/* ---- evaluation: hit rates of worklists against inspection outcomes ---------- */

typedef struct ins_evaluate_opts {
    int64_t run_id;         /* the worklists issued from this run; 0: every run */
    int64_t worklist_id;    /* one worklist; 0: every worklist (of run_id) */
    const char *from, *to;  /* only inspections dated FROM..TO (NULL: open) */
} ins_evaluate_opts;

typedef struct ins_evaluation {
    ins_result *outcomes;   /* per group (targeted, control): rows, outcomes, not yet inspected */
    ins_result *hit_rate;   /* per measure and group: n, hits, rate, 95% Wilson interval */
    ins_result *lift;       /* targeted rate / control rate, per measure */
    ins_result *precision;  /* precision at 5, 10 and 25 targeted rows */
    ins_result *rules;      /* per rule: inspected rows its hits reached, confirmed, rate */
} ins_evaluation;

/*
** Measures worklists against the outcomes recorded for their rows: a hit is
** forced labour found (and, as a second measure, any violation found);
** not_found and closed are counted apart and left out of every denominator.
** INS_ERR_NOTFOUND when no recorded worklist matches.
*/
int ins_evaluate(ins_db *db, const ins_evaluate_opts *o, ins_evaluation **out, char **errmsg);
void ins_evaluation_free(ins_evaluation *e);

/* ---- case profiles for joint analysis (profile.c) ------------------------------ */

typedef struct ins_profile_opts {
    const char *from, *to;  /* inspections dated FROM..TO (NULL: open) */
    long min_cell;          /* smallest count published; 0 or less than 5: 5 */
} ins_profile_opts;

/*
** Profiles of confirmed forced-labour cases against every inspected
** establishment: perpetrators' characteristics, victims' aggregates and
** the flagged routes, each category with counts, shares and an
** over-representation ratio with its 95% interval; counts under the
** threshold suppressed, with secondary suppression (docs/CASE-REGISTER.md).
** INS_ERR_NOTFOUND when the period has no inspection with a finding.
*/
int ins_profile(ins_db *db, const ins_profile_opts *o, ins_result **out, char **errmsg);

/* ---- calibration of rule weights on inspection outcomes (calibrate.c) ---------- */

typedef struct ins_calibrate_opts {
    const char *from, *to;  /* inspections dated FROM..TO (NULL: open) */
    const char *rules_dir;  /* the rule files whose weights are the prior and the proposal revises */
    int folds;              /* cross-validation folds; 0: INS_CALIB_FOLDS_DEFAULT */
    int no_control;         /* fit without control rows (the result is marked biased) */
    uint64_t seed;          /* the folds' draw */
} ins_calibrate_opts;

typedef struct ins_calibration {
    ins_result *summary;     /* the data used, refusals and the base rate */
    ins_result *rules;       /* per rule: written and fitted weight with interval, rows, confirmed, status */
    ins_result *validation;  /* held-out log-likelihood, AUC, lift at k: current and fitted, with intervals */
    ins_result *reliability; /* predicted and observed rates by decile */
    char *patch;             /* unified diff of the rule files (patch -p1 in the rules directory); NULL: none */
    int proposed;            /* rules whose weight it changes */
    double loglik_gain;      /* held-out log-likelihood per row, fitted less current */
    int folds;
    const char *grouped_by;  /* "worklist" or "firm" */
    int64_t id;              /* its calibrations row; 0 when the database was read-only */
    /* the revised files, for ins_calibration_apply */
    char *rules_dir;
    char **file_rel, **file_text;
    size_t nfiles, capfiles;
} ins_calibration;

/*
** Fits the rule weights on the inspected worklist rows (docs/CASE-REGISTER.md,
** section 5) and proposes revised weights.  INS_ERR_NOTFOUND (nothing fitted
** or changed) when there are fewer than INS_CALIB_MIN_OUTCOMES usable outcomes
** or INS_CALIB_MIN_CONFIRMED confirmed; INS_ERR_ARG when no inspected row is
** a control row and O->no_control is not set.
*/
int ins_calibrate(ins_db *db, const ins_calibrate_opts *o, ins_calibration **out, char **errmsg);
/* Writes the rule files of the calibration's directory, revised, into the
** new directory OUT_DIR (which must not exist). */
int ins_calibration_apply(const ins_calibration *k, const char *out_dir, char **errmsg);
void ins_calibration_free(ins_calibration *k);

/* ---- the monitoring report ---------------------------------------------------- */

typedef struct ins_report {
    char from[11], to[11];
    int64_t run_id;           /* latest scoring run created in the period; 0: none */
    size_t ntables;
    ins_result **tables;      /* the report's tables, in order */
    const char *const *names; /* a file-name stem per table ("01-indicators") */
    size_t noutline;
    double *outline;          /* district centroids (lat, lng pairs): the map's background */
} ins_report;

/*
** Computes the work plan's indicators for FROM..TO (inclusive): screening,
** worklists, inspections and outcomes, hit rates, workers affected and
** minors, by department and by sector, and mean establishment risk by
** department.  Aggregates only: no worker identity, no inspection note.
*/
int ins_report_build(ins_db *db, const char *from, const char *to, ins_report **out,
                     char **errmsg);
/* Renders a report as one self-contained HTML page (inline CSS and SVG). */
int ins_report_html(const ins_report *r, char **html);
void ins_report_free(ins_report *r);

#ifdef __cplusplus
}
#endif
#endif /* INSPECTOR_H */
