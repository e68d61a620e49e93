/*
 * compare_ui.c - compare mode on the screen; see compare_ui.h.
 *
 *   row y0        heading: what is compared, on which settings
 *   row y0+1      legend: glyph and colour of each cell, the scale
 *   rows          the chart: val_loss of the three cells (a for loss too)
 *   rows y1-5..   the table: a header and one row per cell
 *   row y1-1      the progress of the running cell, or the total time
 *   row y1        a note on the last column
 */
#include "config.h"

#include "ui/compare_ui.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "memlimit.h"
#include "rnntui/status.h"
#include "rnntui/sweep.h"
#include "runfiles.h"
#include "ui/chart.h"
#include "ui/draw.h"
#include "ui/gradflow_ui.h"
#include "ui/states.h"
#include "ui/term.h"

struct ui_compare {
    bool running;                       /* the comparison's runner is going */
    bool closing;                       /* ui_compare_free(): only complete the files */
    bool file_error;                    /* a log write failed: the comparison stops */
    int k;                              /* the cell being trained (index into compare_cells) */
    int adopted;                        /* ended jobs handed to the state view */
    struct train_config cfg;            /* the settings compared; cfg.model.cell is cell k's */
    struct sweep_plan plan;             /* the sweep over the cell axis: run k is cell k */
    struct sweep_runner *runner;        /* one run at a time (each uses every core) */
    struct train_job *job;              /* cell k's job while it runs (the runner's, borrowed) */
    struct train_snapshot snap;
    struct compare_row rows[COMPARE_CELLS];
    float *loss[COMPARE_CELLS], *val_loss[COMPARE_CELLS];   /* (cap,) per cell */
    int n[COMPARE_CELLS], cap;
    bool show_loss;                     /* the loss curves too */
    double seconds;                     /* the training time of the cells that ended */

    /* Files of the command line, per cell (compare.h). */
    const struct options *opts;         /* NULL: no files */
    struct compare_names names;
    struct options cell_opts;
    struct runfiles rf;
    bool rf_open;
};

static const char cell_glyph[COMPARE_CELLS] = { 'R', 'L', 'G' };
static const char loss_glyph[COMPARE_CELLS] = { 'r', 'l', 'g' };
static const enum ui_color cell_color[COMPARE_CELLS] = { UI_COLOR_RNN, UI_COLOR_LSTM, UI_COLOR_GRU };

static void curves_free(struct ui_compare *c)
{
    for (int k = 0; k < COMPARE_CELLS; k++) {
        free(c->loss[k]);
        free(c->val_loss[k]);
        c->loss[k] = c->val_loss[k] = NULL;
        c->n[k] = 0;
    }
    c->cap = 0;
}

static bool curves_alloc(struct ui_compare *c, int cap)
{
    curves_free(c);
    size_t n = cap > 0 ? (size_t)cap : 1;
    bool ok = true;
    for (int k = 0; k < COMPARE_CELLS; k++) {
        c->loss[k] = calloc(n, sizeof *c->loss[k]);
        c->val_loss[k] = calloc(n, sizeof *c->val_loss[k]);
        ok &= c->loss[k] && c->val_loss[k];
    }
    c->cap = cap;
    if (!ok)
        curves_free(c);
    return ok;
}

/* Whether the command line asked for files a comparison writes per cell. */
static const struct options *file_options(const struct ui_state *st)
{
    const struct options *o = st->files.opts;
    if (o && !st->files.viewing && (o->log_path || o->save_weights || o->plot || o->export_data))
        return o;
    return NULL;
}

/* Copies the epochs cell k's job published since the last call. */
static bool copy_epochs(struct ui_compare *c, int k, struct train_job *job)
{
    const struct train_progress *pr = train_job_progress(job);
    int done = atomic_load_explicit(&((struct train_progress *)pr)->epochs_done, memory_order_acquire);
    if (done > c->cap)
        done = c->cap;
    if (done <= c->n[k])
        return false;
    for (int i = c->n[k]; i < done; i++) {
        c->loss[k][i] = pr->loss[i];
        c->val_loss[k][i] = pr->val_loss[i];
    }
    c->n[k] = done;
    return true;
}

/* ---- the runner's hooks (called inside sweep_runner_poll) ---- */

/* Before cell k starts: its files; non-zero (row marked, message set) when
 * they cannot be written, and the runner goes on with the next cell. */
static int hook_start(void *ctx, int k, struct train_config *cfg)
{
    struct ui_state *st = ctx;
    struct ui_compare *c = st->cmp;
    c->k = k;
    c->cfg.model.cell = compare_cells[k];
    c->n[k] = 0;
    memset(&c->snap, 0, sizeof c->snap);
    c->snap.state = TRAIN_RUNNING;
    if (c->opts) {
        compare_cell_options(c->opts, k, &c->names, &c->cell_opts);  /* checked at the start */
        struct train_config tc = *cfg;
        if (runfiles_prepare(&c->rf, &c->cell_opts, &tc)) {
            ui_say(st, UI_MSG_ERROR, "%s not started: %s", cell_name(compare_cells[k]), c->rf.error);
            c->rows[k].status = COMPARE_FAILED;
            return 1;
        }
        c->rf_open = true;
    }
    c->rows[k].status = COMPARE_RUNNING;
    ui_gradflow_begin(st, 1 + k, &c->cfg);
    char params[32];
    ui_format_count(c->rows[k].params, params, sizeof params);
    ui_say(st, UI_MSG_INFO, "Comparing: training %s (%d of %d, %s parameters)...",
           cell_name(compare_cells[k]), k + 1, COMPARE_CELLS, params);
    return 0;
}

static void hook_progress(void *ctx, int k, struct train_job *job)
{
    struct ui_state *st = ctx;
    copy_epochs(st->cmp, k, job);
    ui_gradflow_copy(st, 1 + k, job);
}

/* Cell k has ended and been joined: its row, its files, the state view. */
static void hook_end(void *ctx, int k, struct train_job **job, int rc)
{
    struct ui_state *st = ctx;
    struct ui_compare *c = st->cmp;
    c->job = NULL;
    compare_row_from_outcome(&c->rows[k], &c->plan.runs[k].out);
    if (!*job) {                          /* train_job_start() failed */
        if (c->rf_open)
            runfiles_fini(&c->rf);
        c->rf_open = false;
        c->rows[k].status = COMPARE_FAILED;
        ui_say(st, UI_MSG_ERROR, "%s not started: %s", cell_name(compare_cells[k]), rt_strerror(rc));
        return;
    }
    copy_epochs(c, k, *job);
    ui_gradflow_end(st, 1 + k, *job);
    train_job_snapshot(*job, &c->snap);
    c->seconds += c->snap.elapsed;
    bool file_error = false;
    if (c->rf_open) {
        bool log_failed = c->rf.log_failed;
        if (runfiles_finish(&c->rf, *job) && !log_failed && !c->closing) {
            ui_say(st, UI_MSG_ERROR, "%s", c->rf.error);
            file_error = true;
        }
        file_error |= log_failed;
        runfiles_fini(&c->rf);
        c->rf_open = false;
    }
    if (c->closing)
        return;                           /* the runner frees the job */
    /* The state view keeps the ended job (model and data); the first of
     * this comparison replaces what it showed before. */
    if (ui_states_adopt(st, *job, c->adopted == 0)) {
        c->adopted++;
        *job = NULL;
    }
    st->paused = false;
    sweep_runner_pause(c->runner, false);
    if (st->cancelling || file_error || c->file_error) {
        if (!file_error && !c->file_error)
            ui_say(st, UI_MSG_INFO, "Comparison cancelled in %s after %d of %d epoch%s.",
                   cell_name(compare_cells[k]), c->n[k], c->cfg.epochs, c->cfg.epochs == 1 ? "" : "s");
        c->file_error |= file_error;
        sweep_runner_stop(c->runner);     /* no more cells */
    } else if (rc == RT_EDIVERGED) {
        ui_say(st, UI_MSG_ERROR, "%s diverged in epoch %d; going on with the next cell.",
               cell_name(compare_cells[k]), c->rows[k].diverged_epoch);
    }
}

/* The comparison has ended (all cells, or stopped): the rows not run. */
static void finish(struct ui_state *st)
{
    struct ui_compare *c = st->cmp;
    bool stopped = st->cancelling || c->file_error;
    c->running = false;
    st->paused = st->cancelling = false;
    st->confirm_quit = false;
    sweep_runner_free(c->runner);         /* nothing runs: only frees */
    c->runner = NULL;
    for (int k = 0; k < COMPARE_CELLS; k++)
        if (c->rows[k].status == COMPARE_WAITING)
            c->rows[k].status = COMPARE_SKIPPED;
    if (stopped)
        return;
    char took[24];
    ui_format_time(c->seconds, took, sizeof took);
    int done = 0;
    for (int k = 0; k < COMPARE_CELLS; k++)
        done += c->rows[k].status == COMPARE_DONE;
    ui_say(st, done == COMPARE_CELLS ? UI_MSG_GOOD : UI_MSG_ERROR,
           "Compared %d of %d cells in %s. v looks inside the trained models.", done, COMPARE_CELLS, took);
}

bool ui_compare_start(struct ui_state *st)
{
    if (st->files.viewing) {
        ui_say(st, UI_MSG_INFO, "A saved log (--view) is only shown; run rnntui without --view to compare.");
        return true;
    }
    if (ui_job_active(st)) {
        ui_say(st, UI_MSG_ERROR, "A run is going: the comparison can start when it ends.");
        return true;
    }
    struct train_config cfg = st->cfg;
    cfg.init_params = NULL;
    ui_gradflow_config(&cfg);                 /* the screen records the gradient flow */
    const char *why = NULL;
    if (train_config_check(&cfg, &why) != RT_OK) {
        ui_say(st, UI_MSG_ERROR, "cannot compare: %s", why ? why : "invalid settings");
        return true;
    }
    for (int k = 0; k < COMPARE_CELLS; k++) {      /* every cell's memory first */
        struct train_config tc = cfg;
        char mem[sizeof st->msg];
        tc.model.cell = compare_cells[k];
        if (memlimit_check(st->files.opts, &tc, true, mem, sizeof mem)) {
            ui_say(st, UI_MSG_ERROR, "cannot compare: %s %s", cell_name(compare_cells[k]), mem);
            return true;
        }
    }
    if (!st->cmp && !(st->cmp = calloc(1, sizeof *st->cmp))) {
        ui_say(st, UI_MSG_ERROR, "cannot compare: %s", rt_strerror(RT_ENOMEM));
        return true;
    }
    struct ui_compare *c = st->cmp;
    const struct options *opts = file_options(st);
    char err[1024], brief[sizeof st->msg];
    if (opts && compare_check_outputs(opts, err, sizeof err, brief, sizeof brief)) {
        ui_say(st, UI_MSG_ERROR, "Not compared: %s", brief);       /* every cell's files first */
        return true;
    }
    sweep_plan_fini(&c->plan);
    int rc = compare_plan(&cfg, &c->plan, err, sizeof err);
    if (rc != RT_OK) {
        ui_say(st, UI_MSG_ERROR, "cannot compare: %s", rc == RT_EINVAL ? err : rt_strerror(rc));
        return true;
    }
    /* One cell at a time, each with the screen's thread setting. */
    struct sweep_hooks hooks = { st, hook_start, hook_progress, hook_end };
    if (!curves_alloc(c, cfg.epochs) || sweep_runner_new(&c->plan, 1, 0, &hooks, &c->runner) != RT_OK) {
        ui_say(st, UI_MSG_ERROR, "cannot compare: %s", rt_strerror(RT_ENOMEM));
        return true;
    }
    c->opts = opts;
    c->cfg = cfg;
    c->adopted = 0;
    c->seconds = 0;
    c->file_error = c->closing = false;
    c->job = NULL;
    for (int k = 0; k < COMPARE_CELLS; k++)
        compare_row_init(&c->rows[k], compare_cells[k], &cfg);
    st->paused = st->cancelling = false;
    st->editing = false;
    st->screen = UI_SCREEN_COMPARE;
    c->running = true;
    ui_compare_poll(st);                  /* starts the first cell */
    return true;
}

bool ui_compare_running(const struct ui_state *st)
{
    return st->cmp && st->cmp->running;
}

bool ui_compare_stop(struct ui_state *st)
{
    if (!ui_compare_running(st))
        return false;
    if (!st->cancelling) {
        sweep_runner_stop(st->cmp->runner);     /* cancels (and wakes) the running cell */
        st->cancelling = true;
    }
    return true;
}

bool ui_compare_apply(struct ui_state *st, enum ui_action act)
{
    struct ui_compare *c = st->cmp;
    switch (act) {
    case UI_ACT_COMPARE:
        return ui_compare_start(st);
    case UI_ACT_COMPARE_LOSS:
        if (!c)
            return false;
        c->show_loss = !c->show_loss;
        ui_say(st, UI_MSG_INFO, "Chart: %s.", c->show_loss ? "loss (lower case) and val_loss (capitals)"
                                                            : "val_loss only");
        return true;
    case UI_ACT_COMPARE_PAUSE:
        if (!ui_compare_running(st) || st->cancelling)
            return false;
        st->paused = !st->paused;
        sweep_runner_pause(c->runner, st->paused);
        ui_say(st, UI_MSG_INFO, st->paused ? "Paused: p resumes." : "Resumed.");
        return true;
    case UI_ACT_COMPARE_CANCEL:               /* c, Esc: cancel; when nothing runs, back */
    case UI_ACT_COMPARE_BACK:                 /* Enter, e: back to the settings */
        if (ui_compare_running(st) && act == UI_ACT_COMPARE_CANCEL) {
            ui_compare_stop(st);
            ui_say(st, UI_MSG_INFO, "Cancelling the comparison after the current batch...");
        } else if (ui_compare_running(st)) {
            ui_say(st, UI_MSG_INFO, "The comparison is running: c cancels it.");
        } else {
            st->screen = UI_SCREEN_EDIT;
            st->msg[0] = '\0';
        }
        return true;
    default:
        return false;
    }
}

bool ui_compare_poll(struct ui_state *st)
{
    struct ui_compare *c = st->cmp;
    if (!c || !c->running)
        return false;
    int k0 = c->k;
    enum compare_status s0 = c->rows[k0].status;
    bool going = sweep_runner_poll(c->runner);   /* the hooks above run in here */
    bool dirty = c->k != k0 || c->rows[k0].status != s0;
    int idx[1];
    c->job = sweep_runner_running(c->runner, idx, 1) > 0 ? sweep_runner_job(c->runner, idx[0]) : NULL;
    if (c->job) {
        const int k = c->k;
        dirty |= copy_epochs(c, k, c->job);
        struct train_snapshot snap;
        train_job_snapshot(c->job, &snap);
        if (snap.state != c->snap.state || snap.epoch != c->snap.epoch || snap.batch != c->snap.batch ||
            (long)snap.elapsed != (long)c->snap.elapsed)
            dirty = true;
        c->snap = snap;
        compare_row_from_outcome(&c->rows[k], &c->plan.runs[k].out);
        if (c->rf_open && runfiles_sync(&c->rf, c->job) && !st->cancelling && !c->file_error) {
            c->file_error = true;                 /* a log write failed: stop */
            ui_compare_stop(st);
            ui_say(st, UI_MSG_ERROR, "%s", c->rf.error);
            dirty = true;
        }
    }
    if (!going) {
        finish(st);
        dirty = true;
    }
    return dirty;
}

const char *ui_compare_tag(const struct ui_state *st)
{
    if (!ui_compare_running(st))
        return "COMPARED";
    if (st->cancelling)
        return "CANCELLING";
    if (st->paused)
        return st->cmp->snap.state == TRAIN_PAUSED ? "PAUSED" : "PAUSING";
    return "COMPARING";
}

void ui_compare_free(struct ui_state *st)
{
    struct ui_compare *c = st->cmp;
    if (!c)
        return;
    c->closing = true;
    if (c->runner) {
        sweep_runner_stop(c->runner);
        sweep_runner_free(c->runner);     /* joins at most the batch in flight; the end hook
                                           * completes the log to its last epoch */
        c->runner = NULL;
    }
    if (c->rf_open)
        runfiles_fini(&c->rf);
    sweep_plan_fini(&c->plan);
    curves_free(c);
    free(c);
    st->cmp = NULL;
}

/* ---- drawing ---- */

static enum ui_color chart_color(unsigned char k, const void *arg)
{
    const enum ui_color *series = arg;
    if (k >= CHART_SERIES && k < CHART_SERIES + CHART_MAX_SERIES)
        return series[k - CHART_SERIES];
    return k == CHART_BLANK ? UI_COLOR_NORMAL : UI_COLOR_AXIS;
}

static void draw_chart(const struct ui_state *st, int y0, int x0, int h, int w)
{
    const struct ui_compare *c = st->cmp;
    struct chart_series s[2 * COMPARE_CELLS];
    enum ui_color color[2 * COMPARE_CELLS];
    int ns = 0;
    if (c->show_loss)                             /* under the val_loss curves */
        for (int k = 0; k < COMPARE_CELLS; k++) {
            s[ns] = (struct chart_series){ c->loss[k], c->n[k], loss_glyph[k] };
            color[ns++] = cell_color[k];
        }
    for (int k = 0; k < COMPARE_CELLS; k++) {
        s[ns] = (struct chart_series){ c->val_loss[k], c->n[k], cell_glyph[k] };
        color[ns++] = cell_color[k];
    }
    if (c->cap == 0) {
        draw_text(y0 + h / 2, x0 + 2, w - 2, UI_COLOR_DIM, "0 epochs: the models are only evaluated.");
        return;
    }
    struct chart_spec spec = { s, ns, c->cap, st->log_scale };
    size_t size = h > 0 && w > 0 ? (size_t)h * (size_t)w : 1;
    char *grid = malloc(size);
    unsigned char *cls = malloc(size);
    if (grid && cls && h > 0 && w > 0 && chart_render(&spec, grid, cls, h, w, NULL) >= 0)
        draw_grid(y0, x0, grid, cls, h, w, chart_color, color);
    else
        draw_text(y0, x0, w, UI_COLOR_DIM, "(the chart needs a larger window)");
    free(grid);
    free(cls);
}

static void draw_legend(const struct ui_state *st, int y, int x0, int w)
{
    const struct ui_compare *c = st->cmp;
    int x = x0;
    for (int k = 0; k < COMPARE_CELLS; k++) {
        char buf[48];
        if (c->show_loss)
            snprintf(buf, sizeof buf, "%c/%c %s", cell_glyph[k], loss_glyph[k], cell_name(compare_cells[k]));
        else
            snprintf(buf, sizeof buf, "%c %s", cell_glyph[k], cell_name(compare_cells[k]));
        draw_text(y, x, x0 + w - x, cell_color[k], buf);
        x += (int)strlen(buf) + 3;
    }
    const char *what = c->show_loss ? "val_loss/loss" : "val_loss";
    draw_text(y, x, x0 + w - x, UI_COLOR_DIM, what);
    x += (int)strlen(what);
    const char *scale = st->log_scale ? "[log]" : "[linear]";
    int len = (int)strlen(scale);
    if (x0 + w - len > x + 1)
        draw_text(y, x0 + w - len, len, UI_COLOR_DIM, scale);
}

static void draw_progress(const struct ui_state *st, int y, int x0, int w)
{
    const struct ui_compare *c = st->cmp;
    if (!c->job) {
        char took[24];
        ui_format_time(c->seconds, took, sizeof took);
        draw_textf(y, x0, w, UI_COLOR_HEADING, "Training time of the three cells: %s", took);
        return;
    }
    const struct train_snapshot *sn = &c->snap;
    int epoch = sn->epoch + 1 > c->cfg.epochs ? c->cfg.epochs : sn->epoch + 1;
    if (epoch < c->n[c->k])
        epoch = c->n[c->k];
    char took[24], head[96];
    ui_format_time(sn->elapsed, took, sizeof took);
    int len = snprintf(head, sizeof head, "%s (%d/%d)  Epoch %d/%d  %d/%d  %s ",
                       cell_name(compare_cells[c->k]), c->k + 1, COMPARE_CELLS, epoch, c->cfg.epochs,
                       sn->batch, sn->batches, took);
    draw_text(y, x0, w, cell_color[c->k], head);
    draw_bar(y, x0 + len, w - len, 40, sn->batch, sn->batches);
}

void ui_compare_draw(const struct ui_state *st, int y0, int y1)
{
    const struct ui_compare *c = st->cmp;
    const int x0 = 1, w = COLS - 2;
    if (!c)
        return;
    draw_textf(y0, x0, w, UI_COLOR_HEADING, "Compare on the same data: %dx%d units, %d epoch%s, "
               "seed %" PRIu64 ", %d x %d steps", c->cfg.model.layers, c->cfg.model.units,
               c->cfg.epochs, c->cfg.epochs == 1 ? "" : "s", c->cfg.seed, c->cfg.data.samples,
               c->cfg.data.length);
    draw_legend(st, y0 + 1, x0, w);

    /* The table at the bottom, the chart above it. */
    /* The table's columns, then the marked-steps share (compare.h). */
    const int full = 75, small = 58, marked_w = 9;
    const bool compact = w < 2 + full + marked_w;
    const int mx = x0 + 2 + (compact ? small : full);
    int ty = y1 - 5;
    int chart_h = ty - (y0 + 2);
    draw_chart(st, y0 + 2, x0, chart_h, w);
    char line[160];
    compare_format_row(NULL, compact, line, sizeof line);
    draw_textf(ty, x0, w, UI_COLOR_HEADING, "  %s", line);
    char m[24];
    compare_format_share(NULL, m, sizeof m);
    if (c->rows[0].gradients)
        draw_textf(ty, mx, x0 + w - mx, UI_COLOR_HEADING, "  %s", m);
    for (int k = 0; k < COMPARE_CELLS; k++) {
        compare_format_row(&c->rows[k], compact, line, sizeof line);
        enum ui_color col = c->rows[k].status == COMPARE_WAITING || c->rows[k].status == COMPARE_SKIPPED
                          ? UI_COLOR_DIM : cell_color[k];
        draw_textf(ty + 1 + k, x0, w, col, "%c %s", cell_glyph[k], line);
        if (c->rows[0].gradients) {
            compare_format_share(&c->rows[k], m, sizeof m);
            draw_textf(ty + 1 + k, mx, x0 + w - mx, col, "  %s", m);
        }
    }
    draw_progress(st, y1 - 1, x0, w);
    draw_textf(y1, x0, w, UI_COLOR_DIM, "%s; marked: top two |dy/dx| at the marks",
               compact ? "val<0.01: 1st epoch with val_loss < 0.01"
                       : "loss, val_loss: last epoch; val<0.01: 1st epoch below 0.01");
}
