/*
** cases.c: the case register (docs/CASE-REGISTER.md).
**
** Every inspection outcome is recorded, whatever it was (forced labour,
** another violation, none, site not found, site closed): the register is
** what hit rates are measured against (DOMAIN.md, "How targeting is
** judged") and what the history rules read.  Outcomes arrive two ways:
**
**   - a CSV file (importers/inspections_csv.c, kind "inspections"), one row
**     per inspection, inside the import driver's transaction for the file;
**   - one at a time through ins_inspection_add (`inspector inspections add`),
**     in a transaction of its own.
**
** Both go through insCaseRecord: it validates the row, resolves the firm
** (its RUC, or the establishment key or worklist row it names), the
** establishment (annex code, worklist key, or the firm's only site in the
** ubigeo) and the worklist row, and upserts by inspection_ref, so recording
** an inspection again updates it.  ins_inspections_list reads the register
** back as result rows for the output writers.
*/
#include "ins_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- values ------------------------------------------------------------------- */

/* The five outcomes, in order of severity (most severe first). */
static const char *const outcomes[] = {
    "forced_labour", "other_violation", "no_violation", "closed", "not_found",
};

/*
** Normalises an outcome as written ("Forced labour", "forced-labor",
** "NO_VIOLATION") to one of the five names.  Returns the static name or NULL.
*/
static const char *norm_outcome(const char *s)
{
    char b[32];
    size_t n = 0;
    for (; *s && n + 1 < sizeof b; s++) {
        unsigned char c = (unsigned char)*s;
        b[n++] = (char)(c == ' ' || c == '-' ? '_' : tolower(c));
    }
    if (*s) return NULL;
    b[n] = '\0';
    if (!strcmp(b, "forced_labor")) return outcomes[0];
    for (size_t i = 0; i < INS_ARRAY_LEN(outcomes); i++)
        if (!strcmp(b, outcomes[i])) return outcomes[i];
    return NULL;
}

/* Normalises a regulator: labour (labor, sunafil) or transport (sutran). */
static const char *norm_regulator(const char *s)
{
    if (insUStrieq(s, "labour") || insUStrieq(s, "labor") || insUStrieq(s, "sunafil"))
        return "labour";
    if (insUStrieq(s, "transport") || insUStrieq(s, "sutran")) return "transport";
    return NULL;
}

/*
** Parses a date written YYYY-MM-DD, optionally followed by a time ("T..."
** or " ..."), into out[11].  Other trailing text is refused.  1 on success.
*/
static int parse_date(const char *s, char out[11])
{
    if (!insUParseDate(s, out)) return 0;
    while (*s == ' ') s++;
    return s[10] == '\0' || s[10] == 'T' || s[10] == ' ';
}

/* Copies the digits of a RUC written with blanks, dots or dashes into
** out[12]; 0 when anything else is in it or it is not 11 digits. */
static int clean_ruc(const char *s, char out[12])
{
    size_t n = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s)) {
            if (n == 11) return 0;
            out[n++] = *s;
        } else if (*s != ' ' && *s != '.' && *s != '-') {
            return 0;
        }
    }
    out[n] = '\0';
    return n == 11;
}

/* 1 when S is empty or NULL. */
static int blank(const char *s)
{
    return !s || !*s;
}

/* ---- resolving what a row names --------------------------------------------- */

/* What insCaseRecord found out about the worklist row a record names. */
typedef struct wl_row {
    int found;
    char subject_type[16];
    char *subject_key;
    int64_t firm;     /* 0: the row names no firm (vehicle, route) */
    char kind[16];    /* labor, transport */
    char issued[11];  /* date the worklist was recorded */
} wl_row;

/* Looks up worklist row (WID, RANK).  Returns INS_OK (found or not) or INS_ERR_DB. */
static int find_worklist_row(ins_db *db, int64_t wid, int64_t rank, wl_row *w)
{
    static const char q[] =
        "SELECT wr.subject_type, wr.subject_key, COALESCE(wr.firm_id, 0), w.kind,"
        " substr(w.created_at, 1, 10)"
        " FROM worklist_rows wr JOIN worklists w ON w.id = wr.worklist_id"
        " WHERE wr.worklist_id = ? AND wr.rank = ?";
    memset(w, 0, sizeof *w);
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, wid);
    sqlite3_bind_int64(st, 2, rank);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        w->found = 1;
        insUStrlcpy(w->subject_type, (const char *)sqlite3_column_text(st, 0), sizeof w->subject_type);
        const char *k = (const char *)sqlite3_column_text(st, 1);
        w->subject_key = insUStrdup(k ? k : "");
        w->firm = sqlite3_column_int64(st, 2);
        const char *kind = (const char *)sqlite3_column_text(st, 3);
        insUStrlcpy(w->kind, kind ? kind : "", sizeof w->kind);
        const char *d = (const char *)sqlite3_column_text(st, 4);
        insUStrlcpy(w->issued, d ? d : "", sizeof w->issued);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return INS_ERR_DB;
    if (w->found && !w->subject_key) return INS_ERR_NOMEM;
    return INS_OK;
}

/*
** Resolves an establishment key as printed in worklists and scores,
** "TAXID/ANNEX-or-UBIGEO#ID" (INS_ESTAB_KEY): the number after the last '#'
** is the establishment's id, and the whole key must be that
** establishment's current key.  Sets *est and *firm.  Returns 1 when
** resolved, 0 when the key names no establishment, -1 on database error.
*/
static int resolve_estab_key(ins_db *db, const char *key, int64_t *est, int64_t *firm)
{
    static const char q[] =
        "SELECT e.id, e.firm_id FROM establishments e JOIN firms f ON f.id = e.firm_id"
        " WHERE e.id = ? AND " INS_ESTAB_KEY " = ?";
    const char *hash = strrchr(key, '#');
    if (!hash || !hash[1] || strspn(hash + 1, "0123456789") != strlen(hash + 1) || strlen(hash + 1) > 18)
        return 0;
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, strtoll(hash + 1, NULL, 10));
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *est = sqlite3_column_int64(st, 0);
        *firm = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return -1;
    return rc == SQLITE_ROW;
}

/*
** Resolves the key of a firm scored without a known establishment,
** "TAXID/-": the firm whose tax id (or key) is TAXID.  1, 0 or -1 as above.
*/
static int resolve_firm_key(ins_db *db, const char *key, int64_t *firm)
{
    static const char q[] = "SELECT id FROM firms WHERE COALESCE(tax_id, key) = ? ORDER BY id LIMIT 1";
    size_t n = strlen(key);
    if (n < 3 || strcmp(key + n - 2, "/-") != 0) return 0;
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, (int)(n - 2), SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *firm = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return -1;
    return rc == SQLITE_ROW;
}

/* Runs Q with an int64 as ?1 and a text as ?2 (a query may use either or
** both); returns the first column of the first row, 0 when no row, -1 on
** database error. */
static int64_t lookup_id(ins_db *db, const char *q, int64_t a, const char *b)
{
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, a);
    insDbBindText(st, 2, b);
    int rc = sqlite3_step(st);
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? v : -1;
}

/*
** The tax id of FIRM (TAX_ONLY), or for messages its tax id, else its name,
** else its key, into *out (malloc'd; NULL when the firm has none).  Returns
** INS_OK, INS_ERR_DB or INS_ERR_NOMEM.
*/
static int firm_text(ins_db *db, int64_t firm, int tax_only, char **out)
{
    static const char q[] = "SELECT tax_id, COALESCE(tax_id, name, key) FROM firms WHERE id = ?";
    *out = NULL;
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, firm);
    int rc = sqlite3_step(st), ret = INS_OK;
    if (rc == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, tax_only ? 0 : 1);
        if (v && !(*out = insUStrdup(v))) ret = INS_ERR_NOMEM;
    } else if (rc != SQLITE_DONE) {
        ret = INS_ERR_DB;
    }
    sqlite3_reset(st);
    return ret;
}

/* ---- recording ------------------------------------------------------------------ */

/* The age bands of victim aggregates; the first two are minors. */
static const char *const age_bands[] = {"under_14", "14_17", "18_29", "30_49", "50_plus"};

/* One parsed cell of victim aggregates. */
typedef struct vcell {
    const char *dim;
    char cat[INS_CASE_MAX_CATEGORY_BYTES + 1];
    int64_t count;
} vcell;

/*
** Reads the category CAT (LEN bytes) of dimension DIM into OUT in its
** stored form: sex female|male (also f, m, mujer, hombre), an age band,
** an ISO country for a nationality, a language in lower case (letters,
** spaces as '_') for an interpreter.  0 with *WHY when it is none.
*/
static int victim_category(const char *dim, const char *cat, size_t len, char *out, ins_buf *why)
{
    char c[INS_CASE_MAX_CATEGORY_BYTES + 1];
    if (!len || len > INS_CASE_MAX_CATEGORY_BYTES) {
        insBufPrintf(why, _("victims: a %s category is empty or longer than %d bytes"), dim,
                     INS_CASE_MAX_CATEGORY_BYTES);
        return 0;
    }
    memcpy(c, cat, len);
    c[len] = '\0';
    if (!strcmp(dim, "sex")) {
        static const char *const f[] = {"female", "f", "mujer", "mujeres", "femenino"};
        static const char *const m[] = {"male", "m", "hombre", "hombres", "masculino"};
        for (size_t i = 0; i < INS_ARRAY_LEN(f); i++)
            if (insUStrieq(c, f[i])) return insUStrlcpy(out, "female", INS_CASE_MAX_CATEGORY_BYTES + 1), 1;
        for (size_t i = 0; i < INS_ARRAY_LEN(m); i++)
            if (insUStrieq(c, m[i])) return insUStrlcpy(out, "male", INS_CASE_MAX_CATEGORY_BYTES + 1), 1;
        insBufPrintf(why, _("victims: sex '%s' is not female or male"), c);
        return 0;
    }
    if (!strcmp(dim, "age")) {
        for (size_t i = 0; i < INS_ARRAY_LEN(age_bands); i++)
            if (!strcmp(c, age_bands[i])) return insUStrlcpy(out, c, INS_CASE_MAX_CATEGORY_BYTES + 1), 1;
        insBufPrintf(why, _("victims: age band '%s' is not under_14, 14_17, 18_29, 30_49 or 50_plus"), c);
        return 0;
    }
    if (!strcmp(dim, "nationality")) {
        char iso[3];
        if (insNormCountry(c, iso)) return insUStrlcpy(out, iso, INS_CASE_MAX_CATEGORY_BYTES + 1), 1;
        insBufPrintf(why, _("victims: nationality '%s' is no country"), c);
        return 0;
    }
    /* interpreter: a language's name, or "unspecified" */
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)c[i];
        if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch - 'A' + 'a');
        if (ch == ' ' || ch == '-') ch = '_';
        if (!((ch >= 'a' && ch <= 'z') || ch == '_' || ch >= 0x80)) {
            insBufPrintf(why, _("victims: language '%s' holds something other than letters"), c);
            return 0;
        }
        out[o++] = (char)ch;
    }
    out[o] = '\0';
    return 1;
}

/*
** Parses victim aggregates TEXT ("dim:category=count", separated by ';')
** into CELLS (at most INS_CASE_MAX_VICTIM_CELLS); *N gets how many.  A
** category given twice adds up.  0 with *WHY on the first bad item.
*/
static int parse_victims(const char *text, vcell *cells, size_t *n, ins_buf *why)
{
    static const char *const dims[] = {"sex", "age", "nationality", "interpreter"};
    *n = 0;
    const char *p = text;
    while (*p) {
        while (*p == ';' || *p == ' ') p++;
        if (!*p) break;
        size_t len = strcspn(p, ";");
        const char *colon = memchr(p, ':', len), *eq = memchr(p, '=', len);
        if (!colon || !eq || eq < colon) {
            insBufPrintf(why, _("victims: '%.*s' is not dimension:category=count"), (int)(len > 60 ? 60 : len), p);
            return 0;
        }
        const char *dim = NULL;
        for (size_t i = 0; i < INS_ARRAY_LEN(dims); i++)
            if ((size_t)(colon - p) == strlen(dims[i]) && !strncmp(p, dims[i], strlen(dims[i]))) dim = dims[i];
        if (!dim) {
            insBufPrintf(why, _("victims: dimension '%.*s' is not sex, age, nationality or interpreter"),
                         (int)(colon - p > 30 ? 30 : colon - p), p);
            return 0;
        }
        const char *cs = colon + 1, *ce = eq;
        while (cs < ce && *cs == ' ') cs++;
        while (ce > cs && ce[-1] == ' ') ce--;
        vcell v;
        v.dim = dim;
        if (!victim_category(dim, cs, (size_t)(ce - cs), v.cat, why)) return 0;
        const char *num = eq + 1, *end = p + len;
        while (num < end && *num == ' ') num++;
        while (end > num && end[-1] == ' ') end--;
        size_t digits = (size_t)(end - num);
        if (!digits || digits > INS_CASE_MAX_COUNT_DIGITS || strspn(num, "0123456789") < digits) {
            insBufPrintf(why, _("victims: the count of %s:%s is not a whole number"), dim, v.cat);
            return 0;
        }
        v.count = strtoll(num, NULL, 10);
        size_t k = 0;
        while (k < *n && !(cells[k].dim == dim && !strcmp(cells[k].cat, v.cat))) k++;
        if (k < *n) {
            cells[k].count += v.count;
        } else {
            if (*n == INS_CASE_MAX_VICTIM_CELLS) {
                insBufPrintf(why, _("victims: more than %d categories"), INS_CASE_MAX_VICTIM_CELLS);
                return 0;
            }
            cells[(*n)++] = v;
        }
        p += len;
    }
    return 1;
}

/*
** Checks the victim cells against the inspection's counts: within one
** dimension they cannot add up to more than the workers affected, and the
** two minor age bands cannot exceed the minors.  0 with *WHY when they do.
*/
static int victims_consistent(const ins_inspection *in, const vcell *cells, size_t n, ins_buf *why)
{
    static const char *const dims[] = {"sex", "age", "nationality", "interpreter"};
    for (size_t d = 0; d < INS_ARRAY_LEN(dims); d++) {
        int64_t sum = 0, minors = 0;
        for (size_t i = 0; i < n; i++)
            if (cells[i].dim == dims[d]) {
                sum += cells[i].count;
                if (d == 1 && (!strcmp(cells[i].cat, "under_14") || !strcmp(cells[i].cat, "14_17")))
                    minors += cells[i].count;
            }
        if (in->workers_affected >= 0 && sum > in->workers_affected) {
            insBufPrintf(why, _("victims: %lld persons by %s, more than the %lld workers affected"),
                         (long long)sum, dims[d], (long long)in->workers_affected);
            return 0;
        }
        if (d == 1 && in->minors >= 0 && minors > in->minors) {
            insBufPrintf(why, _("victims: %lld persons under 18 by age band, more than the %lld minors"),
                         (long long)minors, (long long)in->minors);
            return 0;
        }
    }
    return 1;
}

/* Replaces the victim aggregates of inspection REF with CELLS. */
static int store_victims(ins_db *db, const char *ref, const vcell *cells, size_t n)
{
    static const char q_del[] =
        "DELETE FROM inspection_victims WHERE inspection_id = (SELECT id FROM inspections WHERE inspection_ref = ?)";
    static const char q_ins[] =
        "INSERT INTO inspection_victims(inspection_id, dimension, category, count)"
        " SELECT id, ?2, ?3, ?4 FROM inspections WHERE inspection_ref = ?1";
    sqlite3_stmt *s = insDbStmt(db, q_del);
    if (!s) return INS_ERR_DB;
    insDbBindText(s, 1, ref);
    if (sqlite3_step(s) != SQLITE_DONE) return INS_ERR_DB;
    for (size_t i = 0; i < n; i++) {
        if (!(s = insDbStmt(db, q_ins))) return INS_ERR_DB;
        insDbBindText(s, 1, ref);
        sqlite3_bind_text(s, 2, cells[i].dim, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, cells[i].cat, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 4, cells[i].count);
        if (sqlite3_step(s) != SQLITE_DONE) return INS_ERR_DB;
    }
    return INS_OK;
}

/*
** Validates one inspection and writes it (insert, or update of the same
** inspection_ref): the one validation of a case row, shared by the CSV
** importer and ins_inspection_add so that both accept and refuse the same
** rows with the same words.  DOC is the documents row of the CSV file (0
** for a manual record) and ROW its row number, used in warnings; SOURCE
** ("csv", "manual") is a string literal.  Runs inside the caller's
** transaction.  Returns INS_OK (*UPDATED, if not NULL, set when the
** inspection was already recorded); INS_ERR_ARG for an invalid value and
** INS_ERR_NOTFOUND for something named that does not exist, with the
** reason in WHY; INS_ERR_DB or INS_ERR_NOMEM.
*/
int insCaseRecord(ins_db *db, int64_t doc, unsigned long row, const ins_inspection *in,
                  const char *source, ins_buf *why, int *updated)
{
    static const char q_same_ruc[] = "SELECT id FROM firms WHERE tax_id = ?2 ORDER BY id LIMIT 1";
    static const char q_annex[] =
        "SELECT id FROM establishments WHERE firm_id = ? AND annex_code = ? ORDER BY id LIMIT 1";
    static const char q_in_ubigeo[] =
        "SELECT CASE WHEN COUNT(*) = 1 THEN MIN(id) ELSE 0 END FROM establishments"
        " WHERE firm_id = ? AND ubigeo = ?";
    static const char q_prev[] = "SELECT COALESCE(document_id, 0) FROM inspections WHERE inspection_ref = ?";
    static const char q_upsert[] =
        "INSERT INTO inspections(inspection_ref, firm_id, tax_id, establishment_id, ubigeo, date,"
        " regulator, worklist_id, worklist_rank, outcome, infractions, workers_affected, minors, note,"
        " source, document_id, recorded_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(inspection_ref) DO UPDATE SET firm_id = excluded.firm_id,"
        "  tax_id = excluded.tax_id, establishment_id = excluded.establishment_id,"
        "  ubigeo = excluded.ubigeo, date = excluded.date, regulator = excluded.regulator,"
        "  worklist_id = excluded.worklist_id, worklist_rank = excluded.worklist_rank,"
        "  outcome = excluded.outcome, infractions = excluded.infractions,"
        "  workers_affected = excluded.workers_affected, minors = excluded.minors,"
        "  note = excluded.note, source = excluded.source, document_id = excluded.document_id,"
        "  recorded_at = excluded.recorded_at";

    char date[11], ruc[12];
    const char *outcome, *regulator = NULL;
    wl_row wl;
    memset(&wl, 0, sizeof wl);
    int64_t firm = 0, est = 0;
    char *tax = NULL;
    int rc = INS_ERR_ARG;

    if (blank(in->ref)) { insBufAppendStr(why, _("inspection_id is empty")); goto out; }
    if (blank(in->date)) { insBufAppendStr(why, _("date is empty")); goto out; }
    if (!parse_date(in->date, date)) {
        insBufPrintf(why, _("date '%s' is not a date written YYYY-MM-DD"), in->date);
        goto out;
    }
    if (blank(in->outcome)) { insBufAppendStr(why, _("outcome is empty")); goto out; }
    if (!(outcome = norm_outcome(in->outcome))) {
        insBufPrintf(why, _("outcome '%s' is not one of forced_labour, other_violation, no_violation, "
                            "not_found, closed"), in->outcome);
        goto out;
    }
    if (!blank(in->regulator) && !(regulator = norm_regulator(in->regulator))) {
        insBufPrintf(why, _("regulator '%s' is not labour or transport"), in->regulator);
        goto out;
    }
    if (in->infractions < -1 || in->workers_affected < -1 || in->minors < -1) {
        insBufAppendStr(why, _("counts cannot be negative"));
        goto out;
    }
    if (!blank(in->ubigeo) && (strlen(in->ubigeo) != 6 || strspn(in->ubigeo, "0123456789") != 6)) {
        insBufPrintf(why, _("ubigeo '%s' is not 6 digits"), in->ubigeo);
        goto out;
    }
    vcell vcells[INS_CASE_MAX_VICTIM_CELLS];
    size_t nv = 0;
    if (!blank(in->victims) &&
        (!parse_victims(in->victims, vcells, &nv, why) || !victims_consistent(in, vcells, nv, why)))
        goto out;
    if ((in->worklist_id > 0) != (in->worklist_rank > 0) || in->worklist_id < 0 || in->worklist_rank < 0) {
        insBufAppendStr(why, _("worklist_id and worklist_rank go together (both, or neither)"));
        goto out;
    }

    /* the worklist row */
    if (in->worklist_id > 0) {
        if ((rc = find_worklist_row(db, in->worklist_id, in->worklist_rank, &wl)) != INS_OK) goto out;
        rc = INS_ERR_NOTFOUND;
        if (!wl.found) {
            insBufPrintf(why, _("worklist %lld has no row %lld"), (long long)in->worklist_id,
                         (long long)in->worklist_rank);
            goto out;
        }
        rc = INS_ERR_ARG;
    }

    /* the firm, from its RUC */
    if (!blank(in->tax_id)) {
        if (!clean_ruc(in->tax_id, ruc)) {
            /* not quoted: a number that is no RUC may be a person's DNI */
            insBufPrintf(why, _("tax_id is not a RUC (11 digits): it has %zu characters"),
                         strlen(in->tax_id));
            goto out;
        }
        if (ins_ruc_check(ruc, 11) != 1) {
            /* a RUC the database already holds is taken as it is */
            int64_t known = lookup_id(db, q_same_ruc, 0, ruc);
            if (known < 0) { rc = INS_ERR_DB; goto out; }
            if (!known) {
                insBufPrintf(why, _("RUC %s fails its check digit"), ruc);
                goto out;
            }
        }
        ins_party p = {INS_SCHEME_PE_RUC, ruc, NULL, "PE"};
        firm = insModelFirm(db, doc, &p);
        if (firm <= 0) { rc = INS_ERR_DB; goto out; }
    }

    /* the establishment key printed in a worklist, or a firm's key */
    int annex = 0;
    if (!blank(in->establishment)) {
        int64_t kfirm = 0;
        int k = resolve_estab_key(db, in->establishment, &est, &kfirm);
        if (k == 0) k = resolve_firm_key(db, in->establishment, &kfirm);
        if (k < 0) { rc = INS_ERR_DB; goto out; }
        if (k == 1) {
            if (firm && kfirm != firm) {
                insBufPrintf(why, _("establishment '%s' belongs to another firm than RUC %s"),
                             in->establishment, ruc);
                goto out;
            }
            firm = kfirm;
        } else if (strchr(in->establishment, '#') || strchr(in->establishment, '/')) {
            rc = INS_ERR_NOTFOUND;
            insBufPrintf(why, _("establishment key '%s' names no establishment"), in->establishment);
            goto out;
        } else {
            annex = 1;
        }
    }

    /* the firm of the worklist row */
    if (wl.found && wl.firm > 0) {
        if (firm && firm != wl.firm) {
            char *other = NULL;
            if ((rc = firm_text(db, wl.firm, 0, &other)) != INS_OK) goto out;
            insBufPrintf(why, _("worklist %lld row %lld is another firm (%s)"),
                         (long long)in->worklist_id, (long long)in->worklist_rank, other ? other : "?");
            free(other);
            rc = INS_ERR_ARG;
            goto out;
        }
        firm = wl.firm;
    }
    if (!firm && !wl.found) {
        insBufAppendStr(why, _("no firm named: give tax_id, an establishment key or the worklist row"));
        goto out;
    }

    /* the establishment: annex code, the worklist's establishment, or the
     * firm's only establishment in the ubigeo */
    if (annex) {
        if (!firm) {
            insBufPrintf(why, _("annex code '%s' needs the firm's tax_id"), in->establishment);
            goto out;
        }
        if ((est = lookup_id(db, q_annex, firm, in->establishment)) < 0) { rc = INS_ERR_DB; goto out; }
        if (!est) {
            ins_estab_info e;
            memset(&e, 0, sizeof e);
            e.annex_code = in->establishment;
            e.ubigeo = blank(in->ubigeo) ? NULL : in->ubigeo;
            e.country = "PE";
            e.workers = -1;
            if ((est = insModelEstablishment(db, doc, firm, &e)) <= 0) { rc = INS_ERR_DB; goto out; }
            if (doc > 0)
                insModelWarn(db, doc, "new_establishment",
                             _("row %lu: annex %s of the firm was not known; recorded as a new establishment"),
                             row, in->establishment);
        }
    }
    if (!est && wl.found && !strcmp(wl.subject_type, "establishment")) {
        int64_t kfirm = 0;
        int k = resolve_estab_key(db, wl.subject_key, &est, &kfirm);
        if (k < 0) { rc = INS_ERR_DB; goto out; }
        if (k == 0 || (firm && kfirm != firm)) est = 0;
    }
    if (!est && firm && !blank(in->ubigeo)) {
        if ((est = lookup_id(db, q_in_ubigeo, firm, in->ubigeo)) < 0) { rc = INS_ERR_DB; goto out; }
    }

    if (!regulator)
        regulator = wl.found && !strcmp(wl.kind, "transport") ? "transport" : "labour";
    if (wl.found && doc > 0 && wl.issued[0] && strcmp(date, wl.issued) < 0)
        insModelWarn(db, doc, "date_before_worklist",
                     _("row %lu: inspection dated %s, before worklist %lld was issued (%s)"), row, date,
                     (long long)in->worklist_id, wl.issued);

    /* a second row for the same inspection in one file is a mistake */
    sqlite3_stmt *st = insDbStmt(db, q_prev);
    if (!st) { rc = INS_ERR_DB; goto out; }
    insDbBindText(st, 1, in->ref);
    int prev = sqlite3_step(st);
    int exists = prev == SQLITE_ROW;
    int64_t prev_doc = exists ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (prev != SQLITE_ROW && prev != SQLITE_DONE) { rc = INS_ERR_DB; goto out; }
    if (exists && doc > 0 && prev_doc == doc) {
        insBufPrintf(why, _("inspection_id '%s' appears twice in the file"), in->ref);
        goto out;
    }

    if (firm && (rc = firm_text(db, firm, 1, &tax)) != INS_OK) goto out;
    char now[21];
    insUNowIso(now);
    if (!(st = insDbStmt(db, q_upsert))) { rc = INS_ERR_DB; goto out; }
    insDbBindText(st, 1, in->ref);
    if (firm) sqlite3_bind_int64(st, 2, firm);
    insDbBindText(st, 3, tax);
    if (est) sqlite3_bind_int64(st, 4, est);
    insDbBindText(st, 5, in->ubigeo);
    sqlite3_bind_text(st, 6, date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, regulator, -1, SQLITE_STATIC);
    if (wl.found) {
        sqlite3_bind_int64(st, 8, in->worklist_id);
        sqlite3_bind_int64(st, 9, in->worklist_rank);
    }
    sqlite3_bind_text(st, 10, outcome, -1, SQLITE_STATIC);
    if (in->infractions >= 0) sqlite3_bind_int64(st, 11, in->infractions);
    if (in->workers_affected >= 0) sqlite3_bind_int64(st, 12, in->workers_affected);
    if (in->minors >= 0) sqlite3_bind_int64(st, 13, in->minors);
    insDbBindText(st, 14, in->note);
    sqlite3_bind_text(st, 15, source, -1, SQLITE_STATIC);
    if (doc > 0) sqlite3_bind_int64(st, 16, doc);
    sqlite3_bind_text(st, 17, now, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
    if (rc == INS_OK) rc = store_victims(db, in->ref, vcells, nv);
    if (rc == INS_OK && updated) *updated = exists;
out:
    free(wl.subject_key);
    free(tax);
    return rc;
}

/*
** Records one inspection by hand (source 'manual'), in a transaction of its
** own: the public face of insCaseRecord.  On failure the transaction is
** rolled back and *ERRMSG (malloc'd) says why, in insCaseRecord's words.
*/
int ins_inspection_add(ins_db *db, const ins_inspection *in, int *updated, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    if (updated) *updated = 0;
    if (!db || !in) return INS_ERR_ARG;
    if (insDbBegin(db) != INS_OK) {
        if (errmsg) *errmsg = insUStrdup(insDbErr(db));
        return INS_ERR_DB;
    }
    ins_buf why;
    insBufInit(&why);
    int rc = insCaseRecord(db, 0, 0, in, "manual", &why, updated);
    if (rc == INS_OK && insDbCommit(db) != INS_OK) rc = INS_ERR_DB;
    if (rc != INS_OK) {
        if (errmsg) {
            if (rc == INS_ERR_DB && !why.len) insBufAppendStr(&why, insDbErr(db));
            *errmsg = why.len ? insBufDetach(&why) : insUStrdup(ins_strerror(rc));
        }
        insDbRollback(db);
    }
    insBufFree(&why);
    return rc;
}

/* ---- listing ------------------------------------------------------------------ */

/* Columns of the register as listed, in the order of the query below. */
static const char *const list_cols[] = {
    "inspection_id", "date", "regulator", "tax_id", "firm", "establishment", "ubigeo", "department",
    "worklist_id", "worklist_rank", "control", "outcome", "infractions", "workers_affected",
    "minors", "source", "note", "recorded_at",
};

/*
** Lists the case register, inspections dated FROM..TO inclusive (NULL:
** open), oldest first, as result rows for the output writers: each
** inspection with its firm, establishment key, department, the worklist row
** it came from and whether that row was in the control slice.
*/
int ins_inspections_list(ins_db *db, const char *from, const char *to, ins_result **out,
                         char **errmsg)
{
    static const char q[] =
        "SELECT i.inspection_ref, i.date, i.regulator, i.tax_id, fi.name,"
        " CASE WHEN e.id IS NOT NULL THEN " INS_ESTAB_KEY " END, COALESCE(i.ubigeo, e.ubigeo),"
        " (SELECT u.department FROM ubigeo u WHERE u.code = substr(COALESCE(i.ubigeo, e.ubigeo), 1, 2) || '0000'),"
        " i.worklist_id, i.worklist_rank, wr.control, i.outcome, i.infractions, i.workers_affected,"
        " i.minors, i.source, i.note, i.recorded_at"
        " FROM inspections i LEFT JOIN firms fi ON fi.id = i.firm_id"
        " LEFT JOIN establishments e ON e.id = i.establishment_id LEFT JOIN firms f ON f.id = e.firm_id"
        " LEFT JOIN worklist_rows wr ON wr.worklist_id = i.worklist_id AND wr.rank = i.worklist_rank"
        " WHERE (?1 IS NULL OR i.date >= ?1) AND (?2 IS NULL OR i.date <= ?2)"
        " ORDER BY i.date, i.inspection_ref";
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    char f[11], t[11];
    if ((from && !parse_date(from, f)) || (to && !parse_date(to, t))) {
        if (errmsg) *errmsg = insUStrdup(_("dates are written YYYY-MM-DD"));
        return INS_ERR_ARG;
    }
    ins_result *r = insResultNew(D_("Inspection register"),
                                 D_("Recorded outcomes; notes must not hold workers' identities"),
                                 list_cols, INS_ARRAY_LEN(list_cols));
    if (!r) return INS_ERR_NOMEM;
    r->layout = INS_LAYOUT_REGISTER; /* a table: one line per inspection */
    sqlite3_stmt *st = insDbStmt(db, q);
    if (!st) {
        ins_result_free(r);
        if (errmsg) *errmsg = insUStrdup(insDbErr(db));
        return INS_ERR_DB;
    }
    if (from) sqlite3_bind_text(st, 1, f, -1, SQLITE_TRANSIENT);
    if (to) sqlite3_bind_text(st, 2, t, -1, SQLITE_TRANSIENT);
    int rc = INS_OK, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        long row = insResultAddRow(r);
        if (row < 0) { rc = INS_ERR_NOMEM; break; }
        for (size_t c = 0; c < INS_ARRAY_LEN(list_cols); c++)
            if (insResultSet(r, (size_t)row, c, (const char *)sqlite3_column_text(st, (int)c)) != INS_OK)
                rc = INS_ERR_NOMEM;
    }
    if (rc == INS_OK && step != SQLITE_DONE && step != SQLITE_ROW) rc = INS_ERR_DB;
    sqlite3_reset(st);
    if (rc != INS_OK) {
        if (errmsg) *errmsg = insUStrdup(rc == INS_ERR_DB ? insDbErr(db) : ins_strerror(rc));
        ins_result_free(r);
        return rc;
    }
    *out = r;
    return INS_OK;
}
