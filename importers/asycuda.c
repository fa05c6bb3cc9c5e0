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
** kept (bounded: INS_MAX_CUSTOMS_* in ins_limits.h) and everything is
** written once the document has been read, through the customs writer
** shared with the WCO importer (customs.c), in the transaction the driver
** opened for the file.  Traders are resolved to firms by the model
** (insModelFirmByName).
*/
#include "importer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A trader as read. */
typedef struct asy_party {
    char *code, *name, *address;
} asy_party;

/* One Item. */
typedef struct asy_item {
    char *commodity, *precision, *origin, *description, *currency;
    ins_customs_measures m;
} asy_item;

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
    ins_customs_attrs attrs; /* values without a column (customs.c) */
    unsigned long dropped;   /* items past the bound (attributes: in attrs) */
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
    insCustomsAttrAdd(&d->attrs, 0, "manifest", asy_path(n, "Manifest_reference_number"));
    insCustomsAttrAdd(&d->attrs, 0, "ucr", asy_path(n, "UCR"));
}

/* Reads General_information: countries and the value details. */
static void general_read(asy_decl *d, xmlNodePtr n)
{
    insUSetOnce(&d->export_country, asy_path(n, "Country/Export/Export_country_code"));
    insUSetOnce(&d->destination_country, asy_path(n, "Country/Destination/Destination_country_code"));
    insUSetOnce(&d->origin_name, asy_path(n, "Country/Country_of_origin_name"));
    insCustomsAttrAdd(&d->attrs, 0, "trading_country", asy_path(n, "Country/Trading_country"));
    insCustomsAttrAdd(&d->attrs, 0, "first_destination", asy_path(n, "Country/Country_first_destination"));
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
    insCustomsAttrAdd(&d->attrs, 0, "trade_terms", join2(code, " ", place));
    free(code);
    free(place);
    insCustomsAttrAdd(&d->attrs, 0, "loading_place", asy_path(n, "Place_of_loading/Code"));
    insCustomsAttrAdd(&d->attrs, 0, "goods_location", asy_path(n, "Location_of_goods"));
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
    if (d->nitems >= INS_MAX_CUSTOMS_ITEMS) { d->dropped++; return; }
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
        insCustomsAttrAdd(&d->attrs, k, "tariff_description", tariff_desc);
    } else {
        it->description = tariff_desc;
    }
    it->m.has_gross = asy_num(n, "Valuation_item/Weight_itm/Gross_weight_itm", &it->m.gross);
    it->m.has_net = asy_num(n, "Valuation_item/Weight_itm/Net_weight_itm", &it->m.net);
    if (asy_num(n, "Valuation_item/Item_Invoice/Amount_foreign_currency", &it->m.value)) {
        it->m.has_value = 1;
        it->currency = asy_path(n, "Valuation_item/Item_Invoice/Currency_code");
    } else if (asy_num(n, "Valuation_item/Item_Invoice/Amount_national_currency", &it->m.value) ||
               asy_num(n, "Tarification/Item_price", &it->m.value)) {
        it->m.has_value = 1; /* national currency: not named in the document */
    }
    it->m.has_stat = asy_num(n, "Valuation_item/Statistical_value", &it->m.stat);
    char *ext = asy_path(n, "Tarification/Extended_customs_procedure");
    char *nat = asy_path(n, "Tarification/National_customs_procedure");
    insCustomsAttrAdd(&d->attrs, k, "procedure", join2(ext, "-", nat));
    free(ext);
    free(nat);
    insCustomsAttrAdd(&d->attrs, k, "preference_code", asy_path(n, "Tarification/Preference_code"));
    char *np = asy_path(n, "Packages/Number_of_packages");
    char *kp = asy_path(n, "Packages/Kind_of_packages_code");
    insCustomsAttrAdd(&d->attrs, k, "packages", join2(np, " ", kp));
    free(np);
    free(kp);
    insCustomsAttrAdd(&d->attrs, k, "previous_document", asy_path(n, "Previous_doc/Previous_document_reference"));
    insCustomsAttrAdd(&d->attrs, k, "summary_declaration", asy_path(n, "Previous_doc/Summary_declaration"));
    insCustomsAttrAdd(&d->attrs, k, "licence", asy_path(n, "Licence_number"));
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
        insCustomsAttrAdd(&d->attrs, 0, "container", asy_path(n, "Container_identity"));
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
    insCustomsAttrsFree(&d->attrs);
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

/* How a file writes its slashed dates: day first (most deployments) or
** month first (deployments configured the United States way), or not
** known because its dates disagree. */
enum { ORDER_DAY_FIRST, ORDER_MONTH_FIRST, ORDER_NONE };

/*
** Splits a slashed date "NN/NN/YY" or "NN/NN/YYYY" (a time may follow)
** into its two leading fields and the year (YY read as 20YY).  1 when S
** has that shape.
*/
static int slash_fields(const char *s, int *a, int *b, int *year)
{
    int end = 0, start = 0;
    if (!s || sscanf(s, "%2d/%2d/%n%4d%n", a, b, &start, year, &end) != 3) return 0;
    if (s[end] != '\0' && s[end] != ' ' && s[end] != 'T') return 0;
    if (end - start == 2) *year += 2000;
    else if (end - start != 4) return 0;
    return 1;
}

/*
** Parses an ASYCUDA date into OUT: YYYY-MM-DD (optionally with a time),
** or a slashed date read in ORDER (see decide_order).  1 on success.
*/
static int asy_date(const char *s, int order, char out[11])
{
    if (!s) return 0;
    if (insUParseDate(s, out)) return 1;
    int a, b, yy;
    if (order == ORDER_NONE || !slash_fields(s, &a, &b, &yy)) return 0;
    int dd = order == ORDER_MONTH_FIRST ? b : a, mm = order == ORDER_MONTH_FIRST ? a : b;
    if (yy < 1900 || yy > 2999 || mm < 1 || mm > 12 || dd < 1 || dd > 31) return 0;
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", yy, mm, dd);
    return insUParseDate(iso, out);
}

/*
** Decides how the N dates of one declaration are written, from evidence,
** never by trying both: a first field over 12 proves day first, a second
** field over 12 month first (both at once: ORDER_NONE, the dates are not
** read).  Without such a date, the declaring country HOME decides: the
** countries whose customary short date puts the month first (CLDR's
** en-US and en-PH patterns, M/d/yy) read month first, any other known
** country day first.  *WHY gets the evidence for the record; *AMBIGUOUS
** is set when no evidence was found and day first was assumed.
*/
static int decide_order(const char *const *dates, size_t n, const char *home, const char **why,
                        int *ambiguous)
{
    int day_first = 0, month_first = 0, slashed = 0;
    *ambiguous = 0;
    *why = NULL;
    for (size_t i = 0; i < n; i++) {
        int a, b, yy;
        if (!slash_fields(dates[i], &a, &b, &yy)) continue;
        slashed = 1;
        if (a > 12 && b <= 12) day_first = 1;
        if (b > 12 && a <= 12) month_first = 1;
    }
    if (!slashed) return ORDER_DAY_FIRST;
    if (day_first && month_first) { *why = "conflicting"; return ORDER_NONE; }
    if (day_first) { *why = "day-month (a day over 12 in the first field)"; return ORDER_DAY_FIRST; }
    if (month_first) { *why = "month-day (a day over 12 in the second field)"; return ORDER_MONTH_FIRST; }
    if (home && (!strcmp(home, "US") || !strcmp(home, "PH"))) {
        *why = "month-day (the declaring country writes the month first)";
        return ORDER_MONTH_FIRST;
    }
    if (home) { *why = "day-month (the declaring country writes the day first)"; return ORDER_DAY_FIRST; }
    *why = "day-month (assumed: no date and no country tells)";
    *ambiguous = 1;
    return ORDER_DAY_FIRST;
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

/* A trader of the declaration in one role, and the firm it resolved to. */
typedef struct asy_trader {
    const char *role;
    const asy_party *p;
    const char *country; /* the trader's country, or NULL */
    const char *code;    /* its code when present, else NULL */
    int64_t firm;        /* 0: nobody */
    const char *by;      /* how it was resolved */
} asy_trader;

/*
** Resolves trader T to a firm through the model (insModelFirmByName): by
** its code, read as an identifier of T's country (code_scheme), else by
** its name.  Returns the firm id (0: nobody), -1 on error.
*/
static int64_t party_resolve(ins_db *db, int64_t doc, asy_trader *t)
{
    t->code = insIdPresent(t->p->code) ? t->p->code : NULL;
    ins_party party;
    memset(&party, 0, sizeof party);
    party.scheme = t->code ? code_scheme(t->code, t->country) : NULL;
    party.id = t->code;
    party.name = t->p->name;
    party.country = t->country;
    t->firm = insModelFirmByName(db, doc, &party, &t->by);
    return t->firm;
}

/* Inserts the declaration_parties row of resolved trader T (customs.c). */
static int party_insert(ins_db *db, int64_t decl, const asy_trader *t)
{
    ins_customs_party row;
    memset(&row, 0, sizeof row);
    row.role = t->role;
    row.firm = t->firm;
    row.identifier = t->code;
    row.name = t->p->name;
    row.address = t->p->address;
    row.country = t->country;
    row.resolved_by = t->by;
    return insCustomsPartyInsert(db, decl, &row);
}

/*
** Inserts item IT (number SEQ) through the customs writer: the HS code's
** digits followed by the national subdivision (Precision_1) as the
** classification.  Returns its id or -1.
*/
static int64_t item_insert(ins_db *db, int64_t decl, long seq, const asy_item *it,
                           const char *origin)
{
    char *hs = it->commodity ? insUDigitsOnly(it->commodity) : NULL;
    char *prec = it->precision ? insUDigitsOnly(it->precision) : NULL;
    ins_customs_item row;
    memset(&row, 0, sizeof row);
    row.seq = seq;
    row.has_seq = 1;
    row.description = it->description;
    row.code = hs;
    row.suffix = prec;
    row.origin = origin;
    row.m = it->m;
    row.currency = it->currency;
    int64_t id = insCustomsItemInsert(db, decl, &row);
    free(hs);
    free(prec);
    return id;
}

/*
** Writes the declaration read into D: document, traders resolved to firms,
** declaration, parties, items, attributes, and warnings on what the
** document says of itself that does not hold.  The rows go through the
** customs writer (customs.c).
*/
static int decl_write(ins_import_ctx *ctx, asy_decl *d)
{
    ins_db *db = ctx->db;
    if (d->oom || d->attrs.oom) return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
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
    char exp_c[4], dest_c[4], nat_c[4], origin_c[4];
    const char *exp = country_of(d->export_country, exp_c);
    const char *dest = country_of(d->destination_country, dest_c);
    const char *nat = country_of(d->border_nat ? d->border_nat : (d->border_id ? NULL : d->dep_nat),
                                 nat_c);
    const char *hdr_origin = country_of(d->origin_name, origin_c);
    /* the declaring country: where the declaration is lodged */
    const char *home = !strcmp(dir, "EX") ? exp : !strcmp(dir, "IM") ? dest : NULL;
    char date[11];
    const char *issue = NULL;
    const char *dates[] = {d->reg_date, d->decl_date, d->assess_date};
    const char *order_why;
    int ambiguous;
    int order = decide_order(dates, INS_ARRAY_LEN(dates), home, &order_why, &ambiguous);
    for (size_t i = 0; i < INS_ARRAY_LEN(dates) && !issue; i++)
        if (asy_date(dates[i], order, date)) issue = date;

    ins_doc_info di;
    memset(&di, 0, sizeof di);
    di.kind = "customs_declaration";
    di.type_code = type_code;
    di.generation = "asycuda-world";
    di.number = reference;
    di.issue_date = issue;
    di.currency = d->has_total ? d->currency : NULL;
    int64_t doc = insModelDocument(db, ctx->file_id, &di);
    int rc = doc > 0 ? INS_OK : INS_ERR_DB;

    /* traders: the exporter of an import and the consignee of an export are abroad */
    asy_trader tr[] = {
        {"declarant", &d->declarant, home, NULL, 0, NULL},
        {"exporter", &d->exporter, !strcmp(dir, "IM") ? exp : home, NULL, 0, NULL},
        {"consignee", &d->consignee, !strcmp(dir, "EX") ? dest : home, NULL, 0, NULL},
        {"financial", &d->financial, home, NULL, 0, NULL},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(tr) && rc == INS_OK; i++)
        if (party_resolve(db, doc, &tr[i]) < 0) rc = INS_ERR_DB;

    ins_customs_decl row;
    memset(&row, 0, sizeof row);
    row.document_id = doc;
    row.format = "asycuda";
    row.direction = dir[0] ? dir : NULL;
    row.type_code = type_code;
    row.reference = reference;
    row.issue_date = issue;
    row.firm[INS_CUSTOMS_DECLARANT] = tr[0].firm;
    row.firm[INS_CUSTOMS_EXPORTER] = tr[1].firm;
    row.firm[INS_CUSTOMS_CONSIGNEE] = tr[2].firm;
    row.exit_office = !strcmp(dir, "EX") ? d->border_office : NULL;
    const char *entry = d->border_office ? d->border_office : d->office;
    row.entry_office = strcmp(dir, "EX") != 0 ? entry : NULL;
    row.transport_id = d->border_id ? d->border_id : d->dep_id;
    row.transport_mode = d->border_mode;
    row.transport_nationality = nat;
    row.export_country = exp;
    row.destination_country = dest;
    row.has_total = d->has_total;
    row.total_value = d->total;
    row.currency = d->currency;
    int64_t decl = rc == INS_OK ? insCustomsDeclInsert(db, &row) : -1;
    if (decl < 0) rc = INS_ERR_DB;
    for (size_t i = 0; i < INS_ARRAY_LEN(tr) && rc == INS_OK; i++)
        if (tr[i].firm > 0) rc = party_insert(db, decl, &tr[i]);
    /* the declarant is who issued the declaration */
    if (rc == INS_OK && tr[0].firm > 0) rc = insCustomsSetIssuer(db, doc, tr[0].firm);

    /* items and their attributes (recorded in item order: one cursor) */
    size_t k = 0;
    for (size_t i = 0; i < d->nitems && rc == INS_OK; i++) {
        char oc[4];
        const char *origin = country_of(d->items[i].origin, oc);
        int64_t item =
            item_insert(db, decl, (long)(i + 1), &d->items[i], origin ? origin : hdr_origin);
        if (item < 0) { rc = INS_ERR_DB; break; }
        rc = insCustomsItemAttrs(db, doc, &d->attrs, &k, i + 1, item);
    }
    const struct { const char *name, *value; } extra[] = {
        {"clearance_office", d->office},
        {"registration_serial", d->reg_serial},
        {"declarant_reference", d->reg_number ? d->declarant_ref : NULL},
        {"border_office", d->border_office},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(extra) && rc == INS_OK; i++)
        if (extra[i].value)
            rc = insModelAttribute(db, doc, 0, "declaration", decl, extra[i].name, extra[i].value);
    if (rc == INS_OK) rc = insCustomsDeclAttrs(db, doc, decl, &d->attrs);

    /* what the document says of itself that does not hold */
    if (rc == INS_OK && d->items_declared) {
        char *end = NULL;
        long n = strtol(d->items_declared, &end, 10);
        if (end != d->items_declared && !*end && n >= 0 && (size_t)n != d->nitems &&
            insModelWarn(db, doc, "item_count", _("declares %ld items but holds %zu"), n,
                         d->nitems) != INS_OK)
            rc = INS_ERR_DB;
    }
    if (rc == INS_OK && order_why && order != ORDER_NONE)
        rc = insModelAttribute(db, doc, 0, "declaration", decl, "date_order", order_why);
    if (rc == INS_OK && order == ORDER_NONE &&
        insModelWarn(db, doc, "date_order",
                     _("dates disagree on the order of day and month (one has a day over 12 "
                       "first, another second): none read")) != INS_OK)
        rc = INS_ERR_DB;
    if (rc == INS_OK && ambiguous &&
        insModelWarn(db, doc, "date_order",
                     _("slashed dates with no day over 12 and no declaring country: read day "
                       "first, which may be wrong")) != INS_OK)
        rc = INS_ERR_DB;
    for (size_t i = 0; i < INS_ARRAY_LEN(dates) && rc == INS_OK && order != ORDER_NONE; i++)
        if (dates[i] && !asy_date(dates[i], order, date) &&
            insModelWarn(db, doc, "date", _("unreadable date '%s'"), dates[i]) != INS_OK)
            rc = INS_ERR_DB;
    if (rc == INS_OK) rc = insCustomsWarnDropped(db, doc, d->dropped + d->attrs.dropped);
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
