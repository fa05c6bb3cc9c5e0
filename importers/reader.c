/*
** reader.c: the services every format importer calls back into: reading
** its source's bytes and rejecting the file with a reason.
**
** They sit below both the driver (import.c) and the formats, so that the
** driver only calls down into the formats (sniff and run) and no format
** calls a function of the driver.  The driver uses the same reader to hash
** a file before any format sees it.
*/
#include "importer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading a source ---------------------------------------------------- */

/*
** Opens R over SRC: a plain file is opened for reading, an archive member
** is read from the memory the driver expanded it into.  Returns INS_OK or
** INS_ERR_IO.  Close with insReaderClose even after a failed read.
*/
int insReaderOpen(ins_reader *r, const ins_source *src)
{
    memset(r, 0, sizeof *r);
    r->src = src;
    if (src->mem) return INS_OK;
    r->fp = fopen(src->path, "rb");
    return r->fp ? INS_OK : INS_ERR_IO;
}

/*
** Reads up to N bytes into BUF.  Returns the bytes read, 0 at the end, -1
** on error with R->error set: INS_ERR_IO for a failed read, INS_ERR_TOOBIG
** once more than INS_MAX_FILE_BYTES have been read, so that no importer
** can be made to stream an endless input.  After an error every call
** fails.
*/
long insReaderRead(ins_reader *r, void *buf, size_t n)
{
    if (r->error) return -1;
    size_t got;
    if (r->src->mem) {
        size_t left = r->src->mem_len - r->off;
        got = n < left ? n : left;
        memcpy(buf, r->src->mem + r->off, got);
        r->off += got;
    } else {
        got = fread(buf, 1, n, r->fp);
        if (got < n && ferror(r->fp)) { r->error = INS_ERR_IO; return -1; }
    }
    r->total += got;
    if (r->total > INS_MAX_FILE_BYTES) { r->error = INS_ERR_TOOBIG; return -1; }
    return (long)got;
}

/* Closes the file R read, if any; R may be closed twice. */
void insReaderClose(ins_reader *r)
{
    if (r->fp) fclose(r->fp);
    r->fp = NULL;
}

/* ---- rejecting a file ------------------------------------------------------ */

/*
** Records why the file of CTX is rejected and returns the code the
** importer returns to the driver, which then rolls the file back whole and
** logs the reason.  Only the first reason is kept: it is the cause, later
** ones are consequences.  A reason is one line (libxml2 messages may hold
** line breaks), without trailing blanks.  CODE INS_OK would not reject,
** so it becomes INS_ERR_FORMAT.
*/
int insImportReject(ins_import_ctx *ctx, int code, const char *fmt, ...)
{
    if (ctx->reason.len == 0) {
        va_list ap;
        va_start(ap, fmt);
        insBufVprintf(&ctx->reason, fmt, ap);
        va_end(ap);
        /* a reason is one line: libxml2 messages may hold line breaks */
        for (size_t i = 0; i < ctx->reason.len; i++)
            if (ctx->reason.s[i] == '\n' || ctx->reason.s[i] == '\r') ctx->reason.s[i] = ' ';
        while (ctx->reason.len && ctx->reason.s[ctx->reason.len - 1] == ' ')
            ctx->reason.s[--ctx->reason.len] = '\0';
    }
    return code == INS_OK ? INS_ERR_FORMAT : code;
}

/*
** Records that part WHAT of a group was rejected (see importer.h): the
** reason is made one line, like a file's.  The driver logs the parts after
** the group's import; the importer has already rolled the part back.
*/
int insImportRejectPart(ins_import_ctx *ctx, const char *what, const char *fmt, ...)
{
    ins_buf r;
    insBufInit(&r);
    va_list ap;
    va_start(ap, fmt);
    insBufVprintf(&r, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < r.len; i++)
        if (r.s[i] == '\n' || r.s[i] == '\r') r.s[i] = ' ';
    struct ins_part_reject *p = insUGrow(ctx->parts, &ctx->cap_parts, ctx->nparts + 1, sizeof *p);
    char *w = insUStrdup(what);
    for (char *c = w; c && *c; c++) /* shown in logs and on terminals: one line, no controls */
        if ((unsigned char)*c < 0x20 || *c == 0x7f) *c = ' ';
    if (!p || !w || r.oom) {
        free(w);
        insBufFree(&r);
        return INS_ERR_NOMEM;
    }
    ctx->parts = p;
    p[ctx->nparts].what = w;
    p[ctx->nparts].reason = insUStrdup(insBufStr(&r));
    insBufFree(&r);
    if (!p[ctx->nparts].reason) { free(w); return INS_ERR_NOMEM; }
    ctx->nparts++;
    return INS_OK;
}

/* Frees the rejected parts CTX holds. */
void insImportPartsFree(ins_import_ctx *ctx)
{
    for (size_t i = 0; i < ctx->nparts; i++) {
        free(ctx->parts[i].what);
        free(ctx->parts[i].reason);
    }
    free(ctx->parts);
    ctx->parts = NULL;
    ctx->nparts = ctx->cap_parts = 0;
}

/* Begins a part of a group: a savepoint inside the file's own (db.c's
** savepoints nest; the innermost of a name is the one released). */
int insImportPartBegin(ins_import_ctx *ctx)
{
    return insDbSavepoint(ctx->db);
}

/* Ends a part of a group: keeps its writes when KEEP, else undoes them;
** INS_ERR_DB (the writes undone) when keeping failed. */
int insImportPartEnd(ins_import_ctx *ctx, int keep)
{
    if (keep && insDbRelease(ctx->db) == INS_OK) return INS_OK;
    /* undone, and closed, also when keeping failed: the file's own
       savepoint must be the innermost again */
    int rc = insDbRollbackTo(ctx->db);
    return keep ? INS_ERR_DB : rc;
}
