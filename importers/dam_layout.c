/*
** dam_layout.c: the published structures of SUNAT Teledespacho
** transmission files, as the DAM importer (dam.c) reads them.
**
** Each structure lists its fields in SUNAT's order with type and size, so
** that text without a header line (delimited or fixed-width) can be read;
** a dBASE table or text with a header is read by field name, and then the
** order does not matter and fields not listed here are kept too.  Each
** field says where it comes from: 'P' a stored aduanet page (named in the
** structure's PAGE), 'E' extrapolated, because the stored pages for that
** file were cut or not found, from the same field in a sibling structure
** of another régimen (field names and sizes repeat across regimes).
** docs/FORMATS.md says, file by file, what was published and what was
** extrapolated.
*/
#include "tdread.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define FP(n, t, s, d) {n, t, s, d, 'P'}
#define FE(n, t, s, d) {n, t, s, d, 'E'}
#define L(nm, role, page, arr) {nm, role, page, arr, INS_ARRAY_LEN(arr)}

/* IMPCTR01, control file (all 12 fields published). */
static const ins_td_field impctr01[] = {
    FP("AGENTE", 'C', 4, 0),     FP("FECHA", 'F', 8, 0),      FP("NUM_REG", 'N', 6, 0),
    FP("TOTAL_FOB", 'N', 15, 3), FP("PESO", 'N', 15, 3),      FP("CASILLA", 'C', 16, 0),
    FP("CLAVE", 'C', 4, 0),      FP("NUM_REGB", 'N', 6, 0),   FP("TIPO_OPER", 'C', 1, 0),
    FP("CLAVE_ELE", 'C', 16, 0), FP("RUC", 'C', 11, 0),       FP("CEMPSOFT", 'C', 4, 0),
};

/* DETCTR01, orders of the transmission (all 6 published). */
static const ins_td_field detctr01[] = {
    FP("CODI_ADUAN", 'C', 3, 0), FP("ANO_ORDEN", 'C', 4, 0), FP("NUME_ORDEN", 'C', 6, 0),
    FP("CODI_REGI", 'C', 2, 0),  FP("TIPO_TRANS", 'C', 2, 0), FP("ANO_PRESE", 'C', 4, 0),
};

/* ADUAHDR1, general data: 1-17 published (régimen 10), the rest
** extrapolated from IMPHDR01 (régimenes 21, 70) and from the names SUNAT's
** export statistics use for the same facts. */
static const ins_td_field aduahdr1[] = {
    FP("CODI_ADUAN", 'C', 3, 0),  FP("ANO_ORDEN", 'C', 4, 0),   FP("NUME_ORDEN", 'C', 6, 0),
    FP("CODI_REGI", 'C', 2, 0),   FP("MODALIDAD", 'C', 2, 0),   FP("TIPO_DESPA", 'C', 2, 0),
    FP("DCLANUL", 'C', 1, 0),     FP("FANO", 'C', 4, 0),        FP("NDCL", 'C', 6, 0),
    FP("NOMB_IMPOR", 'C', 40, 0), FP("TIPO_DOCUM", 'C', 1, 0),  FP("NUME_DOCUM", 'C', 11, 0),
    FP("DIRE_IMPOR", 'C', 60, 0), FP("UBIGEO", 'C', 6, 0),      FP("EMPR_TRANS", 'C', 4, 0),
    FP("CADU_MANIF", 'C', 3, 0),  FP("ANNO_MANIF", 'C', 4, 0),  FE("NUME_MANIF", 'C', 6, 0),
    FE("VIA_TRANSP", 'C', 1, 0),  FE("FECH_LLEGA", 'F', 8, 0),  FE("FECH_EMBAR", 'F', 8, 0),
    FE("CODI_MONED", 'C', 3, 0),  FE("PAIS_DESTI", 'C', 2, 0),  FE("PUER_EMBAR", 'C', 5, 0),
    FE("CODI_AGENT", 'C', 4, 0),
};

/* IMPHDR01, the older general data (régimen 21 and 70 pages, 1-25). */
static const ins_td_field imphdr01[] = {
    FP("CODI_ADUAN", 'N', 3, 0),  FP("ANO_PRESE", 'N', 4, 0),   FP("CODI_REGI", 'C', 2, 0),
    FP("NUME_ORDEN", 'C', 6, 0),  FP("RECEP_STRI", 'C', 17, 0), FP("DCLANUL", 'C', 1, 0),
    FP("TIPO_TRAT", 'N', 1, 0),   FP("TIPO_DOCUM", 'C', 1, 0),  FP("NUME_DOCUM", 'C', 8, 0),
    FP("CENDOIMP", 'C', 2, 0),    FP("NOMB_IMPOR", 'C', 40, 0), FP("DIRE_IMPOR", 'C', 60, 0),
    FP("CADU_MANIF", 'C', 3, 0),  FP("FECH_MANIF", 'N', 4, 0),  FP("NUME_MANIF", 'N', 6, 0),
    FP("VIA_TRANSP", 'N', 1, 0),  FP("FECH_LLEGA", 'N', 8, 0),  FP("EMPR_TRANS", 'N', 4, 0),
    FP("ANO_RESEXO", 'N', 4, 0),  FP("NRO_RESEXO", 'C', 6, 0),  FP("CODI_MONED", 'N', 3, 0),
    FP("FORM_PAGOX", 'N', 1, 0),  FP("PLAZ_CREDI", 'N', 4, 0),  FP("CODI_ENFIN", 'C', 2, 0),
    FP("FECH_CARCR", 'N', 8, 0),
};

/* The series of IMPDET01 (régimen 89 page, 1-25; 26-28 from régimenes 18
** and 50), with YEAR the key's year field: ADUADET1 is keyed by ANO_ORDEN
** like ADUAHDR1 (extrapolated), IMPDET01 by ANO_PRESE. */
#define SERIES_FIELDS(YEAR) \
    FP("CODI_ADUAN", 'C', 3, 0),  YEAR,                         FP("CODI_REGI", 'C', 2, 0),   \
    FP("NUME_ORDEN", 'C', 6, 0),  FP("NUME_SERIE", 'N', 4, 0),  FP("CANT_BULTO", 'N', 14, 3), \
    FP("CLASE", 'C', 3, 0),       FP("PESO_NETO", 'N', 14, 3),  FP("PESO_BRUTO", 'N', 14, 3), \
    FP("PART_NANDI", 'N', 10, 0), FP("DVER_PARNA", 'C', 1, 0),  FP("PART_NALAD", 'N', 8, 0),  \
    FP("TIPO_MARGE", 'C', 1, 0),  FP("PAIS_ORIGE", 'C', 2, 0),  FP("PAIS_ADQUI", 'C', 2, 0),  \
    FP("FOB_DIVFAC", 'N', 14, 2), FP("FOB_DOLPOL", 'N', 14, 2), FP("UNID_FIQTY", 'N', 12, 3), \
    FP("UNID_FIDES", 'C', 3, 0),  FP("CODI_LIBER", 'N', 4, 0),  FP("TRAT_PREFE", 'N', 3, 0),  \
    FP("CONV_INTER", 'N', 4, 0),  FP("REGI_PROCE", 'C', 2, 0),  FP("CADUREGPRE", 'C', 3, 0),  \
    FP("FANOREGPRE", 'N', 4, 0),  FP("NDCLREGPRE", 'C', 6, 0),  FP("FINIREGPRE", 'F', 8, 0),  \
    FP("FTERREGPRE", 'F', 8, 0)

/* ADUADET1, series: then the commercial description and origin district
** of SUNAT's statistics (extrapolated). */
static const ins_td_field aduadet1[] = {
    SERIES_FIELDS(FE("ANO_ORDEN", 'C', 4, 0)),
    FE("DESC_COMER", 'C', 30, 0), FE("DESC_MATCO", 'C', 30, 0), FE("DESC_USOAP", 'C', 30, 0),
    FE("DESC_FOPRE", 'C', 30, 0), FE("DESC_OTROS", 'C', 30, 0), FE("UBIGEO", 'C', 6, 0),
};

/* IMPDET01, the older series file. */
static const ins_td_field impdet01[] = {SERIES_FIELDS(FP("ANO_PRESE", 'C', 4, 0))};

/* DUAFAC01, invoices and suppliers: not on a stored page; the fields of
** FACHDR01 (EER invoices, 1-17 published) keyed like ADUAHDR1. */
static const ins_td_field duafac01[] = {
    FE("CODI_ADUAN", 'C', 3, 0),   FE("ANO_ORDEN", 'C', 4, 0),    FE("NUME_ORDEN", 'C', 6, 0),
    FE("CODI_REGI", 'C', 2, 0),    FE("NUME_SECUF", 'N', 4, 0),   FE("NUME_FACTU", 'C', 40, 0),
    FE("FECH_FACTU", 'F', 8, 0),   FE("NOMB_PROVE", 'C', 100, 0), FE("DIRE_PROVE", 'C', 100, 0),
    FE("PAIS_PROVE", 'C', 2, 0),   FE("NIVEL_COME", 'C', 1, 0),   FE("CODI_CONDI", 'C', 1, 0),
    FE("TIPO_DOCPR", 'C', 1, 0),   FE("NUME_DOCPR", 'C', 11, 0),  FE("VALO_FACTU", 'N', 15, 3),
};

/* DUADOCAS, associated documents (permits, certificates, guías): not on a
** stored page; the "documento asociado" fields of SUNAT's container file
** (CABCONTE) keyed like ADUAHDR1. */
static const ins_td_field duadocas[] = {
    FE("CODI_ADUAN", 'C', 3, 0), FE("ANO_ORDEN", 'C', 4, 0),  FE("NUME_ORDEN", 'C', 6, 0),
    FE("CODI_REGI", 'C', 2, 0),  FE("NUME_SERIE", 'N', 4, 0), FE("TIPO_DOCAS", 'C', 2, 0),
    FE("NUME_DOCAS", 'C', 25, 0), FE("FECH_DOCAS", 'F', 8, 0), FE("ENTI_DOCAS", 'C', 60, 0),
};

/* DUACONTE, containers: not on a stored page; CABCONTE's container fields. */
static const ins_td_field duaconte[] = {
    FE("CODI_ADUAN", 'C', 3, 0), FE("ANO_ORDEN", 'C', 4, 0),  FE("NUME_ORDEN", 'C', 6, 0),
    FE("CODI_REGI", 'C', 2, 0),  FE("NUME_CONTE", 'C', 15, 0), FE("TAMA_CONTE", 'C', 2, 0),
    FE("CODI_CONDI", 'C', 3, 0), FE("NUME_PRECI", 'C', 15, 0), FE("PESO_NETO", 'N', 11, 2),
};

/* DUAEMPRE, vehicles and ships of exit transport: not on a stored page. */
static const ins_td_field duaempre[] = {
    FE("CODI_ADUAN", 'C', 3, 0), FE("ANO_ORDEN", 'C', 4, 0),  FE("NUME_ORDEN", 'C', 6, 0),
    FE("CODI_REGI", 'C', 2, 0),  FE("NUME_SECUE", 'N', 3, 0), FE("TIPO_EMPRE", 'C', 1, 0),
    FE("IDEN_EMPRE", 'C', 20, 0), FE("NOMB_NAVE", 'C', 50, 0), FE("PAIS_EMPRE", 'C', 2, 0),
    FE("RUC_TRANSP", 'C', 11, 0), FE("FECH_SALID", 'F', 8, 0),
};

/* DUAREGAP, regimes of application and precedence: the precedence fields
** of IMPDET01 (published on the régimen 18, 50 and 89 pages). */
static const ins_td_field duaregap[] = {
    FE("CODI_ADUAN", 'C', 3, 0), FE("ANO_ORDEN", 'C', 4, 0),  FE("NUME_ORDEN", 'C', 6, 0),
    FE("CODI_REGI", 'C', 2, 0),  FE("NUME_SERIE", 'N', 4, 0), FP("REGI_PROCE", 'C', 2, 0),
    FP("CADUREGPRE", 'C', 3, 0), FP("FANOREGPRE", 'N', 4, 0), FP("NDCLREGPRE", 'C', 6, 0),
    FE("NUME_SERPR", 'N', 4, 0), FP("FINIREGPRE", 'F', 8, 0), FP("FTERREGPRE", 'F', 8, 0),
};

/* DUAOBSER, observations: not on a stored page. */
static const ins_td_field duaobser[] = {
    FE("CODI_ADUAN", 'C', 3, 0), FE("ANO_ORDEN", 'C', 4, 0),  FE("NUME_ORDEN", 'C', 6, 0),
    FE("CODI_REGI", 'C', 2, 0),  FE("NUME_SERIE", 'N', 4, 0), FE("OBSERVACIO", 'C', 250, 0),
};

/* Response: declarations accepted (published for transfers, which the page
** says share the declarations' response structure; 1-21). */
static const ins_td_field resp_hdr[] = {
    FP("NUME_ORDEN", 'C', 6, 0),  FP("CODI_ADUAN", 'N', 3, 0),  FP("ANO_PRESE", 'N', 4, 0),
    FP("CODI_REGI", 'C', 2, 0),   FP("NUME_CORRE", 'C', 6, 0),  FP("TDOC_CDA", 'C', 2, 0),
    FP("DIGI_VERI", 'N', 3, 0),   FP("SDOC_CDA", 'C', 2, 0),    FP("FECH_INGSI", 'F', 8, 0),
    FP("TIPO_AFORO", 'C', 1, 0),  FP("ULTD_PAGO", 'F', 8, 0),   FP("TOTP_DOLAR", 'N', 11, 2),
    FP("TADV_DOLAR", 'N', 11, 2), FP("TISC_DOLAR", 'N', 11, 2), FP("TIGV_DOLAR", 'N', 11, 2),
    FP("TIPM_DOLAR", 'N', 11, 2), FP("TDES_DOLAR", 'N', 11, 2), FP("TDER_ADUMP", 'N', 11, 2),
    FP("TCOMM", 'N', 11, 2),      FP("TIPMA_DOLA", 'N', 11, 2), FP("REIN_DOLAR", 'N', 10, 2),
};

/* Response: errors and warnings (not on a stored page). */
static const ins_td_field resp_err[] = {
    FE("CODI_ADUAN", 'C', 3, 0), FE("ANO_ORDEN", 'C', 4, 0),   FE("NUME_ORDEN", 'C', 6, 0),
    FE("CODI_REGI", 'C', 2, 0),  FE("CODI_ERROR", 'C', 4, 0),  FE("NUME_SERIE", 'N', 4, 0),
    FE("DESC_ADVER", 'C', 100, 0), FE("NUME_ITEM", 'N', 4, 0),
};

/* Response: control (not on a stored page; read by name only). */
static const ins_td_field resp_ctr[] = {
    FE("AGENTE", 'C', 4, 0), FE("FECHA", 'F', 8, 0), FE("NUM_REG", 'N', 6, 0),
};

#define PAGE_CTL "aduanet CGTeleTrans?preg=XC&ptab=01&pttrans=S3"
#define PAGE_RECT "aduanet comunicado co050405-1 (régimen 10, rectificación)"
static const ins_td_layout layouts[] = {
    L("IMPCTR01", TD_CONTROL, PAGE_CTL, impctr01),
    L("DETCTR01", TD_ORDERS, PAGE_RECT, detctr01),
    L("ADUAHDR1", TD_HEADER, PAGE_RECT, aduahdr1),
    L("IMPHDR01", TD_HEADER, "aduanet CGTeleestruc?preg=21&ptab=02 and ?preg=70&ptab=02", imphdr01),
    L("ADUADET1", TD_SERIES, "aduanet CGTeleTrans?preg=89&ptab=03&pttrans=01 (IMPDET01)", aduadet1),
    L("IMPDET01", TD_SERIES, "aduanet CGTeleTrans?preg=89&ptab=03&pttrans=01", impdet01),
    L("DUAFAC01", TD_INVOICES, "extrapolated from FACHDR01 (CGTeleTrans?preg=04&ptab=75&pttrans=E9)", duafac01),
    L("DUADOCAS", TD_DOCUMENTS, "extrapolated (documento asociado fields of CABCONTE)", duadocas),
    L("DUACONTE", TD_CONTAINERS, "extrapolated (container fields of CABCONTE)", duaconte),
    L("DUAEMPRE", TD_VEHICLES, "extrapolated", duaempre),
    L("DUAREGAP", TD_PRIOR, "precedence fields of IMPDET01 (CGTeleestruc?preg=18&ptab=03)", duaregap),
    L("DUAOBSER", TD_REMARKS, "extrapolated", duaobser),
    L("HDR", TD_ACCEPTED, "aduanet CGTeleestruc?ptab=04&preg=29", resp_hdr),
    L("ERR", TD_ERRORS, "extrapolated", resp_err),
    L("CTR", TD_RESPONSE_CONTROL, "extrapolated", resp_ctr),
};

const ins_td_layout *const insTdLayouts[] = {
    &layouts[0], &layouts[1], &layouts[2],  &layouts[3],  &layouts[4],  &layouts[5],  &layouts[6],  &layouts[7],
    &layouts[8], &layouts[9], &layouts[10], &layouts[11], &layouts[12], &layouts[13], &layouts[14],
};
const size_t insTdLayoutCount = INS_ARRAY_LEN(insTdLayouts);
_Static_assert(INS_ARRAY_LEN(insTdLayouts) == INS_ARRAY_LEN(layouts), "every layout listed");

/*
** The structure of the transmission file whose base name is NAME: the
** structure's own name, any case, alone or with the extension of a text
** or dBASE file (.TXT, .DBF, .CSV); or a response "AAAXNNNN.TTT" (three
** digits of the agency, A/M/P, a four-digit sequence; TTT HDR, ERR or
** CTR).  NULL for any other file, such as the index (.CDX), memo (.FPT)
** and backup (.BAK) files FoxPro and editors leave beside a table.
*/
const ins_td_layout *insTdLayoutByFile(const char *name)
{
    size_t n = strlen(name);
    const char *dot = strrchr(name, '.');
    size_t stem = dot ? (size_t)(dot - name) : n;
    if (stem == 8 && dot && n - stem == 4 && isdigit((unsigned char)name[0]) &&
        isdigit((unsigned char)name[1]) && isdigit((unsigned char)name[2]) &&
        strchr("AMPamp", name[3]) && name[3] &&
        isdigit((unsigned char)name[4]) && isdigit((unsigned char)name[5]) &&
        isdigit((unsigned char)name[6]) && isdigit((unsigned char)name[7])) {
        for (size_t i = 0; i < INS_ARRAY_LEN(layouts); i++)
            if (strlen(layouts[i].name) == 3 && !strncasecmp(dot + 1, layouts[i].name, 3)) return &layouts[i];
        return NULL;
    }
    if (stem != 8) return NULL;
    if (dot && strcasecmp(dot, ".TXT") && strcasecmp(dot, ".DBF") && strcasecmp(dot, ".CSV")) return NULL;
    for (size_t i = 0; i < INS_ARRAY_LEN(layouts); i++)
        if (strlen(layouts[i].name) == 8 && !strncasecmp(name, layouts[i].name, 8)) return &layouts[i];
    return NULL;
}
