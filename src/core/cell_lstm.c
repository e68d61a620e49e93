/* LSTM, gates i f c o (Keras order):
 *   z = x_t W + h_{t-1} U + b
 *   i = sigm(z_i), f = sigm(z_f), g = tanh(z_c), o = sigm(z_o)
 *   c_t = f c_{t-1} + i g,  h_t = o tanh(c_t) */
#include "config.h"

#include <string.h>

#include "cell_impl.h"
#include "linalg.h"
#include "vmath.h"

void cell_lstm_forward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, struct cell_acts *a)
{
    const int u = l->units, G = 4 * u;
    cell_input_projection(T * B, l->n_in, G, x, p->w, p->b, a->gates);
    for (int t = 0; t < T; t++) {
        rt_real *zt = a->gates + (size_t)t * B * G;              /* (B, 4u) */
        rt_real *ct = a->c + (size_t)t * B * u;                  /* (B, u) */
        rt_real *tct = a->tc + (size_t)t * B * u;
        rt_real *ht = a->h + (size_t)t * B * u;
        if (t > 0)
            la_gemm_nn(B, G, u, ht - (size_t)B * u, u, p->u, G, zt, G);
        for (int b = 0; b < B; b++) {
            rt_real *restrict gi = zt + (size_t)b * G;
            rt_real *restrict gf = gi + u, *restrict gg = gi + 2 * u, *restrict go = gi + 3 * u;
            rt_real *restrict c = ct + (size_t)b * u;
            rt_real *restrict tc = tct + (size_t)b * u;
            rt_real *restrict h = ht + (size_t)b * u;
            const rt_real *restrict cp = t > 0 ? c - (size_t)B * u : NULL;
            for (int j = 0; j < u; j++) {
                rt_real i = vm_sigm(gi[j]), f = vm_sigm(gf[j]);
                rt_real g = vm_tanh(gg[j]), o = vm_sigm(go[j]);
                rt_real cj = i * g;
                if (cp)
                    cj += f * cp[j];
                gi[j] = i;
                gf[j] = f;
                gg[j] = g;
                go[j] = o;
                c[j] = cj;
                tc[j] = vm_tanh(cj);
                h[j] = o * tc[j];
            }
        }
    }
}

void cell_lstm_backward(const struct cell_layer *l, const struct cell_params *p,
                        const rt_real *x, int T, int B, const struct cell_acts *a,
                        const rt_real *dh, rt_real *dx, struct cell_params *g,
                        struct cell_scratch *s)
{
    const int u = l->units, G = 4 * u, n = B * u;
    memset(s->dh_rec, 0, sizeof *s->dh_rec * (size_t)n);
    memset(s->dc, 0, sizeof *s->dc * (size_t)n);
    for (int t = T - 1; t >= 0; t--) {
        const rt_real *zt = a->gates + (size_t)t * B * G;
        rt_real *dzt = s->dz + (size_t)t * B * G;
        for (int b = 0; b < B; b++) {
            const rt_real *restrict gi = zt + (size_t)b * G;
            const rt_real *restrict gf = gi + u, *restrict gg = gi + 2 * u, *restrict go = gi + 3 * u;
            const rt_real *restrict tc = a->tc + (size_t)t * n + (size_t)b * u;
            const rt_real *restrict cp = t > 0 ? a->c + (size_t)(t - 1) * n + (size_t)b * u : NULL;
            const rt_real *restrict dht = dh + (size_t)t * n + (size_t)b * u;
            rt_real *restrict dhr = s->dh_rec + (size_t)b * u;
            rt_real *restrict dc = s->dc + (size_t)b * u;
            rt_real *restrict di = dzt + (size_t)b * G;
            rt_real *restrict df = di + u, *restrict dg = di + 2 * u, *restrict dout = di + 3 * u;
            for (int j = 0; j < u; j++) {
                rt_real dhj = dht[j] + dhr[j];
                rt_real o = go[j], i = gi[j], f = gf[j], gj = gg[j], tcj = tc[j];
                /* h = o tanh(c) */
                rt_real dcj = dc[j] + dhj * o * (1 - tcj * tcj);
                rt_real cpj = cp ? cp[j] : 0;
                dout[j] = dhj * tcj * o * (1 - o);
                di[j] = dcj * gj * i * (1 - i);
                df[j] = dcj * cpj * f * (1 - f);
                dg[j] = dcj * i * (1 - gj * gj);
                dc[j] = dcj * f;                  /* reaches c_{t-1} */
            }
        }
        /* dh_rec = dz_t U^T */
        if (t > 0) {
            memset(s->dh_rec, 0, sizeof *s->dh_rec * (size_t)n);
            la_gemm_nt(B, u, G, dzt, G, p->u, G, s->dh_rec, u);
        }
    }
    cell_weight_grads(T, B, l->n_in, u, G, x, a->h, s->dz, s->dz, p->w, dx,
                      g->w, g->u, g->b, NULL);
}
