#!/bin/sh
# uifix_states.sh - the state view after the model's shape changes, and its
# heading at 80 and 60 columns, on the real screen in tmux.
#
# 1. A run of length 100 is opened in the state view (v), then the settings
#    change to units 1 and length 3000 (so that units x length x blocks
#    stays 12,000 floats for an LSTM) and a second run is opened the same
#    way. The view's per-step rows must be sized from the new length: under
#    an ASan build the old code wrote past them (heap-buffer-overflow in
#    compute(), exit 134 on quit, the terminal left raw); without ASan the
#    heading showed garbage. So the checks are: a well-formed heading, the
#    right step axis, exit 0, nothing on stderr, the terminal given back.
# 2. The heading lines at 80 and at 60 columns (the minimum) are never cut
#    in the middle of a word: every line ends in a whole word of the full
#    text, and a miss still says so.
# And "1 epoch" in the singular on the screen (issue 10, "1 layers").
# Exits 77 when tmux is missing (99 under CI=true).
# UI_TEST_TIMEOUT sets the seconds allowed for each wait (default 30).

me=uifix_states.sh
. "${srcdir:-.}/tests/tmux_lib.sh"

if ! command -v tmux >/dev/null 2>&1 && [ "${CI:-}" = true ]; then
    echo "$me: tmux is missing under CI=true" >&2
    exit 99
fi
need_tmux
tmux_tmpdir uifix
tmux_setup "$tmpdir"

# ---- 1. the state view after the length grows ----

start grow 80 24 "$bin" --samples 300 --length 100 --units 30 --epochs 1 --threads 1 --start
expect grow ' RESULTS *$' "a run of length 100 ends in the results"
expect grow 'Finished 1 epoch of LSTM 2x30' "the message says 1 epoch, singular"
expect grow '^ 1 epoch, lr ' "the results say 1 epoch, singular"
keys grow v
expect grow 'Inside LSTM 2x30, seed 1: 1 epoch, [0-9.]+ % correct' "v opens the state view of LSTM 2x30"
expect grow '^ step +1 .* 100 *$' "its step axis ends at 100"
keys grow Escape
expect grow ' RESULTS *$' "Esc: back to the results"
keys grow Escape
expect grow ' SETTINGS *$|Enter start' "Esc: back to the settings"
# Focus the units, type 1; then the length, type 3000.
for i in 1 2 3 4 5 6 7 8 9; do
    screen_of grow | grep -q '> units ' && break
    keys grow Down
    sleep 0.1
done
expect grow '> units ' "units focused"
keys grow 1 Enter
expect grow '> units +1 *' "units set to 1"
keys grow Down Down Down Down Down Down
expect grow '> length ' "length focused"
keys grow 3 0 0 0 Enter
expect grow '> length +3000' "length set to 3000"
keys grow Enter
expect grow ' RESULTS *$' "the second run (units 1, length 3000) ends in the results"
keys grow v
expect grow 'Inside LSTM 2x1, seed 1: 1 epoch, [0-9.]+ % correct' "v opens the state view of LSTM 2x1"
expect grow '^ step +1 .* 3000 *$' "its step axis ends at 3000"
expect grow '^ steps [0-9]+, [0-9]+: [0-9]\.[0-9]{4} x [0-9]\.[0-9]{4} = [0-9]\.[0-9]{4} ' \
    "the heading holds the two marked steps and their product, not garbage"
keys grow Right
expect grow 'test sample 2 of ' "Right: the next sample"
keys grow Escape
expect grow ' RESULTS *$' "Esc: back to the results"
keys grow q
exited grow 0
no_errors grow

# ---- 2. the heading at 80 and 60 columns ----

# heading_whole SESSION COLS: the three heading lines below the title bar
# end at a word boundary of what the view means to say: the last word on
# each line is a whole word (no letter or digit cut off after it), checked
# against the words the view can print.
heading_whole() {
    s=$1 cols=$2
    screen_of "$s" >"$tmpdir/heading"
    line=$(grep -n '^ Inside ' "$tmpdir/heading" | head -n 1 | cut -d: -f1)
    if [ -z "$line" ]; then bad "$s at $cols: no heading"; cat "$tmpdir/heading"; return; fi
    for k in 0 1 2; do
        text=$(sed -n "$((line + k))p" "$tmpdir/heading" | sed 's/ *$//')
        last=${text##* }
        # A whole last word: a number with all its digits (x.xxxx, x.x or an
        # integer), a word of the heading, or a closing parenthesis.
        if printf '%s\n' "$last" | grep -E -q \
            '^(-?[0-9]+(\.[0-9]{4})?|[0-9]+\.[0-9]|miss\)|correct|epochs?|[0-9]+x[0-9]+,?|[0-9]+:|\([a-z_0-9]+\),?|of|[0-9]+,)$'; then
            ok "$s at $cols: heading line $((k + 1)) ends in a whole word ('$last')"
        else
            bad "$s at $cols: heading line $((k + 1)) is cut mid-word: '$text'"
        fi
        if [ "${#text}" -le "$cols" ]; then :; else bad "$s: line wider than $cols"; fi
    done
}

# Seed 2, length 100, 1 epoch: test sample 1 is a miss (its error is above
# the tolerance), so the full line is the longest the view writes.
start head 80 24 "$bin" --samples 300 --length 100 --units 30 --epochs 1 --threads 1 --seed 2 --start
expect head ' RESULTS *$' "a one-epoch run ends in the results"
keys head v
expect head 'Inside LSTM 2x30' "v opens the state view"
expect head '\(a miss\)' "the sample is a miss, and the heading says so"
heading_whole head 80
T resize-window -t head -x 60 -y 24 2>/dev/null || T resize-pane -t head -x 60 -y 24
expect head '^ step +1 ' "at 60 columns the state view is still drawn"
expect head '\(a miss\)' "at 60 columns the heading still says it is a miss"
heading_whole head 60
keys head q
exited head 0
no_errors head

finish
