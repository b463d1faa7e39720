#!/usr/bin/env python3
"""Writes the small example data sets the shipped specs read (numpy only, seeded, so reruns give
the same bytes): testdata/npy-blobs/ for configs/npy-example.yaml and testdata/csv-blobs/ for
configs/csv-example.yaml, testdata/npy-blobs20/ for configs/onnx-npy-example.yaml. Gaussian clusters in 8 or
20 features (npy) or 4 named columns (csv)."""
import os

import numpy as np

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def blobs(rng, n, features, classes, spread):
    centres = rng.normal(0, 3, size=(classes, features))
    y = rng.integers(0, classes, size=n)
    x = centres[y] + rng.normal(0, spread, size=(n, features))
    return x, y


rng = np.random.default_rng(10)
x, y = blobs(rng, 400, 8, 3, 1.5)
npy = os.path.join(root, "testdata", "npy-blobs")
os.makedirs(npy, exist_ok=True)
np.save(os.path.join(npy, "x.npy"), x[:300].astype(np.float32))
np.save(os.path.join(npy, "y.npy"), y[:300].astype(np.int64))
np.save(os.path.join(npy, "test_x.npy"), x[300:].astype(np.float32))
np.save(os.path.join(npy, "test_y.npy"), y[300:].astype(np.int64))

x, y = blobs(rng, 240, 4, 3, 1.0)
csv = os.path.join(root, "testdata", "csv-blobs")
os.makedirs(csv, exist_ok=True)
with open(os.path.join(csv, "blobs.csv"), "w") as f:
    f.write("sepal,petal,stem,leaf,class\n")
    for row, label in zip(x * 10 + 50, y):
        f.write(",".join(f"{v:.2f}" for v in row) + f",{label}\n")

# testdata/npy-blobs20/ for configs/onnx-npy-example.yaml: 20 features, 3 classes, the shape of the
# PyTorch MLP in testdata/onnx/mlp-relu. Its own stream, so the sets above keep their bytes.
rng = np.random.default_rng(20)
x, y = blobs(rng, 400, 20, 3, 2.0)
npy20 = os.path.join(root, "testdata", "npy-blobs20")
os.makedirs(npy20, exist_ok=True)
np.save(os.path.join(npy20, "x.npy"), x[:300].astype(np.float32))
np.save(os.path.join(npy20, "y.npy"), y[:300].astype(np.int64))
np.save(os.path.join(npy20, "test_x.npy"), x[300:].astype(np.float32))
np.save(os.path.join(npy20, "test_y.npy"), y[300:].astype(np.int64))
