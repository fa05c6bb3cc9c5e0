/*
** ident.c: identifier schemes and check digits (FORMATS.md section 7).
**
** A bad check digit is never a reason to reject a document: public samples
** are full of anonymised RUCs.  Callers store a warning instead.
*/
#include "ins_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const int ruc_weights[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

/* 1 when [s, s+len) holds exactly N ASCII digits. */
static int all_digits(const char *s, size_t len, size_t n)
{
    if (len != n) return 0;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

/*
** RUC: 11 digits, prefix 10, 15, 17 or 20; check = (11 - s mod 11) mod 10
** where s is the weighted sum of the first ten digits.
*/
int ins_ruc_check(const char *s, size_t len)
{
    if (!s || !all_digits(s, len, 11)) return -1;
    if (!((s[0] == '1' && (s[1] == '0' || s[1] == '5' || s[1] == '7')) ||
          (s[0] == '2' && s[1] == '0')))
        return 0;
    int sum = 0;
    for (int i = 0; i < 10; i++) sum += (s[i] - '0') * ruc_weights[i];
    int check = (11 - sum % 11) % 10;
    return (s[10] - '0') == check;
}

/*
** DNI: 8 digits, optionally followed by a check character (digit or letter)
** computed with weights 3,2,7,6,5,4,3,2 and c = sum mod 11.
*/
int ins_dni_check(const char *s, size_t len)
{
    static const int w[8] = {3, 2, 7, 6, 5, 4, 3, 2};
    if (!s) return -1;
    if (len == 8) return all_digits(s, len, 8) ? 1 : -1;
    if (len != 9 || !all_digits(s, 8, 8)) return -1;
    int sum = 0;
    for (int i = 0; i < 8; i++) sum += (s[i] - '0') * w[i];
    int c = sum % 11;
    char k = (char)toupper((unsigned char)s[8]);
    return k == "65432110987"[c] || k == "KJIHGFEDCBA"[c];
}

/*
** CUIT: 11 digits with an allowed prefix; same weights as RUC; the check
** digit is "012345678990"[11 - s mod 11].
*/
int ins_cuit_check(const char *s, size_t len)
{
    static const char *prefixes[] = {"20", "23", "24", "27", "30", "33", "34", "50", "51", "55"};
    if (!s || !all_digits(s, len, 11)) return -1;
    int ok = 0;
    for (size_t i = 0; i < INS_ARRAY_LEN(prefixes); i++)
        if (s[0] == prefixes[i][0] && s[1] == prefixes[i][1]) ok = 1;
    if (!ok) return 0;
    int sum = 0;
    for (int i = 0; i < 10; i++) sum += (s[i] - '0') * ruc_weights[i];
    char check = "012345678990"[11 - sum % 11];
    return s[10] == check;
}

const char *insIdSchemeFromCat06(const char *code)
{
    if (!code || !*code) return NULL;
    if (!strcmp(code, "6")) return INS_SCHEME_PE_RUC;
    if (!strcmp(code, "1")) return INS_SCHEME_PE_DNI;
    if (!strcmp(code, "4")) return INS_SCHEME_PE_CE;
    if (!strcmp(code, "7")) return INS_SCHEME_PASSPORT;
    if (!strcmp(code, "F") || !strcmp(code, "H") || !strcmp(code, "E") || !strcmp(code, "G"))
        return INS_SCHEME_PE_PTP;
    if (!strcmp(code, "0") || !strcmp(code, "-")) return NULL;
    return INS_SCHEME_OTHER;
}

/*
** 1 when identifiers of SCHEME name a natural person (a Peruvian DNI, a
** carnet de extranjeria, a passport, a migrant's permit, a Brazilian CPF):
** warnings and rejection reasons describe such a value, never quote it.
** A RUC, even a person's RUC 10, names a business and is not one of them.
*/
int insIdSchemePersonal(const char *scheme)
{
    static const char *const personal[] = {INS_SCHEME_PE_DNI, INS_SCHEME_PE_CE, INS_SCHEME_PASSPORT,
                                           INS_SCHEME_PE_PTP, "BR-CPF"};
    if (!scheme) return 0;
    for (size_t i = 0; i < INS_ARRAY_LEN(personal); i++)
        if (!strcmp(scheme, personal[i])) return 1;
    return 0;
}

int insIdValidate(const char *scheme, const char *id)
{
    if (!scheme || !id) return -1;
    size_t n = strlen(id);
    if (!strcmp(scheme, INS_SCHEME_PE_RUC)) return ins_ruc_check(id, n);
    if (!strcmp(scheme, INS_SCHEME_PE_DNI)) return ins_dni_check(id, n);
    if (!strcmp(scheme, INS_SCHEME_AR_CUIT)) return ins_cuit_check(id, n);
    return 2;
}

/*
** 1 when ID can identify anything: not NULL, and holding a letter or a
** digit other than 0 ("-", "0000" and "" are how documents say "none").
*/
int insIdPresent(const char *id)
{
    if (!id) return 0;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (*p < 0x80 && isalnum(*p) && *p != '0') return 1;
    return 0;
}

/*
** Writes into OUT the DAM number S in the form SUNAT's documents cite it,
** OOO-YYYY-RR-NNNNNN (customs office, year, régimen, number), when S is
** one: four groups of digits separated by '-', '/', '.' or blanks (1-3,
** 4, 1-2 and 1-6 digits, the missing leading zeros restored), or the
** fifteen digits alone.  1 when written, 0 when S is no DAM number (then
** OUT is untouched, and the caller keeps S as written).
*/
int insIdDamNumber(const char *s, char out[INS_DAM_NUMBER_BYTES])
{
    if (!s) return 0;
    unsigned long g[4];
    size_t len[4], n = 0;
    const char *p = s;
    while (*p == ' ') p++;
    while (*p && n < 4) {
        if (*p < '0' || *p > '9') return 0;
        unsigned long v = 0;
        size_t l = 0;
        while (*p >= '0' && *p <= '9' && l < 16) { v = v * 10 + (unsigned long)(*p - '0'); p++; l++; }
        g[n] = v;
        len[n++] = l;
        if (*p == '-' || *p == '/' || *p == '.' || *p == ' ') {
            char sep = *p++;
            while (*p == ' ') p++;
            if (!*p) {
                if (sep != ' ') return 0; /* a separator that ends nothing */
                break;                    /* trailing blanks */
            }
        } else {
            break;
        }
    }
    while (*p == ' ') p++;
    if (*p) return 0;
    if (n == 1 && len[0] == 15) { /* the digits alone: a year 19xx or 2xxx after the office */
        const char *d = s;
        while (*d == ' ') d++;
        if (!((d[3] == '1' && d[4] == '9') || d[3] == '2')) return 0;
        snprintf(out, INS_DAM_NUMBER_BYTES, "%.3s-%.4s-%.2s-%.6s", d, d + 3, d + 7, d + 9);
        return 1;
    }
    if (n != 4 || len[0] > 3 || len[1] != 4 || len[2] > 2 || len[3] > 6 || g[1] < 1900 || g[1] > 2999)
        return 0;
    snprintf(out, INS_DAM_NUMBER_BYTES, "%03lu-%04lu-%02lu-%06lu", g[0], g[1], g[2], g[3]);
    return 1;
}

/*
** The two spellings of a vehicle plate that guías, declarations and
** partners write: PLATE upper-cased without blanks, ALT the same with its
** dash removed or, for six letters and digits without one, added after the
** third ("ABC-123", "ABC123"), so that either joins leg_vehicles by index.
** Both are cut to INS_PLATE_BYTES - 1 bytes.
*/
void insIdPlateSpellings(const char *ident, char plate[INS_PLATE_BYTES], char alt[INS_PLATE_BYTES])
{
    size_t k = 0, a = 0;
    for (const char *p = ident ? ident : ""; *p && k + 1 < INS_PLATE_BYTES; p++) {
        if (*p == ' ') continue;
        plate[k++] = (char)toupper((unsigned char)*p);
        if (*p != '-' && a + 1 < INS_PLATE_BYTES) alt[a++] = (char)toupper((unsigned char)*p);
    }
    plate[k] = alt[a] = '\0';
    if (!strcmp(plate, alt) && a == 6) snprintf(alt, INS_PLATE_BYTES, "%.3s-%.3s", plate, plate + 3);
}
