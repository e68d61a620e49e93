#!/bin/sh
# compare_ui.sh - compare mode and the state view on the screen, end to end.
#
# Runs the real binary in detached tmux panes on a private server (-L),
# sends keys and checks capture-pane text with the harness of
# tests/tmux_lib.sh: --compare and the C key train the three cells and show
# the legend and the table; the state view opens after a run and moves
# between samples, layers and cells; cancelling and quitting a comparison;
# one log per cell; monochrome. Exits 77 when tmux is missing.
# UI_TEST_TIMEOUT sets the seconds allowed for each wait (default 30).

me=compare_ui.sh
. "${srcdir:-.}/tests/tmux_lib.sh"

need_tmux
tmux_tmpdir cmp
tmux_setup "$tmpdir"

tiny="--samples 300 --length 20 --units 8 --threads 1"

# ---- --compare: three cells, legend, chart, table ----

start cmp 100 32 "$bin" $tiny --epochs 3 --compare
expect cmp ' COMPARED *$' "--compare trains the three cells at once, one after another"
expect cmp 'R SimpleRNN +L LSTM +G GRU +val_loss' "the legend has the three cells with their glyphs"
expect cmp '[|+][RLG ]*[RLG]' "the chart plots the cells' glyphs"
expect cmp 'cell +params +loss +val_loss +test_loss +correctness +time +val<0\.01' "the table has its columns"
expect cmp '^ R SimpleRNN +233 +[0-9.e-]+ +[0-9.e-]+ +[0-9.e-]+ +[0-9]+\.[0-9] % +[0-9.]+s +(never|epoch [0-9]+) +([0-9]+\.[0-9] %|-)$' "SimpleRNN's row: 233 parameters, losses, correctness, time, val<0.01, marked"
expect cmp '^ L LSTM +905 .* % ' "LSTM's row: 905 parameters"
expect cmp '^ G GRU +729 .* % ' "GRU's row: 729 parameters"
expect cmp 'Compared 3 of 3 cells' "the message says all three finished"
keys cmp a
expect cmp 'R/r SimpleRNN +L/l LSTM +G/g GRU +val_loss/loss' "a adds the loss curves to the legend"
keys cmp l
expect cmp '\[log\] *$' "l switches to a log scale"

# ---- the state view of the comparison ----

keys cmp v
expect cmp ' STATES *$' "v opens the state view"
expect cmp 'Inside SimpleRNN 2x8, seed 1: 3 epochs, [0-9.]+ % correct' "of SimpleRNN first"
expect cmp 'layer 1 of 2 \(simple_rnn\), test sample 1 of 44, cell 1 of 3' "layer 1, test sample 1, cell 1 of 3"
expect cmp '^ step +1 ' "the step axis"
expect cmp '^ marker +[ @]*@' "the marker row shows the marked steps"
expect cmp '^ value  ' "the value row"
expect cmp '^ h hidden state -1\.\.1' "the hidden state block"
expect cmp '^ h +8  ' "a strip per unit"
expect cmp '^ scale +low  \.:-=\+\*#%@ high +h -1\.\.1' "the legend of the character scale"
expect cmp 'prediction [0-9-]' "the sample's prediction"
keys cmp Right
expect cmp 'test sample 2 of 44' "Right: the next sample"
keys cmp Left Left
expect cmp 'test sample 44 of 44' "Left twice: back round to the last"
keys cmp Tab
expect cmp 'layer 2 of 2 \(simple_rnn_1\)' "Tab: the next layer"
keys cmp c
expect cmp 'Inside LSTM 2x8' "c: the next cell, LSTM"
expect cmp 'cell 2 of 3' "cell 2 of 3"
expect cmp '^ c cell state -?[0-9]+\.\.[0-9]+' "LSTM shows its cell state"
expect cmp '^ i input gate 0\.\.1' "and its input gate"
expect cmp 'rows 1-[0-9]+ of 36' "the strips scroll: 36 rows"
keys cmp End
expect cmp '^ f forget gate 0\.\.1' "End scrolls to the forget gate"
expect cmp '^ f +8  ' "and its last unit"
keys cmp Home
expect cmp '^ h hidden state' "Home scrolls back"
keys cmp c
expect cmp 'Inside GRU 2x8' "c: GRU"
expect cmp '^ z update gate 0\.\.1' "GRU shows its update gate"
keys cmp c
expect cmp 'Inside SimpleRNN' "c: round to SimpleRNN"
keys cmp '?'
expect cmp 'Help: every key' "? opens the help in the state view"
expect cmp 'state view: previous or next test sample' "which lists its keys"
keys cmp z
keys cmp Escape
expect cmp ' COMPARED *$' "Esc goes back to the comparison"
keys cmp Enter
expect cmp ' SETTINGS *$' "Enter goes back to the settings"
keys cmp v
expect cmp ' STATES *$' "v opens the state view from the settings too"
keys cmp Escape
expect cmp ' SETTINGS *$' "and Esc returns there"
keys cmp q
expect cmp '^rnntui-exit=0$' "q quits with status 0"
no_errors cmp

# ---- C from the settings; cancel; the state view of a cancelled run ----

start key 80 24 "$bin" $tiny --epochs 5000
expect key 'Enter start  C compare' "the status line offers C"
keys key v
expect key 'No trained model to look into yet' "v before any run says why nothing opens"
keys key C
expect key ' COMPARING *$' "C starts a comparison"
expect key 'SimpleRNN \(1/3\) +Epoch ([2-9]|[1-9][0-9]+)/5000' "SimpleRNN trains first"
expect key '^ L LSTM +905 .* waiting ' "LSTM waits"
keys key p
expect key ' PAUSED *$' "p pauses"
keys key p
expect key ' COMPARING *$' "p resumes"
keys key c
expect key 'Comparison cancelled in SimpleRNN' "c cancels the comparison"
expect key ' COMPARED *$' "nothing runs any more"
expect key '^ R SimpleRNN .* cancelled ' "SimpleRNN's row says cancelled"
expect key '^ G GRU +729 .* not run ' "GRU was not run"
keys key v
expect key 'Inside SimpleRNN 2x8, seed 1: cancelled after [0-9]+ of 5000 epochs' "v looks inside the cancelled SimpleRNN"
keys key c
expect key 'Only one model to look into' "c with one model says so"
keys key Escape Escape
expect key ' SETTINGS *$' "Esc, Esc: back to the settings"
keys key C
expect key ' COMPARING *$' "C compares again"
keys key q
expect key 'Stop it and quit\?' "q asks first while comparing"
keys key y
expect key '^rnntui-exit=0$' "y stops the training and quits"
no_errors key

# ---- the state view after a single run ----

start one 80 24 "$bin" $tiny --epochs 3 --cell gru --start
expect one ' RESULTS *$' "a single GRU run ends in the results"
keys one v
expect one 'Inside GRU 2x8, seed 1: 3 epochs' "v looks inside it"
expect one '^ z update gate' "with its update gate"
keys one Escape
expect one ' RESULTS *$' "Esc: back to the results"
keys one q
expect one '^rnntui-exit=0$' "quit"
no_errors one

# ---- one log per cell from the screen ----

start logs 80 24 "$bin" $tiny --epochs 3 --compare --log run.csv
expect logs ' COMPARED *$' "--compare --log on the screen"
keys logs q
expect logs '^rnntui-exit=0$' "quit"
for c in simplernn lstm gru; do
    if [ "$(wc -l <"$tmpdir/run-$c.csv" 2>/dev/null)" = 4 ]; then ok "logs: run-$c.csv has three epochs"
    else bad "logs: run-$c.csv: $(cat "$tmpdir/run-$c.csv" 2>&1)"; fi
done
if [ ! -e "$tmpdir/run.csv" ]; then ok "logs: no run.csv left behind"; else bad "logs: run.csv exists"; fi
no_errors logs
start again 80 24 "$bin" $tiny --epochs 3 --compare --log run.csv
expect again '^rnntui-exit=1$' "a second comparison with the same --log exits 1 before the screen opens"
if grep -q 'cannot write run-simplernn\.csv (--log with --compare): File exists' "$tmpdir/again.err"; then
    ok "again: the message names the file that exists"
else
    bad "again: stderr: $(cat "$tmpdir/again.err")"
fi

# ---- SIGTERM while comparing ----

start term 80 24 "$bin" $tiny --epochs 5000 --compare
expect term 'Epoch ([2-9]|[1-9][0-9]+)/5000' "comparing"
kill -TERM "$(cat "$tmpdir/term.pid")"
expect term '^rnntui-exit=143$' "SIGTERM: status 143 (128 + SIGTERM)"
if grep -q 'SIGTERM; the training was cancelled' "$tmpdir/term.err"; then ok "term: says so on stderr"
else bad "term: stderr: $(cat "$tmpdir/term.err")"; fi

# ---- monochrome ----

start mono 80 24 env TERM=vt100 "$bin" $tiny --epochs 3 --compare
expect mono ' COMPARED *$' "TERM=vt100 compares"
expect mono 'R SimpleRNN +L LSTM +G GRU' "the glyphs tell the cells apart"
if [ "$(colour_codes mono)" -eq 0 ]; then ok "mono: no colour codes"; else bad "mono: colour codes on a vt100"; fi
keys mono v
expect mono '^ scale +low  \.:-=\+\*#%@ high' "the state view's ramp needs no colour"
if [ "$(colour_codes mono)" -eq 0 ]; then ok "mono: state view without colour"; else bad "mono: colour in the state view"; fi
keys mono q
expect mono '^rnntui-exit=0$' "quit"

start colour 80 24 "$bin" $tiny --epochs 3 --compare
expect colour ' COMPARED *$' "a colour terminal"
keys colour v
expect colour ' STATES *$' "state view"
if [ "$(colour_codes colour)" -gt 0 ]; then ok "colour: the strips are coloured"; else bad "colour: no colour"; fi
keys colour q

finish
