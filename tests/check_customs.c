/*
** check_customs.c: the customs declaration importers.
**
**   wco-declaration  the 288 real UK CDS samples of tests/fixtures/wco-declaration
**                    (WCO Data Model DEC-DMS 2), plus hand-made cancellations,
**                    identities and damaged copies written by these tests into
**                    the build tree;
**   asycuda          the hand-made ASYCUDA World files of
**                    tests/fixtures/synthetic/asycuda (see its README).
**
** What the WCO corpus holds (read from the files, not from their names):
**   - 288 files, 286 distinct contents: TT_IM001a/TT_IM001c and
**     TT_IM002b/TT_IM002c are byte-identical pairs, imported once each (the
**     second of each pair is a duplicate, not a rejection);
**   - 284 md:MetaData/Declaration documents, 15 of them inside HMRC's
**     v1:submitDeclarationRequest envelope, and one (TT_IM222a) whose
**     namespace URIs lost their colons;
**   - 2 files with a comment that runs into the next one (TT_EX002a,
**     TT_IM084a): not well-formed, imported in recovery mode with a warning;
**   - type codes: 49 EX.., 230 IM.., 7 CO.. among the 286; all are original
**     declarations (FunctionCode 9): no amendment or cancellation is among
**     them, so those are written by the tests, shaped like HMRC's published
**     cancellation sample (TT_EX010a_Cancellation.xml, not in the corpus).
*/
#include "testutil.h"

#include "importer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WCO "wco-declaration"
#define ASY "synthetic/asycuda"
/* The ASYCUDA fixtures, in the order their names sort (the README aside). */
#define ASY_FILES \
    ASY "/01-gold-export-pe-ar.xml", ASY "/02-many-nulls.xml", ASY "/03-two-items-pe-ch.xml"
#define WCO_FILES 288
#define WCO_DISTINCT 286

/* A column of the declaration imported from the file whose path matches ?1. */
#define DECL(col)                                                                                 \
    "SELECT " col " FROM declarations d WHERE d.document_id IN (SELECT doc.id FROM documents doc" \
    " JOIN source_files sf ON sf.id = doc.file_id WHERE sf.path LIKE '%' || ?1 || '%')"
/* The key of the firm in column ROLE_firm_id of that declaration. */
#define DECL_FIRM(role)                                                                      \
    "SELECT f.key FROM declarations d JOIN documents doc ON doc.id = d.document_id"          \
    " JOIN source_files sf ON sf.id = doc.file_id JOIN firms f ON f.id = d." role "_firm_id" \
    " WHERE sf.path LIKE '%' || ?1 || '%'"
/* A column of the parties (p) of that declaration in role ?2, with firm f. */
#define PARTY(col)                                                                              \
    "SELECT " col " FROM declaration_parties p JOIN declarations d ON d.id = p.declaration_id"  \
    " JOIN documents doc ON doc.id = d.document_id JOIN source_files sf ON sf.id = doc.file_id" \
    " LEFT JOIN firms f ON f.id = p.firm_id WHERE sf.path LIKE '%' || ?1 || '%' AND p.role = ?2"
/* Its items (i), in order, as one text. */
#define ITEMS(expr)                                                                                \
    "SELECT group_concat(x, ' | ') FROM (SELECT " expr " AS x FROM declaration_items i"            \
    " JOIN declarations d ON d.id = i.declaration_id JOIN documents doc ON doc.id = d.document_id" \
    " JOIN source_files sf ON sf.id = doc.file_id WHERE sf.path LIKE '%' || ?1 || '%'"             \
    " ORDER BY i.seq, i.id)"
/* The values of attribute ?2 of that declaration's document, in order. */
#define ATTRS                                                                                   \
    "SELECT group_concat(value, ',') FROM (SELECT r.value FROM record_attributes r"             \
    " JOIN documents doc ON doc.id = r.document_id JOIN source_files sf ON sf.id = doc.file_id" \
    " WHERE sf.path LIKE '%' || ?1 || '%' AND r.name = ?2 ORDER BY r.rowid)"
/* The warnings of that declaration's document. */
#define WARNINGS                                                                   \
    "SELECT group_concat(w.code, ',') FROM document_warnings w JOIN documents doc" \
    " ON doc.id = w.document_id JOIN source_files sf ON sf.id = doc.file_id"       \
    " WHERE sf.path LIKE '%' || ?1 || '%'"

/* Row counts of every table the importers write, as one text. */
#define TABLE_COUNTS                                                                        \
    "SELECT (SELECT COUNT(*) FROM source_files) || ',' || (SELECT COUNT(*) FROM documents)" \
    " || ',' || (SELECT COUNT(*) FROM declarations) || ',' ||"                              \
    " (SELECT COUNT(*) FROM declaration_parties) || ',' || (SELECT COUNT(*) FROM"           \
    " declaration_items) || ',' || (SELECT COUNT(*) FROM firms) || ',' || (SELECT COUNT(*)" \
    " FROM firm_names) || ',' || (SELECT COUNT(*) FROM record_attributes) || ',' ||"        \
    " (SELECT COUNT(*) FROM document_refs) || ',' || (SELECT COUNT(*) FROM document_warnings)"

/* Fails with the logged reasons when the import rejected anything. */
static void assert_no_rejects(ins_db *db, const ins_import_stats *st)
{
    char *why = tu_text(db,
                        "SELECT group_concat(path || ': ' || COALESCE(reason, '?'), ' | ')"
                        " FROM import_log WHERE status = 'rejected'",
                        (const char *)NULL);
    ck_assert_msg(st->rejected == 0, "%u file(s) rejected: %s", st->rejected, why ? why : "?");
    free(why);
}

/* Path of NAME in the build tree's tests/tmp (static storage, ring of 4). */
static const char *tmp_path(const char *name)
{
    static char ring[4][4096];
    static int k;
    char *p = ring[k++ % 4];
    const char *b = getenv("top_builddir");
    snprintf(p, 4096, "%s/tests/tmp/%s", b && *b ? b : ".", name);
    return p;
}

/* Writes LEN bytes of DATA to tests/tmp/NAME and returns its path. */
static const char *write_tmp(const char *name, const char *data, size_t len)
{
    const char *p = tmp_path(name);
    FILE *f = fopen(p, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", p);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return p;
}

/* Reads fixture REL whole (malloc'd, NUL-terminated); its length in *LEN. */
static char *read_fixture(const char *rel, size_t *len)
{
    FILE *f = fopen(tu_fixture(rel), "rb");
    ck_assert_msg(f != NULL, "cannot open %s", rel);
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : 131072;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
        size_t got = fread(buf + n, 1, 65536, f);
        n += got;
        if (got < 65536) break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Imports the absolute PATH into DB and returns the stats. */
static ins_import_stats import_abs(ins_db *db, const char *path)
{
    ins_import_stats st;
    memset(&st, 0, sizeof st);
    ck_assert_int_eq(tu_import_abs(db, &st, path, NULL), INS_OK);
    return st;
}

/* ---- sniffing --------------------------------------------------------------- */

/* Sets a sniff's root. */
static void root(ins_sniff *s, const char *local, const char *ns)
{
    memset(s, 0, sizeof *s);
    s->is_xml = 1;
    snprintf(s->root_local, sizeof s->root_local, "%s", local);
    snprintf(s->root_ns, sizeof s->root_ns, "%s", ns);
}

/* Each importer claims its roots and nothing else. */
START_TEST(test_sniff)
{
    ins_sniff s;
    root(&s, "MetaData", "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2");
    ck_assert_int_eq(insImporterWcoDms.sniff(&s), 90);
    ck_assert_int_eq(insImporterAsycuda.sniff(&s), 0);
    root(&s, "Declaration", "urn:wco:datamodel:WCO:DEC-DMS:2");
    ck_assert_int_eq(insImporterWcoDms.sniff(&s), 90);
    root(&s, "mdMetaData", "urnwcodatamodelWCODEC-DMS2");
    ck_assert_int_eq(insImporterWcoDms.sniff(&s), 70);
    root(&s, "submitDeclarationRequest",
         "http://uk/gov/hmrc/mdg/declarationmanagement/submitdeclaration/request/schema/v1");
    ck_assert_int_gt(insImporterWcoDms.sniff(&s), 50);
    root(&s, "MetaData", "urn:example:other");
    ck_assert_int_eq(insImporterWcoDms.sniff(&s), 0);
    root(&s, "Invoice", INS_NS_INVOICE);
    ck_assert_int_eq(insImporterWcoDms.sniff(&s), 0);
    ck_assert_int_eq(insImporterAsycuda.sniff(&s), 0);
    root(&s, "ASYCUDA", "");
    ck_assert_int_eq(insImporterAsycuda.sniff(&s), 90);
    ck_assert_int_eq(insImporterWcoDms.sniff(&s), 0);
    root(&s, "ASYCUDA", "urn:example:other");
    ck_assert_int_eq(insImporterAsycuda.sniff(&s), 0);
    ck_assert_str_eq(insImporterWcoDms.kind, "wco-declaration");
    ck_assert_str_eq(insImporterAsycuda.kind, "asycuda");
}
END_TEST

/* ---- the WCO corpus ----------------------------------------------------------- */

/* Every sample imports (the two byte-identical copies as duplicates), and a
** second import of the whole folder changes nothing. */
START_TEST(test_wco_corpus)
{
    ins_db *db = tu_db_new("customs-corpus");
    ins_import_stats st;
    memset(&st, 0, sizeof st);
    tu_import(db, &st, WCO, (const char *)NULL);
    assert_no_rejects(db, &st);
    ck_assert_uint_eq(st.files_total, WCO_FILES);
    ck_assert_uint_eq(st.imported, WCO_DISTINCT);
    ck_assert_uint_eq(st.duplicate, WCO_FILES - WCO_DISTINCT);
    tu_assert_int(db, WCO_DISTINCT,
                  "SELECT COUNT(*) FROM source_files WHERE kind = 'wco-declaration'");
    tu_assert_int(db, 2,
                  "SELECT COUNT(*) FROM import_log WHERE status = 'duplicate'"
                  " AND (path LIKE '%TT_IM001c%' OR path LIKE '%TT_IM002c%')");

    /* one document and one declaration per file, each with a reference */
    tu_assert_int(db, WCO_DISTINCT,
                  "SELECT COUNT(*) FROM documents WHERE kind = 'customs_declaration'"
                  " AND generation = 'wco-dms-2'");
    tu_assert_int(db, WCO_DISTINCT,
                  "SELECT COUNT(*) FROM declarations WHERE format = 'wco-dms-2'"
                  " AND reference IS NOT NULL AND function_code = '9'");
    tu_assert_text(db, "CO:7,EX:49,IM:230",
                   "SELECT group_concat(x, ',') FROM (SELECT direction || ':' || COUNT(*) AS x"
                   " FROM declarations GROUP BY direction ORDER BY direction)");
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM declarations WHERE direction <> substr(type_code, 1, 2)");
    tu_assert_int(db, 286, "SELECT COUNT(*) FROM declarations WHERE declarant_firm_id IS NOT NULL");
    tu_assert_int(db, 309, "SELECT COUNT(*) FROM declaration_items");
    tu_assert_int(
        db, 283,
        "SELECT COUNT(*) FROM declaration_items WHERE hs6 GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'");
    /* parties: 887 by identifier, 262 known only by name and address */
    tu_assert_text(db, "identifier:887,name:132,new:130",
                   "SELECT group_concat(x, ',') FROM (SELECT resolved_by || ':' || COUNT(*) AS x"
                   " FROM declaration_parties GROUP BY resolved_by ORDER BY resolved_by)");
    tu_assert_int(db, 130, "SELECT COUNT(*) FROM firms WHERE scheme = 'NAME'");
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM declaration_parties p JOIN firms f ON f.id = p.firm_id"
                  " WHERE p.resolved_by = 'identifier' AND p.identifier GLOB '[A-Z][A-Z][0-9]*'"
                  " AND f.scheme <> 'EORI'");
    /* damaged files: two recovered, one read by local names */
    tu_assert_text(db, "namespace:1,xml_recovered:2",
                   "SELECT group_concat(x, ',') FROM (SELECT code || ':' || COUNT(*) AS x"
                   " FROM document_warnings GROUP BY code ORDER BY code)");

    char *before = tu_text(db, TABLE_COUNTS, (const char *)NULL);
    memset(&st, 0, sizeof st);
    tu_import(db, &st, WCO, (const char *)NULL);
    ck_assert_uint_eq(st.imported, 0);
    ck_assert_uint_eq(st.rejected, 0);
    ck_assert_uint_eq(st.duplicate, WCO_FILES);
    tu_assert_text(db, before, TABLE_COUNTS, (const char *)NULL);
    free(before);
    ins_db_close(db);
}
END_TEST

/* An export (EXD, in HMRC's submission envelope): exporter by EORI, consignee
** and carrier by name and address, destination, one classified item. */
START_TEST(test_wco_export)
{
    ins_db *db = tu_db_new("customs-export");
    ins_import_stats st;
    memset(&st, 0, sizeof st);
    tu_import(db, &st, WCO "/hmrc--TT_EX038a--TT_EX038a.xml",
              WCO "/hmrc--CUS_Code--New_Export_CUS_Code_Sample.xml", (const char *)NULL);
    assert_no_rejects(db, &st);
    ck_assert_uint_eq(st.imported, 2);
    const char *f = "TT_EX038a";
    tu_assert_text(
        db, "EX|EXD|9|U.7849431IZKEU",
        DECL("direction || '|' || type_code || '|' || function_code || '|' || reference"), f);
    tu_assert_text(db, "EORI:GB417869120000", DECL_FIRM("exporter"), f);
    tu_assert_text(db, "EORI:GB150454489082", DECL_FIRM("declarant"), f);
    tu_assert_text(db, "EORI:GB150454489082", DECL_FIRM("agent"), f);
    tu_assert_text(db, "NAME:PK:pk rifle ltd", DECL_FIRM("consignee"), f);
    tu_assert_text(db, "NAME:GB:kp carrier", DECL_FIRM("carrier"), f);
    tu_assert_text(db, "GB", "SELECT country FROM firms WHERE key = 'EORI:GB417869120000'");
    tu_assert_text(
        db, "GB|PK|GB000014|CSCLGLOBE|4|GB",
        DECL("export_country || '|' || destination_country || '|' || exit_office || '|' ||"
             " transport_id || '|' || transport_mode || '|' || transport_nationality"),
        f);
    tu_assert_text(db, "PK Rifle Ltd|Pakistan, Islamabad, PK1 234, PK|PK|new",
                   PARTY("p.name || '|' || p.address || '|' || p.country || '|' || p.resolved_by"),
                   f, "consignee");
    tu_assert_int(
        db, 1, DECL("(SELECT COUNT(*) FROM declaration_items i WHERE i.declaration_id = d.id)"), f);
    tu_assert_text(db, "1|Military weapons|93063030|930630|GB|20.0|15.0|-|1040.0",
                   ITEMS("i.seq || '|' || i.description || '|' || i.classification || '|' || i.hs6"
                         " || '|' || i.origin_country || '|' || i.gross_mass || '|' || i.net_mass"
                         " || '|' || COALESCE(i.value, '-') || '|' || i.statistical_value"),
                   f);
    tu_assert_text(db, "4099", ATTRS, f, "taric_additional_code");
    tu_assert_text(db, "1040,3LV", ATTRS, f, "procedure");
    tu_assert_text(db, "FNSupply192", ATTRS, f, "container");
    tu_assert_text(
        db, "previous:ZDCR:5GB575801025632-8QS1JAV",
        "SELECT r.ref_kind || ':' || r.ref_type || ':' || r.ref_id FROM document_refs r"
        " JOIN documents doc ON doc.id = r.document_id JOIN source_files sf"
        " ON sf.id = doc.file_id WHERE sf.path LIKE '%TT_EX038a%' AND r.ref_type = 'ZDCR'");
    /* the declarant issued the document */
    tu_assert_text(db, "EORI:GB150454489082",
                   "SELECT f.key FROM documents doc JOIN firms f ON f.id = doc.issuer_firm_id"
                   " JOIN source_files sf ON sf.id = doc.file_id WHERE sf.path LIKE '%TT_EX038a%'");
    /* the total invoiced amount of a declaration that states one */
    tu_assert_text(db, "EXA|9500.0|GBP|PK",
                   DECL("type_code || '|' || total_value || '|' || currency ||"
                        " '|' || destination_country"),
                   "New_Export_CUS_Code_Sample");
    tu_assert_text(db, "CV:1",
                   "SELECT 'CV:' || COUNT(*) FROM record_attributes WHERE name = 'cus_code'");
    ins_db_close(db);
}
END_TEST

/* An import (IMA): importer and declarant by EORI, exporter by name, three
** items with their CN + TARIC codes, origin and values; an export whose
** consignee is given by an XI (Northern Ireland) EORI. */
START_TEST(test_wco_import)
{
    ins_db *db = tu_db_new("customs-import");
    ins_import_stats st;
    memset(&st, 0, sizeof st);
    tu_import(db, &st, WCO "/hmrc--TT_IM001d--TT_IM001d.xml", WCO "/hmrc--TT_EX013a--TT_EX013a.xml",
              (const char *)NULL);
    assert_no_rejects(db, &st);
    const char *f = "TT_IM001d";
    tu_assert_text(db, "IM|IMA|TT_IM01d_v1.6_230322_1|US|GB",
                   DECL("direction || '|' || type_code || '|' || reference || '|' || export_country"
                        " || '|' || destination_country"),
                   f);
    tu_assert_text(db, "EORI:GB553202734852", DECL_FIRM("importer"), f);
    tu_assert_text(db, "EORI:GB603202734852", DECL_FIRM("declarant"), f);
    tu_assert_text(db, "NAME:US:us clipper inc", DECL_FIRM("exporter"), f);
    tu_assert_text(db, "GB553202734852|GB|identifier",
                   PARTY("p.identifier || '|' || p.country || '|' || p.resolved_by"), f,
                   "importer");
    tu_assert_text(db, "EORI|GB553202734852|GB",
                   "SELECT scheme || '|' || tax_id || '|' || country FROM firms"
                   " WHERE key = 'EORI:GB553202734852'");
    tu_assert_text(db, "1 Shaver Street, New York, NY1 234, US", PARTY("p.address"), f, "exporter");
    tu_assert_text(
        db,
        "1:8510900000:851090:US:150.0:100.0:1000.0:GBP | "
        "2:8510100000:851010:US:15.0:10.0:100.0:GBP | "
        "3:8510200000:851020:US:15.0:10.0:100.0:GBP",
        ITEMS("i.seq || ':' || i.classification || ':' || i.hs6 || ':' || i.origin_country"
              " || ':' || i.gross_mass || ':' || i.net_mass || ':' || i.value || ':' ||"
              " i.currency"),
        f);
    tu_assert_text(db, "WLALONBTW", ATTRS, f, "goods_location");
    /* no BorderTransportMeans/ID: the arrival means stands in */
    tu_assert_text(db, "12345|1|US",
                   DECL("transport_id || '|' || transport_mode || '|' || transport_nationality"),
                   f);

    /* XI EORIs are Northern Ireland's: the United Kingdom */
    tu_assert_text(db, "EORI:XI427168118378|GB",
                   "SELECT key || '|' || country FROM firms"
                   " WHERE key = 'EORI:XI427168118378'");
    tu_assert_text(db, "XI427168118378|identifier", PARTY("p.identifier || '|' || p.resolved_by"),
                   "TT_EX013a", "consignee");
    tu_assert_text(db, "EORI:XI427168118378", DECL_FIRM("consignee"), "TT_EX013a");
    ins_db_close(db);
}
END_TEST

/* A party known only by name and address resolves to the firm already met
** under that name in that country: a NAME firm from an earlier declaration,
** or an identified firm seen under that name. */
START_TEST(test_wco_name_resolution)
{
    /* two declarations naming "US Clipper Inc." (New York) */
    ins_db *db = tu_db_new("customs-names");
    ins_import_stats st;
    memset(&st, 0, sizeof st);
    tu_import(db, &st, WCO "/hmrc--TT_IM001a--Step1_TT_IM001a.xml", (const char *)NULL);
    tu_import(db, &st, WCO "/hmrc--TT_IM001b--TT_IM001b.xml", (const char *)NULL);
    tu_assert_text(db, "new|NAME:US:us clipper inc", PARTY("p.resolved_by || '|' || f.key"),
                   "TT_IM001a", "exporter");
    tu_assert_text(db, "name|NAME:US:us clipper inc", PARTY("p.resolved_by || '|' || f.key"),
                   "TT_IM001b", "exporter");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM firms WHERE norm_name = 'us clipper inc'");
    ins_db_close(db);

    /* a firm known by EORI under that name (another spelling), then the sample */
    db = tu_db_new("customs-names-id");
    ins_party p = {INS_SCHEME_EORI, "US123456789000", "US CLIPPER, INC", "US"};
    int64_t firm = insModelFirm(db, 0, &p);
    ck_assert_int_gt(firm, 0);
    /* the same name in another country is not the US firm */
    ins_party other = {INS_SCHEME_EORI, "GB999999999000", "US Clipper Inc.", "GB"};
    ck_assert_int_gt(insModelFirm(db, 0, &other), 0);
    memset(&st, 0, sizeof st);
    tu_import(db, &st, WCO "/hmrc--TT_IM001d--TT_IM001d.xml", (const char *)NULL);
    assert_no_rejects(db, &st);
    tu_assert_text(db, "name|EORI:US123456789000|US Clipper Inc.|US",
                   PARTY("p.resolved_by || '|' || f.key || '|' || p.name || '|' || p.country"),
                   "TT_IM001d", "exporter");
    tu_assert_text(db, "EORI:US123456789000", DECL_FIRM("exporter"), "TT_IM001d");
    tu_assert_int(
        db, 0, "SELECT COUNT(*) FROM firms WHERE scheme = 'NAME' AND norm_name = 'us clipper inc'");
    /* the declared spelling is recorded among the firm's names, with its document */
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM firm_names n JOIN firms f ON f.id = n.firm_id"
                  " WHERE f.key = 'EORI:US123456789000' AND n.name = 'US Clipper Inc.'"
                  " AND n.document_id IS NOT NULL");
    ins_db_close(db);

    /* two identified firms under one name: not guessed between */
    db = tu_db_new("customs-names-ambiguous");
    ins_party a = {INS_SCHEME_EORI, "US111111111000", "US Clipper Inc", "US"};
    ins_party b = {INS_SCHEME_EORI, "US222222222000", "U.S. Clipper, Inc.", "US"};
    ck_assert_int_gt(insModelFirm(db, 0, &a), 0);
    ck_assert_int_gt(insModelFirm(db, 0, &b), 0);
    memset(&st, 0, sizeof st);
    tu_import(db, &st, WCO "/hmrc--TT_IM001d--TT_IM001d.xml", (const char *)NULL);
    assert_no_rejects(db, &st);
    /* "U.S." normalises to "us": both firms qualify */
    tu_assert_text(db, "new|NAME:US:us clipper inc", PARTY("p.resolved_by || '|' || f.key"),
                   "TT_IM001d", "exporter");
    tu_assert_text(db, "name_ambiguous", WARNINGS, "TT_IM001d");
    ins_db_close(db);
}
END_TEST

/* A cancellation (FunctionCode 13, TypeCode INV) as HMRC publishes them:
** hand-made here after TT_EX010a_Cancellation.xml; and the same request as
** a bare Declaration root. */
static const char cancellation[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<md:MetaData xmlns=\"urn:wco:datamodel:WCO:DEC-DMS:2\"\n"
    "  xmlns:md=\"urn:wco:datamodel:WCO:DocumentMetaData-DMS:2\">\n"
    "  <md:WCODataModelVersionCode>3.6</md:WCODataModelVersionCode>\n"
    "  <md:WCOTypeName>DEC</md:WCOTypeName>\n"
    "  <md:ResponsibleCountryCode>GB</md:ResponsibleCountryCode>\n"
    "  <Declaration xmlns:p1=\"urn:wco:datamodel:WCO:Declaration_DS:DMS:2\">\n"
    "    <!-- a cancellation: hand-made, CC0 -->\n"
    "    <AcceptanceDateTime>\n"
    "      <p1:DateTimeString formatCode=\"304\">20240702150000Z</p1:DateTimeString>\n"
    "    </AcceptanceDateTime>\n"
    "    <FunctionCode>13</FunctionCode>\n"
    "    <FunctionalReferenceID>CANCEL-0001</FunctionalReferenceID>\n"
    "    <ID>24GB7SPKVP6FJDRYA0</ID>\n"
    "    <TypeCode>INV</TypeCode>\n"
    "    <Submitter><ID>GB417869120000</ID></Submitter>\n"
    "    <AdditionalInformation>\n"
    "      <StatementDescription>Duplicate declaration, please cancel</StatementDescription>\n"
    "      <StatementTypeCode>AES</StatementTypeCode>\n"
    "      <Pointer><SequenceNumeric>1</SequenceNumeric><DocumentSectionCode>42A</DocumentSectionCode></Pointer>\n"
    "    </AdditionalInformation>\n"
    "    <Amendment><ChangeReasonCode>1</ChangeReasonCode></Amendment>\n"
    "  </Declaration>\n"
    "</md:MetaData>\n";

static const char amendment_bare[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Declaration xmlns=\"urn:wco:datamodel:WCO:DEC-DMS:2\"\n"
    "  xmlns:p1=\"urn:wco:datamodel:WCO:Declaration_DS:DMS:2\">\n"
    "  <FunctionCode>13</FunctionCode>\n"
    "  <FunctionalReferenceID>AMEND-0002</FunctionalReferenceID>\n"
    "  <ID>24GB0000000000AMD2</ID>\n"
    "  <IssueDateTime><p1:DateTimeString formatCode=\"102\">20240705</p1:DateTimeString></IssueDateTime>\n"
    "  <TypeCode>COR</TypeCode>\n"
    "  <Submitter><ID>GB417869120000</ID></Submitter>\n"
    "  <Amendment><ChangeReasonCode>32</ChangeReasonCode></Amendment>\n"
    "  <GoodsShipment>\n"
    "    <GovernmentAgencyGoodsItem>\n"
    "      <SequenceNumeric>1</SequenceNumeric>\n"
    "      <Commodity>\n"
    "        <Classification><ID>710812</ID><IdentificationTypeCode>TSP</IdentificationTypeCode></Classification>\n"
    "        <GoodsMeasure><NetNetWeightMeasure unitCode=\"GRM\">2500</NetNetWeightMeasure></GoodsMeasure>\n"
    "      </Commodity>\n"
    "    </GovernmentAgencyGoodsItem>\n"
    "  </GoodsShipment>\n"
    "</Declaration>\n";

START_TEST(test_wco_cancellation)
{
    ins_db *db = tu_db_new("customs-cancel");
    ins_import_stats st =
        import_abs(db, write_tmp("wco-cancellation.xml", cancellation, sizeof cancellation - 1));
    assert_no_rejects(db, &st);
    ck_assert_uint_eq(st.imported, 1);
    const char *f = "wco-cancellation.xml";
    tu_assert_text(
        db, "-|INV|13|CANCEL-0001|2024-07-02",
        DECL("COALESCE(direction, '-') || '|' || type_code || '|' || function_code || '|' ||"
             " reference || '|' || issue_date"),
        f);
    tu_assert_text(db, "CANCEL-0001|INV|2024-07-02",
                   "SELECT number || '|' || type_code || '|' || issue_date FROM documents"
                   " WHERE kind = 'customs_declaration'");
    tu_assert_text(db, "24GB7SPKVP6FJDRYA0", ATTRS, f, "mrn");
    tu_assert_text(db, "Duplicate declaration, please cancel", ATTRS, f, "statement");
    tu_assert_text(db, "1", ATTRS, f, "change_reason");
    tu_assert_text(db, "EORI:GB417869120000|identifier", PARTY("f.key || '|' || p.resolved_by"), f,
                   "submitter");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM declaration_items");

    st = import_abs(db, write_tmp("wco-amendment.xml", amendment_bare, sizeof amendment_bare - 1));
    assert_no_rejects(db, &st);
    f = "wco-amendment.xml";
    tu_assert_text(
        db, "-|COR|13|AMEND-0002|2024-07-05",
        DECL("COALESCE(direction, '-') || '|' || type_code || '|' || function_code || '|' ||"
             " reference || '|' || issue_date"),
        f);
    tu_assert_text(db, "710812|710812|2.5",
                   ITEMS("i.classification || '|' || i.hs6 || '|' || i.net_mass"), f);
    /* the submitter is one firm across both requests */
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM firms");
    ins_db_close(db);
}
END_TEST

/* Damaged samples: a comment left open is recovered with a warning; the
** colon-less namespaces are read by local name; a cut file is rejected. */
START_TEST(test_wco_damaged)
{
    ins_db *db = tu_db_new("customs-damaged");
    ins_import_stats st;
    memset(&st, 0, sizeof st);
    tu_import(db, &st, WCO "/hmrc--TT_EX002a--TT_EX002a.xml", WCO "/hmrc--TT_IM084a--TT_IM084a.xml",
              WCO "/hmrc--TT_IM222a--Step1_TT_IM222a.xml", (const char *)NULL);
    assert_no_rejects(db, &st);
    ck_assert_uint_eq(st.imported, 3);
    /* TT_EX002a: the broken comment swallowed BorderTransportMeans and the
     * start of Consignment; the rest, after the recovery closed the
     * Declaration early, is still read */
    const char *f = "TT_EX002a";
    tu_assert_text(db, "xml_recovered", WARNINGS, f);
    tu_assert_text(
        db, "EX|EXC|7867523R6I85|US|GB000014|GBNTG004|-",
        DECL("direction || '|' || type_code || '|' || reference || '|' || destination_country"
             " || '|' || exit_office || '|' || supervising_office || '|' ||"
             " COALESCE(transport_mode, '-')"),
        f);
    tu_assert_text(db, "EORI:GB150454489082", DECL_FIRM("exporter"), f);
    tu_assert_text(db, "EORI:GB150454489082", DECL_FIRM("carrier"), f);
    tu_assert_text(db, "NAME:US:james dunn", DECL_FIRM("consignee"), f);
    tu_assert_text(db, "Microchips for sound recording equipment, made using semiconductors",
                   ITEMS("i.description"), f);
    /* TT_IM084a: only a procedure code was inside the broken comment */
    f = "TT_IM084a";
    tu_assert_text(db, "xml_recovered", WARNINGS, f);
    tu_assert_text(db, "0204100010|020410|US|150.0|135.0",
                   ITEMS("i.classification || '|' || i.hs6 || '|' || i.origin_country || '|' ||"
                         " i.gross_mass || '|' || i.net_mass"),
                   f);
    tu_assert_text(db, "EORI:GB201909014000", DECL_FIRM("importer"), f);
    /* TT_IM222a: every colon lost */
    f = "TT_IM222a";
    tu_assert_text(db, "namespace", WARNINGS, f);
    tu_assert_text(db, "IM|IMY|U.7867523YQA0I|2026-02-24",
                   DECL("direction || '|' || type_code || '|' || reference || '|' || issue_date"),
                   f);
    tu_assert_text(db, "2103909089|210390|TN|150.0|GBP",
                   ITEMS("i.classification || '|' || i.hs6 || '|' || i.origin_country || '|' ||"
                         " i.value || '|' || i.currency"),
                   f);
    tu_assert_text(db, "NAME:TN:tunisian fine boukha", DECL_FIRM("exporter"), f);

    /* cut short: rejected whole, the broken comment notwithstanding */
    size_t len;
    char *buf = read_fixture(WCO "/hmrc--TT_EX002a--TT_EX002a.xml", &len);
    st = import_abs(db, write_tmp("wco-cut-broken.xml", buf, len * 2 / 3));
    ck_assert_uint_eq(st.rejected, 1);
    free(buf);
    buf = read_fixture(WCO "/hmrc--TT_EX001a--TT_EX001a.xml", &len);
    st = import_abs(db, write_tmp("wco-cut.xml", buf, len / 2));
    ck_assert_uint_eq(st.rejected, 1);
    free(buf);
    tu_assert_int(db, 0, DECL("COUNT(*)"), "wco-cut");
    tu_assert_int(db, 2,
                  "SELECT COUNT(*) FROM import_log WHERE status = 'rejected'"
                  " AND reason LIKE 'not well-formed XML%'");
    /* no Declaration at all */
    static const char empty_meta[] =
        "<md:MetaData xmlns:md=\"urn:wco:datamodel:WCO:DocumentMetaData-DMS:2\">"
        "<md:WCOTypeName>DEC</md:WCOTypeName></md:MetaData>";
    st = import_abs(db, write_tmp("wco-empty.xml", empty_meta, sizeof empty_meta - 1));
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_text(db, "no WCO Declaration element found",
                   "SELECT reason FROM import_log WHERE path LIKE '%wco-empty.xml'");
    ins_db_close(db);
}
END_TEST

/* ---- ASYCUDA ----------------------------------------------------------------- */

/* The three hand-made ASYCUDA files: values, <null/> as absent, a trader
** known by name resolved to the RUC firm of an earlier declaration. */
START_TEST(test_asycuda)
{
    ins_db *db = tu_db_new("customs-asycuda");
    ins_import_stats st;
    memset(&st, 0, sizeof st);
    tu_import(db, &st, ASY_FILES, (const char *)NULL);
    assert_no_rejects(db, &st);
    ck_assert_uint_eq(st.imported, 3);
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM source_files WHERE kind = 'asycuda'");
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM declarations WHERE format = 'asycuda'");

    /* 01: Peruvian gold to Argentina */
    const char *f = "01-gold-export";
    tu_assert_text(
        db, "EX|EX1|40871|2024-03-15|PE|AR|235|LA2464|4|PE|812500.0|USD",
        DECL("direction || '|' || type_code || '|' || reference || '|' || issue_date"
             " || '|' || export_country || '|' || destination_country || '|' || exit_office"
             " || '|' || transport_id || '|' || transport_mode || '|' ||"
             " transport_nationality || '|' || total_value || '|' || currency"),
        f);
    tu_assert_text(db, "PE-RUC:20501234568", DECL_FIRM("exporter"), f);
    tu_assert_text(db, "PE-RUC:20100456789", DECL_FIRM("declarant"), f);
    tu_assert_text(
        db,
        "MINERA AURIFERA SOL DE ORO S.A.C.|AV. LOS PROCERES 1450, ANANEA - PUNO|PE|identifier|1",
        PARTY("p.name || '|' || p.address || '|' || p.country || '|' || p.resolved_by"
              " || '|' || f.id_valid"),
        f, "exporter");
    tu_assert_text(db, "NAME:AR:metales finos del plata sa|-|new",
                   PARTY("f.key || '|' || COALESCE(p.identifier, '-') || '|' || p.resolved_by"), f,
                   "consignee");
    tu_assert_text(
        db,
        "1|ORO EN BRUTO (DORE) 12.5 KG LEY 0.92|7108120000|710812|PE|13.2|12.5|812500.0|USD|3046875.0",
        ITEMS("i.seq || '|' || i.description || '|' || i.classification || '|' || i.hs6"
              " || '|' || i.origin_country || '|' || i.gross_mass || '|' || i.net_mass"
              " || '|' || i.value || '|' || i.currency || '|' || i.statistical_value"),
        f);
    tu_assert_text(db, "1000-000", ATTRS, f, "procedure");
    tu_assert_text(db, "Gold, non-monetary, in other unwrought forms", ATTRS, f,
                   "tariff_description");
    tu_assert_text(db, "EXP-2024-0315", ATTRS, f, "declarant_reference");

    /* 02: <null/> everywhere reads as absent */
    f = "02-many-nulls";
    tu_assert_text(
        db, "IM|IM4|IMP-7781|2024-05-02|CN|PE|118|MSC ANNA|1|PA|18750.0|-",
        DECL("direction || '|' || type_code || '|' || reference || '|' || issue_date"
             " || '|' || export_country || '|' || destination_country || '|' || entry_office"
             " || '|' || transport_id || '|' || transport_mode || '|' ||"
             " transport_nationality || '|' || total_value || '|' || COALESCE(currency, '-')"),
        f);
    tu_assert_text(db, "-|-",
                   DECL("COALESCE(exit_office, '-') || '|' || COALESCE(declarant_firm_id, '-')"),
                   f);
    tu_assert_text(db, "PE-RUC:20480123451|-", PARTY("f.key || '|' || COALESCE(p.name, '-')"), f,
                   "consignee");
    tu_assert_text(db, "NAME:CN:shenzhen bright textile co ltd|No. 8 Industrial Road, Shenzhen",
                   PARTY("f.key || '|' || p.address"), f, "exporter");
    tu_assert_int(db, 0, PARTY("COUNT(*)"), f, "declarant");
    tu_assert_text(
        db, "61091000|610910|CN|1250.5|-|18750.0|-|-",
        ITEMS("i.classification || '|' || i.hs6 || '|' || i.origin_country || '|' ||"
              " i.gross_mass || '|' || COALESCE(i.net_mass, '-') || '|' || i.value || '|' ||"
              " COALESCE(i.currency, '-') || '|' || COALESCE(i.statistical_value, '-')"),
        f);
    tu_assert_text(db, "T-shirts, singlets and other vests, of cotton, knitted",
                   ITEMS("i.description"), f);
    tu_assert_text(db, NULL, ATTRS, f, "packages");
    tu_assert_text(db, NULL, ATTRS, f, "procedure");
    tu_assert_text(db, NULL,
                   "SELECT group_concat(code) FROM document_warnings w JOIN documents d"
                   " ON d.id = w.document_id WHERE d.kind = 'customs_declaration'");
    /* no text "null" and no empty text anywhere */
    tu_assert_int(
        db, 0,
        "SELECT (SELECT COUNT(*) FROM record_attributes WHERE lower(value) LIKE '%null%' OR value = '')"
        " + (SELECT COUNT(*) FROM declaration_parties WHERE lower(COALESCE(name, '') ||"
        "    COALESCE(identifier, '') || COALESCE(address, '')) LIKE '%null%')"
        " + (SELECT COUNT(*) FROM declaration_items WHERE lower(COALESCE(description, '') ||"
        "    COALESCE(classification, '') || COALESCE(origin_country, '') ||"
        "    COALESCE(currency, '')) LIKE '%null%')"
        " + (SELECT COUNT(*) FROM declarations WHERE lower(COALESCE(reference, '') ||"
        "    COALESCE(transport_id, '') || COALESCE(entry_office, '') ||"
        "    COALESCE(currency, '') || COALESCE(transport_nationality, '')) LIKE '%null%')");

    /* 03: two items; the exporter named without code resolves to 01's RUC firm */
    f = "03-two-items";
    tu_assert_text(
        db, "EX|EX1|41502|2024-04-02|PE|CH|MAERSK KOLKATA|1|DK|581000.0|USD",
        DECL("direction || '|' || type_code || '|' || reference || '|' || issue_date"
             " || '|' || export_country || '|' || destination_country || '|' || transport_id"
             " || '|' || transport_mode || '|' || transport_nationality || '|' ||"
             " total_value || '|' || currency"),
        f);
    tu_assert_text(db, "name|PE-RUC:20501234568|Minera Aurífera Sol de Oro SAC",
                   PARTY("p.resolved_by || '|' || f.key || '|' || p.name"), f, "exporter");
    tu_assert_text(db, "PE-RUC:20501234568", DECL_FIRM("exporter"), f);
    tu_assert_text(
        db, "1|7108120000|710812|PE|8.0|520000.0 | 2|2616900000|261690|PE|25000.0|61000.0",
        ITEMS("i.seq || '|' || i.classification || '|' || i.hs6 || '|' || i.origin_country"
              " || '|' || i.net_mass || '|' || i.value"),
        f);
    tu_assert_text(db, "MSKU1234565", ATTRS, f, "container");
    tu_assert_int(db, 2,
                  "SELECT COUNT(*) FROM declarations WHERE exporter_firm_id ="
                  " (SELECT id FROM firms WHERE key = 'PE-RUC:20501234568')");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM firms WHERE norm_name LIKE 'minera aurifera%'");

    /* a second import of the folder changes nothing */
    char *before = tu_text(db, TABLE_COUNTS, (const char *)NULL);
    memset(&st, 0, sizeof st);
    tu_import(db, &st, ASY_FILES, (const char *)NULL);
    ck_assert_uint_eq(st.imported, 0);
    ck_assert_uint_eq(st.duplicate, 3);
    ck_assert_uint_eq(st.rejected, 0);
    tu_assert_text(db, before, TABLE_COUNTS, (const char *)NULL);
    free(before);
    ins_db_close(db);
}
END_TEST

/* ASYCUDA files that say nothing, or are cut, are rejected whole. */
/*
** Slashed ASYCUDA dates are read in the order the file's evidence proves
** (a day over 12 in either field, else the declaring country), the order
** used is recorded, an unproven order is read day first with a warning,
** and dates that disagree are not read at all: never a silent swap.
*/
START_TEST(test_asycuda_date_order)
{
    ins_db *db = tu_db_new("customs-asycuda-dates");
    ins_import_stats st;
    memset(&st, 0, sizeof st);
    tu_import(db, &st, ASY "/04-dates-month-first.xml", ASY "/05-dates-by-country.xml",
              ASY "/06-dates-ambiguous.xml", ASY "/07-dates-conflicting.xml", (const char *)NULL);
    ck_assert_uint_eq(st.imported, 4);
    static const char got[] =
        "SELECT COALESCE(d.issue_date, '-') || '|' || COALESCE((SELECT value FROM record_attributes a"
        " WHERE a.document_id = d.id AND a.name = 'date_order'), '-') || '|' || (SELECT COUNT(*)"
        " FROM document_warnings w WHERE w.document_id = d.id AND w.code = 'date_order')"
        " FROM documents d WHERE d.number = ?1";
    tu_assert_text(db, "2025-11-19|month-day (a day over 12 in the second field)|0", got, "50001");
    tu_assert_text(db, "2024-04-03|day-month (the declaring country writes the day first)|0", got, "50002");
    tu_assert_text(db, "2024-04-03|day-month (assumed: no date and no country tells)|1", got, "50003");
    tu_assert_text(db, "-|-|1", got, "50004");
    ins_db_close(db);
}
END_TEST

START_TEST(test_asycuda_rejects)
{
    ins_db *db = tu_db_new("customs-asycuda-rejects");
    static const char empty[] =
        "<ASYCUDA><Property><Sad_flow><null/></Sad_flow></Property></ASYCUDA>";
    ins_import_stats st = import_abs(db, write_tmp("asy-empty.xml", empty, sizeof empty - 1));
    ck_assert_uint_eq(st.rejected, 1);
    size_t len;
    char *buf = read_fixture(ASY "/03-two-items-pe-ch.xml", &len);
    st = import_abs(db, write_tmp("asy-cut.xml", buf, len - 200));
    ck_assert_uint_eq(st.rejected, 1);
    free(buf);
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM declarations");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM documents WHERE kind = 'customs_declaration'");
    ins_db_close(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("customs");
    TCase *tc = tcase_create("customs");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_wco_corpus);
    tcase_add_test(tc, test_wco_export);
    tcase_add_test(tc, test_wco_import);
    tcase_add_test(tc, test_wco_name_resolution);
    tcase_add_test(tc, test_wco_cancellation);
    tcase_add_test(tc, test_wco_damaged);
    tcase_add_test(tc, test_asycuda);
    tcase_add_test(tc, test_asycuda_date_order);
    tcase_add_test(tc, test_asycuda_rejects);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
