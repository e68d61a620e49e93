#include "config.h"

#include "linalg.h"

#include <pthread.h>
#include <stdbool.h>
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

/* la_gemm's kernel, once per instruction set (gemm_kernel.h). */
#define GEMM_TARGET
#define GEMM_NAME gemm_x86_64
#define GEMM_VW (16 / (int)sizeof(rt_real))
#define GEMM_MR 2
#define GEMM_NP 1
#include "gemm_kernel.h"
#undef GEMM_NAME
#undef GEMM_VW
#undef GEMM_MR
#undef GEMM_NP
#undef GEMM_TARGET

#if defined(__x86_64__) && defined(__GNUC__)
#define LA_DISPATCH 1
/* AVX2 + FMA: 8 ymm accumulators */
#define GEMM_TARGET __attribute__((target("avx2,fma")))
#define GEMM_NAME gemm_avx2
#define GEMM_VW (32 / (int)sizeof(rt_real))
#define GEMM_MR 4
#define GEMM_NP 1
#include "gemm_kernel.h"
#undef GEMM_NAME
#undef GEMM_VW
#undef GEMM_MR
#undef GEMM_NP
#undef GEMM_TARGET
/* AVX-512: 8 zmm accumulators */
#define GEMM_TARGET __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
#define GEMM_NAME gemm_avx512
#define GEMM_VW (64 / (int)sizeof(rt_real))
#define GEMM_MR 4
#define GEMM_NP 2
#include "gemm_kernel.h"
#undef GEMM_NAME
#undef GEMM_VW
#undef GEMM_MR
#undef GEMM_NP
#undef GEMM_TARGET
#endif

typedef void gemm_fn(int, int, int, const rt_real *, int, int, const rt_real *, int, int,
                     rt_real *, int);
static gemm_fn *gemm_impl = gemm_x86_64;
static const char *gemm_isa = "x86-64 (SSE2)";
static pthread_once_t gemm_once = PTHREAD_ONCE_INIT;

static const struct {
    const char *name, *label;
    gemm_fn *fn;
} gemm_variants[] = {
#ifdef LA_DISPATCH
    { "avx512", "AVX-512 + FMA", gemm_avx512 },
    { "avx2", "AVX2 + FMA", gemm_avx2 },
#endif
    { "x86-64", "x86-64 (SSE2)", gemm_x86_64 },
};
#define GEMM_VARIANTS (int)(sizeof gemm_variants / sizeof *gemm_variants)

static bool gemm_supported(int i)
{
#ifdef LA_DISPATCH
    __builtin_cpu_init();
    const bool v3 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (gemm_variants[i].fn == gemm_avx512)
        return v3 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
    if (gemm_variants[i].fn == gemm_avx2)
        return v3;
#endif
    return gemm_variants[i].fn == gemm_x86_64;
}

/* The widest variant this CPU runs. */
static void gemm_choose(void)
{
    for (int i = 0; i < GEMM_VARIANTS; i++)
        if (gemm_supported(i)) {
            gemm_impl = gemm_variants[i].fn;
            gemm_isa = gemm_variants[i].label;
            return;
        }
}

const char *la_isa(void)
{
    pthread_once(&gemm_once, gemm_choose);
    return gemm_isa;
}

int la_set_isa(const char *name)
{
    pthread_once(&gemm_once, gemm_choose);
    for (int i = 0; i < GEMM_VARIANTS; i++)
        if (!strcmp(name, gemm_variants[i].name)) {
            if (!gemm_supported(i))
                return -1;
            gemm_impl = gemm_variants[i].fn;
            gemm_isa = gemm_variants[i].label;
            return 0;
        }
    return -1;
}

void la_gemm(int m, int n, int k, const rt_real *a, int a_row, int a_col,
             const rt_real *b, int b_row, int b_panel, rt_real *c, int ldc)
{
    pthread_once(&gemm_once, gemm_choose);
    gemm_impl(m, n, k, a, a_row, a_col, b, b_row, b_panel, c, ldc);
}
