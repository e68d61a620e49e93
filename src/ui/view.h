/*
 * view.h - drawing the screen from struct ui_state.
 *
 * view_draw() only reads the state (which holds UI-owned copies of what
 * the trainer published) and draws the whole screen with erase() ... one
 * refresh(), laid out from LINES and COLS. Below UI_MIN_COLS x UI_MIN_ROWS
 * it draws one line saying so instead of the layout.
 */
#ifndef RNNTUI_UI_VIEW_H
#define RNNTUI_UI_VIEW_H

#include "ui/app.h"

#define UI_MIN_COLS 60
#define UI_MIN_ROWS 18

void view_draw(const struct ui_state *st);

#endif
