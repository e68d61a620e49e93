/* LSTM, gates i f c o (Keras order):
 *   z = x_t W + h_{t-1} U + b
 *   i = sigm(z_i), f = sigm(z_f), g = tanh(z_c), o = sigm(z_o)
 *   c_t = f c_{t-1} + i g,  h_t = o tanh(c_t) */
#include "config.h"

#include <string.h>

#include "cell_impl.h"
#include "linalg.h"
#include "vmath.h"

/* One sequence at one step: z (4 up) pre-activations in, activated gates out. */
RT_INLINE void lstm_row(int up, rt_real *restrict zi, rt_real *restrict zf,
                        rt_real *restrict zg, rt_real *restrict zo,
                        const rt_real *restrict c_prev, rt_real *restrict c,
                        rt_real *restrict tc, rt_real *restrict h)
{
    for (int j = 0; j < up; j++) {
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

/* The test hook on c (model_work_nudge): c_t += delta, then h_t again from
 * the nudged c_t as lstm_row computes it. */
static void lstm_nudge_c(const struct cell_layer *l, const struct cell_acts *a, int t, int B)
{
    const struct cell_nudge *nu = a->nudge;
    if (!nu || nu->t != t || nu->state != CELL_STATE_C)
        return;
    const size_t o = ((size_t)t * B + nu->b) * l->up;
    const rt_real *go = a->gates + ((size_t)t * B + nu->b) * 4 * l->up + 3 * l->up;
    for (int j = 0; j < l->units; j++) {
        a->c[o + j] += nu->delta[j];
        a->tc[o + j] = vm_tanh(a->c[o + j]);
        a->h[o + j] = go[j] * a->tc[o + j];
    }
}

/* Its gradient: dh (from above and through U) and dc (from step t+1) in,
 * pre-activation gradients out, dc replaced by the part reaching c_{t-1}.
 * dc_out (may be NULL) gets the total gradient reaching c_t. */
RT_INLINE void lstm_row_grad(int up, const rt_real *restrict gi, const rt_real *restrict gf,
                             const rt_real *restrict gg, const rt_real *restrict go,
                             const rt_real *restrict tc, const rt_real *restrict c_prev,
                             const rt_real *restrict dh_above, const rt_real *restrict dh_rec,
                             rt_real *restrict dc, rt_real *restrict di, rt_real *restrict df,
                             rt_real *restrict dg, rt_real *restrict d_o,
                             rt_real *restrict dc_out)
{
    for (int j = 0; j < up; j++) {
        rt_real dh = dh_above[j] + dh_rec[j];
        rt_real i = gi[j], f = gf[j], g = gg[j], o = go[j], t = tc[j];
        rt_real dcj = dc[j] + dh * o * (1 - t * t);      /* h = o tanh(c) */
        d_o[j] = dh * t * o * (1 - o);
        di[j] = dcj * g * i * (1 - i);
        df[j] = dcj * c_prev[j] * f * (1 - f);
        dg[j] = dcj * i * (1 - g * g);
        dc[j] = dcj * f;
        if (dc_out)
            dc_out[j] = dcj;
    }
}

RT_HOT
void cell_lstm_forward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, struct cell_acts *a,
                       struct cell_scratch *s)
{
    const int u = l->units, up = l->up, Gp = 4 * up;
    const size_t n = (size_t)B * up;
    cell_input_projection(l, p, x, T * B, a->gates, s);
    cell_pack_u(l, p, s);
    for (int t = 0; t < T; t++) {
        if (cell_cancelled(s))
            return;
        rt_real *zt = a->gates + (size_t)t * B * Gp;             /* (B, 4 up) */
        const rt_real *c_prev = t > 0 ? a->c + (size_t)(t - 1) * n : a->zero;
        if (t > 0)
            la_gemm_packed(B, Gp, u, a->h + (size_t)(t - 1) * n, up, 1, s->pk, u, zt, Gp);
        for (int b = 0; b < B; b++) {
            rt_real *z = zt + (size_t)b * Gp;
            size_t o = (size_t)t * n + (size_t)b * up;
            lstm_row(up, z, z + up, z + 2 * up, z + 3 * up, c_prev + (size_t)b * up,
                     a->c + o, a->tc + o, a->h + o);
        }
        cell_nudge_h(l, a, t, B);
        lstm_nudge_c(l, a, t, B);
    }
}

RT_HOT
void cell_lstm_backward(const struct cell_layer *l, const struct cell_params *p,
                        const rt_real *x, int T, int B, const struct cell_acts *a,
                        const rt_real *dh, rt_real *dx, struct cell_params *g,
                        struct cell_scratch *s)
{
    const int up = l->up, Gp = 4 * up;
    const size_t n = (size_t)B * up;
    cell_pack_ut(l, p, s);
    memset(s->dh_rec, 0, sizeof *s->dh_rec * n);
    memset(s->dc, 0, sizeof *s->dc * n);
    for (int t = T - 1; t >= 0; t--) {
        if (cell_cancelled(s))
            return;
        const rt_real *zt = a->gates + (size_t)t * B * Gp;
        const rt_real *c_prev = t > 0 ? a->c + (size_t)(t - 1) * n : a->zero;
        rt_real *dzt = s->dz + (size_t)t * B * Gp;
        if (s->h_norm)
            cell_step_norms(B, up, dh + (size_t)t * n, s->dh_rec, s->h_norm + (size_t)t * B);
        for (int b = 0; b < B; b++) {
            const rt_real *z = zt + (size_t)b * Gp;
            rt_real *dz = dzt + (size_t)b * Gp;
            size_t o = (size_t)t * n + (size_t)b * up;
            /* two calls, so that training's (dc_out NULL) has no tap in its loop */
            if (s->c_norm)
                lstm_row_grad(up, z, z + up, z + 2 * up, z + 3 * up, a->tc + o,
                              c_prev + (size_t)b * up, dh + o, s->dh_rec + (size_t)b * up,
                              s->dc + (size_t)b * up, dz, dz + up, dz + 2 * up, dz + 3 * up,
                              s->dc_t + (size_t)b * up);
            else
                lstm_row_grad(up, z, z + up, z + 2 * up, z + 3 * up, a->tc + o,
                              c_prev + (size_t)b * up, dh + o, s->dh_rec + (size_t)b * up,
                              s->dc + (size_t)b * up, dz, dz + up, dz + 2 * up, dz + 3 * up,
                              NULL);
        }
        if (s->c_norm)
            cell_step_norms(B, up, s->dc_t, NULL, s->c_norm + (size_t)t * B);
        /* dh_rec = dz_t U^T */
        if (t > 0) {
            memset(s->dh_rec, 0, sizeof *s->dh_rec * n);
            la_gemm_packed(B, up, Gp, dzt, Gp, 1, s->pk, Gp, s->dh_rec, up);
        }
    }
    cell_weight_grads(l, p, T, B, x, a->h, s->dz, s->dz, dx, g, NULL, s);
}
