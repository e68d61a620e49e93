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
#include "orthogonal.h"

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
    char lname[24];                     /* "simple_rnn_7" at most */
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
/* Looks at *cancel (when not NULL) every 16 rows; RT_OK or RT_ECANCELED. */
static int init_glorot(struct rng *r, rt_real *w, int rows, int cols, const atomic_bool *cancel)
{
    double limit = sqrt(6.0 / (rows + cols));
    for (int i = 0; i < rows; i++) {
        if (i % 16 == 0 && cancel && atomic_load_explicit(cancel, memory_order_relaxed))
            return RT_ECANCELED;
        for (int j = 0; j < cols; j++)
            w[(size_t)i * cols + j] = (rt_real)(-limit + 2.0 * limit * rng_uniform_double(r));
    }
    return RT_OK;
}

int model_alloc(const struct model_config *cfg, struct model **out)
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
    *out = m;
    return RT_OK;
}

int model_init(struct model *m, struct rng *r, const atomic_bool *cancel)
{
    const struct model_config *cfg = &m->cfg;
    const int u = cfg->units;
    /* Keras builds and initialises layer by layer: kernel, recurrent kernel, bias. */
    for (int l = 0; l < cfg->layers; l++) {
        const struct model_tensor *t = &m->tensors[3 * l];
        int st = init_glorot(r, m->params + t[0].offset, t[0].dims[0], t[0].dims[1], cancel);
        if (st == RT_OK)
            st = orthogonal_init(r, m->params + t[1].offset, t[1].dims[0], t[1].dims[1], cancel);
        if (st != RT_OK)
            return st;
        memset(m->params + t[2].offset, 0, sizeof *m->params * t[2].size);
        if (cfg->cell == CELL_LSTM)             /* unit_forget_bias */
            for (int j = u; j < 2 * u; j++)
                m->params[t[2].offset + j] = 1;
    }
    const struct model_tensor *dk = &m->tensors[3 * cfg->layers];
    init_glorot(r, m->params + dk->offset, dk->dims[0], dk->dims[1], NULL);
    m->params[dk[1].offset] = 0;
    return RT_OK;
}

size_t model_init_scratch_bytes(const struct model_config *cfg)
{
    /* the largest recurrent kernel's: they are all (units, k*units) */
    return orthogonal_scratch_bytes(cfg->units, cell_gates(cfg->cell) * cfg->units);
}

int model_new(const struct model_config *cfg, struct rng *r, struct model **out)
{
    int st = model_alloc(cfg, out);
    if (st != RT_OK)
        return st;
    if ((st = model_init(*out, r, NULL)) != RT_OK) {
        model_free(*out);
        *out = NULL;
    }
    return st;
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

/* Values of each buffer of a workspace: model_work_new() allocates these,
 * model_work_bytes() adds them up. 0: not allocated for this cell. */
struct work_sizes {
    size_t x;                           /* (T, B, inputs) */
    size_t gates, h, q, c, tc;          /* per layer; h 0 when it aliases gates */
    size_t dz, dq, dh_rec, dc, pk, bias, gtmp, dh, pred, zero;
    size_t dc_t, dx0, dpred;            /* the gradient-flow taps and the seeded pass */
};

static void work_sizes(const struct model_config *cfg, int max_batch, int length,
                       struct work_sizes *z)
{
    const size_t rows = (size_t)max_batch * length;
    const size_t up = (size_t)padded_units(cfg->units), Gp = (size_t)cell_gates(cfg->cell) * up;
    const int n_in_max = cfg->inputs > cfg->units ? cfg->inputs : cfg->units;
    const enum cell_kind kind = cfg->cell;
    memset(z, 0, sizeof *z);
    z->x = rows * (size_t)cfg->inputs;
    z->gates = rows * Gp;
    z->h = kind == CELL_RNN ? 0 : rows * up;
    z->q = kind == CELL_GRU ? rows * Gp : 0;
    z->c = z->tc = kind == CELL_LSTM ? rows * up : 0;
    z->dz = rows * Gp;
    z->dq = kind == CELL_GRU ? rows * Gp : 0;
    z->dh_rec = z->dc = (size_t)max_batch * up;
    /* the largest packed weight matrix: W (n_in, Gp), U (u, Gp), U^T and W^T
     * (Gp, up), and layer 0's W^T (Gp, nip) */
    const int nip = padded_units(cfg->inputs);
    z->pk = la_packed_size(n_in_max, (int)Gp);
    if (la_packed_size((int)Gp, (int)up) > z->pk)
        z->pk = la_packed_size((int)Gp, (int)up);
    if (la_packed_size((int)Gp, nip) > z->pk)
        z->pk = la_packed_size((int)Gp, nip);
    z->bias = 2 * Gp;
    z->gtmp = (size_t)n_in_max * Gp;
    z->dh = rows * up;                  /* two of them */
    z->pred = (size_t)max_batch;
    z->zero = (size_t)max_batch * up;
    z->dc_t = (size_t)max_batch * up;
    z->dx0 = rows * (size_t)nip;
    z->dpred = (size_t)max_batch;
}

size_t model_work_bytes(const struct model_config *cfg, int max_batch, int length)
{
    struct work_sizes z;
    work_sizes(cfg, max_batch, length, &z);
    /* alloc_real() asks for at least one value */
#define WB(n) (((n) ? (n) : 1) * sizeof(rt_real))
    size_t layer = WB(z.gates) + (z.h ? WB(z.h) : 0) + (z.q ? WB(z.q) : 0)
                   + (z.c ? WB(z.c) + WB(z.tc) : 0);
    size_t n = sizeof(struct model_work) + WB(z.x) + (size_t)cfg->layers * layer
               + WB(z.dz) + (z.dq ? WB(z.dq) : 0) + WB(z.dh_rec) + WB(z.dc) + WB(z.pk)
               + WB(z.bias) + WB(z.gtmp) + 2 * WB(z.dh) + WB(z.pred) + WB(z.zero)
               + WB(z.dc_t) + WB(z.dx0) + WB(z.dpred);
#undef WB
    return n;
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
    struct work_sizes z;
    work_sizes(&m->cfg, max_batch, length, &z);
    int ok = 1;
    w->x = alloc_real(z.x, &ok);
    for (int l = 0; l < m->cfg.layers; l++) {
        struct cell_acts *a = &w->acts[l];
        a->gates = alloc_real(z.gates, &ok);
        a->h = z.h ? alloc_real(z.h, &ok) : a->gates;
        if (z.q)
            a->q = alloc_real(z.q, &ok);
        if (z.c) {
            a->c = alloc_real(z.c, &ok);
            a->tc = alloc_real(z.tc, &ok);
        }
    }
    w->scratch.dz = alloc_real(z.dz, &ok);
    if (z.dq)
        w->scratch.dq = alloc_real(z.dq, &ok);
    w->scratch.dh_rec = alloc_real(z.dh_rec, &ok);
    w->scratch.dc = alloc_real(z.dc, &ok);
    w->scratch.pk = alloc_real(z.pk, &ok);
    w->scratch.bias = alloc_real(z.bias, &ok);
    w->scratch.gtmp = alloc_real(z.gtmp, &ok);
    w->scratch.dc_t = alloc_real(z.dc_t, &ok);
    w->nip = padded_units(m->cfg.inputs);
    w->dx0 = alloc_real(z.dx0, &ok);
    w->dh[0] = alloc_real(z.dh, &ok);
    w->dh[1] = alloc_real(z.dh, &ok);
    w->pred = alloc_real(z.pred, &ok);
    w->dpred = alloc_real(z.dpred, &ok);
    w->zero = alloc_real(z.zero, &ok);
    for (int l = 0; l < m->cfg.layers; l++)
        w->acts[l].zero = w->zero;
    if (!ok) {
        model_work_free(w);
        return RT_ENOMEM;
    }
    *out = w;
    return RT_OK;
}

void model_work_set_cancel(struct model_work *w, const atomic_bool *cancel)
{
    w->scratch.cancel = cancel;
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
