/*
 * sweep.h - sweeps: lists of runs that differ along named axes, the one
 * runner of such lists (compare mode is the sweep over the cell axis), and
 * the reduction of their results per point (median, min, max over seeds).
 *
 * Three steps, none of which prints, exits or touches a file:
 *
 *   1. A spec (struct sweep_spec) holds the swept axes in the order they
 *      were given, each with its values: sweep_spec_add("length=5,10,20").
 *      A value list is a comma list; integer axes also take ranges a..b.
 *   2. A plan (struct sweep_plan) is the spec expanded over a base
 *      configuration: one struct sweep_run per combination, each with its
 *      full train_config and a file-name-safe name that says its settings
 *      ("lstm-length20-seed2"). The first axis given is the outermost loop;
 *      runs that differ only in their seed form a point.
 *   3. The runner (struct sweep_runner) starts the runs of a plan one after
 *      another, or several at once, and calls the front end's hooks as each
 *      starts, progresses and ends. It never blocks unless asked to wait.
 *      Every run is started with its own configuration through
 *      train_job_start(), so it gives exactly the numbers of the same single
 *      run: the loss history does not depend on the thread count (train.h)
 *      and jobs share nothing.
 *
 * Reduction: sweep_reduce() groups runs into points and computes, over the
 * finished runs of each point, the median, min and max correctness and the
 * median of the first epoch whose val_loss is below SWEEP_THRESHOLD. The
 * same function serves a live sweep and one read back from logs
 * (sweep_run_from_log), so both give the same table.
 *
 * Threads: the UI thread (or the headless loop) owns the runner; the hooks
 * run on that thread, inside sweep_runner_poll().
 */
#ifndef RNNTUI_SWEEP_H
#define RNNTUI_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rnntui/runlog.h"
#include "rnntui/train.h"

#define SWEEP_MAX_RUNS 10000       /* a plan of more runs is refused */
#define SWEEP_THRESHOLD 0.01       /* the "val<0.01" column */

/* The settings a sweep can vary. The order of this enum is the canonical
 * order of the names and of the table's columns. */
enum sweep_axis {
    SWEEP_CELL,
    SWEEP_UNITS,
    SWEEP_LAYERS,
    SWEEP_LENGTH,
    SWEEP_SAMPLES,
    SWEEP_EPOCHS,
    SWEEP_BATCH,
    SWEEP_LR,
    SWEEP_SEED,
    SWEEP_AXES
};

/* One value of an axis: the cell (enum cell_kind) and integers in i, the
 * learning rate in x. */
struct sweep_value {
    uint64_t i;
    double x;
};

/* The option name of an axis: "cell", "units", "layers", "length",
 * "samples", "epochs", "batch-size", "learning-rate", "seed". */
const char *sweep_axis_name(enum sweep_axis a);
/* Its tag in run names: "units", "layers", "length", "samples", "epochs",
 * "batch", "lr", "seed" (and "" for the cell, whose name stands alone). */
const char *sweep_axis_tag(enum sweep_axis a);
/* The axis named s (option name, or tag): RT_OK or RT_EINVAL. */
int  sweep_axis_parse(const char *s, enum sweep_axis *out);
/* The value of axis a in cfg. */
struct sweep_value sweep_axis_get(const struct train_config *cfg, enum sweep_axis a);
void sweep_axis_set(struct train_config *cfg, enum sweep_axis a, struct sweep_value v);
/* A value as text: "LSTM" (the cell's display name), "20", "0.001".
 * With tag true, as it goes in a run name: "lstm", "20", "0.001". */
void sweep_value_text(enum sweep_axis a, struct sweep_value v, bool tag, char *buf, size_t n);
/* Whether two values of axis a are equal, and their order (-1, 0, 1). */
int  sweep_value_cmp(enum sweep_axis a, struct sweep_value p, struct sweep_value q);

/* ---- 1. the spec ---- */

struct sweep_spec {
    int n_axes;                          /* axes given, in that order */
    enum sweep_axis axis[SWEEP_AXES];
    int n_values[SWEEP_AXES];            /* per position */
    struct sweep_value *values[SWEEP_AXES];
};

void sweep_spec_init(struct sweep_spec *s);
void sweep_spec_fini(struct sweep_spec *s);
/* Parses "AXIS=LIST" (LIST as above; for cell the names of cell_parse())
 * and appends the axis. Each value is checked against the option's range
 * (length 2..100000, ...). Refused with RT_EINVAL and a one-line reason in
 * why[0..n): an unknown axis, an axis given twice, an empty list or item,
 * a bad or out-of-range value, a value given twice, a list of more than
 * SWEEP_MAX_RUNS values. RT_ENOMEM when out of memory. */
int  sweep_spec_add(struct sweep_spec *s, const char *text, char *why, size_t n);
/* The same for one axis and its list ("lstm,gru" for SWEEP_CELL). */
int  sweep_spec_add_axis(struct sweep_spec *s, enum sweep_axis a, const char *list,
                         char *why, size_t n);
/* Whether axis a is in the spec. */
bool sweep_spec_has(const struct sweep_spec *s, enum sweep_axis a);

/* ---- 2. the plan ---- */

enum sweep_status {
    SWEEP_WAITING,        /* not started yet */
    SWEEP_RUNNING,
    SWEEP_DONE,
    SWEEP_CANCELLED,
    SWEEP_DIVERGED,
    SWEEP_FAILED,
    SWEEP_SKIPPED         /* not run: the sweep stopped before it (or, for a
                           * log, it has no final record: SWEEP_RUNNING) */
};

/* What a run gave (or has given so far). */
struct sweep_outcome {
    enum sweep_status status;
    int epochs_done;
    double loss, val_loss;        /* of the last finished epoch, NaN before */
    double test_loss, correctness;/* when SWEEP_DONE, else NaN */
    int first_below;              /* 1-based first epoch with val_loss < SWEEP_THRESHOLD, or 0 */
    int diverged_epoch;           /* when SWEEP_DIVERGED */
    double seconds;               /* training time (the job's elapsed time) */
    double marked_share;          /* when SWEEP_DONE with gradients recorded: percent of test
                                   * samples that look at the marked steps (gradflow.h), else NaN */
};

struct sweep_run {
    struct train_config cfg;      /* everything this run trains with */
    char name[160];               /* "lstm-length20-seed2" (see sweep_run_name) */
    int point;                    /* index into the plan's points */
    struct sweep_outcome out;
};

struct sweep_plan {
    int n_axes;                   /* the swept axes, canonical order (cell first) */
    enum sweep_axis axis[SWEEP_AXES];
    int n_runs;
    struct sweep_run *runs;       /* (n_runs,), in the order they run */
    int n_points;                 /* distinct settings apart from the seed */
};

/* The order of runs x and y of plan by each swept axis but the seed and
 * `skip`, in canonical order (-1, 0, 1): 0 for runs of one point when skip
 * is SWEEP_SEED, of one row of a table across skip otherwise. */
int  sweep_cmp_except(const struct sweep_plan *plan, enum sweep_axis skip,
                      const struct train_config *x, const struct train_config *y);

/* The name of a run of cfg in a sweep over axes[0..n): the cell in lower
 * case, then "-TAGVALUE" for every other axis in canonical order:
 * "lstm-length20-seed2", "gru-lr0.001-seed1". Safe as a file name. */
void sweep_run_name(const struct train_config *cfg, const enum sweep_axis *axes, int n,
                    char *buf, size_t size);

/* Expands spec over base (the settings of every axis not swept; its
 * init_params must be NULL) into out. Every run's configuration is checked
 * (train_config_check) and a default batch size (base->batch_size ==
 * TRAIN_DEFAULT_BATCH and batch not swept) is cut to a smaller training
 * set, as opt_parse does. RT_OK; RT_EINVAL with a one-line reason in
 * why[0..n) (no axis, more than SWEEP_MAX_RUNS runs, a run whose settings
 * do not go together); RT_ENOMEM. An axis not in the spec keeps base's
 * value (a front end that sweeps the cells by default adds the cell axis
 * last, so it is the innermost loop). Points are numbered in table order
 * (see sweep_reduce). */
int  sweep_plan_build(const struct sweep_spec *spec, const struct train_config *base,
                      struct sweep_plan *out, char *why, size_t n);
/* A plan from runs already known (read from logs): takes the n runs
 * (copied), the axes, and numbers the points. RT_OK or RT_ENOMEM. */
int  sweep_plan_from_runs(const struct sweep_run *runs, int n, const enum sweep_axis *axes,
                          int n_axes, struct sweep_plan *out);
void sweep_plan_fini(struct sweep_plan *p);          /* accepts a zeroed struct */

/* ---- outcomes ---- */

/* A waiting outcome (NaN losses). */
void sweep_outcome_init(struct sweep_outcome *o);
/* Fills o from a job (running or ended): its finished epochs and elapsed
 * time; when join_status is not 1, the job has been joined with that status
 * and o gets its final state and results. */
void sweep_outcome_from_job(struct sweep_outcome *o, struct train_job *job, int join_status);
/* Fills o from a log read back: RUNLOG_RUNNING (no final record) becomes
 * SWEEP_RUNNING. */
void sweep_outcome_from_log(struct sweep_outcome *o, const struct runlog_data *d);
/* The 1-based first epoch with val_loss < threshold, or 0. */
int  sweep_first_below(const float *val_loss, int n, double threshold);
/* "done", "running", "cancelled", "diverged", "failed", "waiting", "not run". */
const char *sweep_status_name(enum sweep_status st);

/* ---- 3. the runner ---- */

/* The front end's hooks, all called on the thread that polls. Any may be
 * NULL. */
struct sweep_hooks {
    void *ctx;
    /* Before run i starts: may change *cfg (for example set init_params)
     * and open files. Non-zero: run i is not started and is marked
     * SWEEP_FAILED (the sweep goes on unless the hook stops it). */
    int  (*start)(void *ctx, int i, struct train_config *cfg);
    /* Run i has finished new epochs (epochs_done > what was seen). */
    void (*progress)(void *ctx, int i, struct train_job *job);
    /* Run i has ended and been joined with status (RT_OK, RT_ECANCELED,
     * RT_EDIVERGED, ...); its outcome is filled. The hook may take the job
     * (set *job = NULL and free it later); otherwise the runner frees it.
     * Also called with *job == NULL when train_job_start() failed. */
    void (*end)(void *ctx, int i, struct train_job **job, int status);
};

struct sweep_runner;

/* A runner of plan (borrowed: the runner writes the runs' outcomes; keep
 * the plan alive until sweep_runner_free). Only the runs whose outcome is
 * SWEEP_WAITING are started: a front end that resumes a sweep fills the
 * others' outcomes (sweep_outcome_from_log) first. jobs: runs at once, >= 1.
 * threads: compute threads of each run; 0 = the run's own setting (its
 * cfg.threads). RT_OK, RT_EINVAL or RT_ENOMEM. Nothing starts until the
 * first poll. */
int  sweep_runner_new(struct sweep_plan *plan, int jobs, int threads,
                      const struct sweep_hooks *hooks, struct sweep_runner **out);
/* Starts runs while fewer than `jobs` run, calls the hooks for new epochs
 * and ended runs. Never waits for training. Returns true while the sweep
 * is not over (runs waiting or running). */
bool sweep_runner_poll(struct sweep_runner *r);
/* Waits at most timeout_ms for something to poll (an epoch or an end of a
 * running run); returns at once when nothing runs. */
void sweep_runner_wait(struct sweep_runner *r, int timeout_ms);
/* Cancels the running runs and starts no more; the waiting ones become
 * SWEEP_SKIPPED. Keep polling until poll returns false. */
void sweep_runner_stop(struct sweep_runner *r);
/* Pauses or resumes the running runs (between batches). */
void sweep_runner_pause(struct sweep_runner *r, bool paused);
/* Runs running now; their indexes into idx[0..n) (at most n). */
int  sweep_runner_running(const struct sweep_runner *r, int *idx, int n);
/* The job of running run i, or NULL: for a screen that draws its curve.
 * Borrowed; valid until the next poll. */
struct train_job *sweep_runner_job(const struct sweep_runner *r, int i);
/* Runs ended so far; the sum of their training times (seconds). */
int  sweep_runner_ended(const struct sweep_runner *r, double *seconds);
/* Cancels and joins what still runs (calling the end hook), then frees. */
void sweep_runner_free(struct sweep_runner *r);

/* How many runs to start at once on `cores` cores when each run uses
 * `threads` compute threads (0: one each): max(1, cores / threads), at most
 * runs. */
int  sweep_auto_jobs(int cores, int threads, int runs);

/* ---- reduction ---- */

struct sweep_point {
    int first;                    /* index of its first run in the plan */
    int runs, done;               /* runs of the point, of them finished (SWEEP_DONE) */
    int ended;                    /* ended in any way (done, diverged, ...) */
    double median, min, max;      /* correctness over the done runs; NaN when none */
    int below;                    /* done runs that reached val_loss < SWEEP_THRESHOLD */
    double median_below;          /* median first epoch below it over the done runs, a
                                   * run that never reached it counting as INFINITY (so
                                   * INFINITY means "never" for most); 0 when none is done */
};

/* The points of plan in table order: by cell, then by each other swept
 * axis's value ascending (seed excepted). out has room for plan->n_points.
 * Call again to update while the sweep runs. */
void sweep_reduce(const struct sweep_plan *plan, struct sweep_point *out);

/* One line of the table into buf[0..n), no newline: the point's settings
 * (one column per swept axis but seed), "done/runs", median, min-max and
 * median val<0.01 epoch; the header when pt is NULL. */
void sweep_format_point(const struct sweep_plan *plan, const struct sweep_point *pt,
                        char *buf, size_t n);

#endif
