#include "config.h"

#include "pool.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>

#include "rnntui/status.h"

struct pool {
    pthread_mutex_t mu;
    pthread_cond_t start;               /* generation advanced or quit */
    pthread_cond_t done;                /* pending reached zero */
    unsigned long generation;
    int pending;                        /* helpers still running this generation */
    bool quit;
    void (*fn)(void *ctx, int i);
    void *ctx;
    int threads;                        /* including the caller */
    int started;                        /* helper threads created */
    struct pool_helper {
        struct pool *pool;
        int index;
        pthread_t tid;
    } *helpers;                         /* (threads - 1) */
};

static void *helper_main(void *arg)
{
    struct pool_helper *h = arg;
    struct pool *p = h->pool;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->generation == seen && !p->quit)
            pthread_cond_wait(&p->start, &p->mu);
        if (p->quit)
            break;
        seen = p->generation;
        void (*fn)(void *, int) = p->fn;
        void *ctx = p->ctx;
        pthread_mutex_unlock(&p->mu);
        fn(ctx, h->index);
        pthread_mutex_lock(&p->mu);
        if (--p->pending == 0)
            pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int pool_new(int threads, struct pool **out)
{
    *out = NULL;
    if (threads < 1)
        threads = 1;
    struct pool *p = calloc(1, sizeof *p);
    if (!p)
        return RT_ENOMEM;
    p->threads = threads;
    p->helpers = calloc((size_t)threads, sizeof *p->helpers);
    if (!p->helpers) {
        free(p);
        return RT_ENOMEM;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->start, NULL);
    pthread_cond_init(&p->done, NULL);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int status = RT_OK;
    for (int i = 1; i < threads; i++) {
        p->helpers[i - 1].pool = p;
        p->helpers[i - 1].index = i;
        if (pthread_create(&p->helpers[i - 1].tid, NULL, helper_main, &p->helpers[i - 1])) {
            status = RT_ETHREAD;
            break;
        }
        p->started++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (status != RT_OK) {
        pool_free(p);
        return status;
    }
    *out = p;
    return RT_OK;
}

void pool_free(struct pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->start);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->started; i++)
        pthread_join(p->helpers[i].tid, NULL);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->start);
    pthread_mutex_destroy(&p->mu);
    free(p->helpers);
    free(p);
}

size_t pool_bytes(int threads)
{
    if (threads < 1)
        threads = 1;
    return sizeof(struct pool) + (size_t)threads * sizeof(struct pool_helper);
}

int pool_threads(const struct pool *p)
{
    return p->threads;
}

void pool_run(struct pool *p, void (*fn)(void *ctx, int i), void *ctx)
{
    if (p->threads > 1) {
        pthread_mutex_lock(&p->mu);
        p->fn = fn;
        p->ctx = ctx;
        p->pending = p->threads - 1;
        p->generation++;
        pthread_cond_broadcast(&p->start);
        pthread_mutex_unlock(&p->mu);
    }
    fn(ctx, 0);
    if (p->threads > 1) {
        pthread_mutex_lock(&p->mu);
        while (p->pending > 0)
            pthread_cond_wait(&p->done, &p->mu);
        pthread_mutex_unlock(&p->mu);
    }
}
