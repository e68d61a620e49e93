/*
 * npy.h - the generated data set as numpy .npy files (format version 1.0),
 * for using the exact same data in Keras or PyTorch.
 *
 * npy_export_data() writes into a directory:
 *   X.npy          float32 '<f4', shape (samples, length, 2): marker, value
 *   Y.npy          float32 '<f4', shape (samples,): the products
 *   train_idx.npy  int64 '<i8', the sample indices of each part of the
 *   val_idx.npy    Keras-style split (see data.h), so that
 *   test_idx.npy   X[train_idx] is what fit() trains on
 * numpy.load() reads each; Python's standard library can too (a 10-byte
 * preamble, a header dict padded to a multiple of 64 bytes, then the raw
 * little-endian C-order array). The directory is written as a whole (see
 * iofile.h): the five files of one export, or none.
 */
#ifndef RNNTUI_NPY_H
#define RNNTUI_NPY_H

#include <stdbool.h>
#include <stddef.h>

#include "rnntui/data.h"

#define NPY_EXPORT_FILES 5

/* The names npy_export_data() writes, in order. */
extern const char *const npy_export_names[NPY_EXPORT_FILES];

/* Writes one array: descr is a numpy type string ("<f4", "<i8"), data holds
 * count elements of elem_size bytes in host order (converted to little
 * endian on the way out), shape has ndim (1..8) sizes whose product is
 * count. Returns RT_OK, RT_EINVAL, RT_ENOMEM or RT_EIO (errno set). */
int npy_write(const char *path, bool force, const char *descr, size_t elem_size,
              int ndim, const size_t *shape, const void *data);

/* Checks dir before a run (see iofile_check_dir()): it must be missing,
 * empty, or hold only a previous export (replaced only with force); creates
 * nothing. bad[0..bn) receives the entry at fault, if any. */
int npy_export_check(const char *dir, bool force, char *bad, size_t bn);
/* Writes the files listed above for set as directory dir, as a whole: into
 * a new staging directory beside it, which then takes its place (see
 * iofile.h), so a reader never sees files of two exports side by side.
 * Returns RT_OK, RT_ENOMEM or RT_EIO (errno set; bad[0..bn) names the file
 * or entry at fault). */
int npy_export_data(const char *dir, bool force, const struct data_set *set, char *bad, size_t bn);

#endif
