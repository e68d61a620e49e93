/*
 * iofile.h - the rules every output file of rnntui follows, and the checks a
 * front end runs on output paths before training starts.
 *
 * Convention for the log, the weights, the plot and the exported data:
 *   - an existing regular file is never replaced unless `force` is true
 *     (the --force option); the check fails with errno EEXIST;
 *   - a symbolic link is written through: the rules apply to the file it
 *     points to (created when the link dangles), and the link stays;
 *   - a path that exists but is not a regular file or directory (a terminal,
 *     /dev/null, /dev/full, a pipe) is written in place; a FIFO must have a
 *     reader when it is opened for writing (ENXIO otherwise: nothing waits
 *     for one); the checks before a run do not open a FIFO, since closing
 *     it again would end its reader's input;
 *   - whole files (weights, plot, .npy) are written to a temporary file in
 *     the target's directory and renamed over the target once complete and
 *     flushed, so a failed or interrupted write never leaves a half-written
 *     target; the run log grows in place, one whole record per write;
 *   - a directory of files (the exported data) is written into a new
 *     staging directory beside it, ".<name>.rnntui-<pid>-<n>.tmp", which
 *     then replaces the target in one rename: a reader sees the old set or
 *     the new one, never a mix. The target must be missing, empty, or hold
 *     only a previous set. A staging directory left by a killed process is
 *     removed by the next export beside it.
 * Numbers are always written and read in the C locale, whatever LC_NUMERIC
 * the front end set.
 */
#ifndef RNNTUI_IOFILE_H
#define RNNTUI_IOFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Checks that path can be created or (with force) replaced: an existing
 * directory fails with EISDIR, an existing regular file without force with
 * EEXIST; a missing file is probed by creating and removing a temporary file
 * in its directory. Nothing is left behind. Returns RT_OK or RT_EIO with
 * errno set. */
int iofile_check_output(const char *path, bool force);

/* Checks that the set of `n` files `names` can be written as directory dir
 * (links followed): dir is missing, empty, or holds only those names as
 * regular files, and then only with force; its parent takes a new
 * directory. Creates nothing. Returns RT_OK or RT_EIO with errno set
 * (ENOTDIR, EEXIST for one of the names, ENOTEMPTY for another entry,
 * EACCES, ...); the entry at fault, if any, goes to bad[0..bn) (else ""). */
int iofile_check_dir(const char *dir, bool force, const char *const *names, int n,
                     char *bad, size_t bn);

/* Whether a and b name the same file once links are followed: the same
 * device and inode when both exist (never for devices and pipes, which
 * many outputs may share), or the same canonical path when neither does. */
bool iofile_same_file(const char *a, const char *b);

#endif
