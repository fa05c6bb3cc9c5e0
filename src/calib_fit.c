/*
** calib_fit.c: the penalised maximum-likelihood fit of rule weights on
** inspection outcomes (calib.h says the model), and the measures of a
** fit: predictions and the AUC.  Plain numbers: no database, no I/O.
**
** Stage: after a run, beside evaluate.c; calibrate.c feeds it.
*/
#include "calib.h"
#include "score_model.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Weights and the leak stay inside (CAL_EPS, 1 - CAL_EPS) on the logit scale. */
#define CAL_EPS 1e-6

static double logit(double p)
{
    if (p < CAL_EPS) p = CAL_EPS;
    if (p > 1 - CAL_EPS) p = 1 - CAL_EPS;
    return log(p / (1 - p));
}

static double sigmoid(double t)
{
    return t >= 0 ? 1 / (1 + exp(-t)) : exp(t) / (1 + exp(t));
}

/*
** log Q of row I, Q = 1 - P, under weights W and LEAK: a sum of log1p
** terms, so that a Q near 1 keeps its precision.
*/
static double log_q(const cal_data *d, size_t i, const double *w, double leak)
{
    const cal_row *r = &d->rows[i];
    double l = log1p(-leak) + log1p(-(r->chain < 1 ? r->chain : 1 - CAL_EPS));
    for (size_t k = r->first; k < r->first + r->n; k++) {
        double c = w[d->feat[k].rule] * d->feat[k].a;
        l += log1p(-(c < 1 ? c : 1 - CAL_EPS));
    }
    return l;
}

/* See calib.h. */
double insCalibPredict(const cal_data *d, size_t i, const double *w, double leak)
{
    return -expm1(log_q(d, i, w, leak));
}

/* The state of one fit: parameter 0 is logit(leak), 1..m the fitted rules. */
typedef struct fitter {
    const cal_data *d;
    const unsigned char *use;
    double prior_sd;
    size_t m;          /* parameters: 1 + fitted rules */
    int *param;        /* rule -> parameter index, 0 when held */
    double *theta, *theta0;
    double *w;         /* the weights theta gives, every rule */
    double *grad, *hess, *chol, *tmp;
    int *touched;      /* the parameters a row's features move */
} fitter;

/* Puts THETA's weights and leak into F->w; returns the leak. */
static double unpack(fitter *f, const double *theta)
{
    for (size_t j = 0; j < f->d->nrules; j++)
        f->w[j] = f->param[j] ? sigmoid(theta[f->param[j]]) : f->d->w0[j];
    return sigmoid(theta[0]);
}

/* The prior: logit(w) ~ N(logit(w0), sd^2); the leak's is ten times wider. */
static double prior_sd_of(const fitter *f, size_t k)
{
    return k == 0 ? 10 * f->prior_sd : f->prior_sd;
}

/*
** The penalised weighted log-likelihood at THETA and, when WANT, its
** gradient and Hessian in F->grad, F->hess (m x m, row-major).
*/
static double objective(fitter *f, const double *theta, int want)
{
    const cal_data *d = f->d;
    size_t m = f->m;
    double leak = unpack(f, theta), obj = 0;
    if (want) {
        memset(f->grad, 0, m * sizeof *f->grad);
        memset(f->hess, 0, m * m * sizeof *f->hess);
    }
    /* per row: u[k] = dL/dtheta_k, d2[k] = d2L/dtheta_k^2 (L = log Q) */
    double *u = f->tmp, *d2 = f->tmp + m;
    int *touched = f->touched;
    for (size_t i = 0; i < d->nrows; i++) {
        if (f->use && !f->use[i]) continue;
        const cal_row *r = &d->rows[i];
        double l = log_q(d, i, f->w, leak);
        double q = exp(l), p = -expm1(l);
        if (p < 1e-300) p = 1e-300;
        obj += r->v * (r->y ? log(p) : l);
        if (!want) continue;
        size_t nt = 0;
        touched[nt++] = 0;
        u[0] = -leak;
        d2[0] = -leak * (1 - leak);
        for (size_t k = r->first; k < r->first + r->n; k++) {
            int j = d->feat[k].rule, pk = f->param[j];
            if (!pk) continue;
            double w = f->w[j], a = d->feat[k].a, one = 1 - w * a;
            if (one < CAL_EPS) one = CAL_EPS;
            double w1 = w * (1 - w), w2 = w1 * (1 - 2 * w);
            size_t t = 0;
            while (t < nt && touched[t] != pk) t++;
            if (t == nt) {
                touched[nt++] = pk;
                u[pk] = 0;
                d2[pk] = 0;
            }
            u[pk] += -a * w1 / one;
            d2[pk] += -a * (w2 * one + a * w1 * w1) / (one * one);
        }
        double g = r->v * ((r->y ? 0 : 1) - (r->y ? q / p : 0));
        double h = r->y ? -r->v * q / (p * p) : 0;
        for (size_t s = 0; s < nt; s++) {
            int a = touched[s];
            f->grad[a] += g * u[a];
            f->hess[(size_t)a * m + (size_t)a] += g * d2[a];
            for (size_t t = 0; t < nt; t++) f->hess[(size_t)a * m + (size_t)touched[t]] += h * u[a] * u[touched[t]];
        }
    }
    for (size_t k = 0; k < m; k++) {
        double sd = prior_sd_of(f, k), z = theta[k] - f->theta0[k];
        obj -= z * z / (2 * sd * sd);
        if (want) {
            f->grad[k] -= z / (sd * sd);
            f->hess[k * m + k] -= 1 / (sd * sd);
        }
    }
    return obj;
}

/*
** Cholesky factor of the m x m symmetric A (lower, into L), adding RIDGE
** to the diagonal.  0 when A + ridge I is not positive definite.
*/
static int cholesky(const double *a, double ridge, double *l, size_t m)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j <= i; j++) {
            double s = a[i * m + j] + (i == j ? ridge : 0);
            for (size_t k = 0; k < j; k++) s -= l[i * m + k] * l[j * m + k];
            if (i == j) {
                if (!(s > 0)) return 0;
                l[i * m + i] = sqrt(s);
            } else {
                l[i * m + j] = s / l[j * m + j];
            }
        }
    return 1;
}

/* Solves L L' x = b in place (b becomes x). */
static void chol_solve(const double *l, double *b, size_t m)
{
    for (size_t i = 0; i < m; i++) {
        double s = b[i];
        for (size_t k = 0; k < i; k++) s -= l[i * m + k] * b[k];
        b[i] = s / l[i * m + i];
    }
    for (size_t i = m; i-- > 0;) {
        double s = b[i];
        for (size_t k = i + 1; k < m; k++) s -= l[k * m + i] * b[k];
        b[i] = s / l[i * m + i];
    }
}

void insCalibFitFree(cal_fit *f)
{
    if (!f) return;
    free(f->w);
    free(f->lo);
    free(f->hi);
    memset(f, 0, sizeof *f);
}

/* See calib.h. */
int insCalibFit(const cal_data *d, const unsigned char *use, int fit_weights, double prior_sd, cal_fit *out)
{
    memset(out, 0, sizeof *out);
    fitter f;
    memset(&f, 0, sizeof f);
    f.d = d;
    f.use = use;
    f.prior_sd = prior_sd > 0 ? prior_sd : 1;
    f.param = calloc(d->nrules ? d->nrules : 1, sizeof *f.param);
    f.w = calloc(d->nrules ? d->nrules : 1, sizeof *f.w);
    out->w = calloc(d->nrules ? d->nrules : 1, sizeof *out->w);
    out->lo = calloc(d->nrules ? d->nrules : 1, sizeof *out->lo);
    out->hi = calloc(d->nrules ? d->nrules : 1, sizeof *out->hi);
    int rc = INS_ERR_NOMEM;
    if (!f.param || !f.w || !out->w || !out->lo || !out->hi) goto done;
    f.m = 1;
    for (size_t j = 0; j < d->nrules; j++)
        if (fit_weights && d->freew[j]) f.param[j] = (int)f.m++;
    size_t m = f.m;
    f.theta = calloc(m, sizeof *f.theta);
    f.theta0 = calloc(m, sizeof *f.theta0);
    f.grad = calloc(m, sizeof *f.grad);
    f.hess = calloc(m * m, sizeof *f.hess);
    f.chol = calloc(m * m, sizeof *f.chol);
    f.tmp = calloc(2 * m, sizeof *f.tmp); /* u and d2 */
    f.touched = calloc(m, sizeof *f.touched);
    double *step = calloc(m, sizeof *step), *trial = calloc(m, sizeof *trial);
    if (!f.theta || !f.theta0 || !f.grad || !f.hess || !f.chol || !f.tmp || !f.touched || !step || !trial) {
        free(step);
        free(trial);
        goto done;
    }
    /* start at the prior: the current weights, and the leak at the weighted base rate */
    double sy = 0, sv = 0;
    for (size_t i = 0; i < d->nrows; i++)
        if (!use || use[i]) {
            sy += d->rows[i].v * d->rows[i].y;
            sv += d->rows[i].v;
        }
    f.theta0[0] = logit(sv > 0 ? 0.5 * sy / sv + 1e-3 : 0.01);
    for (size_t j = 0; j < d->nrules; j++)
        if (f.param[j]) f.theta0[f.param[j]] = logit(d->w0[j]);
    memcpy(f.theta, f.theta0, m * sizeof *f.theta);
    double obj = objective(&f, f.theta, 1);
    int it = 0, converged = 0;
    for (; it < INS_CALIB_MAX_ITERATIONS && !converged; it++) {
        /* Newton: (-H) step = grad, with a ridge when -H is not positive definite */
        double *neg = f.chol; /* reuse: -H into a copy for the factor */
        double *nh = malloc(m * m * sizeof *nh);
        if (!nh) { free(step); free(trial); goto done; }
        for (size_t k = 0; k < m * m; k++) nh[k] = -f.hess[k];
        double ridge = 0;
        while (!cholesky(nh, ridge, neg, m) && ridge < 1e12) ridge = ridge ? ridge * 10 : 1e-6;
        free(nh);
        memcpy(step, f.grad, m * sizeof *step);
        chol_solve(neg, step, m);
        double t = 1, next = obj;
        int better = 0;
        for (int h = 0; h < 40 && !better; h++, t /= 2) {
            for (size_t k = 0; k < m; k++) trial[k] = f.theta[k] + t * step[k];
            next = objective(&f, trial, 0);
            better = next >= obj;
        }
        double moved = 0;
        if (better) {
            for (size_t k = 0; k < m; k++) {
                double dk = fabs(trial[k] - f.theta[k]);
                if (dk > moved) moved = dk;
            }
            memcpy(f.theta, trial, m * sizeof *trial);
        }
        converged = !better || moved < 1e-9 || fabs(next - obj) < 1e-12 * (1 + fabs(obj));
        obj = objective(&f, f.theta, 1);
    }
    free(step);
    free(trial);
    /* intervals: the inverse of the penalised information, on the logit scale */
    double *nh = malloc(m * m * sizeof *nh), *e = calloc(m, sizeof *e);
    if (!nh || !e) { free(nh); free(e); goto done; }
    for (size_t k = 0; k < m * m; k++) nh[k] = -f.hess[k];
    int pd = cholesky(nh, 0, f.chol, m);
    double leak = unpack(&f, f.theta);
    out->leak = leak;
    out->leak_lo = out->leak_hi = leak;
    for (size_t j = 0; j < d->nrules; j++) {
        out->w[j] = f.w[j];
        out->lo[j] = out->hi[j] = f.w[j];
    }
    for (size_t k = 0; pd && k < m; k++) {
        memset(e, 0, m * sizeof *e);
        e[k] = 1;
        chol_solve(f.chol, e, m);
        double sd = e[k] > 0 ? sqrt(e[k]) : 0;
        double lo = sigmoid(f.theta[k] - 1.96 * sd), hi = sigmoid(f.theta[k] + 1.96 * sd);
        if (k == 0) {
            out->leak_lo = lo;
            out->leak_hi = hi;
        }
        for (size_t j = 0; k && j < d->nrules; j++)
            if ((size_t)f.param[j] == k) {
                out->lo[j] = lo;
                out->hi[j] = hi;
            }
    }
    free(nh);
    free(e);
    out->objective = obj;
    out->iterations = it;
    out->converged = converged;
    rc = INS_OK;
done:
    free(f.param);
    free(f.w);
    free(f.theta);
    free(f.theta0);
    free(f.grad);
    free(f.hess);
    free(f.chol);
    free(f.tmp);
    free(f.touched);
    if (rc != INS_OK) insCalibFitFree(out);
    return rc;
}

/* Orders (score, outcome) pairs by score. */
typedef struct scored {
    double s;
    int y;
} scored;

static int scored_cmp(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    return x->s < y->s ? -1 : x->s > y->s;
}

/* See calib.h: ties count one half. */
double insCalibAuc(const double *s, const int *y, size_t n, double *se)
{
    *se = 0;
    scored *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return -1;
    size_t n1 = 0;
    for (size_t i = 0; i < n; i++) {
        v[i].s = s[i];
        v[i].y = y[i] != 0;
        n1 += (size_t)v[i].y;
    }
    size_t n0 = n - n1;
    if (!n1 || !n0) {
        free(v);
        return -1;
    }
    qsort(v, n, sizeof *v, scored_cmp);
    /* rank sum of the positives, ties at their mean rank */
    double rsum = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && v[j].s == v[i].s) j++;
        double rank = (double)(i + j + 1) / 2; /* 1-based mean rank */
        for (size_t k = i; k < j; k++)
            if (v[k].y) rsum += rank;
        i = j;
    }
    free(v);
    double auc = (rsum - (double)n1 * ((double)n1 + 1) / 2) / ((double)n1 * (double)n0);
    double q1 = auc / (2 - auc), q2 = 2 * auc * auc / (1 + auc);
    double var = (auc * (1 - auc) + ((double)n1 - 1) * (q1 - auc * auc) + ((double)n0 - 1) * (q2 - auc * auc)) /
                 ((double)n1 * (double)n0);
    *se = var > 0 ? sqrt(var) : 0;
    return auc;
}
