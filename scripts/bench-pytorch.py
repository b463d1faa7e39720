#!/usr/bin/python3
"""PyTorch reference for gradflow's benchmark (gradflow.bench.Benchmark): the same three nets,
data, initialisation, optimizer and batch sizes, timed the same way, printed in the same SAMPLE and
RATE line formats so that scripts/bench.sh can put both side by side.

Modes (as the Java benchmark's):
  single NET off|on STEPS   fresh process: one SAMPLE line (time from process start to the end
                            of the first step, examples/s, VmHWM)
  throughput RUNS           warms each net up, then RUNS interleaved off/on runs: one RATE line each

"off" trains with no statistics; "on" also records mean |g| of every parameter at every step (the
cheapest useful measurement, what a user's callback would do). Env BENCH_DATA: the MNIST directory.
Runs with Debian's python3-torch (1.13) on 2 threads, like gradflow's OpenBLAS; its BLAS is
whatever libblas.so.3 resolves to (scripts/bench.sh points it at Debian's OpenBLAS).
"""
import gzip
import os
import struct
import sys
import time

# Idle OpenMP threads sleep instead of spinning: on 2 vCPUs shared with other work, spinning
# threads made element-wise ops 400x slower (relu of 128x1024: 8 ms against 0.02 ms, measured).
# Read when libgomp starts, so before torch is imported; the caller's environment wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(2)
DATA = os.environ.get("BENCH_DATA", "testdata/mnist-mini")
SEED = 42
# batch, timed steps, warm-up steps: as gradflow.bench.Benchmark.Net
NETS = {"classic": (100, 300, 100), "wide": (128, 40, 15), "conv": (64, 40, 10)}


def read_idx(stem):
    """An IDX file of the MNIST directory, plain or gzipped, as its dimensions and bytes."""
    path = os.path.join(DATA, stem)
    opener = open if os.path.exists(path) else gzip.open
    with opener(path if opener is open else path + ".gz", "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
    return dims, raw[4 + 4 * ndim :]


def load_train():
    """Pixels as float32 byte / 255, one 784-value row per image (as MnistLoader); int64 labels."""
    dims, pixels = read_idx("train-images-idx3-ubyte")
    _, labels = read_idx("train-labels-idx1-ubyte")
    x = torch.frombuffer(bytearray(pixels), dtype=torch.uint8).view(dims[0], -1).float().div_(255)
    y = torch.frombuffer(bytearray(labels), dtype=torch.uint8).long()
    return x, y


def dense(n_in, n_out, he):
    layer = nn.Linear(n_in, n_out)
    # He uniform: U(+-sqrt(6 / fan_in)); Xavier uniform: U(+-sqrt(6 / (fan_in + fan_out)))
    if he:
        nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
    else:
        nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


def conv(c_in, c_out):
    layer = nn.Conv2d(c_in, c_out, 3)
    nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")  # fan_in = c_in * 3 * 3
    nn.init.zeros_(layer.bias)
    return layer


def build(net):
    if net == "classic":  # 784-10x5-10 sigmoid
        sizes = [784] + [10] * 5
        layers = []
        for i in range(5):
            layers += [dense(sizes[i], sizes[i + 1], he=False), nn.Sigmoid()]
        return nn.Sequential(*layers, dense(10, 10, he=False))
    if net == "wide":  # 784-1024x3-10 ReLU
        sizes = [784] + [1024] * 3
        layers = []
        for i in range(3):
            layers += [dense(sizes[i], sizes[i + 1], he=True), nn.ReLU()]
        return nn.Sequential(*layers, dense(1024, 10, he=False))
    # [1,28,28] -> conv 16x3x3 relu -> maxpool 2 -> conv 32x3x3 relu -> maxpool 2 -> dense 10
    return nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        conv(1, 16), nn.ReLU(), nn.MaxPool2d(2),
        conv(16, 32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), dense(32 * 5 * 5, 10, he=False),
    )


def train(net, measured, steps, x, y):
    """Trains a fresh net; returns (examples/s over all steps, wall time of the first step end)."""
    torch.manual_seed(SEED)
    model = build(net)
    params = list(model.parameters())
    opt = torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.CrossEntropyLoss()
    batch = NETS[net][0]
    generator = torch.Generator().manual_seed(SEED)
    order = torch.randperm(len(x), generator=generator)
    position = 0
    stats = []
    first_step_end = None
    start = time.perf_counter()
    for step in range(steps):
        if position + batch > len(order):  # skip the short tail, reshuffle (as BatchSampler)
            order = torch.randperm(len(x), generator=generator)
            position = 0
        rows = order[position : position + batch]
        position += batch
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(model(x[rows]), y[rows])
        loss.backward()
        if measured:
            stats.append([p.grad.abs().mean().item() for p in params])
        opt.step()
        if step == 0:
            first_step_end = seconds_since_process_start()
    seconds = time.perf_counter() - start
    return steps * batch / seconds, first_step_end


def seconds_since_process_start():
    """From /proc: the process's start tick against the system uptime (10 ms resolution)."""
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def vmhwm_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return -1


def main(args):
    mode = args[0] if args else "throughput"
    x, y = load_train()
    if mode == "single":
        net, probe, steps = args[1], args[2], int(args[3])
        rate, first = train(net, probe == "on", steps, x, y)
        print(
            f"SAMPLE impl=pytorch net={net} probe={probe} first_step_s={first:.3f} "
            f"ex_per_s={rate:.1f} vmhwm_mib={vmhwm_mib():.1f} heap_peak_mib=n/a"
        )
    elif mode == "throughput":
        runs = int(args[1]) if len(args) > 1 else 5
        for net, (_, _, warmup) in NETS.items():
            for measured in (False, True):
                train(net, measured, warmup, x, y)
        for r in range(runs):
            for net, (_, timed, _) in NETS.items():
                # alternate which configuration goes first so drift does not favour one
                for measured in (False, True) if r % 2 == 0 else (True, False):
                    rate, _ = train(net, measured, timed, x, y)
                    probe = "on" if measured else "off"
                    print(f"RATE impl=pytorch net={net} probe={probe} ex_per_s={rate:.1f}", flush=True)
    else:
        sys.exit(f"unknown mode {mode}; use single or throughput")


if __name__ == "__main__":
    main(sys.argv[1:])
