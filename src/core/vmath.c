/* Array forms of vmath.h, for tests and benchmarks. */
#include "config.h"

#include "vmath.h"


void vm_exp_array(rt_real *restrict y, const rt_real *restrict x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = vm_exp(x[i]);
}

void vm_sigm_array(rt_real *restrict y, const rt_real *restrict x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = vm_sigm(x[i]);
}

void vm_tanh_array(rt_real *restrict y, const rt_real *restrict x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = vm_tanh(x[i]);
}
