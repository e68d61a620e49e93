/* rnntui: parse the command line, run the chosen front end, map the result
 * to an exit status (0 success, 1 runtime failure, 2 usage error). */
#include "config.h"

#include <stdio.h>

#include "bench.h"
#include "headless.h"
#include "options.h"
#include "runfiles.h"
#include "sweep_cli.h"
#include "ui/ui.h"

static int run(struct options *opts)
{
    /* A sweep's command lines: nothing runs. */
    if (opts->print_commands)
        return sweep_cli_run(opts);
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
    static struct options opts;
    int rc;
    switch (opt_parse(argc, argv, &opts)) {
    case OPT_HELP:
        fputs(opt_usage(), stdout);
        rc = fflush(stdout) == 0 ? 0 : 1;
        break;
    case OPT_VERSION:
        printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
        rc = fflush(stdout) == 0 ? 0 : 1;
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
