/*
** result_write.c: the output writers, one per format, for any ins_result:
** table (within a width), csv (RFC 4180), json, geojson (RFC 7946, for
** maps), and html (one self-contained printable file, no external assets).  They live in the
** library, beside the results they write, so that every program and every
** report escapes text the same way (escape.c).
*/
#include "ins_internal.h"

#include <stdlib.h>
#include <string.h>

/*
** Writes S escaped by ESCAPE (one of escape.c's appenders) to F, through
** the scratch buffer TMP, which the writer of one result reuses.
*/
static void put_escaped(FILE *f, ins_buf *tmp, void (*escape)(ins_buf *, const char *), const char *s)
{
    insBufReset(tmp);
    escape(tmp, s);
    fwrite(insBufStr(tmp), 1, tmp->len, f);
}

/* Characters (UTF-8 code points) in S. */
static size_t u8len(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Writes at most MAX characters of S, padding to WIDTH when PAD. */
static void put_cut(FILE *f, const char *s, size_t max, int pad)
{
    size_t n = 0;
    const char *p = s ? s : "";
    const char *end = p;
    while (*end && n < max) {
        end++;
        while (*end && ((unsigned char)*end & 0xC0) == 0x80) end++;
        n++;
    }
    int cut = *end != '\0';
    if (cut && max > 0) {
        /* leave room for an ellipsis */
        end = p;
        n = 0;
        while (*end && n + 1 < max) {
            end++;
            while (*end && ((unsigned char)*end & 0xC0) == 0x80) end++;
            n++;
        }
    }
    ins_put_for_terminal(f, p, (size_t)(end - p), 0);
    if (cut && max > 0) { fputs("…", f); n++; }
    if (pad) for (; n < max; n++) fputc(' ', f);
}

/* Writes "LABEL: TEXT" wrapped at WIDTH with INDENT for continuation lines. */
static void put_wrapped(FILE *f, const char *label, const char *text, size_t indent, size_t width)
{
    if (!text || !*text) return;
    for (size_t i = 0; i < indent; i++) fputc(' ', f);
    fputs(label, f);
    size_t col = indent + u8len(label);
    const char *p = text;
    while (*p) {
        const char *w = p;
        while (*w == ' ') w++;
        const char *e = w;
        while (*e && *e != ' ') e++;
        size_t wl = 0;
        for (const char *q = w; q < e; q++) wl += ((unsigned char)*q & 0xC0) != 0x80;
        if (col + 1 + wl > width && col > indent + u8len(label)) {
            fputc('\n', f);
            for (size_t i = 0; i < indent + 2; i++) fputc(' ', f);
            col = indent + 2;
        } else if (p != text) {
            fputc(' ', f);
            col++;
        }
        ins_put_for_terminal(f, w, (size_t)(e - w), 0);
        col += wl;
        p = e;
    }
    fputc('\n', f);
}

/* The cell of ROW under column COL, "" when absent or NULL. */
static const char *cell(const ins_result *r, size_t row, const char *col)
{
    const char *v = ins_result_cell(r, row, col);
    return v ? v : "";
}

/* Appends where labour row I of R is: "district, province, department (ubigeo)". */
static void put_place(ins_buf *b, const ins_result *r, size_t i)
{
    insBufPrintf(b, "%s, %s, %s (%s)", cell(r, i, "district"), cell(r, i, "province"),
                 cell(r, i, "department"), cell(r, i, "ubigeo"));
}

/*
** Cards for worklists (LABOR: one per establishment, else one per carrier,
** vehicle or route): one block per row, every line within 80 columns.
*/
static void write_cards(FILE *f, const ins_result *r, int labor)
{
    for (size_t i = 0; i < r->nrows; i++) {
        fputs("\n", f);
        int control = !strcmp(cell(r, i, "control"), "1");
        fprintf(f, "%3s ", cell(r, i, "rank"));
        if (labor) {
            put_cut(f, cell(r, i, "tax_id"), 11, 1);
            fputc(' ', f);
            put_cut(f, cell(r, i, "name"), 48, 1);
        } else {
            put_cut(f, cell(r, i, "kind"), 7, 1);
            fputc(' ', f);
            put_cut(f, cell(r, i, "subject"), 52, 1);
        }
        fprintf(f, " %5.5s%s\n", cell(r, i, "score"), control ? " C" : "");
        if (labor) {
            fputs("    ", f);
            ins_buf place;
            insBufInit(&place);
            put_place(&place, r, i);
            put_cut(f, insBufStr(&place), 50, 1);
            insBufFree(&place);
            fprintf(f, " %s %.5s %s %.5s\n", D_("own"), cell(r, i, "own"), D_("chain"), cell(r, i, "chain"));
            put_wrapped(f, D_("Establishment: "), cell(r, i, "establishment"), 4, 80);
        } else if (*cell(r, i, "name")) {
            put_wrapped(f, "", cell(r, i, "name"), 4, 80);
        }
        if (control) put_wrapped(f, "", D_("CONTROL SAMPLE: drawn at random to measure the hit rate"), 4, 80);
        put_wrapped(f, D_("Reasons: "), cell(r, i, "reasons"), 4, 80);
        put_wrapped(f, D_("Hypothesis: "), cell(r, i, "hypothesis"), 4, 80);
        put_wrapped(f, D_("Check: "), cell(r, i, "guidance"), 4, 80);
        put_wrapped(f, D_("Shippers: "), cell(r, i, "shippers"), 4, 80);
        put_wrapped(f, D_("Control point: "), cell(r, i, "control_point"), 4, 80);
        put_wrapped(f, D_("Evidence: "), cell(r, i, "evidence"), 4, 80);
        put_wrapped(f, D_("Export: "), cell(r, i, "cross_border"), 4, 80);
        put_wrapped(f, D_("Rules: "), cell(r, i, "rule_versions"), 4, 80);
    }
    if (!r->nrows) fprintf(f, "%s\n", D_("(no rows)"));
}

/* Writes S cut to MAX characters (with an ellipsis) and padded to WIDTH. */
static void put_cell(FILE *f, const char *s, size_t width, size_t max)
{
    const char *p = s ? s : "";
    size_t n = u8len(p);
    if (n > max) {
        size_t k = 0;
        const char *e = p;
        while (*e && k + 1 < max) {
            e++;
            while (*e && ((unsigned char)*e & 0xC0) == 0x80) e++;
            k++;
        }
        ins_put_for_terminal(f, p, (size_t)(e - p), 0);
        fputs("…", f);
        n = k + 1;
    } else {
        ins_put_for_terminal(f, p, strlen(p), 0);
    }
    for (; n < width; n++) fputc(' ', f);
}

/* A column of free text (names, reasons) is never narrower than this when cut. */
#define GRID_TEXT_MIN 8

/*
** Column widths of a grid of R within WIDTH characters (0: unlimited), into
** W.  A column is as wide as its widest cell or its heading.  When that is
** too wide, identifiers are never cut: a column whose cells are single
** words (tax ids, plates, dates, numbers, codes) keeps its width, and the
** columns of free text (any cell with a space: names, reasons) share what
** is left, the narrowest first, none under GRID_TEXT_MIN (so a table of
** many identifiers may stay wider than WIDTH).  Columns are separated by
** one space.
*/
static void grid_widths(const ins_result *r, size_t width, size_t *w)
{
    size_t total = 0, fixed = 0, ntext = 0;
    unsigned char *text = calloc(r->ncols ? r->ncols : 1, 1);
    for (size_t c = 0; c < r->ncols; c++) {
        w[c] = u8len(r->cols[c]);
        for (size_t i = 0; i < r->nrows; i++) {
            const char *v = r->cells[i * r->ncols + c];
            size_t n = u8len(v);
            if (n > w[c]) w[c] = n;
            if (text && v && strchr(v, ' ')) text[c] = 1;
        }
        total += w[c] + (c ? 1 : 0);
        if (text && text[c]) ntext++;
        else fixed += w[c] + (c ? 1 : 0);
    }
    if (!text || width == 0 || total <= width || ntext == 0) { free(text); return; }
    /* the separators before text columns stay too */
    size_t seps = 0;
    for (size_t c = 0; c < r->ncols; c++) if (text[c] && c) seps++;
    size_t left = width > fixed + seps ? width - fixed - seps : 0;
    /* water-filling: the narrowest text column first, each its fair share */
    for (size_t k = ntext; k > 0; k--) {
        size_t best = r->ncols;
        for (size_t c = 0; c < r->ncols; c++)
            if (text[c] == 1 && (best == r->ncols || w[c] < w[best])) best = c;
        size_t share = left / k, floor = w[best] < GRID_TEXT_MIN ? w[best] : GRID_TEXT_MIN;
        if (share < floor) share = floor;
        if (w[best] > share) w[best] = share;
        left = left > w[best] ? left - w[best] : 0;
        text[best] = 2; /* placed */
    }
    free(text);
}

/*
** A grid within WIDTH characters (0: unlimited; see grid_widths), every
** cell escaped for a terminal, a cut one ending in an ellipsis.
*/
static void write_grid(FILE *f, const ins_result *r, size_t width)
{
    size_t *w = calloc(r->ncols ? r->ncols : 1, sizeof *w);
    if (!w) return;
    grid_widths(r, width, w);
    for (size_t c = 0; c < r->ncols; c++) {
        if (c) fputc(' ', f);
        put_cell(f, r->cols[c], c + 1 < r->ncols ? w[c] : 0, w[c]);
    }
    fputc('\n', f);
    for (size_t i = 0; i < r->nrows; i++) {
        for (size_t c = 0; c < r->ncols; c++) {
            if (c) fputc(' ', f);
            put_cell(f, r->cells[i * r->ncols + c], c + 1 < r->ncols ? w[c] : 0, w[c]);
        }
        fputc('\n', f);
    }
    free(w);
}

/*
** A grid whose columns are as wide as their widest cell (free text cut at
** 40 characters, identifiers never), indented by two, with its title and note above and a blank
** line after: one section of an evaluation among others.
*/
static void write_fitted(FILE *f, const ins_result *r)
{
    enum { MAXW = 40 };
    fprintf(f, "%s\n", r->title);
    if (r->note && *r->note) fprintf(f, "  %s\n", r->note);
    size_t *w = calloc(r->ncols ? r->ncols : 1, sizeof *w);
    if (!w) return;
    /* a column of single words (identifiers, numbers) is never cut */
    size_t *cap = calloc(r->ncols ? r->ncols : 1, sizeof *cap);
    if (!cap) { free(w); return; }
    for (size_t c = 0; c < r->ncols; c++) {
        w[c] = u8len(r->cols[c]);
        cap[c] = (size_t)-1;
        for (size_t i = 0; i < r->nrows; i++) {
            const char *v = r->cells[i * r->ncols + c];
            size_t n = u8len(v);
            if (n > w[c]) w[c] = n;
            if (v && strchr(v, ' ')) cap[c] = MAXW;
        }
        if (w[c] > cap[c]) w[c] = cap[c];
    }
    fputs("  ", f);
    for (size_t c = 0; c < r->ncols; c++) put_cell(f, r->cols[c], c + 1 < r->ncols ? w[c] + 1 : 0, cap[c]);
    fputc('\n', f);
    for (size_t i = 0; i < r->nrows; i++) {
        fputs("  ", f);
        for (size_t c = 0; c < r->ncols; c++)
            put_cell(f, r->cells[i * r->ncols + c], c + 1 < r->ncols ? w[c] + 1 : 0, cap[c]);
        fputc('\n', f);
    }
    free(cap);
    if (!r->nrows) fprintf(f, "  %s\n", _("(no rows)"));
    fputc('\n', f);
    free(w);
}

/*
** The case register: one line per inspection with the columns that fit
** (each cut at 24 characters), under short headings, then the count.
*/
static void write_register(FILE *f, const ins_result *r)
{
    static const char *const cols[] = {"inspection_id", "date", "tax_id", "department", "outcome",
                                       "worklist_id", "worklist_rank", "workers_affected", "minors"};
    static const char *const heads[] = {"inspection", "date", "RUC", "department", "outcome", "list",
                                        "rank", "workers", "minors"};
    size_t w[INS_ARRAY_LEN(cols)];
    for (size_t c = 0; c < INS_ARRAY_LEN(cols); c++) {
        w[c] = strlen(heads[c]);
        for (size_t i = 0; i < r->nrows; i++) {
            size_t n = u8len(ins_result_cell(r, i, cols[c]));
            if (n > w[c]) w[c] = n > 24 ? 24 : n;
        }
    }
    fprintf(f, "%s\n", r->title);
    for (size_t c = 0; c < INS_ARRAY_LEN(cols); c++) fprintf(f, "%-*s ", (int)w[c], heads[c]);
    fputc('\n', f);
    for (size_t i = 0; i < r->nrows; i++) {
        for (size_t c = 0; c < INS_ARRAY_LEN(cols); c++) {
            const char *v = cell(r, i, cols[c]);
            size_t n = 0, bytes = 0;
            for (const char *p = v; *p && n < w[c]; n++) {
                p++;
                while (*p && ((unsigned char)*p & 0xC0) == 0x80) p++;
                bytes = (size_t)(p - v);
            }
            fwrite(v, 1, bytes, f);
            for (; n < w[c]; n++) fputc(' ', f);
            fputc(' ', f);
        }
        fputc('\n', f);
    }
    fprintf(f, _("%zu inspection(s)\n"), r->nrows);
}

/* The table format within WIDTH (0: unlimited): R's layout says which of the writers above draws it. */
static void write_table(FILE *f, const ins_result *r, size_t width)
{
    switch (r->layout) {
    case INS_LAYOUT_FITTED: write_fitted(f, r); return;
    case INS_LAYOUT_REGISTER: write_register(f, r); return;
    case INS_LAYOUT_LABOUR_CARDS:
    case INS_LAYOUT_TRANSPORT_CARDS:
    case INS_LAYOUT_GRID: break;
    }
    if (r->title && *r->title) fprintf(f, "%s\n", r->title);
    if (r->note && *r->note) fprintf(f, "%s\n", r->note);
    switch (r->layout) {
    case INS_LAYOUT_LABOUR_CARDS: write_cards(f, r, 1); break;
    case INS_LAYOUT_TRANSPORT_CARDS: write_cards(f, r, 0); break;
    default: write_grid(f, r, width); break;
    }
}

/* CSV (RFC 4180): a header line of column names, then one line per row. */
static void write_csv(FILE *f, const ins_result *r)
{
    ins_buf tmp;
    insBufInit(&tmp);
    for (size_t c = 0; c < r->ncols; c++) {
        if (c) fputc(',', f);
        put_escaped(f, &tmp, insBufCsvCell, r->cols[c]);
    }
    fputs("\r\n", f);
    for (size_t i = 0; i < r->nrows; i++) {
        for (size_t c = 0; c < r->ncols; c++) {
            if (c) fputc(',', f);
            put_escaped(f, &tmp, insBufCsvCell, r->cells[i * r->ncols + c]);
        }
        fputs("\r\n", f);
    }
    insBufFree(&tmp);
}

/*
** Writes the title and note of R as JSON members after OPEN (the text that
** opens the object), then the name of the array that follows, ARRAY.
*/
static void json_head(FILE *f, ins_buf *tmp, const ins_result *r, const char *open, const char *array)
{
    fputs(open, f);
    fputs("\"title\":", f);
    put_escaped(f, tmp, insBufJsonString, r->title);
    fputs(",\"note\":", f);
    put_escaped(f, tmp, insBufJsonString, r->note);
    fprintf(f, ",\"%s\":[", array);
}

/*
** Writes row I of R as the members of a JSON object ("column": value, null
** for no value), leaving out the columns SKIP (may be NULL) says to.
*/
static void json_members(FILE *f, ins_buf *tmp, const ins_result *r, size_t i, int (*skip)(const char *))
{
    int first = 1;
    for (size_t c = 0; c < r->ncols; c++) {
        if (skip && skip(r->cols[c])) continue;
        if (!first) fputc(',', f);
        first = 0;
        put_escaped(f, tmp, insBufJsonString, r->cols[c]);
        fputc(':', f);
        const char *v = r->cells[i * r->ncols + c];
        if (v) put_escaped(f, tmp, insBufJsonString, v); else fputs("null", f);
    }
}

/* JSON: {"title", "note", "rows": [one object per row, null for no value]}. */
static void write_json(FILE *f, const ins_result *r)
{
    ins_buf tmp;
    insBufInit(&tmp);
    json_head(f, &tmp, r, "{", "rows");
    for (size_t i = 0; i < r->nrows; i++) {
        fputs(i ? ",\n{" : "\n{", f);
        json_members(f, &tmp, r, i, NULL);
        fputc('}', f);
    }
    fputs("]}\n", f);
    insBufFree(&tmp);
}

/*
** The coordinate in column COL of ROW of R as a number in [-LIMIT, LIMIT]:
** 1 and *OUT, or 0 when the column is missing, empty or not such a number.
*/
static int coordinate(const ins_result *r, size_t row, const char *col, double limit, double *out)
{
    const char *v = ins_result_cell(r, row, col);
    if (!v || !*v || !insTextIsNumber(v)) return 0;
    char *end;
    double d = strtod(v, &end);
    if (*end || !(d >= -limit && d <= limit)) return 0;
    *out = d;
    return 1;
}

/* 1 when column name C holds a coordinate, which the geometry carries. */
static int is_coordinate(const char *c)
{
    return !strcmp(c, "longitude") || !strcmp(c, "latitude") || !strcmp(c, "longitude2") ||
           !strcmp(c, "latitude2");
}

/*
** GeoJSON (RFC 7946): a FeatureCollection, one Feature per row.  The
** geometry comes from the row's "longitude" and "latitude" columns (a
** Point), with "longitude2" and "latitude2" a LineString from the first
** point to the second (a route between district centres); a row without
** valid coordinates has a null geometry, as the RFC allows, so no lead is
** dropped from the map's attribute table.  Positions are longitude first,
** in WGS 84 degrees.  The other columns are the properties; numbers stay
** text, as in the other formats.  The title and note are foreign members.
*/
static void write_geojson(FILE *f, const ins_result *r)
{
    ins_buf tmp;
    insBufInit(&tmp);
    json_head(f, &tmp, r, "{\"type\":\"FeatureCollection\",", "features");
    for (size_t i = 0; i < r->nrows; i++) {
        fputs(i ? ",\n" : "\n", f);
        double lon, lat, lon2, lat2;
        int p1 = coordinate(r, i, "longitude", 180, &lon) && coordinate(r, i, "latitude", 90, &lat);
        int p2 = p1 && coordinate(r, i, "longitude2", 180, &lon2) && coordinate(r, i, "latitude2", 90, &lat2);
        fputs("{\"type\":\"Feature\",\"geometry\":", f);
        if (p2)
            fprintf(f, "{\"type\":\"LineString\",\"coordinates\":[[%.6f,%.6f],[%.6f,%.6f]]}", lon, lat, lon2, lat2);
        else if (p1)
            fprintf(f, "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}", lon, lat);
        else
            fputs("null", f);
        fputs(",\"properties\":{", f);
        json_members(f, &tmp, r, i, is_coordinate);
        fputs("}}", f);
    }
    fputs("]}\n", f);
    insBufFree(&tmp);
}

/*
** Appends R as one HTML table to B, every text escaped (insBufHtml).  The
** plain table is a header row of column names and one row per row; FLAGS
** (INS_HTML_*, ins_internal.h) add what the monitoring report needs: a
** caption with the title, the file name FILE (NULL: none) and the note;
** thead and tbody; numeric cells right-aligned; a smaller type for wide
** tables; column names that may break after '_'; shaded control rows; a
** row saying there are none.  The classes it uses (wide, file, tnote, n,
** control) are styled by the page that holds the table.
*/
void insResultHtmlTable(ins_buf *b, const ins_result *r, const char *file, unsigned flags)
{
    int sections = (flags & INS_HTML_SECTIONS) != 0;
    insBufAppendStr(b, (flags & INS_HTML_WIDE) && r->ncols > 9 ? "<table class=\"wide\">\n" : "<table>\n");
    if (flags & INS_HTML_CAPTION) {
        insBufAppendStr(b, "<caption>");
        insBufHtml(b, r->title);
        if (file) {
            insBufAppendStr(b, " <span class=\"file\">[");
            insBufHtml(b, file);
            insBufAppendStr(b, "]</span>");
        }
        if (r->note && *r->note) {
            insBufAppendStr(b, "<br><span class=\"tnote\">");
            insBufHtml(b, r->note);
            insBufAppendStr(b, "</span>");
        }
        insBufAppendStr(b, "</caption>\n");
    }
    insBufAppendStr(b, sections ? "<thead><tr>" : "<tr>");
    for (size_t c = 0; c < r->ncols; c++) {
        insBufAppendStr(b, "<th>");
        if (flags & INS_HTML_WBR) {
            /* column names are the CSV's; they may break after an underscore */
            for (const char *p = r->cols[c]; *p; p++) {
                char one[2] = {*p, '\0'};
                insBufHtml(b, one);
                if (*p == '_') insBufAppendStr(b, "<wbr>");
            }
        } else {
            insBufHtml(b, r->cols[c]);
        }
        insBufAppendStr(b, "</th>");
    }
    insBufAppendStr(b, sections ? "</tr></thead>\n<tbody>\n" : "</tr>\n");
    for (size_t i = 0; i < r->nrows; i++) {
        const char *ctl = flags & INS_HTML_CONTROL ? ins_result_cell(r, i, "control") : NULL;
        insBufAppendStr(b, ctl && !strcmp(ctl, "1") ? "<tr class=\"control\">" : "<tr>");
        for (size_t c = 0; c < r->ncols; c++) {
            const char *v = r->cells[i * r->ncols + c];
            insBufAppendStr(b, (flags & INS_HTML_NUMERIC) && insTextIsNumber(v) ? "<td class=\"n\">" : "<td>");
            insBufHtml(b, v);
            insBufAppendStr(b, "</td>");
        }
        insBufAppendStr(b, "</tr>\n");
    }
    if ((flags & INS_HTML_EMPTY) && !r->nrows)
        insBufPrintf(b, "<tr><td colspan=\"%zu\">%s</td></tr>\n", r->ncols ? r->ncols : 1, D_("(no rows)"));
    insBufAppendStr(b, sections ? "</tbody></table>\n" : "</table>\n");
}

/* HTML: one self-contained printable page, control rows shaded. */
/* The print style of a worklist page: A4 portrait, one whole card per lead. */
static const char cards_css[] =
    "@page{size:A4 portrait;margin:14mm 12mm}\n"
    "body{font-family:sans-serif;font-size:10pt;margin:1.5em;color:#111;max-width:186mm}\n"
    "h1{font-size:14pt;margin:0 0 .3em}\n"
    ".note{border:2px solid #a00;color:#a00;padding:.3em .6em;display:inline-block;font-weight:bold}\n"
    "table.summary{border-collapse:collapse;width:100%;margin:1em 0}\n"
    ".summary th,.summary td{border:1px solid #999;padding:2px 4px;vertical-align:top;text-align:left}\n"
    ".summary th{background:#eee}.summary td.n{text-align:right}\n"
    "tr.control td{background:#fff8e0}\n"
    ".card{border:1.5px solid #333;padding:3mm 4mm;margin:0 0 5mm;break-inside:avoid;page-break-inside:avoid}\n"
    ".card h2{font-size:12pt;margin:0 0 1mm}\n"
    ".card .mark{font-size:7pt;color:#666;letter-spacing:.05em}\n"
    ".card dl{display:grid;grid-template-columns:30mm 1fr;gap:1mm 3mm;margin:2mm 0}\n"
    ".card dt{font-weight:bold}.card dd{margin:0;overflow-wrap:anywhere}\n"
    ".card .lead{color:#a00;font-weight:bold;margin:1mm 0}\n"
    ".card .control{background:#fff8e0;border:1px dashed #a60;padding:1mm 2mm;display:inline-block}\n"
    ".card .order{border:1px solid #000;height:12mm;margin-top:2mm;padding:1mm 2mm;font-size:8pt}\n"
    "@media print{body{margin:0;font-size:9pt}.summary{font-size:8pt}.cards{break-before:page}}\n";

/* Appends a definition (LABEL: the cell COL of row I of R) to B when the cell is not empty. */
static void card_field(ins_buf *b, const ins_result *r, size_t i, const char *label, const char *col)
{
    const char *v = ins_result_cell(r, i, col);
    if (!v || !*v) return;
    insBufAppendStr(b, "<dt>");
    insBufHtml(b, label);
    insBufAppendStr(b, "</dt><dd>");
    size_t n = strlen(v);
    if (n > INS_HTML_CARD_FIELD_BYTES) {
        /* a card must fit its page: the whole text is in the csv and json */
        size_t k = INS_HTML_CARD_FIELD_BYTES;
        while (k > 0 && ((unsigned char)v[k] & 0xC0) == 0x80) k--;
        ins_buf cut;
        insBufInit(&cut);
        insBufAppend(&cut, v, k);
        insBufHtml(b, insBufStr(&cut));
        insBufFree(&cut);
        insBufAppendStr(b, " ");
        insBufHtml(b, D_("… (continued in the CSV or JSON version of the list)"));
    } else {
        insBufHtml(b, v);
    }
    insBufAppendStr(b, "</dd>\n");
}

/*
** A worklist as a page an inspector takes to a site: the title and the
** "lead, not a finding" note, a summary table of every lead, then one card
** per lead (rank, who and where, score parts, reasons, hypothesis, what to
** check, evidence documents, rule versions, the lead-not-finding line and
** an empty box for the inspection order number), each kept whole on an A4
** page in portrait when printed.  Each card starts with "INDICIO k DE n"
** and ends with "FIN DEL INDICIO k", so a test can tell from the printed
** pages that no card is cut.
*/
static void write_html_cards(FILE *f, const ins_result *r, int labor)
{
    ins_buf b;
    insBufInit(&b);
    insBufPrintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n<title>",
                 ins_doc_language()); /* the document language */
    insBufHtml(&b, r->title);
    insBufPrintf(&b, "</title>\n<style>\n%s</style></head><body>\n<h1>", cards_css);
    insBufHtml(&b, r->title);
    insBufAppendStr(&b, "</h1>\n<p class=\"note\">");
    insBufHtml(&b, r->note);
    insBufAppendStr(&b, "</p>\n<table class=\"summary\"><thead><tr>");
    static const char *const lab_sum[][2] = {{"rank", DN_("No.")}, {"tax_id", DN_("RUC")}, {"name", DN_("Firm")},
                                             {"establishment", DN_("Establishment")}, {"district", DN_("District")},
                                             {"department", DN_("Department")}, {"score", DN_("Score")}};
    static const char *const tr_sum[][2] = {{"rank", DN_("No.")}, {"kind", DN_("Kind")}, {"subject", DN_("Subject")},
                                            {"name", DN_("Name")}, {"control_point", DN_("Control point")},
                                            {"score", DN_("Score")}};
    const char *const (*sum)[2] = labor ? lab_sum : tr_sum;
    size_t nsum = labor ? INS_ARRAY_LEN(lab_sum) : INS_ARRAY_LEN(tr_sum);
    for (size_t c = 0; c < nsum; c++) {
        insBufAppendStr(&b, "<th>");
        insBufHtml(&b, D_(sum[c][1]));
        insBufAppendStr(&b, "</th>");
    }
    insBufAppendStr(&b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < r->nrows; i++) {
        int control = !strcmp(cell(r, i, "control"), "1");
        insBufAppendStr(&b, control ? "<tr class=\"control\">" : "<tr>");
        for (size_t c = 0; c < nsum; c++) {
            const char *v = cell(r, i, sum[c][0]);
            insBufAppendStr(&b, insTextIsNumber(v) ? "<td class=\"n\">" : "<td>");
            insBufHtml(&b, v);
            insBufAppendStr(&b, "</td>");
        }
        insBufAppendStr(&b, "</tr>\n");
    }
    if (!r->nrows) insBufPrintf(&b, "<tr><td colspan=\"%zu\">%s</td></tr>\n", nsum, D_("(no rows)"));
    insBufAppendStr(&b, "</tbody></table>\n<div class=\"cards\">\n");
    for (size_t i = 0; i < r->nrows; i++) {
        const char *rank = cell(r, i, "rank");
        int control = !strcmp(cell(r, i, "control"), "1");
        ins_buf mark;
        insBufInit(&mark);
        insBufPrintf(&mark, D_("LEAD %s OF %zu"), rank, r->nrows);
        insBufAppendStr(&b, "<section class=\"card\">\n<div class=\"mark\">");
        insBufHtml(&b, insBufStr(&mark));
        insBufAppendStr(&b, "</div>\n<h2>");
        insBufHtml(&b, rank);
        insBufAppendStr(&b, ". ");
        insBufHtml(&b, cell(r, i, labor ? "tax_id" : "kind"));
        insBufAppendStr(&b, " \xe2\x80\x94 ");
        insBufHtml(&b, cell(r, i, labor ? "name" : "subject"));
        insBufAppendStr(&b, "</h2>\n");
        if (control)
            insBufPrintf(&b, "<p class=\"control\">%s</p>\n",
                         D_("CONTROL SAMPLE: drawn at random to measure the hit rate"));
        insBufAppendStr(&b, "<dl>\n");
        if (labor) {
            card_field(&b, r, i, D_("Establishment"), "establishment");
            ins_buf place;
            insBufInit(&place);
            put_place(&place, r, i);
            insBufAppendStr(&b, "<dt>");
            insBufHtml(&b, D_("District"));
            insBufAppendStr(&b, "</dt><dd>");
            insBufHtml(&b, insBufStr(&place));
            insBufAppendStr(&b, "</dd>\n<dt>");
            insBufFree(&place);
            insBufHtml(&b, D_("Score"));
            insBufAppendStr(&b, "</dt><dd>");
            insBufHtml(&b, cell(r, i, "score"));
            insBufPrintf(&b, " (%s ", D_("own"));
            insBufHtml(&b, cell(r, i, "own"));
            insBufPrintf(&b, ", %s ", D_("chain"));
            insBufHtml(&b, cell(r, i, "chain"));
            insBufAppendStr(&b, ")</dd>\n");
        } else {
            card_field(&b, r, i, D_("Name"), "name");
            card_field(&b, r, i, D_("Score"), "score");
        }
        card_field(&b, r, i, D_("Reasons"), "reasons");
        card_field(&b, r, i, D_("Hypothesis"), "hypothesis");
        card_field(&b, r, i, D_("Check"), "guidance");
        card_field(&b, r, i, D_("Legs"), "legs");
        card_field(&b, r, i, D_("Shippers"), "shippers");
        card_field(&b, r, i, D_("Control point"), "control_point");
        card_field(&b, r, i, D_("Evidence"), "evidence");
        card_field(&b, r, i, D_("Export"), "cross_border");
        card_field(&b, r, i, D_("Rules"), "rule_versions");
        insBufAppendStr(&b, "</dl>\n<p class=\"lead\">");
        insBufHtml(&b, D_("Lead for inspection, not a finding."));
        insBufAppendStr(&b, "</p>\n<div class=\"order\">");
        insBufHtml(&b, D_("Inspection order no.:"));
        insBufAppendStr(&b, "</div>\n<div class=\"mark\">");
        insBufReset(&mark);
        insBufPrintf(&mark, D_("END OF LEAD %s"), rank);
        insBufHtml(&b, insBufStr(&mark));
        insBufFree(&mark);
        insBufAppendStr(&b, "</div>\n</section>\n");
    }
    insBufAppendStr(&b, "</div>\n</body></html>\n");
    fwrite(insBufStr(&b), 1, b.len, f);
    insBufFree(&b);
}

static void write_html(FILE *f, const ins_result *r)
{
    ins_buf b;
    insBufInit(&b);
    insBufPrintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n<title>",
                 ins_doc_language()); /* the document language */
    insBufHtml(&b, r->title);
    insBufAppendStr(&b, "</title>\n<style>\n"
                        "body{font-family:sans-serif;font-size:10pt;margin:1.5em;color:#111}\n"
                        "h1{font-size:14pt;margin:0 0 .3em}\n"
                        ".note{border:2px solid #a00;color:#a00;padding:.3em .6em;display:inline-block;font-weight:bold}\n"
                        "table{border-collapse:collapse;width:100%;margin-top:1em}\n"
                        "th,td{border:1px solid #999;padding:3px 5px;vertical-align:top;text-align:left}\n"
                        "th{background:#eee}\ntr.control td{background:#fff8e0}\n"
                        "@media print{body{margin:0;font-size:8pt}tr{page-break-inside:avoid}}\n"
                        "</style></head><body>\n<h1>");
    insBufHtml(&b, r->title);
    insBufAppendStr(&b, "</h1>\n<p class=\"note\">");
    insBufHtml(&b, r->note);
    insBufAppendStr(&b, "</p>\n");
    insResultHtmlTable(&b, r, NULL, INS_HTML_CONTROL);
    insBufAppendStr(&b, "</body></html>\n");
    fwrite(insBufStr(&b), 1, b.len, f);
    insBufFree(&b);
}

/*
** Writes R to F in FORMAT (table, csv, json or html; NULL is table).
** Returns 0, or -1 for an unknown format or a write error on F.
*/
int ins_result_write(FILE *f, const ins_result *r, const char *format)
{
    return ins_result_write_width(f, r, format, INS_TABLE_WIDTH_DEFAULT);
}

/*
** Writes R to F in FORMAT as ins_result_write does, a table within WIDTH
** characters (0: as wide as its cells; the other formats ignore it).
*/
int ins_result_write_width(FILE *f, const ins_result *r, const char *format, size_t width)
{
    if (!format || !strcmp(format, "table")) write_table(f, r, width);
    else if (!strcmp(format, "csv")) write_csv(f, r);
    else if (!strcmp(format, "json")) write_json(f, r);
    else if (!strcmp(format, "geojson")) write_geojson(f, r);
    else if (!strcmp(format, "html") && r->layout == INS_LAYOUT_LABOUR_CARDS) write_html_cards(f, r, 1);
    else if (!strcmp(format, "html") && r->layout == INS_LAYOUT_TRANSPORT_CARDS) write_html_cards(f, r, 0);
    else if (!strcmp(format, "html")) write_html(f, r);
    else return -1;
    return ferror(f) ? -1 : 0;
}

/* 1 when FORMAT names one of the writers above (NULL: the table). */
int ins_result_format_valid(const char *format)
{
    return !format || !strcmp(format, "table") || !strcmp(format, "csv") || !strcmp(format, "json") ||
           !strcmp(format, "geojson") || !strcmp(format, "html");
}
