/*
** calib.h: the model calibrate.c fits, shared with its tests.
**
** A row is an inspected worklist row: its outcome (1 forced labour
** confirmed, 0 not), its weight (the inverse of its probability of being
** on the list), its chain risk in the run that chose it (a fixed offset),
** and its features: one (rule, strength) pair per hit of the run that
** reached the row's subject, the strength as the run combined it
** (contribution / weight, halved for repeated hits of one rule).  The
** probability of the outcome keeps the form of own risk (DATA-MODEL.md):
**
**     P = 1 - (1 - leak) (1 - chain) Π over features (1 - w[rule] a)
**
** so that a fitted weight means what a written one means.  The fit is a
** penalised maximum likelihood over logit(w) with each rule's current
** weight as the prior mean (a normal prior of sd CAL_PRIOR_SD on the logit
** scale), and logit(leak) free; Newton steps with the exact gradient and
** Hessian (the log-likelihood is separable by rule), halved until the
** objective rises.  Intervals are Wald intervals on the logit scale from
** the inverse of the penalised information, mapped back.
**
** Private to calibrate.c and tests/check_calibrate.c.
*/
#ifndef INS_CALIB_H
#define INS_CALIB_H

#include "ins_internal.h"

/* One feature of a row: a hit of rule RULE at strength A (0..1]. */
typedef struct cal_feat {
    int rule;
    double a;
} cal_feat;

/* One inspected row. */
typedef struct cal_row {
    int y;            /* 1: forced labour confirmed */
    double v;         /* weight: 1 / inclusion probability, normalised */
    double chain;     /* the subject's chain risk in the run: fixed */
    size_t first, n;  /* its features in cal_data.feat */
    int64_t group;    /* the cross-validation group (a firm, or a worklist) */
} cal_row;

typedef struct cal_data {
    cal_row *rows;
    size_t nrows;
    cal_feat *feat;
    size_t nfeat;
    size_t nrules;
    const double *w0;           /* current weights (the prior means), nrules */
    const unsigned char *freew; /* 1: the rule's weight is fitted; 0: held at w0 */
} cal_data;

/* What a fit gives. */
typedef struct cal_fit {
    double *w, *lo, *hi;        /* nrules each (held rules: w0, no interval: lo = hi = w0) */
    double leak, leak_lo, leak_hi;
    double objective;           /* penalised weighted log-likelihood at the optimum */
    int iterations, converged;
} cal_fit;

/*
** Fits D on the rows whose USE is set (NULL: all); with FIT_WEIGHTS 0 only
** the leak is fitted and every weight held at w0 (the current model).
** PRIOR_SD is the sd of the prior on logit(w).  OUT's arrays are
** allocated (cal_fit_free).  INS_OK, or INS_ERR_NOMEM.
*/
int insCalibFit(const cal_data *d, const unsigned char *use, int fit_weights, double prior_sd, cal_fit *out);
void insCalibFitFree(cal_fit *f);

/* The model's probability of row I under weights W and LEAK. */
double insCalibPredict(const cal_data *d, size_t i, const double *w, double leak);

/* The Mann-Whitney AUC of scores S against outcomes Y over N rows, and
** its Hanley-McNeil standard error in *SE; -1 when one class is empty. */
double insCalibAuc(const double *s, const int *y, size_t n, double *se);

#endif /* INS_CALIB_H */
