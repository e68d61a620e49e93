/*
 * vmath.h - branch-free exp, sigmoid and tanh that the compiler vectorises.
 *
 * In float builds these are the project's own approximations (Cephes-style
 * polynomials after range reduction, within a few ulp of libm over the whole
 * range, saturating exactly at 0 and +-1, NaN in gives NaN out), so the
 * fused gate loops vectorise and results do not depend on the machine's
 * libm. In double builds (the gradient checks) they are libm's functions.
 */
#ifndef RNNTUI_VMATH_H
#define RNNTUI_VMATH_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rnntui/real.h"

#if defined(__GNUC__)
#define VM_INLINE static inline __attribute__((always_inline))
#else
#define VM_INLINE static inline
#endif

#ifdef RNNTUI_DOUBLE

VM_INLINE double vm_exp(double x)  { return exp(x); }
VM_INLINE double vm_sigm(double x) { return 1.0 / (1.0 + exp(-x)); }
VM_INLINE double vm_tanh(double x) { return tanh(x); }

#else

/* exp(x): x = n ln2 + r, |r| <= ln2/2, exp(r) by a degree-6 polynomial,
 * 2^n built in the exponent bits. Inputs are clamped to [-87, 88]. */
VM_INLINE float vm_exp(float x)
{
    x = x < -87.0f ? -87.0f : x;               /* NaN stays NaN */
    x = x > 88.0f ? 88.0f : x;
    float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;  /* round(x / ln2) */
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    /* n + 127 lands in the low mantissa bits of 2^23 + 127 + n. */
    float nb = n + 8388735.0f;
    uint32_t bits;
    memcpy(&bits, &nb, sizeof bits);
    bits <<= 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

VM_INLINE float vm_sigm(float x)
{
    return 1.0f / (1.0f + vm_exp(-x));
}

/* tanh: an odd polynomial below 0.625, 1 - 2 / (exp(2|x|) + 1) above. */
VM_INLINE float vm_tanh(float x)
{
    float a = fabsf(x);
    float z = x * x;
    float small = ((((-5.70498872745e-3f * z + 2.06390887954e-2f) * z
                     - 5.37397155531e-2f) * z + 1.33314422036e-1f) * z
                   - 3.33332819422e-1f) * z * a + a;
    float big = 1.0f - 2.0f / (vm_exp(2.0f * a) + 1.0f);
    return copysignf(a < 0.625f ? small : big, x);
}

#endif

/* y[i] = f(x[i]) for i < n; tests and benchmarks use these. */
void vm_exp_array(rt_real *restrict y, const rt_real *restrict x, size_t n);
void vm_sigm_array(rt_real *restrict y, const rt_real *restrict x, size_t n);
void vm_tanh_array(rt_real *restrict y, const rt_real *restrict x, size_t n);

#endif
