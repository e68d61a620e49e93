#include "config.h"

#include "rnntui/iofile.h"

#include <assert.h>
#include <errno.h>
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

int iofile_check_output(const char *path, bool force)
{
    struct stat st;
    if (!path || !*path)
        return errno = ENOENT, RT_EIO;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return errno = EISDIR, RT_EIO;
        if (!S_ISREG(st.st_mode)) {
            /* A device or pipe is written in place: it must open for writing.
             * O_NONBLOCK keeps a FIFO without a reader from blocking us. */
            int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0 && errno != ENXIO)
                return RT_EIO;
            if (fd >= 0)
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

int iofile_check_dir(const char *dir, bool force, const char *const *names, int n,
                     const char **bad)
{
    struct stat st;
    if (bad)
        *bad = NULL;
    if (!dir || !*dir)
        return errno = ENOENT, RT_EIO;
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT)
            return RT_EIO;
        if (mkdir(dir, 0777) != 0)
            return RT_EIO;
    } else if (!S_ISDIR(st.st_mode)) {
        return errno = ENOTDIR, RT_EIO;
    }
    size_t dl = strlen(dir);
    for (int i = 0; i < n; i++) {
        size_t len = dl + strlen(names[i]) + 2;
        char *p = malloc(len);
        if (!p)
            return RT_ENOMEM;
        snprintf(p, len, "%s/%s", dir, names[i]);
        int rc = iofile_check_output(p, force);
        free(p);
        if (rc != RT_OK) {
            if (bad && errno == EEXIST)
                *bad = names[i];
            return rc;
        }
    }
    if (n == 0) {
        /* Nothing named: the directory itself must take a new file. */
        size_t len = dl + 8;
        char *p = malloc(len);
        if (!p)
            return RT_ENOMEM;
        snprintf(p, len, "%s/probe", dir);
        int rc = iofile_check_output(p, true);
        free(p);
        return rc;
    }
    return RT_OK;
}

/* ---- whole files ---- */

int iofile_begin(struct iofile *f, const char *path, bool force)
{
    memset(f, 0, sizeof *f);
    f->force = force;
    f->path = strdup(path);
    if (!f->path)
        return RT_ENOMEM;
    struct stat st;
    int fd;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            free(f->path);
            f->path = NULL;
            return errno = EISDIR, RT_EIO;
        }
        fd = open(path, O_WRONLY | O_CLOEXEC);
    } else {
        if (!force && stat(path, &st) == 0) {
            free(f->path);
            f->path = NULL;
            return errno = EEXIST, RT_EIO;
        }
        fd = iofile_make_temp(path, &f->tmp);
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
