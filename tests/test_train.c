/*
 * test_train: what the trainer does around the gradient, through the real
 * training job (train_job_start) and its observers (struct train_hooks).
 *
 * - Shuffling: each epoch's order is a permutation of the training samples,
 *   differs from every other epoch's, and equals a Fisher-Yates shuffle
 *   written here over the project's generator (PCG32 on the shuffle stream
 *   of the seed; j uniform in [0, i] by rejection of the low 2^32 mod n
 *   draws), applied to the previous epoch's order.
 * - Batching: with a learning rate so small that the weights do not move,
 *   the epoch loss equals the MSE of the initial model over the training
 *   set and val_loss its MSE over the validation set, with a last partial
 *   batch (204 = 6 x 32 + 12): each batch weighs by its size.
 * - Metrics: test MSE, the number of test samples within 0.04 and the
 *   percentage recomputed here from the predictions; a constant model
 *   (dense kernel 0) puts one sample exactly 0.04f from its target (it
 *   counts) and, one float higher, just beyond (it does not); the data
 *   have samples between 0.04 and 0.05, so a tolerance of 0.05 shows.
 * - Data: every sample has exactly two distinct marked steps, values in
 *   [0, 1) on the 2^-24 grid, target the product of the two marked values;
 *   values, targets and marked positions spread as uniform draws do (within
 *   6 standard deviations); the split is Keras's for several N.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rnntui/model.h"
#include "rnntui/status.h"
#include "rnntui/train.h"

#define MAX_EPOCHS 4

struct record {
    rt_real *init;
    size_t n_params;
    int epochs, n;
    int *order[MAX_EPOCHS];
};

static void on_start(void *arg, const struct model *m, const struct data_set *d)
{
    struct record *r = arg;
    (void)d;
    r->n_params = m->n_params;
    r->init = malloc(sizeof *r->init * m->n_params);
    if (!r->init)
        exit(99);
    memcpy(r->init, m->params, sizeof *r->init * m->n_params);
}

static void on_order(void *arg, int epoch, const int *order, int n)
{
    struct record *r = arg;
    if (epoch >= MAX_EPOCHS)
        exit(99);
    r->order[epoch] = malloc(sizeof *order * (size_t)n);
    if (!r->order[epoch])
        exit(99);
    memcpy(r->order[epoch], order, sizeof *order * (size_t)n);
    r->n = n;
    r->epochs = epoch + 1;
}

static void record_fini(struct record *r)
{
    free(r->init);
    for (int e = 0; e < MAX_EPOCHS; e++)
        free(r->order[e]);
}

static struct train_job *run(const struct train_config *cfg, struct record *rec)
{
    struct train_hooks hooks = { .arg = rec, .start = on_start, .epoch_order = on_order };
    struct train_config c = *cfg;
    c.hooks = &hooks;
    struct train_job *job;
    if (train_job_start(&c, &job) != RT_OK)
        exit(99);
    int st = train_job_join(job);               /* the hooks are not called after this */
    if (st != RT_OK) {
        fprintf(stderr, "training failed: %s\n", rt_strerror(st));
        exit(1);
    }
    return job;
}

static void small_config(struct train_config *cfg)
{
    train_config_default(cfg);
    cfg->model.cell = CELL_GRU;
    cfg->model.units = 5;
    cfg->model.layers = 1;
    cfg->data.samples = 300;       /* train 204 = 6 x 32 + 12, val 52, test 44 */
    cfg->data.length = 8;
    cfg->batch_size = 32;
    cfg->seed = 5;
    cfg->threads = 2;
}

/* j uniform in [0, bound) from the project's generator, unbiased */
static uint32_t below(struct rng *r, uint32_t bound)
{
    uint32_t reject_under = (uint32_t)(((uint64_t)1 << 32) % bound);
    uint32_t x;
    do
        x = rng_u32(r);
    while (x < reject_under);
    return x % bound;
}

static void check_shuffles(void)
{
    struct train_config cfg;
    small_config(&cfg);
    cfg.epochs = MAX_EPOCHS;
    struct record rec = { 0 };
    struct train_job *job = run(&cfg, &rec);
    struct data_split sp;
    data_split(cfg.data.samples, &sp);
    const int n = sp.train_end - sp.train_begin;
    CHECK(rec.epochs == cfg.epochs && rec.n == n);
    struct rng r;
    rng_seed(&r, cfg.seed, RNG_STREAM_SHUFFLE);
    int *mine = malloc(sizeof *mine * (size_t)n), *seen = calloc((size_t)n, sizeof *seen);
    if (!mine || !seen)
        exit(99);
    for (int i = 0; i < n; i++)
        mine[i] = sp.train_begin + i;
    for (int e = 0; e < rec.epochs; e++) {
        const int *o = rec.order[e];
        memset(seen, 0, sizeof *seen * (size_t)n);
        int perm = 1;
        for (int i = 0; i < n; i++) {
            int s = o[i] - sp.train_begin;
            if (s < 0 || s >= n || seen[s]++)
                perm = 0;
        }
        CHECKF(perm, "epoch %d: the order is not a permutation of the training samples", e + 1);
        for (int i = n - 1; i > 0; i--) {
            int j = (int)below(&r, (uint32_t)i + 1);
            int t = mine[i];
            mine[i] = mine[j];
            mine[j] = t;
        }
        CHECKF(!memcmp(mine, o, sizeof *o * (size_t)n),
               "epoch %d: not the Fisher-Yates shuffle of the shuffle stream", e + 1);
        int moved = 0;
        for (int i = 0; i < n; i++)
            moved += o[i] != sp.train_begin + i;
        CHECKF(moved > n / 2, "epoch %d: only %d of %d samples moved", e + 1, moved, n);
        for (int f = 0; f < e; f++)
            CHECKF(memcmp(rec.order[f], o, sizeof *o * (size_t)n),
                   "epochs %d and %d have the same order", f + 1, e + 1);
    }
    printf("shuffles: %d epochs of %d samples, each a permutation, all different, "
           "each the independent Fisher-Yates\n", rec.epochs, n);
    free(mine);
    free(seen);
    record_fini(&rec);
    train_job_free(job);
}

/* MSE in double of the model with parameters p over samples [begin, end). */
static double mse_with(const struct train_config *cfg, const rt_real *p, size_t n_params,
                       const struct data_set *d, int begin, int end)
{
    struct rng r;
    rng_seed(&r, 1, RNG_STREAM_INIT);
    struct model *m;
    struct model_work *w;
    if (model_new(&cfg->model, &r, &m) != RT_OK || m->n_params != n_params ||
        model_work_new(m, 1, d->length, &w) != RT_OK)
        exit(99);
    memcpy(m->params, p, sizeof *p * n_params);
    double s = 0;
    for (int i = begin; i < end; i++) {
        const float *x = d->x + (size_t)i * d->length * DATA_FEATURES;
        rt_real pred;
        model_forward(m, w, &x, 1, &pred);
        s += ((double)pred - d->y[i]) * ((double)pred - d->y[i]);
    }
    model_work_free(w);
    model_free(m);
    return s / (end - begin);
}

static void check_batch_weights(void)
{
    struct train_config cfg;
    small_config(&cfg);
    cfg.epochs = 2;
    cfg.learning_rate = 1e-12;
    struct record rec = { 0 };
    struct train_job *job = run(&cfg, &rec);
    const struct train_progress *p = train_job_progress(job);
    const struct data_set *d = train_job_data(job);
    struct data_split sp;
    data_split(cfg.data.samples, &sp);
    CHECK((sp.train_end - sp.train_begin) % cfg.batch_size != 0);
    double train_mse = mse_with(&cfg, rec.init, rec.n_params, d, sp.train_begin, sp.train_end);
    double val_mse = mse_with(&cfg, rec.init, rec.n_params, d, sp.val_begin, sp.val_end);
    for (int e = 0; e < cfg.epochs; e++) {
        double rl = fabs(p->loss[e] - train_mse) / train_mse;
        double rv = fabs(p->val_loss[e] - val_mse) / val_mse;
        printf("lr 1e-12, epoch %d: loss %.8f vs training MSE %.8f (rel %.1e), "
               "val_loss %.8f vs %.8f (rel %.1e)\n", e + 1, p->loss[e], train_mse, rl,
               p->val_loss[e], val_mse, rv);
        CHECKF(rl < 1e-6, "epoch %d: loss %.9g is not the training MSE %.9g", e + 1, p->loss[e], train_mse);
        CHECKF(rv < 1e-6, "epoch %d: val_loss %.9g is not the validation MSE %.9g", e + 1,
               p->val_loss[e], val_mse);
    }
    record_fini(&rec);
    train_job_free(job);
}

struct counts {
    double mse;
    int within;
};

static struct counts recount(const float *pred, const float *y, int n, double tol)
{
    struct counts c = { 0, 0 };
    for (int i = 0; i < n; i++) {
        double e = (double)pred[i] - (double)y[i];
        c.mse += e * e;
        c.within += fabs(e) <= tol;
    }
    c.mse /= n;
    return c;
}

/* The job's test results against a recount from its own predictions. */
static void check_result(struct train_job *job, const char *what)
{
    const struct train_config *cfg = train_job_config(job);
    const struct train_result *r = train_job_result(job);
    const struct data_set *d = train_job_data(job);
    struct data_split sp;
    data_split(cfg->data.samples, &sp);
    const int n = sp.test_end - sp.test_begin;
    const float *y = d->y + sp.test_begin;
    struct counts c = recount(r->test_prediction, y, n, 0.04);
    printf("%s: test MSE %.9f (recount %.9f), %d of %d within 0.04 (recount %d), %.4f %%\n", what,
           r->test_loss, c.mse, r->n_correct, r->n_test, c.within, r->correctness);
    CHECK(r->n_test == n);
    CHECKF(fabs(r->test_loss - c.mse) <= 1e-12 * c.mse, "%s: test MSE %.12g, recount %.12g", what,
           r->test_loss, c.mse);
    CHECKF(r->n_correct == c.within, "%s: %d within 0.04, recount %d", what, r->n_correct, c.within);
    CHECKF(r->correctness == 100.0 * c.within / n, "%s: correctness %.17g, recount %.17g", what,
           r->correctness, 100.0 * c.within / n);
    CHECK(r->table_rows == (n < TRAIN_TABLE_ROWS ? n : TRAIN_TABLE_ROWS));
    for (int i = 0; i < r->table_rows; i++)
        CHECK(r->target[i] == y[i] && r->prediction[i] == r->test_prediction[i]);
}

/* A model that predicts c for every sample: dense kernel 0, dense bias c. */
static struct train_job *constant_model(float c, const rt_real *base, size_t np)
{
    struct train_config cfg;
    small_config(&cfg);
    cfg.data.samples = 3000;             /* 440 test samples */
    cfg.epochs = 0;
    rt_real *p = malloc(sizeof *p * np);
    if (!p)
        exit(99);
    memcpy(p, base, sizeof *p * np);
    for (int j = 0; j < cfg.model.units; j++)
        p[np - 1 - cfg.model.units + j] = 0;
    p[np - 1] = c;
    cfg.init_params = p;
    struct train_job *job;
    if (train_job_start(&cfg, &job) != RT_OK)
        exit(99);
    free(p);
    int st = train_job_join(job);
    if (st != RT_OK) {
        fprintf(stderr, "evaluation failed: %s\n", rt_strerror(st));
        exit(1);
    }
    return job;
}

static void check_metrics(void)
{
    /* a trained model's varied predictions */
    struct train_config cfg;
    small_config(&cfg);
    cfg.data.samples = 3000;
    cfg.epochs = 2;
    cfg.learning_rate = 1e-2;
    struct record rec = { 0 };
    struct train_job *job = run(&cfg, &rec);
    check_result(job, "trained");

    /* the boundary: a test sample with a target y in [1/16, 0.085) and the
     * prediction c = y + 0.04f, exact in float (both multiples of 2^-27) */
    const struct data_set *d = train_job_data(job);
    struct data_split sp;
    data_split(cfg.data.samples, &sp);
    int k = -1;
    for (int i = sp.test_begin; i < sp.test_end && k < 0; i++)
        if (d->y[i] >= 0.0625f && d->y[i] < 0.085f)
            k = i - sp.test_begin;
    if (k < 0)
        exit(99);
    const float yk = d->y[sp.test_begin + k], c = yk + 0.04f;
    CHECK((double)c - (double)yk == (double)0.04f);
    struct train_job *at = constant_model(c, rec.init, rec.n_params);
    struct train_job *above = constant_model(nextafterf(c, 1.0f), rec.init, rec.n_params);
    check_result(at, "constant y+0.04f");
    check_result(above, "constant one float above");
    const struct train_result *ra = train_job_result(at), *rb = train_job_result(above);
    CHECK(ra->test_prediction[k] == c);
    CHECKF(fabs((double)ra->test_prediction[k] - yk) <= 0.04 && ra->n_correct == rb->n_correct + 1,
           "the sample exactly 0.04f away does not count (%d, one float above: %d)",
           ra->n_correct, rb->n_correct);
    /* The data can tell 0.04 from 0.05. */
    const float *y = d->y + sp.test_begin;
    int n = sp.test_end - sp.test_begin;
    struct counts c4 = recount(ra->test_prediction, y, n, 0.04);
    struct counts c5 = recount(ra->test_prediction, y, n, 0.05);
    printf("constant %.9f: %d within 0.04, %d within 0.05\n", c, c4.within, c5.within);
    CHECK(c5.within > c4.within);
    train_job_free(at);
    train_job_free(above);
    record_fini(&rec);
    train_job_free(job);
}

static void check_data(void)
{
    struct data_config dc = { .samples = 3000, .length = 100 };
    struct rng r;
    rng_seed(&r, 9, RNG_STREAM_DATA);
    struct data_set d;
    if (data_generate(&dc, &r, &d) != RT_OK)
        exit(99);
    int bad_markers = 0, bad_values = 0, bad_targets = 0;
    double sum_v = 0, sum_y = 0;
    long decile[10] = { 0 };
    for (int i = 0; i < d.samples; i++) {
        const float *x = d.x + (size_t)i * d.length * DATA_FEATURES;
        int marks = 0, at[2] = { -1, -1 };
        for (int t = 0; t < d.length; t++) {
            float m = x[t * 2], v = x[t * 2 + 1];
            if (m == 1.0f) {
                if (marks < 2)
                    at[marks] = t;
                marks++;
                decile[t * 10 / d.length]++;
            } else if (m != 0.0f) {
                marks = 99;
            }
            if (!(v >= 0.0f && v < 1.0f) || v * 16777216.0f != floorf(v * 16777216.0f))
                bad_values++;
            sum_v += v;
        }
        if (marks != 2)
            bad_markers++;
        else if (d.y[i] != x[at[0] * 2 + 1] * x[at[1] * 2 + 1])
            bad_targets++;
        sum_y += d.y[i];
    }
    const double nv = (double)d.samples * d.length;
    const double mean_v = sum_v / nv, mean_y = sum_y / d.samples;
    printf("data: %d samples, %d without exactly two marks, %d bad values, %d bad targets; "
           "mean value %.4f, mean target %.4f\n", d.samples, bad_markers, bad_values, bad_targets,
           mean_v, mean_y);
    CHECK(bad_markers == 0 && bad_values == 0 && bad_targets == 0);
    CHECK(fabs(mean_v - 0.5) < 6 * sqrt(1.0 / 12 / nv));
    CHECK(fabs(mean_y - 0.25) < 6 * sqrt((1.0 / 9 - 1.0 / 16) / d.samples));
    for (int k = 0; k < 10; k++)       /* 6000 marks, 600 per tenth of the steps */
        CHECKF(fabs(decile[k] - 600.0) < 6 * sqrt(600.0 * 0.9), "marks in tenth %d: %ld", k, decile[k]);
    data_fini(&d);
    const int ns[] = { 3000, 300, 200, 10, 57, 1001, 12345 };
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        struct data_split sp;
        data_split(ns[k], &sp);
        long fit = (long)ns[k] * 2560 / 3000, cut = fit * 4 / 5;
        CHECKF(sp.train_begin == 0 && sp.train_end == cut && sp.val_begin == cut &&
               sp.val_end == fit && sp.test_begin == fit && sp.test_end == ns[k],
               "split of %d: [0, %d) [%d, %d) [%d, %d)", ns[k], sp.train_end, sp.val_begin,
               sp.val_end, sp.test_begin, sp.test_end);
    }
}

int main(void)
{
    check_data();
    check_shuffles();
    check_batch_weights();
    check_metrics();
    return check_finish();
}
