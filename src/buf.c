/*
** buf.c: the dynamic string buffer used wherever text is built.
*/
#include "ins_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void insBufInit(ins_buf *b) { memset(b, 0, sizeof *b); }

void insBufFree(ins_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

void insBufReset(ins_buf *b)
{
    b->len = 0;
    if (b->s) b->s[0] = '\0';
}

/*
** Makes room for EXTRA more bytes plus the terminating NUL.  Growth doubles
** so appends are amortised O(1).  Returns 0 on success.
*/
static int buf_reserve(ins_buf *b, size_t extra)
{
    if (b->oom) return -1;
    if (extra > SIZE_MAX / 2 - b->len - 1) { b->oom = 1; return -1; }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p) { b->oom = 1; return -1; }
    b->s = p;
    b->cap = cap;
    return 0;
}

int insBufAppend(ins_buf *b, const char *s, size_t len)
{
    if (buf_reserve(b, len)) return -1;
    if (len) memcpy(b->s + b->len, s, len);
    b->len += len;
    b->s[b->len] = '\0';
    return 0;
}

int insBufAppendStr(ins_buf *b, const char *s)
{
    return insBufAppend(b, s ? s : "", s ? strlen(s) : 0);
}

int insBufAppendChar(ins_buf *b, char c) { return insBufAppend(b, &c, 1); }

int insBufVprintf(ins_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || buf_reserve(b, (size_t)n)) return -1;
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int insBufPrintf(ins_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = insBufVprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *insBufStr(const ins_buf *b) { return b->s ? b->s : ""; }

char *insBufDetach(ins_buf *b)
{
    char *s = b->s;
    if (!s) s = insUStrdup("");
    memset(b, 0, sizeof *b);
    return s;
}
