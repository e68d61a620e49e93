/*
 * test_runlog - run logs: written live from a job in both formats and read
 * back exactly, the same bytes as a whole-run write, overwrite rules, write
 * failures at open (/dev/full) and mid-run (a file size limit) that leave
 * only whole records, and the reader's refusals.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rnntui/runlog.h"
#include "rnntui/status.h"
#include "rnntui/train.h"
#include "check.h"
#include "io_util.h"

static bool same_floats(const float *a, const float *b, int n)
{
    return n == 0 || memcmp(a, b, (size_t)n * sizeof *a) == 0;
}

static void test_names(void)
{
    enum runlog_format f;
    CHECK(runlog_format_for_path("run.jsonl") == RUNLOG_JSONL);
    CHECK(runlog_format_for_path("RUN.NDJSON") == RUNLOG_JSONL);
    CHECK(runlog_format_for_path("a.json") == RUNLOG_JSONL);
    CHECK(runlog_format_for_path("a.csv") == RUNLOG_CSV);
    CHECK(runlog_format_for_path("jsonl") == RUNLOG_CSV);
    CHECK(runlog_format_parse("JSONL", &f) == RT_OK && f == RUNLOG_JSONL);
    CHECK(runlog_format_parse("csv", &f) == RT_OK && f == RUNLOG_CSV);
    CHECK(runlog_format_parse("xml", &f) == RT_EINVAL);
    CHECK(strcmp(runlog_status_name(RUNLOG_DIVERGED), "diverged") == 0);
    struct train_config c;
    train_config_default(&c);
    char name[128];
    runlog_suggest_name(&c, 0, RUNLOG_JSONL, name, sizeof name);
    CHECKF(strncmp(name, "rnntui-lstm-2x30-seed1-19", 25) == 0 || strncmp(name, "rnntui-lstm-2x30-seed1-20", 25) == 0, "%s", name);
    CHECKF(strlen(name) > 6 && strcmp(name + strlen(name) - 6, ".jsonl") == 0, "%s", name);
    c.model.cell = CELL_GRU;
    runlog_suggest_name(&c, 1700000000, RUNLOG_CSV, name, sizeof name);
    CHECKF(strncmp(name, "rnntui-gru-2x30-seed1-2023111", 29) == 0 && strstr(name, ".csv"), "%s", name);
}

/* A live run logged in both formats, read back and compared. */
static void test_live(enum cell_kind kind)
{
    struct train_config c;
    io_tiny_config(&c, kind, 4);
    const char *csv = io_path("live.csv"), *jsonl = io_path("live.jsonl");
    remove(csv);
    remove(jsonl);
    struct runlog *lc = NULL, *lj = NULL;
    CHECK(runlog_open(csv, RUNLOG_CSV, false, &c, &lc) == RT_OK);
    CHECK(runlog_open(jsonl, RUNLOG_JSONL, false, &c, &lj) == RT_OK);
    if (!lc || !lj)
        return;
    /* The header is there before training starts. */
    char *head = io_read(csv, NULL);
    CHECK(head && strcmp(head, "epoch,loss,val_loss,seconds\n") == 0);
    free(head);
    struct train_job *job;
    CHECK(train_job_start(&c, &job) == RT_OK);
    int seen = 0;
    for (;;) {
        seen = train_job_wait(job, seen, 1000);
        CHECK(runlog_sync(lc, job) == RT_OK);
        CHECK(runlog_sync(lj, job) == RT_OK);
        int st = atomic_load(&train_job_progress(job)->state);
        if (st != TRAIN_RUNNING && st != TRAIN_PAUSED)
            break;
    }
    CHECK(train_job_join(job) == RT_OK);
    CHECK(runlog_sync(lc, job) == RT_OK && runlog_sync(lj, job) == RT_OK);
    CHECK(runlog_sync(lj, job) == RT_OK);            /* nothing twice */
    CHECK(runlog_rows(lc) == 4 && runlog_rows(lj) == 4);
    CHECK(runlog_close(lc) == RT_OK);
    CHECK(runlog_close(lj) == RT_OK);

    const struct train_progress *p = train_job_progress(job);
    const struct train_result *res = train_job_result(job);
    struct runlog_data d;
    char why[256];
    int rc = runlog_load(csv, &d, why, sizeof why);
    CHECKF(rc == RT_OK, "%s", why);
    if (rc == RT_OK) {
        CHECK(d.format == RUNLOG_CSV && !d.has_config && !d.has_result);
        CHECK(d.epochs == 4);
        CHECK(same_floats(d.loss, p->loss, 4) && same_floats(d.val_loss, p->val_loss, 4) &&
              same_floats(d.seconds, p->seconds, 4));
        runlog_data_fini(&d);
    }
    rc = runlog_load(jsonl, &d, why, sizeof why);
    CHECKF(rc == RT_OK, "%s", why);
    if (rc == RT_OK) {
        CHECK(d.format == RUNLOG_JSONL && d.has_config && d.has_result);
        CHECK(d.status == RUNLOG_DONE && d.epochs == 4);
        CHECK(same_floats(d.loss, p->loss, 4) && same_floats(d.val_loss, p->val_loss, 4) &&
              same_floats(d.seconds, p->seconds, 4));
        const struct train_config *k = &d.config;
        CHECK(k->model.cell == kind && k->model.units == c.model.units &&
              k->model.layers == c.model.layers && k->model.inputs == 2);
        CHECK(k->epochs == c.epochs && k->batch_size == c.batch_size &&
              k->learning_rate == c.learning_rate && k->seed == c.seed &&
              k->threads == c.threads && k->data.samples == c.data.samples &&
              k->data.length == c.data.length && !d.loaded_weights);
        CHECK(strcmp(d.version, PACKAGE_VERSION) == 0);
        CHECK(d.result.test_loss == res->test_loss && d.result.correctness == res->correctness);
        CHECK(d.result.n_test == res->n_test && d.result.n_correct == res->n_correct);
        CHECK(d.result.table_rows == res->table_rows && res->table_rows == TRAIN_TABLE_ROWS);
        CHECK(same_floats(d.result.target, res->target, res->table_rows) &&
              same_floats(d.result.prediction, res->prediction, res->table_rows));
        runlog_data_fini(&d);
    }

    /* A whole-run write from the job gives the same bytes as the live log. */
    struct runlog_data j;
    CHECK(runlog_data_from_job(job, &j) == RT_OK);
    const char *csv2 = io_path("whole.csv"), *jsonl2 = io_path("whole.jsonl");
    CHECK(runlog_write(csv2, RUNLOG_CSV, true, &j) == RT_OK);
    CHECK(runlog_write(jsonl2, RUNLOG_JSONL, true, &j) == RT_OK);
    size_t n1 = 0, n2 = 0, n3 = 0, n4 = 0;
    char *a = io_read(csv, &n1), *b = io_read(csv2, &n2), *e = io_read(jsonl, &n3),
         *f = io_read(jsonl2, &n4);
    CHECK(a && b && n1 == n2 && memcmp(a, b, n1) == 0);
    CHECK(e && f && n3 == n4 && memcmp(e, f, n3) == 0);
    free(a);
    free(b);
    free(e);
    free(f);
    /* A CSV-loaded run has no configuration: JSONL needs one. */
    struct runlog_data fromcsv;
    CHECK(runlog_load(csv, &fromcsv, why, sizeof why) == RT_OK);
    CHECK(runlog_write(io_path("x.jsonl"), RUNLOG_JSONL, true, &fromcsv) == RT_EINVAL);
    runlog_data_fini(&fromcsv);
    runlog_data_fini(&j);
    train_job_free(job);
}

/* Existing files, directories, missing directories, /dev/full. */
static void test_open_refusals(void)
{
    struct train_config c;
    io_tiny_config(&c, CELL_LSTM, 1);
    const char *p = io_path("exists.csv");
    CHECK(io_write(p, "keep me\n", 8) == 0);
    struct runlog *log = NULL;
    errno = 0;
    CHECK(runlog_open(p, RUNLOG_CSV, false, &c, &log) == RT_EIO && errno == EEXIST && !log);
    char *t = io_read(p, NULL);
    CHECK(t && strcmp(t, "keep me\n") == 0);
    free(t);
    CHECK(runlog_open(p, RUNLOG_JSONL, true, &c, &log) == RT_OK && log);
    CHECK(runlog_close(log) == RT_OK);
    t = io_read(p, NULL);
    CHECK(t && strncmp(t, "{\"record\": \"config\"", 19) == 0);
    free(t);
    errno = 0;
    CHECK(runlog_open(io_dir, RUNLOG_CSV, true, &c, &log) == RT_EIO && errno == EISDIR);
    errno = 0;
    CHECK(runlog_open(io_path("no/such/dir.csv"), RUNLOG_CSV, false, &c, &log) == RT_EIO &&
          errno == ENOENT);
    if (access("/dev/full", W_OK) == 0) {
        errno = 0;
        CHECK(runlog_open("/dev/full", RUNLOG_JSONL, false, &c, &log) == RT_EIO && errno == ENOSPC);
        CHECK(log == NULL);
    }
    /* /dev/null is written in place, without --force. */
    CHECK(runlog_open("/dev/null", RUNLOG_CSV, false, &c, &log) == RT_OK);
    CHECK(runlog_close(log) == RT_OK);
}

/* A write that fails mid-run (file size limit: EFBIG) leaves the log cut at
 * its last whole record, and later calls keep failing. */
static void test_midrun_failure(void)
{
    struct train_config c;
    io_tiny_config(&c, CELL_RNN, 40);
    c.model.units = 2;
    struct train_job *job = io_run(&c);
    CHECK(job && train_job_join(job) == RT_OK);
    if (!job)
        return;
    const char *p = io_path("limited.jsonl");
    struct runlog *log = NULL;
    CHECK(runlog_open(p, RUNLOG_JSONL, true, &c, &log) == RT_OK);
    if (!log) {
        train_job_free(job);
        return;
    }
    struct stat st;
    CHECK(stat(p, &st) == 0);
    struct rlimit old, lim;
    CHECK(getrlimit(RLIMIT_FSIZE, &old) == 0);
    lim = old;
    lim.rlim_cur = (rlim_t)st.st_size + 1000;        /* about ten epoch records */
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    errno = 0;
    int rc = runlog_sync(log, job);
    int e = errno;
    CHECK(setrlimit(RLIMIT_FSIZE, &old) == 0);
    signal(SIGXFSZ, prev);
    CHECKF(rc == RT_EIO && e == EFBIG, "status %d errno %d", rc, e);
    int rows = runlog_rows(log);
    CHECK(rows > 0 && rows < 40);
    errno = 0;
    CHECK(runlog_sync(log, job) == RT_EIO && errno == EFBIG);   /* stays failed */
    CHECK(runlog_close(log) == RT_EIO);
    struct runlog_data d;
    char why[256];
    rc = runlog_load(p, &d, why, sizeof why);
    CHECKF(rc == RT_OK, "cut log refused: %s", why);
    if (rc == RT_OK) {
        CHECK(d.epochs == rows && d.status == RUNLOG_RUNNING);
        CHECK(same_floats(d.loss, train_job_progress(job)->loss, rows));
        runlog_data_fini(&d);
    }
    size_t n;
    char *t = io_read(p, &n);
    CHECK(t && n > 0 && t[n - 1] == '\n');
    free(t);
    train_job_free(job);
}

/* Expects runlog_parse(text) to fail with a one-line reason containing want. */
static void refuse_n(const char *label, const char *text, size_t len, const char *want)
{
    struct runlog_data d;
    char why[256] = "";
    int rc = runlog_parse(text, len, &d, why, sizeof why);
    CHECKF(rc == RT_EFORMAT, "%s: status %d", label, rc);
    CHECKF(!d.loss && d.epochs == 0, "%s: data left behind", label);
    CHECKF(why[0] && !strchr(why, '\n'), "%s: reason \"%s\"", label, why);
    if (want)
        CHECKF(strstr(why, want) != NULL, "%s: reason \"%s\" lacks \"%s\"", label, why, want);
    if (rc == RT_OK)
        runlog_data_fini(&d);
}

static void refuse(const char *label, const char *text, const char *want)
{
    refuse_n(label, text, strlen(text), want);
}

static void accept(const char *label, const char *text, int epochs)
{
    struct runlog_data d;
    char why[256] = "";
    int rc = runlog_parse(text, strlen(text), &d, why, sizeof why);
    CHECKF(rc == RT_OK, "%s: %s", label, why);
    if (rc == RT_OK) {
        CHECKF(d.epochs == epochs, "%s: %d epochs", label, d.epochs);
        runlog_data_fini(&d);
    }
}

#define CONFIG "{\"record\": \"config\", \"program\": \"rnntui\", \"version\": \"0.1.0\", \"format\": 1, " \
    "\"cell\": \"GRU\", \"units\": 4, \"layers\": 2, \"inputs\": 2, \"params\": 1, \"epochs\": 3, " \
    "\"batch_size\": 16, \"learning_rate\": 0.001, \"samples\": 120, \"length\": 8, " \
    "\"seed\": 18446744073709551615, \"threads\": 1, \"init\": \"loaded\"}\n"
#define EPOCH(i) "{\"record\": \"epoch\", \"epoch\": " #i ", \"loss\": 0.5, \"val_loss\": null, \"seconds\": 1}\n"

static void test_reader(void)
{
    /* Accepted: ours, Keras's CSVLogger (CRLF, other metrics), blank tail. */
    accept("csv", "epoch,loss,val_loss,seconds\n0,0.1,0.2,1\n1,nan,inf,NA\n", 2);
    accept("header only", "epoch,loss,val_loss,seconds\n", 0);
    accept("keras", "epoch,loss,val_loss\r\n0,0.0581,0.0534\r\n1,0.05,0.04\r\n", 2);
    accept("keras metrics", "epoch,loss,mae,val_loss,val_mae\n0,1,2,3,4\n", 1);
    accept("no newline at end", "epoch,loss\n0,1", 1);
    accept("blank tail", "epoch,loss\n0,1\n\n\n", 1);
    accept("jsonl", CONFIG EPOCH(0) EPOCH(1), 2);
    accept("jsonl final", CONFIG EPOCH(0) "{\"record\": \"final\", \"status\": \"diverged\", "
           "\"epochs_done\": 1, \"diverged_epoch\": 2}\n", 1);
    struct runlog_data d;
    char why[256];
    const char *full = CONFIG EPOCH(0) "{\"record\": \"final\", \"status\": \"done\", \"epochs_done\": 1, "
        "\"test_loss\": 0.25, \"correctness\": 12.5, \"n_test\": 8, \"n_correct\": 1, "
        "\"table\": [{\"target\": 0.5, \"prediction\": 0.25, \"diff\": 0.25}]}\n";
    CHECK(runlog_parse(full, strlen(full), &d, why, sizeof why) == RT_OK);
    CHECK(d.config.seed == UINT64_MAX && d.loaded_weights && d.config.model.cell == CELL_GRU);
    CHECK(isnan(d.val_loss[0]) && d.seconds[0] == 1.0f);
    CHECK(d.has_result && d.result.table_rows == 1 && d.result.prediction[0] == 0.25f &&
          d.result.correctness == 12.5 && d.status == RUNLOG_DONE);
    runlog_data_fini(&d);

    refuse("empty", "", "empty");
    refuse("blank", "\n \n", "empty");
    refuse_n("binary", "epoch,loss\n0,\0\n", 15, "binary");
    refuse("text", "hello world\n", "not an rnntui log");
    refuse("other csv", "name,age\nbob,3\n", "not an rnntui log");
    refuse("no loss", "epoch,acc\n0,1\n", "not an rnntui log");
    refuse("duplicate column", "epoch,loss,loss\n0,1,1\n", "twice");
    refuse("epoch order", "epoch,loss\n0,1\n2,1\n", "line 3: epoch \"2\" where 1 is expected");
    refuse("epoch junk", "epoch,loss\nx,1\n", "line 2");
    refuse("truncated row", "epoch,loss,val_loss\n0,1,1\n1,1\n", "line 3");
    refuse("bad number", "epoch,loss\n0,abc\n", "not a number");
    refuse("quoted", "epoch,loss\n0,\"1\"\n", "quoted");
    refuse("blank inside", "epoch,loss\n0,1\n\n1,1\n", "blank line");
    refuse("json not ours", "{\"a\": 1}\n", "not an rnntui log");
    refuse("json array", "[1, 2]\n", "not an rnntui log");
    refuse("json broken", "{\"record\": \"config\"\n", "not an rnntui log");
    refuse("other program", "{\"record\": \"config\", \"program\": \"keras\"}\n", "not an rnntui log");
    accept("config only", CONFIG, 0);
    refuse("config units", "{\"record\": \"config\", \"program\": \"rnntui\", \"format\": 1, "
           "\"cell\": \"GRU\", \"units\": 0}\n", "\"units\" must be");
    refuse("config format", "{\"record\": \"config\", \"program\": \"rnntui\", \"format\": 9}\n",
           "format 9 is not supported");
    refuse("truncated record", CONFIG EPOCH(0) "{\"record\": \"epoch\", \"epo", "line 3");
    refuse("epoch gap", CONFIG EPOCH(0) EPOCH(2), "line 3");
    refuse("too many epochs", CONFIG EPOCH(0) EPOCH(1) EPOCH(2) EPOCH(3), "more epochs");
    refuse("string loss", CONFIG "{\"record\": \"epoch\", \"epoch\": 0, \"loss\": \"x\"}\n", "\"loss\"");
    refuse("unknown record", CONFIG "{\"record\": \"hello\"}\n", "unknown record");
    refuse("after final", CONFIG "{\"record\": \"final\", \"status\": \"cancelled\", \"epochs_done\": 0}\n"
           EPOCH(0), "after the final record");
    refuse("final count", CONFIG EPOCH(0) "{\"record\": \"final\", \"status\": \"cancelled\", "
           "\"epochs_done\": 3}\n", "epochs_done");
    refuse("final status", CONFIG "{\"record\": \"final\", \"status\": \"great\", \"epochs_done\": 0}\n",
           "status");
    refuse("final table", CONFIG "{\"record\": \"final\", \"status\": \"done\", \"epochs_done\": 0, "
           "\"test_loss\": 1, \"correctness\": 1, \"n_test\": 1, \"n_correct\": 1, \"table\": 3}\n",
           "table");
    refuse("correctness", CONFIG "{\"record\": \"final\", \"status\": \"done\", \"epochs_done\": 0, "
           "\"test_loss\": 1, \"correctness\": 101, \"n_test\": 1, \"n_correct\": 1, \"table\": []}\n",
           "correctness");
    refuse("n_correct", CONFIG "{\"record\": \"final\", \"status\": \"done\", \"epochs_done\": 0, "
           "\"test_loss\": 1, \"correctness\": 1, \"n_test\": 1, \"n_correct\": 2, \"table\": []}\n",
           "n_correct");
    refuse("json trailing", CONFIG "{\"record\": \"epoch\", \"epoch\": 0, \"loss\": 1} x\n", "line 2");

    /* Every prefix of a valid log is read or refused, never more. */
    size_t n = strlen(full);
    int ok = 0;
    for (size_t k = 0; k <= n; k++) {
        int rc = runlog_parse(full, k, &d, why, sizeof why);
        CHECKF(rc == RT_OK || rc == RT_EFORMAT, "prefix %zu: status %d", k, rc);
        if (rc == RT_OK) {
            ok++;
            runlog_data_fini(&d);
        }
    }
    CHECK(ok >= 3);    /* after each of the three newlines */

    /* The loader on files: missing, a directory. */
    errno = 0;
    CHECK(runlog_load(io_path("missing.csv"), &d, why, sizeof why) == RT_EIO && errno == ENOENT);
    CHECK(runlog_load(io_dir, &d, why, sizeof why) == RT_EIO);
}

int main(void)
{
    io_setup();
    test_names();
    for (int k = 0; k < CELL_COUNT; k++)
        test_live((enum cell_kind)k);
    test_open_refusals();
    test_midrun_failure();
    test_reader();
    return check_finish();
}
