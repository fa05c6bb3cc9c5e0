/*
** namebench.c: the name-matching benchmark.
**
**   bench/namebench CASES.csv FROZEN.csv [--threshold S] [--errors]
**       precision, recall and F1 of the matcher of src/match_name.c on the
**       labelled name pairs of nomenklatura (persons and companies), beside
**       the reference matcher's (nomenklatura logic-v2) recomputed from its
**       frozen scores, at 0.70 and at the screening threshold; --errors
**       lists the pairs misclassified at 0.70 on standard error;
**
**   bench/namebench --bands PAIRS.csv [--errors]
**       where the pairs of a banded file (kind, name1, name2, expect) land
**       at the default thresholds, per case kind: the surname-order cases
**       of tests/fixtures/name-pairs/peruvian-name-order.csv; --errors
**       lists the pairs outside their band with the explanation;
**
**   bench/namebench --speed [--listings N] [--queries M] [--seed S] [--keep DB]
**                           [--queries-out FILE]
**       throughput: N synthetic listing names written to a temporary
**       database (or DB, kept and reused), indexed as `inspector screen`
**       does, M synthetic queries screened against them (defaults
**       1,000,000 and 100,000); --errors lists the varied names missed;
**       --queries-out writes the queries as a CSV `inspector screen` reads
**       (name,kind), to time the command on both cores.
**
** Both are deterministic.  See bench/README.md for the figures.
*/
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- quality ------------------------------------------------------------- */

static const char *const slice_names[INS_BENCH_SLICES] = {"overall", "companies", "persons"};

/* Prints one line of the table: a slice at a threshold, ours and reference. */
static void row(const char *slice, double thr, const ins_match_prf *o, const ins_match_prf *r)
{
    printf("%-10s %5.2f %5u   %.3f %.3f %.3f", slice, thr, o->n, o->precision, o->recall, o->f1);
    if (r) printf("   %5u   %.3f %.3f %.3f   %+.3f", r->n, r->precision, r->recall, r->f1, o->f1 - r->f1);
    putchar('\n');
}

/* Runs the quality benchmark; returns the exit status. */
static int quality(const char *cases, const char *frozen, double threshold, int show_errors)
{
    ins_match_prf ours[INS_BENCH_SLICES], ours_t[INS_BENCH_SLICES], ours_f[INS_BENCH_SLICES];
    ins_match_prf ref[INS_BENCH_SLICES], ref_t[INS_BENCH_SLICES];
    char *err = NULL;
    const char *failed = cases;
    int rc = insMatchBench(cases, 0, 0.70, ours, show_errors ? stderr : NULL, &err);
    if (rc == INS_OK) rc = insMatchBench(cases, 0, threshold, ours_t, NULL, &err);
    if (rc == INS_OK && frozen) {
        failed = frozen;
        rc = insMatchBench(frozen, 0, 0.70, ours_f, NULL, &err);
        if (rc == INS_OK) rc = insMatchBench(frozen, 1, 0.70, ref, NULL, &err);
        if (rc == INS_OK) rc = insMatchBench(frozen, 1, threshold, ref_t, NULL, &err);
    }
    if (rc != INS_OK) {
        fprintf(stderr, "namebench: %s: %s\n", failed, err ? err : ins_strerror(rc));
        free(err);
        return 1;
    }
    printf("Name pairs: %s\n", cases);
    if (frozen) printf("Reference:  %s (nomenklatura logic-v2, frozen scores)\n", frozen);
    printf("\nours: src/match_name.c on the cases file; reference: its frozen scores; delta: F1 ours - reference\n\n");
    printf("slice        thr     n   ours P/R/F1             n   reference P/R/F1   delta F1\n");
    for (int i = 0; i < INS_BENCH_SLICES; i++) row(slice_names[i], 0.70, &ours[i], frozen ? &ref[i] : NULL);
    for (int i = 0; i < INS_BENCH_SLICES; i++) row(slice_names[i], threshold, &ours_t[i], frozen ? &ref_t[i] : NULL);
    if (frozen) {
        printf("\nSame rows and labels as the reference (ours scored on the frozen file's %u pairs):\n\n",
               ours_f[INS_BENCH_ALL].n);
        printf("slice        thr     n   ours P/R/F1             n   reference P/R/F1   delta F1\n");
        for (int i = 0; i < INS_BENCH_SLICES; i++) row(slice_names[i], 0.70, &ours_f[i], &ref[i]);
    }
    return 0;
}

/* Runs the banded benchmark; returns the exit status. */
static int bands(const char *path, int show_errors)
{
    ins_match_band b[32];
    size_t n = 0;
    char *err = NULL;
    if (insMatchBandBench(path, INS_MATCH_THRESHOLD, INS_MATCH_REVIEW, b, 32, &n,
                          show_errors ? stderr : NULL, &err) != INS_OK) {
        fprintf(stderr, "namebench: %s: %s\n", path, err ? err : "cannot read");
        free(err);
        return 1;
    }
    printf("Banded name pairs: %s (persons; match at %.2f, review from %.2f)\n\n", path, INS_MATCH_THRESHOLD,
           INS_MATCH_REVIEW);
    printf("%-30s %-7s %4s  %5s %6s %5s  %8s  %9s %6s\n", "kind", "expect", "n", "match", "review", "none",
           "in band", "precision", "recall");
    unsigned tn = 0, tin = 0;
    ins_match_prf all = {0};
    for (size_t k = 0; k < n; k++) {
        const ins_match_band *x = &b[k];
        const ins_match_prf *p = &x->match;
        char prec[16] = "-", rec[16] = "-";
        if (p->tp + p->fp) snprintf(prec, sizeof prec, "%.3f", p->precision);
        if (p->tp + p->fn) snprintf(rec, sizeof rec, "%.3f", p->recall);
        printf("%-30s %-7s %4u  %5u %6u %5u  %8.3f  %9s %6s\n", x->kind, insMatchStatusName(x->expect), x->n,
               x->got[INS_MS_MATCH], x->got[INS_MS_REVIEW], x->got[INS_MS_NONE],
               x->n ? (double)x->got[x->expect] / x->n : 0, prec, rec);
        tn += x->n;
        tin += x->got[x->expect];
        all.tp += p->tp; all.fp += p->fp; all.fn += p->fn;
    }
    printf("%-30s %-7s %4u  %5s %6s %5s  %8.3f  %9.3f %6.3f\n", "all", "", tn, "", "", "", tn ? (double)tin / tn : 0,
           all.tp + all.fp ? (double)all.tp / (all.tp + all.fp) : 0,
           all.tp + all.fn ? (double)all.tp / (all.tp + all.fn) : 0);
    printf("\nprecision and recall: of the match band, a pair being a match when it is expected there;\n"
           "in band: the share of a kind's pairs that landed where expected.\n");
    return 0;
}

/* ---- speed --------------------------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

/* xorshift64*: a small deterministic generator. */
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}
/* A draw in [0, N). */
static size_t rnd_below(size_t n) { return (size_t)(rnd() % n); }
/* An index into a pool of N, skewed to the front as name frequencies are
** (a rough Zipf: the square of a uniform draw). */
static size_t rnd_skew(size_t n)
{
    double u = (double)(rnd() >> 11) / 9007199254740992.0;
    return (size_t)(u * u * (double)n) % n;
}

static const char *const given[] = {
    "JUAN", "JOSE", "LUIS", "CARLOS", "JORGE", "MIGUEL", "PEDRO", "MARIA", "ROSA", "ANA",
    "CARMEN", "JULIA", "VICTOR", "CESAR", "MANUEL", "JESUS", "ALBERTO", "RAUL", "JAVIER",
    "ANGEL", "OSCAR", "FERNANDO", "RICARDO", "EDUARDO", "MARIO", "DANIEL", "DAVID", "WILLIAM",
    "HECTOR", "FRANCISCO", "ANTONIO", "ROBERTO", "ALEJANDRO", "SANTIAGO", "ELIZABETH", "LUZ",
    "PATRICIA", "SONIA", "GLADYS", "MARTHA", "ELENA", "TERESA", "MERCEDES", "YOLANDA", "NANCY",
    "VERONICA", "DIANA", "SILVIA", "GLORIA", "LOURDES", "BEATRIZ", "ISABEL", "RUTH", "LILIANA",
    "WALTER", "EDWIN", "WILBER", "ALEX", "JHON", "RONALD", "EDGAR", "NESTOR", "FREDY", "HUGO",
    "ABEL", "ELMER", "ROGER", "RUBEN", "SEGUNDO", "TEODORO", "FELIX", "GREGORIO", "JULIO",
    "MARCO", "RAFAEL", "GUSTAVO", "ENRIQUE", "ARTURO", "HERNAN", "ISAAC", "NILDA", "DORIS",
    "FLOR", "MARLENE", "MILAGROS", "KATHERINE", "JESSICA", "KAREN", "VANESSA", "ROXANA",
    "XIMENA", "JIMENA", "GUADALUPE", "CONSUELO", "PILAR", "SOLEDAD", "YESENIA", "MARIBEL"};
static const char *const family[] = {
    "QUISPE", "FLORES", "SANCHEZ", "RODRIGUEZ", "GARCIA", "RAMOS", "HUAMAN", "MAMANI", "CHAVEZ",
    "TORRES", "DIAZ", "LOPEZ", "GONZALES", "MENDOZA", "CASTILLO", "VASQUEZ", "ROJAS", "PEREZ",
    "GUTIERREZ", "RAMIREZ", "CRUZ", "VARGAS", "ESPINOZA", "CONDORI", "FERNANDEZ", "CORDOVA",
    "ALVAREZ", "JIMENEZ", "MORALES", "SALAZAR", "RUIZ", "HERRERA", "MEDINA", "AGUILAR", "ROMERO",
    "CASTRO", "VEGA", "SILVA", "MARTINEZ", "ORTIZ", "REYES", "CARDENAS", "PALOMINO", "CCAMA",
    "TICONA", "APAZA", "CHOQUE", "CUTIPA", "YUPANQUI", "PUMA", "HUAYTA", "CHIRINOS", "ZAPATA",
    "CABRERA", "CAMPOS", "LEON", "NUÑEZ", "ACOSTA", "SOTO", "PAREDES", "NAVARRO", "VALDIVIA",
    "ZEVALLOS", "CEBALLOS", "LLANOS", "YEPEZ", "BENAVIDES", "VILLANUEVA", "SALINAS", "CHUQUIMIA",
    "GUEVARA", "OLIVERA", "HUANCA", "ARIAS", "POMA", "ANCCO", "LAURA", "CALLO", "HUAMANI",
    "INGA", "COAQUIRA", "CUSI", "PARIONA", "ALANOCA", "PACHECO", "MONTOYA", "VELASQUEZ"};
static const char *const syl[] = {
    "ca", "ma", "ri", "to", "lu", "pa", "que", "sa", "ti", "no", "hua", "cu", "chi", "ya", "lla",
    "ra", "mo", "ne", "zo", "ba", "ve", "gi", "ju", "xi", "pu", "co", "qui", "so", "de", "li",
    "tu", "ña", "ro", "me", "ga", "fe", "ho", "ki", "wa", "sta"};
static const char *const business[] = {
    "COMERCIAL", "INVERSIONES", "CORPORACION", "SERVICIOS", "TRANSPORTES", "CONSTRUCTORA",
    "AGRICOLA", "MINERA", "TEXTIL", "CONFECCIONES", "DISTRIBUIDORA", "IMPORTACIONES",
    "EXPORTACIONES", "INDUSTRIAS", "NEGOCIACIONES", "GRUPO", "EMPRESA", "ALIMENTOS", "PESQUERA",
    "MADERERA", "LOGISTICA", "INGENIERIA", "TECNOLOGIA", "AGROINDUSTRIAL", "MULTISERVICIOS",
    "FERRETERIA", "TRADING", "HOLDING", "GLOBAL", "ANDINA", "DEL SUR", "DEL NORTE", "PERU",
    "SAN JOSE", "SANTA ROSA", "LOS ANDES", "EL SOL", "LA UNION", "PACIFICO", "AMAZONICA"};
static const char *const forms[] = {"S.A.C.", "SAC", "S.A.", "S.R.L.", "E.I.R.L.", "SOCIEDAD ANONIMA CERRADA",
                                    "LTDA", "S.A.A.", "SRL", "EIRL"};

/* A made-up word of 2 to 4 syllables (the long tail of names). */
static void made_up(char *out, size_t sz)
{
    size_t n = 2 + rnd_below(3), o = 0;
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(out + o, sz - o, "%s", syl[rnd_below(sizeof syl / sizeof *syl)]);
        if (k < 0 || (size_t)k >= sz - o) break;
        o += (size_t)k;
    }
    for (size_t i = 0; i < o; i++)
        if (out[i] >= 'a' && out[i] <= 'z') out[i] = (char)(out[i] - 'a' + 'A');
}

/* A surname: common ones skewed, a third made up. */
static void surname(char *out, size_t sz)
{
    if (rnd_below(3) == 0) made_up(out, sz);
    else snprintf(out, sz, "%s", family[rnd_skew(sizeof family / sizeof *family)]);
}

/* A synthetic person or company name into OUT; *PERSON says which. */
static void synth_name(char *out, size_t sz, int *person)
{
    char a[64], b[64], c[64];
    *person = rnd_below(10) < 6;
    if (*person) {
        surname(a, sizeof a);
        surname(b, sizeof b);
        const char *g1 = given[rnd_skew(sizeof given / sizeof *given)];
        if (rnd_below(2)) snprintf(out, sz, "%s %s %s %s", g1, given[rnd_skew(sizeof given / sizeof *given)], a, b);
        else snprintf(out, sz, "%s %s %s", g1, a, b);
    } else {
        made_up(a, sizeof a);
        snprintf(c, sizeof c, "%s", business[rnd_skew(sizeof business / sizeof *business)]);
        const char *form = forms[rnd_below(sizeof forms / sizeof *forms)];
        if (rnd_below(2)) snprintf(out, sz, "%s %s %s", c, a, form);
        else snprintf(out, sz, "%s %s %s %s", c, a, business[rnd_below(sizeof business / sizeof *business)], form);
    }
}

/* A variant of NAME as a screener might type it: a typo, words swapped,
** the last word dropped (a second surname or a legal form), lower case. */
static void perturb(const char *name, char *out, size_t sz)
{
    snprintf(out, sz, "%s", name);
    size_t len = strlen(out);
    switch (rnd_below(4)) {
    case 0: /* typo: a letter changed inside a word */
        if (len > 4) {
            size_t i = 1 + rnd_below(len - 2);
            if (out[i] >= 'A' && out[i] <= 'Z' && out[i - 1] != ' ' && out[i + 1] != ' ')
                out[i] = (char)('A' + (out[i] - 'A' + 1) % 26);
        }
        break;
    case 1: { /* first word moved to the end */
        const char *sp = strchr(name, ' ');
        if (sp) snprintf(out, sz, "%s %.*s", sp + 1, (int)(sp - name), name);
        break;
    }
    case 2: { /* last word dropped */
        char *sp = strrchr(out, ' ');
        if (sp && strchr(out, ' ') != sp) *sp = '\0';
        break;
    }
    default: /* lower case */
        for (size_t i = 0; i < len; i++)
            if (out[i] >= 'A' && out[i] <= 'Z') out[i] = (char)(out[i] - 'A' + 'a');
        break;
    }
}

/* Seconds of processor time this process has used: the machine may be
** shared, so wall-clock time would measure the neighbours too. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds of wall-clock time. */
static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char sql_ins_listing[] =
    "INSERT INTO listings(id, list_name, entry_key, entity_kind, name, norm_name, listed_from)"
    " VALUES (?1, 'synthetic', ?2, ?3, ?4, ?4, '2020-01-01')";
static const char sql_ins_name[] =
    "INSERT INTO listing_names(listing_id, name, norm_name, kind) VALUES (?1, ?2, ?2, ?3)";
static const char sql_ins_id[] =
    "INSERT INTO listing_ids(listing_id, scheme, value, norm_value) VALUES (?1, ?2, ?3, ?3)";

/* Writes N synthetic listings (with some aliases and ids) to DB. */
static int fill(ins_db *db, size_t n, size_t *names)
{
    if (insDbBegin(db) != INS_OK) return INS_ERR_DB;
    char name[256], alias[256], key[32], id[32];
    *names = 0;
    for (size_t i = 1; i <= n; i++) {
        int person;
        synth_name(name, sizeof name, &person);
        snprintf(key, sizeof key, "S%zu", i);
        sqlite3_stmt *st = insDbStmt(db, sql_ins_listing);
        if (!st) return INS_ERR_DB;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
        insDbBindText(st, 2, key);
        insDbBindText(st, 3, person ? "person" : "company");
        insDbBindText(st, 4, name);
        if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
        st = insDbStmt(db, sql_ins_name);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
        insDbBindText(st, 2, name);
        insDbBindText(st, 3, "primary");
        if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
        (*names)++;
        if (rnd_below(10) == 0) { /* an alias */
            perturb(name, alias, sizeof alias);
            st = insDbStmt(db, sql_ins_name);
            sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
            insDbBindText(st, 2, alias);
            insDbBindText(st, 3, "alias");
            if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
            (*names)++;
        }
        if (rnd_below(2) == 0) { /* an identifier */
            if (person) snprintf(id, sizeof id, "%08zu", 10000000 + i);
            else snprintf(id, sizeof id, "20%09zu", i);
            st = insDbStmt(db, sql_ins_id);
            sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
            insDbBindText(st, 2, person ? "PE-DNI" : "PE-RUC");
            insDbBindText(st, 3, id);
            if (sqlite3_step(st) != SQLITE_DONE) return INS_ERR_DB;
        }
    }
    return insDbCommit(db);
}

/* Runs the throughput benchmark; returns the exit status. */
static int speed(size_t nlist, size_t nq, uint64_t seed, const char *keep, const char *qout, int show_errors)
{
    rng_state ^= seed * 0x9E3779B97F4A7C15ULL;
    if (!rng_state) rng_state = 1;
    char path[256];
    const char *tmp = getenv("TMPDIR");
    int reuse = 0;
    if (keep) {
        snprintf(path, sizeof path, "%s", keep);
        reuse = access(path, F_OK) == 0;
    } else {
        snprintf(path, sizeof path, "%s/namebench-%ld.db", tmp && *tmp ? tmp : "/tmp", (long)getpid());
        unlink(path);
    }
    ins_db *db = NULL;
    char *err = NULL;
    if (ins_db_open(path, INS_OPEN_CREATE, &db, &err) != INS_OK) {
        fprintf(stderr, "namebench: %s: %s\n", path, err ? err : "?");
        free(err);
        return 1;
    }
    printf("Throughput: %zu synthetic listings, %zu queries (seed %llu), one thread, CPU seconds\n", nlist,
           nq, (unsigned long long)seed);
    double w0 = wall_s();
    double t0 = now_s();
    size_t names = 0;
    if (!reuse && fill(db, nlist, &names) != INS_OK) {
        fprintf(stderr, "namebench: cannot fill %s: %s\n", path, insDbErr(db));
        ins_db_close(db);
        unlink(path);
        return 1;
    }
    double t1 = now_s();
    printf("  database written:   %8.1f s (%zu listing names)\n", t1 - t0, names);
    ins_match_index *ix = NULL;
    int rc = insMatchIndexLoad(db, "2024-06-01", INS_MATCH_IN_FORCE, &ix, &err);
    double t2 = now_s();
    if (rc != INS_OK) {
        fprintf(stderr, "namebench: index: %s\n", err ? err : ins_strerror(rc));
        free(err);
        ins_db_close(db);
        unlink(path);
        return 1;
    }
    printf("  index built:        %8.1f s (%zu names of %zu listings)\n", t2 - t1, insMatchIndexNames(ix),
           insMatchIndexListings(ix));
    /* the queries, for `inspector screen` (name,kind: its CSV columns) */
    FILE *qf = NULL;
    if (qout) {
        qf = fopen(qout, "w");
        if (!qf) {
            fprintf(stderr, "namebench: %s: cannot write\n", qout);
            insMatchIndexFree(ix);
            ins_db_close(db);
            return 1;
        }
        fputs("name,kind\n", qf);
    }
    /* queries: a third are variants of listed names, the rest new names */
    size_t variants = 0, found = 0, crowded = 0, below = 0, hits = 0, scored = 0;
    char name[256], q[256];
    double tq = 0;
    for (size_t i = 0; i < nq && rc == INS_OK; i++) {
        int person = 0;
        int64_t target = 0;
        if (rnd_below(3) == 0) {
            /* read a listed name back and vary it */
            target = (int64_t)(1 + rnd_below(nlist));
            sqlite3_stmt *st = insDbStmt(db, "SELECT name, entity_kind FROM listings WHERE id = ?1");
            sqlite3_bind_int64(st, 1, target);
            if (sqlite3_step(st) == SQLITE_ROW) {
                snprintf(name, sizeof name, "%s", (const char *)sqlite3_column_text(st, 0));
                person = !strcmp((const char *)sqlite3_column_text(st, 1), "person");
                perturb(name, q, sizeof q);
                variants++;
            } else {
                target = 0;
            }
            sqlite3_reset(st);
        }
        if (!target) synth_name(q, sizeof q, &person);
        if (qf) {
            /* a CSV cell: quoted, inner quotes doubled */
            fputc('"', qf);
            for (const char *p = q; *p; p++) {
                if (*p == '"') fputc('"', qf);
                fputc(*p, qf);
            }
            fprintf(qf, "\",%s\n", person ? "person" : "company");
        }
        ins_match_query mq;
        memset(&mq, 0, sizeof mq);
        mq.name = q;
        mq.kind = person ? INS_MK_PERSON : INS_MK_COMPANY;
        ins_match_hit *h = NULL;
        size_t nh = 0;
        double qs = now_s();
        rc = insMatchQueryRun(ix, &mq, INS_MATCH_REVIEW, 5, &h, &nh);
        tq += now_s() - qs;
        scored += insMatchIndexLastScored(ix);
        hits += nh;
        int got = 0;
        for (size_t k = 0; k < nh && target; k++)
            if (h[k].listing_id == target) { got = 1; break; }
        if (got) found++;
        else if (target) {
            /* not reported: was the variant itself too far, or were five
               listings at least as close reported instead? */
            double ts = insMatchScore(q, name, mq.kind, NULL);
            if (ts < INS_MATCH_REVIEW) below++;
            else if (nh == 5 && h[nh - 1].score >= ts - 1e-9) crowded++;
            else if (show_errors) fprintf(stderr, "missed: %s | %s (%.2f)\n", q, name, ts);
        }
        insMatchHitsFree(h, nh);
    }
    if (rc == INS_OK) {
        printf("  screening:          %8.1f s (%.0f queries/s, %.1f ms per query)\n", tq,
               tq > 0 ? (double)nq / tq : 0, nq ? 1000 * tq / (double)nq : 0);
        printf("  candidates scored:  %8.1f per query (cap %d)\n", nq ? (double)scored / (double)nq : 0,
               INS_MATCH_MAX_SCORED);
        printf("  hits at or above %.2f: %.2f per query\n", INS_MATCH_REVIEW, nq ? (double)hits / (double)nq : 0);
        printf("  varied listed names: %zu, reported %zu (%.1f%%); not reported: %zu scored below %.2f "
               "as varied, %zu behind five listings as close, %zu missed\n",
               variants, found, variants ? 100.0 * (double)found / (double)variants : 0, below, INS_MATCH_REVIEW,
               crowded, variants - found - below - crowded);
        printf("  total (write + index + screen): %.1f s CPU (%.1f s wall clock, load included)\n",
               (t2 - t0) + tq, wall_s() - w0);
    } else {
        fprintf(stderr, "namebench: screening: %s\n", ins_strerror(rc));
    }
    if (qf && fclose(qf) != 0) {
        fprintf(stderr, "namebench: %s: cannot write\n", qout);
        rc = INS_ERR_IO;
    }
    insMatchIndexFree(ix);
    ins_db_close(db);
    if (!keep) {
        unlink(path);
        char side[300];
        snprintf(side, sizeof side, "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", path);
        unlink(side);
    }
    return rc == INS_OK ? 0 : 1;
}

/* Parses the arguments and runs the quality or the speed benchmark. */
int main(int argc, char **argv)
{
    const char *files[2] = {NULL, NULL};
    size_t nf = 0, nlist = 1000000, nq = 100000;
    uint64_t seed = 1;
    double threshold = INS_MATCH_THRESHOLD;
    int do_speed = 0, show_errors = 0;
    const char *banded = NULL;
    const char *keep = NULL, *qout = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--speed")) do_speed = 1;
        else if (!strcmp(a, "--listings") && i + 1 < argc) nlist = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(a, "--queries") && i + 1 < argc) nq = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(a, "--seed") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--keep") && i + 1 < argc) keep = argv[++i];
        else if (!strcmp(a, "--queries-out") && i + 1 < argc) qout = argv[++i];
        else if (!strcmp(a, "--errors")) show_errors = 1;
        else if (!strcmp(a, "--bands") && i + 1 < argc) banded = argv[++i];
        else if (!strcmp(a, "--threshold") && i + 1 < argc) threshold = strtod(argv[++i], NULL);
        else if (a[0] != '-' && nf < 2) files[nf++] = a;
        else {
            fprintf(stderr, "usage: namebench CASES.csv [FROZEN.csv] [--threshold S] [--errors]\n"
                            "       namebench --bands PAIRS.csv [--errors]\n"
                            "       namebench --speed [--listings N] [--queries M] [--seed S] [--keep DB]\n"
                            "                         [--queries-out FILE] [--errors]\n");
            return 2;
        }
    }
    if (do_speed) return speed(nlist ? nlist : 1, nq, seed, keep, qout, show_errors);
    if (banded) return bands(banded, show_errors);
    if (!nf) {
        fprintf(stderr, "namebench: give the name-pair file (tests/fixtures/name-pairs/nomenklatura-cases.csv)\n");
        return 2;
    }
    return quality(files[0], nf > 1 ? files[1] : NULL, threshold, show_errors);
}
