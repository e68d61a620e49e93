#!/bin/bash
# sweep_parallel.sh - a sweep beyond one process (issue 13): --print-commands
# prints one plain headless command per run and nothing else, quoted for a
# POSIX shell; GNU parallel runs them (two local jobs); --view DIR then gives
# the same table and the same numbers as the sweep run in one process.
# Skipped without GNU parallel (99 under CI=true).
set -u
if ! command -v parallel >/dev/null 2>&1 || ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
    echo "GNU parallel is not installed"
    [ "${CI:-}" = true ] && exit 99
    exit 77
fi
. "${top_srcdir:-.}/tests/check_lib.sh"
tiny=(--samples 300 --units 8 --epochs 3)
sweep=(--sweep length=5,20 --sweep seed=1..2 --cells rnn,gru "${tiny[@]}")

# A directory name a shell would split or expand: space, quote, dollar, star.
dir="$tmp/it's a \$dir*/"
"$bin" --headless "${sweep[@]}" --log "$dir" --print-commands >"$tmp/cmds" 2>"$tmp/err"
rc=$?
check "--print-commands: exit $rc ($(cat "$tmp/err"))" [ $rc -eq 0 ]
check "--print-commands: stderr is empty" [ ! -s "$tmp/err" ]
check "--print-commands: runs nothing, creates nothing" [ ! -e "$tmp/it's a \$dir*" ]
check "--print-commands: one line per run" [ "$(wc -l <"$tmp/cmds")" -eq 8 ]
check "--print-commands: each line is the program and every setting" \
    [ "$(grep -cE "^$bin --headless --cell (simplernn|gru) --units 8 --layers 2 --epochs 3 --batch-size 32 --learning-rate 0.001 --samples 300 --length (5|20) --seed [12] --threads 0 --log '.*\.jsonl'\$" "$tmp/cmds")" -eq 8 ]
mkdir "$dir"
# Through GNU parallel, two jobs at once.
parallel --will-cite -j2 <"$tmp/cmds" >"$tmp/par.out" 2>"$tmp/par.err"
rc=$?
check "parallel: exit $rc ($(head -3 "$tmp/par.err"))" [ $rc -eq 0 ]
check "parallel: 8 logs in the directory, named after their settings" \
    [ "$(ls "$dir" | grep -cE '^(simplernn|gru)-length(5|20)-seed[12]\.jsonl$')" -eq 8 ]

# The same sweep in one process.
"$bin" --headless "${sweep[@]}" --log "$tmp/inproc/" >"$tmp/sweep.out" 2>&1
check "in-process sweep: exit $?" [ $? -eq 0 ]
strip() { grep -v '"record": "config"' "$1" | sed 's/, "seconds": [^,}]*//'; }
same=0
for f in "$tmp"/inproc/*.jsonl; do
    g="$dir$(basename "$f")"
    if [ -s "$g" ] && cmp -s <(strip "$f") <(strip "$g"); then same=$((same + 1)); else
        fail "$(basename "$f"): parallel's log differs from the in-process sweep's"
    fi
done
check "every run's numbers equal ($same of 8)" [ $same -eq 8 ]
sed -n '/^Sweep of/,/^never got there/p' "$tmp/sweep.out" >"$tmp/table.run"
"$bin" --headless --view "$dir" >"$tmp/view.out" 2>"$tmp/err"
rc=$?
check "--view DIR: exit $rc ($(cat "$tmp/err"))" [ $rc -eq 0 ]
if [ -s "$tmp/table.run" ] && cmp -s "$tmp/table.run" "$tmp/view.out"; then ok; else
    fail "--view of parallel's logs gives another table:"; diff "$tmp/table.run" "$tmp/view.out"
fi
# xargs -P runs the same lines (each line one shell command).
mkdir "$tmp/x" && "$bin" --headless --sweep seed=1,2 --cells lstm "${tiny[@]}" --log "$tmp/x/" --print-commands |
    xargs -P 2 -I{} sh -c '{}' >/dev/null 2>&1
check "xargs -P: two logs" [ "$(ls "$tmp/x" | wc -l)" -eq 2 ]

check_summary
