/*
** check_facility.c: the facility-list importer (importers/facility_csv.c).
**
** Real Open Supply Hub upload samples (tests/fixtures/facility-list) and
** hand-made lists (tests/fixtures/synthetic/facility, see its README).
*/
#include "testutil.h"

#include "importer.h"

#include <stdlib.h>
#include <string.h>

/* Peru rows in tests/fixtures/facility-list, counted independently of the
** importer (Python's csv module over the 16 files): 3 in osh--list-11.csv,
** 2 in osh--list-12.csv. */
#define OSH_FILES 16
#define OSH_PERU_ROWS 5

/* Tells the sniffer's verdict on a header line. */
static int sniff_line(const char *line, int is_xml)
{
    ins_sniff s;
    memset(&s, 0, sizeof s);
    s.is_xml = is_xml;
    insUStrlcpy(s.first_line, line, sizeof s.first_line);
    return insImporterFacilityCsv.sniff(&s);
}

START_TEST(test_sniff)
{
    ck_assert_int_eq(sniff_line("country,name,address,sector", 0), 80);
    ck_assert_int_eq(sniff_line(" \"Country\" , \"NAME\",Address ", 0), 80);
    ck_assert_int_eq(sniff_line("name,\"address, full\",address,country", 0), 80);
    ck_assert_int_eq(sniff_line("Tax_ID,Name,COUNTRY,Address,Product_HS", 0), 80);
    /* not a facility list */
    ck_assert_int_eq(sniff_line("country,name,sector", 0), 0);
    ck_assert_int_eq(sniff_line("id,schema,name,aliases,birth_date,countries,addresses", 0), 0);
    ck_assert_int_eq(sniff_line("country,name,address", 1), 0);
    ck_assert_int_eq(sniff_line("", 0), 0);
}
END_TEST

START_TEST(test_osh_samples)
{
    ins_db *db = tu_db_new("facility-osh");
    ins_import_stats st;
    tu_import(db, &st, "facility-list", NULL);
    ck_assert_uint_eq(st.rejected, 0);
    ck_assert_uint_eq(st.imported, OSH_FILES);
    tu_assert_int(db, OSH_FILES, "SELECT COUNT(*) FROM documents WHERE kind = 'facility_list'");
    tu_assert_int(db, OSH_FILES,
                  "SELECT COUNT(*) FROM import_log WHERE kind = 'facility-list' AND status = 'imported'");

    /* Peru: every Peru row is an establishment in Peru. */
    tu_assert_int(db, OSH_PERU_ROWS, "SELECT COUNT(*) FROM establishments WHERE country = 'PE'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM establishments e JOIN firms f ON f.id = e.firm_id"
                  " WHERE e.country = 'PE' AND e.name = 'Bergman Riveria - Serflex S.A.C.'"
                  " AND e.address = 'Av Universitaria 3855 - San Martin De Porres Lima'"
                  " AND e.sector = 'Apparel' AND f.scheme = 'NAME' AND f.country = 'PE'"
                  " AND f.tax_id IS NULL AND f.name = 'Bergman Riveria - Serflex S.A.C.'");
    tu_assert_int(db, OSH_PERU_ROWS,
                  "SELECT COUNT(*) FROM firms WHERE country = 'PE' AND scheme = 'NAME'");

    /* Country names in any case and ISO codes resolve alike. */
    tu_assert_text(db, "CN", "SELECT country FROM establishments WHERE name = ?",
                   "Yi Chang Tai (Shenzhen) Garment Factory"); /* China */
    tu_assert_text(db, "CN", "SELECT country FROM establishments WHERE name = ?",
                   "WENZHOU JIETU(AOLUN) SHOES FACTORY"); /* CHINA */
    tu_assert_text(db, "CN", "SELECT country FROM establishments WHERE name = ?",
                   "Universe Ind & Development (ShenZhen) Co Ltd"); /* CN */
    tu_assert_text(db, "PK", "SELECT country FROM establishments WHERE name = 'BOX RING'");
    tu_assert_text(db, "BD", "SELECT country FROM establishments WHERE name = ?",
                   "NOMAN TERRY TOWEL MILLS LTD"); /* BANGLADESH */
    tu_assert_text(db, "US", "SELECT country FROM firms WHERE key LIKE 'NAME:US:%' LIMIT 1");
    /* Every country of the samples is known: no row lost its country. */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM establishments WHERE country IS NULL");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM document_warnings");

    /* Text kept as written: accents, and stray junk characters. */
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM firms WHERE name = ?",
                  "Industrias Químicas Perlacos, S.L.");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM establishments WHERE address LIKE ?",
                  "%HUI'AN COUNTY,QUANZHOU CITY, FUJIAN PROVINCE□");
    /* A quoted address with commas is one field. */
    tu_assert_text(db, "140/1,East Bagbari,Kashimpur. Gazipur,Dhaka. Bangladesh",
                   "SELECT address FROM establishments WHERE name = 'Supreme Embellishment Ltd.'");
    /* Coordinates of lists that have them. */
    tu_assert_int(db, 239563066,
                  "SELECT CAST(round(lat * 1e7) AS INTEGER) FROM establishments"
                  " WHERE name = 'Supreme Embellishment Ltd.'");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM establishments WHERE name = 'Cititex' AND lat IS NOT NULL");

    /* Brand lists declare no buyer: no trade lines, no attributes. */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM trade_lines");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM record_attributes");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM documents WHERE issuer_firm_id IS NOT NULL");
    /* Every establishment is tied to the lists that name it. */
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM establishments e WHERE NOT EXISTS"
                  " (SELECT 1 FROM establishment_sources s WHERE s.establishment_id = e.id)");

    /* The same files again are duplicates. */
    tu_import(db, &st, "facility-list", NULL);
    ck_assert_uint_eq(st.duplicate, OSH_FILES);
    ck_assert_uint_eq(st.imported, 0);
    ins_db_close(db);
}
END_TEST

START_TEST(test_peruvian_declaration)
{
    ins_db *db = tu_db_new("facility-decl");
    ins_import_stats st;
    tu_import(db, &st, "synthetic/facility/pe-declaration.csv", NULL);
    ck_assert_uint_eq(st.rejected, 0);
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_text(db, "facility-list", "SELECT kind FROM source_files");

    /* Rows 2, 3, 5 and 6 are establishments; row 4 has no name. */
    tu_assert_int(db, 4, "SELECT COUNT(*) FROM establishments");
    static const char est_of[] =
        "SELECT e.id FROM establishments e JOIN firms f ON f.id = e.firm_id WHERE f.key = ?";
    char *castanas = tu_text(db, est_of, "PE-RUC:20505310072", NULL);
    char *maderera = tu_text(db, est_of, "PE-RUC:20100070971", NULL);
    ck_assert_ptr_nonnull(castanas);
    ck_assert_ptr_nonnull(maderera);

    /* The multi-line quoted address is kept whole. */
    tu_assert_text(db, "Jr. Loreto 345\nPuerto Maldonado, Tambopata",
                   "SELECT address FROM establishments WHERE id = ?", castanas);
    tu_assert_text(db, "170101", "SELECT ubigeo FROM establishments WHERE id = ?", castanas);
    tu_assert_text(db, "PE", "SELECT country FROM establishments WHERE id = ?", castanas);
    tu_assert_text(db, "Agriculture", "SELECT sector FROM establishments WHERE id = ?", castanas);
    tu_assert_text(db, "Castañas del Tambopata S.A.C.",
                   "SELECT name FROM establishments WHERE id = ?", castanas);
    tu_assert_int(db, -125936, "SELECT CAST(round(lat * 1e4) AS INTEGER) FROM establishments WHERE id = ?",
                  castanas);
    tu_assert_int(db, -691766, "SELECT CAST(round(lng * 1e4) AS INTEGER) FROM establishments WHERE id = ?",
                  castanas);
    /* A head-count range stays unknown (its text is kept as an attribute). */
    tu_assert_int(db, 1, "SELECT workers IS NULL FROM establishments WHERE id = ?", castanas);
    tu_assert_int(db, 45, "SELECT workers FROM establishments WHERE id = ?", maderera);
    tu_assert_text(db, "170104", "SELECT ubigeo FROM establishments WHERE id = ?", maderera);

    /* Firms: supplier RUCs validated, the declarant known by its RUC. */
    tu_assert_int(db, 1, "SELECT id_valid FROM firms WHERE key = 'PE-RUC:20505310072'");
    tu_assert_int(db, 0, "SELECT id_valid FROM firms WHERE key = 'PE-RUC:20100070971'");
    tu_assert_int(db, 1, "SELECT id_valid FROM firms WHERE key = 'PE-RUC:20601234565'");
    tu_assert_text(db, "PE", "SELECT country FROM firms WHERE key = 'PE-RUC:20601234565'");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM firms WHERE key = ?", "NAME:PE:textiles andinos");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM firms WHERE key = ?", "NAME:??:acopio atlantida");

    /* The declarant is the document's issuer. */
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM documents d JOIN firms f ON f.id = d.issuer_firm_id"
                  " WHERE d.kind = 'facility_list' AND f.key = 'PE-RUC:20601234565'");

    /* Declared relationships are trade lines from supplier to declarant. */
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM trade_lines");
    tu_assert_int(db, 3,
                  "SELECT COUNT(*) FROM trade_lines t JOIN firms b ON b.id = t.buyer_firm_id"
                  " WHERE b.key = 'PE-RUC:20601234565'");
    tu_assert_text(db, "2",
                   "SELECT t.line_no FROM trade_lines t JOIN firms s ON s.id = t.seller_firm_id"
                   " WHERE s.key = 'PE-RUC:20505310072'");
    tu_assert_text(db, "0801220000",
                   "SELECT t.tariff_code FROM trade_lines t JOIN firms s ON s.id = t.seller_firm_id"
                   " WHERE s.key = 'PE-RUC:20505310072'");
    tu_assert_text(db, "080122",
                   "SELECT t.hs6 FROM trade_lines t JOIN firms s ON s.id = t.seller_firm_id"
                   " WHERE s.key = 'PE-RUC:20505310072'");
    tu_assert_int(db, 12500050,
                  "SELECT CAST(round(t.amount * 100) AS INTEGER) FROM trade_lines t"
                  " JOIN firms s ON s.id = t.seller_firm_id WHERE s.key = 'PE-RUC:20505310072'");
    tu_assert_text(db, "USD",
                   "SELECT t.currency FROM trade_lines t JOIN firms s ON s.id = t.seller_firm_id"
                   " WHERE s.key = 'PE-RUC:20505310072'");
    tu_assert_text(db, "Brazil nuts shelled",
                   "SELECT t.description FROM trade_lines t JOIN firms s ON s.id = t.seller_firm_id"
                   " WHERE s.key = 'PE-RUC:20505310072'");
    tu_assert_text(db, castanas,
                   "SELECT t.seller_establishment_id FROM trade_lines t"
                   " JOIN firms s ON s.id = t.seller_firm_id WHERE s.key = 'PE-RUC:20505310072'");
    /* A 4-digit heading: tariff code kept, no hs6. */
    tu_assert_text(db, "4407",
                   "SELECT t.tariff_code FROM trade_lines t JOIN firms s ON s.id = t.seller_firm_id"
                   " WHERE s.key = 'PE-RUC:20100070971'");
    tu_assert_text(db, NULL,
                   "SELECT t.hs6 FROM trade_lines t JOIN firms s ON s.id = t.seller_firm_id"
                   " WHERE s.key = 'PE-RUC:20100070971'");
    /* No product type: a generic description; no value: no amount. */
    tu_assert_text(db, "declared supplier",
                   "SELECT t.description FROM trade_lines t JOIN firms s ON s.id = t.seller_firm_id"
                   " WHERE s.key = 'NAME:??:acopio atlantida'");
    tu_assert_text(db, NULL,
                   "SELECT t.amount FROM trade_lines t JOIN firms s ON s.id = t.seller_firm_id"
                   " WHERE s.key = 'NAME:??:acopio atlantida'");
    /* A row without a declarant declares no relationship. */
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM trade_lines t JOIN firms s ON s.id = t.seller_firm_id"
                  " WHERE s.key = 'NAME:PE:textiles andinos'");

    /* Supply edges, supplier -> declarant, by HS heading. */
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM supply_edges");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM supply_edges e JOIN firms s ON s.id = e.supplier_firm_id"
                  " JOIN firms b ON b.id = e.buyer_firm_id WHERE s.key = 'PE-RUC:20505310072'"
                  " AND b.key = 'PE-RUC:20601234565' AND e.product = '0801'"
                  " AND e.amount = 0 AND e.unconverted_lines = 1");
    /* the value is in US$ and this database has no exchange rate: the
       declared amount stays on the line, and the edge waits for a rate */
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM trade_lines WHERE round(amount, 2) = 125000.5"
                         " AND currency = 'USD' AND amount_pen IS NULL");
    tu_exec(db, "INSERT INTO exchange_rates(currency, date, rate, source) VALUES('USD', '2024-01-02', 3.5, 'test')",
            NULL);
    ck_assert_int_eq(insModelRebuildEdges(db), INS_OK);
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM supply_edges e JOIN firms s ON s.id = e.supplier_firm_id"
                  " WHERE s.key = 'PE-RUC:20505310072' AND e.product = '0801'"
                  " AND round(e.amount, 2) = 437501.75 AND e.unconverted_lines = 0");
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM supply_edges e JOIN firms b ON b.id = e.buyer_firm_id"
                  " WHERE b.key <> 'PE-RUC:20601234565'");

    /* Values with no column in the model are kept per row. */
    tu_assert_int(db, 4, "SELECT COUNT(*) FROM record_attributes");
    tu_assert_text(db, "2024-03-15",
                   "SELECT value FROM record_attributes WHERE name = 'audit_date' AND record_no = 2"
                   " AND entity = 'establishment' AND entity_id = ?",
                   castanas);
    tu_assert_text(db, "1001-5000",
                   "SELECT value FROM record_attributes WHERE name = 'Number_Of_Workers'"
                   " AND entity_id = ?",
                   castanas);
    tu_assert_text(db, "sawn timber",
                   "SELECT value FROM record_attributes WHERE name = 'Product_Type' AND record_no = 3"
                   " AND entity_id = ?",
                   maderera);

    /* Problems are warnings, with the row. */
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM document_warnings");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM document_warnings WHERE code = 'id_check'"
                  " AND message LIKE '%20100070971%'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM document_warnings WHERE code = 'no_name'"
                  " AND message LIKE '%row 4%'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM document_warnings WHERE code = 'country'"
                  " AND message LIKE '%row 5%Atlantis%'");
    /* An unknown country leaves the country empty; junk stays text. */
    tu_assert_text(db, NULL,
                   "SELECT country FROM establishments WHERE name = 'Acopio Atlantida'");
    tu_assert_text(db, "Calle Perdida 9 #@!",
                   "SELECT address FROM establishments WHERE name = 'Acopio Atlantida'");
    free(castanas);
    free(maderera);
    ins_db_close(db);
}
END_TEST

START_TEST(test_latin1_list)
{
    ins_db *db = tu_db_new("facility-latin1");
    ins_import_stats st;
    tu_import(db, &st, "synthetic/facility/latin1-list.csv", NULL);
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_text(db, "Compañía Minera Señor de Qoyllur Riti S.A.",
                   "SELECT name FROM firms WHERE country = 'PE' AND scheme = 'NAME'");
    tu_assert_text(db, "Av. Años Dorados 123, Nazca, Ica",
                   "SELECT address FROM establishments WHERE country = 'PE'");
    tu_assert_text(db, "Compañía Minera Señor de Qoyllur Riti S.A.",
                   "SELECT name FROM establishments WHERE country = 'PE'");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM document_warnings");
    ins_db_close(db);
}
END_TEST

START_TEST(test_missing_address)
{
    ins_db *db = tu_db_new("facility-noaddr");
    ins_import_stats st;
    const char *path = tu_fixture("synthetic/facility/no-address.csv");
    /* Not recognised as a facility list... */
    ck_assert_int_eq(tu_import_abs(db, &st, path, NULL), INS_OK);
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM import_log WHERE kind = 'facility-list'");
    /* ...and forced as one, rejected with a reason naming the column. */
    ck_assert_int_eq(tu_import_abs(db, &st, path, "facility-list"), INS_OK);
    ck_assert_uint_eq(st.rejected, 1);
    ck_assert_uint_eq(st.imported, 0);
    char *reason = tu_text(db,
                           "SELECT reason FROM import_log WHERE kind = 'facility-list'"
                           " AND status = 'rejected'",
                           NULL);
    ck_assert_ptr_nonnull(reason);
    ck_assert_msg(strstr(reason, "'address'") != NULL, "reason: %s", reason);
    ck_assert_msg(strstr(reason, "row 1") != NULL, "reason: %s", reason);
    free(reason);
    /* Rolled back whole. */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM documents");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM firms");
    ins_db_close(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("facility");
    TCase *tc = tcase_create("facility-list");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_osh_samples);
    tcase_add_test(tc, test_peruvian_declaration);
    tcase_add_test(tc, test_latin1_list);
    tcase_add_test(tc, test_missing_address);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
