/*
** report_html.c: the monitoring report as one HTML page.
**
** ins_report_html draws the tables ins_report_build (report.c) computed:
** one self-contained file with inline CSS and SVG charts (outcomes, hit
** rates with their intervals, a map of mean establishment risk by
** department over the district centroids, outcomes by department), no
** script and no external asset, laid out for A4 print.  Each table is
** written by the library's one HTML table writer (insResultHtmlTable in
** result_write.c) with the report's options, and names the CSV file that
** holds the same numbers.  It reads only the report: no database.
*/
#include "ins_internal.h"
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The table options of the report: captions with the file name, thead and
** tbody, numbers right-aligned, small type for wide tables, column names
** that break after '_', a row saying a table is empty. */
#define REPORT_TABLE (INS_HTML_CAPTION | INS_HTML_SECTIONS | INS_HTML_NUMERIC | INS_HTML_WIDE | INS_HTML_WBR | \
                      INS_HTML_EMPTY)

/* A cell as a number (0 when empty or not a number); *has set when it was one. */
static double num(const ins_result *t, size_t row, const char *col, int *has)
{
    const char *s = ins_result_cell(t, row, col);
    double v = 0;
    int ok = s && *s && insUParseDouble(s, &v);
    if (has) *has = ok;
    return ok ? v : 0;
}

/* Horizontal bars: inspections by outcome. */
static void svg_outcomes(ins_buf *b, const ins_result *t)
{
    double max = 1;
    for (size_t i = 0; i < t->nrows; i++) {
        double v = num(t, i, "inspections", NULL);
        if (v > max) max = v;
    }
    int h = 24 * (int)t->nrows + 30;
    insBufPrintf(b, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 %d\""
                    " role=\"img\" aria-label=\"%s\">\n", h, D_("inspections by outcome"));
    for (size_t i = 0; i < t->nrows; i++) {
        double v = num(t, i, "inspections", NULL);
        int y = 10 + 24 * (int)i;
        double w = 420 * v / max;
        const char *colour = i < INS_ARRAY_LEN(insReportOutcomes) ? insReportOutcomes[i].colour : "#999";
        insBufPrintf(b, "<text x=\"150\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">", y + 13);
        insBufHtml(b, ins_result_cell(t, i, "label"));
        insBufPrintf(b, "</text><rect x=\"158\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>"
                        "<text x=\"%.1f\" y=\"%d\" class=\"val\">%.0f</text>\n",
                     y, w, colour, 163 + w, y + 13, v);
    }
    insBufPrintf(b, "<line x1=\"158\" y1=\"6\" x2=\"158\" y2=\"%d\" stroke=\"#333\"/>\n</svg>\n", h - 14);
}

/* Grouped bars with Wilson error bars: targeted and control, per measure. */
static void svg_hit_rate(ins_buf *b, const ins_result *t)
{
    static const char *const measures[] = {"forced_labour", "any_violation"};
    static const char *const mlabel[] = {DN_("forced labour"), DN_("any violation")};
    static const char *const groups[] = {"targeted", "control"};
    static const char *const glabel[] = {DN_("targeted"), DN_("control (random)")};
    static const char *const gcolour[] = {"#b2182b", "#8c8c8c"};
    const int x0 = 60, y0 = 34, hh = 200, bw = 70;
    insBufPrintf(b, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 284\""
                    " role=\"img\" aria-label=\"%s\">\n", D_("hit rate with intervals"));
    for (int k = 0; k <= 4; k++) {
        double y = y0 + hh - hh * k / 4.0;
        insBufPrintf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"600\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"val\">%.2f</text>\n",
                     x0, y, y, x0 - 5, y + 4, k / 4.0);
    }
    for (int m = 0; m < 2; m++) {
        int gx = x0 + 40 + m * 270;
        for (int g = 0; g < 2; g++) {
            int x = gx + g * (bw + 20);
            int found = 0, hr = 0, hl = 0, hh2 = 0;
            double rate = 0, lo = 0, hi = 0, n = 0;
            for (size_t i = 0; i < t->nrows; i++) {
                const char *mm = ins_result_cell(t, i, "measure"), *gg = ins_result_cell(t, i, "group");
                if (!mm || !gg || strcmp(mm, measures[m]) || strcmp(gg, groups[g])) continue;
                found = 1;
                rate = num(t, i, "rate", &hr);
                lo = num(t, i, "ci_low", &hl);
                hi = num(t, i, "ci_high", &hh2);
                n = num(t, i, "n", NULL);
            }
            if (found && hr) {
                double y = y0 + hh * (1 - rate);
                /* the value sits above the bar and its interval, on white */
                double ty = (hl && hh2 ? y0 + hh * (1 - hi) : y) - 4;
                insBufPrintf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>"
                                "<text x=\"%d\" y=\"%.1f\" class=\"val\" text-anchor=\"middle\">%.2f</text>\n",
                             x, y, bw, y0 + hh - y, gcolour[g], x + bw / 2, ty, rate);
                if (hl && hh2) {
                    double ylo = y0 + hh * (1 - lo), yhi = y0 + hh * (1 - hi);
                    int cx = x + bw / 2;
                    insBufPrintf(b, "<g class=\"err\" stroke=\"#000\" stroke-width=\"1.5\">"
                                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/></g>\n",
                                 cx, ylo, cx, yhi, cx - 8, ylo, cx + 8, ylo, cx - 8, yhi, cx + 8, yhi);
                }
            } else {
                insBufPrintf(b, "<text x=\"%d\" y=\"%d\" class=\"val\" text-anchor=\"middle\">%s</text>\n",
                             x + bw / 2, y0 + hh - 6, D_("no data"));
            }
            insBufPrintf(b, "<text x=\"%d\" y=\"%d\" class=\"val\" text-anchor=\"middle\">n = %.0f</text>\n",
                         x + bw / 2, y0 + hh + 14, n);
        }
        insBufPrintf(b, "<text x=\"%d\" y=\"%d\" class=\"lbl\" text-anchor=\"middle\">%s</text>\n",
                     gx + bw + 10, y0 + hh + 30, D_(mlabel[m]));
    }
    insBufPrintf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"600\" y2=\"%d\" stroke=\"#333\"/>\n", x0, y0 + hh, y0 + hh);
    for (int g = 0; g < 2; g++)
        insBufPrintf(b, "<rect x=\"%d\" y=\"4\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                        "<text x=\"%d\" y=\"13\" class=\"val\">%s</text>\n",
                     420 + g * 110, gcolour[g], 434 + g * 110, D_(glabel[g]));
    insBufAppendStr(b, "</svg>\n");
}

/* Stacked horizontal bars of outcomes for each department with inspections. */
static void svg_departments(ins_buf *b, const ins_result *t)
{
    size_t n = 0;
    double max = 1;
    for (size_t i = 0; i < t->nrows; i++) {
        double v = num(t, i, "inspections", NULL);
        if (v > 0) n++;
        if (v > max) max = v;
    }
    if (!n) {
        insBufPrintf(b, "<p>%s</p>\n", D_("No inspections in the period."));
        return;
    }
    int h = 20 * (int)n + 36;
    insBufPrintf(b, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 %d\""
                    " role=\"img\" aria-label=\"%s\">\n", h, D_("outcomes by department"));
    for (size_t o = 0; o < INS_ARRAY_LEN(insReportOutcomes); o++)
        insBufPrintf(b, "<rect x=\"%zu\" y=\"4\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                        "<text x=\"%zu\" y=\"13\" class=\"val\">%s</text>\n",
                     150 + o * 96, insReportOutcomes[o].colour, 164 + o * 96, D_(insReportOutcomes[o].label));
    int y = 24;
    for (size_t i = 0; i < t->nrows; i++) {
        double v = num(t, i, "inspections", NULL);
        if (v <= 0) continue;
        insBufPrintf(b, "<text x=\"145\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">", y + 12);
        insBufHtml(b, ins_result_cell(t, i, "department"));
        insBufAppendStr(b, "</text>");
        double x = 150;
        for (size_t o = 0; o < INS_ARRAY_LEN(insReportOutcomes); o++) {
            double w = 440 * num(t, i, insReportOutcomes[o].name, NULL) / max;
            if (w > 0)
                insBufPrintf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"15\" fill=\"%s\"/>",
                             x, y, w, insReportOutcomes[o].colour);
            x += w;
        }
        insBufPrintf(b, "<text x=\"%.1f\" y=\"%d\" class=\"val\">%.0f</text>\n", x + 4, y + 12, v);
        y += 20;
    }
    insBufAppendStr(b, "</svg>\n");
}

/* Colour of a risk share T in [0, 1]: from light orange to dark red. */
static void risk_colour(double t, char out[8])
{
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    int r = (int)(253 + (127 - 253) * t), g = (int)(212 + (0 - 212) * t), bl = (int)(158 + (0 - 158) * t);
    snprintf(out, 8, "#%02x%02x%02x", r, g, bl);
}

/* Map frame: Peru lies within these longitudes and latitudes. */
#define MAP_W0 (-81.6)
#define MAP_W1 (-68.4)
#define MAP_N (0.2)
#define MAP_S (-18.6)
#define MAP_K 26.0 /* pixels per degree */
#define MAP_LEFT 40.0   /* room for labels left of the coast */
#define MAP_RIGHT 130.0 /* and right of the eastern departments */

/* The map's x of longitude LNG and y of latitude LAT (equirectangular, MAP_K pixels per degree). */
static double map_x(double lng) { return MAP_LEFT + (lng - MAP_W0) * MAP_K; }
static double map_y(double lat) { return 10 + (MAP_N - lat) * MAP_K; }

/*
** Where a department's label goes: 0 right of its circle; 1 left, where a
** neighbour's label would collide (Amazonas with San Martín, Apurímac with
** Cusco); 2 left, clear of the larger of Lima's and Callao's circles.
*/
static int map_label_left(const char *code)
{
    if (!code) return 0;
    if (!strcmp(code, "07") || !strcmp(code, "15")) return 2;
    return !strcmp(code, "01") || !strcmp(code, "03");
}

/*
** The map: district centroids as grey dots (they trace the country's
** outline), and each department capital as a circle sized by the
** establishments screened there and coloured by their mean risk, labelled
** with the department's name and mean risk.
*/
static void svg_map(ins_buf *b, const ins_result *t, const double *outline, size_t noutline)
{
    double w = MAP_LEFT + MAP_RIGHT + (MAP_W1 - MAP_W0) * MAP_K, h = 20 + (MAP_N - MAP_S) * MAP_K + 40;
    double maxmean = 0, maxn = 1;
    for (size_t i = 0; i < t->nrows; i++) {
        double m = num(t, i, "mean_risk", NULL), n = num(t, i, "establishments", NULL);
        if (m > maxmean) maxmean = m;
        if (n > maxn) maxn = n;
    }
    insBufPrintf(b, "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\""
                    " role=\"img\" aria-label=\"%s\">\n", w, h, D_("risk map by department"));
    if (noutline) {
        insBufAppendStr(b, "<path class=\"outline\" fill=\"none\" stroke=\"#c8c8c8\" stroke-width=\"2.2\""
                           " stroke-linecap=\"round\" d=\"");
        for (size_t i = 0; i < noutline; i++) {
            double lat = outline[2 * i], lng = outline[2 * i + 1];
            if (lat > MAP_N || lat < MAP_S || lng < MAP_W0 || lng > MAP_W1) continue;
            insBufPrintf(b, "M%.1f %.1fh0", map_x(lng), map_y(lat));
        }
        insBufAppendStr(b, "\"/>\n");
    }
    /* circles first, labels after, so no circle hides a label */
    double *rad = calloc(t->nrows ? t->nrows : 1, sizeof *rad);
    double coast = 0; /* the larger circle of Lima and Callao */
    for (int pass = 0; pass < 2 && rad; pass++) {
        if (pass) insBufAppendStr(b, "<g class=\"labels\">\n");
        for (size_t i = 0; i < t->nrows; i++) {
            int hlat, hlng, hmean;
            double lat = num(t, i, "latitude", &hlat), lng = num(t, i, "longitude", &hlng);
            if (!hlat || !hlng) continue;
            double n = num(t, i, "establishments", NULL), mean = num(t, i, "mean_risk", &hmean);
            double x = map_x(lng), y = map_y(lat);
            const char *code = ins_result_cell(t, i, "code"), *name = ins_result_cell(t, i, "department");
            int left = map_label_left(code), callao = code && !strcmp(code, "07");
            if (pass == 0) {
                char colour[8];
                rad[i] = n > 0 ? 3 + 11 * sqrt(n / maxn) : 3;
                if (callao || (code && !strcmp(code, "15"))) coast = rad[i] > coast ? rad[i] : coast;
                risk_colour(maxmean > 0 ? mean / maxmean : 0, colour);
                insBufAppendStr(b, "<g class=\"dept\">");
                if (n > 0)
                    insBufPrintf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.85\""
                                    " stroke=\"#333\" stroke-width=\"0.8\">", x, y, rad[i], colour);
                else
                    insBufPrintf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#fff\" stroke=\"#888\">", x, y);
                insBufAppendStr(b, "<title>");
                insBufHtml(b, name);
                insBufPrintf(b, ": %.0f %s", n, D_("establishments"));
                if (hmean) insBufPrintf(b, ", %s %.3f", D_("mean risk"), mean);
                insBufAppendStr(b, "</title></circle></g>\n");
                continue;
            }
            /* Lima and Callao share a point on the coast: both labels go to
             * the sea side, clear of the larger circle, Callao's above */
            double r = left == 2 ? coast : rad[i];
            double ty = left == 2 ? (callao ? y - 2 : y + 8) : y + 3;
            if (left)
                insBufPrintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"mlbl\" text-anchor=\"end\">", x - r - 2, ty);
            else
                insBufPrintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"mlbl\">", x + r + 2, ty);
            insBufHtml(b, name);
            if (n > 0 && hmean) insBufPrintf(b, " %.2f", mean);
            insBufAppendStr(b, "</text>\n");
        }
        if (pass) insBufAppendStr(b, "</g>\n");
    }
    free(rad);
    /* legend: colour scale and sizes */
    double ly = h - 26;
    insBufPrintf(b, "<text x=\"10\" y=\"%.0f\" class=\"val\">%s</text>\n", ly - 6, D_("mean risk:"));
    for (int k = 0; k < 5; k++) {
        char colour[8];
        risk_colour(k / 4.0, colour);
        insBufPrintf(b, "<rect x=\"%d\" y=\"%.0f\" width=\"34\" height=\"10\" fill=\"%s\"/>"
                        "<text x=\"%d\" y=\"%.0f\" class=\"val\">%.2f</text>\n",
                     10 + 36 * k, ly, colour, 10 + 36 * k, ly + 20, maxmean * k / 4.0);
    }
    insBufPrintf(b, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"3\" fill=\"#fff\" stroke=\"#888\"/>"
                    "<text x=\"%.0f\" y=\"%.0f\" class=\"val\">%s</text>\n",
                 210.0, ly + 5, 218.0, ly + 8, D_("no establishments"));
    insBufPrintf(b, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"14\" fill=\"none\" stroke=\"#333\"/>"
                    "<text x=\"%.0f\" y=\"%.0f\" class=\"val\">%.0f %s</text>\n",
                 340.0, ly + 5, 358.0, ly + 8, maxn, D_("establishments"));
    insBufAppendStr(b, "</svg>\n");
}

/* The page's style: A4 print, small type for tables, the chart and map classes. */
static const char css[] =
    "@page{size:A4;margin:14mm 12mm}\n"
    "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;font-size:9.5pt;color:#111;"
    "max-width:186mm;margin:8mm auto}\n"
    "h1{font-size:16pt;margin:0 0 1mm}\n"
    "h2{font-size:12pt;margin:7mm 0 2mm;border-bottom:1px solid #888;break-after:avoid;"
    "page-break-after:avoid}\n"
    ".sub{color:#444;margin:0 0 3mm}\n"
    ".note{border:1.5px solid #a00;color:#a00;padding:1.5mm 3mm;font-weight:bold}\n"
    "table{border-collapse:collapse;width:100%;margin:2mm 0 5mm;font-size:7.5pt}\n"
    "caption{text-align:left;font-weight:bold;font-size:8.5pt;padding-bottom:1mm}\n"
    ".file{font-weight:normal;color:#666}.tnote{font-weight:normal;color:#444}\n"
    "th,td{border:1px solid #bbb;padding:1px 4px;text-align:left;vertical-align:top}\n"
    "th{background:#eee;font-size:7pt}td.n{text-align:right;white-space:nowrap;"
    "font-variant-numeric:tabular-nums}\n"
    "table.wide{font-size:6.5pt}table.wide th{font-size:6pt}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "figure{margin:2mm 0 4mm;break-inside:avoid;page-break-inside:avoid}\n"
    "figcaption{font-size:8pt;color:#444}\n"
    "svg.chart{width:100%;height:auto}svg.map{width:118mm;height:auto;display:block;margin:0 auto}\n"
    "svg text{font-family:'DejaVu Sans',Arial,sans-serif}\n"
    ".lbl{font-size:11px}.val{font-size:10px}.mlbl{font-size:8px;fill:#222}\n"
    ".method li{margin-bottom:1mm}\n"
    "@media print{body{margin:0;max-width:none}}\n";

/*
** Writes report R as one self-contained HTML page into *html (malloc'd):
** title and period, the note that it holds aggregates only, then each
** section with its chart and its tables, and the method.  INS_ERR_ARG
** when R is not a whole report.
*/
int ins_report_html(const ins_report *r, char **html)
{
    *html = NULL;
    if (!r || r->ntables != T_COUNT) return INS_ERR_ARG;
    ins_buf b;
    insBufInit(&b);
    char now[21];
    insUNowIso(now);
    const char *title = D_("Monitoring report: targeted inspection of forced labour");
    insBufPrintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n<title>",
                 ins_doc_language()); /* the document language */
    insBufHtml(&b, title);
    insBufPrintf(&b, " %s – %s</title>\n<style>\n%s</style></head><body>\n<h1>", r->from, r->to, css);
    insBufHtml(&b, title);
    insBufPrintf(&b, "</h1>\n<p class=\"sub\">%s %s – %s · %s %.10s", D_("Period:"), r->from, r->to,
                 D_("made on"), now);
    if (r->run_id) insBufPrintf(&b, " · %s %lld", D_("reference run"), (long long)r->run_id);
    insBufPrintf(&b, "</p>\n<p class=\"note\">%s</p>\n",
                 D_("Aggregate indicators: the report holds no workers' identities and no inspection notes. "
                   "A worklist row is a lead for inspection, not a finding."));

    insBufPrintf(&b, "<h2>1. %s</h2>\n", D_("Indicators of the work plan"));
    insResultHtmlTable(&b, r->tables[T_IND], r->names[T_IND], REPORT_TABLE);

    insBufPrintf(&b, "<h2>2. %s</h2>\n<figure>\n", D_("Inspections and outcomes"));
    svg_outcomes(&b, r->tables[T_OUT]);
    insBufPrintf(&b, "<figcaption>%s</figcaption></figure>\n",
                 D_("Inspections made in the period, by outcome."));
    insResultHtmlTable(&b, r->tables[T_OUT], r->names[T_OUT], REPORT_TABLE);

    insBufPrintf(&b, "<h2>3. %s</h2>\n<figure>\n", D_("Hit rate: targeted rows against the control group"));
    svg_hit_rate(&b, r->tables[T_HIT]);
    insBufPrintf(&b, "<figcaption>%s</figcaption></figure>\n",
                 D_("Bars: hit rate; lines: 95% Wilson interval. Hit: forced labour found; second measure: "
                   "any violation. not_found and closed do not count in the denominators."));
    insResultHtmlTable(&b, r->tables[T_HIT], r->names[T_HIT], REPORT_TABLE);

    insBufPrintf(&b, "<h2>4. %s</h2>\n<figure>\n", D_("Risk map by department"));
    svg_map(&b, r->tables[T_MAP], r->outline, r->noutline);
    insBufPrintf(&b, "<figcaption>%s</figcaption></figure>\n",
                 D_("Circles at each department's capital: size by the establishments assessed, colour by "
                   "their mean risk in the reference run. Grey dots: districts."));
    insResultHtmlTable(&b, r->tables[T_MAP], r->names[T_MAP], REPORT_TABLE);

    insBufPrintf(&b, "<h2>5. %s</h2>\n<figure>\n", D_("By department"));
    svg_departments(&b, r->tables[T_DEPT]);
    insBufPrintf(&b, "<figcaption>%s</figcaption></figure>\n", D_("Inspections by department and outcome."));
    insResultHtmlTable(&b, r->tables[T_DEPT], r->names[T_DEPT], REPORT_TABLE);
    insResultHtmlTable(&b, r->tables[T_DEPT_HIT], r->names[T_DEPT_HIT], REPORT_TABLE);

    insBufPrintf(&b, "<h2>6. %s</h2>\n", D_("By sector"));
    insResultHtmlTable(&b, r->tables[T_SECT], r->names[T_SECT], REPORT_TABLE);
    insResultHtmlTable(&b, r->tables[T_SECT_HIT], r->names[T_SECT_HIT], REPORT_TABLE);

    insBufPrintf(&b, "<h2>7. %s</h2>\n<p>%s</p>\n", D_("Binational exchange"),
                 D_("Alerts, routes, listed entries and case profiles exchanged with partner states under the "
                    "binational work plans; aggregates and pseudonyms only."));
    insResultHtmlTable(&b, r->tables[T_BIN_FILES], r->names[T_BIN_FILES], REPORT_TABLE);
    insResultHtmlTable(&b, r->tables[T_BIN_LEADS], r->names[T_BIN_LEADS], REPORT_TABLE);
    insResultHtmlTable(&b, r->tables[T_BIN_PROFILES], r->names[T_BIN_PROFILES], REPORT_TABLE);

    insBufPrintf(&b, "<h2>8. %s</h2>\n", D_("Learning from the inspections"));
    insResultHtmlTable(&b, r->tables[T_CALIB], r->names[T_CALIB], REPORT_TABLE);

    insBufPrintf(&b, "<h2>%s</h2>\n<ul class=\"method\">\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n</ul>\n",
                 D_("Method"),
                 D_("A list row inspected several times counts once, with its gravest outcome."),
                 D_("Rate = hits / n, with n = inspected rows without not_found or closed; 95% Wilson "
                   "confidence interval. With n under 30, or an interval wider than 0.3, the sample is small."),
                 D_("Lift = rate of the targeted rows / rate of the control group, drawn at random from the "
                   "same population: the base rate of the current selection."),
                 D_("Assessed: firms and establishments in the data the period's last scoring run saw; "
                   "mean risk: the mean score of them all (0 without a score)."));
    insBufAppendStr(&b, "</body></html>\n");
    if (b.oom) {
        insBufFree(&b);
        return INS_ERR_NOMEM;
    }
    *html = insBufDetach(&b);
    return INS_OK;
}
