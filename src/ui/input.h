/*
 * input.h - keys to actions.
 *
 * input.c holds the one key table of the screen: which key does what on
 * which screen. The help overlay and the status line are written next to it
 * so that they cannot drift apart from it.
 */
#ifndef RNNTUI_UI_INPUT_H
#define RNNTUI_UI_INPUT_H

#include "ui/app.h"

/* The action of key (a getch() value) in the current state, or UI_ACT_NONE. */
enum ui_action input_action(const struct ui_state *st, int key);

/* One line of the help overlay: keys and what they do; keys is NULL for a
 * section heading. */
struct input_help {
    const char *keys;
    const char *text;
};
/* The help lines; *n receives their number. */
const struct input_help *input_help_lines(int *n);

/* The keys that matter now, for the status line. */
const char *input_status(const struct ui_state *st);

#endif
