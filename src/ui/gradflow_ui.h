/*
 * gradflow_ui.h - the gradient-flow view: how much of the loss gradient
 * reaches each earlier time step (DESIGN.md 9, rnntui/gradflow.h).
 *
 * Every run the screen starts records it (train_config.gradients, when the
 * record fits GRADFLOW_MAX_VALUES): after each epoch the job measures
 * g_l(t), the mean ||dL/dh_t|| over the probe set, per layer and step (LSTM
 * also ||dL/dc_t||) and publishes it like the loss. This module keeps the
 * UI's own copy of those records, one slot for the single run and one per
 * cell of a comparison, copied as the epochs come in, so the view works
 * while training and after it, or from a saved log (--view). The marked-
 * steps share of a finished run is in struct ui_result and the compare
 * rows (compare.h).
 *
 * The view (key g from the training, results, compare, state and settings
 * screens; Esc or g goes back) draws from those copies alone:
 *
 *   row y0        which run(s), which epoch, the probe set
 *   row y0+1      the headline ratio g(1)/g(T) per layer (compare: per cell)
 *   rows          log10 g against the step t: one curve per layer, glyphs
 *                 1, 2, ... (LSTM: c, its cell state's, for the chosen
 *                 layer); compare mode: R, L, G for the chosen layer, each
 *                 in its cell's colour, and LSTM's c
 *   rows          the strip of the chosen layer (and cell): epoch down,
 *                 step across, shade = log10 g
 *
 * Only the UI thread touches it.
 */
#ifndef RNNTUI_UI_GRADFLOW_UI_H
#define RNNTUI_UI_GRADFLOW_UI_H

#include <stdbool.h>

#include "compare.h"
#include "rnntui/runlog.h"
#include "rnntui/train.h"
#include "ui/app.h"

#define UI_GRADFLOW_SINGLE 0                      /* the slot of the single run */
#define UI_GRADFLOW_SLOTS (1 + COMPARE_CELLS)     /* compare cell k: slot 1 + k */

/* Turns on the record in cfg when it fits (train_config_check() refuses a
 * larger one); a run without it still trains, the view then says why. */
void ui_gradflow_config(struct train_config *cfg);
/* A run starts in slot with cfg (after train_job_start() succeeded): its
 * record begins empty. A compare run resets the other cells' slots when
 * slot is the first cell's. */
void ui_gradflow_begin(struct ui_state *st, int slot, const struct train_config *cfg);
/* Copies the epochs the job of slot published since the last call.
 * Returns whether there were new ones. */
bool ui_gradflow_copy(struct ui_state *st, int slot, struct train_job *job);
/* The job of slot has ended and been joined: its last epochs. */
void ui_gradflow_end(struct ui_state *st, int slot, struct train_job *job);
/* --view: the per-epoch record of a saved log, when it has one, becomes
 * the single run's. */
void ui_gradflow_view_log(struct ui_state *st, const struct runlog_data *d);
/* Moves to screen s when a job ends; while the gradient-flow view is open
 * it stays, and s becomes where Esc returns. */
void ui_gradflow_goto(struct ui_state *st, enum ui_screen s);

/* The actions of the view (UI_ACT_GRADFLOW*). Returns whether the screen
 * needs a redraw. */
bool ui_gradflow_apply(struct ui_state *st, enum ui_action act);
/* Draws the view between rows y0 and y1 (inclusive). */
void ui_gradflow_draw(const struct ui_state *st, int y0, int y1);
/* The status line of the view. */
const char *ui_gradflow_status(const struct ui_state *st);
void ui_gradflow_free(struct ui_state *st);

#endif
