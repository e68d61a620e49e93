#!/bin/sh
# Files lost or clobbered (issue 10, items 2, 5 and 6), through the real
# binary: two options naming one file, symbolic links, a file size limit
# without `trap '' XFSZ`, an export interrupted by SIGKILL, a FIFO without a
# reader, --bench with file options, stdout on /dev/full, SIGHUP, a run out
# of memory, and terminal escapes in a log.
bld=$(cd "${top_builddir:-.}" && pwd)
R="$bld/src/rnntui"
[ -x "$R" ] || { echo "no $R"; exit 99; }
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 99

T="--headless --samples 300 --length 20 --units 8 --epochs 2 --threads 1"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() {   # check DESCRIPTION COMMAND...
    d=$1; shift
    if "$@"; then ok; else bad "$d"; fi
}
# run WANT_STATUS COMMAND...: stdout in out.txt, stderr in err.txt
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
}
# refused STATUS TEXT COMMAND...: STATUS, one line on stderr holding TEXT,
# no training.
refused() {
    want=$1; text=$2; shift 2
    run "$want" "$@" || return 1
    if [ "$(wc -l < err.txt)" -ne 1 ]; then bad "not one line of stderr: $*"; cat err.txt; fi
    if ! grep -qF -- "$text" err.txt; then bad "stderr lacks '$text': $*"; cat err.txt; fi
    if grep -q '^Epoch' out.txt; then bad "training started: $*"; fi
}
# no_temp: no temporary file or staging directory of rnntui is left here.
no_temp() {
    left=$(find . -name '*.rnntui-*' | head -3)
    if [ -z "$left" ]; then ok; else bad "$1: left behind: $left"; fi
}
sanitized() {   # sanitized: whether the binary runs under ASan (ulimit -v breaks it)
    grep -q '__asan_init' "$R" 2>/dev/null
}

# ---- two options naming the same file: exit 2 before anything ----

refused 2 "--log x.csv and --save-weights x.csv are the same file" "$R" $T --log x.csv --save-weights x.csv
check "same: nothing written" test ! -e x.csv
refused 2 "--log x.csv and --plot x.csv are the same file" "$R" $T --log x.csv --plot x.csv --force
refused 2 "are the same file" "$R" $T --log ./y.csv --plot y.csv
ln -s x.svg link.svg
refused 2 "--log x.svg and --plot link.svg are the same file" "$R" $T --log x.svg --plot link.svg
refused 2 "--log d/X.npy and --export-data d/X.npy are the same file" "$R" $T --log d/X.npy --export-data d
run 0 "$R" $T --save-weights w.json
cp w.json w.keep
refused 2 "--load-weights w.json and --log w.json are the same file: an output cannot replace an input" \
    "$R" $T --load-weights w.json --log w.json --force
ln -s w.json wlink.json
refused 2 "are the same file: an output cannot replace an input" \
    "$R" $T --load-weights w.json --save-weights wlink.json --force
check "same: the input untouched" cmp -s w.json w.keep
run 0 "$R" $T --log v.csv
cp v.csv v.keep
refused 2 "--view v.csv and --plot v.csv are the same file" "$R" --view v.csv --plot v.csv --force
check "same: the viewed log untouched" cmp -s v.csv v.keep
refused 2 "--log (SimpleRNN) c-simplernn.csv and --plot (SimpleRNN) c-simplernn.csv are the same file" \
    "$R" $T --compare --log c.csv --plot c.csv
check "compare: nothing written" sh -c '! ls c-* 2>/dev/null'
run 0 "$R" $T --log /dev/null --plot /dev/null   # a device is shared, not clobbered
# /dev/stdout on a pipe is a link to "pipe:[n]": written in place, as before.
"$R" $T --log /dev/stdout 2> err.txt | grep -c '^[0-9],' > rows.txt
check "--log /dev/stdout on a pipe: the rows" test "$(cat rows.txt)" -eq 2
check "--log /dev/stdout on a pipe: no error" test ! -s err.txt

# ---- one rule for links: every output is written through ----

ln -s target.json dangling.json
run 0 "$R" $T --save-weights dangling.json
check "dangling link: weights saved to its target" grep -q '"format": "rnntui-weights"' target.json
check "dangling link: still a link" test -L dangling.json
ln -s target.csv dangling.csv
run 0 "$R" $T --log dangling.csv
check "dangling link: log written to its target" test "$(head -1 target.csv)" = "epoch,loss,val_loss,seconds"
check "dangling link (log): still a link" test -L dangling.csv
cp w.json old.json
ln -s old.json forced.json
run 0 "$R" $T --seed 5 --save-weights forced.json --force
check "--force through a link: the link stays" test -L forced.json
check "--force through a link: its target replaced" sh -c '! cmp -s old.json w.keep'
ln -s target.svg plot.svg
run 0 "$R" $T --plot plot.svg
check "dangling link: plot written to its target" grep -q '<svg' target.svg
no_temp "links"

# ---- a file size limit, without trap '' XFSZ ----

(ulimit -f 2 && exec "$R" $T --epochs 200 --log limited.jsonl) > /dev/null 2> err.txt
st=$?
check "size limit, log: exit 1, not killed by SIGXFSZ ($st)" test "$st" -eq 1
check "size limit, log: message" grep -q "cannot write limited.jsonl (--log): File too large; it holds the first [0-9]* epochs" err.txt
check "size limit, log: a whole last line" test "$(tail -c 1 limited.jsonl | od -An -c | tr -d ' ')" = '\n'
run 0 "$R" --view limited.jsonl --headless
(ulimit -f 8 && exec "$R" $T --units 30 --save-weights big.json) > /dev/null 2> err.txt
st=$?
check "size limit, weights: exit 1 ($st)" test "$st" -eq 1
check "size limit, weights: message" grep -q "cannot write big.json (--save-weights): File too large" err.txt
check "size limit, weights: no file" test ! -e big.json
(ulimit -f 8 && exec "$R" $T --samples 3000 --length 100 --epochs 0 --export-data bigdata) > /dev/null 2> err.txt
st=$?
check "size limit, export: exit 1 ($st)" test "$st" -eq 1
check "size limit, export: message" grep -q "cannot write bigdata/X.npy (--export-data): File too large" err.txt
check "size limit, export: no directory" test ! -e bigdata
no_temp "size limit"

# ---- --export-data: a whole set or none ----

E="--headless --samples 1000000 --length 2 --units 1 --layers 1 --epochs 0 --threads 1"
run 0 "$R" $E --seed 1 --export-data ref1
run 0 "$R" $E --seed 2 --export-data ref2
check "export: the seeds differ" sh -c '! cmp -s ref1/Y.npy ref2/Y.npy'
# same_set DIR: DIR holds all five files of one of the two exports, or is
# absent (the instant between two renames where the system cannot swap).
same_set() {
    [ -e "$1" ] || return 0
    for s in ref1 ref2; do
        all=1
        for f in X.npy Y.npy train_idx.npy val_idx.npy test_idx.npy; do
            cmp -s "$1/$f" "$s/$f" || all=0
        done
        [ $all -eq 1 ] && return 0
    done
    return 1
}
mixed=0
for round in 1 2 3; do
    rm -rf data
    cp -r ref1 data
    touch -d '2000-01-01' data/* stamp
    "$R" $E --seed 2 --export-data data --force > /dev/null 2>&1 &
    pid=$!
    # Kill it the moment the new X.npy is in place, or the run ends.
    while kill -0 $pid 2>/dev/null && ! [ data/X.npy -nt stamp ]; do :; done
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    same_set data || mixed=$((mixed + 1))
done
check "export killed as X.npy arrives: never a mixed set ($mixed of 3 mixed)" test $mixed -eq 0
# Killed while staging: the old set stays; the next export clears the rest.
rm -rf data
cp -r ref1 data
"$R" $E --seed 2 --export-data data --force > /dev/null 2>&1 &
pid=$!
while kill -0 $pid 2>/dev/null && ! ls -a . data 2>/dev/null | grep -q 'rnntui-'; do :; done
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
check "export killed while writing: a whole set" same_set data
run 0 "$R" $E --seed 2 --export-data data --force
check "export: the new set" same_set data
check "export: the new set is seed 2" cmp -s data/Y.npy ref2/Y.npy
no_temp "export after SIGKILL"
mkdir mine
echo notes > mine/notes.txt
refused 1 "cannot write mine (--export-data): it holds notes.txt, which is not part of an export" \
    "$R" $T --export-data mine --force
check "export: another file kept" test "$(cat mine/notes.txt)" = notes
# A directory that cannot be created: the reason, not "No such file".
if [ "$(id -u)" -ne 0 ]; then
    mkdir ro && chmod 555 ro
    refused 1 "cannot write ro/data (--export-data): Permission denied" "$R" $T --export-data ro/data
elif [ -d /sys/kernel ] && ! mkdir /sys/rnntui-probe 2>/dev/null; then
    refused 1 "cannot write /sys/rnntui-data (--export-data): Operation not permitted" \
        "$R" $T --export-data /sys/rnntui-data
fi

# ---- a FIFO without a reader: refused at once, not waited for ----

mkfifo fifo
start=$(date +%s)
refused 1 "cannot write fifo (--log): No such device or address (a FIFO that no process reads)" \
    timeout -s INT 10 "$R" $T --log fifo
check "fifo: refused at once" test $(($(date +%s) - start)) -lt 5
# The weights are opened when saved, at the end: refused then, not waited for.
run 1 timeout -s INT 20 "$R" $T --save-weights fifo
check "fifo (weights): the reason" grep -q 'cannot write fifo (--save-weights): No such device or address (a FIFO that no process reads)' err.txt
# With a reader, the log goes through it (tried again until the reader,
# started in the background, has the FIFO open).
(cat fifo > fromfifo.csv) &
reader=$!
for _ in $(seq 100); do
    timeout 30 "$R" $T --log fifo > out.txt 2> err.txt
    st=$?
    grep -q 'a FIFO that no process reads' err.txt || break
    sleep 0.1
done
check "fifo with a reader: exit 0 ($st)" test "$st" -eq 0
wait $reader
check "fifo with a reader: the log" test "$(wc -l < fromfifo.csv)" -eq 3

# ---- --bench writes no files: file options are refused ----

for o in "--log b.csv" "--view v.csv" "--save-weights b.json" "--plot b.svg" "--export-data bd" \
         "--load-weights w.json"; do
    refused 2 "--bench times training and writes no files: it cannot be combined with ${o% *}" \
        timeout 20 "$R" --bench $o
done

# ---- stdout that cannot be written: one line on stderr ----

if [ -w /dev/full ]; then
    "$R" $T --log full.csv > /dev/full 2> err.txt
    st=$?
    check "stdout on /dev/full: exit 1 ($st)" test "$st" -eq 1
    check "stdout on /dev/full: the reason" grep -qx "rnntui: cannot write to standard output: No space left on device" err.txt
    check "stdout on /dev/full: no log of a run that did not start" test ! -e full.csv
    "$R" --view v.csv --headless > /dev/full 2> err.txt
    check "--view on /dev/full: exit 1 and the reason" \
        sh -c "test $? -eq 1 && grep -q 'cannot write to standard output: No space' err.txt"
    "$R" --help > /dev/full 2> err.txt
    check "--help on /dev/full: exit 1 and the reason" \
        sh -c "test $? -eq 1 && grep -q 'cannot write to standard output: No space' err.txt"
fi

# ---- SIGHUP headless: as SIGTERM, with the final record ----

"$R" --headless --samples 3000 --length 100 --units 8 --epochs 100000 --threads 1 --log hup.jsonl \
    > hup.out 2> hup.err &
pid=$!
for _ in $(seq 300); do grep -q '^Epoch 2/' hup.out && break; sleep 0.1; done
kill -HUP $pid
wait $pid
st=$?
check "SIGHUP: exit 129 ($st)" test "$st" -eq 129
check "SIGHUP: message" grep -q "interrupted by signal 1 after" hup.err
check "SIGHUP: final record cancelled" sh -c 'tail -1 hup.jsonl | grep -q "\"record\": \"final\", \"status\": \"cancelled\""'

# ---- out of memory before training: nothing left behind ----

if sanitized; then
    echo "skipped: out of memory under a sanitizer (ulimit -v)"
else
    (ulimit -v 400000 && exec "$R" --headless --samples 10000000 --length 100 --units 1 --layers 1 \
        --epochs 1 --threads 1 --memory-limit 0 --log oom.csv --export-data oomdata --plot oom.svg) \
        > /dev/null 2> err.txt       # --memory-limit 0: no estimate check, the allocation fails
    st=$?
    check "out of memory: exit 1 ($st)" test "$st" -eq 1
    check "out of memory: said" grep -q "out of memory" err.txt
    check "out of memory: no log, export or plot" test ! -e oom.csv -a ! -e oomdata -a ! -e oom.svg
    no_temp "out of memory"
fi

# ---- terminal escapes in a log ----

esc=$(printf '\033')
bel=$(printf '\007')
sed 's/"version": "[^"]*"/"version": "\\u001b]0;pwned\\u0007\\u001b[2J"/' hup.jsonl > evil.jsonl
check "evil log made" grep -q 'u001b' evil.jsonl
run 0 "$R" --view evil.jsonl --headless
check "--view --headless: no escape printed" sh -c "! grep -q '[$esc$bel]' out.txt"
check "--view --headless: the version shown cleaned" grep -qF 'rnntui ?]0;pwned??[2J)' out.txt

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
