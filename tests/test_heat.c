/*
 * test_heat.c - the heat strips of the state view: the scale, resampling,
 * and heat_render() against golden grids.
 *
 * Each golden case renders into a grid and compares it, trailing blanks
 * stripped, with tests/golden/heat_NAME.txt. Run with RNNTUI_UPDATE_GOLDEN=1
 * to rewrite the golden files from the current output (then read them!).
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "golden.h"
#include "ui/heat.h"

#define T_MAX 400
#define U_MAX 8

/* Renders spec into rows x cols and compares with golden/heat_NAME.txt. */
static void golden(const char *name, const struct heat_spec *spec, int rows, int cols)
{
    char *grid = malloc((size_t)rows * (size_t)cols);
    if (!grid)
        abort();
    int drawn = heat_render(spec, grid, NULL, rows, cols, NULL);
    CHECKF(drawn >= 0, "%s: heat_render returned %d", name, drawn);
    golden_check("heat", name, grid, rows, cols);
    free(grid);
}

/* ---- a sample and made-up states that look like an LSTM's ---- */

static float marker[T_MAX], value[T_MAX];
static float st_h[U_MAX * T_MAX], st_c[U_MAX * T_MAX], st_i[U_MAX * T_MAX], st_f[U_MAX * T_MAX];

/* A fixed "random" value in [0, 1). */
static float noise(unsigned k)
{
    k = k * 2654435761u + 12345u;
    k ^= k >> 13;
    k *= 0x5bd1e995u;
    k ^= k >> 15;
    return (float)(k % 1000u) / 1000.0f;
}

/* n steps, markers at a and b; unit u latches the marked values in c (its
 * input gate opens at the markers, its forget gate stays near 1), so c
 * steps up at each marker and holds; h follows tanh(c). */
static void sample(int n, int a, int b, int units)
{
    for (int t = 0; t < n; t++) {
        marker[t] = t == a || t == b ? 1.0f : 0.0f;
        value[t] = noise((unsigned)t);
    }
    for (int u = 0; u < units; u++) {
        float c = 0.0f;
        for (int t = 0; t < n; t++) {
            float in = marker[t] > 0 ? 0.95f : 0.05f + 0.1f * noise((unsigned)(t * 7 + u));
            float fg = 0.97f - 0.02f * (float)u;
            float g = (u % 2 ? -1.0f : 1.0f) * value[t];
            c = fg * c + in * g;
            st_i[u * n + t] = in;
            st_f[u * n + t] = fg;
            st_c[u * n + t] = c;
            st_h[u * n + t] = tanhf(c) * (0.6f + 0.05f * (float)u);
        }
    }
}

static void golden_cases(void)
{
    /* The LSTM view at T = 100 in 80 columns: resampled to 72 strip columns. */
    sample(100, 9, 69, 4);
    struct heat_block lstm[4] = {
        { "h", "hidden state", -1.0, 1.0, 4, st_h },
        { "c", "cell state", -1.0, 1.0, 4, st_c },
        { "i", "input gate", 0.0, 1.0, 4, st_i },
        { "f", "forget gate", 0.0, 1.0, 4, st_f },
    };
    struct heat_spec spec = { 100, marker, value, lstm, 4, 0 };
    golden("lstm", &spec, 24, 80);

    /* The same, scrolled into a short box. */
    spec.scroll = 6;
    golden("scroll", &spec, 12, 80);
    /* Scrolled past the end: clamped to the last rows. */
    spec.scroll = 1000;
    golden("scroll_end", &spec, 12, 80);

    /* T = 100 in 40 columns: two or three steps per column; the markers
     * (the largest value of their column) never vanish. */
    spec.scroll = 0;
    golden("narrow", &spec, 14, 40);

    /* T = 20 spread over 60 columns, a GRU's h and z, with a NaN. */
    sample(20, 3, 15, 3);
    st_h[1 * 20 + 8] = NAN;
    struct heat_block gru[2] = {
        { "h", "hidden state", -1.0, 1.0, 3, st_h },
        { "z", "update gate", 0.0, 1.0, 3, st_i },
    };
    struct heat_spec short_spec = { 20, marker, value, gru, 2, 0 };
    golden("short", &short_spec, 12, 68);

    /* A cell state beyond [-1, 1] on a wider range of its own. */
    sample(50, 5, 30, 2);
    for (int k = 0; k < 2 * 50; k++)
        st_c[k] *= 2.5f;
    struct heat_block wide[2] = {
        { "h", "hidden state", -1.0, 1.0, 2, st_h },
        { "c", "cell state", -3.0, 3.0, 2, st_c },
    };
    struct heat_spec wide_spec = { 50, marker, value, wide, 2, 0 };
    golden("range", &wide_spec, 10, 70);
}

/* ---- the scale and the strips ---- */

static void scale(void)
{
    CHECK(heat_level(-1.0, -1.0, 1.0) == 0);
    CHECK(heat_level(1.0, -1.0, 1.0) == HEAT_LEVELS - 1);
    CHECK(heat_level(0.0, -1.0, 1.0) == HEAT_LEVELS / 2);
    CHECK(heat_level(-0.01, -1.0, 1.0) == HEAT_LEVELS / 2 - 1);
    CHECK(heat_level(-7.0, -1.0, 1.0) == 0);
    CHECK(heat_level(7.0, -1.0, 1.0) == HEAT_LEVELS - 1);
    CHECK(heat_level(INFINITY, 0.0, 1.0) == HEAT_LEVELS - 1);
    CHECK(heat_level(-INFINITY, 0.0, 1.0) == 0);
    CHECK(heat_level(NAN, 0.0, 1.0) == -1);
    CHECK(heat_level(0.5, 1.0, 1.0) == 0);          /* an empty range does not divide by 0 */
    CHECK(strlen(HEAT_RAMP) == HEAT_LEVELS);

    /* Every level once, in order. */
    float v[HEAT_LEVELS];
    for (int k = 0; k < HEAT_LEVELS; k++)
        v[k] = (float)(k + 0.5) / HEAT_LEVELS;
    char out[HEAT_LEVELS + 1] = "";
    unsigned char cls[HEAT_LEVELS];
    heat_strip(v, HEAT_LEVELS, 0.0, 1.0, HEAT_MEAN, out, cls, HEAT_LEVELS);
    CHECKF(strcmp(out, HEAT_RAMP) == 0, "ramp \"%s\"", out);
    bool classes = true;
    for (int k = 0; k < HEAT_LEVELS; k++)
        classes &= cls[k] == HEAT_LEVEL + k;
    CHECK(classes);

    /* Fewer steps than columns: each repeated, in order. */
    char wide[31] = "";
    heat_strip(v, HEAT_LEVELS, 0.0, 1.0, HEAT_MEAN, wide, NULL, 30);
    CHECKF(strcmp(wide, "   ...:::---===+++***###%%%@@@") == 0, "spread \"%s\"", wide);

    /* More steps than columns: the mean, or the largest for markers. */
    float m[100] = { 0 };
    m[17] = m[83] = 1.0f;
    char strip[31] = "";
    heat_strip(m, 100, 0.0, 1.0, HEAT_MAX, strip, NULL, 30);
    int marks = 0;
    for (int c = 0; c < 30; c++)
        marks += strip[c] == '@';
    CHECKF(marks == 2, "%d marker columns of 2: \"%s\"", marks, strip);
    CHECK(strip[17 * 30 / 100] == '@' && strip[83 * 30 / 100] == '@');
    heat_strip(m, 100, 0.0, 1.0, HEAT_MEAN, strip, NULL, 30);
    CHECKF(strchr(strip, '@') == NULL, "the mean dilutes a marker: \"%s\"", strip);

    /* A NaN alone in its column shows '?'; next to a number it is left out. */
    float nanv[4] = { 0.0f, NAN, 1.0f, NAN };
    char q[5] = "";
    heat_strip(nanv, 4, 0.0, 1.0, HEAT_MEAN, q, cls, 4);
    CHECKF(strcmp(q, " ?@?") == 0, "nan \"%s\"", q);
    CHECK(cls[1] == HEAT_NAN);
    char q2[3] = "";
    heat_strip(nanv, 4, 0.0, 1.0, HEAT_MEAN, q2, NULL, 2);
    CHECKF(strcmp(q2, " @") == 0, "nan resampled \"%s\"", q2);
}

/* Sizes from the smallest to wide: nothing written outside the grid, the
 * strips fill their columns, every marker column survives resampling, the
 * legend is on the last row and scrolling stays within the list. */
static void invariants(void)
{
    int bad_guard = 0, bad_marker = 0, bad_legend = 0, bad_scroll = 0, bad_fill = 0;
    for (int n = 2; n <= T_MAX; n = n * 2 + 3) {
        sample(n, n / 5, n - 1, 3);
        struct heat_block bl[2] = {
            { "h", "hidden state", -1.0, 1.0, 3, st_h },
            { "c", "cell state", -1.0, 1.0, 3, st_c },
        };
        for (int cols = HEAT_MIN_COLS; cols <= 150; cols += 9)
            for (int rows = HEAT_MIN_ROWS; rows <= 20; rows += 3)
                for (int scroll = 0; scroll <= 9; scroll += 4) {
                    struct heat_spec spec = { n, marker, value, bl, 2, scroll };
                    size_t size = (size_t)rows * (size_t)cols;
                    char *grid = malloc(size + 16);
                    unsigned char *cls = malloc(size + 16);
                    if (!grid || !cls)
                        abort();
                    memset(grid + size, 0x5a, 16);
                    memset(cls + size, 0x5a, 16);
                    struct heat_info info;
                    int drawn = heat_render(&spec, grid, cls, rows, cols, &info);
                    for (size_t k = size; k < size + 16; k++)
                        if ((unsigned char)grid[k] != 0x5a || cls[k] != 0x5a)
                            bad_guard++;
                    if (drawn < 0)
                        bad_fill++;
                    int marks = 0;
                    for (int c = info.strip_col; c < cols; c++)
                        marks += grid[cols + c] == '@';
                    int want = info.strip_cols >= n ? 2 * (info.strip_cols / n) : 2;
                    if (info.strip_cols >= n ? marks < 2 : marks != want)
                        bad_marker++;
                    if (strncmp(grid + (size_t)(rows - 1) * cols, "scale", 5) != 0)
                        bad_legend++;
                    if (info.list_rows != 8 || info.scroll < 0 ||
                        info.scroll + info.shown > info.list_rows || info.shown != (rows - 4 < 8 - info.scroll ? rows - 4 : 8 - info.scroll))
                        bad_scroll++;
                    for (int r = 3; r < rows - 1; r++)
                        if (cls[(size_t)r * cols] == HEAT_LABEL)
                            for (int c = info.strip_col; c < cols; c++)
                                if (cls[(size_t)r * cols + c] < HEAT_LEVEL)
                                    bad_fill++;
                    free(grid);
                    free(cls);
                }
    }
    CHECKF(bad_guard == 0, "%d writes past the grid", bad_guard);
    CHECKF(bad_marker == 0, "%d layouts losing a marker", bad_marker);
    CHECKF(bad_legend == 0, "%d layouts without the legend", bad_legend);
    CHECKF(bad_scroll == 0, "%d layouts scrolled wrong", bad_scroll);
    CHECKF(bad_fill == 0, "%d strips with gaps", bad_fill);

    char grid[HEAT_MIN_COLS * 4];
    struct heat_spec spec = { 10, marker, value, NULL, 0, 0 };
    CHECK(heat_render(&spec, grid, NULL, HEAT_MIN_ROWS - 1, HEAT_MIN_COLS, NULL) == -1);
    CHECK(heat_render(&spec, grid, NULL, 4, 1, NULL) == -1);
}

int main(void)
{
    scale();
    golden_cases();
    invariants();
    return check_finish();
}
