/*
 * linalg.h - the few dense matrix products the cells need.
 *
 * Row-major matrices with explicit leading dimensions. Every routine adds
 * into C (C += ...), so callers zero or pre-fill C. The order of the sums is
 * fixed by the code, never by the data or the thread count, so a result is
 * reproducible bit for bit.
 */
#ifndef RNNTUI_LINALG_H
#define RNNTUI_LINALG_H

#include "rnntui/real.h"

/* C (m, n) += A (m, k) * B (k, n) */
void la_gemm_nn(int m, int n, int k, const rt_real *a, int lda,
                const rt_real *b, int ldb, rt_real *c, int ldc);
/* C (m, n) += A (m, k) * B^T, B stored (n, k) */
void la_gemm_nt(int m, int n, int k, const rt_real *a, int lda,
                const rt_real *b, int ldb, rt_real *c, int ldc);
/* C (m, n) += A^T * B, A stored (k, m), B stored (k, n) */
void la_gemm_tn(int m, int n, int k, const rt_real *a, int lda,
                const rt_real *b, int ldb, rt_real *c, int ldc);
/* s (n) += column sums of A (k, n) */
void la_colsum(int n, int k, const rt_real *a, int lda, rt_real *s);

#endif
