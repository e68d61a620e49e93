/* PCG32 (XSH-RR variant) after O'Neill, "PCG: A Family of Simple Fast
 * Space-Efficient Statistically Good Algorithms for Random Number Generation". */
#include "config.h"

#include "rnntui/rng.h"

#include <math.h>

#define PCG_MULT 6364136223846793005ULL

void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
    r->state = 0;
    r->inc = (stream << 1) | 1u;
    (void)rng_u32(r);
    r->state += seed;
    (void)rng_u32(r);
}

uint32_t rng_u32(struct rng *r)
{
    uint64_t old = r->state;
    r->state = old * PCG_MULT + r->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
    uint32_t rot = (uint32_t)(old >> 59);
    return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
}

float rng_uniform(struct rng *r)
{
    return (float)(rng_u32(r) >> 8) * (1.0f / 16777216.0f);
}

double rng_uniform_double(struct rng *r)
{
    uint64_t hi = rng_u32(r) >> 5;      /* 27 bits */
    uint64_t lo = rng_u32(r) >> 6;      /* 26 bits */
    return (double)((hi << 26) | lo) * (1.0 / 9007199254740992.0);
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
    /* Lemire's rejection-free-in-practice method, made exact by rejection. */
    uint32_t threshold = (uint32_t)(-n) % n;
    for (;;) {
        uint32_t x = rng_u32(r);
        if (x >= threshold)
            return x % n;
    }
}

double rng_normal(struct rng *r)
{
    double u1;
    do
        u1 = rng_uniform_double(r);
    while (u1 <= 0.0);
    double u2 = rng_uniform_double(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586476925 * u2);
}

void rng_shuffle(struct rng *r, int *idx, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rng_below(r, (uint32_t)i + 1);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
}
