/* Gradient flow and saliency (gradflow.h), on the backward pass that the
 * gradient checks verify: model_backward_seeded() with its taps. */
#include "config.h"

#include "rnntui/gradflow.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/status.h"
#include "gradflow_impl.h"

struct gradflow_work {
    int length, layers;
    struct model_work *w;
    bool owns_w;            /* false: borrowed (gradflow_impl.h) */
    double *h_norm;         /* (layers, T, GRADFLOW_CHUNK) */
    double *c_norm;         /* LSTM: the same; else NULL */
    rt_real *dx;            /* (GRADFLOW_CHUNK, T, inputs) */
    rt_real pred[GRADFLOW_CHUNK], dpred[GRADFLOW_CHUNK];
    float *value;           /* (GRADFLOW_CHUNK, T) saliency of a chunk */
};

void gradflow_probe_range(int samples, int *first, int *count)
{
    struct data_split sp;
    data_split(samples, &sp);
    int n = sp.val_end - sp.val_begin;
    *first = sp.val_begin;
    *count = n < GRADFLOW_PROBE_SAMPLES ? n : GRADFLOW_PROBE_SAMPLES;
}

size_t gradflow_record_values(const struct model_config *cfg, int length)
{
    return (size_t)cfg->layers * (size_t)length * (cfg->cell == CELL_LSTM ? 2 : 1);
}

void gradflow_work_free(struct gradflow_work *g)
{
    if (!g)
        return;
    if (g->owns_w)
        model_work_free(g->w);
    free(g->h_norm);
    free(g->c_norm);
    free(g->dx);
    free(g->value);
    free(g);
}

int gradflow_work_new(const struct model *m, int length, struct model_work *borrow,
                      struct gradflow_work **out)
{
    *out = NULL;
    if (length < 1)
        return RT_EINVAL;
    struct gradflow_work *g = calloc(1, sizeof *g);
    if (!g)
        return RT_ENOMEM;
    g->length = length;
    g->layers = m->cfg.layers;
    const size_t norms = (size_t)m->cfg.layers * length * GRADFLOW_CHUNK;
    int st = RT_OK;
    if (borrow) {
        g->w = borrow;
    } else {
        st = model_work_new(m, GRADFLOW_CHUNK, length, &g->w);
        g->owns_w = st == RT_OK;
    }
    g->h_norm = calloc(norms, sizeof *g->h_norm);
    if (m->cfg.cell == CELL_LSTM)
        g->c_norm = calloc(norms, sizeof *g->c_norm);
    g->dx = calloc((size_t)GRADFLOW_CHUNK * length * m->cfg.inputs, sizeof *g->dx);
    g->value = calloc((size_t)GRADFLOW_CHUNK * length, sizeof *g->value);
    if (st == RT_OK && (!g->h_norm || (m->cfg.cell == CELL_LSTM && !g->c_norm) ||
                        !g->dx || !g->value))
        st = RT_ENOMEM;
    if (st != RT_OK) {
        gradflow_work_free(g);
        return st;
    }
    *out = g;
    return RT_OK;
}

/* Sums over the n sequences of the chunk of norms (layers, T, n). */
static void sum_norms(const double *norms, int layers, int T, int n, double *sum)
{
    for (size_t lt = 0; lt < (size_t)layers * T; lt++) {
        double s = 0;
        for (int b = 0; b < n; b++)
            s += norms[lt * n + b];
        sum[lt] = s;
    }
}

void gradflow_work_flow(struct gradflow_work *g, const struct model *m, const float *const *x,
                        const float *y, int n, double *h_sum, double *c_sum)
{
    model_forward(m, g->w, x, n, g->pred);
    for (int b = 0; b < n; b++)                       /* L = (yhat - y)^2 per sample */
        g->dpred[b] = 2 * (g->pred[b] - (rt_real)y[b]);
    const bool lstm = m->cfg.cell == CELL_LSTM && c_sum;
    struct model_taps taps = { .h_norm = g->h_norm, .c_norm = lstm ? g->c_norm : NULL };
    model_backward_seeded(m, g->w, g->dpred, NULL, &taps);
    sum_norms(g->h_norm, g->layers, g->length, n, h_sum);
    if (lstm)
        sum_norms(g->c_norm, g->layers, g->length, n, c_sum);
}

void gradflow_work_saliency(struct gradflow_work *g, const struct model *m,
                            const float *const *x, int n, float *value, float *marker)
{
    const int T = g->length, nin = m->cfg.inputs;
    model_forward(m, g->w, x, n, g->pred);
    for (int b = 0; b < n; b++)
        g->dpred[b] = 1;                              /* d yhat / d yhat */
    struct model_taps taps = { .dx = g->dx };
    model_backward_seeded(m, g->w, g->dpred, NULL, &taps);
    for (int b = 0; b < n; b++) {
        for (int t = 0; t < T; t++) {
            const rt_real *d = g->dx + ((size_t)b * T + t) * nin;
            value[(size_t)b * T + t] = (float)fabs((double)d[1]);
            if (marker)
                marker[(size_t)b * T + t] = (float)fabs((double)d[0]);
        }
    }
}

int gradflow_work_marked(struct gradflow_work *g, const struct model *m,
                         const struct data_set *set, int first, int n)
{
    const int T = g->length;
    const size_t stride = (size_t)T * DATA_FEATURES;
    const float *x[GRADFLOW_CHUNK] = { NULL };
    for (int b = 0; b < n; b++)
        x[b] = set->x + (size_t)(first + b) * stride;
    gradflow_work_saliency(g, m, x, n, g->value, NULL);
    int k = 0;
    for (int b = 0; b < n; b++)
        k += gradflow_looks_at_marked(g->value + (size_t)b * T, x[b], T);
    return k;
}

static int check_range(const struct model *m, const struct data_set *set, int first, int count)
{
    if (count < 1 || first < 0 || first > set->samples - count || set->length < 1 ||
        m->cfg.inputs != DATA_FEATURES)
        return RT_EINVAL;
    return RT_OK;
}

int gradflow_measure(const struct model *m, const struct data_set *set, int first, int count,
                     float *h, float *c)
{
    if (check_range(m, set, first, count) != RT_OK)
        return RT_EINVAL;
    const int T = set->length, L = m->cfg.layers;
    const bool lstm = m->cfg.cell == CELL_LSTM && c;
    const size_t lt = (size_t)L * T;
    struct gradflow_work *g;
    int st = gradflow_work_new(m, T, NULL, &g);
    if (st != RT_OK)
        return st;
    double *sum = calloc(4 * lt, sizeof *sum);    /* h total, c total, h chunk, c chunk */
    if (!sum) {
        gradflow_work_free(g);
        return RT_ENOMEM;
    }
    const size_t stride = (size_t)T * DATA_FEATURES;
    for (int k = 0; k < count; k += GRADFLOW_CHUNK) {
        const int n = count - k < GRADFLOW_CHUNK ? count - k : GRADFLOW_CHUNK;
        const float *x[GRADFLOW_CHUNK];
        for (int b = 0; b < n; b++)
            x[b] = set->x + (size_t)(first + k + b) * stride;
        gradflow_work_flow(g, m, x, set->y + first + k, n, sum + 2 * lt, lstm ? sum + 3 * lt : NULL);
        for (size_t i = 0; i < lt; i++) {
            sum[i] += sum[2 * lt + i];
            if (lstm)
                sum[lt + i] += sum[3 * lt + i];
        }
    }
    for (size_t i = 0; i < lt; i++) {
        h[i] = (float)(sum[i] / count);
        if (lstm)
            c[i] = (float)(sum[lt + i] / count);
    }
    free(sum);
    gradflow_work_free(g);
    return RT_OK;
}

int gradflow_saliency(const struct model *m, const float *x, int length, float *value,
                      float *marker)
{
    if (length < 1 || m->cfg.inputs != DATA_FEATURES)
        return RT_EINVAL;
    struct gradflow_work *g;
    int st = gradflow_work_new(m, length, NULL, &g);
    if (st != RT_OK)
        return st;
    gradflow_work_saliency(g, m, &x, 1, value, marker);
    gradflow_work_free(g);
    return RT_OK;
}

/* The two largest of v[0..n) (ties: the earlier step), *a > *b by value. */
static void top_two(const float *v, int n, int *a, int *b)
{
    *a = -1;
    *b = -1;
    for (int t = 0; t < n; t++) {
        if (*a < 0 || v[t] > v[*a]) {
            *b = *a;
            *a = t;
        } else if (*b < 0 || v[t] > v[*b]) {
            *b = t;
        }
    }
}

/* The first two steps of x with marker 1 (-1 when missing). */
static void marked_steps(const float *x, int n, int *m1, int *m2)
{
    *m1 = *m2 = -1;
    for (int t = 0; t < n; t++) {
        if (x[(size_t)t * DATA_FEATURES] == 1.0f) {
            if (*m1 < 0)
                *m1 = t;
            else if (*m2 < 0)
                *m2 = t;
        }
    }
}

int gradflow_looks_at_marked(const float *value, const float *x, int length)
{
    int a, b, m1, m2;
    if (length < 2)
        return 0;
    top_two(value, length, &a, &b);
    marked_steps(x, length, &m1, &m2);
    if (m1 < 0 || m2 < 0)
        return 0;
    return (a == m1 && b == m2) || (a == m2 && b == m1);
}

int gradflow_marked_share(const struct model *m, const struct data_set *set, int first,
                          int count, double *share, int *n_marked)
{
    if (check_range(m, set, first, count) != RT_OK)
        return RT_EINVAL;
    struct gradflow_work *g;
    int st = gradflow_work_new(m, set->length, NULL, &g);
    if (st != RT_OK)
        return st;
    int k = 0;
    for (int i = 0; i < count; i += GRADFLOW_CHUNK)
        k += gradflow_work_marked(g, m, set, first + i,
                                  count - i < GRADFLOW_CHUNK ? count - i : GRADFLOW_CHUNK);
    gradflow_work_free(g);
    *n_marked = k;
    *share = 100.0 * k / count;
    return RT_OK;
}

void gradflow_describe(const float *value, const float *x, int length, char *buf, size_t n)
{
    int a, b, m1, m2;
    if (length < 2) {
        snprintf(buf, n, "looks at its only step");
        return;
    }
    top_two(value, length, &a, &b);
    marked_steps(x, length, &m1, &m2);
    int lo = a < b ? a : b, hi = a < b ? b : a;
    if (m1 >= 0 && m2 >= 0 && lo == m1 && hi == m2) {
        snprintf(buf, n, "looks at steps %d and %d (the marked ones)", lo + 1, hi + 1);
        return;
    }
    double total = 0, tail = 0;
    for (int t = 0; t < length; t++)
        total += value[t];
    int k = 0;
    while (k < length && total > 0 && tail < 0.8 * total)
        tail += value[length - 1 - k++];
    if (total > 0 && k <= length / 2) {
        snprintf(buf, n, "looks at the last %d step%s", k, k == 1 ? "" : "s");
        return;
    }
    if (m1 >= 0 && m2 >= 0)
        snprintf(buf, n, "looks at steps %d and %d most, not the marked %d and %d",
                 lo + 1, hi + 1, m1 + 1, m2 + 1);
    else
        snprintf(buf, n, "looks at steps %d and %d most", lo + 1, hi + 1);
}
