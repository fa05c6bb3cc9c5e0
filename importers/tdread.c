/*
** tdread.c: reads one file of a SUNAT Teledespacho transmission into a
** table of named text cells.
**
** SUNAT publishes each transmission file (ADUAHDR1, ADUADET1, DUAFAC01...)
** as a structure: numbered fields with a name of at most ten characters,
** a type (CARACTER, NUMERICO with size and decimals, FECHA of eight
** digits) and a size.  The names are dBASE field names, and the software
** customs agents use writes the files in more than one shape, so all of
** these are read, and the shape found is kept with the table:
**
**   dbf        a dBASE III / FoxPro table: self-describing, fields by name;
**   header     text whose first line names the fields, cells separated by
**              '|', ';', tab or ',': fields by name, in any order;
**   delimited  text without a header, cells separated by '|' (or ';' or
**              tab) in the published order;
**   fixed      text without delimiters, each field in its published size,
**              in the published order.
**
** Text is UTF-8 when valid, else Windows-1252 (the agents' software runs
** on Windows); a dBASE table's code page byte says 437 or 850 for DOS
** tables.  Blank lines and a final DOS end-of-file byte are skipped;
** deleted dBASE records are skipped and counted.  Every bound is in
** ins_limits.h; past one, the file is refused with the line that broke it.
** Nothing here knows what the fields mean: dam.c does.
*/
#include "importer.h"
#include "tdread.h"

#include <ctype.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* ---- cells ---------------------------------------------------------------- */

/* A conversion to UTF-8 from one charset, opened on first use and kept for
** the file (iconv_open is dear next to one cell). */
typedef struct conv {
    const char *charset; /* "CP1252", "CP850"... */
    iconv_t cd;          /* (iconv_t)-1: not opened, or not available */
    int opened;
} conv;

/* Closes C's conversion, if it was opened. */
static void conv_close(conv *c)
{
    if (c->opened && c->cd != (iconv_t)-1) iconv_close(c->cd);
    c->opened = 0;
}

/* V trimmed (no-break spaces too), or NULL (V freed) when nothing is left:
** a cell is NULL when blank, whatever bytes made it blank. */
static char *blank_null(char *v)
{
    if (!v) return NULL;
    insUTrim(v);
    if (*v) return v;
    free(v);
    return NULL;
}

/*
** Converts [S, S+N) to UTF-8 from C's charset when it is not valid UTF-8
** already, trims it, and returns it malloc'd, or NULL when blank.  *OOM is
** set when memory ran out.  A byte iconv cannot map (CP1252 leaves five
** unassigned) becomes '?', so a value is never lost for one byte; without
** iconv for the charset, the bytes are read as ISO-8859-1.
*/
static char *cell_text(const char *s, size_t n, conv *c, int *oom)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\0')) n--;
    if (!n) return NULL;
    size_t bad = 0;
    char *u = insUUtf8Repair(s, n, &bad);
    if (u && !bad) return blank_null(u);
    free(u);
    if (!c->opened) {
        c->cd = iconv_open("UTF-8", c->charset);
        c->opened = 1;
    }
    if (c->cd == (iconv_t)-1) {
        char *l1 = insUToUtf8(s, n);
        if (!l1) *oom = 1;
        return blank_null(l1);
    }
    iconv(c->cd, NULL, NULL, NULL, NULL); /* the initial state */
    size_t cap = n * 3 + 1;
    char *out = malloc(cap);
    if (!out) { *oom = 1; return NULL; }
    char *in = (char *)s, *o = out;
    size_t inleft = n, outleft = cap - 1;
    while (inleft) {
        if (iconv(c->cd, &in, &inleft, &o, &outleft) != (size_t)-1) break;
        if (!outleft) break;
        *o++ = '?'; /* an unmapped or broken byte */
        outleft--;
        in++;
        inleft--;
    }
    *o = '\0';
    return blank_null(out);
}

/* Appends a row of NCOLS empty cells to T; its cells, or NULL when out of
** memory or past INS_MAX_TD_ROWS (T->toobig). */
static char **row_new(ins_td_table *t, unsigned long line)
{
    if (t->nrows >= INS_MAX_TD_ROWS || (t->nrows + 1) * t->ncols > INS_MAX_TD_CELLS) {
        t->toobig = 1;
        return NULL;
    }
    size_t need = (t->nrows + 1) * t->ncols;
    char **c = insUGrow(t->cell, &t->cell_cap, need, sizeof *c);
    if (!c) return NULL;
    t->cell = c;
    unsigned long *l = insUGrow(t->line, &t->line_cap, t->nrows + 1, sizeof *l);
    if (!l) return NULL;
    t->line = l;
    char **r = t->cell + t->nrows * t->ncols;
    for (size_t i = 0; i < t->ncols; i++) r[i] = NULL;
    t->line[t->nrows++] = line;
    return r;
}

/* Sets the column names of T from the layout or from a header. */
static int set_cols(ins_td_table *t, size_t n)
{
    t->col = calloc(n ? n : 1, sizeof *t->col);
    if (!t->col) return -1;
    t->ncols = n;
    return 0;
}

/*
** Upper-cased copy of the N bytes at S, blanks and quotes trimmed, as a
** field name: only ASCII letters, digits and '_' are kept (a name is a
** dBASE field name; anything else would only hide in messages), and a name
** left empty becomes COL_I (I the field's 1-based position), so that every
** field of a file has a name to be kept under.
*/
static char *name_dup(const char *s, size_t n, size_t i)
{
    while (n && (*s == ' ' || *s == '"' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == '\t' || s[n - 1] == '\0')) n--;
    if (n > 32) n = 32;
    char buf[40];
    size_t k = 0;
    for (size_t j = 0; j < n; j++) {
        unsigned char c = (unsigned char)s[j];
        if (isalnum(c) || c == '_') buf[k++] = (char)toupper(c);
    }
    if (!k) {
        int w = snprintf(buf, sizeof buf, "COL_%zu", i + 1);
        k = w > 0 ? (size_t)w : 0;
    }
    buf[k] = '\0';
    return insUStrdup(buf);
}

/* ---- dBASE ---------------------------------------------------------------- */

/* Little-endian 16- and 32-bit integers of a dBASE header. */
static unsigned le16(const unsigned char *p) { return p[0] | (unsigned)p[1] << 8; }
static unsigned long le32(const unsigned char *p)
{
    return p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

/* The charset of a dBASE language driver byte (the DOS code pages agents'
** older software wrote; anything else is read as Windows-1252). */
static const char *dbf_charset(unsigned char ldid)
{
    switch (ldid) {
    case 0x01: return "CP437";
    case 0x02: case 0x64: return "CP850";
    default: return "CP1252";
    }
}

/*
** 1 when the N bytes at P begin like a dBASE table: a known version byte,
** a plausible date of last update, a header that holds at least one field
** descriptor and ends with 0x0D, and records the size of their fields.
*/
int insTdIsDbf(const unsigned char *p, size_t n)
{
    if (n < 65) return 0;
    unsigned char v = p[0];
    if (v != 0x03 && v != 0x04 && v != 0x05 && v != 0x83 && v != 0x8B && v != 0x30 && v != 0x31 &&
        v != 0xF5)
        return 0;
    if (p[2] < 1 || p[2] > 12 || p[3] < 1 || p[3] > 31) return 0;
    unsigned hdr = le16(p + 8), rec = le16(p + 10);
    if (hdr < 65 || rec < 2 || hdr > n) return 0;
    size_t sum = 1, k = 32;
    for (; k + 32 <= hdr && p[k] != 0x0D; k += 32) {
        size_t len = p[k + 16];
        if (p[k + 11] == 'C') len += (size_t)p[k + 17] << 8; /* FoxPro: long character fields */
        if (!len) return 0; /* a field of no bytes */
        sum += len;
    }
    return k < hdr && p[k] == 0x0D && k > 32 && sum == rec;
}

/* Reads the dBASE table [P, P+N) into T.  0, or -1 with WHY set. */
static int read_dbf(const unsigned char *p, size_t n, ins_td_table *t, ins_buf *why)
{
    unsigned long count = le32(p + 4);
    unsigned hdr = le16(p + 8), rec = le16(p + 10);
    conv cv = {dbf_charset(p[29]), (iconv_t)-1, 0};
    size_t nf = 0;
    for (size_t k = 32; k + 32 <= hdr && p[k] != 0x0D; k += 32) nf++;
    if (nf > INS_MAX_TD_FIELDS) {
        insBufPrintf(why, _("dBASE table of %zu fields (at most %u)"), nf, INS_MAX_TD_FIELDS);
        return -1;
    }
    if (set_cols(t, nf)) return -1;
    size_t *off = calloc(nf ? nf : 1, sizeof *off), *len = calloc(nf ? nf : 1, sizeof *len);
    char *type = calloc(nf ? nf : 1, 1);
    int rc = -1;
    if (!off || !len || !type) goto done;
    size_t at = 1;
    for (size_t i = 0; i < nf; i++) {
        const unsigned char *d = p + 32 + 32 * i;
        size_t nl = 0;
        while (nl < 11 && d[nl]) nl++;
        if (!(t->col[i] = name_dup((const char *)d, nl, i))) goto done;
        type[i] = (char)d[11];
        off[i] = at;
        len[i] = d[16];
        if (type[i] == 'C' && d[17]) len[i] += (size_t)d[17] << 8; /* FoxPro: long character fields */
        at += len[i];
    }
    if (at != rec) {
        insBufPrintf(why, _("dBASE fields take %zu bytes but records are %u"), at, rec);
        goto done;
    }
    if ((uint64_t)hdr + (uint64_t)count * rec > n) {
        insBufPrintf(why, _("dBASE table announces %lu records but the file ends after %lu"), count,
                     (unsigned long)((n - hdr) / rec));
        goto done;
    }
    int oom = 0;
    for (unsigned long r = 0; r < count && !oom; r++) {
        const unsigned char *q = p + hdr + (size_t)r * rec;
        if (q[0] == '*') { t->deleted++; continue; }
        char **row = row_new(t, r + 1);
        if (!row) {
            if (t->toobig)
                insBufPrintf(why, _("more than %u records or %u cells"), INS_MAX_TD_ROWS, INS_MAX_TD_CELLS);
            goto done;
        }
        for (size_t i = 0; i < nf; i++) {
            const char *s = (const char *)q + off[i];
            if (type[i] == 'I' && len[i] == 4) {
                char num[16];
                long v = (long)(int32_t)le32((const unsigned char *)s);
                snprintf(num, sizeof num, "%ld", v);
                row[i] = insUStrdup(num);
                if (!row[i]) oom = 1;
            } else if (type[i] == 'C' || type[i] == 'N' || type[i] == 'F' || type[i] == 'D' ||
                       type[i] == 'L') {
                row[i] = cell_text(s, len[i], &cv, &oom);
            } else {
                t->unread_cells++; /* memo, binary, currency: no text to read */
            }
        }
    }
    if (oom) goto done;
    t->form = "dbf";
    rc = 0;
done:
    conv_close(&cv);
    free(off);
    free(len);
    free(type);
    return rc;
}

/* ---- text ----------------------------------------------------------------- */

/* A line of the text: [s, s+n), its number. */
typedef struct line_ref {
    const char *s;
    size_t n;
    unsigned long no;
} line_ref;

/*
** Splits LINE at DELIM into at most MAX cells (CELLS[i], LENS[i]); a cell
** quoted with '"' keeps its delimiters (',' and ';' files from
** spreadsheets quote; '|' files never do).  Returns the number of cells,
** MAX + 1 when there are more.
*/
static size_t split(const char *s, size_t n, char delim, const char **cells, size_t *lens, size_t max)
{
    size_t k = 0, i = 0;
    for (;;) {
        if (k == max) return max + 1;
        size_t start = i;
        int quoted = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t') && s[i] != delim) i++;
        if (i < n && s[i] == '"' && delim != '|') {
            quoted = 1;
            i++;
            while (i < n && !(s[i] == '"' && (i + 1 >= n || s[i + 1] != '"'))) i += s[i] == '"' ? 2 : 1;
            if (i < n) i++;
        }
        while (i < n && s[i] != delim) i++;
        cells[k] = s + start;
        lens[k] = i - start;
        (void)quoted;
        k++;
        if (i >= n) return k;
        i++; /* the delimiter */
    }
}

/* A cell's text: a quoted cell loses its quotes and "" becomes ". */
static char *cell_of(const char *s, size_t n, conv *c, int *oom)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        char *t = malloc(n);
        if (!t) { *oom = 1; return NULL; }
        size_t o = 0;
        for (size_t i = 1; i + 1 < n; i++) {
            t[o++] = s[i];
            if (s[i] == '"' && i + 2 < n && s[i + 1] == '"') i++;
        }
        char *v = cell_text(t, o, c, oom);
        free(t);
        return v;
    }
    return cell_text(s, n, c, oom);
}

/* The delimiter of a text line: the most frequent of '|', ';', tab and ','
** ('|' first on a tie: SUNAT's own text files use it), or 0. */
static char guess_delim(const char *s, size_t n)
{
    static const char cand[] = {'|', ';', '\t', ','};
    size_t best = 0;
    char d = 0;
    for (size_t c = 0; c < sizeof cand; c++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) k += s[i] == cand[c];
        if (k > best) { best = k; d = cand[c]; }
    }
    return d;
}

/* The index of field NAME in LAY, or -1. */
static int layout_index(const ins_td_layout *lay, const char *name)
{
    for (size_t i = 0; lay && i < lay->n; i++)
        if (!strcmp(lay->f[i].name, name)) return (int)i;
    return -1;
}

/* The published fixed width of LAY: the sum of its fields' sizes. */
static size_t layout_width(const ins_td_layout *lay)
{
    size_t w = 0;
    for (size_t i = 0; i < lay->n; i++) w += lay->f[i].size;
    return w;
}

/*
** Reads text lines L[0..NL) into T.  The first line is a header when at
** least two of its cells name fields of LAY (or, with no layout, when it
** looks like names); otherwise lines are cells in LAY's order, delimited
** when the first line has a delimiter, else in LAY's fixed sizes.
*/
static int read_text(const line_ref *l, size_t nl, const ins_td_layout *lay, ins_td_table *t,
                     ins_buf *why)
{
    const char **cells = malloc((INS_MAX_TD_FIELDS + 1) * sizeof *cells);
    size_t *lens = malloc((INS_MAX_TD_FIELDS + 1) * sizeof *lens);
    int rc = -1, oom = 0;
    conv cv = {"CP1252", (iconv_t)-1, 0};
    if (!cells || !lens) goto done;
    char delim = nl ? guess_delim(l[0].s, l[0].n) : '|';
    size_t first = 0;
    int by_name = 0;
    if (nl && delim) {
        size_t k = split(l[0].s, l[0].n, delim, cells, lens, INS_MAX_TD_FIELDS);
        size_t named = 0;
        for (size_t i = 0; i < k && i < INS_MAX_TD_FIELDS; i++) {
            char *nm = name_dup(cells[i], lens[i], i);
            if (!nm) goto done;
            named += layout_index(lay, nm) >= 0;
            free(nm);
        }
        if (named >= 2 || (lay && lay->n < 2 && named == lay->n)) {
            if (k > INS_MAX_TD_FIELDS) {
                insBufPrintf(why, _("line %lu: more than %u fields"), l[0].no, INS_MAX_TD_FIELDS);
                goto done;
            }
            if (k && lens[k - 1] == 0) k--; /* a trailing delimiter */
            if (set_cols(t, k)) goto done;
            for (size_t i = 0; i < k; i++)
                if (!(t->col[i] = name_dup(cells[i], lens[i], i))) goto done;
            by_name = 1;
            first = 1;
            t->form = "header";
        }
    }
    if (!by_name && nl && delim && lay) {
        /* delimiters also occur inside the names and addresses of a
         * fixed-width record: '|' and tab make cells when the first line
         * has at least three (a trailing delimiter not counted); ',' and
         * ';' only in the very number the structure has */
        size_t k = split(l[0].s, l[0].n, delim, cells, lens, INS_MAX_TD_FIELDS);
        if (k > 1 && lens[k - 1] == 0) k--;
        int ok = delim == '|' || delim == '\t' ? k >= 3 : k == lay->n;
        if (!ok) delim = 0;
    }
    if (!by_name) {
        if (!lay) {
            insBufAppendStr(why, _("no header line naming the structure's fields"));
            goto done;
        }
        if (set_cols(t, lay->n)) goto done;
        for (size_t i = 0; i < lay->n; i++)
            if (!(t->col[i] = insUStrdup(lay->f[i].name))) goto done;
        t->form = delim ? "delimited" : "fixed";
    }
    size_t width = lay ? layout_width(lay) : 0;
    for (size_t r = first; r < nl; r++) {
        char **row = row_new(t, l[r].no);
        if (!row) {
            if (t->toobig)
                insBufPrintf(why, _("more than %u records or %u cells"), INS_MAX_TD_ROWS, INS_MAX_TD_CELLS);
            goto done;
        }
        if (!strcmp(t->form, "fixed")) {
            /* sizes count characters: bytes in a single-byte charset,
             * characters when the line is UTF-8 */
            size_t bad = 0;
            char *probe = insUUtf8Repair(l[r].s, l[r].n, &bad);
            if (!probe) { oom = 1; goto done; }
            free(probe);
            int utf8 = !bad;
            size_t at = 0;
            for (size_t i = 0; i < lay->n && at < l[r].n; i++) {
                size_t w = 0;
                for (size_t c = 0; c < lay->f[i].size && at + w < l[r].n; c++) {
                    w++;
                    while (utf8 && at + w < l[r].n && ((unsigned char)l[r].s[at + w] & 0xC0) == 0x80) w++;
                }
                row[i] = cell_text(l[r].s + at, w, &cv, &oom);
                at += w;
            }
            if (at < l[r].n) {
                insBufPrintf(why, _("line %lu: longer than the %zu characters of the published fixed-width "
                                    "structure %s"),
                             l[r].no, width, lay->name);
                goto done;
            }
        } else {
            size_t k = split(l[r].s, l[r].n, delim, cells, lens, t->ncols + 1);
            if (k == t->ncols + 1 && lens[t->ncols] == 0) k--; /* a trailing delimiter */
            if (k > t->ncols) {
                insBufPrintf(why, _("line %lu: more than the %zu fields of %s"), l[r].no, t->ncols,
                             by_name ? _("its header") : lay->name);
                goto done;
            }
            for (size_t i = 0; i < k && !oom; i++) row[i] = cell_of(cells[i], lens[i], &cv, &oom);
        }
        if (oom) goto done;
    }
    rc = 0;
done:
    conv_close(&cv);
    free(cells);
    free(lens);
    return rc;
}

/* A column for sorting by name: its name and index (no global state: the
** importer may run on several threads). */
typedef struct col_ref {
    const char *name;
    int i;
} col_ref;

/* qsort order of columns: by name, then position. */
static int cmp_col(const void *a, const void *b)
{
    const col_ref *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : x->i - y->i;
}

/* Sorts T's columns by name into T->byname, for insTdColumn. */
static int index_cols(ins_td_table *t)
{
    t->byname = malloc((t->ncols ? t->ncols : 1) * sizeof *t->byname);
    col_ref *r = malloc((t->ncols ? t->ncols : 1) * sizeof *r);
    if (!t->byname || !r) {
        free(r);
        return -1;
    }
    for (size_t i = 0; i < t->ncols; i++) {
        r[i].name = t->col[i];
        r[i].i = (int)i;
    }
    qsort(r, t->ncols, sizeof *r, cmp_col);
    for (size_t i = 0; i < t->ncols; i++) t->byname[i] = r[i].i;
    free(r);
    return 0;
}

/*
** Reads the transmission file [S, S+N) into T (see the top of the file):
** a dBASE table, or text with or without a header.  LAY is the published
** structure of the file (needed for text without a header).  Returns
** INS_OK, INS_ERR_NOMEM, or INS_ERR_FORMAT / INS_ERR_TOOBIG with a
** one-line reason in WHY.  T is freed by insTdFree in every case.
*/
int insTdRead(const unsigned char *s, size_t n, const ins_td_layout *lay, ins_td_table *t, ins_buf *why)
{
    memset(t, 0, sizeof *t);
    t->layout = lay;
    if (insTdIsDbf(s, n)) {
        if (read_dbf(s, n, t, why) == 0) return index_cols(t) ? INS_ERR_NOMEM : INS_OK;
        return why->len ? (t->toobig ? INS_ERR_TOOBIG : INS_ERR_FORMAT) : INS_ERR_NOMEM;
    }
    size_t i = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) i = 3;
    line_ref *l = NULL;
    size_t nl = 0, cap = 0;
    unsigned long no = 0;
    int rc = INS_OK;
    while (i < n) {
        size_t e = i;
        while (e < n && s[e] != '\n' && s[e] != '\r') e++;
        no++;
        size_t len = e - i;
        if (len > INS_MAX_TD_LINE_BYTES) {
            insBufPrintf(why, _("line %lu is longer than %u bytes"), no, INS_MAX_TD_LINE_BYTES);
            rc = INS_ERR_TOOBIG;
            break;
        }
        if (memchr(s + i, '\0', len)) {
            insBufPrintf(why, _("line %lu holds a NUL byte: not a text file"), no);
            rc = INS_ERR_FORMAT;
            break;
        }
        int blank = 1;
        for (size_t k = i; k < e && blank; k++)
            blank = s[k] == ' ' || s[k] == '\t' || s[k] == 0x1A;
        if (!blank) {
            if (nl >= INS_MAX_TD_ROWS + 1) {
                insBufPrintf(why, _("more than %u records"), INS_MAX_TD_ROWS);
                rc = INS_ERR_TOOBIG;
                break;
            }
            line_ref *g = insUGrow(l, &cap, nl + 1, sizeof *l);
            if (!g) { rc = INS_ERR_NOMEM; break; }
            l = g;
            l[nl].s = (const char *)s + i;
            l[nl].n = len;
            l[nl].no = no;
            nl++;
        }
        if (e < n && s[e] == '\r' && e + 1 < n && s[e + 1] == '\n') e++;
        i = e + 1;
    }
    if (rc == INS_OK && read_text(l, nl, lay, t, why) != 0)
        rc = why->len ? (t->toobig ? INS_ERR_TOOBIG : INS_ERR_FORMAT) : INS_ERR_NOMEM;
    if (rc == INS_OK && index_cols(t)) rc = INS_ERR_NOMEM;
    free(l);
    return rc;
}

/* The column of T named NAME (upper case), or -1: the first of that name
** (a binary search, as the importer asks it for every cell it reads). */
int insTdColumn(const ins_td_table *t, const char *name)
{
    size_t lo = 0, hi = t->byname ? t->ncols : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(t->col[t->byname[mid]], name) < 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo < (t->byname ? t->ncols : 0) && !strcmp(t->col[t->byname[lo]], name)) return t->byname[lo];
    return -1;
}

/* The cell of ROW in column COL (-1: none), NULL when blank. */
const char *insTdCell(const ins_td_table *t, size_t row, int col)
{
    if (col < 0 || (size_t)col >= t->ncols || row >= t->nrows) return NULL;
    return t->cell[row * t->ncols + (size_t)col];
}

/* Frees T's cells and names. */
void insTdFree(ins_td_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++) free(t->cell[i]);
    for (size_t i = 0; i < t->ncols; i++) free(t->col ? t->col[i] : NULL);
    free(t->cell);
    free(t->col);
    free(t->line);
    free(t->byname);
    memset(t, 0, sizeof *t);
}
