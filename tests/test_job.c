/* test_job: the training thread's life cycle as a front end drives it:
 * progress arrives epoch by epoch, pause holds the batch counter, cancel
 * makes join return RT_ECANCELED promptly, a huge learning rate ends with
 * RT_EDIVERGED and names the epoch, and bad configurations are refused.
 * Also built with -fsanitize=thread. */
#include "config.h"

#include <time.h>

#include "check.h"
#include "rnntui/status.h"
#include "rnntui/train.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static void small(struct train_config *cfg)
{
    train_config_default(cfg);
    cfg->model.units = 8;
    cfg->data.samples = 600;
    cfg->data.length = 20;
    cfg->threads = 2;
}

int main(void)
{
    struct train_config cfg;
    struct train_job *job;

    /* Progress, pause, resume, cancel. */
    small(&cfg);
    cfg.epochs = 100000;
    CHECK(train_job_start(&cfg, &job) == RT_OK);
    CHECK(train_job_wait(job, 0, 20000) >= 1);
    const struct train_progress *p = train_job_progress(job);
    int done = atomic_load(&p->epochs_done);
    CHECK(done >= 1 && p->loss[0] > 0 && p->val_loss[0] > 0);
    train_job_pause(job, true);
    struct train_snapshot s1, s2;
    double t0 = now();
    do {
        sleep_ms(5);
        train_job_snapshot(job, &s1);
    } while (s1.state != TRAIN_PAUSED && now() - t0 < 5);
    CHECK(s1.state == TRAIN_PAUSED);
    sleep_ms(200);
    train_job_snapshot(job, &s2);
    CHECK(s2.state == TRAIN_PAUSED && s2.batch == s1.batch && s2.epoch == s1.epoch);
    train_job_pause(job, false);
    sleep_ms(50);
    train_job_snapshot(job, &s2);
    CHECK(s2.state == TRAIN_RUNNING);
    t0 = now();
    train_job_cancel(job);
    CHECK(train_job_join(job) == RT_ECANCELED);
    double took = now() - t0;
    printf("cancel took %.1f ms\n", took * 1e3);
    CHECK(took < 1.0);
    CHECK(atomic_load(&p->state) == TRAIN_CANCELLED);
    train_job_free(job);

    /* Cancel while paused. */
    small(&cfg);
    CHECK(train_job_start(&cfg, &job) == RT_OK);
    train_job_pause(job, true);
    train_job_cancel(job);
    CHECK(train_job_join(job) == RT_ECANCELED);
    train_job_free(job);

    /* Free without join cancels and joins. */
    small(&cfg);
    CHECK(train_job_start(&cfg, &job) == RT_OK);
    train_job_free(job);

    /* A complete run publishes every epoch and the results. */
    small(&cfg);
    cfg.epochs = 3;
    CHECK(train_job_start(&cfg, &job) == RT_OK);
    CHECK(train_job_join(job) == RT_OK);
    CHECK(train_job_wait(job, 3, 0) == 3);
    const struct train_result *r = train_job_result(job);
    CHECK(r->n_test == 600 - 512 && r->table_rows == 5);
    CHECK(r->correctness >= 0 && r->correctness <= 100);
    CHECK(train_job_model(job) != NULL);
    train_job_free(job);

    /* --epochs 0 evaluates only. */
    small(&cfg);
    cfg.epochs = 0;
    CHECK(train_job_start(&cfg, &job) == RT_OK);
    CHECK(train_job_join(job) == RT_OK);
    CHECK(atomic_load(&train_job_progress(job)->epochs_done) == 0);
    CHECK(train_job_result(job)->n_test == 88);
    train_job_free(job);

    /* Divergence. */
    small(&cfg);
    cfg.epochs = 50;
    cfg.learning_rate = 100;
    CHECK(train_job_start(&cfg, &job) == RT_OK);
    CHECK(train_job_join(job) == RT_EDIVERGED);
    train_job_snapshot(job, &s1);
    printf("lr 100 diverged at epoch %d with loss %g\n", s1.diverged_epoch, s1.diverged_loss);
    CHECK(s1.diverged_epoch >= 1 && s1.state == TRAIN_FAILED);
    CHECK(!(s1.diverged_loss <= TRAIN_DIVERGED_LOSS));
    CHECK(atomic_load(&train_job_progress(job)->epochs_done) == s1.diverged_epoch - 1);
    train_job_free(job);

    /* Bad configurations. */
    const char *why = NULL;
    small(&cfg);
    cfg.batch_size = 10000;
    CHECK(train_config_check(&cfg, &why) == RT_EINVAL && why != NULL);
    CHECK(train_job_start(&cfg, &job) == RT_EINVAL && job == NULL);
    small(&cfg);
    cfg.model.units = 0;
    CHECK(train_job_start(&cfg, &job) == RT_EINVAL);
    small(&cfg);
    cfg.data.length = 1;
    CHECK(train_job_start(&cfg, &job) == RT_EINVAL);
    return check_finish();
}
