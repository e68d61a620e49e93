/* test_learns: on a short version of the task (10 steps) every cell's
 * validation loss falls well below the 0.049 of predicting the mean, and
 * the gated cells get most test samples within 0.04. */
#include "config.h"

#include "check.h"
#include "rnntui/status.h"
#include "rnntui/train.h"

int main(void)
{
    for (int c = 0; c < CELL_COUNT; c++) {
        struct train_config cfg;
        train_config_default(&cfg);
        cfg.model.cell = (enum cell_kind)c;
        cfg.model.units = 16;
        cfg.data.samples = 2000;
        cfg.data.length = 10;
        cfg.epochs = 30;
        cfg.learning_rate = 3e-3;
        cfg.seed = 1;
        struct train_job *job;
        if (train_job_start(&cfg, &job) != RT_OK)
            return 99;
        int st = train_job_join(job);
        CHECK(st == RT_OK);
        if (st == RT_OK) {
            const struct train_progress *p = train_job_progress(job);
            const struct train_result *r = train_job_result(job);
            float first = p->val_loss[0], last = p->val_loss[cfg.epochs - 1];
            printf("%-9s val_loss %.4f -> %.4f, correctness %.1f %%\n",
                   cell_name(cfg.model.cell), first, last, r->correctness);
            CHECK(last < 0.01f && last < first / 3);
            if (c != CELL_RNN)
                CHECK(r->correctness > 60.0);
        }
        train_job_free(job);
    }
    return check_finish();
}
