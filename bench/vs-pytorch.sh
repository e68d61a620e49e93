#!/bin/bash
# rnntui against PyTorch on the same CPU, same model and data sizes: the
# notebook's 2 x 30-unit recurrent layers + Dense(1), batch 32, 2048 training
# and 512 validation sequences of 100 steps per epoch. PyTorch is Debian's
# python3-torch run by /usr/bin/python3 (with libopenblas0-pthread installed
# it uses OpenBLAS). Skips with a message when it is missing.
# Usage: bench/vs-pytorch.sh [path/to/rnntui]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-src/rnntui}
py=/usr/bin/python3
if ! "$py" -c 'import torch, numpy' 2>/dev/null; then
    echo "vs-pytorch: skipped: $py cannot import torch and numpy" \
         "(apt-get install python3-torch python3-numpy libopenblas0-pthread)"
    exit 0
fi
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "CPU: $cpu, $(nproc) cores"
echo "PyTorch $("$py" -c 'import torch; print(torch.__version__)'), BLAS:" \
     "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo unknown)"
# Unset the OpenBLAS overrides of this workplace for PyTorch's run only.
torch_out=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" "$here/vs_pytorch.py" 3)
rnn_out=$("$bin" --bench)
printf '\n| cell | PyTorch s/epoch | rnntui s/epoch (1 thread) | rnntui s/epoch (all cores) | speed-up |\n'
printf '|---|---|---|---|---|\n'
for cell in SimpleRNN LSTM GRU; do
    pt=$(awk -v c="$cell" '$1 == c { print $2 }' <<<"$torch_out")
    one=$(awk -v c="$cell" '$1 == c && $2 == 1 { print $3 }' <<<"$rnn_out")
    all=$(awk -v c="$cell" '$1 == c { v = $3 } END { print v }' <<<"$rnn_out")
    awk -v c="$cell" -v pt="$pt" -v one="$one" -v all="$all" \
        'BEGIN { printf "| %s | %.3f | %.4f | %.4f | %.1fx |\n", c, pt, one, all, pt / all }'
done
printf '\n%s\n' "$(grep 'peak RSS' <<<"$rnn_out")"
