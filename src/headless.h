/*
 * headless.h - the front end without a screen: Keras-style text on stdout.
 *
 * Drives the same job API as the curses screen: a summary of the model, one
 * line per epoch as each finishes, then the test loss, the five-sample table
 * and the correctness percentage. SIGINT and SIGTERM cancel the run after
 * the current batch.
 */
#ifndef RNNTUI_HEADLESS_H
#define RNNTUI_HEADLESS_H

#include <stdio.h>

#include "options.h"

/* Runs opts in headless mode; returns the process exit status. */
int headless_run(const struct options *opts);

/* The Keras-style model.summary() table of cfg, as printed by headless_run. */
void headless_print_summary(FILE *out, const struct train_config *cfg);

#endif
