/*
** check_listings.c: the listing importers (importers/opensanctions.c and
** importers/br_cadastro.c, importers/repsal.c).
**
** Hand-made fixtures in the shapes of the published files
** (tests/fixtures/synthetic/listings, see its README): two versions of an
** OpenSanctions targets.simple.csv export (with and without program_ids),
** an out-of-order older export, and two editions of Brazil's Cadastro de
** Empregadores in ISO-8859-1, and two editions of Argentina's REPSAL.
*/
#include "testutil.h"

#include "importer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR "synthetic/listings/"
#define CBP "opensanctions:us_cbp_forced_labor"
#define UFLPA "opensanctions:us_dhs_uflpa"
#define BRS "opensanctions:br_slavery"
#define CADASTRO "br_cadastro_empregadores"

/* Listing id of an OpenSanctions entry, by list and the start of its name. */
#define LISTING_OF "SELECT id FROM listings WHERE list_name = ? AND name LIKE ? || '%'"

/* The sniff of a CSV whose first line is LINE and head HEAD (may be NULL). */
static ins_sniff sniff_of(const char *line, const char *head, size_t head_len)
{
    ins_sniff s;
    memset(&s, 0, sizeof s);
    insUStrlcpy(s.first_line, line, sizeof s.first_line);
    s.head = (const unsigned char *)(head ? head : line);
    s.head_len = head ? head_len : strlen(line);
    return s;
}

/* Reads up to CAP bytes of fixture REL into BUF; returns the length. */
static size_t read_head(const char *rel, char *buf, size_t cap)
{
    FILE *fp = fopen(tu_fixture(rel), "rb");
    ck_assert_msg(fp != NULL, "cannot open %s", rel);
    size_t n = fread(buf, 1, cap, fp);
    fclose(fp);
    return n;
}

START_TEST(test_sniff)
{
    static const char quoted[] =
        "\"id\",\"schema\",\"name\",\"aliases\",\"birth_date\",\"countries\",\"addresses\","
        "\"identifiers\",\"sanctions\",\"phones\",\"emails\",\"program_ids\",\"dataset\","
        "\"first_seen\",\"last_seen\",\"last_change\"";
    static const char legacy[] =
        "id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,"
        "emails,dataset,last_seen,first_seen";
    ins_sniff s = sniff_of(quoted, NULL, 0);
    ck_assert_int_eq(insImporterOpenSanctions.sniff(&s), 90);
    ck_assert_int_eq(insImporterBrCadastro.sniff(&s), 0);
    ck_assert_int_eq(insImporterFacilityCsv.sniff(&s), 0);
    s = sniff_of(legacy, NULL, 0);
    ck_assert_int_eq(insImporterOpenSanctions.sniff(&s), 90);
    /* not an export: other columns, or no dataset */
    s = sniff_of("id,schema,name,country,address", NULL, 0);
    ck_assert_int_eq(insImporterOpenSanctions.sniff(&s), 0);
    s = sniff_of("id,schema,name,aliases,countries", NULL, 0);
    ck_assert_int_eq(insImporterOpenSanctions.sniff(&s), 0);
    s = sniff_of("", NULL, 0);
    ck_assert_int_eq(insImporterOpenSanctions.sniff(&s), 0);
    ck_assert_int_eq(insImporterBrCadastro.sniff(&s), 0);

    /* The Cadastro: the header is below title lines, in ISO-8859-1. */
    char head[INS_SNIFF_BYTES];
    size_t n = read_head(DIR "br-cadastro-2025-04.csv", head, sizeof head);
    s = sniff_of("Cadastro de Empregadores que tenham submetido trabalhadores", head, n);
    ck_assert_int_eq(insImporterBrCadastro.sniff(&s), 90);
    ck_assert_int_eq(insImporterOpenSanctions.sniff(&s), 0);
    ck_assert_int_eq(insImporterFacilityCsv.sniff(&s), 0);
    static const char no_taxid[] = "ID;UF;Empregador;Estabelecimento\n1;PA;Fazenda;Zona rural\n";
    s = sniff_of("ID;UF;Empregador;Estabelecimento", no_taxid, strlen(no_taxid));
    ck_assert_int_eq(insImporterBrCadastro.sniff(&s), 0);
    s.is_xml = 1;
    n = read_head(DIR "br-cadastro-2025-04.csv", head, sizeof head);
    s.head = (const unsigned char *)head;
    s.head_len = n;
    ck_assert_int_eq(insImporterBrCadastro.sniff(&s), 0);
}
END_TEST

/* Checks the state after os-targets-v1.csv (and again after the duplicate). */
static void check_os_v1(ins_db *db)
{
    /* three lists, one version each; the row without name is skipped */
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM listing_versions");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM documents WHERE kind = 'listing'");
    tu_assert_text(db, "2025-05-02", "SELECT issue_date FROM documents WHERE kind = 'listing'");
    tu_assert_text(db, "targets.simple", "SELECT generation FROM documents WHERE kind = 'listing'");
    tu_assert_int(db, 4, "SELECT entries FROM listing_versions WHERE list_name = ?", CBP);
    tu_assert_int(db, 4, "SELECT added FROM listing_versions WHERE list_name = ?", CBP);
    tu_assert_int(db, 2, "SELECT entries FROM listing_versions WHERE list_name = ?", UFLPA);
    tu_assert_int(db, 1, "SELECT entries FROM listing_versions WHERE list_name = ?", BRS);
    tu_assert_int(db, 0, "SELECT SUM(delisted) FROM listing_versions");
    tu_assert_int(db, 7, "SELECT COUNT(*) FROM listings");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM document_warnings WHERE code = 'no_name' AND message LIKE"
                  " 'row 8: %'");

    /* the company of us_cbp_forced_labor: aliases, identifiers, multi-line address */
    char *pesq = tu_text(db, LISTING_OF, CBP, "Pesquera Andina", NULL);
    ck_assert_ptr_nonnull(pesq);
    tu_assert_text(db, "company", "SELECT entity_kind FROM listings WHERE id = ?", pesq);
    tu_assert_text(db, "pesquera andina del sur sac", "SELECT norm_name FROM listings WHERE id = ?",
                   pesq);
    tu_assert_text(db, "CN;PE", "SELECT countries FROM listings WHERE id = ?", pesq);
    tu_assert_text(db, "us_cbp_forced_labor", "SELECT dataset FROM listings WHERE id = ?", pesq);
    tu_assert_text(db, "Av. Industrial 123\nPaita, Piura",
                   "SELECT addresses FROM listings WHERE id = ?", pesq);
    tu_assert_text(db, "2024-03-15", "SELECT listed_from FROM listings WHERE id = ?", pesq);
    tu_assert_text(db, NULL, "SELECT listed_until FROM listings WHERE id = ?", pesq);
    tu_assert_text(db, "2024-03-15", "SELECT reason FROM listings WHERE id = ?", pesq);
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM listing_names WHERE listing_id = ?", pesq);
    /* an alias holding ';' is one alias (quoted inside the field) */
    tu_assert_text(db, "alias", "SELECT kind FROM listing_names WHERE listing_id = ? AND name = ?",
                   pesq, "Andina del Sur; Pesquera");
    tu_assert_text(db, "pesquera ads",
                   "SELECT norm_name FROM listing_names WHERE listing_id = ? AND name = 'Pesquera ADS'",
                   pesq);
    tu_assert_text(db, "primary",
                   "SELECT kind FROM listing_names WHERE listing_id = ? AND norm_name = ?", pesq,
                   "pesquera andina del sur sac");
    tu_assert_text(db, "PE-RUC",
                   "SELECT scheme FROM listing_ids WHERE listing_id = ? AND norm_value = '20481234566'",
                   pesq);
    tu_assert_text(db, "OTHER",
                   "SELECT scheme FROM listing_ids WHERE listing_id = ? AND value = '91350200MA31XY7K2Q'",
                   pesq);
    /* phones and the dates of OpenSanctions are kept as attributes */
    tu_assert_text(db, "+51 73 555 0101",
                   "SELECT value FROM record_attributes WHERE entity = 'listing' AND entity_id = ?"
                   " AND name = 'phones'",
                   pesq);
    tu_assert_text(db, "2025-05-02T06:01:11",
                   "SELECT value FROM record_attributes WHERE entity = 'listing' AND entity_id = ?"
                   " AND name = 'last_seen'",
                   pesq);
    free(pesq);

    /* an entity in two datasets is an entry of both lists */
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM listings WHERE name LIKE 'Tianshan Polysilicon%'");
    char *tian = tu_text(db, LISTING_OF, UFLPA, "Tianshan", NULL);
    ck_assert_ptr_nonnull(tian);
    tu_assert_text(db, "US-UFLPA", "SELECT program FROM listings WHERE id = ?", tian);
    tu_assert_text(db, "us_dhs_uflpa", "SELECT dataset FROM listings WHERE id = ?", tian);
    /* a doubled quote inside a quoted alias */
    tu_assert_text(db, "Tianshan \"TPE\" Silicon",
                   "SELECT name FROM listing_names WHERE listing_id = ? AND kind = 'alias'", tian);
    /* periods from the dates the sanction texts end with */
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM listing_periods WHERE listing_id = ?", tian);
    tu_assert_text(db, "2021-06-24", "SELECT listed_from FROM listings WHERE id = ?", tian);
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM listing_periods WHERE listing_id = ? AND start_date = "
                  "'2023-06-12' AND end_date IS NULL",
                  tian);
    free(tian);
    tu_assert_text(db, "organization", "SELECT entity_kind FROM listings WHERE list_name = ? AND name = ?",
                   UFLPA, "Kashgar Example Textile Co., Ltd.");

    /* a person (br_slavery): CPF, birth date, a closed and an open period */
    char *person = tu_text(db, LISTING_OF, BRS, "Joaquim", NULL);
    ck_assert_ptr_nonnull(person);
    tu_assert_text(db, "person", "SELECT entity_kind FROM listings WHERE id = ?", person);
    tu_assert_text(db, "1968-07-14", "SELECT birth_date FROM listings WHERE id = ?", person);
    tu_assert_text(db, "BR-CPF", "SELECT scheme FROM listing_ids WHERE listing_id = ?", person);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM listing_periods WHERE listing_id = ?", person);
    tu_assert_text(db, "2025-04-05",
                   "SELECT end_date FROM listing_periods WHERE listing_id = ? AND start_date = "
                   "'2023-04-05'",
                   person);
    tu_assert_text(db, "2023-04-05", "SELECT listed_from FROM listings WHERE id = ?", person);
    tu_assert_text(db, NULL, "SELECT listed_until FROM listings WHERE id = ?", person);
    free(person);

    /* kinds, and identifier schemes inferred from shape and country */
    tu_assert_text(db, "vessel", "SELECT entity_kind FROM listings WHERE name = 'Example Star No. 7'");
    char *yerba = tu_text(db, LISTING_OF, CBP, "Yerbatera", NULL);
    ck_assert_ptr_nonnull(yerba);
    tu_assert_text(db, "organization", "SELECT entity_kind FROM listings WHERE id = ?", yerba);
    tu_assert_text(db, "AR-CUIT",
                   "SELECT scheme FROM listing_ids WHERE listing_id = ? AND norm_value = '30712345671'",
                   yerba);
    tu_assert_text(db, "30-71234567-1",
                   "SELECT value FROM listing_ids WHERE listing_id = ? AND norm_value = '30712345671'",
                   yerba);
    /* 8 digits of a non-Peruvian entity are not a DNI */
    tu_assert_text(db, "OTHER",
                   "SELECT scheme FROM listing_ids WHERE listing_id = ? AND norm_value = '12345678'",
                   yerba);
    /* no sanction dates: the period starts at first_seen and stays open */
    tu_assert_text(db, "2024-11-05", "SELECT listed_from FROM listings WHERE id = ?", yerba);
    tu_assert_text(db, NULL, "SELECT listed_until FROM listings WHERE id = ?", yerba);
    free(yerba);
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM listings WHERE delisted_at IS NOT NULL");
}

START_TEST(test_opensanctions_versions)
{
    ins_db *db = tu_db_new("listings-os");
    ins_import_stats st;
    tu_import(db, &st, DIR "os-targets-v1.csv", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 0);
    tu_assert_text(db, "opensanctions", "SELECT kind FROM source_files");
    check_os_v1(db);

    /* Version 2 (older header without program_ids, with a BOM): the vessel
     * is gone from the CBP list, a Peruvian miner is new. */
    tu_import(db, &st, DIR "os-targets-v2-legacy.csv", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 0);
    tu_assert_int(db, 6, "SELECT COUNT(*) FROM listing_versions");
    tu_assert_text(db, "targets.simple-legacy",
                   "SELECT generation FROM documents WHERE kind = 'listing' ORDER BY id DESC LIMIT 1");
    static const char latest[] =
        "SELECT %s FROM listing_versions WHERE list_name = ? ORDER BY id DESC LIMIT 1";
    char q[160];
    snprintf(q, sizeof q, latest, "entries || '/' || added || '/' || delisted");
    tu_assert_text(db, "4/1/1", q, CBP);
    tu_assert_text(db, "2/0/0", q, UFLPA);
    tu_assert_text(db, "1/0/0", q, BRS);

    /* the delisted vessel is kept, with the date of the version that dropped it */
    char *vessel = tu_text(db, "SELECT id FROM listings WHERE name = 'Example Star No. 7'", NULL);
    ck_assert_ptr_nonnull(vessel);
    tu_assert_text(db, "2025-06-10", "SELECT delisted_at FROM listings WHERE id = ?", vessel);
    tu_assert_int(db, 1,
                  "SELECT l.delisted_version_id = v.id FROM listings l, listing_versions v"
                  " WHERE l.id = ? AND v.list_name = l.list_name ORDER BY v.id DESC LIMIT 1",
                  vessel);
    /* its listing ends when it was last seen, and so does its open period */
    tu_assert_text(db, "2025-05-02", "SELECT listed_until FROM listings WHERE id = ?", vessel);
    tu_assert_text(db, "2025-05-02", "SELECT end_date FROM listing_periods WHERE listing_id = ?",
                   vessel);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM listing_names WHERE listing_id = ?", vessel);
    free(vessel);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM listings WHERE delisted_at IS NOT NULL");

    /* the new entry: RUC and, for a Peruvian entity, a DNI */
    char *minera = tu_text(db, LISTING_OF, CBP, "Minera Aur", NULL);
    ck_assert_ptr_nonnull(minera);
    tu_assert_text(db, "Minera Aurífera Ejemplo E.I.R.L.", "SELECT name FROM listings WHERE id = ?",
                   minera);
    tu_assert_text(db, "minera aurifera ejemplo eirl", "SELECT norm_name FROM listings WHERE id = ?",
                   minera);
    tu_assert_text(db, "PE-RUC",
                   "SELECT scheme FROM listing_ids WHERE listing_id = ? AND norm_value = '20609876540'",
                   minera);
    tu_assert_text(db, "PE-DNI",
                   "SELECT scheme FROM listing_ids WHERE listing_id = ? AND norm_value = '41234567'",
                   minera);
    tu_assert_int(db, 1,
                  "SELECT first_version_id = last_version_id FROM listings WHERE id = ?", minera);
    free(minera);

    /* entries present in both versions are refreshed, not duplicated */
    tu_assert_int(db, 8, "SELECT COUNT(*) FROM listings");
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM listing_names WHERE listing_id = (" LISTING_OF ")",
                  CBP, "Pesquera Andina");
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM listing_ids WHERE listing_id = (" LISTING_OF ")", CBP,
                  "Pesquera Andina");
    tu_assert_int(db, 1,
                  "SELECT first_version_id < last_version_id FROM listings WHERE id = (" LISTING_OF ")",
                  CBP, "Pesquera Andina");
    /* no program_ids column: the program is gone */
    tu_assert_text(db, NULL, "SELECT program FROM listings WHERE id = (" LISTING_OF ")", UFLPA,
                   "Kashgar");
    /* the person's last_change moved on; still one entry, two periods */
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM listing_periods WHERE listing_id = (" LISTING_OF ")",
                  BRS, "Joaquim");

    /* The same file again is a duplicate: nothing changes. */
    tu_import(db, &st, DIR "os-targets-v1.csv", NULL);
    ck_assert_uint_eq(st.duplicate, 1);
    ck_assert_uint_eq(st.imported, 0);
    tu_assert_int(db, 6, "SELECT COUNT(*) FROM listing_versions");
    tu_assert_int(db, 8, "SELECT COUNT(*) FROM listings");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM listings WHERE delisted_at IS NOT NULL");
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM listings WHERE last_version_id <> (SELECT MAX(id) FROM"
                  " listing_versions v WHERE v.list_name = listings.list_name) AND delisted_at IS NULL");

    /* An export older than the version imported is refused whole. */
    tu_import(db, &st, DIR "os-targets-older.csv", NULL);
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM import_log WHERE status = 'rejected' AND reason LIKE"
                  " '%older than the one already imported (2025-06-10)%'");
    tu_assert_int(db, 6, "SELECT COUNT(*) FROM listing_versions");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM listings WHERE delisted_at IS NOT NULL");
    ins_db_close(db);
}
END_TEST

/*
** The ministry's tab-separated text export of the same edition, with the
** title lines before the header: recognised, read with the tab, and the
** same list as the ';' file (it was refused as matching no importer).
*/
START_TEST(test_cadastro_tab_separated)
{
    char head[INS_SNIFF_BYTES];
    size_t n = read_head(DIR "br-cadastro-2025-04-tab.txt", head, sizeof head);
    ins_sniff s = sniff_of("Cadastro de Empregadores que tenham submetido trabalhadores", head, n);
    ck_assert_int_eq(insImporterBrCadastro.sniff(&s), 90);
    ck_assert_int_eq(insImporterFacilityCsv.sniff(&s), 0);

    static const char *const files[] = {DIR "br-cadastro-2025-04.csv", DIR "br-cadastro-2025-04-tab.txt"};
    char *dump[2];
    for (int k = 0; k < 2; k++) {
        ins_db *db = tu_db_new(k ? "listings-br-tab" : "listings-br-semi");
        ins_import_stats st;
        tu_import(db, &st, files[k], NULL);
        ck_assert_uint_eq(st.imported, 1);
        ck_assert_uint_eq(st.rejected, 0);
        tu_assert_text(db, "2025-04-07", "SELECT issue_date FROM documents WHERE kind = 'listing'");
        dump[k] = tu_text(db,
                          "SELECT group_concat(x, ' | ') FROM (SELECT l.entry_key || ';' || l.name || ';' ||"
                          " COALESCE(l.reason, '') || ';' || COALESCE(l.listed_from, '') || ';' ||"
                          " COALESCE(l.listed_until, '') AS x FROM listings l ORDER BY l.entry_key, l.id)",
                          (const char *)NULL);
        ins_db_close(db);
    }
    ck_assert_ptr_nonnull(dump[0]);
    ck_assert_ptr_nonnull(dump[1]);
    ck_assert_str_eq(dump[0], dump[1]);
    ck_assert_ptr_nonnull(strstr(dump[1], "Fazenda S\xc3\xa3o Jo\xc3\xa3o Agropecu\xc3\xa1ria Ltda"));
    free(dump[0]);
    free(dump[1]);
}
END_TEST

START_TEST(test_cadastro_editions)
{
    ins_db *db = tu_db_new("listings-br");
    ins_import_stats st;
    tu_import(db, &st, DIR "br-cadastro-2025-04.csv", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 0);
    tu_assert_text(db, "br-cadastro", "SELECT kind FROM source_files");
    /* dated by the "Atualização" line above the header */
    tu_assert_text(db, "2025-04-07", "SELECT issue_date FROM documents WHERE kind = 'listing'");
    tu_assert_text(db, "4/4/0",
                   "SELECT entries || '/' || added || '/' || delisted FROM listing_versions"
                   " WHERE list_name = ?",
                   CADASTRO);
    tu_assert_int(db, 4, "SELECT COUNT(*) FROM listings WHERE list_name = ?", CADASTRO);
    tu_assert_int(db, 4, "SELECT COUNT(*) FROM listings WHERE dataset = 'br_slavery' AND countries = 'BR'");

    /* ISO-8859-1 read as UTF-8; names normalised */
    static const char fazenda_key[] = "BR-CNPJ:45612378000184";
    tu_assert_text(db, "Fazenda São João Agropecuária Ltda",
                   "SELECT name FROM listings WHERE entry_key = ?", fazenda_key);
    tu_assert_text(db, "fazenda sao joao agropecuaria ltda",
                   "SELECT norm_name FROM listings WHERE entry_key = ?", fazenda_key);
    tu_assert_text(db, "company", "SELECT entity_kind FROM listings WHERE entry_key = ?", fazenda_key);
    tu_assert_text(db, "BR-CNPJ",
                   "SELECT i.scheme FROM listing_ids i JOIN listings l ON l.id = i.listing_id"
                   " WHERE l.entry_key = ? AND i.norm_value = '45612378000184'",
                   fazenda_key);
    tu_assert_text(db, "45.612.378/0001-84",
                   "SELECT i.value FROM listing_ids i JOIN listings l ON l.id = i.listing_id"
                   " WHERE l.entry_key = ?",
                   fazenda_key);
    /* its second row (same CNPJ, name in capitals) merges into the entry */
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM listing_names n JOIN listings l ON l.id = n.listing_id"
                  " WHERE l.entry_key = ?",
                  fazenda_key);
    tu_assert_text(db,
                   "Trabalho análogo ao de escravo; 12 trabalhadores; CNAE 0151-2/01; ação fiscal "
                   "2022; PA | Trabalho análogo ao de escravo; 4 trabalhadores; CNAE 0151-2/01; "
                   "ação fiscal 2022; PA",
                   "SELECT reason FROM listings WHERE entry_key = ?", fazenda_key);
    tu_assert_text(db,
                   "Fazenda São João, zona rural, Marabá/PA; Fazenda São João II, zona rural, "
                   "Marabá/PA",
                   "SELECT addresses FROM listings WHERE entry_key = ?", fazenda_key);
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM listing_periods p JOIN listings l ON l.id = p.listing_id"
                  " WHERE l.entry_key = ?",
                  fazenda_key);
    /* the columns the model has no place for are kept */
    tu_assert_text(db, "15/03/2023",
                   "SELECT a.value FROM record_attributes a JOIN listings l ON l.id = a.entity_id"
                   " WHERE a.entity = 'listing' AND l.entry_key = ? AND a.name = ? AND a.record_no = 5",
                   fazenda_key, "Decisão administrativa de procedência");

    /* a person (CPF) with two inclusion periods */
    static const char jose_key[] = "BR-CPF:98765432100";
    tu_assert_text(db, "person", "SELECT entity_kind FROM listings WHERE entry_key = ?", jose_key);
    tu_assert_text(db, "JOSÉ ANTÔNIO DA CONCEIÇÃO", "SELECT name FROM listings WHERE entry_key = ?",
                   jose_key);
    tu_assert_text(db, "jose antonio da conceicao",
                   "SELECT norm_name FROM listings WHERE entry_key = ?", jose_key);
    tu_assert_int(db, 2,
                  "SELECT COUNT(*) FROM listing_periods p JOIN listings l ON l.id = p.listing_id"
                  " WHERE l.entry_key = ?",
                  jose_key);
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM listing_periods p JOIN listings l ON l.id = p.listing_id"
                  " WHERE l.entry_key = ? AND p.start_date = '2022-10-05' AND p.end_date = '2023-01-13'",
                  jose_key);
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM listing_periods p JOIN listings l ON l.id = p.listing_id"
                  " WHERE l.entry_key = ? AND p.start_date = '2025-04-07' AND p.end_date IS NULL",
                  jose_key);
    /* earliest start; no end while a period is open (none is invented) */
    tu_assert_text(db, "2022-10-05", "SELECT listed_from FROM listings WHERE entry_key = ?", jose_key);
    tu_assert_text(db, NULL, "SELECT listed_until FROM listings WHERE entry_key = ?", jose_key);
    /* only closed periods: the latest end */
    tu_assert_text(db, "2024-04-05", "SELECT listed_until FROM listings WHERE entry_key = ?",
                   "BR-CNPJ:36925814000184");
    tu_assert_text(db, "agropecuaria vale verde s a",
                   "SELECT norm_name FROM listings WHERE entry_key = ?", "BR-CNPJ:36925814000184");

    /* the row without employer and the notes under the data are warned about */
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM document_warnings WHERE code = 'no_name' AND message LIKE"
                  " 'row 8: entry ''4''%'");
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM document_warnings WHERE code = 'not_entry'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM document_warnings WHERE code = 'not_entry' AND message LIKE"
                  " 'row 12: 1 field(s) where entries have % not an entry; skipped'");
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM document_warnings WHERE code = 'not_entry' AND message LIKE"
                  " 'row 13: not an entry (no employer name%'");
    /* no warning quotes the row it is about */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM document_warnings WHERE message LIKE '%Fonte%'"
                         " OR message LIKE '%Nota%'");
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM document_warnings");

    /* The next edition: two employers are gone, one is new. */
    tu_import(db, &st, DIR "br-cadastro-2025-10.csv", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 0);
    tu_assert_text(db, "3/1/2",
                   "SELECT entries || '/' || added || '/' || delisted FROM listing_versions"
                   " WHERE list_name = ? ORDER BY id DESC LIMIT 1",
                   CADASTRO);
    tu_assert_int(db, 5, "SELECT COUNT(*) FROM listings");
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM listings WHERE delisted_at = '2025-10-06'");
    /* an open period closes at the date of the last edition that held it */
    static const char carv_key[] = "BR-CNPJ:74185296000107";
    tu_assert_text(db, "2025-04-07", "SELECT listed_until FROM listings WHERE entry_key = ?", carv_key);
    tu_assert_text(db, "2025-04-07",
                   "SELECT p.end_date FROM listing_periods p JOIN listings l ON l.id = p.listing_id"
                   " WHERE l.entry_key = ?",
                   carv_key);
    /* a closed listing keeps its own end */
    tu_assert_text(db, "2024-04-05", "SELECT listed_until FROM listings WHERE entry_key = ?",
                   "BR-CNPJ:36925814000184");
    /* the row IDs changed between editions; the entries did not */
    tu_assert_int(db, 2,
                  "SELECT COUNT(*) FROM listing_periods p JOIN listings l ON l.id = p.listing_id"
                  " WHERE l.entry_key = ?",
                  jose_key);
    tu_assert_text(db, NULL, "SELECT delisted_at FROM listings WHERE entry_key = ?", jose_key);
    /* a bad CPF check digit is a warning; the employer is kept */
    tu_assert_text(db, "person", "SELECT entity_kind FROM listings WHERE entry_key = ?",
                   "BR-CPF:12345678900");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM document_warnings WHERE code = 'bad_check_digit'");
    /* which describes the CPF and does not quote it */
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM document_warnings WHERE message LIKE '%12345678900%'");

    /* again: a duplicate */
    tu_import(db, &st, DIR "br-cadastro-2025-10.csv", NULL);
    ck_assert_uint_eq(st.duplicate, 1);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM listing_versions");

    /* An undated edition (UTF-8, BOM, header on the first line) is a
     * version of today: no order check, the three employers it lacks are
     * delisted today, their open periods closed at the last dated edition. */
    tu_import(db, &st, DIR "br-cadastro-undated-utf8.csv", NULL);
    ck_assert_uint_eq(st.imported, 1);
    ck_assert_uint_eq(st.rejected, 0);
    tu_assert_text(db, NULL,
                   "SELECT issue_date FROM documents WHERE kind = 'listing' ORDER BY id DESC LIMIT 1");
    tu_assert_text(db, "1/1/3",
                   "SELECT entries || '/' || added || '/' || delisted FROM listing_versions"
                   " WHERE list_name = ? ORDER BY id DESC LIMIT 1",
                   CADASTRO);
    tu_assert_int(db, 3, "SELECT COUNT(*) FROM listings WHERE delisted_at = date('now')");
    tu_assert_text(db, "2025-10-06", "SELECT listed_until FROM listings WHERE entry_key = ?", jose_key);
    tu_assert_int(db, 0,
                  "SELECT COUNT(*) FROM listing_periods p JOIN listings l ON l.id = p.listing_id"
                  " WHERE l.delisted_at IS NOT NULL AND p.end_date IS NULL");
    tu_assert_text(db, "Oficina de Costura Exemplo Ltda",
                   "SELECT name FROM listings WHERE entry_key = 'BR-CNPJ:12345678000195'");
    tu_assert_text(db, "Trabalho análogo ao de escravo; 6 trabalhadores; CNAE 1412-6/01; ação fiscal "
                   "2024; SP",
                   "SELECT reason FROM listings WHERE entry_key = 'BR-CNPJ:12345678000195'");
    ins_db_close(db);
}
END_TEST

START_TEST(test_wrong_format_forced)
{
    ins_db *db = tu_db_new("listings-forced");
    ins_import_stats st;
    /* The Cadastro read as an OpenSanctions export, and the reverse. */
    tu_import_abs(db, &st, tu_fixture(DIR "br-cadastro-2025-04.csv"), "opensanctions");
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM import_log WHERE kind = 'opensanctions' AND reason LIKE"
                  " '%header lacks id, name or dataset%'");
    tu_import_abs(db, &st, tu_fixture(DIR "os-targets-v1.csv"), "br-cadastro");
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_int(db, 1,
                  "SELECT COUNT(*) FROM import_log WHERE kind = 'br-cadastro' AND reason LIKE"
                  " '%no header row naming%'");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM listings");
    tu_assert_int(db, 0, "SELECT COUNT(*) FROM listing_versions");
    ins_db_close(db);
}
END_TEST

/*
** Argentina's REPSAL in the documented CSV (FORMATS.md: unverified): one
** entry per CUIT with every sanction's reason, the gravest infraction as
** dataset, persons told from companies by the CUIT's prefix, periods from
** entry to exit, and each defect a warning naming the row; the Latin-1,
** ';' edition after it is a new version that delists what it lacks.
*/
START_TEST(test_repsal)
{
    char head[INS_SNIFF_BYTES];
    size_t n = read_head(DIR "ar-repsal-2026-11.csv", head, sizeof head);
    ins_sniff s = sniff_of("CUIT,Raz\xc3\xb3n social", head, n);
    ck_assert_int_eq(insImporterRepsal.sniff(&s), 90);
    ck_assert_int_eq(insImporterBrCadastro.sniff(&s), 0);
    ck_assert_int_eq(insImporterOpenSanctions.sniff(&s), 0);
    ck_assert_int_lt(insImporterFacilityCsv.sniff(&s), 90);

    ins_db *db = tu_db_new("listings-repsal");
    ins_import_stats st;
    tu_import(db, &st, DIR "ar-repsal-2026-11.csv", NULL);
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_text(db, "repsal", "SELECT kind FROM import_log");
    tu_assert_int(db, 6, "SELECT COUNT(*) FROM listings WHERE list_name = 'ar_repsal'");
    /* two rows, one employer: both reasons, the graver dataset; "S.R.L."
       and "SRL" are one name */
    tu_assert_text(db, "company|ar_repsal_trata|2025-05-02|",
                   "SELECT entity_kind || '|' || dataset || '|' || listed_from || '|' || COALESCE(listed_until, '')"
                   " FROM listings WHERE entry_key = 'AR-CUIT:30712345671'");
    tu_assert_int(db, 1, "SELECT instr(reason, 'Trabajo no registrado') > 0 AND instr(reason, 'Trata de personas') > 0"
                         " FROM listings WHERE entry_key = 'AR-CUIT:30712345671'");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM listing_names n JOIN listings l ON l.id = n.listing_id"
                         " WHERE l.entry_key = 'AR-CUIT:30712345671'");
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM listing_periods p JOIN listings l ON l.id = p.listing_id"
                         " WHERE l.entry_key = 'AR-CUIT:30712345671'");
    /* a person by the prefix 27, child labour, the CUIT kept as an identifier */
    tu_assert_text(db, "person|ar_repsal_trabajo_infantil|AR-CUIT:27234567891",
                   "SELECT l.entity_kind || '|' || l.dataset || '|' || i.scheme || ':' || i.norm_value"
                   " FROM listings l JOIN listing_ids i ON i.listing_id = l.id WHERE l.name LIKE 'RAMIREZ%'");
    /* a closed period, an ISO date, a company prefix 33 */
    tu_assert_text(db, "2024-12-01|2025-06-01",
                   "SELECT listed_from || '|' || listed_until FROM listings WHERE entry_key = 'AR-CUIT:30709876542'");
    tu_assert_text(db, "company|2025-08-30",
                   "SELECT entity_kind || '|' || listed_from FROM listings WHERE entry_key = 'AR-CUIT:33690123458'");
    /* what has no column is kept: province, body, activity, date of sanction */
    tu_assert_int(db, 1, "SELECT COUNT(*) > 0 FROM record_attributes WHERE name = 'Organismo sancionador'");
    /* each defect a warning with its row: check digit, no CUIT, no name */
    tu_assert_text(db, "bad_check_digit:7,no_id:8,no_name:9",
                   "SELECT group_concat(code || ':' || substr(message, 5, 1), ',') FROM"
                   " (SELECT code, message FROM document_warnings ORDER BY code)");
    tu_assert_text(db, "NAME:indumentaria sin cuit",
                   "SELECT entry_key FROM listings WHERE name = 'INDUMENTARIA SIN CUIT'");

    /* the next edition: Latin-1 and ';', a new version; the rest delisted */
    tu_import(db, &st, DIR "ar-repsal-latin1-semicolon.csv", NULL);
    ck_assert_uint_eq(st.imported, 1);
    tu_assert_int(db, 2, "SELECT COUNT(*) FROM listing_versions WHERE list_name = 'ar_repsal'");
    tu_assert_int(db, 6, "SELECT COUNT(*) FROM listings WHERE delisted_version_id IS NOT NULL");
    tu_assert_text(db, "ar_repsal_trata|CURTIEMBRE SAN MART\xc3\x8dN S.A.",
                   "SELECT dataset || '|' || name FROM listings WHERE entry_key = 'AR-CUIT:30505050505'");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM document_warnings WHERE code = 'period_order'");
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM record_attributes WHERE name = 'Observaciones'");

    /* a file without the infraction column is refused, saying which */
    const char *bad = tu_tmpfile("repsal-noinfr.csv", "CUIT,Raz\xc3\xb3n social,Tipo\n30-71234567-1,X S.A.,y\n");
    tu_import_abs(db, &st, bad, "repsal");
    ck_assert_uint_eq(st.rejected, 1);
    tu_assert_int(db, 1, "SELECT COUNT(*) FROM import_log WHERE reason LIKE '%no column ''Tipo de infracci%'");
    ins_db_close(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("listings");
    TCase *tc = tcase_create("importers");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_opensanctions_versions);
    tcase_add_test(tc, test_cadastro_editions);
    tcase_add_test(tc, test_cadastro_tab_separated);
    tcase_add_test(tc, test_wrong_format_forced);
    tcase_add_test(tc, test_repsal);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
