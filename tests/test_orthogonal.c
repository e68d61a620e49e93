/* test_orthogonal: the blocked orthogonal initialiser against the plain
 * algorithm it replaced, kept here as the reference.
 *
 * For square, tall and wide shapes (block edges, odd sizes, 1 x n, and a
 * 256-unit LSTM recurrent kernel) from the same seed: the same normal draws
 * (the generator ends in the same state), the same matrix to float rounding
 * (Q * sign(diag(R)), transposed for rows < cols, as Keras), orthonormal
 * columns (rows >= cols) or rows to 1e-5 in float, and a cancel flag that
 * is set stops it at once with RT_ECANCELED. */
#include "config.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "orthogonal.h"
#include "rnntui/rng.h"
#include "rnntui/status.h"

/* The reference: the previous init_orthogonal() of model.c, unchanged.
 * Keras Orthogonal(gain=1): a normal matrix of shape (max, min) in row-major
 * draw order, its QR factor Q with R's diagonal made positive, transposed
 * when rows < cols. Gram-Schmidt (twice, in double) yields exactly that Q. */
static int reference_orthogonal(struct rng *r, rt_real *w, int rows, int cols)
{
    int M = rows > cols ? rows : cols, N = rows > cols ? cols : rows;
    double *a = malloc(sizeof *a * (size_t)M * N);     /* (M, N) */
    if (!a)
        return RT_ENOMEM;
    for (size_t i = 0; i < (size_t)M * N; i++)
        a[i] = rng_normal(r);
    for (int j = 0; j < N; j++) {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < j; i++) {
                double d = 0;
                for (int k = 0; k < M; k++)
                    d += a[(size_t)k * N + i] * a[(size_t)k * N + j];
                for (int k = 0; k < M; k++)
                    a[(size_t)k * N + j] -= d * a[(size_t)k * N + i];
            }
        }
        double norm = 0;
        for (int k = 0; k < M; k++)
            norm += a[(size_t)k * N + j] * a[(size_t)k * N + j];
        norm = sqrt(norm);
        for (int k = 0; k < M; k++)
            a[(size_t)k * N + j] /= norm;
    }
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            w[(size_t)i * cols + j] = (rt_real)(rows >= cols ? a[(size_t)i * N + j]
                                                               : a[(size_t)j * N + i]);
    free(a);
    return RT_OK;
}

static void check_shape(int rows, int cols, uint64_t seed)
{
    const size_t n = (size_t)rows * cols;
    rt_real *w = malloc(sizeof *w * n), *ref = malloc(sizeof *ref * n);
    if (!w || !ref) {
        CHECK(!"out of memory");
        free(w);
        free(ref);
        return;
    }
    struct rng r1, r2;
    rng_seed(&r1, seed, RNG_STREAM_INIT);
    rng_seed(&r2, seed, RNG_STREAM_INIT);
    CHECK(orthogonal_init(&r1, w, rows, cols, NULL) == RT_OK);
    CHECK(reference_orthogonal(&r2, ref, rows, cols) == RT_OK);
    CHECKF(r1.state == r2.state && r1.inc == r2.inc, "%dx%d: not the same draws", rows, cols);

    /* Equal to float rounding: at most one unit in the last place of 1. */
    double maxdiff = 0;
    size_t differ = 0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs((double)w[i] - (double)ref[i]);
        if (d > maxdiff)
            maxdiff = d;
        differ += w[i] != ref[i];
    }
    printf("%5d x %-5d differs from the reference in %zu of %zu values, by at most %.3g\n",
           rows, cols, differ, n, maxdiff);
    CHECKF(maxdiff <= 0x1p-23, "%dx%d: off the reference by %g", rows, cols, maxdiff);

    /* Orthonormal columns (rows >= cols) or rows, in float, to 1e-5. */
    const int k = rows >= cols ? cols : rows, len = rows >= cols ? rows : cols;
    double worst = 0;
    for (int a = 0; a < k; a++)
        for (int b = a; b < k; b++) {
            double s = 0;
            for (int t = 0; t < len; t++) {
                float x = rows >= cols ? (float)w[(size_t)t * cols + a] : (float)w[(size_t)a * cols + t];
                float y = rows >= cols ? (float)w[(size_t)t * cols + b] : (float)w[(size_t)b * cols + t];
                s += (double)x * (double)y;
            }
            double e = fabs(s - (a == b ? 1.0 : 0.0));
            if (e > worst)
                worst = e;
        }
    CHECKF(worst <= 1e-5, "%dx%d: not orthonormal, off by %g", rows, cols, worst);
    free(w);
    free(ref);
}

int main(void)
{
    static const int shapes[][2] = {
        { 1, 1 }, { 1, 4 }, { 3, 1 }, { 5, 20 }, { 20, 5 }, { 30, 120 }, { 30, 90 }, { 30, 30 },
        { 31, 124 }, { 32, 128 }, { 33, 99 }, { 64, 64 }, { 65, 260 }, { 100, 100 },
        { 130, 390 }, { 200, 150 }, { 256, 1024 },
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        check_shape(shapes[i][0], shapes[i][1], 7 + i);

    /* A set cancel flag: RT_ECANCELED at once. */
    atomic_bool stop;
    atomic_init(&stop, true);
    struct rng r;
    rng_seed(&r, 1, RNG_STREAM_INIT);
    rt_real *w = malloc(sizeof *w * 512 * 2048);
    CHECK(w && orthogonal_init(&r, w, 512, 2048, &stop) == RT_ECANCELED);
    free(w);
    return check_finish();
}
