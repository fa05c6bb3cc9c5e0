/*
** repsal.c: Argentina's Registro Público de Empleadores con Sanciones
** Laborales (REPSAL, Ley 26.940), the public register of employers with
** firm labour sanctions (FORMATS.md section 6).
**
** The Ministry of Labour publishes REPSAL as a web query, not as a file.
** This importer reads a documented CSV holding the columns its public
** result table shows, one row per sanction:
**   CUIT, Razón social, Provincia, Localidad, Actividad,
**   Organismo sancionador, Tipo de infracción, Fecha de sanción,
**   Fecha de ingreso, Fecha de egreso
** (comma, semicolon or tab; UTF-8 or ISO-8859-1; header names matched
** without accents or case; only CUIT, Razón social and Tipo de infracción
** are required).  The format is UNVERIFIED against an official export:
** FORMATS.md says so and what each column is taken to mean.
**
** An employer is keyed by its CUIT (11 digits; the prefix tells a person,
** 20/23/24/27, from a company, 30/33/34); rows of one CUIT are one entry
** with every row's sanctions and periods.  A period runs from the date of
** entry to the date of exit (open while the employer stays).  The dataset
** says the gravest infraction: "ar_repsal_trata" (trafficking),
** "ar_repsal_trabajo_infantil" (child labour), "ar_repsal" (the rest:
** unregistered work, obstruction); a file is a version of the list
** "ar_repsal": entries missing from it are delisted, never deleted.
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define LIST_NAME "ar_repsal"

/* The columns of the documented CSV. */
enum {
    R_CUIT,
    R_NAME,
    R_PROVINCE,
    R_LOCALITY,
    R_ACTIVITY,
    R_BODY,
    R_INFRACTION,
    R_SANCTIONED,
    R_ENTRY,
    R_EXIT,
    R_COUNT
};

/*
** Header names in normalised form (insNormName), alternatives separated by
** '|', and whether the value is kept as an attribute under its header.
*/
static const struct {
    const char *norm;
    int keep;
} columns[R_COUNT] = {
    [R_CUIT] = {"cuit|cuit cuil", 0},
    [R_NAME] = {"razon social|empleador|denominacion", 0},
    [R_PROVINCE] = {"provincia", 1},
    [R_LOCALITY] = {"localidad", 1},
    [R_ACTIVITY] = {"actividad|actividad economica", 1},
    [R_BODY] = {"organismo sancionador|organismo", 1},
    [R_INFRACTION] = {"tipo de infraccion|infraccion", 0},
    [R_SANCTIONED] = {"fecha de sancion|fecha sancion|fecha de imposicion", 1},
    [R_ENTRY] = {"fecha de ingreso|fecha ingreso|fecha de publicacion", 0},
    [R_EXIT] = {"fecha de egreso|fecha egreso|permanencia hasta", 0},
};

/* Datasets, gravest last: an entry keeps the gravest of its rows. */
static const char *const datasets[] = {"ar_repsal", "ar_repsal_trabajo_infantil", "ar_repsal_trata"};

/* State of one file's import. */
typedef struct rp_state {
    ins_import_ctx *ctx;
    int64_t doc;
    int64_t version;
    int col[R_COUNT];
    char **head;        /* header names as written; NULL until the header is read */
    size_t nhead;
    unsigned entries, added;
} rp_state;

/* The trimmed value of column C in a row; NULL when absent or empty. */
static const char *field(const rp_state *st, char **f, size_t nf, int c)
{
    int i = st->col[c];
    if (i < 0 || (size_t)i >= nf || !f[i] || !*f[i]) return NULL;
    return f[i];
}

/*
** Reads a date written dd/mm/yyyy (or d/m/yyyy, dashes allowed) or ISO
** into OUT.  1 when valid.
*/
static int read_date(const char *s, char out[11])
{
    if (!s) return 0;
    if (insUParseDate(s, out)) return 1;
    int part[3] = {0, 0, 0};
    size_t p = 0;
    for (int k = 0; k < 3; k++) {
        size_t n = 0;
        while (isdigit((unsigned char)s[p]) && n < (k == 2 ? 4u : 2u)) part[k] = part[k] * 10 + (s[p++] - '0'), n++;
        if (!n || (k == 2 && n != 4)) return 0;
        if (k < 2) {
            if (s[p] != '/' && s[p] != '-') return 0;
            p++;
        }
    }
    if (s[p] && s[p] != ' ' && s[p] != 'T') return 0; /* only a time may follow */
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", part[2], part[1], part[0]);
    return insUParseDate(iso, out);
}

/* The dataset index (in DATASETS) an infraction text says. */
static int infraction_grade(const char *text)
{
    char *n = insNormName(text ? text : "");
    if (!n) return 0;
    int g = strstr(n, "trata") || strstr(n, "26364") || strstr(n, "26 364") ? 2
            : strstr(n, "infantil") || strstr(n, "adolescente") || strstr(n, "26390") || strstr(n, "26 390") ? 1
                                                                                                                  : 0;
    free(n);
    return g;
}

/*
** The row's reason: "Tipo de infracción; organismo; sanción dd; provincia",
** leaving out what the row does not give.  Malloc'd, NULL when out of memory.
*/
static char *row_reason(const rp_state *st, char **f, size_t nf)
{
    ins_buf b;
    insBufInit(&b);
    const char *v = field(st, f, nf, R_INFRACTION);
    insBufAppendStr(&b, v ? v : "Sanci\xc3\xb3n laboral");
    if ((v = field(st, f, nf, R_BODY))) insBufPrintf(&b, "; %s", v);
    if ((v = field(st, f, nf, R_SANCTIONED))) insBufPrintf(&b, "; sanci\xc3\xb3n %s", v);
    if ((v = field(st, f, nf, R_PROVINCE))) insBufPrintf(&b, "; %s", v);
    if (b.oom) {
        insBufFree(&b);
        return NULL;
    }
    return insBufDetach(&b);
}

/*
** A further row of an employer this version already wrote: its reason is
** appended when new, its dataset raised when the row's is graver, its name
** kept as an alias when spelt otherwise.
*/
static int merge_entry(rp_state *st, int64_t id, const char *name, const char *reason, int grade)
{
    static const char sql[] =
        "UPDATE listings SET"
        " reason = CASE WHEN ?2 IS NULL OR instr(COALESCE(reason, ''), ?2) THEN reason"
        "   WHEN reason IS NULL THEN ?2 ELSE reason || ' | ' || ?2 END,"
        " dataset = CASE ?3 WHEN 'ar_repsal_trata' THEN ?3"
        "   WHEN 'ar_repsal_trabajo_infantil' THEN CASE dataset WHEN 'ar_repsal_trata' THEN dataset ELSE ?3 END"
        "   ELSE dataset END"
        " WHERE id = ?1";
    sqlite3_stmt *s = insDbStmt(st->ctx->db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, id);
    insDbBindText(s, 2, reason);
    insDbBindText(s, 3, datasets[grade]);
    if (sqlite3_step(s) != SQLITE_DONE) return INS_ERR_DB;
    return insLstAddName(st->ctx->db, id, name, "alias");
}

/*
** The CUIT of a row: NORM gets its 11 digits ("" when the value is not a
** CUIT: then a warning, and the employer is known by name).  The kind is
** told by the prefix; a failed check digit is a warning, never a reason
** to drop the employer.  A person's CUIT is never quoted in a message.
*/
static const char *read_cuit(rp_state *st, unsigned long row, const char *raw, char norm[12])
{
    ins_db *db = st->ctx->db;
    norm[0] = '\0';
    if (!raw) {
        insModelWarn(db, st->doc, "no_id", _("row %lu: no CUIT"), row);
        return "other";
    }
    size_t n = 0;
    int other = 0;
    for (const char *p = raw; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (n < 11) norm[n] = *p;
            n++;
        } else if (*p != '-' && *p != '.' && *p != ' ' && *p != '/') {
            other = 1;
        }
    }
    if (n != 11 || other) {
        norm[0] = '\0';
        insModelWarn(db, st->doc, "bad_id",
                     _("row %lu: the identifier (%zu digits) is not a CUIT of 11 digits"), row, n);
        return "other";
    }
    norm[11] = '\0';
    int person = !strncmp(norm, "20", 2) || !strncmp(norm, "23", 2) || !strncmp(norm, "24", 2) ||
                 !strncmp(norm, "27", 2);
    if (insIdValidate(INS_SCHEME_AR_CUIT, norm) != 1)
        insModelWarn(db, st->doc, "bad_check_digit", _("row %lu: the CUIT fails its check digit"), row);
    return person ? "person" : "company";
}

/*
** Imports one sanction row.  A blank record is passed over; a row without
** the employer's name is skipped with a warning.
*/
static int import_row(rp_state *st, unsigned long row, char **f, size_t nf)
{
    ins_db *db = st->ctx->db;
    size_t filled = 0;
    for (size_t i = 0; i < nf; i++) filled += f[i] && *f[i];
    if (!filled) return INS_OK;
    const char *name = field(st, f, nf, R_NAME);
    if (!name) {
        insModelWarn(db, st->doc, "no_name", _("row %lu: no employer name (Raz\xc3\xb3n social); skipped"),
                     row);
        return INS_OK;
    }
    if (insLstCutText(f[st->col[R_NAME]], INS_MAX_NAME_BYTES))
        insModelWarn(db, st->doc, "long_name", _("row %lu: employer name cut to %d bytes"), row,
                     INS_MAX_NAME_BYTES);
    const char *raw = field(st, f, nf, R_CUIT);
    char cuit[12];
    const char *kind = read_cuit(st, row, raw, cuit);
    int grade = infraction_grade(field(st, f, nf, R_INFRACTION));
    char *reason = row_reason(st, f, nf), *norm = NULL;
    ins_buf key;
    insBufInit(&key);
    if (cuit[0]) {
        insBufPrintf(&key, "%s:%s", INS_SCHEME_AR_CUIT, cuit);
    } else {
        norm = insNormName(name);
        if (norm) insBufPrintf(&key, "NAME:%s", norm);
    }
    int rc = !reason || key.oom || !key.len ? INS_ERR_NOMEM : INS_OK;
    int64_t id = -1;
    int how = ENTRY_UPDATED;
    if (rc == INS_OK) {
        lst_entry e = {
            .list_name = LIST_NAME,
            .entry_key = insBufStr(&key),
            .entity_kind = kind,
            .name = name,
            .countries = "AR",
            .reason = reason,
            .dataset = datasets[grade],
            .program = "Ley 26.940",
            .addresses = field(st, f, nf, R_LOCALITY),
        };
        id = insLstStoreEntry(db, st->doc, st->version, &e, &how);
        if (id < 0) rc = INS_ERR_DB;
    }
    if (rc == INS_OK) {
        if (how == ENTRY_REPEATED) {
            rc = merge_entry(st, id, name, reason, grade);
        } else {
            st->entries++;
            if (how == ENTRY_ADDED) st->added++;
            rc = insLstAddName(db, id, name, "primary");
            if (rc == INS_OK && cuit[0]) rc = insLstAddId(db, id, INS_SCHEME_AR_CUIT, raw, cuit);
        }
    }
    /* the period: entry to exit; a row without a date of entry has none */
    char from[11], until[11];
    const char *in = field(st, f, nf, R_ENTRY), *out = field(st, f, nf, R_EXIT);
    if (rc == INS_OK) {
        if (!read_date(in, from)) {
            insModelWarn(db, st->doc, "no_period", _("row %lu: no date of entry (dd/mm/yyyy); no period"), row);
        } else if (out && !read_date(out, until)) {
            insModelWarn(db, st->doc, "bad_date", _("row %lu: date of exit '%s' is no date; period left open"),
                         row, out);
            rc = insLstAddPeriod(db, id, from, NULL);
        } else {
            if (out && strcmp(until, from) < 0)
                insModelWarn(db, st->doc, "period_order", _("row %lu: period %s to %s ends before it starts"),
                             row, from, until);
            rc = insLstAddPeriod(db, id, from, out ? until : NULL);
        }
    }
    if (rc == INS_OK) {
        int keep[R_COUNT];
        for (int c = 0; c < R_COUNT; c++) keep[c] = columns[c].keep;
        rc = insLstKeepColumns(db, st->doc, row, id, f, nf, st->head, st->nhead, st->col, keep, R_COUNT);
    }
    if (rc == INS_OK) st->ctx->records++;
    free(reason);
    free(norm);
    insBufFree(&key);
    return rc;
}

/* Index in COLUMNS of header name H, or -1 (-2 out of memory). */
static int header_column(const char *h)
{
    char *n = insNormName(h);
    if (!n) return -2;
    int found = -1;
    for (int c = 0; c < R_COUNT && found < 0; c++) {
        const char *alt = columns[c].norm;
        while (*alt && found < 0) {
            size_t len = strcspn(alt, "|");
            if (strlen(n) == len && !strncmp(n, alt, len)) found = c;
            alt += len + (alt[len] == '|');
        }
    }
    free(n);
    return found;
}

/*
** Reads the header (the first record): every column is placed; CUIT,
** Razón social and Tipo de infracción must be there.  Opens the version.
*/
static int read_header(rp_state *st, char **f, size_t nf)
{
    for (int c = 0; c < R_COUNT; c++) st->col[c] = -1;
    for (size_t i = 0; i < nf; i++) {
        int c = header_column(f[i]);
        if (c == -2) return INS_ERR_NOMEM;
        if (c >= 0 && st->col[c] < 0) st->col[c] = (int)i;
    }
    static const int need[] = {R_CUIT, R_NAME, R_INFRACTION};
    static const char *const need_name[] = {"CUIT", "Raz\xc3\xb3n social", "Tipo de infracci\xc3\xb3n"};
    for (size_t k = 0; k < INS_ARRAY_LEN(need); k++)
        if (st->col[need[k]] < 0)
            return insImportReject(st->ctx, INS_ERR_FORMAT, _("the header has no column '%s'"), need_name[k]);
    if (!(st->head = insLstHeaderCopy(f, nf))) return INS_ERR_NOMEM;
    st->nhead = nf;
    st->version = insLstVersionNew(st->ctx->db, st->doc, LIST_NAME);
    return st->version > 0 ? INS_OK : INS_ERR_DB;
}

/* The CSV reader's callback: the header, then rows. */
static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    rp_state *st = ud;
    return st->head ? import_row(st, row, f, nf) : read_header(st, f, nf);
}

/*
** REPSAL's CSV: a first line naming CUIT, the employer (Razón social) and
** the infraction.  Only ASCII fragments are looked for, so the encoding of
** the accents does not matter.
*/
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    const char *h = (const char *)s->head;
    size_t n = 0;
    while (n < s->head_len && h[n] != '\n' && h[n] != '\r') n++;
    char line[1024];
    if (n >= sizeof line) n = sizeof line - 1;
    for (size_t i = 0; i < n; i++) line[i] = (char)tolower((unsigned char)h[i]);
    line[n] = '\0';
    return strstr(line, "cuit") && strstr(line, "social") && strstr(line, "infracci") ? 90 : 0;
}

/*
** Imports a REPSAL file: one documents row (kind "listing"), one listing
** version, one entry per employer, then the set-based close of the
** version.  REPSAL's table carries no edition date: the version is dated
** today and not checked for order.
*/
static int run(ins_import_ctx *ctx)
{
    rp_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    ins_doc_info d;
    memset(&d, 0, sizeof d);
    d.kind = "listing";
    d.generation = "repsal-csv";
    st.doc = insModelDocument(ctx->db, ctx->file_id, &d);
    if (st.doc < 0) return INS_ERR_DB;
    int rc = insCsvParse(ctx, 0, on_row, &st);
    if (rc == INS_OK && !st.head) rc = insImportReject(ctx, INS_ERR_FORMAT, _("empty file: no header"));
    if (rc == INS_OK && !st.entries) rc = insImportReject(ctx, INS_ERR_FORMAT, _("no entries"));
    char date[21];
    insUNowIso(date);
    date[10] = '\0';
    if (rc == INS_OK) rc = insLstFinishVersion(ctx, LIST_NAME, st.version, date, 0, st.entries, st.added);
    if (rc == INS_ERR_NOMEM) insImportReject(ctx, rc, "%s", ins_strerror(rc));
    insLstHeaderFree(st.head, st.nhead);
    return rc;
}

const ins_importer insImporterRepsal = {
    "repsal",
    N_("Argentina's REPSAL (employers with firm labour sanctions), as a documented CSV"),
    sniff,
    run,
    0, /* content alone identifies a list's version */
};
