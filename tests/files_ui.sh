#!/bin/sh
# Files lost or clobbered, in the screen (issue 10, item 2): --force
# replaces nothing until a run starts; two options naming one file are
# refused before the screen opens, and so are the numbered names of a later
# run that land on the loaded weights; a file size limit (without
# `trap '' XFSZ`) stops the run and the terminal comes back.
me=files_ui.sh
. "${srcdir:-.}/tests/tmux_lib.sh"

tmux_tmpdir fui
cd "$tmpdir" || exit 99
need_tmux
tmux_setup "$tmpdir"

short="--samples 300 --length 20 --units 8 --threads 1"

# ---- --force replaces nothing until a run starts ----

printf 'epoch,loss,val_loss,seconds\n0,0.5,0.5,1\n' >old.csv
cp old.csv old.keep
start keep 80 24 "$bin" $short --log old.csv --force
expect keep 'Parameters +[0-9,]+' "the screen opens with --log old.csv --force"
if cmp -s old.csv old.keep; then ok "keep: old.csv untouched while no run started"; else bad "keep: old.csv changed at start-up: $(wc -c <old.csv) bytes"; fi
keys keep q
exited keep 0
no_errors keep
if cmp -s old.csv old.keep; then ok "keep: quit before any run leaves old.csv as it was"; else bad "keep: old.csv is $(ls -l old.csv 2>&1)"; fi

start replace 80 24 "$bin" $short --epochs 2 --log old.csv --force --start
expect replace 'correctness: [0-9]+\.[0-9]%' "a run started with --force"
keys replace q
exited replace 0
if [ "$(wc -l <old.csv)" -eq 3 ]; then ok "replace: the run replaced old.csv"; else bad "replace: old.csv: $(cat old.csv)"; fi

# ---- two options naming one file: status 2 before the screen opens ----

start same 80 24 "$bin" $short --log same.csv --plot same.csv
exited same 2
never_opened same
one_line same '^rnntui: --log same\.csv and --plot same\.csv are the same file'
if [ ! -e same.csv ]; then ok "same: nothing written"; else bad "same: same.csv written"; fi

# Compare mode's per-cell names, for C in the settings: p-lstm.svg is a
# link to r-lstm.csv, so the LSTM's plot would land on its log.
ln -s r-lstm.csv p-lstm.svg
start cmpclash 160 24 "$bin" $short --epochs 1 --log r.csv --plot p.svg
expect cmpclash 'Parameters +[0-9,]+' "the screen opens: the single run's names do not clash"
keys cmpclash C
expect cmpclash 'Not compared: --log \(LSTM\) r-lstm\.csv and --plot \(LSTM\) p-lstm\.svg are the same file' \
    "C refuses per-cell names that are one file"
keys cmpclash q
exited cmpclash 0
if [ ! -e r-lstm.csv ] && [ ! -e r-simplernn.csv ]; then ok "cmpclash: nothing written"; else bad "cmpclash: $(ls r-*)"; fi

# A later run's numbered name (w-2.json) is the file the weights came from.
"$bin" --headless $short --epochs 1 --save-weights w-2.json >/dev/null 2>&1 || bad "weights for the next test"
cp w-2.json w-2.keep
start numbered 100 24 "$bin" $short --epochs 1 --load-weights w-2.json --save-weights w.json --force --start
expect numbered 'correctness: [0-9]+\.[0-9]%' "run 1 with --load-weights w-2.json --save-weights w.json"
keys numbered s
expect numbered 'cannot start run 2: --load-weights w-2\.json and --save-weights w-2\.json are the same' \
    "run 2, whose weights would be w-2.json, is refused"
keys numbered q
exited numbered 0
if cmp -s w-2.json w-2.keep; then ok "numbered: the loaded weights untouched"; else bad "numbered: w-2.json was replaced"; fi

# ---- a file size limit in the screen, without trap '' XFSZ ----

cat >limited.sh <<EOF
#!/bin/sh
ulimit -f 8
exec "$bin" $short --epochs 3 --units 30 --save-weights big.json --start
EOF
chmod +x limited.sh
start limit 100 24 "$tmpdir/limited.sh"
expect limit 'cannot write big\.json \(--save-weights\): File too large' "the size limit: said on the screen"
keys limit q
exited limit 1
one_line limit '^rnntui: cannot write big\.json \(--save-weights\): File too large$'
left=$(find . -name '*.rnntui-*' | head -3)
if [ ! -e big.json ] && [ -z "$left" ]; then ok "limit: no weights file, no temporary file"; else bad "limit: left $left $(ls big.json 2>&1)"; fi

finish
