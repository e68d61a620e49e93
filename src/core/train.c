#include "config.h"

#include "rnntui/train.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rnntui/gradflow.h"
#include "rnntui/status.h"
#include "gradflow_impl.h"
#include "optim.h"
#include "pool.h"

/* Sequences per unit of work. Each batch is cut into chunks of this size and
 * their gradients are summed in chunk order, so the arithmetic, and with it
 * every result, is the same whatever the number of threads. */
#define TRAIN_CHUNK 16
_Static_assert(TRAIN_CHUNK == GRADFLOW_CHUNK, "the probe borrows the training workspaces");

struct train_job {
    struct train_config cfg;            /* copy; cfg.init_params points at init_copy */
    rt_real *init_copy;
    struct train_progress progress;
    struct train_result result;

    pthread_mutex_t mu;                 /* guards snap; cv waits */
    pthread_cond_t cv;                  /* epoch published, state or pause changed */
    struct train_snapshot snap;
    atomic_bool cancel, paused;

    pthread_t thread;
    bool joined;
    int status;

    /* Owned by the worker while it runs, by the caller after join. */
    struct model *model;
    struct data_set data;
};

/* What the pool's threads share while training or evaluating. */
struct work_ctx {
    const struct model *model;
    const struct data_set *data;
    struct model_work **work;           /* (threads,) */
    int threads;
    /* the current batch or evaluation range */
    const int *idx;                     /* sample indices, or NULL for a range */
    int first, count;
    rt_real scale;                      /* backward: 1 / batch size */
    rt_real **chunk_grad;               /* (chunks, n_params); NULL: forward only */
    double *chunk_sse;                  /* (chunks,) */
    float *pred;                        /* forward only: (count,) */
    const atomic_bool *cancel;          /* the job's: chunks not yet begun are skipped */
};

/* The gradient-flow probe and the saliency share on the pool (gradflow.h):
 * a workspace of their own per thread, chunks of GRADFLOW_CHUNK summed in
 * chunk order, so the numbers do not depend on the thread count. */
struct probe_ctx {
    const struct model *model;
    const struct data_set *data;
    struct gradflow_work **work;        /* (threads,) */
    int threads;
    int first, count;
    bool saliency;                      /* count marked-step samples, not gradient flow */
    double *chunk_h, *chunk_c;          /* (chunks, layers * T); chunk_c NULL unless LSTM */
    int *chunk_marked;                  /* (chunks,) */
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void train_config_default(struct train_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->model.cell = CELL_LSTM;
    cfg->model.units = MODEL_DEFAULT_UNITS;
    cfg->model.layers = MODEL_DEFAULT_LAYERS;
    cfg->model.inputs = DATA_FEATURES;
    cfg->data.samples = DATA_DEFAULT_SAMPLES;
    cfg->data.length = DATA_DEFAULT_LENGTH;
    cfg->epochs = TRAIN_DEFAULT_EPOCHS;
    cfg->batch_size = TRAIN_DEFAULT_BATCH;
    cfg->learning_rate = TRAIN_DEFAULT_LR;
    cfg->seed = 1;
    cfg->threads = 0;
}

int train_config_check(const struct train_config *cfg, const char **why)
{
    const char *msg = NULL;
    struct data_split sp;
    if (model_config_check(&cfg->model) != RT_OK || cfg->model.inputs != DATA_FEATURES)
        msg = "model: cell, units (1..1024) or layers (1..8) out of range";
    else if (data_config_check(&cfg->data) != RT_OK)
        msg = "data: samples (10..10000000) or length (2..100000) out of range";
    else if (cfg->epochs < 0 || cfg->epochs > TRAIN_MAX_EPOCHS)
        msg = "epochs out of range (0..100000)";
    else if (!(cfg->learning_rate > 0 && cfg->learning_rate <= 1e6))
        msg = "learning rate must be a number in (0, 1e6]";
    else if (cfg->threads < 0 || cfg->threads > TRAIN_MAX_THREADS)
        msg = "threads out of range (0..64)";
    else {
        data_split(cfg->data.samples, &sp);
        if (cfg->batch_size < 1 || cfg->batch_size > sp.train_end - sp.train_begin)
            msg = "batch size must be between 1 and the number of training samples";
        else if (cfg->gradients && (size_t)cfg->epochs > GRADFLOW_MAX_VALUES /
                 gradflow_record_values(&cfg->model, cfg->data.length))
            msg = "gradient record too large: epochs x layers x length (x 2 for LSTM) "
                  "must be at most 4194304";
    }
    if (why)
        *why = msg;
    return msg ? RT_EINVAL : RT_OK;
}

static int online_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    return n > TRAIN_MAX_THREADS ? TRAIN_MAX_THREADS : (int)n;
}

void train_config_memory(const struct train_config *cfg, struct train_memory *out)
{
    memset(out, 0, sizeof *out);
    const uint64_t np = model_param_count(&cfg->model), real = sizeof(rt_real);
    const uint64_t samples = (uint64_t)cfg->data.samples, length = (uint64_t)cfg->data.length;
    const int threads = cfg->threads ? cfg->threads : online_cores();
    const uint64_t chunks = ((uint64_t)cfg->batch_size + TRAIN_CHUNK - 1) / TRAIN_CHUNK;
    struct data_split sp;
    data_split(cfg->data.samples, &sp);
    const uint64_t n_train = (uint64_t)(sp.train_end - sp.train_begin);
    const uint64_t n_val = (uint64_t)(sp.val_end - sp.val_begin);
    const uint64_t n_test = (uint64_t)(sp.test_end - sp.test_begin);
    const uint64_t n_eval = n_val > n_test ? n_val : n_test;
    const uint64_t cap = cfg->epochs > 0 ? (uint64_t)cfg->epochs : 1;

    out->data = samples * length * DATA_FEATURES * sizeof(float) + samples * sizeof(float);
    /* struct model and its parameters; Adam's m and v; the batch gradient
     * and one per chunk; loaded weights: the caller's and the job's copy */
    out->model = sizeof(struct model) + np * real + 2 * (np ? np : 1) * real + np * real
                 + chunks * np * real + (cfg->init_params ? 2 * np * real : 0);
    out->threads = threads;
    out->work_per_thread = model_work_bytes(&cfg->model, TRAIN_CHUNK, cfg->data.length);
    out->work = (uint64_t)threads * (out->work_per_thread + sizeof(struct model_work *));
    out->other = sizeof(struct train_job) + 3 * cap * sizeof(float)     /* progress */
                 + pool_bytes(threads) + chunks * (sizeof(rt_real *) + sizeof(double))
                 + n_train * sizeof(int) + (n_eval ? n_eval : 1) * sizeof(float)
                 + n_test * sizeof(float)                               /* test predictions */
                 + (cfg->init_params ? 0 : model_init_scratch_bytes(&cfg->model));
    if (cfg->gradients) {
        /* the record per epoch and of the final model (h, and c for LSTM);
         * per thread the probe's norms, input gradients and values of a
         * chunk; the chunk sums of the probe set and the test part */
        const uint64_t rec = gradflow_record_values(&cfg->model, cfg->data.length);
        const uint64_t lt = (uint64_t)cfg->model.layers * length, per_h = rec / lt;
        const uint64_t probe_chunks = (GRADFLOW_PROBE_SAMPLES + GRADFLOW_CHUNK - 1) / GRADFLOW_CHUNK;
        out->other += (cap + 1) * rec * sizeof(float)
                      + (uint64_t)threads * (GRADFLOW_CHUNK * (rec * sizeof(double)
                                                               + length * (uint64_t)cfg->model.inputs * real
                                                               + length * real)
                                             + 256)
                      + probe_chunks * per_h * lt * sizeof(double)
                      + ((n_test + GRADFLOW_CHUNK - 1) / GRADFLOW_CHUNK + 1) * sizeof(int);
    }
    const uint64_t counted = out->data + out->model + out->work + out->other;
    out->overhead = TRAIN_MEMORY_BASE + (uint64_t)(threads + 1) * TRAIN_MEMORY_THREAD + counted / 32;
    out->total = counted + out->overhead;
}

/* ---- the per-thread tasks ---- */

static void fill_chunk_inputs(const struct work_ctx *c, int chunk, const float **xs,
                              const float **ys, float *ybuf, int *n)
{
    int begin = chunk * TRAIN_CHUNK;
    int end = begin + TRAIN_CHUNK < c->count ? begin + TRAIN_CHUNK : c->count;
    size_t stride = (size_t)c->data->length * DATA_FEATURES;
    for (int k = begin; k < end; k++) {
        int s = c->idx ? c->idx[k] : c->first + k;
        xs[k - begin] = c->data->x + (size_t)s * stride;
        ybuf[k - begin] = c->data->y[s];
    }
    *ys = ybuf;
    *n = end - begin;
}

static void chunk_task(void *arg, int i)
{
    struct work_ctx *c = arg;
    const int chunks = (c->count + TRAIN_CHUNK - 1) / TRAIN_CHUNK;
    const float *xs[TRAIN_CHUNK], *ys;
    float ybuf[TRAIN_CHUNK];
    rt_real pred[TRAIN_CHUNK];
    for (int k = i; k < chunks; k += c->threads) {
        if (atomic_load_explicit(c->cancel, memory_order_relaxed))
            return;
        int n;
        fill_chunk_inputs(c, k, xs, &ys, ybuf, &n);
        model_forward(c->model, c->work[i], xs, n, pred);
        if (c->chunk_grad) {
            memset(c->chunk_grad[k], 0, sizeof **c->chunk_grad * c->model->n_params);
            c->chunk_sse[k] = model_backward(c->model, c->work[i], ys, c->scale, c->chunk_grad[k]);
        } else {
            for (int j = 0; j < n; j++)
                c->pred[k * TRAIN_CHUNK + j] = (float)pred[j];
        }
    }
}

static void probe_task(void *arg, int i)
{
    struct probe_ctx *c = arg;
    const int chunks = (c->count + GRADFLOW_CHUNK - 1) / GRADFLOW_CHUNK;
    const size_t lt = (size_t)c->model->cfg.layers * c->data->length;
    const size_t stride = (size_t)c->data->length * DATA_FEATURES;
    for (int k = i; k < chunks; k += c->threads) {
        const int first = c->first + k * GRADFLOW_CHUNK;
        const int n = c->count - k * GRADFLOW_CHUNK < GRADFLOW_CHUNK
                      ? c->count - k * GRADFLOW_CHUNK : GRADFLOW_CHUNK;
        if (c->saliency) {
            c->chunk_marked[k] = gradflow_work_marked(c->work[i], c->model, c->data, first, n);
            continue;
        }
        const float *x[GRADFLOW_CHUNK];
        for (int b = 0; b < n; b++)
            x[b] = c->data->x + (size_t)(first + b) * stride;
        gradflow_work_flow(c->work[i], c->model, x, c->data->y + first, n, c->chunk_h + k * lt,
                           c->chunk_c ? c->chunk_c + k * lt : NULL);
    }
}

/* Mean gradient flow over the probe set into h and c (layers, T). */
static void probe_flow(struct pool *pool, struct probe_ctx *c, float *h, float *c_out)
{
    const int chunks = (c->count + GRADFLOW_CHUNK - 1) / GRADFLOW_CHUNK;
    const size_t lt = (size_t)c->model->cfg.layers * c->data->length;
    c->saliency = false;
    pool_run(pool, probe_task, c);
    for (size_t j = 0; j < lt; j++) {
        double sh = 0, sc = 0;
        for (int k = 0; k < chunks; k++) {
            sh += c->chunk_h[k * lt + j];
            if (c->chunk_c)
                sc += c->chunk_c[k * lt + j];
        }
        h[j] = (float)(sh / c->count);
        if (c->chunk_c)
            c_out[j] = (float)(sc / c->count);
    }
}

/* Predictions for samples [first, first + count) into pred: RT_OK, or
 * RT_ECANCELED when the job was cancelled meanwhile (pred incomplete). */
static int predict_range(struct pool *pool, struct work_ctx *c, int first, int count, float *pred)
{
    c->idx = NULL;
    c->first = first;
    c->count = count;
    c->chunk_grad = NULL;
    c->pred = pred;
    pool_run(pool, chunk_task, c);
    return atomic_load(c->cancel) ? RT_ECANCELED : RT_OK;
}

static double mse_of(const float *pred, const float *y, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double e = (double)pred[i] - (double)y[i];
        s += e * e;
    }
    return n ? s / n : 0;
}

/* ---- the worker ---- */

static void set_state(struct train_job *job, enum train_state st)
{
    pthread_mutex_lock(&job->mu);
    job->snap.state = st;
    atomic_store_explicit(&job->progress.state, st, memory_order_release);
    pthread_cond_broadcast(&job->cv);
    pthread_mutex_unlock(&job->mu);
}

/* Blocks while paused; returns true when the job should stop. */
static bool should_stop(struct train_job *job, double *paused_time)
{
    if (atomic_load(&job->cancel))
        return true;
    if (!atomic_load(&job->paused))
        return false;
    double t0 = now_seconds();
    pthread_mutex_lock(&job->mu);
    job->snap.state = TRAIN_PAUSED;
    atomic_store_explicit(&job->progress.state, TRAIN_PAUSED, memory_order_release);
    pthread_cond_broadcast(&job->cv);
    while (atomic_load(&job->paused) && !atomic_load(&job->cancel))
        pthread_cond_wait(&job->cv, &job->mu);
    job->snap.state = TRAIN_RUNNING;
    atomic_store_explicit(&job->progress.state, TRAIN_RUNNING, memory_order_release);
    pthread_mutex_unlock(&job->mu);
    *paused_time += now_seconds() - t0;
    return atomic_load(&job->cancel);
}

struct trainer {
    struct pool *pool;
    struct work_ctx ctx;
    struct optim opt;
    rt_real *grad;                      /* (n_params,) */
    rt_real *chunk_grad_block;          /* (chunks, n_params) */
    rt_real **chunk_grad;
    double *chunk_sse;
    int *order;                         /* (n_train,) shuffled sample indices */
    float *pred;                        /* (max(n_val, n_test),) */
    struct probe_ctx probe;             /* when cfg.gradients */
};

static void trainer_fini(struct trainer *t)
{
    if (t->ctx.work)
        for (int i = 0; i < t->ctx.threads; i++)
            model_work_free(t->ctx.work[i]);
    free(t->ctx.work);
    pool_free(t->pool);
    optim_fini(&t->opt);
    free(t->grad);
    free(t->chunk_grad_block);
    free(t->chunk_grad);
    free(t->chunk_sse);
    free(t->order);
    free(t->pred);
    if (t->probe.work)
        for (int i = 0; i < t->probe.threads; i++)
            gradflow_work_free(t->probe.work[i]);
    free(t->probe.work);
    free(t->probe.chunk_h);
    free(t->probe.chunk_c);
    free(t->probe.chunk_marked);
}

/* The probe's workspaces and chunk sums, big enough for the probe set and
 * the test part. */
static int probe_init(struct probe_ctx *c, struct train_job *job, int threads, int n_test,
                      struct model_work **t_work)
{
    const struct model *m = job->model;
    const int T = job->cfg.data.length;
    int first, count;
    gradflow_probe_range(job->cfg.data.samples, &first, &count);
    const int chunks = (count + GRADFLOW_CHUNK - 1) / GRADFLOW_CHUNK;
    const int test_chunks = (n_test + GRADFLOW_CHUNK - 1) / GRADFLOW_CHUNK;
    const size_t lt = (size_t)m->cfg.layers * T;
    c->model = m;
    c->data = &job->data;
    c->threads = threads;
    c->work = calloc((size_t)threads, sizeof *c->work);
    c->chunk_h = calloc((size_t)chunks * lt, sizeof *c->chunk_h);
    if (m->cfg.cell == CELL_LSTM)
        c->chunk_c = calloc((size_t)chunks * lt, sizeof *c->chunk_c);
    c->chunk_marked = calloc((size_t)(test_chunks > 0 ? test_chunks : 1), sizeof *c->chunk_marked);
    if (!c->work || !c->chunk_h || (m->cfg.cell == CELL_LSTM && !c->chunk_c) || !c->chunk_marked)
        return RT_ENOMEM;
    for (int i = 0; i < threads; i++) {
        /* the thread's training scratch (TRAIN_CHUNK == GRADFLOW_CHUNK sequences) */
        int st = gradflow_work_new(m, T, t_work[i], &c->work[i]);
        if (st != RT_OK)
            return st;
    }
    return RT_OK;
}

static int trainer_init(struct trainer *t, struct train_job *job, const struct data_split *sp)
{
    const struct train_config *cfg = &job->cfg;
    const size_t np = job->model->n_params;
    const int threads = cfg->threads ? cfg->threads : online_cores();
    const int chunks = (cfg->batch_size + TRAIN_CHUNK - 1) / TRAIN_CHUNK;
    const int n_train = sp->train_end - sp->train_begin;
    const int n_eval = (sp->val_end - sp->val_begin) > (sp->test_end - sp->test_begin)
                       ? sp->val_end - sp->val_begin : sp->test_end - sp->test_begin;
    memset(t, 0, sizeof *t);
    int st = pool_new(threads, &t->pool);
    if (st != RT_OK)
        return st;
    t->ctx.model = job->model;
    t->ctx.data = &job->data;
    t->ctx.cancel = &job->cancel;
    t->ctx.threads = threads;
    t->ctx.work = calloc((size_t)threads, sizeof *t->ctx.work);
    if (!t->ctx.work)
        return RT_ENOMEM;
    for (int i = 0; i < threads; i++) {
        if ((st = model_work_new(job->model, TRAIN_CHUNK, cfg->data.length, &t->ctx.work[i])) != RT_OK)
            return st;
        model_work_set_cancel(t->ctx.work[i], &job->cancel);     /* every step looks */
    }
    if ((st = optim_init(&t->opt, np, cfg->learning_rate)) != RT_OK)
        return st;
    t->grad = calloc(np, sizeof *t->grad);
    t->chunk_grad_block = calloc(np * (size_t)chunks, sizeof *t->chunk_grad_block);
    t->chunk_grad = calloc((size_t)chunks, sizeof *t->chunk_grad);
    t->chunk_sse = calloc((size_t)chunks, sizeof *t->chunk_sse);
    t->order = calloc((size_t)n_train, sizeof *t->order);
    t->pred = calloc((size_t)(n_eval > 0 ? n_eval : 1), sizeof *t->pred);
    if (!t->grad || !t->chunk_grad_block || !t->chunk_grad || !t->chunk_sse || !t->order || !t->pred)
        return RT_ENOMEM;
    for (int k = 0; k < chunks; k++)
        t->chunk_grad[k] = t->chunk_grad_block + (size_t)k * np;
    for (int i = 0; i < n_train; i++)
        t->order[i] = sp->train_begin + i;
    if (cfg->gradients)
        return probe_init(&t->probe, job, threads, sp->test_end - sp->test_begin, t->ctx.work);
    return RT_OK;
}

/* The gradient flow of the model as it is now, on the probe set. */
static void measure_flow(struct trainer *t, struct train_job *job, float *h, float *c)
{
    gradflow_probe_range(job->cfg.data.samples, &t->probe.first, &t->probe.count);
    probe_flow(t->pool, &t->probe, h, c);
}

/* One optimiser step on the batch order[first .. first + n); sets *sse to
 * the batch's sum of squared errors. RT_OK, or RT_ECANCELED (no step) when
 * the job was cancelled meanwhile. */
static int train_batch(struct trainer *t, struct model *m, int first, int n, double *sse_out)
{
    struct work_ctx *c = &t->ctx;
    const int chunks = (n + TRAIN_CHUNK - 1) / TRAIN_CHUNK;
    c->idx = t->order + first;
    c->first = 0;
    c->count = n;
    c->scale = (rt_real)(1.0 / n);
    c->chunk_grad = t->chunk_grad;
    c->chunk_sse = t->chunk_sse;
    pool_run(t->pool, chunk_task, c);
    if (atomic_load(c->cancel))
        return RT_ECANCELED;
    /* Fixed reduction order: chunk 0, then 1, ... */
    const size_t np = m->n_params;
    memcpy(t->grad, t->chunk_grad[0], sizeof *t->grad * np);
    double sse = t->chunk_sse[0];
    for (int k = 1; k < chunks; k++) {
        const rt_real *restrict g = t->chunk_grad[k];
        for (size_t j = 0; j < np; j++)
            t->grad[j] += g[j];
        sse += t->chunk_sse[k];
    }
    optim_step(&t->opt, m->params, t->grad);
    *sse_out = sse;
    return RT_OK;
}

static int run_training(struct train_job *job, struct trainer *t, const struct data_split *sp)
{
    const struct train_config *cfg = &job->cfg;
    const int n_train = sp->train_end - sp->train_begin;
    const int n_val = sp->val_end - sp->val_begin;
    const int batches = (n_train + cfg->batch_size - 1) / cfg->batch_size;
    struct rng shuffle;
    rng_seed(&shuffle, cfg->seed, RNG_STREAM_SHUFFLE);
    double t_start = now_seconds(), paused = 0;

    for (int e = 0; e < cfg->epochs; e++) {
        double e_start = now_seconds(), e_paused = paused;
        rng_shuffle(&shuffle, t->order, n_train);
        if (cfg->hooks && cfg->hooks->epoch_order)
            cfg->hooks->epoch_order(cfg->hooks->arg, e, t->order, n_train);
        double sse = 0;
        pthread_mutex_lock(&job->mu);
        job->snap.epoch = e;
        job->snap.batch = 0;
        job->snap.batches = batches;
        job->snap.loss_so_far = 0;
        job->snap.epoch_elapsed = 0;
        pthread_mutex_unlock(&job->mu);
        for (int b = 0; b < batches; b++) {
            if (should_stop(job, &paused))
                return RT_ECANCELED;
            int first = b * cfg->batch_size;
            int n = first + cfg->batch_size <= n_train ? cfg->batch_size : n_train - first;
            double batch_sse;
            if (train_batch(t, job->model, first, n, &batch_sse) != RT_OK)
                return RT_ECANCELED;
            sse += batch_sse;
            double now = now_seconds();
            pthread_mutex_lock(&job->mu);
            job->snap.batch = b + 1;
            job->snap.loss_so_far = sse / (first + n);
            job->snap.elapsed = now - t_start - paused;
            job->snap.epoch_elapsed = now - e_start - (paused - e_paused);
            if (!isfinite(batch_sse)) {
                job->snap.diverged_epoch = e + 1;
                job->snap.diverged_loss = batch_sse;
            }
            pthread_mutex_unlock(&job->mu);
            if (!isfinite(batch_sse))
                return RT_EDIVERGED;
        }
        double loss = sse / n_train;
        if (predict_range(t->pool, &t->ctx, sp->val_begin, n_val, t->pred) != RT_OK)
            return RT_ECANCELED;
        double val_loss = mse_of(t->pred, job->data.y + sp->val_begin, n_val);
        /* NaN compares false: a NaN loss fails "<=" too. Non-finite weights
         * make every prediction NaN, so val_loss catches them. */
        if (!(loss <= TRAIN_DIVERGED_LOSS) || !(val_loss <= TRAIN_DIVERGED_LOSS)) {
            pthread_mutex_lock(&job->mu);
            job->snap.diverged_epoch = e + 1;
            job->snap.diverged_loss = !(loss <= TRAIN_DIVERGED_LOSS) ? loss : val_loss;
            pthread_mutex_unlock(&job->mu);
            return RT_EDIVERGED;
        }
        if (cfg->gradients) {
            const size_t lt = (size_t)cfg->model.layers * cfg->data.length;
            measure_flow(t, job, job->progress.flow_h + e * lt,
                         job->progress.flow_c ? job->progress.flow_c + e * lt : NULL);
            if (atomic_load(&job->cancel))
                return RT_ECANCELED;          /* the probe pass was cut short */
        }
        double now = now_seconds();
        job->progress.loss[e] = (float)loss;
        job->progress.val_loss[e] = (float)val_loss;
        job->progress.seconds[e] = (float)(now - e_start - (paused - e_paused));
        pthread_mutex_lock(&job->mu);
        atomic_store_explicit(&job->progress.epochs_done, e + 1, memory_order_release);
        job->snap.elapsed = now - t_start - paused;
        pthread_cond_broadcast(&job->cv);
        pthread_mutex_unlock(&job->mu);
    }
    return RT_OK;
}

static int evaluate(struct train_job *job, struct trainer *t, const struct data_split *sp)
{
    struct train_result *r = &job->result;
    const int n = sp->test_end - sp->test_begin;
    const float *y = job->data.y + sp->test_begin;
    r->test_prediction = malloc(sizeof *r->test_prediction * (size_t)n);
    if (!r->test_prediction)
        return RT_ENOMEM;
    if (predict_range(t->pool, &t->ctx, sp->test_begin, n, r->test_prediction) != RT_OK)
        return RT_ECANCELED;
    r->n_test = n;
    r->test_loss = mse_of(r->test_prediction, y, n);
    r->n_correct = 0;
    for (int i = 0; i < n; i++)
        if (fabs((double)r->test_prediction[i] - (double)y[i]) <= TRAIN_TOLERANCE)
            r->n_correct++;
    r->correctness = n ? 100.0 * r->n_correct / n : 0;
    r->table_rows = n < TRAIN_TABLE_ROWS ? n : TRAIN_TABLE_ROWS;
    for (int i = 0; i < r->table_rows; i++) {
        r->target[i] = y[i];
        r->prediction[i] = r->test_prediction[i];
    }
    if (!isfinite(r->test_loss))
        return RT_EDIVERGED;
    if (job->cfg.gradients) {
        struct probe_ctx *c = &t->probe;
        measure_flow(t, job, r->flow_h, r->flow_c);
        c->first = sp->test_begin;
        c->count = n;
        c->saliency = true;
        pool_run(t->pool, probe_task, c);
        r->n_marked = 0;
        for (int k = 0; k < (n + GRADFLOW_CHUNK - 1) / GRADFLOW_CHUNK; k++)
            r->n_marked += c->chunk_marked[k];
        r->marked_share = n ? 100.0 * r->n_marked / n : 0;
        r->has_gradients = true;
        if (atomic_load(&job->cancel))
            return RT_ECANCELED;              /* the probe passes were cut short */
    }
    return RT_OK;
}

static int job_run(struct train_job *job)
{
    const struct train_config *cfg = &job->cfg;
    struct rng r;
    rng_seed(&r, cfg->seed, RNG_STREAM_DATA);
    int st = data_generate_cancel(&cfg->data, &r, &job->cancel, &job->data);
    if (st != RT_OK)
        return st;
    if ((st = model_alloc(&cfg->model, &job->model)) != RT_OK)
        return st;
    /* Loaded weights replace the initialisers, which then need not run:
     * they draw from a stream of their own, so the data and the shuffles
     * are the same either way. */
    if (cfg->init_params) {
        memcpy(job->model->params, cfg->init_params, sizeof *cfg->init_params * job->model->n_params);
    } else {
        rng_seed(&r, cfg->seed, RNG_STREAM_INIT);
        if ((st = model_init(job->model, &r, &job->cancel)) != RT_OK)
            return st;
    }
    if (cfg->hooks && cfg->hooks->start)
        cfg->hooks->start(cfg->hooks->arg, job->model, &job->data);
    struct data_split sp;
    data_split(cfg->data.samples, &sp);
    struct trainer t;
    st = trainer_init(&t, job, &sp);
    if (st == RT_OK)
        st = run_training(job, &t, &sp);
    if (st == RT_OK)
        st = evaluate(job, &t, &sp);
    trainer_fini(&t);
    return st;
}

static void *job_main(void *arg)
{
    struct train_job *job = arg;
    int st = job_run(job);
    job->status = st;
    set_state(job, st == RT_OK ? TRAIN_DONE : st == RT_ECANCELED ? TRAIN_CANCELLED : TRAIN_FAILED);
    return NULL;
}

int train_job_start(const struct train_config *cfg, struct train_job **out)
{
    *out = NULL;
    if (train_config_check(cfg, NULL) != RT_OK)
        return RT_EINVAL;
    struct train_job *job = calloc(1, sizeof *job);
    if (!job)
        return RT_ENOMEM;
    pthread_mutex_init(&job->mu, NULL);
    pthread_cond_init(&job->cv, NULL);
    job->cfg = *cfg;
    size_t cap = cfg->epochs > 0 ? (size_t)cfg->epochs : 1;
    job->progress.epochs = cfg->epochs;
    job->progress.loss = calloc(cap, sizeof *job->progress.loss);
    job->progress.val_loss = calloc(cap, sizeof *job->progress.val_loss);
    job->progress.seconds = calloc(cap, sizeof *job->progress.seconds);
    if (cfg->init_params) {
        size_t np = model_param_count(&cfg->model);
        job->init_copy = malloc(sizeof *job->init_copy * np);
        if (job->init_copy)
            memcpy(job->init_copy, cfg->init_params, sizeof *job->init_copy * np);
        job->cfg.init_params = job->init_copy;
    }
    bool flow_ok = true;
    if (cfg->gradients) {
        const size_t lt = (size_t)cfg->model.layers * cfg->data.length;
        const bool lstm = cfg->model.cell == CELL_LSTM;
        job->progress.flow_layers = job->result.flow_layers = cfg->model.layers;
        job->progress.flow_length = job->result.flow_length = cfg->data.length;
        job->progress.flow_h = calloc(cap * lt, sizeof *job->progress.flow_h);
        job->result.flow_h = calloc(lt, sizeof *job->result.flow_h);
        if (lstm) {
            job->progress.flow_c = calloc(cap * lt, sizeof *job->progress.flow_c);
            job->result.flow_c = calloc(lt, sizeof *job->result.flow_c);
        }
        flow_ok = job->progress.flow_h && job->result.flow_h &&
                  (!lstm || (job->progress.flow_c && job->result.flow_c));
    }
    if (!job->progress.loss || !job->progress.val_loss || !job->progress.seconds || !flow_ok ||
        (cfg->init_params && !job->init_copy)) {
        job->joined = true;
        train_job_free(job);
        return RT_ENOMEM;
    }
    atomic_init(&job->progress.epochs_done, 0);
    atomic_init(&job->progress.state, TRAIN_RUNNING);
    atomic_init(&job->cancel, false);
    atomic_init(&job->paused, false);
    job->snap.state = TRAIN_RUNNING;

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&job->thread, NULL, job_main, job);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc) {
        job->joined = true;
        train_job_free(job);
        return RT_ETHREAD;
    }
    *out = job;
    return RT_OK;
}

void train_job_cancel(struct train_job *job)
{
    pthread_mutex_lock(&job->mu);
    atomic_store(&job->cancel, true);
    pthread_cond_broadcast(&job->cv);
    pthread_mutex_unlock(&job->mu);
}

void train_job_pause(struct train_job *job, bool paused)
{
    pthread_mutex_lock(&job->mu);
    atomic_store(&job->paused, paused);
    pthread_cond_broadcast(&job->cv);
    pthread_mutex_unlock(&job->mu);
}

static bool job_active(const struct train_job *job)
{
    int st = atomic_load_explicit(&job->progress.state, memory_order_acquire);
    return st == TRAIN_RUNNING || st == TRAIN_PAUSED || st == TRAIN_IDLE;
}

int train_job_wait(struct train_job *job, int seen_epochs, int timeout_ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    if (timeout_ms >= 0) {
        deadline.tv_sec += timeout_ms / 1000;
        deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    pthread_mutex_lock(&job->mu);
    while (atomic_load_explicit(&job->progress.epochs_done, memory_order_acquire) <= seen_epochs &&
           job_active(job)) {
        if (timeout_ms < 0)
            pthread_cond_wait(&job->cv, &job->mu);
        else if (pthread_cond_timedwait(&job->cv, &job->mu, &deadline))
            break;
    }
    pthread_mutex_unlock(&job->mu);
    return atomic_load_explicit(&job->progress.epochs_done, memory_order_acquire);
}

int train_job_join(struct train_job *job)
{
    if (!job->joined) {
        pthread_join(job->thread, NULL);
        job->joined = true;
    }
    return job->status;
}

void train_job_free(struct train_job *job)
{
    if (!job)
        return;
    if (!job->joined) {
        train_job_cancel(job);
        train_job_join(job);
    }
    pthread_cond_destroy(&job->cv);
    pthread_mutex_destroy(&job->mu);
    free(job->progress.loss);
    free(job->progress.val_loss);
    free(job->progress.seconds);
    free(job->result.test_prediction);
    free(job->progress.flow_h);
    free(job->progress.flow_c);
    free(job->result.flow_h);
    free(job->result.flow_c);
    free(job->init_copy);
    model_free(job->model);
    data_fini(&job->data);
    free(job);
}

const struct train_config *train_job_config(const struct train_job *job)
{
    return &job->cfg;
}

const struct train_progress *train_job_progress(const struct train_job *job)
{
    return &job->progress;
}

void train_job_snapshot(struct train_job *job, struct train_snapshot *out)
{
    pthread_mutex_lock(&job->mu);
    *out = job->snap;
    pthread_mutex_unlock(&job->mu);
}

const struct train_result *train_job_result(const struct train_job *job)
{
    return &job->result;
}

const struct model *train_job_model(const struct train_job *job)
{
    return job->model;
}

const struct data_set *train_job_data(const struct train_job *job)
{
    return &job->data;
}
