"""The probe: module hooks that reduce per-layer statistics on the tensors' device during every
training step, and write a ``gradflow.steps/1`` line (docs/steps-format.md) every ``log_every``
steps."""

import json
import math
import os

import torch
from torch import nn

SCHEMA = "gradflow.steps/1"
PRODUCER = "gradflow-pytorch"
VERSION = "0.1.0"

#: Levels of f'(z) / peak at which ``saturation_shares`` are counted (the format's ladder).
SATURATION_LEVELS = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3)
#: The level that ``saturated_fraction`` reports (0.01).
_REFERENCE = 4

_SELU_SCALE = 1.0507009873554804934193349852946
_SELU_ALPHA = 1.6732632423543772848170429916717

# where a non-finite value appeared, in the order a step computes them: this orders two
# non-finite values of one step
_WHERE_ORDER = {"parameters": 0, "activations": 1, "loss": 2, "gradients": 3}


def attach(model, path_or_file, log_every=50, name=None, check_finite=True):
    """Attach a probe to ``model`` (a ``torch.nn.Module``) that writes ``gradflow.steps/1`` to
    ``path_or_file`` (a path, which it creates, or an open text file, which it leaves open).

    Call ``probe.step(loss)`` once per training step, after ``loss.backward()`` and before
    ``optimizer.step()``; it logs steps 0, log_every, 2 * log_every, ... Call
    ``probe.close()`` at the end (or use the probe as a context manager)."""
    return Probe(model, path_or_file, log_every=log_every, name=name, check_finite=check_finite)


class _Activation:
    """What the probe knows of an activation module: its name in the format, its parameter,
    f'(z) and its peak, and whether it can die (relu) or saturate (sigmoid, tanh)."""

    def __init__(self, name, alpha=None, derivative=None, peak=None, can_die=False,
                 can_saturate=False):
        self.name = name
        self.alpha = alpha
        self.derivative = derivative
        self.peak = peak
        self.can_die = can_die
        self.can_saturate = can_saturate


def _activation_of(m):
    """The activation a module applies, or None when it is not an activation module."""
    if isinstance(m, nn.ReLU):
        return _Activation("relu", None, lambda z: (z > 0).to(z.dtype), 1.0, can_die=True)
    if isinstance(m, nn.ReLU6):
        return _Activation("relu6", None, lambda z: ((z > 0) & (z < 6)).to(z.dtype), 1.0,
                           can_die=True)
    if isinstance(m, nn.LeakyReLU):
        a = float(m.negative_slope)
        return _Activation("leaky_relu", a,
                           lambda z: torch.where(z > 0, torch.ones_like(z),
                                                 torch.full_like(z, a)), max(1.0, a))
    if isinstance(m, nn.ELU):
        a = float(m.alpha)
        return _Activation("elu", a,
                           lambda z: torch.where(z > 0, torch.ones_like(z),
                                                 a * torch.exp(torch.clamp(z, max=0))),
                           max(1.0, a))
    if isinstance(m, nn.SELU):
        return _Activation("selu", None,
                           lambda z: torch.where(
                               z > 0, torch.full_like(z, _SELU_SCALE),
                               _SELU_SCALE * _SELU_ALPHA * torch.exp(torch.clamp(z, max=0))),
                           _SELU_SCALE * _SELU_ALPHA)
    if isinstance(m, nn.Sigmoid):
        def sigmoid_derivative(z):
            s = torch.sigmoid(z)
            return s * (1 - s)
        return _Activation("sigmoid", None, sigmoid_derivative, 0.25, can_saturate=True)
    if isinstance(m, nn.Tanh):
        return _Activation("tanh", None, lambda z: 1 - torch.tanh(z) ** 2, 1.0,
                           can_saturate=True)
    if isinstance(m, nn.Softplus):
        beta = float(m.beta)
        return _Activation("softplus", None, lambda z: torch.sigmoid(beta * z), 1.0)
    if isinstance(m, nn.SiLU):
        def swish_derivative(z):
            s = torch.sigmoid(z)
            return s + z * s * (1 - s)
        return _Activation("swish", None, swish_derivative, 1.09984)
    if isinstance(m, nn.GELU):
        def gelu_derivative(z):
            cdf = 0.5 * (1 + torch.erf(z / math.sqrt(2)))
            pdf = torch.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
            return cdf + z * pdf
        return _Activation("gelu", None, gelu_derivative, 1.12885)
    if isinstance(m, (nn.Softmax, nn.LogSoftmax)):
        return _Activation("softmax" if isinstance(m, nn.Softmax) else "log_softmax")
    return None


def _rows_last(t):
    """Units along the last axis (Linear, LayerNorm over one axis): (rows, units)."""
    return t.reshape(-1, t.shape[-1])


def _rows_channels(t):
    """Units along axis 1 (Conv, BatchNorm: a unit is a channel): (rows, units)."""
    if t.dim() < 2:
        return t.reshape(-1, 1)
    return t.movedim(1, -1).reshape(-1, t.shape[1])


class _Layer:
    """One layer of the header and its accumulators."""

    def __init__(self, name, type_, kind, params, units=None, rows=None, activation=None):
        self.name = name
        self.type = type_
        self.kind = kind  # affine, norm, activation, passive, other
        self.params = params  # [(name, Parameter)]
        self.units = units
        self.rows = rows
        self.activation = activation  # _Activation or None
        self.pending = None  # |z| of an affine call not (yet) followed by its activation
        self.reset_window()
        self.reset_step()

    def reset_window(self):
        self.alive = None  # per unit: z > 0 for some example of the window
        self.moved = None  # per unit: dL/dz != 0 for some example of the window

    def reset_step(self):
        self.sig = None  # [sum |dL/dz|, count] on a logged step
        self.act = None
        self.der = None
        self.sat = None

    def to_rows(self, t):
        return (self.rows or _rows_last)(t)

    def header(self):
        entry = {"name": self.name, "type": self.type}
        if self.activation is not None:
            entry["activation"] = self.activation.name
            if self.activation.alpha is not None:
                entry["alpha"] = self.activation.alpha
        if self.units is not None:
            entry["units"] = int(self.units)
        if self.params:
            entry["parameters"] = [{"name": n, "shape": list(p.shape)} for n, p in self.params]
        return entry


def _add(acc, total, count):
    if acc is None:
        return [total, count]
    acc[0] = acc[0] + total
    acc[1] += count
    return acc


class Probe:
    """Hooks on a model's layers, the windows they accumulate and the file they write to.
    Made by :func:`attach`."""

    def __init__(self, model, path_or_file, log_every=50, name=None, check_finite=True):
        if not isinstance(model, nn.Module):
            raise TypeError("attach needs a torch.nn.Module, not %s" % type(model).__name__)
        if int(log_every) < 1:
            raise ValueError("log_every must be at least 1, not %r" % (log_every,))
        self.model = model
        self.log_every = int(log_every)
        self.name = name if name is not None else type(model).__name__
        self.check_finite = check_finite
        if isinstance(path_or_file, (str, bytes, os.PathLike)):
            self._out = open(path_or_file, "w", encoding="utf-8")
            self._owns_out = True
        else:
            self._out = path_or_file
            self._owns_out = False
        self._step = 0
        self._closed = False
        self._header_written = False
        self._layers = []  # every candidate layer, in registration order
        self._seen = []  # layers in the order their modules first ran in training
        self._seen_set = set()
        self._last = None  # (z, layer) of the affine call that ran last
        self._pending_line = None  # (line, [(entry dict, Parameter, snapshot)])
        self._bad = {}  # (layer name, where) -> bool tensor, this step
        self._first = {}  # (layer name, where) -> int64 tensor: first step it was non-finite
        self._handles = []
        self._discover(model)

    # ------------------------------------------------------------------ discovery

    def _discover(self, model):
        def visit(path, m):
            name = path or type(m).__name__.lower()
            act = _activation_of(m)
            if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d, nn.Conv3d)):
                linear = isinstance(m, nn.Linear)
                layer = _Layer(name, "dense" if linear else type(m).__name__.lower(), "affine",
                               list(m.named_parameters()),
                               units=m.out_features if linear else m.out_channels,
                               rows=_rows_last if linear else _rows_channels)
                self._hook_affine(m, layer)
            elif act is not None:
                layer = _Layer(name, "activation", "activation", [], activation=act)
                self._hook_activation(m, layer, act)
            elif isinstance(m, nn.modules.batchnorm._BatchNorm):
                layer = _Layer(name, "batchnorm", "norm", list(m.named_parameters()),
                               units=m.num_features, rows=_rows_channels)
                self._hook_output(m, layer, signal=True)
            elif isinstance(m, nn.LayerNorm):
                shape = tuple(m.normalized_shape)
                units = int(torch.Size(shape).numel())
                layer = _Layer(name, "layernorm", "norm", list(m.named_parameters()),
                               units=units, rows=lambda t, u=units: t.reshape(-1, u))
                self._hook_output(m, layer, signal=True)
            elif isinstance(m, (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveMaxPool2d,
                                nn.AdaptiveAvgPool2d, nn.MaxPool1d, nn.AvgPool1d)):
                kind = {nn.MaxPool2d: "maxpool2d", nn.AvgPool2d: "avgpool2d"}
                layer = _Layer(name, kind.get(type(m), type(m).__name__.lower()), "passive", [])
                self._hook_output(m, layer, signal=False)
            elif isinstance(m, nn.modules.dropout._DropoutNd):
                layer = _Layer(name, "dropout", "passive", [])
                self._hook_output(m, layer, signal=False)
            elif isinstance(m, nn.Flatten):
                layer = _Layer(name, "flatten", "passive", [])
                self._hook_output(m, layer, signal=False)
            else:
                children = list(m.named_children())
                own = list(m.named_parameters(recurse=False))
                opaque = not children or isinstance(
                    m, (nn.RNNBase, nn.RNNCellBase, nn.MultiheadAttention))
                if opaque:
                    params = list(m.named_parameters())
                    if params:
                        layer = _Layer(name, type(m).__name__.lower(), "other", params)
                        self._hook_other(m, layer)
                        self._layers.append(layer)
                    return
                if own:
                    layer = _Layer(name, type(m).__name__.lower(), "other", own)
                    self._hook_other(m, layer)
                    self._layers.append(layer)
                for child_name, child in children:
                    visit(path + "." + child_name if path else child_name, child)
                return
            self._layers.append(layer)

        visit("", model)

    # ------------------------------------------------------------------ hooks

    def _recording(self, m):
        return not self._closed and m.training and torch.is_grad_enabled()

    def _logged(self):
        return self._step % self.log_every == 0

    def _see(self, layer):
        if layer.name not in self._seen_set and not self._header_written:
            self._seen_set.add(layer.name)
            self._seen.append(layer)

    def _release_last(self):
        """The affine layer that ran last is not followed by its activation: its |z| is its
        mean_abs_activation."""
        if self._last is not None:
            layer = self._last[1]
            if layer.pending is not None:
                layer.act = _add(layer.act, *layer.pending)
                layer.pending = None
            self._last = None

    def _flag(self, layer, where, t):
        if not self.check_finite:
            return
        bad = ~torch.isfinite(t).all()
        key = (layer.name, where)
        prev = self._bad.get(key)
        self._bad[key] = bad if prev is None else (prev | bad.to(prev.device))

    def _on_signal(self, layer, g, logged):
        """dL/dz at the layer's pre-activation (or a norm layer's output)."""
        g = g.detach()
        moved = (layer.to_rows(g) != 0).any(0)
        layer.moved = moved if layer.moved is None else (layer.moved | moved)
        if logged:
            layer.sig = _add(layer.sig, g.abs().sum(dtype=torch.float64), g.numel())
        self._flag(layer, "gradients", g)

    def _hook_signal(self, layer, t, logged):
        if isinstance(t, torch.Tensor) and t.requires_grad:
            t.register_hook(lambda g: self._on_signal(layer, g, logged))

    def _on_preactivation(self, layer, act, z, logged):
        """Statistics of z that depend on the activation that follows."""
        z = z.detach()
        if act.can_die:
            alive = (layer.to_rows(z) > 0).any(0)
            layer.alive = alive if layer.alive is None else (layer.alive | alive)
        if logged and act.derivative is not None:
            d = act.derivative(z)
            layer.der = _add(layer.der, d.sum(dtype=torch.float64), d.numel())
            if act.can_saturate:
                counts = torch.stack([(d < level * act.peak).sum() for level in SATURATION_LEVELS])
                layer.sat = _add(layer.sat, counts, d.numel())

    def _hook_affine(self, m, layer):
        def pre(mod, inputs):
            if self._recording(mod):
                self._release_last()

        def post(mod, inputs, out):
            if not self._recording(mod) or not isinstance(out, torch.Tensor):
                return
            self._see(layer)
            logged = self._logged()
            z = out.detach()
            self._flag(layer, "activations", z)
            if logged:
                layer.pending = (z.abs().sum(dtype=torch.float64), z.numel())
            self._hook_signal(layer, out, logged)
            self._last = (out, layer)

        self._handles.append(m.register_forward_pre_hook(pre))
        self._handles.append(m.register_forward_hook(post))

    def _hook_activation(self, m, own, act):
        target = {}

        def pre(mod, inputs):
            if not self._recording(mod) or not inputs or not isinstance(inputs[0], torch.Tensor):
                return
            x = inputs[0]
            logged = self._logged()
            if self._last is not None and x is self._last[0]:
                layer = self._last[1]  # follows its Linear/Conv directly: one layer
                self._last = None
                layer.pending = None
                if layer.activation is None:
                    layer.activation = act
            else:
                self._release_last()
                layer = own
                if layer.units is None:
                    layer.units = x.shape[-1] if x.dim() <= 2 else x.shape[1]
                    layer.rows = _rows_last if x.dim() <= 2 else _rows_channels
                self._see(layer)
                self._flag(layer, "activations", x.detach())
                self._hook_signal(layer, x, logged)
            target["layer"] = layer
            self._on_preactivation(layer, act, x, logged)

        def post(mod, inputs, out):
            layer = target.pop("layer", None)
            if layer is None or not isinstance(out, torch.Tensor):
                return
            y = out.detach()
            self._flag(layer, "activations", y)
            if self._logged():
                layer.act = _add(layer.act, y.abs().sum(dtype=torch.float64), y.numel())

        self._handles.append(m.register_forward_pre_hook(pre))
        self._handles.append(m.register_forward_hook(post))

    def _hook_output(self, m, layer, signal):
        def pre(mod, inputs):
            if self._recording(mod):
                self._release_last()

        def post(mod, inputs, out):
            if not self._recording(mod) or not isinstance(out, torch.Tensor):
                return
            self._see(layer)
            logged = self._logged()
            y = out.detach()
            self._flag(layer, "activations", y)
            if logged:
                layer.act = _add(layer.act, y.abs().sum(dtype=torch.float64), y.numel())
            if signal:
                self._hook_signal(layer, out, logged)

        self._handles.append(m.register_forward_pre_hook(pre))
        self._handles.append(m.register_forward_hook(post))

    def _hook_other(self, m, layer):
        def pre(mod, inputs):
            if self._recording(mod):
                self._release_last()
                self._see(layer)

        self._handles.append(m.register_forward_pre_hook(pre))

    # ------------------------------------------------------------------ steps

    def _header_layers(self):
        layers = list(self._seen)
        # layers whose module never ran in training: their parameters are still measured
        layers += [l for l in self._layers if l.name not in self._seen_set and l.params]
        return layers

    def _write_header(self):
        self._header_layers_cache = self._header_layers()
        header = {"schema": SCHEMA, "producer": {"name": PRODUCER, "version": VERSION},
                  "model": self.name,
                  "layers": [l.header() for l in self._header_layers_cache]}
        self._write(header)
        self._header_written = True

    def _write(self, obj):
        self._out.write(json.dumps(_finite(obj), allow_nan=False, separators=(",", ":")) + "\n")
        self._out.flush()

    def step(self, loss, accuracy=None):
        """Record one training step. Call it after ``loss.backward()`` and before
        ``optimizer.step()``, every step: windows accumulate on every step, and every
        ``log_every``-th step (0, log_every, ...) is written, once the next call (or
        :meth:`close`) has seen the optimizer's update."""
        if self._closed:
            raise RuntimeError("the probe is closed")
        self._release_last()
        t = self._step
        if not self._header_written:
            self._write_header()
        self._flush_pending()
        layers = self._header_layers_cache
        if self.check_finite:
            if isinstance(loss, torch.Tensor):
                self._flag(_LOSS, "loss", loss.detach())
            elif loss is not None and not math.isfinite(float(loss)):
                self._bad[("loss", "loss")] = torch.tensor(True)
            for layer in layers:
                for _, p in layer.params:
                    self._flag(layer, "parameters", p.detach())
                    if p.grad is not None:
                        self._flag(layer, "gradients", p.grad.detach())
            for key, bad in self._bad.items():
                first = self._first.get(key)
                if first is None:
                    first = torch.full((), -1, dtype=torch.int64, device=bad.device)
                self._first[key] = torch.where((first < 0) & bad, torch.full_like(first, t),
                                               first)
            self._bad = {}
        if t % self.log_every == 0:
            self._pending_line = self._line(t, loss, accuracy, layers)
        self._step += 1

    def _line(self, t, loss, accuracy, layers):
        line = {"step": t}
        if loss is not None:
            line["loss"] = loss.detach().double().mean() if isinstance(loss, torch.Tensor) \
                else float(loss)
        if accuracy is not None:
            line["accuracy"] = accuracy.detach().double().mean() \
                if isinstance(accuracy, torch.Tensor) else float(accuracy)
        updates = []
        entries = []
        for layer in layers:
            entry = {"name": layer.name}
            params = {}
            first = []
            for pname, p in layer.params:
                stats = {}
                w = p.detach()
                if p.requires_grad:
                    g = p.grad
                    if g is None:
                        zero = torch.zeros((), dtype=torch.float64, device=w.device)
                        stats.update(mean_abs_grad=zero, max_abs_grad=zero, grad_l2=zero)
                    else:
                        g = g.detach()
                        if g.is_sparse:
                            g = g.to_dense()
                        a = g.abs()
                        stats.update(mean_abs_grad=a.mean(dtype=torch.float64),
                                     max_abs_grad=a.max().double(),
                                     grad_l2=torch.linalg.vector_norm(g.double()))
                stats["mean_abs_weight"] = w.abs().mean(dtype=torch.float64)
                updates.append((stats, w.clone(), p))
                params[pname] = stats
                first.append(stats)
            if first:
                w = first[0]
                for key in ("mean_abs_grad", "max_abs_grad", "grad_l2", "mean_abs_weight"):
                    if key in w:
                        entry[key] = w[key]
                if len(first) > 1 and "mean_abs_grad" in first[1]:
                    b = first[1]
                    entry["mean_abs_grad_bias"] = b["mean_abs_grad"]
                    if "max_abs_grad" in w:
                        entry["max_abs_grad"] = torch.maximum(w["max_abs_grad"],
                                                              b["max_abs_grad"])
                        entry["grad_l2"] = torch.hypot(w["grad_l2"], b["grad_l2"])
            if layer.kind in ("affine", "norm") or (layer.kind == "activation"):
                if layer.sig is not None:
                    entry["mean_abs_signal"] = layer.sig[0] / layer.sig[1]
            act = layer.activation
            if act is not None and act.can_die and layer.alive is not None:
                entry["dead_fraction"] = 1 - layer.alive.double().mean()
            if layer.moved is not None:
                entry["frozen_fraction"] = 1 - layer.moved.double().mean()
            if layer.sat is not None:
                shares = layer.sat[0].double() / layer.sat[1]
                entry["saturated_fraction"] = shares[_REFERENCE]
                entry["saturation_shares"] = shares
            if layer.der is not None:
                entry["mean_derivative"] = layer.der[0] / layer.der[1]
            if layer.act is not None:
                entry["mean_abs_activation"] = layer.act[0] / layer.act[1]
            if params:
                entry["parameters"] = params
            entries.append((entry, first[0] if first else None))
            layer.reset_window()
            layer.reset_step()
        line["layers"] = [e for e, _ in entries]
        return line, updates, entries

    def _flush_pending(self):
        """Write the pending logged line, its update ratios measured against the parameters
        as they are now (after the optimizer's update of that step)."""
        if self._pending_line is None:
            return
        line, updates, entries = self._pending_line
        self._pending_line = None
        for stats, before, p in updates:
            now = p.detach()
            if now.shape == before.shape:
                stats["update_ratio"] = (now - before).abs().mean(dtype=torch.float64) \
                    / before.abs().mean(dtype=torch.float64)
        for entry, weight in entries:
            if weight is not None and "update_ratio" in weight:
                entry["update_ratio"] = weight["update_ratio"]
        self._write(_to_python(line))

    # ------------------------------------------------------------------ end

    @property
    def steps(self):
        """The number of steps recorded so far."""
        return self._step

    @property
    def non_finite(self):
        """The first non-finite value seen, as ``{"step", "layer", "where"}``, or None.
        Reading it copies a few scalars from the device."""
        best = None
        order = {l.name: i for i, l in enumerate(getattr(self, "_header_layers_cache", []))}
        n = len(order)
        for (layer, where), first in self._first.items():
            step = int(first)
            if step < 0:
                continue
            i = order.get(layer, n)
            rank = (step, _WHERE_ORDER[where], n - i if where == "gradients" else i)
            if best is None or rank < best[0]:
                best = (rank, {"step": step, "layer": layer, "where": where})
        return None if best is None else best[1]

    def close(self, test_accuracy=None, interrupted=False):
        """Write the last logged line and the footer, remove the hooks, and close the file
        when the probe opened it. Call it after the last ``optimizer.step()``."""
        if self._closed:
            return
        if not self._header_written:
            self._write_header()
        self._flush_pending()
        end = {"steps_run": self._step, "interrupted": bool(interrupted)}
        if test_accuracy is not None:
            end["test_accuracy"] = float(test_accuracy)
        nf = self.non_finite
        if nf is not None:
            end["non_finite"] = nf
        self._write({"end": end})
        self._closed = True
        for h in self._handles:
            h.remove()
        self._handles = []
        if self._owns_out:
            self._out.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close(interrupted=exc_type is not None)
        return False


class _Loss:
    name = "loss"


_LOSS = _Loss()


def _to_python(obj):
    """Replace every tensor in ``obj`` by its value, copying them from the device together."""
    tensors = []

    def collect(o):
        if isinstance(o, torch.Tensor):
            tensors.append(o)
        elif isinstance(o, dict):
            for v in o.values():
                collect(v)
        elif isinstance(o, (list, tuple)):
            for v in o:
                collect(v)

    collect(obj)
    values = {}
    by_device = {}
    for t in tensors:
        by_device.setdefault(t.device, []).append(t)
    for device, ts in by_device.items():
        flat = torch.cat([t.detach().double().reshape(-1) for t in ts]).tolist()
        i = 0
        for t in ts:
            k = t.numel()
            values[id(t)] = flat[i] if t.dim() == 0 else flat[i:i + k]
            i += k

    def replace(o):
        if isinstance(o, torch.Tensor):
            return values[id(o)]
        if isinstance(o, dict):
            return {k: replace(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [replace(v) for v in o]
        return o

    return replace(obj)


def _finite(obj):
    """NaN and infinities become null: JSON has no such numbers."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_finite(v) for v in obj]
    return obj
