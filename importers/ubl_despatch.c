/*
** ubl_despatch.c: SUNAT despatch advice (guia de remision) importer.
**
** Two generations exist (FORMATS.md section 2), told apart by
** cbc:CustomizationID:
**
**   - guia 1.0 (2017-2022, CustomizationID 1.0): a party is
**     cbc:CustomerAssignedAccountID[@schemeID] directly under the party
**     element; the origin is cac:Shipment/cac:OriginAddress; the plate is
**     cac:ShipmentStage/cac:TransportMeans/cac:RoadTransport/cbc:LicensePlateID
**     and cac:TransportHandlingUnit/cac:TransportEquipment/cbc:ID is a
**     container; the item text is cac:Item/cbc:Name; related documents use
**     catalogo 21.
**   - GRE 2.0 (2022+, CustomizationID 2.0): a party is
**     cac:Party/cac:PartyIdentification/cbc:ID[@schemeID]; the origin is
**     cac:Shipment/cac:Delivery/cac:Despatch/cac:DespatchAddress; vehicles
**     are cac:TransportHandlingUnit/cac:TransportEquipment (main) with
**     cac:AttachedTransportEquipment (secondary); drivers repeat; the item
**     text is cac:Item/cbc:Description; related documents use catalogo 61.
**     In a guia transportista (type 31) the issuer in
**     cac:DespatchSupplierParty is the carrier and the shipper (remitente)
**     is cac:Shipment/cac:Delivery/cac:Despatch/cac:DespatchParty.
**
** Real files mix the two, so every fact is looked for in both places.
**
** One file is one document and one transport leg.  The root's children
** are streamed one subtree at a time (xmlread.c); what the leg needs is
** copied into a small struct as it goes by, and the rows are written once
** the whole document has been read.  The driver runs the file in its own
** transaction, so a rejection leaves nothing behind.
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A party as read from the document: copies of the strings, or NULL. */
typedef struct desp_party {
    char *id;      /* identifier as written */
    char *scheme;  /* catalogo 06 code (@schemeID), NULL when absent */
    char *name;    /* RegistrationName, else PartyName/Name */
    char *company; /* PartyLegalEntity/CompanyID (MTC registration of a carrier) */
    int seen;      /* the element was met (only the first one is read) */
} desp_party;

/* An address: the start or the end of the leg. */
typedef struct desp_place {
    char *ubigeo;
    char *address;
    char *annex;     /* cbc:AddressTypeCode: SUNAT annex establishment code */
    char *annex_ruc; /* its @listID: the RUC the establishment belongs to */
    int seen;
} desp_place;

typedef struct desp_driver {
    char *id, *scheme, *given, *family, *job, *licence;
} desp_driver;

typedef struct desp_vehicle {
    char *plate;      /* upper-cased, otherwise as written */
    char *key;        /* letters and digits only, for de-duplication */
    const char *role; /* "main" or "secondary" */
} desp_vehicle;

/* A TransportEquipment id, whose meaning depends on the generation. */
typedef struct desp_equip {
    char *id;
    int attached; /* from cac:AttachedTransportEquipment */
} desp_equip;

/* A document this one cites. */
typedef struct desp_ref {
    char *id, *type;
    const char *catalogue; /* "21", "61", or NULL: from the generation */
    const char *kind;      /* document_refs.ref_kind */
} desp_ref;

/* A value the schema has no column for, kept in record_attributes. */
typedef struct desp_attr {
    const char *entity; /* "document" or "transport_leg" */
    const char *name;
    char *value;
} desp_attr;

/* Everything read from one despatch advice. */
typedef struct desp {
    char *customization, *number, *issue_date, *type_code;
    desp_party supplier, customer, seller, despatch_party, carrier;
    char *motivo, *motivo_text, *mode, *start_date, *weight, *weight_unit;
    desp_place origin, dest;
    int has_shipment;
    desp_vehicle *veh;
    size_t nveh, capveh;
    desp_equip *equip;
    size_t nequip, capequip;
    desp_driver *drv;
    size_t ndrv, capdrv;
    desp_ref *refs;
    size_t nrefs, caprefs;
    desp_attr *attrs;
    size_t nattrs, capattrs;
    unsigned long dropped; /* values past the bounds above, not kept */
    ins_buf desc;
    int desc_cut;
    unsigned long nlines;
} desp;

/* ---- small helpers ------------------------------------------------------ */

/* 1 when S is exactly N ASCII digits. */
static int is_digits(const char *s, size_t n)
{
    if (!s || strlen(s) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

/* Cuts the NUL-terminated string of B to at most MAX bytes at a UTF-8
** character boundary. */
static void buf_cut(ins_buf *b, size_t max)
{
    if (!b->s || b->len <= max) return;
    size_t n = max;
    while (n > 0 && ((unsigned char)b->s[n] & 0xC0) == 0x80) n--;
    b->s[n] = '\0';
    b->len = n;
}

/* Frees the strings of a party. */
static void party_free(desp_party *p)
{
    free(p->id);
    free(p->scheme);
    free(p->name);
    free(p->company);
}

/* Frees the strings of an address. */
static void place_free(desp_place *p)
{
    free(p->ubigeo);
    free(p->address);
    free(p->annex);
    free(p->annex_ruc);
}

/* Frees everything a desp holds (not the struct itself). */
static void desp_free(desp *d)
{
    free(d->customization);
    free(d->number);
    free(d->issue_date);
    free(d->type_code);
    party_free(&d->supplier);
    party_free(&d->customer);
    party_free(&d->seller);
    party_free(&d->despatch_party);
    party_free(&d->carrier);
    free(d->motivo);
    free(d->motivo_text);
    free(d->mode);
    free(d->start_date);
    free(d->weight);
    free(d->weight_unit);
    place_free(&d->origin);
    place_free(&d->dest);
    for (size_t i = 0; i < d->nveh; i++) {
        free(d->veh[i].plate);
        free(d->veh[i].key);
    }
    free(d->veh);
    for (size_t i = 0; i < d->nequip; i++) free(d->equip[i].id);
    free(d->equip);
    for (size_t i = 0; i < d->ndrv; i++) {
        desp_driver *r = &d->drv[i];
        free(r->id);
        free(r->scheme);
        free(r->given);
        free(r->family);
        free(r->job);
        free(r->licence);
    }
    free(d->drv);
    for (size_t i = 0; i < d->nrefs; i++) {
        free(d->refs[i].id);
        free(d->refs[i].type);
    }
    free(d->refs);
    for (size_t i = 0; i < d->nattrs; i++) free(d->attrs[i].value);
    free(d->attrs);
    insBufFree(&d->desc);
}

/* ---- collecting ------------------------------------------------------------ */

/*
** Keeps VALUE (taken over: freed here when not kept) as attribute NAME of
** ENTITY, once: a value met again (the same container on every line) is
** not repeated.  Past INS_MAX_DESPATCH_ATTRS values are counted, not kept.
*/
static int add_attr(desp *d, const char *entity, const char *name, char *value)
{
    if (!value) return INS_OK;
    if (d->nattrs >= INS_MAX_DESPATCH_ATTRS) {
        d->dropped++;
        free(value);
        return INS_OK;
    }
    for (size_t i = 0; i < d->nattrs; i++) {
        if (d->attrs[i].entity == entity && !strcmp(d->attrs[i].name, name) &&
            !strcmp(d->attrs[i].value, value)) {
            free(value);
            return INS_OK;
        }
    }
    desp_attr *na = insUGrow(d->attrs, &d->capattrs, d->nattrs + 1, sizeof *d->attrs);
    if (!na) {
        free(value);
        return INS_ERR_NOMEM;
    }
    d->attrs = na;
    d->attrs[d->nattrs].entity = entity;
    d->attrs[d->nattrs].name = name;
    d->attrs[d->nattrs].value = value;
    d->nattrs++;
    return INS_OK;
}

/*
** Adds plate RAW with ROLE to the leg's vehicles.  Plates are upper-cased
** and otherwise kept as written; two plates that differ only by dashes or
** spaces ("ABC-444", "ABC444") are one vehicle, the first spelling and
** role win.  A value without letters or digits is no plate.
*/
static int add_vehicle(desp *d, const char *raw, const char *role)
{
    if (!raw) return INS_OK;
    size_t n = strlen(raw);
    char *plate = insUStrndup(raw, n);
    char *key = malloc(n + 1);
    if (!plate || !key) {
        free(plate);
        free(key);
        return INS_ERR_NOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)plate[i];
        if (c >= 0x80) continue; /* non-ASCII bytes: kept in the plate, not in the key */
        plate[i] = (char)toupper(c);
        if (isalnum(c)) key[k++] = (char)toupper(c);
    }
    key[k] = '\0';
    int dup = k == 0;
    for (size_t i = 0; i < d->nveh && !dup; i++)
        if (!strcmp(d->veh[i].key, key)) dup = 1;
    if (!dup && d->nveh >= INS_MAX_PER_LEG) {
        d->dropped++;
        dup = 1;
    }
    if (dup) {
        free(plate);
        free(key);
        return INS_OK;
    }
    desp_vehicle *nv = insUGrow(d->veh, &d->capveh, d->nveh + 1, sizeof *d->veh);
    if (!nv) {
        free(plate);
        free(key);
        return INS_ERR_NOMEM;
    }
    d->veh = nv;
    d->veh[d->nveh].plate = plate;
    d->veh[d->nveh].key = key;
    d->veh[d->nveh].role = role;
    d->nveh++;
    return INS_OK;
}

/* Keeps a TransportEquipment id (a vehicle in GRE 2.0, a container in 1.0). */
static int add_equipment(desp *d, xmlNodePtr idnode, int attached)
{
    char *id = insXmlText(idnode);
    if (!id) return INS_OK;
    if (d->nequip >= INS_MAX_PER_LEG) {
        d->dropped++;
        free(id);
        return INS_OK;
    }
    desp_equip *ne = insUGrow(d->equip, &d->capequip, d->nequip + 1, sizeof *d->equip);
    if (!ne) {
        free(id);
        return INS_ERR_NOMEM;
    }
    d->equip = ne;
    d->equip[d->nequip].id = id;
    d->equip[d->nequip].attached = attached;
    d->nequip++;
    return INS_OK;
}

/*
** Reads a cac:Party-like element (cac:Party, cac:CarrierParty,
** cac:DespatchParty) into P, filling only what P lacks: the first
** identified cac:PartyIdentification/cbc:ID with its @schemeID, the
** registration name (else the trade name) and the PartyLegalEntity's
** CompanyID.  The name is taken from every placement generators use:
** cac:PartyLegalEntity/cbc:RegistrationName (GRE 2.0), cac:PartyName/
** cbc:Name (guia 1.0), and, in guias 1.0 whose carrier party has no
** cac:PartyLegalEntity, cbc:RegistrationName or cbc:Name written directly
** under the party element.
*/
static void read_party_elem(xmlNodePtr party, desp_party *p)
{
    if (!party) return;
    for (xmlNodePtr pi = insXmlChild(party, "cac:PartyIdentification"); pi && !p->id;
         pi = insXmlNext(pi, NULL)) {
        xmlNodePtr idn = insXmlChild(pi, "cbc:ID");
        char *id = insXmlText(idn);
        if (!id) continue;
        p->id = id;
        free(p->scheme);
        p->scheme = insXmlAttr(idn, "schemeID");
    }
    for (xmlNodePtr le = insXmlChild(party, "cac:PartyLegalEntity"); le; le = insXmlNext(le, NULL)) {
        if (!p->name) p->name = insXmlPathText(le, "cbc:RegistrationName");
        if (!p->company) p->company = insXmlPathText(le, "cbc:CompanyID");
    }
    if (!p->name) p->name = insXmlPathText(party, "cac:PartyName/cbc:Name");
    if (!p->name) p->name = insXmlPathText(party, "cbc:RegistrationName");
    if (!p->name) p->name = insXmlPathText(party, "cbc:Name");
}

/*
** Reads a party wrapper (cac:DespatchSupplierParty, cac:DeliveryCustomerParty,
** cac:SellerSupplierParty) in either generation: cac:Party first (GRE 2.0),
** then cbc:CustomerAssignedAccountID[@schemeID] (1.0; @schemeID may also
** come as cbc:AdditionalAccountID).  Only the first wrapper of a kind counts.
*/
static void read_party(xmlNodePtr n, desp_party *p)
{
    if (p->seen) return;
    p->seen = 1;
    read_party_elem(insXmlChild(n, "cac:Party"), p);
    if (!p->id) {
        xmlNodePtr a = insXmlChild(n, "cbc:CustomerAssignedAccountID");
        p->id = insXmlText(a);
        if (p->id) {
            free(p->scheme);
            p->scheme = insXmlAttr(a, "schemeID");
            if (!p->scheme) p->scheme = insXmlPathText(n, "cbc:AdditionalAccountID");
        }
    }
}

/*
** Reads an address (cac:DespatchAddress, cac:OriginAddress,
** cac:DeliveryAddress) into PL unless an earlier one filled it: the ubigeo
** in cbc:ID, the street in cac:AddressLine/cbc:Line (GRE 2.0) or
** cbc:StreetName (1.0), and the annex code with its RUC.
*/
static void read_place(xmlNodePtr a, desp_place *pl)
{
    if (!a || pl->seen) return;
    pl->seen = 1;
    pl->ubigeo = insXmlPathText(a, "cbc:ID");
    for (xmlNodePtr l = insXmlChild(a, "cac:AddressLine"); l && !pl->address; l = insXmlNext(l, NULL))
        pl->address = insXmlPathText(l, "cbc:Line");
    if (!pl->address) pl->address = insXmlPathText(a, "cbc:StreetName");
    xmlNodePtr at = insXmlChild(a, "cbc:AddressTypeCode");
    pl->annex = insXmlText(at);
    pl->annex_ruc = insXmlAttr(at, "listID");
}

/* Reads one cac:DriverPerson. */
static int read_driver(desp *d, xmlNodePtr dp)
{
    if (d->ndrv >= INS_MAX_PER_LEG) {
        d->dropped++;
        return INS_OK;
    }
    desp_driver *nd = insUGrow(d->drv, &d->capdrv, d->ndrv + 1, sizeof *d->drv);
    if (!nd) return INS_ERR_NOMEM;
    d->drv = nd;
    desp_driver *r = &d->drv[d->ndrv++];
    memset(r, 0, sizeof *r);
    xmlNodePtr idn = insXmlChild(dp, "cbc:ID");
    r->id = insXmlText(idn);
    r->scheme = insXmlAttr(idn, "schemeID");
    r->given = insXmlPathText(dp, "cbc:FirstName");
    r->family = insXmlPathText(dp, "cbc:FamilyName");
    r->job = insXmlPathText(dp, "cbc:JobTitle");
    r->licence = insXmlPathText(dp, "cac:IdentityDocumentReference/cbc:ID");
    return INS_OK;
}

/*
** Reads cac:Shipment: motive, weight, the stages (mode, start, carrier,
** plates, drivers), origin and destination in both generations,
** transport units (vehicles or containers) and the port.
*/
static int read_shipment(desp *d, xmlNodePtr n)
{
    int rc = INS_OK;
    if (d->has_shipment) return INS_OK; /* one leg per guia: the first shipment */
    d->has_shipment = 1;
    d->motivo = insXmlPathText(n, "cbc:HandlingCode");
    d->motivo_text = insXmlPathText(n, "cbc:Information");
    if (!d->motivo_text) d->motivo_text = insXmlPathText(n, "cbc:HandlingInstructions");
    xmlNodePtr w = insXmlChild(n, "cbc:GrossWeightMeasure");
    d->weight = insXmlText(w);
    d->weight_unit = insXmlAttr(w, "unitCode");

    for (xmlNodePtr st = insXmlChild(n, "cac:ShipmentStage"); st && rc == INS_OK;
         st = insXmlNext(st, NULL)) {
        insUSetOnce(&d->mode, insXmlPathText(st, "cbc:TransportModeCode"));
        insUSetOnce(&d->start_date, insXmlPathText(st, "cac:TransitPeriod/cbc:StartDate"));
        for (xmlNodePtr cp = insXmlChild(st, "cac:CarrierParty"); cp; cp = insXmlNext(cp, NULL))
            read_party_elem(cp, &d->carrier);
        for (xmlNodePtr tm = insXmlChild(st, "cac:TransportMeans"); tm && rc == INS_OK;
             tm = insXmlNext(tm, NULL)) {
            char *plate = insXmlPathText(tm, "cac:RoadTransport/cbc:LicensePlateID");
            rc = add_vehicle(d, plate, "main");
            free(plate);
        }
        for (xmlNodePtr dp = insXmlChild(st, "cac:DriverPerson"); dp && rc == INS_OK;
             dp = insXmlNext(dp, NULL))
            rc = read_driver(d, dp);
    }

    /* GRE 2.0 places; some 1.0 files also put the destination here. */
    xmlNodePtr dl = insXmlChild(n, "cac:Delivery");
    if (dl) {
        read_place(insXmlChild(dl, "cac:DeliveryAddress"), &d->dest);
        xmlNodePtr ds = insXmlChild(dl, "cac:Despatch");
        read_place(insXmlChild(ds, "cac:DespatchAddress"), &d->origin);
        xmlNodePtr rp = insXmlChild(ds, "cac:DespatchParty");
        if (rp) {
            d->despatch_party.seen = 1;
            read_party_elem(rp, &d->despatch_party);
        }
    }
    /* guia 1.0 places (and 2.0 files written the old way) */
    read_place(insXmlChild(n, "cac:OriginAddress"), &d->origin);
    read_place(insXmlChild(n, "cac:DeliveryAddress"), &d->dest);

    for (xmlNodePtr hu = insXmlChild(n, "cac:TransportHandlingUnit"); hu && rc == INS_OK;
         hu = insXmlNext(hu, NULL)) {
        rc = add_attr(d, "transport_leg", "container", insXmlPathText(hu, "cbc:ID"));
        for (xmlNodePtr te = insXmlChild(hu, "cac:TransportEquipment"); te && rc == INS_OK;
             te = insXmlNext(te, NULL)) {
            rc = add_equipment(d, insXmlChild(te, "cbc:ID"), 0);
            for (xmlNodePtr at = insXmlChild(te, "cac:AttachedTransportEquipment");
                 at && rc == INS_OK; at = insXmlNext(at, NULL))
                rc = add_equipment(d, insXmlChild(at, "cbc:ID"), 1);
        }
    }
    if (rc == INS_OK)
        rc = add_attr(d, "transport_leg", "port",
                      insXmlPathText(n, "cac:FirstArrivalPortLocation/cbc:ID"));
    return rc;
}

/*
** Reads a related document: cac:AdditionalDocumentReference (KIND
** "additional", code in cbc:DocumentTypeCode) or cac:OrderReference (the
** guia this one replaces, KIND "replaces", code in cbc:OrderTypeCode).
*/
static int read_ref(desp *d, xmlNodePtr n, const char *kind, const char *code_path)
{
    char *id = insXmlPathText(n, "cbc:ID");
    if (!id) return INS_OK;
    if (d->nrefs >= INS_MAX_DOC_LINES) {
        free(id);
        return INS_ERR_TOOBIG;
    }
    desp_ref *nr = insUGrow(d->refs, &d->caprefs, d->nrefs + 1, sizeof *d->refs);
    if (!nr) {
        free(id);
        return INS_ERR_NOMEM;
    }
    d->refs = nr;
    desp_ref *r = &d->refs[d->nrefs++];
    xmlNodePtr tc = insXmlChild(n, code_path);
    /* a DAM number (catálogo 61 code 50, catálogo 21 code 01) in the form
       declarations carry it (see ubl_invoice.c) */
    char dam[INS_DAM_NUMBER_BYTES];
    char *code = insXmlText(insXmlChild(n, code_path));
    int dam_type = code && (!strcmp(code, "50") || !strcmp(code, "01"));
    free(code);
    if (dam_type && insIdDamNumber(id, dam)) {
        char *c = insUStrdup(dam);
        if (c) {
            free(id);
            id = c;
        }
    }
    r->id = id;
    r->type = insXmlText(tc);
    r->kind = kind;
    r->catalogue = NULL;
    /* The list the code comes from, when the file names it. */
    char *uri = insXmlAttr(tc, "listURI");
    if (uri) {
        size_t ul = strlen(uri);
        if (ul >= 2 && !strcmp(uri + ul - 2, "61")) r->catalogue = "61";
        else if (ul >= 2 && !strcmp(uri + ul - 2, "21")) r->catalogue = "21";
        free(uri);
    }
    return INS_OK;
}

/*
** Reads one cac:DespatchLine: its item text joins the leg's description
** (GRE 2.0 cbc:Description, 1.0 cbc:Name), and the tariff line (7020) and
** customs declaration (7021) of catalogo 55 properties are kept.
*/
static int read_line(desp *d, xmlNodePtr n)
{
    d->nlines++;
    xmlNodePtr item = insXmlChild(n, "cac:Item");
    if (!item) return INS_OK;
    char *t = insXmlPathText(item, "cbc:Description");
    if (!t) t = insXmlPathText(item, "cbc:Name");
    if (t && !d->desc_cut) {
        if (d->desc.len >= INS_MAX_LEG_DESCRIPTION_BYTES) {
            d->desc_cut = 1;
        } else {
            if (d->desc.len) insBufAppend(&d->desc, "; ", 2);
            insBufAppendStr(&d->desc, t);
        }
    }
    free(t);
    int rc = INS_OK;
    for (xmlNodePtr p = insXmlChild(item, "cac:AdditionalItemProperty"); p && rc == INS_OK;
         p = insXmlNext(p, NULL)) {
        char *code = insXmlPathText(p, "cbc:NameCode");
        if (code && !strcmp(code, "7020"))
            rc = add_attr(d, "transport_leg", "tariff_code", insXmlPathText(p, "cbc:Value"));
        else if (code && !strcmp(code, "7021"))
            rc = add_attr(d, "transport_leg", "dam_number", insXmlPathText(p, "cbc:Value"));
        free(code);
    }
    return d->desc.oom ? INS_ERR_NOMEM : rc;
}

/*
** Streams the root's children into D.  Returns INS_OK, or an error with
** the context's reason set.
*/
static int collect(ins_import_ctx *ctx, ins_xml *x, desp *d)
{
    int rc = INS_OK;
    xmlNodePtr n;
    while ((n = insXmlNextTop(x, &rc)) != NULL) {
        int r = INS_OK;
        if (insXmlIs(n, "cbc:CustomizationID")) insUSetOnce(&d->customization, insXmlText(n));
        else if (insXmlIs(n, "cbc:ID")) insUSetOnce(&d->number, insXmlText(n));
        else if (insXmlIs(n, "cbc:IssueDate")) insUSetOnce(&d->issue_date, insXmlText(n));
        else if (insXmlIs(n, "cbc:DespatchAdviceTypeCode")) insUSetOnce(&d->type_code, insXmlText(n));
        else if (insXmlIs(n, "cbc:Note")) r = add_attr(d, "document", "note", insXmlText(n));
        else if (insXmlIs(n, "cac:AdditionalDocumentReference"))
            r = read_ref(d, n, "additional", "cbc:DocumentTypeCode");
        else if (insXmlIs(n, "cac:OrderReference"))
            r = read_ref(d, n, "replaces", "cbc:OrderTypeCode");
        else if (insXmlIs(n, "cac:DespatchSupplierParty")) read_party(n, &d->supplier);
        else if (insXmlIs(n, "cac:DeliveryCustomerParty")) read_party(n, &d->customer);
        else if (insXmlIs(n, "cac:SellerSupplierParty")) read_party(n, &d->seller);
        else if (insXmlIs(n, "cac:Shipment")) r = read_shipment(d, n);
        else if (insXmlIs(n, "cac:DespatchLine")) {
            r = read_line(d, n);
            if (r == INS_OK && d->nlines > INS_MAX_DOC_LINES)
                r = INS_ERR_TOOBIG;
        }
        if (r == INS_ERR_TOOBIG)
            return insImportReject(ctx, INS_ERR_TOOBIG,
                                   _("line %d: more than %d despatch lines or related documents"),
                                   insXmlLine(x), INS_MAX_DOC_LINES);
        if (r != INS_OK) return insImportReject(ctx, r, "%s", ins_strerror(r));
    }
    return rc;
}

/* ---- writing ----------------------------------------------------------------- */

/* Firms already resolved in this document, so a party named twice (issuer
** and remitente, shipper and carrier) is resolved, and warned about, once. */
typedef struct firm_memo {
    const desp_party *p[8];
    int64_t id[8];
    size_t n;
} firm_memo;

/* 1 when A and B are both NULL or equal strings. */
static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/*
** Resolves party P to a firm (0 when it names nobody, -1 on database
** error).  RUC_PARTY marks a role SUNAT requires to hold a RUC (issuer,
** carrier): when such a party gives no @schemeID, an identifier made of
** digits is read as a RUC (so a mistyped one is flagged), except an
** 8-digit one, which the model reads as a DNI.
*/
static int64_t party_firm(ins_db *db, int64_t doc, firm_memo *m, const desp_party *p, int ruc_party)
{
    if (!insIdPresent(p->id) && !p->name) return 0;
    for (size_t i = 0; i < m->n; i++)
        if (same_str(m->p[i]->id, p->id) && same_str(m->p[i]->scheme, p->scheme) &&
            same_str(m->p[i]->name, p->name))
            return m->id[i];
    ins_party ip;
    memset(&ip, 0, sizeof ip);
    ip.id = p->id;
    ip.name = p->name;
    ip.scheme = insIdSchemeFromCat06(p->scheme);
    if (!p->scheme && ruc_party && p->id) {
        size_t n = strlen(p->id);
        if (n != 8 && is_digits(p->id, n)) ip.scheme = INS_SCHEME_PE_RUC;
    }
    int64_t f = insModelFirm(db, doc, &ip);
    if (f > 0 && m->n < INS_ARRAY_LEN(m->p)) {
        m->p[m->n] = p;
        m->id[m->n++] = f;
    }
    return f;
}

/* Binds a firm id, or NULL when there is none. */
static void bind_firm(sqlite3_stmt *st, int i, int64_t id)
{
    if (id > 0) sqlite3_bind_int64(st, i, id);
    else sqlite3_bind_null(st, i);
}

/*
** Returns the 6-digit ubigeo of PL, or NULL (with a warning) when the
** document gave something else.  Codes are kept as given: SUNAT uses INEI.
*/
static const char *place_ubigeo(ins_db *db, int64_t doc, const desp_place *pl, const char *what)
{
    if (!pl->ubigeo) return NULL;
    if (is_digits(pl->ubigeo, 6)) return pl->ubigeo;
    insModelWarn(db, doc, "bad_ubigeo", _("%s ubigeo '%s' is not a 6-digit code"), what, pl->ubigeo);
    return NULL;
}

/*
** Records PL as an establishment.  Its owner is the firm of the annex's
** RUC (@listID of cbc:AddressTypeCode) when that differs from OWNER_PARTY,
** else OWNER.  Returns INS_OK or INS_ERR_DB.
*/
static int place_establishment(ins_db *db, int64_t doc, const desp_place *pl, const char *ubigeo,
                               const desp_party *owner_party, int64_t owner)
{
    if (insIdPresent(pl->annex_ruc) && !(owner_party && same_str(owner_party->id, pl->annex_ruc))) {
        ins_party ap;
        memset(&ap, 0, sizeof ap);
        ap.scheme = INS_SCHEME_PE_RUC;
        ap.id = pl->annex_ruc;
        owner = insModelFirm(db, doc, &ap);
        if (owner < 0) return INS_ERR_DB;
    }
    if (owner <= 0) return INS_OK;
    ins_estab_info e;
    memset(&e, 0, sizeof e);
    e.annex_code = pl->annex;
    e.ubigeo = ubigeo;
    e.address = pl->address;
    e.country = "PE";
    e.workers = -1;
    return insModelEstablishment(db, doc, owner, &e) < 0 ? INS_ERR_DB : INS_OK;
}

/* Maps a driver's cbc:JobTitle to a role; the first driver of a guia that
** names no roles is the main one. */
static const char *driver_role(const char *job, size_t index)
{
    if (job) {
        if (insUStrieq(job, "Principal")) return "main";
        if (insUStrieq(job, "Secundario")) return "secondary";
        return job;
    }
    return index == 0 ? "main" : NULL;
}

/*
** Writes the document, its parties, its one transport leg with vehicles,
** drivers and related documents, and the establishments it reveals.  Returns
** INS_OK, INS_ERR_DB, or a rejection.
*/
static int write_despatch(ins_import_ctx *ctx, desp *d)
{
    static const char sql_issuer[] = "UPDATE documents SET issuer_firm_id = ? WHERE id = ?";
    static const char sql_leg[] =
        "INSERT INTO transport_legs(document_id, source, shipper_firm_id, recipient_firm_id,"
        " seller_firm_id, carrier_firm_id, carrier_mtc, motivo, motivo_text, mode, start_date,"
        " origin_ubigeo, origin_address, dest_ubigeo, dest_address, gross_weight, weight_unit,"
        " description) VALUES(?,'despatch',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    static const char sql_vehicle[] =
        "INSERT OR IGNORE INTO leg_vehicles(leg_id, plate, role) VALUES(?,?,?)";
    static const char sql_driver[] =
        "INSERT OR IGNORE INTO leg_drivers(leg_id, person_id, licence, role) VALUES(?,?,?,?)";
    static const char sql_legdoc[] =
        "INSERT INTO leg_documents(leg_id, doc_type, catalogue, ref_id) VALUES(?,?,?,?)";
    static const char sql_docref[] =
        "INSERT INTO document_refs(document_id, ref_kind, ref_type, ref_id) VALUES(?,?,?,?)";
    static const char sql_dedupe[] =
        "DELETE FROM document_warnings WHERE document_id = ?1 AND id NOT IN"
        " (SELECT MIN(id) FROM document_warnings WHERE document_id = ?1 GROUP BY code, message)";

    ins_db *db = ctx->db;
    int gre2 = d->customization && !strcmp(d->customization, "2.0");
    int t31 = d->type_code && !strcmp(d->type_code, "31");
    const char *num = d->number ? d->number : _("(no number)");

    if (!insIdPresent(d->supplier.id) && !(t31 && insIdPresent(d->despatch_party.id))) {
        if (t31)
            return insImportReject(ctx, INS_ERR_UNSUPPORTED,
                                   _("despatch advice %s names no shipper: neither "
                                     "cac:DespatchSupplierParty nor cac:DespatchParty carries an "
                                     "identifier"), num);
        return insImportReject(ctx, INS_ERR_UNSUPPORTED,
                               _("despatch advice %s names no shipper: cac:DespatchSupplierParty "
                                 "has neither cac:Party/cac:PartyIdentification/cbc:ID nor "
                                 "cbc:CustomerAssignedAccountID"), num);
    }

    char issue[11], start[11];
    int issue_ok = d->issue_date && insUParseDate(d->issue_date, issue);
    int start_ok = d->start_date && insUParseDate(d->start_date, start);
    double weight = 0;
    int weight_ok = d->weight && insUParseDouble(d->weight, &weight);

    ins_doc_info di;
    memset(&di, 0, sizeof di);
    di.kind = "despatch";
    di.type_code = d->type_code;
    di.generation = gre2 ? "gre-2.0" : "guia-1.0";
    di.number = d->number;
    di.issue_date = issue_ok ? issue : NULL;
    int64_t doc = insModelDocument(db, ctx->file_id, &di);
    if (doc < 0) return INS_ERR_DB;

    if (!d->customization)
        insModelWarn(db, doc, "no_customization",
                     _("cbc:CustomizationID missing: read as a guia 1.0"));
    if (d->issue_date && !issue_ok)
        insModelWarn(db, doc, "bad_date", _("issue date '%s' is not a date"), d->issue_date);
    if (d->start_date && !start_ok)
        insModelWarn(db, doc, "bad_date", _("transport start date '%s' is not a date"),
                     d->start_date);
    if (d->weight && !weight_ok)
        insModelWarn(db, doc, "bad_number", _("gross weight '%s' is not a number"), d->weight);

    /* Parties and their roles. */
    firm_memo memo;
    memset(&memo, 0, sizeof memo);
    int64_t issuer = party_firm(db, doc, &memo, &d->supplier, 1);
    int64_t shipper, carrier;
    const desp_party *shipper_party;
    if (issuer < 0) return INS_ERR_DB;
    if (t31) {
        /* guia transportista: the issuer carries, the remitente ships */
        shipper_party = &d->despatch_party;
        shipper = party_firm(db, doc, &memo, &d->despatch_party, 0);
        if (shipper == 0)
            insModelWarn(db, doc, "no_shipper",
                         _("guia transportista %s names no remitente "
                           "(cac:Shipment/cac:Delivery/cac:Despatch/cac:DespatchParty)"), num);
        carrier = insIdPresent(d->carrier.id) || d->carrier.name
                      ? party_firm(db, doc, &memo, &d->carrier, 1) : issuer;
    } else {
        shipper_party = &d->supplier;
        shipper = issuer;
        carrier = party_firm(db, doc, &memo, &d->carrier, 1);
    }
    int64_t recipient = party_firm(db, doc, &memo, &d->customer, 0);
    int64_t seller = party_firm(db, doc, &memo, &d->seller, 0);
    if (shipper < 0 || carrier < 0 || recipient < 0 || seller < 0) return INS_ERR_DB;
    const char *mtc = d->carrier.company;
    if (!mtc && t31) mtc = d->supplier.company;

    if (issuer > 0) {
        sqlite3_stmt *st = insDbStmt(db, sql_issuer);
        if (!st) return INS_ERR_DB;
        sqlite3_bind_int64(st, 1, issuer);
        sqlite3_bind_int64(st, 2, doc);
        if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
    }

    const char *origin_ubigeo = place_ubigeo(db, doc, &d->origin, _("origin"));
    const char *dest_ubigeo = place_ubigeo(db, doc, &d->dest, _("destination"));

    /* The leg. */
    if (d->desc_cut || d->desc.len > INS_MAX_LEG_DESCRIPTION_BYTES) {
        buf_cut(&d->desc, INS_MAX_LEG_DESCRIPTION_BYTES - 3);
        insBufAppendStr(&d->desc, "...");
    }
    if (d->desc.oom) return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    sqlite3_stmt *st = insDbStmt(db, sql_leg);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, doc);
    bind_firm(st, 2, shipper);
    bind_firm(st, 3, recipient);
    bind_firm(st, 4, seller);
    bind_firm(st, 5, carrier);
    insDbBindText(st, 6, mtc);
    insDbBindText(st, 7, d->motivo);
    insDbBindText(st, 8, d->motivo_text);
    insDbBindText(st, 9, d->mode);
    insDbBindText(st, 10, start_ok ? start : NULL);
    insDbBindText(st, 11, origin_ubigeo);
    insDbBindText(st, 12, d->origin.address);
    insDbBindText(st, 13, dest_ubigeo);
    insDbBindText(st, 14, d->dest.address);
    insDbBindOptDouble(st, 15, weight_ok, weight);
    insDbBindText(st, 16, weight_ok ? d->weight_unit : NULL);
    insDbBindText(st, 17, d->desc.len ? insBufStr(&d->desc) : NULL);
    if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
    int64_t leg = sqlite3_last_insert_rowid(db->h);

    /* Vehicles: in GRE 2.0 TransportEquipment is the vehicle; in 1.0 it is
    ** a container, kept as an attribute of the leg. */
    int rc = INS_OK;
    int main_seen = 0;
    for (size_t i = 0; i < d->nequip && rc == INS_OK; i++) {
        if (gre2) {
            const char *role = !d->equip[i].attached && !main_seen ? "main" : "secondary";
            if (!d->equip[i].attached) main_seen = 1;
            rc = add_vehicle(d, d->equip[i].id, role);
        } else {
            rc = add_attr(d, "transport_leg", "container", d->equip[i].id);
            d->equip[i].id = NULL; /* taken over */
        }
    }
    if (rc != INS_OK) return insImportReject(ctx, rc, "%s", ins_strerror(rc));
    for (size_t i = 0; i < d->nveh; i++) {
        st = insDbStmt(db, sql_vehicle);
        if (!st) return INS_ERR_DB;
        sqlite3_bind_int64(st, 1, leg);
        insDbBindText(st, 2, d->veh[i].plate);
        insDbBindText(st, 3, d->veh[i].role);
        if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
    }

    /* Drivers. */
    for (size_t i = 0; i < d->ndrv; i++) {
        const desp_driver *r = &d->drv[i];
        int64_t person = insModelPerson(db, doc, insIdSchemeFromCat06(r->scheme),
                                        insIdPresent(r->id) ? r->id : NULL, r->given, r->family);
        if (person < 0) return INS_ERR_DB;
        if (person == 0) continue;
        st = insDbStmt(db, sql_driver);
        if (!st) return INS_ERR_DB;
        sqlite3_bind_int64(st, 1, leg);
        sqlite3_bind_int64(st, 2, person);
        insDbBindText(st, 3, r->licence);
        insDbBindText(st, 4, driver_role(r->job, i));
        if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
    }

    /* Related documents. */
    for (size_t i = 0; i < d->nrefs; i++) {
        const desp_ref *r = &d->refs[i];
        if (!strcmp(r->kind, "additional")) {
            st = insDbStmt(db, sql_legdoc);
            if (!st) return INS_ERR_DB;
            sqlite3_bind_int64(st, 1, leg);
            insDbBindText(st, 2, r->type);
            insDbBindText(st, 3, r->catalogue ? r->catalogue : gre2 ? "61" : "21");
            insDbBindText(st, 4, r->id);
            if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
        }
        st = insDbStmt(db, sql_docref);
        if (!st) return INS_ERR_DB;
        sqlite3_bind_int64(st, 1, doc);
        insDbBindText(st, 2, r->kind);
        insDbBindText(st, 3, r->type);
        insDbBindText(st, 4, r->id);
        if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
    }

    /* Values without a column. */
    for (size_t i = 0; i < d->nattrs; i++) {
        const desp_attr *a = &d->attrs[i];
        if (insModelAttribute(db, doc, 1, a->entity, !strcmp(a->entity, "document") ? doc : leg,
                              a->name, a->value) != INS_OK)
            return INS_ERR_DB;
    }

    /* Establishments.  An annex code (cbc:AddressTypeCode) names a
    ** registered establishment: always recorded.  Without one, the origin is
    ** a place the shipper operates from, except where catalogo 20 says the
    ** goods start elsewhere: 02 purchase (the seller's premises), 08 import
    ** (the port or customs zone), 18 itinerant issuer (no fixed place).  The
    ** destination is the shipper's own site in 04 (transfer between its
    ** establishments) and 02 (a purchase carried to its premises); in a
    ** delivery to a firm (01 sale, 03, 05, 06, 13 other, 14, 17) it is a
    ** place where the recipient operates: a mine, a camp, a workshop.  That
    ** is where labour inspectors go, so it is recorded as the recipient's
    ** establishment.  Exports, imports and customs-zone legs end at ports. */
    int origin_own = !d->motivo || !(!strcmp(d->motivo, "02") || !strcmp(d->motivo, "08") ||
                                     !strcmp(d->motivo, "18"));
    int dest_own = d->motivo && (!strcmp(d->motivo, "04") || !strcmp(d->motivo, "02"));
    int dest_recipient = d->motivo && recipient > 0 && insIdPresent(d->customer.id) &&
                         strlen(d->customer.id) == 11 &&
                         (!strcmp(d->motivo, "01") || !strcmp(d->motivo, "03") || !strcmp(d->motivo, "05") ||
                          !strcmp(d->motivo, "06") || !strcmp(d->motivo, "13") || !strcmp(d->motivo, "14") ||
                          !strcmp(d->motivo, "17"));
    if (d->origin.annex || (origin_own && origin_ubigeo)) {
        rc = place_establishment(db, doc, &d->origin, origin_ubigeo, shipper_party, shipper);
        if (rc != INS_OK) return rc;
    }
    if (d->dest.annex || (dest_own && dest_ubigeo) || (dest_recipient && dest_ubigeo)) {
        rc = dest_own ? place_establishment(db, doc, &d->dest, dest_ubigeo, shipper_party, shipper)
                      : place_establishment(db, doc, &d->dest, dest_ubigeo, &d->customer, recipient);
        if (rc != INS_OK) return rc;
    }

    /* After the leg's values were all gathered: */
    if (d->dropped)
        insModelWarn(db, doc, "truncated", _("%lu further vehicles, drivers, containers, tariff "
                                             "codes or notes not kept"), d->dropped);

    /* A firm named in two roles under two spellings is resolved twice;
    ** keep one copy of each warning. */
    st = insDbStmt(db, sql_dedupe);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, doc);
    if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;

    ctx->records = 1;
    return INS_OK;
}

/* ---- the importer -------------------------------------------------------- */

/* Claims every XML document whose root is in the DespatchAdvice namespace. */
static int sniff(const ins_sniff *s)
{
    return s->is_xml && !strcmp(s->root_ns, INS_NS_DESPATCH) ? 90 : 0;
}

/* Imports one despatch advice: read it whole, then write it. */
static int run(ins_import_ctx *ctx)
{
    ins_xml *x = NULL;
    int rc = insXmlOpen(ctx, &x);
    if (rc != INS_OK) return rc;
    if (strcmp(insXmlRootNs(x), INS_NS_DESPATCH) != 0 ||
        strcmp(insXmlRootLocal(x), "DespatchAdvice") != 0) {
        rc = insImportReject(ctx, INS_ERR_UNSUPPORTED,
                             _("root element <%s> in namespace '%s' is not a despatch advice"),
                             insXmlRootLocal(x), insXmlRootNs(x));
        insXmlClose(x);
        return rc;
    }
    desp d;
    memset(&d, 0, sizeof d);
    insBufInit(&d.desc);
    rc = collect(ctx, x, &d);
    insXmlClose(x);
    if (rc == INS_OK) rc = write_despatch(ctx, &d);
    desp_free(&d);
    return rc;
}

const ins_importer insImporterUblDespatch = {
    "sunat-despatch",
    N_("SUNAT guias de remision: GRE 2.0 (types 09, 31) and guia 1.0 (2017)"),
    sniff,
    run,
};
