#!/usr/bin/python3
"""Generate ONNX import fixtures for gradflow.

Run from the repository root with Debian's Python (torch 1.13, onnx 1.12):

    /usr/bin/python3 scripts/make-onnx-fixtures.py

For every model it writes testdata/onnx/<name>/model.onnx (exported from a
float32 copy, opset 13, training form preserved) and
testdata/onnx/<name>/reference.json (float64 reference loss and gradients in
training mode), plus testdata/onnx/unsupported-lstm/model.onnx and
testdata/onnx/README.md.  Output is deterministic (torch.manual_seed per model).
"""

import copy
import json
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "testdata", "onnx")
BATCH = 8

torch.use_deterministic_algorithms(True)


# ---------------------------------------------------------------- models ----

class ResidualMLP(nn.Module):
    """x -> Linear -> ReLU = x1;  y = x1 + Linear(ReLU(Linear(x1)));  -> Linear."""

    def __init__(self):
        super().__init__()
        self.fc_in = nn.Linear(12, 12)
        self.block_fc1 = nn.Linear(12, 12)
        self.block_fc2 = nn.Linear(12, 12)
        self.fc_out = nn.Linear(12, 3)

    def forward(self, x):
        x1 = F.relu(self.fc_in(x))
        y = x1 + self.block_fc2(F.relu(self.block_fc1(x1)))
        return self.fc_out(y)


class LSTMNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(input_size=4, hidden_size=5, batch_first=True)
        self.fc = nn.Linear(5, 3)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


def build_mlp_relu():
    m = nn.Sequential()
    m.add_module("fc1", nn.Linear(20, 16))
    m.add_module("relu1", nn.ReLU())
    m.add_module("fc2", nn.Linear(16, 8))
    m.add_module("relu2", nn.ReLU())
    m.add_module("fc3", nn.Linear(8, 3))
    return m, [20], torch.randn(BATCH, 20), 3


def build_mlp_sigmoid_deep():
    m = nn.Sequential()
    dims = [784] + [10] * 5
    for i in range(5):
        fc = nn.Linear(dims[i], dims[i + 1])
        nn.init.xavier_uniform_(fc.weight)
        nn.init.zeros_(fc.bias)
        m.add_module("fc%d" % (i + 1), fc)
        m.add_module("sig%d" % (i + 1), nn.Sigmoid())
    out = nn.Linear(10, 10)
    nn.init.xavier_uniform_(out.weight)
    nn.init.zeros_(out.bias)
    m.add_module("fc6", out)
    # MNIST-like: values k/256 in [0, 1) (exact in float32 and float64), with a
    # zero 4-pixel border like MNIST digits (keeps reference.json small: those
    # weight-gradient columns are exactly 0).
    img = torch.randint(0, 256, (BATCH, 28, 28)).double() / 256.0
    mask = torch.zeros(28, 28, dtype=torch.float64)
    mask[4:24, 4:24] = 1.0
    x = (img * mask).reshape(BATCH, 784)
    return m, [784], x, 10


def build_conv_bn():
    m = nn.Sequential()
    m.add_module("conv1", nn.Conv2d(1, 4, 3, padding=1))
    m.add_module("bn1", nn.BatchNorm2d(4))
    m.add_module("relu1", nn.ReLU())
    m.add_module("pool1", nn.MaxPool2d(2))
    m.add_module("flatten", nn.Flatten())
    m.add_module("fc1", nn.Linear(4 * 4 * 4, 3))
    return m, [1, 8, 8], torch.randn(BATCH, 1, 8, 8), 3


def build_residual_mlp():
    return ResidualMLP(), [12], torch.randn(BATCH, 12), 3


def build_leaky_dropout():
    m = nn.Sequential()
    m.add_module("fc1", nn.Linear(10, 16))
    m.add_module("leaky1", nn.LeakyReLU(0.1))
    m.add_module("drop1", nn.Dropout(0.25))
    m.add_module("fc2", nn.Linear(16, 3))
    return m, [10], torch.randn(BATCH, 10), 3


def build_conv_gap():
    m = nn.Sequential()
    m.add_module("conv1", nn.Conv2d(2, 4, 3))
    m.add_module("tanh1", nn.Tanh())
    m.add_module("pool1", nn.AvgPool2d(2))
    m.add_module("conv2", nn.Conv2d(4, 3, 2))
    m.add_module("gap", nn.AdaptiveAvgPool2d(1))
    m.add_module("flatten", nn.Flatten())
    return m, [2, 6, 6], torch.randn(BATCH, 2, 6, 6), 3


MODELS = [
    ("mlp-relu", build_mlp_relu),
    ("mlp-sigmoid-deep", build_mlp_sigmoid_deep),
    ("conv-bn", build_conv_bn),
    ("residual-mlp", build_residual_mlp),
    ("leaky-dropout", build_leaky_dropout),
    ("conv-gap", build_conv_gap),
]


# --------------------------------------------------------------- helpers ----

def export(model32, x32, path):
    torch.onnx.export(
        model32, x32, path,
        opset_version=13,
        input_names=["x"], output_names=["logits"],
        do_constant_folding=False,
        training=torch.onnx.TrainingMode.PRESERVE,
    )
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    return m


def flat(t):
    return [float(v) for v in t.detach().double().contiguous().reshape(-1).tolist()]


def dropout_to_identity(model):
    for name, child in list(model.named_children()):
        if isinstance(child, nn.Dropout):
            setattr(model, name, nn.Identity())
        else:
            dropout_to_identity(child)


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")


def residual_add_ok(graph):
    """True if some Add node has an input produced earlier than its other input."""
    producer = {}
    for i, n in enumerate(graph.node):
        for o in n.output:
            producer[o] = i
    for i, n in enumerate(graph.node):
        if n.op_type == "Add" and len(n.input) == 2:
            p = [producer.get(t, -1) for t in n.input]
            if p[0] != p[1] and min(p) >= 0 and min(p) < i - 1:
                return True
    return False


# ------------------------------------------------------------------ main ----

def make(name, builder, summary):
    torch.manual_seed(0)
    model, input_shape, x, n_classes = builder()
    y = torch.randint(0, n_classes, (BATCH,))
    x64 = x.double()
    model.train()

    # float64 reference copy, taken before export (tracing in train mode would
    # update BatchNorm running statistics).
    ref = copy.deepcopy(model).double()
    ref.train()
    dropout_to_identity(ref)

    model32 = copy.deepcopy(model).float()
    model32.train()
    state_before = {k: v.detach().clone() for k, v in model32.state_dict().items()}

    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    m = export(model32, x64.float(), path)
    g = m.graph

    ops = [n.op_type for n in g.node]
    inits = [(i.name, list(i.dims)) for i in g.initializer]

    # The initializers must be the (unchanged) float32 parameters/buffers.
    notes_extra = []
    for iname, _ in inits:
        if iname not in state_before:
            raise SystemExit("%s: initializer %r is not a state_dict entry" % (name, iname))
    # Tracing in train mode updates BatchNorm running_mean/running_var once; put
    # the pre-export values (the state the reference was computed from) back.
    restored = []
    for init in g.initializer:
        val = onnx.numpy_helper.to_array(init)
        want = state_before[init.name].numpy()
        if val.shape != want.shape:
            raise SystemExit("%s: initializer %s has shape %s, expected %s"
                             % (name, init.name, val.shape, want.shape))
        if not np.array_equal(val, want.astype(val.dtype)):
            if init.name not in dict(model32.named_buffers()):
                raise SystemExit("%s: parameter initializer %s changed" % (name, init.name))
            init.CopyFrom(onnx.numpy_helper.from_array(want.astype(val.dtype), init.name))
            restored.append(init.name)
    if restored:
        onnx.checker.check_model(m, full_check=True)
        onnx.save(m, path)
        m = onnx.load(path)
        onnx.checker.check_model(m, full_check=True)
        g = m.graph
        notes_extra.append("model.onnx initializers %s were reset to their initial "
                           "values after export (the train-mode trace had updated them)"
                           % ", ".join(restored))

    # Reference: float64, training mode, dropout as identity.
    logits = ref(x64)
    loss = F.cross_entropy(logits, y, reduction="mean")
    params = dict(ref.named_parameters())
    names = [n for n, _ in inits if n in params]
    grads = torch.autograd.grad(loss, [params[n] for n in names])

    notes = ("float64 PyTorch reference in training mode: BatchNormalization uses batch "
             "statistics (biased variance, eps=1e-5); Dropout is treated as identity "
             "(eval-mode dropout, p has no effect) for the reference loss and grads; "
             "loss = mean cross-entropy over the batch. Buffers (running_mean, running_var, "
             "num_batches_tracked) have no gradient and are omitted from grads. "
             "logits are the float64 training-mode outputs.")
    if notes_extra:
        notes += " " + "; ".join(notes_extra) + "."

    refj = {
        "model": name,
        "input_shape": input_shape,
        "x_shape": list(x64.shape),
        "batch": flat(x64),
        "y": [int(v) for v in y.tolist()],
        "loss": float(loss.item()),
        "logits": flat(logits),
        "grads": {n: flat(gr) for n, gr in zip(names, grads)},
        "grad_shapes": {n: list(gr.shape) for n, gr in zip(names, grads)},
        "initializers": {n: s for n, s in inits},
        "ops": ops,
        "notes": notes,
    }
    write_json(os.path.join(d, "reference.json"), refj)

    info = {"ops": ops, "inits": inits, "loss": refj["loss"],
            "onnx_bytes": os.path.getsize(path),
            "ref_bytes": os.path.getsize(os.path.join(d, "reference.json")),
            "notes_extra": notes_extra}
    if name == "residual-mlp":
        info["residual_add"] = residual_add_ok(g)
        if not info["residual_add"]:
            raise SystemExit("residual-mlp: no skip-connection Add found")
    if name == "conv-bn":
        bn = [n for n in g.node if n.op_type == "BatchNormalization"]
        info["bn_outputs"] = [len(n.output) for n in bn]
        info["bn_training_mode"] = [
            [a.i for a in n.attribute if a.name == "training_mode"] for n in bn]
    if name == "leaky-dropout":
        if "Dropout" not in ops:
            raise SystemExit("leaky-dropout: Dropout node was folded away")
    summary[name] = info


def make_lstm(summary):
    torch.manual_seed(0)
    model = LSTMNet().float().eval()
    x = torch.randn(BATCH, 6, 4)
    d = os.path.join(OUT, "unsupported-lstm")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    torch.onnx.export(model, x, path, opset_version=13,
                      input_names=["x"], output_names=["logits"],
                      do_constant_folding=False)
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    ops = [n.op_type for n in m.graph.node]
    if "LSTM" not in ops:
        raise SystemExit("unsupported-lstm: no LSTM node")
    summary["unsupported-lstm"] = {
        "ops": ops,
        "inits": [(i.name, list(i.dims)) for i in m.graph.initializer],
        "onnx_bytes": os.path.getsize(path), "ref_bytes": 0, "notes_extra": []}


def write_readme(summary):
    lines = [
        "# ONNX import fixtures",
        "",
        "Generated by `scripts/make-onnx-fixtures.py`; regenerate from the repository root with:",
        "",
        "    /usr/bin/python3 scripts/make-onnx-fixtures.py",
        "",
        "Versions: torch %s, onnx %s, numpy %s, Python %s." % (
            torch.__version__, onnx.__version__, np.__version__, sys.version.split()[0]),
        "",
        "Each `<model>/model.onnx` is exported from a float32 copy of the model with",
        "`torch.onnx.export(..., opset_version=13, input_names=[\"x\"], output_names=[\"logits\"],",
        "do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE)` with the model in",
        "train mode, so Dropout and BatchNormalization are kept in their training form, and checked",
        "with `onnx.checker.check_model(full_check=True)`. TrainingMode.PRESERVE was enough",
        "(TrainingMode.TRAINING was not needed). Initializer values are the initial parameters the",
        "reference was computed from; the train-mode trace updates BatchNorm running_mean /",
        "running_var once, so the script writes their initial values (0 / 1) back into model.onnx.",
        "",
        "Export details worth knowing (torch 1.13, opset 13):",
        "",
        "- BatchNormalization (conv-bn) is in training form: 5 outputs (Y, running_mean,",
        "  running_var, saved mean, saved var); opset 13 has no `training_mode` attribute.",
        "  Attributes: epsilon=1e-5, momentum=0.9 (ONNX momentum = 1 - PyTorch momentum).",
        "  `bn1.num_batches_tracked` is dropped by the exporter (not an initializer).",
        "- Dropout (leaky-dropout) takes two Constant inputs: ratio=0.25 and training_mode=True,",
        "  and has 2 outputs (output, mask).",
        "- AvgPool2d(2) (conv-gap) exports as Constant(pads all 0) -> Pad(mode=constant) ->",
        "  AveragePool(kernel 2, stride 2); AdaptiveAvgPool2d(1) exports as GlobalAveragePool.",
        "- Linear layers export as Gemm (transB=1), weights stay [out, in].",
        "",
        "Inputs: x = torch.randn for every model except mlp-sigmoid-deep, whose x is MNIST-like:",
        "values k/256 (exact in float32 and float64) with a zero 4-pixel border (only the central",
        "20x20 pixels are non-zero), so the matching fc1.weight gradient columns are exactly 0.",
        "In conv-bn the conv1.bias gradient is ~1e-17 (BatchNorm cancels a per-channel bias), so",
        "compare it with an absolute tolerance.",
        "",
        "Each `<model>/reference.json` (seeded with `torch.manual_seed(0)` per model) holds:",
        "",
        "- `input_shape` (without batch), `x_shape`, `batch` (x flattened, C order), `y` (int labels);",
        "- `loss`: float64 mean cross-entropy on that batch in training mode (BatchNorm uses batch",
        "  statistics; Dropout treated as identity, i.e. eval-mode dropout; see `notes`);",
        "- `logits`: the float64 outputs behind that loss (flattened, [batch, classes]);",
        "- `grads` / `grad_shapes`: d loss / d initializer for every trainable initializer, flat C",
        "  order in the ONNX/PyTorch layout (Linear weight [out, in], Conv weight [out, in, kh, kw]);",
        "  running_mean / running_var / num_batches_tracked have no gradient and are omitted;",
        "- `initializers`: name -> shape of every initializer in the graph; `ops`: node op types.",
        "",
        "`unsupported-lstm/model.onnx` is a tiny nn.LSTM(4, 5) + Linear(5, 3) model (eval-mode",
        "export, input [8, 6, 4]) that contains an `LSTM` node; it has no reference.json.",
        "",
        "## Models",
        "",
    ]
    for name, info in summary.items():
        lines.append("### %s" % name)
        lines.append("")
        lines.append("Ops (graph order): " + ", ".join(info["ops"]))
        lines.append("")
        lines.append("Initializers:")
        lines.append("")
        for n, s in info["inits"]:
            lines.append("- `%s` %s" % (n, s))
        lines.append("")
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write("\n".join(lines))


def main():
    os.makedirs(OUT, exist_ok=True)
    summary = {}
    for name, builder in MODELS:
        make(name, builder, summary)
    make_lstm(summary)
    write_readme(summary)

    total = 0
    for root, _, files in os.walk(OUT):
        for fn in files:
            total += os.path.getsize(os.path.join(root, fn))
    print("torch %s, onnx %s" % (torch.__version__, onnx.__version__))
    for name, info in summary.items():
        print("== %s  (model.onnx %d B, reference.json %d B)%s" % (
            name, info["onnx_bytes"], info["ref_bytes"],
            "  loss=%.17g" % info["loss"] if "loss" in info else ""))
        print("   ops:   " + " ".join(info["ops"]))
        print("   inits: " + ", ".join("%s%s" % (n, s) for n, s in info["inits"]))
        for k in ("residual_add", "bn_outputs", "bn_training_mode"):
            if k in info:
                print("   %s: %s" % (k, info[k]))
        for n in info["notes_extra"]:
            print("   NOTE: " + n)
    print("total testdata/onnx size: %d bytes" % total)
    if total >= 300 * 1024:
        raise SystemExit("testdata/onnx exceeds 300 KB")


if __name__ == "__main__":
    main()
