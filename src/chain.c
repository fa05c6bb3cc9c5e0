/*
** chain.c: from the hits of a run to scores.
**
** Own risk.  Each hit contributes weight x strength.  A subject's own risk
** is a noisy-OR over the rules that fired, 1 - prod(1 - c): distinct rules
** are independent signals that add up, never beyond 1, in any order; the
** hits of one rule count in decreasing strength, each at half the weight
** of the one before, at most 16 times halved (repetition helps, with
** diminishing returns).  Hits
** reach the subjects the evidence is about:
**   firm hits          -> the firm;
**   establishment hits -> the establishment and its firm;
**   leg hits           -> the firms at both ends of the leg (or only the
**                         shipper or the recipient when the rule's `reaches`
**                         says so), their establishments in the districts
**                         of origin and destination, the carrier, each
**                         vehicle and the route (origin > destination);
**   carrier hits       -> the carrier;  vehicle hits -> the vehicle.
** Natural persons (firms keyed by a DNI, CE, passport or PTP) are not
** firms to inspect: leg hits do not reach them, and they get no
** registered-address row.
**
** Chain risk.  Risk travels from suppliers to buyers along supply edges,
** weighted by the supplier's share of what the buyer bought of that
** product (EU Forced Labour Regulation, Art. 14(2): share of the suspect
** input) and damped at every tier:
**   chain(b) = 1 - prod over edges s->b of (1 - damping x share x total(s))
**   total(f) = 1 - (1 - own(f)) x (1 - chain(f))
** computed in memory over the whole graph (a CSR array of edges by buyer),
** iterated a bounded number of tiers, so cycles cannot run away.
**
** Establishments.  A firm's hits and chain risk reach each of its
** establishments: fully where the evidence points (the establishment is a
** source of a document behind a hit of the run, the firm has one
** site, or the establishment has hits of its own), at 60% elsewhere
** (INS_SCORE_ESTAB_REACH).
** Business firms with risk but no known establishment get one row for
** their registered address.
**
** Cross-border.  A firm that sold to foreign buyers or issued export
** invoices is marked as an exporter with the buyers' countries: a lead for
** the partner state.
**
** insChainScore runs these phases in order, one static function each:
** load_firms (the per-firm arrays), route_hits and route_leg_places (hits
** to the subjects they reach), own risk of firms, load_edges (the supply
** graph as CSR), propagate (chain risk, tier by tier), store_chain_links,
** add_risky_firms, establishment_reach, establishment_scores (and the
** carriers, vehicles and routes), store_scores.  The numbers of the model
** are named in score_model.h.
*/
#include "ins_internal.h"
#include "score_model.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* ---- subjects and their contributions ------------------------------------------ */

/* One hit's contribution (weight x strength, at most 1) to a subject. */
typedef struct contrib {
    int64_t hit;
    int rule; /* index of the rule in the run (ruletab) */
    double c;
} contrib;

/* A scored subject: its key in scores, ids, the hits that reached it. */
typedef struct subj {
    char *key;
    int64_t id;
    int64_t firm;
    const char *type;
    contrib *v;
    size_t n, cap;
    double own, chain, total;
} subj;

/* The subjects of one type, in the order they were first reached. */
typedef struct subjset {
    subj *v;
    size_t n, cap;
    /* open-addressing index by key */
    size_t *slot;
    size_t nslot;
} subjset;

/* Hash of S, for the subject index (which finds subjects, never orders them). */
static uint64_t hash_str(const char *s)
{
    return insUHashBytes(s, strlen(s));
}

/*
** Doubles the hash index of S (1024 slots at first) and re-enters every
** subject.  The index is kept at most half full.  Returns 0 when out of
** memory (S unchanged).
*/
static int set_rehash(subjset *s)
{
    size_t nslot = s->nslot ? s->nslot * 2 : 1024;
    if (nslot < s->nslot || nslot > SIZE_MAX / sizeof *s->slot) return 0;
    size_t *slot = malloc(nslot * sizeof *slot);
    if (!slot) return 0;
    for (size_t i = 0; i < nslot; i++) slot[i] = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++) {
        size_t h = (size_t)(hash_str(s->v[i].key) & (nslot - 1));
        while (slot[h] != SIZE_MAX) h = (h + 1) & (nslot - 1);
        slot[h] = i;
    }
    free(s->slot);
    s->slot = slot;
    s->nslot = nslot;
    return 1;
}

/*
** Finds the subject KEY of S, or adds it with TYPE, ID and FIRM (the
** arguments are ignored when it exists).  Returns NULL when out of
** memory.  The pointer is valid until the next subject is added to S.
*/
static subj *set_get(subjset *s, const char *type, const char *key, int64_t id, int64_t firm)
{
    if (s->n * 2 >= s->nslot && !set_rehash(s)) return NULL;
    size_t h = (size_t)(hash_str(key) & (s->nslot - 1));
    while (s->slot[h] != SIZE_MAX) {
        subj *x = &s->v[s->slot[h]];
        if (!strcmp(x->key, key)) return x;
        h = (h + 1) & (s->nslot - 1);
    }
    subj *v = insUGrow(s->v, &s->cap, s->n + 1, sizeof *v);
    if (!v) return NULL;
    s->v = v;
    subj *x = &s->v[s->n];
    memset(x, 0, sizeof *x);
    x->key = insUStrdup(key);
    x->id = id;
    x->firm = firm;
    x->type = type;
    if (!x->key) return NULL;
    s->slot[h] = s->n++;
    return x;
}

/*
** Adds the contribution C of hit HIT (of rule RULE) to X, unless the hit
** reached X already: a hit counts once per subject, however many ways it
** arrives (a leg whose shipper is also its recipient).  Returns 0 when out
** of memory.
*/
static int add_contrib(subj *x, int64_t hit, int rule, double c)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->v[i].hit == hit) return 1;
    contrib *v = insUGrow(x->v, &x->cap, x->n + 1, sizeof *v);
    if (!v) return 0;
    x->v = v;
    x->v[x->n].hit = hit;
    x->v[x->n].rule = rule;
    x->v[x->n].c = c;
    x->n++;
    return 1;
}

/* Frees the subjects of S and their contributions, and empties S. */
static void set_free(subjset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].key);
        free(s->v[i].v);
    }
    free(s->v);
    free(s->slot);
    memset(s, 0, sizeof *s);
}

/*
** Own risk: noisy-OR over the rules that fired.  Distinct rules are
** independent signals.  Repeated hits of one rule (twenty guías caught by
** the same rule) are not twenty independent signals: a rule's hits count in
** decreasing order of contribution (ties in the order they reached X), the
** k-th further hit at INS_SCORE_REPEAT_FACTOR^k of its contribution, k at
** most INS_SCORE_REPEAT_MAX_RANK, so repetition raises the risk with
** diminishing returns and one rule alone stays below 1 - (1 - c)^2.
*/
static double noisy_or(const subj *x)
{
    double p = 1;
    for (size_t i = 0; i < x->n; i++) {
        int rank = 0;
        for (size_t j = 0; j < x->n && rank < INS_SCORE_REPEAT_MAX_RANK; j++)
            if (j != i && x->v[j].rule == x->v[i].rule &&
                (x->v[j].c > x->v[i].c || (x->v[j].c == x->v[i].c && j < i)))
                rank++;
        double c = x->v[i].c;
        for (int k = 0; k < rank; k++) c *= INS_SCORE_REPEAT_FACTOR;
        p *= 1 - c;
    }
    return 1 - p;
}

/* ---- per-firm arrays (indexed by firm id) ---------------------------------- */

typedef struct firmtab {
    int64_t max;
    double *own, *total, *chain;
    char **key;     /* tax id or name key */
    int *estabs;    /* number of establishments */
    int *exporter;
    unsigned char *business; /* 1: a business (RUC, CUIT, EORI, name); 0: a natural person's document */
    char **partners;
} firmtab;

/* Frees the arrays of F (F itself belongs to the caller). */
static void firmtab_free(firmtab *f)
{
    if (f->key) for (int64_t i = 0; i <= f->max; i++) free(f->key[i]);
    if (f->partners) for (int64_t i = 0; i <= f->max; i++) free(f->partners[i]);
    free(f->own); free(f->total); free(f->chain); free(f->key); free(f->estabs);
    free(f->exporter); free(f->partners); free(f->business);
}

/* The subject key of firm ID (tax id or name key), "?" when unknown. */
static const char *fkey(firmtab *f, int64_t id)
{
    return id >= 0 && id <= f->max && f->key[id] ? f->key[id] : "?";
}

/* ---- rules of the run, by index ----------------------------------------- */

typedef struct ruletab {
    char **id;
    size_t n, cap;
} ruletab;

/*
** Index of rule ID in T (added when new; NULL counts as "?"), so that a
** contribution carries a small integer rather than a string; -1 when out
** of memory.
*/
static int rule_index(ruletab *t, const char *id)
{
    if (!id) id = "?";
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->id[i], id)) return (int)i;
    char **v = insUGrow(t->id, &t->cap, t->n + 1, sizeof *v);
    if (!v) return -1;
    t->id = v;
    if (!(t->id[t->n] = insUStrdup(id))) return -1;
    return (int)t->n++;
}

/* Frees the rule ids of T. */
static void ruletab_free(ruletab *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->id[i]);
    free(t->id);
}

/* ---- leg hits resolved after the hits query ------------------------------------ */

/*
** A leg hit whose further subjects need a query of their own, made once
** the hits query is done: the vehicles of the leg (VEHICLES set), or the
** establishments of FIRM in district DEST (the end of the leg it stands
** at).
*/
typedef struct leghit {
    int64_t hit, leg, firm;
    int rule, vehicles;
    double c;
    char dest[8];
} leghit;

typedef struct leghits {
    leghit *v;
    size_t n, cap;
} leghits;

/*
** Appends a leg hit to L: with VEHICLES the leg's vehicles are looked up,
** otherwise FIRM's establishments in ubigeo PLACE.  Returns 0 when out of
** memory.
*/
static int leghit_add(leghits *l, int64_t hit, int64_t leg, int64_t firm, int rule, double c,
                      const char *place, int vehicles)
{
    leghit *v = insUGrow(l->v, &l->cap, l->n + 1, sizeof *v);
    if (!v) return 0;
    l->v = v;
    leghit *h = &l->v[l->n++];
    memset(h, 0, sizeof *h);
    h->hit = hit;
    h->leg = leg;
    h->firm = firm;
    h->rule = rule;
    h->c = c;
    h->vehicles = vehicles;
    if (place) insUStrlcpy(h->dest, place, sizeof h->dest);
    return 1;
}

/* ---- the computation's state -------------------------------------------------- */

/* The supply graph: edges with a share above 0, grouped by buyer (CSR). */
typedef struct edges {
    int64_t *off;  /* edges of buyer b: off[b] .. off[b + 1] - 1 (max + 2 entries) */
    int64_t *sup;  /* supplier of each edge */
    double *share; /* supplier's share of what the buyer bought of the product */
    const char **prod; /* the product (HS heading), in pbuf */
    char *pbuf;    /* the products' text, one after another */
    size_t n;      /* edges loaded */
} edges;

/* Everything one insChainScore call builds, freed by chain_free. */
typedef struct chain_ctx {
    ins_db *db;
    int64_t run;
    firmtab ft;
    size_t nf; /* ft.max + 1: the length of the per-firm arrays */
    subjset firms, ests, carriers, vehicles, routes;
    ruletab rules;
    leghits lh;
    edges e;
    double *prev; /* firms' totals of the round before the last (propagate) */
} chain_ctx;

/* Frees what C holds. */
static void chain_free(chain_ctx *c)
{
    free(c->lh.v);
    free(c->e.prod);
    free(c->e.pbuf);
    free(c->e.off);
    free(c->e.sup);
    free(c->e.share);
    free(c->prev);
    set_free(&c->firms);
    set_free(&c->ests);
    set_free(&c->carriers);
    set_free(&c->vehicles);
    set_free(&c->routes);
    ruletab_free(&c->rules);
    firmtab_free(&c->ft);
}

/* ---- phases ------------------------------------------------------------------- */

/*
** Phase 1: the per-firm arrays, indexed by firm id: keys, establishment
** counts, whether the firm is a business (a natural person's document is
** no firm to inspect), and export status with the buyers' countries.
*/
static int load_firms(chain_ctx *c)
{
    static const char qf[] =
        "SELECT f.id, COALESCE(f.tax_id, f.key),"
        " (SELECT COUNT(*) FROM establishments e WHERE e.firm_id = f.id),"
        " f.scheme NOT IN ('PE-DNI', 'PE-CE', 'PASSPORT', 'PE-PTP') FROM firms f";
    /* partner countries in the order of their first line, whatever index
     * the planner walks.  The lines come from two selective sides, each
     * through an index, rather than a join of every line to its buyer and
     * its document: lines to the few foreign buyers, and lines of export
     * invoices (a scan of the documents, then their lines).  Exports
     * declared to customs (WCO, ASYCUDA, the DAM) count too, with their
     * destination, after every line (a scan of the declarations). */
    static const char qx[] =
        "SELECT seller, group_concat(country) FROM"
        " (SELECT seller, country, MIN(first) AS first FROM"
        "  (SELECT t.seller_firm_id AS seller, b.country AS country, t.id AS first"
        "    FROM firms b CROSS JOIN trade_lines t ON t.buyer_firm_id = b.id"
        "    WHERE b.country IS NOT NULL AND b.country <> 'PE'"
        "   UNION ALL"
        "   SELECT t.seller_firm_id, b.country, t.id"
        "    FROM documents d CROSS JOIN trade_lines t ON t.document_id = d.id CROSS JOIN firms b ON b.id = t.buyer_firm_id"
        "    WHERE d.operation_type LIKE '02%'"
        "   UNION ALL"
        "   SELECT x.exporter_firm_id, x.destination_country, 4611686018427387904 + x.id"
        "    FROM declarations x WHERE x.direction = 'EX' AND x.exporter_firm_id IS NOT NULL"
        "    AND x.destination_country IS NOT NULL AND x.destination_country <> 'PE')"
        "  GROUP BY seller, country ORDER BY seller, first)"
        " GROUP BY seller";
    firmtab *ft = &c->ft;
    ft->max = insDbScalarInt(c->db, "SELECT COALESCE(MAX(id), 0) FROM firms");
    if (ft->max < 0) return INS_ERR_DB;
    size_t nf = c->nf = (size_t)ft->max + 1;
    ft->own = calloc(nf, sizeof *ft->own);
    ft->total = calloc(nf, sizeof *ft->total);
    ft->chain = calloc(nf, sizeof *ft->chain);
    ft->key = calloc(nf, sizeof *ft->key);
    ft->estabs = calloc(nf, sizeof *ft->estabs);
    ft->exporter = calloc(nf, sizeof *ft->exporter);
    ft->partners = calloc(nf, sizeof *ft->partners);
    ft->business = calloc(nf, sizeof *ft->business);
    if (!ft->business || !ft->own || !ft->total || !ft->chain || !ft->key || !ft->estabs || !ft->exporter ||
        !ft->partners)
        return INS_ERR_NOMEM;

    sqlite3_stmt *st = insDbStmt(c->db, qf);
    if (!st) return INS_ERR_DB;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id < 0 || id > ft->max) continue;
        ft->key[id] = insUStrdup((const char *)sqlite3_column_text(st, 1));
        ft->estabs[id] = sqlite3_column_int(st, 2);
        ft->business[id] = (unsigned char)sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    if (!(st = insDbStmt(c->db, qx))) return INS_ERR_DB;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id < 0 || id > ft->max) continue;
        ft->exporter[id] = 1;
        const char *p = (const char *)sqlite3_column_text(st, 1);
        if (p) ft->partners[id] = insUStrdup(p);
    }
    sqlite3_reset(st);
    return INS_OK;
}

/*
** Finds or adds the subject KEY of S and adds the hit's contribution to
** it.  Returns 0 when out of memory.
*/
static int reach(subjset *s, const char *type, const char *key, int64_t id, int64_t firm, int64_t hit,
                 int rule, double cv)
{
    subj *x = set_get(s, type, key, id, firm);
    return x && add_contrib(x, hit, rule, cv);
}

/*
** Routes one leg hit (the current row of the hits query ST) to the firms
** at the ends the rule's `reaches` allows, the carrier and the route;
** the vehicles and the ends' establishments are queued in c->lh for
** route_leg_places.  Returns 0 when out of memory.
*/
static int route_leg_hit(chain_ctx *c, sqlite3_stmt *st, int64_t hit, int rule, double cv)
{
    firmtab *ft = &c->ft;
    int64_t shipper = sqlite3_column_int64(st, 9), recip = sqlite3_column_int64(st, 10);
    int64_t carrier = sqlite3_column_int64(st, 11);
    const char *o = (const char *)sqlite3_column_text(st, 12);
    const char *d = (const char *)sqlite3_column_text(st, 13);
    int64_t leg = sqlite3_column_int64(st, 14);
    /* the firms at both ends: where the load left from and where it
     * went (people moved to a camp: the camp's operator; timber
     * without a forestry guide: the concession it came from) */
    const char *reaches = (const char *)sqlite3_column_text(st, 6);
    int to_recip = !reaches || strcmp(reaches, "shipper") != 0;
    int to_shipper = !reaches || strcmp(reaches, "recipient") != 0;
    int64_t ends[2] = {to_recip ? recip : 0, to_shipper ? shipper : 0};
    const char *places[2] = {d, o};
    for (int e = 0; e < 2; e++) {
        int64_t firm = ends[e];
        if (firm <= 0 || firm > ft->max || !ft->business[firm]) continue;
        if (e == 1 && firm == ends[0]) {
            /* same firm at both ends: one contribution, two places */
        } else if (!reach(&c->firms, "firm", fkey(ft, firm), firm, firm, hit, rule, cv)) {
            return 0;
        }
        if (!places[e]) continue;
        if (!leghit_add(&c->lh, hit, leg, firm, rule, cv, places[e], 0)) return 0;
    }
    if (carrier > 0 && !reach(&c->carriers, "carrier", fkey(ft, carrier), carrier, carrier, hit, rule, cv))
        return 0;
    if (o && d) {
        ins_buf rk;
        insBufInit(&rk);
        insBufPrintf(&rk, "%s>%s", o, d);
        subj *x = rk.oom ? NULL : set_get(&c->routes, "route", insBufStr(&rk), 0, 0);
        insBufFree(&rk);
        if (!x || !add_contrib(x, hit, rule, cv)) return 0;
    }
    /* vehicles of the leg (looked up later), once per hit */
    return leghit_add(&c->lh, hit, leg, 0, rule, cv, NULL, 1);
}

/*
** Phase 2: the run's hits, in id order, routed to the subjects they are
** about (see the file's comment): firm hits to the firm, establishment
** hits to the establishment and its firm, carrier and vehicle hits to
** themselves, leg hits by route_leg_hit.  A contribution is the rule's
** weight times the hit's strength, at most 1; hits contributing nothing
** are left out.
*/
static int route_hits(chain_ctx *c)
{
    static const char qh[] =
        "SELECT h.id, h.subject_type, h.subject_id, h.subject_key, r.weight * h.strength, h.rule_id,"
        " COALESCE(r.reaches, 'both'),"
        " e.firm_id, e.id, l.shipper_firm_id, l.recipient_firm_id, l.carrier_firm_id,"
        " l.origin_ubigeo, l.dest_ubigeo, l.id"
        " FROM hits h JOIN run_rules r ON r.run_id = h.run_id AND r.rule_id = h.rule_id"
        " LEFT JOIN establishments e ON h.subject_type = 'establishment' AND e.id = h.subject_id"
        " LEFT JOIN transport_legs l ON h.subject_type = 'leg' AND l.id = h.subject_id"
        " WHERE h.run_id = ? ORDER BY h.id";
    firmtab *ft = &c->ft;
    sqlite3_stmt *st = insDbStmt(c->db, qh);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, c->run);
    int step, ok = 1;
    while (ok && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t hit = sqlite3_column_int64(st, 0);
        const char *type = (const char *)sqlite3_column_text(st, 1);
        int64_t sid = sqlite3_column_int64(st, 2);
        const char *skey = (const char *)sqlite3_column_text(st, 3);
        double cv = sqlite3_column_double(st, 4);
        int rule = rule_index(&c->rules, (const char *)sqlite3_column_text(st, 5));
        if (rule < 0) { ok = 0; break; }
        if (cv <= 0) continue;
        if (cv > 1) cv = 1;
        if (!strcmp(type, "firm")) {
            ok = reach(&c->firms, "firm", fkey(ft, sid), sid, sid, hit, rule, cv);
        } else if (!strcmp(type, "establishment")) {
            int64_t firm = sqlite3_column_int64(st, 7);
            ok = reach(&c->ests, "establishment", skey, sid, firm, hit, rule, cv) &&
                 (firm <= 0 || reach(&c->firms, "firm", fkey(ft, firm), firm, firm, hit, rule, cv));
        } else if (!strcmp(type, "carrier")) {
            ok = reach(&c->carriers, "carrier", skey, sid, sid, hit, rule, cv);
        } else if (!strcmp(type, "vehicle")) {
            ok = reach(&c->vehicles, "vehicle", skey, 0, 0, hit, rule, cv);
        } else if (!strcmp(type, "leg")) {
            ok = route_leg_hit(c, st, hit, rule, cv);
        }
    }
    sqlite3_reset(st);
    if (!ok) return INS_ERR_NOMEM;
    return step == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Phase 3: the queued leg hits reach the vehicles of their leg (equipment
** such as trailers excluded) and, for each end firm, its establishments in
** the district of that end.  The queue is emptied.
*/
static int route_leg_places(chain_ctx *c)
{
    static const char qv[] = "SELECT plate FROM leg_vehicles WHERE leg_id = ? AND role IS NOT 'equipment'";
    static const char qe[] =
        "SELECT e.id, " INS_ESTAB_KEY ""
        " FROM establishments e JOIN firms f ON f.id = e.firm_id WHERE e.firm_id = ? AND e.ubigeo = ?";
    for (size_t i = 0; i < c->lh.n; i++) {
        const leghit *l = &c->lh.v[i];
        sqlite3_stmt *st;
        int ok = 1;
        if (l->vehicles) {
            if (!(st = insDbStmt(c->db, qv))) return INS_ERR_DB;
            sqlite3_bind_int64(st, 1, l->leg);
            while (ok && sqlite3_step(st) == SQLITE_ROW) {
                const char *plate = (const char *)sqlite3_column_text(st, 0);
                if (plate) ok = reach(&c->vehicles, "vehicle", plate, 0, 0, l->hit, l->rule, l->c);
            }
        } else {
            if (l->firm <= 0 || !l->dest[0]) continue;
            if (!(st = insDbStmt(c->db, qe))) return INS_ERR_DB;
            sqlite3_bind_int64(st, 1, l->firm);
            sqlite3_bind_text(st, 2, l->dest, -1, SQLITE_TRANSIENT);
            while (ok && sqlite3_step(st) == SQLITE_ROW) {
                int64_t eid = sqlite3_column_int64(st, 0);
                const char *k = (const char *)sqlite3_column_text(st, 1);
                ok = reach(&c->ests, "establishment", k ? k : "?", eid, l->firm, l->hit, l->rule, l->c);
            }
        }
        sqlite3_reset(st);
        if (!ok) return INS_ERR_NOMEM;
    }
    free(c->lh.v);
    memset(&c->lh, 0, sizeof c->lh);
    return INS_OK;
}

/* Phase 4: the own risk of every firm a hit reached. */
static void firms_own(chain_ctx *c)
{
    for (size_t i = 0; i < c->firms.n; i++) {
        subj *x = &c->firms.v[i];
        x->own = noisy_or(x);
        if (x->id >= 0 && x->id <= c->ft.max) c->ft.own[x->id] = x->own;
    }
}

/* One supply edge as read, before it is put in (buyer, supplier, product) order. */
typedef struct edge_row {
    int64_t buyer, sup;
    double share;
    const char *prod;
} edge_row;

/* qsort order of edge rows of one buyer: by supplier, then product (bytes, as SQLite's BINARY). */
static int cmp_edge(const void *a, const void *b)
{
    const edge_row *x = a, *y = b;
    if (x->sup != y->sup) return x->sup < y->sup ? -1 : 1;
    return strcmp(x->prod, y->prod);
}

/*
** Phase 5: the supply edges with a share above 0 as CSR arrays by buyer,
** in (buyer, supplier, product) order.  The table is read in its own
** order (no index walk with a seek per edge) and sorted here: a counting
** sort by buyer, then each buyer's few edges by supplier and product.
*/
static int load_edges(chain_ctx *c)
{
    static const char qe[] =
        "SELECT buyer_firm_id, supplier_firm_id, share, product FROM supply_edges WHERE share > 0";
    edges *e = &c->e;
    int64_t count = insDbScalarInt(c->db, "SELECT COUNT(*) FROM supply_edges WHERE share > 0");
    if (count < 0) return INS_ERR_DB;
    size_t nedges = (size_t)count, n = 0, plen = 0, pcap = 0;
    size_t *poff = calloc(nedges ? nedges : 1, sizeof *poff);
    edge_row *rows = calloc(nedges ? nedges : 1, sizeof *rows);
    e->off = calloc(c->nf + 1, sizeof *e->off);
    if (!poff || !rows || !e->off) { free(poff); free(rows); return INS_ERR_NOMEM; }
    sqlite3_stmt *st = insDbStmt(c->db, qe);
    if (!st) { free(poff); free(rows); return INS_ERR_DB; }
    int rc = INS_OK;
    while (sqlite3_step(st) == SQLITE_ROW && n < nedges) {
        int64_t b = sqlite3_column_int64(st, 0);
        if (b < 0 || b > c->ft.max) continue;
        const char *p = (const char *)sqlite3_column_text(st, 3);
        size_t len = p ? (size_t)sqlite3_column_bytes(st, 3) : 0;
        char *nb = insUGrow(e->pbuf, &pcap, plen + len + 1, 1);
        if (!nb) { rc = INS_ERR_NOMEM; break; }
        e->pbuf = nb;
        if (len) memcpy(e->pbuf + plen, p, len);
        e->pbuf[plen + len] = '\0';
        poff[n] = plen;
        plen += len + 1;
        rows[n].buyer = b;
        rows[n].sup = sqlite3_column_int64(st, 1);
        rows[n].share = sqlite3_column_double(st, 2);
        e->off[b + 1]++;
        n++;
    }
    sqlite3_reset(st);
    for (size_t i = 0; i < n; i++) rows[i].prod = e->pbuf + poff[i];
    free(poff);
    e->n = n;
    e->sup = calloc(n ? n : 1, sizeof *e->sup);
    e->share = calloc(n ? n : 1, sizeof *e->share);
    e->prod = calloc(n ? n : 1, sizeof *e->prod);
    edge_row *sorted = calloc(n ? n : 1, sizeof *sorted);
    int64_t *next = calloc(c->nf + 1, sizeof *next);
    if (rc != INS_OK || !e->sup || !e->share || !e->prod || !sorted || !next) {
        free(rows);
        free(sorted);
        free(next);
        return rc != INS_OK ? rc : INS_ERR_NOMEM;
    }
    for (size_t i = 1; i <= c->nf; i++) e->off[i] += e->off[i - 1];
    memcpy(next, e->off, (c->nf + 1) * sizeof *next);
    for (size_t i = 0; i < n; i++) sorted[next[rows[i].buyer]++] = rows[i];
    free(rows);
    free(next);
    for (size_t b = 0; b < c->nf; b++) {
        size_t lo = (size_t)e->off[b], hi = (size_t)e->off[b + 1];
        if (hi - lo > 1) qsort(sorted + lo, hi - lo, sizeof *sorted, cmp_edge);
    }
    for (size_t k = 0; k < n; k++) {
        e->sup[k] = sorted[k].sup;
        e->share[k] = sorted[k].share;
        e->prod[k] = sorted[k].prod;
    }
    free(sorted);
    return INS_OK;
}

/*
** The supplier of edge K into buyer F when the edge carries risk, -1 when
** it does not count (an unknown supplier, or the buyer itself).
*/
static int64_t edge_supplier(const chain_ctx *c, int64_t k, size_t f)
{
    int64_t s = c->e.sup[k];
    return s < 0 || s > c->ft.max || (size_t)s == f ? -1 : s;
}

/* The share of edge K, a share above 1 counting as 1. */
static double edge_share(const chain_ctx *c, int64_t k)
{
    return c->e.share[k] > 1 ? 1 : c->e.share[k];
}

/*
** Phase 6: chain risk by bounded Jacobi iteration.  Totals start at own
** risk; each of TIERS rounds recomputes every firm's chain from its
** suppliers' totals of the round before (kept in c->prev), so risk travels
** at most TIERS edges and cycles cannot run away:
**   chain(b) = 1 - prod over edges s->b of (1 - damping x share x prev(s))
**   total(b) = 1 - (1 - own(b)) x (1 - chain(b))
** With 0 tiers, c->prev stays 0 and no firm has chain risk.
*/
static int propagate(chain_ctx *c, int tiers, double damping)
{
    firmtab *ft = &c->ft;
    size_t nf = c->nf;
    assert(tiers >= 0);
    c->prev = calloc(nf, sizeof *c->prev);
    if (!c->prev) return INS_ERR_NOMEM;
    for (size_t f = 0; f < nf; f++) ft->total[f] = ft->own[f];
    for (int t = 0; t < tiers; t++) {
        memcpy(c->prev, ft->total, nf * sizeof *c->prev);
        for (size_t f = 0; f < nf; f++) {
            double p = 1;
            for (int64_t k = c->e.off[f]; k < c->e.off[f + 1]; k++) {
                int64_t s = edge_supplier(c, k, f);
                if (s < 0) continue;
                p *= 1 - damping * edge_share(c, k) * c->prev[s];
            }
            ft->chain[f] = 1 - p;
            ft->total[f] = 1 - (1 - ft->own[f]) * (1 - ft->chain[f]);
        }
    }
    return INS_OK;
}

/* Orders contributions from the largest down. */
static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/*
** Phase 7: the chain links of the final round, for explain and the
** worklists' reasons: each edge's contribution damping x share x
** prev(supplier), stored from INS_SCORE_CHAIN_LINK_MIN up, and of each
** buyer only the INS_SCORE_CHAIN_LINKS_KEPT strongest (with any tied with
** the weakest of them, so that what explain shows does not depend on
** which of equals was dropped).  The kept ones go in edge order, as all
** did before the cap.
*/
static int store_chain_links(chain_ctx *c, double damping)
{
    static const char ql[] =
        "INSERT OR REPLACE INTO chain_links(run_id, buyer_firm_id, supplier_firm_id, product, share,"
        " supplier_total, contribution) VALUES(?,?,?,?,?,?,?)";
    double *cvs = NULL, *sorted = NULL;
    size_t cap = 0, cap2 = 0;
    int rc = INS_OK;
    for (size_t f = 0; f < c->nf && rc == INS_OK; f++) {
        int64_t lo = c->e.off[f], hi = c->e.off[f + 1];
        size_t n = (size_t)(hi - lo);
        if (!n) continue;
        double *v = insUGrow(cvs, &cap, n, sizeof *v);
        double *w = insUGrow(sorted, &cap2, n, sizeof *w);
        if (v) cvs = v;
        if (w) sorted = w;
        if (!v || !w) { rc = INS_ERR_NOMEM; break; }
        size_t m = 0;
        for (int64_t k = lo; k < hi; k++) {
            int64_t s = edge_supplier(c, k, f);
            double cv = s < 0 ? 0 : damping * edge_share(c, k) * c->prev[s];
            cvs[k - lo] = s < 0 ? -1 : cv;
            if (s >= 0 && cv >= INS_SCORE_CHAIN_LINK_MIN) sorted[m++] = cv;
        }
        double floor = INS_SCORE_CHAIN_LINK_MIN;
        if (m > INS_SCORE_CHAIN_LINKS_KEPT) {
            qsort(sorted, m, sizeof *sorted, cmp_desc);
            floor = sorted[INS_SCORE_CHAIN_LINKS_KEPT - 1];
        }
        for (int64_t k = lo; k < hi && rc == INS_OK; k++) {
            double cv = cvs[k - lo];
            if (cv < INS_SCORE_CHAIN_LINK_MIN || cv < floor) continue;
            int64_t s = edge_supplier(c, k, f);
            assert(s >= 0);
            sqlite3_stmt *st = insDbStmt(c->db, ql);
            if (!st) { rc = INS_ERR_DB; break; }
            sqlite3_bind_int64(st, 1, c->run);
            sqlite3_bind_int64(st, 2, (int64_t)f);
            sqlite3_bind_int64(st, 3, s);
            sqlite3_bind_text(st, 4, c->e.prod[k], -1, SQLITE_STATIC);
            sqlite3_bind_double(st, 5, edge_share(c, k));
            sqlite3_bind_double(st, 6, c->prev[s]);
            sqlite3_bind_double(st, 7, cv);
            if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
        }
    }
    free(cvs);
    free(sorted);
    return rc;
}

/* Phase 8: every firm with a total above 0 gets its row, with own, chain and total. */
static int add_risky_firms(chain_ctx *c)
{
    firmtab *ft = &c->ft;
    for (size_t f = 1; f < c->nf; f++) {
        if (ft->total[f] <= 0) continue;
        subj *x = set_get(&c->firms, "firm", fkey(ft, (int64_t)f), (int64_t)f, (int64_t)f);
        if (!x) return INS_ERR_NOMEM;
        x->own = ft->own[f];
        x->chain = ft->chain[f];
        x->total = ft->total[f];
    }
    return INS_OK;
}

/*
** Phase 9: the reach of each risky firm's risk at each of its
** establishments: 1 where the evidence points (a document of the run's
** hits came from it, the firm has one site, or hits reached it directly),
** INS_SCORE_ESTAB_REACH elsewhere.  A business firm with risk and no known
** establishment gets one row "TAXID/-" for its registered address, at full
** reach.  The reach is kept in the subject's total until
** establishment_scores replaces it.
*/
static int establishment_reach(chain_ctx *c)
{
    /* The establishments the run's evidence names, found set-wise from the
     * hits' documents (one pass over the run's hit_documents, each document
     * looked up in establishment_sources by its index): a per-establishment
     * EXISTS over hit_documents cost establishments x hit documents. */
    static const char qpointed[] =
        "SELECT DISTINCT es.establishment_id FROM hits h"
        " JOIN hit_documents hd ON hd.hit_id = h.id"
        " JOIN establishment_sources es ON es.document_id = hd.document_id"
        " WHERE h.run_id = ? ORDER BY 1";
    static const char qest[] =
        "SELECT e.id, " INS_ESTAB_KEY ", e.firm_id"
        " FROM establishments e JOIN firms f ON f.id = e.firm_id ORDER BY e.id";
    firmtab *ft = &c->ft;
    int64_t *pointed = NULL;
    size_t np = 0, cap = 0;
    sqlite3_stmt *st = insDbStmt(c->db, qpointed);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, c->run);
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t *v = insUGrow(pointed, &cap, np + 1, sizeof *v);
        if (!v) { sqlite3_reset(st); free(pointed); return INS_ERR_NOMEM; }
        pointed = v;
        pointed[np++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (src != SQLITE_DONE) { free(pointed); return INS_ERR_DB; }

    /* Both lists come in id order: walk them side by side. */
    st = insDbStmt(c->db, qest);
    if (!st) { free(pointed); return INS_ERR_DB; }
    size_t pi = 0;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t eid = sqlite3_column_int64(st, 0);
        const char *key = (const char *)sqlite3_column_text(st, 1);
        int64_t firm = sqlite3_column_int64(st, 2);
        while (pi < np && pointed[pi] < eid) pi++;
        int is_pointed = pi < np && pointed[pi] == eid;
        if (firm < 0 || firm > ft->max || ft->total[firm] <= 0) continue;
        subj *x = set_get(&c->ests, "establishment", key ? key : "?", eid, firm);
        if (!x) { sqlite3_reset(st); free(pointed); return INS_ERR_NOMEM; }
        double r = (is_pointed || ft->estabs[firm] <= 1 || x->n) ? 1.0 : INS_SCORE_ESTAB_REACH;
        x->total = r; /* kept here until the firm's part is added */
    }
    free(pointed);
    sqlite3_reset(st);
    if (src != SQLITE_DONE) return INS_ERR_DB;
    for (size_t f = 1; f < c->nf; f++) {
        if (ft->total[f] <= 0 || ft->estabs[f] > 0 || !ft->business[f]) continue;
        ins_buf key;
        insBufInit(&key);
        insBufPrintf(&key, "%s/-", fkey(ft, (int64_t)f));
        subj *x = key.oom ? NULL : set_get(&c->ests, "establishment", insBufStr(&key), 0, (int64_t)f);
        insBufFree(&key);
        if (!x) return INS_ERR_NOMEM;
        x->total = 1.0;
    }
    return INS_OK;
}

/*
** Phase 10: an establishment's own part is the noisy-OR of its own hits in
** full and of its firm's hits at the reach (each hit counted once); its
** chain part is the firm's chain risk at the same reach.  Carriers,
** vehicles and routes have no chain part: own = total = the noisy-OR of
** their hits.
*/
static int establishment_scores(chain_ctx *c)
{
    firmtab *ft = &c->ft;
    for (size_t i = 0; i < c->ests.n; i++) {
        subj *x = &c->ests.v[i];
        double r = x->total > 0 ? x->total : 1.0;
        int64_t f = x->firm;
        if (f > 0 && f <= ft->max && ft->total[f] > 0) {
            subj *fx = set_get(&c->firms, "firm", fkey(ft, f), f, f);
            if (!fx) return INS_ERR_NOMEM;
            for (size_t k = 0; k < fx->n; k++)
                if (!add_contrib(x, fx->v[k].hit, fx->v[k].rule, fx->v[k].c * r)) return INS_ERR_NOMEM;
            x->chain = ft->chain[f] * r;
        }
        x->own = noisy_or(x);
        x->total = 1 - (1 - x->own) * (1 - x->chain);
    }
    subjset *plain[] = {&c->carriers, &c->vehicles, &c->routes};
    for (size_t s = 0; s < INS_ARRAY_LEN(plain); s++)
        for (size_t i = 0; i < plain[s]->n; i++) {
            subj *x = &plain[s]->v[i];
            x->own = x->total = noisy_or(x);
        }
    return INS_OK;
}

/*
** Stores one subject's scores row, with the firm's export status, and its
** score_hits rows (one per contribution).
*/
static int store_subj(ins_db *db, int64_t run, const subj *x, int exporter, const char *partners)
{
    static const char qs[] =
        "INSERT OR REPLACE INTO scores(run_id, subject_type, subject_key, subject_id, firm_id, own,"
        " chain, total, exporter, partners) VALUES(?,?,?,?,?,?,?,?,?,?)";
    static const char qh[] =
        "INSERT OR IGNORE INTO score_hits(run_id, subject_type, subject_key, hit_id, contribution)"
        " VALUES(?,?,?,?,?)";
    sqlite3_stmt *st = insDbStmt(db, qs);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, x->type, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, x->key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, x->id);
    if (x->firm > 0) sqlite3_bind_int64(st, 5, x->firm);
    sqlite3_bind_double(st, 6, x->own);
    sqlite3_bind_double(st, 7, x->chain);
    sqlite3_bind_double(st, 8, x->total);
    sqlite3_bind_int(st, 9, exporter);
    insDbBindText(st, 10, partners);
    if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
    for (size_t i = 0; i < x->n; i++) {
        st = insDbStmt(db, qh);
        if (!st) return INS_ERR_DB;
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_text(st, 2, x->type, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, x->key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, x->v[i].hit);
        sqlite3_bind_double(st, 5, x->v[i].c);
        if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
    }
    return INS_OK;
}

/* Orders subjects by key, bytewise (SQLite's BINARY collation). */
static int cmp_subj_key(const void *a, const void *b)
{
    return strcmp((*(const subj *const *)a)->key, (*(const subj *const *)b)->key);
}

/*
** Phase 11: every subject's rows, firms first, then establishments,
** carriers, vehicles, routes; within a type in key order, the order of
** the scores' and score_hits' primary keys, so that each row lands after
** the one before in both the run's table and the database's (rows at
** random keys dirty pages all over the run's part of the b-tree, and
** every transaction of copy_out wrote them again).
*/
static int store_scores(chain_ctx *c)
{
    int rc = INS_OK;
    subjset *all[] = {&c->firms, &c->ests, &c->carriers, &c->vehicles, &c->routes};
    for (size_t s = 0; s < INS_ARRAY_LEN(all) && rc == INS_OK; s++) {
        size_t n = all[s]->n;
        subj **order = malloc((n ? n : 1) * sizeof *order);
        if (!order) return INS_ERR_NOMEM;
        for (size_t i = 0; i < n; i++) order[i] = &all[s]->v[i];
        qsort(order, n, sizeof *order, cmp_subj_key);
        for (size_t i = 0; i < n && rc == INS_OK; i++) {
            subj *x = order[i];
            int64_t f = x->firm;
            int exp = f > 0 && f <= c->ft.max ? c->ft.exporter[f] : 0;
            rc = store_subj(c->db, c->run, x, exp, exp ? c->ft.partners[f] : NULL);
        }
        free(order);
    }
    return rc;
}

/* ---- the computation ---------------------------------------------------------- */

/*
** From the hits of run RUN to its scores, score_hits and chain_links, in
** the phases above (declared in score_model.h; called by ins_score inside
** the run's read transaction: it writes to the run's temporary tables).
*/
int insChainScore(ins_db *db, int64_t run, int tiers, double damping)
{
    chain_ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.run = run;
    int rc = load_firms(&c);
    if (rc == INS_OK) rc = route_hits(&c);
    if (rc == INS_OK) rc = route_leg_places(&c);
    if (rc == INS_OK) {
        firms_own(&c);
        rc = load_edges(&c);
    }
    if (rc == INS_OK) rc = propagate(&c, tiers, damping);
    if (rc == INS_OK) rc = store_chain_links(&c, damping);
    if (rc == INS_OK) rc = add_risky_firms(&c);
    if (rc == INS_OK) rc = establishment_reach(&c);
    if (rc == INS_OK) rc = establishment_scores(&c);
    if (rc == INS_OK) rc = store_scores(&c);
    chain_free(&c);
    return rc;
}
