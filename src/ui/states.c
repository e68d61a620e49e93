/*
 * states.c - the state view; see states.h.
 *
 *   row y0        which model: cell, size, seed, how far it trained
 *   row y0+1      which layer and test sample (and cell, in compare mode)
 *   row y0+2      the sample's marked steps and values, target, prediction
 *   row y0+3      what the prediction looks at (gradflow_describe())
 *   rows y0+3..y1 the heat strips (heat.c): step axis, marker, value, then
 *                 |dy/dx|, the saliency |d yhat / d x_t,value| (gradflow.h),
 *                 h (and c, i, f or z) of every unit, scrolling; the legend
 */
#include "config.h"

#include "ui/states.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "rnntui/data.h"
#include "rnntui/gradflow.h"
#include "rnntui/model.h"
#include "rnntui/status.h"
#include "ui/draw.h"
#include "ui/heat.h"
#include "ui/term.h"

#define STATES_MAX_SOURCES COMPARE_CELLS
#define STATES_MAX_BLOCKS 4
#define STATES_MAX_VALUES (1L << 24)   /* floats gathered for one view (64 MB) */
#define STATES_MAX_FLOPS 2e9             /* of one forward pass */

/* The quantities shown per cell kind, in order, with their titles. */
static const char *const block_names[CELL_COUNT][STATES_MAX_BLOCKS] = {
    [CELL_RNN] = { "h" }, [CELL_LSTM] = { "h", "c", "i", "f" }, [CELL_GRU] = { "h", "z" },
};

static const char *block_title(const char *name)
{
    switch (name[0]) {
    case 'h': return "hidden state";
    case 'c': return "cell state";
    case 'i': return "input gate";
    case 'f': return "forget gate";
    case 'z': return "update gate";
    default:  return "";
    }
}

struct ui_states {
    struct train_job *job[STATES_MAX_SOURCES];   /* ended jobs: their model and data */
    int n, src;                         /* jobs kept, the one shown */
    int sample, layer, scroll;          /* 0-based test sample, layer; first list row */
    enum ui_screen back;                /* where Esc returns */

    /* The forward pass of (src, sample, layer). */
    bool ready;
    char why[160];                      /* when not ready */
    int length, units, n_test, test_begin;
    float *marker, *value;              /* (length,) features of the sample */
    float *vals;                        /* (blocks, units, length) */
    size_t marker_cap, value_cap, vals_cap;   /* floats allocated in each */
    struct heat_block blocks[STATES_MAX_BLOCKS];
    int n_blocks;
    double target, prediction;
    int marks[2], n_marks;              /* the marked steps (0-based) */
    float *sal;                         /* (length,) |d yhat / d x_t,value|, or NULL */
    double sal_max;
    char reading[160];                  /* gradflow_describe() of sal */
};

/* Rows of the block list the screen shows: the view spans rows 1..LINES-3,
 * less three heading rows, the step axis, marker, value and legend rows,
 * and the reading and |dy/dx| rows when there is a saliency. */
static int list_rows_shown(const struct ui_states *v)
{
    int n = LINES - 3 - 1 + 1 - 3 - 4 - (v->sal ? 2 : 0);
    return n > 1 ? n : 1;
}

/* Makes *buf hold at least n floats; *cap is what it holds. */
static bool grow(float **buf, size_t *cap, size_t n)
{
    if (n <= *cap && *buf)
        return true;
    float *p = realloc(*buf, (n ? n : 1) * sizeof *p);
    if (!p)
        return false;
    *buf = p;
    *cap = n;
    return true;
}

/* Runs the forward pass of the current choice and gathers its states. */
static void compute(struct ui_states *v)
{
    v->ready = false;
    v->why[0] = '\0';
    v->n_blocks = 0;
    if (v->n == 0)
        return;
    if (v->src >= v->n)
        v->src = 0;
    struct train_job *job = v->job[v->src];
    const struct model *m = train_job_model(job);
    const struct data_set *d = train_job_data(job);
    struct data_split sp;
    data_split(d->samples, &sp);
    v->length = d->length;
    v->units = m->cfg.units;
    v->test_begin = sp.test_begin;
    v->n_test = sp.test_end - sp.test_begin;
    if (v->n_test <= 0) {
        snprintf(v->why, sizeof v->why, "There are no test samples.");
        return;
    }
    if (v->sample >= v->n_test)
        v->sample = v->n_test - 1;
    if (v->sample < 0)
        v->sample = 0;
    if (v->layer >= m->cfg.layers)
        v->layer = m->cfg.layers - 1;
    const int T = d->length, U = m->cfg.units;
    const enum cell_kind kind = m->cfg.cell;
    int nb = 0;
    while (nb < STATES_MAX_BLOCKS && block_names[kind][nb])
        nb++;
    size_t need = (size_t)nb * (size_t)U * (size_t)T;
    /* The pass runs on the UI thread: keep it well under a second. */
    double flops = 2.0 * T * m->cfg.layers * cell_gates(kind) * (double)U * (U + m->cfg.inputs);
    if (need > (size_t)STATES_MAX_VALUES || flops > STATES_MAX_FLOPS) {
        snprintf(v->why, sizeof v->why, "%d unit%s x %d steps is too large for the state view.", U,
                 U == 1 ? "" : "s", T);
        return;
    }
    /* Each buffer is sized from what it holds: the same units x length x
     * blocks can come with a longer length (units 30 x 100 steps, then
     * units 1 x 3000 steps), so the per-step rows grow on their own. */
    if (!grow(&v->vals, &v->vals_cap, need) || !grow(&v->marker, &v->marker_cap, (size_t)T)
        || !grow(&v->value, &v->value_cap, (size_t)T)) {
        free(v->vals);
        free(v->marker);
        free(v->value);
        v->vals = v->marker = v->value = NULL;
        v->vals_cap = v->marker_cap = v->value_cap = 0;
        snprintf(v->why, sizeof v->why, "%s", rt_strerror(RT_ENOMEM));
        return;
    }

    const int idx = sp.test_begin + v->sample;
    const float *x = d->x + (size_t)idx * (size_t)T * DATA_FEATURES;
    v->target = d->y[idx];
    v->n_marks = 0;
    for (int t = 0; t < T; t++) {
        v->marker[t] = x[(size_t)t * DATA_FEATURES];
        v->value[t] = x[(size_t)t * DATA_FEATURES + 1];
        if (v->marker[t] > 0.5f && v->n_marks < 2)
            v->marks[v->n_marks++] = t;
    }

    /* The forward pass evaluation uses, on a one-sequence workspace. */
    struct model_work *w = NULL;
    if (model_work_new(m, 1, T, &w) != RT_OK) {
        snprintf(v->why, sizeof v->why, "%s", rt_strerror(RT_ENOMEM));
        return;
    }
    rt_real pred = 0;
    model_forward(m, w, &x, 1, &pred);
    v->prediction = pred;
    for (int b = 0; b < nb; b++) {
        float *out = v->vals + (size_t)b * U * T;       /* (units, length) */
        double most = 0.0;
        for (int t = 0; t < T; t++) {
            const rt_real *s = model_work_state(w, v->layer, 0, t, block_names[kind][b]);
            for (int u = 0; u < U; u++) {
                float f = s ? (float)s[u] : NAN;
                out[(size_t)u * T + t] = f;
                if (fabs(f) > most)
                    most = fabs(f);
            }
        }
        const char *name = block_names[kind][b];
        struct heat_block *bl = &v->blocks[b];
        bl->name = name;
        bl->title = block_title(name);
        bl->rows = U;
        bl->v = out;
        if (name[0] == 'h') {                   /* tanh-bounded */
            bl->lo = -1.0;
            bl->hi = 1.0;
        } else if (name[0] == 'c') {            /* unbounded: whole units that hold it */
            double r = most > 1.0 ? ceil(most) : 1.0;
            bl->lo = -r;
            bl->hi = r;
        } else {                                /* gates: sigmoid */
            bl->lo = 0.0;
            bl->hi = 1.0;
        }
    }
    model_work_free(w);
    /* What the prediction looks at: (T,) floats of its own. */
    float *sal = realloc(v->sal, (size_t)T * sizeof *sal);
    if (sal && gradflow_saliency(m, x, T, sal, NULL) == RT_OK) {
        v->sal = sal;
        v->sal_max = 0.0;
        for (int t = 0; t < T; t++)
            v->sal_max = fmax(v->sal_max, sal[t]);
        gradflow_describe(sal, x, T, v->reading, sizeof v->reading);
    } else {
        free(sal ? sal : v->sal);
        v->sal = NULL;
    }
    v->n_blocks = nb;
    v->ready = true;
}

static void release_jobs(struct ui_states *v)
{
    for (int i = 0; i < v->n; i++)
        train_job_free(v->job[i]);
    v->n = 0;
    v->src = 0;
}

bool ui_states_adopt(struct ui_state *st, struct train_job *job, bool first)
{
    const struct model *m = train_job_model(job);
    const struct data_set *d = train_job_data(job);
    int state = atomic_load_explicit(&((struct train_progress *)train_job_progress(job))->state,
                                     memory_order_acquire);
    if (!m || !d || !d->x || (state != TRAIN_DONE && state != TRAIN_CANCELLED))
        return false;                   /* a diverged model has nothing left to show */
    if (!st->sv && !(st->sv = calloc(1, sizeof *st->sv)))
        return false;
    struct ui_states *v = st->sv;
    if (first)
        release_jobs(v);
    if (v->n >= STATES_MAX_SOURCES)
        return false;
    v->job[v->n++] = job;
    if (first) {
        v->src = 0;
        v->scroll = 0;
        if (st->screen == UI_SCREEN_STATES)
            compute(v);
        else
            v->ready = false;
    }
    return true;
}

bool ui_states_available(const struct ui_state *st)
{
    return st->sv && st->sv->n > 0;
}

static void clamp_scroll(struct ui_states *v)
{
    int list = 0;
    for (int b = 0; b < v->n_blocks; b++)
        list += 1 + v->blocks[b].rows;
    int most = list - list_rows_shown(v);
    if (v->scroll > most)
        v->scroll = most;
    if (v->scroll < 0)
        v->scroll = 0;
}

bool ui_states_apply(struct ui_state *st, enum ui_action act)
{
    struct ui_states *v = st->sv;
    if (act == UI_ACT_STATES) {
        if (!ui_states_available(st)) {
            ui_say(st, UI_MSG_INFO, "No trained model to look into yet: the state view opens when a run has ended.");
            return true;
        }
        if (st->screen != UI_SCREEN_STATES)
            v->back = st->screen;
        st->screen = UI_SCREEN_STATES;
        compute(v);
        st->msg[0] = '\0';
        if (!v->ready)
            ui_say(st, UI_MSG_ERROR, "State view: %s", v->why);
        return true;
    }
    if (!v || st->screen != UI_SCREEN_STATES)
        return false;
    const int page = list_rows_shown(v) > 2 ? list_rows_shown(v) - 1 : 1;
    switch (act) {
    case UI_ACT_STATES_BACK:
        st->screen = v->back;
        st->msg[0] = '\0';
        return true;
    case UI_ACT_STATES_NEXT:
    case UI_ACT_STATES_PREV:
        if (v->n_test > 0)
            v->sample = (v->sample + (act == UI_ACT_STATES_NEXT ? 1 : v->n_test - 1)) % v->n_test;
        break;
    case UI_ACT_STATES_LAYER_NEXT:
    case UI_ACT_STATES_LAYER_PREV: {
        int layers = train_job_model(v->job[v->src])->cfg.layers;
        v->layer = (v->layer + (act == UI_ACT_STATES_LAYER_NEXT ? 1 : layers - 1)) % layers;
        break;
    }
    case UI_ACT_STATES_CELL:
        if (v->n < 2) {
            ui_say(st, UI_MSG_INFO, "Only one model to look into: c switches between the cells of a comparison.");
            return true;
        }
        v->src = (v->src + 1) % v->n;
        break;
    case UI_ACT_STATES_DOWN:      v->scroll += 1; clamp_scroll(v); return true;
    case UI_ACT_STATES_UP:        v->scroll -= 1; clamp_scroll(v); return true;
    case UI_ACT_STATES_PAGE_DOWN: v->scroll += page; clamp_scroll(v); return true;
    case UI_ACT_STATES_PAGE_UP:   v->scroll -= page; clamp_scroll(v); return true;
    case UI_ACT_STATES_HOME:      v->scroll = 0; return true;
    case UI_ACT_STATES_END:       v->scroll = 1 << 30; clamp_scroll(v); return true;
    default:
        return false;
    }
    compute(v);
    clamp_scroll(v);
    if (!v->ready)
        ui_say(st, UI_MSG_ERROR, "State view: %s", v->why);
    else
        st->msg[0] = '\0';
    return true;
}

void ui_states_free(struct ui_state *st)
{
    struct ui_states *v = st->sv;
    if (!v)
        return;
    release_jobs(v);
    free(v->vals);
    free(v->marker);
    free(v->value);
    free(v->sal);
    free(v);
    st->sv = NULL;
}

/* ---- drawing ---- */

/* "LSTM 2x30, seed 1: 100 epochs, 92.5 %" */
static void describe(struct train_job *job, char *buf, size_t n)
{
    const struct train_config *cfg = train_job_config(job);
    const struct train_progress *p = train_job_progress(job);
    int done = atomic_load_explicit(&((struct train_progress *)p)->epochs_done, memory_order_acquire);
    int state = atomic_load_explicit(&((struct train_progress *)p)->state, memory_order_acquire);
    char what[64];
    ui_describe(cfg, what, sizeof what);
    if (state == TRAIN_DONE)
        snprintf(buf, n, "%s: %d epoch%s, %.1f %% correct", what, done, done == 1 ? "" : "s",
                 train_job_result(job)->correctness);
    else
        snprintf(buf, n, "%s: cancelled after %d of %d epoch%s", what, done, cfg->epochs,
                 cfg->epochs == 1 ? "" : "s");
}

void ui_states_draw(const struct ui_state *st, int y0, int y1)
{
    const struct ui_states *v = st->sv;
    const int x0 = 1, w = COLS - 2;
    if (!v || v->n == 0)
        return;
    struct train_job *job = v->job[v->src < v->n ? v->src : 0];
    const struct model *m = train_job_model(job);
    char desc[160], lname[32];
    describe(job, desc, sizeof desc);
    model_layer_name(&m->cfg, v->layer, lname, sizeof lname);
    /* Three heading lines, each in the first form that fits the width (the
     * longest first), never cut in the middle of a word (draw_words). */
    char full[200], mid[200], brief[200];
    snprintf(full, sizeof full, "Inside %s", desc);
    const char *title[] = { full };
    draw_words(y0, x0, w, UI_COLOR_HEADING, title, 1);
    if (!v->ready) {
        const char *why[] = { v->why };
        draw_words(y0 + 2, x0, w, UI_COLOR_BAD, why, 1);
        return;
    }
    char cell[48] = "";
    if (v->n > 1)
        snprintf(cell, sizeof cell, ", cell %d of %d", v->src + 1, v->n);
    snprintf(full, sizeof full, "layer %d of %d (%s), test sample %d of %d%s", v->layer + 1,
             m->cfg.layers, lname, v->sample + 1, v->n_test, cell);
    snprintf(mid, sizeof mid, "layer %d of %d, test sample %d of %d%s", v->layer + 1,
             m->cfg.layers, v->sample + 1, v->n_test, cell);
    snprintf(brief, sizeof brief, "layer %d/%d, sample %d/%d%s", v->layer + 1, m->cfg.layers,
             v->sample + 1, v->n_test, v->n > 1 ? cell + 1 : "");
    const char *which[] = { full, mid, brief };
    draw_words(y0 + 1, x0, w, UI_COLOR_NORMAL, which, 3);

    /* "steps 35, 90: 0.1234 x 0.5678 = 0.0701  prediction 0.0700  off by
     * 0.0815 (a miss)", then without "off by", then without the steps (the
     * marker row shows them). */
    double diff = fabs(v->prediction - v->target);
    const char *miss = diff <= TRAIN_TOLERANCE ? "" : " (a miss)";
    char sum[96];
    if (v->n_marks == 2)
        snprintf(sum, sizeof sum, "%.4f x %.4f = %.4f", v->value[v->marks[0]],
                 v->value[v->marks[1]], v->target);
    else
        snprintf(sum, sizeof sum, "target %.4f", v->target);
    char steps[48] = "";
    if (v->n_marks == 2)
        snprintf(steps, sizeof steps, "steps %d, %d: ", v->marks[0] + 1, v->marks[1] + 1);
    snprintf(full, sizeof full, "%s%s  prediction %.4f  off by %.4f%s", steps, sum, v->prediction,
             diff, miss);
    snprintf(mid, sizeof mid, "%s%s  prediction %.4f%s", steps, sum, v->prediction, miss);
    snprintf(brief, sizeof brief, "%s, predicted %.4f%s", sum, v->prediction, miss);
    const char *result[] = { full, mid, brief };
    draw_words(y0 + 2, x0, w, diff <= TRAIN_TOLERANCE ? UI_COLOR_GOOD : UI_COLOR_BAD, result, 3);

    /* With a saliency: its reading, then its row under the value row. */
    const int sal = v->sal ? 1 : 0;
    if (sal)
        draw_textf(y0 + 3, x0, w, UI_COLOR_NORMAL, "|dy/dx| up to %.2g: %s", v->sal_max,
                   v->reading);
    const int gy = y0 + 3 + sal, gh = y1 - gy + 1 - sal;
    size_t size = gh > 0 && w > 0 ? (size_t)gh * (size_t)w : 1;
    char *grid = malloc(size);
    unsigned char *cls = malloc(size);
    struct heat_spec spec = { v->length, v->marker, v->value, v->blocks, v->n_blocks, v->scroll };
    struct heat_info info;
    if (grid && cls && gh > 0 && w > 0 && heat_render(&spec, grid, cls, gh, w, &info) >= 0) {
        if (sal) {                                  /* rows 0-2, |dy/dx|, the rest */
            const size_t top = 3 * (size_t)w;
            draw_grid(gy, x0, grid, cls, 3, w, draw_heat_color, NULL);
            draw_grid(gy + 4, x0, grid + top, cls + top, gh - 3, w, draw_heat_color, NULL);
            memset(grid, ' ', (size_t)w);
            memcpy(grid, "|dy/dx|", 7);
            memset(cls, HEAT_LABEL, (size_t)w);
            heat_strip(v->sal, v->length, 0.0, v->sal_max > 0 ? v->sal_max : 1.0, HEAT_MAX,
                       grid + HEAT_LABEL_COLS, cls + HEAT_LABEL_COLS, w - HEAT_LABEL_COLS);
            draw_grid(gy + 3, x0, grid, cls, 1, w, draw_heat_color, NULL);
        } else {
            draw_grid(gy, x0, grid, cls, gh, w, draw_heat_color, NULL);
        }
        if (info.list_rows > info.shown) {         /* where the scrolled list is */
            char where[48];
            int wl = snprintf(where, sizeof where, "rows %d-%d of %d", info.scroll + 1,
                              info.scroll + info.shown, info.list_rows);
            const char *legend = grid + (size_t)(gh - 1) * (size_t)w;
            int used = w;
            while (used > 0 && legend[used - 1] == ' ')
                used--;
            if (used + 2 + wl <= w)
                draw_text(y1, x0 + w - wl, wl, UI_COLOR_DIM, where);
        }
    } else {
        draw_text(gy, x0, w, UI_COLOR_DIM, "(the state view needs a larger window)");
    }
    free(grid);
    free(cls);
}
