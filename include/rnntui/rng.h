/*
 * rng.h - the project's one random number generator (PCG32, XSH-RR).
 *
 * Every random draw of the core (data, initialisers, shuffling) comes from a
 * struct rng seeded from the user's seed and a stream number, so that a seed
 * reproduces the same data and run everywhere. The caller owns the struct;
 * it holds no resources.
 */
#ifndef RNNTUI_RNG_H
#define RNNTUI_RNG_H

#include <stdint.h>

struct rng {
    uint64_t state;
    uint64_t inc;      /* odd; selects the stream */
};

/* Streams used by the trainer: the same seed gives the same data whatever
 * the model, and the same shuffles whatever the initialiser consumed. */
enum rng_stream { RNG_STREAM_DATA = 1, RNG_STREAM_INIT = 2, RNG_STREAM_SHUFFLE = 3 };

void     rng_seed(struct rng *r, uint64_t seed, uint64_t stream);
uint32_t rng_u32(struct rng *r);
/* Uniform in [0, 1) with 24 random bits (every value exactly a float). */
float    rng_uniform(struct rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double   rng_uniform_double(struct rng *r);
/* Uniform integer in [0, n), unbiased; n > 0. */
uint32_t rng_below(struct rng *r, uint32_t n);
/* Standard normal (Box-Muller, no cached second value). */
double   rng_normal(struct rng *r);
/* Fisher-Yates shuffle of idx[0..n). */
void     rng_shuffle(struct rng *r, int *idx, int n);

#endif
