/*
 * bench.h - `rnntui --bench`: how fast the core trains, as figures.
 *
 * For each cell at the configured sizes it trains a warm-up epoch and then
 * BENCH_EPOCHS measured ones, with one thread and with one per core, and
 * prints seconds per epoch (median), sequences per second, GFLOP/s from an
 * analytic count of the matrix products (the formula is printed), the share
 * of a peak measured on this machine, and the peak resident set size.
 * With --gradients it then times each cell on every core without and with
 * gradient recording, in turns, and prints both and their ratio (the
 * recording's cost; the target is at most 1.05).
 */
#ifndef RNNTUI_BENCH_H
#define RNNTUI_BENCH_H

#include "options.h"

#define BENCH_EPOCHS 5

/* Runs the benchmark; returns the process exit status. */
int bench_run(const struct options *opts);

#endif
