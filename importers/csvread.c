/*
** csvread.c: the one CSV reader every CSV importer uses (libcsv, streamed).
**
** The file is fed to libcsv in blocks; fields are collected per record and
** handed to the importer's callback as UTF-8 strings.  Each field is
** checked: valid UTF-8 is kept, anything else is read as ISO-8859-1, so a
** Latin-1 list imports without mojibake.  A quoted field may span lines.
** Limits on columns, rows and record size come from ins_limits.h.
*/
#include "importer.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

typedef struct csv_state {
    ins_import_ctx *ctx;
    ins_csv_row_fn fn;
    void *ud;
    char **fields;
    size_t nfields;
    size_t row_bytes;
    unsigned long row;
    int stop;      /* callback asked to stop, or a limit was hit */
    int rc;        /* the code to return when stopped */
} csv_state;

static void free_fields(csv_state *s)
{
    for (size_t i = 0; i < s->nfields; i++) free(s->fields[i]);
    s->nfields = 0;
    s->row_bytes = 0;
}

static void on_field(void *data, size_t len, void *ud)
{
    csv_state *s = ud;
    if (s->stop) return;
    if (s->nfields >= INS_MAX_CSV_COLUMNS) {
        s->stop = 1;
        s->rc = insImportReject(s->ctx, INS_ERR_TOOBIG, _("row %lu: more than %d columns"),
                                s->row + 1, INS_MAX_CSV_COLUMNS);
        return;
    }
    s->row_bytes += len;
    if (s->row_bytes > INS_MAX_CSV_ROW_BYTES) {
        s->stop = 1;
        s->rc = insImportReject(s->ctx, INS_ERR_TOOBIG, _("row %lu: record longer than %u bytes"),
                                s->row + 1, INS_MAX_CSV_ROW_BYTES);
        return;
    }
    char *f = insUToUtf8(data ? (const char *)data : "", data ? len : 0);
    if (!f) {
        s->stop = 1;
        s->rc = insImportReject(s->ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
        return;
    }
    insUTrim(f);
    s->fields[s->nfields++] = f;
}

static void on_row(int term, void *ud)
{
    (void)term;
    csv_state *s = ud;
    if (s->stop) { free_fields(s); return; }
    s->row++;
    if (s->row > INS_MAX_CSV_ROWS) {
        s->stop = 1;
        s->rc = insImportReject(s->ctx, INS_ERR_TOOBIG, _("more than %u rows"), INS_MAX_CSV_ROWS);
        free_fields(s);
        return;
    }
    /* A record of one empty field is a blank line. */
    if (!(s->nfields == 1 && !*s->fields[0])) {
        int rc = s->fn(s->ud, s->row, s->fields, s->nfields);
        if (rc != INS_OK) {
            s->stop = 1;
            s->rc = rc;
        }
    } else {
        s->row--;
    }
    free_fields(s);
}

int insCsvParse(ins_import_ctx *ctx, unsigned char delim, ins_csv_row_fn fn, void *ud)
{
    struct csv_parser p;
    csv_state s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.fn = fn;
    s.ud = ud;
    s.rc = INS_OK;
    s.fields = calloc(INS_MAX_CSV_COLUMNS, sizeof *s.fields);
    if (!s.fields) return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    if (csv_init(&p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        free(s.fields);
        return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    }
    csv_set_delim(&p, delim);
    ins_reader in;
    if (insReaderOpen(&in, ctx->src) != INS_OK) {
        csv_free(&p);
        free(s.fields);
        return insImportReject(ctx, INS_ERR_IO, _("cannot open file"));
    }
    unsigned char buf[65536];
    int first = 1;
    long n;
    while (!s.stop && (n = insReaderRead(&in, buf, sizeof buf)) > 0) {
        const unsigned char *b = buf;
        size_t len = (size_t)n;
        if (first && len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
            b += 3;
            len -= 3;
        }
        first = 0;
        if (csv_parse(&p, b, len, on_field, on_row, &s) != len && !s.stop) {
            s.stop = 1;
            s.rc = insImportReject(ctx, INS_ERR_FORMAT, _("row %lu: %s"), s.row + 1,
                                   csv_strerror(csv_error(&p)));
        }
        if (!s.stop && p.entry_pos > INS_MAX_CSV_ROW_BYTES) {
            s.stop = 1;
            s.rc = insImportReject(ctx, INS_ERR_TOOBIG,
                                   _("row %lu: field longer than %u bytes (unclosed quote?)"),
                                   s.row + 1, INS_MAX_CSV_ROW_BYTES);
        }
    }
    if (!s.stop && in.error) {
        s.stop = 1;
        s.rc = insImportReject(ctx, in.error == INS_ERR_TOOBIG ? INS_ERR_TOOBIG : INS_ERR_IO,
                               _("read error"));
    }
    if (!s.stop) csv_fini(&p, on_field, on_row, &s);
    free_fields(&s);
    csv_free(&p);
    insReaderClose(&in);
    free(s.fields);
    return s.rc;
}

int insCsvColumn(char **header, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (header[i] && insUStrieq(header[i], name)) return (int)i;
    return -1;
}
