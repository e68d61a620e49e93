/*
 * replay_dump: runs a real training job (train_job_start, the code the
 * program runs) and writes what an independent replay needs into DIR:
 *   X.npy Y.npy train_idx.npy val_idx.npy test_idx.npy   the exported data
 *                                                        (npy_export_data)
 *   init.npy      (n_params,) float32 the weights training started from
 *   orders.npy    (epochs, n_train) int64 each epoch's sample order, as the
 *                 trainer reported it (struct train_hooks)
 *   loss.npy val_loss.npy (epochs,) float32 the history
 *   final.npy     (n_params,) float32 the weights after training
 *   pred.npy      (n_test,) float32 the test predictions
 *   run.json      the configuration and the test results
 * Weights are flat in Keras get_weights() order. tests/replay.py replays
 * the run from these files; tests/replay.sh drives the two.
 *
 * usage: replay_dump DIR CELL UNITS LAYERS SAMPLES LENGTH BATCH EPOCHS LR SEED THREADS
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/npy.h"
#include "rnntui/status.h"
#include "rnntui/train.h"

struct record {
    size_t n_params;
    float *init;
    int n, epochs;
    int64_t *orders;        /* (epochs, n) */
};

static void on_start(void *arg, const struct model *m, const struct data_set *d)
{
    struct record *r = arg;
    (void)d;
    r->n_params = m->n_params;
    r->init = malloc(sizeof *r->init * m->n_params);
    if (!r->init)
        exit(99);
    for (size_t i = 0; i < m->n_params; i++)
        r->init[i] = (float)m->params[i];
}

static void on_order(void *arg, int epoch, const int *order, int n)
{
    struct record *r = arg;
    if (!r->orders) {
        r->n = n;
        r->orders = malloc(sizeof *r->orders * (size_t)n * (size_t)r->epochs);
        if (!r->orders)
            exit(99);
    }
    for (int i = 0; i < n; i++)
        r->orders[(size_t)epoch * n + i] = order[i];
}

static void put(const char *dir, const char *name, const char *descr, size_t elem, int ndim,
                const size_t *shape, const void *data)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (npy_write(path, true, descr, elem, ndim, shape, data) != RT_OK) {
        fprintf(stderr, "replay_dump: cannot write %s\n", path);
        exit(99);
    }
}

int main(int argc, char **argv)
{
    if (argc != 12) {
        fprintf(stderr, "usage: replay_dump DIR CELL UNITS LAYERS SAMPLES LENGTH BATCH EPOCHS LR SEED THREADS\n");
        return 99;
    }
    const char *dir = argv[1];
    struct train_config cfg;
    train_config_default(&cfg);
    if (cell_parse(argv[2], &cfg.model.cell) != RT_OK)
        return 99;
    cfg.model.units = atoi(argv[3]);
    cfg.model.layers = atoi(argv[4]);
    cfg.data.samples = atoi(argv[5]);
    cfg.data.length = atoi(argv[6]);
    cfg.batch_size = atoi(argv[7]);
    cfg.epochs = atoi(argv[8]);
    cfg.learning_rate = atof(argv[9]);
    cfg.seed = strtoull(argv[10], NULL, 10);
    cfg.threads = atoi(argv[11]);
    struct record rec = { .epochs = cfg.epochs };
    struct train_hooks hooks = { .arg = &rec, .start = on_start, .epoch_order = on_order };
    cfg.hooks = &hooks;
    const char *why;
    if (train_config_check(&cfg, &why) != RT_OK) {
        fprintf(stderr, "replay_dump: %s\n", why);
        return 99;
    }
    struct train_job *job;
    if (train_job_start(&cfg, &job) != RT_OK)
        return 99;
    int st = train_job_join(job);
    if (st != RT_OK) {
        fprintf(stderr, "replay_dump: training failed: %s\n", rt_strerror(st));
        return 1;
    }
    const struct model *m = train_job_model(job);
    const struct train_progress *p = train_job_progress(job);
    const struct train_result *r = train_job_result(job);
    char bad[4096] = "";
    if (npy_export_data(dir, true, train_job_data(job), bad, sizeof bad) != RT_OK) {
        fprintf(stderr, "replay_dump: cannot write %s\n", bad[0] ? bad : dir);
        return 99;
    }
    float *final = malloc(sizeof *final * m->n_params);
    if (!final || !rec.init || !rec.orders)
        return 99;
    for (size_t i = 0; i < m->n_params; i++)
        final[i] = (float)m->params[i];
    size_t shape[2] = { m->n_params, 0 };
    put(dir, "init.npy", "<f4", 4, 1, shape, rec.init);
    put(dir, "final.npy", "<f4", 4, 1, shape, final);
    shape[0] = (size_t)cfg.epochs;
    shape[1] = (size_t)rec.n;
    put(dir, "orders.npy", "<i8", 8, 2, shape, rec.orders);
    put(dir, "loss.npy", "<f4", 4, 1, shape, p->loss);
    put(dir, "val_loss.npy", "<f4", 4, 1, shape, p->val_loss);
    shape[0] = (size_t)r->n_test;
    put(dir, "pred.npy", "<f4", 4, 1, shape, r->test_prediction);
    char path[4096];
    snprintf(path, sizeof path, "%s/run.json", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return 99;
    fprintf(f, "{\"cell\": \"%s\", \"units\": %d, \"layers\": %d, \"batch_size\": %d, "
               "\"epochs\": %d, \"learning_rate\": %.17g, \"test_loss\": %.17g, "
               "\"n_correct\": %d, \"n_test\": %d, \"correctness\": %.17g}\n",
            cell_name(cfg.model.cell), cfg.model.units, cfg.model.layers, cfg.batch_size,
            cfg.epochs, cfg.learning_rate, r->test_loss, r->n_correct, r->n_test, r->correctness);
    if (fclose(f) != 0)
        return 99;
    printf("replay_dump: %s %dx%d, %d epochs of %d samples in batches of %d: loss",
           cell_name(cfg.model.cell), cfg.model.layers, cfg.model.units, cfg.epochs, rec.n,
           cfg.batch_size);
    for (int e = 0; e < cfg.epochs; e++)
        printf(" %.6f", p->loss[e]);
    printf("\n");
    free(final);
    free(rec.init);
    free(rec.orders);
    train_job_free(job);
    return 0;
}
