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

/* One record of a file, under the key of its order. */
typedef struct td_rec {
    char key[40];       /* "OOO-YYYY-RR-NNNNNN", or "" without a complete key */
    unsigned short file;
    unsigned char role;
    size_t row;
} td_rec;

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
** WIDTH, or not digits, is copied upper-cased as it is.  0 when S is empty.
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
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < size; i++) out[k++] = (char)toupper((unsigned char)s[i]);
    out[k] = '\0';
    return k > 0;
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
        if (sscanf(s, "%4d%2d%2d", &y, &m, &d) != 3) return 0;
        if (y < 1900) { /* DDMMAAAA */
            if (sscanf(s, "%2d%2d%4d", &d, &m, &y) != 3) return 0;
        }
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
** A number from a NUMERICO cell: "1234.50", "1234,50", or, in a
** fixed-width file, the field's digits with DECIMALS implied decimals
** when the cell holds exactly the field's SIZE digits and no separator.
*/
static int number_of(const char *s, const ins_td_field *f, int fixed, double *out)
{
    if (!s || !*s) return 0;
    char buf[64];
    size_t n = strlen(s);
    if (n >= sizeof buf) return 0;
    memcpy(buf, s, n + 1);
    char *comma = strchr(buf, ',');
    if (comma && !strchr(buf, '.')) *comma = '.';
    char *end;
    double v = strtod(buf, &end);
    if (end == buf || *end) return 0;
    if (fixed && f && f->decimals && all_digits(s) && n == f->size) {
        for (unsigned i = 0; i < f->decimals; i++) v /= 10;
    }
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

/* Fills R's keys from row ROW of F: complete only with office, year,
** régimen and order all present. */
static void rec_key(const td_file *f, size_t row, td_rec *r)
{
    char office[8], year[5], regime[8], order[16];
    r->key[0] = '\0';
    const char *o = insTdCell(&f->t, row, f->c_office), *y = insTdCell(&f->t, row, f->c_year);
    const char *g = insTdCell(&f->t, row, f->c_regime), *n = insTdCell(&f->t, row, f->c_order);
    if (!pad_code(o, 3, office, sizeof office) || !pad_code(g, 2, regime, sizeof regime) ||
        !pad_code(n, 6, order, sizeof order) || strlen(office) != 3 || strlen(regime) != 2)
        return;
    if (year_of(y, year)) snprintf(r->key, sizeof r->key, "%s-%s-%s-%s", office, year, regime, order);
}

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
    int has_orders;           /* DETCTR01 came */
    unsigned long numeric_countries; /* country codes not mapped */
    int64_t first_doc;        /* the first declaration's document */
} dam;

/* The fields dam.c writes to columns or rows of their own; every other
** field of a record is kept as a record attribute. */
static int consumed(ins_td_role role, const char *name)
{
    static const char *const key[] = {"CODI_ADUAN", "ANO_ORDEN", "ANO_PRESE", "CODI_REGI", "NUME_ORDEN"};
    static const char *const hdr[] = {"FANO", "NDCL", "NOMB_IMPOR", "TIPO_DOCUM", "NUME_DOCUM",
                                      "DIRE_IMPOR", "UBIGEO", "PAIS_DESTI", "CODI_MONED", NULL};
    static const char *const det[] = {"NUME_SERIE", "PESO_NETO", "PESO_BRUTO", "PART_NANDI",
                                      "PAIS_ORIGE", "FOB_DIVFAC", "FOB_DOLPOL", "UNID_FIQTY",
                                      "UNID_FIDES", "DESC_COMER", "DESC_MATCO", "DESC_USOAP",
                                      "DESC_FOPRE", "DESC_OTROS", "UBIGEO", NULL};
    for (size_t i = 0; i < INS_ARRAY_LEN(key); i++)
        if (!strcmp(name, key[i])) return 1;
    static const char *const fac[] = {"NUME_FACTU", "FECH_FACTU", "NOMB_PROVE", "PAIS_PROVE", "TIPO_DOCPR", NULL};
    static const char *const doc[] = {"NUME_SERIE", "TIPO_DOCAS", "NUME_DOCAS", "FECH_DOCAS", "ENTI_DOCAS", NULL};
    static const char *const con[] = {"NUME_CONTE", NULL};
    static const char *const veh[] = {"IDEN_EMPRE", "TIPO_EMPRE", "RUC_TRANSP", NULL};
    static const char *const pri[] = {"NUME_SERIE", "REGI_PROCE", "CADUREGPRE", "FANOREGPRE", "NDCLREGPRE",
                                      "FINIREGPRE", NULL};
    static const char *const acc[] = {"NUME_CORRE", "FECH_INGSI", NULL};
    static const char *const err[] = {"CODI_ERROR", "DESC_ADVER", NULL};
    const char *const *l = role == TD_HEADER ? hdr : role == TD_SERIES ? det : role == TD_INVOICES ? fac
                         : role == TD_DOCUMENTS ? doc : role == TD_CONTAINERS ? con : role == TD_VEHICLES ? veh
                         : role == TD_PRIOR ? pri : role == TD_ACCEPTED ? acc : role == TD_ERRORS ? err : NULL;
    for (; l && *l; l++)
        if (!strcmp(name, *l)) return 1;
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
** Keeps every field of row ROW of F that has no column of its own as a
** record attribute of ENTITY ENTITY_ID (record RECORD_NO of document DOC).
*/
static int keep_rest(dam *d, int64_t doc, const td_file *f, size_t row, int64_t record_no,
                     const char *entity, int64_t entity_id)
{
    for (size_t c = 0; c < f->t.ncols; c++) {
        const char *v = insTdCell(&f->t, row, (int)c);
        if (!v || consumed(f->lay->role, f->t.col[c])) continue;
        char name[32];
        lower(f->t.col[c], name, sizeof name);
        if (insModelAttribute(d->ctx->db, doc, record_no, entity, entity_id, name, v) != INS_OK)
            return INS_ERR_DB;
    }
    return INS_OK;
}

/* ---- reading the files -------------------------------------------------- */

/*
** Reads every file of the transmission and gathers their records by
** order.  A file that cannot be read, or lacks a key field, refuses the
** transmission with the file's name and the reason.
*/
static int read_files(dam *d)
{
    const ins_source *src = d->ctx->src;
    d->f = calloc(src->nmembers ? src->nmembers : 1, sizeof *d->f);
    if (!d->f) return INS_ERR_NOMEM;
    size_t total = 0;
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
        f->c_office = insTdColumn(&f->t, "CODI_ADUAN");
        f->c_year = insTdColumn(&f->t, "ANO_ORDEN");
        if (f->c_year < 0) f->c_year = insTdColumn(&f->t, "ANO_PRESE");
        f->c_regime = insTdColumn(&f->t, "CODI_REGI");
        f->c_order = insTdColumn(&f->t, "NUME_ORDEN");
        ins_td_role role = f->lay->role;
        if (role == TD_CONTROL || role == TD_RESPONSE_CONTROL) {
            if (role == TD_CONTROL) d->control = f;
            continue;
        }
        const char *miss = f->c_office < 0 ? "CODI_ADUAN" : f->c_year < 0 ? "ANO_ORDEN"
                         : f->c_regime < 0 ? "CODI_REGI" : f->c_order < 0 ? "NUME_ORDEN" : NULL;
        if (miss)
            return insImportReject(d->ctx, INS_ERR_FORMAT, _("%s: no field %s, so its records belong to no order"),
                                   f->m->name, miss);
        if (role == TD_ORDERS) d->has_orders = 1;
        total += f->t.nrows;
    }
    if (total > INS_MAX_TD_ROWS)
        return insImportReject(d->ctx, INS_ERR_TOOBIG, _("transmission of more than %u records"), INS_MAX_TD_ROWS);
    d->r = calloc(total ? total : 1, sizeof *d->r);
    if (!d->r) return INS_ERR_NOMEM;
    for (size_t i = 0; i < d->nf; i++) {
        const td_file *f = &d->f[i];
        ins_td_role role = f->lay->role;
        if (role == TD_CONTROL || role == TD_RESPONSE_CONTROL) continue;
        for (size_t row = 0; row < f->t.nrows; row++) {
            td_rec *r = &d->r[d->nr++];
            r->file = (unsigned short)i;
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
    size_t nhead, nseries;
} order;

/* The DAM number and numbering date the responses of this transmission
** give order O ("" when none). */
static void accepted(const dam *d, const order *o, char dam_no[32], char date[11])
{
    dam_no[0] = date[0] = '\0';
    for (size_t i = 0; i < o->n; i++) {
        if (o->r[i].role != TD_ACCEPTED) continue;
        const td_file *f = &d->f[o->r[i].file];
        const char *corr = cell(f, o->r[i].row, "NUME_CORRE");
        char num6[16];
        if (!pad_code(corr, 6, num6, sizeof num6)) continue;
        /* office-year-régimen-number: the key's first three parts */
        const char *k = o->key;
        snprintf(dam_no, 32, "%.3s-%.4s-%.2s-%s", k, k + 4, k + 9, num6);
        if (!date_of(cell(f, o->r[i].row, "FECH_INGSI"), date)) date[0] = '\0';
        return;
    }
}

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
    char plate[32] = "", alt[32] = "";
    if (!strcmp(kind, "vehicle")) {
        size_t k = 0, a = 0;
        for (const char *p = ident; *p && k + 1 < sizeof plate; p++) {
            if (*p == ' ') continue;
            plate[k++] = (char)toupper((unsigned char)*p);
            if (*p != '-' && a + 1 < sizeof alt) alt[a++] = (char)toupper((unsigned char)*p);
        }
        plate[k] = alt[a] = '\0';
        if (!strcmp(plate, alt) && a == 6) snprintf(alt, sizeof alt, "%.3s-%.3s", plate, plate + 3);
    }
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
** number given twice.
*/
static int order_invalid(const dam *d, const order *o, ins_buf *why)
{
    char at[96];
    size_t others = 0;
    for (size_t i = 0; i < o->n; i++)
        others += o->r[i].role != TD_HEADER && o->r[i].role != TD_ACCEPTED && o->r[i].role != TD_ERRORS &&
                  o->r[i].role != TD_ORDERS;
    if (o->nhead == 0) {
        const td_rec *first = NULL;
        for (size_t i = 0; i < o->n && !first; i++)
            if (o->r[i].role == TD_SERIES || (o->r[i].role != TD_ACCEPTED && o->r[i].role != TD_ERRORS)) first = &o->r[i];
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
    /* series numbers: present, and each once */
    for (size_t i = 0; i < o->n; i++) {
        if (o->r[i].role != TD_SERIES) continue;
        const td_file *f = &d->f[o->r[i].file];
        double v;
        if (!num(f, o->r[i].row, "NUME_SERIE", &v) || v < 1 || v > INS_MAX_CUSTOMS_ITEMS) {
            where(d, &o->r[i], at, sizeof at);
            insBufPrintf(why, _("series without a valid NUME_SERIE (%s)"), at);
            return 1;
        }
        for (size_t j = 0; j < i; j++) {
            if (o->r[j].role != TD_SERIES) continue;
            double w;
            if (num(&d->f[o->r[j].file], o->r[j].row, "NUME_SERIE", &w) && w == v) {
                where(d, &o->r[i], at, sizeof at);
                insBufPrintf(why, _("series %ld given twice (again at %s)"), (long)v, at);
                return 1;
            }
        }
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
** Imports order O as one declaration: its document, declarations row,
** trader, series, invoices, associated documents, containers, vehicles,
** prior regimes, remarks and the responses' values; inside the caller's
** savepoint for the order.
*/
static int import_order(dam *d, const order *o)
{
    ins_db *db = d->ctx->db;
    const td_file *hf = &d->f[o->head->file];
    size_t hr = o->head->row;
    const char *k = o->key;
    char office[4], year[5], regime[3];
    snprintf(office, sizeof office, "%.3s", k);
    snprintf(year, sizeof year, "%.4s", k + 4);
    snprintf(regime, sizeof regime, "%.2s", k + 9);

    char dam_no[32], acc_date[11], dbuf[11];
    accepted(d, o, dam_no, acc_date);
    if (!dam_no[0]) { /* a rectification carries the number in its header */
        char fano[5], ndcl[16];
        if (year_of(cell(hf, hr, "FANO"), fano) && pad_code(cell(hf, hr, "NDCL"), 6, ndcl, sizeof ndcl))
            snprintf(dam_no, sizeof dam_no, "%s-%s-%s-%s", office, fano, regime, ndcl);
    }
    const char *dir = regime_direction(regime);
    const char *date = decl_date(d, hf, hr, acc_date, dbuf);
    char currency[4] = "";
    const char *cm = cell(hf, hr, "CODI_MONED");
    if (cm && strlen(cm) == 3 && isalpha((unsigned char)cm[0])) {
        for (int i = 0; i < 3; i++) currency[i] = (char)toupper((unsigned char)cm[i]);
        currency[3] = '\0';
    }

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
    const char *role = dir && !strcmp(dir, "EX") ? "exporter" : "importer";
    const char *tnum = cell(hf, hr, "NUME_DOCUM"), *tname = cell(hf, hr, "NOMB_IMPOR");
    const char *scheme = scheme_of(cell(hf, hr, "TIPO_DOCUM"), tnum);
    ins_party party = {scheme, tnum, tname, "PE"};
    const char *by = NULL;
    int64_t firm = tnum || tname ? insModelFirmByName(db, doc, &party, &by) : 0;
    if (firm < 0) return INS_ERR_DB;

    char dest[3] = "";
    const char *pd = cell(hf, hr, "PAIS_DESTI");
    if (pd && !country_of(pd, dest)) d->numeric_countries++;

    ins_customs_decl row;
    memset(&row, 0, sizeof row);
    row.document_id = doc;
    row.format = "sunat-dam";
    row.direction = dir;
    row.type_code = regime;
    row.function_code = NULL;
    row.reference = dam_no[0] ? dam_no : NULL;
    row.issue_date = date;
    row.firm[!strcmp(role, "exporter") ? INS_CUSTOMS_EXPORTER : INS_CUSTOMS_IMPORTER] = firm;
    row.exit_office = dir && !strcmp(dir, "EX") ? office : NULL;
    row.entry_office = dir && !strcmp(dir, "EX") ? NULL : office;
    row.export_country = dir && !strcmp(dir, "EX") ? "PE" : NULL;
    row.destination_country = dir && !strcmp(dir, "EX") ? (dest[0] ? dest : NULL) : "PE";
    row.transport_mode = cell(hf, hr, "VIA_TRANSP");
    int64_t decl = insCustomsDeclInsert(db, &row);
    if (decl < 0) return INS_ERR_DB;

    static const char qpe[] =
        "UPDATE declarations SET customs_office = ?, regime = ?, order_ref = ?, trader_ubigeo = ? WHERE id = ?";
    sqlite3_stmt *s = insDbStmt(db, qpe);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, office);
    insDbBindText(s, 2, regime);
    insDbBindText(s, 3, k);
    insDbBindText(s, 4, cell(hf, hr, "UBIGEO"));
    sqlite3_bind_int64(s, 5, decl);
    int rc = sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
    sqlite3_reset(s);
    if (rc != INS_OK) return rc;

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
    if (d->control) {
        const char *agent = cell(d->control, 0, "AGENTE"), *sent = cell(d->control, 0, "FECHA");
        if (agent && insModelAttribute(db, doc, 0, "declaration", decl, "transmission_agent", agent) != INS_OK)
            return INS_ERR_DB;
        if (sent && insModelAttribute(db, doc, 0, "declaration", decl, "transmission_date", sent) != INS_OK)
            return INS_ERR_DB;
    }

    /* the records of the order, by role */
    size_t nitems = 0;
    for (size_t i = 0; i < o->n && rc == INS_OK; i++) {
        const td_rec *r = &o->r[i];
        const td_file *f = &d->f[r->file];
        size_t row_no = r->row;
        double v;
        switch ((ins_td_role)r->role) {
        case TD_SERIES: {
            ins_customs_item it;
            memset(&it, 0, sizeof it);
            num(f, row_no, "NUME_SERIE", &v);
            it.seq = (long)v;
            it.has_seq = 1;
            ins_buf text;
            insBufInit(&text);
            series_text(f, row_no, &text);
            it.description = text.len ? insBufStr(&text) : NULL;
            char code[16], origin[3] = "";
            it.code = pad_code(cell(f, row_no, "PART_NANDI"), 10, code, sizeof code) && all_digits(code) ? code : NULL;
            const char *po = cell(f, row_no, "PAIS_ORIGE");
            if (po && !country_of(po, origin)) d->numeric_countries++;
            it.origin = origin[0] ? origin : (dir && !strcmp(dir, "EX") && !po ? "PE" : NULL);
            it.m.has_net = num(f, row_no, "PESO_NETO", &it.m.net);
            it.m.has_gross = num(f, row_no, "PESO_BRUTO", &it.m.gross);
            it.m.has_value = num(f, row_no, "FOB_DIVFAC", &it.m.value) && currency[0];
            it.m.has_stat = num(f, row_no, "FOB_DOLPOL", &it.m.stat);
            it.currency = it.m.has_value ? currency : NULL;
            int64_t item = insCustomsItemInsert(db, decl, &it);
            insBufFree(&text);
            if (item < 0) { rc = INS_ERR_DB; break; }
            nitems++;
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
            if (rc == INS_OK) rc = keep_rest(d, doc, f, row_no, it.seq, "declaration_item", item);
            /* a series' own regime of precedence */
            const char *nd = cell(f, row_no, "NDCLREGPRE");
            if (rc == INS_OK && nd) {
                ins_buf ref;
                insBufInit(&ref);
                insBufPrintf(&ref, "%s-%s-%s-%s", cell(f, row_no, "CADUREGPRE") ? cell(f, row_no, "CADUREGPRE") : "?",
                             cell(f, row_no, "FANOREGPRE") ? cell(f, row_no, "FANOREGPRE") : "?",
                             cell(f, row_no, "REGI_PROCE") ? cell(f, row_no, "REGI_PROCE") : "?", nd);
                rc = add_ref(db, decl, it.seq, "prior_regime", cell(f, row_no, "REGI_PROCE"), insBufStr(&ref),
                             NULL, NULL, NULL);
                insBufFree(&ref);
            }
            break;
        }
        case TD_INVOICES: {
            char dt[11];
            num(f, row_no, "NUME_SECUF", &v);
            rc = add_ref(db, decl, 0, "invoice", cell(f, row_no, "TIPO_DOCPR"), cell(f, row_no, "NUME_FACTU"),
                         date_of(cell(f, row_no, "FECH_FACTU"), dt) ? dt : NULL, cell(f, row_no, "NOMB_PROVE"),
                         cell(f, row_no, "PAIS_PROVE"));
            if (rc == INS_OK) rc = keep_rest(d, doc, f, row_no, 0, "declaration", decl);
            break;
        }
        case TD_DOCUMENTS: {
            char dt[11];
            long seq = num(f, row_no, "NUME_SERIE", &v) ? (long)v : 0;
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
            long seq = num(f, row_no, "NUME_SERIE", &v) ? (long)v : 0;
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
        case TD_ACCEPTED:
            rc = keep_rest(d, doc, f, row_no, 0, "declaration", decl);
            break;
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
    d->ctx->records++;
    return INS_OK;
}

/*
** Customs' response for order O that came without its declaration: an
** acceptance gives the declaration imported earlier (same order, still
** without a number) its DAM number and numbering date and drops its
** pending warning; errors become warnings of the order's latest
** declaration.  A response for which no declaration waits is a rejected
** part, never dropped.
*/
static int respond_earlier(dam *d, const order *o)
{
    char dam_no[32], date[11];
    accepted(d, o, dam_no, date);
    ins_db *db = d->ctx->db;
    static const char qd[] =
        "SELECT id, document_id, reference IS NULL FROM declarations WHERE order_ref = ?"
        " AND format = 'sunat-dam' ORDER BY id DESC";
    sqlite3_stmt *s = insDbStmt(db, qd);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, o->key);
    int64_t ids[2][8], latest_doc = 0;
    size_t n = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!latest_doc) latest_doc = sqlite3_column_int64(s, 1);
        if (n < 8 && sqlite3_column_int(s, 2)) {
            ids[0][n] = sqlite3_column_int64(s, 0);
            ids[1][n] = sqlite3_column_int64(s, 1);
            n++;
        }
    }
    sqlite3_reset(s);
    if (dam_no[0] && !n)
        return insImportRejectPart(d->ctx, o->key,
                                   _("acceptance %s for an order with no declaration awaiting its number"), dam_no);
    static const char qu[] =
        "UPDATE declarations SET reference = ?, issue_date = COALESCE(?, issue_date) WHERE id = ?";
    static const char qdoc[] = "UPDATE documents SET number = ?, issue_date = COALESCE(?, issue_date) WHERE id = ?";
    static const char qw[] = "DELETE FROM document_warnings WHERE document_id = ? AND code = 'dam_pending'";
    for (size_t i = 0; dam_no[0] && i < n; i++) {
        const char *sql[] = {qu, qdoc, qw};
        for (size_t q = 0; q < 3; q++) {
            sqlite3_stmt *u = insDbStmt(db, sql[q]);
            if (!u) return INS_ERR_DB;
            if (q < 2) {
                insDbBindText(u, 1, dam_no);
                insDbBindText(u, 2, date[0] ? date : NULL);
                sqlite3_bind_int64(u, 3, q == 0 ? ids[0][i] : ids[1][i]);
            } else {
                sqlite3_bind_int64(u, 1, ids[1][i]);
            }
            int ok = sqlite3_step(u) == SQLITE_DONE;
            sqlite3_reset(u);
            if (!ok) return INS_ERR_DB;
        }
    }
    /* errors and warnings customs answered */
    size_t nerr = 0;
    for (size_t i = 0; i < o->n; i++) {
        if (o->r[i].role != TD_ERRORS) continue;
        const td_file *f = &d->f[o->r[i].file];
        const char *code = cell(f, o->r[i].row, "CODI_ERROR"), *text = cell(f, o->r[i].row, "DESC_ADVER");
        if (!latest_doc) {
            char at[96];
            where(d, &o->r[i], at, sizeof at);
            int rc = insImportRejectPart(d->ctx, at, _("customs' error %s for an order with no declaration"),
                                         code ? code : "?");
            if (rc != INS_OK) return rc;
            continue;
        }
        if (insModelWarn(db, latest_doc, "customs_response", _("customs answered %s: %s"), code ? code : "?",
                         text ? text : "") != INS_OK)
            return INS_ERR_DB;
        nerr++;
    }
    if (n || nerr) d->ctx->records++;
    return INS_OK;
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
** with its reason, and the others import.  Records without a complete key
** are rejected parts too, one per file and line.
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
    for (size_t i = 0; i < d.nr && rc == INS_OK;) {
        size_t j = i;
        while (j < d.nr && !strcmp(d.r[j].key, d.r[i].key)) j++;
        if (!d.r[i].key[0]) {
            /* records that name no complete order */
            for (size_t k = i; k < j && rc == INS_OK; k++) {
                char at[96];
                where(&d, &d.r[k], at, sizeof at);
                rc = insImportRejectPart(ctx, at, _("no complete order key (customs office, year, régimen, order number)"));
            }
            i = j;
            continue;
        }
        if (++norders > INS_MAX_TD_ORDERS) {
            rc = insImportReject(ctx, INS_ERR_TOOBIG, _("more than %u orders in one transmission"), INS_MAX_TD_ORDERS);
            break;
        }
        order o;
        memset(&o, 0, sizeof o);
        o.key = d.r[i].key;
        o.r = &d.r[i];
        o.n = j - i;
        size_t nresp = 0;
        for (size_t k = 0; k < o.n; k++) {
            if (o.r[k].role == TD_HEADER) { if (!o.nhead++) o.head = &o.r[k]; }
            else if (o.r[k].role == TD_SERIES) o.nseries++;
            else if (o.r[k].role == TD_ACCEPTED || o.r[k].role == TD_ERRORS) nresp++;
        }
        if (o.nhead == 0 && nresp == o.n) {
            rc = respond_earlier(&d, &o); /* a response to an earlier transmission */
            i = j;
            continue;
        }
        ins_buf why;
        insBufInit(&why);
        if (order_invalid(&d, &o, &why)) {
            rc = insImportRejectPart(ctx, o.key, "%s", insBufStr(&why));
        } else if ((rc = insImportPartBegin(ctx)) == INS_OK) {
            rc = import_order(&d, &o);
            int end = insImportPartEnd(ctx, rc == INS_OK);
            if (rc == INS_OK) rc = end;
        }
        insBufFree(&why);
        i = j;
    }
    if (rc == INS_OK && d.numeric_countries && ctx->records) {
        /* said once, on the transmission's first declaration imported */
        if (d.first_doc > 0)
            rc = insModelWarn(ctx->db, d.first_doc, "country_code",
                              _("%lu country code(s) of SUNAT's numeric table kept as written, not mapped to ISO"),
                              d.numeric_countries);
    }
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
