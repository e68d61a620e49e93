/*
 * input.c - the key table, the help text and the status line.
 */
#include "config.h"

#include "ui/input.h"

#include <curses.h>

#include "ui/gradflow_ui.h"
#include "ui/sweep_ui.h"

/* Where a binding applies. */
enum { IN_EDIT = 1, IN_TRAIN = 2, IN_RESULTS = 4, IN_ALL = 7,
       IN_COMPARE = 8, IN_STATES = 16,                   /* compare_ui.h, states.h */
       IN_GRADFLOW = 32, IN_FORM = 64, IN_SWEEP = 128,   /* gradflow_ui.h, sweep_ui.h */
       IN_ANY = 255 };

#define KEY_ESC 27
#define KEY_CTRL_L 12
#define KEY_CTRL_R 18
#define KEY_CTRL_U 21

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
    { 'l',         UI_ACT_LOG_SCALE,  IN_ALL | IN_COMPARE | IN_SWEEP },
    { 'x',         UI_ACT_CLEAR_REF,  IN_ALL },
    { 'w',         UI_ACT_SAVE_LOG,   IN_ALL | IN_SWEEP },
    { '?',         UI_ACT_HELP,       IN_ANY },
    { KEY_F(1),    UI_ACT_HELP,       IN_ANY },
    { KEY_CTRL_L,  UI_ACT_REDRAW,     IN_ANY },
    { 'q',         UI_ACT_QUIT,       IN_ANY },
    { 'Q',         UI_ACT_QUIT,       IN_ANY },
    /* Compare mode. */
    { 'C',         UI_ACT_COMPARE,          IN_EDIT | IN_COMPARE },
    { 's',         UI_ACT_COMPARE,          IN_COMPARE },
    { 'p',         UI_ACT_COMPARE_PAUSE,    IN_COMPARE },
    { ' ',         UI_ACT_COMPARE_PAUSE,    IN_COMPARE },
    { 'c',         UI_ACT_COMPARE_CANCEL,   IN_COMPARE },
    { KEY_ESC,     UI_ACT_COMPARE_CANCEL,   IN_COMPARE },
    { '\n',        UI_ACT_COMPARE_BACK,     IN_COMPARE },
    { '\r',        UI_ACT_COMPARE_BACK,     IN_COMPARE },
    { KEY_ENTER,   UI_ACT_COMPARE_BACK,     IN_COMPARE },
    { 'e',         UI_ACT_COMPARE_BACK,     IN_COMPARE },
    { 'a',         UI_ACT_COMPARE_LOSS,     IN_COMPARE },
    /* The state view. */
    { 'v',         UI_ACT_STATES,           IN_EDIT | IN_RESULTS | IN_COMPARE },
    { KEY_RIGHT,   UI_ACT_STATES_NEXT,      IN_STATES },
    { '+',         UI_ACT_STATES_NEXT,      IN_STATES },
    { KEY_LEFT,    UI_ACT_STATES_PREV,      IN_STATES },
    { '-',         UI_ACT_STATES_PREV,      IN_STATES },
    { '\t',        UI_ACT_STATES_LAYER_NEXT, IN_STATES },
    { KEY_BTAB,    UI_ACT_STATES_LAYER_PREV, IN_STATES },
    { 'c',         UI_ACT_STATES_CELL,      IN_STATES },
    { KEY_DOWN,    UI_ACT_STATES_DOWN,      IN_STATES },
    { 'j',         UI_ACT_STATES_DOWN,      IN_STATES },
    { KEY_UP,      UI_ACT_STATES_UP,        IN_STATES },
    { 'k',         UI_ACT_STATES_UP,        IN_STATES },
    { KEY_NPAGE,   UI_ACT_STATES_PAGE_DOWN, IN_STATES },
    { KEY_PPAGE,   UI_ACT_STATES_PAGE_UP,   IN_STATES },
    { KEY_HOME,    UI_ACT_STATES_HOME,      IN_STATES },
    { KEY_END,     UI_ACT_STATES_END,       IN_STATES },
    { KEY_ESC,     UI_ACT_STATES_BACK,      IN_STATES },
    { 'v',         UI_ACT_STATES_BACK,      IN_STATES },
    { 'e',         UI_ACT_STATES_BACK,      IN_STATES },
    { '\n',        UI_ACT_STATES_BACK,      IN_STATES },
    { '\r',        UI_ACT_STATES_BACK,      IN_STATES },
    { KEY_ENTER,   UI_ACT_STATES_BACK,      IN_STATES },
    /* The gradient-flow view. */
    { 'g',         UI_ACT_GRADFLOW,         IN_ALL | IN_COMPARE | IN_STATES },
    { '\t',        UI_ACT_GRADFLOW_LAYER_NEXT, IN_GRADFLOW },
    { KEY_BTAB,    UI_ACT_GRADFLOW_LAYER_PREV, IN_GRADFLOW },
    { 'c',         UI_ACT_GRADFLOW_CELL,    IN_GRADFLOW },
    { KEY_ESC,     UI_ACT_GRADFLOW_BACK,    IN_GRADFLOW },
    { 'g',         UI_ACT_GRADFLOW_BACK,    IN_GRADFLOW },
    { 'e',         UI_ACT_GRADFLOW_BACK,    IN_GRADFLOW },
    { '\n',        UI_ACT_GRADFLOW_BACK,    IN_GRADFLOW },
    { '\r',        UI_ACT_GRADFLOW_BACK,    IN_GRADFLOW },
    { KEY_ENTER,   UI_ACT_GRADFLOW_BACK,    IN_GRADFLOW },
    /* Sweeps: the form (printable keys type into it, see input_action) and
     * the sweep screen. */
    { 'S',         UI_ACT_SWEEP,            IN_EDIT | IN_RESULTS | IN_SWEEP },
    { 'S',         UI_ACT_SWEEP_SHOW,       IN_FORM },
    { KEY_DOWN,    UI_ACT_SWEEP_NEXT,       IN_FORM },
    { '\t',        UI_ACT_SWEEP_NEXT,       IN_FORM },
    { KEY_UP,      UI_ACT_SWEEP_PREV,       IN_FORM },
    { KEY_BTAB,    UI_ACT_SWEEP_PREV,       IN_FORM },
    { KEY_BACKSPACE, UI_ACT_SWEEP_BACKSPACE, IN_FORM },
    { 127,         UI_ACT_SWEEP_BACKSPACE,  IN_FORM },
    { 8,           UI_ACT_SWEEP_BACKSPACE,  IN_FORM },
    { KEY_CTRL_U,  UI_ACT_SWEEP_CLEAR,      IN_FORM },
    { KEY_CTRL_R,  UI_ACT_SWEEP_DEFAULT,    IN_FORM },
    { '\n',        UI_ACT_SWEEP_START,      IN_FORM },
    { '\r',        UI_ACT_SWEEP_START,      IN_FORM },
    { KEY_ENTER,   UI_ACT_SWEEP_START,      IN_FORM },
    { KEY_ESC,     UI_ACT_SWEEP_BACK,       IN_FORM },
    { 's',         UI_ACT_SWEEP_START,      IN_SWEEP },
    { 'p',         UI_ACT_SWEEP_PAUSE,      IN_SWEEP },
    { ' ',         UI_ACT_SWEEP_PAUSE,      IN_SWEEP },
    { 'c',         UI_ACT_SWEEP_CANCEL,     IN_SWEEP },
    { KEY_ESC,     UI_ACT_SWEEP_CANCEL,     IN_SWEEP },
    { '\n',        UI_ACT_SWEEP_BACK,       IN_SWEEP },
    { '\r',        UI_ACT_SWEEP_BACK,       IN_SWEEP },
    { KEY_ENTER,   UI_ACT_SWEEP_BACK,       IN_SWEEP },
    { 'e',         UI_ACT_SWEEP_BACK,       IN_SWEEP },
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
    { "w",              "save the run's log (asks for a file name)" },
    { "? F1 Ctrl-L",    "this help (any key closes it); redraw" },
    { "q",              "quit; asks first while training" },
    { NULL,             "Compare mode, the state view, the gradient flow" },
    { "C",              "compare SimpleRNN, LSTM, GRU on the same data" },
    { "a s c",          "compare: loss curves too; again; cancel" },
    { "v",              "look inside the trained models, step by step" },
    { "S",              "sweep: the form of cells, lengths, seeds to run" },
    { "Up Dn Enter",    "sweep form: field; start (Ctrl-U clears, Ctrl-R default)" },
    { "p c w s",        "sweep: pause; cancel; save its logs; again" },
    { "Left Right",     "state view: previous or next test sample" },
    { "g",              "gradient flow: how far back gradients reach" },
    { "Tab c",          "next layer; next cell (state view, gradients)" },
    { "Up Dn PgUp PgDn", "state view: scroll the strips; Esc goes back" },
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
    case UI_SCREEN_COMPARE:  return IN_COMPARE;
    case UI_SCREEN_STATES:   return IN_STATES;
    case UI_SCREEN_GRADFLOW: return IN_GRADFLOW;
    case UI_SCREEN_SWEEP_FORM: return IN_FORM;
    case UI_SCREEN_SWEEP:    return IN_SWEEP;
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
    if (where == IN_FORM && ui_sweep_typable(key) && !(key >= 'A' && key <= 'Z'))
        return UI_ACT_SWEEP_TYPE;         /* q, ? and capitals stay keys */
    if (where == IN_EDIT || where == IN_TRAIN) {
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
    if (st->files.viewing)                /* --view: a saved log, no training */
        return st->screen == UI_SCREEN_RESULTS
                   ? " Enter settings  w save a copy  l log scale  ? help  q quit"
                   : " Enter results  w save a copy  l log scale  ? help  q quit";
    switch (st->screen) {
    case UI_SCREEN_TRAINING:
        if (st->cancelling)
            return " cancelling...  ? help  q quit";
        return st->paused ? " p resume  c cancel  l log scale  w save log  g gradients  ? help  q quit"
                          : " p pause  c cancel  l log scale  w save log  g gradients  ? help  q quit";
    case UI_SCREEN_RESULTS:
        return " Enter settings  s run again  g gradients  w save  l log  x clear  ? help  q quit";
    case UI_SCREEN_COMPARE:
        if (!ui_job_active(st))
            return " Enter settings  s again  a loss too  l log  v states  g grad  ? help  q quit";
        if (st->cancelling)
            return " cancelling...  ? help  q quit";
        return st->paused ? " p resume  c cancel  a loss too  l log  v states  g grad  ? help  q quit"
                          : " p pause  c cancel  a loss too  l log  v states  g grad  ? help  q quit";
    case UI_SCREEN_STATES:
        return " Left/Right sample  Tab layer  c cell  Up/Dn scroll  g grad  Esc back  q quit";
    case UI_SCREEN_GRADFLOW:
        return ui_gradflow_status(st);
    case UI_SCREEN_SWEEP_FORM:
        return " type the values  Up/Down field  Enter start sweep  Esc settings  ? help  q quit";
    case UI_SCREEN_SWEEP:
        if (!ui_job_active(st))
            return ui_sweep_tag(st)[0] == 'V' ? " a saved sweep, read only  ? help  q quit"
                                              : " Enter form  s again  w save logs  l log  ? help  q quit";
        if (st->cancelling)
            return " cancelling...  ? help  q quit";
        return st->paused ? " p resume  c cancel  w save logs  l log  ? help  q quit"
                          : " p pause  c cancel  w save logs  l log  ? help  q quit";
    default:
        return " Enter start  C compare  S sweep  Up/Down setting  Left/Right change  ? help  q quit";
    }
}
