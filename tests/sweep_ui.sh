#!/bin/sh
# sweep_ui.sh - sweeps on the screen, end to end.
#
# Runs the real binary in detached tmux panes on a private server (-L) with
# the harness of tests/tmux_lib.sh: S opens the sweep form, a small fast
# sweep (3 cells x lengths 5,10 x seeds 1..2, 2 epochs of 200 samples) runs
# to the end and shows its table and chart; the table's numbers are those
# of the same single runs in --headless; a bad value in the form is refused
# with one line; pause, cancel, quit and SIGTERM mid-sweep; w saves the
# logs and `--view DIR` shows the same table; a small terminal and resizes;
# monochrome. Exits 77 when tmux is missing.
# UI_TEST_TIMEOUT sets the seconds allowed for each wait (default 30).

me=sweep_ui.sh
. "${srcdir:-.}/tests/tmux_lib.sh"

need_tmux
tmux_tmpdir swp
tmux_setup "$tmpdir"

tiny="--samples 200 --units 4 --threads 1"

# fill_form SESSION LENGTHS SEEDS: opens the form and types the lists.
fill_form() {
    wait_for "$1" ' SETTINGS *$' || bad "$1: the settings screen did not open"
    keys "$1" S
    expect "$1" ' SWEEP *$' "S opens the sweep form"
    keys "$1" Down C-u
    type_text "$1" "$2"
    keys "$1" Down C-u
    type_text "$1" "$3"
}

# table_of SESSION: the table's lines as the pane shows them.
table_of() {
    screen_of "$1" | sed -n '/^ length: /,/^ correctness %/p'
}

# ---- a whole sweep: the form, the run, the table and chart ----

start full 130 36 "$bin" $tiny --epochs 2
expect full 'S sweep' "the status line offers S"
keys full S
expect full 'Sweep: every cell x length x seed' "the form's heading"
expect full '> cells +rnn,lstm,gru_' "cells default to all three"
expect full '  lengths +5,10,20,50,100' "lengths default to 5, 10, 20, 50, 100"
expect full '  seeds +1\.\.3' "seeds default to 1..3"
expect full 'Each run: 2x4 units, 2 epochs, batch 32, lr 0\.001, 200 samples' "the other settings are the settings screen's"
keys full Down C-u
type_text full "1,5"
keys full Enter
expect full 'Cannot sweep: lengths: .*1' "a length out of range is refused with one line"
expect full ' SWEEP *$' "and the form stays"
keys full C-u
type_text full "5,10"
keys full Down C-u
type_text full "1..2"
keys full Enter
expect full ' SWEPT *$' "Enter runs the sweep to its end"
expect full 'Swept 12 of 12 runs' "all 12 runs finished"
expect full '^ Sweep: 12 runs over cell x length x seed; 2x4 units, 2 epochs, 200 samples' "the heading names the axes"
expect full 'R/r SimpleRNN +L/l LSTM +G/g GRU +median/seed' "the legend: median and seed glyphs per cell"
expect full '^ length: +5 +10 *$' "the table's columns are the lengths"
num='[0-9]+\.[0-9] [0-9]+\.[0-9]-[0-9]+\.[0-9] (e[0-9.]+|never)'
expect full "^ R SimpleRNN +$num +$num *\$" "SimpleRNN's row: median, min-max, val<0.01 per length"
expect full "^ L LSTM +$num +$num *\$" "LSTM's row"
expect full "^ G GRU +$num +$num *\$" "GRU's row"
expect full '100% [+]' "the chart's y axis runs to 100%"
expect full '^ +0% [+]' "from 0%"
expect full '^ +length +5 +10' "its x axis is the lengths"
expect full '[|+].*[RLG]' "the chart plots the cells' medians"
expect full 'Sweep: 12 of 12 runs finished' "the progress line sums up"

# The table's numbers are those of the same single runs.
lstm=$(screen_of full | sed -n 's/^ L LSTM  *\([0-9.]*\) \([0-9.]*\)-\([0-9.]*\) .*/\1 \2 \3/p')
# "correctness: 36.7 % (11 of 30 test samples ...)": the exact share, 11/30.
share() {
    "$bin" --headless $tiny --epochs 2 --cell lstm --length 5 --seed "$1" |
        sed -n 's/^correctness: [0-9.]* % (\([0-9]*\) of \([0-9]*\) .*/\1 \2/p'
}
c1=$(share 1)
c2=$(share 2)
want=$(echo "$c1 $c2" | awk '{ a = 100 * $1 / $2; b = 100 * $3 / $4; lo = a < b ? a : b; hi = a < b ? b : a;
    printf "%.1f %.1f %.1f", (a + b) / 2, lo, hi }')
if [ -n "$c1" ] && [ -n "$c2" ] && [ "$lstm" = "$want" ]; then
    ok "full: LSTM at length 5 is the median, min and max of --cell lstm --length 5 --seed 1, 2 ($want)"
else
    bad "full: LSTM at length 5 shows '$lstm', single runs give $c1 and $c2 (want '$want')"
fi

# ---- w saves the logs; --view DIR shows the same table ----

keys full w
expect full '^ Save logs in: rnntui-sweep-[0-9]{8}-[0-9]{4}/' "w offers a directory for the logs"
keys full C-u
type_text full "saved/"
keys full Enter
expect full 'Saved 12 run logs in saved/' "and saves one log per run"
n=$(ls "$tmpdir/saved" | grep -c '\.jsonl$')
if [ "$n" = 12 ]; then ok "full: 12 .jsonl files in saved/"; else bad "full: saved/ holds $n logs: $(ls "$tmpdir/saved")"; fi
if [ -f "$tmpdir/saved/lstm-length10-seed2.jsonl" ] && \
   grep -q '"record": *"final", *"status": *"done"' "$tmpdir/saved/lstm-length10-seed2.jsonl"; then
    ok "full: lstm-length10-seed2.jsonl is a finished run's log"
else
    bad "full: lstm-length10-seed2.jsonl: $(ls "$tmpdir/saved"; head -c 300 "$tmpdir/saved/lstm-length10-seed2.jsonl" 2>&1)"
fi
keys full w
keys full C-u
type_text full "saved/"
keys full Enter
expect full 'saved/ holds logs of these runs already' "saving again over them asks first"
keys full y
expect full 'Saved 12 run logs in saved/' "y replaces them"
table_of full >"$tmpdir/table.live"
keys full q
expect full '^rnntui-exit=0$' "q quits after the sweep"
no_errors full

start view 130 36 "$bin" --view saved
expect view ' VIEW *$' "--view DIR opens the saved sweep"
expect view '^ Saved sweep: 12 runs over cell x length x seed' "as a sweep"
expect view '^ L LSTM ' "with its table"
table_of view >"$tmpdir/table.view"
if [ -s "$tmpdir/table.live" ] && cmp -s "$tmpdir/table.live" "$tmpdir/table.view"; then
    ok "view: the same table as when it ran"
else
    bad "view: the tables differ:"
    diff "$tmpdir/table.live" "$tmpdir/table.view"
fi
expect view '[|+].*[RLG]' "and its chart"
keys view s
expect view 'only shown' "s does not sweep again in a view"
keys view q
expect view '^rnntui-exit=0$' "q quits the view"
no_errors view

# A file that is not one of rnntui's logs is skipped, said, and listed on exit.
mkdir "$tmpdir/mixed" && cp "$tmpdir"/saved/lstm-*.jsonl "$tmpdir/mixed/" && echo 'not a log' >"$tmpdir/mixed/junk.jsonl"
start mixed 100 30 "$bin" --view mixed
expect mixed 'Viewing 4 run logs \(4 finished\); 1 file skipped, listed on exit' "--view skips a file that is not a log"
expect mixed '^ L LSTM ' "and shows the others"
keys mixed q
expect mixed '^rnntui-exit=0$' "quit"
if grep -q 'junk\.jsonl' "$tmpdir/mixed.err"; then ok "mixed: stderr names the skipped file"
else bad "mixed: stderr: $(cat "$tmpdir/mixed.err")"; fi

# ---- --sweep on the command line: the screen runs it, --log DIR/, --plot ----

start cli 100 30 "$bin" $tiny --epochs 2 --sweep length=5,10 --sweep seed=1..2 --cells lstm,gru \
    --log runs/ --plot sweep.svg
expect cli ' SWEPT *$' "--sweep on the command line sweeps on the screen at once"
expect cli '^ Sweep: 8 runs over cell x length x seed' "its 8 runs"
expect cli 'L/l LSTM +G/g GRU +median/seed' "only the cells of --cells"
keys cli q
expect cli '^rnntui-exit=0$' "quit"
no_errors cli
n=$(ls "$tmpdir/runs" 2>/dev/null | grep -c '\.jsonl$')
if [ "$n" = 8 ]; then ok "cli: --log runs/ holds one log per run"; else bad "cli: runs/ holds $n logs"; fi
if grep -q '<svg' "$tmpdir/sweep.svg" 2>/dev/null; then ok "cli: --plot wrote the sweep's SVG"; else bad "cli: no sweep.svg"; fi
# The same sweep headless writes the same epochs (all but their times).
(cd "$tmpdir" && "$bin" --headless $tiny --epochs 2 --sweep length=5,10 --sweep seed=1..2 --cells lstm,gru \
    --log hl/ >/dev/null 2>&1)
same=0
for f in "$tmpdir"/hl/*.jsonl; do
    g=$tmpdir/runs/$(basename "$f")
    a=$(grep '"epoch"' "$f" | sed 's/"seconds".*//')
    b=$(grep '"epoch"' "$g" 2>/dev/null | sed 's/"seconds".*//')
    [ -n "$a" ] && [ "$a" = "$b" ] && same=$((same + 1))
done
if [ "$same" = 8 ]; then ok "cli: every run's losses are those of the same --headless sweep"
else bad "cli: $same of 8 logs have the losses of --headless"; fi
start again 100 30 "$bin" $tiny --epochs 2 --sweep length=5,10 --cells lstm --log runs/
expect again '^rnntui-exit=1$' "a second sweep into the same directory exits 1 before the screen opens"
if grep -q 'runs/ already holds 8 run logs' "$tmpdir/again.err"; then ok "again: and says why"
else bad "again: stderr: $(cat "$tmpdir/again.err")"; fi
start toomany 100 30 "$bin" $tiny --sweep units=1..200 --sweep seed=1..100
expect toomany '^rnntui-exit=2$' "a sweep of more than 10,000 runs exits 2"

# ---- a long sweep: progress, pause, cancel ----

start long 100 30 "$bin" $tiny --epochs 100000
fill_form long "5,10" "1..2"
keys long Enter
expect long ' SWEEPING *$' "a long sweep runs"
expect long 'Run [0-9]+/12 [a-z]+-length[0-9]+-seed[0-9]+ +Epoch ([2-9]|[1-9][0-9]+)/100000' "the progress line names the running run and its epoch"
expect long '^ .*\* loss +o val_loss' "the running run's loss curve beside the chart"
keys long w
expect long '^ Save logs in: ' "w while sweeping"
keys long C-u
type_text long "partial/"
keys long Enter
expect long 'Saved [12] run logs? in partial/' "saves the running runs as far as they have come"
n=0
for f in "$tmpdir"/partial/*.jsonl; do
    if grep -q '"record": *"epoch"' "$f" && ! grep -q '"record": *"final"' "$f"; then n=$((n + 1)); fi
done
if [ "$n" -ge 1 ]; then ok "long: $n partial log(s) with epochs and no final record"
else bad "long: partial/: $(ls "$tmpdir/partial" 2>&1)"; fi
keys long p
expect long ' PAUSED *$' "p pauses"
keys long p
expect long ' SWEEPING *$' "p resumes"
keys long c
expect long 'Sweep cancelled: 0 of 12 runs finished' "c cancels the sweep"
expect long ' SWEPT *$' "nothing runs any more"
expect long '^ L LSTM +none done +none done *$' "no point has a finished run"
keys long Enter
expect long ' SWEEP *$' "Enter: back to the form"
keys long Escape
expect long ' SETTINGS *$' "Esc: back to the settings"
keys long S S
expect long ' SWEPT *$' "S in the form shows the last sweep"
keys long s
expect long ' SWEEPING *$' "s sweeps again"
keys long q
expect long 'Stop it and quit\?' "q asks first while sweeping"
keys long y
exited long 0
no_errors long

# ---- SIGTERM mid-sweep ----

start term 80 24 "$bin" $tiny --epochs 100000
fill_form term "5,10" "1"
keys term Enter
expect term 'Epoch ([2-9]|[1-9][0-9]+)/100000' "sweeping"
kill -TERM "$(pid_in term)"
exited term 143
if grep -q 'SIGTERM; the training was cancelled' "$tmpdir/term.err"; then ok "term: says so on stderr"
else bad "term: stderr: $(cat "$tmpdir/term.err")"; fi

# ---- a small terminal, resizes ----

start small 60 18 "$bin" $tiny --epochs 100000
fill_form small "5,10,20,50,100" "1..3"
keys small Enter
expect small ' SWEEPING *$' "a 60x18 terminal sweeps"
expect small '^ length: +5 +10 +20 +50 +100' "the table fits its columns"
T resize-window -t small -x 40 -y 12
expect small 'Terminal too small: 40x12' "below 60x18 it says so"
T resize-window -t small -x 120 -y 40
expect small '^ L LSTM ' "larger again: the table is back"
expect small ' SWEEPING *$' "and the sweep went on"
keys small C-c
exited small 130
if grep -q 'SIGINT; the training was cancelled' "$tmpdir/small.err"; then ok "small: Ctrl-C says so on stderr"
else bad "small: stderr: $(cat "$tmpdir/small.err")"; fi

# ---- one more axis from the form ----

start more 100 30 "$bin" $tiny --epochs 2
fill_form more "5,10" "1"
keys more Up Up C-u
type_text more "lstm"
keys more Down Down Down
type_text more "units=3,5"
keys more Enter
expect more 'Swept 4 of 4 runs' "cells lstm, units=3,5: four runs"
expect more '^ Sweep: 4 runs over cell x units x length x seed; 2 epochs, 200 samples' "units is an axis, not a shared setting"
expect more 'L/l LSTM units=3 +2/\. LSTM units=5' "the second row of a cell has its own glyph"
expect more "^ L LSTM units=3 +$num +$num *\$" "a table row per units value"
expect more "^ 2 LSTM units=5 +$num +$num *\$" "and the other"
keys more q
expect more '^rnntui-exit=0$' "quit"

# ---- monochrome ----

start mono 100 30 env TERM=vt100 "$bin" $tiny --epochs 2
fill_form mono "5,10" "1"
keys mono Enter
expect mono 'Swept 6 of 6 runs' "TERM=vt100 sweeps"
expect mono 'R/r SimpleRNN +L/l LSTM +G/g GRU' "the glyphs tell the cells apart"
if [ "$(colour_codes mono)" -eq 0 ]; then ok "mono: no colour codes"; else bad "mono: colour codes on a vt100"; fi
keys mono q
expect mono '^rnntui-exit=0$' "quit"

finish
