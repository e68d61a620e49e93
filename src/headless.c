#include "config.h"

#include "headless.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "compare.h"
#include "memlimit.h"
#include "rnntui/status.h"
#include "runfiles.h"

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
}

int headless_signal(void)
{
    return (int)stop_signal;
}

void headless_signals(void)
{
    install_signals();
}

int headless_train(FILE *out, const struct train_config *cfg, struct runfiles *rf,
                   struct train_job **job_out)
{
    *job_out = NULL;
    headless_print_summary(out, cfg);
    fflush(out);

    struct train_job *job;
    int st = train_job_start(cfg, &job);
    if (st != RT_OK) {
        fprintf(stderr, "rnntui: cannot start training: %s\n", rt_strerror(st));
        return 1;
    }
    *job_out = job;
    struct data_split sp;
    data_split(cfg->data.samples, &sp);
    const int n_train = sp.train_end - sp.train_begin;
    const int batches = (n_train + cfg->batch_size - 1) / cfg->batch_size;
    const struct train_progress *p = train_job_progress(job);
    int shown = 0;
    bool write_failed = false;
    for (;;) {
        int done = train_job_wait(job, shown, 200);
        for (; shown < done && !write_failed; shown++) {
            print_epoch(out, p, shown, batches);
            if (fflush(out) == EOF || ferror(out))
                write_failed = true;
        }
        bool log_failed = runfiles_sync(rf, job) != 0;
        if (stop_signal || write_failed || log_failed)
            train_job_cancel(job);
        /* Once the job has ended, every epoch has been shown, or stdout is
         * gone and none will be. */
        int state = atomic_load_explicit(&p->state, memory_order_acquire);
        if (state != TRAIN_RUNNING && state != TRAIN_PAUSED &&
            (write_failed || shown == atomic_load_explicit(&p->epochs_done, memory_order_acquire)))
            break;
    }
    st = train_job_join(job);
    int rc = 0;
    if (write_failed) {
        rc = 1;            /* stdout is gone (a closed pipe): nothing more to say */
    } else if (st == RT_OK) {
        print_results(out, train_job_result(job));
        if (fflush(out) == EOF)
            rc = 1;
    } else if (st == RT_ECANCELED && rf->log_failed) {
        rc = 1;            /* runfiles_finish() reports the log */
    } else if (st == RT_ECANCELED) {
        fprintf(stderr, "rnntui: interrupted by signal %d after %d finished epoch%s\n",
                (int)stop_signal, shown, shown == 1 ? "" : "s");
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
    if (runfiles_finish(rf, job)) {
        fprintf(stderr, "rnntui: %s\n", rf->error);
        if (rc == 0)
            rc = 1;
    }
    return rc;
}

int headless_run(const struct options *opts)
{
    if (opts->compare)
        return compare_run(opts);
    struct train_config tc = opts->train;     /* --load-weights may set the model */
    install_signals();
    struct runfiles rf;
    if (runfiles_prepare(&rf, opts, &tc)) {   /* every bad path, before training */
        fprintf(stderr, "rnntui: %s\n", rf.error);
        return rf.too_big ? 2 : 1;            /* a memory estimate is a usage error */
    }
    struct train_job *job;
    int rc = headless_train(stdout, &tc, &rf, &job);
    runfiles_fini(&rf);
    train_job_free(job);
    return rc;
}
