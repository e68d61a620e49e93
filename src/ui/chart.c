/*
 * chart.c - line charts in a character grid; see chart.h.
 *
 * Layout of a rows x cols box (lw = width of the widest y label, at least
 * the 5 of "epoch"; the y labels are round values from rnntui/ticks.h and
 * the axis runs from the lowest to the highest):
 *
 *      0.06 +*                       row 0 .. plot_rows-1: labels, axis, plot
 *           | *o
 *      0.04 +   o***
 *           |       ooooo
 *      0.02 +          *****
 *           |               ****
 *         0 +
 *           +-----+-----+-----+      row plot_rows: the x axis
 *     epoch  1    20    40    60     row rows-1: its labels
 */
#include "config.h"

#include "ui/chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rnntui/ticks.h"

#define LABEL_MAX TICKS_LABEL
#define MIN_PLOT_COLS 8

static bool usable(float v, bool log_y)
{
    return isfinite(v) && (!log_y || v > 0.0f);
}

/* Data units to axis units. */
static double to_axis(double v, bool log_y)
{
    return log_y ? log10(v) : v;
}

static int longest(const struct chart_spec *spec)
{
    int n = 0;
    for (int s = 0; s < spec->n_series; s++)
        if (spec->series[s].y && spec->series[s].n > n)
            n = spec->series[s].n;
    return n;
}

/* The range of the values shown, in data units. */
static bool data_range(const struct chart_spec *spec, double *lo, double *hi)
{
    bool any = false;
    double a = 0.0, b = 0.0;
    for (int s = 0; s < spec->n_series; s++) {
        const struct chart_series *se = &spec->series[s];
        for (int i = 0; se->y && i < se->n; i++) {
            if (!usable(se->y[i], spec->log_y))
                continue;
            double v = se->y[i];
            if (!any || v < a) a = v;
            if (!any || v > b) b = v;
            any = true;
        }
    }
    *lo = a;
    *hi = b;
    return any;
}

bool chart_range(const struct chart_spec *spec, double *ymin, double *ymax)
{
    return data_range(spec, ymin, ymax);
}

/* The y ticks for h plot rows: round values (rnntui/ticks.h), on average at
 * least two rows apart, the axis running from the first to the last. */
static bool y_ticks(const struct chart_spec *spec, const struct chart_axes *ax, int h,
                    struct ticks *t)
{
    double a, b;
    if (!data_range(spec, &a, &b))
        return false;
    if (ax && ax->y_lo < ax->y_hi && (!spec->log_y || ax->y_lo > 0.0)) {
        a = ax->y_lo;                       /* the caller's range, data outside sits on the edge */
        b = ax->y_hi;
    }
    int most = (h - 1) / 2 + 1;
    if (most < 2)
        most = 2;
    return spec->log_y ? ticks_log(a, b, most, t) : ticks_linear(a, b, most, t);
}

/* 0-based epoch i to plot column, for x_max epochs in w columns. */
static int column_of(int i, int x_max, int w)
{
    if (x_max <= 1)
        return 0;
    if (x_max <= w)       /* spread out, rounded to the nearest column */
        return (int)(((long long)i * (w - 1) * 2 + (x_max - 1)) / (2LL * (x_max - 1)));
    return (int)((long long)i * w / x_max);   /* many epochs per column */
}

/* Axis value to plot row (row 0 at the top, hi). */
static int row_of(double t, double lo, double hi, int h)
{
    if (h <= 1)
        return 0;
    double f = (hi - t) / (hi - lo) * (h - 1);
    int r = (int)lround(f);
    return r < 0 ? 0 : r >= h ? h - 1 : r;
}

static void put(char *grid, unsigned char *cls, int cols, int r, int c, char ch, int kind)
{
    grid[r * cols + c] = ch;
    if (cls)
        cls[r * cols + c] = (unsigned char)kind;
}

/* Plots one series into the plot area; returns the cells drawn. */
static int plot_series(const struct chart_series *se, int kind, bool log_y, int x_max,
                       double lo, double hi, char *grid, unsigned char *cls, int cols,
                       int pc0, int h, int w)
{
    int drawn = 0;
    if (!se->y || se->n <= 0)
        return 0;
    if (x_max <= w) {
        for (int i = 0; i < se->n && i < x_max; i++) {
            if (!usable(se->y[i], log_y))
                continue;
            int r = row_of(to_axis(se->y[i], log_y), lo, hi, h);
            put(grid, cls, cols, r, pc0 + column_of(i, x_max, w), se->glyph, kind);
            drawn++;
        }
        return drawn;
    }
    /* Column c holds epochs ceil(c*X/W) .. ceil((c+1)*X/W) - 1: their mean. */
    for (int c = 0; c < w; c++) {
        long long first = ((long long)c * x_max + w - 1) / w;
        long long end = ((long long)(c + 1) * x_max + w - 1) / w;
        double sum = 0.0;
        int k = 0;
        for (long long i = first; i < end && i < se->n; i++) {
            if (usable(se->y[i], log_y)) {
                sum += to_axis(se->y[i], log_y);
                k++;
            }
        }
        if (k == 0)
            continue;
        put(grid, cls, cols, row_of(sum / k, lo, hi, h), pc0 + c, se->glyph, kind);
        drawn++;
    }
    return drawn;
}

/* Writes s on row r starting at column c (shifted left to fit) if the cells
 * it needs, and one on each side, are free. Returns whether it did. */
static bool place_label(char *grid, unsigned char *cls, int cols, int r, int c, const char *s)
{
    int len = (int)strlen(s);
    int start = c;
    if (start + len > cols)
        start = cols - len;
    if (start < 0)
        return false;
    for (int j = start - 1; j <= start + len; j++)
        if (j >= 0 && j < cols && grid[r * cols + j] != ' ')
            return false;
    for (int j = 0; j < len; j++)
        put(grid, cls, cols, r, start + j, s[j], CHART_LABEL);
    return true;
}

/* The smallest step 1, 2, 5, 10, 20, ... whose ticks are `gap` columns apart. */
static int x_step(int x_max, int w, int gap)
{
    double s = ticks_step((double)gap * x_max / w, 1, true);
    return s < x_max ? (int)s : x_max;
}

int chart_render(const struct chart_spec *spec, char *grid, unsigned char *cls,
                 int rows, int cols, struct chart_info *info)
{
    return chart_render_axes(spec, NULL, grid, cls, rows, cols, info);
}

int chart_render_axes(const struct chart_spec *spec, const struct chart_axes *ax, char *grid,
                      unsigned char *cls, int rows, int cols, struct chart_info *info)
{
    if (rows <= 0 || cols <= 0)
        return -1;
    memset(grid, ' ', (size_t)rows * (size_t)cols);
    if (cls)
        memset(cls, CHART_BLANK, (size_t)rows * (size_t)cols);
    if (rows < CHART_MIN_ROWS || cols < CHART_MIN_COLS)
        return -1;

    struct chart_spec sp = *spec;
    if (sp.n_series > CHART_MAX_SERIES)
        sp.n_series = CHART_MAX_SERIES;
    if (sp.n_series < 0)
        sp.n_series = 0;
    int x_max = sp.x_max;
    if (x_max < longest(&sp))
        x_max = longest(&sp);
    if (x_max < 1)
        x_max = 1;

    int h = rows - 2;                       /* plot rows */
    struct ticks yt;
    bool have = y_ticks(&sp, ax, h, &yt);
    double lo = have ? to_axis(yt.lo, sp.log_y) : 0.0, hi = have ? to_axis(yt.hi, sp.log_y) : 1.0;

    /* Tick rows at the round values, their labels right-aligned before the
     * axis; the top and bottom rows are the outer ticks. */
    int nt = have ? yt.n : 2;
    int tick_row[TICKS_MAX];
    char lab[TICKS_MAX][LABEL_MAX];
    int lw = 1;
    for (int k = 0; k < nt; k++) {
        tick_row[k] = have ? row_of(to_axis(yt.v[k], sp.log_y), lo, hi, h) : k * (h - 1);
        lab[k][0] = '\0';
        if (have && ticks_label(&yt, k, lab[k], LABEL_MAX) > lw)
            lw = (int)strlen(lab[k]);
    }
    if (lw < 5)
        lw = 5;                             /* room for "epoch" under the labels */
    int pc0 = lw + 2, w = cols - pc0;
    if (w < MIN_PLOT_COLS)
        return -1;

    /* The y axis and its labels (a label whose row an earlier one took, on a
     * very short axis, is left out). */
    for (int r = 0; r < h; r++)
        put(grid, cls, cols, r, lw + 1, '|', CHART_AXIS);
    for (int k = 0; k < nt; k++) {
        put(grid, cls, cols, tick_row[k], lw + 1, '+', CHART_AXIS);
        if (k > 0 && tick_row[k] == tick_row[k - 1])
            continue;
        int len = (int)strlen(lab[k]);
        for (int j = 0; j < len; j++)
            put(grid, cls, cols, tick_row[k], lw - len + j, lab[k][j], CHART_LABEL);
    }

    /* The x axis and its labels: 1, x_max, then the multiples of a step
     * wherever they fit. */
    put(grid, cls, cols, h, lw + 1, '+', CHART_AXIS);
    for (int c = pc0; c < cols; c++)
        put(grid, cls, cols, h, c, '-', CHART_AXIS);
    const char *x_name = ax && ax->x_name ? ax->x_name : "epoch";
    int name_len = (int)strlen(x_name);
    if (lw >= name_len)
        for (int j = 0; j < name_len; j++)
            put(grid, cls, cols, rows - 1, lw - name_len + j, x_name[j], CHART_LABEL);
    char buf[24];
    int digits = snprintf(buf, sizeof buf, "%d", x_max);
    int step = x_step(x_max, w, digits + 3);
    for (long long k = 0; ; k++) {
        long long epoch = k == 0 ? 1 : k == 1 ? x_max : (k - 1) * step;
        if (k >= 2 && epoch >= x_max)
            break;
        if ((k == 1 && x_max == 1) || (k >= 2 && epoch <= 1))
            continue;
        int c = column_of((int)epoch - 1, x_max, w);
        snprintf(buf, sizeof buf, "%lld", epoch);
        if (place_label(grid, cls, cols, rows - 1, pc0 + c, buf) && c > 0)
            put(grid, cls, cols, h, pc0 + c, '+', CHART_AXIS);
    }

    int drawn = 0;
    if (have)
        for (int s = 0; s < sp.n_series; s++)
            drawn += plot_series(&sp.series[s], CHART_SERIES + s, sp.log_y, x_max, lo, hi,
                                 grid, cls, cols, pc0, h, w);

    if (info) {
        info->plot_row = 0;
        info->plot_col = pc0;
        info->plot_rows = h;
        info->plot_cols = w;
        info->x_max = x_max;
        info->ymin = have ? yt.lo : 0.0;
        info->ymax = have ? yt.hi : 0.0;
        info->points = drawn;
    }
    return drawn;
}

/* ---- categorical charts ---- */

/* The column of category x (0-based) in a plot of w columns: the n_x
 * categories sit at the centres of n_x equal slots. */
static int cat_column(int x, int n_x, int w)
{
    return (int)(((2LL * x + 1) * w) / (2LL * n_x));
}

static bool cat_value(float v, double lo, double hi)
{
    return isfinite(v) && v >= lo - 1e-9 * fabs(hi - lo) && v <= hi + 1e-9 * fabs(hi - lo);
}

int chart_cat_render(const struct chart_cat_spec *spec, char *grid, unsigned char *cls,
                     int rows, int cols)
{
    if (rows <= 0 || cols <= 0)
        return -1;
    memset(grid, ' ', (size_t)rows * (size_t)cols);
    if (cls)
        memset(cls, CHART_BLANK, (size_t)rows * (size_t)cols);
    int ns = spec->n_series < 0 ? 0 : spec->n_series > CHART_MAX_SERIES ? CHART_MAX_SERIES
                                                                         : spec->n_series;
    const int n_x = spec->n_x;
    const double lo = spec->ymin, hi = spec->ymax;
    if (rows < CHART_MIN_ROWS || cols < CHART_MIN_COLS || n_x < 1 || n_x > CHART_CAT_MAX_X ||
        !(hi > lo))
        return -1;

    const int h = rows - 2;
    int nt = h >= 9 ? 5 : h >= 3 ? 3 : 2; /* 0, 25, 50, 75, 100 % or 0, 50, 100 % */
    int tick_row[5];
    char lab[5][LABEL_MAX];
    int lw = 1;
    const char *unit = spec->y_unit ? spec->y_unit : "";
    for (int k = 0; k < nt; k++) {
        tick_row[k] = (int)lround((double)k * (h - 1) / (nt - 1));
        double v = hi - (hi - lo) * k / (nt - 1);
        snprintf(lab[k], LABEL_MAX, "%.3g%s", v, unit);
        int len = (int)strlen(lab[k]);
        if (len > lw)
            lw = len;
    }
    const char *xname = spec->x_name ? spec->x_name : "";
    if ((int)strlen(xname) > lw)
        lw = (int)strlen(xname);
    int pc0 = lw + 2, w = cols - pc0;
    /* Each category needs room for its series side by side and a gap. */
    if (w < MIN_PLOT_COLS || w < n_x * (ns + 1))
        return -1;

    for (int r = 0; r < h; r++)
        put(grid, cls, cols, r, lw + 1, '|', CHART_AXIS);
    for (int k = 0; k < nt; k++) {
        put(grid, cls, cols, tick_row[k], lw + 1, '+', CHART_AXIS);
        int len = (int)strlen(lab[k]);
        for (int j = 0; j < len; j++)
            put(grid, cls, cols, tick_row[k], lw - len + j, lab[k][j], CHART_LABEL);
    }
    put(grid, cls, cols, h, lw + 1, '+', CHART_AXIS);
    for (int c = pc0; c < cols; c++)
        put(grid, cls, cols, h, c, '-', CHART_AXIS);
    for (int j = 0; xname[j]; j++)
        put(grid, cls, cols, rows - 1, lw - (int)strlen(xname) + j, xname[j], CHART_LABEL);
    for (int x = 0; x < n_x; x++) {
        int c = pc0 + cat_column(x, n_x, w);
        put(grid, cls, cols, h, c, '+', CHART_AXIS);
        const char *s = spec->x_labels && spec->x_labels[x] ? spec->x_labels[x] : "?";
        place_label(grid, cls, cols, rows - 1, c - ((int)strlen(s) - 1) / 2, s);
    }

    /* Series s sits at offset s - (ns-1)/2 from the category's column. */
    int drawn = 0;
    for (int s = 0; s < ns; s++) {
        const struct chart_cat_series *se = &spec->series[s];
        const int kind = CHART_SERIES + s, off = s - (ns - 1) / 2;
        /* The lines between neighbouring medians first, under the glyphs. */
        for (int x = 0; se->median && x + 1 < n_x; x++) {
            float a = se->median[x], b = se->median[x + 1];
            if (!cat_value(a, lo, hi) || !cat_value(b, lo, hi))
                continue;
            int c0 = cat_column(x, n_x, w) + off, c1 = cat_column(x + 1, n_x, w) + off;
            int r0 = row_of(a, lo, hi, h), r1 = row_of(b, lo, hi, h);
            for (int c = c0 + 1; c < c1; c++) {
                /* One cell per column, on the line's row there; its slope
                 * over the column picks the glyph. */
                double ra = r0 + (r1 - r0) * (c - c0 - 0.5) / (c1 - c0);
                double rb = r0 + (r1 - r0) * (c - c0 + 0.5) / (c1 - c0);
                int r = (int)lround((ra + rb) / 2);
                char g = lround(ra) == lround(rb) ? '-' : rb < ra ? '/' : '\\';
                if (r >= 0 && r < h && c >= 0 && c < w && grid[r * cols + pc0 + c] == ' ')
                    put(grid, cls, cols, r, pc0 + c, g, kind);
            }
        }
        for (int x = 0; x < n_x; x++) {
            int c = cat_column(x, n_x, w) + off;
            if (c < 0 || c >= w)
                continue;
            for (int i = 0; se->points && i < spec->per_x; i++) {
                float v = se->points[x * spec->per_x + i];
                if (!cat_value(v, lo, hi))
                    continue;
                put(grid, cls, cols, row_of(v, lo, hi, h), pc0 + c, se->point_glyph, kind);
                drawn++;
            }
            if (se->median && cat_value(se->median[x], lo, hi)) {
                put(grid, cls, cols, row_of(se->median[x], lo, hi, h), pc0 + c, se->glyph, kind);
                drawn++;
            }
        }
    }
    return drawn;
}
