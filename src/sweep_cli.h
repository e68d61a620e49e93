/*
 * sweep_cli.h - sweeps without a screen: the headless sweep (--sweep), the
 * command lines of its runs (--print-commands) and the table and chart of a
 * sweep read back from its logs (--view DIR or several logs).
 *
 * The runs come from the one runner of run lists (rnntui/sweep.h). With
 * --log DIR/ each run writes DIR/NAME.jsonl, NAME saying its settings
 * (sweep_run_name: "lstm-length20-seed2"); a directory that already holds
 * .jsonl files is refused unless --force (which replaces the sweep's own
 * names and leaves other files alone) or --resume (which keeps the runs
 * whose logs have ended, done or diverged, and runs the others).
 *
 * Reading logs back (sweep_logs_load): every file given, or every *.jsonl
 * file of a directory. A file that is not a JSON Lines log of rnntui with
 * its configuration (a CSV log, a corrupt file, a run from --load-weights),
 * a second log of the same settings, or a log whose fixed settings differ
 * from the others' (those not named in its file name, when the names follow
 * the sweep's pattern) is reported and skipped; the rest make the table.
 */
#ifndef RNNTUI_SWEEP_CLI_H
#define RNNTUI_SWEEP_CLI_H

#include <stdio.h>

#include "rnntui/sweep.h"

#include "options.h"

/* --headless --sweep: one line per finished run, the table, the times;
 * with --print-commands only the command lines. Returns the exit status. */
int  sweep_cli_run(const struct options *opts);
/* --view of a directory or of several logs without a screen: the table
 * (with --headless) and the SVG (--plot). Returns the exit status. */
int  sweep_cli_view(const struct options *opts);

/* The path of run's log in the directory dir (ending in '/'): dir + name +
 * ".jsonl". Returns 0, or -1 when it does not fit. */
int  sweep_log_path(const char *dir, const struct sweep_run *run, char *buf, size_t n);
/* Checks the log directory of a sweep before it starts: creates it when
 * missing (not its parents); refuses a directory that holds .jsonl files
 * unless force. Returns 0, or 1 with a one-line message in err[0..n). */
int  sweep_check_log_dir(const char *dir, bool force, const struct sweep_plan *plan,
                         char *err, size_t n);
/* Reads the logs of paths[0..n) (files, or directories whose *.jsonl files
 * are read) into *plan: one run per log accepted, outcomes from the logs,
 * the axes the settings that vary (and the cell). Every file skipped is
 * reported as one line "rnntui: PATH: reason" on msgs; *skipped counts
 * them. Returns 0, or 1 with a message on msgs when no log was accepted
 * or memory ran out. */
int  sweep_logs_load(const char *const *paths, int n, struct sweep_plan *plan, FILE *msgs,
                     int *skipped);
/* Prints the table of plan's points (a heading with the settings shared,
 * the header, one line per point, a note on the columns). */
void sweep_print_table(FILE *out, const struct sweep_plan *plan);

#endif
