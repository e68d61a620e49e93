#!/bin/sh
# ui_faults.sh - the file options, the save-log key, --view and faults in the
# curses screen, end to end.
#
# As ui.sh does, runs the real binary ($top_builddir/src/rnntui) in detached
# tmux panes of a fixed size on a private server, through a wrapper that
# records the tty modes before and after and prints the exit status, and
# polls capture-pane text against a deadline. Covers:
#   - a bad --view file or --log path: one line, exit 1, the screen never
#     opens, nothing is written;
#   - --log in the screen: the first run writes the path as given, run k the
#     name with -k before the extension (also --save-weights and --plot), an
#     existing name refuses the start; settings changed before the first run
#     are the ones in the JSON Lines config record; quitting before any run
#     removes the log again;
#   - SIGINT and SIGTERM during a run with --log: exit 130 / 143, the terminal
#     restored, the log valid and complete up to the last finished epoch;
#   - a log write failing mid-run (a file size limit): a message on the
#     screen, the run stopped, the program goes on, exit 1 at the end;
#   - the save-log key: the suggested name, Esc, writing, refusing to replace
#     without y, a bad directory, saving a running job; the files parse back;
#   - --view of a JSON Lines and of a CSV log: chart, results, logged settings;
#   - SIGWINCH storms (resize-window, resize-pane, kill -WINCH) during a run:
#     it keeps training and draws the right layout afterwards.
# The logs are parsed with Python's csv and json modules when python3 is
# there, else checked line by line with awk. Exits 77 without tmux.
# UI_TEST_TIMEOUT sets the seconds allowed for each wait (default 30).

me=ui_faults.sh
. "${srcdir:-.}/tests/tmux_lib.sh"

tmux_tmpdir uif
cd "$tmpdir" || exit 99

# Tiny runs: about a millisecond per epoch. "long" is cut short by a key or
# a signal long before its last epoch.
short="--samples 300 --length 20 --units 8 --threads 1"
long="$short --epochs 100000"

# logcheck FILE: "ROWS STATUS EPOCHS_DONE" when FILE is a whole log (CSV or
# JSON Lines by its name) whose epochs count 0, 1, 2, ...; STATUS is "none"
# without a final record. Otherwise "bad: why".
logcheck() {
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$1" <<'EOF'
import csv, json, math, sys
path = sys.argv[1]
try:
    if path.endswith('.jsonl'):
        recs = [json.loads(l) for l in open(path)]
        assert recs and recs[0]['record'] == 'config', 'no config record first'
        epochs = [r for r in recs[1:] if r['record'] == 'epoch']
        finals = [r for r in recs[1:] if r['record'] == 'final']
        assert len(epochs) + len(finals) == len(recs) - 1, 'unknown records'
        assert len(finals) <= 1 and (not finals or recs[-1] is finals[0]), 'final record not last'
        for i, r in enumerate(epochs):
            assert r['epoch'] == i, 'epoch %d at row %d' % (r['epoch'], i)
            assert isinstance(r['loss'], float) and isinstance(r['val_loss'], float)
        f = finals[0] if finals else None
        if f:
            assert f['epochs_done'] == len(epochs), 'epochs_done %d, %d rows' % (f['epochs_done'], len(epochs))
        print(len(epochs), f['status'] if f else 'none', f['epochs_done'] if f else len(epochs))
    else:
        rows = list(csv.reader(open(path, newline='')))
        assert rows[0] == ['epoch', 'loss', 'val_loss', 'seconds'], 'header %r' % rows[0]
        for i, r in enumerate(rows[1:]):
            assert len(r) == 4 and int(r[0]) == i, 'row %d: %r' % (i, r)
            [float(x) for x in r[1:]]
        print(len(rows) - 1, 'none', len(rows) - 1)
except Exception as e:
    print('bad:', e)
EOF
    else
        case $1 in
        *.jsonl)
            awk '
                BEGIN { n = 0 }
                NR == 1 { if ($0 !~ /^\{"record": "config", .*\}$/) { print "bad: no config record"; bad = 1; exit } next }
                final { print "bad: a record after the final one"; bad = 1; exit }
                /^\{"record": "epoch", "epoch": [0-9]+, .*\}$/ {
                    e = $0; sub(/^\{"record": "epoch", "epoch": /, "", e); sub(/,.*/, "", e)
                    if (e + 0 != n) { print "bad: epoch " e " at row " n; bad = 1; exit }
                    n++; next }
                /^\{"record": "final", "status": "[a-z]+", "epochs_done": [0-9]+.*\}$/ {
                    s = $0; sub(/^\{"record": "final", "status": "/, "", s); sub(/".*/, "", s)
                    d = $0; sub(/.*"epochs_done": /, "", d); sub(/[,}].*/, "", d)
                    final = 1; next }
                { print "bad: line " NR; bad = 1; exit }
                END { if (!bad) print n, (final ? s : "none"), (final ? d : n) }' "$1" ;;
        *)
            awk -F, '
                NR == 1 { if ($0 != "epoch,loss,val_loss,seconds") { print "bad: header"; bad = 1; exit } next }
                NF != 4 || $1 != NR - 2 { print "bad: row " NR - 1; bad = 1; exit }
                END { if (!bad) print NR - 1, "none", NR - 1 }' "$1" ;;
        esac
    fi
}

# ---- no terminal needed: a bad --view file ----

out=$("$bin" --view "$tmpdir/missing.csv" </dev/null 2>&1)
rc=$?
if [ $rc -eq 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
   printf '%s\n' "$out" | grep -q "^rnntui: cannot view .*missing.csv: No such file"; then
    ok "--view of a missing file: one line, exit 1"
else
    bad "--view of a missing file: exit $rc, said: $out"
fi
head -c 300 /dev/urandom >random.csv
out=$("$bin" --view random.csv </dev/null 2>&1)
rc=$?
if [ $rc -eq 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
   printf '%s\n' "$out" | grep -q "^rnntui: cannot view random.csv: "; then
    ok "--view of random bytes: one line, exit 1"
else
    bad "--view of random bytes: exit $rc, said: $out"
fi

need_tmux

# ---- tmux ----

tmux_setup "$tmpdir"
# exited here checks the status, the tty modes and the terminal flags, not
# the shell's screen.
exited_check=noscreen

# log_is FILE ERE WHAT: logcheck's verdict on FILE matches ERE.
log_is() {
    v=$(logcheck "$1")
    if printf '%s\n' "$v" | grep -E -q -- "$2"; then ok "$3 ($1: $v)"; else bad "$3: $1: $v"; fi
}

# ---- bad files before the screen opens ----

start badview 80 24 "$bin" --view random.csv
exited badview 1
never_opened badview
one_line badview '^rnntui: cannot view random\.csv: '

start badlog 80 24 "$bin" --log "$tmpdir/nodir/run.csv" --start
exited badlog 1
never_opened badlog
one_line badlog "^rnntui: cannot write $tmpdir/nodir/run\\.csv \\(--log\\): No such file or directory"

echo keep >exists.csv
start exists 80 24 "$bin" --log exists.csv
exited exists 1
never_opened exists
one_line exists 'exists\.csv \(--log\): File exists \(use --force'
if [ "$(cat exists.csv)" = keep ]; then ok "exists: the file is untouched"; else bad "exists: exists.csv changed"; fi

# ---- quitting before any run removes the log again ----

start norun 80 24 "$bin" --log norun.csv
expect norun 'Parameters +11,311' "the screen opens with --log"
if [ -f norun.csv ]; then ok "norun: the log was created before the screen opened"; else bad "norun: no norun.csv"; fi
keys norun q
exited norun 0
no_errors norun
if [ ! -e norun.csv ]; then ok "norun: quit before any run removes it"; else bad "norun: norun.csv left behind"; fi

# ---- --log, --save-weights and --plot for run 1, 2, 3 ----

start multi 100 24 "$bin" $short --epochs 2 --log multi.csv --save-weights w.json --plot p.svg --start
expect multi 'correctness: [0-9]+\.[0-9]%' "run 1 finishes"
expect multi 'Wrote multi\.csv, w\.json, p\.svg\.' "and says which files it wrote"
keys multi s
expect multi 'Wrote multi-2\.csv, w-2\.json, p-2\.svg\.' "run 2 writes the names with -2"
log_is multi.csv '^2 none 2$' "multi: run 1's log has its 2 epochs"
log_is multi-2.csv '^2 none 2$' "multi: run 2's log has its 2 epochs"
if [ -s w.json ] && [ -s w-2.json ] && grep -q '</svg>' p.svg && grep -q '</svg>' p-2.svg; then
    ok "multi: weights and plots of both runs"
else
    bad "multi: missing weights or plots: $(ls)"
fi
echo keep >multi-3.csv
keys multi s
expect multi 'cannot start: cannot write multi-3\.csv \(--log\): File exists \(use --force' "run 3 is refused: multi-3.csv exists"
if [ "$(cat multi-3.csv)" = keep ] && [ ! -e w-3.json ]; then ok "multi: nothing written for run 3"; else bad "multi: run 3 wrote something"; fi
rm -f multi-3.csv
keys multi s
expect multi 'Wrote multi-3\.csv, w-3\.json, p-3\.svg\.' "run 3 starts once the name is free"
keys multi q
exited multi 0
no_errors multi

# ---- settings changed before run 1 are in the JSON Lines config ----

start relog 80 24 "$bin" $short --epochs 2 --log relog.jsonl
expect relog '> cell +LSTM' "settings"
keys relog Down 9 Enter
expect relog '> units +9( |$)' "units typed: 9"
keys relog Enter
expect relog 'Wrote relog\.jsonl\.' "run 1 writes relog.jsonl"
log_is relog.jsonl '^2 done 2$' "relog: a whole log with a final record"
if head -n 1 relog.jsonl | grep -q '"units": 9,'; then ok "relog: the config record has units 9"; else bad "relog: config: $(head -n 1 relog.jsonl)"; fi
keys relog q
exited relog 0

# ---- SIGINT and SIGTERM with --log ----

start int 80 24 "$bin" $long --log int.jsonl --start
expect int 'Epoch ([3-9]|[1-9][0-9]+)/100000' "training with --log int.jsonl"
seen=$(epoch_of int)
keys int C-c
exited int 130
one_line int '^rnntui: stopped by SIGINT; the training was cancelled; the log int\.jsonl holds [0-9]+ epochs$'
n=$(sed -n 's/.*holds \([0-9]*\) epoch.*/\1/p' int.err)
log_is int.jsonl "^${n:-x} cancelled ${n:-x}\$" "int: the log is whole, its epochs as said, final record cancelled"
if [ "${n:-0}" -ge $((seen - 1)) ]; then ok "int: $n epochs logged, the screen had shown epoch $seen"; else bad "int: $n epochs logged, the screen had shown epoch $seen"; fi

start term 80 24 "$bin" $long --log term.csv --start
expect term 'Epoch ([3-9]|[1-9][0-9]+)/100000' "training with --log term.csv"
seen=$(epoch_of term)
kill -TERM "$(pid_in term)"
exited term 143
one_line term '^rnntui: stopped by SIGTERM; the training was cancelled; the log term\.csv holds [0-9]+ epochs$'
n=$(sed -n 's/.*holds \([0-9]*\) epoch.*/\1/p' term.err)
log_is term.csv "^${n:-x} none ${n:-x}\$" "term: the CSV log is whole, with the epochs said"
if [ "${n:-0}" -ge $((seen - 1)) ]; then ok "term: $n epochs logged, the screen had shown epoch $seen"; else bad "term: $n epochs logged, the screen had shown epoch $seen"; fi

# ---- a log write failing mid-run ----

cat >limited.sh <<EOF
#!/bin/sh
ulimit -f 2
exec "$bin" $long --log limited.jsonl --start
EOF
chmod +x limited.sh
start limit 100 24 "$tmpdir/limited.sh"
expect limit 'cannot write limited\.jsonl \(--log\): File too large; it holds the first [0-9]+ epochs?; training stopped' \
    "a file size limit mid-run: the message on the screen"
expect limit ' SETTINGS *$' "the run stopped, back to the settings"
keys limit Down
expect limit '> units' "the screen still answers"
keys limit q
exited limit 1
one_line limit '^rnntui: cannot write limited\.jsonl \(--log\): File too large; it holds the first [0-9]+ epoch'
n=$(sed -n 's/.*the first \([0-9]*\) epoch.*/\1/p' limit.err)
log_is limited.jsonl "^${n:-x} none " "limit: the log keeps whole records, the epochs it says"

# ---- the save-log key ----

start save 80 24 "$bin" $short --epochs 3 --start
expect save 'correctness: [0-9]+\.[0-9]%' "a finished run"
pct=$(screen_of save | sed -n 's/.*correctness: \([0-9.]*\)%.*/\1/p' | head -n 1)
keys save w
expect save '^ Save log as: rnntui-lstm-2x8-seed1-[0-9]{8}-[0-9]{4}\.jsonl' "w offers a name from cell, size, seed and time"
expect save 'Save the log of 3 epochs' "and says what it saves"
keys save Escape
expect save 'Log not saved\.' "Esc cancels"
expect_gone save 'Save log as:' "and closes the input"
if ! ls rnntui-lstm-* >/dev/null 2>&1; then ok "save: nothing written"; else bad "save: a file was written after Esc"; fi
keys save w
keys save C-u
type_text save "$tmpdir/saved.jsonl"
keys save Enter
expect save 'Saved 3 epochs to .*saved\.jsonl \(jsonl\)\.' "Enter saves"
log_is saved.jsonl '^3 done 3$' "save: the file parses back"
if command -v python3 >/dev/null 2>&1; then
    c=$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])][-1]; print("%.1f %d" % (r["correctness"], len(r["table"])))' saved.jsonl)
    if [ "$c" = "$pct 5" ]; then ok "save: correctness $pct and a five-row table, as on the screen"; else bad "save: file has $c, the screen $pct"; fi
fi
cp saved.jsonl saved.orig
keys save w C-u
type_text save saved.jsonl
keys save Enter
expect save 'saved\.jsonl exists\.' "an existing name is not replaced"
expect save 'Replace it\? y = replace' "but asks"
keys save n
expect save '^ Save log as: saved\.jsonl' "n goes back to the name"
keys save BSpace BSpace BSpace BSpace BSpace
type_text save csv
keys save Enter
expect save 'Saved 3 epochs to saved\.csv \(csv\)\.' "a .csv name saves CSV"
log_is saved.csv '^3 none 3$' "save: the CSV parses back"
keys save w C-u
type_text save saved.jsonl
keys save Enter
expect save 'Replace it\?' "asked again"
keys save y
expect save 'Saved 3 epochs to saved\.jsonl' "y replaces it"
log_is saved.jsonl '^3 done 3$' "save: the replaced file parses back"
keys save w C-u
type_text save "$tmpdir/nodir/x.jsonl"
keys save Enter
expect save 'Cannot save .*nodir/x\.jsonl: No such file or directory' "a missing directory is an error on the screen"
expect save '^ Save log as: ' "and the input stays open"
keys save Escape
expect_gone save 'Save log as:' "Esc closes it"
keys save q
exited save 0
no_errors save

start savelive 80 24 "$bin" $long --start
expect savelive 'Epoch ([3-9]|[1-9][0-9]+)/100000' "training"
keys savelive w C-u
type_text savelive live.jsonl
keys savelive Enter
expect savelive 'Saved [0-9]+ epochs so far to live\.jsonl' "w saves a running job as far as it has come"
expect savelive ' TRAINING *$' "and training goes on"
log_is live.jsonl '^[1-9][0-9]* none ' "savelive: a log without a final record"
keys savelive q y
exited savelive 0
no_errors savelive

# ---- --view ----

start viewj 80 24 "$bin" --view saved.jsonl
expect viewj ' VIEW *$' "--view shows the log"
expect viewj "correctness: $pct%" "with the results"
rows=$(screen_of viewj | grep -c -E '^ [1-5]  [0-9]\.[0-9]{4} [ -][0-9]\.[0-9]{4}  [0-9]\.[0-9]{4}')
if [ "$rows" -eq 5 ]; then ok "viewj: the five-sample table"; else bad "viewj: $rows table rows"; fi
expect viewj ' epoch +1 .* 3$' "and the chart over 3 epochs"
expect viewj 'Viewing saved\.jsonl: 3 epochs \(done\)' "the message names the file"
keys viewj Enter
expect viewj 'Settings \(logged\)' "Enter shows the logged settings"
expect viewj '> cell +LSTM' "cell LSTM"
expect viewj 'units +8( |$)' "units 8 from the log, not the default 30"
expect viewj 'samples +300( |$)' "samples 300"
keys viewj Right
expect viewj 'cannot be changed here' "settings cannot be changed"
keys viewj Down 5
expect viewj '> units +8( |$)' "nor typed"
keys viewj Enter
expect viewj 'correctness:' "Enter goes back to the results"
keys viewj q
exited viewj 0
no_errors viewj

start viewc 80 24 "$bin" --view term.csv
expect viewc ' VIEW *$' "--view of a CSV log"
expect viewc 'Viewing term\.csv: [0-9]+ epochs \(CSV, no settings or results recorded\)' "says what it holds"
expect viewc ' epoch +1 ' "the chart"
expect viewc 'Settings \(not in a CSV log\)' "the settings are marked as not logged"
keys viewc s
expect viewc 'only shown; run rnntui without --view to train' "s does not train"
keys viewc w C-u
type_text viewc copy.jsonl
keys viewc Enter
expect viewc 'no settings for JSON Lines: give the name a \.csv ending' "a CSV log cannot become JSON Lines"
keys viewc BSpace BSpace BSpace BSpace BSpace
type_text viewc csv
keys viewc Enter
expect viewc 'Saved [0-9]+ epochs to copy\.csv' "but saves as CSV"
if cmp -s term.csv copy.csv; then ok "viewc: the copy equals the original"; else bad "viewc: copy.csv differs from term.csv"; fi
keys viewc q
exited viewc 0
no_errors viewc

# ---- SIGWINCH storms during a run ----

start storm 80 24 "$bin" $long --log storm.csv --start
expect storm 'Epoch ([3-9]|[1-9][0-9]+)/100000' "training"
i=0
for size in 100x30 60x18 50x15 120x40 79x23 61x19 30x8 132x50 80x24 90x20; do
    for rep in 1 2 3 4 5 6; do
        T resize-window -t storm -x "${size%x*}" -y "${size#*x}"
        i=$((i + 1))
    done
done
ok "storm: $i resize-window calls sent"
T split-window -h -t storm "exec sleep 3600"
for w in 20 50 30 60 10 40 25 55 35 45 15 50 20 40; do
    T resize-pane -t storm.0 -x "$w"
    i=$((i + 1))
done
pid=$(pid_in storm)
for k in $(seq 1 200); do kill -WINCH "$pid" 2>/dev/null; done
T kill-pane -t storm.1
T resize-window -t storm -x 100 -y 30
expect storm ' units +8 +1\.\.1024' "after $i resizes and 200 SIGWINCH, 100x30 draws the wide layout"
e1=$(epoch_of storm)
if wait_epoch_above storm "$e1"; then ok "storm: it goes on training"; else bad "storm: training stopped"; fi
T resize-window -t storm -x 80 -y 24
expect storm ' TRAINING *$' "80x24: the title bar ends with TRAINING"
screen_of storm >"$tmpdir/screen"
width=$(awk 'NR == 1 { print length($0) }' "$tmpdir/screen")
last=$(awk 'NF { l = $0 } END { print l }' "$tmpdir/screen")
if [ "$width" = 80 ] || [ "$width" = 79 ]; then ok "storm: the title bar spans 80 columns"; else bad "storm: title bar $width wide"; fi
case $last in
    *' p pause  c cancel'*) ok "storm: the status line is the last line" ;;
    *) bad "storm: the last line is: $last" ;;
esac
if ! grep -q 'Terminal too small' "$tmpdir/screen" && grep -q 'Loss per epoch' "$tmpdir/screen" &&
   grep -E -q ' epoch +1 .* 100000$' "$tmpdir/screen"; then
    ok "storm: the chart and its axis, no leftover message"
else
    bad "storm: the layout is wrong:"
    cat "$tmpdir/screen"
fi
lines=$(grep -c . "$tmpdir/screen")
if [ "$lines" -ge 20 ] && [ "$lines" -le 24 ]; then ok "storm: $lines lines drawn in 24 rows"; else bad "storm: $lines lines"; fi
keys storm q y
exited storm 0
no_errors storm
log_is storm.csv '^[1-9][0-9]* none ' "storm: the log is whole after the storm"

finish
