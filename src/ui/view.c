/*
 * view.c - the screen, drawn from struct ui_state alone.
 *
 *   row 0         title bar, with what the program is doing on the right
 *   rows 1..H-3   left: the settings (or the results); right: the chart
 *                 with its legend above and the progress of the run below
 *   row H-2       the message line
 *   row H-1       the status line: the keys that matter now
 *
 * Help and the quit confirmation are boxes drawn over the layout.
 */
#include "config.h"

#include "ui/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memlimit.h"
#include "ui/chart.h"
#include "ui/compare_ui.h"
#include "ui/draw.h"
#include "ui/gradflow_ui.h"
#include "ui/input.h"
#include "ui/states.h"
#include "ui/sweep_ui.h"
#include "ui/term.h"


/* A box with an ASCII border, cleared inside, in colour c. */
static void draw_box(int y, int x, int h, int w, enum ui_color c, const char *title)
{
    for (int r = 0; r < h; r++)
        draw_fill(y + r, x, w, c);
    attrset((int)term_attr(c));
    for (int i = x + 1; i < x + w - 1; i++) {
        mvaddch(y, i, '-');
        mvaddch(y + h - 1, i, '-');
    }
    for (int r = y + 1; r < y + h - 1; r++) {
        mvaddch(r, x, '|');
        mvaddch(r, x + w - 1, '|');
    }
    mvaddch(y, x, '+');
    mvaddch(y, x + w - 1, '+');
    mvaddch(y + h - 1, x, '+');
    mvaddch(y + h - 1, x + w - 1, '+');
    attrset(A_NORMAL);
    if (title)
        draw_textf(y, x + 2, w - 4, c, " %s ", title);
}

/* ---- the parts ---- */

static const char *state_tag(const struct ui_state *st)
{
    if (st->files.viewing)
        return "VIEW";
    if (st->screen == UI_SCREEN_SWEEP_FORM || st->screen == UI_SCREEN_SWEEP)
        return ui_sweep_tag(st);
    if (st->screen == UI_SCREEN_COMPARE)
        return ui_compare_tag(st);
    if (st->screen == UI_SCREEN_STATES)
        return "STATES";
    if (st->screen == UI_SCREEN_GRADFLOW)
        return "GRADIENTS";
    if (st->screen == UI_SCREEN_TRAINING) {
        if (st->cancelling)
            return "CANCELLING";
        if (st->paused)           /* asked; the worker stops at its next batch */
            return st->snap.state == TRAIN_PAUSED ? "PAUSED" : "PAUSING";
        return "TRAINING";
    }
    return st->screen == UI_SCREEN_RESULTS ? "RESULTS" : "SETTINGS";
}

static void draw_title(const struct ui_state *st)
{
    draw_fill(0, 0, COLS, UI_COLOR_TITLE);
    char tag[32];
    snprintf(tag, sizeof tag, " %s ", state_tag(st));
    int len = (int)strlen(tag);
    draw_textf(0, 0, COLS - len - 1, UI_COLOR_TITLE,
               " %s %s - the multiplication problem (LSTM, 1997)", PACKAGE_NAME, PACKAGE_VERSION);
    draw_text(0, COLS - len, len, UI_COLOR_TITLE, tag);
}

/* The left panel: wide enough for a range column from WIDE_COLS columns on,
 * compact (the focused setting's range on a line of its own) below. */
#define WIDE_COLS 100
#define PANEL_WIDE 36
#define PANEL_COMPACT 29

static int panel_width(void)
{
    return COLS >= WIDE_COLS ? PANEL_WIDE : PANEL_COMPACT;
}

static void draw_settings(const struct ui_state *st, int y0, int y1)
{
    const int pw = panel_width();
    const bool wide = pw == PANEL_WIDE;
    draw_text(y0, 1, pw - 1, UI_COLOR_HEADING,
              st->files.viewing ? (st->files.view.has_config ? "Settings (logged)"
                                                             : "Settings (not in a CSV log)")
              : st->screen == UI_SCREEN_TRAINING ? "Settings (next run)" : "Settings");
    char val[40], range[40];
    for (int f = 0; f < UI_FIELD_COUNT && y0 + 1 + f <= y1; f++) {
        int y = y0 + 1 + f;
        bool focus = f == (int)st->field;
        ui_field_value(st, (enum ui_field)f, val, sizeof val);
        draw_text(y, 1, 2, focus ? UI_COLOR_HEADING : UI_COLOR_NORMAL, focus ? ">" : " ");
        draw_text(y, 3, 8, UI_COLOR_NORMAL, ui_field_name((enum ui_field)f));
        if (focus)
            draw_fill(y, 11, 11, UI_COLOR_FOCUS);
        draw_text(y, 11, 11, focus ? UI_COLOR_FOCUS : UI_COLOR_NORMAL, val);
        if (wide) {
            ui_field_range(st, (enum ui_field)f, range, sizeof range);
            draw_text(y, 23, pw - 23, UI_COLOR_DIM, range);
        }
    }
    int y = y0 + 1 + UI_FIELD_COUNT;
    if (!wide) {
        ui_field_range(st, st->field, range, sizeof range);
        draw_textf(y, 3, pw - 3, UI_COLOR_DIM, "%s: %s", ui_field_name(st->field), range);
    }

    /* The parameter count and a Keras-style summary, as far as they fit. */
    y++;
    char count[32];
    const int cw = pw - 2;                  /* text width */
    ui_format_count(model_param_count(&st->cfg.model), count, sizeof count);
    draw_text(y, 1, 11, UI_COLOR_HEADING, "Parameters");
    draw_textf(y, 12, cw - 11, UI_COLOR_HEADING, "%*s", cw - 11, count);
    if (++y > y1)
        return;
    /* Below it, the memory the run needs (the core's estimate), marked
     * when it is above what a run may use: such a run does not start. */
    struct train_memory mem;
    train_config_memory(&st->cfg, &mem);
    const bool over = st->mem_limit && mem.total > st->mem_limit;
    char need[32], have[32], text[72];
    memlimit_format_bytes(mem.total, need, sizeof need);
    memlimit_format_bytes(st->mem_limit, have, sizeof have);
    snprintf(text, sizeof text, over ? "%s > %s" : "%s", need, have);
    if ((int)strlen(text) > cw - 11)
        snprintf(text, sizeof text, "%s > limit", need);
    draw_text(y, 1, 11, over ? UI_COLOR_BAD : UI_COLOR_NORMAL, "Memory");
    draw_textf(y, 12, cw - 11, over ? UI_COLOR_BAD : UI_COLOR_NORMAL, "%*s", cw - 11, text);
    if (++y > y1)
        return;
    draw_textf(y, 1, cw, UI_COLOR_DIM, "%-*s%s", cw - 7, wide ? "Layer (type)" : "Layer", "Param #");
    const struct model_config *m = &st->cfg.model;
    for (int l = 0; l <= m->layers && ++y <= y1; l++) {
        if (y == y1 && l < m->layers) {
            draw_textf(y, 1, cw, UI_COLOR_DIM, "... %d more layers", m->layers - l + 1);
            break;
        }
        char name[32], what[48];
        model_layer_name(m, l, name, sizeof name);
        if (wide)
            snprintf(what, sizeof what, "%s (%s)", name, l == m->layers ? "Dense" : cell_name(m->cell));
        else
            snprintf(what, sizeof what, "%s", name);
        ui_format_count(model_layer_params(m, l), count, sizeof count);
        draw_textf(y, 1, cw, UI_COLOR_NORMAL, "%-*.*s%*s", cw - 10, cw - 10, what, 10, count);
    }
}

static void draw_results(const struct ui_state *st, int y0, int y1)
{
    const struct ui_result *r = &st->result;
    const int cw = panel_width() - 2;
    int y = y0;
    draw_text(y++, 1, cw, UI_COLOR_HEADING, "Results");
    draw_text(y++, 1, cw, UI_COLOR_NORMAL, st->cur.label);
    draw_textf(y++, 1, cw, UI_COLOR_DIM, "%d epoch%s, lr %g, batch %d", st->run_cfg.epochs,
               st->run_cfg.epochs == 1 ? "" : "s", st->run_cfg.learning_rate, st->run_cfg.batch_size);
    y++;
    draw_textf(y++, 1, cw, UI_COLOR_NORMAL, "test loss  %.6f", r->test_loss);
    char big[48];
    snprintf(big, sizeof big, " correctness: %.1f%% ", r->correctness);
    draw_text(y++, 1, cw, UI_COLOR_BIG, big);
    draw_textf(y++, 1, cw, UI_COLOR_DIM, "%d of %d within %g", r->n_correct, r->n_test,
               TRAIN_TOLERANCE);
    if (r->has_marked)                    /* the gradient flow (g) shows why */
        draw_textf(y++, 1, cw, UI_COLOR_NORMAL, "looks at marked  %.1f %%", r->marked_share);
    y++;
    if (y > y1)
        return;
    draw_text(y++, 1, cw, UI_COLOR_HEADING, "#  target predict  |diff|");
    for (int i = 0; i < r->rows && y <= y1; i++, y++) {
        double diff = r->prediction[i] > r->target[i] ? r->prediction[i] - r->target[i]
                                                      : r->target[i] - r->prediction[i];
        bool miss = diff > TRAIN_TOLERANCE;
        draw_textf(y, 1, cw, miss ? UI_COLOR_BAD : UI_COLOR_GOOD, "%d  %6.4f %7.4f  %6.4f%s",
                   i + 1, r->target[i], r->prediction[i], diff, miss ? " !" : "");
    }
    if (y <= y1)
        draw_textf(y, 1, cw, UI_COLOR_DIM, "! |diff| above %g", TRAIN_TOLERANCE);
}

/* The colour of a chart cell of class k; arg is the series' colours. */
static enum ui_color chart_cell_color(unsigned char k, const void *arg)
{
    const enum ui_color *color = arg;
    return k >= CHART_SERIES ? color[k - CHART_SERIES]
         : k == CHART_BLANK ? UI_COLOR_NORMAL : UI_COLOR_AXIS;
}

static void draw_chart(const struct ui_state *st, int y0, int x0, int h, int w)
{
    struct chart_series s[3];
    enum ui_color color[3];
    int ns = 0;
    if (st->ref.n > 0) {
        s[ns] = (struct chart_series){ st->ref.val_loss, st->ref.n, '.' };
        color[ns++] = UI_COLOR_REF;
    }
    if (st->cur.cap > 0) {
        s[ns] = (struct chart_series){ st->cur.loss, st->cur.n, '*' };
        color[ns++] = UI_COLOR_LOSS;
        s[ns] = (struct chart_series){ st->cur.val_loss, st->cur.n, 'o' };
        color[ns++] = UI_COLOR_VAL;
    }
    if (ns == 0 && (st->job || st->have_result)) {
        draw_text(y0 + h / 2, x0 + 2, w - 2, UI_COLOR_DIM, "0 epochs: the model is only evaluated.");
        return;
    }
    if (ns == 0) {
        char desc[80];
        ui_describe(&st->cfg, desc, sizeof desc);
        draw_text(y0 + h / 2 - 1, x0 + 2, w - 2, UI_COLOR_DIM, "No run yet.");
        draw_textf(y0 + h / 2, x0 + 2, w - 2, UI_COLOR_DIM, "Press Enter to train %s", desc);
        draw_textf(y0 + h / 2 + 1, x0 + 2, w - 2, UI_COLOR_DIM, "for %d epoch%s.", st->cfg.epochs,
                   st->cfg.epochs == 1 ? "" : "s");
        return;
    }
    int x_max = st->cur.cap > st->ref.n ? st->cur.cap : st->ref.n;
    struct chart_spec spec = { s, ns, x_max, st->log_scale };
    size_t size = h > 0 && w > 0 ? (size_t)h * (size_t)w : 1;   /* sized from what it holds */
    char *grid = malloc(size);
    unsigned char *cls = malloc(size);
    if (grid && cls && h > 0 && w > 0 && chart_render(&spec, grid, cls, h, w, NULL) >= 0) {
        draw_grid(y0, x0, grid, cls, h, w, chart_cell_color, color);
    } else {
        draw_text(y0, x0, w, UI_COLOR_DIM, "(the chart needs a larger window)");
    }
    free(grid);
    free(cls);
}

static void draw_legend(const struct ui_state *st, int y, int x0, int w)
{
    int x = x0;
    draw_text(y, x, w, UI_COLOR_LOSS, "* loss");
    x += 8;
    draw_text(y, x, x0 + w - x, UI_COLOR_VAL, "o val_loss");
    x += 12;
    if (st->ref.n > 0) {
        char buf[96];
        snprintf(buf, sizeof buf, ". previous val_loss (%s)", st->ref.label);
        draw_text(y, x, x0 + w - x, UI_COLOR_REF, buf);
    }
    const char *scale = st->log_scale ? "[log]" : "[linear]";
    int len = (int)strlen(scale);
    if (x0 + w - len > x + 2 + (st->ref.n > 0 ? 24 : 0))
        draw_text(y, x0 + w - len, len, UI_COLOR_DIM, scale);
}

/* A loss as Keras prints it: 0.0581, or 3.9183e-04 below 1e-3. */
static void fmt_loss(double v, char *buf, size_t n)
{
    if (v != 0.0 && v > -1e-3 && v < 1e-3)
        snprintf(buf, n, "%.4e", v);
    else
        snprintf(buf, n, "%.4f", v);
}

static void draw_progress(const struct ui_state *st, int y, int x0, int w)
{
    const struct ui_curve *c = &st->cur;
    char t1[24], t2[24], val[32], loss[32];
    if (c->n > 0)
        fmt_loss(c->val_loss[c->n - 1], val, sizeof val);
    else
        snprintf(val, sizeof val, "-");
    if (st->job) {
        const struct train_snapshot *sn = &st->snap;
        int total = st->run_cfg.epochs;
        int epoch = sn->epoch + 1 > total ? total : sn->epoch + 1;
        if (epoch < c->n)
            epoch = c->n;
        char head[64];
        int len = snprintf(head, sizeof head, "Epoch %d/%d  %d/%d ", epoch, total,
                           sn->batch, sn->batches);
        draw_text(y, x0, w, UI_COLOR_HEADING, head);
        draw_bar(y, x0 + len, w - len, 60, sn->batch, sn->batches);
        fmt_loss(sn->loss_so_far, loss, sizeof loss);
        draw_textf(y + 1, x0, w, UI_COLOR_NORMAL, "loss: %s - val_loss: %s", loss, val);
        ui_format_time(sn->elapsed, t1, sizeof t1);
        double eta = ui_eta(st);
        ui_format_time(eta, t2, sizeof t2);
        if (st->paused) {
            draw_textf(y + 2, x0, w, UI_COLOR_BAD, "PAUSED  elapsed %s  (p resumes)", t1);
            return;
        }
        char rate[32] = "";
        double done = c->n + (sn->batches > 0 ? (double)sn->batch / sn->batches : 0.0);
        if (done > 0 && sn->elapsed > 0) {
            double per = sn->elapsed / done;
            if (per < 1.0)
                snprintf(rate, sizeof rate, "  %.0f ms/epoch", per * 1000.0);
            else
                snprintf(rate, sizeof rate, "  %.1f s/epoch", per);
        }
        draw_textf(y + 2, x0, w, UI_COLOR_NORMAL, "elapsed %s  ETA %s%s", t1,
                   eta < 0 ? "--:--" : t2, rate);
        return;
    }
    if (c->cap == 0)
        return;
    bool finished = st->have_result && st->screen == UI_SCREEN_RESULTS;
    draw_textf(y, x0, w, UI_COLOR_HEADING, "%s: %d/%d epoch%s",
               st->files.viewing ? "Saved log" : finished ? "Finished" : "Last run", c->n, c->cap,
               c->cap == 1 ? "" : "s");
    if (c->n > 0) {
        fmt_loss(c->loss[c->n - 1], loss, sizeof loss);
        draw_textf(y + 1, x0, w, UI_COLOR_NORMAL, "loss: %s - val_loss: %s", loss, val);
    }
    ui_format_time(st->snap.elapsed, t1, sizeof t1);
    draw_textf(y + 2, x0, w, UI_COLOR_DIM, "%s, took %s", c->label, t1);
}

static void draw_help(void)
{
    int n;
    const struct input_help *h = input_help_lines(&n);
    int avail = LINES - 4;                 /* border, title gap */
    bool headings = n + 2 <= avail;
    int lines = 0;
    for (int i = 0; i < n; i++)
        lines += h[i].keys || headings;
    int bh = lines + 4 > LINES ? LINES : lines + 4;
    int bw = COLS - 4 < 68 ? COLS - 4 : 68;
    int by = (LINES - bh) / 2, bx = (COLS - bw) / 2;
    draw_box(by, bx, bh, bw, UI_COLOR_OVERLAY, "Help: every key");
    int y = by + 2;
    for (int i = 0; i < n && y < by + bh - 1; i++) {
        if (!h[i].keys) {
            if (headings)
                draw_text(y++, bx + 2, bw - 4, UI_COLOR_OVERLAY, h[i].text);
            continue;
        }
        draw_textf(y++, bx + 2, bw - 4, UI_COLOR_OVERLAY, "  %-16s %s", h[i].keys, h[i].text);
    }
}

static void draw_confirm(void)
{
    int bw = COLS - 4 < 50 ? COLS - 4 : 50, bh = 5;
    int by = (LINES - bh) / 2, bx = (COLS - bw) / 2;
    draw_box(by, bx, bh, bw, UI_COLOR_OVERLAY, "Quit");
    draw_text(by + 1, bx + 2, bw - 4, UI_COLOR_OVERLAY, "Training is still running.");
    draw_text(by + 3, bx + 2, bw - 4, UI_COLOR_OVERLAY, "Stop it and quit? y = quit, n = go on");
}

/* The settings or results panel, the chart and the progress of the run. */
static void draw_body(const struct ui_state *st, int body0, int body1)
{
    if (st->screen == UI_SCREEN_RESULTS && st->have_result)
        draw_results(st, body0, body1);
    else
        draw_settings(st, body0, body1);

    int x0 = panel_width() + 1, w = COLS - x0 - 1;
    draw_text(body0, x0, w, UI_COLOR_HEADING, "Loss per epoch");
    if (st->cur.cap > 0)
        draw_textf(body0, x0 + 16, w - 16, UI_COLOR_NORMAL, "%s", st->cur.label);
    draw_legend(st, body0 + 1, x0, w);
    int chart_h = body1 - 3 - (body0 + 2) + 1;
    draw_chart(st, body0 + 2, x0, chart_h, w);
    draw_progress(st, body1 - 2, x0, w);
}

void view_draw(const struct ui_state *st)
{
    erase();
    if (COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS) {
        char buf[160];
        if (st->confirm_quit)
            snprintf(buf, sizeof buf, "Stop the training and quit? y/n");
        else if (COLS >= 66)
            snprintf(buf, sizeof buf, "Terminal too small: %dx%d, rnntui needs %dx%d. "
                     "Enlarge it or press q.", COLS, LINES, UI_MIN_COLS, UI_MIN_ROWS);
        else
            snprintf(buf, sizeof buf, "Terminal too small: %dx%d, need %dx%d",
                     COLS, LINES, UI_MIN_COLS, UI_MIN_ROWS);
        draw_text(LINES > 1 ? (LINES - 1) / 2 : 0, 0, COLS, UI_COLOR_NORMAL, buf);
        refresh();
        return;
    }
    draw_title(st);

    int body0 = 1, body1 = LINES - 3;      /* body rows, inclusive */
    if (st->screen == UI_SCREEN_COMPARE)
        ui_compare_draw(st, body0, body1);
    else if (st->screen == UI_SCREEN_STATES)
        ui_states_draw(st, body0, body1);
    else if (st->screen == UI_SCREEN_GRADFLOW)
        ui_gradflow_draw(st, body0, body1);
    else if (st->screen == UI_SCREEN_SWEEP_FORM || st->screen == UI_SCREEN_SWEEP)
        ui_sweep_draw(st, body0, body1);
    else
        draw_body(st, body0, body1);

    enum ui_color mc = st->msg_kind == UI_MSG_ERROR ? UI_COLOR_BAD
                     : st->msg_kind == UI_MSG_GOOD ? UI_COLOR_GOOD : UI_COLOR_NORMAL;
    draw_text(LINES - 2, 1, COLS - 2, mc, st->msg);
    draw_fill(LINES - 1, 0, COLS, UI_COLOR_STATUS);
    draw_text(LINES - 1, 0, COLS, UI_COLOR_STATUS, input_status(st));

    ui_prompt_draw(st);                    /* the save-log input, over the status line */
    if (st->help)
        draw_help();
    else if (st->confirm_quit)
        draw_confirm();
    refresh();
}
