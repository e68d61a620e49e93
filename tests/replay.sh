#!/bin/sh
# Whole training runs replayed outside the program: tests/replay_dump trains
# with the real training job and writes the exported data, the initial
# weights, each epoch's sample order (as the trainer reports it), the
# losses, the final weights and the test predictions; tests/replay.py
# replays the run in numpy from Keras's equations and compares losses,
# weights and metrics to float32 rounding. SimpleRNN, LSTM and GRU, with
# 17, 20 and 30 units (more than one vector block of 16 per gate), two
# layers, batches of 32 with a partial last one (136 = 4 x 32 + 8), two
# threads. Needs numpy: /usr/bin/python3 (Debian's python3-numpy) or
# $PYTHON. Skipped (77) without it, a setup error (99) under CI=true.
bld=$(cd "${top_builddir:-.}" && pwd)
src=$(cd "${top_srcdir:-.}" && pwd)
py=${PYTHON:-/usr/bin/python3}
if ! "$py" -c 'import numpy' >/dev/null 2>&1; then
    echo "replay: $py has no numpy (apt-get install python3-numpy): skipped"
    [ "${CI:-}" = true ] && exit 99
    exit 77
fi
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
status=0
#        cell units layers samples length batch epochs lr   seed threads
for run in "rnn  17 2 200 12 32 3 0.01 3 2" \
           "lstm 20 2 200 12 32 3 0.01 4 2" \
           "gru  30 2 200 12 32 3 0.01 5 2" \
           "lstm 30 1 200 12 32 3 0.01 6 1" \
           "gru   5 1 200 12 32 3 0.01 7 1"; do
    set -- $run
    out="$dir/$1-$2x$3"
    mkdir "$out" || exit 99
    "$bld/tests/replay_dump" "$out" "$@" || { echo "FAIL: replay_dump $run"; status=1; continue; }
    "$py" "$src/tests/replay.py" "$out" || { echo "FAIL: replay of $run"; status=1; }
done
exit $status
