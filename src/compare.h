/*
 * compare.h - compare mode: SimpleRNN, LSTM and GRU trained one after
 * another on the same data and seed, and the table that sets them side by
 * side.
 *
 * The data come from their own stream of the seed (rng.h), so the three
 * jobs, each started with the same configuration but its own cell, train and
 * test on the very same samples. Each cell is its own job: the job already
 * uses every core, so running them one after another is as fast as running
 * them together, and each keeps the bit-for-bit reproducibility of a single
 * run (`--compare` gives the same numbers as three runs with `--cell`).
 *
 * Per-cell file names (--log, --save-weights, --plot): "-" and the cell's
 * name in lower case go before the file name's extension, or at its end when
 * it has none: run.csv -> run-simplernn.csv, run-lstm.csv, run-gru.csv;
 * logs/run -> logs/run-lstm. A path that exists as a device or pipe (such as
 * /dev/null) is used as it is for every cell. --export-data writes the data
 * once: it is the same for every cell.
 *
 * Compare mode is the sweep over the cell axis (rnntui/sweep.h): both front
 * ends run compare_plan() on the one runner of run lists. The headless
 * front end (compare_run) and the screen (src/ui/compare_ui.c) share the
 * rows and their formatting.
 */
#ifndef RNNTUI_COMPARE_H
#define RNNTUI_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rnntui/cell.h"
#include "rnntui/sweep.h"
#include "rnntui/train.h"

#include "options.h"

#define COMPARE_CELLS 3
#define COMPARE_THRESHOLD SWEEP_THRESHOLD  /* the "val<0.01" column: first epoch with val_loss below it */

/* The cells in the order they are trained: SimpleRNN, LSTM, GRU. */
extern const enum cell_kind compare_cells[COMPARE_CELLS];

enum compare_status {
    COMPARE_WAITING,              /* not started yet */
    COMPARE_RUNNING,
    COMPARE_DONE,
    COMPARE_CANCELLED,
    COMPARE_DIVERGED,
    COMPARE_FAILED,
    COMPARE_SKIPPED               /* not run: the comparison stopped before it */
};

/* One cell's line of the table. */
struct compare_row {
    enum cell_kind cell;
    enum compare_status status;
    size_t params;
    int epochs, epochs_done;
    double loss, val_loss;        /* of the last finished epoch (when epochs_done > 0) */
    double test_loss, correctness;/* when status is COMPARE_DONE */
    double seconds;               /* training time so far (the job's elapsed time) */
    int first_below;              /* 1-based first epoch with val_loss < COMPARE_THRESHOLD, or 0 */
    int diverged_epoch;           /* when COMPARE_DIVERGED */
    bool gradients;               /* recorded with --gradients (cfg.gradients) */
    double marked_share;          /* when gradients and COMPARE_DONE: percent of test samples
                                   * that look at the marked steps (gradflow.h) */
};

/* The per-cell name of path into buf[0..n) (see above). Returns 0, or -1
 * when it does not fit. */
int  compare_path(const char *path, enum cell_kind cell, char *buf, size_t n);
/* The plan of a comparison of cfg's settings: one run per cell, in the
 * order of compare_cells (the cell axis of rnntui/sweep.h). RT_OK,
 * RT_EINVAL (why set) or RT_ENOMEM. */
int  compare_plan(const struct train_config *cfg, struct sweep_plan *out, char *why, size_t n);

/* A waiting row of cell for the settings cfg (cfg's own cell is ignored). */
void compare_row_init(struct compare_row *r, enum cell_kind cell, const struct train_config *cfg);
/* Fills r from the outcome of its run so far (the runner keeps it). */
void compare_row_from_outcome(struct compare_row *r, const struct sweep_outcome *o);

/* One line of the table into buf[0..n), no newline; the header when r is
 * NULL. compact leaves out the loss and time columns (at most 56 columns
 * instead of 75). */
void compare_format_row(const struct compare_row *r, bool compact, char *buf, size_t n);
/* The "marked" column (the share of test samples that look at the marked
 * steps, "98.4 %") of r into buf[0..n), "-" until r is done; its header
 * when r is NULL. The table has it when the rows record gradients. */
void compare_format_share(const struct compare_row *r, char *buf, size_t n);
/* The whole table: a heading naming the shared settings, the header, one
 * line per row and a note on the last column. */
void compare_print_table(FILE *out, const struct train_config *cfg,
                         const struct compare_row *rows, int n);

/* runfiles_clash() for compare mode: whether two of the per-cell names of
 * every cell, the --export-data files or an input are the same file. 1
 * with a one-line message in err[0..n), else 0. */
int  compare_clash(const struct options *opts, char *err, size_t n);
/* Checks every per-cell output path of opts before the first training
 * starts, compare_clash() first. Returns 0, or 1 with a one-line message in err[0..n) meant to
 * follow "rnntui: " and, when brief is not NULL, a shorter one for the
 * screen's message line in brief[0..bn) ("PATH: reason"). */
int  compare_check_outputs(const struct options *opts, char *err, size_t n, char *brief, size_t bn);
/* The options of cell k: opts with the cell set and the per-cell file
 * names, which are kept in names (the caller's storage); --export-data only
 * for k == 0. Returns 0, or -1 when a name does not fit. */
struct compare_names { char log[4096], weights[4096], plot[4096]; };
int  compare_cell_options(const struct options *opts, int k, struct compare_names *names,
                          struct options *out);

/* --headless --compare: each cell's Keras-style run as headless_run prints
 * it, under a heading, then the table. Returns the exit status: 0 when
 * every cell finished; 1 when one diverged or failed (the others still
 * run), or on a file error; 128 plus the signal number when SIGINT or
 * SIGTERM stopped it (the cells after it are not run). */
int  compare_run(const struct options *opts);

#endif
