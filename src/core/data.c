#include "config.h"

#include "rnntui/data.h"

#include <stdlib.h>
#include <string.h>

#include "rnntui/status.h"

int data_config_check(const struct data_config *cfg)
{
    if (cfg->samples < DATA_MIN_SAMPLES || cfg->samples > DATA_MAX_SAMPLES)
        return RT_EINVAL;
    if (cfg->length < DATA_MIN_LENGTH || cfg->length > DATA_MAX_LENGTH)
        return RT_EINVAL;
    /* The whole set must stay addressable with int indices. */
    if ((long long)cfg->samples * cfg->length * DATA_FEATURES > 1LL << 31)
        return RT_EINVAL;
    return RT_OK;
}

int data_generate(const struct data_config *cfg, struct rng *r, struct data_set *out)
{
    return data_generate_cancel(cfg, r, NULL, out);
}

/* Steps generated between two looks at the cancel flag: about a
 * millisecond at the longest length. */
#define DATA_CANCEL_STEPS 100000

int data_generate_cancel(const struct data_config *cfg, struct rng *r,
                         const atomic_bool *cancel, struct data_set *out)
{
    memset(out, 0, sizeof *out);
    if (data_config_check(cfg) != RT_OK)
        return RT_EINVAL;
    size_t n = (size_t)cfg->samples, t = (size_t)cfg->length;
    float *x = calloc(n * t * DATA_FEATURES, sizeof *x);
    float *y = malloc(n * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return RT_ENOMEM;
    }
    size_t since = 0;                   /* steps since the last look */
    for (size_t i = 0; i < n; i++) {
        if ((since += t) >= DATA_CANCEL_STEPS) {
            since = 0;
            if (cancel && atomic_load_explicit(cancel, memory_order_relaxed)) {
                free(x);
                free(y);
                return RT_ECANCELED;
            }
        }
        float *xi = x + i * t * DATA_FEATURES;     /* (t, 2) */
        for (size_t s = 0; s < t; s++)
            xi[s * DATA_FEATURES + 1] = rng_uniform(r);
        /* Two distinct marked steps, uniform without replacement. */
        uint32_t a = rng_below(r, (uint32_t)t);
        uint32_t b = rng_below(r, (uint32_t)t - 1);
        if (b >= a)
            b++;
        xi[a * DATA_FEATURES + 0] = 1.0f;
        xi[b * DATA_FEATURES + 0] = 1.0f;
        y[i] = xi[a * DATA_FEATURES + 1] * xi[b * DATA_FEATURES + 1];
    }
    out->samples = cfg->samples;
    out->length = cfg->length;
    out->x = x;
    out->y = y;
    return RT_OK;
}

void data_fini(struct data_set *set)
{
    free(set->x);
    free(set->y);
    memset(set, 0, sizeof *set);
}

void data_split(int samples, struct data_split *out)
{
    int fit = (int)((long long)samples * 2560 / 3000);
    int split_at = (int)((double)fit * (1.0 - 0.2));   /* as Keras validation_split */
    out->train_begin = 0;
    out->train_end = split_at;
    out->val_begin = split_at;
    out->val_end = fit;
    out->test_begin = fit;
    out->test_end = samples;
}
