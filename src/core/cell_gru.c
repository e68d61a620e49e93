/* GRU, reset_after = True, gates z r h (Keras order):
 *   a = x_t W + b_x, q = h_{t-1} U + b_h
 *   z = sigm(a_z + q_z), r = sigm(a_r + q_r), n = tanh(a_h + r q_h)
 *   h_t = z h_{t-1} + (1 - z) n */
#include "config.h"

#include <string.h>

#include "cell_impl.h"
#include "linalg.h"
#include "vmath.h"

void cell_gru_forward(const struct cell_layer *l, const struct cell_params *p,
                      const rt_real *x, int T, int B, struct cell_acts *a)
{
    const int u = l->units, G = 3 * u;
    const rt_real *b_h = p->b + G;                               /* (3u,) */
    cell_input_projection(T * B, l->n_in, G, x, p->w, p->b, a->gates);
    for (int t = 0; t < T; t++) {
        rt_real *at = a->gates + (size_t)t * B * G;              /* (B, 3u) */
        rt_real *qt = a->q + (size_t)t * B * G;                  /* (B, 3u) */
        rt_real *ht = a->h + (size_t)t * B * u;                  /* (B, u) */
        for (int b = 0; b < B; b++)
            memcpy(qt + (size_t)b * G, b_h, sizeof *qt * (size_t)G);
        if (t > 0)
            la_gemm_nn(B, G, u, ht - (size_t)B * u, u, p->u, G, qt, G);
        for (int b = 0; b < B; b++) {
            rt_real *restrict az = at + (size_t)b * G, *restrict ar = az + u, *restrict ah = az + 2 * u;
            const rt_real *restrict qz = qt + (size_t)b * G, *restrict qr = qz + u, *restrict qh = qz + 2 * u;
            rt_real *restrict h = ht + (size_t)b * u;
            const rt_real *restrict hp = t > 0 ? h - (size_t)B * u : NULL;
            for (int j = 0; j < u; j++) {
                rt_real z = vm_sigm(az[j] + qz[j]);
                rt_real r = vm_sigm(ar[j] + qr[j]);
                rt_real nn = vm_tanh(ah[j] + r * qh[j]);
                rt_real hpj = hp ? hp[j] : 0;
                az[j] = z;
                ar[j] = r;
                ah[j] = nn;
                h[j] = z * hpj + (1 - z) * nn;
            }
        }
    }
}

void cell_gru_backward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, const struct cell_acts *a,
                       const rt_real *dh, rt_real *dx, struct cell_params *g,
                       struct cell_scratch *s)
{
    const int u = l->units, G = 3 * u, n = B * u;
    memset(s->dh_rec, 0, sizeof *s->dh_rec * (size_t)n);
    for (int t = T - 1; t >= 0; t--) {
        const rt_real *at = a->gates + (size_t)t * B * G;
        const rt_real *qt = a->q + (size_t)t * B * G;
        rt_real *dat = s->dz + (size_t)t * B * G;
        rt_real *dqt = s->dq + (size_t)t * B * G;
        for (int b = 0; b < B; b++) {
            const rt_real *restrict gz = at + (size_t)b * G, *restrict gr = gz + u, *restrict gn = gz + 2 * u;
            const rt_real *restrict qh = qt + (size_t)b * G + 2 * u;
            const rt_real *restrict hp = t > 0 ? a->h + (size_t)(t - 1) * n + (size_t)b * u : NULL;
            const rt_real *restrict dht = dh + (size_t)t * n + (size_t)b * u;
            rt_real *restrict dhr = s->dh_rec + (size_t)b * u;
            rt_real *restrict daz = dat + (size_t)b * G, *restrict dar = daz + u, *restrict dah = daz + 2 * u;
            rt_real *restrict dqz = dqt + (size_t)b * G, *restrict dqr = dqz + u, *restrict dqh = dqz + 2 * u;
            for (int j = 0; j < u; j++) {
                rt_real dhj = dht[j] + dhr[j];
                rt_real z = gz[j], r = gr[j], nn = gn[j];
                rt_real hpj = hp ? hp[j] : 0;
                rt_real dn = dhj * (1 - z) * (1 - nn * nn);          /* at a_h + r q_h */
                rt_real dz = dhj * (hpj - nn) * z * (1 - z);
                rt_real dr = dn * qh[j] * r * (1 - r);
                daz[j] = dz;
                dar[j] = dr;
                dah[j] = dn;
                dqz[j] = dz;
                dqr[j] = dr;
                dqh[j] = dn * r;
                dhr[j] = dhj * z;                   /* direct path to h_{t-1} */
            }
        }
        /* dh_rec = z dh + dq_t U^T */
        if (t > 0)
            la_gemm_nt(B, u, G, dqt, G, p->u, G, s->dh_rec, u);
    }
    cell_weight_grads(T, B, l->n_in, u, G, x, a->h, s->dz, s->dq, p->w, dx,
                      g->w, g->u, g->b, g->b + G);
}
