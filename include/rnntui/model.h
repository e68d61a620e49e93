/*
 * model.h - the network: stacked recurrent layers and a Dense(1) head.
 *
 * Keras semantics: layer 0 reads the (length, 2) sequence and returns its
 * whole output sequence, every later recurrent layer reads the one below it
 * and the last one returns only its final state, which feeds Dense(1) with a
 * linear output. Cell equations, gate order and initialisers are Keras's
 * (TF2 defaults): see cell.h.
 *
 * All parameters sit in one flat rt_real block in Keras get_weights() order:
 * for each recurrent layer kernel (n_in, k*units), recurrent_kernel
 * (units, k*units), bias (k*units,) or, for GRU, (2, k*units); then the dense
 * kernel (units, 1) and bias (1,). Every tensor is row-major. Gradients and
 * optimiser moments use the same layout, so updates are single loops.
 *
 * Forward and backward passes work on a struct model_work, a per-thread
 * workspace sized for a batch and a sequence length; the model itself is only
 * read while they run, so several threads may share it.
 */
#ifndef RNNTUI_MODEL_H
#define RNNTUI_MODEL_H

#include <stdatomic.h>
#include <stddef.h>

#include "rnntui/cell.h"
#include "rnntui/real.h"
#include "rnntui/rng.h"

#define MODEL_MIN_UNITS 1
#define MODEL_MAX_UNITS 1024
#define MODEL_MIN_LAYERS 1
#define MODEL_MAX_LAYERS 8
#define MODEL_DEFAULT_UNITS 30
#define MODEL_DEFAULT_LAYERS 2
#define MODEL_MAX_TENSORS (3 * MODEL_MAX_LAYERS + 2)

struct model_config {
    enum cell_kind cell;
    int units;          /* per recurrent layer */
    int layers;         /* recurrent layers */
    int inputs;         /* features per step (2 for the task) */
};

/* One tensor of the flat block, as Keras get_weights() lists it. */
struct model_tensor {
    char name[48];      /* e.g. "lstm/kernel", "lstm_1/recurrent_kernel", "dense/bias" */
    int layer;          /* 0..layers-1, or layers for the dense head */
    int ndim;           /* 1 or 2 */
    int dims[2];        /* dims[1] is 1 when ndim == 1 */
    size_t offset;      /* into the flat block */
    size_t size;        /* dims[0] * dims[1] */
};

struct model {
    struct model_config cfg;
    size_t n_params;
    rt_real *params;                /* (n_params,) flat, Keras order */
    int n_tensors;
    struct model_tensor tensors[MODEL_MAX_TENSORS];
};

/* Checks ranges: RT_OK or RT_EINVAL. */
int    model_config_check(const struct model_config *cfg);
/* Parameter count of a layer / of the whole model (no allocation). */
size_t model_layer_params(const struct model_config *cfg, int layer);
size_t model_param_count(const struct model_config *cfg);
/* Keras layer name of recurrent layer i ("lstm", "lstm_1", ...) into buf. */
void   model_layer_name(const struct model_config *cfg, int layer, char *buf, size_t n);

/* A new model initialised as Keras does (glorot_uniform kernels, orthogonal
 * recurrent kernels, zero biases, LSTM forget bias 1), drawing from r.
 * On success *out owns its buffers; release with model_free().
 * Returns RT_OK, RT_EINVAL or RT_ENOMEM. */
int  model_new(const struct model_config *cfg, struct rng *r, struct model **out);
void model_free(struct model *m);                    /* accepts NULL */
/* model_new() in two steps, for a caller that may skip the initialisers
 * (weights loaded from a file) or cancel them. model_alloc(): the layout
 * and zero parameters; RT_OK, RT_EINVAL or RT_ENOMEM. model_init(): the
 * Keras initialisers as model_new() runs them, drawing from r; it looks at
 * *cancel (when not NULL) every few milliseconds and returns RT_OK,
 * RT_ENOMEM or RT_ECANCELED (the parameters then hold garbage). */
int  model_alloc(const struct model_config *cfg, struct model **out);
int  model_init(struct model *m, struct rng *r, const atomic_bool *cancel);
/* Bytes model_init() allocates for a while (the orthogonal initialiser's
 * scratch), and bytes of a workspace for model_work_new(m, max_batch, length):
 * both exact, without the allocator's own overhead. */
size_t model_init_scratch_bytes(const struct model_config *cfg);
size_t model_work_bytes(const struct model_config *cfg, int max_batch, int length);

/* Per-thread workspace for up to max_batch sequences of `length` steps. */
struct model_work;
int  model_work_new(const struct model *m, int max_batch, int length, struct model_work **out);
void model_work_free(struct model_work *w);          /* accepts NULL */
/* Makes the passes on w look at *cancel (or nothing, for NULL) at every
 * step: once it is set, model_forward() and model_backward() return early
 * with meaningless results, which the caller then drops. */
void model_work_set_cancel(struct model_work *w, const atomic_bool *cancel);

/* Forward pass of `batch` sequences; x[i] points at sequence i, laid out
 * (length, inputs) as in struct data_set. Writes pred[0..batch). Keeps the
 * activations in w for model_backward(). */
void model_forward(const struct model *m, struct model_work *w,
                   const float *const *x, int batch, rt_real *pred);

/* Backward pass through time for the last model_forward() on w, for the
 * loss scale * sum_i (pred_i - y_i)^2. Adds the gradient to grad (n_params,).
 * Returns sum_i (pred_i - y_i)^2 in double. */
double model_backward(const struct model *m, struct model_work *w,
                      const float *y, rt_real scale, rt_real *grad);

/* What a backward pass can report besides the parameter gradient (every
 * pointer may be NULL; gradflow.h builds on it). Norms are Euclidean, per
 * sequence, summed in double over the rt_real values the pass uses.
 *   h_norm (layers, T, B): ||d/dh_t|| of layer l, step t, sequence b, index
 *          (l * T + t) * B + b: the total gradient reaching h_t, from the
 *          layer above at t and through the recurrence from t + 1;
 *   c_norm (layers, T, B): LSTM only, ||d/dc_t||, the total gradient
 *          reaching c_t (through h_t and through c_{t+1});
 *   dx     (B, T, inputs): the gradient w.r.t. the input sequences, laid out
 *          as model_forward()'s x. */
struct model_taps {
    double *h_norm;
    double *c_norm;
    rt_real *dx;
};

/* Backward pass through time for the last model_forward() on w, seeded with
 * dpred[b] = d objective / d pred_b (so dpred = 1 gives d pred / d
 * everything). Adds the parameter gradient to grad (n_params,), unless grad
 * is NULL (then only the taps are computed, faster), and fills the taps
 * that are not NULL (taps may be NULL). model_backward() is this
 * with dpred[b] = 2 scale (pred_b - y_b). */
void model_backward_seeded(const struct model *m, struct model_work *w, const rt_real *dpred,
                           rt_real *grad, const struct model_taps *taps);

/* A test hook, for finite differences with respect to a state: every later
 * model_forward() on w adds delta (units,) to state `name` ("h", or "c" for
 * LSTM) of recurrent layer `layer`, sequence b, step t (0-based) right after
 * computing it, so the layer above and the later steps see the nudged
 * value. delta is borrowed until the nudge is removed with delta = NULL.
 * Returns RT_OK or RT_EINVAL (a bad index or name). */
int model_work_nudge(struct model_work *w, int layer, int b, int t, const char *name,
                     const rt_real *delta);

/* Per-step internal state of the last model_forward() on w, for the state
 * view: layer l, sequence b, step t. Which names exist depends on the cell:
 * "h" always; LSTM "c", "i", "f", "g", "o"; GRU "z", "r", "n".
 * Returns a pointer to `units` values, or NULL for an unknown name. */
const rt_real *model_work_state(const struct model_work *w, int layer, int b, int t,
                                const char *name);

#endif
