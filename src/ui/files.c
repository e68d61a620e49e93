/*
 * files.c - the file options of the screen's runs and --view; see files.h.
 */
#include "config.h"

#include "ui/files.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rnntui/status.h"
#include "ui/app.h"
#include "ui/gradflow_ui.h"

enum { PATH_LOG, PATH_WEIGHTS, PATH_DATA, PATH_PLOT };

/* Appends " text" to the message line if it fits whole. */
static void msg_append(struct ui_state *st, const char *text)
{
    size_t n = strlen(st->msg);
    if (n + 1 + strlen(text) < sizeof st->msg)
        snprintf(st->msg + n, sizeof st->msg - n, "%s%s", n ? " " : "", text);
}

/* The first line of a runfiles message (lines are joined by "\nrnntui: "),
 * and the number of lines after it. */
static int first_line(const char *s, char *out, size_t n)
{
    const char *nl = strchr(s, '\n');
    size_t len = nl ? (size_t)(nl - s) : strlen(s);
    if (len >= n)
        len = n - 1;
    memcpy(out, s, len);
    out[len] = '\0';
    int more = 0;
    for (; nl; nl = strchr(nl + 1, '\n'))
        more++;
    return more;
}

/* Keeps a failure (one or more lines joined by "\nrnntui: ") for stderr. */
static void keep_failure(struct ui_files *f, const char *text)
{
    f->failed = true;
    if (!*text)
        return;
    size_t n = strlen(f->errors);
    if (n && n + 10 < sizeof f->errors)
        n += (size_t)snprintf(f->errors + n, sizeof f->errors - n, "\nrnntui: ");
    if (n < sizeof f->errors - 1)
        snprintf(f->errors + n, sizeof f->errors - n, "%s", text);
}

void ui_files_keep_failure(struct ui_state *st, const char *text)
{
    keep_failure(&st->files, text);
}

/* Shows a runfiles failure on the message line: its first line, and how
 * many more there are (all of them are printed when the program ends). */
static void show_failure(struct ui_state *st, const char *prefix, const char *text,
                         const char *suffix)
{
    char line[sizeof st->msg];
    int more = first_line(text, line, sizeof line);
    if (more)
        ui_say(st, UI_MSG_ERROR, "%s%s%s (and %d more: shown on exit)", prefix, line, suffix, more);
    else
        ui_say(st, UI_MSG_ERROR, "%s%s%s", prefix, line, suffix);
}

static bool regular_file(const char *path)
{
    struct stat sb;
    return path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* ---- names of later runs ---- */

/* PATH for run k: as given for k = 1, or for a path that exists and is not
 * a regular file (a device or pipe, written in place); otherwise "-k" goes
 * before the extension of the last component (run.csv -> run-2.csv), or at
 * the end when it has none or is a directory (data/ -> data-2). Returns
 * false when the result does not fit. */
static bool numbered(const char *path, int k, bool dir, char *out, size_t n)
{
    struct stat sb;
    if (k <= 1 || (!dir && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)))
        return (size_t)snprintf(out, n, "%s", path) < n;
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;                                        /* "data/" -> "data" */
    size_t base = len;
    while (base > 0 && path[base - 1] != '/')
        base--;
    size_t dot = len;
    if (!dir)
        for (size_t i = len; i > base + 1; i--)
            if (path[i - 1] == '.') {                 /* not a leading dot */
                dot = i - 1;
                break;
            }
    int w = snprintf(out, n, "%.*s-%d%.*s", (int)dot, path, k, (int)(len - dot), path + dot);
    return w >= 0 && (size_t)w < n;
}

/* ---- start-up ---- */

int ui_files_boot(struct ui_state *st, const struct options *opts, char *err, size_t n)
{
    struct ui_files *f = &st->files;
    f->opts = opts;
    f->outputs = opts->log_path || opts->save_weights || opts->export_data || opts->plot;
    /* A comparison, which starts at once, names and checks its own files;
     * a single run started later prepares the given names when it starts. */
    if (opts->compare || (!f->outputs && !opts->load_weights))
        return 0;
    f->run_opts = *opts;
    struct train_config cfg = st->cfg;
    /* Every path is checked now. A new log is created now too (a device
     * such as /dev/full fails here, before the screen opens); an existing
     * one (--force) is replaced only when the first run starts, so quitting
     * before that leaves it as it was. */
    if (runfiles_check(&f->boot, &f->run_opts, &cfg) ||
        (!regular_file(opts->log_path) && runfiles_open_log(&f->boot, &cfg))) {
        snprintf(err, n, "%s", f->boot.error);
        return 1;
    }
    if (cfg.init_params) {
        /* The file's architecture becomes the first settings; its weights
         * start every run whose model is that one. */
        st->cfg.model = cfg.model;
        st->init_model = cfg.model;
        st->init_params = cfg.init_params;
    }
    f->boot_cfg = cfg;
    f->boot_pending = f->outputs;
    if (opts->log_path) {
        char note[UI_FILES_PATH_MAX + 16];
        snprintf(note, sizeof note, "Log: %s.", opts->log_path);
        msg_append(st, note);
    }
    return 0;
}

void ui_files_abandon(struct ui_state *st)
{
    struct ui_files *f = &st->files;
    if (f->boot_pending)
        runfiles_abandon(&f->boot);        /* a log created for no run */
    f->boot_pending = false;
}

/* ---- runs ---- */

/* Whether a and b write the same JSON Lines config record. */
static bool same_config(const struct train_config *a, const struct train_config *b)
{
    return a->model.cell == b->model.cell && a->model.units == b->model.units &&
           a->model.layers == b->model.layers && a->model.inputs == b->model.inputs &&
           a->data.samples == b->data.samples && a->data.length == b->data.length &&
           a->epochs == b->epochs && a->batch_size == b->batch_size &&
           a->learning_rate == b->learning_rate && a->seed == b->seed &&
           a->threads == b->threads && (a->init_params != NULL) == (b->init_params != NULL);
}

/* Run 1 takes the files prepared at start-up; a JSON Lines log made for
 * other settings is written again for these. */
static bool take_boot(struct ui_state *st, const struct train_config *cfg)
{
    struct ui_files *f = &st->files;
    const struct options *o = &f->run_opts;
    f->boot_pending = false;
    if (f->boot.log && o->log_format == RUNLOG_JSONL && !same_config(&f->boot_cfg, cfg))
        runfiles_abandon(&f->boot);       /* created at start-up for other settings */
    if (runfiles_open_log(&f->boot, cfg)) {
        show_failure(st, "cannot start: ", f->boot.error, "");
        f->boot.error[0] = '\0';
        return false;
    }
    f->rf = &f->boot;
    f->run = 1;
    return true;
}

bool ui_files_begin_run(struct ui_state *st, const struct train_config *cfg)
{
    struct ui_files *f = &st->files;
    if (!f->opts || !f->outputs)
        return true;
    int k = f->runs_done + 1;
    if (k == 1 && f->boot_pending)
        return take_boot(st, cfg);

    const struct options *o = f->opts;
    f->run_opts = *o;
    f->run_opts.load_weights = NULL;          /* loaded once, at start-up */
    const char *given[4] = { o->log_path, o->save_weights, o->export_data, o->plot };
    const char **set[4] = { &f->run_opts.log_path, &f->run_opts.save_weights,
                            &f->run_opts.export_data, &f->run_opts.plot };
    for (int i = 0; i < 4; i++) {
        if (!given[i])
            continue;
        if (!numbered(given[i], k, i == PATH_DATA, f->path[i], sizeof f->path[i])) {
            ui_say(st, UI_MSG_ERROR, "cannot start run %d: the file name for %s is too long", k, given[i]);
            return false;
        }
        *set[i] = f->path[i];
    }
    /* The numbered names must not land on another output or on the file
     * the weights were loaded from. */
    struct options with_input = f->run_opts;
    with_input.load_weights = o->load_weights;
    char clash[512];
    if (runfiles_clash(&with_input, clash, sizeof clash)) {
        ui_say(st, UI_MSG_ERROR, "cannot start run %d: %s", k, clash);
        return false;
    }
    struct train_config c = *cfg;
    if (runfiles_prepare(&f->next, &f->run_opts, &c)) {
        show_failure(st, "cannot start: ", f->next.error, "");
        runfiles_fini(&f->next);
        return false;
    }
    f->rf = &f->next;
    f->run = k;
    return true;
}

void ui_files_cancel_run(struct ui_state *st)
{
    struct ui_files *f = &st->files;
    if (!f->rf)
        return;
    runfiles_abandon(f->rf);
    if (f->rf == &f->next)
        runfiles_fini(&f->next);
    f->rf = NULL;
}

bool ui_files_sync(struct ui_state *st, struct train_job *job)
{
    struct ui_files *f = &st->files;
    struct runfiles *rf = f->rf;
    if (!rf || rf->log_failed)
        return true;               /* a failure is reported once */
    if (runfiles_sync(rf, job) == 0)
        return true;
    keep_failure(f, rf->error);
    show_failure(st, "", rf->error, "; training stopped");
    return false;
}

void ui_files_end_run(struct ui_state *st, struct train_job *job)
{
    struct ui_files *f = &st->files;
    if (f->has_last)
        runlog_data_fini(&f->last);
    f->has_last = runlog_data_from_job(job, &f->last) == RT_OK;

    struct runfiles *rf = f->rf;
    if (!rf)
        return;
    struct options *o = &f->run_opts;
    const struct train_progress *p = train_job_progress(job);
    bool done = atomic_load_explicit(&((struct train_progress *)p)->state, memory_order_acquire) == TRAIN_DONE;
    /* A run that did not finish saves no weights: that is no failure here,
     * as the user cancelled it or was told why it stopped. */
    const char *weights = o->save_weights;
    if (!done)
        o->save_weights = NULL;
    bool log_failed = rf->log_failed;
    size_t before = strlen(rf->error);
    int bad = runfiles_finish(rf, job);
    const char *fresh = rf->error + before;
    if (before && strncmp(fresh, "\nrnntui: ", 9) == 0)
        fresh += 9;
    if (*fresh)
        keep_failure(f, fresh);
    if (log_failed) {
        show_failure(st, "", rf->error, "; training stopped");  /* the write that stopped it */
    } else if (bad) {
        show_failure(st, "", fresh, "");
    } else {
        char wrote[160] = "";
        const char *names[4] = { o->log_path, o->save_weights, o->export_data, o->plot };
        for (int i = 0; i < 4; i++)
            if (names[i]) {
                size_t n = strlen(wrote);
                snprintf(wrote + n, sizeof wrote - n, "%s%s", n ? ", " : "Wrote ", names[i]);
            }
        if (*wrote) {
            size_t n = strlen(wrote);
            snprintf(wrote + n, sizeof wrote - n, ".");
            msg_append(st, wrote);
        }
        if (weights && !done)
            msg_append(st, "No weights saved: the run did not finish.");
    }
    f->note[0] = '\0';
    if (o->log_path && !rf->log_failed && f->has_last)
        snprintf(f->note, sizeof f->note, "the log %s holds %d epoch%s", o->log_path,
                 f->last.epochs, f->last.epochs == 1 ? "" : "s");
    o->save_weights = weights;
    if (rf == &f->next)
        runfiles_fini(&f->next);
    f->rf = NULL;
    f->runs_done = f->run;
}

const struct runlog_data *ui_files_current_run(struct ui_state *st, struct runlog_data *tmp)
{
    struct ui_files *f = &st->files;
    memset(tmp, 0, sizeof *tmp);
    if (st->job)
        return runlog_data_from_job(st->job, tmp) == RT_OK ? tmp : NULL;
    if (f->has_last)
        return &f->last;
    if (f->viewing)
        return &f->view;
    return NULL;
}

/* ---- --view ---- */

int ui_files_view(struct ui_state *st, const char *path, char *err, size_t n)
{
    struct ui_files *f = &st->files;
    struct runlog_data *d = &f->view;
    if (runfiles_view_load(path, d, err, n))
        return 1;
    f->viewing = true;
    if (d->has_config) {
        st->cfg = d->config;
        st->cfg.init_params = NULL;
        st->init_model = st->cfg.model;
    }
    st->run_cfg = st->cfg;
    int cap = d->epochs;
    if (d->has_config && d->config.epochs > cap)
        cap = d->config.epochs;             /* a run that stopped early */
    if (cap < 1)
        cap = 1;
    if (!d->has_config)
        st->run_cfg.epochs = d->epochs;
    struct ui_curve *c = &st->cur;
    c->loss = calloc((size_t)cap, sizeof *c->loss);
    c->val_loss = calloc((size_t)cap, sizeof *c->val_loss);
    c->seconds = calloc((size_t)cap, sizeof *c->seconds);
    if (!c->loss || !c->val_loss || !c->seconds) {
        snprintf(err, n, "cannot view %s: %s", path, rt_strerror(RT_ENOMEM));
        return 1;                           /* ui_state_fini() frees the rest */
    }
    c->cap = cap;
    double seconds = 0.0;
    for (int i = 0; i < d->epochs; i++) {
        c->loss[i] = d->loss[i];
        c->val_loss[i] = d->val_loss[i];
        c->seconds[i] = d->seconds[i];
        if (isfinite(d->seconds[i]))
            seconds += d->seconds[i];
    }
    c->n = d->epochs;
    const char *base = strrchr(path, '/');
    base = base && base[1] ? base + 1 : path;
    if (d->has_config)
        ui_describe(&st->cfg, c->label, sizeof c->label);
    else
        snprintf(c->label, sizeof c->label, "%s", base);
    st->snap.elapsed = seconds;
    st->snap.state = TRAIN_DONE;

    char what[64];
    if (d->status == RUNLOG_DIVERGED && d->diverged_epoch)
        snprintf(what, sizeof what, "diverged in epoch %d", d->diverged_epoch);
    else if (d->format == RUNLOG_CSV)
        snprintf(what, sizeof what, "CSV, no settings or results recorded");
    else if (d->status == RUNLOG_RUNNING)
        snprintf(what, sizeof what, "no final record: still running or killed");
    else
        snprintf(what, sizeof what, "%s", runlog_status_name(d->status));
    if (d->has_result) {
        struct ui_result *r = &st->result;
        r->test_loss = d->result.test_loss;
        r->correctness = d->result.correctness;
        r->n_test = d->result.n_test;
        r->n_correct = d->result.n_correct;
        r->rows = d->result.table_rows < TRAIN_TABLE_ROWS ? d->result.table_rows : TRAIN_TABLE_ROWS;
        for (int i = 0; i < r->rows; i++) {
            r->target[i] = d->result.target[i];
            r->prediction[i] = d->result.prediction[i];
        }
        r->has_marked = d->result.has_gradients;
        r->marked_share = d->result.marked_share;
        r->n_marked = d->result.n_marked;
        r->seconds = seconds;
        st->have_result = true;
        st->screen = UI_SCREEN_RESULTS;
    } else {
        st->screen = UI_SCREEN_EDIT;
    }
    ui_gradflow_view_log(st, d);              /* a log written with --gradients */
    ui_say(st, UI_MSG_INFO, "Viewing %s: %d epoch%s (%s).", base, d->epochs,
           d->epochs == 1 ? "" : "s", what);
    return 0;
}

bool ui_files_view_refuses(struct ui_state *st, int act)
{
    if (!st->files.viewing)
        return false;
    switch (act) {
    case UI_ACT_COMPARE:
        ui_say(st, UI_MSG_INFO, "A saved log (--view) is only shown; run rnntui without --view to train.");
        return true;
    case UI_ACT_START:
        if (st->have_result) {
            st->screen = st->screen == UI_SCREEN_RESULTS ? UI_SCREEN_EDIT : UI_SCREEN_RESULTS;
            st->msg[0] = '\0';
        } else {
            ui_say(st, UI_MSG_INFO, "A saved log (--view) is only shown; run rnntui without --view to train.");
        }
        return true;
    case UI_ACT_INC: case UI_ACT_DEC: case UI_ACT_INC_BIG: case UI_ACT_DEC_BIG:
    case UI_ACT_TYPE: case UI_ACT_BACKSPACE:
        ui_say(st, UI_MSG_INFO, "These are the logged settings; they cannot be changed here.");
        return true;
    default:
        return false;
    }
}

void ui_files_fini(struct ui_state *st)
{
    struct ui_files *f = &st->files;
    ui_files_abandon(st);
    if (f->rf == &f->next)
        runfiles_fini(&f->next);
    f->rf = NULL;
    runfiles_fini(&f->boot);
    runlog_data_fini(&f->last);
    runlog_data_fini(&f->view);
    f->has_last = f->viewing = false;
}
