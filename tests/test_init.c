/*
 * test_init: the initialisers of model_new() against Keras (DESIGN.md 3),
 * for SimpleRNN, LSTM and GRU, two layers of 30 and of 20 units (more than
 * one vector block of 16 per gate) and one layer of 17.
 *
 * - glorot_uniform kernels (every layer's kernel and the dense kernel),
 *   limit L = sqrt(6 / (fan_in + fan_out)), fan_in = rows, fan_out = cols:
 *   no |w| above L; max |w| close to L (below L * p^(1/n) only with
 *   probability p = 1e-6 for n uniform draws); mean and mean square within
 *   6 standard deviations of 0 and L^2/3. A wrong fan or 3 instead of 6
 *   fails the first or the second.
 * - orthogonal recurrent kernels (units, k*units): W W^T = I to 1e-5
 *   (orthonormal rows, the orientation Keras gives a wide matrix; SimpleRNN
 *   also W^T W = I), and the very matrix Keras builds from the same normal
 *   draws: a (k*units, units) normal matrix in row-major draw order, its QR
 *   factor Q with R's diagonal made positive, transposed (SimpleRNN's
 *   square matrix: (units, units), Q itself). The QR here is
 *   Householder's, independent of the core's Gram-Schmidt.
 * - biases exactly as Keras: zero, the LSTM forget block (the second of
 *   i, f, c, o) one; GRU both rows zero; dense bias zero.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rnntui/model.h"
#include "rnntui/rng.h"
#include "rnntui/status.h"

static void check_glorot(const struct model *m, const struct model_tensor *t)
{
    const rt_real *w = m->params + t->offset;
    const int rows = t->dims[0], cols = t->dims[1];
    const double n = (double)t->size, L = sqrt(6.0 / (rows + cols));
    double mx = 0, s = 0, s2 = 0;
    for (size_t i = 0; i < t->size; i++) {
        double x = w[i];
        mx = fmax(mx, fabs(x));
        s += x;
        s2 += x * x;
    }
    const double mean = s / n, ms = s2 / n;
    /* mean of n U(-L, L): sd L / sqrt(3n); mean square: L^2/3 with sd
     * L^2 sqrt((1/5 - 1/9) / n) */
    const double mean_sd = L / sqrt(3 * n), ms_sd = L * L * sqrt((1.0 / 5 - 1.0 / 9) / n);
    const double lo = L * pow(1e-6, 1 / n);
    printf("%-10s %-26s glorot L %.4f: max|w| %.4f (>= %.4f), mean %+.4f, mean square %.5f (%.5f +- %.5f)\n",
           cell_name(m->cfg.cell), t->name, L, mx, lo, mean, ms, L * L / 3, 6 * ms_sd);
    CHECKF(mx <= L * (1 + 1e-6), "%s: |w| %g above the glorot limit %g", t->name, mx, L);
    CHECKF(mx >= lo, "%s: max |w| %g too far below the limit %g", t->name, mx, L);
    CHECKF(fabs(mean) <= 6 * mean_sd, "%s: mean %g", t->name, mean);
    CHECKF(fabs(ms - L * L / 3) <= 6 * ms_sd, "%s: mean square %g, expected %g", t->name, ms, L * L / 3);
}

/* Householder QR of a (M, N), M >= N, row-major; returns Q (M, N) with
 * R's diagonal made positive, as Keras's Orthogonal initialiser does. */
static void keras_q(const double *a_in, int M, int N, double *q)
{
    double *a = malloc(sizeof *a * (size_t)M * N), *v = malloc(sizeof *v * (size_t)M * N);
    double *beta = malloc(sizeof *beta * (size_t)N);
    if (!a || !v || !beta)
        exit(99);
    memcpy(a, a_in, sizeof *a * (size_t)M * N);
    for (int k = 0; k < N; k++) {
        double norm = 0;
        for (int i = k; i < M; i++)
            norm += a[i * N + k] * a[i * N + k];
        norm = sqrt(norm);
        double alpha = a[k * N + k] > 0 ? -norm : norm;
        double vn = 0;
        for (int i = 0; i < M; i++) {
            v[i * N + k] = i < k ? 0 : a[i * N + k] - (i == k ? alpha : 0);
            vn += v[i * N + k] * v[i * N + k];
        }
        beta[k] = vn > 0 ? 2 / vn : 0;
        for (int j = k; j < N; j++) {
            double d = 0;
            for (int i = k; i < M; i++)
                d += v[i * N + k] * a[i * N + j];
            for (int i = k; i < M; i++)
                a[i * N + j] -= beta[k] * d * v[i * N + k];
        }
    }
    /* Q = H_0 H_1 ... H_{N-1} applied to the first N columns of I */
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            q[i * N + j] = i == j;
    for (int k = N - 1; k >= 0; k--)
        for (int j = 0; j < N; j++) {
            double d = 0;
            for (int i = k; i < M; i++)
                d += v[i * N + k] * q[i * N + j];
            for (int i = k; i < M; i++)
                q[i * N + j] -= beta[k] * d * v[i * N + k];
        }
    for (int j = 0; j < N; j++)          /* sign of R's diagonal: a[j][j] */
        if (a[j * N + j] < 0)
            for (int i = 0; i < M; i++)
                q[i * N + j] = -q[i * N + j];
    free(a);
    free(v);
    free(beta);
}

/* W W^T = I (and W^T W = I when square), to 1e-5; returns the error. */
static double orthonormality(const rt_real *w, int rows, int cols)
{
    double worst = 0;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < rows; j++) {
            double d = 0;
            for (int k = 0; k < cols; k++)
                d += (double)w[i * cols + k] * w[j * cols + k];
            worst = fmax(worst, fabs(d - (i == j)));
        }
    if (rows == cols)
        for (int i = 0; i < cols; i++)
            for (int j = 0; j < cols; j++) {
                double d = 0;
                for (int k = 0; k < rows; k++)
                    d += (double)w[k * cols + i] * w[k * cols + j];
                worst = fmax(worst, fabs(d - (i == j)));
            }
    return worst;
}

static void check_model(enum cell_kind kind, int units, int layers, uint64_t seed)
{
    struct model_config cfg = { .cell = kind, .units = units, .layers = layers, .inputs = 2 };
    struct rng r, again;
    rng_seed(&r, seed, RNG_STREAM_INIT);
    again = r;
    struct model *m;
    if (model_new(&cfg, &r, &m) != RT_OK)
        exit(99);
    const int k = cell_gates(kind), G = k * units;
    for (int l = 0; l < layers; l++) {
        const struct model_tensor *t = &m->tensors[3 * l];
        check_glorot(m, &t[0]);
        /* the same draws, in Keras's order: kernel, then recurrent kernel */
        const double L = sqrt(6.0 / (t[0].dims[0] + t[0].dims[1]));
        double worst_glorot = 0;
        for (size_t i = 0; i < t[0].size; i++) {
            double x = -L + 2.0 * L * rng_uniform_double(&again);
            worst_glorot = fmax(worst_glorot, fabs(x - m->params[t[0].offset + i]));
        }
        CHECKF(worst_glorot < 1e-7, "%s: not the glorot draws (%g)", t[0].name, worst_glorot);

        const rt_real *u = m->params + t[1].offset;
        CHECK(t[1].dims[0] == units && t[1].dims[1] == G);
        double orth = orthonormality(u, units, G);
        const int M = G, N = units;       /* Keras draws (cols, rows) for a wide matrix */
        double *a = malloc(sizeof *a * (size_t)M * N), *q = malloc(sizeof *q * (size_t)M * N);
        if (!a || !q)
            exit(99);
        for (int i = 0; i < M * N; i++)
            a[i] = rng_normal(&again);
        keras_q(a, M, N, q);
        double worst_q = 0;
        for (int i = 0; i < units; i++)
            for (int j = 0; j < G; j++)           /* W = Q^T when wide, Q when square */
                worst_q = fmax(worst_q, fabs((double)u[i * G + j] - (G > units ? q[j * N + i]
                                                                                : q[i * N + j])));
        printf("%-10s %-26s orthonormal rows to %.1e; Keras's matrix to %.1e\n", cell_name(kind),
               t[1].name, orth, worst_q);
        CHECKF(orth < 1e-5, "%s: W W^T differs from I by %g", t[1].name, orth);
        CHECKF(worst_q < 1e-5, "%s: not Keras's orthogonal matrix (%g)", t[1].name, worst_q);
        free(a);
        free(q);

        const rt_real *b = m->params + t[2].offset;
        int bias_ok = 1;
        for (size_t i = 0; i < t[2].size; i++) {
            rt_real want = kind == CELL_LSTM && (int)i >= units && (int)i < 2 * units ? 1 : 0;
            if (b[i] != want)
                bias_ok = 0;
        }
        CHECKF(bias_ok, "%s: not Keras's initial bias", t[2].name);
        CHECK(t[2].size == (size_t)(kind == CELL_GRU ? 2 * G : G));
    }
    const struct model_tensor *dk = &m->tensors[3 * layers];
    check_glorot(m, dk);
    CHECK(m->params[dk[1].offset] == 0);
    model_free(m);
}

int main(void)
{
    const int sizes[][2] = { { 30, 2 }, { 20, 2 }, { 17, 1 } };
    for (int s = 0; s < 3; s++)
        for (int k = 0; k < CELL_COUNT; k++)
            check_model((enum cell_kind)k, sizes[s][0], sizes[s][1], 1 + (uint64_t)s);
    return check_finish();
}
