/*
 * draw.c - drawing helpers; see draw.h.
 */
#include "config.h"

#include "ui/draw.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ui/chart.h"
#include "ui/heat.h"

void draw_text(int y, int x, int maxw, enum ui_color c, const char *s)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS || maxw <= 0)
        return;
    if (x + maxw > COLS)
        maxw = COLS - x;
    attrset((int)term_attr(c));
    mvaddnstr(y, x, s, maxw);
    attrset(A_NORMAL);
}

void draw_textf(int y, int x, int maxw, enum ui_color c, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    draw_text(y, x, maxw, c, buf);
}

void draw_words(int y, int x, int maxw, enum ui_color c, const char *const *texts, int n)
{
    if (x + maxw > COLS)
        maxw = COLS - x;
    if (n <= 0 || maxw <= 0)
        return;
    for (int i = 0; i < n; i++)
        if ((int)strlen(texts[i]) <= maxw) {
            draw_text(y, x, maxw, c, texts[i]);
            return;
        }
    /* The last form, up to the last blank that leaves it within maxw,
     * without the separator (",", ":" or blanks) in front of that blank. */
    const char *s = texts[n - 1];
    int end = 0;
    for (int i = 1; i <= maxw; i++)
        if (s[i] == ' ')
            end = i;
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == ',' || s[end - 1] == ':'))
        end--;
    char buf[512];
    if (end >= (int)sizeof buf)
        end = (int)sizeof buf - 1;
    memcpy(buf, s, (size_t)end);
    buf[end] = '\0';
    draw_text(y, x, maxw, c, buf);
}

void draw_fill(int y, int x, int w, enum ui_color c)
{
    if (y < 0 || y >= LINES)
        return;
    attrset((int)term_attr(c));
    for (int i = x < 0 ? 0 : x; i < x + w && i < COLS; i++)
        mvaddch(y, i, ' ');
    attrset(A_NORMAL);
}

void draw_bar(int y, int x, int w, int max_bar, int done, int total)
{
    int bar = w - 2 < max_bar ? w - 2 : max_bar;
    if (bar < 5 || total <= 0)
        return;
    int full = (int)((long long)bar * done / total);
    char b[256];
    if (bar > (int)sizeof b - 3)
        bar = (int)sizeof b - 3;
    b[0] = '[';
    for (int i = 0; i < bar; i++)
        b[1 + i] = i < full ? '=' : i == full ? '>' : '.';
    b[bar + 1] = ']';
    b[bar + 2] = '\0';
    draw_text(y, x, w, UI_COLOR_NORMAL, b);
}

void draw_grid(int y0, int x0, const char *grid, const unsigned char *cls, int rows, int cols,
               enum ui_color (*color)(unsigned char cls, const void *arg), const void *arg)
{
    for (int r = 0; r < rows && y0 + r < LINES; r++)
        for (int c = 0; c < cols && x0 + c < COLS; c++) {
            size_t i = (size_t)r * (size_t)cols + (size_t)c;
            mvaddch(y0 + r, x0 + c, (chtype)(unsigned char)grid[i] | term_attr(color(cls[i], arg)));
        }
}

enum ui_color draw_chart_color(unsigned char k, const void *arg)
{
    const enum ui_color *series = arg;
    if (k >= CHART_SERIES && k < CHART_SERIES + CHART_MAX_SERIES)
        return series[k - CHART_SERIES];
    return k == CHART_BLANK ? UI_COLOR_NORMAL : UI_COLOR_AXIS;
}

enum ui_color draw_heat_color(unsigned char k, const void *arg)
{
    (void)arg;
    if (k >= HEAT_LEVEL && k < HEAT_LEVEL + HEAT_LEVELS)
        return (enum ui_color)(UI_COLOR_HEAT0 + (k - HEAT_LEVEL) * 5 / HEAT_LEVELS);
    switch (k) {
    case HEAT_HEADING: return UI_COLOR_HEADING;
    case HEAT_AXIS:    return UI_COLOR_AXIS;
    case HEAT_NAN:     return UI_COLOR_BAD;
    default:           return UI_COLOR_NORMAL;
    }
}
