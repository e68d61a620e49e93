/* test_memory: train_config_memory() against what a job really allocates.
 *
 * Linked with -Wl,--wrap for malloc, calloc, realloc and free, so every
 * allocation of the core (and of this test) goes through the counters
 * below: live bytes and their peak. For configurations dominated by each
 * part (data, activations, parameters; SimpleRNN, LSTM, GRU; 1 and 3
 * threads; loaded weights) the peak of a whole job must stay under the
 * estimate of the job's allocations (the total less the allowance for the
 * rest of the process), and not be below it by more than 15 %.
 * Every byte the job asks for in all stays under the estimate too, so a
 * job that runs the initialisers although loaded weights replace them
 * fails. The pieces are exact: a workspace allocates model_work_bytes(),
 * the orthogonal initialiser's scratch is model_init_scratch_bytes(). */
#include "config.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rnntui/model.h"
#include "rnntui/status.h"
#include "rnntui/train.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

/* Each block carries its size in a header of HDR bytes (alignment kept). */
#define HDR 16
static atomic_ullong live, peak, allocated;    /* allocated: every byte ever asked for */

static void count(long long delta)
{
    if (delta > 0)
        atomic_fetch_add(&allocated, (unsigned long long)delta);
    unsigned long long now = atomic_fetch_add(&live, (unsigned long long)delta) + (unsigned long long)delta;
    unsigned long long p = atomic_load(&peak);
    while (now > p && !atomic_compare_exchange_weak(&peak, &p, now))
        ;
}

void *__wrap_malloc(size_t n)
{
    char *p = __real_malloc(n + HDR);
    if (!p)
        return NULL;
    memcpy(p, &n, sizeof n);
    count((long long)n);
    return p + HDR;
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (size && n > (SIZE_MAX - HDR) / size)
        return NULL;
    size_t bytes = n * size;
    char *p = __real_calloc(1, bytes + HDR);
    if (!p)
        return NULL;
    memcpy(p, &bytes, sizeof bytes);
    count((long long)bytes);
    return p + HDR;
}

void __wrap_free(void *q)
{
    if (!q)
        return;
    char *p = (char *)q - HDR;
    size_t n;
    memcpy(&n, p, sizeof n);
    count(-(long long)n);
    __real_free(p);
}

void *__wrap_realloc(void *q, size_t n)
{
    if (!q)
        return __wrap_malloc(n);
    char *p = (char *)q - HDR;
    size_t old;
    memcpy(&old, p, sizeof old);
    char *r = __real_realloc(p, n + HDR);
    if (!r)
        return NULL;
    memcpy(r, &n, sizeof n);
    count((long long)n - (long long)old);
    return r + HDR;
}

static void reset_peak(void)
{
    atomic_store(&peak, atomic_load(&live));
}

static const char *part_name(const struct train_memory *m)
{
    uint64_t big = m->data;
    const char *name = "data";
    if (m->model > big) { big = m->model; name = "model"; }
    if (m->work > big) { big = m->work; name = "work"; }
    if (m->other > big) name = "other";
    return name;
}

/* One whole job of cfg (epochs as given): its peak of live bytes against
 * the estimate. `dominant` names the part the configuration is meant to
 * stress, so the test covers each. */
static void check_job(const char *what, struct train_config cfg, bool with_weights,
                      const char *dominant)
{
    unsigned long long base = atomic_load(&live), before = atomic_load(&allocated);
    reset_peak();
    rt_real *w = NULL;
    if (with_weights) {                     /* the caller's copy, as --load-weights holds it */
        size_t np = model_param_count(&cfg.model);
        w = malloc(sizeof *w * np);
        for (size_t i = 0; w && i < np; i++)
            w[i] = (rt_real)(0.001 * ((double)(i % 13) - 6));
        cfg.init_params = w;
    }
    struct train_memory est;
    train_config_memory(&cfg, &est);
    CHECK(est.total == est.data + est.model + est.work + est.other + est.overhead);
    CHECK(est.overhead >= TRAIN_MEMORY_BASE && est.overhead < TRAIN_MEMORY_BASE + est.total / 16);
    est.total -= est.overhead;             /* what the counters see */
    struct train_job *job;
    int st = train_job_start(&cfg, &job);
    CHECKF(st == RT_OK, "%s: start %d", what, st);
    if (st != RT_OK) {
        free(w);
        return;
    }
    st = train_job_join(job);
    CHECKF(st == RT_OK, "%s: join %d", what, st);
    train_job_free(job);
    free(w);
    unsigned long long used = atomic_load(&peak) - base;
    unsigned long long ever = atomic_load(&allocated) - before;
    printf("%-28s estimate %12llu  peak %12llu  ratio %.3f  (data %llu model %llu work %llu other %llu)\n",
           what, (unsigned long long)est.total, used, (double)est.total / (double)used,
           (unsigned long long)est.data, (unsigned long long)est.model,
           (unsigned long long)est.work, (unsigned long long)est.other);
    CHECKF(used <= est.total, "%s: peak %llu above the estimate %llu", what, used,
           (unsigned long long)est.total);
    CHECKF((double)est.total <= 1.15 * (double)used, "%s: estimate %llu more than 1.15 x peak %llu",
           what, (unsigned long long)est.total, used);
    /* Nothing is allocated twice (not in the training loop, and no
     * initialiser scratch when loaded weights replace the initialisers),
     * but the initialiser's scratch once per layer. */
    const unsigned long long scratch = with_weights ? 0
        : (unsigned long long)(cfg.model.layers - 1) * model_init_scratch_bytes(&cfg.model);
    CHECKF(ever <= est.total + scratch, "%s: %llu bytes allocated in all, above the estimate %llu + %llu",
           what, ever, (unsigned long long)est.total, scratch);
    CHECKF(!strcmp(part_name(&est), dominant), "%s: largest part %s, expected %s", what,
           part_name(&est), dominant);
    CHECK(atomic_load(&live) == base);     /* and the job gave everything back */
}

/* model_work_new() allocates exactly model_work_bytes(). */
static void check_work(enum cell_kind cell, int units, int layers, int batch, int length)
{
    struct model_config mc = { cell, units, layers, 2 };
    struct model *m;
    CHECK(model_alloc(&mc, &m) == RT_OK);
    unsigned long long before = atomic_load(&live);
    struct model_work *w;
    CHECK(model_work_new(m, batch, length, &w) == RT_OK);
    unsigned long long got = atomic_load(&live) - before;
    CHECKF(got == model_work_bytes(&mc, batch, length), "cell %d units %d: work %llu, estimate %zu",
           (int)cell, units, got, model_work_bytes(&mc, batch, length));
    model_work_free(w);
    /* the initialiser's scratch: its peak above the model */
    before = atomic_load(&live);
    reset_peak();
    struct rng r;
    rng_seed(&r, 3, RNG_STREAM_INIT);
    CHECK(model_init(m, &r, NULL) == RT_OK);
    got = atomic_load(&peak) - before;
    CHECKF(got == model_init_scratch_bytes(&mc), "cell %d units %d: init scratch %llu, estimate %zu",
           (int)cell, units, got, model_init_scratch_bytes(&mc));
    model_free(m);
}

int main(void)
{
    for (int cell = 0; cell < CELL_COUNT; cell++) {
        check_work((enum cell_kind)cell, 1, 1, 1, 2);
        check_work((enum cell_kind)cell, 30, 2, 16, 100);
        check_work((enum cell_kind)cell, 77, 3, 5, 13);
    }

    struct train_config base;
    train_config_default(&base);
    base.epochs = 1;

    struct train_config c = base;          /* the data set dominates */
    c.model.units = 4;
    c.model.layers = 1;
    c.data.samples = 200000;
    c.data.length = 60;
    c.batch_size = 4096;
    c.threads = 1;
    c.epochs = 0;
    check_job("data: 200000 x 60", c, false, "data");

    c = base;                              /* the activations dominate */
    c.model.units = 64;
    c.model.layers = 3;
    c.data.samples = 20;
    c.data.length = 1000;
    c.batch_size = 13;                     /* all 13 training samples */
    c.threads = 3;
    check_job("work: LSTM 3 x 64, T 1000", c, false, "work");
    c.model.cell = CELL_GRU;
    c.threads = 1;
    check_job("work: GRU 3 x 64, T 1000", c, false, "work");
    c.model.cell = CELL_RNN;
    c.model.units = 200;
    check_job("work: RNN 3 x 200, T 1000", c, false, "work");

    c = base;                              /* the parameters dominate */
    c.model.units = 512;
    c.model.layers = 2;
    c.data.samples = 20;
    c.data.length = 2;
    c.batch_size = 13;
    c.threads = 2;
    check_job("model: LSTM 2 x 512", c, false, "model");
    check_job("model: loaded weights", c, true, "model");
    c.model.cell = CELL_GRU;
    c.epochs = 0;
    check_job("model: GRU 2 x 512, 0 epochs", c, false, "model");
    return check_finish();
}
