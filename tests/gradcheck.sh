#!/bin/sh
# BPTT gradients of every cell against finite differences (double build),
# then the float32 build against the double build.
set -e
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
b=$(cd "${top_builddir:-.}" && pwd)
cd "$dir"
"$b/tests/test_gradcheck"
"$b/tests/test_gradcheck32"
