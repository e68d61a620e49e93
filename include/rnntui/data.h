/*
 * data.h - the multiplication problem of Hochreiter & Schmidhuber (1997).
 *
 * Each sample is a sequence of `length` steps with two features: a marker
 * (0 or 1) and a value uniform in [0, 1). Exactly two distinct steps carry
 * marker 1; the target is the product of their values. The split follows
 * Keras fit(X[:fit], Y[:fit], validation_split=0.2) with
 * fit = floor(samples * 2560 / 3000) and split_at = floor(fit * (1 - 0.2))
 * computed in double as Keras does: train = [0, split_at),
 * validation = [split_at, fit), test = [fit, samples).
 * Defaults give 2048 / 512 / 440.
 */
#ifndef RNNTUI_DATA_H
#define RNNTUI_DATA_H

#include <stdatomic.h>
#include <stddef.h>

#include "rnntui/rng.h"

#define DATA_FEATURES 2
#define DATA_DEFAULT_SAMPLES 3000
#define DATA_DEFAULT_LENGTH 100
#define DATA_MIN_LENGTH 2
#define DATA_MAX_LENGTH 100000
#define DATA_MIN_SAMPLES 10      /* smallest N whose split leaves every part non-empty */
#define DATA_MAX_SAMPLES 10000000

struct data_config {
    int samples;       /* N */
    int length;        /* T */
};

struct data_set {
    int samples, length;
    float *x;          /* (samples, length, DATA_FEATURES), row-major as numpy */
    float *y;          /* (samples,) */
};

struct data_split {
    int train_begin, train_end;     /* [begin, end) sample indices */
    int val_begin, val_end;
    int test_begin, test_end;
};

/* Checks cfg: RT_OK or RT_EINVAL. */
int  data_config_check(const struct data_config *cfg);
/* Fills *out (caller-owned struct) from r. On success *out owns its buffers;
 * release with data_fini(). Returns RT_OK, RT_EINVAL or RT_ENOMEM. */
int  data_generate(const struct data_config *cfg, struct rng *r, struct data_set *out);
/* The same, looking at *cancel (when not NULL) every few thousand samples:
 * also returns RT_ECANCELED, with *out then holding nothing. */
int  data_generate_cancel(const struct data_config *cfg, struct rng *r,
                          const atomic_bool *cancel, struct data_set *out);
void data_fini(struct data_set *set);                 /* accepts a zeroed set */
/* The Keras-style split of `samples` samples. */
void data_split(int samples, struct data_split *out);

#endif
