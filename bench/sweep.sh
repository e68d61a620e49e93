#!/bin/sh
# bench/sweep.sh - the default sweep of the README: 3 cells x 5 lengths x
# seeds 1-3 at the other defaults (100 epochs, 3000 samples, 2 x 30 units).
#
#   bench/sweep.sh [RNNTUI [OUTDIR]]
#
# Writes OUTDIR/logs/*.jsonl (one JSON Lines log per run), OUTDIR/table.txt
# (the headless output: one line per run, the table, the times) and
# OUTDIR/sweep-length.svg; prints the table and the time line. The time line
# says how long the sweep took and what its runs' own wall times add up to:
# with J runs at once the sweep has no overhead when the sum is J times the
# total (the last runs, alone at the end, lower it a little). Run it on a
# quiet machine: the figures of a busy one say little. Copy the SVG to
# docs/sweep-length.svg and the table to the README.
set -eu
bin=${1:-src/rnntui}
out=${2:-sweep-bench}
[ -x "$bin" ] || { echo "bench/sweep.sh: no program at $bin (give the path of rnntui)" >&2; exit 2; }
mkdir -p "$out"
"$bin" --headless --sweep length=5,10,20,50,100 --sweep seed=1..3 \
    --log "$out/logs/" --plot "$out/sweep-length.svg" --force ${JOBS:+--jobs "$JOBS"} \
    >"$out/table.txt"
sed -n '/^Sweep of/,$p' "$out/table.txt"
echo "logs: $out/logs/  chart: $out/sweep-length.svg"
