/*
 * compare_ui.h - compare mode on the screen: SimpleRNN, LSTM and GRU trained
 * one after another on the same data and seed (src/compare.h), their
 * val_loss curves overlaid on one chart and a results table.
 *
 * The comparison runs one job at a time, each with the screen's settings
 * and its own cell. It is UI state like the single run's: only the UI
 * thread touches it; ui_compare_poll() copies what the running job
 * published without waiting, and when a job ends joins it, completes its
 * row and files and starts the next cell. The pause and cancel flags of the
 * screen (st->paused, st->cancelling) serve whichever job runs. An ended
 * job's model and data go to the state view (states.h).
 *
 * Files: with --log, --save-weights or --plot on the command line each cell
 * writes its own, named as in headless compare mode (run.csv ->
 * run-simplernn.csv, ...); all of them are checked before the first cell
 * starts, and an existing one refuses the comparison unless --force.
 */
#ifndef RNNTUI_UI_COMPARE_UI_H
#define RNNTUI_UI_COMPARE_UI_H

#include <stdbool.h>

#include "ui/app.h"

/* Starts a comparison with st's settings (their cell is ignored) and shows
 * its screen; refused with a message while a run goes. Returns whether the
 * screen needs a redraw. */
bool ui_compare_start(struct ui_state *st);
/* The actions of the compare screen (UI_ACT_COMPARE_*). */
bool ui_compare_apply(struct ui_state *st, enum ui_action act);
/* Copies the running job's progress; moves on when it ended. Never waits
 * for training work. Returns whether the screen needs a redraw. */
bool ui_compare_poll(struct ui_state *st);
/* Whether a comparison's job is running (or paused). */
bool ui_compare_running(const struct ui_state *st);
/* Asks the running job to stop; the comparison then ends. Returns whether
 * there was one. */
bool ui_compare_stop(struct ui_state *st);
/* The title bar's tag: "COMPARING", "PAUSED", "CANCELLING" or "COMPARED". */
const char *ui_compare_tag(const struct ui_state *st);
/* Draws the compare screen between rows y0 and y1 (inclusive). */
void ui_compare_draw(const struct ui_state *st, int y0, int y1);
/* Cancels and joins a running job, completes its files, frees it all. */
void ui_compare_free(struct ui_state *st);

#endif
