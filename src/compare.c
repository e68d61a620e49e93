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
#include "rnntui/npy.h"
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

int compare_plan(const struct train_config *cfg, struct sweep_plan *out, char *why, size_t n)
{
    struct sweep_spec spec;
    sweep_spec_init(&spec);
    struct train_config base = *cfg;
    base.init_params = NULL;
    int rc = sweep_spec_add_axis(&spec, SWEEP_CELL, "rnn,lstm,gru", why, n);
    if (rc == RT_OK)
        rc = sweep_plan_build(&spec, &base, out, why, n);
    sweep_spec_fini(&spec);
    return rc;
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
    r->gradients = cfg->gradients;
    r->marked_share = NAN;
    r->loss = r->val_loss = r->test_loss = r->correctness = NAN;
}

void compare_row_from_outcome(struct compare_row *r, const struct sweep_outcome *o)
{
    static const enum compare_status status[] = {
        [SWEEP_WAITING] = COMPARE_WAITING, [SWEEP_RUNNING] = COMPARE_RUNNING,
        [SWEEP_DONE] = COMPARE_DONE, [SWEEP_CANCELLED] = COMPARE_CANCELLED,
        [SWEEP_DIVERGED] = COMPARE_DIVERGED, [SWEEP_FAILED] = COMPARE_FAILED,
        [SWEEP_SKIPPED] = COMPARE_SKIPPED,
    };
    r->status = status[o->status];
    r->epochs_done = o->epochs_done;
    r->loss = o->loss;
    r->val_loss = o->val_loss;
    r->test_loss = o->test_loss;
    r->correctness = o->correctness;
    r->seconds = o->seconds;
    r->first_below = o->first_below;
    r->diverged_epoch = o->diverged_epoch;
    r->marked_share = o->marked_share;
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

void compare_format_share(const struct compare_row *r, char *buf, size_t n)
{
    if (!r)
        snprintf(buf, n, "%7s", "marked");
    else if (r->status == COMPARE_DONE && !isnan(r->marked_share))
        snprintf(buf, n, "%5.1f %%", r->marked_share);
    else
        snprintf(buf, n, "%7s", "-");
}

void compare_print_table(FILE *out, const struct train_config *cfg,
                         const struct compare_row *rows, int n)
{
    char line[160];
    fprintf(out, "\nComparison on the same data (%d samples of %d steps, seed %" PRIu64 "):\n"
                 "%d layer%s of %d unit%s, %d epoch%s, batch %d, learning rate %g\n\n",
            cfg->data.samples, cfg->data.length, cfg->seed, cfg->model.layers,
            cfg->model.layers == 1 ? "" : "s", cfg->model.units, cfg->model.units == 1 ? "" : "s",
            cfg->epochs,
            cfg->epochs == 1 ? "" : "s", cfg->batch_size, cfg->learning_rate);
    const bool share = n > 0 && rows[0].gradients;
    char marked[24];
    compare_format_row(NULL, false, line, sizeof line);
    compare_format_share(NULL, marked, sizeof marked);
    fprintf(out, "%s%s%s\n", line, share ? "  " : "", share ? marked : "");
    for (int i = 0; i < n; i++) {
        compare_format_row(&rows[i], false, line, sizeof line);
        compare_format_share(&rows[i], marked, sizeof marked);
        fprintf(out, "%s", line);
        if (share)
            fprintf(out, "%*s%s", (int)(strlen(line) < 75 ? 75 - strlen(line) : 0) + 2, "", marked);
        if (rows[i].status == COMPARE_DIVERGED && rows[i].diverged_epoch)
            fprintf(out, "  (diverged in epoch %d)", rows[i].diverged_epoch);
        fputc('\n', out);
    }
    fprintf(out, "\nloss, val_loss: the last epoch's; time: the training time;\n"
                 "val<0.01: the first epoch whose val_loss is below %g\n", COMPARE_THRESHOLD);
    if (share)
        fprintf(out, "marked: the share of test samples whose two largest |d prediction / d value_t|\n"
                     "are the two marked steps\n");
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

int compare_clash(const struct options *opts, char *err, size_t n)
{
    static struct compare_names names[COMPARE_CELLS];
    static char labels[COMPARE_CELLS][3][48];
    static char files[NPY_EXPORT_FILES][4096 + 32];
    struct runfiles_name v[2 + 3 * COMPARE_CELLS + 1 + NPY_EXPORT_FILES];
    int k = 0;
    v[k++] = (struct runfiles_name){ opts->load_weights, "--load-weights", true };
    v[k++] = (struct runfiles_name){ opts->view, "--view", true };
    for (int c = 0; c < COMPARE_CELLS; c++) {
        struct options o;
        if (compare_cell_options(opts, c, &names[c], &o))
            return 0;                    /* too long: compare_check_outputs() says so */
        const char *path[3] = { o.log_path, o.save_weights, o.plot };
        const char *opt[3] = { "--log", "--save-weights", "--plot" };
        for (int i = 0; i < 3; i++) {
            snprintf(labels[c][i], sizeof labels[c][i], "%s (%s)", opt[i], cell_name(compare_cells[c]));
            v[k++] = (struct runfiles_name){ path[i], labels[c][i], false };
        }
    }
    v[k++] = (struct runfiles_name){ opts->export_data, "--export-data", false };
    for (int i = 0; opts->export_data && i < NPY_EXPORT_FILES; i++) {
        snprintf(files[i], sizeof files[i], "%s/%s", opts->export_data, npy_export_names[i]);
        v[k++] = (struct runfiles_name){ files[i], "--export-data", false };
    }
    return runfiles_clash_list(v, k, err, n);
}

int compare_check_outputs(const struct options *opts, char *err, size_t n, char *brief, size_t bn)
{
    static struct compare_names names[COMPARE_CELLS];
    if (compare_clash(opts, err, n)) {       /* the screen's C: per-cell names of one run's */
        if (brief)
            snprintf(brief, bn, "%s", err);
        return 1;
    }
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
    struct sweep_plan plan;
    if (compare_plan(&opts->train, &plan, err, sizeof err) != RT_OK) {
        fprintf(stderr, "rnntui: cannot compare: %s\n", err);
        return 1;
    }
    int rc = headless_keras(opts, &plan, true);
    struct compare_row rows[COMPARE_CELLS];
    for (int k = 0; k < COMPARE_CELLS; k++) {
        compare_row_init(&rows[k], compare_cells[k], &opts->train);
        compare_row_from_outcome(&rows[k], &plan.runs[k].out);
    }
    sweep_plan_fini(&plan);
    if (!ferror(stdout)) {
        compare_print_table(stdout, &opts->train, rows, COMPARE_CELLS);
        if (fflush(stdout) == EOF || ferror(stdout)) {
            runfiles_stdout_error(stderr, errno);
            if (rc == 0)
                rc = 1;
        }
    }
    return rc;
}
