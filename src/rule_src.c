/*
** rule_src.c: source text and located diagnostics of the rule engine.
**
** Stage 0 of the rule subsystem: every later stage (lexer, parser,
** checker, rule sets, risk queries) reads text through an ins_src and
** reports mistakes through insDiag, so both live here, below all of them.
** A source keeps an index of line starts so that a diagnostic can quote
** its line and put a caret under the offending text, as a compiler does.
** This file calls nothing of the rule engine; it uses only the string
** buffer and the utilities of ins_internal.h.
*/
#include "rule.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest run of '~' drawn under a diagnostic's span: presentation only
** (the span is already clipped to its line). */
#define CARET_MAX_TILDES 200
/* Characters of a long source line shown on each side of the caret. */
#define CARET_CONTEXT 60

/* ---- sources ----------------------------------------------------------------- */

/*
** Reads the file PATH into SRC and indexes its lines.  Returns 0 on
** success; -1 when the file cannot be opened, is larger than
** INS_MAX_RULE_FILE_BYTES, or memory runs out.  On failure *ERR (when ERR
** is not NULL) receives a malloc'd message naming the file (left NULL when
** memory ran out) and SRC is left empty.  Free SRC with insSrcFree.
*/
int insSrcLoad(ins_src *src, const char *path, char **err)
{
    memset(src, 0, sizeof *src);
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err) {
            ins_buf m;
            insBufInit(&m);
            insBufPrintf(&m, "%s: %s", path, strerror(errno));
            *err = insBufDetach(&m);
        }
        return -1;
    }
    ins_buf b;
    insBufInit(&b);
    char blk[8192];
    size_t n;
    while ((n = fread(blk, 1, sizeof blk, f)) > 0) {
        if (b.len + n > INS_MAX_RULE_FILE_BYTES) {
            fclose(f);
            insBufFree(&b);
            if (err) {
                ins_buf m;
                insBufInit(&m);
                insBufPrintf(&m, _("%s: larger than %u bytes"), path, INS_MAX_RULE_FILE_BYTES);
                *err = insBufDetach(&m);
            }
            return -1;
        }
        insBufAppend(&b, blk, n);
    }
    fclose(f);
    if (b.oom) { insBufFree(&b); return -1; }
    int rc = insSrcFromBytes(src, path, b.s ? b.s : "", b.len);
    insBufFree(&b);
    return rc;
}

/*
** Makes SRC a copy of the LEN bytes TEXT (a rule file or a query read
** from memory), named PATH in diagnostics, with its line index.  0, or -1
** when memory runs out (SRC is then left empty).  Free SRC with
** insSrcFree.
*/
int insSrcFromBytes(ins_src *src, const char *path, const char *text, size_t len)
{
    memset(src, 0, sizeof *src);
    src->path = insUStrdup(path);
    src->text = malloc(len + 1);
    if (src->text) {
        memcpy(src->text, text, len);
        src->text[len] = '\0';
    }
    src->len = len;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) lines += text[i] == '\n';
    src->line_off = malloc(lines * sizeof *src->line_off);
    if (!src->line_off || !src->path || !src->text) { insSrcFree(src); return -1; }
    src->line_off[0] = 0;
    size_t k = 1;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n') src->line_off[k++] = i + 1;
    src->nlines = lines;
    return 0;
}

/*
** Frees what insSrcLoad allocated in SRC and empties it, so that freeing
** twice is harmless.  SRC itself belongs to the caller.
*/
void insSrcFree(ins_src *src)
{
    free(src->path);
    free(src->text);
    free(src->line_off);
    memset(src, 0, sizeof *src);
}

/*
** insSrcFromBytes for a query typed on one line: line breaks become spaces,
** so the caret of a diagnostic stays under the one line shown.
*/
int insSrcOneLine(ins_src *src, const char *path, const char *text, size_t len)
{
    if (insSrcFromBytes(src, path, text, len) != 0) return -1;
    for (size_t i = 0; i < src->len; i++)
        if (src->text[i] == '\n') src->text[i] = ' ';
    src->nlines = 1;
    return 0;
}

/* ---- diagnostics --------------------------------------------------------------- */

/*
** Frees every diagnostic collected in D and empties it (counts included),
** so D can be reused.
*/
void insDiagsFree(ins_diags *d)
{
    for (size_t i = 0; i < d->n; i++) free(d->v[i].text);
    free(d->v);
    memset(d, 0, sizeof *d);
}

/*
** Records a diagnostic: "FILE:LINE:COL: error: MSG", then the source line
** and a caret with tildes under LEN characters (clipped to the line).
*/
void insDiag(ins_diags *d, int is_error, const ins_src *src, int line, int col, size_t len,
             const char *fmt, ...)
{
    ins_buf b;
    insBufInit(&b);
    if (line > 0)
        insBufPrintf(&b, "%s:%d:%d: %s: ", src && src->path ? src->path : "?", line, col,
                     is_error ? _("error") : _("warning"));
    else
        insBufPrintf(&b, "%s: %s: ", src && src->path ? src->path : "?",
                     is_error ? _("error") : _("warning"));
    va_list ap;
    va_start(ap, fmt);
    insBufVprintf(&b, fmt, ap);
    va_end(ap);
    insBufAppendChar(&b, '\n');
    if (src && src->text && line >= 1 && (size_t)line <= src->nlines) {
        size_t s = src->line_off[line - 1], e = s;
        while (e < src->len && src->text[e] != '\n' && src->text[e] != '\r') e++;
        /* the byte where column COL starts */
        size_t at = s;
        for (int c = 1; at < e && c < col; c++) {
            at++;
            while (at < e && (((unsigned char)src->text[at]) & 0xC0) == 0x80) at++;
        }
        /* a long line is shown as a window of CARET_CONTEXT characters on
           each side of the column, cut on character boundaries */
        size_t ws = at, we = at;
        for (int k = 0; ws > s && k < CARET_CONTEXT; k++) {
            ws--;
            while (ws > s && (((unsigned char)src->text[ws]) & 0xC0) == 0x80) ws--;
        }
        for (int k = 0; we < e && k < CARET_CONTEXT; k++) {
            we++;
            while (we < e && (((unsigned char)src->text[we]) & 0xC0) == 0x80) we++;
        }
        insBufAppendStr(&b, ws > s ? "    ..." : "    ");
        insBufAppend(&b, src->text + ws, we - ws);
        insBufAppendStr(&b, we < e ? "...\n    " : "\n    ");
        if (ws > s) insBufAppendStr(&b, "   ");
        /* caret at column COL (characters), keeping tabs for alignment */
        size_t i = ws;
        while (i < at) {
            unsigned char ch = (unsigned char)src->text[i];
            if ((ch & 0xC0) != 0x80) insBufAppendChar(&b, ch == '\t' ? '\t' : ' ');
            i++;
        }
        insBufAppendChar(&b, '^');
        size_t chars_left = 0;
        for (size_t k = i; k < we; k++)
            if (((unsigned char)src->text[k] & 0xC0) != 0x80) chars_left++;
        size_t tl = len > 1 ? len - 1 : 0;
        if (chars_left > 0 && tl > chars_left - 1) tl = chars_left - 1;
        for (size_t k = 0; k < tl && k < CARET_MAX_TILDES; k++) insBufAppendChar(&b, '~');
        insBufAppendChar(&b, '\n');
    }
    ins_diag_item *v = insUGrow(d->v, &d->cap, d->n + 1, sizeof *v);
    if (!v) { insBufFree(&b); return; }
    d->v = v;
    d->v[d->n].is_error = is_error;
    d->v[d->n].text = insBufDetach(&b);
    d->n++;
    if (is_error) d->errors++; else d->warnings++;
}
