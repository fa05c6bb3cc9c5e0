/*
** ins_internal.h: internal umbrella header of libinspector.  Not installed.
**
** Internal names carry a subsystem prefix: insBuf (string buffers), insU
** (utilities), insDb (database), insModel (firms, establishments, persons,
** documents), insId (identifiers), insNorm (name normalisation).
*/
#ifndef INS_INTERNAL_H
#define INS_INTERNAL_H

#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "inspector.h"
#include "ins_limits.h"

/* ---- translation ------------------------------------------------------- */
#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext(PACKAGE, s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

/*
** Document text (doc_text.c): the fixed words of worklists, reports and
** evaluations, translated into the document language (ins_set_doc_language)
** rather than the interface locale.  DN_ marks such text in tables, D_ of
** the entry translates it where it is used.
*/
typedef struct ins_doc_entry {
    const char *msgid;  /* English source */
    const char *msgstr; /* its translation */
} ins_doc_entry;
/* format_arg: a D_() format is checked against its arguments as the
** literal it was, as gettext's are (and -Wformat-security accepts it). */
#if defined(__GNUC__)
const char *insDocText(const char *msgid) __attribute__((format_arg(1)));
#else
const char *insDocText(const char *msgid);
#endif
#define D_(s) insDocText(s)
#define DN_(s) (s)

#define INS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* A macro's value as a string literal (INS_STR(INS_DB_CACHE_KIB) is "131072"). */
#define INS_STR_(x) #x
#define INS_STR(x) INS_STR_(x)

/* ---- dynamic string buffer (buf.c) ------------------------------------- */
/*
** A growable, always NUL-terminated byte string.  Every string built from
** input goes through one of these; no fixed buffers are filled from input.
*/
typedef struct ins_buf {
    char *s;    /* NUL-terminated; NULL until first append */
    size_t len; /* bytes used, excluding the NUL */
    size_t cap; /* bytes allocated */
    int oom;    /* set once an allocation failed; later appends are no-ops */
} ins_buf;

void insBufInit(ins_buf *b);
void insBufFree(ins_buf *b);
void insBufReset(ins_buf *b);
int insBufAppend(ins_buf *b, const char *s, size_t len);
int insBufAppendStr(ins_buf *b, const char *s);
int insBufAppendChar(ins_buf *b, char c);
int insBufPrintf(ins_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int insBufVprintf(ins_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Returns the string ("" when empty); valid until the next change. */
const char *insBufStr(const ins_buf *b);
/* Hands the string to the caller (malloc'd) and resets the buffer. */
char *insBufDetach(ins_buf *b);

/* 1 when S is wholly a decimal number (escape.c). */
int insTextIsNumber(const char *s);
/* Text escaped for its medium (escape.c): a JSON string with its quotes,
** HTML text (also safe in a quoted attribute), one RFC 4180 CSV cell. */
void insBufJsonString(ins_buf *b, const char *s);
void insBufHtml(ins_buf *b, const char *s);
void insBufCsvCell(ins_buf *b, const char *s);

/* ---- utilities (util.c) ------------------------------------------------ */
char *insUStrndup(const char *s, size_t n);
char *insUStrdup(const char *s);
/* Copies at most dstsize-1 bytes and always terminates; returns strlen(src). */
size_t insUStrlcpy(char *dst, const char *src, size_t dstsize);
/* Trims ASCII and Unicode NBSP whitespace in place; returns s. */
char *insUTrim(char *s);
/* 1 when [s, s+len) is valid UTF-8. */
int insUUtf8Valid(const char *s, size_t len);
/* A malloc'd copy of [s, s+len) with every byte that begins no valid UTF-8
** sequence replaced by U+FFFD; *nbad counts them. */
char *insUUtf8Repair(const char *s, size_t len, size_t *nbad);
/* Returns a malloc'd UTF-8 copy of [s, s+len): as-is when valid UTF-8,
** otherwise read as ISO-8859-1. */
char *insUToUtf8(const char *s, size_t len);
/* SHA-256 of a memory block as 64 lowercase hex digits + NUL. */
void insUSha256Hex(const void *data, size_t len, char out[65]);
/* Streaming SHA-256. */
typedef struct ins_sha256 { unsigned char state[128]; } ins_sha256;
void insUSha256Init(ins_sha256 *h);
void insUSha256Update(ins_sha256 *h, const void *data, size_t len);
void insUSha256Final(ins_sha256 *h, char out[65]);
/* Parses a decimal number (dot or comma decimal); 1 on success. */
int insUParseDouble(const char *s, double *out);
/* Accepts YYYY-MM-DD (optionally followed by time); writes YYYY-MM-DD into
** out[11]; 1 on success. */
int insUParseDate(const char *s, char out[11]);
/* Current UTC time as ISO 8601 into out[21]. */
void insUNowIso(char out[21]);
/* Days since 1970-01-01 (proleptic Gregorian) of the "YYYY-MM-DD" that
** starts the LEN bytes at S, into *OUT; 1 on success, 0 (OUT untouched)
** when it is no valid date.  Rule values, as-of dates and windows count
** days this way. */
int insDateParse(const char *s, size_t len, int32_t *out);
/* 1 when the date ISO is within the plausible range of ins_limits.h. */
int insPlausibleDate(const char *iso);
/* Writes DAYS since 1970-01-01 as YYYY-MM-DD into out[11]. */
void insDateFormat(int32_t days, char out[11]);
/* 64-bit FNV-1a of LEN bytes (hash tables that find, never order). */
uint64_t insUHashBytes(const void *p, size_t len);
/* Case-insensitive ASCII comparison. */
int insUStrieq(const char *a, const char *b);
/* Returns V with room for NEED elements of SIZE (capacity in *CAP), doubling;
** NULL when out of memory or when the size would overflow (V and *CAP
** unchanged).  Every growing array goes through it. */
void *insUGrow(void *v, size_t *cap, size_t need, size_t size);
/* Runs FN on each of the N (at most INS_MAX_THREADS) elements of SIZE bytes
** at ARGS: the first on the calling thread, the others on threads of their
** own, and any whose thread cannot start on the calling thread after;
** returns when all are done.  Work shared by a counter or split in fixed
** parts comes out the same, only slower, when threads are short. */
void insURunThreads(int (*fn)(void *), void *args, size_t size, unsigned n);
/* Threads to compute on: ASKED, or (0) the processors online; from 1 to
** INS_MAX_THREADS. */
unsigned insUThreads(unsigned asked);
/* Keeps V in *DST unless *DST is set already (then frees V). */
void insUSetOnce(char **dst, char *v);
/* Keeps only digits of s into a malloc'd string. */
char *insUDigitsOnly(const char *s);

/* ---- identifiers (ident.c) ---------------------------------------------- */
/* Identifier schemes used as firm and person keys. */
#define INS_SCHEME_PE_RUC "PE-RUC"
#define INS_SCHEME_PE_DNI "PE-DNI"
#define INS_SCHEME_PE_CE "PE-CE"     /* carnet de extranjeria */
#define INS_SCHEME_PASSPORT "PASSPORT"
#define INS_SCHEME_PE_PTP "PE-PTP"   /* permits F/H for migrants */
#define INS_SCHEME_AR_CUIT "AR-CUIT"
#define INS_SCHEME_EORI "EORI"
#define INS_SCHEME_NAME "NAME"       /* known by name and country only */
#define INS_SCHEME_OTHER "OTHER"

/* Maps a SUNAT catalogo 06 code (6, 1, 4, 7, 0, A, F, H...) to a scheme;
** NULL for 0/"-" (no document). */
const char *insIdSchemeFromCat06(const char *code);
/* A DAM number in SUNAT's citing form OOO-YYYY-RR-NNNNNN, from the ways
** documents write it (leading zeros dropped, other separators, the digits
** alone): 1 when S is one (written to OUT), else 0. */
#define INS_DAM_NUMBER_BYTES 24
int insIdDamNumber(const char *s, char out[INS_DAM_NUMBER_BYTES]);
/* 1 when ID holds a letter or a digit other than 0 ("-", "0000", "" say none). */
int insIdPresent(const char *id);
/* Validates an identifier of SCHEME: 1 valid, 0 bad check digit,
** -1 malformed, 2 no check defined for the scheme. */
int insIdValidate(const char *scheme, const char *id);

/* ---- name normalisation (normalize.c) ----------------------------------- */
/* NFKD, accents removed, case folded, punctuation to spaces, spaces
** collapsed.  Returns malloc'd string (never NULL unless out of memory). */
char *insNormName(const char *s);
/* Maps a country name or ISO code ("Peru", "PE", "PER", "CHINA") to ISO
** 3166-1 alpha-2 into out[3]; 1 when known. */
int insNormCountry(const char *s, char out[3]);

/* ---- database (db.c, schema.c) ----------------------------------------- */
struct ins_db {
    sqlite3 *h;
    char *path;
    int readonly;
    /* prepared statement cache, keyed by SQL text pointer */
    struct ins_stmt_cache *cache;
    size_t ncache, capcache;
    char failtext[256];  /* insDbFailText's last words */
    /* identity rows this connection's write transaction knows (idcache.c) */
    struct ins_idcache *idcache;
    int64_t idcache_version; /* PRAGMA data_version when it was last valid */
    int idcache_live;        /* valid now: inside insDbBegin's transaction */
    char hatch_secret[33];   /* names the SQL hatch's blanking views (privacy.c) */
};

/* The identity cache of write transactions (idcache.c). */
int insDbIdCacheGet(ins_db *db, char tag, const char *key, int64_t *id, unsigned *mask);
void insDbIdCachePut(ins_db *db, char tag, const char *key, int64_t id, unsigned mask);
void insDbIdCacheBegin(ins_db *db);
void insDbIdCacheEnd(ins_db *db, int committed, int all);
void insDbIdCacheClear(ins_db *db);
void insDbIdCacheFree(ins_db *db);

/*
** The last failure on DB in plain words, as a person can act on it: a
** busy or locked database says "database is busy: ... retry", a full one
** "database or disk is full", read-only media and I/O errors say so; other
** failures give SQLite's message.  Kept in DB until the next call.
*/
const char *insDbFailText(ins_db *db);

/* Returns a cached prepared statement for SQL (a string literal: the cache
** is keyed by pointer), reset and with bindings cleared. NULL on error. */
sqlite3_stmt *insDbStmt(ins_db *db, const char *sql);
int insDbExec(ins_db *db, const char *sql);
int insDbBegin(ins_db *db);
int insDbCommit(ins_db *db);
int insDbRollback(ins_db *db);
int insDbSavepoint(ins_db *db);
int insDbRelease(ins_db *db);
int insDbRollbackTo(ins_db *db);
/* A unit of writes, whole or nothing: a transaction, or a savepoint inside
** the caller's (db.c). */
enum { INS_WRITE_SAVEPOINT = 1, INS_WRITE_TXN = 2 };
int insDbWriteBegin(ins_db *db);
int insDbWriteEnd(ins_db *db, int kind, int keep);
/* Runs the migrations up to the latest schema. */
int insDbMigrate(ins_db *db, char **errmsg);
const char *insDbErr(ins_db *db);
/* Binds text or NULL when s is NULL or empty. */
int insDbBindText(sqlite3_stmt *st, int i, const char *s);
/* Binds a double or NULL when has == 0. */
int insDbBindOptDouble(sqlite3_stmt *st, int i, int has, double v);
/* Runs SQL (no parameters) and returns the first column of its first row
** as an int64, or -1 on error or no row. */
int64_t insDbScalarInt(ins_db *db, const char *sql);

typedef struct ins_migration {
    int version;
    const char *name;
    const char *sql;
} ins_migration;
extern const ins_migration insSchemaMigrations[];
extern const size_t insSchemaMigrationCount;

/* ---- personal data (privacy.c) ------------------------------------------ */
/* What a table or column holds: a natural person's identity or data tied
** to it (PERSON: the SQL hatch never reads it), or not (CLEAR). */
typedef enum ins_privacy_class { INS_PRIV_CLEAR = 0, INS_PRIV_PERSON = 1 } ins_privacy_class;
/* One row of the classification: a table (COLUMN NULL) or one column. */
typedef struct ins_privacy_entry {
    const char *table;
    const char *column;
    ins_privacy_class cls;
    const char *why;
} ins_privacy_entry;
/* Every table and view of the schema, and the personal columns of the
** CLEAR ones; a new table gets its row in the same commit. */
extern const ins_privacy_entry insPrivacyEntries[];
extern const size_t insPrivacyEntryCount;
/* 1 when the SQL hatch must not read COLUMN of TABLE (COLUMN "" or NULL:
** the table as a whole). */
int insPrivacyDenied(const char *table, const char *column);
/* A column of a table that mixes persons with firms, blanked (NULL) in the
** rows of persons when the hatch reads it: PERSON_ROWS is the SQL condition
** on the table's row (NULL: that of the entry before, same table). */
typedef struct ins_privacy_blank {
    const char *table;
    const char *column;
    const char *person_rows;
} ins_privacy_blank;
extern const ins_privacy_blank insPrivacyBlanks[];
extern const size_t insPrivacyBlankCount;
int insPrivacyMixed(const char *table);
int insPrivacyBlanked(const char *table, const char *column);
int insPrivacyMixedViews(ins_db *db);
int insPrivacyBlankingView(const ins_db *db, const char *name);
/* Bytes of a vehicle plate's spellings, with the NUL (insIdPlateSpellings). */
#define INS_PLATE_BYTES 32
/* A plate upper-cased without blanks, and its second spelling (dash
** removed, or added after the third of six characters). */
void insIdPlateSpellings(const char *ident, char plate[INS_PLATE_BYTES], char alt[INS_PLATE_BYTES]);
/* 1 when identifiers of SCHEME name a natural person (DNI, CE, passport,
** PTP, CPF): messages never quote them. */
int insIdSchemePersonal(const char *scheme);

/* ---- pseudonyms of persons' identifiers (pseudonym.c) --------------------- */
/* Sets *ERR (if given, and not set yet) to the one-line message FMT and
** returns CODE. */
int insErrSet(char **err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The shared key as used: a 32-byte BLAKE2b of the key file's bytes, its
** public id (the first eight bytes of a second hash, in hex: which key,
** never the key), and the salt of the slow hash. */
typedef struct ins_pseudo_key {
    unsigned char k[32];
    unsigned char salt[16];
    char id[17];
} ins_pseudo_key;
/* Reads the shared key file PATH (INS_EXCHANGE_MIN_KEY_BYTES to _MAX). */
int insPseudoKeyRead(const char *path, ins_pseudo_key *k, char **err);
/* "CC-SCHEME:value" of a natural person's identifier into OUT; 0 when
** SCHEME/VALUE is no person's. */
int insPseudoForm(const char *scheme, const char *value, char *out, size_t size);
/* The pseudonym of FORM under K, 64 hex digits (about 0.1 s). */
int insPseudonym(const ins_pseudo_key *k, const char *form, char out[65]);

/* ---- model (model.c) ---------------------------------------------------- */
/*
** Facts know the document they came from.  A source file is one imported
** file (sha256-unique); a document is one business document inside it (an
** invoice, a guia, a facility list, a declaration).
*/
typedef struct ins_doc_info {
    const char *kind;       /* "invoice", "despatch", "facility_list", ... */
    const char *type_code;  /* 01, 03, 07, 08, 09, 31 ... */
    const char *generation; /* "ubl-2.1", "ubl-2.1-early", "ubl-2.0", "gre-2.0", "guia-1.0" */
    const char *number;     /* series-number */
    const char *issue_date; /* YYYY-MM-DD */
    const char *currency;
    const char *operation_type; /* catalogo 51 for invoices */
    int64_t issuer_firm_id; /* 0 when none */
} ins_doc_info;

/* A party as read from a document. */
typedef struct ins_party {
    const char *scheme;  /* INS_SCHEME_*; NULL -> decide from id shape */
    const char *id;      /* tax id or document number; may be NULL */
    const char *name;
    const char *country; /* ISO alpha-2; NULL -> "PE" for PE schemes */
} ins_party;

int64_t insModelDocument(ins_db *db, int64_t file_id, const ins_doc_info *d);
/* Finds or creates a firm; records the name seen (with document) and a
** warning when the identifier's check digit fails.  Returns id or 0 when
** the party carries neither id nor name, -1 on database error. */
int64_t insModelFirm(ins_db *db, int64_t doc_id, const ins_party *p);
/* Records a read of identities in clear (audit.c): INS_OK, INS_ERR_ARG
** for a bad reason, INS_ERR_DB when it could not be written. */
int insAuditIdentityRead(ins_db *db, const char *command, const char *subject, const char *reason,
                         const char *shown);
/* Resolves a party that may carry only a name (customs traders): by
** identifier when it has one, else to the one identified firm of its
** country with that normalised name, else to a NAME firm.  *RESOLVED_BY
** receives "identifier", "name" or "new".  Returns id, 0 when the party
** carries neither id nor name, -1 on database error. */
int64_t insModelFirmByName(ins_db *db, int64_t doc_id, const ins_party *p,
                           const char **resolved_by);
/* Finds or creates an establishment of FIRM_ID. ANNEX may be NULL. */
typedef struct ins_estab_info {
    const char *annex_code;
    const char *ubigeo;
    const char *address;
    const char *country;
    const char *name;
    const char *sector;
    int has_coords;
    double lat, lng;
    int64_t workers; /* -1 unknown */
} ins_estab_info;
int64_t insModelEstablishment(ins_db *db, int64_t doc_id, int64_t firm_id,
                              const ins_estab_info *e);
/* Finds or creates a natural person (drivers, signatories). */
int64_t insModelPerson(ins_db *db, int64_t doc_id, const char *scheme,
                       const char *number, const char *given,
                       const char *family);
/* Records a non-fatal problem with a document (bad check digit...). */
int insModelWarn(ins_db *db, int64_t doc_id, const char *code,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* SQL expression of an establishment's display key over establishments e
** joined to firms f: "TAXID/ANNEX-or-UBIGEO#ID", unique and readable.  Used
** wherever scores, hits and worklists name establishments. */
#define INS_ESTAB_KEY \
    "(COALESCE(f.tax_id, f.name) || '/' || COALESCE(e.annex_code, e.ubigeo, '-') || '#' || e.id)"

/* SQL expression naming a document d for people: "01 F001-123", "09
** T002-172", or, for documents without a number (a supplier list, a
** reference file), the file name.  Needs documents d; reads source_files. */
#define INS_DOC_LABEL \
    "(COALESCE(d.type_code || ' ', '') || COALESCE(d.number, (SELECT substr(f.path," \
    " length(rtrim(f.path, replace(f.path, '/', ''))) + 1) FROM source_files f WHERE f.id = d.file_id)," \
    " d.kind || ' ' || d.id))"

/* SQL expression of the product (HS heading, 4 digits) of trade lines t:
** from the HS6 or, failing that, the declared tariff code; '' unknown. */
#define INS_PRODUCT_EXPR \
    "COALESCE(substr(t.hs6, 1, 4), CASE WHEN length(t.tariff_code) >= 4 THEN substr(t.tariff_code, 1, 4) END, '')"

/* Keeps a value the model has no column for (record_attributes). */
int insModelAttribute(ins_db *db, int64_t doc_id, int64_t record_no, const char *entity,
                      int64_t entity_id, const char *name, const char *value);

/* ---- derived tables (derive.c) -------------------------------------------- */
/* Rebuilds the supply_edges table from trade lines (set-based, whole table). */
int insModelRebuildEdges(ins_db *db);
/* Converts trade-line amounts above line id AFTER to PEN (0: every line
** not in PEN), with a warning on documents left unconverted (derive.c). */
int insModelConvertAmounts(ins_db *db, int64_t after);
/* Recomputes the supply edges of the (seller, buyer) pairs that trade
** lines with ids above AFTER touch, inside the caller's transaction. */
int insModelUpdateEdges(ins_db *db, int64_t after);
/* Recomputes payroll_months of FIRM_ID and PERIOD (all months when
** FIRM_ID is 0) from payroll_workers and the dated minimum wage. */
int insPayrollMonths(ins_db *db, int64_t firm_id, const char *period);

/* ---- the bulk insert path (bulk.c) ----------------------------------------- */
/*
** Writes a world the caller already holds (firms, documents, trade lines)
** straight to the model in one transaction, with prepared statements
** reused for every row; insBulkEnd then builds the supply edges set-wise.
** For producers of consistent data (bench/graphgen), not for files.
*/
typedef struct ins_bulk ins_bulk;

/* A firm of a bulk load and its main establishment. */
typedef struct ins_bulk_firm {
    const char *scheme;  /* INS_SCHEME_*; NULL with a tax id: OTHER */
    const char *tax_id;  /* NULL: keyed by country and name */
    const char *country; /* ISO alpha-2 */
    const char *name;    /* required */
    const char *ubigeo;  /* main establishment (annex 0000): written when ubigeo or address is set */
    const char *address;
    const char *sector;
    int64_t workers; /* -1 unknown */
} ins_bulk_firm;

/* A trade line of a bulk load (an invoice line). */
typedef struct ins_bulk_line {
    int64_t document_id;
    int line_no;
    int64_t seller_firm_id, buyer_firm_id, seller_establishment_id; /* 0: none */
    const char *date;        /* YYYY-MM-DD */
    const char *description;
    const char *tariff_code; /* partida, 10 digits; hs6 is its first six */
    double quantity;
    const char *unit;
    double amount;
    const char *currency;
    int sign; /* -1 credit note, else 1 */
} ins_bulk_line;

/* Begins a load named SOURCE (refused when loaded before); *OUT to finish with insBulkEnd. */
int insBulkBegin(ins_db *db, const char *source, ins_bulk **out);
/* A new firm (and its main establishment into *ESTAB); its id or -1. */
int64_t insBulkFirm(ins_bulk *b, const ins_bulk_firm *f, int64_t *estab);
/* A document of the load; its id or -1. */
int64_t insBulkDocument(ins_bulk *b, const ins_doc_info *d);
/* A trade line; its id or -1. */
int64_t insBulkTradeLine(ins_bulk *b, const ins_bulk_line *l);
/* Commits (first documents, supply edges) or rolls back, and frees B. */
int insBulkEnd(ins_bulk *b, int commit);

/* ---- the case register (cases.c) ------------------------------------------ */
/* Validates one inspection and writes it in the caller's transaction: the
** one validation of a case row, shared by the CSV importer and
** ins_inspection_add.  DOC/ROW: the CSV file's document and row (0 for a
** manual record); SOURCE a string literal; the reason of an INS_ERR_ARG or
** INS_ERR_NOTFOUND goes to WHY. */
int insCaseRecord(ins_db *db, int64_t doc, unsigned long row, const ins_inspection *in,
                  const char *source, ins_buf *why, int *updated);

/* ---- results (result.c) ------------------------------------------------------ */
ins_result *insResultNew(const char *title, const char *note, const char *const *cols, size_t ncols);
long insResultAddRow(ins_result *r);
int insResultSet(ins_result *r, size_t row, size_t col, const char *val);
int insResultSetf(ins_result *r, size_t row, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int insResultAddPair(ins_result *r, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Options of insResultHtmlTable (result_write.c), or-ed together. */
enum {
    INS_HTML_CAPTION = 1 << 0,  /* a caption: the title, [file name], the note */
    INS_HTML_SECTIONS = 1 << 1, /* header row in thead, rows in tbody */
    INS_HTML_NUMERIC = 1 << 2,  /* cells that look like numbers right-aligned (class n) */
    INS_HTML_WIDE = 1 << 3,     /* tables of more than 9 columns of class wide */
    INS_HTML_WBR = 1 << 4,      /* column names may break after '_' */
    INS_HTML_CONTROL = 1 << 5,  /* rows whose control cell is 1 of class control */
    INS_HTML_EMPTY = 1 << 6,    /* a "(sin filas)" row when there is none */
};
/* Appends R as one HTML table to B, every text escaped; FILE names it in
** the caption (NULL: not named). */
void insResultHtmlTable(ins_buf *b, const ins_result *r, const char *file, unsigned flags);
/* Spanish label of an ILO indicator tag ("ilo.isolation" -> "aislamiento"). */
const char *insIndicatorLabel(const char *tag);

#endif /* INS_INTERNAL_H */
