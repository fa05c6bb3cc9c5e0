/*
** match.h: the name and identifier matcher (internal interface).
**
** One matcher serves three callers: `inspector screen` (a CSV of names and
** ids against the listings in force), insMatchLinkListings (firms and
** persons of the database against the listings, called by scoring) and the
** name-pair benchmark (bench/namebench, tests/check_match).  See
** docs/SCREENING.md for the method and its limits.
**
** The code is in match_words.c, match_name.c, match_index.c, screen.c and
** match_link.c, in that order (match_int.h, their private header, says
** what each holds).  What the command needs, screening a file and
** decisions, is public and declared in inspector.h; this header is for
** the rest of libinspector (score.c links listings), the benchmark and the
** tests.
**
** Identifiers decide when present: an equal identifier (after
** insMatchNormId) is a match whatever the names say; identifiers of the
** same scheme that differ lower a name match.  Names are compared token by
** token after normalisation, transliteration and legal-form stripping, with
** a Spanish phonetic key, initials, name variants and character similarity.
*/
#ifndef INS_MATCH_H
#define INS_MATCH_H

#include "ins_internal.h"

#include <stdio.h>

/* ---- defaults ------------------------------------------------------------- */
/* INS_MATCH_THRESHOLD, INS_MATCH_REVIEW and ins_match_kind are public
** (inspector.h), with screening a file and decisions. */
#define INS_MATCH_LINK_THRESHOLD 0.90 /* linking listings to firms and persons */

/* Classification of a candidate. */
enum {
    INS_MS_NONE = 0,   /* below the review band */
    INS_MS_REVIEW = 1, /* review band */
    INS_MS_MATCH = 2,  /* at or above the threshold */
    INS_MS_CONFIRMED = 3 /* confirmed by a person earlier */
};

/* ---- names ---------------------------------------------------------------- */
typedef struct ins_mname ins_mname;

/* Analyses NAME (any script, any case) for comparison; NULL when out of
** memory.  Free with insMatchNameFree. */
ins_mname *insMatchNameNew(const char *name, ins_match_kind kind);
void insMatchNameFree(ins_mname *n);
/* Number of tokens left after legal forms were taken off. */
size_t insMatchNameTokens(const ins_mname *n);
/* Token I as analysed (normalised, transliterated, canonical). */
const char *insMatchNameToken(const ins_mname *n, size_t i);
/* Canonical legal forms found ("SAC", "LLC", ...), space separated, into
** OUT; returns OUT. */
const char *insMatchNameLegal(const ins_mname *n, char *out, size_t outsz);

/* Scores two analysed names in [0,1].  KIND is the kind to compare as
** (INS_MK_ANY: take A's).  When WHY is not NULL the explanation is
** appended to it (A is called the query, B the listing). */
double insMatchCompare(const ins_mname *a, const ins_mname *b, ins_match_kind kind, ins_buf *why);
/* Convenience: analyses and compares two strings. */
double insMatchScore(const char *a, const char *b, ins_match_kind kind, ins_buf *why);

/* Spanish phonetic key of one normalised token ("vazquez" -> "baskes") into
** OUT (always terminated); returns its length. */
size_t insMatchPhonetic(const char *token, char *out, size_t outsz);

/* Classifies a score: INS_MS_MATCH, INS_MS_REVIEW or INS_MS_NONE. */
int insMatchClassify(double score, double threshold, double review);
/* "match", "review", "confirmed" or "none". */
const char *insMatchStatusName(int status);

/* ---- identifiers ---------------------------------------------------------- */
/* Comparable form of an identifier: upper case, without spaces, dots,
** dashes, slashes and other punctuation.  OUT gets "" when nothing is left. */
void insMatchNormId(const char *raw, char *out, size_t outsz);
/* Guesses the scheme of a normalised identifier from its shape and check
** digit (PE-RUC, AR-CUIT, PE-DNI, EORI); NULL when it cannot tell. */
const char *insMatchIdScheme(const char *norm);
/* The key under which decisions on a screened record are stored: the
** normalised name, "|", the normalised ids sorted and comma separated.
** Malloc'd; NULL when out of memory. */
char *insMatchQueryKey(const char *name, const char *const *ids, size_t nids);

/* ---- the listing index ---------------------------------------------------- */
typedef struct ins_match_index ins_match_index;
typedef struct ins_match_scratch ins_match_scratch;

/* Which listings an index holds. */
enum {
    INS_MATCH_IN_FORCE = 0, /* in force on AS_OF (screening) */
    INS_MATCH_EVER = 1      /* listed on or before AS_OF, even if delisted since (linking) */
};

/*
** Loads the listings (names, aliases, identifiers) into an in-memory
** blocking index: one query per table, each name analysed once.  AS_OF is
** YYYY-MM-DD (NULL: today).  Once loaded the index is only read; queries
** write to a scratch (ins_match_scratch): insMatchQueryRun uses the
** index's own, so one query at a time; threads each use their own with
** insMatchQueryRunIn.
*/
int insMatchIndexLoad(ins_db *db, const char *as_of, int which, ins_match_index **out,
                      char **errmsg);
void insMatchIndexFree(ins_match_index *ix);
/* Names (primary and aliases) and listings held. */
size_t insMatchIndexNames(const ins_match_index *ix);
size_t insMatchIndexListings(const ins_match_index *ix);

/* A record to screen. */
typedef struct ins_match_query {
    const char *name;
    const char *ids[INS_MATCH_MAX_IDS]; /* raw identifiers */
    const char *schemes[INS_MATCH_MAX_IDS]; /* their schemes, NULL: guess */
    size_t nids;
    const char *birth_date; /* YYYY or YYYY-MM-DD, may be NULL */
    const char *country;    /* name or ISO code, may be NULL */
    ins_match_kind kind;
} ins_match_query;

/* A candidate listing for a query. */
typedef struct ins_match_hit {
    int64_t listing_id;
    const char *list_name;   /* owned by the index */
    const char *listed_name; /* the name or alias that matched; owned by the index */
    double score;
    int by_id;               /* decided by an identifier */
    char *why;               /* explanation, malloc'd */
} ins_match_hit;

/*
** Screens one record: candidates from identifiers and from the blocking
** keys of the name (capped), each scored, at most MAX hits with a score
** of at least MIN_SCORE, best first, one per listing.  *hits is malloc'd;
** free with insMatchHitsFree.
*/
int insMatchQueryRun(ins_match_index *ix, const ins_match_query *q, double min_score, size_t max,
                     ins_match_hit **hits, size_t *nhits);
void insMatchHitsFree(ins_match_hit *h, size_t n);
/* The same with scratch S (from insMatchScratchNew for IX): queries on one
** index may then run in several threads at once, one scratch each. */
int insMatchQueryRunIn(const ins_match_index *ix, ins_match_scratch *s, const ins_match_query *q,
                       double min_score, size_t max, ins_match_hit **hits, size_t *nhits);
/* A query scratch sized for IX; NULL when out of memory. */
ins_match_scratch *insMatchScratchNew(const ins_match_index *ix);
void insMatchScratchFree(ins_match_scratch *s);
/* Number of candidates scored by the last insMatchQueryRun (for the benchmark). */
size_t insMatchIndexLastScored(const ins_match_index *ix);

/* ---- linking listings to firms and persons ------------------------------- */
/*
** Fills listing_links (replacing its rows) with the listings listed on or
** before AS_OF that match a firm (names and tax ids) or a person (name and
** document) of the database: by identifier (score 1) or by name at or
** above THRESHOLD (0: INS_MATCH_LINK_THRESHOLD), with an explanation.
** Set-based: one query per table, an in-memory index, no query per row.
** Writes inside a savepoint, so it may be called inside a transaction.
** *links (if not NULL) receives the number of rows written.
*/
int insMatchLinkListings(ins_db *db, const char *as_of, double threshold, size_t *links);
/* The same in two steps, so that the screening (long at national scale)
** holds no write lock: insMatchLinkFind reads and screens on NTHREADS
** threads (0: the processors online; the links are the same for any
** number) into *OUT, insMatchLinkWrite replaces listing_links with them
** inside a savepoint.  Free *OUT with insMatchLinksFree. */
typedef struct ins_match_links ins_match_links;
int insMatchLinkFind(ins_db *db, const char *as_of, double threshold, unsigned nthreads, ins_match_links **out);
int insMatchLinkWrite(ins_db *db, const ins_match_links *l, size_t *written);
void insMatchLinksFree(ins_match_links *l);

/* ---- benchmark ------------------------------------------------------------ */
enum { INS_BENCH_ALL = 0, INS_BENCH_COMPANY = 1, INS_BENCH_PERSON = 2, INS_BENCH_SLICES = 3 };

typedef struct ins_match_prf {
    unsigned n, tp, fp, fn, tn;
    double precision, recall, f1;
} ins_match_prf;

/*
** Precision, recall and F1 on a labelled name-pair file (nomenklatura
** name_bench layout: schema, name1, name2, is_match).  With FILE_SCORES the
** file's own "score" column is used (the frozen reference results),
** otherwise each pair is scored with this matcher.  A pair is predicted a
** match when its score is at least THRESHOLD.  Slices: all rows, schema
** Company, schema Person.  When ERRORS is not NULL the misclassified pairs
** are written to it, one a line (FP/FN, score, schema, the two names).
*/
int insMatchBench(const char *path, int file_scores, double threshold,
                  ins_match_prf out[INS_BENCH_SLICES], FILE *errors, char **errmsg);

/* One case kind of a banded name-pair file (see insMatchBandBench). */
typedef struct ins_match_band {
    char kind[48];
    int expect;          /* INS_MS_MATCH, INS_MS_REVIEW or INS_MS_NONE */
    unsigned n;
    unsigned got[3];     /* pairs that landed in INS_MS_NONE, _REVIEW, _MATCH */
    ins_match_prf match; /* the match band against expect == match */
} ins_match_band;

/*
** Reads a banded name-pair file (columns kind, name1, name2, expect: match,
** review or none), scores every pair as persons, classifies it at
** THRESHOLD and REVIEW, and counts per kind where the pairs landed, with
** the precision and recall of the match band (a pair is a true match when
** it is expected in it).  At most MAX kinds, in the order they first
** appear, into OUT (*NOUT of them); pairs of further kinds are skipped.
** Pairs that land outside their band are written to ERRORS, with the
** explanation, when not NULL.
*/
int insMatchBandBench(const char *path, double threshold, double review, ins_match_band *out, size_t max,
                      size_t *nout, FILE *errors, char **errmsg);

#endif /* INS_MATCH_H */
