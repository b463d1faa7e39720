"""The classic deep sigmoid net (784-10x5-10, Glorot init, Adam 0.001) trained in plain PyTorch
with the probe attached: `python3 sigmoid_mlp.py run.jsonl [activation]` then `gradflow judge
run.jsonl`. Data: MNIST-like random images (the point is the gradient, not the accuracy)."""
import sys

import torch
from torch import nn

sys.path.insert(0, __file__.rsplit("/examples/", 1)[0])
import gradflow_probe  # noqa: E402

out = sys.argv[1]
activation = sys.argv[2] if len(sys.argv) > 2 else "sigmoid"
torch.manual_seed(42)
act = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU}[activation]
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
x_all = (torch.rand(3000, 784) < 0.2).float() * torch.rand(3000, 784)
w_true = torch.randn(784, 10)
y_all = (x_all @ w_true).argmax(1)
opt = torch.optim.Adam(model.parameters(), lr=0.001)
with gradflow_probe.attach(model, out, log_every=25, name="sigmoid-mlp-" + activation) as probe:
    for step in range(400):
        idx = torch.randint(0, 3000, (30,))
        x, y = x_all[idx], y_all[idx]
        opt.zero_grad()
        logits = model(x)
        loss = nn.functional.cross_entropy(logits, y)
        loss.backward()
        probe.step(loss, accuracy=(logits.argmax(1) == y).float().mean())
        opt.step()
    probe.close()
