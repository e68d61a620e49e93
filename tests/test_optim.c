/*
 * test_optim: Adam (src/core/optim.c) against the Keras form of DESIGN.md
 * section 4, worked out independently here in long double:
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   lr_t = lr sqrt(1 - b2^t) / (1 - b1^t);  w -= lr_t m / (sqrt(v) + eps)
 * with lr 1e-2, b1 0.9, b2 0.999, eps 1e-7, over seven steps of gradients
 * from ordinary (0.3) down to tiny (3e-9, where eps dominates sqrt(v)),
 * with sign changes. The test also shows that it can fail: the same
 * reference with b1 0.8, b2 0.99, eps 1e-8, without bias correction, or with
 * v built from b1, lands farther from the true reference than the tolerance
 * by a wide margin, so a one-character change to any of them is caught.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "check.h"
#include "optim.h"
#include "rnntui/status.h"

#define N 8
#define STEPS 7
#define LR 1e-2
/* float32 rounding of seven updates of weights below 1 in magnitude */
#define TOL 2e-6

/* The gradient of element i at step s (1-based): a different scale for
 * each element, signs that change, and elements whose |g| is near eps. */
static double grad_of(int i, int s)
{
    static const double scale[N] = { 0.3, -0.02, 1e-3, 4e-5, 1e-6, 2e-7, 3e-8, 3e-9 };
    double wobble = 1.0 + 0.5 * sin(1.7 * s + i) ;
    double sign = (s % 3 == 0 && i % 2 == 0) ? -1.0 : 1.0;
    return scale[i] * wobble * sign;
}

struct variant {
    const char *what;
    long double b1, b2, b2_in_v, eps;
    int bias_correction;
};

/* The reference: w after STEPS steps from w0. */
static void reference(const struct variant *p, const double *w0, long double *w)
{
    long double m[N] = { 0 }, v[N] = { 0 };
    for (int i = 0; i < N; i++)
        w[i] = w0[i];
    for (int s = 1; s <= STEPS; s++) {
        long double lr_t = LR;
        if (p->bias_correction)
            lr_t = LR * sqrtl(1 - powl(p->b2, s)) / (1 - powl(p->b1, s));
        for (int i = 0; i < N; i++) {
            long double g = (long double)(float)grad_of(i, s);
            m[i] = p->b1 * m[i] + (1 - p->b1) * g;
            v[i] = p->b2_in_v * v[i] + (1 - p->b2_in_v) * g * g;
            w[i] -= lr_t * m[i] / (sqrtl(v[i]) + p->eps);
        }
    }
}

int main(void)
{
    const struct variant keras = { "Keras", 0.9L, 0.999L, 0.999L, 1e-7L, 1 };
    const struct variant wrong[] = {
        { "beta1 0.8", 0.8L, 0.999L, 0.999L, 1e-7L, 1 },
        { "beta2 0.99", 0.9L, 0.99L, 0.99L, 1e-7L, 1 },
        { "v built with beta1", 0.9L, 0.999L, 0.9L, 1e-7L, 1 },
        { "eps 1e-8", 0.9L, 0.999L, 0.999L, 1e-8L, 1 },
        { "no bias correction", 0.9L, 0.999L, 0.999L, 1e-7L, 0 },
    };
    double w0[N];
    for (int i = 0; i < N; i++)
        w0[i] = 0.25 - 0.07 * i;

    struct optim o;
    if (optim_init(&o, N, LR) != RT_OK)
        return 99;
    rt_real w[N], g[N];
    for (int i = 0; i < N; i++)
        w[i] = (rt_real)w0[i];
    for (int s = 1; s <= STEPS; s++) {
        for (int i = 0; i < N; i++)
            g[i] = (rt_real)(float)grad_of(i, s);
        optim_step(&o, w, g);
    }
    CHECK(o.step == STEPS);
    optim_fini(&o);

    long double ref[N];
    reference(&keras, w0, ref);
    double worst = 0;
    for (int i = 0; i < N; i++) {
        double d = fabs((double)w[i] - (double)ref[i]);
        printf("w[%d] %+.9f  reference %+.9Lf  |diff| %.1e\n", i, (double)w[i], ref[i], d);
        worst = fmax(worst, d);
    }
    CHECKF(worst <= TOL, "Adam differs from the Keras form by %g (tolerance %g)", worst, TOL);

    /* Each wrong constant moves at least one weight by over 20 tolerances,
     * and the eps change shows on the tiny-gradient elements. */
    for (size_t k = 0; k < sizeof wrong / sizeof wrong[0]; k++) {
        long double alt[N];
        reference(&wrong[k], w0, alt);
        double far = 0;
        for (int i = 0; i < N; i++)
            far = fmax(far, fabs((double)(alt[i] - ref[i])));
        printf("%-20s moves a weight by up to %.1e\n", wrong[k].what, far);
        CHECKF(far > 20 * TOL, "%s is not detectable: %g", wrong[k].what, far);
    }
    return check_finish();
}
