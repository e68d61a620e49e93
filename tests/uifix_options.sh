#!/bin/bash
# uifix_options.sh - one rule for every number on the command line (issue
# 10): decimal only, no whitespace before or after, no hex, no leading '+'.
# Each refused value must end the program with status 2, nothing on stdout
# and exactly one line on stderr naming the option and the value (a control
# character in the value shown as an escape, so the message stays one line);
# the accepted forms must still run.
set -u
bin="$(cd "${top_builddir:-.}" && pwd)/src/rnntui"
[ -x "$bin" ] || { echo "uifix_options.sh: $bin is not built" >&2; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# refused OPTION VALUE: exit 2, one line naming --OPTION, nothing on stdout.
refused() {
    local opt=$1 val=$2 shown
    checks=$((checks + 1))
    shown=$(printf '%q' "$val")
    "$bin" --headless --epochs 0 --samples 100 --length 10 "--$opt" "$val" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    [ $rc -eq 2 ] || { fail "--$opt $shown: exit $rc, expected 2"; return; }
    [ ! -s "$tmp/out" ] || fail "--$opt $shown: wrote to stdout"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "--$opt $shown: stderr is not one line: $(cat -A "$tmp/err")"
    grep -q -- "for --$opt: expected" "$tmp/err" || fail "--$opt $shown: message: $(cat "$tmp/err")"
    if LC_ALL=C grep -q '[[:cntrl:]]' <(tr -d '\n' <"$tmp/err"); then
        fail "--$opt $shown: control characters in the message"
    fi
}

# accepted OPTION VALUE: the same command runs (exit 0).
accepted() {
    checks=$((checks + 1))
    "$bin" --headless --epochs 0 --samples 100 --length 10 "--$1" "$2" >"$tmp/out" 2>"$tmp/err" \
        || fail "--$1 $2 refused: $(cat "$tmp/err")"
}

# The same cases for every integer option, on a value each accepts.
ws=(' ' $'\t' $'\n' $'\r' $'\v' $'\f')
for ov in units:5 layers:2 epochs:3 batch-size:8 samples:100 length:10 threads:1 seed:5; do
    opt=${ov%%:*} v=${ov#*:}
    accepted "$opt" "$v"
    for w in "${ws[@]}"; do
        refused "$opt" "$w$v"            # leading whitespace (strtoll skips it)
        refused "$opt" "$v$w"            # trailing whitespace
    done
    refused "$opt" "+$v"
    refused "$opt" "0x$v"
    refused "$opt" "0X1A"
    refused "$opt" "$v.0"
    refused "$opt" "${v}e0"
    refused "$opt" ""
    refused "$opt" "-"
done

# The learning rate: a decimal fraction and exponent are fine, the rest not.
for v in 0.001 1e-3 1E-3 .5 5. 0.5e+1 2; do accepted learning-rate "$v"; done
for w in "${ws[@]}"; do
    refused learning-rate "${w}0.01"
    refused learning-rate "0.01$w"
done
for v in 0x10 0X1p-4 0x1p-3 +5 +0.01 inf infinity nan 1e 1e+ e3 . -.5 '1,5' '0.1.2' '1e-3x' \
         '1e3.5' '--1'; do
    refused learning-rate "$v"
done

echo "$checks checks, $fails failed"
[ "$fails" -eq 0 ]
