"""Choosing the inference runtime per model, by measuring it, and remembering the result.

Neither runtime wins everywhere on a CPU: onnxruntime is 1.1-1.7x faster on the light networks
(ESPCN, FSRCNN, LapSRN), but OpenCV's Winograd 3x3 convolutions are ~2.5x faster on wide EDSR-like
networks (measured; see docs/benchmarks.md). So "auto" times both on a small blob the first time a
model is loaded on this machine and keeps the faster one. The same timings give the model's
per-call overhead and per-pixel cost, from which the engine sizes its Auto tiles.

Results are cached in the user cache folder, keyed by the model's content and the runtime
versions, so later loads open only the winner. ``$UPSCALER_RUNTIME`` (``auto``, ``onnxruntime``,
``opencv``) forces one runtime.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2
import numpy as np
import platformdirs

from upscaler.core import ort_backend
from upscaler.core.backends import Backend, OpenCVBackend
from upscaler.core.errors import ModelError
from upscaler.core.paths import APP_AUTHOR, APP_NAME

RUNTIME_ENV = "UPSCALER_RUNTIME"
RUNTIMES = ("auto", "onnxruntime", "opencv")
#: Probe blob sides (input pixels): small enough to cost well under a second on light models.
PROBE_SMALL, PROBE_LARGE = 32, 64
#: A probe run slower than this skips the large probe (EDSR: overhead is negligible anyway).
PROBE_SLOW_S = 0.25
#: onnxruntime must beat OpenCV by this factor to be chosen (timing noise on a busy machine).
MARGIN = 1.05
_CACHE_FORMAT = 1
#: This process's measurements, so loading a model again never re-measures it.
_MEASURED: dict[str, Throughput] = {}

Clock = Callable[[], float]


@dataclass(frozen=True)
class Throughput:
    """Measured cost of one network call: ``overhead_s + pixel_s * padded input pixels``."""

    runtime: str
    overhead_s: float
    pixel_s: float

    def seconds(self, side: int) -> float:
        return self.overhead_s + self.pixel_s * side * side


def requested_runtime(runtime: str = "auto") -> str:
    """``auto`` defers to ``$UPSCALER_RUNTIME``; an explicit runtime wins over the variable."""
    if runtime == "auto":
        runtime = os.environ.get(RUNTIME_ENV, "").strip().lower() or "auto"
    if runtime not in RUNTIMES:
        raise ModelError(f"unknown inference runtime '{runtime}' (use {', '.join(RUNTIMES)})")
    return runtime


def _cache_file() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)) / "runtime-choice.json"


def _cache_key(path: Path, prefer_outputs: tuple[str, ...], runtime: str) -> str:
    ort_version = getattr(ort_backend._ort, "__version__", "none")
    return "|".join(
        [
            ort_backend.file_sha256(path),
            runtime,
            ",".join(prefer_outputs),
            f"cv{cv2.__version__}",
            f"ort{ort_version}",
            f"cpu{os.cpu_count()}",
        ]
    )


def _load_cache() -> dict[str, dict]:
    try:
        data = json.loads(_cache_file().read_text(encoding="utf-8"))
        if data.get("format") == _CACHE_FORMAT and isinstance(data.get("models"), dict):
            return data["models"]
    except (OSError, ValueError, AttributeError):
        pass
    return {}


def _save_cache(key: str, value: Throughput) -> None:
    entries = _load_cache()
    entries[key] = asdict(value)
    target = _cache_file()
    with contextlib.suppress(OSError):  # an unwritable cache only costs a re-measure
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".runtime.", suffix=".part")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"format": _CACHE_FORMAT, "models": entries}, fh)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _time_run(backend: Backend, blob: np.ndarray, clock: Clock) -> float:
    start = clock()
    backend.run(blob)
    return clock() - start


def measure(backend: Backend, runtime: str, channels: int, clock: Clock = time.perf_counter):
    """Fit ``overhead + pixel cost`` from runs at two sides (one warm-up first)."""
    rng = np.random.default_rng(0)
    small = rng.random((1, channels, PROBE_SMALL, PROBE_SMALL), dtype=np.float32)
    backend.run(small)  # warm-up: allocations, layout transforms, thread start
    t_small = _time_run(backend, small, clock)
    if t_small >= PROBE_SLOW_S:
        return Throughput(runtime, 0.0, t_small / PROBE_SMALL**2)
    t_small = min(t_small, _time_run(backend, small, clock))
    large = rng.random((1, channels, PROBE_LARGE, PROBE_LARGE), dtype=np.float32)
    t_large = min(_time_run(backend, large, clock) for _ in range(2))
    pixel_s = max(t_large - t_small, 1e-12) / (PROBE_LARGE**2 - PROBE_SMALL**2)
    overhead_s = max(t_small - pixel_s * PROBE_SMALL**2, 0.0)
    return Throughput(runtime, overhead_s, pixel_s)


def _open(runtime: str, path: Path, prefer_outputs: tuple[str, ...]) -> Backend:
    if runtime == "onnxruntime":
        return ort_backend.OrtBackend(path, prefer_outputs, spin=False)
    return OpenCVBackend(path, prefer_outputs)


def open_backend(
    path: Path,
    prefer_outputs: tuple[str, ...] = (),
    runtime: str = "auto",
    *,
    clock: Clock = time.perf_counter,
) -> Backend:
    """Open ``path`` with the requested runtime, or the measured faster one for ``auto``.

    The returned backend carries a ``throughput`` attribute (a :class:`Throughput`). In ``auto``,
    a model onnxruntime cannot load or convert runs in OpenCV; a forced runtime raises instead.
    """
    runtime = requested_runtime(runtime)
    if runtime == "auto" and not ort_backend.available():
        runtime = "opencv"
    key = _cache_key(path, prefer_outputs, runtime) if path.is_file() else None
    known = _MEASURED.get(key) if key else None
    if key and known is None:
        with contextlib.suppress(TypeError, AttributeError, KeyError):
            known = Throughput(**_load_cache()[key])
    if known is not None:
        with contextlib.suppress(ModelError):
            backend = _open(known.runtime, path, prefer_outputs)
            backend.throughput = known
            return backend
    candidates = ["onnxruntime", "opencv"] if runtime == "auto" else [runtime]
    opened: list[tuple[str, Backend]] = []
    for name in candidates:
        try:
            opened.append((name, _open(name, path, prefer_outputs)))
        except ModelError:
            if runtime != "auto" or name == "opencv":
                raise
    channels = opened[0][1].input_channels or 1
    results = [(measure(b, name, channels, clock), b) for name, b in opened]
    best, backend = results[-1]
    if len(results) == 2 and results[0][0].seconds(256) * MARGIN < best.seconds(256):
        best, backend = results[0]
    backend.throughput = best
    if key:
        _MEASURED[key] = best
        _save_cache(key, best)
    return backend
