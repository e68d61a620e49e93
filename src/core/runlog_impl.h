/*
 * runlog_impl.h - what the run-log writer (runlog.c) and reader
 * (runlog_read.c) share: a growing text buffer and the status names.
 */
#ifndef RNNTUI_RUNLOG_IMPL_H
#define RNNTUI_RUNLOG_IMPL_H

#include <stdbool.h>
#include <stddef.h>

struct runlog_buf {
    char *p;
    size_t n, cap;
    bool oom;             /* an append failed; the buffer is unusable */
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void runlog_buf_printf(struct runlog_buf *b, const char *fmt, ...);
void runlog_buf_fini(struct runlog_buf *b);

#endif
