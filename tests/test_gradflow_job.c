/*
 * test_gradflow_job: recording gradient flow in a training job (float32
 * build, as the program trains).
 *
 * For each cell kind, on a small run:
 *   - training with and without cfg.gradients gives bit-identical weights,
 *     loss and val_loss histories (the probe pass touches no training state);
 *   - the per-epoch record does not depend on the thread count;
 *   - the final gradient flow equals the last epoch's record and
 *     gradflow_measure() on the trained model, and the test set's
 *     marked-steps share equals gradflow_marked_share(), bit for bit;
 *   - every recorded value is finite and positive;
 *   - a JSON Lines log of the job (runlog_data_from_job, runlog_write)
 *     reads back (runlog_load) with every recorded value bit for bit;
 *   - train_config_check() refuses a record above GRADFLOW_MAX_VALUES.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rnntui/gradflow.h"
#include "rnntui/runlog.h"
#include "rnntui/status.h"
#include "rnntui/train.h"

static struct train_job *run(enum cell_kind kind, bool gradients, int threads)
{
    struct train_config cfg;
    train_config_default(&cfg);
    cfg.model.cell = kind;
    cfg.model.units = 8;
    cfg.data.samples = 300;
    cfg.data.length = 12;
    cfg.epochs = 3;
    cfg.seed = 5;
    cfg.threads = threads;
    cfg.gradients = gradients;
    struct train_job *job;
    if (train_job_start(&cfg, &job) != RT_OK)
        exit(99);
    if (train_job_join(job) != RT_OK) {
        fprintf(stderr, "training failed\n");
        exit(99);
    }
    return job;
}

static void check_kind(enum cell_kind kind)
{
    struct train_job *plain = run(kind, false, 1);
    struct train_job *rec = run(kind, true, 1);
    struct train_job *rec2 = run(kind, true, 3);
    const struct model *mp = train_job_model(plain), *mr = train_job_model(rec);
    const struct train_progress *pp = train_job_progress(plain), *pr = train_job_progress(rec);
    const struct train_progress *pr2 = train_job_progress(rec2);
    const int E = pp->epochs;

    CHECKF(!memcmp(mp->params, mr->params, sizeof *mp->params * mp->n_params),
           "%s: weights differ with --gradients", cell_name(kind));
    CHECK(!memcmp(pp->loss, pr->loss, sizeof *pp->loss * (size_t)E));
    CHECK(!memcmp(pp->val_loss, pr->val_loss, sizeof *pp->val_loss * (size_t)E));
    CHECK(pp->flow_h == NULL && pp->flow_c == NULL && pp->flow_layers == 0);
    CHECK(!train_job_result(plain)->has_gradients && train_job_result(plain)->flow_h == NULL);

    const int L = pr->flow_layers, T = pr->flow_length;
    const size_t lt = (size_t)L * T;
    CHECK(L == 2 && T == 12);
    CHECK(pr->flow_h != NULL);
    CHECK((pr->flow_c != NULL) == (kind == CELL_LSTM));
    /* the same record whatever the thread count */
    CHECK(!memcmp(pr->flow_h, pr2->flow_h, sizeof *pr->flow_h * lt * (size_t)E));
    if (pr->flow_c)
        CHECK(!memcmp(pr->flow_c, pr2->flow_c, sizeof *pr->flow_c * lt * (size_t)E));
    int bad = 0;
    for (size_t i = 0; i < lt * (size_t)E; i++)
        bad += !(isfinite(pr->flow_h[i]) && pr->flow_h[i] > 0) ||
               (pr->flow_c && !(isfinite(pr->flow_c[i]) && pr->flow_c[i] > 0));
    CHECKF(bad == 0, "%s: %d values not finite and positive", cell_name(kind), bad);
    /* the epochs differ: the record follows training */
    CHECK(memcmp(pr->flow_h, pr->flow_h + lt, sizeof *pr->flow_h * lt) != 0);

    const struct train_result *r = train_job_result(rec);
    CHECK(r->has_gradients && r->flow_layers == L && r->flow_length == T);
    CHECK(!memcmp(r->flow_h, pr->flow_h + (size_t)(E - 1) * lt, sizeof *r->flow_h * lt));
    if (r->flow_c)
        CHECK(!memcmp(r->flow_c, pr->flow_c + (size_t)(E - 1) * lt, sizeof *r->flow_c * lt));
    float *h = calloc(lt, sizeof *h), *c = calloc(lt, sizeof *c);
    if (!h || !c)
        exit(99);
    int first, count;
    const struct data_set *d = train_job_data(rec);
    gradflow_probe_range(d->samples, &first, &count);
    CHECK(gradflow_measure(mr, d, first, count, h, c) == RT_OK);
    CHECK(!memcmp(h, r->flow_h, sizeof *h * lt));
    if (r->flow_c)
        CHECK(!memcmp(c, r->flow_c, sizeof *c * lt));
    struct data_split sp;
    data_split(d->samples, &sp);
    double share;
    int n_marked;
    CHECK(gradflow_marked_share(mr, d, sp.test_begin, sp.test_end - sp.test_begin, &share,
                                &n_marked) == RT_OK);
    CHECK(n_marked == r->n_marked && share == r->marked_share);
    CHECK(r->marked_share >= 0 && r->marked_share <= 100);
    printf("%-10s weights identical with recording; g(1)/g(T) layer 1 %.2e, layer 2 %.2e; "
           "marked share %.1f %%\n", cell_name(kind), r->flow_h[0] / r->flow_h[T - 1],
           r->flow_h[T] / r->flow_h[2 * T - 1], r->marked_share);
    /* through a JSON Lines log and back */
    struct runlog_data out, back;
    char path[64], why[256];
    snprintf(path, sizeof path, "gradflow-job-%d.jsonl", (int)kind);
    CHECK(runlog_data_from_job(rec, &out) == RT_OK);
    CHECK(out.flow_layers == L && out.flow_length == T && out.flow_h && out.result.has_gradients);
    CHECK(runlog_write(path, RUNLOG_JSONL, true, &out) == RT_OK);
    int rc = runlog_load(path, &back, why, sizeof why);
    CHECKF(rc == RT_OK, "%s", why);
    if (rc == RT_OK) {
        CHECK(back.config.gradients && back.flow_layers == L && back.flow_length == T);
        CHECK(back.flow_h && !memcmp(back.flow_h, pr->flow_h, sizeof *pr->flow_h * lt * (size_t)E));
        CHECK((back.flow_c != NULL) == (kind == CELL_LSTM));
        if (back.flow_c)
            CHECK(!memcmp(back.flow_c, pr->flow_c, sizeof *pr->flow_c * lt * (size_t)E));
        CHECK(back.has_result && back.result.has_gradients);
        CHECK(back.result.n_marked == r->n_marked && back.result.marked_share == r->marked_share);
        CHECK(!memcmp(back.result.flow_h, r->flow_h, sizeof *r->flow_h * lt));
        if (r->flow_c)
            CHECK(back.result.flow_c && !memcmp(back.result.flow_c, r->flow_c, sizeof *r->flow_c * lt));
        runlog_data_fini(&back);
    }
    runlog_data_fini(&out);
    remove(path);
    free(h);
    free(c);
    train_job_free(plain);
    train_job_free(rec);
    train_job_free(rec2);
}

int main(void)
{
    for (int k = 0; k < CELL_COUNT; k++)
        check_kind((enum cell_kind)k);

    struct train_config cfg;
    train_config_default(&cfg);
    cfg.gradients = true;
    const char *why = NULL;
    CHECK(train_config_check(&cfg, &why) == RT_OK);
    cfg.data.length = 20000;              /* 100 x 2 x 20000 x 2 > 4194304 */
    CHECK(train_config_check(&cfg, &why) == RT_EINVAL && why && strstr(why, "gradient"));
    cfg.gradients = false;
    CHECK(train_config_check(&cfg, NULL) == RT_OK);
    cfg.gradients = true;
    cfg.data.length = 100;
    cfg.epochs = 0;                       /* evaluate only: no per-epoch record */
    CHECK(train_config_check(&cfg, NULL) == RT_OK);
    return check_finish();
}
