#include "config.h"

#include "rnntui/weights.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/cell.h"
#include "rnntui/status.h"
#include "iofile_impl.h"
#include "json.h"

/* The tensors a configuration has, as model_new() lays them out. */
struct weights_tensor {
    char name[48];
    int ndim;
    int dims[2];
    size_t size;
};

static int weights_layout(const struct model_config *cfg, struct weights_tensor *t)
{
    const int u = cfg->units, G = cell_gates(cfg->cell) * u;
    int n = 0;
    for (int l = 0; l <= cfg->layers; l++) {
        char lname[32];
        model_layer_name(cfg, l, lname, sizeof lname);
        static const char *const what[3] = { "kernel", "recurrent_kernel", "bias" };
        int count = l == cfg->layers ? 2 : 3;
        for (int k = 0; k < count; k++) {
            struct weights_tensor *w = &t[n++];
            snprintf(w->name, sizeof w->name, "%s/%s", lname, l == cfg->layers && k == 1 ? "bias" : what[k]);
            if (l == cfg->layers) {
                w->ndim = k == 0 ? 2 : 1;
                w->dims[0] = k == 0 ? u : 1;
                w->dims[1] = 1;
            } else if (k == 0) {
                w->ndim = 2;
                w->dims[0] = l == 0 ? cfg->inputs : u;
                w->dims[1] = G;
            } else if (k == 1) {
                w->ndim = 2;
                w->dims[0] = u;
                w->dims[1] = G;
            } else if (cfg->cell == CELL_GRU) {
                w->ndim = 2;
                w->dims[0] = 2;
                w->dims[1] = G;
            } else {
                w->ndim = 1;
                w->dims[0] = G;
                w->dims[1] = 1;
            }
            w->size = (size_t)w->dims[0] * (size_t)w->dims[1];
        }
    }
    return n;
}

/* ---- saving ---- */

static void weights_put_value(FILE *fp, rt_real v)
{
    char buf[IOFILE_NUM_MAX];
#ifdef RNNTUI_DOUBLE
    iofile_fmt_double(buf, v);
#else
    iofile_fmt_float(buf, v);
#endif
    fputs(buf, fp);
}

static void weights_put_row(FILE *fp, const rt_real *v, int n)
{
    fputc('[', fp);
    for (int j = 0; j < n; j++) {
        if (j)
            fputs(", ", fp);
        weights_put_value(fp, v[j]);
    }
    fputc(']', fp);
}

int weights_save(const char *path, bool force, const struct model *m)
{
    const struct model_config *cfg = &m->cfg;
    struct iofile f;
    int rc = iofile_begin(&f, path, force);
    if (rc != RT_OK)
        return rc;
    locale_t old = iofile_locale_push();
    FILE *fp = f.fp;
    fprintf(fp, "{\"format\": \"%s\", \"version\": %d, \"program\": \"%s %s\",\n",
            WEIGHTS_FORMAT, WEIGHTS_VERSION, PACKAGE_NAME, PACKAGE_VERSION);
    fprintf(fp, " \"cell\": \"%s\", \"units\": %d, \"layers\": %d, \"inputs\": %d, \"dtype\": \"%s\",\n",
            cell_name(cfg->cell), cfg->units, cfg->layers, cfg->inputs, RT_REAL_NAME);
    fputs(" \"weights\": [\n", fp);
    for (int i = 0; i < m->n_tensors; i++) {
        const struct model_tensor *t = &m->tensors[i];
        const rt_real *v = m->params + t->offset;
        fprintf(fp, "  {\"name\": \"%s\", ", t->name);
        if (t->ndim == 1) {
            fprintf(fp, "\"shape\": [%d], \"data\": ", t->dims[0]);
            weights_put_row(fp, v, t->dims[0]);
        } else {
            fprintf(fp, "\"shape\": [%d, %d], \"data\": [", t->dims[0], t->dims[1]);
            for (int r = 0; r < t->dims[0]; r++) {
                fputs("\n   ", fp);
                weights_put_row(fp, v + (size_t)r * t->dims[1], t->dims[1]);
                if (r + 1 < t->dims[0])
                    fputc(',', fp);
            }
            fputc(']', fp);
        }
        fputs(i + 1 < m->n_tensors ? "},\n" : "}\n", fp);
    }
    fputs(" ]}\n", fp);
    iofile_locale_pop(old);
    return iofile_commit(&f);
}

/* ---- loading ---- */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int weights_fail(char *why, size_t whyn, const char *fmt, ...)
{
    if (why && whyn) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, whyn, fmt, ap);
        va_end(ap);
        iofile_clean_text(why);
    }
    return RT_EFORMAT;
}

static void weights_shape_text(char *buf, size_t n, int ndim, const int *dims)
{
    if (ndim == 1)
        snprintf(buf, n, "[%d]", dims[0]);
    else
        snprintf(buf, n, "[%d, %d]", dims[0], dims[1]);
}

/* Converts v to rt_real, refusing NaN, infinities and values beyond range. */
static bool weights_value(double v, rt_real *out)
{
    if (!isfinite(v))
        return false;
#ifndef RNNTUI_DOUBLE
    if (fabs(v) > (double)FLT_MAX) {
        /* A decimal just above FLT_MAX may still round to it. */
        float f = (float)v;
        if (!isfinite(f))
            return false;
    }
#endif
    *out = (rt_real)v;
    return true;
}

static int weights_int_member(const struct json_value *root, const char *key, long long lo,
                              long long hi, long long *out, char *why, size_t whyn)
{
    const struct json_value *v = json_get(root, key);
    if (!v)
        return weights_fail(why, whyn, "no \"%s\" member", key);
    if (!json_int(v, lo, hi, out))
        return weights_fail(why, whyn, "\"%s\" must be an integer from %lld to %lld", key, lo, hi);
    return RT_OK;
}

/* "an LSTM with 1 layer of 30 units and 2 inputs", "a GRU with 2 layers ...". */
static void weights_describe(char *buf, size_t n, const struct model_config *c)
{
    snprintf(buf, n, "%s %s with %d layer%s of %d unit%s and %d input%s",
             c->cell == CELL_LSTM ? "an" : "a", cell_name(c->cell),
             c->layers, c->layers == 1 ? "" : "s", c->units, c->units == 1 ? "" : "s",
             c->inputs, c->inputs == 1 ? "" : "s");
}

static int weights_from_json(const struct json_value *root, struct weights *out, char *why,
                             size_t whyn)
{
    if (root->type != JSON_OBJECT)
        return weights_fail(why, whyn, "not an rnntui weights file (expected a JSON object)");
    const char *format = json_string(json_get(root, "format"));
    if (!format || strcmp(format, WEIGHTS_FORMAT) != 0)
        return weights_fail(why, whyn, "not an rnntui weights file (no \"format\": \"%s\")",
                            WEIGHTS_FORMAT);
    long long version, units, layers, inputs;
    int rc = weights_int_member(root, "version", 0, 1000000, &version, why, whyn);
    if (rc != RT_OK)
        return rc;
    if (version != WEIGHTS_VERSION)
        return weights_fail(why, whyn, "format version %lld is not supported (this program reads version %d)",
                            version, WEIGHTS_VERSION);
    const char *cell = json_string(json_get(root, "cell"));
    enum cell_kind kind;
    if (!cell)
        return weights_fail(why, whyn, "no \"cell\" member (SimpleRNN, LSTM or GRU)");
    if (cell_parse(cell, &kind) != RT_OK)
        return weights_fail(why, whyn, "unknown cell \"%.40s\" (expected SimpleRNN, LSTM or GRU)", cell);
    if ((rc = weights_int_member(root, "units", MODEL_MIN_UNITS, MODEL_MAX_UNITS, &units, why, whyn)) != RT_OK ||
        (rc = weights_int_member(root, "layers", MODEL_MIN_LAYERS, MODEL_MAX_LAYERS, &layers, why, whyn)) != RT_OK ||
        (rc = weights_int_member(root, "inputs", 1, 1024, &inputs, why, whyn)) != RT_OK)
        return rc;
    const struct json_value *dtype = json_get(root, "dtype");
    if (dtype) {
        const char *d = json_string(dtype);
        if (!d || (strcmp(d, "float32") != 0 && strcmp(d, "float64") != 0))
            return weights_fail(why, whyn, "\"dtype\" must be \"float32\" or \"float64\"");
    }
    struct model_config cfg = { .cell = kind, .units = (int)units, .layers = (int)layers,
                                .inputs = (int)inputs };
    struct weights_tensor layout[MODEL_MAX_TENSORS];
    int nt = weights_layout(&cfg, layout);

    const struct json_value *list = json_get(root, "weights");
    if (!list || list->type != JSON_ARRAY)
        return weights_fail(why, whyn, "no \"weights\" list");
    if (list->n != (size_t)nt) {
        char what[128];
        weights_describe(what, sizeof what, &cfg);
        return weights_fail(why, whyn, "%zu tensors where %s has %d", list->n, what, nt);
    }

    size_t n_params = model_param_count(&cfg);
    rt_real *params = malloc(n_params * sizeof *params);
    if (!params)
        return weights_fail(why, whyn, "out of memory"), RT_ENOMEM;
    size_t off = 0;
    for (int i = 0; i < nt; i++) {
        const struct weights_tensor *want = &layout[i];
        const struct json_value *t = json_item(list, (size_t)i);
        if (!t || t->type != JSON_OBJECT) {
            rc = weights_fail(why, whyn, "tensor %d (%s) is not an object", i, want->name);
            goto fail;
        }
        const struct json_value *name = json_get(t, "name");
        if (name && name->type != JSON_STRING) {
            rc = weights_fail(why, whyn, "tensor %d (%s): \"name\" must be a string", i, want->name);
            goto fail;
        }
        const struct json_value *shape = json_get(t, "shape");
        char wanted[40];
        weights_shape_text(wanted, sizeof wanted, want->ndim, want->dims);
        if (!shape || shape->type != JSON_ARRAY) {
            rc = weights_fail(why, whyn, "tensor %d (%s): no \"shape\" list (expected %s)", i,
                              want->name, wanted);
            goto fail;
        }
        bool same = shape->n == (size_t)want->ndim;
        int got[2] = { 0, 0 };
        for (size_t k = 0; k < shape->n && k < 2; k++) {
            double d;
            if (!json_number_at(shape, k, &d) || d != floor(d) || d < 0 || d > 1e9) {
                same = false;
                break;
            }
            got[k] = (int)d;
            if (got[k] != want->dims[k])
                same = false;
        }
        if (!same) {
            char have[40] = "(not a list of sizes)";
            if (shape->n >= 1 && shape->n <= 2 && (got[0] || got[1]))
                weights_shape_text(have, sizeof have, (int)shape->n, got);
            else if (shape->n > 2)
                snprintf(have, sizeof have, "with %zu dimensions", shape->n);
            rc = weights_fail(why, whyn, "tensor %d (%s): shape %s where %s is expected", i,
                              want->name, have, wanted);
            goto fail;
        }
        const struct json_value *data = json_get(t, "data");
        if (!data || data->type != JSON_ARRAY) {
            rc = weights_fail(why, whyn, "tensor %d (%s): no \"data\" list", i, want->name);
            goto fail;
        }
        int rows = want->ndim == 1 ? 1 : want->dims[0];
        int cols = want->ndim == 1 ? want->dims[0] : want->dims[1];
        if (want->ndim == 2 && data->n != (size_t)rows) {
            rc = weights_fail(why, whyn, "tensor %d (%s): %zu rows of data where shape %s has %d",
                              i, want->name, data->n, wanted, rows);
            goto fail;
        }
        for (int r = 0; r < rows; r++) {
            const struct json_value *row = want->ndim == 1 ? data : json_item(data, (size_t)r);
            if (!row || row->type != JSON_ARRAY || (row->n && !row->packed) || row->n != (size_t)cols) {
                rc = weights_fail(why, whyn, "tensor %d (%s): data row %d is not a list of %d numbers",
                                  i, want->name, r, cols);
                goto fail;
            }
            for (int c = 0; c < cols; c++) {
                double d = row->numbers[c];
                if (!weights_value(d, &params[off + (size_t)r * cols + c])) {
                    char at[40];
                    if (want->ndim == 1)
                        snprintf(at, sizeof at, "[%d]", c);
                    else
                        snprintf(at, sizeof at, "[%d, %d]", r, c);
                    rc = weights_fail(why, whyn, "tensor %d (%s): value %s at %s is not a finite %s",
                                      i, want->name, isnan(d) ? "NaN" : isinf(d) ? (d > 0 ? "Infinity" : "-Infinity") : "out of range",
                                      at, RT_REAL_NAME);
                    goto fail;
                }
            }
        }
        off += want->size;
    }
    out->model = cfg;
    out->n_params = n_params;
    out->params = params;
    return RT_OK;
fail:
    free(params);
    return rc;
}

int weights_parse(const char *text, size_t len, struct weights *out, char *why, size_t whyn)
{
    memset(out, 0, sizeof *out);
    if (why && whyn)
        why[0] = '\0';
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (i == len)
        return weights_fail(why, whyn, "the file is empty");
    /* Bounds for the largest model rnntui builds (about 63 million numbers). */
    const struct json_limits lim = {
        .max_depth = 8,
        .max_members = 64,
        .max_values = 1u << 20,
        .max_numbers = (size_t)80 << 20,
    };
    struct json_value root;
    char jwhy[160];
    int rc = json_parse(text, len, &lim, &root, jwhy, sizeof jwhy);
    if (rc != RT_OK) {
        static const char log_start[] = "{\"record\": \"config\"";
        if (rc == RT_EFORMAT && len - i >= sizeof log_start - 1 &&
            memcmp(text + i, log_start, sizeof log_start - 1) == 0)
            return weights_fail(why, whyn, "not an rnntui weights file (it looks like an rnntui run log)");
        if (rc == RT_EFORMAT)
            return weights_fail(why, whyn, "not valid JSON: %s", jwhy);
        return weights_fail(why, whyn, "%s", jwhy), rc;
    }
    rc = weights_from_json(&root, out, why, whyn);
    json_free(&root);
    return rc;
}

int weights_load(const char *path, struct weights *out, char *why, size_t whyn)
{
    memset(out, 0, sizeof *out);
    char *text;
    size_t len;
    int rc = iofile_read_all(path, WEIGHTS_MAX_BYTES, &text, &len);
    if (rc == RT_EFORMAT)
        return weights_fail(why, whyn, "larger than %zu bytes", WEIGHTS_MAX_BYTES);
    if (rc != RT_OK) {
        if (why && whyn)
            snprintf(why, whyn, "%s", rc == RT_EIO ? strerror(errno) : rt_strerror(rc));
        return rc;
    }
    rc = weights_parse(text, len, out, why, whyn);
    free(text);
    return rc;
}

void weights_fini(struct weights *w)
{
    free(w->params);
    memset(w, 0, sizeof *w);
}

int weights_match(const struct weights *w, const struct model_config *cfg, char *why, size_t whyn)
{
    if (w->model.cell == cfg->cell && w->model.units == cfg->units &&
        w->model.layers == cfg->layers && w->model.inputs == cfg->inputs)
        return RT_OK;
    char have[96], want[96];
    weights_describe(have, sizeof have, &w->model);
    weights_describe(want, sizeof want, cfg);
    return weights_fail(why, whyn, "the file holds %s; the configured model is %s", have, want);
}
