#!/bin/bash
# --gradients as a user meets it: the two result lines after the correctness
# line (one entry per layer), the JSON Lines record read back by --view with
# the same numbers, the CSV log and the weights unchanged by recording, the
# second --plot panel, the compare table's "marked" column, bad combinations.
set -u
bin="$(cd "${top_builddir:-.}" && pwd)/src/rnntui"
# the JSON Lines records are read back with Python's json module
python=$(command -v /usr/bin/python3 || command -v python3) || { echo "python3 missing: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
small=(--samples 300 --length 12 --units 6 --epochs 3 --threads 2)
flow_re='^gradient flow g\(1\)/g\(T\): layer 1 [0-9]\.[0-9]e[-+][0-9]{2}, layer 2 [0-9]\.[0-9]e[-+][0-9]{2}, layer 3 [0-9]\.[0-9]e[-+][0-9]{2}$'
share_re='^looks at the marked steps: [0-9]{1,3}\.[0-9] % of test samples$'

for cell in rnn lstm gru; do
    # the two lines right after the correctness line, one entry per layer
    "$bin" --headless --gradients --cell $cell --layers 3 "${small[@]}" \
        --log "$tmp/$cell.jsonl" --save-weights "$tmp/$cell-g.json" >"$tmp/$cell.out" 2>&1 ||
        fail "$cell: --gradients run failed: $(tail -3 "$tmp/$cell.out")"
    after=$(grep -A2 '^correctness:' "$tmp/$cell.out" | tail -2)
    [ "$(wc -l <<<"$after")" -eq 2 ] || fail "$cell: not two lines after correctness"
    grep -qE "$flow_re" <<<"$(sed -n 1p <<<"$after")" || fail "$cell: gradient flow line: $after"
    grep -qE "$share_re" <<<"$(sed -n 2p <<<"$after")" || fail "$cell: marked line: $after"
    [ "$(tail -n 2 "$tmp/$cell.out")" = "$after" ] || fail "$cell: the two lines are not the last"
    # every epoch record and the final record carry the flow, 3 layers x 12 steps
    "$python" - "$tmp/$cell.jsonl" $cell <<'PY' || fail "$cell: JSON Lines record"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
cfg, eps, fin = recs[0], [r for r in recs if r["record"] == "epoch"], recs[-1]
assert cfg["gradients"] is True
assert len(eps) == 3
for r in eps + [fin]:
    g = r["gradient_flow"]
    assert len(g["h"]) == 3 and all(len(row) == 12 for row in g["h"]), g
    assert all(v > 0 for row in g["h"] for v in row)
    assert ("c" in g) == (sys.argv[2] == "lstm")
assert fin["gradient_flow"] == eps[-1]["gradient_flow"]
assert 0 <= fin["marked_share"] <= 100 and 0 <= fin["n_marked"] <= fin["n_test"]
assert abs(fin["marked_share"] - 100.0 * fin["n_marked"] / fin["n_test"]) < 1e-9
PY
    # --view shows the same two lines from the log, then the flow tables
    "$bin" --headless --view "$tmp/$cell.jsonl" >"$tmp/$cell.view" 2>&1 || fail "$cell: --view"
    [ "$(grep -A2 '^correctness:' "$tmp/$cell.view" | tail -2)" = "$after" ] ||
        fail "$cell: --view does not repeat the lines: $(grep -A2 '^correctness:' "$tmp/$cell.view")"
    grep -q '^layer 3 h ' "$tmp/$cell.view" || fail "$cell: --view has no flow table"
    [ "$(grep -cE '^Epoch [0-9]/3 - val_loss: [0-9.]+ - g\(1\)/g\(T\): layer 1 ' "$tmp/$cell.view")" -eq 3 ] ||
        fail "$cell: --view has no per-epoch ratio"
    # recording leaves training alone: the same weights without it
    "$bin" --headless --cell $cell --layers 3 "${small[@]}" --save-weights "$tmp/$cell-p.json" \
        >"$tmp/$cell.plain" 2>&1 || fail "$cell: plain run"
    cmp -s "$tmp/$cell-g.json" "$tmp/$cell-p.json" || fail "$cell: weights differ with --gradients"
    grep -q '^gradient flow' "$tmp/$cell.plain" && fail "$cell: gradient lines without --gradients"
    # the plot gets a second panel with one curve per layer (and c for LSTM)
    "$bin" --view "$tmp/$cell.jsonl" --plot "$tmp/$cell.svg" || fail "$cell: --plot"
    grep -q 'id="gradient_flow"' "$tmp/$cell.svg" || fail "$cell: no gradient-flow panel"
    n=$(grep -c '<g id="flow_[hc]_[0-9]"' "$tmp/$cell.svg")
    want=3; [ $cell = lstm ] && want=6
    [ "$n" -eq $want ] || fail "$cell: $n flow curves, expected $want"
    # its y labels are round log ticks: at least two, each 1, 2 or 5 times a power of ten
    sed -n '/id="flow_yticks"/,/<\/g>/p' "$tmp/$cell.svg" | grep -o '>[^<]*</text>' |
        sed 's/^>//; s/<.*//' >"$tmp/$cell.ticks"
    [ "$(wc -l <"$tmp/$cell.ticks")" -ge 2 ] || fail "$cell: fewer than two y tick labels"
    awk '{ k = log($1) / log(10); e = int(k + 100 + 1e-9) - 100; m = $1 / 10 ^ e;
           if (!(m > 0.999999 && m < 1.000001 || m > 1.999999 && m < 2.000001 ||
                 m > 4.999999 && m < 5.000001)) { print "not round: " $1; bad = 1 } }
         END { exit bad }' "$tmp/$cell.ticks" || fail "$cell: y tick labels not round"
done

# The CSV log is the same with and without --gradients (seconds aside).
"$bin" --headless --gradients "${small[@]}" --log "$tmp/g.csv" >/dev/null 2>&1 || fail "csv run"
"$bin" --headless "${small[@]}" --log "$tmp/p.csv" >/dev/null 2>&1 || fail "csv run"
[ "$(cut -d, -f1-3 "$tmp/g.csv")" = "$(cut -d, -f1-3 "$tmp/p.csv")" ] || fail "CSV log differs"
[ "$(head -1 "$tmp/g.csv")" = "epoch,loss,val_loss,seconds" ] || fail "CSV header changed"
"$bin" --view "$tmp/g.csv" --plot "$tmp/csv.svg" || fail "--plot of a CSV log"
grep -q 'gradient_flow' "$tmp/csv.svg" && fail "a CSV log has no gradient panel"

# Compare mode: the "marked" column, only when recorded.
"$bin" --headless --compare --gradients "${small[@]}" >"$tmp/cmp.out" 2>&1 || fail "compare"
grep -qE '^cell .* val<0\.01 +marked$' "$tmp/cmp.out" || fail "compare header has no marked column"
[ "$(grep -cE '^(SimpleRNN|LSTM|GRU) .* [0-9]{1,3}\.[0-9] %$' "$tmp/cmp.out")" -eq 3 ] ||
    fail "compare rows have no share: $(tail -8 "$tmp/cmp.out")"
"$bin" --headless --compare "${small[@]}" >"$tmp/cmp2.out" 2>&1 || fail "compare"
grep -q 'marked' "$tmp/cmp2.out" && fail "marked column without --gradients"

# Bad combinations: one line, exit 2.
bad() {
    local what=$1; shift
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    [ $rc -eq 2 ] || fail "$*: exit $rc, expected 2"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$*: stderr is not one line"
    grep -qF -- "$what" "$tmp/err" || fail "$*: message does not name '$what': $(cat "$tmp/err")"
}
bad "--gradients" --headless --view "$tmp/lstm.jsonl" --gradients
bad "gradient record too large" --headless --gradients --length 30000 --epochs 100
"$bin" --headless --length 30000 --epochs 0 --samples 10 --gradients >/dev/null 2>&1 ||
    fail "--epochs 0 --gradients: nothing to record per epoch, should run"

# A log whose flow rows do not match the config is refused with one line.
sed '2s/"h": \[\[/"h": [[1, /' "$tmp/gru.jsonl" >"$tmp/bad.jsonl"
"$bin" --headless --view "$tmp/bad.jsonl" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "bad flow row: exit $rc"
grep -q 'gradient_flow' "$tmp/err" || fail "bad flow row: $(cat "$tmp/err")"

[ $fails -eq 0 ] && echo "all gradient CLI checks passed"
[ $fails -eq 0 ]
