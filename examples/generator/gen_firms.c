/*
** gen_firms.c: the world's records and the calls that create them.
**
** Identifiers (RUCs and CUITs whose check digits hold, foreign tax
** numbers, DNIs, plates), firms with their names, addresses and fleets,
** picking a trading partner by kind and distance, flows (trading
** relationships) and moves (transport that is not a sale), rows of the
** answer key, and the ordinary population of firms.  The planted cases
** (gen_cases.c) and the general wiring (gen_wiring.c) are built from
** these calls.
*/
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* ---- identifiers ------------------------------------------------------------------ */

/* RUC check digit of the first ten digits of S: weights 5,4,3,2,7,6,5,4,3,2, (11 - s mod 11) mod 10. */
static int ruc_check(const char *s)
{
    static const int wgt[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    int sum = 0;
    for (int i = 0; i < 10; i++) sum += (s[i] - '0') * wgt[i];
    return (11 - sum % 11) % 10;
}

/* 1 when ID is already some firm's identifier. */
static int id_taken(const world *w, const char *id)
{
    return strset_has(&w->ids, id);
}

/*
** A new legal-entity RUC: 20, then eight digits shaped like the ranges
** SUNAT has issued (1xxxxxxx older firms, 4-6xxxxxxx newer ones), then the
** check digit.
*/
static void make_ruc(world *w, char out[12])
{
    static const char lead[] = "1145566";
    do {
        out[0] = '2';
        out[1] = '0';
        out[2] = lead[rnd(&w->r, (int)strlen(lead))];
        for (int i = 3; i < 10; i++) out[i] = (char)('0' + rnd(&w->r, 10));
        out[10] = (char)('0' + ruc_check(out));
        out[11] = '\0';
    } while (id_taken(w, out));
}

/*
** A new Argentine company CUIT: 30, eight digits, check character
** "012345678990"[11 - s mod 11] (FORMATS.md section 7).  Sums that would
** give the ambiguous value 10 are redrawn, as AFIP does by changing prefix.
*/
static void make_cuit(world *w, char out[12])
{
    static const int wgt[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    for (;;) {
        out[0] = '3';
        out[1] = '0';
        out[2] = '7';
        for (int i = 3; i < 10; i++) out[i] = (char)('0' + rnd(&w->r, 10));
        int sum = 0;
        for (int i = 0; i < 10; i++) sum += (out[i] - '0') * wgt[i];
        if (sum % 11 == 1) continue;
        out[10] = "012345678990"[11 - sum % 11];
        out[11] = '\0';
        if (!id_taken(w, out)) return;
    }
}

/* A tax identifier shaped like those of country ISO (EIN, VAT, USCC...). */
static void make_foreign_id(world *w, const char *iso, char *out, size_t n)
{
    rng *r = &w->r;
    if (!strcmp(iso, "AR")) {
        make_cuit(w, out);
        return;
    }
    /* bounded by construction, so that every identifier fits its buffer */
    unsigned a = (unsigned)rnd_between(r, 1000000, 9999999) % 10000000u;
    unsigned b = (unsigned)rnd_between(r, 10, 99) % 100u;
    if (!strcmp(iso, "US"))
        snprintf(out, n, "%02u-%07u", b, a);
    else if (!strcmp(iso, "CH"))
        snprintf(out, n, "CHE-%03u.%03u.%03u", a / 10000u % 1000u, a % 1000u, (b * 10u + 3u) % 1000u);
    else if (!strcmp(iso, "CN"))
        snprintf(out, n, "91%02u0000MA%07uX", b, a);
    else if (!strcmp(iso, "KR"))
        snprintf(out, n, "%03u-%02u-%05u", a % 1000u, b, a / 100u % 100000u);
    else if (!strcmp(iso, "IN"))
        snprintf(out, n, "AAAC%c%04uK", 'A' + (int)(a % 26u), a % 10000u);
    else if (!strcmp(iso, "AE"))
        snprintf(out, n, "100%07u%02u0003", a, b);
    else if (!strcmp(iso, "CL"))
        snprintf(out, n, "76%07u-%u", a, a % 10u);
    else if (!strcmp(iso, "DO"))
        snprintf(out, n, "1-%02u-%05u-%u", b, a % 100000u, a % 9u);
    else if (!strcmp(iso, "ES"))
        snprintf(out, n, "B%07u%u", a, b % 10u);
    else if (!strcmp(iso, "NL"))
        snprintf(out, n, "NL%07u%02uB01", a, b);
    else if (!strcmp(iso, "BE"))
        snprintf(out, n, "BE0%07u%02u", a, b);
    else
        snprintf(out, n, "%.2s%07u%02u", iso, a, b);
}

/* A DNI of eight digits, leading digits as RENIEC has issued them. */
void make_dni(world *w, char out[9])
{
    static const char lead[] = "0124477";
    out[0] = lead[rnd(&w->r, (int)strlen(lead))];
    for (int i = 1; i < 8; i++) out[i] = (char)('0' + rnd(&w->r, 10));
    out[8] = '\0';
}

/* A person's given name and two surnames, upper case. */
void make_person(world *w, int female, char *given, size_t ng, char *family, size_t nf)
{
    char a[48], b[48], fa[48], fb[48];
    alt(female ? GIVEN_F : GIVEN_M, rnd(&w->r, 1000), given, ng);
    alt(SURNAMES, rnd(&w->r, 1000), a, sizeof a);
    alt(SURNAMES, rnd(&w->r, 1000), b, sizeof b);
    upcase(a, fa, sizeof fa);
    upcase(b, fb, sizeof fb);
    snprintf(family, nf, "%s %s", fa, fb);
}

/* A new driver: DNI, names, and the licence number (a letter and the DNI). */
void new_driver(world *w, driver *d)
{
    make_dni(w, d->dni);
    make_person(w, 0, d->given, sizeof d->given, d->family, sizeof d->family);
    d->licence[0] = 'Q';
    memcpy(d->licence + 1, d->dni, sizeof d->dni);
}

/* 1 when PLATE is already on some vehicle. */
static int plate_taken(const world *w, const char *plate)
{
    return strset_has(&w->plates, plate);
}

/* Records PLATE as used. */
static void plate_add(world *w, const char *plate)
{
    strset_add(&w->plates, plate);
}

/*
** A new plate in the Peruvian shape: three characters (the second may be a
** digit), a dash, three digits ("ABC-123", "V4B-718").  The first letter
** varies with the region of registration; which letter goes with which
** region is illustrative only.
*/
static void make_plate(world *w, int dist, char out[12])
{
    static const char *const first[][2] = {
        {"15", "ABCDF"}, {"07", "ABCDF"}, {"17", "XY"}, {"21", "Z"}, {"08", "X"},
        {"04", "V"},     {"13", "T"},     {"25", "U"},  {"16", "U"}, {"20", "P"},
        {"11", "D"},     {"12", "W"},     {"06", "M"},  {"23", "Z"}, {"02", "H"},
    };
    const char *set = "ABCDF";
    for (size_t i = 0; i < ARRAY_LEN(first); i++)
        if (!strncmp(DISTRICTS[dist].code, first[i][0], 2)) set = first[i][1];
    do {
        /* one draw per statement: argument order is unspecified, the output must not depend on it */
        char c1 = set[rnd(&w->r, (int)strlen(set))];
        char c2 = rnd_chance(&w->r, 0.4) ? (char)('1' + rnd(&w->r, 9)) : (char)('A' + rnd(&w->r, 26));
        char c3 = (char)('A' + rnd(&w->r, 26));
        unsigned num = (unsigned)rnd_between(&w->r, 100, 999) % 1000u;
        snprintf(out, 12, "%c%c%c-%03u", c1, c2, c3, num);
    } while (plate_taken(w, out));
    plate_add(w, out);
}

/* ---- firms ------------------------------------------------------------------------ */

/* Picks a district from "ubigeo:weight ..." PLACES, weighted. */
static int pick_place(world *w, const char *places)
{
    int total = 0;
    for (const char *p = places; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        total += atoi(p + 7);
        while (*p && *p != ' ') p++;
    }
    int k = rnd(&w->r, total);
    for (const char *p = places; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        int wt = atoi(p + 7);
        if (k < wt) {
            char code[7];
            memcpy(code, p, 6);
            code[6] = '\0';
            return dist_index(code);
        }
        k -= wt;
        while (*p && *p != ' ') p++;
    }
    return 0;
}

/* The form in which two firm names are compared: without accents, upper case. */
static void name_key(const char *name, char out[128])
{
    char a[128];
    fold_accents(name, a, sizeof a);
    upcase(a, out, 128);
}

/* 1 when some firm already has NAME (compared without case and accents). */
static int name_taken(const world *w, const char *name)
{
    char key[128];
    name_key(name, key);
    return strset_has(&w->name_keys, key);
}

/*
** Appends firm F to the world and to the indexes over firms (identifiers,
** name keys, firms of its kind); returns its index.
*/
static int add_firm(world *w, const firm *f)
{
    char key[128];
    grow((void **)&w->firms, &w->capfirms, w->nfirms + 1, sizeof *w->firms);
    int idx = w->nfirms++;
    w->firms[idx] = *f;
    strset_add(&w->ids, f->id);
    name_key(f->name, key);
    strset_add(&w->name_keys, key);
    int k = f->kind;
    grow((void **)&w->of_kind[k], &w->capof_kind[k], w->nof_kind[k] + 1, sizeof *w->of_kind[k]);
    w->of_kind[k][w->nof_kind[k]++] = idx;
    return idx;
}

/*
** A firm name in the Peruvian manner: a sector prefix, a core (a regional
** name, a saint or brand-like word, or family surnames) and the legal form.
*/
static void firm_name(world *w, int kind, int dist, char *out, size_t n)
{
    rng *r = &w->r;
    char pre[40], core[64], s1[30], s2[30];
    for (int tries = 0;; tries++) {
        alt(KINDS[kind].prefixes, rnd(r, 1000), pre, sizeof pre);
        double u = rnd_unit(r);
        if (u < 0.42) {
            alt(region_cores(dist), rnd(r, 1000), core, sizeof core);
        } else if (u < 0.74) {
            alt(GENERIC_CORES, rnd(r, 1000), core, sizeof core);
        } else if (u < 0.88) {
            alt(SURNAMES, rnd(r, 1000), s1, sizeof s1);
            snprintf(core, sizeof core, "%s & Hijos", s1);
        } else {
            alt(SURNAMES, rnd(r, 1000), s1, sizeof s1);
            alt(SURNAMES, rnd(r, 1000), s2, sizeof s2);
            snprintf(core, sizeof core, "%s %s", s1, s2);
        }
        const char *suffix;
        double v = rnd_unit(r);
        if ((kind == K_COFFEE_COOP && !strncmp(pre, "Coop", 4)) || (kind == K_COFFEE_COOP && v < 0.2))
            suffix = "Ltda.";
        else if (v < 0.55)
            suffix = "S.A.C.";
        else if (v < 0.76)
            suffix = "E.I.R.L.";
        else if (v < 0.9)
            suffix = "S.R.L.";
        else
            suffix = "S.A.";
        if (tries < 40)
            snprintf(out, n, "%s %s %s", pre, core, suffix);
        else
            snprintf(out, n, "%s %s %d %s", pre, core, tries, suffix);
        if (!name_taken(w, out)) return;
    }
}

/* A street address in DIST: one of its real streets or localities, or a common street name. */
void street_address(world *w, int dist, char *out, size_t n)
{
    rng *r = &w->r;
    char place[96], st[48];
    const char *places = DISTRICTS[dist].places;
    if (*places && rnd_chance(r, 0.8)) {
        alt(places, rnd(r, 1000), place, sizeof place);
        if (!strncmp(place, "AV.", 3) || !strncmp(place, "JR.", 3) || !strncmp(place, "CAL.", 4)) {
            int block = rnd_between(r, 1, 45);
            snprintf(out, n, "%s NRO. %d", place, block * 10 + rnd(r, 10));
        } else if (!strncmp(place, "CAR.", 4) || !strncmp(place, "ANTIGUA", 7)) {
            snprintf(out, n, "%s KM. %d", place, rnd_between(r, 2, 240));
        } else if (!strncmp(place, "PARQUE", 6) || !strncmp(place, "APV.", 4) || !strncmp(place, "C.P.", 4)) {
            char mz = (char)('A' + rnd(r, 20));
            snprintf(out, n, "%s MZA. %c LOTE %d", place, mz, rnd_between(r, 1, 40));
        } else {
            snprintf(out, n, "%s S/N", place);
        }
    } else {
        alt(STREETS, rnd(r, 1000), st, sizeof st);
        const char *kind = rnd_chance(r, 0.5) ? "AV." : "JR.";
        int block = rnd_between(r, 1, 48);
        snprintf(out, n, "%s %s NRO. %d", kind, st, block * 10 + rnd(r, 10));
    }
}

/*
** Adds a fleet of NVEH vehicles (growing up to CAP when busy) to firm
** OWNER, based at its main district, each with a regular driver.
*/
int new_fleet(world *w, int owner, int nveh, int cap)
{
    grow((void **)&w->fleets, &w->capfleets, w->nfleets + 1, sizeof *w->fleets);
    int fi = w->nfleets++;
    fleet *f = &w->fleets[fi];
    memset(f, 0, sizeof *f);
    f->owner = owner;
    f->cap = cap > MAX_VEH ? MAX_VEH : cap;
    if (nveh > f->cap) nveh = f->cap;
    w->firms[owner].fleet = fi;
    for (int i = 0; i < nveh; i++) {
        vehicle *v = &f->veh[f->nveh++];
        make_plate(w, w->firms[owner].dist, v->plate);
        v->loc = w->firms[owner].dist;
        v->free_day = -60;
        new_driver(w, &f->drv[f->ndrv]);
        v->driver = f->ndrv++;
    }
    return fi;
}

/* Adds one vehicle (with a driver) at district LOC to fleet FI; returns its index or -1 when full. */
int fleet_add_vehicle(world *w, int fi, int loc)
{
    fleet *f = &w->fleets[fi];
    if (f->nveh >= f->cap || f->ndrv >= MAX_DRV) return -1;
    vehicle *v = &f->veh[f->nveh];
    make_plate(w, w->firms[f->owner].dist, v->plate);
    v->loc = loc;
    v->free_day = -60;
    new_driver(w, &f->drv[f->ndrv]);
    v->driver = f->ndrv++;
    return f->nveh++;
}

/*
** Creates a Peruvian firm of KIND.  MAIN and SITE are ubigeo codes or NULL:
** by default the kind's places are drawn, and firms whose work happens at
** a remote site often keep their main office in the regional hub.
*/
int new_firm(world *w, int kind, const char *main_code, const char *site_code)
{
    rng *r = &w->r;
    firm f;
    memset(&f, 0, sizeof f);
    f.kind = kind;
    f.foreign = -1;
    f.site = -1;
    f.office = -1;
    f.fleet = -1;
    if (main_code) {
        f.dist = dist_index(main_code);
        if (site_code) f.site = dist_index(site_code);
    } else {
        int d = pick_place(w, KINDS[kind].places);
        int hub = hub_of(d);
        if (KINDS[kind].site_share > 0 && hub != d && rnd_chance(r, KINDS[kind].site_share)) {
            f.site = d;
            f.dist = hub;
        } else {
            f.dist = d;
        }
    }
    make_ruc(w, f.id);
    firm_name(w, kind, f.site >= 0 ? f.site : f.dist, f.name, sizeof f.name);
    street_address(w, f.dist, f.addr, sizeof f.addr);
    if (f.site >= 0) {
        street_address(w, f.site, f.site_addr, sizeof f.site_addr);
        f.invoice_from_site = rnd_chance(r, 0.5);
    }
    f.size = rnd_size(r);
    f.workers = rnd_between(r, KINDS[kind].workers_min, KINDS[kind].workers_max);
    f.desc_pick = rnd(r, 1000);
    if (kind == K_CARRIER || kind == K_BUS || kind == K_VALUABLES) {
        snprintf(f.mtc, sizeof f.mtc, "15%05uCNG", (unsigned)rnd_between(r, 10000, 99999) % 100000u);
        f.issues_31 = kind == K_CARRIER && rnd_chance(r, 0.45);
    }
    int idx = add_firm(w, &f);
    if (KINDS[kind].fleet_max > 0) {
        int nv = rnd_between(r, KINDS[kind].fleet_min,
                             KINDS[kind].fleet_min + (KINDS[kind].fleet_max - KINDS[kind].fleet_min) / 3);
        if (nv < 1) nv = 1;
        new_fleet(w, idx, nv, KINDS[kind].fleet_max);
    }
    return idx;
}

/* Creates a foreign buyer from entry FI of the FOREIGN table. */
static int new_foreign(world *w, int fi)
{
    firm f;
    memset(&f, 0, sizeof f);
    f.kind = K_FOREIGN;
    f.foreign = fi;
    f.dist = -1;
    f.site = -1;
    f.office = -1;
    f.fleet = -1;
    f.size = 1;
    make_foreign_id(w, FOREIGN[fi].iso, f.id, sizeof f.id);
    copy_str(f.name, sizeof f.name, FOREIGN[fi].name);
    copy_str(f.addr, sizeof f.addr, FOREIGN[fi].address);
    return add_firm(w, &f);
}

/* ---- picking partners ------------------------------------------------------------- */

/*
** The weight of a partner at district LOC for a firm near district NEAR:
** 1 / (1 + km/150)^1.5.  Kept in a table filled on first use, with the
** very values the formula gives, so picking costs a lookup per candidate.
*/
static double near_weight(int near, int loc)
{
    static double table[NDIST_MAX][NDIST_MAX];
    static unsigned char have[NDIST_MAX][NDIST_MAX];
    if (!have[near][loc]) {
        double km = dist_km(near, loc);
        table[near][loc] = 1.0 / pow(1.0 + km / 150.0, 1.5);
        have[near][loc] = 1;
    }
    return table[near][loc];
}

/* The weight of a carrier based at district LOC for a load from NEAR: 1 / (1 + km/200)^1.3, from a table. */
static double carrier_weight(int near, int loc)
{
    static double table[NDIST_MAX][NDIST_MAX];
    static unsigned char have[NDIST_MAX][NDIST_MAX];
    if (!have[near][loc]) {
        table[near][loc] = 1.0 / pow(1.0 + dist_km(near, loc) / 200.0, 1.3);
        have[near][loc] = 1;
    }
    return table[near][loc];
}

/*
** Partner picks in a world of many firms.  A pick draws u in [0, total)
** and walks the candidates subtracting each weight until u falls below
** zero: that walk, in creation order, is what decides, and it costs one
** step per candidate.  Once the planted cases are in place (world
** picks_ready) the candidates of a pick no longer change, except that
** new firms join at the end, so each (kind, district) keeps a pick_list:
** its candidates and the running sums of their weights, added in the
** same order as the walk adds them (so its last sum is the walk's total,
** bit for bit).  A binary search then finds where u falls.  Rounding
** makes the walk's u differ from u - sum by at most a few units in the
** last place times the number of candidates; when the search lands
** further than PICK_MARGIN from both neighbouring sums, the walk would
** stop at the same candidate, and otherwise the walk itself is run.  So
** the pick is always the walk's, and worlds stay the same byte for byte.
*/
#define PICK_FAST_MIN 64 /* shorter candidate lists are walked */
#define PICK_MARGIN(m, total) (((double)(m) + 4.0) * 0x1p-50 * (total))

/* The candidates of one kind of pick from one district, in creation order. */
typedef struct pick_list {
    int seen;   /* entries of world.of_kind looked at so far */
    int n, cap; /* candidates */
    int *idx;   /* firm of each candidate */
    double *run; /* run[i]: the weights of candidates 0..i added left to right (NULL: unweighted) */
} pick_list;

/* Which pick a list serves: weighted by distance (pick_firm), a carrier (pick_carrier), in a department. */
enum { PL_NEAR, PL_CARRIER, PL_DEPT, PL_COUNT };

/*
** The pick list of USE for KIND (for carriers: INFORMAL_OK) from district
** NEAR (-1: from anywhere), brought up to date with the firms created
** since it was last used.  Allocated on first use; freed by
** free_pick_lists.  Exits when out of memory.
*/
static pick_list *pick_list_get(world *w, int use, int kind, int near)
{
    if (!w->picks) {
        w->picks = calloc((size_t)PL_COUNT * K_COUNT * (NDIST_MAX + 1), sizeof *w->picks);
        if (!w->picks) {
            fputs("gen-world: out of memory\n", stderr);
            exit(3);
        }
    }
    pick_list *pl = &w->picks[((size_t)use * K_COUNT + (size_t)kind) * (NDIST_MAX + 1) +
                              (size_t)(near < 0 ? NDIST_MAX : near)];
    int fk = use == PL_CARRIER ? K_CARRIER : kind;
    const int *of = w->of_kind[fk];
    for (; pl->seen < w->nof_kind[fk]; pl->seen++) {
        const firm *f = &w->firms[of[pl->seen]];
        double wt = 0;
        if (use == PL_NEAR) {
            wt = near >= 0 ? near_weight(near, f->site >= 0 ? f->site : f->dist) : 1.0;
        } else if (use == PL_CARRIER) {
            if ((!kind && !f->mtc[0]) || f->planted) continue;
            wt = carrier_weight(near, f->dist);
        } else if (!same_dept(f->dist, near)) {
            continue;
        }
        grow((void **)&pl->idx, &pl->cap, pl->n + 1, sizeof *pl->idx);
        if (use != PL_DEPT) {
            double *run = realloc(pl->run, (size_t)pl->cap * sizeof *run);
            if (!run) {
                fputs("gen-world: out of memory\n", stderr);
                exit(3);
            }
            pl->run = run;
            pl->run[pl->n] = (pl->n ? pl->run[pl->n - 1] : 0) + wt;
        }
        pl->idx[pl->n++] = of[pl->seen];
    }
    return pl;
}

/* Frees the pick lists of W. */
void free_pick_lists(world *w)
{
    if (!w->picks) return;
    for (size_t i = 0; i < (size_t)PL_COUNT * K_COUNT * (NDIST_MAX + 1); i++) {
        free(w->picks[i].idx);
        free(w->picks[i].run);
    }
    free(w->picks);
    w->picks = NULL;
}

/*
** The weighted pick of list PL: draws u and returns the candidate the walk
** stops at, or -2 when the search cannot be sure (then the caller walks,
** with the same u).  *TOTAL and *U receive the total and u; *DRAWN is set
** when u was drawn.  Returns -1, drawing nothing, when the total is not
** positive, as the walk does.
*/
static int pick_weighted(world *w, const pick_list *pl, double *total, double *u, int *drawn)
{
    *drawn = 0;
    *total = pl->n ? pl->run[pl->n - 1] : 0;
    if (*total <= 0) return -1;
    *u = rnd_unit(&w->r) * *total;
    *drawn = 1;
    int lo = 0, hi = pl->n; /* first i with run[i] > u */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (pl->run[mid] > *u)
            hi = mid;
        else
            lo = mid + 1;
    }
    double margin = PICK_MARGIN(pl->n, *total);
    if (lo < pl->n && pl->run[lo] - *u > margin && (lo == 0 || *u - pl->run[lo - 1] > margin))
        return pl->idx[lo];
    return -2;
}

/*
** Picks a firm of KIND, preferring those near district NEAR (-1: any),
** skipping EXCLUDE; returns -1 when there is none.  Weights fall with
** distance, so most trade is regional but some goes far.
*/
int pick_firm(world *w, int kind, int near, int exclude)
{
    const int *of = w->of_kind[kind];
    int n = w->nof_kind[kind];
    double total = 0, u = 0;
    int drawn = 0;
    if (w->picks_ready && exclude < 0 && n >= PICK_FAST_MIN) {
        int got = pick_weighted(w, pick_list_get(w, PL_NEAR, kind, near), &total, &u, &drawn);
        if (got != -2) return got;
    } else {
        for (int j = 0; j < n; j++) {
            int i = of[j];
            const firm *f = &w->firms[i];
            if (i == exclude) continue;
            total += near >= 0 ? near_weight(near, f->site >= 0 ? f->site : f->dist) : 1.0;
        }
    }
    if (total <= 0) return -1;
    if (!drawn) u = rnd_unit(&w->r) * total;
    int last = -1;
    for (int j = 0; j < n; j++) {
        int i = of[j];
        const firm *f = &w->firms[i];
        if (i == exclude) continue;
        u -= near >= 0 ? near_weight(near, f->site >= 0 ? f->site : f->dist) : 1.0;
        last = i;
        if (u < 0) return i;
    }
    return last;
}

/* Picks a firm of KIND whose main district is in the department of NEAR, else any near it. */
int pick_firm_in_dept(world *w, int kind, int near, int exclude)
{
    const int *of = w->of_kind[kind];
    int nk = w->nof_kind[kind];
    if (w->picks_ready && nk >= PICK_FAST_MIN) {
        /* the same count and the same k-th candidate, from the district's list */
        const pick_list *pl = pick_list_get(w, PL_DEPT, kind, near);
        int at = -1;
        for (int j = 0; j < pl->n && exclude >= 0 && at < 0; j++)
            if (pl->idx[j] == exclude) at = j;
        int n = pl->n - (at >= 0);
        if (!n) return pick_firm(w, kind, near, exclude);
        int k = rnd(&w->r, n);
        return pl->idx[at >= 0 && k >= at ? k + 1 : k];
    }
    int n = 0;
    for (int j = 0; j < nk; j++)
        if (of[j] != exclude && same_dept(w->firms[of[j]].dist, near)) n++;
    if (!n) return pick_firm(w, kind, near, exclude);
    int k = rnd(&w->r, n);
    for (int j = 0; j < nk; j++)
        if (of[j] != exclude && same_dept(w->firms[of[j]].dist, near) && k-- == 0) return of[j];
    return -1;
}

/* Picks a foreign buyer importing SECTOR, from country ISO when not NULL; -1 if none. */
int pick_foreign(world *w, int sector, const char *iso)
{
    const int *of = w->of_kind[K_FOREIGN];
    int nk = w->nof_kind[K_FOREIGN];
    int n = 0;
    for (int j = 0; j < nk; j++) {
        const firm *f = &w->firms[of[j]];
        if (FOREIGN[f->foreign].sector == sector && (!iso || !strcmp(FOREIGN[f->foreign].iso, iso))) n++;
    }
    if (!n) return -1;
    int k = rnd(&w->r, n);
    for (int j = 0; j < nk; j++) {
        const firm *f = &w->firms[of[j]];
        if (FOREIGN[f->foreign].sector == sector && (!iso || !strcmp(FOREIGN[f->foreign].iso, iso)) && k-- == 0)
            return of[j];
    }
    return -1;
}

/* Picks a carrier (road freight) near district NEAR, excluding informal ones unless INFORMAL_OK. */
int pick_carrier(world *w, int near, int informal_ok)
{
    const int *of = w->of_kind[K_CARRIER];
    int n = w->nof_kind[K_CARRIER];
    double total = 0, u = 0;
    int drawn = 0;
    if (w->picks_ready && n >= PICK_FAST_MIN) {
        int got = pick_weighted(w, pick_list_get(w, PL_CARRIER, informal_ok != 0, near), &total, &u, &drawn);
        if (got >= 0) return got;
    } else {
        for (int j = 0; j < n; j++) {
            const firm *f = &w->firms[of[j]];
            if ((!informal_ok && !f->mtc[0]) || f->planted) continue;
            total += carrier_weight(near, f->dist);
        }
    }
    if (!drawn) u = rnd_unit(&w->r) * total;
    int last = -1;
    for (int j = 0; j < n; j++) {
        const firm *f = &w->firms[of[j]];
        if ((!informal_ok && !f->mtc[0]) || f->planted) continue;
        u -= carrier_weight(near, f->dist);
        last = of[j];
        if (u < 0) return of[j];
    }
    return last;
}

/* ---- flows and moves -------------------------------------------------------------- */

/* The key of a flow in world.flow_of: seller, buyer and first product packed (firms < 2^26, products < 2^12). */
static uint64_t flow_key(int seller, int buyer, int prod)
{
    return (uint64_t)seller << 38 | (uint64_t)buyer << 12 | (uint64_t)prod;
}

/* Index of the flow from SELLER to BUYER of product PROD, or -1. */
static int find_flow(const world *w, int seller, int buyer, int prod)
{
    return keymap_get(&w->flow_of, flow_key(seller, buyer, prod));
}

/*
** Adds a flow of product KEY from SELLER to BUYER, active in MONTHS with
** chance P of 1..MAXN orders a month, at SCALE times a typical order.
** Transport is decided later (choose_transport) unless set by the caller.
*/
int add_flow(world *w, int seller, int buyer, const char *key, unsigned months, double p, int maxn,
                    double scale)
{
    int pi = prod_index(key);
    int old = find_flow(w, seller, buyer, pi);
    if (old >= 0) return old;
    grow((void **)&w->flows, &w->capflows, w->nflows + 1, sizeof *w->flows);
    flow *f = &w->flows[w->nflows];
    memset(f, 0, sizeof *f);
    f->seller = seller;
    f->buyer = buyer;
    f->prod[0] = pi;
    f->nprod = 1;
    f->months = months;
    f->p = p * ACTIVITY;
    f->maxn = maxn;
    f->scale = scale / ACTIVITY;
    f->qmin = PRODUCTS[pi].qmin * f->scale;
    f->qmax = PRODUCTS[pi].qmax * f->scale;
    f->weight = rnd_uniform(&w->r, 0.6, 1.4);
    f->derived = PRODUCTS[pi].input != NULL;
    f->transport = -1;
    f->carrier = -1;
    f->gtf = GTF_NONE;
    f->port = -1;
    f->price_factor = rnd_uniform(&w->r, 0.95, 1.05);
    f->exportf = w->firms[buyer].kind == K_FOREIGN;
    keymap_put(&w->flow_of, flow_key(seller, buyer, pi), w->nflows);
    return w->nflows++;
}

/* Adds product KEY as a further line of flow FI (baskets of groceries, supplies...). */
void flow_add_product(world *w, int fi, const char *key)
{
    flow *f = &w->flows[fi];
    if (f->nprod < MAX_PROD) f->prod[f->nprod++] = prod_index(key);
}

/* Adds a move; the caller fills origins, destinations and the rest. */
int add_move(world *w, int shipper, int recipient, int carrier, const char *motivo, const char *descs,
                    unsigned months, double p, int maxn)
{
    grow((void **)&w->moves, &w->capmoves, w->nmoves + 1, sizeof *w->moves);
    move *m = &w->moves[w->nmoves];
    memset(m, 0, sizeof *m);
    m->shipper = shipper;
    m->recipient = recipient;
    m->carrier = carrier;
    m->motivo = motivo;
    m->descs = descs;
    m->months = months;
    m->p = p;
    m->maxn = maxn;
    m->goods_prod = -1;
    m->wmin = 400;
    m->wmax = 1500;
    return w->nmoves++;
}

/*
** Appends the districts of CODES, INEI ubigeos separated by spaces, to the
** N entries of PLACES, up to MAX_PLACES; a code written twice is drawn
** twice as often.  Exits on a malformed list (a bug here).
*/
static void add_places(int *places, int *n, const char *codes)
{
    for (const char *p = codes; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t len = strcspn(p, " ");
        if (len != 6) {
            fprintf(stderr, "gen-world: internal error: bad district list \"%s\"\n", codes);
            exit(3);
        }
        char code[7];
        memcpy(code, p, 6);
        code[6] = '\0';
        if (*n < MAX_PLACES) places[(*n)++] = dist_index(code);
        p += len;
    }
}

/*
** Adds to move MI the districts its trips start from, ORIGINS, and go to,
** DESTS (each a list of ubigeos separated by spaces); every trip draws one
** of each.
*/
void move_route(world *w, int mi, const char *origins, const char *dests)
{
    move *m = &w->moves[mi];
    add_places(m->origins, &m->norig, origins);
    add_places(m->dests, &m->ndest, dests);
}

/* Makes move MI a move of people: each trip carries LO to HI of them, as its guia writes. */
void move_people(world *w, int mi, int lo, int hi)
{
    w->moves[mi].people_min = lo;
    w->moves[mi].people_max = hi;
}

/* ---- truth ------------------------------------------------------------------------ */

/* Appends a row to the answer key (DECOY: to decoys.csv). */
void add_truth(world *w, int decoy, const char *subject, const char *ubigeo, const char *case_id,
                      const char *role, const char *ind, const char *desc)
{
    truth_row **arr = decoy ? &w->decoys : &w->truth;
    int *n = decoy ? &w->ndecoys : &w->ntruth;
    int *cap = decoy ? &w->capdecoys : &w->captruth;
    grow((void **)arr, cap, *n + 1, sizeof **arr);
    truth_row *t = &(*arr)[(*n)++];
    memset(t, 0, sizeof *t);
    copy_str(t->subject, sizeof t->subject, subject);
    copy_str(t->ubigeo, sizeof t->ubigeo, ubigeo);
    copy_str(t->case_id, sizeof t->case_id, case_id);
    copy_str(t->role, sizeof t->role, role);
    copy_str(t->ind, sizeof t->ind, ind);
    copy_str(t->desc, sizeof t->desc, desc);
}

/* Adds a truth row for firm FI at district DIST (its main one when -1). */
void truth_firm(world *w, int fi, int dist, const char *case_id, const char *role, const char *ind,
                       const char *desc)
{
    const firm *f = &w->firms[fi];
    int d = dist >= 0 ? dist : f->dist;
    add_truth(w, 0, f->id, d >= 0 ? DISTRICTS[d].code : "", case_id, role, ind, desc);
    w->truth[w->ntruth - 1].check = TC_FIRM;
    w->truth[w->ntruth - 1].a = fi;
}

/* Adds truth rows for the vehicles of firm FI's fleet (kept if they appear on some guia). */
void truth_fleet(world *w, int fi, int dist, const char *case_id, const char *ind, const char *desc)
{
    const firm *f = &w->firms[fi];
    if (f->fleet < 0) return;
    const fleet *fl = &w->fleets[f->fleet];
    for (int v = 0; v < fl->nveh; v++) {
        add_truth(w, 0, fl->veh[v].plate, DISTRICTS[dist].code, case_id, "vehicle", ind, desc);
        truth_row *t = &w->truth[w->ntruth - 1];
        t->check = TC_VEHICLE;
        t->a = f->fleet;
        t->b = v;
    }
}

/* Adds a route truth row ORIG>DEST (kept if some guia travels it). */
void truth_route(world *w, const char *orig, const char *dest, const char *case_id, const char *ind,
                        const char *desc)
{
    char subj[16];
    snprintf(subj, sizeof subj, "%s>%s", orig, dest);
    add_truth(w, 0, subj, dest, case_id, "route", ind, desc);
    truth_row *t = &w->truth[w->ntruth - 1];
    t->check = TC_ROUTE;
    t->a = dist_index(orig);
    t->b = dist_index(dest);
}

/* Adds a decoy row for firm FI. */
void decoy_firm(world *w, int fi, int dist, const char *case_id, const char *desc)
{
    const firm *f = &w->firms[fi];
    int d = dist >= 0 ? dist : f->dist;
    add_truth(w, 1, f->id, DISTRICTS[d].code, case_id, "decoy", "", desc);
    w->decoys[w->ndecoys - 1].check = TC_FIRM;
    w->decoys[w->ndecoys - 1].a = fi;
}

/* ---- the population --------------------------------------------------------------- */

/*
** Creates the ordinary firms: each kind's base count scaled so that,
** with the PLANTED firms of the cases, the world has about the requested
** number of firms; every kind keeps at least one firm, and foreign buyers
** keep at least one per sector they import.
*/
void populate(world *w, int planted)
{
    int base_sum = 0;
    for (int k = 0; k < K_COUNT; k++) base_sum += KINDS[k].base;
    double scale = (double)(w->target_firms - planted) / base_sum;
    if (scale < 0.2) scale = 0.2;
    for (int k = 0; k < K_COUNT; k++) {
        if (k == K_FOREIGN) continue;
        int n = (int)floor(KINDS[k].base * scale + 0.5);
        if (n < 1) n = 1;
        if ((k == K_CARRIER || k == K_GOLD_TRADER || k == K_HARDWARE || k == K_FOOD_WHOLESALE) && n < 3)
            n = 3;
        for (int i = 0; i < n; i++) new_firm(w, k, NULL, NULL);
    }
    /* Foreign buyers: the first of each sector, then the table in order. */
    int nfor = (int)floor(KINDS[K_FOREIGN].base * scale + 0.5);
    if (nfor > NFOREIGN) nfor = NFOREIGN;
    unsigned char used[MAX_FOREIGN] = {0};
    assert(NFOREIGN <= MAX_FOREIGN);
    int made = 0;
    for (int s = 0; s < FS_COUNT; s++)
        for (int i = 0; i < NFOREIGN; i++)
            if (FOREIGN[i].sector == s) {
                new_foreign(w, i);
                used[i] = 1;
                made++;
                break;
            }
    for (int i = 0; i < NFOREIGN && made < nfor; i++)
        if (!used[i]) {
            new_foreign(w, i);
            used[i] = 1;
            made++;
        }
    /* An informal freight carrier: no MTC registration, goods only (a decoy). */
    int inf = new_firm(w, K_CARRIER, "170101", NULL);
    w->firms[inf].mtc[0] = '\0';
    w->firms[inf].issues_31 = 1;
    decoy_firm(w, inf, -1, "D05",
               "Informal freight carrier without MTC registration hauling groceries and fuel "
               "to mining districts: carrier signal without any people-like load");
}
