/*
 * sweep_ui.h - sweeps on the screen: a form (S from the settings) that
 * chooses the cells, lengths, seeds and optionally one more axis; the
 * sweep's runs on the core's runner (rnntui/sweep.h), several at once when
 * the cores allow; correctness against length drawn as they finish (one
 * curve per cell: each seed's point in lower case, the median in capitals,
 * the medians joined); the running run's loss curves small beside it; and
 * the table of cell x length (median, min-max correctness, median first
 * epoch of val_loss < 0.01).
 *
 * The form's fields take the text of the headless --sweep lists and are
 * checked by the same parser (sweep_spec_add): "rnn,lstm,gru", "5,10,20",
 * "1..3", and "units=8,16" for the extra axis. Every other setting is the
 * settings screen's.
 *
 * Files: w saves every run that has started into a directory, one JSON
 * Lines log per run named as --log DIR/ names them (the run's name, e.g.
 * lstm-length20-seed2.jsonl); `rnntui --view DIR` reads such a directory
 * back into the same screen (read only), through the core's reader. The
 * sweep's jobs are not kept for the state view.
 *
 * UI state like the rest: only the UI thread touches it; ui_sweep_poll()
 * polls the runner (which calls the hooks here) and never waits.
 */
#ifndef RNNTUI_UI_SWEEP_UI_H
#define RNNTUI_UI_SWEEP_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/app.h"

/* Opens the sweep form (S). Returns whether the screen needs a redraw. */
bool ui_sweep_form(struct ui_state *st);
/* The actions of the form and of the sweep screen (UI_ACT_SWEEP_*); key is
 * the key pressed, for UI_ACT_SWEEP_TYPE. */
bool ui_sweep_apply(struct ui_state *st, enum ui_action act, int key);
/* Whether key is typed into the form's focused field. */
bool ui_sweep_typable(int key);
/* Polls the runner: new epochs, ended runs, the next runs. Never waits for
 * training work. Returns whether the screen needs a redraw. */
bool ui_sweep_poll(struct ui_state *st);
/* Whether a sweep's runs are going (or paused). */
bool ui_sweep_running(const struct ui_state *st);
/* Asks the running runs to stop; the sweep then ends. Returns whether a
 * sweep was running. */
bool ui_sweep_stop(struct ui_state *st);
/* The title bar's tag: "SWEEP" (the form), "SWEEPING", "PAUSED",
 * "CANCELLING", "SWEPT" or "VIEW". */
const char *ui_sweep_tag(const struct ui_state *st);
/* Draws the form or the sweep between rows y0 and y1 (inclusive). */
void ui_sweep_draw(const struct ui_state *st, int y0, int y1);

/* --view DIR (or several logs) before the screen opens: reads the sweep's
 * logs with sweep_logs_load() (src/sweep_cli.h) and shows them read only.
 * Returns 0, or 1 with the reader's message in err[0..n). Files the reader
 * skipped are counted on the message line and their lines kept in
 * skipped[0..sn) for stderr after the screen closes. */
int  ui_sweep_view(struct ui_state *st, const char *const *paths, int n_paths, char *err, size_t n,
                   char *skipped, size_t sn);
/* The save key on the sweep screen: the suggested directory name. Returns
 * false (message set) when no run has started. */
bool ui_sweep_save_suggest(struct ui_state *st, char *buf, size_t n);
/* Writes the logs of every run that started into dir (created; with
 * force, existing logs are replaced). Returns RT_OK, or RT_EIO with errno
 * set (EEXIST: a log is there and force is false), RT_ENOMEM; *saved gets
 * the number of logs written. */
int  ui_sweep_save(struct ui_state *st, const char *dir, bool force, int *saved);

/* --sweep on the command line, before the screen opens: builds the plan of
 * opts->sweep over opts' settings (nothing else is touched). Returns 0, or
 * 2 (a bad sweep) or 1 with a one-line message in err[0..n). opts is kept:
 * with --log DIR/ each run writes DIR/NAME.jsonl as in --headless, and
 * --plot the sweep's SVG chart when it ends. */
int  ui_sweep_boot(struct ui_state *st, const struct options *opts, char *err, size_t n);
/* Then, once the terminal is known to be usable: checks --plot and the
 * --log directory (sweep_check_log_dir, which creates it) as --headless
 * does. Returns 0, or 1 with a message in err[0..n). */
int  ui_sweep_boot_files(struct ui_state *st, char *err, size_t n);
/* Once the screen is open: starts the sweep of ui_sweep_boot() (--jobs
 * runs at once, or as the cores allow). Returns whether it did. */
bool ui_sweep_begin(struct ui_state *st);

/* Cancels and joins the running runs, frees it all. */
void ui_sweep_free(struct ui_state *st);

#endif
