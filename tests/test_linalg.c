/* test_linalg: the packed, register-blocked product against a plain triple
 * loop, bit for bit (both add the terms of each element in the same order,
 * with fused multiply-adds where the variant uses FMA), for every edge shape
 * of the blocking, in both operand layouts, on every variant this CPU runs. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "linalg.h"
#include "rnntui/rng.h"

static int fused;          /* the variant under test uses FMA */

static void naive(int m, int n, int k, const rt_real *a, int a_row, int a_col,
                  const rt_real *b, int ldb, rt_real *c, int ldc)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            volatile rt_real s = c[i * ldc + j];     /* volatile: no contraction here */
            for (int p = 0; p < k; p++) {
                rt_real x = a[i * a_row + p * a_col], y = b[p * ldb + j];
                if (fused) {
                    s = fmaf(x, y, s);
                } else {
                    volatile rt_real prod = x * y;
                    s = s + prod;
                }
            }
            c[i * ldc + j] = s;
        }
}

static int run(void)
{
    struct rng r;
    rng_seed(&r, 3, 1);
    int cases = 0, mismatches = 0;
    for (int m = 1; m <= 9; m++)
        for (int n = 1; n <= 40; n += (n < 18 ? 1 : 7))
            for (int k = 1; k <= 50; k += 7) {
                for (int trans = 0; trans < 2; trans++) {
                    rt_real *a = malloc(sizeof *a * (size_t)m * k);
                    rt_real *b = malloc(sizeof *b * (size_t)k * n);
                    rt_real *c1 = malloc(sizeof *c1 * (size_t)m * n);
                    rt_real *c2 = malloc(sizeof *c2 * (size_t)m * n);
                    rt_real *pk = malloc(sizeof *pk * la_packed_size(k, n));
                    if (!a || !b || !c1 || !c2 || !pk)
                        return 99;
                    for (int i = 0; i < m * k; i++)
                        a[i] = (rt_real)(rng_uniform_double(&r) * 2 - 1);
                    for (int i = 0; i < k * n; i++)
                        b[i] = (rt_real)(rng_uniform_double(&r) * 2 - 1);
                    for (int i = 0; i < m * n; i++)
                        c1[i] = c2[i] = (rt_real)(rng_uniform_double(&r) - 0.5);
                    /* trans: A stored (k, m) and used transposed */
                    int a_row = trans ? 1 : k, a_col = trans ? m : 1;
                    naive(m, n, k, a, a_row, a_col, b, n, c1, n);
                    la_pack(k, n, b, n, 1, pk);
                    la_gemm_packed(m, n, k, a, a_row, a_col, pk, k, c2, n);
                    cases++;
                    if (memcmp(c1, c2, sizeof *c1 * (size_t)m * n)) {
                        mismatches++;
                        fprintf(stderr, "mismatch m=%d n=%d k=%d trans=%d\n", m, n, k, trans);
                    }
                    /* B given transposed through the strides, and a row window. */
                    if (k > 2) {
                        rt_real *bt = malloc(sizeof *bt * (size_t)k * n);
                        if (!bt)
                            return 99;
                        for (int p = 0; p < k; p++)
                            for (int j = 0; j < n; j++)
                                bt[j * k + p] = b[p * n + j];
                        la_pack(k, n, bt, 1, k, pk);
                        memcpy(c2, c1, sizeof *c1 * (size_t)m * n);
                        naive(m, n, k - 2, a + 2 * a_col, a_row, a_col, b + 2 * n, n, c1, n);
                        la_gemm_packed(m, n, k - 2, a + 2 * a_col, a_row, a_col,
                                       pk + 2 * LA_NR, k, c2, n);
                        CHECKF(!memcmp(c1, c2, sizeof *c1 * (size_t)m * n),
                               "row window m=%d n=%d k=%d", m, n, k);
                        free(bt);
                    }
                    free(a);
                    free(b);
                    free(c1);
                    free(c2);
                    free(pk);
                }
            }
    printf("%s: %d shapes compared, %d mismatches\n", la_isa(), cases, mismatches);
    return mismatches;
}

int main(void)
{
    const char *variants[] = { "avx512", "avx2", "x86-64" };
    int tested = 0;
    for (size_t v = 0; v < sizeof variants / sizeof *variants; v++) {
        if (la_set_isa(variants[v]) != 0) {
            printf("%s: not supported by this CPU\n", variants[v]);
            continue;
        }
        fused = strcmp(variants[v], "x86-64") != 0;
        CHECK(run() == 0);
        tested++;
    }
    CHECK(tested >= 1);
    return check_finish();
}
