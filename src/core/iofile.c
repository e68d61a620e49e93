#include "config.h"

#include "rnntui/iofile.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rnntui/status.h"
#include "iofile_impl.h"

/* ---- names ---- */

/* The directory part of path ("." when there is none), malloc'ed. */
static char *iofile_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* "<dir>/<name>" for a link target relative to the link's directory. */
static char *iofile_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

char *iofile_resolve(const char *path)
{
    char *p = strdup(path);
    struct stat st0;
    if (p && stat(p, &st0) == 0 && !S_ISREG(st0.st_mode))
        return p;    /* a device, pipe or directory: opened as named (/dev/stdout on a pipe
                        links to "pipe:[n]", which is no path) */
    for (int hops = 0; p; hops++) {
        struct stat st;
        if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
            return p;
        if (hops == 40) {
            free(p);
            errno = ELOOP;
            return NULL;
        }
        char target[PATH_MAX];
        ssize_t k = readlink(p, target, sizeof target - 1);
        if (k < 0) {
            int e = errno;
            free(p);
            errno = e;
            return NULL;
        }
        target[k] = '\0';
        char *next;
        if (target[0] == '/') {
            next = strdup(target);
        } else {
            char *dir = iofile_dirname(p);
            next = dir ? iofile_join(dir, target) : NULL;
            free(dir);
        }
        free(p);
        p = next;
    }
    errno = ENOMEM;
    return NULL;
}

/* The canonical name of a file that may not exist yet: the real path of
 * its directory and its own name (links on the last component followed).
 * NULL when the directory does not resolve. */
static char *iofile_canonical(const char *path)
{
    char *r = iofile_resolve(path);
    if (!r)
        return NULL;
    size_t len = strlen(r);
    while (len > 1 && r[len - 1] == '/')
        r[--len] = '\0';                       /* "data/" -> "data" */
    char *real = realpath(r, NULL);
    if (real) {
        free(r);
        return real;
    }
    char *dir = iofile_dirname(r);
    const char *slash = strrchr(r, '/');
    const char *base = slash ? slash + 1 : r;
    char *rdir = dir ? realpath(dir, NULL) : NULL;
    char *c = NULL;
    if (rdir)
        c = iofile_join(strcmp(rdir, "/") == 0 ? "" : rdir, base);
    free(rdir);
    free(dir);
    free(r);
    return c;
}

bool iofile_same_file(const char *a, const char *b)
{
    char *ra = iofile_resolve(a), *rb = iofile_resolve(b);
    struct stat sa, sb;
    bool ea = ra && stat(ra, &sa) == 0, eb = rb && stat(rb, &sb) == 0;
    bool same;
    if (ea && eb) {
        /* Devices and pipes are written in place by any number of outputs. */
        same = sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino &&
               (S_ISREG(sa.st_mode) || S_ISDIR(sa.st_mode));
    } else if (ea || eb) {
        same = false;
    } else {
        char *ca = iofile_canonical(a), *cb = iofile_canonical(b);
        same = strcmp(ca ? ca : a, cb ? cb : b) == 0;
        free(ca);
        free(cb);
    }
    free(ra);
    free(rb);
    return same;
}

int iofile_open_in_place(const char *path)
{
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

/* Creates a new empty file "<dir>/.<base>.rnntui-<pid>-<n>.tmp" with mode
 * 0666 less the umask. Returns the fd and the name in *name, or -1 with
 * errno set. */
static int iofile_make_temp(const char *path, char **name)
{
    static atomic_uint counter;
    char *dir = iofile_dirname(path);
    if (!dir)
        return errno = ENOMEM, -1;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (strlen(base) > 200)       /* keep the temporary name within NAME_MAX */
        base = "out";
    size_t n = strlen(dir) + strlen(base) + 64;
    char *t = malloc(n);
    if (!t) {
        free(dir);
        return errno = ENOMEM, -1;
    }
    int fd = -1;
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned k = atomic_fetch_add(&counter, 1u);
        snprintf(t, n, "%s/.%s.rnntui-%ld-%u.tmp", dir, base, (long)getpid(), k);
        fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    free(dir);
    if (fd < 0) {
        int e = errno;
        free(t);
        errno = e;
        return -1;
    }
    *name = t;
    return fd;
}

/* ---- checks before a run ---- */

/* iofile_check_output() on a path whose links are already followed. */
static int iofile_check_resolved(const char *path, bool force)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return errno = EISDIR, RT_EIO;
        if (S_ISFIFO(st.st_mode)) {
            /* Opened only when written, which needs a reader then: opening
             * it now and closing it would end a reader's input at once. */
            return access(path, W_OK) == 0 ? RT_OK : RT_EIO;
        }
        if (!S_ISREG(st.st_mode)) {
            /* A device is written in place: it must open for writing now. */
            int fd = iofile_open_in_place(path);
            if (fd < 0)
                return RT_EIO;
            close(fd);
            return RT_OK;
        }
        if (!force)
            return errno = EEXIST, RT_EIO;
    } else if (errno != ENOENT) {
        return RT_EIO;
    }
    /* The file will be created or renamed over: the directory must take a
     * new file. */
    char *tmp = NULL;
    int fd = iofile_make_temp(path, &tmp);
    if (fd < 0)
        return errno == ENOMEM ? RT_ENOMEM : RT_EIO;
    close(fd);
    unlink(tmp);
    free(tmp);
    return RT_OK;
}

int iofile_check_output(const char *path, bool force)
{
    if (!path || !*path)
        return errno = ENOENT, RT_EIO;
    char *r = iofile_resolve(path);
    if (!r)
        return errno == ENOMEM ? RT_ENOMEM : RT_EIO;
    int rc = iofile_check_resolved(r, force);
    int e = errno;
    free(r);
    errno = e;
    return rc;
}

/* ---- whole directories ---- */

static bool iofile_dot(const char *n)
{
    return n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2]));
}

/* Removes a directory of plain files (a staging directory). Keeps errno. */
static void iofile_remove_flat(const char *dir)
{
    int e = errno;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            if (iofile_dot(de->d_name))
                continue;
            char *p = iofile_join(dir, de->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
    errno = e;
}

/* Looks into an existing target directory: *found counts the n names in it
 * (regular files). Fails with ENOTEMPTY, the entry's name in bad, when it
 * holds anything else, and with EEXIST, the first name in bad, when it holds
 * one of them and not force. */
static int iofile_dir_scan(const char *dir, bool force, const char *const *names, int n,
                           int *found, char *bad, size_t bn)
{
    *found = 0;
    DIR *d = opendir(dir);
    if (!d)
        return RT_EIO;
    int first = n;                     /* the first of names present */
    bool other = false;
    struct dirent *de;
    while (!other && (de = readdir(d)) != NULL) {
        if (iofile_dot(de->d_name))
            continue;
        int k = 0;
        while (k < n && strcmp(de->d_name, names[k]) != 0)
            k++;
        struct stat st;
        char *p = iofile_join(dir, de->d_name);
        bool plain = p && lstat(p, &st) == 0 && S_ISREG(st.st_mode);
        free(p);
        if (k == n || !plain) {
            other = true;
            if (bad)
                snprintf(bad, bn, "%s", de->d_name);
        } else {
            ++*found;
            if (k < first)
                first = k;
        }
    }
    closedir(d);
    if (other)
        return errno = ENOTEMPTY, RT_EIO;
    if (*found && !force) {
        if (bad)
            snprintf(bad, bn, "%s", names[first]);
        return errno = EEXIST, RT_EIO;
    }
    return RT_OK;
}

/* The prefix of the staging directories of target base: ".<base>.rnntui-". */
static void iofile_stage_prefix(const char *base, char *buf, size_t n)
{
    snprintf(buf, n, ".%.200s.rnntui-", base);
}

/* Removes the staging directories of base in parent that a process now gone
 * left behind (killed by SIGKILL, or the machine stopped). */
static void iofile_sweep_stale(const char *parent, const char *base)
{
    char prefix[256];
    iofile_stage_prefix(base, prefix, sizeof prefix);
    size_t pl = strlen(prefix);
    DIR *d = opendir(parent);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        size_t len = strlen(name);
        if (strncmp(name, prefix, pl) != 0 || len < pl + 5 || strcmp(name + len - 4, ".tmp") != 0)
            continue;
        char *end;
        long pid = strtol(name + pl, &end, 10);
        if (end == name + pl || *end != '-' || pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;                            /* its writer may still be at work */
        char *p = iofile_join(parent, name);
        struct stat st;
        if (p && lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            iofile_remove_flat(p);
        free(p);
    }
    closedir(d);
}

/* Creates a new empty staging directory "<parent>/.<base>.rnntui-<pid>-<n>.tmp".
 * Returns its name (malloc'ed) or NULL with errno set. */
static char *iofile_make_stage(const char *parent, const char *base)
{
    static atomic_uint counter;
    char prefix[256];
    iofile_stage_prefix(base, prefix, sizeof prefix);
    size_t n = strlen(parent) + strlen(prefix) + 64;
    char *t = malloc(n);
    if (!t)
        return errno = ENOMEM, NULL;
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned k = atomic_fetch_add(&counter, 1u);
        snprintf(t, n, "%s/%s%ld-%u.tmp", parent, prefix, (long)getpid(), k);
        if (mkdir(t, 0777) == 0)
            return t;
        if (errno != EEXIST)
            break;
    }
    int e = errno;
    free(t);
    errno = e;
    return NULL;
}

/* The canonical target of dir, its parent and its last component. */
static int iofile_dir_target(const char *dir, char **path, char **parent, const char **base)
{
    *path = *parent = NULL;
    if (!dir || !*dir)
        return errno = ENOENT, RT_EIO;
    char *c = iofile_canonical(dir);
    if (!c)
        return errno == ENOMEM ? RT_ENOMEM : RT_EIO;
    const char *slash = strrchr(c, '/');
    if (!slash || !slash[1]) {
        free(c);
        return errno = EBUSY, RT_EIO;            /* "/" cannot be replaced */
    }
    char *p = iofile_dirname(c);
    if (!p) {
        free(c);
        return RT_ENOMEM;
    }
    *path = c;
    *parent = p;
    *base = slash + 1;
    return RT_OK;
}

/* The checks of iofile_check_dir() and iofile_dir_begin(); *found as in
 * iofile_dir_scan(), -1 when the target does not exist. */
static int iofile_dir_check_target(const char *path, const char *parent, const char *base,
                                   bool force, const char *const *names, int n, int *found,
                                   char *bad, size_t bn)
{
    struct stat st;
    *found = -1;
    if (stat(path, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return errno = ENOTDIR, RT_EIO;
        int rc = iofile_dir_scan(path, force, names, n, found, bad, bn);
        if (rc != RT_OK)
            return rc;
    } else if (errno != ENOENT) {
        return RT_EIO;
    }
    /* The new set is staged beside the target: the parent must take it. */
    iofile_sweep_stale(parent, base);
    char *stage = iofile_make_stage(parent, base);
    if (!stage)
        return errno == ENOMEM ? RT_ENOMEM : RT_EIO;
    rmdir(stage);
    free(stage);
    return RT_OK;
}

int iofile_check_dir(const char *dir, bool force, const char *const *names, int n,
                     char *bad, size_t bn)
{
    if (bad && bn)
        bad[0] = '\0';
    char *path, *parent;
    const char *base;
    int rc = iofile_dir_target(dir, &path, &parent, &base);
    if (rc != RT_OK)
        return rc;
    int found;
    rc = iofile_dir_check_target(path, parent, base, force, names, n, &found, bad, bn);
    int e = errno;
    free(path);
    free(parent);
    errno = e;
    return rc;
}

int iofile_dir_begin(struct iofile_dir *d, const char *dir, bool force,
                     const char *const *names, int n, char *bad, size_t bn)
{
    memset(d, 0, sizeof *d);
    if (bad && bn)
        bad[0] = '\0';
    const char *base;
    int rc = iofile_dir_target(dir, &d->path, &d->parent, &base);
    if (rc != RT_OK)
        return rc;
    int found;
    rc = iofile_dir_check_target(d->path, d->parent, base, force, names, n, &found, bad, bn);
    if (rc == RT_OK) {
        d->stage = iofile_make_stage(d->parent, base);
        if (!d->stage)
            rc = errno == ENOMEM ? RT_ENOMEM : RT_EIO;
    }
    if (rc != RT_OK) {
        int e = errno;
        iofile_dir_abort(d);
        errno = e;
        return rc;
    }
    d->force = force;
    d->names = names;
    d->n = n;
    return RT_OK;
}

static void iofile_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int iofile_dir_commit(struct iofile_dir *d, char *bad, size_t bn)
{
    iofile_sync_dir(d->stage);
    const char *base = strrchr(d->path, '/') + 1;
    int found;
    int rc = iofile_dir_check_target(d->path, d->parent, base, d->force, d->names, d->n, &found,
                                     bad, bn);
    if (rc == RT_OK && found <= 0) {
        /* New, or empty: rename() puts the whole set in place at once. */
        if (rename(d->stage, d->path) != 0)
            rc = RT_EIO;
    } else if (rc == RT_OK) {
        /* A previous export (with force): swapped for the new one in one
         * step where the system can, else moved aside first, so a reader
         * sees the old set, then (for an instant) none, then the new one. */
        bool swapped = false;
#if defined(RENAME_EXCHANGE)
        swapped = renameat2(AT_FDCWD, d->stage, AT_FDCWD, d->path, RENAME_EXCHANGE) == 0;
#endif
        if (swapped) {
            iofile_remove_flat(d->stage);        /* now the old set */
        } else {
            char *old = iofile_make_stage(d->parent, base);
            if (!old || rmdir(old) != 0 || rename(d->path, old) != 0) {
                rc = RT_EIO;
            } else if (rename(d->stage, d->path) != 0) {
                int e = errno;
                rename(old, d->path);            /* put the old set back */
                errno = e;
                rc = RT_EIO;
            } else {
                iofile_remove_flat(old);
            }
            free(old);
        }
    }
    if (rc != RT_OK) {
        int e = errno;
        iofile_dir_abort(d);
        errno = e;
        return rc;
    }
    iofile_sync_dir(d->parent);
    free(d->stage);
    d->stage = NULL;
    iofile_dir_abort(d);
    return RT_OK;
}

void iofile_dir_abort(struct iofile_dir *d)
{
    if (d->stage)
        iofile_remove_flat(d->stage);
    free(d->stage);
    free(d->path);
    free(d->parent);
    memset(d, 0, sizeof *d);
}

/* ---- whole files ---- */

int iofile_begin(struct iofile *f, const char *path, bool force)
{
    memset(f, 0, sizeof *f);
    f->force = force;
    f->path = iofile_resolve(path);           /* a link is written through */
    if (!f->path)
        return errno == ENOMEM ? RT_ENOMEM : RT_EIO;
    struct stat st;
    int fd;
    if (stat(f->path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            free(f->path);
            f->path = NULL;
            return errno = EISDIR, RT_EIO;
        }
        fd = iofile_open_in_place(f->path);
    } else {
        if (!force && stat(f->path, &st) == 0) {
            free(f->path);
            f->path = NULL;
            return errno = EEXIST, RT_EIO;
        }
        fd = iofile_make_temp(f->path, &f->tmp);
    }
    if (fd < 0) {
        int e = errno;
        free(f->path);
        f->path = NULL;
        errno = e;
        return e == ENOMEM ? RT_ENOMEM : RT_EIO;
    }
    f->fp = fdopen(fd, "w");
    if (!f->fp) {
        int e = errno;
        close(fd);
        if (f->tmp)
            unlink(f->tmp);
        free(f->tmp);
        free(f->path);
        memset(f, 0, sizeof *f);
        errno = e;
        return RT_EIO;
    }
    return RT_OK;
}

void iofile_abort(struct iofile *f)
{
    int e = errno;
    if (f->fp)
        fclose(f->fp);
    if (f->tmp)
        unlink(f->tmp);
    free(f->tmp);
    free(f->path);
    memset(f, 0, sizeof *f);
    errno = e;
}

int iofile_commit(struct iofile *f)
{
    int e = 0;
    if (fflush(f->fp) != 0 || ferror(f->fp))
        e = errno ? errno : EIO;
    if (!e && f->tmp && fsync(fileno(f->fp)) != 0 && errno != EINVAL && errno != EROFS)
        e = errno;
    int rc = fclose(f->fp);
    f->fp = NULL;
    if (!e && rc != 0)
        e = errno ? errno : EIO;
    if (!e && f->tmp) {
        if (!f->force) {
            /* link() refuses to replace a file that appeared meanwhile. */
            if (link(f->tmp, f->path) == 0) {
                unlink(f->tmp);
            } else if (errno == EEXIST) {
                e = EEXIST;
            } else if (rename(f->tmp, f->path) != 0) {
                e = errno;
            }
        } else if (rename(f->tmp, f->path) != 0) {
            e = errno;
        }
    }
    if (e) {
        errno = e;
        iofile_abort(f);
        errno = e;
        return RT_EIO;
    }
    free(f->tmp);
    free(f->path);
    memset(f, 0, sizeof *f);
    return RT_OK;
}

int iofile_read_all(const char *path, size_t max, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return RT_EIO;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return errno = e, RT_EIO;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return errno = EISDIR, RT_EIO;
    }
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
        close(fd);
        return RT_EFORMAT;
    }
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return RT_ENOMEM;
    }
    size_t n = 0;
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > max) {
                free(buf);
                close(fd);
                return RT_EFORMAT;
            }
            size_t ncap = cap * 2 > max + 2 ? max + 2 : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                close(fd);
                return RT_ENOMEM;
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            close(fd);
            return errno = e, RT_EIO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max) {
            free(buf);
            close(fd);
            return RT_EFORMAT;
        }
    }
    close(fd);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return RT_OK;
}

void iofile_clean_text(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
            *s = '?';
}

/* ---- numbers in the C locale ---- */

static locale_t iofile_c_locale;
static pthread_once_t iofile_c_once = PTHREAD_ONCE_INIT;

static void iofile_c_init(void)
{
    iofile_c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

locale_t iofile_locale_push(void)
{
    pthread_once(&iofile_c_once, iofile_c_init);
    if (iofile_c_locale == (locale_t)0)
        return (locale_t)0;
    return uselocale(iofile_c_locale);
}

void iofile_locale_pop(locale_t old)
{
    if (old != (locale_t)0)
        uselocale(old);
}

static void iofile_fmt_nonfinite(char *buf, double v)
{
    strcpy(buf, isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
}

void iofile_fmt_float(char *buf, float v)
{
    assert(buf != NULL);
    if (!isfinite(v)) {
        iofile_fmt_nonfinite(buf, v);
        return;
    }
    /* 9 digits always read back through strtof; in the rare case where the
     * decimal sits so near a midpoint that strtod then a cast rounds the
     * other way, more digits converge on the double equal to v (17 always
     * do). */
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, IOFILE_NUM_MAX, "%.*g", prec, (double)v);
        if (strtof(buf, NULL) == v && (float)strtod(buf, NULL) == v)
            return;
    }
}

void iofile_fmt_double(char *buf, double v)
{
    assert(buf != NULL);
    if (!isfinite(v)) {
        iofile_fmt_nonfinite(buf, v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, IOFILE_NUM_MAX, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}
