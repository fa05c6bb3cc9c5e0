/*
** csv.c: the one CSV reader (libcsv, streamed, context-free).
**
** The caller feeds blocks of bytes; libcsv splits them into fields and
** records, and this file collects the fields of a record and hands them to
** the caller's callback as trimmed UTF-8 strings.  Each field is checked:
** valid UTF-8 is kept, anything else is read as ISO-8859-1, so a Latin-1
** list reads without mojibake.  A quoted field may span lines, but the
** input may not end inside one, and no field may hold a NUL byte or more
** than INS_MAX_FIELD_BYTES.  Limits on columns, rows, values and record
** size come from ins_limits.h; when one is hit
** the reader stops and keeps the reason and the row, and its caller words
** the message (the importers' reader, importers/csvread.c, rejects the
** file; insCsvReadFile, below, writes the message screening prints).
**
** A building block: it uses only util.c and buf.c.  See ins_csv.h.
*/
#include "ins_csv.h"

#include <assert.h>
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ins_csv {
    struct csv_parser p;
    ins_csv_row_fn fn;
    void *ud;
    char **fields;       /* INS_MAX_CSV_COLUMNS slots */
    size_t nfields;
    size_t row_bytes;    /* bytes of the record so far */
    unsigned long row;   /* records handed to the callback */
    unsigned char delim; /* 0: guess from the first block */
    int first;           /* no block fed yet */
    ins_csv_stop stop;   /* why it stopped, INS_CSV_GOING while it reads */
    int rc;              /* the code to return once stopped */
    unsigned long stop_row;
    const char *detail;  /* libcsv's message for INS_CSV_SYNTAX */
    size_t stop_col;     /* 1-based column for INS_CSV_NUL and INS_CSV_VALUE */
};

/* Frees the fields of the current record. */
static void free_fields(ins_csv *c)
{
    for (size_t i = 0; i < c->nfields; i++) free(c->fields[i]);
    c->nfields = 0;
    c->row_bytes = 0;
}

/*
** Stops the reader with WHY and return code RC, noting the row being read.
** Only the first stop counts: callbacks libcsv makes after it are ignored.
*/
static void stop(ins_csv *c, ins_csv_stop why, int rc)
{
    assert(c->stop == INS_CSV_GOING);
    c->stop = why;
    c->rc = rc;
    c->stop_row = c->row + 1;
}

/* libcsv field callback: the field as trimmed UTF-8, within the limits. */
static void on_field(void *data, size_t len, void *ud)
{
    ins_csv *c = ud;
    if (c->stop) return;
    if (c->nfields >= INS_MAX_CSV_COLUMNS) { stop(c, INS_CSV_COLUMNS, INS_ERR_TOOBIG); return; }
    c->row_bytes += len;
    if (c->row_bytes > INS_MAX_CSV_ROW_BYTES) { stop(c, INS_CSV_RECORD, INS_ERR_TOOBIG); return; }
    /* a value is bounded like an XML text value, and a NUL byte would cut
       it silently in every C string after this point */
    if (len > INS_MAX_FIELD_BYTES) {
        stop(c, INS_CSV_VALUE, INS_ERR_TOOBIG);
        c->stop_col = c->nfields + 1;
        return;
    }
    if (data && len && memchr(data, '\0', len)) {
        stop(c, INS_CSV_NUL, INS_ERR_FORMAT);
        c->stop_col = c->nfields + 1;
        return;
    }
    char *f = insUToUtf8(data ? (const char *)data : "", data ? len : 0);
    if (!f) { stop(c, INS_CSV_NOMEM, INS_ERR_NOMEM); return; }
    insUTrim(f);
    c->fields[c->nfields++] = f;
}

/*
** libcsv record callback: hands the record to the callback, within the row
** limit.  A record of one empty field is a blank line: skipped, not
** counted.
*/
static void on_row(int term, void *ud)
{
    (void)term;
    ins_csv *c = ud;
    if (c->stop) { free_fields(c); return; }
    if (c->row >= INS_MAX_CSV_ROWS) {
        stop(c, INS_CSV_ROWS, INS_ERR_TOOBIG);
        free_fields(c);
        return;
    }
    if (!(c->nfields == 1 && !*c->fields[0])) {
        c->row++;
        int rc = c->fn(c->ud, c->row, c->fields, c->nfields);
        if (rc != INS_OK) {
            c->stop = INS_CSV_CALLBACK;
            c->rc = rc;
            c->stop_row = c->row;
        }
    }
    free_fields(c);
}

/* The delimiter of a CSV whose first bytes are B[0..n): the most frequent
** of comma, semicolon and tab outside quotes on the first line. */
static unsigned char guess_delim(const unsigned char *b, size_t n)
{
    size_t c = 0, sc = 0, t = 0;
    int q = 0;
    for (size_t i = 0; i < n && (q || (b[i] != '\n' && b[i] != '\r')); i++) {
        if (b[i] == '"') q = !q;
        else if (!q && b[i] == ',') c++;
        else if (!q && b[i] == ';') sc++;
        else if (!q && b[i] == '\t') t++;
    }
    if (sc > c && sc >= t) return ';';
    if (t > c && t > sc) return '\t';
    return ',';
}

/* A new reader (see ins_csv.h); NULL when out of memory. */
ins_csv *insCsvNew(unsigned char delim, ins_csv_row_fn fn, void *ud)
{
    assert(fn);
    ins_csv *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->fields = calloc(INS_MAX_CSV_COLUMNS, sizeof *c->fields);
    if (!c->fields || csv_init(&c->p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        free(c->fields);
        free(c);
        return NULL;
    }
    c->fn = fn;
    c->ud = ud;
    c->delim = delim;
    c->first = 1;
    c->rc = INS_OK;
    if (delim) csv_set_delim(&c->p, delim);
    return c;
}

/* Frees a reader and the fields of a record it was collecting (NULL is fine). */
void insCsvFree(ins_csv *c)
{
    if (!c) return;
    free_fields(c);
    csv_free(&c->p);
    free(c->fields);
    free(c);
}

/*
** Parses one block (see ins_csv.h).  The first block loses a UTF-8 byte
** order mark and, without a delimiter given, sets it.  After the block, a
** field still open past INS_MAX_CSV_ROW_BYTES stops the reader: an
** unclosed quote would otherwise swallow the rest of the file.
*/
int insCsvFeed(ins_csv *c, const void *buf, size_t len)
{
    if (c->stop) return c->rc;
    const unsigned char *b = buf;
    if (c->first) {
        if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
            b += 3;
            len -= 3;
        }
        if (!c->delim) csv_set_delim(&c->p, guess_delim(b, len));
        c->first = 0;
    }
    if (csv_parse(&c->p, b, len, on_field, on_row, c) != len && !c->stop) {
        stop(c, INS_CSV_SYNTAX, INS_ERR_FORMAT);
        c->detail = csv_strerror(csv_error(&c->p));
    }
    if (!c->stop && c->p.entry_pos > INS_MAX_CSV_ROW_BYTES) stop(c, INS_CSV_FIELD, INS_ERR_TOOBIG);
    return c->stop ? c->rc : INS_OK;
}

/* End of input (see ins_csv.h). */
int insCsvFinish(ins_csv *c)
{
    /* Input that ends inside a quoted field is refused, not read as one
       field swallowing the rest of the file.  libcsv's own check
       (CSV_STRICT_FINI) needs its strict mode, which would also refuse the
       stray quotes of real files; its parser state says the same: a quoted
       field begun and its closing quote not seen (libcsv's FIELD_BEGUN,
       state 2, stable since libcsv 3.0). */
    if (!c->stop && c->p.quoted && c->p.pstate == 2) stop(c, INS_CSV_UNCLOSED, INS_ERR_FORMAT);
    if (!c->stop) csv_fini(&c->p, on_field, on_row, c);
    free_fields(c);
    return c->stop ? c->rc : INS_OK;
}

/* The column of the field that stopped the reader, or 0 (see ins_csv.h). */
size_t insCsvStopColumn(const ins_csv *c) { return c->stop_col; }

/* Why the reader stopped, and where (see ins_csv.h). */
ins_csv_stop insCsvStopReason(const ins_csv *c, unsigned long *row, const char **detail)
{
    if (row) *row = c->stop ? c->stop_row : c->row + 1;
    if (detail) *detail = c->stop == INS_CSV_SYNTAX ? c->detail : NULL;
    return c->stop;
}

/*
** Reads the file at PATH through a new reader, 64 KiB at a time (see
** ins_csv.h); the messages name the row, as screening, decisions and the
** name-pair benchmark print them.
*/
int insCsvReadFile(const char *path, unsigned char delim, ins_csv_row_fn fn, void *ud, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errmsg) {
            ins_buf b;
            insBufInit(&b);
            insBufPrintf(&b, _("cannot open (%s)"), strerror(errno));
            *errmsg = insBufDetach(&b);
        }
        return INS_ERR_IO;
    }
    ins_csv *c = insCsvNew(delim, fn, ud);
    int rc = c ? INS_OK : INS_ERR_NOMEM;
    const char *msg = c ? NULL : ins_strerror(INS_ERR_NOMEM);
    unsigned char buf[65536];
    size_t total = 0, n;
    while (rc == INS_OK && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        total += n;
        if (total > INS_MAX_FILE_BYTES) { rc = INS_ERR_TOOBIG; msg = _("file too large"); break; }
        rc = insCsvFeed(c, buf, n);
    }
    if (rc == INS_OK && ferror(f)) { rc = INS_ERR_IO; msg = _("read error"); }
    if (rc == INS_OK) rc = insCsvFinish(c);
    unsigned long row = 1;
    const char *detail = NULL;
    ins_csv_stop why = c ? insCsvStopReason(c, &row, &detail) : INS_CSV_NOMEM;
    if (!msg) {
        switch (why) {
        case INS_CSV_NOMEM: msg = ins_strerror(INS_ERR_NOMEM); break;
        case INS_CSV_COLUMNS: msg = _("too many columns"); break;
        case INS_CSV_RECORD: msg = _("record too long"); break;
        case INS_CSV_ROWS: msg = _("too many rows"); break;
        case INS_CSV_FIELD: msg = _("field too long (unclosed quote?)"); break;
        case INS_CSV_SYNTAX: msg = detail; break;
        case INS_CSV_UNCLOSED: msg = _("a quoted field opened here is never closed"); break;
        case INS_CSV_NUL: msg = _("a NUL byte in a field"); break;
        case INS_CSV_VALUE: msg = _("a value longer than the limit of 64 KiB"); break;
        case INS_CSV_GOING: case INS_CSV_CALLBACK: break;
        }
    }
    if (rc != INS_OK && msg && errmsg) {
        ins_buf b;
        insBufInit(&b);
        insBufPrintf(&b, _("row %lu: %s"), row, msg);
        *errmsg = insBufDetach(&b);
    }
    insCsvFree(c);
    fclose(f);
    return rc;
}

/* Column of NAME in a header row, or -1 (case-insensitive). */
int insCsvColumn(char **header, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (header[i] && insUStrieq(header[i], name)) return (int)i;
    return -1;
}
