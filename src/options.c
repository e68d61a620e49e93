#include "config.h"

#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rnntui/number.h"
#include "rnntui/status.h"
#include "memlimit.h"

enum {
    OPT_NO_COLOR = 0x100,
    OPT_START,
    OPT_HEADLESS,
    OPT_LAYERS,
    OPT_LOG,
    OPT_LOG_FORMAT,
    OPT_FORCE,
    OPT_SAVE_WEIGHTS,
    OPT_LOAD_WEIGHTS,
    OPT_EXPORT_DATA,
    OPT_VIEW,
    OPT_PLOT,
    OPT_BENCH,
    OPT_COMPARE,
    OPT_GRADIENTS,
    OPT_SWEEP,
    OPT_CELLS,
    OPT_JOBS,
    OPT_PRINT_COMMANDS,
    OPT_RESUME,
    OPT_MEMORY_LIMIT,
};

static const struct option long_options[] = {
    { "headless",      no_argument,       NULL, OPT_HEADLESS },
    { "start",         no_argument,       NULL, OPT_START },
    { "no-color",      no_argument,       NULL, OPT_NO_COLOR },
    { "bench",         no_argument,       NULL, OPT_BENCH },
    { "compare",       no_argument,       NULL, OPT_COMPARE },
    { "gradients",     no_argument,       NULL, OPT_GRADIENTS },
    { "sweep",         required_argument, NULL, OPT_SWEEP },
    { "cells",         required_argument, NULL, OPT_CELLS },
    { "jobs",          required_argument, NULL, OPT_JOBS },
    { "print-commands", no_argument,      NULL, OPT_PRINT_COMMANDS },
    { "resume",        no_argument,       NULL, OPT_RESUME },
    { "cell",          required_argument, NULL, 'c' },
    { "units",         required_argument, NULL, 'u' },
    { "layers",        required_argument, NULL, OPT_LAYERS },
    { "epochs",        required_argument, NULL, 'e' },
    { "seed",          required_argument, NULL, 's' },
    { "batch-size",    required_argument, NULL, 'b' },
    { "learning-rate", required_argument, NULL, 'r' },
    { "samples",       required_argument, NULL, 'n' },
    { "length",        required_argument, NULL, 't' },
    { "threads",       required_argument, NULL, 'j' },
    { "memory-limit",  required_argument, NULL, OPT_MEMORY_LIMIT },
    { "log",           required_argument, NULL, OPT_LOG },
    { "log-format",    required_argument, NULL, OPT_LOG_FORMAT },
    { "force",         no_argument,       NULL, OPT_FORCE },
    { "save-weights",  required_argument, NULL, OPT_SAVE_WEIGHTS },
    { "load-weights",  required_argument, NULL, OPT_LOAD_WEIGHTS },
    { "export-data",   required_argument, NULL, OPT_EXPORT_DATA },
    { "view",          required_argument, NULL, OPT_VIEW },
    { "plot",          required_argument, NULL, OPT_PLOT },
    { "help",          no_argument,       NULL, 'h' },
    { "version",       no_argument,       NULL, 'V' },
    { NULL, 0, NULL, 0 }
};

static const char short_options[] = ":c:u:e:s:b:r:n:t:j:hV";

void opt_fini(struct options *o)
{
    sweep_spec_fini(&o->sweep);
    free((void *)o->views);
    o->views = NULL;
    o->n_views = 0;
}

const char *opt_usage(void)
{
    /* In parts: ISO C compilers need not take a string literal of more
     * than 4095 characters. */
    static const char *const parts[] = {
        "Usage: rnntui [OPTION]...\n"
        "Train SimpleRNN, LSTM or GRU networks on the multiplication problem of\n"
        "Hochreiter & Schmidhuber (1997) and watch loss and val_loss as they train.\n"
        "\n"
        "Modes:\n"
        "      --headless          train without the screen, printing Keras-style\n"
        "                          progress, the test loss, a five-sample table and\n"
        "                          the correctness percentage\n"
        "      --start             (screen) begin training at once\n"
        "      --no-color          (screen) draw without colours\n"
        "      --bench             time training of each cell with 1 thread and all\n"
        "                          cores; print s/epoch, GFLOP/s and peak RSS;\n"
        "                          with --gradients also the cost of recording\n"
        "      --compare           train SimpleRNN, LSTM and GRU one after another on\n"
        "                          the same data and seed, then compare them in a\n"
        "                          table (and, on the screen, one chart); --log,\n"
        "                          --save-weights and --plot get one file per cell:\n"
        "                          run.csv -> run-simplernn.csv, run-lstm.csv, ...\n"
        "      --gradients         record the gradient flow ||dL/dh_t|| per layer and\n"
        "                          step after every epoch (JSON Lines log, --plot)\n"
        "                          and the share of test samples whose prediction\n"
        "                          looks at the two marked steps; print both\n"
        "      --sweep=AXIS=LIST   train every combination of the values of each\n"
        "                          --sweep axis: cell, units, layers, length,\n"
        "                          samples, epochs, batch-size, learning-rate or seed;\n"
        "                          LIST is a comma list or a range a..b, such as\n"
        "                          length=5,10,20,50,100 or seed=1..3; one line per\n"
        "                          finished run, then a table per point: median and\n"
        "                          min-max correctness over the seeds and the median\n"
        "                          epoch of val_loss < 0.01 (at most 10000 runs)\n"
        "      --cells=LIST        the cells of a sweep, such as rnn,gru  [all three,\n"
        "                          or the --cell given]\n"
        "      --jobs=N            runs of a sweep trained at once, 0..64; 0 = as many\n"
        "                          as the cores allow, one thread each  [0]\n"
        "      --print-commands    with --sweep and --log DIR/: print one headless\n"
        "                          command line per run (for GNU parallel, xargs -P\n"
        "                          or a Slurm job array), run nothing\n"
        "      --resume            with --sweep and --log DIR/: keep the runs whose\n"
        "                          log in DIR has ended (done or diverged), run the\n"
        "                          others, and show the whole table\n"
        "\n",
        "Model and training (defaults reproduce the notebook):\n"
        "  -c, --cell=KIND         rnn (alias simplernn), lstm or gru  [lstm]\n"
        "  -u, --units=N           units per recurrent layer, 1..1024  [30]\n"
        "      --layers=N          stacked recurrent layers, 1..8  [2]\n"
        "  -e, --epochs=N          epochs, 0..100000; 0 only evaluates  [100]\n"
        "  -b, --batch-size=N      1..training samples  [32, or all of a smaller\n"
        "                          training set]\n"
        "  -r, --learning-rate=X   Adam learning rate, (0, 1e6]  [0.001]\n"
        "  -s, --seed=N            seed of data, initialisers and shuffling,\n"
        "                          0..18446744073709551615  [1]\n"
        "  -n, --samples=N         samples generated, 10..10000000  [3000]\n"
        "  -t, --length=N          time steps per sample, 2..100000  [100]\n"
        "  -j, --threads=N         compute threads, 0 = one per core, 0..64  [0]\n"
        "      --memory-limit=SIZE refuse a run whose memory estimate is above SIZE\n"
        "                          bytes (suffix K, M, G or T; 0: no limit)\n"
        "                          [the available memory, or RLIMIT_AS if lower]\n"
        "\n"
        "Files (an existing file is never replaced without --force):\n"
        "      --log=FILE          write a run log as training goes: CSV like Keras's\n"
        "                          CSVLogger, or JSON Lines for a .jsonl name; a name\n"
        "                          ending in / is a directory: one JSON Lines log per\n"
        "                          run of a sweep, named after its settings, such as\n"
        "                          DIR/lstm-length20-seed2.jsonl\n"
        "      --log-format=FMT    csv or jsonl, whatever the name of the --log file\n"
        "      --save-weights=FILE save the trained weights as JSON, in Keras\n"
        "                          get_weights() order and shapes\n"
        "      --load-weights=FILE start from saved weights (the file's cell, layers\n"
        "                          and units unless given); --epochs 0 only evaluates\n"
        "      --export-data=DIR   write the data set as numpy files X.npy, Y.npy and\n"
        "                          the split indices train_idx.npy, val_idx.npy,\n"
        "                          test_idx.npy\n"
        "      --plot=FILE.svg     draw the loss and val_loss chart as SVG at the end;\n"
        "                          of a sweep: correctness against its first axis\n"
        "                          other than cell and seed, one curve per cell\n"
        "      --view=FILE         show a saved log instead of training: on the screen,\n"
        "                          as text with --headless, or only as --plot;\n"
        "                          --view DIR, or several logs (--view A B ...):\n"
        "                          the table and chart of a sweep from its logs\n"
        "      --force             replace existing output files\n"
        "\n"
        "  -h, --help              show this help and exit\n"
        "  -V, --version           show the version and exit\n"
        "\n"
        "Exit status: 0 success, 1 runtime failure (a run of a sweep or compare\n"
        "failed or diverged, a file could not be written or read), 2 usage error,\n"
        "128+N stopped by signal N.\n",
    };
    static char text[8192];
    if (!text[0]) {
        size_t n = 0;
        for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
            size_t k = strlen(parts[i]);
            memcpy(text + n, parts[i], k + 1);
            n += k;
        }
    }
    return text;
}

/* The message, one line: a control character from an argument (a value
 * such as $'\n5') is written as an escape (\n, \x0b), not sent raw. */
static enum opt_result usage_error(struct options *o, const char *fmt, ...)
{
    char raw[sizeof o->error];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    size_t k = 0;
    for (const char *p = raw; *p && k + 5 < sizeof o->error; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch >= 0x20 && ch != 0x7f)
            o->error[k++] = (char)ch;
        else if (ch == '\n' || ch == '\r' || ch == '\t')
            k += (size_t)snprintf(o->error + k, sizeof o->error - k, "\\%c",
                                  ch == '\n' ? 'n' : ch == '\r' ? 'r' : 't');
        else
            k += (size_t)snprintf(o->error + k, sizeof o->error - k, "\\x%02x", ch);
    }
    o->error[k] = '\0';
    return OPT_USAGE;
}


/* A file name: anything but the empty string. */
static bool parse_path_opt(struct options *o, const char *name, const char *arg, const char **out)
{
    if (!*arg) {
        usage_error(o, "invalid value '' for --%s: expected a file name", name);
        return false;
    }
    *out = arg;
    return true;
}

/* The file options that depend on each other (see src/runfiles.h). */
static enum opt_result check_file_options(struct options *o, bool log_format_given)
{
    if (log_format_given && !o->log_path)
        return usage_error(o, "--log-format needs --log FILE");
    if (o->log_path && !log_format_given)   /* a directory (a sweep's) holds JSON Lines logs */
        o->log_format = o->log_path[strlen(o->log_path) - 1] == '/' ? RUNLOG_JSONL
                      : runlog_format_for_path(o->log_path);
    if (o->view) {
        const char *clash = o->log_path ? "--log" : o->save_weights ? "--save-weights"
                          : o->load_weights ? "--load-weights" : o->export_data ? "--export-data"
                          : o->start ? "--start" : o->train.gradients ? "--gradients" : NULL;
        if (clash)
            return usage_error(o, "--view shows a saved run and cannot be combined with %s", clash);
    }
    if (o->mode == OPT_MODE_BENCH) {
        /* --bench times training and writes no file: a file option would be
         * silently ignored. */
        const char *clash = o->log_path ? "--log" : o->view ? "--view"
                          : o->save_weights ? "--save-weights" : o->load_weights ? "--load-weights"
                          : o->plot ? "--plot" : o->export_data ? "--export-data" : NULL;
        if (clash)
            return usage_error(o, "--bench times training and writes no files: it cannot be combined with %s", clash);
    }
    return OPT_OK;
}

/* --compare trains a new model of every cell on the generated data. */
static enum opt_result check_compare_options(struct options *o, bool cell_given)
{
    const char *clash = o->mode == OPT_MODE_BENCH ? "--bench" : o->view ? "--view"
                      : o->load_weights ? "--load-weights" : NULL;
    if (clash)
        return usage_error(o, "--compare trains a new model of each cell and cannot be combined with %s", clash);
    if (cell_given)
        return usage_error(o, "--compare trains all three cells: leave out --cell");
    return OPT_OK;
}

/* --sweep trains new models of many settings; each run's log goes in a
 * directory. */
static enum opt_result check_sweep_options(struct options *o, bool cell_given, const char *cells,
                                           bool jobs_given)
{
    bool sweeping = o->sweep.n_axes > 0 || cells;
    if (!sweeping) {
        if (o->print_commands)
            return usage_error(o, "--print-commands prints the runs of a sweep: give --sweep AXIS=LIST");
        if (jobs_given)
            return usage_error(o, "--jobs is for sweeps: give --sweep AXIS=LIST");
        if (o->resume)
            return usage_error(o, "--resume continues a sweep: give --sweep AXIS=LIST and --log DIR/");
        if (o->log_path && o->log_path[strlen(o->log_path) - 1] == '/')
            return usage_error(o, "--log %s names a directory, for the logs of a sweep: give a file name",
                               o->log_path);
        return OPT_OK;
    }
    const char *clash = o->compare ? "--compare (a comparison is the sweep --cells rnn,lstm,gru)"
                      : o->mode == OPT_MODE_BENCH ? "--bench" : o->view ? "--view"
                      : o->load_weights ? "--load-weights" : o->save_weights ? "--save-weights"
                      : o->export_data ? "--export-data" : o->start ? "--start" : NULL;
    if (clash)
        return usage_error(o, "--sweep cannot be combined with %s", clash);
    char why[sizeof o->error];
    if (cells) {
        if (cell_given)
            return usage_error(o, "--cells and --cell cannot be combined");
        if (sweep_spec_add_axis(&o->sweep, SWEEP_CELL, cells, why, sizeof why) != RT_OK)
            return usage_error(o, "%s", why[0] ? why : rt_strerror(RT_ENOMEM));
    } else if (!cell_given && !sweep_spec_has(&o->sweep, SWEEP_CELL)) {
        if (sweep_spec_add_axis(&o->sweep, SWEEP_CELL, "rnn,lstm,gru", why, sizeof why) != RT_OK)
            return usage_error(o, "%s", rt_strerror(RT_ENOMEM));
    } else if (cell_given && sweep_spec_has(&o->sweep, SWEEP_CELL)) {
        return usage_error(o, "--cell and --sweep cell= cannot be combined");
    }
    if (o->log_path) {
        if (o->log_path[strlen(o->log_path) - 1] != '/')
            return usage_error(o, "--log %s with --sweep: give a directory name ending in /, such as logs/",
                               o->log_path);
        if (o->log_format != RUNLOG_JSONL)
            return usage_error(o, "--log-format %s with --sweep: a sweep writes JSON Lines logs",
                               runlog_format_name(o->log_format));
    }
    if (o->resume && !o->log_path)
        return usage_error(o, "--resume needs --log DIR/: the logs of the runs that have ended");
    if (o->resume && (o->force || o->print_commands))
        return usage_error(o, "--resume cannot be combined with %s", o->force ? "--force" : "--print-commands");
    if (o->print_commands && !o->log_path)
        return usage_error(o, "--print-commands needs --log DIR/: each command writes its log there");
    if (o->print_commands && o->plot)
        return usage_error(o, "--print-commands runs nothing: draw the plot afterwards with --view DIR --plot FILE");
    return OPT_OK;
}

/* A whole decimal integer in [lo, hi] (is_decimal), nothing before or after it. */
static bool parse_long(const char *s, long long lo, long long hi, long long *out)
{
    if (!number_is_decimal(s, false))
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_int_opt(struct options *o, const char *name, const char *arg,
                          long long lo, long long hi, int *out)
{
    long long v;
    if (!parse_long(arg, lo, hi, &v)) {
        usage_error(o, "invalid value '%s' for --%s: expected a decimal integer from %lld to %lld",
                    arg, name, lo, hi);
        return false;
    }
    *out = (int)v;
    return true;
}

static bool parse_seed(struct options *o, const char *arg)
{
    char *end;
    errno = 0;
    unsigned long long v = 0;
    bool ok = number_is_decimal(arg, false) && *arg != '-';
    if (ok)
        v = strtoull(arg, &end, 10);
    if (!ok || errno || *end) {
        usage_error(o, "invalid value '%s' for --seed: expected a decimal integer from 0 to %" PRIu64,
                    arg, UINT64_MAX);
        return false;
    }
    o->train.seed = (uint64_t)v;
    return true;
}

static bool parse_rate(struct options *o, const char *arg)
{
    char *end;
    errno = 0;
    bool ok = number_is_decimal(arg, true);
    double v = ok ? strtod(arg, &end) : NAN;
    if (!ok || errno || *end || !isfinite(v) || !(v > 0) || v > 1e6) {
        usage_error(o, "invalid value '%s' for --learning-rate: expected a decimal number greater than 0 and at most 1e6",
                    arg);
        return false;
    }
    o->train.learning_rate = v;
    return true;
}

enum opt_result opt_parse(int argc, char **argv, struct options *o)
{
    memset(o, 0, sizeof *o);
    train_config_default(&o->train);
    sweep_spec_init(&o->sweep);
    o->argv0 = argc > 0 ? argv[0] : "rnntui";
    o->mode = OPT_MODE_UI;
    struct train_config *t = &o->train;
    bool batch_given = false, cell_given = false, jobs_given = false;
    const char *cells = NULL;
    char why[sizeof o->error];

    opterr = 0;
    optind = 1;
    int c;
    bool log_format_given = false;
    while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
        bool ok = true;
        if (c == 'c' || c == 'u' || c == OPT_LAYERS)
            o->arch_given = true;
        switch (c) {
        case OPT_HEADLESS:
            if (o->mode == OPT_MODE_BENCH)
                return usage_error(o, "--headless and --bench cannot be combined");
            o->mode = OPT_MODE_HEADLESS;
            break;
        case OPT_START:    o->start = true; break;
        case OPT_BENCH:
            if (o->mode == OPT_MODE_HEADLESS)
                return usage_error(o, "--headless and --bench cannot be combined");
            o->mode = OPT_MODE_BENCH;
            break;
        case OPT_NO_COLOR: o->no_color = true; break;
        case OPT_COMPARE:  o->compare = true; break;
        case OPT_GRADIENTS: t->gradients = true; break;
        case OPT_SWEEP:
            if (sweep_spec_add(&o->sweep, optarg, why, sizeof why) != RT_OK)
                return usage_error(o, "%s", why[0] ? why : rt_strerror(RT_ENOMEM));
            break;
        case OPT_CELLS:
            if (cells)
                return usage_error(o, "--cells given twice: give the cells in one list");
            cells = optarg;
            break;
        case OPT_JOBS: ok = parse_int_opt(o, "jobs", optarg, 0, TRAIN_MAX_THREADS, &o->jobs); jobs_given = true; break;
        case OPT_PRINT_COMMANDS: o->print_commands = true; break;
        case OPT_RESUME: o->resume = true; break;
        case 'c':
            cell_given = true;
            if (cell_parse(optarg, &t->model.cell) != RT_OK)
                return usage_error(o, "invalid value '%s' for --cell: expected rnn (or simplernn), lstm or gru",
                                   optarg);
            break;
        case 'u': ok = parse_int_opt(o, "units", optarg, MODEL_MIN_UNITS, MODEL_MAX_UNITS, &t->model.units); break;
        case OPT_LAYERS: ok = parse_int_opt(o, "layers", optarg, MODEL_MIN_LAYERS, MODEL_MAX_LAYERS, &t->model.layers); break;
        case 'e': ok = parse_int_opt(o, "epochs", optarg, 0, TRAIN_MAX_EPOCHS, &t->epochs); break;
        case 's': ok = parse_seed(o, optarg); break;
        case 'b': ok = parse_int_opt(o, "batch-size", optarg, 1, INT_MAX, &t->batch_size); batch_given = true; break;
        case 'r': ok = parse_rate(o, optarg); break;
        case 'n': ok = parse_int_opt(o, "samples", optarg, DATA_MIN_SAMPLES, DATA_MAX_SAMPLES, &t->data.samples); break;
        case 't': ok = parse_int_opt(o, "length", optarg, DATA_MIN_LENGTH, DATA_MAX_LENGTH, &t->data.length); break;
        case 'j': ok = parse_int_opt(o, "threads", optarg, 0, TRAIN_MAX_THREADS, &t->threads); break;
        case OPT_LOG:          ok = parse_path_opt(o, "log", optarg, &o->log_path); break;
        case OPT_SAVE_WEIGHTS: ok = parse_path_opt(o, "save-weights", optarg, &o->save_weights); break;
        case OPT_LOAD_WEIGHTS: ok = parse_path_opt(o, "load-weights", optarg, &o->load_weights); break;
        case OPT_EXPORT_DATA:  ok = parse_path_opt(o, "export-data", optarg, &o->export_data); break;
        case OPT_VIEW:         ok = parse_path_opt(o, "view", optarg, &o->view); break;
        case OPT_PLOT:         ok = parse_path_opt(o, "plot", optarg, &o->plot); break;
        case OPT_FORCE:        o->force = true; break;
        case OPT_MEMORY_LIMIT:
            if (memlimit_parse_size(optarg, &o->memory_limit))
                return usage_error(o, "invalid value '%s' for --memory-limit: expected a size in bytes "
                                   "with an optional K, M, G or T, e.g. 64G, or 0 for no limit", optarg);
            o->memory_limit_given = true;
            break;
        case OPT_LOG_FORMAT:
            if (runlog_format_parse(optarg, &o->log_format) != RT_OK)
                return usage_error(o, "invalid value '%s' for --log-format: expected csv or jsonl", optarg);
            log_format_given = true;
            break;
        case 'h': return OPT_HELP;
        case 'V': return OPT_VERSION;
        case ':':
            return usage_error(o, "option '%s' needs a value (see rnntui --help)", argv[optind - 1]);
        case '?':
        default:
            if (optopt > 0 && optopt < 0x100)
                return usage_error(o, "unknown option -%c (see rnntui --help)", optopt);
            return usage_error(o, "unknown option '%s' (see rnntui --help)", argv[optind - 1]);
        }
        if (!ok)
            return OPT_USAGE;
    }
    if (optind < argc && !o->view)
        return usage_error(o, "unexpected argument '%s' (see rnntui --help)", argv[optind]);
    if (o->view) {
        /* --view FILE, --view DIR or --view FILE FILE...: the logs. */
        o->n_views = 1 + (argc - optind);
        const char **v = malloc((size_t)o->n_views * sizeof *v);
        if (!v)
            return usage_error(o, "%s", rt_strerror(RT_ENOMEM));
        v[0] = o->view;
        for (int i = optind; i < argc; i++) {
            if (!*argv[i])
                return free(v), usage_error(o, "invalid file name '' after --view");
            v[1 + i - optind] = argv[i];
        }
        o->views = v;
        struct stat sb;
        o->view_sweep = o->n_views > 1 || (stat(o->view, &sb) == 0 && S_ISDIR(sb.st_mode));
    }
    if (check_file_options(o, log_format_given) != OPT_OK)
        return OPT_USAGE;
    if (check_sweep_options(o, cell_given, cells, jobs_given) != OPT_OK)
        return OPT_USAGE;
    if (o->mode != OPT_MODE_UI && o->start)
        return usage_error(o, "--start is for the screen and cannot be combined with --headless or --bench");
    if (o->compare && check_compare_options(o, cell_given) != OPT_OK)
        return OPT_USAGE;

    /* Values that depend on each other. */
    if ((long long)t->data.samples * t->data.length * DATA_FEATURES > 1LL << 31)
        return usage_error(o, "--samples %d with --length %d is too large: samples x length must be at most %lld",
                           t->data.samples, t->data.length, (1LL << 31) / DATA_FEATURES);
    struct data_split sp;
    data_split(t->data.samples, &sp);
    int n_train = sp.train_end - sp.train_begin;
    /* As Keras does, a default batch larger than a small training set is
     * the whole set; a batch size asked for explicitly must fit. */
    if (!batch_given && t->batch_size > n_train)
        t->batch_size = n_train;
    if (t->batch_size > n_train)
        return usage_error(o, "invalid value '%d' for --batch-size: expected 1 to %d, the training samples of --samples %d",
                           t->batch_size, n_train, t->data.samples);
    const char *bad;
    if (train_config_check(t, &bad) != RT_OK)
        return usage_error(o, "%s", bad);
    return OPT_OK;
}
