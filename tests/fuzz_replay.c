/*
 * fuzz_replay - a main() for a fuzz harness without libFuzzer: feeds it every
 * file of the seed corpus (FUZZ_CORPUS under $top_srcdir/tests/corpus, or
 * the directories and files given as arguments), then, for each, every
 * truncation up to 4 KiB and a fixed set of byte flips, insertions and
 * splices drawn from a seeded generator. A crash or abort fails the test;
 * the sanitizer build turns memory errors into failures too.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define REPLAY_MUTATIONS 2000

static uint64_t replay_state = 0x9e3779b97f4a7c15u;

static uint32_t replay_next(void)
{
    replay_state = replay_state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(replay_state >> 33);
}

static unsigned char *replay_read(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0, r;
    unsigned char *b = malloc(cap);
    while (b && (r = fread(b + len, 1, cap - len, f)) > 0) {
        len += r;
        if (len == cap) {
            unsigned char *nb = realloc(b, cap * 2);
            if (!nb)
                free(b);
            b = nb;
            cap *= 2;
        }
    }
    fclose(f);
    *n = len;
    return b;
}

static const char *const replay_tokens[] = {
    "NaN", "Infinity", "-1e999", "1e39", "null", "\"", "\\u0000", "\\ud800", "[", "]", "{", "}",
    ",", ":", "\n", "\r\n", "0", "-0", "99999999999999999999", "nan", "\xff", "\"record\": \"final\"",
};

static long replay_one(const unsigned char *seed, size_t n)
{
    long runs = 0;
    LLVMFuzzerTestOneInput(seed, n);
    runs++;
    size_t lim = n < 4096 ? n : 4096;
    for (size_t k = 0; k < lim; k++, runs++)
        LLVMFuzzerTestOneInput(seed, k);
    unsigned char *buf = malloc(n + 64);
    if (!buf)
        return runs;
    for (int m = 0; m < REPLAY_MUTATIONS; m++, runs++) {
        memcpy(buf, seed, n);
        size_t len = n;
        int edits = 1 + (int)(replay_next() % 4);
        for (int e = 0; e < edits && len; e++) {
            size_t at = replay_next() % len;
            switch (replay_next() % 4) {
            case 0:
                buf[at] ^= (unsigned char)(1u << (replay_next() % 8));
                break;
            case 1:
                buf[at] = (unsigned char)replay_next();
                break;
            case 2: {
                const char *t = replay_tokens[replay_next() % (sizeof replay_tokens / sizeof *replay_tokens)];
                size_t tl = strlen(t);
                if (len + tl > n + 64)
                    break;
                memmove(buf + at + tl, buf + at, len - at);
                memcpy(buf + at, t, tl);
                len += tl;
                break;
            }
            default: {
                size_t del = 1 + replay_next() % 16;
                if (del > len - at)
                    del = len - at;
                memmove(buf + at, buf + at + del, len - at - del);
                len -= del;
                break;
            }
            }
        }
        LLVMFuzzerTestOneInput(buf, len);
    }
    free(buf);
    return runs;
}

static long replay_path(const char *path, int *files)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        exit(99);
    }
    if (S_ISDIR(st.st_mode)) {
        /* In name order, so the mutations each file gets are the same on
         * every machine. */
        struct dirent **list;
        int k = scandir(path, &list, NULL, alphasort);
        if (k < 0) {
            perror(path);
            exit(99);
        }
        long runs = 0;
        for (int i = 0; i < k; i++) {
            if (list[i]->d_name[0] != '.') {
                char sub[4096];
                snprintf(sub, sizeof sub, "%s/%s", path, list[i]->d_name);
                runs += replay_path(sub, files);
            }
            free(list[i]);
        }
        free(list);
        return runs;
    }
    size_t n;
    unsigned char *b = replay_read(path, &n);
    if (!b) {
        perror(path);
        exit(99);
    }
    (*files)++;
    long runs = replay_one(b, n);
    free(b);
    return runs;
}

int main(int argc, char **argv)
{
    int files = 0;
    long runs = 0;
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            runs += replay_path(argv[i], &files);
    } else {
        const char *top = getenv("top_srcdir");
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/tests/corpus/%s", top && *top ? top : ".", FUZZ_CORPUS);
        runs += replay_path(dir, &files);
    }
    if (files == 0) {
        fprintf(stderr, "no corpus files\n");
        return 99;
    }
    printf("%d corpus files, %ld inputs: no crash\n", files, runs);
    return 0;
}
