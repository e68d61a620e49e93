"""replay.py DIR: replays a training run of rnntui in numpy, from Keras's
equations (DESIGN.md sections 3 and 4), and compares.

It reads what tests/replay_dump wrote: the exported data, the initial
weights, each epoch's sample order, and the program's losses, final weights
and test predictions. It shares no code with the program: the cells'
forward passes and their backpropagation through time are written here
from the equations, in float64, and so are the MSE loss, the batches
(each a mean over its own samples, the last one partial), Adam in Keras's
form, val_loss and the test metrics.

Agreement is to float32 rounding: the program runs in float32, and Adam
spreads its rounding a little (an element whose gradient is near zero has
m / sqrt(v) sensitive to it), so after 15 steps of lr 1e-2, which move the
weights by about 0.1, the two agree to about 1e-5 (measured: 0.8e-6 to
1.2e-5); the tolerances are 5e-5 on weights and 5e-5
relative on losses (1e-6 on the predictions of the same weights), far
below what a wrong rule moves (tests/mutants.sh). Exit status 0 when
everything agrees, 1 otherwise.
"""
import json
import sys

import numpy as np

B1, B2, EPS = 0.9, 0.999, 1e-7
GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def sigm(x):
    return 1.0 / (1.0 + np.exp(-x))


def unflatten(flat, cell, units, layers, n_in0):
    """Keras get_weights() order: per layer kernel, recurrent kernel, bias;
    then the dense kernel and bias."""
    k = GATES[cell]
    shapes = []
    for l in range(layers):
        n_in = n_in0 if l == 0 else units
        shapes += [(n_in, k * units), (units, k * units),
                   (2, k * units) if cell == "GRU" else (k * units,)]
    shapes += [(units, 1), (1,)]
    out, at = [], 0
    for s in shapes:
        n = int(np.prod(s))
        out.append(flat[at:at + n].astype(np.float64).reshape(s))
        at += n
    assert at == flat.size, "weights: %d values, the shapes need %d" % (flat.size, at)
    return out


def layer_forward(cell, W, U, b, x):
    """x (B, T, n_in) -> h (B, T, u) and what the backward pass needs."""
    B, T, _ = x.shape
    u = U.shape[0]
    h = np.zeros((B, u))
    c = np.zeros((B, u))
    hs, cache = np.zeros((B, T, u)), []
    for t in range(T):
        xt, h_prev, c_prev = x[:, t], h, c
        if cell == "SimpleRNN":
            h = np.tanh(xt @ W + h_prev @ U + b)
            cache.append((h_prev, h))
        elif cell == "LSTM":
            z = xt @ W + h_prev @ U + b
            i, f = sigm(z[:, :u]), sigm(z[:, u:2 * u])
            g, o = np.tanh(z[:, 2 * u:3 * u]), sigm(z[:, 3 * u:])
            c = f * c_prev + i * g
            tc = np.tanh(c)
            h = o * tc
            cache.append((h_prev, c_prev, i, f, g, o, tc))
        else:
            a = xt @ W + b[0]
            q = h_prev @ U + b[1]
            z = sigm(a[:, :u] + q[:, :u])
            r = sigm(a[:, u:2 * u] + q[:, u:2 * u])
            n = np.tanh(a[:, 2 * u:] + r * q[:, 2 * u:])
            h = z * h_prev + (1 - z) * n
            cache.append((h_prev, z, r, n, q))
        hs[:, t] = h
    return hs, cache


def layer_backward(cell, W, U, b, x, cache, dH):
    """dH (B, T, u): dL/dh_t from above. Returns dW, dU, db, dx."""
    B, T, _ = x.shape
    u = U.shape[0]
    dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
    dx = np.zeros_like(x)
    dh_next = np.zeros((B, u))
    dc_next = np.zeros((B, u))
    for t in reversed(range(T)):
        xt = x[:, t]
        dh = dH[:, t] + dh_next
        if cell == "SimpleRNN":
            h_prev, h = cache[t]
            dz = dh * (1 - h * h)
            dW += xt.T @ dz
            dU += h_prev.T @ dz
            db += dz.sum(0)
            dx[:, t] = dz @ W.T
            dh_next = dz @ U.T
        elif cell == "LSTM":
            h_prev, c_prev, i, f, g, o, tc = cache[t]
            dc = dc_next + dh * o * (1 - tc * tc)
            dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                                 dc * i * (1 - g * g), dh * tc * o * (1 - o)], axis=1)
            dW += xt.T @ dz
            dU += h_prev.T @ dz
            db += dz.sum(0)
            dx[:, t] = dz @ W.T
            dh_next = dz @ U.T
            dc_next = dc * f
        else:
            h_prev, z, r, n, q = cache[t]
            dzg = dh * (h_prev - n) * z * (1 - z)
            dn = dh * (1 - z) * (1 - n * n)
            drg = dn * q[:, 2 * u:] * r * (1 - r)
            da = np.concatenate([dzg, drg, dn], axis=1)
            dq = np.concatenate([dzg, drg, dn * r], axis=1)
            dW += xt.T @ da
            dU += h_prev.T @ dq
            db[0] += da.sum(0)
            db[1] += dq.sum(0)
            dx[:, t] = da @ W.T
            dh_next = dh * z + dq @ U.T
    return dW, dU, db, dx


def forward(cell, params, layers, x):
    caches, inputs = [], []
    h = x
    for l in range(layers):
        W, U, b = params[3 * l:3 * l + 3]
        inputs.append(h)
        h, cache = layer_forward(cell, W, U, b, h)
        caches.append(cache)
    wd, bd = params[3 * layers:]
    pred = h[:, -1] @ wd[:, 0] + bd[0]
    return pred, (inputs, caches, h)


def batch_grads(cell, params, layers, x, y):
    """Loss mean_i (pred_i - y_i)^2 over the batch; its sum of squares and
    the gradient of every tensor."""
    pred, (inputs, caches, htop) = forward(cell, params, layers, x)
    e = pred - y
    dpred = 2 * e / len(y)
    wd = params[3 * layers]
    grads = [None] * len(params)
    grads[3 * layers] = (htop[:, -1].T @ dpred)[:, None]
    grads[3 * layers + 1] = np.array([dpred.sum()])
    dH = np.zeros_like(htop)
    dH[:, -1] = np.outer(dpred, wd[:, 0])
    for l in reversed(range(layers)):
        W, U, b = params[3 * l:3 * l + 3]
        dW, dU, db, dx = layer_backward(cell, W, U, b, inputs[l], caches[l], dH)
        grads[3 * l:3 * l + 3] = [dW, dU, db]
        dH = dx
    return float(e @ e), grads


def main():
    d = sys.argv[1]
    run = json.load(open(d + "/run.json"))
    cell, units, layers = run["cell"], run["units"], run["layers"]
    bs, lr = run["batch_size"], run["learning_rate"]
    X = np.load(d + "/X.npy").astype(np.float64)
    Y = np.load(d + "/Y.npy").astype(np.float64)
    tr, va, te = (np.load(d + "/%s_idx.npy" % p) for p in ("train", "val", "test"))
    orders = np.load(d + "/orders.npy")
    init = np.load(d + "/init.npy")
    c_loss, c_val = np.load(d + "/loss.npy"), np.load(d + "/val_loss.npy")
    c_final, c_pred = np.load(d + "/final.npy"), np.load(d + "/pred.npy")
    failed = []

    def check(ok, what):
        if not ok:
            failed.append(what)
            print("FAIL:", what)

    epochs, n_train = orders.shape
    check(n_train == tr.size, "orders cover %d samples, the training set has %d" % (n_train, tr.size))
    for e in range(epochs):
        check(np.array_equal(np.sort(orders[e]), np.sort(tr)),
              "epoch %d's order is not a permutation of the training samples" % (e + 1))

    params = unflatten(init, cell, units, layers, X.shape[2])
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    step = 0
    loss, val_loss = [], []
    for e in range(epochs):
        sse = 0.0
        for first in range(0, n_train, bs):
            idx = orders[e, first:first + bs]
            s, grads = batch_grads(cell, params, layers, X[idx], Y[idx])
            sse += s
            step += 1
            lr_t = lr * np.sqrt(1 - B2 ** step) / (1 - B1 ** step)
            for p, g, mi, vi in zip(params, grads, m, v):
                mi[...] = B1 * mi + (1 - B1) * g
                vi[...] = B2 * vi + (1 - B2) * g * g
                p -= lr_t * mi / (np.sqrt(vi) + EPS)
        loss.append(sse / n_train)
        pv, _ = forward(cell, params, layers, X[va])
        val_loss.append(float(np.mean((pv - Y[va]) ** 2)))

    # The history: each epoch's loss and val_loss.
    rl = np.max(np.abs(np.array(loss) - c_loss) / np.array(loss))
    rv = np.max(np.abs(np.array(val_loss) - c_val) / np.array(val_loss))
    print("%s %dx%d, %d epochs, %d steps: loss %s" % (cell, layers, units, epochs, step,
          " ".join("%.6f" % l for l in loss)))
    print("  max relative difference: loss %.1e, val_loss %.1e" % (rl, rv))
    check(rl < 5e-5, "loss differs by %.2e (relative)" % rl)
    check(rv < 5e-5, "val_loss differs by %.2e (relative)" % rv)

    # The final weights, tensor by tensor.
    final = unflatten(c_final, cell, units, layers, X.shape[2])
    names = []
    for l in range(layers):
        names += ["layer %d kernel" % l, "layer %d recurrent kernel" % l, "layer %d bias" % l]
    names += ["dense kernel", "dense bias"]
    moved = max(np.max(np.abs(p - q)) for p, q in
                zip(params, unflatten(init, cell, units, layers, X.shape[2])))
    worst = 0.0
    for name, p, q in zip(names, params, final):
        diff = float(np.max(np.abs(p - q)))
        worst = max(worst, diff)
        check(diff < 5e-5, "%s differs by %.2e" % (name, diff))
    print("  final weights: max |difference| %.1e (training moved them by up to %.1e)" % (worst, moved))
    check(moved > 1e-3, "training did not move the weights")

    # The test predictions of the program's final weights, and the metrics.
    pt, _ = forward(cell, final, layers, X[te])
    dp = float(np.max(np.abs(pt - c_pred)))
    check(dp < 1e-6, "test predictions differ by %.2e" % dp)
    diff = np.abs(c_pred.astype(np.float64) - Y[te])
    mse = float(np.mean(diff ** 2))
    within = int(np.sum(diff <= 0.04))
    check(abs(mse - run["test_loss"]) <= 1e-12 * mse, "test loss %r, recomputed %r" % (run["test_loss"], mse))
    check(run["n_correct"] == within and run["n_test"] == te.size,
          "%d of %d within 0.04, recomputed %d of %d" % (run["n_correct"], run["n_test"], within, te.size))
    check(run["correctness"] == 100.0 * within / te.size, "correctness %r" % run["correctness"])
    print("  test predictions to %.1e; test MSE %.6f, %d of %d within 0.04" % (dp, mse, within, te.size))
    sys.exit(1 if failed else 0)


main()
