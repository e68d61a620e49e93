/*
 * fuzz.h - the libFuzzer entry point of tests/fuzz_*.c. The same harness
 * links either with libFuzzer (tests/fuzz.sh, clang -fsanitize=fuzzer) or
 * with tests/fuzz_replay.c, a plain main() that feeds it the seed corpus and
 * deterministic mutations of it, so `make check` exercises the loaders on
 * any compiler.
 */
#ifndef RNNTUI_TESTS_FUZZ_H
#define RNNTUI_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
