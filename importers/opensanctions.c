/*
** opensanctions.c: OpenSanctions "targets.simple.csv" exports (FORMATS.md
** section 6).
**
** The export has one row per sanctioned or listed target with the header
** id,schema,name,aliases,birth_date,countries,addresses,identifiers,
** sanctions,phones,emails,program_ids,dataset,first_seen,last_seen,last_change
** (older exports lack program_ids).  OpenSanctions writes every field
** double-quoted, the header included; a multi-valued field joins its values
** with ';' using CSV quoting of its own (a value holding ';' or '"' is
** quoted inside the field).  The dataset column holds dataset titles ("US
** CBP Withhold Release Orders and Findings"); a collection export names
** every dataset an entity belongs to.
**
** Every (row, dataset) pair is an entry of the list "opensanctions:<dataset>",
** where <dataset> is the dataset's name (us_cbp_forced_labor, us_dhs_uflpa,
** br_slavery for the titles of the forced-labour lists, the value as given
** otherwise).  A file is a version of each list it names: entries present
** are inserted or refreshed, entries of those lists missing from the file are
** marked delisted (never deleted).  Columns the model has no place for
** (first_seen, last_seen, last_change, phones, emails, unknown columns) are
** kept in record_attributes per entry and version.
**
** Periods: a sanction text ending in dates ("program - 2022-06-21", or
** "2022-10-05 - 2023-01-13") gives a period; without dated sanctions the
** period starts at first_seen and stays open.  When an entry is delisted its
** open period closes at its last_seen in the last version that held it.
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define SCHEME_BR_CNPJ "BR-CNPJ"
#define SCHEME_BR_CPF "BR-CPF"

/* The columns of the export. */
enum {
    C_ID,
    C_SCHEMA,
    C_NAME,
    C_ALIASES,
    C_BIRTH_DATE,
    C_COUNTRIES,
    C_ADDRESSES,
    C_IDENTIFIERS,
    C_SANCTIONS,
    C_PHONES,
    C_EMAILS,
    C_PROGRAM_IDS,
    C_DATASET,
    C_FIRST_SEEN,
    C_LAST_SEEN,
    C_LAST_CHANGE,
    C_COUNT
};

/* Header names, and whether the value is kept as a record attribute. */
static const struct {
    const char *name;
    int keep;
} columns[C_COUNT] = {
    [C_ID] = {"id", 0},
    [C_SCHEMA] = {"schema", 0},
    [C_NAME] = {"name", 0},
    [C_ALIASES] = {"aliases", 0},
    [C_BIRTH_DATE] = {"birth_date", 0},
    [C_COUNTRIES] = {"countries", 0},
    [C_ADDRESSES] = {"addresses", 0},
    [C_IDENTIFIERS] = {"identifiers", 0},
    [C_SANCTIONS] = {"sanctions", 0},
    [C_PHONES] = {"phones", 1},
    [C_EMAILS] = {"emails", 1},
    [C_PROGRAM_IDS] = {"program_ids", 0},
    [C_DATASET] = {"dataset", 0},
    [C_FIRST_SEEN] = {"first_seen", 1},
    [C_LAST_SEEN] = {"last_seen", 1},
    [C_LAST_CHANGE] = {"last_change", 1},
};

/* A list (dataset) named in the file, and its version. */
typedef struct os_list {
    char *name;       /* list_name */
    char *dataset;    /* the dataset as stored in listings.dataset */
    int64_t version;  /* its listing_versions row */
    char seen[11];    /* latest last_seen of its rows ("" none); then the version's date */
    char change[11];  /* latest last_change of its rows, "" none */
    unsigned entries; /* distinct entries in the file */
    unsigned added;   /* new, or back after being delisted */
} os_list;

/* State of one file's import. */
typedef struct os_state {
    ins_import_ctx *ctx;
    int64_t doc;
    int have_header;
    int col[C_COUNT];   /* index of each column, -1 when absent */
    char **head;        /* header names as written */
    size_t nhead;
    size_t needed;      /* fields a row needs to reach every known column */
    os_list *lists;
    size_t nlists, caplists;
} os_state;

/* A growable list of strings: the values of one multi-valued field. */
typedef struct vlist {
    char **v;
    size_t n, cap;
} vlist;

/* ---- values -------------------------------------------------------------- */

/* Frees the values of L and empties it. */
static void vlist_free(vlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Appends a copy of [S, S+LEN), trimmed, unless it is empty or already in the
** list.  INS_OK or INS_ERR_NOMEM. */
static int vlist_add(vlist *l, const char *s, size_t len)
{
    char *v = insUStrndup(s, len);
    if (!v) return INS_ERR_NOMEM;
    insUTrim(v);
    if (!*v) {
        free(v);
        return INS_OK;
    }
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], v)) {
            free(v);
            return INS_OK;
        }
    char **nv = insUGrow(l->v, &l->cap, l->n + 1, sizeof *nv);
    if (!nv) {
        free(v);
        return INS_ERR_NOMEM;
    }
    l->v = nv;
    l->v[l->n++] = v;
    return INS_OK;
}

/*
** Splits a multi-valued field into L.  OpenSanctions joins values with ';'
** through a CSV writer, so a value holding ';' or '"' is double-quoted with
** inner quotes doubled; older exports joined plain values.  A quote that
** does not open a field is kept as text, so both forms read right.
*/
static int vlist_split(vlist *l, const char *s)
{
    if (!s) return INS_OK;
    ins_buf b;
    insBufInit(&b);
    const char *p = s;
    int rc = INS_OK;
    while (rc == INS_OK) {
        insBufReset(&b);
        while (*p == ' ') p++;
        if (*p == '"') {
            for (p++; *p; p++) {
                if (*p == '"' && p[1] == '"') {
                    insBufAppendChar(&b, '"');
                    p++;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    insBufAppendChar(&b, *p);
                }
            }
            /* text after the closing quote belongs to the value */
            while (*p && *p != ';') insBufAppendChar(&b, *p++);
        } else {
            while (*p && *p != ';') insBufAppendChar(&b, *p++);
        }
        if (b.oom) rc = INS_ERR_NOMEM;
        else rc = vlist_add(l, b.s ? b.s : "", b.len);
        if (*p != ';') break;
        p++;
    }
    insBufFree(&b);
    return rc;
}

/* Joins the values of L with SEP into a malloc'd string; NULL when L is
** empty (*OOM set when out of memory). */
static char *vlist_join(const vlist *l, const char *sep, int *oom)
{
    if (!l->n) return NULL;
    ins_buf b;
    insBufInit(&b);
    for (size_t i = 0; i < l->n; i++) {
        if (i) insBufAppendStr(&b, sep);
        insBufAppendStr(&b, l->v[i]);
    }
    if (b.oom) {
        insBufFree(&b);
        *oom = 1;
        return NULL;
    }
    return insBufDetach(&b);
}

/* ---- identifiers ----------------------------------------------------------- */

/* 1 when the ';'-joined upper-case country list COUNTRIES holds CC. */
static int has_country(const char *countries, const char *cc)
{
    if (!countries) return 0;
    size_t n = strlen(cc);
    for (const char *p = countries; *p;) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !memcmp(p, cc, n)) return 1;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

/*
** Infers the scheme of a bare identifier NORM (normalised) of an entity with
** COUNTRIES.  Only shapes that are clear count: a valid CNPJ (14) is BR-CNPJ;
** 11 digits are PE-RUC, AR-CUIT or BR-CPF when the entity's country says so
** and the check digit agrees, else PE-RUC for a valid RUC (prefix and check)
** and AR-CUIT for a valid CUIT; 8 digits are a PE-DNI only for an entity of
** Peru.  Anything else is OTHER.
*/
static const char *infer_scheme(const char *norm, const char *countries)
{
    size_t n = strlen(norm);
    if (n == 14 && insLstCnpjValid(norm)) return SCHEME_BR_CNPJ;
    if (!insLstDigits(norm, n)) return INS_SCHEME_OTHER;
    if (n == 11) {
        int ruc = insIdValidate(INS_SCHEME_PE_RUC, norm) == 1;
        int cuit = insIdValidate(INS_SCHEME_AR_CUIT, norm) == 1;
        if (ruc && has_country(countries, "PE")) return INS_SCHEME_PE_RUC;
        if (cuit && has_country(countries, "AR")) return INS_SCHEME_AR_CUIT;
        if (has_country(countries, "BR") && insLstCpfValid(norm)) return SCHEME_BR_CPF;
        if (ruc) return INS_SCHEME_PE_RUC;
        if (cuit) return INS_SCHEME_AR_CUIT;
    }
    if (n == 8 && has_country(countries, "PE")) return INS_SCHEME_PE_DNI;
    return INS_SCHEME_OTHER;
}

/* ---- rows ------------------------------------------------------------------- */

/* The listing kind of an OpenSanctions schema. */
static const char *entity_kind(const char *schema)
{
    if (!schema) return "other";
    if (!strcmp(schema, "Person")) return "person";
    if (!strcmp(schema, "Company")) return "company";
    if (!strcmp(schema, "Organization") || !strcmp(schema, "LegalEntity") ||
        !strcmp(schema, "PublicBody"))
        return "organization";
    if (!strcmp(schema, "Vessel")) return "vessel";
    return "other";
}

/*
** The dataset name of a dataset column value.  Exports carry the titles;
** those of the forced-labour lists map to their names, by words that
** survive title changes.  A value already shaped like a name
** (lower case, digits, '_') is one; any other title is kept as given.
*/
static const char *dataset_name(const char *value, int *oom)
{
    char *norm = insNormName(value);
    if (!norm) {
        *oom = 1;
        return NULL;
    }
    const char *known = NULL;
    if (strstr(norm, "withhold release")) known = "us_cbp_forced_labor";
    else if (strstr(norm, "uflpa") || strstr(norm, "uyghur forced labor prevention"))
        known = "us_dhs_uflpa";
    else if (strstr(norm, "brazil") && strstr(norm, "slavery")) known = "br_slavery";
    free(norm);
    return known ? known : value;
}

/* The state's list named by dataset DS, created with its version on first
** use; NULL on error, with the error code in *RC. */
static os_list *list_for(os_state *st, const char *ds, int *rc)
{
    for (size_t i = 0; i < st->nlists; i++)
        if (!strcmp(st->lists[i].dataset, ds)) return &st->lists[i];
    *rc = INS_ERR_NOMEM;
    if (st->nlists >= INS_MAX_LIST_DATASETS) {
        *rc = insImportReject(st->ctx, INS_ERR_TOOBIG, _("more than %d datasets in one file"),
                              INS_MAX_LIST_DATASETS);
        return NULL;
    }
    os_list *nl = insUGrow(st->lists, &st->caplists, st->nlists + 1, sizeof *nl);
    if (!nl) return NULL;
    st->lists = nl;
    os_list *l = &st->lists[st->nlists];
    memset(l, 0, sizeof *l);
    ins_buf b;
    insBufInit(&b);
    if (*ds) insBufPrintf(&b, "opensanctions:%s", ds);
    else insBufAppendStr(&b, "opensanctions");
    l->dataset = insUStrdup(ds);
    l->name = b.oom ? NULL : insBufDetach(&b);
    insBufFree(&b);
    if (!l->dataset || !l->name) {
        free(l->dataset);
        free(l->name);
        return NULL;
    }
    st->nlists++;
    l->version = insLstVersionNew(st->ctx->db, st->doc, l->name);
    *rc = INS_ERR_DB;
    return l->version > 0 ? l : NULL;
}

/* Keeps in OUT[11] the later of OUT and the date at the start of S. */
static void later_date(char out[11], const char *s)
{
    char d[11];
    if (s && insUParseDate(s, d) && strcmp(d, out) > 0) memcpy(out, d, 11);
}

/* A sanction period: start and end dates, "" when not given. */
typedef struct os_period {
    char start[11], end[11];
} os_period;

/*
** Reads the dates a sanction text ends with.  The exporter joins program,
** reason, status, start date and end date with " - ", leaving out what is
** missing: the last part is a date (the start), or the last two are (start
** and end).  Partial dates (a year alone) give no period.  1 when a period
** was found.
*/
static int sanction_period(const char *text, os_period *p)
{
    memset(p, 0, sizeof *p);
    size_t n = strlen(text);
    const char *last = text + n;
    /* last part */
    const char *sep = NULL;
    for (const char *q = text; q + 3 <= last; q++)
        if (!memcmp(q, " - ", 3)) sep = q;
    const char *tail = sep ? sep + 3 : text;
    if (strlen(tail) != 10 || !insUParseDate(tail, p->start)) return 0;
    if (!sep) return 1;
    /* the part before it */
    const char *prev = NULL;
    for (const char *q = text; q + 3 <= sep; q++)
        if (!memcmp(q, " - ", 3)) prev = q;
    const char *before = prev ? prev + 3 : text;
    char d[11];
    if (sep - before == 10) {
        char tmp[11];
        memcpy(tmp, before, 10);
        tmp[10] = '\0';
        if (insUParseDate(tmp, d)) {
            memcpy(p->end, p->start, 11);
            memcpy(p->start, d, 11);
        }
    }
    return 1;
}

/* The trimmed value of column C in a row; NULL when absent or empty. */
static const char *field(const os_state *st, char **f, size_t nf, int c)
{
    int i = st->col[c];
    if (i < 0 || (size_t)i >= nf || !f[i] || !*f[i]) return NULL;
    return f[i];
}

/* Everything one row yields, shared by the lists it belongs to. */
typedef struct os_row {
    vlist aliases, countries, births, addresses, idents, sanctions, programs, datasets;
    char *countries_s, *births_s, *addresses_s, *reason_s, *program_s;
    os_period *periods;
    size_t nperiods;
} os_row;

/* Frees what row_read allocated in R. */
static void row_free(os_row *r)
{
    vlist_free(&r->aliases);
    vlist_free(&r->countries);
    vlist_free(&r->births);
    vlist_free(&r->addresses);
    vlist_free(&r->idents);
    vlist_free(&r->sanctions);
    vlist_free(&r->programs);
    vlist_free(&r->datasets);
    free(r->countries_s);
    free(r->births_s);
    free(r->addresses_s);
    free(r->reason_s);
    free(r->program_s);
    free(r->periods);
}

/* Splits and joins the multi-valued fields of a row into R. */
static int row_read(const os_state *st, char **f, size_t nf, os_row *r)
{
    int rc = INS_OK, oom = 0;
    if (rc == INS_OK) rc = vlist_split(&r->aliases, field(st, f, nf, C_ALIASES));
    if (rc == INS_OK) rc = vlist_split(&r->countries, field(st, f, nf, C_COUNTRIES));
    if (rc == INS_OK) rc = vlist_split(&r->births, field(st, f, nf, C_BIRTH_DATE));
    if (rc == INS_OK) rc = vlist_split(&r->addresses, field(st, f, nf, C_ADDRESSES));
    if (rc == INS_OK) rc = vlist_split(&r->idents, field(st, f, nf, C_IDENTIFIERS));
    if (rc == INS_OK) rc = vlist_split(&r->sanctions, field(st, f, nf, C_SANCTIONS));
    if (rc == INS_OK) rc = vlist_split(&r->programs, field(st, f, nf, C_PROGRAM_IDS));
    if (rc == INS_OK) rc = vlist_split(&r->datasets, field(st, f, nf, C_DATASET));
    if (rc != INS_OK) return rc;
    /* OpenSanctions writes country codes in lower case */
    for (size_t i = 0; i < r->countries.n; i++)
        for (char *p = r->countries.v[i]; *p; p++) *p = (char)toupper((unsigned char)*p);
    r->countries_s = vlist_join(&r->countries, ";", &oom);
    r->births_s = vlist_join(&r->births, ";", &oom);
    r->addresses_s = vlist_join(&r->addresses, "; ", &oom);
    r->reason_s = vlist_join(&r->sanctions, "; ", &oom);
    r->program_s = vlist_join(&r->programs, ";", &oom);
    if (r->sanctions.n) {
        r->periods = calloc(r->sanctions.n, sizeof *r->periods);
        if (!r->periods) return INS_ERR_NOMEM;
        for (size_t i = 0; i < r->sanctions.n; i++)
            if (sanction_period(r->sanctions.v[i], &r->periods[r->nperiods])) r->nperiods++;
    }
    return oom ? INS_ERR_NOMEM : INS_OK;
}

/*
** Writes the names, identifiers, periods and kept attributes of listing ID
** from row R.  Identifiers get a scheme when their shape is clear (see
** infer_scheme); a repeated identifier or name is stored once.
*/
static int write_details(os_state *st, unsigned long row, char **f, size_t nf, const os_row *r,
                         int64_t id, const char *name)
{
    ins_db *db = st->ctx->db;
    int rc = insLstAddName(db, id, name, "primary");
    for (size_t i = 0; rc == INS_OK && i < r->aliases.n; i++)
        if (strcmp(r->aliases.v[i], name) != 0) rc = insLstAddName(db, id, r->aliases.v[i], "alias");
    for (size_t i = 0; rc == INS_OK && i < r->idents.n; i++) {
        char *norm = insLstIdNorm(r->idents.v[i]);
        if (!norm) return INS_ERR_NOMEM;
        if (*norm) rc = insLstAddId(db, id, infer_scheme(norm, r->countries_s), r->idents.v[i], norm);
        free(norm);
    }
    if (rc != INS_OK) return rc;
    if (r->nperiods) {
        for (size_t i = 0; rc == INS_OK && i < r->nperiods; i++)
            rc = insLstAddPeriod(db, id, r->periods[i].start, r->periods[i].end);
    } else {
        char first[11];
        const char *fs = field(st, f, nf, C_FIRST_SEEN);
        if (fs && insUParseDate(fs, first)) rc = insLstAddPeriod(db, id, first, NULL);
    }
    for (size_t i = 0; rc == INS_OK && i < nf; i++) {
        if (!f[i] || !*f[i]) continue;
        const char *hname = i < st->nhead ? st->head[i] : "";
        int known = -1;
        for (int c = 0; c < C_COUNT && known < 0; c++)
            if (st->col[c] == (int)i) known = c;
        if (known >= 0 && !columns[known].keep) continue;
        if (*hname) {
            rc = insLstAddAttr(db, st->doc, row, id, hname, f[i]);
        } else {
            ins_buf h;
            insBufInit(&h);
            insBufPrintf(&h, "column %zu", i + 1);
            rc = h.oom ? INS_ERR_NOMEM : insLstAddAttr(db, st->doc, row, id, insBufStr(&h), f[i]);
            insBufFree(&h);
        }
    }
    return rc;
}

/*
** Imports one data row: one entry in each list (dataset) the row names.
** A row without id or name, or too short to reach every column, is skipped
** with a warning; a row without dataset goes to the list "opensanctions"
** with a warning; an id repeated within one list keeps its first row.
*/
static int import_row(os_state *st, unsigned long row, char **f, size_t nf)
{
    ins_db *db = st->ctx->db;
    size_t filled = 0;
    for (size_t i = 0; i < nf; i++) filled += f[i] && *f[i];
    if (!filled) return INS_OK;
    if (nf < st->needed) {
        insModelWarn(db, st->doc, "short_row",
                     _("row %lu: %zu fields where the header has %zu; row skipped"), row, nf,
                     st->nhead);
        return INS_OK;
    }
    const char *id = field(st, f, nf, C_ID), *name = field(st, f, nf, C_NAME);
    if (!id) {
        insModelWarn(db, st->doc, "no_id", _("row %lu: an entry without id; row skipped"), row);
        return INS_OK;
    }
    if (!name) {
        insModelWarn(db, st->doc, "no_name", _("row %lu: an entry without name; row skipped"), row);
        return INS_OK;
    }
    if (insLstCutText(f[st->col[C_NAME]], INS_MAX_NAME_BYTES))
        insModelWarn(db, st->doc, "long_name", _("row %lu: the name cut to %d bytes"), row,
                     INS_MAX_NAME_BYTES);
    os_row r;
    memset(&r, 0, sizeof r);
    int rc = row_read(st, f, nf, &r);
    for (size_t i = 0; rc == INS_OK && i < r.aliases.n; i++)
        if (insLstCutText(r.aliases.v[i], INS_MAX_NAME_BYTES))
            insModelWarn(db, st->doc, "long_name", _("row %lu: an alias cut to %d bytes"), row,
                         INS_MAX_NAME_BYTES);
    if (rc == INS_OK && !r.datasets.n)
        insModelWarn(db, st->doc, "no_dataset",
                     _("row %lu: the entry names no dataset; listed under 'opensanctions'"), row);
    const char *seen = field(st, f, nf, C_LAST_SEEN), *change = field(st, f, nf, C_LAST_CHANGE);
    size_t nds = r.datasets.n ? r.datasets.n : 1;
    for (size_t d = 0; rc == INS_OK && d < nds; d++) {
        int oom = 0;
        const char *ds = r.datasets.n ? dataset_name(r.datasets.v[d], &oom) : "";
        if (oom) {
            rc = INS_ERR_NOMEM;
            break;
        }
        os_list *l = list_for(st, ds, &rc);
        if (!l) break;
        lst_entry e = {
            .list_name = l->name,
            .entry_key = id,
            .entity_kind = entity_kind(field(st, f, nf, C_SCHEMA)),
            .name = name,
            .countries = r.countries_s,
            .birth_date = r.births_s,
            .reason = r.reason_s,
            .dataset = *ds ? ds : NULL,
            .program = r.program_s,
            .addresses = r.addresses_s,
        };
        int how = ENTRY_UPDATED;
        int64_t lid = insLstStoreEntry(db, st->doc, l->version, &e, &how);
        if (lid < 0) {
            rc = INS_ERR_DB;
            break;
        }
        if (how == ENTRY_REPEATED) {
            insModelWarn(db, st->doc, "repeated_entry",
                         _("row %lu: the entry repeats in list '%s'; the first row is kept"), row,
                         l->name);
            continue;
        }
        l->entries++;
        if (how == ENTRY_ADDED) l->added++;
        later_date(l->seen, seen);
        later_date(l->change, change);
        rc = write_details(st, row, f, nf, &r, lid, name);
    }
    row_free(&r);
    if (rc == INS_OK) st->ctx->records++;
    return rc;
}

/*
** Reads the header: finds the columns by name, in any order, and rejects a
** file without id, name or dataset.
*/
static int read_header(os_state *st, unsigned long row, char **f, size_t nf)
{
    st->have_header = 1;
    st->head = calloc(nf ? nf : 1, sizeof *st->head);
    if (!st->head) return insImportReject(st->ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    st->nhead = nf;
    for (int c = 0; c < C_COUNT; c++) st->col[c] = -1;
    for (size_t i = 0; i < nf; i++) {
        st->head[i] = insUStrdup(f[i] ? f[i] : "");
        if (!st->head[i]) return insImportReject(st->ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
        for (int c = 0; c < C_COUNT; c++)
            if (st->col[c] < 0 && insUStrieq(st->head[i], columns[c].name)) {
                st->col[c] = (int)i;
                if (i + 1 > st->needed) st->needed = i + 1;
                break;
            }
    }
    if (st->col[C_ID] < 0 || st->col[C_NAME] < 0 || st->col[C_DATASET] < 0)
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: header lacks id, name or dataset (not an OpenSanctions "
                                 "targets.simple.csv export)"),
                               row);
    return INS_OK;
}

/* The CSV reader's callback: the first record is the header. */
static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    os_state *st = ud;
    if (!st->have_header) return read_header(st, row, f, nf);
    return import_row(st, row, f, nf);
}

/*
** Tells whether the comma-separated header LINE names, in this order,
** "id", "schema", "name", "aliases" and later "dataset" (fields may be
** double-quoted, as OpenSanctions writes them).
*/
static int header_is_targets(const char *line)
{
    static const char *const want[] = {"id", "schema", "name", "aliases"};
    size_t k = 0;
    int dataset = 0;
    const char *p = line;
    for (;;) {
        while (*p == ' ') p++;
        int q = *p == '"';
        if (q) p++;
        const char *start = p;
        while (*p && (q ? *p != '"' : *p != ',')) p++;
        size_t len = (size_t)(p - start);
        if (q && *p == '"') p++;
        while (*p && *p != ',') p++;
        while (len && start[len - 1] == ' ') len--;
        char name[32];
        if (len < sizeof name) {
            memcpy(name, start, len);
            name[len] = '\0';
            if (k < INS_ARRAY_LEN(want)) {
                if (!insUStrieq(name, want[k])) return 0;
                k++;
            } else if (insUStrieq(name, "dataset")) {
                dataset = 1;
            }
        } else if (k < INS_ARRAY_LEN(want)) {
            return 0;
        }
        if (*p != ',') break;
        p++;
    }
    return k == INS_ARRAY_LEN(want) && dataset;
}

/* An OpenSanctions targets.simple.csv: its header, with or without
** program_ids. */
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    return header_is_targets(s->first_line) ? 90 : 0;
}

/*
** Imports an export: one documents row (kind "listing"), one listing
** version per dataset named, then, per list, the set-based close of the
** version (see insLstFinishVersion).  A version is dated with the latest
** last_seen of its rows (the export's crawl), else their latest
** last_change, else, undated, with today; the document with the latest of
** its versions' dates (NULL when none is dated).
*/
static int run(ins_import_ctx *ctx)
{
    static const char set_date[] = "UPDATE documents SET issue_date = ?, generation = ? WHERE id = ?";
    os_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    ins_doc_info d;
    memset(&d, 0, sizeof d);
    d.kind = "listing";
    st.doc = insModelDocument(ctx->db, ctx->file_id, &d);
    if (st.doc < 0) return INS_ERR_DB;

    int rc = insCsvParse(ctx, ',', on_row, &st);
    if (rc == INS_OK && !st.have_header) rc = insImportReject(ctx, INS_ERR_FORMAT, _("no header row"));
    if (rc == INS_OK && !st.nlists) rc = insImportReject(ctx, INS_ERR_FORMAT, _("no entries"));
    char today[11], doc_date[11] = "";
    ins_today(today);
    for (size_t i = 0; i < st.nlists; i++) {
        os_list *l = &st.lists[i];
        if (!l->seen[0]) memcpy(l->seen, l->change, 11);
        if (strcmp(l->seen, doc_date) > 0) memcpy(doc_date, l->seen, 11);
    }
    if (rc == INS_OK) {
        sqlite3_stmt *s = insDbStmt(ctx->db, set_date);
        if (!s) rc = INS_ERR_DB;
        else {
            insDbBindText(s, 1, doc_date);
            insDbBindText(s, 2, st.col[C_PROGRAM_IDS] >= 0 ? "targets.simple" : "targets.simple-legacy");
            sqlite3_bind_int64(s, 3, st.doc);
            if (sqlite3_step(s) != SQLITE_DONE) rc = INS_ERR_DB;
        }
    }
    for (size_t i = 0; rc == INS_OK && i < st.nlists; i++) {
        const os_list *l = &st.lists[i];
        int dated = l->seen[0] != '\0';
        rc = insLstFinishVersion(ctx, l->name, l->version, dated ? l->seen : today, dated, l->entries,
                            l->added);
    }
    if (rc == INS_ERR_NOMEM) insImportReject(ctx, rc, "%s", ins_strerror(rc));
    for (size_t i = 0; i < st.nhead; i++) free(st.head[i]);
    free(st.head);
    for (size_t i = 0; i < st.nlists; i++) {
        free(st.lists[i].name);
        free(st.lists[i].dataset);
    }
    free(st.lists);
    return rc;
}

const ins_importer insImporterOpenSanctions = {
    "opensanctions",
    N_("OpenSanctions targets.simple.csv exports (sanctions and forced-labour lists)"),
    sniff,
    run,
    0, /* content alone identifies a list's version */
};
