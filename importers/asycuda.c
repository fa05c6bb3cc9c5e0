/*
** asycuda.c: customs declarations exported from ASYCUDA World (UNCTAD's
** customs system, used across Latin America, the Caribbean and Africa) as
** its SAD XML: root <ASYCUDA>, no namespace.
**
** Read (FORMATS.md section 3; the element names of the public ASYCUDA
** World XML layout):
**
**   Identification/Type/{Type_of_declaration, Declaration_gen_procedure_code}
**   Identification/Office_segment/Customs_clearance_office_code
**   Identification/Registration/{Serial_number, Number, Date}
**   Property/Date_of_declaration, Property/Nbers/Total_number_of_items
**   Traders/Exporter/{Exporter_code, Exporter_name}
**   Traders/Consignee/{Consignee_code, Consignee_name}
**   Traders/Financial/{Financial_code, Financial_name}
**   Declarant/{Declarant_code, Declarant_name, Reference/Number}
**   General_information/Country/{Export/Export_country_code,
**     Destination/Destination_country_code, Country_of_origin_name}
**   Transport/Means_of_transport/{Border_information/{Identity,
**     Nationality, Mode}, Departure_arrival_information/{Identity,
**     Nationality}}, Transport/Border_office/Code, Transport/Delivery_terms
**   Valuation/Gs_Invoice/{Amount_foreign_currency, Currency_code}
**   Container/Container_identity (repeatable)
**   Item (repeatable): Tarification/HScode/{Commodity_code, Precision_1},
**     Tarification/{Extended_customs_procedure, National_customs_procedure,
**     Preference_code, Item_price}, Goods_description/{Country_of_origin_code,
**     Description_of_goods, Commercial_Description},
**     Valuation_item/{Weight_itm/{Gross_weight_itm, Net_weight_itm},
**     Item_Invoice/{Amount_foreign_currency, Amount_national_currency,
**     Currency_code}, Statistical_value}, Packages/{Number_of_packages,
**     Kind_of_packages_code}, Previous_doc/Previous_document_reference,
**     Licence_number
**
** ASYCUDA writes an empty value as a <null/> child (<Exporter_code><null/>
** </Exporter_code>) or as an empty element; both read as absent, never as
** text.  Trader names often carry the address on further lines
** ("NAME\nSTREET\nCITY"): the first line is the name, the rest the
** address.  Trader codes are national trader identifiers of the declaring
** country (the export country of an export, the destination of an
** import): an 11-digit code of a Peruvian or Argentine trader is a RUC or
** a CUIT, other codes are kept with scheme OTHER.
**
** No real ASYCUDA export was available when this was written: the layout
** follows the published element names, and the fixtures under
** tests/fixtures/synthetic/asycuda are hand-made (see their README).
**
** Streaming: the root's children arrive one subtree at a time; items are
** kept (bounded) and everything is written once the document has been
** read, in the file's own transaction.
*/
#include "importer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most items kept per declaration (the SAD allows 999 in practice). */
#define ASY_MAX_ITEMS 9999
/* Most extra attributes (containers, procedures...) kept per declaration. */
#define ASY_MAX_ATTRS 20000


/* A trader as read. */
typedef struct asy_party {
    char *code, *name, *address;
} asy_party;

/* One Item. */
typedef struct asy_item {
    char *commodity, *precision, *origin, *description, *currency;
    int has_gross, has_net, has_value, has_stat;
    double gross, net, value, stat;
} asy_item;

/* A value with no column, for record_attributes (ITEM 0: the declaration). */
typedef struct asy_attr {
    size_t item;
    const char *name;
    char *value;
} asy_attr;

/* Everything read from one ASYCUDA document. */
typedef struct asy_decl {
    char *type, *gen_proc, *office, *reg_serial, *reg_number, *reg_date, *decl_date;
    char *assess_date, *declarant_ref, *items_declared;
    asy_party exporter, consignee, financial, declarant;
    char *export_country, *destination_country, *origin_name;
    char *border_office, *border_id, *border_nat, *border_mode, *dep_id, *dep_nat;
    int has_total;
    double total;
    char *currency;
    asy_item *items;
    size_t nitems, capitems;
    asy_attr *attrs;
    size_t nattrs, capattrs;
    unsigned long dropped;
    int oom;
} asy_decl;

/* ---- reading ------------------------------------------------------------ */

/*
** Text of element N, or NULL when N is absent, empty, or holds ASYCUDA's
** <null/> marker (then any text around the marker is ignored too).
*/
static char *asy_text(xmlNodePtr n)
{
    if (!n) return NULL;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "null")) return NULL;
    return insXmlText(n);
}

/* asy_text() of the element at PATH (local names, "/"-separated) under N. */
static char *asy_path(xmlNodePtr n, const char *path)
{
    return asy_text(insXmlPath(n, path));
}

/* Reads a number at PATH under N; 1 when one is there. */
static int asy_num(xmlNodePtr n, const char *path, double *out)
{
    char *t = asy_path(n, path);
    int ok = t && insUParseDouble(t, out);
    free(t);
    return ok;
}

/* Adds an attribute (VALUE taken over) to the declaration or item ITEM. */
static void attr_add(asy_decl *d, size_t item, const char *name, char *value)
{
    if (!value) return;
    if (d->nattrs >= ASY_MAX_ATTRS) { d->dropped++; free(value); return; }
    asy_attr *v = insUGrow(d->attrs, &d->capattrs, d->nattrs + 1, sizeof *v);
    if (!v) { d->oom = 1; free(value); return; }
    d->attrs = v;
    v[d->nattrs].item = item;
    v[d->nattrs].name = name;
    v[d->nattrs].value = value;
    d->nattrs++;
}

/* Joins A and B with SEP into a malloc'd string; either may be NULL. */
static char *join2(const char *a, const char *sep, const char *b)
{
    if (!a && !b) return NULL;
    ins_buf o;
    insBufInit(&o);
    insBufPrintf(&o, "%s%s%s", a ? a : "", a && b ? sep : "", b ? b : "");
    char *s = o.oom ? NULL : insBufDetach(&o);
    insBufFree(&o);
    return s;
}

/*
** Splits a trader name written over several lines ("NAME\nSTREET\nCITY";
** some exports write the two characters "\n") into the name (first line)
** and the address (the other lines joined with ", ").  Takes over RAW.
*/
static void split_name(char *raw, char **name, char **address)
{
    *name = NULL;
    *address = NULL;
    if (!raw) return;
    ins_buf nm, ad;
    insBufInit(&nm);
    insBufInit(&ad);
    int line = 0;
    const char *p = raw;
    while (*p) {
        size_t len = 0, skip = 0;
        while (p[len] && p[len] != '\n' && p[len] != '\r' && !(p[len] == '\\' && p[len + 1] == 'n'))
            len++;
        if (p[len] == '\\') skip = 2;
        else if (p[len]) skip = 1;
        char *part = insUStrndup(p, len);
        if (part) {
            insUTrim(part);
            if (*part) {
                if (line++ == 0) insBufAppendStr(&nm, part);
                else insBufPrintf(&ad, "%s%s", ad.len ? ", " : "", part);
            }
            free(part);
        }
        p += len + skip;
    }
    free(raw);
    if (nm.len && !nm.oom) *name = insBufDetach(&nm);
    if (ad.len && !ad.oom) *address = insBufDetach(&ad);
    insBufFree(&nm);
    insBufFree(&ad);
}

/* Reads a trader: its code element CODE and name element NAME under N. */
static void party_read(xmlNodePtr n, const char *code, const char *name, asy_party *p)
{
    if (!n || p->code || p->name) return;
    p->code = asy_path(n, code);
    split_name(asy_path(n, name), &p->name, &p->address);
}

/* Reads Identification. */
static void identification_read(asy_decl *d, xmlNodePtr n)
{
    insUSetOnce(&d->type, asy_path(n, "Type/Type_of_declaration"));
    insUSetOnce(&d->gen_proc, asy_path(n, "Type/Declaration_gen_procedure_code"));
    insUSetOnce(&d->office, asy_path(n, "Office_segment/Customs_clearance_office_code"));
    insUSetOnce(&d->reg_serial, asy_path(n, "Registration/Serial_number"));
    insUSetOnce(&d->reg_number, asy_path(n, "Registration/Number"));
    insUSetOnce(&d->reg_date, asy_path(n, "Registration/Date"));
    insUSetOnce(&d->assess_date, asy_path(n, "Assessment/Date"));
    attr_add(d, 0, "manifest", asy_path(n, "Manifest_reference_number"));
    attr_add(d, 0, "ucr", asy_path(n, "UCR"));
}

/* Reads General_information: countries and the value details. */
static void general_read(asy_decl *d, xmlNodePtr n)
{
    insUSetOnce(&d->export_country, asy_path(n, "Country/Export/Export_country_code"));
    insUSetOnce(&d->destination_country, asy_path(n, "Country/Destination/Destination_country_code"));
    insUSetOnce(&d->origin_name, asy_path(n, "Country/Country_of_origin_name"));
    attr_add(d, 0, "trading_country", asy_path(n, "Country/Trading_country"));
    attr_add(d, 0, "first_destination", asy_path(n, "Country/Country_first_destination"));
}

/* Reads Transport: means of transport, border office, delivery terms. */
static void transport_read(asy_decl *d, xmlNodePtr n)
{
    xmlNodePtr m = insXmlPath(n, "Means_of_transport");
    insUSetOnce(&d->border_id, asy_path(m, "Border_information/Identity"));
    insUSetOnce(&d->border_nat, asy_path(m, "Border_information/Nationality"));
    insUSetOnce(&d->border_mode, asy_path(m, "Border_information/Mode"));
    insUSetOnce(&d->dep_id, asy_path(m, "Departure_arrival_information/Identity"));
    insUSetOnce(&d->dep_nat, asy_path(m, "Departure_arrival_information/Nationality"));
    insUSetOnce(&d->border_office, asy_path(n, "Border_office/Code"));
    char *code = asy_path(n, "Delivery_terms/Code"), *place = asy_path(n, "Delivery_terms/Place");
    attr_add(d, 0, "trade_terms", join2(code, " ", place));
    free(code);
    free(place);
    attr_add(d, 0, "loading_place", asy_path(n, "Place_of_loading/Code"));
    attr_add(d, 0, "goods_location", asy_path(n, "Location_of_goods"));
}

/* Reads Valuation: the invoice total in its currency. */
static void valuation_read(asy_decl *d, xmlNodePtr n)
{
    if (d->has_total) return;
    if (asy_num(n, "Gs_Invoice/Amount_foreign_currency", &d->total)) {
        d->has_total = 1;
        insUSetOnce(&d->currency, asy_path(n, "Gs_Invoice/Currency_code"));
    } else if (asy_num(n, "Gs_Invoice/Amount_national_currency", &d->total)) {
        d->has_total = 1; /* national currency: not named in the document */
    }
}

/* Reads one Item. */
static void item_read(asy_decl *d, xmlNodePtr n)
{
    if (d->nitems >= ASY_MAX_ITEMS) { d->dropped++; return; }
    asy_item *v = insUGrow(d->items, &d->capitems, d->nitems + 1, sizeof *v);
    if (!v) { d->oom = 1; return; }
    d->items = v;
    asy_item *it = &v[d->nitems++];
    memset(it, 0, sizeof *it);
    size_t k = d->nitems;
    it->commodity = asy_path(n, "Tarification/HScode/Commodity_code");
    it->precision = asy_path(n, "Tarification/HScode/Precision_1");
    it->origin = asy_path(n, "Goods_description/Country_of_origin_code");
    char *tariff_desc = asy_path(n, "Goods_description/Description_of_goods");
    char *commercial = asy_path(n, "Goods_description/Commercial_Description");
    /* the trader's own words first; the tariff wording is kept beside it */
    if (commercial) {
        it->description = commercial;
        attr_add(d, k, "tariff_description", tariff_desc);
    } else {
        it->description = tariff_desc;
    }
    it->has_gross = asy_num(n, "Valuation_item/Weight_itm/Gross_weight_itm", &it->gross);
    it->has_net = asy_num(n, "Valuation_item/Weight_itm/Net_weight_itm", &it->net);
    if (asy_num(n, "Valuation_item/Item_Invoice/Amount_foreign_currency", &it->value)) {
        it->has_value = 1;
        it->currency = asy_path(n, "Valuation_item/Item_Invoice/Currency_code");
    } else if (asy_num(n, "Valuation_item/Item_Invoice/Amount_national_currency", &it->value) ||
               asy_num(n, "Tarification/Item_price", &it->value)) {
        it->has_value = 1; /* national currency: not named in the document */
    }
    it->has_stat = asy_num(n, "Valuation_item/Statistical_value", &it->stat);
    char *ext = asy_path(n, "Tarification/Extended_customs_procedure");
    char *nat = asy_path(n, "Tarification/National_customs_procedure");
    attr_add(d, k, "procedure", join2(ext, "-", nat));
    free(ext);
    free(nat);
    attr_add(d, k, "preference_code", asy_path(n, "Tarification/Preference_code"));
    char *np = asy_path(n, "Packages/Number_of_packages");
    char *kp = asy_path(n, "Packages/Kind_of_packages_code");
    attr_add(d, k, "packages", join2(np, " ", kp));
    free(np);
    free(kp);
    attr_add(d, k, "previous_document", asy_path(n, "Previous_doc/Previous_document_reference"));
    attr_add(d, k, "summary_declaration", asy_path(n, "Previous_doc/Summary_declaration"));
    attr_add(d, k, "licence", asy_path(n, "Licence_number"));
}

/* Dispatches one child N of the root. */
static void top_read(asy_decl *d, xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    if (!strcmp(name, "Identification")) {
        identification_read(d, n);
    } else if (!strcmp(name, "Property")) {
        insUSetOnce(&d->decl_date, asy_path(n, "Date_of_declaration"));
        insUSetOnce(&d->items_declared, asy_path(n, "Nbers/Total_number_of_items"));
    } else if (!strcmp(name, "Traders")) {
        party_read(insXmlPath(n, "Exporter"), "Exporter_code", "Exporter_name", &d->exporter);
        party_read(insXmlPath(n, "Consignee"), "Consignee_code", "Consignee_name", &d->consignee);
        party_read(insXmlPath(n, "Financial"), "Financial_code", "Financial_name", &d->financial);
    } else if (!strcmp(name, "Declarant")) {
        party_read(n, "Declarant_code", "Declarant_name", &d->declarant);
        insUSetOnce(&d->declarant_ref, asy_path(n, "Reference/Number"));
    } else if (!strcmp(name, "General_information")) {
        general_read(d, n);
    } else if (!strcmp(name, "Transport")) {
        transport_read(d, n);
    } else if (!strcmp(name, "Valuation")) {
        valuation_read(d, n);
    } else if (!strcmp(name, "Container")) {
        attr_add(d, 0, "container", asy_path(n, "Container_identity"));
    } else if (!strcmp(name, "Item")) {
        item_read(d, n);
    }
}

/* Frees a trader. */
static void party_free(asy_party *p)
{
    free(p->code);
    free(p->name);
    free(p->address);
}

/* Frees everything D holds. */
static void decl_free(asy_decl *d)
{
    char **s[] = {&d->type, &d->gen_proc, &d->office, &d->reg_serial, &d->reg_number,
                  &d->reg_date, &d->decl_date, &d->assess_date, &d->declarant_ref,
                  &d->items_declared, &d->export_country, &d->destination_country,
                  &d->origin_name, &d->border_office, &d->border_id, &d->border_nat,
                  &d->border_mode, &d->dep_id, &d->dep_nat, &d->currency};
    for (size_t i = 0; i < INS_ARRAY_LEN(s); i++) free(*s[i]);
    party_free(&d->exporter);
    party_free(&d->consignee);
    party_free(&d->financial);
    party_free(&d->declarant);
    for (size_t i = 0; i < d->nitems; i++) {
        asy_item *it = &d->items[i];
        free(it->commodity);
        free(it->precision);
        free(it->origin);
        free(it->description);
        free(it->currency);
    }
    free(d->items);
    for (size_t i = 0; i < d->nattrs; i++) free(d->attrs[i].value);
    free(d->attrs);
}

/* ---- writing -------------------------------------------------------------- */

/*
** Maps a country written as an ISO code or a name to ISO alpha-2 into
** OUT; an unknown value is kept upper-cased when it is short (a code),
** dropped otherwise.  Returns OUT, or NULL when there is nothing.
*/
static const char *country_of(const char *s, char out[4])
{
    out[0] = '\0';
    if (!s) return NULL;
    char cc[3];
    if (insNormCountry(s, cc)) {
        insUStrlcpy(out, cc, 4);
        return out;
    }
    size_t n = strlen(s);
    if (n < 2 || n > 3) return NULL;
    for (size_t i = 0; i <= n; i++) out[i] = (char)toupper((unsigned char)s[i]);
    return out;
}

/*
** Parses an ASYCUDA date: YYYY-MM-DD (optionally with a time) or
** DD/MM/YYYY (also DD/MM/YY, read as 20YY), into OUT.  1 on success.
*/
static int asy_date(const char *s, char out[11])
{
    if (!s) return 0;
    if (insUParseDate(s, out)) return 1;
    int dd, mm, yy, end = 0, start = 0;
    if (sscanf(s, "%2d/%2d/%n%4d%n", &dd, &mm, &start, &yy, &end) != 3) return 0;
    if (s[end] != '\0' && s[end] != ' ' && s[end] != 'T') return 0;
    if (end - start == 2) yy += 2000;
    else if (end - start != 4) return 0;
    if (yy < 1900 || yy > 2999 || mm < 1 || mm > 12 || dd < 1 || dd > 31) return 0;
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", yy, mm, dd);
    return insUParseDate(iso, out);
}

/* The identifier scheme of trader CODE of COUNTRY (see the head of this file). */
static const char *code_scheme(const char *code, const char *country)
{
    size_t n = strlen(code), digits = 0;
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)code[i])) digits++;
    if (n == 11 && digits == 11 && country && !strcmp(country, "PE")) return INS_SCHEME_PE_RUC;
    if (n == 11 && digits == 11 && country && !strcmp(country, "AR")) return INS_SCHEME_AR_CUIT;
    if (n >= 3 && n <= 17 && isalpha((unsigned char)code[0]) && isalpha((unsigned char)code[1]) &&
        digits == n - 2)
        return INS_SCHEME_EORI;
    return INS_SCHEME_OTHER;
}

/*
** Resolves trader P in ROLE (COUNTRY: its country, or NULL) and inserts
** its declaration_parties row once the declaration exists (DECL > 0).
** Returns the firm id (0: nobody), -1 on error.
*/
static int64_t party_write(ins_db *db, int64_t doc, int64_t decl, const char *role,
                           const asy_party *p, const char *country)
{
    static const char sql[] =
        "INSERT INTO declaration_parties(declaration_id, role, firm_id, identifier, name, address,"
        " country, resolved_by) VALUES(?,?,?,?,?,?,?,?)";
    const char *code = insIdPresent(p->code) ? p->code : NULL;
    const char *by = NULL;
    int64_t firm = insCustomsFirm(db, doc, code ? code_scheme(code, country) : NULL, code, p->name,
                                  country, &by);
    if (firm <= 0 || decl <= 0) return firm;
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, decl);
    insDbBindText(s, 2, role);
    sqlite3_bind_int64(s, 3, firm);
    insDbBindText(s, 4, code);
    insDbBindText(s, 5, p->name);
    insDbBindText(s, 6, p->address);
    insDbBindText(s, 7, country);
    insDbBindText(s, 8, by);
    return sqlite3_step(s) == SQLITE_DONE ? firm : -1;
}

/* Inserts one record_attributes row. */
static int attr_insert(ins_db *db, int64_t doc, int64_t record_no, const char *entity,
                       int64_t entity_id, const char *name, const char *value)
{
    return insModelAttribute(db, doc, record_no, entity, entity_id, name, value);
}

/* Inserts item IT (number SEQ); returns its id or -1. */
static int64_t item_insert(ins_db *db, int64_t decl, long seq, const asy_item *it,
                           const char *origin)
{
    static const char sql[] =
        "INSERT INTO declaration_items(declaration_id, seq, description, classification, hs6,"
        " origin_country, gross_mass, net_mass, value, currency, statistical_value)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?)";
    char *hs = it->commodity ? insUDigitsOnly(it->commodity) : NULL;
    char *prec = it->precision ? insUDigitsOnly(it->precision) : NULL;
    ins_buf cls;
    insBufInit(&cls);
    if (hs && *hs) {
        insBufAppendStr(&cls, hs);
        if (prec && *prec) insBufAppendStr(&cls, prec); /* the national subdivision */
    }
    char hs6[7] = "";
    if (hs && strlen(hs) >= 6) {
        memcpy(hs6, hs, 6);
        hs6[6] = '\0';
    }
    int64_t id = -1;
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (s && !cls.oom) {
        sqlite3_bind_int64(s, 1, decl);
        sqlite3_bind_int64(s, 2, seq);
        insDbBindText(s, 3, it->description);
        insDbBindText(s, 4, cls.len ? insBufStr(&cls) : NULL);
        insDbBindText(s, 5, hs6[0] ? hs6 : NULL);
        insDbBindText(s, 6, origin);
        insDbBindOptDouble(s, 7, it->has_gross, it->gross);
        insDbBindOptDouble(s, 8, it->has_net, it->net);
        insDbBindOptDouble(s, 9, it->has_value, it->value);
        insDbBindText(s, 10, it->has_value ? it->currency : NULL);
        insDbBindOptDouble(s, 11, it->has_stat, it->stat);
        if (sqlite3_step(s) == SQLITE_DONE) id = sqlite3_last_insert_rowid(db->h);
    }
    free(hs);
    free(prec);
    insBufFree(&cls);
    return id;
}

/* Writes the declaration read into D. */
static int decl_write(ins_import_ctx *ctx, asy_decl *d)
{
    static const char qdecl[] =
        "INSERT INTO declarations(document_id, format, direction, type_code, reference, issue_date,"
        " exit_office, entry_office, transport_id, transport_mode, transport_nationality,"
        " export_country, destination_country, total_value, currency)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    static const char qfirms[] =
        "UPDATE declarations SET declarant_firm_id = NULLIF(?, 0), exporter_firm_id = NULLIF(?, 0),"
        " consignee_firm_id = NULLIF(?, 0) WHERE id = ?";
    static const char qissuer[] = "UPDATE documents SET issuer_firm_id = ? WHERE id = ?";
    ins_db *db = ctx->db;
    if (d->oom) return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    if (!d->type && !d->reg_number && !d->declarant_ref && !d->nitems)
        return insImportReject(ctx, INS_ERR_FORMAT,
                               _("ASYCUDA document has no type of declaration, registration, "
                                 "reference or item"));

    /* type, direction, reference, date */
    char dir[3] = "";
    if (d->type && strlen(d->type) >= 2 && isalpha((unsigned char)d->type[0]) &&
        isalpha((unsigned char)d->type[1])) {
        dir[0] = (char)toupper((unsigned char)d->type[0]);
        dir[1] = (char)toupper((unsigned char)d->type[1]);
    }
    char *type_code = d->type ? join2(d->type, "", d->gen_proc) : NULL;
    const char *reference = d->reg_number ? d->reg_number : d->declarant_ref;
    char date[11];
    const char *issue = NULL;
    const char *dates[] = {d->reg_date, d->decl_date, d->assess_date};
    for (size_t i = 0; i < INS_ARRAY_LEN(dates) && !issue; i++)
        if (asy_date(dates[i], date)) issue = date;
    char exp_c[4], dest_c[4], nat_c[4], origin_c[4];
    const char *exp = country_of(d->export_country, exp_c);
    const char *dest = country_of(d->destination_country, dest_c);
    const char *nat = country_of(d->border_nat ? d->border_nat : (d->border_id ? NULL : d->dep_nat),
                                 nat_c);
    const char *hdr_origin = country_of(d->origin_name, origin_c);
    /* the declaring country: where the declaration is lodged */
    const char *home = !strcmp(dir, "EX") ? exp : !strcmp(dir, "IM") ? dest : NULL;

    ins_doc_info di;
    memset(&di, 0, sizeof di);
    di.kind = "customs_declaration";
    di.type_code = type_code;
    di.generation = "asycuda-world";
    di.number = reference;
    di.issue_date = issue;
    di.currency = d->has_total ? d->currency : NULL;
    int64_t doc = insModelDocument(db, ctx->file_id, &di);
    int64_t decl = -1;
    int rc = doc > 0 ? INS_OK : INS_ERR_DB;
    sqlite3_stmt *s = rc == INS_OK ? insDbStmt(db, qdecl) : NULL;
    if (s) {
        sqlite3_bind_int64(s, 1, doc);
        insDbBindText(s, 2, "asycuda");
        insDbBindText(s, 3, dir[0] ? dir : NULL);
        insDbBindText(s, 4, type_code);
        insDbBindText(s, 5, reference);
        insDbBindText(s, 6, issue);
        insDbBindText(s, 7, !strcmp(dir, "EX") ? d->border_office : NULL);
        const char *entry = d->border_office ? d->border_office : d->office;
        insDbBindText(s, 8, strcmp(dir, "EX") != 0 ? entry : NULL);
        insDbBindText(s, 9, d->border_id ? d->border_id : d->dep_id);
        insDbBindText(s, 10, d->border_mode);
        insDbBindText(s, 11, nat);
        insDbBindText(s, 12, exp);
        insDbBindText(s, 13, dest);
        insDbBindOptDouble(s, 14, d->has_total, d->total);
        insDbBindText(s, 15, d->has_total ? d->currency : NULL);
        if (sqlite3_step(s) == SQLITE_DONE) decl = sqlite3_last_insert_rowid(db->h);
    }
    if (decl < 0) rc = INS_ERR_DB;

    /* traders: the exporter of an import and the consignee of an export are abroad */
    int64_t fdecl = 0, fexp = 0, fcons = 0;
    if (rc == INS_OK) {
        const char *exp_country = !strcmp(dir, "IM") ? exp : home;
        const char *cons_country = !strcmp(dir, "EX") ? dest : home;
        if ((fdecl = party_write(db, doc, decl, "declarant", &d->declarant, home)) < 0 ||
            (fexp = party_write(db, doc, decl, "exporter", &d->exporter, exp_country)) < 0 ||
            (fcons = party_write(db, doc, decl, "consignee", &d->consignee, cons_country)) < 0 ||
            party_write(db, doc, decl, "financial", &d->financial, home) < 0)
            rc = INS_ERR_DB;
    }
    if (rc == INS_OK && (s = insDbStmt(db, qfirms)) != NULL) {
        sqlite3_bind_int64(s, 1, fdecl);
        sqlite3_bind_int64(s, 2, fexp);
        sqlite3_bind_int64(s, 3, fcons);
        sqlite3_bind_int64(s, 4, decl);
        if (sqlite3_step(s) != SQLITE_DONE) rc = INS_ERR_DB;
    } else if (rc == INS_OK) {
        rc = INS_ERR_DB;
    }
    if (rc == INS_OK && fdecl > 0 && (s = insDbStmt(db, qissuer)) != NULL) {
        sqlite3_bind_int64(s, 1, fdecl);
        sqlite3_bind_int64(s, 2, doc);
        if (sqlite3_step(s) != SQLITE_DONE) rc = INS_ERR_DB;
    }

    /* items and their attributes (recorded in item order: one cursor) */
    size_t k = 0;
    for (size_t i = 0; i < d->nitems && rc == INS_OK; i++) {
        char oc[4];
        const char *origin = country_of(d->items[i].origin, oc);
        int64_t item =
            item_insert(db, decl, (long)(i + 1), &d->items[i], origin ? origin : hdr_origin);
        if (item < 0) { rc = INS_ERR_DB; break; }
        for (; k < d->nattrs && rc == INS_OK; k++) {
            if (d->attrs[k].item == 0) continue;
            if (d->attrs[k].item > i + 1) break;
            rc = attr_insert(db, doc, (int64_t)(i + 1), "declaration_item", item, d->attrs[k].name,
                             d->attrs[k].value);
        }
    }
    const struct { const char *name, *value; } extra[] = {
        {"clearance_office", d->office},
        {"registration_serial", d->reg_serial},
        {"declarant_reference", d->reg_number ? d->declarant_ref : NULL},
        {"border_office", d->border_office},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(extra) && rc == INS_OK; i++)
        if (extra[i].value)
            rc = attr_insert(db, doc, 0, "declaration", decl, extra[i].name, extra[i].value);
    for (k = 0; k < d->nattrs && rc == INS_OK; k++)
        if (d->attrs[k].item == 0)
            rc = attr_insert(db, doc, 0, "declaration", decl, d->attrs[k].name, d->attrs[k].value);

    /* what the document says of itself that does not hold */
    if (rc == INS_OK && d->items_declared) {
        char *end = NULL;
        long n = strtol(d->items_declared, &end, 10);
        if (end != d->items_declared && !*end && n >= 0 && (size_t)n != d->nitems &&
            insModelWarn(db, doc, "item_count", _("declares %ld items but holds %zu"), n,
                         d->nitems) != INS_OK)
            rc = INS_ERR_DB;
    }
    for (size_t i = 0; i < INS_ARRAY_LEN(dates) && rc == INS_OK; i++)
        if (dates[i] && !asy_date(dates[i], date) &&
            insModelWarn(db, doc, "date", _("unreadable date '%s'"), dates[i]) != INS_OK)
            rc = INS_ERR_DB;
    if (rc == INS_OK && d->dropped &&
        insModelWarn(db, doc, "bounds", _("%lu values past the importer's bounds were not kept"),
                     d->dropped) != INS_OK)
        rc = INS_ERR_DB;
    if (rc == INS_OK) ctx->records = (unsigned)d->nitems;
    free(type_code);
    return rc;
}

/* ---- the importer ------------------------------------------------------------ */

/* Confident on an <ASYCUDA> root without namespace. */
static int sniff(const ins_sniff *s)
{
    return s->is_xml && !strcmp(s->root_local, "ASYCUDA") && !s->root_ns[0] ? 90 : 0;
}

/* Imports one ASYCUDA declaration: streams the root's children, then writes. */
static int run(ins_import_ctx *ctx)
{
    ins_xml *x = NULL;
    int rc = insXmlOpen(ctx, &x);
    if (rc != INS_OK) return rc;
    if (strcmp(insXmlRootLocal(x), "ASYCUDA") != 0 || insXmlRootNs(x)[0]) {
        rc = insImportReject(ctx, INS_ERR_UNSUPPORTED,
                             _("not an ASYCUDA declaration: root element <%s> in namespace '%s'"),
                             insXmlRootLocal(x), insXmlRootNs(x));
        insXmlClose(x);
        return rc;
    }
    asy_decl d;
    memset(&d, 0, sizeof d);
    xmlNodePtr n;
    while ((n = insXmlNextTop(x, &rc)) != NULL) top_read(&d, n);
    insXmlClose(x);
    if (rc == INS_OK) rc = decl_write(ctx, &d);
    decl_free(&d);
    return rc;
}

const ins_importer insImporterAsycuda = {
    "asycuda",
    N_("customs declarations exported from ASYCUDA World (SAD XML)"),
    sniff,
    run,
    0,
};
