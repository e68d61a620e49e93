/*
 * flowchart.h - the pieces of the gradient-flow view that need no curses:
 * a log axis on whole decades for chart.c, and the per-epoch strip (epoch
 * down, step across, shade = log10 of the gradient norm) in a character grid.
 *
 * Like chart.c and heat.c this fills caller-owned grids of plain chars
 * (row-major, no terminators) plus an optional grid of classes (heat.h's
 * enum heat_class), so the view copies them to the screen and the unit test
 * (tests/test_flowchart.c) compares them with golden files.
 *
 * Records are what the training job publishes per epoch (train.h,
 * train_progress.flow_h): epoch i, layer l, step t at index
 * (i * layers + l) * length + t, t 0-based.
 */
#ifndef RNNTUI_UI_FLOWCHART_H
#define RNNTUI_UI_FLOWCHART_H

#include <stdbool.h>

/* A log10 axis for chart_render(): the range 10^lo .. 10^hi and the number
 * of plot rows that make chart.c's ticks (every fourth row, the top and the
 * bottom one) fall on powers of ten hi, hi - step, ..., lo. */
struct flow_axis {
    int lo, hi;                   /* decades: 10^lo .. 10^hi */
    int step;                     /* decades between ticks */
    int plot_rows;                /* 4 * (hi - lo) / step + 1, or 5..8 for a single interval */
};

/* The axis for log10 values in [min_log, max_log] in at most max_plot_rows
 * plot rows (at least 5): the whole decades around the values, with the
 * smallest step whose ticks fit; spare decades go half above, half below.
 * Returns false when max_plot_rows < 5 or the values are not finite. */
bool flow_axis_fit(double min_log, double max_log, int max_plot_rows, struct flow_axis *out);

/* The smallest and largest log10 of the positive finite values of
 * v[0..n). Returns false when there is none. */
bool flow_log_range(const float *v, long n, double *min_log, double *max_log);

/* The per-epoch strip of one layer: `epochs` planned epochs of which `done`
 * are recorded in rec (layout above). */
struct flow_strip {
    const float *rec;             /* (done, layers, length), borrowed */
    int layers, layer, length;
    int epochs, done;             /* planned (the rows span them), recorded */
    double lo, hi;                /* log10 range of the shade: lo -> ' ', hi -> '@' */
};

/* Renders the strip into rows x cols: row 0 the step axis, then one row per
 * epoch or, with more epochs than rows, per group of epochs (the mean of
 * their log10 values), labelled with the group's first epoch; epochs not
 * recorded yet stay blank. Each row's steps are resampled to the strip
 * columns by the mean of log10 (heat.h). Returns the rows with a recorded
 * epoch, or -1 (grid all blanks) when rows < 2 or cols < HEAT_MIN_COLS. */
int flow_strip_render(const struct flow_strip *s, char *grid, unsigned char *cls, int rows, int cols);

#endif
