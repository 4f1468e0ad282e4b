"""`bench precision`: each model at fp32, bf16, fp16 and int8 on each CPU runtime, in one run.

Speed: the whole engine (Auto tiles) on a 320x240 photograph, every variant of a model timed in the
same process with the runs interleaved (medians), as a ratio to onnxruntime fp32. Quality:
faithful models are scored on Set5+Set14 (PSNR on Y, the literature's conventions) and the loss is
fp32's PSNR minus the variant's; generative models (and random-weight architectures) are scored
by the PSNR of the variant's output against the fp32 output. A variant is *accepted* when its loss
is at most ``MAX_FAITHFUL_LOSS_DB`` (faithful) or its PSNR against fp32 at least
``MIN_GENERATIVE_PSNR_DB``; a reduced precision is chosen when it is accepted and at least
``MIN_GAIN`` faster than the family's own fp32 runtime (the path without the device layer).
``--write-table`` records the chosen ones, fastest first, in ``core/devices/measured.py``: the
fixed decision ``--precision auto`` reads (no run-time probe).

int8: the pinned file where the model ships one (UpNet), else quantised in memory from the same
calibration set (``bench/quantize.py``), so third-party weights are measured without being
redistributed.
"""

from __future__ import annotations

import datetime
import json
import platform
import statistics
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from upscaler.bench.quality import crop_to_scale, degrade, evaluate, to_8bit
from upscaler.bench.quantize import quantize_model
from upscaler.bench.speed import flops_per_input_pixel, sgemm_gflops
from upscaler.core.catalog import ModelInfo
from upscaler.core.devices.detect import cpu_name
from upscaler.core.devices.precision import MAX_FAITHFUL_LOSS_DB, MIN_GENERATIVE_PSNR_DB
from upscaler.core.devices.quantized import find_variant
from upscaler.core.engine import Upscaler
from upscaler.core.errors import ModelError
from upscaler.core.families import Family, family_for, registered, run_checked, to_dtype
from upscaler.core.families.base import max_value
from upscaler.core.runtime import openvino as ov_runtime
from upscaler.core.runtime import ort
from upscaler.core.runtime.base import Backend, first_line
from upscaler.core.runtime.opencv import OpenCVBackend
from upscaler.core.runtime.openvino import OpenVinoBackend
from upscaler.core.runtime.ort import OrtBackend, onnx_bytes_for

#: (precision, runtime) measured for every model; the first is the reference for speed ratios.
VARIANTS = (
    ("fp32", "onnxruntime"),
    ("fp32", "opencv"),
    ("fp32", "openvino"),
    ("bf16", "openvino"),
    ("fp16", "openvino"),
    ("int8", "openvino"),
    ("int8", "onnxruntime"),
)
#: A reduced precision must beat the family's fp32 runtime by this factor to be worth choosing:
#: identical runs on this shared machine differed by up to 40%, and OpenVINO fp32 against
#: onnxruntime fp32 (the same arithmetic) measured 0.39-1.19x.
MIN_GAIN = 1.3
SPEED_SIZE = (320, 240)
SPEED_IMAGE = "BSDS500/train/100075.jpg"


@dataclass(frozen=True)
class Subject:
    """A model to measure: catalog entry, file, how to judge it."""

    info: ModelInfo
    path: Path
    #: ``faithful`` (scored against the originals) or ``generative`` (against fp32's output).
    judged: str = "faithful"
    #: Side of the crop used for quality when the model is too slow for whole images (None: all).
    quality_crop: int | None = None
    speed_size: tuple[int, int] = SPEED_SIZE


@dataclass
class Row:
    model: str
    precision: str
    runtime: str
    seconds: float | None = None
    ratio: float | None = None  # speed vs onnxruntime fp32
    quality: float | None = None  # mean PSNR vs originals (faithful) or vs fp32 output
    loss: float | None = None  # dB below fp32 (faithful)
    accepted: bool = False
    pays: bool = False
    note: str = ""


def speed_image(train_dir: Path, size: tuple[int, int] = SPEED_SIZE) -> np.ndarray:
    """A 320x240 crop of a training photograph (content matters little to speed; a real photo
    keeps the engine's per-tile work realistic)."""
    rgb = np.asarray(Image.open(train_dir / SPEED_IMAGE).convert("RGB"))
    width, height = size
    if rgb.shape[0] < height or rgb.shape[1] < width:
        rgb = np.asarray(Image.fromarray(rgb).resize((width, height)))
    return np.ascontiguousarray(rgb[:height, :width, ::-1])


def open_variant(subject: Subject, precision: str, runtime: str, int8: bytes | None) -> Backend:
    """The backend for one variant; ModelError when this machine cannot run it."""
    family = family_for(subject.info)
    outputs = family.output_names(subject.info.scale)
    path = subject.path
    if runtime == "openvino":
        if not ov_runtime.available():
            raise ModelError("OpenVINO is not installed")
        if precision in ("bf16", "fp16") and precision.upper() not in ov_runtime.capabilities(
            "CPU"
        ):
            raise ModelError(f"the CPU has no {precision} units")
        data = int8 if precision == "int8" else None
        return OpenVinoBackend(path, outputs, precision=precision, data=data)
    if runtime == "onnxruntime":
        if precision not in ("fp32", "int8"):
            raise ModelError(f"onnxruntime has no {precision} convolutions on the CPU")
        return OrtBackend(path, outputs, spin=False, data=int8 if precision == "int8" else None)
    if precision != "fp32":
        raise ModelError(f"OpenCV DNN runs {precision} only on ARM CPUs")
    return OpenCVBackend(path, outputs)


def int8_bytes(subject: Subject, train_dir: Path) -> tuple[bytes | None, str]:
    """The model's pinned int8 file, or one quantised now; with where it came from."""
    found, _ = find_variant(subject.info.id, "int8", subject.path)
    if found is not None:
        return found.read_bytes(), "pinned file"
    try:
        info = subject.info
        return quantize_model(subject.path, family_for(info), info.scale, train_dir), "in memory"
    except Exception as err:  # noqa: BLE001 - report what the quantiser says
        return None, f"quantisation failed: {first_line(err)}"


def quality_images(
    subject: Subject, images: list[tuple[str, np.ndarray]]
) -> list[tuple[str, np.ndarray]]:
    crop = subject.quality_crop
    if crop is None:
        return images
    side = crop * subject.info.scale
    return [(name, pixels[:side, :side]) for name, pixels in images]


def _engine(subject: Subject, backend: Backend) -> Upscaler:
    return Upscaler(subject.info, backend=backend)


def measure_subject(
    subject: Subject,
    images: list[tuple[str, np.ndarray]],
    train_dir: Path,
    runs: int,
    log: Callable[[str], None] = print,
    variants: tuple[tuple[str, str], ...] = VARIANTS,
) -> list[Row]:
    """Every variant of one model (``variants``: a subset for slow models; the first of
    :data:`VARIANTS` is always measured): interleaved speed runs, then quality."""
    variants = (VARIANTS[0], *(v for v in variants if v != VARIANTS[0]))
    rows = {key: Row(subject.info.id, *key) for key in variants}
    wants_int8 = any(p == "int8" for p, _ in variants)
    int8, origin = int8_bytes(subject, train_dir) if wants_int8 else (None, "not measured")
    engines: dict[tuple[str, str], Upscaler] = {}
    for key in variants:
        precision, runtime = key
        if runtime not in (*family_for(subject.info).runtimes, "openvino"):
            rows[key].note = "not a runtime of this family"
            continue
        try:
            if precision == "int8" and int8 is None:
                raise ModelError(origin)
            engines[key] = _engine(subject, open_variant(subject, precision, runtime, int8))
            if precision == "int8":
                rows[key].note = origin
        except ModelError as err:
            rows[key].note = first_line(err)[:90]
    image = speed_image(train_dir, subject.speed_size)
    times: dict[tuple[str, str], list[float]] = {key: [] for key in engines}
    for engine in engines.values():
        engine.upscale(image)  # warm-up: compilation, first-shape allocations
    for _ in range(runs):
        for key, engine in engines.items():
            start = time.perf_counter()
            engine.upscale(image)
            times[key].append(time.perf_counter() - start)
    base = statistics.median(times[VARIANTS[0]]) if VARIANTS[0] in times else None
    for key, values in times.items():
        seconds = statistics.median(values)
        rows[key].seconds = seconds
        if base:
            rows[key].ratio = base / seconds
    log(f"  {subject.info.id}: speed done")
    _score(subject, rows, engines, quality_images(subject, images))
    # Pays: against the reference path, the family's own fp32 runtime (what runs without devices)
    reference = rows.get(("fp32", family_for(subject.info).runtimes[0]))
    for row in rows.values():
        if row.seconds and reference is not None and reference.seconds and row is not reference:
            row.pays = reference.seconds / row.seconds >= MIN_GAIN
    log(f"  {subject.info.id}: quality done")
    return list(rows.values())


def _score(
    subject: Subject,
    rows: dict[tuple[str, str], Row],
    engines: dict[tuple[str, str], Upscaler],
    images: list[tuple[str, np.ndarray]],
) -> None:
    scale = subject.info.scale
    reference = engines.get(VARIANTS[0])
    if reference is None:
        return
    if subject.judged == "faithful":
        scores = {
            key: evaluate(engine.upscale, images, scale).psnr for key, engine in engines.items()
        }
        for key, value in scores.items():
            loss = scores[VARIANTS[0]] - value
            rows[key].quality, rows[key].loss = value, loss
            rows[key].accepted = loss <= MAX_FAITHFUL_LOSS_DB
        return
    inputs = [degrade(crop_to_scale(to_8bit(p), scale), scale) for _, p in images]
    expected = [reference.upscale(lr) for lr in inputs]
    for key, engine in engines.items():
        values = [
            psnr_all_channels(want, engine.upscale(lr))
            for want, lr in zip(expected, inputs, strict=True)
        ]
        finite = [v for v in values if np.isfinite(v)]
        quality = float(np.mean(finite)) if finite else float("inf")
        rows[key].quality = quality
        rows[key].accepted = quality >= MIN_GENERATIVE_PSNR_DB


def target_rows(
    subject: Subject, precision: str, runtime: str, size: tuple[int, int], runs: int = 1
) -> list[str]:
    """One of the issue's time targets (a 12-megapixel photo, a 256x256 preview): the whole
    engine (Auto tiles) on a photo-like image of ``size`` at ``precision`` on ``runtime``
    against onnxruntime fp32, runs interleaved; one Markdown row each."""
    from upscaler.bench.speed import test_image

    width, height = size
    image = test_image(width, height)
    engines = {
        ("fp32", "onnxruntime"): _engine(
            subject, open_variant(subject, "fp32", "onnxruntime", None)
        )
    }
    if (precision, runtime) not in engines:
        int8 = int8_bytes(subject, Path())[0] if precision == "int8" else None
        engines[(precision, runtime)] = _engine(
            subject, open_variant(subject, precision, runtime, int8)
        )
    for engine in engines.values():  # warm-up on a small crop: compilation, first allocations
        engine.upscale(np.ascontiguousarray(image[:64, :64]))
    times: dict[tuple[str, str], list[float]] = {key: [] for key in engines}
    for _ in range(runs):
        for key, engine in engines.items():
            start = time.perf_counter()
            engine.upscale(image)
            times[key].append(time.perf_counter() - start)
    base = statistics.median(times[("fp32", "onnxruntime")])
    rows = []
    for (prec, rt), values in times.items():
        seconds = statistics.median(values)
        rows.append(
            f"| {subject.info.id} | {width}x{height} ({width * height / 1e6:.2f} MP) | {prec} | "
            f"{rt} | {seconds:.2f} | {base / seconds:.2f}x |"
        )
    return rows


class UnitRgbFamily(Family):
    """BasicSR's convention (DAT, Real-ESRGAN): RGB in 0..1, output not clipped. For measuring
    models whose own family module is not on this branch; registered only by the bench."""

    channels = 3

    def process(self, pixels: np.ndarray, backend: Backend | None, scale: int) -> np.ndarray:
        if pixels.ndim == 2:  # gray (one Set14 image): as equal RGB, back to gray
            bgr = cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR)
            return cv2.cvtColor(self.process(bgr, backend, scale), cv2.COLOR_BGR2GRAY)
        rgb = pixels[:, :, ::-1].astype(np.float32) / np.float32(max_value(pixels.dtype))
        blob = np.ascontiguousarray(rgb.transpose(2, 0, 1)[np.newaxis])
        out = run_checked(backend, blob, 3, scale)[0].transpose(1, 2, 0)[:, :, ::-1]
        return to_dtype(np.clip(out, 0.0, 1.0) * np.float32(max_value(pixels.dtype)), pixels.dtype)


def register_unit_rgb(key: str = "unit-rgb") -> str:
    """Make ``key`` a family for this process (the registry is built once and cached)."""
    registered().setdefault(key, UnitRgbFamily(key, default_context=32, runtimes=("onnxruntime",)))
    return key


def psnr_all_channels(reference: np.ndarray, test: np.ndarray) -> float:
    """PSNR (dB, 0..255) over every channel: how far a variant's output is from fp32's."""
    diff = reference.astype(np.float64) - test.astype(np.float64)
    mse = float(np.mean(diff * diff))
    return float("inf") if mse == 0 else 10.0 * float(np.log10(255.0**2 / mse))


def rows_to_json(results: dict[str, list[Row]]) -> dict[str, list[dict]]:
    return {model: [dict(vars(r)) for r in rows] for model, rows in results.items()}


def rows_from_json(data: dict[str, list[dict]]) -> dict[str, list[Row]]:
    return {model: [Row(**r) for r in rows] for model, rows in data.items()}


def reference_runtime(model_id: str) -> str:
    """The family's own fp32 runtime: what a model runs on without the device layer."""
    from upscaler.core.catalog import load_catalog

    try:
        return family_for(load_catalog().get(model_id)).runtimes[0]
    except ModelError:  # a model measured before it is in the catalog
        return "onnxruntime"


def decisions(rows: list[Row], reference: str = "onnxruntime") -> tuple[tuple[str, str], ...]:
    """Accepted reduced precisions at least ``MIN_GAIN`` faster than fp32 on ``reference`` (the
    family's runtime), fastest first, then fp32 on the family's runtime.

    fp32 on another runtime is never chosen: OpenVINO fp32 measured 0.39-1.19x onnxruntime on the
    three UpNets, i.e. within this machine's noise, not a gain (docs/benchmarks.md)."""
    base = next((r.seconds for r in rows if (r.precision, r.runtime) == ("fp32", reference)), None)
    chosen = sorted(
        (
            r
            for r in rows
            if r.precision != "fp32" and r.accepted and r.seconds and base
            and base / r.seconds >= MIN_GAIN
        ),
        key=lambda r: r.seconds or 0.0,
    )  # fmt: skip
    seen: set[str] = set()
    ordered = []
    for row in chosen:  # one runtime per precision: the fastest measured
        if row.precision not in seen:
            seen.add(row.precision)
            ordered.append((row.precision, row.runtime))
    return (*ordered, ("fp32", ""))


def roofline_cells(subject: Subject, row: Row, peak: float) -> tuple[str, str]:
    """fp32 GFLOP/s achieved (analytic convolution FLOPs / time) and its share of the peak."""
    try:
        flops = flops_per_input_pixel(onnx_bytes_for(subject.path))
    except ModelError:
        return "-", "-"
    if not row.seconds or not flops:
        return "-", "-"
    width, height = subject.speed_size
    gflops = flops * width * height / row.seconds / 1e9
    return f"{gflops:.0f}", f"{gflops / peak:.0%}"


def markdown(subjects: list[Subject], results: dict[str, list[Row]], peak: float) -> str:
    lines = [
        "| model | judged | precision | runtime | ms (320x240) | vs ORT fp32 | quality dB | "
        "loss dB | fp32 GFLOP/s | of peak | auto uses |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for subject in subjects:
        rows = results[subject.info.id]
        auto = decisions(rows, reference_runtime(subject.info.id))[0]
        for row in rows:
            gflops, share = ("", "")
            if (row.precision, row.runtime) == VARIANTS[0]:
                gflops, share = roofline_cells(subject, row, peak)
            if row.seconds is None:
                cells = ["-", "-", "-", "-"]
            else:
                cells = [
                    f"{row.seconds * 1000:.0f}",
                    f"{row.ratio:.2f}x" if row.ratio else "-",
                    f"{row.quality:.2f}" if row.quality is not None else "-",
                    f"{row.loss:+.3f}" if row.loss is not None else "",
                ]
            used = "**yes**" if (row.precision, row.runtime) == auto else ""
            if auto == ("fp32", "") and row.precision == "fp32" and row.runtime == "onnxruntime":
                used = "fp32 (family runtime)"
            verdict = row.note or ("" if row.accepted or row.seconds is None else "loss too high")
            lines.append(
                f"| {row.model} | {subject.judged} | {row.precision} | {row.runtime} | "
                + " | ".join(cells)
                + f" | {gflops} | {share} | {used or verdict} |"
            )
    return "\n".join(lines)


def machine_line(load: tuple[float, float, float]) -> str:
    return (
        f"{cpu_name()}, {platform.python_version()}, onnxruntime "
        f"{ort._ort.__version__ if ort._ort else '-'}, OpenVINO "
        f"{getattr(ov_runtime.openvino_module(), '__version__', '-')}; load average "
        f"{load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}; "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
    )


def write_table(path: Path, results: dict[str, list[Row]], header: str) -> None:
    """``core/devices/measured.py``: the recorded ``auto`` decisions, with the numbers behind
    them as comments, merged with the models already recorded there."""
    from upscaler.core.devices import measured

    table = dict(measured.AUTO)
    comments = dict(getattr(measured, "EVIDENCE", {}))
    speedups = dict(getattr(measured, "SPEEDUP", {}))
    for model_id, rows in results.items():
        table[model_id] = decisions(rows, reference_runtime(model_id))
        speedups[model_id] = {
            f"{p}/{r}": round(row.ratio, 2)
            for p, r in table[model_id][:-1]
            for row in rows
            if (row.precision, row.runtime) == (p, r) and row.ratio
        }
        comments[model_id] = tuple(
            f"{r.precision}/{r.runtime} {r.ratio:.2f}x "
            + (f"{r.loss:+.3f} dB" if r.loss is not None else f"{r.quality:.1f} dB vs fp32")
            for r in rows
            if r.ratio is not None and r.quality is not None and r.precision != "fp32"
        )
    q = json.dumps  # double-quoted literals, as ruff format writes them
    measured_on = textwrap.wrap(f"Last measured: {header}.", 96)
    lines = [
        '"""Recorded precision decisions, generated by `upscaler-cli bench precision`',
        "(--write-table or --table-from); do not edit by hand.",
        "",
        *measured_on,
        "The numbers behind each decision are in EVIDENCE and docs/benchmarks.md.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "#: model id -> (precision, runtime) pairs within the loss limits that pay, fastest first;",
        '#: fp32 last (runtime "": the family\'s own fp32 runtime rule).',
        "AUTO: dict[str, tuple[tuple[str, str], ...]] = {",
    ]
    for model_id in sorted(table):
        pairs = ", ".join(f"({q(p)}, {q(r)})" for p, r in table[model_id])
        comma = "," if len(table[model_id]) == 1 else ""  # a one-tuple; no magic comma else
        lines.append(f"    {q(model_id)}: ({pairs}{comma}),")
    lines += [
        "}",
        "",
        "#: model id -> speed vs onnxruntime fp32 and quality of each reduced precision measured.",
        "EVIDENCE: dict[str, tuple[str, ...]] = {",
    ]
    for model_id in sorted(comments):
        items = comments[model_id]
        if len(items) == 1:  # as ruff format writes a one-tuple
            lines.append(f"    {q(model_id)}: ({q(items[0])},),")
            continue
        lines.append(f"    {q(model_id)}: (")
        lines += [f"        {q(item)}," for item in items]
        lines.append("    ),")
    lines += [
        "}",
        "",
        '#: model id -> "precision/runtime" -> measured speed vs onnxruntime fp32 of each AUTO',
        "#: choice (the time estimate divides by it).",
        "SPEEDUP: dict[str, dict[str, float]] = {",
    ]
    lines += [f"    {q(model_id)}: {q(speedups[model_id])}," for model_id in sorted(speedups)]
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


__all__ = ["Row", "Subject", "decisions", "markdown", "measure_subject", "sgemm_gflops"]
