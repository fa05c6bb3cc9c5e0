/*
** wco_dms.c: customs declarations in the WCO Data Model (DEC-DMS 2).
**
** The public, schema-valid declarations in this form are the UK CDS
** samples (FORMATS.md section 3).  Three envelopes occur, all read here:
**
**   - md:MetaData (urn:wco:datamodel:WCO:DocumentMetaData-DMS:2) whose
**     child Declaration (urn:wco:datamodel:WCO:DEC-DMS:2) is the
**     declaration: the usual form;
**   - a bare Declaration root;
**   - HMRC's submission envelope v1:submitDeclarationRequest, which holds
**     the same md:MetaData inside v1:requestDetail.
**
** Inside a Declaration elements are matched on their local name and on a
** WCO namespace URI (urn:wco:datamodel:WCO:..., which covers DEC-DMS:2 and
** the p1: Declaration_DS data types), never on prefixes.  One sample
** (TT_IM222a) lost every colon of its namespace URIs
** ("urnwcodatamodelWCODEC-DMS2") and so of its prefixes ("mdMetaData"):
** such a file is read by local names alone, with a warning.
**
** Streaming: the root's children arrive one subtree at a time
** (xmlread.c); a Declaration arrives whole, which is one declaration per
** file in practice.  Each Declaration read is written at once (document,
** declaration, parties, items), so a file that held several would yield
** several declarations.
**
** Damaged comments: two HMRC samples (TT_EX002a, TT_IM084a) contain a
** comment that was not closed by "-->" and runs into the next comment, so
** strictly they are not well-formed XML.  When the strict reader fails on a
** file that (a) has such a comment, (b) ends with the root's end tag (it
** is not truncated) and (c) is at most INS_MAX_RECOVER_BYTES, the file is
** parsed again with libxml2's recovery (insXmlRecover in xmlread.c: no
** network, no entity substitution, no DTD: a DOCTYPE was already refused
** before the root) and imported with
** an "xml_recovered" warning on the document: elements that the broken
** comment swallowed are lost, and elements the recovery left outside the
** Declaration are still read as part of it.  Any other malformed file,
** truncated ones included, is rejected whole as before.
**
** What goes where.  documents: kind customs_declaration, number =
** FunctionalReferenceID (else ID), issue date = IssueDateTime, else
** AcceptanceDateTime (the date customs accepted it; most samples give only
** that one), issuer = the declarant.  declarations: direction = the first
** two letters of TypeCode (none for requests on an existing declaration,
** FunctionCode 13/14: INV cancels, COR corrects), reference =
** FunctionalReferenceID (the trader's LRN, what a DAM number or a
** guia's cited declaration is joined on), offices (entry = PresentationOffice,
** else DeclarationOfficeID unless exporting), transport (BorderTransportMeans,
** else the arrival or departure means), countries, InvoiceAmount.
** declaration_items: the CN (TSP) completed by its TARIC suffix (TRC) into
** the 10-digit commodity code, its HS6, origin (non-preferential first,
** else the shipment's), masses in kg, ItemChargeAmount, statistical value.
** record_attributes: the MRN (ID), acceptance date, containers, goods
** location, route, UCR, trade terms, procedure codes, TARIC and national
** additional codes, cancellation statements and change reasons.
** document_refs: PreviousDocument (ref_kind "previous") and
** AdditionalDocument ("additional"), typed CategoryCode + TypeCode as CDS
** writes document codes (ZDCR, N935...).  DomesticDutyTaxParty (VAT
** numbers, not EORIs) is not read as a party.
**
** Parties are resolved to firms by identifier (an EORI when the ID is two
** letters and digits; its country is its prefix, XI being Northern
** Ireland, i.e. GB) or, when only a name and address are given, by the
** model's insModelFirmByName(): an existing firm with the same normalised
** name in the same country first, a new NAME firm otherwise.  The rows are
** written by the customs writer shared with the ASYCUDA importer
** (customs.c).
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define WCO_NS_PREFIX "urn:wco:datamodel:WCO:"
#define WCO_NS_META "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2"
#define WCO_NS_DEC "urn:wco:datamodel:WCO:DEC-DMS:2"
/* The same URNs with their colons lost (see above). */
#define WCO_NS_STRIPPED "urnwcodatamodelWCO"
/* HMRC's submission envelope (any version). */
#define HMRC_NS_SUBMIT \
    "http://uk/gov/hmrc/mdg/declarationmanagement/submitdeclaration/request/schema/"
/* The bounds on what one declaration may hold are in ins_limits.h
** (INS_MAX_CUSTOMS_*, INS_MAX_ENVELOPE_DEPTH, INS_MAX_RECOVER_BYTES). */

/* A party as read: copies of the strings, or NULL. */
typedef struct wco_party {
    const char *role; /* declaration_parties.role */
    char *id, *name, *address, *country;
} wco_party;

/* One GovernmentAgencyGoodsItem. */
typedef struct wco_item {
    long seq;
    int has_seq;
    char *description, *tsp, *trc, *origin, *origin_other, *currency;
    ins_customs_measures m;
} wco_item;

/* A document the declaration cites, for document_refs. */
typedef struct wco_ref {
    const char *kind; /* "previous" or "additional" */
    char *type, *id;
} wco_ref;

/* Everything read from one Declaration. */
typedef struct wco_decl {
    int seen;
    char *type_code, *function_code, *reference, *mrn, *issue_date, *accept_date;
    char *exit_office, *entry_office, *decl_office, *supervising_office;
    char *transport_id, *transport_mode, *transport_nat, *arrival_id, *departure_id;
    char *export_country, *destination_country, *origin;
    char *item_export_country, *item_destination;
    int has_total;
    double total;
    char *currency;
    wco_party *parties;
    size_t nparties, capparties;
    wco_item *items;
    size_t nitems, capitems;
    ins_customs_attrs attrs; /* values without a column (customs.c) */
    wco_ref *refs;
    size_t nrefs, caprefs;
    unsigned long dropped; /* values past the bounds (attributes: in attrs) */
    int oom;
} wco_decl;

/* State of one file's import. */
typedef struct wco_run {
    ins_import_ctx *ctx;
    int lax;         /* namespace URIs lost their colons: match local names only */
    int recovering;  /* reading libxml2's recovered tree of a damaged file */
    char *recovered; /* why recovery was needed (the strict parser's message) */
    wco_decl d;      /* the declaration being read */
    unsigned written;
    unsigned long items;
} wco_run;

/* ---- small helpers ------------------------------------------------------ */

/* 1 when ID is shaped like an EORI: two letters, then 1 to 15 digits. */
static int eori_shaped(const char *id)
{
    size_t n = strlen(id);
    if (n < 3 || n > 17) return 0;
    if (!isalpha((unsigned char)id[0]) || !isalpha((unsigned char)id[1])) return 0;
    for (size_t i = 2; i < n; i++)
        if (!isdigit((unsigned char)id[i])) return 0;
    return 1;
}

/*
** Turns a declared country code (malloc'd, taken over) into ISO alpha-2
** when known; codes that are no country (test codes such as ZG, "EU",
** "XI") are kept as declared, upper-cased.  NULL stays NULL.
*/
static char *country_code(char *raw)
{
    if (!raw) return NULL;
    char cc[3];
    if (insNormCountry(raw, cc)) {
        free(raw);
        return insUStrdup(cc);
    }
    for (char *p = raw; *p; p++) *p = (char)toupper((unsigned char)*p);
    return raw;
}

/* Copies the digits of S into a malloc'd string; NULL when S has none. */
static char *digits_of(const char *s)
{
    if (!s) return NULL;
    char *d = insUDigitsOnly(s);
    if (d && !*d) { free(d); d = NULL; }
    return d;
}

/* ---- matching elements ---------------------------------------------------- */

/* 1 when N is an element named LOCAL in a WCO namespace (any in lax mode). */
static int is_el(const wco_run *r, xmlNodePtr n, const char *local)
{
    if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, local) != 0) return 0;
    if (r->lax) return 1;
    return n->ns && n->ns->href &&
           !strncmp((const char *)n->ns->href, WCO_NS_PREFIX, sizeof WCO_NS_PREFIX - 1);
}

/* 1 when N is the Declaration element. */
static int is_declaration(const wco_run *r, xmlNodePtr n)
{
    if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "Declaration") != 0)
        return 0;
    if (r->lax) return 1;
    return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, WCO_NS_DEC);
}

/* First child of N named LOCAL (WCO namespace), or NULL. */
static xmlNodePtr child(const wco_run *r, xmlNodePtr n, const char *local)
{
    if (!n) return NULL;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_el(r, c, local)) return c;
    return NULL;
}

/* Follows a "/"-separated path of local names from N. */
static xmlNodePtr path(const wco_run *r, xmlNodePtr n, const char *p)
{
    char step[64];
    while (n && *p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0 || len >= sizeof step) return NULL;
        memcpy(step, p, len);
        step[len] = '\0';
        n = child(r, n, step);
        p += len;
        if (*p == '/') p++;
    }
    return n;
}

/* Trimmed text at path P under N (malloc'd), NULL when absent or empty. */
static char *text(const wco_run *r, xmlNodePtr n, const char *p)
{
    return insXmlText(path(r, n, p));
}

/* Reads a decimal number from N; 1 when N holds one. */
static int read_num(xmlNodePtr n, double *out)
{
    char *t = insXmlText(n);
    int ok = t && insUParseDouble(t, out);
    free(t);
    return ok;
}

/*
** Reads a mass in kilograms from N: no unitCode or KGM is kilograms, GRM
** grams and TNE tonnes; any other unit is not a mass and is not read.
*/
static int read_mass(xmlNodePtr n, double *kg)
{
    double v;
    if (!read_num(n, &v)) return 0;
    char *u = insXmlAttr(n, "unitCode");
    int ok = 1;
    if (u && !strcmp(u, "GRM")) v /= 1000.0;
    else if (u && !strcmp(u, "TNE")) v *= 1000.0;
    else if (u && strcmp(u, "KGM") != 0) ok = 0;
    free(u);
    if (ok) *kg = v;
    return ok;
}

/*
** Reads a date-time element (its DateTimeString child, or its own text) as
** YYYY-MM-DD.  Formats 102 (CCYYMMDD), 204 and 304 (CCYYMMDDHHMMSS with an
** optional zone such as Z or +01) all start with the date; the local date
** as written is kept, without moving it across time zones.  ISO text
** (2019-07-02T15:00:00) is read too.  NULL when unreadable.
*/
static char *read_date(xmlNodePtr n)
{
    char *t = insXmlText(n);
    if (!t) return NULL;
    char out[11];
    int ok = insUParseDate(t, out);
    if (!ok && strlen(t) >= 8) {
        int digits = 1;
        for (int i = 0; i < 8; i++)
            if (!isdigit((unsigned char)t[i])) digits = 0;
        if (digits) {
            char iso[11] = {t[0], t[1], t[2], t[3], '-', t[4], t[5], '-', t[6], t[7], '\0'};
            ok = insUParseDate(iso, out);
        }
    }
    free(t);
    return ok ? insUStrdup(out) : NULL;
}

/* ---- collecting ------------------------------------------------------------ */

/* Adds a cited document (TYPE and ID taken over), once per kind, type and id. */
static void ref_add(wco_decl *d, const char *kind, char *type, char *id)
{
    if (!id) { free(type); return; }
    for (size_t i = 0; i < d->nrefs; i++) {
        wco_ref *x = &d->refs[i];
        if (!strcmp(x->kind, kind) && !strcmp(x->id, id) &&
            ((!x->type && !type) || (x->type && type && !strcmp(x->type, type)))) {
            free(type);
            free(id);
            return;
        }
    }
    if (d->nrefs >= INS_MAX_CUSTOMS_REFS) { d->dropped++; free(type); free(id); return; }
    wco_ref *v = insUGrow(d->refs, &d->caprefs, d->nrefs + 1, sizeof *v);
    if (!v) { d->oom = 1; free(type); free(id); return; }
    d->refs = v;
    v[d->nrefs].kind = kind;
    v[d->nrefs].type = type;
    v[d->nrefs].id = id;
    d->nrefs++;
}

/*
** Reads a PreviousDocument or AdditionalDocument N as a cited document:
** its type is CategoryCode + TypeCode ("Z" "DCR" -> "ZDCR", "N" "935" ->
** "N935", the way CDS writes document codes).
*/
static void doc_ref(const wco_run *r, wco_decl *d, const char *kind, xmlNodePtr n)
{
    char *id = text(r, n, "ID");
    if (!id) return;
    char *cat = text(r, n, "CategoryCode");
    char *type = text(r, n, "TypeCode");
    ins_buf t;
    insBufInit(&t);
    if (cat) insBufAppendStr(&t, cat);
    if (type) insBufAppendStr(&t, type);
    free(cat);
    free(type);
    ref_add(d, kind, t.len ? insBufDetach(&t) : NULL, id);
    insBufFree(&t);
}

/*
** Reads a party element N in ROLE: ID, Name and Address/{Line, CityName,
** PostcodeID, CountryCode}.  A party with neither ID nor name (an Agent
** that only gives its FunctionCode) is not kept.
*/
static void party_read(const wco_run *r, wco_decl *d, const char *role, xmlNodePtr n)
{
    char *id = text(r, n, "ID");
    char *name = text(r, n, "Name");
    if (!insIdPresent(id)) { free(id); id = NULL; }
    if (!id && !name) return;
    if (d->nparties >= INS_MAX_CUSTOMS_PARTIES) { d->dropped++; free(id); free(name); return; }
    xmlNodePtr addr = child(r, n, "Address");
    ins_buf a;
    insBufInit(&a);
    static const char *const parts[] = {"Line", "CityName", "PostcodeID", "CountryCode"};
    for (size_t i = 0; i < INS_ARRAY_LEN(parts); i++) {
        char *v = text(r, addr, parts[i]);
        if (v) insBufPrintf(&a, "%s%s", a.len ? ", " : "", v);
        free(v);
    }
    wco_party *v = insUGrow(d->parties, &d->capparties, d->nparties + 1, sizeof *v);
    if (!v) { d->oom = 1; free(id); free(name); insBufFree(&a); return; }
    d->parties = v;
    wco_party *p = &v[d->nparties++];
    p->role = role;
    p->id = id;
    p->name = name;
    p->address = a.len ? insBufDetach(&a) : NULL;
    p->country = country_code(text(r, addr, "CountryCode"));
    insBufFree(&a);
}

/* The role of a party element named LOCAL, or NULL when it is no party. */
static const char *party_role(const char *local)
{
    static const struct { const char *el, *role; } roles[] = {
        {"Declarant", "declarant"},
        {"Agent", "agent"},
        {"Exporter", "exporter"},
        {"Importer", "importer"},
        {"Consignor", "consignor"},
        {"Consignee", "consignee"},
        {"Carrier", "carrier"},
        {"Buyer", "buyer"},
        {"Seller", "seller"},
        {"Submitter", "submitter"},
        {"AuthorisationHolder", "authorisation_holder"},
        {"Representative", "representative"},
        {"Notify", "notify"},
        {"AEOMutualRecognitionParty", "aeo_party"},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(roles); i++)
        if (!strcmp(local, roles[i].el)) return roles[i].role;
    return NULL;
}

/* The role of N when it is a party element of a WCO namespace, else NULL. */
static const char *party_of(const wco_run *r, xmlNodePtr n)
{
    const char *role = party_role((const char *)n->name);
    return role && is_el(r, n, (const char *)n->name) ? role : NULL;
}

/*
** Reads a Consignment (at declaration or GoodsShipment level): carrier,
** consignor and consignee parties, transport means at arrival and
** departure, containers, the goods location and the route.
*/
static void consignment_read(const wco_run *r, wco_decl *d, xmlNodePtr c)
{
    for (xmlNodePtr n = c->children; n; n = n->next) {
        const char *role;
        if (n->type != XML_ELEMENT_NODE) continue;
        if ((is_el(r, n, "Carrier") || is_el(r, n, "Consignor") || is_el(r, n, "Consignee")) &&
            (role = party_role((const char *)n->name)) != NULL) {
            party_read(r, d, role, n);
        } else if (is_el(r, n, "ArrivalTransportMeans")) {
            insUSetOnce(&d->arrival_id, text(r, n, "ID"));
        } else if (is_el(r, n, "DepartureTransportMeans")) {
            insUSetOnce(&d->departure_id, text(r, n, "ID"));
        } else if (is_el(r, n, "TransportEquipment")) {
            insCustomsAttrAdd(&d->attrs, 0, "container", text(r, n, "ID"));
        } else if (is_el(r, n, "GoodsLocation")) {
            char *v = text(r, n, "Name");
            insCustomsAttrAdd(&d->attrs, 0, "goods_location", v ? v : text(r, n, "ID"));
        } else if (is_el(r, n, "LoadingLocation")) {
            insCustomsAttrAdd(&d->attrs, 0, "loading_location", text(r, n, "ID"));
        } else if (is_el(r, n, "Itinerary")) {
            insCustomsAttrAdd(&d->attrs, 0, "routing_country", text(r, n, "RoutingCountryCode"));
        }
    }
}

/* Reads one Commodity/Classification: TSP is the CN, TRC its TARIC suffix. */
static void classification_read(const wco_run *r, wco_decl *d, wco_item *it, size_t item,
                                xmlNodePtr n)
{
    char *id = text(r, n, "ID");
    if (!id) return;
    char *type = text(r, n, "IdentificationTypeCode");
    if (type && !strcmp(type, "TSP") && !it->tsp) {
        it->tsp = id;
    } else if (type && !strcmp(type, "TRC") && !it->trc) {
        it->trc = id;
    } else if (type && !strcmp(type, "TRA")) {
        insCustomsAttrAdd(&d->attrs, item, "taric_additional_code", id);
    } else if (type && !strcmp(type, "GN")) {
        insCustomsAttrAdd(&d->attrs, item, "national_additional_code", id);
    } else if (type && !strcmp(type, "CV")) {
        insCustomsAttrAdd(&d->attrs, item, "cus_code", id);
    } else {
        ins_buf b;
        insBufInit(&b);
        insBufPrintf(&b, "%s:%s", type ? type : "?", id);
        free(id);
        insCustomsAttrAdd(&d->attrs, item, "classification", insBufDetach(&b));
        insBufFree(&b);
    }
    free(type);
}

/* Reads a Commodity: description, classifications, masses, invoice amount. */
static void commodity_read(const wco_run *r, wco_decl *d, wco_item *it, size_t item, xmlNodePtr c)
{
    for (xmlNodePtr n = c->children; n; n = n->next) {
        if (is_el(r, n, "Description")) {
            insUSetOnce(&it->description, insXmlText(n));
        } else if (is_el(r, n, "Classification")) {
            classification_read(r, d, it, item, n);
        } else if (is_el(r, n, "GoodsMeasure")) {
            xmlNodePtr m = child(r, n, "GrossMassMeasure");
            if (m && !it->m.has_gross) it->m.has_gross = read_mass(m, &it->m.gross);
            m = child(r, n, "NetNetWeightMeasure");
            if (m && !it->m.has_net) it->m.has_net = read_mass(m, &it->m.net);
        } else if (is_el(r, n, "InvoiceLine")) {
            xmlNodePtr a = child(r, n, "ItemChargeAmount");
            if (a && !it->m.has_value && read_num(a, &it->m.value)) {
                it->m.has_value = 1;
                insUSetOnce(&it->currency, insXmlAttr(a, "currencyID"));
            }
        }
    }
}

/* Reads an Origin: non-preferential origin (TypeCode 1) wins over others. */
static void origin_read(const wco_run *r, wco_item *it, xmlNodePtr n)
{
    char *cc = text(r, n, "CountryCode");
    if (!cc) return;
    char *type = text(r, n, "TypeCode");
    if (type && !strcmp(type, "1")) insUSetOnce(&it->origin, cc);
    else insUSetOnce(&it->origin_other, cc);
    free(type);
}

/* Reads one GovernmentAgencyGoodsItem. */
static void item_read(const wco_run *r, wco_decl *d, xmlNodePtr g)
{
    if (d->nitems >= INS_MAX_CUSTOMS_ITEMS) { d->dropped++; return; }
    wco_item *v = insUGrow(d->items, &d->capitems, d->nitems + 1, sizeof *v);
    if (!v) { d->oom = 1; return; }
    d->items = v;
    wco_item *it = &v[d->nitems++];
    memset(it, 0, sizeof *it);
    size_t item = d->nitems; /* 1-based index for attributes */
    for (xmlNodePtr n = g->children; n; n = n->next) {
        const char *role;
        if (n->type != XML_ELEMENT_NODE) continue;
        if (is_el(r, n, "SequenceNumeric")) {
            char *s = insXmlText(n);
            char *end = NULL;
            long seq = s ? strtol(s, &end, 10) : 0;
            if (s && end != s && !*end && !it->has_seq) { it->seq = seq; it->has_seq = 1; }
            free(s);
        } else if (is_el(r, n, "StatisticalValueAmount")) {
            if (!it->m.has_stat) it->m.has_stat = read_num(n, &it->m.stat);
        } else if (is_el(r, n, "CustomsValueAmount")) {
            insCustomsAttrAdd(&d->attrs, item, "customs_value", insXmlText(n));
        } else if (is_el(r, n, "Commodity")) {
            commodity_read(r, d, it, item, n);
        } else if (is_el(r, n, "Origin")) {
            origin_read(r, it, n);
        } else if (is_el(r, n, "ExportCountry")) {
            char *v2 = text(r, n, "ID");
            if (v2 && !d->item_export_country && !(d->item_export_country = insUStrdup(v2)))
                d->oom = 1;
            insCustomsAttrAdd(&d->attrs, item, "export_country", v2);
        } else if (is_el(r, n, "Destination")) {
            char *v2 = text(r, n, "CountryCode");
            if (v2 && !d->item_destination && !(d->item_destination = insUStrdup(v2))) d->oom = 1;
            insCustomsAttrAdd(&d->attrs, item, "destination_country", v2);
        } else if (is_el(r, n, "GovernmentProcedure")) {
            char *cur = text(r, n, "CurrentCode"), *prev = text(r, n, "PreviousCode");
            ins_buf b;
            insBufInit(&b);
            insBufPrintf(&b, "%s%s", cur ? cur : "", prev ? prev : "");
            free(cur);
            free(prev);
            insCustomsAttrAdd(&d->attrs, item, "procedure", b.len ? insBufDetach(&b) : NULL);
            insBufFree(&b);
        } else if (is_el(r, n, "PreviousDocument")) {
            doc_ref(r, d, "previous", n);
        } else if (is_el(r, n, "AdditionalDocument")) {
            doc_ref(r, d, "additional", n);
        } else if ((role = party_of(r, n)) != NULL) {
            party_read(r, d, role, n);
        }
    }
}

/* Reads the GoodsShipment: parties, countries, items, cited documents. */
static void shipment_read(const wco_run *r, wco_decl *d, xmlNodePtr gs)
{
    for (xmlNodePtr n = gs->children; n; n = n->next) {
        const char *role;
        if (n->type != XML_ELEMENT_NODE) continue;
        if (is_el(r, n, "GovernmentAgencyGoodsItem")) {
            item_read(r, d, n);
        } else if (is_el(r, n, "Consignment")) {
            consignment_read(r, d, n);
        } else if (is_el(r, n, "Destination")) {
            insUSetOnce(&d->destination_country, text(r, n, "CountryCode"));
        } else if (is_el(r, n, "ExportCountry")) {
            insUSetOnce(&d->export_country, text(r, n, "ID"));
        } else if (is_el(r, n, "Origin")) {
            insUSetOnce(&d->origin, text(r, n, "CountryCode"));
        } else if (is_el(r, n, "PreviousDocument")) {
            doc_ref(r, d, "previous", n);
        } else if (is_el(r, n, "AdditionalDocument")) {
            doc_ref(r, d, "additional", n);
        } else if (is_el(r, n, "UCR")) {
            char *v = text(r, n, "TraderAssignedReferenceID");
            insCustomsAttrAdd(&d->attrs, 0, "ucr", v ? v : text(r, n, "ID"));
        } else if (is_el(r, n, "TradeTerms")) {
            char *cond = text(r, n, "ConditionCode"), *loc = text(r, n, "LocationID");
            ins_buf b;
            insBufInit(&b);
            insBufPrintf(&b, "%s%s%s", cond ? cond : "", cond && loc ? " " : "", loc ? loc : "");
            free(cond);
            free(loc);
            insCustomsAttrAdd(&d->attrs, 0, "trade_terms", b.len ? insBufDetach(&b) : NULL);
            insBufFree(&b);
        } else if (is_el(r, n, "Warehouse")) {
            insCustomsAttrAdd(&d->attrs, 0, "warehouse", text(r, n, "ID"));
        } else if ((role = party_of(r, n)) != NULL) {
            party_read(r, d, role, n);
        }
    }
}

/*
** Reads one child N of a Declaration.  Carrier and Consignor are accepted
** directly under the Declaration too: that is where libxml2's recovery
** leaves them when a broken comment swallowed their Consignment.
*/
static void decl_child(wco_run *r, xmlNodePtr n)
{
    wco_decl *d = &r->d;
    const char *role;
    if (n->type != XML_ELEMENT_NODE) return;
    d->seen = 1;
    if (is_el(r, n, "TypeCode")) {
        insUSetOnce(&d->type_code, insXmlText(n));
    } else if (is_el(r, n, "FunctionCode")) {
        insUSetOnce(&d->function_code, insXmlText(n));
    } else if (is_el(r, n, "FunctionalReferenceID")) {
        insUSetOnce(&d->reference, insXmlText(n));
    } else if (is_el(r, n, "ID")) {
        insUSetOnce(&d->mrn, insXmlText(n));
    } else if (is_el(r, n, "IssueDateTime")) {
        insUSetOnce(&d->issue_date, read_date(n));
    } else if (is_el(r, n, "AcceptanceDateTime")) {
        insUSetOnce(&d->accept_date, read_date(n));
    } else if (is_el(r, n, "InvoiceAmount") || is_el(r, n, "TotalInvoiceAmount")) {
        if (!d->has_total && read_num(n, &d->total)) {
            d->has_total = 1;
            insUSetOnce(&d->currency, insXmlAttr(n, "currencyID"));
        }
    } else if (is_el(r, n, "DeclarationOfficeID")) {
        insUSetOnce(&d->decl_office, insXmlText(n));
    } else if (is_el(r, n, "ExitOffice")) {
        insUSetOnce(&d->exit_office, text(r, n, "ID"));
    } else if (is_el(r, n, "PresentationOffice") || is_el(r, n, "EntryOffice")) {
        insUSetOnce(&d->entry_office, text(r, n, "ID"));
    } else if (is_el(r, n, "SupervisingOffice")) {
        insUSetOnce(&d->supervising_office, text(r, n, "ID"));
    } else if (is_el(r, n, "BorderTransportMeans")) {
        insUSetOnce(&d->transport_id, text(r, n, "ID"));
        insUSetOnce(&d->transport_mode, text(r, n, "ModeCode"));
        insUSetOnce(&d->transport_nat, country_code(text(r, n, "RegistrationNationalityCode")));
    } else if (is_el(r, n, "Consignment")) {
        consignment_read(r, d, n);
    } else if (is_el(r, n, "GoodsShipment")) {
        shipment_read(r, d, n);
    } else if (is_el(r, n, "AdditionalDocument")) {
        doc_ref(r, d, "additional", n);
    } else if (is_el(r, n, "AdditionalInformation")) {
        char *v = text(r, n, "StatementDescription");
        insCustomsAttrAdd(&d->attrs, 0, "statement", v ? v : text(r, n, "StatementCode"));
    } else if (is_el(r, n, "Amendment")) {
        insCustomsAttrAdd(&d->attrs, 0, "change_reason", text(r, n, "ChangeReasonCode"));
    } else if ((role = party_of(r, n)) != NULL) {
        party_read(r, d, role, n);
    }
}

/* Frees everything a declaration holds and clears it. */
static void decl_free(wco_decl *d)
{
    char **s[] = {&d->type_code, &d->function_code, &d->reference, &d->mrn, &d->issue_date,
                  &d->accept_date, &d->exit_office, &d->entry_office, &d->decl_office,
                  &d->supervising_office, &d->transport_id, &d->transport_mode, &d->transport_nat,
                  &d->arrival_id, &d->departure_id, &d->export_country, &d->destination_country,
                  &d->origin, &d->item_export_country, &d->item_destination, &d->currency};
    for (size_t i = 0; i < INS_ARRAY_LEN(s); i++) free(*s[i]);
    for (size_t i = 0; i < d->nparties; i++) {
        free(d->parties[i].id);
        free(d->parties[i].name);
        free(d->parties[i].address);
        free(d->parties[i].country);
    }
    free(d->parties);
    for (size_t i = 0; i < d->nitems; i++) {
        wco_item *it = &d->items[i];
        free(it->description);
        free(it->tsp);
        free(it->trc);
        free(it->origin);
        free(it->origin_other);
        free(it->currency);
    }
    free(d->items);
    insCustomsAttrsFree(&d->attrs);
    for (size_t i = 0; i < d->nrefs; i++) {
        free(d->refs[i].type);
        free(d->refs[i].id);
    }
    free(d->refs);
    memset(d, 0, sizeof *d);
}

/* ---- writing ------------------------------------------------------------------ */

/* Inserts one document_refs row. */
static int ref_insert(ins_db *db, int64_t doc_id, const wco_ref *ref)
{
    static const char sql[] =
        "INSERT INTO document_refs(document_id, ref_kind, ref_type, ref_id) VALUES(?,?,?,?)";
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, doc_id);
    insDbBindText(s, 2, ref->kind);
    insDbBindText(s, 3, ref->type);
    insDbBindText(s, 4, ref->id);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/* A resolved party, for the declaration_parties rows. */
typedef struct wco_resolved {
    int64_t firm;
    const char *by;
    const char *scheme;
    const char *country; /* points into the party or at a static code */
    char eori_cc[3];
    int dup; /* same role, firm, identifier and name as an earlier party */
} wco_resolved;

/*
** Resolves party P.  An EORI-shaped identifier is an EORI whose country
** is its prefix (XI, Northern Ireland, is GB); any other identifier is
** left to insModelFirm's guess within the address country.  A party
** known by name only is resolved by insModelFirmByName.
*/
static int64_t party_resolve(ins_db *db, int64_t doc_id, const wco_party *p, wco_resolved *out)
{
    out->scheme = NULL;
    out->country = p->country;
    if (p->id && eori_shaped(p->id)) {
        out->scheme = INS_SCHEME_EORI;
        char pre[3] = {(char)toupper((unsigned char)p->id[0]),
                       (char)toupper((unsigned char)p->id[1]), '\0'};
        if (!strcmp(pre, "XI")) insUStrlcpy(out->eori_cc, "GB", sizeof out->eori_cc);
        else if (!insNormCountry(pre, out->eori_cc)) out->eori_cc[0] = '\0';
        if (out->eori_cc[0]) out->country = out->eori_cc;
    }
    ins_party party;
    memset(&party, 0, sizeof party);
    party.scheme = out->scheme;
    party.id = p->id;
    party.name = p->name;
    party.country = out->country;
    out->firm = insModelFirmByName(db, doc_id, &party, &out->by);
    return out->firm;
}

/* 1 when S and T are both NULL or equal. */
static int same(const char *s, const char *t)
{
    return (!s && !t) || (s && t && !strcmp(s, t));
}

/*
** Inserts the declaration_parties row of party P of declaration DECL_ID
** (customs.c): the country is the one it was resolved in.
*/
static int party_insert(ins_db *db, int64_t decl_id, const wco_party *p, const wco_resolved *rv)
{
    ins_customs_party row;
    memset(&row, 0, sizeof row);
    row.role = p->role;
    row.firm = rv->firm;
    row.identifier = p->id;
    row.name = p->name;
    row.address = p->address;
    row.country = rv->country;
    row.resolved_by = rv->by;
    return insCustomsPartyInsert(db, decl_id, &row);
}

/*
** Inserts the declaration_items row of IT (customs.c): the CN (TSP)
** completed by its 2-digit TARIC suffix (TRC) into the 10-digit commodity
** code, its first six digits as HS6.  Returns the row id or -1.
*/
static int64_t item_insert(ins_db *db, int64_t decl_id, const wco_item *it, const char *origin)
{
    char *cn = digits_of(it->tsp);
    char *suffix = digits_of(it->trc);
    ins_customs_item row;
    memset(&row, 0, sizeof row);
    row.seq = it->seq;
    row.has_seq = it->has_seq;
    row.description = it->description;
    row.code = cn;
    /* the TARIC suffix completes an 8-digit CN into the 10-digit commodity code */
    row.suffix = cn && strlen(cn) == 8 && suffix && strlen(suffix) == 2 ? suffix : NULL;
    row.origin = origin;
    row.m = it->m;
    row.currency = it->currency;
    int64_t id = insCustomsItemInsert(db, decl_id, &row);
    free(cn);
    free(suffix);
    return id;
}

/*
** The direction: the first two letters of the type code (IM, EX, CO...).
** A request on an existing declaration (function code 13 or 14: INV
** cancels, COR corrects) names the request, not a direction: NULL.
*/
static void direction_of(const wco_decl *d, char out[3])
{
    out[0] = '\0';
    if (!d->type_code || strlen(d->type_code) < 2) return;
    if (d->function_code && (!strcmp(d->function_code, "13") || !strcmp(d->function_code, "14")))
        return;
    if (!isalpha((unsigned char)d->type_code[0]) || !isalpha((unsigned char)d->type_code[1]))
        return;
    out[0] = (char)toupper((unsigned char)d->type_code[0]);
    out[1] = (char)toupper((unsigned char)d->type_code[1]);
    out[2] = '\0';
}

/*
** Writes the declaration read into R->d: document, parties resolved to
** firms, declaration, items, attributes and cited documents, and the
** warnings on what was not kept.  The rows go through the customs writer
** (customs.c).
*/
static int decl_write(wco_run *r)
{
    ins_import_ctx *ctx = r->ctx;
    ins_db *db = ctx->db;
    wco_decl *d = &r->d;
    if (d->oom || d->attrs.oom) return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    if (!d->type_code && !d->function_code && !d->reference && !d->mrn)
        return insImportReject(ctx, INS_ERR_FORMAT,
                               _("Declaration has no TypeCode, FunctionCode, FunctionalReferenceID "
                                 "or ID"));
    char dir[3];
    direction_of(d, dir);
    const char *issue = d->issue_date ? d->issue_date : d->accept_date;

    ins_doc_info di;
    memset(&di, 0, sizeof di);
    di.kind = "customs_declaration";
    di.type_code = d->type_code;
    di.generation = "wco-dms-2";
    di.number = d->reference ? d->reference : d->mrn;
    di.issue_date = issue;
    di.currency = d->currency;
    int64_t doc = insModelDocument(db, ctx->file_id, &di);
    if (doc < 0) return INS_ERR_DB;

    /* parties */
    wco_resolved *rv = d->nparties ? calloc(d->nparties, sizeof *rv) : NULL;
    if (d->nparties && !rv)
        return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    ins_customs_decl row;
    memset(&row, 0, sizeof row);
    int rc = INS_OK;
    for (size_t i = 0; i < d->nparties && rc == INS_OK; i++) {
        const wco_party *p = &d->parties[i];
        if (party_resolve(db, doc, p, &rv[i]) < 0) { rc = INS_ERR_DB; break; }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(d->parties[j].role, p->role) && rv[j].firm == rv[i].firm &&
                same(d->parties[j].id, p->id) && same(d->parties[j].name, p->name))
                rv[i].dup = 1;
        int m = insCustomsMainRole(p->role);
        if (m >= 0 && !row.firm[m] && rv[i].firm > 0) row.firm[m] = rv[i].firm;
    }

    char *exp_c = country_code(insUStrdup(d->export_country ? d->export_country
                                                              : d->item_export_country));
    char *dest_c = country_code(insUStrdup(d->destination_country ? d->destination_country
                                                                   : d->item_destination));
    char *ship_origin = country_code(insUStrdup(d->origin));
    row.document_id = doc;
    row.format = "wco-dms-2";
    row.direction = dir[0] ? dir : NULL;
    row.type_code = d->type_code;
    row.function_code = d->function_code;
    row.reference = d->reference ? d->reference : d->mrn;
    row.issue_date = issue;
    row.exit_office = d->exit_office;
    /* the office of lodgement stands for the office of entry, not of exit */
    row.entry_office = d->entry_office ? d->entry_office
                                       : strcmp(dir, "EX") != 0 ? d->decl_office : NULL;
    row.supervising_office = d->supervising_office;
    const char *tid = d->transport_id;
    if (!tid) tid = dir[0] == 'E' ? d->departure_id : d->arrival_id;
    if (!tid) tid = d->arrival_id ? d->arrival_id : d->departure_id;
    row.transport_id = tid;
    row.transport_mode = d->transport_mode;
    row.transport_nationality = d->transport_nat;
    row.export_country = exp_c;
    row.destination_country = dest_c;
    row.has_total = d->has_total;
    row.total_value = d->total;
    row.currency = d->currency;
    int64_t decl = rc == INS_OK ? insCustomsDeclInsert(db, &row) : -1;
    if (decl < 0) rc = INS_ERR_DB;
    for (size_t i = 0; i < d->nparties && rc == INS_OK; i++)
        if (rv[i].firm > 0 && !rv[i].dup) rc = party_insert(db, decl, &d->parties[i], &rv[i]);
    free(rv);

    /* items, with their attributes (recorded in item order: one cursor) */
    size_t k = 0;
    for (size_t i = 0; i < d->nitems && rc == INS_OK; i++) {
        const wco_item *it = &d->items[i];
        char *orig = country_code(insUStrdup(it->origin ? it->origin : it->origin_other));
        int64_t item = item_insert(db, decl, it, orig ? orig : ship_origin);
        free(orig);
        if (item < 0) { rc = INS_ERR_DB; break; }
        rc = insCustomsItemAttrs(db, doc, &d->attrs, &k, i + 1, item);
    }
    r->items += d->nitems;

    /* the declaration's own attributes and cited documents */
    if (rc == INS_OK && d->mrn && d->reference)
        rc = insModelAttribute(db, doc, 0, "declaration", decl, "mrn", d->mrn);
    if (rc == INS_OK && d->decl_office)
        rc = insModelAttribute(db, doc, 0, "declaration", decl, "declaration_office",
                               d->decl_office);
    if (rc == INS_OK && d->accept_date)
        rc = insModelAttribute(db, doc, 0, "declaration", decl, "acceptance_date", d->accept_date);
    if (rc == INS_OK) rc = insCustomsDeclAttrs(db, doc, decl, &d->attrs);
    for (k = 0; k < d->nrefs && rc == INS_OK; k++) rc = ref_insert(db, doc, &d->refs[k]);

    /* the declarant is who issued the declaration */
    if (rc == INS_OK && row.firm[INS_CUSTOMS_DECLARANT] > 0)
        rc = insCustomsSetIssuer(db, doc, row.firm[INS_CUSTOMS_DECLARANT]);
    if (rc == INS_OK) rc = insCustomsWarnDropped(db, doc, d->dropped + d->attrs.dropped);
    if (rc == INS_OK && r->lax &&
        insModelWarn(db, doc, "namespace",
                     _("namespace URIs lack their colons (a damaged copy): elements were matched "
                       "by local name")) != INS_OK)
        rc = INS_ERR_DB;
    if (rc == INS_OK && r->recovered &&
        insModelWarn(db, doc, "xml_recovered",
                     _("%s; read in libxml2 recovery mode: elements inside the broken comment "
                       "are lost"),
                     r->recovered) != INS_OK)
        rc = INS_ERR_DB;
    free(exp_c);
    free(dest_c);
    free(ship_origin);
    if (rc == INS_OK) r->written++;
    return rc;
}

/* ---- walking the document ----------------------------------------------------- */

/*
** Reads a Declaration element N whole, then writes it (while recovering,
** writing waits for the end of the document: see walk()).
*/
static int declaration_read(wco_run *r, xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next) decl_child(r, c);
    r->d.seen = 1;
    if (r->recovering) return INS_OK;
    int rc = decl_write(r);
    decl_free(&r->d);
    return rc;
}

/*
** Looks for Declarations in the subtree N (an envelope level: MetaData,
** requestDetail...), DEPTH levels below the root.  While recovering, an
** element of the DEC-DMS namespace met outside any Declaration is read
** as part of the declaration: that is where the recovery puts what
** followed a broken comment.
*/
static int walk(wco_run *r, xmlNodePtr n, int depth)
{
    if (n->type != XML_ELEMENT_NODE) return INS_OK;
    if (is_declaration(r, n)) return declaration_read(r, n);
    if (r->recovering && depth > 0 && n->ns && n->ns->href &&
        (r->lax || !strcmp((const char *)n->ns->href, WCO_NS_DEC))) {
        decl_child(r, n);
        return INS_OK;
    }
    if (depth >= INS_MAX_ENVELOPE_DEPTH) return INS_OK;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        int rc = walk(r, c, depth + 1);
        if (rc != INS_OK) return rc;
    }
    return INS_OK;
}

/* ---- recovery of damaged comments ------------------------------------------ */

/* Reads the whole source into B, refusing more than MAX bytes. */
static int slurp(ins_import_ctx *ctx, ins_buf *b, size_t max)
{
    ins_reader in;
    if (insReaderOpen(&in, ctx->src) != INS_OK) return INS_ERR_IO;
    char chunk[65536];
    long n;
    int rc = INS_OK;
    while ((n = insReaderRead(&in, chunk, sizeof chunk)) > 0) {
        if (b->len + (size_t)n > max) { rc = INS_ERR_TOOBIG; break; }
        if (insBufAppend(b, chunk, (size_t)n) != INS_OK || b->oom) { rc = INS_ERR_NOMEM; break; }
    }
    if (rc == INS_OK && n < 0) rc = INS_ERR_IO;
    insReaderClose(&in);
    return rc;
}

/*
** 1 when [S, S+N) holds a comment whose first "--" is not its end "-->":
** a comment left open that runs into the next one.  CDATA sections and
** processing instructions are skipped.
*/
static int broken_comment(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt) return 0;
        i = (size_t)(lt - s);
        if (n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
            const char *dd = memmem(s + i + 4, n - i - 4, "--", 2);
            if (!dd) return 0;
            size_t k = (size_t)(dd - s);
            if (k + 2 >= n || s[k + 2] != '>') return 1;
            i = k + 3;
        } else if (n - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) {
            const char *e = memmem(s + i + 9, n - i - 9, "]]>", 3);
            if (!e) return 0;
            i = (size_t)(e - s) + 3;
        } else if (n - i >= 2 && s[i + 1] == '?') {
            const char *e = memmem(s + i + 2, n - i - 2, "?>", 2);
            if (!e) return 0;
            i = (size_t)(e - s) + 2;
        } else {
            i++;
        }
    }
    return 0;
}

/*
** 1 when [S, S+N) ends (trailing white space aside) with the end tag of
** the root element ROOT_LOCAL: the file was not cut short.
*/
static int ends_with_root(const char *s, size_t n, const char *root_local)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    if (n < 4 || s[n - 1] != '>') return 0;
    size_t end = n - 1;
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
    size_t start = end;
    while (start > 0 && s[start - 1] != '<' && s[start - 1] != ':' && s[start - 1] != '/') start--;
    size_t ll = strlen(root_local);
    if (end - start != ll || memcmp(s + start, root_local, ll) != 0) return 0;
    /* "</" or "</prefix:" before the local name */
    size_t j = start;
    if (j > 0 && s[j - 1] == ':') {
        j--;
        while (j > 0 && s[j - 1] != '/' && s[j - 1] != '<') j--;
    }
    return j >= 2 && s[j - 1] == '/' && s[j - 2] == '<';
}

/*
** Imports a file whose strict reading failed, when its damage is a broken
** comment (see the head of this file).  Returns INS_OK when it imported,
** STRICT_RC (with the strict reason kept) when recovery does not apply.
*/
static int recover(wco_run *r, const char *root_local, int strict_rc)
{
    ins_import_ctx *ctx = r->ctx;
    ins_buf b;
    insBufInit(&b);
    int rc = slurp(ctx, &b, INS_MAX_RECOVER_BYTES);
    if (rc != INS_OK || !b.len || !broken_comment(b.s, b.len) ||
        !ends_with_root(b.s, b.len, root_local)) {
        insBufFree(&b);
        return strict_rc;
    }
    xmlDocPtr doc = insXmlRecover(ctx, b.s, b.len);
    insBufFree(&b);
    if (!doc) return strict_rc;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    r->recovered = insUStrdup(insBufStr(&ctx->reason));
    if (!r->recovered) {
        xmlFreeDoc(doc);
        return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    }
    r->recovering = 1;
    decl_free(&r->d);
    rc = walk(r, root, 0);
    xmlFreeDoc(doc);
    if (rc != INS_OK || !r->d.seen) {
        decl_free(&r->d);
        return rc != INS_OK ? rc : strict_rc;
    }
    /* the strict reason becomes the warning; the file is not rejected */
    insBufReset(&ctx->reason);
    rc = decl_write(r);
    decl_free(&r->d);
    return rc;
}

/* ---- the importer ------------------------------------------------------------- */

/* The root kinds this importer reads. */
enum { ROOT_NONE, ROOT_METADATA, ROOT_DECLARATION, ROOT_ENVELOPE };

/* Tells the root (LOCAL in namespace NS); sets *LAX for colon-stripped URNs. */
static int root_kind(const char *local, const char *ns, int *lax)
{
    *lax = 0;
    if (!strcmp(ns, WCO_NS_META) && !strcmp(local, "MetaData")) return ROOT_METADATA;
    if (!strcmp(ns, WCO_NS_DEC) && !strcmp(local, "Declaration")) return ROOT_DECLARATION;
    if (!strncmp(ns, HMRC_NS_SUBMIT, sizeof HMRC_NS_SUBMIT - 1) &&
        !strcmp(local, "submitDeclarationRequest"))
        return ROOT_ENVELOPE;
    if (!strncmp(ns, WCO_NS_STRIPPED, sizeof WCO_NS_STRIPPED - 1)) {
        size_t n = strlen(local);
        *lax = 1;
        if (n >= 8 && !strcmp(local + n - 8, "MetaData")) return ROOT_METADATA;
        if (n >= 11 && !strcmp(local + n - 11, "Declaration")) return ROOT_DECLARATION;
    }
    return ROOT_NONE;
}

/* Confident on the WCO roots; less so on HMRC's envelope and damaged URNs. */
static int sniff(const ins_sniff *s)
{
    int lax;
    if (!s->is_xml) return 0;
    switch (root_kind(s->root_local, s->root_ns, &lax)) {
    case ROOT_METADATA:
    case ROOT_DECLARATION:
        return lax ? 70 : 90;
    case ROOT_ENVELOPE:
        return s->head && memmem(s->head, s->head_len, WCO_NS_DEC, sizeof WCO_NS_DEC - 1) ? 85 : 60;
    default:
        return 0;
    }
}

/*
** Imports one file: streams the root's children, reads every Declaration
** met (directly, or inside the envelope) and writes each as it ends.
*/
static int run(ins_import_ctx *ctx)
{
    ins_xml *x = NULL;
    int rc = insXmlOpen(ctx, &x);
    if (rc != INS_OK) return rc;
    wco_run r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    const char *local = insXmlRootLocal(x), *ns = insXmlRootNs(x);
    int kind = root_kind(local, ns, &r.lax);
    if (kind == ROOT_NONE) {
        rc = insImportReject(ctx, INS_ERR_UNSUPPORTED,
                             _("not a WCO declaration: root element <%s> in namespace '%s'"), local,
                             ns);
        insXmlClose(x);
        return rc;
    }
    char *root_local = insUStrdup(local);
    int xml_failed = 0; /* the reader, not a declaration, failed */
    xmlNodePtr n = NULL;
    while (root_local) {
        n = insXmlNextTop(x, &rc);
        if (!n) {
            xml_failed = rc != INS_OK;
            break;
        }
        if (kind == ROOT_DECLARATION) decl_child(&r, n);
        else rc = walk(&r, n, 1);
        if (rc != INS_OK) break;
    }
    insXmlClose(x);
    if (!root_local) rc = insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    if (rc == INS_OK && kind == ROOT_DECLARATION && r.d.seen) {
        rc = decl_write(&r);
        decl_free(&r.d);
    }
    if (xml_failed && rc == INS_ERR_FORMAT && !r.written) rc = recover(&r, root_local, rc);
    if (rc == INS_OK && !r.written)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no WCO Declaration element found"));
    if (rc == INS_OK) ctx->records = (unsigned)r.items;
    decl_free(&r.d);
    free(r.recovered);
    free(root_local);
    return rc;
}

const ins_importer insImporterWcoDms = {
    "wco-declaration",
    N_("customs declarations in the WCO Data Model (DEC-DMS 2)"),
    sniff,
    run,
    0,
};
