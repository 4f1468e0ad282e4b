"""Prove a device works: run a small built-in network on it and compare with the CPU in fp32.

The network is EDSR-shaped (convolutions, a residual block, depth-to-space) with fixed random
weights, built in memory: nothing to ship, and it exercises what the real models use. A device
passes at a precision when its output stays within that precision's tolerance of the reference
(fp32: rounding differences only).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from upscaler.core.devices.detect import Device, cpu_device
from upscaler.core.devices.precision import Plan
from upscaler.core.errors import ModelError
from upscaler.core.runtime.base import first_line

#: Largest error allowed, as a share of the output's range, per precision.
TOLERANCE = {"fp32": 1e-4, "bf16": 2e-2, "fp16": 5e-3}
SIDE = 48


@dataclass(frozen=True)
class Check:
    device: str
    precision: str
    ok: bool
    #: Milliseconds of one run after the first (None when it did not run).
    ms: float | None
    #: Largest error as a share of the output's range (None when it did not run).
    error: float | None
    reason: str = ""

    def describe(self) -> str:
        if not self.ok and self.error is None:
            return f"{self.precision}: failed ({self.reason})"
        verdict = "ok" if self.ok else "WRONG OUTPUT"
        return f"{self.precision}: {verdict}, {self.ms:.0f} ms, error {self.error:.1e}"


def _model(folder: Path) -> Path:
    path = folder / "selfcheck_x2.onnx"
    from upscaler.core.convert.edsr_graph import build_edsr_onnx  # protobuf: only when checking

    path.write_bytes(build_edsr_onnx(blocks=1, channels=16, scale=2, seed=7))
    return path


def _blob() -> np.ndarray:
    rng = np.random.default_rng(3)
    return (rng.random((1, 3, SIDE, SIDE), dtype=np.float32) * 255 - 128).astype(np.float32)


def check_device(device: Device, precisions: tuple[str, ...] | None = None) -> list[Check]:
    """One check per precision of ``device`` (int8 needs a model's own file: not checked here)."""
    from upscaler.core.devices.open import open_plan  # open imports this package's modules

    wanted = [p for p in (precisions or device.precisions) if p in TOLERANCE]
    checks = []
    with tempfile.TemporaryDirectory() as folder:
        model = _model(Path(folder))
        blob = _blob()
        reference = open_plan(Plan(cpu_device(), "fp32", ""), model).run(blob)
        span = float(reference.max() - reference.min()) or 1.0
        for precision in wanted:
            runtime = device.runtime
            if not device.is_gpu:
                runtime = "" if precision == "fp32" else "openvino"
            try:
                backend = open_plan(Plan(device, precision, runtime), model)
                backend.run(blob)
                start = time.perf_counter()
                out = backend.run(blob)
                ms = (time.perf_counter() - start) * 1000
            except (ModelError, RuntimeError, MemoryError) as err:
                checks.append(Check(device.name, precision, False, None, None, first_line(err)))
                continue
            if out.shape != reference.shape:
                checks.append(
                    Check(
                        device.name,
                        precision,
                        False,
                        None,
                        None,
                        f"output shape {out.shape}, expected {reference.shape}",
                    )
                )
                continue
            error = float(np.abs(out - reference).max()) / span
            checks.append(Check(device.name, precision, error <= TOLERANCE[precision], ms, error))
    return checks
