#!/bin/sh
# gradflow_ui.sh - the gradient-flow view and the saliency row on the
# screen, end to end (issue 12).
#
# Runs the real binary in detached tmux panes (tests/tmux_lib.sh) and checks
# capture-pane text: g opens the view from the results, the state view, the
# comparison and while training (live, and it stays open when the run
# ends); the chart's y labels are powers of ten; the ratio line; the strip
# per epoch; Tab and c; the state view's |dy/dx| row and its reading; the
# marked-steps share in the results and the compare table; monochrome and
# NO_COLOR; a small terminal and a resize; a record too large to keep.
# Exits 77 when tmux is missing. UI_TEST_TIMEOUT sets each wait (default 30).

me=gradflow_ui.sh
. "${srcdir:-.}/tests/tmux_lib.sh"

need_tmux
tmux_tmpdir gflow
tmux_setup "$tmpdir"

tiny="--samples 300 --length 20 --units 8 --threads 1"
num='[0-9]\.[0-9]e[-+][0-9][0-9]'

# y_labels SESSION: the labels of the chart's y axis (the text before a
# " +" tick on the rows above the "step" axis line), one per line.
y_labels() {
    screen_of "$1" | sed -n '/^ *step  /q; s/^ *\([0-9][0-9.e+-]*\) +.*/\1/p'
}

# round_labels SESSION WHAT: at least two y labels, every one a power of ten.
round_labels() {
    labels=$(y_labels "$1")
    n=$(printf '%s\n' "$labels" | grep -c .)
    odd=$(printf '%s\n' "$labels" | awk 'NF { l = log($1) / log(10); if (l - int(l + (l < 0 ? -0.5 : 0.5)) > 1e-9 || int(l + (l < 0 ? -0.5 : 0.5)) - l > 1e-9) print }')
    if [ "$n" -ge 2 ] && [ -z "$odd" ]; then
        ok "$1: $2: y labels at powers of ten ($(printf '%s ' $labels))"
    else
        bad "$1: $2: y labels $(printf '%s ' $labels)(not powers of ten: '$odd')"
        screen_of "$1"
    fi
}

# ---- before any run ----

start none 80 24 "$bin" $tiny --epochs 3
expect none ' SETTINGS *$' "the settings"
keys none g
expect none 'No gradient flow yet' "g before any run says why nothing opens"
keys none q
expect none '^rnntui-exit=0$' "quit"

# ---- a finished single run ----

start one 80 24 "$bin" $tiny --epochs 3 --start
expect one ' RESULTS *$' "a short LSTM run ends in the results"
expect one 'looks at marked +[0-9]+\.[0-9] %' "the results show the marked-steps share"
expect one 'Enter settings  s run again  g gradients' "the status line offers g"
keys one g
expect one ' GRADIENTS *$' "g opens the gradient-flow view"
expect one 'Gradient flow of LSTM 2x8, seed 1: epoch 3/3 ' "of the run, at its last epoch"
expect one '\|\|dL/dh_t\|\|, 52 samples' "the probe set: 52 validation samples of 300"
expect one "^ g\\(1\\)/g\\(T\\) +1 layer 1 $num +2 layer 2 $num +c cell state 2 $num" "the ratio g(1)/g(T) per layer and LSTM's cell state"
expect one '^ +step +1 ' "the chart's x axis is the step"
expect one '^ +[0-9.e-]+ \+[ 12c]*[12c]' "the chart plots the layers' glyphs"
round_labels one "single run"
expect one 'By epoch \(down\), layer 2 \(lstm_1\): log10 g from -[0-9]+ +\.:-=\+\*#%@ to -?[0-9]+' "the strip's heading and scale"
expect one '^ +1 [ .:=+*#%@-]{60,}$' "the strip's row of epoch 1"
expect one '^ +3 [ .:=+*#%@-]{60,}$' "and of epoch 3"
keys one Tab
expect one 'layer 1 \(lstm\): log10 g' "Tab: the strip of layer 1"
expect one 'c cell state 1 ' "and the cell state of layer 1"
keys one BTab
expect one 'layer 2 \(lstm_1\): log10 g' "Shift-Tab: back to layer 2"
keys one c
expect one 'One run: c switches the strip between the cells of a comparison' "c with one run says what it is for"
keys one '?'
expect one 'gradient flow: how far back gradients reach' "the help lists g"
keys one z
expect_gone one 'Help: every key' "any key closes the help"
keys one Escape
expect one ' RESULTS *$' "Esc: back to the results"
keys one g
expect one ' GRADIENTS *$' "g again"
keys one g
expect one ' RESULTS *$' "g goes back too"

# ---- the state view: |dy/dx| and its reading; g from there ----

keys one v
expect one ' STATES *$' "v opens the state view"
expect one '^ \|dy/dx\| up to [0-9.e-]+: looks at (steps [0-9]+ and [0-9]+|the last [0-9]+ steps)' "the reading of what the prediction looks at"
expect one '^ value  ' "the value row"
expect one '^ \|dy/dx\| [ .:=+*#%@-]*@' "the |dy/dx| row, scaled to its largest value"
screen_of one >"$tmpdir/states"
if [ "$(grep -n '^ value  ' "$tmpdir/states" | cut -d: -f1)" -eq $(($(grep -n '^ |dy/dx| [ .:=+*#%@-]*@' "$tmpdir/states" | cut -d: -f1) - 1)) ]; then
    ok "one: the |dy/dx| row sits right under the value row"
else
    bad "one: the |dy/dx| row is not under the value row"; cat "$tmpdir/states"
fi
expect one '^ h hidden state' "the strips follow"
keys one Right
expect one 'test sample 2 of 44' "Right: the next sample"
expect one '^ \|dy/dx\| up to [0-9.e-]+: looks at' "with its own reading"
keys one g
expect one ' GRADIENTS *$' "g opens the gradient flow from the state view"
keys one Escape
expect one ' STATES *$' "and Esc returns there"
keys one Escape q
expect one '^rnntui-exit=0$' "quit"
no_errors one

# ---- live: g while training; the view stays when the run ends ----

start live 80 24 "$bin" --samples 600 --length 30 --units 8 --threads 1 --epochs 5000 --start
wait_epoch_above live 1 || bad "live: training did not start"
expect live 'g gradients' "the training status line offers g"
keys live g
expect live 'Gradient flow of LSTM 2x8, seed 1: epoch [0-9]+/5000 \(training\)' "g opens the view while training"
first=$(screen_of live | sed -n 's/.*epoch \([0-9]*\)\/5000 (training).*/\1/p')
end=$(($(date +%s) + timeout))
while :; do
    now=$(screen_of live | sed -n 's/.*epoch \([0-9]*\)\/5000 (training).*/\1/p')
    [ -n "$now" ] && [ "$now" -gt "${first:-0}" ] && break
    [ "$(date +%s)" -ge "$end" ] && break
    sleep 0.2
done
if [ -n "$now" ] && [ "$now" -gt "${first:-0}" ]; then ok "live: the view follows the epochs ($first -> $now)"
else bad "live: the epoch stayed at $first"; screen_of live; fi
round_labels live "live"
keys live q
expect live 'Stop it and quit\?' "q asks first while training"
keys live y
expect live '^rnntui-exit=0$' "y stops and quits"
no_errors live

start ends 80 24 "$bin" --samples 600 --length 30 --units 8 --threads 1 --epochs 40 --start
expect ends ' TRAINING *$' "a run of 40 epochs"
keys ends g
expect ends ' GRADIENTS *$' "g while it trains"
expect ends 'Finished 40 epochs' "the run finishes"
expect ends 'Gradient flow of LSTM 2x8, seed 1: epoch 40/40' "the view stays, at the last epoch"
expect_gone ends '\(training\)' "no longer training"
expect ends ' GRADIENTS *$' "still the gradient-flow view"
keys ends Escape
expect ends ' RESULTS *$' "Esc goes to the results, where the run ended"
keys ends q
expect ends '^rnntui-exit=0$' "quit"

# ---- compare mode: three cells overlaid, the marked column ----

start cmp 100 32 "$bin" $tiny --epochs 3 --compare
expect cmp ' COMPARED *$' "a comparison"
expect cmp 'val<0\.01 +marked *$' "the compare table has a marked column"
expect cmp '^ R SimpleRNN +233 .* +[0-9]+\.[0-9] %$' "SimpleRNN's marked share"
expect cmp '^ L LSTM +905 .* +[0-9]+\.[0-9] %$' "LSTM's"
expect cmp '^ G GRU +729 .* +[0-9]+\.[0-9] %$' "GRU's"
keys cmp g
expect cmp ' GRADIENTS *$' "g from the comparison"
expect cmp 'Gradient flow compared: layer 2 of 2, 2x8, seed 1' "the compared view"
expect cmp "^ g\\(1\\)/g\\(T\\) +R SimpleRNN $num +L LSTM $num +G GRU $num +c LSTM cell" "a ratio per cell"
screen_of cmp >"$tmpdir/cmp"
for g in R L G; do
    if grep -E -q "^ +([0-9.e-]+ )?[|+].*$g" "$tmpdir/cmp"; then ok "cmp: the chart plots $g"
    else bad "cmp: no $g in the chart"; fi
done
round_labels cmp "compare"
expect cmp 'By epoch \(down\), LSTM layer 2 \(lstm_1\)' "the strip shows LSTM first"
keys cmp c
expect cmp 'By epoch \(down\), GRU layer 2 \(gru_1\)' "c: GRU's strip"
keys cmp c
expect cmp 'By epoch \(down\), SimpleRNN layer 2 \(simple_rnn_1\)' "c: SimpleRNN's"
keys cmp Tab
expect cmp 'compared: layer 1 of 2' "Tab: layer 1 of the three cells"
keys cmp Escape
expect cmp ' COMPARED *$' "Esc: back to the comparison"
keys cmp v
expect cmp 'Inside SimpleRNN' "the state view of the comparison"
keys cmp g
expect cmp 'Gradient flow compared' "g from its state view shows the comparison"
keys cmp Escape Escape Enter
expect cmp ' SETTINGS *$' "back to the settings"
keys cmp g
expect cmp 'Gradient flow compared' "g from the settings shows the latest: the comparison"
keys cmp q
expect cmp '^rnntui-exit=0$' "quit"
no_errors cmp

# ---- 80 x 24 compare, small terminal and resize ----

start small 80 24 "$bin" $tiny --epochs 3 --compare
expect small ' COMPARED *$' "a comparison at 80x24"
expect small 'val<0\.01 +marked' "the compact table keeps the marked column"
expect small '^ L LSTM +905 .* +[0-9]+\.[0-9] %$' "with LSTM's share"
keys small g
expect small ' GRADIENTS *$' "g"
round_labels small "80x24"
T resize-window -t small -x 60 -y 18
expect small '^ +step +1 ' "at 60x18 the chart still fits"
round_labels small "60x18"
expect small 'By epoch' "and the strip's heading"
T resize-window -t small -x 50 -y 14
expect small 'Terminal too small: 50x14' "50x14 is too small"
T resize-window -t small -x 120 -y 40
expect small ' GRADIENTS *$' "larger again: the view is back"
round_labels small "120x40"
keys small q
expect small '^rnntui-exit=0$' "quit"
no_errors small

# ---- a record too large to keep ----

start big 80 24 "$bin" --samples 300 --length 2000 --units 4 --threads 1 --epochs 2000 --start
expect big ' TRAINING *$' "a run whose record would be too large"
keys big g
expect big 'Not recorded: 2000 epochs x 2 layers x 2000 steps x 2 > 4194304 values\.' "g says why there is nothing"
keys big Escape q y
expect big '^rnntui-exit=0$' "quit"

# ---- --view of a log written with --gradients ----

if "$bin" --headless --gradients $tiny --epochs 3 --log "$tmpdir/grad.jsonl" >"$tmpdir/grad.out" 2>&1; then
    ok "view: a headless --gradients run writes grad.jsonl"
else
    bad "view: headless --gradients failed: $(cat "$tmpdir/grad.out")"
fi
share=$(sed -n 's/^looks at the marked steps: \([0-9.]*\) % of test samples$/\1/p' "$tmpdir/grad.out")
r1=$(sed -n 's/^gradient flow g(1)\/g(T): layer 1 \([^,]*\), layer 2 \(.*\)$/\1/p' "$tmpdir/grad.out")
r2=$(sed -n 's/^gradient flow g(1)\/g(T): layer 1 \([^,]*\), layer 2 \(.*\)$/\2/p' "$tmpdir/grad.out")
start view 80 24 "$bin" --view grad.jsonl
expect view 'Viewing grad\.jsonl: 3 epochs' "--view grad.jsonl"
expect view "looks at marked +${share:-none} %" "the results show the logged marked-steps share ($share %)"
keys view g
expect view 'Gradient flow of LSTM 2x8, seed 1: epoch 3/3' "g shows the logged gradient flow"
expect view "1 layer 1 ${r1:-none} +2 layer 2 ${r2:-none} " "the same ratios as the headless run printed ($r1, $r2)"
expect view '^ +3 [ .:=+*#%@-]{60,}$' "and its strip"
round_labels view "--view"
keys view Escape q
expect view '^rnntui-exit=0$' "quit"
no_errors view

# ---- monochrome and colour ----

start mono 80 24 env TERM=vt100 "$bin" $tiny --epochs 3 --compare
expect mono ' COMPARED *$' "TERM=vt100"
keys mono g
expect mono ' GRADIENTS *$' "the view"
expect mono '^ +[0-9.e-]+ \+.*[RLG]' "the glyphs tell the cells apart"
expect mono '^ +1 [ .:=+*#%@-]{60,}$' "the strip's ramp needs no colour"
if [ "$(colour_codes mono)" -eq 0 ]; then ok "mono: no colour codes"; else bad "mono: colour codes on a vt100"; fi
keys mono q
expect mono '^rnntui-exit=0$' "quit"

start nocolor 80 24 env NO_COLOR=1 "$bin" $tiny --epochs 3 --start
expect nocolor ' RESULTS *$' "NO_COLOR"
keys nocolor g
expect nocolor ' GRADIENTS *$' "the view"
if [ "$(colour_codes nocolor)" -eq 0 ]; then ok "nocolor: no colour codes"; else bad "nocolor: colour codes"; fi
keys nocolor q

start colour 80 24 "$bin" $tiny --epochs 3 --start
expect colour ' RESULTS *$' "a colour terminal"
keys colour g
expect colour ' GRADIENTS *$' "the view"
if [ "$(colour_codes colour)" -gt 0 ]; then ok "colour: the view is coloured"; else bad "colour: no colour"; fi
keys colour q

finish
