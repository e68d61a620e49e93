#!/bin/sh
# The file options through the real binary, as a user runs them: logs,
# weights, data export, plots and --view; every refusal with its exit status
# and one-line message, found before training, leaving nothing behind; a
# log on a full device and one that fills up mid-run; Ctrl-C mid-run.
src=$(cd "${top_srcdir:-.}" && pwd)
bld=$(cd "${top_builddir:-.}" && pwd)
R="$bld/src/rnntui"
[ -x "$R" ] || { echo "no $R"; exit 99; }
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 99

T="--headless --samples 300 --length 20 --units 8 --epochs 3 --threads 1"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() {   # check DESCRIPTION COMMAND...: the command must succeed
    d=$1; shift
    if "$@"; then ok; else bad "$d"; fi
}

# run WANT_STATUS COMMAND...: runs with stdout in out.txt, stderr in err.txt
run() {
    want=$1; shift
    "$@" > out.txt 2> err.txt
    got=$?
    if [ "$got" -ne "$want" ]; then
        bad "exit $got, not $want: $*"
        sed 's/^/  stderr: /' err.txt | head -5
        return 1
    fi
    ok
    return 0
}
# refused STATUS TEXT COMMAND...: fails with STATUS, one line on stderr that
# contains TEXT, and no training started.
refused() {
    want=$1; text=$2; shift 2
    run "$want" "$@" || return 1
    if [ "$(wc -l < err.txt)" -ne 1 ]; then bad "not one line of stderr: $*"; cat err.txt; fi
    if ! grep -qF -- "$text" err.txt; then bad "stderr lacks '$text': $*"; cat err.txt; fi
    if grep -q '^Epoch' out.txt; then bad "training started: $*"; fi
}

# ---- logs ----
run 0 "$R" $T --log run.csv
check "csv header" test "$(head -1 run.csv)" = "epoch,loss,val_loss,seconds"
check "csv rows" test "$(wc -l < run.csv)" -eq 4
check "csv epochs from 0" test "$(cut -d, -f1 run.csv | tr '\n' ' ')" = "epoch 0 1 2 "
run 0 "$R" $T --log run.jsonl
check "jsonl records" test "$(wc -l < run.jsonl)" -eq 5
check "jsonl config first" grep -q '^{"record": "config", "program": "rnntui"' run.jsonl
check "jsonl final last" sh -c 'tail -1 run.jsonl | grep -q "^{\"record\": \"final\", \"status\": \"done\", \"epochs_done\": 3"'
run 0 "$R" $T --log fmt.csv --log-format jsonl
check "--log-format wins over the name" grep -q '"record": "config"' fmt.csv
# Same seed: the same history in both logs.
check "same losses" test "$(sed -n 2p run.csv | cut -d, -f2)" = \
    "$(sed -n 2p run.jsonl | sed 's/.*"loss": \([^,]*\),.*/\1/')"

cp run.csv keep.csv
refused 1 "cannot write run.csv (--log): File exists (use --force to replace it)" "$R" $T --log run.csv
check "existing log untouched" cmp -s run.csv keep.csv
run 0 "$R" $T --log run.csv --force --log-format jsonl
check "--force replaces" grep -q '"record": "config"' run.csv
refused 1 "cannot write nodir/x.csv (--log): No such file or directory" "$R" $T --log nodir/x.csv
mkdir adir
refused 1 "cannot write adir (--log): Is a directory" "$R" $T --log adir
if [ -w /dev/full ]; then
    refused 1 "cannot write /dev/full (--log): No space left on device" "$R" $T --log /dev/full
fi
run 0 "$R" $T --log /dev/null

# A log that fills up mid-run (a file size limit: EFBIG) keeps its whole
# records and the run stops with status 1. No `trap '' XFSZ` here: the
# program ignores SIGXFSZ itself.
(ulimit -f 2 && exec "$R" $T --epochs 200 --log limited.jsonl) > /dev/null 2> err.txt
st=$?
check "size limit: exit 1" test "$st" -eq 1
check "size limit: message" grep -q "cannot write limited.jsonl (--log): File too large; it holds the first [0-9]* epochs" err.txt
n=$(grep -c '"record": "epoch"' limited.jsonl)
check "size limit: some epochs kept" test "$n" -gt 0 -a "$n" -lt 200
check "size limit: ends with a whole line" test "$(tail -c 1 limited.jsonl | od -An -c | tr -d ' ')" = '\n'
run 0 "$R" --view limited.jsonl --headless
check "size limit: log still reads" grep -q "Status: running" out.txt
check "size limit: epochs listed" test "$(grep -c '^Epoch' out.txt)" -eq "$n"

# ---- weights ----
run 0 "$R" $T --save-weights w.json
sed -n '/^Test loss/,$p' out.txt > trained.txt
check "weights saved" grep -q '"format": "rnntui-weights"' w.json
run 0 "$R" --headless --samples 300 --length 20 --threads 1 --epochs 0 --load-weights w.json
sed -n '/^Test loss/,$p' out.txt > loaded.txt
check "loaded weights: identical test results" cmp -s trained.txt loaded.txt
check "loaded weights: the file's units" grep -q 'lstm (LSTM).*(None, 20, 8)' out.txt
run 0 "$R" --headless --samples 300 --length 20 --threads 1 --epochs 2 --load-weights w.json --log more.jsonl
check "trained further from weights" grep -q '"init": "loaded"' more.jsonl
refused 1 "the file holds an LSTM with 2 layers of 8 units and 2 inputs; the configured model is a GRU" \
    "$R" $T --cell gru --epochs 0 --load-weights w.json
refused 1 "cannot load weights missing.json: No such file or directory" "$R" $T --load-weights missing.json

: > empty.json
head -c 300 w.json > truncated.json
sed '0,/"shape": \[2, 32\]/s//"shape": [2, 31]/' w.json > shape.json
sed 's/"cell": "LSTM"/"cell": "GRU"/' w.json > cell.json
# The first value of the first tensor (the first row of data, whatever its
# digits: -0.36, 0.5, 1e-05) replaced by NaN and by a number beyond float32.
sed '0,/^\( *\)\[[^],]*\([],]\)/s//\1[NaN\2/' w.json > nan.json
sed '0,/^\( *\)\[[^],]*\([],]\)/s//\1[1e39\2/' w.json > huge.json
check "NaN injected as the first value" grep -qE '^ *\[NaN[],]' nan.json
check "1e39 injected as the first value" grep -qE '^ *\[1e39[],]' huge.json
(cat w.json; echo '{}') > junk.json
head -c 4000 "$R" > bytes.json
for f in empty truncated shape cell nan huge junk bytes; do
    refused 1 "cannot load weights $f.json: " "$R" $T --load-weights $f.json --log $f.csv --save-weights $f.out --plot $f.svg
    check "$f: nothing written" test ! -e $f.csv -a ! -e $f.out -a ! -e $f.svg
done
refused 1 "cannot load weights empty.json: the file is empty" "$R" $T --load-weights empty.json
refused 1 "not valid JSON" "$R" $T --load-weights truncated.json
refused 1 "shape [2, 31] where [2, 32] is expected" "$R" $T --load-weights shape.json
refused 1 "shape [2, 32] where [2, 24] is expected" "$R" $T --load-weights cell.json
refused 1 "value NaN at [0, 0] is not a finite float32" "$R" $T --load-weights nan.json
refused 1 "out of range at [0, 0]" "$R" $T --load-weights huge.json
refused 1 "after the JSON value" "$R" $T --load-weights junk.json
refused 1 "not valid JSON" "$R" $T --load-weights bytes.json
refused 1 "not an rnntui weights file (it looks like an rnntui run log)" "$R" $T --load-weights run.jsonl

# ---- data export ----
run 0 "$R" $T --export-data data
check "X.npy size" test "$(wc -c < data/X.npy)" -eq $((128 + 300 * 20 * 2 * 4))
check "Y.npy size" test "$(wc -c < data/Y.npy)" -eq $((128 + 300 * 4))
check "split sizes" test "$(($(wc -c < data/train_idx.npy) + $(wc -c < data/val_idx.npy) + $(wc -c < data/test_idx.npy)))" -eq $((3 * 128 + 256 * 8 + 44 * 8))
refused 1 "cannot write data/X.npy (--export-data): File exists (use --force to replace it)" "$R" $T --export-data data
run 0 "$R" $T --export-data data --force
: > afile
refused 1 "cannot write afile (--export-data): Not a directory" "$R" $T --export-data afile

# ---- plots and --view ----
run 0 "$R" $T --plot end.svg
check "plot at the end" grep -q '<g id="val_loss" class="series"' end.svg
refused 1 "cannot write end.svg (--plot): File exists" "$R" $T --plot end.svg
run 0 "$R" --view run.jsonl --plot view.svg
check "view: plot only, no text" test ! -s out.txt
check "view: plot title" grep -q 'LSTM, 2 x 8 units, seed 1' view.svg
run 0 "$R" --view keep.csv --plot csv.svg
check "view csv: titled by the file" grep -q 'Training history of keep.csv' csv.svg
run 0 "$R" --view run.jsonl --headless
check "view: text" grep -q '^correctness: ' out.txt
check "view: three epochs" test "$(grep -c '^Epoch [123]/3' out.txt)" -eq 3
printf 'hello\n' > text.txt
refused 1 "cannot view text.txt: not an rnntui log" "$R" --view text.txt --plot x.svg
refused 1 "cannot view w.json: not an rnntui log" "$R" --view w.json --headless
refused 1 "cannot view empty.json: the file is empty" "$R" --view empty.json --headless
refused 1 "cannot view bytes.json: not an rnntui log" "$R" --view bytes.json --headless
refused 1 "cannot view missing.csv: No such file or directory" "$R" --view missing.csv --headless
check "refused views: no plot" test ! -e x.svg

# ---- usage errors (exit 2) ----
refused 2 "invalid value 'xml' for --log-format: expected csv or jsonl" "$R" $T --log a.csv --log-format xml
refused 2 "--log-format needs --log FILE" "$R" $T --log-format csv
refused 2 "invalid value '' for --log: expected a file name" "$R" $T --log ''
refused 2 "--view shows a saved run and cannot be combined with --log" "$R" --view run.csv --log b.csv
refused 2 "cannot be combined with --save-weights" "$R" --view run.csv --save-weights b.json
refused 2 "needs a value" "$R" $T --plot

# ---- Ctrl-C mid-run: the log ends with its last whole epoch ----
"$R" --headless --samples 2000 --length 40 --units 16 --threads 1 --epochs 1000 \
    --log int.jsonl --save-weights int.json > /dev/null 2> err.txt &
pid=$!
i=0
while [ "$i" -lt 300 ]; do
    n=$(grep -c '"record": "epoch"' int.jsonl 2>/dev/null)
    [ "${n:-0}" -ge 2 ] && break
    sleep 0.1
    i=$((i + 1))
done
kill -INT "$pid"
wait "$pid"
st=$?
check "SIGINT: exit 130" test "$st" -eq 130
check "SIGINT: final record" sh -c 'tail -1 int.jsonl | grep -q "\"status\": \"cancelled\""'
check "SIGINT: weights not saved" test ! -e int.json
check "SIGINT: says why" grep -q "weights not saved to int.json: the run did not finish" err.txt
run 0 "$R" --view int.jsonl --headless
check "SIGINT: log reads" grep -q "Status: cancelled" out.txt

# Nothing half-written anywhere: no temporary files left.
check "no temporary files" test -z "$(ls -A | grep '\.rnntui-.*\.tmp$')"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
