/*
** schema.c: the database schema as numbered migrations.
**
** Migration N brings a database from user_version N-1 to N.  Migrations are
** append-only: a released migration is never edited; a change is a new
** migration.  See docs/DATA-MODEL.md for the meaning of every table.
**
** Identity is shared across sources: a firm is one row keyed by
** "SCHEME:ID" (PE-RUC:20505310072) or, when a source knows it only by name,
** "NAME:CC:normalised name".  Establishments, listing links, payroll and
** scores all point at these rows; persons are shared the same way (keyed
** "SCHEME:NUMBER" or by normalised name).
**
** There is no code here, only the SQL of each migration and the list
** db.c's insDbMigrate applies in order.  Every new table is classified in
** privacy.c (personal or not) in the same commit.
*/
#include "ins_internal.h"

/* The foundation: provenance (import runs, source files, the import log,
 * documents and their warnings), the shared identities (firms and their
 * names, establishments, persons), values without a column
 * (record_attributes), trade lines and the supply edges derived from them,
 * transport legs with vehicles, drivers and documents, document
 * references, and the reference data (ubigeo, HS codes and sections, ILAB
 * goods and their HS mapping). */
static const char schema_v1[] =
    /* --- provenance ---------------------------------------------------- */
    "CREATE TABLE import_runs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  started_at TEXT NOT NULL,\n"
    "  finished_at TEXT,\n"
    "  tool_version TEXT NOT NULL,\n"
    "  arguments TEXT\n"
    ");\n"
    "CREATE TABLE source_files(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  sha256 TEXT NOT NULL UNIQUE,\n"
    "  path TEXT NOT NULL,\n"
    "  size INTEGER NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"
    "  import_run_id INTEGER REFERENCES import_runs(id),\n"
    "  imported_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE import_log(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  import_run_id INTEGER REFERENCES import_runs(id),\n"
    "  path TEXT NOT NULL,\n"
    "  sha256 TEXT,\n"
    "  kind TEXT,\n"
    "  status TEXT NOT NULL CHECK(status IN ('imported','duplicate','rejected')),\n"
    "  reason TEXT,\n"
    "  logged_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX import_log_run ON import_log(import_run_id);\n"
    "CREATE TABLE documents(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  file_id INTEGER NOT NULL REFERENCES source_files(id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL,\n"
    "  type_code TEXT,\n"
    "  generation TEXT,\n"
    "  number TEXT,\n"
    "  issuer_firm_id INTEGER REFERENCES firms(id),\n"
    "  issue_date TEXT,\n"
    "  currency TEXT,\n"
    "  operation_type TEXT\n"
    ");\n"
    "CREATE INDEX documents_file ON documents(file_id);\n"
    "CREATE INDEX documents_issuer ON documents(issuer_firm_id, number);\n"
    "CREATE TABLE document_warnings(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  code TEXT NOT NULL,\n"
    "  message TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX document_warnings_doc ON document_warnings(document_id);\n"
    /* --- identities ------------------------------------------------------ */
    "CREATE TABLE firms(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  key TEXT NOT NULL UNIQUE,\n"
    "  scheme TEXT NOT NULL,\n"
    "  tax_id TEXT,\n"
    "  country TEXT,\n"
    "  name TEXT,\n"
    "  norm_name TEXT,\n"
    "  id_valid INTEGER,\n"
    "  first_document_id INTEGER REFERENCES documents(id)\n"
    ");\n"
    "CREATE INDEX firms_tax ON firms(tax_id);\n"
    "CREATE INDEX firms_norm ON firms(country, norm_name);\n"
    "CREATE TABLE firm_names(\n"
    "  firm_id INTEGER NOT NULL REFERENCES firms(id),\n"
    "  name TEXT NOT NULL,\n"
    "  norm_name TEXT NOT NULL,\n"
    "  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  PRIMARY KEY(firm_id, name, document_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX firm_names_norm ON firm_names(norm_name);\n"
    "CREATE TABLE establishments(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  key TEXT NOT NULL UNIQUE,\n"
    "  firm_id INTEGER NOT NULL REFERENCES firms(id),\n"
    "  annex_code TEXT,\n"
    "  ubigeo TEXT,\n"
    "  address TEXT,\n"
    "  country TEXT,\n"
    "  name TEXT,\n"
    "  sector TEXT,\n"
    "  lat REAL,\n"
    "  lng REAL,\n"
    "  workers INTEGER,\n"
    "  first_document_id INTEGER REFERENCES documents(id)\n"
    ");\n"
    "CREATE INDEX establishments_firm ON establishments(firm_id);\n"
    "CREATE INDEX establishments_ubigeo ON establishments(ubigeo);\n"
    "CREATE TABLE establishment_sources(\n"
    "  establishment_id INTEGER NOT NULL REFERENCES establishments(id),\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  role TEXT NOT NULL,\n"
    "  PRIMARY KEY(establishment_id, document_id, role)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE persons(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  key TEXT NOT NULL UNIQUE,\n"
    "  scheme TEXT NOT NULL,\n"
    "  number TEXT,\n"
    "  given_names TEXT,\n"
    "  family_names TEXT,\n"
    "  norm_name TEXT,\n"
    "  id_valid INTEGER,\n"
    "  first_document_id INTEGER REFERENCES documents(id)\n"
    ");\n"
    /* Columns a source carried that the model has no place for (kept, not dropped). */
    "CREATE TABLE record_attributes(\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  record_no INTEGER NOT NULL,\n"
    "  entity TEXT NOT NULL,\n"
    "  entity_id INTEGER,\n"
    "  name TEXT NOT NULL,\n"
    "  value TEXT\n"
    ");\n"
    "CREATE INDEX record_attributes_entity ON record_attributes(entity, entity_id);\n"
    /* --- trade ----------------------------------------------------------- */
    "CREATE TABLE trade_lines(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  line_no TEXT,\n"
    "  seller_firm_id INTEGER REFERENCES firms(id),\n"
    "  buyer_firm_id INTEGER REFERENCES firms(id),\n"
    "  seller_establishment_id INTEGER REFERENCES establishments(id),\n"
    "  date TEXT,\n"
    "  description TEXT,\n"
    "  seller_item_id TEXT,\n"
    "  gtin TEXT,\n"
    "  unspsc TEXT,\n"
    "  tariff_code TEXT,\n"
    "  hs6 TEXT,\n"
    "  quantity REAL,\n"
    "  unit TEXT,\n"
    "  amount REAL,\n"
    "  currency TEXT,\n"
    "  dam_number TEXT,\n"
    "  dam_series TEXT,\n"
    "  sign INTEGER NOT NULL DEFAULT 1\n"
    ");\n"
    "CREATE INDEX trade_lines_doc ON trade_lines(document_id);\n"
    "CREATE INDEX trade_lines_seller ON trade_lines(seller_firm_id);\n"
    "CREATE INDEX trade_lines_buyer ON trade_lines(buyer_firm_id);\n"
    "CREATE INDEX trade_lines_hs6 ON trade_lines(hs6);\n"
    "CREATE INDEX trade_lines_dam ON trade_lines(dam_number);\n"
    /* Supply edges are derived: rebuilt from trade_lines after each import. */
    "CREATE TABLE supply_edges(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  supplier_firm_id INTEGER NOT NULL REFERENCES firms(id),\n"
    "  buyer_firm_id INTEGER NOT NULL REFERENCES firms(id),\n"
    "  product TEXT NOT NULL,\n"
    "  first_date TEXT,\n"
    "  last_date TEXT,\n"
    "  documents INTEGER NOT NULL,\n"
    "  lines INTEGER NOT NULL,\n"
    "  amount REAL NOT NULL,\n"
    "  share REAL,\n"
    "  UNIQUE(supplier_firm_id, buyer_firm_id, product)\n"
    ");\n"
    "CREATE INDEX supply_edges_buyer ON supply_edges(buyer_firm_id);\n"
    /* --- transport -------------------------------------------------------- */
    "CREATE TABLE transport_legs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  source TEXT NOT NULL,\n"
    "  shipper_firm_id INTEGER REFERENCES firms(id),\n"
    "  recipient_firm_id INTEGER REFERENCES firms(id),\n"
    "  seller_firm_id INTEGER REFERENCES firms(id),\n"
    "  carrier_firm_id INTEGER REFERENCES firms(id),\n"
    "  carrier_mtc TEXT,\n"
    "  motivo TEXT,\n"
    "  motivo_text TEXT,\n"
    "  mode TEXT,\n"
    "  start_date TEXT,\n"
    "  origin_ubigeo TEXT,\n"
    "  origin_address TEXT,\n"
    "  dest_ubigeo TEXT,\n"
    "  dest_address TEXT,\n"
    "  gross_weight REAL,\n"
    "  weight_unit TEXT,\n"
    "  description TEXT\n"
    ");\n"
    "CREATE INDEX transport_legs_doc ON transport_legs(document_id);\n"
    "CREATE INDEX transport_legs_carrier ON transport_legs(carrier_firm_id);\n"
    "CREATE INDEX transport_legs_shipper ON transport_legs(shipper_firm_id);\n"
    "CREATE TABLE leg_vehicles(\n"
    "  leg_id INTEGER NOT NULL REFERENCES transport_legs(id) ON DELETE CASCADE,\n"
    "  plate TEXT NOT NULL,\n"
    "  role TEXT NOT NULL DEFAULT 'main',\n"
    "  PRIMARY KEY(leg_id, plate)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX leg_vehicles_plate ON leg_vehicles(plate);\n"
    "CREATE TABLE leg_drivers(\n"
    "  leg_id INTEGER NOT NULL REFERENCES transport_legs(id) ON DELETE CASCADE,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),\n"
    "  licence TEXT,\n"
    "  role TEXT,\n"
    "  PRIMARY KEY(leg_id, person_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE leg_documents(\n"
    "  leg_id INTEGER NOT NULL REFERENCES transport_legs(id) ON DELETE CASCADE,\n"
    "  doc_type TEXT,\n"
    "  catalogue TEXT,\n"
    "  ref_id TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX leg_documents_leg ON leg_documents(leg_id);\n"
    "CREATE INDEX leg_documents_ref ON leg_documents(ref_id);\n"
    /* Other documents a trade document cites (guia, DAM...). */
    "CREATE TABLE document_refs(\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  ref_kind TEXT NOT NULL,\n"
    "  ref_type TEXT,\n"
    "  ref_id TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX document_refs_doc ON document_refs(document_id);\n"
    "CREATE INDEX document_refs_ref ON document_refs(ref_id);\n"
    /* --- reference data ---------------------------------------------------- */
    "CREATE TABLE reference_sources(\n"
    "  name TEXT PRIMARY KEY,\n"
    "  path TEXT NOT NULL,\n"
    "  sha256 TEXT NOT NULL,\n"
    "  rows INTEGER NOT NULL,\n"
    "  source TEXT,\n"
    "  licence TEXT,\n"
    "  loaded_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE ubigeo(\n"
    "  code TEXT PRIMARY KEY,\n"
    "  reniec TEXT,\n"
    "  level INTEGER NOT NULL,\n"
    "  department TEXT,\n"
    "  province TEXT,\n"
    "  district TEXT,\n"
    "  capital TEXT,\n"
    "  latitude REAL,\n"
    "  longitude REAL,\n"
    "  altitude REAL,\n"
    "  area_km2 REAL,\n"
    "  poverty_pct REAL\n"
    ");\n"
    "CREATE INDEX ubigeo_reniec ON ubigeo(reniec);\n"
    "CREATE TABLE hs_codes(\n"
    "  code TEXT PRIMARY KEY,\n"
    "  level INTEGER NOT NULL,\n"
    "  parent TEXT,\n"
    "  section TEXT,\n"
    "  description TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE hs_sections(\n"
    "  section TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE ilab_goods(\n"
    "  good TEXT NOT NULL,\n"
    "  sector TEXT,\n"
    "  country TEXT NOT NULL,\n"
    "  country_code TEXT,\n"
    "  child_labor INTEGER NOT NULL,\n"
    "  forced_labor INTEGER NOT NULL,\n"
    "  forced_child_labor INTEGER NOT NULL,\n"
    "  PRIMARY KEY(good, country)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE good_hs_map(\n"
    "  good TEXT NOT NULL,\n"
    "  hs_prefix TEXT NOT NULL,\n"
    "  note TEXT,\n"
    "  source TEXT NOT NULL,\n"
    "  PRIMARY KEY(good, hs_prefix)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX good_hs_map_prefix ON good_hs_map(hs_prefix);\n"
    "CREATE INDEX ilab_goods_country ON ilab_goods(country_code, good);\n";

/* Scoring runs: reproducible (parameters, rule versions, data fingerprint). */
static const char schema_v2[] =
    "CREATE TABLE runs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  created_at TEXT NOT NULL,\n"
    "  as_of TEXT NOT NULL,\n"
    "  tool_version TEXT NOT NULL,\n"
    "  rules_fingerprint TEXT NOT NULL,\n"
    "  rules_source TEXT,\n"
    "  parameters TEXT,\n"
    "  data_fingerprint TEXT NOT NULL,\n"
    "  data_files INTEGER NOT NULL,\n"
    "  data_max_file_id INTEGER,\n"
    "  status TEXT NOT NULL DEFAULT 'complete'\n"
    ");\n"
    "CREATE TABLE run_rules(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  rule_id TEXT NOT NULL,\n"
    "  rev INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  title TEXT NOT NULL,\n"
    "  subject TEXT NOT NULL,\n"
    "  weight REAL NOT NULL,\n"
    "  severity TEXT,\n"
    "  status TEXT NOT NULL,\n"
    "  audience TEXT,\n"
    "  indicators TEXT,\n"
    "  legal_basis TEXT,\n"
    "  guidance TEXT,\n"
    "  description TEXT,\n"
    "  falsepositives TEXT,\n"
    "  source_file TEXT,\n"
    "  PRIMARY KEY(run_id, rule_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE hits(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  rule_id TEXT NOT NULL,\n"
    "  rule_rev INTEGER NOT NULL,\n"
    "  subject_type TEXT NOT NULL,\n"
    "  subject_id INTEGER NOT NULL,\n"
    "  subject_key TEXT NOT NULL,\n"
    "  strength REAL NOT NULL,\n"
    "  evidence TEXT\n"
    ");\n"
    "CREATE INDEX hits_run_subject ON hits(run_id, subject_type, subject_id);\n"
    "CREATE INDEX hits_run_rule ON hits(run_id, rule_id);\n"
    "CREATE TABLE hit_documents(\n"
    "  hit_id INTEGER NOT NULL REFERENCES hits(id) ON DELETE CASCADE,\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id),\n"
    "  PRIMARY KEY(hit_id, document_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE run_errors(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  rule_id TEXT NOT NULL,\n"
    "  subject_key TEXT,\n"
    "  message TEXT NOT NULL\n"
    ");\n";

/* Scores of a run (own, chain, total per subject), the hits and supplier
 * links behind each, and the worklists issued from runs. */
static const char schema_v3[] =
    "CREATE TABLE scores(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  subject_type TEXT NOT NULL,\n"
    "  subject_key TEXT NOT NULL,\n"
    "  subject_id INTEGER NOT NULL,\n"
    "  firm_id INTEGER,\n"
    "  own REAL NOT NULL,\n"
    "  chain REAL NOT NULL,\n"
    "  total REAL NOT NULL,\n"
    "  exporter INTEGER NOT NULL DEFAULT 0,\n"
    "  partners TEXT,\n"
    "  PRIMARY KEY(run_id, subject_type, subject_key)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX scores_rank ON scores(run_id, subject_type, total DESC);\n"
    "CREATE INDEX scores_firm ON scores(run_id, firm_id);\n"
    "CREATE TABLE score_hits(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  subject_type TEXT NOT NULL,\n"
    "  subject_key TEXT NOT NULL,\n"
    "  hit_id INTEGER NOT NULL REFERENCES hits(id) ON DELETE CASCADE,\n"
    "  contribution REAL NOT NULL,\n"
    "  PRIMARY KEY(run_id, subject_type, subject_key, hit_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE chain_links(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  buyer_firm_id INTEGER NOT NULL REFERENCES firms(id),\n"
    "  supplier_firm_id INTEGER NOT NULL REFERENCES firms(id),\n"
    "  product TEXT NOT NULL,\n"
    "  share REAL NOT NULL,\n"
    "  supplier_total REAL NOT NULL,\n"
    "  contribution REAL NOT NULL,\n"
    "  PRIMARY KEY(run_id, buyer_firm_id, supplier_firm_id, product)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE worklists(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
    "  kind TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL,\n"
    "  parameters TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE worklist_rows(\n"
    "  worklist_id INTEGER NOT NULL REFERENCES worklists(id) ON DELETE CASCADE,\n"
    "  rank INTEGER NOT NULL,\n"
    "  subject_type TEXT NOT NULL,\n"
    "  subject_key TEXT NOT NULL,\n"
    "  firm_id INTEGER,\n"
    "  score REAL NOT NULL,\n"
    "  control INTEGER NOT NULL,\n"
    "  PRIMARY KEY(worklist_id, rank)\n"
    ") WITHOUT ROWID;\n";

/* Customs declarations (WCO Data Model, ASYCUDA), listings (sanctions and
 * forced-labour employer lists, with history), screening decisions. */
static const char schema_v4[] =
    "CREATE TABLE declarations(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  format TEXT NOT NULL,\n"            /* wco-dms-2, asycuda */
    "  direction TEXT,\n"                  /* IM, EX */
    "  type_code TEXT,\n"
    "  function_code TEXT,\n"
    "  reference TEXT,\n"                  /* functional reference / DAM number */
    "  issue_date TEXT,\n"
    "  declarant_firm_id INTEGER REFERENCES firms(id),\n"
    "  agent_firm_id INTEGER REFERENCES firms(id),\n"
    "  exporter_firm_id INTEGER REFERENCES firms(id),\n"
    "  importer_firm_id INTEGER REFERENCES firms(id),\n"
    "  consignor_firm_id INTEGER REFERENCES firms(id),\n"
    "  consignee_firm_id INTEGER REFERENCES firms(id),\n"
    "  carrier_firm_id INTEGER REFERENCES firms(id),\n"
    "  exit_office TEXT,\n"
    "  entry_office TEXT,\n"
    "  supervising_office TEXT,\n"
    "  transport_id TEXT,\n"
    "  transport_mode TEXT,\n"
    "  transport_nationality TEXT,\n"
    "  export_country TEXT,\n"
    "  destination_country TEXT,\n"
    "  total_value REAL,\n"
    "  currency TEXT\n"
    ");\n"
    "CREATE INDEX declarations_doc ON declarations(document_id);\n"
    "CREATE INDEX declarations_ref ON declarations(reference);\n"
    "CREATE INDEX declarations_exporter ON declarations(exporter_firm_id);\n"
    "CREATE TABLE declaration_parties(\n"
    "  declaration_id INTEGER NOT NULL REFERENCES declarations(id) ON DELETE CASCADE,\n"
    "  role TEXT NOT NULL,\n"              /* declarant, exporter, importer, consignor, consignee, carrier, agent */
    "  firm_id INTEGER REFERENCES firms(id),\n"
    "  identifier TEXT,\n"
    "  name TEXT,\n"
    "  address TEXT,\n"
    "  country TEXT,\n"
    "  resolved_by TEXT NOT NULL\n"        /* identifier, name, new */
    ");\n"
    "CREATE INDEX declaration_parties_decl ON declaration_parties(declaration_id);\n"
    "CREATE TABLE declaration_items(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  declaration_id INTEGER NOT NULL REFERENCES declarations(id) ON DELETE CASCADE,\n"
    "  seq INTEGER,\n"
    "  description TEXT,\n"
    "  classification TEXT,\n"
    "  hs6 TEXT,\n"
    "  origin_country TEXT,\n"
    "  gross_mass REAL,\n"
    "  net_mass REAL,\n"
    "  value REAL,\n"
    "  currency TEXT,\n"
    "  statistical_value REAL\n"
    ");\n"
    "CREATE INDEX declaration_items_decl ON declaration_items(declaration_id);\n"
    "CREATE INDEX declaration_items_hs6 ON declaration_items(hs6);\n"
    /* one row per version of a list imported */
    "CREATE TABLE listing_versions(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  list_name TEXT NOT NULL,\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  imported_at TEXT NOT NULL,\n"
    "  entries INTEGER NOT NULL,\n"
    "  added INTEGER NOT NULL,\n"
    "  delisted INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE listings(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  list_name TEXT NOT NULL,\n"         /* opensanctions:us_cbp_forced_labor, br_cadastro_empregadores ... */
    "  entry_key TEXT NOT NULL,\n"         /* the list's own id, stable across versions */
    "  entity_kind TEXT NOT NULL,\n"       /* person, company, organization, vessel, other */
    "  name TEXT NOT NULL,\n"
    "  norm_name TEXT NOT NULL,\n"
    "  countries TEXT,\n"
    "  birth_date TEXT,\n"
    "  listed_from TEXT,\n"
    "  listed_until TEXT,\n"
    "  reason TEXT,\n"
    "  dataset TEXT,\n"
    "  program TEXT,\n"
    "  addresses TEXT,\n"
    "  first_version_id INTEGER REFERENCES listing_versions(id),\n"
    "  last_version_id INTEGER REFERENCES listing_versions(id),\n"
    "  delisted_version_id INTEGER REFERENCES listing_versions(id),\n"
    "  delisted_at TEXT,\n"               /* set when a newer version no longer holds the entry */
    "  document_id INTEGER REFERENCES documents(id),\n"
    "  UNIQUE(list_name, entry_key)\n"
    ");\n"
    "CREATE INDEX listings_norm ON listings(norm_name);\n"
    "CREATE TABLE listing_names(\n"
    "  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL,\n"
    "  norm_name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL\n"               /* primary, alias */
    ");\n"
    "CREATE INDEX listing_names_listing ON listing_names(listing_id);\n"
    "CREATE INDEX listing_names_norm ON listing_names(norm_name);\n"
    "CREATE TABLE listing_ids(\n"
    "  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,\n"
    "  scheme TEXT,\n"                     /* PE-RUC, PE-DNI, AR-CUIT, BR-CNPJ, BR-CPF, PASSPORT, EORI, OTHER */
    "  value TEXT NOT NULL,\n"
    "  norm_value TEXT NOT NULL\n"         /* upper case, no spaces, dots or dashes */
    ");\n"
    "CREATE INDEX listing_ids_value ON listing_ids(norm_value);\n"
    "CREATE INDEX listing_ids_listing ON listing_ids(listing_id);\n"
    "CREATE TABLE listing_periods(\n"
    "  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,\n"
    "  start_date TEXT,\n"
    "  end_date TEXT\n"
    ");\n"
    "CREATE INDEX listing_periods_listing ON listing_periods(listing_id);\n"
    /* listings linked to firms and persons of the database by the matcher */
    "CREATE TABLE listing_links(\n"
    "  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,\n"
    "  subject_type TEXT NOT NULL,\n"      /* firm, person */
    "  subject_id INTEGER NOT NULL,\n"
    "  score REAL NOT NULL,\n"
    "  matched_by TEXT NOT NULL,\n"        /* identifier, name */
    "  explanation TEXT,\n"
    "  PRIMARY KEY(listing_id, subject_type, subject_id)\n"
    ") WITHOUT ROWID;\n"
    /* a person's decision on a screening candidate, respected next time */
    "CREATE TABLE match_decisions(\n"
    "  query_key TEXT NOT NULL,\n"         /* normalised name | ids of the screened record */
    "  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,\n"
    "  decision TEXT NOT NULL CHECK(decision IN ('confirmed','rejected')),\n"
    "  decided_by TEXT,\n"
    "  decided_at TEXT NOT NULL,\n"
    "  note TEXT,\n"
    "  PRIMARY KEY(query_key, listing_id)\n"
    ") WITHOUT ROWID;\n";

/* Payroll (SUNAT PLAME), with worker identities kept as keyed hashes; the
 * dated minimum wage; the case register of inspections. */
static const char schema_v5[] =
    "CREATE TABLE db_secrets(\n"
    "  name TEXT PRIMARY KEY,\n"
    "  value BLOB NOT NULL\n"
    ");\n"
    "CREATE TABLE min_wages(\n"
    "  country TEXT NOT NULL,\n"
    "  valid_from TEXT NOT NULL,\n"
    "  monthly_amount REAL NOT NULL,\n"
    "  currency TEXT NOT NULL,\n"
    "  norm TEXT,\n"
    "  PRIMARY KEY(country, valid_from)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE payroll_workers(\n"
    "  firm_id INTEGER NOT NULL REFERENCES firms(id),\n"
    "  period TEXT NOT NULL,\n"            /* YYYY-MM-01 */
    "  worker_key TEXT NOT NULL,\n"        /* keyed hash of document type and number */
    "  doc_type TEXT,\n"
    "  ordinary_hours REAL,\n"
    "  overtime_hours REAL,\n"
    "  gross_accrued REAL,\n"
    "  gross_paid REAL,\n"
    "  overtime_paid REAL,\n"
    "  rest_day_paid REAL,\n"
    "  deductions REAL,\n"
    "  days_not_worked REAL,\n"
    "  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  PRIMARY KEY(firm_id, period, worker_key)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE payroll_concepts(\n"
    "  firm_id INTEGER NOT NULL REFERENCES firms(id),\n"
    "  period TEXT NOT NULL,\n"
    "  worker_key TEXT NOT NULL,\n"
    "  concept TEXT NOT NULL,\n"
    "  accrued REAL,\n"
    "  paid REAL,\n"
    "  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE\n"
    ");\n"
    "CREATE INDEX payroll_concepts_key ON payroll_concepts(firm_id, period);\n"
    "CREATE TABLE payroll_months(\n"
    "  firm_id INTEGER NOT NULL REFERENCES firms(id),\n"
    "  period TEXT NOT NULL,\n"
    "  workers INTEGER NOT NULL,\n"
    "  migrant_share REAL,\n"
    "  avg_weekly_hours REAL,\n"
    "  max_weekly_hours REAL,\n"
    "  workers_over_48h INTEGER,\n"
    "  overtime_hours REAL,\n"
    "  overtime_paid REAL,\n"
    "  min_wage REAL,\n"
    "  workers_below_min_wage INTEGER,\n"
    "  zero_pay_workers INTEGER,\n"
    "  deduction_share REAL,\n"
    "  rest_day_work REAL,\n"
    "  PRIMARY KEY(firm_id, period)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE inspections(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  inspection_ref TEXT NOT NULL UNIQUE,\n"
    "  firm_id INTEGER REFERENCES firms(id),\n"
    "  tax_id TEXT,\n"
    "  establishment_id INTEGER REFERENCES establishments(id),\n"
    "  ubigeo TEXT,\n"
    "  date TEXT NOT NULL,\n"
    "  regulator TEXT NOT NULL CHECK(regulator IN ('labour','transport')),\n"
    "  worklist_id INTEGER REFERENCES worklists(id),\n"
    "  worklist_rank INTEGER,\n"
    "  outcome TEXT NOT NULL CHECK(outcome IN ('forced_labour','other_violation','no_violation','not_found','closed')),\n"
    "  infractions INTEGER,\n"
    "  workers_affected INTEGER,\n"
    "  minors INTEGER,\n"
    "  note TEXT,\n"
    "  source TEXT NOT NULL,\n"            /* csv, manual */
    "  document_id INTEGER REFERENCES documents(id),\n"
    "  recorded_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX inspections_firm ON inspections(firm_id, date);\n"
    "CREATE INDEX inspections_worklist ON inspections(worklist_id, worklist_rank);\n";

/* The stage of a good's HS prefix (primary form or processed product), and
 * which end of a transport leg a leg rule's hits reach. */
static const char schema_v6[] =
    "ALTER TABLE good_hs_map ADD COLUMN stage TEXT NOT NULL DEFAULT 'primary';\n"
    "ALTER TABLE run_rules ADD COLUMN reaches TEXT;\n";

/* SUNAT documents that cite a customs declaration by its number (DAM):
 * invoice lines (catalogo 55 code 7021), guias whose related documents
 * carry the number (catalogo 61 code 50, catalogo 21 code 01 and any other
 * reference with the same number), and other document references. */
static const char schema_v7[] =
    "CREATE VIEW declaration_documents AS\n"
    " SELECT d.id AS declaration_id, t.document_id AS document_id, 'trade_line' AS cited_by\n"
    "   FROM declarations d JOIN trade_lines t ON t.dam_number = d.reference\n"
    " UNION SELECT d.id, l.document_id, 'despatch'\n"
    "   FROM declarations d JOIN leg_documents x ON x.ref_id = d.reference\n"
    "   JOIN transport_legs l ON l.id = x.leg_id\n"
    " UNION SELECT d.id, r.document_id, 'reference'\n"
    "   FROM declarations d JOIN document_refs r ON r.ref_id = d.reference;\n";

/* Indexes the scale work needs.  Scoring finds the establishments its
 * evidence names from the documents of the hits, so establishment_sources
 * is read by document (and deleting a document cascades by that column);
 * a leg leaves or reaches the establishment of its firm in its district,
 * found by both at once (by district alone, Lima's hold most of them); an
 * import recomputes the supply edges of the (seller, buyer) pairs it
 * touched from their lines. */
static const char schema_v8[] =
    "CREATE INDEX establishment_sources_document ON establishment_sources(document_id);\n"
    "CREATE INDEX establishments_firm_ubigeo ON establishments(firm_id, ubigeo);\n"
    "CREATE INDEX trade_lines_pair ON trade_lines(seller_firm_id, buyer_firm_id);\n";

/* firm_names with its NOT NULL column after the primary-key columns.
 * SQLite 3.40 (Debian 12) has PRAGMA integrity_check report "NULL value in
 * firm_names.norm_name" for every row of a WITHOUT ROWID table whose NOT
 * NULL column sits between primary-key columns, which would hide real
 * corruption from the first check an administrator runs.  No other table
 * of the schema has that shape (tests/cli/demo.sh checks the demo
 * database). */
static const char schema_v9[] =
    "CREATE TABLE firm_names_v9(\n"
    "  firm_id INTEGER NOT NULL REFERENCES firms(id),\n"
    "  name TEXT NOT NULL,\n"
    "  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  norm_name TEXT NOT NULL,\n"
    "  PRIMARY KEY(firm_id, name, document_id)\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO firm_names_v9(firm_id, name, document_id, norm_name)\n"
    " SELECT firm_id, name, document_id, norm_name FROM firm_names;\n"
    "DROP TABLE firm_names;\n"
    "ALTER TABLE firm_names_v9 RENAME TO firm_names;\n"
    "CREATE INDEX firm_names_norm ON firm_names(norm_name);\n";

/* Reads of identities in clear (drivers for a road check...): who, when,
 * with which command, what was shown and why.  Written before the text is
 * handed out (src/audit.c); listed by `inspector audit`; the SQL hatch
 * cannot read it (it names the analysts). */
static const char schema_v10[] =
    "CREATE TABLE identity_reads(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  at TEXT NOT NULL,\n"
    "  login TEXT,\n"
    "  uid INTEGER NOT NULL,\n"
    "  command TEXT NOT NULL,\n"
    "  subject TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL,\n"
    "  shown TEXT NOT NULL\n"
    ");\n";

/* Amounts in one currency.  exchange_rates holds dated rates to PEN
 * (reference data: the SBS selling rate of the BCRP series shipped in
 * data/, or any file of the same columns); a trade line keeps its declared
 * amount and currency and gets amount_pen, converted at the rate of its
 * date or the last earlier one (NULL when no rate is known: the line then
 * stays out of the supply edges' amounts and shares, and its document
 * carries a warning).  A supply edge's amount is in PEN; it counts the
 * lines it could not convert. */
static const char schema_v11[] =
    "CREATE TABLE exchange_rates(\n"
    "  currency TEXT NOT NULL,\n"
    "  date TEXT NOT NULL,\n"
    "  rate REAL NOT NULL,\n"            /* PEN per unit of currency */
    "  source TEXT,\n"
    "  PRIMARY KEY(currency, date)\n"
    ") WITHOUT ROWID;\n"
    "ALTER TABLE trade_lines ADD COLUMN amount_pen REAL;\n"
    "ALTER TABLE supply_edges ADD COLUMN unconverted_lines INTEGER NOT NULL DEFAULT 0;\n"
    "UPDATE trade_lines SET amount_pen = amount WHERE currency IS NULL OR currency = 'PEN';\n";

/* scores_rank ordered a run's scores by total, but every reader ranks in
 * memory (worklists draw their control slice from the whole population),
 * so no statement used it, and copying a run's rows into scores paid a
 * b-tree insert at a random place of it per row: at 1.8 x 10^6 scores a
 * run, each of its copy transactions rewrote most of the index's pages
 * for the run. */
static const char schema_v12[] = "DROP INDEX IF EXISTS scores_rank;\n";

/* Peru's own declarations (DAM, through SUNAT's Teledespacho): the
 * customs office, régimen and agency order that key a declaration before
 * customs numbers it, the agency, the hash of the order's records (the
 * same declaration sent again is not imported twice), the district of the
 * trader's address; per series
 * the district the goods come from, physical quantity and unit; the
 * vehicles, vessels and containers of exit transport (a vehicle's plate in
 * both spellings, so that guías' legs join by index); the invoices,
 * associated documents and prior regimes a declaration cites.  The views
 * join exit vehicles to transport legs, and declarations to the invoices
 * and guías they cite by number (the other way round from
 * declaration_documents). */
static const char schema_v13[] =
    "ALTER TABLE declarations ADD COLUMN customs_office TEXT;\n"
    "ALTER TABLE declarations ADD COLUMN regime TEXT;\n"
    "ALTER TABLE declarations ADD COLUMN order_ref TEXT;\n"
    "ALTER TABLE declarations ADD COLUMN trader_ubigeo TEXT;\n"
    "ALTER TABLE declarations ADD COLUMN agent_code TEXT;\n"
    "ALTER TABLE declarations ADD COLUMN order_sha256 TEXT;\n"
    "CREATE INDEX declarations_order ON declarations(order_ref) WHERE order_ref IS NOT NULL;\n"
    "ALTER TABLE declaration_items ADD COLUMN origin_ubigeo TEXT;\n"
    "ALTER TABLE declaration_items ADD COLUMN quantity REAL;\n"
    "ALTER TABLE declaration_items ADD COLUMN unit TEXT;\n"
    "CREATE TABLE declaration_transport(\n"
    "  declaration_id INTEGER NOT NULL REFERENCES declarations(id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL,\n"              /* vehicle, vessel, container */
    "  ident TEXT NOT NULL,\n"             /* as declared */
    "  plate TEXT,\n"                      /* a vehicle's plate, upper case */
    "  plate_alt TEXT\n"                   /* the same with the dash removed or added */
    ");\n"
    "CREATE INDEX declaration_transport_decl ON declaration_transport(declaration_id);\n"
    "CREATE INDEX declaration_transport_plate ON declaration_transport(plate) WHERE plate IS NOT NULL;\n"
    "CREATE TABLE declaration_refs(\n"
    "  declaration_id INTEGER NOT NULL REFERENCES declarations(id) ON DELETE CASCADE,\n"
    "  item_seq INTEGER,\n"
    "  kind TEXT NOT NULL,\n"              /* invoice, document, prior_regime */
    "  type_code TEXT,\n"
    "  number TEXT,\n"
    "  date TEXT,\n"
    "  party TEXT,\n"                      /* issuer or supplier, as named */
    "  party_country TEXT\n"
    ");\n"
    "CREATE INDEX declaration_refs_decl ON declaration_refs(declaration_id);\n"
    "CREATE VIEW declaration_legs AS\n"
    " SELECT t.declaration_id AS declaration_id, v.leg_id AS leg_id, v.plate AS plate\n"
    "   FROM declaration_transport t JOIN leg_vehicles v ON v.plate = t.plate\n"
    " UNION SELECT t.declaration_id, v.leg_id, v.plate\n"
    "   FROM declaration_transport t JOIN leg_vehicles v ON v.plate = t.plate_alt;\n";

/* The binational exchange (docs/EXCHANGE.md): the files imported from a
 * partner state (once each, by their hash), its alerts on firms (by tax id,
 * or a person's pseudonym) and its listed persons (pseudonyms only) and
 * firms. */
static const char schema_v14[] =
    "CREATE TABLE exchange_files(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  sha256 TEXT NOT NULL UNIQUE,\n"
    "  issuer TEXT NOT NULL,\n"
    "  partner TEXT NOT NULL,\n"
    "  period_from TEXT,\n"
    "  period_to TEXT,\n"
    "  tool_version TEXT,\n"
    "  rules_fingerprint TEXT,\n"
    "  key_id TEXT,\n"                     /* which shared key made its pseudonyms */
    "  imported_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE partner_alerts(\n"
    "  exchange_id INTEGER NOT NULL REFERENCES exchange_files(id) ON DELETE CASCADE,\n"
    "  issuer TEXT NOT NULL,\n"
    "  tax_id TEXT,\n"
    "  scheme TEXT,\n"
    "  name TEXT,\n"
    "  pseudonym TEXT,\n"                  /* a natural person's firm: no tax id, no name */
    "  own REAL,\n"
    "  chain REAL,\n"
    "  total REAL,\n"
    "  goods TEXT,\n"                      /* HS6 codes, comma-separated */
    "  rules TEXT,\n"                      /* the partner's rules: id rev N: title; ... */
    "  evidence TEXT\n"                    /* document type:count, ... */
    ");\n"
    "CREATE INDEX partner_alerts_tax ON partner_alerts(tax_id);\n"
    "CREATE TABLE partner_listed(\n"
    "  exchange_id INTEGER NOT NULL REFERENCES exchange_files(id) ON DELETE CASCADE,\n"
    "  issuer TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"              /* person, firm */
    "  list_name TEXT,\n"
    "  reason TEXT,\n"
    "  listed_from TEXT,\n"
    "  pseudonym TEXT,\n"                  /* a person: one row per identifier's pseudonym */
    "  scheme TEXT,\n"
    "  tax_id TEXT,\n"
    "  name TEXT\n"                        /* firms only */
    ");\n"
    "CREATE INDEX partner_listed_pseudonym ON partner_listed(pseudonym) WHERE pseudonym IS NOT NULL;\n";

/* Aggregate characteristics of the persons an inspection found (never who
 * they are): counts by sex, age band (minors apart: under 14, 14 to 17),
 * nationality and the originating language an interpreter was needed for,
 * for the case profiles of joint analysis (docs/CASE-REGISTER.md). */
static const char schema_v15[] =
    "CREATE TABLE inspection_victims(\n"
    "  inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,\n"
    "  dimension TEXT NOT NULL CHECK(dimension IN ('sex','age','nationality','interpreter')),\n"
    "  category TEXT NOT NULL,\n"
    "  count INTEGER NOT NULL CHECK(count >= 0),\n"
    "  PRIMARY KEY(inspection_id, dimension, category)\n"
    ") WITHOUT ROWID;\n"
    /* land border posts and the states their roads reach (data/border-posts.csv) */
    "CREATE TABLE border_posts(\n"
    "  state TEXT NOT NULL,\n"
    "  post TEXT NOT NULL,\n"
    "  ubigeo TEXT,\n"                    /* the district of a Peruvian post */
    "  office TEXT,\n"                    /* a customs office code, when known */
    "  neighbour TEXT NOT NULL,\n"
    "  reaches TEXT NOT NULL,\n"          /* ';'-joined states a road through it leads to */
    "  PRIMARY KEY(state, post)\n"
    ");\n"
    /* a partner's routes toward its border posts, with the carriers and
     * vehicles that made them, and its case profiles (docs/EXCHANGE.md) */
    "CREATE TABLE partner_routes(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  exchange_id INTEGER NOT NULL REFERENCES exchange_files(id) ON DELETE CASCADE,\n"
    "  issuer TEXT NOT NULL,\n"
    "  source TEXT NOT NULL,\n"           /* legs (guias), declarations (customs) */
    "  origin TEXT,\n"                    /* a province's ubigeo, or a country */
    "  origin_name TEXT,\n"
    "  post TEXT,\n"
    "  neighbour TEXT,\n"
    "  legs INTEGER NOT NULL,\n"
    "  people_legs INTEGER NOT NULL,\n"   /* legs a people-transport rule flagged */
    "  first_date TEXT,\n"
    "  last_date TEXT\n"
    ");\n"
    "CREATE TABLE partner_route_parties(\n"
    "  route_id INTEGER NOT NULL REFERENCES partner_routes(id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('carrier','vehicle')),\n"
    "  tax_id TEXT,\n"
    "  scheme TEXT,\n"
    "  name TEXT,\n"
    "  pseudonym TEXT,\n"                 /* a natural person's carrier: no tax id, no name */
    "  plate TEXT,\n"                     /* upper case, as the partner wrote it */
    "  plate_alt TEXT,\n"                 /* the other spelling (insIdPlateSpellings) */
    "  legs INTEGER NOT NULL,\n"
    "  firm_id INTEGER REFERENCES firms(id)\n" /* the local carrier, found by tax id at import */
    ");\n"
    "CREATE INDEX partner_route_parties_route ON partner_route_parties(route_id);\n"
    "CREATE INDEX partner_route_parties_tax ON partner_route_parties(tax_id) WHERE tax_id IS NOT NULL;\n"
    "CREATE INDEX partner_route_parties_plate ON partner_route_parties(plate) WHERE plate IS NOT NULL;\n"
    "CREATE INDEX partner_route_parties_alt ON partner_route_parties(plate_alt) WHERE plate_alt IS NOT NULL;\n"
    /* local legs a partner's route names through their carrier or a vehicle */
    "CREATE VIEW partner_route_legs AS\n"
    " SELECT p.route_id AS route_id, l.id AS leg_id, 'carrier' AS via\n"
    "   FROM partner_route_parties p JOIN transport_legs l ON l.carrier_firm_id = p.firm_id\n"
    "   WHERE p.kind = 'carrier'\n"
    " UNION SELECT p.route_id, v.leg_id, 'vehicle' FROM partner_route_parties p\n"
    "   JOIN leg_vehicles v ON v.plate = p.plate WHERE p.kind = 'vehicle'\n"
    " UNION SELECT p.route_id, v.leg_id, 'vehicle' FROM partner_route_parties p\n"
    "   JOIN leg_vehicles v ON v.plate = p.plate_alt WHERE p.kind = 'vehicle';\n"
    /* the exchange files this state wrote, for the report's binational section */
    "CREATE TABLE exchange_sent(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  sha256 TEXT NOT NULL,\n"
    "  partner TEXT NOT NULL,\n"
    "  period_from TEXT,\n"
    "  period_to TEXT,\n"
    "  run_id INTEGER,\n"
    "  firms INTEGER NOT NULL,\n"
    "  persons INTEGER NOT NULL,\n"
    "  listed_firms INTEGER NOT NULL,\n"
    "  routes INTEGER NOT NULL,\n"
    "  profile_cells INTEGER NOT NULL,\n"
    "  created_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE partner_profiles(\n"
    "  exchange_id INTEGER NOT NULL REFERENCES exchange_files(id) ON DELETE CASCADE,\n"
    "  issuer TEXT NOT NULL,\n"
    "  section TEXT NOT NULL,\n"
    "  characteristic TEXT NOT NULL,\n"
    "  category TEXT NOT NULL,\n"
    "  cases TEXT,\n"                     /* a count, or x when the partner hid it */
    "  inspected TEXT,\n"
    "  ratio REAL,\n"
    "  ratio_low REAL,\n"
    "  ratio_high REAL\n"
    ");\n";

/* Calibration (calibrate.c): each worklist row's probability of being on
 * its list when the list was issued (1 for a targeted row, the control
 * slice's sampling fraction for a control row; NULL for rows of lists
 * issued before this migration: unknown), and the calibrations fitted. */
static const char schema_v16[] =
    "ALTER TABLE worklist_rows ADD COLUMN inclusion_prob REAL;\n"
    "CREATE TABLE calibrations(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  created_at TEXT NOT NULL,\n"
    "  period_from TEXT,\n"
    "  period_to TEXT,\n"
    "  rules_source TEXT,\n"
    "  rules_fingerprint TEXT,\n"
    "  outcomes INTEGER NOT NULL,\n"           /* inspected rows used */
    "  confirmed INTEGER NOT NULL,\n"
    "  control_rows INTEGER NOT NULL,\n"
    "  unknown_probability INTEGER NOT NULL,\n" /* rows of lists issued before inclusion_prob */
    "  biased INTEGER NOT NULL,\n"             /* fitted with --no-control */
    "  folds INTEGER NOT NULL,\n"
    "  loglik_current REAL,\n"                 /* held-out, per row */
    "  loglik_fitted REAL,\n"
    "  auc_current REAL,\n"
    "  auc_fitted REAL,\n"
    "  lift_current REAL,\n"
    "  lift_fitted REAL,\n"
    "  proposed INTEGER NOT NULL,\n"           /* rules whose weight the proposal changes */
    "  parameters TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE calibration_rules(\n"
    "  calibration_id INTEGER NOT NULL REFERENCES calibrations(id) ON DELETE CASCADE,\n"
    "  rule_id TEXT NOT NULL,\n"
    "  rev INTEGER NOT NULL,\n"
    "  current_weight REAL NOT NULL,\n"
    "  fitted_weight REAL,\n"
    "  low REAL,\n"
    "  high REAL,\n"
    "  inspected_rows INTEGER NOT NULL,\n"
    "  confirmed INTEGER NOT NULL,\n"
    "  status TEXT NOT NULL,\n"                /* proposed, unchanged, thin, unmeasured, review */
    "  PRIMARY KEY(calibration_id, rule_id)\n"
    ") WITHOUT ROWID;\n";

/* Every migration, in version order; the last one's version is the schema
 * this program creates (ins_schema_latest).  Append only. */
const ins_migration insSchemaMigrations[] = {
    {1, "foundation: provenance, firms, establishments, persons, trade, transport, reference",
     schema_v1},
    {2, "scoring runs: rule versions, hits with evidence and documents", schema_v2},
    {3, "scores, chain links and issued worklists", schema_v3},
    {4, "customs declarations, listings and screening decisions", schema_v4},
    {5, "payroll (keyed worker identities), minimum wages, inspections", schema_v5},
    {6, "stage of ILAB goods' HS prefixes; reach of leg rules", schema_v6},
    {7, "SUNAT documents citing customs declarations", schema_v7},
    {8, "indexes for scoring at scale", schema_v8},
    {9, "firm_names columns in the order integrity_check reads correctly", schema_v9},
    {10, "audit of identities read in clear", schema_v10},
    {11, "exchange rates; trade amounts and supply edges in PEN", schema_v11},
    {12, "drop scores_rank, which no statement uses", schema_v12},
    {13, "Peruvian customs declarations (DAM): order keys, exit transport, cited documents", schema_v13},
    {14, "binational exchange: partner files, alerts and listed entries", schema_v14},
    {15, "victims' aggregates per inspection; border posts; partners' routes and case profiles", schema_v15},
    {16, "worklist rows' inclusion probabilities; calibrations of rule weights", schema_v16},
};
const size_t insSchemaMigrationCount = INS_ARRAY_LEN(insSchemaMigrations);
