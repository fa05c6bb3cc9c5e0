/*
** explain.c: why a subject scored what it scored.
**
** For a firm: its score split into own and chain parts; each rule that
** fired with id, revision, weight, strength, evidence and the documents
** behind it; and the supplier paths the chain part came along, tier by
** tier, with the shares and the invoices of each link.  For a vehicle
** (plate): its rules and the legs behind them.  Drivers' identities appear
** only when the caller asks for personal data.
*/
#include "ins_internal.h"
#include "score_model.h"

#include <stdlib.h>
#include <string.h>

/* The explanation being written: text or JSON, into one buffer. */
typedef struct out {
    int json;
    ins_buf b;
    int first; /* JSON: no comma needed before the next item */
} out;

/* A malloc'd copy of text column I of ST, "" when it is NULL. */
static char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return insUStrdup(t ? (const char *)t : "");
}

/* Labels of the documents behind a hit (the first 20), comma-separated, malloc'd. */
static char *hit_docs(ins_db *db, int64_t hit)
{
    static const char q[] =
        "SELECT " INS_DOC_LABEL " FROM hit_documents hd"
        " JOIN documents d ON d.id = hd.document_id WHERE hd.hit_id = ? ORDER BY d.id LIMIT 20";
    ins_buf b;
    insBufInit(&b);
    sqlite3_stmt *st = insDbStmt(db, q);
    if (st) {
        sqlite3_bind_int64(st, 1, hit);
        while (sqlite3_step(st) == SQLITE_ROW)
            insBufPrintf(&b, "%s%s", b.len ? ", " : "", sqlite3_column_text(st, 0));
        sqlite3_reset(st);
    }
    return insBufDetach(&b);
}

/*
** Writes the hits that reached the subject STYPE/SKEY in RUN, strongest
** contribution first: rule, revision, weight x strength = contribution,
** title, the subject the hit was on when it is another one (a leg, an
** establishment), evidence and documents.  JSON: the "rules" array.
*/
static void write_hits(ins_db *db, out *o, int64_t run, const char *stype, const char *skey)
{
    static const char q[] =
        "SELECT h.id, h.rule_id, h.rule_rev, r.title, r.weight, h.strength, sh.contribution, h.evidence,"
        " h.subject_type, h.subject_key, r.status, r.indicators"
        " FROM score_hits sh JOIN hits h ON h.id = sh.hit_id"
        " JOIN run_rules r ON r.run_id = h.run_id AND r.rule_id = h.rule_id"
        " WHERE sh.run_id = ? AND sh.subject_type = ? AND sh.subject_key = ?"
        " ORDER BY sh.contribution DESC, h.rule_id";
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, stype, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, skey, -1, SQLITE_TRANSIENT);
    typedef struct row { int64_t hit; char *rule, *title, *ev, *stype, *skey, *status, *ind; int rev; double w, s, c; } row;
    row *rows = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        row *v = insUGrow(rows, &cap, n + 1, sizeof *v);
        if (!v) break;
        rows = v;
        row *r = &rows[n++];
        r->hit = sqlite3_column_int64(st, 0);
        r->rule = col(st, 1);
        r->rev = sqlite3_column_int(st, 2);
        r->title = col(st, 3);
        r->w = sqlite3_column_double(st, 4);
        r->s = sqlite3_column_double(st, 5);
        r->c = sqlite3_column_double(st, 6);
        r->ev = col(st, 7);
        r->stype = col(st, 8);
        r->skey = col(st, 9);
        r->status = col(st, 10);
        r->ind = col(st, 11);
    }
    sqlite3_reset(st);
    if (o->json) insBufAppendStr(&o->b, "\"rules\":[");
    else insBufPrintf(&o->b, "\n%s\n", n ? _("Rules that fired (own risk: noisy-OR over rules; a rule's repeated hits count at half the weight of the one before):")
                                          : _("No rule fired on this subject itself."));
    for (size_t i = 0; i < n; i++) {
        row *r = &rows[i];
        char *docs = hit_docs(db, r->hit);
        if (o->json) {
            insBufAppendStr(&o->b, i ? ",{" : "{");
            insBufAppendStr(&o->b, "\"id\":"); insBufJsonString(&o->b, r->rule);
            insBufPrintf(&o->b, ",\"rev\":%d,\"title\":", r->rev); insBufJsonString(&o->b, r->title);
            insBufPrintf(&o->b, ",\"weight\":%.4f,\"strength\":%.4f,\"contribution\":%.4f,\"status\":", r->w, r->s, r->c);
            insBufJsonString(&o->b, r->status);
            insBufAppendStr(&o->b, ",\"indicators\":"); insBufJsonString(&o->b, r->ind);
            insBufAppendStr(&o->b, ",\"on\":"); insBufJsonString(&o->b, r->stype);
            insBufAppendStr(&o->b, ",\"subject\":"); insBufJsonString(&o->b, r->skey);
            insBufAppendStr(&o->b, ",\"evidence\":"); insBufJsonString(&o->b, r->ev);
            insBufAppendStr(&o->b, ",\"documents\":"); insBufJsonString(&o->b, docs);
            insBufAppendChar(&o->b, '}');
        } else {
            insBufPrintf(&o->b, "  %s rev %d  weight %.2f x strength %.2f = %.3f%s\n", r->rule, r->rev, r->w, r->s,
                         r->c, !strcmp(r->status, "experimental") ? _("  (experimental)") : "");
            insBufPrintf(&o->b, "    %s\n", r->title);
            if (strcmp(r->stype, stype) || strcmp(r->skey, skey))
                insBufPrintf(&o->b, _("    on %s %s\n"), r->stype, r->skey);
            if (*r->ev) insBufPrintf(&o->b, _("    evidence: %s\n"), r->ev);
            if (*docs) insBufPrintf(&o->b, _("    documents: %s\n"), docs);
        }
        free(docs);
        free(r->rule); free(r->title); free(r->ev); free(r->stype); free(r->skey); free(r->status); free(r->ind);
    }
    if (o->json) insBufAppendChar(&o->b, ']');
    free(rows);
}

/* Labels of the documents (the first 8) of the trade lines from SUPPLIER to BUYER under PRODUCT, malloc'd. */
static char *edge_docs(ins_db *db, int64_t supplier, int64_t buyer, const char *product)
{
    static const char q[] =
        "SELECT DISTINCT " INS_DOC_LABEL " FROM trade_lines t"
        " JOIN documents d ON d.id = t.document_id WHERE t.seller_firm_id = ? AND t.buyer_firm_id = ?"
        " AND " INS_PRODUCT_EXPR " = ? ORDER BY d.id LIMIT 8";
    ins_buf b;
    insBufInit(&b);
    sqlite3_stmt *st = insDbStmt(db, q);
    if (st) {
        sqlite3_bind_int64(st, 1, supplier);
        sqlite3_bind_int64(st, 2, buyer);
        sqlite3_bind_text(st, 3, product, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st) == SQLITE_ROW)
            insBufPrintf(&b, "%s%s", b.len ? ", " : "", sqlite3_column_text(st, 0));
        sqlite3_reset(st);
    }
    return insBufDetach(&b);
}

/*
** Writes the supplier paths into BUYER from the run's chain_links: the
** strongest links first (the INS_SCORE_CHAIN_LINKS_KEPT a run keeps), each followed by its own suppliers, down to
** TIERS tiers (and at most 16 firms deep, the size of PATH), never
** revisiting a firm on the path (cycles).  PATH[0..DEPTH-1] holds the
** firms of the path so far.
*/
static void write_paths(ins_db *db, out *o, int64_t run, int64_t buyer, int tier, int tiers, int64_t *path,
                        int depth)
{
    static const char q[] =
        "SELECT c.supplier_firm_id, COALESCE(f.name, f.tax_id), COALESCE(f.tax_id, f.key), c.product, c.share,"
        " c.supplier_total, c.contribution, COALESCE(s.own, 0)"
        " FROM chain_links c JOIN firms f ON f.id = c.supplier_firm_id"
        " LEFT JOIN scores s ON s.run_id = c.run_id AND s.subject_type = 'firm' AND s.firm_id = c.supplier_firm_id"
        " WHERE c.run_id = ? AND c.buyer_firm_id = ? ORDER BY c.contribution DESC"
        " LIMIT " INS_STR(INS_SCORE_CHAIN_LINKS_KEPT);
    if (tier > tiers || depth >= 16) return;
    typedef struct link { int64_t sup; char *name, *tax, *prod; double share, stotal, c, sown; } link;
    link *ls = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int64(st, 2, buyer);
    while (sqlite3_step(st) == SQLITE_ROW) {
        link *v = insUGrow(ls, &cap, n + 1, sizeof *v);
        if (!v) break;
        ls = v;
        link *l = &ls[n++];
        l->sup = sqlite3_column_int64(st, 0);
        l->name = col(st, 1);
        l->tax = col(st, 2);
        l->prod = col(st, 3);
        l->share = sqlite3_column_double(st, 4);
        l->stotal = sqlite3_column_double(st, 5);
        l->c = sqlite3_column_double(st, 6);
        l->sown = sqlite3_column_double(st, 7);
    }
    sqlite3_reset(st);
    int printed = 0;
    for (size_t i = 0; i < n; i++) {
        link *l = &ls[i];
        int cyc = 0;
        for (int k = 0; k < depth; k++) if (path[k] == l->sup) cyc = 1;
        if (!cyc) {
            char *docs = edge_docs(db, l->sup, buyer, l->prod);
            if (o->json) {
                insBufAppendStr(&o->b, printed ? ",{" : "{");
                insBufPrintf(&o->b, "\"tier\":%d,\"supplier\":", tier); insBufJsonString(&o->b, l->tax);
                insBufAppendStr(&o->b, ",\"name\":"); insBufJsonString(&o->b, l->name);
                insBufAppendStr(&o->b, ",\"product\":"); insBufJsonString(&o->b, l->prod);
                insBufPrintf(&o->b, ",\"share\":%.4f,\"supplier_own\":%.4f,\"supplier_total\":%.4f,\"contribution\":%.4f,"
                             "\"documents\":", l->share, l->sown, l->stotal, l->c);
                insBufJsonString(&o->b, docs);
                insBufAppendStr(&o->b, ",\"suppliers\":[");
            } else {
                for (int k = 0; k < tier; k++) insBufAppendStr(&o->b, "  ");
                insBufPrintf(&o->b, _("tier %d: %s (%s) supplies %.0f%% of the buyer's purchases%s%s; "
                                      "supplier risk %.3f (own %.3f); contributes %.3f\n"),
                             tier, l->name, l->tax, 100 * l->share, *l->prod ? _(" of HS ") : "", l->prod,
                             l->stotal, l->sown, l->c);
                if (*docs) {
                    for (int k = 0; k < tier; k++) insBufAppendStr(&o->b, "  ");
                    insBufPrintf(&o->b, _("        documents: %s\n"), docs);
                }
            }
            free(docs);
            path[depth] = l->sup;
            write_paths(db, o, run, l->sup, tier + 1, tiers, path, depth + 1);
            if (o->json) insBufAppendStr(&o->b, "]}");
            printed++;
        }
        free(l->name); free(l->tax); free(l->prod);
    }
    free(ls);
}

/*
** Explains SUBJECT (a firm's tax id or key, else a vehicle plate) in RUN
** (0: the latest): the run, the score and its parts, the rules that fired,
** and for a firm the supplier paths (over the run's chain_tiers, read
** from runs.parameters) and its establishments; for a vehicle its legs,
** with drivers only when IDENTITY_REASON is given: the read is then
** recorded in the audit (audit.c) before the text is handed out, and a
** read that cannot be recorded fails the call.  Text, or one JSON object
** with JSON.  *outp receives the malloc'd text.
*/
int ins_explain(ins_db *db, const char *subject, int64_t run, int json, const char *identity_reason, char **outp,
                char **errmsg)
{
    *outp = NULL;
    if (errmsg) *errmsg = NULL;
    int show_personal = identity_reason != NULL;
    if (show_personal && !ins_audit_reason_ok(identity_reason)) {
        if (errmsg) *errmsg = insUStrdup(_("the reason for reading identities must be plain text, not blank"));
        return INS_ERR_ARG;
    }
    unsigned shown_names = 0, shown_legs = 0;
    if (run <= 0) run = ins_latest_run(db);
    static const char qr[] =
        "SELECT as_of, rules_fingerprint, parameters FROM runs WHERE id = ? AND status = 'complete'";
    sqlite3_stmt *st = insDbStmt(db, qr);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, run);
    char *as_of = NULL, *fp = NULL, *params = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) { as_of = col(st, 0); fp = col(st, 1); params = col(st, 2); }
    sqlite3_reset(st);
    if (!as_of) {
        if (errmsg) *errmsg = insUStrdup(_("no scoring run yet: run 'inspector score' first"));
        return INS_ERR_NOTFOUND;
    }
    int tiers = INS_SCORE_TIERS_DEFAULT;
    const char *tp = params ? strstr(params, "\"chain_tiers\":") : NULL;
    if (tp) tiers = atoi(tp + 14);
    out o;
    memset(&o, 0, sizeof o);
    o.json = json;
    insBufInit(&o.b);
    int rc = INS_OK;

    static const char qf[] = "SELECT id, COALESCE(name, ''), scheme, COALESCE(country, ''), COALESCE(tax_id, key) FROM firms"
                             " WHERE tax_id = ? OR key = ? ORDER BY id LIMIT 1";
    st = insDbStmt(db, qf);
    int64_t firm = 0;
    char *fname = NULL, *scheme = NULL, *country = NULL, *fkey = NULL;
    if (st) {
        sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, subject, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            firm = sqlite3_column_int64(st, 0);
            fname = col(st, 1); scheme = col(st, 2); country = col(st, 3); fkey = col(st, 4);
        }
        sqlite3_reset(st);
    }
    if (firm) {
        static const char qs[] =
            "SELECT own, chain, total, exporter, COALESCE(partners, '') FROM scores WHERE run_id = ?"
            " AND subject_type = 'firm' AND subject_key = ?";
        double own = 0, chain = 0, total = 0;
        int exporter = 0;
        char *partners = NULL;
        if ((st = insDbStmt(db, qs))) {
            sqlite3_bind_int64(st, 1, run);
            sqlite3_bind_text(st, 2, fkey, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW) {
                own = sqlite3_column_double(st, 0); chain = sqlite3_column_double(st, 1);
                total = sqlite3_column_double(st, 2); exporter = sqlite3_column_int(st, 3);
                partners = col(st, 4);
            }
            sqlite3_reset(st);
        }
        if (json) {
            insBufPrintf(&o.b, "{\"run\":%lld,\"as_of\":", (long long)run); insBufJsonString(&o.b, as_of);
            insBufAppendStr(&o.b, ",\"rules_fingerprint\":"); insBufJsonString(&o.b, fp);
            insBufAppendStr(&o.b, ",\"subject\":{\"type\":\"firm\",\"tax_id\":"); insBufJsonString(&o.b, fkey);
            insBufAppendStr(&o.b, ",\"name\":"); insBufJsonString(&o.b, fname);
            insBufAppendStr(&o.b, ",\"scheme\":"); insBufJsonString(&o.b, scheme);
            insBufAppendStr(&o.b, ",\"country\":"); insBufJsonString(&o.b, country);
            insBufPrintf(&o.b, "},\"score\":{\"total\":%.4f,\"own\":%.4f,\"chain\":%.4f},\"exporter\":%s,\"partners\":",
                         total, own, chain, exporter ? "true" : "false");
            insBufJsonString(&o.b, partners);
            insBufAppendStr(&o.b, ",\"note\":"); insBufJsonString(&o.b, "lead for inspection, not a finding");
            insBufAppendChar(&o.b, ',');
        } else {
            insBufPrintf(&o.b, _("%s  %s (%s, %s)\nrun %lld, as of %s, rules %.12s\n"), fkey, fname, scheme, country,
                         (long long)run, as_of, fp);
            insBufPrintf(&o.b, _("score %.3f = 1 - (1 - own %.3f) x (1 - chain %.3f)   [lead for inspection, not a finding]\n"),
                         total, own, chain);
            if (exporter) insBufPrintf(&o.b, _("exports (buyers in %s): a lead for the partner state\n"), partners && *partners ? partners : "?");
        }
        free(partners);
        write_hits(db, &o, run, "firm", fkey);
        if (json) insBufAppendStr(&o.b, ",\"chain\":[");
        else insBufPrintf(&o.b, _("\nChain: supplier paths (risk x share x damping per tier, %d tiers):\n"), tiers);
        int64_t path[16];
        path[0] = firm;
        size_t before = o.b.len;
        write_paths(db, &o, run, firm, 1, tiers, path, 1);
        if (!json && o.b.len == before) insBufAppendStr(&o.b, _("  no supplier carries risk into this firm\n"));
        if (json) insBufAppendStr(&o.b, "],\"establishments\":[");
        else insBufAppendStr(&o.b, _("\nEstablishments:\n"));
        static const char qe[] =
            "SELECT s.subject_key, s.total, s.own, s.chain, COALESCE(e.ubigeo, ''), COALESCE(u.district, ''),"
            " COALESCE(e.address, '') FROM scores s LEFT JOIN establishments e ON e.id = s.subject_id"
            " LEFT JOIN ubigeo u ON u.code = e.ubigeo"
            " WHERE s.run_id = ? AND s.subject_type = 'establishment' AND s.firm_id = ? ORDER BY s.total DESC";
        if ((st = insDbStmt(db, qe))) {
            sqlite3_bind_int64(st, 1, run);
            sqlite3_bind_int64(st, 2, firm);
            int k = 0;
            while (sqlite3_step(st) == SQLITE_ROW) {
                if (json) {
                    insBufAppendStr(&o.b, k++ ? ",{\"key\":" : "{\"key\":");
                    insBufJsonString(&o.b, (const char *)sqlite3_column_text(st, 0));
                    insBufPrintf(&o.b, ",\"total\":%.4f,\"ubigeo\":", sqlite3_column_double(st, 1));
                    insBufJsonString(&o.b, (const char *)sqlite3_column_text(st, 4));
                    insBufAppendChar(&o.b, '}');
                } else {
                    insBufPrintf(&o.b, "  %s  %.3f  %s %s  %s\n", sqlite3_column_text(st, 0),
                                 sqlite3_column_double(st, 1), sqlite3_column_text(st, 4),
                                 sqlite3_column_text(st, 5), sqlite3_column_text(st, 6));
                    k++;
                }
            }
            sqlite3_reset(st);
            if (!json && !k) insBufAppendStr(&o.b, _("  none scored\n"));
        }
        if (json) insBufAppendStr(&o.b, "]}\n");
    } else {
        /* a vehicle? */
        static const char qv[] =
            "SELECT total, own FROM scores WHERE run_id = ? AND subject_type = 'vehicle' AND subject_key = ?";
        static const char qvl[] = "SELECT COUNT(*) FROM leg_vehicles WHERE plate = ?";
        int known = 0;
        double total = 0;
        if ((st = insDbStmt(db, qvl))) {
            sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW) known = sqlite3_column_int(st, 0) > 0;
            sqlite3_reset(st);
        }
        if (!known) {
            if (errmsg) *errmsg = insUStrdup(_("no firm with that tax id and no vehicle with that plate"));
            rc = INS_ERR_NOTFOUND;
            goto done;
        }
        if ((st = insDbStmt(db, qv))) {
            sqlite3_bind_int64(st, 1, run);
            sqlite3_bind_text(st, 2, subject, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW) total = sqlite3_column_double(st, 0);
            sqlite3_reset(st);
        }
        if (json) {
            insBufPrintf(&o.b, "{\"run\":%lld,\"as_of\":", (long long)run); insBufJsonString(&o.b, as_of);
            insBufAppendStr(&o.b, ",\"subject\":{\"type\":\"vehicle\",\"plate\":"); insBufJsonString(&o.b, subject);
            insBufPrintf(&o.b, "},\"score\":{\"total\":%.4f},\"note\":\"lead for inspection, not a finding\",", total);
        } else {
            insBufPrintf(&o.b, _("vehicle %s\nrun %lld, as of %s, rules %.12s\nscore %.3f   [lead for inspection, not a finding]\n"),
                         subject, (long long)run, as_of, fp, total);
        }
        write_hits(db, &o, run, "vehicle", subject);
        static const char ql[] =
            "SELECT l.id, COALESCE(l.start_date, ''), COALESCE(l.origin_ubigeo, ''), COALESCE(uo.district, ''),"
            " COALESCE(l.dest_ubigeo, ''), COALESCE(ud.district, ''), COALESCE(sh.name, sh.tax_id, ''),"
            " COALESCE(ca.tax_id, ''), COALESCE(l.motivo, ''), COALESCE(l.mode, ''),"
            " COALESCE(d.type_code || ' ', '') || COALESCE(d.number, '')"
            " FROM leg_vehicles v JOIN transport_legs l ON l.id = v.leg_id JOIN documents d ON d.id = l.document_id"
            " LEFT JOIN ubigeo uo ON uo.code = l.origin_ubigeo LEFT JOIN ubigeo ud ON ud.code = l.dest_ubigeo"
            " LEFT JOIN firms sh ON sh.id = l.shipper_firm_id LEFT JOIN firms ca ON ca.id = l.carrier_firm_id"
            " WHERE v.plate = ? ORDER BY l.start_date, l.id LIMIT 200";
        static const char qd[] =
            "SELECT p.scheme || ' ' || COALESCE(p.number, '') || ' ' || COALESCE(p.given_names, '') || ' ' ||"
            " COALESCE(p.family_names, '') FROM leg_drivers x JOIN persons p ON p.id = x.person_id WHERE x.leg_id = ?";
        if (json) insBufAppendStr(&o.b, ",\"legs\":[");
        else insBufAppendStr(&o.b, _("\nLegs of this vehicle (date, origin > destination, shipper, carrier, motivo, mode, document):\n"));
        if ((st = insDbStmt(db, ql))) {
            sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
            int k = 0;
            while (sqlite3_step(st) == SQLITE_ROW) {
                int64_t leg = sqlite3_column_int64(st, 0);
                ins_buf drivers;
                insBufInit(&drivers);
                if (show_personal) {
                    sqlite3_stmt *sd = insDbStmt(db, qd);
                    if (sd) {
                        sqlite3_bind_int64(sd, 1, leg);
                        while (sqlite3_step(sd) == SQLITE_ROW) {
                            insBufPrintf(&drivers, "%s%s", drivers.len ? "; " : "", sqlite3_column_text(sd, 0));
                            shown_names++;
                        }
                        sqlite3_reset(sd);
                        shown_legs++;
                    }
                }
                if (json) {
                    insBufAppendStr(&o.b, k++ ? ",{\"date\":" : "{\"date\":");
                    insBufJsonString(&o.b, (const char *)sqlite3_column_text(st, 1));
                    insBufAppendStr(&o.b, ",\"origin\":"); insBufJsonString(&o.b, (const char *)sqlite3_column_text(st, 2));
                    insBufAppendStr(&o.b, ",\"destination\":"); insBufJsonString(&o.b, (const char *)sqlite3_column_text(st, 4));
                    insBufAppendStr(&o.b, ",\"shipper\":"); insBufJsonString(&o.b, (const char *)sqlite3_column_text(st, 6));
                    insBufAppendStr(&o.b, ",\"carrier\":"); insBufJsonString(&o.b, (const char *)sqlite3_column_text(st, 7));
                    insBufAppendStr(&o.b, ",\"motivo\":"); insBufJsonString(&o.b, (const char *)sqlite3_column_text(st, 8));
                    insBufAppendStr(&o.b, ",\"mode\":"); insBufJsonString(&o.b, (const char *)sqlite3_column_text(st, 9));
                    insBufAppendStr(&o.b, ",\"document\":"); insBufJsonString(&o.b, (const char *)sqlite3_column_text(st, 10));
                    if (show_personal) { insBufAppendStr(&o.b, ",\"drivers\":"); insBufJsonString(&o.b, insBufStr(&drivers)); }
                    insBufAppendChar(&o.b, '}');
                } else {
                    insBufPrintf(&o.b, "  %s  %s %s > %s %s  %s  %s  motivo %s mode %s  %s\n",
                                 sqlite3_column_text(st, 1), sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
                                 sqlite3_column_text(st, 4), sqlite3_column_text(st, 5), sqlite3_column_text(st, 6),
                                 sqlite3_column_text(st, 7), sqlite3_column_text(st, 8), sqlite3_column_text(st, 9),
                                 sqlite3_column_text(st, 10));
                    if (show_personal && drivers.len) insBufPrintf(&o.b, _("      drivers: %s\n"), insBufStr(&drivers));
                    k++;
                }
                insBufFree(&drivers);
            }
            sqlite3_reset(st);
        }
        if (json) insBufAppendStr(&o.b, "]}\n");
        else if (!show_personal)
            insBufAppendStr(&o.b, _("(drivers' identities are shown only with --show-identities and a --reason)\n"));
        if (show_personal) {
            ins_buf what;
            insBufInit(&what);
            insBufPrintf(&what, _("drivers of %u leg(s): %u name(s)"), shown_legs, shown_names);
            rc = what.oom ? INS_ERR_NOMEM : insAuditIdentityRead(db, "explain", subject, identity_reason, insBufStr(&what));
            insBufFree(&what);
            if (rc != INS_OK && errmsg)
                *errmsg = insUStrdup(_("the read of identities could not be recorded in the audit, so they are not shown"));
        }
    }
done:
    free(as_of); free(fp); free(params); free(fname); free(scheme); free(country); free(fkey);
    if (rc == INS_OK) *outp = insBufDetach(&o.b);
    else insBufFree(&o.b);
    return rc;
}
