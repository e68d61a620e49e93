/* test_vmath: the vectorised exp, sigmoid and tanh against libm in double,
 * over their whole range, with clean saturation and NaN propagation. */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "vmath.h"

#define N 2000001

int main(void)
{
#ifdef RNNTUI_DOUBLE
    return 77;
#else
    float *x = malloc(sizeof *x * N), *y = malloc(sizeof *y * N);
    if (!x || !y)
        return 99;
    /* exp: relative error over [-87, 88], where float results are normal. */
    for (int i = 0; i < N; i++)
        x[i] = -87.0f + 175.0f * (float)i / (N - 1);
    vm_exp_array(y, x, N);
    double worst = 0;
    for (int i = 0; i < N; i++)
        worst = fmax(worst, fabs(y[i] - exp((double)x[i])) / exp((double)x[i]));
    printf("exp     max rel error %.2e on [-87, 88]\n", worst);
    CHECK(worst < 3e-7);

    /* sigmoid and tanh over [-30, 30] and at tiny arguments. */
    for (int i = 0; i < N; i++)
        x[i] = -30.0f + 60.0f * (float)i / (N - 1);
    vm_sigm_array(y, x, N);
    double worst_rel = 0;
    for (int i = 0; i < N; i++) {
        double ref = 1.0 / (1.0 + exp(-(double)x[i]));
        worst_rel = fmax(worst_rel, fabs(y[i] - ref) / ref);
    }
    printf("sigmoid max rel error %.2e on [-30, 30]\n", worst_rel);
    CHECK(worst_rel < 5e-7);
    vm_tanh_array(y, x, N);
    worst_rel = 0;
    for (int i = 0; i < N; i++) {
        double ref = tanh((double)x[i]);
        if (ref != 0)
            worst_rel = fmax(worst_rel, fabs(y[i] - ref) / fabs(ref));
    }
    printf("tanh    max rel error %.2e on [-30, 30]\n", worst_rel);
    CHECK(worst_rel < 5e-7);
    for (int i = 0; i < 1000; i++)
        x[i] = ldexpf(1.0f + i / 1000.0f, -120 + i / 10);
    vm_tanh_array(y, x, 1000);
    worst_rel = 0;
    for (int i = 0; i < 1000; i++)
        worst_rel = fmax(worst_rel, fabs(y[i] - tanh((double)x[i])) / tanh((double)x[i]));
    printf("tanh    max rel error %.2e at tiny arguments\n", worst_rel);
    CHECK(worst_rel < 5e-7);

    /* Saturation and special values. */
    const float big[] = { 30.0f, 88.5f, 1e10f, INFINITY };
    for (size_t i = 0; i < sizeof big / sizeof *big; i++) {
        CHECKF(vm_tanh(big[i]) == 1.0f && vm_tanh(-big[i]) == -1.0f, "tanh(+-%g)", big[i]);
        CHECKF(vm_sigm(big[i]) == 1.0f, "sigm(%g)", big[i]);
        float s = vm_sigm(-big[i]);
        CHECKF(s >= 0.0f && s < 1e-13f, "sigm(-%g) = %g", big[i], s);
        CHECKF(isfinite(vm_exp(big[i])) && vm_exp(-big[i]) >= 0.0f, "exp(+-%g)", big[i]);
    }
    CHECK(vm_tanh(0.0f) == 0.0f && signbit(vm_tanh(-0.0f)));
    CHECK(vm_sigm(0.0f) == 0.5f);
    CHECK(vm_exp(0.0f) == 1.0f);
    CHECK(isnan(vm_exp(NAN)) && isnan(vm_sigm(NAN)) && isnan(vm_tanh(NAN)));
    /* Monotone, as the activations are. */
    int monotone = 1;
    for (int i = 1; i < N; i++) {
        float a = -30.0f + 60.0f * (float)(i - 1) / (N - 1), b = -30.0f + 60.0f * (float)i / (N - 1);
        if (vm_tanh(b) < vm_tanh(a) || vm_sigm(b) < vm_sigm(a))
            monotone = 0;
    }
    CHECK(monotone);
    free(x);
    free(y);
    return check_finish();
#endif
}
