/* SimpleRNN: h_t = tanh(x_t W + h_{t-1} U + b) */
#include "config.h"

#include <string.h>

#include "cell_impl.h"
#include "linalg.h"
#include "vmath.h"

/* h = tanh(z), in place over n values */
RT_INLINE void rnn_act(int n, rt_real *restrict z)
{
    for (int j = 0; j < n; j++)
        z[j] = vm_tanh(z[j]);
}

/* dz = (dh + dh_rec) (1 - h^2) */
RT_INLINE void rnn_grad(int n, const rt_real *restrict h, const rt_real *restrict dh,
                        const rt_real *restrict dh_rec, rt_real *restrict dz)
{
    for (int j = 0; j < n; j++)
        dz[j] = (dh[j] + dh_rec[j]) * (1 - h[j] * h[j]);
}

RT_HOT
void cell_rnn_forward(const struct cell_layer *l, const struct cell_params *p,
                      const rt_real *x, int T, int B, struct cell_acts *a,
                      struct cell_scratch *s)
{
    const int u = l->units;
    rt_real *h = a->gates;                          /* (T, B, u) */
    cell_input_projection(T * B, l->n_in, u, x, p->w, p->b, h, s);
    la_pack(u, u, p->u, u, 1, s->pk);                      /* U (u, u) */
    for (int t = 0; t < T; t++) {
        rt_real *ht = h + (size_t)t * B * u;
        /* z_t = (x_t W + b) + h_{t-1} U */
        if (t > 0)
            la_gemm_packed(B, u, u, ht - (size_t)B * u, u, 1, s->pk, u, ht, u);
        rnn_act(B * u, ht);
    }
}

RT_HOT
void cell_rnn_backward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, const struct cell_acts *a,
                       const rt_real *dh, rt_real *dx, struct cell_params *g,
                       struct cell_scratch *s)
{
    const int u = l->units, n = B * u;
    la_pack(u, u, p->u, 1, u, s->pk);                      /* U^T (u, u) */
    const rt_real *h = a->gates;
    memset(s->dh_rec, 0, sizeof *s->dh_rec * (size_t)n);
    for (int t = T - 1; t >= 0; t--) {
        rt_real *dz = s->dz + (size_t)t * n;
        rnn_grad(n, h + (size_t)t * n, dh + (size_t)t * n, s->dh_rec, dz);
        /* dh_rec = dz_t U^T */
        if (t > 0) {
            memset(s->dh_rec, 0, sizeof *s->dh_rec * (size_t)n);
            la_gemm_packed(B, u, u, dz, u, 1, s->pk, u, s->dh_rec, u);
        }
    }
    cell_weight_grads(T, B, l->n_in, u, u, x, h, s->dz, s->dz, p->w, dx,
                      g->w, g->u, g->b, NULL, s);
}
