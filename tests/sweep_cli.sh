#!/bin/bash
# sweep_cli.sh - headless sweeps (issue 13): bad specs, every run of a
# sweep gives the numbers of the same single run whatever ran beside it,
# one log per run in a directory that is never silently reused, the table,
# the SVG, and logs read back with --view (partial logs, logs that do not
# belong, files that are not logs).
set -u
. "${top_srcdir:-.}/tests/check_lib.sh"
tiny=(--samples 300 --units 8 --epochs 3)

# ---- bad specs: one line naming the problem, exit 2, nothing run ----
bad() { # bad PATTERN ARGS...: exit 2, one stderr line matching PATTERN, no stdout
    local pat=$1; shift
    (cd "$tmp" && "$bin" --headless "$@" >"$tmp/out" 2>"$tmp/err")
    local rc=$?
    if [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$pat" "$tmp/err" && [ ! -s "$tmp/out" ]; then
        ok
    else
        fail "$* -> exit $rc, stderr: $(cat "$tmp/err"), stdout: $(head -c 200 "$tmp/out")"
    fi
}
bad "empty list in --sweep length=" --sweep length=
bad "empty value in --sweep length=" --sweep length=5,,10
bad "unknown axis 'bogus'" --sweep bogus=1
bad "invalid --sweep 'length'" --sweep length
bad "value '1' out of range for --sweep length: expected integers from 2 to 100000" --sweep length=1
bad "value '1025' out of range for --sweep units" --sweep units=1024,1025
bad "value '0..2' out of range for --sweep layers" --sweep layers=0..2
bad "invalid value 'x' for --sweep seed" --sweep seed=x
bad "invalid value '0' for --sweep learning-rate" --sweep learning-rate=0.01,0
# the option's rule for numbers: decimal only, nothing around it
bad "invalid value '0x10' for --sweep learning-rate" --sweep learning-rate=0x10
bad "invalid value '+5' for --sweep learning-rate" --sweep learning-rate=+5
bad "invalid value ' 5' for --sweep length" --sweep "length= 5"
bad "invalid value '0x10' for --sweep length" --sweep length=0x10
bad "invalid value 'tanh' for --sweep cell" --cells lstm,tanh
bad "invalid range '3..1'" --sweep seed=3..1
bad "value 1 given twice in --sweep seed" --sweep seed=1,2,1
bad "value 2 given twice in --sweep seed" --sweep seed=1..3,2
bad "--sweep length given twice" --sweep length=5 --sweep length=10
bad "--sweep cell given twice" --sweep cell=rnn --cells lstm
bad "more than 10000 values" --sweep seed=1..10001
bad "too many runs (2 length x 5001 seed x 3 cell): at most 10000" --sweep length=5,10 --sweep seed=1..5001
bad "run simplernn-samples10: batch size 100 is above its 6 training samples" --batch-size 100 --sweep samples=3000,10
bad "--log run.jsonl with --sweep: give a directory name ending in /" --sweep seed=1,2 --log run.jsonl
bad "--sweep cannot be combined with --compare" --sweep seed=1,2 --compare
bad "--sweep cannot be combined with --save-weights" --sweep seed=1,2 --save-weights w.json
bad "--print-commands needs --log DIR/" --sweep seed=1,2 --print-commands
bad "--print-commands prints the runs of a sweep" --print-commands --log d/
bad "--cells and --cell cannot be combined" --cells rnn --cell lstm
bad "--log d/ names a directory" --log d/
check "bad specs leave nothing behind" [ -z "$(ls "$tmp" | grep -v -e '^out$' -e '^err$')" ]

# ---- a sweep: one line per run, the table, one log per run ----
"$bin" --headless --sweep length=5,20 --sweep seed=1..2 --jobs 2 --threads 1 "${tiny[@]}" \
    --log "$tmp/logs/" --plot "$tmp/sweep.svg" >"$tmp/sweep.out" 2>"$tmp/err"
rc=$?
check "sweep: exit $rc ($(cat "$tmp/err"))" [ $rc -eq 0 ]
check "sweep: stderr is empty" [ ! -s "$tmp/err" ]
check "sweep: one line per finished run" [ "$(grep -cE '^\[ ?[0-9]+/12\] (simplernn|lstm|gru)-length(5|20)-seed[12]: correctness [0-9.]+ %' "$tmp/sweep.out")" -eq 12 ]
check "sweep: 12 logs named after their settings" [ "$(ls "$tmp/logs" | grep -cE '^(simplernn|lstm|gru)-length(5|20)-seed[12]\.jsonl$')" -eq 12 ]
check "sweep: the table's heading" grep -q '^Sweep of 12 runs: cell (3) x length (2) x seed (2)$' "$tmp/sweep.out"
check "sweep: the shared settings" grep -q '^shared: units 8, layers 2, samples 300, epochs 3, batch-size 32, learning-rate 0.001$' "$tmp/sweep.out"
check "sweep: the table's header" grep -qE '^cell +length +runs +median +min-max +val<0.01$' "$tmp/sweep.out"
check "sweep: six points, all runs done" [ "$(grep -cE '^(SimpleRNN|LSTM|GRU) +(5|20) +2/2 +[0-9.]+ % +[0-9.]+-[0-9.]+ ' "$tmp/sweep.out")" -eq 6 ]
check "sweep: the time line" grep -qE '^Time: [0-9.]+s for 12 runs, 2 at once; the runs.* own wall times add up to [0-9.]+s' "$tmp/sweep.out"

# Every run gives exactly the numbers of the same single run, run alone
# with another thread count: the epoch records (less their time) and the
# final record, byte for byte.
strip() { grep -v '"record": "config"' "$1" | sed 's/, "seconds": [^,}]*//'; }
same=0
for f in "$tmp"/logs/*.jsonl; do
    name=$(basename "$f" .jsonl)
    IFS=- read -r cell len seed <<<"$name"
    "$bin" --headless --cell "$cell" --length "${len#length}" --seed "${seed#seed}" "${tiny[@]}" \
        --threads 2 --log "$tmp/single.jsonl" --force >/dev/null 2>&1
    if [ "$(strip "$f" | wc -l)" -eq 4 ] && cmp -s <(strip "$f") <(strip "$tmp/single.jsonl"); then
        same=$((same + 1))
    else
        fail "$name differs from its single run:"; diff <(strip "$f") <(strip "$tmp/single.jsonl") | head -5
    fi
    # Its settings, the thread count apart, are those of the single run.
    a=$(grep '"record": "config"' "$f" | sed 's/"threads": [0-9]*, //')
    b=$(grep '"record": "config"' "$tmp/single.jsonl" | sed 's/"threads": [0-9]*, //')
    check "$name: the config record of its single run" [ "$a" = "$b" ]
done
check "all 12 runs equal their single runs ($same)" [ $same -eq 12 ]

# The table's numbers are the median, min and max of the logs' correctness.
for cell in simplernn lstm gru; do
    for len in 5 20; do
        c=$(cat "$tmp/logs/$cell-length$len-seed"[12].jsonl | sed -n 's/.*"correctness": \([0-9.e+-]*\).*/\1/p' | sort -g)
        expect=$(echo "$c" | awk '{v[NR]=$1} END {printf "%.1f %% %.1f-%.1f", (v[1]+v[2])/2, v[1], v[2]}')
        name=$(case $cell in simplernn) echo SimpleRNN;; lstm) echo LSTM;; gru) echo GRU;; esac)
        got=$(grep -E "^$name +$len +2/2 " "$tmp/sweep.out" | awk '{print $4, $5, $6}')
        check "$name length $len: median and range '$got', expected '$expect'" [ "$got" = "$expect" ]
    done
done

# ---- the SVG: one series per cell, a dot per run, a median per point ----
if ! command -v python3 >/dev/null 2>&1; then
    echo "python3 is missing: the SVG's structure is not checked"
    [ "${CI:-}" = true ] && exit 99
else
    python3 - "$tmp/sweep.svg" <<'PY' >"$tmp/svg" 2>&1
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
series = root.findall(".//s:g[@class='series']", ns)
print("series", " ".join(g.get("id") for g in series))
print("seeds", len(root.findall(".//s:circle[@class='seed']", ns)))
print("medians", len(root.findall(".//s:circle[@class='median']", ns)))
print("lines", len(root.findall(".//s:polyline[@class='median']", ns)))
print("xticks", " ".join(t.text for t in root.findall(".//s:g[@id='xticks']/s:text", ns)))
PY
    check "SVG: a series per cell ($(head -1 "$tmp/svg"))" grep -qx 'series series-simplernn series-lstm series-gru' "$tmp/svg"
    check "SVG: a dot per run" grep -qx 'seeds 12' "$tmp/svg"
    check "SVG: a median per point" grep -qx 'medians 6' "$tmp/svg"
    check "SVG: the medians joined per cell" grep -qx 'lines 3' "$tmp/svg"
    check "SVG: lengths on the x axis" grep -qx 'xticks 5 20' "$tmp/svg"
fi

# ---- the log directory is not reused silently ----
cp -r "$tmp/logs" "$tmp/keep"
"$bin" --headless --sweep seed=1,2 "${tiny[@]}" --log "$tmp/logs/" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a directory holding logs: exit $rc" [ $rc -eq 1 ]
check "a directory holding logs: one line naming it ($(cat "$tmp/err"))" \
    [ "$(grep -c "$tmp/logs/ already holds 12 run logs .*--force" "$tmp/err")" -eq 1 ]
check "a directory holding logs: nothing written" diff -r "$tmp/logs" "$tmp/keep"
check "a directory holding logs: no run" [ ! -s "$tmp/out" ]
"$bin" --headless --sweep seed=1,2 --cells gru "${tiny[@]}" --log "$tmp/logs/" --force >"$tmp/out" 2>"$tmp/err"
rc=$?
check "--force: exit $rc ($(cat "$tmp/err"))" [ $rc -eq 0 ]
check "--force: the sweep's own logs written" [ -s "$tmp/logs/gru-seed1.jsonl" ] && [ -s "$tmp/logs/gru-seed2.jsonl" ]
check "--force: the other logs left alone" cmp -s "$tmp/logs/lstm-length5-seed1.jsonl" "$tmp/keep/lstm-length5-seed1.jsonl"
rm -f "$tmp/logs/gru-seed1.jsonl" "$tmp/logs/gru-seed2.jsonl"
"$bin" --headless --sweep seed=1 "${tiny[@]}" --log "$tmp/nodir/sub/" >"$tmp/out" 2>"$tmp/err"
check "a log directory whose parent is missing: exit 1" [ $? -eq 1 ]
check "... one line naming it" grep -q "cannot write the logs in $tmp/nodir/sub/" "$tmp/err"

# ---- --resume: only the runs whose logs have not ended run again ----
cp -r "$tmp/keep" "$tmp/res"
head -n 2 "$tmp/keep/gru-length20-seed1.jsonl" >"$tmp/res/gru-length20-seed1.jsonl"   # killed in epoch 2
rm "$tmp/res/simplernn-length5-seed2.jsonl"                                          # never ran
touch -d '2020-01-01' "$tmp"/res/*.jsonl
"$bin" --headless --sweep length=5,20 --sweep seed=1..2 "${tiny[@]}" --log "$tmp/res/" --resume \
    >"$tmp/res.out" 2>"$tmp/err"
rc=$?
check "--resume: exit $rc ($(cat "$tmp/err"))" [ $rc -eq 0 ]
check "--resume: says what it keeps" grep -qx 'Resumed: 10 runs ended before (their logs kept), 2 to run' "$tmp/res.out"
check "--resume: runs only the two missing" \
    [ "$(grep -E '^\[' "$tmp/res.out" | sed 's/^[^]]*] //; s/:.*//' | sort | tr '\n' ' ')" = "gru-length20-seed1 simplernn-length5-seed2 " ]
check "--resume: the logs that had ended are untouched" \
    [ "$(find "$tmp/res" -name '*.jsonl' -newer "$tmp/keep" | wc -l)" -eq 2 ]
for f in "$tmp"/keep/*.jsonl; do
    cmp -s <(strip "$f") <(strip "$tmp/res/$(basename "$f")") || fail "--resume: $(basename "$f") differs from the full sweep's"
done
ok
if cmp -s <(sed -n '/^Sweep of/,/^never got there/p' "$tmp/sweep.out") <(sed -n '/^Sweep of/,/^never got there/p' "$tmp/res.out"); then ok; else
    fail "--resume gives another table than the whole sweep"
fi
sed 's/"units": 8,/"units": 9,/' "$tmp/keep/lstm-length5-seed1.jsonl" >"$tmp/res/lstm-length5-seed1.jsonl"
"$bin" --headless --sweep length=5,20 --sweep seed=1..2 "${tiny[@]}" --log "$tmp/res/" --resume >"$tmp/out" 2>"$tmp/err"
check "--resume over another sweep's log: exit 1" [ $? -eq 1 ]
check "--resume over another sweep's log: says so" \
    grep -q "^rnntui: cannot resume from $tmp/res/lstm-length5-seed1.jsonl: it holds other settings than the run lstm-length5-seed1" "$tmp/err"
bad "--resume cannot be combined with --force" --sweep seed=1 --log d/ --resume --force
bad "--resume needs --log DIR/" --sweep seed=1 --resume

# ---- --view DIR: the same table from the logs ----
sed -n '/^Sweep of/,/^never got there/p' "$tmp/sweep.out" >"$tmp/table.run"
"$bin" --headless --view "$tmp/logs" --plot "$tmp/view.svg" >"$tmp/view.out" 2>"$tmp/err"
rc=$?
check "--view DIR: exit $rc ($(cat "$tmp/err"))" [ $rc -eq 0 ]
if cmp -s "$tmp/table.run" "$tmp/view.out"; then ok; else
    fail "--view DIR gives another table:"; diff "$tmp/table.run" "$tmp/view.out"
fi
check "--view DIR --plot: the same SVG" cmp -s <(grep -v '<text x="400" y="48"' "$tmp/sweep.svg") \
    <(grep -v '<text x="400" y="48"' "$tmp/view.svg")
# The files given one by one: the same table.
"$bin" --headless --view "$tmp"/logs/*.jsonl >"$tmp/view2.out" 2>"$tmp/err"
check "--view FILE FILE...: the same table" cmp -s "$tmp/table.run" "$tmp/view2.out"

# ---- partial logs: a killed run (no final record) and a shorter one ----
cp -r "$tmp/keep" "$tmp/part"
head -n 3 "$tmp/keep/lstm-length20-seed2.jsonl" >"$tmp/part/lstm-length20-seed2.jsonl"
"$bin" --headless --view "$tmp/part/" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "partial log: exit $rc ($(cat "$tmp/err"))" [ $rc -eq 0 ]
check "partial log: the point counts 1 of 2 runs" grep -qE '^LSTM +20 +1/2 ' "$tmp/out"
lstm1=$(sed -n 's/.*"correctness": \([0-9.]*\).*/\1/p' "$tmp/keep/lstm-length20-seed1.jsonl")
check "partial log: the finished seed alone makes the point" \
    grep -qE "^LSTM +20 +1/2 +$(printf '%.1f' "$lstm1") % +$(printf '%.1f-%.1f' "$lstm1" "$lstm1") " "$tmp/out"
check "partial log: the other points unchanged" \
    [ "$(grep -cE '^(SimpleRNN|LSTM|GRU) +(5|20) +2/2 ' "$tmp/out")" -eq 5 ]

# ---- logs that do not belong, and files that are not logs ----
cp -r "$tmp/keep" "$tmp/mixed"
printf 'epoch,loss,val_loss\n0,0.1,0.1\n' >"$tmp/mixed/keras.jsonl"          # a CSV log: no settings
printf 'not a log\n' >"$tmp/mixed/junk.jsonl"
"$bin" --headless --cell lstm --length 5 --seed 3 --units 9 --samples 300 --epochs 1 \
    --log "$tmp/mixed/lstm-length5-seed3.jsonl" >/dev/null 2>&1               # units 9: not this sweep
sed 's/"seed": 2,/"seed": 7,/' "$tmp/keep/gru-length5-seed2.jsonl" >"$tmp/mixed/gru-length5-seed2.jsonl"
cp "$tmp/keep/gru-length20-seed1.jsonl" "$tmp/mixed/zcopy.jsonl"              # the same run twice
echo 'ignored' >"$tmp/mixed/notes.txt"
"$bin" --headless --view "$tmp/mixed" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "logs that do not belong: exit $rc" [ $rc -eq 1 ]
check "the CSV log is named" grep -q "^rnntui: $tmp/mixed/keras.jsonl: skipped, a log without its settings" "$tmp/err"
check "the junk is named" grep -q "^rnntui: $tmp/mixed/junk.jsonl: skipped, not a run log" "$tmp/err"
check "the log of other settings is named" \
    grep -q "^rnntui: $tmp/mixed/lstm-length5-seed3.jsonl: skipped, it does not belong with the others: units 9, theirs units 8" "$tmp/err"
check "the log whose name lies is named" \
    grep -q "^rnntui: $tmp/mixed/gru-length5-seed2.jsonl: skipped, its name says seed 2 but it holds seed 7" "$tmp/err"
check "the copy is named" \
    grep -q "^rnntui: $tmp/mixed/zcopy.jsonl: skipped, the same settings as $tmp/mixed/gru-length20-seed1.jsonl" "$tmp/err"
check "five files skipped, nothing else said ($(cat "$tmp/err"))" [ "$(wc -l <"$tmp/err")" -eq 5 ]
check "the table of the rest" grep -qE '^GRU +5 +1/1 ' "$tmp/out"
check "the rest unchanged" [ "$(grep -cE '^(SimpleRNN|LSTM|GRU) +(5|20) +2/2 ' "$tmp/out")" -eq 5 ]
mkdir "$tmp/empty"
"$bin" --headless --view "$tmp/empty" >"$tmp/out" 2>"$tmp/err"
check "a directory without logs: exit 1" [ $? -eq 1 ]
check "a directory without logs: says so" grep -q "$tmp/empty holds no run logs" "$tmp/err"

# ---- a signal stops the sweep: the runs going are cancelled, the table shows what ended ----
"$bin" --headless --sweep seed=1..4 --cells lstm --samples 3000 --units 8 --length 50 --jobs 2 \
    --log "$tmp/sig/" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
    [ -n "$(ls "$tmp/sig" 2>/dev/null)" ] && break
    sleep 0.1
done
sleep 0.5
kill -INT $pid
wait $pid
rc=$?
check "SIGINT: exit $rc" [ $rc -eq 130 ]
check "SIGINT: one line on stderr ($(cat "$tmp/err"))" grep -qx 'rnntui: sweep interrupted by signal 2 after [0-9] of 4 runs' "$tmp/err"
check "SIGINT: the runs going say cancelled" grep -qE '^\[[1-4]/4\] lstm-seed[1-4]: cancelled after [0-9]+ epochs?' "$tmp/out"
check "SIGINT: the table shows the point" grep -qE '^LSTM +[0-4]/4 ' "$tmp/out"
check "SIGINT: the logs end with a cancelled record" \
    [ "$(cat "$tmp"/sig/*.jsonl | grep -c '"status": "cancelled"')" -ge 1 ]

check_summary
