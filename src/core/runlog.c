#include "config.h"

#include "rnntui/runlog.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rnntui/cell.h"
#include "rnntui/data.h"
#include "rnntui/model.h"
#include "rnntui/status.h"
#include "iofile_impl.h"
#include "runlog_impl.h"

struct runlog {
    int fd;
    char *path;            /* the file written (links followed) */
    enum runlog_format fmt;
    bool regular;          /* a regular file: a failed write is cut back */
    off_t good;            /* bytes of whole records written */
    int rows;              /* epoch rows written */
    bool final_done;
    int err;               /* errno of the first failed write, or 0 */
};

/* ---- the text buffer ---- */

void runlog_buf_printf(struct runlog_buf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = b->cap - b->n;
        int k = vsnprintf(b->p ? b->p + b->n : NULL, room, fmt, ap);
        va_end(ap);
        if (k < 0) {
            b->oom = true;
            return;
        }
        if ((size_t)k < room) {
            b->n += (size_t)k;
            return;
        }
        size_t ncap = b->cap ? b->cap * 2 : 256;
        while (ncap < b->n + (size_t)k + 1)
            ncap *= 2;
        char *np = realloc(b->p, ncap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = ncap;
    }
}

void runlog_buf_fini(struct runlog_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- records ---- */

/* A float as a JSON value: the shortest exact decimal, or null. */
static const char *runlog_json_float(char *buf, float v)
{
    if (!isfinite(v))
        return "null";
    iofile_fmt_float(buf, v);
    return buf;
}

static const char *runlog_json_double(char *buf, double v)
{
    if (!isfinite(v))
        return "null";
    iofile_fmt_double(buf, v);
    return buf;
}

static void runlog_header(struct runlog_buf *b, enum runlog_format fmt,
                          const struct train_config *cfg, bool loaded)
{
    if (fmt == RUNLOG_CSV) {
        runlog_buf_printf(b, "epoch,loss,val_loss,seconds\n");
        return;
    }
    char lr[IOFILE_NUM_MAX];
    struct data_split sp;
    data_split(cfg->data.samples, &sp);
    runlog_buf_printf(b,
        "{\"record\": \"config\", \"program\": \"%s\", \"version\": \"%s\", \"format\": %d, "
        "\"cell\": \"%s\", \"units\": %d, \"layers\": %d, \"inputs\": %d, \"params\": %zu, "
        "\"epochs\": %d, \"batch_size\": %d, \"learning_rate\": %s, "
        "\"samples\": %d, \"length\": %d, \"seed\": %" PRIu64 ", \"threads\": %d, "
        "\"init\": \"%s\", %s"
        "\"split\": {\"train\": %d, \"validation\": %d, \"test\": %d}}\n",
        PACKAGE_NAME, PACKAGE_VERSION, RUNLOG_FORMAT_VERSION,
        cell_name(cfg->model.cell), cfg->model.units, cfg->model.layers, cfg->model.inputs,
        model_param_count(&cfg->model), cfg->epochs, cfg->batch_size,
        runlog_json_double(lr, cfg->learning_rate), cfg->data.samples, cfg->data.length,
        cfg->seed, cfg->threads, loaded ? "loaded" : "keras",
        cfg->gradients ? "\"gradients\": true, " : "",
        sp.train_end - sp.train_begin, sp.val_end - sp.val_begin, sp.test_end - sp.test_begin);
}

/* A gradient-flow record (gradflow.h), (layers, T) each, JSONL only:
 * , "gradient_flow": {"h": [[...], ...], "c": [[...], ...]} */
struct runlog_flow {
    int layers, length;
    const float *h, *c;           /* c NULL unless LSTM; h NULL: no record */
};

static void runlog_flow_rows(struct runlog_buf *b, const char *name, const float *v, int layers,
                             int length)
{
    char num[IOFILE_NUM_MAX];
    runlog_buf_printf(b, "\"%s\": [", name);
    for (int l = 0; l < layers; l++) {
        runlog_buf_printf(b, "%s[", l ? ", " : "");
        for (int t = 0; t < length; t++)
            runlog_buf_printf(b, "%s%s", t ? ", " : "",
                              runlog_json_float(num, v[(size_t)l * length + t]));
        runlog_buf_printf(b, "]");
    }
    runlog_buf_printf(b, "]");
}

static void runlog_flow_field(struct runlog_buf *b, const struct runlog_flow *f)
{
    if (!f || !f->h)
        return;
    runlog_buf_printf(b, ", \"gradient_flow\": {");
    runlog_flow_rows(b, "h", f->h, f->layers, f->length);
    if (f->c) {
        runlog_buf_printf(b, ", ");
        runlog_flow_rows(b, "c", f->c, f->layers, f->length);
    }
    runlog_buf_printf(b, "}");
}

static void runlog_epoch_record(struct runlog_buf *b, enum runlog_format fmt, int epoch,
                                float loss, float val_loss, float seconds,
                                const struct runlog_flow *flow)
{
    char l[IOFILE_NUM_MAX], v[IOFILE_NUM_MAX], s[IOFILE_NUM_MAX];
    if (fmt == RUNLOG_CSV) {
        iofile_fmt_float(l, loss);
        iofile_fmt_float(v, val_loss);
        iofile_fmt_float(s, seconds);
        runlog_buf_printf(b, "%d,%s,%s,%s\n", epoch, l, v, s);
        return;
    }
    runlog_buf_printf(b, "{\"record\": \"epoch\", \"epoch\": %d, \"loss\": %s, \"val_loss\": %s, "
                         "\"seconds\": %s",
                      epoch, runlog_json_float(l, loss), runlog_json_float(v, val_loss),
                      runlog_json_float(s, seconds));
    runlog_flow_field(b, flow);
    runlog_buf_printf(b, "}\n");
}

/* The JSONL final record; nothing for CSV. */
static void runlog_final_record(struct runlog_buf *b, enum runlog_format fmt,
                                enum runlog_status st, int epochs_done, int diverged_epoch,
                                const struct train_result *r)
{
    if (fmt == RUNLOG_CSV)
        return;
    runlog_buf_printf(b, "{\"record\": \"final\", \"status\": \"%s\", \"epochs_done\": %d",
                      runlog_status_name(st), epochs_done);
    if (st == RUNLOG_DIVERGED && diverged_epoch > 0)
        runlog_buf_printf(b, ", \"diverged_epoch\": %d", diverged_epoch);
    if (st == RUNLOG_DONE && r) {
        char a[IOFILE_NUM_MAX], c[IOFILE_NUM_MAX], d[IOFILE_NUM_MAX];
        runlog_buf_printf(b, ", \"test_loss\": %s, \"correctness\": %s, \"n_test\": %d, "
                             "\"n_correct\": %d, \"table\": [",
                          runlog_json_double(a, r->test_loss),
                          runlog_json_double(c, r->correctness), r->n_test, r->n_correct);
        for (int i = 0; i < r->table_rows && i < TRAIN_TABLE_ROWS; i++) {
            float diff = fabsf(r->prediction[i] - r->target[i]);
            runlog_buf_printf(b, "%s{\"target\": %s, \"prediction\": %s, \"diff\": %s}",
                              i ? ", " : "", runlog_json_float(a, r->target[i]),
                              runlog_json_float(c, r->prediction[i]), runlog_json_float(d, diff));
        }
        runlog_buf_printf(b, "]");
        if (r->has_gradients) {
            runlog_buf_printf(b, ", \"marked_share\": %s, \"n_marked\": %d",
                              runlog_json_double(a, r->marked_share), r->n_marked);
            const struct runlog_flow f = { r->flow_layers, r->flow_length, r->flow_h, r->flow_c };
            runlog_flow_field(b, &f);
        }
    }
    runlog_buf_printf(b, "}\n");
}

/* Epoch i's record of a per-epoch array (epochs, layers, T), or a NULL one;
 * a NaN row (an epoch a log did not record) is no record. */
static struct runlog_flow runlog_flow_at(int layers, int length, const float *h, const float *c,
                                         int i)
{
    const size_t lt = (size_t)layers * length;
    struct runlog_flow f = { layers, length, NULL, NULL };
    if (h && !isnan(h[(size_t)i * lt])) {
        f.h = h + (size_t)i * lt;
        f.c = c ? c + (size_t)i * lt : NULL;
    }
    return f;
}

/* ---- the live writer ---- */

/* Writes one whole record; on failure cuts the file back to its last whole
 * record and remembers the error. */
static int runlog_put(struct runlog *log, struct runlog_buf *b)
{
    if (log->err) {
        errno = log->err;
        return RT_EIO;
    }
    if (b->oom)
        return RT_ENOMEM;
    size_t done = 0;
    while (done < b->n) {
        ssize_t w = write(log->fd, b->p + done, b->n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            if (log->regular && done > 0 && ftruncate(log->fd, log->good) == 0)
                lseek(log->fd, log->good, SEEK_SET);
            log->err = e;
            errno = e;
            return RT_EIO;
        }
        done += (size_t)w;
    }
    log->good += (off_t)b->n;
    return RT_OK;
}

int runlog_open(const char *path, enum runlog_format fmt, bool force,
                const struct train_config *cfg, struct runlog **out)
{
    *out = NULL;
    char *target = iofile_resolve(path);      /* a link is written through */
    if (!target)
        return errno == ENOMEM ? RT_ENOMEM : RT_EIO;
    struct stat st;
    bool exists = stat(target, &st) == 0;
    int fd;
    if (exists && S_ISDIR(st.st_mode))
        fd = (errno = EISDIR, -1);
    else if (exists && !S_ISREG(st.st_mode))
        fd = iofile_open_in_place(target);
    else
        fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL), 0666);
    if (fd < 0) {
        int e = errno;
        free(target);
        errno = e;
        return RT_EIO;
    }
    struct runlog *log = calloc(1, sizeof *log);
    if (!log) {
        close(fd);
        free(target);
        return RT_ENOMEM;
    }
    log->fd = fd;
    log->fmt = fmt;
    log->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);

    struct runlog_buf b = { 0 };
    locale_t old = iofile_locale_push();
    runlog_header(&b, fmt, cfg, cfg->init_params != NULL);
    iofile_locale_pop(old);
    int rc = runlog_put(log, &b);
    runlog_buf_fini(&b);
    if (rc != RT_OK) {
        int e = errno;
        close(fd);
        if (log->regular)
            unlink(target);
        free(target);
        free(log);
        errno = e;
        return rc;
    }
    log->path = target;
    *out = log;
    return RT_OK;
}

static enum runlog_status runlog_status_of(struct train_job *job, int state, int *diverged)
{
    *diverged = 0;
    switch (state) {
    case TRAIN_DONE:
        return RUNLOG_DONE;
    case TRAIN_CANCELLED:
        return RUNLOG_CANCELLED;
    case TRAIN_FAILED: {
        struct train_snapshot s;
        train_job_snapshot(job, &s);
        *diverged = s.diverged_epoch;
        return s.diverged_epoch > 0 ? RUNLOG_DIVERGED : RUNLOG_FAILED;
    }
    default:
        return RUNLOG_RUNNING;
    }
}

int runlog_sync(struct runlog *log, struct train_job *job)
{
    if (log->err) {
        errno = log->err;
        return RT_EIO;
    }
    if (log->final_done)
        return RT_OK;
    const struct train_progress *p = train_job_progress(job);
    /* The state first: once it says the job ended, every epoch is published. */
    int state = atomic_load_explicit(&((struct train_progress *)p)->state, memory_order_acquire);
    int done = atomic_load_explicit(&((struct train_progress *)p)->epochs_done, memory_order_acquire);
    int rc = RT_OK;
    locale_t old = iofile_locale_push();
    while (rc == RT_OK && log->rows < done) {
        int i = log->rows;
        struct runlog_buf b = { 0 };
        const struct runlog_flow f = runlog_flow_at(p->flow_layers, p->flow_length, p->flow_h,
                                                    p->flow_c, i);
        runlog_epoch_record(&b, log->fmt, i, p->loss[i], p->val_loss[i], p->seconds[i], &f);
        rc = runlog_put(log, &b);
        runlog_buf_fini(&b);
        if (rc == RT_OK)
            log->rows++;
    }
    int diverged;
    enum runlog_status st = runlog_status_of(job, state, &diverged);
    if (rc == RT_OK && st != RUNLOG_RUNNING) {
        struct runlog_buf b = { 0 };
        runlog_final_record(&b, log->fmt, st, log->rows, diverged,
                            st == RUNLOG_DONE ? train_job_result(job) : NULL);
        if (b.n || b.oom)
            rc = runlog_put(log, &b);
        runlog_buf_fini(&b);
        if (rc == RT_OK)
            log->final_done = true;
    }
    iofile_locale_pop(old);
    return rc;
}

int runlog_rows(const struct runlog *log)
{
    return log->rows;
}

int runlog_close(struct runlog *log)
{
    if (!log)
        return RT_OK;
    int e = log->err;
    if (close(log->fd) != 0 && !e)
        e = errno;
    free(log->path);
    free(log);
    if (e) {
        errno = e;
        return RT_EIO;
    }
    return RT_OK;
}

void runlog_discard(struct runlog *log)
{
    if (!log)
        return;
    if (log->regular)
        unlink(log->path);
    runlog_close(log);
}

/* ---- whole runs ---- */

void runlog_data_fini(struct runlog_data *d)
{
    free(d->loss);
    free(d->val_loss);
    free(d->seconds);
    free(d->flow_h);
    free(d->flow_c);
    if (d->has_result) {
        free(d->result.flow_h);
        free(d->result.flow_c);
    }
    memset(d, 0, sizeof *d);
}

static float *runlog_dup_floats(const float *src, size_t n)
{
    float *p = malloc((n ? n : 1) * sizeof *p);
    if (p && n)
        memcpy(p, src, n * sizeof *p);
    return p;
}

/* The first `epochs` per-epoch gradient-flow records of a job. */
static int runlog_copy_flow(struct runlog_data *out, const struct train_progress *p, int epochs)
{
    const size_t n = (size_t)epochs * p->flow_layers * p->flow_length;
    out->flow_layers = p->flow_layers;
    out->flow_length = p->flow_length;
    out->flow_h = runlog_dup_floats(p->flow_h, n);
    if (p->flow_c)
        out->flow_c = runlog_dup_floats(p->flow_c, n);
    return out->flow_h && (!p->flow_c || out->flow_c) ? RT_OK : RT_ENOMEM;
}

int runlog_data_from_job(struct train_job *job, struct runlog_data *out)
{
    memset(out, 0, sizeof *out);
    const struct train_config *cfg = train_job_config(job);
    const struct train_progress *p = train_job_progress(job);
    int state = atomic_load_explicit(&((struct train_progress *)p)->state, memory_order_acquire);
    int done = atomic_load_explicit(&((struct train_progress *)p)->epochs_done, memory_order_acquire);
    out->format = RUNLOG_JSONL;
    out->has_config = true;
    out->config = *cfg;
    out->config.init_params = NULL;
    out->loaded_weights = cfg->init_params != NULL;
    snprintf(out->version, sizeof out->version, "%s", PACKAGE_VERSION);
    size_t n = done > 0 ? (size_t)done : 1;
    out->loss = malloc(n * sizeof *out->loss);
    out->val_loss = malloc(n * sizeof *out->val_loss);
    out->seconds = malloc(n * sizeof *out->seconds);
    if (!out->loss || !out->val_loss || !out->seconds) {
        runlog_data_fini(out);
        return RT_ENOMEM;
    }
    for (int i = 0; i < done; i++) {
        out->loss[i] = p->loss[i];
        out->val_loss[i] = p->val_loss[i];
        out->seconds[i] = p->seconds[i];
    }
    out->epochs = done;
    if (p->flow_h && runlog_copy_flow(out, p, done) != RT_OK) {
        runlog_data_fini(out);
        return RT_ENOMEM;
    }
    out->status = runlog_status_of(job, state, &out->diverged_epoch);
    if (out->status == RUNLOG_DONE) {
        const struct train_result *r = train_job_result(job);
        out->has_result = true;
        out->result = *r;
        out->result.test_prediction = NULL;
        out->result.flow_h = out->result.flow_c = NULL;
        if (r->has_gradients) {
            const size_t lt = (size_t)r->flow_layers * r->flow_length;
            out->result.flow_h = runlog_dup_floats(r->flow_h, lt);
            out->result.flow_c = r->flow_c ? runlog_dup_floats(r->flow_c, lt) : NULL;
            if (!out->result.flow_h || (r->flow_c && !out->result.flow_c)) {
                runlog_data_fini(out);
                return RT_ENOMEM;
            }
        }
    }
    return RT_OK;
}

int runlog_write(const char *path, enum runlog_format fmt, bool force,
                 const struct runlog_data *d)
{
    if (fmt == RUNLOG_JSONL && !d->has_config)
        return RT_EINVAL;
    struct runlog_buf b = { 0 };
    locale_t old = iofile_locale_push();
    runlog_header(&b, fmt, &d->config, d->loaded_weights);
    for (int i = 0; i < d->epochs; i++) {
        const struct runlog_flow f = runlog_flow_at(d->flow_layers, d->flow_length, d->flow_h,
                                                    d->flow_c, i);
        runlog_epoch_record(&b, fmt, i, d->loss[i], d->val_loss[i], d->seconds[i], &f);
    }
    if (d->status != RUNLOG_RUNNING)
        runlog_final_record(&b, fmt, d->status, d->epochs, d->diverged_epoch,
                            d->has_result ? &d->result : NULL);
    iofile_locale_pop(old);
    if (b.oom) {
        runlog_buf_fini(&b);
        return RT_ENOMEM;
    }
    struct iofile f;
    int rc = iofile_begin(&f, path, force);
    if (rc == RT_OK) {
        if (fwrite(b.p, 1, b.n, f.fp) != b.n) {
            iofile_abort(&f);
            rc = RT_EIO;
        } else {
            rc = iofile_commit(&f);
        }
    }
    runlog_buf_fini(&b);
    return rc;
}
