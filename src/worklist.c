/*
** worklist.c: from a run's scores to an inspection worklist.
**
** Labour worklists rank establishments (where people work, not tax
** addresses); transport worklists rank carriers, vehicles and routes.  The
** population is every subject that passes the filters, scored or not; the
** targeted rows are its highest scores; the control rows are drawn from
** the rest at random with a seeded hash, so the same run, options and seed
** always give the same list, and hit rates can be measured honestly
** against the control slice.  Each row carries its reasons (rule titles),
** an investigation hypothesis (the ILO indicators suspected), on-site
** guidance, evidence documents and rule versions, and says that it is a
** lead for inspection, not a finding.
*/
#include "ins_internal.h"
#include "score_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One subject of the population: what the row shows, its scores, its draw. */
typedef struct cand {
    char *key;      /* subject key in scores */
    char *type;     /* establishment, carrier, vehicle, route */
    int64_t id;     /* establishment id / carrier firm id */
    int64_t firm;
    char *tax_id, *name, *place, *ubigeo, *sector;
    double total, own, chain;
    int exporter;
    char *partners;
    uint64_t draw;  /* seeded random order for the control slice */
    int chosen;     /* 1 targeted, 2 control, 3 a further site of a targeted firm (may be drawn) */
} cand;

/* Frees the strings of C (C itself lives in the caller's array). */
static void cand_free(cand *c)
{
    free(c->key); free(c->type); free(c->tax_id); free(c->name); free(c->place);
    free(c->ubigeo); free(c->sector); free(c->partners);
}

/*
** The splitmix64 finaliser: spreads the bits of X so that consecutive
** seeds give unrelated draws.
*/
static uint64_t splitmix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/*
** The control-slice draw of the subject KEY under SEED: a hash of the key
** (FNV-1a) mixed with the seed, so the draw depends on nothing but the
** key and the seed (not on the order subjects are read in).
*/
static uint64_t draw_of(uint64_t seed, const char *key)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *s = key; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return splitmix(seed ^ h);
}

/* A candidate of the control draw: its draw, its key (ties), its index. */
typedef struct draw_key {
    uint64_t draw;
    const char *key;
    size_t idx;
} draw_key;

/* qsort order of the control draw: by draw, then by key, then by place in the ranking. */
static int by_draw(const void *a, const void *b)
{
    const draw_key *x = a, *y = b;
    if (x->draw != y->draw) return x->draw < y->draw ? -1 : 1;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    return x->idx < y->idx ? -1 : x->idx > y->idx; /* as the stable sort it replaced */
}

/* qsort order of candidates: highest total first, then by key (a total order). */
static int by_score(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->total != y->total) return x->total < y->total ? 1 : -1;
    return strcmp(x->key, y->key);
}

/* A malloc'd copy of text column I of ST, NULL when it is NULL. */
static char *dup_col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? insUStrdup((const char *)t) : NULL;
}

/*
** 1 when the database has a table NAME.  The inspections table came with
** a later migration; a worklist on an older database skips the filter.
*/
static int table_exists(ins_db *db, const char *name)
{
    static const char q[] = "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?";
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int ok = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return ok;
}

/* ---- populations ---------------------------------------------------------------- */

/*
** The labour population: every Peruvian establishment of a firm that is
** not a natural person, with its scores in run ?1 (0 when unscored), and
** the registered-address rows ("TAXID/-") chain.c made for firms with risk
** and no known establishment.
*/
static const char labor_population[] =
    "SELECT 'establishment', " INS_ESTAB_KEY ", e.id, f.id, COALESCE(f.tax_id, f.key), f.name,"
    " COALESCE(e.address, e.name), e.ubigeo, e.sector,"
    " COALESCE(s.total, 0), COALESCE(s.own, 0), COALESCE(s.chain, 0), COALESCE(s.exporter, 0), s.partners"
    " FROM establishments e JOIN firms f ON f.id = e.firm_id"
    " LEFT JOIN scores s ON s.run_id = ?1 AND s.subject_type = 'establishment' AND s.subject_key = " INS_ESTAB_KEY
    " WHERE COALESCE(e.country, f.country, 'PE') = 'PE' AND f.scheme <> 'PE-DNI'"
    " UNION ALL"
    " SELECT 'establishment', s.subject_key, 0, f.id, COALESCE(f.tax_id, f.key), f.name, NULL, NULL, NULL,"
    " s.total, s.own, s.chain, s.exporter, s.partners"
    " FROM scores s JOIN firms f ON f.id = s.firm_id"
    " WHERE s.run_id = ?1 AND s.subject_type = 'establishment' AND s.subject_id = 0"
    " AND COALESCE(f.country, 'PE') = 'PE'";

/*
** The transport population: every carrier of a leg, every vehicle plate
** (equipment such as trailers excluded) with the destination of its
** latest leg, and every route (origin > destination ubigeo), each with
** its scores in run ?1.
*/
static const char transport_population[] =
    "SELECT 'carrier', COALESCE(f.tax_id, f.key), f.id, f.id, COALESCE(f.tax_id, f.key), f.name,"
    " NULL, NULL, NULL, COALESCE(s.total, 0), COALESCE(s.own, 0), 0, 0, NULL"
    " FROM firms f LEFT JOIN scores s ON s.run_id = ?1 AND s.subject_type = 'carrier'"
    "  AND s.subject_key = COALESCE(f.tax_id, f.key)"
    " WHERE f.id IN (SELECT carrier_firm_id FROM transport_legs)"
    " UNION ALL"
    " SELECT 'vehicle', v.plate, 0, NULL, NULL, NULL, NULL,"
    " (SELECT l.dest_ubigeo FROM transport_legs l JOIN leg_vehicles x ON x.leg_id = l.id"
    "   WHERE x.plate = v.plate ORDER BY l.start_date DESC LIMIT 1), NULL,"
    " COALESCE(s.total, 0), COALESCE(s.own, 0), 0, 0, NULL"
    " FROM (SELECT DISTINCT plate FROM leg_vehicles WHERE role IS NOT 'equipment') v"
    " LEFT JOIN scores s ON s.run_id = ?1 AND s.subject_type = 'vehicle' AND s.subject_key = v.plate"
    " UNION ALL"
    " SELECT 'route', r.k, 0, NULL, NULL, NULL, NULL, r.dest, NULL,"
    " COALESCE(s.total, 0), COALESCE(s.own, 0), 0, 0, NULL"
    " FROM (SELECT DISTINCT origin_ubigeo || '>' || dest_ubigeo AS k, dest_ubigeo AS dest"
    "       FROM transport_legs WHERE origin_ubigeo IS NOT NULL AND dest_ubigeo IS NOT NULL) r"
    " LEFT JOIN scores s ON s.run_id = ?1 AND s.subject_type = 'route' AND s.subject_key = r.k";

/*
** 1 when the candidate passes the filters: --region (ubigeo prefix of its
** place, of either end of a route, or of a carrier's legs), --sector
** (digits: an HS prefix of what the firm sold; text: the establishment's
** sector, normalised) and --exclude-days (no inspection of its firm in
** that many days before the run's date).
*/
static int passes(ins_db *db, const ins_worklist_opts *o, const cand *c, int64_t run, int32_t as_of_days)
{
    if (o->region && *o->region) {
        size_t n = strlen(o->region);
        int ok = 0;
        if (c->ubigeo && !strncmp(c->ubigeo, o->region, n)) ok = 1;
        if (!strcmp(c->type, "route") && c->key) {
            const char *gt = strchr(c->key, '>');
            if (!strncmp(c->key, o->region, n) || (gt && !strncmp(gt + 1, o->region, n))) ok = 1;
        }
        if (!ok && !strcmp(c->type, "carrier") && c->firm > 0) {
            static const char q[] =
                "SELECT 1 FROM transport_legs WHERE carrier_firm_id = ? AND (substr(dest_ubigeo, 1, ?) = ?"
                " OR substr(origin_ubigeo, 1, ?) = ?) LIMIT 1";
            sqlite3_stmt *st = insDbStmt(db, q);
            if (st) {
                sqlite3_bind_int64(st, 1, c->firm);
                sqlite3_bind_int(st, 2, (int)n);
                sqlite3_bind_text(st, 3, o->region, -1, SQLITE_STATIC);
                sqlite3_bind_int(st, 4, (int)n);
                sqlite3_bind_text(st, 5, o->region, -1, SQLITE_STATIC);
                ok = sqlite3_step(st) == SQLITE_ROW;
                sqlite3_reset(st);
            }
        }
        if (!ok) return 0;
    }
    if (o->sector && *o->sector) {
        int digits = strspn(o->sector, "0123456789") == strlen(o->sector);
        if (digits) {
            static const char q[] =
                "SELECT 1 FROM trade_lines WHERE seller_firm_id = ? AND COALESCE(hs6, tariff_code) LIKE ? || '%'"
                " LIMIT 1";
            sqlite3_stmt *st = insDbStmt(db, q);
            int ok = 0;
            if (st && c->firm > 0) {
                sqlite3_bind_int64(st, 1, c->firm);
                sqlite3_bind_text(st, 2, o->sector, -1, SQLITE_STATIC);
                ok = sqlite3_step(st) == SQLITE_ROW;
                sqlite3_reset(st);
            }
            if (!ok) return 0;
        } else {
            char *a = c->sector ? insNormName(c->sector) : NULL;
            char *b = insNormName(o->sector);
            int ok = a && b && strstr(a, b);
            free(a);
            free(b);
            if (!ok) return 0;
        }
    }
    if (o->exclude_days > 0 && c->firm > 0 && table_exists(db, "inspections")) {
        static const char q[] =
            "SELECT 1 FROM inspections WHERE firm_id = ? AND julianday(?) - julianday(date) BETWEEN 0 AND ?"
            " LIMIT 1";
        sqlite3_stmt *st = insDbStmt(db, q);
        if (st) {
            char d[11];
            insDateFormat(as_of_days, d);
            sqlite3_bind_int64(st, 1, c->firm);
            sqlite3_bind_text(st, 2, d, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(st, 3, o->exclude_days);
            int hit = sqlite3_step(st) == SQLITE_ROW;
            sqlite3_reset(st);
            if (hit) return 0;
        }
    }
    (void)run;
    return 1;
}

/* ---- row details ------------------------------------------------------------------ */

typedef struct details {
    ins_buf reasons, hypothesis, guidance, evidence, versions, shippers, legs;
} details;

/* The texts of one worklist row, built while its details are read. */
static void details_init(details *d)
{
    insBufInit(&d->reasons); insBufInit(&d->hypothesis); insBufInit(&d->guidance);
    insBufInit(&d->evidence); insBufInit(&d->versions); insBufInit(&d->shippers); insBufInit(&d->legs);
}

/* Frees the texts of D. */
static void details_free(details *d)
{
    insBufFree(&d->reasons); insBufFree(&d->hypothesis); insBufFree(&d->guidance);
    insBufFree(&d->evidence); insBufFree(&d->versions); insBufFree(&d->shippers); insBufFree(&d->legs);
}

/* Appends S to B unless B already holds it as one of its SEP-separated items. */
static void add_item(ins_buf *b, const char *s, const char *sep)
{
    if (!s || !*s) return;
    size_t n = strlen(s), sl = strlen(sep);
    const char *p = insBufStr(b);
    while (*p) {
        const char *e = strstr(p, sep);
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !memcmp(p, s, n)) return;
        if (!e) break;
        p = e + sl;
    }
    if (b->len) insBufAppendStr(b, sep);
    insBufAppendStr(b, s);
}

/*
** Fills D for one scored subject from the hits that reached it in RUN:
** reasons (up to four rule titles, then the suppliers that carry chain
** risk into the firm), hypothesis (the ILO indicators of its rules, or the
** origin of inputs when only the chain carries risk), guidance (two at
** most), evidence documents, rule versions and, for legs, the shippers.
** A failed query leaves its part empty: the row is still printed.
*/
static void fill_details(ins_db *db, int64_t run, const cand *c, details *d)
{
    static const char qr[] =
        "SELECT r.title, r.rule_id, r.rev, r.indicators, r.guidance, h.id, h.subject_type, h.subject_id,"
        " r.status"
        " FROM score_hits sh JOIN hits h ON h.id = sh.hit_id"
        " JOIN run_rules r ON r.run_id = h.run_id AND r.rule_id = h.rule_id"
        " WHERE sh.run_id = ? AND sh.subject_type = ? AND sh.subject_key = ?"
        " ORDER BY sh.contribution DESC, r.rule_id";
    static const char qd[] =
        "SELECT DISTINCT " INS_DOC_LABEL ", d.id"
        " FROM score_hits sh JOIN hit_documents hd ON hd.hit_id = sh.hit_id"
        " JOIN documents d ON d.id = hd.document_id"
        " WHERE sh.run_id = ? AND sh.subject_type = ? AND sh.subject_key = ? ORDER BY d.id LIMIT 12";
    static const char qs[] =
        "SELECT DISTINCT COALESCE(f.name, f.tax_id) || ' (' || COALESCE(f.tax_id, '-') || ')'"
        " FROM score_hits sh JOIN hit_documents hd ON hd.hit_id = sh.hit_id"
        " JOIN transport_legs l ON l.document_id = hd.document_id JOIN firms f ON f.id = l.shipper_firm_id"
        " WHERE sh.run_id = ? AND sh.subject_type = ? AND sh.subject_key = ? LIMIT 5";
    static const char qc[] =
        "SELECT COALESCE(f.name, f.tax_id), COALESCE(f.tax_id, '-'), c.share, c.product, c.contribution"
        " FROM chain_links c JOIN firms f ON f.id = c.supplier_firm_id"
        " WHERE c.run_id = ? AND c.buyer_firm_id = ? ORDER BY c.contribution DESC LIMIT 2"; /* of INS_SCORE_CHAIN_LINKS_KEPT */
    const char *stype = c->type;
    sqlite3_stmt *st = insDbStmt(db, qr);
    int nreasons = 0, nguid = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_text(st, 2, stype, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, c->key, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *title = (const char *)sqlite3_column_text(st, 0);
            const char *status = (const char *)sqlite3_column_text(st, 8);
            if (nreasons < 4) {
                ins_buf t;
                insBufInit(&t);
                insBufPrintf(&t, "%s%s", title ? title : "?",
                             status && !strcmp(status, "experimental") ? D_(" (experimental)") : "");
                size_t before = d->reasons.len;
                add_item(&d->reasons, insBufStr(&t), "; ");
                if (d->reasons.len != before) nreasons++;
                insBufFree(&t);
            }
            ins_buf v;
            insBufInit(&v);
            insBufPrintf(&v, "%s r%d", sqlite3_column_text(st, 1), sqlite3_column_int(st, 2));
            add_item(&d->versions, insBufStr(&v), ", ");
            insBufFree(&v);
            const char *ind = (const char *)sqlite3_column_text(st, 3);
            if (ind) {
                char *copy = insUStrdup(ind);
                for (char *p = copy, *e; p && *p; p = e ? e + 1 : NULL) {
                    e = strchr(p, ',');
                    if (e) *e = '\0';
                    if (!strncmp(p, "ilo.", 4)) add_item(&d->hypothesis, insIndicatorLabel(p), ", ");
                }
                free(copy);
            }
            const char *g = (const char *)sqlite3_column_text(st, 4);
            if (g && nguid < 2) {
                size_t before = d->guidance.len;
                add_item(&d->guidance, g, " / ");
                if (d->guidance.len != before) nguid++;
            }
        }
        sqlite3_reset(st);
    }
    if (c->chain > INS_WORKLIST_CHAIN_REASON_MIN && c->firm > 0 && (st = insDbStmt(db, qc))) {
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_int64(st, 2, c->firm);
        while (sqlite3_step(st) == SQLITE_ROW) {
            ins_buf t;
            insBufInit(&t);
            const char *prod = (const char *)sqlite3_column_text(st, 3);
            insBufPrintf(&t, D_("Buys from a risky supplier: %s (%s), %.0f%% of its purchases%s%s"),
                         sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                         100 * sqlite3_column_double(st, 2), prod && *prod ? D_(" of HS heading ") : "",
                         prod && *prod ? prod : "");
            add_item(&d->reasons, insBufStr(&t), "; ");
            insBufFree(&t);
        }
        sqlite3_reset(st);
    }
    if (d->hypothesis.len) {
        size_t k = 1;
        for (const char *p = insBufStr(&d->hypothesis); *p; p++) k += *p == ',';
        ins_buf h;
        insBufInit(&h);
        insBufPrintf(&h, D_("%zu of the 11 ILO indicators: %s"), k, insBufStr(&d->hypothesis));
        insBufReset(&d->hypothesis);
        insBufAppendStr(&d->hypothesis, insBufStr(&h));
        insBufFree(&h);
    } else if (c->chain > INS_WORKLIST_CHAIN_REASON_MIN) {
        insBufAppendStr(&d->hypothesis, D_("risk in the supplier chain: check where the inputs come from"));
    }
    if ((st = insDbStmt(db, qd))) {
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_text(st, 2, stype, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, c->key, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) add_item(&d->evidence, (const char *)sqlite3_column_text(st, 0), ", ");
        sqlite3_reset(st);
    }
    if ((st = insDbStmt(db, qs))) {
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_text(st, 2, stype, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, c->key, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) add_item(&d->shippers, (const char *)sqlite3_column_text(st, 0), "; ");
        sqlite3_reset(st);
    }
}

/* District, province and department names of a ubigeo. */
static void place_names(ins_db *db, const char *ubigeo, char **dist, char **prov, char **dept)
{
    *dist = *prov = *dept = NULL;
    if (!ubigeo || strlen(ubigeo) != 6) return;
    static const char q[] = "SELECT district, province, department FROM ubigeo WHERE code = ?";
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return;
    sqlite3_bind_text(st, 1, ubigeo, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *dist = dup_col(st, 0);
        *prov = dup_col(st, 1);
        *dept = dup_col(st, 2);
    }
    sqlite3_reset(st);
}

static const char *const labor_cols[] = {
    "rank", "tax_id", "name", "establishment", "ubigeo", "district", "province", "department",
    "score", "own", "chain", "reasons", "hypothesis", "guidance", "evidence", "rule_versions",
    "cross_border", "control", "nature",
};
static const char *const transport_cols[] = {
    "rank", "kind", "subject", "name", "score", "reasons", "legs", "shippers", "control_point",
    "evidence", "rule_versions", "control", "nature",
};
/* With opts.coordinates: the same columns, then where the row is on a map. */
static const char *const labor_cols_geo[] = {
    "rank", "tax_id", "name", "establishment", "ubigeo", "district", "province", "department",
    "score", "own", "chain", "reasons", "hypothesis", "guidance", "evidence", "rule_versions",
    "cross_border", "control", "nature", "longitude", "latitude",
};
static const char *const transport_cols_geo[] = {
    "rank", "kind", "subject", "name", "score", "reasons", "legs", "shippers", "control_point",
    "evidence", "rule_versions", "control", "nature", "longitude", "latitude", "longitude2", "latitude2",
};

/*
** The origin and destination ubigeos of route key KEY ("070101>170101"),
** each cut to 7 bytes (a longer one is no ubigeo anyway); both empty when
** KEY has no '>'.
*/
static void route_ends(const char *key, char o6[8], char d6[8])
{
    o6[0] = d6[0] = '\0';
    const char *gt = strchr(key, '>');
    if (!gt) return;
    size_t n = (size_t)(gt - key) + 1;
    insUStrlcpy(o6, key, n < 8 ? n : 8);
    insUStrlcpy(d6, gt + 1, 8);
}

/*
** Where a row goes on a map: establishment EID's own coordinates when the
** facility list gave them, else the centre of district UBIGEO (the INEI
** table's).  Sets cells K and K + 1 of ROW of R to longitude and latitude,
** or leaves them empty when neither is known.
*/
static void set_place(ins_db *db, ins_result *r, size_t row, size_t k, int64_t eid, const char *ubigeo)
{
    static const char q[] =
        "SELECT COALESCE(e.lng, u.longitude), COALESCE(e.lat, u.latitude)"
        " FROM (SELECT ?1 AS eid, ?2 AS code) x LEFT JOIN establishments e ON e.id = x.eid"
        " LEFT JOIN ubigeo u ON u.code = x.code";
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return;
    sqlite3_bind_int64(st, 1, eid);
    insDbBindText(st, 2, ubigeo);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
        sqlite3_column_type(st, 1) != SQLITE_NULL) {
        insResultSetf(r, row, k, "%.6f", sqlite3_column_double(st, 0));
        insResultSetf(r, row, k + 1, "%.6f", sqlite3_column_double(st, 1));
    }
    sqlite3_reset(st);
}

/*
** Withdraws worklist ID, recorded by ins_worklist a moment ago, when its
** output could not be written whole (see inspector.h): its rows and the
** list go, in one transaction, unless an inspection already cites it.
*/
int ins_worklist_withdraw(ins_db *db, int64_t id)
{
    static const char *const sql[] = {
        "DELETE FROM worklist_rows WHERE worklist_id = ?1"
        " AND NOT EXISTS (SELECT 1 FROM inspections WHERE worklist_id = ?1)",
        "DELETE FROM worklists WHERE id = ?1"
        " AND NOT EXISTS (SELECT 1 FROM inspections WHERE worklist_id = ?1)",
    };
    int unit = insDbWriteBegin(db);
    if (!unit) return INS_ERR_DB;
    int rc = INS_OK;
    for (size_t i = 0; i < INS_ARRAY_LEN(sql) && rc == INS_OK; i++) {
        sqlite3_stmt *st = insDbStmt(db, sql[i]);
        if (!st) { rc = INS_ERR_DB; break; }
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
        sqlite3_reset(st);
    }
    if (insDbWriteEnd(db, unit, rc == INS_OK) != INS_OK) rc = INS_ERR_DB;
    return rc;
}

/*
** Builds the labour or transport worklist of a run (the latest when
** o->run_id is 0): reads the population with its scores, keeps what passes
** the filters, sorts by score, marks the targeted rows (at most
** o->per_firm establishments of one firm), draws the control rows from the
** rest in seeded order, then writes each row with its details, targeted
** rows first.  With o->store the list and its rows are recorded
** (worklists, worklist_rows) for evaluation.  *out receives the rows;
** *worklist_id the recorded list (0 when not stored).
*/
int ins_worklist(ins_db *db, const ins_worklist_opts *o, ins_result **out, int64_t *worklist_id,
                 char **errmsg)
{
    *out = NULL;
    if (worklist_id) *worklist_id = 0;
    if (errmsg) *errmsg = NULL;
    int labor = o->kind && (!strcmp(o->kind, "labor") || !strcmp(o->kind, "labour"));
    int transport = o->kind && !strcmp(o->kind, "transport");
    if (!labor && !transport) return INS_ERR_ARG;
    int64_t run = o->run_id > 0 ? o->run_id : ins_latest_run(db);
    static const char qrun[] = "SELECT as_of FROM runs WHERE id = ? AND status = 'complete'";
    sqlite3_stmt *st = insDbStmt(db, qrun);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, run);
    char as_of[11] = "";
    if (sqlite3_step(st) == SQLITE_ROW) insUStrlcpy(as_of, (const char *)sqlite3_column_text(st, 0), sizeof as_of);
    sqlite3_reset(st);
    if (!as_of[0]) {
        if (errmsg) *errmsg = insUStrdup(run ? _("no such run") : _("no scoring run yet: run 'inspector score' first"));
        return INS_ERR_NOTFOUND;
    }
    int32_t as_of_days = 0;
    insDateParse(as_of, strlen(as_of), &as_of_days);
    int top = o->top > 0 ? o->top : INS_WORKLIST_TOP_DEFAULT;
    double share = o->control_share < 0 ? 0 : o->control_share > 1 ? 1 : o->control_share;
    int unit = 0; /* a unit of writes (insDbWriteBegin) holds the recorded list until it is whole */

    /* the population */
    st = insDbStmt(db, labor ? labor_population : transport_population);
    if (!st) { if (errmsg) *errmsg = insUStrdup(insDbErr(db)); return INS_ERR_DB; }
    sqlite3_bind_int64(st, 1, run);
    cand *cs = NULL;
    size_t n = 0, cap = 0;
    int rc = INS_OK;
    while (sqlite3_step(st) == SQLITE_ROW) {
        cand *v = insUGrow(cs, &cap, n + 1, sizeof *v);
        if (!v) { rc = INS_ERR_NOMEM; break; }
        cs = v;
        cand *c = &cs[n];
        memset(c, 0, sizeof *c);
        c->type = dup_col(st, 0);
        c->key = dup_col(st, 1);
        c->id = sqlite3_column_int64(st, 2);
        c->firm = sqlite3_column_int64(st, 3);
        c->tax_id = dup_col(st, 4);
        c->name = dup_col(st, 5);
        c->place = dup_col(st, 6);
        c->ubigeo = dup_col(st, 7);
        c->sector = dup_col(st, 8);
        c->total = sqlite3_column_double(st, 9);
        c->own = sqlite3_column_double(st, 10);
        c->chain = sqlite3_column_double(st, 11);
        c->exporter = sqlite3_column_int(st, 12);
        c->partners = dup_col(st, 13);
        if (!c->type || !c->key) { cand_free(c); continue; }
        if (!passes(db, o, c, run, as_of_days)) { cand_free(c); continue; }
        c->draw = draw_of(o->seed, c->key);
        n++;
    }
    sqlite3_reset(st);
    if (rc != INS_OK) goto out;
    if (n) qsort(cs, n, sizeof *cs, by_score);

    size_t ncontrol = (size_t)((double)top * share + 0.5);
    if (ncontrol > (size_t)top) ncontrol = (size_t)top;
    size_t ntarget = (size_t)top - ncontrol, chosen = 0;
    /* One firm should not fill the list with its sites: at most PER_FIRM of
     * its establishments are targeted (the highest); the others are named
     * in the row as further sites. */
    int per_firm = o->per_firm > 0 ? o->per_firm : INS_WORKLIST_PER_FIRM_DEFAULT;
    for (size_t i = 0; i < n && chosen < ntarget; i++) {
        if (cs[i].total <= 0) continue;
        if (labor && cs[i].firm > 0) {
            int same = 0;
            for (size_t k = 0; k < i; k++)
                if (cs[k].chosen == 1 && cs[k].firm == cs[i].firm) same++;
            if (same >= per_firm) { cs[i].chosen = 3; continue; } /* a further site */
        }
        cs[i].chosen = 1;
        chosen++;
    }
    /* control: the rest of the population in seeded random order */
    size_t no = 0;
    draw_key *dk = malloc((n ? n : 1) * sizeof *dk);
    if (!dk) { rc = INS_ERR_NOMEM; goto out; }
    for (size_t i = 0; i < n; i++)
        if (!cs[i].chosen || cs[i].chosen == 3) {
            dk[no].draw = cs[i].draw;
            dk[no].key = cs[i].key;
            dk[no].idx = i;
            no++;
        }
    /* the population can be millions: qsort, not the insertion sort a
     * province's list once allowed (quadratic: minutes at graph scale) */
    if (no) qsort(dk, no, sizeof *dk, by_draw);
    for (size_t i = 0; i < no && i < ncontrol; i++) cs[dk[i].idx].chosen = 2;
    free(dk);
    /* each control row had this chance of being drawn: what calibrate
     * weighs it by (targeted rows were certain) */
    double control_prob = no ? (double)(ncontrol < no ? ncontrol : no) / (double)no : 0;

    ins_result *r = labor
        ? insResultNew(D_("Labour inspection worklist (establishments)"),
                       D_("Lead for inspection, not a finding."),
                       o->coordinates ? labor_cols_geo : labor_cols,
                       o->coordinates ? INS_ARRAY_LEN(labor_cols_geo) : INS_ARRAY_LEN(labor_cols))
        : insResultNew(D_("Transport control worklist (carriers, vehicles, routes)"),
                       D_("Lead for a roadside check, not a finding."),
                       o->coordinates ? transport_cols_geo : transport_cols,
                       o->coordinates ? INS_ARRAY_LEN(transport_cols_geo) : INS_ARRAY_LEN(transport_cols));
    if (!r) { rc = INS_ERR_NOMEM; goto out; }
    r->layout = labor ? INS_LAYOUT_LABOUR_CARDS : INS_LAYOUT_TRANSPORT_CARDS;
    /* the nature column is a fixed marker programs can test, the same in
     * every language (the notes and cards say it in the document's) */
    char *pass_nature = insUStrdup("lead for inspection, not a finding");

    int64_t wid = 0;
    if (o->store) {
        if (!(unit = insDbWriteBegin(db))) { rc = INS_ERR_DB; free(pass_nature); ins_result_free(r); goto out; }
        static const char qw[] = "INSERT INTO worklists(run_id, kind, created_at, parameters) VALUES(?,?,?,?)";
        char now[21];
        insUNowIso(now);
        ins_buf p;
        insBufInit(&p);
        insBufPrintf(&p, "{\"top\":%d,\"region\":\"%s\",\"sector\":\"%s\",\"exclude_days\":%d,"
                     "\"control_share\":%.4f,\"seed\":%llu,\"per_firm\":%d}", top, o->region ? o->region : "",
                     o->sector ? o->sector : "", o->exclude_days, share, (unsigned long long)o->seed, per_firm);
        if (!(st = insDbStmt(db, qw))) { rc = INS_ERR_DB; insBufFree(&p); free(pass_nature); ins_result_free(r); goto out; }
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_text(st, 2, labor ? "labor" : "transport", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, insBufStr(&p), -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
        insBufFree(&p);
        if (rc != INS_OK) { free(pass_nature); ins_result_free(r); goto out; }
        wid = sqlite3_last_insert_rowid(db->h);
    }

    long rank = 0;
    for (int pass = 1; pass <= 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            cand *c = &cs[i];
            if (c->chosen != pass) continue;
            long row = insResultAddRow(r);
            if (row < 0) { rc = INS_ERR_NOMEM; break; }
            rank++;
            details d;
            details_init(&d);
            fill_details(db, run, c, &d);
            size_t k = 0;
            insResultSetf(r, (size_t)row, k++, "%ld", rank);
            if (labor) {
                char *dist, *prov, *dept;
                place_names(db, c->ubigeo, &dist, &prov, &dept);
                insResultSet(r, (size_t)row, k++, c->tax_id);
                insResultSet(r, (size_t)row, k++, c->name);
                size_t further = 0;
                for (size_t q = 0; q < n; q++)
                    if (cs[q].chosen == 3 && cs[q].firm == c->firm && c->firm > 0) further++;
                if (further && pass == 1)
                    insResultSetf(r, (size_t)row, k++, D_("%s (+%zu other establishments of the firm at risk)"),
                                  c->place ? c->place : D_("(registered address)"), further);
                else
                    insResultSet(r, (size_t)row, k++, c->place ? c->place : D_("(registered address)"));
                insResultSet(r, (size_t)row, k++, c->ubigeo);
                insResultSet(r, (size_t)row, k++, dist);
                insResultSet(r, (size_t)row, k++, prov);
                insResultSet(r, (size_t)row, k++, dept);
                free(dist); free(prov); free(dept);
                insResultSetf(r, (size_t)row, k++, "%.3f", c->total);
                insResultSetf(r, (size_t)row, k++, "%.3f", c->own);
                insResultSetf(r, (size_t)row, k++, "%.3f", c->chain);
                insResultSet(r, (size_t)row, k++, d.reasons.len ? insBufStr(&d.reasons) : (pass == 2 ? D_("control sample (random)") : NULL));
                insResultSet(r, (size_t)row, k++, insBufStr(&d.hypothesis));
                insResultSet(r, (size_t)row, k++, insBufStr(&d.guidance));
                insResultSet(r, (size_t)row, k++, insBufStr(&d.evidence));
                insResultSet(r, (size_t)row, k++, insBufStr(&d.versions));
                if (c->exporter && c->total > 0) {
                    insResultSetf(r, (size_t)row, k++, D_("exports to %s: inform the partner state"),
                                  c->partners ? c->partners : "?");
                } else {
                    insResultSet(r, (size_t)row, k++, NULL);
                }
            } else {
                char *dist = NULL, *prov = NULL, *dept = NULL;
                insResultSet(r, (size_t)row, k++, c->type);
                ins_buf subject;
                insBufInit(&subject);
                const char *dest = c->ubigeo;
                if (!strcmp(c->type, "route")) {
                    char o6[8], d6[8];
                    route_ends(c->key, o6, d6);
                    char *od, *op, *oe;
                    place_names(db, o6, &od, &op, &oe);
                    place_names(db, d6, &dist, &prov, &dept);
                    insBufPrintf(&subject, "%s %s > %s %s", o6, od ? od : "?", d6, dist ? dist : "?");
                    free(od); free(op); free(oe);
                    dest = NULL;
                } else {
                    insBufAppendStr(&subject, c->key);
                    place_names(db, dest, &dist, &prov, &dept);
                }
                insResultSet(r, (size_t)row, k++, insBufStr(&subject));
                insBufFree(&subject);
                insResultSet(r, (size_t)row, k++, c->name);
                insResultSetf(r, (size_t)row, k++, "%.3f", c->total);
                insResultSet(r, (size_t)row, k++, d.reasons.len ? insBufStr(&d.reasons) : (pass == 2 ? D_("control sample (random)") : NULL));
                insResultSet(r, (size_t)row, k++, insBufStr(&d.evidence));
                insResultSet(r, (size_t)row, k++, insBufStr(&d.shippers));
                if (dist)
                    insResultSetf(r, (size_t)row, k++, D_("way into %s (%s, %s)"), dist, prov ? prov : "?", dept ? dept : "?");
                else
                    insResultSet(r, (size_t)row, k++, NULL);
                free(dist); free(prov); free(dept);
                insResultSet(r, (size_t)row, k++, insBufStr(&d.evidence));
                insResultSet(r, (size_t)row, k++, insBufStr(&d.versions));
            }
            insResultSet(r, (size_t)row, k++, pass == 2 ? "1" : "0");
            insResultSet(r, (size_t)row, k++, pass_nature);
            if (o->coordinates && labor) {
                set_place(db, r, (size_t)row, k, !strcmp(c->type, "establishment") ? c->id : 0, c->ubigeo);
            } else if (o->coordinates && !strcmp(c->type, "route")) {
                /* a route: a line from the origin's district centre to the destination's */
                char o6[8], d6[8];
                route_ends(c->key, o6, d6);
                set_place(db, r, (size_t)row, k, 0, o6);
                set_place(db, r, (size_t)row, k + 2, 0, d6);
            } else if (o->coordinates) {
                /* a carrier or a vehicle: where it enters, the control point */
                set_place(db, r, (size_t)row, k, 0, c->ubigeo);
            }
            details_free(&d);
            if (wid) {
                static const char qr[] =
                    "INSERT INTO worklist_rows(worklist_id, rank, subject_type, subject_key, firm_id, score, control,"
                    " inclusion_prob) VALUES(?,?,?,?,?,?,?,?)";
                if ((st = insDbStmt(db, qr))) {
                    sqlite3_bind_int64(st, 1, wid);
                    sqlite3_bind_int64(st, 2, rank);
                    sqlite3_bind_text(st, 3, c->type, -1, SQLITE_STATIC);
                    sqlite3_bind_text(st, 4, c->key, -1, SQLITE_STATIC);
                    if (c->firm > 0) sqlite3_bind_int64(st, 5, c->firm);
                    sqlite3_bind_double(st, 6, c->total);
                    sqlite3_bind_int(st, 7, pass == 2);
                    sqlite3_bind_double(st, 8, pass == 2 ? control_prob : 1.0);
                    if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
                }
            }
        }
    }
    free(pass_nature);
    if (unit) {
        /* the list and all its rows, or nothing */
        if (insDbWriteEnd(db, unit, rc == INS_OK) != INS_OK) rc = INS_ERR_DB;
        unit = 0;
    }
    if (rc == INS_OK) {
        *out = r;
        if (worklist_id) *worklist_id = wid;
    } else {
        ins_result_free(r);
    }
out:
    if (unit) insDbWriteEnd(db, unit, 0);
    for (size_t i = 0; i < n; i++) cand_free(&cs[i]);
    free(cs);
    return rc;
}
