/*
** escape.c: text escaped for the medium it is written into.  Every JSON
** string, HTML text node or attribute and CSV cell that inspector writes
** goes through one of these, so a name or an evidence line taken from an
** untrusted file cannot break out of its cell, its tag or its string.
** They append to an ins_buf; the result writers (result_write.c), the
** explanations (explain.c) and the HTML report (report_html.c) share them.
*/
#include "ins_internal.h"

#include <stdio.h>
#include <string.h>

/*
** Appends S as a JSON string, quotes included (NULL as "").  Quote and
** backslash are escaped, the common controls get their short escapes and
** every other byte under 0x20 a \u escape; bytes from 0x80 up pass as
** they are (the text is UTF-8 already).
*/
void insBufJsonString(ins_buf *b, const char *s)
{
    insBufAppendChar(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"': insBufAppendStr(b, "\\\""); break;
        case '\\': insBufAppendStr(b, "\\\\"); break;
        case '\n': insBufAppendStr(b, "\\n"); break;
        case '\r': insBufAppendStr(b, "\\r"); break;
        case '\t': insBufAppendStr(b, "\\t"); break;
        default:
            if (*p < 0x20) insBufPrintf(b, "\\u%04x", *p);
            else insBufAppendChar(b, (char)*p);
        }
    }
    insBufAppendChar(b, '"');
}

/*
** Appends S (NULL as nothing) with HTML's special characters replaced by
** entities.  The double quote is escaped too, so the same text is safe in
** a quoted attribute value.
*/
void insBufHtml(ins_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': insBufAppendStr(b, "&lt;"); break;
        case '>': insBufAppendStr(b, "&gt;"); break;
        case '&': insBufAppendStr(b, "&amp;"); break;
        case '"': insBufAppendStr(b, "&quot;"); break;
        default: insBufAppendChar(b, *s);
        }
    }
}

/* 1 when S is wholly a decimal number: an optional sign, digits, at most
** one point.  A negative amount is data, not a formula, in CSV; a number
** is right-aligned in HTML tables.  NULL is not a number. */
int insTextIsNumber(const char *s)
{
    if (!s) return 0;
    if (*s == '-' || *s == '+') s++;
    int digits = 0, point = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') digits++;
        else if (*s == '.' && !point) point = 1;
        else return 0;
    }
    return digits > 0;
}

/*
** Writes the N bytes of P to F with every control character (C0, the line
** break too unless KEEP_LINES, DEL, and C1 in its UTF-8 form) shown as
** '?': a value from outside (a firm name with an escape sequence, an
** archive member named with a newline) can then neither drive the
** reader's terminal nor forge a line of a table or a log.
*/
void ins_put_for_terminal(FILE *f, const char *p, size_t n, int keep_lines)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t i = 0, from = 0;
    while (i < n) {
        size_t bad = 0;
        if ((u[i] < 0x20 && !(keep_lines && u[i] == '\n')) || u[i] == 0x7F) bad = 1;
        else if (u[i] == 0xC2 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) bad = 2;
        if (!bad) { i++; continue; }
        fwrite(p + from, 1, i - from, f);
        fputc('?', f);
        i += bad;
        from = i;
    }
    fwrite(p + from, 1, n - from, f);
}

/*
** Appends S (NULL as an empty cell) as one RFC 4180 CSV cell: quoted, with
** inner quotes doubled, only when it holds a comma, a quote or a line
** break, or starts like a formula (then neutralised, below).
*/
void insBufCsvCell(ins_buf *b, const char *s)
{
    if (!s) return;
    /* A cell a spreadsheet would read as a formula (=, +, -, @, a tab or a
       carriage return first: "=HYPERLINK(...)") is neutralised as OWASP
       recommends, with a leading apostrophe inside quotes; a cell that is
       wholly a number ("-12.5") stays as it is. */
    int formula = strchr("=+-@\t\r", *s) && *s && !insTextIsNumber(s);
    if (!formula && !strpbrk(s, ",\"\n\r")) { insBufAppendStr(b, s); return; }
    insBufAppendChar(b, '"');
    if (formula) insBufAppendChar(b, '\'');
    for (; *s; s++) {
        if (*s == '"') insBufAppendChar(b, '"');
        insBufAppendChar(b, *s);
    }
    insBufAppendChar(b, '"');
}
