/*
 * test_gradcheck: backpropagation through time against central differences.
 *
 * Built twice. With -DRNNTUI_DOUBLE (test_gradcheck) it checks every
 * parameter of every tensor of SimpleRNN, LSTM and GRU models (two stacked
 * layers and the dense head) against central finite differences of the loss,
 * max relative error below 1e-6, and writes its parameters and gradients to
 * gradcheck64.txt. The float32 build (test_gradcheck32) then loads the very
 * same parameters and checks that its gradients agree with the double ones.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rnntui/model.h"
#include "rnntui/rng.h"
#include "rnntui/status.h"

#define T 7
#define B 3
#define REF_FILE "gradcheck64.txt"

static float xs[B][T * 2];
static float ys[B];
static int units = 4;

static void make_inputs(struct rng *r)
{
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            xs[b][t * 2 + 0] = rng_uniform(r) < 0.3f ? 1.0f : 0.0f;
            xs[b][t * 2 + 1] = rng_uniform(r);
        }
        ys[b] = rng_uniform(r);
    }
}

/* loss = (1/B) sum_b (pred_b - y_b)^2, the training loss of one batch */
static double loss_of(struct model *m, struct model_work *w)
{
    const float *x[B];
    rt_real pred[B];
    for (int b = 0; b < B; b++)
        x[b] = xs[b];
    model_forward(m, w, x, B, pred);
    double s = 0;
    for (int b = 0; b < B; b++)
        s += ((double)pred[b] - ys[b]) * ((double)pred[b] - ys[b]);
    return s / B;
}

static void gradient(struct model *m, struct model_work *w, rt_real *g)
{
    memset(g, 0, sizeof *g * m->n_params);
    (void)loss_of(m, w);
    model_backward(m, w, ys, (rt_real)(1.0 / B), g);
}

static struct model *make_model(enum cell_kind kind, struct model_work **w)
{
    struct model_config cfg = { .cell = kind, .units = units, .layers = 2, .inputs = 2 };
    struct rng r;
    rng_seed(&r, 42 + (uint64_t)kind, 9);
    struct model *m;
    if (model_new(&cfg, &r, &m) != RT_OK || model_work_new(m, B, T, w) != RT_OK)
        exit(99);
    /* Non-zero biases and larger weights, so no gradient is trivially zero. */
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] += (rt_real)(0.4 * (rng_uniform_double(&r) - 0.5));
    return m;
}

#ifdef RNNTUI_DOUBLE

static void check_kind(enum cell_kind kind, FILE *ref)
{
    struct model_work *w;
    struct model *m = make_model(kind, &w);
    rt_real *g = calloc(m->n_params, sizeof *g);
    CHECK(g != NULL);
    gradient(m, w, g);
    fprintf(ref, "%d %zu\n", (int)kind, m->n_params);
    for (size_t i = 0; i < m->n_params; i++)
        fprintf(ref, "%.17g %.17g\n", m->params[i], g[i]);
    /* Five-point central differences: truncation error O(h^4), so h can be
     * large enough that rounding stays far below the tolerance. */
    const double h = 1e-3;
    for (int k = 0; k < m->n_tensors; k++) {
        const struct model_tensor *t = &m->tensors[k];
        double worst = 0, largest = 0;
        for (size_t i = t->offset; i < t->offset + t->size; i++)
            largest = fmax(largest, fabs(g[i]));
        /* Relative to each element, but never to less than 1e-4 of the
         * tensor's largest gradient: rounding in the differences (about
         * 1e-13 absolute) would otherwise dominate near-zero elements. */
        const double floor = fmax(1e-4 * largest, 1e-8);
        for (size_t i = t->offset; i < t->offset + t->size; i++) {
            double keep = m->params[i];
            double f[4];
            const double at[4] = { -2, -1, 1, 2 };
            for (int s = 0; s < 4; s++) {
                m->params[i] = keep + at[s] * h;
                f[s] = loss_of(m, w);
            }
            m->params[i] = keep;
            double num = (8 * (f[2] - f[1]) - (f[3] - f[0])) / (12 * h);
            double den = fmax(fmax(fabs(num), fabs(g[i])), floor);
            double rel = fabs(num - g[i]) / den;
            if (rel > worst)
                worst = rel;
        }
        printf("%2d units %-10s %-28s max rel err %.2e (largest |grad| %.2e)\n", units, cell_name(kind), t->name,
               worst, largest);
        CHECKF(worst < 1e-6, "%s %s: %g", cell_name(kind), t->name, worst);
        CHECKF(largest > 1e-6, "%s %s has a vanishing gradient", cell_name(kind), t->name);
    }
    free(g);
    model_work_free(w);
    model_free(m);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        units = atoi(argv[1]);
    struct rng r;
    rng_seed(&r, 7, 5);
    make_inputs(&r);
    FILE *ref = fopen(REF_FILE, "w");
    if (!ref)
        return 99;
    for (int k = 0; k < CELL_COUNT; k++)
        check_kind((enum cell_kind)k, ref);
    CHECK(fclose(ref) == 0);
    return check_finish();
}

#else  /* float32: compare with the double build's gradients */

static void check_kind(enum cell_kind kind, FILE *ref)
{
    struct model_work *w;
    struct model *m = make_model(kind, &w);
    int k;
    size_t n;
    if (fscanf(ref, "%d %zu", &k, &n) != 2 || k != (int)kind || n != m->n_params)
        exit(99);
    double *g64 = calloc(n, sizeof *g64);
    rt_real *g = calloc(n, sizeof *g);
    if (!g64 || !g)
        exit(99);
    for (size_t i = 0; i < n; i++) {
        double p;
        if (fscanf(ref, "%lf %lf", &p, &g64[i]) != 2)
            exit(99);
        m->params[i] = (rt_real)p;
    }
    gradient(m, w, g);
    double worst = 0, scale = 0;
    for (size_t i = 0; i < n; i++)
        scale = fmax(scale, fabs(g64[i]));
    for (size_t i = 0; i < n; i++)
        worst = fmax(worst, fabs(g[i] - g64[i]) / scale);
    printf("%2d units %-10s float32 vs float64 gradient: max error %.2e of the largest |grad| %.2e\n",
           units, cell_name(kind), worst, scale);
    CHECKF(worst < 1e-5, "%s: %g", cell_name(kind), worst);
    free(g64);
    free(g);
    model_work_free(w);
    model_free(m);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        units = atoi(argv[1]);
    struct rng r;
    rng_seed(&r, 7, 5);
    make_inputs(&r);
    FILE *ref = fopen(REF_FILE, "r");
    if (!ref) {
        fprintf(stderr, "%s missing: test_gradcheck (double) runs first\n", REF_FILE);
        return 99;
    }
    for (int k = 0; k < CELL_COUNT; k++)
        check_kind((enum cell_kind)k, ref);
    fclose(ref);
    return check_finish();
}

#endif
