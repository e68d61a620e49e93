#!/bin/sh
# ui.sh - the curses screen end to end.
#
# Runs the real binary ($top_builddir/src/rnntui; automake runs tests from
# the build directory) in detached tmux panes of a fixed size on a private
# server (-L), sends keys, resizes the window and checks capture-pane text.
# Every wait polls the pane against a deadline instead of sleeping blindly.
# Each pane runs the program through a small wrapper that records the tty
# modes before and after and prints the exit status, so that "quit restores
# the terminal" is checked, not assumed.
#
# The checks that need no terminal (TERM=dumb, TERM unset, no tty) run first;
# the rest skip (exit 77) only when tmux is missing. UI_TEST_TIMEOUT sets the
# seconds allowed for each wait (default 30; sanitizer builds are slower).

me=ui.sh
. "${srcdir:-.}/tests/tmux_lib.sh"

# A short run and a long one (cancelled, quit or killed before it ends).
short="--samples 600 --length 30 --units 8 --threads 1"
long="$short --epochs 5000"

# ---- no terminal needed ----

out=$(TERM=dumb "$bin" </dev/null 2>&1)
rc=$?
if [ $rc -eq 1 ] && printf '%s\n' "$out" | grep -q -- '--headless'; then
    ok "TERM=dumb: exit 1 with a hint at --headless"
else
    bad "TERM=dumb: exit $rc, said: $out"
fi
out=$(env -u TERM "$bin" </dev/null 2>&1)
rc=$?
if [ $rc -eq 1 ] && printf '%s\n' "$out" | grep -q -- '--headless'; then
    ok "TERM unset: exit 1 with a hint at --headless"
else
    bad "TERM unset: exit $rc, said: $out"
fi
out=$(TERM=xterm "$bin" </dev/null 2>&1 >/dev/null)
rc=$?
if [ $rc -eq 1 ] && printf '%s\n' "$out" | grep -q 'terminal'; then
    ok "no tty: exit 1 with a message"
else
    bad "no tty: exit $rc, said: $out"
fi

need_tmux

# ---- tmux ----

tmux_tmpdir ui
tmux_setup

# ---- settings: parameter count, typing, clamping, help, quit ----

start edit 80 24 "$bin"
expect edit 'Parameters +11,311' "LSTM 2x30 has 11,311 parameters"
keys edit Right
expect edit '> cell +GRU' "Right selects GRU"
expect edit 'Parameters +8,671' "GRU 2x30 has 8,671 parameters"
keys edit Right
expect edit 'Parameters +2,851' "SimpleRNN 2x30 has 2,851 parameters"
expect edit 'simple_rnn_1 +1,830' "the summary lists simple_rnn_1 with 1,830"
keys edit Left Left
expect edit 'Parameters +11,311' "Left goes back to LSTM"
keys edit Down 1 0
expect edit '> units +10_' "typing shows the value being typed"
keys edit Enter
expect edit 'Parameters +1,371' "LSTM 2x10 has 1,371 parameters"
keys edit 5 0 0 0 Enter
expect edit 'units must be 1\.\.1024' "a typed value out of range is refused with its range"
expect edit '> units +1024' "and clamped to it"
keys edit Left
expect edit '> units +1023' "Left steps down"
keys edit '?'
expect edit 'Help: every key' "? opens the help"
expect edit 'pause or resume' "the help lists the keys"
keys edit z
expect_gone edit 'Help: every key' "any key closes the help"
keys edit F1
expect edit 'Help: every key' "F1 opens the help"
keys edit Escape
expect_gone edit 'Help: every key' "Esc closes it"
keys edit q
exited edit 0
no_errors edit

# ---- a long run: chart, epoch counter, resize, help, pause, cancel; then a
# short one to the results ----

start run 80 24 "$bin" $long --start
expect run 'Epoch ([2-9]|[1-9][0-9]+)/5000' "--start trains at once and counts epochs"
expect run ' TRAINING *$' "the title says TRAINING"
expect run ' epoch +1 .* 5000$' "the chart has an epoch axis up to 5000"
expect run '[|+][*o]' "the chart plots the first epochs at the y axis"
e1=$(epoch_of run)
if wait_epoch_above run "$e1"; then ok "run: the epoch counter advances past $e1"; else bad "run: the epoch counter stays at $e1"; fi

T resize-window -t run -x 100 -y 30
expect run ' units +8 +1\.\.1024' "resized mid-run to 100x30: the wide layout with ranges"
width=$(screen_of run | awk 'NR == 1 { print length($0) }')
if [ "$width" = 99 ] && screen_of run | head -n 1 | grep -q 'TRAINING$'; then
    ok "run: the title bar spans the new width"
else
    bad "run: title bar width $width after resizing to 100 columns"
fi
e1=$(epoch_of run)
if wait_epoch_above run "$e1"; then ok "run: training goes on after the resize"; else bad "run: training stopped after the resize"; fi
T resize-window -t run -x 50 -y 15
expect run '^Terminal too small: 50x15, need 60x18$' "50x15 shows one clear message"
lines=$(screen_of run | grep -c .)
if [ "$lines" -eq 1 ]; then ok "run: and nothing else"; else bad "run: $lines lines drawn below the minimum size"; fi
T resize-window -t run -x 80 -y 24
expect run 'Loss per epoch' "back to 80x24: the layout returns"
expect run ' TRAINING *$' "still training"

keys run '?'
expect run 'Help: every key' "? opens the help while training"
keys run z
expect_gone run 'Help: every key' "and any key closes it"

keys run p
expect run ' PAUSED *$' "p pauses"
e1=$(epoch_of run)
sleep 1
e2=$(epoch_of run)
if [ "$e1" = "$e2" ]; then ok "run: no epoch passes while paused ($e1)"; else bad "run: epochs went on while paused: $e1 -> $e2"; fi
keys run p
expect run ' TRAINING *$' "p resumes"
if wait_epoch_above run "$e2"; then ok "run: epochs advance again"; else bad "run: no progress after resuming"; fi

keys run l
expect run 'Loss axis: log scale' "l switches to a log scale"
keys run c
expect run 'Cancelled after [0-9]+ of 5000 epochs' "c cancels"
expect run ' SETTINGS *$' "back to the settings"
expect run ' epoch +1 .* 5000$' "the cancelled run's chart stays"

# Three Downs from cell reach epochs; a 3-epoch run to the end.
keys run Down Down Down 3 Enter
expect run '> epochs +3( |$)' "epochs set to 3"
keys run Enter
expect run 'correctness: [0-9]+\.[0-9]%' "a finished run shows correctness:"
expect run ' RESULTS *$' "and the results screen"
expect run 'test loss +[0-9]' "with the test loss"
rows=$(screen_of run | grep -c -E '^ [1-5]  [0-9]\.[0-9]{4} [ -][0-9]\.[0-9]{4}  [0-9]\.[0-9]{4}')
if [ "$rows" -eq 5 ]; then ok "run: the five-sample table has five rows"; else bad "run: $rows table rows"; fi
expect run '#  target predict  \|diff\|' "the table has its header"
expect run '\. previous' "the previous run is the faint reference"
keys run x
expect run "Previous run's curve cleared" "x clears it"
keys run s
expect run '\. previous' "s runs again from the results"
expect run ' RESULTS *$' "to the results"
keys run Enter
expect run ' SETTINGS *$' "Enter goes back to the settings"
keys run q
exited run 0
no_errors run

# ---- quit while training asks first ----

start quit 80 24 "$bin" $long --start
expect quit 'Epoch ([2-9]|[1-9][0-9]+)/5000' "training"
keys quit q
expect quit 'Stop it and quit\?' "q asks while training"
keys quit n
expect_gone quit 'Stop it and quit\?' "n keeps training"
expect quit ' TRAINING *$' "still training"
keys quit p
expect quit ' PAUSED *$' "paused"
keys quit q
expect quit 'Stop it and quit\?' "q asks again"
keys quit y
exited quit 0
no_errors quit

# ---- a diverging run stops with a message ----

start diverge 80 24 "$bin" $short --epochs 50 --learning-rate 1e6 --start
expect diverge 'Diverged in epoch [1-9]' "a huge learning rate diverges with a message"
expect diverge ' SETTINGS *$' "back to the settings"
keys diverge q
exited diverge 0
no_errors diverge

# ---- signals: cancel, restore, exit 128 + signal ----

start term 80 24 "$bin" $long --start
expect term 'Epoch ([2-9]|[1-9][0-9]+)/5000' "training"
pid=$(pid_in term)
if [ -n "$pid" ] && kill -TERM "$pid"; then ok "term: SIGTERM sent to $pid"; else bad "term: no process to signal"; fi
exited term 143
if grep -q 'SIGTERM' "$tmpdir/term.err" && [ "$(wc -l <"$tmpdir/term.err")" -eq 1 ]; then ok "term: says it stopped by SIGTERM, and nothing else"; else bad "term: stderr: $(cat "$tmpdir/term.err")"; fi

start int 80 24 "$bin" $long --start
expect int 'Epoch ([2-9]|[1-9][0-9]+)/5000' "training"
keys int C-c
exited int 130
if grep -q 'SIGINT' "$tmpdir/int.err" && [ "$(wc -l <"$tmpdir/int.err")" -eq 1 ]; then ok "int: says it stopped by SIGINT, and nothing else"; else bad "int: stderr: $(cat "$tmpdir/int.err")"; fi

# ---- below the minimum size from the start ----

start small 50 15 "$bin"
expect small '^Terminal too small: 50x15, need 60x18$' "starting in 50x15 shows the message"
T resize-window -t small -x 80 -y 24
expect small 'Parameters +11,311' "enlarged to 80x24: the settings appear"
keys small q
# tmux itself garbles the saved normal screen when the window changed size
# while the alternate screen was on, so only the flags are checked here.
exited small 0 noscreen

# ---- colours and monochrome ----

start color 80 24 "$bin"
expect color 'Parameters +11,311' "colour terminal (TERM=screen)"
if [ "$(colour_codes color)" -gt 0 ]; then ok "color: draws in colour"; else bad "color: no colour on a colour terminal"; fi
keys color q
exited color 0

start vt100 80 24 env TERM=vt100 "$bin" $short --epochs 3 --start
expect vt100 'correctness: [0-9]+\.[0-9]%' "TERM=vt100 trains to the results"
if [ "$(colour_codes vt100)" -eq 0 ]; then ok "vt100: monochrome, no colour codes"; else bad "vt100: colour codes on a vt100"; fi
if T capture-pane -p -e -t vt100 | grep -q "$(printf '\033')\\[7m"; then ok "vt100: reverse video marks the bars"; else bad "vt100: no reverse video"; fi
keys vt100 q
expect vt100 '^rnntui-exit=0$' "vt100: exit status 0"
no_errors vt100

start nocolor 80 24 env NO_COLOR=1 "$bin"
expect nocolor 'Parameters +11,311' "NO_COLOR=1 starts"
if [ "$(colour_codes nocolor)" -eq 0 ]; then ok "nocolor: NO_COLOR gives monochrome"; else bad "nocolor: colour despite NO_COLOR"; fi
keys nocolor q
exited nocolor 0

start flag 80 24 "$bin" --no-color
expect flag 'Parameters +11,311' "--no-color starts"
if [ "$(colour_codes flag)" -eq 0 ]; then ok "flag: --no-color gives monochrome"; else bad "flag: colour despite --no-color"; fi
keys flag q
exited flag 0

finish
