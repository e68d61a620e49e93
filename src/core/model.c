#include "config.h"

#include "rnntui/model.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/status.h"
#include "cell_impl.h"
#include "linalg.h"

struct model_work {
    enum cell_kind kind;
    int units, layers;
    int up;                             /* units padded (cell_impl.h) */
    int max_batch, length;
    int batch;                          /* sequences in the last forward pass */
    rt_real *x;                         /* (T, B, inputs) */
    struct cell_acts acts[MODEL_MAX_LAYERS];
    struct cell_scratch scratch;
    rt_real *dh[2];                     /* (T, B, up) gradients w.r.t. layer outputs */
    rt_real *dx0;                       /* (T, B, nip) gradient w.r.t. the data, for taps->dx */
    int nip;                            /* inputs padded to LA_NR */
    struct cell_nudge nudge;            /* the test hook (model_work_nudge) */
    rt_real *pred;                      /* (B,) */
    rt_real *dpred;                     /* (B,) model_backward's seed */
    rt_real *zero;                      /* (B, up) zeros, the initial state */
};

int model_config_check(const struct model_config *cfg)
{
    if ((int)cfg->cell < 0 || cfg->cell >= CELL_COUNT)
        return RT_EINVAL;
    if (cfg->units < MODEL_MIN_UNITS || cfg->units > MODEL_MAX_UNITS)
        return RT_EINVAL;
    if (cfg->layers < MODEL_MIN_LAYERS || cfg->layers > MODEL_MAX_LAYERS)
        return RT_EINVAL;
    if (cfg->inputs < 1 || cfg->inputs > 1024)
        return RT_EINVAL;
    return RT_OK;
}

size_t model_layer_params(const struct model_config *cfg, int layer)
{
    size_t u = (size_t)cfg->units;
    if (layer == cfg->layers)           /* Dense(1) */
        return u + 1;
    size_t n_in = layer == 0 ? (size_t)cfg->inputs : u;
    size_t G = (size_t)cell_gates(cfg->cell) * u;
    size_t bias = cfg->cell == CELL_GRU ? 2 * G : G;
    return n_in * G + u * G + bias;
}

size_t model_param_count(const struct model_config *cfg)
{
    size_t n = 0;
    for (int l = 0; l <= cfg->layers; l++)
        n += model_layer_params(cfg, l);
    return n;
}

void model_layer_name(const struct model_config *cfg, int layer, char *buf, size_t n)
{
    const char *prefix = layer == cfg->layers ? "dense" : cell_keras_prefix(cfg->cell);
    if (layer == 0 || layer == cfg->layers)
        snprintf(buf, n, "%s", prefix);
    else
        snprintf(buf, n, "%s_%d", prefix, layer);
}

static void add_tensor(struct model *m, int layer, const char *what, int ndim, int d0, int d1)
{
    struct model_tensor *t = &m->tensors[m->n_tensors];
    char lname[32];
    model_layer_name(&m->cfg, layer, lname, sizeof lname);
    snprintf(t->name, sizeof t->name, "%s/%s", lname, what);
    t->layer = layer;
    t->ndim = ndim;
    t->dims[0] = d0;
    t->dims[1] = ndim == 2 ? d1 : 1;
    t->size = (size_t)t->dims[0] * t->dims[1];
    t->offset = m->n_tensors ? m->tensors[m->n_tensors - 1].offset
                               + m->tensors[m->n_tensors - 1].size : 0;
    m->n_tensors++;
}

/* Views of layer l's tensors inside a block laid out like m->params. */
static void layer_views(const struct model *m, int l, rt_real *block, struct cell_params *p)
{
    const struct model_tensor *t = &m->tensors[3 * l];
    p->w = block + t[0].offset;
    p->u = block + t[1].offset;
    p->b = block + t[2].offset;
}

static int padded_units(int units)
{
    return (units + LA_NR - 1) / LA_NR * LA_NR;
}

static struct cell_layer layer_shape(const struct model *m, int l)
{
    struct cell_layer cl = {
        .kind = m->cfg.cell,
        .n_in = l == 0 ? m->cfg.inputs : m->cfg.units,
        .units = m->cfg.units,
        .gates = cell_gates(m->cfg.cell),
        .up = padded_units(m->cfg.units),
        .ldx = l == 0 ? m->cfg.inputs : padded_units(m->cfg.units),
    };
    return cl;
}

/* glorot_uniform: U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)). */
static void init_glorot(struct rng *r, rt_real *w, int rows, int cols)
{
    double limit = sqrt(6.0 / (rows + cols));
    for (size_t i = 0; i < (size_t)rows * cols; i++)
        w[i] = (rt_real)(-limit + 2.0 * limit * rng_uniform_double(r));
}

/* Keras Orthogonal(gain=1): a normal matrix of shape (max, min) in row-major
 * draw order, its QR factor Q with R's diagonal made positive, transposed
 * when rows < cols. Gram-Schmidt (twice, in double) yields exactly that Q. */
static int init_orthogonal(struct rng *r, rt_real *w, int rows, int cols)
{
    int M = rows > cols ? rows : cols, N = rows > cols ? cols : rows;
    double *a = malloc(sizeof *a * (size_t)M * N);     /* (M, N) */
    if (!a)
        return RT_ENOMEM;
    for (size_t i = 0; i < (size_t)M * N; i++)
        a[i] = rng_normal(r);
    for (int j = 0; j < N; j++) {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < j; i++) {
                double d = 0;
                for (int k = 0; k < M; k++)
                    d += a[(size_t)k * N + i] * a[(size_t)k * N + j];
                for (int k = 0; k < M; k++)
                    a[(size_t)k * N + j] -= d * a[(size_t)k * N + i];
            }
        }
        double norm = 0;
        for (int k = 0; k < M; k++)
            norm += a[(size_t)k * N + j] * a[(size_t)k * N + j];
        norm = sqrt(norm);
        for (int k = 0; k < M; k++)
            a[(size_t)k * N + j] /= norm;
    }
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            w[(size_t)i * cols + j] = (rt_real)(rows >= cols ? a[(size_t)i * N + j]
                                                               : a[(size_t)j * N + i]);
    free(a);
    return RT_OK;
}

int model_new(const struct model_config *cfg, struct rng *r, struct model **out)
{
    *out = NULL;
    if (model_config_check(cfg) != RT_OK)
        return RT_EINVAL;
    struct model *m = calloc(1, sizeof *m);
    if (!m)
        return RT_ENOMEM;
    m->cfg = *cfg;
    const int u = cfg->units, G = cell_gates(cfg->cell) * u;
    for (int l = 0; l < cfg->layers; l++) {
        add_tensor(m, l, "kernel", 2, l == 0 ? cfg->inputs : u, G);
        add_tensor(m, l, "recurrent_kernel", 2, u, G);
        if (cfg->cell == CELL_GRU)
            add_tensor(m, l, "bias", 2, 2, G);
        else
            add_tensor(m, l, "bias", 1, G, 1);
    }
    add_tensor(m, cfg->layers, "kernel", 2, u, 1);
    add_tensor(m, cfg->layers, "bias", 1, 1, 1);
    m->n_params = model_param_count(cfg);
    assert(m->tensors[m->n_tensors - 1].offset + 1 == m->n_params);
    m->params = calloc(m->n_params, sizeof *m->params);
    if (!m->params) {
        model_free(m);
        return RT_ENOMEM;
    }
    /* Keras builds and initialises layer by layer: kernel, recurrent kernel, bias. */
    for (int l = 0; l < cfg->layers; l++) {
        const struct model_tensor *t = &m->tensors[3 * l];
        init_glorot(r, m->params + t[0].offset, t[0].dims[0], t[0].dims[1]);
        if (init_orthogonal(r, m->params + t[1].offset, t[1].dims[0], t[1].dims[1]) != RT_OK) {
            model_free(m);
            return RT_ENOMEM;
        }
        if (cfg->cell == CELL_LSTM)             /* unit_forget_bias */
            for (int j = u; j < 2 * u; j++)
                m->params[t[2].offset + j] = 1;
    }
    const struct model_tensor *dk = &m->tensors[3 * cfg->layers];
    init_glorot(r, m->params + dk->offset, dk->dims[0], dk->dims[1]);
    *out = m;
    return RT_OK;
}

void model_free(struct model *m)
{
    if (!m)
        return;
    free(m->params);
    free(m);
}

void model_work_free(struct model_work *w)
{
    if (!w)
        return;
    free(w->x);
    for (int l = 0; l < MODEL_MAX_LAYERS; l++) {
        if (w->acts[l].h != w->acts[l].gates)
            free(w->acts[l].h);
        free(w->acts[l].gates);
        free(w->acts[l].q);
        free(w->acts[l].c);
        free(w->acts[l].tc);
    }
    free(w->scratch.dz);
    free(w->scratch.dq);
    free(w->scratch.dh_rec);
    free(w->scratch.dc);
    free(w->scratch.pk);
    free(w->scratch.bias);
    free(w->scratch.gtmp);
    free(w->scratch.dc_t);
    free(w->dx0);
    free(w->dh[0]);
    free(w->dh[1]);
    free(w->pred);
    free(w->dpred);
    free(w->zero);
    free(w);
}

static rt_real *alloc_real(size_t n, int *ok)
{
    rt_real *p = calloc(n ? n : 1, sizeof *p);
    if (!p)
        *ok = 0;
    return p;
}

int model_work_new(const struct model *m, int max_batch, int length, struct model_work **out)
{
    *out = NULL;
    if (max_batch < 1 || length < 1)
        return RT_EINVAL;
    struct model_work *w = calloc(1, sizeof *w);
    if (!w)
        return RT_ENOMEM;
    w->kind = m->cfg.cell;
    w->units = m->cfg.units;
    w->layers = m->cfg.layers;
    w->up = padded_units(m->cfg.units);
    w->max_batch = max_batch;
    w->length = length;
    const size_t rows = (size_t)max_batch * length;
    const size_t up = (size_t)w->up, Gp = (size_t)cell_gates(m->cfg.cell) * up;
    const int u = m->cfg.units;
    const int n_in_max = m->cfg.inputs > u ? m->cfg.inputs : u;
    const enum cell_kind kind = m->cfg.cell;
    int ok = 1;
    w->x = alloc_real(rows * (size_t)m->cfg.inputs, &ok);
    for (int l = 0; l < m->cfg.layers; l++) {
        struct cell_acts *a = &w->acts[l];
        a->gates = alloc_real(rows * Gp, &ok);
        a->h = kind == CELL_RNN ? a->gates : alloc_real(rows * up, &ok);
        if (kind == CELL_GRU)
            a->q = alloc_real(rows * Gp, &ok);
        if (kind == CELL_LSTM) {
            a->c = alloc_real(rows * up, &ok);
            a->tc = alloc_real(rows * up, &ok);
        }
    }
    w->scratch.dz = alloc_real(rows * Gp, &ok);
    if (kind == CELL_GRU)
        w->scratch.dq = alloc_real(rows * Gp, &ok);
    w->scratch.dh_rec = alloc_real((size_t)max_batch * up, &ok);
    w->scratch.dc = alloc_real((size_t)max_batch * up, &ok);
    /* the largest packed weight matrix: W (n_in, Gp), U (u, Gp), U^T and W^T (Gp, up) */
    size_t pk = la_packed_size(n_in_max, (int)Gp);
    w->nip = padded_units(m->cfg.inputs);
    if (la_packed_size((int)Gp, (int)up) > pk)
        pk = la_packed_size((int)Gp, (int)up);
    if (la_packed_size((int)Gp, w->nip) > pk)
        pk = la_packed_size((int)Gp, w->nip);
    w->scratch.pk = alloc_real(pk, &ok);
    w->scratch.bias = alloc_real(2 * Gp, &ok);
    w->scratch.gtmp = alloc_real((size_t)n_in_max * Gp, &ok);
    w->scratch.dc_t = alloc_real((size_t)max_batch * up, &ok);
    w->dx0 = alloc_real(rows * (size_t)w->nip, &ok);
    w->dh[0] = alloc_real(rows * up, &ok);
    w->dh[1] = alloc_real(rows * up, &ok);
    w->pred = alloc_real((size_t)max_batch, &ok);
    w->dpred = alloc_real((size_t)max_batch, &ok);
    w->zero = alloc_real((size_t)max_batch * up, &ok);
    for (int l = 0; l < m->cfg.layers; l++)
        w->acts[l].zero = w->zero;
    if (!ok) {
        model_work_free(w);
        return RT_ENOMEM;
    }
    *out = w;
    return RT_OK;
}

void model_forward(const struct model *m, struct model_work *w,
                   const float *const *x, int batch, rt_real *pred)
{
    assert(batch >= 1 && batch <= w->max_batch);
    const int T = w->length, B = batch, nin = m->cfg.inputs, u = m->cfg.units;
    w->batch = B;
    /* Gather the sequences time-major: row t*B + b. */
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++)
            for (int f = 0; f < nin; f++)
                w->x[((size_t)t * B + b) * nin + f] = x[b][(size_t)t * nin + f];
    const rt_real *in = w->x;
    for (int l = 0; l < m->cfg.layers; l++) {
        struct cell_layer cl = layer_shape(m, l);
        struct cell_params p;
        layer_views(m, l, m->params, &p);
        cell_forward(&cl, &p, in, T, B, &w->acts[l], &w->scratch);
        in = w->acts[l].h;
    }
    /* Dense(1): y = h_T w_d + b_d */
    const struct model_tensor *dk = &m->tensors[3 * m->cfg.layers];
    const rt_real *wd = m->params + dk->offset, bd = m->params[dk[1].offset];
    const rt_real *hl = in + (size_t)(T - 1) * B * w->up;
    for (int b = 0; b < B; b++) {
        rt_real s = bd;
        for (int j = 0; j < u; j++)
            s += hl[(size_t)b * w->up + j] * wd[j];
        w->pred[b] = s;
        pred[b] = s;
    }
}

void model_backward_seeded(const struct model *m, struct model_work *w, const rt_real *dpred,
                           rt_real *grad, const struct model_taps *taps)
{
    const int T = w->length, B = w->batch, u = m->cfg.units, L = m->cfg.layers;
    const struct model_tensor *dk = &m->tensors[3 * L];
    const rt_real *wd = m->params + dk->offset;
    const size_t up = (size_t)w->up;
    const rt_real *hl = w->acts[L - 1].h + (size_t)(T - 1) * B * up;
    rt_real *dh = w->dh[0];
    memset(dh, 0, sizeof *dh * (size_t)T * B * up);
    rt_real *dhl = dh + (size_t)(T - 1) * B * up;
    for (int b = 0; b < B; b++) {
        rt_real dp = dpred[b];
        if (grad) {
            rt_real *gwd = grad + dk->offset, *gbd = grad + dk[1].offset;
            gbd[0] += dp;
            for (int j = 0; j < u; j++)
                gwd[j] += hl[(size_t)b * up + j] * dp;
        }
        for (int j = 0; j < u; j++)
            dhl[(size_t)b * up + j] = dp * wd[j];
    }
    const bool want_dx = taps && taps->dx;
    int cur = 0;
    for (int l = L - 1; l >= 0; l--) {
        struct cell_layer cl = layer_shape(m, l);
        struct cell_params p, g = { NULL, NULL, NULL };
        layer_views(m, l, m->params, &p);
        if (grad)
            layer_views(m, l, grad, &g);
        const rt_real *in = l > 0 ? w->acts[l - 1].h : w->x;
        rt_real *dx = l > 0 ? w->dh[1 - cur] : want_dx ? w->dx0 : NULL;
        const size_t off = (size_t)l * T * B;
        w->scratch.h_norm = taps && taps->h_norm ? taps->h_norm + off : NULL;
        w->scratch.c_norm = taps && taps->c_norm && m->cfg.cell == CELL_LSTM
                            ? taps->c_norm + off : NULL;
        cell_backward(&cl, &p, in, T, B, &w->acts[l], w->dh[cur], dx, grad ? &g : NULL,
                      &w->scratch);
        cur = 1 - cur;
    }
    w->scratch.h_norm = NULL;
    w->scratch.c_norm = NULL;
    if (want_dx) {
        const int nin = m->cfg.inputs;
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++)
                for (int f = 0; f < nin; f++)
                    taps->dx[((size_t)b * T + t) * nin + f] = w->dx0[((size_t)t * B + b) * w->nip + f];
    }
}

double model_backward(const struct model *m, struct model_work *w,
                      const float *y, rt_real scale, rt_real *grad)
{
    double sse = 0;
    for (int b = 0; b < w->batch; b++) {
        rt_real e = w->pred[b] - (rt_real)y[b];
        sse += (double)e * e;
        w->dpred[b] = 2 * scale * e;                      /* d loss / d pred_b */
    }
    model_backward_seeded(m, w, w->dpred, grad, NULL);
    return sse;
}

int model_work_nudge(struct model_work *w, int layer, int b, int t, const char *name,
                     const rt_real *delta)
{
    for (int l = 0; l < w->layers; l++)
        w->acts[l].nudge = NULL;
    if (!delta)
        return RT_OK;
    enum cell_state st;
    if (!strcmp(name, "h"))
        st = CELL_STATE_H;
    else if (!strcmp(name, "c") && w->kind == CELL_LSTM)
        st = CELL_STATE_C;
    else
        return RT_EINVAL;
    if (layer < 0 || layer >= w->layers || b < 0 || b >= w->max_batch || t < 0 || t >= w->length)
        return RT_EINVAL;
    w->nudge = (struct cell_nudge){ .t = t, .b = b, .state = st, .delta = delta };
    w->acts[layer].nudge = &w->nudge;
    return RT_OK;
}

const rt_real *model_work_state(const struct model_work *w, int layer, int b, int t,
                                const char *name)
{
    static const char *const gate_names[CELL_COUNT][4] = {
        [CELL_RNN] = { NULL }, [CELL_LSTM] = { "i", "f", "g", "o" }, [CELL_GRU] = { "z", "r", "n" },
    };
    if (layer < 0 || layer >= w->layers || b < 0 || b >= w->batch || t < 0 || t >= w->length)
        return NULL;
    const struct cell_acts *a = &w->acts[layer];
    const size_t up = (size_t)w->up, Gp = (size_t)cell_gates(w->kind) * up;
    const size_t row = (size_t)t * w->batch + b;
    if (!strcmp(name, "h"))
        return a->h + row * up;
    if (w->kind == CELL_LSTM && !strcmp(name, "c"))
        return a->c + row * up;
    for (int k = 0; k < 4; k++)
        if (gate_names[w->kind][k] && !strcmp(name, gate_names[w->kind][k]))
            return a->gates + row * Gp + (size_t)k * up;
    return NULL;
}
