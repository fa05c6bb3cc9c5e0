/*
** check_score.c: own, chain and establishment scores (src/score.c,
** src/chain.c) on small graphs whose every number was computed by hand.
**
** Each test builds a fresh database with direct SQL (firms,
** establishments, documents, trade lines, transport legs), rebuilds the
** supply edges from the trade lines as an import does, writes its own rule
** file to tests/tmp, scores through ins_score and reads the scores table
** back.  The expected values are written below as the arithmetic of the
** documented model (docs/DATA-MODEL.md, "How scores are computed"):
**
**   c     = weight x strength of one hit
**   own   = 1 - prod(1 - c / 2^k), k the rank of the hit among the hits of
**           the same rule in decreasing c (k at most 16)
**   chain(b) = 1 - prod over edges s->b of (1 - damping x share x total(s)),
**           recomputed from the totals of the round before, chain_tiers rounds
**   total = 1 - (1 - own) x (1 - chain)
**   an establishment: its own hits in full and its firm's hits times the
**           reach (1 where the evidence points, 0.6 elsewhere), the firm's
**           chain times the reach.
**
** The rules select subjects by tax id, annex or leg description, and set
** their strengths with `strength:` expressions, so every hit is known.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EPS 1e-9

/* ---- building the world ------------------------------------------------- */

/*
** Adds a firm with tax id TAX under SCHEME (PE-RUC: a business; PE-DNI: a
** natural person) and returns its id.
*/
static int64_t add_firm(ins_db *db, const char *tax, const char *scheme)
{
    char key[64];
    snprintf(key, sizeof key, "%s:%s", scheme, tax);
    tu_exec(db, "INSERT INTO firms(key, scheme, tax_id, country, name, id_valid) VALUES(?, ?, ?, 'PE', ?, 1)",
            key, scheme, tax, tax, (const char *)NULL);
    return tu_int(db, "SELECT id FROM firms WHERE key = ?", key, (const char *)NULL);
}

/*
** Adds an establishment of the firm with tax id TAX (annex ANNEX, district
** UBIGEO, WORKERS workers) and returns its id.
*/
static int64_t add_estab(ins_db *db, const char *tax, const char *annex, const char *ubigeo, const char *workers)
{
    char key[64];
    snprintf(key, sizeof key, "%s|annex:%s", tax, annex);
    tu_exec(db, "INSERT INTO establishments(key, firm_id, annex_code, ubigeo, country, workers)"
                " SELECT ?, id, ?, ?, 'PE', CAST(? AS INTEGER) FROM firms WHERE tax_id = ?",
            key, annex, ubigeo, workers, tax, (const char *)NULL);
    return tu_int(db, "SELECT id FROM establishments WHERE key = ?", key, (const char *)NULL);
}

/*
** Adds document NUMBER (an invoice, or a guía when TYPE is "09") of one
** test file and returns its id.  The file row is made on first use.
*/
static int64_t add_doc(ins_db *db, const char *type, const char *number)
{
    tu_exec(db, "INSERT OR IGNORE INTO source_files(id, sha256, path, size, kind, imported_at)"
                " VALUES(1, 'check_score', 'check_score', 0, 'test', '2026-01-01T00:00:00Z')",
            (const char *)NULL);
    tu_exec(db, "INSERT INTO documents(file_id, kind, type_code, number, issue_date)"
                " VALUES(1, CASE WHEN ? = '09' THEN 'despatch' ELSE 'invoice' END, ?, ?, '2026-06-01')",
            type, type, number, (const char *)NULL);
    return tu_int(db, "SELECT MAX(id) FROM documents", (const char *)NULL);
}

/*
** Adds one trade line: SELLER sold BUYER (tax ids) goods of HS6 for
** AMOUNT, on an invoice of its own (SIGN "-1": a credit note).
*/
static void add_sale(ins_db *db, const char *seller, const char *buyer, const char *hs6, const char *amount,
                     const char *sign)
{
    static int n;
    char num[32];
    snprintf(num, sizeof num, "F001-%d", ++n);
    int64_t doc = add_doc(db, strcmp(sign, "-1") ? "01" : "07", num);
    char docs[24];
    snprintf(docs, sizeof docs, "%lld", (long long)doc);
    tu_exec(db, "INSERT INTO trade_lines(document_id, line_no, seller_firm_id, buyer_firm_id, date, hs6,"
                " tariff_code, amount, currency, sign)"
                " VALUES(?, '1', (SELECT id FROM firms WHERE tax_id = ?), (SELECT id FROM firms WHERE tax_id = ?),"
                " '2026-06-01', ?, ?, CAST(? AS REAL), 'PEN', CAST(? AS INTEGER))",
            docs, seller, buyer, hs6, hs6, amount, sign, (const char *)NULL);
}

/*
** Adds a transport leg (a guía) from SHIPPER to RECIPIENT (tax ids; NULL:
** unknown), carried by CARRIER (NULL: none), ORIGIN and DEST ubigeos
** (NULL: unknown), described as DESC (the rules pick legs by it), with
** one vehicle PLATE (NULL: none).
*/
static void add_leg(ins_db *db, const char *desc, const char *shipper, const char *recipient, const char *carrier,
                    const char *origin, const char *dest, const char *plate)
{
    char num[32];
    snprintf(num, sizeof num, "T001-%s", desc);
    int64_t doc = add_doc(db, "09", num);
    char docs[24];
    snprintf(docs, sizeof docs, "%lld", (long long)doc);
    tu_exec(db, "INSERT INTO transport_legs(document_id, source, shipper_firm_id, recipient_firm_id,"
                " carrier_firm_id, motivo, mode, start_date, origin_ubigeo, dest_ubigeo, description)"
                " VALUES(?, 'despatch', (SELECT id FROM firms WHERE tax_id = ?),"
                " (SELECT id FROM firms WHERE tax_id = ?), (SELECT id FROM firms WHERE tax_id = ?),"
                " '01', '01', '2026-06-01', NULLIF(?, ''), NULLIF(?, ''), ?)",
            docs, shipper ? shipper : "", recipient ? recipient : "", carrier ? carrier : "",
            origin ? origin : "", dest ? dest : "", desc, (const char *)NULL);
    if (plate)
        tu_exec(db, "INSERT INTO leg_vehicles(leg_id, plate) SELECT MAX(id), ? FROM transport_legs",
                plate, (const char *)NULL);
}

/* ---- rules and runs ------------------------------------------------------- */

/*
** Appends rule NAME (id "SC-NAME") on SUBJECT with WEIGHT, CONDITION, an
** optional STRENGTH expression and an optional `reaches` to B: every
** required meta key, so the rule checks clean and is evaluated.
*/
static void add_rule(ins_buf *b, const char *name, const char *subject, const char *weight, const char *condition,
                     const char *strength, const char *reaches)
{
    insBufPrintf(b,
                 "rule %s {\n meta:\n  id = \"SC-%s\"\n  rev = 1\n  title = \"%s\"\n  description = \"d\"\n"
                 "  indicators = [\"ilo.isolation\"]\n  severity = \"low\"\n  weight = %s\n"
                 "  legal_basis = \"l\"\n  guidance = \"g\"\n  audience = [\"labour\"]\n  status = \"stable\"\n"
                 "  author = \"check_score\"\n  date = 2026-11-28\n",
                 name, name, name, weight);
    if (reaches) insBufPrintf(b, "  reaches = \"%s\"\n", reaches);
    insBufPrintf(b, " subject: %s\n condition: %s\n", subject, condition);
    if (strength) insBufPrintf(b, " strength: %s\n", strength);
    insBufPrintf(b, " evidence: \"%s\"\n}\n", name);
}

/*
** Rebuilds the supply edges (as an import does), writes RULES to a file of
** this test, loads it (asserting no error) and scores the database as of
** 2026-11-28 with TIERS and DAMPING (0: the defaults) on THREADS threads
** (0: the processors online).  Returns the run id; *ERRORS receives the
** runtime errors of rules.
*/
static int64_t score_with(ins_db *db, const char *name, const char *rules, int tiers, double damping,
                          unsigned threads, size_t *errors)
{
    ck_assert_int_eq(insModelRebuildEdges(db), INS_OK);
    char file[96];
    snprintf(file, sizeof file, "score-%s-%ld.rules", name, (long)getpid());
    const char *paths[1] = {tu_tmpfile(file, rules)};
    ins_ruleset *rs = NULL;
    int ne = -1, nw = -1;
    ck_assert_int_eq(ins_ruleset_load(paths, 1, 0, NULL, NULL, &rs, &ne, &nw), INS_OK);
    ck_assert_int_eq(ne, 0);
    ins_score_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = "2026-11-28";
    o.chain_tiers = tiers;
    o.chain_damping = damping;
    o.threads = threads;
    ins_score_stats st;
    char *err = NULL;
    int rc = ins_score(db, rs, &o, NULL, NULL, &st, &err);
    ck_assert_msg(rc == INS_OK, "ins_score: %s", err ? err : "?");
    free(err);
    ins_ruleset_free(rs);
    *errors = st.rule_errors;
    return st.run_id;
}

/* score_with on the processors online, asserting that no rule failed. */
static int64_t score(ins_db *db, const char *name, const char *rules, int tiers, double damping)
{
    size_t errors = 0;
    int64_t run = score_with(db, name, rules, tiers, damping, 0, &errors);
    ck_assert_uint_eq(errors, 0);
    return run;
}

/* Column COL (own, chain or total) of the score of TYPE/KEY in RUN; NAN when missing. */
static double sc(ins_db *db, int64_t run, const char *type, const char *key, const char *col)
{
    char sql[160], runs[24];
    snprintf(sql, sizeof sql, "SELECT %s FROM scores WHERE run_id = ? AND subject_type = ? AND subject_key = ?", col);
    snprintf(runs, sizeof runs, "%lld", (long long)run);
    return tu_double(db, sql, runs, type, key, (const char *)NULL);
}

/* Column COL of the score of establishment ID in RUN. */
static double sc_estab(ins_db *db, int64_t run, int64_t id, const char *col)
{
    char sql[160], runs[24], ids[24];
    snprintf(sql, sizeof sql,
             "SELECT %s FROM scores WHERE run_id = ? AND subject_type = 'establishment' AND subject_id = ?", col);
    snprintf(runs, sizeof runs, "%lld", (long long)run);
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    return tu_double(db, sql, runs, ids, (const char *)NULL);
}

/* How many score rows TYPE/KEY has in RUN. */
static int64_t nrows(ins_db *db, int64_t run, const char *type, const char *key)
{
    char runs[24];
    snprintf(runs, sizeof runs, "%lld", (long long)run);
    return tu_int(db, "SELECT COUNT(*) FROM scores WHERE run_id = ? AND subject_type = ? AND subject_key = ?",
                  runs, type, key, (const char *)NULL);
}

/* Asserts GOT is EXPECTED within EPS, naming WHAT. */
#define assert_near(got, expected, what)                                                            \
    do {                                                                                            \
        double g_ = (got), e_ = (expected);                                                         \
        ck_assert_msg(fabs(g_ - e_) <= EPS, "%s: got %.15g, expected %.15g", (what), g_, e_);      \
    } while (0)

/* Asserts own, chain and total of firm TAX in RUN. */
static void assert_firm(ins_db *db, int64_t run, const char *tax, double own, double chain, double total)
{
    char what[64];
    snprintf(what, sizeof what, "own of %s", tax);
    assert_near(sc(db, run, "firm", tax, "own"), own, what);
    snprintf(what, sizeof what, "chain of %s", tax);
    assert_near(sc(db, run, "firm", tax, "chain"), chain, what);
    snprintf(what, sizeof what, "total of %s", tax);
    assert_near(sc(db, run, "firm", tax, "total"), total, what);
}

/* Asserts own, chain and total of establishment ID in RUN. */
static void assert_estab(ins_db *db, int64_t run, int64_t id, double own, double chain, double total)
{
    char what[64];
    snprintf(what, sizeof what, "own of establishment %lld", (long long)id);
    assert_near(sc_estab(db, run, id, "own"), own, what);
    snprintf(what, sizeof what, "chain of establishment %lld", (long long)id);
    assert_near(sc_estab(db, run, id, "chain"), chain, what);
    snprintf(what, sizeof what, "total of establishment %lld", (long long)id);
    assert_near(sc_estab(db, run, id, "total"), total, what);
}

/* ---- own risk and establishments --------------------------------------------- */

#define FA "20000000001"
#define FB "20000000002"
#define FC "20000000003"
#define FD "20000000004"
#define FG "20000000005"

/*
** Own risk: the noisy-OR over distinct rules, a rule's repeated hits at
** halving weight (ties in order, the rank capped at 16), and how a firm's
** risk reaches its establishments.
**
**   A (no establishment): rules OWN1 (0.6, strength 0.5) and OWN2 (0.3);
**   B (one establishment): OWN1 at strength 1;
**   C: the establishment rule SITE (0.4, strength workers / 10) on E1 (10
**      workers), E2 (5), E3 (2); E4 and E5 have no workers and no hit, E5 is
**      a source of E1's document (the evidence points at it), E4 is not;
**   D: SITE on two establishments of 10 workers (a tie);
**   G: SITE on 18 establishments of 10 workers (beyond the cap of 16).
*/
START_TEST(test_own_risk)
{
    ins_db *db = tu_db_new("score-own");
    add_firm(db, FA, "PE-RUC");
    add_firm(db, FB, "PE-RUC");
    add_firm(db, FC, "PE-RUC");
    add_firm(db, FD, "PE-RUC");
    add_firm(db, FG, "PE-RUC");
    int64_t b1 = add_estab(db, FB, "0000", "150101", "0");
    int64_t e1 = add_estab(db, FC, "0001", "150101", "10");
    int64_t e2 = add_estab(db, FC, "0002", "150102", "5");
    int64_t e3 = add_estab(db, FC, "0003", "150103", "2");
    int64_t e4 = add_estab(db, FC, "0004", "150104", "0");
    int64_t e5 = add_estab(db, FC, "0005", "150105", "0");
    int64_t d1 = add_estab(db, FD, "0001", "150101", "10");
    int64_t d2 = add_estab(db, FD, "0002", "150101", "10");
    int64_t g1 = 0;
    for (int i = 1; i <= 18; i++) {
        char annex[8];
        snprintf(annex, sizeof annex, "%04d", i);
        int64_t g = add_estab(db, FG, annex, "170101", "10");
        if (i == 1) g1 = g;
    }
    /* E1's first document (its hit's evidence) also names E5 as a source */
    int64_t doc = add_doc(db, "01", "F001-1");
    char docs[24], e1s[24], e4s[24], e5s[24];
    snprintf(docs, sizeof docs, "%lld", (long long)doc);
    snprintf(e1s, sizeof e1s, "%lld", (long long)e1);
    snprintf(e4s, sizeof e4s, "%lld", (long long)e4);
    snprintf(e5s, sizeof e5s, "%lld", (long long)e5);
    tu_exec(db, "UPDATE establishments SET first_document_id = ? WHERE id = ?", docs, e1s, (const char *)NULL);
    tu_exec(db, "INSERT INTO establishment_sources(establishment_id, document_id, role) VALUES(?, ?, 'seller')",
            e5s, docs, (const char *)NULL);

    ins_buf r;
    insBufInit(&r);
    add_rule(&r, "own1", "firm", "0.6", "tax_id in [\"" FA "\", \"" FB "\"]",
             "if tax_id == \"" FA "\" then 0.5 else 1", NULL);
    add_rule(&r, "own2", "firm", "0.3", "tax_id == \"" FA "\"", NULL, NULL);
    add_rule(&r, "site", "establishment", "0.4",
             "firm_tax_id in [\"" FC "\", \"" FD "\", \"" FG "\"] and workers > 0", "workers / 10", NULL);
    int64_t run = score(db, "own", insBufStr(&r), 0, 0);
    insBufFree(&r);

    /* the evidence of E1's hit is its document: what makes E5 "pointed at" */
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM hit_documents hd JOIN hits h ON h.id = hd.hit_id"
                         " WHERE h.subject_type = 'establishment' AND h.subject_id = ? AND hd.document_id = ?",
                  e1s, docs);

    /* A: two rules, 1 - (1 - 0.6*0.5) * (1 - 0.3*1.0) = 0.51 */
    double a = 1 - (1 - 0.6 * 0.5) * (1 - 0.3 * 1.0);
    assert_firm(db, run, FA, a, 0, a);
    /* A has no establishment: one row A/- for its registered address, at full reach */
    assert_near(sc(db, run, "establishment", FA "/-", "own"), a, "own of A/-");
    assert_near(sc(db, run, "establishment", FA "/-", "total"), a, "total of A/-");
    tu_assert_int(db, 0, "SELECT subject_id FROM scores WHERE subject_key = '" FA "/-'");

    /* B: one rule at strength 1; its only establishment gets it in full */
    assert_firm(db, run, FB, 0.6, 0, 0.6);
    assert_estab(db, run, b1, 0.6, 0, 0.6);

    /* C: one rule, three hits in decreasing c, each at half the weight of the
     * one before: 1 - (1 - 0.4*1.0) * (1 - 0.4*0.5/2) * (1 - 0.4*0.2/4) */
    double c = 1 - (1 - 0.4 * 1.0) * (1 - 0.4 * 0.5 / 2) * (1 - 0.4 * 0.2 / 4);
    assert_firm(db, run, FC, c, 0, c);
    ck_assert(c < 1 - (1 - 0.4) * (1 - 0.4)); /* one rule stays below 1 - (1 - c)^2 */
    /* E1-E3 were hit: their own hit in full and the firm's others (each hit
     * once) at reach 1, which is the firm's own risk */
    assert_estab(db, run, e1, c, 0, c);
    assert_estab(db, run, e2, c, 0, c);
    assert_estab(db, run, e3, c, 0, c);
    /* E5: a source of a document behind a hit, so reach 1 */
    assert_estab(db, run, e5, c, 0, c);
    /* E4: no evidence points at it, the firm has 5 sites: every hit at 60% */
    double c4 = 1 - (1 - 0.4 * 1.0 * 0.6) * (1 - 0.4 * 0.5 * 0.6 / 2) * (1 - 0.4 * 0.2 * 0.6 / 4);
    assert_estab(db, run, e4, c4, 0, c4);
    /* what each establishment's row is made of: E4 carries C's three hits */
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM score_hits sh JOIN scores s ON s.run_id = sh.run_id"
                         " AND s.subject_type = sh.subject_type AND s.subject_key = sh.subject_key"
                         " WHERE s.subject_type = 'establishment' AND s.subject_id = ?",
                  e4s);

    /* D: a tie counts in order, 1 - (1 - 0.4) * (1 - 0.4/2) = 0.52 */
    double d = 1 - (1 - 0.4) * (1 - 0.4 / 2);
    assert_firm(db, run, FD, d, 0, d);
    assert_estab(db, run, d1, d, 0, d);
    assert_estab(db, run, d2, d, 0, d);

    /* G: 18 equal hits of one rule; the k-th further hit at 0.4/2^k, k at
     * most 16 (so the 17th and 18th hits both count at 0.4/2^16):
     * 1 - (1-0.4)(1-0.4/2)(1-0.4/4)...(1-0.4/2^16)(1-0.4/2^16) */
    double p = 1;
    for (int k = 0; k < 18; k++) p *= 1 - 0.4 / pow(2, k < 16 ? k : 16);
    assert_firm(db, run, FG, 1 - p, 0, 1 - p);
    assert_estab(db, run, g1, 1 - p, 0, 1 - p);
    ins_db_close(db);
}
END_TEST

/* ---- chain risk ------------------------------------------------------------ */

#define S1 "20100000001"
#define S2 "20100000002"
#define CB "20100000003"
#define CC "20100000004"
#define CX "20100000005"
#define CD "20100000006"
#define CE "20100000007"
#define CF "20100000008"

/*
** Chain risk along a line of buyers: S1 (own 0.8) and S2 (own 0.5) supply
** B (own 0.2) with heading 7108, S1 for 400 less a credit note of 100, S2
** for 100 (shares 0.75 and 0.25), and S2 alone supplies B with 0901 (share
** 1, a second factor).  B and X (no risk) each sell C half of its 7108; C
** sells D, D sells E, E sells F (share 1 each).  With the defaults (4
** tiers, damping 0.5) risk travels four tiers: F, four tiers after B, gets
** B's own risk, not the risk of S1 and S2, five tiers away.
*/
START_TEST(test_chain)
{
    ins_db *db = tu_db_new("score-chain");
    static const char *const tax[] = {S1, S2, CB, CC, CX, CD, CE, CF};
    for (size_t i = 0; i < INS_ARRAY_LEN(tax); i++) add_firm(db, tax[i], "PE-RUC");
    int64_t b1 = add_estab(db, CB, "0001", "150101", "0");
    int64_t b2 = add_estab(db, CB, "0002", "150102", "0");
    add_sale(db, S1, CB, "710812", "400", "1");
    add_sale(db, S1, CB, "710812", "100", "-1");
    add_sale(db, S2, CB, "710813", "100", "1");
    add_sale(db, S2, CB, "090111", "50", "1");
    add_sale(db, CB, CC, "710812", "1000", "1");
    add_sale(db, CX, CC, "710812", "1000", "1");
    add_sale(db, CC, CD, "710812", "10", "1");
    add_sale(db, CD, CE, "710812", "10", "1");
    add_sale(db, CE, CF, "710812", "10", "1");

    ins_buf r;
    insBufInit(&r);
    add_rule(&r, "own_s1", "firm", "0.8", "tax_id == \"" S1 "\"", NULL, NULL);
    add_rule(&r, "own_s2", "firm", "0.5", "tax_id == \"" S2 "\"", NULL, NULL);
    add_rule(&r, "own_b", "firm", "0.2", "tax_id == \"" CB "\"", NULL, NULL);
    int64_t run = score(db, "chain", insBufStr(&r), 0, 0);

    /* the shares the chain weighs by: of what B bought of each heading */
    static const char qshare[] =
        "SELECT e.share FROM supply_edges e JOIN firms s ON s.id = e.supplier_firm_id"
        " JOIN firms b ON b.id = e.buyer_firm_id WHERE s.tax_id = ? AND b.tax_id = ? AND e.product = ?";
    assert_near(tu_double(db, qshare, S1, CB, "7108", (const char *)NULL), 300.0 / 400.0, "share S1->B");
    assert_near(tu_double(db, qshare, S2, CB, "7108", (const char *)NULL), 100.0 / 400.0, "share S2->B 7108");
    assert_near(tu_double(db, qshare, S2, CB, "0901", (const char *)NULL), 1.0, "share S2->B 0901");
    assert_near(tu_double(db, qshare, CB, CC, "7108", (const char *)NULL), 0.5, "share B->C");

    /* suppliers have no suppliers: own only */
    assert_firm(db, run, S1, 0.8, 0, 0.8);
    assert_firm(db, run, S2, 0.5, 0, 0.5);
    /* B: one factor per (supplier, buyer, product) edge, from round 1 on:
     * 1 - (1 - 0.5*0.75*0.8) * (1 - 0.5*0.25*0.5) * (1 - 0.5*1.0*0.5) */
    double chb = 1 - (1 - 0.5 * 0.75 * 0.8) * (1 - 0.5 * 0.25 * 0.5) * (1 - 0.5 * 1.0 * 0.5);
    double tb = 1 - (1 - 0.2) * (1 - chb); /* own and chain combined */
    assert_firm(db, run, CB, 0.2, chb, tb);
    /* C (round 2): B's total through half of C's 7108, X adds nothing */
    double chc = 1 - (1 - 0.5 * 0.5 * tb) * (1 - 0.5 * 0.5 * 0.0);
    assert_firm(db, run, CC, 0, chc, chc);
    /* D (settled in round 3) and E (round 4), damped at every tier */
    double chd = 0.5 * 1.0 * chc;
    double che = 0.5 * 1.0 * chd;
    assert_firm(db, run, CD, 0, chd, chd);
    assert_firm(db, run, CE, 0, che, che);
    /* F, round by round, sees only what started four tiers before it:
     * round 1 C = 0.5*0.5*0.2 (B's own), round 2 D = 0.5*C, round 3 E = 0.5*D,
     * round 4 F = 0.5*E; S1 and S2 would need a fifth round */
    double chf = 0.5 * (0.5 * (0.5 * (0.5 * 0.5 * 0.2)));
    assert_firm(db, run, CF, 0, chf, chf);
    /* X has no risk and no supplier: no row */
    ck_assert_int_eq(nrows(db, run, "firm", CX), 0);

    /* B's two establishments: no evidence points at either, so both get
     * B's own hit and B's chain at 60% */
    double eown = 0.2 * 0.6, echain = chb * 0.6;
    assert_estab(db, run, b1, eown, echain, 1 - (1 - eown) * (1 - echain));
    assert_estab(db, run, b2, eown, echain, 1 - (1 - eown) * (1 - echain));
    /* C has no known establishment: C/- at full reach, chain only */
    assert_near(sc(db, run, "establishment", CC "/-", "chain"), chc, "chain of C/-");
    assert_near(sc(db, run, "establishment", CC "/-", "total"), chc, "total of C/-");

    /* the link B->C of the last tier, for explain: damping x share x B's total */
    char runs[24];
    snprintf(runs, sizeof runs, "%lld", (long long)run);
    static const char qlink[] =
        "SELECT %s FROM chain_links l JOIN firms s ON s.id = l.supplier_firm_id"
        " JOIN firms b ON b.id = l.buyer_firm_id WHERE l.run_id = ? AND s.tax_id = ? AND b.tax_id = ?";
    char q[400];
    snprintf(q, sizeof q, qlink, "contribution");
    assert_near(tu_double(db, q, runs, CB, CC, (const char *)NULL), 0.5 * 0.5 * tb, "link B->C");
    snprintf(q, sizeof q, qlink, "supplier_total");
    assert_near(tu_double(db, q, runs, CB, CC, (const char *)NULL), tb, "supplier total B->C");
    /* X->C contributes 0: left out */
    snprintf(q, sizeof q, qlink, "COUNT(*)");
    assert_near(tu_double(db, q, runs, CX, CC, (const char *)NULL), 0, "link X->C");

    /* five tiers: F gets 0.5 x E's settled total, S1's and S2's risk included */
    int64_t run5 = score(db, "chain5", insBufStr(&r), 5, 0.5);
    assert_firm(db, run5, CE, 0, che, che);
    assert_firm(db, run5, CF, 0, 0.5 * che, 0.5 * che);

    /* two tiers at damping 0.8: B and C settle; D gets only what C had
     * after round 1 (B's own), E nothing */
    int64_t run2 = score(db, "chain2", insBufStr(&r), 2, 0.8);
    double chb2 = 1 - (1 - 0.8 * 0.75 * 0.8) * (1 - 0.8 * 0.25 * 0.5) * (1 - 0.8 * 1.0 * 0.5);
    double tb2 = 1 - (1 - 0.2) * (1 - chb2);
    assert_firm(db, run2, CB, 0.2, chb2, tb2);
    assert_firm(db, run2, CC, 0, 0.8 * 0.5 * tb2, 0.8 * 0.5 * tb2);
    double chd2 = 0.8 * 1.0 * (0.8 * 0.5 * 0.2);
    assert_firm(db, run2, CD, 0, chd2, chd2);
    ck_assert_int_eq(nrows(db, run2, "firm", CE), 0);
    insBufFree(&r);
    ins_db_close(db);
}
END_TEST

#define CP "20200000001"
#define CQ "20200000002"
#define C3X "20200000003"
#define C3Y "20200000004"
#define C3Z "20200000005"

/*
** Cycles in the supply graph: P and Q sell to each other (P own 0.6); X
** sells Y, Y sells Z, Z sells X (X own 0.5); every share is 1.  Each
** round recomputes every chain from the totals of the round before, so
** the run stops after its tiers whatever the graph, and with many tiers
** it settles on the fixed point of the equations.
*/
START_TEST(test_cycles)
{
    ins_db *db = tu_db_new("score-cycle");
    static const char *const tax[] = {CP, CQ, C3X, C3Y, C3Z};
    for (size_t i = 0; i < INS_ARRAY_LEN(tax); i++) add_firm(db, tax[i], "PE-RUC");
    add_sale(db, CP, CQ, "710812", "100", "1");
    add_sale(db, CQ, CP, "710812", "100", "1");
    add_sale(db, C3X, C3Y, "710812", "100", "1");
    add_sale(db, C3Y, C3Z, "710812", "100", "1");
    add_sale(db, C3Z, C3X, "710812", "100", "1");

    ins_buf r;
    insBufInit(&r);
    add_rule(&r, "own_p", "firm", "0.6", "tax_id == \"" CP "\"", NULL, NULL);
    add_rule(&r, "own_x", "firm", "0.5", "tax_id == \"" C3X "\"", NULL, NULL);
    int64_t run = score(db, "cycle", insBufStr(&r), 0, 0);

    /* two-cycle, round by round (P, Q totals):
     *   start     0.6, 0
     *   round 1   0.6, 0.5*0.6 = 0.3
     *   round 2   1 - 0.4*(1 - 0.5*0.3) = 0.66, 0.3
     *   round 3   0.66, 0.5*0.66 = 0.33
     *   round 4   chain 0.5*0.33 = 0.165, total 1 - 0.4*(1 - 0.165) = 0.666; Q 0.33 */
    assert_firm(db, run, CP, 0.6, 0.5 * 0.33, 1 - (1 - 0.6) * (1 - 0.5 * 0.33));
    assert_firm(db, run, CQ, 0, 0.5 * 0.66, 0.5 * 0.66);
    /* three-cycle (X, Y, Z totals):
     *   start     0.5, 0, 0
     *   round 1   0.5, 0.25, 0
     *   round 2   0.5, 0.25, 0.125
     *   round 3   chain 0.5*0.125 = 0.0625, total 1 - 0.5*(1 - 0.0625) = 0.53125; 0.25; 0.125
     *   round 4   0.53125; 0.5*0.53125 = 0.265625; 0.125 */
    assert_firm(db, run, C3X, 0.5, 0.5 * 0.125, 1 - (1 - 0.5) * (1 - 0.5 * 0.125));
    assert_firm(db, run, C3Y, 0, 0.5 * 0.53125, 0.5 * 0.53125);
    assert_firm(db, run, C3Z, 0, 0.5 * 0.25, 0.5 * 0.25);

    /* sixty tiers: the fixed point.  P = 1 - 0.4*(1 - 0.5*Q), Q = 0.5*P
     * gives P = 2/3, Q = 1/3; X = 1 - 0.5*(1 - 0.5*Z), Y = 0.5*X, Z = 0.5*Y
     * gives X = 8/15, Y = 4/15, Z = 2/15 (the error shrinks tenfold, and
     * sixteenfold, every cycle) */
    int64_t run60 = score(db, "cycle60", insBufStr(&r), 60, 0.5);
    assert_firm(db, run60, CP, 0.6, 0.5 * (1.0 / 3), 2.0 / 3);
    assert_firm(db, run60, CQ, 0, 1.0 / 3, 1.0 / 3);
    assert_firm(db, run60, C3X, 0.5, 0.5 * (2.0 / 15), 8.0 / 15);
    assert_firm(db, run60, C3Y, 0, 4.0 / 15, 4.0 / 15);
    assert_firm(db, run60, C3Z, 0, 2.0 / 15, 2.0 / 15);
    insBufFree(&r);
    ins_db_close(db);
}
END_TEST

/* ---- leg hits ---------------------------------------------------------------- */

#define SH1 "20300000001"
#define RC1 "20300000002"
#define CAR "20300000003"
#define SH2 "20300000004"
#define RC2 "20300000005"
#define SH3 "20300000006"
#define RC3 "20300000007"
#define SH4 "20300000008"
#define SH5 "20300000009"
#define DNI "41234567"

/*
** A run computes apart and is read only once complete: two runs in a row
** give hits, documents and score contributions that belong to their own
** run (the second run's hits are copied after the first's), no temporary
** table stays behind, and a run still marked running is ignored by
** ins_latest_run.
*/
START_TEST(test_runs_apart)
{
    ins_db *db = tu_db_new("score-runs");
    add_firm(db, FA, "PE-RUC");
    add_firm(db, FB, "PE-RUC");
    ins_buf r;
    insBufInit(&r);
    add_rule(&r, "own1", "firm", "0.6", "tax_id in [\"" FA "\", \"" FB "\"]", NULL, NULL);
    int64_t run1 = score(db, "runs1", insBufStr(&r), 0, 0);
    int64_t run2 = score(db, "runs2", insBufStr(&r), 0, 0);
    insBufFree(&r);
    ck_assert_int_lt(run1, run2);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM runs WHERE status = 'complete'");
    tu_assert_int(db, 4, "SELECT COUNT(*) FROM hits");
    tu_assert_int(db, 1, "SELECT MIN(h2.id) > MAX(h1.id) FROM hits h1, hits h2 WHERE h1.run_id = 1 AND h2.run_id = 2");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM score_hits s JOIN hits h ON h.id = s.hit_id WHERE h.run_id <> s.run_id");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM score_hits s WHERE NOT EXISTS(SELECT 1 FROM hits h WHERE h.id = s.hit_id)");
    /* each hit reaches its firm and the firm's one (unnamed) establishment */
    tu_assert_int(db, 4, "SELECT COUNT(*) FROM score_hits WHERE run_id = 2");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM temp.sqlite_master");
    tu_assert_int(db, 1, "PRAGMA foreign_keys");
    ck_assert_int_eq(ins_latest_run(db), run2);
    tu_exec(db, "UPDATE runs SET status = 'running' WHERE id = 2", (const char *)NULL);
    ck_assert_int_eq(ins_latest_run(db), run1);
    ins_db_close(db);
}
END_TEST

/*
** A run is the same on one thread or on several: the same hits, in the
** same order, with the same evidence and documents.  A runtime error (a
** regular expression over its match limit on the 25th of 40 firms) stops
** its rule as on one thread: the hits of the firms before it are kept,
** none after, whichever thread evaluated them.
*/
START_TEST(test_threads)
{
    ins_db *db = tu_db_new("score-threads");
    for (int i = 1; i <= 40; i++) {
        char tax[16], name[96], ids[8];
        snprintf(tax, sizeof tax, "205%08d", i);
        add_firm(db, tax, "PE-RUC");
        if (i == 25) snprintf(name, sizeof name, "%s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
        else snprintf(name, sizeof name, "aaaa %d", i);
        snprintf(ids, sizeof ids, "%d", i);
        tu_exec(db, "UPDATE firms SET name = ? WHERE id = ?", name, ids, (const char *)NULL);
    }
    ins_buf r;
    insBufInit(&r);
    add_rule(&r, "even", "firm", "0.2", "tax_id endswith \"0\" or tax_id endswith \"2\"", NULL, NULL);
    add_rule(&r, "regex", "firm", "0.3", "name matches /^(a+)+$/ or name startswith \"aaaa\"", NULL, NULL);
    char *hits[2] = {NULL, NULL};
    static const char q[] =
        "SELECT group_concat(rule_id || '|' || subject_key || '|' || strength || '|' || evidence, '~')"
        " FROM (SELECT * FROM hits WHERE run_id = ? ORDER BY id)";
    for (int k = 0; k < 2; k++) {
        size_t errors = 0;
        int64_t run = score_with(db, k ? "threads3" : "threads1", insBufStr(&r), 0, 0, k ? 3 : 1, &errors);
        ck_assert_uint_eq(errors, 1);
        char runs[24];
        snprintf(runs, sizeof runs, "%lld", (long long)run);
        hits[k] = tu_text(db, q, runs, (const char *)NULL);
        ck_assert_ptr_nonnull(hits[k]);
        /* the regex rule: firms 1 to 24, not 25 (the error) nor after */
        tu_assert_int(db, 24, "SELECT COUNT(*) FROM hits WHERE run_id = ? AND rule_id = 'SC-regex'", runs,
                      (const char *)NULL);
        tu_assert_int(db, 0, "SELECT COUNT(*) FROM hits h JOIN firms f ON f.id = h.subject_id WHERE h.run_id = ?"
                             " AND h.rule_id = 'SC-regex' AND f.id >= 25", runs, (const char *)NULL);
        tu_assert_int(db, 1, "SELECT COUNT(*) FROM run_errors WHERE run_id = ? AND rule_id = 'SC-regex'"
                             " AND subject_key = '20500000025'", runs, (const char *)NULL);
        /* the other rule is not stopped: 8 firms end in 0 or 2 */
        tu_assert_int(db, 8, "SELECT COUNT(*) FROM hits WHERE run_id = ? AND rule_id = 'SC-even'", runs,
                      (const char *)NULL);
    }
    ck_assert_str_eq(hits[0], hits[1]);
    free(hits[0]);
    free(hits[1]);
    insBufFree(&r);
    ins_db_close(db);
}
END_TEST

/*
** Where a leg hit goes: both ends unless the rule's `reaches` says one,
** the ends' establishments in the districts of origin and destination,
** the carrier, the vehicle and the route; never a natural person; the
** same firm at both ends once.
**   L1 SH1 -> RC1 (150101 -> 170101, carrier CAR, plate ABC-123), rule BOTH (0.4)
**   L2 SH2 -> RC2, rule SHIP (0.3, reaches shipper)
**   L3 SH3 -> RC3, rule RECIP (0.2, reaches recipient)
**   L4 SH4 -> a person (DNI), rule BOTH
**   L5 SH5 -> SH5, rule BOTH
*/
START_TEST(test_leg_reaches)
{
    ins_db *db = tu_db_new("score-leg");
    static const char *const tax[] = {SH1, RC1, CAR, SH2, RC2, SH3, RC3, SH4, SH5};
    for (size_t i = 0; i < INS_ARRAY_LEN(tax); i++) add_firm(db, tax[i], "PE-RUC");
    add_firm(db, DNI, "PE-DNI");
    int64_t s1o = add_estab(db, SH1, "0001", "150101", "0"); /* at the origin */
    int64_t s1x = add_estab(db, SH1, "0002", "170101", "0");
    int64_t r1d = add_estab(db, RC1, "0001", "170101", "0"); /* at the destination */
    int64_t r1x = add_estab(db, RC1, "0002", "150101", "0");
    add_leg(db, "L1", SH1, RC1, CAR, "150101", "170101", "ABC-123");
    add_leg(db, "L2", SH2, RC2, NULL, NULL, NULL, NULL);
    add_leg(db, "L3", SH3, RC3, NULL, NULL, NULL, NULL);
    add_leg(db, "L4", SH4, DNI, NULL, NULL, NULL, NULL);
    add_leg(db, "L5", SH5, SH5, NULL, NULL, NULL, NULL);

    ins_buf r;
    insBufInit(&r);
    add_rule(&r, "leg_both", "leg", "0.4", "description in [\"L1\", \"L4\", \"L5\"]", NULL, NULL);
    add_rule(&r, "leg_ship", "leg", "0.3", "description == \"L2\"", NULL, "shipper");
    add_rule(&r, "leg_recip", "leg", "0.2", "description == \"L3\"", NULL, "recipient");
    int64_t run = score(db, "leg", insBufStr(&r), 0, 0);
    insBufFree(&r);
    tu_assert_int(db, 5, "SELECT COUNT(*) FROM hits");

    /* L1: both ends, the carrier, the vehicle and the route, 0.4 each */
    assert_firm(db, run, SH1, 0.4, 0, 0.4);
    assert_firm(db, run, RC1, 0.4, 0, 0.4);
    assert_near(sc(db, run, "carrier", CAR, "total"), 0.4, "carrier");
    assert_near(sc(db, run, "vehicle", "ABC-123", "total"), 0.4, "vehicle");
    assert_near(sc(db, run, "route", "150101>170101", "total"), 0.4, "route");
    ck_assert_int_eq(nrows(db, run, "firm", CAR), 0); /* as a firm, the carrier is not an end */
    /* the shipper's site at the origin and the recipient's at the
     * destination were reached directly; their other sites at 60% */
    assert_estab(db, run, s1o, 0.4, 0, 0.4);
    assert_estab(db, run, r1d, 0.4, 0, 0.4);
    assert_estab(db, run, s1x, 0.4 * 0.6, 0, 0.4 * 0.6);
    assert_estab(db, run, r1x, 0.4 * 0.6, 0, 0.4 * 0.6);
    /* L2 reaches the shipper only, L3 the recipient only */
    assert_firm(db, run, SH2, 0.3, 0, 0.3);
    ck_assert_int_eq(nrows(db, run, "firm", RC2), 0);
    ck_assert_int_eq(nrows(db, run, "establishment", RC2 "/-"), 0);
    assert_near(sc(db, run, "establishment", SH2 "/-", "total"), 0.3, "SH2/-");
    assert_firm(db, run, RC3, 0.2, 0, 0.2);
    ck_assert_int_eq(nrows(db, run, "firm", SH3), 0);
    /* L4: a natural person is not a firm to inspect */
    assert_firm(db, run, SH4, 0.4, 0, 0.4);
    ck_assert_int_eq(nrows(db, run, "firm", DNI), 0);
    ck_assert_int_eq(nrows(db, run, "establishment", DNI "/-"), 0);
    /* L5: the same firm at both ends counts once, not 1 - (1 - 0.4)^2 */
    assert_firm(db, run, SH5, 0.4, 0, 0.4);
    ins_db_close(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("score");
    TCase *tc = tcase_create("score");
    tcase_add_test(tc, test_own_risk);
    tcase_add_test(tc, test_chain);
    tcase_add_test(tc, test_cycles);
    tcase_add_test(tc, test_leg_reaches);
    tcase_add_test(tc, test_runs_apart);
    tcase_add_test(tc, test_threads);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
