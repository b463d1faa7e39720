"""Writes, into the folder given, one small net's ONNX export, one batch as NumPy arrays and the
probe's log of one training step on that batch, so that gradflow can compute the same statistics
on the same weights and batch (PytorchProbeTest compares them)."""
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import gradflow_probe  # noqa: E402


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 16)
        self.act1 = nn.ReLU()
        self.fc2 = nn.Linear(16, 8)
        self.act2 = nn.Sigmoid()
        self.fc3 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc3(self.act2(self.fc2(self.act1(self.fc1(x)))))


out = sys.argv[1]
torch.manual_seed(3)
model = Net()
x = torch.randn(32, 20)
y = torch.randint(0, 3, (32,))
np.save(os.path.join(out, "x.npy"), x.numpy().astype(np.float32))
np.save(os.path.join(out, "y.npy"), y.numpy().astype(np.int64))
torch.onnx.export(model, x, os.path.join(out, "model.onnx"), opset_version=13,
                  input_names=["x"], output_names=["logits"], do_constant_folding=False)
opt = torch.optim.SGD(model.parameters(), lr=0.01)
with gradflow_probe.attach(model, os.path.join(out, "probe.jsonl"), log_every=1, name="same") as p:
    opt.zero_grad()
    logits = model(x)
    loss = nn.functional.cross_entropy(logits, y)
    loss.backward()
    p.step(loss)
    opt.step()
    p.close()
