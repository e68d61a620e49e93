/*
 * app.c - the state of the screen, its actions, the job it drives and the
 * main loop. See app.h; the loop is
 *
 *     draw if dirty; key = getch() (at most 100 ms); apply its action;
 *     quit on a signal; copy what the job published since last time.
 */
#include "config.h"

#include "ui/app.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/status.h"
#include "compare.h"
#include "memlimit.h"
#include "ui/compare_ui.h"
#include "ui/gradflow_ui.h"
#include "ui/input.h"
#include "ui/states.h"
#include "ui/sweep_ui.h"
#include "ui/term.h"
#include "ui/ui.h"
#include "ui/view.h"

#define LR_MIN 1e-7
#define LR_MAX 10.0

/* ---- formatting ---- */

void ui_format_count(size_t n, char *buf, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    char out[48];
    int k = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
    if (size == 0)
        return;
    size_t m = (size_t)k < size - 1 ? (size_t)k : size - 1;
    memcpy(buf, out, m);
    buf[m] = '\0';
}

void ui_format_time(double seconds, char *buf, size_t size)
{
    if (!(seconds >= 0) || seconds > 359999999.0) {
        snprintf(buf, size, "--:--");
        return;
    }
    long s = (long)(seconds + 0.5);
    if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

void ui_describe(const struct train_config *cfg, char *buf, size_t n)
{
    snprintf(buf, n, "%s %dx%d, seed %" PRIu64, cell_name(cfg->model.cell),
             cfg->model.layers, cfg->model.units, cfg->seed);
}

/* ---- the settings ---- */

static const char *const field_names[UI_FIELD_COUNT] = {
    [UI_FIELD_CELL] = "cell", [UI_FIELD_UNITS] = "units", [UI_FIELD_LAYERS] = "layers",
    [UI_FIELD_EPOCHS] = "epochs", [UI_FIELD_BATCH] = "batch", [UI_FIELD_LR] = "lr",
    [UI_FIELD_SAMPLES] = "samples", [UI_FIELD_LENGTH] = "length", [UI_FIELD_SEED] = "seed",
};

/* Snap-to steps of the integer settings: small (arrows) and big (PgUp/PgDn). */
static const long long field_step[UI_FIELD_COUNT][2] = {
    [UI_FIELD_UNITS] = { 1, 10 }, [UI_FIELD_LAYERS] = { 1, 1 }, [UI_FIELD_EPOCHS] = { 10, 100 },
    [UI_FIELD_SAMPLES] = { 500, 5000 }, [UI_FIELD_LENGTH] = { 10, 100 }, [UI_FIELD_SEED] = { 1, 100 },
};

const char *ui_field_name(enum ui_field f)
{
    return (unsigned)f < UI_FIELD_COUNT ? field_names[f] : "?";
}

static int train_samples(const struct train_config *cfg)
{
    struct data_split sp;
    if (cfg->data.samples < DATA_MIN_SAMPLES)
        return 1;
    data_split(cfg->data.samples, &sp);
    return sp.train_end - sp.train_begin;
}

/* The range of an integer setting. */
static void int_limits(const struct ui_state *st, enum ui_field f, long long *lo, long long *hi)
{
    switch (f) {
    case UI_FIELD_UNITS:   *lo = MODEL_MIN_UNITS;   *hi = MODEL_MAX_UNITS; break;
    case UI_FIELD_LAYERS:  *lo = MODEL_MIN_LAYERS;  *hi = MODEL_MAX_LAYERS; break;
    case UI_FIELD_EPOCHS:  *lo = 0;                 *hi = TRAIN_MAX_EPOCHS; break;
    case UI_FIELD_BATCH:   *lo = 1;                 *hi = train_samples(&st->cfg); break;
    case UI_FIELD_SAMPLES: *lo = DATA_MIN_SAMPLES;  *hi = DATA_MAX_SAMPLES; break;
    case UI_FIELD_LENGTH:  *lo = DATA_MIN_LENGTH;   *hi = DATA_MAX_LENGTH; break;
    default:               *lo = 0;                 *hi = 0; break;
    }
}

static int *int_field(struct ui_state *st, enum ui_field f)
{
    switch (f) {
    case UI_FIELD_UNITS:   return &st->cfg.model.units;
    case UI_FIELD_LAYERS:  return &st->cfg.model.layers;
    case UI_FIELD_EPOCHS:  return &st->cfg.epochs;
    case UI_FIELD_BATCH:   return &st->cfg.batch_size;
    case UI_FIELD_SAMPLES: return &st->cfg.data.samples;
    case UI_FIELD_LENGTH:  return &st->cfg.data.length;
    default:               return NULL;
    }
}

static int int_value(const struct ui_state *st, enum ui_field f)
{
    switch (f) {
    case UI_FIELD_UNITS:   return st->cfg.model.units;
    case UI_FIELD_LAYERS:  return st->cfg.model.layers;
    case UI_FIELD_EPOCHS:  return st->cfg.epochs;
    case UI_FIELD_BATCH:   return st->cfg.batch_size;
    case UI_FIELD_SAMPLES: return st->cfg.data.samples;
    case UI_FIELD_LENGTH:  return st->cfg.data.length;
    default:               return 0;
    }
}

void ui_field_value(const struct ui_state *st, enum ui_field f, char *buf, size_t n)
{
    if (st->editing && f == st->field) {
        snprintf(buf, n, "%s_", st->edit);
        return;
    }
    switch (f) {
    case UI_FIELD_CELL:    snprintf(buf, n, "%s", cell_name(st->cfg.model.cell)); break;
    case UI_FIELD_LR:      snprintf(buf, n, "%g", st->cfg.learning_rate); break;
    case UI_FIELD_SEED:    snprintf(buf, n, "%" PRIu64, st->cfg.seed); break;
    default:               snprintf(buf, n, "%d", int_value(st, f)); break;
    }
}

void ui_field_range(const struct ui_state *st, enum ui_field f, char *buf, size_t n)
{
    long long lo, hi;
    switch (f) {
    case UI_FIELD_CELL: snprintf(buf, n, "rnn lstm gru"); break;
    case UI_FIELD_LR:   snprintf(buf, n, "%g..%g", LR_MIN, LR_MAX); break;
    case UI_FIELD_SEED: snprintf(buf, n, "0..2^64-1"); break;
    default:
        int_limits(st, f, &lo, &hi);
        snprintf(buf, n, "%lld..%lld", lo, hi);
        break;
    }
}

void ui_say(struct ui_state *st, enum ui_msg kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->msg, sizeof st->msg, fmt, ap);
    va_end(ap);
    st->msg_kind = kind;
}

/* Keeps the batch size within the training part after samples changed. */
static void clamp_batch(struct ui_state *st)
{
    int most = train_samples(&st->cfg);
    if (st->cfg.batch_size > most) {
        st->cfg.batch_size = most;
        ui_say(st, UI_MSG_INFO, "batch lowered to %d, the training samples of %d", most,
               st->cfg.data.samples);
    }
}

static void set_int(struct ui_state *st, enum ui_field f, long long v, bool typed)
{
    long long lo, hi;
    int_limits(st, f, &lo, &hi);
    if (v < lo || v > hi) {
        long long c = v < lo ? lo : hi;
        if (typed)
            ui_say(st, UI_MSG_ERROR, "%s must be %lld..%lld: %lld set to %lld",
                   field_names[f], lo, hi, v, c);
        v = c;
    }
    *int_field(st, f) = (int)v;
    if (f == UI_FIELD_SAMPLES)
        clamp_batch(st);
}

static void set_lr(struct ui_state *st, double v, bool typed)
{
    if (!(v >= LR_MIN && v <= LR_MAX)) {
        double c = v > LR_MAX ? LR_MAX : LR_MIN;
        if (typed)
            ui_say(st, UI_MSG_ERROR, "lr must be %g..%g: %g set to %g", LR_MIN, LR_MAX, v, c);
        v = c;
    }
    st->cfg.learning_rate = v;
}

/* The 1-2-5 ladder of learning rates, one step up or down from v. */
static double lr_step(double v, int dir)
{
    static const double mant[] = { 1.0, 2.0, 5.0 };
    double best = dir > 0 ? LR_MAX : LR_MIN;
    for (int e = -7; e <= 1; e++)
        for (int m = 0; m < 3; m++) {
            double x = mant[m] * pow(10.0, e);
            if (dir > 0 && x > v * (1 + 1e-9) && x < best)
                best = x;
            if (dir < 0 && x < v * (1 - 1e-9) && x > best)
                best = x;
        }
    return best;
}

/* One step of f in direction dir (+1/-1), big or small. */
static void step_field(struct ui_state *st, int dir, bool big)
{
    enum ui_field f = st->field;
    switch (f) {
    case UI_FIELD_CELL:
        st->cfg.model.cell = (enum cell_kind)((st->cfg.model.cell + CELL_COUNT + dir) % CELL_COUNT);
        return;
    case UI_FIELD_LR:
        if (big)
            set_lr(st, dir > 0 ? st->cfg.learning_rate * 10 : st->cfg.learning_rate / 10, false);
        else
            set_lr(st, lr_step(st->cfg.learning_rate, dir), false);
        return;
    case UI_FIELD_SEED: {
        uint64_t s = st->cfg.seed, d = (uint64_t)field_step[f][big];
        if (dir > 0)
            st->cfg.seed = s > UINT64_MAX - d ? UINT64_MAX : s + d;
        else
            st->cfg.seed = s < d ? 0 : s - d;
        return;
    }
    case UI_FIELD_BATCH: {
        /* Powers of two: 32 -> 64 -> 128, 48 -> 64 or 32. */
        long long v = st->cfg.batch_size, p = 1;
        int times = big ? 3 : 1;
        for (int k = 0; k < times; k++) {
            p = 1;
            if (dir > 0) {
                while (p <= v)
                    p *= 2;
            } else {
                while (p * 2 < v)
                    p *= 2;
                if (v <= 1)
                    p = 1;
            }
            v = p;
        }
        set_int(st, f, v, false);
        return;
    }
    default: {
        long long step = field_step[f][big];
        long long v = int_value(st, f);
        v = dir > 0 ? (v / step + 1) * step : ((v + step - 1) / step - 1) * step;
        set_int(st, f, v, false);
        return;
    }
    }
}

static bool typable(const struct ui_state *st, int key)
{
    if (st->field == UI_FIELD_CELL)
        return false;
    if (key >= '0' && key <= '9')
        return true;
    if (st->field != UI_FIELD_LR)
        return false;
    size_t len = strlen(st->edit);
    if (key == '.' || key == 'e' || key == 'E')
        return true;
    return (key == '-' || key == '+') && len > 0 && (st->edit[len - 1] == 'e' || st->edit[len - 1] == 'E');
}

bool ui_edit_accepts(const struct ui_state *st, int key)
{
    return typable(st, key);
}

/* Sets the focused setting from the typed text. */
static void commit_edit(struct ui_state *st)
{
    if (!st->editing)
        return;
    st->editing = false;
    const char *s = st->edit;
    if (!*s)
        return;
    char *end;
    errno = 0;
    if (st->field == UI_FIELD_LR) {
        double v = strtod(s, &end);
        if (*end || end == s || !isfinite(v))
            ui_say(st, UI_MSG_ERROR, "lr: \"%s\" is not a number (%g..%g)", s, LR_MIN, LR_MAX);
        else
            set_lr(st, v, true);
    } else if (st->field == UI_FIELD_SEED) {
        uint64_t v = strtoull(s, &end, 10);
        if (*end || end == s)
            ui_say(st, UI_MSG_ERROR, "seed: \"%s\" is not a number", s);
        else if (errno == ERANGE)
            ui_say(st, UI_MSG_ERROR, "seed must be 0..2^64-1: set to %" PRIu64, st->cfg.seed = UINT64_MAX);
        else
            st->cfg.seed = v;
    } else {
        long long v = strtoll(s, &end, 10);
        if (*end || end == s)
            ui_say(st, UI_MSG_ERROR, "%s: \"%s\" is not a number", field_names[st->field], s);
        else
            set_int(st, st->field, errno == ERANGE ? LLONG_MAX : v, true);
    }
}

/* ---- runs ---- */

static void curve_free(struct ui_curve *c)
{
    free(c->loss);
    free(c->val_loss);
    free(c->seconds);
    memset(c, 0, sizeof *c);
}

static bool curve_alloc(struct ui_curve *c, int cap)
{
    memset(c, 0, sizeof *c);
    size_t n = cap > 0 ? (size_t)cap : 1;
    c->loss = calloc(n, sizeof *c->loss);
    c->val_loss = calloc(n, sizeof *c->val_loss);
    c->seconds = calloc(n, sizeof *c->seconds);
    c->cap = cap;
    if (c->loss && c->val_loss && c->seconds)
        return true;
    curve_free(c);
    return false;
}

bool ui_job_active(const struct ui_state *st)
{
    return st->job != NULL || ui_compare_running(st) || ui_sweep_running(st);
}

static bool start_run(struct ui_state *st)
{
    if (st->job)
        return false;
    struct train_config cfg = st->cfg;
    cfg.init_params = NULL;
    ui_gradflow_config(&cfg);                 /* the screen records the gradient flow */
    const struct model_config *m0 = &st->init_model;
    if (st->init_params && cfg.model.cell == m0->cell && cfg.model.units == m0->units &&
        cfg.model.layers == m0->layers && cfg.model.inputs == m0->inputs)
        cfg.init_params = st->init_params;    /* loaded weights fit only their model */
    const char *why = NULL;
    if (train_config_check(&cfg, &why) != RT_OK) {
        ui_say(st, UI_MSG_ERROR, "cannot start: %s", why ? why : "invalid settings");
        return true;
    }
    char mem[sizeof st->msg];
    st->mem_limit = memlimit_memory(st->files.opts, NULL);    /* as it is now */
    if (memlimit_check(st->files.opts, &cfg, true, mem, sizeof mem)) {
        ui_say(st, UI_MSG_ERROR, "cannot start: %s", mem);
        return true;
    }
    struct ui_curve next;
    if (!curve_alloc(&next, cfg.epochs)) {
        ui_say(st, UI_MSG_ERROR, "cannot start: %s", rt_strerror(RT_ENOMEM));
        return true;
    }
    if (!ui_files_begin_run(st, &cfg)) {          /* --log and the other files */
        curve_free(&next);
        return true;
    }
    struct train_job *job = NULL;
    int rc = train_job_start(&cfg, &job);
    if (rc != RT_OK) {
        ui_files_cancel_run(st);
        curve_free(&next);
        ui_say(st, UI_MSG_ERROR, "cannot start: %s", rt_strerror(rc));
        return true;
    }
    /* The last run with at least one epoch becomes the faint reference. */
    if (st->cur.n > 0) {
        curve_free(&st->ref);
        st->ref = st->cur;
    } else {
        curve_free(&st->cur);
    }
    st->cur = next;
    ui_describe(&cfg, st->cur.label, sizeof st->cur.label);
    st->job = job;
    ui_gradflow_begin(st, UI_GRADFLOW_SINGLE, &cfg);
    st->run_cfg = cfg;
    st->run_cfg.init_params = NULL;
    memset(&st->snap, 0, sizeof st->snap);
    st->snap.state = TRAIN_RUNNING;
    st->have_result = false;
    st->paused = st->cancelling = false;
    st->screen = UI_SCREEN_TRAINING;
    st->runs++;
    char params[32];
    ui_format_count(model_param_count(&cfg.model), params, sizeof params);
    ui_say(st, UI_MSG_INFO, "Training %s (%s parameters)...", st->cur.label, params);
    return true;
}

static void stop_job(struct ui_state *st)
{
    if (ui_compare_stop(st) || ui_sweep_stop(st))     /* a comparison's or a sweep's jobs */
        return;
    if (!st->job || st->cancelling)
        return;
    train_job_cancel(st->job);
    train_job_pause(st->job, false);      /* a paused worker wakes up to see it */
    st->cancelling = true;
}

/* Copies the epochs published since the last call. */
static bool copy_epochs(struct ui_state *st)
{
    const struct train_progress *pr = train_job_progress(st->job);
    int done = atomic_load_explicit(&pr->epochs_done, memory_order_acquire);
    if (done > st->cur.cap)
        done = st->cur.cap;
    if (done <= st->cur.n)
        return false;
    for (int i = st->cur.n; i < done; i++) {
        st->cur.loss[i] = pr->loss[i];
        st->cur.val_loss[i] = pr->val_loss[i];
        st->cur.seconds[i] = pr->seconds[i];
    }
    st->cur.n = done;
    ui_gradflow_copy(st, UI_GRADFLOW_SINGLE, st->job);
    return true;
}

bool ui_poll_job(struct ui_state *st)
{
    if (!st->job)                         /* a comparison's or a sweep's jobs, if any */
        return ui_compare_poll(st) | ui_sweep_poll(st);
    bool dirty = copy_epochs(st);
    struct train_snapshot snap;
    train_job_snapshot(st->job, &snap);
    if (snap.state != st->snap.state || snap.epoch != st->snap.epoch ||
        snap.batch != st->snap.batch || (long)snap.elapsed != (long)st->snap.elapsed)
        dirty = true;
    st->snap = snap;
    if (!ui_files_sync(st, st->job)) {            /* a log write failed: stop */
        stop_job(st);
        dirty = true;
    }

    const struct train_progress *pr = train_job_progress(st->job);
    int state = atomic_load_explicit(&pr->state, memory_order_acquire);
    if (state != TRAIN_DONE && state != TRAIN_FAILED && state != TRAIN_CANCELLED)
        return dirty;

    /* The worker has published its last word; joining only reaps it. */
    int rc = train_job_join(st->job);
    copy_epochs(st);
    ui_gradflow_end(st, UI_GRADFLOW_SINGLE, st->job);
    train_job_snapshot(st->job, &st->snap);
    char took[24];
    ui_format_time(st->snap.elapsed, took, sizeof took);
    if (state == TRAIN_DONE && rc == RT_OK) {
        const struct train_result *r = train_job_result(st->job);
        struct ui_result *u = &st->result;
        u->test_loss = r->test_loss;
        u->correctness = r->correctness;
        u->n_test = r->n_test;
        u->n_correct = r->n_correct;
        u->rows = r->table_rows < TRAIN_TABLE_ROWS ? r->table_rows : TRAIN_TABLE_ROWS;
        for (int i = 0; i < u->rows; i++) {
            u->target[i] = r->target[i];
            u->prediction[i] = r->prediction[i];
        }
        u->has_marked = r->has_gradients;
        u->marked_share = r->marked_share;
        u->n_marked = r->n_marked;
        u->seconds = st->snap.elapsed;
        st->have_result = true;
        ui_gradflow_goto(st, UI_SCREEN_RESULTS);
        ui_say(st, UI_MSG_GOOD, "Finished %d epoch%s of %s in %s.", st->cur.n,
               st->cur.n == 1 ? "" : "s", st->cur.label, took);
    } else if (rc == RT_ECANCELED || state == TRAIN_CANCELLED) {
        ui_gradflow_goto(st, UI_SCREEN_EDIT);
        ui_say(st, UI_MSG_INFO, "Cancelled after %d of %d epoch%s (%s); the curves are kept.",
               st->cur.n, st->run_cfg.epochs, st->run_cfg.epochs == 1 ? "" : "s", took);
    } else if (rc == RT_EDIVERGED) {
        ui_gradflow_goto(st, UI_SCREEN_EDIT);
        ui_say(st, UI_MSG_ERROR, "Diverged in epoch %d: the loss became NaN, Inf or huge; "
               "try a lower lr.", st->snap.diverged_epoch);
    } else {
        ui_gradflow_goto(st, UI_SCREEN_EDIT);
        ui_say(st, UI_MSG_ERROR, "Training failed: %s.", rt_strerror(rc));
    }
    ui_files_end_run(st, st->job);
    if (!ui_states_adopt(st, st->job, true))  /* the state view keeps its model and data */
        train_job_free(st->job);
    st->job = NULL;
    st->paused = st->cancelling = false;
    st->confirm_quit = false;             /* nothing left to stop */
    return true;
}

double ui_eta(const struct ui_state *st)
{
    if (!st->job)
        return -1.0;
    int total = st->run_cfg.epochs, done = st->cur.n;
    if (done >= total)
        return 0.0;
    double per_epoch;
    if (done > 0) {
        double sum = 0.0;
        for (int i = 0; i < done; i++)
            sum += st->cur.seconds[i];
        per_epoch = sum / done;
    } else if (st->snap.batch > 0 && st->snap.batches > 0) {
        per_epoch = st->snap.epoch_elapsed * st->snap.batches / st->snap.batch;
    } else {
        return -1.0;
    }
    double in_epoch = st->snap.epoch == done ? st->snap.epoch_elapsed : 0.0;
    double left = per_epoch * (total - done) - in_epoch;
    return left > 0 ? left : 0.0;
}

/* ---- actions ---- */

void ui_state_init(struct ui_state *st, const struct train_config *cfg)
{
    memset(st, 0, sizeof *st);
    st->cfg = *cfg;
    st->init_params = cfg->init_params;
    st->init_model = cfg->model;
    st->cfg.init_params = NULL;
    st->screen = UI_SCREEN_EDIT;
    st->field = UI_FIELD_CELL;
    ui_say(st, UI_MSG_INFO, "Choose the settings, then press Enter to train. ? shows every key.");
}

void ui_state_fini(struct ui_state *st)
{
    if (st->job) {
        stop_job(st);
        train_job_join(st->job);          /* at most the batch in flight */
        ui_files_end_run(st, st->job);    /* the log complete to the last epoch */
        train_job_free(st->job);
        st->job = NULL;
    }
    ui_compare_free(st);                  /* cancels and joins a comparison's job */
    ui_sweep_free(st);                    /* and a sweep's */
    ui_states_free(st);
    ui_gradflow_free(st);
    ui_files_fini(st);
    curve_free(&st->cur);
    curve_free(&st->ref);
}

bool ui_apply(struct ui_state *st, enum ui_action act, int key)
{
    if (act == UI_ACT_NONE)
        return false;
    if (ui_files_view_refuses(st, act))         /* --view: nothing to train or edit */
        return true;
    if (st->editing && act != UI_ACT_TYPE && act != UI_ACT_BACKSPACE &&
        act != UI_ACT_EDIT_ABORT && act != UI_ACT_REDRAW && act != UI_ACT_QUIT_NOW) {
        st->msg[0] = '\0';
        commit_edit(st);
        if (act == UI_ACT_EDIT_DONE)
            return true;
    }
    switch (act) {
    case UI_ACT_QUIT:
        if (ui_job_active(st) && !st->cancelling) {
            st->confirm_quit = true;
        } else {
            st->quit = true;
        }
        return true;
    case UI_ACT_QUIT_NOW:
    case UI_ACT_CONFIRM_YES:
        st->confirm_quit = false;
        st->quit = true;
        stop_job(st);
        return true;
    case UI_ACT_CONFIRM_NO:
        st->confirm_quit = false;
        return true;
    case UI_ACT_HELP:
        st->help = true;
        return true;
    case UI_ACT_HELP_CLOSE:
        st->help = false;
        return true;
    case UI_ACT_REDRAW:
        return true;
    case UI_ACT_NEXT_FIELD:
        st->field = (enum ui_field)((st->field + 1) % UI_FIELD_COUNT);
        return true;
    case UI_ACT_PREV_FIELD:
        st->field = (enum ui_field)((st->field + UI_FIELD_COUNT - 1) % UI_FIELD_COUNT);
        return true;
    case UI_ACT_INC:
    case UI_ACT_DEC:
    case UI_ACT_INC_BIG:
    case UI_ACT_DEC_BIG:
        st->msg[0] = '\0';
        step_field(st, act == UI_ACT_INC || act == UI_ACT_INC_BIG ? 1 : -1,
                   act == UI_ACT_INC_BIG || act == UI_ACT_DEC_BIG);
        return true;
    case UI_ACT_TYPE:
        if (!typable(st, key))
            return false;
        if (!st->editing) {
            st->editing = true;
            st->edit[0] = '\0';
        }
        if (strlen(st->edit) + 1 < sizeof st->edit) {
            size_t len = strlen(st->edit);
            st->edit[len] = (char)key;
            st->edit[len + 1] = '\0';
        }
        return true;
    case UI_ACT_BACKSPACE:
        if (st->editing && st->edit[0])
            st->edit[strlen(st->edit) - 1] = '\0';
        return true;
    case UI_ACT_EDIT_DONE:
        return true;
    case UI_ACT_EDIT_ABORT:
        st->editing = false;
        return true;
    case UI_ACT_START:
        return start_run(st);
    case UI_ACT_PAUSE:
        if (!st->job || st->cancelling)
            return false;
        st->paused = !st->paused;
        train_job_pause(st->job, st->paused);
        ui_say(st, UI_MSG_INFO, st->paused ? "Paused: p resumes." : "Resumed.");
        return true;
    case UI_ACT_CANCEL:
        if (!st->job)
            return false;
        stop_job(st);
        ui_say(st, UI_MSG_INFO, "Cancelling after the current batch...");
        return true;
    case UI_ACT_SETTINGS:
        st->screen = UI_SCREEN_EDIT;
        st->msg[0] = '\0';
        return true;
    case UI_ACT_SAVE_LOG:
        ui_prompt_save_begin(st);
        return true;
    case UI_ACT_LOG_SCALE:
        st->log_scale = !st->log_scale;
        ui_say(st, UI_MSG_INFO, "Loss axis: %s scale.", st->log_scale ? "log" : "linear");
        return true;
    case UI_ACT_CLEAR_REF:
        if (st->ref.cap == 0 && st->ref.n == 0) {
            ui_say(st, UI_MSG_INFO, "No previous run to clear.");
        } else {
            curve_free(&st->ref);
            ui_say(st, UI_MSG_INFO, "Previous run's curve cleared.");
        }
        return true;
    case UI_ACT_COMPARE: case UI_ACT_COMPARE_PAUSE: case UI_ACT_COMPARE_CANCEL:
    case UI_ACT_COMPARE_BACK: case UI_ACT_COMPARE_LOSS:
        return ui_compare_apply(st, act);
    case UI_ACT_STATES: case UI_ACT_STATES_BACK: case UI_ACT_STATES_NEXT: case UI_ACT_STATES_PREV:
    case UI_ACT_STATES_LAYER_NEXT: case UI_ACT_STATES_LAYER_PREV: case UI_ACT_STATES_CELL:
    case UI_ACT_STATES_DOWN: case UI_ACT_STATES_UP: case UI_ACT_STATES_PAGE_DOWN:
    case UI_ACT_STATES_PAGE_UP: case UI_ACT_STATES_HOME: case UI_ACT_STATES_END:
        return ui_states_apply(st, act);
    case UI_ACT_GRADFLOW: case UI_ACT_GRADFLOW_BACK: case UI_ACT_GRADFLOW_LAYER_NEXT:
    case UI_ACT_GRADFLOW_LAYER_PREV: case UI_ACT_GRADFLOW_CELL:
        return ui_gradflow_apply(st, act);
    case UI_ACT_SWEEP:
        return ui_sweep_form(st);
    case UI_ACT_SWEEP_NEXT: case UI_ACT_SWEEP_PREV: case UI_ACT_SWEEP_TYPE:
    case UI_ACT_SWEEP_BACKSPACE: case UI_ACT_SWEEP_CLEAR: case UI_ACT_SWEEP_DEFAULT:
    case UI_ACT_SWEEP_START: case UI_ACT_SWEEP_PAUSE: case UI_ACT_SWEEP_CANCEL:
    case UI_ACT_SWEEP_BACK: case UI_ACT_SWEEP_SHOW:
        return ui_sweep_apply(st, act, key);
    case UI_ACT_NONE:
        break;
    }
    return false;
}

/* ---- the loop ---- */

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGINT:  return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP:  return "SIGHUP";
    default:      return "a signal";
    }
}

int ui_run(const struct options *opts)
{
    /* The locale's character set for ncursesw; numbers stay in C form. */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");

    static struct ui_state st;
    ui_state_init(&st, &opts->train);
    st.mem_limit = memlimit_memory(opts, NULL);
    /* Before the screen opens: a bad --view file, terminal or output path
     * ends the program with one line on stderr (see files.h). */
    static char err[2048], skipped[4096];
    skipped[0] = '\0';
    const char *why = NULL;
    int bad = opts->view && opts->view_sweep      /* a directory or several logs: a sweep */
            ? ui_sweep_view(&st, opts->views, opts->n_views, err, sizeof err, skipped, sizeof skipped)
            : opts->view ? ui_files_view(&st, opts->view, err, sizeof err) : 0;
    if (!bad && opts->sweep.n_axes > 0)           /* --sweep: its plan (sweep_ui.h) */
        bad = ui_sweep_boot(&st, opts, err, sizeof err);
    if (!bad && !term_check(&why)) {
        snprintf(err, sizeof err, "%s", why);
        bad = 1;
    }
    /* --compare writes per-cell files (compare.h), all checked here. */
    if (!bad && opts->compare)
        bad = compare_check_outputs(opts, err, sizeof err, NULL, 0);
    /* --sweep: its files (sweep_ui.h); no single run's files. */
    if (!bad && opts->sweep.n_axes > 0)
        bad = ui_sweep_boot_files(&st, err, sizeof err);
    else if (!bad && !opts->view)
        bad = ui_files_boot(&st, opts, err, sizeof err);
    if (!bad && !term_init(opts->no_color, &why)) {
        snprintf(err, sizeof err, "%s", why);
        bad = 1;
    }
    if (bad) {
        ui_state_fini(&st);               /* removes a log created for nothing */
        fprintf(stderr, "rnntui: %s\n", err);
        return bad == 2 ? 2 : 1;          /* 2: a bad sweep, as --headless */
    }
    bool dirty = true, was_training = false;
    if (opts->compare)
        ui_apply(&st, UI_ACT_COMPARE, 0);
    else if (opts->sweep.n_axes > 0)
        ui_sweep_begin(&st);
    else if (opts->start)
        ui_apply(&st, UI_ACT_START, 0);

    while (!st.quit) {
        if (dirty) {
            view_draw(&st);
            dirty = false;
        }
        int ch = getch();
        if (ch == KEY_RESIZE)
            dirty = true;
        else if (ch != ERR && st.prompt.active)
            dirty |= ui_prompt_key(&st, ch);      /* the save-log input takes every key */
        else if (ch != ERR)
            dirty |= ui_apply(&st, input_action(&st, ch), ch);
        int sig = term_signal_seen();
        if (sig && !st.quit) {
            st.signal = sig;
            was_training = ui_job_active(&st);    /* the poll below may join it at once */
            ui_apply(&st, UI_ACT_QUIT_NOW, 0);
        }
        dirty |= ui_poll_job(&st);
    }

    if (ui_job_active(&st)) {
        was_training = true;
        ui_say(&st, UI_MSG_INFO, "Stopping the training...");
        view_draw(&st);
    }
    ui_state_fini(&st);                   /* cancels and joins the job, completes its files */
    term_fini();
    if (st.files.errors[0])               /* every file that could not be written */
        fprintf(stderr, "rnntui: %s\n", st.files.errors);
    if (skipped[0])                       /* --view: the logs that were left out */
        fprintf(stderr, "%s\n", skipped);
    if (st.signal) {
        fprintf(stderr, "rnntui: stopped by %s%s%s%s\n", signal_name(st.signal),
                was_training ? "; the training was cancelled" : "",
                was_training && st.files.note[0] ? "; " : "", was_training ? st.files.note : "");
        return 128 + st.signal;          /* as the shell reports a death by signal */
    }
    return st.files.failed ? 1 : 0;
}
