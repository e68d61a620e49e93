/*
 * pool.h - a persistent team of worker threads (internal to the core).
 *
 * pool_run(p, fn, ctx) calls fn(ctx, i) once for every i in [0, threads):
 * i = 0 on the calling thread, the others on the pool's threads, and returns
 * when all have returned. Which i does which work is the caller's fixed
 * choice, so results never depend on scheduling. The pool's threads block
 * every signal. Owned by whoever calls pool_new(); pool_free() joins them.
 */
#ifndef RNNTUI_POOL_H
#define RNNTUI_POOL_H

#include <stddef.h>

struct pool;

/* Returns RT_OK, RT_ENOMEM or RT_ETHREAD. */
int  pool_new(int threads, struct pool **out);
void pool_free(struct pool *p);                     /* accepts NULL */
/* Bytes pool_new(threads) allocates (the threads' stacks aside). */
size_t pool_bytes(int threads);
int  pool_threads(const struct pool *p);
void pool_run(struct pool *p, void (*fn)(void *ctx, int i), void *ctx);

#endif
