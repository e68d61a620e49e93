/*
 * gradflow.h - why the gates win: gradient flow and saliency (DESIGN.md 9).
 *
 * Two measurements of a trained (or training) model, both computed with the
 * backward pass that the gradient checks verify (model_backward_seeded() in
 * model.h), on the caller's own workspace, never on the training state:
 *
 * Gradient flow. For the probe set P, the first GRADFLOW_PROBE_SAMPLES
 * validation samples (all of them if there are fewer), and for each
 * recurrent layer l (0 = bottom) and step t = 1..T:
 *     g_l(t) = mean over P of ||dL/dh_t||_2,   L = (yhat - y)^2 per sample,
 * where dL/dh_t is the total gradient reaching layer l's output h_t: from the
 * layer above at step t (the dense head, for the top layer at t = T) and
 * through the recurrence from step t + 1. LSTM also gives the mean of
 * ||dL/dc_t||_2, the total gradient reaching the cell state c_t (through
 * h_t and through c_{t+1}). Arrays are (layers, T) row-major, index
 * l * T + (t - 1). The headline number is the ratio g_l(1) / g_l(T).
 *
 * Saliency. For one sequence x (T, 2): s(t) = |d yhat / d x_t,value| and
 * m(t) = |d yhat / d x_t,marker|. A sample "looks at the marked steps" when
 * the two largest s(t) are exactly its two marked steps (marker 1). The
 * marked-steps share of a set is the percentage of its samples for which
 * that holds.
 *
 * The training job records the gradient flow after every epoch when
 * train_config.gradients is set (train.h: train_progress.flow_*), and then
 * also the final gradient flow and the test set's marked-steps share
 * (train_result.flow_*, marked_share). Recording never changes training:
 * weights are bit-identical with and without it.
 *
 * Everything here is curses-free and thread-safe on distinct outputs; the
 * model is only read.
 */
#ifndef RNNTUI_GRADFLOW_H
#define RNNTUI_GRADFLOW_H

#include <stddef.h>

#include "rnntui/data.h"
#include "rnntui/model.h"

#define GRADFLOW_PROBE_SAMPLES 64
/* At most this many values in a job's per-epoch record
 * (epochs x layers x T, twice that for LSTM); train_config_check() refuses
 * more. 4194304 floats are 16 MiB in memory and stay below the log reader's
 * RUNLOG_MAX_BYTES in a JSON Lines log. */
#define GRADFLOW_MAX_VALUES ((size_t)1 << 22)

/* The probe set of DESIGN.md 9 for a data set of `samples` samples:
 * [*first, *first + *count) = the first min(64, validation size) samples of
 * the validation part. */
void gradflow_probe_range(int samples, int *first, int *count);

/* Values one per-epoch record holds: layers x T, twice that for LSTM. */
size_t gradflow_record_values(const struct model_config *cfg, int length);

/* Gradient flow of m over samples [first, first + count) of set (count >= 1),
 * single-threaded: h (layers, T) gets the mean ||dL/dh_t||, c (layers, T)
 * the mean ||dL/dc_t|| for LSTM (c may be NULL; it is left untouched for
 * the other cells). Returns RT_OK, RT_EINVAL or RT_ENOMEM. */
int gradflow_measure(const struct model *m, const struct data_set *set, int first, int count,
                     float *h, float *c);

/* Saliency of m for one sequence x (length, DATA_FEATURES) as in struct
 * data_set: value[t] = |d yhat / d x_t,value|, marker[t] = |d yhat /
 * d x_t,marker| (marker may be NULL), t = 0..length-1. This is what the
 * state view calls on the trained model. Returns RT_OK, RT_EINVAL or
 * RT_ENOMEM. */
int gradflow_saliency(const struct model *m, const float *x, int length,
                      float *value, float *marker);

/* True when the two largest of value[0..length) (ties: the earlier step)
 * are the two steps of x (length, DATA_FEATURES) whose marker is 1. */
int gradflow_looks_at_marked(const float *value, const float *x, int length);

/* Marked-steps share over samples [first, first + count) of set: *share
 * gets the percentage (0..100), *n_marked the count. Single-threaded.
 * Returns RT_OK, RT_EINVAL or RT_ENOMEM. */
int gradflow_marked_share(const struct model *m, const struct data_set *set, int first,
                          int count, double *share, int *n_marked);

/* A one-line reading of a saliency row for the state view, into buf, e.g.
 * "looks at steps 35 and 90 (the marked ones)", "looks at the last 8 steps"
 * or "looks at steps 12 and 99 most, not the marked 35 and 90". Steps are
 * 1-based. The rule: the two largest value[t] are the marked steps; else the
 * shortest run of last steps that holds 80 % of the sum of value[], when it
 * is at most half the sequence; else the two largest steps. */
void gradflow_describe(const float *value, const float *x, int length, char *buf, size_t n);

#endif
