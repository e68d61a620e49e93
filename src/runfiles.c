#include "config.h"

#include "runfiles.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rnntui/cell.h"
#include "rnntui/iofile.h"
#include "rnntui/npy.h"
#include "rnntui/plot.h"
#include "rnntui/status.h"
#include "headless.h"
#include "memlimit.h"

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void runfiles_say(struct runfiles *rf, const char *fmt, ...)
{
    size_t n = strlen(rf->error);
    if (n && n + 10 < sizeof rf->error) {
        /* One line per problem; the caller prints the first "rnntui: ". */
        n += (size_t)snprintf(rf->error + n, sizeof rf->error - n, "\nrnntui: ");
    }
    if (n >= sizeof rf->error - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rf->error + n, sizeof rf->error - n, fmt, ap);
    va_end(ap);
}

/* "cannot write PATH (--opt): reason", with the --force hint for EEXIST. */
static void runfiles_write_error(struct runfiles *rf, const char *path, const char *opt, int rc)
{
    int e = errno;
    const char *reason = rc == RT_EIO ? strerror(e) : rt_strerror(rc);
    runfiles_say(rf, "cannot write %s (%s): %s%s", path, opt, reason,
                 rc != RT_EIO ? "" : e == EEXIST ? " (use --force to replace it)"
                 : e == ENXIO ? " (a FIFO that no process reads)" : "");
}

static int runfiles_load_weights(struct runfiles *rf, const char *path, struct train_config *cfg)
{
    char why[256];
    int rc = weights_load(path, &rf->weights, why, sizeof why);
    if (rc != RT_OK) {
        runfiles_say(rf, "cannot load weights %s: %s", path, why);
        return 1;
    }
    if (!rf->opts->arch_given) {
        cfg->model.cell = rf->weights.model.cell;
        cfg->model.units = rf->weights.model.units;
        cfg->model.layers = rf->weights.model.layers;
    }
    if (weights_match(&rf->weights, &cfg->model, why, sizeof why) != RT_OK) {
        runfiles_say(rf, "cannot load weights %s: %s%s", path, why,
                     rf->opts->arch_given ? " (leave out --cell, --units and --layers to use the file's)" : "");
        weights_fini(&rf->weights);
        return 1;
    }
    cfg->init_params = rf->weights.params;
    return 0;
}

int runfiles_clash_list(const struct runfiles_name *v, int n, char *err, size_t en)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            if (!v[i].path || !v[j].path || strcmp(v[i].opt, v[j].opt) == 0)
                continue;
            if (iofile_same_file(v[i].path, v[j].path)) {
                bool input = v[i].input || v[j].input;
                snprintf(err, en, "%s %s and %s %s are the same file%s", v[i].opt, v[i].path,
                         v[j].opt, v[j].path,
                         input ? ": an output cannot replace an input"
                               : ": give each output its own name");
                return 1;
            }
        }
    return 0;
}

int runfiles_clash(const struct options *opts, char *err, size_t en)
{
    static char files[NPY_EXPORT_FILES][4096 + 32];
    struct runfiles_name v[6 + NPY_EXPORT_FILES] = {
        { opts->load_weights, "--load-weights", true }, { opts->view, "--view", true },
        { opts->log_path, "--log", false }, { opts->save_weights, "--save-weights", false },
        { opts->plot, "--plot", false }, { opts->export_data, "--export-data", false },
    };
    int n = 6;
    if (opts->export_data) {
        /* The files of the set; "--export-data" names them all, so they are
         * not compared with each other or with the directory. */
        for (int i = 0; i < NPY_EXPORT_FILES; i++) {
            snprintf(files[i], sizeof files[i], "%s/%s", opts->export_data, npy_export_names[i]);
            v[n++] = (struct runfiles_name){ files[i], "--export-data", false };
        }
    }
    return runfiles_clash_list(v, n, err, en);
}

/* "cannot write DIR/NAME (--export-data): reason". */
static void runfiles_export_error(struct runfiles *rf, const char *dir, const char *bad, int rc)
{
    int e = errno;
    if (rc == RT_EIO && e == ENOTEMPTY && bad && *bad) {
        runfiles_say(rf, "cannot write %s (--export-data): it holds %s, which is not part of an "
                         "export (give a new or empty directory)", dir, bad);
        return;
    }
    char where[4096 + 300];
    snprintf(where, sizeof where, "%s%s%s", dir, bad && *bad ? "/" : "", bad ? bad : "");
    errno = e;
    runfiles_write_error(rf, where, "--export-data", rc);
}

int runfiles_check(struct runfiles *rf, const struct options *opts, struct train_config *cfg)
{
    memset(rf, 0, sizeof *rf);
    rf->opts = opts;
    int rc;
    if (runfiles_clash(opts, rf->error, sizeof rf->error))
        return 1;
    if (opts->load_weights && runfiles_load_weights(rf, opts->load_weights, cfg))
        return 1;
    /* The model is known now (the file's with --load-weights). The screen
     * checks when a run starts, with the settings of that run. */
    if (opts->mode != OPT_MODE_UI && memlimit_check(opts, cfg, false, rf->error, sizeof rf->error)) {
        rf->too_big = true;
        goto fail;
    }
    /* Check every output before creating any, so a bad one leaves nothing. */
    if (opts->log_path && (rc = iofile_check_output(opts->log_path, opts->force)) != RT_OK) {
        runfiles_write_error(rf, opts->log_path, "--log", rc);
        goto fail;
    }
    if (opts->save_weights && (rc = iofile_check_output(opts->save_weights, opts->force)) != RT_OK) {
        runfiles_write_error(rf, opts->save_weights, "--save-weights", rc);
        goto fail;
    }
    if (opts->plot && (rc = iofile_check_output(opts->plot, opts->force)) != RT_OK) {
        runfiles_write_error(rf, opts->plot, "--plot", rc);
        goto fail;
    }
    if (opts->export_data) {
        char bad[256];
        rc = npy_export_check(opts->export_data, opts->force, bad, sizeof bad);
        if (rc != RT_OK) {
            runfiles_export_error(rf, opts->export_data, bad, rc);
            goto fail;
        }
    }
    return 0;
fail:
    cfg->init_params = NULL;
    weights_fini(&rf->weights);
    return 1;
}

int runfiles_open_log(struct runfiles *rf, const struct train_config *cfg)
{
    const struct options *opts = rf->opts;
    if (!opts->log_path || rf->log)
        return 0;
    int rc = runlog_open(opts->log_path, opts->log_format, opts->force, cfg, &rf->log);
    if (rc != RT_OK) {
        runfiles_write_error(rf, opts->log_path, "--log", rc);
        return 1;
    }
    return 0;
}

int runfiles_prepare(struct runfiles *rf, const struct options *opts, struct train_config *cfg)
{
    if (runfiles_check(rf, opts, cfg))
        return 1;
    if (runfiles_open_log(rf, cfg)) {
        cfg->init_params = NULL;
        weights_fini(&rf->weights);
        return 1;
    }
    return 0;
}

void runfiles_abandon(struct runfiles *rf)
{
    runlog_discard(rf->log);
    rf->log = NULL;
}

int runfiles_sync(struct runfiles *rf, struct train_job *job)
{
    if (rf->log_failed)
        return 1;
    if (!rf->log)
        return 0;
    if (runlog_sync(rf->log, job) == RT_OK)
        return 0;
    int e = errno;
    runfiles_say(rf, "cannot write %s (--log): %s; it holds the first %d epoch%s",
                 rf->opts->log_path, strerror(e), runlog_rows(rf->log),
                 runlog_rows(rf->log) == 1 ? "" : "s");
    rf->log_failed = true;
    return 1;
}

int runfiles_finish(struct runfiles *rf, struct train_job *job)
{
    const struct options *o = rf->opts;
    int bad = 0;
    const struct train_progress *p = train_job_progress(job);
    int state = atomic_load_explicit(&((struct train_progress *)p)->state, memory_order_acquire);
    bool done = state == TRAIN_DONE;
    struct train_snapshot snap;
    train_job_snapshot(job, &snap);
    if (state == TRAIN_FAILED && snap.diverged_epoch == 0 &&
        atomic_load_explicit(&((struct train_progress *)p)->epochs_done, memory_order_acquire) == 0) {
        /* The run failed before its first epoch (out of memory making the
         * data or the model): it leaves no files, not a log of nothing. */
        runfiles_abandon(rf);
        return 0;
    }
    if (rf->log) {
        if (!rf->log_failed)
            bad |= runfiles_sync(rf, job);
        int rc = runlog_close(rf->log);
        rf->log = NULL;
        if (rc != RT_OK && !rf->log_failed) {
            runfiles_write_error(rf, o->log_path, "--log", rc);
            bad = 1;
        }
    }
    bad |= rf->log_failed;
    if (o->save_weights) {
        const struct model *m = train_job_model(job);
        if (!done || !m) {
            runfiles_say(rf, "weights not saved to %s: the run did not finish", o->save_weights);
            bad = 1;
        } else {
            int rc = weights_save(o->save_weights, o->force, m);
            if (rc != RT_OK) {
                runfiles_write_error(rf, o->save_weights, "--save-weights", rc);
                bad = 1;
            }
        }
    }
    if (o->export_data) {
        const struct data_set *d = train_job_data(job);
        if (!d || !d->x) {
            runfiles_say(rf, "data not exported to %s: the data set was not generated", o->export_data);
            bad = 1;
        } else {
            char which[256];
            int rc = npy_export_data(o->export_data, o->force, d, which, sizeof which);
            if (rc != RT_OK) {
                runfiles_export_error(rf, o->export_data, which, rc);
                bad = 1;
            }
        }
    }
    if (o->plot) {
        struct runlog_data run;
        int rc = runlog_data_from_job(job, &run);
        if (rc == RT_OK)
            rc = plot_svg_write(o->plot, o->force, &run, NULL);
        runlog_data_fini(&run);
        if (rc != RT_OK) {
            runfiles_write_error(rf, o->plot, "--plot", rc);
            bad = 1;
        }
    }
    return bad ? 1 : 0;
}

void runfiles_fini(struct runfiles *rf)
{
    if (rf->log)
        runlog_close(rf->log);
    rf->log = NULL;
    weights_fini(&rf->weights);
}

void runfiles_stdout_error(FILE *err, int e)
{
    if (e != EPIPE)          /* a closed pipe (| head) ends quietly */
        fprintf(err, "rnntui: cannot write to standard output: %s\n", strerror(e ? e : EIO));
}

/* ---- --view without a screen ---- */

int runfiles_view_load(const char *path, struct runlog_data *out, char *err, size_t n)
{
    char why[256];
    int rc = runlog_load(path, out, why, sizeof why);
    if (rc == RT_OK)
        return 0;
    snprintf(err, n, "cannot view %s: %s", path, why);
    return 1;
}

static void runfiles_print_run(FILE *out, const char *path, const struct runlog_data *d)
{
    fprintf(out, "Run log: %s (%s%s%s)\n", path, runlog_format_name(d->format),
            d->version[0] ? ", rnntui " : "", d->version);
    if (d->has_config) {
        const struct train_config *c = &d->config;
        fprintf(out, "%s, %d layer%s of %d unit%s, seed %llu, %d epoch%s, batch %d, "
                     "learning rate %g, %d samples of %d steps%s\n",
                cell_name(c->model.cell), c->model.layers, c->model.layers == 1 ? "" : "s",
                c->model.units, c->model.units == 1 ? "" : "s", (unsigned long long)c->seed, c->epochs, c->epochs == 1 ? "" : "s",
                c->batch_size, c->learning_rate, c->data.samples, c->data.length,
                d->loaded_weights ? ", from loaded weights" : "");
    }
    int total = d->has_config ? d->config.epochs : d->epochs;
    for (int i = 0; i < d->epochs; i++) {
        fprintf(out, "Epoch %d/%d - loss: %.4f - val_loss: %.4f", i + 1, total, d->loss[i],
                d->val_loss[i]);
        if (isfinite(d->seconds[i]))
            fprintf(out, " - %.3fs", d->seconds[i]);
        fputc('\n', out);
    }
    if (d->format == RUNLOG_JSONL) {
        fprintf(out, "Status: %s", runlog_status_name(d->status));
        if (d->status == RUNLOG_DIVERGED && d->diverged_epoch)
            fprintf(out, " at epoch %d", d->diverged_epoch);
        fputc('\n', out);
    }
    if (d->has_result) {
        const struct train_result *r = &d->result;
        fprintf(out, "\nTest loss: %.6f\n\n", r->test_loss);
        fprintf(out, "%10s %11s %9s\n", "target", "prediction", "diff");
        for (int i = 0; i < r->table_rows; i++) {
            double diff = fabs((double)r->prediction[i] - (double)r->target[i]);
            fprintf(out, "%10.4f %11.4f %9.4f%s\n", r->target[i], r->prediction[i], diff,
                    diff > TRAIN_TOLERANCE ? "  x" : "");
        }
        fprintf(out, "\ncorrectness: %.1f %% (%d of %d test samples within %.2f)\n",
                r->correctness, r->n_correct, r->n_test, TRAIN_TOLERANCE);
        if (r->has_gradients) {
            headless_print_gradients(out, r);
            fprintf(out, "\nGradient flow of the final model, mean ||dL/dh_t|| (c: ||dL/dc_t||) "
                         "over the probe samples:\n");
            headless_print_flow(out, r->flow_layers, r->flow_length, r->flow_h, r->flow_c);
        }
    }
    if (d->flow_h && d->epochs > 0) {
        /* the record per epoch: where the gradient reaches, as training went */
        const size_t lt = (size_t)d->flow_layers * d->flow_length;
        const int T = d->flow_length;
        fprintf(out, "\nGradient flow g(1)/g(T) by epoch:\n");
        for (int i = 0; i < d->epochs; i++) {
            const float *g = d->flow_h + (size_t)i * lt;
            if (isnan(g[0]))
                continue;
            fprintf(out, "Epoch %d/%d - val_loss: %.4f - g(1)/g(T):", i + 1, d->config.epochs,
                    d->val_loss[i]);
            for (int l = 0; l < d->flow_layers; l++)
                fprintf(out, "%s layer %d %.1e", l ? "," : "", l + 1,
                        (double)g[(size_t)l * T] / (double)g[(size_t)l * T + T - 1]);
            fputc('\n', out);
        }
    }
}

int runfiles_view(const struct options *opts, FILE *out, FILE *err)
{
    struct runfiles rf;
    memset(&rf, 0, sizeof rf);
    rf.opts = opts;
    int rc;
    if (opts->plot && (rc = iofile_check_output(opts->plot, opts->force)) != RT_OK) {
        runfiles_write_error(&rf, opts->plot, "--plot", rc);
        fprintf(err, "rnntui: %s\n", rf.error);
        return 1;
    }
    struct runlog_data run;
    if (runfiles_view_load(opts->view, &run, rf.error, sizeof rf.error)) {
        fprintf(err, "rnntui: %s\n", rf.error);
        return 1;
    }
    int status = 0;
    if (opts->plot) {
        const char *base = strrchr(opts->view, '/');
        rc = plot_svg_write(opts->plot, opts->force, &run, base ? base + 1 : opts->view);
        if (rc != RT_OK) {
            runfiles_write_error(&rf, opts->plot, "--plot", rc);
            fprintf(err, "rnntui: %s\n", rf.error);
            status = 1;
        }
    }
    if (opts->mode == OPT_MODE_HEADLESS) {
        runfiles_print_run(out, opts->view, &run);
        if (fflush(out) != 0 || ferror(out)) {
            runfiles_stdout_error(err, errno);
            status = 1;
        }
    }
    runlog_data_fini(&run);
    return status;
}
