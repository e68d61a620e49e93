/*
 * ui.h - the full-screen curses front end.
 *
 * ui_run() owns the terminal from initscr to endwin and the training job it
 * starts: it cancels and joins the job before it returns, on every path.
 */
#ifndef RNNTUI_UI_H
#define RNNTUI_UI_H

#include "options.h"

/* Runs the interactive screen with opts as the initial settings (borrowed).
 * Returns the process exit status: 0 after a normal quit, 1 when the
 * terminal cannot be used (TERM unset or dumb, not a tty), on a fatal error,
 * or when SIGINT, SIGTERM or SIGHUP ended the program. Prints its messages
 * to stderr only after the terminal has been restored. */
int ui_run(const struct options *opts);

#endif
