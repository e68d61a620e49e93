/*
 * iofile.h - the rules every output file of rnntui follows, and the checks a
 * front end runs on output paths before training starts.
 *
 * Convention for the log, the weights, the plot and the exported data:
 *   - an existing regular file is never replaced unless `force` is true
 *     (the --force option); the check fails with errno EEXIST;
 *   - a path that exists but is not a regular file or directory (a terminal,
 *     /dev/null, /dev/full, a pipe) is written in place;
 *   - whole files (weights, plot, .npy) are written to a temporary file in
 *     the target's directory and renamed over the target once complete and
 *     flushed, so a failed or interrupted write never leaves a half-written
 *     target; the run log grows in place, one whole record per write.
 * Numbers are always written and read in the C locale, whatever LC_NUMERIC
 * the front end set.
 */
#ifndef RNNTUI_IOFILE_H
#define RNNTUI_IOFILE_H

#include <stdbool.h>

/* Checks that path can be created or (with force) replaced: an existing
 * directory fails with EISDIR, an existing regular file without force with
 * EEXIST; a missing file is probed by creating and removing a temporary file
 * in its directory. Nothing is left behind. Returns RT_OK or RT_EIO with
 * errno set. */
int iofile_check_output(const char *path, bool force);

/* Makes sure dir is a directory that files can be created in, creating it
 * (not its parents) when missing, and that none of the `n` names inside it
 * exists as a regular file unless force. Returns RT_OK or RT_EIO with errno
 * set (ENOTDIR, EEXIST, EACCES, ...). When an existing name is the cause,
 * *bad (if not NULL) points at it, else is NULL. */
int iofile_check_dir(const char *dir, bool force, const char *const *names, int n,
                     const char **bad);

#endif
