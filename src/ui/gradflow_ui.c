/*
 * gradflow_ui.c - the gradient-flow view and the records it draws from;
 * see gradflow_ui.h.
 */
#include "config.h"

#include "ui/gradflow_ui.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/gradflow.h"
#include "rnntui/status.h"
#include "ui/chart.h"
#include "ui/draw.h"
#include "ui/flowchart.h"
#include "ui/heat.h"
#include "ui/term.h"

#define MAX_LAYER_CURVES (CHART_MAX_SERIES - 1)   /* and LSTM's c */

/* One run's record, copied from its job. */
struct gf_rec {
    bool used;                          /* a run started in this slot */
    bool recording;                     /* its job records gradient flow */
    bool ended;
    char why[160];                      /* why not, when not */
    struct train_config cfg;            /* the run's settings (init_params dropped) */
    int layers, length, cap, n;         /* L, T; epochs planned, copied */
    float *h, *c;                       /* (cap, L, T); c for LSTM only */
};

struct ui_gradflow {
    struct gf_rec rec[UI_GRADFLOW_SLOTS];
    bool last_compare;                  /* the latest run started was a comparison's */
    bool compare;                       /* the view shows the comparison */
    enum ui_screen back;                /* where Esc returns */
    int layer;                          /* 0-based; clamped to the run's layers, -1: the top */
    int cell;                           /* compare: the strip's cell (index of compare_cells) */
};

static const char cell_glyph[COMPARE_CELLS] = { 'R', 'L', 'G' };
static const enum ui_color cell_color[COMPARE_CELLS] = { UI_COLOR_RNN, UI_COLOR_LSTM, UI_COLOR_GRU };
static const enum ui_color layer_color[4] = { UI_COLOR_LOSS, UI_COLOR_VAL, UI_COLOR_RNN, UI_COLOR_GRU };
#define C_GLYPH 'c'
#define C_COLOR UI_COLOR_GOOD

static void rec_reset(struct gf_rec *r)
{
    free(r->h);
    free(r->c);
    memset(r, 0, sizeof *r);
}

static struct ui_gradflow *ensure(struct ui_state *st)
{
    if (!st->gf && (st->gf = calloc(1, sizeof *st->gf)) != NULL) {
        st->gf->layer = -1;
        st->gf->cell = 1;               /* LSTM: the cell that leaves a plateau */
    }
    return st->gf;
}

void ui_gradflow_config(struct train_config *cfg)
{
    size_t per = gradflow_record_values(&cfg->model, cfg->data.length);
    cfg->gradients = per > 0 && cfg->epochs >= 0 && (size_t)cfg->epochs <= GRADFLOW_MAX_VALUES / per;
}

void ui_gradflow_begin(struct ui_state *st, int slot, const struct train_config *cfg)
{
    struct ui_gradflow *gf = ensure(st);
    if (!gf || slot < 0 || slot >= UI_GRADFLOW_SLOTS)
        return;
    if (slot == 1)                      /* a new comparison: its later cells too */
        for (int k = 2; k < UI_GRADFLOW_SLOTS; k++)
            rec_reset(&gf->rec[k]);
    gf->last_compare = slot > 0;
    struct gf_rec *r = &gf->rec[slot];
    rec_reset(r);
    r->used = true;
    r->cfg = *cfg;
    r->cfg.init_params = NULL;
    r->cap = cfg->epochs;
    r->layers = cfg->model.layers;
    r->length = cfg->data.length;
    if (!cfg->gradients) {
        snprintf(r->why, sizeof r->why, "Not recorded: %d epochs x %d layers x %d steps%s > %zu "
                 "values.", cfg->epochs,
                 cfg->model.layers, cfg->data.length, cfg->model.cell == CELL_LSTM ? " x 2" : "",
                 (size_t)GRADFLOW_MAX_VALUES);
        return;
    }
    const size_t lt = (size_t)r->layers * (size_t)r->length;
    const size_t n = r->cap > 0 ? (size_t)r->cap * lt : 1;
    r->h = calloc(n, sizeof *r->h);
    if (cfg->model.cell == CELL_LSTM)
        r->c = calloc(n, sizeof *r->c);
    if (!r->h || (cfg->model.cell == CELL_LSTM && !r->c)) {
        free(r->h);
        free(r->c);
        r->h = r->c = NULL;
        snprintf(r->why, sizeof r->why, "Not recorded: %s.", rt_strerror(RT_ENOMEM));
        return;
    }
    r->recording = true;
}

bool ui_gradflow_copy(struct ui_state *st, int slot, struct train_job *job)
{
    if (!st->gf || slot < 0 || slot >= UI_GRADFLOW_SLOTS)
        return false;
    struct gf_rec *r = &st->gf->rec[slot];
    const struct train_progress *pr = train_job_progress(job);
    if (!r->recording || !pr->flow_h || pr->flow_layers != r->layers || pr->flow_length != r->length)
        return false;
    int done = atomic_load_explicit(&pr->epochs_done, memory_order_acquire);
    if (done > r->cap)
        done = r->cap;
    if (done <= r->n)
        return false;
    const size_t lt = (size_t)r->layers * (size_t)r->length;
    const size_t from = (size_t)r->n * lt, count = (size_t)(done - r->n) * lt;
    memcpy(r->h + from, pr->flow_h + from, count * sizeof *r->h);
    if (r->c && pr->flow_c)
        memcpy(r->c + from, pr->flow_c + from, count * sizeof *r->c);
    r->n = done;
    return true;
}

void ui_gradflow_end(struct ui_state *st, int slot, struct train_job *job)
{
    if (!st->gf || slot < 0 || slot >= UI_GRADFLOW_SLOTS)
        return;
    ui_gradflow_copy(st, slot, job);
    st->gf->rec[slot].ended = true;
}

void ui_gradflow_view_log(struct ui_state *st, const struct runlog_data *d)
{
    const bool lstm = d->has_config && d->config.model.cell == CELL_LSTM;
    if (!d->has_config || !d->flow_h || (lstm && !d->flow_c) || d->epochs <= 0 ||
        d->flow_layers != d->config.model.layers || d->flow_length != d->config.data.length)
        return;
    struct train_config cfg = d->config;
    cfg.gradients = true;
    if (cfg.epochs < d->epochs)
        cfg.epochs = d->epochs;
    ui_gradflow_begin(st, UI_GRADFLOW_SINGLE, &cfg);
    struct gf_rec *r = st->gf ? &st->gf->rec[UI_GRADFLOW_SINGLE] : NULL;
    if (!r || !r->recording)
        return;
    const size_t values = (size_t)d->epochs * (size_t)r->layers * (size_t)r->length;
    memcpy(r->h, d->flow_h, values * sizeof *r->h);
    if (r->c)
        memcpy(r->c, d->flow_c, values * sizeof *r->c);
    r->n = d->epochs;
    r->ended = true;
}

void ui_gradflow_goto(struct ui_state *st, enum ui_screen s)
{
    if (st->screen == UI_SCREEN_GRADFLOW && st->gf)
        st->gf->back = s;
    else
        st->screen = s;
}

/* The record whose layers the view uses: the single run, or the first
 * compare cell that started. */
static const struct gf_rec *first_rec(const struct ui_gradflow *gf)
{
    if (!gf->compare)
        return &gf->rec[UI_GRADFLOW_SINGLE];
    for (int k = 0; k < COMPARE_CELLS; k++)
        if (gf->rec[1 + k].used)
            return &gf->rec[1 + k];
    return &gf->rec[1];
}

static int shown_layer(const struct ui_gradflow *gf)
{
    int layers = first_rec(gf)->layers;
    if (layers <= 0)
        return 0;
    return gf->layer < 0 || gf->layer >= layers ? layers - 1 : gf->layer;
}

bool ui_gradflow_apply(struct ui_state *st, enum ui_action act)
{
    struct ui_gradflow *gf = st->gf;
    if (act == UI_ACT_GRADFLOW) {
        bool compare = st->screen == UI_SCREEN_COMPARE ||
                       (st->screen != UI_SCREEN_TRAINING && st->screen != UI_SCREEN_RESULTS &&
                        gf && gf->last_compare);
        if (!gf || !gf->rec[compare ? 1 : UI_GRADFLOW_SINGLE].used) {
            ui_say(st, UI_MSG_INFO, "No gradient flow yet: it is recorded while a run trains "
                   "(Enter trains, C compares).");
            return true;
        }
        gf->compare = compare;
        gf->back = st->screen;
        gf->layer = shown_layer(gf);
        st->screen = UI_SCREEN_GRADFLOW;
        st->msg[0] = '\0';
        return true;
    }
    if (!gf || st->screen != UI_SCREEN_GRADFLOW)
        return false;
    const int layers = first_rec(gf)->layers > 0 ? first_rec(gf)->layers : 1;
    switch (act) {
    case UI_ACT_GRADFLOW_BACK:
        st->screen = gf->back;
        st->msg[0] = '\0';
        return true;
    case UI_ACT_GRADFLOW_LAYER_NEXT:
    case UI_ACT_GRADFLOW_LAYER_PREV:
        gf->layer = (shown_layer(gf) + (act == UI_ACT_GRADFLOW_LAYER_NEXT ? 1 : layers - 1)) % layers;
        return true;
    case UI_ACT_GRADFLOW_CELL:
        if (!gf->compare) {
            ui_say(st, UI_MSG_INFO, "One run: c switches the strip between the cells of a comparison.");
            return true;
        }
        gf->cell = (gf->cell + 1) % COMPARE_CELLS;
        st->msg[0] = '\0';
        return true;
    default:
        return false;
    }
}

const char *ui_gradflow_status(const struct ui_state *st)
{
    if (st->gf && st->gf->compare)
        return " Tab layer  c cell of the strip  Esc back  ? help  q quit";
    return " Tab layer  Esc back  ? help  q quit";
}

void ui_gradflow_free(struct ui_state *st)
{
    if (!st->gf)
        return;
    for (int k = 0; k < UI_GRADFLOW_SLOTS; k++)
        rec_reset(&st->gf->rec[k]);
    free(st->gf);
    st->gf = NULL;
}

/* ---- drawing ---- */

/* Epoch i's curve of layer l (h, or c when cstate), or NULL. */
static const float *curve(const struct gf_rec *r, int i, int l, bool cstate)
{
    const float *base = cstate ? r->c : r->h;
    if (!r->recording || !base || i < 0 || i >= r->n || l < 0 || l >= r->layers)
        return NULL;
    return base + ((size_t)i * (size_t)r->layers + (size_t)l) * (size_t)r->length;
}

/* "2.0e-01", or "-" when g(T) is not positive. */
static void ratio_text(const float *g, int T, char *buf, size_t n)
{
    if (g && T > 0 && g[T - 1] > 0.0f && isfinite(g[0]))
        snprintf(buf, n, "%.1e", (double)g[0] / (double)g[T - 1]);
    else
        snprintf(buf, n, "-");
}

/* Writes s at (y, *x) in colour c if it fits before x_end; moves *x on. */
static void put(int y, int *x, int x_end, enum ui_color c, const char *s)
{
    int len = (int)strlen(s);
    if (*x + len > x_end)
        len = x_end - *x;
    if (len > 0)
        draw_text(y, *x, len, c, s);
    *x += (int)strlen(s);
}

/* The series of the chart: the latest epoch's curves. Returns how many. */
static int chart_series(const struct ui_gradflow *gf, int layer, struct chart_series *s,
                        enum ui_color *color)
{
    int ns = 0;
    if (gf->compare) {
        const struct gf_rec *lstm = &gf->rec[1 + 1];
        const float *c = curve(lstm, lstm->n - 1, layer, true);
        if (c) {
            s[ns] = (struct chart_series){ c, lstm->length, C_GLYPH };
            color[ns++] = C_COLOR;
        }
        for (int k = 0; k < COMPARE_CELLS; k++) {
            const struct gf_rec *r = &gf->rec[1 + k];
            const float *g = curve(r, r->n - 1, layer, false);
            if (g) {
                s[ns] = (struct chart_series){ g, r->length, cell_glyph[k] };
                color[ns++] = cell_color[k];
            }
        }
        return ns;
    }
    const struct gf_rec *r = &gf->rec[UI_GRADFLOW_SINGLE];
    const float *c = curve(r, r->n - 1, layer, true);
    if (c) {
        s[ns] = (struct chart_series){ c, r->length, C_GLYPH };
        color[ns++] = C_COLOR;
    }
    for (int l = 0; l < r->layers && ns < CHART_MAX_SERIES; l++) {
        /* Up to MAX_LAYER_CURVES layers all; more: the bottom, the chosen, the top. */
        if (r->layers > MAX_LAYER_CURVES && l != 0 && l != layer && l != r->layers - 1)
            continue;
        const float *g = curve(r, r->n - 1, l, false);
        if (g) {
            s[ns] = (struct chart_series){ g, r->length, (char)('1' + l) };
            color[ns++] = layer_color[l % 4];
        }
    }
    return ns;
}

/* The log10 range of every recorded epoch of what the chart and the strip
 * show, so that the frame stays put while the curves move. */
static bool view_range(const struct ui_gradflow *gf, int layer, double *lo, double *hi)
{
    bool any = false;
    for (int k = gf->compare ? 1 : 0; k < (gf->compare ? UI_GRADFLOW_SLOTS : 1); k++) {
        const struct gf_rec *r = &gf->rec[k];
        if (!r->recording || r->n == 0)
            continue;
        const size_t lt = (size_t)r->layers * (size_t)r->length;
        for (int l = 0; l < r->layers; l++) {
            if (gf->compare && l != layer)
                continue;
            for (int which = 0; which < 2; which++) {
                const float *base = which ? r->c : r->h;
                if (!base || (which && l != layer))
                    continue;
                for (int i = 0; i < r->n; i++) {
                    double a, b;
                    if (!flow_log_range(base + (size_t)i * lt + (size_t)l * (size_t)r->length,
                                        r->length, &a, &b))
                        continue;
                    if (!any || a < *lo) *lo = a;
                    if (!any || b > *hi) *hi = b;
                    any = true;
                }
            }
        }
    }
    return any;
}

static void draw_ratios(const struct ui_gradflow *gf, int layer, int y, int x0, int w)
{
    char buf[96], num[32];
    int x = x0, end = x0 + w;
    put(y, &x, end, UI_COLOR_HEADING, "g(1)/g(T) ");
    if (gf->compare) {
        for (int k = 0; k < COMPARE_CELLS; k++) {
            const struct gf_rec *r = &gf->rec[1 + k];
            ratio_text(curve(r, r->n - 1, layer, false), r->length, num, sizeof num);
            snprintf(buf, sizeof buf, " %c %s %s  ", cell_glyph[k], cell_name(compare_cells[k]), num);
            put(y, &x, end, cell_color[k], buf);
        }
        if (gf->rec[2].c)
            put(y, &x, end, C_COLOR, " c LSTM cell");
        return;
    }
    const struct gf_rec *r = &gf->rec[UI_GRADFLOW_SINGLE];
    for (int l = 0; l < r->layers; l++) {
        ratio_text(curve(r, r->n - 1, l, false), r->length, num, sizeof num);
        snprintf(buf, sizeof buf, " %c layer %d %s  ", '1' + l, l + 1, num);
        put(y, &x, end, layer_color[l % 4], buf);
    }
    if (r->c) {
        ratio_text(curve(r, r->n - 1, layer, true), r->length, num, sizeof num);
        snprintf(buf, sizeof buf, " c cell state %d %s", layer + 1, num);
        put(y, &x, end, C_COLOR, buf);
    }
}

/* Why there is nothing to draw, or NULL. */
static const char *nothing_why(const struct ui_gradflow *gf, char *buf, size_t n)
{
    const int first = gf->compare ? 1 : 0, last = gf->compare ? COMPARE_CELLS : 0;
    const char *why = NULL;
    for (int k = first; k <= last; k++) {
        const struct gf_rec *r = &gf->rec[k];
        if (r->recording && r->n > 0)
            return NULL;
        if (r->used && !r->recording && !why)
            why = r->why;
    }
    const struct gf_rec *r = &gf->rec[first];
    if (why)
        snprintf(buf, n, "%s", why);
    else if (r->ended && r->cap == 0)
        snprintf(buf, n, "0 epochs: nothing was trained, so no epoch was recorded.");
    else if (r->ended)
        snprintf(buf, n, "The run ended before its first epoch: nothing was recorded.");
    else
        snprintf(buf, n, "Waiting for the first epoch: the gradient flow is measured after each.");
    return buf;
}

static void draw_chart(const struct ui_gradflow *gf, int layer, const struct flow_axis *ax,
                       int y0, int x0, int h, int w)
{
    struct chart_series s[CHART_MAX_SERIES];
    enum ui_color color[CHART_MAX_SERIES];
    int ns = chart_series(gf, layer, s, color);
    struct chart_spec spec = { s, ns, first_rec(gf)->length, true };
    struct chart_axes axes = { "step", pow(10.0, ax->lo), pow(10.0, ax->hi) };
    size_t size = (size_t)h * (size_t)(w > 0 ? w : 0);
    char *grid = malloc(size ? size : 1);
    unsigned char *cls = malloc(size ? size : 1);
    if (grid && cls && h > 0 && w > 0 && chart_render_axes(&spec, &axes, grid, cls, h, w, NULL) >= 0)
        draw_grid(y0, x0, grid, cls, h, w, draw_chart_color, color);
    else
        draw_text(y0, x0, w, UI_COLOR_DIM, "(the chart needs a larger window)");
    free(grid);
    free(cls);
}

static void draw_strip(const struct ui_gradflow *gf, int layer, const struct flow_axis *ax,
                       int y0, int x0, int h, int w)
{
    const int k = gf->compare ? 1 + gf->cell : UI_GRADFLOW_SINGLE;
    const struct gf_rec *r = &gf->rec[k];
    char head[160], lname[32];
    model_layer_name(&r->cfg.model, layer, lname, sizeof lname);
    int x = x0, end = x0 + w;
    snprintf(head, sizeof head, "By epoch (down), %s%slayer %d (%s): log10 g from %d ",
             gf->compare ? cell_name(compare_cells[gf->cell]) : "", gf->compare ? " " : "",
             layer + 1, lname, ax->lo);
    put(y0, &x, end, UI_COLOR_HEADING, head);
    static const char ramp[] = HEAT_RAMP;
    for (int i = 0; i < HEAT_LEVELS && x < end; i++, x++) {
        char one[2] = { ramp[i], '\0' };
        draw_text(y0, x, 1, draw_heat_color((unsigned char)(HEAT_LEVEL + i), NULL), one);
    }
    snprintf(head, sizeof head, " to %d", ax->hi);
    put(y0, &x, end, UI_COLOR_HEADING, head);
    if (h < 2)
        return;
    if (!r->recording) {
        draw_text(y0 + 1, x0, w, UI_COLOR_DIM, r->used ? r->why : "Not run.");
        return;
    }
    struct flow_strip spec = { r->h, r->layers, layer, r->length, r->cap, r->n, ax->lo, ax->hi };
    size_t size = (size_t)h * (size_t)w;
    char *grid = malloc(size ? size : 1);
    unsigned char *cls = malloc(size ? size : 1);
    if (grid && cls && w > 0 && flow_strip_render(&spec, grid, cls, h - 1, w) >= 0)
        draw_grid(y0 + 1, x0, grid, cls, h - 1, w, draw_heat_color, NULL);
    else
        draw_text(y0 + 1, x0, w, UI_COLOR_DIM, "(the strip needs a larger window)");
    free(grid);
    free(cls);
}

void ui_gradflow_draw(const struct ui_state *st, int y0, int y1)
{
    const struct ui_gradflow *gf = st->gf;
    const int x0 = 1, w = COLS - 2;
    if (!gf)
        return;
    const int layer = shown_layer(gf);
    const struct gf_rec *r0 = first_rec(gf);
    char what[96];
    int len;
    if (gf->compare) {
        len = snprintf(what, sizeof what, "Gradient flow compared: layer %d of %d, %dx%d, seed %llu",
                       layer + 1, r0->layers, r0->layers, r0->cfg.model.units,
                       (unsigned long long)r0->cfg.seed);
    } else {
        char run[64];
        ui_describe(&r0->cfg, run, sizeof run);
        len = snprintf(what, sizeof what, "Gradient flow of %s: epoch %d/%d%s", run, r0->n, r0->cap,
                       r0->ended ? "" : " (training)");
    }
    draw_text(y0, x0, w, UI_COLOR_HEADING, what);
    int first, probe;
    gradflow_probe_range(r0->cfg.data.samples, &first, &probe);
    char tag[64];
    int tl = snprintf(tag, sizeof tag, "||dL/dh_t||, %d samples", probe);
    if (len + 2 + tl <= w)
        draw_text(y0, x0 + w - tl, tl, UI_COLOR_DIM, tag);
    draw_ratios(gf, layer, y0 + 1, x0, w);

    char why[200];
    double lo = 0, hi = 0;
    struct flow_axis ax;
    const int area = y1 - (y0 + 2) + 1;   /* rows for the chart and the strip */
    if (nothing_why(gf, why, sizeof why) || !view_range(gf, layer, &lo, &hi)) {
        draw_text(y0 + 3, x0, w, UI_COLOR_DIM, nothing_why(gf, why, sizeof why) ? why
                  : "Every gradient norm is zero: nothing to draw on a log axis.");
        return;
    }
    /* The strip: its heading, the step axis and a row per epoch (or group),
     * about two fifths of the rows; the chart the rest, whole decades. */
    const struct gf_rec *sr = &gf->rec[gf->compare ? 1 + gf->cell : UI_GRADFLOW_SINGLE];
    int want = 2 + (sr->cap > 0 ? sr->cap : 1);
    int strip = area * 2 / 5;
    if (strip < 4)
        strip = 4;
    if (strip > want)
        strip = want;
    if (area - strip < CHART_MIN_ROWS + 2)
        strip = area - (CHART_MIN_ROWS + 2);
    if (strip < 3)
        strip = 0;
    int chart = area - strip;
    if (!flow_axis_fit(lo, hi, chart - 2, &ax)) {
        draw_text(y0 + 3, x0, w, UI_COLOR_DIM, "(the gradient-flow view needs a larger window)");
        return;
    }
    int spare = chart - (ax.plot_rows + 2);
    chart -= spare;
    if (strip > 0) {
        int more = want - strip < spare ? want - strip : spare;
        strip += more;
    }
    draw_chart(gf, layer, &ax, y0 + 2, x0, chart, w);
    if (strip > 0)
        draw_strip(gf, layer, &ax, y0 + 2 + chart, x0, strip, w);
}
