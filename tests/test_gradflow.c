/*
 * test_gradflow: the gradient-flow and saliency numbers (gradflow.h) against
 * central finite differences, in the double build of the core.
 *
 * For every cell kind and 1, 2 and 3 stacked layers of a tiny model:
 *   - ||dL/dh_t|| (and LSTM ||dL/dc_t||) from the backward pass's taps, for
 *     every layer, step and sequence, equals the norm of the finite-difference
 *     gradient of that sequence's loss L = (yhat - y)^2 with respect to a
 *     nudge added to h_t (c_t) in the forward pass (model_work_nudge), so
 *     the nudge reaches the layer above at t and the steps after t;
 *   - gradflow_measure() is the mean of those norms over the sequences;
 *   - d yhat / d x_t (the seeded backward pass's dx) equals finite
 *     differences of the prediction in every input, and gradflow_saliency()
 *     returns its absolute value for the value and marker features.
 * Five-point differences (error O(h^4)); max relative error below 1e-6.
 * Then the reading rules (gradflow_looks_at_marked, gradflow_describe) on
 * hand-made rows.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rnntui/data.h"
#include "rnntui/gradflow.h"
#include "rnntui/model.h"
#include "rnntui/rng.h"
#include "rnntui/status.h"

#define T 6
#define B 3
#define U 3
#define TOL 1e-6

static float xs[B][T * DATA_FEATURES];
static float ys[B];

/* Inputs with few mantissa bits (k / 256), so x +- 2^-10 and 2^-9 are exact
 * in float, the type the data comes in. Two marked steps per sequence. */
static void make_inputs(struct rng *r)
{
    for (int b = 0; b < B; b++) {
        int m1 = (int)(rng_uniform(r) * T), m2 = (m1 + 1 + (int)(rng_uniform(r) * (T - 1))) % T;
        for (int t = 0; t < T; t++) {
            xs[b][t * 2 + 0] = t == m1 || t == m2 ? 1.0f : 0.0f;
            xs[b][t * 2 + 1] = (float)(int)(rng_uniform(r) * 256) / 256.0f;
        }
        ys[b] = (float)(int)(rng_uniform(r) * 256) / 256.0f;
    }
}

static struct model *make_model(enum cell_kind kind, int layers, struct model_work **w)
{
    struct model_config cfg = { .cell = kind, .units = U, .layers = layers, .inputs = 2 };
    struct rng r;
    rng_seed(&r, 11 + 3 * (uint64_t)kind + (uint64_t)layers, 4);
    struct model *m;
    if (model_new(&cfg, &r, &m) != RT_OK || model_work_new(m, B, T, w) != RT_OK)
        exit(99);
    /* Non-zero biases and larger weights, so no gradient is trivially zero. */
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] += (rt_real)(0.6 * (rng_uniform_double(&r) - 0.5));
    return m;
}

static void forward(struct model *m, struct model_work *w, rt_real *pred)
{
    const float *x[B];
    for (int b = 0; b < B; b++)
        x[b] = xs[b];
    model_forward(m, w, x, B, pred);
}

/* Five-point central difference of f at 0 from f(-2h), f(-h), f(h), f(2h). */
static double five_point(const double f[4], double h)
{
    return (8 * (f[2] - f[1]) - (f[3] - f[0])) / (12 * h);
}

static double rel_err(double a, double b)
{
    double den = fmax(fmax(fabs(a), fabs(b)), 1e-12);
    return fabs(a - b) / den;
}

/* ||dL_b/dstate|| of layer l, step t by differences through the nudge hook. */
static double fd_state_norm(struct model *m, struct model_work *w, int l, int b, int t,
                            const char *state)
{
    const double h = 1e-3, at[4] = { -2, -1, 1, 2 };
    rt_real delta[U];
    rt_real pred[B];
    double ss = 0;
    for (int j = 0; j < U; j++) {
        double f[4];
        for (int s = 0; s < 4; s++) {
            memset(delta, 0, sizeof delta);
            delta[j] = (rt_real)(at[s] * h);
            if (model_work_nudge(w, l, b, t, state, delta) != RT_OK)
                exit(99);
            forward(m, w, pred);
            f[s] = ((double)pred[b] - ys[b]) * ((double)pred[b] - ys[b]);
        }
        double d = five_point(f, h);
        ss += d * d;
    }
    model_work_nudge(w, 0, 0, 0, "h", NULL);
    return sqrt(ss);
}

static void check_flow(enum cell_kind kind, int layers)
{
    struct model_work *w;
    struct model *m = make_model(kind, layers, &w);
    const bool lstm = kind == CELL_LSTM;
    const size_t nn = (size_t)layers * T * B;
    double *hn = calloc(nn, sizeof *hn), *cn = calloc(nn, sizeof *cn);
    rt_real *grad = calloc(m->n_params, sizeof *grad);
    if (!hn || !cn || !grad)
        exit(99);
    rt_real pred[B], dpred[B];
    forward(m, w, pred);
    for (int b = 0; b < B; b++)
        dpred[b] = 2 * (pred[b] - (rt_real)ys[b]);
    struct model_taps taps = { .h_norm = hn, .c_norm = cn };
    model_backward_seeded(m, w, dpred, grad, &taps);

    /* every tap against differences */
    double worst_h = 0, worst_c = 0, smallest = INFINITY;
    double mean_h[3 * T] = { 0 }, mean_c[3 * T] = { 0 };
    for (int l = 0; l < layers; l++) {
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                size_t i = ((size_t)l * T + t) * B + b;
                double fd = fd_state_norm(m, w, l, b, t, "h");
                worst_h = fmax(worst_h, rel_err(fd, hn[i]));
                smallest = fmin(smallest, fd);
                mean_h[l * T + t] += fd / B;
                if (lstm) {
                    double fc = fd_state_norm(m, w, l, b, t, "c");
                    worst_c = fmax(worst_c, rel_err(fc, cn[i]));
                    mean_c[l * T + t] += fc / B;
                }
            }
        }
    }
    printf("%-10s %d layer%s  ||dL/dh_t|| max rel err %.2e (smallest %.2e)", cell_name(kind),
           layers, layers > 1 ? "s" : " ", worst_h, smallest);
    if (lstm)
        printf("  ||dL/dc_t|| %.2e", worst_c);
    printf("\n");
    CHECKF(worst_h < TOL, "%s x%d dh: %g", cell_name(kind), layers, worst_h);
    CHECKF(smallest > 1e-6, "%s x%d: a vanishing state gradient makes the check weak",
           cell_name(kind), layers);
    if (lstm)
        CHECKF(worst_c < TOL, "%s x%d dc: %g", cell_name(kind), layers, worst_c);

    /* the public mean over a data set of these sequences */
    struct data_set set = { .samples = B, .length = T, .x = &xs[0][0], .y = ys };
    float gh[3 * T], gc[3 * T];
    CHECK(gradflow_measure(m, &set, 0, B, gh, gc) == RT_OK);
    double worst_mean = 0;
    for (int i = 0; i < layers * T; i++) {
        worst_mean = fmax(worst_mean, rel_err(gh[i], mean_h[i]));
        if (lstm)
            worst_mean = fmax(worst_mean, rel_err(gc[i], mean_c[i]));
    }
    /* stored as float: agreement to float rounding */
    CHECKF(worst_mean < 1e-6, "%s x%d gradflow_measure: %g", cell_name(kind), layers, worst_mean);
    CHECK(gradflow_measure(m, &set, 1, B, gh, gc) == RT_EINVAL);
    CHECK(gradflow_measure(m, &set, 0, 0, gh, gc) == RT_EINVAL);

    free(hn);
    free(cn);
    free(grad);
    model_work_free(w);
    model_free(m);
}

static void check_saliency(enum cell_kind kind, int layers)
{
    struct model_work *w;
    struct model *m = make_model(kind, layers, &w);
    rt_real *grad = calloc(m->n_params, sizeof *grad);
    rt_real dx[B * T * DATA_FEATURES];
    if (!grad)
        exit(99);
    rt_real pred[B], dpred[B];
    forward(m, w, pred);
    for (int b = 0; b < B; b++)
        dpred[b] = 1;
    struct model_taps taps = { .dx = dx };
    model_backward_seeded(m, w, dpred, grad, &taps);
    const double h = 1.0 / 1024, at[4] = { -2, -1, 1, 2 };
    double worst = 0, worst_pub = 0, largest = 0;
    for (int b = 0; b < B; b++) {
        float value[T], marker[T];
        CHECK(gradflow_saliency(m, xs[b], T, value, marker) == RT_OK);
        for (int t = 0; t < T; t++) {
            for (int f = 0; f < DATA_FEATURES; f++) {
                float keep = xs[b][t * 2 + f];
                double fv[4];
                for (int s = 0; s < 4; s++) {
                    xs[b][t * 2 + f] = (float)(keep + at[s] * h);
                    if ((double)xs[b][t * 2 + f] != keep + at[s] * h)
                        exit(99);                       /* not exact: the inputs are wrong */
                    forward(m, w, pred);
                    fv[s] = pred[b];
                }
                xs[b][t * 2 + f] = keep;
                double fd = five_point(fv, h);
                double an = dx[((size_t)b * T + t) * DATA_FEATURES + f];
                worst = fmax(worst, rel_err(fd, an));
                largest = fmax(largest, fabs(fd));
                double pub = f == 1 ? value[t] : marker[t];
                worst_pub = fmax(worst_pub, rel_err(fabs(fd), pub));
            }
        }
    }
    printf("%-10s %d layer%s  d yhat/d x_t max rel err %.2e (largest %.2e), "
           "gradflow_saliency %.2e\n", cell_name(kind), layers, layers > 1 ? "s" : " ",
           worst, largest, worst_pub);
    CHECKF(worst < TOL, "%s x%d dx: %g", cell_name(kind), layers, worst);
    CHECKF(largest > 1e-6, "%s x%d: vanishing input gradient", cell_name(kind), layers);
    /* gradflow_saliency returns float */
    CHECKF(worst_pub < 1e-6, "%s x%d saliency: %g", cell_name(kind), layers, worst_pub);
    free(grad);
    model_work_free(w);
    model_free(m);
}

/* The reading rules on hand-made rows of 10 steps, marked steps 3 and 7. */
static void check_readings(void)
{
    float x[10 * DATA_FEATURES] = { 0 };
    x[2 * 2] = 1;
    x[6 * 2] = 1;
    char buf[128];
    float marked[10] = { .1f, .1f, .9f, .1f, .1f, .1f, .8f, .1f, .1f, .2f };
    CHECK(gradflow_looks_at_marked(marked, x, 10) == 1);
    gradflow_describe(marked, x, 10, buf, sizeof buf);
    CHECKF(!strcmp(buf, "looks at steps 3 and 7 (the marked ones)"), "%s", buf);
    /* one marked step and a third one: not the two marked */
    float third[10] = { .1f, .1f, .9f, .1f, .1f, .1f, .5f, .6f, .1f, .2f };
    CHECK(gradflow_looks_at_marked(third, x, 10) == 0);
    /* 80 % of the mass in the last 3 steps */
    float tail[10] = { .01f, .01f, .02f, .01f, .01f, .01f, .03f, .3f, .3f, .3f };
    CHECK(gradflow_looks_at_marked(tail, x, 10) == 0);
    gradflow_describe(tail, x, 10, buf, sizeof buf);
    CHECKF(!strcmp(buf, "looks at the last 3 steps"), "%s", buf);
    float spread[10] = { .5f, .1f, .1f, .1f, .1f, .1f, .1f, .1f, .1f, .4f };
    gradflow_describe(spread, x, 10, buf, sizeof buf);
    CHECKF(!strcmp(buf, "looks at steps 1 and 10 most, not the marked 3 and 7"), "%s", buf);
}

int main(void)
{
    struct rng r;
    rng_seed(&r, 5, 2);
    make_inputs(&r);
    for (int k = 0; k < CELL_COUNT; k++) {
        for (int layers = 1; layers <= 3; layers++) {
            check_flow((enum cell_kind)k, layers);
            check_saliency((enum cell_kind)k, layers);
        }
    }
    check_readings();
    int first, count;
    gradflow_probe_range(3000, &first, &count);
    CHECK(first == 2048 && count == 64);
    gradflow_probe_range(20, &first, &count);       /* fit 17, validation [13, 17) */
    CHECK(first == 13 && count == 4);
    return check_finish();
}
