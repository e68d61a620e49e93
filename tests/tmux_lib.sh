# tmux_lib.sh - the tmux harness of the screen tests (ui.sh, ui_faults.sh,
# compare_ui.sh), sourced, not run:
#
#     me=ui.sh
#     . "${srcdir:-.}/tests/tmux_lib.sh"
#
# Sourcing it finds the real binary ($top_builddir/src/rnntui; automake runs
# tests from the build directory) as an absolute path in $bin, or exits 99;
# sets $timeout (UI_TEST_TIMEOUT, default 30 seconds for each wait; sanitizer
# builds are slower) and the ok/bad counters. Then:
#   tmux_tmpdir TAG     a private $tmpdir and tmux server (-L), removed on exit
#   need_tmux           exit 77 (or finish, after a failure) without tmux
#   tmux_setup [DIR]    the tmux.conf and the run.sh wrapper; panes run in DIR
# and the functions below drive detached panes of a fixed size: start one,
# send keys, poll capture-pane text against a deadline (never a blind
# sleep), and check that the program gave the terminal back. run.sh records
# the tty modes before and after and prints the exit status, so that "quit
# restores the terminal" is checked, not assumed.

set -u
unset TMUX TMUX_PANE
: "${me:?set me to the script name before sourcing tmux_lib.sh}"

builddir=${top_builddir:-.}
bin=$builddir/src/rnntui
if [ ! -x "$bin" ]; then
    echo "$me: $bin is not built" >&2
    exit 99
fi
bin=$(cd "$(dirname "$bin")" && pwd)/rnntui
timeout=${UI_TEST_TIMEOUT:-30}

checks=0
failed=0
ok() { checks=$((checks + 1)); echo "ok: $*"; }
bad() { checks=$((checks + 1)); failed=$((failed + 1)); echo "FAIL: $*"; }
finish() {
    echo "$checks checks, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# tmux_tmpdir TAG: $tmpdir, and the private server $sock that T talks to;
# both go away when the script exits.
tmux_tmpdir() {
    tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/rnntui-$1.XXXXXX") || exit 99
    sock=rnntui-$1-$$
    trap cleanup EXIT
    trap 'exit 1' HUP INT TERM
}
T() { tmux -L "$sock" -f "$tmpdir/tmux.conf" "$@"; }
cleanup() {
    command -v tmux >/dev/null 2>&1 && T kill-server >/dev/null 2>&1
    rm -rf "$tmpdir"
}

# need_tmux: skips (exit 77) without tmux, unless a check has failed already.
need_tmux() {
    if ! command -v tmux >/dev/null 2>&1; then
        echo "$me: SKIP: tmux is not installed, so the screen cannot be driven (apt-get install tmux)"
        [ "$failed" -eq 0 ] || finish
        exit 77
    fi
}

# tmux_setup [DIR]: writes $tmpdir/tmux.conf and $tmpdir/run.sh, which runs
# the pane's program from DIR (default: where tmux starts it, the current
# directory).
tmux_setup() {
    cat >"$tmpdir/tmux.conf" <<EOF
set -g default-terminal screen
set -g history-limit 0
set -g status off
EOF
    if [ $# -gt 0 ]; then rundir_cd="cd \"$1\""; else rundir_cd=:; fi
    # run.sh NAME COMMAND...: the pane's program, its pid, stderr, tty
    # modes before and after, and exit status.
    cat >"$tmpdir/run.sh" <<EOF
#!/bin/sh
name=\$1
shift
unset NO_COLOR
$rundir_cd
trap : INT              # Ctrl-C is for the program; this shell stays to report
stty -g >"$tmpdir/\$name.stty0"
echo "shell-before-\$name"
sh -c 'echo \$\$ >"\$0"; exec "\$@"' "$tmpdir/\$name.pid" "\$@" 2>"$tmpdir/\$name.err"
rc=\$?
stty -g >"$tmpdir/\$name.stty1"
printf '\nrnntui-exit=%s\n' "\$rc"
exec sleep 3600
EOF
    chmod +x "$tmpdir/run.sh"
}

# start NAME COLS ROWS ARGS...: a new session running ARGS (words without
# blanks) in a COLS x ROWS window.
start() {
    name=$1 cols=$2 rows=$3
    shift 3
    T new-session -d -s "$name" -x "$cols" -y "$rows" "'$tmpdir/run.sh' $name $*"
}

screen_of() { T capture-pane -p -t "$1" 2>/dev/null; }

# wait_for SESSION ERE: polls the pane until a line matches; gives up at
# the deadline, or at once when the program has already exited.
wait_for() {
    end=$(($(date +%s) + timeout))
    while :; do
        screen_of "$1" >"$tmpdir/screen"
        grep -E -q -- "$2" "$tmpdir/screen" && return 0
        if grep -q '^rnntui-exit=' "$tmpdir/screen"; then
            echo "--- $1: the program exited without showing /$2/; the pane shows:"
            cat "$tmpdir/screen"
            echo "---"
            return 1
        fi
        if [ "$(date +%s)" -ge "$end" ]; then
            echo "--- $1: no /$2/ after ${timeout}s; the pane shows:"
            cat "$tmpdir/screen"
            echo "---"
            return 1
        fi
        sleep 0.1
    done
}

# wait_gone SESSION ERE: polls the pane until no line matches.
wait_gone() {
    end=$(($(date +%s) + timeout))
    while :; do
        screen_of "$1" >"$tmpdir/screen"
        grep -E -q -- "$2" "$tmpdir/screen" || return 0
        if [ "$(date +%s)" -ge "$end" ]; then
            echo "--- $1: /$2/ still there after ${timeout}s; the pane shows:"
            cat "$tmpdir/screen"
            echo "---"
            return 1
        fi
        sleep 0.1
    done
}

# expect SESSION ERE WHAT: a check that the pane comes to show ERE.
expect() {
    if wait_for "$1" "$2"; then ok "$1: $3"; else bad "$1: $3"; fi
}
expect_gone() {
    if wait_gone "$1" "$2"; then ok "$1: $3"; else bad "$1: $3"; fi
}

keys() { s=$1; shift; T send-keys -t "$s" "$@"; }
# type_text SESSION TEXT: TEXT as literal keys.
type_text() { T send-keys -t "$1" -l "$2"; }

# The epoch counter on the screen ("Epoch 12/5000"), or 0.
epoch_of() {
    n=$(screen_of "$1" | sed -n 's/.*Epoch \([0-9][0-9]*\)\/.*/\1/p' | head -n 1)
    echo "${n:-0}"
}

# wait_epoch_above SESSION N: until the counter passes N.
wait_epoch_above() {
    end=$(($(date +%s) + timeout))
    while [ "$(epoch_of "$1")" -le "$2" ]; do
        if [ "$(date +%s)" -ge "$end" ] || screen_of "$1" | grep -q '^rnntui-exit='; then
            echo "--- $1: the epoch stayed at $(epoch_of "$1") (<= $2); the pane shows:"
            screen_of "$1"
            echo "---"
            return 1
        fi
        sleep 0.1
    done
}

# never_opened SESSION: only the shell's lines are in the pane: the screen
# was never drawn.
never_opened() {
    screen_of "$1" >"$tmpdir/screen"
    if grep -q "^shell-before-$1\$" "$tmpdir/screen" && ! grep -q -e 'rnntui [0-9]' -e 'Loss per epoch' "$tmpdir/screen"; then
        ok "$1: the screen never opened"
    else
        bad "$1: the screen was drawn:"
        cat "$tmpdir/screen"
    fi
}

# one_line SESSION ERE: stderr ($tmpdir/SESSION.err) is one line matching ERE.
one_line() {
    if [ "$(wc -l <"$tmpdir/$1.err")" -eq 1 ] && grep -E -q -- "$2" "$tmpdir/$1.err"; then
        ok "$1: stderr is one line matching $2"
    else
        bad "$1: stderr is not one line matching $2: $(cat "$tmpdir/$1.err")"
    fi
}

# exited SESSION STATUS [screen|noscreen]: the program ended with STATUS and
# gave the terminal back: same tty modes, cursor shown, cursor keys in
# normal mode, normal screen, and with "screen" also the shell's line back
# on it. The default is $exited_check ("screen" unless the script says).
exited_check=screen
exited() {
    s=$1 want=$2 what=${3:-$exited_check}
    expect "$s" "^rnntui-exit=$want\$" "exit status $want"
    if cmp -s "$tmpdir/$s.stty0" "$tmpdir/$s.stty1"; then
        ok "$s: tty modes restored"
    else
        bad "$s: tty modes differ: $(cat "$tmpdir/$s.stty0") / $(cat "$tmpdir/$s.stty1" 2>/dev/null)"
    fi
    flags=$(T display -p -t "$s" '#{alternate_on}#{cursor_flag}#{keypad_cursor_flag}')
    if [ "$flags" = "010" ]; then
        ok "$s: normal screen, cursor visible, normal cursor keys"
    else
        bad "$s: terminal flags alternate/cursor/keypad are $flags, want 010"
    fi
    [ "$what" = noscreen ] && return
    screen_of "$s" >"$tmpdir/screen"
    if grep -q "^shell-before-$s\$" "$tmpdir/screen" && ! grep -q 'Loss per epoch' "$tmpdir/screen"; then
        ok "$s: the shell's screen is back"
    else
        bad "$s: the screen was not restored:"
        cat "$tmpdir/screen"
    fi
}

# no_errors SESSION: nothing on stderr (sanitizer reports land there).
no_errors() {
    if [ -s "$tmpdir/$1.err" ]; then
        bad "$1: stderr: $(cat "$tmpdir/$1.err")"
    else
        ok "$1: nothing on stderr"
    fi
}

# The program's pid (run.sh records it just before the exec).
pid_in() { cat "$tmpdir/$1.pid" 2>/dev/null; }

# colour_codes SESSION: SGR colour sequences in the pane (not the defaults 39/49).
colour_codes() {
    T capture-pane -p -e -t "$1" | grep -c -E "$(printf '\033')\\[([^m]*;)?([34][0-7]|[34]8;)"
}
