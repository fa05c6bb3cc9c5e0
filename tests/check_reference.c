/*
** check_reference.c: the reference importers (importers/ref_*.c) over the
** shipped data (data/), and their replace semantics on small files the
** tests write.
*/
#include "testutil.h"

#include "importer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Rows of the shipped files, counted independently of the importers
** (Python's csv and ElementTree modules). */
#define UBIGEO_DEPARTMENTS 25
#define UBIGEO_PROVINCES 196
#define UBIGEO_DISTRICT_ROWS 1893 /* one of them, San Antonio (Moquegua), has no INEI code */
#define UBIGEO_DISTRICTS (UBIGEO_DISTRICT_ROWS - 1)
#define HS_ROWS 6940 /* 97 chapters, 1229 headings, 5613 subheadings, and the root "TOTAL" */
#define HS_CODES (HS_ROWS - 1)
#define HS_SECTIONS 21
#define ILAB_PAIRS 467 /* (good, country) pairs, none repeated */
#define GOOD_HS_ROWS 51

static const char *datadir(void)
{
    const char *d = getenv("INSPECTOR_DATADIR");
    return d && *d ? d : tu_srcpath("data");
}

/* A database with the shipped reference data loaded. */
static ins_db *loaded_db(const char *name)
{
    ins_db *db = tu_db_new(name);
    char *err = NULL;
    int rc = ins_load_reference(db, datadir(), &err);
    ck_assert_msg(rc == INS_OK, "load: %s (%s)", ins_strerror(rc), err ? err : "-");
    ck_assert_ptr_null(err);
    return db;
}

/* Writes TEXT to a file in the build tree's tests/tmp; returns its path
** (static storage). */
static const char *write_tmp(const char *name, const char *text)
{
    static char path[4200];
    const char *b = getenv("top_builddir");
    snprintf(path, sizeof path, "%s/tests/tmp/%ld-%s", b && *b ? b : ".", (long)getpid(), name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static int sniff_line(const ins_importer *im, const char *line)
{
    ins_sniff s;
    memset(&s, 0, sizeof s);
    insUStrlcpy(s.first_line, line, sizeof s.first_line);
    return im->sniff(&s);
}

START_TEST(test_sniff)
{
    ck_assert_int_eq(sniff_line(&insImporterUbigeo, "inei,reniec,departamento,iso_3166_2"), 85);
    ck_assert_int_eq(sniff_line(&insImporterUbigeo, "reniec,inei,departamento"), 0);
    ck_assert_int_eq(sniff_line(&insImporterHs, "section,hscode,description,parent,level"), 85);
    ck_assert_int_eq(sniff_line(&insImporterHs, "section,name"), 0);
    ck_assert_int_eq(sniff_line(&insImporterHsSections, "section,name"), 85);
    ck_assert_int_eq(sniff_line(&insImporterHsSections, "section,name,extra"), 0);
    ck_assert_int_eq(sniff_line(&insImporterGoodHsMap, "good,hs_prefix,note,source"), 85);
    ck_assert_int_eq(sniff_line(&insImporterGoodHsMap, "good,hs_prefix"), 0);
    ins_sniff s;
    memset(&s, 0, sizeof s);
    s.is_xml = 1;
    insUStrlcpy(s.root_local, "Goods", sizeof s.root_local);
    ck_assert_int_eq(insImporterIlabGoods.sniff(&s), 90);
    insUStrlcpy(s.root_ns, "urn:example", sizeof s.root_ns);
    ck_assert_int_eq(insImporterIlabGoods.sniff(&s), 0);
    /* No reference importer claims a facility list. */
    ck_assert_int_eq(sniff_line(&insImporterUbigeo, "country,name,address"), 0);
    ck_assert_int_eq(sniff_line(&insImporterHsSections, "country,name,address"), 0);
}
END_TEST

START_TEST(test_ubigeo)
{
    ins_db *db = loaded_db("ref-ubigeo");
    tu_assert_int(db, UBIGEO_DEPARTMENTS, "SELECT COUNT(*) FROM ubigeo WHERE level = 1");
    tu_assert_int(db, UBIGEO_PROVINCES, "SELECT COUNT(*) FROM ubigeo WHERE level = 2");
    tu_assert_int(db, UBIGEO_DISTRICTS, "SELECT COUNT(*) FROM ubigeo WHERE level = 3");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM ubigeo WHERE length(code) <> 6");

    /* Lima: district, province and department, INEI-keyed. */
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM ubigeo WHERE code = '150101' AND level = 3"
                  " AND district = 'LIMA' AND province = 'LIMA' AND department = 'LIMA'"
                  " AND reniec = '140101' AND capital = 'Lima'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM ubigeo WHERE code = '150100' AND level = 2"
                  " AND province = 'LIMA' AND district IS NULL");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM ubigeo WHERE code = '150000' AND level = 1"
                  " AND department = 'LIMA' AND province IS NULL AND district IS NULL"
                  " AND round(latitude, 4) = -12.0453 AND round(longitude, 4) = -77.0308"
                  " AND altitude > 0 AND area_km2 > 34000 AND poverty_pct = 26.25");
    /* Department and province of a district are its first 2 and 4 digits. */
    tu_assert_text(db, "LIMA",
                   "SELECT d.department FROM ubigeo x JOIN ubigeo d"
                   " ON d.code = substr(x.code, 1, 2) || '0000' WHERE x.code = '150101'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM ubigeo WHERE code = '170101' AND district = 'TAMBOPATA'"
                  " AND province = 'TAMBOPATA' AND department = 'MADRE DE DIOS'"
                  " AND capital = 'Puerto Maldonado' AND round(latitude, 2) = -12.59");
    /* "NA" is a missing value. */
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM ubigeo WHERE code = '150144' AND reniec IS NULL"
                  " AND latitude IS NULL AND capital IS NULL");
    /* The row with no INEI code is skipped, with a warning naming it. */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM ubigeo WHERE reniec = '170107'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM document_warnings WHERE code = 'no_code'"
                  " AND message LIKE '%RENIEC 170107%'");

    /* A new district file replaces the districts only. */
    ins_import_stats st;
    const char *p = write_tmp("distrito.csv",
                              "inei,reniec,departamento,provincia,distrito,capital,latitude\n"
                              "150101,140101,LIMA,LIMA,LIMA,Lima,-12.05\n"
                              "170101,160101,MADRE DE DIOS,TAMBOPATA,TAMBOPATA,NA,NA\n");
    ck_assert_int_eq(tu_import_abs(db, &st, p, NULL), INS_OK);
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM ubigeo WHERE level = 3");
    tu_assert_int(db, UBIGEO_DEPARTMENTS, "SELECT COUNT(*) FROM ubigeo WHERE level = 1");
    tu_assert_int(db, UBIGEO_PROVINCES, "SELECT COUNT(*) FROM ubigeo WHERE level = 2");
    tu_assert_int(db, 2, "SELECT rows FROM reference_sources WHERE name = 'ubigeo-distrito'");
    unlink(p);

    /* A malformed code rejects the file whole, with its row. */
    p = write_tmp("distrito-bad.csv",
                  "inei,reniec,departamento,provincia,distrito\n"
                  "150101,140101,LIMA,LIMA,LIMA\n"
                  "15010,140102,LIMA,LIMA,ANCON\n");
    ck_assert_int_eq(tu_import_abs(db, &st, p, NULL), INS_OK);
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM import_log WHERE status = 'rejected'"
                  " AND reason LIKE 'row 3:%15010%'");
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM ubigeo WHERE level = 3");
    unlink(p);
    ins_db_close(db);
}
END_TEST

START_TEST(test_hs)
{
    ins_db *db = loaded_db("ref-hs");
    tu_assert_int(db, HS_CODES, "SELECT COUNT(*) FROM hs_codes");
    tu_assert_int(db, 97, "SELECT COUNT(*) FROM hs_codes WHERE level = 2");
    tu_assert_int(db, 1229, "SELECT COUNT(*) FROM hs_codes WHERE level = 4");
    tu_assert_int(db, 5613, "SELECT COUNT(*) FROM hs_codes WHERE level = 6");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM hs_codes WHERE length(code) <> level");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM hs_codes WHERE code = '710812' AND level = 6"
                  " AND parent = '7108' AND section = 'XIV' AND description LIKE '%gold%'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM hs_codes WHERE code = '0801' AND level = 4 AND parent = '08'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM hs_codes WHERE code = '61' AND level = 2 AND parent IS NULL"
                  " AND section = 'XI'");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM hs_codes WHERE code = 'TOTAL' OR parent = 'TOTAL'");
    /* Every parent is a code of the table. */
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM hs_codes c WHERE parent IS NOT NULL"
                  " AND NOT EXISTS (SELECT 1 FROM hs_codes p WHERE p.code = c.parent)");

    /* Sections, read past the file's byte-order mark. */
    tu_assert_int(db, HS_SECTIONS, "SELECT COUNT(*) FROM hs_sections");
    tu_assert_text(db, "live animals; animal products",
                   "SELECT name FROM hs_sections WHERE section = 'I'");
    tu_assert_text(db, "Works of art, collectors' pieces and antiques",
                   "SELECT name FROM hs_sections WHERE section = 'XXI'");
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM hs_codes c WHERE section IS NOT NULL AND NOT EXISTS"
                  " (SELECT 1 FROM hs_sections s WHERE s.section = c.section)");
    /* Chapter 99 belongs to no section. */
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM hs_codes WHERE section IS NULL AND code LIKE '99%'");
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM hs_codes WHERE section IS NULL");

    /* A new sections file replaces them all. */
    ins_import_stats st;
    const char *p = write_tmp("sections.csv", "\xEF\xBB\xBFsection,name\nI,Live animals\nII,Vegetables\n");
    ck_assert_int_eq(tu_import_abs(db, &st, p, NULL), INS_OK);
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM hs_sections");
    tu_assert_text(db, "Live animals", "SELECT name FROM hs_sections WHERE section = 'I'");
    unlink(p);
    ins_db_close(db);
}
END_TEST

START_TEST(test_ilab)
{
    ins_db *db = loaded_db("ref-ilab");
    tu_assert_int(db, ILAB_PAIRS, "SELECT COUNT(*) FROM ilab_goods");
    static const char q[] =
        "SELECT child_labor || forced_labor || forced_child_labor FROM ilab_goods"
        " WHERE good = ? AND country = ?";
    tu_assert_text(db, "010", q, "Brazil Nuts/Chestnuts", "Peru");
    tu_assert_text(db, "110", q, "Gold", "Peru");
    tu_assert_text(db, "010", q, "Timber", "Peru");
    tu_assert_text(db, "111", q, "Garments", "Argentina");
    tu_assert_text(db, "111", q, "Coca (stimulant plant)", "Colombia");
    tu_assert_text(db, "PE", "SELECT country_code FROM ilab_goods WHERE good = 'Gold' AND country = 'Peru'");
    tu_assert_text(db, "Mining", "SELECT sector FROM ilab_goods WHERE good = 'Gold' AND country = 'Peru'");
    /* Every country of the list has its ISO code, the odd names included. */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM ilab_goods WHERE country_code IS NULL");
    tu_assert_text(db, "MM", "SELECT country_code FROM ilab_goods WHERE country = 'Burma' LIMIT 1");
    tu_assert_text(db, "TR",
                   "SELECT country_code FROM ilab_goods WHERE country = 'Turkey (Türkiye)' LIMIT 1");
    tu_assert_text(db, "KG",
                   "SELECT country_code FROM ilab_goods WHERE country = 'Kyrgyz Republic' LIMIT 1");
    /* Peru's goods as DOMAIN.md lists them. */
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM ilab_goods WHERE country_code = 'PE' AND forced_labor = 1");
    tu_assert_int(db, 7, "SELECT COUNT(*) FROM ilab_goods WHERE country_code = 'PE'");
    ins_db_close(db);
}
END_TEST

START_TEST(test_good_hs_map)
{
    ins_db *db = loaded_db("ref-goodmap");
    tu_assert_int(db, GOOD_HS_ROWS, "SELECT COUNT(*) FROM good_hs_map");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM good_hs_map WHERE good = 'Gold' AND hs_prefix = '710812'");
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM good_hs_map WHERE good = 'Brazil Nuts/Chestnuts'");
    tu_assert_int(db, 8, "SELECT COUNT(*) FROM good_hs_map WHERE good = 'Timber'");
    /* Every good is named exactly as in the ILAB list... */
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM good_hs_map WHERE good NOT IN (SELECT good FROM ilab_goods)");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM document_warnings WHERE code = 'unknown_good'");
    /* ...and every prefix is a code of HS 2022. */
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM good_hs_map WHERE hs_prefix NOT IN (SELECT code FROM hs_codes)");
    /* Each forced-labour good of Peru maps to some HS code. */
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM ilab_goods g WHERE g.country_code = 'PE' AND NOT EXISTS"
                  " (SELECT 1 FROM good_hs_map m WHERE m.good = g.good)");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM good_hs_map WHERE source IS NULL OR source = ''");

    /* A regulator's edit: prefixes with dots are read as digits, a good the
     * list does not name is warned about. */
    ins_import_stats st;
    const char *p = write_tmp("map.csv",
                              "good,hs_prefix,note,source\n"
                              "Gold,7108.12,unwrought,test\n"
                              "Brazil nuts,0801.22,typo in good,test\n");
    ck_assert_int_eq(tu_import_abs(db, &st, p, NULL), INS_OK);
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM good_hs_map");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM good_hs_map WHERE good = 'Gold' AND hs_prefix = '710812'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM document_warnings WHERE code = 'unknown_good'"
                  " AND message LIKE '%''Brazil nuts''%'");
    unlink(p);
    /* A row without its source rejects the edit whole. */
    p = write_tmp("map-bad.csv", "good,hs_prefix,note,source\nGold,710812,,x\nCoffee,0901,,\n");
    ck_assert_int_eq(tu_import_abs(db, &st, p, NULL), INS_OK);
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM import_log WHERE status = 'rejected' AND reason LIKE 'row 3:%'");
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM good_hs_map");
    unlink(p);
    ins_db_close(db);
}
END_TEST

/* A state's own edit of the border posts replaces them; a bad value rejects
** the edit whole and leaves the posts as they were. */
START_TEST(test_border_posts)
{
    ins_db *db = loaded_db("ref-border");
    /* a state's own edit replaces the posts; a bad code rejects it whole */
    ins_import_stats bst;
    const char *bp = write_tmp("posts.csv", "state,post,ubigeo,office,neighbour,reaches\n"
                                            "PE,Desaguadero,210402,181,bo,AR\n");
    ck_assert_int_eq(tu_import_abs(db, &bst, bp, NULL), INS_OK);
    tu_assert_text(db, "181|BO;AR", "SELECT office || '|' || reaches FROM border_posts");
    unlink(bp);
    bp = write_tmp("posts-bad.csv", "state,post,ubigeo,office,neighbour,reaches\nPE,X,21040,,BO,BO\n");
    ck_assert_int_eq(tu_import_abs(db, &bst, bp, NULL), INS_OK);
    ck_assert_uint_eq(bst.rejected, 1);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM border_posts");
    unlink(bp);
    ins_db_close(db);
}
END_TEST

START_TEST(test_provenance_and_reload)
{
    ins_db *db = loaded_db("ref-reload");
    /* One reference_sources row per file, with its hash and row count. */
    tu_assert_int(db, 10, "SELECT COUNT(*) FROM reference_sources");
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM reference_sources r WHERE length(sha256) <> 64"
                  " OR NOT EXISTS (SELECT 1 FROM source_files f WHERE f.sha256 = r.sha256)"
                  " OR source IS NULL OR licence IS NULL OR loaded_at IS NULL");
    static const char rows[] = "SELECT rows FROM reference_sources WHERE name = ?";
    tu_assert_int(db, UBIGEO_DEPARTMENTS, rows, "ubigeo-departamento");
    tu_assert_int(db, UBIGEO_PROVINCES, rows, "ubigeo-provincia");
    tu_assert_int(db, UBIGEO_DISTRICTS, rows, "ubigeo-distrito");
    tu_assert_int(db, HS_CODES, rows, "hs2022");
    tu_assert_int(db, HS_SECTIONS, rows, "hs-sections");
    tu_assert_int(db, ILAB_PAIRS, rows, "ilab-goods");
    tu_assert_int(db, GOOD_HS_ROWS, rows, "good-hs-map");
    /* the SBS selling rate of the dollar, BCRP series PD04640PD */
    tu_assert_int(db, 1324, rows, "exchange-rates");
    /* border posts: Peru's toward Bolivia and Chile reach Argentina in transit */
    tu_assert_int(db, 13, rows, "border-posts");
    tu_assert_text(db, "Desaguadero,Kasani,Santa Rosa",
                   "SELECT group_concat(post, ',') FROM (SELECT post FROM border_posts WHERE state = 'PE'"
                   " AND (';' || reaches || ';') LIKE '%;AR;%' ORDER BY post)");
    tu_assert_text(db, "BO;AR;PY", "SELECT reaches FROM border_posts WHERE post = 'Desaguadero'");
    tu_assert_int(db, 3305, "SELECT CAST(round(rate * 1000) AS INTEGER) FROM exchange_rates"
                            " WHERE currency = 'USD' AND date = '2020-01-02'");
    tu_assert_text(db, "MIT", "SELECT licence FROM reference_sources WHERE name = 'ubigeo-distrito'");
    /* One 'reference' document per file. */
    tu_assert_int(db, 10, "SELECT COUNT(*) FROM documents WHERE kind = 'reference'");
    tu_assert_int(db, 10, "SELECT COUNT(*) FROM import_log WHERE status = 'imported'");

    /* Loading again changes nothing: every file is a duplicate. */
    char *before = tu_text(db,
                           "SELECT (SELECT COUNT(*) FROM ubigeo) || '/' || (SELECT COUNT(*) FROM hs_codes)"
                           " || '/' || (SELECT COUNT(*) FROM ilab_goods) || '/' ||"
                           " (SELECT COUNT(*) FROM good_hs_map) || '/' || (SELECT COUNT(*) FROM documents)"
                           " || '/' || (SELECT group_concat(loaded_at) FROM reference_sources)",
                           NULL);
    char *err = NULL;
    ck_assert_int_eq(ins_load_reference(db, datadir(), &err), INS_OK);
    ck_assert_ptr_null(err);
    tu_assert_int(db, 10,
                  "SELECT COUNT(*) FROM import_log WHERE status = 'duplicate'"
                  " AND import_run_id = (SELECT MAX(id) FROM import_runs)");
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM import_log WHERE status <> 'duplicate'"
                  " AND import_run_id = (SELECT MAX(id) FROM import_runs)");
    tu_assert_text(db, before,
                   "SELECT (SELECT COUNT(*) FROM ubigeo) || '/' || (SELECT COUNT(*) FROM hs_codes)"
                   " || '/' || (SELECT COUNT(*) FROM ilab_goods) || '/' ||"
                   " (SELECT COUNT(*) FROM good_hs_map) || '/' || (SELECT COUNT(*) FROM documents)"
                   " || '/' || (SELECT group_concat(loaded_at) FROM reference_sources)");
    free(before);
    ins_db_close(db);
}
END_TEST

/*
** Amounts in one currency.  A buyer's suppliers declared in PEN, USD and
** EUR: before any rate only the PEN line counts; a rates file converts the
** USD line (an undated line at the latest rate) and the shares follow; the
** EUR line stays out with a warning.  Dated lines take the rate of their
** date or the last earlier one, and none before the first rate.
*/
START_TEST(test_exchange_rates)
{
    ins_db *db = tu_db_new("ref-rates");
    ins_import_stats st;
    const char *decl = tu_tmpfile("rates-declaration.csv",
        "declarant_tax_id,tax_id,name,country,address,product_hs,annual_value,currency\n"
        "20601234565,20505310072,Castanas Uno SAC,Peru,Jr. Loreto 1,0801220000,1000,PEN\n"
        "20601234565,20100070971,Castanas Dos SAC,Peru,Jr. Loreto 2,0801220000,1000,USD\n"
        "20601234565,20512345671,Castanas Tres SAC,Peru,Jr. Loreto 3,0801220000,1000,EUR\n");
    ck_assert_int_eq(tu_import_abs(db, &st, decl, NULL), INS_OK);
    static const char edge[] =
        "SELECT CAST(round(e.amount) AS INTEGER) FROM supply_edges e JOIN firms f ON f.id = e.supplier_firm_id"
        " WHERE f.tax_id = ?";
    static const char share[] =
        "SELECT CAST(round(COALESCE(e.share, -1) * 1000) AS INTEGER) FROM supply_edges e"
        " JOIN firms f ON f.id = e.supplier_firm_id WHERE f.tax_id = ?";
    /* no rates yet: the dollar and euro lines are out of amounts and shares */
    tu_assert_int(db, 1000, edge, "20505310072");
    tu_assert_int(db, 0, edge, "20100070971");
    tu_assert_int(db, 1000, share, "20505310072");
    tu_assert_int(db, -1000, share, "20100070971");
    tu_assert_int(db, 1, "SELECT unconverted_lines FROM supply_edges e JOIN firms f ON f.id = e.supplier_firm_id"
                         " WHERE f.tax_id = '20100070971'");
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM document_warnings WHERE code = 'no_exchange_rate'");
    /* the declared amount and currency stay beside the converted one */
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM trade_lines WHERE currency = 'USD' AND amount = 1000"
                         " AND amount_pen IS NULL");

    const char *rates = tu_tmpfile("rates.csv",
        "date,currency,rate_to_pen,source\n"
        "2024-01-02,USD,3.50,test\n"
        "2024-06-03,usd,3.70,test\n");
    ck_assert_int_eq(tu_import_abs(db, &st, rates, NULL), INS_OK);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM exchange_rates");
    /* undated line: the latest rate; the shares are of PEN amounts */
    tu_assert_int(db, 3700, edge, "20100070971");
    tu_assert_int(db, 213, share, "20505310072");
    tu_assert_int(db, 787, share, "20100070971");
    tu_assert_int(db, -1000, share, "20512345671");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM document_warnings WHERE code = 'no_exchange_rate'"
                         " AND message LIKE '%EUR%'");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM document_warnings WHERE code = 'no_exchange_rate'"
                         " AND message LIKE '%USD%'");

    /* dated lines: the rate of the date, else the last earlier; none before */
    tu_exec(db, "INSERT INTO trade_lines(document_id, line_no, seller_firm_id, buyer_firm_id, date, amount,"
                " currency) SELECT document_id, 'x' || d, seller_firm_id, buyer_firm_id, d, 100, 'USD'"
                " FROM trade_lines, (SELECT '2024-01-02' AS d UNION ALL SELECT '2024-03-15'"
                " UNION ALL SELECT '2024-06-03' UNION ALL SELECT '2023-12-29')"
                " WHERE currency = 'PEN'", NULL);
    ck_assert_int_eq(insModelRebuildEdges(db), INS_OK);
    static const char line[] = "SELECT CAST(round(COALESCE(amount_pen, -1)) AS INTEGER) FROM trade_lines"
                               " WHERE line_no = ?";
    tu_assert_int(db, 350, line, "x2024-01-02");
    tu_assert_int(db, 350, line, "x2024-03-15");
    tu_assert_int(db, 370, line, "x2024-06-03");
    tu_assert_int(db, -1, line, "x2023-12-29");

    /* a malformed rate rejects the file */
    const char *bad = tu_tmpfile("rates-bad.csv", "date,currency,rate_to_pen,source\n2024-01-02,USD,-1,x\n");
    ck_assert_int_eq(tu_import_abs(db, &st, bad, NULL), INS_OK);
    ck_assert_uint_eq(st.rejected, 1);
    const char *pen = tu_tmpfile("rates-pen.csv", "date,currency,rate_to_pen,source\n2024-01-02,PEN,1,x\n");
    ck_assert_int_eq(tu_import_abs(db, &st, pen, NULL), INS_OK);
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM exchange_rates");
    ins_db_close(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reference");
    TCase *tc = tcase_create("reference");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_ubigeo);
    tcase_add_test(tc, test_hs);
    tcase_add_test(tc, test_ilab);
    tcase_add_test(tc, test_good_hs_map);
    tcase_add_test(tc, test_provenance_and_reload);
    tcase_add_test(tc, test_border_posts);
    tcase_add_test(tc, test_exchange_rates);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
