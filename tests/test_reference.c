/*
 * test_reference: the fast float32 path against a plain reference.
 *
 * The reference below is the cell equations of DESIGN.md written as the
 * simplest per-sequence, per-step loops in double, with none of the core's
 * batching, packing or vectorisation; its gradients are central differences.
 * The core's predictions and BPTT gradients must match it within float
 * tolerance for every cell, with several layers and a batch split in chunks.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rnntui/model.h"
#include "rnntui/status.h"

#define T 9
#define B 21
#define U 5
#define L 3
#define MAXG (4 * U)

static double sigm(double x) { return 1 / (1 + exp(-x)); }

/* Reference prediction for one sequence x (T, 2) with parameters p. */
static double ref_predict(const struct model *m, const double *p, const float *x)
{
    const int G = cell_gates(m->cfg.cell) * U;
    double in[T][U], out[T][U];
    int n_in = 2;
    for (int t = 0; t < T; t++)
        for (int j = 0; j < 2; j++)
            in[t][j] = x[t * 2 + j];
    for (int l = 0; l < L; l++) {
        const double *W = p + m->tensors[3 * l].offset;       /* (n_in, G) */
        const double *Uk = p + m->tensors[3 * l + 1].offset;  /* (U, G) */
        const double *b = p + m->tensors[3 * l + 2].offset;   /* (G) or (2, G) */
        double h[U] = { 0 }, c[U] = { 0 };
        for (int t = 0; t < T; t++) {
            double a[MAXG], q[MAXG];
            for (int g = 0; g < G; g++) {
                a[g] = b[g];
                q[g] = m->cfg.cell == CELL_GRU ? b[G + g] : 0;
                for (int i = 0; i < n_in; i++)
                    a[g] += in[t][i] * W[i * G + g];
                for (int i = 0; i < U; i++)
                    q[g] += h[i] * Uk[i * G + g];
            }
            for (int j = 0; j < U; j++) {
                switch (m->cfg.cell) {
                case CELL_RNN:
                    out[t][j] = tanh(a[j] + q[j]);
                    break;
                case CELL_LSTM: {
                    double ig = sigm(a[j] + q[j]), fg = sigm(a[U + j] + q[U + j]);
                    double gg = tanh(a[2 * U + j] + q[2 * U + j]), og = sigm(a[3 * U + j] + q[3 * U + j]);
                    c[j] = fg * c[j] + ig * gg;
                    out[t][j] = og * tanh(c[j]);
                    break;
                }
                default: {
                    double z = sigm(a[j] + q[j]), r = sigm(a[U + j] + q[U + j]);
                    double n = tanh(a[2 * U + j] + r * q[2 * U + j]);
                    out[t][j] = z * h[j] + (1 - z) * n;
                    break;
                }
                }
            }
            for (int j = 0; j < U; j++)
                h[j] = out[t][j];
        }
        memcpy(in, out, sizeof in);
        n_in = U;
    }
    const double *wd = p + m->tensors[3 * L].offset, bd = p[m->tensors[3 * L + 1].offset];
    double y = bd;
    for (int j = 0; j < U; j++)
        y += in[T - 1][j] * wd[j];
    return y;
}

static double ref_loss(const struct model *m, const double *p, float xs[B][T * 2], const float *y)
{
    double s = 0;
    for (int b = 0; b < B; b++) {
        double e = ref_predict(m, p, xs[b]) - y[b];
        s += e * e;
    }
    return s / B;
}

int main(void)
{
    struct rng r;
    rng_seed(&r, 11, 4);
    static float xs[B][T * 2];
    float y[B];
    const float *xp[B];
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            xs[b][2 * t] = rng_uniform(&r) < 0.25f;
            xs[b][2 * t + 1] = rng_uniform(&r);
        }
        y[b] = rng_uniform(&r);
        xp[b] = xs[b];
    }
    for (int k = 0; k < CELL_COUNT; k++) {
        struct model_config cfg = { .cell = (enum cell_kind)k, .units = U, .layers = L, .inputs = 2 };
        struct model *m;
        struct model_work *w;
        if (model_new(&cfg, &r, &m) != RT_OK || model_work_new(m, B, T, &w) != RT_OK)
            return 99;
        const size_t n = m->n_params;
        double *p = malloc(sizeof *p * n), *gref = malloc(sizeof *gref * n);
        rt_real *g = calloc(n, sizeof *g), pred[B];
        if (!p || !gref || !g)
            return 99;
        for (size_t i = 0; i < n; i++) {
            m->params[i] += (rt_real)(0.3 * (rng_uniform_double(&r) - 0.5));
            p[i] = m->params[i];
        }
        /* The core: two chunks of the batch, as the trainer cuts it. */
        model_forward(m, w, xp, 16, pred);
        model_backward(m, w, y, (rt_real)(1.0 / B), g);
        model_forward(m, w, xp + 16, B - 16, pred + 16);
        model_backward(m, w, y + 16, (rt_real)(1.0 / B), g);
        model_forward(m, w, xp, 16, pred);          /* whole first chunk again, for pred[0..16) */
        double worst_pred = 0;
        for (int b = 0; b < B; b++)
            worst_pred = fmax(worst_pred, fabs(pred[b] - ref_predict(m, p, xs[b])));
        const double h = 1e-4;
        double gmax = 0, worst_grad = 0;
        for (size_t i = 0; i < n; i++) {
            double keep = p[i];
            p[i] = keep + h;
            double lp = ref_loss(m, p, xs, y);
            p[i] = keep - h;
            double lm = ref_loss(m, p, xs, y);
            p[i] = keep;
            gref[i] = (lp - lm) / (2 * h);
            gmax = fmax(gmax, fabs(gref[i]));
        }
        for (size_t i = 0; i < n; i++)
            worst_grad = fmax(worst_grad, fabs(g[i] - gref[i]) / gmax);
        printf("%-9s %zu params: max |pred - ref| %.1e, max |grad - ref| %.1e of max |grad| %.2f\n",
               cell_name(cfg.cell), n, worst_pred, worst_grad, gmax);
        CHECK(worst_pred < 1e-5);
        CHECK(worst_grad < 1e-4);
        free(p);
        free(gref);
        free(g);
        model_work_free(w);
        model_free(m);
    }
    return check_finish();
}
