/*
 * files.h - the file options in the screen: --log, --log-format,
 * --save-weights, --load-weights, --export-data, --plot and --force work as
 * in --headless (src/runfiles.h), for every run started from the screen,
 * and --view shows a saved log instead of training.
 *
 * Before the screen opens, ui_files_boot() runs runfiles_prepare() for the
 * settings given on the command line: it loads --load-weights, checks every
 * output path and creates the log, so a bad path ends the program before
 * initscr. The first run started from the screen writes the paths as given
 * (if its settings were changed first, a JSON Lines log's config record is
 * written again for them). Run k = 2, 3, ... of the same session writes the
 * same names with "-k" before the extension (run.csv -> run-2.csv,
 * data/ -> data-2), checked and created when it starts; an existing file
 * refuses the start with a message unless --force. A path that is not a
 * regular file (/dev/null, a pipe) is written in place by every run. A log
 * created at start-up is removed again when the program ends before a run
 * used it.
 *
 * While a run goes, ui_files_sync() appends its epochs to the log; a failed
 * write cancels the run with a message. After the join, ui_files_end_run()
 * completes the log and writes the weights, data and plot, and keeps a copy
 * of the run (struct runlog_data) for the save-log key (prompt.h).
 *
 * Everything here runs on the UI thread; messages go to st->msg, and each
 * failure is also kept for stderr once the terminal is restored.
 */
#ifndef RNNTUI_UI_FILES_H
#define RNNTUI_UI_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "rnntui/runlog.h"
#include "rnntui/train.h"
#include "options.h"
#include "runfiles.h"

struct ui_state;

#define UI_FILES_PATH_MAX 4096

struct ui_files {
    const struct options *opts;        /* the command line (borrowed), or NULL */
    bool outputs;                      /* --log, --save-weights, --export-data or --plot */
    struct options run_opts;           /* opts with the paths of the current run */
    char path[4][UI_FILES_PATH_MAX];   /* run k's log, weights, data, plot */
    struct runfiles boot;              /* from ui_files_boot(): the loaded weights, run 1's log */
    bool boot_pending;                 /* boot's files are waiting for run 1 */
    struct train_config boot_cfg;      /* the settings boot's log was created for */
    struct runfiles next;              /* the files of a later run */
    struct runfiles *rf;               /* the current run's files, or NULL */
    int run;                           /* number of the run rf serves (1-based) */
    int runs_done;                     /* runs that had their files */

    /* These two and note stay valid after ui_files_fini(). */
    bool failed;                       /* an output could not be written: exit 1 */
    char errors[2048];                 /* every failure, one line each, for stderr */
    char note[UI_FILES_PATH_MAX + 64]; /* "the log run.csv holds 3 epochs", of the last run */

    struct runlog_data last;           /* the last run that ended (has_last) */
    bool has_last;
    struct runlog_data view;           /* --view FILE */
    bool viewing;
};

/* Before the screen opens: loads --load-weights into st's settings and
 * prepares the files of the first run (runfiles_prepare). Returns 0, or 1
 * with a one-line message (to follow "rnntui: ") in err[0..n). */
int  ui_files_boot(struct ui_state *st, const struct options *opts, char *err, size_t n);
/* Before the screen opens, for --view FILE: loads the log into st (chart,
 * results, logged settings). Returns 0, or 1 with a message in err. */
int  ui_files_view(struct ui_state *st, const char *path, char *err, size_t n);
/* The screen could not be opened after ui_files_boot(): removes what boot
 * created. */
void ui_files_abandon(struct ui_state *st);

/* Before train_job_start() with cfg: gets the run's files ready. Returns
 * true, or false with st->msg set (the run must not start). */
bool ui_files_begin_run(struct ui_state *st, const struct train_config *cfg);
/* train_job_start() failed after ui_files_begin_run(): removes what the run
 * created. */
void ui_files_cancel_run(struct ui_state *st);
/* While the job runs: appends new epochs to the log. Returns false after a
 * write failed (st->msg set); the caller cancels the job. */
bool ui_files_sync(struct ui_state *st, struct train_job *job);
/* After train_job_join(), before train_job_free(): completes the run's
 * files and keeps the run for the save key. Sets st->msg on a failure, or
 * appends the files written to it. */
void ui_files_end_run(struct ui_state *st, struct train_job *job);

/* For --view: whether act is refused (nothing is trained or edited), with
 * st->msg set; Enter and s toggle between results and settings. */
bool ui_files_view_refuses(struct ui_state *st, int act);

/* The run the save key writes: the running job (copied now into *tmp),
 * else the last run that ended, else the viewed log; NULL when there is no
 * run yet or the copy failed. The caller releases *tmp with
 * runlog_data_fini() in every case (it is zeroed when not used). */
const struct runlog_data *ui_files_current_run(struct ui_state *st, struct runlog_data *tmp);

/* Keeps a file failure of another part of the screen (a sweep's logs) for
 * stderr, and makes the program exit 1. */
void ui_files_keep_failure(struct ui_state *st, const char *text);

/* Frees everything; removes a boot log no run used. Safe after a failed
 * boot, and twice. */
void ui_files_fini(struct ui_state *st);

#endif
