/*
 * states.h - the state view: what happens inside a trained network while it
 * reads one test sample.
 *
 * After a run ends (and, in compare mode, as each cell's run ends) its job
 * is kept here instead of being freed: its model and data are what the view
 * reads. For the chosen test sample and layer the view runs one forward
 * pass, the very model_forward() that evaluation uses (model.h), and reads
 * each step's state with model_work_state(): the hidden state h of every
 * unit, and for LSTM the cell state c and the input and forget gates i and
 * f, for GRU the update gate z. heat.c turns them into heat strips across
 * the time steps, under the sample's marker and value rows; this file only
 * holds the choice (cell, sample, layer, scroll), computes the pass when it
 * changes and copies the grid to the screen.
 *
 * Only the UI thread touches it; the jobs it keeps have ended (joined), so
 * their model and data are no longer written.
 */
#ifndef RNNTUI_UI_STATES_H
#define RNNTUI_UI_STATES_H

#include <stdbool.h>

#include "rnntui/train.h"
#include "ui/app.h"

/* Takes the ended job (after train_job_join()) for the state view when it
 * has a model and data: the first of a new set when `first` (the jobs kept
 * before are freed), else added to the current set (compare mode). Returns
 * true when it took the job, which the caller must then not free; false
 * when the caller keeps it. */
bool ui_states_adopt(struct ui_state *st, struct train_job *job, bool first);
/* Whether there is a trained model to look into. */
bool ui_states_available(const struct ui_state *st);
/* The actions of the state view (UI_ACT_STATES*). Returns whether the
 * screen needs a redraw. */
bool ui_states_apply(struct ui_state *st, enum ui_action act);
/* Draws the state view between rows y0 and y1 (inclusive). */
void ui_states_draw(const struct ui_state *st, int y0, int y1);
/* Frees the kept jobs and the view. */
void ui_states_free(struct ui_state *st);

#endif
