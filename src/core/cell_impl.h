/*
 * cell_impl.h - forward and backward passes of one recurrent layer over a
 * chunk of sequences (internal to the core; model.c drives them).
 *
 * Layout is time-major inside a chunk: a (T, B, width) buffer holds row
 * t*B + b for step t of sequence b, so each step is a (B x n_in) times
 * (n_in x k*units) product and the input projection of all steps, and the
 * weight gradients over all steps, are single large products.
 */
#ifndef RNNTUI_CELL_IMPL_H
#define RNNTUI_CELL_IMPL_H

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
};

/* Activations kept by the forward pass for the backward pass. */
struct cell_acts {
    rt_real *gates;    /* (T, B, k*units) activated gates: RNN h; LSTM i f g o; GRU z r n */
    rt_real *q;        /* GRU (T, B, k*units): h_{t-1} U + b_h; else NULL */
    rt_real *c;        /* LSTM (T, B, units) cell state; else NULL */
    rt_real *tc;       /* LSTM (T, B, units) tanh(c); else NULL */
    rt_real *h;        /* (T, B, units) outputs; RNN: aliases gates */
    const rt_real *zero; /* (B, units) zeros: the state before step 0 */
};

/* Scratch of the passes, shared by the layers of one workspace. */
struct cell_scratch {
    rt_real *dz;       /* (T, B, k*units) pre-activation gradient (GRU: of a) */
    rt_real *dq;       /* GRU (T, B, k*units) gradient of q */
    rt_real *dh_rec;   /* (B, units) gradient reaching h_{t-1} through U */
    rt_real *dc;       /* LSTM (B, units) gradient reaching c_{t-1} */
    rt_real *pk;       /* a packed weight matrix: W, U, U^T or W^T (linalg.h) */
    rt_real *pdz;      /* dz packed, (T*B, k*units) */
    rt_real *pdq;      /* GRU: dq packed */
};

/* x (T, B, n_in) -> acts. */
void cell_forward(const struct cell_layer *l, const struct cell_params *p,
                  const rt_real *x, int T, int B, struct cell_acts *a,
                  struct cell_scratch *s);

/* dh (T, B, units): gradient of the loss w.r.t. each output h_t from above
 * (read only). Adds parameter gradients to g; writes dx (T, B, n_in) unless
 * dx is NULL. */
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

/* Shared by the three: out (T*B, G) = x (T*B, n_in) W + bias row, and the
 * gradients that are whole-sequence products once dz is known:
 * gw += x^T dz_x, gu += h[0..T-2]^T dz_h[1..T-1], gb_x += colsum(dz_x),
 * gb_h += colsum(dz_h) (when not NULL), dx = dz_x W^T (when not NULL). */
void cell_input_projection(int rows, int n_in, int G, const rt_real *x,
                           const rt_real *w, const rt_real *bias, rt_real *out,
                           struct cell_scratch *s);
void cell_weight_grads(int T, int B, int n_in, int units, int G,
                       const rt_real *x, const rt_real *h, const rt_real *dz_x,
                       const rt_real *dz_h, const rt_real *w, rt_real *dx,
                       rt_real *gw, rt_real *gu, rt_real *gb_x, rt_real *gb_h,
                       struct cell_scratch *s);

#endif
