/*
** check_bulk.c: the bulk insert path (src/bulk.c) that bench/graphgen
** writes its supply graphs through.
**
** A small graph written by hand: A sells gold to B twice and to C once, D
** sells gold to C, B exports to a foreign buyer E.  The supply edges,
** their shares (worked out below by hand), the first documents, the keys
** (the same firm the importers' insModelFirm would find), a load refused
** when repeated, and a load rolled back.
*/
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

/* RUCs whose check digits hold (taken from the demo world). */
#define RUC_A "20102509260"
#define RUC_B "20444488582"
#define RUC_C "20108082179"
#define RUC_D "20193408428"

/* Writes a Peruvian firm with its main establishment in UBIGEO; returns its id. */
static int64_t firm(ins_bulk *b, const char *ruc, const char *name, const char *ubigeo, int64_t *estab)
{
    ins_bulk_firm f;
    memset(&f, 0, sizeof f);
    f.scheme = INS_SCHEME_PE_RUC;
    f.tax_id = ruc;
    f.country = "PE";
    f.name = name;
    f.ubigeo = ubigeo;
    f.workers = -1;
    int64_t id = insBulkFirm(b, &f, estab);
    ck_assert_int_gt(id, 0);
    return id;
}

/* Writes one invoice of SELLER to BUYER on DATE with one gold line of AMOUNT; returns the document. */
static int64_t sale(ins_bulk *b, int64_t seller, int64_t estab, int64_t buyer, const char *number,
                    const char *date, double amount, int export)
{
    ins_doc_info d;
    memset(&d, 0, sizeof d);
    d.kind = "invoice";
    d.type_code = "01";
    d.generation = "ubl-2.1";
    d.number = number;
    d.issue_date = date;
    d.currency = export ? "USD" : "PEN";
    d.operation_type = export ? "0200" : "0101";
    d.issuer_firm_id = seller;
    int64_t doc = insBulkDocument(b, &d);
    ck_assert_int_gt(doc, 0);
    ins_bulk_line l;
    memset(&l, 0, sizeof l);
    l.document_id = doc;
    l.line_no = 1;
    l.seller_firm_id = seller;
    l.buyer_firm_id = buyer;
    l.seller_establishment_id = estab;
    l.date = date;
    l.description = "ORO EN BRUTO";
    l.tariff_code = "7108120000";
    l.quantity = 10;
    l.unit = "GRM";
    l.amount = amount;
    l.currency = d.currency;
    l.sign = 1;
    ck_assert_int_gt(insBulkTradeLine(b, &l), 0);
    return doc;
}

START_TEST(test_bulk_graph)
{
    ins_db *db = tu_db_new("bulk_graph");
    ins_bulk *b = NULL;
    ck_assert_int_eq(insBulkBegin(db, "check_bulk graph", &b), INS_OK);
    int64_t ea, eb, ec, ed, ee;
    int64_t a = firm(b, RUC_A, "Minera Aurífera Uno S.A.C.", "170204", &ea);
    int64_t fb = firm(b, RUC_B, "Comercializadora Dos S.A.C.", "170101", &eb);
    int64_t c = firm(b, RUC_C, "Joyería Tres S.A.", "150101", &ec);
    int64_t d = firm(b, RUC_D, "Minera Cuatro E.I.R.L.", "211002", &ed);
    ins_bulk_firm fe;
    memset(&fe, 0, sizeof fe);
    fe.tax_id = "CH123456";
    fe.country = "CH";
    fe.name = "Raffinerie Cinq SA";
    fe.workers = -1;
    int64_t e = insBulkFirm(b, &fe, &ee);
    ck_assert_int_gt(e, 0);
    ck_assert_int_eq(ee, 0); /* no ubigeo, no address: no establishment */
    int64_t d1 = sale(b, a, ea, fb, "F001-1", "2026-03-01", 100, 0);
    sale(b, a, ea, fb, "F001-2", "2026-04-01", 50, 0);
    int64_t d3 = sale(b, a, ea, c, "F001-3", "2026-05-01", 30, 0);
    sale(b, d, ed, c, "F001-1", "2026-02-01", 70, 0);
    int64_t d5 = sale(b, fb, eb, e, "F001-1", "2026-06-01", 400, 1);
    ck_assert_int_eq(insBulkEnd(b, 1), INS_OK);

    /* A->B: two documents, 150; B buys heading 7108 only from A: share 1 */
    tu_assert_text(db, "7108|2|2|150.0|1.0|2026-03-01|2026-04-01",
                   "SELECT product || '|' || documents || '|' || lines || '|' || amount || '|' || share"
                   " || '|' || first_date || '|' || last_date FROM supply_edges e JOIN firms s"
                   " ON s.id = e.supplier_firm_id JOIN firms b ON b.id = e.buyer_firm_id"
                   " WHERE s.tax_id = ? AND b.tax_id = ?",
                   RUC_A, RUC_B);
    /* C buys 30 from A and 70 from D */
    ck_assert_double_eq_tol(tu_double(db, "SELECT share FROM supply_edges WHERE supplier_firm_id = "
                                          "(SELECT id FROM firms WHERE tax_id = ?)"
                                          " AND buyer_firm_id = (SELECT id FROM firms WHERE tax_id = ?)",
                                      RUC_A, RUC_C, NULL),
                            0.3, 1e-9);
    tu_assert_int(db, 4, "SELECT COUNT(*) FROM supply_edges");
    tu_assert_int(db, 5, "SELECT COUNT(*) FROM documents WHERE file_id ="
                         " (SELECT id FROM source_files WHERE kind = 'bulk')");
    tu_assert_text(db, "710812", "SELECT DISTINCT hs6 FROM trade_lines");

    /* first documents: the first issued (A, B), else the first bought in (C, E) */
    char q[64];
    ck_assert_int_eq(tu_int(db, "SELECT first_document_id FROM firms WHERE tax_id = ?", RUC_A, NULL), d1);
    ck_assert_int_eq(tu_int(db, "SELECT first_document_id FROM firms WHERE tax_id = ?", RUC_C, NULL), d3);
    ck_assert_int_eq(tu_int(db, "SELECT first_document_id FROM firms WHERE key = 'OTHER:CH123456'", NULL), d5);
    snprintf(q, sizeof q, "%lld", (long long)ea);
    ck_assert_int_eq(tu_int(db, "SELECT first_document_id FROM establishments WHERE id = ?", q, NULL), d1);
    tu_assert_text(db, "0000|170204|1", "SELECT annex_code || '|' || ubigeo || '|' || f.id_valid"
                                        " FROM establishments e JOIN firms f ON f.id = e.firm_id WHERE f.tax_id = ?",
                   RUC_A);
    tu_assert_text(db, "comercializadora dos sac", "SELECT norm_name FROM firms WHERE tax_id = ?", RUC_B);

    /* the keys are the model's: an importer meeting B finds the same firm */
    ck_assert_int_eq(insDbBegin(db), INS_OK);
    ins_party p = {NULL, RUC_B, "COMERCIALIZADORA DOS S.A.C.", NULL};
    ck_assert_int_eq(insModelFirm(db, d5, &p), fb);
    ck_assert_int_eq(insDbCommit(db), INS_OK);
    tu_assert_int(db, 5, "SELECT COUNT(*) FROM firms");
    ins_db_close(db);
}
END_TEST

START_TEST(test_bulk_repeated_and_rolled_back)
{
    ins_db *db = tu_db_new("bulk_again");
    ins_bulk *b = NULL;
    int64_t ea;
    ck_assert_int_eq(insBulkBegin(db, "check_bulk again", &b), INS_OK);
    firm(b, RUC_A, "Minera Aurífera Uno S.A.C.", "170204", &ea);
    ck_assert_int_eq(insBulkEnd(b, 1), INS_OK);
    /* the same source again is a duplicate, like a file imported before */
    ck_assert_int_eq(insBulkBegin(db, "check_bulk again", &b), INS_ERR_ARG);
    ck_assert_ptr_null(b);
    /* a load rolled back leaves nothing, not even its source file */
    ck_assert_int_eq(insBulkBegin(db, "check_bulk rolled back", &b), INS_OK);
    firm(b, RUC_B, "Comercializadora Dos S.A.C.", "170101", &ea);
    ck_assert_int_eq(insBulkEnd(b, 0), INS_OK);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM firms");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM source_files WHERE kind = 'bulk'");
    /* a firm already there is refused (the bulk path creates, it does not merge) */
    ck_assert_int_eq(insBulkBegin(db, "check_bulk twice the firm", &b), INS_OK);
    ins_bulk_firm f;
    memset(&f, 0, sizeof f);
    f.scheme = INS_SCHEME_PE_RUC;
    f.tax_id = RUC_A;
    f.name = "Otra";
    f.workers = -1;
    ck_assert_int_eq(insBulkFirm(b, &f, NULL), -1);
    ck_assert_int_eq(insBulkEnd(b, 0), INS_OK);
    ins_db_close(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bulk");
    TCase *tc = tcase_create("bulk");
    tcase_add_test(tc, test_bulk_graph);
    tcase_add_test(tc, test_bulk_repeated_and_rolled_back);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
