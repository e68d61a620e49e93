#include "config.h"

#include "rnntui/cell.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

#include "rnntui/status.h"
#include "cell_impl.h"
#include "linalg.h"

static const struct {
    const char *name, *prefix, *option;
    int gates;
} cell_table[CELL_COUNT] = {
    [CELL_RNN]  = { "SimpleRNN", "simple_rnn", "rnn",  1 },
    [CELL_LSTM] = { "LSTM",      "lstm",       "lstm", 4 },
    [CELL_GRU]  = { "GRU",       "gru",        "gru",  3 },
};

int cell_gates(enum cell_kind kind)         { return cell_table[kind].gates; }
const char *cell_name(enum cell_kind kind)  { return cell_table[kind].name; }
const char *cell_keras_prefix(enum cell_kind kind) { return cell_table[kind].prefix; }
const char *cell_option(enum cell_kind kind) { return cell_table[kind].option; }

int cell_parse(const char *s, enum cell_kind *out)
{
    for (int k = 0; k < CELL_COUNT; k++) {
        if (!strcasecmp(s, cell_table[k].name) || !strcasecmp(s, cell_table[k].prefix) ||
            !strcasecmp(s, cell_table[k].option)) {
            *out = (enum cell_kind)k;
            return RT_OK;
        }
    }
    return RT_EINVAL;
}

/* ---- shared pieces of the cell passes (cell_impl.h) ---- */

void cell_input_projection(int rows, int n_in, int G, const rt_real *x,
                           const rt_real *w, const rt_real *bias, rt_real *out,
                           struct cell_scratch *s)
{
    for (int r = 0; r < rows; r++)
        memcpy(out + (size_t)r * G, bias, sizeof *out * (size_t)G);
    la_pack(n_in, G, w, G, 1, s->pk);
    la_gemm_packed(rows, G, n_in, x, n_in, 1, s->pk, n_in, out, G);
}

void cell_weight_grads(int T, int B, int n_in, int units, int G,
                       const rt_real *x, const rt_real *h, const rt_real *dz_x,
                       const rt_real *dz_h, const rt_real *w, rt_real *dx,
                       rt_real *gw, rt_real *gu, rt_real *gb_x, rt_real *gb_h,
                       struct cell_scratch *s)
{
    const int rows = T * B;
    la_pack(rows, G, dz_x, G, 1, s->pdz);
    const rt_real *pdz_h = s->pdz;
    if (dz_h != dz_x) {
        la_pack(rows, G, dz_h, G, 1, s->pdq);
        pdz_h = s->pdq;
    }
    /* dW += x^T dz over every step of every sequence */
    la_gemm_packed(n_in, G, rows, x, 1, n_in, s->pdz, rows, gw, G);
    /* dU += h_{t-1}^T dz_t for t >= 1 (h_{-1} = 0): rows B.. of packed dz */
    if (T > 1)
        la_gemm_packed(units, G, rows - B, h, 1, units, pdz_h + (size_t)B * LA_NR, rows, gu, G);
    la_colsum(G, rows, dz_x, G, gb_x);
    if (gb_h)
        la_colsum(G, rows, dz_h, G, gb_h);
    /* dx = dz W^T */
    if (dx) {
        la_pack(G, n_in, w, 1, G, s->pk);
        memset(dx, 0, sizeof *dx * (size_t)rows * n_in);
        la_gemm_packed(rows, n_in, G, dz_x, G, 1, s->pk, G, dx, n_in);
    }
}

void cell_forward(const struct cell_layer *l, const struct cell_params *p,
                  const rt_real *x, int T, int B, struct cell_acts *a,
                  struct cell_scratch *s)
{
    switch (l->kind) {
    case CELL_RNN:  cell_rnn_forward(l, p, x, T, B, a, s); break;
    case CELL_LSTM: cell_lstm_forward(l, p, x, T, B, a, s); break;
    case CELL_GRU:  cell_gru_forward(l, p, x, T, B, a, s); break;
    default: assert(!"unknown cell kind");
    }
}

void cell_backward(const struct cell_layer *l, const struct cell_params *p,
                   const rt_real *x, int T, int B, const struct cell_acts *a,
                   const rt_real *dh, rt_real *dx, struct cell_params *g,
                   struct cell_scratch *s)
{
    switch (l->kind) {
    case CELL_RNN:  cell_rnn_backward(l, p, x, T, B, a, dh, dx, g, s); break;
    case CELL_LSTM: cell_lstm_backward(l, p, x, T, B, a, dh, dx, g, s); break;
    case CELL_GRU:  cell_gru_backward(l, p, x, T, B, a, dh, dx, g, s); break;
    default: assert(!"unknown cell kind");
    }
}
