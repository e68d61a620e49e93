/*
 * weights.h - a model's weights as a portable JSON file, in Keras
 * get_weights() order and shapes, so model.set_weights() takes them.
 *
 * The file (one JSON object, UTF-8):
 *   {"format": "rnntui-weights", "version": 1, "program": "rnntui 0.1.0",
 *    "cell": "LSTM", "units": 30, "layers": 2, "inputs": 2, "dtype": "float32",
 *    "weights": [
 *      {"name": "lstm/kernel", "shape": [2, 120], "data": [[...], [...]]},
 *      {"name": "lstm/recurrent_kernel", "shape": [30, 120], "data": [...]},
 *      {"name": "lstm/bias", "shape": [120], "data": [...]},
 *      ... one triple per recurrent layer ("lstm_1/...", ...), then
 *      {"name": "dense/kernel", "shape": [30, 1], ...},
 *      {"name": "dense/bias", "shape": [1], "data": [0.01]}]}
 * "cell" is the Keras class name (SimpleRNN, LSTM, GRU); a GRU bias has shape
 * [2, 3*units] (reset_after). "data" nests like numpy's tolist(): a list of
 * rows for a 2-D tensor, a flat list for a 1-D one. Every float32 is written
 * with the fewest digits (at most 9, rarely more) that read back as exactly
 * the same float32 through strtof and through Python's float() followed by
 * numpy.float32, so a save/load round trip is bit for bit.
 *
 * The loader is strict: the format tag and version, the architecture, the
 * number, order and shape of the tensors and every value are checked; NaN,
 * Infinity, values beyond float32, a truncated file and text after the
 * object are refused with RT_EFORMAT and a one-line reason. Member order
 * does not matter and unknown members are ignored ("name" is informative).
 */
#ifndef RNNTUI_WEIGHTS_H
#define RNNTUI_WEIGHTS_H

#include <stdbool.h>
#include <stddef.h>

#include "rnntui/model.h"
#include "rnntui/real.h"

#define WEIGHTS_FORMAT "rnntui-weights"
#define WEIGHTS_VERSION 1
#define WEIGHTS_MAX_BYTES ((size_t)1 << 30)     /* the loader refuses larger files */

/* A loaded weights file. Caller-owned struct; release with weights_fini(). */
struct weights {
    struct model_config model;     /* the architecture the file holds */
    size_t n_params;               /* model_param_count(&model) */
    rt_real *params;               /* (n_params,) flat, Keras order, as model->params */
};

/* Writes m's parameters to path as described above, through a temporary
 * file renamed over the target (see iofile.h; an existing regular file is
 * replaced only when force). Returns RT_OK, RT_ENOMEM or RT_EIO with errno
 * set; on failure the target is untouched. */
int  weights_save(const char *path, bool force, const struct model *m);

/* Reads a weights file into *out. Returns RT_OK, RT_ENOMEM, RT_EIO (errno
 * set) or RT_EFORMAT with a one-line reason in why[0..whyn), e.g.
 * "tensor 2 (lstm/bias): shape [90] where [120] is expected". On failure
 * *out holds nothing. */
int  weights_load(const char *path, struct weights *out, char *why, size_t whyn);
/* The same from a buffer (the file's bytes, need not be NUL-terminated). */
int  weights_parse(const char *text, size_t len, struct weights *out, char *why, size_t whyn);
void weights_fini(struct weights *w);            /* accepts a zeroed struct */

/* Checks that w holds the architecture cfg describes. Returns RT_OK, or
 * RT_EFORMAT with a reason such as "the file holds a GRU with 2 layers of 30
 * units and 2 inputs; the configured model is an LSTM with 2 layers of 30
 * units and 2 inputs". */
int  weights_match(const struct weights *w, const struct model_config *cfg,
                   char *why, size_t whyn);

#endif
