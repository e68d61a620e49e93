/*
 * test_chart_sweep.c - chart_cat_render(), the sweep screen's correctness
 * against length, against golden grids, and its invariants.
 *
 * Compares with tests/golden/chart_cat_NAME.txt (trailing blanks stripped);
 * RNNTUI_UPDATE_GOLDEN=1 rewrites them (then read them!).
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "golden.h"
#include "ui/chart.h"

static const char *const lengths[] = { "5", "10", "20", "50", "100" };

/* Three cells, five lengths, three seeds: SimpleRNN falls from 100 % to
 * chance, LSTM stays high with one bad seed at 100, GRU in between. */
static float pts[3][5 * 3], med[3][5];

static void sweep_values(void)
{
    static const float v[3][5][3] = {
        { { 100, 100, 99 }, { 98, 97, 100 }, { 60, 40, 55 }, { 12, 10, 14 }, { 8, 9, 7 } },
        { { 100, 100, 100 }, { 100, 99, 100 }, { 97, 98, 96 }, { 95, 96, 60 }, { 94, 67, 96 } },
        { { 100, 100, 100 }, { 100, 100, 99 }, { 90, 95, 92 }, { 70, 85, 80 }, { 50, 30, 40 } },
    };
    for (int s = 0; s < 3; s++)
        for (int x = 0; x < 5; x++) {
            float a = v[s][x][0], b = v[s][x][1], c = v[s][x][2];
            for (int i = 0; i < 3; i++)
                pts[s][x * 3 + i] = v[s][x][i];
            /* the median of three */
            med[s][x] = fmaxf(fminf(a, b), fminf(fmaxf(a, b), c));
        }
}

static int render(const struct chart_cat_spec *sp, const char *name, int rows, int cols)
{
    char *grid = malloc((size_t)rows * (size_t)cols);
    unsigned char *cls = malloc((size_t)rows * (size_t)cols);
    if (!grid || !cls)
        abort();
    int drawn = chart_cat_render(sp, grid, cls, rows, cols);
    if (name) {
        CHECKF(drawn >= 0, "%s: chart_cat_render returned %d", name, drawn);
        golden_check("chart_cat", name, grid, rows, cols);
        /* Every series glyph sits in its own class. */
        for (int i = 0; i < rows * cols; i++) {
            for (int s = 0; s < sp->n_series; s++)
                if (cls[i] >= CHART_SERIES && (grid[i] == sp->series[s].glyph || grid[i] == sp->series[s].point_glyph))
                    CHECKF(cls[i] == CHART_SERIES + s, "%s: cell %d '%c' has class %d", name, i,
                           grid[i], cls[i]);
        }
    }
    free(grid);
    free(cls);
    return drawn;
}

int main(void)
{
    sweep_values();
    struct chart_cat_series s[3] = {
        { pts[0], med[0], 'R', 'r' }, { pts[1], med[1], 'L', 'l' }, { pts[2], med[2], 'G', 'g' },
    };
    struct chart_cat_spec sp = { s, 3, lengths, 5, 3, 0.0, 100.0, "%", "length" };

    /* Full sweep: 15 medians and 45 points, some covering each other. */
    int drawn = render(&sp, "full", 17, 60);
    CHECKF(drawn == 15 + 45, "full: %d cells plotted, want 60", drawn);
    render(&sp, "small", 9, 32);

    /* Finished so far: LSTM at lengths 5 and 10 only; the rest NaN. */
    float part_p[15], part_m[5];
    for (int i = 0; i < 15; i++)
        part_p[i] = i < 6 ? pts[1][i] : NAN;
    for (int x = 0; x < 5; x++)
        part_m[x] = x < 2 ? med[1][x] : NAN;
    part_p[5] = NAN;                      /* seed 3 of length 10 still running */
    struct chart_cat_series one = { part_p, part_m, 'L', 'l' };
    struct chart_cat_spec sp1 = { &one, 1, lengths, 5, 3, 0.0, 100.0, "%", "length" };
    drawn = render(&sp1, "partial", 12, 50);
    CHECKF(drawn == 5 + 2, "partial: %d cells plotted, want 7", drawn);

    /* Too small for the axes, or five categories of three series in 20
     * columns: refused, grid blank. */
    CHECK(render(&sp, NULL, 4, 60) == -1);
    CHECK(render(&sp, NULL, 17, 20) == -1);
    struct chart_cat_spec none = sp;
    none.n_x = 0;
    CHECK(render(&none, NULL, 17, 60) == -1);
    none = sp;
    none.ymax = none.ymin;
    CHECK(render(&none, NULL, 17, 60) == -1);
    return check_finish();
}
