/*
 * check.h - the little test harness of the C tests.
 *
 * CHECK(cond) prints file:line and the condition when it fails and counts the
 * failure; a test's main() ends with `return check_finish();`, which exits 0
 * when every check held and 1 otherwise (automake's plain exit protocol:
 * 77 means skipped, 99 a setup error).
 */
#ifndef RNNTUI_TESTS_CHECK_H
#define RNNTUI_TESTS_CHECK_H

#include <stdio.h>

static int check_failures;
static int check_count;

#define CHECK(cond) do {                                                    \
        check_count++;                                                      \
        if (!(cond)) {                                                      \
            check_failures++;                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                   \
    } while (0)

/* CHECK with a printf-style explanation printed on failure. */
#define CHECKF(cond, ...) do {                                              \
        check_count++;                                                      \
        if (!(cond)) {                                                      \
            check_failures++;                                               \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                   \
            fputc('\n', stderr);                                            \
        }                                                                   \
    } while (0)

static inline int check_finish(void)
{
    printf("%d checks, %d failed\n", check_count, check_failures);
    return check_failures ? 1 : 0;
}

#endif
