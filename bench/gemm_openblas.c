/* The core's matrix kernel against OpenBLAS's sgemm on the shapes training
 * uses, one thread each, operands in cache. Built and run by
 * bench/gemm-vs-openblas.sh; OpenBLAS is only a yardstick, never a
 * dependency of rnntui. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/linalg.h"

/* From cblas.h, declared here so that no -dev package is needed. */
void cblas_sgemm(int order, int ta, int tb, int m, int n, int k, float alpha, const float *a,
                 int lda, const float *b, int ldb, float beta, float *c, int ldc);
void openblas_set_num_threads(int n);

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(void)
{
    /* step forward, step backward (dh U^T), weight gradient, layer-0 projection */
    static const int shapes[][3] = { { 16, 128, 30 }, { 16, 32, 128 }, { 30, 128, 1600 },
                                     { 1600, 128, 2 } };
    openblas_set_num_threads(1);
    printf("%-16s %12s %12s   (GFLOP/s, best of 3; rnntui kernel: %s)\n", "m x n x k",
           "rnntui", "OpenBLAS", la_isa());
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        const int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        float *a = malloc(sizeof *a * m * k), *b = malloc(sizeof *b * k * n);
        float *c = calloc((size_t)m * n, sizeof *c), *pk = malloc(sizeof *pk * la_packed_size(k, n));
        if (!a || !b || !c || !pk)
            return 1;
        for (int i = 0; i < m * k; i++)
            a[i] = (float)(i % 7) * 0.01f;
        for (int i = 0; i < k * n; i++)
            b[i] = (float)(i % 5) * 0.01f;
        la_pack(k, n, b, n, 1, pk);
        const long reps = 1000000000L / (2L * m * n * k) + 1;
        double best[2] = { 0, 0 };
        for (int r = 0; r < 3; r++)
            for (int lib = 0; lib < 2; lib++) {
                double t0 = now();
                for (long i = 0; i < reps; i++) {
                    if (lib == 0)
                        la_gemm_packed(m, n, k, a, k, 1, pk, k, c, n);
                    else
                        cblas_sgemm(101, 111, 111, m, n, k, 1.0f, a, k, b, n, 1.0f, c, n);
                }
                double gf = 2.0 * m * n * k * reps / (now() - t0) / 1e9;
                if (gf > best[lib])
                    best[lib] = gf;
            }
        char shape[32];
        snprintf(shape, sizeof shape, "%d x %d x %d", m, n, k);
        printf("%-16s %12.1f %12.1f\n", shape, best[0], best[1]);
        free(a);
        free(b);
        free(c);
        free(pk);
    }
    return 0;
}
