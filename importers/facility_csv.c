/*
** facility_csv.c: supplier and facility lists (FORMATS.md section 4).
**
** Brands publish their supplier lists, and due-diligence declarations
** list who supplies the declarant, as CSV in the Open Supply Hub upload
** shape: a header row with at least country, name and address, and any
** of sector, lat, lng, number_of_workers, parent_company, facility_type,
** processing_type, product_type, native_language_name.  A Peruvian
** declaration adds declarant_tax_id, tax_id, product_hs, annual_value,
** currency and ubigeo.
**
** Columns are found by header name, case-insensitively, in any order.
** Every data row becomes a firm (keyed by its tax id, or by country and
** name) and one of its establishments.  A row that names a declarant is
** also a declared supply relationship: a trade line from the supplier to
** the declarant, so that it becomes a supply edge.  Values the model has no
** column for, including columns this importer does not know, are kept in
** record_attributes rather than dropped.  Problems with one row (unknown
** country, unparsable coordinates, no name) are document warnings; only a
** header without the three required columns rejects the file.
*/
#include "importer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The columns this importer knows. */
enum {
    COL_COUNTRY,
    COL_NAME,
    COL_ADDRESS,
    COL_SECTOR,
    COL_LAT,
    COL_LNG,
    COL_WORKERS,
    COL_PARENT,
    COL_FACILITY_TYPE,
    COL_PROCESSING_TYPE,
    COL_PRODUCT_TYPE,
    COL_NATIVE_NAME,
    COL_DECLARANT,
    COL_TAX_ID,
    COL_PRODUCT_HS,
    COL_VALUE,
    COL_CURRENCY,
    COL_UBIGEO,
    COL_COUNT
};

/*
** Header names of the known columns, and whether the model has a place for
** the value.  Values of columns with no place (keep = 1) are stored in
** record_attributes under their header, like those of unknown columns.
*/
static const struct {
    const char *name;
    int keep;
} columns[COL_COUNT] = {
    [COL_COUNTRY] = {"country", 0},
    [COL_NAME] = {"name", 0},
    [COL_ADDRESS] = {"address", 0},
    [COL_SECTOR] = {"sector", 0},
    [COL_LAT] = {"lat", 0},
    [COL_LNG] = {"lng", 0},
    [COL_WORKERS] = {"number_of_workers", 0},
    [COL_PARENT] = {"parent_company", 1},
    [COL_FACILITY_TYPE] = {"facility_type", 1},
    [COL_PROCESSING_TYPE] = {"processing_type", 1},
    [COL_PRODUCT_TYPE] = {"product_type", 1},
    [COL_NATIVE_NAME] = {"native_language_name", 1},
    [COL_DECLARANT] = {"declarant_tax_id", 0},
    [COL_TAX_ID] = {"tax_id", 0},
    [COL_PRODUCT_HS] = {"product_hs", 0},
    [COL_VALUE] = {"annual_value", 0},
    [COL_CURRENCY] = {"currency", 0},
    [COL_UBIGEO] = {"ubigeo", 0},
};

/* State of one list's import. */
typedef struct facility_state {
    ins_import_ctx *ctx;
    int64_t doc;           /* the documents row of the list */
    char **head;           /* header names as written; NULL until the header is read */
    size_t nhead;
    int col[COL_COUNT];    /* index of each known column, -1 when absent */
    unsigned char *keep;   /* per header column: 1 when its values go to record_attributes */
    char *decl_id;         /* declarant tax id of the previous row, as written */
    int64_t decl_firm;     /* its firm */
    int64_t issuer;        /* the one declarant firm; 0 none yet, -1 several */
} facility_state;

/*
** A supplier or facility list: a CSV whose header names at least country,
** name and address.  Lists of other kinds (sanctions lists with "addresses"
** and "countries") do not match.
*/
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    if (insCsvLineHas(s->first_line, ',', (const char *const[]){"country"}, 1) && insCsvLineHas(s->first_line, ',', (const char *const[]){"name"}, 1) &&
        insCsvLineHas(s->first_line, ',', (const char *const[]){"address"}, 1))
        return 80;
    return 0;
}

/* The trimmed value of known column C in a row, or NULL when the column is
** absent, the row is short or the value empty. */
static const char *field(const facility_state *st, char **f, size_t nf, int c)
{
    int i = st->col[c];
    if (i < 0 || (size_t)i >= nf || !f[i] || !*f[i]) return NULL;
    return f[i];
}

/*
** Reads the header row: finds the known columns, marks which values are
** kept as attributes, and rejects the file when country, name or address is
** missing (the reason names every missing column).
*/
static int read_header(facility_state *st, unsigned long row, char **f, size_t nf)
{
    st->head = calloc(nf ? nf : 1, sizeof *st->head);
    st->keep = calloc(nf ? nf : 1, 1);
    if (!st->head || !st->keep)
        return insImportReject(st->ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    st->nhead = nf;
    for (size_t c = 0; c < COL_COUNT; c++) st->col[c] = -1;
    for (size_t i = 0; i < nf; i++) {
        st->head[i] = insUStrdup(f[i] ? f[i] : "");
        if (!st->head[i])
            return insImportReject(st->ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
        int known = -1;
        for (int c = 0; c < COL_COUNT && known < 0; c++)
            if (st->col[c] < 0 && insCsvHeaderIs(st->head[i], strlen(st->head[i]), columns[c].name))
                known = c;
        if (known >= 0) st->col[known] = (int)i;
        /* Unknown, repeated and attribute-only columns are kept as attributes. */
        st->keep[i] = known < 0 || columns[known].keep;
    }
    ins_buf missing;
    insBufInit(&missing);
    static const int required[] = {COL_COUNTRY, COL_NAME, COL_ADDRESS};
    for (size_t k = 0; k < INS_ARRAY_LEN(required); k++)
        if (st->col[required[k]] < 0)
            insBufPrintf(&missing, "%s'%s'", missing.len ? ", " : "", columns[required[k]].name);
    int rc = INS_OK;
    if (missing.len)
        rc = insImportReject(st->ctx, INS_ERR_FORMAT,
                             _("row %lu: header has no column %s (a facility list needs country, "
                               "name and address)"),
                             row, insBufStr(&missing));
    insBufFree(&missing);
    return rc;
}

/*
** Parses a head count.  Accepts plain digits and digits grouped by
** thousands ("1,200", "1.200", "1 200").  Anything else, in particular a
** range such as "1001-5000" or "100+", is left unknown rather than reduced
** to a bound: a guessed head count would weigh in risk scores as if it had
** been declared.  The raw text is then kept in record_attributes.
*/
static int parse_workers(const char *s, int64_t *out)
{
    int64_t v = 0;
    size_t digits = 0, group = 0;
    int grouped = 0;
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (++digits > 9) return 0;
            v = v * 10 + (*p - '0');
            group++;
        } else if ((*p == ',' || *p == '.' || *p == ' ') && digits > 0 && p[1]) {
            if (grouped && group != 3) return 0;
            if (!grouped && group > 3) return 0;
            grouped = 1;
            group = 0;
        } else {
            return 0;
        }
    }
    if (!digits || (grouped && group != 3)) return 0;
    *out = v;
    return 1;
}

/*
** Chooses the identifier scheme of a supplier's tax id: PE-RUC for an
** 11-digit id of a Peruvian supplier, AR-CUIT for an Argentine one, and
** otherwise none, so that the model guesses from the id's shape.
*/
static const char *tax_scheme(const char *tax_id, const char *cc)
{
    if (!cc[0]) return NULL;
    if (!strcmp(cc, "AR")) return INS_SCHEME_AR_CUIT;
    if (strcmp(cc, "PE") != 0) return NULL;
    size_t n = 0;
    for (const char *p = tax_id; *p; p++) {
        if (isdigit((unsigned char)*p)) n++;
        else if (*p != ' ' && *p != '-' && *p != '.') return NULL;
    }
    return n == 11 ? INS_SCHEME_PE_RUC : NULL;
}

/* Stores one value the model has no column for. */
static int keep_attribute(facility_state *st, unsigned long row, int64_t est, const char *name,
                          const char *value)
{
    return insModelAttribute(st->ctx->db, st->doc, (int64_t)row, "establishment", est, name, value);
}

/*
** Finds the declarant's firm.  Declarations repeat the same declarant on
** every row, so the previous row's firm is reused when the id is the same;
** that also keeps a bad check digit to one warning.  Tracks whether the list
** has a single declarant, who then becomes the document's issuer.
*/
static int64_t declarant_firm(facility_state *st, const char *id)
{
    if (st->decl_id && !strcmp(st->decl_id, id)) return st->decl_firm;
    ins_party p = {NULL, id, NULL, NULL};
    int64_t firm = insModelFirm(st->ctx->db, st->doc, &p);
    if (firm <= 0) return firm;
    char *copy = insUStrdup(id);
    if (!copy) return -1;
    free(st->decl_id);
    st->decl_id = copy;
    st->decl_firm = firm;
    if (st->issuer == 0) st->issuer = firm;
    else if (st->issuer != firm) st->issuer = -1;
    return firm;
}

/*
** Records a declared supply relationship: the supplier of the row sells to
** the declarant.  The product's tariff code is kept as digits; hs6 only when
** it has at least six, since a 4-digit heading names no subheading.  A code
** with an odd number of digits lost its leading zero in a spreadsheet
** (HS codes have 2, 4, 6, 8 or 10 digits): it is restored, with a warning.
*/
static int add_trade_line(facility_state *st, unsigned long row, char **f, size_t nf,
                          int64_t buyer, int64_t seller, int64_t est)
{
    static const char sql[] =
        "INSERT INTO trade_lines(document_id, line_no, seller_firm_id, buyer_firm_id,"
        " seller_establishment_id, description, tariff_code, hs6, amount, currency, amount_pen)"
        " VALUES(?,?,?,?,?,?,?,?,?,?, CASE WHEN ?10 IS NULL OR ?10 = 'PEN' THEN ?9 END)";
    ins_db *db = st->ctx->db;
    const char *hs = field(st, f, nf, COL_PRODUCT_HS);
    const char *value = field(st, f, nf, COL_VALUE);
    const char *product = field(st, f, nf, COL_PRODUCT_TYPE);
    ins_buf code;
    insBufInit(&code);
    char hs6[7] = "";
    if (hs) {
        char *d = insUDigitsOnly(hs);
        if (!d) return INS_ERR_NOMEM;
        size_t n = strlen(d);
        if (n % 2 == 1 && n < 12) {
            insBufAppendChar(&code, '0');
            insModelWarn(db, st->doc, "hs_code",
                         _("row %lu: HS code '%s' has an odd number of digits; read as '0%s'"),
                         row, hs, d);
        } else if (n == 0) {
            insModelWarn(db, st->doc, "hs_code", _("row %lu: HS code '%s' has no digits"), row, hs);
        }
        insBufAppendStr(&code, d);
        free(d);
        if (code.oom) return INS_ERR_NOMEM;
        if (code.len >= 6) {
            memcpy(hs6, code.s, 6);
            hs6[6] = '\0';
        }
    }
    double amount = 0;
    int has_amount = value && insUParseDouble(value, &amount);
    if (value && !has_amount)
        insModelWarn(db, st->doc, "amount", _("row %lu: annual value '%s' is not a number"), row,
                     value);
    sqlite3_stmt *s = insDbStmt(db, sql);
    int rc = INS_ERR_DB;
    if (s) {
        sqlite3_bind_int64(s, 1, st->doc);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)row);
        sqlite3_bind_int64(s, 3, seller);
        sqlite3_bind_int64(s, 4, buyer);
        sqlite3_bind_int64(s, 5, est);
        insDbBindText(s, 6, product ? product : "declared supplier");
        insDbBindText(s, 7, code.len ? insBufStr(&code) : NULL);
        insDbBindText(s, 8, hs6[0] ? hs6 : NULL);
        insDbBindOptDouble(s, 9, has_amount, amount);
        insDbBindText(s, 10, field(st, f, nf, COL_CURRENCY));
        if (sqlite3_step(s) == SQLITE_DONE) rc = INS_OK;
    }
    insBufFree(&code);
    if (rc == INS_OK) st->ctx->trade_changed = 1;
    return rc;
}

/*
** Imports one data row: the supplier firm, its establishment, the values
** kept as attributes and, when a declarant is named, the supply
** relationship.  Rows whose every field is empty are blank records and are
** passed over; a row without a name is skipped with a warning.
*/
static int import_row(facility_state *st, unsigned long row, char **f, size_t nf)
{
    ins_db *db = st->ctx->db;
    size_t filled = 0;
    for (size_t i = 0; i < nf; i++) filled += f[i] && *f[i];
    if (!filled) return INS_OK;

    const char *name = field(st, f, nf, COL_NAME);
    if (!name) {
        insModelWarn(db, st->doc, "no_name", _("row %lu: no facility name; row skipped"), row);
        return INS_OK;
    }
    char cc[3] = "";
    const char *country = field(st, f, nf, COL_COUNTRY);
    if (!country)
        insModelWarn(db, st->doc, "country", _("row %lu: no country"), row);
    else if (!insNormCountry(country, cc))
        insModelWarn(db, st->doc, "country", _("row %lu: unknown country '%s'"), row, country);

    const char *tax = field(st, f, nf, COL_TAX_ID);
    ins_party p = {tax ? tax_scheme(tax, cc) : NULL, tax, name, cc[0] ? cc : NULL};
    int64_t firm = insModelFirm(db, st->doc, &p);
    if (firm < 0) return INS_ERR_DB;

    ins_estab_info e;
    memset(&e, 0, sizeof e);
    e.address = field(st, f, nf, COL_ADDRESS);
    e.country = cc[0] ? cc : NULL;
    e.name = name;
    e.sector = field(st, f, nf, COL_SECTOR);
    e.workers = -1;
    const char *lat = field(st, f, nf, COL_LAT), *lng = field(st, f, nf, COL_LNG);
    if (lat || lng) {
        e.has_coords = lat && lng && insUParseDouble(lat, &e.lat) && insUParseDouble(lng, &e.lng) &&
                       e.lat >= -90 && e.lat <= 90 && e.lng >= -180 && e.lng <= 180;
        if (!e.has_coords)
            insModelWarn(db, st->doc, "coordinates",
                         _("row %lu: coordinates '%s', '%s' ignored (need both, in degrees)"), row,
                         lat ? lat : "", lng ? lng : "");
    }
    const char *workers = field(st, f, nf, COL_WORKERS);
    int workers_known = workers && parse_workers(workers, &e.workers);
    const char *ubigeo = field(st, f, nf, COL_UBIGEO);
    if (ubigeo) {
        size_t n = strlen(ubigeo);
        if (n == 6 && strspn(ubigeo, "0123456789") == 6)
            e.ubigeo = ubigeo;
        else
            insModelWarn(db, st->doc, "bad_ubigeo", _("row %lu: ubigeo '%s' is not 6 digits; ignored"),
                         row, ubigeo);
    }
    int64_t est = insModelEstablishment(db, st->doc, firm, &e);
    if (est <= 0) return INS_ERR_DB;

    for (size_t i = 0; i < nf; i++) {
        if (!f[i] || !*f[i]) continue;
        int rc = INS_OK;
        if (i < st->nhead && st->head[i][0]) {
            if (st->keep[i] || ((int)i == st->col[COL_WORKERS] && !workers_known))
                rc = keep_attribute(st, row, est, st->head[i], f[i]);
        } else {
            /* beyond the header, or under an empty header cell */
            ins_buf h;
            insBufInit(&h);
            insBufPrintf(&h, "column %zu", i + 1);
            rc = h.oom ? INS_ERR_NOMEM : keep_attribute(st, row, est, insBufStr(&h), f[i]);
            insBufFree(&h);
        }
        if (rc != INS_OK) return rc;
    }

    const char *decl = field(st, f, nf, COL_DECLARANT);
    if (decl) {
        int64_t buyer = declarant_firm(st, decl);
        if (buyer < 0) return INS_ERR_DB;
        if (buyer > 0) {
            int rc = add_trade_line(st, row, f, nf, buyer, firm, est);
            if (rc != INS_OK) return rc;
        }
    }
    st->ctx->records++;
    return INS_OK;
}

/* The CSV reader's callback: the first record is the header. */
static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    facility_state *st = ud;
    if (!st->head) return read_header(st, row, f, nf);
    return import_row(st, row, f, nf);
}

/*
** Imports a list: one documents row, then one firm and establishment per
** data row.  When all declared relationships name the same declarant, that
** firm is the document's issuer; with several declarants it stays NULL.
*/
static int run(ins_import_ctx *ctx)
{
    static const char set_issuer[] = "UPDATE documents SET issuer_firm_id = ? WHERE id = ?";
    facility_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    ins_doc_info d;
    memset(&d, 0, sizeof d);
    d.kind = "facility_list";
    st.doc = insModelDocument(ctx->db, ctx->file_id, &d);
    if (st.doc < 0) return INS_ERR_DB;

    int rc = insCsvParse(ctx, ',', on_row, &st);
    if (rc == INS_OK && !st.head)
        rc = insImportReject(ctx, INS_ERR_FORMAT, _("no header row"));
    if (rc == INS_OK && st.issuer > 0) {
        sqlite3_stmt *s = insDbStmt(ctx->db, set_issuer);
        if (!s) rc = INS_ERR_DB;
        else {
            sqlite3_bind_int64(s, 1, st.issuer);
            sqlite3_bind_int64(s, 2, st.doc);
            if (sqlite3_step(s) != SQLITE_DONE) rc = INS_ERR_DB;
        }
    }
    if (rc == INS_ERR_NOMEM) insImportReject(ctx, rc, "%s", ins_strerror(rc));
    for (size_t i = 0; i < st.nhead; i++) free(st.head[i]);
    free(st.head);
    free(st.keep);
    free(st.decl_id);
    return rc;
}

const ins_importer insImporterFacilityCsv = {
    "facility-list",
    N_("supplier and facility lists (CSV with country, name, address; Open Supply Hub shape)"),
    sniff,
    run,
};
