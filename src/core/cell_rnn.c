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
    const int u = l->units, up = l->up;
    const size_t n = (size_t)B * up;
    rt_real *h = a->gates;                                  /* (T, B, up) */
    cell_input_projection(l, p, x, T * B, h, s);
    cell_pack_u(l, p, s);
    for (int t = 0; t < T; t++) {
        if (cell_cancelled(s))
            return;
        rt_real *ht = h + (size_t)t * n;
        /* z_t = (x_t W + b) + h_{t-1} U */
        if (t > 0)
            la_gemm_packed(B, up, u, ht - n, up, 1, s->pk, u, ht, up);
        rnn_act((int)n, ht);
        cell_nudge_h(l, a, t, B);
    }
}

RT_HOT
void cell_rnn_backward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, const struct cell_acts *a,
                       const rt_real *dh, rt_real *dx, struct cell_params *g,
                       struct cell_scratch *s)
{
    const int up = l->up;
    const size_t n = (size_t)B * up;
    const rt_real *h = a->gates;
    cell_pack_ut(l, p, s);
    memset(s->dh_rec, 0, sizeof *s->dh_rec * n);
    for (int t = T - 1; t >= 0; t--) {
        if (cell_cancelled(s))
            return;
        rt_real *dz = s->dz + (size_t)t * n;
        if (s->h_norm)
            cell_step_norms(B, up, dh + (size_t)t * n, s->dh_rec, s->h_norm + (size_t)t * B);
        rnn_grad((int)n, h + (size_t)t * n, dh + (size_t)t * n, s->dh_rec, dz);
        /* dh_rec = dz_t U^T */
        if (t > 0) {
            memset(s->dh_rec, 0, sizeof *s->dh_rec * n);
            la_gemm_packed(B, up, up, dz, up, 1, s->pk, up, s->dh_rec, up);
        }
    }
    cell_weight_grads(l, p, T, B, x, h, s->dz, s->dz, dx, g, NULL, s);
}
