/*
 * runfiles.h - the file options of a run, for both front ends (headless and
 * the curses screen): --load-weights, --log/--log-format, --save-weights,
 * --export-data, --plot, --force, and --view without a screen.
 *
 * Order of a run:
 *     struct runfiles rf;
 *     if (runfiles_prepare(&rf, opts, &cfg)) -> print rf.error, exit 1
 *     train_job_start(&cfg, &job);
 *     loop: train_job_wait(); runfiles_sync(&rf, job) (non-zero: show
 *           rf.error, cancel the job)
 *     train_job_join(job);
 *     runfiles_finish(&rf, job) (non-zero: show rf.error, exit 1)
 *     train_job_free(job); runfiles_fini(&rf);
 * runfiles_prepare() finds every bad path before training starts and opens
 * the log; nothing here prints. rf.error holds one line per problem, each
 * meant to follow "rnntui: ".
 */
#ifndef RNNTUI_RUNFILES_H
#define RNNTUI_RUNFILES_H

#include <stdbool.h>
#include <stdio.h>

#include "rnntui/runlog.h"
#include "rnntui/train.h"
#include "rnntui/weights.h"

#include "options.h"

struct runfiles {
    const struct options *opts;
    struct weights weights;      /* --load-weights; cfg->init_params points here */
    struct runlog *log;          /* --log, open from prepare to finish */
    bool log_failed;             /* a write failed; the message is in error */
    bool too_big;                /* prepare refused the run's memory estimate (exit 2) */
    char error[1024];
};

/* One path of the command line for runfiles_clash_list(): an option's
 * file; input for --load-weights and --view. */
struct runfiles_name {
    const char *path;            /* NULL: not given */
    const char *opt;             /* "--log", ...: names of one option are not compared */
    bool input;
};
/* Whether two of the n names are the same file (iofile_same_file(): links
 * followed, devices and pipes excepted): 1 with a one-line message in
 * err[0..en), else 0. */
int  runfiles_clash_list(const struct runfiles_name *v, int n, char *err, size_t en);
/* runfiles_clash_list() on the file options of a single run: --load-weights,
 * --view, --log, --save-weights, --plot and the files of --export-data. The
 * front ends refuse a clash as a usage error (status 2) before anything
 * else; runfiles_check() checks again. */
int  runfiles_clash(const struct options *opts, char *err, size_t en);

/* Before training. Loads --load-weights into cfg (a copy of opts->train the
 * caller then starts): the file's cell, layers and units are taken unless
 * --cell, --units or --layers were given, in which case they must match.
 * Without a screen, refuses a run whose memory estimate is above the limit
 * (memlimit.h; rf->too_big set). Checks every output path, then creates the
 * log. Returns 0, or 1 with rf->error set and nothing left behind. */
int  runfiles_prepare(struct runfiles *rf, const struct options *opts, struct train_config *cfg);
/* runfiles_prepare() in two steps, for the screen, which checks at start-up
 * and creates or replaces the log only when a run starts: runfiles_check()
 * loads the weights and checks every path, creating nothing;
 * runfiles_open_log() then creates the log (0, or 1 with rf->error set). */
int  runfiles_check(struct runfiles *rf, const struct options *opts, struct train_config *cfg);
int  runfiles_open_log(struct runfiles *rf, const struct train_config *cfg);
/* Removes the log that runfiles_open_log() created or replaced, for a run
 * that did not start or failed before its first epoch. */
void runfiles_abandon(struct runfiles *rf);
/* While training: appends the job's new epochs to the log. Returns 0, or 1
 * once a write has failed (message set; the log keeps its whole records). */
int  runfiles_sync(struct runfiles *rf, struct train_job *job);
/* After train_job_join(): completes and closes the log, saves the weights
 * (only when the run finished), exports the data and writes the plot. Tries
 * every output; returns 0, or 1 with one line per failure in rf->error. A
 * run that failed before its first epoch (out of memory) writes nothing and
 * its log is removed (runfiles_abandon()). */
int  runfiles_finish(struct runfiles *rf, struct train_job *job);
/* Closes a log still open and frees the loaded weights. */
void runfiles_fini(struct runfiles *rf);

/* The one line for output that standard output refused ("cannot write to
 * standard output: No space left on device"), to err; nothing for EPIPE:
 * a reader that stopped (| head) ends the program quietly. */
void runfiles_stdout_error(FILE *err, int e);

/* Loads a log for --view: 0, or 1 with a message in err[0..n). */
int  runfiles_view_load(const char *path, struct runlog_data *out, char *err, size_t n);
/* --view FILE without a screen (with --plot FILE.svg and/or --headless):
 * writes the plot and, with --headless, prints the run to out. Returns the
 * exit status; messages go to err. */
int  runfiles_view(const struct options *opts, FILE *out, FILE *err);

#endif
