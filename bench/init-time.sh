#!/bin/bash
# How long the Keras initialisers take (glorot_uniform kernels and the
# orthogonal recurrent kernel, whose QR is nearly all of it): one recurrent
# layer of 30, 256 and 1024 units for each cell, run as
#     rnntui --headless --epochs 0 --samples 10 --length 2 --threads 1
# so that the data, training and evaluation take microseconds. Prints the
# best wall time of 3 runs in seconds, and that run's CPU time, which a
# busy machine disturbs less (process start included, about 2 ms).
# Usage: bench/init-time.sh [path/to/rnntui] [units...]
set -euo pipefail
bin=$(readlink -f "${1:-src/rnntui}")
shift || true
units=("$@")
[ ${#units[@]} -gt 0 ] || units=(30 256 1024)
command -v /usr/bin/time >/dev/null || { echo "init-time: needs /usr/bin/time (apt-get install time)"; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
echo "seconds of wall time (and of CPU time), the best of 3 runs"
printf '%-6s' cell
for u in "${units[@]}"; do printf '%20s' "$u units"; done
printf '\n'
for cell in rnn gru lstm; do
    printf '%-6s' "$cell"
    for u in "${units[@]}"; do
        best=
        for _ in 1 2 3; do
            /usr/bin/time -o "$tmp" -f '%e %U %S' "$bin" --headless --cell "$cell" --units "$u" \
                --layers 1 --epochs 0 --samples 10 --length 2 --threads 1 >/dev/null
            read -r wall user sys <"$tmp"
            if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
                best=$wall
                cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
            fi
        done
        printf '%20s' "$best ($cpu)"
    done
    printf '\n'
done
