#!/bin/sh
# limits_ui.sh - memory limits and prompt cancel in the curses screen
# (issue 10, items 3 and 4), through tests/tmux_lib.sh:
#   - the memory estimate is shown under the parameter count, marked when it
#     is above --memory-limit; Enter then refuses to start with a message
#     naming the setting to lower, and the settings stay; a smaller setting
#     starts;
#   - C (compare) is refused the same way, before any cell trains;
#   - c (cancel) and SIGTERM while eight 1024-unit layers are initialised
#     are seen at once: back to the settings within 2 s, exit 143 within 2 s.
# UI_TEST_TIMEOUT sets the seconds allowed for each wait (default 30).

me=limits_ui.sh
. "${srcdir:-.}/tests/tmux_lib.sh"

tmux_tmpdir uil
cd "$tmpdir" || exit 99
need_tmux
tmux_setup "$tmpdir"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# ---- the estimate, and a refused start ----
start mem 80 24 "$bin" --memory-limit 50M --length 1000 --epochs 3
expect mem 'Parameters +11,311' "settings"
expect mem 'Memory +[0-9.]+ MiB > (50\.0 MiB|limit)' "the estimate beside the parameter count, above the limit"
keys mem Enter
expect mem 'cannot start: needs [0-9.]+ MiB of memory, 50\.0 MiB allowed; lower length' "Enter refused with the estimate"
expect mem ' SETTINGS *$' "still on the settings"
keys mem C
expect mem 'cannot compare: SimpleRNN needs [0-9.]+ MiB of memory' "compare refused before any cell trains"
expect mem ' SETTINGS *$' "still on the settings"
# length 1000 -> 100
keys mem Down Down Down Down Down Down Down
type_text mem 100
keys mem Enter
expect mem 'Memory +[0-9.]+ MiB *$' "a shorter sequence fits: no mark"
keys mem Enter
expect mem 'Training LSTM' "and starts"
keys mem q
keys mem y
exited mem 0
no_errors mem

# ---- cancel and SIGTERM during initialisation ----
start initc 80 24 "$bin" --units 1024 --layers 8 --samples 20 --length 2 --threads 1 --memory-limit 0 --start
expect initc 'Training LSTM' "eight 1024-unit layers: initialising"
sleep 0.5
t0=$(now_ms)
keys initc c
expect initc ' SETTINGS *$' "c cancels during the initialisation"
ms=$(($(now_ms) - t0))
if [ "$ms" -lt 2000 ]; then ok "initc: back to the settings in $ms ms"; else bad "initc: cancel took $ms ms"; fi
keys initc q
exited initc 0

start initt 80 24 "$bin" --cell gru --units 1024 --layers 8 --samples 20 --length 2 --threads 1 --memory-limit 0 --start
expect initt 'Training GRU' "eight 1024-unit layers: initialising"
sleep 0.5
pid=$(pid_in initt)
t0=$(now_ms)
if [ -n "$pid" ] && kill -TERM "$pid"; then ok "initt: SIGTERM sent to $pid"; else bad "initt: no process to signal"; fi
exited initt 143
ms=$(($(now_ms) - t0))
if [ "$ms" -lt 2000 ]; then ok "initt: ended in $ms ms"; else bad "initt: SIGTERM took $ms ms"; fi

finish
