/*
** model.c: the identities every source shares (firms, establishments,
** persons) and the documents facts come from.
**
** Importers never write identity rows directly; they call these functions,
** so a firm met in an invoice, a guia, a facility list, a customs
** declaration or a payroll file is one row.  Warnings about a document and
** values without a column (record_attributes) are written here too.  Tables
** derived from the facts (supply edges, payroll months) are in derive.c.
*/
#include "ins_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
** Creates the documents row for one business document of FILE_ID.
** Returns its id, or -1 on database error.
*/
int64_t insModelDocument(ins_db *db, int64_t file_id, const ins_doc_info *d)
{
    static const char sql[] =
        "INSERT INTO documents(file_id, kind, type_code, generation, number, issuer_firm_id,"
        " issue_date, currency, operation_type) VALUES(?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *st = insDbStmt(db, sql);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, file_id);
    insDbBindText(st, 2, d->kind);
    insDbBindText(st, 3, d->type_code);
    insDbBindText(st, 4, d->generation);
    insDbBindText(st, 5, d->number);
    if (d->issuer_firm_id > 0) sqlite3_bind_int64(st, 6, d->issuer_firm_id);
    insDbBindText(st, 7, d->issue_date);
    insDbBindText(st, 8, d->currency);
    insDbBindText(st, 9, d->operation_type);
    if (sqlite3_step(st) != SQLITE_DONE) return -1;
    return sqlite3_last_insert_rowid(db->h);
}

/*
** Records a problem that leaves document DOC_ID usable (a bad check digit,
** an ignored column): CODE is a stable tag, the message is FMT formatted.
** A warning never rejects a file; rejections go through insImportReject.
** Writes nothing and returns INS_ERR_DB when DOC_ID is 0 (no document).
*/
int insModelWarn(ins_db *db, int64_t doc_id, const char *code, const char *fmt, ...)
{
    static const char sql[] =
        "INSERT INTO document_warnings(document_id, code, message) VALUES(?,?,?)";
    ins_buf m;
    insBufInit(&m);
    va_list ap;
    va_start(ap, fmt);
    insBufVprintf(&m, fmt, ap);
    va_end(ap);
    sqlite3_stmt *st = insDbStmt(db, sql);
    int rc = INS_ERR_DB;
    if (st && doc_id > 0) {
        sqlite3_bind_int64(st, 1, doc_id);
        sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, insBufStr(&m), -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
    }
    insBufFree(&m);
    return rc;
}

/* Copies ID without spaces, dashes or dots, upper-cased, into a malloc'd
** string: "20505310072 ", "20-50531007-2" and "gb123" become comparable. */
static char *clean_id(const char *id)
{
    size_t n = strlen(id);
    char *o = malloc(n + 1);
    if (!o) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)id[i];
        if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '\t' || c == '\n' || c == '\r')
            continue;
        o[k++] = (char)toupper(c);
    }
    o[k] = '\0';
    return o;
}

/* 1 when S is exactly N ASCII digits long. */
static int all_digits(const char *s, size_t n)
{
    if (strlen(s) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

/* Guesses a scheme from an identifier's shape when the source gave none. */
static const char *guess_scheme(const char *id, const char *country)
{
    int pe = !country || !strcmp(country, "PE");
    if (all_digits(id, 11)) {
        if (pe) return INS_SCHEME_PE_RUC;
        if (country && !strcmp(country, "AR")) return INS_SCHEME_AR_CUIT;
    }
    if (pe && all_digits(id, 8)) return INS_SCHEME_PE_DNI;
    if (strlen(id) > 2 && isalpha((unsigned char)id[0]) && isalpha((unsigned char)id[1]) &&
        all_digits(id + 2, strlen(id + 2)) && strlen(id) >= 7 && !pe)
        return INS_SCHEME_EORI;
    return INS_SCHEME_OTHER;
}

/* The country a national scheme implies ("PE-RUC" -> "PE"), or NULL. */
static const char *scheme_country(const char *scheme)
{
    if (!strncmp(scheme, "PE-", 3)) return "PE";
    if (!strncmp(scheme, "AR-", 3)) return "AR";
    return NULL;
}

/* How warnings name a scheme: "RUC", "DNI", "CUIT", else the scheme. */
static const char *scheme_label(const char *scheme)
{
    if (!strcmp(scheme, INS_SCHEME_PE_RUC)) return "RUC";
    if (!strcmp(scheme, INS_SCHEME_PE_DNI)) return "DNI";
    if (!strcmp(scheme, INS_SCHEME_AR_CUIT)) return "CUIT";
    return scheme;
}

/* The fill-once columns of a firm the identity cache tracks. */
enum { FIRM_HAS_NAME = 1, FIRM_HAS_COUNTRY = 2 };

/*
** Finds or creates the firm a party denotes.  Identity is the key
** "SCHEME:ID"; a party with no identifier is keyed by country and
** normalised name ("NAME:PE:manguifajas industriales sac").  The first name
** seen becomes the firm's display name; every name seen is kept in
** firm_names with the document that used it.
*/
int64_t insModelFirm(ins_db *db, int64_t doc_id, const ins_party *p)
{
    static const char upsert[] =
        "INSERT INTO firms(key, scheme, tax_id, country, name, norm_name, id_valid, first_document_id)"
        " VALUES(?,?,?,?,?,?,?,?)"
        " ON CONFLICT(key) DO UPDATE SET"
        "  name = COALESCE(firms.name, excluded.name),"
        "  norm_name = COALESCE(firms.norm_name, excluded.norm_name),"
        "  country = COALESCE(firms.country, excluded.country)"
        " RETURNING id, name, country";
    static const char addname[] =
        "INSERT OR IGNORE INTO firm_names(firm_id, name, norm_name, document_id) VALUES(?,?,?,?)";

    char *id = NULL, *name = NULL, *norm = NULL;
    ins_buf key;
    insBufInit(&key);
    int64_t firm = -1;
    const char *scheme = p->scheme;
    const char *country = p->country;

    if (p->id && *p->id && strcmp(p->id, "-") != 0) {
        id = clean_id(p->id);
        if (!id) goto out;
        if (!*id || strspn(id, "0") == strlen(id)) { free(id); id = NULL; }
    }
    if (p->name) {
        name = insUStrndup(p->name, strnlen(p->name, INS_MAX_NAME_BYTES));
        if (!name) goto out;
        insUTrim(name);
        if (!*name || !strcmp(name, "-")) { free(name); name = NULL; }
    }
    if (!id && !name) { firm = 0; goto out; }
    if (name && !(norm = insNormName(name))) goto out;

    int valid = -2;
    if (id) {
        if (!scheme) scheme = guess_scheme(id, country);
        if (!country) country = scheme_country(scheme);
        insBufPrintf(&key, "%s:%s", scheme, id);
        valid = insIdValidate(scheme, id);
    } else {
        scheme = INS_SCHEME_NAME;
        insBufPrintf(&key, "NAME:%s:%s", country ? country : "??", norm);
    }

    /* The upsert only fills the name and the country when the row lacks
     * them: when the transaction already knows the row has every value this
     * party brings, it would change nothing (idcache.c). */
    unsigned brings = (name ? FIRM_HAS_NAME : 0u) | (country && *country ? FIRM_HAS_COUNTRY : 0u);
    unsigned known = 0;
    sqlite3_stmt *st;
    if (!insDbIdCacheGet(db, 'F', insBufStr(&key), &firm, &known) || (brings & ~known)) {
        st = insDbStmt(db, upsert);
        if (!st) { firm = -1; goto out; }
        insDbBindText(st, 1, insBufStr(&key));
        insDbBindText(st, 2, scheme);
        insDbBindText(st, 3, id);
        insDbBindText(st, 4, country);
        insDbBindText(st, 5, name);
        insDbBindText(st, 6, norm);
        if (valid == 0 || valid == 1) sqlite3_bind_int(st, 7, valid);
        if (doc_id > 0) sqlite3_bind_int64(st, 8, doc_id);
        if (sqlite3_step(st) != SQLITE_ROW) { firm = -1; goto out; }
        firm = sqlite3_column_int64(st, 0);
        unsigned has = (sqlite3_column_type(st, 1) != SQLITE_NULL ? FIRM_HAS_NAME : 0u) |
                       (sqlite3_column_type(st, 2) != SQLITE_NULL ? FIRM_HAS_COUNTRY : 0u);
        sqlite3_reset(st);
        insDbIdCachePut(db, 'F', insBufStr(&key), firm, has);
    }

    if (name) {
        st = insDbStmt(db, addname);
        if (!st) { firm = -1; goto out; }
        sqlite3_bind_int64(st, 1, firm);
        insDbBindText(st, 2, name);
        insDbBindText(st, 3, norm);
        if (doc_id > 0) sqlite3_bind_int64(st, 4, doc_id);
        if (sqlite3_step(st) != SQLITE_DONE) { firm = -1; goto out; }
    }
    /* A person's number (a buyer's DNI) is described, never quoted. */
    int quote = id && !insIdSchemePersonal(scheme);
    if (id && valid == 0 && doc_id > 0)
        insModelWarn(db, doc_id, "id_check", _("%s %s fails its check digit"), scheme_label(scheme),
                     quote ? id : _("(a person's number)"));
    else if (id && valid == -1 && doc_id > 0 && strcmp(scheme, INS_SCHEME_OTHER) != 0)
        insModelWarn(db, doc_id, "id_shape", _("%s %s is not shaped like a %s"), scheme_label(scheme),
                     quote ? id : _("(a person's number)"), scheme_label(scheme));
out:
    free(id);
    free(name);
    free(norm);
    insBufFree(&key);
    return firm;
}

/*
** Adds NAME (normalised NORM) to the names FIRM was seen under, with the
** document DOC_ID that used it (0: none).  A name already recorded for
** that firm and document is not added twice.
*/
static int firm_name_add(ins_db *db, int64_t firm, int64_t doc_id, const char *name,
                         const char *norm)
{
    static const char sql[] =
        "INSERT OR IGNORE INTO firm_names(firm_id, name, norm_name, document_id) VALUES(?,?,?,?)";
    sqlite3_stmt *st = insDbStmt(db, sql);
    if (!st) return INS_ERR_DB;
    sqlite3_bind_int64(st, 1, firm);
    insDbBindText(st, 2, name);
    insDbBindText(st, 3, norm);
    if (doc_id > 0) sqlite3_bind_int64(st, 4, doc_id);
    return sqlite3_step(st) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}

/*
** Finds the identified firm (any scheme but NAME) of COUNTRY whose name or
** any recorded name normalises to NORM.  Returns its id, 0 when there is
** none, -2 when two or more firms qualify (ambiguous), -1 on error.
*/
static int64_t identified_by_name(ins_db *db, const char *norm, const char *country)
{
    static const char sql[] =
        "SELECT f.id FROM firms f WHERE f.country = ?1 AND f.norm_name = ?2 AND f.scheme <> 'NAME'"
        " UNION"
        " SELECT f.id FROM firm_names n JOIN firms f ON f.id = n.firm_id"
        "  WHERE n.norm_name = ?2 AND f.country = ?1 AND f.scheme <> 'NAME'"
        " LIMIT 2";
    sqlite3_stmt *st = insDbStmt(db, sql);
    if (!st) return -1;
    insDbBindText(st, 1, country);
    insDbBindText(st, 2, norm);
    int64_t found = 0;
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        found = sqlite3_column_int64(st, 0);
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return -1;
    return n > 1 ? -2 : found;
}

/* The firm keyed by KEY, 0 when none, -1 on error. */
static int64_t firm_by_key(ins_db *db, const char *key)
{
    static const char sql[] = "SELECT id FROM firms WHERE key = ?";
    sqlite3_stmt *st = insDbStmt(db, sql);
    if (!st) return -1;
    insDbBindText(st, 1, key);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? id : -1;
}

/*
** Resolves a party that may be known by name alone (a customs declaration
** names many traders by name and address only) to a firm.  With an
** identifier: the firm of that identifier (insModelFirm; a NULL scheme lets
** it guess from the identifier's shape and the country) -> "identifier".
** Known only by name: first an identified firm of the same country whose
** name, or any name it was seen under, normalises the same (when exactly
** one does; the name is then recorded among its names), then an existing
** NAME firm of that country and name -> "name"; otherwise a new NAME firm
** -> "new".  When several identified firms qualify none is chosen: a
** name_ambiguous warning goes on the document.  A name-only party without
** a country only meets NAME firms without one.  *RESOLVED_BY receives the
** word in quotes (NULL when no firm).  Returns the firm id, 0 when the
** party has neither identifier nor name, -1 on database error.
**
** It lives here, not in an importer, because it writes identity rows
** (firms, firm_names), which only the model does.
*/
int64_t insModelFirmByName(ins_db *db, int64_t doc_id, const ins_party *party,
                           const char **resolved_by)
{
    *resolved_by = NULL;
    ins_party p = *party;
    const char *name = party->name, *country = party->country;
    if (insIdPresent(p.id)) {
        int64_t f = insModelFirm(db, doc_id, &p);
        if (f > 0) *resolved_by = "identifier";
        return f;
    }
    if (!name) return 0;
    /* the name as insModelFirm keys it: bounded and trimmed */
    char *nm = insUStrndup(name, strnlen(name, INS_MAX_NAME_BYTES));
    if (!nm) return -1;
    insUTrim(nm);
    char *norm = *nm && strcmp(nm, "-") != 0 ? insNormName(nm) : NULL;
    int64_t f = 0;
    if (!norm || !*norm) goto out; /* nothing to resolve */
    if (country && *country) {
        f = identified_by_name(db, norm, country);
        if (f == -1) goto out;
        if (f == -2) {
            insModelWarn(db, doc_id, "name_ambiguous",
                         _("'%s' (%s) names several identified firms; kept apart by name"), nm,
                         country);
            f = 0;
        } else if (f > 0) {
            if (firm_name_add(db, f, doc_id, nm, norm) != INS_OK) { f = -1; goto out; }
            *resolved_by = "name";
            goto out;
        }
    }
    ins_buf key;
    insBufInit(&key);
    insBufPrintf(&key, "NAME:%s:%s", country && *country ? country : "??", norm);
    int64_t existing = key.oom ? -1 : firm_by_key(db, insBufStr(&key));
    insBufFree(&key);
    if (existing < 0) { f = -1; goto out; }
    p.scheme = NULL;
    p.id = NULL;
    p.name = nm;
    p.country = country && *country ? country : NULL;
    f = insModelFirm(db, doc_id, &p);
    if (f > 0) *resolved_by = existing > 0 ? "name" : "new";
out:
    free(norm);
    free(nm);
    return f;
}

/* The fill-once columns of an establishment that are set, as a mask for
** the identity cache: a text counts when non-empty (an empty one is bound
** as NULL), a coordinate when present. */
static unsigned estab_values(const char *ubigeo, const char *address, const char *country,
                             const char *name, const char *sector, int has_lat, int has_lng)
{
    return (ubigeo && *ubigeo ? 1u : 0u) | (address && *address ? 2u : 0u) |
           (country && *country ? 4u : 0u) | (name && *name ? 8u : 0u) |
           (sector && *sector ? 16u : 0u) | (has_lat ? 32u : 0u) | (has_lng ? 64u : 0u);
}

/*
** Finds or creates an establishment of FIRM_ID.  Identity: the SUNAT annex
** code when the source gives one (0000 is the main establishment),
** otherwise the ubigeo plus normalised address, otherwise the normalised
** name, otherwise the firm's one unnamed "main" site.  Each document that
** points at it is recorded in establishment_sources.  Returns its id, 0
** when FIRM_ID is 0 (no firm), -1 on database error.
*/
int64_t insModelEstablishment(ins_db *db, int64_t doc_id, int64_t firm_id, const ins_estab_info *e)
{
    static const char upsert[] =
        "INSERT INTO establishments(key, firm_id, annex_code, ubigeo, address, country, name,"
        " sector, lat, lng, workers, first_document_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(key) DO UPDATE SET"
        "  ubigeo = COALESCE(establishments.ubigeo, excluded.ubigeo),"
        "  address = COALESCE(establishments.address, excluded.address),"
        "  country = COALESCE(establishments.country, excluded.country),"
        "  name = COALESCE(establishments.name, excluded.name),"
        "  sector = COALESCE(establishments.sector, excluded.sector),"
        "  lat = COALESCE(establishments.lat, excluded.lat),"
        "  lng = COALESCE(establishments.lng, excluded.lng),"
        "  workers = COALESCE(excluded.workers, establishments.workers)"
        " RETURNING id, ubigeo, address, country, name, sector, lat, lng";
    static const char addsrc[] =
        "INSERT OR IGNORE INTO establishment_sources(establishment_id, document_id, role)"
        " VALUES(?,?,?)";
    if (firm_id <= 0) return 0;
    ins_buf key;
    insBufInit(&key);
    char *naddr = NULL;
    int64_t est = -1;
    int has_annex = e->annex_code && *e->annex_code;
    int has_addr = e->address && *e->address;
    int has_ubi = e->ubigeo && *e->ubigeo;
    if (has_annex) {
        insBufPrintf(&key, "%lld|annex:%s", (long long)firm_id, e->annex_code);
    } else if (has_addr || has_ubi) {
        naddr = insNormName(has_addr ? e->address : "");
        if (!naddr) goto out;
        insBufPrintf(&key, "%lld|addr:%s|%s", (long long)firm_id, has_ubi ? e->ubigeo : "", naddr);
    } else if (e->name && *e->name) {
        naddr = insNormName(e->name);
        if (!naddr) goto out;
        insBufPrintf(&key, "%lld|name:%s", (long long)firm_id, naddr);
    } else {
        insBufPrintf(&key, "%lld|main", (long long)firm_id);
    }
    /* As for firms: skip the upsert when the transaction knows it would
     * change nothing (a count of workers always overwrites, so it always
     * runs then). */
    unsigned brings = estab_values(e->ubigeo, e->address, e->country, e->name, e->sector,
                                   e->has_coords, e->has_coords);
    unsigned known = 0;
    sqlite3_stmt *st;
    if (e->workers >= 0 || !insDbIdCacheGet(db, 'E', insBufStr(&key), &est, &known) ||
        (brings & ~known)) {
        st = insDbStmt(db, upsert);
        if (!st) { est = -1; goto out; }
        insDbBindText(st, 1, insBufStr(&key));
        sqlite3_bind_int64(st, 2, firm_id);
        insDbBindText(st, 3, e->annex_code);
        insDbBindText(st, 4, e->ubigeo);
        insDbBindText(st, 5, e->address);
        insDbBindText(st, 6, e->country);
        insDbBindText(st, 7, e->name);
        insDbBindText(st, 8, e->sector);
        insDbBindOptDouble(st, 9, e->has_coords, e->lat);
        insDbBindOptDouble(st, 10, e->has_coords, e->lng);
        if (e->workers >= 0) sqlite3_bind_int64(st, 11, e->workers);
        if (doc_id > 0) sqlite3_bind_int64(st, 12, doc_id);
        if (sqlite3_step(st) != SQLITE_ROW) { est = -1; goto out; }
        est = sqlite3_column_int64(st, 0);
        unsigned has = estab_values((const char *)sqlite3_column_text(st, 1),
                                    (const char *)sqlite3_column_text(st, 2),
                                    (const char *)sqlite3_column_text(st, 3),
                                    (const char *)sqlite3_column_text(st, 4),
                                    (const char *)sqlite3_column_text(st, 5),
                                    sqlite3_column_type(st, 6) != SQLITE_NULL,
                                    sqlite3_column_type(st, 7) != SQLITE_NULL);
        sqlite3_reset(st);
        insDbIdCachePut(db, 'E', insBufStr(&key), est, has);
    }
    if (doc_id > 0) {
        st = insDbStmt(db, addsrc);
        if (!st) { est = -1; goto out; }
        sqlite3_bind_int64(st, 1, est);
        sqlite3_bind_int64(st, 2, doc_id);
        sqlite3_bind_text(st, 3, "declared", -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) est = -1;
    }
out:
    free(naddr);
    insBufFree(&key);
    return est;
}

/*
** Finds or creates a natural person (a driver, a signatory).  Keyed by
** scheme and number; a person with no number is keyed by normalised name.
** Worker identities from payroll never come here: they are stored keyed.
*/
int64_t insModelPerson(ins_db *db, int64_t doc_id, const char *scheme, const char *number,
                       const char *given, const char *family)
{
    static const char upsert[] =
        "INSERT INTO persons(key, scheme, number, given_names, family_names, norm_name, id_valid,"
        " first_document_id) VALUES(?,?,?,?,?,?,?,?)"
        " ON CONFLICT(key) DO UPDATE SET"
        "  given_names = COALESCE(persons.given_names, excluded.given_names),"
        "  family_names = COALESCE(persons.family_names, excluded.family_names),"
        "  norm_name = COALESCE(persons.norm_name, excluded.norm_name)"
        " RETURNING id";
    char *num = NULL, *norm = NULL;
    ins_buf key, full;
    insBufInit(&key);
    insBufInit(&full);
    int64_t pid = -1;
    if (number && *number) {
        num = clean_id(number);
        if (!num) goto out;
        if (!*num) { free(num); num = NULL; }
    }
    if (given && *given) insBufAppendStr(&full, given);
    if (family && *family) {
        if (full.len) insBufAppendChar(&full, ' ');
        insBufAppendStr(&full, family);
    }
    if (full.len && !(norm = insNormName(insBufStr(&full)))) goto out;
    if (!num && !norm) { pid = 0; goto out; }
    if (!scheme) scheme = num && all_digits(num, 8) ? INS_SCHEME_PE_DNI : INS_SCHEME_OTHER;
    if (num)
        insBufPrintf(&key, "%s:%s", scheme, num);
    else
        insBufPrintf(&key, "NAME:%s", norm);
    int valid = num ? insIdValidate(scheme, num) : -2;
    sqlite3_stmt *st = insDbStmt(db, upsert);
    if (!st) goto out;
    insDbBindText(st, 1, insBufStr(&key));
    insDbBindText(st, 2, num ? scheme : INS_SCHEME_NAME);
    insDbBindText(st, 3, num);
    insDbBindText(st, 4, given);
    insDbBindText(st, 5, family);
    insDbBindText(st, 6, norm);
    if (valid == 0 || valid == 1) sqlite3_bind_int(st, 7, valid);
    if (doc_id > 0) sqlite3_bind_int64(st, 8, doc_id);
    if (sqlite3_step(st) != SQLITE_ROW) goto out;
    pid = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
out:
    free(num);
    free(norm);
    insBufFree(&key);
    insBufFree(&full);
    return pid;
}

/*
** Keeps a value a source carried that the model has no column for
** (record_attributes), tied to the document, the record's number in it and
** the entity it describes (ENTITY_ID 0: none).  Nothing a source says is
** dropped; every importer stores such values through here.
*/
int insModelAttribute(ins_db *db, int64_t doc_id, int64_t record_no, const char *entity,
                      int64_t entity_id, const char *name, const char *value)
{
    static const char sql[] =
        "INSERT INTO record_attributes(document_id, record_no, entity, entity_id, name, value)"
        " VALUES(?,?,?,?,?,?)";
    sqlite3_stmt *s = insDbStmt(db, sql);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, doc_id);
    sqlite3_bind_int64(s, 2, record_no);
    insDbBindText(s, 3, entity);
    if (entity_id > 0) sqlite3_bind_int64(s, 4, entity_id);
    insDbBindText(s, 5, name);
    insDbBindText(s, 6, value);
    return sqlite3_step(s) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
}
