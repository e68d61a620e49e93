/*
 * headless.h - the front end without a screen: Keras-style text on stdout.
 *
 * Drives the same job API as the curses screen: a summary of the model, one
 * line per epoch as each finishes, then the test loss, the five-sample table
 * and the correctness percentage. SIGINT, SIGTERM and SIGHUP cancel the run after
 * the current batch. With --compare the three cells run one after another
 * (src/compare.c) through the same functions.
 */
#ifndef RNNTUI_HEADLESS_H
#define RNNTUI_HEADLESS_H

#include <stdio.h>

#include "options.h"

struct sweep_plan;

/* Runs opts in headless mode (with --compare, compare_run()); returns the
 * process exit status. */
int headless_run(const struct options *opts);

/* The Keras-style model.summary() table of cfg, as printed by headless_run. */
void headless_print_summary(FILE *out, const struct train_config *cfg);

/* The two lines --gradients adds after the correctness line (r->has_gradients):
 *   gradient flow g(1)/g(T): layer 1 2.0e-01, layer 2 1.9e-02
 *   looks at the marked steps: 98.4 % of test samples */
void headless_print_gradients(FILE *out, const struct train_result *r);

/* A table of gradient flow h (layers, length) and, for LSTM, c (else NULL):
 * one row per layer (and state), g at steps 1, T/4, T/2, 3T/4 and T. */
void headless_print_flow(FILE *out, int layers, int length, const float *h, const float *c);

/* The pieces of headless_run, for compare mode and sweeps. */
/* Installs the SIGINT/SIGTERM/SIGHUP handlers (they only set a flag) and ignores
 * SIGPIPE. */
void headless_signals(void);
/* The SIGINT, SIGTERM or SIGHUP received since headless_signals(), or 0. */
int  headless_signal(void);
/* Runs plan one run at a time on the sweep runner, each printed as a
 * single run is (the summary, each epoch as it finishes, the results, or a
 * one-line message on stderr), keeping the files of opts in step: with
 * compare, each run's own (compare_cell_options) under a "Compare k/n"
 * heading. A file that cannot be prepared, stdout gone or a signal stops
 * it; a run that diverged or failed does not. The outcomes land in plan.
 * Returns the exit status: 0, 1, or 128 plus the signal number. */
int  headless_keras(const struct options *opts, struct sweep_plan *plan, bool compare);

#endif
