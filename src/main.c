/* rnntui: parse the command line, run the chosen front end, map the result
 * to an exit status (0 success, 1 runtime failure, 2 usage error). */
#include "config.h"

#include <stdio.h>

#include "bench.h"
#include "headless.h"
#include "options.h"
#include "runfiles.h"
#include "ui/ui.h"

int main(int argc, char **argv)
{
    static struct options opts;
    switch (opt_parse(argc, argv, &opts)) {
    case OPT_HELP:
        fputs(opt_usage(), stdout);
        return fflush(stdout) == 0 ? 0 : 1;
    case OPT_VERSION:
        printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
        return fflush(stdout) == 0 ? 0 : 1;
    case OPT_USAGE:
        fprintf(stderr, "rnntui: %s\n", opts.error);
        return 2;
    case OPT_OK:
        break;
    }
    /* A saved log shown without a screen: as SVG (--plot) and/or text. */
    if (opts.view && (opts.plot || opts.mode == OPT_MODE_HEADLESS))
        return runfiles_view(&opts, stdout, stderr);
    switch (opts.mode) {
    case OPT_MODE_UI:
        return ui_run(&opts);
    case OPT_MODE_BENCH:
        return bench_run(&opts);
    case OPT_MODE_HEADLESS:
    default:
        return headless_run(&opts);
    }
}
