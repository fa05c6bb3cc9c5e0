/*
** util.c: small helpers shared by every layer: bounded string copies,
** UTF-8 checks and ISO-8859-1 conversion, SHA-256 (libsodium), number and
** date parsing, day numbers of dates (insDateParse, insDateFormat), today
** (ins_today), the overflow-checked array growth insUGrow.
*/
#include "ins_internal.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

char *insUStrndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *insUStrdup(const char *s) { return s ? insUStrndup(s, strlen(s)) : NULL; }

size_t insUStrlcpy(char *dst, const char *src, size_t dstsize)
{
    size_t n = strlen(src);
    if (dstsize) {
        size_t c = n < dstsize - 1 ? n : dstsize - 1;
        memcpy(dst, src, c);
        dst[c] = '\0';
    }
    return n;
}

/* Length of a whitespace sequence at p (ASCII space or UTF-8 NBSP). */
static size_t ws_len(const unsigned char *p)
{
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
        return 1;
    if (p[0] == 0xC2 && p[1] == 0xA0) return 2;
    return 0;
}

char *insUTrim(char *s)
{
    if (!s) return s;
    unsigned char *p = (unsigned char *)s;
    size_t k;
    while ((k = ws_len(p)) != 0) p += k;
    size_t len = strlen((char *)p);
    memmove(s, p, len + 1);
    while (len > 0) {
        unsigned char c = (unsigned char)s[len - 1];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            s[--len] = '\0';
        } else if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && c == 0xA0) {
            len -= 2;
            s[len] = '\0';
        } else {
            break;
        }
    }
    return s;
}

/*
** Length of the valid UTF-8 sequence at S (LEN bytes left, LEN > 0), 0 when
** the bytes there are not one: a stray continuation byte, a truncated
** sequence, an overlong form, a surrogate or a code point past U+10FFFF.
*/
static size_t utf8_seq(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80) return 1;
    else if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return 0;
    if (n >= len) return 0; /* truncated sequence */
    for (size_t k = 1; k <= n; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n + 1;
}

int insUUtf8Valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0, k; i < len; i += k)
        if (!(k = utf8_seq(s + i, len - i))) return 0;
    return 1;
}

/*
** A malloc'd copy of [S, S+LEN) in which every byte that does not begin a
** valid UTF-8 sequence (utf8_seq) is replaced by U+FFFD, the replacement
** character; *NBAD (when not NULL) receives how many were.  For text that
** claims to be UTF-8 (XML) but is not, so that nothing stored can break
** JSON or a terminal later.  NULL when out of memory.
*/
char *insUUtf8Repair(const char *str, size_t len, size_t *nbad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t bad = 0;
    if (nbad) *nbad = 0;
    if (len > (SIZE_MAX - 1) / 3) return NULL;
    char *out = malloc(len * 3 + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_seq(s + i, len - i);
        if (k) {
            memcpy(o, s + i, k);
            o += k;
            i += k;
        } else {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
            bad++;
        }
    }
    *o = '\0';
    if (nbad) *nbad = bad;
    return out;
}

char *insUToUtf8(const char *s, size_t len)
{
    if (insUUtf8Valid(s, len)) return insUStrndup(s, len);
    char *out = malloc(len * 2 + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[o++] = (char)c;
        } else {
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[o] = '\0';
    return out;
}

static void hex_of(const unsigned char *d, size_t n, char *out)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[d[i] >> 4];
        out[2 * i + 1] = hx[d[i] & 15];
    }
    out[2 * n] = '\0';
}

void insUSha256Hex(const void *data, size_t len, char out[65])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, data, len);
    hex_of(d, sizeof d, out);
}

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((ins_sha256 *)0)->state),
               "ins_sha256 too small for libsodium's state");

void insUSha256Init(ins_sha256 *h)
{
    crypto_hash_sha256_init((crypto_hash_sha256_state *)(void *)h->state);
}

void insUSha256Update(ins_sha256 *h, const void *data, size_t len)
{
    crypto_hash_sha256_update((crypto_hash_sha256_state *)(void *)h->state, data, len);
}

void insUSha256Final(ins_sha256 *h, char out[65])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final((crypto_hash_sha256_state *)(void *)h->state, d);
    hex_of(d, sizeof d, out);
}

/*
** Parses a decimal number.  UBL and most CSVs write "1234.56"; some lists
** write "1234,56".  A ',' is read as the decimal separator only when the
** text has no '.', otherwise ',' is a thousands separator and dropped.
*/
int insUParseDouble(const char *s, double *out)
{
    if (!s) return 0;
    while (*s == ' ' || *s == '\t') s++;
    if (!*s) return 0;
    char tmp[64];
    size_t o = 0;
    int has_dot = strchr(s, '.') != NULL;
    for (const char *p = s; *p && o + 1 < sizeof tmp; p++) {
        if (isdigit((unsigned char)*p) || *p == '-' || *p == '+' || *p == 'e' || *p == 'E')
            tmp[o++] = *p;
        else if (*p == '.')
            tmp[o++] = '.';
        else if (*p == ',')
            { if (!has_dot) tmp[o++] = '.'; }
        else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            continue;
        else
            return 0;
    }
    tmp[o] = '\0';
    if (!o) return 0;
    char *end;
    errno = 0;
    double v = strtod(tmp, &end);
    if (errno || *end) return 0;
    *out = v;
    return 1;
}

int insUParseDate(const char *s, char out[11])
{
    if (!s) return 0;
    while (*s == ' ') s++;
    for (int i = 0; i < 10; i++) {
        char c = s[i];
        if (i == 4 || i == 7) { if (c != '-') return 0; }
        else if (!isdigit((unsigned char)c)) return 0;
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
    memcpy(out, s, 10);
    out[10] = '\0';
    return 1;
}

void insUNowIso(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
** Days from the civil date Y-M-D to 1970-01-01 (proleptic Gregorian),
** after Howard Hinnant's well-known algorithm: exact for every year,
** without tables or time zones.
*/
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

/*
** Days since 1970-01-01 of the date "YYYY-MM-DD" at the start of S (LEN
** bytes, at least 10; what follows the date is ignored), into *OUT.
** Returns 1 on success, 0 when the text is no valid calendar date (then
** *OUT is not written).  Dates as day numbers make windows ("within 90
** days") and differences plain integer arithmetic.
*/
int insDateParse(const char *s, size_t len, int32_t *out)
{
    if (len < 10) return 0;
    char d[11];
    memcpy(d, s, 10);
    d[10] = '\0';
    char norm[11];
    if (!insUParseDate(d, norm)) return 0;
    int y = atoi(norm), m = atoi(norm + 5), dd = atoi(norm + 8);
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (dd > mdays[m - 1]) return 0;
    if (m == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
    *out = days_from_civil(y, m, dd);
    return 1;
}

/*
** Writes day number Z (days since 1970-01-01) as YYYY-MM-DD into OUT, the
** inverse of insDateParse (Hinnant's civil_from_days).  A day outside
** years 0000-9999 is written as "0000-00-00".
*/
void insDateFormat(int32_t z, char out[11])
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    if (n != 10) { insUStrlcpy(out, "0000-00-00", 11); return; }
    memcpy(out, buf, 11);
}

/*
** Writes today's date in UTC as YYYY-MM-DD into OUT: the evaluation date
** of scoring, screening and risk queries when the caller names none.  One
** helper, so that every default "today" is the same day.
*/
void ins_today(char out[11])
{
    char now[21];
    insUNowIso(now);
    memcpy(out, now, 10);
    out[10] = '\0';
}

/*
** 1 when ISO (YYYY-MM-DD) is a plausible date for a document: not before
** INS_PLAUSIBLE_MIN_DATE and not more than INS_PLAUSIBLE_FUTURE_DAYS after
** today (9999-12-31 is a placeholder or an attack, not a date of trade).
*/
int insPlausibleDate(const char *iso)
{
    int32_t d, lo, today;
    char now[11];
    ins_today(now);
    if (!insDateParse(iso, strlen(iso), &d) || !insDateParse(INS_PLAUSIBLE_MIN_DATE, 10, &lo) ||
        !insDateParse(now, 10, &today))
        return 0;
    return d >= lo && d <= today + INS_PLAUSIBLE_FUTURE_DAYS;
}

/*
** 64-bit FNV-1a of the LEN bytes at P, for hash tables that only find
** things (never order them): any hash would do, this one is short.
*/
uint64_t insUHashBytes(const void *p, size_t len)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

int insUStrieq(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    while (*a && *b) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
        a++, b++;
    }
    return *a == *b;
}

char *insUDigitsOnly(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    char *o = malloc(n + 1);
    if (!o) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)s[i])) o[k++] = s[i];
    o[k] = '\0';
    return o;
}

/*
** The threads to compute on: the caller's choice (--jobs), else the
** processors online, from 1 to INS_MAX_THREADS.  Screening, linking
** listings and evaluating rules all ask here.
*/
unsigned insUThreads(unsigned asked)
{
    long n = asked ? (long)asked : sysconf(_SC_NPROCESSORS_ONLN);
    return (unsigned)(n < 1 ? 1 : n > INS_MAX_THREADS ? INS_MAX_THREADS : n);
}

/*
** Runs FN on N arguments of SIZE bytes each at ARGS, the first on the
** calling thread and the others each on a thread (see ins_internal.h).
** The threads that compute in this program (screening, linking
** listings, evaluating rules) all start and join this way.
*/
void insURunThreads(int (*fn)(void *), void *args, size_t size, unsigned n)
{
    thrd_t th[INS_MAX_THREADS];
    int started[INS_MAX_THREADS];
    assert(n <= INS_MAX_THREADS);
    char *a = args;
    for (unsigned t = 0; t < n; t++)
        started[t] = t > 0 && thrd_create(&th[t], fn, a + (size_t)t * size) == thrd_success;
    for (unsigned t = 0; t < n; t++)
        if (!started[t]) fn(a + (size_t)t * size);
    for (unsigned t = 1; t < n; t++)
        if (started[t]) thrd_join(th[t], NULL);
}

/*
** Returns array V (of capacity *CAP elements of SIZE bytes) with room for
** NEED elements, doubling its capacity as needed (from 8), and updates
** *CAP.  Returns NULL when out of memory or when NEED elements of SIZE
** bytes would not fit in a size_t; V and *CAP are then left as they were,
** so the caller still owns V.  The one place where arrays grow, so that
** no caller multiplies a count by a size unchecked.  Use it as
**     T *p = insUGrow(a->v, &a->cap, a->n + 1, sizeof *p);
**     if (!p) return ERROR;
**     a->v = p;
*/
void *insUGrow(void *v, size_t *cap, size_t need, size_t size)
{
    assert(size > 0);
    if (v && need <= *cap) return v;
    size_t max = SIZE_MAX / size;
    if (need > max) return NULL;
    size_t nc = *cap ? *cap : 8;
    while (nc < need) nc = nc > max / 2 ? max : nc * 2;
    void *p = realloc(v, nc * size);
    if (!p) return NULL;
    *cap = nc;
    return p;
}

/* Keeps V in *DST unless *DST already holds a value (the first occurrence
** of a field wins); frees V otherwise. */
void insUSetOnce(char **dst, char *v)
{
    if (!*dst) *dst = v;
    else free(v);
}
