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

#include <stddef.h>

#include "rnntui/real.h"

/* Hot loops are compiled for AVX-512, AVX2 and plain x86-64 and picked at
 * load time. With -std=c11 the compiler neither contracts a*b+c into FMA nor
 * reorders sums, so every variant computes bit-identical results. */
#if defined(HAVE_TARGET_CLONES) && !defined(RNNTUI_NO_CLONES)
#define RT_HOT __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define RT_HOT
#endif

/* Element-wise helpers of the hot loops: inlined into every clone, so that
 * each is vectorised for that clone's instruction set. */
#if defined(__GNUC__)
#define RT_INLINE static inline __attribute__((always_inline))
#else
#define RT_INLINE static inline
#endif

/* Packed right-hand sides: B (k, n) cut into column panels LA_NR wide,
 * each stored as k contiguous rows of LA_NR values (zero padded), so the
 * inner kernel keeps a LA_MR x LA_NR block of C in registers. */
#define LA_NR 16
#define LA_MR 4
/* Values a packed (k, n) matrix needs. */
size_t la_packed_size(int k, int n);
/* Packs B (k, n) whose element (p, j) is b[p * b_row + j * b_col]:
 * (ldb, 1) for a row-major B, (1, ldb) for the transpose of a stored matrix. */
void la_pack(int k, int n, const rt_real *b, int b_row, int b_col, rt_real *packed);
/* C (m, n) += A B, where B is rows [r, r + k) of a matrix packed with kp rows
 * (pass packed + r * LA_NR; kp = k when all rows are used). A's element
 * (i, p) is a[i * a_row + p * a_col]: (lda, 1) for A stored (m, k), (1, lda)
 * for A^T with A stored (k, m). Each element of C gets its terms added one
 * by one in the order p = 0, 1, ..., as a plain triple loop would. */
void la_gemm_packed(int m, int n, int k, const rt_real *a, int a_row, int a_col,
                    const rt_real *packed, int kp, rt_real *c, int ldc);
/* C (m, n) += A^T * B, A stored (k, m), B stored (k, n) */
void la_gemm_tn(int m, int n, int k, const rt_real *a, int lda,
                const rt_real *b, int ldb, rt_real *c, int ldc);
/* s (n) += column sums of A (k, n) */
void la_colsum(int n, int k, const rt_real *a, int lda, rt_real *s);

#endif
