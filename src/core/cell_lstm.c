/* LSTM, gates i f c o (Keras order):
 *   z = x_t W + h_{t-1} U + b
 *   i = sigm(z_i), f = sigm(z_f), g = tanh(z_c), o = sigm(z_o)
 *   c_t = f c_{t-1} + i g,  h_t = o tanh(c_t) */
#include "config.h"

#include <string.h>

#include "cell_impl.h"
#include "linalg.h"
#include "vmath.h"

/* One sequence at one step: z (4u) pre-activations in, activated gates out. */
RT_INLINE void lstm_row(int u, rt_real *restrict zi, rt_real *restrict zf,
                        rt_real *restrict zg, rt_real *restrict zo,
                        const rt_real *restrict c_prev, rt_real *restrict c,
                        rt_real *restrict tc, rt_real *restrict h)
{
    for (int j = 0; j < u; j++) {
        rt_real i = vm_sigm(zi[j]), f = vm_sigm(zf[j]);
        rt_real g = vm_tanh(zg[j]), o = vm_sigm(zo[j]);
        rt_real cj = f * c_prev[j] + i * g;
        rt_real tcj = vm_tanh(cj);
        zi[j] = i;
        zf[j] = f;
        zg[j] = g;
        zo[j] = o;
        c[j] = cj;
        tc[j] = tcj;
        h[j] = o * tcj;
    }
}

/* Its gradient: dh (total, from above and through U) and dc (from step t+1)
 * in, pre-activation gradients out, dc replaced by the part reaching c_{t-1}. */
RT_INLINE void lstm_row_grad(int u, const rt_real *restrict gi, const rt_real *restrict gf,
                             const rt_real *restrict gg, const rt_real *restrict go,
                             const rt_real *restrict tc, const rt_real *restrict c_prev,
                             const rt_real *restrict dh_above, const rt_real *restrict dh_rec,
                             rt_real *restrict dc, rt_real *restrict di, rt_real *restrict df,
                             rt_real *restrict dg, rt_real *restrict d_o)
{
    for (int j = 0; j < u; j++) {
        rt_real dh = dh_above[j] + dh_rec[j];
        rt_real i = gi[j], f = gf[j], g = gg[j], o = go[j], t = tc[j];
        rt_real dcj = dc[j] + dh * o * (1 - t * t);      /* h = o tanh(c) */
        d_o[j] = dh * t * o * (1 - o);
        di[j] = dcj * g * i * (1 - i);
        df[j] = dcj * c_prev[j] * f * (1 - f);
        dg[j] = dcj * i * (1 - g * g);
        dc[j] = dcj * f;
    }
}

RT_HOT
void cell_lstm_forward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, struct cell_acts *a,
                      struct cell_scratch *s)
{
    const int u = l->units, G = 4 * u;
    const size_t n = (size_t)B * u;
    cell_input_projection(T * B, l->n_in, G, x, p->w, p->b, a->gates, s);
    la_pack(u, G, p->u, G, 1, s->pk);                      /* U (u, G) */
    for (int t = 0; t < T; t++) {
        rt_real *zt = a->gates + (size_t)t * B * G;              /* (B, 4u) */
        const rt_real *c_prev = t > 0 ? a->c + (size_t)(t - 1) * n : a->zero;
        if (t > 0)
            la_gemm_packed(B, G, u, a->h + (size_t)(t - 1) * n, u, 1, s->pk, u, zt, G);
        for (int b = 0; b < B; b++) {
            rt_real *z = zt + (size_t)b * G;
            size_t o = (size_t)t * n + (size_t)b * u;
            lstm_row(u, z, z + u, z + 2 * u, z + 3 * u, c_prev + (size_t)b * u,
                     a->c + o, a->tc + o, a->h + o);
        }
    }
}

RT_HOT
void cell_lstm_backward(const struct cell_layer *l, const struct cell_params *p,
                        const rt_real *x, int T, int B, const struct cell_acts *a,
                        const rt_real *dh, rt_real *dx, struct cell_params *g,
                        struct cell_scratch *s)
{
    const int u = l->units, G = 4 * u;
    const size_t n = (size_t)B * u;
    la_pack(G, u, p->u, 1, G, s->pk);                      /* U^T (G, u) */
    memset(s->dh_rec, 0, sizeof *s->dh_rec * n);
    memset(s->dc, 0, sizeof *s->dc * n);
    for (int t = T - 1; t >= 0; t--) {
        const rt_real *zt = a->gates + (size_t)t * B * G;
        const rt_real *c_prev = t > 0 ? a->c + (size_t)(t - 1) * n : a->zero;
        rt_real *dzt = s->dz + (size_t)t * B * G;
        for (int b = 0; b < B; b++) {
            const rt_real *z = zt + (size_t)b * G;
            rt_real *dz = dzt + (size_t)b * G;
            size_t o = (size_t)t * n + (size_t)b * u;
            lstm_row_grad(u, z, z + u, z + 2 * u, z + 3 * u, a->tc + o, c_prev + (size_t)b * u,
                          dh + o, s->dh_rec + (size_t)b * u, s->dc + (size_t)b * u,
                          dz, dz + u, dz + 2 * u, dz + 3 * u);
        }
        /* dh_rec = dz_t U^T */
        if (t > 0) {
            memset(s->dh_rec, 0, sizeof *s->dh_rec * n);
            la_gemm_packed(B, u, G, dzt, G, 1, s->pk, G, s->dh_rec, u);
        }
    }
    cell_weight_grads(T, B, l->n_in, u, G, x, a->h, s->dz, s->dz, p->w, dx,
                      g->w, g->u, g->b, NULL, s);
}
