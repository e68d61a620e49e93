#include "config.h"

#include "linalg.h"

#include <string.h>

RT_HOT
void la_colsum(int n, int k, const rt_real *a, int lda, rt_real *s)
{
    for (int p = 0; p < k; p++) {
        const rt_real *restrict ap = a + (long)p * lda;
        for (int j = 0; j < n; j++)
            s[j] += ap[j];
    }
}

size_t la_packed_size(int k, int n)
{
    return (size_t)k * (size_t)((n + LA_NR - 1) / LA_NR) * LA_NR;
}

void la_pack(int k, int n, const rt_real *b, int b_row, int b_col, rt_real *packed)
{
    const int panels = (n + LA_NR - 1) / LA_NR;
    for (int q = 0; q < panels; q++) {
        rt_real *dst = packed + (size_t)q * k * LA_NR;
        for (int p = 0; p < k; p++)
            for (int jj = 0; jj < LA_NR; jj++) {
                int j = q * LA_NR + jj;
                dst[(size_t)p * LA_NR + jj] = j < n ? b[(long)p * b_row + (long)j * b_col] : 0;
            }
    }
}

/* One LA_NR-wide row of C as a single vector value: the compiler maps it
 * to 4 SSE, 2 AVX2 or 1 AVX-512 register in each clone. */
typedef rt_real la_vec __attribute__((vector_size(LA_NR * sizeof(rt_real))));

/* acc[0..mr) += A rows [0, mr) times one packed panel, summing over p in
 * order. mr is LA_MR in the hot call, so the row loop unrolls. */
RT_INLINE void kernel_block(int mr, int k, const rt_real *a, int a_row, int a_col,
                            const rt_real *restrict panel, la_vec acc[LA_MR])
{
    for (int p = 0; p < k; p++) {
        la_vec bv;
        memcpy(&bv, panel + (size_t)p * LA_NR, sizeof bv);
        for (int ii = 0; ii < mr; ii++)
            acc[ii] += a[(long)ii * a_row + (long)p * a_col] * bv;
    }
}

RT_HOT
void la_gemm_packed(int m, int n, int k, const rt_real *a, int a_row, int a_col,
                    const rt_real *packed, int kp, rt_real *c, int ldc)
{
    const int panels = (n + LA_NR - 1) / LA_NR;
    for (int q = 0; q < panels; q++) {
        const rt_real *panel = packed + (size_t)q * kp * LA_NR;
        const int j0 = q * LA_NR, nr = n - j0 < LA_NR ? n - j0 : LA_NR;
        for (int i0 = 0; i0 < m; i0 += LA_MR) {
            const int mr = m - i0 < LA_MR ? m - i0 : LA_MR;
            const rt_real *ai = a + (long)i0 * a_row;
            la_vec acc[LA_MR];
            rt_real row[LA_NR];
            for (int ii = 0; ii < mr; ii++) {
                memset(row, 0, sizeof row);
                memcpy(row, c + (long)(i0 + ii) * ldc + j0, sizeof *row * (size_t)nr);
                memcpy(&acc[ii], row, sizeof row);
            }
            if (mr == LA_MR)
                kernel_block(LA_MR, k, ai, a_row, a_col, panel, acc);
            else
                kernel_block(mr, k, ai, a_row, a_col, panel, acc);
            for (int ii = 0; ii < mr; ii++) {
                memcpy(row, &acc[ii], sizeof row);
                memcpy(c + (long)(i0 + ii) * ldc + j0, row, sizeof *row * (size_t)nr);
            }
        }
    }
}
