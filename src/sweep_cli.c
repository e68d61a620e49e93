/*
 * sweep_cli.c - the headless sweep, its command lines and its logs read
 * back. See sweep_cli.h.
 */
#include "config.h"

#include "sweep_cli.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "headless.h"
#include "rnntui/cell.h"
#include "rnntui/iofile.h"
#include "rnntui/plot.h"
#include "rnntui/status.h"
#include "runfiles.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int online_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > TRAIN_MAX_THREADS ? TRAIN_MAX_THREADS : (int)n;
}

/* ---- names ---- */

int sweep_log_path(const char *dir, const struct sweep_run *run, char *buf, size_t n)
{
    int len = snprintf(buf, n, "%s%s.jsonl", dir, run->name);
    return len < 0 || (size_t)len >= n ? -1 : 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.jsonl names in dir, sorted; *out is malloc'ed strings (free each
 * and the array). Returns the count, or -1 with errno set. */

/* The sweep's log directory dir: created when missing (its parent must
 * exist), and each of names[0..n) writable there (an existing log may be
 * replaced; other files in dir are left alone). RT_OK, RT_ENOMEM or RT_EIO
 * with errno set and *bad the name at fault, if any. */
static int logs_dir_check(const char *dir, const char *const *names, int n, const char **bad)
{
    struct stat st;
    *bad = NULL;
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT || mkdir(dir, 0777) != 0)
            return RT_EIO;
    } else if (!S_ISDIR(st.st_mode)) {
        return errno = ENOTDIR, RT_EIO;
    }
    size_t dl = strlen(dir);
    for (int i = 0; i < n; i++) {
        size_t len = dl + strlen(names[i]) + 2;
        char *p = malloc(len);
        if (!p)
            return RT_ENOMEM;
        snprintf(p, len, "%s/%s", dir, names[i]);
        int rc = iofile_check_output(p, true);
        free(p);
        if (rc != RT_OK) {
            *bad = names[i];
            return rc;
        }
    }
    return RT_OK;
}

static int list_logs(const char *dir, char ***out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **v = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".jsonl"))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nv = realloc(v, (size_t)cap * sizeof *nv);
            if (!nv)
                goto nomem;
            v = nv;
        }
        if (!(v[n] = strdup(e->d_name)))
            goto nomem;
        n++;
    }
    closedir(d);
    if (n)
        qsort(v, (size_t)n, sizeof *v, name_cmp);
    *out = v;
    return n;
nomem:
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
    closedir(d);
    errno = ENOMEM;
    return -1;
}

int sweep_check_log_dir(const char *dir, bool force, const struct sweep_plan *plan,
                        char *err, size_t n)
{
    const char **names = malloc((size_t)(plan->n_runs ? plan->n_runs : 1) * sizeof *names);
    char (*files)[200] = malloc((size_t)(plan->n_runs ? plan->n_runs : 1) * sizeof *files);
    if (!names || !files) {
        free(names);
        free(files);
        snprintf(err, n, "%s", rt_strerror(RT_ENOMEM));
        return 1;
    }
    for (int i = 0; i < plan->n_runs; i++) {
        snprintf(files[i], sizeof files[i], "%s.jsonl", plan->runs[i].name);
        names[i] = files[i];
    }
    /* Creates the directory when missing; checks that none of the sweep's
     * names is a directory or unwritable (the --force rule comes below). */
    const char *bad = NULL;
    int rc = logs_dir_check(dir, names, plan->n_runs, &bad);
    int status = 0;
    if (rc != RT_OK) {
        snprintf(err, n, "cannot write the logs in %s (--log): %s%s%s", dir, strerror(errno),
                 bad ? ": " : "", bad ? bad : "");
        status = 1;
    } else if (!force) {
        char **logs;
        int k = list_logs(dir, &logs);
        if (k < 0) {
            snprintf(err, n, "cannot read %s (--log): %s", dir, strerror(errno));
            status = 1;
        } else if (k > 0) {
            snprintf(err, n, "%s already holds %d run log%s (%s%s): use --force to replace the "
                     "sweep's own, or another directory", dir, k, k == 1 ? "" : "s", logs[0],
                     k > 1 ? ", ..." : "");
            status = 1;
        }
        for (int i = 0; i < (k > 0 ? k : 0); i++)
            free(logs[i]);
        free(logs);
    }
    free(names);
    free(files);
    return status;
}

/* ---- command lines ---- */

/* Writes s quoted for a POSIX shell: as it is when it holds only safe
 * characters, else in single quotes, each ' written '\''. */
static void shell_word(FILE *out, const char *s)
{
    bool safe = *s != '\0';
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("@%+=:,./_-", *p))
            safe = false;
    if (safe) {
        fputs(s, out);
        return;
    }
    fputc('\'', out);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", out);
        else
            fputc(*p, out);
    }
    fputc('\'', out);
}

/* The program's own path, absolute when it can be found. */
static void program_path(const char *argv0, char *buf, size_t n)
{
    ssize_t k = readlink("/proc/self/exe", buf, n - 1);
    if (k > 0 && (size_t)k < n - 1) {
        buf[k] = '\0';
        return;
    }
    char real[PATH_MAX];
    if (strchr(argv0, '/') && realpath(argv0, real))
        snprintf(buf, n, "%s", real);
    else
        snprintf(buf, n, "%s", argv0);
}

static int print_commands(const struct options *opts, const struct sweep_plan *plan)
{
    char prog[PATH_MAX + 1];
    program_path(opts->argv0, prog, sizeof prog);
    for (int i = 0; i < plan->n_runs; i++) {
        const struct train_config *c = &plan->runs[i].cfg;
        char lr[40], path[4200], seed[32];
        sweep_value_text(SWEEP_LR, sweep_axis_get(c, SWEEP_LR), true, lr, sizeof lr);
        sweep_value_text(SWEEP_CELL, sweep_axis_get(c, SWEEP_CELL), true, path, sizeof path);
        snprintf(seed, sizeof seed, "%" PRIu64, c->seed);
        shell_word(stdout, prog);
        printf(" --headless --cell %s --units %d --layers %d --epochs %d --batch-size %d"
               " --learning-rate %s --samples %d --length %d --seed %s --threads %d --log ",
               path, c->model.units, c->model.layers, c->epochs, c->batch_size, lr,
               c->data.samples, c->data.length, seed, c->threads);
        if (sweep_log_path(opts->log_path, &plan->runs[i], path, sizeof path)) {
            fprintf(stderr, "rnntui: the log directory's name is too long: %s\n", opts->log_path);
            return 1;
        }
        shell_word(stdout, path);
        printf("%s\n", opts->force ? " --force" : "");
    }
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}

/* ---- the table ---- */

/* How many distinct values axis a takes in plan. */
static int distinct_values(const struct sweep_plan *plan, enum sweep_axis a)
{
    int n = 0;
    for (int i = 0; i < plan->n_runs; i++) {
        struct sweep_value v = sweep_axis_get(&plan->runs[i].cfg, a);
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = sweep_value_cmp(a, sweep_axis_get(&plan->runs[j].cfg, a), v) == 0;
        n += !seen;
    }
    return n;
}

void sweep_print_table(FILE *out, const struct sweep_plan *plan)
{
    fprintf(out, "Sweep of %d run%s:", plan->n_runs, plan->n_runs == 1 ? "" : "s");
    for (int k = 0; k < plan->n_axes; k++) {
        int d = plan->n_runs > 1000 ? 0 : distinct_values(plan, plan->axis[k]);
        fprintf(out, "%s %s (%d)", k ? " x" : "", sweep_axis_name(plan->axis[k]), d);
    }
    fputc('\n', out);
    if (plan->n_runs) {
        /* The settings every run shares (those not swept). */
        fputs("shared:", out);
        const char *sep = " ";
        for (int a = SWEEP_CELL; a < SWEEP_AXES; a++) {
            bool swept = false;
            for (int k = 0; k < plan->n_axes; k++)
                swept |= plan->axis[k] == (enum sweep_axis)a;
            if (swept)
                continue;
            char v[40];
            sweep_value_text((enum sweep_axis)a, sweep_axis_get(&plan->runs[0].cfg, (enum sweep_axis)a),
                             false, v, sizeof v);
            fprintf(out, "%s%s %s", sep, sweep_axis_name((enum sweep_axis)a), v);
            sep = ", ";
        }
        fputc('\n', out);
    }
    fputc('\n', out);
    struct sweep_point *pts = calloc((size_t)(plan->n_points ? plan->n_points : 1), sizeof *pts);
    if (!pts) {
        fprintf(out, "(no memory for the table)\n");
        return;
    }
    sweep_reduce(plan, pts);
    char line[256];
    sweep_format_point(plan, NULL, line, sizeof line);
    fprintf(out, "%s\n", line);
    for (int p = 0; p < plan->n_points; p++) {
        sweep_format_point(plan, &pts[p], line, sizeof line);
        fprintf(out, "%s\n", line);
    }
    free(pts);
    fprintf(out, "\nruns: finished of all; median, min-max: test correctness (%%) over the finished\n"
                 "runs (seeds); val<0.01: median first epoch with val_loss below %g, a run that\n"
                 "never got there counting as later than any (and how many got there)\n",
            SWEEP_THRESHOLD);
}

/* The sweep chart as SVG, when --plot was given. */
static int write_plot(const struct options *opts, const struct sweep_plan *plan, const char *source)
{
    if (!opts->plot)
        return 0;
    struct sweep_point *pts = calloc((size_t)(plan->n_points ? plan->n_points : 1), sizeof *pts);
    if (!pts) {
        fprintf(stderr, "rnntui: cannot write %s (--plot): %s\n", opts->plot, rt_strerror(RT_ENOMEM));
        return 1;
    }
    sweep_reduce(plan, pts);
    int rc = plot_sweep_svg_write(opts->plot, opts->force, plan, pts, source);
    free(pts);
    if (rc != RT_OK) {
        fprintf(stderr, "rnntui: cannot write %s (--plot): %s\n", opts->plot,
                rc == RT_EIO ? strerror(errno) : rt_strerror(rc));
        return 1;
    }
    return 0;
}

/* ---- the headless sweep ---- */

struct sweep_slot {
    int run;                      /* -1: free */
    struct runfiles rf;
    struct options opts;          /* with this run's log */
    char log[4200];
    double started;
};

struct sweep_cli {
    const struct options *opts;
    struct sweep_plan *plan;
    struct sweep_runner *runner;
    struct sweep_slot *slots;
    int n_slots;
    int ended;
    double wall;                  /* the runs' wall times, start to end, added */
    int rc;
};

static struct sweep_slot *slot_of(struct sweep_cli *s, int run)
{
    for (int k = 0; k < s->n_slots; k++)
        if (s->slots[k].run == run)
            return &s->slots[k];
    return NULL;
}

static int cli_start(void *ctx, int i, struct train_config *cfg)
{
    struct sweep_cli *s = ctx;
    struct sweep_slot *sl = slot_of(s, -1);
    if (!sl)
        return 1;                 /* cannot happen: one slot per job */
    sl->opts = *s->opts;
    sl->opts.plot = NULL;         /* the sweep's chart, not the run's */
    sl->opts.log_path = NULL;
    if (s->opts->log_path) {
        sweep_log_path(s->opts->log_path, &s->plan->runs[i], sl->log, sizeof sl->log);
        sl->opts.log_path = sl->log;
        sl->opts.log_format = RUNLOG_JSONL;
        sl->opts.force = true;    /* the directory was checked (sweep_check_log_dir) */
    }
    if (runfiles_prepare(&sl->rf, &sl->opts, cfg)) {
        fprintf(stderr, "rnntui: %s\n", sl->rf.error);
        s->rc = 1;
        sweep_runner_stop(s->runner);
        return 1;
    }
    sl->run = i;
    sl->started = now_seconds();
    return 0;
}

static void cli_progress(void *ctx, int i, struct train_job *job)
{
    struct sweep_cli *s = ctx;
    struct sweep_slot *sl = slot_of(s, i);
    if (sl && runfiles_sync(&sl->rf, job))
        train_job_cancel(job);
}

static void cli_end(void *ctx, int i, struct train_job **jobp, int st)
{
    struct sweep_cli *s = ctx;
    struct sweep_slot *sl = slot_of(s, i);
    const struct sweep_run *run = &s->plan->runs[i];
    s->ended++;
    bool file_failed = false;
    if (sl) {
        s->wall += now_seconds() - sl->started;
        if (*jobp && runfiles_finish(&sl->rf, *jobp)) {
            fprintf(stderr, "rnntui: %s\n", sl->rf.error);
            file_failed = true;
        }
        runfiles_fini(&sl->rf);
        sl->run = -1;
    }
    const struct sweep_outcome *o = &run->out;
    int width = snprintf(NULL, 0, "%d", s->plan->n_runs);
    printf("[%*d/%d] %s: ", width, s->ended, s->plan->n_runs, run->name);
    switch (o->status) {
    case SWEEP_DONE:
        printf("correctness %.1f %%, test_loss %.4g, val<%g %s", o->correctness, o->test_loss,
               SWEEP_THRESHOLD, o->first_below ? "" : "never");
        if (o->first_below)
            printf("at epoch %d", o->first_below);
        break;
    case SWEEP_DIVERGED:
        printf("diverged at epoch %d", o->diverged_epoch);
        break;
    case SWEEP_CANCELLED:
        printf("cancelled after %d epoch%s", o->epochs_done, o->epochs_done == 1 ? "" : "s");
        break;
    default:
        printf("failed: %s", *jobp ? rt_strerror(st) : "could not start");
        break;
    }
    printf(" (%.1fs)\n", o->seconds);
    fflush(stdout);
    if (o->status == SWEEP_DIVERGED || o->status == SWEEP_FAILED)
        s->rc = s->rc ? s->rc : 1;
    if (file_failed || ferror(stdout)) {
        s->rc = s->rc ? s->rc : 1;
        sweep_runner_stop(s->runner);
    }
}

/* --resume: the runs whose log in dir has ended (done or diverged: what a
 * rerun would give again) keep it, their outcome read from it; the others
 * are run again, their partial logs replaced. A log there of other settings
 * than its run's refuses the resume. Returns the runs kept, or -1 with a
 * message in err[0..n). */
static int resume_logs(const char *dir, struct sweep_plan *plan, char *err, size_t n)
{
    int kept = 0;
    for (int i = 0; i < plan->n_runs; i++) {
        struct sweep_run *run = &plan->runs[i];
        char path[4200], why[256];
        if (sweep_log_path(dir, run, path, sizeof path) || access(path, F_OK) != 0)
            continue;
        struct runlog_data d;
        int rc = runlog_load(path, &d, why, sizeof why);
        if (rc != RT_OK) {
            snprintf(err, n, "cannot resume from %s: %s", path,
                     rc == RT_EIO ? strerror(errno) : rc == RT_EFORMAT ? why : rt_strerror(rc));
            return -1;
        }
        bool same = d.has_config && !d.loaded_weights;
        for (int a = 0; a < SWEEP_AXES && same; a++)
            same = sweep_value_cmp((enum sweep_axis)a, sweep_axis_get(&d.config, a),
                                   sweep_axis_get(&run->cfg, a)) == 0;
        if (!same) {
            snprintf(err, n, "cannot resume from %s: it holds other settings than the run %s "
                     "(another sweep's directory?)", path, run->name);
            runlog_data_fini(&d);
            return -1;
        }
        if (d.status == RUNLOG_DONE || d.status == RUNLOG_DIVERGED) {
            sweep_outcome_from_log(&run->out, &d);
            kept++;
        }
        runlog_data_fini(&d);
    }
    return kept;
}

int sweep_cli_run(const struct options *opts)
{
    struct sweep_plan plan;
    char why[8704];
    int rc = sweep_plan_build(&opts->sweep, &opts->train, &plan, why, sizeof why);
    if (rc != RT_OK) {
        fprintf(stderr, "rnntui: %s\n", rc == RT_EINVAL ? why : rt_strerror(rc));
        return rc == RT_EINVAL ? 2 : 1;
    }
    if (opts->print_commands) {
        rc = print_commands(opts, &plan);
        sweep_plan_fini(&plan);
        return rc;
    }
    headless_signals();
    /* Every output before the first run. */
    if (opts->plot && (rc = iofile_check_output(opts->plot, opts->force)) != RT_OK) {
        int e = errno;
        fprintf(stderr, "rnntui: cannot write %s (--plot): %s%s\n", opts->plot,
                rc == RT_EIO ? strerror(e) : rt_strerror(rc),
                rc == RT_EIO && e == EEXIST ? " (use --force to replace it)" : "");
        sweep_plan_fini(&plan);
        return 1;
    }
    int resumed = 0;
    if (opts->resume && (resumed = resume_logs(opts->log_path, &plan, why, sizeof why)) < 0) {
        fprintf(stderr, "rnntui: %s\n", why);
        sweep_plan_fini(&plan);
        return 1;
    }
    if (opts->log_path && sweep_check_log_dir(opts->log_path, opts->force || opts->resume, &plan,
                                              why, sizeof why)) {
        fprintf(stderr, "rnntui: %s\n", why);
        sweep_plan_fini(&plan);
        return 1;
    }
    int cores = online_cores();
    int to_run = plan.n_runs - resumed > 0 ? plan.n_runs - resumed : 1;
    int jobs = opts->jobs ? opts->jobs : sweep_auto_jobs(cores, opts->train.threads, to_run);
    if (jobs > to_run)
        jobs = to_run;
    int threads = opts->train.threads ? opts->train.threads : (cores / jobs > 1 ? cores / jobs : 1);

    struct sweep_cli s = { .opts = opts, .plan = &plan, .n_slots = jobs, .ended = resumed };
    s.slots = calloc((size_t)jobs, sizeof *s.slots);
    struct sweep_hooks hooks = { &s, cli_start, cli_progress, cli_end };
    if (!s.slots || (rc = sweep_runner_new(&plan, jobs, threads, &hooks, &s.runner)) != RT_OK) {
        fprintf(stderr, "rnntui: %s\n", rt_strerror(RT_ENOMEM));
        free(s.slots);
        sweep_plan_fini(&plan);
        return 1;
    }
    for (int k = 0; k < jobs; k++)
        s.slots[k].run = -1;
    printf("Sweep: %d run%s, %d at once, %d compute thread%s each%s%s\n", plan.n_runs,
           plan.n_runs == 1 ? "" : "s", jobs, threads, threads == 1 ? "" : "s",
           opts->log_path ? ", logs in " : "", opts->log_path ? opts->log_path : "");
    if (opts->resume)
        printf("Resumed: %d run%s ended before (their logs kept), %d to run\n", resumed,
               resumed == 1 ? "" : "s", plan.n_runs - resumed);
    fflush(stdout);
    double t0 = now_seconds();
    bool stopping = false;
    while (sweep_runner_poll(s.runner)) {
        if (headless_signal() && !stopping) {
            sweep_runner_stop(s.runner);
            stopping = true;
        }
        sweep_runner_wait(s.runner, 200);
    }
    double total = now_seconds() - t0;
    sweep_runner_free(s.runner);
    free(s.slots);
    if (headless_signal()) {
        fprintf(stderr, "rnntui: sweep interrupted by signal %d after %d of %d runs\n",
                headless_signal(), s.ended, plan.n_runs);
        s.rc = 128 + headless_signal();
    }
    if (!ferror(stdout)) {
        fputc('\n', stdout);
        sweep_print_table(stdout, &plan);
        double busy = total > 0 ? s.wall / (jobs * total) : 1;
        printf("\nTime: %.1fs for %d run%s, %d at once; the runs' own wall times add up to %.1fs "
               "(%.1f%% of %d x %.1fs)\n", total, s.ended - resumed, s.ended - resumed == 1 ? "" : "s", jobs, s.wall,
               100 * busy, jobs, total);
        if (fflush(stdout) == EOF && s.rc == 0)
            s.rc = 1;
    }
    if (write_plot(opts, &plan, NULL) && s.rc == 0)
        s.rc = 1;
    sweep_plan_fini(&plan);
    return s.rc;
}

/* ---- logs read back ---- */

/* The axes and values a sweep log's file name declares
 * ("lstm-length20-seed2.jsonl"). Returns false when it does not follow the
 * pattern. */
static bool parse_run_name(const char *path, bool *declared, struct train_config *named)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char name[256];
    if (!ends_with(base, ".jsonl") || strlen(base) >= sizeof name)
        return false;
    snprintf(name, sizeof name, "%.*s", (int)(strlen(base) - 6), base);
    memset(declared, 0, SWEEP_AXES * sizeof *declared);
    /* Tokens split at '-', but a '-' after an exponent's 'e' belongs to the
     * number ("lr1e-05"). */
    char *tok[SWEEP_AXES + 1];
    int nt = 0;
    char *p = name;
    tok[nt++] = p;
    for (; *p; p++) {
        if (*p != '-' || (p > name && p[-1] == 'e' && isdigit((unsigned char)p[1]) &&
                          p - 1 > name && isdigit((unsigned char)p[-2])))
            continue;
        if (nt == SWEEP_AXES)
            return false;
        *p = '\0';
        tok[nt++] = p + 1;
    }
    enum cell_kind cell;
    if (cell_parse(tok[0], &cell) != RT_OK)
        return false;
    declared[SWEEP_CELL] = true;
    named->model.cell = cell;
    for (int k = 1; k < nt; k++) {
        char *v = tok[k];
        while (isalpha((unsigned char)*v))
            v++;
        char tag[32];
        if (v == tok[k] || (size_t)(v - tok[k]) >= sizeof tag || !*v)
            return false;
        snprintf(tag, sizeof tag, "%.*s", (int)(v - tok[k]), tok[k]);
        enum sweep_axis a;
        if (sweep_axis_parse(tag, &a) != RT_OK || a == SWEEP_CELL || declared[a])
            return false;
        struct sweep_value val = { 0, 0 };
        char *end;
        errno = 0;
        if (a == SWEEP_LR) {
            val.x = strtod(v, &end);
        } else {
            if (!isdigit((unsigned char)*v))
                return false;
            val.i = strtoull(v, &end, 10);
        }
        if (errno || *end)
            return false;
        sweep_axis_set(named, a, val);
        declared[a] = true;
    }
    return true;
}

struct loaded {
    char *path;
    struct sweep_run run;
    bool named;                        /* the file name follows the pattern */
    bool declared[SWEEP_AXES];
    bool skip;
};

static void describe(enum sweep_axis a, const struct train_config *c, char *buf, size_t n)
{
    char v[40];
    sweep_value_text(a, sweep_axis_get(c, a), false, v, sizeof v);
    snprintf(buf, n, "%s %s", sweep_axis_name(a), v);
}

int sweep_logs_load(const char *const *paths, int n, struct sweep_plan *plan, FILE *msgs,
                    int *skipped)
{
    memset(plan, 0, sizeof *plan);
    *skipped = 0;
    struct loaded *L = NULL;
    int nl = 0, cap = 0, status = 1;
    /* The files: each given, and each directory's *.jsonl. */
    char **files = NULL;
    int nf = 0, fcap = 0;
    for (int i = 0; i < n; i++) {
        struct stat sb;
        if (stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            char **names;
            int k = list_logs(paths[i], &names);
            if (k < 0) {
                fprintf(msgs, "rnntui: cannot view %s: %s\n", paths[i], strerror(errno));
                goto out;
            }
            if (k == 0)
                fprintf(msgs, "rnntui: %s holds no run logs (*.jsonl)\n", paths[i]);
            for (int j = 0; j < k; j++) {
                if (nf == fcap) {
                    fcap = fcap ? 2 * fcap : 64;
                    char **nv = realloc(files, (size_t)fcap * sizeof *nv);
                    if (!nv) {
                        for (; j < k; j++)
                            free(names[j]);
                        free(names);
                        goto nomem;
                    }
                    files = nv;
                }
                size_t len = strlen(paths[i]) + strlen(names[j]) + 2;
                files[nf] = malloc(len);
                if (files[nf])
                    snprintf(files[nf], len, "%s%s%s", paths[i],
                             ends_with(paths[i], "/") ? "" : "/", names[j]);
                free(names[j]);
                if (!files[nf]) {
                    for (j++; j < k; j++)
                        free(names[j]);
                    free(names);
                    goto nomem;
                }
                nf++;
            }
            free(names);
        } else {
            if (nf == fcap) {
                fcap = fcap ? 2 * fcap : 64;
                char **nv = realloc(files, (size_t)fcap * sizeof *nv);
                if (!nv)
                    goto nomem;
                files = nv;
            }
            if (!(files[nf] = strdup(paths[i])))
                goto nomem;
            nf++;
        }
    }
    L = calloc((size_t)(nf ? nf : 1), sizeof *L);
    if (!L)
        goto nomem;
    cap = nf;
    (void)cap;
    for (int i = 0; i < nf; i++) {
        struct runlog_data d;
        char why[256];
        int rc = runlog_load(files[i], &d, why, sizeof why);
        if (rc != RT_OK) {
            fprintf(msgs, "rnntui: %s: skipped, not a run log: %s\n", files[i],
                    rc == RT_EIO ? strerror(errno) : rc == RT_EFORMAT ? why : rt_strerror(rc));
            (*skipped)++;
            continue;
        }
        const char *bad = d.format != RUNLOG_JSONL || !d.has_config
                        ? "a log without its settings (CSV): not a JSON Lines log of rnntui"
                        : d.loaded_weights ? "a run from loaded weights (--load-weights), not a sweep's"
                        : NULL;
        if (bad) {
            fprintf(msgs, "rnntui: %s: skipped, %s\n", files[i], bad);
            (*skipped)++;
            runlog_data_fini(&d);
            continue;
        }
        struct loaded *l = &L[nl];
        l->path = files[i];
        l->run.cfg = d.config;
        l->run.cfg.init_params = NULL;
        sweep_outcome_from_log(&l->run.out, &d);
        runlog_data_fini(&d);
        struct train_config named = l->run.cfg;
        l->named = parse_run_name(files[i], l->declared, &named);
        if (l->named) {
            for (int a = 0; a < SWEEP_AXES; a++) {
                if (!l->declared[a] || sweep_value_cmp((enum sweep_axis)a, sweep_axis_get(&named, a),
                                                       sweep_axis_get(&l->run.cfg, a)) == 0)
                    continue;
                char x[64], y[64];
                describe((enum sweep_axis)a, &named, x, sizeof x);
                describe((enum sweep_axis)a, &l->run.cfg, y, sizeof y);
                fprintf(msgs, "rnntui: %s: skipped, its name says %s but it holds %s\n", files[i], x, y);
                (*skipped)++;
                l->skip = true;
                break;
            }
        }
        if (!l->skip)
            nl++;
        else
            memset(l, 0, sizeof *l);
    }
    /* The axes: those the names declare; without such names, the settings
     * that vary. */
    bool axis[SWEEP_AXES] = { false };
    bool any_named = false;
    axis[SWEEP_CELL] = true;
    for (int i = 0; i < nl; i++)
        if (L[i].named) {
            any_named = true;
            for (int a = 0; a < SWEEP_AXES; a++)
                axis[a] |= L[i].declared[a];
        }
    for (int a = SWEEP_CELL + 1; a < SWEEP_AXES && !any_named; a++)
        for (int i = 1; i < nl && !axis[a]; i++)
            axis[a] = sweep_value_cmp((enum sweep_axis)a, sweep_axis_get(&L[i].run.cfg, a),
                                      sweep_axis_get(&L[0].run.cfg, a)) != 0;
    /* The fixed settings: the value most logs have; the others do not
     * belong to the sweep. */
    for (int a = SWEEP_CELL + 1; a < SWEEP_AXES; a++) {
        if (axis[a] || nl == 0)
            continue;
        int best = 0, best_count = 0;
        for (int i = 0; i < nl; i++) {
            int c = 0;
            for (int j = 0; j < nl; j++)
                c += sweep_value_cmp((enum sweep_axis)a, sweep_axis_get(&L[i].run.cfg, a),
                                     sweep_axis_get(&L[j].run.cfg, a)) == 0;
            if (c > best_count) {
                best_count = c;
                best = i;
            }
            if (best_count * 2 > nl)
                break;
        }
        for (int i = 0; i < nl; i++) {
            if (L[i].skip || sweep_value_cmp((enum sweep_axis)a, sweep_axis_get(&L[i].run.cfg, a),
                                             sweep_axis_get(&L[best].run.cfg, a)) == 0)
                continue;
            char x[64], y[64];
            describe((enum sweep_axis)a, &L[i].run.cfg, x, sizeof x);
            describe((enum sweep_axis)a, &L[best].run.cfg, y, sizeof y);
            fprintf(msgs, "rnntui: %s: skipped, it does not belong with the others: %s, theirs %s\n",
                    L[i].path, x, y);
            (*skipped)++;
            L[i].skip = true;
        }
    }
    /* The same settings twice: the first (by name) counts. */
    for (int i = 0; i < nl; i++) {
        for (int j = 0; j < i && !L[i].skip; j++) {
            if (L[j].skip)
                continue;
            bool same = true;
            for (int a = 0; a < SWEEP_AXES && same; a++)
                same = sweep_value_cmp((enum sweep_axis)a, sweep_axis_get(&L[i].run.cfg, a),
                                       sweep_axis_get(&L[j].run.cfg, a)) == 0;
            if (same) {
                /* A log named as a sweep names it wins over a copy. */
                int drop = L[i].named && !L[j].named ? j : i, keep = drop == i ? j : i;
                fprintf(msgs, "rnntui: %s: skipped, the same settings as %s\n", L[drop].path, L[keep].path);
                (*skipped)++;
                L[drop].skip = true;
            }
        }
    }
    enum sweep_axis ax[SWEEP_AXES];
    int na = 0;
    for (int a = 0; a < SWEEP_AXES; a++)
        if (axis[a])
            ax[na++] = (enum sweep_axis)a;
    int kept = 0;
    for (int i = 0; i < nl; i++)
        if (!L[i].skip) {
            L[kept].run = L[i].run;
            L[kept].path = L[i].path;
            kept++;
        }
    struct sweep_run *runs = calloc((size_t)(kept ? kept : 1), sizeof *runs);
    if (!runs)
        goto nomem;
    for (int i = 0; i < kept; i++) {
        runs[i] = L[i].run;
        sweep_run_name(&runs[i].cfg, ax, na, runs[i].name, sizeof runs[i].name);
    }
    int rc = sweep_plan_from_runs(runs, kept, ax, na, plan);
    free(runs);
    if (rc != RT_OK)
        goto nomem;
    if (kept == 0) {
        fprintf(msgs, "rnntui: no run logs to show\n");
        sweep_plan_fini(plan);
        goto out;
    }
    status = 0;
    goto out;
nomem:
    fprintf(msgs, "rnntui: cannot view the logs: %s\n", rt_strerror(RT_ENOMEM));
    sweep_plan_fini(plan);
out:
    for (int i = 0; i < nf; i++)
        free(files[i]);
    free(files);
    free(L);
    return status;
}

int sweep_cli_view(const struct options *opts)
{
    if (opts->plot) {
        int rc = iofile_check_output(opts->plot, opts->force);
        if (rc != RT_OK) {
            int e = errno;
            fprintf(stderr, "rnntui: cannot write %s (--plot): %s%s\n", opts->plot,
                    rc == RT_EIO ? strerror(e) : rt_strerror(rc),
                    rc == RT_EIO && e == EEXIST ? " (use --force to replace it)" : "");
            return 1;
        }
    }
    struct sweep_plan plan;
    int skipped;
    if (sweep_logs_load(opts->views, opts->n_views, &plan, stderr, &skipped))
        return 1;
    int status = skipped ? 1 : 0;
    if (opts->mode == OPT_MODE_HEADLESS) {
        sweep_print_table(stdout, &plan);
        if (fflush(stdout) != 0 || ferror(stdout))
            status = 1;
    }
    const char *base = strrchr(opts->view, '/');
    if (write_plot(opts, &plan, base && base[1] ? base + 1 : opts->view))
        status = 1;
    sweep_plan_fini(&plan);
    return status;
}
