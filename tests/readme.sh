#!/bin/bash
# The README's two commands for a fresh Debian machine (build-and-run and
# the test suite) work as they are written: their package step runs both in
# a root shell without sudo (a fresh container has none) and as a user with
# sudo, updates the package lists before installing, and the test command
# installs every package that .ci/run installs. apt-get and sudo are stubs
# that record their arguments; nothing is installed.
set -u
src=${top_srcdir:-.}
readme=$src/README.md ci=$src/.ci/run
[ -f "$readme" ] && [ -f "$ci" ] || { echo "README.md or .ci/run missing"; exit 99; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# The indented command line after a heading's first paragraph.
command_after() {
    awk -v h="$1" '$0 == h { on = 1; next } on && /^    [^ ]/ { sub(/^    /, ""); print; exit }' "$readme"
}
build=$(command_after '## Build and run')
tests=$(command_after '## Tests')
[ -n "$build" ] || fail "no command under '## Build and run'"
[ -n "$tests" ] || fail "no command under '## Tests'"
case $build in *'./src/rnntui'*) ;; *) fail "build command does not launch ./src/rnntui: $build" ;; esac
case $tests in *'make check'*) ;; *) fail "test command does not run make check: $tests" ;; esac

# The stubs: apt-get logs; sudo logs and runs the rest.
mkdir -p "$tmp/bin" "$tmp/sudo"
cat >"$tmp/bin/apt-get" <<EOF
#!/bin/bash
echo "apt-get \$*" >>"$tmp/log"
EOF
cat >"$tmp/sudo/sudo" <<EOF
#!/bin/bash
echo "sudo \$1" >>"$tmp/log"
exec "\$@"
EOF
chmod +x "$tmp/bin/apt-get" "$tmp/sudo/sudo"

# check NAME CMD: run the part before autoreconf, without and with sudo.
check() {
    local name=$1 pkgstep=${2%%&& autoreconf*}
    [ "$pkgstep" != "$2" ] || { fail "$name: no '&& autoreconf' step"; return; }
    : >"$tmp/log"
    if ! PATH="$tmp/bin" /bin/bash -c "$pkgstep" >"$tmp/out" 2>&1; then
        fail "$name: package step fails without sudo: $(head -3 "$tmp/out")"
    fi
    grep -q '^apt-get update' "$tmp/log" || fail "$name: no apt-get update before installing"
    grep -q '^apt-get install' "$tmp/log" || fail "$name: no apt-get install"
    grep -q '^sudo' "$tmp/log" && fail "$name: called sudo that is not there"
    : >"$tmp/log"
    if ! PATH="$tmp/sudo:$tmp/bin" /bin/bash -c "$pkgstep" >"$tmp/out" 2>&1; then
        fail "$name: package step fails with sudo: $(head -3 "$tmp/out")"
    fi
    [ "$(grep -c '^sudo apt-get' "$tmp/log")" -ge 2 ] || fail "$name: sudo not used for apt-get when present"
    : >"$tmp/log"
    PATH="$tmp/bin" /bin/bash -c "$pkgstep" >/dev/null 2>&1
    sed -n 's/^apt-get install //p' "$tmp/log" | tr ' ' '\n' | grep -v '^-' | sort -u >"$tmp/$name.pkgs"
}
[ -n "$build" ] && check build "$build"
[ -n "$tests" ] && check tests "$tests"

# Every package .ci/run may install is in the README's test command, and
# every package the build needs is in the build command.
sed -n '/^need=(/,/)/p' "$ci" | grep -oE '[a-z0-9+.-]+:[a-z0-9+.-]+' | sed 's/.*://' >"$tmp/ci.pkgs"
grep -oE 'missing\+=\([a-z0-9 .+-]+\)' "$ci" | sed 's/missing+=(//; s/)//' | tr ' ' '\n' | sort -u >>"$tmp/ci.pkgs"
sort -u -o "$tmp/ci.pkgs" "$tmp/ci.pkgs"
[ -s "$tmp/ci.pkgs" ] || fail "found no package names in .ci/run"
missing=$(comm -23 "$tmp/ci.pkgs" "$tmp/tests.pkgs" 2>/dev/null | tr '\n' ' ')
[ -z "$missing" ] || fail "test command lacks packages that .ci/run installs: $missing"
for p in gcc make autoconf automake pkgconf libncurses-dev; do
    grep -qx "$p" "$tmp/build.pkgs" 2>/dev/null || grep -qx "${p/pkgconf/pkg-config}" "$tmp/build.pkgs" 2>/dev/null \
        || fail "build command lacks $p"
done
echo "README commands: build installs $(wc -l <"$tmp/build.pkgs" 2>/dev/null) packages, tests $(wc -l <"$tmp/tests.pkgs" 2>/dev/null); $(wc -l <"$tmp/ci.pkgs") packages named in .ci/run"
[ $fails -eq 0 ]
