/*
 * test_weights - the weights file: layout in Keras get_weights() order,
 * exact round trips (every float32 bit pattern that is finite), identical
 * predictions after save and load, and every refusal.
 */
#include "config.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/model.h"
#include "rnntui/rng.h"
#include "rnntui/status.h"
#include "rnntui/train.h"
#include "rnntui/weights.h"
#include "check.h"
#include "io_util.h"

static struct model *new_model(enum cell_kind kind, int units, int layers)
{
    struct model_config cfg = { .cell = kind, .units = units, .layers = layers, .inputs = 2 };
    struct rng r;
    rng_seed(&r, 7, RNG_STREAM_INIT);
    struct model *m = NULL;
    CHECK(model_new(&cfg, &r, &m) == RT_OK);
    return m;
}

/* Names, shapes and order in the file follow the model's tensors. */
static void test_layout(enum cell_kind kind)
{
    struct model *m = new_model(kind, 3, 3);
    if (!m)
        return;
    const char *p = io_path("layout.json");
    CHECK(weights_save(p, true, m) == RT_OK);
    char *text = io_read(p, NULL);
    CHECK(text != NULL);
    const char *at = text;
    for (int i = 0; text && i < m->n_tensors; i++) {
        const struct model_tensor *t = &m->tensors[i];
        char want[160];
        if (t->ndim == 1)
            snprintf(want, sizeof want, "{\"name\": \"%s\", \"shape\": [%d]", t->name, t->dims[0]);
        else
            snprintf(want, sizeof want, "{\"name\": \"%s\", \"shape\": [%d, %d]", t->name,
                     t->dims[0], t->dims[1]);
        const char *next = strstr(at, want);
        CHECKF(next != NULL, "tensor %d: %s not found in order", i, want);
        if (next)
            at = next + 1;
    }
    /* Keras shapes: GRU bias (2, 3u), LSTM kernel (2, 4u), dense (u, 1). */
    if (text && kind == CELL_GRU)
        CHECK(strstr(text, "\"gru/bias\", \"shape\": [2, 9]") != NULL);
    if (text && kind == CELL_LSTM)
        CHECK(strstr(text, "\"lstm/kernel\", \"shape\": [2, 12]") != NULL &&
              strstr(text, "\"lstm_1/recurrent_kernel\", \"shape\": [3, 12]") != NULL);
    if (text && kind == CELL_RNN)
        CHECK(strstr(text, "\"simple_rnn_2/bias\", \"shape\": [3]") != NULL);
    CHECK(text && strstr(text, "\"dense/kernel\", \"shape\": [3, 1]") != NULL);
    CHECK(text && strstr(text, "\"dense/bias\", \"shape\": [1]") != NULL);
    free(text);
    model_free(m);
}

/* Random finite bit patterns (denormals, -0, extremes) come back exactly. */
static void test_roundtrip_bits(enum cell_kind kind)
{
    struct model *m = new_model(kind, 8, 2);
    if (!m)
        return;
    struct rng r;
    rng_seed(&r, 99, 1);
    for (size_t i = 0; i < m->n_params; i++) {
        float f;
        do {
            uint32_t u = rng_u32(&r);
            memcpy(&f, &u, sizeof f);
        } while (!isfinite(f));
        m->params[i] = f;
    }
    const float special[] = { -0.0f, 0.0f, FLT_MIN, -FLT_MIN, FLT_MAX, -FLT_MAX, 1e-45f,
                              0.1f, 1.0f / 3, 16777217.0f, 3.4028233e38f, 1.17549421e-38f };
    for (size_t i = 0; i < sizeof special / sizeof *special; i++)
        m->params[i] = special[i];
    char name[32];
    snprintf(name, sizeof name, "bits%d.json", (int)kind);
    const char *p = io_path(name);
    CHECK(weights_save(p, false, m) == RT_OK);
    struct weights w;
    char why[256];
    int rc = weights_load(p, &w, why, sizeof why);
    CHECKF(rc == RT_OK, "%s", why);
    if (rc == RT_OK) {
        CHECK(w.model.cell == kind && w.model.units == 8 && w.model.layers == 2 && w.model.inputs == 2);
        CHECK(w.n_params == m->n_params);
        CHECK(memcmp(w.params, m->params, m->n_params * sizeof *w.params) == 0);
        CHECK(weights_match(&w, &m->cfg, why, sizeof why) == RT_OK);
        weights_fini(&w);
    }
    /* Saving again without force refuses and keeps the file. */
    size_t n1 = 0, n2 = 0;
    char *before = io_read(p, &n1);
    errno = 0;
    CHECK(weights_save(p, false, m) == RT_EIO && errno == EEXIST);
    char *after = io_read(p, &n2);
    CHECK(before && after && n1 == n2 && memcmp(before, after, n1) == 0);
    free(before);
    free(after);
    model_free(m);
}

/* train -> save -> load -> evaluate: the same test predictions, bit for bit;
 * and the loaded model trains on. */
static void test_predictions(enum cell_kind kind)
{
    struct train_config c;
    io_tiny_config(&c, kind, 2);
    struct train_job *a = io_run(&c);
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK(train_job_join(a) == RT_OK);
    const char *p = io_path("trained.json");
    CHECK(weights_save(p, true, train_job_model(a)) == RT_OK);
    struct weights w;
    char why[256];
    int rc = weights_load(p, &w, why, sizeof why);
    CHECKF(rc == RT_OK, "%s", why);
    if (rc == RT_OK) {
        struct train_config e = c;
        e.epochs = 0;
        e.init_params = w.params;
        struct train_job *b = io_run(&e);
        CHECK(b && train_job_join(b) == RT_OK);
        if (b) {
            const struct train_result *ra = train_job_result(a), *rb = train_job_result(b);
            CHECK(ra->n_test == rb->n_test && ra->n_test > 0);
            CHECK(memcmp(ra->test_prediction, rb->test_prediction,
                         (size_t)ra->n_test * sizeof *ra->test_prediction) == 0);
            CHECK(ra->test_loss == rb->test_loss && ra->correctness == rb->correctness);
            CHECK(memcmp(train_job_model(a)->params, train_job_model(b)->params,
                         w.n_params * sizeof *w.params) == 0);
            train_job_free(b);
        }
        e.epochs = 1;
        struct train_job *t = io_run(&e);
        CHECK(t && train_job_join(t) == RT_OK);
        if (t) {
            CHECK(isfinite(train_job_progress(t)->loss[0]));
            train_job_free(t);
        }
        weights_fini(&w);
    }
    train_job_free(a);
}

/* Expects weights_parse(text) to fail with RT_EFORMAT and a reason
 * containing `want`. */
static void refuse(const char *label, const char *text, size_t len, const char *want)
{
    struct weights w;
    char why[256] = "";
    int rc = weights_parse(text, len, &w, why, sizeof why);
    CHECKF(rc == RT_EFORMAT, "%s: status %d", label, rc);
    CHECKF(w.params == NULL, "%s: params left behind", label);
    CHECKF(why[0] && !strchr(why, '\n'), "%s: reason \"%s\" is not one line", label, why);
    if (want)
        CHECKF(strstr(why, want) != NULL, "%s: reason \"%s\" lacks \"%s\"", label, why, want);
    if (rc == RT_OK)
        weights_fini(&w);
}

static void refuse_edit(const char *label, const char *text, const char *from, const char *to,
                        const char *want)
{
    char *s = io_replace(text, from, to);
    CHECKF(s != NULL, "%s: \"%s\" not in the file", label, from);
    if (s)
        refuse(label, s, strlen(s), want);
    free(s);
}

static void test_refusals(void)
{
    struct model *m = new_model(CELL_RNN, 1, 1);
    if (!m)
        return;
    m->params[0] = 0.5f;            /* simple_rnn/kernel [0][0], a known number */
    const char *p = io_path("small.json");
    CHECK(weights_save(p, true, m) == RT_OK);
    size_t len;
    char *text = io_read(p, &len);
    CHECK(text != NULL);
    if (!text) {
        model_free(m);
        return;
    }
    /* The file as saved parses. */
    struct weights w;
    char why[256];
    CHECKF(weights_parse(text, len, &w, why, sizeof why) == RT_OK, "%s", why);
    weights_fini(&w);

    refuse("empty", "", 0, "empty");
    refuse("blank", " \n\t\n", 4, "empty");
    /* Every truncation (short of the final newline) is refused. */
    int accepted = 0;
    for (size_t k = 1; k + 1 < len; k++) {
        char why2[256];
        if (weights_parse(text, k, &w, why2, sizeof why2) != RT_EFORMAT) {
            accepted++;
            weights_fini(&w);
        }
    }
    CHECKF(accepted == 0, "%d truncations accepted", accepted);
    refuse("truncated", text, len / 2, "not valid JSON");

    char *junk = malloc(len + 8);
    memcpy(junk, text, len);
    memcpy(junk + len, "garbage", 8);
    refuse("trailing junk", junk, len + 7, "after the JSON value");
    memcpy(junk + len, "{}", 3);
    refuse("second object", junk, len + 2, "after the JSON value");
    free(junk);

    refuse_edit("NaN", text, "[0.5]", "[NaN]", "NaN");
    refuse_edit("Infinity", text, "[0.5]", "[Infinity]", "Infinity");
    refuse_edit("-Infinity", text, "[0.5]", "[-Infinity]", "Infinity");
    refuse_edit("beyond float32", text, "[0.5]", "[1e39]", "out of range");
    refuse_edit("null value", text, "[0.5]", "[null]", "not a list of 1 numbers");
    refuse_edit("string value", text, "[0.5]", "[\"0.5\"]", "not a list");
    refuse_edit("extra value", text, "[0.5]", "[0.5, 0.25]", "not a list of 1 numbers");
    refuse_edit("extra row", text, "[0.5]", "[0.5], [0.5]", "rows of data");
    refuse_edit("wrong cell", text, "\"SimpleRNN\"", "\"GRU\"", "shape [2, 1] where [2, 3] is expected");
    refuse_edit("unknown cell", text, "\"SimpleRNN\"", "\"Transformer\"", "unknown cell");
    refuse_edit("wrong shape", text, "\"shape\": [2, 1]", "\"shape\": [1, 2]", "shape [1, 2] where [2, 1]");
    refuse_edit("3-D shape", text, "\"shape\": [2, 1]", "\"shape\": [2, 1, 1]", "3 dimensions");
    refuse_edit("wrong units", text, "\"units\": 1", "\"units\": 2", "shape");
    refuse_edit("units out of range", text, "\"units\": 1", "\"units\": 0", "\"units\" must be");
    refuse_edit("layers", text, "\"layers\": 1", "\"layers\": 2", "tensors where");
    refuse_edit("not ours", text, "rnntui-weights", "keras-weights", "not an rnntui weights file");
    refuse_edit("version", text, "\"version\": 1", "\"version\": 2", "version 2 is not supported");
    refuse_edit("dtype", text, "float32", "int8", "dtype");
    refuse_edit("duplicate member", text, "\"units\": 1", "\"units\": 1, \"units\": 1", "duplicate");
    refuse_edit("missing weights", text, "\"weights\"", "\"weight\"", "no \"weights\" list");
    refuse_edit("bad escape", text, "\"simple_rnn/kernel\"", "\"\\q\"", "invalid escape");
    refuse("array", "[1, 2]", 6, "expected a JSON object");
    refuse("deep", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
           150, NULL);
    /* Random bytes. */
    struct rng r;
    rng_seed(&r, 3, 1);
    char bytes[512];
    for (int t = 0; t < 200; t++) {
        size_t n = 1 + rng_below(&r, sizeof bytes);
        for (size_t i = 0; i < n; i++)
            bytes[i] = (char)rng_u32(&r);
        bytes[0] = (char)(t & 1 ? '{' : bytes[0]);
        char why2[256];
        int rc = weights_parse(bytes, n, &w, why2, sizeof why2);
        CHECKF(rc == RT_EFORMAT, "random bytes %d: status %d", t, rc);
    }
    /* The loader's own refusals: a missing file, a directory. */
    errno = 0;
    CHECK(weights_load(io_path("missing.json"), &w, why, sizeof why) == RT_EIO && errno == ENOENT);
    CHECK(weights_load(io_dir, &w, why, sizeof why) == RT_EIO);
    /* A file of another architecture than configured. */
    CHECK(weights_parse(text, len, &w, why, sizeof why) == RT_OK);
    struct model_config lstm = { .cell = CELL_LSTM, .units = 1, .layers = 1, .inputs = 2 };
    CHECK(weights_match(&w, &lstm, why, sizeof why) == RT_EFORMAT);
    CHECKF(strstr(why, "SimpleRNN") && strstr(why, "LSTM"), "%s", why);
    weights_fini(&w);

    /* A file written by Python's json.dump (other spacing, member order,
     * full double precision) reads. */
    const char *py =
        "{\"weights\": [{\"data\": [[0.5], [0.25]], \"shape\": [2, 1], \"name\": \"a\"},"
        " {\"data\": [[-1.0]], \"shape\": [1, 1], \"name\": \"b\"},"
        " {\"data\": [0.0], \"shape\": [1], \"name\": \"c\"},"
        " {\"data\": [[0.10000000149011612]], \"shape\": [1, 1], \"name\": \"d\"},"
        " {\"data\": [1e-45], \"shape\": [1], \"name\": \"e\"}],"
        " \"cell\": \"simple_rnn\", \"units\": 1, \"layers\": 1, \"inputs\": 2,"
        " \"format\": \"rnntui-weights\", \"version\": 1}";
    int rc = weights_parse(py, strlen(py), &w, why, sizeof why);
    CHECKF(rc == RT_OK, "%s", why);
    if (rc == RT_OK) {
        CHECK(w.params[0] == 0.5f && w.params[2] == -1.0f && w.params[4] == 0.1f);
        CHECK(w.params[5] == 1e-45f);
        weights_fini(&w);
    }
    free(text);
    model_free(m);
}

int main(void)
{
    io_setup();
    for (int k = 0; k < CELL_COUNT; k++) {
        test_layout((enum cell_kind)k);
        test_roundtrip_bits((enum cell_kind)k);
        test_predictions((enum cell_kind)k);
    }
    test_refusals();
    return check_finish();
}
