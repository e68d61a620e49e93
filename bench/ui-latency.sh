#!/bin/bash
# How quickly the screen answers a key while every core trains: starts the
# default LSTM run in a tmux pane with --start, then 20 times toggles the
# help overlay and measures the time from send-keys until capture-pane shows
# the change. Prints the latencies (ms): median and maximum.
# Usage: bench/ui-latency.sh [path/to/rnntui]
set -euo pipefail
bin=$(readlink -f "${1:-src/rnntui}")
command -v tmux >/dev/null || { echo "ui-latency: skipped: no tmux"; exit 0; }
sock=rnntui-latency-$$
t() { tmux -L "$sock" "$@"; }
trap 't kill-server 2>/dev/null || true' EXIT
t new-session -d -x 100 -y 32 "TERM=xterm-256color $bin --start --epochs 1000"
now_ms() { date +%s%3N; }
wait_for() {   # wait_for PATTERN PRESENT(1/0): ms until capture-pane matches
    local start=$(now_ms)
    while :; do
        if t capture-pane -p | grep -q -- "$1"; then [ "$2" = 1 ] && break
        else [ "$2" = 0 ] && break; fi
        [ $(( $(now_ms) - start )) -gt 5000 ] && { echo "timeout waiting for '$1'"; exit 1; }
    done
    echo $(( $(now_ms) - start ))
}
wait_for 'Epoch [0-9]' 1 >/dev/null
sleep 1
lat=()
for _ in $(seq 10); do
    t send-keys '?'
    lat+=("$(wait_for 'Help: every key' 1)")
    t send-keys Escape
    lat+=("$(wait_for 'Help: every key' 0)")
done
t send-keys q y q 2>/dev/null || true
printf '%s\n' "${lat[@]}" | sort -n | awk '{ a[NR] = $1 } END {
    printf "key to redraw while training on all cores: median %d ms, max %d ms (%d samples;\n", a[int((NR + 1) / 2)], a[NR], NR
    printf "includes tmux capture-pane polling)\n" }'
