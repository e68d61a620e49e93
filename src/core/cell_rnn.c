/* SimpleRNN: h_t = tanh(x_t W + h_{t-1} U + b) */
#include "config.h"

#include <string.h>

#include "cell_impl.h"
#include "linalg.h"
#include "vmath.h"

void cell_rnn_forward(const struct cell_layer *l, const struct cell_params *p,
                      const rt_real *x, int T, int B, struct cell_acts *a)
{
    const int u = l->units;
    rt_real *h = a->gates;                          /* (T, B, u) */
    cell_input_projection(T * B, l->n_in, u, x, p->w, p->b, h);
    for (int t = 0; t < T; t++) {
        rt_real *restrict ht = h + (size_t)t * B * u;
        /* z_t = (x_t W + b) + h_{t-1} U */
        if (t > 0)
            la_gemm_nn(B, u, u, ht - (size_t)B * u, u, p->u, u, ht, u);
        /* h_t = tanh(z_t) */
        for (int j = 0; j < B * u; j++)
            ht[j] = vm_tanh(ht[j]);
    }
}

void cell_rnn_backward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, const struct cell_acts *a,
                       const rt_real *dh, rt_real *dx, struct cell_params *g,
                       struct cell_scratch *s)
{
    const int u = l->units, n = B * u;
    const rt_real *h = a->gates;
    rt_real *restrict dh_rec = s->dh_rec;           /* (B, u) */
    memset(dh_rec, 0, sizeof *dh_rec * (size_t)n);
    for (int t = T - 1; t >= 0; t--) {
        const rt_real *restrict ht = h + (size_t)t * n;
        const rt_real *restrict dht = dh + (size_t)t * n;
        rt_real *restrict dz = s->dz + (size_t)t * n;
        /* dz_t = (dh_t + dh_rec) (1 - h_t^2) */
        for (int j = 0; j < n; j++)
            dz[j] = (dht[j] + dh_rec[j]) * (1 - ht[j] * ht[j]);
        /* dh_rec = dz_t U^T */
        if (t > 0) {
            memset(dh_rec, 0, sizeof *dh_rec * (size_t)n);
            la_gemm_nt(B, u, u, dz, u, p->u, u, dh_rec, u);
        }
    }
    cell_weight_grads(T, B, l->n_in, u, u, x, h, s->dz, s->dz, p->w, dx,
                      g->w, g->u, g->b, NULL);
}
