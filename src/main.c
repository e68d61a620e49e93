/* rnntui: parse the command line, run the chosen front end, map the result
 * to an exit status (0 success, 1 runtime failure, 2 usage error). */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "compare.h"
#include "headless.h"
#include "options.h"
#include "runfiles.h"
#include "sweep_cli.h"
#include "ui/ui.h"

/* Status of --help and --version: 0, or 1 with a message when stdout
 * could not take the text. */
static int flushed(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    runfiles_stdout_error(stderr, errno);
    return 1;
}

static int run(struct options *opts)
{
    /* A sweep's command lines: nothing runs. */
    if (opts->print_commands)
        return sweep_cli_run(opts);
    /* Two file options naming the same file: a usage error, before
     * anything is read or written (a sweep names its own logs in DIR/). */
    if (!opts->sweep.n_axes && (opts->compare ? compare_clash(opts, opts->error, sizeof opts->error)
                                              : runfiles_clash(opts, opts->error, sizeof opts->error))) {
        fprintf(stderr, "rnntui: %s\n", opts->error);
        return 2;
    }
    /* Saved logs shown without a screen: as SVG (--plot) and/or text. */
    if (opts->view && opts->view_sweep && (opts->plot || opts->mode == OPT_MODE_HEADLESS))
        return sweep_cli_view(opts);
    if (opts->view && (opts->plot || opts->mode == OPT_MODE_HEADLESS))
        return runfiles_view(opts, stdout, stderr);
    switch (opts->mode) {
    case OPT_MODE_UI:
        return ui_run(opts);
    case OPT_MODE_BENCH:
        return bench_run(opts);
    case OPT_MODE_HEADLESS:
    default:
        return headless_run(opts);
    }
}

int main(int argc, char **argv)
{
    /* A file size limit (ulimit -f) or a reader that went away fail the
     * write (EFBIG, EPIPE), which is reported and cleaned up like a full
     * disk, instead of killing the program with files half written. */
    signal(SIGXFSZ, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    static struct options opts;
    int rc;
    switch (opt_parse(argc, argv, &opts)) {
    case OPT_HELP:
        fputs(opt_usage(), stdout);
        rc = flushed();
        break;
    case OPT_VERSION:
        printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
        rc = flushed();
        break;
    case OPT_USAGE:
        fprintf(stderr, "rnntui: %s\n", opts.error);
        rc = 2;
        break;
    case OPT_OK:
    default:
        rc = run(&opts);
        break;
    }
    opt_fini(&opts);
    return rc;
}
