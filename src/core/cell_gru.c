/* GRU, reset_after = True, gates z r h (Keras order):
 *   a = x_t W + b_x, q = h_{t-1} U + b_h
 *   z = sigm(a_z + q_z), r = sigm(a_r + q_r), n = tanh(a_h + r q_h)
 *   h_t = z h_{t-1} + (1 - z) n */
#include "config.h"

#include <string.h>

#include "cell_impl.h"
#include "linalg.h"
#include "vmath.h"

/* One sequence at one step: a (3 up) in, activated gates z r n out. */
RT_INLINE void gru_row(int up, rt_real *restrict az, rt_real *restrict ar, rt_real *restrict ah,
                       const rt_real *restrict qz, const rt_real *restrict qr,
                       const rt_real *restrict qh, const rt_real *restrict h_prev,
                       rt_real *restrict h)
{
    for (int j = 0; j < up; j++) {
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
RT_INLINE void gru_row_grad(int up, const rt_real *restrict gz, const rt_real *restrict gr,
                            const rt_real *restrict gn, const rt_real *restrict qh,
                            const rt_real *restrict h_prev, const rt_real *restrict dh_above,
                            rt_real *restrict dh_rec, rt_real *restrict daz,
                            rt_real *restrict dar, rt_real *restrict dah,
                            rt_real *restrict dqz, rt_real *restrict dqr, rt_real *restrict dqh)
{
    for (int j = 0; j < up; j++) {
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
    const int u = l->units, up = l->up, Gp = 3 * up;
    const size_t n = (size_t)B * up;
    cell_input_projection(l, p, x, T * B, a->gates, s);
    const rt_real *b_h = s->bias + Gp;                           /* padded recurrent bias */
    cell_pack_u(l, p, s);
    for (int t = 0; t < T; t++) {
        if (cell_cancelled(s))
            return;
        rt_real *at = a->gates + (size_t)t * B * Gp;             /* (B, 3 up) */
        rt_real *qt = a->q + (size_t)t * B * Gp;                 /* (B, 3 up) */
        const rt_real *h_prev = t > 0 ? a->h + (size_t)(t - 1) * n : a->zero;
        for (int b = 0; b < B; b++)
            memcpy(qt + (size_t)b * Gp, b_h, sizeof *qt * (size_t)Gp);
        if (t > 0)
            la_gemm_packed(B, Gp, u, h_prev, up, 1, s->pk, u, qt, Gp);
        for (int b = 0; b < B; b++) {
            rt_real *ab = at + (size_t)b * Gp;
            const rt_real *qb = qt + (size_t)b * Gp;
            gru_row(up, ab, ab + up, ab + 2 * up, qb, qb + up, qb + 2 * up,
                    h_prev + (size_t)b * up, a->h + (size_t)t * n + (size_t)b * up);
        }
        cell_nudge_h(l, a, t, B);
    }
}

RT_HOT
void cell_gru_backward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, const struct cell_acts *a,
                       const rt_real *dh, rt_real *dx, struct cell_params *g,
                       struct cell_scratch *s)
{
    const int up = l->up, Gp = 3 * up;
    const size_t n = (size_t)B * up;
    cell_pack_ut(l, p, s);
    memset(s->dh_rec, 0, sizeof *s->dh_rec * n);
    for (int t = T - 1; t >= 0; t--) {
        if (cell_cancelled(s))
            return;
        const rt_real *at = a->gates + (size_t)t * B * Gp;
        const rt_real *qt = a->q + (size_t)t * B * Gp;
        const rt_real *h_prev = t > 0 ? a->h + (size_t)(t - 1) * n : a->zero;
        rt_real *dat = s->dz + (size_t)t * B * Gp;
        rt_real *dqt = s->dq + (size_t)t * B * Gp;
        if (s->h_norm)
            cell_step_norms(B, up, dh + (size_t)t * n, s->dh_rec, s->h_norm + (size_t)t * B);
        for (int b = 0; b < B; b++) {
            const rt_real *gb = at + (size_t)b * Gp;
            rt_real *da = dat + (size_t)b * Gp, *dq = dqt + (size_t)b * Gp;
            gru_row_grad(up, gb, gb + up, gb + 2 * up, qt + (size_t)b * Gp + 2 * up,
                         h_prev + (size_t)b * up, dh + (size_t)t * n + (size_t)b * up,
                         s->dh_rec + (size_t)b * up, da, da + up, da + 2 * up,
                         dq, dq + up, dq + 2 * up);
        }
        /* dh_rec = z dh + dq_t U^T */
        if (t > 0)
            la_gemm_packed(B, up, Gp, dqt, Gp, 1, s->pk, Gp, s->dh_rec, up);
    }
    cell_weight_grads(l, p, T, B, x, a->h, s->dz, s->dq, dx, g, g ? g->b + 3 * l->units : NULL, s);
}
