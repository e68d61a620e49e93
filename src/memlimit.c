#include "config.h"

#include "memlimit.h"

#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* MemAvailable from /proc/meminfo in bytes, 0 when unknown. */
static uint64_t mem_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return 0;
    char line[256];
    uint64_t kib = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %" SCNu64 " kB", &kib) == 1)
            break;
    fclose(f);
    return kib * 1024;
}

/* What RLIMIT_AS still leaves: the limit less the address space in use
 * (/proc/self/statm); UINT64_MAX when there is no limit. */
static uint64_t address_space_left(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return UINT64_MAX;
    uint64_t used = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        unsigned long long pages;
        if (fscanf(f, "%llu", &pages) == 1)
            used = (uint64_t)pages * (uint64_t)sysconf(_SC_PAGESIZE);
        fclose(f);
    }
    return (uint64_t)rl.rlim_cur > used ? (uint64_t)rl.rlim_cur - used : 0;
}

uint64_t memlimit_memory(const struct options *opts, const char **what)
{
    const char *src = NULL;
    uint64_t limit = 0;
    if (opts && opts->memory_limit_given) {
        limit = opts->memory_limit;
        src = "--memory-limit";
    } else {
        limit = mem_available();
        src = limit ? "MemAvailable" : NULL;
        uint64_t as = address_space_left();
        if (as != UINT64_MAX && (!limit || as < limit)) {
            limit = as ? as : 1;
            src = "RLIMIT_AS";
        }
    }
    if (what)
        *what = src;
    return limit;
}

void memlimit_format_bytes(uint64_t bytes, char *buf, size_t n)
{
    static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB" };
    double v = (double)bytes;
    int u = 0;
    while (v >= 1024 && u < 5) {
        v /= 1024;
        u++;
    }
    if (u == 0)
        snprintf(buf, n, "%" PRIu64 " bytes", bytes);
    else
        snprintf(buf, n, v < 100 ? "%.1f %s" : "%.0f %s", v, unit[u]);
}

int memlimit_check(const struct options *opts, const struct train_config *cfg, bool screen,
                   char *msg, size_t n)
{
    const char *what;
    uint64_t limit = memlimit_memory(opts, &what);
    struct train_memory m;
    train_config_memory(cfg, &m);
    if (!limit || m.total <= limit)
        return 0;
    char need[32], have[32], part[32], detail[96];
    memlimit_format_bytes(m.total, need, sizeof need);
    memlimit_format_bytes(limit, have, sizeof have);
    const char *lower;
    if (m.work >= m.data && m.work >= m.model) {
        memlimit_format_bytes(m.work, part, sizeof part);
        snprintf(detail, sizeof detail, "%s for the activations of %d thread%s x %d steps",
                 part, m.threads, m.threads == 1 ? "" : "s", cfg->data.length);
        lower = screen ? "length" : m.threads > 1 ? "--length or --threads" : "--length";
    } else if (m.data >= m.model) {
        memlimit_format_bytes(m.data, part, sizeof part);
        snprintf(detail, sizeof detail, "%s for the data set of %d x %d steps", part,
                 cfg->data.samples, cfg->data.length);
        lower = screen ? "samples or length" : "--samples";
    } else {
        memlimit_format_bytes(m.model, part, sizeof part);
        snprintf(detail, sizeof detail, "%s for the parameters, gradients and optimiser", part);
        lower = screen ? "units or layers" : "--units or --layers";
    }
    const char *allowed = opts && opts->memory_limit_given ? "allowed" : "available";
    if (screen)
        snprintf(msg, n, "needs %s of memory, %s %s; lower %s", need, have, allowed, lower);
    else
        snprintf(msg, n, "this run needs about %s of memory, more than the %s %s (%s): %s; "
                 "lower %s, or raise --memory-limit", need, have, allowed, what, detail, lower);
    return 1;
}

int memlimit_parse_size(const char *s, uint64_t *out)
{
    if (*s < '0' || *s > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno)
        return -1;
    int shift = 0;
    if (*end) {
        const char *units = "KMGT", *p = strchr(units, *end >= 'a' ? *end - 32 : *end);
        if (!p || !*p || end[1])
            return -1;
        shift = 10 * (int)(p - units + 1);
    }
    if (v > (UINT64_MAX >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}
