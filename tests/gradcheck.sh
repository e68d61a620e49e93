#!/bin/sh
# BPTT gradients of every cell against finite differences (double build),
# then the float32 build against the double build; at 4 units and at 17
# (two vector blocks per gate in the padded layout).
set -e
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
b=$(cd "${top_builddir:-.}" && pwd)
cd "$dir"
for units in 4 17; do
    "$b/tests/test_gradcheck" $units
    "$b/tests/test_gradcheck32" $units
done
