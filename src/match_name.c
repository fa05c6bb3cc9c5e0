/*
** match_name.c: analysed names and their comparison.
**
** An analysed name (ins_mname) is the analysed text (match_words.c) split
** into the legal forms, kept apart and compared on their own, and the
** tokens of the name proper, each with a class (ordinary word, initial,
** particle, title, stop word, number), a weight and a Spanish phonetic key.
**
** Two analysed names are compared by aligning their tokens, best pairs
** first, whatever their order: equal, same phonetic key, initial of the
** other, known variant of the same given name (Juan/John, Pepe/José),
** abbreviation, or close in characters (Damerau-Levenshtein on code
** points, also on the phonetic keys).  Tokens left over are split or joined
** forms ("Goodwill"/"Good Will"), extra tokens on one side only (a second
** surname, a patronymic: a mild penalty) or conflicts, tokens on both sides
** that match nothing (a different given name: a strong penalty).  The score
** is the weighted share of matched tokens times the penalties, in [0,1],
** with an explanation of every pair.
**
** Second stage of the matcher: uses match_words.c.
*/
#include "match_int.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* Analysed names                                                          */
/* ====================================================================== */

/* Token weights by class. */
static const float tk_weight[] = {1.0f, 0.35f, 1.0f, 0.2f, 0.1f, 0.15f};

/* A word while a name is being taken apart: a slice of the analysed text
** or a static canonical spelling. */
typedef struct wslice {
    const char *s;
    size_t len;
} wslice;

/* 1 when word W is the string S. */
static int ws_eq(wslice w, const char *s) { return strlen(s) == w.len && !memcmp(w.s, s, w.len); }

/* Number of leading words of W[0..n) equal to legal form F, or 0. */
static size_t legal_match_at(const wslice *w, size_t n, size_t at, size_t f)
{
    size_t k = insMatchLegalNWords[f];
    if (!k || at + k > n) return 0;
    for (size_t i = 0; i < k; i++)
        if (!ws_eq(w[at + i], insMatchLegalWords[f][i])) return 0;
    return k;
}

/* Counts the words of W[from, to) that are not stop words or particles. */
static size_t count_core(const wslice *w, size_t from, size_t to)
{
    size_t c = 0;
    for (size_t i = from; i < to; i++) {
        const word_info *e = insMatchWordFind(w[i].s, w[i].len);
        if (!e || !(e->flags & (WF_STOP | WF_PARTICLE))) c++;
    }
    return c;
}

/* Records legal form F on N (at most INS_MATCH_MAX_LEGAL_FORMS are kept). */
static void add_legal(ins_mname *n, size_t f)
{
    for (size_t i = 0; i < n->nlegal; i++)
        if (!strcmp(insMatchLegalForms[n->legal[i]].code, insMatchLegalForms[f].code)) return;
    if (n->nlegal < INS_ARRAY_LEN(n->legal)) n->legal[n->nlegal++] = (short)f;
}

/*
** Takes legal forms off the end (repeatedly: "gmbh & co kg") and, for forms
** that may open a name, off the start of W[*from, *to).  Never strips the
** last word that is not a stop word.  Persons lose only the forms marked
** LFF_PERSON at the end, and keep at least two words.
*/
static void strip_legal(ins_mname *n, const wslice *w, size_t *from, size_t *to, int kind)
{
    size_t keep = kind == INS_MK_PERSON ? 2 : 1;
    for (int again = 1; again && *to > *from;) {
        again = 0;
        const word_info *e = insMatchWordFind(w[*to - 1].s, w[*to - 1].len);
        if (!e || !(e->flags & WF_LEGAL_END)) break;
        size_t best = 0, bestf = 0;
        for (size_t f = 0; f < insMatchLegalFormCount; f++) {
            if (kind == INS_MK_PERSON && !(insMatchLegalForms[f].flags & LFF_PERSON)) continue;
            size_t k = insMatchLegalNWords[f];
            if (k <= best || k > *to - *from) continue;
            if (legal_match_at(w, *to, *to - k, f) == k) { best = k; bestf = f; }
        }
        if (best && count_core(w, *from, *to - best) >= keep) {
            add_legal(n, bestf);
            *to -= best;
            again = 1;
        }
    }
    if (kind == INS_MK_PERSON) return;
    for (int again = 1; again && *to > *from;) {
        again = 0;
        const word_info *e = insMatchWordFind(w[*from].s, w[*from].len);
        if (!e || !(e->flags & WF_LEGAL_START)) break;
        size_t best = 0, bestf = 0;
        for (size_t f = 0; f < insMatchLegalFormCount; f++) {
            if (!(insMatchLegalForms[f].flags & LFF_START)) continue;
            size_t k = insMatchLegalNWords[f];
            if (k <= best || k > *to - *from) continue;
            if (legal_match_at(w, *to, *from, f) == k) { best = k; bestf = f; }
        }
        if (best && count_core(w, *from + best, *to) >= keep) {
            add_legal(n, bestf);
            *from += best;
            again = 1;
        }
    }
}

/* The bytes of the first (FROM_END: last) COUNT code points of S (LEN
** bytes): *OFF and the length returned. */
size_t insMatchCpSlice(const char *s, size_t len, int count, int from_end, size_t *off)
{
    size_t pos[INS_MATCH_MAX_TOKEN_CPS + 1], n = 0, i = 0;
    while (i < len && n < INS_MATCH_MAX_TOKEN_CPS) {
        uint32_t cp;
        pos[n++] = i;
        i += insMatchUtf8Dec((const unsigned char *)s + i, len - i, &cp);
    }
    pos[n] = i;
    size_t c = (size_t)count < n ? (size_t)count : n;
    if (!from_end) { *off = 0; return pos[c]; }
    *off = pos[n - c];
    return i - pos[n - c];
}

/* Value of a Roman numeral of 2 to 5 letters i, v, x (2..39), or 0. */
static int roman_value(wslice w)
{
    if (w.len < 2 || w.len > 6) return 0;
    int total = 0, prev = 0;
    for (size_t i = w.len; i-- > 0;) {
        int v = w.s[i] == 'i' ? 1 : w.s[i] == 'v' ? 5 : w.s[i] == 'x' ? 10 : 0;
        if (!v) return 0;
        if (v < prev) total -= v;
        else { total += v; prev = v; }
    }
    /* only canonical spellings: round trip */
    static const char *const r[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    if (total <= 0 || total >= 40) return 0;
    char buf[16];
    size_t o = 0;
    for (int t = total / 10; t > 0; t--) buf[o++] = 'x';
    const char *u = r[total % 10];
    size_t ul = strlen(u);
    memcpy(buf + o, u, ul);
    o += ul;
    return o == w.len && !memcmp(buf, w.s, o) ? total : 0;
}

/* Appends code points of S (LEN bytes) to N's code point store; returns the
** count kept (at most INS_MATCH_MAX_TOKEN_CPS), or -1 when out of memory. */
static int push_cps(ins_mname *n, const char *s, size_t len)
{
    uint32_t *p = insUGrow(n->cps, &n->capcps, n->ncps + INS_MATCH_MAX_TOKEN_CPS, sizeof *p);
    if (!p) return -1;
    n->cps = p;
    size_t i = 0, k = 0;
    while (i < len && k < INS_MATCH_MAX_TOKEN_CPS) {
        uint32_t cp;
        i += insMatchUtf8Dec((const unsigned char *)s + i, len - i, &cp);
        n->cps[n->ncps + k++] = cp;
    }
    n->ncps += k;
    return (int)k;
}

/*
** Fills N from the analysed string A (see insMatchAnalyse) for a name of KIND:
** words, legal forms, canonical spellings, classes, weights, phonetic keys,
** code points.  N's buffers are reused.  Returns 0, -1 when out of memory.
*/
/* bsearch order of the name-role table. */
static int role_cmp(const void *k, const void *e)
{
    return strcmp((const char *)k, ((const name_role *)e)->word);
}

/*
** The roles (NR_* bits) token T, whose text is W, can play in a person's
** name: from the name lists of data/ (match_roles.c), a given name when the
** variant table knows it as one (Pepe, John), and a given name when it is
** an initial (in a Spanish name an initial stands for a given name).
*/
static unsigned word_role(const char *w, const mtok *t)
{
    if (t->cls == TK_INITIAL) return NR_GIVEN;
    if (t->cls != TK_WORD) return 0;
    unsigned r = 0;
    if (t->ascii) {
        const name_role *e = bsearch(w, insMatchNameRoles, insMatchNameRoleCount, sizeof *e, role_cmp);
        if (e) r = e->role;
    }
    if (t->group[0] >= 0) r |= NR_GIVEN;
    return r;
}

int insMatchNameFill(ins_mname *n, const char *a, int kind)
{
    if (insMatchWordsInit()) return -1;
    n->kind = kind;
    n->ntok = 0;
    n->nlegal = 0;
    n->has_patro = 0;
    n->ncps = 0;
    insBufReset(&n->text);
    insBufReset(&n->ph);
    wslice w[INS_MATCH_MAX_WORDS];
    size_t nw = 0;
    for (const char *p = a; *p && nw < INS_ARRAY_LEN(w);) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *q = p;
        while (*q && *q != ' ') q++;
        w[nw].s = p;
        w[nw].len = (size_t)(q - p);
        nw++;
        p = q;
    }
    /* leetspeak and OCR slips in person names: letters and digits mixed */
    char leet[INS_MATCH_MAX_WORDS][INS_MATCH_MAX_TOKEN_CPS + 1];
    if (kind == INS_MK_PERSON) {
        for (size_t i = 0; i < nw; i++) {
            size_t digits = 0, letters = 0;
            for (size_t k = 0; k < w[i].len; k++) {
                char c = w[i].s[k];
                if (c >= '0' && c <= '9') digits++;
                else if (c >= 'a' && c <= 'z') letters++;
            }
            if (!digits || letters <= digits || letters + digits != w[i].len ||
                w[i].len > INS_MATCH_MAX_TOKEN_CPS)
                continue;
            static const char map[] = "oizeasgtbg";
            for (size_t k = 0; k < w[i].len; k++) {
                char c = w[i].s[k];
                leet[i][k] = c >= '0' && c <= '9' ? map[c - '0'] : c;
            }
            leet[i][w[i].len] = '\0';
            w[i].s = leet[i];
        }
    }
    size_t from = 0, to = nw;
    if (kind != INS_MK_PERSON) {
        /* "y cia", "and co": the conjunction as "&" before legal forms */
        for (size_t i = 0; i < nw; i++) {
            const word_info *e = insMatchWordFind(w[i].s, w[i].len);
            if (e && (e->flags & WF_AND)) { w[i].s = "&"; w[i].len = 1; }
        }
    }
    strip_legal(n, w, &from, &to, kind);
    int after_bin = 0;
    for (size_t i = from; i < to && n->ntok < INS_MATCH_MAX_TOKENS; i++) {
        wslice x = w[i];
        const word_info *e = insMatchWordFind(x.s, x.len);
        int cls = TK_WORD;
        char num[16];
        if (e && e->canon && kind != INS_MK_COMPANY) {
            if (strcmp(e->canon, "al") || kind == INS_MK_PERSON) {
                x.s = e->canon;
                x.len = strlen(e->canon);
            }
        }
        if (e && (e->flags & WF_AND) && kind != INS_MK_PERSON) {
            x.s = "&";
            x.len = 1;
            cls = TK_STOP;
        } else if (e && e->ordinal) {
            snprintf(num, sizeof num, "%d", e->ordinal);
            x.s = num;
            x.len = strlen(num);
            cls = TK_NUMBER;
        } else if (x.len && strspn(x.s, "0123456789") >= x.len) {
            while (x.len > 1 && x.s[0] == '0') { x.s++; x.len--; }
            cls = TK_NUMBER;
        } else if (kind == INS_MK_COMPANY && roman_value(x)) {
            snprintf(num, sizeof num, "%d", roman_value(x));
            x.s = num;
            x.len = strlen(num);
            cls = TK_NUMBER;
        } else if (e && kind == INS_MK_PERSON && (e->flags & WF_TITLE)) {
            cls = TK_TITLE;
        } else if (e && kind == INS_MK_ANY && (e->flags & WF_TITLE_ANY) && i == from && to - from > 2) {
            cls = TK_TITLE;
        } else if (e && kind != INS_MK_COMPANY && (e->flags & WF_PARTICLE)) {
            cls = TK_PARTICLE;
        } else if (e && kind != INS_MK_PERSON && (e->flags & WF_STOP)) {
            cls = TK_STOP;
        } else {
            uint32_t cp;
            size_t k = insMatchUtf8Dec((const unsigned char *)x.s, x.len, &cp);
            if (k == x.len) cls = TK_INITIAL;
        }
        /* a token keeps at most INS_MATCH_MAX_TOKEN_CPS code points */
        size_t off0;
        x.len = insMatchCpSlice(x.s, x.len, INS_MATCH_MAX_TOKEN_CPS, 0, &off0);
        mtok *t = &n->tok[n->ntok];
        memset(t, 0, sizeof *t);
        t->off = (uint32_t)n->text.len;
        t->len = (uint16_t)x.len;
        insBufAppend(&n->text, x.s, t->len);
        insBufAppendChar(&n->text, '\0');
        t->cls = (uint8_t)cls;
        t->w = tk_weight[cls];
        t->ascii = 1;
        for (size_t k = 0; k < t->len; k++)
            if ((unsigned char)x.s[k] >= 0x80) { t->ascii = 0; break; }
        int c = push_cps(n, x.s, t->len);
        if (c < 0) return -1;
        t->cpoff = (uint16_t)(n->ncps - (size_t)c);
        t->ncp = (uint16_t)c;
        for (int k = 0; k < c; k++) t->sig |= 1ULL << (n->cps[t->cpoff + k] & 63);
        assert(n->ncps <= INS_MATCH_MAX_TOKENS * INS_MATCH_MAX_TOKEN_CPS); /* fits mtok's 16-bit offsets */
        char key[INS_MATCH_MAX_TOKEN_CPS * 2 + 1];
        size_t kl = 0;
        if (t->ascii && cls != TK_NUMBER) {
            char tmp[INS_MATCH_MAX_TOKEN_CPS + 1];
            insUStrlcpy(tmp, x.s, (size_t)t->len + 1 < sizeof tmp ? (size_t)t->len + 1 : sizeof tmp);
            kl = insMatchPhonetic(tmp, key, sizeof key);
        }
        t->phoff = (uint16_t)n->ph.len;
        t->phlen = (uint16_t)kl;
        for (size_t q = 0; q < kl; q++) t->phsig |= 1u << ((unsigned char)key[q] & 31);
        insBufAppend(&n->ph, key, kl);
        insBufAppendChar(&n->ph, '\0');
        t->group[0] = t->group[1] = t->group[2] = -1;
        if (e && kind != INS_MK_COMPANY) memcpy(t->group, e->group, sizeof t->group);
        if (kind != INS_MK_COMPANY) t->role = word_role(tok_text(n, t), t);
        if (cls == TK_PARTICLE && x.len == 3 && !memcmp(x.s, "bin", 3)) after_bin = 1;
        else if (sig_class(cls) && after_bin) { t->patro = 1; n->has_patro = 1; after_bin = 0; }
        else if (cls != TK_PARTICLE) after_bin = 0;
        n->ntok++;
    }
    return n->text.oom || n->ph.oom ? -1 : 0;
}

/*
** Analyses NAME for comparison as a name of KIND.  Returns a new analysed
** name, NULL when out of memory.
*/
ins_mname *insMatchNameNew(const char *name, ins_match_kind kind)
{
    ins_mname *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    char *a = insMatchAnalyse(name);
    if (!a || insMatchNameFill(n, a, (int)kind)) {
        free(a);
        insMatchNameFree(n);
        return NULL;
    }
    free(a);
    return n;
}

/* Frees an analysed name (NULL is fine). */
void insMatchNameFree(ins_mname *n)
{
    if (!n) return;
    insBufFree(&n->text);
    insBufFree(&n->ph);
    free(n->cps);
    free(n);
}

/* Number of tokens of an analysed name (0 for NULL). */
size_t insMatchNameTokens(const ins_mname *n) { return n ? n->ntok : 0; }

/* Token I of an analysed name as analysed, or NULL past the end. */
const char *insMatchNameToken(const ins_mname *n, size_t i)
{
    return n && i < n->ntok ? tok_text(n, &n->tok[i]) : NULL;
}

/* The canonical legal forms of N, space separated, into OUT (bounded). */
const char *insMatchNameLegal(const ins_mname *n, char *out, size_t outsz)
{
    if (!outsz) return out;
    out[0] = '\0';
    size_t o = 0;
    for (size_t i = 0; n && i < n->nlegal; i++) {
        int k = snprintf(out + o, outsz - o, "%s%s", o ? " " : "", insMatchLegalForms[n->legal[i]].code);
        if (k < 0 || (size_t)k >= outsz - o) break;
        o += (size_t)k;
    }
    return out;
}

/* ====================================================================== */
/* Similarity                                                              */
/* ====================================================================== */

/* Tuning of the comparison; see docs/SCREENING.md. */
static struct match_params {
    double align;        /* least similarity for two tokens to pair at all */
    double strong;       /* from here a pair counts in full */
    double slope;        /* below STRONG a pair loses SLOPE per point missing */
    double alpha_person; /* weight of an extra token (one side only), persons */
    double alpha_company;
    double alpha_any;
    double conflict;     /* factor per conflict (tokens on both sides unmatched) */
    double nonsig;       /* weight of unmatched particles, titles, stop words */
    double s_initial;    /* "j" against "juan" */
    double s_variant;    /* "pepe" against "jose" */
    double s_phon;       /* same phonetic key */
    double s_prefix;     /* "juare" against "juarez" */
    double s_abbrev;     /* "intl" against "international" */
    double s_initials;   /* "jc" against "jean claude" */
    double s_join;       /* least similarity of a joined form */
    double patro;        /* factor when a father's name pairs with a given name */
    double ph_factor;    /* similarity of phonetic keys, discounted */
    double legal_conflict;
    double legal_compatible;
    double initials_cap; /* cap when only initials or particles matched */
    double extra_company; /* factor per extra word of a company name */
    double order_cap;    /* most a person pair may score when its surnames are in
                            another order, or the order cannot be read: inside
                            the default review band (INS_MATCH_REVIEW to
                            INS_MATCH_THRESHOLD) */
    double kin_score;    /* least a pair of relatives' shape scores (one surname
                            of two differs, or the same surnames with another
                            given name): review, not none */
} P = {0.50, 0.80, 1.0, 0.5, 0.9, 0.7, 0.70, 0.5, 0.90, 0.90, 0.92, 0.85, 0.75, 0.85, 0.80,
       0.6, 0.95, 0.80, 0.95, 0.50, 0.85, 0.75, 0.68};

#define MAXU (3 * INS_MATCH_MAX_TOKEN_CPS)

/*
** Optimal string alignment distance (Damerau-Levenshtein without repeated
** edits of a substring) between code point strings of at most MAXU, or
** KMAX + 1 as soon as it must exceed KMAX (most token pairs differ
** completely, and their rows pass KMAX after a few letters).
*/
static int osa_dist(const uint32_t *a, size_t n, const uint32_t *b, size_t m, int kmax)
{
    int rows[3][MAXU + 1];
    int *p2 = rows[0], *p1 = rows[1], *cur = rows[2];
    if (n > MAXU) n = MAXU;
    if (m > MAXU) m = MAXU;
    if ((n > m ? n - m : m - n) > (size_t)kmax) return kmax + 1;
    for (size_t j = 0; j <= m; j++) p1[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = (int)i;
        int rowmin = cur[0];
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = p1[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            if (p1[j - 1] + cost < v) v = p1[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && p2[j - 2] + 1 < v)
                v = p2[j - 2] + 1;
            cur[j] = v;
            if (v < rowmin) rowmin = v;
        }
        if (rowmin > kmax) return kmax + 1;
        int *t = p2;
        p2 = p1;
        p1 = cur;
        cur = t;
    }
    return p1[m];
}

/* 1 - distance / longer length, on code points; 0 when below LO. */
static double cp_sim(const uint32_t *a, size_t n, const uint32_t *b, size_t m, double lo)
{
    size_t mx = n > m ? n : m;
    if (!mx) return 0;
    int kmax = (int)((1.0 - lo) * (double)mx + 1e-9);
    int d = osa_dist(a, n, b, m, kmax);
    return d > kmax ? 0.0 : 1.0 - (double)d / (double)mx;
}

/* The same on ASCII strings (phonetic keys). */
static double str_sim(const char *a, const char *b, double lo)
{
    uint32_t x[MAXU], y[MAXU];
    size_t n = 0, m = 0;
    for (; a[n] && n < MAXU; n++) x[n] = (unsigned char)a[n];
    for (; b[m] && m < MAXU; m++) y[m] = (unsigned char)b[m];
    return cp_sim(x, n, y, m, lo);
}

/* 1 when the shorter of A and B (code points) starts the other. */
static int cp_prefix(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
    size_t k = n < m ? n : m;
    for (size_t i = 0; i < k; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* 1 when A (the shorter) is a subsequence of B starting with B's letter. */
static int cp_abbrev(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
    if (!n || !m || a[0] != b[0]) return 0;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        while (j < m && b[j] != a[i]) j++;
        if (j == m) return 0;
        j++;
    }
    return 1;
}

/* Kinds of token pairs, for explanations. */
enum { PT_EXACT = 0, PT_PHON, PT_INITIAL, PT_VARIANT, PT_PREFIX, PT_ABBREV, PT_FUZZY, PT_JOIN, PT_INITIALS };

/*
** Similarity of two strings of code points with their phonetic keys (PA,
** PB: NULL when not keyed): character similarity, the similarity of the
** keys (discounted), equal keys, a prefix or an abbreviation.  *TYPE gets
** what decided.
*/
static double form_sim(const uint32_t *a, size_t n, const char *pa, const uint32_t *b, size_t m,
                       const char *pb, int kind, int last, int *type)
{
    /* below ALIGN a similarity does not count, so it need not be exact */
    double s = cp_sim(a, n, b, m, P.align);
    *type = PT_FUZZY;
    if (pa && pb && *pa && *pb) {
        if (!strcmp(pa, pb) && strlen(pa) >= 2) {
            if (P.s_phon > s) { s = P.s_phon; *type = PT_PHON; }
        } else if (s < P.ph_factor) {
            double lo = (s > P.align ? s : P.align) / P.ph_factor;
            double ps = lo <= 1.0 ? P.ph_factor * str_sim(pa, pb, lo) : 0.0;
            if (ps > s) s = ps;
        }
    }
    size_t lo = n < m ? n : m, hi = n < m ? m : n;
    if (lo >= 4 && hi - lo <= 3 && s < P.s_prefix && (last & (n < m ? 1 : 2)) && cp_prefix(a, n, b, m)) {
        s = P.s_prefix;
        *type = PT_PREFIX;
    }
    if (kind != INS_MK_PERSON && lo >= 3 && (double)lo <= 0.6 * (double)hi && s < P.s_abbrev &&
        (n < m ? cp_abbrev(a, n, b, m) : cp_abbrev(b, m, a, n))) {
        s = P.s_abbrev;
        *type = PT_ABBREV;
    }
    return s;
}

/*
** 1 when X and Y are the masculine and feminine of one Spanish given name:
** equal but for a final o/a, or one adds a final a (Mario/Maria,
** Juan/Juana).  Such names are different people, not a typo.
*/
static int gender_pair(const ins_mname *a, const mtok *x, const ins_mname *b, const mtok *y)
{
    const char *s = tok_text(a, x), *t = tok_text(b, y);
    size_t n = x->len, m = y->len;
    if (!x->ascii || !y->ascii || n < 3 || m < 3) return 0;
    if (n == m) {
        if (memcmp(s, t, n - 1)) return 0;
        return (s[n - 1] == 'a' && t[n - 1] == 'o') || (s[n - 1] == 'o' && t[n - 1] == 'a');
    }
    if (n + 1 == m) return !memcmp(s, t, n) && t[n] == 'a';
    if (m + 1 == n) return !memcmp(s, t, m) && s[m] == 'a';
    return 0;
}

/* 1 when tokens X and Y share a given-name variant group. */
static int same_group(const mtok *x, const mtok *y)
{
    for (int i = 0; i < 3 && x->group[i] >= 0; i++)
        for (int j = 0; j < 3 && y->group[j] >= 0; j++)
            if (x->group[i] == y->group[j]) return 1;
    return 0;
}

/*
** Similarity of token X of A and token Y of B in [0,1], *TYPE what
** decided.  Numbers pair only when equal; particles, titles and stop words
** only with their like; an initial with a word that starts with it.
*/
static double tok_sim(const ins_mname *a, const mtok *x, const ins_mname *b, const mtok *y, int kind,
                      int *type)
{
    *type = PT_EXACT;
    int eq = x->len == y->len && !memcmp(tok_text(a, x), tok_text(b, y), x->len);
    if (x->cls == TK_NUMBER || y->cls == TK_NUMBER) return eq && x->cls == y->cls ? 1.0 : 0.0;
    if (!tok_sig(x) || !tok_sig(y)) {
        if (eq) return 1.0;
        return !tok_sig(x) && !tok_sig(y) && x->cls == y->cls ? 0.6 : 0.0;
    }
    double s;
    if (eq) s = 1.0;
    else if (x->cls == TK_INITIAL || y->cls == TK_INITIAL) {
        if (x->cls == y->cls) return 0.0;
        *type = PT_INITIAL;
        s = tok_cp(a, x)[0] == tok_cp(b, y)[0] ? P.s_initial : 0.0;
    } else if (same_group(x, y)) {
        *type = PT_VARIANT;
        s = P.s_variant;
    } else {
        /* letters of one missing from the other each cost an edit: when
           that alone rules out ALIGN (and keys differ), skip the work */
        int da = __builtin_popcountll(x->sig & ~y->sig), db = __builtin_popcountll(y->sig & ~x->sig);
        if (da && db) {
            int lb = da > db ? da : db;
            size_t mx = x->ncp > y->ncp ? x->ncp : y->ncp;
            int out = (double)lb > (1.0 - P.align) * (double)mx + 1e-9;
            if (out && x->phlen && y->phlen) {
                int pa = __builtin_popcount(x->phsig & ~y->phsig), pb = __builtin_popcount(y->phsig & ~x->phsig);
                int plb = pa > pb ? pa : pb;
                size_t pmx = x->phlen > y->phlen ? x->phlen : y->phlen;
                out = P.ph_factor * (1.0 - (double)plb / (double)pmx) < P.align - 1e-9;
            }
            if (out) return 0.0;
        }
        /* a truncated field loses the end of its last word only */
        int last = (x == &a->tok[a->ntok - 1]) | (y == &b->tok[b->ntok - 1]) << 1;
        s = form_sim(tok_cp(a, x), x->ncp, x->phlen ? tok_ph(a, x) : NULL, tok_cp(b, y), y->ncp,
                     y->phlen ? tok_ph(b, y) : NULL, kind, last, type);
        if (kind == INS_MK_PERSON && s > P.align && gender_pair(a, x, b, y)) s = P.align;
    }
    if (a->has_patro && b->has_patro && x->patro != y->patro) s *= P.patro;
    return s;
}

/* A pair of aligned units: tokens [ai, ai+an) of A with [bi, bi+bn) of B. */
typedef struct mpair {
    uint8_t ai, an, bi, bn;
    uint8_t type;
    float s;
} mpair;

/* Orders candidate pairs best first, then by position (deterministic). */
static int pair_cmp(const void *pa, const void *pb)
{
    const mpair *x = pa, *y = pb;
    if (x->s != y->s) return x->s > y->s ? -1 : 1;
    if (x->an + x->bn != y->an + y->bn) return x->an + x->bn < y->an + y->bn ? -1 : 1;
    if (x->ai != y->ai) return x->ai < y->ai ? -1 : 1;
    return x->bi < y->bi ? -1 : x->bi > y->bi;
}

/* Takes the pairs of CAND (sorted best first) with a similarity of at
** least LO whose tokens are all still free, marking their tokens used. */
static size_t greedy(const mpair *cand, size_t nc, double lo, uint8_t *ua, uint8_t *ub, mpair *out,
                     size_t nout, size_t cap)
{
    for (size_t k = 0; k < nc && nout < cap; k++) {
        const mpair *p = &cand[k];
        if (p->s < lo) break;
        int free_ = 1;
        for (int i = 0; i < p->an && free_; i++) free_ = !ua[p->ai + i];
        for (int j = 0; j < p->bn && free_; j++) free_ = !ub[p->bi + j];
        if (!free_) continue;
        for (int i = 0; i < p->an; i++) ua[p->ai + i] = 1;
        for (int j = 0; j < p->bn; j++) ub[p->bi + j] = 1;
        out[nout++] = *p;
    }
    return nout;
}

/*
** Joined forms: runs of 2 or 3 consecutive free tokens of X (letters) read
** as one word against a free word of Y ("good will" / "goodwill", "jean
** claude" / "jc").  Appends candidate pairs to CAND (X is A when XA).
*/
static size_t join_candidates(const ins_mname *x, const uint8_t *ux, const ins_mname *y,
                              const uint8_t *uy, int xa, int kind, mpair *cand, size_t nc,
                              size_t cap)
{
    for (size_t i = 0; i + 1 < x->ntok; i++) {
        for (size_t len = 2; len <= 3 && i + len <= x->ntok; len++) {
            uint32_t cps[MAXU];
            char ph[MAXU * 2 + 1], txt[MAXU * 4 + 1];
            size_t ncp = 0, tl = 0;
            int ok = 1, ascii = 1;
            for (size_t k = i; k < i + len && ok; k++) {
                const mtok *t = &x->tok[k];
                if (ux[k] || t->cls == TK_NUMBER || t->cls == TK_TITLE || ncp + t->ncp > MAXU ||
                    tl + t->len >= sizeof txt) {
                    ok = 0;
                    break;
                }
                memcpy(cps + ncp, tok_cp(x, t), t->ncp * sizeof *cps);
                ncp += t->ncp;
                memcpy(txt + tl, tok_text(x, t), t->len);
                tl += t->len;
                ascii &= t->ascii;
            }
            if (!ok) break;
            txt[tl] = '\0';
            if (ascii) insMatchPhonetic(txt, ph, sizeof ph);
            for (size_t j = 0; j < y->ntok && nc < cap; j++) {
                const mtok *t = &y->tok[j];
                if (uy[j] || t->cls != TK_WORD) continue;
                double s;
                int type;
                if (t->ncp == len && t->ascii && ascii) {
                    /* initials of the run */
                    int all = 1;
                    for (size_t k = 0; k < len && all; k++)
                        all = tok_cp(x, &x->tok[i + k])[0] == tok_cp(y, t)[k];
                    if (!all) continue;
                    s = P.s_initials;
                    type = PT_INITIALS;
                } else {
                    s = form_sim(cps, ncp, ascii ? ph : NULL, tok_cp(y, t), t->ncp,
                                 t->phlen ? tok_ph(y, t) : NULL, kind, 0, &type);
                    if (s < P.s_join) continue;
                    type = PT_JOIN;
                }
                mpair *p = &cand[nc++];
                if (xa) { p->ai = (uint8_t)i; p->an = (uint8_t)len; p->bi = (uint8_t)j; p->bn = 1; }
                else { p->bi = (uint8_t)i; p->bn = (uint8_t)len; p->ai = (uint8_t)j; p->an = 1; }
                p->s = (float)s;
                p->type = (uint8_t)type;
            }
        }
    }
    return nc;
}

/* Verdicts on legal forms. */
enum { LV_NONE = 0, LV_AGREE, LV_COMPATIBLE, LV_CONFLICT };

/* Compares the legal forms of A and B; returns the factor for the score.
** *AGREED gets the code both have, when they agree. */
static double legal_verdict(const ins_mname *a, const ins_mname *b, int *verdict, const char **agreed)
{
    *verdict = LV_NONE;
    *agreed = NULL;
    if (!a->nlegal || !b->nlegal) return 1.0;
    for (size_t i = 0; i < a->nlegal; i++)
        for (size_t j = 0; j < b->nlegal; j++)
            if (!strcmp(insMatchLegalForms[a->legal[i]].code, insMatchLegalForms[b->legal[j]].code)) {
                *verdict = LV_AGREE;
                *agreed = insMatchLegalForms[a->legal[i]].code;
                return 1.0;
            }
    int fa = -1, fb = -1;
    for (size_t i = 0; i < a->nlegal; i++)
        if (insMatchLegalForms[a->legal[i]].family != LF_GENERIC) fa = insMatchLegalForms[a->legal[i]].family;
    for (size_t j = 0; j < b->nlegal; j++)
        if (insMatchLegalForms[b->legal[j]].family != LF_GENERIC) fb = insMatchLegalForms[b->legal[j]].family;
    if (fa < 0 || fb < 0) return 1.0;
    if (fa == fb) { *verdict = LV_COMPATIBLE; return P.legal_compatible; }
    *verdict = LV_CONFLICT;
    return P.legal_conflict;
}

/* Appends the tokens [i, i+n) of N joined by "+" to B. */
static void why_unit(ins_buf *b, const ins_mname *n, size_t i, size_t cnt)
{
    for (size_t k = 0; k < cnt; k++) {
        if (k) insBufAppendChar(b, '+');
        insBufAppendStr(b, tok_text(n, &n->tok[i + k]));
    }
}

/* Appends the legal forms of N ("SAC LLC") to B. */
static void why_legal(ins_buf *b, const ins_mname *n)
{
    char buf[64];
    insBufAppendStr(b, insMatchNameLegal(n, buf, sizeof buf));
}

/* Orders pairs by their position in A, for explanations. */
static int pair_pos_cmp(const void *pa, const void *pb)
{
    const mpair *x = pa, *y = pb;
    return x->ai < y->ai ? -1 : x->ai > y->ai;
}

/* ====================================================================== */
/* The order of a person's surnames                                        */
/* ====================================================================== */

/*
** A Spanish or Peruvian name is given names, then the father's surname,
** then the mother's (registers often write the surnames first: "QUISPE
** MAMANI JUAN").  Siblings share both surnames in that order; a parent and
** a child rarely do.  So the token alignment, which ignores order, is read
** again for persons: the given names may move as a block from one end to
** the other, but the surnames keep their order, and a pair of relatives'
** shape (one surname of two differs, or the same surnames with another
** given name) is a question for a reviewer, not a match and not nothing.
** Which words are given names comes from the name lists (word_role); when
** the words cannot tell, a reordered pair goes to review.
*/
enum { ORD_SAME = 0, ORD_GIVEN_MOVED, ORD_UNSURE, ORD_SWAPPED, ORD_KIN_SURNAME, ORD_KIN_GIVEN };

/* A word of a person's name: a word or an initial (not a particle, title or number). */
static int is_word(const mtok *t) { return t->cls == TK_WORD || t->cls == TK_INITIAL; }
/* Surely a given name: known as one and not also as a surname. */
static int is_given(const mtok *t) { return t->role == NR_GIVEN; }
/* Surely a surname: known as one and not also as a given name. */
static int is_surname(const mtok *t) { return t->role == NR_SURNAME; }

/* Layouts of a person's name. */
enum { LAYOUT_UNKNOWN = 0, LAYOUT_GIVEN_FIRST = 1, LAYOUT_GIVEN_LAST = 2 };

/*
** Reads the layout of person N: whether the given names come first ("JUAN
** CARLOS QUISPE MAMANI") or last ("QUISPE MAMANI JUAN CARLOS"), and which
** words are its surnames: the two at the other end (one when the name has
** two words, when the second of the two is surely a given name, or when
** NSUR_MAX is 1), marked in SURNAME[].  FORCE is LAYOUT_UNKNOWN to read the layout from the words
** at the ends (a given name, or a surname, the lists know), or the layout
** to assume.  Returns the layout, LAYOUT_UNKNOWN when the ends do not tell
** it (no evidence, or evidence both ways).
*/
static int read_layout(const ins_mname *n, int force, size_t nsur_max, uint8_t *surname)
{
    size_t w[INS_MATCH_MAX_TOKENS], nw = 0;
    for (size_t i = 0; i < n->ntok; i++) {
        surname[i] = 0;
        if (is_word(&n->tok[i])) w[nw++] = i;
    }
    if (nw < 2) return LAYOUT_UNKNOWN;
    const mtok *first = &n->tok[w[0]], *last = &n->tok[w[nw - 1]];
    int layout = force;
    if (!layout) {
        int given_first = is_given(first) || is_surname(last);
        int given_last = is_given(last) || is_surname(first);
        if (given_first == given_last) return LAYOUT_UNKNOWN;
        layout = given_first ? LAYOUT_GIVEN_FIRST : LAYOUT_GIVEN_LAST;
    }
    int gf = layout == LAYOUT_GIVEN_FIRST;
    size_t nsur = nw >= 3 && nsur_max >= 2 ? 2 : 1;
    if (nsur == 2 && is_given(&n->tok[w[gf ? nw - 2 : 1]])) nsur = 1;
    for (size_t k = 0; k < nsur; k++) surname[w[gf ? nw - 1 - k : k]] = 1;
    return layout;
}

/* 1 when every aligned word pair of S (M of them) is a surname on both
** sides or on neither, by the readings SA and SB. */
static int same_roles(const mpair *s, size_t m, const uint8_t *sa, const uint8_t *sb)
{
    for (size_t i = 0; i < m; i++)
        if (sa[s[i].ai] != sb[s[i].bi]) return 0;
    return 1;
}

/*
** Reads the layout of X, whose ends do not tell it, from its alignment S
** (M pairs; X is the query side when XA) with the other name O, whose
** layout LO is known: the one layout of X under which, with one surname or
** two on each side, X's surnames pair with O's.  Fills SX (and SO with the
** fitting reading of O); returns the layout, LAYOUT_UNKNOWN when none or
** both fit.
*/
static int infer_layout(const ins_mname *x, int xa, const ins_mname *o, int lo, const mpair *s, size_t m,
                        uint8_t *sx, uint8_t *so)
{
    uint8_t t[INS_MATCH_MAX_TOKENS], u[INS_MATCH_MAX_TOKENS];
    int found = LAYOUT_UNKNOWN;
    for (int f = LAYOUT_GIVEN_FIRST; f <= LAYOUT_GIVEN_LAST; f++) {
        int fit = 0;
        for (size_t nx = 2; !fit && nx >= 1; nx--)
            for (size_t no = 2; !fit && no >= 1; no--) {
                read_layout(x, f, nx, t);
                read_layout(o, lo, no, u);
                fit = xa ? same_roles(s, m, t, u) : same_roles(s, m, u, t);
            }
        if (!fit) continue;
        if (found) return LAYOUT_UNKNOWN;
        found = f;
        memcpy(sx, t, x->ntok);
        memcpy(so, u, o->ntok);
    }
    return found;
}

/* Order of aligned pairs by the query's token. */
static int pair_ai_cmp(const void *pa, const void *pb)
{
    const mpair *x = pa, *y = pb;
    return x->ai < y->ai ? -1 : x->ai > y->ai;
}

/*
** Reads the order of persons A and B aligned by PAIRS (NP of them; UA, UB
** their used tokens) and returns an ORD_* verdict.  A pair is read this
** way when a word of either name is a surname the lists know, or when the
** ends of both names tell their layout; other names (Chinese, Russian,
** English) keep the plain comparison (ORD_SAME).
*/
static int order_verdict(const ins_mname *a, const ins_mname *b, const mpair *pairs, size_t np,
                         const uint8_t *ua, const uint8_t *ub)
{
    int known = 0;
    for (size_t i = 0; i < a->ntok; i++) known |= (a->tok[i].role & NR_SURNAME) && a->tok[i].cls == TK_WORD;
    for (size_t j = 0; j < b->ntok; j++) known |= (b->tok[j].role & NR_SURNAME) && b->tok[j].cls == TK_WORD;
    uint8_t sa[INS_MATCH_MAX_TOKENS], sb[INS_MATCH_MAX_TOKENS];
    int la = read_layout(a, LAYOUT_UNKNOWN, 2, sa), lb = read_layout(b, LAYOUT_UNKNOWN, 2, sb);
    if (!known && !(la && lb)) return ORD_SAME;

    /* the aligned words, in the query's order */
    mpair s[INS_MATCH_MAX_TOKENS];
    size_t m = 0;
    for (size_t q = 0; q < np; q++)
        if (is_word(&a->tok[pairs[q].ai]) && is_word(&b->tok[pairs[q].bi])) s[m++] = pairs[q];
    qsort(s, m, sizeof *s, pair_ai_cmp);
    int inverted = 0, all_surnames = 1, weak = 0;
    for (size_t i = 0; i < m; i++) {
        all_surnames &= is_surname(&a->tok[s[i].ai]) && is_surname(&b->tok[s[i].bi]);
        weak |= s[i].s < P.strong;
        if (i + 1 < m && s[i].bi > s[i + 1].bi) inverted = 1;
    }
    if (!la && lb) la = infer_layout(a, 1, b, lb, s, m, sa, sb);
    else if (la && !lb) lb = infer_layout(b, 0, a, la, s, m, sb, sa);
    if (!la || !lb) {
        /* the layouts cannot be read: only words in the same order pass */
        if (!inverted) return ORD_SAME;
        return all_surnames ? ORD_SWAPPED : ORD_UNSURE;
    }
    /* one surname or two on each side: the reading under which surnames
       pair with surnames ("HANS J FRIEDRICH": J is a given name, so
       JOACHIM is one too); none fits: doubt */
    int fits = same_roles(s, m, sa, sb);
    for (size_t na = 2; !fits && na >= 1; na--)
        for (size_t nb = 2; !fits && nb >= 1; nb--) {
            read_layout(a, la, na, sa);
            read_layout(b, lb, nb, sb);
            fits = same_roles(s, m, sa, sb);
        }
    if (!fits) return ORD_UNSURE;
    /* the surnames keep their order */
    size_t mg = 0, ms = 0;
    for (size_t i = 0; i < m; i++) {
        int xs = sa[s[i].ai];
        if (!xs) { mg++; continue; }
        ms++;
        for (size_t j = i + 1; j < m; j++)
            if (sa[s[j].ai] && s[j].bi < s[i].bi) return ORD_SWAPPED;
    }
    /* in order: relatives' shape, on words that agree in full */
    if (weak) return la != lb ? ORD_GIVEN_MOVED : ORD_SAME;
    size_t free_ga = 0, free_gb = 0, free_sa = 0, free_sb = 0;
    for (size_t i = 0; i < a->ntok; i++)
        if (!ua[i] && is_word(&a->tok[i])) { if (sa[i]) free_sa++; else free_ga++; }
    for (size_t j = 0; j < b->ntok; j++)
        if (!ub[j] && is_word(&b->tok[j])) { if (sb[j]) free_sb++; else free_gb++; }
    int other_given = free_ga && free_gb, other_surname = free_sa && free_sb;
    if (!other_given && mg && ms && other_surname && (free_sa < free_sb ? free_sa : free_sb) == 1)
        return ORD_KIN_SURNAME;
    if (other_given && !mg && ms && !other_surname) return ORD_KIN_GIVEN;
    return la != lb ? ORD_GIVEN_MOVED : ORD_SAME;
}

/* What an order verdict adds to the explanation; NULL for none. */
static const char *order_note(int verdict)
{
    switch (verdict) {
    case ORD_GIVEN_MOVED: return _("; given names at the other end, surnames in the same order");
    case ORD_UNSURE: return _("; words in another order, and the name lists cannot tell given names "
                              "from surnames: review");
    case ORD_SWAPPED: return _("; surnames in another order (father's and mother's): another person "
                               "unless a reviewer confirms");
    case ORD_KIN_SURNAME: return _("; one surname of two differs: relatives share one; review");
    case ORD_KIN_GIVEN: return _("; same surnames, another given name: a relative or a namesake; review");
    default: return NULL;
    }
}

/* The explanation of a name comparison (see insMatchCompare). */
static void explain(ins_buf *why, const ins_mname *a, const ins_mname *b, mpair *pairs, size_t np,
                    const uint8_t *ua, const uint8_t *ub, double score, int verdict, const char *agreed,
                    size_t conflicts, const char *note)
{
    insBufPrintf(why, _("name %.2f:"), score);
    if (!np) insBufAppendStr(why, _(" no token in common"));
    qsort(pairs, np, sizeof *pairs, pair_pos_cmp);
    const char *sep = " ";
    for (size_t k = 0; k < np; k++) {
        const mpair *p = &pairs[k];
        insBufAppendStr(why, sep);
        sep = ", ";
        int same = p->an == 1 && p->bn == 1 && p->type == PT_EXACT;
        why_unit(why, a, p->ai, p->an);
        if (same) continue;
        insBufAppendStr(why, p->type == PT_FUZZY ? "~" : "=");
        why_unit(why, b, p->bi, p->bn);
        switch (p->type) {
        case PT_PHON: insBufAppendStr(why, _(" (phonetic)")); break;
        case PT_INITIAL: insBufAppendStr(why, _(" (initial)")); break;
        case PT_INITIALS: insBufAppendStr(why, _(" (initials)")); break;
        case PT_VARIANT: insBufAppendStr(why, _(" (name variant)")); break;
        case PT_PREFIX: insBufAppendStr(why, _(" (truncated)")); break;
        case PT_ABBREV: insBufAppendStr(why, _(" (abbreviation)")); break;
        case PT_JOIN: insBufAppendStr(why, _(" (joined)")); break;
        case PT_EXACT: break;
        default: insBufPrintf(why, " (%.2f)", p->s); break;
        }
    }
    int any = 0;
    for (size_t i = 0; i < a->ntok; i++) {
        if (ua[i]) continue;
        insBufAppendStr(why, any ? " " : _("; only in query: "));
        insBufAppendStr(why, tok_text(a, &a->tok[i]));
        any = 1;
    }
    any = 0;
    for (size_t j = 0; j < b->ntok; j++) {
        if (ub[j]) continue;
        insBufAppendStr(why, any ? " " : _("; only in listing: "));
        insBufAppendStr(why, tok_text(b, &b->tok[j]));
        any = 1;
    }
    if (conflicts) insBufPrintf(why, _("; %zu conflicting"), conflicts);
    switch (verdict) {
    case LV_AGREE:
        insBufPrintf(why, _("; legal form agrees (%s)"), agreed);
        break;
    case LV_COMPATIBLE:
    case LV_CONFLICT:
        insBufAppendStr(why, verdict == LV_CONFLICT ? _("; legal form differs (") : _("; legal form similar ("));
        why_legal(why, a);
        insBufAppendStr(why, _(" vs "));
        why_legal(why, b);
        insBufAppendChar(why, ')');
        break;
    default: break;
    }
    if (note) insBufAppendStr(why, note);
}

/*
** Compares analysed names A (the query) and B (the listing) as names of
** KIND; see the comment at the top of this file.  Returns the score in
** [0,1] and appends the explanation to WHY when not NULL.
*/
double insMatchCompare(const ins_mname *a, const ins_mname *b, ins_match_kind kind, ins_buf *why)
{
    int k = kind != INS_MK_ANY ? (int)kind : a->kind != INS_MK_ANY ? a->kind : b->kind;
    size_t na = a->ntok, nb = b->ntok;
    if (!na || !nb) {
        if (why) insBufAppendStr(why, _("name 0.00: nothing to compare"));
        return 0.0;
    }
    uint8_t ua[INS_MATCH_MAX_TOKENS] = {0}, ub[INS_MATCH_MAX_TOKENS] = {0};
    mpair cand[INS_MATCH_MAX_TOKENS * INS_MATCH_MAX_TOKENS * 2];
    mpair pairs[INS_MATCH_MAX_TOKENS];
    size_t nc = 0, np = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            int type;
            double s = tok_sim(a, &a->tok[i], b, &b->tok[j], k, &type);
            if (s < P.align) continue;
            mpair *p = &cand[nc++];
            p->ai = (uint8_t)i; p->an = 1; p->bi = (uint8_t)j; p->bn = 1;
            p->s = (float)s;
            p->type = (uint8_t)type;
        }
    /* strong pairs first, then joined and split forms among what is left,
       then weak pairs */
    qsort(cand, nc, sizeof *cand, pair_cmp);
    np = greedy(cand, nc, P.strong, ua, ub, pairs, np, INS_ARRAY_LEN(pairs));
    int left_a = 0, left_b = 0;
    for (size_t i = 0; i < na; i++) left_a += !ua[i] && tok_sig(&a->tok[i]);
    for (size_t j = 0; j < nb; j++) left_b += !ub[j] && tok_sig(&b->tok[j]);
    if (left_a || left_b) {
        mpair join[INS_MATCH_MAX_TOKENS * INS_MATCH_MAX_TOKENS];
        size_t nj = join_candidates(a, ua, b, ub, 1, k, join, 0, INS_ARRAY_LEN(join));
        nj = join_candidates(b, ub, a, ua, 0, k, join, nj, INS_ARRAY_LEN(join));
        if (nj) {
            qsort(join, nj, sizeof *join, pair_cmp);
            np = greedy(join, nj, 0.0, ua, ub, pairs, np, INS_ARRAY_LEN(pairs));
        }
        np = greedy(cand, nc, 0.0, ua, ub, pairs, np, INS_ARRAY_LEN(pairs));
    }
    /* weighted share of matched tokens */
    double num = 0, den = 0, weak = 0;
    int strong_words = 0;
    for (size_t q = 0; q < np; q++) {
        const mpair *p = &pairs[q];
        double wa = 0, wb = 0;
        for (int i = 0; i < p->an; i++) if (a->tok[p->ai + i].w > wa) wa = a->tok[p->ai + i].w;
        for (int j = 0; j < p->bn; j++) if (b->tok[p->bi + j].w > wb) wb = b->tok[p->bi + j].w;
        double s = p->s;
        if (s < P.strong) {
            /* a weak pair is part match, part conflict */
            weak += (P.strong - s) / (P.strong - P.align);
            s -= P.slope * (P.strong - s);
        }
        if (s < 0) s = 0;
        num += s * (wa + wb);
        den += wa + wb;
        int words = p->type != PT_INITIAL && p->type != PT_INITIALS;
        for (int i = 0; i < p->an && words; i++) words = a->tok[p->ai + i].cls == TK_WORD || a->tok[p->ai + i].cls == TK_NUMBER;
        if (words && p->s >= P.strong) strong_words++;
    }
    double sig_a = 0, sig_b = 0, other = 0;
    size_t cnt_a = 0, cnt_b = 0;
    for (size_t i = 0; i < na; i++) {
        if (ua[i]) continue;
        if (tok_sig(&a->tok[i])) { sig_a += a->tok[i].w; cnt_a++; }
        else other += a->tok[i].w;
    }
    for (size_t j = 0; j < nb; j++) {
        if (ub[j]) continue;
        if (tok_sig(&b->tok[j])) { sig_b += b->tok[j].w; cnt_b++; }
        else other += b->tok[j].w;
    }
    size_t conflicts = 0;
    if (cnt_a && cnt_b) {
        den += sig_a + sig_b;
        conflicts = cnt_a < cnt_b ? cnt_a : cnt_b;
    } else {
        double alpha = k == INS_MK_PERSON ? P.alpha_person : k == INS_MK_COMPANY ? P.alpha_company : P.alpha_any;
        den += alpha * (sig_a + sig_b);
    }
    den += P.nonsig * other;
    double score = den > 0 ? num / den : 0.0;
    score *= pow(P.conflict, (double)conflicts + weak);
    if (k == INS_MK_COMPANY && !conflicts && (cnt_a || cnt_b))
        score *= pow(P.extra_company, (double)(cnt_a + cnt_b));
    if (!strong_words && score > P.initials_cap) score = P.initials_cap;
    int verdict = LV_NONE;
    const char *agreed = NULL;
    if (k != INS_MK_PERSON) score *= legal_verdict(a, b, &verdict, &agreed);
    if (score > 1.0) score = 1.0;
    if (score < 0.0) score = 0.0;
    const char *note = NULL;
    if (k == INS_MK_PERSON) {
        int ord = order_verdict(a, b, pairs, np, ua, ub);
        if ((ord == ORD_SWAPPED || ord == ORD_UNSURE) && score > P.order_cap) score = P.order_cap;
        if ((ord == ORD_KIN_SURNAME || ord == ORD_KIN_GIVEN) && score < P.kin_score) score = P.kin_score;
        if ((ord == ORD_KIN_SURNAME || ord == ORD_KIN_GIVEN) && score > P.order_cap) score = P.order_cap;
        note = order_note(ord);
    }
    if (why) explain(why, a, b, pairs, np, ua, ub, score, verdict, agreed, conflicts, note);
    return score;
}

/* Analyses A and B as names of KIND and compares them (for the benchmark
** and tests; screening analyses each listing name once instead). */
double insMatchScore(const char *a, const char *b, ins_match_kind kind, ins_buf *why)
{
    ins_mname *x = insMatchNameNew(a, kind), *y = insMatchNameNew(b, kind);
    double s = x && y ? insMatchCompare(x, y, kind, why) : 0.0;
    insMatchNameFree(x);
    insMatchNameFree(y);
    return s;
}

/* Match at or above THRESHOLD, review from REVIEW, nothing below. */
int insMatchClassify(double score, double threshold, double review)
{
    if (score >= threshold) return INS_MS_MATCH;
    if (score >= review) return INS_MS_REVIEW;
    return INS_MS_NONE;
}

/* The word shown for a status in the status column. */
const char *insMatchStatusName(int status)
{
    switch (status) {
    case INS_MS_MATCH: return "match";
    case INS_MS_REVIEW: return "review";
    case INS_MS_CONFIRMED: return "confirmed";
    default: return "none";
    }
}

/* The kind of a kind column (English or Spanish); unknown words are ANY. */
ins_match_kind ins_match_kind_from_text(const char *s)
{
    if (!s || !*s) return INS_MK_ANY;
    if (insUStrieq(s, "person") || insUStrieq(s, "persona") || insUStrieq(s, "natural") ||
        insUStrieq(s, "individual"))
        return INS_MK_PERSON;
    if (insUStrieq(s, "company") || insUStrieq(s, "organization") || insUStrieq(s, "organisation") ||
        insUStrieq(s, "empresa") || insUStrieq(s, "firm") || insUStrieq(s, "juridica"))
        return INS_MK_COMPANY;
    return INS_MK_ANY;
}
