#!/bin/bash
# Memory stays flat while training: nothing is allocated inside the training
# loop, so the resident size after the last epoch equals the size after the
# first few (within 512 kB of allocator noise).
set -u
bin="$(cd "${top_builddir:-.}" && pwd)/src/rnntui"
[ -r /proc/self/status ] || { echo "no /proc: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null' EXIT
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
"$bin" --headless --samples 1000 --length 40 --epochs 100000 >"$tmp/out" 2>&1 &
pid=$!
wait_epoch() {          # up to 5 minutes: sanitizer builds on a busy machine are slow
    for _ in $(seq 6000); do
        grep -q "^Epoch $1/" "$tmp/out" && return 0
        sleep 0.05
    done
    return 1
}
wait_epoch 3 || { echo "no epoch 3"; exit 1; }
early=$(rss $pid)
wait_epoch 40 || { echo "no epoch 40"; exit 1; }
late=$(rss $pid)
kill -INT $pid
wait $pid
pid=
echo "VmRSS after epoch 3: $early kB, after epoch 40: $late kB"
[ -n "$early" ] && [ -n "$late" ] && [ $((late - early)) -le 512 ] || { echo "resident size grew"; exit 1; }
