/*
 * input.c - the key table, the help text and the status line.
 */
#include "config.h"

#include "ui/input.h"

#include <curses.h>

/* Where a binding applies. */
enum { IN_EDIT = 1, IN_TRAIN = 2, IN_RESULTS = 4, IN_ALL = 7 };

#define KEY_ESC 27
#define KEY_CTRL_L 12

static const struct binding {
    int key;
    enum ui_action action;
    unsigned where;
} bindings[] = {
    /* Settings: usable while training too; they apply to the next run. */
    { KEY_DOWN,    UI_ACT_NEXT_FIELD, IN_EDIT | IN_TRAIN },
    { '\t',        UI_ACT_NEXT_FIELD, IN_EDIT | IN_TRAIN },
    { 'j',         UI_ACT_NEXT_FIELD, IN_EDIT | IN_TRAIN },
    { KEY_UP,      UI_ACT_PREV_FIELD, IN_EDIT | IN_TRAIN },
    { KEY_BTAB,    UI_ACT_PREV_FIELD, IN_EDIT | IN_TRAIN },
    { 'k',         UI_ACT_PREV_FIELD, IN_EDIT | IN_TRAIN },
    { KEY_RIGHT,   UI_ACT_INC,        IN_EDIT | IN_TRAIN },
    { '+',         UI_ACT_INC,        IN_EDIT | IN_TRAIN },
    { '=',         UI_ACT_INC,        IN_EDIT | IN_TRAIN },
    { KEY_LEFT,    UI_ACT_DEC,        IN_EDIT | IN_TRAIN },
    { '-',         UI_ACT_DEC,        IN_EDIT | IN_TRAIN },
    { KEY_PPAGE,   UI_ACT_INC_BIG,    IN_EDIT | IN_TRAIN },
    { KEY_NPAGE,   UI_ACT_DEC_BIG,    IN_EDIT | IN_TRAIN },
    /* Runs. */
    { '\n',        UI_ACT_START,      IN_EDIT },
    { '\r',        UI_ACT_START,      IN_EDIT },
    { KEY_ENTER,   UI_ACT_START,      IN_EDIT },
    { 's',         UI_ACT_START,      IN_EDIT | IN_RESULTS },
    { 'p',         UI_ACT_PAUSE,      IN_TRAIN },
    { ' ',         UI_ACT_PAUSE,      IN_TRAIN },
    { 'c',         UI_ACT_CANCEL,     IN_TRAIN },
    { KEY_ESC,     UI_ACT_CANCEL,     IN_TRAIN },
    { '\n',        UI_ACT_SETTINGS,   IN_RESULTS },
    { '\r',        UI_ACT_SETTINGS,   IN_RESULTS },
    { KEY_ENTER,   UI_ACT_SETTINGS,   IN_RESULTS },
    { 'e',         UI_ACT_SETTINGS,   IN_RESULTS },
    { KEY_ESC,     UI_ACT_SETTINGS,   IN_RESULTS },
    /* Anywhere. */
    { 'l',         UI_ACT_LOG_SCALE,  IN_ALL },
    { 'x',         UI_ACT_CLEAR_REF,  IN_ALL },
    { '?',         UI_ACT_HELP,       IN_ALL },
    { KEY_F(1),    UI_ACT_HELP,       IN_ALL },
    { KEY_CTRL_L,  UI_ACT_REDRAW,     IN_ALL },
    { 'q',         UI_ACT_QUIT,       IN_ALL },
    { 'Q',         UI_ACT_QUIT,       IN_ALL },
};

static const struct input_help help[] = {
    { NULL,             "Settings (while training they apply to the next run)" },
    { "Up Down Tab",    "move between the settings" },
    { "Left Right - +", "change the value; PgUp PgDn in bigger steps" },
    { "0-9 . e",        "type a value; Enter sets it, Esc drops it" },
    { "Enter s",        "start training" },
    { NULL,             "Training" },
    { "p Space",        "pause or resume" },
    { "c Esc",          "cancel, back to the settings; the curves stay" },
    { NULL,             "Results" },
    { "Enter e Esc",    "back to the settings" },
    { "s",              "run again with the same settings" },
    { NULL,             "Anywhere" },
    { "l",              "loss axis: linear or log scale" },
    { "x",              "clear the previous run's faint curve (.)" },
    { "? F1",           "this help; any key closes it" },
    { "Ctrl-L",         "redraw the screen" },
    { "q",              "quit; asks first while training" },
};

const struct input_help *input_help_lines(int *n)
{
    *n = (int)(sizeof help / sizeof help[0]);
    return help;
}

static unsigned where_now(const struct ui_state *st)
{
    switch (st->screen) {
    case UI_SCREEN_TRAINING: return IN_TRAIN;
    case UI_SCREEN_RESULTS:  return IN_RESULTS;
    default:                 return IN_EDIT;
    }
}

static bool is_enter(int key)
{
    return key == '\n' || key == '\r' || key == KEY_ENTER;
}

enum ui_action input_action(const struct ui_state *st, int key)
{
    if (st->confirm_quit) {
        if (key == 'y' || key == 'Y')
            return UI_ACT_CONFIRM_YES;
        if (key == 'n' || key == 'N' || key == KEY_ESC)
            return UI_ACT_CONFIRM_NO;
        return UI_ACT_NONE;
    }
    if (st->help)
        return UI_ACT_HELP_CLOSE;
    unsigned where = where_now(st);
    if (where != IN_RESULTS) {
        if (st->editing) {
            if (ui_edit_accepts(st, key))
                return UI_ACT_TYPE;
            if (key == KEY_BACKSPACE || key == 127 || key == 8)
                return UI_ACT_BACKSPACE;
            if (is_enter(key))
                return UI_ACT_EDIT_DONE;
            if (key == KEY_ESC)
                return UI_ACT_EDIT_ABORT;
        } else if (ui_edit_accepts(st, key) && key != '-' && key != '+' && key != 'e' && key != 'E') {
            return UI_ACT_TYPE;           /* a digit or '.' begins a typed value */
        }
    }
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
        if (bindings[i].key == key && (bindings[i].where & where))
            return bindings[i].action;
    return UI_ACT_NONE;
}

const char *input_status(const struct ui_state *st)
{
    if (st->confirm_quit)
        return " y stop training and quit  n keep training";
    if (st->help)
        return " any key closes the help";
    if (st->editing)
        return " type a value  Enter set it  Esc drop it  Backspace delete";
    switch (st->screen) {
    case UI_SCREEN_TRAINING:
        if (st->cancelling)
            return " cancelling...  ? help  q quit";
        return st->paused ? " p resume  c cancel  l log scale  ? help  q quit"
                          : " p pause  c cancel  l log scale  ? help  q quit";
    case UI_SCREEN_RESULTS:
        return " Enter settings  s run again  l log  x clear previous  ? help  q quit";
    default:
        return " Enter start  Up/Down setting  Left/Right change  ? help  q quit";
    }
}
