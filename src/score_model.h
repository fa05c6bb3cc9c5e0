/*
** score_model.h: the numbers of the scoring model, in one place.
**
** Every constant that shapes a score, or what a run stores beside its
** scores, is named here with what it means.  docs/DATA-MODEL.md ("How
** scores are computed") explains the computation they belong to.  A
** scoring run records each of them in runs.parameters (score.c,
** ins_score), so that a run can be reproduced from what it stored even
** after a later version changes one of them: change a value here, never
** where it is used, and add the key to runs.parameters when you add one.
**
** Included by score.c (the run, which records them), chain.c (which
** computes with them), explain.c and worklist.c (which read runs), and
** declares the one entry of chain.c.  At the end, the two thresholds of
** the evaluation of worklists (evaluate.c, report.c), which judge a
** model's results and are not recorded with runs.  Plain numbers: no
** data, no state.
*/
#ifndef INS_SCORE_MODEL_H
#define INS_SCORE_MODEL_H

#include "ins_internal.h"

/* ---- own risk: noisy-OR over rules (DATA-MODEL.md, "Own risk") -------------- */

/* A rule's hits count in decreasing order of contribution, each further
** hit at this factor times the weight of the one before (c / 2^k for the
** k-th further hit): repetition raises the risk with diminishing returns.
** runs.parameters: "repeat_factor". */
#define INS_SCORE_REPEAT_FACTOR 0.5

/* The k of the previous comment stops here: hits ranked further down
** still count, at the weight of this rank.  runs.parameters:
** "repeat_max_rank". */
#define INS_SCORE_REPEAT_MAX_RANK 16

/* ---- chain risk along supply edges (DATA-MODEL.md, "Chain risk") ------------ */

/* Tiers of propagation when the caller gives none (inspector score
** --tiers): risk travels at most this many supply edges.
** runs.parameters: "chain_tiers" (the value used). */
#define INS_SCORE_TIERS_DEFAULT 4

/* Damping of a supplier's risk at every tier when the caller gives none
** (inspector score --damping).  runs.parameters: "chain_damping" (the
** value used). */
#define INS_SCORE_DAMPING_DEFAULT 0.5

/* A supplier's contribution to a buyer (damping x share x the supplier's
** total) is stored as a chain_links row, for explain and the worklists'
** reasons, only from this value up; scores use every contribution.
** runs.parameters: "chain_link_min". */
#define INS_SCORE_CHAIN_LINK_MIN 1e-4

/* A buyer keeps at most this many chain_links rows, its strongest (and
** any tied with the weakest of them): explain shows the five strongest
** suppliers of each firm on a path and the worklists two, and nothing
** reads the others.  At 10^7 supply edges the weaker links were 3 x 10^6
** of a run's 7 x 10^6 rows.  Scores use every contribution.
** runs.parameters: "chain_links_kept". */
#define INS_SCORE_CHAIN_LINKS_KEPT 5

/* ---- the evaluation date ------------------------------------------------------ */

/* A run warns (ins_score_stats.outside_window) when fewer than this share
** of the dated documents fall within the rules' longest `within` window
** before the evaluation date: scoring last year's files as of today finds
** almost nothing, silently.  It changes no score, so it is not stored
** with the run. */
#define INS_SCORE_WINDOW_WARN_SHARE 0.5

/* ---- establishments (DATA-MODEL.md, "Establishments") ---------------------- */

/* A firm's risk reaches its establishments fully where the evidence
** points, and at this share elsewhere.  runs.parameters:
** "establishment_reach". */
#define INS_SCORE_ESTAB_REACH 0.6

/* ---- listings ------------------------------------------------------------------
** The link threshold of listings to firms and persons, above which a name
** match counts as a link rules can see, is INS_MATCH_LINK_THRESHOLD of
** match.h (docs/SCREENING.md); a run records the value it used as
** "listing_link_threshold". */

/* ---- worklists (not scores: how a run's scores become a list) ---------------- */

/* Rows of a worklist when the caller gives none (inspector worklist
** --top); recorded as "top" in worklists.parameters. */
#define INS_WORKLIST_TOP_DEFAULT 25

/* Targeted establishments of one firm when the caller gives none
** (--per-firm); recorded as "per_firm" in worklists.parameters. */
#define INS_WORKLIST_PER_FIRM_DEFAULT 1

/* From this chain risk up, a worklist row names the suppliers that carry
** risk into it and, without ILO indicators, says the hypothesis is the
** origin of the inputs.  Presentation only: the score is not changed. */
#define INS_WORKLIST_CHAIN_REASON_MIN 0.001

/* ---- evaluation (not scores: how worklists are judged, evaluate.c, report.c) ---- */

/* Below this many inspected rows a rate is marked as a small sample... */
#define INS_EVAL_SMALL_N 30
/* ...and so is a rate whose 95% Wilson interval is wider than this. */
#define INS_EVAL_SMALL_WIDTH 0.3

/*
** Computes the scores of run RUN from its hits (chain.c), inside the run's
** transaction: own risk, chain risk over TIERS tiers with DAMPING,
** establishments, carriers, vehicles and routes; stores scores,
** score_hits and chain_links.  Returns INS_OK or an error code.
*/
int insChainScore(ins_db *db, int64_t run, int tiers, double damping);

/* ---- calibration of rule weights on inspection outcomes (calibrate.c) -----------
** These judge and shape a proposal, not a run: they are printed with each
** calibration and stored in calibrations.parameters. */

/* The sd of the prior on logit(weight) around the weight as written: a rule
** inspected a few times moves little; hundreds of inspected hits move it
** where the outcomes say.  "prior_sd". */
#define INS_CALIB_PRIOR_SD 1.0

/* Newton iterations of one fit at most. */
#define INS_CALIB_MAX_ITERATIONS 100

/* A rule whose hits reached fewer inspected rows than this is too thin to
** fit: it is held at its written weight and marked.  "min_rule_rows". */
#define INS_CALIB_MIN_RULE_ROWS 10

/* calibrate fits nothing from fewer usable outcomes than this, or fewer
** confirmed cases: it says so and changes nothing.  "min_outcomes",
** "min_confirmed". */
#define INS_CALIB_MIN_OUTCOMES 30
#define INS_CALIB_MIN_CONFIRMED 5

/* A rule that reached at least this many inspected rows and never one
** confirmed is listed for review.  "review_rows". */
#define INS_CALIB_REVIEW_ROWS 20

/* A fitted weight that differs from the written one by less than this is
** not proposed: the patch changes only what moved.  "min_change". */
#define INS_CALIB_MIN_CHANGE 0.005

/* The k of lift at k on held-out rows (fewer when the folds hold fewer);
** and the default number of folds.  "lift_k", "folds". */
#define INS_CALIB_LIFT_K 50
#define INS_CALIB_FOLDS_DEFAULT 5

#endif /* INS_SCORE_MODEL_H */
