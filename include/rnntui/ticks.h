/*
 * ticks.h - round tick values for a chart axis, as plotting libraries choose
 * them; one rule for every chart (the screen's loss and compare charts in
 * src/ui/chart.c, the SVG plot in src/core/plot_svg.c, and any new chart).
 *
 * The caller gives the data range it must show and the most ticks it has
 * room for; it gets back the ticks and the axis range, which is widened to
 * the outermost ticks (so the first and last tick sit at the ends of the
 * axis, as with matplotlib's "round numbers" autoscaling):
 *
 *   linear axis  ticks at multiples of a step of 1, 2 or 5 times a power of
 *                ten: data 0.00035..0.0573 with 7 ticks -> 0, 0.01, ..., 0.06
 *   log axis     data over 2 decades or more: powers of ten, every decade or
 *                every 2, 5, 10, 20, ... decades when they do not all fit
 *                (1e-20..1 with 6 ticks -> 1e-20, 1e-15, ..., 1);
 *                under 2 decades: 1, 2 and 5 times powers of ten
 *                (0.012..0.31 -> 0.01, 0.02, 0.05, 0.1, 0.2, 0.5);
 *                where those would leave more than half of the axis (in
 *                decades) empty, as for a narrow range, and the linear rule
 *                keeps its ticks positive: the linear rule (0.051..0.058 ->
 *                0.050, 0.052, ..., 0.058)
 *
 * A flat range (lo == hi, or a span under a millionth of its size) is
 * widened first: linear by 10 % of the value each way (1 each way at 0),
 * log by half a decade each way. A value within a millionth of a step (or
 * of a decade) of a tick counts as on it, so that float data such as 0.05f
 * or 1e-4f land on their round values. Every tick is finite (and positive
 * on a log axis); ticks_label() writes each as short text that never
 * rounds to a wrong value ("1e-20", not "0"). Pure computation: no
 * allocation, no I/O, no curses.
 *
 * Use (a chart with room for about one tick per two rows):
 *
 *     struct ticks t;
 *     if (ticks_log(ymin, ymax, rows / 2 + 1, &t)) {      (or ticks_linear)
 *         for (int i = 0; i < t.n; i++) {
 *             char label[TICKS_LABEL];
 *             ticks_label(&t, i, label, sizeof label);
 *             ... the label at log10(t.v[i]), between log10(t.lo) and log10(t.hi)
 *         }
 *     }
 */
#ifndef RNNTUI_TICKS_H
#define RNNTUI_TICKS_H

#include <stdbool.h>
#include <stddef.h>

#define TICKS_MAX 32              /* most ticks of an axis */
#define TICKS_LABEL 20            /* room for the longest label and its NUL */

/* How the ticks were placed (ticks_label() formats each kind its way). */
enum ticks_kind {
    TICKS_LINEAR,                 /* multiples of step (on a linear or a log axis) */
    TICKS_DECADES,                /* powers of ten, step decades apart */
    TICKS_125                     /* 1, 2, 5 times powers of ten (log axis) */
};

struct ticks {
    int n;                        /* 2..TICKS_MAX */
    double v[TICKS_MAX];          /* (n,) tick values in data units, ascending */
    double lo, hi;                /* the axis range: v[0] and v[n-1] */
    double step;                  /* TICKS_LINEAR: between ticks; TICKS_DECADES:
                                     decades between ticks; TICKS_125: 0 */
    enum ticks_kind kind;
};

/* Ticks of a linear axis that shows at least [lo, hi], at most max_ticks of
 * them (2..TICKS_MAX; more is taken as TICKS_MAX): the smallest step of 1, 2
 * or 5 times a power of ten whose multiples from below lo to above hi number
 * at most max_ticks (at least 3 when the range has 0 strictly inside).
 * Returns false (t->n = 0) when lo or hi is not finite, lo > hi, hi - lo
 * overflows, or max_ticks < 2. */
bool ticks_linear(double lo, double hi, int max_ticks, struct ticks *t);

/* Ticks of a log10 axis that shows at least [lo, hi] (0 < lo <= hi), at
 * most max_ticks of them, by the rules above (near the ends of the doubles'
 * range, where no multiple of the decade step fits, only the two powers of
 * ten around the data). Returns false (t->n = 0) when lo or hi is not
 * finite, lo <= 0, lo > hi or max_ticks < 2. */
bool ticks_log(double lo, double hi, int max_ticks, struct ticks *t);

/* The label of tick i of t into buf (n bytes; TICKS_LABEL is enough):
 * "0" for zero; linear ticks with the decimals their step needs ("0.02",
 * "0.5", "20"), or in short scientific notation with the digits the step
 * needs ("2e-5", "1.5e7") when the largest tick is under 1e-4 or reaches
 * 1e6, or the step is under 1e-6; powers of ten and 1-2-5 ticks each from
 * its own size, fixed from 1e-4 up to 1e6 ("0.0001", "0.05", "100000"),
 * scientific outside ("5e-5", "1e6", "1e-20").
 * Returns the label's length, or -1 when i is not a tick of t. */
int ticks_label(const struct ticks *t, int i, char *buf, size_t n);

/* The smallest of 1, 2, 5 times a power of ten that splits span into at
 * most max_intervals steps (at least 1 when whole, for counts such as
 * epochs). span <= 0 or max_intervals < 1 gives 1. */
double ticks_step(double span, int max_intervals, bool whole);

#endif
