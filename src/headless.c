#include "config.h"

#include "headless.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "compare.h"
#include "memlimit.h"
#include "rnntui/status.h"
#include "rnntui/sweep.h"
#include "runfiles.h"
#include "sweep_cli.h"

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);     /* the terminal went away: cancel as for SIGTERM */
    signal(SIGPIPE, SIG_IGN);         /* a closed pipe shows up as EPIPE on write */
}

/* 11311 -> "11,311" */
static const char *thousands(size_t n, char *buf, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n), o = 0;
    for (int i = 0; i < len && (size_t)o + 2 < size; i++) {
        if (i && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

void headless_print_summary(FILE *out, const struct train_config *cfg)
{
    const struct model_config *m = &cfg->model;
    const char *rule = "_________________________________________________________________";
    const char *dbl = "=================================================================";
    char name[64], shape[64], num[32];
    fprintf(out, "Model: \"sequential\"\n%s\n", rule);
    fprintf(out, " %-27s %-25s %s\n", "Layer (type)", "Output Shape", "Param #");
    fprintf(out, "%s\n", dbl);
    for (int l = 0; l <= m->layers; l++) {
        char lname[32];
        model_layer_name(m, l, lname, sizeof lname);
        snprintf(name, sizeof name, "%s (%s)", lname, l == m->layers ? "Dense" : cell_name(m->cell));
        if (l == m->layers)
            snprintf(shape, sizeof shape, "(None, 1)");
        else if (l < m->layers - 1)
            snprintf(shape, sizeof shape, "(None, %d, %d)", cfg->data.length, m->units);
        else
            snprintf(shape, sizeof shape, "(None, %d)", m->units);
        fprintf(out, " %-27s %-25s %zu\n", name, shape, model_layer_params(m, l));
        if (l < m->layers)
            fprintf(out, "\n");
    }
    size_t total = model_param_count(m);
    fprintf(out, "%s\n", dbl);
    fprintf(out, "Total params: %s\n", thousands(total, num, sizeof num));
    fprintf(out, "Trainable params: %s\n", thousands(total, num, sizeof num));
    fprintf(out, "Non-trainable params: 0\n");
    struct train_memory mem;
    train_config_memory(cfg, &mem);
    memlimit_format_bytes(mem.total, num, sizeof num);
    fprintf(out, "Memory needed: about %s (%d thread%s)\n%s\n", num, mem.threads,
            mem.threads == 1 ? "" : "s", rule);
}

/* "0s 3ms/step" as Keras prints the time of an epoch. */
static void print_timing(FILE *out, double seconds, int steps)
{
    double per = steps ? seconds / steps : 0;
    if (per >= 1e-3)
        fprintf(out, "%.0fs %.0fms/step", seconds, per * 1e3);
    else
        fprintf(out, "%.0fs %.0fus/step", seconds, per * 1e6);
}

static void print_epoch(FILE *out, const struct train_progress *p, int e, int batches)
{
    fprintf(out, "Epoch %d/%d\n", e + 1, p->epochs);
    fprintf(out, "%d/%d [==============================] - ", batches, batches);
    print_timing(out, p->seconds[e], batches);
    fprintf(out, " - loss: %.4f - val_loss: %.4f\n", p->loss[e], p->val_loss[e]);
}

static void print_results(FILE *out, const struct train_result *r)
{
    fprintf(out, "\nTest loss: %.6f\n\n", r->test_loss);
    fprintf(out, "%10s %11s %9s\n", "target", "prediction", "diff");
    for (int i = 0; i < r->table_rows; i++) {
        double d = (double)r->prediction[i] - (double)r->target[i];
        fprintf(out, "%10.4f %11.4f %9.4f%s\n", r->target[i], r->prediction[i], d < 0 ? -d : d,
                (d < 0 ? -d : d) > TRAIN_TOLERANCE ? "  x" : "");
    }
    fprintf(out, "\ncorrectness: %.1f %% (%d of %d test samples within %.2f)\n",
            r->correctness, r->n_correct, r->n_test, TRAIN_TOLERANCE);
    if (r->has_gradients)
        headless_print_gradients(out, r);
}

void headless_print_gradients(FILE *out, const struct train_result *r)
{
    const int T = r->flow_length;
    fprintf(out, "gradient flow g(1)/g(T):");
    for (int l = 0; l < r->flow_layers; l++)
        fprintf(out, "%s layer %d %.1e", l ? "," : "", l + 1,
                (double)r->flow_h[(size_t)l * T] / (double)r->flow_h[(size_t)l * T + T - 1]);
    fprintf(out, "\nlooks at the marked steps: %.1f %% of test samples\n", r->marked_share);
}

void headless_print_flow(FILE *out, int layers, int length, const float *h, const float *c)
{
    int steps[5] = { 1, 0, 0, 0, length };
    for (int k = 1; k < 4; k++)
        steps[k] = (int)((long long)length * k / 4);
    fprintf(out, "%-12s", "step");
    for (int k = 0; k < 5; k++)
        if (k == 0 || steps[k] > steps[k - 1])
            fprintf(out, " %8d", steps[k]);
    fprintf(out, "\n");
    for (int l = 0; l < layers; l++) {
        for (int which = 0; which < (c ? 2 : 1); which++) {
            const float *v = (which ? c : h) + (size_t)l * length;
            char name[32];
            snprintf(name, sizeof name, "layer %d %s", l + 1, which ? "c" : "h");
            fprintf(out, "%-12s", name);
            for (int k = 0; k < 5; k++)
                if (k == 0 || steps[k] > steps[k - 1])
                    fprintf(out, " %8.1e", (double)v[steps[k] - 1]);
            fprintf(out, "\n");
        }
    }
}

int headless_signal(void)
{
    return (int)stop_signal;
}

void headless_signals(void)
{
    install_signals();
}

/* ---- Keras-style runs on the runner (a single run, compare mode) ---- */

struct keras {
    const struct options *opts;
    struct sweep_plan *plan;
    bool compare;
    FILE *out;
    int rc;                       /* the exit status so far */
    struct runfiles rf;
    bool rf_open;
    struct compare_names names;
    struct options run_opts;      /* opts with run i's file names */
    int batches, shown;
    bool write_failed;
    struct sweep_runner *runner;
};

static int keras_start(void *ctx, int i, struct train_config *cfg)
{
    struct keras *k = ctx;
    if (k->compare) {
        fprintf(k->out, "%sCompare %d/%d: %s\n", i ? "\n" : "", i + 1, k->plan->n_runs,
                cell_name(cfg->model.cell));
        fflush(k->out);
        compare_cell_options(k->opts, i, &k->names, &k->run_opts);  /* fitted in compare_check_outputs() */
    } else {
        k->run_opts = *k->opts;
    }
    if (runfiles_prepare(&k->rf, &k->run_opts, cfg)) {     /* every bad path, before training */
        fprintf(stderr, "rnntui: %s\n", k->rf.error);
        k->rc = k->rf.too_big ? 2 : 1;        /* a memory estimate is a usage error */
        sweep_runner_stop(k->runner);
        return 1;
    }
    k->rf_open = true;
    headless_print_summary(k->out, cfg);
    if (fflush(k->out) == EOF || ferror(k->out)) {
        runfiles_stdout_error(stderr, errno);
        runfiles_abandon(&k->rf);             /* no run: no log of it */
        runfiles_fini(&k->rf);
        k->rf_open = false;
        k->rc = 1;
        sweep_runner_stop(k->runner);
        return 1;
    }
    struct data_split sp;
    data_split(cfg->data.samples, &sp);
    const int n_train = sp.train_end - sp.train_begin;
    k->batches = (n_train + cfg->batch_size - 1) / cfg->batch_size;
    k->shown = 0;
    k->write_failed = false;
    return 0;
}

static void keras_progress(void *ctx, int i, struct train_job *job)
{
    (void)i;
    struct keras *k = ctx;
    const struct train_progress *p = train_job_progress(job);
    int done = atomic_load_explicit(&((struct train_progress *)p)->epochs_done, memory_order_acquire);
    for (; k->shown < done && !k->write_failed; k->shown++) {
        print_epoch(k->out, p, k->shown, k->batches);
        if (fflush(k->out) == EOF || ferror(k->out)) {
            runfiles_stdout_error(stderr, errno);
            k->write_failed = true;
        }
    }
    bool log_failed = runfiles_sync(&k->rf, job) != 0;
    if (k->write_failed || log_failed)
        train_job_cancel(job);
}

static void keras_end(void *ctx, int i, struct train_job **jobp, int st)
{
    struct keras *k = ctx;
    struct train_job *job = *jobp;
    int rc = 0;
    if (!job) {
        fprintf(stderr, "rnntui: cannot start training: %s\n", rt_strerror(st));
        if (k->rf_open)
            runfiles_abandon(&k->rf);         /* no run: no log of it */
        rc = 1;
    } else {
        keras_progress(ctx, i, job);       /* the log's last records */
        if (k->write_failed) {
            rc = 1;            /* stdout is gone (a closed pipe): nothing more to say */
        } else if (st == RT_OK) {
            print_results(k->out, train_job_result(job));
            if (fflush(k->out) == EOF || ferror(k->out)) {
                runfiles_stdout_error(stderr, errno);
                rc = 1;
            }
        } else if (st == RT_ECANCELED && k->rf.log_failed) {
            rc = 1;            /* runfiles_finish() reports the log */
        } else if (st == RT_ECANCELED) {
            fprintf(stderr, "rnntui: interrupted by signal %d after %d finished epoch%s\n",
                    (int)stop_signal, k->shown, k->shown == 1 ? "" : "s");
            rc = 128 + (int)stop_signal;
        } else if (st == RT_EDIVERGED) {
            struct train_snapshot snap;
            train_job_snapshot(job, &snap);
            fprintf(stderr, "rnntui: training diverged at epoch %d: loss %g is NaN, Inf or above %g "
                    "(try a smaller --learning-rate)\n", snap.diverged_epoch, snap.diverged_loss,
                    TRAIN_DIVERGED_LOSS);
            rc = 1;
        } else {
            fprintf(stderr, "rnntui: training failed: %s\n", rt_strerror(st));
            rc = 1;
        }
        if (runfiles_finish(&k->rf, job)) {
            fprintf(stderr, "rnntui: %s\n", k->rf.error);
            if (rc == 0)
                rc = 1;
        }
    }
    if (k->rf_open)
        runfiles_fini(&k->rf);
    k->rf_open = false;
    /* A diverged or failed run does not stop a comparison; a signal, a
     * file or stdout that cannot be written does. */
    if (rc >= 128 || stop_signal) {
        k->rc = rc >= 128 ? rc : 128 + (int)stop_signal;
        sweep_runner_stop(k->runner);
    } else if (rc != 0) {
        k->rc = 1;
        bool failed = !job || (st != RT_OK && st != RT_ECANCELED);   /* diverged too */
        if (!failed || ferror(k->out))
            sweep_runner_stop(k->runner);
    }
}

int headless_keras(const struct options *opts, struct sweep_plan *plan, bool compare)
{
    install_signals();
    struct keras k = { .opts = opts, .plan = plan, .compare = compare, .out = stdout };
    struct sweep_hooks hooks = { &k, keras_start, keras_progress, keras_end };
    int rc = sweep_runner_new(plan, 1, 0, &hooks, &k.runner);
    if (rc != RT_OK) {
        fprintf(stderr, "rnntui: %s\n", rt_strerror(rc));
        return 1;
    }
    bool stopping = false;
    while (sweep_runner_poll(k.runner)) {
        if (stop_signal && !stopping) {
            sweep_runner_stop(k.runner);
            stopping = true;
        }
        sweep_runner_wait(k.runner, 200);
    }
    sweep_runner_free(k.runner);
    return k.rc;
}

int headless_run(const struct options *opts)
{
    if (opts->sweep.n_axes)
        return sweep_cli_run(opts);
    if (opts->compare)
        return compare_run(opts);
    struct sweep_run run;
    memset(&run, 0, sizeof run);
    run.cfg = opts->train;                    /* --load-weights may set the model (keras_start) */
    sweep_outcome_init(&run.out);
    struct sweep_plan plan;
    if (sweep_plan_from_runs(&run, 1, NULL, 0, &plan) != RT_OK) {
        fprintf(stderr, "rnntui: %s\n", rt_strerror(RT_ENOMEM));
        return 1;
    }
    plan.runs[0].cfg.init_params = NULL;
    int rc = headless_keras(opts, &plan, false);
    sweep_plan_fini(&plan);
    return rc;
}
