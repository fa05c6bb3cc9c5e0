/*
** ins_limits.h: every hard limit of inspector in one place.
**
** Input is untrusted.  Each bound below caps something an input file controls,
** so that a hostile or broken file is rejected instead of exhausting memory
** or time.  Change a limit here, never in the code that enforces it.
*/
#ifndef INS_LIMITS_H
#define INS_LIMITS_H

/* Largest single input file or archive member, in bytes. */
#define INS_MAX_FILE_BYTES (512u * 1024u * 1024u)
/* Largest archive member expanded into memory (e-documents are small). */
#define INS_MAX_MEMBER_BYTES (64u * 1024u * 1024u)
/* Most members read from one archive. */
#define INS_MAX_ARCHIVE_MEMBERS 200000u
/* Nested archive depth (a zip inside a zip). */
#define INS_MAX_ARCHIVE_DEPTH 2
/* Directory recursion depth when walking import paths. */
#define INS_MAX_DIR_DEPTH 32
/* How long a command waits for another's write lock before it gives up
** with "database is busy: ... retry", in milliseconds.  A batch of an
** import holds the lock for about half a second, a scoring run's copy for
** less, but a loaded machine (or a sanitizer build) can stretch that
** several times: waiting a minute beats failing an analyst's command. */
#define INS_DB_BUSY_MS 60000
/* The most $INSPECTOR_BUSY_MS may ask for (an hour). */
#define INS_DB_BUSY_MAX_MS 3600000
/* SQLite's page cache per connection, in KiB: what a transaction may keep
** dirty in memory before spilling to the WAL (it bounds peak RSS too). */
#define INS_DB_CACHE_KIB 131072
/* WAL pages after which a commit checkpoints them into the database (the
** WAL file grows to about this many pages of 4 KiB between checkpoints). */
#define INS_DB_CHECKPOINT_PAGES 16384
/* Files, and bytes of them, imported in one write transaction (each file in
** a savepoint of its own).  More shares a commit's cost among more files;
** fewer holds the write lock for less time (about 0.4 s at these values on
** the project machine; docs/PERFORMANCE.md). */
#define INS_IMPORT_TXN_FILES 1024u
#define INS_IMPORT_TXN_BYTES (32u * 1024u * 1024u)
/* Rows of a scoring run copied into the database per transaction (each
** table's rows in ranges of this many): how long a run holds the write lock
** at once. */
#define INS_SCORE_COPY_ROWS 50000
/* A plain file up to this size is read once, into memory, for its hash and
** its importer; a larger one is read twice, streamed. */
#define INS_IMPORT_KEEP_BYTES (8u * 1024u * 1024u)
/* Plain files read and hashed ahead of the importer by worker threads
** (importers/ahead.c): at most this many held at once, each at most
** INS_IMPORT_KEEP_BYTES, and at most this many worker threads. */
#define INS_IMPORT_AHEAD_FILES 16u
#define INS_IMPORT_AHEAD_THREADS 8u
/* A file read ahead up to this size that is XML is parsed ahead too, into
** a tree its importer walks (a tree takes several times the file's size). */
#define INS_IMPORT_TREE_BYTES (1024u * 1024u)
/* Identity keys (firms, establishments) a write transaction remembers
** with their row ids (src/idcache.c); past this many it starts again. */
#define INS_DB_ID_CACHE_KEYS 262144u
/* Longest reason given for reading identities in clear (src/audit.c). */
#define INS_MAX_AUDIT_REASON_BYTES 500
/* Bytes read from the start of a file to tell its format. */
#define INS_SNIFF_BYTES 8192u
/* Longest first line a CSV format is recognised by, in bytes (a longer
** header is cut here for the probes; the reader still reads it whole). */
#define INS_SNIFF_LINE_BYTES 2048
/* Longest text value kept from one XML element or CSV field. */
#define INS_MAX_FIELD_BYTES (64u * 1024u)
/* XML element nesting depth accepted. */
#define INS_MAX_XML_DEPTH 256
/* Most lines in one trade document. */
#define INS_MAX_DOC_LINES 100000
/* Most documents one trade document cites (guias, orders, prior documents). */
#define INS_MAX_DOC_REFS 10000
/* Most columns in a CSV header. */
#define INS_MAX_CSV_COLUMNS 256
/* Most rows accepted from one CSV file. */
#define INS_MAX_CSV_ROWS 5000000u
/* Longest CSV row, in bytes. */
#define INS_MAX_CSV_ROW_BYTES (1024u * 1024u)
/* Longest name kept for a firm or person, in bytes. */
#define INS_MAX_NAME_BYTES 1024
/* Longest path shown in messages. */
#define INS_MAX_PATH_BYTES 4096

/* ---- Rule engine (src/rule_*.c, src/score.c) ------------------------------ */
/* PCRE2 match limit (backtracking steps) per match of a rule's regex. */
#define INS_REGEX_MATCH_LIMIT 1000000u
/* PCRE2 depth limit (backtracking frames) per match. */
#define INS_REGEX_DEPTH_LIMIT 10000u
/* Most documents recorded as evidence of one hit. */
#define INS_MAX_HIT_DOCS 200u
/* Largest rule file read, in bytes. */
#define INS_MAX_RULE_FILE_BYTES (4u * 1024u * 1024u)
/* Most rules in one rule set. */
#define INS_MAX_RULES 10000
/* Most entries in one named list file. */
#define INS_MAX_LIST_ENTRIES 1000000u
/* Attributes named by one risk query's --fields (a schema record type has
** fewer; more is an error, not a silent cut). */
#define INS_MAX_QUERY_FIELDS 64
/* Columns of one read-only SQL statement's result (more is refused). */
#define INS_MAX_QUERY_COLUMNS 256
/* The read-only SQL hatch (`query --sql`): the longest one statement may
** run, in milliseconds (a caller may ask for less, never more); the
** SQLite heap it may take beyond what the connection holds when it starts
** and beyond the page cache (INS_DB_CACHE_KIB), in MiB, which also bounds
** the rows kept; and the virtual-machine steps between two looks at the
** clock. */
#define INS_SQL_HATCH_MS 60000
#define INS_SQL_HATCH_HEAP_MIB 256
#define INS_SQL_HATCH_PROGRESS_OPS 10000
/* Deepest nesting of expressions in a rule or query: each parenthesis, list
** element, function argument, `where`, `if` part, meta value, `not`, unary
** minus and each operator of an `and`, `or`, `+`/`-` or `*`/`/` chain counts
** one level.  The parser refuses more, with a located error, so that no
** stage after it (checker, evaluator, query compiler, all recursive) meets
** a tree deeper than about twice this and a hostile file cannot exhaust
** the C stack. */
#define INS_MAX_RULE_EXPR_DEPTH 200
/* Most quantifiers and aggregates (any/all/none, count/sum/...) nested
** inside one another; each binds a record, and the checker keeps one name
** scope per binding besides the subject's.  The checker refuses deeper
** nesting, so the evaluator never sees it. */
#define INS_MAX_QUANT_NESTING 7
/* Longest number literal in a rule, in bytes. */
#define INS_MAX_RULE_NUMBER_BYTES 63
/* Most values distinct() collects from one relation; the rest are left
** out of its text. */
#define INS_MAX_DISTINCT_VALUES 64

/* Name matching (src/match_*.c, src/screen.c). */
/* Tokens kept per name; the rest of a very long name is ignored. */
#define INS_MATCH_MAX_TOKENS 24
/* Words read per name before legal forms and the conjunctions before them
** are taken off: the tokens kept and room for those. */
#define INS_MATCH_MAX_WORDS (INS_MATCH_MAX_TOKENS + 8)
/* Legal forms kept per name ("GMBH & CO KG" is two). */
#define INS_MATCH_MAX_LEGAL_FORMS 4
/* Code points kept per token. */
#define INS_MATCH_MAX_TOKEN_CPS 48
/* Candidates fully scored per screened name (the best by blocking votes). */
#define INS_MATCH_MAX_SCORED 64
/* Records of a screened file held at once: read, screened by the threads,
** then written out in file order before the next are read. */
#define INS_SCREEN_BATCH_ROWS 2048

/* Subjects a scoring run evaluates a rule on at a time, shared among the
** threads (one per processor); their hits are held until the block is
** stored, in subject order.  Larger blocks start fewer threads and hold
** more hits. */
#define INS_SCORE_EVAL_BLOCK 16384
/* Most threads one screening uses (the default is the processors online). */
#define INS_MAX_THREADS 64

/* Bytes of one text of a worklist card in HTML (reasons, evidence...): a
** card must fit an A4 page; the CSV and JSON keep the whole text. */
#define INS_HTML_CARD_FIELD_BYTES 1200

/* The widest table --width or $COLUMNS may ask for (characters). */
#define INS_MAX_TABLE_WIDTH 10000
/* Postings read from the blocking index per screened name. */
#define INS_MATCH_MAX_POSTINGS 400000u
/* Identifiers read per screened record. */
#define INS_MATCH_MAX_IDS 4
/* Longest identifier kept, in bytes. */
#define INS_MATCH_MAX_ID_BYTES 64
/* Listings a screened record finds by identifier: this many for each
** identifier it may have (INS_MATCH_MAX_IDS), shared among them. */
#define INS_MATCH_MAX_ID_HITS 8
/* Birth dates and countries kept per listing. */
#define INS_MATCH_MAX_BIRTHS 3
#define INS_MATCH_MAX_COUNTRIES 4
/* Candidates asked for per name when linking listings to firms and
** persons, and listings linked to one firm or person. */
#define INS_MATCH_LINK_CANDIDATES 16
#define INS_MATCH_MAX_LINKS 32

/* ---- The binational exchange file (exchange.c, docs/EXCHANGE.md) -------- */
/* Largest exchange file read. */
#define INS_EXCHANGE_MAX_BYTES (256u * 1024u * 1024u)
/* Firm alerts written in one file, and goods (HS6) per firm. */
#define INS_EXCHANGE_MAX_ITEMS 1000000u
#define INS_EXCHANGE_MAX_GOODS 100
/* Tiers of suppliers above a firm trading with the partner that an
** exchange file follows (the supply paths ending in that firm). */
#define INS_EXCHANGE_SUPPLY_TIERS 3
/* Bytes of a shared pseudonymisation key file. */
#define INS_EXCHANGE_MIN_KEY_BYTES 32u
#define INS_EXCHANGE_MAX_KEY_BYTES 4096u
/* The cost of one pseudonym (Argon2id): 3 passes over 16 MiB, about a
** tenth of a second on one core, so that the 10^8 DNIs of an 8-digit space
** cost a key holder years of one core to enumerate (docs/EXCHANGE.md). */
#define INS_EXCHANGE_PWHASH_OPS 3u
#define INS_EXCHANGE_PWHASH_MEM (16u * 1024u * 1024u)

/* ---- Importers: what one document may hold (importers/) ----------------
** Past these bounds an importer keeps what it has read and counts the rest
** (a "bounds" warning on the document), or rejects the file where noted. */
/* Goods items kept per customs declaration (CDS and the SAD allow 999). */
#define INS_MAX_CUSTOMS_ITEMS 9999
/* Extra values (containers, procedures...) kept per customs declaration. */
#define INS_MAX_CUSTOMS_ATTRS 20000
/* Parties kept per WCO declaration. */
#define INS_MAX_CUSTOMS_PARTIES 1000
/* Cited documents kept per WCO declaration. */
#define INS_MAX_CUSTOMS_REFS 5000
/* Records read from one file of a SUNAT Teledespacho transmission (text or
** dBASE), and from all of its files; more refuses the transmission. */
#define INS_MAX_TD_ROWS 1000000u
/* Cells (records times fields) held for one transmission, whatever their
** content: a wide header over many short lines costs a cell each. */
#define INS_MAX_TD_CELLS 8000000u
/* Fields of one Teledespacho file, and bytes of one of its lines. */
#define INS_MAX_TD_FIELDS 256
#define INS_MAX_TD_LINE_BYTES (1024u * 1024u)
/* Characters of an agency's order number (NUME_ORDEN: six in the
** structures); a longer one is no order key. */
#define INS_MAX_TD_ORDER_CHARS 10
/* Files, and bytes of all of them, in one group an importer reads whole (a
** Teledespacho transmission: the files of a directory or of an archive's
** folder, responses that accumulate included); more refuses the group. */
#define INS_MAX_GROUP_FILES 4096
#define INS_MAX_GROUP_BYTES (256u * 1024u * 1024u)
/* Groups of one zip archive gathered at once (folders whose members are
** interleaved); past it the oldest is imported as it stands. */
#define INS_MAX_PENDING_GROUPS 64
/* Declarations (orders) in one Teledespacho transmission. */
#define INS_MAX_TD_ORDERS 100000u
/* Rejected parts of one group logged one by one; the rest in one line. */
#define INS_MAX_PARTS_LOGGED 100
/* Element levels searched for a WCO Declaration inside an envelope. */
#define INS_MAX_ENVELOPE_DEPTH 8
/* Largest damaged XML file parsed again in recovery mode (a whole DOM). */
#define INS_MAX_RECOVER_BYTES (16u * 1024u * 1024u)
/* Longest transport_legs.description kept (item texts joined), in bytes. */
#define INS_MAX_LEG_DESCRIPTION_BYTES 2000
/* Attribute values (containers, tariff codes...) kept per despatch advice. */
#define INS_MAX_DESPATCH_ATTRS 1000
/* Vehicles, transport equipment ids and drivers kept per leg (a real guia
** names one to three of each). */
#define INS_MAX_PER_LEG 100
/* Datasets in one OpenSanctions file (more rejects the file). */
#define INS_MAX_LIST_DATASETS 4096
/* Dates read from one inclusion field of the Brazilian cadastro. */
#define INS_MAX_PERIOD_DATES 64

/* Payroll and the case register (importers/plame.c, importers/ref_minwage.c,
** importers/inspections_csv.c). */
/* Earliest year of a PLAME file's period accepted in its name (an older
** name is not a PLAME name). */
#define INS_PLAME_MIN_YEAR 1990
/* Longest worker document number kept for hashing (passports are the longest). */
#define INS_PLAME_MAX_DOC_NUMBER 24
/* Largest amount of money on one PLAME .rem line, and (exclusive) largest
** monthly minimum wage. */
#define INS_PAYROLL_MAX_AMOUNT 1e9
/* Largest exchange rate to PEN a rates file may give (PEN per unit of a
 * currency; the weakest currency Peru trades in is far below). */
#define INS_MAX_EXCHANGE_RATE 1e6
/* Most digits of a count (infractions, workers, worklist id and rank) in a
** case register file. */
#define INS_CASE_MAX_COUNT_DIGITS 9
/* Categories in one inspection's victim aggregates, and the bytes of one
** category (an interpreter's language). */
#define INS_CASE_MAX_VICTIM_CELLS 64
#define INS_CASE_MAX_CATEGORY_BYTES 32
/* The smallest count a case profile publishes (and an exchange file
** carries): smaller ones are shown as "<5", with secondary suppression. */
#define INS_PROFILE_MIN_CELL 5
/* Bytes read from the start of a case register file to choose its
** delimiter (the header line must fit). */
#define INS_CASE_HEAD_BYTES 4096

/* Plausibility of what trade documents state (docs/FORMATS.md, "Plausibility
** bounds").  A value outside is warned on its document ("implausible") and
** kept out of sums and shares; the file still imports. */
/* Largest amount, quantity or weight of one line: a trillion (of soles,
** units or kilograms) is beyond any real invoice, 1e308 is an attack. */
#define INS_PLAUSIBLE_MAX_AMOUNT 1e12
/* Earliest plausible issue date (SUNAT's electronic documents began in
** 2010; paper-era dates back to 1990 may appear in migrated data); the
** latest is a year after today. */
#define INS_PLAUSIBLE_MIN_DATE "1990-01-01"
#define INS_PLAUSIBLE_FUTURE_DAYS 366

#endif /* INS_LIMITS_H */
