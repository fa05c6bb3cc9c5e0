/*
** gen_output.c: the writers of every output file.
**
** SUNAT UBL 2.1 facturas, boletas and notas de credito, GRE 2.0 guias de
** remision (remitente 09, transportista 31), the supplier declarations
** (facility-list CSV), and truth.csv and decoys.csv.  The writers draw
** from the generator only for what a document makes up as it is written
** (issue times, a declared head count, the informal supplier's figures).
*/
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"

/* ---- XML output ------------------------------------------------------------------- */

#define NS_UBL                                                                                               \
    " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\""                \
    " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\""                    \
    " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""                                                       \
    " xmlns:ext=\"urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2\""                \
    " xmlns:sac=\"urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1\""
#define CAT06                                                                                                \
    " schemeName=\"Documento de Identidad\" schemeAgencyName=\"PE:SUNAT\""                                   \
    " schemeURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo06\""
#define UBIGEO_ATTR " schemeName=\"Ubigeos\" schemeAgencyName=\"PE:INEI\""
#define UNIT_ATTR                                                                                            \
    " unitCodeListID=\"UN/ECE rec 20\" unitCodeListAgencyName=\"United Nations Economic Commission for "     \
    "Europe\""

/* Writes S escaped for XML text or attribute values. */
static void xe(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default: fputc(*s, fp);
        }
    }
}

/* Writes S as a CDATA section, as SUNAT issuers do for names and descriptions. */
static void xcd(FILE *fp, const char *s)
{
    fputs("<![CDATA[", fp);
    fputs(s, fp);
    fputs("]]>", fp);
}

/* YYYY-MM-DD of day DAY of the world. */
void fmt_date(const world *w, int day, char out[11])
{
    int y, m, d;
    civil_from_days(w->start_dn + day, &y, &m, &d);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

/*
** 1 when the documents of day DAY are written: every day unless
** --only-months chose some months of the window.  The others are played
** all the same (every draw, number and counter), so the files written for
** those months are the very bytes a run over the whole window writes.
*/
int day_written(const world *w, int day)
{
    return day >= w->write_from && day < w->write_to;
}

/* A plausible issue time, HH:MM:SS during working hours. */
static void fmt_time(world *w, char out[9])
{
    unsigned h = (unsigned)rnd_between(&w->r, 7, 19) % 24u;
    unsigned m = (unsigned)rnd(&w->r, 60) % 60u;
    unsigned sec = (unsigned)rnd(&w->r, 60) % 60u;
    snprintf(out, 9, "%02u:%02u:%02u", h, m, sec);
}

/* Opens OUTDIR/SUB/RUC-TYPE-NUMBER.xml for writing; exits on failure. */
static FILE *doc_open(world *w, const char *sub, const char *ruc, const char *type, const char *number)
{
    char path[PATH_BYTES];
    int n = snprintf(path, sizeof path, "%s/%s/%s-%s-%s.xml", w->outdir, sub, ruc, type, number);
    if (n < 0 || (size_t)n >= sizeof path) {
        fputs("gen-world: output path too long\n", stderr);
        exit(3);
    }
    FILE *fp = fopen(path, "w");
    if (!fp) {
        fprintf(stderr, "gen-world: %s: %s\n", path, strerror(errno));
        exit(3);
    }
    return fp;
}

/* Closes a written file; exits when the write failed (disk full...). */
static void doc_close(FILE *fp)
{
    if (ferror(fp) | fclose(fp)) {
        fprintf(stderr, "gen-world: write error: %s\n", strerror(errno));
        exit(3);
    }
}

/* The signature block issuers include (the files themselves are not signed). */
static void put_signature(FILE *fp, const firm *f, const char *uname)
{
    fprintf(fp, "  <cac:Signature>\n    <cbc:ID>IDSign%s</cbc:ID>\n    <cac:SignatoryParty>\n", f->id);
    fprintf(
        fp,
        "      <cac:PartyIdentification>\n        <cbc:ID>%s</cbc:ID>\n      </cac:PartyIdentification>\n",
        f->id);
    fputs("      <cac:PartyName>\n        <cbc:Name>", fp);
    xcd(fp, uname);
    fputs("</cbc:Name>\n      </cac:PartyName>\n    </cac:SignatoryParty>\n", fp);
    fputs("    <cac:DigitalSignatureAttachment>\n      <cac:ExternalReference>\n        "
          "<cbc:URI>#SignatureSP</cbc:URI>\n"
          "      </cac:ExternalReference>\n    </cac:DigitalSignatureAttachment>\n  </cac:Signature>\n",
          fp);
}

/* Writes a RegistrationAddress of firm F: its main establishment, or its worksite when SITE. */
static void put_reg_address(FILE *fp, const firm *f, int site)
{
    int d = site && f->site >= 0 ? f->site : f->dist;
    const char *addr = site && f->site >= 0 ? f->site_addr : f->addr;
    fputs("        <cac:RegistrationAddress>\n", fp);
    fprintf(fp, "          <cbc:ID" UBIGEO_ATTR ">%s</cbc:ID>\n", DISTRICTS[d].code);
    fprintf(fp,
            "          <cbc:AddressTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Establecimientos "
            "anexos\">%s</cbc:AddressTypeCode>\n",
            site && f->site >= 0 ? "0001" : "0000");
    fprintf(fp,
            "          <cbc:CityName>%s</cbc:CityName>\n          "
            "<cbc:CountrySubentity>%s</cbc:CountrySubentity>\n",
            DISTRICTS[d].province, DISTRICTS[d].dept);
    fprintf(fp,
            "          <cbc:District>%s</cbc:District>\n          <cac:AddressLine>\n            <cbc:Line>",
            DISTRICTS[d].name);
    xe(fp, addr);
    fputs("</cbc:Line>\n          </cac:AddressLine>\n          <cac:Country>\n"
          "            <cbc:IdentificationCode listID=\"ISO 3166-1\" listAgencyName=\"United Nations "
          "Economic Commission for Europe\">PE</cbc:IdentificationCode>\n"
          "          </cac:Country>\n        </cac:RegistrationAddress>\n",
          fp);
}

/* Writes the customer of invoice IV (a firm, a foreign buyer or a consumer). */
static void put_customer(FILE *fp, const world *w, const invoice *iv)
{
    char uname[128], folded[128];
    fputs("  <cac:AccountingCustomerParty>\n    <cac:Party>\n      <cac:PartyIdentification>\n", fp);
    if (iv->buyer < 0) {
        fprintf(fp, "        <cbc:ID schemeID=\"%s\"" CAT06 ">%s</cbc:ID>\n", iv->cons_scheme, iv->cons_id);
        fputs(
            "      </cac:PartyIdentification>\n      <cac:PartyLegalEntity>\n        <cbc:RegistrationName>",
            fp);
        xcd(fp, iv->cons_name);
        fputs("</cbc:RegistrationName>\n      </cac:PartyLegalEntity>\n", fp);
    } else {
        const firm *b = &w->firms[iv->buyer];
        int foreign = b->kind == K_FOREIGN;
        fprintf(fp, "        <cbc:ID schemeID=\"%s\"" CAT06 ">%s</cbc:ID>\n", foreign ? "0" : "6", b->id);
        fputs(
            "      </cac:PartyIdentification>\n      <cac:PartyLegalEntity>\n        <cbc:RegistrationName>",
            fp);
        if (iv->fold_buyer) {
            fold_accents(b->name, folded, sizeof folded);
            upcase(folded, uname, sizeof uname);
        } else {
            upcase(b->name, uname, sizeof uname);
        }
        xcd(fp, foreign ? b->name : uname);
        fputs("</cbc:RegistrationName>\n        <cac:RegistrationAddress>\n          <cac:AddressLine>\n     "
              "       <cbc:Line>",
              fp);
        if (foreign) {
            xe(fp, b->addr);
        } else {
            xe(fp, b->addr);
            fprintf(fp, " - %s", DISTRICTS[b->dist].name);
        }
        fprintf(fp,
                "</cbc:Line>\n          </cac:AddressLine>\n          <cac:Country>\n"
                "            <cbc:IdentificationCode>%s</cbc:IdentificationCode>\n          </cac:Country>\n"
                "        </cac:RegistrationAddress>\n      </cac:PartyLegalEntity>\n",
                foreign ? FOREIGN[b->foreign].iso : "PE");
    }
    fputs("    </cac:Party>\n  </cac:AccountingCustomerParty>\n", fp);
}

/* Writes the tax subtotal of one amount under tax mode TAX. */
static void put_tax(FILE *fp, const char *ind, const char *cur, double base, double tax, int mode)
{
    static const char *const cat[] = {"S", "E", "G"};
    static const char *const reason[] = {"10", "20", "40"};
    static const char *const scheme[][3] = {
        {"1000", "IGV", "VAT"}, {"9997", "EXO", "VAT"}, {"9995", "EXP", "FRE"}};
    fprintf(fp, "%s<cac:TaxTotal>\n%s  <cbc:TaxAmount currencyID=\"%s\">%.2f</cbc:TaxAmount>\n", ind, ind,
            cur, tax);
    fprintf(fp,
            "%s  <cac:TaxSubtotal>\n%s    <cbc:TaxableAmount currencyID=\"%s\">%.2f</cbc:TaxableAmount>\n",
            ind, ind, cur, base);
    fprintf(fp, "%s    <cbc:TaxAmount currencyID=\"%s\">%.2f</cbc:TaxAmount>\n%s    <cac:TaxCategory>\n", ind,
            cur, tax, ind);
    fprintf(fp,
            "%s      <cbc:ID schemeID=\"UN/ECE 5305\" schemeAgencyName=\"United Nations Economic Commission "
            "for Europe\">%s</cbc:ID>\n",
            ind, cat[mode]);
    fprintf(fp, "%s      <cbc:Percent>%s</cbc:Percent>\n", ind, mode == TAX_IGV ? "18.00" : "0.00");
    fprintf(fp,
            "%s      <cbc:TaxExemptionReasonCode listAgencyName=\"PE:SUNAT\" listName=\"Afectacion del IGV\" "
            "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo07\">%s</cbc:TaxExemptionReasonCode>\n",
            ind, reason[mode]);
    fprintf(fp,
            "%s      <cac:TaxScheme>\n%s        <cbc:ID schemeName=\"Codigo de tributos\" "
            "schemeAgencyName=\"PE:SUNAT\" "
            "schemeURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo05\">%s</cbc:ID>\n",
            ind, ind, scheme[mode][0]);
    fprintf(fp,
            "%s        <cbc:Name>%s</cbc:Name>\n%s        <cbc:TaxTypeCode>%s</cbc:TaxTypeCode>\n%s      "
            "</cac:TaxScheme>\n",
            ind, scheme[mode][1], ind, scheme[mode][2], ind);
    fprintf(fp, "%s    </cac:TaxCategory>\n%s  </cac:TaxSubtotal>\n%s</cac:TaxTotal>\n", ind, ind, ind);
}

/*
** Writes a factura (01), boleta (03) or nota de credito (07) in UBL 2.1 as
** SUNAT's current schema has it: supplier by PartyIdentification with
** catalogo 06 code 6, its issuing establishment in RegistrationAddress
** (ubigeo and annex code), operation type as InvoiceTypeCode@listID, and
** every line of goods with its partida arancelaria (catalogo 55 code 7020).
*/
void write_invoice(world *w, const invoice *iv)
{
    const firm *s = &w->firms[iv->seller];
    int cn = !strcmp(iv->type, "07");
    const char *cur = iv->usd ? "USD" : "PEN";
    const char *root = cn ? "CreditNote" : "Invoice";
    const char *lname = cn ? "CreditNoteLine" : "InvoiceLine";
    const char *qname = cn ? "CreditedQuantity" : "InvoicedQuantity";
    char date[11], time_s[9], uname[128];
    fmt_date(w, iv->day, date);
    fmt_time(w, time_s);
    upcase(s->name, uname, sizeof uname);

    double base = 0;
    double amt[MAX_LINES];
    for (int i = 0; i < iv->nl; i++) {
        amt[i] = round2(iv->lines[i].qty * iv->lines[i].price);
        base += amt[i];
    }
    base = round2(base);
    double tax = iv->tax == TAX_IGV ? round2(base * 0.18) : 0;

    w->firms[iv->seller].docs++;
    if (iv->buyer >= 0) w->firms[iv->buyer].docs++;
    if (!day_written(w, iv->day)) return; /* played, not written (--only-months) */
    FILE *fp = doc_open(w, "sunat/invoices", s->id, iv->type, iv->number);
    fprintf(fp,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%s "
            "xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:%s-2\"" NS_UBL ">\n",
            root, root);
    fputs("  <ext:UBLExtensions>\n    <ext:UBLExtension>\n      <ext:ExtensionContent/>\n    "
          "</ext:UBLExtension>\n  </ext:UBLExtensions>\n",
          fp);
    fputs("  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>\n  <cbc:CustomizationID>2.0</cbc:CustomizationID>\n",
          fp);
    fprintf(
        fp,
        "  <cbc:ID>%s</cbc:ID>\n  <cbc:IssueDate>%s</cbc:IssueDate>\n  <cbc:IssueTime>%s</cbc:IssueTime>\n",
        iv->number, date, time_s);
    if (iv->credit_days) {
        char due[11];
        fmt_date(w, iv->day + iv->credit_days, due);
        fprintf(fp, "  <cbc:DueDate>%s</cbc:DueDate>\n", due);
    }
    if (!cn)
        fprintf(
            fp,
            "  <cbc:InvoiceTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Tipo de Documento\" "
            "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo01\" listID=\"%s\" name=\"Tipo de "
            "Operacion\" "
            "listSchemeURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo51\">%s</cbc:InvoiceTypeCode>\n",
            iv->op, iv->type);
    fprintf(
        fp,
        "  <cbc:DocumentCurrencyCode listID=\"ISO 4217 Alpha\" listName=\"Currency\" "
        "listAgencyName=\"United Nations Economic Commission for Europe\">%s</cbc:DocumentCurrencyCode>\n",
        cur);
    if (cn) {
        fprintf(fp,
                "  <cac:DiscrepancyResponse>\n    <cbc:ReferenceID>%s</cbc:ReferenceID>\n"
                "    <cbc:ResponseCode listAgencyName=\"PE:SUNAT\" listName=\"Tipo de nota de credito\" "
                "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo09\">%s</cbc:ResponseCode>\n"
                "    <cbc:Description>",
                iv->ref, iv->cn_code);
        xcd(fp, iv->cn_reason);
        fprintf(fp,
                "</cbc:Description>\n  </cac:DiscrepancyResponse>\n  <cac:BillingReference>\n    "
                "<cac:InvoiceDocumentReference>\n"
                "      <cbc:ID>%s</cbc:ID>\n      <cbc:DocumentTypeCode>01</cbc:DocumentTypeCode>\n"
                "    </cac:InvoiceDocumentReference>\n  </cac:BillingReference>\n",
                iv->ref);
    }
    if (iv->guia[0])
        fprintf(fp,
                "  <cac:DespatchDocumentReference>\n    <cbc:ID>%s</cbc:ID>\n"
                "    <cbc:DocumentTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Tipo de Documento\" "
                "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo01\">09</cbc:DocumentTypeCode>\n"
                "  </cac:DespatchDocumentReference>\n",
                iv->guia);
    put_signature(fp, s, uname);
    fputs("  <cac:AccountingSupplierParty>\n    <cac:Party>\n      <cac:PartyIdentification>\n", fp);
    fprintf(fp, "        <cbc:ID schemeID=\"6\"" CAT06 ">%s</cbc:ID>\n      </cac:PartyIdentification>\n",
            s->id);
    fputs("      <cac:PartyName>\n        <cbc:Name>", fp);
    xcd(fp, uname);
    fputs("</cbc:Name>\n      </cac:PartyName>\n      <cac:PartyLegalEntity>\n        <cbc:RegistrationName>",
          fp);
    xcd(fp, uname);
    fputs("</cbc:RegistrationName>\n", fp);
    put_reg_address(fp, s, iv->from_site);
    fputs("      </cac:PartyLegalEntity>\n    </cac:Party>\n  </cac:AccountingSupplierParty>\n", fp);
    put_customer(fp, w, iv);
    if (!cn) {
        double total = round2(base + tax);
        if (iv->credit_days) {
            char due[11];
            fmt_date(w, iv->day + iv->credit_days, due);
            fprintf(fp,
                    "  <cac:PaymentTerms>\n    <cbc:ID>FormaPago</cbc:ID>\n    "
                    "<cbc:PaymentMeansID>Credito</cbc:PaymentMeansID>\n"
                    "    <cbc:Amount currencyID=\"%s\">%.2f</cbc:Amount>\n  </cac:PaymentTerms>\n"
                    "  <cac:PaymentTerms>\n    <cbc:ID>FormaPago</cbc:ID>\n    "
                    "<cbc:PaymentMeansID>Cuota001</cbc:PaymentMeansID>\n"
                    "    <cbc:Amount currencyID=\"%s\">%.2f</cbc:Amount>\n    "
                    "<cbc:PaymentDueDate>%s</cbc:PaymentDueDate>\n"
                    "  </cac:PaymentTerms>\n",
                    cur, total, cur, total, due);
        } else {
            fputs("  <cac:PaymentTerms>\n    <cbc:ID>FormaPago</cbc:ID>\n    "
                  "<cbc:PaymentMeansID>Contado</cbc:PaymentMeansID>\n"
                  "  </cac:PaymentTerms>\n",
                  fp);
        }
    }
    put_tax(fp, "  ", cur, base, tax, iv->tax);
    fprintf(fp,
            "  <cac:LegalMonetaryTotal>\n    <cbc:LineExtensionAmount "
            "currencyID=\"%s\">%.2f</cbc:LineExtensionAmount>\n",
            cur, base);
    fprintf(fp, "    <cbc:TaxInclusiveAmount currencyID=\"%s\">%.2f</cbc:TaxInclusiveAmount>\n", cur,
            round2(base + tax));
    fprintf(
        fp,
        "    <cbc:PayableAmount currencyID=\"%s\">%.2f</cbc:PayableAmount>\n  </cac:LegalMonetaryTotal>\n",
        cur, round2(base + tax));
    for (int i = 0; i < iv->nl; i++) {
        const inv_line *l = &iv->lines[i];
        double ltax = iv->tax == TAX_IGV ? round2(amt[i] * 0.18) : 0;
        fprintf(fp, "  <cac:%s>\n    <cbc:ID>%d</cbc:ID>\n", lname, i + 1);
        fprintf(fp, "    <cbc:%s unitCode=\"%s\"" UNIT_ATTR ">%.*f</cbc:%s>\n", qname, l->unit, l->dec,
                l->qty, qname);
        fprintf(fp, "    <cbc:LineExtensionAmount currencyID=\"%s\">%.2f</cbc:LineExtensionAmount>\n", cur,
                amt[i]);
        fprintf(fp,
                "    <cac:PricingReference>\n      <cac:AlternativeConditionPrice>\n"
                "        <cbc:PriceAmount currencyID=\"%s\">%.2f</cbc:PriceAmount>\n"
                "        <cbc:PriceTypeCode listName=\"Tipo de Precio\" listAgencyName=\"PE:SUNAT\" "
                "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo16\">01</cbc:PriceTypeCode>\n"
                "      </cac:AlternativeConditionPrice>\n    </cac:PricingReference>\n",
                cur, round2(l->price * (iv->tax == TAX_IGV ? 1.18 : 1.0)));
        put_tax(fp, "    ", cur, amt[i], ltax, iv->tax);
        fputs("    <cac:Item>\n      <cbc:Description>", fp);
        xcd(fp, l->desc);
        fputs("</cbc:Description>\n", fp);
        if (l->sku[0])
            fprintf(fp,
                    "      <cac:SellersItemIdentification>\n        <cbc:ID>%s</cbc:ID>\n      "
                    "</cac:SellersItemIdentification>\n",
                    l->sku);
        if (l->tariff)
            fprintf(fp,
                    "      <cac:AdditionalItemProperty>\n        <cbc:Name>Partida arancelaria</cbc:Name>\n"
                    "        <cbc:NameCode listAgencyName=\"PE:SUNAT\" listName=\"Propiedad del item\" "
                    "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo55\">7020</cbc:NameCode>\n"
                    "        <cbc:Value>%s</cbc:Value>\n      </cac:AdditionalItemProperty>\n",
                    l->tariff);
        if (l->dam[0])
            fprintf(fp,
                    "      <cac:AdditionalItemProperty>\n        <cbc:Name>Numero de declaracion aduanera "
                    "(DAM)</cbc:Name>\n"
                    "        <cbc:NameCode listAgencyName=\"PE:SUNAT\" listName=\"Propiedad del item\" "
                    "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo55\">7021</cbc:NameCode>\n"
                    "        <cbc:Value>%s</cbc:Value>\n      </cac:AdditionalItemProperty>\n",
                    l->dam);
        fprintf(fp,
                "    </cac:Item>\n    <cac:Price>\n      <cbc:PriceAmount "
                "currencyID=\"%s\">%.2f</cbc:PriceAmount>\n    </cac:Price>\n"
                "  </cac:%s>\n",
                cur, l->price, lname);
    }
    fprintf(fp, "</%s>\n", root);
    doc_close(fp);
    if (cn)
        w->n_cn++;
    else if (!strcmp(iv->type, "03"))
        w->n_bol++;
    else
        w->n_fact++;
}

/* Writes a party element (cac:Party) with a RUC and a name; MTC adds PartyLegalEntity/CompanyID. */
static void put_party(FILE *fp, const char *ind, const firm *f, const char *mtc)
{
    char uname[128];
    upcase(f->name, uname, sizeof uname);
    fprintf(fp,
            "%s<cac:PartyIdentification>\n%s  <cbc:ID schemeID=\"6\"" CAT06
            ">%s</cbc:ID>\n%s</cac:PartyIdentification>\n",
            ind, ind, f->id, ind);
    fprintf(fp, "%s<cac:PartyLegalEntity>\n%s  <cbc:RegistrationName>", ind, ind);
    xcd(fp, uname);
    fputs("</cbc:RegistrationName>\n", fp);
    if (mtc && *mtc) fprintf(fp, "%s  <cbc:CompanyID>%s</cbc:CompanyID>\n", ind, mtc);
    fprintf(fp, "%s</cac:PartyLegalEntity>\n", ind);
}

/* Writes an address element of a guia (DeliveryAddress or DespatchAddress), indented by IND. */
static void put_place(FILE *fp, const char *ind, const char *tag, const guia_place *pl)
{
    fprintf(fp, "%s<cac:%s>\n%s  <cbc:ID" UBIGEO_ATTR ">%s</cbc:ID>\n", ind, tag, ind,
            DISTRICTS[pl->dist].code);
    if (pl->annex)
        fprintf(fp,
                "%s  <cbc:AddressTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Establecimientos anexos\" "
                "listID=\"%s\">%s</cbc:AddressTypeCode>\n",
                ind, pl->owner, pl->annex);
    fprintf(fp, "%s  <cac:AddressLine>\n%s    <cbc:Line>", ind, ind);
    xe(fp, pl->addr);
    fprintf(fp, " - %s</cbc:Line>\n%s  </cac:AddressLine>\n%s</cac:%s>\n", DISTRICTS[pl->dist].name, ind, ind,
            tag);
}

/* Writes one cac:DriverPerson. */
static void put_driver(FILE *fp, const driver *d, const char *job)
{
    fprintf(fp, "      <cac:DriverPerson>\n        <cbc:ID schemeID=\"1\"" CAT06 ">%s</cbc:ID>\n", d->dni);
    fprintf(fp, "        <cbc:FirstName>%s</cbc:FirstName>\n        <cbc:FamilyName>%s</cbc:FamilyName>\n",
            d->given, d->family);
    fprintf(fp,
            "        <cbc:JobTitle>%s</cbc:JobTitle>\n        <cac:IdentityDocumentReference>\n"
            "          <cbc:ID>%s</cbc:ID>\n        </cac:IdentityDocumentReference>\n      "
            "</cac:DriverPerson>\n",
            job, d->licence);
}

/*
** Writes a GRE 2.0 guia: CustomizationID 2.0, the parties in
** cac:Party/cac:PartyIdentification, motivo (catalogo 20) and modality
** (catalogo 18) for a remitente's guia, the carrier with its MTC number in
** mode 01, driver and plate in mode 02 and in a carrier's guia, origin and
** destination ubigeos, weight, lines and related documents (catalogo 61:
** 01 factura, 09 guia remitente, 50 DAM, 73 forestry transport guide).
*/
void write_guia(world *w, const guia *g)
{
    const firm *is = &w->firms[g->issuer];
    int t31 = !strcmp(g->type, "31");
    char date[11], time_s[9], uname[128];
    fmt_date(w, g->day, date);
    fmt_time(w, time_s);
    upcase(is->name, uname, sizeof uname);
    w->firms[g->issuer].docs++;
    w->firms[g->recipient].docs++;
    if (g->shipper != g->issuer) w->firms[g->shipper].docs++;
    if (g->carrier >= 0) w->firms[g->carrier].docs++;
    const vehicle *v = g->veh >= 0 ? &w->fleets[g->fleet].veh[g->veh] : NULL;
    if (v && (t31 || g->mode == 2)) w->fleets[g->fleet].veh[g->veh].legs++;
    for (int i = 0; i < w->ntruth; i++)
        if (w->truth[i].check == TC_ROUTE && w->truth[i].a == g->from.dist && w->truth[i].b == g->to.dist)
            w->truth[i].count++;
    if (!day_written(w, g->day)) return; /* played, not written (--only-months) */
    FILE *fp = doc_open(w, "sunat/guias", is->id, g->type, g->number);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DespatchAdvice "
          "xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:DespatchAdvice-2\"" NS_UBL ">\n",
          fp);
    fputs("  <ext:UBLExtensions>\n    <ext:UBLExtension>\n      <ext:ExtensionContent/>\n    "
          "</ext:UBLExtension>\n  </ext:UBLExtensions>\n",
          fp);
    fputs("  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>\n  <cbc:CustomizationID "
          "schemeAgencyName=\"PE:SUNAT\">2.0</cbc:CustomizationID>\n",
          fp);
    fprintf(
        fp,
        "  <cbc:ID>%s</cbc:ID>\n  <cbc:IssueDate>%s</cbc:IssueDate>\n  <cbc:IssueTime>%s</cbc:IssueTime>\n",
        g->number, date, time_s);
    fprintf(fp,
            "  <cbc:DespatchAdviceTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Tipo de Documento\" "
            "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo01\">%s</cbc:DespatchAdviceTypeCode>\n",
            g->type);
    for (int i = 0; i < g->nrefs; i++) {
        const guia_ref *r = &g->refs[i];
        fprintf(fp,
                "  <cac:AdditionalDocumentReference>\n    <cbc:ID>%s</cbc:ID>\n"
                "    <cbc:DocumentTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Documento relacionado al "
                "transporte\" "
                "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo61\">%s</cbc:DocumentTypeCode>\n"
                "    <cbc:DocumentType>%s</cbc:DocumentType>\n",
                r->id, r->type, r->tname);
        if (r->issuer)
            fprintf(
                fp,
                "    <cac:IssuerParty>\n      <cac:PartyIdentification>\n        <cbc:ID schemeID=\"6\"" CAT06
                ">%s</cbc:ID>\n"
                "      </cac:PartyIdentification>\n    </cac:IssuerParty>\n",
                r->issuer);
        fputs("  </cac:AdditionalDocumentReference>\n", fp);
    }
    put_signature(fp, is, uname);
    fputs("  <cac:DespatchSupplierParty>\n    <cac:Party>\n", fp);
    put_party(fp, "      ", is, t31 ? is->mtc : NULL);
    fputs(
        "    </cac:Party>\n  </cac:DespatchSupplierParty>\n  <cac:DeliveryCustomerParty>\n    <cac:Party>\n",
        fp);
    put_party(fp, "      ", &w->firms[g->recipient], NULL);
    fputs("    </cac:Party>\n  </cac:DeliveryCustomerParty>\n  <cac:Shipment>\n    "
          "<cbc:ID>SUNAT_Envio</cbc:ID>\n",
          fp);
    if (!t31) {
        fprintf(fp,
                "    <cbc:HandlingCode listAgencyName=\"PE:SUNAT\" listName=\"Motivo de traslado\" "
                "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo20\">%s</cbc:HandlingCode>\n",
                g->motivo);
        fputs("    <cbc:HandlingInstructions>", fp);
        xe(fp, g->motivo_text);
        fputs("</cbc:HandlingInstructions>\n", fp);
    }
    fprintf(fp,
            "    <cbc:GrossWeightMeasure unitCode=\"KGM\">%.3f</cbc:GrossWeightMeasure>\n    "
            "<cac:ShipmentStage>\n",
            g->weight);
    if (!t31)
        fprintf(
            fp,
            "      <cbc:TransportModeCode listName=\"Modalidad de traslado\" listAgencyName=\"PE:SUNAT\" "
            "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo18\">%02d</cbc:TransportModeCode>\n",
            g->mode);
    fprintf(
        fp,
        "      <cac:TransitPeriod>\n        <cbc:StartDate>%s</cbc:StartDate>\n      </cac:TransitPeriod>\n",
        date);
    if (!t31 && g->mode == 1 && g->carrier >= 0) {
        fputs("      <cac:CarrierParty>\n", fp);
        put_party(fp, "        ", &w->firms[g->carrier], w->firms[g->carrier].mtc);
        fputs("      </cac:CarrierParty>\n", fp);
    }
    if (v && (t31 || g->mode == 2)) {
        const fleet *fl = &w->fleets[g->fleet];
        put_driver(fp, &fl->drv[v->driver], "Principal");
        if (g->drv2 >= 0 && g->drv2 != v->driver) put_driver(fp, &fl->drv[g->drv2], "Secundario");
    }
    fputs("    </cac:ShipmentStage>\n    <cac:Delivery>\n", fp);
    put_place(fp, "      ", "DeliveryAddress", &g->to);
    fputs("      <cac:Despatch>\n", fp);
    put_place(fp, "        ", "DespatchAddress", &g->from);
    if (t31) {
        fputs("        <cac:DespatchParty>\n", fp);
        put_party(fp, "          ", &w->firms[g->shipper], NULL);
        fputs("        </cac:DespatchParty>\n", fp);
    }
    fputs("      </cac:Despatch>\n    </cac:Delivery>\n", fp);
    if (v && (t31 || g->mode == 2))
        fprintf(
            fp,
            "    <cac:TransportHandlingUnit>\n      <cac:TransportEquipment>\n        <cbc:ID>%s</cbc:ID>\n"
            "      </cac:TransportEquipment>\n    </cac:TransportHandlingUnit>\n",
            v->plate);
    fputs("  </cac:Shipment>\n", fp);
    for (int i = 0; i < g->nl; i++) {
        const guia_line *l = &g->lines[i];
        fprintf(fp, "  <cac:DespatchLine>\n    <cbc:ID>%d</cbc:ID>\n", i + 1);
        fprintf(fp, "    <cbc:DeliveredQuantity unitCode=\"%s\"" UNIT_ATTR ">%.*f</cbc:DeliveredQuantity>\n",
                l->unit, l->dec, l->qty);
        fprintf(fp,
                "    <cac:OrderLineReference>\n      <cbc:LineID>%d</cbc:LineID>\n    "
                "</cac:OrderLineReference>\n",
                i + 1);
        fputs("    <cac:Item>\n      <cbc:Description>", fp);
        xcd(fp, l->desc);
        fputs("</cbc:Description>\n", fp);
        if (l->sku[0])
            fprintf(fp,
                    "      <cac:SellersItemIdentification>\n        <cbc:ID>%s</cbc:ID>\n      "
                    "</cac:SellersItemIdentification>\n",
                    l->sku);
        if (l->tariff)
            fprintf(fp,
                    "      <cac:AdditionalItemProperty>\n        <cbc:Name>Partida arancelaria</cbc:Name>\n"
                    "        <cbc:NameCode listAgencyName=\"PE:SUNAT\" listName=\"Propiedad del item\" "
                    "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo55\">7020</cbc:NameCode>\n"
                    "        <cbc:Value>%s</cbc:Value>\n      </cac:AdditionalItemProperty>\n",
                    l->tariff);
        fputs("    </cac:Item>\n  </cac:DespatchLine>\n", fp);
    }
    fputs("</DespatchAdvice>\n", fp);
    doc_close(fp);
    if (t31)
        w->n_g31++;
    else
        w->n_g09++;
}

/* ---- supplier declarations -------------------------------------------------------- */

/* Writes one CSV field, quoted when it holds a comma, a quote or a line break. */
static void csv_field(FILE *fp, const char *s, int last)
{
    if (strpbrk(s, ",\"\n")) {
        fputc('"', fp);
        for (; *s; s++) {
            if (*s == '"') fputc('"', fp);
            fputc(*s, fp);
        }
        fputc('"', fp);
    } else {
        fputs(s, fp);
    }
    fputc(last ? '\n' : ',', fp);
}

/* The facility type a supplier list gives a firm of KIND. */
static const char *facility_type(int kind)
{
    switch (kind) {
    case K_NUT_COLLECTOR: return "Collection centre (castanal)";
    case K_SAWMILL: return "Sawmill";
    case K_TIMBER: return "Forest concession";
    case K_WORKSHOP: return "Sewing workshop";
    case K_TEXTILE: return "Knitting and dyeing mill";
    default: return "Supplier";
    }
}

/* The English product type a supplier list gives product PI. */
static const char *product_type(int pi)
{
    const char *k = PRODUCTS[pi].key;
    if (!strcmp(k, "nuts_inshell")) return "Brazil nuts in shell";
    if (!strcmp(k, "sawn")) return "Sawn tropical wood";
    if (!strcmp(k, "logs")) return "Tropical logs";
    if (!strcmp(k, "polo")) return "Cotton T-shirts";
    if (!strcmp(k, "polera")) return "Cotton sweatshirts";
    if (!strcmp(k, "pantalon")) return "Cotton trousers";
    return PRODUCTS[pi].key;
}

/*
** Writes the supplier declaration of firm DECL as a brand or exporter would
** publish it (Open Supply Hub shape plus the Peruvian columns): one row per
** supplier and product it bought from, with the annualised value of the
** invoices, the supplier's workplace (its worksite when it has one) and
** the head count it declared; plus one small supplier it buys from
** informally (no RUC on the list, no invoices).
*/
void write_declaration(world *w, int decl, const char *what, const char *informal_name,
                              const char *informal_ubigeo, const char *informal_hs, int informal_kind)
{
    rng *r = &w->r;
    const firm *d = &w->firms[decl];
    char path[PATH_BYTES];
    int y, m, dd;
    civil_from_days(w->start_dn + w->ndays - 1, &y, &m, &dd);
    int n = snprintf(path, sizeof path, "%s/suppliers/%s-declaracion-proveedores-%s-%d.csv", w->outdir, d->id,
                     what, y);
    if (n < 0 || (size_t)n >= sizeof path) {
        fputs("gen-world: output path too long\n", stderr);
        exit(3);
    }
    FILE *fp = fopen(path, "w");
    if (!fp) {
        fprintf(stderr, "gen-world: %s: %s\n", path, strerror(errno));
        exit(3);
    }
    fputs("declarant_tax_id,tax_id,country,name,address,sector,ubigeo,product_hs,annual_value,currency,"
          "number_of_workers,"
          "product_type,facility_type\n",
          fp);
    for (int i = 0; i < w->nflows; i++) {
        const flow *f = &w->flows[i];
        if (f->buyer != decl || !PRODUCTS[f->prod[0]].tariff || f->docs == 0) continue;
        int first = 1;
        for (int k = 0; k < i && first; k++) {
            const flow *g = &w->flows[k];
            if (g->buyer == decl && g->seller == f->seller && PRODUCTS[g->prod[0]].tariff && g->docs)
                first = 0;
        }
        if (!first) continue; /* one row per supplier: its flows were summed at its first one */
        const flow *main_f = f;
        double total = 0;
        for (int k = i; k < w->nflows; k++) {
            const flow *g = &w->flows[k];
            if (g->buyer != decl || g->seller != f->seller || !PRODUCTS[g->prod[0]].tariff || !g->docs)
                continue;
            total += g->total;
            if (g->total > main_f->total) main_f = g;
        }
        const firm *s = &w->firms[f->seller];
        int place = s->site >= 0 ? s->site : s->dist;
        char addr[256], hs[16], value[32], workers[16];
        snprintf(addr, sizeof addr, "%s, %s, %s", s->site >= 0 ? s->site_addr : s->addr,
                 DISTRICTS[place].name, DISTRICTS[place].dept);
        const char *t = PRODUCTS[main_f->prod[0]].tariff;
        if (!strncmp(t, "44", 2))
            snprintf(hs, sizeof hs, "%.4s", t);
        else
            snprintf(hs, sizeof hs, "%.4s.%.2s", t, t + 4);
        snprintf(value, sizeof value, "%.0f", floor(total * 12.0 / w->months / 100.0 + 0.5) * 100.0);
        /* planted sources declare a fraction of the people who work for them */
        snprintf(workers, sizeof workers, "%d", s->planted ? rnd_between(r, 6, 12) : s->workers);
        csv_field(fp, d->id, 0);
        csv_field(fp, s->id, 0);
        csv_field(fp, "Peru", 0);
        csv_field(fp, s->name, 0);
        csv_field(fp, addr, 0);
        csv_field(fp, KINDS[s->kind].label, 0);
        csv_field(fp, DISTRICTS[place].code, 0);
        csv_field(fp, hs, 0);
        csv_field(fp, value, 0);
        csv_field(fp, PRODUCTS[main_f->prod[0]].usd ? "USD" : "PEN", 0);
        csv_field(fp, workers, 0);
        csv_field(fp, product_type(main_f->prod[0]), 0);
        csv_field(fp, facility_type(s->kind), 1);
    }
    char addr[160], value[32];
    int ui = dist_index(informal_ubigeo);
    street_address(w, ui, addr, sizeof addr);
    snprintf(value, sizeof value, "%d", rnd_between(r, 40, 160) * 100);
    csv_field(fp, d->id, 0);
    csv_field(fp, "", 0);
    csv_field(fp, "PE", 0);
    csv_field(fp, informal_name, 0);
    csv_field(fp, addr, 0);
    csv_field(fp, KINDS[informal_kind].label, 0);
    csv_field(fp, informal_ubigeo, 0);
    csv_field(fp, informal_hs, 0);
    csv_field(fp, value, 0);
    csv_field(fp, "PEN", 0);
    csv_field(fp, "", 0);
    csv_field(fp, "", 0);
    csv_field(fp, facility_type(informal_kind), 1);
    doc_close(fp);
    w->n_csv++;
}

/* ---- the answer key --------------------------------------------------------------- */

/* Orders truth rows by case, keeping the order of rows within a case (a stable insertion sort). */
static void sort_rows(truth_row *rows, int n)
{
    for (int i = 1; i < n; i++) {
        truth_row t = rows[i];
        int j = i - 1;
        while (j >= 0 && strcmp(rows[j].case_id, t.case_id) > 0) {
            rows[j + 1] = rows[j];
            j--;
        }
        rows[j + 1] = t;
    }
}

/*
** Writes reference/exchange-rates.csv: a made-up SBS selling rate of the
** US dollar for every weekday of the window and the month before it, so
** that the world's invoices in dollars convert to soles (inspector's
** exchange-rate importer; docs/FORMATS.md).  The rate drifts smoothly
** around S/ 3.70 as a function of the day alone: it draws nothing from the
** world's random stream, so the rest of the world is the same with or
** without it.  Every row's source says it is synthetic, not an official
** rate (data/exchange-rates.csv ships the real BCRP series).
*/
void write_rates(world *w)
{
    char path[PATH_BYTES];
    int n = snprintf(path, sizeof path, "%s/reference/exchange-rates.csv", w->outdir);
    if (n < 0 || (size_t)n >= sizeof path) {
        fputs("gen-world: output path too long\n", stderr);
        exit(3);
    }
    FILE *fp = fopen(path, "w");
    if (!fp) {
        fprintf(stderr, "gen-world: %s: %s\n", path, strerror(errno));
        exit(3);
    }
    fputs("date,currency,rate_to_pen,source\n", fp);
    for (int day = -31; day < w->ndays; day++) {
        int dn = w->start_dn + day;
        int wd = ((dn % 7) + 10) % 7; /* 0 Monday .. 6 Sunday (1970-01-01 was a Thursday) */
        if (wd >= 5) continue;
        double rate = 3.70 + 0.06 * sin(dn / 45.0) + 0.02 * sin(dn / 7.0);
        char d[11];
        fmt_date(w, day, d);
        fprintf(fp, "%s,USD,%.3f,synthetic (gen-world): not an official rate\n", d, rate);
    }
    if (fclose(fp) != 0) {
        fprintf(stderr, "gen-world: %s: %s\n", path, strerror(errno));
        exit(3);
    }
}

/* Writes truth.csv (DECOY 0) or decoys.csv (DECOY 1) at the top of the output directory. */
void write_truth(world *w, int decoy)
{
    char path[PATH_BYTES];
    int n = snprintf(path, sizeof path, "%s/%s", w->outdir, decoy ? "decoys.csv" : "truth.csv");
    if (n < 0 || (size_t)n >= sizeof path) {
        fputs("gen-world: output path too long\n", stderr);
        exit(3);
    }
    FILE *fp = fopen(path, "w");
    if (!fp) {
        fprintf(stderr, "gen-world: %s: %s\n", path, strerror(errno));
        exit(3);
    }
    char d0[11], d1[11];
    fmt_date(w, 0, d0);
    fmt_date(w, w->ndays - 1, d1);
    if (decoy)
        fprintf(fp,
                "# decoys: legitimate firms of the inspector demo world (gen-world --seed %llu --firms %d, "
                "%s to %s) "
                "that show one weak signal; not an input, see examples/generator/README.md\n",
                w->seed, w->target_firms, d0, d1);
    else
        fprintf(fp,
                "# truth: planted forced-labour cases of the inspector demo world (gen-world --seed %llu "
                "--firms %d, "
                "%s to %s); answer key, not an input, see examples/generator/README.md\n",
                w->seed, w->target_firms, d0, d1);
    fputs("tax_id,ubigeo,case,role,indicators,description\n", fp);
    truth_row *rows = decoy ? w->decoys : w->truth;
    int nr = decoy ? w->ndecoys : w->ntruth;
    sort_rows(rows, nr);
    for (int i = 0; i < nr; i++) {
        if (rows[i].check == TC_FIRM && !w->firms[rows[i].a].docs) continue;
        if (rows[i].check == TC_VEHICLE && !w->fleets[rows[i].a].veh[rows[i].b].legs) continue;
        if (rows[i].check == TC_ROUTE && !rows[i].count) continue;
        w->nwritten++;
        csv_field(fp, rows[i].subject, 0);
        csv_field(fp, rows[i].ubigeo, 0);
        csv_field(fp, rows[i].case_id, 0);
        csv_field(fp, rows[i].role, 0);
        csv_field(fp, rows[i].ind, 0);
        csv_field(fp, rows[i].desc, 1);
    }
    doc_close(fp);
}

/* ---- customs declarations (DAM, SUNAT Teledespacho) -------------------------------- */

/* Writes S into a '|'-delimited cell: no delimiter, no line break. */
static void td_cell(FILE *fp, const char *s, size_t max, int last)
{
    size_t n = 0; /* bytes written; a character is never cut */
    for (; s && *s && (n < max || ((unsigned char)*s & 0xC0) == 0x80); s++, n++)
        fputc(*s == '|' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
    fputs(last ? "\r\n" : "|", fp);
}

/*
** Opens file NAME of transmission DIR for appending; a new file gets
** HEADER, the structure's field names, as its first line.
*/
static FILE *td_open(const char *dir, const char *name, const char *header)
{
    char path[PATH_BYTES];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path) {
        fputs("gen-world: output path too long\n", stderr);
        exit(3);
    }
    FILE *fp = fopen(path, "a");
    if (!fp) {
        fprintf(stderr, "gen-world: %s: %s\n", path, strerror(errno));
        exit(3);
    }
    if (ftell(fp) == 0) fprintf(fp, "%s\r\n", header);
    return fp;
}

/*
** The DAMs of export invoice IV as a customs agency transmits them through
** SUNAT's Teledespacho (docs/FORMATS.md): one declaration per DAM number
** its lines cite, its series the lines that cite it; appended to the
** transmission of the DAM's customs office and month,
** OUTDIR/customs/OFFICE-YYYY-MM/, with ADUAHDR1, ADUADET1, DUAFAC01,
** DUAEMPRE (the guía's vehicle to the port) and customs' acceptance
** (AAAXNNNN.HDR) that gives each order its DAM number.  Nothing is drawn
** from the random stream: the world is the same with or without them; the
** agency's order numbers count every DAM of the window, written or not,
** so that a world written in parts (--only-months) is the whole world.
*/
void write_dam(world *w, const invoice *iv, const guia *g)
{
    int written = day_written(w, iv->day); /* orders are numbered whether written or not */
    const firm *s = &w->firms[iv->seller];
    const firm *b = iv->buyer >= 0 ? &w->firms[iv->buyer] : NULL;
    const char *dest = b && b->foreign >= 0 ? FOREIGN[b->foreign].iso : "";
    char date[11], ymd[9], uname[128];
    fmt_date(w, g ? g->day : iv->day, date);
    snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", date, date + 5, date + 8);
    upcase(s->name, uname, sizeof uname);
    const char *origin = DISTRICTS[g ? g->from.dist : s->dist].code;
    for (int i = 0; i < iv->nl; i++) {
        const inv_line *l0 = &iv->lines[i];
        int seen = 0;
        for (int k = 0; k < i && !seen; k++) seen = !strcmp(iv->lines[k].dam, l0->dam);
        if (seen || !l0->dam[0]) continue;
        /* the DAM number: office-year-40-number */
        char office[4], year[5], number[7];
        if (sscanf(l0->dam, "%3[0-9]-%4[0-9]-40-%6[0-9]", office, year, number) != 3) continue;
        char dir[PATH_BYTES], order[8];
        snprintf(order, sizeof order, "%06d", ++w->n_dam % 1000000);
        if (!written) continue;
        int air = !strcmp(office, "235");
        int n = snprintf(dir, sizeof dir, "%s/customs/%s-%.7s", w->outdir, office, date);
        if (n < 0 || (size_t)n >= sizeof dir) {
            fputs("gen-world: output path too long\n", stderr);
            exit(3);
        }
        mkdir(dir, 0777);

        FILE *fp = td_open(dir, "ADUAHDR1.TXT",
                           "CODI_ADUAN|ANO_ORDEN|NUME_ORDEN|CODI_REGI|TIPO_DESPA|NOMB_IMPOR|TIPO_DOCUM|"
                           "NUME_DOCUM|DIRE_IMPOR|UBIGEO|VIA_TRANSP|FECH_EMBAR|CODI_MONED|PAIS_DESTI|CODI_AGENT");
        td_cell(fp, office, 3, 0);
        td_cell(fp, year, 4, 0);
        td_cell(fp, order, 6, 0);
        td_cell(fp, "40", 2, 0);
        td_cell(fp, "00", 2, 0);
        td_cell(fp, uname, 40, 0);
        td_cell(fp, "4", 1, 0);
        td_cell(fp, s->id, 11, 0);
        td_cell(fp, s->addr, 60, 0);
        td_cell(fp, DISTRICTS[s->dist].code, 6, 0);
        td_cell(fp, air ? "4" : "1", 1, 0);
        td_cell(fp, ymd, 8, 0);
        td_cell(fp, iv->usd ? "USD" : "PEN", 3, 0);
        td_cell(fp, dest, 2, 0);
        td_cell(fp, "9101", 4, 1);
        doc_close(fp);

        fp = td_open(dir, "ADUADET1.TXT",
                     "CODI_ADUAN|ANO_ORDEN|CODI_REGI|NUME_ORDEN|NUME_SERIE|PESO_NETO|PESO_BRUTO|PART_NANDI|"
                     "PAIS_ORIGE|PAIS_ADQUI|FOB_DIVFAC|FOB_DOLPOL|UNID_FIQTY|UNID_FIDES|DESC_COMER|UBIGEO");
        int serie = 0;
        for (int k = i; k < iv->nl; k++) {
            const inv_line *l = &iv->lines[k];
            if (strcmp(l->dam, l0->dam)) continue;
            double amount = round2(l->qty * l->price);
            char tariff[16], num[40];
            size_t tl = 0;
            for (const char *t = l->tariff; t && *t && tl < 10; t++)
                if (*t >= '0' && *t <= '9') tariff[tl++] = *t;
            tariff[tl] = '\0';
            td_cell(fp, office, 3, 0);
            td_cell(fp, year, 4, 0);
            td_cell(fp, "40", 2, 0);
            td_cell(fp, order, 6, 0);
            snprintf(num, sizeof num, "%d", ++serie);
            td_cell(fp, num, 4, 0);
            snprintf(num, sizeof num, "%.3f", l->kg);
            td_cell(fp, num, 14, 0);
            snprintf(num, sizeof num, "%.3f", l->kg * 1.02);
            td_cell(fp, num, 14, 0);
            td_cell(fp, tariff, 10, 0);
            td_cell(fp, "PE", 2, 0);
            td_cell(fp, dest, 2, 0);
            snprintf(num, sizeof num, "%.2f", amount);
            td_cell(fp, num, 14, 0);
            snprintf(num, sizeof num, "%.2f", iv->usd ? amount : round2(amount / 3.75));
            td_cell(fp, num, 14, 0);
            snprintf(num, sizeof num, "%.*f", l->dec, l->qty);
            td_cell(fp, num, 12, 0);
            td_cell(fp, l->unit, 3, 0);
            td_cell(fp, l->desc, 30, 0);
            td_cell(fp, origin, 6, 1);
        }
        doc_close(fp);

        fp = td_open(dir, "DUAFAC01.TXT", "CODI_ADUAN|ANO_ORDEN|NUME_ORDEN|CODI_REGI|NUME_SECUF|NUME_FACTU|"
                                          "FECH_FACTU|NOMB_PROVE|PAIS_PROVE");
        char fdate[11], fymd[9];
        fmt_date(w, iv->day, fdate);
        snprintf(fymd, sizeof fymd, "%.4s%.2s%.2s", fdate, fdate + 5, fdate + 8);
        td_cell(fp, office, 3, 0);
        td_cell(fp, year, 4, 0);
        td_cell(fp, order, 6, 0);
        td_cell(fp, "40", 2, 0);
        td_cell(fp, "1", 4, 0);
        td_cell(fp, iv->number, 40, 0);
        td_cell(fp, fymd, 8, 0);
        td_cell(fp, uname, 100, 0);
        td_cell(fp, "PE", 2, 1);
        doc_close(fp);

        if (g && g->veh >= 0) {
            const vehicle *v = &w->fleets[g->fleet].veh[g->veh];
            fp = td_open(dir, "DUAEMPRE.TXT", "CODI_ADUAN|ANO_ORDEN|NUME_ORDEN|CODI_REGI|NUME_SECUE|TIPO_EMPRE|"
                                              "IDEN_EMPRE|RUC_TRANSP|FECH_SALID");
            td_cell(fp, office, 3, 0);
            td_cell(fp, year, 4, 0);
            td_cell(fp, order, 6, 0);
            td_cell(fp, "40", 2, 0);
            td_cell(fp, "1", 3, 0);
            td_cell(fp, "V", 1, 0);
            td_cell(fp, v->plate, 20, 0);
            td_cell(fp, g->carrier >= 0 ? w->firms[g->carrier].id : "", 11, 0);
            td_cell(fp, ymd, 8, 1);
            doc_close(fp);
        }

        char resp[16];
        snprintf(resp, sizeof resp, "910%c0001.HDR", air ? 'A' : 'M');
        fp = td_open(dir, resp, "NUME_ORDEN|CODI_ADUAN|ANO_PRESE|CODI_REGI|NUME_CORRE|FECH_INGSI");
        td_cell(fp, order, 6, 0);
        td_cell(fp, office, 3, 0);
        td_cell(fp, year, 4, 0);
        td_cell(fp, "40", 2, 0);
        td_cell(fp, number, 6, 0);
        td_cell(fp, fymd, 8, 1);
        doc_close(fp);
    }
}
