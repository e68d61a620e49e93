#include "config.h"

#include "rnntui/cell.h"

#include <assert.h>
#include <math.h>
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

/* Keras gate columns g*units + j <-> padded columns g*up + j. */
static struct la_blocks gate_blocks(const struct cell_layer *l)
{
    const struct la_blocks b = { l->gates, l->units, l->up };
    return b;
}

static struct la_blocks plain(int n)
{
    const struct la_blocks b = { 1, n, n };
    return b;
}

/* dst (m, k*units) += src (m, k*up), dropping the padding. */
static void scatter_add(const struct cell_layer *l, int m, const rt_real *src, rt_real *dst)
{
    const int u = l->units, G = l->gates * u, Gp = l->gates * l->up;
    for (int i = 0; i < m; i++)
        for (int g = 0; g < l->gates; g++)
            for (int j = 0; j < u; j++)
                dst[(size_t)i * G + g * u + j] += src[(size_t)i * Gp + g * l->up + j];
}

/* la_gemm cut into blocks of rows of A and C, looking at the cancel flag
 * between them (some 10 MFLOP apart), for the products over all steps.
 * Every element of C gets the same terms in the same order as from one
 * call: blocks start at multiples of 16 rows, so the kernel groups rows
 * exactly as it would. Returns early, C incomplete, once cancelled. */
static void gemm_steps(const struct cell_scratch *s, int m, int n, int k, const rt_real *a,
                       int a_row, int a_col, const rt_real *b, int b_row, int b_panel,
                       rt_real *c, int ldc)
{
    const double flops_per_row = 2.0 * n * (k > 0 ? k : 1);
    int step = (int)(1e7 / flops_per_row) / 16 * 16;
    if (step < 16)
        step = 16;
    for (int i0 = 0; i0 < m; i0 += step) {
        if (cell_cancelled(s))
            return;
        const int mm = m - i0 < step ? m - i0 : step;
        la_gemm(mm, n, k, a + (size_t)i0 * a_row, a_row, a_col, b, b_row, b_panel,
                c + (size_t)i0 * ldc, ldc);
    }
}

void cell_input_projection(const struct cell_layer *l, const struct cell_params *p,
                           const rt_real *x, int rows, rt_real *out, struct cell_scratch *s)
{
    const int Gp = l->gates * l->up, G = l->gates * l->units;
    /* padded bias rows: input bias, and for GRU the recurrent bias */
    const int bias_rows = l->kind == CELL_GRU ? 2 : 1;
    memset(s->bias, 0, sizeof *s->bias * (size_t)bias_rows * Gp);
    for (int r = 0; r < bias_rows; r++)
        for (int g = 0; g < l->gates; g++)
            memcpy(s->bias + (size_t)r * Gp + g * l->up, p->b + (size_t)r * G + g * l->units,
                   sizeof *s->bias * (size_t)l->units);
    for (int r = 0; r < rows; r++)
        memcpy(out + (size_t)r * Gp, s->bias, sizeof *out * (size_t)Gp);
    la_pack_blocks(plain(l->n_in), gate_blocks(l), p->w, G, 1, s->pk);
    gemm_steps(s, rows, Gp, l->n_in, x, l->ldx, 1, s->pk, LA_NR, l->n_in * LA_NR, out, Gp);
}

void cell_pack_u(const struct cell_layer *l, const struct cell_params *p, struct cell_scratch *s)
{
    la_pack_blocks(plain(l->units), gate_blocks(l), p->u, l->gates * l->units, 1, s->pk);
}

void cell_pack_ut(const struct cell_layer *l, const struct cell_params *p, struct cell_scratch *s)
{
    const struct la_blocks cols = { 1, l->units, l->up };
    la_pack_blocks(gate_blocks(l), cols, p->u, 1, l->gates * l->units, s->pk);
}

void cell_weight_grads(const struct cell_layer *l, const struct cell_params *p, int T, int B,
                       const rt_real *x, const rt_real *h, const rt_real *dz_x,
                       const rt_real *dz_h, rt_real *dx, struct cell_params *g,
                       rt_real *gb_h, struct cell_scratch *s)
{
    const int rows = T * B, u = l->units, Gp = l->gates * l->up;
    if (!g)
        goto input_grad;
    /* dz is row-major with Gp a multiple of LA_NR: la_gemm reads it as it is */
    /* dW += x^T dz over every step of every sequence */
    memset(s->gtmp, 0, sizeof *s->gtmp * (size_t)l->n_in * Gp);
    gemm_steps(s, l->n_in, Gp, rows, x, 1, l->ldx, dz_x, Gp, LA_NR, s->gtmp, Gp);
    scatter_add(l, l->n_in, s->gtmp, g->w);
    /* dU += h_{t-1}^T dz_t for t >= 1 (h_{-1} = 0) */
    if (T > 1) {
        memset(s->gtmp, 0, sizeof *s->gtmp * (size_t)u * Gp);
        gemm_steps(s, u, Gp, rows - B, h, 1, l->up, dz_h + (size_t)B * Gp, Gp, LA_NR, s->gtmp, Gp);
        scatter_add(l, u, s->gtmp, g->u);
    }
    /* db += column sums of dz */
    memset(s->gtmp, 0, sizeof *s->gtmp * (size_t)Gp);
    la_colsum(Gp, rows, dz_x, Gp, s->gtmp);
    scatter_add(l, 1, s->gtmp, g->b);
    if (gb_h) {
        memset(s->gtmp, 0, sizeof *s->gtmp * (size_t)Gp);
        la_colsum(Gp, rows, dz_h, Gp, s->gtmp);
        scatter_add(l, 1, s->gtmp, gb_h);
    }
input_grad:
    /* dx = dz W^T, W^T packed as (k*up, nip); nip = up above the first layer */
    if (dx) {
        const int nip = (l->n_in + LA_NR - 1) / LA_NR * LA_NR;
        const struct la_blocks cols = { 1, l->n_in, nip };
        la_pack_blocks(gate_blocks(l), cols, p->w, 1, l->gates * u, s->pk);
        memset(dx, 0, sizeof *dx * (size_t)rows * nip);
        gemm_steps(s, rows, nip, Gp, dz_x, Gp, 1, s->pk, LA_NR, Gp * LA_NR, dx, nip);
    }
}

void cell_step_norms(int B, int up, const rt_real *a, const rt_real *r, double *out)
{
    for (int b = 0; b < B; b++) {
        const rt_real *ab = a + (size_t)b * up;
        double ss = 0;
        for (int j = 0; j < up; j++) {
            /* the very sum the backward rows form: dh_above + dh_rec */
            double v = r ? (double)(ab[j] + r[(size_t)b * up + j]) : (double)ab[j];
            ss += v * v;
        }
        out[b] = sqrt(ss);
    }
}

void cell_nudge_h(const struct cell_layer *l, const struct cell_acts *a, int t, int B)
{
    const struct cell_nudge *nu = a->nudge;
    if (!nu || nu->t != t || nu->state != CELL_STATE_H)
        return;
    rt_real *h = a->h + ((size_t)t * B + nu->b) * l->up;
    for (int j = 0; j < l->units; j++)
        h[j] += nu->delta[j];
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
