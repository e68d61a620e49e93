/*
 * plot.h - the loss / val_loss chart of a run as a standalone SVG file.
 *
 * The picture (800 x 480 user units, no scripts, no external resources):
 * a title with cell, layers x units, seed and correctness; a subtitle with
 * the test loss, epochs, learning rate and data size, or how the run ended;
 * x axis "epoch" (1-based, as Keras prints "Epoch 3/100"), y axis
 * "loss (MSE)" from 0, both with ticks at round values (the y axis by the
 * rule of rnntui/ticks.h: 0, 0.01, 0.02, ...) and labels; a legend;
 * and one series per quantity:
 *     <g id="loss" class="series"> <polyline points="x,y x,y ..."/> </g>
 *     <g id="val_loss" class="series"> ... </g>
 * holding one point per epoch (a NaN or infinite value leaves a gap: the
 * polyline is split there and the point omitted). A run with gradient flow
 * (gradflow.h: the final result's, else the last recorded epoch's) gets a
 * second panel below, and the picture is twice as tall:
 *     <g id="gradient_flow" transform="translate(0 480)"> ... </g>
 * with log10 ||dL/dh_t|| against the step t, y ticks at whole decades
 * labelled 1e-3, 1e-2, ..., and one series per layer, <g id="flow_h_1">,
 * <g id="flow_h_2">, ... (LSTM also dashed <g id="flow_c_1">, ...). Numbers are written in
 * the C locale. The file goes through a temporary file (see iofile.h).
 */
#ifndef RNNTUI_PLOT_H
#define RNNTUI_PLOT_H

#include <stdbool.h>

#include "rnntui/runlog.h"
#include "rnntui/sweep.h"

#define PLOT_WIDTH 800
#define PLOT_HEIGHT 480

/* Writes the chart of run to path. source (may be NULL) names where the run
 * came from; it titles the chart of a log without a configuration (CSV).
 * Returns RT_OK, RT_ENOMEM or RT_EIO (errno set). */
int plot_svg_write(const char *path, bool force, const struct runlog_data *run,
                   const char *source);

/* The chart of a sweep (800 x 480, same rules): test correctness (%, 0 to
 * 100) against the values of its first swept axis other than cell and seed
 * (equally spaced, in ascending order; the cells when there is none); one
 * series per cell (and per value of any further axis):
 *     <g id="series-lstm" class="series"> <polyline class="median" .../>
 *       <circle class="seed" .../> ... <circle class="median" .../> ... </g>
 * each finished run a small dot, each point's median a larger one, the
 * medians joined. pts are sweep_reduce(plan)'s. source (may be NULL) goes
 * in the subtitle. Returns RT_OK, RT_ENOMEM or RT_EIO (errno set). */
int plot_sweep_svg_write(const char *path, bool force, const struct sweep_plan *plan,
                         const struct sweep_point *pts, const char *source);

#endif
