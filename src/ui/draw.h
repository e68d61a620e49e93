/*
 * draw.h - small curses drawing helpers of the compare screen and the state
 * view: text clipped to the screen in a semantic colour, a progress bar,
 * and a grid of characters (from chart.c or heat.c) copied to the screen.
 */
#ifndef RNNTUI_UI_DRAW_H
#define RNNTUI_UI_DRAW_H

#include "ui/term.h"

/* s at row y, column x, at most maxw columns, clipped to the screen. */
void draw_text(int y, int x, int maxw, enum ui_color c, const char *s);
void draw_textf(int y, int x, int maxw, enum ui_color c, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The first of the n texts that fits in maxw columns (longest first, a
 * shorter form of the same thing after it), drawn as draw_text() does; when
 * none fits, the last one cut at its last word boundary that fits, so that
 * no word is ever cut in the middle. */
void draw_words(int y, int x, int maxw, enum ui_color c, const char *const *texts, int n);
/* w blanks at row y from column x, in colour c. */
void draw_fill(int y, int x, int w, enum ui_color c);
/* A Keras-style progress bar "[===>....]" for done of total at row y from
 * column x, in at most w columns and never wider than max_bar; nothing
 * when fewer than 5 columns are left or total is 0. */
void draw_bar(int y, int x, int w, int max_bar, int done, int total);
/* A rows x cols grid at (y0, x0); color(cls[i], arg) gives each cell's colour. */
void draw_grid(int y0, int x0, const char *grid, const unsigned char *cls, int rows, int cols,
               enum ui_color (*color)(unsigned char cls, const void *arg), const void *arg);

/* Colour functions for draw_grid(): a chart's cells (chart.h), arg being
 * the series' colours (enum ui_color[]), and heat strips' (heat.h), arg
 * unused: the five heat colours over the ramp, labels, axis, NaN. */
enum ui_color draw_chart_color(unsigned char cls, const void *arg);
enum ui_color draw_heat_color(unsigned char cls, const void *arg);

#endif
