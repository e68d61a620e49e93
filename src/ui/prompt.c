/*
 * prompt.c - the save-log input; see prompt.h.
 */
#include "config.h"

#include "ui/prompt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "rnntui/runlog.h"
#include "rnntui/status.h"
#include "ui/app.h"
#include "ui/sweep_ui.h"
#include "ui/term.h"

#define KEY_ESC 27
#define KEY_CTRL(c) ((c) & 0x1f)

static const char label[] = " Save log as: ";
static const char sweep_label[] = " Save logs in: ";

void ui_prompt_save_begin(struct ui_state *st)
{
    if (st->screen == UI_SCREEN_SWEEP) {
        struct ui_prompt *p = &st->prompt;
        if (!ui_sweep_save_suggest(st, p->text, sizeof p->text))
            return;
        p->len = p->pos = strlen(p->text);
        p->active = p->sweep = true;
        p->confirm = false;
        ui_say(st, UI_MSG_INFO, "Save the sweep's logs (one .jsonl per run; rnntui --view DIR shows them). "
               "Enter saves, Esc cancels.");
        return;
    }
    st->prompt.sweep = false;
    struct runlog_data tmp;
    const struct runlog_data *d = ui_files_current_run(st, &tmp);
    if (!d) {
        ui_say(st, UI_MSG_INFO, "No run to save yet: train one first.");
        runlog_data_fini(&tmp);
        return;
    }
    const struct train_config *cfg = d->has_config ? &d->config : &st->cfg;
    enum runlog_format fmt = d->has_config ? RUNLOG_JSONL : RUNLOG_CSV;
    struct ui_prompt *p = &st->prompt;
    runlog_suggest_name(cfg, (long long)time(NULL), fmt, p->text, sizeof p->text);
    p->len = p->pos = strlen(p->text);
    p->active = true;
    p->confirm = false;
    ui_say(st, UI_MSG_INFO, "Save the log of %d epoch%s: .jsonl keeps settings and results, .csv the "
           "epochs. Enter saves, Esc cancels.", d->epochs, d->epochs == 1 ? "" : "s");
    runlog_data_fini(&tmp);
}

static void close_prompt(struct ui_state *st)
{
    st->prompt.active = false;
    st->prompt.confirm = false;
}

/* The typed name, with a leading "~/" taken as $HOME. */
static bool typed_path(const struct ui_prompt *p, char *out, size_t n)
{
    const char *home = getenv("HOME");
    int w;
    if (p->text[0] == '~' && p->text[1] == '/' && home && *home)
        w = snprintf(out, n, "%s%s", home, p->text + 1);
    else
        w = snprintf(out, n, "%s", p->text);
    return w >= 0 && (size_t)w < n;
}

/* Writes the log; on EEXIST without force, asks to replace. */
static void save(struct ui_state *st, bool force)
{
    struct ui_prompt *p = &st->prompt;
    char path[UI_PROMPT_MAX + 512];
    if (p->len == 0) {
        ui_say(st, UI_MSG_ERROR, "Type a file name, or Esc to cancel.");
        return;
    }
    if (!typed_path(p, path, sizeof path)) {
        ui_say(st, UI_MSG_ERROR, "The file name is too long.");
        return;
    }
    if (p->sweep) {
        int saved = 0;
        errno = 0;
        int rc = ui_sweep_save(st, path, force, &saved);
        int e = errno;
        if (rc == RT_EIO && e == EEXIST && !force) {
            p->confirm = true;
            ui_say(st, UI_MSG_INFO, "%s holds logs of these runs already.", p->text);
            return;
        }
        p->confirm = false;
        if (rc != RT_OK) {
            ui_say(st, UI_MSG_ERROR, "Cannot save in %s: %s", p->text,
                   rc == RT_EIO ? strerror(e) : rt_strerror(rc));
            return;
        }
        close_prompt(st);
        ui_say(st, UI_MSG_GOOD, "Saved %d run log%s in %s (jsonl).", saved, saved == 1 ? "" : "s", p->text);
        return;
    }
    struct runlog_data tmp;
    const struct runlog_data *d = ui_files_current_run(st, &tmp);
    if (!d) {
        runlog_data_fini(&tmp);
        close_prompt(st);
        ui_say(st, UI_MSG_ERROR, "Nothing saved: %s.", st->job ? rt_strerror(RT_ENOMEM) : "no run");
        return;
    }
    enum runlog_format fmt = runlog_format_for_path(path);
    if (fmt == RUNLOG_JSONL && !d->has_config) {
        runlog_data_fini(&tmp);
        ui_say(st, UI_MSG_ERROR, "This run's log has no settings for JSON Lines: give the name a .csv ending.");
        return;
    }
    errno = 0;
    int rc = runlog_write(path, fmt, force, d);
    int e = errno;
    int epochs = d->epochs;
    bool partial = d == &tmp && d->status == RUNLOG_RUNNING;   /* a job still going */
    runlog_data_fini(&tmp);
    if (rc == RT_EIO && e == EEXIST && !force) {
        p->confirm = true;
        ui_say(st, UI_MSG_INFO, "%s exists.", p->text);
        return;
    }
    p->confirm = false;
    if (rc != RT_OK) {
        ui_say(st, UI_MSG_ERROR, "Cannot save %s: %s", p->text,
               rc == RT_EIO ? strerror(e) : rt_strerror(rc));
        return;                            /* the input stays for another name */
    }
    close_prompt(st);
    ui_say(st, UI_MSG_GOOD, "Saved %d epoch%s%s to %s (%s).", epochs, epochs == 1 ? "" : "s",
           partial ? " so far" : "", p->text, runlog_format_name(fmt));
}

/* UTF-8: whether byte c continues a character. */
static bool cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

static size_t char_before(const struct ui_prompt *p, size_t pos)
{
    if (pos == 0)
        return 0;
    do
        pos--;
    while (pos > 0 && cont((unsigned char)p->text[pos]));
    return pos;
}

static size_t char_after(const struct ui_prompt *p, size_t pos)
{
    if (pos >= p->len)
        return p->len;
    do
        pos++;
    while (pos < p->len && cont((unsigned char)p->text[pos]));
    return pos;
}

static void erase_range(struct ui_prompt *p, size_t a, size_t b)
{
    memmove(p->text + a, p->text + b, p->len - b + 1);
    p->len -= b - a;
    p->pos = a;
}

bool ui_prompt_key(struct ui_state *st, int key)
{
    struct ui_prompt *p = &st->prompt;
    if (!p->active)
        return false;
    if (p->confirm) {
        if (key == 'y' || key == 'Y') {
            save(st, true);
        } else if (key == 'n' || key == 'N') {
            p->confirm = false;
            ui_say(st, UI_MSG_INFO, "Change the name, then Enter; Esc cancels.");
        } else if (key == KEY_ESC) {
            close_prompt(st);
            ui_say(st, UI_MSG_INFO, p->sweep ? "Logs not saved." : "Log not saved.");
        } else {
            return false;
        }
        return true;
    }
    switch (key) {
    case '\n': case '\r': case KEY_ENTER:
        save(st, false);
        return true;
    case KEY_ESC:
        close_prompt(st);
        ui_say(st, UI_MSG_INFO, p->sweep ? "Logs not saved." : "Log not saved.");
        return true;
    case KEY_LEFT:
        p->pos = char_before(p, p->pos);
        return true;
    case KEY_RIGHT:
        p->pos = char_after(p, p->pos);
        return true;
    case KEY_HOME: case KEY_CTRL('a'):
        p->pos = 0;
        return true;
    case KEY_END: case KEY_CTRL('e'):
        p->pos = p->len;
        return true;
    case KEY_BACKSPACE: case 127: case 8:
        if (p->pos > 0)
            erase_range(p, char_before(p, p->pos), p->pos);
        return true;
    case KEY_DC:
        if (p->pos < p->len)
            erase_range(p, p->pos, char_after(p, p->pos));
        return true;
    case KEY_CTRL('u'):
        erase_range(p, 0, p->len);
        return true;
    default:
        break;
    }
    /* A byte of the name: printable ASCII or part of a UTF-8 character. */
    if (key < 0x20 || key == 0x7f || key > 0xff || p->len + 1 >= sizeof p->text)
        return false;
    memmove(p->text + p->pos + 1, p->text + p->pos, p->len - p->pos + 1);
    p->text[p->pos++] = (char)key;
    p->len++;
    return true;
}

/* ---- drawing ---- */

/* Characters (not bytes) in text[a, b). */
static int width_of(const char *text, size_t a, size_t b)
{
    int w = 0;
    for (size_t i = a; i < b; i++)
        w += !cont((unsigned char)text[i]);
    return w;
}

void ui_prompt_draw(const struct ui_state *st)
{
    const struct ui_prompt *p = &st->prompt;
    if (!p->active)
        return;
    const int y = LINES - 1;
    attr_t normal = term_attr(UI_COLOR_FOCUS);
    attrset((int)normal);
    mvhline(y, 0, ' ', COLS);
    if (p->confirm) {
        mvaddnstr(y, 0, " Replace it? y = replace, n = change the name, Esc = cancel", COLS);
        attrset(A_NORMAL);
        return;
    }
    const char *lab = p->sweep ? sweep_label : label;
    int lw = (int)strlen(lab);
    mvaddnstr(y, 0, lab, COLS);
    int room = COLS - lw - 1;
    if (room < 4) {
        attrset(A_NORMAL);
        return;
    }
    /* Scroll so that the cursor shows, with the start of the name when it fits. */
    size_t start = 0;
    while (width_of(p->text, start, p->pos) > room - 1)
        start = char_after(p, start);
    int x = lw;
    for (size_t i = start; i < p->len && x < lw + room;) {
        size_t j = char_after(p, i);
        if (i == p->pos)
            attrset((int)(normal ^ A_REVERSE));
        mvaddnstr(y, x, p->text + i, (int)(j - i));
        if (i == p->pos)
            attrset((int)normal);
        x++;
        i = j;
    }
    if (p->pos == p->len && x < COLS) {
        attrset((int)(normal ^ A_REVERSE));
        mvaddch(y, x, ' ');
    }
    attrset(A_NORMAL);
}
