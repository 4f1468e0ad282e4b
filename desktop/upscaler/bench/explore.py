"""Experiments behind the "explore" part of the speed work: what else could pay, measured.

Reduced precision (fp16 weights and activations, int8 static quantisation), batching tiles, and
running two tiles at once (one core each, which also overlaps one tile's pre/post-processing with
the other's inference). None of these is used by the program unless the numbers justify it; see
docs/benchmarks.md. Run through ``upscaler-cli bench speed --sections explore``.
"""

from __future__ import annotations

import contextlib
import logging
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from upscaler.bench.speed import Subject, median_times, test_image
from upscaler.core.convert import onnx_proto as op
from upscaler.core.engine import Upscaler
from upscaler.core.errors import ModelError
from upscaler.core.runtime import ort as ort_backend
from upscaler.core.runtime.base import Backend
from upscaler.core.tiling import Region

_FLOAT, _FLOAT16 = 1, 10


def _session(data: bytes, threads: int | None = None):
    return ort_backend._ort.InferenceSession(
        data, ort_backend.session_options(threads), providers=["CPUExecutionProvider"]
    )


def to_float16(data: bytes) -> bytes:
    """The same graph with float16 weights, input and output (activations follow)."""
    model = op.read_model(data)
    constants = [
        attr.t for node in model.graph.node if node.op_type == "Constant" for attr in node.attribute
    ]  # PyTorch exports scalars (a residual scale) as Constant nodes, not initializers
    for tensor in [*model.graph.initializer, *constants]:
        if tensor.data_type == _FLOAT:
            values = np.frombuffer(tensor.raw_data, dtype="<f4").astype("<f2")
            tensor.raw_data = values.tobytes()
            tensor.data_type = _FLOAT16
    for value in (*model.graph.input, *model.graph.output):
        if value.type.tensor_type.elem_type == _FLOAT:
            value.type.tensor_type.elem_type = _FLOAT16
    return model.SerializeToString()


def failure_reason(err: BaseException) -> str:
    """The runtime's own words, whole (a table cell cut mid-sentence explains nothing), without
    onnxruntime's ``[ONNXRuntimeError] : 1 : FAIL :`` prefix and on one line."""
    words = " ".join(str(err).split()) or type(err).__name__
    return re.sub(r"^\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*\w+\s*:\s*", "", words)


def psnr(a: np.ndarray, b: np.ndarray, peak: float) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(peak * peak / mse)


class _Blobs:
    """Calibration data for onnxruntime's static quantiser."""

    def __init__(self, name: str, blobs: list[np.ndarray]) -> None:
        self._items = iter([{name: b} for b in blobs])

    def get_next(self):
        return next(self._items, None)


@contextlib.contextmanager
def _quiet_logging() -> Iterator[None]:
    """The quantiser's advice ("consider pre-processing...") goes through Python's root logger,
    which would print it raw (and, having no handler yet, install one that prints every later
    warning too). The benchmark reports what it measured; that advice is not part of it."""
    root = logging.getLogger()
    guard = logging.NullHandler()  # a handler present: logging.warning() will not add its own
    root.addHandler(guard)
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)
        root.removeHandler(guard)


def quantize_int8(data: bytes, input_name: str, blobs: list[np.ndarray]) -> bytes:
    """Static int8 quantisation (QOperator: QLinearConv, VNNI kernels on AVX-512 CPUs).

    Needs the ``onnx`` package (a test dependency, not a runtime one).
    """
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_static

    with tempfile.TemporaryDirectory() as folder, _quiet_logging():
        src, dst = Path(folder) / "fp32.onnx", Path(folder) / "int8.onnx"
        src.write_bytes(data)
        quantize_static(
            str(src),
            str(dst),
            _Blobs(input_name, blobs),
            quant_format=QuantFormat.QOperator,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            per_channel=True,
        )
        return dst.read_bytes()


def precision_rows(subject: Subject, blob: np.ndarray, runs: int, peak: float) -> list[list[str]]:
    """fp32 vs fp16 vs int8 in onnxruntime on one blob: time and PSNR against fp32 output."""
    data = ort_backend.onnx_bytes_for(subject.path)
    fp32 = _session(data)
    name = fp32.get_inputs()[0].name
    reference = fp32.run(None, {name: blob})[0]
    variants: dict[str, tuple[Any, np.ndarray]] = {"fp32": (fp32, blob)}
    notes: dict[str, str] = {}
    try:
        variants["fp16"] = (_session(to_float16(data)), blob.astype(np.float16))
    except Exception as err:  # noqa: BLE001 - report whatever the runtime says
        notes["fp16"] = f"not supported: {failure_reason(err)}"
    try:
        rng = np.random.default_rng(0)
        calib = [blob] + [
            (blob + rng.normal(0, 0.05 * peak, blob.shape)).astype(np.float32) for _ in range(3)
        ]
        variants["int8"] = (_session(quantize_int8(data, name, calib)), blob)
    except Exception as err:  # noqa: BLE001 - report whatever the quantiser says
        notes["int8"] = f"not available: {failure_reason(err)}"
    times = median_times(
        {k: partial(s.run, None, {name: x}) for k, (s, x) in variants.items()}, runs
    )
    rows = []
    for key in ("fp32", "fp16", "int8"):
        if key in notes:
            rows.append([subject.id, key, "-", "-", notes[key]])
            continue
        session, x = variants[key]
        out = session.run(None, {name: x})[0].astype(np.float32)
        rows.append(
            [
                subject.id,
                key,
                f"{times[key] * 1000:.0f}",
                f"{times['fp32'] / times[key]:.2f}x",
                f"{psnr(reference, out, peak):.1f} dB",
            ]
        )
    return rows


def batching_row(subject: Subject, side: int, batch: int, runs: int) -> list[str]:
    """``batch`` tiles in one call against one call per tile (onnxruntime)."""
    session = _session(ort_backend.onnx_bytes_for(subject.path))
    info = session.get_inputs()[0]
    channels = info.shape[1] if isinstance(info.shape[1], int) else 1
    tiles = np.random.default_rng(0).random((batch, channels, side, side), dtype=np.float32)
    outputs = [session.get_outputs()[0].name]

    def one_by_one() -> None:
        for i in range(batch):
            session.run(outputs, {info.name: tiles[i : i + 1]})

    times = median_times(
        {"single": one_by_one, "batch": lambda: session.run(outputs, {info.name: tiles})}, runs
    )
    return [
        subject.id,
        f"{batch} x {side}x{side}",
        f"{times['single'] * 1000:.0f}",
        f"{times['batch'] * 1000:.0f}",
        f"{times['single'] / times['batch']:.2f}x",
    ]


def _split_run(uppers: list[Upscaler], image: np.ndarray, tile: int) -> None:
    """Each engine upscales one horizontal band of the image in its own thread."""
    height, width = image.shape[:2]
    bands = np.linspace(0, height, len(uppers) + 1).astype(int)
    threads = [
        threading.Thread(
            target=up.upscale_region, args=(image, Region(0, int(y0), width, int(y1 - y0)))
        )
        for up, y0, y1 in zip(uppers, bands[:-1], bands[1:], strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


class _Timed:
    """A backend wrapper that adds up the time spent inside the network."""

    def __init__(self, inner: Backend) -> None:
        self.inner, self.seconds = inner, 0.0
        self.path, self.context = inner.path, inner.context
        self.input_channels, self.runtime = inner.input_channels, inner.runtime

    def run(self, blob: np.ndarray) -> np.ndarray:
        start = time.perf_counter()
        try:
            return self.inner.run(blob)
        finally:
            self.seconds += time.perf_counter() - start


def parallel_tiles_row(subject: Subject, width: int, height: int, tile: int, runs: int):
    """One engine with 2 intra-op threads against two engines of 1 thread on two bands."""
    outputs: tuple[str, ...] = ()
    if subject.info.family == "lapsrn" and subject.info.scale > 2:
        outputs = (f"NCHW_output_{subject.info.scale}x",)
    try:
        two = ort_backend.OrtBackend(subject.path, outputs, threads=2, spin=False)
        ones = [ort_backend.OrtBackend(subject.path, outputs, threads=1, spin=False) for _ in "ab"]
    except ModelError:
        return None
    timed = _Timed(two)
    one_engine = Upscaler(subject.info, backend=timed)
    pair = [Upscaler(subject.info, backend=b) for b in ones]
    image = test_image(width, height)
    times = median_times(
        {
            "one": lambda: one_engine.upscale(image, tile=tile),
            "pair": lambda: _split_run(pair, image, tile),
        },
        runs,
    )
    calls = runs + 1  # warm-up included in the wrapper's total
    inference_share = timed.seconds / calls / times["one"]
    return [
        subject.id,
        f"{width}x{height}, tile {tile}",
        f"{100 * (1 - inference_share):.0f}%",
        f"{times['one'] * 1000:.0f}",
        f"{times['pair'] * 1000:.0f}",
        f"{times['one'] / times['pair']:.2f}x",
    ]
