/*
** dam.c: Peru's customs declarations (DAM, formerly DUA) as customs
** agents transmit them through SUNAT's Teledespacho.
**
** A transmission is a group of files (the driver hands them over together:
** the files of one directory, or of one folder of a zip): the control
** files IMPCTR01 and DETCTR01, the general data ADUAHDR1 (older IMPHDR01),
** the series ADUADET1 (IMPDET01), and the DUA* files of invoices,
** associated documents, containers, exit vehicles, prior regimes and
** remarks; or the acceptance response customs sends back (AAAXNNNN.HDR,
** .ERR, .CTR), alone or with them.  tdread.c reads each file into named
** cells, whatever shape the agent's software wrote (dBASE, text with or
** without a header, fixed width); dam_layout.c holds SUNAT's structures.
**
** Every record of every file is keyed by the agency's order: customs
** office, year, régimen and order number.  Records are gathered by that
** key (a sort, not a search per record), and each order is one
** declaration, imported or rejected alone in a savepoint of its own: a
** header without series, series or other records without a header, two
** headers for one order, or one series number twice reject that
** declaration with a one-line reason, and the rest of the transmission
** imports.  A file that cannot be read refuses the whole transmission (its
** declarations would be partial).
**
** The DAM's own number is customs': it comes in the acceptance response
** (NUME_CORRE) or, in a rectification, in the header (FANO, NDCL).  A
** declaration without one imports keyed by its order (order_ref) with a
** warning, and an acceptance imported later gives it its number.  The
** number is written office-year-régimen-number ("118-2025-40-001234"), as
** SUNAT's e-invoices cite it (catalogo 55 code 7021), so that
** declaration_documents joins them.
*/
#include "importer.h"
#include "tdread.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the files of a transmission --------------------------------------- */

typedef struct td_file {
    const ins_member *m;
    const ins_td_layout *lay;
    ins_td_table t;
    int c_office, c_year, c_regime, c_order; /* key columns, -1 when absent */
} td_file;

/* Bytes of an order key "OOO-YYYY-RR-" and the order number. */
#define INS_DAM_KEY_BYTES (12 + INS_MAX_TD_ORDER_CHARS + 1)

/* One record of a file, under the key of its order. */
typedef struct td_rec {
    char key[INS_DAM_KEY_BYTES]; /* "OOO-YYYY-RR-NNNNNN", or "" without a complete key */
    uint32_t file;
    unsigned char role;
    size_t row;
} td_rec;
_Static_assert(INS_MAX_GROUP_FILES <= UINT32_MAX, "a file index fits a record");

/* ---- small readers ---------------------------------------------------- */

/* The cell of field NAME in row ROW of F, or NULL. */
static const char *cell(const td_file *f, size_t row, const char *name)
{
    return insTdCell(&f->t, row, insTdColumn(&f->t, name));
}

/* 1 when S is all ASCII digits (and not empty). */
static int all_digits(const char *s)
{
    if (!s || !*s) return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

/*
** Writes into OUT (SIZE bytes) the digits of S left-padded with zeros to
** WIDTH: NUMERICO fields written by software that treats them as numbers
** lose their leading zeros ("40" for a régimen, "901119000" for the
** 10-digit tariff line 0901119000 of coffee).  A value of more digits than
** WIDTH, or not digits, is copied upper-cased as it is.  0 when S is empty
** or does not fit OUT (it is never cut).
*/
static int pad_code(const char *s, size_t width, char *out, size_t size)
{
    if (!s || !*s) return 0;
    size_t n = strlen(s);
    /* "40.000" from a numeric column: drop a zero fraction */
    const char *dot = strchr(s, '.');
    if (dot && dot > s) {
        int zero = 1;
        for (const char *p = dot + 1; *p && zero; p++) zero = *p == '0';
        if (zero) n = (size_t)(dot - s);
    }
    int digits = n > 0;
    for (size_t i = 0; i < n; i++) digits = digits && isdigit((unsigned char)s[i]);
    if (digits && n <= width && width < size) {
        size_t z = width - n;
        memset(out, '0', z);
        memcpy(out + z, s, n);
        out[width] = '\0';
        return 1;
    }
    if (n >= size) return 0; /* never cut: a cut value would name another */
    for (size_t i = 0; i < n; i++) out[i] = (char)toupper((unsigned char)s[i]);
    out[n] = '\0';
    return n > 0;
}

/* A four-digit year from S ("2025", or "25" of the older two-digit fields). */
static int year_of(const char *s, char out[5])
{
    if (!all_digits(s)) return 0;
    size_t n = strlen(s);
    if (n == 4) { memcpy(out, s, 5); return 1; }
    if (n == 2) { snprintf(out, 5, "20%s", s); return 1; }
    return 0;
}

/*
** A date as YYYY-MM-DD from the eight digits SUNAT's FECHA fields hold
** (AAAAMMDD), or from DD/MM/AAAA and AAAA-MM-DD, which agents' software
** also writes.  0 when S is none of these or not a calendar date.
*/
static int date_of(const char *s, char out[11])
{
    int y, m, d;
    if (!s) return 0;
    if (all_digits(s) && strlen(s) == 8) {
        /* AAAAMMDD, else DDMMAAAA (19122025 is no date of the first form) */
        if (sscanf(s, "%4d%2d%2d", &y, &m, &d) == 3 && y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 &&
            d <= 31) {
            snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
            int32_t days;
            if (insDateParse(out, 10, &days)) return 1;
        }
        if (sscanf(s, "%2d%2d%4d", &d, &m, &y) != 3) return 0;
    } else if (strlen(s) == 10 && s[2] == '/' && s[5] == '/') {
        if (sscanf(s, "%2d/%2d/%4d", &d, &m, &y) != 3) return 0;
    } else if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
        if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) return 0;
    } else {
        return 0;
    }
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) return 0;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    int32_t days;
    return insDateParse(out, 10, &days);
}

/*
** A number from a NUMERICO cell: digits with an optional sign and one
** decimal mark, '.' or ',' ("1234.50", "1234,50"); in a fixed-width file,
** digits alone in a field with decimals have them implied (14 digits
** "00000001234567" in a 14,2 field are 12345.67), the convention of
** positional records.  Nothing else is a number: no exponent, no
** thousands marks, no "nan" or "inf" (strtod would take them), and a
** magnitude past INS_PLAUSIBLE_MAX_AMOUNT is refused.  0 when not a number.
*/
static int number_of(const char *s, const ins_td_field *f, int fixed, double *out)
{
    if (!s || !*s) return 0;
    char buf[64];
    size_t n = strlen(s), marks = 0, digits = 0;
    if (n >= sizeof buf) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (isdigit((unsigned char)c)) digits++;
        else if (c == '.' || c == ',') marks++;
        else if (!((c == '-' || c == '+') && i == 0)) return 0;
        buf[i] = c == ',' ? '.' : c;
    }
    buf[n] = '\0';
    if (!digits || marks > 1) return 0;
    char *end;
    double v = strtod(buf, &end);
    if (end == buf || *end || !isfinite(v) || fabs(v) > INS_PLAUSIBLE_MAX_AMOUNT) return 0;
    if (fixed && f && f->decimals && !marks)
        for (unsigned i = 0; i < f->decimals; i++) v /= 10;
    *out = v;
    return 1;
}

/* A sequence number (NUME_SERIE...) from S: a whole number from 1 to
** INS_MAX_CUSTOMS_ITEMS; 0 when S is none. */
static int seq_of(const char *s, long *out)
{
    if (!s || !*s) return 0;
    long v = 0;
    size_t i = 0, n = strlen(s);
    /* "3", "0003", and "3.0" or "3,000" from numeric columns */
    for (; i < n && isdigit((unsigned char)s[i]); i++) {
        v = v * 10 + (s[i] - '0');
        if (v > (long)INS_MAX_CUSTOMS_ITEMS) return 0;
    }
    if (!i) return 0;
    if (i < n && (s[i] == '.' || s[i] == ',')) {
        for (i++; i < n; i++)
            if (s[i] != '0') return 0;
    }
    if (i != n || v < 1) return 0;
    *out = v;
    return 1;
}

/* The published field NAME of F's structure, or NULL. */
static const ins_td_field *field_of(const td_file *f, const char *name)
{
    for (size_t i = 0; i < f->lay->n; i++)
        if (!strcmp(f->lay->f[i].name, name)) return &f->lay->f[i];
    return NULL;
}

/* The number in field NAME of row ROW of F. */
static int num(const td_file *f, size_t row, const char *name, double *out)
{
    return number_of(cell(f, row, name), field_of(f, name), !strcmp(f->t.form, "fixed"), out);
}

/* ---- régimen, countries, identities ------------------------------------ */

/* The direction of a régimen: IM for goods entering, EX for goods leaving,
** NULL when not known (SUNAT's code table; docs/FORMATS.md). */
static const char *regime_direction(const char *r)
{
    static const struct { const char *code, *dir; } t[] = {
        {"10", "IM"}, {"18", "IM"}, {"20", "IM"}, {"21", "IM"}, {"26", "IM"}, {"70", "IM"},
        {"40", "EX"}, {"41", "EX"}, {"48", "EX"}, {"50", "EX"}, {"51", "EX"}, {"52", "EX"},
        {"89", "EX"},
    };
    for (size_t i = 0; i < INS_ARRAY_LEN(t); i++)
        if (!strcmp(r, t[i].code)) return t[i].dir;
    return NULL;
}

/* A country as ISO alpha-2 (two letters, upper-cased), or NULL: SUNAT's
** older structures give numeric codes of a table not published with them,
** which are kept as values but not mapped. */
static int country_of(const char *s, char out[3])
{
    if (!s || strlen(s) != 2 || !isalpha((unsigned char)s[0]) || !isalpha((unsigned char)s[1])) return 0;
    out[0] = (char)toupper((unsigned char)s[0]);
    out[1] = (char)toupper((unsigned char)s[1]);
    out[2] = '\0';
    return 1;
}

/*
** The identity scheme of a trader's document: by its shape (eleven digits:
** a RUC; eight: a DNI), which is what the document number says whatever
** the code (SUNAT's customs table of TIPO_DOCUM was not found published;
** catalogo 06 codes 6 RUC, 1 DNI, 4 CE and 7 passport are also read).
*/
static const char *scheme_of(const char *type, const char *number)
{
    if (all_digits(number) && strlen(number) == 11) return INS_SCHEME_PE_RUC;
    if (all_digits(number) && strlen(number) == 8) return INS_SCHEME_PE_DNI;
    if (type && !strcmp(type, "4")) return INS_SCHEME_PE_CE;
    if (type && !strcmp(type, "7")) return INS_SCHEME_PASSPORT;
    return NULL;
}

/* ---- the key of a record ---------------------------------------------- */

/* Fills R's key from row ROW of F: complete only with office (3 digits),
** year, régimen (2) and an order number of at most INS_MAX_TD_ORDER_CHARS
** characters all present; a value that does not fit is no key (never cut
** into another order's). */
static void rec_key(const td_file *f, size_t row, td_rec *r)
{
    char office[8], year[5], regime[8], order[INS_MAX_TD_ORDER_CHARS + 1];
    r->key[0] = '\0';
    const char *o = insTdCell(&f->t, row, f->c_office), *y = insTdCell(&f->t, row, f->c_year);
    const char *g = insTdCell(&f->t, row, f->c_regime), *n = insTdCell(&f->t, row, f->c_order);
    if (!pad_code(o, 3, office, sizeof office) || !pad_code(g, 2, regime, sizeof regime) ||
        !pad_code(n, 6, order, sizeof order) || strlen(office) != 3 || strlen(regime) != 2)
        return;
    for (const char *p = order; *p; p++)
        if (!isalnum((unsigned char)*p)) return; /* an order is letters and digits */
    if (year_of(y, year)) snprintf(r->key, sizeof r->key, "%s-%s-%s-%s", office, year, regime, order);
}

/* qsort order of records: by key, then role, file and row, so that an
** order's records come together, its general data first. */
static int cmp_rec(const void *a, const void *b)
{
    const td_rec *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    if (x->role != y->role) return x->role < y->role ? -1 : 1;
    if (x->file != y->file) return x->file < y->file ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* ---- the state of one transmission ------------------------------------- */

typedef struct dam {
    ins_import_ctx *ctx;
    td_file *f;
    size_t nf;
    td_rec *r;
    size_t nr;
    const td_file *control;   /* IMPCTR01, or NULL */
    char agent[8];            /* the agency's code (IMPCTR01 AGENTE), "" unknown */
    char resp_agent[4];       /* the first digits of a response file's name, "" none */
    unsigned long numeric_countries; /* country codes not mapped */
    unsigned long deleted, unread;   /* dBASE records deleted, cells not read */
    unsigned long parts_more;        /* rejected parts past INS_MAX_PARTS_LOGGED */
    unsigned long attrs, attrs_dropped; /* of the declaration being written */
    int64_t first_doc;        /* the first declaration's document */
} dam;

/*
** Rejects part WHAT of the transmission with REASON: logged one by one up
** to INS_MAX_PARTS_LOGGED, then counted (dam_run logs the count once).
*/
static int reject_part(dam *d, const char *what, const char *reason)
{
    if (d->ctx->nparts >= INS_MAX_PARTS_LOGGED) {
        d->parts_more++;
        return INS_OK;
    }
    return insImportRejectPart(d->ctx, what, "%s", reason);
}

/* 1 when column COL of F has a column of its own in the tables (the order
** key, and what dam.c writes for the file's role); every other field is
** kept as a record attribute. */
static int consumed(const td_file *f, size_t col)
{
    if ((int)col == f->c_office || (int)col == f->c_year || (int)col == f->c_regime || (int)col == f->c_order)
        return 1;
    /* a value its column cannot take (a number not read, a code not
     * mapped) is kept as written by import_order (keep_raw) */
    static const char *const hdr[] = {"FANO", "NDCL", "NOMB_IMPOR", "TIPO_DOCUM", "NUME_DOCUM",
                                      "DIRE_IMPOR", "UBIGEO", "PAIS_DESTI", "CODI_MONED", NULL};
    static const char *const det[] = {"NUME_SERIE", "PESO_NETO", "PESO_BRUTO", "PART_NANDI", "FOB_DIVFAC",
                                      "FOB_DOLPOL", "PAIS_ORIGE", "UNID_FIQTY", "UNID_FIDES", "DESC_COMER",
                                      "DESC_MATCO", "DESC_USOAP", "DESC_FOPRE", "DESC_OTROS", "UBIGEO", NULL};
    static const char *const fac[] = {"NUME_FACTU", "NOMB_PROVE", "PAIS_PROVE", "TIPO_DOCPR", NULL};
    static const char *const doc[] = {"TIPO_DOCAS", "NUME_DOCAS", "ENTI_DOCAS", NULL};
    static const char *const con[] = {"NUME_CONTE", NULL};
    static const char *const veh[] = {"IDEN_EMPRE", "TIPO_EMPRE", NULL};
    static const char *const pri[] = {"REGI_PROCE", "CADUREGPRE", "FANOREGPRE", "NDCLREGPRE", NULL};
    static const char *const acc[] = {"NUME_CORRE", NULL};
    static const char *const err[] = {"CODI_ERROR", "DESC_ADVER", NULL};
    ins_td_role role = f->lay->role;
    const char *const *l = role == TD_HEADER ? hdr : role == TD_SERIES ? det : role == TD_INVOICES ? fac
                         : role == TD_DOCUMENTS ? doc : role == TD_CONTAINERS ? con : role == TD_VEHICLES ? veh
                         : role == TD_PRIOR ? pri : role == TD_ACCEPTED ? acc : role == TD_ERRORS ? err : NULL;
    for (; l && *l; l++)
        if (!strcmp(f->t.col[col], *l)) return 1;
    return 0;
}

/* Lower-cased copy of NAME for an attribute ("PAIS_ADQUI" -> "pais_adqui"). */
static void lower(const char *name, char *out, size_t size)
{
    size_t i = 0;
    for (; name[i] && i + 1 < size; i++) out[i] = (char)tolower((unsigned char)name[i]);
    out[i] = '\0';
}

/*
** Keeps VALUE as attribute NAME (a field name, lower-cased) of ENTITY
** ENTITY_ID (record RECORD_NO of DOC), up to INS_MAX_CUSTOMS_ATTRS a
** declaration (the rest counted in D->attrs_dropped, a "bounds" warning).
*/
static int keep_value(dam *d, int64_t doc, int64_t record_no, const char *entity, int64_t entity_id,
                      const char *name, const char *value)
{
    if (!value) return INS_OK;
    if (d->attrs >= INS_MAX_CUSTOMS_ATTRS) {
        d->attrs_dropped++;
        return INS_OK;
    }
    d->attrs++;
    char low[40];
    lower(name, low, sizeof low);
    return insModelAttribute(d->ctx->db, doc, record_no, entity, entity_id, low, value);
}

/*
** Keeps every field of row ROW of F that has no column of its own as a
** record attribute of ENTITY ENTITY_ID (record RECORD_NO of document DOC).
*/
static int keep_rest(dam *d, int64_t doc, const td_file *f, size_t row, int64_t record_no,
                     const char *entity, int64_t entity_id)
{
    for (size_t c = 0; c < f->t.ncols; c++) {
        const char *v = insTdCell(&f->t, row, (int)c);
        if (!v || consumed(f, c)) continue;
        if (keep_value(d, doc, record_no, entity, entity_id, f->t.col[c], v) != INS_OK) return INS_ERR_DB;
    }
    return INS_OK;
}

/* Keeps field NAME of row ROW of F as written, as an attribute, when its
** column could not take it (a number or date not read, a code not mapped):
** a value is never dropped for being unreadable. */
static int keep_raw(dam *d, int64_t doc, int64_t record_no, const char *entity, int64_t entity_id,
                    const td_file *f, size_t row, const char *name)
{
    return keep_value(d, doc, record_no, entity, entity_id, name, cell(f, row, name));
}

/* ---- reading the files -------------------------------------------------- */

/*
** Reads every file of the transmission and gathers their records by
** order.  A file that cannot be read, or lacks a key field, refuses the
** transmission with the file's name and the reason; so do more than
** INS_MAX_TD_ROWS records or INS_MAX_TD_CELLS cells in all.
*/
static int read_files(dam *d)
{
    const ins_source *src = d->ctx->src;
    d->f = calloc(src->nmembers ? src->nmembers : 1, sizeof *d->f);
    if (!d->f) return INS_ERR_NOMEM;
    size_t rows = 0, cells = 0;
    for (size_t i = 0; i < src->nmembers; i++) {
        td_file *f = &d->f[d->nf++];
        f->m = &src->members[i];
        f->lay = insTdLayoutByFile(f->m->name);
        if (!f->lay) return insImportReject(d->ctx, INS_ERR_FORMAT, _("%s: not a Teledespacho file"), f->m->name);
        ins_buf why;
        insBufInit(&why);
        int rc = insTdRead(f->m->mem, f->m->len, f->lay, &f->t, &why);
        if (rc != INS_OK) {
            if (why.len) insImportReject(d->ctx, rc, "%s: %s", f->m->name, insBufStr(&why));
            insBufFree(&why);
            return rc;
        }
        insBufFree(&why);
        rows += f->t.nrows;
        cells += f->t.nrows * f->t.ncols;
        if (rows > INS_MAX_TD_ROWS || cells > INS_MAX_TD_CELLS)
            return insImportReject(d->ctx, INS_ERR_TOOBIG, _("transmission of more than %u records or %u cells"),
                                   INS_MAX_TD_ROWS, INS_MAX_TD_CELLS);
        d->deleted += f->t.deleted;
        d->unread += f->t.unread_cells;
        f->c_office = insTdColumn(&f->t, "CODI_ADUAN");
        f->c_year = insTdColumn(&f->t, "ANO_ORDEN");
        if (f->c_year < 0) f->c_year = insTdColumn(&f->t, "ANO_PRESE");
        f->c_regime = insTdColumn(&f->t, "CODI_REGI");
        f->c_order = insTdColumn(&f->t, "NUME_ORDEN");
        ins_td_role role = f->lay->role;
        if (role == TD_ACCEPTED || role == TD_ERRORS || role == TD_RESPONSE_CONTROL) {
            /* the agency's first digits, from the response's name AAAXNNNN */
            if (isdigit((unsigned char)f->m->name[0])) snprintf(d->resp_agent, sizeof d->resp_agent, "%.3s", f->m->name);
        }
        if (role == TD_CONTROL || role == TD_RESPONSE_CONTROL) {
            if (role == TD_CONTROL) {
                d->control = f;
                const char *a = f->t.nrows ? cell(f, 0, "AGENTE") : NULL;
                if (a && strlen(a) < sizeof d->agent) insUStrlcpy(d->agent, a, sizeof d->agent);
            }
            continue;
        }
        const char *miss = f->c_office < 0 ? "CODI_ADUAN" : f->c_year < 0 ? "ANO_ORDEN"
                         : f->c_regime < 0 ? "CODI_REGI" : f->c_order < 0 ? "NUME_ORDEN" : NULL;
        if (miss)
            return insImportReject(d->ctx, INS_ERR_FORMAT, _("%s: no field %s, so its records belong to no order"),
                                   f->m->name, miss);
    }
    d->r = calloc(rows ? rows : 1, sizeof *d->r);
    if (!d->r) return INS_ERR_NOMEM;
    for (size_t i = 0; i < d->nf; i++) {
        const td_file *f = &d->f[i];
        ins_td_role role = f->lay->role;
        if (role == TD_CONTROL || role == TD_RESPONSE_CONTROL) continue;
        for (size_t row = 0; row < f->t.nrows; row++) {
            td_rec *r = &d->r[d->nr++];
            r->file = (uint32_t)i;
            r->role = (unsigned char)role;
            r->row = row;
            rec_key(f, row, r);
        }
    }
    qsort(d->r, d->nr, sizeof *d->r, cmp_rec);
    return INS_OK;
}

/* "FILE line N" of record R, for reasons. */
static void where(const dam *d, const td_rec *r, char *out, size_t size)
{
    const td_file *f = &d->f[r->file];
    snprintf(out, size, "%s line %lu", f->m->name, f->t.line[r->row]);
}

/* ---- one declaration ----------------------------------------------------- */

/* What one order gathers: its records by role. */
typedef struct order {
    const char *key;
    td_rec *r;   /* its records, sorted by role */
    size_t n;
    const td_rec *head;
    size_t nhead, nseries, nresp;
} order;

/* Description of a series: its commercial description fields joined. */
static void series_text(const td_file *f, size_t row, ins_buf *b)
{
    static const char *const parts[] = {"DESC_COMER", "DESC_MATCO", "DESC_USOAP", "DESC_FOPRE", "DESC_OTROS"};
    for (size_t i = 0; i < INS_ARRAY_LEN(parts); i++) {
        const char *v = cell(f, row, parts[i]);
        if (v) insBufPrintf(b, "%s%s", b->len ? "; " : "", v);
    }
}

/* Inserts a declaration_refs row. */
static int add_ref(ins_db *db, int64_t decl, long seq, const char *kind, const char *type,
                   const char *number, const char *date, const char *party, const char *country)
{
    static const char sql[] =
        "INSERT INTO declaration_refs(declaration_id, item_seq, kind, type_code, number, date, party,"
        " party_country) VALUES(?,?,?,?,?,?,?,?)";
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, decl);
    if (seq > 0) sqlite3_bind_int64(s, 2, seq);
    insDbBindText(s, 3, kind);
    insDbBindText(s, 4, type);
    insDbBindText(s, 5, number);
    insDbBindText(s, 6, date);
    insDbBindText(s, 7, party);
    insDbBindText(s, 8, country);
    int rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
    sqlite3_reset(s);
    return rc;
}

/*
** Inserts a declaration_transport row: IDENT as declared, and for a
** vehicle its plate upper-cased and, as a second spelling, with its dash
** removed or (six letters and digits) added after the third ("ABC-123",
** "ABC123"), so that the legs of guías written either way join by index.
*/
static int add_transport(ins_db *db, int64_t decl, const char *kind, const char *ident)
{
    char plate[INS_PLATE_BYTES] = "", alt[INS_PLATE_BYTES] = "";
    if (!strcmp(kind, "vehicle")) insIdPlateSpellings(ident, plate, alt);
    static const char sql[] =
        "INSERT INTO declaration_transport(declaration_id, kind, ident, plate, plate_alt) VALUES(?,?,?,?,?)";
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, decl);
    insDbBindText(s, 2, kind);
    insDbBindText(s, 3, ident);
    insDbBindText(s, 4, plate);
    insDbBindText(s, 5, alt);
    int rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
    sqlite3_reset(s);
    return rc;
}

/*
** Checks order O: the reason it cannot import (in WHY), or 0 when it can.
** A header alone, records without a header, two headers, or a series
** number missing or given twice (a bitmap of the 9,999 numbers a
** declaration may hold: one pass, whatever the count).
*/
static int order_invalid(const dam *d, const order *o, ins_buf *why)
{
    char at[96];
    if (o->nhead == 0) {
        const td_rec *first = &o->r[0];
        size_t others = o->n - o->nresp;
        where(d, first, at, sizeof at);
        if (o->nseries)
            insBufPrintf(why, _("%zu series (first at %s) but no general data (ADUAHDR1)"), o->nseries, at);
        else if (first->role == TD_ORDERS)
            insBufPrintf(why, _("listed in DETCTR01 (%s) but no general data (ADUAHDR1) came"), at);
        else
            insBufPrintf(why, _("%zu record(s) (first at %s) but no general data (ADUAHDR1)"), others, at);
        return 1;
    }
    if (o->nhead > 1) {
        char at2[96];
        where(d, &o->head[0], at, sizeof at);
        where(d, &o->head[1], at2, sizeof at2);
        insBufPrintf(why, _("two general data records (%s and %s)"), at, at2);
        return 1;
    }
    if (o->nseries == 0) {
        where(d, o->head, at, sizeof at);
        insBufPrintf(why, _("general data (%s) but no series (ADUADET1)"), at);
        return 1;
    }
    unsigned char seen[INS_MAX_CUSTOMS_ITEMS / 8 + 1];
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < o->n; i++) {
        if (o->r[i].role != TD_SERIES) continue;
        long v;
        if (!seq_of(cell(&d->f[o->r[i].file], o->r[i].row, "NUME_SERIE"), &v)) {
            where(d, &o->r[i], at, sizeof at);
            insBufPrintf(why, _("series without a valid NUME_SERIE (%s)"), at);
            return 1;
        }
        if (seen[v / 8] & (1u << (v % 8))) {
            where(d, &o->r[i], at, sizeof at);
            insBufPrintf(why, _("series %ld given twice (again at %s)"), v, at);
            return 1;
        }
        seen[v / 8] |= (unsigned char)(1u << (v % 8));
    }
    return 0;
}

/* The date a declaration is dated by: customs' numbering date, else the
** shipment (export) or arrival (import) date, else the transmission's. */
static const char *decl_date(const dam *d, const td_file *hf, size_t hrow, const char *accepted_date,
                             char buf[11])
{
    if (accepted_date[0]) return accepted_date;
    if (date_of(cell(hf, hrow, "FECH_EMBAR"), buf) || date_of(cell(hf, hrow, "FECH_LLEGA"), buf)) return buf;
    if (d->control && d->control->t.nrows && date_of(cell(d->control, 0, "FECHA"), buf)) return buf;
    return NULL;
}

/*
** The DAM number and numbering date an acceptance record R of order key
** KEY gives: *OK 1 with them, 0 when its NUME_CORRE is no number (then the
** record is a rejected part).
*/
static void acceptance_of(const dam *d, const char *key, const td_rec *r, char dam_no[INS_DAM_NUMBER_BYTES],
                          char date[11], int *ok)
{
    const td_file *f = &d->f[r->file];
    char num6[16];
    dam_no[0] = date[0] = '\0';
    *ok = pad_code(cell(f, r->row, "NUME_CORRE"), 6, num6, sizeof num6) && all_digits(num6) && strlen(num6) == 6;
    if (!*ok) return;
    snprintf(dam_no, INS_DAM_NUMBER_BYTES, "%.3s-%.4s-%.2s-%s", key, key + 4, key + 9, num6);
    if (!date_of(cell(f, r->row, "FECH_INGSI"), date)) date[0] = '\0';
}

/* The first acceptance of order O with a valid number, or "" (DAM_NO). */
static void accepted(const dam *d, const order *o, char dam_no[INS_DAM_NUMBER_BYTES], char date[11])
{
    dam_no[0] = date[0] = '\0';
    for (size_t i = 0; i < o->n; i++) {
        int ok;
        if (o->r[i].role != TD_ACCEPTED) continue;
        acceptance_of(d, o->key, &o->r[i], dam_no, date, &ok);
        if (ok) return;
    }
}

/*
** The SHA-256 of order O's declaration records (not customs' responses):
** structure, field names and values, in the order's record order.  The
** same declaration transmitted again hashes the same, whatever responses
** came with it; a rectified one does not.
*/
static void order_hash(const dam *d, const order *o, char out[65])
{
    ins_sha256 h;
    insUSha256Init(&h);
    for (size_t i = 0; i < o->n; i++) {
        const td_rec *r = &o->r[i];
        if (r->role == TD_ACCEPTED || r->role == TD_ERRORS) continue;
        const td_file *f = &d->f[r->file];
        insUSha256Update(&h, f->lay->name, strlen(f->lay->name));
        for (size_t c = 0; c < f->t.ncols; c++) {
            const char *v = insTdCell(&f->t, r->row, (int)c);
            if (!v) continue;
            insUSha256Update(&h, "\x1f", 1);
            insUSha256Update(&h, f->t.col[c], strlen(f->t.col[c]));
            insUSha256Update(&h, "=", 1);
            insUSha256Update(&h, v, strlen(v));
        }
        insUSha256Update(&h, "\x1e", 1);
    }
    insUSha256Final(&h, out);
}

/* The SQL that picks the declarations of an order ?1 (or, for a response
** presented the year after its order, ?2) sent by agency ?3 (its first
** three digits; NULL: any agency, as when either side does not say). */
#define SAME_ORDER \
    "format = 'sunat-dam' AND order_ref IN (?1, ?2)" \
    " AND (?3 IS NULL OR agent_code IS NULL OR substr(agent_code, 1, 3) = ?3)"

/* The order key of KEY's year minus one (a December order presented in
** January), into OUT. */
static void key_year_before(const char *key, char out[INS_DAM_KEY_BYTES])
{
    int y = atoi(key + 4);
    snprintf(out, INS_DAM_KEY_BYTES, "%.3s-%04d-%s", key, y - 1, key + 9);
}

/*
** Imports order O as one declaration: its document, declarations row,
** trader, series, invoices, associated documents, containers, vehicles,
** prior regimes, remarks and the responses' values; inside the caller's
** savepoint for the order.  SHA is its content hash (order_hash).
*/
static int import_order(dam *d, const order *o, const char *sha)
{
    ins_db *db = d->ctx->db;
    const td_file *hf = &d->f[o->head->file];
    size_t hr = o->head->row;
    const char *k = o->key;
    char office[4], year[5], regime[3];
    snprintf(office, sizeof office, "%.3s", k);
    snprintf(year, sizeof year, "%.4s", k + 4);
    snprintf(regime, sizeof regime, "%.2s", k + 9);
    d->attrs = d->attrs_dropped = 0;

    char dam_no[INS_DAM_NUMBER_BYTES], acc_date[11], dbuf[11];
    accepted(d, o, dam_no, acc_date);
    if (!dam_no[0]) { /* a rectification carries the number in its header */
        char fano[5], ndcl[16];
        if (year_of(cell(hf, hr, "FANO"), fano) && pad_code(cell(hf, hr, "NDCL"), 6, ndcl, sizeof ndcl) &&
            all_digits(ndcl) && strlen(ndcl) == 6)
            snprintf(dam_no, sizeof dam_no, "%s-%s-%s-%s", office, fano, regime, ndcl);
    }
    const char *dir = regime_direction(regime);
    int ex = dir && !strcmp(dir, "EX");
    const char *date = decl_date(d, hf, hr, acc_date, dbuf);
    char currency[4] = "";
    const char *cm = cell(hf, hr, "CODI_MONED");
    if (cm && strlen(cm) == 3 && isalpha((unsigned char)cm[0]) && isalpha((unsigned char)cm[1]) &&
        isalpha((unsigned char)cm[2])) {
        for (int i = 0; i < 3; i++) currency[i] = (char)toupper((unsigned char)cm[i]);
        currency[3] = '\0';
    }
    const char *agent = d->agent[0] ? d->agent : cell(hf, hr, "CODI_AGENT");

    ins_doc_info di;
    memset(&di, 0, sizeof di);
    di.kind = "customs_declaration";
    di.type_code = "DAM";
    di.generation = "sunat-teledespacho";
    di.number = dam_no[0] ? dam_no : k;
    di.issue_date = date;
    di.currency = currency[0] ? currency : NULL;
    int64_t doc = insModelDocument(db, d->ctx->file_id, &di);
    if (doc <= 0) return INS_ERR_DB;
    if (!d->first_doc) d->first_doc = doc;

    /* the trader: the exporter of an export, the importer of the rest */
    const char *role = ex ? "exporter" : "importer";
    const char *tnum = cell(hf, hr, "NUME_DOCUM"), *tname = cell(hf, hr, "NOMB_IMPOR");
    const char *scheme = scheme_of(cell(hf, hr, "TIPO_DOCUM"), tnum);
    ins_party party = {scheme, tnum, tname, "PE"};
    const char *by = NULL;
    int64_t firm = tnum || tname ? insModelFirmByName(db, doc, &party, &by) : 0;
    if (firm < 0) return INS_ERR_DB;

    char dest[3] = "";
    const char *pd = cell(hf, hr, "PAIS_DESTI");
    int pd_iso = pd && country_of(pd, dest);
    if (pd && !pd_iso) d->numeric_countries++;

    ins_customs_decl row;
    memset(&row, 0, sizeof row);
    row.document_id = doc;
    row.format = "sunat-dam";
    row.direction = dir;
    row.type_code = regime;
    row.reference = dam_no[0] ? dam_no : NULL;
    row.issue_date = date;
    row.firm[ex ? INS_CUSTOMS_EXPORTER : INS_CUSTOMS_IMPORTER] = firm;
    row.exit_office = ex ? office : NULL;
    row.entry_office = ex ? NULL : office;
    row.export_country = ex ? "PE" : NULL;
    row.destination_country = ex ? (dest[0] ? dest : NULL) : "PE";
    row.transport_mode = cell(hf, hr, "VIA_TRANSP");
    int64_t decl = insCustomsDeclInsert(db, &row);
    if (decl < 0) return INS_ERR_DB;

    static const char qpe[] =
        "UPDATE declarations SET customs_office = ?, regime = ?, order_ref = ?, trader_ubigeo = ?,"
        " agent_code = ?, order_sha256 = ? WHERE id = ?";
    sqlite3_stmt *s = insDbStmt(db, qpe);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, office);
    insDbBindText(s, 2, regime);
    insDbBindText(s, 3, k);
    insDbBindText(s, 4, cell(hf, hr, "UBIGEO"));
    insDbBindText(s, 5, agent);
    insDbBindText(s, 6, sha);
    sqlite3_bind_int64(s, 7, decl);
    int rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
    sqlite3_reset(s);
    if (rc != INS_OK) return rc;
    if (pd && !pd_iso && keep_raw(d, doc, 0, "declaration", decl, hf, hr, "PAIS_DESTI") != INS_OK) return INS_ERR_DB;

    if (tnum || tname) {
        ins_customs_party p;
        memset(&p, 0, sizeof p);
        p.role = role;
        p.firm = firm;
        p.identifier = tnum;
        p.name = tname;
        p.address = cell(hf, hr, "DIRE_IMPOR");
        p.country = "PE";
        p.resolved_by = by ? by : "new";
        if (insCustomsPartyInsert(db, decl, &p) != INS_OK) return INS_ERR_DB;
        if (firm > 0 && insCustomsSetIssuer(db, doc, firm) != INS_OK) return INS_ERR_DB;
    }
    if (keep_rest(d, doc, hf, hr, 0, "declaration", decl) != INS_OK) return INS_ERR_DB;
    if (cm && !currency[0] && keep_raw(d, doc, 0, "declaration", decl, hf, hr, "CODI_MONED") != INS_OK)
        return INS_ERR_DB;
    if (d->control) {
        const char *sent = cell(d->control, 0, "FECHA");
        if (keep_value(d, doc, 0, "declaration", decl, "TRANSMISSION_AGENT", d->agent[0] ? d->agent : NULL) ||
            keep_value(d, doc, 0, "declaration", decl, "TRANSMISSION_DATE", sent))
            return INS_ERR_DB;
    }

    /* the records of the order, by role */
    for (size_t i = 0; i < o->n && rc == INS_OK; i++) {
        const td_rec *r = &o->r[i];
        const td_file *f = &d->f[r->file];
        size_t row_no = r->row;
        long seq = 0;
        switch ((ins_td_role)r->role) {
        case TD_SERIES: {
            ins_customs_item it;
            memset(&it, 0, sizeof it);
            seq_of(cell(f, row_no, "NUME_SERIE"), &seq); /* checked by order_invalid */
            it.seq = seq;
            it.has_seq = 1;
            ins_buf text;
            insBufInit(&text);
            series_text(f, row_no, &text);
            it.description = text.len ? insBufStr(&text) : NULL;
            char code[16], origin[3] = "";
            const char *pn = cell(f, row_no, "PART_NANDI");
            it.code = pad_code(pn, 10, code, sizeof code) && all_digits(code) ? code : NULL;
            const char *po = cell(f, row_no, "PAIS_ORIGE");
            int po_iso = po && country_of(po, origin);
            if (po && !po_iso) d->numeric_countries++;
            it.origin = origin[0] ? origin : (ex && !po ? "PE" : NULL);
            it.m.has_net = num(f, row_no, "PESO_NETO", &it.m.net);
            it.m.has_gross = num(f, row_no, "PESO_BRUTO", &it.m.gross);
            it.m.has_value = num(f, row_no, "FOB_DIVFAC", &it.m.value) && currency[0];
            it.m.has_stat = num(f, row_no, "FOB_DOLPOL", &it.m.stat);
            it.currency = it.m.has_value ? currency : NULL;
            int64_t item = insCustomsItemInsert(db, decl, &it);
            insBufFree(&text);
            if (item < 0) { rc = INS_ERR_DB; break; }
            static const char qit[] =
                "UPDATE declaration_items SET origin_ubigeo = ?, quantity = ?, unit = ? WHERE id = ?";
            s = insDbStmt(db, qit);
            if (!s) { rc = INS_ERR_DB; break; }
            insDbBindText(s, 1, cell(f, row_no, "UBIGEO"));
            double q = 0;
            int has_q = num(f, row_no, "UNID_FIQTY", &q);
            insDbBindOptDouble(s, 2, has_q, q);
            insDbBindText(s, 3, cell(f, row_no, "UNID_FIDES"));
            sqlite3_bind_int64(s, 4, item);
            rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
            sqlite3_reset(s);
            if (rc == INS_OK) rc = keep_rest(d, doc, f, row_no, seq, "declaration_item", item);
            /* what the columns could not take is kept as written */
            static const char *const raw[] = {"PESO_NETO", "PESO_BRUTO", "FOB_DOLPOL", "UNID_FIQTY"};
            double dummy;
            for (size_t k2 = 0; k2 < INS_ARRAY_LEN(raw) && rc == INS_OK; k2++)
                if (cell(f, row_no, raw[k2]) && !num(f, row_no, raw[k2], &dummy))
                    rc = keep_raw(d, doc, seq, "declaration_item", item, f, row_no, raw[k2]);
            if (rc == INS_OK && cell(f, row_no, "FOB_DIVFAC") && !it.m.has_value) /* no currency, or no number */
                rc = keep_raw(d, doc, seq, "declaration_item", item, f, row_no, "FOB_DIVFAC");
            if (rc == INS_OK && pn && !it.code)
                rc = keep_raw(d, doc, seq, "declaration_item", item, f, row_no, "PART_NANDI");
            if (rc == INS_OK && po && !po_iso)
                rc = keep_raw(d, doc, seq, "declaration_item", item, f, row_no, "PAIS_ORIGE");
            /* a series' own regime of precedence */
            const char *nd = cell(f, row_no, "NDCLREGPRE");
            if (rc == INS_OK && nd) {
                const char *a = cell(f, row_no, "CADUREGPRE"), *y = cell(f, row_no, "FANOREGPRE");
                const char *g = cell(f, row_no, "REGI_PROCE");
                ins_buf ref;
                insBufInit(&ref);
                insBufPrintf(&ref, "%s-%s-%s-%s", a ? a : "?", y ? y : "?", g ? g : "?", nd);
                rc = add_ref(db, decl, seq, "prior_regime", g, insBufStr(&ref), NULL, NULL, NULL);
                insBufFree(&ref);
            }
            break;
        }
        case TD_INVOICES: {
            char dt[11];
            rc = add_ref(db, decl, 0, "invoice", cell(f, row_no, "TIPO_DOCPR"), cell(f, row_no, "NUME_FACTU"),
                         date_of(cell(f, row_no, "FECH_FACTU"), dt) ? dt : NULL, cell(f, row_no, "NOMB_PROVE"),
                         cell(f, row_no, "PAIS_PROVE"));
            if (rc == INS_OK) rc = keep_rest(d, doc, f, row_no, 0, "declaration", decl);
            break;
        }
        case TD_DOCUMENTS: {
            char dt[11];
            seq_of(cell(f, row_no, "NUME_SERIE"), &seq);
            rc = add_ref(db, decl, seq, "document", cell(f, row_no, "TIPO_DOCAS"), cell(f, row_no, "NUME_DOCAS"),
                         date_of(cell(f, row_no, "FECH_DOCAS"), dt) ? dt : NULL, cell(f, row_no, "ENTI_DOCAS"), NULL);
            if (rc == INS_OK) rc = keep_rest(d, doc, f, row_no, seq, "declaration", decl);
            break;
        }
        case TD_PRIOR: {
            ins_buf ref;
            insBufInit(&ref);
            const char *a = cell(f, row_no, "CADUREGPRE"), *y = cell(f, row_no, "FANOREGPRE");
            const char *g = cell(f, row_no, "REGI_PROCE"), *n = cell(f, row_no, "NDCLREGPRE");
            insBufPrintf(&ref, "%s-%s-%s-%s", a ? a : "?", y ? y : "?", g ? g : "?", n ? n : "?");
            seq_of(cell(f, row_no, "NUME_SERIE"), &seq);
            char dt[11];
            rc = add_ref(db, decl, seq, "prior_regime", g, insBufStr(&ref),
                         date_of(cell(f, row_no, "FINIREGPRE"), dt) ? dt : NULL, NULL, NULL);
            insBufFree(&ref);
            if (rc == INS_OK) rc = keep_rest(d, doc, f, row_no, seq, "declaration", decl);
            break;
        }
        case TD_CONTAINERS: {
            const char *c = cell(f, row_no, "NUME_CONTE");
            if (c) rc = add_transport(db, decl, "container", c);
            if (rc == INS_OK) rc = keep_rest(d, doc, f, row_no, 0, "declaration", decl);
            break;
        }
        case TD_VEHICLES: {
            const char *id = cell(f, row_no, "IDEN_EMPRE"), *t = cell(f, row_no, "TIPO_EMPRE");
            const char *kind = t && (!strcasecmp(t, "N") || !strcasecmp(t, "B")) ? "vessel" : "vehicle";
            if (id) rc = add_transport(db, decl, kind, id);
            const char *ruc = cell(f, row_no, "RUC_TRANSP");
            if (rc == INS_OK && all_digits(ruc) && strlen(ruc) == 11) {
                ins_party cp = {INS_SCHEME_PE_RUC, ruc, NULL, "PE"};
                const char *cby = NULL;
                int64_t carrier = insModelFirmByName(db, doc, &cp, &cby);
                if (carrier < 0) { rc = INS_ERR_DB; break; }
                ins_customs_party p;
                memset(&p, 0, sizeof p);
                p.role = "carrier";
                p.firm = carrier;
                p.identifier = ruc;
                p.country = "PE";
                p.resolved_by = cby ? cby : "new";
                rc = insCustomsPartyInsert(db, decl, &p);
                static const char qc[] =
                    "UPDATE declarations SET carrier_firm_id = COALESCE(carrier_firm_id, ?) WHERE id = ?";
                if (rc == INS_OK && (s = insDbStmt(db, qc)) != NULL) {
                    sqlite3_bind_int64(s, 1, carrier);
                    sqlite3_bind_int64(s, 2, decl);
                    rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
                    sqlite3_reset(s);
                } else if (rc == INS_OK) {
                    rc = INS_ERR_DB;
                }
            }
            if (rc == INS_OK) rc = keep_rest(d, doc, f, row_no, 0, "declaration", decl);
            break;
        }
        case TD_REMARKS:
        case TD_ORDERS:
            rc = keep_rest(d, doc, f, row_no, 0, "declaration", decl);
            break;
        case TD_ERRORS: {
            const char *code = cell(f, row_no, "CODI_ERROR"), *text = cell(f, row_no, "DESC_ADVER");
            rc = insModelWarn(db, doc, "customs_response", _("customs answered %s: %s"), code ? code : "?",
                              text ? text : "");
            if (rc == INS_OK) rc = keep_rest(d, doc, f, row_no, 0, "declaration", decl);
            break;
        }
        case TD_ACCEPTED: {
            char an[INS_DAM_NUMBER_BYTES], ad[11];
            int ok;
            acceptance_of(d, k, r, an, ad, &ok);
            if (!ok) {
                rc = keep_raw(d, doc, 0, "declaration", decl, f, row_no, "NUME_CORRE");
                if (rc == INS_OK)
                    rc = insModelWarn(db, doc, "customs_response",
                                      _("an acceptance without a valid NUME_CORRE (%s) was kept as written"),
                                      cell(f, row_no, "NUME_CORRE") ? cell(f, row_no, "NUME_CORRE") : "");
            }
            if (rc == INS_OK) rc = keep_rest(d, doc, f, row_no, 0, "declaration", decl);
            break;
        }
        case TD_HEADER:
        case TD_CONTROL:
        case TD_RESPONSE_CONTROL:
            break;
        }
    }
    if (rc != INS_OK) return rc;
    if (!dam_no[0] &&
        insModelWarn(db, doc, "dam_pending",
                     _("no DAM number yet: keyed by the agency's order %s until customs' acceptance is imported"),
                     k) != INS_OK)
        return INS_ERR_DB;
    if (!dir && insModelWarn(db, doc, "regime", _("régimen %s: direction unknown"), regime) != INS_OK)
        return INS_ERR_DB;
    if (d->attrs_dropped && insCustomsWarnDropped(db, doc, d->attrs_dropped) != INS_OK) return INS_ERR_DB;
    /* the same order imported before with other content: this is a new version */
    static const char qprev[] =
        "SELECT MIN(document_id) FROM declarations WHERE " SAME_ORDER " AND id <> ?4"
        " AND order_sha256 IS NOT ?5";
    s = insDbStmt(db, qprev);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, k);
    insDbBindText(s, 2, k); /* the very order only: another year is another order here */
    insDbBindText(s, 3, NULL);
    sqlite3_bind_int64(s, 4, decl);
    insDbBindText(s, 5, sha);
    int64_t prev = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (prev > 0 && insModelWarn(db, doc, "order_again",
                                 _("the agency's order %s was imported before with other content (document %lld):"
                                   " this is a new version of it"),
                                 k, (long long)prev) != INS_OK)
        return INS_ERR_DB;
    d->ctx->records++;
    return INS_OK;
}

/*
** Customs' response for order O (its acceptances and errors), applied to
** the declaration imported earlier: in another transmission, or the same
** declaration sent again.  An acceptance gives the declarations of the
** order (the agency's, the year before too: an order of December presented
** in January) still without a number their DAM number and numbering date,
** and drops their pending warning; errors become warnings of the order's
** latest declaration.  A response for which no declaration waits, or an
** acceptance without a valid number, is a rejected part, never dropped.
*/
static int respond_earlier(dam *d, const order *o)
{
    ins_db *db = d->ctx->db;
    char prev_key[INS_DAM_KEY_BYTES];
    key_year_before(o->key, prev_key);
    const char *agent = d->resp_agent[0] ? d->resp_agent : NULL;
    int64_t latest = 0;
    static const char qlatest[] = "SELECT document_id FROM declarations WHERE " SAME_ORDER " ORDER BY id DESC LIMIT 1";
    sqlite3_stmt *s = insDbStmt(db, qlatest);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, o->key);
    insDbBindText(s, 2, prev_key);
    insDbBindText(s, 3, agent);
    if (sqlite3_step(s) == SQLITE_ROW) latest = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);

    size_t applied = 0;
    for (size_t i = 0; i < o->n; i++) {
        const td_rec *r = &o->r[i];
        const td_file *f = &d->f[r->file];
        char at[96], why[256];
        where(d, r, at, sizeof at);
        if (r->role == TD_ACCEPTED) {
            char dam_no[INS_DAM_NUMBER_BYTES], date[11];
            int ok;
            acceptance_of(d, o->key, r, dam_no, date, &ok);
            if (!ok) {
                snprintf(why, sizeof why, _("acceptance without a valid NUME_CORRE"));
                if (reject_part(d, at, why) != INS_OK) return INS_ERR_NOMEM;
                continue;
            }
            /* documents and warnings first, while the declarations still
             * say which ones wait */
            static const char qdoc[] =
                "UPDATE documents SET number = ?4, issue_date = COALESCE(?5, issue_date) WHERE id IN"
                " (SELECT document_id FROM declarations WHERE " SAME_ORDER " AND reference IS NULL)";
            static const char qw[] =
                "DELETE FROM document_warnings WHERE code = 'dam_pending' AND document_id IN"
                " (SELECT document_id FROM declarations WHERE " SAME_ORDER " AND reference IS NULL)";
            static const char qu[] =
                "UPDATE declarations SET reference = ?4, issue_date = COALESCE(?5, issue_date)"
                " WHERE " SAME_ORDER " AND reference IS NULL";
            const char *sql[] = {qdoc, qw, qu};
            int changed = 0;
            for (size_t q = 0; q < 3; q++) {
                sqlite3_stmt *u = insDbStmt(db, sql[q]);
                if (!u) return INS_ERR_DB;
                insDbBindText(u, 1, o->key);
                insDbBindText(u, 2, prev_key);
                insDbBindText(u, 3, agent);
                if (q != 1) {
                    insDbBindText(u, 4, dam_no);
                    insDbBindText(u, 5, date[0] ? date : NULL);
                }
                int ok2 = sqlite3_step(u) == SQLITE_DONE;
                sqlite3_reset(u);
                if (!ok2) return INS_ERR_DB;
                if (q == 2) changed = sqlite3_changes(db->h);
            }
            if (!changed) {
                /* the same acceptance again, for a declaration numbered already */
                static const char qsame[] =
                    "SELECT COUNT(*) FROM declarations WHERE " SAME_ORDER " AND reference = ?4";
                sqlite3_stmt *c = insDbStmt(db, qsame);
                if (!c) return INS_ERR_DB;
                insDbBindText(c, 1, o->key);
                insDbBindText(c, 2, prev_key);
                insDbBindText(c, 3, agent);
                insDbBindText(c, 4, dam_no);
                int same = sqlite3_step(c) == SQLITE_ROW && sqlite3_column_int(c, 0) > 0;
                sqlite3_reset(c);
                if (!same) {
                    snprintf(why, sizeof why, _("acceptance %s for an order with no declaration awaiting its number"),
                             dam_no);
                    if (reject_part(d, o->key, why) != INS_OK) return INS_ERR_NOMEM;
                    continue;
                }
            }
            applied++;
        } else if (r->role == TD_ERRORS) {
            const char *code = cell(f, r->row, "CODI_ERROR"), *text = cell(f, r->row, "DESC_ADVER");
            if (!latest) {
                snprintf(why, sizeof why, _("customs' error %s for an order with no declaration"), code ? code : "?");
                if (reject_part(d, at, why) != INS_OK) return INS_ERR_NOMEM;
                continue;
            }
            if (insModelWarn(db, latest, "customs_response", _("customs answered %s: %s"), code ? code : "?",
                             text ? text : "") != INS_OK)
                return INS_ERR_DB;
            applied++;
        }
    }
    if (applied) d->ctx->records++;
    return INS_OK;
}

/*
** 1 when order O (content hash SHA) was imported before, by the same
** agency: the same declaration transmitted again, perhaps with customs'
** response now; the response is then applied to it.
*/
static int imported_before(dam *d, const order *o, const char *sha, int *rc)
{
    static const char q[] = "SELECT COUNT(*) FROM declarations WHERE " SAME_ORDER " AND order_sha256 = ?4";
    sqlite3_stmt *s = insDbStmt(d->ctx->db, q);
    *rc = INS_OK;
    if (!s) { *rc = INS_ERR_DB; return 0; }
    const char *agent = d->agent[0] ? d->agent : NULL;
    char a3[4];
    if (agent) snprintf(a3, sizeof a3, "%.3s", agent);
    insDbBindText(s, 1, o->key);
    insDbBindText(s, 2, o->key);
    insDbBindText(s, 3, agent ? a3 : NULL);
    insDbBindText(s, 4, sha);
    int seen = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
    sqlite3_reset(s);
    if (seen) {
        *rc = respond_earlier(d, o);
        if (*rc == INS_OK) d->ctx->records++;
    }
    return seen;
}

/* Frees what the transmission read. */
static void dam_free(dam *d)
{
    for (size_t i = 0; i < d->nf; i++) insTdFree(&d->f[i].t);
    free(d->f);
    free(d->r);
}

/*
** Imports a transmission: reads its files, then each order in key order,
** one savepoint each; an order that fails its checks is a rejected part
** with its reason, and the others import.  An order imported before with
** the same content is not imported twice (its responses are applied).
** Records without a complete key are rejected parts too, one per file and
** line.  More than INS_MAX_TD_ORDERS orders refuse the transmission before
** anything is written.
*/
static int dam_run(ins_import_ctx *ctx)
{
    if (!ctx->src->members || !ctx->src->nmembers)
        return insImportReject(ctx, INS_ERR_FORMAT,
                               _("a Teledespacho file is read with the other files of its transmission "
                                 "(import its directory or zip)"));
    dam d;
    memset(&d, 0, sizeof d);
    d.ctx = ctx;
    int rc = read_files(&d);
    size_t norders = 0;
    for (size_t i = 0; rc == INS_OK && i < d.nr; i++)
        if (d.r[i].key[0] && (i == 0 || strcmp(d.r[i].key, d.r[i - 1].key))) norders++;
    if (rc == INS_OK && norders > INS_MAX_TD_ORDERS)
        rc = insImportReject(ctx, INS_ERR_TOOBIG, _("more than %u orders in one transmission"), INS_MAX_TD_ORDERS);
    for (size_t i = 0; i < d.nr && rc == INS_OK;) {
        size_t j = i;
        while (j < d.nr && !strcmp(d.r[j].key, d.r[i].key)) j++;
        if (!d.r[i].key[0]) {
            /* records that name no complete order */
            for (size_t k = i; k < j && rc == INS_OK; k++) {
                char at[96];
                where(&d, &d.r[k], at, sizeof at);
                rc = reject_part(&d, at, _("no complete order key (customs office, year, régimen, order number)"));
            }
            i = j;
            continue;
        }
        order o;
        memset(&o, 0, sizeof o);
        o.key = d.r[i].key;
        o.r = &d.r[i];
        o.n = j - i;
        for (size_t k = 0; k < o.n; k++) {
            if (o.r[k].role == TD_HEADER) { if (!o.nhead++) o.head = &o.r[k]; }
            else if (o.r[k].role == TD_SERIES) o.nseries++;
            else if (o.r[k].role == TD_ACCEPTED || o.r[k].role == TD_ERRORS) o.nresp++;
        }
        i = j;
        if (o.nhead == 0 && o.nresp == o.n) {
            rc = respond_earlier(&d, &o); /* a response to an earlier transmission */
            continue;
        }
        ins_buf why;
        insBufInit(&why);
        char sha[65];
        if (order_invalid(&d, &o, &why)) {
            rc = reject_part(&d, o.key, insBufStr(&why));
            insBufFree(&why);
            continue;
        }
        insBufFree(&why);
        order_hash(&d, &o, sha);
        if (imported_before(&d, &o, sha, &rc) || rc != INS_OK) continue;
        if ((rc = insImportPartBegin(ctx)) != INS_OK) break;
        rc = import_order(&d, &o, sha);
        /* SQLite's words, before the part's rollback replaces them */
        if (rc == INS_ERR_DB) insImportReject(ctx, INS_ERR_DB, _("database error: %s"), insDbErr(ctx->db));
        int end = insImportPartEnd(ctx, rc == INS_OK);
        if (rc == INS_OK) rc = end;
    }
    if (rc == INS_OK && d.parts_more) {
        char what[64], reason[128];
        snprintf(what, sizeof what, "(+%lu)", d.parts_more);
        snprintf(reason, sizeof reason, _("%lu more parts rejected (the first %u are listed)"), d.parts_more,
                 INS_MAX_PARTS_LOGGED);
        rc = insImportRejectPart(ctx, what, "%s", reason);
    }
    /* said once, on the transmission's first declaration imported */
    if (rc == INS_OK && d.first_doc > 0 && d.numeric_countries)
        rc = insModelWarn(ctx->db, d.first_doc, "country_code",
                          _("%lu country code(s) of SUNAT's numeric table kept as written, not mapped to ISO"),
                          d.numeric_countries);
    if (rc == INS_OK && d.first_doc > 0 && d.deleted)
        rc = insModelWarn(ctx->db, d.first_doc, "dbf_deleted",
                          _("%lu dBASE record(s) marked deleted were skipped"), d.deleted);
    if (rc == INS_OK && d.first_doc > 0 && d.unread)
        rc = insModelWarn(ctx->db, d.first_doc, "dbf_unread",
                          _("%lu dBASE cell(s) of memo or binary fields were not read"), d.unread);
    if (rc == INS_OK && !ctx->records && !ctx->nparts)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no declaration in the transmission"));
    if (rc == INS_OK && !ctx->records)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("every declaration of the transmission was rejected (first: %s)"),
                             ctx->parts[0].reason);
    dam_free(&d);
    return rc;
}

/* A Teledespacho file is never imported alone: the driver groups it. */
static int dam_sniff(const ins_sniff *s)
{
    return s->filename && insTdLayoutByFile(s->filename) ? 90 : 0;
}

/* 1 when a file named NAME belongs to a transmission. */
static int dam_member(const char *name)
{
    return insTdLayoutByFile(name) != NULL;
}

const ins_importer insImporterSunatDam = {
    "sunat-dam",
    N_("SUNAT Teledespacho transmission of customs declarations (DAM): ADUAHDR1, ADUADET1, DUA* files, responses"),
    dam_sniff,
    dam_run,
    0,
    dam_member,
};
