"""Speed and memory benchmarks behind ``upscaler-cli bench speed`` (run by hand, never a test).

The machine is shared and noisy, so every figure is the median of at least ``runs`` runs after a
warm-up, and everything that feeds a ratio (runtime A vs B, engine vs raw ``dnn_superres``, Auto vs
fixed tiles, 1 vs 2 threads) is timed in the same process with the runs interleaved. Memory is
measured in a fresh child process per case, because peak RSS only ever grows within a process.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from upscaler.core.catalog import ModelInfo
from upscaler.core.engine import Upscaler
from upscaler.core.errors import ModelError
from upscaler.core.families import family_for
from upscaler.core.runtime import ort as ort_backend
from upscaler.core.runtime.opencv import OpenCVBackend
from upscaler.core.tiling import Region

RUNS = 5
EDSR_ARCH_ID = "EDSR-arch_x3"
RUNTIMES = ("opencv", "onnxruntime")


@dataclass(frozen=True)
class Subject:
    """A model to benchmark: catalog entry, file, analytic FLOPs per input pixel (or None)."""

    info: ModelInfo
    path: Path
    flops: float | None

    @property
    def id(self) -> str:
        return self.info.id


@dataclass
class Table:
    """One result table: a title, a note and rows of already-formatted cells."""

    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""
    #: The models the section measures (any of them); said when none was there to measure.
    needs: tuple[str, ...] = ()


# -- timing --------------------------------------------------------------------------------------
def timed_runs(
    fns: dict[str, Callable[[], object]], runs: int = RUNS, warmup: int = 1
) -> dict[str, list[float]]:
    """Seconds of every run of each function; runs interleaved so load changes hit all alike."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(runs):
        for key, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[key].append(time.perf_counter() - start)
    return times


def median_times(
    fns: dict[str, Callable[[], object]], runs: int = RUNS, warmup: int = 1
) -> dict[str, float]:
    """Median seconds of each function over interleaved runs."""
    return {k: statistics.median(v) for k, v in timed_runs(fns, runs, warmup).items()}


def peak_rss() -> int:
    """This process's peak resident set size in bytes.

    Linux's ``ru_maxrss`` survives ``execve``: a child spawned by a big parent starts with the
    parent's peak. ``VmHWM`` belongs to the process's own address space, so it is read first.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if os.uname().sysname == "Darwin" else peak * 1024


def in_child(fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn(*args)`` in a fresh process (spawned: no inherited heap) and return its result."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(fn, args)


# -- roofline and FLOPs --------------------------------------------------------------------------
def _matmul_model(n: int) -> bytes:
    from upscaler.core.convert import onnx_proto as op  # protobuf: only with onnxruntime

    b = np.random.default_rng(1).standard_normal((n, n)).astype(np.float32)
    return op.make_model(
        [op.make_node("MatMul", ["a", "b"], ["c"], "mm")],
        [op.make_tensor("b", b)],
        [op.make_value_info("a", [n, n])],
        [op.make_value_info("c", [n, n])],
    )


def sgemm_gflops(threads: int, n: int = 2048, runs: int = RUNS) -> dict[str, float]:
    """fp32 GEMM throughput: the roofline a convolution can at best reach without Winograd."""
    a = np.random.default_rng(0).standard_normal((n, n)).astype(np.float32)
    flop = 2.0 * n**3
    fns: dict[str, Callable[[], object]] = {"numpy": lambda: a @ a}
    if ort_backend.available():
        session = ort_backend._ort.InferenceSession(
            _matmul_model(n),
            ort_backend.session_options(threads),
            providers=["CPUExecutionProvider"],
        )
        fns["onnxruntime"] = lambda: session.run(None, {"a": a})
    return {k: flop / t / 1e9 for k, t in median_times(fns, runs).items()}


def flops_per_input_pixel(onnx: bytes) -> float:
    """Convolution FLOPs (2 x multiply-adds) per input pixel, following resolution changes."""
    from upscaler.core.convert import onnx_proto as op  # protobuf: only with onnxruntime

    model = op.read_model(onnx)
    dims = {t.name: list(t.dims) for t in model.graph.initializer}
    factor = {i.name: 1.0 for i in model.graph.input}
    total = 0.0
    for node in model.graph.node:
        f = next((factor[i] for i in node.input if i in factor), 1.0)
        attrs = {a.name: a for a in node.attribute}
        if node.op_type == "DepthToSpace":
            f *= attrs["blocksize"].i
        elif node.op_type == "Conv":
            strides = list(attrs["strides"].ints) if "strides" in attrs else []
            f /= max(strides or [1])
            w = dims.get(node.input[1], [])
            if len(w) == 4:
                total += 2.0 * w[0] * w[1] * w[2] * w[3] * f * f
        for out in node.output:
            factor[out] = f
    return total


def subject_for(info: ModelInfo, path: Path) -> Subject:
    try:
        flops = flops_per_input_pixel(ort_backend.onnx_bytes_for(path))
    except ModelError:
        flops = None
    return Subject(info, path, flops)


def edsr_subject(folder: Path, scale: int = 3) -> Subject:
    """The EDSR architecture (32 x 256, random weights) written to ``folder``; never committed."""
    from upscaler.core.convert.edsr_graph import EDSR_BLOCKS, EDSR_CHANNELS, build_edsr_onnx

    path = folder / f"edsr_arch_x{scale}.onnx"
    if not path.exists():
        path.write_bytes(build_edsr_onnx(EDSR_BLOCKS, EDSR_CHANNELS, scale))
    info = ModelInfo(
        id=EDSR_ARCH_ID, name="EDSR", family="edsr", scale=scale, filename=path.name, speed="slow"
    )
    return subject_for(info, path)


# -- images --------------------------------------------------------------------------------------
def test_image(width: int, height: int, seed: int = 0) -> np.ndarray:
    """A smooth, photo-like BGR image (upsampled noise): content does not change the speed."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, (max(height // 8, 2), max(width // 8, 2), 3), dtype=np.uint8)
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)


def runtime_name(backend: object) -> str:
    """The runtime behind a backend, named as in every table's runtime column (``RUNTIMES``)."""
    return "onnxruntime" if isinstance(backend, ort_backend.OrtBackend) else "opencv"


class _Capture:
    """A stand-in network that keeps the blob its family feeds it and answers with zeros."""

    def __init__(self, channels: int | None, scale: int) -> None:
        self.path, self.runtime = Path("capture"), "none"
        self.context: int | None = None
        self.input_channels, self.scale = channels, scale
        self.blob: np.ndarray | None = None

    def run(self, blob: np.ndarray) -> np.ndarray:
        self.blob = blob
        n, c, h, w = blob.shape
        return np.zeros((n, c, h * self.scale, w * self.scale), np.float32)


def network_input(info: ModelInfo, image: np.ndarray) -> np.ndarray:
    """The blob ``info``'s family feeds its network for ``image`` (its own pre-processing)."""
    family = family_for(info)
    capture = _Capture(family.channels, info.scale)
    family.process(image, capture, info.scale)
    assert capture.blob is not None, f"{info.id} has no network"
    return capture.blob


def _fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def _load(subject: Subject, runtime: str) -> Upscaler | None:
    """An engine on ``runtime``, or None where that runtime cannot load the model."""
    try:
        return Upscaler(subject.info, subject.path, runtime=runtime)
    except ModelError:
        return None


# -- per-model table (child process per model) ---------------------------------------------------
def bench_model(
    subject: Subject, sizes: list[tuple[int, int]], runs: int, roofline: float
) -> list[list[str]]:
    """Engine on whole images (Auto tiles) with both runtimes interleaved, per input size."""
    upscalers = {rt: up for rt in RUNTIMES if (up := _load(subject, rt)) is not None}
    rows = []
    for width, height in sizes:
        image = test_image(width, height)
        times = median_times({rt: partial(up.upscale, image) for rt, up in upscalers.items()}, runs)
        pixels = width * height
        out_mp = pixels * subject.info.scale**2 / 1e6
        for rt, seconds in times.items():
            gflops = subject.flops * pixels / seconds / 1e9 if subject.flops else None
            rows.append(
                [
                    subject.id,
                    rt,
                    f"{width}x{height}",
                    str(upscalers[rt].auto_tile()),
                    _fmt_ms(seconds),
                    f"{out_mp / seconds:.2f}",
                    f"{gflops:.0f}" if gflops else "-",
                    f"{100 * gflops / roofline:.0f}%" if gflops and roofline else "-",
                    f"{peak_rss() / 2**20:.0f}",
                    f"{times['opencv'] / seconds:.2f}x" if "opencv" in times else "-",
                ]
            )
    return rows


def sizes_for(subject: Subject, sides: list[int], flop_budget: float) -> list[tuple[int, int]]:
    """Square sizes whose run stays under ``flop_budget`` (LapSRN x8 at 512 px takes minutes)."""
    fitting = [s for s in sides if subject.flops and subject.flops * s * s <= flop_budget]
    return [(s, s) for s in (fitting or [min(sides)])]


# -- engine overhead against raw dnn_superres ----------------------------------------------------
_SUPERRES_ALGO = {"espcn": "espcn", "fsrcnn": "fsrcnn", "lapsrn": "lapsrn", "edsr": "edsr"}


def bench_overhead(subject: Subject, width: int, height: int, runs: int) -> list[str] | None:
    """Engine (OpenCV runtime, one whole-image tile, and Auto) vs ``dnn_superres.upsample``."""
    info = subject.info
    if subject.path.suffix != ".pb" or info.family not in _SUPERRES_ALGO:
        return None
    sr = cv2.dnn_superres.DnnSuperResImpl_create()  # type: ignore[attr-defined]
    sr.readModel(str(subject.path))
    algo = "fsrcnn" if info.name.startswith("FSRCNN") else _SUPERRES_ALGO[info.family]
    sr.setModel(algo, info.scale)
    cv_engine = Upscaler(info, subject.path, runtime="opencv")
    auto_engine = Upscaler(info, subject.path, runtime="auto")
    image = test_image(width, height)
    whole = max(width, height)
    times = median_times(
        {
            "raw": lambda: sr.upsample(image),
            "engine": lambda: cv_engine.upscale(image, tile=whole),
            "engine_tiled": lambda: cv_engine.upscale(image),
            "auto": lambda: auto_engine.upscale(image),
        },
        runs,
    )
    raw = times["raw"]
    return [
        info.id,
        f"{width}x{height}",
        _fmt_ms(raw),
        _fmt_ms(times["engine"]),
        f"{100 * (times['engine'] / raw - 1):+.1f}%",
        f"{100 * (times['engine_tiled'] / raw - 1):+.1f}%",
        f"{_fmt_ms(times['auto'])} ({runtime_name(auto_engine.backend)})",
        f"{raw / times['auto']:.2f}x",
    ]


# -- threads -------------------------------------------------------------------------------------
def bench_threads(subject: Subject, side: int, runs: int) -> list[list[str]]:
    """Each runtime with 1 and all cores, interleaved (cv2's thread count is process-global)."""
    cores = os.cpu_count() or 1
    outputs = family_for(subject.info).output_names(subject.info.scale)
    image = test_image(side, side)
    fns: dict[str, Callable[[], object]] = {}
    for threads in sorted({1, cores}):
        up = Upscaler(subject.info, backend=OpenCVBackend(subject.path, outputs))

        def run_cv(up: Upscaler = up, threads: int = threads) -> object:
            cv2.setNumThreads(threads)
            return up.upscale(image, tile=side)

        fns[f"opencv/{threads}"] = run_cv
        if ort_backend.available():
            try:
                backend = ort_backend.OrtBackend(subject.path, outputs, threads=threads, spin=False)
            except ModelError:
                continue
            ort_up = Upscaler(subject.info, backend=backend)
            fns[f"onnxruntime/{threads}"] = partial(ort_up.upscale, image, tile=side)
    times = median_times(fns, runs)
    cv2.setNumThreads(cores)
    rows = []
    for rt in RUNTIMES:
        one, many = times.get(f"{rt}/1"), times.get(f"{rt}/{cores}")
        if one and many:
            rows.append(
                [
                    subject.id,
                    rt,
                    f"{side}x{side}",
                    _fmt_ms(one),
                    _fmt_ms(many),
                    f"{one / many:.2f}x",
                ]
            )
    return rows


# -- tile sizes ----------------------------------------------------------------------------------
def bench_tiles(
    subject: Subject, width: int, height: int, tiles: list[int], runs: int
) -> list[str]:
    """Fixed tile sides against Auto, same engine (runtime auto), interleaved."""
    up = Upscaler(subject.info, subject.path)
    image = test_image(width, height)
    auto = up.auto_tile()
    fns: dict[str, Callable[[], object]] = {
        str(t): partial(up.upscale, image, tile=t) for t in tiles
    }
    fns["auto"] = lambda: up.upscale(image)
    runs_s = timed_runs(fns, runs)
    times = {k: statistics.median(v) for k, v in runs_s.items()}
    fastest = {k: min(v) for k, v in runs_s.items()}
    fixed = {k: v for k, v in times.items() if k != "auto"}
    best = min(fixed, key=lambda k: fixed[k])
    best_fastest = min(v for k, v in fastest.items() if k != "auto")
    cells = [subject.id, runtime_name(up.backend), f"{width}x{height}"]
    cells += [_fmt_ms(times[str(t)]) for t in tiles]
    cells += [
        f"{_fmt_ms(times['auto'])} (tile {auto})",
        best,
        f"{100 * (times['auto'] / fixed[best] - 1):+.1f}%",
        f"{100 * (fastest['auto'] / best_fastest - 1):+.1f}%",
    ]
    return cells


# -- preview -------------------------------------------------------------------------------------
def bench_preview(subject: Subject, runs: int) -> list[str]:
    """A 256x256 preview region of a 1920x1080 photo, model already loaded (as in the GUI)."""
    start = time.perf_counter()
    up = Upscaler(subject.info, subject.path)
    load = time.perf_counter() - start
    image = test_image(1920, 1080)
    region = Region(832, 412, 256, 256)
    times = median_times({"preview": lambda: up.upscale_region(image, region)}, runs)
    return [
        subject.id,
        runtime_name(up.backend),
        _fmt_ms(load),
        _fmt_ms(times["preview"]),
    ]


# -- memory (child process per size) -------------------------------------------------------------
def memory_case(subject: Subject, megapixels: float, write: bool) -> list[str]:
    """Peak RSS of a fresh process: load, upscale an image of ``megapixels`` (Auto tiles), write."""
    from upscaler.core.imageio import write_image

    up = Upscaler(subject.info, subject.path)
    loaded = peak_rss()
    width = int(round((megapixels * 1e6 * 4 / 3) ** 0.5))
    height = int(round(megapixels * 1e6 / width))
    image = test_image(width, height)
    start = time.perf_counter()
    out = up.upscale(image)
    upscale_s = time.perf_counter() - start
    write_s = 0.0
    if write:
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            write_image(Path(folder) / "out.png", out)
            write_s = time.perf_counter() - start
    return [
        subject.id,
        runtime_name(up.backend),
        f"{width}x{height} ({width * height / 1e6:.1f} MP)",
        f"{out.shape[1]}x{out.shape[0]} ({out.shape[0] * out.shape[1] / 1e6:.0f} MP)",
        str(up.auto_tile()),
        f"{(image.nbytes + out.nbytes) / 2**20:.0f}",
        f"{loaded / 2**20:.0f}",
        f"{peak_rss() / 2**20:.0f}",
        f"{upscale_s:.1f}",
        f"{write_s:.1f}" if write else "-",
    ]
