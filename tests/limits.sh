#!/bin/bash
# Memory limits and prompt cancel, driving the real binary (issue 10, items
# 3 and 4):
# - a configuration whose memory estimate is above the limit is refused
#   before anything is allocated or written: exit 2, one line naming the
#   estimate and the setting to lower (headless, --compare per cell, --bench,
#   the architecture of --load-weights); --memory-limit raises or lowers it;
# - the estimate printed under the summary is an upper bound of the peak
#   resident size of the run, within a sensible factor;
# - SIGTERM/SIGINT end a run within 2 s with exit 143/130 while it
#   initialises 1024-unit layers, inside a batch whose chunk of sequences
#   takes seconds, and while it generates 3,000,000 samples;
set -u
. "${top_srcdir:-.}/tests/check_lib.sh"

# refused WHAT ARGS...: exit 2, nothing on stdout, one line on stderr that
# names WHAT and the estimate.
refused() {
    local what=$1; shift
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    ok
    [ $rc -eq 2 ] || fail "$*: exit $rc, expected 2"
    [ ! -s "$tmp/out" ] || fail "$*: wrote to stdout: $(head -3 "$tmp/out")"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$*: stderr is not one line: $(cat "$tmp/err")"
    grep -qE 'needs about [0-9.]+ [KMGT]iB of memory' "$tmp/err" || fail "$*: no estimate: $(cat "$tmp/err")"
    grep -qF -- "$what" "$tmp/err" || fail "$*: message does not name '$what': $(cat "$tmp/err")"
}

# The issue's configuration: ~95 GiB with two threads. A machine with that
# much available memory still cannot give 64 threads their workspaces.
big=(--headless --units 128 --layers 8 --length 100000 --samples 40)
avail_kib=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo 2>/dev/null)
if [ -n "$avail_kib" ] && [ "$avail_kib" -gt $((90 * 1024 * 1024)) ]; then
    big+=(--threads 64)
fi
start=$(date +%s%N)
refused "lower --length" "${big[@]}" --log "$tmp/big.csv"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ $ms -lt 2000 ] || fail "the refusal took $ms ms"
[ ! -e "$tmp/big.csv" ] || fail "a refused run created its log"
grep -qE 'needs about [0-9.]+ GiB .*\((MemAvailable|RLIMIT_AS)\)' "$tmp/err" ||
    fail "the limit's source is not named: $(cat "$tmp/err")"

# The largest part names the setting to lower.
refused "lower --samples" --headless --samples 2000000 --memory-limit 1G
refused "lower --units or --layers" --headless --units 1024 --layers 8 --samples 20 --memory-limit 1G
refused "1.0 GiB allowed (--memory-limit)" --headless --units 1024 --layers 8 --samples 20 --memory-limit 1G
# The same run, allowed by a larger limit (or none), starts and prints its estimate.
for lim in 1T 0; do
    "$bin" --headless --epochs 0 --samples 20 --length 2 --memory-limit $lim >"$tmp/out" 2>"$tmp/err"
    rc=$?
    ok
    [ $rc -eq 0 ] || fail "--memory-limit $lim: exit $rc: $(cat "$tmp/err")"
    grep -qE '^Memory needed: about [0-9.]+ (bytes|KiB|MiB)' "$tmp/out" || fail "--memory-limit $lim: no estimate line"
done
for v in '' x 12Q 1.5G -1 ' 1G' 1G, 99999999999999999999 20000000T; do
    "$bin" --headless --memory-limit "$v" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    ok
    [ $rc -eq 2 ] && grep -q -- "--memory-limit" "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ] ||
        fail "--memory-limit '$v': exit $rc: $(cat "$tmp/err")"
done

# --load-weights: the file's architecture is checked, before the log is made.
"$bin" --headless --epochs 0 --samples 20 --length 2 --save-weights "$tmp/w.json" >/dev/null 2>&1 ||
    fail "saving weights"
refused "lower --length" --headless --load-weights "$tmp/w.json" --length 100000 --samples 20 \
    --threads 1 --memory-limit 200M --log "$tmp/w.csv"
[ ! -e "$tmp/w.csv" ] || fail "a refused --load-weights run created its log"

# --compare checks each cell before the first trains: SimpleRNN fits, LSTM not.
"$bin" --headless --cell rnn --units 200 --length 2000 --samples 20 --threads 1 --epochs 0 \
    --memory-limit 0 >"$tmp/rnn" 2>&1
rnn=$(sed -n 's/^Memory needed: about \([0-9.]*\) MiB.*/\1/p' "$tmp/rnn")
lim=$(awk -v m="$rnn" 'BEGIN { printf "%dM", m * 1.5 + 1 }')
refused "(--compare, LSTM)" --headless --compare --units 200 --length 2000 --samples 20 --threads 1 \
    --epochs 0 --memory-limit "$lim"

# --bench checks each cell's run on all cores before it measures anything.
refused "(--bench, SimpleRNN)" --bench --samples 2000000 --memory-limit 1G

# The estimate against the peak resident size of whole runs. A sanitizer
# build's shadow memory and redzones make RSS meaningless: only there skipped.
if ldd "$bin" 2>/dev/null | grep -q 'lib[at]san'; then
    echo "limits.sh: sanitizer build: peak RSS not compared (test_memory counts the bytes)"
elif [ ! -x /usr/bin/time ]; then
    [ "${CI:-}" = true ] && { echo "limits.sh: /usr/bin/time is missing (apt-get install time)"; exit 99; }
    echo "limits.sh: /usr/bin/time is missing: peak RSS not compared"
else
    base_kib=$(/usr/bin/time -f %M "$bin" --help 2>&1 >/dev/null | tail -1)
    # Batches of two chunks, so that both threads fill their workspaces.
    for run in "--cell lstm --units 64 --layers 3 --length 3000 --samples 60 --threads 2" \
               "--cell gru --units 256 --layers 2 --length 200 --samples 40 --batch-size 27 --threads 2" \
               "--cell rnn --units 16 --layers 1 --length 400 --samples 300000 --threads 2"; do
        # shellcheck disable=SC2086
        /usr/bin/time -o "$tmp/time" -f %M "$bin" --headless --epochs 1 $run >"$tmp/out" 2>"$tmp/err" ||
            fail "$run: $(cat "$tmp/err")"
        est=$(sed -n 's/^Memory needed: about \([0-9.]*\) \([KMG]\)iB.*/\1 \2/p' "$tmp/out" |
              awk '{ print int($1 * ($2 == "K" ? 1 : $2 == "M" ? 1024 : 1048576)) }')
        rss=$(tail -1 "$tmp/time")
        echo "limits.sh: $run: estimate $est KiB, peak RSS $rss KiB (program alone $base_kib KiB)"
        ok
        [ -n "$est" ] && [ "$est" -gt 0 ] || { fail "$run: no estimate"; continue; }
        # An upper bound, the program itself included ...
        [ "$rss" -le "$est" ] || fail "$run: peak RSS $rss KiB above the estimate $est KiB"
        # ... and not a wild one: at least 60 % of it is really used.
        [ $((rss * 10)) -ge $((est * 6)) ] || fail "$run: estimate $est KiB far above the peak RSS $rss KiB"
    done
fi

# stopped SIG DELAY WAITFOR ARGS...: starts a headless run, waits until its
# output has the line WAITFOR and DELAY seconds more, sends SIG, and wants
# exit 128+SIG within $budget ms, 2 s (it waits 20 s at most, then kills it).
budget=2000
stopped() {
    local sig=$1 delay=$2 waitfor=$3; shift 3
    "$bin" --headless "$@" >"$tmp/sig" 2>"$tmp/sigerr" &
    local pid=$!
    for _ in $(seq 600); do grep -q -- "$waitfor" "$tmp/sig" && break; sleep 0.05; done
    sleep "$delay"
    if ! kill -0 $pid 2>/dev/null; then
        fail "$*: ended before SIG$sig: $(cat "$tmp/sigerr")"
        wait $pid
        return
    fi
    kill -"$sig" $pid
    local start rc ms
    start=$(date +%s%N)
    for _ in $(seq 200); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
    kill -0 $pid 2>/dev/null && kill -KILL $pid
    wait $pid
    rc=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    echo "limits.sh: SIG$sig after '$waitfor' + ${delay}s: exit $rc in $ms ms"
    ok
    [ $rc -eq $((128 + $(kill -l "$sig"))) ] || fail "$*: SIG$sig: exit $rc"
    [ $ms -lt $budget ] || fail "$*: SIG$sig: took $ms ms (more than $budget ms)"
    grep -q 'interrupted' "$tmp/sigerr" || fail "$*: SIG$sig: no message: $(cat "$tmp/sigerr")"
}
# While eight 1024-unit LSTM layers are initialised (seconds even when fast).
stopped TERM 0.5 '^Memory needed' --units 1024 --layers 8 --samples 20 --length 2 --threads 1 --memory-limit 0
stopped INT 0.5 '^Memory needed' --cell gru --units 1024 --layers 8 --samples 20 --length 2 --threads 1 --memory-limit 0
# In the middle of a batch whose chunk of 16 sequences takes seconds (512
# units, 500 steps): the passes look at the flag at every step.
stopped TERM 3 '^Memory needed' --units 512 --length 500 --samples 60 --threads 1 --epochs 3 --memory-limit 0
# While 3,000,000 samples are generated (several seconds). Under ASan,
# poisoning the freed 2.4 GB data set alone takes over a second (measured:
# 1.6 s, 0.25 s with poison_heap=0), so a sanitizer build gets 4 s here.
ldd "$bin" 2>/dev/null | grep -q 'lib[at]san' && budget=4000
stopped TERM 0.5 '^Memory needed' --samples 3000000 --units 4 --threads 1 --memory-limit 0
budget=2000

# A 1024-unit layer initialised (timed), saved, and loaded again: loaded
# weights are used as they are (test_memory shows that the initialisers,
# which they replace, do not run).
start=$(date +%s%N)
"$bin" --headless --units 1024 --layers 1 --samples 20 --length 2 --epochs 0 --threads 1 \
    --save-weights "$tmp/w1024.json" >/dev/null 2>"$tmp/err" || fail "1024 units: $(cat "$tmp/err")"
init_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "limits.sh: a 1024-unit LSTM layer initialised, evaluated and saved (90 MB) in $init_ms ms"
"$bin" --headless --load-weights "$tmp/w1024.json" --samples 20 --length 2 --epochs 0 --threads 1 \
    --save-weights "$tmp/again.json" >/dev/null 2>"$tmp/err" || fail "load 1024 units: $(cat "$tmp/err")"
ok
cmp -s "$tmp/w1024.json" "$tmp/again.json" || fail "loaded weights were not kept as they are"

echo "limits.sh: $checks checks, $fails failed"
[ $fails -eq 0 ]
