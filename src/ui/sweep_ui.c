/*
 * sweep_ui.c - sweeps on the screen; see sweep_ui.h.
 *
 * The form:
 *   row y0        heading
 *   rows          cells / lengths / seeds / more: the four text fields
 *   rows          what the sweep will be: runs, epochs each, the other settings
 *
 * The sweep:
 *   row y0        heading: the axes, the settings shared
 *   row y0+1      legend: the cells' glyphs; the running run's name
 *   rows          left: correctness against length; right: the running run's loss
 *   rows          the table: lengths across, one row per cell (and extra value)
 *   row y1        progress: run k of n, its epoch, the runs ended
 */
#include "config.h"

#include "ui/sweep_ui.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rnntui/iofile.h"
#include "rnntui/plot.h"
#include "rnntui/status.h"
#include "rnntui/sweep.h"
#include "runfiles.h"
#include "sweep_cli.h"
#include "ui/chart.h"
#include "ui/draw.h"
#include "ui/term.h"

enum { SWF_CELLS, SWF_LENGTH, SWF_SEED, SWF_MORE, SWF_COUNT };

static const char *const field_label[SWF_COUNT] = { "cells", "lengths", "seeds", "more" };
static const char *const field_hint[SWF_COUNT] = {
    "rnn lstm gru, comma-separated",
    "comma list or a..b, 2..100000",
    "comma list or a..b",
    "optional AXIS=LIST: units, layers, samples, epochs, batch-size, learning-rate",
};
static const char *const field_default[SWF_COUNT] = { "rnn,lstm,gru", "5,10,20,50,100", "1..3", "" };

#define FIELD_MAX 128
#define MAX_ROWS 12                       /* table rows shown (cells x the extra axis) */

struct ui_sweep {
    /* The form. */
    int field;
    char text[SWF_COUNT][FIELD_MAX];

    /* The sweep: running, ended, or read back (viewing). */
    bool have, running, viewing;
    char view_dir[256];
    struct sweep_plan plan;
    struct sweep_runner *runner;
    struct sweep_point *points;           /* (plan.n_points,) */
    struct runlog_data *logs;             /* (plan.n_runs,), of the ended runs, for w */
    bool *has_log;
    int ended;
    double seconds;                       /* training time of the ended runs */
    char error[1024];                     /* a hook's failure, for the message line */
    bool file_failed;                     /* error is a file failure: stop, exit 1 */

    /* --sweep on the command line: its plan until the screen opens, and
     * with --log DIR/ one log per run, written as in --headless. */
    const struct options *opts;           /* NULL: a sweep from the form (no files) */
    bool pending;                         /* plan built, not started yet */
    struct log_slot *slots;               /* (jobs,) the logs of the running runs */
    int n_slots;

    /* The table's layout: rows (cell and extra axis), columns (lengths). */
    int n_rows, n_cols, per_x;
    int *cell;                            /* (n_rows * n_cols,) point index or -1 */
    char row_label[MAX_ROWS][32];
    enum cell_kind row_cell[MAX_ROWS];
    char row_glyph[MAX_ROWS][2];          /* median, seed: "Ll" for a cell's first row;
                                           * "2." ... for its next ones (an extra axis) */
    char (*col_label)[16];                /* (n_cols,) */
    float *pts, *med;                     /* chart values: (n_rows, n_cols, per_x), (n_rows, n_cols) */

    /* The run whose loss is drawn: the first running one, else the last ended. */
    int shown;                            /* run index, or -1 */
    float *loss, *val_loss;               /* (cap,) */
    int n, cap;
    struct train_snapshot snap;
};

/* The log of a running run (--sweep --log DIR/). */
struct log_slot {
    int run;                              /* -1: free */
    struct options opts;                  /* the command line with this run's log */
    char log[4096];
    struct runfiles rf;
};

static const char cell_glyph[CELL_COUNT] = { 'R', 'L', 'G' };
static const char point_glyph[CELL_COUNT] = { 'r', 'l', 'g' };
static const enum ui_color cell_color[CELL_COUNT] = { UI_COLOR_RNN, UI_COLOR_LSTM, UI_COLOR_GRU };

/* ---- the plan's layout ---- */

static void layout_free(struct ui_sweep *w)
{
    free(w->cell);
    free(w->col_label);
    free(w->pts);
    free(w->med);
    w->cell = NULL;
    w->col_label = NULL;
    w->pts = w->med = NULL;
    w->n_rows = w->n_cols = w->per_x = 0;
}

static void sweep_clear(struct ui_sweep *w)
{
    sweep_runner_free(w->runner);        /* cancels and joins what still runs (the end
                                          * hook completes the logs) */
    w->runner = NULL;
    for (int k = 0; k < w->n_slots; k++)
        if (w->slots[k].run >= 0)
            runfiles_fini(&w->slots[k].rf);
    free(w->slots);
    w->slots = NULL;
    w->n_slots = 0;
    w->pending = false;
    if (w->logs)
        for (int i = 0; i < w->plan.n_runs; i++)
            runlog_data_fini(&w->logs[i]);
    free(w->logs);
    free(w->has_log);
    free(w->points);
    free(w->loss);
    free(w->val_loss);
    w->logs = NULL;
    w->has_log = NULL;
    w->points = NULL;
    w->loss = w->val_loss = NULL;
    w->n = w->cap = 0;
    layout_free(w);
    sweep_plan_fini(&w->plan);
    w->have = w->running = false;
    w->ended = 0;
    w->seconds = 0.0;
    w->shown = -1;
}

/* Whether runs a and b have the same value on every swept axis but length
 * and seed: the same row of the table. */
static bool same_row(const struct sweep_plan *p, const struct train_config *a,
                     const struct train_config *b)
{
    return sweep_cmp_except(p, SWEEP_LENGTH, a, b) == 0;
}

/* The rows, columns and chart arrays of w->plan (points in table order:
 * by cell, then by each other axis ascending, so a row's points follow each
 * other and the lengths come in ascending order within it). */
static bool layout_build(struct ui_sweep *w)
{
    const struct sweep_plan *p = &w->plan;
    layout_free(w);
    int np = p->n_points;
    int first_run[np > 0 ? np : 1];
    for (int q = 0; q < np; q++)
        first_run[q] = -1;
    int per_x = 1;
    int count[np > 0 ? np : 1];
    memset(count, 0, sizeof count);
    for (int i = 0; i < p->n_runs; i++) {
        int q = p->runs[i].point;
        if (q < 0 || q >= np)
            continue;
        if (first_run[q] < 0)
            first_run[q] = i;
        if (++count[q] > per_x)
            per_x = count[q];
    }
    /* Distinct lengths, ascending. */
    int lengths[np > 0 ? np : 1], n_cols = 0;
    for (int q = 0; q < np; q++) {
        if (first_run[q] < 0)
            continue;
        int len = p->runs[first_run[q]].cfg.data.length, j = 0;
        while (j < n_cols && lengths[j] < len)
            j++;
        if (j < n_cols && lengths[j] == len)
            continue;
        memmove(lengths + j + 1, lengths + j, (size_t)(n_cols - j) * sizeof *lengths);
        lengths[j] = len;
        n_cols++;
    }
    if (n_cols > CHART_CAT_MAX_X)
        n_cols = CHART_CAT_MAX_X;         /* the table and chart show the shortest ones */
    /* Rows: the distinct settings apart from length and seed, in point order. */
    int row_run[MAX_ROWS], n_rows = 0;
    for (int q = 0; q < np && n_rows < MAX_ROWS; q++) {
        if (first_run[q] < 0)
            continue;
        const struct train_config *c = &p->runs[first_run[q]].cfg;
        bool seen = false;
        for (int r = 0; r < n_rows && !seen; r++)
            seen = same_row(p, &p->runs[row_run[r]].cfg, c);
        if (!seen)
            row_run[n_rows++] = first_run[q];
    }
    w->cell = malloc((size_t)(n_rows * n_cols + 1) * sizeof *w->cell);
    w->col_label = calloc((size_t)n_cols + 1, sizeof *w->col_label);
    w->pts = malloc((size_t)(n_rows * n_cols * per_x + 1) * sizeof *w->pts);
    w->med = malloc((size_t)(n_rows * n_cols + 1) * sizeof *w->med);
    if (!w->cell || !w->col_label || !w->pts || !w->med) {
        layout_free(w);
        return false;
    }
    w->n_rows = n_rows;
    w->n_cols = n_cols;
    w->per_x = per_x;
    for (int j = 0; j < n_cols; j++)
        snprintf(w->col_label[j], sizeof w->col_label[j], "%d", lengths[j]);
    for (int r = 0; r < n_rows; r++) {
        const struct train_config *c = &p->runs[row_run[r]].cfg;
        w->row_cell[r] = c->model.cell;
        bool first = true;
        for (int q = 0; q < r; q++)
            first &= w->row_cell[q] != c->model.cell;
        w->row_glyph[r][0] = first ? cell_glyph[c->model.cell] : (char)('1' + r);
        w->row_glyph[r][1] = first ? point_glyph[c->model.cell] : '.';
        /* "LSTM", or "LSTM units=8" with an extra axis. */
        int len = snprintf(w->row_label[r], sizeof w->row_label[r], "%s", cell_name(c->model.cell));
        for (int k = 0; k < p->n_axes; k++) {
            enum sweep_axis ax = p->axis[k];
            if (ax == SWEEP_CELL || ax == SWEEP_LENGTH || ax == SWEEP_SEED || len < 0 ||
                (size_t)len >= sizeof w->row_label[r])
                continue;
            char v[32];
            sweep_value_text(ax, sweep_axis_get(c, ax), false, v, sizeof v);
            len += snprintf(w->row_label[r] + len, sizeof w->row_label[r] - (size_t)len, " %s=%s",
                            sweep_axis_tag(ax), v);
        }
    }
    for (int k = 0; k < n_rows * n_cols; k++)
        w->cell[k] = -1;
    for (int q = 0; q < np; q++) {
        if (first_run[q] < 0)
            continue;
        const struct train_config *c = &p->runs[first_run[q]].cfg;
        int r = 0, j = 0;
        while (r < n_rows && !same_row(p, &p->runs[row_run[r]].cfg, c))
            r++;
        while (j < n_cols && lengths[j] != c->data.length)
            j++;
        if (r < n_rows && j < n_cols)
            w->cell[r * n_cols + j] = q;
    }
    return true;
}

/* The reduction and the chart's values from the outcomes so far. */
static void reduce_now(struct ui_sweep *w)
{
    const struct sweep_plan *p = &w->plan;
    if (!w->points || !w->cell)
        return;
    sweep_reduce(p, w->points);
    for (int k = 0; k < w->n_rows * w->n_cols; k++) {
        int q = w->cell[k];
        w->med[k] = q >= 0 ? (float)w->points[q].median : NAN;
        for (int s = 0; s < w->per_x; s++)
            w->pts[k * w->per_x + s] = NAN;
    }
    /* Each done run's correctness in the next free slot of its point. */
    int np = p->n_points;
    int slot[np > 0 ? np : 1], where[np > 0 ? np : 1];
    memset(slot, 0, sizeof slot);
    for (int q = 0; q < np; q++)
        where[q] = -1;
    for (int k = 0; k < w->n_rows * w->n_cols; k++)
        if (w->cell[k] >= 0)
            where[w->cell[k]] = k;
    for (int i = 0; i < p->n_runs; i++) {
        const struct sweep_run *run = &p->runs[i];
        int q = run->point;
        if (q < 0 || q >= np || where[q] < 0 || run->out.status != SWEEP_DONE || slot[q] >= w->per_x)
            continue;
        w->pts[where[q] * w->per_x + slot[q]++] = (float)run->out.correctness;
    }
}

/* ---- the running run's curve ---- */

static void show_run(struct ui_sweep *w, int i)
{
    if (w->shown == i)
        return;
    w->shown = i;
    w->n = 0;
    memset(&w->snap, 0, sizeof w->snap);
    int cap = i >= 0 ? w->plan.runs[i].cfg.epochs : 0;
    if (cap > w->cap) {
        float *a = realloc(w->loss, (size_t)cap * sizeof *a);
        if (a)
            w->loss = a;
        float *b = realloc(w->val_loss, (size_t)cap * sizeof *b);
        if (b)
            w->val_loss = b;
        if (a && b)
            w->cap = cap;
    }
}

/* Copies the shown run's new epochs from its job. */
static bool copy_epochs(struct ui_sweep *w, struct train_job *job)
{
    const struct train_progress *pr = train_job_progress(job);
    int done = atomic_load_explicit(&((struct train_progress *)pr)->epochs_done, memory_order_acquire);
    int cap = w->plan.runs[w->shown].cfg.epochs;
    if (done > cap)
        done = cap;
    if (done > w->cap)
        done = w->cap;
    if (done <= w->n)
        return false;
    for (int i = w->n; i < done; i++) {
        w->loss[i] = pr->loss[i];
        w->val_loss[i] = pr->val_loss[i];
    }
    w->n = done;
    return true;
}

/* ---- the runner's hooks ---- */

static struct log_slot *slot_of(struct ui_sweep *w, int run)
{
    for (int k = 0; k < w->n_slots; k++)
        if (w->slots[k].run == run)
            return &w->slots[k];
    return NULL;
}

/* Before run i starts: its log, with --log DIR/ (the directory was checked
 * before the screen opened). */
static int hook_start(void *ctx, int i, struct train_config *cfg)
{
    struct ui_sweep *w = ctx;
    struct log_slot *sl = w->opts && w->opts->log_path ? slot_of(w, -1) : NULL;
    if (!sl)
        return 0;
    sl->opts = *w->opts;
    sl->opts.plot = NULL;                 /* the sweep's chart, not the run's */
    sweep_log_path(w->opts->log_path, &w->plan.runs[i], sl->log, sizeof sl->log);
    sl->opts.log_path = sl->log;
    sl->opts.log_format = RUNLOG_JSONL;
    sl->opts.force = true;
    if (runfiles_prepare(&sl->rf, &sl->opts, cfg)) {
        snprintf(w->error, sizeof w->error, "%s", sl->rf.error);
        w->file_failed = true;
        sweep_runner_stop(w->runner);     /* as --headless: no run without its log */
        return 1;
    }
    sl->run = i;
    return 0;
}

static void hook_progress(void *ctx, int i, struct train_job *job)
{
    struct ui_sweep *w = ctx;
    if (i == w->shown)
        copy_epochs(w, job);
    struct log_slot *sl = w->opts ? slot_of(w, i) : NULL;
    if (sl && runfiles_sync(&sl->rf, job) && !w->file_failed) {
        snprintf(w->error, sizeof w->error, "%s", sl->rf.error);
        w->file_failed = true;
        sweep_runner_stop(w->runner);     /* a log cannot be written: stop */
    }
}

static void hook_end(void *ctx, int i, struct train_job **job, int status)
{
    struct ui_sweep *w = ctx;
    (void)status;
    struct log_slot *sl = w->opts ? slot_of(w, i) : NULL;
    if (sl) {
        if (*job && runfiles_finish(&sl->rf, *job) && !w->file_failed) {
            snprintf(w->error, sizeof w->error, "%s", sl->rf.error);
            w->file_failed = true;
            sweep_runner_stop(w->runner);
        }
        runfiles_fini(&sl->rf);
        sl->run = -1;
    }
    if (!*job)
        return;                            /* it never started */
    if (i == w->shown) {
        copy_epochs(w, *job);
        train_job_snapshot(*job, &w->snap);
    }
    if (runlog_data_from_job(*job, &w->logs[i]) == RT_OK)
        w->has_log[i] = true;
    else
        snprintf(w->error, sizeof w->error, "%s: its log is lost (out of memory)", w->plan.runs[i].name);
}

/* ---- starting ---- */

/* The spec of the form's fields, in the order the runs go: seed outermost,
 * then the extra axis, the length and the cell innermost, so that every
 * point has one seed's result before any has two. */
static int form_spec(struct ui_sweep *w, struct sweep_spec *spec, char *why, size_t n)
{
    sweep_spec_init(spec);
    static const enum sweep_axis order[] = { SWEEP_SEED, SWEEP_AXES, SWEEP_LENGTH, SWEEP_CELL };
    static const int field_of[] = { SWF_SEED, SWF_MORE, SWF_LENGTH, SWF_CELLS };
    for (int k = 0; k < 4; k++) {
        const char *t = w->text[field_of[k]];
        char msg[256];
        int rc;
        while (*t == ' ')
            t++;
        if (order[k] == SWEEP_AXES) {      /* the extra axis: AXIS=LIST, or nothing */
            if (!*t)
                continue;
            rc = sweep_spec_add(spec, t, msg, sizeof msg);
        } else {
            if (!*t) {
                snprintf(why, n, "%s: give at least one value", field_label[field_of[k]]);
                return RT_EINVAL;
            }
            rc = sweep_spec_add_axis(spec, order[k], t, msg, sizeof msg);
        }
        if (rc != RT_OK) {
            snprintf(why, n, "%s: %s", field_label[field_of[k]], rc == RT_ENOMEM ? rt_strerror(rc) : msg);
            return rc;
        }
    }
    return RT_OK;
}

static int online_cores(void)
{
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? 1 : c > 1024 ? 1024 : (int)c;
}

/* Starts the runner of w->plan: `jobs` runs at once (0: as the cores
 * allow), each with the screen's thread setting (0: one thread each). */
static int begin(struct ui_state *st, int jobs)
{
    struct ui_sweep *w = st->sw;
    const struct sweep_plan *plan = &w->plan;
    w->error[0] = '\0';
    w->points = calloc((size_t)plan->n_points + 1, sizeof *w->points);
    w->logs = calloc((size_t)plan->n_runs, sizeof *w->logs);
    w->has_log = calloc((size_t)plan->n_runs, sizeof *w->has_log);
    /* Several runs at once when the cores allow, as --headless does; the
     * numbers are the same whatever runs beside them. */
    int cores = online_cores();
    if (jobs <= 0)
        jobs = sweep_auto_jobs(cores, st->cfg.threads, plan->n_runs);
    if (jobs > plan->n_runs)
        jobs = plan->n_runs > 0 ? plan->n_runs : 1;
    int threads = st->cfg.threads ? st->cfg.threads : (cores / jobs > 1 ? cores / jobs : 1);
    w->slots = calloc((size_t)jobs, sizeof *w->slots);
    if (w->slots)
        for (int k = 0; k < jobs; k++)
            w->slots[k].run = -1;
    w->n_slots = w->slots ? jobs : 0;
    struct sweep_hooks hooks = { w, hook_start, hook_progress, hook_end };
    int rc = !w->points || !w->logs || !w->has_log || !w->slots || !layout_build(w) ? RT_ENOMEM
           : sweep_runner_new(&w->plan, jobs, threads, &hooks, &w->runner);
    if (rc != RT_OK)
        return rc;
    w->have = w->running = true;
    w->pending = false;
    reduce_now(w);
    st->paused = st->cancelling = false;
    st->screen = UI_SCREEN_SWEEP;
    ui_say(st, UI_MSG_INFO, "Sweeping: %d runs of %d epochs, %d at once...", plan->n_runs,
           plan->runs[0].cfg.epochs, jobs);
    ui_sweep_poll(st);
    return RT_OK;
}

static bool start_sweep(struct ui_state *st)
{
    struct ui_sweep *w = st->sw;
    if (ui_job_active(st)) {
        ui_say(st, UI_MSG_ERROR, "A run is going: the sweep can start when it ends.");
        return true;
    }
    struct train_config base = st->cfg;
    base.init_params = NULL;
    struct sweep_spec spec;
    char why[300];
    int rc = form_spec(w, &spec, why, sizeof why);
    struct sweep_plan plan;
    memset(&plan, 0, sizeof plan);
    if (rc == RT_OK)
        rc = sweep_plan_build(&spec, &base, &plan, why, sizeof why);
    sweep_spec_fini(&spec);
    if (rc != RT_OK) {
        ui_say(st, UI_MSG_ERROR, "Cannot sweep: %s", rc == RT_ENOMEM ? rt_strerror(rc) : why);
        return true;
    }
    sweep_clear(w);
    w->plan = plan;
    w->viewing = false;
    w->opts = NULL;                       /* a sweep of the form writes logs only with w */
    rc = begin(st, 0);
    if (rc != RT_OK) {
        sweep_clear(w);
        ui_say(st, UI_MSG_ERROR, "Cannot sweep: %s", rt_strerror(rc));
    }
    return true;
}

static struct ui_sweep *sweep_new(void)
{
    struct ui_sweep *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->shown = -1;
    for (int f = 0; f < SWF_COUNT; f++)
        snprintf(w->text[f], FIELD_MAX, "%s", field_default[f]);
    return w;
}

/* The form's fields from a spec (the command line's), so that s runs the
 * same sweep again: the cell, length and seed lists, the first other axis
 * as AXIS=LIST; an axis not swept shows base's value. */
static void form_from_spec(struct ui_sweep *w, const struct sweep_spec *spec,
                           const struct train_config *base)
{
    static const enum sweep_axis fixed[3] = { SWEEP_CELL, SWEEP_LENGTH, SWEEP_SEED };
    static const int field_of[3] = { SWF_CELLS, SWF_LENGTH, SWF_SEED };
    w->text[SWF_MORE][0] = '\0';
    for (int k = 0; k < 3; k++)
        sweep_value_text(fixed[k], sweep_axis_get(base, fixed[k]), true, w->text[field_of[k]], FIELD_MAX);
    for (int a = 0; a < spec->n_axes; a++) {
        enum sweep_axis ax = spec->axis[a];
        int f = ax == SWEEP_CELL ? SWF_CELLS : ax == SWEEP_LENGTH ? SWF_LENGTH
              : ax == SWEEP_SEED ? SWF_SEED : SWF_MORE;
        if (f == SWF_MORE && w->text[SWF_MORE][0])
            continue;                     /* the form has room for one more axis */
        char *t = w->text[f];
        size_t len = f == SWF_MORE ? (size_t)snprintf(t, FIELD_MAX, "%s=", sweep_axis_name(ax)) : 0;
        if (f != SWF_MORE)
            t[0] = '\0';
        for (int v = 0; v < spec->n_values[a] && len + 1 < FIELD_MAX; v++) {
            char one[48];
            sweep_value_text(ax, spec->values[a][v], true, one, sizeof one);
            len += (size_t)snprintf(t + len, FIELD_MAX - len, "%s%s", v ? "," : "", one);
        }
    }
}

int ui_sweep_boot(struct ui_state *st, const struct options *opts, char *err, size_t n)
{
    if (!st->sw && !(st->sw = sweep_new())) {
        snprintf(err, n, "%s", rt_strerror(RT_ENOMEM));
        return 1;
    }
    struct ui_sweep *w = st->sw;
    struct train_config base = opts->train;
    base.init_params = NULL;
    char why[512];
    int rc = sweep_plan_build(&opts->sweep, &base, &w->plan, why, sizeof why);
    if (rc != RT_OK) {
        snprintf(err, n, "%s", rc == RT_EINVAL ? why : rt_strerror(rc));
        return rc == RT_EINVAL ? 2 : 1;
    }
    w->opts = opts;
    form_from_spec(w, &opts->sweep, &base);
    return 0;
}

int ui_sweep_boot_files(struct ui_state *st, char *err, size_t n)
{
    struct ui_sweep *w = st->sw;
    const struct options *opts = w->opts;
    int rc;
    /* Every output before the screen opens, as --headless checks them. */
    if (opts->plot && (rc = iofile_check_output(opts->plot, opts->force)) != RT_OK) {
        int e = errno;
        snprintf(err, n, "cannot write %s (--plot): %s%s", opts->plot,
                 rc == RT_EIO ? strerror(e) : rt_strerror(rc),
                 rc == RT_EIO && e == EEXIST ? " (use --force to replace it)" : "");
        return 1;
    }
    if (opts->log_path && sweep_check_log_dir(opts->log_path, opts->force, &w->plan, err, n))
        return 1;
    w->pending = true;
    return 0;
}

bool ui_sweep_begin(struct ui_state *st)
{
    struct ui_sweep *w = st->sw;
    if (!w || !w->pending)
        return false;
    int rc = begin(st, w->opts->jobs);
    if (rc != RT_OK)
        ui_say(st, UI_MSG_ERROR, "Cannot sweep: %s", rt_strerror(rc));
    return true;
}

/* ---- the public part ---- */

bool ui_sweep_form(struct ui_state *st)
{
    if (st->files.viewing) {
        ui_say(st, UI_MSG_INFO, "A saved log (--view) is only shown; run rnntui without --view to sweep.");
        return true;
    }
    if (!st->sw && !(st->sw = sweep_new())) {
        ui_say(st, UI_MSG_ERROR, "cannot sweep: %s", rt_strerror(RT_ENOMEM));
        return true;
    }
    if (st->sw->viewing)
        return false;
    st->screen = st->sw->running ? UI_SCREEN_SWEEP : UI_SCREEN_SWEEP_FORM;
    if (!st->sw->running)
        ui_say(st, UI_MSG_INFO, "Choose what to sweep; the other settings are the settings screen's. "
               "Enter starts.");
    return true;
}

bool ui_sweep_typable(int key)
{
    return (key >= 'a' && key <= 'z' && key != 'q') ||
           (key >= '0' && key <= '9') || key == ',' || key == '.' || key == '=' || key == '-' ||
           key == '+' || key == '_' || key == ' ';
}

bool ui_sweep_running(const struct ui_state *st)
{
    return st->sw && st->sw->running;
}

bool ui_sweep_stop(struct ui_state *st)
{
    struct ui_sweep *w = st->sw;
    if (!w || !w->running)
        return false;
    if (!st->cancelling) {
        sweep_runner_pause(w->runner, false);      /* a paused worker wakes to see it */
        sweep_runner_stop(w->runner);
        st->cancelling = true;
    }
    return true;
}

/* Enter, e, Esc when nothing runs: from the sweep to the form, from the
 * form to the settings. */
static bool go_back(struct ui_state *st)
{
    struct ui_sweep *w = st->sw;
    if (w->viewing) {
        ui_say(st, UI_MSG_INFO, "A saved sweep (--view) is only shown: q quits.");
    } else if (w->running) {
        ui_say(st, UI_MSG_INFO, "The sweep is running: c cancels it.");
    } else {
        st->screen = st->screen == UI_SCREEN_SWEEP ? UI_SCREEN_SWEEP_FORM : UI_SCREEN_EDIT;
        st->msg[0] = '\0';
    }
    return true;
}

bool ui_sweep_apply(struct ui_state *st, enum ui_action act, int key)
{
    struct ui_sweep *w = st->sw;
    if (!w)
        return false;
    char *t = w->text[w->field];
    size_t len = strlen(t);
    switch (act) {
    case UI_ACT_SWEEP_NEXT:
        w->field = (w->field + 1) % SWF_COUNT;
        return true;
    case UI_ACT_SWEEP_PREV:
        w->field = (w->field + SWF_COUNT - 1) % SWF_COUNT;
        return true;
    case UI_ACT_SWEEP_TYPE:
        if (len + 1 < FIELD_MAX && ui_sweep_typable(key)) {
            t[len] = (char)key;
            t[len + 1] = '\0';
        }
        return true;
    case UI_ACT_SWEEP_BACKSPACE:
        if (len)
            t[len - 1] = '\0';
        return true;
    case UI_ACT_SWEEP_CLEAR:
        t[0] = '\0';
        return true;
    case UI_ACT_SWEEP_DEFAULT:
        snprintf(t, FIELD_MAX, "%s", field_default[w->field]);
        return true;
    case UI_ACT_SWEEP_START:
        if (w->viewing) {
            ui_say(st, UI_MSG_INFO, "A saved sweep (--view) is only shown; run rnntui without --view to sweep.");
            return true;
        }
        return start_sweep(st);
    case UI_ACT_SWEEP_PAUSE:
        if (!w->running || st->cancelling)
            return false;
        st->paused = !st->paused;
        sweep_runner_pause(w->runner, st->paused);
        ui_say(st, UI_MSG_INFO, st->paused ? "Paused: p resumes." : "Resumed.");
        return true;
    case UI_ACT_SWEEP_CANCEL:                      /* c, Esc: cancel; when nothing runs, back */
        if (w->running) {
            ui_sweep_stop(st);
            ui_say(st, UI_MSG_INFO, "Cancelling the sweep after the current batch...");
            return true;
        }
        return go_back(st);
    case UI_ACT_SWEEP_BACK:
        return go_back(st);
    case UI_ACT_SWEEP_SHOW:                        /* from the form: the last sweep */
        if (!w->have) {
            ui_say(st, UI_MSG_INFO, "No sweep yet: Enter starts one.");
            return true;
        }
        st->screen = UI_SCREEN_SWEEP;
        return true;
    default:
        return false;
    }
}

bool ui_sweep_poll(struct ui_state *st)
{
    struct ui_sweep *w = st->sw;
    if (!w || !w->running)
        return false;
    int ended = w->ended;
    bool going = sweep_runner_poll(w->runner);
    w->ended = sweep_runner_ended(w->runner, &w->seconds);
    bool dirty = w->ended != ended;
    /* The run drawn: the first one running, else the one drawn last. */
    int idx[1];
    if (sweep_runner_running(w->runner, idx, 1) > 0) {
        if (w->shown != idx[0])
            dirty = true;
        show_run(w, idx[0]);
        struct train_job *job = sweep_runner_job(w->runner, idx[0]);
        if (job) {
            dirty |= copy_epochs(w, job);
            struct train_snapshot snap;
            train_job_snapshot(job, &snap);
            if (snap.state != w->snap.state || snap.epoch != w->snap.epoch ||
                snap.batch != w->snap.batch || (long)snap.elapsed != (long)w->snap.elapsed)
                dirty = true;
            w->snap = snap;
        }
    }
    if (w->error[0]) {
        ui_say(st, UI_MSG_ERROR, "%s", w->error);
        if (w->file_failed) {
            ui_files_keep_failure(st, w->error);
            st->cancelling = true;        /* the runner was stopped */
        }
        w->error[0] = '\0';
        dirty = true;
    }
    if (dirty)
        reduce_now(w);
    if (going)
        return dirty;

    /* Every run has ended (or was skipped). */
    w->running = false;
    bool cancelled = st->cancelling;
    st->paused = st->cancelling = false;
    st->confirm_quit = false;
    int done = 0, diverged = 0, failed = 0;
    for (int i = 0; i < w->plan.n_runs; i++) {
        enum sweep_status s = w->plan.runs[i].out.status;
        done += s == SWEEP_DONE;
        diverged += s == SWEEP_DIVERGED;
        failed += s == SWEEP_FAILED;
    }
    char took[24];
    ui_format_time(w->seconds, took, sizeof took);
    bool plot_failed = false;
    if (w->opts && w->opts->plot) {         /* --plot: the sweep's chart as SVG */
        reduce_now(w);
        errno = 0;
        int rc = plot_sweep_svg_write(w->opts->plot, w->opts->force, &w->plan, w->points, NULL);
        if (rc != RT_OK) {
            char line[sizeof w->error];
            snprintf(line, sizeof line, "cannot write %s (--plot): %s", w->opts->plot,
                     rc == RT_EIO ? strerror(errno) : rt_strerror(rc));
            ui_files_keep_failure(st, line);
            ui_say(st, UI_MSG_ERROR, "%s", line);
            plot_failed = true;
        }
    }
    if (plot_failed || w->file_failed)
        ;                                   /* the message says what failed */
    else if (cancelled)
        ui_say(st, UI_MSG_INFO, "Sweep cancelled: %d of %d runs finished (%s of training). w saves them.",
               done, w->plan.n_runs, took);
    else
        ui_say(st, done == w->plan.n_runs ? UI_MSG_GOOD : UI_MSG_ERROR,
               "Swept %d of %d runs in %s of training%s%s. w saves their logs.", done, w->plan.n_runs,
               took, diverged ? ", some diverged" : "", failed ? ", some failed" : "");
    reduce_now(w);
    return true;
}

const char *ui_sweep_tag(const struct ui_state *st)
{
    const struct ui_sweep *w = st->sw;
    if (!w)
        return "SWEEP";
    if (w->viewing)
        return "VIEW";
    if (st->screen == UI_SCREEN_SWEEP_FORM)
        return "SWEEP";
    if (!w->running)
        return "SWEPT";
    if (st->cancelling)
        return "CANCELLING";
    if (st->paused)
        return w->snap.state == TRAIN_PAUSED ? "PAUSED" : "PAUSING";
    return "SWEEPING";
}

void ui_sweep_free(struct ui_state *st)
{
    struct ui_sweep *w = st->sw;
    if (!w)
        return;
    if (w->runner) {
        sweep_runner_pause(w->runner, false);
        sweep_runner_stop(w->runner);
    }
    sweep_clear(w);
    free(w);
    st->sw = NULL;
}

/* ---- saving and reading back ---- */

/* The reader's lines ("rnntui: PATH: reason\n"...) into buf, or "". */
static void copy_lines(char *buf, size_t n, const char *text, size_t len)
{
    if (!n)
        return;
    if (len > n - 1)
        len = n - 1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    while (len > 0 && buf[len - 1] == '\n')
        buf[--len] = '\0';
}

int ui_sweep_view(struct ui_state *st, const char *const *paths, int n_paths, char *err, size_t n,
                  char *skipped, size_t sn)
{
    skipped[0] = '\0';
    if (!st->sw && !(st->sw = sweep_new())) {
        snprintf(err, n, "cannot view: %s", rt_strerror(RT_ENOMEM));
        return 1;
    }
    struct ui_sweep *w = st->sw;
    char *text = NULL;
    size_t len = 0;
    FILE *msgs = open_memstream(&text, &len);
    if (!msgs) {
        snprintf(err, n, "cannot view: %s", rt_strerror(RT_ENOMEM));
        return 1;
    }
    struct sweep_plan plan;
    memset(&plan, 0, sizeof plan);
    int n_skipped = 0;
    int bad = sweep_logs_load(paths, n_paths, &plan, msgs, &n_skipped);
    fclose(msgs);
    if (bad) {
        /* The reader's last line, without its "rnntui: " (the caller adds it). */
        copy_lines(err, n, text ? text : "", text ? len : 0);
        char *last = strrchr(err, '\n');
        const char *line = last ? last + 1 : err;
        if (strncmp(line, "rnntui: ", 8) == 0)
            line += 8;
        memmove(err, line, strlen(line) + 1);
        if (!err[0])
            snprintf(err, n, "cannot view %s: no log", paths[0]);
        free(text);
        sweep_plan_fini(&plan);
        return 1;
    }
    copy_lines(skipped, sn, text ? text : "", text ? len : 0);
    free(text);
    w->plan = plan;
    w->points = calloc((size_t)plan.n_points + 1, sizeof *w->points);
    w->logs = calloc((size_t)plan.n_runs + 1, sizeof *w->logs);
    w->has_log = calloc((size_t)plan.n_runs + 1, sizeof *w->has_log);
    if (!w->points || !w->logs || !w->has_log || !layout_build(w)) {
        snprintf(err, n, "cannot view: %s", rt_strerror(RT_ENOMEM));
        return 1;                           /* ui_state_fini() frees the rest */
    }
    w->have = w->viewing = true;
    for (int i = 0; i < plan.n_runs; i++)
        w->seconds += isfinite(plan.runs[i].out.seconds) ? plan.runs[i].out.seconds : 0.0;
    reduce_now(w);
    st->screen = UI_SCREEN_SWEEP;
    int done = 0;
    for (int i = 0; i < plan.n_runs; i++)
        done += plan.runs[i].out.status == SWEEP_DONE;
    if (n_skipped)
        ui_say(st, UI_MSG_ERROR, "Viewing %d run log%s (%d finished); %d file%s skipped, listed on exit.",
               plan.n_runs, plan.n_runs == 1 ? "" : "s", done, n_skipped, n_skipped == 1 ? "" : "s");
    else
        ui_say(st, UI_MSG_INFO, "Viewing %d run log%s (%d finished).", plan.n_runs,
               plan.n_runs == 1 ? "" : "s", done);
    return 0;
}

bool ui_sweep_save_suggest(struct ui_state *st, char *buf, size_t n)
{
    struct ui_sweep *w = st->sw;
    if (w && w->viewing) {
        ui_say(st, UI_MSG_INFO, "These logs are saved already: copy the files to keep them elsewhere.");
        return false;
    }
    int any = 0;
    for (int i = 0; w && w->have && i < w->plan.n_runs; i++)
        any += w->has_log[i] || w->plan.runs[i].out.status == SWEEP_RUNNING;
    if (!any) {
        ui_say(st, UI_MSG_INFO, "No run of the sweep to save yet.");
        return false;
    }
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M", &tm);
    snprintf(buf, n, "rnntui-sweep-%s/", stamp);
    return true;
}

int ui_sweep_save(struct ui_state *st, const char *dir, bool force, int *saved)
{
    struct ui_sweep *w = st->sw;
    *saved = 0;
    if (!w || !w->have)
        return RT_EINVAL;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return RT_EIO;
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return RT_EIO;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return RT_EIO;
    }
    size_t dl = strlen(dir);
    const char *sep = dl && dir[dl - 1] == '/' ? "" : "/";
    /* First whether any log is there already, so nothing is half-saved. */
    char path[4096];
    for (int pass = force ? 1 : 0; pass < 2; pass++)
        for (int i = 0; i < w->plan.n_runs; i++) {
            bool running = w->runner && sweep_runner_job(w->runner, i);
            if (!w->has_log[i] && !running)
                continue;
            snprintf(path, sizeof path, "%s%s%s.jsonl", dir, sep, w->plan.runs[i].name);
            if (pass == 0) {
                if (access(path, F_OK) == 0) {
                    errno = EEXIST;
                    return RT_EIO;
                }
                continue;
            }
            struct runlog_data tmp;
            memset(&tmp, 0, sizeof tmp);
            const struct runlog_data *d = &w->logs[i];
            if (!w->has_log[i]) {                   /* running: as far as it has come */
                if (runlog_data_from_job(sweep_runner_job(w->runner, i), &tmp) != RT_OK)
                    return RT_ENOMEM;
                d = &tmp;
            }
            int rc = runlog_write(path, RUNLOG_JSONL, true, d);
            int e = errno;
            runlog_data_fini(&tmp);
            if (rc != RT_OK) {
                errno = e;
                return rc;
            }
            ++*saved;
        }
    return RT_OK;
}

/* ---- drawing ---- */

static enum ui_color series_color(unsigned char k, const void *arg)
{
    const enum ui_color *series = arg;
    if (k >= CHART_SERIES && k < CHART_SERIES + CHART_MAX_SERIES)
        return series[k - CHART_SERIES];
    return k == CHART_BLANK ? UI_COLOR_NORMAL : UI_COLOR_AXIS;
}

static void draw_grid_of(int y0, int x0, int h, int wd, bool cat, const void *spec,
                         const enum ui_color *color)
{
    size_t size = (size_t)(h > 0 ? h : 0) * (size_t)(wd > 0 ? wd : 0);
    char *grid = malloc(size ? size : 1);
    unsigned char *cls = malloc(size ? size : 1);
    int rc = -1;
    if (grid && cls && h > 0 && wd > 0)
        rc = cat ? chart_cat_render(spec, grid, cls, h, wd) : chart_render(spec, grid, cls, h, wd, NULL);
    if (rc >= 0)
        draw_grid(y0, x0, grid, cls, h, wd, series_color, color);
    else
        draw_text(y0, x0, wd, UI_COLOR_DIM, "(the chart needs a larger window)");
    free(grid);
    free(cls);
}

static void draw_form(const struct ui_state *st, int y0, int y1)
{
    const struct ui_sweep *w = st->sw;
    const int x0 = 1, wd = COLS - 2;
    draw_text(y0, x0, wd, UI_COLOR_HEADING, "Sweep: every cell x length x seed, one run each");
    int y = y0 + 2;
    for (int f = 0; f < SWF_COUNT && y <= y1; f++, y += 2) {
        bool focus = f == w->field;
        draw_text(y, x0, 2, focus ? UI_COLOR_HEADING : UI_COLOR_NORMAL, focus ? ">" : " ");
        draw_text(y, x0 + 2, 8, UI_COLOR_NORMAL, field_label[f]);
        int fw = wd - 12 < 40 ? wd - 12 : 40;
        if (focus)
            draw_fill(y, x0 + 11, fw, UI_COLOR_FOCUS);
        draw_textf(y, x0 + 11, fw, focus ? UI_COLOR_FOCUS : UI_COLOR_NORMAL, "%s%s", w->text[f],
                   focus ? "_" : "");
        if (y + 1 <= y1)
            draw_text(y + 1, x0 + 11, wd - 11, UI_COLOR_DIM, field_hint[f]);
    }
    /* What it comes to, with the settings screen's other values. */
    const struct train_config *c = &st->cfg;
    if (y <= y1)
        draw_textf(y++, x0, wd, UI_COLOR_NORMAL, "Each run: %dx%d units, %d epochs, batch %d, lr %g, "
                   "%d samples", c->model.layers, c->model.units, c->epochs, c->batch_size,
                   c->learning_rate, c->data.samples);
    if (y <= y1)
        draw_text(y++, x0, wd, UI_COLOR_DIM, "(the settings screen's values; Esc goes back to change them)");
    if (y + 1 <= y1 && w->have)
        draw_text(y + 1, x0, wd, UI_COLOR_DIM, "S shows the last sweep.");
}

/* Table entries, widest first: "98.5 96.2-100.0 e12" (as the headless
 * table prints them), " 99  96-100 e12", " 99  96-100" and " 99"; the
 * epoch is "never" or "-" when the median run never reached val_loss < 0.01. */
enum { ENTRY_LEVELS = 4 };
static const int entry_width[ENTRY_LEVELS] = { 5, 13, 17, 23 };
static const char *const entry_note[ENTRY_LEVELS] = {
    "median correctness % over the seeds (wider: min-max, epoch of val_loss < 0.01)",
    "correctness %: median min-max over the seeds (wider: epoch of val_loss < 0.01)",
    "correctness %: median min-max over the seeds; e12: median first epoch of val_loss < 0.01, - never",
    "correctness %: median min-max over the seeds; e12: median first epoch of val_loss < 0.01",
};

static void entry_text(const struct sweep_point *pt, int level, bool running, char *buf, size_t n)
{
    if (!pt || pt->done == 0) {             /* none of its runs has finished */
        snprintf(buf, n, "%s", !pt ? "" : running && pt->ended < pt->runs ? "..." : "none done");
        return;
    }
    char below[16];
    if (pt->below == 0 || !isfinite(pt->median_below))
        snprintf(below, sizeof below, "%s", level == 3 ? "never" : "-");
    else
        snprintf(below, sizeof below, level == 3 ? "e%.4g" : "e%.0f", pt->median_below);
    switch (level) {
    case 3:  snprintf(buf, n, "%5.1f %.1f-%.1f %s", pt->median, pt->min, pt->max, below); break;
    case 2:  snprintf(buf, n, "%3.0f %3.0f-%-3.0f %s", pt->median, pt->min, pt->max, below); break;
    case 1:  snprintf(buf, n, "%3.0f %3.0f-%.0f", pt->median, pt->min, pt->max); break;
    default: snprintf(buf, n, "%3.0f", pt->median); break;
    }
}

static void draw_table(const struct ui_state *st, int y, int rows, int x0, int wd)
{
    const struct ui_sweep *w = st->sw;
    int label_w = 10;
    for (int r = 0; r < w->n_rows; r++)
        if ((int)strlen(w->row_label[r]) + 3 > label_w)
            label_w = (int)strlen(w->row_label[r]) + 3;
    int level = ENTRY_LEVELS - 1;
    while (level > 0 && label_w + w->n_cols * entry_width[level] > wd)
        level--;
    const int cw = entry_width[level];
    char buf[64];
    draw_textf(y, x0, wd, UI_COLOR_HEADING, "%-*s", label_w, "length:");
    for (int j = 0; j < w->n_cols; j++)
        draw_textf(y, x0 + label_w + j * cw, cw, UI_COLOR_HEADING, "%3s",
                   w->col_label[j]);
    for (int r = 0; r < w->n_rows && r + 1 < rows; r++) {
        enum ui_color col = cell_color[w->row_cell[r]];
        draw_textf(y + 1 + r, x0, label_w, col, "%c %s", w->row_glyph[r][0], w->row_label[r]);
        for (int j = 0; j < w->n_cols; j++) {
            int q = w->cell[r * w->n_cols + j];
            entry_text(q >= 0 ? &w->points[q] : NULL, level, w->running, buf, sizeof buf);
            draw_text(y + 1 + r, x0 + label_w + j * cw, cw - 1, col, buf);
        }
    }
    if (w->n_rows + 1 < rows)
        draw_text(y + w->n_rows + 1, x0, wd, UI_COLOR_DIM, entry_note[level]);
}

static void draw_progress(const struct ui_state *st, int y, int x0, int wd)
{
    const struct ui_sweep *w = st->sw;
    char took[24];
    int done = 0;
    for (int i = 0; i < w->plan.n_runs; i++)
        done += w->plan.runs[i].out.status == SWEEP_DONE;
    if (!w->running || w->shown < 0) {
        ui_format_time(w->seconds, took, sizeof took);
        draw_textf(y, x0, wd, UI_COLOR_HEADING, "%s %d of %d runs finished, %s of training",
                   w->viewing ? "Saved sweep:" : "Sweep:", done, w->plan.n_runs, took);
        return;
    }
    const struct sweep_run *run = &w->plan.runs[w->shown];
    const struct train_snapshot *sn = &w->snap;
    int epochs = run->cfg.epochs;
    int epoch = sn->epoch + 1 > epochs ? epochs : sn->epoch + 1;
    if (epoch < w->n)
        epoch = w->n;
    char head[160];
    int len = snprintf(head, sizeof head, "Run %d/%d %s  Epoch %d/%d  ended %d ", w->shown + 1,
                       w->plan.n_runs, run->name, epoch, epochs, w->ended);
    if (len > (int)sizeof head - 1)
        len = (int)sizeof head - 1;
    draw_text(y, x0, wd, cell_color[run->cfg.model.cell], head);
    draw_bar(y, x0 + len, wd - len, 30, w->ended, w->plan.n_runs);
}

static void draw_sweep(const struct ui_state *st, int y0, int y1)
{
    const struct ui_sweep *w = st->sw;
    const int x0 = 1, wd = COLS - 2;
    const struct train_config *c = &w->plan.runs[0].cfg;
    char axes[96] = "";
    for (int k = 0, len = 0; k < w->plan.n_axes && len >= 0 && len < (int)sizeof axes; k++)
        len += snprintf(axes + len, sizeof axes - (size_t)len, "%s%s", k ? " x " : "",
                        sweep_axis_name(w->plan.axis[k]));
    /* The settings every run shares (those not swept). */
    bool swept[SWEEP_AXES] = { false };
    for (int k = 0; k < w->plan.n_axes; k++)
        swept[w->plan.axis[k]] = true;
    char fixed[128] = "";
    int fl = 0;
    if (!swept[SWEEP_LAYERS] && !swept[SWEEP_UNITS])
        fl += snprintf(fixed + fl, sizeof fixed - (size_t)fl, ", %dx%d units", c->model.layers, c->model.units);
    if (!swept[SWEEP_EPOCHS] && fl < (int)sizeof fixed)
        fl += snprintf(fixed + fl, sizeof fixed - (size_t)fl, ", %d epochs", c->epochs);
    if (!swept[SWEEP_SAMPLES] && fl < (int)sizeof fixed)
        snprintf(fixed + fl, sizeof fixed - (size_t)fl, ", %d samples", c->data.samples);
    draw_textf(y0, x0, wd, UI_COLOR_HEADING, "%s%d runs over %s%s%s", w->viewing ? "Saved sweep: " : "Sweep: ",
               w->plan.n_runs, axes, fixed[0] ? "; " : "", fixed[0] ? fixed + 2 : "");

    /* The legend: each row's glyphs. */
    int x = x0;
    for (int r = 0; r < w->n_rows && r < CHART_MAX_SERIES; r++) {
        char buf[48];
        snprintf(buf, sizeof buf, "%c/%c %s", w->row_glyph[r][0], w->row_glyph[r][1],
                 w->row_label[r]);
        draw_text(y0 + 1, x, x0 + wd - x, cell_color[w->row_cell[r]], buf);
        x += (int)strlen(buf) + 3;
    }
    draw_text(y0 + 1, x, x0 + wd - x, UI_COLOR_DIM, "median/seed");

    /* The table at the bottom, the charts above it. */
    int table_rows = w->n_rows + 2;
    int ty = y1 - table_rows;
    int ch = ty - (y0 + 2);
    /* The loss chart of the running run beside it, when there is room (a
     * saved sweep has none: its chart takes the width). */
    int lw = wd >= 70 && !w->viewing ? wd / 3 : 0;
    int cw = wd - lw - (lw ? 1 : 0);
    struct chart_cat_series cs[CHART_MAX_SERIES];
    enum ui_color color[CHART_MAX_SERIES];
    int ns = w->n_rows < CHART_MAX_SERIES ? w->n_rows : CHART_MAX_SERIES;
    for (int r = 0; r < ns; r++) {
        enum cell_kind k = w->row_cell[r];
        cs[r] = (struct chart_cat_series){ w->pts + (size_t)r * w->n_cols * w->per_x,
                                           w->med + (size_t)r * w->n_cols, w->row_glyph[r][0],
                                           w->row_glyph[r][1] };
        color[r] = cell_color[k];
    }
    const char *labels[CHART_CAT_MAX_X];
    for (int j = 0; j < w->n_cols; j++)
        labels[j] = w->col_label[j];
    struct chart_cat_spec spec = { cs, ns, labels, w->n_cols, w->per_x, 0.0, 100.0, "%", "length" };
    draw_grid_of(y0 + 2, x0, ch, cw, true, &spec, color);

    if (lw) {
        int lx = x0 + cw + 1;
        if (w->shown >= 0) {
            const struct sweep_run *run = &w->plan.runs[w->shown];
            draw_textf(y0 + 2, lx, lw, cell_color[run->cfg.model.cell], "%s", run->name);
            draw_text(y0 + 3, lx, lw, UI_COLOR_LOSS, "* loss");
            draw_text(y0 + 3, lx + 8, lw - 8, UI_COLOR_VAL, "o val_loss");
            struct chart_series s[2] = { { w->loss, w->n, '*' }, { w->val_loss, w->n, 'o' } };
            enum ui_color lc[2] = { UI_COLOR_LOSS, UI_COLOR_VAL };
            struct chart_spec ls = { s, 2, run->cfg.epochs, st->log_scale };
            draw_grid_of(y0 + 4, lx, ch - 2, lw, false, &ls, lc);
        } else {
            draw_text(y0 + 2 + ch / 2, lx + 2, lw - 2, UI_COLOR_DIM, "(no run yet)");
        }
    }
    draw_table(st, ty, table_rows, x0, wd);
    draw_progress(st, y1, x0, wd);
}

void ui_sweep_draw(const struct ui_state *st, int y0, int y1)
{
    if (!st->sw)
        return;
    if (st->screen == UI_SCREEN_SWEEP_FORM)
        draw_form(st, y0, y1);
    else if (st->sw->have)
        draw_sweep(st, y0, y1);
}
