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
 * little-endian C-order array). Each file goes through a temporary file
 * (see iofile.h): it is either whole or absent.
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

/* Checks dir before a run: creates it if missing (not its parents) and
 * refuses existing export files unless force. See iofile_check_dir(). */
int npy_export_check(const char *dir, bool force, const char **bad);
/* Writes the files listed above for set into dir. Returns RT_OK, RT_ENOMEM
 * or RT_EIO (errno set; *bad, when not NULL, names the file that failed). */
int npy_export_data(const char *dir, bool force, const struct data_set *set, const char **bad);

#endif
