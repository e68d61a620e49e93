"""The notebook's model in PyTorch, timed per epoch as rnntui --bench times it.

Two stacked recurrent layers (the first returns its sequence), Dense(1),
MSE, Adam(lr=1e-3, eps=1e-7), batch 32, a shuffled training set of 2048
sequences of 100 steps and a validation pass over 512 after each epoch.
Prints one line per cell: "<cell> <median seconds per epoch>".
Usage: python3 vs_pytorch.py [epochs] [threads]
"""
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
if len(sys.argv) > 2:
    torch.set_num_threads(int(sys.argv[2]))
N, T, UNITS, BATCH = 3000, 100, 30, 32


def make_data(rng):
    x = np.zeros((N, T, 2), dtype=np.float32)
    x[:, :, 1] = rng.uniform(0, 1, (N, T))
    y = np.zeros(N, dtype=np.float32)
    for i in range(N):
        a, b = rng.choice(T, size=2, replace=False)
        x[i, [a, b], 0] = 1
        y[i] = x[i, a, 1] * x[i, b, 1]
    return torch.from_numpy(x), torch.from_numpy(y)


class Net(nn.Module):
    def __init__(self, kind):
        super().__init__()
        cls = {"SimpleRNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}[kind]
        self.r1 = cls(2, UNITS, batch_first=True)
        self.r2 = cls(UNITS, UNITS, batch_first=True)
        self.dense = nn.Linear(UNITS, 1)

    def forward(self, x):
        h, _ = self.r1(x)
        h, _ = self.r2(h)
        return self.dense(h[:, -1, :]).squeeze(1)


def main():
    torch.manual_seed(1)
    x, y = make_data(np.random.default_rng(1))
    xt, yt, xv, yv = x[:2048], y[:2048], x[2048:2560], y[2048:2560]
    for kind in ("SimpleRNN", "LSTM", "GRU"):
        net = Net(kind)
        opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
        loss_fn = nn.MSELoss()
        times = []
        for epoch in range(EPOCHS + 1):
            t0 = time.perf_counter()
            perm = torch.randperm(2048)
            for i in range(0, 2048, BATCH):
                idx = perm[i:i + BATCH]
                opt.zero_grad()
                loss = loss_fn(net(xt[idx]), yt[idx])
                loss.backward()
                opt.step()
            with torch.no_grad():
                loss_fn(net(xv), yv).item()
            if epoch > 0:                    # the first epoch warms up
                times.append(time.perf_counter() - t0)
        print(kind, statistics.median(times), flush=True)


main()
