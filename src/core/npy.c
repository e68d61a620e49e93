#include "config.h"

#include "rnntui/npy.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/iofile.h"
#include "rnntui/status.h"
#include "iofile_impl.h"

#define NPY_ALIGN 64
#define NPY_CHUNK 65536      /* bytes converted at a time on big-endian hosts */

const char *const npy_export_names[NPY_EXPORT_FILES] = {
    "X.npy", "Y.npy", "train_idx.npy", "val_idx.npy", "test_idx.npy"
};

static bool npy_host_little(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/* Writes count elements of size sz in little-endian order. */
static bool npy_put_le(FILE *fp, const void *data, size_t sz, size_t count)
{
    if (npy_host_little())
        return fwrite(data, sz, count, fp) == count;
    unsigned char buf[NPY_CHUNK];
    const unsigned char *p = data;
    size_t per = sizeof buf / sz;
    while (count) {
        size_t k = count < per ? count : per;
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < sz; j++)
                buf[i * sz + j] = p[i * sz + sz - 1 - j];
        if (fwrite(buf, sz, k, fp) != k)
            return false;
        p += k * sz;
        count -= k;
    }
    return true;
}

int npy_write(const char *path, bool force, const char *descr, size_t elem_size,
              int ndim, const size_t *shape, const void *data)
{
    if (ndim < 1 || ndim > 8 || elem_size == 0 || strlen(descr) > 8)
        return RT_EINVAL;
    char header[256];
    int k = snprintf(header, sizeof header, "{'descr': '%s', 'fortran_order': False, 'shape': (", descr);
    size_t count = 1;
    for (int i = 0; i < ndim; i++) {
        k += snprintf(header + k, sizeof header - (size_t)k, "%zu,%s", shape[i],
                      i + 1 < ndim ? " " : "");
        count *= shape[i];
    }
    if (ndim > 1)
        k--;            /* "(3000, 100, 2)"; a 1-D shape keeps its comma: "(3000,)" */
    k += snprintf(header + k, sizeof header - (size_t)k, "), }");
    /* Preamble (10 bytes) + header + padding + '\n' to a multiple of 64. */
    size_t total = 10 + (size_t)k + 1;
    size_t pad = (NPY_ALIGN - total % NPY_ALIGN) % NPY_ALIGN;
    size_t hlen = (size_t)k + pad + 1;
    if (hlen > 65535 || (size_t)k + pad + 1 >= sizeof header)
        return RT_EINVAL;
    memset(header + k, ' ', pad);
    header[(size_t)k + pad] = '\n';

    struct iofile f;
    int rc = iofile_begin(&f, path, force);
    if (rc != RT_OK)
        return rc;
    errno = 0;
    unsigned char pre[10] = { 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                              (unsigned char)(hlen & 0xff), (unsigned char)(hlen >> 8) };
    bool ok = fwrite(pre, 1, sizeof pre, f.fp) == sizeof pre &&
              fwrite(header, 1, hlen, f.fp) == hlen &&
              (count == 0 || npy_put_le(f.fp, data, elem_size, count));
    if (!ok) {
        if (!errno)
            errno = EIO;
        iofile_abort(&f);
        return RT_EIO;
    }
    return iofile_commit(&f);
}

int npy_export_check(const char *dir, bool force, char *bad, size_t bn)
{
    return iofile_check_dir(dir, force, npy_export_names, NPY_EXPORT_FILES, bad, bn);
}

static int npy_write_range(const char *path, int begin, int end)
{
    size_t n = end > begin ? (size_t)(end - begin) : 0;
    int64_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return RT_ENOMEM;
    for (size_t i = 0; i < n; i++)
        idx[i] = begin + (int64_t)i;
    int rc = npy_write(path, false, "<i8", sizeof *idx, 1, &n, idx);
    free(idx);
    return rc;
}

int npy_export_data(const char *dir, bool force, const struct data_set *set, char *bad, size_t bn)
{
    struct data_split sp;
    data_split(set->samples, &sp);
    struct iofile_dir d;
    int rc = iofile_dir_begin(&d, dir, force, npy_export_names, NPY_EXPORT_FILES, bad, bn);
    if (rc != RT_OK)
        return rc;
    size_t dl = strlen(d.stage);
    for (int i = 0; i < NPY_EXPORT_FILES && rc == RT_OK; i++) {
        size_t len = dl + strlen(npy_export_names[i]) + 2;
        char *path = malloc(len);
        if (!path) {
            rc = RT_ENOMEM;
            break;
        }
        snprintf(path, len, "%s/%s", d.stage, npy_export_names[i]);
        size_t shape[3] = { (size_t)set->samples, (size_t)set->length, DATA_FEATURES };
        switch (i) {
        case 0:
            rc = npy_write(path, false, "<f4", sizeof(float), 3, shape, set->x);
            break;
        case 1:
            rc = npy_write(path, false, "<f4", sizeof(float), 1, shape, set->y);
            break;
        case 2:
            rc = npy_write_range(path, sp.train_begin, sp.train_end);
            break;
        case 3:
            rc = npy_write_range(path, sp.val_begin, sp.val_end);
            break;
        default:
            rc = npy_write_range(path, sp.test_begin, sp.test_end);
            break;
        }
        if (rc != RT_OK && bad && bn)
            snprintf(bad, bn, "%s", npy_export_names[i]);
        free(path);
    }
    if (rc != RT_OK) {
        iofile_dir_abort(&d);
        return rc;
    }
    return iofile_dir_commit(&d, bad, bn);
}
