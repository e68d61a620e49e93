/*
 * test_npy - data export: each .npy file's preamble, header and bytes read
 * back and compared with the data set in memory; the directory checks.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rnntui/data.h"
#include "rnntui/npy.h"
#include "rnntui/rng.h"
#include "rnntui/status.h"
#include "check.h"
#include "io_util.h"

/* Reads path as .npy version 1.0 and checks its header is exactly `dict`
 * (before padding); returns the data bytes (malloc'ed) and their count. */
static unsigned char *read_npy(const char *path, const char *dict, size_t *nbytes)
{
    size_t len;
    char *f = io_read(path, &len);
    CHECKF(f != NULL, "%s not written", path);
    if (!f)
        return NULL;
    CHECK(len >= 10 && memcmp(f, "\x93NUMPY\x01\x00", 8) == 0);
    size_t hlen = (unsigned char)f[8] | (size_t)(unsigned char)f[9] << 8;
    CHECKF((10 + hlen) % 64 == 0, "%s: data starts at %zu", path, 10 + hlen);
    CHECK(10 + hlen <= len);
    size_t dl = strlen(dict);
    CHECKF(hlen > dl && memcmp(f + 10, dict, dl) == 0, "%s: header %.*s", path, (int)hlen, f + 10);
    for (size_t i = 10 + dl; i + 1 < 10 + hlen; i++)
        CHECK(f[i] == ' ');
    CHECK(f[10 + hlen - 1] == '\n');
    *nbytes = len - 10 - hlen;
    unsigned char *data = malloc(*nbytes + 1);
    memcpy(data, f + 10 + hlen, *nbytes);
    free(f);
    return data;
}

static void check_index(const char *dir, const char *name, int begin, int end)
{
    char path[600], dict[160];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(dict, sizeof dict, "{'descr': '<i8', 'fortran_order': False, 'shape': (%d,), }", end - begin);
    size_t n;
    unsigned char *b = read_npy(path, dict, &n);
    CHECK(b && n == (size_t)(end - begin) * 8);
    for (int i = 0; b && i < end - begin; i++) {
        uint64_t v = 0;
        for (int k = 7; k >= 0; k--)
            v = v << 8 | b[(size_t)i * 8 + (size_t)k];        /* little endian */
        CHECKF(v == (uint64_t)(begin + i), "%s[%d] = %llu", name, i, (unsigned long long)v);
    }
    free(b);
}

int main(void)
{
    io_setup();
    struct data_config dc = { .samples = 57, .length = 9 };
    struct rng r;
    rng_seed(&r, 11, RNG_STREAM_DATA);
    struct data_set set;
    if (data_generate(&dc, &r, &set) != RT_OK)
        return 99;
    const char *dir = io_path("export");
    char bad[64] = "x";

    /* The check creates nothing: a missing directory is made by the export. */
    CHECK(npy_export_check(dir, false, bad, sizeof bad) == RT_OK && bad[0] == '\0');
    struct stat st;
    CHECK(stat(dir, &st) != 0 && errno == ENOENT);
    errno = 0;
    CHECK(npy_export_check(io_path("a/b/c"), false, bad, sizeof bad) == RT_EIO && errno == ENOENT);
    CHECK(io_write(io_path("plain"), "x", 1) == 0);
    errno = 0;
    CHECK(npy_export_check(io_path("plain"), false, bad, sizeof bad) == RT_EIO && errno == ENOTDIR);

    CHECK(npy_export_data(dir, false, &set, bad, sizeof bad) == RT_OK);

    char path[600];
    size_t n;
    snprintf(path, sizeof path, "%s/X.npy", dir);
    unsigned char *x = read_npy(path, "{'descr': '<f4', 'fortran_order': False, 'shape': (57, 9, 2), }", &n);
    CHECK(x && n == 57 * 9 * 2 * sizeof(float));
    /* Little-endian float32, C order: byte for byte the in-memory array on
     * a little-endian host; through the bits otherwise. */
    for (size_t i = 0; x && i < 57 * 9 * 2; i++) {
        uint32_t u = 0, want;
        for (int k = 3; k >= 0; k--)
            u = u << 8 | x[i * 4 + (size_t)k];
        memcpy(&want, &set.x[i], 4);
        if (u != want) {
            CHECKF(u == want, "X[%zu] differs", i);
            break;
        }
    }
    free(x);
    snprintf(path, sizeof path, "%s/Y.npy", dir);
    unsigned char *y = read_npy(path, "{'descr': '<f4', 'fortran_order': False, 'shape': (57,), }", &n);
    CHECK(y && n == 57 * sizeof(float));
    for (size_t i = 0; y && i < 57; i++) {
        uint32_t u = 0, want;
        for (int k = 3; k >= 0; k--)
            u = u << 8 | y[i * 4 + (size_t)k];
        memcpy(&want, &set.y[i], 4);
        CHECKF(u == want, "Y[%zu] differs", i);
    }
    free(y);
    struct data_split sp;
    data_split(57, &sp);
    check_index(dir, "train_idx.npy", sp.train_begin, sp.train_end);
    check_index(dir, "val_idx.npy", sp.val_begin, sp.val_end);
    check_index(dir, "test_idx.npy", sp.test_begin, sp.test_end);
    CHECK(sp.train_end > 0 && sp.val_end > sp.val_begin && sp.test_end == 57);

    /* Existing files are kept unless force. */
    errno = 0;
    CHECK(npy_export_check(dir, false, bad, sizeof bad) == RT_EIO && errno == EEXIST &&
          strcmp(bad, "X.npy") == 0);
    errno = 0;
    CHECK(npy_export_data(dir, false, &set, bad, sizeof bad) == RT_EIO && errno == EEXIST);
    CHECK(npy_export_check(dir, true, bad, sizeof bad) == RT_OK);
    CHECK(npy_export_data(dir, true, &set, bad, sizeof bad) == RT_OK);
    CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));

    /* The directory is the export's own: another entry in it is refused,
     * named, before and at the export, and the set is left as it was. */
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    CHECK(io_write(path, "x", 1) == 0);
    errno = 0;
    CHECK(npy_export_check(dir, true, bad, sizeof bad) == RT_EIO && errno == ENOTEMPTY &&
          strcmp(bad, "notes.txt") == 0);
    errno = 0;
    CHECK(npy_export_data(dir, true, &set, bad, sizeof bad) == RT_EIO && errno == ENOTEMPTY);
    snprintf(path, sizeof path, "%s/X.npy", dir);
    CHECK(stat(path, &st) == 0);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    CHECK(unlink(path) == 0);
    /* An empty directory takes a new set. */
    const char *empty = io_path("emptydir");
    CHECK(mkdir(empty, 0777) == 0);
    CHECK(npy_export_data(empty, false, &set, bad, sizeof bad) == RT_OK);
    snprintf(path, sizeof path, "%s/test_idx.npy", empty);
    CHECK(stat(path, &st) == 0 && S_ISREG(st.st_mode));

    /* A 0-length array and bad arguments. */
    size_t zero = 0;
    CHECK(npy_write(io_path("empty.npy"), false, "<f4", 4, 1, &zero, NULL) == RT_OK);
    x = read_npy(io_path("empty.npy"), "{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }", &n);
    CHECK(x && n == 0);
    free(x);
    CHECK(npy_write(io_path("bad.npy"), false, "<f4", 4, 0, &zero, NULL) == RT_EINVAL);
    data_fini(&set);
    return check_finish();
}
