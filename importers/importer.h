/*
** importer.h: the one interface every input format implements.
**
** The driver (import.c) finds files, expands archives, hashes content,
** skips what was already imported, tells the format from content (sniff),
** and runs the chosen importer inside one transaction per file.  An
** importer only reads its format and calls the model (model.c, through
** ins_internal.h); it never opens a transaction nor writes output.  It
** reads its bytes through insReaderRead and rejects a file by returning
** insImportReject(...) (reader.c), which makes the driver roll the file
** back whole.  The driver calls the formats; no format calls the driver.
**
** Readers for the two families of formats are shared: xmlread.c (a secure
** streaming xmlTextReader that expands one record subtree at a time, and
** every libxml2 parser setting) and csvread.c (libcsv, streaming,
** header-driven).  Writers shared by a family of formats: customs.c
** (declarations), listings.c (sanctions and labour lists), refdata.c
** (reference files).
*/
#ifndef INS_IMPORTER_H
#define INS_IMPORTER_H

#include "ins_internal.h"
#include "ins_csv.h"

#include <libxml/tree.h>

/* One file of a group an importer reads whole (a Teledespacho
** transmission: its header, series and other files together). */
typedef struct ins_member {
    const char *name;          /* base name, e.g. "ADUAHDR1.TXT" */
    const char *display;       /* path or "archive.zip!dir/member" */
    const unsigned char *mem;  /* its content */
    size_t len;
} ins_member;

/* One input: a plain file, a member of an archive, or a group of files. */
typedef struct ins_source {
    const char *display;      /* path, or "archive.zip!member" */
    const char *path;         /* file system path of a plain file, else NULL */
    const unsigned char *mem; /* content of an archive member, else NULL */
    size_t mem_len;
    uint64_t size;
    char sha256[65];
    xmlDocPtr tree;           /* the content parsed ahead (insXmlParseAhead), else NULL */
    const ins_member *members; /* a group: its files, sorted by name (mem is then NULL) */
    size_t nmembers;
} ins_source;

/* ---- reading a source and rejecting it (reader.c) --------------------- */
/* A sequential reader over a source's bytes. */
typedef struct ins_reader {
    const ins_source *src;
    void *fp;       /* FILE* for plain files */
    size_t off;     /* position in mem */
    uint64_t total; /* bytes read so far */
    int error;      /* set when a read failed or a limit was hit */
} ins_reader;

int insReaderOpen(ins_reader *r, const ins_source *src);
/* Reads up to N bytes; returns bytes read, 0 at end, -1 on error. */
long insReaderRead(ins_reader *r, void *buf, size_t n);
void insReaderClose(ins_reader *r);

/* What the driver saw of a file's start, for telling formats apart. */
typedef struct ins_sniff {
    const unsigned char *head; /* first bytes (BOM included) */
    size_t head_len;
    int is_xml;                /* root element found */
    char root_local[128];      /* root element local name */
    char root_ns[256];         /* its namespace URI */
    char first_line[INS_SNIFF_LINE_BYTES]; /* first non-empty line, BOM removed, for CSV */
    unsigned first_line_no;    /* its line number (1: the file's first line) */
    const char *filename;      /* base name of the file (may guide, never decide) */
} ins_sniff;

/* State of one file's import, handed to the importer. */
typedef struct ins_import_ctx {
    ins_db *db;
    const ins_source *src;
    int64_t file_id;  /* source_files row of this file */
    const char *kind; /* importer kind */
    ins_buf reason;   /* rejection reason, set by insImportReject */
    unsigned records; /* records imported from this file */
    int trade_changed; /* set when trade lines were added: edges rebuilt */
    unsigned long bad_utf8; /* XML values whose invalid UTF-8 was replaced (xmlread.c); the driver warns */
    struct ins_part_reject {
        char *what;   /* which part: " order 118-2025-40-000123" */
        char *reason;
    } *parts;         /* parts of a group rejected while the rest imports (insImportRejectPart) */
    size_t nparts, cap_parts;
} ins_import_ctx;

typedef struct ins_importer {
    const char *kind;        /* e.g. "sunat-invoice" */
    const char *description; /* one line, for --help and docs */
    /* Confidence 0-100 that the file is of this kind (0: not mine). */
    int (*sniff)(const ins_sniff *s);
    /* Imports the file; returns INS_OK or an error from insImportReject. */
    int (*run)(ins_import_ctx *ctx);
    int flags; /* INS_IMPORTER_*; last, so initializers may leave it out */
    /* For formats whose files come in groups: 1 when a file of base name
    ** NAME belongs to a group, which the driver then hands over whole (the
    ** files of one directory, or of one folder of an archive); NULL for
    ** formats of one file each. */
    int (*group_member)(const char *name);
} ins_importer;

/*
** The file's name is part of its identity: two files with the same bytes
** but different names are different documents (a PLAME month whose
** workforce did not change has the same content as the month before; its
** period and employer are only in its name).
*/
#define INS_IMPORTER_NAME_IDENTITY 0x1

/* Sets the one-line rejection reason (the first one wins) and returns
** CODE (INS_ERR_FORMAT for INS_OK) for the importer to return. (reader.c) */
int insImportReject(ins_import_ctx *ctx, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
** Records that part WHAT of a group (one declaration of a transmission)
** was rejected for the reason FMT, while the rest imports: the importer
** rolls the part back itself (insImportPartBegin/End); the driver logs
** each part as a rejected entry of the group.  INS_OK, or INS_ERR_NOMEM.
** (reader.c)
*/
int insImportRejectPart(ins_import_ctx *ctx, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A part of a group written whole or not at all: a savepoint inside the
** file's own.  Begin returns INS_OK or INS_ERR_DB; End keeps the part's
** writes when KEEP, else undoes them. (reader.c) */
int insImportPartBegin(ins_import_ctx *ctx);
int insImportPartEnd(ins_import_ctx *ctx, int keep);
void insImportPartsFree(ins_import_ctx *ctx);

/* The registry (registry.c). */
extern const ins_importer *const insImporters[];
extern const size_t insImporterCount;
const ins_importer *insImporterFind(const char *kind);

/* The importers (one file each). */
extern const ins_importer insImporterUblInvoice;
extern const ins_importer insImporterUblDespatch;
extern const ins_importer insImporterFacilityCsv;
extern const ins_importer insImporterUbigeo;
extern const ins_importer insImporterHs;
extern const ins_importer insImporterHsSections;
extern const ins_importer insImporterIlabGoods;
extern const ins_importer insImporterGoodHsMap;
extern const ins_importer insImporterWcoDms;
extern const ins_importer insImporterAsycuda;
extern const ins_importer insImporterOpenSanctions;
extern const ins_importer insImporterBrCadastro;
extern const ins_importer insImporterRepsal;
extern const ins_importer insImporterBorderPosts;
extern const ins_importer insImporterPlame;
extern const ins_importer insImporterMinWage;
extern const ins_importer insImporterExchangeRates;
extern const ins_importer insImporterInspections;
extern const ins_importer insImporterSunatDam;

/* ---- reading files ahead of the importers (ahead.c), for the driver ---- */
/* One plain file as a worker read it: its identity, its first bytes and,
** when it fits INS_IMPORT_KEEP_BYTES, its whole content. */
typedef struct ins_prepared {
    size_t index;       /* its place in the walk */
    int rc;             /* INS_OK, INS_ERR_TOOBIG or INS_ERR_IO */
    int err_no;         /* errno of a failed read */
    int is_zip;         /* starts like a zip archive: not read, the driver expands it */
    uint64_t size;
    char sha256[65];
    unsigned char head[INS_SNIFF_BYTES];
    size_t head_len;
    ins_buf bytes;      /* the content, or empty when larger than INS_IMPORT_KEEP_BYTES */
    xmlDocPtr tree;     /* the content parsed as XML (insXmlParseAhead), or NULL */
} ins_prepared;

typedef struct ins_ahead ins_ahead;

int insPrepareRead(ins_source *src, unsigned char *head, size_t *head_len, ins_buf *keep);
int insIsZipHead(const unsigned char *h, size_t n);
ins_ahead *insAheadStart(char *const *paths, size_t n, unsigned threads);
ins_prepared *insAheadTake(ins_ahead *a, size_t i);
void insAheadRelease(ins_ahead *a, size_t i);
void insAheadStop(ins_ahead *a);

/* ---- reference data helpers (refdata.c) ------------------------------- */
/* Creates the documents row (kind 'reference') of a reference file. */
int64_t insRefDocument(ins_import_ctx *ctx, const char *name);
/* Writes or replaces the reference_sources row NAME for this file. */
int insRefRecord(ins_import_ctx *ctx, const char *name, int64_t rows, const char *source,
                 const char *licence);
/* 1 when field INDEX of the comma-separated header LINE is NAME. */
int insRefHeaderField(const char *line, size_t index, const char *name);
/* 1 when any field of the header LINE is NAME. */
int insRefHeaderHas(const char *line, const char *name);
/* Parses a number; empty or "NA" is missing (returns 0). */
int insRefNumber(const char *s, double *out);

/* ---- listings (listings.c), shared by opensanctions.c and br_cadastro.c -- */
/* The fields of one listing entry, as the list gives them. */
typedef struct lst_entry {
    const char *list_name;
    const char *entry_key;
    const char *entity_kind; /* person, company, organization, vessel, other */
    const char *name;
    const char *countries;   /* ';'-joined ISO codes, upper case */
    const char *birth_date;
    const char *reason;
    const char *dataset;
    const char *program;
    const char *addresses;
} lst_entry;

/* How insLstStoreEntry found an entry. */
enum { ENTRY_UPDATED, ENTRY_ADDED, ENTRY_REPEATED };

/* Comparable form of an identifier: upper case, no spaces, dots, dashes or
** slashes (malloc'd). */
char *insLstIdNorm(const char *v);
/* 1 when the N bytes at S are all ASCII digits. */
int insLstDigits(const char *s, size_t n);
/* 1 when a 14-digit CNPJ / 11-digit CPF has valid check digits. */
int insLstCnpjValid(const char *s);
int insLstCpfValid(const char *s);

int64_t insLstVersionNew(ins_db *db, int64_t doc, const char *list_name);
int64_t insLstStoreEntry(ins_db *db, int64_t doc, int64_t version, const lst_entry *e, int *how);
int insLstAddName(ins_db *db, int64_t id, const char *name, const char *kind);
int insLstAddId(ins_db *db, int64_t id, const char *scheme, const char *value, const char *norm);
int insLstAddPeriod(ins_db *db, int64_t id, const char *start, const char *end);
int insLstAddAttr(ins_db *db, int64_t doc, unsigned long row, int64_t id, const char *name,
                    const char *value);
int insLstFinishVersion(ins_import_ctx *ctx, const char *list_name, int64_t version,
                          const char *date, int dated, unsigned entries, unsigned added);
/* Cuts S in place to at most MAX bytes at a character boundary; 1 when cut. */
int insLstCutText(char *s, size_t max);
/* A copy of a header's cells (NULL when out of memory), and its release. */
char **insLstHeaderCopy(char **f, size_t nf);
void insLstHeaderFree(char **head, size_t n);
/* Keeps a row's unmapped (and KEEP-marked) fields as attributes of listing ID. */
int insLstKeepColumns(ins_db *db, int64_t doc, unsigned long row, int64_t id, char **f, size_t nf, char **head,
                      size_t nhead, const int *col, const int *keep, int ncol);

/* ---- customs (customs.c), shared by wco_dms.c and asycuda.c ------------ */
/* A value with no column, for record_attributes. */
typedef struct ins_customs_attr {
    size_t item;      /* 1-based index of the item, 0 for the declaration */
    const char *name; /* a static string */
    char *value;      /* owned */
} ins_customs_attr;

/* The extra values of one declaration, in reading order. */
typedef struct ins_customs_attrs {
    ins_customs_attr *v;
    size_t n, cap;
    unsigned long dropped; /* values past INS_MAX_CUSTOMS_ATTRS */
    int oom;               /* an allocation failed: reject the file */
} ins_customs_attrs;

/* Adds VALUE (taken over; NULL: nothing) to the declaration (ITEM 0) or
** its ITEM-th item. */
void insCustomsAttrAdd(ins_customs_attrs *a, size_t item, const char *name, char *value);
void insCustomsAttrsFree(ins_customs_attrs *a);
/* Writes item ITEM_NO's values; *CURSOR (from 0) walks A across items. */
int insCustomsItemAttrs(ins_db *db, int64_t doc, const ins_customs_attrs *a, size_t *cursor,
                        size_t item_no, int64_t item_id);
/* Writes the declaration's own values (item 0). */
int insCustomsDeclAttrs(ins_db *db, int64_t doc, int64_t decl, const ins_customs_attrs *a);

/* The parties with a column of their own in declarations, in firm[] order. */
enum {
    INS_CUSTOMS_DECLARANT, INS_CUSTOMS_AGENT, INS_CUSTOMS_EXPORTER, INS_CUSTOMS_IMPORTER,
    INS_CUSTOMS_CONSIGNOR, INS_CUSTOMS_CONSIGNEE, INS_CUSTOMS_CARRIER, INS_CUSTOMS_MAIN_ROLES
};
/* Index in ins_customs_decl.firm of ROLE ("declarant"...), or -1. */
int insCustomsMainRole(const char *role);

/* One declarations row (strings borrowed; "" and NULL are stored as NULL). */
typedef struct ins_customs_decl {
    int64_t document_id;
    const char *format; /* "wco-dms-2", "asycuda" */
    const char *direction, *type_code, *function_code, *reference, *issue_date;
    int64_t firm[INS_CUSTOMS_MAIN_ROLES]; /* 0: none */
    const char *exit_office, *entry_office, *supervising_office;
    const char *transport_id, *transport_mode, *transport_nationality;
    const char *export_country, *destination_country;
    int has_total;
    double total_value;
    const char *currency; /* kept only with a total */
} ins_customs_decl;
int64_t insCustomsDeclInsert(ins_db *db, const ins_customs_decl *d);

/* One declaration_parties row. */
typedef struct ins_customs_party {
    const char *role;
    int64_t firm;
    const char *identifier, *name, *address, *country;
    const char *resolved_by; /* from insModelFirmByName */
} ins_customs_party;
int insCustomsPartyInsert(ins_db *db, int64_t decl, const ins_customs_party *p);

/* The quantities of one goods item, each with whether the document gave it:
** the formats read them into this and hand it on whole. */
typedef struct ins_customs_measures {
    int has_gross, has_net, has_value, has_stat;
    double gross, net, value, stat; /* kilograms, kilograms, VALUE's currency, statistical value */
} ins_customs_measures;

/* One declaration_items row. */
typedef struct ins_customs_item {
    long seq;
    int has_seq;
    const char *description;
    const char *code;   /* digits of the tariff code (CN, HS), or NULL */
    const char *suffix; /* national subdivision appended to CODE, or NULL */
    const char *origin;
    ins_customs_measures m;
    const char *currency; /* of m.value */
} ins_customs_item;
int64_t insCustomsItemInsert(ins_db *db, int64_t decl, const ins_customs_item *it);

/* Makes FIRM the issuer of document DOC (the declarant). */
int insCustomsSetIssuer(ins_db *db, int64_t doc, int64_t firm);
/* Warns on DOC that DROPPED values were past the bounds (none: nothing). */
int insCustomsWarnDropped(ins_db *db, int64_t doc, unsigned long dropped);

/* ---- XML (xmlread.c) ---------------------------------------------------- */
/*
** Namespace URIs by the prefixes used in FORMATS.md.  Paths given to the
** helpers below use these prefixes ("cac:Party/cbc:ID"); documents may use
** any prefix or a default namespace: matching is on URI.
*/
#define INS_NS_CAC "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
#define INS_NS_CBC "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
#define INS_NS_EXT "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
#define INS_NS_SAC "urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1"
#define INS_NS_INVOICE "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
#define INS_NS_CREDITNOTE "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
#define INS_NS_DEBITNOTE "urn:oasis:names:specification:ubl:schema:xsd:DebitNote-2"
#define INS_NS_DESPATCH "urn:oasis:names:specification:ubl:schema:xsd:DespatchAdvice-2"

typedef struct ins_xml ins_xml;

/*
** Opens the context's source as XML: no network, no external entities, no
** DTD loading, no entity substitution; a DOCTYPE is refused (UBL documents
** never carry one) so entity-expansion bombs are rejected, not parsed.
** Positions on the root element.  On error returns a code and sets the
** context's reason.
*/
int insXmlOpen(ins_import_ctx *ctx, ins_xml **out);
void insXmlClose(ins_xml *x);
const char *insXmlRootLocal(ins_xml *x);
const char *insXmlRootNs(ins_xml *x);
/*
** Moves to the next element child of the root, expands it and returns its
** subtree (valid until the next call).  Returns NULL at the end of the
** document or on error; then *rc is INS_OK (end) or an error code with the
** context's reason set (with the line number).
*/
xmlNodePtr insXmlNextTop(ins_xml *x, int *rc);
/* Current line in the input, for messages (of the top handed out, for a
** tree parsed ahead). */
int insXmlLine(ins_xml *x);
/* Sets libxml2 up; called once before any thread parses. */
void insXmlSetup(void);
/* The document parsed whole ahead of its importer, NULL when it is left
** to the streaming reader (see xmlread.c). */
xmlDocPtr insXmlParseAhead(const char *s, size_t len);

/*
** Parses [S, S+LEN) whole in libxml2's recovery mode with the same
** protections as insXmlOpen, for a file whose damage the importer can read
** past; text read from the tree counts its invalid UTF-8 in CTX.  Returns
** the tree (xmlFreeDoc) or NULL: nothing recovered, a DOCTYPE, or too
** large.
*/
xmlDocPtr insXmlRecover(ins_import_ctx *ctx, const char *s, size_t len);

/* 1 when N is an element named "prefix:local" (prefix from the table). */
int insXmlIs(xmlNodePtr n, const char *qname);
/* First child element of N named QNAME, or NULL. */
xmlNodePtr insXmlChild(xmlNodePtr n, const char *qname);
/* Next sibling element of N named QNAME (same name as N when NULL). */
xmlNodePtr insXmlNext(xmlNodePtr n, const char *qname);
/* Follows a "/"-separated path of qnames from N (first match at each step). */
xmlNodePtr insXmlPath(xmlNodePtr n, const char *path);
/* Trimmed text content of N (malloc'd), NULL when N is NULL or text empty.
** Text longer than INS_MAX_FIELD_BYTES is cut at a character boundary. */
char *insXmlText(xmlNodePtr n);
/* insXmlText(insXmlPath(n, path)). */
char *insXmlPathText(xmlNodePtr n, const char *path);
/* Attribute value (malloc'd, trimmed) or NULL. */
char *insXmlAttr(xmlNodePtr n, const char *name);

/* ---- CSV (csvread.c over src/csv.c; insCsvColumn is in ins_csv.h) ------ */
/*
** Streams the context's source through the CSV reader with DELIM, calling
** FN once per record (see ins_csv_row_fn; the importer sets the reason
** when it stops).  A UTF-8 BOM is removed; fields not valid UTF-8 are read
** as ISO-8859-1.  Quoted fields may span lines.  Enforces INS_MAX_CSV_*
** limits, rejecting the file with a reason that names the row.
*/
int insCsvParse(ins_import_ctx *ctx, unsigned char delim, ins_csv_row_fn fn, void *ud);

/*
** 1 when header cell H (LEN bytes) names column NAME (lower case, words
** joined by underscores): case is ignored, and a blank or dash in H matches
** an underscore, so "Number of Workers" names number_of_workers.
*/
int insCsvHeaderIs(const char *h, size_t len, const char *name);

/*
** 1 when the DELIM-separated header LINE (a file's first line, as a format's
** probe sees it) has a cell that one of the N NAMES names (a NULL ends
** NAMES early).  Cells may be double-quoted (a quote doubled inside) and
** padded with blanks.  Reads LINE in place.
*/
int insCsvLineHas(const char *line, unsigned char delim, const char *const *names, size_t n);


#endif /* INS_IMPORTER_H */
