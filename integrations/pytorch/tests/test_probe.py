"""Tests of the PyTorch probe: run with
``/usr/bin/python3 -m unittest discover -s integrations/pytorch/tests``."""

import copy
import io
import json
import math
import os
import sys
import tempfile
import unittest
from collections import OrderedDict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import torch  # noqa: E402
from torch import nn  # noqa: E402

import gradflow_probe  # noqa: E402

LAYER_KEYS = {
    "name", "mean_abs_grad", "mean_abs_grad_bias", "max_abs_grad", "grad_l2", "mean_abs_weight",
    "update_ratio", "mean_abs_signal", "dead_fraction", "frozen_fraction", "saturated_fraction",
    "saturation_shares", "mean_derivative", "mean_abs_activation", "routed_share",
    "tied_window_share", "piece_win_count", "parameters"}
PARAM_KEYS = {"mean_abs_grad", "max_abs_grad", "grad_l2", "mean_abs_weight", "update_ratio"}
HEADER_LAYER_KEYS = {"name", "type", "activation", "alpha", "units", "k", "parameters"}


def sigmoid_mlp():
    """784-10x5-10: five sigmoid layers of 10, then 10 outputs (softmax in the loss), Glorot."""
    layers = OrderedDict()
    width = 784
    for i in range(1, 6):
        layers["fc%d" % i] = nn.Linear(width, 10)
        layers["sig%d" % i] = nn.Sigmoid()
        width = 10
    layers["out"] = nn.Linear(10, 10)
    model = nn.Sequential(layers)
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def read_lines(text):
    return [json.loads(line) for line in text.splitlines()]


class SigmoidMlpFileTest(unittest.TestCase):
    """200 steps of a small sigmoid MLP on random data write a valid gradflow.steps/1 file."""

    @classmethod
    def setUpClass(cls):
        torch.manual_seed(1)
        model = sigmoid_mlp()
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        x = torch.rand(512, 784)
        y = torch.randint(0, 10, (512,))
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "run.jsonl")
            probe = gradflow_probe.attach(model, path, log_every=10, name="sigmoid-mlp")
            for step in range(200):
                i = torch.randint(0, 512, (32,))
                opt.zero_grad()
                logits = model(x[i])
                loss = nn.functional.cross_entropy(logits, y[i])
                loss.backward()
                acc = (logits.argmax(1) == y[i]).float().mean()
                probe.step(loss, accuracy=acc)
                opt.step()
            probe.close(test_accuracy=0.1)
            with open(path, encoding="utf-8") as f:
                cls.text = f.read()
        cls.lines = read_lines(cls.text)

    def test_header(self):
        header = self.lines[0]
        self.assertEqual("gradflow.steps/1", header["schema"])
        self.assertEqual({"name": "gradflow-pytorch", "version": gradflow_probe.__version__},
                         header["producer"])
        self.assertEqual("sigmoid-mlp", header["model"])
        names = [l["name"] for l in header["layers"]]
        self.assertEqual(["fc1", "fc2", "fc3", "fc4", "fc5", "out"], names)
        for layer in header["layers"]:
            self.assertTrue(set(layer) <= HEADER_LAYER_KEYS, layer)
            self.assertEqual("dense", layer["type"])
            self.assertEqual(10, layer["units"])
            self.assertEqual(["weight", "bias"], [p["name"] for p in layer["parameters"]])
        for layer in header["layers"][:5]:
            self.assertEqual("sigmoid", layer["activation"])
        self.assertNotIn("activation", header["layers"][5])
        self.assertEqual([10, 784], header["layers"][0]["parameters"][0]["shape"])
        self.assertEqual([10], header["layers"][0]["parameters"][1]["shape"])

    def test_step_lines(self):
        steps = self.lines[1:-1]
        self.assertEqual(list(range(0, 200, 10)), [s["step"] for s in steps])
        names = {l["name"] for l in self.lines[0]["layers"]}
        for s in steps:
            self.assertTrue(math.isfinite(s["loss"]))
            self.assertTrue(0 <= s["accuracy"] <= 1)
            self.assertEqual(6, len(s["layers"]))
            for layer in s["layers"]:
                self.assertIn(layer["name"], names)
                self.assertTrue(set(layer) <= LAYER_KEYS, set(layer) - LAYER_KEYS)
                self.assertEqual({"weight", "bias"}, set(layer["parameters"]))
                for stats in layer["parameters"].values():
                    self.assertEqual(PARAM_KEYS, set(stats))
                self.assertNotIn("dead_fraction", layer)  # sigmoid cannot die
                for key in ("mean_abs_grad", "mean_abs_signal", "update_ratio",
                            "mean_abs_activation", "frozen_fraction"):
                    self.assertTrue(math.isfinite(layer[key]), (key, layer))
                if layer["name"] != "out":
                    shares = layer["saturation_shares"]
                    self.assertEqual(8, len(shares))
                    self.assertEqual(shares, sorted(shares))
                    self.assertTrue(all(0 <= v <= 1 for v in shares))
                    self.assertEqual(shares[4], layer["saturated_fraction"])
                    self.assertTrue(0 < layer["mean_derivative"] <= 0.25)
                else:
                    self.assertNotIn("saturated_fraction", layer)

    def test_vanishing_signal_shape(self):
        # a sigmoid stack loses signal toward the input: fc1's dL/dz is smaller than fc5's
        first = self.lines[1]["layers"]
        self.assertLess(first[0]["mean_abs_signal"], first[4]["mean_abs_signal"])

    def test_footer(self):
        footer = self.lines[-1]
        self.assertEqual({"end": {"steps_run": 200, "interrupted": False, "test_accuracy": 0.1}},
                         footer)


class HandComputationTest(unittest.TestCase):
    """The statistics of a 2-layer relu net equal a hand computation."""

    def setUp(self):
        torch.manual_seed(3)
        self.model = nn.Sequential(OrderedDict(
            fc1=nn.Linear(4, 3), relu=nn.ReLU(), fc2=nn.Linear(3, 2)))
        with torch.no_grad():
            self.model.fc1.bias[1] = -100.0  # unit 1 never fires: dead, and frozen
        self.batches = [(torch.randn(8, 4), torch.randint(0, 2, (8,))) for _ in range(2)]
        self.lr = 0.05

    def reference(self, x, y, model):
        z1 = model.fc1(x)
        h = torch.relu(z1)
        z2 = model.fc2(h)
        loss = nn.functional.cross_entropy(z2, y)
        g1, g2 = torch.autograd.grad(loss, [z1, z2], retain_graph=True)
        grads = torch.autograd.grad(loss, [model.fc1.weight, model.fc1.bias, model.fc2.weight])
        return z1.detach(), h.detach(), g1, g2, grads, loss.item()

    def run_probe(self, log_every, steps):
        model = copy.deepcopy(self.model)
        buf = io.StringIO()
        probe = gradflow_probe.attach(model, buf, log_every=log_every)
        opt = torch.optim.SGD(model.parameters(), lr=self.lr)
        for x, y in self.batches[:steps]:
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            probe.step(loss)
            opt.step()
        probe.close()
        return read_lines(buf.getvalue())

    def test_one_step(self):
        x, y = self.batches[0]
        model = copy.deepcopy(self.model)
        z1, h, g1, g2, (gw1, gb1, gw2), loss = self.reference(x, y, model)
        lines = self.run_probe(log_every=1, steps=1)
        header, line = lines[0], lines[1]
        self.assertEqual([{"name": "fc1", "type": "dense", "activation": "relu", "units": 3,
                           "parameters": [{"name": "weight", "shape": [3, 4]},
                                          {"name": "bias", "shape": [3]}]},
                          {"name": "fc2", "type": "dense", "units": 2,
                           "parameters": [{"name": "weight", "shape": [2, 3]},
                                          {"name": "bias", "shape": [2]}]}],
                         header["layers"])
        self.assertAlmostEqual(loss, line["loss"], places=6)
        fc1, fc2 = line["layers"]

        def close(expected, actual):
            expected = float(expected)
            self.assertLessEqual(abs(expected - actual), 1e-6 * max(1.0, abs(expected)),
                                 (expected, actual))

        close(g1.abs().mean(), fc1["mean_abs_signal"])
        close(g2.abs().mean(), fc2["mean_abs_signal"])
        dead = (z1 <= 0).all(0).double().mean()
        self.assertGreaterEqual(dead.item(), 1 / 3)
        close(dead, fc1["dead_fraction"])
        close((g1 == 0).all(0).double().mean(), fc1["frozen_fraction"])
        close((z1 > 0).double().mean(), fc1["mean_derivative"])
        close(h.abs().mean(), fc1["mean_abs_activation"])
        close(model.fc2(h).abs().mean(), fc2["mean_abs_activation"])
        close(gw1.abs().mean(), fc1["mean_abs_grad"])
        close(gb1.abs().mean(), fc1["mean_abs_grad_bias"])
        close(max(gw1.abs().max(), gb1.abs().max()), fc1["max_abs_grad"])
        close(torch.cat([gw1.reshape(-1), gb1]).norm(), fc1["grad_l2"])
        close(model.fc1.weight.abs().mean(), fc1["mean_abs_weight"])
        # plain SGD: the update is lr * g
        close((self.lr * gw1).abs().mean() / model.fc1.weight.abs().mean(), fc1["update_ratio"])
        close(gw2.abs().mean(), fc2["parameters"]["weight"]["mean_abs_grad"])
        self.assertNotIn("dead_fraction", fc2)
        self.assertEqual({"end": {"steps_run": 1, "interrupted": False}}, lines[-1])

    def test_window(self):
        # log_every=2: the line of step 2 covers steps 1 and 2; a unit is dead there when its
        # z <= 0 for every example of both steps, and frozen when its dL/dz is 0 for all of them
        self.batches.append((torch.randn(8, 4), torch.randint(0, 2, (8,))))
        with torch.no_grad():
            self.model.fc1.bias[2] = -0.3  # sometimes off
        model = copy.deepcopy(self.model)
        opt = torch.optim.SGD(model.parameters(), lr=self.lr)
        zs, gs = [], []
        for x, y in self.batches:
            z1, _, g1, _, _, _ = self.reference(x, y, model)
            zs.append(z1)
            gs.append(g1)
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        lines = self.run_probe(log_every=2, steps=3)
        self.assertEqual([0, 2], [l["step"] for l in lines[1:-1]])
        fc1 = lines[2]["layers"][0]
        dead = ((zs[1] <= 0).all(0) & (zs[2] <= 0).all(0)).double().mean().item()
        self.assertAlmostEqual(dead, fc1["dead_fraction"])
        frozen = ((gs[1] == 0).all(0) & (gs[2] == 0).all(0)).double().mean().item()
        self.assertAlmostEqual(frozen, fc1["frozen_fraction"])
        first = lines[1]["layers"][0]
        self.assertAlmostEqual((zs[0] <= 0).all(0).double().mean().item(),
                               first["dead_fraction"])

    def test_non_finite(self):
        model = copy.deepcopy(self.model)
        buf = io.StringIO()
        probe = gradflow_probe.attach(model, buf, log_every=1)
        opt = torch.optim.SGD(model.parameters(), lr=self.lr)
        for step in range(5):
            if step == 3:
                with torch.no_grad():
                    model.fc2.weight[0, 0] = float("nan")
            x, y = self.batches[step % 2]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            probe.step(loss)
            opt.step()
        self.assertEqual({"step": 3, "layer": "fc2", "where": "parameters"}, probe.non_finite)
        probe.close()
        lines = read_lines(buf.getvalue())  # still valid JSON: NaN is written as null
        self.assertEqual([0, 1, 2, 3, 4], [l["step"] for l in lines[1:-1]])
        self.assertIsNone(lines[4]["loss"])
        self.assertEqual({"step": 3, "layer": "fc2", "where": "parameters"},
                         lines[-1]["end"]["non_finite"])


class NoInterferenceTest(unittest.TestCase):
    """Training with the probe attached gives the same parameters as without it."""

    @staticmethod
    def train(with_probe):
        torch.manual_seed(7)
        model = nn.Sequential(nn.Linear(20, 16), nn.ReLU(inplace=True), nn.Dropout(0.3),
                              nn.Linear(16, 16), nn.Tanh(), nn.LayerNorm(16), nn.Linear(16, 3))
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
        probe = gradflow_probe.attach(model, io.StringIO(), log_every=3) if with_probe else None
        for _ in range(20):
            x = torch.randn(16, 20)
            y = torch.randint(0, 3, (16,))
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            if probe:
                probe.step(loss)
            opt.step()
        if probe:
            probe.close()
        return [p.detach().clone() for p in model.parameters()]

    def test_same_parameters(self):
        without = self.train(False)
        with_probe = self.train(True)
        self.assertEqual(len(without), len(with_probe))
        for a, b in zip(without, with_probe):
            self.assertTrue(torch.equal(a, b))


class ModelKindsTest(unittest.TestCase):
    """Conv, pooling, norm, flatten, dropout and unknown layers get the layers of the format."""

    def test_layers(self):
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(1, 4, 3)
                self.act = nn.LeakyReLU(0.2)
                self.pool = nn.MaxPool2d(2)
                self.bn = nn.BatchNorm2d(4)
                self.flat = nn.Flatten()
                self.drop = nn.Dropout(0.1)
                self.lstm = nn.LSTM(36, 5, batch_first=True)
                self.head = nn.Linear(5, 2)

            def forward(self, x):
                h = self.drop(self.flat(self.bn(self.pool(self.act(self.conv(x))))))
                out, _ = self.lstm(h.unsqueeze(1))
                return self.head(out[:, -1])

        torch.manual_seed(0)
        model = Net()
        buf = io.StringIO()
        with gradflow_probe.attach(model, buf, log_every=1, name="kinds") as probe:
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            for _ in range(2):
                opt.zero_grad()
                loss = nn.functional.cross_entropy(model(torch.randn(4, 1, 8, 8)),
                                                   torch.randint(0, 2, (4,)))
                loss.backward()
                probe.step(loss)
                opt.step()
        lines = read_lines(buf.getvalue())
        header = {l["name"]: l for l in lines[0]["layers"]}
        self.assertEqual(["conv", "pool", "bn", "flat", "drop", "lstm", "head"], list(header))
        self.assertEqual({"name": "conv", "type": "conv2d", "activation": "leaky_relu",
                          "alpha": 0.2, "units": 4,
                          "parameters": [{"name": "weight", "shape": [4, 1, 3, 3]},
                                         {"name": "bias", "shape": [4]}]}, header["conv"])
        self.assertEqual("maxpool2d", header["pool"]["type"])
        self.assertEqual("batchnorm", header["bn"]["type"])
        self.assertEqual(4, header["bn"]["units"])
        self.assertEqual("lstm", header["lstm"]["type"])
        self.assertEqual(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"],
                         [p["name"] for p in header["lstm"]["parameters"]])
        step = {l["name"]: l for l in lines[1]["layers"]}
        self.assertNotIn("dead_fraction", step["conv"])  # leaky relu cannot die
        self.assertIn("mean_abs_signal", step["conv"])
        self.assertNotIn("mean_abs_signal", step["pool"])
        self.assertIn("mean_abs_activation", step["pool"])
        self.assertEqual({"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"},
                         set(step["lstm"]["parameters"]))
        self.assertNotIn("mean_abs_activation", step["lstm"])
        self.assertEqual(2, lines[-1]["end"]["steps_run"])


if __name__ == "__main__":
    unittest.main()
