#include "config.h"

#include "optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/status.h"

#ifdef RNNTUI_DOUBLE
#define optim_sqrt sqrt
#else
#define optim_sqrt sqrtf
#endif

int optim_init(struct optim *o, size_t n, double lr)
{
    memset(o, 0, sizeof *o);
    o->m = calloc(n ? n : 1, sizeof *o->m);
    o->v = calloc(n ? n : 1, sizeof *o->v);
    if (!o->m || !o->v) {
        optim_fini(o);
        return RT_ENOMEM;
    }
    o->n = n;
    o->lr = lr;
    return RT_OK;
}

void optim_fini(struct optim *o)
{
    free(o->m);
    free(o->v);
    memset(o, 0, sizeof *o);
}

void optim_step(struct optim *o, rt_real *restrict w, const rt_real *restrict g)
{
    o->step++;
    const double t = (double)o->step;
    const rt_real lr_t = (rt_real)(o->lr * sqrt(1.0 - pow(OPTIM_BETA2, t))
                                   / (1.0 - pow(OPTIM_BETA1, t)));
    const rt_real b1 = (rt_real)OPTIM_BETA1, b2 = (rt_real)OPTIM_BETA2;
    const rt_real eps = (rt_real)OPTIM_EPSILON;
    rt_real *restrict m = o->m, *restrict v = o->v;
    for (size_t i = 0; i < o->n; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        w[i] -= lr_t * m[i] / (optim_sqrt(v[i]) + eps);
    }
}
