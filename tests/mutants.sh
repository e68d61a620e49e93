#!/bin/bash
# Mutation testing: does the suite notice a small bug? (Not part of make
# check: it takes minutes.)
#
# Copies the tree (tracked files as they are in the working tree) to a
# temporary directory, configures and builds it once, then for each mutant
# below replaces one exact piece of source text, rebuilds what changed, runs
# the fast tests, prints KILLED (some test failed) or SURVIVED, and puts the
# file back. Ends with the totals; exit status 0 when every mutant was
# killed (or survived and is marked equivalent, with the reason why it
# cannot change any output), 1 when another survived, 2 when a mutant's text no longer occurs
# exactly once in its file (the list must follow the source: fix the entry)
# or a mutant does not build.
#
# usage: tests/mutants.sh [NAME...]      (default: every mutant)
# Environment: MUTANT_TESTS overrides the test list; MUTANT_KEEP=1 keeps the
# temporary tree; MUTANT_JOBS (default 2) is make's -j; PYTHON (default /usr/bin/python3) is the numpy Python of
# tests/replay.sh. Run it with nice on a shared machine.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/rnntui-mutants.XXXXXX") || exit 99
[ "${MUTANT_KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT
src=$work/src
bld=$work/build

# name | file | exact text | replacement | what the bug is
names=() files=() olds=() news=() whats=()
mutant() { names+=("$1"); files+=("$2"); olds+=("$3"); news+=("$4"); whats+=("$5"); }
# A mutant that cannot change any output (the reason is written above it):
# its survival is reported but does not fail the run.
equivalents=" "
equivalent() { equivalents="$equivalents$1 "; }

# ---- optimiser ----
mutant adam-eps src/core/optim.h '#define OPTIM_EPSILON 1e-7' '#define OPTIM_EPSILON 1e-8' \
    'Adam epsilon 1e-8 instead of 1e-7'
mutant adam-no-bias-correction src/core/optim.c 'const double t = (double)o->step;' 'const double t = 1e9;' \
    'Adam without bias correction (lr_t = lr)'
mutant adam-v-beta1 src/core/optim.c 'v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];' \
    'v[i] = b1 * v[i] + (1 - b1) * g[i] * g[i];' 'Adam v built with beta1'
mutant adam-beta1 src/core/optim.h '#define OPTIM_BETA1 0.9' '#define OPTIM_BETA1 0.8' 'Adam beta1 0.8'
mutant adam-beta2 src/core/optim.h '#define OPTIM_BETA2 0.999' '#define OPTIM_BETA2 0.99' 'Adam beta2 0.99'
mutant adam-sign src/core/optim.c 'w[i] -= lr_t * m[i]' 'w[i] += lr_t * m[i]' 'Adam steps uphill'
# ---- initialisers ----
mutant lstm-forget-bias-0 src/core/model.c 'm->params[t[2].offset + j] = 1;' 'm->params[t[2].offset + j] = 0;' \
    'LSTM forget-gate bias 0 instead of 1'
mutant recurrent-glorot src/core/model.c \
    'st = orthogonal_init(r, m->params + t[1].offset, t[1].dims[0], t[1].dims[1], cancel);' \
    'st = init_glorot(r, m->params + t[1].offset, t[1].dims[0], t[1].dims[1], cancel);' \
    'recurrent kernels glorot instead of orthogonal'
mutant glorot-3 src/core/model.c 'double limit = sqrt(6.0 / (rows + cols));' \
    'double limit = sqrt(3.0 / (rows + cols));' 'glorot with 3 instead of 6'
mutant glorot-fan src/core/model.c 'double limit = sqrt(6.0 / (rows + cols));' \
    'double limit = sqrt(6.0 / (rows + rows));' 'glorot with fan_out = fan_in'
mutant orthogonal-orientation src/core/orthogonal.c '(rows >= cols ? qt[(size_t)j * ld + i]' \
    '(rows > cols ? qt[(size_t)j * ld + i]' 'square orthogonal matrix transposed (Q^T, not Keras Q)'
# ---- data ----
mutant data-marks-coincide src/core/data.c 'if (b >= a)' 'if (b > a)' 'the two marked steps may coincide'
mutant data-sum src/core/data.c 'y[i] = xi[a * DATA_FEATURES + 1] * xi[b * DATA_FEATURES + 1];' \
    'y[i] = xi[a * DATA_FEATURES + 1] + xi[b * DATA_FEATURES + 1];' 'target the sum, not the product'
mutant data-split src/core/data.c '(1.0 - 0.2)' '(1.0 - 0.25)' 'validation split 25 %'
# ---- shuffling ----
mutant no-shuffle src/core/train.c 'rng_shuffle(&shuffle, t->order, n_train);' '(void)shuffle;' \
    'no shuffle'
mutant same-shuffle src/core/train.c 'rng_shuffle(&shuffle, t->order, n_train);' \
    'for (int i = 0; i < n_train; i++) t->order[i] = sp->train_begin + i; rng_seed(&shuffle, cfg->seed, RNG_STREAM_SHUFFLE); rng_shuffle(&shuffle, t->order, n_train);' \
    'the same shuffle every epoch'
mutant biased-shuffle src/core/rng.c 'int j = (int)rng_below(r, (uint32_t)i + 1);' \
    'int j = (int)rng_below(r, (uint32_t)n);' 'biased shuffle (j drawn from the whole range)'
# ---- batching and losses ----
mutant partial-batch-gradient src/core/train.c 'c->scale = (rt_real)(1.0 / n);' \
    'c->scale = (rt_real)(1.0 / (chunks * TRAIN_CHUNK));' \
    'the last partial batch weighted as a full one in its gradient'
mutant partial-batch-loss src/core/train.c 'sse += batch_sse;' 'sse += batch_sse / n * cfg->batch_size;' \
    'the last partial batch weighted as a full one in the epoch loss'
mutant train-loss-n-1 src/core/train.c 'double loss = sse / n_train;' 'double loss = sse / (n_train - 1);' \
    'training loss divided by n_train - 1'
mutant dense-grad-half src/core/model.c 'w->dpred[b] = 2 * scale * e;' 'w->dpred[b] = scale * e;' \
    'loss gradient without the factor 2'
# ---- metrics ----
mutant mse-n+1 src/core/train.c 'return n ? s / n : 0;' 'return n ? s / (n + 1) : 0;' 'MSE divided by n + 1'
mutant tolerance-0.05 include/rnntui/train.h '#define TRAIN_TOLERANCE 0.04' '#define TRAIN_TOLERANCE 0.05' \
    'correctness tolerance 0.05'
mutant tolerance-strict src/core/train.c '(double)y[i]) <= TRAIN_TOLERANCE)' '(double)y[i]) < TRAIN_TOLERANCE)' \
    'correctness tolerance strict (< instead of <=)'
# Equivalent: the difference of two float32 values, taken in double, is
# never the double nearest 0.04 (that needs about 53 significant bits, such
# a difference near 0.04 has at most about 30), so < and <= decide every
# sample alike. test_train checks the boundary that exists: a sample 0.04f
# away counts, one float further does not.
equivalent tolerance-strict
mutant percentage-n+1 src/core/train.c 'r->correctness = n ? 100.0 * r->n_correct / n : 0;' \
    'r->correctness = n ? 100.0 * r->n_correct / (n + 1) : 0;' 'correctness percentage divided by n + 1'
# ---- the padded layout (more than 16 units: two vector blocks per gate) ----
mutant scatter-wrap src/core/cell.c 'src[(size_t)i * Gp + g * l->up + j];' 'src[(size_t)i * Gp + g * l->up + j % 16];' \
    'gradient scatter wraps columns past 16 units'
mutant bias-padded-offset src/core/cell.c 'p->b + (size_t)r * G + g * l->units,' 'p->b + (size_t)r * G + g * l->up,' \
    'bias blocks read at the padded offset'
# ---- gradient flow and saliency (DESIGN.md section 9) ----
mutant flow-mean-n+1 src/core/train.c 'h[j] = (float)(sh / c->count);' 'h[j] = (float)(sh / (c->count + 1));' \
    'gradient flow averaged over n + 1 probe samples'
mutant marked-one-step src/core/gradflow.c 'return (a == m1 && b == m2) || (a == m2 && b == m1);' \
    'return a == m1 || a == m2;' '"looks at the marked steps" when only the largest is marked'
# ---- sweeps (DESIGN.md section 10) ----
mutant sweep-median-upper src/core/sweep.c 'return isinf(a) || isinf(b) ? (isinf(a) ? a : b) : (a + b) / 2;' \
    'return b;' 'median of an even count is the upper middle value'
# ---- cells, forward and backward ----
mutant rnn-backward src/core/cell_rnn.c 'dz[j] = (dh[j] + dh_rec[j]) * (1 - h[j] * h[j]);' \
    'dz[j] = (dh[j] + dh_rec[j]) * (1 - h[j]);' 'SimpleRNN tanh derivative wrong'
mutant lstm-forward-forget src/core/cell_lstm.c 'rt_real cj = f * c_prev[j] + i * g;' \
    'rt_real cj = i * c_prev[j] + i * g;' 'LSTM cell state kept by the input gate'
mutant lstm-backward-dc src/core/cell_lstm.c 'dc[j] = dcj * f;' 'dc[j] = dcj;' \
    'LSTM cell gradient not through the forget gate'
mutant gru-forward-mix src/core/cell_gru.c 'h[j] = z * h_prev[j] + (1 - z) * nn;' \
    'h[j] = (1 - z) * h_prev[j] + z * nn;' 'GRU update gate mixed the other way (PyTorch-style on Keras weights)'
mutant gru-backward-reset src/core/cell_gru.c 'dqh[j] = dn * r;' 'dqh[j] = dn;' \
    'GRU recurrent gradient ignores the reset gate'

fast_tests=${MUTANT_TESTS:-tests/test_optim tests/test_init tests/test_train tests/test_reference tests/gradcheck.sh tests/replay.sh tests/test_gradflow tests/test_gradflow_job tests/sweep_cli.sh}
programs="tests/test_optim tests/test_init tests/test_train tests/test_reference tests/test_gradcheck tests/test_gradcheck32 tests/replay_dump tests/test_gradflow tests/test_gradflow_job src/rnntui"

jobs=${MUTANT_JOBS:-2}
selected=("$@")
wanted() {
    [ ${#selected[@]} -eq 0 ] && return 0
    local s
    for s in "${selected[@]}"; do [ "$s" = "$1" ] && return 0; done
    return 1
}

echo "mutants: copying the tree to $work"
mkdir -p "$src" "$bld"
(cd "$top" && git ls-files -z | xargs -0 tar cf - --) | (cd "$src" && tar xf -) || exit 99
(cd "$src" && autoreconf -fi >/dev/null 2>&1) || { echo "mutants: autoreconf failed"; exit 99; }
(cd "$bld" && "$src/configure" -q >/dev/null && make -j"$jobs" $programs >/dev/null 2>&1) ||
    { echo "mutants: the unmutated tree does not build"; exit 99; }

# A test path is either a built program (./tests/test_x) or a script in the
# source tree; resolve once.
resolved=""
for t in $fast_tests; do
    if [ -f "$src/$t" ] && [ "${t%.sh}" != "$t" ]; then resolved="$resolved $src/$t"
    else resolved="$resolved $bld/$t"; fi
done
# run_tests: runs the fast tests in the build; prints the failing ones
run_tests() {
    local t failed="" rc
    for t in $resolved; do
        # (the outer 2>/dev/null hides the shell's note when a mutant crashes a test)
        (cd "$bld" && top_builddir=. top_srcdir="$src" PYTHON="${PYTHON:-/usr/bin/python3}" \
            timeout 600 "$t" >"$work/log" 2>&1) 2>/dev/null
        rc=$?
        [ $rc -eq 0 ] || failed="$failed $(basename "$t")"
    done
    echo "$failed"
}

echo "mutants: fast tests:$resolved" | sed "s|$work/[a-z]*/||g"
base=$(run_tests)
if [ -n "$base" ]; then
    echo "mutants: the unmutated tree fails:$base"
    exit 99
fi

killed=0 survived=0 equivalent_survived=0 broken=0
survivors=()
for i in "${!names[@]}"; do
    name=${names[$i]} file=${files[$i]}
    wanted "$name" || continue
    f="$src/$file"
    cp -p "$f" "$work/pristine"
    count=$(grep -cF -- "${olds[$i]}" "$f")
    if [ "$count" -ne 1 ]; then
        printf '%-26s ERROR: its text occurs %s times in %s (must be once): update the list\n' \
            "$name" "$count" "$file"
        broken=$((broken + 1))
        continue
    fi
    OLD=${olds[$i]} NEW=${news[$i]} awk '
        BEGIN { old = ENVIRON["OLD"]; new = ENVIRON["NEW"] }
        { p = index($0, old); if (p) $0 = substr($0, 1, p - 1) new substr($0, p + length(old)); print }
    ' "$work/pristine" >"$f"
    if cmp -s "$f" "$work/pristine"; then
        printf '%-26s ERROR: nothing changed\n' "$name"
        broken=$((broken + 1))
        continue
    fi
    if ! (cd "$bld" && make -j"$jobs" $programs >"$work/build.log" 2>&1); then
        printf '%-26s ERROR: does not build (%s)\n' "$name" "$(grep -m1 error "$work/build.log")"
        broken=$((broken + 1))
    else
        failed=$(run_tests)
        if [ -n "$failed" ]; then
            printf '%-26s KILLED   by%s   (%s)\n' "$name" "$failed" "${whats[$i]}"
            killed=$((killed + 1))
        elif [ "${equivalents#* $name }" != "$equivalents" ]; then
            printf '%-26s SURVIVED, equivalent (%s: cannot change any output, see the list)\n' \
                "$name" "${whats[$i]}"
            equivalent_survived=$((equivalent_survived + 1))
        else
            printf '%-26s SURVIVED             (%s)\n' "$name" "${whats[$i]}"
            survived=$((survived + 1))
            survivors+=("$name")
        fi
    fi
    cp -p "$work/pristine" "$f"
    touch "$f"
done
(cd "$bld" && make -j"$jobs" $programs >/dev/null 2>&1)
echo "mutants: $((killed + survived + equivalent_survived + broken)) mutants, $killed killed," \
     "$survived survived${survivors[*]:+ (${survivors[*]})}, $equivalent_survived equivalent survived, $broken errors"
[ $broken -eq 0 ] || exit 2
[ $survived -eq 0 ]
