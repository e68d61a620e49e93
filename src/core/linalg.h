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

/* Hot loops are compiled for x86-64-v4 (AVX-512), x86-64-v3 (AVX2 + FMA)
 * and plain x86-64, and the loader picks one for the CPU. The build lets
 * the compiler contract a*b+c into FMA (-ffp-contract=fast) but never
 * reorder sums, so a machine always runs the same variant and the same
 * rounding: results are reproducible bit for bit on it, and agree across
 * machines to float rounding. */
/* clang 14 does not export target_clones functions to other files, so
 * clang builds compile them once; la_gemm() still dispatches at run time. */
#if defined(HAVE_TARGET_CLONES) && !defined(RNNTUI_NO_CLONES) && !defined(__clang__)
#define RT_HOT __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
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

/* A padded index range of count * stride indices: index blk * stride + j
 * stands for source index blk * width + j when j < width and for a zero when
 * width <= j < stride. The cells pad each gate block of units to a multiple
 * of LA_NR this way, so their element-wise loops run on whole vectors. */
struct la_blocks {
    int count, width, stride;
};
/* la_pack with padded rows and columns: B has rows.count * rows.stride rows
 * and cols.count * cols.stride columns. */
void la_pack_blocks(struct la_blocks rows, struct la_blocks cols, const rt_real *b,
                    int b_row, int b_col, rt_real *packed);

/* C (m, n) += A B. A's element (i, p) is a[i * a_row + p * a_col]: (lda, 1)
 * for A stored (m, k), (1, lda) for A^T with A stored (k, m). B is read in
 * panels of LA_NR columns: element (p, j) is b[q * b_panel + p * b_row + jj]
 * with q = j / LA_NR, jj = j % LA_NR. For a packed matrix of kp rows that is
 * b_row = LA_NR, b_panel = kp * LA_NR (see la_gemm_packed); a row-major
 * matrix whose n is a multiple of LA_NR is used as it is with b_row = ldb,
 * b_panel = LA_NR. Each element of C gets its terms added one by one in the
 * order p = 0, 1, ..., as a plain triple loop would. */
void la_gemm(int m, int n, int k, const rt_real *a, int a_row, int a_col,
             const rt_real *b, int b_row, int b_panel, rt_real *c, int ldc);

/* The instruction set la_gemm() runs on, e.g. "AVX2 + FMA": by default the
 * widest this CPU has, so a machine always computes the same way. */
const char *la_isa(void);
/* Selects a variant by name ("avx512", "avx2", "x86-64") for tests and
 * benchmarks, before any work starts; 0, or -1 if this CPU lacks it. */
int la_set_isa(const char *name);

/* la_gemm with B as rows [r, r + k) of a matrix packed with kp rows
 * (pass packed + r * LA_NR; kp = k when all rows are used). */
static inline void la_gemm_packed(int m, int n, int k, const rt_real *a, int a_row, int a_col,
                                  const rt_real *packed, int kp, rt_real *c, int ldc)
{
    la_gemm(m, n, k, a, a_row, a_col, packed, LA_NR, kp * LA_NR, c, ldc);
}

/* s (n) += column sums of A (k, n) */
void la_colsum(int n, int k, const rt_real *a, int lda, rt_real *s);

#endif
