/*
** ubl_invoice.c: SUNAT electronic invoices, boletas, credit and debit notes
** (UBL 2.0 legacy, early UBL 2.1 and current UBL 2.1; FORMATS.md section 1).
**
** One file is one business document.  The root's children are streamed in
** UBL order: the header (extensions, identifiers, dates, references and the
** two parties) is collected until the first line element; then the firms,
** the supplier's establishment and the documents row are created, and each
** line becomes one trade_lines row as it is read.  An embedded despatch
** (sac:SUNATEmbededDespatchAdvice, a "factura guia" of UBL 2.0) becomes one
** transport leg of the invoice once the whole file has been read.
**
** The three generations name the parties differently:
**
**   current 2.1  cac:Party/cac:PartyIdentification/cbc:ID[@schemeID]
**   early 2.1    cac:Party/cac:PartyTaxScheme/cbc:CompanyID[@schemeID]
**   legacy 2.0   cbc:CustomerAssignedAccountID + cbc:AdditionalAccountID
**
** where the scheme is SUNAT catalogo 06.  Anonymous consumers of boletas
** are not firms: such a line has no buyer.  Anonymous is a blank or
** placeholder number ("-", "0", "00000000", "9999", "99999999", "1234...")
** without a real name, or a placeholder name ("CLIENTES VARIOS", "PUBLICO
** EN GENERAL"...) under document type 0 or "-", whatever number it carries.
*/
#include "importer.h"

#include <math.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Root element kinds. */
enum { ROOT_INVOICE, ROOT_CREDIT, ROOT_DEBIT };

/* Where a party's identifier was found (tells the generation apart). */
enum { STYLE_NONE, STYLE_CURRENT, STYLE_EARLY, STYLE_LEGACY };

/* A party as read from the document: owned strings, NULL when absent. */
typedef struct inv_party {
    int present;   /* the party element was seen */
    int style;     /* STYLE_* of the identifier */
    char *id;      /* identifier as written */
    char *code;    /* catalogo 06 code (schemeID / AdditionalAccountID) */
    char *name;
    char *country; /* ISO alpha-2 from an address, when known */
    char *ubigeo;  /* establishment: INEI ubigeo */
    char *annex;   /* establishment: SUNAT annex code (0000 = main) */
    char *address;
} inv_party;

/* A reference to another document, kept until the documents row exists. */
typedef struct inv_ref {
    const char *kind; /* "despatch", "additional", "billing" */
    char *type;
    char *id;
} inv_ref;

/* State of one file's import. */
typedef struct inv_state {
    ins_import_ctx *ctx;
    int root;          /* ROOT_* */
    char *ubl_version;
    char *number;
    char *type_code;   /* InvoiceTypeCode (catalogo 01) */
    char *op_type;     /* InvoiceTypeCode@listID (catalogo 51) */
    char *op_legacy;   /* sac:SUNATTransaction/cbc:ID (UBL 2.0, catalogo 17) */
    char *currency;
    char *issue_raw;
    char issue_date[11];
    int has_date;
    inv_party supplier, customer;
    inv_ref *refs;
    size_t nrefs, caprefs;
    size_t refs_seen; /* references read, written or kept */
    char last_plate[24]; /* the last vehicle plate recorded (lines repeat it) */
    xmlNodePtr despatch; /* copy of sac:SUNATEmbededDespatchAdvice, or NULL */
    int boleta;        /* document type 03 */
    int64_t doc_id, seller_id, buyer_id, estab_id;
    unsigned lines;
} inv_state;

/* ---- small helpers ------------------------------------------------------- */

/*
** Returns the first element named QNAME in the subtree of ROOT (ROOT
** included), walking iteratively so deep input cannot exhaust the stack.
*/
static xmlNodePtr find_desc(xmlNodePtr root, const char *qname)
{
    xmlNodePtr n = root;
    while (n) {
        if (insXmlIs(n, qname)) return n;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n != root && !n->next) n = n->parent;
        if (n == root) return NULL;
        n = n->next;
    }
    return NULL;
}

/* Sets *DST to S when *DST is still unset; otherwise frees S.  The first
** occurrence of a header element wins. */
static void keep_first(char **dst, char *s)
{
    if (*dst) free(s);
    else *dst = s;
}

/*
** 1 when an identifier carries no identity: absent, "-", or only zeros,
** dashes and spaces (boletas write "0", "00000000" or "-" for "no document").
*/
static int id_blank(const char *id)
{
    if (!id) return 1;
    int digit = 0;
    for (const char *p = id; *p; p++) {
        if (*p == '0') continue;
        if (*p == '-' || *p == ' ') continue;
        digit = 1;
        break;
    }
    return !digit;
}

/*
** 1 when an identifier is a placeholder number point-of-sale systems write
** for a consumer who gave no document: one digit repeated ("9999",
** "99999999", "11111111") or the run "1234...", at least four digits once
** spaces and dashes are left out.  No RUC, DNI or CE has either shape.
*/
static int id_placeholder(const char *id)
{
    if (!id) return 0;
    char d[32];
    size_t n = 0;
    for (const char *p = id; *p; p++) {
        if (*p == '-' || *p == ' ') continue;
        if (!isdigit((unsigned char)*p) || n + 1 >= sizeof d) return 0;
        d[n++] = *p;
    }
    if (n < 4) return 0;
    int same = 1, run = d[0] == '1';
    for (size_t i = 1; i < n; i++) {
        same &= d[i] == d[0];
        run &= d[i] == (char)('0' + (i + 1) % 10);
    }
    return same || run;
}

/*
** Normalises a catalogo 06 code in place: "06" and "6" are the same code
** (carrier parties of UBL 2.0 write the former).  Leading zeros of a numeric
** code are removed, keeping one digit.
*/
static void norm_code(char *c)
{
    if (!c) return;
    size_t n = strlen(c);
    if (n < 2) return;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)c[i])) return;
    size_t z = 0;
    while (z + 1 < n && c[z] == '0') z++;
    if (z) memmove(c, c + z, n - z + 1);
}

/*
** 1 when NAME is a placeholder for an unidentified consumer ("-", "CLIENTE",
** "CLIENTES VARIOS", "SIN NOMBRE", "PUBLICO EN GENERAL"...), which must not
** become a firm.  Compared on the normalised name.
*/
static int name_placeholder(const char *name)
{
    static const char *const junk[] = {
        "", "cliente", "clientes", "cliente varios", "clientes varios", "varios",
        "sin nombre", "sin documento", "publico en general", "publico general",
        "consumidor final", "anonimo", "cliente anonimo", "no identificado",
        "ninguno", "na", "n a", "s n", "x", "xx", "xxx", "0",
    };
    if (!name) return 1;
    char *norm = insNormName(name);
    if (!norm) return 0;
    int hit = 0;
    for (size_t i = 0; i < INS_ARRAY_LEN(junk) && !hit; i++)
        if (!strcmp(norm, junk[i])) hit = 1;
    free(norm);
    return hit;
}

/* Country code (ISO alpha-2, malloc'd) of an address node, or NULL. */
static char *address_country(xmlNodePtr addr)
{
    char *c = insXmlPathText(addr, "cac:Country/cbc:IdentificationCode");
    if (!c) return NULL;
    char iso[3];
    int ok = insNormCountry(c, iso);
    free(c);
    return ok ? insUStrdup(iso) : NULL;
}

/*
** Cleans an address in place: some issuers paste HTML table markup into
** address fields ("...NAZARENO</td>\r\n</tr>"), so the text from the first
** tag on is dropped; line breaks and runs of spaces become one space.
** Returns S, or NULL (S freed) when nothing but "-" or nothing is left.
*/
static char *clean_address(char *s)
{
    if (!s) return NULL;
    size_t k = 0;
    int space = 0;
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        if (c == '<' && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/')) break;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = 1;
            continue;
        }
        if (space && k) s[k++] = ' ';
        space = 0;
        s[k++] = c;
    }
    s[k] = '\0';
    if (!k || !strcmp(s, "-")) {
        free(s);
        return NULL;
    }
    return s;
}

/* Street text of an address node: cac:AddressLine/cbc:Line or cbc:StreetName. */
static char *address_text(xmlNodePtr addr)
{
    char *s = clean_address(insXmlPathText(addr, "cac:AddressLine/cbc:Line"));
    if (!s) s = clean_address(insXmlPathText(addr, "cbc:StreetName"));
    return s;
}

static void party_free(inv_party *p)
{
    free(p->id);
    free(p->code);
    free(p->name);
    free(p->country);
    free(p->ubigeo);
    free(p->annex);
    free(p->address);
    memset(p, 0, sizeof *p);
}

/*
** Reads a party element (AccountingSupplierParty, AccountingCustomerParty,
** sac:SUNATCarrierParty, sac:DriverParty) in any of the three generations
** into P.  The first place that holds a real identifier wins, in the order
** current 2.1, early 2.1, legacy 2.0.
*/
static void party_read(xmlNodePtr node, inv_party *p)
{
    party_free(p);
    p->present = 1;
    xmlNodePtr party = insXmlChild(node, "cac:Party");
    static const struct { const char *path; int style; } where[] = {
        {"cac:Party/cac:PartyIdentification/cbc:ID", STYLE_CURRENT},
        {"cac:Party/cac:PartyTaxScheme/cbc:CompanyID", STYLE_EARLY},
        {"cbc:CustomerAssignedAccountID", STYLE_LEGACY},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(where); i++) {
        xmlNodePtr idn = insXmlPath(node, where[i].path);
        if (!idn) continue;
        char *id = insXmlText(idn);
        if (p->style && id_blank(id)) { /* keep the first blank one for its code */
            free(id);
            continue;
        }
        free(p->id);
        free(p->code);
        p->id = id;
        p->code = where[i].style == STYLE_LEGACY ? insXmlPathText(node, "cbc:AdditionalAccountID")
                                                 : insXmlAttr(idn, "schemeID");
        p->style = where[i].style;
        if (!id_blank(id)) break;
    }
    if (!p->style) p->code = insXmlPathText(node, "cbc:AdditionalAccountID");
    norm_code(p->code);

    p->name = insXmlPathText(party, "cac:PartyLegalEntity/cbc:RegistrationName");
    if (!p->name) p->name = insXmlPathText(party, "cac:PartyTaxScheme/cbc:RegistrationName");
    if (!p->name) p->name = insXmlPathText(party, "cac:PartyName/cbc:Name");

    /* Establishment: the registration address (2.1), else the postal address (2.0). */
    xmlNodePtr reg = insXmlPath(party, "cac:PartyLegalEntity/cac:RegistrationAddress");
    xmlNodePtr post = insXmlChild(party, "cac:PostalAddress");
    if (reg) {
        p->ubigeo = insXmlPathText(reg, "cbc:ID");
        p->annex = insXmlPathText(reg, "cbc:AddressTypeCode");
        p->address = address_text(reg);
    }
    if (post && !p->ubigeo && !p->annex && !p->address) {
        p->ubigeo = insXmlPathText(post, "cbc:ID");
        p->address = address_text(post);
    }
    p->country = address_country(post);
    if (!p->country) p->country = address_country(reg);
}

/* ---- database writes ------------------------------------------------------ */

/*
** Finds or creates the firm a party denotes; returns its id, 0 when the
** party is anonymous (no identifier and no real name), -1 on database error.
** Catalogo 06 gives the scheme; a non-Peruvian party takes its country from
** its address; a party with a document type of "none" but an identifier
** (exports to foreign buyers) is keyed under the OTHER scheme.
*/
static int64_t party_firm(inv_state *st, const inv_party *p)
{
    if (!p->present) return 0;
    int has_id = !id_blank(p->id) && !id_placeholder(p->id);
    const char *scheme = NULL;
    int no_doc = p->code && (!strcmp(p->code, "0") || !strcmp(p->code, "-"));
    /* a placeholder name under "no document" is nobody, whatever number
       comes with it: every seller's anonymous sales would otherwise share
       one made-up customer and join unrelated sellers in the supply graph */
    if (no_doc && name_placeholder(p->name)) return 0;
    if (p->code && !no_doc) scheme = insIdSchemeFromCat06(p->code);
    if (has_id && no_doc) scheme = INS_SCHEME_OTHER;
    int pe = scheme && !strncmp(scheme, "PE-", 3);
    const char *country = pe ? "PE" : p->country;
    if (!has_id) {
        if (name_placeholder(p->name)) return 0;
        /* a named consumer of a boleta, or a party with a Peruvian document type */
        if (!country && (pe || st->boleta)) country = "PE";
    }
    ins_party ip;
    memset(&ip, 0, sizeof ip);
    ip.scheme = has_id ? scheme : NULL;
    ip.id = has_id ? p->id : NULL;
    ip.name = p->name;
    ip.country = country;
    return insModelFirm(st->ctx->db, st->doc_id, &ip);
}

/* Inserts one document_refs row. */
static int ref_insert(inv_state *st, const char *kind, const char *type, const char *id)
{
    static const char sql[] =
        "INSERT INTO document_refs(document_id, ref_kind, ref_type, ref_id) VALUES(?,?,?,?)";
    sqlite3_stmt *s = insDbStmt(st->ctx->db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, st->doc_id);
    insDbBindText(s, 2, kind);
    insDbBindText(s, 3, type);
    insDbBindText(s, 4, id);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Records a reference read from NODE (its cbc:ID and cbc:DocumentTypeCode):
** written at once when the documents row exists, otherwise kept until it does.
*/
static int ref_keep(inv_state *st, const char *kind, char *type, char *id);

static int ref_add(inv_state *st, const char *kind, xmlNodePtr node)
{
    char *id = insXmlPathText(node, "cbc:ID");
    if (!id) return INS_OK;
    return ref_keep(st, kind, insXmlPathText(node, "cbc:DocumentTypeCode"), id);
}

/*
** Records a reference of KIND with TYPE and ID (both malloc'd, owned from
** here on; TYPE may be NULL): written at once when the documents row
** exists, otherwise kept until it does.
*/
static int ref_keep(inv_state *st, const char *kind, char *type, char *id)
{
    if (st->refs_seen >= INS_MAX_DOC_REFS) {
        free(id);
        free(type);
        return insImportReject(st->ctx, INS_ERR_TOOBIG, _("document cites more than %d documents"),
                               INS_MAX_DOC_REFS);
    }
    st->refs_seen++;
    int rc = INS_OK;
    if (st->doc_id > 0) {
        rc = ref_insert(st, kind, type, id);
        free(id);
        free(type);
        return rc;
    }
    inv_ref *v = insUGrow(st->refs, &st->caprefs, st->nrefs + 1, sizeof *v);
    if (!v) {
        free(id);
        free(type);
        return insImportReject(st->ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    }
    st->refs = v;
    st->refs[st->nrefs].kind = kind;
    st->refs[st->nrefs].type = type;
    st->refs[st->nrefs].id = id;
    st->nrefs++;
    return rc;
}

/*
** Records the vehicle plate RAW (malloc'd, owned from here on) a document
** names as a reference of kind "vehicle", type "plate", in the key form
** of transport legs' plates (upper-case letters and digits only), so that
** a sale joins the guías of the same vehicle.  A plate with no letter or
** digit is dropped.
*/
static int plate_add(inv_state *st, char *raw)
{
    if (!raw) return INS_OK;
    size_t k = 0;
    for (size_t i = 0; raw[i]; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (c < 0x80 && isalnum(c)) raw[k++] = (char)toupper(c);
    }
    raw[k] = '\0';
    if (!k || !strcmp(raw, st->last_plate)) { free(raw); return INS_OK; }
    insUStrlcpy(st->last_plate, raw, sizeof st->last_plate);
    char *type = insUStrdup("plate");
    if (!type) { free(raw); return insImportReject(st->ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM)); }
    return ref_keep(st, "vehicle", type, raw);
}

/* Inserts one record_attributes row: a fact the model has no column for. */
static int attr_insert(inv_state *st, int64_t record_no, const char *entity, int64_t entity_id,
                       const char *name, const char *value)
{
    return insModelAttribute(st->ctx->db, st->doc_id, record_no, entity, entity_id, name, value);
}

/* ---- the header ------------------------------------------------------------ */

/*
** Takes what the header needs from one child of the root that is not a
** line.  Unknown elements are searched for an embedded despatch, which
** legacy files keep inside ext:UBLExtensions but some place elsewhere.
*/
static int header_element(inv_state *st, xmlNodePtr n)
{
    if (insXmlIs(n, "cbc:UBLVersionID")) {
        keep_first(&st->ubl_version, insXmlText(n));
    } else if (insXmlIs(n, "cbc:ID")) {
        keep_first(&st->number, insXmlText(n));
    } else if (insXmlIs(n, "cbc:IssueDate")) {
        keep_first(&st->issue_raw, insXmlText(n));
    } else if (insXmlIs(n, "cbc:InvoiceTypeCode")) {
        if (!st->type_code) {
            st->type_code = insXmlText(n);
            keep_first(&st->op_type, insXmlAttr(n, "listID"));
        }
    } else if (insXmlIs(n, "cbc:DocumentCurrencyCode")) {
        keep_first(&st->currency, insXmlText(n));
    } else if (insXmlIs(n, "cac:DespatchDocumentReference")) {
        return ref_add(st, "despatch", n);
    } else if (insXmlIs(n, "cac:AdditionalDocumentReference")) {
        return ref_add(st, "additional", n);
    } else if (insXmlIs(n, "cac:PrepaidPayment")) {
        /* an advance payment this invoice settles: cbc:ID is the invoice
           or boleta of the advance, its @schemeID the catalogo 12 type */
        xmlNodePtr idn = insXmlChild(n, "cbc:ID");
        char *id = insXmlText(idn);
        return id ? ref_keep(st, "prepaid", insXmlAttr(idn, "schemeID"), id) : INS_OK;
    } else if (insXmlIs(n, "cac:BillingReference")) {
        for (xmlNodePtr r = insXmlChild(n, "cac:InvoiceDocumentReference"); r;
             r = insXmlNext(r, NULL)) {
            int rc = ref_add(st, "billing", r);
            if (rc != INS_OK) return rc;
        }
    } else if (insXmlIs(n, "cac:AccountingSupplierParty") ||
               insXmlIs(n, "cac:AccountingCustomerParty")) {
        int supplier = insXmlIs(n, "cac:AccountingSupplierParty");
        if (st->doc_id > 0)
            return insModelWarn(st->ctx->db, st->doc_id, "late_party",
                                _("%s after the lines ignored"),
                                supplier ? "AccountingSupplierParty" : "AccountingCustomerParty") == INS_OK
                       ? INS_OK
                       : INS_ERR_DB;
        inv_party *p = supplier ? &st->supplier : &st->customer;
        if (!p->present) party_read(n, p);
    } else if (!insXmlIs(n, "cac:Signature") && !insXmlIs(n, "cac:TaxTotal") &&
               !insXmlIs(n, "cac:LegalMonetaryTotal")) {
        /* ext:UBLExtensions (legacy sac:AdditionalInformation) or a stray sac: element */
        if (!st->op_legacy) {
            xmlNodePtr t = find_desc(n, "sac:SUNATTransaction");
            if (t) st->op_legacy = insXmlPathText(t, "cbc:ID");
        }
        /* legacy sac:SUNATCosts: the plate of the vehicle that carried the goods */
        xmlNodePtr costs = find_desc(n, "sac:SUNATCosts");
        if (costs) {
            int rc = plate_add(st, insXmlPathText(costs, "cac:RoadTransport/cbc:LicensePlateID"));
            if (rc != INS_OK) return rc;
        }
        if (!st->despatch) {
            xmlNodePtr d = find_desc(n, "sac:SUNATEmbededDespatchAdvice");
            if (d && !(st->despatch = xmlCopyNode(d, 1)))
                return insImportReject(st->ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
        }
    }
    return INS_OK;
}

/* Generation of the document: UBLVersionID, then where the supplier's
** identifier lives (PartyTaxScheme marks the early 2.1 style). */
static const char *generation(const inv_state *st)
{
    const char *v = st->ubl_version;
    if (v && !strncmp(v, "2.0", 3)) return "ubl-2.0";
    if (st->supplier.style == STYLE_EARLY) return "ubl-2.1-early";
    if (!v && st->supplier.style == STYLE_LEGACY) return "ubl-2.0";
    return "ubl-2.1";
}

/*
** A two-digit SUNAT code (catalogo 01 document type, catalogo 17 legacy
** operation type) as two digits: "2" and "02" are the same code.  Returns a
** malloc'd string or NULL.
*/
static char *two_digits(const char *s)
{
    if (!s) return NULL;
    ins_buf b;
    insBufInit(&b);
    if (strlen(s) == 1 && isdigit((unsigned char)s[0])) insBufAppendChar(&b, '0');
    insBufAppendStr(&b, s);
    return insBufDetach(&b);
}

/* 1 when S is exactly six ASCII digits (an ubigeo). */
static int six_digits(const char *s)
{
    if (!s || strlen(s) != 6) return 0;
    for (int i = 0; i < 6; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

/*
** Keeps *UBIGEO only when it is shaped like one (six digits); otherwise
** records a warning naming WHAT and drops it, so that no malformed code
** joins the ubigeo reference table.  Returns INS_OK or INS_ERR_DB.
*/
static int check_ubigeo(inv_state *st, const char *what, char **ubigeo)
{
    if (!*ubigeo || six_digits(*ubigeo)) return INS_OK;
    int rc = insModelWarn(st->ctx->db, st->doc_id, "bad_ubigeo", _("%s ubigeo '%s' is not 6 digits"),
                          what, *ubigeo);
    free(*ubigeo);
    *ubigeo = NULL;
    return rc == INS_OK ? INS_OK : INS_ERR_DB;
}

/*
** Ends the header: checks the supplier is identified, creates the documents
** row, the firms, the supplier's establishment and the queued references.
** Called at the first line (AT_LINE set), or at the end of a document
** without lines.
*/
static int header_finish(inv_state *st, int at_line)
{
    ins_db *db = st->ctx->db;
    const inv_party *sp = &st->supplier;
    if (!sp->present && at_line)
        return insImportReject(st->ctx, INS_ERR_UNSUPPORTED,
                               _("no supplier: no cac:AccountingSupplierParty before the first line"));
    if (!sp->present)
        return insImportReject(st->ctx, INS_ERR_UNSUPPORTED,
                               _("no supplier: the document has no cac:AccountingSupplierParty"));
    if (id_blank(sp->id))
        return insImportReject(st->ctx, INS_ERR_UNSUPPORTED,
                               _("no supplier identification: cac:AccountingSupplierParty carries no "
                                 "RUC (looked in cac:PartyIdentification/cbc:ID, "
                                 "cac:PartyTaxScheme/cbc:CompanyID and cbc:CustomerAssignedAccountID)"));

    if (st->issue_raw) st->has_date = insUParseDate(st->issue_raw, st->issue_date);
    char *type = st->root == ROOT_INVOICE ? two_digits(st->type_code) : NULL;
    const char *type_code = type;
    if (st->root == ROOT_CREDIT) type_code = "07";
    else if (st->root == ROOT_DEBIT) type_code = "08";
    char *op = st->op_type ? NULL : two_digits(st->op_legacy);

    ins_doc_info d;
    memset(&d, 0, sizeof d);
    d.kind = "invoice";
    d.type_code = type_code;
    st->boleta = type_code && !strcmp(type_code, "03");
    d.generation = generation(st);
    d.number = st->number;
    d.issue_date = st->has_date ? st->issue_date : NULL;
    d.currency = st->currency;
    d.operation_type = st->op_type ? st->op_type : op;
    st->doc_id = insModelDocument(db, st->ctx->file_id, &d);
    free(op);
    free(type);
    if (st->doc_id <= 0) return INS_ERR_DB;

    if ((st->seller_id = party_firm(st, &st->supplier)) < 0) return INS_ERR_DB;
    if ((st->buyer_id = party_firm(st, &st->customer)) < 0) return INS_ERR_DB;
    if (st->seller_id > 0) {
        static const char upd[] = "UPDATE documents SET issuer_firm_id = ? WHERE id = ?";
        sqlite3_stmt *s = insDbStmt(db, upd);
        if (!s) return INS_ERR_DB;
        sqlite3_bind_int64(s, 1, st->seller_id);
        sqlite3_bind_int64(s, 2, st->doc_id);
        if (sqlite3_step(s) != SQLITE_DONE) return INS_ERR_DB;
    }
    if (st->has_date && !insPlausibleDate(st->issue_date) &&
        insModelWarn(db, st->doc_id, "implausible",
                     _("issue date %s is outside the plausible range (from %s to a year after today)"),
                     st->issue_date, INS_PLAUSIBLE_MIN_DATE) != INS_OK)
        return INS_ERR_DB;
    if (st->issue_raw && !st->has_date &&
        insModelWarn(db, st->doc_id, "bad_date", _("issue date '%s' is not a date"), st->issue_raw) != INS_OK)
        return INS_ERR_DB;

    /* The supplier's establishment: e-invoices are issued by Peruvian taxpayers only. */
    if (check_ubigeo(st, "supplier", &st->supplier.ubigeo) != INS_OK) return INS_ERR_DB;
    if (st->seller_id > 0 && (sp->ubigeo || sp->annex)) {
        ins_estab_info e;
        memset(&e, 0, sizeof e);
        e.annex_code = sp->annex;
        e.ubigeo = sp->ubigeo;
        e.address = sp->address;
        e.country = "PE";
        e.workers = -1;
        if ((st->estab_id = insModelEstablishment(db, st->doc_id, st->seller_id, &e)) < 0)
            return INS_ERR_DB;
    }

    for (size_t i = 0; i < st->nrefs; i++)
        if (ref_insert(st, st->refs[i].kind, st->refs[i].type, st->refs[i].id) != INS_OK)
            return INS_ERR_DB;
    return INS_OK;
}

/* ---- lines ------------------------------------------------------------------- */

/* One line's values, owned. */
typedef struct inv_line {
    char *line_no, *description, *seller_item, *gtin, *unspsc, *tariff, *hs6;
    char *unit, *currency, *dam_number, *dam_series;
    int has_qty, has_amount;
    double qty, amount;
} inv_line;

static void line_free(inv_line *l)
{
    free(l->line_no);
    free(l->description);
    free(l->seller_item);
    free(l->gtin);
    free(l->unspsc);
    free(l->tariff);
    free(l->hs6);
    free(l->unit);
    free(l->currency);
    free(l->dam_number);
    free(l->dam_series);
}

/*
** Parses the decimal in NODE's text into *OUT; records a warning naming
** WHAT (of line LINE_NO, or of the embedded despatch when LINE_NO is NULL)
** when the text is present but not a number.  Returns 1 when a value was
** read, 0 when none, -1 on database error.
*/
static int read_number(inv_state *st, xmlNodePtr node, const char *what, const char *line_no,
                       double *out)
{
    char *t = insXmlText(node);
    if (!t) return 0;
    int ok = insUParseDouble(t, out);
    int rc = ok;
    if (ok && (!isfinite(*out) || *out < 0 || fabs(*out) > INS_PLAUSIBLE_MAX_AMOUNT)) {
        /* a negative, endless or astronomical value (1e308) is no amount,
           quantity or weight of a trade document: warned, and missing, so
           that it stays out of sums and shares */
        int w = line_no ? insModelWarn(st->ctx->db, st->doc_id, "implausible",
                                       _("line %s: %s out of the plausible range (0 to %.0f): left out"),
                                       line_no, what, INS_PLAUSIBLE_MAX_AMOUNT)
                        : insModelWarn(st->ctx->db, st->doc_id, "implausible",
                                       _("embedded despatch: %s out of the plausible range (0 to %.0f): left out"),
                                       what, INS_PLAUSIBLE_MAX_AMOUNT);
        free(t);
        return w == INS_OK ? 0 : -1;
    }
    if (!ok) {
        int w = line_no ? insModelWarn(st->ctx->db, st->doc_id, "bad_number",
                                       _("line %s: %s '%s' is not a number"), line_no, what, t)
                        : insModelWarn(st->ctx->db, st->doc_id, "bad_number",
                                       _("embedded despatch: %s '%s' is not a number"), what, t);
        if (w != INS_OK) rc = -1;
    }
    free(t);
    return rc;
}

/* 1 when a classification list names a customs tariff rather than UNSPSC. */
static int tariff_list(const char *list)
{
    if (!list) return 0;
    return insUStrieq(list, "HS") || insUStrieq(list, "NANDINA") || insUStrieq(list, "HTS") ||
           insUStrieq(list, "CN") || strstr(list, "rancel") != NULL || strstr(list, "RANCEL") != NULL;
}

/* Sets the line's tariff code and HS6 from the tariff text T (digits only). */
static void line_tariff(inv_line *l, const char *t)
{
    char *d = insUDigitsOnly(t);
    if (!d) return;
    if (!*d) { free(d); return; }
    free(l->tariff);
    free(l->hs6);
    l->tariff = d;
    l->hs6 = strlen(d) >= 6 ? insUStrndup(d, 6) : NULL;
}

/* 1 when a catalogo 55 code is one the trade_lines row has a column for. */
static int known_property(const char *code)
{
    return code && (!strcmp(code, "7020") || !strcmp(code, "7021") || !strcmp(code, "7023"));
}

/*
** Reads cac:Item into L: descriptions (joined with a space), item
** identifiers, classifications and the catalogo 55 properties (7020 tariff
** line, 7021 DAM number, 7023 series in the DAM).  A tariff code given as a
** cac:CommodityClassification with an HS-like list is used when no 7020
** property is present.
*/
static int line_item(xmlNodePtr item, inv_line *l)
{
    ins_buf desc;
    insBufInit(&desc);
    for (xmlNodePtr d = insXmlChild(item, "cbc:Description"); d; d = insXmlNext(d, NULL)) {
        char *t = insXmlText(d);
        if (!t) continue;
        if (desc.len) insBufAppendChar(&desc, ' ');
        insBufAppendStr(&desc, t);
        free(t);
    }
    if (desc.oom) { insBufFree(&desc); return INS_ERR_NOMEM; }
    l->description = desc.len ? insBufDetach(&desc) : insXmlPathText(item, "cbc:Name");
    insBufFree(&desc);
    l->seller_item = insXmlPathText(item, "cac:SellersItemIdentification/cbc:ID");
    l->gtin = insXmlPathText(item, "cac:StandardItemIdentification/cbc:ID");

    char *tariff_class = NULL; /* a tariff given as a classification, used without 7020 */
    for (xmlNodePtr c = insXmlChild(item, "cac:CommodityClassification"); c; c = insXmlNext(c, NULL)) {
        xmlNodePtr code = insXmlChild(c, "cbc:ItemClassificationCode");
        char *v = insXmlText(code);
        if (!v) continue;
        char *list = insXmlAttr(code, "listID");
        if (!list) list = insXmlAttr(code, "listName");
        if (tariff_list(list)) keep_first(&tariff_class, v);
        else keep_first(&l->unspsc, v);
        free(list);
    }

    int have_7020 = 0;
    for (xmlNodePtr p = insXmlChild(item, "cac:AdditionalItemProperty"); p; p = insXmlNext(p, NULL)) {
        char *code = insXmlPathText(p, "cbc:NameCode");
        char *value = insXmlPathText(p, "cbc:Value");
        if (code && !strcmp(code, "7020") && value) {
            if (!have_7020) line_tariff(l, value);
            have_7020 = l->tariff != NULL;
        } else if (code && !strcmp(code, "7021") && value) {
            /* the DAM number in the form declarations carry it (dam.c), so
               that declaration_documents joins however the issuer wrote it */
            char dam[INS_DAM_NUMBER_BYTES];
            char *c = insIdDamNumber(value, dam) ? insUStrdup(dam) : NULL;
            if (c) {
                free(value);
                value = c;
            }
            keep_first(&l->dam_number, value);
            value = NULL;
        } else if (code && !strcmp(code, "7023") && value) {
            keep_first(&l->dam_series, value);
            value = NULL;
        }
        free(code);
        free(value);
    }
    if (!have_7020 && tariff_class) line_tariff(l, tariff_class);
    free(tariff_class);
    return INS_OK;
}

/*
** Keeps the item properties the model has no column for (detraccion codes,
** free-form names...) as record attributes of trade line LINE_ID, named
** "item_property:<NameCode or Name>".
*/
static int line_attrs(inv_state *st, xmlNodePtr item, int64_t line_id)
{
    int rc = INS_OK;
    for (xmlNodePtr p = insXmlChild(item, "cac:AdditionalItemProperty"); p && rc == INS_OK;
         p = insXmlNext(p, NULL)) {
        char *code = insXmlPathText(p, "cbc:NameCode");
        char *value = insXmlPathText(p, "cbc:Value");
        char *name = code ? NULL : insXmlPathText(p, "cbc:Name");
        if (value && code && !strcmp(code, "7000")) {
            /* catalogo 55 7000: the plate of the vehicle (kept as an attribute too) */
            char *plate = insUStrdup(value);
            rc = plate ? plate_add(st, plate)
                       : insImportReject(st->ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
        }
        if (rc == INS_OK && value && !known_property(code)) {
            ins_buf key;
            insBufInit(&key);
            insBufPrintf(&key, "item_property:%s", code ? code : name ? name : "?");
            rc = key.oom ? insImportReject(st->ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM))
                         : attr_insert(st, st->lines, "trade_line", line_id, insBufStr(&key), value);
            insBufFree(&key);
        }
        free(code);
        free(value);
        free(name);
    }
    return rc;
}

/* Inserts one trade line from a cac:InvoiceLine / CreditNoteLine / DebitNoteLine. */
static int line_add(inv_state *st, xmlNodePtr n)
{
    static const char sql[] =
        "INSERT INTO trade_lines(document_id, line_no, seller_firm_id, buyer_firm_id,"
        " seller_establishment_id, date, description, seller_item_id, gtin, unspsc, tariff_code,"
        " hs6, quantity, unit, amount, currency, dam_number, dam_series, sign, amount_pen)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, CASE WHEN ?16 IS NULL OR ?16 = 'PEN' THEN ?15 END)";
    if (st->lines >= INS_MAX_DOC_LINES)
        return insImportReject(st->ctx, INS_ERR_TOOBIG, _("document has more than %d lines"),
                               INS_MAX_DOC_LINES);
    inv_line l;
    memset(&l, 0, sizeof l);
    int rc = INS_OK;

    l.line_no = insXmlPathText(n, "cbc:ID");
    xmlNodePtr q = insXmlChild(n, "cbc:InvoicedQuantity");
    if (!q) q = insXmlChild(n, "cbc:CreditedQuantity");
    if (!q) q = insXmlChild(n, "cbc:DebitedQuantity");
    int r = read_number(st, q, "quantity", l.line_no, &l.qty);
    if (r < 0) { rc = INS_ERR_DB; goto out; }
    l.has_qty = r;
    l.unit = insXmlAttr(q, "unitCode");
    xmlNodePtr a = insXmlChild(n, "cbc:LineExtensionAmount");
    r = read_number(st, a, "amount", l.line_no, &l.amount);
    if (r < 0) { rc = INS_ERR_DB; goto out; }
    l.has_amount = r;
    l.currency = insXmlAttr(a, "currencyID");
    if (!l.currency && st->currency) l.currency = insUStrdup(st->currency);
    xmlNodePtr item = insXmlChild(n, "cac:Item");
    rc = line_item(item, &l);
    if (rc != INS_OK) {
        rc = insImportReject(st->ctx, rc, "%s", ins_strerror(rc));
        goto out;
    }

    sqlite3_stmt *s = insDbStmt(st->ctx->db, sql);
    if (!s) { rc = INS_ERR_DB; goto out; }
    sqlite3_bind_int64(s, 1, st->doc_id);
    insDbBindText(s, 2, l.line_no);
    if (st->seller_id > 0) sqlite3_bind_int64(s, 3, st->seller_id);
    if (st->buyer_id > 0) sqlite3_bind_int64(s, 4, st->buyer_id);
    if (st->estab_id > 0) sqlite3_bind_int64(s, 5, st->estab_id);
    insDbBindText(s, 6, st->has_date ? st->issue_date : NULL);
    insDbBindText(s, 7, l.description);
    insDbBindText(s, 8, l.seller_item);
    insDbBindText(s, 9, l.gtin);
    insDbBindText(s, 10, l.unspsc);
    insDbBindText(s, 11, l.tariff);
    insDbBindText(s, 12, l.hs6);
    insDbBindOptDouble(s, 13, l.has_qty, l.qty);
    insDbBindText(s, 14, l.unit);
    insDbBindOptDouble(s, 15, l.has_amount, l.amount);
    insDbBindText(s, 16, l.currency);
    insDbBindText(s, 17, l.dam_number);
    insDbBindText(s, 18, l.dam_series);
    sqlite3_bind_int(s, 19, st->root == ROOT_CREDIT ? -1 : 1);
    if (sqlite3_step(s) != SQLITE_DONE) { rc = INS_ERR_DB; goto out; }
    int64_t line_id = sqlite3_last_insert_rowid(st->ctx->db->h);
    st->lines++;

    rc = line_attrs(st, item, line_id);
out:
    line_free(&l);
    return rc;
}

/* ---- embedded despatch ----------------------------------------------------------- */

/*
** Turns the embedded despatch of a legacy "factura guia" into one transport
** leg of this invoice: the supplier ships to the customer, through the
** carrier, with the driver and plate given.  The structure carries no
** motivo and no start date; vehicle brand and authorisation are kept as
** record attributes.
*/
static int despatch_add(inv_state *st)
{
    static const char ins_leg[] =
        "INSERT INTO transport_legs(document_id, source, shipper_firm_id, recipient_firm_id,"
        " seller_firm_id, carrier_firm_id, mode, origin_ubigeo, origin_address, dest_ubigeo,"
        " dest_address, gross_weight, weight_unit) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)";
    static const char ins_vehicle[] =
        "INSERT OR IGNORE INTO leg_vehicles(leg_id, plate, role) VALUES(?,?,'main')";
    static const char ins_driver[] =
        "INSERT OR IGNORE INTO leg_drivers(leg_id, person_id, role) VALUES(?,?,'main')";
    xmlNodePtr d = st->despatch;
    ins_db *db = st->ctx->db;
    inv_party carrier, driver;
    memset(&carrier, 0, sizeof carrier);
    memset(&driver, 0, sizeof driver);
    xmlNodePtr origin = insXmlChild(d, "cac:OriginAddress");
    xmlNodePtr dest = insXmlChild(d, "cac:DeliveryAddress");
    xmlNodePtr road = insXmlChild(d, "sac:SUNATRoadTransport");
    xmlNodePtr weight = insXmlChild(d, "cbc:GrossWeightMeasure");
    char *o_ubi = insXmlPathText(origin, "cbc:ID"), *o_addr = address_text(origin);
    char *d_ubi = insXmlPathText(dest, "cbc:ID"), *d_addr = address_text(dest);
    char *plate = insXmlPathText(road, "cbc:LicensePlateID");
    char *mode = insXmlPathText(d, "cbc:TransportModeCode");
    char *wunit = insXmlAttr(weight, "unitCode");
    char *brand = insXmlPathText(road, "cbc:BrandName");
    char *auth = insXmlPathText(road, "cbc:TransportAuthorizationCode");
    double w = 0;
    int has_w = 0;
    int rc = INS_OK;
    xmlNodePtr cn = insXmlChild(d, "sac:SUNATCarrierParty");
    xmlNodePtr dn = insXmlChild(d, "sac:DriverParty");
    if (cn) party_read(cn, &carrier);
    if (dn) party_read(dn, &driver);
    if (weight && (has_w = read_number(st, weight, "gross weight", NULL, &w)) < 0) {
        rc = INS_ERR_DB;
        goto out;
    }
    if ((rc = check_ubigeo(st, "origin", &o_ubi)) != INS_OK ||
        (rc = check_ubigeo(st, "destination", &d_ubi)) != INS_OK)
        goto out;
    int64_t carrier_id = party_firm(st, &carrier);
    if (carrier_id < 0) { rc = INS_ERR_DB; goto out; }
    int64_t person = 0;
    if (!id_blank(driver.id) || driver.name) {
        const char *scheme = NULL;
        if (driver.code && strcmp(driver.code, "0") && strcmp(driver.code, "-"))
            scheme = insIdSchemeFromCat06(driver.code);
        /* SUNAT gives one full name: kept whole so the normalised name is right */
        person = insModelPerson(db, st->doc_id, scheme, id_blank(driver.id) ? NULL : driver.id, NULL,
                                driver.name);
        if (person < 0) { rc = INS_ERR_DB; goto out; }
    }
    if (!carrier_id && !person && !plate && !o_ubi && !o_addr && !d_ubi && !d_addr) goto out;

    sqlite3_stmt *s = insDbStmt(db, ins_leg);
    if (!s) { rc = INS_ERR_DB; goto out; }
    sqlite3_bind_int64(s, 1, st->doc_id);
    insDbBindText(s, 2, "embedded");
    if (st->seller_id > 0) sqlite3_bind_int64(s, 3, st->seller_id);
    if (st->buyer_id > 0) sqlite3_bind_int64(s, 4, st->buyer_id);
    if (st->seller_id > 0) sqlite3_bind_int64(s, 5, st->seller_id);
    if (carrier_id > 0) sqlite3_bind_int64(s, 6, carrier_id);
    insDbBindText(s, 7, mode);
    insDbBindText(s, 8, o_ubi);
    insDbBindText(s, 9, o_addr);
    insDbBindText(s, 10, d_ubi);
    insDbBindText(s, 11, d_addr);
    insDbBindOptDouble(s, 12, has_w, w);
    insDbBindText(s, 13, has_w ? wunit : NULL);
    if (sqlite3_step(s) != SQLITE_DONE) { rc = INS_ERR_DB; goto out; }
    int64_t leg = sqlite3_last_insert_rowid(db->h);

    if (plate) {
        if (!(s = insDbStmt(db, ins_vehicle))) { rc = INS_ERR_DB; goto out; }
        sqlite3_bind_int64(s, 1, leg);
        insDbBindText(s, 2, plate);
        if (sqlite3_step(s) != SQLITE_DONE) { rc = INS_ERR_DB; goto out; }
    }
    if (person > 0) {
        if (!(s = insDbStmt(db, ins_driver))) { rc = INS_ERR_DB; goto out; }
        sqlite3_bind_int64(s, 1, leg);
        sqlite3_bind_int64(s, 2, person);
        if (sqlite3_step(s) != SQLITE_DONE) { rc = INS_ERR_DB; goto out; }
    }
    if (brand && (rc = attr_insert(st, 1, "transport_leg", leg, "vehicle_brand", brand)) != INS_OK)
        goto out;
    if (auth)
        rc = attr_insert(st, 1, "transport_leg", leg, "vehicle_authorization", auth);
out:
    party_free(&carrier);
    party_free(&driver);
    free(o_ubi);
    free(o_addr);
    free(d_ubi);
    free(d_addr);
    free(plate);
    free(mode);
    free(wunit);
    free(brand);
    free(auth);
    return rc;
}

/* ---- the importer ---------------------------------------------------------------- */

static void state_free(inv_state *st)
{
    free(st->ubl_version);
    free(st->number);
    free(st->type_code);
    free(st->op_type);
    free(st->op_legacy);
    free(st->currency);
    free(st->issue_raw);
    party_free(&st->supplier);
    party_free(&st->customer);
    for (size_t i = 0; i < st->nrefs; i++) {
        free(st->refs[i].type);
        free(st->refs[i].id);
    }
    free(st->refs);
    if (st->despatch) xmlFreeNode(st->despatch);
}

/* Confident on the three UBL roots SUNAT uses for invoices and notes. */
static int sniff(const ins_sniff *s)
{
    if (!s->is_xml) return 0;
    if ((!strcmp(s->root_ns, INS_NS_INVOICE) && !strcmp(s->root_local, "Invoice")) ||
        (!strcmp(s->root_ns, INS_NS_CREDITNOTE) && !strcmp(s->root_local, "CreditNote")) ||
        (!strcmp(s->root_ns, INS_NS_DEBITNOTE) && !strcmp(s->root_local, "DebitNote")))
        return 90;
    return 0;
}

/*
** Imports one invoice, boleta, credit or debit note.  Streams the root's
** children; the header ends at the first line; lines are written as read.
*/
static int run(ins_import_ctx *ctx)
{
    ins_xml *x = NULL;
    int rc = insXmlOpen(ctx, &x);
    if (rc != INS_OK) return rc;
    inv_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    const char *ns = insXmlRootNs(x), *local = insXmlRootLocal(x);
    if (!strcmp(ns, INS_NS_INVOICE) && !strcmp(local, "Invoice")) st.root = ROOT_INVOICE;
    else if (!strcmp(ns, INS_NS_CREDITNOTE) && !strcmp(local, "CreditNote")) st.root = ROOT_CREDIT;
    else if (!strcmp(ns, INS_NS_DEBITNOTE) && !strcmp(local, "DebitNote")) st.root = ROOT_DEBIT;
    else {
        rc = insImportReject(ctx, INS_ERR_UNSUPPORTED,
                             _("not a SUNAT invoice or note: root element <%s> in namespace '%s'"),
                             local, ns);
        insXmlClose(x);
        return rc;
    }

    xmlNodePtr n;
    while ((n = insXmlNextTop(x, &rc)) != NULL) {
        if (insXmlIs(n, "cac:InvoiceLine") || insXmlIs(n, "cac:CreditNoteLine") ||
            insXmlIs(n, "cac:DebitNoteLine")) {
            if (!st.doc_id && (rc = header_finish(&st, 1)) != INS_OK) break;
            if ((rc = line_add(&st, n)) != INS_OK) break;
        } else if ((rc = header_element(&st, n)) != INS_OK) {
            break;
        }
    }
    if (rc == INS_OK && !st.doc_id) rc = header_finish(&st, 0);
    if (rc == INS_OK && st.despatch) rc = despatch_add(&st);
    if (rc == INS_OK) {
        ctx->records = st.lines;
        if (st.lines) ctx->trade_changed = 1;
    }
    state_free(&st);
    insXmlClose(x);
    return rc;
}

const ins_importer insImporterUblInvoice = {
    "sunat-invoice",
    N_("SUNAT e-invoices, boletas, credit and debit notes (UBL 2.0 / 2.1)"),
    sniff,
    run,
};
