/*
 * runlog.h - run logs: written as training goes, read back for --view and
 * --plot.
 *
 * Two formats. Epochs count from 0 in both, as Keras's CSVLogger does.
 *
 * CSV (RUNLOG_CSV), the layout of Keras's CSVLogger plus one column:
 *     epoch,loss,val_loss,seconds
 *     0,0.0581,0.0534,1.25
 * one row per finished epoch; numbers are the shortest decimals that read
 * back as the same float32; a non-finite value is written "nan"/"inf".
 *
 * JSON Lines (RUNLOG_JSONL), one JSON object per line:
 *   {"record": "config", "program": "rnntui", "version": "0.1.0", "format": 1,
 *    "cell": "LSTM", "units": 30, "layers": 2, "inputs": 2, "params": 11311,
 *    "epochs": 100, "batch_size": 32, "learning_rate": 0.001,
 *    "samples": 3000, "length": 100, "seed": 1, "threads": 0,
 *    "init": "keras" | "loaded",
 *    "split": {"train": 2048, "validation": 512, "test": 440}}
 *   {"record": "epoch", "epoch": 0, "loss": 0.0581, "val_loss": 0.0534, "seconds": 1.25}
 *   ...
 *   {"record": "final", "status": "done", "epochs_done": 100,
 *    "test_loss": 0.0012, "correctness": 92.5, "n_test": 440, "n_correct": 407,
 *    "table": [{"target": 0.21, "prediction": 0.2, "diff": 0.01}, ... 5 rows]}
 * A run recorded with cfg.gradients (--gradients, gradflow.h) adds
 * "gradients": true to the config record, and to each epoch record and the
 * final record of a finished run
 *    "gradient_flow": {"h": [[g_1(1), ..., g_1(T)], ... one row per layer],
 *                      "c": [...] (LSTM only)}
 * and to that final record "marked_share": 98.4, "n_marked": 433. The CSV
 * format does not carry them.
 * A run that does not finish ends with {"record": "final", "status":
 * "cancelled" | "diverged" | "failed", "epochs_done": N} (a diverged run adds
 * "diverged_epoch", 1-based); a killed run simply has no final record.
 * A non-finite number is written null.
 *
 * Writing: runlog_open() creates the file and writes the CSV header or the
 * config record before training starts; runlog_sync() then appends every
 * finished epoch not yet written, and the final record once the job has
 * ended. Each record goes to the file with one write(2) and nothing is
 * buffered in between, so a run killed at any point leaves a valid log up to
 * its last finished epoch. If a write fails (a full disk, a file size limit)
 * the file is cut back to its last whole record and RT_EIO is returned, then
 * and on every later call. An existing regular file is replaced only with
 * force (--force); see iofile.h.
 *
 * Reading: runlog_load() reads a log of either format (it tells them apart
 * by content) into a struct runlog_data, which is also what a finished or
 * running job converts to (runlog_data_from_job), so the chart, the plot and
 * the results screen take one type. Anything else is refused with
 * RT_EFORMAT and a one-line reason. A CSV log written by Keras's CSVLogger
 * reads too (columns epoch and loss are required, val_loss and seconds
 * optional, others ignored); it carries no configuration or results.
 */
#ifndef RNNTUI_RUNLOG_H
#define RNNTUI_RUNLOG_H

#include <stdbool.h>
#include <stddef.h>

#include "rnntui/train.h"

#define RUNLOG_FORMAT_VERSION 1
#define RUNLOG_MAX_BYTES ((size_t)64 << 20)      /* the reader refuses larger files */

enum runlog_format { RUNLOG_CSV, RUNLOG_JSONL };

/* How a run ended, as its log records it. */
enum runlog_status {
    RUNLOG_RUNNING,      /* no final record (still running, or killed) */
    RUNLOG_DONE,
    RUNLOG_CANCELLED,
    RUNLOG_DIVERGED,
    RUNLOG_FAILED
};

/* "csv" or "jsonl" (also "json", "ndjson"), any case: RT_OK or RT_EINVAL. */
int  runlog_format_parse(const char *s, enum runlog_format *out);
/* The format a file name asks for: JSONL for names ending in .jsonl,
 * .ndjson or .json, CSV otherwise. */
enum runlog_format runlog_format_for_path(const char *path);
const char *runlog_format_name(enum runlog_format fmt);     /* "csv", "jsonl" */
const char *runlog_status_name(enum runlog_status st);      /* "running", "done", ... */

/* ---- writing as a run goes ---- */

struct runlog;

/* Creates path (see iofile.h for force) and writes the CSV header or the
 * JSONL config record of cfg (borrowed, not kept). On failure nothing is
 * left behind. Returns RT_OK, RT_ENOMEM or RT_EIO with errno set (EEXIST
 * when the file exists and force is false). */
int  runlog_open(const char *path, enum runlog_format fmt, bool force,
                 const struct train_config *cfg, struct runlog **out);
/* Appends the job's finished epochs not yet in the log and, once the job's
 * state is TRAIN_DONE, TRAIN_CANCELLED or TRAIN_FAILED, its final record
 * (the results are read only after TRAIN_DONE is seen). Cheap when there is
 * nothing new: call it from the UI loop or after each train_job_wait(), and
 * once more after train_job_join(). Returns RT_OK or RT_EIO (errno set). */
int  runlog_sync(struct runlog *log, struct train_job *job);
/* Epoch rows written so far. */
int  runlog_rows(const struct runlog *log);
/* Closes the file and frees log (accepts NULL). Returns RT_OK, or RT_EIO
 * with errno set when close(2) failed or an earlier write had failed. */
int  runlog_close(struct runlog *log);
/* Closes the log and removes it when it is a regular file (the file that
 * runlog_open() created or replaced): for a run that failed before its
 * first epoch. Accepts NULL. */
void runlog_discard(struct runlog *log);

/* ---- a whole run in memory ---- */

/* A run as read from a log or copied from a job. Caller-owned struct;
 * release with runlog_data_fini(). */
struct runlog_data {
    enum runlog_format format;    /* of the file it came from */
    bool has_config;              /* false for a CSV log */
    struct train_config config;   /* when has_config; init_params is NULL */
    bool loaded_weights;          /* the run started from --load-weights */
    char version[32];             /* program version that wrote it, or "": printable
                                     ASCII (anything else read as '?') */
    int epochs;                   /* history rows */
    float *loss, *val_loss;       /* (epochs,); NaN where a value is missing */
    float *seconds;               /* (epochs,); NaN where missing */
    enum runlog_status status;
    int diverged_epoch;           /* 1-based, when status is RUNLOG_DIVERGED */
    bool has_result;              /* the final record held results */
    struct train_result result;   /* when has_result; test_prediction is NULL; when
                                   * result.has_gradients, result.flow_h/flow_c are
                                   * owned by this struct */
    /* Per-epoch gradient flow (gradflow.h, train_progress.flow_*) of a run
     * recorded with --gradients (JSONL or a job); else 0 and NULL. */
    int flow_layers, flow_length;
    float *flow_h;                /* (epochs, layers, T); NaN for an epoch without a record */
    float *flow_c;                /* LSTM: the same for ||dL/dc_t||; else NULL */
};

void runlog_data_fini(struct runlog_data *d);            /* accepts a zeroed struct */

/* Copies a job's configuration, finished epochs and, when the job is done,
 * results. Safe while the job runs. Returns RT_OK or RT_ENOMEM. */
int  runlog_data_from_job(struct train_job *job, struct runlog_data *out);

/* Reads a log of either format. Returns RT_OK, RT_ENOMEM, RT_EIO (errno
 * set) or RT_EFORMAT with a one-line reason in why[0..whyn), such as
 * "line 4: epoch 5 follows epoch 2". On failure *out holds nothing. */
int  runlog_load(const char *path, struct runlog_data *out, char *why, size_t whyn);
/* The same from a buffer (the file's bytes, need not be NUL-terminated). */
int  runlog_parse(const char *text, size_t len, struct runlog_data *out, char *why, size_t whyn);

/* Writes a whole log of d in format fmt through a temporary file (for the
 * UI's "save log" key, or to convert a log); the same records as
 * runlog_open()/runlog_sync() write. JSONL needs d->has_config (RT_EINVAL
 * otherwise). Returns RT_OK, RT_EINVAL, RT_ENOMEM or RT_EIO (errno set). */
int  runlog_write(const char *path, enum runlog_format fmt, bool force,
                  const struct runlog_data *d);

/* A file name for the log of a run, for the UI's "save log" prompt:
 * "rnntui-lstm-2x30-seed1-20261128-0542.jsonl" from cfg, the local time of
 * `when` (seconds since the epoch, which the caller reads: the core does not
 * read the clock) and the format's extension. */
void runlog_suggest_name(const struct train_config *cfg, long long when,
                         enum runlog_format fmt, char *buf, size_t n);

#endif
