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

void la_pack_blocks(struct la_blocks rows, struct la_blocks cols, const rt_real *b,
                    int b_row, int b_col, rt_real *packed)
{
    const int k = rows.count * rows.stride, n = cols.count * cols.stride;
    const int panels = (n + LA_NR - 1) / LA_NR;
    for (int q = 0; q < panels; q++) {
        rt_real *dst = packed + (size_t)q * k * LA_NR;
        long off[LA_NR];                     /* source offset of each column, or -1 */
        for (int jj = 0; jj < LA_NR; jj++) {
            const int col = q * LA_NR + jj, cb = col / cols.stride, cj = col % cols.stride;
            off[jj] = col < n && cj < cols.width ? (long)(cb * cols.width + cj) * b_col : -1;
        }
        for (int p = 0; p < k; p++) {
            const int rb = p / rows.stride, rj = p % rows.stride;
            rt_real *d = dst + (size_t)p * LA_NR;
            if (rj >= rows.width) {
                memset(d, 0, sizeof *d * LA_NR);
                continue;
            }
            const rt_real *src = b + (long)(rb * rows.width + rj) * b_row;
            for (int jj = 0; jj < LA_NR; jj++)
                d[jj] = off[jj] >= 0 ? src[off[jj]] : 0;
        }
    }
}

void la_pack(int k, int n, const rt_real *b, int b_row, int b_col, rt_real *packed)
{
    const struct la_blocks rows = { 1, k, k }, cols = { 1, n, n };
    la_pack_blocks(rows, cols, b, b_row, b_col, packed);
}

/* One LA_NR-wide row of C as a single vector value: the compiler maps it
 * to 4 SSE, 2 AVX2 or 1 AVX-512 register in each clone. */
typedef rt_real la_vec __attribute__((vector_size(LA_NR * sizeof(rt_real))));

/* acc[0..mr) += A rows [0, mr) times one packed panel, summing over p in
 * order. mr is LA_MR in the hot call, so the row loop unrolls. */
RT_INLINE void kernel_block(int mr, int k, const rt_real *a, int a_row, int a_col,
                            const rt_real *restrict panel, int b_row, la_vec acc[LA_MR])
{
    for (int p = 0; p < k; p++) {
        la_vec bv;
        memcpy(&bv, panel + (size_t)p * b_row, sizeof bv);
        for (int ii = 0; ii < mr; ii++)
            acc[ii] += a[(long)ii * a_row + (long)p * a_col] * bv;
    }
}

RT_HOT
void la_gemm(int m, int n, int k, const rt_real *a, int a_row, int a_col,
             const rt_real *b, int b_row, int b_panel, rt_real *c, int ldc)
{
    const int panels = (n + LA_NR - 1) / LA_NR;
    for (int q = 0; q < panels; q++) {
        const rt_real *panel = b + (size_t)q * b_panel;
        const int j0 = q * LA_NR, nr = n - j0 < LA_NR ? n - j0 : LA_NR;
        for (int i0 = 0; i0 < m; i0 += LA_MR) {
            const int mr = m - i0 < LA_MR ? m - i0 : LA_MR;
            const rt_real *ai = a + (long)i0 * a_row;
            la_vec acc[LA_MR];
            rt_real row[LA_NR];
            for (int ii = 0; ii < mr; ii++) {
                const rt_real *ci = c + (long)(i0 + ii) * ldc + j0;
                if (nr == LA_NR) {
                    memcpy(&acc[ii], ci, sizeof acc[ii]);
                } else {
                    memset(row, 0, sizeof row);
                    memcpy(row, ci, sizeof *row * (size_t)nr);
                    memcpy(&acc[ii], row, sizeof row);
                }
            }
            if (mr == LA_MR)
                kernel_block(LA_MR, k, ai, a_row, a_col, panel, b_row, acc);
            else
                kernel_block(mr, k, ai, a_row, a_col, panel, b_row, acc);
            for (int ii = 0; ii < mr; ii++) {
                rt_real *ci = c + (long)(i0 + ii) * ldc + j0;
                if (nr == LA_NR) {
                    memcpy(ci, &acc[ii], sizeof acc[ii]);
                } else {
                    memcpy(row, &acc[ii], sizeof row);
                    memcpy(ci, row, sizeof *row * (size_t)nr);
                }
            }
        }
    }
}
