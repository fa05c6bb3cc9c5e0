/*
** exchange.c: the binational exchange file (docs/EXCHANGE.md).
**
** Each state runs its own database; the two exchange alerts and lists, not
** their databases.  A file is written for one partner state: the firms
** whose trade reaches it (exports to it, by invoice or customs declaration)
** with their risk, the rules that fired and how many documents of each
** type stand behind them, never the documents; and the listed persons and
** firms in force, for the partner's entry filters.  Every identifier of a
** natural person is replaced by a pseudonym under a key the two states
** share, a deliberately slow keyed hash (Argon2id, libsodium's
** crypto_pwhash) over a normalised form ("PE-DNI:07976340"); names of
** persons are not written.
**
** The format is the XSD data/exchange-1.xsd: the writer validates its own
** document before writing it, the reader before reading anything.  A file
** is signed with the issuing state's Ed25519 key (libsodium) over the
** exclusive canonical form (libxml2's C14N) of the document without its
** Signature element; no XML-DSig.  Import refuses a file that fails the
** XSD, is for another partner or whose signature does not verify, each
** with one line, before it writes anything; the same file imported twice
** changes nothing.
**
** Stage: after a run (it reads a run's scores and hits), beside worklist.c.
*/
#include "ins_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EX_NS "urn:inspector:exchange:1"
#define SIGN_MAGIC "inspector-exchange-ed25519-secret-1"
#define PUB_MAGIC "inspector-exchange-ed25519-public-1"

/* ---- keys ------------------------------------------------------------------- */

/*
** Writes LEN bytes of KEY as a key file PATH: a first line naming what it
** is (MAGIC), then the key in hexadecimal.  The file must not exist (a key
** is never overwritten) and is created with MODE.
*/
static int write_key(const char *path, const char *magic, const unsigned char *key, size_t len, mode_t mode,
                     char **err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd < 0) return insErrSet(err, INS_ERR_IO, _("cannot create %s: %s"), path, strerror(errno));
    char hex[2 * crypto_sign_SECRETKEYBYTES + 1];
    sodium_bin2hex(hex, sizeof hex, key, len);
    ins_buf b;
    insBufInit(&b);
    insBufPrintf(&b, "%s\n%s\n", magic, hex);
    sodium_memzero(hex, sizeof hex);
    ssize_t w = write(fd, b.s, b.len);
    int ok = w == (ssize_t)b.len;
    sodium_memzero(b.s, b.len);
    insBufFree(&b);
    if (close(fd) != 0) ok = 0;
    if (!ok) {
        unlink(path);
        return insErrSet(err, INS_ERR_IO, _("cannot write %s"), path);
    }
    return INS_OK;
}

/* Reads key file PATH of kind MAGIC into KEY (exactly LEN bytes). */
static int read_key(const char *path, const char *magic, unsigned char *key, size_t len, char **err)
{
    FILE *f = fopen(path, "r");
    if (!f) return insErrSet(err, INS_ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
    char line[256], hex[2 * crypto_sign_SECRETKEYBYTES + 8];
    int ok = fgets(line, sizeof line, f) && !strncmp(line, magic, strlen(magic)) && fgets(hex, sizeof hex, f);
    fclose(f);
    size_t got = 0;
    if (ok) {
        insUTrim(hex);
        ok = sodium_hex2bin(key, len, hex, strlen(hex), NULL, &got, NULL) == 0 && got == len;
    }
    sodium_memzero(hex, sizeof hex);
    if (!ok) return insErrSet(err, INS_ERR_FORMAT, _("%s is not an exchange key of this kind (%s)"), path, magic);
    return INS_OK;
}

/*
** Makes the issuing state's signing key pair: PREFIX.sign (secret, 0600)
** and PREFIX.pub (public, for the partner).  Neither may exist.
*/
int ins_exchange_keygen(const char *prefix, char **err)
{
    if (err) *err = NULL;
    if (sodium_init() < 0) return insErrSet(err, INS_ERR_NOMEM, _("libsodium cannot be initialised"));
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    ins_buf ps, pp;
    insBufInit(&ps);
    insBufInit(&pp);
    insBufPrintf(&ps, "%s.sign", prefix);
    insBufPrintf(&pp, "%s.pub", prefix);
    int rc = write_key(insBufStr(&ps), SIGN_MAGIC, sk, sizeof sk, 0600, err);
    if (rc == INS_OK) {
        rc = write_key(insBufStr(&pp), PUB_MAGIC, pk, sizeof pk, 0644, err);
        if (rc != INS_OK) unlink(insBufStr(&ps));
    }
    sodium_memzero(sk, sizeof sk);
    insBufFree(&ps);
    insBufFree(&pp);
    return rc;
}

/* ---- writing ---------------------------------------------------------------- */

/* Adds child NAME of N with attributes (name, value pairs, a NULL value
** leaves the attribute out) ending with NULL. */
static xmlNodePtr child(xmlNodePtr n, const char *name, ...)
{
    xmlNodePtr c = xmlNewChild(n, NULL, (const xmlChar *)name, NULL);
    if (!c) return NULL;
    va_list ap;
    va_start(ap, name);
    for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *)) {
        const char *v = va_arg(ap, const char *);
        if (v && *v) xmlNewProp(c, (const xmlChar *)a, (const xmlChar *)v);
    }
    va_end(ap);
    return c;
}

/* A score with four decimals, or NULL (left out) when not known. */
static const char *num4(sqlite3_stmt *s, int col, char buf[32])
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL) return NULL;
    snprintf(buf, 32, "%.4f", sqlite3_column_double(s, col));
    return buf;
}

/* The column COL of S as text, or NULL. */
static const char *txt(sqlite3_stmt *s, int col)
{
    return (const char *)sqlite3_column_text(s, col);
}

/* The state of one export. */
typedef struct ex_out {
    ins_db *db;
    const ins_exchange_opts *o;
    ins_pseudo_key key;
    int64_t run;
    xmlDocPtr doc;
    xmlNodePtr root;
    ins_exchange_stats *st;
    char **err;
} ex_out;

/*
** The firm alerts: the state's own firms whose trade reaches the partner
** in the period (sales to buyers of its country by invoice, exports
** declared to customs with it as destination, imports declared from it:
** tier 0) and their suppliers up the supply paths ending in them (tier 1
** to INS_EXCHANGE_SUPPLY_TIERS, edges active in the period), that the run
** scored: risk, goods (HS6), the rules that fired on the
** firm or its establishments, and the count of evidence documents by type.
** A natural person's firm is written by its pseudonym, without its name.
*/
/* An alerted firm: its id and its element, in id order (qf's order). */
typedef struct alert_firm {
    int64_t id;
    xmlNodePtr node;
    int goods;
} alert_firm;

/* The alerted firm FID of A (N of them, sorted by id), or NULL. */
static alert_firm *find_alert(alert_firm *a, size_t n, int64_t fid)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (a[m].id < fid) lo = m + 1;
        else hi = m;
    }
    return lo < n && a[lo].id == fid ? &a[lo] : NULL;
}

/*
** Fills the alerted firms' goods, rules and evidence with one statement
** each over the whole period's data (not one per firm: the rules and
** evidence statements read every firm and establishment hit of the run
** once, whatever the number of alerts), in the schema's order of
** elements: goods, then rules, then evidence.
*/
static int alert_details(ex_out *x, alert_firm *a, size_t n)
{
    static const char qg[] =
        "SELECT fid, hs6 FROM (SELECT t.seller_firm_id AS fid, t.hs6 AS hs6 FROM trade_lines t"
        "  JOIN firms b ON b.id = t.buyer_firm_id WHERE b.country = ?1 AND t.hs6 IS NOT NULL"
        "  AND t.seller_firm_id IS NOT NULL"
        " UNION SELECT x.exporter_firm_id, i.hs6 FROM declaration_items i JOIN declarations x ON x.id = i.declaration_id"
        "  WHERE x.destination_country = ?1 AND x.exporter_firm_id IS NOT NULL AND i.hs6 IS NOT NULL"
        " UNION SELECT x.importer_firm_id, i.hs6 FROM declaration_items i JOIN declarations x ON x.id = i.declaration_id"
        "  WHERE x.export_country = ?1 AND x.importer_firm_id IS NOT NULL AND i.hs6 IS NOT NULL)"
        " ORDER BY fid, hs6";
#define HIT_FIRM \
    "CASE h.subject_type WHEN 'firm' THEN h.subject_id ELSE (SELECT e.firm_id FROM establishments e" \
    " WHERE e.id = h.subject_id) END"
    static const char qr[] =
        "SELECT " HIT_FIRM " AS fid, h.rule_id, h.rule_rev, r.title, COUNT(*) FROM hits h"
        " JOIN run_rules r ON r.run_id = h.run_id AND r.rule_id = h.rule_id"
        " WHERE h.run_id = ?1 AND h.subject_type IN ('firm', 'establishment')"
        " GROUP BY 1, h.rule_id, h.rule_rev, r.title ORDER BY 1, h.rule_id";
    static const char qe[] =
        "SELECT " HIT_FIRM " AS fid, COALESCE(d.type_code, d.kind), COUNT(DISTINCT d.id) FROM hits h"
        " JOIN hit_documents hd ON hd.hit_id = h.id JOIN documents d ON d.id = hd.document_id"
        " WHERE h.run_id = ?1 AND h.subject_type IN ('firm', 'establishment') GROUP BY 1, 2 ORDER BY 1, 2";
#undef HIT_FIRM
    const char *qs[] = {qg, qr, qe};
    int rc = INS_OK;
    for (int q = 0; q < 3 && rc == INS_OK; q++) {
        sqlite3_stmt *s = insDbStmt(x->db, qs[q]);
        if (!s) return INS_ERR_DB;
        if (q == 0) insDbBindText(s, 1, x->o->partner);
        else sqlite3_bind_int64(s, 1, x->run);
        int step;
        while (rc == INS_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
            alert_firm *f = find_alert(a, n, sqlite3_column_int64(s, 0));
            if (!f) continue;
            char n1[24], n2[24];
            xmlNodePtr c = NULL;
            if (q == 0) {
                if (f->goods++ >= INS_EXCHANGE_MAX_GOODS) continue;
                c = child(f->node, "Good", "hs6", txt(s, 1), NULL);
            } else if (q == 1) {
                snprintf(n1, sizeof n1, "%d", sqlite3_column_int(s, 2));
                snprintf(n2, sizeof n2, "%d", sqlite3_column_int(s, 4));
                c = child(f->node, "Rule", "id", txt(s, 1), "rev", n1, "title", txt(s, 3), "hits", n2, NULL);
            } else {
                snprintf(n1, sizeof n1, "%d", sqlite3_column_int(s, 2));
                c = child(f->node, "Evidence", "type", txt(s, 1), "documents", n1, NULL);
            }
            if (!c) rc = INS_ERR_NOMEM;
        }
        if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
        sqlite3_reset(s);
    }
    return rc;
}

static int write_alerts(ex_out *x)
{
    static const char qf[] =
        "WITH RECURSIVE f0 AS (SELECT t.seller_firm_id AS fid FROM trade_lines t JOIN firms b ON b.id = t.buyer_firm_id"
        "  JOIN documents d ON d.id = t.document_id WHERE b.country = ?1 AND d.issue_date BETWEEN ?2 AND ?3"
        "  AND t.seller_firm_id IS NOT NULL"
        " UNION SELECT exporter_firm_id FROM declarations WHERE direction = 'EX' AND destination_country = ?1"
        "  AND issue_date BETWEEN ?2 AND ?3 AND exporter_firm_id IS NOT NULL"
        " UNION SELECT importer_firm_id FROM declarations WHERE direction = 'IM' AND export_country = ?1"
        "  AND issue_date BETWEEN ?2 AND ?3 AND importer_firm_id IS NOT NULL),"
        /* the supply paths ending in those firms: their suppliers, tier by
         * tier (one row per firm and tier, so the walk is bounded by the
         * firms times the tiers) */
        " up(fid, tier) AS (SELECT fid, 0 FROM f0 UNION SELECT e.supplier_firm_id, up.tier + 1 FROM up"
        "  JOIN supply_edges e ON e.buyer_firm_id = up.fid WHERE up.tier < ?6"
        "  AND COALESCE(e.last_date, ?3) >= ?2 AND COALESCE(e.first_date, ?2) <= ?3),"
        " f AS (SELECT fid, MIN(tier) AS tier FROM up GROUP BY fid)"
        " SELECT fm.id, fm.tax_id, fm.scheme, fm.name, s.own, s.chain, s.total, f.tier"
        " FROM f JOIN firms fm ON fm.id = f.fid"
        " JOIN scores s ON s.run_id = ?4 AND s.subject_type = 'firm' AND s.subject_key = COALESCE(fm.tax_id, fm.key)"
        " WHERE COALESCE(fm.country, ?5) = ?5 AND s.total > 0 ORDER BY fm.id";
    xmlNodePtr alerts = child(x->root, "FirmAlerts", NULL);
    sqlite3_stmt *s = insDbStmt(x->db, qf);
    if (!s || !alerts) return INS_ERR_DB;
    insDbBindText(s, 1, x->o->partner);
    insDbBindText(s, 2, x->o->from);
    insDbBindText(s, 3, x->o->to);
    sqlite3_bind_int64(s, 4, x->run);
    insDbBindText(s, 5, x->o->state);
    sqlite3_bind_int(s, 6, INS_EXCHANGE_SUPPLY_TIERS);
    alert_firm *a = NULL;
    size_t n = 0, cap = 0;
    int rc = INS_OK, step;
    while (rc == INS_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *tax = txt(s, 1), *scheme = txt(s, 2), *name = txt(s, 3);
        char tier[16], form[96], ps[65], v1[32], v2[32], v3[32];
        snprintf(tier, sizeof tier, "%d", sqlite3_column_int(s, 7));
        int person = tax && insPseudoForm(scheme, tax, form, sizeof form);
        if (!person && scheme && insIdSchemePersonal(scheme)) continue; /* a person without a usable id */
        if (person && insPseudonym(&x->key, form, ps) != INS_OK) { rc = INS_ERR_NOMEM; break; }
        xmlNodePtr f = person ? child(alerts, "Firm", "pseudonym", ps, "own", num4(s, 4, v1), "chain",
                                      num4(s, 5, v2), "total", num4(s, 6, v3), "tier", tier, NULL)
                              : child(alerts, "Firm", "taxId", tax, "scheme", scheme, "name", name, "own",
                                      num4(s, 4, v1), "chain", num4(s, 5, v2), "total", num4(s, 6, v3), "tier",
                                      tier, NULL);
        alert_firm *g = f ? insUGrow(a, &cap, n + 1, sizeof *a) : NULL;
        if (!g) { rc = INS_ERR_NOMEM; break; }
        a = g;
        a[n].id = sqlite3_column_int64(s, 0);
        a[n].node = f;
        a[n].goods = 0;
        n++;
        x->st->firms++;
        if (x->st->firms > INS_EXCHANGE_MAX_ITEMS) {
            rc = insErrSet(x->err, INS_ERR_TOOBIG, _("more than %u firm alerts"), INS_EXCHANGE_MAX_ITEMS);
            break;
        }
    }
    if (rc == INS_OK && step != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(s);
    if (rc == INS_OK && n) rc = alert_details(x, a, n);
    free(a);
    return rc;
}

/*
** The listed persons and firms in force on the period's last day, for the
** partner's entry filters: a person by the pseudonyms of its identifiers
** (no name; a person without an identifier cannot be sent), a firm by its
** identifiers and name.
*/
static int write_listed(ex_out *x)
{
    static const char ql[] =
        "SELECT l.id, l.list_name, l.entity_kind, l.name, l.reason, l.listed_from FROM listings l"
        " WHERE l.delisted_version_id IS NULL AND (l.listed_until IS NULL OR l.listed_until >= ?1)"
        " AND (l.listed_from IS NULL OR l.listed_from <= ?1) ORDER BY l.id";
    static const char qi[] = "SELECT scheme, value FROM listing_ids WHERE listing_id = ? ORDER BY rowid";
    xmlNodePtr listed = child(x->root, "Listed", NULL);
    sqlite3_stmt *s = insDbStmt(x->db, ql);
    if (!s || !listed) return INS_ERR_DB;
    insDbBindText(s, 1, x->o->to);
    int rc = INS_OK;
    while (rc == INS_OK && sqlite3_step(s) == SQLITE_ROW) {
        int person = !strcmp(txt(s, 2), "person");
        sqlite3_stmt *i = insDbStmt(x->db, qi);
        if (!i) { rc = INS_ERR_DB; break; }
        sqlite3_bind_int64(i, 1, sqlite3_column_int64(s, 0));
        xmlNodePtr e = NULL;
        while (rc == INS_OK && sqlite3_step(i) == SQLITE_ROW) {
            const char *scheme = txt(i, 0), *value = txt(i, 1);
            char form[96], ps[65];
            int pf = insPseudoForm(scheme, value, form, sizeof form);
            if (person && !pf) continue; /* an identifier that says nothing of the person */
            if (!e) {
                e = person ? child(listed, "Person", "list", txt(s, 1), "reason", txt(s, 4), "from", txt(s, 5), NULL)
                           : child(listed, "Firm", "list", txt(s, 1), "name", txt(s, 3), "reason", txt(s, 4), "from",
                                   txt(s, 5), NULL);
                if (!e) { rc = INS_ERR_NOMEM; break; }
            }
            if (pf) {
                if (insPseudonym(&x->key, form, ps) != INS_OK) { rc = INS_ERR_NOMEM; break; }
                child(e, "Pseudonym", "value", ps, NULL);
            } else {
                child(e, "Id", "scheme", scheme, "value", value, NULL);
            }
        }
        sqlite3_reset(i);
        if (e) {
            if (person) x->st->persons++;
            else x->st->listed_firms++;
        } else if (person) {
            x->st->persons_without_id++;
        }
    }
    sqlite3_reset(s);
    return rc;
}

/*
** The routes toward the partner, from two sources.  Transport legs (guías)
** of the period that end in the province of one of this state's border
** posts whose road reaches the partner (border_posts: Peru and Argentina
** share no border, so a post toward Bolivia or Chile is on the way), by
** province of origin and post, with the legs a leg rule flagged in the
** run (people moved) counted apart; and customs declarations of the period
** crossing by road between the two states, by office (named as its post
** when border_posts knows the office).  Each route lists its carriers (a
** natural person's by pseudonym) and vehicle plates, with their counts,
** so that the partner can join them to its own legs.  One statement gives
** routes, carriers and vehicles in order, each route before its parties.
*/
static int write_routes(ex_out *x)
{
    static const char q[] =
        "WITH posts AS (SELECT post, ubigeo, office, neighbour FROM border_posts WHERE state = ?1"
        "  AND (';' || reaches || ';') LIKE ('%;' || ?2 || ';%')),"
        " rl AS (SELECT 'legs' AS source, substr(l.origin_ubigeo, 1, 4) || '00' AS origin, p.post AS post,"
        "  p.neighbour AS neighbour, l.id AS id, l.carrier_firm_id AS carrier, l.start_date AS date,"
        "  EXISTS(SELECT 1 FROM hits h WHERE h.run_id = ?5 AND h.subject_type = 'leg' AND h.subject_id = l.id)"
        "   AS people"
        "  FROM transport_legs l JOIN posts p ON p.ubigeo IS NOT NULL"
        "   AND substr(l.dest_ubigeo, 1, 4) = substr(p.ubigeo, 1, 4)"
        "  WHERE l.start_date BETWEEN ?3 AND ?4),"
        " rd AS (SELECT 'declarations' AS source, CASE d.direction WHEN 'IM' THEN d.export_country ELSE ?1 END"
        "   AS origin, COALESCE(p.post, CASE d.direction WHEN 'IM' THEN d.entry_office ELSE d.exit_office END)"
        "   AS post, COALESCE(p.neighbour, CASE d.direction WHEN 'IM' THEN d.export_country END) AS neighbour,"
        "  d.id AS id, d.carrier_firm_id AS carrier, d.issue_date AS date, 0 AS people"
        "  FROM declarations d LEFT JOIN posts p"
        "   ON p.office = CASE d.direction WHEN 'IM' THEN d.entry_office ELSE d.exit_office END"
        "  WHERE d.issue_date BETWEEN ?3 AND ?4 AND d.transport_id IS NOT NULL"
        "   AND COALESCE(d.transport_mode, '3') IN ('3', '30', '31')"
        "   AND ((d.direction = 'IM' AND d.export_country = ?2) OR (d.direction = 'EX'"
        "   AND d.destination_country = ?2))),"
        " r AS (SELECT * FROM rl UNION ALL SELECT * FROM rd)"
        " SELECT source, origin, post, 0, neighbour, NULL, NULL, COUNT(*), SUM(people), MIN(date), MAX(date),"
        "  (SELECT COALESCE(province, department) FROM ubigeo WHERE code = origin)"
        "  FROM r GROUP BY source, origin, post"
        " UNION ALL SELECT r.source, r.origin, r.post, 1, f.tax_id, f.scheme, f.name, COUNT(*), 0, NULL, NULL, NULL"
        "  FROM r JOIN firms f ON f.id = r.carrier GROUP BY r.source, r.origin, r.post, f.id"
        " UNION ALL SELECT r.source, r.origin, r.post, 2, v.plate, NULL, NULL, COUNT(*), 0, NULL, NULL, NULL"
        "  FROM r JOIN leg_vehicles v ON r.source = 'legs' AND v.leg_id = r.id AND v.role IS NOT 'equipment'"
        "  GROUP BY r.source, r.origin, r.post, v.plate"
        " UNION ALL SELECT r.source, r.origin, r.post, 2, upper(d.transport_id), NULL, NULL, COUNT(*), 0, NULL,"
        "  NULL, NULL FROM r JOIN declarations d ON r.source = 'declarations' AND d.id = r.id"
        "  GROUP BY r.source, r.origin, r.post, upper(d.transport_id)"
        " ORDER BY 1, 3, 2, 4, 5";
    xmlNodePtr routes = child(x->root, "Routes", NULL), route = NULL;
    sqlite3_stmt *s = insDbStmt(x->db, q);
    if (!s || !routes) return INS_ERR_DB;
    insDbBindText(s, 1, x->o->state);
    insDbBindText(s, 2, x->o->partner);
    insDbBindText(s, 3, x->o->from);
    insDbBindText(s, 4, x->o->to);
    sqlite3_bind_int64(s, 5, x->run);
    int rc = INS_OK, step;
    while (rc == INS_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        int kind = sqlite3_column_int(s, 3);
        char n1[24], n2[24];
        snprintf(n1, sizeof n1, "%lld", (long long)sqlite3_column_int64(s, 7));
        snprintf(n2, sizeof n2, "%lld", (long long)sqlite3_column_int64(s, 8));
        if (kind == 0) {
            route = child(routes, "Route", "source", txt(s, 0), "origin", txt(s, 1), "originName", txt(s, 11),
                          "post", txt(s, 2), "neighbour", txt(s, 4), "legs", n1, "peopleLegs", n2, "from",
                          txt(s, 9), "to", txt(s, 10), NULL);
            if (!route) rc = INS_ERR_NOMEM;
            else if (++x->st->routes > INS_EXCHANGE_MAX_ITEMS)
                rc = insErrSet(x->err, INS_ERR_TOOBIG, _("more than %u routes"), INS_EXCHANGE_MAX_ITEMS);
            continue;
        }
        if (!route) continue; /* cannot happen: a route's row sorts before its parties */
        const char *a = txt(s, 4), *scheme = txt(s, 5);
        if (kind == 2) {
            if (a && *a && !child(route, "Vehicle", "plate", a, "legs", n1, NULL)) rc = INS_ERR_NOMEM;
            continue;
        }
        char form[96], ps[65];
        int person = a && insPseudoForm(scheme, a, form, sizeof form);
        if (!person && scheme && insIdSchemePersonal(scheme)) continue; /* a person without a usable id */
        if (person && insPseudonym(&x->key, form, ps) != INS_OK) { rc = INS_ERR_NOMEM; break; }
        xmlNodePtr c = person ? child(route, "Carrier", "pseudonym", ps, "legs", n1, NULL)
                              : child(route, "Carrier", "taxId", a, "scheme", scheme, "name", txt(s, 6), "legs", n1,
                                      NULL);
        if (!c) rc = INS_ERR_NOMEM;
    }
    sqlite3_reset(s);
    return rc;
}

/*
** The case profiles of the period (profile.c) as ins_profile prints them:
** small cells already hidden, so the file carries nothing the table does
** not.  A period without inspections gives no Profile element.
*/
static int write_profiles(ex_out *x)
{
    xmlNodePtr profiles = child(x->root, "Profiles", NULL);
    if (!profiles) return INS_ERR_NOMEM;
    ins_profile_opts po;
    memset(&po, 0, sizeof po);
    po.from = x->o->from;
    po.to = x->o->to;
    ins_result *r = NULL;
    char *err = NULL;
    int rc = ins_profile(x->db, &po, &r, &err);
    free(err);
    if (rc == INS_ERR_NOTFOUND) return INS_OK;
    if (rc != INS_OK) return insErrSet(x->err, rc, _("case profiles: %s"), ins_strerror(rc));
    static const char *const attrs[] = {"section", "characteristic", "category", "cases", "inspected",
                                        "caseShare", "inspectedShare", "ratio", "low", "high"};
    for (size_t i = 0; rc == INS_OK && i < r->nrows; i++) {
        xmlNodePtr c = child(profiles, "Cell", NULL);
        if (!c) { rc = INS_ERR_NOMEM; break; }
        for (size_t k = 0; k < INS_ARRAY_LEN(attrs) && k < r->ncols; k++) {
            const char *v = r->cells[i * r->ncols + k];
            if (v && *v) xmlNewProp(c, (const xmlChar *)attrs[k], (const xmlChar *)v);
        }
        x->st->profile_cells++;
    }
    ins_result_free(r);
    return rc;
}

/* The exclusive canonical form of DOC (no comments), malloc'd by libxml2. */
static int canonical(xmlDocPtr doc, xmlChar **out)
{
    *out = NULL;
    int n = xmlC14NDocDumpMemory(doc, NULL, XML_C14N_EXCLUSIVE_1_0, NULL, 0, out);
    return n;
}

/* The first complaint of libxml2 during a step, kept instead of printed. */
typedef struct first_error {
    char msg[256];
    int line;
    int seen;
} first_error;

/* libxml2's structured error handler: keeps the first error of a step. */
static void keep_first_error(void *ud, const xmlError *e)
{
    first_error *f = ud;
    if (f->seen || !e) return;
    f->seen = 1;
    f->line = e->line;
    insUStrlcpy(f->msg, e->message ? e->message : "?", sizeof f->msg);
    insUTrim(f->msg);
}

/* Validates DOC against data/exchange-1.xsd of DATADIR: INS_OK, or a
** rejection with the schema's first complaint and its line. */
static int validate(xmlDocPtr doc, const char *datadir, char **err)
{
    ins_buf p;
    insBufInit(&p);
    insBufPrintf(&p, "%s/exchange-1.xsd", datadir);
    first_error fe;
    memset(&fe, 0, sizeof fe);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(insBufStr(&p));
    if (pc) xmlSchemaSetParserStructuredErrors(pc, (xmlStructuredErrorFunc)keep_first_error, &fe);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    int rc = INS_OK;
    if (!schema) {
        rc = insErrSet(err, INS_ERR_IO, _("cannot read the exchange schema %s"), insBufStr(&p));
    } else {
        memset(&fe, 0, sizeof fe);
        xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
        if (vc) xmlSchemaSetValidStructuredErrors(vc, (xmlStructuredErrorFunc)keep_first_error, &fe);
        int v = vc ? xmlSchemaValidateDoc(vc, doc) : -1;
        if (v != 0)
            rc = insErrSet(err, INS_ERR_FORMAT, _("does not follow the exchange schema (data/exchange-1.xsd): line %d: %s"),
                      fe.line, fe.seen ? fe.msg : "?");
        if (vc) xmlSchemaFreeValidCtxt(vc);
        xmlSchemaFree(schema);
    }
    if (pc) xmlSchemaFreeParserCtxt(pc);
    insBufFree(&p);
    return rc;
}

/*
** Records the file just written at PATH in exchange_sent (its hash, the
** partner, the period, the run and what it held), for the six-monthly
** report's binational section.  A database opened read-only records
** nothing (the file is written all the same).
*/
static int record_sent(ex_out *x, const char *path)
{
    static const char q[] =
        "INSERT INTO exchange_sent(sha256, partner, period_from, period_to, run_id, firms, persons, listed_firms,"
        " routes, profile_cells, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)";
    if (sqlite3_db_readonly(x->db->h, "main") == 1) return INS_OK;
    char sha[65] = "";
    FILE *f = fopen(path, "rb");
    if (!f) return insErrSet(x->err, INS_ERR_IO, _("cannot read %s back"), path);
    ins_sha256 h;
    insUSha256Init(&h);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) insUSha256Update(&h, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) return insErrSet(x->err, INS_ERR_IO, _("cannot read %s back"), path);
    insUSha256Final(&h, sha);
    int unit = insDbWriteBegin(x->db);
    sqlite3_stmt *s = unit ? insDbStmt(x->db, q) : NULL;
    int rc = INS_ERR_DB;
    if (s) {
        char now[21];
        insUNowIso(now);
        insDbBindText(s, 1, sha);
        insDbBindText(s, 2, x->o->partner);
        insDbBindText(s, 3, x->o->from);
        insDbBindText(s, 4, x->o->to);
        sqlite3_bind_int64(s, 5, x->run);
        sqlite3_bind_int64(s, 6, x->st->firms);
        sqlite3_bind_int64(s, 7, x->st->persons);
        sqlite3_bind_int64(s, 8, x->st->listed_firms);
        sqlite3_bind_int64(s, 9, x->st->routes);
        sqlite3_bind_int64(s, 10, x->st->profile_cells);
        insDbBindText(s, 11, now);
        rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
        sqlite3_reset(s);
    }
    if (unit) {
        int end = insDbWriteEnd(x->db, unit, rc == INS_OK);
        if (rc == INS_OK) rc = end;
    }
    return rc == INS_OK ? INS_OK : insErrSet(x->err, rc, "%s", insDbErr(x->db));
}

/*
** Writes the exchange file for partner O->partner to OUT_PATH: builds the
** document, reads it back as written (so that what is signed is what the
** partner will parse), signs its canonical form, validates it against the
** XSD and writes it.  Nothing is written when any step fails.
*/
int ins_exchange_export(ins_db *db, const ins_exchange_opts *o, const char *out_path, ins_exchange_stats *st,
                        char **err)
{
    if (err) *err = NULL;
    memset(st, 0, sizeof *st);
    if (sodium_init() < 0) return insErrSet(err, INS_ERR_NOMEM, _("libsodium cannot be initialised"));
    if (!o->partner || strlen(o->partner) != 2 || !o->state || strlen(o->state) != 2)
        return insErrSet(err, INS_ERR_ARG, _("states are two-letter ISO codes"));
    if (!strcmp(o->partner, o->state)) return insErrSet(err, INS_ERR_ARG, _("the partner is another state"));
    ex_out x;
    memset(&x, 0, sizeof x);
    x.db = db;
    x.o = o;
    x.st = st;
    x.err = err;
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    int rc = insPseudoKeyRead(o->key_file, &x.key, err);
    if (rc == INS_OK) rc = read_key(o->sign_key, SIGN_MAGIC, sk, sizeof sk, err);
    if (rc != INS_OK) return rc;
    x.run = insDbScalarInt(db, "SELECT COALESCE(MAX(id), 0) FROM runs WHERE status = 'complete'");
    if (x.run <= 0) {
        sodium_memzero(sk, sizeof sk);
        return insErrSet(err, INS_ERR_ARG, _("no scoring run yet: run `inspector score` first"));
    }
    char fp[80] = "";
    sqlite3_stmt *s = insDbStmt(db, "SELECT rules_fingerprint FROM runs WHERE id = ?");
    if (s) {
        sqlite3_bind_int64(s, 1, x.run);
        if (sqlite3_step(s) == SQLITE_ROW) insUStrlcpy(fp, txt(s, 0), sizeof fp);
        sqlite3_reset(s);
    }
    char now[21], ops[16], mem[24];
    insUNowIso(now);
    snprintf(ops, sizeof ops, "%u", (unsigned)INS_EXCHANGE_PWHASH_OPS);
    snprintf(mem, sizeof mem, "%lu", (unsigned long)INS_EXCHANGE_PWHASH_MEM);
    x.doc = xmlNewDoc((const xmlChar *)"1.0");
    x.root = x.doc ? xmlNewDocNode(x.doc, NULL, (const xmlChar *)"Exchange", NULL) : NULL;
    if (!x.root) { rc = INS_ERR_NOMEM; goto done; }
    xmlDocSetRootElement(x.doc, x.root);
    xmlSetNs(x.root, xmlNewNs(x.root, (const xmlChar *)EX_NS, NULL));
    xmlNewProp(x.root, (const xmlChar *)"version", (const xmlChar *)"1");
    xmlNewProp(x.root, (const xmlChar *)"issuer", (const xmlChar *)o->state);
    xmlNewProp(x.root, (const xmlChar *)"partner", (const xmlChar *)o->partner);
    xmlNewProp(x.root, (const xmlChar *)"from", (const xmlChar *)o->from);
    xmlNewProp(x.root, (const xmlChar *)"to", (const xmlChar *)o->to);
    xmlNewProp(x.root, (const xmlChar *)"tool", (const xmlChar *)PACKAGE_VERSION);
    xmlNewProp(x.root, (const xmlChar *)"rules", (const xmlChar *)fp);
    xmlNewProp(x.root, (const xmlChar *)"created", (const xmlChar *)now);
    child(x.root, "Pseudonyms", "alg", "argon2id13", "opslimit", ops, "memlimit", mem, "key", x.key.id, NULL);
    rc = write_alerts(&x);
    if (rc == INS_OK) rc = write_listed(&x);
    if (rc == INS_OK) rc = write_routes(&x);
    if (rc == INS_OK) rc = write_profiles(&x);
    if (rc != INS_OK) goto done;
    /* what the partner will parse: written, read back, signed */
    xmlChar *text = NULL;
    int len = 0;
    xmlDocDumpFormatMemoryEnc(x.doc, &text, &len, "UTF-8", 1);
    xmlFreeDoc(x.doc);
    x.doc = text ? xmlReadMemory((const char *)text, len, NULL, "UTF-8", XML_PARSE_NONET) : NULL;
    xmlFree(text);
    if (!x.doc) { rc = INS_ERR_NOMEM; goto done; }
    xmlChar *c14n = NULL;
    int n = canonical(x.doc, &c14n);
    if (n < 0) { rc = insErrSet(err, INS_ERR_FORMAT, _("cannot put the document in canonical form")); goto done; }
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, c14n, (unsigned long long)n, sk);
    xmlFree(c14n);
    char b64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    xmlNodePtr sn = xmlNewChild(xmlDocGetRootElement(x.doc), NULL, (const xmlChar *)"Signature", (const xmlChar *)b64);
    if (!sn) { rc = INS_ERR_NOMEM; goto done; }
    xmlNewProp(sn, (const xmlChar *)"alg", (const xmlChar *)"ed25519");
    rc = validate(x.doc, o->datadir, err);
    if (rc != INS_OK) goto done;
    if (xmlSaveFileEnc(out_path, x.doc, "UTF-8") < 0) rc = insErrSet(err, INS_ERR_IO, _("cannot write %s"), out_path);
    if (rc == INS_OK) rc = record_sent(&x, out_path);
done:
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(&x.key, sizeof x.key);
    if (x.doc) xmlFreeDoc(x.doc);
    return rc;
}

/* ---- reading ---------------------------------------------------------------- */

/* Attribute NAME of N (libxml2's string, xmlFree), or NULL. */
static char *attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* The next element sibling of N (N itself when START), or NULL. */
static xmlNodePtr elem(xmlNodePtr n, int start)
{
    for (n = start ? n : (n ? n->next : NULL); n; n = n->next)
        if (n->type == XML_ELEMENT_NODE) return n;
    return NULL;
}

/* 1 when element N is NAME of the exchange namespace. */
static int is(xmlNodePtr n, const char *name)
{
    return n && n->ns && !strcmp((const char *)n->ns->href, EX_NS) && !strcmp((const char *)n->name, name);
}

/* Inserts a partner_alerts row from element F of file EXCHANGE. */
static int store_alert(ins_db *db, int64_t exchange, const char *issuer, xmlNodePtr f)
{
    static const char sql[] =
        "INSERT INTO partner_alerts(exchange_id, issuer, tax_id, scheme, name, pseudonym, own, chain, total,"
        " goods, rules, evidence) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)";
    ins_buf goods, rules, ev;
    insBufInit(&goods);
    insBufInit(&rules);
    insBufInit(&ev);
    for (xmlNodePtr c = elem(f->children, 1); c; c = elem(c, 0)) {
        char *a = attr(c, is(c, "Good") ? "hs6" : is(c, "Rule") ? "id" : "type");
        char *b = attr(c, is(c, "Rule") ? "rev" : "documents");
        char *t = is(c, "Rule") ? attr(c, "title") : NULL;
        if (is(c, "Good")) insBufPrintf(&goods, "%s%s", goods.len ? "," : "", a ? a : "");
        else if (is(c, "Rule")) insBufPrintf(&rules, "%s%s rev %s: %s", rules.len ? "; " : "", a ? a : "", b ? b : "",
                                             t ? t : "");
        else if (is(c, "Evidence")) insBufPrintf(&ev, "%s%s:%s", ev.len ? "," : "", a ? a : "", b ? b : "");
        xmlFree(a);
        xmlFree(b);
        xmlFree(t);
    }
    sqlite3_stmt *s = insDbStmt(db, sql);
    int rc = INS_ERR_DB;
    if (s) {
        static const char *const names[] = {"taxId", "scheme", "name", "pseudonym"};
        char *v[4];
        for (int i = 0; i < 4; i++) v[i] = attr(f, names[i]);
        sqlite3_bind_int64(s, 1, exchange);
        insDbBindText(s, 2, issuer);
        for (int i = 0; i < 4; i++) insDbBindText(s, 3 + i, v[i]);
        static const char *const scores[] = {"own", "chain", "total"};
        for (int i = 0; i < 3; i++) {
            char *x = attr(f, scores[i]);
            double d = 0;
            int has = x && insUParseDouble(x, &d);
            insDbBindOptDouble(s, 7 + i, has, d);
            xmlFree(x);
        }
        insDbBindText(s, 10, insBufStr(&goods));
        insDbBindText(s, 11, insBufStr(&rules));
        insDbBindText(s, 12, insBufStr(&ev));
        rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
        sqlite3_reset(s);
        for (int i = 0; i < 4; i++) xmlFree(v[i]);
    }
    insBufFree(&goods);
    insBufFree(&rules);
    insBufFree(&ev);
    return rc;
}

/* Inserts a partner_routes row from element E of file EXCHANGE, and its
** carriers and vehicles (each plate with its second spelling). */
static int store_route(ins_db *db, int64_t exchange, const char *issuer, xmlNodePtr e)
{
    static const char qr[] =
        "INSERT INTO partner_routes(exchange_id, issuer, source, origin, origin_name, post, neighbour, legs,"
        " people_legs, first_date, last_date) VALUES(?,?,?,?,?,?,?,?,?,?,?)";
    static const char qp[] =
        "INSERT INTO partner_route_parties(route_id, kind, tax_id, scheme, name, pseudonym, plate, plate_alt, legs)"
        " VALUES(?,?,?,?,?,?,?,?,?)";
    static const char *const names[] = {"source", "origin", "originName", "post", "neighbour", "legs",
                                        "peopleLegs", "from", "to"};
    char *v[9];
    for (int i = 0; i < 9; i++) v[i] = attr(e, names[i]);
    sqlite3_stmt *s = insDbStmt(db, qr);
    int rc = INS_ERR_DB;
    int64_t route = 0;
    if (s) {
        sqlite3_bind_int64(s, 1, exchange);
        insDbBindText(s, 2, issuer);
        for (int i = 0; i < 5; i++) insDbBindText(s, 3 + i, v[i]);
        sqlite3_bind_int64(s, 8, v[5] ? strtoll(v[5], NULL, 10) : 0);
        sqlite3_bind_int64(s, 9, v[6] ? strtoll(v[6], NULL, 10) : 0);
        insDbBindText(s, 10, v[7]);
        insDbBindText(s, 11, v[8]);
        rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
        route = sqlite3_last_insert_rowid(db->h);
        sqlite3_reset(s);
    }
    for (int i = 0; i < 9; i++) xmlFree(v[i]);
    for (xmlNodePtr c = elem(e->children, 1); rc == INS_OK && c; c = elem(c, 0)) {
        int vehicle = is(c, "Vehicle");
        if (!vehicle && !is(c, "Carrier")) continue;
        static const char *const pn[] = {"taxId", "scheme", "name", "pseudonym", "plate", "legs"};
        char *p[6];
        for (int i = 0; i < 6; i++) p[i] = attr(c, pn[i]);
        char plate[INS_PLATE_BYTES] = "", alt[INS_PLATE_BYTES] = "";
        if (vehicle) insIdPlateSpellings(p[4], plate, alt);
        if (!(s = insDbStmt(db, qp))) rc = INS_ERR_DB;
        else {
            sqlite3_bind_int64(s, 1, route);
            insDbBindText(s, 2, vehicle ? "vehicle" : "carrier");
            for (int i = 0; i < 4; i++) insDbBindText(s, 3 + i, vehicle ? NULL : p[i]);
            insDbBindText(s, 7, vehicle && *plate ? plate : NULL);
            insDbBindText(s, 8, vehicle && *alt && strcmp(alt, plate) ? alt : NULL);
            sqlite3_bind_int64(s, 9, p[5] ? strtoll(p[5], NULL, 10) : 0);
            rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
            sqlite3_reset(s);
        }
        for (int i = 0; i < 6; i++) xmlFree(p[i]);
    }
    return rc;
}

/* Inserts a partner_profiles row from element C of file EXCHANGE. */
static int store_profile(ins_db *db, int64_t exchange, const char *issuer, xmlNodePtr c)
{
    static const char q[] =
        "INSERT INTO partner_profiles(exchange_id, issuer, section, characteristic, category, cases, inspected,"
        " ratio, ratio_low, ratio_high) VALUES(?,?,?,?,?,?,?,?,?,?)";
    static const char *const names[] = {"section", "characteristic", "category", "cases", "inspected",
                                        "ratio", "low", "high"};
    char *v[8];
    for (int i = 0; i < 8; i++) v[i] = attr(c, names[i]);
    sqlite3_stmt *s = insDbStmt(db, q);
    int rc = INS_ERR_DB;
    if (s) {
        sqlite3_bind_int64(s, 1, exchange);
        insDbBindText(s, 2, issuer);
        for (int i = 0; i < 5; i++) insDbBindText(s, 3 + i, v[i]);
        for (int i = 5; i < 8; i++) {
            double d = 0;
            int has = v[i] && insUParseDouble(v[i], &d);
            insDbBindOptDouble(s, 3 + i, has, d);
        }
        rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
        sqlite3_reset(s);
    }
    for (int i = 0; i < 8; i++) xmlFree(v[i]);
    return rc;
}

/* Inserts the partner_listed rows of element E (a Person: one per
** pseudonym; a Firm: one per identifier, or one without). */
static int store_listed(ins_db *db, int64_t exchange, const char *issuer, xmlNodePtr e, int person)
{
    static const char sql[] =
        "INSERT INTO partner_listed(exchange_id, issuer, kind, list_name, reason, listed_from, pseudonym,"
        " scheme, tax_id, name) VALUES(?,?,?,?,?,?,?,?,?,?)";
    char *list = attr(e, "list"), *reason = attr(e, "reason"), *from = attr(e, "from"), *name = attr(e, "name");
    int rc = INS_OK, rows = 0;
    for (xmlNodePtr c = elem(e->children, 1); rc == INS_OK; c = c ? elem(c, 0) : NULL) {
        if (c && !is(c, person ? "Pseudonym" : "Id")) continue;
        if (!c && (rows || person)) break;
        char *val = c ? attr(c, "value") : NULL, *scheme = c && !person ? attr(c, "scheme") : NULL;
        sqlite3_stmt *s = insDbStmt(db, sql);
        if (!s) rc = INS_ERR_DB;
        else {
            sqlite3_bind_int64(s, 1, exchange);
            insDbBindText(s, 2, issuer);
            insDbBindText(s, 3, person ? "person" : "firm");
            insDbBindText(s, 4, list);
            insDbBindText(s, 5, reason);
            insDbBindText(s, 6, from);
            insDbBindText(s, 7, person ? val : NULL);
            insDbBindText(s, 8, scheme);
            insDbBindText(s, 9, person ? NULL : val);
            insDbBindText(s, 10, person ? NULL : name);
            rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
            sqlite3_reset(s);
        }
        rows++;
        xmlFree(val);
        xmlFree(scheme);
        if (!c) break;
    }
    xmlFree(list);
    xmlFree(reason);
    xmlFree(from);
    xmlFree(name);
    return rc;
}

/*
** Imports the exchange file PATH: checks, before writing anything, that it
** is no larger than INS_EXCHANGE_MAX_BYTES, carries no DOCTYPE, follows the
** XSD, is addressed to this state (O->state) and is signed by the key of
** O->verify_key; then, unless the same file was imported before, records
** it with its firm alerts and listed entries in one transaction.
*/
int ins_exchange_import(ins_db *db, const char *path, const ins_exchange_opts *o, ins_exchange_stats *st,
                        char **err)
{
    if (err) *err = NULL;
    memset(st, 0, sizeof *st);
    if (sodium_init() < 0) return insErrSet(err, INS_ERR_NOMEM, _("libsodium cannot be initialised"));
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    int rc = read_key(o->verify_key, PUB_MAGIC, pk, sizeof pk, err);
    if (rc != INS_OK) return rc;
    FILE *f = fopen(path, "rb");
    if (!f) return insErrSet(err, INS_ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
    ins_buf bytes;
    insBufInit(&bytes);
    char blk[65536];
    size_t n;
    while ((n = fread(blk, 1, sizeof blk, f)) > 0 && bytes.len <= INS_EXCHANGE_MAX_BYTES) insBufAppend(&bytes, blk, n);
    fclose(f);
    if (bytes.oom) return insErrSet(err, INS_ERR_NOMEM, _("out of memory"));
    if (bytes.len > INS_EXCHANGE_MAX_BYTES) {
        insBufFree(&bytes);
        return insErrSet(err, INS_ERR_TOOBIG, _("%s: larger than %u bytes"), path, INS_EXCHANGE_MAX_BYTES);
    }
    char sha[65];
    insUSha256Hex(bytes.s ? bytes.s : "", bytes.len, sha);
    first_error fe;
    memset(&fe, 0, sizeof fe);
    xmlParserCtxtPtr pc = xmlNewParserCtxt();
    xmlDocPtr doc = NULL;
    if (pc) {
        /* no network, no entity substitution, no DTD loaded; the parser's
           complaints kept for the reason, not printed */
        xmlSetStructuredErrorFunc(&fe, (xmlStructuredErrorFunc)keep_first_error);
        doc = xmlCtxtReadMemory(pc, bytes.s ? bytes.s : "", (int)bytes.len, NULL, NULL, XML_PARSE_NONET);
        xmlSetStructuredErrorFunc(NULL, NULL);
    }
    insBufFree(&bytes);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    char *issuer = NULL, *partner = NULL;
    if (!root) {
        rc = insErrSet(err, INS_ERR_FORMAT, _("%s: not XML: line %d: %s"), path, fe.line, fe.seen ? fe.msg : "?");
        goto done;
    }
    if (doc->intSubset || doc->extSubset) {
        rc = insErrSet(err, INS_ERR_FORMAT, _("%s: DOCTYPE refused (an exchange file never carries one)"), path);
        goto done;
    }
    if ((rc = validate(doc, o->datadir, err)) != INS_OK) goto done;
    issuer = attr(root, "issuer");
    partner = attr(root, "partner");
    if (!partner || strcmp(partner, o->state)) {
        rc = insErrSet(err, INS_ERR_FORMAT, _("%s: a file for %s; this state is %s"), path, partner ? partner : "?",
                  o->state);
        goto done;
    }
    /* the signature: over the canonical form without the Signature element */
    xmlNodePtr sig = NULL;
    for (xmlNodePtr c = elem(root->children, 1); c; c = elem(c, 0)) sig = c;
    char *b64 = sig && is(sig, "Signature") ? (char *)xmlNodeGetContent(sig) : NULL;
    unsigned char sg[crypto_sign_BYTES];
    size_t sglen = 0;
    int sig_ok = b64 && sodium_base642bin(sg, sizeof sg, b64, strlen(b64), " \t\r\n", &sglen, NULL,
                                          sodium_base64_VARIANT_ORIGINAL) == 0 && sglen == sizeof sg;
    xmlFree(b64);
    if (sig_ok) {
        xmlUnlinkNode(sig);
        xmlFreeNode(sig);
        xmlChar *c14n = NULL;
        int len = canonical(doc, &c14n);
        sig_ok = len >= 0 && crypto_sign_verify_detached(sg, c14n, (unsigned long long)len, pk) == 0;
        xmlFree(c14n);
    }
    if (!sig_ok) {
        rc = insErrSet(err, INS_ERR_FORMAT, _("%s: the signature does not verify against %s (altered, or signed by "
                                         "another key)"),
                  path, o->verify_key);
        goto done;
    }
    /* the same file again changes nothing */
    sqlite3_stmt *s = insDbStmt(db, "SELECT COUNT(*) FROM exchange_files WHERE sha256 = ?");
    if (!s) { rc = INS_ERR_DB; goto done; }
    insDbBindText(s, 1, sha);
    int seen = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
    sqlite3_reset(s);
    if (seen) {
        st->duplicate = 1;
        goto done;
    }
    int unit = insDbWriteBegin(db);
    if (!unit) { rc = INS_ERR_DB; goto done; }
    static const char qf[] =
        "INSERT INTO exchange_files(sha256, issuer, partner, period_from, period_to, tool_version,"
        " rules_fingerprint, key_id, imported_at) VALUES(?,?,?,?,?,?,?,?,?)";
    s = insDbStmt(db, qf);
    rc = s ? INS_OK : INS_ERR_DB;
    int64_t exchange = 0;
    if (rc == INS_OK) {
        static const char *const a[] = {"from", "to", "tool", "rules"};
        char *v[4];
        for (int i = 0; i < 4; i++) v[i] = attr(root, a[i]);
        xmlNodePtr ps = elem(root->children, 1);
        char *key = is(ps, "Pseudonyms") ? attr(ps, "key") : NULL;
        char now[21];
        insUNowIso(now);
        insDbBindText(s, 1, sha);
        insDbBindText(s, 2, issuer);
        insDbBindText(s, 3, partner);
        for (int i = 0; i < 4; i++) insDbBindText(s, 4 + i, v[i]);
        insDbBindText(s, 8, key);
        insDbBindText(s, 9, now);
        rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
        sqlite3_reset(s);
        exchange = sqlite3_last_insert_rowid(db->h);
        for (int i = 0; i < 4; i++) xmlFree(v[i]);
        xmlFree(key);
    }
    for (xmlNodePtr sec = elem(root->children, 1); rc == INS_OK && sec; sec = elem(sec, 0)) {
        for (xmlNodePtr e = elem(sec->children, 1); rc == INS_OK && e; e = elem(e, 0)) {
            if (is(sec, "FirmAlerts") && is(e, "Firm")) {
                rc = store_alert(db, exchange, issuer, e);
                st->firms++;
            } else if (is(sec, "Listed") && (is(e, "Person") || is(e, "Firm"))) {
                rc = store_listed(db, exchange, issuer, e, is(e, "Person"));
                if (is(e, "Person")) st->persons++;
                else st->listed_firms++;
            } else if (is(sec, "Routes") && is(e, "Route")) {
                rc = store_route(db, exchange, issuer, e);
                st->routes++;
            } else if (is(sec, "Profiles") && is(e, "Cell")) {
                rc = store_profile(db, exchange, issuer, e);
                st->profile_cells++;
            }
        }
    }
    /* the partner's carriers that are firms here, once for the file */
    if (rc == INS_OK) {
        static const char q_resolve[] =
            "UPDATE partner_route_parties SET firm_id = (SELECT MIN(f.id) FROM firms f WHERE f.tax_id ="
            " partner_route_parties.tax_id) WHERE kind = 'carrier' AND tax_id IS NOT NULL AND route_id IN"
            " (SELECT id FROM partner_routes WHERE exchange_id = ?)";
        sqlite3_stmt *u = insDbStmt(db, q_resolve);
        if (!u) rc = INS_ERR_DB;
        else {
            sqlite3_bind_int64(u, 1, exchange);
            rc = sqlite3_step(u) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
            sqlite3_reset(u);
        }
    }
    int end = insDbWriteEnd(db, unit, rc == INS_OK);
    if (rc == INS_OK) rc = end;
done:
    xmlFree(issuer);
    xmlFree(partner);
    if (doc) xmlFreeDoc(doc);
    if (pc) xmlFreeParserCtxt(pc);
    return rc;
}
