#!/bin/sh
# The files of a run read back with Python's standard library alone, as a
# Keras or PyTorch user would: the CSV log with csv, the JSON Lines log and
# the weights with json, the SVG with xml.etree, the .npy files with struct.
# For each cell kind, a pure-Python forward pass with Keras's equations,
# the saved weights (in get_weights() order) and the exported test samples
# reproduces the predictions the program printed. Skipped without python3.
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
bld=$(cd "${top_builddir:-.}" && pwd)
R="$bld/src/rnntui"
[ -x "$R" ] || { echo "no $R"; exit 99; }
dir=$(mktemp -d) || exit 99
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 99

for cell in rnn lstm gru; do
    "$R" --headless --cell $cell --samples 300 --length 20 --units 8 --epochs 3 --threads 1 --seed 3 \
        --log $cell.csv > /dev/null &&
    "$R" --headless --cell $cell --samples 300 --length 20 --units 8 --epochs 3 --threads 1 --seed 3 \
        --log $cell.jsonl --save-weights $cell.json --export-data $cell --plot $cell.svg > $cell.out ||
        { echo "FAIL: training $cell"; exit 1; }
done

python3 - <<'EOF'
import ast, csv, json, math, struct, sys
import xml.etree.ElementTree as ET

passed = failed = 0
def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)

def f32(x):
    return struct.unpack('<f', struct.pack('<f', x))[0]

def load_npy(path):
    with open(path, 'rb') as f:
        b = f.read()
    assert b[:8] == b'\x93NUMPY\x01\x00', path
    hlen = struct.unpack('<H', b[8:10])[0]
    header = ast.literal_eval(b[10:10 + hlen].decode('latin1'))
    check((10 + hlen) % 64 == 0, path + ": data aligned to 64 bytes")
    check(header['fortran_order'] is False, path + ": C order")
    code = {'<f4': 'f', '<i8': 'q'}[header['descr']]
    n = 1
    for d in header['shape']:
        n *= d
    data = struct.unpack('<%d%s' % (n, code), b[10 + hlen:])
    return header['shape'], data

def sigm(x):
    return 1.0 / (1.0 + math.exp(-x))

def matvec(v, m):   # v (n,) times m (n, k) -> (k,)
    out = [0.0] * len(m[0])
    for i, vi in enumerate(v):
        if vi:
            row = m[i]
            for j in range(len(out)):
                out[j] += vi * row[j]
    return out

def forward(cell, units, layers, W, seq):
    xs = seq
    for l in range(layers):
        K, U, B = W[3 * l], W[3 * l + 1], W[3 * l + 2]
        h = [0.0] * units
        c = [0.0] * units
        out = []
        for x in xs:
            if cell == 'GRU':
                a = [s + b for s, b in zip(matvec(x, K), B[0])]
                q = [s + b for s, b in zip(matvec(h, U), B[1])]
                u = units
                z = [sigm(a[j] + q[j]) for j in range(u)]
                r = [sigm(a[u + j] + q[u + j]) for j in range(u)]
                n = [math.tanh(a[2 * u + j] + r[j] * q[2 * u + j]) for j in range(u)]
                h = [z[j] * h[j] + (1 - z[j]) * n[j] for j in range(u)]
            else:
                zz = [p + s + b for p, s, b in zip(matvec(x, K), matvec(h, U), B)]
                if cell == 'LSTM':
                    u = units
                    i = [sigm(v) for v in zz[0:u]]
                    f = [sigm(v) for v in zz[u:2 * u]]
                    g = [math.tanh(v) for v in zz[2 * u:3 * u]]
                    o = [sigm(v) for v in zz[3 * u:4 * u]]
                    c = [f[j] * c[j] + i[j] * g[j] for j in range(u)]
                    h = [o[j] * math.tanh(c[j]) for j in range(u)]
                else:
                    h = [math.tanh(v) for v in zz]
            out.append(h)
        xs = out
    Dk, Db = W[3 * layers], W[3 * layers + 1]
    return sum(hj * Dk[j][0] for j, hj in enumerate(xs[-1])) + Db[0]

for cell in ('rnn', 'lstm', 'gru'):
    # CSV, as Keras's CSVLogger writes it.
    with open(cell + '.csv', newline='') as f:
        rows = list(csv.DictReader(f))
    check(list(rows[0].keys()) == ['epoch', 'loss', 'val_loss', 'seconds'], cell + ": CSV columns")
    check([int(r['epoch']) for r in rows] == [0, 1, 2], cell + ": CSV epochs")
    check(all(float(r['loss']) > 0 and float(r['val_loss']) > 0 for r in rows), cell + ": CSV numbers")

    # JSON Lines.
    with open(cell + '.jsonl') as f:
        recs = [json.loads(line) for line in f]
    cfg, epochs, final = recs[0], recs[1:-1], recs[-1]
    check(cfg['record'] == 'config' and cfg['program'] == 'rnntui', cell + ": config record")
    for k in ('cell', 'units', 'layers', 'epochs', 'batch_size', 'learning_rate', 'samples',
              'length', 'seed', 'threads', 'version'):
        check(k in cfg, cell + ": config has " + k)
    check(cfg['units'] == 8 and cfg['seed'] == 3 and cfg['samples'] == 300, cell + ": config values")
    check([e['epoch'] for e in epochs] == [0, 1, 2], cell + ": JSONL epochs")
    # The same seed gives the same history in both logs, to the bit.
    check([e['loss'] for e in epochs] == [float(r['loss']) for r in rows], cell + ": CSV = JSONL loss")
    check([e['val_loss'] for e in epochs] == [float(r['val_loss']) for r in rows], cell + ": CSV = JSONL val_loss")
    check(final['record'] == 'final' and final['status'] == 'done' and final['epochs_done'] == 3,
          cell + ": final record")
    check(len(final['table']) == 5, cell + ": five-row table")
    out = open(cell + '.out').read()
    check(('correctness: %.1f %%' % final['correctness']) in out, cell + ": correctness as printed")
    check(('Test loss: %.6f' % final['test_loss']) in out, cell + ": test loss as printed")

    # SVG: XML with one point per epoch in each series.
    root = ET.parse(cell + '.svg').getroot()
    ns = '{http://www.w3.org/2000/svg}'
    check(root.tag == ns + 'svg', cell + ": SVG root")
    for sid in ('loss', 'val_loss'):
        g = [e for e in root.iter(ns + 'g') if e.get('id') == sid]
        check(len(g) == 1, cell + ": one " + sid + " series")
        pts = sum(len(p.get('points').split()) for p in g[0].iter(ns + 'polyline')) if g else 0
        check(pts == 3, cell + ": %s has %d points for 3 epochs" % (sid, pts))
    title = root.find(ns + 'title').text
    check(title.startswith(cfg['cell'] + ', 2 x 8 units, seed 3') and 'correctness' in title,
          cell + ": SVG title " + title)

    # Weights: Keras get_weights() order and shapes.
    w = json.load(open(cell + '.json'))
    check(w['format'] == 'rnntui-weights' and w['version'] == 1, cell + ": weights header")
    k = {'SimpleRNN': 1, 'LSTM': 4, 'GRU': 3}[w['cell']]
    u, L = w['units'], w['layers']
    want = []
    for l in range(L):
        want += [[2 if l == 0 else u, k * u], [u, k * u], [2, k * u] if w['cell'] == 'GRU' else [k * u]]
    want += [[u, 1], [1]]
    check([t['shape'] for t in w['weights']] == want, cell + ": tensor shapes")
    def shape_of(d):
        return [len(d)] + shape_of(d[0]) if isinstance(d, list) else []
    check(all(shape_of(t['data']) == t['shape'] for t in w['weights']), cell + ": data nests like the shape")
    n = sum(math.prod(t['shape']) for t in w['weights'])
    check(n == cfg['params'], cell + ": %d values = params %d" % (n, cfg['params']))
    check(all(math.isfinite(v) and abs(v) < 3.5e38 for t in w['weights'] for row in t['data']
              for v in (row if isinstance(row, list) else [row])), cell + ": values are finite float32")

    # Data: X (N, T, 2) float32, Y (N,) float32, the split indices.
    xs, X = load_npy(cell + '/X.npy')
    ys, Y = load_npy(cell + '/Y.npy')
    check(xs == (300, 20, 2) and ys == (300,), cell + ": data shapes")
    T = 20
    good = 0
    for s in range(300):
        marks = [t for t in range(T) if X[(s * T + t) * 2] == 1.0]
        zeros = all(X[(s * T + t) * 2] == 0.0 for t in range(T) if t not in marks)
        if len(marks) == 2 and zeros and \
           f32(X[(s * T + marks[0]) * 2 + 1] * X[(s * T + marks[1]) * 2 + 1]) == Y[s]:
            good += 1
    check(good == 300, cell + ": %d of 300 samples have two markers and Y = their product" % good)
    idx = {}
    for part in ('train', 'val', 'test'):
        shp, idx[part] = load_npy('%s/%s_idx.npy' % (cell, part))
    check(list(idx['train']) == list(range(0, 204)) and list(idx['val']) == list(range(204, 256))
          and list(idx['test']) == list(range(256, 300)), cell + ": Keras split 204/52/44")

    # The interop claim: Keras's equations, these weights and these samples
    # give the program's predictions.
    Wl = [t['data'] for t in w['weights']]
    for i, row in enumerate(final['table']):
        s = idx['test'][i]
        seq = [[X[(s * T + t) * 2], X[(s * T + t) * 2 + 1]] for t in range(T)]
        check(f32(row['target']) == Y[s], cell + ": table target %d is Y[test_idx[%d]]" % (i, i))
        p = forward(w['cell'], u, L, Wl, seq)
        check(abs(p - row['prediction']) < 1e-4,
              cell + ": prediction %d: Python %.7f, rnntui %.7f" % (i, p, row['prediction']))

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
