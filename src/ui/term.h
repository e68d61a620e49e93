/*
 * term.h - the terminal: curses setup and teardown, colours, signals.
 *
 * term_init() takes over the terminal; term_fini() gives it back and may be
 * called on every exit path, more than once. Colours are semantic: the view
 * asks for UI_COLOR_LOSS, not for red, and gets a colour pair or, in
 * monochrome (no colours, NO_COLOR set, --no-color), a plain attribute.
 * SIGINT, SIGTERM and SIGHUP only set a flag that the UI loop polls;
 * SIGWINCH and SIGTSTP are left to ncurses.
 */
#ifndef RNNTUI_UI_TERM_H
#define RNNTUI_UI_TERM_H

#include <stdbool.h>

#include <curses.h>

enum ui_color {
    UI_COLOR_NORMAL,
    UI_COLOR_TITLE,      /* the title bar */
    UI_COLOR_STATUS,     /* the key line at the bottom */
    UI_COLOR_HEADING,    /* panel headings */
    UI_COLOR_FOCUS,      /* the field being edited */
    UI_COLOR_DIM,        /* ranges, hints */
    UI_COLOR_AXIS,       /* chart axes and labels */
    UI_COLOR_LOSS,       /* loss: '*' */
    UI_COLOR_VAL,        /* val_loss: 'o' */
    UI_COLOR_REF,        /* the previous run: '.' */
    UI_COLOR_GOOD,       /* a prediction within tolerance, a finished run */
    UI_COLOR_BAD,        /* a miss, an error */
    UI_COLOR_BIG,        /* the correctness figure */
    UI_COLOR_OVERLAY,    /* help and confirmation boxes */
    UI_COLOR_RNN,        /* compare mode: SimpleRNN 'R', LSTM 'L', GRU 'G' */
    UI_COLOR_LSTM,
    UI_COLOR_GRU,
    UI_COLOR_HEAT0,      /* the state view's scale, low to high in five bands */
    UI_COLOR_HEAT1,
    UI_COLOR_HEAT2,
    UI_COLOR_HEAT3,
    UI_COLOR_HEAT4,
    UI_COLOR_COUNT
};

/* Checks the terminal (TERM set and not "dumb", stdin and stdout ttys)
 * without touching it: true, or false with a one-line reason in *why. */
bool term_check(const char **why);
/* Checks the terminal as term_check() does and starts curses. On failure
 * returns false with a one-line reason in *why and leaves the terminal
 * untouched. no_color forces monochrome. */
bool term_init(bool no_color, const char **why);
/* Restores the terminal; safe to call when term_init() failed or twice. */
void term_fini(void);
/* Whether term_init() chose monochrome. */
bool term_monochrome(void);
/* The attribute (pair and flags) of a semantic colour. */
attr_t term_attr(enum ui_color c);
/* The signal number of the first SIGINT/SIGTERM/SIGHUP received, or 0. */
int term_signal_seen(void);

#endif
