/*
** match_index.c: identifiers, the listing index, screening one record.
**
** Identifiers are normalised and decide when equal.  The index holds the
** listings (in force on a date, or ever listed up to it) in memory: every
** name analysed once, blocking keys (phonetic keys, first and last
** letters, the whole name) with their posting lists, identifiers by hash.
** A query (one record: a name, identifiers, birth date, country) gets its
** candidates from the identifiers and from the rarest blocking keys of its
** name, scores the best of them with match_name.c, and returns the hits.
**
** Third stage of the matcher: uses match_words.c and match_name.c.
*/
#include "match_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* Identifiers                                                             */
/* ====================================================================== */

/*
** The comparable form of an identifier: ASCII letters upper-cased, digits
** kept, everything else dropped ("20.512.345-671" and "20512345671" are
** one RUC).  Bounded by OUTSZ.
*/
void insMatchNormId(const char *raw, char *out, size_t outsz)
{
    size_t o = 0;
    if (!outsz) return;
    for (const unsigned char *p = (const unsigned char *)(raw ? raw : ""); *p && o + 1 < outsz; p++) {
        unsigned char c = *p;
        if (c >= 'a' && c <= 'z') out[o++] = (char)(c - 'a' + 'A');
        else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out[o++] = (char)c;
        /* spaces, dots, dashes, slashes and other punctuation are dropped;
           bytes of non-ASCII letters too (identifiers are ASCII) */
    }
    out[o] = '\0';
}

/*
** Guesses a scheme from the shape of a normalised identifier, so that a
** different identifier of the same scheme can lower a name match: eleven
** digits with a valid RUC (or else CUIT) check digit, eight digits a DNI,
** two letters and digits an EORI.  NULL when unsure.
*/
const char *insMatchIdScheme(const char *norm)
{
    if (!norm || !*norm) return NULL;
    size_t len = strlen(norm), digits = strspn(norm, "0123456789");
    if (digits == len && len == 11) {
        if (insIdValidate(INS_SCHEME_PE_RUC, norm) == 1) return INS_SCHEME_PE_RUC;
        if (insIdValidate(INS_SCHEME_AR_CUIT, norm) == 1) return INS_SCHEME_AR_CUIT;
        return NULL;
    }
    if (digits == len && len == 8) return INS_SCHEME_PE_DNI;
    if (len >= 3 && len <= 17 && norm[0] >= 'A' && norm[0] <= 'Z' && norm[1] >= 'A' && norm[1] <= 'Z' &&
        strspn(norm + 2, "0123456789") >= len - 2 && len >= 10)
        return INS_SCHEME_EORI;
    return NULL;
}

/*
** The DNI inside a natural person's tax number, which is how the same
** person is written in other registers: an Argentine CUIT or CUIL with a
** person's prefix (20, 23, 24, 27) holds it in digits 3 to 10, a Peruvian
** RUC starting 10 in digits 3 to 10.  NORM is the normalised number of
** SCHEME; OUT gets the 8 digits.  Returns the DNI's scheme, or NULL.
*/
static const char *person_dni(const char *scheme, const char *norm, char out[9])
{
    if (!scheme || !norm || strlen(norm) != 11 || strspn(norm, "0123456789") != 11) return NULL;
    const char *dni = NULL;
    if (!strcmp(scheme, INS_SCHEME_AR_CUIT) || !strcmp(scheme, "AR-CUIL")) {
        if (!strncmp(norm, "20", 2) || !strncmp(norm, "23", 2) || !strncmp(norm, "24", 2) || !strncmp(norm, "27", 2))
            dni = "AR-DNI";
    } else if (!strcmp(scheme, INS_SCHEME_PE_RUC) && !strncmp(norm, "10", 2)) {
        dni = INS_SCHEME_PE_DNI;
    }
    if (dni) {
        memcpy(out, norm + 2, 8);
        out[8] = '\0';
    }
    return dni;
}

/*
** What a tax number tells of its holder: an Argentine CUIT's prefix (20,
** 23, 24, 27 a person; 30, 33, 34 a company) or a Peruvian RUC's (10 a
** person, 15, 17 and 20 otherwise).  INS_MK_ANY when it says nothing.
*/
static ins_match_kind taxid_kind(const char *scheme, const char *norm)
{
    char dni[9];
    if (!scheme || !norm || strlen(norm) != 11) return INS_MK_ANY;
    if (person_dni(scheme, norm, dni)) return INS_MK_PERSON;
    if (!strcmp(scheme, INS_SCHEME_AR_CUIT) &&
        (!strncmp(norm, "30", 2) || !strncmp(norm, "33", 2) || !strncmp(norm, "34", 2)))
        return INS_MK_COMPANY;
    if (!strcmp(scheme, INS_SCHEME_PE_RUC) && !strncmp(norm, "20", 2)) return INS_MK_COMPANY;
    return INS_MK_ANY;
}

/* Orders strings for qsort. */
static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The decision key of a screened record (see match.h); malloc'd. */
char *insMatchQueryKey(const char *name, const char *const *ids, size_t nids)
{
    char *norm = insNormName(name ? name : "");
    if (!norm) return NULL;
    char idv[INS_MATCH_MAX_IDS][INS_MATCH_MAX_ID_BYTES];
    const char *sorted[INS_MATCH_MAX_IDS];
    size_t n = 0;
    for (size_t i = 0; i < nids && n < INS_MATCH_MAX_IDS; i++) {
        insMatchNormId(ids[i], idv[n], sizeof idv[n]);
        if (!idv[n][0]) continue;
        int dup = 0;
        for (size_t k = 0; k < n; k++) dup |= !strcmp(sorted[k], idv[n]);
        if (!dup) { sorted[n] = idv[n]; n++; }
    }
    qsort(sorted, n, sizeof *sorted, str_cmp);
    ins_buf b;
    insBufInit(&b);
    insBufAppendStr(&b, norm);
    insBufAppendChar(&b, '|');
    for (size_t i = 0; i < n; i++) {
        if (i) insBufAppendChar(&b, ',');
        insBufAppendStr(&b, sorted[i]);
    }
    free(norm);
    if (b.oom) { insBufFree(&b); return NULL; }
    return insBufDetach(&b);
}

/* ====================================================================== */
/* The listing index                                                       */
/* ====================================================================== */

/* A (key, name) posting before the index is compacted. */
typedef struct mpost {
    uint64_t h;
    uint32_t name;
} mpost;

/* Adds S to the arena; returns its offset (0 for NULL or ""), or
** UINT32_MAX when out of memory or past 4 GiB. */
static uint32_t arena_add(ins_match_index *ix, const char *s)
{
    if (!s || !*s) return 0;
    size_t off = ix->arena.len;
    if (off + strlen(s) + 1 >= UINT32_MAX) return UINT32_MAX;
    if (insBufAppendStr(&ix->arena, s) || insBufAppendChar(&ix->arena, '\0')) return UINT32_MAX;
    return (uint32_t)off;
}

/* Frees an index and its scratch space (NULL is fine). */
void insMatchIndexFree(ins_match_index *ix)
{
    if (!ix) return;
    insBufFree(&ix->arena);
    free(ix->listings);
    free(ix->names);
    free(ix->ids);
    free(ix->ids_by_hash);
    free(ix->keyh);
    free(ix->keystart);
    free(ix->post);
    insBufFree(&ix->cname.text);
    insBufFree(&ix->cname.ph);
    free(ix->cname.cps);
    insMatchScratchFree(ix->scr);
    free(ix->ntok);
    free(ix);
}

/*
** A query scratch for IX: the per-name slots and touched list (one entry
** per listing name each) and the analysed query.  Each thread that runs
** queries on one index needs its own.
*/
ins_match_scratch *insMatchScratchNew(const ins_match_index *ix)
{
    ins_match_scratch *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    size_t nn = ix->nnames ? ix->nnames : 1;
    s->slot = calloc(nn, sizeof *s->slot);
    s->touched = malloc(nn * sizeof *s->touched);
    if (!s->slot || !s->touched) { insMatchScratchFree(s); return NULL; }
    return s;
}

/* Frees a query scratch (NULL is fine). */
void insMatchScratchFree(ins_match_scratch *s)
{
    if (!s) return;
    for (int k = 0; k < 3; k++) {
        insBufFree(&s->qname[k].text);
        insBufFree(&s->qname[k].ph);
        free(s->qname[k].cps);
    }
    insBufFree(&s->cname.text);
    insBufFree(&s->cname.ph);
    free(s->cname.cps);
    free(s->slot);
    free(s->touched);
    free(s);
}

/* Names (primary and aliases) held by the index (0 for NULL). */
size_t insMatchIndexNames(const ins_match_index *ix) { return ix ? ix->nnames : 0; }
/* Listings held by the index (0 for NULL). */
size_t insMatchIndexListings(const ins_match_index *ix) { return ix ? ix->nlistings : 0; }
/* Candidates scored by the last insMatchQueryRun (for the benchmark). */
size_t insMatchIndexLastScored(const ins_match_index *ix) { return ix && ix->scr ? ix->scr->last_scored : 0; }

/* Kind of a listing's entity_kind. */
static int listing_kind(const char *k)
{
    if (!k) return INS_MK_ANY;
    if (!strcmp(k, "person")) return INS_MK_PERSON;
    if (!strcmp(k, "company") || !strcmp(k, "organization") || !strcmp(k, "organisation") ||
        !strcmp(k, "legal_entity"))
        return INS_MK_COMPANY;
    return INS_MK_ANY;
}

/*
** Reads the birth years and full dates in S ("1962-03-01; 1963", "1970")
** into YEARS/DAYS (at most MAX); returns how many.
*/
static int parse_births(const char *s, int16_t *years, int32_t *days, int max)
{
    int n = 0;
    for (const char *p = s; p && *p && n < max;) {
        if (p[0] >= '1' && p[0] <= '2' && strspn(p, "0123456789") >= 4 && (p == s || p[-1] < '0' || p[-1] > '9')) {
            int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            if (strspn(p, "0123456789") == 4 && y >= 1800 && y <= 2100) {
                char d[11];
                years[n] = (int16_t)y;
                if (!insUParseDate(p, d) || !insDateParse(d, 10, &days[n])) days[n] = 0;
                n++;
            }
            p += strspn(p, "0123456789");
        } else {
            p++;
        }
    }
    return n;
}

/* Reads the countries in S ("ru; by", "Peru, China") as ISO codes into C
** (at most MAX); returns how many. */
static int parse_countries(const char *s, char c[][3], int max)
{
    int n = 0;
    while (s && *s && n < max) {
        size_t len = strcspn(s, ";,|/");
        char piece[64];
        if (len < sizeof piece) {
            memcpy(piece, s, len);
            piece[len] = '\0';
            insUTrim(piece);
            char iso[3];
            if (*piece && insNormCountry(piece, iso)) {
                int dup = 0;
                for (int i = 0; i < n; i++) dup |= !strcmp(c[i], iso);
                if (!dup) memcpy(c[n++], iso, 3);
            }
        }
        s += len;
        if (*s) s++;
    }
    return n;
}

/* Finds the listing with ID (listings are sorted by id); -1 when absent. */
long insMatchListingFind(const ins_match_index *ix, int64_t id)
{
    size_t lo = 0, hi = ix->nlistings;
    while (lo < hi) {
        size_t mid_ = lo + (hi - lo) / 2;
        if (ix->listings[mid_].id < id) lo = mid_ + 1;
        else hi = mid_;
    }
    return lo < ix->nlistings && ix->listings[lo].id == id ? (long)lo : -1;
}

/* Kinds of blocking keys; see name_keys. */
enum { KEY_STRONG = 0, KEY_WEAK = 1, KEY_WHOLE = 2 };
#define WHOLE_BIT 31 /* the bit of the whole-name key in a candidate's mask */
/* A candidate's masks have one bit per query token below WHOLE_BIT; the
** per-token arrays of insMatchQueryRun have 32 entries, one per bit. */
_Static_assert(INS_MATCH_MAX_TOKENS < WHOLE_BIT, "query tokens must fit below WHOLE_BIT");

/* Orders C strings (for the whole-name key). */
static int cstr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
** Blocking keys of the analysed name N into K (hashes), with the token
** each belongs to in TOK and its kind in KIND; returns the count.  A word
** gives its phonetic key (strong; a word without one, in a script not
** keyed, gives itself), its first three characters and, from five on, its
** last three (weak: they survive a typo at the other end).  A number gives
** itself.  A name of two words or more also gives one key for all its
** words, sorted (the same name in any order).  Particles, titles, stop
** words and initials give none.
*/
static size_t name_keys(const ins_mname *n, uint64_t *k, uint8_t *tok, uint8_t *kind, size_t cap)
{
    size_t c = 0, nw = 0;
    const char *words[INS_MATCH_MAX_TOKENS];
    for (size_t i = 0; i < n->ntok && c + 4 <= cap; i++) {
        const mtok *t = &n->tok[i];
        if (t->cls != TK_WORD && t->cls != TK_NUMBER) continue;
        const char *s = tok_text(n, t);
        if (t->cls == TK_NUMBER || t->phlen < 2) {
            k[c] = insMatchHash64(s, t->len, t->cls == TK_NUMBER ? 3 : 4);
            words[nw++] = s;
        } else {
            k[c] = insMatchHash64(tok_ph(n, t), t->phlen, 1);
            words[nw++] = tok_ph(n, t);
        }
        tok[c] = (uint8_t)i;
        kind[c++] = KEY_STRONG;
        if (t->cls == TK_NUMBER) continue;
        size_t off, len = insMatchCpSlice(s, t->len, 3, 0, &off);
        k[c] = insMatchHash64(s + off, len, 2);
        tok[c] = (uint8_t)i;
        kind[c++] = KEY_WEAK;
        if (t->ncp >= 5) {
            len = insMatchCpSlice(s, t->len, 3, 1, &off);
            k[c] = insMatchHash64(s + off, len, 5);
            tok[c] = (uint8_t)i;
            kind[c++] = KEY_WEAK;
        }
    }
    if (nw >= 2 && c < cap) {
        qsort(words, nw, sizeof *words, cstr_cmp);
        uint64_t h = 6;
        for (size_t i = 0; i < nw; i++) h = insMatchHash64(words[i], strlen(words[i]), h);
        k[c] = h;
        tok[c] = WHOLE_BIT;
        kind[c++] = KEY_WHOLE;
    }
    return c;
}

/* Orders postings by key, then name (postings of a key ascend). */
static int mpost_cmp(const void *a, const void *b)
{
    const mpost *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->name < y->name ? -1 : x->name > y->name;
}

static const mid *ids_base;
/* Orders identifier indices by hash, then listing (ids_base is the array). */
static int idh_cmp(const void *a, const void *b)
{
    const mid *x = &ids_base[*(const uint32_t *)a], *y = &ids_base[*(const uint32_t *)b];
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->listing < y->listing ? -1 : x->listing > y->listing;
}

/* Listing conditions: in force on ?1, or listed on or before ?1. */
#define IN_FORCE_COND \
    "COALESCE(substr(l.listed_from, 1, 10), '0000') <= ?1" \
    " AND COALESCE(substr(l.listed_until, 1, 10), '9999') >= ?1" \
    " AND COALESCE(substr(l.delisted_at, 1, 10), '9999') > ?1" \
    " AND (NOT EXISTS (SELECT 1 FROM listing_periods p WHERE p.listing_id = l.id)" \
    "  OR EXISTS (SELECT 1 FROM listing_periods p WHERE p.listing_id = l.id" \
    "   AND COALESCE(substr(p.start_date, 1, 10), '0000') <= ?1" \
    "   AND COALESCE(substr(p.end_date, 1, 10), '9999') >= ?1))"
#define EVER_COND "COALESCE(substr(l.listed_from, 1, 10), '0000') <= ?1"

#define LISTINGS_SQL(cond) \
    "SELECT l.id, l.list_name, l.entity_kind, l.name, l.birth_date, l.countries" \
    " FROM listings l WHERE " cond " ORDER BY l.id"
#define NAMES_SQL(cond) \
    "SELECT l.id, l.name FROM listings l WHERE " cond \
    " UNION SELECT n.listing_id, n.name FROM listing_names n JOIN listings l ON l.id = n.listing_id" \
    " WHERE " cond " ORDER BY 1"
#define IDS_SQL(cond) \
    "SELECT i.listing_id, i.scheme, COALESCE(i.norm_value, i.value) FROM listing_ids i" \
    " JOIN listings l ON l.id = i.listing_id WHERE " cond " ORDER BY i.listing_id"

static const char sql_listings_now[] = LISTINGS_SQL(IN_FORCE_COND);
static const char sql_listings_ever[] = LISTINGS_SQL(EVER_COND);
static const char sql_names_now[] = NAMES_SQL(IN_FORCE_COND);
static const char sql_names_ever[] = NAMES_SQL(EVER_COND);
static const char sql_ids_now[] = IDS_SQL(IN_FORCE_COND);
static const char sql_ids_ever[] = IDS_SQL(EVER_COND);

/* Sets *errmsg to a copy of MSG (when errmsg is not NULL) and returns RC. */
int insMatchFail(char **errmsg, int rc, const char *msg)
{
    if (errmsg && !*errmsg) *errmsg = insUStrdup(msg ? msg : ins_strerror(rc));
    return rc;
}

/* Loads the listings of the index (see insMatchIndexLoad). */
static int load_listings(ins_db *db, ins_match_index *ix, int which, char **errmsg)
{
    sqlite3_stmt *st = insDbStmt(db, which == INS_MATCH_EVER ? sql_listings_ever : sql_listings_now);
    if (!st) return insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
    sqlite3_bind_text(st, 1, ix->as_of, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        mlisting *nl = insUGrow(ix->listings, &ix->caplistings, ix->nlistings + 1, sizeof *ix->listings);
        if (!nl) return insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
        ix->listings = nl;
        mlisting *l = &ix->listings[ix->nlistings];
        memset(l, 0, sizeof *l);
        l->id = sqlite3_column_int64(st, 0);
        const char *kind = (const char *)sqlite3_column_text(st, 2);
        l->kind = (uint8_t)listing_kind(kind);
        l->vessel = kind && !strcmp(kind, "vessel");
        l->list_name = arena_add(ix, (const char *)sqlite3_column_text(st, 1));
        l->name = arena_add(ix, (const char *)sqlite3_column_text(st, 3));
        if (l->list_name == UINT32_MAX || l->name == UINT32_MAX) return insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
        l->nbirth = (uint8_t)parse_births((const char *)sqlite3_column_text(st, 4), l->byear, l->bdays,
                                          INS_MATCH_MAX_BIRTHS);
        l->ncountry = (uint8_t)parse_countries((const char *)sqlite3_column_text(st, 5), l->country,
                                               INS_MATCH_MAX_COUNTRIES);
        ix->nlistings++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? INS_OK : insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
}

/* Loads and analyses the names, collecting blocking postings in *P. */
static int load_names(ins_db *db, ins_match_index *ix, int which, mpost **pp, size_t *np, size_t *capp,
                      char **errmsg)
{
    sqlite3_stmt *st = insDbStmt(db, which == INS_MATCH_EVER ? sql_names_ever : sql_names_now);
    if (!st) return insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
    sqlite3_bind_text(st, 1, ix->as_of, -1, SQLITE_STATIC);
    int rc;
    long cur = -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t lid = sqlite3_column_int64(st, 0);
        const char *raw = (const char *)sqlite3_column_text(st, 1);
        if (!raw || !*raw) continue;
        if (cur < 0 || ix->listings[cur].id != lid) cur = insMatchListingFind(ix, lid);
        if (cur < 0) continue;
        mlisting *l = &ix->listings[cur];
        char *a = insMatchAnalyse(raw);
        if (!a) { sqlite3_reset(st); return insMatchFail(errmsg, INS_ERR_NOMEM, NULL); }
        /* the same name spelled differently once is enough */
        int dup = !*a;
        for (uint32_t k = 0; k < l->nnames && !dup; k++)
            dup = !strcmp(arena_str(ix, ix->names[l->first_name + k].ana), a);
        if (dup) { free(a); continue; }
        mentry *nn = insUGrow(ix->names, &ix->capnames, ix->nnames + 1, sizeof *ix->names);
        if (!nn) {
            free(a);
            sqlite3_reset(st);
            return insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
        }
        ix->names = nn;
        mentry *e = &ix->names[ix->nnames];
        e->listing = (uint32_t)cur;
        e->raw = arena_add(ix, raw);
        e->ana = arena_add(ix, a);
        if (insMatchNameFill(&ix->cname, a, l->kind)) e->ana = UINT32_MAX;
        free(a);
        if (e->raw == UINT32_MAX || e->ana == UINT32_MAX) { sqlite3_reset(st); return insMatchFail(errmsg, INS_ERR_NOMEM, NULL); }
        if (!l->nnames) l->first_name = (uint32_t)ix->nnames;
        l->nnames++;
        size_t sig = 0;
        for (size_t t = 0; t < ix->cname.ntok; t++) sig += tok_sig(&ix->cname.tok[t]);
        e->ntok = (uint8_t)(sig > 255 ? 255 : sig);
        uint64_t keys[INS_MATCH_MAX_TOKENS * 3 + 1];
        uint8_t kt[INS_MATCH_MAX_TOKENS * 3 + 1], kk[INS_MATCH_MAX_TOKENS * 3 + 1];
        size_t nk = name_keys(&ix->cname, keys, kt, kk, INS_ARRAY_LEN(keys));
        mpost *np2 = insUGrow(*pp, capp, *np + nk, sizeof **pp);
        if (!np2) { sqlite3_reset(st); return insMatchFail(errmsg, INS_ERR_NOMEM, NULL); }
        *pp = np2;
        for (size_t k = 0; k < nk; k++) {
            (*pp)[*np].h = keys[k];
            (*pp)[*np].name = (uint32_t)ix->nnames;
            (*np)++;
        }
        ix->nnames++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? INS_OK : insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
}

/* Appends identifier NORM of SCHEME to listing CUR of IX (whose
** identifiers are loaded in a row).  0 when out of memory. */
static int add_id(ins_match_index *ix, long cur, const char *norm, const char *scheme)
{
    mlisting *l = &ix->listings[cur];
    mid *nd = insUGrow(ix->ids, &ix->capids, ix->nids + 1, sizeof *ix->ids);
    if (!nd) return 0;
    ix->ids = nd;
    mid *d = &ix->ids[ix->nids];
    d->h = insMatchHash64(norm, strlen(norm), 7);
    d->listing = (uint32_t)cur;
    d->value = arena_add(ix, norm);
    d->scheme = arena_add(ix, scheme);
    if (d->value == UINT32_MAX || d->scheme == UINT32_MAX) return 0;
    if (!l->nids) l->first_id = (uint32_t)ix->nids;
    l->nids++;
    ix->nids++;
    return 1;
}

/* Loads the identifiers of the listings. */
static int load_ids(ins_db *db, ins_match_index *ix, int which, char **errmsg)
{
    sqlite3_stmt *st = insDbStmt(db, which == INS_MATCH_EVER ? sql_ids_ever : sql_ids_now);
    if (!st) return insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
    sqlite3_bind_text(st, 1, ix->as_of, -1, SQLITE_STATIC);
    int rc;
    long cur = -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t lid = sqlite3_column_int64(st, 0);
        char norm[INS_MATCH_MAX_ID_BYTES];
        insMatchNormId((const char *)sqlite3_column_text(st, 2), norm, sizeof norm);
        if (!*norm) continue;
        if (cur < 0 || ix->listings[cur].id != lid) cur = insMatchListingFind(ix, lid);
        if (cur < 0) continue;
        const char *scheme = (const char *)sqlite3_column_text(st, 1);
        char dni[9];
        const char *dscheme = person_dni(scheme, norm, dni);
        /* the identifier, and the DNI inside a person's tax number */
        if (!add_id(ix, cur, norm, scheme) || (dscheme && !add_id(ix, cur, dni, dscheme))) {
            sqlite3_reset(st);
            return insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? INS_OK : insMatchFail(errmsg, INS_ERR_DB, insDbErr(db));
}

/*
** Loads the listings, their names and identifiers (three queries) and builds
** the blocking index: every (key, name) posting sorted, then compacted to
** distinct keys with ascending name lists; identifiers sorted by hash.
*/
int insMatchIndexLoad(ins_db *db, const char *as_of, int which, ins_match_index **out,
                      char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    *out = NULL;
    if (insMatchWordsInit()) return insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
    ins_match_index *ix = calloc(1, sizeof *ix);
    if (!ix) return insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
    if (as_of && *as_of) {
        if (!insUParseDate(as_of, ix->as_of)) { free(ix); return insMatchFail(errmsg, INS_ERR_ARG, _("bad date")); }
    } else {
        ins_today(ix->as_of);
    }
    insBufAppendChar(&ix->arena, '\0'); /* offset 0 is "" */
    mpost *p = NULL;
    size_t np = 0, capp = 0;
    int rc = load_listings(db, ix, which, errmsg);
    if (rc == INS_OK) rc = load_names(db, ix, which, &p, &np, &capp, errmsg);
    if (rc == INS_OK) rc = load_ids(db, ix, which, errmsg);
    if (rc == INS_OK && np > UINT32_MAX - 1) rc = insMatchFail(errmsg, INS_ERR_TOOBIG, NULL);
    if (rc == INS_OK) {
        /* compact the postings: distinct keys, name indices ascending */
        if (np) qsort(p, np, sizeof *p, mpost_cmp);
        size_t nk = 0;
        for (size_t i = 0; i < np; i++)
            if (i == 0 || p[i].h != p[i - 1].h) nk++;
        ix->keyh = malloc((nk ? nk : 1) * sizeof *ix->keyh);
        ix->keystart = malloc((nk + 1) * sizeof *ix->keystart);
        ix->post = malloc((np ? np : 1) * sizeof *ix->post);
        if (!ix->keyh || !ix->keystart || !ix->post) rc = insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
        else {
            size_t k = 0, o = 0;
            for (size_t i = 0; i < np; i++) {
                if (i == 0 || p[i].h != p[i - 1].h) {
                    ix->keyh[k] = p[i].h;
                    ix->keystart[k++] = (uint32_t)o;
                } else if (p[i].name == p[i - 1].name) {
                    continue; /* the same key twice in one name */
                }
                ix->post[o++] = p[i].name;
            }
            ix->keystart[k] = (uint32_t)o;
            ix->nkeys = nk;
            ix->npost = o;
        }
    }
    free(p);
    if (rc == INS_OK) {
        ix->ids_by_hash = malloc((ix->nids ? ix->nids : 1) * sizeof *ix->ids_by_hash);
        size_t nn = ix->nnames ? ix->nnames : 1;
        ix->ntok = malloc(nn);
        for (size_t i = 0; ix->ntok && i < ix->nnames; i++) ix->ntok[i] = ix->names[i].ntok;
        ix->scr = insMatchScratchNew(ix);
        if (!ix->ids_by_hash || !ix->ntok || !ix->scr)
            rc = insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
        else {
            for (size_t i = 0; i < ix->nids; i++) ix->ids_by_hash[i] = (uint32_t)i;
            ids_base = ix->ids;
            qsort(ix->ids_by_hash, ix->nids, sizeof *ix->ids_by_hash, idh_cmp);
        }
    }
    if (rc == INS_OK && ix->arena.oom) rc = insMatchFail(errmsg, INS_ERR_NOMEM, NULL);
    if (rc != INS_OK) { insMatchIndexFree(ix); return rc; }
    *out = ix;
    return INS_OK;
}

/* ====================================================================== */
/* Screening one record                                                    */
/* ====================================================================== */

/* Factor on the name score when both sides have identifiers of one scheme
** and none is equal: a different registration, most likely a namesake. */
#define ID_DIFFERS 0.7

/* A blocking key of the query with its postings. */
typedef struct qkey {
    uint64_t h;
    uint32_t start, len;
    uint8_t tok, kind;
} qkey;

/* Orders query keys rarest first. */
static int qkey_cmp(const void *a, const void *b)
{
    const qkey *x = a, *y = b;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return x->tok < y->tok ? -1 : x->tok > y->tok;
}

/* Finds the postings of key H; 0 when the key is unknown. */
static int key_find(const ins_match_index *ix, uint64_t h, uint32_t *start, uint32_t *len)
{
    size_t lo = 0, hi = ix->nkeys;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (ix->keyh[m] < h) lo = m + 1;
        else hi = m;
    }
    if (lo >= ix->nkeys || ix->keyh[lo] != h) return 0;
    *start = ix->keystart[lo];
    *len = ix->keystart[lo + 1] - ix->keystart[lo];
    return 1;
}

/* A candidate name and its blocking vote. */
typedef struct qcand {
    float pre;
    uint32_t name;
} qcand;

/* Min-heap order on (pre, -name): the root is the weakest kept. */
static int qc_less(const qcand *a, const qcand *b)
{
    return a->pre < b->pre || (a->pre == b->pre && a->name > b->name);
}

/* Restores the min-heap below I. */
static void heap_down(qcand *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && qc_less(&h[l], &h[m])) m = l;
        if (r < n && qc_less(&h[r], &h[m])) m = r;
        if (m == i) return;
        qcand t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* The query analysed as a name of KIND (computed once per query). */
static const ins_mname *query_name(ins_match_scratch *s, const char *analysed, int kind)
{
    if (!s->qready[kind]) {
        if (insMatchNameFill(&s->qname[kind], analysed, kind)) return NULL;
        s->qready[kind] = 1;
    }
    return &s->qname[kind];
}

/* Scores listing name NAME for the query; fills WHY when not NULL. */
double insMatchScoreName(const ins_match_index *ix, ins_match_scratch *sc, const char *qana,
                         const ins_match_query *q, uint32_t name, ins_buf *why)
{
    const mentry *e = &ix->names[name];
    const mlisting *l = &ix->listings[e->listing];
    int k = q->kind != INS_MK_ANY ? (int)q->kind : l->kind;
    const ins_mname *qn = query_name(sc, qana, k);
    if (!qn || insMatchNameFill(&sc->cname, arena_str(ix, e->ana), l->kind)) return -1;
    double s = insMatchCompare(qn, &sc->cname, (ins_match_kind)k, why);
    if ((q->kind == INS_MK_PERSON && l->kind == INS_MK_COMPANY) ||
        (q->kind == INS_MK_COMPANY && l->kind == INS_MK_PERSON)) {
        s *= 0.9;
        if (why) insBufAppendStr(why, q->kind == INS_MK_PERSON ? _("; listing is an organisation") : _("; listing is a person"));
    }
    return s;
}

/* A hit being built: the best name of a listing. */
typedef struct qhit {
    uint32_t listing, name;
    double score;
    double name_s;      /* name score of a hit decided by identifier */
    int by_id;
    const char *id;     /* the identifier that decided (arena) */
} qhit;

/* Orders hits best first, then by listing (deterministic). */
static int qhit_cmp(const void *a, const void *b)
{
    const qhit *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->listing < y->listing ? -1 : x->listing > y->listing;
}

/* 1 when identifier schemes A and B may denote the same register. */
static int scheme_compatible(const char *a, const char *b)
{
    if (!a || !*a || !b || !*b) return 1;
    if (!strcmp(a, "OTHER") || !strcmp(b, "OTHER")) return 1;
    return insUStrieq(a, b);
}

/* Adjusts *S for birth dates and countries of the query and listing L,
** with the reasons appended to WHY. */
static void adjust_facts(const mlisting *l, const ins_match_query *q, double *s, ins_buf *why)
{
    if (q->birth_date && l->nbirth && l->kind != INS_MK_COMPANY) {
        int16_t qy[1];
        int32_t qd[1];
        if (parse_births(q->birth_date, qy, qd, 1)) {
            int best = 9999, full = 0;
            for (int i = 0; i < l->nbirth; i++) {
                int d = abs(l->byear[i] - qy[0]);
                if (d < best) best = d;
                if (qd[0] && l->bdays[i] == qd[0]) full = 1;
            }
            double adj = full ? 0.08 : best == 0 ? 0.05 : best == 1 ? -0.05 : -0.25;
            *s += adj;
            if (why) {
                if (full) insBufPrintf(why, _("; birth date %s agrees"), q->birth_date);
                else if (best == 0) insBufPrintf(why, _("; birth year %d agrees"), qy[0]);
                else insBufPrintf(why, _("; birth year differs (%d vs %d)"), qy[0], l->byear[0]);
            }
        }
    }
    char iso[3];
    if (q->country && l->ncountry && insNormCountry(q->country, iso)) {
        int in = 0;
        for (int i = 0; i < l->ncountry; i++) in |= !strcmp(l->country[i], iso);
        *s += in ? 0.03 : -0.07;
        if (why) {
            if (in) insBufPrintf(why, _("; country %s agrees"), iso);
            else insBufPrintf(why, _("; country differs (%s vs %s)"), iso, l->country[0]);
        }
    }
    if (*s > 1) *s = 1;
    if (*s < 0) *s = 0;
}

/*
** Identifier verdict of listing L against the query's identifiers (QV
** normalised, QS schemes): 1 and *DECIDED set when one is equal, -1 when
** the listing has identifiers of a scheme the query also has and none is
** equal (*DIFF gets that scheme), 0 when identifiers say nothing.
*/
static int id_verdict(const ins_match_index *ix, const mlisting *l, char qv[][INS_MATCH_MAX_ID_BYTES],
                      const char **qs, size_t nq, const char **decided, const char **diff)
{
    int differs = 0;
    for (size_t i = 0; i < nq; i++) {
        int same_scheme = 0;
        for (uint32_t k = 0; k < l->nids; k++) {
            const mid *d = &ix->ids[l->first_id + k];
            const char *sch = arena_str(ix, d->scheme);
            if (!scheme_compatible(qs[i], sch)) continue;
            if (!strcmp(arena_str(ix, d->value), qv[i])) { *decided = arena_str(ix, d->value); return 1; }
            if (qs[i] && *sch && insUStrieq(qs[i], sch)) { same_scheme = 1; *diff = qs[i]; }
        }
        differs |= same_scheme;
    }
    return differs ? -1 : 0;
}

/*
** Screens one record (see match.h): listings with an equal identifier, then
** name candidates from the blocking keys (rare words bring candidates,
** common words vote; the best INS_MATCH_MAX_SCORED by vote are scored),
** best name per listing, penalties for identifiers that differ, birth
** dates and countries, explanations for the hits kept.
*/
int insMatchQueryRun(ins_match_index *ix, const ins_match_query *q, double min_score, size_t max,
                     ins_match_hit **hits, size_t *nhits)
{
    return insMatchQueryRunIn(ix, ix->scr, q, min_score, max, hits, nhits);
}

/* insMatchQueryRun with the scratch SC (see match.h). */
int insMatchQueryRunIn(const ins_match_index *ix, ins_match_scratch *sc, const ins_match_query *q,
                       double min_score, size_t max, ins_match_hit **hits, size_t *nhits)
{
    *hits = NULL;
    *nhits = 0;
    sc->last_scored = 0;
    if (!max) return INS_OK;
    sc->qready[0] = sc->qready[1] = sc->qready[2] = 0;
    char *qana = insMatchAnalyse(q->name ? q->name : "");
    if (!qana) return INS_ERR_NOMEM;
    /* identifiers of the query, normalised, with their schemes */
    char qv[INS_MATCH_MAX_IDS][INS_MATCH_MAX_ID_BYTES];
    const char *qs[INS_MATCH_MAX_IDS];
    size_t nq = 0;
    char qc_iso[3];
    int argentine = q->country && insNormCountry(q->country, qc_iso) && !strcmp(qc_iso, "AR");
    ins_match_query qkind = *q; /* the query with the kind its tax numbers tell */
    for (size_t i = 0; i < q->nids && nq < INS_MATCH_MAX_IDS; i++) {
        insMatchNormId(q->ids[i], qv[nq], sizeof qv[nq]);
        if (!qv[nq][0]) continue;
        int given = q->schemes[i] && *q->schemes[i];
        qs[nq] = given ? q->schemes[i] : insMatchIdScheme(qv[nq]);
        /* eight digits of an Argentine's record are an Argentine DNI */
        if (!given && argentine && qs[nq] && !strcmp(qs[nq], INS_SCHEME_PE_DNI)) qs[nq] = "AR-DNI";
        if (qkind.kind == INS_MK_ANY) qkind.kind = taxid_kind(qs[nq], qv[nq]);
        char dni[9];
        const char *dscheme = person_dni(qs[nq], qv[nq], dni);
        nq++;
        /* a person's CUIT or RUC 10 finds the listings that give the DNI */
        if (dscheme && nq < INS_MATCH_MAX_IDS) {
            memcpy(qv[nq], dni, sizeof dni);
            qs[nq++] = dscheme;
        }
    }
    q = &qkind;
    qhit found[INS_MATCH_MAX_SCORED + INS_MATCH_MAX_IDS * INS_MATCH_MAX_ID_HITS];
    size_t nf = 0;
    int rc = INS_OK;
    /* candidates by identifier */
    for (size_t i = 0; i < nq; i++) {
        uint64_t h = insMatchHash64(qv[i], strlen(qv[i]), 7);
        size_t lo = 0, hi = ix->nids;
        while (lo < hi) {
            size_t m = lo + (hi - lo) / 2;
            if (ix->ids[ix->ids_by_hash[m]].h < h) lo = m + 1;
            else hi = m;
        }
        for (; lo < ix->nids && ix->ids[ix->ids_by_hash[lo]].h == h && nf < INS_ARRAY_LEN(found) - INS_MATCH_MAX_SCORED; lo++) {
            const mid *d = &ix->ids[ix->ids_by_hash[lo]];
            if (strcmp(arena_str(ix, d->value), qv[i]) || !scheme_compatible(qs[i], arena_str(ix, d->scheme)))
                continue;
            int dup = 0;
            for (size_t k = 0; k < nf; k++) dup |= found[k].listing == d->listing;
            if (dup) continue;
            found[nf].listing = d->listing;
            found[nf].name = ix->listings[d->listing].first_name;
            found[nf].score = 1.0;
            found[nf].name_s = 0;
            found[nf].by_id = 1;
            found[nf].id = arena_str(ix, d->value);
            nf++;
        }
    }
    /* candidates by name: blocking keys, rarest first, votes per token */
    const ins_mname *qn = query_name(sc, qana, q->kind);
    if (!qn) { free(qana); return INS_ERR_NOMEM; }
    uint64_t keys[INS_MATCH_MAX_TOKENS * 3 + 1];
    uint8_t kt[INS_MATCH_MAX_TOKENS * 3 + 1], kk[INS_MATCH_MAX_TOKENS * 3 + 1];
    size_t nk = name_keys(qn, keys, kt, kk, INS_ARRAY_LEN(keys));
    qkey qk[INS_MATCH_MAX_TOKENS * 3 + 1];
    size_t nqk = 0;
    for (size_t i = 0; i < nk; i++) {
        uint32_t st, len;
        if (!key_find(ix, keys[i], &st, &len)) continue;
        qk[nqk].h = keys[i];
        qk[nqk].start = st;
        qk[nqk].len = len;
        qk[nqk].tok = kt[i];
        qk[nqk].kind = kk[i];
        nqk++;
    }
    qsort(qk, nqk, sizeof *qk, qkey_cmp);
    if (nqk) {
        if (++sc->gen == 0) {
            memset(sc->slot, 0, ix->nnames * sizeof *sc->slot);
            sc->gen = 1;
        }
        /* idf of each query word: its rarest key */
        float idf[32] = {0}, total = 0;
        uint32_t tokmin[32];
        for (size_t t = 0; t < 32; t++) tokmin[t] = UINT32_MAX;
        for (size_t i = 0; i < nqk; i++)
            if (qk[i].kind != KEY_WHOLE && qk[i].len < tokmin[qk[i].tok]) tokmin[qk[i].tok] = qk[i].len;
        for (size_t t = 0; t < INS_MATCH_MAX_TOKENS; t++)
            if (tokmin[t] != UINT32_MAX) idf[t] = (float)log(1.0 + (double)ix->nnames / (1.0 + tokmin[t]));
        for (size_t t = 0; t < INS_MATCH_MAX_TOKENS; t++) total += idf[t];
        uint32_t strong_len[32] = {0};
        for (size_t i = 0; i < nqk; i++)
            if (qk[i].kind == KEY_STRONG) strong_len[qk[i].tok] = qk[i].len;
        /* Rare words bring candidates; common words only vote for them
           (by binary search when the candidates are few), except that the
           two rarest words and the whole name always bring candidates.  A
           common word's weak keys find the same names again: skipped (not
           those of a misspelt word, which has no common strong key). */
        size_t common = ix->nnames / 100 > 1000 ? ix->nnames / 100 : 1000;
        uint8_t order[INS_MATCH_MAX_TOKENS], creates[32] = {0};
        size_t nt = 0;
        for (size_t t = 0; t < INS_MATCH_MAX_TOKENS; t++)
            if (tokmin[t] != UINT32_MAX) order[nt++] = (uint8_t)t;
        for (size_t i = 1; i < nt; i++)
            for (size_t j = i; j > 0 && tokmin[order[j]] < tokmin[order[j - 1]]; j--) {
                uint8_t x = order[j];
                order[j] = order[j - 1];
                order[j - 1] = x;
            }
        for (size_t i = 0; i < nt; i++) creates[order[i]] = i < 2 || tokmin[order[i]] <= common / 4;
        creates[WHOLE_BIT] = 1;
        size_t ntouched = 0, budget = 0;
        struct mslot *sl = sc->slot;
        uint32_t gen = sc->gen;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < nqk; i++) {
                /* a long weak key of a rare word votes but brings nobody */
                int brings = creates[qk[i].tok] && !(qk[i].kind == KEY_WEAK && qk[i].len > common / 4);
                if (brings != (pass == 0)) continue;
                if (qk[i].kind == KEY_WEAK && strong_len[qk[i].tok] > common) continue;
                uint32_t bit = 1u << qk[i].tok;
                int weak = qk[i].kind == KEY_WEAK;
                const uint32_t *pl = ix->post + qk[i].start;
                if (pass == 1 && ntouched * 16 < qk[i].len) {
                    /* few candidates: look each up in the long list */
                    for (size_t k = 0; k < ntouched; k++) {
                        uint32_t n = sc->touched[k], lo = 0, hi = qk[i].len;
                        while (lo < hi) {
                            uint32_t m = lo + (hi - lo) / 2;
                            if (pl[m] < n) lo = m + 1;
                            else hi = m;
                        }
                        if (lo < qk[i].len && pl[lo] == n) {
                            if (weak) sl[n].weak |= bit;
                            else sl[n].strong |= bit;
                        }
                    }
                    continue;
                }
                if (budget + qk[i].len > INS_MATCH_MAX_POSTINGS && budget) continue;
                budget += qk[i].len;
                for (uint32_t j = 0; j < qk[i].len; j++) {
                    uint32_t n = pl[j];
                    if (sl[n].gen != gen) {
                        if (pass) continue;
                        sl[n].gen = gen;
                        sl[n].strong = sl[n].weak = 0;
                        sc->touched[ntouched++] = n;
                    }
                    if (weak) sl[n].weak |= bit;
                    else sl[n].strong |= bit;
                }
            }
        }
        /* the best candidates by vote (a word found by a weak key only
           counts half; the whole name adds one), fewer extra words first */
        size_t qsig = 0;
        for (size_t t = 0; t < qn->ntok; t++) qsig += tok_sig(&qn->tok[t]);
        qcand heap[INS_MATCH_MAX_SCORED];
        size_t nh = 0;
        for (size_t i = 0; i < ntouched; i++) {
            uint32_t n = sc->touched[i];
            uint32_t strong = sl[n].strong, weak = sl[n].weak & ~strong;
            float vote = strong & (1u << WHOLE_BIT) ? total : 0;
            strong &= ~(1u << WHOLE_BIT);
            for (uint32_t m = strong; m; m &= m - 1) vote += idf[__builtin_ctz(m)];
            for (uint32_t m = weak; m; m &= m - 1) vote += 0.5f * idf[__builtin_ctz(m)];
            int diff = (int)ix->ntok[n] - (int)qsig;
            qcand c = {vote / (total > 0 ? total : 1) - 0.02f * (float)(diff < 0 ? -diff : diff), n};
            if (nh < INS_MATCH_MAX_SCORED) {
                heap[nh++] = c;
                if (nh == INS_MATCH_MAX_SCORED)
                    for (size_t k = nh / 2; k-- > 0;) heap_down(heap, nh, k);
            } else if (qc_less(&heap[0], &c)) {
                heap[0] = c;
                heap_down(heap, nh, 0);
            }
        }
        /* score them; keep the best name of each listing */
        for (size_t i = 0; i < nh; i++) {
            uint32_t n = heap[i].name;
            const mlisting *l = &ix->listings[ix->names[n].listing];
            if (l->vessel && q->kind != INS_MK_ANY) continue;
            double s = insMatchScoreName(ix, sc, qana, q, n, NULL);
            sc->last_scored++;
            if (s < 0) { rc = INS_ERR_NOMEM; break; }
            size_t k = 0;
            while (k < nf && found[k].listing != ix->names[n].listing) k++;
            if (k < nf) {
                if (!found[k].by_id && s > found[k].score) { found[k].score = s; found[k].name = n; }
                else if (found[k].by_id && s > found[k].name_s) { found[k].name_s = s; found[k].name = n; }
                continue;
            }
            found[nf].listing = ix->names[n].listing;
            found[nf].name = n;
            found[nf].score = s;
            found[nf].name_s = s;
            found[nf].by_id = 0;
            found[nf].id = NULL;
            nf++;
        }
    }
    /* identifiers that differ, birth dates, countries; then the cut */
    ins_match_hit *out = calloc(nf ? nf : 1, sizeof *out);
    if (!out) rc = INS_ERR_NOMEM;
    size_t no = 0;
    for (size_t i = 0; i < nf && rc == INS_OK; i++) {
        qhit *f = &found[i];
        const mlisting *l = &ix->listings[f->listing];
        const char *decided = NULL, *diff = NULL;
        if (!f->by_id && id_verdict(ix, l, qv, qs, nq, &decided, &diff) < 0) f->score *= ID_DIFFERS;
        if (!f->by_id) adjust_facts(l, q, &f->score, NULL);
    }
    qsort(found, nf, sizeof *found, qhit_cmp);
    for (size_t i = 0; i < nf && rc == INS_OK && no < max; i++) {
        qhit *f = &found[i];
        if (f->score < min_score && !f->by_id) break;
        const mlisting *l = &ix->listings[f->listing];
        ins_buf why;
        insBufInit(&why);
        if (f->by_id) insBufPrintf(&why, _("identifier %s decided"), f->id);
        if (f->by_id && l->nnames) insBufAppendStr(&why, "; ");
        double s = l->nnames ? insMatchScoreName(ix, sc, qana, q, f->name, &why) : 0;
        const char *decided = NULL, *diff = NULL;
        if (!f->by_id && id_verdict(ix, l, qv, qs, nq, &decided, &diff) < 0)
            insBufPrintf(&why, _("; identifier differs (%s)"), diff);
        if (!f->by_id) adjust_facts(l, q, &s, &why);
        if (why.oom) { insBufFree(&why); rc = INS_ERR_NOMEM; break; }
        out[no].listing_id = l->id;
        out[no].list_name = arena_str(ix, l->list_name);
        out[no].listed_name = l->nnames ? arena_str(ix, ix->names[f->name].raw) : arena_str(ix, l->name);
        out[no].score = f->score;
        out[no].by_id = f->by_id;
        out[no].why = insBufDetach(&why);
        if (!out[no].why) out[no].why = insUStrdup("");
        no++;
    }
    free(qana);
    if (rc != INS_OK) { insMatchHitsFree(out, no); return rc; }
    *hits = out;
    *nhits = no;
    return INS_OK;
}

/* Frees the hits of insMatchQueryRun. */
void insMatchHitsFree(ins_match_hit *h, size_t n)
{
    if (!h) return;
    for (size_t i = 0; i < n; i++) free(h[i].why);
    free(h);
}
