/*
 * chart.h - a line chart of per-epoch values rendered into a character grid.
 *
 * chart_render() lays out a y axis with labelled ticks, an epoch x axis with
 * labelled ticks and the series themselves into a caller-owned grid of
 * rows x cols plain chars (row-major, no terminators), plus an optional grid
 * of the same shape telling what each cell is, so a front end can colour it.
 * Nothing here includes curses: the view copies the grid to the screen and
 * the unit tests compare it with golden files.
 *
 * Scaling: the y axis runs between round tick values (rnntui/ticks.h, the
 * rule every chart of rnntui uses) around the finite values shown: 0, 0.02,
 * 0.04, ... on a linear axis; with log_y a log10 axis with ticks at powers
 * of ten (or 1, 2, 5 times them over under two decades) where values <= 0
 * are left out. A flat series is centred. Resampling: when there are more epochs on the x axis than plot
 * columns, each column shows the mean of the finite values of the epochs
 * that fall into it, so a long run always fits the width; when there are
 * fewer, the epochs are spread over the width. NaN and Inf leave a gap.
 */
#ifndef RNNTUI_UI_CHART_H
#define RNNTUI_UI_CHART_H

#include <stdbool.h>

#define CHART_MAX_SERIES 6         /* compare mode: loss and val_loss of three cells */
#define CHART_MIN_ROWS 5          /* three plot rows, the x axis and its labels */
#define CHART_MIN_COLS 16

/* What a cell of the grid shows; series i is CHART_SERIES + i. */
enum chart_class { CHART_BLANK, CHART_AXIS, CHART_LABEL, CHART_SERIES };

struct chart_series {
    const float *y;               /* (n,) one value per epoch, borrowed */
    int n;
    char glyph;                   /* e.g. '*' loss, 'o' val_loss */
};

struct chart_spec {
    const struct chart_series *series;  /* drawn in order: a later one covers an earlier one */
    int n_series;                 /* 0..CHART_MAX_SERIES */
    int x_max;                    /* the x axis spans epochs 1..x_max (raised to the longest series) */
    bool log_y;                   /* log10 y axis */
};

struct chart_info {
    int plot_row, plot_col;       /* top-left cell of the plot area in the grid */
    int plot_rows, plot_cols;     /* its size */
    int x_max;                    /* epochs on the x axis */
    double ymin, ymax;            /* the y range shown, in data units: the outer ticks */
    int points;                   /* cells plotted, all series together */
};

/* Renders spec into grid (rows * cols chars) and, when cls is not NULL, the
 * class of each cell into cls (rows * cols). info may be NULL.
 * Returns the number of cells plotted (0: no finite value, only the axes),
 * or -1 when rows x cols is below CHART_MIN_ROWS x CHART_MIN_COLS or too
 * narrow for the labels; then the grid is all blanks. */
int chart_render(const struct chart_spec *spec, char *grid, unsigned char *cls,
                 int rows, int cols, struct chart_info *info);

/* What a chart may set besides its series (chart_render_axes()). */
struct chart_axes {
    const char *x_name;           /* under the x axis, instead of "epoch" */
    double y_lo, y_hi;            /* when y_lo < y_hi (and y_lo > 0 with log_y): the y range
                                   * shown, in data units, instead of the data's (rounded out to
                                   * its ticks); values outside it sit on the nearest edge */
};

/* chart_render() with the axes of ax (NULL: as chart_render()). */
int chart_render_axes(const struct chart_spec *spec, const struct chart_axes *ax, char *grid,
                      unsigned char *cls, int rows, int cols, struct chart_info *info);

/* The range of the finite (and, with log_y, positive) values of spec, in
 * data units; chart_render() rounds it out to its ticks. Returns false when
 * there is none. */
bool chart_range(const struct chart_spec *spec, double *ymin, double *ymax);

/* ---- categorical charts: a value against a few named x positions ----
 *
 * The sweep screen's "correctness against length": the x axis has n_x
 * evenly spaced categories (the lengths, labelled as given), the y axis a
 * fixed range (0..100 %). Each series (a cell) shows at every category its
 * points (one per seed, in point_glyph, e.g. 'l') and its median (glyph,
 * e.g. 'L'), the medians of neighbouring categories joined by a line of
 * '-', '/' and '\\' in the series' class. Series are drawn side by side,
 * one column apart, around each category's column so that they do not
 * cover each other's points. NaN values are not drawn.
 */
#define CHART_CAT_MAX_X 32

struct chart_cat_series {
    const float *points;          /* (n_x * per_x): category x's points at [x*per_x ..], NaN: none */
    const float *median;          /* (n_x,) NaN where none */
    char glyph, point_glyph;
};

struct chart_cat_spec {
    const struct chart_cat_series *series;
    int n_series;                 /* 0..CHART_MAX_SERIES */
    const char *const *x_labels;  /* (n_x,) e.g. "5", "10" */
    int n_x;                      /* 1..CHART_CAT_MAX_X */
    int per_x;                    /* points per category and series */
    double ymin, ymax;            /* the y range, ymin < ymax */
    const char *y_unit;           /* after each y label, e.g. "%" (may be NULL) */
    const char *x_name;           /* under the y labels, e.g. "length" (may be NULL) */
};

/* Renders spec as chart_render() does (same classes, the series' class is
 * CHART_SERIES + its index). Returns the cells plotted, or -1 when the box
 * is too small for the axes and the categories (grid all blanks). */
int chart_cat_render(const struct chart_cat_spec *spec, char *grid, unsigned char *cls,
                     int rows, int cols);

#endif
