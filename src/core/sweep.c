/*
 * sweep.c - sweep specs, plans, the runner of run lists and the reduction
 * per point. See sweep.h.
 */
#include "config.h"

#include "rnntui/sweep.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/cell.h"
#include "rnntui/data.h"
#include "rnntui/model.h"
#include "rnntui/number.h"
#include "rnntui/status.h"

/* ---- axes ---- */

static const struct {
    const char *name, *tag;
    uint64_t lo, hi;               /* the option's range (integer axes) */
} axes[SWEEP_AXES] = {
    [SWEEP_CELL]    = { "cell", "", 0, 0 },
    [SWEEP_UNITS]   = { "units", "units", MODEL_MIN_UNITS, MODEL_MAX_UNITS },
    [SWEEP_LAYERS]  = { "layers", "layers", MODEL_MIN_LAYERS, MODEL_MAX_LAYERS },
    [SWEEP_LENGTH]  = { "length", "length", DATA_MIN_LENGTH, DATA_MAX_LENGTH },
    [SWEEP_SAMPLES] = { "samples", "samples", DATA_MIN_SAMPLES, DATA_MAX_SAMPLES },
    [SWEEP_EPOCHS]  = { "epochs", "epochs", 0, TRAIN_MAX_EPOCHS },
    [SWEEP_BATCH]   = { "batch-size", "batch", 1, INT32_MAX },
    [SWEEP_LR]      = { "learning-rate", "lr", 0, 0 },
    [SWEEP_SEED]    = { "seed", "seed", 0, UINT64_MAX },
};

const char *sweep_axis_name(enum sweep_axis a)
{
    return a >= 0 && a < SWEEP_AXES ? axes[a].name : "?";
}

const char *sweep_axis_tag(enum sweep_axis a)
{
    return a >= 0 && a < SWEEP_AXES ? axes[a].tag : "?";
}

int sweep_axis_parse(const char *s, enum sweep_axis *out)
{
    for (int a = 0; a < SWEEP_AXES; a++)
        if (!strcmp(s, axes[a].name) || (axes[a].tag[0] && !strcmp(s, axes[a].tag))) {
            *out = (enum sweep_axis)a;
            return RT_OK;
        }
    return RT_EINVAL;
}

struct sweep_value sweep_axis_get(const struct train_config *cfg, enum sweep_axis a)
{
    struct sweep_value v = { 0, 0 };
    switch (a) {
    case SWEEP_CELL:    v.i = (uint64_t)cfg->model.cell; break;
    case SWEEP_UNITS:   v.i = (uint64_t)cfg->model.units; break;
    case SWEEP_LAYERS:  v.i = (uint64_t)cfg->model.layers; break;
    case SWEEP_LENGTH:  v.i = (uint64_t)cfg->data.length; break;
    case SWEEP_SAMPLES: v.i = (uint64_t)cfg->data.samples; break;
    case SWEEP_EPOCHS:  v.i = (uint64_t)cfg->epochs; break;
    case SWEEP_BATCH:   v.i = (uint64_t)cfg->batch_size; break;
    case SWEEP_LR:      v.x = cfg->learning_rate; break;
    case SWEEP_SEED:    v.i = cfg->seed; break;
    case SWEEP_AXES:    break;
    }
    return v;
}

void sweep_axis_set(struct train_config *cfg, enum sweep_axis a, struct sweep_value v)
{
    switch (a) {
    case SWEEP_CELL:    cfg->model.cell = (enum cell_kind)v.i; break;
    case SWEEP_UNITS:   cfg->model.units = (int)v.i; break;
    case SWEEP_LAYERS:  cfg->model.layers = (int)v.i; break;
    case SWEEP_LENGTH:  cfg->data.length = (int)v.i; break;
    case SWEEP_SAMPLES: cfg->data.samples = (int)v.i; break;
    case SWEEP_EPOCHS:  cfg->epochs = (int)v.i; break;
    case SWEEP_BATCH:   cfg->batch_size = (int)v.i; break;
    case SWEEP_LR:      cfg->learning_rate = v.x; break;
    case SWEEP_SEED:    cfg->seed = v.i; break;
    case SWEEP_AXES:    break;
    }
}

void sweep_value_text(enum sweep_axis a, struct sweep_value v, bool tag, char *buf, size_t n)
{
    if (a == SWEEP_CELL) {
        const char *name = cell_name((enum cell_kind)v.i);
        size_t k = 0;
        for (; name[k] && k + 1 < n; k++)
            buf[k] = tag ? (char)tolower((unsigned char)name[k]) : name[k];
        if (n)
            buf[k] = '\0';
    } else if (a == SWEEP_LR) {
        snprintf(buf, n, "%.17g", v.x);
        /* The shortest text that reads back as the same double. */
        for (int p = 1; p <= 17; p++) {
            char t[40];
            snprintf(t, sizeof t, "%.*g", p, v.x);
            if (strtod(t, NULL) == v.x) {
                snprintf(buf, n, "%s", t);
                break;
            }
        }
    } else {
        snprintf(buf, n, "%" PRIu64, v.i);
    }
}

int sweep_value_cmp(enum sweep_axis a, struct sweep_value p, struct sweep_value q)
{
    if (a == SWEEP_LR)
        return p.x < q.x ? -1 : p.x > q.x ? 1 : 0;
    return p.i < q.i ? -1 : p.i > q.i ? 1 : 0;
}

/* ---- the spec ---- */

void sweep_spec_init(struct sweep_spec *s)
{
    memset(s, 0, sizeof *s);
}

void sweep_spec_fini(struct sweep_spec *s)
{
    for (int k = 0; k < s->n_axes; k++)
        free(s->values[k]);
    memset(s, 0, sizeof *s);
}

bool sweep_spec_has(const struct sweep_spec *s, enum sweep_axis a)
{
    for (int k = 0; k < s->n_axes; k++)
        if (s->axis[k] == a)
            return true;
    return false;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int say(char *why, size_t n, const char *fmt, ...)
{
    if (why && n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, n, fmt, ap);
        va_end(ap);
    }
    return RT_EINVAL;
}

/* A whole unsigned decimal integer, nothing before or after it. */
static bool parse_u64(const char *s, const char *end, uint64_t *out)
{
    if (s == end || !isdigit((unsigned char)*s))
        return false;
    uint64_t v = 0;
    for (; s < end; s++) {
        if (!isdigit((unsigned char)*s))
            return false;
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

/* What an axis allows, for messages. */
static void allowed_text(enum sweep_axis a, char *buf, size_t n)
{
    if (a == SWEEP_CELL)
        snprintf(buf, n, "rnn (or simplernn), lstm or gru");
    else if (a == SWEEP_LR)
        snprintf(buf, n, "numbers greater than 0 and at most 1e6");
    else
        snprintf(buf, n, "integers from %" PRIu64 " to %" PRIu64 " or ranges a..b", axes[a].lo,
                 axes[a].hi);
}

/* Parses item [s, e) of axis a into v[0..*count), growing it; a..b ranges
 * for integer axes. */
static int parse_item(enum sweep_axis a, const char *s, const char *e, struct sweep_value **v,
                      int *count, int *cap, char *why, size_t n)
{
    char item[128], allowed[96];
    snprintf(item, sizeof item, "%.*s", (int)(e - s < 100 ? e - s : 100), s);
    allowed_text(a, allowed, sizeof allowed);
    uint64_t lo, hi;
    struct sweep_value one = { 0, 0 };
    if (s == e)
        return say(why, n, "empty value in --sweep %s=: expected %s, separated by commas",
                   axes[a].name, allowed);
    if (a == SWEEP_CELL) {
        enum cell_kind k;
        if (e - s >= (long)sizeof item || cell_parse(item, &k) != RT_OK)
            return say(why, n, "invalid value '%s' for --sweep %s: expected %s", item, axes[a].name, allowed);
        one.i = (uint64_t)k;
        lo = hi = 0;
    } else if (a == SWEEP_LR) {
        char *end;
        errno = 0;
        double x = number_is_decimal(item, true) ? strtod(item, &end) : NAN;
        if (isnan(x) || errno || *end || !isfinite(x) || !(x > 0) || x > 1e6 || e - s >= 100)
            return say(why, n, "invalid value '%s' for --sweep %s: expected %s", item, axes[a].name, allowed);
        one.x = x;
        lo = hi = 0;
    } else {
        const char *dots = NULL;
        for (const char *p = s; p + 1 < e; p++)
            if (p[0] == '.' && p[1] == '.') {
                dots = p;
                break;
            }
        bool ok = dots ? parse_u64(s, dots, &lo) && parse_u64(dots + 2, e, &hi)
                       : parse_u64(s, e, &lo);
        if (!dots)
            hi = lo;
        if (!ok)
            return say(why, n, "invalid value '%s' for --sweep %s: expected %s", item, axes[a].name, allowed);
        if (lo < axes[a].lo || hi > axes[a].hi || lo > hi) {
            if (lo > hi)
                return say(why, n, "invalid range '%s' for --sweep %s: the first value must not be above the second",
                           item, axes[a].name);
            return say(why, n, "value '%s' out of range for --sweep %s: expected %s", item,
                       axes[a].name, allowed);
        }
        if (hi - lo >= SWEEP_MAX_RUNS)
            return say(why, n, "range '%s' for --sweep %s has more than %d values", item,
                       axes[a].name, SWEEP_MAX_RUNS);
    }
    for (uint64_t x = lo;; x++) {
        if (a != SWEEP_CELL && a != SWEEP_LR)
            one.i = x;
        for (int k = 0; k < *count; k++)
            if (sweep_value_cmp(a, (*v)[k], one) == 0) {
                char t[40];
                sweep_value_text(a, one, true, t, sizeof t);
                return say(why, n, "value %s given twice in --sweep %s", t, axes[a].name);
            }
        if (*count >= SWEEP_MAX_RUNS)
            return say(why, n, "--sweep %s has more than %d values", axes[a].name, SWEEP_MAX_RUNS);
        if (*count == *cap) {
            int nc = *cap ? 2 * *cap : 8;
            struct sweep_value *nv = realloc(*v, (size_t)nc * sizeof *nv);
            if (!nv)
                return RT_ENOMEM;
            *v = nv;
            *cap = nc;
        }
        (*v)[(*count)++] = one;
        if (x == hi)
            break;
    }
    return RT_OK;
}

int sweep_spec_add_axis(struct sweep_spec *s, enum sweep_axis a, const char *list,
                        char *why, size_t n)
{
    if (a < 0 || a >= SWEEP_AXES)
        return say(why, n, "unknown sweep axis");
    if (sweep_spec_has(s, a))
        return say(why, n, "--sweep %s given twice%s: give its values in one list", axes[a].name,
                   a == SWEEP_CELL ? " (or with --cells)" : "");
    struct sweep_value *v = NULL;
    int count = 0, cap = 0;
    if (!*list) {
        char allowed[96];
        allowed_text(a, allowed, sizeof allowed);
        return say(why, n, "empty list in --sweep %s=: expected %s, separated by commas",
                   axes[a].name, allowed);
    }
    const char *p = list;
    for (;;) {
        const char *e = strchr(p, ',');
        if (!e)
            e = p + strlen(p);
        int rc = parse_item(a, p, e, &v, &count, &cap, why, n);
        if (rc != RT_OK) {
            free(v);
            return rc;
        }
        if (!*e)
            break;
        p = e + 1;
    }
    s->axis[s->n_axes] = a;
    s->n_values[s->n_axes] = count;
    s->values[s->n_axes] = v;
    s->n_axes++;
    return RT_OK;
}

int sweep_spec_add(struct sweep_spec *s, const char *text, char *why, size_t n)
{
    const char *eq = strchr(text, '=');
    if (!eq)
        return say(why, n, "invalid --sweep '%s': expected AXIS=VALUES such as length=5,10,20 or seed=1..3",
                   text);
    char name[32];
    enum sweep_axis a;
    if ((size_t)(eq - text) >= sizeof name) {
        a = SWEEP_AXES;
    } else {
        memcpy(name, text, (size_t)(eq - text));
        name[eq - text] = '\0';
        if (sweep_axis_parse(name, &a) != RT_OK)
            a = SWEEP_AXES;
    }
    if (a == SWEEP_AXES)
        return say(why, n, "unknown axis '%.*s' in --sweep: expected cell, units, layers, length, "
                   "samples, epochs, batch-size, learning-rate or seed", (int)(eq - text < 40 ? eq - text : 40), text);
    return sweep_spec_add_axis(s, a, eq + 1, why, n);
}

/* ---- names and points ---- */

void sweep_run_name(const struct train_config *cfg, const enum sweep_axis *ax, int n,
                    char *buf, size_t size)
{
    sweep_value_text(SWEEP_CELL, sweep_axis_get(cfg, SWEEP_CELL), true, buf, size);
    size_t len = strlen(buf);
    for (int a = SWEEP_CELL + 1; a < SWEEP_AXES; a++) {
        bool swept = false;
        for (int k = 0; k < n; k++)
            swept |= ax[k] == (enum sweep_axis)a;
        if (!swept || len + 1 >= size)
            continue;
        char v[40];
        sweep_value_text((enum sweep_axis)a, sweep_axis_get(cfg, (enum sweep_axis)a), true, v, sizeof v);
        int w = snprintf(buf + len, size - len, "-%s%s", axes[a].tag, v);
        if (w < 0 || (size_t)w >= size - len) {
            buf[len] = '\0';
            return;
        }
        len += (size_t)w;
    }
}

int sweep_cmp_except(const struct sweep_plan *p, enum sweep_axis skip,
                     const struct train_config *x, const struct train_config *y)
{
    for (int k = 0; k < p->n_axes; k++) {
        if (p->axis[k] == SWEEP_SEED || p->axis[k] == skip)
            continue;
        int c = sweep_value_cmp(p->axis[k], sweep_axis_get(x, p->axis[k]), sweep_axis_get(y, p->axis[k]));
        if (c)
            return c;
    }
    return 0;
}

struct sort_item {                  /* qsort has no context argument in C11 */
    const struct sweep_plan *plan;
    int i;
};

static int item_cmp(const void *a, const void *b)
{
    const struct sort_item *x = a, *y = b;
    int c = sweep_cmp_except(x->plan, SWEEP_SEED, &x->plan->runs[x->i].cfg, &x->plan->runs[y->i].cfg);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Numbers the points of p in table order. */
static int number_points(struct sweep_plan *p)
{
    struct sort_item *idx = malloc((size_t)(p->n_runs ? p->n_runs : 1) * sizeof *idx);
    if (!idx)
        return RT_ENOMEM;
    for (int i = 0; i < p->n_runs; i++)
        idx[i] = (struct sort_item){ p, i };
    qsort(idx, (size_t)p->n_runs, sizeof *idx, item_cmp);
    p->n_points = 0;
    for (int k = 0; k < p->n_runs; k++) {
        if (k && sweep_cmp_except(p, SWEEP_SEED, &p->runs[idx[k - 1].i].cfg, &p->runs[idx[k].i].cfg) != 0)
            p->n_points++;
        p->runs[idx[k].i].point = p->n_points;
    }
    if (p->n_runs)
        p->n_points++;
    free(idx);
    return RT_OK;
}

/* The swept axes of spec in canonical order. */
static int canonical_axes(const enum sweep_axis *given, int n, enum sweep_axis *out)
{
    int m = 0;
    for (int a = 0; a < SWEEP_AXES; a++)
        for (int k = 0; k < n; k++)
            if (given[k] == (enum sweep_axis)a) {
                out[m++] = (enum sweep_axis)a;
                break;
            }
    return m;
}

void sweep_plan_fini(struct sweep_plan *p)
{
    free(p->runs);
    memset(p, 0, sizeof *p);
}

int sweep_plan_build(const struct sweep_spec *spec, const struct train_config *base,
                     struct sweep_plan *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    if (spec->n_axes == 0)
        return say(why, n, "a sweep needs at least one axis");
    uint64_t total = 1;
    for (int k = 0; k < spec->n_axes; k++) {
        total *= (uint64_t)spec->n_values[k];
        if (total > SWEEP_MAX_RUNS)
            break;
    }
    if (total > SWEEP_MAX_RUNS) {
        char list[256] = "";
        size_t len = 0;
        for (int k = 0; k < spec->n_axes && len + 40 < sizeof list; k++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%d %s", k ? " x " : "",
                                    spec->n_values[k], axes[spec->axis[k]].name);
        return say(why, n, "the sweep has too many runs (%s): at most %d", list, SWEEP_MAX_RUNS);
    }
    out->n_axes = canonical_axes(spec->axis, spec->n_axes, out->axis);
    out->runs = calloc((size_t)total, sizeof *out->runs);
    if (!out->runs)
        return RT_ENOMEM;
    out->n_runs = (int)total;
    bool batch_swept = sweep_spec_has(spec, SWEEP_BATCH);
    int pos[SWEEP_AXES] = { 0 };
    for (int r = 0; r < out->n_runs; r++) {
        struct sweep_run *run = &out->runs[r];
        run->cfg = *base;
        run->cfg.init_params = NULL;
        for (int k = 0; k < spec->n_axes; k++)
            sweep_axis_set(&run->cfg, spec->axis[k], spec->values[k][pos[k]]);
        /* The odometer: the last axis given turns fastest. */
        for (int k = spec->n_axes - 1; k >= 0; k--) {
            if (++pos[k] < spec->n_values[k])
                break;
            pos[k] = 0;
        }
        sweep_run_name(&run->cfg, out->axis, out->n_axes, run->name, sizeof run->name);
        sweep_outcome_init(&run->out);
        struct train_config *c = &run->cfg;
        struct data_split sp;
        data_split(c->data.samples, &sp);
        int n_train = sp.train_end - sp.train_begin;
        if (!batch_swept && base->batch_size == TRAIN_DEFAULT_BATCH && c->batch_size > n_train)
            c->batch_size = n_train;
        const char *bad = NULL;
        if ((long long)c->data.samples * c->data.length * DATA_FEATURES > 1LL << 31) {
            int rc = say(why, n, "run %s: samples %d x length %d is too large: at most %lld",
                         run->name, c->data.samples, c->data.length, (1LL << 31) / DATA_FEATURES);
            sweep_plan_fini(out);
            return rc;
        }
        if (c->batch_size > n_train) {
            int rc = say(why, n, "run %s: batch size %d is above its %d training samples", run->name,
                         c->batch_size, n_train);
            sweep_plan_fini(out);
            return rc;
        }
        if (train_config_check(c, &bad) != RT_OK) {
            int rc = say(why, n, "run %s: %s", run->name, bad ? bad : "invalid settings");
            sweep_plan_fini(out);
            return rc;
        }
    }
    int rc = number_points(out);
    if (rc != RT_OK)
        sweep_plan_fini(out);
    return rc;
}

int sweep_plan_from_runs(const struct sweep_run *runs, int n, const enum sweep_axis *ax,
                         int n_axes, struct sweep_plan *out)
{
    memset(out, 0, sizeof *out);
    out->n_axes = canonical_axes(ax, n_axes, out->axis);
    out->runs = calloc((size_t)(n ? n : 1), sizeof *out->runs);
    if (!out->runs)
        return RT_ENOMEM;
    memcpy(out->runs, runs, (size_t)n * sizeof *runs);
    out->n_runs = n;
    int rc = number_points(out);
    if (rc != RT_OK)
        sweep_plan_fini(out);
    return rc;
}

/* ---- outcomes ---- */

void sweep_outcome_init(struct sweep_outcome *o)
{
    memset(o, 0, sizeof *o);
    o->status = SWEEP_WAITING;
    o->loss = o->val_loss = o->test_loss = o->correctness = o->marked_share = NAN;
}

int sweep_first_below(const float *val_loss, int n, double threshold)
{
    for (int i = 0; i < n; i++)
        if (val_loss[i] < threshold)
            return i + 1;
    return 0;
}

static void outcome_history(struct sweep_outcome *o, const float *loss, const float *val_loss, int n)
{
    o->epochs_done = n;
    if (n > 0) {
        o->loss = loss[n - 1];
        o->val_loss = val_loss[n - 1];
    }
    o->first_below = sweep_first_below(val_loss, n, SWEEP_THRESHOLD);
}

void sweep_outcome_from_job(struct sweep_outcome *o, struct train_job *job, int status)
{
    const struct train_progress *p = train_job_progress(job);
    int n = atomic_load_explicit(&((struct train_progress *)p)->epochs_done, memory_order_acquire);
    struct train_snapshot snap;
    train_job_snapshot(job, &snap);
    outcome_history(o, p->loss, p->val_loss, n);
    o->seconds = snap.elapsed;
    if (status == 1) {
        o->status = SWEEP_RUNNING;
        return;
    }
    switch (status) {
    case RT_OK: {
        const struct train_result *res = train_job_result(job);
        o->status = SWEEP_DONE;
        o->test_loss = res->test_loss;
        o->correctness = res->correctness;
        if (res->has_gradients)
            o->marked_share = res->marked_share;
        break;
    }
    case RT_ECANCELED:
        o->status = SWEEP_CANCELLED;
        break;
    case RT_EDIVERGED:
        o->status = SWEEP_DIVERGED;
        o->diverged_epoch = snap.diverged_epoch;
        break;
    default:
        o->status = SWEEP_FAILED;
        break;
    }
}

void sweep_outcome_from_log(struct sweep_outcome *o, const struct runlog_data *d)
{
    sweep_outcome_init(o);
    outcome_history(o, d->loss, d->val_loss, d->epochs);
    o->seconds = 0;
    for (int i = 0; i < d->epochs; i++)
        if (isfinite(d->seconds[i]))
            o->seconds += d->seconds[i];
    switch (d->status) {
    case RUNLOG_RUNNING:   o->status = SWEEP_RUNNING; break;
    case RUNLOG_DONE:      o->status = d->has_result ? SWEEP_DONE : SWEEP_FAILED; break;
    case RUNLOG_CANCELLED: o->status = SWEEP_CANCELLED; break;
    case RUNLOG_DIVERGED:  o->status = SWEEP_DIVERGED; o->diverged_epoch = d->diverged_epoch; break;
    case RUNLOG_FAILED:    o->status = SWEEP_FAILED; break;
    }
    if (o->status == SWEEP_DONE) {
        o->test_loss = d->result.test_loss;
        o->correctness = d->result.correctness;
        if (d->result.has_gradients)
            o->marked_share = d->result.marked_share;
    }
}

const char *sweep_status_name(enum sweep_status st)
{
    switch (st) {
    case SWEEP_WAITING:   return "waiting";
    case SWEEP_RUNNING:   return "running";
    case SWEEP_DONE:      return "done";
    case SWEEP_CANCELLED: return "cancelled";
    case SWEEP_DIVERGED:  return "diverged";
    case SWEEP_FAILED:    return "failed";
    case SWEEP_SKIPPED:   return "not run";
    }
    return "?";
}

/* ---- the runner ---- */

struct slot {
    int run;                      /* -1: free */
    struct train_job *job;
    int seen;                     /* epochs passed to the progress hook */
};

struct sweep_runner {
    struct sweep_plan *plan;
    struct sweep_hooks hooks;
    int jobs, threads;
    int next;                     /* the next run to start */
    bool stopped, paused;
    int ended;
    double seconds;
    struct slot *slots;           /* (jobs,) */
};

int sweep_auto_jobs(int cores, int threads, int runs)
{
    if (cores < 1)
        cores = 1;
    int j = threads > 0 ? cores / threads : cores;
    if (j < 1)
        j = 1;
    if (runs >= 1 && j > runs)
        j = runs;
    return j;
}

int sweep_runner_new(struct sweep_plan *plan, int jobs, int threads,
                     const struct sweep_hooks *hooks, struct sweep_runner **out)
{
    *out = NULL;
    if (jobs < 1 || threads < 0 || threads > TRAIN_MAX_THREADS)
        return RT_EINVAL;
    struct sweep_runner *r = calloc(1, sizeof *r);
    if (!r)
        return RT_ENOMEM;
    r->slots = calloc((size_t)jobs, sizeof *r->slots);
    if (!r->slots) {
        free(r);
        return RT_ENOMEM;
    }
    for (int k = 0; k < jobs; k++)
        r->slots[k].run = -1;
    r->plan = plan;
    if (hooks)
        r->hooks = *hooks;
    r->jobs = jobs;
    r->threads = threads;
    *out = r;
    return RT_OK;
}

/* Run s's job has ended: join, fill its outcome, call the end hook. */
static void slot_end(struct sweep_runner *r, struct slot *s)
{
    struct sweep_run *run = &r->plan->runs[s->run];
    int st = train_job_join(s->job);
    /* The epochs published last, before the end. */
    int done = atomic_load_explicit(&((struct train_progress *)train_job_progress(s->job))->epochs_done,
                                    memory_order_acquire);
    if (done > s->seen && r->hooks.progress) {
        r->hooks.progress(r->hooks.ctx, s->run, s->job);
        s->seen = done;
    }
    sweep_outcome_from_job(&run->out, s->job, st);
    r->ended++;
    r->seconds += run->out.seconds;
    struct train_job *job = s->job;
    int i = s->run;
    s->job = NULL;
    s->run = -1;
    if (r->hooks.end)
        r->hooks.end(r->hooks.ctx, i, &job, st);
    train_job_free(job);
}

/* Starts the next waiting run in slot s; false when none could start. */
static void slot_start(struct sweep_runner *r, struct slot *s)
{
    while (r->next < r->plan->n_runs && !r->stopped) {
        int i = r->next++;
        struct sweep_run *run = &r->plan->runs[i];
        if (run->out.status != SWEEP_WAITING)
            continue;             /* its outcome is known already (a resumed sweep) */
        struct train_config cfg = run->cfg;
        if (r->threads)
            cfg.threads = r->threads;
        if (r->hooks.start && r->hooks.start(r->hooks.ctx, i, &cfg) != 0) {
            run->out.status = SWEEP_FAILED;
            r->ended++;
            continue;
        }
        struct train_job *job = NULL;
        int rc = train_job_start(&cfg, &job);
        if (rc != RT_OK) {
            run->out.status = SWEEP_FAILED;
            r->ended++;
            if (r->hooks.end)
                r->hooks.end(r->hooks.ctx, i, &job, rc);
            continue;
        }
        if (r->paused)
            train_job_pause(job, true);
        run->out.status = SWEEP_RUNNING;
        s->run = i;
        s->job = job;
        s->seen = 0;
        return;
    }
}

bool sweep_runner_poll(struct sweep_runner *r)
{
    bool busy = false;
    for (int k = 0; k < r->jobs; k++) {
        struct slot *s = &r->slots[k];
        if (s->run >= 0) {
            const struct train_progress *p = train_job_progress(s->job);
            int state = atomic_load_explicit(&((struct train_progress *)p)->state, memory_order_acquire);
            int done = atomic_load_explicit(&((struct train_progress *)p)->epochs_done, memory_order_acquire);
            if (state != TRAIN_RUNNING && state != TRAIN_PAUSED && state != TRAIN_IDLE) {
                slot_end(r, s);
            } else {
                if (done > s->seen) {
                    if (r->hooks.progress)
                        r->hooks.progress(r->hooks.ctx, s->run, s->job);
                    s->seen = done;
                }
                sweep_outcome_from_job(&r->plan->runs[s->run].out, s->job, 1);
            }
        }
        if (s->run < 0)
            slot_start(r, s);
        busy |= s->run >= 0;
    }
    if (r->stopped)
        for (int i = r->next; i < r->plan->n_runs; i++)
            if (r->plan->runs[i].out.status == SWEEP_WAITING)
                r->plan->runs[i].out.status = SWEEP_SKIPPED;
    return busy || (!r->stopped && r->next < r->plan->n_runs);
}

void sweep_runner_wait(struct sweep_runner *r, int timeout_ms)
{
    int running = 0, first = -1;
    for (int k = 0; k < r->jobs; k++)
        if (r->slots[k].run >= 0) {
            running++;
            if (first < 0)
                first = k;
        }
    if (!running)
        return;
    if (running == 1) {
        train_job_wait(r->slots[first].job, r->slots[first].seen, timeout_ms);
        return;
    }
    /* Several: look at each in turn for a short while. */
    int slice = timeout_ms / running;
    if (slice > 20)
        slice = 20;
    if (slice < 1)
        slice = 1;
    for (int spent = 0; spent < timeout_ms; spent += slice) {
        for (int k = 0; k < r->jobs; k++) {
            struct slot *s = &r->slots[k];
            if (s->run < 0)
                continue;
            const struct train_progress *p = train_job_progress(s->job);
            int state = atomic_load_explicit(&((struct train_progress *)p)->state, memory_order_acquire);
            int done = atomic_load_explicit(&((struct train_progress *)p)->epochs_done, memory_order_acquire);
            if (done > s->seen || (state != TRAIN_RUNNING && state != TRAIN_PAUSED && state != TRAIN_IDLE))
                return;
        }
        train_job_wait(r->slots[first].job, r->slots[first].seen, slice);
    }
}

void sweep_runner_stop(struct sweep_runner *r)
{
    r->stopped = true;
    for (int k = 0; k < r->jobs; k++)
        if (r->slots[k].run >= 0) {
            train_job_cancel(r->slots[k].job);
            train_job_pause(r->slots[k].job, false);   /* a paused worker wakes to see it */
        }
}

void sweep_runner_pause(struct sweep_runner *r, bool paused)
{
    r->paused = paused;
    for (int k = 0; k < r->jobs; k++)
        if (r->slots[k].run >= 0)
            train_job_pause(r->slots[k].job, paused);
}

int sweep_runner_running(const struct sweep_runner *r, int *idx, int n)
{
    int m = 0;
    for (int k = 0; k < r->jobs; k++)
        if (r->slots[k].run >= 0) {
            if (m < n)
                idx[m] = r->slots[k].run;
            m++;
        }
    return m;
}

struct train_job *sweep_runner_job(const struct sweep_runner *r, int i)
{
    for (int k = 0; k < r->jobs; k++)
        if (r->slots[k].run == i)
            return r->slots[k].job;
    return NULL;
}

int sweep_runner_ended(const struct sweep_runner *r, double *seconds)
{
    if (seconds)
        *seconds = r->seconds;
    return r->ended;
}

void sweep_runner_free(struct sweep_runner *r)
{
    if (!r)
        return;
    sweep_runner_stop(r);
    for (int k = 0; k < r->jobs; k++)
        if (r->slots[k].run >= 0)
            slot_end(r, &r->slots[k]);
    free(r->slots);
    free(r);
}

/* ---- reduction ---- */

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n) (sorted in place); the mean of the middle two for
 * an even n. */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, dbl_cmp);
    if (n % 2)
        return v[n / 2];
    double a = v[n / 2 - 1], b = v[n / 2];
    return isinf(a) || isinf(b) ? (isinf(a) ? a : b) : (a + b) / 2;
}

void sweep_reduce(const struct sweep_plan *plan, struct sweep_point *out)
{
    for (int p = 0; p < plan->n_points; p++) {
        memset(&out[p], 0, sizeof out[p]);
        out[p].first = -1;
        out[p].median = out[p].min = out[p].max = NAN;
    }
    for (int i = 0; i < plan->n_runs; i++) {
        const struct sweep_run *run = &plan->runs[i];
        struct sweep_point *pt = &out[run->point];
        if (pt->first < 0)
            pt->first = i;
        pt->runs++;
        enum sweep_status st = run->out.status;
        pt->ended += st == SWEEP_DONE || st == SWEEP_CANCELLED || st == SWEEP_DIVERGED || st == SWEEP_FAILED;
        if (st != SWEEP_DONE)
            continue;
        pt->done++;
        double c = run->out.correctness;
        if (pt->done == 1 || c < pt->min)
            pt->min = c;
        if (pt->done == 1 || c > pt->max)
            pt->max = c;
        pt->below += run->out.first_below > 0;
    }
    /* Medians: gather each point's done runs. */
    double *v = malloc((size_t)(plan->n_runs ? plan->n_runs : 1) * sizeof *v);
    double *w = malloc((size_t)(plan->n_runs ? plan->n_runs : 1) * sizeof *w);
    for (int p = 0; p < plan->n_points && v && w; p++) {
        int m = 0;
        for (int i = out[p].first; i >= 0 && i < plan->n_runs; i++) {
            const struct sweep_run *run = &plan->runs[i];
            if (run->point != p || run->out.status != SWEEP_DONE)
                continue;
            v[m] = run->out.correctness;
            w[m] = run->out.first_below > 0 ? run->out.first_below : INFINITY;
            m++;
        }
        if (m) {
            out[p].median = median(v, m);
            out[p].median_below = median(w, m);
        }
    }
    free(v);
    free(w);
}

void sweep_format_point(const struct sweep_plan *plan, const struct sweep_point *pt,
                        char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    const struct train_config *c = pt ? &plan->runs[pt->first].cfg : NULL;
    for (int k = 0; k < plan->n_axes && len + 1 < n; k++) {
        enum sweep_axis a = plan->axis[k];
        if (a == SWEEP_SEED)
            continue;
        char v[40];
        if (c)
            sweep_value_text(a, sweep_axis_get(c, a), false, v, sizeof v);
        int width = a == SWEEP_CELL ? 9 : a == SWEEP_LR ? 13 : (int)strlen(axes[a].name);
        if (width < 7)
            width = 7;
        const char *text = c ? v : axes[a].name;
        int w = a == SWEEP_CELL ? snprintf(buf + len, n - len, "%-*s ", width, text)
                                : snprintf(buf + len, n - len, "%*s ", width, text);
        if (w < 0 || (size_t)w >= n - len)
            return;
        len += (size_t)w;
    }
    if (!pt) {
        snprintf(buf + len, n - len, "%5s %7s %13s  %s", "runs", "median", "min-max", "val<0.01");
        return;
    }
    char runs[24], med[24], range[40], below[40];
    snprintf(runs, sizeof runs, "%d/%d", pt->done, pt->runs);
    if (pt->done) {
        snprintf(med, sizeof med, "%.1f %%", pt->median);
        snprintf(range, sizeof range, "%.1f-%.1f", pt->min, pt->max);
        if (isinf(pt->median_below))
            snprintf(below, sizeof below, "never (%d of %d)", pt->below, pt->done);
        else if (pt->median_below == floor(pt->median_below))
            snprintf(below, sizeof below, "epoch %.0f (%d of %d)", pt->median_below, pt->below, pt->done);
        else
            snprintf(below, sizeof below, "epoch %.1f (%d of %d)", pt->median_below, pt->below, pt->done);
    } else {
        snprintf(med, sizeof med, "-");
        snprintf(range, sizeof range, "-");
        snprintf(below, sizeof below, "-");
    }
    snprintf(buf + len, n - len, "%5s %7s %13s  %s", runs, med, range, below);
}
