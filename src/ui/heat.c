/*
 * heat.c - heat strips in a character grid; see heat.h.
 */
#include "config.h"

#include "ui/heat.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char ramp[] = HEAT_RAMP;

int heat_level(double v, double lo, double hi)
{
    if (isnan(v))
        return -1;
    if (!(hi > lo))
        return v >= hi ? HEAT_LEVELS - 1 : 0;
    double f = (v - lo) / (hi - lo) * HEAT_LEVELS;
    if (f < 0)
        return 0;
    if (f >= HEAT_LEVELS)
        return HEAT_LEVELS - 1;
    return (int)f;
}

/* The steps [first, end) that column c of w shows, for n steps. */
static void column_steps(int c, int n, int w, long long *first, long long *end)
{
    if (n <= w) {                      /* each step over the columns nearest to it */
        *first = (long long)c * n / w;
        *end = *first + 1;
    } else {                           /* several steps per column */
        *first = ((long long)c * n + w - 1) / w;
        *end = ((long long)(c + 1) * n + w - 1) / w;
    }
}

/* The first column that shows 0-based step i. */
static int column_of(long long i, int n, int w)
{
    if (n <= w)
        return (int)((i * w + n - 1) / n);
    return (int)(i * w / n);
}

void heat_strip(const float *v, int n, double lo, double hi, enum heat_resample how,
                char *out, unsigned char *cls, int cols)
{
    for (int c = 0; c < cols; c++) {
        long long first, end;
        column_steps(c, n, cols, &first, &end);
        double acc = how == HEAT_MAX ? -INFINITY : 0.0;
        int k = 0;
        bool nan = false;
        for (long long i = first; i < end && i < n; i++) {
            if (isnan(v[i])) {
                nan = true;
                continue;
            }
            acc = how == HEAT_MAX ? fmax(acc, v[i]) : acc + v[i];
            k++;
        }
        int level = k == 0 ? -1 : heat_level(how == HEAT_MAX ? acc : acc / k, lo, hi);
        if (k == 0 && !nan) {          /* no step at all: n == 0 */
            out[c] = ' ';
            if (cls)
                cls[c] = HEAT_BLANK;
            continue;
        }
        out[c] = level < 0 ? '?' : ramp[level];
        if (cls)
            cls[c] = (unsigned char)(level < 0 ? HEAT_NAN : HEAT_LEVEL + level);
    }
}

/* Text s at row r, column c of the grid, clipped to the row. */
static void put_str(char *grid, unsigned char *cls, int cols, int r, int c, const char *s, int kind)
{
    for (int j = 0; s[j] && c + j < cols; j++) {
        if (c + j < 0)
            continue;
        grid[(size_t)r * cols + c + j] = s[j];
        if (cls)
            cls[(size_t)r * cols + c + j] = (unsigned char)kind;
    }
}

/* Writes s at row r from column c if it fits before column limit and has a
 * blank on each side. Returns whether it did. */
static bool place_label(char *grid, unsigned char *cls, int cols, int r, int c, int limit, const char *s)
{
    int len = (int)strlen(s);
    if (c + len > limit)
        c = limit - len;
    for (int j = c - 1; j <= c + len; j++)
        if (j >= 0 && j < cols && grid[(size_t)r * cols + j] != ' ')
            return false;
    put_str(grid, cls, cols, r, c, s, HEAT_AXIS);
    return true;
}

void heat_step_axis(char *grid, unsigned char *cls, int cols, int pc0, int w, int n)
{
    put_str(grid, cls, cols, 0, 0, "step", HEAT_LABEL);
    char buf[24];
    int digits = snprintf(buf, sizeof buf, "%d", n);
    long long step = 1;
    static const int mant[] = { 1, 2, 5 };
    for (long long dec = 1; dec <= 100000000LL; dec *= 10) {
        int m;
        for (m = 0; m < 3; m++)
            if (mant[m] * dec * w >= (long long)(digits + 2) * n)
                break;
        if (m < 3) {
            step = mant[m] * dec;
            break;
        }
    }
    place_label(grid, cls, cols, 0, pc0, cols, "1");
    snprintf(buf, sizeof buf, "%d", n);
    if (n > 1)
        place_label(grid, cls, cols, 0, pc0 + column_of(n - 1, n, w), cols, buf);
    for (long long s = step; s < n; s += step) {
        if (s <= 1)
            continue;
        snprintf(buf, sizeof buf, "%lld", s);
        place_label(grid, cls, cols, 0, pc0 + column_of(s - 1, n, w), cols, buf);
    }
}

/* "-1..1", "0..2.5" */
static void range_text(double lo, double hi, char *buf, size_t size)
{
    snprintf(buf, size, "%g..%g", lo, hi);
}

/* The legend on the last row: the ramp from low to high, then which
 * blocks use which range. */
static void legend(const struct heat_spec *sp, char *grid, unsigned char *cls, int cols, int r)
{
    put_str(grid, cls, cols, r, 0, "scale", HEAT_LABEL);
    int c = HEAT_LABEL_COLS;
    put_str(grid, cls, cols, r, c, "low ", HEAT_LABEL);
    c += 4;
    for (int k = 0; k < HEAT_LEVELS && c < cols; k++, c++) {
        grid[(size_t)r * cols + c] = ramp[k];
        if (cls)
            cls[(size_t)r * cols + c] = (unsigned char)(HEAT_LEVEL + k);
    }
    put_str(grid, cls, cols, r, c, " high", HEAT_LABEL);
    c += 5;
    /* Each distinct range once, with the names of the blocks that use it. */
    bool done[HEAT_MAX_BLOCKS] = { false };
    for (int b = 0; b < sp->n_blocks; b++) {
        if (done[b])
            continue;
        char text[96] = "", range[40];
        size_t len = 0;
        for (int o = b; o < sp->n_blocks; o++) {
            if (done[o] || sp->blocks[o].lo != sp->blocks[b].lo || sp->blocks[o].hi != sp->blocks[b].hi)
                continue;
            done[o] = true;
            len += (size_t)snprintf(text + len, sizeof text - len, "%s ", sp->blocks[o].name);
            if (len >= sizeof text)
                len = sizeof text - 1;
        }
        range_text(sp->blocks[b].lo, sp->blocks[b].hi, range, sizeof range);
        snprintf(text + len, sizeof text - len, "%s", range);
        int tl = (int)strlen(text);
        if (c + 3 + tl > cols)
            break;
        put_str(grid, cls, cols, r, c + 3, text, HEAT_LABEL);
        c += 3 + tl;
    }
}

int heat_render(const struct heat_spec *spec, char *grid, unsigned char *cls,
                int rows, int cols, struct heat_info *info)
{
    if (rows <= 0 || cols <= 0)
        return -1;
    memset(grid, ' ', (size_t)rows * (size_t)cols);
    if (cls)
        memset(cls, HEAT_BLANK, (size_t)rows * (size_t)cols);
    if (rows < HEAT_MIN_ROWS || cols < HEAT_MIN_COLS)
        return -1;
    struct heat_spec sp = *spec;
    if (sp.n_blocks > HEAT_MAX_BLOCKS)
        sp.n_blocks = HEAT_MAX_BLOCKS;
    if (sp.n_blocks < 0)
        sp.n_blocks = 0;
    const int pc0 = HEAT_LABEL_COLS, w = cols - pc0;
    const int n = sp.n > 0 ? sp.n : 0;

    if (n > 0)
        heat_step_axis(grid, cls, cols, pc0, w, n);
    put_str(grid, cls, cols, 1, 0, "marker", HEAT_LABEL);
    put_str(grid, cls, cols, 2, 0, "value", HEAT_LABEL);
    if (sp.marker && n > 0)
        heat_strip(sp.marker, n, 0.0, 1.0, HEAT_MAX, grid + (size_t)1 * cols + pc0,
                   cls ? cls + (size_t)1 * cols + pc0 : NULL, w);
    if (sp.value && n > 0)
        heat_strip(sp.value, n, 0.0, 1.0, HEAT_MEAN, grid + (size_t)2 * cols + pc0,
                   cls ? cls + (size_t)2 * cols + pc0 : NULL, w);

    /* The block list: a heading, then one strip per unit, for each block. */
    int list_rows = 0;
    for (int b = 0; b < sp.n_blocks; b++)
        list_rows += 1 + (sp.blocks[b].rows > 0 ? sp.blocks[b].rows : 0);
    const int body0 = 3, body = rows - 4;  /* rows between the value row and the legend */
    int scroll = sp.scroll;
    if (scroll > list_rows - body)
        scroll = list_rows - body;
    if (scroll < 0)
        scroll = 0;
    int drawn = 0, k = 0;
    for (int b = 0; b < sp.n_blocks; b++) {
        const struct heat_block *bl = &sp.blocks[b];
        for (int i = -1; i < bl->rows; i++, k++) {
            int r = body0 + k - scroll;
            if (k < scroll || r >= body0 + body)
                continue;
            char buf[96];
            if (i < 0) {
                char range[40];
                range_text(bl->lo, bl->hi, range, sizeof range);
                snprintf(buf, sizeof buf, "%s %s %s", bl->name, bl->title ? bl->title : "", range);
                put_str(grid, cls, cols, r, 0, buf, HEAT_HEADING);
                continue;
            }
            /* The block's name on every row, so a scrolled list stays readable. */
            snprintf(buf, sizeof buf, "%-2.2s%*d", bl->name, HEAT_LABEL_COLS - 4, i + 1);
            put_str(grid, cls, cols, r, 0, buf, HEAT_LABEL);
            if (bl->v && n > 0)
                heat_strip(bl->v + (size_t)i * n, n, bl->lo, bl->hi, HEAT_MEAN,
                           grid + (size_t)r * cols + pc0, cls ? cls + (size_t)r * cols + pc0 : NULL, w);
            drawn++;
        }
    }
    legend(&sp, grid, cls, cols, rows - 1);

    if (info) {
        info->list_rows = list_rows;
        info->shown = list_rows - scroll < body ? list_rows - scroll : body;
        info->scroll = scroll;
        info->strip_col = pc0;
        info->strip_cols = w;
    }
    return drawn;
}
