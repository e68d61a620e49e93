#!/bin/sh
# The README's results table: each cell at the defaults (2 layers, 30 units,
# batch 32, 100 epochs) over seeds 1, 2, 3. Prints a Markdown table with the
# correctness, the test MSE and the first epoch whose val_loss is below 0.01.
# Usage: bench/results.sh [path/to/rnntui] [extra rnntui options...]
set -eu
bin=${1:-src/rnntui}
[ $# -gt 0 ] && shift
printf '| cell | seed | correctness | test MSE | val_loss < 0.01 at epoch |\n'
printf '|---|---|---|---|---|\n'
for cell in rnn lstm gru; do
    for seed in 1 2 3; do
        out=$("$bin" --headless --cell "$cell" --seed "$seed" "$@")
        printf '%s\n' "$out" | awk -v cell="$cell" -v seed="$seed" '
            /^Epoch / { split($2, e, "/"); epoch = e[1] }
            / - val_loss: / {
                v = $NF + 0
                if (first == "" && v < 0.01) first = epoch
            }
            /^Test loss:/ { mse = $3 }
            /^correctness:/ { corr = $2 }
            END {
                printf "| %s | %d | %s %% | %s | %s |\n", cell, seed, corr, mse,
                       first == "" ? "never" : first
            }'
    done
done
