/*
** gen_world.c: the demo-world generator of inspector.
**
** Writes a synthetic but plausible Peruvian supply-chain world in the file
** formats inspector imports: SUNAT e-invoices (UBL 2.1: facturas, boletas,
** notas de credito), guias de remision (GRE 2.0: remitente 09 and
** transportista 31) and supplier declarations (facility-list CSV).  Into
** that world it plants documented forced-labour cases (see README.md next
** to this file) and writes their answer key, truth.csv, outside the folders
** that are imported.
**
** The world is a set of firms (with RUCs whose check digits hold, real INEI
** districts, establishments), trading relationships ("flows") between them,
** and movements of goods or people ("moves").  Flows and moves become dated
** events; the events are sorted and played in date order, so document
** numbers grow with dates and each vehicle is scheduled where it can be:
** a legitimate vehicle never appears in two places further apart than a
** day's drive.  Only the planted cloned plate breaks that.
**
** Everything is deterministic for a seed: one splitmix64 generator, no
** clock, no rand(), a total order wherever events are sorted, and never two
** random draws in one expression whose evaluation order C leaves open, so
** that every compiler writes the same bytes.  Only libc and libm are used
** (with POSIX mkdir, opendir and unlink for the output folders).
**
** This file holds main (the options and the order of the stages), the one
** random generator, small string and calendar helpers, the growth of the
** world's arrays and the output folders; gen.h lists the other files.
**
** Usage: gen-world [--seed N] [--firms N] [--months N] [--start YYYY-MM]
**                  [--only-months A..B] OUTDIR
*/
#define _POSIX_C_SOURCE 200809L

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "gen.h"

/*
** The largest --firms.  The world's records take about 10 KB a firm with
** their events (3 GB at 300,000 firms), and firm indexes must fit the 26
** bits world.flow_of packs them in.
*/
#define FIRMS_MAX 1000000
#define FIRMS_MAX_TEXT "1000000"

/* ---- the pseudo-random generator -------------------------------------------------- */

/* Next 64 random bits (splitmix64: Steele, Lea and Flood 2014). */
static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A uniform integer in [0, n); 0 when n <= 1. */
int rnd(rng *r, int n)
{
    if (n <= 1) return 0;
    return (int)(rng_next(r) % (uint64_t)n);
}

/* A uniform integer in [lo, hi]. */
int rnd_between(rng *r, int lo, int hi)
{
    return hi <= lo ? lo : lo + rnd(r, hi - lo + 1);
}

/* A uniform double in [0, 1). */
double rnd_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* A uniform double in [lo, hi). */
double rnd_uniform(rng *r, double lo, double hi)
{
    return lo + (hi - lo) * rnd_unit(r);
}

/* 1 with probability p. */
int rnd_chance(rng *r, double p)
{
    return rnd_unit(r) < p;
}

/* A positive size factor, roughly log-normal around 1 (firm sizes are skewed). */
double rnd_size(rng *r)
{
    double s = 0;
    for (int i = 0; i < 4; i++) s += rnd_unit(r);
    return exp((s - 2.0) * 0.8);
}

/* ---- small string helpers --------------------------------------------------------- */

/* Copies S into DST of N bytes, always terminated, cut if too long. */
void copy_str(char *dst, size_t n, const char *s)
{
    if (!n) return;
    size_t k = strlen(s);
    if (k >= n) k = n - 1;
    memcpy(dst, s, k);
    dst[k] = '\0';
}

/* Number of '|'-separated alternatives in ALTS. */
static int alt_count(const char *alts)
{
    int n = 1;
    for (const char *p = alts; *p; p++) n += *p == '|';
    return n;
}

/* Copies alternative K (modulo their number) of ALTS into OUT; returns OUT. */
const char *alt(const char *alts, int k, char *out, size_t n)
{
    int c = alt_count(alts);
    k = ((k % c) + c) % c;
    const char *p = alts;
    while (k > 0) {
        if (*p++ == '|') k--;
    }
    const char *e = strchr(p, '|');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len >= n) len = n - 1;
    memcpy(out, p, len);
    out[len] = '\0';
    return out;
}

/*
** Upper-cases UTF-8 text the way SUNAT's registry writes names: ASCII
** letters and the Latin-1 letters of Spanish (two-byte sequences 0xC3
** 0xA0-0xBE) are mapped; everything else is copied.
*/
void upcase(const char *in, char *out, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; in[i] && k + 2 < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c >= 'a' && c <= 'z') {
            out[k++] = (char)(c - 32);
        } else if (c == 0xC3 && in[i + 1]) {
            unsigned char d = (unsigned char)in[i + 1];
            out[k++] = (char)c;
            out[k++] = (char)((d >= 0xA0 && d <= 0xBE && d != 0xB7) ? d - 0x20 : d);
            i++;
        } else {
            out[k++] = (char)c;
        }
    }
    out[k] = '\0';
}

/*
** Removes the Spanish accents of UTF-8 text (a vowel with an accent becomes
** the bare vowel, n with tilde becomes n): how many small issuers type
** their customers' names.
*/
void fold_accents(const char *in, char *out, size_t n)
{
    static const char from[] = "\xA1\xA9\xAD\xB3\xBA\xB1\xBC\x81\x89\x8D\x93\x9A\x91\x9C";
    static const char to[] = "aeiounuAEIOUNU";
    size_t k = 0;
    for (size_t i = 0; in[i] && k + 1 < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == 0xC3 && in[i + 1]) {
            const char *f = strchr(from, in[i + 1]);
            if (f) {
                out[k++] = to[f - from];
                i++;
                continue;
            }
        }
        out[k++] = (char)c;
    }
    out[k] = '\0';
}

/* Rounds to cents. */
double round2(double x)
{
    return floor(x * 100.0 + 0.5) / 100.0;
}

/* ---- calendar --------------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The date of day Z since 1970-01-01. */
void civil_from_days(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Days in month M of year Y. */
int month_days(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

/* Bit mask of calendar months A..B (1-12), wrapping over the new year. */
unsigned months_mask(int a, int b)
{
    unsigned m = 0;
    for (int k = a;; k = k % 12 + 1) {
        m |= 1u << (k - 1);
        if (k == b) break;
    }
    return m;
}

/* ---- memory ----------------------------------------------------------------------- */

/*
** Grows array *P of *CAP elements of SIZE bytes to hold NEED, doubling its
** capacity; exits when out of memory or when the new size would overflow
** (the generator is libc only, so it keeps this small copy of what the
** library's insUGrow does).
*/
void grow(void **p, int *cap, int need, size_t size)
{
    assert(size > 0 && need >= 0);
    if (need <= *cap) return;
    int nc = *cap ? *cap : 16;
    while (nc < need && nc <= INT_MAX / 2) nc *= 2;
    void *q = nc >= need && (size_t)nc <= SIZE_MAX / size ? realloc(*p, (size_t)nc * size) : NULL;
    if (!q) {
        fputs("gen-world: out of memory\n", stderr);
        exit(3);
    }
    *p = q;
    *cap = nc;
}

/* ---- lookups ---------------------------------------------------------------------- */

/* Exits: the generator cannot go on without memory. */
static void out_of_memory(void)
{
    fputs("gen-world: out of memory\n", stderr);
    exit(3);
}

/* FNV-1a hash of string K. */
static uint64_t str_hash(const char *k)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    for (; *k; k++) h = (h ^ (unsigned char)*k) * 0x100000001B3ULL;
    return h;
}

/* A 64-bit key's bits mixed (the splitmix64 finaliser), so that packed keys spread over the table. */
static uint64_t key_hash(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* 1 when set S holds string K. */
int strset_has(const strset *s, const char *k)
{
    if (!s->cap) return 0;
    for (size_t i = str_hash(k) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (!s->slot[i]) return 0;
        if (!strcmp(s->slot[i], k)) return 1;
    }
}

/* Puts P, a string the set owns, into the slots of S (which has room and lacks it). */
static void strset_place(strset *s, char *p)
{
    size_t i = str_hash(p) & (s->cap - 1);
    while (s->slot[i]) i = (i + 1) & (s->cap - 1);
    s->slot[i] = p;
}

/*
** Adds a copy of string K to set S, doubling the table (a power of two,
** kept at most half full) when needed; nothing when K is there already.
** Exits when out of memory.
*/
void strset_add(strset *s, const char *k)
{
    if (strset_has(s, k)) return;
    if ((s->n + 1) * 2 > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        char **old = s->slot;
        size_t oc = s->cap;
        if (nc > SIZE_MAX / sizeof *s->slot || !(s->slot = calloc(nc, sizeof *s->slot))) out_of_memory();
        s->cap = nc;
        for (size_t i = 0; i < oc; i++)
            if (old[i]) strset_place(s, old[i]);
        free(old);
    }
    size_t len = strlen(k);
    char *p = malloc(len + 1);
    if (!p) out_of_memory();
    memcpy(p, k, len + 1);
    strset_place(s, p);
    s->n++;
}

/* Frees the strings and the table of S. */
void strset_free(strset *s)
{
    for (size_t i = 0; i < s->cap; i++) free(s->slot[i]);
    free(s->slot);
    memset(s, 0, sizeof *s);
}

/* The value of key K in map M, or -1 when absent. */
int keymap_get(const keymap *m, uint64_t k)
{
    if (!m->cap) return -1;
    for (size_t i = key_hash(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (m->val[i] < 0) return -1;
        if (m->key[i] == k) return m->val[i];
    }
}

/* Puts K with value V (non-negative) into the slots of M, replacing K's value if present. */
static int keymap_place(keymap *m, uint64_t k, int v)
{
    size_t i = key_hash(k) & (m->cap - 1);
    while (m->val[i] >= 0 && m->key[i] != k) i = (i + 1) & (m->cap - 1);
    int added = m->val[i] < 0;
    m->key[i] = k;
    m->val[i] = v;
    return added;
}

/*
** Sets key K of map M to V (non-negative), doubling the table (a power of
** two, kept at most half full) when needed.  Exits when out of memory.
*/
void keymap_put(keymap *m, uint64_t k, int v)
{
    assert(v >= 0);
    if ((m->n + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 1024;
        uint64_t *ok = m->key;
        int *ov = m->val;
        size_t oc = m->cap;
        if (nc > SIZE_MAX / sizeof *m->key) out_of_memory();
        m->key = malloc(nc * sizeof *m->key);
        m->val = malloc(nc * sizeof *m->val);
        if (!m->key || !m->val) out_of_memory();
        for (size_t i = 0; i < nc; i++) m->val[i] = -1;
        m->cap = nc;
        for (size_t i = 0; i < oc; i++)
            if (ov[i] >= 0) keymap_place(m, ok[i], ov[i]);
        free(ok);
        free(ov);
    }
    m->n += (size_t)keymap_place(m, k, v);
}

/* Frees the tables of M. */
void keymap_free(keymap *m)
{
    free(m->key);
    free(m->val);
    memset(m, 0, sizeof *m);
}

/* ---- files and directories -------------------------------------------------------- */

/* Creates directory PATH if missing; exits when that fails. */
static void make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gen-world: %s: %s\n", path, strerror(errno));
        exit(3);
    }
}

/*
** Removes, from directory DIR, the files an earlier run of this program
** wrote there (names starting with an 11-digit RUC and a dash, ending in
** EXT), so that a smaller or different world does not leave old
** documents behind.  Nothing else is touched.
*/
static void clean_dir(const char *dir, const char *ext)
{
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *de;
    size_t el = strlen(ext);
    while ((de = readdir(dp)) != NULL) {
        const char *nm = de->d_name;
        size_t len = strlen(nm);
        int ours = len > 12 + el && nm[11] == '-' && !strcmp(nm + len - el, ext);
        for (int i = 0; i < 11 && ours; i++)
            if (nm[i] < '0' || nm[i] > '9') ours = 0;
        if (!ours) continue;
        char path[PATH_BYTES];
        int n = snprintf(path, sizeof path, "%s/%s", dir, nm);
        if (n > 0 && (size_t)n < sizeof path) unlink(path);
    }
    closedir(dp);
}

/*
** Removes the transmissions an earlier run wrote under DIR (OUTDIR/customs):
** folders named OFFICE-YYYY-MM, with the files write_dam appends to, which
** must start empty.  Nothing else is touched.
*/
static void clean_customs(const char *dir)
{
    static const char *const files[] = {"ADUAHDR1.TXT", "ADUADET1.TXT", "DUAFAC01.TXT", "DUAEMPRE.TXT",
                                        "910M0001.HDR", "910A0001.HDR"};
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        const char *nm = de->d_name;
        if (strlen(nm) != 11 || nm[3] != '-' || nm[8] != '-') continue;
        char path[PATH_BYTES];
        for (size_t i = 0; i < ARRAY_LEN(files); i++) {
            int n = snprintf(path, sizeof path, "%s/%s/%s", dir, nm, files[i]);
            if (n > 0 && (size_t)n < sizeof path) unlink(path);
        }
        int n = snprintf(path, sizeof path, "%s/%s", dir, nm);
        if (n > 0 && (size_t)n < sizeof path) rmdir(path);
    }
    closedir(dp);
}

/* Creates OUTDIR and its folders, emptied of files an earlier run wrote. */
static void prepare_dirs(world *w)
{
    static const char *const subs[] = {"", "/sunat", "/sunat/invoices", "/sunat/guias", "/suppliers",
                                       "/reference", "/customs"};
    char path[PATH_BYTES];
    for (size_t i = 0; i < ARRAY_LEN(subs); i++) {
        int n = snprintf(path, sizeof path, "%s%s", w->outdir, subs[i]);
        if (n < 0 || (size_t)n >= sizeof path) {
            fputs("gen-world: output path too long\n", stderr);
            exit(2);
        }
        make_dir(path);
        if (i >= 2 && i <= 4) clean_dir(path, i == 4 ? ".csv" : ".xml");
        if (i == 6) clean_customs(path);
    }
}

/* ---- main ------------------------------------------------------------------------- */

/* Prints the usage to FP. */
static void usage(FILE *fp)
{
    fputs("usage: gen-world [--seed N] [--firms N] [--months N] [--start YYYY-MM] [--only-months A..B] "
          "OUTDIR\n"
          "Writes a synthetic Peruvian supply-chain world with planted forced-labour cases:\n"
          "  OUTDIR/sunat/invoices/  SUNAT UBL 2.1 facturas, boletas, notas de credito\n"
          "  OUTDIR/sunat/guias/     GRE 2.0 guias de remision (remitente 09, transportista 31)\n"
          "  OUTDIR/suppliers/       supplier declarations (facility-list CSV)\n"
          "  OUTDIR/customs/         export declarations (DAM) as SUNAT Teledespacho transmissions\n"
          "  OUTDIR/reference/       exchange rates to PEN (synthetic, marked so in each row)\n"
          "  OUTDIR/truth.csv        the planted cases (answer key; not an input)\n"
          "  OUTDIR/decoys.csv       legitimate firms with one weak signal (not an input)\n"
          "Defaults: --seed 42 --firms 400 --months 12, ending 2026-10.\n"
          "--only-months A..B writes only the documents of months A to B of the window (1 is the\n"
          "first), byte for byte as a run over the whole window writes them; the supplier lists,\n"
          "truth.csv and decoys.csv are written whole.  --firms goes from 120 to " FIRMS_MAX_TEXT ".\n",
          fp);
}

/*
** Parses the value of --only-months, "A..B" or "A" (months of the window,
** 1 is the first), into *A and *B; exits with a usage error when it is not
** that shape.  Whether B is within the window is checked once it is known.
*/
static void parse_months(const char *v, int *a, int *b)
{
    char *end;
    long x = 0, y = 0;
    errno = 0;
    if (v) x = strtol(v, &end, 10);
    if (v && !errno && end != v && x >= 1 && x <= 120) {
        if (!*end) {
            *a = *b = (int)x;
            return;
        }
        if (end[0] == '.' && end[1] == '.') {
            const char *p = end + 2;
            y = strtol(p, &end, 10);
            if (!errno && end != p && !*end && y >= x && y <= 120) {
                *a = (int)x;
                *b = (int)y;
                return;
            }
        }
    }
    fputs("gen-world: --only-months needs A..B, months of the window from 1, A <= B\n", stderr);
    exit(2);
}

/* Parses a decimal integer option value in [LO, HI]; exits with usage on error. */
static long long parse_num(const char *opt, const char *v, long long lo, long long hi)
{
    char *end;
    errno = 0;
    long long x = v ? strtoll(v, &end, 10) : 0;
    if (!v || errno || *end || end == v || x < lo || x > hi) {
        fprintf(stderr, "gen-world: %s needs a number from %lld to %lld\n", opt, lo, hi);
        exit(2);
    }
    return x;
}

/*
** Parses the options, builds the world (population, planted cases, wiring,
** transport, calibration), plays its events into the document files,
** writes the supplier lists and the answer key, and prints a summary.
** Exit status: 0 done, 2 usage error, 3 output or memory failure.
*/
int main(int argc, char **argv)
{
    world w;
    memset(&w, 0, sizeof w);
    long long seed = 42;
    int firms = 400, months = 12, sy = 0, sm = 0, only_a = 0, only_b = 0;
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--seed"))
            seed = parse_num(a, v, 0, 9223372036854775807LL), i++;
        else if (!strcmp(a, "--firms"))
            firms = (int)parse_num(a, v, 120, FIRMS_MAX), i++;
        else if (!strcmp(a, "--months"))
            months = (int)parse_num(a, v, 1, 120), i++;
        else if (!strcmp(a, "--only-months"))
            parse_months(v, &only_a, &only_b), i++;
        else if (!strcmp(a, "--start")) {
            if (!v || strlen(v) != 7 || v[4] != '-' || sscanf(v, "%4d-%2d", &sy, &sm) != 2 || sm < 1 ||
                sm > 12 || sy < 2000 || sy > 2100) {
                fputs("gen-world: --start needs YYYY-MM\n", stderr);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "gen-world: unknown option %s\n", a);
            usage(stderr);
            return 2;
        } else if (!out) {
            out = a;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!out) {
        usage(stderr);
        return 2;
    }
    if (!sy) { /* the window ends in October 2026 */
        int idx = 2026 * 12 + 9 - (months - 1);
        sy = idx / 12;
        sm = idx % 12 + 1;
    }
    copy_str(w.outdir, sizeof w.outdir, out);
    size_t ol = strlen(w.outdir);
    while (ol > 1 && w.outdir[ol - 1] == '/') w.outdir[--ol] = '\0';
    w.seed = (unsigned long long)seed;
    w.r.s = (uint64_t)seed * 0x2545F4914F6CDD1DULL + 0x1234567ULL;
    w.target_firms = firms;
    w.months = months;
    w.start_y = sy;
    w.start_m = sm;
    w.start_dn = days_from_civil(sy, sm, 1);
    w.write_to = -1;
    for (int k = 0; k < months; k++) {
        if (k == only_a - 1) w.write_from = w.ndays;
        w.ndays += month_days(sy + (sm - 1 + k) / 12, (sm - 1 + k) % 12 + 1);
        if (k == only_b - 1) w.write_to = w.ndays;
    }
    if (!only_a) {
        w.write_from = 0;
        w.write_to = w.ndays;
    } else if (w.write_to < 0) {
        fprintf(stderr, "gen-world: --only-months %d..%d: the window has %d months\n", only_a, only_b, months);
        return 2;
    }

    prepare_dirs(&w);
    populate(&w, 26);
    plant(&w);
    w.picks_ready = 1; /* no firm's kind, place, registration or case changes from here on */
    wire_gold(&w);
    wire_timber(&w);
    wire_nuts(&w);
    wire_garments(&w);
    wire_agro(&w);
    wire_fish(&w);
    wire_building(&w);
    wire_coffee(&w);
    wire_food(&w);
    choose_transport(&w);
    transport_decoys(&w);
    calibrate(&w);
    make_events(&w);
    run_events(&w);
    write_declaration(&w, w.amz, "castana-madera", "Asociación de Castañeros Río Las Piedras", "170103",
                      "0801.21", K_NUT_COLLECTOR);
    write_declaration(&w, w.brand1, "confecciones", "Taller de Costura Familia Mamani", "150115", "6109.10",
                      K_WORKSHOP);
    write_rates(&w);
    write_truth(&w, 0);
    int ntruth = w.nwritten;
    write_truth(&w, 1);

    int npe = 0;
    for (int i = 0; i < w.nfirms; i++) npe += w.firms[i].kind != K_FOREIGN;
    char d0[11], d1[11];
    fmt_date(&w, 0, d0);
    fmt_date(&w, w.ndays - 1, d1);
    printf("gen-world: seed %llu, %d firms (%d Peruvian, %d foreign), %s to %s\n", w.seed, w.nfirms, npe,
           w.nfirms - npe, d0, d1);
    printf("  %d facturas, %d boletas, %d notas de credito, %d guias remitente, %d guias transportista, %d "
           "supplier lists\n",
           w.n_fact, w.n_bol, w.n_cn, w.n_g09, w.n_g31, w.n_csv);
    printf("  %d truth rows, %d decoy rows, in %s\n", ntruth, w.nwritten - ntruth, w.outdir);
    free(w.firms);
    free(w.fleets);
    free(w.flows);
    free(w.moves);
    free(w.events);
    free(w.pos_of_id);
    free(w.freight);
    free(w.truth);
    free(w.decoys);
    strset_free(&w.ids);
    strset_free(&w.name_keys);
    strset_free(&w.plates);
    keymap_free(&w.flow_of);
    for (int k = 0; k < K_COUNT; k++) free(w.of_kind[k]);
    free(w.freight_head);
    free(w.freight_tail);
    free_pick_lists(&w);
    return 0;
}
