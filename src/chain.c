/*
** chain.c: from the hits of a run to scores.
**
** Own risk.  Each hit contributes weight x strength.  A subject's own risk
** is a noisy-OR over the rules that fired, 1 - prod(1 - c): distinct rules
** are independent signals that add up, never beyond 1, in any order; the
** hits of one rule count in decreasing strength, each at half the weight
** of the one before (repetition helps, with diminishing returns).  Hits
** reach the subjects the evidence is about:
**   firm hits          -> the firm;
**   establishment hits -> the establishment and its firm;
**   leg hits           -> the firms at both ends of the leg (or only the
**                         shipper or the recipient when the rule's `reaches`
**                         says so), their establishments in the districts
**                         of origin and destination, the carrier, each
**                         vehicle and the route (origin > destination);
**   carrier hits       -> the carrier;  vehicle hits -> the vehicle.
** Natural persons' documents (DNI, CE, passport) are not firms to inspect.
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
** source of a document behind one of the firm's hits, the firm has one
** site, or the establishment has hits of its own), at 60% elsewhere.
** Firms with risk but no known establishment get one row for their
** registered address.
**
** Cross-border.  A firm that sold to foreign buyers or issued export
** invoices is marked as an exporter with the buyers' countries: a lead for
** the partner state.
*/
#include "rule.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct contrib {
    int64_t hit;
    int rule; /* index of the rule in the run */
    double c;
} contrib;

typedef struct subj {
    char *key;
    int64_t id;
    int64_t firm;
    const char *type;
    contrib *v;
    size_t n, cap;
    double own, chain, total;
} subj;

typedef struct subjset {
    subj *v;
    size_t n, cap;
    /* open-addressing index by key */
    size_t *slot;
    size_t nslot;
} subjset;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int set_grow(subjset *s)
{
    size_t nslot = s->nslot ? s->nslot * 2 : 1024;
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

/* Finds or adds the subject TYPE/KEY. */
static subj *set_get(subjset *s, const char *type, const char *key, int64_t id, int64_t firm)
{
    if (s->n * 2 >= s->nslot && !set_grow(s)) return NULL;
    size_t h = (size_t)(hash_str(key) & (s->nslot - 1));
    while (s->slot[h] != SIZE_MAX) {
        subj *x = &s->v[s->slot[h]];
        if (!strcmp(x->key, key)) return x;
        h = (h + 1) & (s->nslot - 1);
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        subj *v = realloc(s->v, cap * sizeof *v);
        if (!v) return NULL;
        s->v = v;
        s->cap = cap;
    }
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

static int add_contrib(subj *x, int64_t hit, int rule, double c)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->v[i].hit == hit) return 1;
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 4;
        contrib *v = realloc(x->v, cap * sizeof *v);
        if (!v) return 0;
        x->v = v;
        x->cap = cap;
    }
    x->v[x->n].hit = hit;
    x->v[x->n].rule = rule;
    x->v[x->n].c = c;
    x->n++;
    return 1;
}

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
** independent signals.  Repeated hits of one rule (twenty guias caught by
** the same rule) are not twenty independent signals: a rule's hits count in
** decreasing order of strength, the k-th at half the weight of the one
** before, so repetition raises the risk with diminishing returns and one
** rule alone stays below 1 - (1 - c)^2.
*/
static double noisy_or(const subj *x)
{
    double p = 1;
    for (size_t i = 0; i < x->n; i++) {
        int rank = 0;
        for (size_t j = 0; j < x->n && rank < 16; j++)
            if (j != i && x->v[j].rule == x->v[i].rule &&
                (x->v[j].c > x->v[i].c || (x->v[j].c == x->v[i].c && j < i)))
                rank++;
        double c = x->v[i].c;
        for (int k = 0; k < rank; k++) c *= 0.5;
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

static void firmtab_free(firmtab *f)
{
    if (f->key) for (int64_t i = 0; i <= f->max; i++) free(f->key[i]);
    if (f->partners) for (int64_t i = 0; i <= f->max; i++) free(f->partners[i]);
    free(f->own); free(f->total); free(f->chain); free(f->key); free(f->estabs);
    free(f->exporter); free(f->partners); free(f->business);
}

static const char *fkey(firmtab *f, int64_t id)
{
    return id >= 0 && id <= f->max && f->key[id] ? f->key[id] : "?";
}

/* ---- rules of the run, by index ----------------------------------------- */

typedef struct ruletab {
    char **id;
    size_t n, cap;
} ruletab;

/* Index of rule ID (added when new); -1 when out of memory. */
static int rule_index(ruletab *t, const char *id)
{
    if (!id) id = "?";
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->id[i], id)) return (int)i;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        char **v = realloc(t->id, cap * sizeof *v);
        if (!v) return -1;
        t->id = v;
        t->cap = cap;
    }
    if (!(t->id[t->n] = insUStrdup(id))) return -1;
    return (int)t->n++;
}

static void ruletab_free(ruletab *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->id[i]);
    free(t->id);
}

/* ---- storing ------------------------------------------------------------------- */

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

/* ---- the computation ---------------------------------------------------------- */

int insChainScore(ins_db *db, int64_t run, int tiers, double damping);

int insChainScore(ins_db *db, int64_t run, int tiers, double damping)
{
    int rc = INS_ERR_NOMEM;
    firmtab ft;
    memset(&ft, 0, sizeof ft);
    subjset firms = {0}, ests = {0}, carriers = {0}, vehicles = {0}, routes = {0};
    ruletab rules = {0};
    int64_t *eoff = NULL, *esup = NULL;
    double *eshare = NULL;
    char **eprod = NULL;
    size_t nedges = 0;
    sqlite3_stmt *st;

    ft.max = insDbScalarInt(db, "SELECT COALESCE(MAX(id), 0) FROM firms");
    if (ft.max < 0) return INS_ERR_DB;
    size_t nf = (size_t)ft.max + 1;
    ft.own = calloc(nf, sizeof *ft.own);
    ft.total = calloc(nf, sizeof *ft.total);
    ft.chain = calloc(nf, sizeof *ft.chain);
    ft.key = calloc(nf, sizeof *ft.key);
    ft.estabs = calloc(nf, sizeof *ft.estabs);
    ft.exporter = calloc(nf, sizeof *ft.exporter);
    ft.partners = calloc(nf, sizeof *ft.partners);
    ft.business = calloc(nf, sizeof *ft.business);
    if (!ft.business || !ft.own || !ft.total || !ft.chain || !ft.key || !ft.estabs || !ft.exporter || !ft.partners) goto out;

    /* firms: keys, establishment counts, export status */
    static const char qf[] =
        "SELECT f.id, COALESCE(f.tax_id, f.key),"
        " (SELECT COUNT(*) FROM establishments e WHERE e.firm_id = f.id),"
        " f.scheme NOT IN ('PE-DNI', 'PE-CE', 'PASSPORT', 'PE-PTP') FROM firms f";
    rc = INS_ERR_DB;
    if (!(st = insDbStmt(db, qf))) goto out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id < 0 || id > ft.max) continue;
        ft.key[id] = insUStrdup((const char *)sqlite3_column_text(st, 1));
        ft.estabs[id] = sqlite3_column_int(st, 2);
        ft.business[id] = (unsigned char)sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    static const char qx[] =
        "SELECT t.seller_firm_id, group_concat(DISTINCT b.country) FROM trade_lines t"
        " JOIN firms b ON b.id = t.buyer_firm_id JOIN documents d ON d.id = t.document_id"
        " WHERE (b.country IS NOT NULL AND b.country <> 'PE') OR d.operation_type LIKE '02%'"
        " GROUP BY t.seller_firm_id";
    if (!(st = insDbStmt(db, qx))) goto out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id < 0 || id > ft.max) continue;
        ft.exporter[id] = 1;
        const char *p = (const char *)sqlite3_column_text(st, 1);
        if (p) ft.partners[id] = insUStrdup(p);
    }
    sqlite3_reset(st);

    /* hits, routed to the subjects they are about */
    static const char qh[] =
        "SELECT h.id, h.subject_type, h.subject_id, h.subject_key, r.weight * h.strength, h.rule_id,"
        " COALESCE(r.reaches, 'both'),"
        " e.firm_id, e.id, l.shipper_firm_id, l.recipient_firm_id, l.carrier_firm_id,"
        " l.origin_ubigeo, l.dest_ubigeo, l.id"
        " FROM hits h JOIN run_rules r ON r.run_id = h.run_id AND r.rule_id = h.rule_id"
        " LEFT JOIN establishments e ON h.subject_type = 'establishment' AND e.id = h.subject_id"
        " LEFT JOIN transport_legs l ON h.subject_type = 'leg' AND l.id = h.subject_id"
        " WHERE h.run_id = ? ORDER BY h.id";
    if (!(st = insDbStmt(db, qh))) goto out;
    sqlite3_bind_int64(st, 1, run);
    /* legs' vehicles and destination establishments are looked up in batch below */
    typedef struct leghit { int64_t hit, leg, firm; int rule, vehicles; double c; char dest[8]; } leghit;
    leghit *lh = NULL;
    size_t nlh = 0, caplh = 0;
    rc = INS_ERR_NOMEM;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t hit = sqlite3_column_int64(st, 0);
        const char *type = (const char *)sqlite3_column_text(st, 1);
        int64_t sid = sqlite3_column_int64(st, 2);
        const char *skey = (const char *)sqlite3_column_text(st, 3);
        double c = sqlite3_column_double(st, 4);
        int rule = rule_index(&rules, (const char *)sqlite3_column_text(st, 5));
        if (rule < 0) goto hits_out;
        if (c <= 0) continue;
        if (c > 1) c = 1;
        subj *x;
        if (!strcmp(type, "firm")) {
            if (!(x = set_get(&firms, "firm", fkey(&ft, sid), sid, sid)) || !add_contrib(x, hit, rule, c)) goto hits_out;
        } else if (!strcmp(type, "establishment")) {
            int64_t firm = sqlite3_column_int64(st, 7);
            if (!(x = set_get(&ests, "establishment", skey, sid, firm)) || !add_contrib(x, hit, rule, c)) goto hits_out;
            if (firm > 0 && (!(x = set_get(&firms, "firm", fkey(&ft, firm), firm, firm)) || !add_contrib(x, hit, rule, c)))
                goto hits_out;
        } else if (!strcmp(type, "carrier")) {
            if (!(x = set_get(&carriers, "carrier", skey, sid, sid)) || !add_contrib(x, hit, rule, c)) goto hits_out;
        } else if (!strcmp(type, "vehicle")) {
            if (!(x = set_get(&vehicles, "vehicle", skey, 0, 0)) || !add_contrib(x, hit, rule, c)) goto hits_out;
        } else if (!strcmp(type, "leg")) {
            int64_t shipper = sqlite3_column_int64(st, 9), recip = sqlite3_column_int64(st, 10);
            int64_t carrier = sqlite3_column_int64(st, 11);
            const char *o = (const char *)sqlite3_column_text(st, 12);
            const char *d = (const char *)sqlite3_column_text(st, 13);
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
                if (firm <= 0 || firm > ft.max || !ft.business[firm]) continue;
                if (e == 1 && firm == ends[0]) {
                    /* same firm at both ends: one contribution, two places */
                } else if (!(x = set_get(&firms, "firm", fkey(&ft, firm), firm, firm)) || !add_contrib(x, hit, rule, c)) {
                    goto hits_out;
                }
                if (!places[e]) continue;
                if (nlh == caplh) {
                    size_t cap = caplh ? caplh * 2 : 64;
                    leghit *v = realloc(lh, cap * sizeof *v);
                    if (!v) goto hits_out;
                    lh = v;
                    caplh = cap;
                }
                memset(&lh[nlh], 0, sizeof lh[nlh]);
                lh[nlh].hit = hit;
                lh[nlh].leg = sqlite3_column_int64(st, 14);
                lh[nlh].firm = firm;
                lh[nlh].rule = rule;
                lh[nlh].c = c;
                insUStrlcpy(lh[nlh].dest, places[e], sizeof lh[nlh].dest);
                nlh++;
            }
            if (carrier > 0 && (!(x = set_get(&carriers, "carrier", fkey(&ft, carrier), carrier, carrier)) ||
                                !add_contrib(x, hit, rule, c)))
                goto hits_out;
            if (o && d) {
                ins_buf rk;
                insBufInit(&rk);
                insBufPrintf(&rk, "%s>%s", o, d);
                x = set_get(&routes, "route", insBufStr(&rk), 0, 0);
                insBufFree(&rk);
                if (!x || !add_contrib(x, hit, rule, c)) goto hits_out;
            }
            /* vehicles of the leg (looked up below), once per hit */
            if (nlh == caplh) {
                size_t cap = caplh ? caplh * 2 : 64;
                leghit *v = realloc(lh, cap * sizeof *v);
                if (!v) goto hits_out;
                lh = v;
                caplh = cap;
            }
            memset(&lh[nlh], 0, sizeof lh[nlh]);
            lh[nlh].hit = hit;
            lh[nlh].leg = sqlite3_column_int64(st, 14);
            lh[nlh].rule = rule;
            lh[nlh].c = c;
            lh[nlh].vehicles = 1;
            nlh++;
        }
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) { rc = INS_ERR_DB; goto hits_out; }

    /* leg hits -> vehicles of the leg, and the receiving firm's establishment there */
    static const char qv[] = "SELECT plate FROM leg_vehicles WHERE leg_id = ? AND role IS NOT 'equipment'";
    static const char qe[] =
        "SELECT e.id, " INS_ESTAB_KEY ""
        " FROM establishments e JOIN firms f ON f.id = e.firm_id WHERE e.firm_id = ? AND e.ubigeo = ?";
    for (size_t i = 0; i < nlh; i++) {
        subj *x;
        if (!lh[i].vehicles) goto place;
        if (!(st = insDbStmt(db, qv))) { rc = INS_ERR_DB; goto hits_out; }
        sqlite3_bind_int64(st, 1, lh[i].leg);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *plate = (const char *)sqlite3_column_text(st, 0);
            if (!plate) continue;
            if (!(x = set_get(&vehicles, "vehicle", plate, 0, 0)) || !add_contrib(x, lh[i].hit, lh[i].rule, lh[i].c)) {
                sqlite3_reset(st);
                goto hits_out;
            }
        }
        sqlite3_reset(st);
        continue;
    place:
        if (lh[i].firm <= 0 || !lh[i].dest[0]) continue;
        if (!(st = insDbStmt(db, qe))) { rc = INS_ERR_DB; goto hits_out; }
        sqlite3_bind_int64(st, 1, lh[i].firm);
        sqlite3_bind_text(st, 2, lh[i].dest, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int64_t eid = sqlite3_column_int64(st, 0);
            const char *k = (const char *)sqlite3_column_text(st, 1);
            if (!(x = set_get(&ests, "establishment", k ? k : "?", eid, lh[i].firm)) ||
                !add_contrib(x, lh[i].hit, lh[i].rule, lh[i].c)) {
                sqlite3_reset(st);
                goto hits_out;
            }
        }
        sqlite3_reset(st);
    }
    free(lh);
    lh = NULL;

    for (size_t i = 0; i < firms.n; i++) {
        subj *x = &firms.v[i];
        x->own = noisy_or(x);
        if (x->id >= 0 && x->id <= ft.max) ft.own[x->id] = x->own;
    }

    /* supply edges as CSR by buyer */
    nedges = (size_t)insDbScalarInt(db, "SELECT COUNT(*) FROM supply_edges WHERE share > 0");
    eoff = calloc(nf + 1, sizeof *eoff);
    esup = calloc(nedges ? nedges : 1, sizeof *esup);
    eshare = calloc(nedges ? nedges : 1, sizeof *eshare);
    eprod = calloc(nedges ? nedges : 1, sizeof *eprod);
    if (!eoff || !esup || !eshare || !eprod) goto out;
    static const char qe2[] =
        "SELECT buyer_firm_id, supplier_firm_id, share, product FROM supply_edges WHERE share > 0"
        " ORDER BY buyer_firm_id, supplier_firm_id, product";
    if (!(st = insDbStmt(db, qe2))) { rc = INS_ERR_DB; goto out; }
    size_t k = 0;
    while (sqlite3_step(st) == SQLITE_ROW && k < nedges) {
        int64_t b = sqlite3_column_int64(st, 0);
        if (b < 0 || b > ft.max) continue;
        eoff[b + 1]++;
        esup[k] = sqlite3_column_int64(st, 1);
        eshare[k] = sqlite3_column_double(st, 2);
        const char *p = (const char *)sqlite3_column_text(st, 3);
        eprod[k] = insUStrdup(p ? p : "");
        k++;
    }
    sqlite3_reset(st);
    nedges = k;
    for (size_t i = 1; i <= nf; i++) eoff[i] += eoff[i - 1];

    /* propagate: bounded tiers, Jacobi iteration */
    double *prev = malloc(nf * sizeof *prev);
    if (!prev) goto out;
    for (size_t f = 0; f < nf; f++) ft.total[f] = ft.own[f];
    for (int t = 0; t < tiers; t++) {
        memcpy(prev, ft.total, nf * sizeof *prev);
        for (size_t f = 0; f < nf; f++) {
            double p = 1;
            for (int64_t e = eoff[f]; e < eoff[f + 1]; e++) {
                int64_t s = esup[e];
                if (s < 0 || s > ft.max || (size_t)s == f) continue;
                double share = eshare[e] > 1 ? 1 : eshare[e];
                p *= 1 - damping * share * prev[s];
            }
            ft.chain[f] = 1 - p;
            ft.total[f] = 1 - (1 - ft.own[f]) * (1 - ft.chain[f]);
        }
    }
    /* chain links of the final tier, for explain */
    static const char ql[] =
        "INSERT OR REPLACE INTO chain_links(run_id, buyer_firm_id, supplier_firm_id, product, share,"
        " supplier_total, contribution) VALUES(?,?,?,?,?,?,?)";
    rc = INS_ERR_DB;
    for (size_t f = 0; f < nf; f++) {
        for (int64_t e = eoff[f]; e < eoff[f + 1]; e++) {
            int64_t s = esup[e];
            if (s < 0 || s > ft.max || (size_t)s == f) continue;
            double share = eshare[e] > 1 ? 1 : eshare[e];
            double c = damping * share * prev[s];
            if (c < 1e-4) continue;
            if (!(st = insDbStmt(db, ql))) { free(prev); goto out; }
            sqlite3_bind_int64(st, 1, run);
            sqlite3_bind_int64(st, 2, (int64_t)f);
            sqlite3_bind_int64(st, 3, s);
            sqlite3_bind_text(st, 4, eprod[e], -1, SQLITE_STATIC);
            sqlite3_bind_double(st, 5, share);
            sqlite3_bind_double(st, 6, prev[s]);
            sqlite3_bind_double(st, 7, c);
            if (sqlite3_step(st) != SQLITE_DONE) { free(prev); goto out; }
        }
    }
    free(prev);

    /* firms with any risk */
    for (size_t f = 1; f < nf; f++) {
        if (ft.total[f] <= 0) continue;
        subj *x = set_get(&firms, "firm", fkey(&ft, (int64_t)f), (int64_t)f, (int64_t)f);
        if (!x) { rc = INS_ERR_NOMEM; goto out; }
        x->own = ft.own[f];
        x->chain = ft.chain[f];
        x->total = ft.total[f];
    }

    /* establishments: the firm's total, fully where its evidence points */
    static const char qest[] =
        "SELECT e.id, " INS_ESTAB_KEY ", e.firm_id,"
        " EXISTS(SELECT 1 FROM establishment_sources es JOIN hit_documents hd ON hd.document_id = es.document_id"
        "   JOIN hits h ON h.id = hd.hit_id WHERE es.establishment_id = e.id AND h.run_id = ?)"
        " FROM establishments e JOIN firms f ON f.id = e.firm_id ORDER BY e.id";
    if (!(st = insDbStmt(db, qest))) goto out;
    sqlite3_bind_int64(st, 1, run);
    rc = INS_ERR_NOMEM;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t eid = sqlite3_column_int64(st, 0);
        const char *key = (const char *)sqlite3_column_text(st, 1);
        int64_t firm = sqlite3_column_int64(st, 2);
        int pointed = sqlite3_column_int(st, 3);
        if (firm < 0 || firm > ft.max || ft.total[firm] <= 0) continue;
        subj *x = set_get(&ests, "establishment", key ? key : "?", eid, firm);
        if (!x) { sqlite3_reset(st); goto out; }
        double reach = (pointed || ft.estabs[firm] <= 1 || x->n) ? 1.0 : 0.6;
        x->total = reach; /* kept here until the firm's part is added below */
    }
    sqlite3_reset(st);
    for (size_t f = 1; f < nf; f++) {
        if (ft.total[f] <= 0 || ft.estabs[f] > 0 || !ft.business[f]) continue;
        ins_buf key;
        insBufInit(&key);
        insBufPrintf(&key, "%s/-", fkey(&ft, (int64_t)f));
        subj *x = set_get(&ests, "establishment", insBufStr(&key), 0, (int64_t)f);
        insBufFree(&key);
        if (!x) goto out;
        x->total = 1.0;
    }
    /* An establishment's own part: its own hits in full, and its firm's hits
     * at the reach of the firm's risk (each hit counted once); its chain
     * part: the firm's chain risk at the same reach. */
    for (size_t i = 0; i < ests.n; i++) {
        subj *x = &ests.v[i];
        double reach = x->total > 0 ? x->total : 1.0;
        int64_t f = x->firm;
        if (f > 0 && f <= ft.max && ft.total[f] > 0) {
            subj *fx = set_get(&firms, "firm", fkey(&ft, f), f, f);
            if (!fx) goto out;
            for (size_t k2 = 0; k2 < fx->n; k2++)
                if (!add_contrib(x, fx->v[k2].hit, fx->v[k2].rule, fx->v[k2].c * reach)) goto out;
            x->chain = ft.chain[f] * reach;
        }
        x->own = noisy_or(x);
        x->total = 1 - (1 - x->own) * (1 - x->chain);
    }
    subjset *plain[] = {&carriers, &vehicles, &routes};
    for (size_t s = 0; s < INS_ARRAY_LEN(plain); s++)
        for (size_t i = 0; i < plain[s]->n; i++) {
            subj *x = &plain[s]->v[i];
            x->own = x->total = noisy_or(x);
        }

    /* store */
    rc = INS_OK;
    subjset *all[] = {&firms, &ests, &carriers, &vehicles, &routes};
    for (size_t s = 0; s < INS_ARRAY_LEN(all) && rc == INS_OK; s++)
        for (size_t i = 0; i < all[s]->n && rc == INS_OK; i++) {
            subj *x = &all[s]->v[i];
            int64_t f = x->firm;
            int exp = f > 0 && f <= ft.max ? ft.exporter[f] : 0;
            rc = store_subj(db, run, x, exp, exp ? ft.partners[f] : NULL);
        }
    goto out;
hits_out:
    free(lh);
out:
    if (eprod) for (size_t i = 0; i < nedges; i++) free(eprod[i]);
    free(eprod);
    free(eoff);
    free(esup);
    free(eshare);
    set_free(&firms);
    set_free(&ests);
    set_free(&carriers);
    set_free(&vehicles);
    set_free(&routes);
    ruletab_free(&rules);
    firmtab_free(&ft);
    return rc;
}
