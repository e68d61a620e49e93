/*
 * options.h - the command line of rnntui.
 *
 * opt_parse() fills struct options from argv with getopt_long. It prints
 * nothing: on a usage error it returns OPT_USAGE with a one-line message in
 * opts->error naming the bad value and what is allowed.
 */
#ifndef RNNTUI_OPTIONS_H
#define RNNTUI_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "rnntui/runlog.h"
#include "rnntui/sweep.h"
#include "rnntui/train.h"

enum opt_result { OPT_OK, OPT_HELP, OPT_VERSION, OPT_USAGE };

enum opt_mode { OPT_MODE_UI, OPT_MODE_HEADLESS, OPT_MODE_BENCH };

struct options {
    struct train_config train;     /* model, data and training settings */
    enum opt_mode mode;
    bool start;                    /* UI: begin training at once (--start) */
    bool no_color;                 /* UI: monochrome (--no-color) */
    bool compare;                  /* --compare: SimpleRNN, LSTM and GRU one after another (src/compare.h) */
    /* Files (src/runfiles.h); each path is NULL when not given. */
    const char *log_path;          /* --log FILE */
    enum runlog_format log_format; /* --log-format, else from the name of --log */
    const char *save_weights;      /* --save-weights FILE */
    const char *load_weights;      /* --load-weights FILE */
    const char *export_data;       /* --export-data DIR */
    const char *view;              /* --view FILE: show a saved log, no training */
    const char *plot;              /* --plot FILE.svg */
    bool force;                    /* --force: replace existing output files */
    bool arch_given;               /* --cell, --units or --layers was given */
    /* Sweeps (src/sweep_cli.h). */
    struct sweep_spec sweep;       /* --sweep AXIS=LIST..., --cells; n_axes 0: no sweep */
    int jobs;                      /* --jobs: runs at once, 0 = as the cores allow */
    bool print_commands;           /* --print-commands */
    bool resume;                   /* --resume: run only what the --log DIR/ lacks */
    const char *const *views;      /* --view and the file names after it */
    int n_views;
    bool view_sweep;               /* --view of a directory or of several logs */
    const char *argv0;             /* the program as it was started */
    uint64_t memory_limit;         /* --memory-limit SIZE in bytes, 0: none (src/memlimit.h) */
    bool memory_limit_given;
    char error[256];               /* set when opt_parse() returns OPT_USAGE */
};

/* Fills opts with defaults, then parses argv. opts->sweep may hold memory
 * afterwards, whatever the result: release it with opt_fini(). */
enum opt_result opt_parse(int argc, char **argv, struct options *opts);
void opt_fini(struct options *opts);
/* The --help text. */
const char *opt_usage(void);

#endif
