"""gradflow_probe: record per-layer gradient statistics of a PyTorch training run in
gradflow's step-statistics format, ``gradflow.steps/1``, for ``gradflow judge``.

    probe = gradflow_probe.attach(model, "run.jsonl", log_every=50, name="my-net")
    for x, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        probe.step(loss)          # after backward(), before optimizer.step()
        optimizer.step()
    probe.close(test_accuracy=0.97)
"""

from .probe import SCHEMA, SATURATION_LEVELS, Probe, attach

__version__ = "0.1.0"
__all__ = ["attach", "Probe", "SCHEMA", "SATURATION_LEVELS", "__version__"]
