/*
 * golden.h - golden-file comparison for the C tests that render text grids
 * (test_chart, test_heat).
 *
 * golden_check(prefix, name, grid, rows, cols) turns a rows x cols grid into
 * text, one line per row with trailing blanks stripped, and compares it with
 * $srcdir/tests/golden/PREFIX_NAME.txt, counting a CHECK. With
 * RNNTUI_UPDATE_GOLDEN=1 in the environment it rewrites the golden file from
 * the grid instead (then read the files!). Include after check.h.
 */
#ifndef RNNTUI_TESTS_GOLDEN_H
#define RNNTUI_TESTS_GOLDEN_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* The grid as text: one line per row, trailing blanks stripped. */
static char *golden_grid_text(const char *grid, int rows, int cols)
{
    char *out = malloc((size_t)rows * (size_t)(cols + 1) + 1);
    if (!out)
        abort();
    char *p = out;
    for (int r = 0; r < rows; r++) {
        int len = cols;
        while (len > 0 && grid[r * cols + len - 1] == ' ')
            len--;
        memcpy(p, grid + r * cols, (size_t)len);
        p += len;
        *p++ = '\n';
    }
    *p = '\0';
    return out;
}

/* The whole file (up to 64 KiB) as a string the caller frees, or NULL. */
static char *golden_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 16);
    if (!buf)
        abort();
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Compares grid (rows x cols, borrowed) with golden/PREFIX_NAME.txt. */
static void golden_check(const char *prefix, const char *name, const char *grid, int rows, int cols)
{
    char *text = golden_grid_text(grid, rows, cols);

    const char *srcdir = getenv("srcdir");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/golden/%s_%s.txt", srcdir ? srcdir : ".", prefix, name);
    const char *update = getenv("RNNTUI_UPDATE_GOLDEN");
    if (update && *update) {
        FILE *f = fopen(path, "wb");
        CHECKF(f != NULL, "cannot write %s", path);
        if (f) {
            fputs(text, f);
            CHECK(fclose(f) == 0);
        }
    } else {
        char *want = golden_read_file(path);
        CHECKF(want != NULL, "cannot read %s", path);
        if (want && strcmp(want, text) != 0) {
            CHECKF(false, "%s differs from the golden file", name);
            fprintf(stderr, "--- want %s\n%s--- got\n%s---\n", path, want, text);
        }
        free(want);
    }
    free(text);
}

#endif
