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
** person) is marked MIXED in its note, and the hatch reads it through a
** view that blanks the identifying columns in the rows of persons
** (insPrivacyBlanks below); see docs/SECURITY.md.
*/
#include "ins_internal.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
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
    {"declaration_transport", NULL, INS_PRIV_CLEAR, "plates of exit vehicles, ships, containers"},
    {"declaration_refs", NULL, INS_PRIV_CLEAR, "documents a DAM cites, with the suppliers invoices name"},
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
    {"exchange_rates", NULL, INS_PRIV_CLEAR, "dated exchange rates to PEN"},
    {"payroll_workers", NULL, INS_PRIV_PERSON, "one worker's hours and pay under a keyed hash of the DNI"},
    {"payroll_concepts", NULL, INS_PRIV_PERSON, "one worker's pay concepts under the same hash"},
    {"payroll_months", NULL, INS_PRIV_CLEAR, "aggregates per firm and month"},
    {"payroll_months", "workers_over_48h", INS_PRIV_CLEAR, "a count"},
    {"payroll_months", "workers_below_min_wage", INS_PRIV_CLEAR, "a count"},
    {"inspections", NULL, INS_PRIV_CLEAR, "the case register (firms)"},
    {"inspection_victims", NULL, INS_PRIV_CLEAR, "counts of persons found, by sex, age band, nationality, language"},
    /* the binational exchange */
    {"exchange_files", NULL, INS_PRIV_CLEAR, "exchange files imported from partner states"},
    {"partner_alerts", NULL, INS_PRIV_CLEAR, "a partner's alerts on firms"},
    {"partner_alerts", "pseudonym", INS_PRIV_PERSON, "a natural person's firm, under the shared key"},
    {"partner_listed", NULL, INS_PRIV_PERSON,
     "a partner's listed persons: pseudonyms a holder of the shared key can reverse by brute force"},
    {"partner_routes", NULL, INS_PRIV_CLEAR, "a partner's routes toward its border posts (counts)"},
    {"partner_route_parties", NULL, INS_PRIV_CLEAR, "carriers (firms) and vehicle plates of a partner's routes"},
    {"partner_route_parties", "pseudonym", INS_PRIV_PERSON, "a natural person's carrier, under the shared key"},
    {"partner_profiles", NULL, INS_PRIV_CLEAR, "a partner's case profiles, small cells hidden"},
    {"border_posts", NULL, INS_PRIV_CLEAR, "land border posts (reference)"},
    {"exchange_sent", NULL, INS_PRIV_CLEAR, "exchange files this state wrote (counts)"},
    {"calibrations", NULL, INS_PRIV_CLEAR, "calibrations of rule weights (figures)"},
    {"calibration_rules", NULL, INS_PRIV_CLEAR, "fitted weights per rule"},
    {"exchange_sent", "persons", INS_PRIV_CLEAR, "a count of listed persons sent by pseudonym"},
    /* audit */
    {"identity_reads", NULL, INS_PRIV_PERSON,
     "who read identities in clear and why (logins of analysts); inspector audit lists it"},
    /* views */
    {"declaration_documents", NULL, INS_PRIV_CLEAR, "view over declarations and documents"},
    {"declaration_legs", NULL, INS_PRIV_CLEAR, "view over exit vehicles and legs (plates)"},
    {"partner_route_legs", NULL, INS_PRIV_CLEAR, "view: local legs a partner's route names by carrier or plate"},
    /* SQLite's own tables that can hold row values */
    {"sqlite_stat3", NULL, INS_PRIV_PERSON, "samples of index keys"},
    {"sqlite_stat4", NULL, INS_PRIV_PERSON, "samples of index keys"},
    {"sqlite_dbpage", NULL, INS_PRIV_PERSON, "raw pages of the database"},
};
const size_t insPrivacyEntryCount = INS_ARRAY_LEN(insPrivacyEntries);

/* The firms and the list entries that are natural persons, as SQL over
 * the main schema (the schemes are those of insIdSchemePersonal). */
#define PERSON_SCHEMES                                                                          \
    "('" INS_SCHEME_PE_DNI "', '" INS_SCHEME_PE_CE "', '" INS_SCHEME_PASSPORT "', '" INS_SCHEME_PE_PTP \
    "', 'BR-CPF')"
#define PERSON_FIRMS "(SELECT id FROM main.firms WHERE scheme IN " PERSON_SCHEMES ")"
#define PERSON_LISTINGS "(SELECT id FROM main.listings WHERE entity_kind = 'person')"

/*
** The tables marked MIXED above hold rows of natural persons beside rows
** of firms.  The hatch reads each through a temporary view of the same
** name (insPrivacyMixedViews) that blanks, in the rows of persons, the
** columns below; read directly (main.firms), those columns are refused.
** Other columns (ids, dates, amounts, districts) stay: counts and joins
** keep working without naming anyone.
*/
const ins_privacy_blank insPrivacyBlanks[] = {
    {"firms", "key", "scheme IN " PERSON_SCHEMES},
    {"firms", "tax_id", NULL},
    {"firms", "name", NULL},
    {"firms", "norm_name", NULL},
    {"firm_names", "name", "firm_id IN " PERSON_FIRMS},
    {"firm_names", "norm_name", NULL},
    {"establishments", "key", "firm_id IN " PERSON_FIRMS},
    {"establishments", "address", NULL},
    {"establishments", "name", NULL},
    {"establishments", "lat", NULL},
    {"establishments", "lng", NULL},
    {"transport_legs", "origin_address", "shipper_firm_id IN " PERSON_FIRMS},
    {"transport_legs", "dest_address", "recipient_firm_id IN " PERSON_FIRMS},
    {"declaration_parties", "identifier", "firm_id IN " PERSON_FIRMS},
    {"declaration_parties", "name", NULL},
    {"declaration_parties", "address", NULL},
    {"listings", "name", "entity_kind = 'person'"},
    {"listings", "norm_name", NULL},
    {"listings", "addresses", NULL},
    {"listing_names", "name", "listing_id IN " PERSON_LISTINGS},
    {"listing_names", "norm_name", NULL},
    {"listing_ids", "value", "listing_id IN " PERSON_LISTINGS},
    {"listing_ids", "norm_value", NULL},
    {"record_attributes", "value",
     "(entity = 'listing' AND entity_id IN " PERSON_LISTINGS ")"
     " OR (entity = 'establishment' AND entity_id IN (SELECT id FROM main.establishments WHERE firm_id IN "
     PERSON_FIRMS "))"},
};
const size_t insPrivacyBlankCount = INS_ARRAY_LEN(insPrivacyBlanks);

/* The rows of persons for entry I: its own condition, or that of the
** nearest entry before it of the same table. */
static const char *blank_when(size_t i)
{
    while (!insPrivacyBlanks[i].person_rows) {
        assert(i > 0 && !strcmp(insPrivacyBlanks[i - 1].table, insPrivacyBlanks[i].table));
        i--;
    }
    return insPrivacyBlanks[i].person_rows;
}

/* 1 when TABLE is read through a blanking view (it has entries above). */
int insPrivacyMixed(const char *table)
{
    if (!table) return 0;
    for (size_t i = 0; i < insPrivacyBlankCount; i++)
        if (insUStrieq(insPrivacyBlanks[i].table, table)) return 1;
    return 0;
}

/* 1 when COLUMN of the mixed TABLE is blanked for persons. */
int insPrivacyBlanked(const char *table, const char *column)
{
    if (!table || !column) return 0;
    for (size_t i = 0; i < insPrivacyBlankCount; i++)
        if (insUStrieq(insPrivacyBlanks[i].table, table) && insUStrieq(insPrivacyBlanks[i].column, column))
            return 1;
    return 0;
}

/*
** Creates, on the hatch's read-only connection DB, the temporary views
** that shadow each mixed table (an unqualified name finds the temp schema
** first): every column of the table in its order, the blanked ones as
** NULL in the rows of persons.  Built from the table's columns as the
** schema has them, so a migration that adds a column needs no change
** here.  Two views per table: "firms" selects from "ins_SECRET_firms",
** which reads main.firms; the hatch lets blanked columns be read only
** inside a view whose name carries DB's secret (SQLite names the view, or
** a statement's own CTE, that a read comes from, and a CTE may take any
** name but this one, which the statement cannot learn: the hatch refuses
** the temporary schema's listing, PRAGMA table_list and EXPLAIN).
** INS_OK, or INS_ERR_DB.
*/
int insPrivacyMixedViews(ins_db *db)
{
    if (!db->hatch_secret[0]) {
        unsigned char r[16];
        if (sodium_init() < 0) return INS_ERR_DB;
        randombytes_buf(r, sizeof r);
        for (size_t i = 0; i < sizeof r; i++) snprintf(db->hatch_secret + 2 * i, 3, "%02x", r[i]);
    }
    int rc = INS_OK;
    for (size_t i = 0; i < insPrivacyBlankCount && rc == INS_OK; i++) {
        const char *t = insPrivacyBlanks[i].table;
        if (i > 0 && !strcmp(insPrivacyBlanks[i - 1].table, t)) continue; /* one pair of views per table */
        ins_buf v, cols;
        insBufInit(&v);
        insBufInit(&cols);
        insBufPrintf(&cols, "SELECT name FROM pragma_table_info('%s', 'main') ORDER BY cid", t);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db->h, insBufStr(&cols), -1, &st, NULL) != SQLITE_OK) rc = INS_ERR_DB;
        insBufPrintf(&v, "CREATE TEMP VIEW IF NOT EXISTS \"ins_%s_%s\" AS SELECT ", db->hatch_secret, t);
        int n = 0;
        while (rc == INS_OK && sqlite3_step(st) == SQLITE_ROW) {
            const char *c = (const char *)sqlite3_column_text(st, 0);
            if (n++) insBufAppendStr(&v, ", ");
            size_t k;
            for (k = i; k < insPrivacyBlankCount && !strcmp(insPrivacyBlanks[k].table, t); k++)
                if (!strcmp(insPrivacyBlanks[k].column, c)) break;
            if (insPrivacyDenied(t, c))
                /* a personal column (listings.birth_date) is never read: the
                   hatch refuses the view's column by the table's name */
                insBufPrintf(&v, "NULL AS \"%s\"", c);
            else if (k < insPrivacyBlankCount && !strcmp(insPrivacyBlanks[k].table, t))
                insBufPrintf(&v, "CASE WHEN %s THEN NULL ELSE \"%s\" END AS \"%s\"", blank_when(k), c, c);
            else
                insBufPrintf(&v, "\"%s\"", c);
        }
        sqlite3_finalize(st);
        insBufPrintf(&v, " FROM main.\"%s\"; CREATE TEMP VIEW IF NOT EXISTS \"%s\" AS SELECT * FROM temp.\"ins_%s_%s\"",
                     t, t, db->hatch_secret, t);
        if (rc == INS_OK && (n == 0 || v.oom || insDbExec(db, insBufStr(&v)) != INS_OK)) rc = INS_ERR_DB;
        insBufFree(&v);
        insBufFree(&cols);
    }
    return rc;
}

/* 1 when NAME is one of the inner blanking views of DB (see above). */
int insPrivacyBlankingView(const ins_db *db, const char *name)
{
    size_t n = strlen(db->hatch_secret);
    return name && n && !strncmp(name, "ins_", 4) && !strncmp(name + 4, db->hatch_secret, n) &&
           name[4 + n] == '_' && insPrivacyMixed(name + 5 + n);
}

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
