#!/bin/sh
# The manual: mandoc's lint finds nothing, and the rendered page documents
# exactly the long options that --help lists. Skipped without mandoc.
set -u
bin="$(cd "${top_builddir:-.}" && pwd)/src/rnntui"
man="${top_srcdir:-.}/man/rnntui.1"
command -v mandoc >/dev/null 2>&1 || { echo "mandoc missing: skipped"; exit 77; }
fails=0
lint=$(mandoc -Tlint -Wwarning "$man" 2>&1)
if [ -n "$lint" ]; then
    echo "FAIL: mandoc -Tlint -Wwarning:"
    echo "$lint"
    fails=$((fails + 1))
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u >"$tmp/help"
bs=$(printf '\b')
mandoc -Tascii "$man" | sed "s/.$bs//g" | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u >"$tmp/man"
if ! cmp -s "$tmp/help" "$tmp/man"; then
    echo "FAIL: options in --help (<) and in the manual (>) differ:"
    diff "$tmp/help" "$tmp/man"
    fails=$((fails + 1))
fi
echo "$(wc -l <"$tmp/help") options in both --help and the manual"
[ $fails -eq 0 ]
