/*
** privacy.c: which tables and columns hold or can re-identify a natural
** person, in one table, and the test the SQL hatch applies with it.
**
** Every table and view of the schema (src/schema.c) has a row here with
** no column: PERSON when the whole table is personal, CLEAR when it is
** not.  A CLEAR table may add rows naming the columns of it that are
** personal.  The read-only SQL hatch (query.c) refuses to read a PERSON
** table or column (insPrivacyDenied); everything else stays readable.  A
** new table is classified here in the same commit as its migration:
** tests/check_privacy.c fails for a table of the schema without its row,
** and for a column whose name looks personal (dni, doc_number, person_,
** worker_, driver_, licence, birth...) in a CLEAR table without a row of
** its own saying which it is.
**
** A firm's identity stays readable even when the firm is one person (a
** RUC 10): it is how the tax administration names a business.  What the
** column-level test cannot do is tell rows apart: a table that mixes
** firms and persons (firms keyed by a DNI, listings of entity_kind
** person) is marked MIXED in its note; see docs/SECURITY.md.
*/
#include "ins_internal.h"

#include <string.h>

/* Whole tables, then columns, of the schema.  Keep in schema order. */
const ins_privacy_entry insPrivacyEntries[] = {
    /* provenance */
    {"import_runs", NULL, INS_PRIV_CLEAR, "command lines of import runs"},
    {"source_files", NULL, INS_PRIV_CLEAR, "hashes and paths of imported files"},
    {"import_log", NULL, INS_PRIV_CLEAR, "reasons never quote field values (import.c)"},
    {"documents", NULL, INS_PRIV_CLEAR, "document headers"},
    {"document_warnings", NULL, INS_PRIV_CLEAR, "warnings never quote personal identifiers"},
    /* identities */
    {"firms", NULL, INS_PRIV_CLEAR, "firm identities; MIXED: buyers known by a DNI, CE or passport"},
    {"firm_names", NULL, INS_PRIV_CLEAR, "names of firms; MIXED as firms"},
    {"establishments", NULL, INS_PRIV_CLEAR, "places of firms"},
    {"establishment_sources", NULL, INS_PRIV_CLEAR, "ids only"},
    {"persons", NULL, INS_PRIV_PERSON, "drivers and other natural persons: names, DNI, CE, passport"},
    {"record_attributes", NULL, INS_PRIV_CLEAR,
     "values without a column; MIXED: phones and e-mails of listed entries"},
    /* trade and transport */
    {"trade_lines", NULL, INS_PRIV_CLEAR, "lines of trade documents"},
    {"supply_edges", NULL, INS_PRIV_CLEAR, "derived from trade lines"},
    {"transport_legs", NULL, INS_PRIV_CLEAR, "legs of guias"},
    {"leg_vehicles", NULL, INS_PRIV_CLEAR, "plates"},
    {"leg_drivers", NULL, INS_PRIV_PERSON, "a driver's person and licence number"},
    {"leg_documents", NULL, INS_PRIV_CLEAR, "documents a guia cites"},
    {"document_refs", NULL, INS_PRIV_CLEAR, "documents a document cites"},
    /* reference data */
    {"reference_sources", NULL, INS_PRIV_CLEAR, "reference files loaded"},
    {"reference_sources", "licence", INS_PRIV_CLEAR, "the data's licence, not a driving licence"},
    {"ubigeo", NULL, INS_PRIV_CLEAR, "districts"},
    {"hs_codes", NULL, INS_PRIV_CLEAR, "HS 2022"},
    {"hs_sections", NULL, INS_PRIV_CLEAR, "HS sections"},
    {"ilab_goods", NULL, INS_PRIV_CLEAR, "ILAB list"},
    {"good_hs_map", NULL, INS_PRIV_CLEAR, "ILAB goods to HS"},
    /* scoring */
    {"runs", NULL, INS_PRIV_CLEAR, "scoring runs"},
    {"run_rules", NULL, INS_PRIV_CLEAR, "rules of a run"},
    {"hits", NULL, INS_PRIV_CLEAR, "hits on firms, establishments, legs, vehicles, declarations"},
    {"hit_documents", NULL, INS_PRIV_CLEAR, "ids only"},
    {"run_errors", NULL, INS_PRIV_CLEAR, "rule errors"},
    {"scores", NULL, INS_PRIV_CLEAR, "scores of subjects"},
    {"score_hits", NULL, INS_PRIV_CLEAR, "ids only"},
    {"chain_links", NULL, INS_PRIV_CLEAR, "ids only"},
    {"worklists", NULL, INS_PRIV_CLEAR, "issued worklists"},
    {"worklist_rows", NULL, INS_PRIV_CLEAR, "rows of worklists (firm subjects)"},
    /* customs and listings */
    {"declarations", NULL, INS_PRIV_CLEAR, "customs declarations"},
    {"declaration_parties", NULL, INS_PRIV_CLEAR, "traders of declarations (firm identities)"},
    {"declaration_items", NULL, INS_PRIV_CLEAR, "goods items"},
    {"listing_versions", NULL, INS_PRIV_CLEAR, "versions of public lists"},
    {"listings", NULL, INS_PRIV_CLEAR, "entries of public lists; MIXED: entries of entity_kind person"},
    {"listings", "birth_date", INS_PRIV_PERSON, "only persons have one"},
    {"listing_names", NULL, INS_PRIV_CLEAR, "names of list entries; MIXED as listings"},
    {"listing_ids", NULL, INS_PRIV_CLEAR, "identifiers of list entries; MIXED as listings"},
    {"listing_periods", NULL, INS_PRIV_CLEAR, "listing periods"},
    {"listing_links", NULL, INS_PRIV_CLEAR, "ids only; persons' ids lead only to persons"},
    {"match_decisions", NULL, INS_PRIV_CLEAR, "screening decisions"},
    {"match_decisions", "query_key", INS_PRIV_PERSON, "the screened name and identifiers"},
    {"match_decisions", "decided_by", INS_PRIV_PERSON, "the analyst who decided"},
    /* payroll, minimum wages, inspections */
    {"db_secrets", NULL, INS_PRIV_PERSON, "the key of worker pseudonyms: with it a DNI is found by brute force"},
    {"min_wages", NULL, INS_PRIV_CLEAR, "dated minimum wage"},
    {"payroll_workers", NULL, INS_PRIV_PERSON, "one worker's hours and pay under a keyed hash of the DNI"},
    {"payroll_concepts", NULL, INS_PRIV_PERSON, "one worker's pay concepts under the same hash"},
    {"payroll_months", NULL, INS_PRIV_CLEAR, "aggregates per firm and month"},
    {"payroll_months", "workers_over_48h", INS_PRIV_CLEAR, "a count"},
    {"payroll_months", "workers_below_min_wage", INS_PRIV_CLEAR, "a count"},
    {"inspections", NULL, INS_PRIV_CLEAR, "the case register (firms)"},
    /* audit */
    {"identity_reads", NULL, INS_PRIV_PERSON,
     "who read identities in clear and why (logins of analysts); inspector audit lists it"},
    /* views */
    {"declaration_documents", NULL, INS_PRIV_CLEAR, "view over declarations and documents"},
    /* SQLite's own tables that can hold row values */
    {"sqlite_stat3", NULL, INS_PRIV_PERSON, "samples of index keys"},
    {"sqlite_stat4", NULL, INS_PRIV_PERSON, "samples of index keys"},
    {"sqlite_dbpage", NULL, INS_PRIV_PERSON, "raw pages of the database"},
};
const size_t insPrivacyEntryCount = INS_ARRAY_LEN(insPrivacyEntries);

/*
** 1 when the SQL hatch must not read COLUMN of TABLE: the table is
** PERSON, or the column has a PERSON row.  COLUMN "" (SQLite's way of
** saying a statement reads no column of the table, as count(*) does) or
** NULL asks about the table as a whole.  Names compare without case, as
** SQL names do.
*/
int insPrivacyDenied(const char *table, const char *column)
{
    if (!table) return 0;
    for (size_t i = 0; i < insPrivacyEntryCount; i++) {
        const ins_privacy_entry *e = &insPrivacyEntries[i];
        if (e->cls != INS_PRIV_PERSON || !insUStrieq(e->table, table)) continue;
        if (!e->column) return 1;
        if (column && insUStrieq(e->column, column)) return 1;
    }
    return 0;
}
