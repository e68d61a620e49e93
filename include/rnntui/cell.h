/*
 * cell.h - the three recurrent cell kinds and their Keras names.
 *
 * x_t input row, h/c state rows, W kernel (n_in, k*units), U recurrent
 * kernel (units, k*units), sigm the logistic sigmoid:
 *   SimpleRNN (k=1): h_t = tanh(x_t W + h_{t-1} U + b)
 *   LSTM (k=4, gates i f c o): z = x_t W + h_{t-1} U + b,
 *       c_t = sigm(z_f) c_{t-1} + sigm(z_i) tanh(z_c), h_t = sigm(z_o) tanh(c_t)
 *   GRU (k=3, gates z r h, reset_after): a = x_t W + b_x, q = h_{t-1} U + b_h,
 *       z = sigm(a_z + q_z), r = sigm(a_r + q_r), n = tanh(a_h + r q_h),
 *       h_t = z h_{t-1} + (1 - z) n
 * The forward and backward code of each cell lives in src/core/cell_*.c.
 */
#ifndef RNNTUI_CELL_H
#define RNNTUI_CELL_H

enum cell_kind { CELL_RNN, CELL_LSTM, CELL_GRU, CELL_COUNT };

/* Gate blocks per cell: 1, 4, 3. */
int cell_gates(enum cell_kind kind);
/* Keras class name: "SimpleRNN", "LSTM", "GRU". */
const char *cell_name(enum cell_kind kind);
/* Keras layer-name prefix: "simple_rnn", "lstm", "gru". */
const char *cell_keras_prefix(enum cell_kind kind);
/* Short option spelling: "rnn", "lstm", "gru". */
const char *cell_option(enum cell_kind kind);
/* Parses "rnn", "simplernn", "simple_rnn", "lstm", "gru" (any case).
 * Returns RT_OK or RT_EINVAL. */
int cell_parse(const char *s, enum cell_kind *out);

#endif
