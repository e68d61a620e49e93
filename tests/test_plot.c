/*
 * test_plot - the SVG chart without a parser: one polyline point per finite
 * value of each series, gaps at NaN, escaped titles, edge cases (no epoch,
 * one epoch, huge values), and the overwrite rule. tests/io_python.sh parses
 * the same files as XML when python3 is present.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/plot.h"
#include "rnntui/runlog.h"
#include "rnntui/status.h"
#include "check.h"
#include "io_util.h"

/* Points of the polylines inside <g id="ID" ...> ... </g>. */
static int count_points(const char *svg, const char *id, int *lines)
{
    char open[64];
    snprintf(open, sizeof open, "<g id=\"%s\"", id);
    const char *g = strstr(svg, open);
    *lines = 0;
    if (!g)
        return -1;
    const char *end = strstr(g, "</g>");
    int points = 0;
    for (const char *p = strstr(g, "points=\""); p && p < end; p = strstr(p, "points=\"")) {
        (*lines)++;
        p += 8;
        points++;
        for (; *p && *p != '"'; p++)
            if (*p == ' ')
                points++;
    }
    return points;
}

/* The y tick labels of svg, in order, joined by blanks, into buf. */
static void y_labels(const char *svg, char *buf, size_t n)
{
    buf[0] = '\0';
    const char *g = strstr(svg, "<g id=\"yticks\"");
    const char *end = g ? strstr(g, "</g>") : NULL;
    size_t used = 0;
    for (const char *p = g; p && p < end && (p = strstr(p, "text-anchor=\"end\">")) && p < end;) {
        p += strlen("text-anchor=\"end\">");
        const char *q = strchr(p, '<');
        if (!q)
            break;
        int len = (int)(q - p);
        used += (size_t)snprintf(buf + used, n - used, "%s%.*s", used ? " " : "", len, p);
        if (used >= n)
            break;
    }
}

static struct runlog_data make_run(int n)
{
    struct runlog_data d;
    memset(&d, 0, sizeof d);
    d.format = RUNLOG_JSONL;
    d.epochs = n;
    size_t k = n ? (size_t)n : 1;
    d.loss = malloc(k * sizeof *d.loss);
    d.val_loss = malloc(k * sizeof *d.val_loss);
    d.seconds = malloc(k * sizeof *d.seconds);
    for (int i = 0; i < n; i++) {
        d.loss[i] = 0.05f / (1 + i);
        d.val_loss[i] = 0.06f / (1 + i);
        d.seconds[i] = 1;
    }
    train_config_default(&d.config);
    d.has_config = true;
    return d;
}

static char *plot(const struct runlog_data *d, const char *name, const char *source)
{
    const char *p = io_path(name);
    CHECK(plot_svg_write(p, true, d, source) == RT_OK);
    return io_read(p, NULL);
}

int main(void)
{
    io_setup();
    int lines;

    struct runlog_data d = make_run(100);
    d.status = RUNLOG_DONE;
    d.has_result = true;
    d.result.correctness = 92.5;
    d.result.test_loss = 0.001;
    char *s = plot(&d, "full.svg", NULL);
    CHECK(s && strncmp(s, "<?xml", 5) == 0 && strstr(s, "</svg>\n"));
    CHECK(s && count_points(s, "loss", &lines) == 100 && lines == 1);
    CHECK(s && count_points(s, "val_loss", &lines) == 100 && lines == 1);
    CHECK(s && strstr(s, "LSTM, 2 x 30 units, seed 1") && strstr(s, "correctness 92.5 %"));
    CHECK(s && strstr(s, ">epoch</text>") && strstr(s, ">loss (MSE)</text>"));
    CHECK(s && !strstr(s, "nan") && !strstr(s, "inf"));
    /* Round y ticks (issue 12, rnntui/ticks.h): the largest value is 0.06,
     * so 0 to 0.06 in steps of 0.01. */
    char labels[256] = "";
    if (s)
        y_labels(s, labels, sizeof labels);
    CHECKF(strcmp(labels, "0 0.01 0.02 0.03 0.04 0.05 0.06") == 0, "y labels: %s", labels);
    free(s);

    /* A NaN splits the line and drops its point. */
    d.val_loss[40] = NAN;
    d.loss[99] = INFINITY;
    s = plot(&d, "gap.svg", NULL);
    CHECK(s && count_points(s, "val_loss", &lines) == 99 && lines == 2);
    CHECK(s && count_points(s, "loss", &lines) == 99 && lines == 1);
    free(s);
    runlog_data_fini(&d);

    /* No configuration (a CSV log): the source titles it, escaped. */
    d = make_run(1);
    d.has_config = false;
    d.format = RUNLOG_CSV;
    s = plot(&d, "one.svg", "a<b&c\".csv");
    CHECK(s && strstr(s, "Training history of a&lt;b&amp;c&quot;.csv"));
    CHECK(s && count_points(s, "loss", &lines) == 1 && lines == 1);
    CHECK(s && strstr(s, "<circle class=\"marker\""));
    free(s);
    runlog_data_fini(&d);

    d = make_run(0);
    d.status = RUNLOG_CANCELLED;
    s = plot(&d, "zero.svg", NULL);
    CHECK(s && count_points(s, "loss", &lines) == 0 && lines == 0);
    CHECK(s && strstr(s, "no finished epochs") && strstr(s, "cancelled after 0 epochs"));
    free(s);
    runlog_data_fini(&d);

    d = make_run(3);
    d.loss[0] = 1e35f;
    d.status = RUNLOG_DIVERGED;
    d.diverged_epoch = 4;
    s = plot(&d, "huge.svg", NULL);
    CHECK(s && count_points(s, "loss", &lines) == 3 && strstr(s, "diverged at epoch 4"));
    if (s)
        y_labels(s, labels, sizeof labels);
    CHECKF(strcmp(labels, "0 2e29 4e29 6e29 8e29 1.0e30") == 0, "y labels: %s", labels);
    free(s);

    /* Not replaced without force; a missing directory is an error. */
    errno = 0;
    CHECK(plot_svg_write(io_path("huge.svg"), false, &d, NULL) == RT_EIO && errno == EEXIST);
    errno = 0;
    CHECK(plot_svg_write(io_path("no/dir.svg"), false, &d, NULL) == RT_EIO && errno == ENOENT);
    runlog_data_fini(&d);
    return check_finish();
}
