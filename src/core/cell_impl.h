/*
 * cell_impl.h - forward and backward passes of one recurrent layer over a
 * chunk of sequences (internal to the core; model.c drives them).
 *
 * Layout is time-major inside a chunk: a (T, B, width) buffer holds row
 * t*B + b for step t of sequence b, so each step is a (B x units) times
 * (units x k*units) product, and the input projection of all steps and the
 * weight gradients over all steps are single large products.
 *
 * Inside the workspace every block of `units` values is padded to
 * up = units rounded up to LA_NR (linalg.h): a state row is (up,), a gate
 * row is k blocks of (up,). The padding comes from zero columns of the
 * packed weights and stays exactly zero through every pass, and it lets
 * the element-wise gate loops run on whole vectors. Parameters and their
 * gradients keep the Keras layout; packing and cell_scatter_add() map.
 */
#ifndef RNNTUI_CELL_IMPL_H
#define RNNTUI_CELL_IMPL_H

#include <stdatomic.h>
#include <stdbool.h>

#include "rnntui/cell.h"
#include "rnntui/real.h"

/* Views into the flat parameter (or gradient) block for one layer. */
struct cell_params {
    rt_real *w;        /* (n_in, k*units) kernel */
    rt_real *u;        /* (units, k*units) recurrent kernel */
    rt_real *b;        /* (k*units,), GRU (2, k*units): input bias, recurrent bias */
};

struct cell_layer {
    enum cell_kind kind;
    int n_in, units, gates;        /* gates = k */
    int up;                        /* units padded to a multiple of LA_NR */
    int ldx;                       /* row stride of the layer's input x */
};

/* A test hook (model_work_nudge): the forward pass adds delta (units,) to
 * state h or c of sequence b right after computing step t. */
enum cell_state { CELL_STATE_H, CELL_STATE_C };
struct cell_nudge {
    int t, b;
    enum cell_state state;
    const rt_real *delta;
};

/* Activations kept by the forward pass for the backward pass. */
struct cell_acts {
    rt_real *gates;    /* (T, B, k*up) activated gates: RNN h; LSTM i f g o; GRU z r n */
    rt_real *q;        /* GRU (T, B, k*up): h_{t-1} U + b_h; else NULL */
    rt_real *c;        /* LSTM (T, B, up) cell state; else NULL */
    rt_real *tc;       /* LSTM (T, B, up) tanh(c); else NULL */
    rt_real *h;        /* (T, B, up) outputs; RNN: aliases gates */
    const rt_real *zero; /* (B, up) zeros: the state before step 0 */
    const struct cell_nudge *nudge; /* NULL, or the test hook */
};

/* Scratch of the passes, shared by the layers of one workspace. */
struct cell_scratch {
    rt_real *dz;       /* (T, B, k*up) pre-activation gradient (GRU: of a) */
    rt_real *dq;       /* GRU (T, B, k*up) gradient of q */
    rt_real *dh_rec;   /* (B, up) gradient reaching h_{t-1} through U */
    rt_real *dc;       /* LSTM (B, up) gradient reaching c_{t-1} */
    rt_real *pk;       /* a packed weight matrix: W, U, U^T or W^T (linalg.h) */
    rt_real *bias;     /* (2, k*up) padded bias rows */
    rt_real *gtmp;     /* (max(n_in, units), k*up) a weight gradient before scatter */
    /* Taps of the backward pass (model_taps), NULL when not wanted: */
    double *h_norm;    /* (T, B) ||dL/dh_t||, the total gradient reaching h_t */
    double *c_norm;    /* LSTM (T, B) ||dL/dc_t|| */
    rt_real *dc_t;     /* LSTM (B, up) dL/dc_t of the current step, for c_norm */
    const atomic_bool *cancel; /* NULL, or a flag the passes look at every step: once it
                                  is set they return at once, their results garbage */
};

/* Whether the passes should stop (the job was cancelled). */
static inline bool cell_cancelled(const struct cell_scratch *s)
{
    return s->cancel && atomic_load_explicit(s->cancel, memory_order_relaxed);
}

/* x (T, B, n_in) with row stride l->ldx -> acts. */
void cell_forward(const struct cell_layer *l, const struct cell_params *p,
                  const rt_real *x, int T, int B, struct cell_acts *a,
                  struct cell_scratch *s);

/* dh (T, B, up): gradient of the loss w.r.t. each output h_t from above
 * (read only). Adds parameter gradients to g unless g is NULL; writes dx (T, B, nip) unless
 * dx is NULL, where nip = n_in rounded up to LA_NR (up for every layer but
 * the first, whose input is the data). Fills s->h_norm and s->c_norm when
 * they are not NULL. */
void cell_backward(const struct cell_layer *l, const struct cell_params *p,
                   const rt_real *x, int T, int B, const struct cell_acts *a,
                   const rt_real *dh, rt_real *dx, struct cell_params *g,
                   struct cell_scratch *s);

/* The three kinds, dispatched by cell_forward/cell_backward. */
void cell_rnn_forward(const struct cell_layer *l, const struct cell_params *p,
                      const rt_real *x, int T, int B, struct cell_acts *a,
                      struct cell_scratch *s);
void cell_rnn_backward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, const struct cell_acts *a,
                       const rt_real *dh, rt_real *dx, struct cell_params *g,
                       struct cell_scratch *s);
void cell_lstm_forward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, struct cell_acts *a,
                       struct cell_scratch *s);
void cell_lstm_backward(const struct cell_layer *l, const struct cell_params *p,
                        const rt_real *x, int T, int B, const struct cell_acts *a,
                        const rt_real *dh, rt_real *dx, struct cell_params *g,
                        struct cell_scratch *s);
void cell_gru_forward(const struct cell_layer *l, const struct cell_params *p,
                      const rt_real *x, int T, int B, struct cell_acts *a,
                      struct cell_scratch *s);
void cell_gru_backward(const struct cell_layer *l, const struct cell_params *p,
                       const rt_real *x, int T, int B, const struct cell_acts *a,
                       const rt_real *dh, rt_real *dx, struct cell_params *g,
                       struct cell_scratch *s);

/* Shared by the three. */

/* out[b] = ||a_b + r_b||_2 for the B rows of `up` values of a and r (r may
 * be NULL: ||a_b||), summed in double; the backward passes' taps. */
void cell_step_norms(int B, int up, const rt_real *a, const rt_real *r, double *out);
/* Applies a->nudge to h if it is for state h at step t (forward passes). */
void cell_nudge_h(const struct cell_layer *l, const struct cell_acts *a, int t, int B);

/* out (T*B, k*up) = x W + b, where b is bias row `row` (GRU: 0 input,
 * 1 recurrent) padded into s->bias. */
void cell_input_projection(const struct cell_layer *l, const struct cell_params *p,
                           const rt_real *x, int rows, rt_real *out, struct cell_scratch *s);
/* s->pk = U packed as (units, k*up) for h_{t-1} U. */
void cell_pack_u(const struct cell_layer *l, const struct cell_params *p, struct cell_scratch *s);
/* s->pk = U^T packed as (k*up, up) for dz U^T. */
void cell_pack_ut(const struct cell_layer *l, const struct cell_params *p, struct cell_scratch *s);
/* The gradients that are whole-sequence products once dz is known (only dx
 * when g is NULL):
 * gw += x^T dz_x, gu += h[0..T-2]^T dz_h[1..T-1], gb_x += colsum(dz_x),
 * gb_h += colsum(dz_h) when gb_h is not NULL, dx (rows, nip) = dz_x W^T when dx is
 * not NULL. Overwrites s->pk. */
void cell_weight_grads(const struct cell_layer *l, const struct cell_params *p, int T, int B,
                       const rt_real *x, const rt_real *h, const rt_real *dz_x,
                       const rt_real *dz_h, rt_real *dx, struct cell_params *g,
                       rt_real *gb_h, struct cell_scratch *s);

#endif
