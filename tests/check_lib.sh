# check_lib.sh - sourced by the command-line test scripts (compare_cli.sh,
# sweep_cli.sh, sweep_parallel.sh, limits.sh): the program under test, a
# temporary directory removed at exit, and the check counters.
#   check WHAT COMMAND...   runs COMMAND; counts a pass, or a FAIL line naming WHAT
#   ok / fail TEXT          count a pass / print a FAIL line and count it
#   check_summary           prints the totals; its status is 0 when nothing failed
bin="$(cd "${top_builddir:-.}" && pwd)/src/rnntui"
[ -x "$bin" ] || { echo "$bin is not built"; exit 99; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }
check() {
    local what=$1; shift
    if "$@"; then ok; else fail "$what"; fi
}
check_summary() {
    echo "$checks checks passed, $fails failed"
    [ "$fails" -eq 0 ]
}
