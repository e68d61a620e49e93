/*
 * gradflow_impl.h - the per-thread pieces of gradflow.h (internal to the
 * core), shared by its single-threaded functions and the training job's
 * pool, so that both compute the same numbers the same way.
 *
 * Work is cut into chunks of GRADFLOW_CHUNK sequences; a chunk's sums are
 * formed in sequence order and chunks are added in chunk order, so the
 * result does not depend on the number of threads.
 */
#ifndef RNNTUI_GRADFLOW_IMPL_H
#define RNNTUI_GRADFLOW_IMPL_H

#include "rnntui/gradflow.h"

#define GRADFLOW_CHUNK 16

/* A workspace for chunks of up to GRADFLOW_CHUNK sequences of `length`
 * steps. Its model_work is its own, or borrowed: the training job lends
 * each thread's scratch workspace (activations are rewritten by every
 * forward pass, so nothing of training is kept there), which keeps the
 * probe from evicting training's working set from the caches. */
struct gradflow_work;

/* borrow: NULL, or a model_work of m for at least GRADFLOW_CHUNK sequences
 * of `length` steps, kept (not freed) by the caller and used by nothing
 * else while this workspace runs. Returns RT_OK, RT_EINVAL or RT_ENOMEM. */
int  gradflow_work_new(const struct model *m, int length, struct model_work *borrow,
                       struct gradflow_work **out);
void gradflow_work_free(struct gradflow_work *g);           /* accepts NULL */

/* Gradient flow of one chunk of n sequences x[i] with targets y[i]:
 * h_sum (layers, T) = sum over the chunk of ||dL/dh_t||, c_sum (layers, T)
 * the same for ||dL/dc_t|| when the cell is LSTM and c_sum is not NULL
 * (both overwritten). */
void gradflow_work_flow(struct gradflow_work *g, const struct model *m, const float *const *x,
                        const float *y, int n, double *h_sum, double *c_sum);

/* Saliency of one chunk: value (n, T) and, unless NULL, marker (n, T). */
void gradflow_work_saliency(struct gradflow_work *g, const struct model *m,
                            const float *const *x, int n, float *value, float *marker);

/* Of one chunk of samples [first, first + n) of set: how many look at the
 * marked steps. */
int  gradflow_work_marked(struct gradflow_work *g, const struct model *m,
                          const struct data_set *set, int first, int n);

#endif
