/*
** csvread.c: the CSV reader every CSV importer uses.
**
** The reading itself is src/csv.c (libcsv, streamed: BOM removal, UTF-8 or
** ISO-8859-1 per field, the limits of ins_limits.h).  What is left here is
** what belongs to importing: the bytes come from the import context's
** source (a file or an archive member, through insReaderRead), and a
** reader that stops on its own rejects the file with a reason that names
** the row (insImportReject).
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>

/*
** Rejects the file for the reason reader C stopped with and returns the
** code to return.  When the callback stopped it, the importer has given
** its reason already and RC is returned as it is.
*/
static int reject(ins_import_ctx *ctx, const ins_csv *c, int rc)
{
    unsigned long row;
    const char *detail;
    switch (insCsvStopReason(c, &row, &detail)) {
    case INS_CSV_NOMEM:
        return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    case INS_CSV_COLUMNS:
        return insImportReject(ctx, INS_ERR_TOOBIG, _("row %lu: more than %d columns"), row,
                               INS_MAX_CSV_COLUMNS);
    case INS_CSV_RECORD:
        return insImportReject(ctx, INS_ERR_TOOBIG, _("row %lu: record longer than %u bytes"), row,
                               INS_MAX_CSV_ROW_BYTES);
    case INS_CSV_ROWS:
        return insImportReject(ctx, INS_ERR_TOOBIG, _("more than %u rows"), INS_MAX_CSV_ROWS);
    case INS_CSV_FIELD:
        return insImportReject(ctx, INS_ERR_TOOBIG,
                               _("row %lu: field longer than %u bytes (unclosed quote?)"), row,
                               INS_MAX_CSV_ROW_BYTES);
    case INS_CSV_SYNTAX:
        return insImportReject(ctx, INS_ERR_FORMAT, _("row %lu: %s"), row, detail);
    case INS_CSV_UNCLOSED:
        return insImportReject(ctx, INS_ERR_FORMAT,
                               _("row %lu: a quoted field opened in this row is never closed"), row);
    case INS_CSV_NUL:
        return insImportReject(ctx, INS_ERR_FORMAT, _("row %lu, column %zu: a NUL byte in the field"), row,
                               insCsvStopColumn(c));
    case INS_CSV_VALUE:
        return insImportReject(ctx, INS_ERR_TOOBIG, _("row %lu, column %zu: a value longer than %u bytes"),
                               row, insCsvStopColumn(c), INS_MAX_FIELD_BYTES);
    case INS_CSV_GOING:
    case INS_CSV_CALLBACK:
        break;
    }
    return rc;
}

/*
** Streams the context's source through the CSV reader with DELIM, 64 KiB
** at a time (see importer.h).  Returns INS_OK, or the code of the
** rejection (the importer's own, or the reader's, or a read error).
*/
int insCsvParse(ins_import_ctx *ctx, unsigned char delim, ins_csv_row_fn fn, void *ud)
{
    ins_csv *c = insCsvNew(delim, fn, ud);
    if (!c) return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    ins_reader in;
    if (insReaderOpen(&in, ctx->src) != INS_OK) {
        insCsvFree(c);
        return insImportReject(ctx, INS_ERR_IO, _("cannot open file"));
    }
    unsigned char buf[65536];
    long n;
    int rc = INS_OK;
    while (rc == INS_OK && (n = insReaderRead(&in, buf, sizeof buf)) > 0) rc = insCsvFeed(c, buf, (size_t)n);
    if (rc == INS_OK && in.error)
        rc = insImportReject(ctx, in.error == INS_ERR_TOOBIG ? INS_ERR_TOOBIG : INS_ERR_IO, _("read error"));
    else if (rc == INS_OK)
        rc = insCsvFinish(c);
    if (rc != INS_OK) rc = reject(ctx, c, rc);
    insCsvFree(c);
    insReaderClose(&in);
    return rc;
}

/* Header cells against column names: see importer.h. */
int insCsvHeaderIs(const char *h, size_t len, const char *name)
{
    size_t i = 0;
    for (; i < len && name[i]; i++) {
        unsigned char c = (unsigned char)h[i];
        if (c == ' ' || c == '-') c = '_';
        if (tolower(c) != (unsigned char)name[i]) return 0;
    }
    return i == len && name[i] == '\0';
}

/*
** Walks the cells of LINE without copying: a quoted cell ends at a quote
** not doubled, then runs to the delimiter; blanks around a cell are not
** part of it.
*/
int insCsvLineHas(const char *line, unsigned char delim, const char *const *names, size_t n)
{
    const char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        const char *start = p, *end;
        if (*p == '"') {
            start = ++p;
            while (*p && !(*p == '"' && p[1] != '"')) p += *p == '"' ? 2 : 1;
            end = p;
            if (*p == '"') p++;
            while (*p && (unsigned char)*p != delim) p++;
        } else {
            while (*p && (unsigned char)*p != delim) p++;
            end = p;
        }
        while (end > start && (end[-1] == ' ' || end[-1] == '\t')) end--;
        for (size_t k = 0; k < n && names[k]; k++)
            if (insCsvHeaderIs(start, (size_t)(end - start), names[k])) return 1;
        if ((unsigned char)*p != delim || !*p) return 0;
        p++;
    }
}
