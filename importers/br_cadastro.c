/*
** br_cadastro.c: Brazil's Cadastro de Empregadores, the "lista suja" of
** employers found subjecting workers to conditions analogous to slavery
** (FORMATS.md section 6).
**
** The Ministry of Labour publishes it as a ';'-separated file in ISO-8859-1
** (and as tab-separated text: the delimiter is the header line's) with a
** few lines of title and notes before the header
** ID;Ano da ação fiscal;UF;Empregador;CNPJ/CPF;Estabelecimento;
** Trabalhadores envolvidos;CNAE;Decisão administrativa de procedência;
** Inclusão no Cadastro de Empregadores
** and sometimes notes after the data.  Lines before the header are passed
** over (a line announcing the update, "Atualização ... dd/mm/yyyy", dates
** the version); after it, a record too short to reach the known columns is
** a note and is skipped with a warning naming the row.  csvread.c turns
** Latin-1 fields into UTF-8; header names are matched without accents or
** case.
**
** An employer is keyed by its CNPJ (14 characters: a company) or CPF (11
** digits: a person); the row ID is not stable between editions.  An
** employer on several rows is one entry with every row's periods, reasons
** and establishments.  The inclusion field lists periods separated by
** commas, each "dd/mm/yyyy a dd/mm/yyyy" (removed since) or "dd/mm/yyyy"
** (still listed).  An entry stays about two years, but no end is invented:
** an open period stays open until a later edition drops the entry.
**
** Entries go to the list "br_cadastro_empregadores" with dataset
** "br_slavery" (the name OpenSanctions gives the same list, so that rules
** about forced-labour datasets apply to both); a file is a version of the
** list: entries missing from it are delisted, never deleted.
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define SCHEME_BR_CNPJ "BR-CNPJ"
#define SCHEME_BR_CPF "BR-CPF"
#define LIST_NAME "br_cadastro_empregadores"
#define DATASET "br_slavery"

/* The columns of the list. */
enum {
    B_ID,
    B_YEAR,
    B_UF,
    B_EMPLOYER,
    B_TAXID,
    B_ESTABLISHMENT,
    B_WORKERS,
    B_CNAE,
    B_DECISION,
    B_INCLUSION,
    B_COUNT
};

/*
** Header names in normalised form (insNormName: no accents, lower case,
** punctuation as spaces), and whether the value is kept as a record
** attribute under the header as written.
*/
static const struct {
    const char *norm;
    int keep;
} columns[B_COUNT] = {
    [B_ID] = {"id", 1},
    [B_YEAR] = {"ano da acao fiscal", 1},
    [B_UF] = {"uf", 1},
    [B_EMPLOYER] = {"empregador", 0},
    [B_TAXID] = {"cnpj cpf", 0},
    [B_ESTABLISHMENT] = {"estabelecimento", 0},
    [B_WORKERS] = {"trabalhadores envolvidos", 1},
    [B_CNAE] = {"cnae", 1},
    [B_DECISION] = {"decisao administrativa de procedencia", 1},
    [B_INCLUSION] = {"inclusao no cadastro de empregadores", 0},
};

/* State of one file's import. */
typedef struct br_state {
    ins_import_ctx *ctx;
    int64_t doc;
    int64_t version;    /* the listing_versions row, once the header is read */
    int col[B_COUNT];   /* index of each column, -1 when absent */
    char **head;        /* header names as written; NULL until the header is read */
    size_t nhead;
    size_t needed;      /* fields a row needs to reach every known column */
    char updated[11];   /* date of the "Atualização" line before the header, "" none */
    unsigned entries;   /* distinct entries */
    unsigned added;     /* new, or back after being delisted */
} br_state;

/* ---- dates and periods ------------------------------------------------------ */

/* A date found in a text: ISO form and where it stood. */
typedef struct br_date {
    char iso[11];
    size_t start, end;
} br_date;

/*
** Reads a dd/mm/yyyy date (day and month of one or two digits) at S[I],
** not glued to other digits, into D.  1 when one is there and valid.
*/
static int date_at(const char *s, size_t i, br_date *d)
{
    if (i > 0 && isdigit((unsigned char)s[i - 1])) return 0;
    size_t p = i;
    int part[3] = {0, 0, 0};
    static const size_t maxlen[3] = {2, 2, 4}, minlen[3] = {1, 1, 4};
    for (int k = 0; k < 3; k++) {
        size_t n = 0;
        while (isdigit((unsigned char)s[p]) && n < maxlen[k]) {
            part[k] = part[k] * 10 + (s[p] - '0');
            p++;
            n++;
        }
        if (n < minlen[k] || isdigit((unsigned char)s[p])) return 0;
        if (k < 2) {
            if (s[p] != '/') return 0;
            p++;
        }
    }
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", part[2], part[1], part[0]);
    if (!insUParseDate(iso, d->iso)) return 0;
    d->start = i;
    d->end = p;
    return 1;
}

/* Finds the dates of S in order, at most MAX; returns how many. */
static size_t find_dates(const char *s, br_date *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; s[i] && n < max; i++)
        if (date_at(s, i, &out[n])) {
            i = out[n].end - 1;
            n++;
        }
    return n;
}

/* 1 when [S, S+LEN) joins two dates into one period: "a", "à", "até",
** "ao" or a dash, with blanks around. */
static int joins_range(const char *s, size_t len)
{
    static const char *const words[] = {"a", "\xc3\xa0", "ate", "at\xc3\xa9", "ao", "-", "\xe2\x80\x93"};
    while (len && (*s == ' ' || *s == '\t')) s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    char w[8];
    if (len == 0 || len >= sizeof w) return 0;
    memcpy(w, s, len);
    w[len] = '\0';
    for (size_t i = 0; i < INS_ARRAY_LEN(words); i++)
        if (insUStrieq(w, words[i])) return 1;
    return 0;
}

/*
** Reads the inclusion field into periods of listing ID: a date joined to the
** next by "a" is a closed period, a date standing alone an open one.  A
** field without a date, or a period ending before it starts, is a warning.
*/
static int add_periods(br_state *st, unsigned long row, int64_t id, const char *text)
{
    ins_db *db = st->ctx->db;
    br_date d[INS_MAX_PERIOD_DATES];
    size_t n = find_dates(text, d, INS_MAX_PERIOD_DATES);
    if (!n)
        return insModelWarn(db, st->doc, "no_period",
                            _("row %lu: inclusion '%s' holds no date (dd/mm/yyyy); no period"), row,
                            text) == INS_OK ? INS_OK : INS_ERR_DB;
    int rc = INS_OK;
    for (size_t i = 0; rc == INS_OK && i < n; i++) {
        if (i + 1 < n && joins_range(text + d[i].end, d[i + 1].start - d[i].end)) {
            if (strcmp(d[i + 1].iso, d[i].iso) < 0)
                insModelWarn(db, st->doc, "period_order",
                             _("row %lu: inclusion period %s to %s ends before it starts"), row,
                             d[i].iso, d[i + 1].iso);
            rc = insLstAddPeriod(db, id, d[i].iso, d[i + 1].iso);
            i++;
        } else {
            rc = insLstAddPeriod(db, id, d[i].iso, NULL);
        }
    }
    return rc;
}

/* ---- rows ------------------------------------------------------------------- */

/* The trimmed value of column C in a row; NULL when absent or empty. */
static const char *field(const br_state *st, char **f, size_t nf, int c)
{
    int i = st->col[c];
    if (i < 0 || (size_t)i >= nf || !f[i] || !*f[i]) return NULL;
    return f[i];
}

/* An employer's identifier as read: scheme, comparable form, kind. */
typedef struct br_taxid {
    const char *scheme; /* BR-CNPJ, BR-CPF, OTHER; NULL when none */
    const char *kind;   /* company, person, other */
    char *norm;         /* malloc'd; NULL when none */
} br_taxid;

/*
** Reads the CNPJ/CPF column: 14 characters shaped like a CNPJ are a company,
** 11 digits a CPF (a person).  A spreadsheet may have dropped a leading
** zero: 13 or 10 digits that make a valid number once padded are read so.
** A failed check digit is a warning, never a reason to drop the employer.
*/
static int read_taxid(br_state *st, unsigned long row, const char *raw, br_taxid *t)
{
    ins_db *db = st->ctx->db;
    t->scheme = NULL;
    t->kind = "other";
    t->norm = NULL;
    if (!raw) {
        insModelWarn(db, st->doc, "no_id", _("row %lu: no CNPJ/CPF"), row);
        return INS_OK;
    }
    char *n = insLstIdNorm(raw);
    if (!n) return INS_ERR_NOMEM;
    size_t len = strlen(n);
    if ((len == 13 || len == 10) && insLstDigits(n, len)) {
        char *padded = malloc(len + 2);
        if (!padded) {
            free(n);
            return INS_ERR_NOMEM;
        }
        padded[0] = '0';
        memcpy(padded + 1, n, len + 1);
        if (len == 13 ? insLstCnpjValid(padded) : insLstCpfValid(padded)) {
            insModelWarn(db, st->doc, "id_padded",
                         len == 13 ? _("row %lu: the CNPJ lacks its leading zero; read with it")
                                   : _("row %lu: the CPF lacks its leading zero; read with it"),
                         row);
            free(n);
            n = padded;
            len++;
        } else {
            free(padded);
        }
    }
    int shape_cnpj = len == 14 && insLstDigits(n + 12, 2);
    for (size_t i = 0; shape_cnpj && i < 12; i++)
        if (!isdigit((unsigned char)n[i]) && !(n[i] >= 'A' && n[i] <= 'Z')) shape_cnpj = 0;
    if (shape_cnpj) {
        t->scheme = SCHEME_BR_CNPJ;
        t->kind = "company";
        if (!insLstCnpjValid(n))
            insModelWarn(db, st->doc, "bad_check_digit", _("row %lu: CNPJ '%s' fails its check digits"),
                         row, raw);
    } else if (len == 11 && insLstDigits(n, 11)) {
        t->scheme = SCHEME_BR_CPF;
        t->kind = "person";
        if (!insLstCpfValid(n)) /* a person's number: described, not quoted */
            insModelWarn(db, st->doc, "bad_check_digit", _("row %lu: the CPF fails its check digits"),
                         row);
    } else {
        t->scheme = INS_SCHEME_OTHER;
        insModelWarn(db, st->doc, "bad_id",
                     _("row %lu: the identifier (%zu letters and digits) is neither a CNPJ nor a CPF"), row,
                     len);
    }
    if (!*n) {
        free(n);
        t->scheme = NULL;
        return INS_OK;
    }
    t->norm = n;
    return INS_OK;
}

/*
** The reason of a row, in the list's language: "Trabalho análogo ao de
** escravo; N trabalhadores; CNAE x; ação fiscal ANO; UF", leaving out what
** the row does not give.  Malloc'd; NULL when out of memory.
*/
static char *row_reason(const br_state *st, char **f, size_t nf)
{
    ins_buf b;
    insBufInit(&b);
    insBufAppendStr(&b, "Trabalho an\xc3\xa1logo ao de escravo");
    const char *v;
    if ((v = field(st, f, nf, B_WORKERS))) insBufPrintf(&b, "; %s trabalhadores", v);
    if ((v = field(st, f, nf, B_CNAE))) insBufPrintf(&b, "; CNAE %s", v);
    if ((v = field(st, f, nf, B_YEAR))) insBufPrintf(&b, "; a\xc3\xa7\xc3\xa3o fiscal %s", v);
    if ((v = field(st, f, nf, B_UF))) insBufPrintf(&b, "; %s", v);
    if (b.oom) {
        insBufFree(&b);
        return NULL;
    }
    return insBufDetach(&b);
}

/*
** Adds a further row of an employer already written by this version: its
** reason and establishment are appended (when new to the entry) and its
** name, if spelt differently, becomes an alias.
*/
static int merge_entry(br_state *st, int64_t id, const char *name, const char *reason,
                       const char *address)
{
    static const char sql[] =
        "UPDATE listings SET"
        " reason = CASE WHEN ?2 IS NULL OR instr(COALESCE(reason, ''), ?2) THEN reason"
        "   WHEN reason IS NULL THEN ?2 ELSE reason || ' | ' || ?2 END,"
        " addresses = CASE WHEN ?3 IS NULL OR instr(COALESCE(addresses, ''), ?3) THEN addresses"
        "   WHEN addresses IS NULL THEN ?3 ELSE addresses || '; ' || ?3 END"
        " WHERE id = ?1";
    sqlite3_stmt *s = insDbStmt(st->ctx->db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, id);
    insDbBindText(s, 2, reason);
    insDbBindText(s, 3, address);
    if (sqlite3_step(s) != SQLITE_DONE) return INS_ERR_DB;
    return insLstAddName(st->ctx->db, id, name, "alias");
}

/* 1 when S is a row number: digits only. */
static int is_number(const char *s)
{
    return s && *s && insLstDigits(s, strlen(s));
}

/*
** Imports one data row.  Records whose fields are all empty are blank and
** passed over.  A record too short to reach the known columns, or one
** without employer name whose ID is not a number, is a note under the data
** and is skipped with a warning; so is an entry without employer name.
*/
static int import_row(br_state *st, unsigned long row, char **f, size_t nf)
{
    ins_db *db = st->ctx->db;
    size_t filled = 0;
    for (size_t i = 0; i < nf; i++) filled += f[i] && *f[i];
    if (!filled) return INS_OK;
    const char *name = nf >= st->needed ? field(st, f, nf, B_EMPLOYER) : NULL;
    const char *rid = nf >= st->needed ? field(st, f, nf, B_ID) : NULL;
    if (!name) {
        /* The row's text is not quoted: a damaged entry holds a CPF and a name. */
        if (nf < st->needed)
            insModelWarn(db, st->doc, "not_entry",
                         _("row %lu: %zu field(s) where entries have %zu, not an entry; skipped"), row,
                         nf, st->needed);
        else if (st->col[B_ID] >= 0 && !is_number(rid))
            insModelWarn(db, st->doc, "not_entry",
                         _("row %lu: not an entry (no employer name, and no row number in the ID "
                           "column); skipped"),
                         row);
        else
            insModelWarn(db, st->doc, "no_name",
                         _("row %lu: entry '%s' has no employer name; skipped"), row, rid ? rid : "");
        return INS_OK;
    }
    if (insLstCutText(f[st->col[B_EMPLOYER]], INS_MAX_NAME_BYTES))
        insModelWarn(db, st->doc, "long_name", _("row %lu: employer name cut to %d bytes"), row,
                     INS_MAX_NAME_BYTES);
    const char *raw_id = field(st, f, nf, B_TAXID);
    br_taxid t;
    int rc = read_taxid(st, row, raw_id, &t);
    if (rc != INS_OK) return rc;
    char *norm = NULL, *reason = row_reason(st, f, nf);
    ins_buf key;
    insBufInit(&key);
    if (t.scheme && strcmp(t.scheme, INS_SCHEME_OTHER) != 0) {
        insBufPrintf(&key, "%s:%s", t.scheme, t.norm);
    } else {
        /* no usable CNPJ/CPF: the employer is known by name (and what id there is) */
        norm = insNormName(name);
        if (norm) insBufPrintf(&key, "NAME:%s%s%s", norm, t.norm ? ":" : "", t.norm ? t.norm : "");
    }
    if (!reason || key.oom || !key.len) rc = INS_ERR_NOMEM;
    const char *address = field(st, f, nf, B_ESTABLISHMENT);
    int64_t id = -1;
    int how = ENTRY_UPDATED;
    if (rc == INS_OK) {
        lst_entry e = {
            .list_name = LIST_NAME,
            .entry_key = insBufStr(&key),
            .entity_kind = t.kind,
            .name = name,
            .countries = "BR",
            .reason = reason,
            .dataset = DATASET,
            .addresses = address,
        };
        id = insLstStoreEntry(db, st->doc, st->version, &e, &how);
        if (id < 0) rc = INS_ERR_DB;
    }
    if (rc == INS_OK) {
        if (how == ENTRY_REPEATED) {
            rc = merge_entry(st, id, name, reason, address);
        } else {
            st->entries++;
            if (how == ENTRY_ADDED) st->added++;
            rc = insLstAddName(db, id, name, "primary");
        }
    }
    if (rc == INS_OK && t.norm) rc = insLstAddId(db, id, t.scheme, raw_id, t.norm);
    const char *inclusion = field(st, f, nf, B_INCLUSION);
    if (rc == INS_OK) {
        if (inclusion) rc = add_periods(st, row, id, inclusion);
        else insModelWarn(db, st->doc, "no_period", _("row %lu: no inclusion date"), row);
    }
    if (rc == INS_OK) {
        int keep[B_COUNT];
        for (int c = 0; c < B_COUNT; c++) keep[c] = columns[c].keep;
        rc = insLstKeepColumns(db, st->doc, row, id, f, nf, st->head, st->nhead, st->col, keep, B_COUNT);
    }
    if (rc == INS_OK) st->ctx->records++;
    free(t.norm);
    free(norm);
    free(reason);
    insBufFree(&key);
    return rc;
}

/* Index in COLUMNS of header name H, or -1: its normalised form equals the
** column's, or starts with it followed by a space ("CNAE principal"). */
static int header_column(const char *h)
{
    char *n = insNormName(h);
    if (!n) return -2;
    int found = -1;
    for (int c = 0; c < B_COUNT && found < 0; c++) {
        size_t len = strlen(columns[c].norm);
        if (!strncmp(n, columns[c].norm, len) && (n[len] == '\0' || n[len] == ' ')) found = c;
    }
    free(n);
    return found;
}

/*
** Tells whether a record is the header: it names the employer and the
** CNPJ/CPF columns.  Fills the column map when it is.  1 header, 0 not,
** -1 out of memory.
*/
static int match_header(br_state *st, char **f, size_t nf)
{
    int col[B_COUNT];
    size_t needed = 0;
    for (int c = 0; c < B_COUNT; c++) col[c] = -1;
    for (size_t i = 0; i < nf; i++) {
        if (!f[i] || !*f[i]) continue;
        int c = header_column(f[i]);
        if (c == -2) return -1;
        if (c >= 0 && col[c] < 0) {
            col[c] = (int)i;
            if (i + 1 > needed) needed = i + 1;
        }
    }
    if (col[B_EMPLOYER] < 0 || col[B_TAXID] < 0) return 0;
    memcpy(st->col, col, sizeof col);
    st->needed = needed;
    return 1;
}

/* Notes the date of a line before the header that announces the update
** ("Atualização: 07/04/2025"): the version's date. */
static int note_update(br_state *st, char **f, size_t nf)
{
    for (size_t i = 0; i < nf && !st->updated[0]; i++) {
        if (!f[i] || !*f[i]) continue;
        char *n = insNormName(f[i]);
        if (!n) return INS_ERR_NOMEM;
        int says = strstr(n, "atualiz") != NULL;
        free(n);
        br_date d;
        /* the date may be in this field or a later one of the same line */
        for (size_t j = i; says && j < nf && !st->updated[0]; j++)
            if (f[j] && find_dates(f[j], &d, 1)) memcpy(st->updated, d.iso, 11);
    }
    return INS_OK;
}

/*
** Reads the header once found: keeps the names as written, requires the
** inclusion column (a list without periods cannot say who is listed when),
** and opens the list's version.
*/
static int read_header(br_state *st, unsigned long row, char **f, size_t nf)
{
    if (st->col[B_INCLUSION] < 0)
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("row %lu: header has no column 'Inclus\xc3\xa3o no Cadastro de "
                                 "Empregadores'"),
                               row);
    if (!(st->head = insLstHeaderCopy(f, nf))) return INS_ERR_NOMEM;
    st->nhead = nf;
    st->version = insLstVersionNew(st->ctx->db, st->doc, LIST_NAME);
    return st->version > 0 ? INS_OK : INS_ERR_DB;
}

/* The CSV reader's callback: lines before the header, the header, rows. */
static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    br_state *st = ud;
    if (st->head) return import_row(st, row, f, nf);
    int h = match_header(st, f, nf);
    if (h < 0) return INS_ERR_NOMEM;
    if (h) return read_header(st, row, f, nf);
    return note_update(st, f, nf);
}

/* Case-insensitive search for ASCII NEEDLE in [H, H+N). */
static const char *find_ci(const char *h, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m && tolower((unsigned char)h[i + k]) == needle[k]) k++;
        if (k == m) return h + i;
    }
    return NULL;
}

/*
** The delimiter of the Cadastro's header among the LEN first bytes at H:
** the line naming "Empregador" and "CNPJ/CPF" (title lines come first) is
** ';'-separated in the ministry's CSV and tab-separated in its text
** export; the character that line holds more of wins.  0 when no line
** names both.  Only ASCII fragments are compared, so the encoding of the
** accented header names does not matter.
*/
static unsigned char header_delim(const char *h, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && h[e] != '\n' && h[e] != '\r') e++;
        if (find_ci(h + i, e - i, "empregador") && find_ci(h + i, e - i, "cnpj/cpf")) {
            size_t semi = 0, tab = 0;
            for (size_t k = i; k < e; k++) {
                semi += h[k] == ';';
                tab += h[k] == '\t';
            }
            if (semi || tab) return tab > semi ? '\t' : ';';
        }
        i = e + 1;
    }
    return 0;
}

/* The Cadastro: a header line somewhere in the first bytes (see header_delim). */
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    return header_delim((const char *)s->head, s->head_len) ? 90 : 0;
}

/*
** The delimiter of the file CTX imports, from its first INS_SNIFF_BYTES
** (where sniff found the header): ';' unless the header is tab-separated.
*/
static unsigned char file_delim(ins_import_ctx *ctx)
{
    char head[INS_SNIFF_BYTES];
    size_t n = 0;
    ins_reader in;
    if (insReaderOpen(&in, ctx->src) == INS_OK) {
        long k;
        while (n < sizeof head && (k = insReaderRead(&in, head + n, sizeof head - n)) > 0) n += (size_t)k;
        insReaderClose(&in);
    }
    unsigned char d = header_delim(head, n);
    return d ? d : ';';
}

/*
** Imports an edition of the Cadastro: one documents row (kind "listing",
** dated with the edition's update date when a line before the header gives
** one), one listing version, one entry per employer, then the set-based
** close of the version (insLstFinishVersion).  An edition without update date
** is a version of today, and is not checked for order.
*/
static int run(ins_import_ctx *ctx)
{
    static const char set_date[] = "UPDATE documents SET issue_date = ?, generation = ? WHERE id = ?";
    br_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    ins_doc_info d;
    memset(&d, 0, sizeof d);
    d.kind = "listing";
    st.doc = insModelDocument(ctx->db, ctx->file_id, &d);
    if (st.doc < 0) return INS_ERR_DB;

    int rc = insCsvParse(ctx, file_delim(ctx), on_row, &st);
    if (rc == INS_OK && !st.head)
        rc = insImportReject(ctx, INS_ERR_FORMAT,
                             _("no header row naming 'Empregador' and 'CNPJ/CPF'"));
    if (rc == INS_OK && !st.entries) rc = insImportReject(ctx, INS_ERR_FORMAT, _("no entries"));
    char date[21];
    insUNowIso(date);
    date[10] = '\0';
    if (st.updated[0]) memcpy(date, st.updated, 11);
    if (rc == INS_OK) {
        sqlite3_stmt *s = insDbStmt(ctx->db, set_date);
        if (!s) rc = INS_ERR_DB;
        else {
            insDbBindText(s, 1, st.updated);
            insDbBindText(s, 2, "cadastro-empregadores");
            sqlite3_bind_int64(s, 3, st.doc);
            if (sqlite3_step(s) != SQLITE_DONE) rc = INS_ERR_DB;
        }
    }
    if (rc == INS_OK)
        rc = insLstFinishVersion(ctx, LIST_NAME, st.version, date, st.updated[0] != '\0', st.entries,
                            st.added);
    if (rc == INS_ERR_NOMEM) insImportReject(ctx, rc, "%s", ins_strerror(rc));
    insLstHeaderFree(st.head, st.nhead);
    return rc;
}

const ins_importer insImporterBrCadastro = {
    "br-cadastro",
    N_("Brazil's Cadastro de Empregadores (employers found using slave-like labour)"),
    sniff,
    run,
    0, /* content alone identifies a list's version */
};
