/*
 * test_chart.c - chart_render() against golden grids, and its invariants.
 *
 * Each case renders into a grid and compares it, trailing blanks stripped,
 * with tests/golden/chart_NAME.txt. Run with RNNTUI_UPDATE_GOLDEN=1 to
 * rewrite the golden files from the current output (then read them!).
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "golden.h"
#include "ui/chart.h"

#define MAXN 400

/* Renders spec into rows x cols and compares with golden/chart_NAME.txt. */
static void golden(const char *name, const struct chart_spec *spec, int rows, int cols)
{
    char *grid = malloc((size_t)rows * (size_t)cols);
    if (!grid)
        abort();
    int drawn = chart_render(spec, grid, NULL, rows, cols, NULL);
    CHECKF(drawn >= 0, "%s: chart_render returned %d", name, drawn);
    golden_check("chart", name, grid, rows, cols);
    free(grid);
}

static float loss[MAXN], val[MAXN], ref[MAXN];

/* A Keras-like pair of curves: loss falls, val_loss falls then creeps up. */
static void curves(int n)
{
    for (int i = 0; i < n; i++) {
        double t = (double)i / (n > 1 ? n - 1 : 1);
        loss[i] = (float)(0.05 * exp(-3.0 * t) + 0.002);
        val[i] = (float)(0.045 * exp(-2.5 * t) + 0.012 + 0.01 * t * t);
        ref[i] = (float)(0.049 - 0.001 * t);
    }
}

/* Compare mode: three cells trained on the same data. SimpleRNN's val_loss
 * creeps up while its loss falls, LSTM stays flat and then drops sharply,
 * GRU drops earlier. val_loss in upper-case letters, loss in lower case. */
static float cmp_val[3][MAXN], cmp_loss[3][MAXN];

static void compare_curves(int n)
{
    for (int i = 0; i < n; i++) {
        double t = (double)i / (n > 1 ? n - 1 : 1);
        cmp_loss[0][i] = (float)(0.048 - 0.02 * t);
        cmp_val[0][i] = (float)(0.049 + 0.012 * t * t);
        cmp_loss[1][i] = (float)(t < 0.4 ? 0.048 : 0.002 + 0.046 * exp(-12.0 * (t - 0.4)));
        cmp_val[1][i] = (float)(t < 0.4 ? 0.049 : 0.003 + 0.046 * exp(-10.0 * (t - 0.4)));
        cmp_loss[2][i] = (float)(t < 0.25 ? 0.047 : 0.003 + 0.044 * exp(-9.0 * (t - 0.25)));
        cmp_val[2][i] = (float)(t < 0.25 ? 0.048 : 0.004 + 0.044 * exp(-8.0 * (t - 0.25)));
    }
}

static void overlay_cases(void)
{
    compare_curves(60);
    struct chart_series three[3] = {
        { cmp_val[0], 60, 'R' }, { cmp_val[1], 60, 'L' }, { cmp_val[2], 60, 'G' },
    };
    struct chart_spec spec = { three, 3, 60, false };
    golden("overlay", &spec, 14, 70);
    spec.log_y = true;
    golden("overlay_log", &spec, 14, 70);

    /* With the loss curves under the val_loss ones: six series. */
    struct chart_series six[6] = {
        { cmp_loss[0], 60, 'r' }, { cmp_loss[1], 60, 'l' }, { cmp_loss[2], 60, 'g' },
        { cmp_val[0], 60, 'R' }, { cmp_val[1], 60, 'L' }, { cmp_val[2], 60, 'G' },
    };
    struct chart_spec all = { six, 6, 60, false };
    golden("overlay_loss", &all, 16, 70);

    /* A comparison under way: SimpleRNN done, LSTM at epoch 25 of 100, GRU
     * not started; 100 epochs resampled into the plot columns. */
    compare_curves(100);
    struct chart_series partial[3] = {
        { cmp_val[0], 100, 'R' }, { cmp_val[1], 25, 'L' }, { cmp_val[2], 0, 'G' },
    };
    struct chart_spec running = { partial, 3, 100, false };
    golden("overlay_partial", &running, 12, 60);

    /* Each series keeps its own class, so the view colours it. */
    char grid[16 * 70];
    unsigned char cls[16 * 70];
    compare_curves(60);
    CHECK(chart_render(&all, grid, cls, 16, 70, NULL) > 0);
    int seen[6] = { 0 }, wrong = 0;
    for (int i = 0; i < 16 * 70; i++) {
        if (cls[i] < CHART_SERIES)
            continue;
        int s = cls[i] - CHART_SERIES;
        if (s >= 6 || grid[i] != six[s].glyph)
            wrong++;
        else
            seen[s]++;
    }
    CHECKF(wrong == 0, "%d series cells with another series' glyph", wrong);
    for (int s = 0; s < 6; s++)
        CHECKF(seen[s] > 0, "series %d (%c) is hidden entirely", s, six[s].glyph);
}

static void golden_cases(void)
{
    struct chart_series two[2] = { { loss, 0, '*' }, { val, 0, 'o' } };
    struct chart_spec spec = { two, 2, 0, false };

    /* Scaling: ten epochs spread over a 40-column box. */
    curves(10);
    two[0].n = two[1].n = 10;
    spec.x_max = 10;
    golden("scale", &spec, 12, 40);

    /* Resampling: 100 epochs into 30 columns. */
    curves(100);
    two[0].n = two[1].n = 100;
    spec.x_max = 100;
    golden("resample", &spec, 10, 30);

    /* The same in a wide box: 100 epochs over 110 plot columns. */
    golden("wide", &spec, 10, 120);

    /* A run in progress: 30 of 100 epochs. */
    two[0].n = two[1].n = 30;
    golden("partial", &spec, 10, 60);

    /* Log scale: four decades. */
    for (int i = 0; i < 40; i++) {
        loss[i] = (float)pow(10.0, -4.0 * i / 39.0);
        val[i] = (float)(2.0 * pow(10.0, -3.0 * i / 39.0));
    }
    two[0].n = two[1].n = 40;
    spec.x_max = 40;
    spec.log_y = true;
    golden("log", &spec, 14, 60);
    spec.log_y = false;
    golden("linear", &spec, 14, 60);

    /* NaN and Inf points leave gaps. */
    curves(20);
    loss[4] = NAN;
    loss[5] = NAN;
    val[9] = INFINITY;
    loss[15] = -NAN;
    two[0].n = two[1].n = 20;
    spec.x_max = 20;
    golden("nan", &spec, 10, 50);

    /* A single epoch. */
    curves(1);
    two[0].n = two[1].n = 1;
    spec.x_max = 1;
    golden("single", &spec, 8, 30);

    /* A flat series is centred, with a readable axis. */
    for (int i = 0; i < 25; i++)
        loss[i] = 0.05f;
    struct chart_series one = { loss, 25, '*' };
    struct chart_spec flat = { &one, 1, 25, false };
    golden("flat", &flat, 9, 40);

    /* A flat series of zeros. */
    for (int i = 0; i < 25; i++)
        loss[i] = 0.0f;
    golden("zero", &flat, 9, 40);

    /* The previous run as a reference under the current one. */
    curves(60);
    struct chart_series three[3] = { { ref, 60, '.' }, { loss, 20, '*' }, { val, 20, 'o' } };
    struct chart_spec with_ref = { three, 3, 60, false };
    golden("reference", &with_ref, 12, 70);

    /* Nothing to plot yet: axes only. */
    struct chart_series none[2] = { { loss, 0, '*' }, { val, 0, 'o' } };
    struct chart_spec empty = { none, 2, 100, false };
    golden("empty", &empty, 8, 40);

    overlay_cases();
}

/* Properties over many sizes: no cell outside the box is written, each plot
 * column holds at most one glyph per series, and a complete finite series
 * longer than the width fills every plot column. */
static void invariants(void)
{
    curves(MAXN);
    int bad_guard = 0, bad_column = 0, bad_fill = 0, bad_width = 0;
    for (int cols = CHART_MIN_COLS; cols <= 160; cols += 7)
        for (int rows = CHART_MIN_ROWS; rows <= 30; rows += 5)
            for (int n = 1; n <= MAXN; n = n * 3 + 1) {
                struct chart_series one = { loss, n, '*' };
                struct chart_spec spec = { &one, 1, n, (n & 1) != 0 };
                size_t size = (size_t)rows * (size_t)cols;
                char *grid = malloc(size + 16);
                unsigned char *cls = malloc(size + 16);
                if (!grid || !cls)
                    abort();
                memset(grid + size, 0x5a, 16);
                memset(cls + size, 0x5a, 16);
                struct chart_info info;
                int drawn = chart_render(&spec, grid, cls, rows, cols, &info);
                for (size_t k = size; k < size + 16; k++)
                    if ((unsigned char)grid[k] != 0x5a || cls[k] != 0x5a)
                        bad_guard++;
                if (drawn < 0) {
                    free(grid);
                    free(cls);
                    continue;
                }
                if (info.plot_col + info.plot_cols != cols)
                    bad_width++;
                int filled = 0;
                for (int c = info.plot_col; c < cols; c++) {
                    int k = 0;
                    for (int r = 0; r < info.plot_rows; r++)
                        if (grid[r * cols + c] == '*') {
                            k++;
                            if (cls[r * cols + c] != CHART_SERIES)
                                bad_column++;
                        }
                    if (k > 1)
                        bad_column++;
                    filled += k;
                }
                if (filled != drawn)
                    bad_column++;
                if (n >= info.plot_cols && filled != info.plot_cols)
                    bad_fill++;
                if (n < info.plot_cols && filled != n)
                    bad_fill++;
                free(grid);
                free(cls);
            }
    CHECKF(bad_guard == 0, "%d writes past the grid", bad_guard);
    CHECKF(bad_width == 0, "%d layouts not using the whole width", bad_width);
    CHECKF(bad_column == 0, "%d columns with more than one glyph", bad_column);
    CHECKF(bad_fill == 0, "%d series not filling their columns", bad_fill);
}

static void small_and_range(void)
{
    char grid[64 * 4];
    curves(10);
    struct chart_series one = { loss, 10, '*' };
    struct chart_spec spec = { &one, 1, 10, false };
    CHECK(chart_render(&spec, grid, NULL, 4, 64, NULL) == -1);
    CHECK(chart_render(&spec, grid, NULL, 5, CHART_MIN_COLS - 1, NULL) == -1);
    bool blank = true;
    for (int i = 0; i < 4 * 64; i++)
        blank &= grid[i] == ' ';
    CHECK(blank);

    double lo, hi;
    CHECK(chart_range(&spec, &lo, &hi));
    CHECK(lo == loss[9] && hi == loss[0]);
    float neg[3] = { -1.0f, 0.0f, NAN };
    struct chart_series bad = { neg, 3, '*' };
    struct chart_spec logspec = { &bad, 1, 3, true };
    CHECK(!chart_range(&logspec, &lo, &hi));
    logspec.log_y = false;
    CHECK(chart_range(&logspec, &lo, &hi) && lo == -1.0 && hi == 0.0);
}

/* The y labels of a rendered grid: the text left of each '+' on the axis. */
static int y_labels_of(const char *grid, int rows, int cols, const struct chart_info *info,
                       char lab[][32])
{
    int n = 0;
    for (int r = 0; r < info->plot_rows && n < 32; r++) {
        const char *row = grid + (size_t)r * (size_t)cols;
        int axis = info->plot_col - 1, start = 0;
        if (row[axis] != '+')
            continue;
        while (start < axis && row[start] == ' ')
            start++;
        int len = axis - 1 - start;
        if (len <= 0 || len >= 32)
            continue;
        memcpy(lab[n], row + start, (size_t)len);
        lab[n][len] = '\0';
        n++;
    }
    (void)rows;
    return n;
}

/* Log axes over many decades (issue 10: labels became "0" beyond 12
 * decades) and round labels (issue 12): every label is a power of ten that
 * reads back as a positive number, the top and bottom rows are labelled,
 * and labels fall by the same number of decades each. */
static void log_decades(void)
{
    static float y[60];
    const int spans[] = { 3, 13, 20, 30, 37 };
    for (int k = 0; k < 5; k++) {
        for (int i = 0; i < 60; i++)
            y[i] = (float)pow(10.0, -spans[k] * i / 59.0);
        struct chart_series one = { y, 60, '*' };
        struct chart_spec spec = { &one, 1, 60, true };
        char grid[16 * 70];
        struct chart_info info;
        CHECK(chart_render(&spec, grid, NULL, 16, 70, &info) > 0);
        char lab[32][32];
        int n = y_labels_of(grid, 16, 70, &info, lab);
        CHECKF(n >= 2, "%d decades: %d labels", spans[k], n);
        double prev = 0.0, ratio = 0.0;
        for (int i = 0; i < n; i++) {
            char *end;
            double v = strtod(lab[i], &end);
            double e = log10(v);
            CHECKF(*end == '\0' && v > 0.0 && fabs(e - round(e)) < 1e-9,
                   "%d decades: label \"%s\" is not a power of ten", spans[k], lab[i]);
            if (i == 1)
                ratio = prev / v;
            else if (i > 1)
                CHECKF(fabs(prev / v / ratio - 1.0) < 1e-6, "%d decades: uneven labels", spans[k]);
            prev = v;
        }
        CHECKF(grid[info.plot_col - 1] == '+' && grid[(size_t)(info.plot_rows - 1) * 70 + info.plot_col - 1] == '+',
               "%d decades: the top and bottom rows are not ticks", spans[k]);
        CHECKF(info.ymin <= pow(10.0, -spans[k]) * 1.000001 && info.ymax >= 1.0,
               "%d decades: the axis %g..%g does not hold the data", spans[k], info.ymin, info.ymax);
    }
    /* The 20 decades as a golden grid. */
    for (int i = 0; i < 60; i++)
        y[i] = (float)pow(10.0, -20.0 * i / 59.0);
    struct chart_series one = { y, 60, '*' };
    struct chart_spec spec = { &one, 1, 60, true };
    golden("decades", &spec, 14, 60);
}

/* Round linear labels (issue 12): 0, 0.01, 0.02, ... not 0.0573 or 0.000354. */
static void round_linear(void)
{
    curves(100);
    struct chart_series two[2] = { { loss, 100, '*' }, { val, 100, 'o' } };
    struct chart_spec spec = { two, 2, 100, false };
    char grid[20 * 80];
    struct chart_info info;
    CHECK(chart_render(&spec, grid, NULL, 20, 80, &info) > 0);
    char lab[32][32];
    int n = y_labels_of(grid, 20, 80, &info, lab);
    CHECKF(n >= 3, "%d labels", n);
    double step = 0.0, prev = 0.0;
    for (int i = 0; i < n; i++) {
        double v = strtod(lab[i], NULL);
        if (i == 1) {
            step = prev - v;
            double p = pow(10.0, floor(log10(step) + 1e-9)), m = step / p;
            CHECKF(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9,
                   "step %g is not 1, 2 or 5 times a power of ten", step);
        }
        if (i >= 1 && step > 0)
            CHECKF(fabs(v / step - round(v / step)) < 1e-9, "label %s is not a multiple of %g", lab[i], step);
        prev = v;
    }
    CHECKF(strcmp(lab[n - 1], "0") == 0, "the loss axis starts at \"%s\", not 0", lab[n - 1]);
}

int main(void)
{
    log_decades();
    round_linear();
    golden_cases();
    invariants();
    small_and_range();
    return check_finish();
}
