#include "config.h"

#include "bench.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "rnntui/status.h"
#include "core/linalg.h"
#include "rnntui/train.h"
#include "runfiles.h"
#include "memlimit.h"

/* FLOPs of the matrix products for one sequence's forward pass:
 * T * sum over layers of 2 (n_in + units) k units, plus 2 units for Dense.
 * Training one sequence costs three times that (forward, then the products
 * for dh, dW, dU and dx in the backward pass); validation costs one. */
static double forward_flops(const struct train_config *cfg)
{
    const struct model_config *m = &cfg->model;
    double per_step = 0;
    for (int l = 0; l < m->layers; l++) {
        int n_in = l == 0 ? m->inputs : m->units;
        per_step += 2.0 * (n_in + m->units) * cell_gates(m->cell) * m->units;
    }
    return cfg->data.length * per_step + 2.0 * m->units;
}

static double epoch_flops(const struct train_config *cfg)
{
    struct data_split sp;
    data_split(cfg->data.samples, &sp);
    return forward_flops(cfg) * (3.0 * (sp.train_end - sp.train_begin) + (sp.val_end - sp.val_begin));
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The machine's peak for the instruction set the core uses: 12 independent
 * chains of vector fused multiply-adds (plain multiply-adds without FMA),
 * with vectors as wide as the set's registers. */
#define PEAK_KERNEL(NAME, TARGET, BYTES)                                        \
    typedef float NAME##_vec __attribute__((vector_size(BYTES)));              \
    TARGET static double NAME(long iters)                                      \
    {                                                                           \
        NAME##_vec acc[12], x, y;                                               \
        for (int i = 0; i < (int)(BYTES / sizeof(float)); i++) {                \
            x[i] = 1.0f + 1e-7f * (float)i;                                     \
            y[i] = 1e-8f;                                                       \
        }                                                                       \
        for (int k = 0; k < 12; k++)                                            \
            acc[k] = x * (float)k;                                              \
        for (long n = 0; n < iters; n++)                                        \
            for (int k = 0; k < 12; k++)                                        \
                acc[k] = acc[k] * x + y;                                        \
        float s = 0;                                                            \
        for (int k = 0; k < 12; k++)                                            \
            for (int i = 0; i < (int)(BYTES / sizeof(float)); i++)              \
                s += acc[k][i];                                                 \
        return s;                                                               \
    }

PEAK_KERNEL(peak_sse2, , 16)
#if defined(__x86_64__) && defined(__GNUC__)
PEAK_KERNEL(peak_avx2, __attribute__((target("avx2,fma"))), 32)
PEAK_KERNEL(peak_avx512, __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma"))), 64)
#endif

static double measure_peak(void)
{
    double (*kernel)(long) = peak_sse2;
    double lanes = 4;
#if defined(__x86_64__) && defined(__GNUC__)
    if (!strcmp(la_isa(), "AVX-512 + FMA")) {
        kernel = peak_avx512;
        lanes = 16;
    } else if (!strcmp(la_isa(), "AVX2 + FMA")) {
        kernel = peak_avx2;
        lanes = 8;
    }
#endif
    const long iters = 10000000;
    volatile double sink = kernel(1000);
    double best = 0;
    for (int r = 0; r < 3; r++) {
        double t0 = now();
        sink += kernel(iters);
        double t = now() - t0;
        double gf = 2.0 * 12 * lanes * iters / t / 1e9;
        if (gf > best)
            best = gf;
    }
    (void)sink;
    return best;
}

/* GFLOP/s of la_gemm() on the shape of one LSTM recurrent step of the
 * configured model: (16 x units) times (units x 4 up), packed, in cache. */
static double kernel_gflops(int units)
{
    const int m = 16, k = units, n = 4 * ((units + LA_NR - 1) / LA_NR * LA_NR);
    rt_real *a = calloc((size_t)m * k, sizeof *a), *c = calloc((size_t)m * n, sizeof *c);
    rt_real *b = calloc((size_t)k * n, sizeof *b), *pk = calloc(la_packed_size(k, n), sizeof *pk);
    double best = 0;
    if (a && b && c && pk) {
        for (int i = 0; i < m * k; i++)
            a[i] = (rt_real)(i % 7) * 0.01f;
        for (int i = 0; i < k * n; i++)
            b[i] = (rt_real)(i % 5) * 0.01f;
        la_pack(k, n, b, n, 1, pk);
        const long reps = 2000000000L / (2L * m * n * k) + 1;
        for (int r = 0; r < 3; r++) {
            double t0 = now();
            for (long i = 0; i < reps; i++)
                la_gemm_packed(m, n, k, a, k, 1, pk, k, c, n);
            double gf = 2.0 * m * n * k * reps / (now() - t0) / 1e9;
            if (gf > best)
                best = gf;
        }
    }
    free(a);
    free(b);
    free(c);
    free(pk);
    return best;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Median seconds per epoch over the measured epochs, or a negative status. */
static double time_epochs(const struct train_config *base, int threads, bool gradients)
{
    struct train_config cfg = *base;
    cfg.threads = threads;
    cfg.gradients = gradients;
    cfg.epochs = 1 + BENCH_EPOCHS;
    struct train_job *job;
    int st = train_job_start(&cfg, &job);
    if (st != RT_OK)
        return st;
    st = train_job_join(job);
    double median = st;
    if (st == RT_OK) {
        float s[BENCH_EPOCHS];
        memcpy(s, train_job_progress(job)->seconds + 1, sizeof s);
        qsort(s, BENCH_EPOCHS, sizeof *s, cmp_float);
        median = s[BENCH_EPOCHS / 2];
    }
    train_job_free(job);
    return median;
}

/* The cost of recording gradient flow (--gradients): each cell's seconds
 * per epoch without and with it, on every core. The two are timed in
 * turns, BENCH_ROUNDS times each, and the smallest median of each kept, so
 * that load from other programs falls on both alike. */
#define BENCH_ROUNDS 3
static int bench_gradients(const struct options *opts, int cores)
{
    printf("\ngradient recording (--gradients), %d thread%s: median s/epoch, best of %d\n",
           cores, cores == 1 ? "" : "s", BENCH_ROUNDS);
    printf("%-9s %10s %10s %8s\n", "cell", "without", "with", "ratio");
    for (int c = 0; c < CELL_COUNT; c++) {
        struct train_config cfg = opts->train;
        cfg.model.cell = (enum cell_kind)c;
        double best[2] = { 0, 0 };
        for (int r = 0; r < BENCH_ROUNDS; r++) {
            for (int g = 0; g < 2; g++) {
                double sec = time_epochs(&cfg, cores, g == 1);
                if (sec < 0) {
                    fprintf(stderr, "rnntui: benchmark failed: %s\n", rt_strerror((int)sec));
                    return 1;
                }
                if (r == 0 || sec < best[g])
                    best[g] = sec;
            }
        }
        printf("%-9s %10.4f %10.4f %8.3f\n", cell_name(cfg.model.cell), best[0], best[1],
               best[1] / best[0]);
        fflush(stdout);
    }
    return 0;
}

int bench_run(const struct options *opts)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        cores = 1;
    if (cores > TRAIN_MAX_THREADS)
        cores = TRAIN_MAX_THREADS;
    for (int c = 0; c < CELL_COUNT; c++) {         /* every cell's run on all cores fits */
        struct train_config cfg = opts->train;
        char why[512];
        cfg.model.cell = (enum cell_kind)c;
        cfg.threads = (int)cores;
        if (memlimit_check(opts, &cfg, false, why, sizeof why)) {
            fprintf(stderr, "rnntui: %s (--bench, %s)\n", why, cell_name(cfg.model.cell));
            return 2;
        }
    }
    struct data_split sp;
    data_split(opts->train.data.samples, &sp);
    const int n_seq = sp.val_end - sp.train_begin;

    printf("rnntui %s benchmark: %d layer%s x %d unit%s, batch %d, %d steps, "
           "%d training + %d validation sequences per epoch\n",
           PACKAGE_VERSION, opts->train.model.layers, opts->train.model.layers == 1 ? "" : "s",
           opts->train.model.units, opts->train.model.units == 1 ? "" : "s",
           opts->train.batch_size, opts->train.data.length,
           sp.train_end - sp.train_begin, sp.val_end - sp.val_begin);
    printf("FLOP per epoch = (3 x train + val) x T x sum_l 2 (n_in_l + units) k units"
           "  (k = 1 SimpleRNN, 4 LSTM, 3 GRU)\n");
    double peak1 = measure_peak();
    /* The kernel on each instruction set this CPU runs, widest (the one used) last. */
    const char *isa_names[] = { "x86-64", "avx2", "avx512" };
    char used[32];
    snprintf(used, sizeof used, "%s", la_isa());
    printf("matrix kernel on a (16 x %d) x (%d x %d) step product:",
           opts->train.model.units, opts->train.model.units,
           4 * ((opts->train.model.units + LA_NR - 1) / LA_NR * LA_NR));
    for (size_t i = 0; i < sizeof isa_names / sizeof *isa_names; i++)
        if (la_set_isa(isa_names[i]) == 0)
            printf("  %s %.0f GFLOP/s;", la_isa(), kernel_gflops(opts->train.model.units));
    printf(" training uses %s\n", used);
    printf("peak: %.1f GFLOP/s per core (12 independent chains of %s multiply-adds)\n\n",
           peak1, la_isa());
    if (fflush(stdout) == EOF || ferror(stdout)) {
        runfiles_stdout_error(stderr, errno);     /* no one to show the timings to */
        return 1;
    }

    printf("%-9s %7s %10s %9s %9s %10s %8s\n", "cell", "threads", "s/epoch", "seq/s",
           "GFLOP", "GFLOP/s", "% peak");
    for (int c = 0; c < CELL_COUNT; c++) {
        struct train_config cfg = opts->train;
        cfg.model.cell = (enum cell_kind)c;
        double flops = epoch_flops(&cfg);
        const long counts[2] = { 1, cores };
        for (int k = 0; k < (cores > 1 ? 2 : 1); k++) {
            double sec = time_epochs(&cfg, (int)counts[k], false);
            if (sec < 0) {
                fprintf(stderr, "rnntui: benchmark failed: %s\n", rt_strerror((int)sec));
                return 1;
            }
            double gfs = flops / sec / 1e9;
            printf("%-9s %7ld %10.4f %9.0f %9.2f %10.1f %7.1f%%\n", cell_name(cfg.model.cell),
                   counts[k], sec, n_seq / sec, flops / 1e9, gfs, 100.0 * gfs / (peak1 * counts[k]));
            fflush(stdout);
        }
    }
    if (opts->train.gradients && bench_gradients(opts, (int)cores) != 0)
        return 1;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("\npeak RSS: %.1f MB\n", ru.ru_maxrss / 1024.0);
    if (fflush(stdout) == EOF || ferror(stdout)) {
        runfiles_stdout_error(stderr, errno);
        return 1;
    }
    return 0;
}
