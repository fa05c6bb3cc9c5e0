/*
** escape.c: text escaped for the medium it is written into.  Every JSON
** string, HTML text node or attribute and CSV cell that inspector writes
** goes through one of these, so a name or an evidence line taken from an
** untrusted file cannot break out of its cell, its tag or its string.
** They append to an ins_buf; the result writers (result_write.c), the
** explanations (explain.c) and the HTML report (report_html.c) share them.
*/
#include "ins_internal.h"

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
** one point (a negative amount is data, not a formula). */
static int csv_is_number(const char *s)
{
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
    int formula = strchr("=+-@\t\r", *s) && *s && !csv_is_number(s);
    if (!formula && !strpbrk(s, ",\"\n\r")) { insBufAppendStr(b, s); return; }
    insBufAppendChar(b, '"');
    if (formula) insBufAppendChar(b, '\'');
    for (; *s; s++) {
        if (*s == '"') insBufAppendChar(b, '"');
        insBufAppendChar(b, *s);
    }
    insBufAppendChar(b, '"');
}
