/*
 * compare.c - compare mode: the rows, the table, the per-cell files and the
 * headless run. See compare.h.
 */
#include "config.h"

#include "compare.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "headless.h"
#include "memlimit.h"
#include "rnntui/iofile.h"
#include "rnntui/status.h"
#include "runfiles.h"

const enum cell_kind compare_cells[COMPARE_CELLS] = { CELL_RNN, CELL_LSTM, CELL_GRU };

/* ---- names ---- */

int compare_path(const char *path, enum cell_kind cell, char *buf, size_t n)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
        /* A device or a pipe (/dev/null, /dev/stdout): every cell writes it. */
        if (strlen(path) + 1 > n)
            return -1;
        memcpy(buf, path, strlen(path) + 1);
        return 0;
    }
    char name[32];
    const char *cn = cell_name(cell);
    size_t k = 0;
    for (; cn[k] && k + 1 < sizeof name; k++)
        name[k] = (char)tolower((unsigned char)cn[k]);
    name[k] = '\0';
    /* The extension: from the last '.' of the file name, unless that is its
     * first character (".log" is a name, not an extension). */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot > base ? (size_t)(dot - path) : strlen(path);
    int len = snprintf(buf, n, "%.*s-%s%s", (int)stem, path, name, path + stem);
    return len < 0 || (size_t)len >= n ? -1 : 0;
}

int compare_first_below(const float *val_loss, int n, double threshold)
{
    for (int i = 0; i < n; i++)
        if (val_loss[i] < threshold)
            return i + 1;
    return 0;
}

/* ---- rows ---- */

void compare_row_init(struct compare_row *r, enum cell_kind cell, const struct train_config *cfg)
{
    memset(r, 0, sizeof *r);
    struct model_config m = cfg->model;
    m.cell = cell;
    r->cell = cell;
    r->status = COMPARE_WAITING;
    r->params = model_param_count(&m);
    r->epochs = cfg->epochs;
    r->loss = r->val_loss = r->test_loss = r->correctness = NAN;
}

void compare_row_progress(struct compare_row *r, const float *loss, const float *val_loss, int n,
                          double seconds)
{
    r->epochs_done = n;
    if (n > 0) {
        r->loss = loss[n - 1];
        r->val_loss = val_loss[n - 1];
    }
    r->first_below = compare_first_below(val_loss, n, COMPARE_THRESHOLD);
    r->seconds = seconds;
}

void compare_row_finish(struct compare_row *r, struct train_job *job, int status)
{
    const struct train_progress *p = train_job_progress(job);
    int n = atomic_load_explicit(&((struct train_progress *)p)->epochs_done, memory_order_acquire);
    struct train_snapshot snap;
    train_job_snapshot(job, &snap);
    compare_row_progress(r, p->loss, p->val_loss, n, snap.elapsed);
    switch (status) {
    case RT_OK: {
        const struct train_result *res = train_job_result(job);
        r->status = COMPARE_DONE;
        r->test_loss = res->test_loss;
        r->correctness = res->correctness;
        break;
    }
    case RT_ECANCELED:
        r->status = COMPARE_CANCELLED;
        break;
    case RT_EDIVERGED:
        r->status = COMPARE_DIVERGED;
        r->diverged_epoch = snap.diverged_epoch;
        break;
    default:
        r->status = COMPARE_FAILED;
        break;
    }
}

/* ---- the table ---- */

/* 11311 -> "11,311" */
static void count_text(size_t v, char *buf, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", v), o = 0;
    for (int i = 0; i < len && (size_t)o + 2 < size; i++) {
        if (i && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

/* A loss with four decimals, as Keras prints it; "3.9e-04" below 1e-3;
 * "-" when there is none. */
static void loss_text(double v, bool have, char *buf, size_t n)
{
    if (!have || isnan(v))
        snprintf(buf, n, "-");
    else if (v != 0.0 && fabs(v) < 1e-3)
        snprintf(buf, n, "%.1e", v);
    else
        snprintf(buf, n, "%.4f", v);
}

static const char *status_word(const struct compare_row *r)
{
    switch (r->status) {
    case COMPARE_WAITING:   return "waiting";
    case COMPARE_RUNNING:   return "running";
    case COMPARE_CANCELLED: return "cancelled";
    case COMPARE_DIVERGED:  return "diverged";
    case COMPARE_FAILED:    return "failed";
    case COMPARE_SKIPPED:   return "not run";
    case COMPARE_DONE:      break;
    }
    return "";
}

void compare_format_row(const struct compare_row *r, bool compact, char *buf, size_t n)
{
    if (!r) {
        if (compact)
            snprintf(buf, n, "%-9s %7s %8s %9s %9s  %s", "cell", "params", "val_loss",
                     "test_loss", "correct", "val<0.01");
        else
            snprintf(buf, n, "%-9s %7s %8s %8s %9s %11s %7s  %s", "cell", "params", "loss",
                     "val_loss", "test_loss", "correctness", "time", "val<0.01");
        return;
    }
    char params[32], loss[24], val[24], test[24], correct[24], secs[24], below[24];
    count_text(r->params, params, sizeof params);
    bool have = r->epochs_done > 0;
    loss_text(r->loss, have, loss, sizeof loss);
    loss_text(r->val_loss, have, val, sizeof val);
    bool done = r->status == COMPARE_DONE;
    loss_text(r->test_loss, done, test, sizeof test);
    if (done)
        snprintf(correct, sizeof correct, "%.1f %%", r->correctness);
    else
        snprintf(correct, sizeof correct, "%s", status_word(r));
    bool started = r->status != COMPARE_WAITING && r->status != COMPARE_SKIPPED;
    if (started)
        snprintf(secs, sizeof secs, r->seconds < 10 ? "%.2fs" : r->seconds < 1000 ? "%.1fs" : "%.0fs",
                 r->seconds);
    else
        snprintf(secs, sizeof secs, "-");
    if (r->first_below > 0)
        snprintf(below, sizeof below, "epoch %d", r->first_below);
    else if (started && r->status != COMPARE_RUNNING)
        snprintf(below, sizeof below, "never");
    else
        snprintf(below, sizeof below, "-");
    if (compact)
        snprintf(buf, n, "%-9s %7s %8s %9s %9s  %s", cell_name(r->cell), params, val, test,
                 correct, below);
    else
        snprintf(buf, n, "%-9s %7s %8s %8s %9s %11s %7s  %s", cell_name(r->cell), params, loss,
                 val, test, correct, secs, below);
}

void compare_print_table(FILE *out, const struct train_config *cfg,
                         const struct compare_row *rows, int n)
{
    char line[160];
    fprintf(out, "\nComparison on the same data (%d samples of %d steps, seed %" PRIu64 "):\n"
                 "%d layer%s of %d units, %d epoch%s, batch %d, learning rate %g\n\n",
            cfg->data.samples, cfg->data.length, cfg->seed, cfg->model.layers,
            cfg->model.layers == 1 ? "" : "s", cfg->model.units, cfg->epochs,
            cfg->epochs == 1 ? "" : "s", cfg->batch_size, cfg->learning_rate);
    compare_format_row(NULL, false, line, sizeof line);
    fprintf(out, "%s\n", line);
    for (int i = 0; i < n; i++) {
        compare_format_row(&rows[i], false, line, sizeof line);
        fprintf(out, "%s", line);
        if (rows[i].status == COMPARE_DIVERGED && rows[i].diverged_epoch)
            fprintf(out, "  (diverged in epoch %d)", rows[i].diverged_epoch);
        fputc('\n', out);
    }
    fprintf(out, "\nloss, val_loss: the last epoch's; time: the training time;\n"
                 "val<0.01: the first epoch whose val_loss is below %g\n", COMPARE_THRESHOLD);
}

/* ---- per-cell files ---- */

int compare_cell_options(const struct options *opts, int k, struct compare_names *names,
                         struct options *out)
{
    *out = *opts;
    out->train.model.cell = compare_cells[k];
    out->train.init_params = NULL;
    out->load_weights = NULL;
    if (k > 0)
        out->export_data = NULL;         /* the same data for every cell: written once */
    if (opts->log_path) {
        if (compare_path(opts->log_path, compare_cells[k], names->log, sizeof names->log))
            return -1;
        out->log_path = names->log;
    }
    if (opts->save_weights) {
        if (compare_path(opts->save_weights, compare_cells[k], names->weights, sizeof names->weights))
            return -1;
        out->save_weights = names->weights;
    }
    if (opts->plot) {
        if (compare_path(opts->plot, compare_cells[k], names->plot, sizeof names->plot))
            return -1;
        out->plot = names->plot;
    }
    return 0;
}

int compare_check_outputs(const struct options *opts, char *err, size_t n, char *brief, size_t bn)
{
    static struct compare_names names[COMPARE_CELLS];
    for (int k = 0; k < COMPARE_CELLS; k++) {
        struct options o;
        if (compare_cell_options(opts, k, &names[k], &o)) {
            snprintf(err, n, "an output file name is too long for --compare");
            if (brief)
                snprintf(brief, bn, "an output file name is too long");
            return 1;
        }
        const struct { const char *path, *opt; } out[] = {
            { o.log_path, "--log" }, { o.save_weights, "--save-weights" }, { o.plot, "--plot" },
        };
        for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) {
            if (!out[i].path)
                continue;
            int rc = iofile_check_output(out[i].path, opts->force);
            if (rc != RT_OK) {
                int e = errno;
                const char *why = rc == RT_EIO ? strerror(e) : rt_strerror(rc);
                bool exists = rc == RT_EIO && e == EEXIST;
                snprintf(err, n, "cannot write %s (%s with --compare): %s%s", out[i].path, out[i].opt,
                         why, exists ? " (use --force to replace it)" : "");
                if (brief)
                    snprintf(brief, bn, "%s: %s%s", out[i].path, why, exists ? " (--force replaces it)" : "");
                return 1;
            }
        }
    }
    return 0;
}

/* ---- the headless run ---- */

int compare_run(const struct options *opts)
{
    headless_signals();
    char err[1024];
    for (int k = 0; k < COMPARE_CELLS; k++) {      /* every cell's memory, before training */
        struct train_config tc = opts->train;
        tc.model.cell = compare_cells[k];
        if (memlimit_check(opts, &tc, false, err, sizeof err)) {
            fprintf(stderr, "rnntui: %s (--compare, %s)\n", err, cell_name(compare_cells[k]));
            return 2;
        }
    }
    if (compare_check_outputs(opts, err, sizeof err, NULL, 0)) {  /* every cell's files, before training */
        fprintf(stderr, "rnntui: %s\n", err);
        return 1;
    }
    struct compare_row rows[COMPARE_CELLS];
    for (int k = 0; k < COMPARE_CELLS; k++)
        compare_row_init(&rows[k], compare_cells[k], &opts->train);

    int rc = 0;
    bool stop = false;
    for (int k = 0; k < COMPARE_CELLS && !stop; k++) {
        struct compare_names names;
        struct options o;
        compare_cell_options(opts, k, &names, &o);   /* fitted in compare_check_outputs() */
        struct train_config tc = o.train;
        printf("%sCompare %d/%d: %s\n", k ? "\n" : "", k + 1, COMPARE_CELLS, cell_name(compare_cells[k]));
        fflush(stdout);
        struct runfiles rf;
        if (runfiles_prepare(&rf, &o, &tc)) {
            fprintf(stderr, "rnntui: %s\n", rf.error);
            rc = 1;
            break;
        }
        rows[k].status = COMPARE_RUNNING;
        struct train_job *job = NULL;
        int one = headless_train(stdout, &tc, &rf, &job);
        runfiles_fini(&rf);
        if (job) {
            compare_row_finish(&rows[k], job, train_job_join(job));
            train_job_free(job);
        } else {
            rows[k].status = COMPARE_FAILED;
        }
        if (one >= 128 || headless_signal()) {
            rc = one >= 128 ? one : 128 + headless_signal();
            stop = true;
        } else if (one != 0) {
            rc = 1;
            /* A diverged or failed cell does not stop the others; a file
             * or stdout that cannot be written does. */
            stop = rows[k].status != COMPARE_DIVERGED && rows[k].status != COMPARE_FAILED;
            if (ferror(stdout))
                stop = true;
        }
    }
    for (int k = 0; k < COMPARE_CELLS; k++)
        if (rows[k].status == COMPARE_WAITING)
            rows[k].status = COMPARE_SKIPPED;
    if (!ferror(stdout)) {
        compare_print_table(stdout, &opts->train, rows, COMPARE_CELLS);
        if (fflush(stdout) == EOF && rc == 0)
            rc = 1;
    }
    return rc;
}
