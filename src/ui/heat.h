/*
 * heat.h - heat strips: the per-step values of one sequence drawn as rows of
 * characters, for the state view.
 *
 * heat_render() lays out the state view of one sample into a caller-owned
 * grid of rows x cols plain chars (row-major, no terminators), plus an
 * optional grid of the same shape telling what each cell is (a level of the
 * scale, a label, the axis), so that a front end can colour it. Nothing here
 * includes curses: the view copies the grid to the screen and the unit tests
 * compare it with golden files.
 *
 *     step    1       20        40        60        80      100   row 0
 *     marker          @                          @                row 1: feature 0
 *     value   .:-=+*#%@ ...                                       row 2: feature 1
 *     h hidden state -1..1                                        a block heading
 *     h    1  ==+**##%%@@ ...                                     one row per unit
 *     h    2  ...
 *     c cell state -1..1                                          the next block
 *     ...                                                         (scrolls)
 *     scale   low  .:-=+*#%@ high   h c -1..1   i f 0..1          last row
 *
 * Scale: each value maps linearly from its block's [lo, hi] to one of the
 * HEAT_LEVELS characters of HEAT_RAMP (lo -> ' ', hi -> '@'); values beyond
 * the range are clipped, NaN shows as '?'. For a range symmetric around 0
 * the first half of the ramp (" .:-=") is negative, the second ("+*#%@")
 * positive. The marker row and the value row use [0, 1].
 *
 * Resampling: with more steps than strip columns each column shows the mean
 * (HEAT_MEAN) or the largest value (HEAT_MAX, used for the marker, so that
 * no marked step disappears) of the steps that fall into it; with fewer,
 * each step is repeated over the columns nearest to it. So T = 100 steps
 * always fit the width.
 */
#ifndef RNNTUI_UI_HEAT_H
#define RNNTUI_UI_HEAT_H

#define HEAT_RAMP " .:-=+*#%@"
#define HEAT_LEVELS 10
#define HEAT_LABEL_COLS 8         /* the label column left of the strips */
#define HEAT_MIN_ROWS 5           /* axis, marker, value, one strip, legend */
#define HEAT_MIN_COLS 24
#define HEAT_MAX_BLOCKS 8

/* What a cell of the grid shows; level k of the ramp is HEAT_LEVEL + k. */
enum heat_class { HEAT_BLANK, HEAT_LABEL, HEAT_AXIS, HEAT_HEADING, HEAT_NAN, HEAT_LEVEL };

enum heat_resample { HEAT_MEAN, HEAT_MAX };

/* One quantity of a layer (h, c, a gate): `rows` strips of the same scale. */
struct heat_block {
    const char *name;             /* "h", "c", "i", "f", "z" */
    const char *title;            /* "hidden state", "input gate", ... */
    double lo, hi;                /* the scale: lo -> ' ', hi -> '@' */
    int rows;                     /* one per unit */
    const float *v;               /* (rows, n) row-major: unit r over the steps; borrowed */
};

struct heat_spec {
    int n;                        /* steps */
    const float *marker;          /* (n,) feature 0 of the sample, or NULL */
    const float *value;           /* (n,) feature 1, or NULL */
    const struct heat_block *blocks;
    int n_blocks;                 /* 0..HEAT_MAX_BLOCKS */
    int scroll;                   /* first row of the block list to show (clamped) */
};

struct heat_info {
    int list_rows;                /* rows of the block list: headings and strips */
    int shown;                    /* how many of them the grid shows */
    int scroll;                   /* the first one shown, after clamping */
    int strip_col, strip_cols;    /* where the strips sit in the grid */
};

/* The level 0..HEAT_LEVELS-1 of v on [lo, hi] (clipped), or -1 for NaN. */
int  heat_level(double v, double lo, double hi);

/* One strip: n values resampled to cols characters of HEAT_RAMP in out,
 * and their classes in cls when it is not NULL. */
void heat_strip(const float *v, int n, double lo, double hi, enum heat_resample how,
                char *out, unsigned char *cls, int cols);

/* The step axis on row 0 of grid (rows x cols): "step", then 1, n and the
 * multiples of a 1-2-5 step that fit, over the w strip columns from pc0. */
void heat_step_axis(char *grid, unsigned char *cls, int cols, int pc0, int w, int n);

/* Renders spec into grid (rows * cols chars) and, when cls is not NULL, the
 * class of each cell into cls. info may be NULL. Returns the number of
 * strips drawn, or -1 (grid all blanks) when rows x cols is below
 * HEAT_MIN_ROWS x HEAT_MIN_COLS. */
int  heat_render(const struct heat_spec *spec, char *grid, unsigned char *cls,
                 int rows, int cols, struct heat_info *info);

#endif
