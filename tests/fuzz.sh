#!/bin/sh
# A short libFuzzer run of the weights and run-log loaders (tests/fuzz_*.c)
# from the seed corpus in tests/corpus. Skipped (77) when clang cannot build
# a fuzzer here, or when FUZZ_SECONDS=0. FUZZ_SECONDS (default 10) is the
# time per harness. A crash keeps its input as tests/fuzz-crash-* in the
# build directory and fails the test.
seconds=${FUZZ_SECONDS:-10}
[ "$seconds" -gt 0 ] 2>/dev/null || { echo "FUZZ_SECONDS=$seconds: skipped"; exit 77; }
src=$(cd "${top_srcdir:-.}" && pwd)
bld=$(cd "${top_builddir:-.}" && pwd)
cc=${FUZZ_CC:-clang}
command -v "$cc" >/dev/null 2>&1 || { echo "no $cc: skipped"; exit 77; }
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT INT TERM

# RNNTUI_NO_CLONES: one code path, no target_clones (clang resolves those differently).
flags="-std=c11 -O1 -g -pthread -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -DRNNTUI_NO_CLONES"
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' > "$dir/probe.c"
if ! $cc $flags "$dir/probe.c" -o "$dir/probe" >/dev/null 2>&1; then
    echo "$cc cannot build a libFuzzer target here: skipped"
    exit 77
fi

# The whole core, instrumented, once; then one binary per harness.
inc="-I$bld -I$src/include -I$src/src -I$src/src/core -I$src/tests"
mkdir "$dir/obj"
for f in "$src"/src/core/*.c; do
    $cc $flags -c $inc "$f" -o "$dir/obj/$(basename "$f" .c).o" || { echo "cannot compile $f"; exit 99; }
done
status=0
for h in weights runlog; do
    $cc $flags $inc "$src/tests/fuzz_$h.c" "$dir"/obj/*.o -lm -o "$dir/fuzz_$h" || { echo "cannot link fuzz_$h"; exit 99; }
    mkdir "$dir/corpus_$h"
    cp "$src/tests/corpus/$h"/* "$dir/corpus_$h/"
    echo "fuzz_$h: $seconds s from $(ls "$dir/corpus_$h" | wc -l) seeds"
    if ! "$dir/fuzz_$h" -max_total_time="$seconds" -max_len=16384 -timeout=20 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$bld/tests/fuzz-crash-$h-" \
            "$dir/corpus_$h" > "$dir/log_$h" 2>&1; then
        tail -40 "$dir/log_$h"
        echo "fuzz_$h FAILED; the input is kept as $bld/tests/fuzz-crash-$h-*"
        status=1
    else
        grep -E '^(Done|stat::number_of_executed_units)' "$dir/log_$h"
    fi
done
exit $status
