/*
 * iofile_impl.h - private helpers of the file modules (runlog, weights, npy,
 * plot): whole-file writes through a temporary file, bounded reads, the C
 * locale for numbers, and float formatting that round-trips exactly.
 */
#ifndef RNNTUI_IOFILE_IMPL_H
#define RNNTUI_IOFILE_IMPL_H

#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A whole file being written: to a temporary file beside the target, or in
 * place when the target exists and is not a regular file. */
struct iofile {
    FILE *fp;          /* write here */
    char *path;        /* the target */
    char *tmp;         /* the temporary file, or NULL when writing in place */
    bool force;
};

/* Opens f->fp for the target path (see iofile.h for the conventions).
 * Returns RT_OK, RT_ENOMEM or RT_EIO with errno set; on failure f holds
 * nothing. */
int  iofile_begin(struct iofile *f, const char *path, bool force);
/* Flushes, syncs and closes the file and renames it over the target.
 * On failure the temporary file is removed and the target left as it was.
 * Returns RT_OK or RT_EIO with errno set. f holds nothing afterwards. */
int  iofile_commit(struct iofile *f);
/* Closes and removes the temporary file; keeps errno. */
void iofile_abort(struct iofile *f);

/* A directory of files written as a whole (the --export-data set): the
 * files go into a new staging directory beside the target, which then takes
 * the target's place in one rename (see iofile.h). */
struct iofile_dir {
    char *path;        /* the target, canonical */
    char *parent;      /* its directory */
    char *stage;       /* the staging directory: write the files here */
    const char *const *names;  /* the files of a set (borrowed) */
    int n;
    bool force;
};

/* Checks the target dir as iofile_check_dir() does, removes staging
 * directories that dead processes left beside it, and creates d->stage.
 * Returns RT_OK, RT_ENOMEM or RT_EIO with errno set (bad as in
 * iofile_check_dir()); on failure d holds nothing. */
int  iofile_dir_begin(struct iofile_dir *d, const char *dir, bool force,
                      const char *const *names, int n, char *bad, size_t bn);
/* Syncs the staging directory and puts it in the target's place: a rename
 * onto a new or empty target; over a previous set (with force), an atomic
 * exchange where the system has one (renameat2 RENAME_EXCHANGE), else the
 * old set moved aside first. The old set is then removed. On failure the
 * staging directory is removed and the target left as it was. d holds
 * nothing afterwards. */
int  iofile_dir_commit(struct iofile_dir *d, char *bad, size_t bn);
/* Removes the staging directory and its files; keeps errno. */
void iofile_dir_abort(struct iofile_dir *d);

/* The path with every symbolic link of its last component followed (at
 * most 40, else ELOOP): where a write through path lands. A path that
 * leads to an existing device, pipe or directory comes back as it is.
 * malloc'ed; NULL with errno set on failure. */
char *iofile_resolve(const char *path);
/* Opens an existing device or FIFO for writing in place; a FIFO without a
 * reader fails at once with ENXIO rather than blocking. Returns the fd, or
 * -1 with errno set. */
int  iofile_open_in_place(const char *path);

/* Reads a whole file of at most max bytes into a NUL-terminated buffer
 * owned by the caller (free()). Returns RT_OK, RT_ENOMEM, RT_EIO with errno
 * set, or RT_EFORMAT when the file is larger than max. */
int  iofile_read_all(const char *path, size_t max, char **out, size_t *len);

/* Makes a message safe to print on one line of a terminal: every control
 * character, DEL and non-ASCII byte (which a refused file may carry into a
 * quoted name) becomes '?'. */
void iofile_clean_text(char *s);

/* Switches the calling thread to the C locale; iofile_locale_pop() restores
 * the previous one. Used around every number formatted or parsed. */
locale_t iofile_locale_push(void);
void     iofile_locale_pop(locale_t old);

/* The shortest decimal ("%.Ng", N <= 9, rarely more) that reads back as exactly v both
 * through strtof and through strtod followed by a cast to float (as Python
 * then numpy.float32 do). Non-finite values give "nan", "inf", "-inf".
 * buf needs IOFILE_NUM_MAX bytes. Call inside iofile_locale_push(). */
#define IOFILE_NUM_MAX 32
void iofile_fmt_float(char *buf, float v);
/* The shortest "%.Ng" (N <= 17) that strtod reads back as exactly v. */
void iofile_fmt_double(char *buf, double v);

#endif
