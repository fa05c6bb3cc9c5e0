/*
** check_calibrate.c: the fit behind `inspector calibrate` (src/calib_fit.c)
** on synthetic cases whose truth is known, with a fixed seed, and the
** command end to end on a small world (tests/cli/calibrate.sh does the
** demo world).
**
** - Known weights: ten rules with true weights from 0.05 to 0.60 fire on
**   rows at random; outcomes are drawn from the model itself.  Fitted
**   from a prior centred on wrong weights, at least 9 of the 10 true
**   weights lie inside their 95% intervals.
** - Selection: an unmodelled signal raises the risk and also decides which
**   rows were targeted; the control rows are a 5% random draw of the rest.
**   Fitted on the inspected rows as if they were the population, the base
**   rate (leak) is far off; weighted by the inverse of each row's
**   probability of being on the list, it comes back near the fit on the
**   whole population.
*/
#include "testutil.h"

#include "calib.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A small deterministic generator (splitmix64), so the cases never move. */
static uint64_t rng_state;

static double uniform(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

/* A synthetic data set under construction. */
typedef struct synth {
    cal_data d;
    size_t capf;
} synth;

static void synth_init(synth *s, size_t nrows, size_t nrules, const double *w0, const unsigned char *freew)
{
    memset(s, 0, sizeof *s);
    s->d.rows = calloc(nrows, sizeof *s->d.rows);
    s->capf = nrows * nrules;
    s->d.feat = calloc(s->capf, sizeof *s->d.feat);
    ck_assert_ptr_nonnull(s->d.rows);
    ck_assert_ptr_nonnull(s->d.feat);
    s->d.nrules = nrules;
    s->d.w0 = w0;
    s->d.freew = freew;
}

static void synth_free(synth *s)
{
    free(s->d.rows);
    free(s->d.feat);
}

START_TEST(test_known_weights)
{
    enum { NRULES = 10, NROWS = 8000 };
    static const double truth[NRULES] = {0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.60};
    static double w0[NRULES];
    static unsigned char freew[NRULES];
    for (int j = 0; j < NRULES; j++) {
        w0[j] = 0.3; /* the regulators' guess: the same for all */
        freew[j] = 1;
    }
    const double leak = 0.04;
    rng_state = 20261206;
    synth s;
    synth_init(&s, NROWS, NRULES, w0, freew);
    for (size_t i = 0; i < NROWS; i++) {
        cal_row *r = &s.d.rows[s.d.nrows++];
        r->first = s.d.nfeat;
        r->v = 1;
        r->group = (int64_t)i;
        r->chain = uniform() < 0.2 ? 0.2 * uniform() : 0;
        double q = (1 - leak) * (1 - r->chain);
        for (int j = 0; j < NRULES; j++)
            if (uniform() < 0.2) {
                double a = uniform() < 0.5 ? 1.0 : 0.5;
                s.d.feat[s.d.nfeat].rule = j;
                s.d.feat[s.d.nfeat].a = a;
                s.d.nfeat++;
                q *= 1 - truth[j] * a;
            }
        r->n = s.d.nfeat - r->first;
        r->y = uniform() < 1 - q;
    }
    cal_fit f;
    ck_assert_int_eq(insCalibFit(&s.d, NULL, 1, 1.0, &f), INS_OK);
    ck_assert(f.converged);
    int inside = 0;
    for (int j = 0; j < NRULES; j++) {
        ck_assert(f.lo[j] < f.w[j] && f.w[j] < f.hi[j]);
        if (f.lo[j] <= truth[j] && truth[j] <= f.hi[j]) inside++;
        else fprintf(stderr, "rule %d: truth %.3f outside [%.3f, %.3f] (fit %.3f)\n", j, truth[j], f.lo[j],
                     f.hi[j], f.w[j]);
    }
    ck_assert_msg(inside >= 9, "only %d of 10 true weights inside their 95%% intervals", inside);
    ck_assert(f.leak_lo <= leak && leak <= f.leak_hi);
    /* the fit beats the guess on the data it was drawn from */
    cal_fit cur;
    ck_assert_int_eq(insCalibFit(&s.d, NULL, 0, 1.0, &cur), INS_OK);
    ck_assert(f.objective > cur.objective);
    for (int j = 0; j < NRULES; j++) ck_assert_double_eq(cur.w[j], 0.3);
    insCalibFitFree(&cur);
    insCalibFitFree(&f);
    synth_free(&s);
}
END_TEST

START_TEST(test_inverse_probability_weighting)
{
    enum { NRULES = 3, NPOP = 40000 };
    static const double truth[NRULES] = {0.2, 0.35, 0.5};
    static double w0[NRULES] = {0.3, 0.3, 0.3};
    static unsigned char freew[NRULES] = {1, 1, 1};
    rng_state = 4242;
    synth pop;
    synth_init(&pop, NPOP, NRULES, w0, freew);
    unsigned char *hidden = calloc(NPOP, 1);
    for (size_t i = 0; i < NPOP; i++) {
        cal_row *r = &pop.d.rows[pop.d.nrows++];
        r->first = pop.d.nfeat;
        r->v = 1;
        double q = 1 - 0.02;
        for (int j = 0; j < NRULES; j++)
            if (uniform() < 0.15) {
                pop.d.feat[pop.d.nfeat].rule = j;
                pop.d.feat[pop.d.nfeat].a = 1;
                pop.d.nfeat++;
                q *= 1 - truth[j];
            }
        r->n = pop.d.nfeat - r->first;
        hidden[i] = uniform() < 0.1; /* a signal no rule sees */
        if (hidden[i]) q *= 0.4;
        r->y = uniform() < 1 - q;
    }
    /* the population's own fit: what the weighted sample should recover */
    cal_fit fp;
    ck_assert_int_eq(insCalibFit(&pop.d, NULL, 1, 1.0, &fp), INS_OK);
    /* the list: every site the hidden signal showed, by a rule since
     * retired, is targeted (probability 1); 5% of the rest are drawn */
    unsigned char *use = calloc(NPOP, 1);
    size_t ntarget = 0, ncontrol = 0;
    for (size_t i = 0; i < NPOP; i++) {
        if (hidden[i]) {
            use[i] = 1;
            ntarget++;
        } else if (uniform() < 0.05) {
            use[i] = 2;
            ncontrol++;
        }
    }
    ck_assert_uint_gt(ntarget, 1000);
    ck_assert_uint_gt(ncontrol, 1000);
    /* naive: every inspected row weighs 1 */
    for (size_t i = 0; i < NPOP; i++) pop.d.rows[i].v = 1;
    cal_fit fn;
    ck_assert_int_eq(insCalibFit(&pop.d, use, 1, 1.0, &fn), INS_OK);
    /* weighted: 1 / inclusion probability, normalised to the rows inspected */
    double sum = 0;
    for (size_t i = 0; i < NPOP; i++)
        if (use[i]) sum += (pop.d.rows[i].v = use[i] == 1 ? 1 : 1 / 0.05);
    for (size_t i = 0; i < NPOP; i++) pop.d.rows[i].v *= (double)(ntarget + ncontrol) / sum;
    cal_fit fw;
    ck_assert_int_eq(insCalibFit(&pop.d, use, 1, 1.0, &fw), INS_OK);
    double naive_err = fabs(fn.leak - fp.leak), ipw_err = fabs(fw.leak - fp.leak);
    fprintf(stderr, "leak: population %.4f, naive %.4f, weighted %.4f\n", fp.leak, fn.leak, fw.leak);
    ck_assert_msg(naive_err > 0.05, "naive fitting should be biased here (error %.4f)", naive_err);
    ck_assert_msg(ipw_err < naive_err / 4, "weighted error %.4f, naive %.4f", ipw_err, naive_err);
    ck_assert(fw.leak_lo <= fp.leak && fp.leak <= fw.leak_hi);
    insCalibFitFree(&fp);
    insCalibFitFree(&fn);
    insCalibFitFree(&fw);
    free(use);
    free(hidden);
    synth_free(&pop);
}
END_TEST

START_TEST(test_auc)
{
    static const double s[] = {0.1, 0.4, 0.35, 0.8, 0.8};
    static const int y[] = {0, 0, 1, 1, 0};
    double se;
    /* positives 0.35 and 0.8 against negatives 0.1, 0.4, 0.8: 1+0+0 + 1+1+0.5 = 3.5 of 6 */
    ck_assert_double_eq_tol(insCalibAuc(s, y, 5, &se), 3.5 / 6, 1e-12);
    ck_assert(se > 0);
    static const int none[] = {0, 0, 0, 0, 0};
    ck_assert_double_eq(insCalibAuc(s, none, 5, &se), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("calibrate");
    TCase *tc = tcase_create("fit");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_auc);
    tcase_add_test(tc, test_known_weights);
    tcase_add_test(tc, test_inverse_probability_weighting);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
