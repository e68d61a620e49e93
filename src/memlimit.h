/*
 * memlimit.h - the memory a run may use, for every front end.
 *
 * The limit is --memory-limit when given (0: no limit), else the memory
 * the system has available (MemAvailable in /proc/meminfo), or the address
 * space RLIMIT_AS still leaves when that is lower. A run whose estimate
 * (train_config_memory()) is above it is refused before anything is
 * allocated or written, with one line naming the estimate and the setting
 * to lower. Nothing here prints.
 */
#ifndef RNNTUI_MEMLIMIT_H
#define RNNTUI_MEMLIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rnntui/train.h"

#include "options.h"

/* The limit in bytes, 0 when there is none or it cannot be found; *what
 * (when not NULL) names where it comes from: "--memory-limit",
 * "MemAvailable" or "RLIMIT_AS". */
uint64_t memlimit_memory(const struct options *opts, const char **what);

/* 0 when cfg fits under the limit; else 1 with one line in msg[0..n), e.g.
 * "this run needs about 99.3 GiB of memory, more than the 21.4 GiB
 * available (MemAvailable): 99.1 GiB for the activations of 2 threads x
 * 100000 steps; lower --length or --threads, or raise --memory-limit".
 * screen: a shorter line naming the screen's settings instead. */
int  memlimit_check(const struct options *opts, const struct train_config *cfg, bool screen,
                    char *msg, size_t n);

/* "812 KiB", "25.3 MiB", "99.3 GiB" */
void memlimit_format_bytes(uint64_t bytes, char *buf, size_t n);

/* Parses SIZE for --memory-limit: a whole number of bytes with an optional
 * K, M, G or T (powers of 1024), e.g. 512M, 64G; 0 for no limit.
 * Returns 0, or -1 for anything else. */
int  memlimit_parse_size(const char *s, uint64_t *out);

#endif
