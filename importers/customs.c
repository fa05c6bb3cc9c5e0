/*
** customs.c: the writer every customs declaration importer shares (the
** WCO Data Model in wco_dms.c, ASYCUDA World in asycuda.c).
**
** A format reads its document into its own structures, resolves the
** traders to firms (insModelFirmByName) and then writes through here: one
** declarations row, its declaration_parties and declaration_items rows,
** the values the model has no column for (record_attributes, collected in
** an ins_customs_attrs while reading) and the document's issuer.  The rows
** are the same whatever the format, so the SQL lives once.
**
** Nothing here opens a transaction: the driver (import.c) runs each file
** in one of its own.
*/
#include "importer.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* ---- values without a column ---------------------------------------------- */

/*
** Adds an extra value (VALUE taken over; NULL adds nothing) to the
** declaration (ITEM 0) or to its ITEM-th item (1-based).  Past
** INS_MAX_CUSTOMS_ATTRS values are counted in A->dropped, not kept, so a
** hostile file cannot grow the list without bound; a failed allocation
** sets A->oom and the writer rejects the file.
*/
void insCustomsAttrAdd(ins_customs_attrs *a, size_t item, const char *name, char *value)
{
    if (!value) return;
    if (a->n >= INS_MAX_CUSTOMS_ATTRS) { a->dropped++; free(value); return; }
    ins_customs_attr *v = insUGrow(a->v, &a->cap, a->n + 1, sizeof *v);
    if (!v) { a->oom = 1; free(value); return; }
    a->v = v;
    v[a->n].item = item;
    v[a->n].name = name;
    v[a->n].value = value;
    a->n++;
}

/* Frees the values of A and clears it for reuse. */
void insCustomsAttrsFree(ins_customs_attrs *a)
{
    for (size_t i = 0; i < a->n; i++) free(a->v[i].value);
    free(a->v);
    memset(a, 0, sizeof *a);
}

/*
** Writes the values of item ITEM_NO (1-based; row ITEM_ID of
** declaration_items) as record_attributes of document DOC, numbered by the
** item.  Values are kept in reading order, so items' values come in item
** order: *CURSOR walks A once across all items (start it at 0) and stops
** at the first value of a later item.  Declaration values (item 0) are
** skipped here and written by insCustomsDeclAttrs.
*/
int insCustomsItemAttrs(ins_db *db, int64_t doc, const ins_customs_attrs *a, size_t *cursor,
                        size_t item_no, int64_t item_id)
{
    assert(item_no > 0);
    int rc = INS_OK;
    size_t k = *cursor;
    for (; k < a->n && rc == INS_OK; k++) {
        if (a->v[k].item == 0) continue;
        if (a->v[k].item > item_no) break;
        rc = insModelAttribute(db, doc, (int64_t)item_no, "declaration_item", item_id,
                               a->v[k].name, a->v[k].value);
    }
    *cursor = k;
    return rc;
}

/*
** Writes the declaration's own values (item 0 of A) as record_attributes
** of document DOC describing declaration DECL, in reading order.
*/
int insCustomsDeclAttrs(ins_db *db, int64_t doc, int64_t decl, const ins_customs_attrs *a)
{
    int rc = INS_OK;
    for (size_t k = 0; k < a->n && rc == INS_OK; k++)
        if (a->v[k].item == 0)
            rc = insModelAttribute(db, doc, 0, "declaration", decl, a->v[k].name, a->v[k].value);
    return rc;
}

/* ---- rows ------------------------------------------------------------------ */

/*
** The index in ins_customs_decl.firm of the main party of ROLE (declarant,
** agent, exporter, importer, consignor, consignee, carrier: each has a
** column in declarations), or -1 for other roles.
*/
int insCustomsMainRole(const char *role)
{
    static const char *const roles[INS_CUSTOMS_MAIN_ROLES] = {
        "declarant", "agent", "exporter", "importer", "consignor", "consignee", "carrier"};
    for (size_t i = 0; i < INS_ARRAY_LEN(roles); i++)
        if (!strcmp(role, roles[i])) return (int)i;
    return -1;
}

/*
** Inserts the declarations row D describes.  Empty strings and firm ids 0
** are stored as NULL; the currency is kept only with a total value.
** Returns the row id, -1 on database error.
*/
int64_t insCustomsDeclInsert(ins_db *db, const ins_customs_decl *d)
{
    static const char sql[] =
        "INSERT INTO declarations(document_id, format, direction, type_code, function_code,"
        " reference, issue_date, declarant_firm_id, agent_firm_id, exporter_firm_id,"
        " importer_firm_id, consignor_firm_id, consignee_firm_id, carrier_firm_id, exit_office,"
        " entry_office, supervising_office, transport_id, transport_mode, transport_nationality,"
        " export_country, destination_country, total_value, currency)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, d->document_id);
    insDbBindText(s, 2, d->format);
    insDbBindText(s, 3, d->direction);
    insDbBindText(s, 4, d->type_code);
    insDbBindText(s, 5, d->function_code);
    insDbBindText(s, 6, d->reference);
    insDbBindText(s, 7, d->issue_date);
    for (int k = 0; k < INS_CUSTOMS_MAIN_ROLES; k++)
        if (d->firm[k] > 0) sqlite3_bind_int64(s, 8 + k, d->firm[k]);
    insDbBindText(s, 15, d->exit_office);
    insDbBindText(s, 16, d->entry_office);
    insDbBindText(s, 17, d->supervising_office);
    insDbBindText(s, 18, d->transport_id);
    insDbBindText(s, 19, d->transport_mode);
    insDbBindText(s, 20, d->transport_nationality);
    insDbBindText(s, 21, d->export_country);
    insDbBindText(s, 22, d->destination_country);
    insDbBindOptDouble(s, 23, d->has_total, d->total_value);
    insDbBindText(s, 24, d->has_total ? d->currency : NULL);
    if (sqlite3_step(s) != SQLITE_DONE) return -1;
    return sqlite3_last_insert_rowid(db->h);
}

/*
** Inserts the declaration_parties row of party P of declaration DECL: the
** firm it was resolved to, the identifier, name, address and country as
** the document gave them, and how it was resolved.
*/
int insCustomsPartyInsert(ins_db *db, int64_t decl, const ins_customs_party *p)
{
    static const char sql[] =
        "INSERT INTO declaration_parties(declaration_id, role, firm_id, identifier, name, address,"
        " country, resolved_by) VALUES(?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, decl);
    insDbBindText(s, 2, p->role);
    if (p->firm > 0) sqlite3_bind_int64(s, 3, p->firm);
    insDbBindText(s, 4, p->identifier);
    insDbBindText(s, 5, p->name);
    insDbBindText(s, 6, p->address);
    insDbBindText(s, 7, p->country);
    insDbBindText(s, 8, p->resolved_by);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Inserts the declaration_items row of IT in declaration DECL.  The
** classification is the tariff code's digits followed by the national
** subdivision the format gives (IT->suffix); the HS6 is the first six
** digits of the tariff code.  Returns the row id, -1 on error.
*/
int64_t insCustomsItemInsert(ins_db *db, int64_t decl, const ins_customs_item *it)
{
    static const char sql[] =
        "INSERT INTO declaration_items(declaration_id, seq, description, classification, hs6,"
        " origin_country, gross_mass, net_mass, value, currency, statistical_value)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?)";
    ins_buf cls;
    insBufInit(&cls);
    if (it->code && *it->code) {
        insBufAppendStr(&cls, it->code);
        if (it->suffix && *it->suffix) insBufAppendStr(&cls, it->suffix);
    }
    char hs6[7] = "";
    if (it->code && strlen(it->code) >= 6) {
        memcpy(hs6, it->code, 6);
        hs6[6] = '\0';
    }
    int64_t id = -1;
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (s && !cls.oom) {
        sqlite3_bind_int64(s, 1, decl);
        if (it->has_seq) sqlite3_bind_int64(s, 2, it->seq);
        insDbBindText(s, 3, it->description);
        insDbBindText(s, 4, cls.len ? insBufStr(&cls) : NULL);
        insDbBindText(s, 5, hs6[0] ? hs6 : NULL);
        insDbBindText(s, 6, it->origin);
        insDbBindOptDouble(s, 7, it->m.has_gross, it->m.gross);
        insDbBindOptDouble(s, 8, it->m.has_net, it->m.net);
        insDbBindOptDouble(s, 9, it->m.has_value, it->m.value);
        insDbBindText(s, 10, it->m.has_value ? it->currency : NULL);
        insDbBindOptDouble(s, 11, it->m.has_stat, it->m.stat);
        if (sqlite3_step(s) == SQLITE_DONE) id = sqlite3_last_insert_rowid(db->h);
    }
    insBufFree(&cls);
    return id;
}

/*
** Makes FIRM the issuer of document DOC: the declarant issues a
** declaration, but is only known once its party has been resolved, after
** the documents row was made.
*/
int insCustomsSetIssuer(ins_db *db, int64_t doc, int64_t firm)
{
    static const char sql[] = "UPDATE documents SET issuer_firm_id = ? WHERE id = ?";
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, firm);
    sqlite3_bind_int64(s, 2, doc);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Records on document DOC that DROPPED values were past the importer's
** bounds and not kept (nothing when none were), so a truncated reading is
** visible rather than silent.
*/
int insCustomsWarnDropped(ins_db *db, int64_t doc, unsigned long dropped)
{
    if (!dropped) return INS_OK;
    return insModelWarn(db, doc, "bounds", _("%lu values past the importer's bounds were not kept"),
                        dropped) == INS_OK
               ? INS_OK
               : INS_ERR_DB;
}
