/*
** check_dam.c: Peru's customs declarations (DAM) as SUNAT Teledespacho
** transmissions (importers/dam.c, tdread.c, dam_layout.c) and the driver
** that hands a transmission's files over together.
**
** The fixtures are hand-made from the published structures
** (tests/fixtures/synthetic/dam, README.md there says which page each
** follows):
**   export-40/    régimen 40, text with a header line ('|'), every file kind,
**                 and customs' acceptance of one of its two orders;
**   export-40.zip the same files in one folder of a zip;
**   response-40/  the later acceptance of the other order;
**   import-10/    régimen 10, fixed-width text without header, a dBASE
**                 invoice table, a rectification carrying its DAM number;
**   bad-40/       one good order and one of each rejection;
**   broken/       a header file that is not the published structure;
**   cites/        an export invoice and a guía citing the DAM number.
*/
#include "testutil.h"

#include "importer.h"
#include "tdread.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DAM "synthetic/dam"

/* A fresh directory NAME under the build tree's tests/tmp (made per run). */
static const char *tmpdir(const char *name)
{
    static char ring[4][4096];
    static int k;
    char *p = ring[k++ % 4];
    const char *b = getenv("top_builddir");
    snprintf(p, 4096, "%s/tests/tmp", b && *b ? b : ".");
    mkdir(p, 0777);
    snprintf(p, 4096, "%s/tests/tmp/%s-%ld", b && *b ? b : ".", name, (long)getpid());
    mkdir(p, 0777);
    return p;
}

/* Writes LEN bytes of TEXT (LEN 0: its strlen) as DIR/FILE. */
static void put(const char *dir, const char *file, const char *text, size_t len)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    size_t n = len ? len : strlen(text);
    ck_assert_uint_eq(fwrite(text, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
}

/* Copies the fixture file REL to DIR/FILE. */
static void copy_fixture(const char *rel, const char *dir, const char *file)
{
    FILE *in = fopen(tu_fixture(rel), "rb");
    ck_assert_ptr_nonnull(in);
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    put(dir, file, buf, n);
}

/* A column of the declaration of order ?1. */
#define DECL(col) "SELECT " col " FROM declarations WHERE order_ref = ?1"
/* Its items, in series order, as one text. */
#define ITEMS(expr)                                                                             \
    "SELECT group_concat(x, ' | ') FROM (SELECT " expr " AS x FROM declaration_items i"         \
    " JOIN declarations d ON d.id = i.declaration_id WHERE d.order_ref = ?1 ORDER BY i.seq)"
/* The values of attribute ?2 of the declaration of order ?1 (its records too). */
#define ATTR                                                                                     \
    "SELECT group_concat(value, ',') FROM (SELECT r.value FROM record_attributes r"              \
    " JOIN declarations d ON d.document_id = r.document_id WHERE d.order_ref = ?1 AND r.name = ?2" \
    " ORDER BY r.rowid)"

/* The rejection reasons of the last import, in order, as one text. */
#define REJECTIONS                                                                                 \
    "SELECT group_concat(substr(path, length(rtrim(path, replace(path, '/', ''))) + 1) || ': ' ||" \
    " reason, ' # ') FROM (SELECT path, reason FROM import_log WHERE status = 'rejected'"          \
    " AND import_run_id = (SELECT MAX(id) FROM import_runs) ORDER BY id)"

/* ---- the reader of one file ---------------------------------------------- */

/* Reads TEXT with the structure named LAYOUT into T; the return code. */
static int td(const char *text, size_t len, const char *layout, ins_td_table *t, ins_buf *why)
{
    const ins_td_layout *lay = insTdLayoutByFile(layout);
    ck_assert_ptr_nonnull(lay);
    insBufInit(why);
    return insTdRead((const unsigned char *)text, len, lay, t, why);
}

START_TEST(test_file_names)
{
    ck_assert_str_eq(insTdLayoutByFile("ADUAHDR1.TXT")->name, "ADUAHDR1");
    ck_assert_str_eq(insTdLayoutByFile("aduadet1.txt")->name, "ADUADET1");
    ck_assert_str_eq(insTdLayoutByFile("DUAFAC01.DBF")->name, "DUAFAC01");
    ck_assert_str_eq(insTdLayoutByFile("DUAEMPRE")->name, "DUAEMPRE");
    ck_assert_str_eq(insTdLayoutByFile("910M0042.HDR")->name, "HDR");
    ck_assert_str_eq(insTdLayoutByFile("123a0001.err")->name, "ERR");
    ck_assert_ptr_null(insTdLayoutByFile("910X0042.HDR")); /* X: no such channel */
    ck_assert_ptr_null(insTdLayoutByFile("ADUAHDR1X.TXT"));
    ck_assert_ptr_null(insTdLayoutByFile("invoice.xml"));
    ck_assert_ptr_null(insTdLayoutByFile("README"));
    /* every structure keys its records by the order, or is a control file */
    for (size_t i = 0; i < insTdLayoutCount; i++) {
        const ins_td_layout *l = insTdLayouts[i];
        int order = 0;
        for (size_t k = 0; k < l->n; k++) order += !strcmp(l->f[k].name, "NUME_ORDEN");
        ck_assert_msg(order == 1 || l->role == TD_CONTROL || l->role == TD_RESPONSE_CONTROL, "%s", l->name);
        for (size_t k = 0; k < l->n; k++) ck_assert_uint_le(strlen(l->f[k].name), 10);
    }
}
END_TEST

/* DAM numbers as documents write them, in the form declarations carry. */
START_TEST(test_dam_numbers)
{
    static const struct { const char *in, *out; } t[] = {
        {"118-2025-40-004567", "118-2025-40-004567"}, {"118-2025-40-4567", "118-2025-40-004567"},
        {"118/2025/40/4567", "118-2025-40-004567"},   {" 118 2025 40 004567 ", "118-2025-40-004567"},
        {"118202540004567", "118-2025-40-004567"},    {"19-2024-10-12", "019-2024-10-000012"},
        {"F001-123", NULL}, {"118-25-40-4567", NULL}, {"118-2025-40-1234567", NULL},
        {"118-2025-40", NULL}, {"118-2025-40-45x", NULL}, {"999999999999999", NULL}, {"", NULL},
        {"T001-2025-09-000123", NULL}, {"118-2025-10-123-", NULL},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(t); i++) {
        char out[INS_DAM_NUMBER_BYTES] = "";
        int ok = insIdDamNumber(t[i].in, out);
        ck_assert_msg(ok == (t[i].out != NULL), "'%s': %d", t[i].in, ok);
        if (ok) ck_assert_str_eq(out, t[i].out);
    }
}
END_TEST

/* The four shapes of one file, read to the same cells. */
START_TEST(test_file_forms)
{
    ins_td_table t;
    ins_buf why;
    /* header line, '|', fields in any order, a trailing delimiter, CRLF */
    static const char header[] = "NUME_ORDEN|CODI_ADUAN|ANO_ORDEN|CODI_REGI|\r\n000123|118|2025|40|\r\n\r\n";
    ck_assert_int_eq(td(header, sizeof header - 1, "DETCTR01", &t, &why), INS_OK);
    ck_assert_str_eq(t.form, "header");
    ck_assert_uint_eq(t.nrows, 1);
    ck_assert_str_eq(insTdCell(&t, 0, insTdColumn(&t, "CODI_REGI")), "40");
    ck_assert_str_eq(insTdCell(&t, 0, insTdColumn(&t, "NUME_ORDEN")), "000123");
    ck_assert_int_eq(insTdColumn(&t, "TIPO_TRANS"), -1);
    insTdFree(&t);
    insBufFree(&why);
    /* no header: the published order; a short row leaves the rest blank */
    static const char delim[] = "118|2025|000123|40|01|2025\n118|2025|000124|40\n\x1a";
    ck_assert_int_eq(td(delim, sizeof delim - 1, "DETCTR01", &t, &why), INS_OK);
    ck_assert_str_eq(t.form, "delimited");
    ck_assert_uint_eq(t.nrows, 2);
    ck_assert_str_eq(insTdCell(&t, 1, insTdColumn(&t, "NUME_ORDEN")), "000124");
    ck_assert_ptr_null(insTdCell(&t, 1, insTdColumn(&t, "TIPO_TRANS")));
    ck_assert_uint_eq(t.line[1], 2);
    insTdFree(&t);
    insBufFree(&why);
    /* fixed width (3 4 6 2 2 4), Windows-1252 text */
    static const char fixed[] = "1182025000123400120\n118202500012440";
    ck_assert_int_eq(td(fixed, sizeof fixed - 1, "DETCTR01", &t, &why), INS_OK);
    ck_assert_str_eq(t.form, "fixed");
    ck_assert_str_eq(insTdCell(&t, 0, insTdColumn(&t, "TIPO_TRANS")), "01");
    ck_assert_str_eq(insTdCell(&t, 0, insTdColumn(&t, "ANO_PRESE")), "20");
    ck_assert_ptr_null(insTdCell(&t, 1, insTdColumn(&t, "TIPO_TRANS")));
    insTdFree(&t);
    insBufFree(&why);
    static const char latin1[] = "CODI_ADUAN;ANO_ORDEN;NUME_ORDEN;CODI_REGI;NOMB_IMPOR\n"
                                 "118;2025;1;40;\"CAF\xc9 \"\"ANDINO\"\"; S.A.\"\n";
    ck_assert_int_eq(td(latin1, sizeof latin1 - 1, "ADUAHDR1", &t, &why), INS_OK);
    ck_assert_str_eq(insTdCell(&t, 0, insTdColumn(&t, "NOMB_IMPOR")), "CAF\xc3\x89 \"ANDINO\"; S.A.");
    insTdFree(&t);
    insBufFree(&why);
    /* refusals: a line longer than the structure, more cells, a NUL byte */
    static const char longline[] = "11820250001234001202500";
    ck_assert_int_eq(td(longline, sizeof longline - 1, "DETCTR01", &t, &why), INS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(insBufStr(&why), "longer than the 21 characters"));
    insTdFree(&t);
    insBufFree(&why);
    static const char many[] = "118|2025|000123|40|01|2025|X\n";
    ck_assert_int_eq(td(many, sizeof many - 1, "DETCTR01", &t, &why), INS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(insBufStr(&why), "line 1: more than the 6 fields"));
    insTdFree(&t);
    insBufFree(&why);
    /* nothing, or blank lines only: a file without records */
    ck_assert_int_eq(td("\r\n\n", 3, "DETCTR01", &t, &why), INS_OK);
    ck_assert_uint_eq(t.nrows, 0);
    insTdFree(&t);
    insBufFree(&why);
    ck_assert_int_eq(td("", 0, "DUACONTE", &t, &why), INS_OK);
    ck_assert_uint_eq(t.nrows, 0);
    insTdFree(&t);
    insBufFree(&why);
    static const char nul[] = "118|2025|0\0|40\n";
    ck_assert_int_eq(td(nul, sizeof nul - 1, "DETCTR01", &t, &why), INS_ERR_FORMAT);
    insTdFree(&t);
    insBufFree(&why);
}
END_TEST

/* A dBASE table: fields by name, deleted records skipped, DOS code page. */
START_TEST(test_file_dbf)
{
    unsigned char b[32 + 3 * 32 + 1 + 3 * 12 + 1];
    memset(b, 0, sizeof b);
    b[0] = 0x03;
    b[1] = 125; b[2] = 3; b[3] = 11;
    b[4] = 3; /* records */
    size_t hdr = 32 + 3 * 32 + 1, rec = 1 + 3 + 6 + 2;
    b[8] = (unsigned char)hdr; b[9] = (unsigned char)(hdr >> 8);
    b[10] = (unsigned char)rec;
    b[29] = 0x02; /* code page 850 */
    const char *names[] = {"CODI_ADUAN", "NUME_ORDEN", "CODI_REGI"};
    const unsigned char sizes[] = {3, 6, 2};
    for (int i = 0; i < 3; i++) {
        unsigned char *d = b + 32 + 32 * i;
        memcpy(d, names[i], strlen(names[i]));
        d[11] = 'C';
        d[16] = sizes[i];
    }
    b[32 + 96] = 0x0D;
    unsigned char *r = b + hdr;
    memcpy(r, " 118000123 40", rec + 1);
    memcpy(r + rec, "*118000999 40", rec + 1);           /* deleted */
    memcpy(r + 2 * rec, " 118\x90" "0001240", rec + 1);  /* 0x90 is É in CP850 */
    b[hdr + 3 * rec] = 0x1A;
    ck_assert(insTdIsDbf(b, sizeof b));
    ins_td_table t;
    ins_buf why;
    ck_assert_int_eq(td((const char *)b, sizeof b, "DETCTR01", &t, &why), INS_OK);
    ck_assert_str_eq(t.form, "dbf");
    ck_assert_uint_eq(t.nrows, 2);
    ck_assert_uint_eq(t.deleted, 1);
    ck_assert_str_eq(insTdCell(&t, 1, insTdColumn(&t, "NUME_ORDEN")), "\xc3\x89" "00012");
    insTdFree(&t);
    insBufFree(&why);
    /* announced records past the end */
    b[4] = 9;
    ck_assert_int_eq(td((const char *)b, sizeof b, "DETCTR01", &t, &why), INS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(insBufStr(&why), "announces 9 records"));
    insTdFree(&t);
    insBufFree(&why);
}
END_TEST

/* ---- transmissions ----------------------------------------------------- */

START_TEST(test_export_40)
{
    ins_db *db = tu_db_new("dam-export");
    ins_import_stats st;
    tu_import(db, &st, DAM "/export-40", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 0);
    ck_assert_uint_eq(st.files_total, 1); /* ten files, one transmission */
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM declarations WHERE format = 'sunat-dam'");
    const char *o1 = "118-2025-40-000123", *o2 = "118-2025-40-000124";
    /* the header, and the number and date of customs' acceptance */
    tu_assert_text(db, "EX|40|118|40|118-2025-40-004567|2025-03-11|118|PE|AR|120601",
                   DECL("direction || '|' || type_code || '|' || customs_office || '|' || regime || '|' ||"
                        " reference || '|' || issue_date || '|' || exit_office || '|' || export_country ||"
                        " '|' || destination_country || '|' || trader_ubigeo"), o1, NULL);
    tu_assert_text(db, "20604512787|identifier",
                   "SELECT f.tax_id || '|' || p.resolved_by FROM declarations d JOIN firms f"
                   " ON f.id = d.exporter_firm_id JOIN declaration_parties p ON p.declaration_id = d.id"
                   " AND p.role = 'exporter' WHERE d.order_ref = ?1", o1, NULL);
    /* the other order: no acceptance yet, dated by its shipment, with a warning */
    tu_assert_text(db, "NULL|2025-03-13", DECL("COALESCE(reference, 'NULL') || '|' || issue_date"), o2, NULL);
    tu_assert_text(db, "dam_pending",
                   "SELECT group_concat(w.code) FROM document_warnings w JOIN declarations d"
                   " ON d.document_id = w.document_id WHERE d.order_ref = ?1", o2, NULL);
    tu_assert_text(db, "DAM 118-2025-40-000124",
                   "SELECT doc.type_code || ' ' || doc.number FROM documents doc JOIN declarations d"
                   " ON d.document_id = doc.id WHERE d.order_ref = ?1", o2, NULL);
    /* series: the tariff line's lost leading zero restored, its HS6, origin, masses, FOB */
    tu_assert_text(db,
                   "1:0901119000:090111:PE:15000.0:15120.0:52500.0:USD:52500.0:120606:15000.0:KG:"
                   "CAFE VERDE SIN TOSTAR; ARABICA; CONSUMO | "
                   "2:0901119000:090111:PE:6000.0:6050.0:21000.0:USD:21000.0:120601:6000.0:KG:"
                   "CAFE VERDE ORGANICO; ARABICA; CONSUMO",
                   ITEMS("i.seq || ':' || i.classification || ':' || i.hs6 || ':' || i.origin_country || ':' ||"
                         " i.net_mass || ':' || i.gross_mass || ':' || i.value || ':' || i.currency || ':' ||"
                         " i.statistical_value || ':' || i.origin_ubigeo || ':' || i.quantity || ':' || i.unit"
                         " || ':' || i.description"), o1, NULL);
    /* an order number written without its zeros ("124") still finds its header */
    tu_assert_text(db, "6109100031", ITEMS("i.classification"), o2, NULL);
    /* invoices, associated documents, containers, exit vehicles and vessels */
    tu_assert_text(db, "invoice:F001-00000457:2025-03-10:CAFE SELVA CENTRAL S.A.C.:PE | "
                       "document:09:EG01-00000981:1 | document:25:SENASA-2025-0077:1",
                   "SELECT group_concat(x, ' | ') FROM (SELECT r.kind || ':' || CASE r.kind WHEN 'invoice'"
                   " THEN r.number || ':' || r.date || ':' || r.party || ':' || r.party_country ELSE"
                   " r.type_code || ':' || r.number || ':' || r.item_seq END AS x FROM declaration_refs r"
                   " JOIN declarations d ON d.id = r.declaration_id WHERE d.order_ref = ?1 ORDER BY r.rowid)",
                   o1, NULL);
    tu_assert_text(db, "container:MSKU1234565:- | vehicle:abc-123:ABC-123/ABC123 | vessel:9312345:-",
                   "SELECT group_concat(x, ' | ') FROM (SELECT t.kind || ':' || t.ident || ':' ||"
                   " COALESCE(t.plate || '/' || t.plate_alt, '-') AS x FROM declaration_transport t"
                   " JOIN declarations d ON d.id = t.declaration_id WHERE d.order_ref = ?1 ORDER BY t.rowid)",
                   o1, NULL);
    tu_assert_text(db, "20100394279",
                   "SELECT f.tax_id FROM declarations d JOIN firms f ON f.id = d.carrier_firm_id"
                   " WHERE d.order_ref = ?1", o1, NULL);
    /* every field without a column is kept: header, series, files, control, response */
    tu_assert_text(db, "AR,AR", ATTR, o1, "pais_adqui", NULL);
    tu_assert_text(db, "ARBUE", ATTR, o1, "puer_embar", NULL);
    tu_assert_text(db, "01", ATTR, o1, "tipo_trans", NULL);
    tu_assert_text(db, "PE-ADU-778812", ATTR, o1, "nume_preci", NULL);
    tu_assert_text(db, "MAERSK LIMA", ATTR, o1, "nomb_nave", NULL);
    tu_assert_text(db, "9101", ATTR, o1, "transmission_agent", NULL);
    tu_assert_text(db, "V", ATTR, o1, "tipo_aforo", NULL);
    tu_assert_text(db, "Embarque parcial: saldo en la orden 000125", ATTR, o2, "observacio", NULL);
    /* the agency's electronic key and mailbox are credentials, never kept */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM record_attributes WHERE name IN ('clave', 'casilla', 'clave_ele')"
                         " OR value = 'XXXX'");
    /* the same transmission again is a duplicate */
    tu_import(db, &st, DAM "/export-40", NULL);
    ck_assert_uint_eq(st.duplicate, 1);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM declarations");
    ins_db_close(db);
}
END_TEST

/* An acceptance imported after its declaration gives it its number. */
START_TEST(test_acceptance_later)
{
    ins_db *db = tu_db_new("dam-later");
    ins_import_stats st;
    tu_import(db, &st, DAM "/export-40", NULL);
    tu_import(db, &st, DAM "/response-40", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 0);
    tu_assert_text(db, "118-2025-40-004590|2025-03-13",
                   DECL("reference || '|' || issue_date"), "118-2025-40-000124", NULL);
    tu_assert_text(db, "DAM 118-2025-40-004590",
                   "SELECT doc.type_code || ' ' || doc.number FROM documents doc JOIN declarations d"
                   " ON d.document_id = doc.id WHERE d.order_ref = '118-2025-40-000124'", NULL);
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM document_warnings WHERE code = 'dam_pending'");
    /* an acceptance nobody awaits is a rejected part, and nothing changes */
    ins_db *db2 = tu_db_new("dam-orphan-acceptance");
    tu_import(db2, &st, DAM "/response-40", NULL);
    ck_assert_uint_eq(st.imported, 0);
    ck_assert_uint_eq(st.rejected, 2); /* the transmission, and its one part */
    tu_assert_text(db2, "118-2025-40-000124: acceptance 118-2025-40-004590 for an order with no declaration"
                        " awaiting its number",
                   "SELECT substr(path, length(rtrim(path, replace(path, '/', ''))) + 1) || ': ' || reason"
                   " FROM import_log WHERE status = 'rejected' AND path NOT LIKE '%/'", NULL);
    tu_assert_int(db2, 0, "SELECT COUNT(*) FROM source_files");
    ins_db_close(db2);
    ins_db_close(db);
}
END_TEST

/* Customs' errors answered later become warnings of their declaration; one
** for an order nobody sent is a rejected part. */
START_TEST(test_errors_later)
{
    ins_db *db = tu_db_new("dam-errors");
    ins_import_stats st;
    tu_import(db, &st, DAM "/export-40", NULL);
    tu_import(db, &st, DAM "/errors-40", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_text(db, "customs answered 0731: PESO NETO DE LA SERIE EXCEDE EL DEL MANIFIESTO",
                   "SELECT w.message FROM document_warnings w JOIN declarations d ON d.document_id = w.document_id"
                   " WHERE d.order_ref = '118-2025-40-000123' AND w.code = 'customs_response'", NULL);
    tu_assert_text(db, "910M0044.ERR line 3: customs' error 0101 for an order with no declaration",
                   "SELECT substr(path, length(rtrim(path, replace(path, '/', ''))) + 1) || ': ' || reason"
                   " FROM import_log WHERE status = 'rejected'", NULL);
    ins_db_close(db);
}
END_TEST

/* Régimen 10: fixed width without header, a dBASE invoice table, the
** number carried by a rectification's header. */
START_TEST(test_import_10)
{
    ins_db *db = tu_db_new("dam-import");
    ins_import_stats st;
    tu_import(db, &st, DAM "/import-10", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 0);
    const char *o = "118-2025-10-000310";
    tu_assert_text(db, "IM|10|118-2025-10-012345|2025-04-02|118|PE|150103",
                   DECL("direction || '|' || type_code || '|' || reference || '|' || issue_date || '|' ||"
                        " entry_office || '|' || destination_country || '|' || trader_ubigeo"), o, NULL);
    tu_assert_text(db, "20608123459",
                   "SELECT f.tax_id FROM declarations d JOIN firms f ON f.id = d.importer_firm_id"
                   " WHERE d.order_ref = ?1", o, NULL);
    tu_assert_text(db, "1:520812:CN:9000.0:41000.0:30000.0:M2 | 2:520411:CN:400.0:3200.0:400.0:KG",
                   ITEMS("i.seq || ':' || i.hs6 || ':' || i.origin_country || ':' || i.net_mass || ':' ||"
                         " i.value || ':' || i.quantity || ':' || i.unit"), o, NULL);
    tu_assert_text(db, "CN,HK", ATTR, o, "pais_adqui", NULL);
    tu_assert_text(db, "NTX-2025-0412|2025-03-05|NINGBO HUAFENG TEXTILE CO., LTD.|CN",
                   "SELECT r.number || '|' || r.date || '|' || r.party || '|' || r.party_country FROM"
                   " declaration_refs r JOIN declarations d ON d.id = r.declaration_id WHERE d.order_ref = ?1"
                   " AND r.kind = 'invoice'", o, NULL);
    tu_assert_text(db, "44200.000", ATTR, o, "valo_factu", NULL);
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM document_warnings WHERE code = 'dam_pending'");
    ins_db_close(db);
}
END_TEST

/* The older structures (IMPHDR01, IMPDET01 fixed width with implied
** decimals), prior regimes, and customs' errors as warnings. */
START_TEST(test_older_21)
{
    ins_db *db = tu_db_new("dam-older");
    ins_import_stats st;
    tu_import(db, &st, DAM "/older-21", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 0);
    const char *o = "118-2024-21-000077";
    tu_assert_text(db, "IM|21|2024-03-02|20608123459",
                   "SELECT d.direction || '|' || d.regime || '|' || d.issue_date || '|' || f.tax_id FROM declarations d"
                   " JOIN firms f ON f.id = d.importer_firm_id WHERE d.order_ref = ?1", o, NULL);
    /* 14,3 and 14,2 fields of 14 digits without a mark: implied decimals */
    tu_assert_text(db, "1:5205120000:US:2500.0:2600.0:12500.0:2500.0:KG",
                   ITEMS("i.seq || ':' || i.classification || ':' || i.origin_country || ':' || i.net_mass || ':' ||"
                         " i.gross_mass || ':' || i.statistical_value || ':' || i.quantity || ':' || i.unit"), o, NULL);
    /* the series' own precedence and DUAREGAP's */
    tu_assert_text(db, "1:21:118-2023-21-004411:- | 1:21:118-2023-21-004412:2023-07-01",
                   "SELECT group_concat(x, ' | ') FROM (SELECT r.item_seq || ':' || r.type_code || ':' || r.number"
                   " || ':' || COALESCE(r.date, '-') AS x FROM declaration_refs r JOIN declarations d"
                   " ON d.id = r.declaration_id WHERE d.order_ref = ?1 AND r.kind = 'prior_regime' ORDER BY r.rowid)",
                   o, NULL);
    tu_assert_text(db, "2", ATTR, o, "nume_serpr", NULL);
    tu_assert_text(db, "11001000000000110", ATTR, o, "recep_stri", NULL);
    tu_assert_text(db, "customs_response:customs answered 0455: CUADRO INSUMO PRODUCTO PENDIENTE DE APROBACION,"
                       "dam_pending:",
                   "SELECT group_concat(w.code || ':' || CASE w.code WHEN 'customs_response' THEN w.message"
                   " ELSE '' END) FROM document_warnings w JOIN declarations d ON d.document_id = w.document_id"
                   " WHERE d.order_ref = ?1", o, NULL);
    ins_db_close(db);
}
END_TEST

/* Every field of the general data a file gives is kept: in a column, or
** as an attribute under its name. */
START_TEST(test_nothing_dropped)
{
    ins_db *db = tu_db_new("dam-all-fields");
    ins_import_stats st;
    tu_import(db, &st, DAM "/export-40", NULL);
    static const char *const attrs[] = {"tipo_despa", "empr_trans", "cadu_manif", "anno_manif", "nume_manif",
                                        "via_transp", "fech_embar", "puer_embar", "codi_agent"};
    for (size_t i = 0; i < INS_ARRAY_LEN(attrs); i++)
        tu_assert_int(db, 1,
                      "SELECT COUNT(*) FROM record_attributes r JOIN declarations d ON d.document_id = r.document_id"
                      " WHERE d.order_ref = '118-2025-40-000123' AND r.name = ?1 AND r.entity = 'declaration'",
                      attrs[i], NULL);
    /* and of the series: each field without a column, once per series */
    static const char *const item_attrs[] = {"cant_bulto", "clase", "dver_parna", "pais_adqui", "fob_divfac"};
    for (size_t i = 0; i < INS_ARRAY_LEN(item_attrs); i++) {
        int64_t n = tu_int(db, "SELECT COUNT(*) FROM record_attributes WHERE entity = 'declaration_item'"
                               " AND name = ?1", item_attrs[i], NULL);
        ck_assert_msg(n == (i == 4 ? 0 : 3), "%s: %lld", item_attrs[i], (long long)n);
    }
    ins_db_close(db);
}
END_TEST

/* A folder imported again once customs' answer has joined it: its
** declarations are not imported twice, and the answer is applied. */
START_TEST(test_reimport_with_response)
{
    static const char *const files[] = {"IMPCTR01.TXT", "DETCTR01.TXT", "ADUAHDR1.TXT", "ADUADET1.TXT",
                                        "DUAFAC01.TXT", "DUADOCAS.TXT", "DUACONTE.TXT", "DUAEMPRE.TXT",
                                        "DUAOBSER.TXT"};
    const char *dir = tmpdir("dam-envio");
    char rel[256];
    for (size_t i = 0; i < INS_ARRAY_LEN(files); i++) {
        snprintf(rel, sizeof rel, DAM "/export-40/%s", files[i]);
        copy_fixture(rel, dir, files[i]);
    }
    ins_db *db = tu_db_new("dam-reimport");
    ins_import_stats st;
    ck_assert_int_eq(tu_import_abs(db, &st, dir, NULL), INS_OK);
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM declarations WHERE reference IS NULL");
    copy_fixture(DAM "/export-40/910M0042.HDR", dir, "910M0042.HDR");
    ck_assert_int_eq(tu_import_abs(db, &st, dir, NULL), INS_OK);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 0);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM declarations");
    tu_assert_text(db, "118-2025-40-004567", DECL("reference"), "118-2025-40-000123", NULL);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM documents WHERE kind = 'customs_declaration'");
    ins_db_close(db);
}
END_TEST

/* Values a hostile or careless file holds: none stops the batch, none is
** silently dropped, none lands in another order. */
START_TEST(test_hostile_values)
{
    const char *dir = tmpdir("dam-hostile");
    put(dir, "ADUAHDR1.TXT",
        "CODI_ADUAN|ANO_ORDEN|NUME_ORDEN|CODI_REGI||NOMB_IMPOR|NUME_DOCUM|FECH_EMBAR|PAIS_DESTI\n"
        "118|2025|000301|40|x|EXPORTADORA UNO S.A.C.|20551122337|19122025|276\n"
        "118|2025|000302|40|y|EXPORTADORA DOS S.A.C.|20551122337|20251219|AR\n"
        "118|2025|ORDEN00000001A|40|z|LARGA S.A.C.|20551122337|20251219|AR\n", 0);
    put(dir, "ADUADET1.TXT",
        "CODI_ADUAN|ANO_ORDEN|NUME_ORDEN|CODI_REGI|NUME_SERIE|PART_NANDI|PESO_NETO|PAIS_ORIGE\n"
        "118|2025|000301|40|1|0803901100|1e5|604\n"
        "118|2025|000302|40|nan|0803901100|1000|PE\n"
        "118|2025|ORDEN00000001B|40|1|0803901100|1000|PE\n", 0);
    put(dir, "DUACONTE.TXT", "CODI_ADUAN|ANO_ORDEN|NUME_ORDEN|CODI_REGI|NUME_CONTE\n118|2025|000301|40|\xa0\n", 0);
    ins_db *db = tu_db_new("dam-hostile");
    ins_import_stats st;
    ck_assert_int_eq(tu_import_abs(db, &st, dir, NULL), INS_OK);
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_text(db, "118-2025-40-000301", "SELECT group_concat(order_ref) FROM declarations", NULL);
    /* a header cell without a name is kept under COL_5 */
    tu_assert_text(db, "x", ATTR, "118-2025-40-000301", "col_5", NULL);
    /* DDMMAAAA; a numeric country and an exponent kept as written */
    tu_assert_text(db, "2025-12-19", DECL("issue_date"), "118-2025-40-000301", NULL);
    tu_assert_text(db, "276", ATTR, "118-2025-40-000301", "pais_desti", NULL);
    tu_assert_text(db, "1e5", ATTR, "118-2025-40-000301", "peso_neto", NULL);
    tu_assert_text(db, "604", ATTR, "118-2025-40-000301", "pais_orige", NULL);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM declaration_items WHERE net_mass IS NULL AND origin_country IS NULL");
    /* a blank container is no container */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM declaration_transport");
    /* "nan" is no series number; an order too long for a key is no order */
    tu_assert_text(db,
                   "ADUAHDR1.TXT line 4: no complete order key (customs office, year, régimen, order number)"
                   " # ADUADET1.TXT line 4: no complete order key (customs office, year, régimen, order number)"
                   " # 118-2025-40-000302: series without a valid NUME_SERIE (ADUADET1.TXT line 3)",
                   REJECTIONS, NULL);
    ins_db_close(db);
}
END_TEST

/* Files beside a table that are not Teledespacho files (a FoxPro index)
** are not part of the transmission. */
START_TEST(test_sidecar_files)
{
    const char *dir = tmpdir("dam-sidecar");
    copy_fixture(DAM "/import-10/ADUAHDR1.TXT", dir, "ADUAHDR1.TXT");
    copy_fixture(DAM "/import-10/ADUADET1.TXT", dir, "ADUADET1.TXT");
    copy_fixture(DAM "/import-10/DUAFAC01.DBF", dir, "DUAFAC01.DBF");
    put(dir, "DUAFAC01.CDX", "\0\0\x01\0index", 9);
    ins_db *db = tu_db_new("dam-sidecar");
    ins_import_stats st;
    ck_assert_int_eq(tu_import_abs(db, &st, dir, NULL), INS_OK);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 1); /* the index, alone, as an unknown file */
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM declarations");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM import_log WHERE status = 'rejected' AND path LIKE '%.CDX'");
    ins_db_close(db);
}
END_TEST

/* Adds file NAME (TEXT) to the zip being written. */
static void zip_add(struct archive *a, const char *name, const char *text)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)strlen(text));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
    ck_assert_int_eq(archive_write_data(a, text, strlen(text)), (la_ssize_t)strlen(text));
    archive_entry_free(e);
}

/* A zip whose folders' members are interleaved: each folder is one
** transmission all the same. */
START_TEST(test_interleaved_zip)
{
    const char *dir = tmpdir("dam-zip2");
    char path[4200];
    snprintf(path, sizeof path, "%s/two.zip", dir);
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
    static const char hx[] = "CODI_ADUAN|ANO_ORDEN|NUME_ORDEN|CODI_REGI|NUME_DOCUM\n118|2025|000401|40|20551122337\n";
    static const char hy[] = "CODI_ADUAN|ANO_ORDEN|NUME_ORDEN|CODI_REGI|NUME_DOCUM\n235|2025|000402|40|20551122337\n";
    static const char dx[] = "CODI_ADUAN|ANO_ORDEN|NUME_ORDEN|CODI_REGI|NUME_SERIE\n118|2025|000401|40|1\n";
    static const char dy[] = "CODI_ADUAN|ANO_ORDEN|NUME_ORDEN|CODI_REGI|NUME_SERIE\n235|2025|000402|40|1\n";
    zip_add(a, "x/ADUAHDR1.TXT", hx);
    zip_add(a, "y/ADUAHDR1.TXT", hy);
    zip_add(a, "x/ADUADET1.TXT", dx);
    zip_add(a, "y/ADUADET1.TXT", dy);
    ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    ins_db *db = tu_db_new("dam-zip2");
    ins_import_stats st;
    ck_assert_int_eq(tu_import_abs(db, &st, path, NULL), INS_OK);
    ck_assert_uint_eq(st.imported, 2);
    ck_assert_uint_eq(st.rejected, 0);
    ck_assert_uint_eq(st.files_total, 2);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM declarations");
    ins_db_close(db);
}
END_TEST

/* A zip holding the transmission in a folder imports as the directory does. */
START_TEST(test_zip)
{
    ins_db *db = tu_db_new("dam-zip");
    ins_import_stats st;
    tu_import(db, &st, DAM "/export-40.zip", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 0);
    ck_assert_uint_eq(st.files_total, 1);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM declarations");
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM declaration_items");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM source_files WHERE path LIKE '%export-40.zip!envio-0042/'");
    ins_db_close(db);
}
END_TEST

/* Each declaration stands alone: the good one imports, each bad one is
** rejected with its reason. */
START_TEST(test_rejections)
{
    ins_db *db = tu_db_new("dam-bad");
    ins_import_stats st;
    tu_import(db, &st, DAM "/bad-40", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 7);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM declarations");
    tu_assert_text(db, "118-2025-40-000201", "SELECT order_ref FROM declarations", NULL);
    tu_assert_text(db,
                   "ADUADET1.TXT line 7: no complete order key (customs office, year, régimen, order number)"
                   " # 118-2025-40-000202: general data (ADUAHDR1.TXT line 3) but no series (ADUADET1)"
                   " # 118-2025-40-000203: two general data records (ADUAHDR1.TXT line 4 and ADUAHDR1.TXT line 5)"
                   " # 118-2025-40-000204: 1 series (first at ADUADET1.TXT line 4) but no general data (ADUAHDR1)"
                   " # 118-2025-40-000205: series 1 given twice (again at ADUADET1.TXT line 6)"
                   " # 118-2025-40-000206: listed in DETCTR01 (DETCTR01.TXT line 3) but no general data (ADUAHDR1) came"
                   " # 118-2025-40-000207: series without a valid NUME_SERIE (ADUADET1.TXT line 8)",
                   REJECTIONS, NULL);
    /* nothing of a rejected declaration stays: one document, one firm's name */
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM documents WHERE kind = 'customs_declaration'");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM declaration_items");
    ins_db_close(db);
}
END_TEST

/* A file that is not its structure refuses the whole transmission; a file
** alone (its series missing) is a transmission whose declaration is rejected. */
START_TEST(test_refused)
{
    ins_db *db = tu_db_new("dam-broken");
    ins_import_stats st;
    tu_import(db, &st, DAM "/broken", NULL);
    ck_assert_uint_eq(st.imported, 0);
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_text(db, "ADUAHDR1.TXT: line 1: longer than the 196 characters of the published"
                       " fixed-width structure ADUAHDR1",
                   "SELECT reason FROM import_log WHERE status = 'rejected' AND path LIKE '%/broken/'", NULL);
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM declarations");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM source_files");
    tu_import(db, &st, DAM "/export-40/ADUAHDR1.TXT", NULL);
    ck_assert_uint_eq(st.imported, 0);
    ck_assert_uint_eq(st.rejected, 3); /* the group and its two declarations */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM declarations");
    ins_db_close(db);
}
END_TEST

/* The DAM number joins the invoices and guías that cite it; its exit
** vehicle joins the guía's leg by plate, written either way. */
START_TEST(test_joins)
{
    ins_db *db = tu_db_new("dam-joins");
    ins_import_stats st;
    tu_import(db, &st, DAM "/export-40", DAM "/cites", NULL);
    ck_assert_uint_eq(st.imported, 3);
    tu_assert_text(db, "despatch:09 EG01-00000981,reference:01 F001-00000457,reference:09 EG01-00000981,"
                       "trade_line:01 F001-00000457",
                   "SELECT group_concat(x) FROM (SELECT DISTINCT dd.cited_by || ':' || doc.type_code || ' ' ||"
                   " doc.number AS x FROM declaration_documents dd JOIN declarations d ON d.id = dd.declaration_id"
                   " JOIN documents doc ON doc.id = dd.document_id WHERE d.reference = '118-2025-40-004567'"
                   " ORDER BY 1)", NULL);
    tu_assert_text(db, "ABC123",
                   "SELECT group_concat(l.plate) FROM declaration_legs l JOIN declarations d"
                   " ON d.id = l.declaration_id WHERE d.reference = '118-2025-40-004567'", NULL);
    ins_db_close(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dam");
    TCase *tc = tcase_create("dam");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_file_names);
    tcase_add_test(tc, test_dam_numbers);
    tcase_add_test(tc, test_file_forms);
    tcase_add_test(tc, test_file_dbf);
    tcase_add_test(tc, test_export_40);
    tcase_add_test(tc, test_acceptance_later);
    tcase_add_test(tc, test_errors_later);
    tcase_add_test(tc, test_import_10);
    tcase_add_test(tc, test_older_21);
    tcase_add_test(tc, test_nothing_dropped);
    tcase_add_test(tc, test_zip);
    tcase_add_test(tc, test_reimport_with_response);
    tcase_add_test(tc, test_hostile_values);
    tcase_add_test(tc, test_sidecar_files);
    tcase_add_test(tc, test_interleaved_zip);
    tcase_add_test(tc, test_rejections);
    tcase_add_test(tc, test_refused);
    tcase_add_test(tc, test_joins);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
