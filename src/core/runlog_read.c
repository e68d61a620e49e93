#include "config.h"

#include "rnntui/runlog.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "rnntui/cell.h"
#include "rnntui/status.h"
#include "iofile_impl.h"
#include "json.h"
#include "runlog_impl.h"

#define RUNLOG_MAX_COLUMNS 64

static const char *const runlog_status_names[] = {
    [RUNLOG_RUNNING] = "running",
    [RUNLOG_DONE] = "done",
    [RUNLOG_CANCELLED] = "cancelled",
    [RUNLOG_DIVERGED] = "diverged",
    [RUNLOG_FAILED] = "failed",
};

const char *runlog_status_name(enum runlog_status st)
{
    if ((int)st < 0 || (size_t)st >= sizeof runlog_status_names / sizeof *runlog_status_names)
        return "unknown";
    return runlog_status_names[st];
}

const char *runlog_format_name(enum runlog_format fmt)
{
    return fmt == RUNLOG_JSONL ? "jsonl" : "csv";
}

int runlog_format_parse(const char *s, enum runlog_format *out)
{
    if (!strcasecmp(s, "csv")) {
        *out = RUNLOG_CSV;
        return RT_OK;
    }
    if (!strcasecmp(s, "jsonl") || !strcasecmp(s, "json") || !strcasecmp(s, "ndjson")) {
        *out = RUNLOG_JSONL;
        return RT_OK;
    }
    return RT_EINVAL;
}

enum runlog_format runlog_format_for_path(const char *path)
{
    size_t n = strlen(path);
    static const char *const ext[] = { ".jsonl", ".ndjson", ".json" };
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        size_t k = strlen(ext[i]);
        if (n > k && !strcasecmp(path + n - k, ext[i]))
            return RUNLOG_JSONL;
    }
    return RUNLOG_CSV;
}

void runlog_suggest_name(const struct train_config *cfg, long long when,
                         enum runlog_format fmt, char *buf, size_t n)
{
    time_t t = (time_t)when;
    struct tm tm;
    char stamp[32] = "run";
    if (localtime_r(&t, &tm))
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M", &tm);
    snprintf(buf, n, "rnntui-%s-%dx%d-seed%llu-%s.%s", cell_option(cfg->model.cell),
             cfg->model.layers, cfg->model.units, (unsigned long long)cfg->seed, stamp,
             runlog_format_name(fmt));
}

/* ---- common ---- */

struct runlog_reader {
    struct runlog_data *d;
    int cap;
    char *why;
    size_t whyn;
    int line;              /* 1-based number of the current line */
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int runlog_fail(struct runlog_reader *r, const char *fmt, ...)
{
    if (r->why && r->whyn) {
        int k = 0;
        if (r->line > 0)
            k = snprintf(r->why, r->whyn, "line %d: ", r->line);
        if (k >= 0 && (size_t)k < r->whyn) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(r->why + k, r->whyn - (size_t)k, fmt, ap);
            va_end(ap);
        }
        iofile_clean_text(r->why);
    }
    return RT_EFORMAT;
}

static int runlog_push(struct runlog_reader *r, float loss, float val_loss, float seconds)
{
    struct runlog_data *d = r->d;
    if (d->epochs >= TRAIN_MAX_EPOCHS)
        return runlog_fail(r, "more than %d epochs", TRAIN_MAX_EPOCHS);
    if (d->epochs == r->cap) {
        int ncap = r->cap ? r->cap * 2 : 64;
        float *a = realloc(d->loss, (size_t)ncap * sizeof *a);
        if (!a)
            return RT_ENOMEM;
        d->loss = a;
        a = realloc(d->val_loss, (size_t)ncap * sizeof *a);
        if (!a)
            return RT_ENOMEM;
        d->val_loss = a;
        a = realloc(d->seconds, (size_t)ncap * sizeof *a);
        if (!a)
            return RT_ENOMEM;
        d->seconds = a;
        r->cap = ncap;
    }
    d->loss[d->epochs] = loss;
    d->val_loss[d->epochs] = val_loss;
    d->seconds[d->epochs] = seconds;
    d->epochs++;
    return RT_OK;
}

/* The next line of text[*pos..len): its bounds without '\n' or "\r\n". */
static bool runlog_next_line(const char *text, size_t len, size_t *pos, const char **s, size_t *n)
{
    if (*pos >= len)
        return false;
    const char *start = text + *pos;
    const char *nl = memchr(start, '\n', len - *pos);
    size_t k = nl ? (size_t)(nl - start) : len - *pos;
    *pos += nl ? k + 1 : k;
    if (k && start[k - 1] == '\r')
        k--;
    *s = start;
    *n = k;
    return true;
}

static bool runlog_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

/* ---- CSV ---- */

enum { RUNLOG_COL_OTHER, RUNLOG_COL_EPOCH, RUNLOG_COL_LOSS, RUNLOG_COL_VAL, RUNLOG_COL_SECONDS };

/* Splits s[0..n) at commas into fields (pointers into a NUL-terminated copy). */
static int runlog_split(char *s, char **fields, int max)
{
    int k = 0;
    fields[k++] = s;
    for (char *c = s; *c; c++) {
        if (*c == ',') {
            if (k == max)
                return -1;
            *c = '\0';
            fields[k++] = c + 1;
        }
    }
    return k;
}

/* A CSV number: a decimal, nan, inf, or an empty or "NA" field (missing). */
static bool runlog_csv_number(const char *s, float *out)
{
    if (!*s || !strcmp(s, "NA") || !strcasecmp(s, "nan")) {
        *out = NAN;
        return true;
    }
    if (*s == ' ' || *s == '\t')
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end)
        return false;
    *out = (float)v;
    return true;
}

static bool runlog_csv_int(const char *s, long *out)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno)
        return false;
    *out = v;
    return true;
}

static int runlog_parse_csv(struct runlog_reader *r, const char *text, size_t len)
{
    size_t pos = 0;
    const char *s;
    size_t n;
    char *line = NULL;
    int rc = RT_OK;
    int kind[RUNLOG_MAX_COLUMNS];
    char *f[RUNLOG_MAX_COLUMNS];
    int ncol = 0;
    bool blank_seen = false;
    r->d->format = RUNLOG_CSV;
    while (rc == RT_OK && runlog_next_line(text, len, &pos, &s, &n)) {
        r->line++;
        if (runlog_blank(s, n)) {
            blank_seen = true;
            continue;
        }
        if (blank_seen) {
            rc = runlog_fail(r, "text after a blank line");
            break;
        }
        char *nl = realloc(line, n + 1);
        if (!nl) {
            rc = RT_ENOMEM;
            break;
        }
        line = nl;
        memcpy(line, s, n);
        line[n] = '\0';
        if (memchr(line, '"', n)) {
            rc = runlog_fail(r, "quoted fields are not part of the log format");
            break;
        }
        int k = runlog_split(line, f, RUNLOG_MAX_COLUMNS);
        if (r->line == 1) {
            if (k < 0) {
                rc = runlog_fail(r, "more than %d columns", RUNLOG_MAX_COLUMNS);
                break;
            }
            bool have_loss = false;
            for (int i = 0; i < k; i++) {
                kind[i] = !strcmp(f[i], "epoch")    ? RUNLOG_COL_EPOCH
                        : !strcmp(f[i], "loss")     ? RUNLOG_COL_LOSS
                        : !strcmp(f[i], "val_loss") ? RUNLOG_COL_VAL
                        : !strcmp(f[i], "seconds")  ? RUNLOG_COL_SECONDS
                        : RUNLOG_COL_OTHER;
                for (int j = 0; j < i; j++)
                    if (!strcmp(f[i], f[j])) {
                        rc = runlog_fail(r, "column \"%.40s\" appears twice", f[i]);
                        break;
                    }
                have_loss |= kind[i] == RUNLOG_COL_LOSS;
            }
            if (rc == RT_OK && (kind[0] != RUNLOG_COL_EPOCH || !have_loss)) {
                r->line = 0;
                rc = runlog_fail(r, "not an rnntui log (expected a CSV header \"epoch,loss,val_loss,...\" "
                                    "or a JSON Lines config record)");
            }
            ncol = k;
            continue;
        }
        if (k != ncol) {
            rc = runlog_fail(r, "%s fields where the header has %d (a truncated line?)",
                             k < 0 ? "too many" : "a different number of", ncol);
            break;
        }
        long epoch;
        if (!runlog_csv_int(f[0], &epoch) || epoch != r->d->epochs) {
            rc = runlog_fail(r, "epoch \"%.20s\" where %d is expected", f[0], r->d->epochs);
            break;
        }
        float v[RUNLOG_COL_SECONDS + 1] = { 0, 0, NAN, NAN, NAN };
        for (int i = 1; i < k; i++) {
            if (kind[i] == RUNLOG_COL_OTHER)
                continue;
            if (!runlog_csv_number(f[i], &v[kind[i]])) {
                rc = runlog_fail(r, "\"%.40s\" is not a number", f[i]);
                break;
            }
        }
        if (rc == RT_OK)
            rc = runlog_push(r, v[RUNLOG_COL_LOSS], v[RUNLOG_COL_VAL], v[RUNLOG_COL_SECONDS]);
    }
    free(line);
    return rc;
}

/* ---- JSON Lines ---- */

static const struct json_limits runlog_json_limits = {
    .max_depth = 4,
    .max_members = 64,
    .max_values = 4096,
    /* a gradient-flow record: h and c, (layers, T) each */
    .max_numbers = 4096 + 2 * (size_t)MODEL_MAX_LAYERS * DATA_MAX_LENGTH,
};

/* A gradient-flow field {"h": [[T numbers] x layers], "c": ...} (c only and
 * always for LSTM) into h and c (layers, T); null reads as NaN. */
static int runlog_json_flow(struct runlog_reader *r, const struct json_value *f, float *h, float *c)
{
    const struct train_config *cfg = &r->d->config;
    const int L = cfg->model.layers, T = cfg->data.length;
    const bool lstm = cfg->model.cell == CELL_LSTM;
    if (!f || f->type != JSON_OBJECT || (lstm ? f->n != 2 : f->n != 1))
        return runlog_fail(r, "\"gradient_flow\" must be an object with \"h\"%s", lstm ? " and \"c\"" : "");
    for (int k = 0; k < (lstm ? 2 : 1); k++) {
        const char *name = k ? "c" : "h";
        float *out = k ? c : h;
        const struct json_value *rows = json_get(f, name);
        if (!rows || rows->type != JSON_ARRAY || rows->packed || rows->n != (size_t)L)
            return runlog_fail(r, "\"gradient_flow\".\"%s\" must hold %d rows", name, L);
        for (int l = 0; l < L; l++) {
            const struct json_value *row = json_item(rows, (size_t)l);
            if (!row || row->type != JSON_ARRAY || row->n != (size_t)T)
                return runlog_fail(r, "\"gradient_flow\".\"%s\" rows must hold %d numbers", name, T);
            for (int t = 0; t < T; t++) {
                double v;
                const struct json_value *it = row->packed ? NULL : json_item(row, (size_t)t);
                if (it && it->type == JSON_NULL)
                    v = NAN;
                else if (!json_number_at(row, (size_t)t, &v) || !(v >= 0 || isnan(v)))
                    return runlog_fail(r, "\"gradient_flow\" values must be numbers >= 0 or null");
                out[(size_t)l * T + t] = (float)v;
            }
        }
    }
    return RT_OK;
}

/* A number member, or null (NaN); false when absent or of another type. */
static bool runlog_json_num(const struct json_value *o, const char *key, double *out)
{
    const struct json_value *v = json_get(o, key);
    if (!v)
        return false;
    if (v->type == JSON_NULL) {
        *out = NAN;
        return true;
    }
    if (v->type != JSON_NUMBER)
        return false;
    *out = v->number;
    return true;
}

static int runlog_json_int(struct runlog_reader *r, const struct json_value *o, const char *key,
                           long long lo, long long hi, long long *out)
{
    if (!json_int(json_get(o, key), lo, hi, out))
        return runlog_fail(r, "\"%s\" must be an integer from %lld to %lld", key, lo, hi);
    return RT_OK;
}

static int runlog_json_config(struct runlog_reader *r, const struct json_value *o)
{
    struct runlog_data *d = r->d;
    const char *program = json_string(json_get(o, "program"));
    const char *record = json_string(json_get(o, "record"));
    if (!record || strcmp(record, "config") || !program || strcmp(program, PACKAGE_NAME))
        return runlog_fail(r, "not an rnntui log (the first record is not an rnntui config record)");
    long long format, units, layers, inputs = DATA_FEATURES, epochs, batch, samples, length, threads;
    int rc;
    if ((rc = runlog_json_int(r, o, "format", 0, 1000000, &format)) != RT_OK)
        return rc;
    if (format != RUNLOG_FORMAT_VERSION)
        return runlog_fail(r, "log format %lld is not supported (this program reads format %d)",
                           format, RUNLOG_FORMAT_VERSION);
    const char *cell = json_string(json_get(o, "cell"));
    enum cell_kind kind;
    if (!cell || cell_parse(cell, &kind) != RT_OK)
        return runlog_fail(r, "\"cell\" must be SimpleRNN, LSTM or GRU");
    if ((rc = runlog_json_int(r, o, "units", MODEL_MIN_UNITS, MODEL_MAX_UNITS, &units)) != RT_OK ||
        (rc = runlog_json_int(r, o, "layers", MODEL_MIN_LAYERS, MODEL_MAX_LAYERS, &layers)) != RT_OK ||
        (json_get(o, "inputs") &&
         (rc = runlog_json_int(r, o, "inputs", DATA_FEATURES, DATA_FEATURES, &inputs)) != RT_OK) ||
        (rc = runlog_json_int(r, o, "epochs", 0, TRAIN_MAX_EPOCHS, &epochs)) != RT_OK ||
        (rc = runlog_json_int(r, o, "batch_size", 1, DATA_MAX_SAMPLES, &batch)) != RT_OK ||
        (rc = runlog_json_int(r, o, "samples", DATA_MIN_SAMPLES, DATA_MAX_SAMPLES, &samples)) != RT_OK ||
        (rc = runlog_json_int(r, o, "length", DATA_MIN_LENGTH, DATA_MAX_LENGTH, &length)) != RT_OK ||
        (rc = runlog_json_int(r, o, "threads", 0, TRAIN_MAX_THREADS, &threads)) != RT_OK)
        return rc;
    double lr;
    if (!runlog_json_num(o, "learning_rate", &lr) || !isfinite(lr))
        return runlog_fail(r, "\"learning_rate\" must be a number");
    const struct json_value *seed = json_get(o, "seed");
    if (!seed || seed->type != JSON_NUMBER || !seed->is_uint)
        return runlog_fail(r, "\"seed\" must be an integer from 0 to 18446744073709551615");
    struct train_config *c = &d->config;
    memset(c, 0, sizeof *c);
    c->model.cell = kind;
    c->model.units = (int)units;
    c->model.layers = (int)layers;
    c->model.inputs = (int)inputs;
    c->data.samples = (int)samples;
    c->data.length = (int)length;
    c->epochs = (int)epochs;
    c->batch_size = (int)batch;
    c->learning_rate = lr;
    c->seed = seed->uint;
    c->threads = (int)threads;
    const char *why = NULL;
    const char *version = json_string(json_get(o, "version"));
    if (version) {
        snprintf(d->version, sizeof d->version, "%s", version);
        iofile_clean_text(d->version);        /* printed: no terminal escapes from a file */
    }
    const char *init = json_string(json_get(o, "init"));
    d->loaded_weights = init && !strcmp(init, "loaded");
    const struct json_value *grad = json_get(o, "gradients");
    if (grad && grad->type != JSON_BOOL)
        return runlog_fail(r, "\"gradients\" must be true or false");
    c->gradients = grad && grad->boolean;
    if (train_config_check(c, &why) != RT_OK)
        return runlog_fail(r, "configuration refused: %s", why ? why : "out of range");
    if (c->gradients && c->epochs > 0) {
        /* every epoch's row, NaN until its record is read */
        const size_t n = (size_t)c->epochs * c->model.layers * c->data.length;
        d->flow_layers = c->model.layers;
        d->flow_length = c->data.length;
        d->flow_h = malloc(n * sizeof *d->flow_h);
        if (c->model.cell == CELL_LSTM)
            d->flow_c = malloc(n * sizeof *d->flow_c);
        if (!d->flow_h || (c->model.cell == CELL_LSTM && !d->flow_c))
            return RT_ENOMEM;
        for (size_t i = 0; i < n; i++) {
            d->flow_h[i] = NAN;
            if (d->flow_c)
                d->flow_c[i] = NAN;
        }
    }
    d->has_config = true;
    return RT_OK;
}

static int runlog_json_epoch(struct runlog_reader *r, const struct json_value *o)
{
    struct runlog_data *d = r->d;
    long long epoch;
    if (!json_int(json_get(o, "epoch"), 0, TRAIN_MAX_EPOCHS, &epoch) || epoch != d->epochs)
        return runlog_fail(r, "\"epoch\" must be %d here", d->epochs);
    if (d->epochs >= d->config.epochs)
        return runlog_fail(r, "more epochs than the %d configured", d->config.epochs);
    double loss, val = NAN, sec = NAN;
    if (!runlog_json_num(o, "loss", &loss))
        return runlog_fail(r, "\"loss\" must be a number or null");
    if (json_get(o, "val_loss") && !runlog_json_num(o, "val_loss", &val))
        return runlog_fail(r, "\"val_loss\" must be a number or null");
    if (json_get(o, "seconds") && !runlog_json_num(o, "seconds", &sec))
        return runlog_fail(r, "\"seconds\" must be a number or null");
    const struct json_value *flow = json_get(o, "gradient_flow");
    if (flow) {
        if (!d->flow_h)
            return runlog_fail(r, "\"gradient_flow\" in a log whose config has no \"gradients\": true");
        const size_t lt = (size_t)d->flow_layers * d->flow_length;
        int rc = runlog_json_flow(r, flow, d->flow_h + (size_t)d->epochs * lt,
                                  d->flow_c ? d->flow_c + (size_t)d->epochs * lt : NULL);
        if (rc != RT_OK)
            return rc;
    }
    return runlog_push(r, (float)loss, (float)val, (float)sec);
}

static int runlog_json_final(struct runlog_reader *r, const struct json_value *o)
{
    struct runlog_data *d = r->d;
    const char *status = json_string(json_get(o, "status"));
    enum runlog_status st = RUNLOG_RUNNING;
    for (int i = RUNLOG_DONE; i <= RUNLOG_FAILED; i++)
        if (status && !strcmp(status, runlog_status_names[i]))
            st = (enum runlog_status)i;
    if (st == RUNLOG_RUNNING)
        return runlog_fail(r, "\"status\" must be done, cancelled, diverged or failed");
    long long done;
    int rc;
    if ((rc = runlog_json_int(r, o, "epochs_done", 0, TRAIN_MAX_EPOCHS, &done)) != RT_OK)
        return rc;
    if (done != d->epochs)
        return runlog_fail(r, "\"epochs_done\" is %lld but the log has %d epoch%s", done, d->epochs,
                           d->epochs == 1 ? "" : "s");
    d->status = st;
    if (st == RUNLOG_DIVERGED && json_get(o, "diverged_epoch")) {
        long long e;
        if ((rc = runlog_json_int(r, o, "diverged_epoch", 1, TRAIN_MAX_EPOCHS, &e)) != RT_OK)
            return rc;
        d->diverged_epoch = (int)e;
    }
    if (st != RUNLOG_DONE)
        return RT_OK;
    struct train_result *res = &d->result;
    long long n_test, n_correct;
    double test_loss, correctness;
    if (!runlog_json_num(o, "test_loss", &test_loss))
        return runlog_fail(r, "\"test_loss\" must be a number or null");
    if (!runlog_json_num(o, "correctness", &correctness) ||
        !(correctness >= 0 && correctness <= 100))
        return runlog_fail(r, "\"correctness\" must be a percentage");
    if ((rc = runlog_json_int(r, o, "n_test", 0, DATA_MAX_SAMPLES, &n_test)) != RT_OK ||
        (rc = runlog_json_int(r, o, "n_correct", 0, n_test, &n_correct)) != RT_OK)
        return rc;
    const struct json_value *table = json_get(o, "table");
    if (!table || table->type != JSON_ARRAY || table->n > TRAIN_TABLE_ROWS ||
        (table->n && table->packed))
        return runlog_fail(r, "\"table\" must be a list of at most %d rows", TRAIN_TABLE_ROWS);
    for (size_t i = 0; i < table->n; i++) {
        const struct json_value *row = json_item(table, i);
        double t, p;
        if (!runlog_json_num(row, "target", &t) || !runlog_json_num(row, "prediction", &p))
            return runlog_fail(r, "table row %zu needs numbers \"target\" and \"prediction\"", i);
        res->target[i] = (float)t;
        res->prediction[i] = (float)p;
    }
    res->table_rows = (int)table->n;
    res->test_loss = test_loss;
    res->correctness = correctness;
    res->n_test = (int)n_test;
    res->n_correct = (int)n_correct;
    res->test_prediction = NULL;
    d->has_result = true;
    const struct json_value *flow = json_get(o, "gradient_flow");
    if (json_get(o, "marked_share") || flow) {
        const struct train_config *c = &d->config;
        double share;
        long long n_marked;
        if (!c->gradients)
            return runlog_fail(r, "gradient results in a log whose config has no \"gradients\": true");
        if (!runlog_json_num(o, "marked_share", &share) || !(share >= 0 && share <= 100))
            return runlog_fail(r, "\"marked_share\" must be a percentage");
        if ((rc = runlog_json_int(r, o, "n_marked", 0, n_test, &n_marked)) != RT_OK)
            return rc;
        const size_t lt = (size_t)c->model.layers * c->data.length;
        res->flow_layers = c->model.layers;
        res->flow_length = c->data.length;
        res->flow_h = malloc(lt * sizeof *res->flow_h);
        if (c->model.cell == CELL_LSTM)
            res->flow_c = malloc(lt * sizeof *res->flow_c);
        if (!res->flow_h || (c->model.cell == CELL_LSTM && !res->flow_c))
            return RT_ENOMEM;
        if ((rc = runlog_json_flow(r, flow, res->flow_h, res->flow_c)) != RT_OK)
            return rc;
        res->marked_share = share;
        res->n_marked = (int)n_marked;
        res->has_gradients = true;
    }
    return RT_OK;
}

static int runlog_parse_jsonl(struct runlog_reader *r, const char *text, size_t len)
{
    size_t pos = 0;
    const char *s;
    size_t n;
    int rc = RT_OK;
    bool config_seen = false, final_seen = false;
    r->d->format = RUNLOG_JSONL;
    while (rc == RT_OK && runlog_next_line(text, len, &pos, &s, &n)) {
        r->line++;
        if (runlog_blank(s, n))
            continue;
        if (final_seen) {
            rc = runlog_fail(r, "a record after the final record");
            break;
        }
        struct json_value o;
        char jwhy[160];
        rc = json_parse(s, n, &runlog_json_limits, &o, jwhy, sizeof jwhy);
        if (rc != RT_OK) {
            if (!config_seen) {
                r->line = 0;
                runlog_fail(r, "not an rnntui log (its first line is not a JSON record)");
                rc = RT_EFORMAT;
            } else if (rc == RT_EFORMAT) {
                rc = runlog_fail(r, "not a JSON record (%s)", jwhy);
            }
            break;
        }
        if (!config_seen) {
            if (o.type == JSON_OBJECT) {
                rc = runlog_json_config(r, &o);
            } else {
                r->line = 0;
                rc = runlog_fail(r, "not an rnntui log (the first record is not an rnntui config record)");
            }
            config_seen = true;
        } else {
            const char *record = json_string(json_get(&o, "record"));
            if (o.type != JSON_OBJECT || !record)
                rc = runlog_fail(r, "not a record (an object with a \"record\" member)");
            else if (!strcmp(record, "epoch"))
                rc = runlog_json_epoch(r, &o);
            else if (!strcmp(record, "final")) {
                rc = runlog_json_final(r, &o);
                final_seen = true;
            } else
                rc = runlog_fail(r, "unknown record \"%.40s\"", record);
        }
        json_free(&o);
    }
    return rc;
}

int runlog_parse(const char *text, size_t len, struct runlog_data *out, char *why, size_t whyn)
{
    memset(out, 0, sizeof *out);
    struct runlog_reader r = { .d = out, .why = why, .whyn = whyn };
    if (why && whyn)
        why[0] = '\0';
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {     /* a UTF-8 byte order mark */
        text += 3;
        len -= 3;
    }
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (i == len)
        return runlog_fail(&r, "the file is empty");
    if (memchr(text, '\0', len))
        return runlog_fail(&r, "not an rnntui log (binary data)");
    locale_t old = iofile_locale_push();
    int rc = text[i] == '{' ? runlog_parse_jsonl(&r, text, len) : runlog_parse_csv(&r, text, len);
    iofile_locale_pop(old);
    if (rc == RT_OK && out->format == RUNLOG_CSV && r.line < 1)
        rc = runlog_fail(&r, "the file is empty");
    if (rc != RT_OK) {
        if (rc == RT_ENOMEM && why && whyn)
            snprintf(why, whyn, "out of memory");
        runlog_data_fini(out);
    }
    return rc;
}

int runlog_load(const char *path, struct runlog_data *out, char *why, size_t whyn)
{
    memset(out, 0, sizeof *out);
    char *text;
    size_t len;
    int rc = iofile_read_all(path, RUNLOG_MAX_BYTES, &text, &len);
    if (rc == RT_EFORMAT) {
        if (why && whyn)
            snprintf(why, whyn, "larger than %zu bytes: not an rnntui log", RUNLOG_MAX_BYTES);
        return rc;
    }
    if (rc != RT_OK) {
        if (why && whyn)
            snprintf(why, whyn, "%s", rc == RT_EIO ? strerror(errno) : rt_strerror(rc));
        return rc;
    }
    rc = runlog_parse(text, len, out, why, whyn);
    free(text);
    return rc;
}
