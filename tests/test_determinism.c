/* test_determinism: one seed gives bit-identical loss histories and test
 * predictions whatever the thread count and batch split; another seed gives
 * other data and another history. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rnntui/status.h"
#include "rnntui/train.h"

struct run {
    float loss[8], val_loss[8];
    float pred[128];
    int n_test;
    float y0;                   /* first target: the data itself */
};

static int run(enum cell_kind cell, int threads, int batch, uint64_t seed, struct run *out)
{
    struct train_config cfg;
    train_config_default(&cfg);
    cfg.model.cell = cell;
    cfg.model.units = 6;
    cfg.data.samples = 400;
    cfg.data.length = 12;
    cfg.epochs = 4;
    cfg.batch_size = batch;
    cfg.seed = seed;
    cfg.threads = threads;
    struct train_job *job;
    if (train_job_start(&cfg, &job) != RT_OK)
        return -1;
    int st = train_job_join(job);
    memset(out, 0, sizeof *out);
    if (st == RT_OK) {
        const struct train_progress *p = train_job_progress(job);
        const struct train_result *r = train_job_result(job);
        memcpy(out->loss, p->loss, sizeof *p->loss * (size_t)cfg.epochs);
        memcpy(out->val_loss, p->val_loss, sizeof *p->val_loss * (size_t)cfg.epochs);
        out->n_test = r->n_test < 128 ? r->n_test : 128;
        memcpy(out->pred, r->test_prediction, sizeof *out->pred * (size_t)out->n_test);
        out->y0 = train_job_data(job)->y[0];
    }
    train_job_free(job);
    return st;
}

int main(void)
{
    const int batches[] = { 32, 50, 7 };        /* whole chunks, a partial chunk, one small chunk */
    for (int c = 0; c < CELL_COUNT; c++) {
        for (size_t b = 0; b < sizeof batches / sizeof *batches; b++) {
            struct run ref, other;
            CHECK(run((enum cell_kind)c, 1, batches[b], 5, &ref) == RT_OK);
            for (int threads = 2; threads <= 4; threads++) {
                CHECK(run((enum cell_kind)c, threads, batches[b], 5, &other) == RT_OK);
                CHECKF(!memcmp(&ref, &other, sizeof ref), "%s batch %d: %d threads differ from 1",
                       cell_name((enum cell_kind)c), batches[b], threads);
            }
            CHECK(run((enum cell_kind)c, 2, batches[b], 6, &other) == RT_OK);
            CHECKF(memcmp(ref.loss, other.loss, sizeof ref.loss) && ref.y0 != other.y0,
                   "%s: seeds 5 and 6 gave the same run", cell_name((enum cell_kind)c));
        }
    }
    return check_finish();
}
