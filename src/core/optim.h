/*
 * optim.h - Adam as Keras (TF2) implements it (internal to the core).
 *
 * lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 * m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
 * w -= lr_t m / (sqrt(v) + eps)
 * The struct owns its moment buffers: optim_init() / optim_fini().
 */
#ifndef RNNTUI_OPTIM_H
#define RNNTUI_OPTIM_H

#include <stddef.h>

#include "rnntui/real.h"

#define OPTIM_BETA1 0.9
#define OPTIM_BETA2 0.999
#define OPTIM_EPSILON 1e-7

struct optim {
    size_t n;
    double lr;
    long step;          /* updates done */
    rt_real *m, *v;     /* (n,) first and second moments */
};

/* Returns RT_OK or RT_ENOMEM. */
int  optim_init(struct optim *o, size_t n, double lr);
void optim_fini(struct optim *o);
/* One update of w (n,) with gradient g (n,). */
void optim_step(struct optim *o, rt_real *w, const rt_real *g);

#endif
