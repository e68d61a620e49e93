#include "config.h"

#include "linalg.h"

void la_gemm_nn(int m, int n, int k, const rt_real *a, int lda,
                const rt_real *b, int ldb, rt_real *c, int ldc)
{
    for (int i = 0; i < m; i++) {
        rt_real *restrict ci = c + (long)i * ldc;
        const rt_real *ai = a + (long)i * lda;
        for (int p = 0; p < k; p++) {
            const rt_real aip = ai[p];
            const rt_real *restrict bp = b + (long)p * ldb;
            for (int j = 0; j < n; j++)
                ci[j] += aip * bp[j];
        }
    }
}

void la_gemm_nt(int m, int n, int k, const rt_real *a, int lda,
                const rt_real *b, int ldb, rt_real *c, int ldc)
{
    for (int i = 0; i < m; i++) {
        const rt_real *restrict ai = a + (long)i * lda;
        rt_real *ci = c + (long)i * ldc;
        for (int j = 0; j < n; j++) {
            const rt_real *restrict bj = b + (long)j * ldb;
            rt_real s = 0;
            for (int p = 0; p < k; p++)
                s += ai[p] * bj[p];
            ci[j] += s;
        }
    }
}

void la_gemm_tn(int m, int n, int k, const rt_real *a, int lda,
                const rt_real *b, int ldb, rt_real *c, int ldc)
{
    for (int p = 0; p < k; p++) {
        const rt_real *ap = a + (long)p * lda;
        const rt_real *restrict bp = b + (long)p * ldb;
        for (int i = 0; i < m; i++) {
            const rt_real api = ap[i];
            rt_real *restrict ci = c + (long)i * ldc;
            for (int j = 0; j < n; j++)
                ci[j] += api * bp[j];
        }
    }
}

void la_colsum(int n, int k, const rt_real *a, int lda, rt_real *s)
{
    for (int p = 0; p < k; p++) {
        const rt_real *restrict ap = a + (long)p * lda;
        for (int j = 0; j < n; j++)
            s[j] += ap[j];
    }
}
