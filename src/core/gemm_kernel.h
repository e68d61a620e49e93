/*
 * gemm_kernel.h - the register-blocked kernel of la_gemm(), written once and
 * instantiated by linalg.c for each instruction set it dispatches to:
 *
 *   GEMM_NAME    name of the function to define
 *   GEMM_TARGET  its target attribute (empty for plain x86-64)
 *   GEMM_VW      floats per vector register of that target
 *   GEMM_MR      rows of C per block
 *   GEMM_NP      LA_NR-wide panels of C per block
 *
 * A block of GEMM_MR x (GEMM_NP * LA_NR) values of C stays in registers,
 * GEMM_MR * GEMM_NP * LA_NR / GEMM_VW vectors, sized so that enough
 * independent multiply-adds are in flight and nothing spills. Each element
 * gets its terms added one by one in the order p = 0, 1, ... .
 */
#define GEMM_CAT2(a, b) a##b
#define GEMM_CAT(a, b) GEMM_CAT2(a, b)
#define GEMM_VEC GEMM_CAT(GEMM_NAME, _vec)
#define GEMM_BLOCK GEMM_CAT(GEMM_NAME, _block)
#define GEMM_NV (GEMM_NP * LA_NR / GEMM_VW)     /* vectors per block row */

typedef rt_real GEMM_VEC __attribute__((vector_size(GEMM_VW * sizeof(rt_real))));

/* acc[ii][0..nv) += row ii of A times the block's B columns, ii < mr. */
GEMM_TARGET RT_INLINE void GEMM_BLOCK(int mr, int nv, int k, const rt_real *a, int a_row,
                                      int a_col, const rt_real *restrict b, int b_row,
                                      int b_panel, GEMM_VEC acc[GEMM_MR][GEMM_NV])
{
    for (int p = 0; p < k; p++) {
        GEMM_VEC bv[GEMM_NV];
        for (int v = 0; v < nv; v++)
            memcpy(&bv[v], b + (size_t)(v * GEMM_VW / LA_NR) * b_panel + (size_t)p * b_row
                           + v * GEMM_VW % LA_NR, sizeof bv[v]);
        for (int ii = 0; ii < mr; ii++) {
            const rt_real av = a[(long)ii * a_row + (long)p * a_col];
            for (int v = 0; v < nv; v++)
                acc[ii][v] += av * bv[v];
        }
    }
}

GEMM_TARGET static void GEMM_NAME(int m, int n, int k, const rt_real *a, int a_row, int a_col,
                                  const rt_real *b, int b_row, int b_panel, rt_real *c, int ldc)
{
    const int panels = (n + LA_NR - 1) / LA_NR;
    for (int q = 0; q < panels; q += GEMM_NP) {
        const int np = panels - q < GEMM_NP ? panels - q : GEMM_NP;
        const int nv = np * LA_NR / GEMM_VW;
        const int j0 = q * LA_NR, width = n - j0 < np * LA_NR ? n - j0 : np * LA_NR;
        const rt_real *bq = b + (size_t)q * b_panel;
        for (int i0 = 0; i0 < m; i0 += GEMM_MR) {
            const int mr = m - i0 < GEMM_MR ? m - i0 : GEMM_MR;
            const rt_real *ai = a + (long)i0 * a_row;
            GEMM_VEC acc[GEMM_MR][GEMM_NV];
            rt_real row[GEMM_NP * LA_NR];
            for (int ii = 0; ii < mr; ii++) {
                const rt_real *ci = c + (long)(i0 + ii) * ldc + j0;
                if (width == GEMM_NP * LA_NR) {
                    memcpy(acc[ii], ci, sizeof acc[ii]);
                } else {
                    memset(row, 0, sizeof row);
                    memcpy(row, ci, sizeof *row * (size_t)width);
                    memcpy(acc[ii], row, sizeof row);
                }
            }
            if (mr == GEMM_MR && nv == GEMM_NV)
                GEMM_BLOCK(GEMM_MR, GEMM_NV, k, ai, a_row, a_col, bq, b_row, b_panel, acc);
            else
                GEMM_BLOCK(mr, nv, k, ai, a_row, a_col, bq, b_row, b_panel, acc);
            for (int ii = 0; ii < mr; ii++) {
                rt_real *ci = c + (long)(i0 + ii) * ldc + j0;
                if (width == GEMM_NP * LA_NR) {
                    memcpy(ci, acc[ii], sizeof acc[ii]);
                } else {
                    memcpy(row, acc[ii], sizeof row);
                    memcpy(ci, row, sizeof *row * (size_t)width);
                }
            }
        }
    }
}

#undef GEMM_NV
#undef GEMM_BLOCK
#undef GEMM_VEC
#undef GEMM_CAT
#undef GEMM_CAT2
