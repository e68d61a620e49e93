/*
 * prompt.h - the save-log key: a one-line file name input at the bottom of
 * the screen.
 *
 * ui_prompt_save_begin() (the `w` key) opens the input on the status line,
 * filled with runlog_suggest_name() for the current or last run (JSON Lines
 * when the run has its settings, CSV otherwise). While it is open, every key
 * goes to ui_prompt_key(): typing edits the name (Left, Right, Home, End,
 * Backspace, Delete, Ctrl-U clears), Enter writes the log with runlog_write()
 * - the writer of --log; a name ending in .jsonl, .ndjson or .json gives JSON
 * Lines, any other CSV - and Esc closes it without saving. An existing file
 * is replaced only after y to "replace it?". Failures are shown on the
 * message line and leave the input open. Training goes on meanwhile; a
 * running job is saved as far as it has come, without a final record.
 *
 * On the sweep screen the input asks for a directory instead and saves
 * every run of the sweep there, one JSON Lines log each (sweep_ui.h); an
 * existing log there is replaced only after y.
 */
#ifndef RNNTUI_UI_PROMPT_H
#define RNNTUI_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

struct ui_state;

#define UI_PROMPT_MAX 1024

struct ui_prompt {
    bool active;
    bool confirm;                 /* asking whether to replace an existing file */
    bool sweep;                   /* saving a sweep's logs into a directory (sweep_ui.h) */
    char text[UI_PROMPT_MAX];     /* the name being typed (UTF-8) */
    size_t len, pos;              /* bytes in text; the cursor, a byte offset */
};

/* Opens the input, or says that there is no run to save. */
void ui_prompt_save_begin(struct ui_state *st);
/* Handles a key (a getch() value) while the input is open. Returns whether
 * the screen needs a redraw. */
bool ui_prompt_key(struct ui_state *st, int key);
/* Draws the open input on the bottom line (called by view_draw()). */
void ui_prompt_draw(const struct ui_state *st);

#endif
