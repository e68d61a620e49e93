/* GRU, reset_after = True, gates z r h (Keras order):
 *   a = x_t W + b_x, q = h_{t-1} U + b_h
 *   z = sigm(a_z + q_z), r = sigm(a_r + q_r), n = tanh(a_h + r q_h)
 *   h_t = z h_{t-1} + (1 - z) n */
#include "config.h"

#include <string.h>

#include "cell_impl.h"
#include "linalg.h"
#include "vmath.h"

/* One sequence at one step: a (3u) in, activated gates z r n out. */
RT_INLINE void gru_row(int u, rt_real *restrict az, rt_real *restrict ar, rt_real *restrict ah,
                       const rt_real *restrict qz, const rt_real *restrict qr,
                       const rt_real *restrict qh, const rt_real *restrict h_prev,
                       rt_real *restrict h)
{
    for (int j = 0; j < u; j++) {
        rt_real z = vm_sigm(az[j] + qz[j]);
        rt_real r = vm_sigm(ar[j] + qr[j]);
        rt_real nn = vm_tanh(ah[j] + r * qh[j]);
        az[j] = z;
        ar[j] = r;
        ah[j] = nn;
        h[j] = z * h_prev[j] + (1 - z) * nn;
    }
}

/* Its gradient: gradients of a (for W, b_x) and of q (for U, b_h) out, and
 * dh_rec replaced by the direct part z dh reaching h_{t-1}. */
RT_INLINE void gru_row_grad(int u, const rt_real *restrict gz, const rt_real *restrict gr,
                            const rt_real *restrict gn, const rt_real *restrict qh,
                            const rt_real *restrict h_prev, const rt_real *restrict dh_above,
                            rt_real *restrict dh_rec, rt_real *restrict daz,
                            rt_real *restrict dar, rt_real *restrict dah,
                            rt_real *restrict dqz, rt_real *restrict dqr, rt_real *restrict dqh)
{
    for (int j = 0; j < u; j++) {
        rt_real dh = dh_above[j] + dh_rec[j];
        rt_real z = gz[j], r = gr[j], nn = gn[j];
        rt_real dn = dh * (1 - z) * (1 - nn * nn);            /* at a_h + r q_h */
        rt_real dz = dh * (h_prev[j] - nn) * z * (1 - z);
        rt_real dr = dn * qh[j] * r * (1 - r);
        daz[j] = dz;
        dar[j] = dr;
        dah[j] = dn;
        dqz[j] = dz;
        dqr[j] = dr;
        dqh[j] = dn * r;
        dh_rec[j] = dh * z;
    }
}

RT_HOT
void cell_gru_forward(const struct cell_layer *l, const struct cell_params *p,
                      const rt_real *x, int T, int B, struct cell_acts *a,
                      struct cell_scratch *s)
{
    const int u = l->units, G = 3 * u;
    const size_t n = (size_t)B * u;
    const rt_real *b_h = p->b + G;                               /* (3u,) */
    cell_input_projection(T * B, l->n_in, G, x, p->w, p->b, a->gates, s);
    la_pack(u, G, p->u, G, 1, s->pk);                      /* U (u, G) */
    for (int t = 0; t < T; t++) {
        rt_real *at = a->gates + (size_t)t * B * G;              /* (B, 3u) */
        rt_real *qt = a->q + (size_t)t * B * G;                  /* (B, 3u) */
        const rt_real *h_prev = t > 0 ? a->h + (size_t)(t - 1) * n : a->zero;
        for (int b = 0; b < B; b++)
            memcpy(qt + (size_t)b * G, b_h, sizeof *qt * (size_t)G);
        if (t > 0)
            la_gemm_packed(B, G, u, h_prev, u, 1, s->pk, u, qt, G);
        for (int b = 0; b < B; b++) {
            rt_real *ab = at + (size_t)b * G;
            const rt_real *qb = qt + (size_t)b * G;
            gru_row(u, ab, ab + u, ab + 2 * u, qb, qb + u, qb + 2 * u,
                    h_prev + (size_t)b * u, a->h + (size_t)t * n + (size_t)b * u);
        }
    }
}

RT_HOT
void cell_gru_backward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, const struct cell_acts *a,
                       const rt_real *dh, rt_real *dx, struct cell_params *g,
                       struct cell_scratch *s)
{
    const int u = l->units, G = 3 * u;
    const size_t n = (size_t)B * u;
    la_pack(G, u, p->u, 1, G, s->pk);                      /* U^T (G, u) */
    memset(s->dh_rec, 0, sizeof *s->dh_rec * n);
    for (int t = T - 1; t >= 0; t--) {
        const rt_real *at = a->gates + (size_t)t * B * G;
        const rt_real *qt = a->q + (size_t)t * B * G;
        const rt_real *h_prev = t > 0 ? a->h + (size_t)(t - 1) * n : a->zero;
        rt_real *dat = s->dz + (size_t)t * B * G;
        rt_real *dqt = s->dq + (size_t)t * B * G;
        for (int b = 0; b < B; b++) {
            const rt_real *gb = at + (size_t)b * G;
            rt_real *da = dat + (size_t)b * G, *dq = dqt + (size_t)b * G;
            gru_row_grad(u, gb, gb + u, gb + 2 * u, qt + (size_t)b * G + 2 * u,
                         h_prev + (size_t)b * u, dh + (size_t)t * n + (size_t)b * u,
                         s->dh_rec + (size_t)b * u, da, da + u, da + 2 * u,
                         dq, dq + u, dq + 2 * u);
        }
        /* dh_rec = z dh + dq_t U^T */
        if (t > 0)
            la_gemm_packed(B, u, G, dqt, G, 1, s->pk, G, s->dh_rec, u);
    }
    cell_weight_grads(T, B, l->n_in, u, G, x, a->h, s->dz, s->dq, p->w, dx,
                      g->w, g->u, g->b, g->b + G, s);
}
