#!/bin/sh
# The README's gradient-flow table: each cell at the defaults (2 layers,
# 30 units, batch 32, 100 epochs) over seeds 1, 2, 3, trained with
# --gradients. Prints a Markdown table with the correctness, the gradient
# flow ratio g(1)/g(T) of each layer of the trained model (how much of the
# error signal at the output reaches step 1) and the share of test samples
# whose prediction looks at the two marked steps.
# Usage: bench/gradflow-results.sh [path/to/rnntui] [extra rnntui options...]
set -eu
bin=${1:-src/rnntui}
[ $# -gt 0 ] && shift
printf '| cell | seed | correctness | g(1)/g(T) layer 1 | g(1)/g(T) layer 2 | looks at the marked steps |\n'
printf '|---|---|---|---|---|---|\n'
for cell in rnn lstm gru; do
    for seed in 1 2 3; do
        out=$("$bin" --headless --gradients --cell "$cell" --seed "$seed" "$@")
        printf '%s\n' "$out" | awk -v cell="$cell" -v seed="$seed" '
            /^correctness:/ { corr = $2 }
            /^gradient flow g\(1\)\/g\(T\):/ {
                sub(/^gradient flow g\(1\)\/g\(T\): /, "")
                n = split($0, part, ", ")
                for (i = 1; i <= n; i++) { split(part[i], w, " "); ratio[i] = w[3] }
            }
            /^looks at the marked steps:/ { share = $6 }
            END {
                printf "| %s | %d | %s %% | %s | %s | %s %% |\n", cell, seed, corr, ratio[1],
                       ratio[2], share
            }'
    done
done
