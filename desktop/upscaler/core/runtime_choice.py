"""Choosing the inference runtime per model, by measuring it, and remembering the result.

Neither runtime wins everywhere on a CPU: onnxruntime is 1.1-1.7x faster on the light networks
(ESPCN, FSRCNN, LapSRN), but OpenCV's Winograd 3x3 convolutions are ~2.5x faster on wide EDSR-like
networks (measured; see docs/benchmarks.md). So "auto" times both on a small blob the first time a
model is loaded on this machine and keeps the faster one. The probes run at the padded sizes of
real tiles (as far as a time budget allows), because per-pixel cost is not constant: it falls as
fixed per-call costs are amortised and rises again when feature maps outgrow the caches (OpenCV's
Winograd EDSR: 261 GFLOP/s-equivalent on a 48x48 blob, 76 on 160x120). The same timings size the
engine's Auto tiles.

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
from upscaler.core.hashing import DigestCache
from upscaler.core.messages import text
from upscaler.core.paths import APP_AUTHOR, APP_NAME

RUNTIME_ENV = "UPSCALER_RUNTIME"
RUNTIMES = ("auto", "onnxruntime", "opencv")
#: The first, tiny probe (input pixels), then tile cores probed with the model's margin around them.
PROBE_SMALL = 32
PROBE_CORES = (64, 128, 256, 512)
#: A size whose predicted run exceeds this is not probed (EDSR: only the tiny probe runs).
PROBE_BUDGET_S = 0.3
#: Runs shorter than this are repeated (three in all); they are the noisiest.
QUICK_RUN_S = 0.05
#: onnxruntime must beat OpenCV by this factor to be chosen (timing noise on a busy machine).
MARGIN = 1.05
_CACHE_FORMAT = 3  # bump whenever the probe changes: old decisions are void
#: This process's measurements, so loading a model again never re-measures it.
_MEASURED: dict[str, Throughput] = {}

Clock = Callable[[], float]


@dataclass(frozen=True)
class Throughput:
    """Measured seconds of one network call at a few square sides (padded input pixels)."""

    runtime: str
    points: tuple[tuple[int, float], ...]

    def seconds(self, side: int) -> float:
        """Per-pixel cost interpolated between the measured sides, flat beyond them."""
        sides = [p for p, _ in self.points]
        per_pixel = [t / (p * p) for p, t in self.points]
        return float(np.interp(side, sides, per_pixel)) * side * side

    def covers(self, side: int) -> bool:
        """Whether ``side`` lies within the measured sides (beyond them cost is extrapolated)."""
        return side <= max(p for p, _ in self.points)

    def best_rate(self, margin: int, sides: range) -> float:
        """Useful (core) pixels per second with the best of ``sides`` as the tile core."""
        return max(c * c / self.seconds(c + 2 * margin) for c in sides)


def requested_runtime(runtime: str = "auto") -> str:
    """``auto`` defers to ``$UPSCALER_RUNTIME``; an explicit runtime wins over the variable."""
    if runtime == "auto":
        runtime = os.environ.get(RUNTIME_ENV, "").strip().lower() or "auto"
    if runtime not in RUNTIMES:
        raise ModelError(
            text(
                "unknown inference runtime '{runtime}' (use {runtimes})",
                runtime=runtime,
                runtimes=", ".join(RUNTIMES),
            )
        )
    return runtime


def _cache_file() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)) / "runtime-choice.json"


def _cache_key(path: Path, prefer_outputs: tuple[str, ...], runtime: str) -> str:
    ort_version = getattr(ort_backend._ort, "__version__", "none")
    return "|".join(
        [
            DigestCache().digest(path).sha256,  # cached: the window asks on every estimate
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


def _best_time(backend: Backend, blob: np.ndarray, clock: Clock, *, new_shape: bool) -> float:
    """Fastest of up to three runs: other programs only ever slow a run down, so the minimum is
    the least noisy estimate. A new shape's first run also pays for allocations."""
    times = [_time_run(backend, blob, clock)]
    extra = 2 if times[0] < QUICK_RUN_S else int(new_shape)
    times += [_time_run(backend, blob, clock) for _ in range(extra)]
    return min(times)


def measure(
    backend: Backend, runtime: str, channels: int, margin: int, clock: Clock = time.perf_counter
) -> Throughput:
    """Time a tiny blob, then padded tiles of growing core while the predicted run fits the
    budget."""
    rng = np.random.default_rng(0)

    def blob(side: int) -> np.ndarray:
        # Photo-like (smooth) content: white noise runs FSRCNN 1.5x slower in onnxruntime than
        # a real image does, and would bias the choice.
        coarse = rng.random((channels, max(side // 8, 2), max(side // 8, 2)), dtype=np.float32)
        planes = [cv2.resize(c, (side, side), interpolation=cv2.INTER_CUBIC) for c in coarse]
        return np.clip(np.stack(planes), 0.0, 1.0)[np.newaxis]

    small = blob(PROBE_SMALL)
    backend.run(small)  # warm-up: allocations, layout transforms, thread start
    points = [(PROBE_SMALL, _best_time(backend, small, clock, new_shape=False))]
    for core in PROBE_CORES:
        side = core + 2 * margin
        last_side, last_time = points[-1]
        if last_time / last_side**2 * side**2 > PROBE_BUDGET_S:
            break
        points.append((side, _best_time(backend, blob(side), clock, new_shape=True)))
    return Throughput(runtime, tuple(points))


def _open(runtime: str, path: Path, prefer_outputs: tuple[str, ...]) -> Backend:
    if runtime == "onnxruntime":
        return ort_backend.OrtBackend(path, prefer_outputs, spin=False)
    return OpenCVBackend(path, prefer_outputs)


def _effective(runtime: str) -> str:
    runtime = requested_runtime(runtime)
    return "opencv" if runtime == "auto" and not ort_backend.available() else runtime


def _remembered(key: str | None) -> Throughput | None:
    """This process's or the cache file's measurement for ``key``."""
    known = _MEASURED.get(key) if key else None
    if key and known is None:
        with contextlib.suppress(TypeError, AttributeError, KeyError, ValueError):
            entry = _load_cache()[key]
            known = Throughput(
                entry["runtime"], tuple((int(p), float(t)) for p, t in entry["points"])
            )
    return known


def known_throughput(
    path: Path, prefer_outputs: tuple[str, ...] = (), runtime: str = "auto"
) -> Throughput | None:
    """What loading ``path`` measured on this machine, without loading it; None if never loaded.

    Lets a time estimate use this machine's speed before the model is loaded (the window's worker
    thread owns the loaded one).
    """
    with contextlib.suppress(OSError):
        if path.is_file():
            return _remembered(_cache_key(path, prefer_outputs, _effective(runtime)))
    return None


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
    runtime = _effective(runtime)
    key = _cache_key(path, prefer_outputs, runtime) if path.is_file() else None
    known = _remembered(key)
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
    margin = opened[0][1].context or 0
    results = [(measure(b, name, channels, margin, clock), b) for name, b in opened]
    best, backend = results[-1]
    cores = range(PROBE_CORES[0], PROBE_CORES[-1] + 1, 16)
    if len(results) == 2:
        challenger, other = results[0]
        if challenger.best_rate(margin, cores) > MARGIN * best.best_rate(margin, cores):
            best, backend = challenger, other
    backend.throughput = best
    if key:
        _MEASURED[key] = best
        _save_cache(key, best)
    return backend
