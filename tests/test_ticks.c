/*
 * test_ticks - the round axis ticks of rnntui/ticks.h: exact tick sets and
 * labels for hand-worked cases (linear, log by decades, 1-2-5 and narrow,
 * tiny, huge, flat and invalid ranges, more than 12 decades), then
 * properties over thousands of ranges: ticks ascending, finite (positive on
 * a log axis), covering the data, no more than asked for, the step the
 * smallest that fits (so an off-by-one in the count or a step too large
 * fails), and labels that are distinct and read back as the tick's value.
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/ticks.h"
#include "check.h"

/* t has exactly the n ticks want (to the last bit: ticks are the doubles
 * nearest the decimal values) with these labels. */
static void expect(const char *what, bool ok, const struct ticks *t, int n, const double *want,
                   const char *const *labels)
{
    CHECKF(ok, "%s: returned false", what);
    CHECKF(t->n == n, "%s: %d ticks, want %d", what, t->n, n);
    if (!ok || t->n != n)
        return;
    CHECKF(t->lo == t->v[0] && t->hi == t->v[n - 1], "%s: axis range is not the outer ticks", what);
    for (int i = 0; i < n; i++) {
        char buf[TICKS_LABEL];
        int len = ticks_label(t, i, buf, sizeof buf);
        CHECKF(t->v[i] == want[i], "%s: tick %d is %.17g, want %.17g", what, i, t->v[i], want[i]);
        CHECKF(len == (int)strlen(labels[i]) && strcmp(buf, labels[i]) == 0,
               "%s: label %d is \"%s\", want \"%s\"", what, i, buf, labels[i]);
    }
}

#define N(a) ((int)(sizeof(a) / sizeof(a)[0]))
#define EXPECT(what, call, t, kind_, vals, labs)                                       \
    do {                                                                               \
        bool ok_ = (call);                                                             \
        expect(what, ok_, &(t), N(vals), vals, labs);                                  \
        CHECKF((t).kind == (kind_), "%s: kind %d, want %d", what, (int)(t).kind, (int)(kind_)); \
    } while (0)

static void linear_cases(void)
{
    struct ticks t;
    {   /* the loss chart's range of the issue: 0.00035 .. 0.0573 */
        const double v[] = { 0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06 };
        const char *l[] = { "0", "0.01", "0.02", "0.03", "0.04", "0.05", "0.06" };
        EXPECT("loss, 7", ticks_linear(0.00035, 0.0573, 7, &t), t, TICKS_LINEAR, v, l);
        CHECK(t.step == 0.01);
    }
    {   /* one tick fewer: step 0.02 */
        const double v[] = { 0, 0.02, 0.04, 0.06 };
        const char *l[] = { "0", "0.02", "0.04", "0.06" };
        EXPECT("loss, 6", ticks_linear(0.00035, 0.0573, 6, &t), t, TICKS_LINEAR, v, l);
    }
    {   /* step 0.2 would need -0.4 .. 0.8 (7 ticks): 0.5 */
        const double v[] = { -0.5, 0, 0.5, 1 };
        const char *l[] = { "-0.5", "0", "0.5", "1.0" };
        EXPECT("negative", ticks_linear(-0.3, 0.7, 6, &t), t, TICKS_LINEAR, v, l);
    }
    {   /* ends on multiples: no extra tick from 0.3 / 0.1 = 2.9999999999999996 */
        const double v[] = { 0.1, 0.2, 0.3 };
        const char *l[] = { "0.1", "0.2", "0.3" };
        EXPECT("exact ends", ticks_linear(0.1, 0.3, 3, &t), t, TICKS_LINEAR, v, l);
    }
    {
        const double v[] = { 0, 0.2, 0.4, 0.6, 0.8, 1 };
        const char *l[] = { "0", "0.2", "0.4", "0.6", "0.8", "1.0" };
        EXPECT("0..1", ticks_linear(0, 1, 6, &t), t, TICKS_LINEAR, v, l);
    }
    {   /* flat: 10 % each way */
        const double v[] = { 0.045, 0.05, 0.055 };
        const char *l[] = { "0.045", "0.050", "0.055" };
        EXPECT("flat", ticks_linear(0.05, 0.05, 6, &t), t, TICKS_LINEAR, v, l);
    }
    {   /* flat at zero: 1 each way */
        const double v[] = { -1, -0.5, 0, 0.5, 1 };
        const char *l[] = { "-1.0", "-0.5", "0", "0.5", "1.0" };
        EXPECT("zero", ticks_linear(0, 0, 6, &t), t, TICKS_LINEAR, v, l);
    }
    {
        const double v[] = { 0, 1e38, 2e38, 3e38, 4e38 };
        const char *l[] = { "0", "1e38", "2e38", "3e38", "4e38" };
        EXPECT("huge", ticks_linear(1e36, 3.4e38, 6, &t), t, TICKS_LINEAR, v, l);
    }
    {
        const double v[] = { 1e-30, 2e-30, 3e-30, 4e-30, 5e-30 };
        const char *l[] = { "1e-30", "2e-30", "3e-30", "4e-30", "5e-30" };
        EXPECT("tiny", ticks_linear(1e-30, 5e-30, 5, &t), t, TICKS_LINEAR, v, l);
    }
    {   /* big values in steps below their size: enough mantissa digits */
        const double v[] = { 1.2e7, 1.4e7, 1.6e7 };
        const char *l[] = { "1.2e7", "1.4e7", "1.6e7" };
        EXPECT("mantissa", ticks_linear(1.25e7, 1.55e7, 4, &t), t, TICKS_LINEAR, v, l);
    }
    {   /* whole numbers */
        const double v[] = { 0, 20, 40, 60, 80, 100 };
        const char *l[] = { "0", "20", "40", "60", "80", "100" };
        EXPECT("whole", ticks_linear(1, 100, 6, &t), t, TICKS_LINEAR, v, l);
    }
    const double nan = NAN, inf = INFINITY;
    CHECK(!ticks_linear(nan, 1, 5, &t) && t.n == 0);
    CHECK(!ticks_linear(0, nan, 5, &t) && t.n == 0);
    CHECK(!ticks_linear(0, inf, 5, &t) && t.n == 0);
    CHECK(!ticks_linear(-inf, 0, 5, &t) && t.n == 0);
    CHECK(!ticks_linear(2, 1, 5, &t) && t.n == 0);
    CHECK(!ticks_linear(0, 1, 1, &t) && t.n == 0);
    CHECK(!ticks_linear(-DBL_MAX, DBL_MAX, 5, &t) && t.n == 0);
    CHECK(ticks_linear(0, 1, 1000, &t) && t.n <= TICKS_MAX);

    CHECK(ticks_step(100, 8, true) == 20);
    CHECK(ticks_step(100, 10, true) == 10);
    CHECK(ticks_step(1, 8, true) == 1);
    CHECK(ticks_step(1, 8, false) == 0.2);
    CHECK(ticks_step(0.3, 3, false) == 0.1);
    CHECK(ticks_step(0.31, 3, false) == 0.2);
    CHECK(ticks_step(0, 3, false) == 1 && ticks_step(1, 0, false) == 1);
}

static void log_cases(void)
{
    struct ticks t;
    {   /* the range, 2.2 decades: powers of ten */
        const double v[] = { 1e-4, 1e-3, 1e-2, 1e-1 };
        const char *l[] = { "0.0001", "0.001", "0.01", "0.1" };
        EXPECT("loss log", ticks_log(0.00035, 0.0573, 6, &t), t, TICKS_DECADES, v, l);
    }
    {   /* 20 decades, every 5th */
        const double v[] = { 1e-20, 1e-15, 1e-10, 1e-5, 1 };
        const char *l[] = { "1e-20", "1e-15", "1e-10", "1e-5", "1" };
        EXPECT("20 decades", ticks_log(1e-20, 1, 6, &t), t, TICKS_DECADES, v, l);
        CHECK(t.step == 5);
    }
    {   /* 13 decades, every 2nd: -14 .. -0 */
        const double v[] = { 1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1 };
        const char *l[] = { "1e-14", "1e-12", "1e-10", "1e-8", "1e-6", "0.0001", "0.01", "1" };
        EXPECT("13 decades", ticks_log(3e-14, 0.5, 8, &t), t, TICKS_DECADES, v, l);
    }
    {
        const double v[] = { 1, 1e10, 1e20, 1e30 };
        const char *l[] = { "1", "1e10", "1e20", "1e30" };
        EXPECT("30 decades up", ticks_log(1, 1e30, 4, &t), t, TICKS_DECADES, v, l);
    }
    {   /* exactly two decades: powers of ten, no extra decade */
        const double v[] = { 0.001, 0.01, 0.1 };
        const char *l[] = { "0.001", "0.01", "0.1" };
        EXPECT("2 decades", ticks_log(0.001, 0.1, 6, &t), t, TICKS_DECADES, v, l);
    }
    {   /* under two decades: 1-2-5 */
        const double v[] = { 0.01, 0.02, 0.05, 0.1, 0.2, 0.5 };
        const char *l[] = { "0.01", "0.02", "0.05", "0.1", "0.2", "0.5" };
        EXPECT("1-2-5", ticks_log(0.012, 0.31, 8, &t), t, TICKS_125, v, l);
    }
    {   /* the same with room for 4: 1-2-5 and linear do not fit, decades */
        const double v[] = { 0.01, 0.1, 1 };
        const char *l[] = { "0.01", "0.1", "1" };
        EXPECT("1-2-5 crowded", ticks_log(0.012, 0.31, 4, &t), t, TICKS_DECADES, v, l);
    }
    {   /* small values: 5e-5 in scientific notation */
        const double v[] = { 2e-5, 5e-5, 1e-4, 2e-4 };
        const char *l[] = { "2e-5", "5e-5", "0.0001", "0.0002" };
        EXPECT("1-2-5 small", ticks_log(2.1e-5, 1.9e-4, 6, &t), t, TICKS_125, v, l);
    }
    {   /* narrow: 1-2-5 would leave 0.058 .. 0.1 empty: linear */
        const double v[] = { 0.05, 0.052, 0.054, 0.056, 0.058 };
        const char *l[] = { "0.050", "0.052", "0.054", "0.056", "0.058" };
        EXPECT("narrow", ticks_log(0.051, 0.058, 6, &t), t, TICKS_LINEAR, v, l);
    }
    {   /* flat: half a decade each way, then 1-2-5 */
        const double v[] = { 0.01, 0.02, 0.05, 0.1, 0.2 };
        const char *l[] = { "0.01", "0.02", "0.05", "0.1", "0.2" };
        EXPECT("log flat", ticks_log(0.05, 0.05, 6, &t), t, TICKS_125, v, l);
    }
    {
        const double v[] = { 1e-300, 1e-200, 1e-100, 1, 1e100, 1e200, 1e300 };
        const char *l[] = { "1e-300", "1e-200", "1e-100", "1", "1e100", "1e200", "1e300" };
        EXPECT("600 decades", ticks_log(1e-300, 1e300, 7, &t), t, TICKS_DECADES, v, l);
    }
    {   /* no multiple of 200 decades stays inside the doubles: the ends */
        const double v[] = { 1e-300, 1e300 };
        const char *l[] = { "1e-300", "1e300" };
        EXPECT("600 decades, 6", ticks_log(1e-300, 1e300, 6, &t), t, TICKS_DECADES, v, l);
    }
    /* denormals: fewer digits, but still positive ticks around the data */
    CHECK(ticks_log(1e-320, 1e-310, 6, &t) && t.n >= 2 && t.v[0] > 0 && t.v[0] <= 1e-320 && t.hi >= 1e-310);
    const double nan = NAN, inf = INFINITY;
    CHECK(!ticks_log(0, 1, 5, &t) && t.n == 0);
    CHECK(!ticks_log(-1, 1, 5, &t) && t.n == 0);
    CHECK(!ticks_log(nan, 1, 5, &t) && t.n == 0);
    CHECK(!ticks_log(1, inf, 5, &t) && t.n == 0);
    CHECK(!ticks_log(2, 1, 5, &t) && t.n == 0);
    CHECK(!ticks_log(1, 2, 1, &t) && t.n == 0);
    char buf[TICKS_LABEL];
    CHECK(ticks_label(&t, 0, buf, sizeof buf) == -1);
}

/* How many multiples of step cover [lo, hi] (the count the rule uses). */
static double count_multiples(double lo, double hi, double step)
{
    double k0 = floor(lo / step + 1e-6), k1 = ceil(hi / step - 1e-6);
    if (k1 < k0 + 1)
        k1 = k0 + 1;
    return k1 - k0 + 1;
}

/* The next smaller 1-2-5 step. */
static double smaller(double step)
{
    double p = pow(10.0, floor(log10(step) + 1e-9));
    double m = step / p;
    return m > 4 ? 2 * p : m > 1.5 ? p : 0.5 * p;
}

static int bad_props;

static void props(const char *what, double lo, double hi, int max, bool log_axis)
{
    struct ticks t;
    bool ok = log_axis ? ticks_log(lo, hi, max, &t) : ticks_linear(lo, hi, max, &t);
    int most = !log_axis && lo < 0 && hi > 0 && max < 3 ? 3 : max;
    bool fine = ok && t.n >= 2 && t.n <= most && t.lo == t.v[0] && t.hi == t.v[t.n - 1];
    bool flat = log_axis ? hi / lo < 1 + 1e-8 : hi - lo <= 1e-8 * fmax(fabs(lo), fabs(hi));
    /* Covers the data, to a millionth of a step (how near a multiple counts). */
    double slack = 1e-6 * (t.hi - t.lo);
    if (fine && !flat)
        fine = t.v[0] <= lo + slack && t.v[t.n - 1] >= hi - slack;
    char prev[TICKS_LABEL] = "";
    for (int i = 0; fine && i < t.n; i++) {
        char buf[TICKS_LABEL];
        fine = isfinite(t.v[i]) && (!log_axis || t.v[i] > 0) && (i == 0 || t.v[i] > t.v[i - 1])
               && ticks_label(&t, i, buf, sizeof buf) > 0 && strcmp(buf, prev) != 0;
        double back = strtod(buf, NULL);
        fine = fine && fabs(back - t.v[i]) <= 1e-9 * fabs(t.v[i]);
        memcpy(prev, buf, sizeof buf);
    }
    /* Linear: evenly spaced by step, and the next smaller step does not fit. */
    if (fine && t.kind == TICKS_LINEAR && !flat) {
        for (int i = 1; fine && i < t.n; i++)
            fine = fabs(t.v[i] - t.v[i - 1] - t.step) <= 1e-6 * t.step;
        fine = fine && count_multiples(lo, hi, smaller(t.step)) > most;
    }
    /* Decades: every step decades, and one decade less would not fit. */
    if (fine && t.kind == TICKS_DECADES && t.n > 2) {
        for (int i = 1; fine && i < t.n; i++)
            fine = fabs(log10(t.v[i] / t.v[i - 1]) - t.step) < 1e-6;
        if (fine && t.step > 1) {
            double s = smaller(t.step), ea = floor(log10(lo) + 1e-6), eb = ceil(log10(hi) - 1e-6);
            fine = (ceil(eb / s) - floor(ea / s)) + 1 > max || s < 1;
        }
    }
    if (!fine && bad_props++ < 10)
        printf("%s: [%.9g, %.9g] max %d %s: n %d kind %d step %g\n", what, lo, hi, max,
               log_axis ? "log" : "linear", t.n, (int)t.kind, t.step);
}

static void properties(void)
{
    unsigned long long s = 12345;
    for (int k = 0; k < 20000; k++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u1 = (double)(s >> 11) / 9007199254740992.0;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u2 = (double)(s >> 11) / 9007199254740992.0;
        int max = 2 + (int)(s >> 60) % 11;
        /* magnitudes 1e-40 .. 1e40, spans from a millionth to 30 decades */
        double lo = pow(10.0, -40 + 80 * u1);
        double hi = lo * pow(10.0, (k % 3 == 0 ? 30.0 : k % 3 == 1 ? 3.0 : 0.3) * u2);
        props("log", lo, hi, max, true);
        props("linear", lo, hi, max, false);
        props("linear-neg", -hi, (k & 4) ? -lo : lo, max, false);
    }
    CHECKF(bad_props == 0, "%d ranges break a tick property", bad_props);
}

int main(void)
{
    linear_cases();
    log_cases();
    properties();
    return check_finish();
}
