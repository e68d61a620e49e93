#!/bin/bash
# The command line as a user meets it: help, version, every kind of bad
# value (one line naming it, exit 2), a short headless run that learns, the
# parameter counts of the notebook, determinism, signals, a closed pipe and
# a diverging learning rate.
set -u
bin="$(cd "${top_builddir:-.}" && pwd)/src/rnntui"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
small=(--samples 600 --length 10 --units 8 --threads 2)

# --help and --version
out=$("$bin" --help) || fail "--help exit status"
for o in --headless --cell --units --layers --epochs --seed --batch-size --learning-rate \
         --samples --length --threads --version; do
    grep -q -- "$o" <<<"$out" || fail "--help does not mention $o"
done
"$bin" --version | grep -qE '^rnntui [0-9]+\.[0-9]+' || fail "--version"
"$bin" -h >/dev/null || fail "-h"

# Bad input: exit 2, one line on stderr naming the value, nothing on stdout.
bad() {
    local what=$1; shift
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    [ $rc -eq 2 ] || fail "$*: exit $rc, expected 2"
    [ ! -s "$tmp/out" ] || fail "$*: wrote to stdout"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$*: stderr is not one line: $(cat "$tmp/err")"
    grep -qF -- "$what" "$tmp/err" || fail "$*: message does not name '$what': $(cat "$tmp/err")"
}
for v in 0 -3 1025 30x x30 '' ' 30' +30 3.5 99999999999999999999; do
    bad "'$v'" --headless --units "$v"
done
for v in -1 100001 abc 1e3; do bad "'$v'" --headless --epochs "$v"; done
for v in -1 abc 18446744073709551616 ''; do bad "'$v'" --headless --seed "$v"; done
for v in 0 -1e-3 nan inf abc 1e7 0x; do bad "'$v'" --headless --learning-rate "$v"; done
for v in 0 9 99999999999; do bad "'$v'" --headless --layers "$v"; done
for v in 1 0 100001; do bad "'$v'" --headless --length "$v"; done
for v in 9 -5; do bad "'$v'" --headless --samples "$v"; done
for v in -1 65; do bad "'$v'" --headless --threads "$v"; done
bad "'foo'" --headless --cell foo
bad "'0'" --headless --batch-size 0
bad "'2049'" --headless --batch-size 2049
bad "'600'" --headless --samples 600 --batch-size 600
bad "--bogus" --headless --bogus
bad "-Z" --headless -Z
bad "extra" --headless extra
bad "--units" --headless --units
bad "--start" --headless --start
bad "too large" --headless --samples 10000000 --length 100000

# A short run: summary, one line per epoch, the loss goes down, the table.
"$bin" --headless "${small[@]}" --epochs 6 --learning-rate 0.01 >"$tmp/run" 2>"$tmp/err" \
    || fail "short run exit status: $(cat "$tmp/err")"
grep -q '^Total params: 905$' "$tmp/run" || fail "short run param count"
[ "$(grep -c '^Epoch [0-9]*/6$' "$tmp/run")" -eq 6 ] || fail "six epoch lines"
grep -qE '^13/13 \[=+\] - [0-9]+s [0-9]+(ms|us)/step - loss: [0-9.]+ - val_loss: [0-9.]+$' "$tmp/run" \
    || fail "Keras-style progress line"
# The training loss of each epoch, from the progress lines only (not
# val_loss, not the test loss): the last below 0.8 x the first.
sed -nE 's|^13/13 \[=+\] - .* - loss: ([0-9.]+) - val_loss: [0-9.]+$|\1|p' "$tmp/run" >"$tmp/losses"
[ "$(wc -l <"$tmp/losses")" -eq 6 ] || fail "six training losses: $(cat "$tmp/losses")"
first=$(head -1 "$tmp/losses")
last=$(tail -1 "$tmp/losses")
awk -v a="$first" -v b="$last" 'BEGIN { exit !(a > 0 && b < a * 0.8) }' || fail "loss did not go down: $first -> $last"
[ "$(grep -cE '^ +0\.[0-9]{4} +-?[0-9]+\.[0-9]{4} +[0-9]+\.[0-9]{4}( +x)?$' "$tmp/run")" -eq 5 ] \
    || fail "five-row table"
grep -qE '^correctness: [0-9]+\.[0-9] % \([0-9]+ of 88 test samples within 0\.04\)$' "$tmp/run" \
    || fail "correctness line"
grep -qE '^Test loss: [0-9.]+$' "$tmp/run" || fail "test loss line"

# Same options and seed: byte-identical output once timings and the memory
# estimate (which counts each thread's workspace) are removed.
strip() { sed -E -e 's/ - [0-9]+s [0-9]+(ms|us)\/step//' -e '/^Memory needed: /d' "$1"; }
"$bin" --headless "${small[@]}" --epochs 6 --learning-rate 0.01 --threads 1 >"$tmp/run2"
cmp -s <(strip "$tmp/run") <(strip "$tmp/run2") || fail "not deterministic across runs and thread counts"
"$bin" --headless "${small[@]}" --epochs 6 --learning-rate 0.01 --seed 2 >"$tmp/run3"
cmp -s <(strip "$tmp/run") <(strip "$tmp/run3") && fail "seed 2 gave the same run as seed 1"

# The notebook's parameter counts, and others, with --epochs 0 (evaluate only).
for spec in "rnn 30 2 2,851" "simplernn 30 2 2,851" "lstm 30 2 11,311" "gru 30 2 8,671" \
            "lstm 10 3 2,211" "gru 64 1 13,121" "rnn 1 1 6"; do
    set -- $spec
    out=$("$bin" --headless --cell "$1" --units "$2" --layers "$3" --epochs 0 --samples 300) \
        || fail "--epochs 0 $spec"
    grep -q "^Total params: $4\$" <<<"$out" || fail "params of $spec: $(grep Total <<<"$out")"
    grep -q '^Epoch' <<<"$out" && fail "--epochs 0 trained"
    grep -q '^correctness: ' <<<"$out" || fail "--epochs 0 did not evaluate"
done
out=$("$bin" --headless --cell gru --epochs 0 --samples 300)
grep -q '^ gru (GRU) *(None, 100, 30) *3060$' <<<"$out" || fail "GRU summary row"
grep -q '^ gru_1 (GRU) *(None, 30) *5580$' <<<"$out" || fail "GRU summary row 2"
grep -q '^ dense (Dense) *(None, 1) *31$' <<<"$out" || fail "Dense summary row"

# SIGINT and SIGTERM stop a run promptly with a message.
for sig in INT TERM; do
    "$bin" --headless "${small[@]}" --epochs 100000 >"$tmp/sig" 2>"$tmp/sigerr" &
    pid=$!
    for _ in $(seq 100); do grep -q '^Epoch 2/' "$tmp/sig" && break; sleep 0.1; done
    kill -$sig $pid
    start=$(date +%s%N)
    wait $pid
    rc=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    want=$((128 + $(kill -l $sig)))
    [ $rc -eq $want ] || fail "SIG$sig: exit $rc, expected $want"
    [ $ms -lt 2000 ] || fail "SIG$sig: took $ms ms"
    grep -q 'interrupted' "$tmp/sigerr" || fail "SIG$sig: no message"
done

# A closed pipe ends the run quietly.
"$bin" --headless "${small[@]}" --epochs 1000 2>"$tmp/pipeerr" | head -1 >/dev/null
rc=${PIPESTATUS[0]}
[ $rc -eq 1 ] || fail "closed pipe: exit $rc"
[ ! -s "$tmp/pipeerr" ] || fail "closed pipe: stderr: $(cat "$tmp/pipeerr")"

# A learning rate that blows the loss up stops with the epoch named.
"$bin" --headless "${small[@]}" --epochs 20 --learning-rate 100 >/dev/null 2>"$tmp/div"
rc=$?
[ $rc -eq 1 ] || fail "divergence: exit $rc"
grep -qE 'diverged at epoch [0-9]+' "$tmp/div" || fail "divergence message: $(cat "$tmp/div")"

if [ $fails -ne 0 ]; then
    echo "$fails failures"
    exit 1
fi
echo "cli: all checks passed"
