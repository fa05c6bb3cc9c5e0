/*
** check_despatch.c: the SUNAT despatch advice (guia de remision) importer,
** on the real public samples of tests/fixtures/pe-despatch and the
** hand-made ones of tests/fixtures/synthetic/despatch.
**
** What the corpus holds (read from the files, not from their names):
**   greenter--20338570041-09-T002-*.xml   31 guias 1.0, type 09
**   openubl--20000000001-31-VVV1-1.xml    GRE 2.0 type 31 numbered T001-00007394,
**                                         ISO-8859-1 (ASCII content)
**   openubl--20494637074-T001-00007394.xml guia 1.0 type 09, ISO-8859-1
**   openubl--despatch-advice-T.xml        guia 1.0 type 09 (T001-123)
**   openubl--despatch-advice-V.xml        GRE 2.0 type 31 (VVV1-1)
**   openubl--minData.xml                  GRE 2.0 type 09 (T001-1)
*/
#include "testutil.h"

#include "importer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DESP "pe-despatch/"
#define SYN "synthetic/despatch/"
#define CORPUS_FILES 36

/* A column of the leg of the despatch numbered ?1 with type code ?2. */
#define LEG(col)                                                                   \
    "SELECT " col " FROM transport_legs l JOIN documents d ON d.id = l.document_id" \
    " WHERE d.number = ?1 AND d.type_code = ?2"
/* The tax id of the firm in ROLE (shipper, recipient, seller, carrier) of that leg. */
#define ROLE(role)                                                                  \
    "SELECT f.tax_id FROM transport_legs l JOIN documents d ON d.id = l.document_id" \
    " JOIN firms f ON f.id = l." role "_firm_id WHERE d.number = ?1 AND d.type_code = ?2"
/* A column of the document numbered ?1 with type code ?2. */
#define DOC(col) "SELECT " col " FROM documents d WHERE d.number = ?1 AND d.type_code = ?2"
/* The leg's vehicles, drivers and documents, as one text each. */
#define VEHICLES                                                                     \
    LEG("(SELECT group_concat(plate || '/' || role, ' ') FROM"                        \
        " (SELECT plate, role FROM leg_vehicles v WHERE v.leg_id = l.id ORDER BY role, plate))")
#define DRIVERS                                                                      \
    LEG("(SELECT group_concat(x, ' ') FROM (SELECT p.scheme || ':' || p.number || '/' ||" \
        " COALESCE(ld.role, '-') || '/' || COALESCE(ld.licence, '-') AS x"          \
        " FROM leg_drivers ld JOIN persons p ON p.id = ld.person_id"                \
        " WHERE ld.leg_id = l.id ORDER BY ld.role, p.number))")
#define LEGDOCS                                                                      \
    LEG("(SELECT group_concat(x, ' ') FROM (SELECT doc_type || '/' || catalogue || '/' || ref_id" \
        " AS x FROM leg_documents ld WHERE ld.leg_id = l.id ORDER BY rowid))")

/* Creates database NAME and imports REL (under tests/fixtures) into it. */
static ins_db *db_with(const char *name, const char *rel, ins_import_stats *st)
{
    ins_db *db = tu_db_new(name);
    memset(st, 0, sizeof *st);
    tu_import(db, st, rel, (const char *)NULL);
    return db;
}

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

/* The importer claims despatch advices and nothing else. */
START_TEST(test_sniff)
{
    ins_sniff s;
    memset(&s, 0, sizeof s);
    s.is_xml = 1;
    snprintf(s.root_local, sizeof s.root_local, "%s", "DespatchAdvice");
    snprintf(s.root_ns, sizeof s.root_ns, "%s", INS_NS_DESPATCH);
    ck_assert_int_eq(insImporterUblDespatch.sniff(&s), 90);
    snprintf(s.root_local, sizeof s.root_local, "%s", "Invoice");
    snprintf(s.root_ns, sizeof s.root_ns, "%s", INS_NS_INVOICE);
    ck_assert_int_eq(insImporterUblDespatch.sniff(&s), 0);
    s.is_xml = 0;
    ck_assert_int_eq(insImporterUblDespatch.sniff(&s), 0);
    ck_assert_str_eq(insImporterUblDespatch.kind, "sunat-despatch");
    ck_assert_ptr_nonnull(ins_importer_describe("sunat-despatch"));
}
END_TEST

/* The acceptance case: guia 1.0 20338570041-09-T002-172. */
START_TEST(test_t002_172)
{
    ins_import_stats st;
    ins_db *db = db_with("desp-172", DESP "greenter--20338570041-09-T002-172.xml", &st);
    assert_no_rejects(db, &st);
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_text(db, "sunat-despatch", "SELECT kind FROM source_files");

    tu_assert_text(db, "despatch", DOC("kind"), "T002-172", "09");
    tu_assert_text(db, "guia-1.0", DOC("generation"), "T002-172", "09");
    tu_assert_text(db, "2017-09-08", DOC("issue_date"), "T002-172", "09");
    tu_assert_text(db, "20338570041",
                   DOC("(SELECT tax_id FROM firms f WHERE f.id = d.issuer_firm_id)"), "T002-172", "09");
    tu_assert_int(db, 1, "SELECT count(*) FROM transport_legs");

    tu_assert_text(db, "despatch", LEG("source"), "T002-172", "09");
    tu_assert_text(db, "08", LEG("motivo"), "T002-172", "09");
    tu_assert_text(db, "VENTA", LEG("motivo_text"), "T002-172", "09");
    tu_assert_text(db, "01", LEG("mode"), "T002-172", "09");
    tu_assert_text(db, "2017-09-01", LEG("start_date"), "T002-172", "09");
    tu_assert_text(db, "150110", LEG("origin_ubigeo"), "T002-172", "09");
    tu_assert_text(db, "CAR.PANAM SUR KM 25 NO. 25050 NRO. 050 Z.I. CONCHAN", LEG("origin_address"),
                   "T002-172", "09");
    tu_assert_text(db, "150114", LEG("dest_ubigeo"), "T002-172", "09");
    tu_assert_text(db, "JR. MANTARO NRO. 257", LEG("dest_address"), "T002-172", "09");
    tu_assert_int(db, 1, LEG("abs(gross_weight - 1000.001) < 1e-9"), "T002-172", "09");
    tu_assert_text(db, "KGM", LEG("weight_unit"), "T002-172", "09");
    tu_assert_text(db, "20338570041", ROLE("shipper"), "T002-172", "09");
    tu_assert_text(db, "20100919002", ROLE("recipient"), "T002-172", "09");
    tu_assert_text(db, "20100255325", ROLE("seller"), "T002-172", "09");
    tu_assert_text(db, "10209865209", ROLE("carrier"), "T002-172", "09");
    tu_assert_text(db, "PERU QUIMICOS S.A.C.",
                   "SELECT name FROM firms WHERE tax_id = '10209865209'");
    tu_assert_text(db, NULL, LEG("carrier_mtc"), "T002-172", "09");

    /* The plate; 120606 (TransportEquipment in 1.0) is a container, not a vehicle. */
    tu_assert_text(db, "PGY-0988/main", VEHICLES, "T002-172", "09");
    tu_assert_text(db, "120606",
                   "SELECT value FROM record_attributes WHERE entity = 'transport_leg'"
                   " AND name = 'container'");
    tu_assert_text(db, "PAI", "SELECT value FROM record_attributes WHERE name = 'port'");
    tu_assert_text(db, "PE-DNI:07976340/main/-", DRIVERS, "T002-172", "09");

    /* The DAM (catalogo 21 code 01) and the cargo manifest (04). */
    tu_assert_text(db, "01/21/2017-10-118-0001 04/21/118-2017-0001", LEGDOCS, "T002-172", "09");
    tu_assert_int(db, 2, "SELECT count(*) FROM document_refs WHERE ref_kind = 'additional'");
    tu_assert_text(db, "2017-10-118-0001",
                   "SELECT ref_id FROM document_refs WHERE ref_type = '01'");

    /* Both item names, joined. */
    tu_assert_int(db, 1,
                  LEG("description LIKE 'ACETONA - 500.50 BALDE - 500.50 BALAS; ACETONA%xxxxx'"),
                  "T002-172", "09");

    /* Motivo 08 (import): the goods start at the port or customs zone, so
    ** the origin is not taken for an establishment of the shipper (the
    ** corpus test checks the origin of a sale is). */
    tu_assert_int(db, 0, "SELECT count(*) FROM establishments");
    tu_assert_int(db, 0, "SELECT count(*) FROM document_warnings");
    ins_db_close(db);
}
END_TEST

/* GRE 2.0 type 31, twice: VVV1-1 (UTF-8) and T001-00007394 (ISO-8859-1). */
START_TEST(test_gre20_type31)
{
    static const char *const numbers[] = {"VVV1-1", "T001-00007394"};
    ins_import_stats st;
    ins_db *db = tu_db_new("desp-gre31");
    memset(&st, 0, sizeof st);
    tu_import(db, &st, DESP "openubl--despatch-advice-V.xml",
              DESP "openubl--20000000001-31-VVV1-1.xml", (const char *)NULL);
    assert_no_rejects(db, &st);
    ck_assert_uint_eq(st.imported, 2);
    for (size_t i = 0; i < INS_ARRAY_LEN(numbers); i++) {
        const char *n = numbers[i];
        tu_assert_text(db, "gre-2.0", DOC("generation"), n, "31");
        tu_assert_text(db, "2022-12-18", DOC("issue_date"), n, "31");
        /* a guia transportista is issued by the carrier */
        tu_assert_text(db, "20000000001",
                       DOC("(SELECT tax_id FROM firms f WHERE f.id = d.issuer_firm_id)"), n, "31");
        tu_assert_text(db, "20000000001", ROLE("carrier"), n, "31");
        /* the remitente, from cac:Delivery/cac:Despatch/cac:DespatchParty */
        tu_assert_text(db, "20000000001", ROLE("shipper"), n, "31");
        tu_assert_text(db, "87654321", ROLE("recipient"), n, "31");
        tu_assert_text(db, NULL, ROLE("seller"), n, "31");
        tu_assert_text(db, NULL, LEG("motivo"), n, "31");
        tu_assert_text(db, NULL, LEG("mode"), n, "31");
        tu_assert_text(db, "2022-12-21", LEG("start_date"), n, "31");
        tu_assert_text(db, "151021", LEG("origin_ubigeo"), n, "31");
        tu_assert_text(db, "DIRECCION PARTIDA", LEG("origin_address"), n, "31");
        tu_assert_text(db, "211101", LEG("dest_ubigeo"), n, "31");
        tu_assert_text(db, "DIRECCION LLEGADA", LEG("dest_address"), n, "31");
        tu_assert_int(db, 1, LEG("gross_weight = 1.0"), n, "31");
        tu_assert_text(db, "KGM", LEG("weight_unit"), n, "31");
        /* LicensePlateID and TransportEquipment name the same vehicle */
        tu_assert_text(db, "ABC444/main", VEHICLES, n, "31");
        tu_assert_text(db, "PASSPORT:XXXXXXXX/main/QXXXXXXXX", DRIVERS, n, "31");
        tu_assert_text(db, "DETALLE DEL PRODUCTO 1; DETALLE DEL PRODUCTO 2", LEG("description"), n,
                       "31");
        tu_assert_text(db, "Obs: observaciones",
                       DOC("(SELECT value FROM record_attributes r WHERE r.document_id = d.id"
                           " AND r.name = 'note')"),
                       n, "31");
    }
    /* One driver and one recipient, met twice. */
    tu_assert_int(db, 1, "SELECT count(*) FROM persons");
    tu_assert_text(db, "JORGE", "SELECT given_names FROM persons");
    tu_assert_text(db, "LOPEZ", "SELECT family_names FROM persons");
    tu_assert_text(db, "PASSPORT", "SELECT scheme FROM firms WHERE tax_id = '87654321'");
    tu_assert_text(db, "DESTINATARIO", "SELECT name FROM firms WHERE tax_id = '87654321'");
    tu_assert_text(db, "EMPRESA DE PRUEBA SA", "SELECT name FROM firms WHERE tax_id = '20000000001'");
    tu_assert_int(db, 2, "SELECT count(*) FROM firms");
    tu_assert_int(db, 0, "SELECT count(*) FROM document_warnings"); /* 20000000001 is valid */
    tu_assert_text(db, "151021",
                   "SELECT e.ubigeo FROM establishments e JOIN firms f ON f.id = e.firm_id"
                   " WHERE f.tax_id = '20000000001'");
    ins_db_close(db);
}
END_TEST

/* guia 1.0 type 09 T001-00007394, ISO-8859-1, private transport. */
START_TEST(test_guia10_7394)
{
    ins_import_stats st;
    ins_db *db = db_with("desp-7394", DESP "openubl--20494637074-T001-00007394.xml", &st);
    assert_no_rejects(db, &st);
    const char *n = "T001-00007394";
    tu_assert_text(db, "guia-1.0", DOC("generation"), n, "09");
    tu_assert_text(db, "2022-12-15", DOC("issue_date"), n, "09");
    tu_assert_text(db, "12345678912", ROLE("shipper"), n, "09");
    tu_assert_text(db, "12345678912", ROLE("recipient"), n, "09");
    tu_assert_text(db, "12345678912", ROLE("carrier"), n, "09");
    tu_assert_text(db, "Softgreen S.A.C", "SELECT name FROM firms WHERE tax_id = '12345678912'");
    tu_assert_text(db, "13", LEG("motivo"), n, "09");
    tu_assert_text(db, "TRASLADO A OBRA", LEG("motivo_text"), n, "09");
    tu_assert_text(db, "02", LEG("mode"), n, "09");
    tu_assert_text(db, "2022-12-15", LEG("start_date"), n, "09");
    tu_assert_text(db, "080910", LEG("origin_ubigeo"), n, "09");
    tu_assert_text(db, "S/N CENTRO POB. PICHARI", LEG("origin_address"), n, "09");
    tu_assert_text(db, "080910", LEG("dest_ubigeo"), n, "09");
    tu_assert_text(db, "AV. AVIACION", LEG("dest_address"), n, "09");
    tu_assert_int(db, 1, LEG("gross_weight = 26.0"), n, "09");
    tu_assert_text(db, "BBA-803/main", VEHICLES, n, "09");
    tu_assert_text(db, "PE-DNI:71988046/main/-", DRIVERS, n, "09");
    tu_assert_text(db, "ESPATULA DE 3\"\"; TEMPLE PATO BLANCO X 25 KG", LEG("description"), n, "09");
    /* 12345678912 fails its check digit: imported, with one warning */
    tu_assert_int(db, 1, "SELECT count(*) FROM document_warnings WHERE code = 'id_check'"
                         " AND message LIKE '%12345678912%'");
    tu_assert_int(db, 1, "SELECT count(*) FROM document_warnings");
    tu_assert_int(db, 0, "SELECT id_valid FROM firms WHERE tax_id = '12345678912'");
    ins_db_close(db);
}
END_TEST

/* GRE 2.0 type 09 with the least data (minData.xml): mode 02, motivo 18. */
START_TEST(test_gre20_type09_min)
{
    ins_import_stats st;
    ins_db *db = db_with("desp-min", DESP "openubl--minData.xml", &st);
    assert_no_rejects(db, &st);
    const char *n = "T001-1";
    tu_assert_text(db, "gre-2.0", DOC("generation"), n, "09");
    tu_assert_text(db, "2019-12-24", DOC("issue_date"), n, "09");
    tu_assert_text(db, "12345678912", ROLE("shipper"), n, "09");
    tu_assert_text(db, "12345678", ROLE("recipient"), n, "09");
    tu_assert_text(db, "PE-DNI", "SELECT scheme FROM firms WHERE tax_id = '12345678'");
    tu_assert_text(db, "mi cliente", "SELECT name FROM firms WHERE tax_id = '12345678'");
    tu_assert_text(db, NULL, ROLE("carrier"), n, "09");
    tu_assert_text(db, "18", LEG("motivo"), n, "09");
    tu_assert_text(db, "02", LEG("mode"), n, "09");
    tu_assert_text(db, "2019-12-24", LEG("start_date"), n, "09");
    /* a GRE 2.0 file with a 1.0-style cac:OriginAddress */
    tu_assert_text(db, "010101", LEG("origin_ubigeo"), n, "09");
    tu_assert_text(db, "DireccionOrigen", LEG("origin_address"), n, "09");
    tu_assert_text(db, "020202", LEG("dest_ubigeo"), n, "09");
    tu_assert_text(db, "DireccionDestino", LEG("dest_address"), n, "09");
    tu_assert_text(db, "KG", LEG("weight_unit"), n, "09");
    tu_assert_text(db, NULL, LEG("description"), n, "09"); /* the item has no text */
    tu_assert_int(db, 0, "SELECT count(*) FROM leg_vehicles");
    tu_assert_int(db, 0, "SELECT count(*) FROM leg_drivers");
    /* motivo 18, itinerant issuer: the origin is no fixed establishment */
    tu_assert_int(db, 0, "SELECT count(*) FROM establishments");
    tu_assert_int(db, 1, "SELECT count(*) FROM document_warnings WHERE code = 'id_check'");
    ins_db_close(db);
}
END_TEST

/* guia 1.0 type 09 T001-123 (despatch-advice-T.xml): public transport. */
START_TEST(test_guia10_T)
{
    ins_import_stats st;
    ins_db *db = db_with("desp-T", DESP "openubl--despatch-advice-T.xml", &st);
    assert_no_rejects(db, &st);
    const char *n = "T001-123";
    tu_assert_text(db, "guia-1.0", DOC("generation"), n, "09");
    tu_assert_text(db, "20123456789", ROLE("shipper"), n, "09");
    tu_assert_text(db, "GREENTER S.A.C", "SELECT name FROM firms WHERE tax_id = '20123456789'");
    tu_assert_text(db, "20000000002", ROLE("recipient"), n, "09");
    tu_assert_text(db, "20000000003", ROLE("seller"), n, "09");
    tu_assert_text(db, "20000000002", ROLE("carrier"), n, "09");
    tu_assert_text(db, "01", LEG("motivo"), n, "09");
    tu_assert_text(db, "VENTA", LEG("motivo_text"), n, "09");
    tu_assert_text(db, "01", LEG("mode"), n, "09");
    tu_assert_text(db, "150203", LEG("origin_ubigeo"), n, "09");
    tu_assert_text(db, "AV ITALIA", LEG("origin_address"), n, "09");
    tu_assert_text(db, "150101", LEG("dest_ubigeo"), n, "09");
    tu_assert_text(db, "AV LIMA", LEG("dest_address"), n, "09");
    tu_assert_int(db, 1, LEG("gross_weight = 12.5"), n, "09");
    tu_assert_text(db, "ABI-453/main", VEHICLES, n, "09");
    tu_assert_text(db, "PE-DNI:40003344/main/-", DRIVERS, n, "09");
    tu_assert_text(db, "PROD 1", LEG("description"), n, "09");
    tu_assert_text(db, "02/21/213123", LEGDOCS, n, "09");
    /* cac:OrderReference: the guia this one replaces */
    tu_assert_text(db, "T001-00001",
                   "SELECT ref_id FROM document_refs WHERE ref_kind = 'replaces' AND ref_type = '09'");
    tu_assert_text(db, "XD-2232", "SELECT value FROM record_attributes WHERE name = 'container'");
    tu_assert_text(db, "NOTA GUIA", "SELECT value FROM record_attributes WHERE name = 'note'");
    /* three bad check digits, each warned about once (20000000002 is both
    ** recipient and carrier, under two names) */
    tu_assert_int(db, 3, "SELECT count(*) FROM document_warnings WHERE code = 'id_check'");
    tu_assert_int(db, 1, "SELECT count(*) FROM document_warnings WHERE message LIKE '%20000000002%'");
    tu_assert_int(db, 2, "SELECT count(*) FROM firm_names fn JOIN firms f ON f.id = fn.firm_id"
                         " WHERE f.tax_id = '20000000002'");
    ins_db_close(db);
}
END_TEST

/* Counts of the rows a re-import must not change, as one text. */
static char *row_counts(ins_db *db)
{
    return tu_text(db,
                   "SELECT (SELECT count(*) FROM documents) || ' ' ||"
                   " (SELECT count(*) FROM transport_legs) || ' ' ||"
                   " (SELECT count(*) FROM leg_vehicles) || ' ' ||"
                   " (SELECT count(*) FROM leg_drivers) || ' ' ||"
                   " (SELECT count(*) FROM leg_documents) || ' ' ||"
                   " (SELECT count(*) FROM persons) || ' ' ||"
                   " (SELECT count(*) FROM firms) || ' ' ||"
                   " (SELECT count(*) FROM establishments) || ' ' ||"
                   " (SELECT count(*) FROM document_warnings)",
                   (const char *)NULL);
}

/* The whole folder imports, with warnings for the bad identifiers; a
** second import finds every file a duplicate and changes nothing. */
START_TEST(test_corpus)
{
    ins_import_stats st;
    ins_db *db = db_with("desp-corpus", "pe-despatch", &st);
    assert_no_rejects(db, &st);
    ck_assert_uint_eq(st.imported, CORPUS_FILES);
    tu_assert_int(db, CORPUS_FILES, "SELECT count(*) FROM documents WHERE kind = 'despatch'");
    tu_assert_int(db, CORPUS_FILES, "SELECT count(*) FROM transport_legs WHERE source = 'despatch'");
    tu_assert_int(db, 0, "SELECT count(*) FROM documents d WHERE NOT EXISTS"
                         " (SELECT 1 FROM transport_legs l WHERE l.document_id = d.id)");
    tu_assert_int(db, 0, "SELECT count(*) FROM transport_legs WHERE shipper_firm_id IS NULL");
    /* generations and types, as found in the files */
    tu_assert_int(db, 33, "SELECT count(*) FROM documents WHERE generation = 'guia-1.0'"
                          " AND type_code = '09'");
    tu_assert_int(db, 1, "SELECT count(*) FROM documents WHERE generation = 'gre-2.0'"
                         " AND type_code = '09'");
    tu_assert_int(db, 2, "SELECT count(*) FROM documents WHERE generation = 'gre-2.0'"
                         " AND type_code = '31'");
    tu_assert_int(db, 0, "SELECT count(*) FROM documents WHERE (generation = 'guia-1.0'"
                         " AND type_code = '31') OR generation IS NULL OR type_code IS NULL");
    /* the bad RUCs are warned about */
    static const char *const bad_check[] = {"12345678912", "20123456789", "20000000002",
                                            "20000000003"};
    for (size_t i = 0; i < INS_ARRAY_LEN(bad_check); i++) {
        char like[64];
        snprintf(like, sizeof like, "%%RUC %s %%", bad_check[i]);
        ck_assert_msg(tu_int(db, "SELECT count(*) FROM document_warnings WHERE code = 'id_check'"
                                 " AND message LIKE ?",
                             like, (const char *)NULL) > 0,
                      "no id_check warning for %s", bad_check[i]);
    }
    /* the 12-digit carrier of several greenter guias is not even a RUC */
    tu_assert_int(db, 9, "SELECT count(*) FROM document_warnings WHERE code = 'id_shape'"
                         " AND message LIKE '%102098652096%'");
    tu_assert_int(db, 0, "SELECT count(*) FROM (SELECT 1 FROM document_warnings"
                         " GROUP BY document_id, code, message HAVING count(*) > 1)");
    /* the origin of a sale (T002-012, motivo 01) is the shipper's establishment */
    tu_assert_int(db, 1, "SELECT count(*) FROM establishments e JOIN firms f ON f.id = e.firm_id"
                         " JOIN establishment_sources es ON es.establishment_id = e.id"
                         " JOIN documents d ON d.id = es.document_id"
                         " WHERE f.tax_id = '20338570041' AND e.ubigeo = '150110'"
                         " AND d.number = 'T002-012'");
    /* motivo 04, between the shipper's own establishments: both ends (T002-167) */
    tu_assert_text(db, "150110 150114",
                   "SELECT group_concat(ubigeo, ' ') FROM (SELECT e.ubigeo FROM establishments e"
                   " JOIN establishment_sources es ON es.establishment_id = e.id"
                   " JOIN documents d ON d.id = es.document_id WHERE d.number = 'T002-167'"
                   " ORDER BY e.ubigeo)");
    char *before = row_counts(db);

    ins_import_stats again;
    memset(&again, 0, sizeof again);
    tu_import(db, &again, "pe-despatch", (const char *)NULL);
    ck_assert_uint_eq(again.duplicate, CORPUS_FILES);
    ck_assert_uint_eq(again.imported, 0);
    ck_assert_uint_eq(again.rejected, 0);
    char *after = row_counts(db);
    ck_assert_ptr_nonnull(before);
    ck_assert_ptr_nonnull(after);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    ins_db_close(db);
}
END_TEST

/* Hand-made GRE 2.0 type 31 in ISO-8859-1: accents stored as UTF-8,
** remitente, MTC, two drivers, main and attached vehicles, annex. */
START_TEST(test_latin1_type31)
{
    ins_import_stats st;
    ins_db *db = db_with("desp-latin1", SYN "gre20-31-latin1.xml", &st);
    assert_no_rejects(db, &st);
    const char *n = "V001-00000042";
    tu_assert_text(db, "gre-2.0", DOC("generation"), n, "31");
    tu_assert_text(db, "20601234565",
                   DOC("(SELECT tax_id FROM firms f WHERE f.id = d.issuer_firm_id)"), n, "31");
    tu_assert_text(db, "20601234565", ROLE("carrier"), n, "31");
    tu_assert_text(db, "1512345CNG", LEG("carrier_mtc"), n, "31");
    tu_assert_text(db, "20555123451", ROLE("shipper"), n, "31");
    tu_assert_text(db, "20505310072", ROLE("recipient"), n, "31");
    tu_assert_text(db, "Transportes Amaz\xc3\xb3nicos Se\xc3\xb1or de \xc3\x91" "a\xc3\xb1" "a S.A.C.",
                   "SELECT name FROM firms WHERE tax_id = '20601234565'");
    tu_assert_text(db, "Forestal Ucayali Compa\xc3\xb1\xc3\xad" "a S.A.",
                   "SELECT name FROM firms WHERE tax_id = '20555123451'");
    tu_assert_text(db, "Jos\xc3\xa9 \xc3\x91uflo", "SELECT given_names FROM persons WHERE number = '07976340'");
    tu_assert_text(db, "Quispe Huam\xc3\xa1n",
                   "SELECT family_names FROM persons WHERE number = '07976340'");
    tu_assert_text(db, "Carretera Federico Basadre km 12.5, Caller\xc3\xad" "a", LEG("origin_address"),
                   n, "31");
    tu_assert_text(db, "250101", LEG("origin_ubigeo"), n, "31");
    tu_assert_text(db, "150103", LEG("dest_ubigeo"), n, "31");
    tu_assert_text(db, "Av. Nicol\xc3\xa1s Ayll\xc3\xb3n 1250, Ate", LEG("dest_address"), n, "31");
    tu_assert_text(db, "2024-03-12", LEG("start_date"), n, "31");
    tu_assert_int(db, 1, LEG("abs(gross_weight - 18500.5) < 1e-9"), n, "31");
    /* plates upper-cased; the attached one is secondary */
    tu_assert_text(db, "A1B-702/main T3R-981/secondary", VEHICLES, n, "31");
    tu_assert_text(db, "PE-DNI:07976340/main/Q07976340 PE-DNI:40506070/secondary/Q40506070", DRIVERS,
                   n, "31");
    tu_assert_text(db, "01/61/F001-00001234 73/61/GTF-25-000123", LEGDOCS, n, "31");
    tu_assert_text(db, "Madera aserrada de tornillo, 2\" x 8\" x 10'; Tablillas de shihuahuaco para piso",
                   LEG("description"), n, "31");
    tu_assert_int(db, 1, "SELECT count(*) FROM record_attributes WHERE name = 'tariff_code'"
                         " AND value = '4407299000'");
    tu_assert_text(db, "Madera aserrada, carga estibada en cami\xc3\xb3n con acoplado",
                   "SELECT value FROM record_attributes WHERE name = 'note'");
    /* the origin is the remitente's annex 0002 */
    tu_assert_text(db, "20555123451/0002/250101",
                   "SELECT f.tax_id || '/' || e.annex_code || '/' || e.ubigeo"
                   " FROM establishments e JOIN firms f ON f.id = e.firm_id");
    tu_assert_int(db, 0, "SELECT count(*) FROM document_warnings");
    ins_db_close(db);
}
END_TEST

/* Hand-made guia 1.0 with 120 lines: the description stays bounded. */
START_TEST(test_long_description)
{
    ins_import_stats st;
    ins_db *db = db_with("desp-long", SYN "guia10-09-long.xml", &st);
    assert_no_rejects(db, &st);
    const char *n = "T005-00000777";
    tu_assert_int(db, 1, LEG("length(CAST(description AS BLOB)) <= 2000"), n, "09");
    tu_assert_int(db, 1, LEG("length(CAST(description AS BLOB)) > 1900"), n, "09");
    tu_assert_int(db, 1, LEG("description LIKE 'Polo de algod\xc3\xb3n talla 001; Polo%...'"), n, "09");
    tu_assert_int(db, 1, "SELECT count(*) FROM transport_legs");
    tu_assert_text(db, "F2K-517/main", VEHICLES, n, "09");
    tu_assert_text(db, "MSCU1234565", "SELECT value FROM record_attributes WHERE name = 'container'");
    /* destination written as cac:Shipment/cac:DeliveryAddress */
    tu_assert_text(db, "150135", LEG("dest_ubigeo"), n, "09");
    tu_assert_text(db, "Av. Los Alisos 450", LEG("dest_address"), n, "09");
    tu_assert_text(db, "01/21/118-2019-10-045678", LEGDOCS, n, "09");
    /* motivo 08, import: the origin is the port, not the shipper's premises */
    tu_assert_int(db, 0, "SELECT count(*) FROM establishments");
    ins_db_close(db);
}
END_TEST

/* A truncated guia is rejected whole, with the line in the reason. */
START_TEST(test_truncated)
{
    ins_import_stats st;
    ins_db *db = db_with("desp-trunc", SYN "truncated.xml", &st);
    ck_assert_uint_eq(st.rejected, 1);
    ck_assert_uint_eq(st.imported, 0);
    tu_assert_int(db, 1, "SELECT count(*) FROM import_log WHERE status = 'rejected'"
                         " AND kind = 'sunat-despatch' AND reason LIKE '%line 848%'");
    static const char *const tables[] = {"source_files", "documents", "transport_legs",
                                         "leg_vehicles", "leg_drivers", "leg_documents",
                                         "document_refs", "firms", "persons", "establishments",
                                         "record_attributes", "document_warnings"};
    for (size_t i = 0; i < INS_ARRAY_LEN(tables); i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        ck_assert_msg(tu_int(db, sql, (const char *)NULL) == 0, "%s not empty", tables[i]);
    }
    ins_db_close(db);
}
END_TEST

/* A guia whose shipper has no identifier is rejected, saying so. */
START_TEST(test_no_shipper)
{
    ins_import_stats st;
    ins_db *db = db_with("desp-noship", SYN "no-shipper.xml", &st);
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_int(db, 1, "SELECT count(*) FROM import_log WHERE status = 'rejected'"
                         " AND reason LIKE '%T005-00000778 names no shipper%'");
    tu_assert_int(db, 0, "SELECT count(*) FROM documents");
    tu_assert_int(db, 0, "SELECT count(*) FROM firms");
    ins_db_close(db);
}
END_TEST

/*
** A guia 1.0 whose carrier party has no cac:PartyLegalEntity, with the
** name directly under cac:CarrierParty (as cbc:RegistrationName, or as
** cbc:Name): the carrier keeps its name either way.
*/
START_TEST(test_carrier_name_placements)
{
    static const struct { const char *file, *number, *name; } cases[] = {
        {SYN "guia10-carrier-name-direct.xml", "T005-00000779", "Transportes Andinos Directo S.A.C."},
        {SYN "guia10-carrier-cbc-name.xml", "T005-00000780", "Transportes Andinos Nombre S.A.C."},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(cases); i++) {
        ins_import_stats st;
        ins_db *db = db_with(i ? "desp-carrier-b" : "desp-carrier-a", cases[i].file, &st);
        assert_no_rejects(db, &st);
        tu_assert_text(db, "20601234565", ROLE("carrier"), cases[i].number, "09");
        tu_assert_text(db, cases[i].name,
                       "SELECT f.name FROM transport_legs l JOIN documents d ON d.id = l.document_id"
                       " JOIN firms f ON f.id = l.carrier_firm_id WHERE d.number = ?1 AND d.type_code = ?2",
                       cases[i].number, "09");
        ins_db_close(db);
    }
}
END_TEST

/*
** Which establishments a guía without annex codes reveals, per motive
** (catálogo 20), on one guía (shipper 20100070970 from 070101, recipient
** 20505310072 at 150135) written with each motive in turn: the origin is
** the shipper's unless the goods start elsewhere (02 purchase, 08 import,
** 18 itinerant); the destination is the shipper's for 04 and 02, the
** recipient's for deliveries to a firm (01, 03, 05, 06, 13, 14, 17), and
** nobody's for the others (08: a port).
*/
START_TEST(test_motivo_establishments)
{
    static const struct { const char *motivo, *expect; } cases[] = {
        {"01", "20100070970@070101 20505310072@150135"},
        {"02", "20100070970@150135"},
        {"04", "20100070970@070101 20100070970@150135"},
        {"08", NULL},
        {"13", "20100070970@070101 20505310072@150135"},
        {"18", NULL},
    };
    FILE *f = fopen(tu_fixture(SYN "guia10-carrier-name-direct.xml"), "rb");
    ck_assert_ptr_nonnull(f);
    static char xml[16384];
    size_t n = fread(xml, 1, sizeof xml - 1, f);
    fclose(f);
    xml[n] = '\0';
    char *code = strstr(xml, "<cbc:HandlingCode>08<");
    ck_assert_ptr_nonnull(code);
    code += strlen("<cbc:HandlingCode>");
    for (size_t i = 0; i < INS_ARRAY_LEN(cases); i++) {
        memcpy(code, cases[i].motivo, 2);
        char name[64], dbname[64];
        snprintf(name, sizeof name, "desp-motivo-%s-%ld.xml", cases[i].motivo, (long)getpid());
        snprintf(dbname, sizeof dbname, "desp-motivo-%s", cases[i].motivo);
        ins_db *db = tu_db_new(dbname);
        ins_import_stats st;
        ck_assert_int_eq(tu_import_abs(db, &st, tu_tmpfile(name, xml), NULL), INS_OK);
        assert_no_rejects(db, &st);
        tu_assert_text(db, cases[i].expect,
                       "SELECT group_concat(x, ' ') FROM (SELECT f.tax_id || '@' || e.ubigeo AS x"
                       " FROM establishments e JOIN firms f ON f.id = e.firm_id ORDER BY e.ubigeo, f.tax_id)");
        ins_db_close(db);
    }
}
END_TEST

/* Runs every test of the despatch importer. */
int main(void)
{
    Suite *s = suite_create("despatch");
    TCase *tc = tcase_create("despatch");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_t002_172);
    tcase_add_test(tc, test_gre20_type31);
    tcase_add_test(tc, test_guia10_7394);
    tcase_add_test(tc, test_gre20_type09_min);
    tcase_add_test(tc, test_guia10_T);
    tcase_add_test(tc, test_corpus);
    tcase_add_test(tc, test_latin1_type31);
    tcase_add_test(tc, test_long_description);
    tcase_add_test(tc, test_truncated);
    tcase_add_test(tc, test_no_shipper);
    tcase_add_test(tc, test_carrier_name_placements);
    tcase_add_test(tc, test_motivo_establishments);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
