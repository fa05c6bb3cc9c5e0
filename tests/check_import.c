/*
** check_import.c: the import driver: rejections with reasons, hostile
** input, archives, duplicates, and the acceptance facts of the foundation
** issue on the real sample corpus.
*/
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

/* The rejection reason logged for a path ending in SUFFIX. */
static char *reason_for(ins_db *db, const char *suffix)
{
    return tu_text(db,
                   "SELECT reason FROM import_log WHERE status='rejected' AND path LIKE '%' || ?"
                   " ORDER BY id DESC LIMIT 1",
                   suffix, (const char *)NULL);
}

static void assert_reason(ins_db *db, const char *suffix, const char *needle)
{
    char *r = reason_for(db, suffix);
    ck_assert_msg(r != NULL, "%s was not rejected", suffix);
    ck_assert_msg(strstr(r, needle) != NULL, "%s: reason '%s' lacks '%s'", suffix, r, needle);
    free(r);
}

/*
** Every hostile or broken file is rejected whole with a one-line reason,
** and the valid file in the same batch still imports.
*/
START_TEST(test_hostile_batch)
{
    ins_db *db = tu_db_new("hostile");
    ins_import_stats st;
    tu_import(db, &st, "hostile/billion-laughs.xml", "hostile/xxe.xml", "hostile/xxe-parameter.xml",
              "hostile/undefined-entity.xml", "hostile/truncated-invoice.xml", "hostile/not-xml.xml",
              "hostile/wrong-encoding.xml", "hostile/summary.xml", "hostile/voided.xml",
              "hostile/cdr.xml", "hostile/empty.xml", "hostile/deep-nesting.xml",
              "pe-invoice/greenter--20505310072-01-F001-00019772.xml", (const char *)NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 12);
    assert_reason(db, "billion-laughs.xml", "DOCTYPE");
    assert_reason(db, "/xxe.xml", "DOCTYPE");
    assert_reason(db, "xxe-parameter.xml", "DOCTYPE");
    assert_reason(db, "undefined-entity.xml", "line 4");
    assert_reason(db, "truncated-invoice.xml", "not well-formed");
    assert_reason(db, "not-xml.xml", "unrecognised format");
    assert_reason(db, "wrong-encoding.xml", "line");
    assert_reason(db, "summary.xml", "not a trade document");
    assert_reason(db, "voided.xml", "not a trade document");
    assert_reason(db, "cdr.xml", "not a trade document");
    assert_reason(db, "empty.xml", "empty");
    assert_reason(db, "deep-nesting.xml", "nested deeper than 256");
    /* nothing of a rejected file stays behind */
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM source_files");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM documents");
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM trade_lines t JOIN documents d ON d.id=t.document_id"
                  " JOIN source_files f ON f.id=d.file_id WHERE f.path NOT LIKE '%F001-00019772.xml'");
    /* every outcome is in the log */
    tu_assert_int(db, 13, "SELECT COUNT(*) FROM import_log");
    ins_db_close(db);
}
END_TEST

/* Writes LEN bytes of BUF to tests/tmp/NAME; returns its path (static). */
static const char *write_bytes(const char *name, const char *buf, size_t len)
{
    static char path[4096];
    insUStrlcpy(path, tu_tmpfile(name, ""), sizeof path);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

/*
** Every CSV-based importer refuses, with the row and never the value, a
** quoted field that is never closed (it used to swallow every row after
** it), a NUL byte in a field (it used to cut the field) and a value over
** INS_MAX_FIELD_BYTES (not applied to CSV before).  Table-driven: one
** header and one good row per importer.
*/
START_TEST(test_csv_bad_fields)
{
    static const struct { const char *kind, *header, *lead, *tail; } t[] = {
        {"facility-list", "country,name,address\n", "PE,", ",Av. Lima 1\n"},
        {"inspections", "inspection_id,tax_id,date,outcome\n", "X-1,20600079191,", ",no_violation\n"},
        {"min-wage", "country,valid_from,monthly_amount,currency,norm,source\n", "PE,2012-06-01,750,PEN,",
         ",El Peruano\n"},
        {"good-hs-map", "good,hs_prefix,note,source\n", "Gold,7108,", ",ILAB\n"},
        {"hs-sections", "section,name\n", "I,", "\n"},
        {"opensanctions",
         "id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,"
         "program_ids,dataset,first_seen,last_seen,last_change\n",
         "x-1,Company,", ",,,pe,,,,,,,us_cbp,2024-01-01,2024-01-01,2024-01-01\n"},
        {"br-cadastro",
         "ID;Ano da acao fiscal;UF;Empregador;CNPJ/CPF;Estabelecimento;Trabalhadores envolvidos;CNAE;"
         "Decisao administrativa de procedencia;Inclusao no Cadastro de Empregadores\n",
         "1;2024;SP;", ";12.345.678/0001-95;Rua 1;6;1412-6/01;03/03/2025;06/10/2025\n"},
    };
    size_t biglen = INS_MAX_FIELD_BYTES + 100;
    char *big = malloc(biglen + 1);
    ck_assert_ptr_nonnull(big);
    memset(big, 'a', biglen);
    big[biglen] = '\0';
    for (size_t i = 0; i < INS_ARRAY_LEN(t); i++) {
        for (int v = 0; v < 3; v++) {
            ins_buf b;
            insBufInit(&b);
            insBufAppendStr(&b, t[i].header);
            if (v == 0) {
                /* row 1 opens a quote it never closes; row 2 would be good */
                insBufPrintf(&b, "%s\"Taller Uno%s", t[i].lead, t[i].tail);
                insBufPrintf(&b, "%sTaller Dos%s", t[i].lead, t[i].tail);
            } else if (v == 1) {
                insBufAppendStr(&b, t[i].lead);
                insBufAppend(&b, "Tall\0er", 7);
                insBufAppendStr(&b, t[i].tail);
            } else {
                insBufPrintf(&b, "%s%s%s", t[i].lead, big, t[i].tail);
            }
            ck_assert(!b.oom);
            char name[64];
            snprintf(name, sizeof name, "csvbad-%s-%d.csv", t[i].kind, v);
            const char *path = write_bytes(name, b.s, b.len);
            insBufFree(&b);
            ins_db *db = tu_db_new("csvbad");
            ins_import_stats st;
            memset(&st, 0, sizeof st);
            tu_import_abs(db, &st, path, t[i].kind);
            ck_assert_msg(st.rejected == 1, "%s: not rejected", name);
            static const char *const want[] = {"row 2: a quoted field opened in this row is never closed",
                                               "row 2, column", "a value longer than 65536 bytes"};
            assert_reason(db, name, want[v]);
            if (v == 1) assert_reason(db, name, "NUL byte");
            ins_db_close(db);
        }
    }
    free(big);
}
END_TEST

START_TEST(test_zip)
{
    ins_db *db = tu_db_new("zip");
    ins_import_stats st;
    tu_import(db, &st, "zip/sunat-batch.zip", (const char *)NULL);
    ck_assert_uint_eq(st.imported, 2);
    ck_assert_uint_eq(st.rejected, 1);
    ck_assert_uint_eq(st.files_total, 3);
    assert_reason(db, "sunat-batch.zip!R-20505310072-01-F001-00019772.xml", "not a trade document");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM source_files WHERE path LIKE '%sunat-batch.zip!20505310072-01-F001-00019772.xml'");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM transport_legs");
    /* the same content as a plain file is a duplicate of the zip member */
    tu_import(db, &st, "pe-invoice/greenter--20505310072-01-F001-00019772.xml", (const char *)NULL);
    ck_assert_uint_eq(st.duplicate, 1);
    ck_assert_uint_eq(st.imported, 0);
    ins_db_close(db);
}
END_TEST

START_TEST(test_corrupt_zip)
{
    ins_db *db = tu_db_new("corruptzip");
    ins_import_stats st;
    tu_import(db, &st, "hostile/corrupt.zip", "pe-despatch/greenter--20338570041-09-T002-172.xml",
              (const char *)NULL);
    ck_assert_uint_ge(st.rejected, 1);
    ck_assert_uint_eq(st.imported, 1);
    assert_reason(db, "corrupt.zip", "corrupt");
    ins_db_close(db);
}
END_TEST

START_TEST(test_force_kind)
{
    ins_db *db = tu_db_new("force");
    ins_import_stats st;
    int rc = tu_import_abs(db, &st, tu_fixture("pe-invoice/greenter--gravada.xml"), "facility-list");
    ck_assert_int_eq(rc, INS_OK);
    ck_assert_uint_eq(st.rejected, 1);
    rc = tu_import_abs(db, &st, tu_fixture("pe-invoice/greenter--gravada.xml"), "no-such-kind");
    ck_assert_int_eq(rc, INS_ERR_ARG);
    ins_db_close(db);
}
END_TEST

START_TEST(test_missing_path)
{
    ins_db *db = tu_db_new("missing");
    ins_import_stats st;
    tu_import(db, &st, "no/such/file.xml", (const char *)NULL);
    ck_assert_uint_eq(st.rejected, 1);
    assert_reason(db, "no/such/file.xml", "cannot open");
    ins_db_close(db);
}
END_TEST

/* The supply edges as text, by key (ids left out: they are not facts). */
static char *edges_text(ins_db *db)
{
    return tu_text(db,
                   "SELECT group_concat(x, ';') FROM (SELECT s.tax_id || '>' || b.tax_id || ':' || e.product"
                   " || ':' || e.documents || ':' || e.lines || ':' || printf('%.4f', e.amount)"
                   " || ':' || printf('%.6f', COALESCE(e.share, -1)) AS x"
                   " FROM supply_edges e JOIN firms s ON s.id = e.supplier_firm_id"
                   " JOIN firms b ON b.id = e.buyer_firm_id ORDER BY s.tax_id, b.tax_id, e.product)",
                   (const char *)NULL);
}

/*
** An import updates only the supply edges of the pairs it touched, from
** all of their lines: importing the corpus in two runs gives the edges of
** one run, and both equal a full rebuild from the trade lines.
*/
START_TEST(test_incremental_edges)
{
    ins_db *one = tu_db_new("edges-one");
    ins_db *two = tu_db_new("edges-two");
    ins_import_stats st;
    tu_import(one, &st, "pe-invoice", "facility-list", (const char *)NULL);
    tu_import(two, &st, "pe-invoice", (const char *)NULL);
    tu_import(two, &st, "facility-list", (const char *)NULL);
    char *a = edges_text(one), *b = edges_text(two);
    ck_assert_msg(a && *a, "no supply edges");
    ck_assert_str_eq(a, b);
    ck_assert_int_eq(insDbBegin(two), INS_OK);
    ck_assert_int_eq(insModelRebuildEdges(two), INS_OK);
    ck_assert_int_eq(insDbCommit(two), INS_OK);
    char *c = edges_text(two);
    ck_assert_str_eq(a, c);
    free(a);
    free(b);
    free(c);
    ins_db_close(one);
    ins_db_close(two);
}
END_TEST

/* Counts of every table that import fills, as one string. */
static char *table_counts(ins_db *db)
{
    return tu_text(db,
                   "SELECT (SELECT COUNT(*) FROM source_files) || ',' || (SELECT COUNT(*) FROM documents)"
                   " || ',' || (SELECT COUNT(*) FROM firms) || ',' || (SELECT COUNT(*) FROM firm_names)"
                   " || ',' || (SELECT COUNT(*) FROM establishments) || ',' || (SELECT COUNT(*) FROM persons)"
                   " || ',' || (SELECT COUNT(*) FROM trade_lines) || ',' || (SELECT COUNT(*) FROM supply_edges)"
                   " || ',' || (SELECT COUNT(*) FROM transport_legs) || ',' || (SELECT COUNT(*) FROM leg_vehicles)"
                   " || ',' || (SELECT COUNT(*) FROM leg_drivers) || ',' || (SELECT COUNT(*) FROM leg_documents)"
                   " || ',' || (SELECT COUNT(*) FROM document_warnings) || ',' || (SELECT COUNT(*) FROM document_refs)"
                   " || ',' || (SELECT COUNT(*) FROM record_attributes)",
                   (const char *)NULL);
}

/*
** The acceptance facts of the foundation issue, on the real corpus:
** every trade document imports; the named facts are in the database; a
** second import changes no row count.
*/
START_TEST(test_corpus_acceptance)
{
    ins_db *db = tu_db_new("corpus");
    ins_import_stats st;
    tu_import(db, &st, "pe-invoice", "pe-despatch", "facility-list", (const char *)NULL);
    ck_assert_msg(st.rejected == 0, "%u files rejected", st.rejected);
    ck_assert_uint_eq(st.imported, 24 + 36 + 16);

    /* 20505310072 MANGUIFAJAS INDUSTRIALES S.A.C. sells to 20535773425 */
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) > 0 FROM trade_lines t JOIN firms s ON s.id=t.seller_firm_id"
                  " JOIN firms b ON b.id=t.buyer_firm_id WHERE s.tax_id='20505310072'"
                  " AND s.name='MANGUIFAJAS INDUSTRIALES S.A.C.' AND b.tax_id='20535773425'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM supply_edges e JOIN firms s ON s.id=e.supplier_firm_id"
                  " JOIN firms b ON b.id=e.buyer_firm_id WHERE s.tax_id='20505310072' AND b.tax_id='20535773425'");
    /* guia 20338570041-09-T002-172 */
    tu_assert_text(db, "08|10209865209|PGY-0988|07976340|150110|150114",
                   "SELECT l.motivo || '|' || c.tax_id || '|' || v.plate || '|' || p.number || '|'"
                   " || l.origin_ubigeo || '|' || l.dest_ubigeo"
                   " FROM transport_legs l JOIN documents d ON d.id=l.document_id"
                   " JOIN firms sh ON sh.id=l.shipper_firm_id"
                   " JOIN firms c ON c.id=l.carrier_firm_id"
                   " JOIN leg_vehicles v ON v.leg_id=l.id"
                   " JOIN leg_drivers ld ON ld.leg_id=l.id JOIN persons p ON p.id=ld.person_id"
                   " WHERE sh.tax_id='20338570041' AND d.type_code='09' AND d.number='T002-172'");
    /* the Peruvian rows of the facility lists are establishments in Peru */
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM establishments e JOIN firms f ON f.id=e.firm_id"
                  " WHERE e.country='PE' AND f.name='Bergman Riveria - Serflex S.A.C.'");
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM establishments e JOIN firms f ON f.id=e.firm_id"
                  " WHERE f.country='PE' AND COALESCE(e.country,'')<>'PE'");
    /* every fact knows its document and file */
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM trade_lines t LEFT JOIN documents d ON d.id=t.document_id"
                  " LEFT JOIN source_files f ON f.id=d.file_id WHERE f.sha256 IS NULL");

    char *before = table_counts(db);
    tu_import(db, &st, "pe-invoice", "pe-despatch", "facility-list", (const char *)NULL);
    ck_assert_uint_eq(st.imported, 0);
    ck_assert_uint_eq(st.duplicate, 24 + 36 + 16);
    char *after = table_counts(db);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    ins_db_close(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("import");
    TCase *tc = tcase_create("driver");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_hostile_batch);
    tcase_add_test(tc, test_csv_bad_fields);
    tcase_add_test(tc, test_zip);
    tcase_add_test(tc, test_corrupt_zip);
    tcase_add_test(tc, test_force_kind);
    tcase_add_test(tc, test_missing_path);
    tcase_add_test(tc, test_corpus_acceptance);
    tcase_add_test(tc, test_incremental_edges);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
