/*
 * io_util.h - helpers of the file tests (test_runlog, test_weights,
 * test_npy, test_plot): a scratch directory removed at exit, whole-file
 * reads, string replacement and a tiny training run.
 */
#ifndef RNNTUI_TESTS_IO_UTIL_H
#define RNNTUI_TESTS_IO_UTIL_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rnntui/status.h"
#include "rnntui/train.h"

static char io_dir[256];

static inline int io_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static inline void io_cleanup(void)
{
    if (io_dir[0])
        nftw(io_dir, io_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Makes the scratch directory; exits 99 (setup error) when it cannot. */
static inline void io_setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(io_dir, sizeof io_dir, "%s/rnntui-io-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(io_dir)) {
        perror("mkdtemp");
        exit(99);
    }
    atexit(io_cleanup);
}

/* A path inside the scratch directory (a rotating static buffer). */
static inline const char *io_path(const char *name)
{
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", io_dir, name);
    return buf[k];
}

/* The whole file, NUL-terminated, or NULL; *len gets its size. */
static inline char *io_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    size_t r;
    while (b && (r = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (n + 1 == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    fclose(f);
    if (b)
        b[n] = '\0';
    if (len)
        *len = n;
    return b;
}

static inline int io_write(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(text, 1, len, f);
    return fclose(f) == 0 && w == len ? 0 : -1;
}

/* text with the first `from` replaced by `to` (malloc'ed), or NULL when
 * `from` does not occur. */
static inline char *io_replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (!at)
        return NULL;
    size_t a = (size_t)(at - text), f = strlen(from), t = strlen(to), n = strlen(text);
    char *s = malloc(n - f + t + 1);
    if (!s)
        return NULL;
    memcpy(s, text, a);
    memcpy(s + a, to, t);
    memcpy(s + a + t, at + f, n - a - f + 1);
    return s;
}

/* A tiny configuration that trains in milliseconds. */
static inline void io_tiny_config(struct train_config *c, enum cell_kind kind, int epochs)
{
    train_config_default(c);
    c->model.cell = kind;
    c->model.units = 4;
    c->model.layers = 2;
    c->data.samples = 120;
    c->data.length = 8;
    c->epochs = epochs;
    c->batch_size = 16;
    c->threads = 1;
    c->seed = 5;
}

/* Runs a job to its end; returns the job (caller frees) or NULL. */
static inline struct train_job *io_run(const struct train_config *c)
{
    struct train_job *job;
    if (train_job_start(c, &job) != RT_OK)
        return NULL;
    train_job_join(job);
    return job;
}

#endif
