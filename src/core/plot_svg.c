#include "config.h"

#include "rnntui/plot.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
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

static void plot_series(FILE *fp, const char *id, const char *color, const float *v, int n,
                        const struct plot_axis *ax, const struct plot_axis *ay)
{
    fprintf(fp, "<g id=\"%s\" class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                "stroke-linejoin=\"round\">\n", id, color);
    bool open = false;
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            if (open)
                fputs("\"/>\n", fp);
            open = false;
            continue;
        }
        double y = v[i] > ay->hi ? ay->hi : v[i] < ay->lo ? ay->lo : v[i];
        fprintf(fp, "%s%.2f,%.2f", open ? " " : "<polyline points=\"", plot_x(ax, i + 1.0),
                plot_y(ay, y));
        open = true;
    }
    if (open)
        fputs("\"/>\n", fp);
    /* A lone point would not show as a line: mark every point when few. */
    if (n <= 60) {
        for (int i = 0; i < n; i++)
            if (isfinite(v[i]))
                fprintf(fp, "<circle class=\"marker\" cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" fill=\"%s\" "
                            "stroke=\"none\"/>\n",
                        plot_x(ax, i + 1.0), plot_y(ay, v[i] > ay->hi ? ay->hi : v[i]), color);
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

int plot_svg_write(const char *path, bool force, const struct runlog_data *run, const char *source)
{
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

    fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
                "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            PLOT_WIDTH, PLOT_HEIGHT, PLOT_WIDTH, PLOT_HEIGHT);
    fputs("<title>", fp);
    plot_text(fp, title);
    fputs("</title>\n<desc>loss and val_loss per epoch, written by " PACKAGE_NAME " " PACKAGE_VERSION
          "</desc>\n", fp);
    fprintf(fp, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", PLOT_WIDTH, PLOT_HEIGHT);
    fprintf(fp, "<text x=\"%d\" y=\"28\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">",
            PLOT_WIDTH / 2);
    plot_text(fp, title);
    fprintf(fp, "</text>\n<text x=\"%d\" y=\"48\" text-anchor=\"middle\" fill=\"#444\">", PLOT_WIDTH / 2);
    plot_text(fp, sub);
    fputs("</text>\n", fp);

    /* Grid, ticks and tick labels. */
    fputs("<g id=\"axes\" stroke=\"#000\" stroke-width=\"1\">\n", fp);
    fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", PLOT_LEFT, PLOT_BOTTOM,
            PLOT_RIGHT, PLOT_BOTTOM);
    fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", PLOT_LEFT, PLOT_TOP,
            PLOT_LEFT, PLOT_BOTTOM);
    fputs("</g>\n<g id=\"yticks\" font-size=\"11\">\n", fp);
    for (int k = 0; k < yt.n; k++) {
        char label[TICKS_LABEL];
        ticks_label(&yt, k, label, sizeof label);
        double y = plot_y(&ay, yt.v[k]);
        fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#ddd\"/>"
                    "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#000\"/>"
                    "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n",
                PLOT_LEFT, y, PLOT_RIGHT, y, PLOT_LEFT - 5, y, PLOT_LEFT, y, PLOT_LEFT - 8, y + 4, label);
    }
    fputs("</g>\n<g id=\"xticks\" font-size=\"11\">\n", fp);
    /* Ticks at 1 and at multiples of the step. */
    for (double v = 1; v <= ax.hi + 1e-9;) {
        double x = plot_x(&ax, v);
        fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#000\"/>"
                    "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%g</text>\n",
                x, PLOT_BOTTOM, x, PLOT_BOTTOM + 5, x, PLOT_BOTTOM + 18, v);
        double next = (floor(v / xstep) + 1) * xstep;
        if (v == 1 && next - v < xstep * 0.4)
            next += xstep;            /* keep "1" from crowding the first round tick */
        v = next;
    }
    fputs("</g>\n", fp);
    fprintf(fp, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">epoch</text>\n",
            (PLOT_LEFT + PLOT_RIGHT) / 2, PLOT_HEIGHT - 20);
    fprintf(fp, "<text x=\"20\" y=\"%.2f\" text-anchor=\"middle\" transform=\"rotate(-90 20 %.2f)\">"
                "loss (MSE)</text>\n", (PLOT_TOP + PLOT_BOTTOM) / 2, (PLOT_TOP + PLOT_BOTTOM) / 2);

    plot_series(fp, "loss", "#1f77b4", run->loss, n, &ax, &ay);
    plot_series(fp, "val_loss", "#ff7f0e", run->val_loss, n, &ax, &ay);

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
