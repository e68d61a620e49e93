#!/bin/bash
# The core's matrix kernel against OpenBLAS sgemm at the shapes training
# uses (one thread each). Needs a configured build directory and Debian's
# libopenblas0-pthread; skips with a message without it.
# Usage: bench/gemm-vs-openblas.sh [build-dir]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
lib=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ ! -e "$lib/libopenblas.so.0" ]; then
    echo "gemm-vs-openblas: skipped: $lib/libopenblas.so.0 missing (apt-get install libopenblas0-pthread)"
    exit 0
fi
[ -f "$build/src/core/librnncore.a" ] || make -C "$build" src/core/librnncore.a >/dev/null
out=$(mktemp)
trap 'rm -f "$out"' EXIT
${CC:-gcc} -std=c11 -O3 -fno-trapping-math -ffp-contract=fast -I"$build" -I"$src/include" -I"$src/src" \
    "$src/bench/gemm_openblas.c" "$build/src/core/librnncore.a" -L"$lib" -l:libopenblas.so.0 \
    -Wl,-rpath,"$lib" -pthread -lm -o "$out"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$out"
