"""The classic experiment in plain PyTorch: the deep 784-10x5-10 net (Glorot init, Adam 0.001,
batch 30) on gradflow's MNIST subset (testdata/mnist-mini), with the probe attached:
`python3 sigmoid_mlp.py run.jsonl [sigmoid|relu|leaky_relu]`, then `gradflow judge run.jsonl`."""
import gzip
import sys

import numpy as np

import torch
from torch import nn

sys.path.insert(0, __file__.rsplit("/examples/", 1)[0])
import gradflow_probe  # noqa: E402

out = sys.argv[1]
activation = sys.argv[2] if len(sys.argv) > 2 else "sigmoid"
torch.manual_seed(42)
act = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.2)}[activation]
layers = []
width = 784
for i in range(5):
    layers += [nn.Linear(width, 10), act()]
    width = 10
layers.append(nn.Linear(10, 10))
model = nn.Sequential(*layers)
for m in model:
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
mini = __file__.rsplit("/integrations/", 1)[0] + "/testdata/mnist-mini/"
with gzip.open(mini + "train-images-idx3-ubyte.gz") as f:
    images = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784)
with gzip.open(mini + "train-labels-idx1-ubyte.gz") as f:
    labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
x_all = torch.tensor(images, dtype=torch.float32) / 255
y_all = torch.tensor(labels, dtype=torch.long)
opt = torch.optim.Adam(model.parameters(), lr=0.001)
with gradflow_probe.attach(model, out, log_every=25, name="sigmoid-mlp-" + activation) as probe:
    for step in range(600):
        idx = torch.randint(0, len(y_all), (30,))
        x, y = x_all[idx], y_all[idx]
        opt.zero_grad()
        logits = model(x)
        loss = nn.functional.cross_entropy(logits, y)
        loss.backward()
        probe.step(loss, accuracy=(logits.argmax(1) == y).float().mean())
        opt.step()
    probe.close()
