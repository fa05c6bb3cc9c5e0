/*
** ref_ilab.c: the US Department of Labor's ILAB List of Goods Produced by
** Child Labor or Forced Labor (data/ilab-goods.xml, 2022 edition, as the
** department ships it in its app).
**
** <Goods> (no namespace) holds one <Good> per good: Good_Name, Good_Sector
** and Countries/Country with Country_Name and the Yes/No flags Child_Labor,
** Forced_Labor and Forced_Child_Labor.  Each (good, country) pair is one
** row of ilab_goods, the product prior of risk rules.  The file is streamed
** one <Good> at a time.  Loading replaces the whole table.
**
** Countries are named as the list names them ("Burma", "Kyrgyz Republic",
** "Turkey (Türkiye)"); country_code holds the ISO alpha-2 code, and stays
** NULL, with a warning, for a name insNormCountry does not know.
*/
#include "importer.h"

#include <stdlib.h>
#include <string.h>


typedef struct ilab_state {
    ins_import_ctx *ctx;
    int64_t doc;
    int64_t read; /* (good, country) pairs read, duplicates included */
} ilab_state;

/* The ILAB list: root <Goods> in no namespace. */
static int sniff(const ins_sniff *s)
{
    return s->is_xml && !strcmp(s->root_local, "Goods") && !s->root_ns[0] ? 90 : 0;
}

/*
** Reads a Yes/No flag of COUNTRY.  Missing is No; any other value is read
** as No with a warning, since the list marks every flag explicitly.
*/
static int flag(ilab_state *st, xmlNodePtr country, const char *name, const char *good,
                int line)
{
    char *v = insXmlPathText(country, name);
    int yes = 0;
    if (v && insUStrieq(v, "Yes"))
        yes = 1;
    else if (v && !insUStrieq(v, "No"))
        insModelWarn(st->ctx->db, st->doc, "flag", _("line %d: %s of '%s' is '%s', read as No"),
                     line, name, good, v);
    free(v);
    return yes;
}

/*
** Maps a country name of the list to ISO alpha-2.  A name with a
** parenthesis ("Turkey (Türkiye)") is tried whole, then without it, then
** by what the parenthesis holds.
*/
static int country_code(const char *name, char out[3])
{
    if (insNormCountry(name, out)) return 1;
    const char *open = strstr(name, " (");
    const char *close = open ? strchr(open, ')') : NULL;
    if (!open || !close) return 0;
    char *head = insUStrndup(name, (size_t)(open - name));
    char *inner = insUStrndup(open + 2, (size_t)(close - open - 2));
    int ok = head && inner && (insNormCountry(head, out) || insNormCountry(inner, out));
    free(head);
    free(inner);
    return ok;
}

/* Inserts the (good, country) rows of one <Good>. */
static int import_good(ilab_state *st, xmlNodePtr good, int line)
{
    static const char ins[] =
        "INSERT OR REPLACE INTO ilab_goods(good, sector, country, country_code, child_labor,"
        " forced_labor, forced_child_labor) VALUES(?,?,?,?,?,?,?)";
    char *name = insXmlPathText(good, "Good_Name");
    if (!name)
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("line %d: <Good> without Good_Name"),
                               line);
    char *sector = insXmlPathText(good, "Good_Sector");
    int rc = INS_OK;
    for (xmlNodePtr c = insXmlPath(good, "Countries/Country"); c && rc == INS_OK;
         c = insXmlNext(c, "Country")) {
        char *country = insXmlPathText(c, "Country_Name");
        if (!country) {
            rc = insImportReject(st->ctx, INS_ERR_FORMAT,
                                 _("line %d: a country of '%s' has no Country_Name"), line, name);
            break;
        }
        char cc[3] = "";
        if (!country_code(country, cc))
            insModelWarn(st->ctx->db, st->doc, "country",
                         _("line %d: country '%s' has no ISO code; country_code left empty"),
                         line, country);
        int cl = flag(st, c, "Child_Labor", name, line);
        int fl = flag(st, c, "Forced_Labor", name, line);
        int fcl = flag(st, c, "Forced_Child_Labor", name, line);
        sqlite3_stmt *s = insDbStmt(st->ctx->db, ins);
        if (!s) rc = INS_ERR_DB;
        else {
            insDbBindText(s, 1, name);
            insDbBindText(s, 2, sector);
            insDbBindText(s, 3, country);
            insDbBindText(s, 4, cc[0] ? cc : NULL);
            sqlite3_bind_int(s, 5, cl);
            sqlite3_bind_int(s, 6, fl);
            sqlite3_bind_int(s, 7, fcl);
            if (sqlite3_step(s) != SQLITE_DONE) rc = INS_ERR_DB;
            else st->read++;
        }
        free(country);
    }
    free(name);
    free(sector);
    return rc;
}

/*
** Loads the list, replacing the previous one.  A (good, country) pair
** listed twice is kept once (the later entry) and counted in a warning.
*/
static int run(ins_import_ctx *ctx)
{
    static const char del[] = "DELETE FROM ilab_goods";
    static const char count[] = "SELECT COUNT(*) FROM ilab_goods";
    ilab_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    ins_xml *x = NULL;
    int rc = insXmlOpen(ctx, &x);
    if (rc != INS_OK) return rc;
    if (strcmp(insXmlRootLocal(x), "Goods") != 0 || insXmlRootNs(x)[0]) {
        rc = insImportReject(ctx, INS_ERR_UNSUPPORTED,
                             _("root element <%s> is not the ILAB list's <Goods>"),
                             insXmlRootLocal(x));
        insXmlClose(x);
        return rc;
    }
    st.doc = insRefDocument(ctx, "ilab-goods");
    sqlite3_stmt *s = st.doc < 0 ? NULL : insDbStmt(ctx->db, del);
    if (!s || sqlite3_step(s) != SQLITE_DONE) {
        insXmlClose(x);
        return INS_ERR_DB;
    }
    xmlNodePtr n;
    while (rc == INS_OK && (n = insXmlNextTop(x, &rc)) != NULL)
        if (insXmlIs(n, "Good")) rc = import_good(&st, n, (int)xmlGetLineNo(n));
    insXmlClose(x);
    if (rc != INS_OK) return rc;

    s = insDbStmt(ctx->db, count);
    if (!s || sqlite3_step(s) != SQLITE_ROW) return INS_ERR_DB;
    int64_t rows = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rows == 0) return insImportReject(ctx, INS_ERR_FORMAT, _("no goods in the list"));
    if (st.read > rows)
        insModelWarn(ctx->db, st.doc, "duplicate",
                     _("%lld (good, country) pairs listed more than once; kept once"),
                     (long long)(st.read - rows));
    ctx->records = (unsigned)rows;
    return insRefRecord(ctx, "ilab-goods", rows,
                        "US DOL ILAB List of Goods Produced by Child Labor or Forced Labor (2022),"
                        " USDepartmentofLabor/Child-Labor-Android goods_2021.xml",
                        "US government work, public domain");
}

const ins_importer insImporterIlabGoods = {
    "ilab-goods",
    N_("US DOL ILAB list of goods produced by child or forced labour (XML)"),
    sniff,
    run,
};
