#!/bin/sh
# The LOG_COMPILER of make check (tests/verify.mk): runs one test, passing
# its exit status through, except that under CI=true a skip (77) becomes a
# setup error (99), so CI cannot go green without the Python, manual, fuzz,
# tmux or TSan tests: .ci/run installs what they need.
"$@"
rc=$?
if [ "$rc" -eq 77 ] && [ "${CI:-}" = true ]; then
    echo "$1 skipped; under CI=true a skipped test is a failure (install what it needs, see .ci/run)"
    exit 99
fi
exit "$rc"
