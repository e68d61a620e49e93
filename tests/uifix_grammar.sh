#!/bin/bash
# uifix_grammar.sh - the model described in good English wherever rnntui
# describes it (issue 10: "a LSTM with 1 layers"): "an LSTM", "a GRU",
# "a SimpleRNN", and "1 layer", "1 unit", "1 epoch", "1 input" in the
# singular. Drives the real binary on one-layer, one-unit, one-epoch runs:
# a weights file with a tensor missing, one of another shape, a saved log
# shown with --view, --compare and --bench, and checks every line printed.
set -u
bin="$(cd "${top_builddir:-.}" && pwd)/src/rnntui"
[ -x "$bin" ] || { echo "uifix_grammar.sh: $bin is not built" >&2; exit 99; }
py=
for p in python3 /usr/bin/python3; do command -v "$p" >/dev/null 2>&1 && { py=$p; break; }; done
if [ -z "$py" ]; then
    echo "uifix_grammar.sh: python3 is needed to edit a weights file"
    [ "${CI:-}" = true ] && exit 99
    exit 77
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
tiny=(--samples 100 --length 10 --threads 1)

# good FILE WHAT: no bad article and no singular count with a plural noun.
good() {
    checks=$((checks + 1))
    if grep -E -n '(^|[^[:alnum:]])(a LSTM|an (GRU|SimpleRNN)|1 (layers|units|epochs|inputs))([^[:alnum:]]|$)' "$1"; then
        fail "$2: bad grammar above"
    fi
}
# says FILE ERE WHAT: the text is there.
says() {
    checks=$((checks + 1))
    grep -E -q -- "$2" "$1" || fail "$3: no /$2/ in: $(cat "$1")"
}

# A one-layer, one-unit LSTM's weights with the last tensor dropped.
"$bin" --headless "${tiny[@]}" --cell lstm --layers 1 --units 1 --epochs 0 --save-weights w.json \
    >/dev/null 2>&1 || fail "saving weights"
"$py" - <<'PY' || fail "editing the weights"
import json
w = json.load(open("w.json"))
w["weights"].pop()
json.dump(w, open("short.json", "w"))
PY
"$bin" --headless "${tiny[@]}" --epochs 0 --load-weights short.json >out 2>err
[ $? -ne 0 ] || fail "a weights file with a tensor missing was accepted"
good err "tensor count"
says err 'tensors where an LSTM with 1 layer of 1 unit and 2 inputs has [0-9]+' "tensor count names the model"

# The same weights for another model: both models described.
"$bin" --headless "${tiny[@]}" --cell gru --layers 2 --units 3 --epochs 0 --load-weights w.json \
    --force >out 2>err
good err "shape mismatch"

# A saved log of a one-epoch run, shown as text.
"$bin" --headless "${tiny[@]}" --layers 1 --units 1 --epochs 1 --log run.jsonl >run.out 2>&1 \
    || fail "a one-epoch run: $(cat run.out)"
good run.out "the run"
"$bin" --headless --view run.jsonl >view.out 2>&1 || fail "--view: $(cat view.out)"
good view.out "--view"
says view.out 'LSTM, 1 layer of 1 unit, seed 1, 1 epoch,' "--view describes the run"

# --compare of one-layer, one-unit models for one epoch.
"$bin" --headless "${tiny[@]}" --layers 1 --units 1 --epochs 1 --compare >cmp.out 2>&1 \
    || fail "--compare: $(tail -3 cmp.out)"
good cmp.out "--compare"
says cmp.out '^1 layer of 1 unit, 1 epoch, batch' "--compare describes the models"

# --bench's heading.
"$bin" --bench "${tiny[@]}" --layers 1 --units 1 >bench.out 2>&1 || fail "--bench: $(tail -3 bench.out)"
good bench.out "--bench"
says bench.out 'benchmark: 1 layer x 1 unit,' "--bench describes the model"

echo "$checks checks, $fails failed"
[ "$fails" -eq 0 ]
