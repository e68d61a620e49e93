/*
 * test_flowchart.c - the pieces of the gradient-flow view that need no
 * curses (src/ui/flowchart.c): the decade axis, checked through chart.c's
 * own labels (every tick a power of ten), and the per-epoch strip against a
 * golden grid (tests/golden/flow_strip.txt; RNNTUI_UPDATE_GOLDEN=1 rewrites
 * it from the current output, then read it!).
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
#include "ui/flowchart.h"
#include "ui/heat.h"

/* A few known fits. */
static void fit_cases(void)
{
    struct flow_axis ax;
    /* SimpleRNN-like: 13 decades in 10 rows -> a tick every 7 decades. */
    CHECK(flow_axis_fit(-12.3, -0.2, 10, &ax));
    CHECKF(ax.lo == -14 && ax.hi == 0 && ax.step == 7 && ax.plot_rows == 9,
           "lo %d hi %d step %d rows %d", ax.lo, ax.hi, ax.step, ax.plot_rows);
    /* Two decades: a tick per decade. */
    CHECK(flow_axis_fit(-1.5, -0.5, 20, &ax));
    CHECKF(ax.lo == -2 && ax.hi == 0 && ax.step == 1 && ax.plot_rows == 9,
           "lo %d hi %d step %d rows %d", ax.lo, ax.hi, ax.step, ax.plot_rows);
    /* A flat curve on an exact power: one decade above it, 5..8 rows. */
    CHECK(flow_axis_fit(-3.0, -3.0, 8, &ax));
    CHECKF(ax.lo == -3 && ax.hi == -2 && ax.step == 1 && ax.plot_rows == 8,
           "lo %d hi %d step %d rows %d", ax.lo, ax.hi, ax.step, ax.plot_rows);
    CHECK(flow_axis_fit(-3.0, -3.0, 6, &ax) && ax.plot_rows == 6);
    /* Three decades in 9 rows: steps of 2, the spare decade at the bottom. */
    CHECK(flow_axis_fit(-2.5, 0.4, 9, &ax));
    CHECKF(ax.lo == -3 && ax.hi == 1 && ax.step == 2 && ax.plot_rows == 9,
           "lo %d hi %d step %d rows %d", ax.lo, ax.hi, ax.step, ax.plot_rows);
    /* Refused: too few rows, not finite, upside down. */
    CHECK(!flow_axis_fit(-2.0, 0.0, 4, &ax));
    CHECK(!flow_axis_fit(NAN, 0.0, 10, &ax));
    CHECK(!flow_axis_fit(-2.0, INFINITY, 10, &ax));
    CHECK(!flow_axis_fit(1.0, 0.0, 10, &ax));

    double lo, hi;
    const float v[] = { 0.0f, 1e-3f, NAN, 2e-7f, -1.0f, 0.5f };
    CHECK(flow_log_range(v, 6, &lo, &hi));
    CHECKF(fabs(lo - log10(2e-7)) < 1e-6 && fabs(hi - log10(0.5)) < 1e-6, "%g %g", lo, hi);
    const float none[] = { 0.0f, -1.0f, NAN };
    CHECK(!flow_log_range(none, 3, &lo, &hi));
}

/* Renders a curve spanning [10^a, 10^b] on the fitted axis with chart.c and
 * checks that every y label is a round value (1, 2 or 5 times a power of
 * ten, only powers of ten when the axis spans three decades or more), that
 * the labels run downwards and that the top one is at or above 10^b and the
 * bottom one at or below 10^a (the chart's ticks come from rnntui/ticks.h). */
static void labels_round(double a, double b, int max_rows)
{
    struct flow_axis ax;
    CHECKF(flow_axis_fit(a, b, max_rows, &ax), "fit %g..%g in %d", a, b, max_rows);
    if (!flow_axis_fit(a, b, max_rows, &ax))
        return;
    CHECKF(ax.plot_rows <= max_rows && ax.plot_rows >= 5, "%g..%g: %d rows", a, b, ax.plot_rows);
    CHECKF(ax.lo <= floor(a) && ax.hi >= ceil(b), "%g..%g: axis %d..%d", a, b, ax.lo, ax.hi);
    enum { T = 30, COLS = 70 };
    float y[T];
    for (int t = 0; t < T; t++)
        y[t] = (float)pow(10.0, a + (b - a) * t / (T - 1));
    struct chart_series s = { y, T, '1' };
    struct chart_spec spec = { &s, 1, T, true };
    struct chart_axes axes = { "step", pow(10.0, ax.lo), pow(10.0, ax.hi) };
    const int rows = ax.plot_rows + 2;
    char *grid = malloc((size_t)rows * COLS);
    if (!grid)
        abort();
    int drawn = chart_render_axes(&spec, &axes, grid, NULL, rows, COLS, NULL);
    CHECKF(drawn > 0, "%g..%g: drawn %d", a, b, drawn);
    int labels = 0, widest = 0;
    double first = NAN, last = NAN;
    for (int r = 0; r < ax.plot_rows; r++) {
        char line[COLS + 1];
        memcpy(line, grid + (size_t)r * COLS, COLS);
        line[COLS] = '\0';
        char *plus = strstr(line, " +");      /* the tick; "1e+03" has no blank before + */
        if (!plus)
            continue;
        *plus = '\0';
        if ((int)strlen(line) > widest)
            widest = (int)strlen(line);
        double v = strtod(line, NULL);
        double k = log10(v), m = v / pow(10.0, floor(k + 1e-9));
        bool decade = fabs(k - round(k)) < 1e-9;
        bool round125 = fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9;
        CHECKF(v > 0 && (ax.hi - ax.lo >= 3 ? decade : round125),
               "%g..%g: label '%s' is not a round value", a, b, line);
        CHECKF(labels == 0 || k < last, "%g..%g: label '%s' not below the one above", a, b, line);
        if (labels == 0)
            first = k;
        last = k;
        labels++;
    }
    CHECKF(labels >= 2, "%g..%g: %d labels on %d..%d", a, b, labels, ax.lo, ax.hi);
    CHECKF(first >= b - 1e-9 && last <= a + 1e-9, "%g..%g: labels %g..%g", a, b, first, last);
    char under[COLS + 1];
    memcpy(under, grid + (size_t)(rows - 1) * COLS, COLS);
    under[COLS] = '\0';
    CHECKF(widest < 4 || strstr(under, "step") != NULL, "%g..%g: under the x axis: %s", a, b, under);
    free(grid);
}

static void round_ticks(void)
{
    static const double ranges[][2] = {
        { -12.7, -0.3 }, { -1.2, -0.1 }, { -3.0, -3.0 }, { -5.5, 0.5 }, { -0.9, 2.2 },
        { -20.1, -19.9 }, { -7.0, -1.0 }, { 0.2, 0.3 },
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        for (int rows = 5; rows <= 40; rows++)
            labels_round(ranges[i][0], ranges[i][1], rows);
}

/* ---- the strip ---- */

enum { L = 2, T = 40, EPOCHS = 12, DONE = 9 };
static float rec[EPOCHS * L * T];

/* Epoch i, layer l: the gradient falls from 1 at t = T by 10^-(span) at
 * t = 1, the span shrinking as the epochs go on (the gradient reaching
 * further back). */
static void make_record(void)
{
    for (int i = 0; i < EPOCHS; i++)
        for (int l = 0; l < L; l++)
            for (int t = 0; t < T; t++) {
                double span = (l == 0 ? 3.0 : 6.0) * (1.0 - (double)i / EPOCHS);
                rec[((size_t)i * L + l) * T + t] = (float)pow(10.0, -span * (T - 1 - t) / (T - 1));
            }
}

static void strip_cases(void)
{
    make_record();
    enum { ROWS = 6, COLS = 60 };
    char grid[ROWS * COLS];
    unsigned char cls[ROWS * COLS];
    /* 12 planned epochs in 5 rows, 9 recorded: rows of 3, 2, 3, 2, 2 epochs
     * starting at 1, 4, 6, 9, 11; the last is not recorded yet. */
    struct flow_strip s = { rec, L, 1, T, EPOCHS, DONE, -6.0, 0.0 };
    int drawn = flow_strip_render(&s, grid, cls, ROWS, COLS);
    CHECKF(drawn == 4, "drawn %d", drawn);
    golden_check("flow", "strip", grid, ROWS, COLS);
    CHECK(memcmp(grid, "step", 4) == 0 && cls[0] == HEAT_LABEL);
    /* The last column is step T, where every epoch's g is 1: the top level. */
    for (int r = 1; r <= 4; r++)
        CHECKF(grid[r * COLS + COLS - 1] == '@' && cls[r * COLS + COLS - 1] == HEAT_LEVEL + HEAT_LEVELS - 1,
               "row %d ends with '%c'", r, grid[r * COLS + COLS - 1]);
    /* Step 1 rises with the epochs: the first column's level never falls. */
    for (int r = 2; r <= 4; r++)
        CHECK(cls[r * COLS + HEAT_LABEL_COLS] >= cls[(r - 1) * COLS + HEAT_LABEL_COLS]);
    /* The row not recorded yet is blank. */
    for (int c = 0; c < COLS; c++)
        CHECK(grid[5 * COLS + c] == ' ');
    /* One row per epoch when they fit, each labelled with its epoch. */
    struct flow_strip few = { rec, L, 0, T, 3, 3, -3.0, 0.0 };
    CHECK(flow_strip_render(&few, grid, NULL, ROWS, COLS) == 3);
    CHECK(strncmp(grid + 1 * COLS, "      1 ", 8) == 0);
    CHECK(strncmp(grid + 3 * COLS, "      3 ", 8) == 0);
    for (int c = 0; c < COLS; c++)
        CHECK(grid[4 * COLS + c] == ' ');
    /* Too small, or a bad layer: -1 and blanks. */
    CHECK(flow_strip_render(&s, grid, NULL, 1, COLS) == -1);
    CHECK(flow_strip_render(&s, grid, NULL, ROWS, HEAT_MIN_COLS - 1) == -1);
    struct flow_strip bad = s;
    bad.layer = L;
    CHECK(flow_strip_render(&bad, grid, NULL, ROWS, COLS) == -1);
    for (int c = 0; c < ROWS * COLS; c++)
        CHECK(grid[c] == ' ');
}

int main(void)
{
    fit_cases();
    round_ticks();
    strip_cases();
    return check_finish();
}
