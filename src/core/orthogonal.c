#include "config.h"

#include "orthogonal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/status.h"
#include "linalg.h"

/* Columns of A orthogonalised together: the products against the earlier
 * columns then read each earlier column once per block and pass. */
#define ORTH_BLOCK 32
/* Values of a row handled at once in the products: 4 + 2 rows of this
 * many doubles (24 KiB) stay in the L1 cache. */
#define ORTH_TILE 512
/* Doubles per vector; rows are padded to a multiple of ORTH_PAD. */
#define ORTH_VW 4
#define ORTH_PAD 8

/* Unaligned, may alias the double buffers; used only inside RT_HOT
 * functions, so that each clone keeps the vectors in its own registers. */
typedef double orth_vec __attribute__((vector_size(ORTH_VW * sizeof(double)), aligned(8), may_alias));
#define LOAD(p) (*(const orth_vec *)(const void *)(p))
#define STORE(p, v) (*(orth_vec *)(void *)(p) = (v))
#define HSUM(v) (((v)[0] + (v)[1]) + ((v)[2] + (v)[3]))

static size_t padded(int m)
{
    return ((size_t)m + ORTH_PAD - 1) / ORTH_PAD * ORTH_PAD;
}

size_t orthogonal_scratch_bytes(int rows, int cols)
{
    const int M = rows > cols ? rows : cols, N = rows > cols ? cols : rows;
    return sizeof(double) * (padded(M) * (size_t)N + (size_t)N * ORTH_BLOCK);
}

static bool cancelled(const atomic_bool *cancel)
{
    return cancel && atomic_load_explicit(cancel, memory_order_relaxed);
}

/* x . y over n values (n a multiple of ORTH_VW). */
RT_HOT
static double dot(const double *x, const double *y, size_t n)
{
    orth_vec s0 = { 0 }, s1 = { 0 };
    size_t m = 0;
    for (; m + 2 * ORTH_VW <= n; m += 2 * ORTH_VW) {
        s0 += LOAD(x + m) * LOAD(y + m);
        s1 += LOAD(x + m + ORTH_VW) * LOAD(y + m + ORTH_VW);
    }
    for (; m < n; m += ORTH_VW)
        s0 += LOAD(x + m) * LOAD(y + m);
    return HSUM(s0 + s1);
}

/* c[i][k] += q_i . a_k over values [m0, m1), for i < ni (a multiple of 4)
 * and k < nk; rows ld apart, c (ni, ORTH_BLOCK). */
RT_HOT
static void block_dots(const double *q, int ni, const double *a, int nk, size_t ld,
                       size_t m0, size_t m1, double *c)
{
    for (int i = 0; i < ni; i += 4) {
        const double *q0 = q + (size_t)i * ld, *q1 = q0 + ld, *q2 = q1 + ld, *q3 = q2 + ld;
        int k = 0;
        for (; k + 2 <= nk; k += 2) {
            const double *a0 = a + (size_t)k * ld, *a1 = a0 + ld;
            orth_vec s00 = { 0 }, s10 = { 0 }, s20 = { 0 }, s30 = { 0 };
            orth_vec s01 = { 0 }, s11 = { 0 }, s21 = { 0 }, s31 = { 0 };
            for (size_t m = m0; m < m1; m += ORTH_VW) {
                orth_vec x0 = LOAD(a0 + m), x1 = LOAD(a1 + m);
                orth_vec y0 = LOAD(q0 + m), y1 = LOAD(q1 + m), y2 = LOAD(q2 + m), y3 = LOAD(q3 + m);
                s00 += y0 * x0; s10 += y1 * x0; s20 += y2 * x0; s30 += y3 * x0;
                s01 += y0 * x1; s11 += y1 * x1; s21 += y2 * x1; s31 += y3 * x1;
            }
            double *ci = c + (size_t)i * ORTH_BLOCK + k;
            ci[0] += HSUM(s00); ci[ORTH_BLOCK] += HSUM(s10);
            ci[2 * ORTH_BLOCK] += HSUM(s20); ci[3 * ORTH_BLOCK] += HSUM(s30);
            ci[1] += HSUM(s01); ci[1 + ORTH_BLOCK] += HSUM(s11);
            ci[1 + 2 * ORTH_BLOCK] += HSUM(s21); ci[1 + 3 * ORTH_BLOCK] += HSUM(s31);
        }
        for (; k < nk; k++)
            for (int ii = 0; ii < 4; ii++)
                c[(size_t)(i + ii) * ORTH_BLOCK + k] +=
                    dot(q + (size_t)(i + ii) * ld + m0, a + (size_t)k * ld + m0, m1 - m0);
    }
}

/* a_k[m] -= sum_i c[i][k] q_i[m] over values [m0, m1), i < ni (a multiple
 * of 4), k < nk. */
RT_HOT
static void block_update(const double *q, int ni, double *a, int nk, size_t ld,
                         size_t m0, size_t m1, const double *c)
{
    for (int i = 0; i < ni; i += 4) {
        const double *q0 = q + (size_t)i * ld, *q1 = q0 + ld, *q2 = q1 + ld, *q3 = q2 + ld;
        const double *ci = c + (size_t)i * ORTH_BLOCK;
        int k = 0;
        for (; k + 2 <= nk; k += 2) {
            double *a0 = a + (size_t)k * ld, *a1 = a0 + ld;
            const double c00 = ci[k], c10 = ci[ORTH_BLOCK + k];
            const double c20 = ci[2 * ORTH_BLOCK + k], c30 = ci[3 * ORTH_BLOCK + k];
            const double c01 = ci[k + 1], c11 = ci[ORTH_BLOCK + k + 1];
            const double c21 = ci[2 * ORTH_BLOCK + k + 1], c31 = ci[3 * ORTH_BLOCK + k + 1];
            for (size_t m = m0; m < m1; m += ORTH_VW) {
                orth_vec y0 = LOAD(q0 + m), y1 = LOAD(q1 + m), y2 = LOAD(q2 + m), y3 = LOAD(q3 + m);
                STORE(a0 + m, LOAD(a0 + m) - (y0 * c00 + y1 * c10 + y2 * c20 + y3 * c30));
                STORE(a1 + m, LOAD(a1 + m) - (y0 * c01 + y1 * c11 + y2 * c21 + y3 * c31));
            }
        }
        for (; k < nk; k++) {
            double *a0 = a + (size_t)k * ld;
            const double c00 = ci[k], c10 = ci[ORTH_BLOCK + k];
            const double c20 = ci[2 * ORTH_BLOCK + k], c30 = ci[3 * ORTH_BLOCK + k];
            for (size_t m = m0; m < m1; m += ORTH_VW) {
                orth_vec y0 = LOAD(q0 + m), y1 = LOAD(q1 + m), y2 = LOAD(q2 + m), y3 = LOAD(q3 + m);
                STORE(a0 + m, LOAD(a0 + m) - (y0 * c00 + y1 * c10 + y2 * c20 + y3 * c30));
            }
        }
    }
}

/* Rows a[0..nk) -= their projection on the orthonormal rows q[0..ni)
 * (classical Gram-Schmidt: every coefficient from the rows as they come in).
 * Looks at *cancel between tiles (at most 4 * ORTH_BLOCK * ORTH_TILE * ni
 * flops, some 30 MFLOP at 1024 units); false when it was set. */
static bool project_out(const double *q, int ni, double *a, int nk, size_t ld, double *c,
                        const atomic_bool *cancel)
{
    memset(c, 0, sizeof *c * (size_t)ni * ORTH_BLOCK);
    for (size_t m0 = 0; m0 < ld; m0 += ORTH_TILE) {
        size_t m1 = m0 + ORTH_TILE < ld ? m0 + ORTH_TILE : ld;
        if (cancelled(cancel))
            return false;
        block_dots(q, ni, a, nk, ld, m0, m1, c);
    }
    for (size_t m0 = 0; m0 < ld; m0 += ORTH_TILE) {
        size_t m1 = m0 + ORTH_TILE < ld ? m0 + ORTH_TILE : ld;
        if (cancelled(cancel))
            return false;
        block_update(q, ni, a, nk, ld, m0, m1, c);
    }
    return true;
}

/* Modified Gram-Schmidt on rows a[0..nk): each against the ones before it,
 * then divided by its norm. */
RT_HOT
static void mgs_rows(double *a, int nk, size_t ld)
{
    for (int k = 0; k < nk; k++) {
        double *ak = a + (size_t)k * ld;
        for (int i = 0; i < k; i++) {
            const double *ai = a + (size_t)i * ld;
            const double d = dot(ai, ak, ld);
            for (size_t m = 0; m < ld; m++)
                ak[m] -= d * ai[m];
        }
        const double norm = sqrt(dot(ak, ak, ld));
        for (size_t m = 0; m < ld; m++)
            ak[m] /= norm;
    }
}

int orthogonal_init(struct rng *r, rt_real *w, int rows, int cols, const atomic_bool *cancel)
{
    const int M = rows > cols ? rows : cols, N = rows > cols ? cols : rows;
    const size_t ld = padded(M);
    /* qt (N, ld): row j is column j of A (M, N), zero padded */
    double *qt = calloc(padded(M) * (size_t)N, sizeof *qt);
    double *c = malloc(sizeof *c * (size_t)N * ORTH_BLOCK);   /* (N, ORTH_BLOCK) */
    if (!qt || !c) {
        free(qt);
        free(c);
        return RT_ENOMEM;
    }
    int st = RT_OK;
    /* A's elements in row-major draw order, as numpy's normal(size=(M, N)). */
    for (int k = 0; k < M && st == RT_OK; k++) {
        if (k % 16 == 0 && cancelled(cancel))
            st = RT_ECANCELED;
        for (int j = 0; j < N; j++)
            qt[(size_t)j * ld + k] = rng_normal(r);
    }
    /* BCGS2: each block against the finished ones, then within itself, twice. */
    for (int j0 = 0; j0 < N && st == RT_OK; j0 += ORTH_BLOCK) {
        if (cancelled(cancel)) {
            st = RT_ECANCELED;
            break;
        }
        const int nb = N - j0 < ORTH_BLOCK ? N - j0 : ORTH_BLOCK;
        double *a = qt + (size_t)j0 * ld;
        for (int pass = 0; pass < 2 && st == RT_OK; pass++) {
            if (j0 > 0 && !project_out(qt, j0, a, nb, ld, c, cancel))
                st = RT_ECANCELED;
            else
                mgs_rows(a, nb, ld);
        }
    }
    if (st == RT_OK) {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                w[(size_t)i * cols + j] = (rt_real)(rows >= cols ? qt[(size_t)j * ld + i]
                                                                 : qt[(size_t)i * ld + j]);
    }
    free(qt);
    free(c);
    return st;
}
