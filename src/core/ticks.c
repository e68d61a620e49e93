/*
 * ticks.c - round tick values for chart axes; see rnntui/ticks.h.
 *
 * A tick value is kept as a small integer times a power of ten and turned
 * into a double only at the end (pow10i), so that 0.05 is the double
 * nearest 0.05, not 5 * 0.01 with its rounding error, and the labels need
 * no clean-up. TOL absorbs the rounding of the data and of log10() and the
 * divisions: a value within a millionth of a step (or of a decade) of a
 * tick counts as on it, so float data such as 0.05f (0.0500000007) or 1e-4f
 * (1e-4 less a hundred-millionth of a decade) land on their round values.
 */
#include "config.h"

#include "rnntui/ticks.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define TOL 1e-6
#define E_MIN (-323)                /* 1e-323 is the smallest power of ten above 0 */
#define E_MAX 308

static const int mant[3] = { 1, 2, 5 };

/* m * 10^e for a whole number m (|m| < 2^53), as the double nearest the
 * decimal value: strtod() rounds "5e-2" correctly, where 5 * pow(10, -2)
 * and 1 / pow(10, 30) are off by an ulp. 0 only below 1e-323. */
static double pow10i(double m, int e)
{
    char s[48];
    snprintf(s, sizeof s, "%.0fe%d", m, e);
    return strtod(s, NULL);
}

/* The decimal exponent of v > 0: 10^e <= v < 10^(e+1), give or take TOL. */
static int exponent_of(double v)
{
    return (int)floor(log10(v) + TOL);
}

/* The next larger step of the 1, 2, 5 sequence after m * 10^e. */
static void next_step(int *m, int *e)
{
    if (*m == 1)
        *m = 2;
    else if (*m == 2)
        *m = 5;
    else {
        *m = 1;
        (*e)++;
    }
}

/* The smallest 1-2-5 step m * 10^e with span / step <= intervals. */
static void smallest_step(double span, int intervals, int *m, int *e)
{
    double raw = span / intervals;
    *e = exponent_of(raw);
    *m = 10;
    for (int k = 0; k < 3; k++)
        if (pow10i(mant[k], *e) >= raw * (1.0 - TOL)) {
            *m = mant[k];
            break;
        }
    if (*m == 10) {
        *m = 1;
        (*e)++;
    }
}

double ticks_step(double span, int max_intervals, bool whole)
{
    if (!(span > 0.0) || !isfinite(span) || max_intervals < 1)
        return 1.0;
    int m, e;
    smallest_step(span, max_intervals, &m, &e);
    double step = pow10i(m, e);
    return whole && step < 1.0 ? 1.0 : step;
}

/* Multiples of m * 10^e from at or below lo to at or above hi, if there are
 * at most max_ticks of them. */
static bool multiples(double lo, double hi, int m, int e, int max_ticks, struct ticks *t)
{
    double step = pow10i(m, e);
    double k0 = floor(lo / step + TOL), k1 = ceil(hi / step - TOL);
    if (k1 < k0 + 1)
        k1 = k0 + 1;
    if (k1 - k0 + 1 > max_ticks)
        return false;
    t->n = (int)(k1 - k0) + 1;
    for (int i = 0; i < t->n; i++) {
        double k = k0 + i;        /* (k * m) * 10^e, as exact as the scale allows */
        t->v[i] = k == 0 ? 0.0 : pow10i(k * m, e);
    }
    t->lo = t->v[0];
    t->hi = t->v[t->n - 1];
    t->step = step;
    t->kind = TICKS_LINEAR;
    return true;
}

bool ticks_linear(double lo, double hi, int max_ticks, struct ticks *t)
{
    t->n = 0;
    if (!isfinite(lo) || !isfinite(hi) || lo > hi || max_ticks < 2)
        return false;
    if (max_ticks > TICKS_MAX)
        max_ticks = TICKS_MAX;
    if (hi - lo <= 1e-6 * fmax(fabs(lo), fabs(hi))) {   /* flat: 10 % each way, or 1 */
        double mid = lo / 2 + hi / 2;
        double d = mid != 0.0 ? fabs(mid) * 0.1 : 1.0;
        lo = mid - d;
        hi = mid + d;
    }
    double span = hi - lo;
    if (!isfinite(span))
        return false;
    if (lo < 0.0 && hi > 0.0 && max_ticks < 3)
        max_ticks = 3;                              /* a step each side of 0 */
    int m, e;
    smallest_step(span, max_ticks - 1, &m, &e);
    /* The multiples reach past the data by up to a step at each end, so a
     * larger step may be needed: at most 2 ticks is only met by a step past
     * a round value inside the range (1.998e14 .. 2.0001e14: 0, 5e14), and
     * a step beyond twice the larger end always fits in 2 or 3. */
    for (int tries = 0; tries < 2000 && e <= E_MAX; tries++, next_step(&m, &e))
        if (multiples(lo, hi, m, e, max_ticks, t))
            return true;
    t->n = 0;
    return false;
}

/* Powers of ten every s decades (s = 1, 2, 5, 10, 20, ...) from at or below
 * 10^a to at or above 10^b, a and b in decades. */
static bool decades(double a, double b, int max_ticks, struct ticks *t)
{
    int ea = (int)floor(a + TOL), eb = (int)ceil(b - TOL);
    if (eb <= ea)
        eb = ea + 1;
    for (int m = 1, e = 0; e <= 3; next_step(&m, &e)) {
        int s = (int)pow10i(m, e);
        int f0 = (int)floor((double)ea / s) * s, f1 = (int)ceil((double)eb / s) * s;
        if ((f1 - f0) / s + 1 > max_ticks || f0 < E_MIN || f1 > E_MAX)
            continue;
        t->n = (f1 - f0) / s + 1;
        for (int i = 0; i < t->n; i++)
            t->v[i] = pow10i(1, f0 + i * s);
        t->lo = t->v[0];
        t->hi = t->v[t->n - 1];
        t->step = s;
        t->kind = TICKS_DECADES;
        return true;
    }
    /* Near the ends of the doubles' range no multiple fits: the two ends. */
    ea = ea < E_MIN ? E_MIN : ea;
    eb = eb > E_MAX ? E_MAX : eb;
    t->n = 2;
    t->v[0] = t->lo = pow10i(1, ea);
    t->v[1] = t->hi = pow10i(1, eb);
    t->step = eb - ea;
    t->kind = TICKS_DECADES;
    return true;
}

/* 1, 2 and 5 times powers of ten from the largest at or below lo to the
 * smallest at or above hi, if there are at most max_ticks of them. */
static bool one_two_five(double lo, double hi, int max_ticks, struct ticks *t)
{
    int e0 = exponent_of(lo) - 1, e1 = exponent_of(hi) + 1;
    int n = 0;
    bool started = false;
    for (int e = e0; e <= e1; e++)
        for (int k = 0; k < 3; k++) {
            double c = pow10i(mant[k], e);
            if (c <= lo * (1.0 + TOL)) {            /* the latest at or below lo */
                n = 0;
                started = true;
            } else if (!started) {
                continue;
            }
            if (n >= max_ticks)
                return false;
            t->v[n++] = c;
            if (c >= hi * (1.0 - TOL) && n >= 2) {
                t->n = n;
                t->lo = t->v[0];
                t->hi = t->v[n - 1];
                t->step = 0.0;
                t->kind = TICKS_125;
                return true;
            }
        }
    return false;
}

bool ticks_log(double lo, double hi, int max_ticks, struct ticks *t)
{
    t->n = 0;
    if (!isfinite(lo) || !isfinite(hi) || !(lo > 0.0) || lo > hi || max_ticks < 2)
        return false;
    if (max_ticks > TICKS_MAX)
        max_ticks = TICKS_MAX;
    double a = log10(lo), b = log10(hi);
    if (hi - lo <= 1e-6 * hi) {                     /* flat: half a decade each way */
        a -= 0.5;
        b += 0.5;
        lo = a < E_MIN ? DBL_TRUE_MIN : pow(10.0, a);
        hi = b > log10(DBL_MAX) ? DBL_MAX : pow(10.0, b);
        a = log10(lo);
        b = log10(hi);
    }
    if (b - a >= 2.0 - TOL)
        return decades(a, b, max_ticks, t);
    /* Under two decades: 1-2-5, unless they leave more than half the axis
     * empty (a range under about a factor of 3); then the linear rule, while
     * its ticks stay positive. */
    if (one_two_five(lo, hi, max_ticks, t) && b - a >= 0.5 * (log10(t->hi) - log10(t->lo)))
        return true;
    struct ticks lin;
    if (ticks_linear(lo, hi, max_ticks, &lin) && lin.v[0] > 0.0) {
        *t = lin;
        return true;
    }
    if (one_two_five(lo, hi, max_ticks, t))
        return true;
    return decades(a, b, max_ticks, t);
}

/* v in short scientific notation, down to the digit of 10^last: "2e-5",
 * "1.5e7", "-3e-20". */
static int scientific(double v, int last, char *buf, size_t n)
{
    int e = exponent_of(fabs(v));
    int d = e - last;
    d = d < 0 ? 0 : d > 9 ? 9 : d;
    char m[32];
    snprintf(m, sizeof m, "%.*f", d, v / pow10i(1, e));
    if (fabs(atof(m)) >= 10.0) {                    /* 9.99... rounded up to 10 */
        e++;
        d = d > 0 ? d - 1 : 0;
        snprintf(m, sizeof m, "%.*f", d, v / pow10i(1, e));
    }
    return snprintf(buf, n, "%se%d", m, e);
}

int ticks_label(const struct ticks *t, int i, char *buf, size_t n)
{
    if (!t || i < 0 || i >= t->n || !buf || n == 0)
        return -1;
    double v = t->v[i];
    if (v == 0.0)
        return snprintf(buf, n, "0");
    if (t->kind == TICKS_LINEAR) {
        int es = exponent_of(t->step);              /* the last digit a label needs */
        double big = fmax(fabs(t->v[0]), fabs(t->v[t->n - 1]));
        if (big >= 1e-4 && big < 1e6 && es >= -6)
            return snprintf(buf, n, "%.*f", es < 0 ? -es : 0, v);
        return scientific(v, es, buf, n);
    }
    int e = exponent_of(v);                         /* 1, 2 or 5 times 10^e */
    if (e >= -4 && e < 6)
        return snprintf(buf, n, "%.*f", e < 0 ? -e : 0, v);
    return scientific(v, e, buf, n);
}
