/*
** plame.c: SUNAT PLAME payroll import files (FORMATS.md section 5).
**
** An employer declares its monthly payroll (planilla mensual) to SUNAT in
** pipe-separated text files, one per employer, month and kind, named
** 0601AAAAMM<RUC>.<ext>:
**
**   .jor  working time  doc_type|doc_number|ordinary_hours|ordinary_minutes|
**                       overtime_hours|overtime_minutes|
**   .rem  pay           doc_type|doc_number|concept_code|amount_accrued|amount_paid|
**   .snl  days not worked  doc_type|doc_number|reason_code|days|
**
** The period and the employer come from the file name only, so a file whose
** name does not follow the pattern is rejected with the expected name.
**
** Worker identities are personal data.  A worker is stored only as a keyed
** hash (BLAKE2b, libsodium crypto_generichash) of "doc_type:doc_number"
** under a random 32-byte secret kept in db_secrets ('worker_key', made on
** first use).  The same worker thus has the same key in every month and
** every file of one database, while the number itself is never written:
** not in a table, a warning or a rejection reason.  (The secret lives in
** the same database, so this protects extracts and worklists, not a copy of
** the whole file: whoever holds both can test guessed numbers.)
**
** Facts go to payroll_workers (one row per employer, month and worker, the
** three files filling their own columns) and payroll_concepts (every .rem
** line).  After every file the month's payroll_months row, the aggregates
** the payroll rules read, is recomputed from them (insPayrollMonths, in
** src/derive.c, which also holds the full-time threshold compared with the
** minimum wage).  A later file of the same kind for the
** same employer and month (a corrected declaration) replaces the facts of
** the earlier one, with a warning on the new document.
**
** Tabla 22 concept families, as used here:
**   0105, 0106  overtime at 25% / 35%          -> overtime_paid (and gross)
**   0107        work on the weekly rest day    -> rest_day_paid (and gross)
**   0600-0699   worker's pension and tax contributions: neither gross nor deduction
**   0700-0799   deductions (advances, food, tools, court orders...) -> deductions
**   0800-0899   employer's contributions (EsSalud, SCTR): not the worker's pay
**   any other   income (01xx-05xx remuneration, allowances, bonuses,
**               gratuities, 09xx-10xx other income)  -> gross_accrued, gross_paid
** Money sums use the paid column except deductions, which take the larger
** of the two columns (files fill either for a deduction); a file whose
** income concepts fill only one column reads every sum from that one
** (sum_concepts).
*/
#include "importer.h"

#include <sodium.h>

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of the per-database secret and of a worker key (hex is twice). */
#define PLAME_SECRET_BYTES 32
#define PLAME_KEY_BYTES 32
/*
** More fields than any layout has: a line with this many is malformed.
** Not an input limit (a line with any other count than its layout's is
** rejected anyway), only the size of the field array, so it stays here.
** The limits of this format (period years, document numbers, amounts) are
** in ins_limits.h.
*/
#define PLAME_MAX_FIELDS 8

/* The three kinds of files and their line layouts. */
enum { PLAME_JOR, PLAME_REM, PLAME_SNL };

static const struct {
    const char *ext;
    size_t nfields;
    const char *layout;
} kinds[] = {
    [PLAME_JOR] = {"jor", 6,
                   "doc_type|doc_number|ordinary_hours|ordinary_minutes|overtime_hours|"
                   "overtime_minutes|"},
    [PLAME_REM] = {"rem", 5, "doc_type|doc_number|concept_code|amount_accrued|amount_paid|"},
    [PLAME_SNL] = {"snl", 4, "doc_type|doc_number|reason_code|days|"},
};

/* What a PLAME file name says. */
typedef struct plame_name {
    int kind;         /* PLAME_JOR, PLAME_REM or PLAME_SNL */
    char period[11];  /* YYYY-MM-01 */
    char ruc[12];     /* the employer */
    int days;         /* days in the month */
} plame_name;

/* State of one file's import. */
typedef struct plame_state {
    ins_import_ctx *ctx;
    plame_name name;
    int64_t doc;   /* the documents row of the file */
    int64_t firm;  /* the employer */
    unsigned char secret[PLAME_SECRET_BYTES];
    unsigned long line;    /* physical line number being read */
    unsigned long records; /* data lines imported */
} plame_state;

/* The base name of a path or an archive member ("a.zip!dir/x" -> "x"). */
static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    const char *b = strrchr(p, '!');
    if (b && (!s || b > s)) s = b;
    return s ? s + 1 : p;
}

/* 1 when the N bytes at S are all ASCII digits. */
static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

/*
** Reads a PLAME file name: "0601", the year and month of the period, the
** employer's 11-digit RUC, a dot and jor, rem or snl (any case).  Returns 1
** and fills OUT when NAME follows the pattern.
*/
static int parse_name(const char *name, plame_name *out)
{
    if (strlen(name) != 25 || memcmp(name, "0601", 4) != 0 || !digits(name + 4, 17) ||
        name[21] != '.')
        return 0;
    int year = (name[4] - '0') * 1000 + (name[5] - '0') * 100 + (name[6] - '0') * 10 + (name[7] - '0');
    int month = (name[8] - '0') * 10 + (name[9] - '0');
    if (year < INS_PLAME_MIN_YEAR || month < 1 || month > 12) return 0;
    int kind = -1;
    for (size_t k = 0; k < INS_ARRAY_LEN(kinds); k++)
        if (insUStrieq(name + 22, kinds[k].ext)) kind = (int)k;
    if (kind < 0) return 0;
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    out->kind = kind;
    out->days = mdays[month - 1] + (month == 2 && leap);
    memcpy(out->period, name + 4, 4);
    out->period[4] = '-';
    memcpy(out->period + 5, name + 8, 2);
    memcpy(out->period + 7, "-01", 4);
    memcpy(out->ruc, name + 10, 11);
    out->ruc[11] = '\0';
    return 1;
}

/* 1 when [S, S+N) is a short code: 1 to 3 letters or digits. */
static int is_code(const char *s, size_t n)
{
    if (n < 1 || n > 3) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i])) return 0;
    return 1;
}

/*
** Tells whether a first line is shaped like a PLAME line: 4 to 6
** pipe-separated fields (a trailing pipe allowed), a document type code, a
** document number, then numbers only.  Used to claim PLAME content that
** arrives under another name, so that the rejection can give the name.
*/
static int plame_shaped(const char *line)
{
    size_t n = 0;
    const char *p = line;
    for (;;) {
        const char *end = strchr(p, '|');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && p[len - 1] == ' ') len--;
        while (len && *p == ' ') p++, len--;
        if (!end && len == 0 && n > 0) break; /* after the trailing pipe */
        if (n == 0 && !is_code(p, len)) return 0;
        if (n == 1) {
            if (len == 0 || len > INS_PLAME_MAX_DOC_NUMBER) return 0;
            for (size_t i = 0; i < len; i++)
                if (!isalnum((unsigned char)p[i]) && p[i] != '-') return 0;
        }
        if (n >= 2)
            for (size_t i = 0; i < len; i++)
                if (!isdigit((unsigned char)p[i]) && p[i] != '.' && p[i] != ',') return 0;
        if (++n > 6) return 0;
        if (!end) break;
        p = end + 1;
    }
    return n >= 4;
}

/*
** A PLAME file: named 0601AAAAMM<RUC>.jor|rem|snl with a pipe-separated
** first line (85).  A file with such a name but other content is still
** claimed (30), so that it is rejected with its line 1; PLAME-shaped content
** under another name is claimed (50) so that it is rejected with the name
** it should have.
*/
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    plame_name n;
    if (s->filename && parse_name(s->filename, &n)) return strchr(s->first_line, '|') ? 85 : 30;
    return plame_shaped(s->first_line) ? 50 : 0;
}

/*
** Loads the database's secret for worker keys, creating it (32 random
** bytes) the first time.  It is created inside the file's transaction: if
** the file is rejected, no key made with it was stored either.
*/
static int load_secret(plame_state *st)
{
    static const char get[] = "SELECT value FROM db_secrets WHERE name = 'worker_key'";
    static const char put[] = "INSERT INTO db_secrets(name, value) VALUES('worker_key', ?)";
    if (sodium_init() < 0)
        return insImportReject(st->ctx, INS_ERR_NOMEM, _("libsodium cannot be initialised"));
    sqlite3_stmt *s = insDbStmt(st->ctx->db, get);
    if (!s) return INS_ERR_DB;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        int ok = sqlite3_column_bytes(s, 0) == PLAME_SECRET_BYTES;
        if (ok) memcpy(st->secret, sqlite3_column_blob(s, 0), PLAME_SECRET_BYTES);
        sqlite3_reset(s);
        return ok ? INS_OK
                  : insImportReject(st->ctx, INS_ERR_DB,
                                    _("the database's worker key secret is damaged (not %d bytes)"),
                                    PLAME_SECRET_BYTES);
    }
    sqlite3_reset(s);
    if (r != SQLITE_DONE) return INS_ERR_DB;
    randombytes_buf(st->secret, sizeof st->secret);
    s = insDbStmt(st->ctx->db, put);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_blob(s, 1, st->secret, sizeof st->secret, SQLITE_TRANSIENT);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Normalises a document type: upper case, and a lone digit padded to two
** ("1" is "01"), so that the same worker gets the same key however the
** software wrote the code.  OUT has room for 4 bytes.
*/
static void norm_doc_type(const char *t, char out[4])
{
    size_t n = strlen(t);
    size_t k = 0;
    if (n == 1 && isdigit((unsigned char)t[0])) out[k++] = '0';
    for (size_t i = 0; i < n && k < 3; i++) out[k++] = (char)toupper((unsigned char)t[i]);
    out[k] = '\0';
}

/*
** Computes the worker key of TYPE (normalised) and NUMBER as 64 hex digits:
** the number is upper-cased and stripped of spaces, dashes and dots first.
** Returns 0 when the number is empty, too long or holds other characters.
** The clear text is wiped from the stack after hashing.
*/
static int worker_key(const plame_state *st, const char *type, const char *number,
                      char out[2 * PLAME_KEY_BYTES + 1])
{
    char msg[4 + INS_PLAME_MAX_DOC_NUMBER + 1];
    size_t k = strlen(type);
    memcpy(msg, type, k);
    msg[k++] = ':';
    size_t start = k;
    int ok = 1;
    for (const char *p = number; *p && ok; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '-' || c == '.') continue;
        if (!isalnum(c) || k - start >= INS_PLAME_MAX_DOC_NUMBER) ok = 0;
        else msg[k++] = (char)toupper(c);
    }
    ok = ok && k > start;
    if (ok) {
        unsigned char h[PLAME_KEY_BYTES];
        crypto_generichash(h, sizeof h, (const unsigned char *)msg, k, st->secret,
                           sizeof st->secret);
        sodium_bin2hex(out, 2 * PLAME_KEY_BYTES + 1, h, sizeof h);
    }
    sodium_memzero(msg, sizeof msg);
    return ok;
}

/*
** Parses a numeric field: empty is 0; otherwise a non-negative finite
** number not above MAX.  Returns 1 on success, 0 when not a number, -1 when
** out of range.
*/
static int parse_num(const char *s, double max, double *out)
{
    if (!*s) { *out = 0; return 1; }
    double v;
    if (!insUParseDouble(s, &v) || !isfinite(v)) return 0;
    if (v < 0 || v > max) return -1;
    *out = v;
    return 1;
}

/*
** Parses field I (named NAME) of the current line into OUT, rejecting the
** file with the line number when it is not a number in [0, MAX].  The
** value itself is never quoted: a shifted line could put a document number
** there.
*/
static int field_num(plame_state *st, char **f, size_t i, const char *name, double max,
                     double *out)
{
    int r = parse_num(f[i], max, out);
    if (r == 1) return INS_OK;
    if (r == 0)
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("line %lu: field %zu (%s) is not a number"),
                               st->line, i + 1, name);
    return insImportReject(st->ctx, INS_ERR_FORMAT,
                           _("line %lu: field %zu (%s) is out of range (0 to %g)"), st->line, i + 1,
                           name, max);
}

/* Runs a prepared statement bound to (firm, period) and returns its
** changes, or -1 on database error. */
static int run_month_stmt(plame_state *st, const char *sql)
{
    sqlite3_stmt *s = insDbStmt(st->ctx->db, sql);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, st->firm);
    insDbBindText(s, 2, st->name.period);
    if (sqlite3_step(s) != SQLITE_DONE) return -1;
    return sqlite3_changes(st->ctx->db->h);
}

/*
** Clears what an earlier file of the same kind declared for this employer
** and month, which this file replaces, and says so on the new document.
*/
static int clear_earlier(plame_state *st)
{
    static const char jor[] =
        "UPDATE payroll_workers SET ordinary_hours = NULL, overtime_hours = NULL"
        " WHERE firm_id = ?1 AND period = ?2"
        " AND (ordinary_hours IS NOT NULL OR overtime_hours IS NOT NULL)";
    static const char rem_concepts[] = "DELETE FROM payroll_concepts WHERE firm_id = ?1 AND period = ?2";
    static const char rem[] =
        "UPDATE payroll_workers SET gross_accrued = NULL, gross_paid = NULL, overtime_paid = NULL,"
        " rest_day_paid = NULL, deductions = NULL WHERE firm_id = ?1 AND period = ?2";
    static const char snl[] =
        "UPDATE payroll_workers SET days_not_worked = NULL"
        " WHERE firm_id = ?1 AND period = ?2 AND days_not_worked IS NOT NULL";
    int changed;
    switch (st->name.kind) {
    case PLAME_JOR: changed = run_month_stmt(st, jor); break;
    case PLAME_REM:
        changed = run_month_stmt(st, rem_concepts);
        if (changed >= 0 && run_month_stmt(st, rem) < 0) changed = -1;
        break;
    default: changed = run_month_stmt(st, snl); break;
    }
    if (changed < 0) return INS_ERR_DB;
    if (changed > 0)
        return insModelWarn(st->ctx->db, st->doc, "replaces",
                            _("replaces the .%s of %.7s imported earlier for this employer"),
                            kinds[st->name.kind].ext, st->name.period);
    return INS_OK;
}

/* Stores the hours of one .jor line (summed when a worker has several). */
static int jor_line(plame_state *st, char **f, const char *key, const char *type)
{
    static const char sql[] =
        "INSERT INTO payroll_workers(firm_id, period, worker_key, doc_type, ordinary_hours,"
        " overtime_hours, document_id) VALUES(?,?,?,?,?,?,?)"
        " ON CONFLICT(firm_id, period, worker_key) DO UPDATE SET"
        "  ordinary_hours = COALESCE(payroll_workers.ordinary_hours, 0) + excluded.ordinary_hours,"
        "  overtime_hours = COALESCE(payroll_workers.overtime_hours, 0) + excluded.overtime_hours";
    double month = st->name.days * 24.0;
    double oh, om, xh, xm;
    int rc;
    if ((rc = field_num(st, f, 2, "ordinary_hours", month, &oh)) != INS_OK ||
        (rc = field_num(st, f, 3, "ordinary_minutes", 59, &om)) != INS_OK ||
        (rc = field_num(st, f, 4, "overtime_hours", month, &xh)) != INS_OK ||
        (rc = field_num(st, f, 5, "overtime_minutes", 59, &xm)) != INS_OK)
        return rc;
    double ordinary = oh + om / 60.0, overtime = xh + xm / 60.0;
    if (ordinary + overtime > month)
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("line %lu: %.2f hours declared, more than the %d hours of the month"),
                               st->line, ordinary + overtime, (int)month);
    sqlite3_stmt *s = insDbStmt(st->ctx->db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, st->firm);
    insDbBindText(s, 2, st->name.period);
    insDbBindText(s, 3, key);
    insDbBindText(s, 4, type);
    sqlite3_bind_double(s, 5, ordinary);
    sqlite3_bind_double(s, 6, overtime);
    sqlite3_bind_int64(s, 7, st->doc);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/* Stores one .rem line: the worker's row (when new) and the concept. */
static int rem_line(plame_state *st, char **f, const char *key, const char *type)
{
    static const char worker[] =
        "INSERT INTO payroll_workers(firm_id, period, worker_key, doc_type, document_id)"
        " VALUES(?,?,?,?,?) ON CONFLICT(firm_id, period, worker_key) DO NOTHING";
    static const char concept[] =
        "INSERT INTO payroll_concepts(firm_id, period, worker_key, concept, accrued, paid,"
        " document_id) VALUES(?,?,?,?,?,?,?)";
    if (strlen(f[2]) != 4 || !digits(f[2], 4))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("line %lu: field 3 (concept_code) is not a 4-digit code of Tabla 22"),
                               st->line);
    double accrued, paid;
    int rc;
    if ((rc = field_num(st, f, 3, "amount_accrued", INS_PAYROLL_MAX_AMOUNT, &accrued)) != INS_OK ||
        (rc = field_num(st, f, 4, "amount_paid", INS_PAYROLL_MAX_AMOUNT, &paid)) != INS_OK)
        return rc;
    sqlite3_stmt *s = insDbStmt(st->ctx->db, worker);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, st->firm);
    insDbBindText(s, 2, st->name.period);
    insDbBindText(s, 3, key);
    insDbBindText(s, 4, type);
    sqlite3_bind_int64(s, 5, st->doc);
    if (sqlite3_step(s) != SQLITE_DONE) return INS_ERR_DB;
    s = insDbStmt(st->ctx->db, concept);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, st->firm);
    insDbBindText(s, 2, st->name.period);
    insDbBindText(s, 3, key);
    insDbBindText(s, 4, f[2]);
    sqlite3_bind_double(s, 5, accrued);
    sqlite3_bind_double(s, 6, paid);
    sqlite3_bind_int64(s, 7, st->doc);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/* Stores the days not worked of one .snl line (summed over reasons). */
static int snl_line(plame_state *st, char **f, const char *key, const char *type)
{
    static const char sql[] =
        "INSERT INTO payroll_workers(firm_id, period, worker_key, doc_type, days_not_worked,"
        " document_id) VALUES(?,?,?,?,?,?)"
        " ON CONFLICT(firm_id, period, worker_key) DO UPDATE SET"
        "  days_not_worked = COALESCE(payroll_workers.days_not_worked, 0) + excluded.days_not_worked";
    if (!is_code(f[2], strlen(f[2])))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("line %lu: field 3 (reason_code) is not a code of Tabla 21"),
                               st->line);
    double days;
    int rc = field_num(st, f, 3, "days", st->name.days, &days);
    if (rc != INS_OK) return rc;
    sqlite3_stmt *s = insDbStmt(st->ctx->db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, st->firm);
    insDbBindText(s, 2, st->name.period);
    insDbBindText(s, 3, key);
    insDbBindText(s, 4, type);
    sqlite3_bind_double(s, 5, days);
    sqlite3_bind_int64(s, 6, st->doc);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Imports one line (LEN bytes at S, writable, without its '\n').  Blank
** lines are passed over; any malformed line rejects the whole file with its
** line number, since a payroll with a line missing would misstate the month.
*/
static int import_line(plame_state *st, char *s, size_t len)
{
    if (len && s[len - 1] == '\r') s[--len] = '\0';
    if (st->line == 1 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) s += 3, len -= 3;
    if (memchr(s, '\0', len))
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("line %lu: contains a NUL byte"), st->line);
    insUTrim(s);
    if (!*s) return INS_OK;

    const size_t want = kinds[st->name.kind].nfields;
    char *f[PLAME_MAX_FIELDS];
    size_t nf = 0;
    for (char *p = s;;) {
        if (nf == PLAME_MAX_FIELDS) { nf++; break; }
        f[nf++] = p;
        char *bar = strchr(p, '|');
        if (!bar) break;
        *bar = '\0';
        p = bar + 1;
    }
    if (nf <= PLAME_MAX_FIELDS)
        for (size_t i = 0; i < nf; i++) insUTrim(f[i]);
    if (nf > 1 && nf <= PLAME_MAX_FIELDS && !*f[nf - 1]) nf--; /* the trailing pipe */
    if (nf != want)
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("line %lu: %s%zu fields where a .%s line has %zu (%s)"), st->line,
                               nf > PLAME_MAX_FIELDS ? _("more than ") : "",
                               nf > PLAME_MAX_FIELDS ? (size_t)PLAME_MAX_FIELDS : nf,
                               kinds[st->name.kind].ext, want, kinds[st->name.kind].layout);
    if (!is_code(f[0], strlen(f[0])))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("line %lu: field 1 (doc_type) is not a document type of Tabla 3"),
                               st->line);
    char type[4];
    norm_doc_type(f[0], type);
    char key[2 * PLAME_KEY_BYTES + 1];
    if (!worker_key(st, type, f[1], key))
        return insImportReject(st->ctx, INS_ERR_FORMAT,
                               _("line %lu: field 2 (doc_number) is empty, longer than %d or not "
                                 "letters and digits"),
                               st->line, INS_PLAME_MAX_DOC_NUMBER);
    sodium_memzero(f[1], strlen(f[1])); /* no copy of the number outlives the line */
    int rc;
    switch (st->name.kind) {
    case PLAME_JOR: rc = jor_line(st, f, key, type); break;
    case PLAME_REM: rc = rem_line(st, f, key, type); break;
    default: rc = snl_line(st, f, key, type); break;
    }
    if (rc == INS_OK) st->records++;
    return rc;
}

/*
** Streams the file in blocks and hands every line to import_line.  Lines
** longer than INS_MAX_CSV_ROW_BYTES, and more than INS_MAX_CSV_ROWS lines,
** reject the file.
*/
static int read_lines(plame_state *st)
{
    ins_reader r;
    if (insReaderOpen(&r, st->ctx->src) != INS_OK)
        return insImportReject(st->ctx, INS_ERR_IO, "%s", ins_strerror(INS_ERR_IO));
    ins_buf line;
    insBufInit(&line);
    char blk[65536];
    char empty[1] = "";
    long n = 0;
    int rc = INS_OK;
    st->line = 1;
    while (rc == INS_OK && (n = insReaderRead(&r, blk, sizeof blk)) > 0) {
        const char *p = blk, *end = blk + n;
        while (rc == INS_OK && p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t take = (size_t)((nl ? nl : end) - p);
            if (line.len + take > INS_MAX_CSV_ROW_BYTES) {
                rc = insImportReject(st->ctx, INS_ERR_TOOBIG, _("line %lu: longer than %u bytes"),
                                     st->line, INS_MAX_CSV_ROW_BYTES);
                break;
            }
            insBufAppend(&line, p, take);
            if (line.oom) { rc = INS_ERR_NOMEM; break; }
            p += take;
            if (!nl) break;
            p++;
            rc = import_line(st, line.s ? line.s : empty, line.len);
            insBufReset(&line);
            if (rc == INS_OK && ++st->line > INS_MAX_CSV_ROWS)
                rc = insImportReject(st->ctx, INS_ERR_TOOBIG, _("more than %u lines"),
                                     INS_MAX_CSV_ROWS);
        }
    }
    if (rc == INS_OK && n < 0) {
        int err = r.error ? r.error : INS_ERR_IO;
        rc = insImportReject(st->ctx, err, "%s", ins_strerror(err));
    }
    if (rc == INS_OK && line.len) rc = import_line(st, line.s, line.len);
    if (line.s) sodium_memzero(line.s, line.cap);
    insBufFree(&line);
    insReaderClose(&r);
    return rc;
}

/*
** The pay statements of sum_concepts, one per column the income figures
** come from: PAY(col) expands to the statement reading COL for gross,
** overtime and rest-day pay.  Deductions take the larger of the two
** columns in every case (files fill either for a deduction).
*/
#define PAY_SUMS(acc, paid)                                                                      \
    "UPDATE payroll_workers SET gross_accrued = c.accrued, gross_paid = c.paid,"                 \
    " overtime_paid = c.overtime, rest_day_paid = c.rest_day, deductions = c.deductions"         \
    " FROM (SELECT worker_key AS wk,"                                                            \
    "   TOTAL(CASE WHEN concept NOT BETWEEN '0600' AND '0899' THEN " acc " END) AS accrued,"     \
    "   TOTAL(CASE WHEN concept NOT BETWEEN '0600' AND '0899' THEN " paid " END) AS paid,"       \
    "   TOTAL(CASE WHEN concept IN ('0105', '0106') THEN " paid " END) AS overtime,"             \
    "   TOTAL(CASE WHEN concept = '0107' THEN " paid " END) AS rest_day,"                        \
    "   TOTAL(CASE WHEN concept BETWEEN '0700' AND '0799'"                                       \
    "     THEN MAX(COALESCE(accrued, 0), COALESCE(paid, 0)) END) AS deductions"                  \
    "  FROM payroll_concepts WHERE firm_id = ?1 AND period = ?2 GROUP BY worker_key) AS c"       \
    " WHERE payroll_workers.firm_id = ?1 AND payroll_workers.period = ?2"                       \
    "  AND payroll_workers.worker_key = c.wk"

/*
** Fills the pay columns of the month's workers from the .rem concepts, in
** one statement (see the concept families at the top of this file).
**
** SUNAT's layout has an accrued and a paid amount per concept, and most
** software fills both; some fills only the paid column (every accrued
** amount 0), some only the accrued one.  Read literally, the first loses
** the gross on which the deduction share rests, the second makes every
** worker paid nothing.  So the file decides, as a whole (a choice per
** concept or per worker would mix the two): when its income concepts fill
** one column only, that column stands for both, and the document says so.
*/
static int sum_concepts(plame_state *st)
{
    static const char both[] = PAY_SUMS("accrued", "paid");
    static const char only_paid[] = PAY_SUMS("paid", "paid");
    static const char only_accrued[] = PAY_SUMS("accrued", "accrued");
    static const char totals[] =
        "SELECT TOTAL(CASE WHEN concept NOT BETWEEN '0600' AND '0899' THEN abs(accrued) END),"
        " TOTAL(CASE WHEN concept NOT BETWEEN '0600' AND '0899' THEN abs(paid) END)"
        " FROM payroll_concepts WHERE firm_id = ?1 AND period = ?2";
    sqlite3_stmt *t = insDbStmt(st->ctx->db, totals);
    if (!t) return INS_ERR_DB;
    sqlite3_bind_int64(t, 1, st->firm);
    insDbBindText(t, 2, st->name.period);
    if (sqlite3_step(t) != SQLITE_ROW) return INS_ERR_DB;
    double acc = sqlite3_column_double(t, 0), paid = sqlite3_column_double(t, 1);
    sqlite3_reset(t);
    const char *sql = both, *used = NULL;
    if (acc == 0 && paid > 0) {
        sql = only_paid;
        used = "amount_paid";
    } else if (paid == 0 && acc > 0) {
        sql = only_accrued;
        used = "amount_accrued";
    }
    if (run_month_stmt(st, sql) < 0) return INS_ERR_DB;
    if (used)
        return insModelWarn(st->ctx->db, st->doc, "one_pay_column",
                            _("the income concepts fill only %s: gross, paid, overtime and rest-day "
                              "figures are read from it"),
                            used);
    return INS_OK;
}

/* Removes worker rows an earlier, replaced file left without any fact. */
static int drop_empty_workers(plame_state *st)
{
    static const char sql[] =
        "DELETE FROM payroll_workers WHERE firm_id = ?1 AND period = ?2"
        " AND ordinary_hours IS NULL AND overtime_hours IS NULL AND gross_accrued IS NULL"
        " AND gross_paid IS NULL AND days_not_worked IS NULL";
    return run_month_stmt(st, sql) < 0 ? INS_ERR_DB : INS_OK;
}

/*
** Imports one PLAME file: its documents row (kind payroll, type jor, rem or
** snl, numbered by the file name, dated the first day of the period, issued
** by the employer); the facts an earlier file of the same kind declared for
** the month, which this one replaces, are cleared; then its lines, the pay
** columns summed from a .rem's concepts, and the month's aggregates
** (insPayrollMonths).  Runs in the driver's transaction for the file.
*/
static int run(ins_import_ctx *ctx)
{
    static const char set_issuer[] = "UPDATE documents SET issuer_firm_id = ? WHERE id = ?";
    plame_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    const char *file = base_name(ctx->src->display);
    if (!parse_name(file, &st.name))
        return insImportReject(ctx, INS_ERR_FORMAT,
                               _("file name '%.100s' is not a PLAME name: expected 0601AAAAMM<RUC>"
                                 ".<ext> (0601, year and month of the period, the employer's "
                                 "11-digit RUC, ext jor, rem or snl; e.g. 060120250120505310072.jor)"),
                               file);
    ins_doc_info d;
    memset(&d, 0, sizeof d);
    d.kind = "payroll";
    d.type_code = kinds[st.name.kind].ext;
    d.number = file;
    d.issue_date = st.name.period;
    d.currency = "PEN";
    st.doc = insModelDocument(ctx->db, ctx->file_id, &d);
    if (st.doc < 0) return INS_ERR_DB;
    ins_party p = {INS_SCHEME_PE_RUC, st.name.ruc, NULL, "PE"};
    st.firm = insModelFirm(ctx->db, st.doc, &p);
    if (st.firm <= 0) return INS_ERR_DB;
    sqlite3_stmt *s = insDbStmt(ctx->db, set_issuer);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, st.firm);
    sqlite3_bind_int64(s, 2, st.doc);
    if (sqlite3_step(s) != SQLITE_DONE) return INS_ERR_DB;

    int rc = load_secret(&st);
    if (rc == INS_OK) rc = clear_earlier(&st);
    if (rc == INS_OK) rc = read_lines(&st);
    if (rc == INS_OK && st.records == 0)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no lines: a .%s file has one line per worker (%s)"),
                             kinds[st.name.kind].ext, kinds[st.name.kind].layout);
    if (rc == INS_OK && st.name.kind == PLAME_REM) rc = sum_concepts(&st);
    if (rc == INS_OK) rc = drop_empty_workers(&st);
    if (rc == INS_OK) rc = insPayrollMonths(ctx->db, st.firm, st.name.period);
    if (rc == INS_ERR_NOMEM) insImportReject(ctx, rc, "%s", ins_strerror(rc));
    sodium_memzero(st.secret, sizeof st.secret);
    ctx->records = (unsigned)st.records;
    return rc;
}

const ins_importer insImporterPlame = {
    "plame",
    N_("SUNAT PLAME payroll files 0601AAAAMM<RUC>.jor, .rem, .snl (hours, pay, days not worked)"),
    sniff,
    run,
    INS_IMPORTER_NAME_IDENTITY,
};
