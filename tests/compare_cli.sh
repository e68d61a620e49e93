#!/bin/bash
# compare_cli.sh - headless compare mode: each cell's Keras-style run, the
# table with the notebook's parameter counts, the same numbers as three
# separate runs, one log (and weights, plot) per cell with every path
# checked before the first training, usage errors and a signal.
set -u
. "${top_srcdir:-.}/tests/check_lib.sh"
tiny=(--samples 300 --length 20 --units 8 --epochs 3 --threads 1)

# ---- defaults with --epochs 0: the table and the notebook's counts ----
"$bin" --headless --compare --epochs 0 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "--compare --epochs 0: exit $rc" [ $rc -eq 0 ]
check "--compare --epochs 0: stderr: $(cat "$tmp/err")" [ ! -s "$tmp/err" ]
rows=$(grep -cE '^(SimpleRNN|LSTM|GRU) +[0-9,]+ ' "$tmp/out")
check "the table has three rows, not $rows" [ "$rows" -eq 3 ]
check "SimpleRNN 2,851 parameters" grep -qE '^SimpleRNN +2,851 ' "$tmp/out"
check "LSTM 11,311 parameters" grep -qE '^LSTM +11,311 ' "$tmp/out"
check "GRU 8,671 parameters" grep -qE '^GRU +8,671 ' "$tmp/out"
check "the table has its header" grep -qE '^cell +params +loss +val_loss +test_loss +correctness +time +val<0\.01$' "$tmp/out"
check "no epoch: val<0.01 says never" [ "$(grep -cE '^(SimpleRNN|LSTM|GRU) .* never$' "$tmp/out")" -eq 3 ]
check "each cell's summary" [ "$(grep -c '^Model: "sequential"$' "$tmp/out")" -eq 3 ]
check "each cell's heading, in order" \
    [ "$(grep '^Compare [1-3]/3: ' "$tmp/out" | tr '\n' ' ')" = "Compare 1/3: SimpleRNN Compare 2/3: LSTM Compare 3/3: GRU " ]
check "each cell's results" [ "$(grep -c '^correctness: ' "$tmp/out")" -eq 3 ]
check "the shared settings above the table" grep -q '^Comparison on the same data (3000 samples of 100 steps, seed 1):$' "$tmp/out"

# ---- a tiny run: Keras-style epochs, the same numbers as separate runs ----
"$bin" --headless --compare "${tiny[@]}" >"$tmp/cmp" 2>"$tmp/err"
rc=$?
check "tiny --compare: exit $rc ($(cat "$tmp/err"))" [ $rc -eq 0 ]
check "three runs of three epochs" [ "$(grep -c '^Epoch 3/3$' "$tmp/cmp")" -eq 3 ]
check "the table's rows are done" [ "$(grep -cE '^(SimpleRNN|LSTM|GRU) .* [0-9]+\.[0-9] % ' "$tmp/cmp")" -eq 3 ]
for cell in rnn lstm gru; do
    "$bin" --headless --cell $cell "${tiny[@]}" >"$tmp/one" 2>/dev/null
    # The cell's section of the comparison: from its heading to the next.
    name=$(case $cell in rnn) echo SimpleRNN;; lstm) echo LSTM;; gru) echo GRU;; esac)
    sed -n "/^Compare [1-3]\/3: $name\$/,/^\(Compare [1-3]\/3\|Comparison\)/p" "$tmp/cmp" |
        grep -E ' - loss: |^Test loss|^correctness' | sed 's/ - [0-9]*s [0-9]*[mu]s\/step//' >"$tmp/a"
    grep -E ' - loss: |^Test loss|^correctness' "$tmp/one" | sed 's/ - [0-9]*s [0-9]*[mu]s\/step//' >"$tmp/b"
    if [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"; then ok; else
        fail "$name in --compare differs from --cell $cell:"; diff "$tmp/a" "$tmp/b"
    fi
done

# ---- one log per cell: run.csv -> run-simplernn.csv, ... ----
mkdir "$tmp/logs"
(cd "$tmp/logs" && "$bin" --headless --compare "${tiny[@]}" --log run.csv --plot p.svg \
    --save-weights w.json --export-data data >/dev/null 2>"$tmp/err")
rc=$?
check "--compare --log: exit $rc ($(cat "$tmp/err"))" [ $rc -eq 0 ]
for c in simplernn lstm gru; do
    f=$tmp/logs/run-$c.csv
    check "run-$c.csv is written" [ -f "$f" ]
    check "run-$c.csv has the header and three epochs" \
        [ "$(head -n 1 "$f" 2>/dev/null)" = "epoch,loss,val_loss,seconds" -a "$(wc -l <"$f" 2>/dev/null)" -eq 4 ]
    check "w-$c.json is written" grep -q '"rnntui-weights"' "$tmp/logs/w-$c.json"
    check "p-$c.svg is written" grep -q '<svg' "$tmp/logs/p-$c.svg"
done
check "no run.csv without a cell" [ ! -e "$tmp/logs/run.csv" ]
check "the data are exported once" [ -f "$tmp/logs/data/X.npy" -a -f "$tmp/logs/data/test_idx.npy" ]
check "the weights name their cell" grep -q '"cell": "GRU"' "$tmp/logs/w-gru.json"

# JSON Lines keeps its extension, so its format, and names its cell.
(cd "$tmp/logs" && "$bin" --headless --compare "${tiny[@]}" --log run.jsonl >/dev/null 2>&1)
check "run-lstm.jsonl names LSTM" grep -q '"cell": *"LSTM"' "$tmp/logs/run-lstm.jsonl"
check "run-simplernn.jsonl ends with its final record" grep -q '"record": *"final"' "$tmp/logs/run-simplernn.jsonl"
# No extension, a hidden name, a device.
(cd "$tmp/logs" && "$bin" --headless --compare "${tiny[@]}" --log plain >/dev/null 2>&1 &&
    "$bin" --headless --compare "${tiny[@]}" --log .hidden >/dev/null 2>&1)
check "plain -> plain-lstm" [ -f "$tmp/logs/plain-lstm" ]
check ".hidden -> .hidden-gru" [ -f "$tmp/logs/.hidden-gru" ]
"$bin" --headless --compare "${tiny[@]}" --log /dev/null >/dev/null 2>"$tmp/err"
check "--log /dev/null is written in place by every cell ($(cat "$tmp/err"))" [ $? -eq 0 ]

# Every path is checked before the first training: an existing log of the
# last cell refuses the run, and nothing is written.
mkdir "$tmp/exist"
touch "$tmp/exist/run-gru.csv"
(cd "$tmp/exist" && "$bin" --headless --compare "${tiny[@]}" --log run.csv >"$tmp/out" 2>"$tmp/err")
rc=$?
check "an existing run-gru.csv: exit $rc" [ $rc -eq 1 ]
check "it names the file and --force: $(cat "$tmp/err")" grep -q 'run-gru.csv.*--force' "$tmp/err"
check "one line on stderr" [ "$(wc -l <"$tmp/err")" -eq 1 ]
check "nothing trained" [ ! -s "$tmp/out" ]
check "no other log created" [ ! -e "$tmp/exist/run-simplernn.csv" -a ! -e "$tmp/exist/run-lstm.csv" ]
check "the existing file is untouched" [ ! -s "$tmp/exist/run-gru.csv" ]
(cd "$tmp/exist" && "$bin" --headless --compare "${tiny[@]}" --log run.csv --force >/dev/null 2>&1)
check "--force replaces it" [ "$(wc -l <"$tmp/exist/run-gru.csv")" -eq 4 ]
"$bin" --headless --compare "${tiny[@]}" --log "$tmp/no/such/dir/run.csv" >/dev/null 2>"$tmp/err"
check "a missing directory: exit 1 naming it" grep -q 'no/such/dir/run-simplernn.csv' "$tmp/err"

# ---- usage errors ----
usage() { # usage WHAT ARGS...
    local what=$1; shift
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
        grep -q -- "$what" "$tmp/err"; then ok; else
        fail "$*: exit $rc, stderr: $(cat "$tmp/err")"
    fi
}
usage '--cell' --headless --compare --cell lstm
usage '--load-weights' --headless --compare --load-weights w.json
usage '--bench' --bench --compare
usage '--view' --compare --view run.csv --headless
"$bin" --help | grep -q -- '--compare' && ok || fail "--help does not mention --compare"

# ---- SIGINT stops the comparison: the cells after it are not run ----
"$bin" --headless --compare --samples 300 --length 20 --units 8 --epochs 5000 --threads 1 \
    >"$tmp/sig" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
    grep -q '^Epoch 3/5000' "$tmp/sig" && break
    sleep 0.1
done
kill -INT $pid
wait $pid
rc=$?
check "SIGINT: exit $rc, 130 expected" [ $rc -eq 130 ]
check "SIGINT: the table still comes" grep -qE '^SimpleRNN .* cancelled ' "$tmp/sig"
check "SIGINT: LSTM and GRU not run" [ "$(grep -cE '^(LSTM|GRU) .* not run ' "$tmp/sig")" -eq 2 ]
check "SIGINT: one message" grep -q 'interrupted by signal 2' "$tmp/err"

check_summary
