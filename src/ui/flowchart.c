/*
 * flowchart.c - the decade axis and the per-epoch strip of the gradient-flow
 * view; see flowchart.h.
 */
#include "config.h"

#include "ui/flowchart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/heat.h"

bool flow_axis_fit(double min_log, double max_log, int max_plot_rows, struct flow_axis *out)
{
    if (max_plot_rows < 5 || !isfinite(min_log) || !isfinite(max_log) || min_log > max_log)
        return false;
    if (min_log < -1e6 || max_log > 1e6)
        return false;
    long a = (long)floor(min_log), b = (long)ceil(max_log);
    if (b <= a)                         /* one exact power of ten */
        b = a + 1;
    const long d = b - a;
    for (long s = 1; s <= d; s++) {
        long k = (d + s - 1) / s;       /* intervals between ticks */
        long rows = k == 1 ? (max_plot_rows < 8 ? max_plot_rows : 8) : 4 * k + 1;
        if (rows > max_plot_rows)
            continue;
        /* The spare decades split above and below the values. */
        long spare = s * k - d;
        out->hi = (int)(b + spare / 2);
        out->lo = (int)(out->hi - s * k);
        out->step = (int)s;
        out->plot_rows = (int)rows;
        return true;
    }
    return false;                       /* not reached: s = d gives k = 1 */
}

bool flow_log_range(const float *v, long n, double *min_log, double *max_log)
{
    bool any = false;
    double a = 0.0, b = 0.0;
    for (long i = 0; i < n; i++) {
        if (!(v[i] > 0.0f) || !isfinite(v[i]))
            continue;
        double t = log10(v[i]);
        if (!any || t < a) a = t;
        if (!any || t > b) b = t;
        any = true;
    }
    if (any) {
        *min_log = a;
        *max_log = b;
    }
    return any;
}

/* The epochs [first, end) that row r of `body` rows shows, of `epochs`. */
static void row_epochs(int r, int epochs, int body, long *first, long *end)
{
    if (epochs <= body) {
        *first = r;
        *end = r < epochs ? r + 1 : r;
    } else {
        *first = ((long)r * epochs + body - 1) / body;
        *end = ((long)(r + 1) * epochs + body - 1) / body;
    }
}

int flow_strip_render(const struct flow_strip *s, char *grid, unsigned char *cls, int rows, int cols)
{
    if (rows <= 0 || cols <= 0)
        return -1;
    memset(grid, ' ', (size_t)rows * (size_t)cols);
    if (cls)
        memset(cls, HEAT_BLANK, (size_t)rows * (size_t)cols);
    if (rows < 2 || cols < HEAT_MIN_COLS || s->length <= 0 || s->layers <= 0 ||
        s->layer < 0 || s->layer >= s->layers)
        return -1;
    const int pc0 = HEAT_LABEL_COLS, w = cols - pc0, T = s->length, body = rows - 1;
    float *acc = malloc((size_t)T * sizeof *acc);     /* (T,) one row's mean log10 */
    if (!acc)
        return -1;
    heat_step_axis(grid, cls, cols, pc0, w, T);
    int drawn = 0;
    for (int r = 0; r < body; r++) {
        long first, end;
        row_epochs(r, s->epochs, body, &first, &end);
        if (end > s->done)
            end = s->done;
        if (first >= end)
            continue;
        for (int t = 0; t < T; t++) {
            double sum = 0.0;
            for (long i = first; i < end; i++) {
                float g = s->rec[((size_t)i * (size_t)s->layers + (size_t)s->layer) * (size_t)T + (size_t)t];
                sum += g > 0.0f ? (isfinite(g) ? log10(g) : NAN) : s->lo - 1.0;
            }
            acc[t] = (float)(sum / (double)(end - first));
        }
        char *row = grid + (size_t)(r + 1) * (size_t)cols;
        unsigned char *crow = cls ? cls + (size_t)(r + 1) * (size_t)cols : NULL;
        char label[16];
        snprintf(label, sizeof label, "%*ld", HEAT_LABEL_COLS - 1, first + 1);
        for (int j = 0; j < HEAT_LABEL_COLS - 1 && label[j]; j++) {
            row[j] = label[j];
            if (crow)
                crow[j] = HEAT_LABEL;
        }
        heat_strip(acc, T, s->lo, s->hi, HEAT_MEAN, row + pc0, crow ? crow + pc0 : NULL, w);
        drawn++;
    }
    free(acc);
    return drawn;
}
