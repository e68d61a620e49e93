#include "config.h"

#include "rnntui/plot.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/cell.h"
#include "rnntui/status.h"
#include "rnntui/ticks.h"
#include "iofile_impl.h"

/* The plot area inside the canvas. */
#define PLOT_LEFT 80.0
#define PLOT_RIGHT (PLOT_WIDTH - 30.0)
#define PLOT_TOP 70.0
#define PLOT_BOTTOM (PLOT_HEIGHT - 60.0)

struct plot_axis {
    double lo, hi;        /* data range shown */
};

static void plot_text(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default:
            /* Control characters are not allowed in XML 1.0. */
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
                fputc(*s, fp);
            break;
        }
    }
}

static double plot_x(const struct plot_axis *a, double v)
{
    return PLOT_LEFT + (v - a->lo) / (a->hi - a->lo) * (PLOT_RIGHT - PLOT_LEFT);
}

static double plot_y(const struct plot_axis *a, double v)
{
    return PLOT_BOTTOM - (v - a->lo) / (a->hi - a->lo) * (PLOT_BOTTOM - PLOT_TOP);
}

/* The value drawn for v: itself, or log10(v) on a log axis (NaN for v <= 0). */
static double plot_value(float v, bool logy)
{
    return logy ? (v > 0 ? log10((double)v) : NAN) : (double)v;
}

static void plot_series(FILE *fp, const char *id, const char *color, const float *vals, int n,
                        const struct plot_axis *ax, const struct plot_axis *ay, bool logy,
                        const char *dash)
{
    fprintf(fp, "<g id=\"%s\" class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                "stroke-linejoin=\"round\"%s%s%s>\n", id, color, dash ? " stroke-dasharray=\"" : "",
            dash ? dash : "", dash ? "\"" : "");
    bool open = false;
    for (int i = 0; i < n; i++) {
        double v = plot_value(vals[i], logy);
        if (!isfinite(v)) {
            if (open)
                fputs("\"/>\n", fp);
            open = false;
            continue;
        }
        double y = v > ay->hi ? ay->hi : v < ay->lo ? ay->lo : v;
        fprintf(fp, "%s%.2f,%.2f", open ? " " : "<polyline points=\"", plot_x(ax, i + 1.0),
                plot_y(ay, y));
        open = true;
    }
    if (open)
        fputs("\"/>\n", fp);
    /* A lone point would not show as a line: mark every point when few. */
    if (n <= 60) {
        for (int i = 0; i < n; i++) {
            double v = plot_value(vals[i], logy);
            if (isfinite(v))
                fprintf(fp, "<circle class=\"marker\" cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" fill=\"%s\" "
                            "stroke=\"none\"/>\n",
                        plot_x(ax, i + 1.0), plot_y(ay, v > ay->hi ? ay->hi : v < ay->lo ? ay->lo : v),
                        color);
        }
    }
    fputs("</g>\n", fp);
}

/* The document's head: the SVG element of height `height`, its title and
 * description, a white background and the title and subtitle lines. */
static void plot_open(FILE *fp, int height, const char *title, const char *sub, const char *desc)
{
    fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
                "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            PLOT_WIDTH, height, PLOT_WIDTH, height);
    fputs("<title>", fp);
    plot_text(fp, title);
    fprintf(fp, "</title>\n<desc>%s, written by " PACKAGE_NAME " " PACKAGE_VERSION "</desc>\n", desc);
    fprintf(fp, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", PLOT_WIDTH, height);
    fprintf(fp, "<text x=\"%d\" y=\"28\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">",
            PLOT_WIDTH / 2);
    plot_text(fp, title);
    fprintf(fp, "</text>\n<text x=\"%d\" y=\"48\" text-anchor=\"middle\" fill=\"#444\">", PLOT_WIDTH / 2);
    plot_text(fp, sub);
    fputs("</text>\n", fp);
}

/* The x and y axis lines of a panel, as the group `id`. */
static void plot_axis_lines(FILE *fp, const char *id)
{
    fprintf(fp, "<g id=\"%s\" stroke=\"#000\" stroke-width=\"1\">\n", id);
    fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", PLOT_LEFT, PLOT_BOTTOM,
            PLOT_RIGHT, PLOT_BOTTOM);
    fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", PLOT_LEFT, PLOT_TOP,
            PLOT_LEFT, PLOT_BOTTOM);
    fputs("</g>\n", fp);
}

/* The y ticks of yt as the group `prefix`yticks: a grid line, a tick and a
 * label each, at log10 of the value on a log axis. */
static void plot_yticks(FILE *fp, const char *prefix, const struct ticks *yt,
                        const struct plot_axis *ay, bool logy)
{
    fprintf(fp, "<g id=\"%syticks\" font-size=\"11\">\n", prefix);
    for (int k = 0; k < yt->n; k++) {
        char label[TICKS_LABEL];
        ticks_label(yt, k, label, sizeof label);
        double y = plot_y(ay, logy ? log10(yt->v[k]) : yt->v[k]);
        fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#ddd\"/>"
                    "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#000\"/>"
                    "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n",
                PLOT_LEFT, y, PLOT_RIGHT, y, PLOT_LEFT - 5, y, PLOT_LEFT, y, PLOT_LEFT - 8, y + 4, label);
    }
    fputs("</g>\n", fp);
}

/* The x ticks 1, then the multiples of step up to ax->hi, as the group
 * `prefix`xticks. */
static void plot_xticks(FILE *fp, const char *prefix, const struct plot_axis *ax, double step)
{
    fprintf(fp, "<g id=\"%sxticks\" font-size=\"11\">\n", prefix);
    for (double v = 1; v <= ax->hi + 1e-9;) {
        double x = plot_x(ax, v);
        fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#000\"/>"
                    "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%g</text>\n",
                x, PLOT_BOTTOM, x, PLOT_BOTTOM + 5, x, PLOT_BOTTOM + 18, v);
        double next = (floor(v / step) + 1) * step;
        if (v == 1 && next - v < step * 0.4)
            next += step;             /* keep "1" from crowding the first round tick */
        v = next;
    }
    fputs("</g>\n", fp);
}

static void plot_titles(const struct runlog_data *run, const char *source, char *title,
                        size_t tn, char *sub, size_t sn)
{
    char correct[48] = "";
    if (run->has_result)
        snprintf(correct, sizeof correct, " \xe2\x80\x94 correctness %.1f %%", run->result.correctness);
    if (run->has_config) {
        const struct train_config *c = &run->config;
        snprintf(title, tn, "%s, %d x %d units, seed %llu%s", cell_name(c->model.cell),
                 c->model.layers, c->model.units, (unsigned long long)c->seed, correct);
    } else {
        snprintf(title, tn, "Training history%s%s%s", source ? " of " : "", source ? source : "",
                 correct);
    }
    char what[96] = "";
    switch (run->status) {
    case RUNLOG_DONE:
        if (run->has_result)
            snprintf(what, sizeof what, "test loss %.4g, %d epoch%s", run->result.test_loss,
                     run->epochs, run->epochs == 1 ? "" : "s");
        else
            snprintf(what, sizeof what, "%d epoch%s", run->epochs, run->epochs == 1 ? "" : "s");
        break;
    case RUNLOG_CANCELLED:
        snprintf(what, sizeof what, "cancelled after %d epoch%s", run->epochs, run->epochs == 1 ? "" : "s");
        break;
    case RUNLOG_DIVERGED:
        if (run->diverged_epoch > 0)
            snprintf(what, sizeof what, "diverged at epoch %d", run->diverged_epoch);
        else
            snprintf(what, sizeof what, "diverged after %d epoch%s", run->epochs, run->epochs == 1 ? "" : "s");
        break;
    case RUNLOG_FAILED:
        snprintf(what, sizeof what, "failed after %d epoch%s", run->epochs, run->epochs == 1 ? "" : "s");
        break;
    default:
        snprintf(what, sizeof what, "%d epoch%s%s", run->epochs, run->epochs == 1 ? "" : "s",
                 run->has_config && run->epochs < run->config.epochs ? " (unfinished)" : "");
        break;
    }
    if (run->has_config) {
        const struct train_config *c = &run->config;
        snprintf(sub, sn, "%s; learning rate %g, batch %d, %d samples of %d steps", what,
                 c->learning_rate, c->batch_size, c->data.samples, c->data.length);
    } else {
        snprintf(sub, sn, "%s", what);
    }
}

/* The gradient flow to draw: the final model's, else the last recorded
 * epoch's; NULL when the run has none. */
static const float *plot_flow_of(const struct runlog_data *run, const float **c, int *epoch)
{
    if (run->has_result && run->result.has_gradients) {
        *c = run->result.flow_c;
        *epoch = 0;
        return run->result.flow_h;
    }
    const size_t lt = (size_t)run->flow_layers * run->flow_length;
    for (int i = run->flow_h ? run->epochs - 1 : -1; i >= 0; i--) {
        if (!isnan(run->flow_h[(size_t)i * lt])) {
            *c = run->flow_c ? run->flow_c + (size_t)i * lt : NULL;
            *epoch = i + 1;
            return run->flow_h + (size_t)i * lt;
        }
    }
    return NULL;
}

/* The second panel: log10 of the gradient flow against the step, one curve
 * per layer (h solid, LSTM c dashed), ticks at whole decades. */
static void plot_flow_panel(FILE *fp, const struct runlog_data *run, const float *h,
                            const float *c, int epoch)
{
    static const char *const colors[] = { "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                                          "#e377c2", "#7f7f7f", "#bcbd22", "#17becf" };
    const int L = run->flow_layers ? run->flow_layers : run->result.flow_layers;
    const int T = run->flow_layers ? run->flow_length : run->result.flow_length;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < (size_t)L * T; i++) {
        for (int k = 0; k < (c ? 2 : 1); k++) {
            double v = plot_value((k ? c : h)[i], true);
            if (isfinite(v)) {
                lo = fmin(lo, v);
                hi = fmax(hi, v);
            }
        }
    }
    if (!(lo <= hi)) {
        lo = -1;
        hi = 0;
    }
    /* y: round log ticks (rnntui/ticks.h), drawn at their log10. */
    struct ticks yt;
    bool have_ticks = ticks_log(pow(10.0, lo), pow(10.0, hi), 7, &yt);
    if (!have_ticks)
        have_ticks = ticks_log(0.1, 1.0, 7, &yt);
    assert(have_ticks);
    struct plot_axis ay = { log10(yt.lo), log10(yt.hi) };
    struct plot_axis ax = { 1, T > 1 ? T : 2 };
    double xstep = ticks_step(ax.hi - 1.0, 8, true);

    fprintf(fp, "<g id=\"gradient_flow\" transform=\"translate(0 %d)\">\n", PLOT_HEIGHT);
    fprintf(fp, "<text x=\"%d\" y=\"28\" text-anchor=\"middle\" font-size=\"16\" "
                "font-weight=\"bold\">Gradient flow: mean ||dL/dh_t|| over the probe samples</text>\n",
            PLOT_WIDTH / 2);
    fprintf(fp, "<text x=\"%d\" y=\"48\" text-anchor=\"middle\" fill=\"#444\">", PLOT_WIDTH / 2);
    if (epoch)
        fprintf(fp, "after epoch %d", epoch);
    else
        fprintf(fp, "final model; %.1f %% of test samples look at the marked steps",
                run->result.marked_share);
    fputs("</text>\n", fp);
    plot_axis_lines(fp, "flow_axes");
    plot_yticks(fp, "flow_", &yt, &ay, true);
    plot_xticks(fp, "flow_", &ax, xstep);
    fprintf(fp, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">step t</text>\n",
            (PLOT_LEFT + PLOT_RIGHT) / 2, PLOT_HEIGHT - 20);
    fprintf(fp, "<text x=\"20\" y=\"%.2f\" text-anchor=\"middle\" transform=\"rotate(-90 20 %.2f)\">"
                "||dL/dh_t|| (log scale)</text>\n", (PLOT_TOP + PLOT_BOTTOM) / 2,
            (PLOT_TOP + PLOT_BOTTOM) / 2);
    for (int l = 0; l < L; l++) {
        char id[32];
        snprintf(id, sizeof id, "flow_h_%d", l + 1);
        plot_series(fp, id, colors[l % 8], h + (size_t)l * T, T, &ax, &ay, true, NULL);
        if (c) {
            snprintf(id, sizeof id, "flow_c_%d", l + 1);
            plot_series(fp, id, colors[l % 8], c + (size_t)l * T, T, &ax, &ay, true, "6 4");
        }
    }
    /* Legend, bottom right (the curves rise to the right). */
    const int rows = L * (c ? 2 : 1);
    double lx = PLOT_RIGHT - 130, ly = PLOT_BOTTOM - 12 - 18.0 * rows;
    fprintf(fp, "<g id=\"flow_legend\">\n<rect x=\"%.2f\" y=\"%.2f\" width=\"120\" height=\"%.2f\" "
                "fill=\"white\" stroke=\"#999\"/>\n", lx, ly, 8 + 18.0 * rows);
    for (int k = 0; k < rows; k++) {
        int l = c ? k / 2 : k;
        bool is_c = c && k % 2;
        double y = ly + 15 + 18.0 * k;
        fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" "
                    "stroke-width=\"2\"%s/><text x=\"%.2f\" y=\"%.2f\">layer %d %s</text>\n",
                lx + 8, y, lx + 32, y, colors[l % 8], is_c ? " stroke-dasharray=\"6 4\"" : "",
                lx + 38, y + 4, l + 1, is_c ? "c" : "h");
    }
    fputs("</g>\n</g>\n", fp);
}

int plot_svg_write(const char *path, bool force, const struct runlog_data *run, const char *source)
{
    const float *flow_c = NULL;
    int flow_epoch = 0;
    const float *flow_h = plot_flow_of(run, &flow_c, &flow_epoch);
    const int height = flow_h ? 2 * PLOT_HEIGHT : PLOT_HEIGHT;
    const int n = run->epochs;
    double ymax = 0;
    for (int i = 0; i < n; i++) {
        if (isfinite(run->loss[i]) && run->loss[i] > ymax)
            ymax = run->loss[i];
        if (isfinite(run->val_loss[i]) && run->val_loss[i] > ymax)
            ymax = run->val_loss[i];
    }
    if (!(ymax > 0) || ymax > 1e30)
        ymax = ymax > 1e30 ? 1e30 : 1.0;
    /* y: round ticks from 0 (rnntui/ticks.h); x: epoch 1 and multiples of
     * a round whole step. */
    struct ticks yt;
    bool have_ticks = ticks_linear(0.0, ymax, 7, &yt);    /* 0 < ymax <= 1e30 */
    assert(have_ticks);
    (void)have_ticks;
    struct plot_axis ay = { yt.lo, yt.hi };
    int xmax = n > 1 ? n : 2;
    struct plot_axis ax = { 1, xmax };
    double xstep = ticks_step(xmax - 1.0, 8, true);

    struct iofile f;
    int rc = iofile_begin(&f, path, force);
    if (rc != RT_OK)
        return rc;
    locale_t old = iofile_locale_push();
    FILE *fp = f.fp;
    char title[256], sub[256];
    plot_titles(run, source, title, sizeof title, sub, sizeof sub);

    plot_open(fp, height, title, sub, "loss and val_loss per epoch");

    /* Grid, ticks and tick labels. */
    plot_axis_lines(fp, "axes");
    plot_yticks(fp, "", &yt, &ay, false);
    plot_xticks(fp, "", &ax, xstep);
    fprintf(fp, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">epoch</text>\n",
            (PLOT_LEFT + PLOT_RIGHT) / 2, PLOT_HEIGHT - 20);
    fprintf(fp, "<text x=\"20\" y=\"%.2f\" text-anchor=\"middle\" transform=\"rotate(-90 20 %.2f)\">"
                "loss (MSE)</text>\n", (PLOT_TOP + PLOT_BOTTOM) / 2, (PLOT_TOP + PLOT_BOTTOM) / 2);

    plot_series(fp, "loss", "#1f77b4", run->loss, n, &ax, &ay, false, NULL);
    plot_series(fp, "val_loss", "#ff7f0e", run->val_loss, n, &ax, &ay, false, NULL);

    /* Legend, top right of the plot area. */
    double lx = PLOT_RIGHT - 110, ly = PLOT_TOP + 10;
    fprintf(fp, "<g id=\"legend\">\n<rect x=\"%.2f\" y=\"%.2f\" width=\"100\" height=\"44\" "
                "fill=\"white\" stroke=\"#999\"/>\n", lx, ly);
    fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#1f77b4\" stroke-width=\"2\"/>"
                "<text x=\"%.2f\" y=\"%.2f\">loss</text>\n", lx + 8, ly + 15, lx + 32, ly + 15, lx + 38, ly + 19);
    fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#ff7f0e\" stroke-width=\"2\"/>"
                "<text x=\"%.2f\" y=\"%.2f\">val_loss</text>\n</g>\n", lx + 8, ly + 33, lx + 32, ly + 33,
            lx + 38, ly + 37);
    if (n == 0)
        fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" fill=\"#666\">no finished epochs</text>\n",
                (PLOT_LEFT + PLOT_RIGHT) / 2, (PLOT_TOP + PLOT_BOTTOM) / 2);
    if (flow_h)
        plot_flow_panel(fp, run, flow_h, flow_c, flow_epoch);
    fputs("</svg>\n", fp);
    iofile_locale_pop(old);
    if (ferror(fp)) {
        if (!errno)
            errno = EIO;
        iofile_abort(&f);
        return RT_EIO;
    }
    return iofile_commit(&f);
}

/* ---- the chart of a sweep ---- */

static const char *cell_color(enum cell_kind c, int extra)
{
    static const char *const more[] = { "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf" };
    if (extra == 0)
        return c == CELL_RNN ? "#d62728" : c == CELL_LSTM ? "#1f77b4" : "#2ca02c";
    return more[(extra - 1) % 6];
}

int plot_sweep_svg_write(const char *path, bool force, const struct sweep_plan *plan,
                         const struct sweep_point *pts, const char *source)
{
    /* The x axis: the first swept axis but cell and seed, else the cell. */
    enum sweep_axis xa = SWEEP_CELL;
    for (int k = 0; k < plan->n_axes; k++)
        if (plan->axis[k] != SWEEP_CELL && plan->axis[k] != SWEEP_SEED) {
            xa = plan->axis[k];
            break;
        }
    int np = plan->n_points;
    struct sweep_value *xs = malloc((size_t)(np ? np : 1) * sizeof *xs);
    int *series = malloc((size_t)(np ? np : 1) * sizeof *series);  /* series of point p */
    int *xi = malloc((size_t)(np ? np : 1) * sizeof *xi);           /* x slot of point p */
    int *first = malloc((size_t)(np ? np : 1) * sizeof *first);     /* a point of series s */
    if (!xs || !series || !xi || !first) {
        free(xs), free(series), free(xi), free(first);
        return RT_ENOMEM;
    }
    int nx = 0, ns = 0;
    for (int p = 0; p < np; p++) {
        const struct train_config *c = &plan->runs[pts[p].first].cfg;
        struct sweep_value v = sweep_axis_get(c, xa);
        int at = 0;
        while (at < nx && sweep_value_cmp(xa, xs[at], v) < 0)
            at++;
        if (at == nx || sweep_value_cmp(xa, xs[at], v) != 0) {
            memmove(xs + at + 1, xs + at, (size_t)(nx - at) * sizeof *xs);
            xs[at] = v;
            nx++;
        }
        int s = 0;
        /* one series per cell and value of any axis beyond x (seed excepted) */
        while (s < ns && sweep_cmp_except(plan, xa, &plan->runs[pts[first[s]].first].cfg, c) != 0)
            s++;
        if (s == ns)
            first[ns++] = p;
        series[p] = s;
    }
    for (int p = 0; p < np; p++) {
        struct sweep_value v = sweep_axis_get(&plan->runs[pts[p].first].cfg, xa);
        for (xi[p] = 0; xi[p] < nx && sweep_value_cmp(xa, xs[xi[p]], v) != 0; xi[p]++)
            ;
    }

    struct iofile f;
    int rc = iofile_begin(&f, path, force);
    if (rc != RT_OK) {
        free(xs), free(series), free(xi), free(first);
        return rc;
    }
    locale_t old = iofile_locale_push();
    FILE *fp = f.fp;
    const double slot = nx > 0 ? (PLOT_RIGHT - PLOT_LEFT) / nx : 1;
    struct plot_axis ay = { 0, 100 };             /* percent, ticks every 20 */
#define SX(i) (PLOT_LEFT + ((i) + 0.5) * slot)

    char title[160], sub[400];
    int done = 0, seeds = 0;
    for (int i = 0; i < plan->n_runs; i++)
        done += plan->runs[i].out.status == SWEEP_DONE;
    for (int p = 0; p < np; p++)
        seeds = pts[p].runs > seeds ? pts[p].runs : seeds;
    snprintf(title, sizeof title, "Test correctness against %s", xa == SWEEP_CELL ? "the cell" : sweep_axis_name(xa));
    size_t len = (size_t)snprintf(sub, sizeof sub, "%d of %d runs finished, up to %d per point; "
                                  "dots: each run, line: the median", done, plan->n_runs, seeds);
    if (plan->n_runs) {
        for (int a = SWEEP_UNITS; a < SWEEP_AXES && len + 40 < sizeof sub; a++) {
            bool swept = false;
            for (int k = 0; k < plan->n_axes; k++)
                swept |= plan->axis[k] == (enum sweep_axis)a;
            if (swept || a == SWEEP_SAMPLES || a == SWEEP_BATCH || a == SWEEP_LR)
                continue;
            char v[40];
            sweep_value_text((enum sweep_axis)a, sweep_axis_get(&plan->runs[0].cfg, (enum sweep_axis)a),
                             false, v, sizeof v);
            len += (size_t)snprintf(sub + len, sizeof sub - len, "; %s %s", sweep_axis_name((enum sweep_axis)a), v);
        }
    }
    if (source && len + 10 < sizeof sub)
        snprintf(sub + len, sizeof sub - len, " (%s)", source);

    plot_open(fp, PLOT_HEIGHT, title, sub, "a sweep's test correctness per run and its median");

    plot_axis_lines(fp, "axes");
    fputs("<g id=\"yticks\" font-size=\"11\">\n", fp);
    for (int v = 0; v <= 100; v += 20) {
        double y = plot_y(&ay, v);
        fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#ddd\"/>"
                    "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#000\"/>"
                    "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%d</text>\n",
                PLOT_LEFT, y, PLOT_RIGHT, y, PLOT_LEFT - 5, y, PLOT_LEFT, y, PLOT_LEFT - 8, y + 4, v);
    }
    fputs("</g>\n<g id=\"xticks\" font-size=\"11\">\n", fp);
    for (int i = 0; i < nx; i++) {
        char v[40];
        sweep_value_text(xa, xs[i], false, v, sizeof v);
        fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#000\"/>"
                    "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">",
                SX(i), PLOT_BOTTOM, SX(i), PLOT_BOTTOM + 5, SX(i), PLOT_BOTTOM + 18);
        plot_text(fp, v);
        fputs("</text>\n", fp);
    }
    fputs("</g>\n", fp);
    /* The axis's name at the right end, the legend along the bottom. */
    fprintf(fp, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"end\">", PLOT_RIGHT, PLOT_HEIGHT - 20);
    plot_text(fp, xa == SWEEP_CELL ? "cell" : sweep_axis_name(xa));
    fprintf(fp, "</text>\n<text x=\"20\" y=\"%.2f\" text-anchor=\"middle\" transform=\"rotate(-90 20 %.2f)\">"
                "test correctness (%%)</text>\n", (PLOT_TOP + PLOT_BOTTOM) / 2, (PLOT_TOP + PLOT_BOTTOM) / 2);

    /* The series, each with a slight horizontal offset so seeds do not hide
     * each other. */
    int per_cell[3] = { 0, 0, 0 };
    for (int s = 0; s < ns; s++) {
        const struct train_config *c0 = &plan->runs[pts[first[s]].first].cfg;
        enum cell_kind cell = c0->model.cell;
        int extra = cell >= 0 && cell < 3 ? per_cell[cell]++ : 0;
        const char *color = cell_color(cell, extra);
        double dx = ns > 1 ? (s - (ns - 1) / 2.0) * (slot * 0.5 / ns) : 0;
        char label[160], id[160];
        sweep_value_text(SWEEP_CELL, sweep_axis_get(c0, SWEEP_CELL), false, label, sizeof label);
        sweep_value_text(SWEEP_CELL, sweep_axis_get(c0, SWEEP_CELL), true, id, sizeof id);
        for (int k = 0; k < plan->n_axes; k++) {
            enum sweep_axis ax = plan->axis[k];
            if (ax == SWEEP_CELL || ax == SWEEP_SEED || ax == xa)
                continue;
            char v[40];
            sweep_value_text(ax, sweep_axis_get(c0, ax), false, v, sizeof v);
            size_t l = strlen(label), m = strlen(id);
            snprintf(label + l, sizeof label - l, " %s %s", sweep_axis_name(ax), v);
            snprintf(id + m, sizeof id - m, "-%s%s", sweep_axis_tag(ax), v);
        }
        fputs("<g id=\"series-", fp);
        plot_text(fp, id);
        fprintf(fp, "\" class=\"series\" fill=\"%s\" stroke=\"%s\">\n<desc>", color, color);
        plot_text(fp, label);
        fputs("</desc>\n", fp);
        /* The medians joined, in x order. */
        bool open = false;
        for (int i = 0; i < nx; i++)
            for (int p = 0; p < np; p++)
                if (series[p] == s && xi[p] == i && pts[p].done > 0) {
                    fprintf(fp, "%s%.2f,%.2f", open ? " " : "<polyline class=\"median\" fill=\"none\" "
                            "stroke-width=\"2\" points=\"", SX(i) + dx, plot_y(&ay, pts[p].median));
                    open = true;
                }
        if (open)
            fputs("\"/>\n", fp);
        /* Each run's dot, point by point and by seed, whatever order the
         * runs ran or were read in. */
        for (int p = 0; p < np; p++) {
            if (series[p] != s)
                continue;
            uint64_t last = 0;
            bool any = false;
            for (;;) {
                const struct sweep_run *next = NULL;
                for (int i = pts[p].first; i < plan->n_runs; i++) {
                    const struct sweep_run *r = &plan->runs[i];
                    if (r->point == p && r->out.status == SWEEP_DONE && (!any || r->cfg.seed > last) &&
                        (!next || r->cfg.seed < next->cfg.seed))
                        next = r;
                }
                if (!next)
                    break;
                fprintf(fp, "<circle class=\"seed\" cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" stroke=\"none\" "
                            "fill-opacity=\"0.6\"/>\n", SX(xi[p]) + dx, plot_y(&ay, next->out.correctness));
                last = next->cfg.seed;
                any = true;
            }
        }
        for (int p = 0; p < np; p++)
            if (series[p] == s && pts[p].done > 0)
                fprintf(fp, "<circle class=\"median\" cx=\"%.2f\" cy=\"%.2f\" r=\"4.5\" fill=\"white\" "
                            "stroke-width=\"2\"/>\n", SX(xi[p]) + dx, plot_y(&ay, pts[p].median));
        fputs("</g>\n", fp);
    }
    /* Legend, in a row below the x axis: a short line and the name. */
    double lx = PLOT_LEFT, ly = PLOT_HEIGHT - 24;
    fputs("<g id=\"legend\">\n", fp);
    per_cell[0] = per_cell[1] = per_cell[2] = 0;
    for (int s = 0; s < ns; s++) {
        const struct train_config *c0 = &plan->runs[pts[first[s]].first].cfg;
        enum cell_kind cell = c0->model.cell;
        int extra = cell >= 0 && cell < 3 ? per_cell[cell]++ : 0;
        const char *color = cell_color(cell, extra);
        char label[160];
        sweep_value_text(SWEEP_CELL, sweep_axis_get(c0, SWEEP_CELL), false, label, sizeof label);
        for (int k = 0; k < plan->n_axes; k++) {
            enum sweep_axis ax = plan->axis[k];
            if (ax == SWEEP_CELL || ax == SWEEP_SEED || ax == xa)
                continue;
            char v[40];
            sweep_value_text(ax, sweep_axis_get(c0, ax), false, v, sizeof v);
            size_t l = strlen(label);
            snprintf(label + l, sizeof label - l, " %s %s", sweep_axis_name(ax), v);
        }
        double w = 40 + 7.0 * (double)strlen(label);
        if (lx + w > PLOT_RIGHT - 80 && lx > PLOT_LEFT) {   /* a new row, below */
            lx = PLOT_LEFT;
            ly += 14;
        }
        fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" stroke-width=\"2\"/>"
                    "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" fill=\"white\" stroke=\"%s\" stroke-width=\"2\"/>"
                    "<text x=\"%.2f\" y=\"%.2f\">", lx, ly, lx + 24, ly, color, lx + 12, ly, color, lx + 30, ly + 4);
        plot_text(fp, label);
        fputs("</text>\n", fp);
        lx += w;
    }
    fputs("</g>\n", fp);
    if (done == 0)
        fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" fill=\"#666\">no finished runs</text>\n",
                (PLOT_LEFT + PLOT_RIGHT) / 2, (PLOT_TOP + PLOT_BOTTOM) / 2);
    fputs("</svg>\n", fp);
#undef SX
    iofile_locale_pop(old);
    free(xs), free(series), free(xi), free(first);
    if (ferror(fp)) {
        if (!errno)
            errno = EIO;
        iofile_abort(&f);
        return RT_EIO;
    }
    return iofile_commit(&f);
}
