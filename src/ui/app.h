/*
 * app.h - the state of the screen and the actions that change it.
 *
 * struct ui_state is the model of the curses front end: which screen is
 * shown, the settings being edited, the job it runs and UI-owned copies of
 * what the job published (per-epoch curves, the running batch, the results).
 * Only the UI thread touches it. ui_apply() performs an action from the key
 * table (input.c); ui_poll_job() copies new progress without ever waiting
 * for the trainer. view.c draws from this state and nothing else.
 */
#ifndef RNNTUI_UI_APP_H
#define RNNTUI_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rnntui/train.h"
#include "ui/files.h"
#include "ui/prompt.h"

enum ui_screen {
    UI_SCREEN_EDIT, UI_SCREEN_TRAINING, UI_SCREEN_RESULTS,
    UI_SCREEN_COMPARE,      /* compare mode (compare_ui.h) */
    UI_SCREEN_STATES,       /* the state view (states.h) */
    UI_SCREEN_GRADFLOW,     /* the gradient-flow view (gradflow_ui.h) */
    UI_SCREEN_SWEEP_FORM,   /* the sweep form (sweep_ui.h) */
    UI_SCREEN_SWEEP         /* a sweep running, ended or viewed */
};

enum ui_field {
    UI_FIELD_CELL, UI_FIELD_UNITS, UI_FIELD_LAYERS, UI_FIELD_EPOCHS, UI_FIELD_BATCH,
    UI_FIELD_LR, UI_FIELD_SAMPLES, UI_FIELD_LENGTH, UI_FIELD_SEED, UI_FIELD_COUNT
};

enum ui_action {
    UI_ACT_NONE,
    UI_ACT_QUIT,            /* asks first while a job runs */
    UI_ACT_QUIT_NOW,        /* a signal: no questions */
    UI_ACT_CONFIRM_YES, UI_ACT_CONFIRM_NO,
    UI_ACT_HELP, UI_ACT_HELP_CLOSE,
    UI_ACT_REDRAW,
    UI_ACT_NEXT_FIELD, UI_ACT_PREV_FIELD,
    UI_ACT_INC, UI_ACT_DEC, UI_ACT_INC_BIG, UI_ACT_DEC_BIG,
    UI_ACT_TYPE,            /* a character of a typed value (the key) */
    UI_ACT_BACKSPACE, UI_ACT_EDIT_DONE, UI_ACT_EDIT_ABORT,
    UI_ACT_START, UI_ACT_PAUSE, UI_ACT_CANCEL, UI_ACT_SETTINGS,
    UI_ACT_SAVE_LOG,        /* w: the save-log input (prompt.h) */
    UI_ACT_LOG_SCALE, UI_ACT_CLEAR_REF,
    /* Compare mode (compare_ui.h). */
    UI_ACT_COMPARE,         /* start a comparison */
    UI_ACT_COMPARE_PAUSE, UI_ACT_COMPARE_CANCEL, UI_ACT_COMPARE_BACK,
    UI_ACT_COMPARE_LOSS,    /* the loss curves on or off */
    /* The state view (states.h). */
    UI_ACT_STATES,          /* open it */
    UI_ACT_STATES_BACK, UI_ACT_STATES_NEXT, UI_ACT_STATES_PREV,
    UI_ACT_STATES_LAYER_NEXT, UI_ACT_STATES_LAYER_PREV, UI_ACT_STATES_CELL,
    UI_ACT_STATES_DOWN, UI_ACT_STATES_UP, UI_ACT_STATES_PAGE_DOWN, UI_ACT_STATES_PAGE_UP,
    UI_ACT_STATES_HOME, UI_ACT_STATES_END,
    /* The gradient-flow view (gradflow_ui.h). */
    UI_ACT_GRADFLOW,        /* open it */
    UI_ACT_GRADFLOW_BACK, UI_ACT_GRADFLOW_LAYER_NEXT, UI_ACT_GRADFLOW_LAYER_PREV,
    UI_ACT_GRADFLOW_CELL,
    /* Sweeps (sweep_ui.h). */
    UI_ACT_SWEEP,           /* open the form */
    UI_ACT_SWEEP_NEXT, UI_ACT_SWEEP_PREV,
    UI_ACT_SWEEP_TYPE,      /* a character into the focused field (the key) */
    UI_ACT_SWEEP_BACKSPACE, UI_ACT_SWEEP_CLEAR, UI_ACT_SWEEP_DEFAULT,
    UI_ACT_SWEEP_START, UI_ACT_SWEEP_PAUSE, UI_ACT_SWEEP_CANCEL, UI_ACT_SWEEP_BACK,
    UI_ACT_SWEEP_SHOW       /* the form: show the last sweep */
};

/* One run's per-epoch history, owned by the UI. */
struct ui_curve {
    float *loss, *val_loss, *seconds;   /* (cap,) */
    int n, cap;                         /* epochs copied / planned */
    char label[64];                     /* e.g. "LSTM 2x30 seed 1" */
};

/* The results of a finished run, copied from struct train_result. */
struct ui_result {
    double test_loss, correctness, seconds;
    int n_test, n_correct, rows;
    float target[TRAIN_TABLE_ROWS], prediction[TRAIN_TABLE_ROWS];
    bool has_marked;                    /* the gradients were recorded (gradflow.h): */
    double marked_share;                /* percent of test samples that look at the marked steps */
    int n_marked;
};

enum ui_msg { UI_MSG_NONE, UI_MSG_INFO, UI_MSG_GOOD, UI_MSG_ERROR };

struct ui_state {
    enum ui_screen screen;
    enum ui_field field;                /* the focused setting */
    struct train_config cfg;            /* the settings of the next run */
    const rt_real *init_params;         /* from the command line, for its model only */
    struct model_config init_model;

    char edit[24];                      /* a value being typed, when editing */
    bool editing;

    bool help, confirm_quit, quit, log_scale, paused, cancelling;
    int signal;                         /* the signal that ended the program, or 0 */

    char msg[200];                      /* the message line */
    enum ui_msg msg_kind;

    struct train_job *job;              /* NULL when no run is going */
    struct train_config run_cfg;        /* the settings of the current / last run */
    struct train_snapshot snap;         /* copied each poll */
    struct ui_curve cur, ref;           /* this run, and the previous one (faint) */
    bool have_result;
    struct ui_result result;
    int runs;                           /* runs started */
    struct ui_files files;              /* file options, --view, the last run (files.h) */
    uint64_t mem_limit;                 /* bytes a run may use (memlimit.h), 0: no limit;
                                           found at start-up and at each start */
    struct ui_prompt prompt;            /* the save-log input (prompt.h) */
    struct ui_compare *cmp;             /* compare mode, or NULL (compare_ui.h) */
    struct ui_states *sv;               /* the state view, or NULL (states.h) */
    struct ui_gradflow *gf;             /* gradient-flow records and view, or NULL (gradflow_ui.h) */
    struct ui_sweep *sw;                /* the sweep form and sweep, or NULL (sweep_ui.h) */
};

/* Sets up st with opts' training settings (copied). */
void ui_state_init(struct ui_state *st, const struct train_config *cfg);
/* Cancels and joins a running job (this waits for the current batch), then
 * frees what st owns. */
void ui_state_fini(struct ui_state *st);

/* Performs act; key is the key pressed, for UI_ACT_TYPE. Returns whether
 * the screen needs a redraw. */
bool ui_apply(struct ui_state *st, enum ui_action act, int key);
/* Copies what the job published since the last call; when the job has
 * ended, joins it (the worker has already finished) and moves to the
 * results or back to the settings. Never waits for training work.
 * Returns whether the screen needs a redraw. */
bool ui_poll_job(struct ui_state *st);

/* Whether key would be taken as part of a typed value of the focused
 * setting (digits; for lr also '.', 'e' and a sign after 'e'). */
bool ui_edit_accepts(const struct ui_state *st, int key);
/* Whether a job is running or paused. */
bool ui_job_active(const struct ui_state *st);

/* Field descriptions for the view. */
const char *ui_field_name(enum ui_field f);
/* The value of f in st->cfg as text (or the typed text while editing). */
void ui_field_value(const struct ui_state *st, enum ui_field f, char *buf, size_t n);
/* The allowed range of f, e.g. "1..1024". */
void ui_field_range(const struct ui_state *st, enum ui_field f, char *buf, size_t n);

/* Sets the message line to the printf-style fmt, cut to fit, shown as kind. */
void ui_say(struct ui_state *st, enum ui_msg kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Seconds left in the run, from the epochs done and the running one, or a
 * negative value when unknown. */
double ui_eta(const struct ui_state *st);
/* n with thousands separators: 11311 -> "11,311". */
void ui_format_count(size_t n, char *buf, size_t size);
/* Seconds as "m:ss" or "h:mm:ss". */
void ui_format_time(double seconds, char *buf, size_t size);
/* A short description of a configuration: "LSTM 2x30, seed 1". */
void ui_describe(const struct train_config *cfg, char *buf, size_t n);

#endif
