"""Peak memory and time of a run, known before it starts, so a job that cannot fit is refused.

The model of a run (input, output, the largest tile's inference, then encoding) uses the engine's
own tile plan and the families' measured bytes per pixel (``Family.tile_memory``; a family that
has not measured its own gets a conservative default). Both runtimes keep the buffers of their
largest tile after the run (onnxruntime's arena, OpenCV's layer blobs: 75-95% of the tile's peak,
measured), so encoding happens on top of them.

Time is the tiles' padded pixels times the family's seconds per pixel for the model, plus
encoding: both are wall time on this project's 2-core machine when idle, derived from measured CPU
time (which a busy machine barely changes) by ``upscaler-cli bench estimate --constants``; the
method and the numbers are in docs/benchmarks.md, "Estimate calibration", and
``tests/bench/test_estimate_calibration.py`` holds the estimate to the recorded runs.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from upscaler.core.catalog import ModelInfo
from upscaler.core.errors import ResourceError
from upscaler.core.families import family_for
from upscaler.core.messages import text
from upscaler.core.units import format_bytes

if TYPE_CHECKING:
    from upscaler.core.engine import Upscaler

#: Encoding, seconds per output pixel: the encoders' CPU time (they use one core, so on an idle
#: machine it is their wall time), 8-bit photo-like content, 1-6.5 megapixels (docs/benchmarks.md,
#: "Estimate calibration"; noise took 0.4-1.0x as long).
ENCODE_SECONDS_PER_PIXEL = {
    "PNG": 3.0e-7,
    "JPEG": 1.3e-8,
    "WEBP": 6.3e-7,
    "TIFF": 8.5e-8,
    "BMP": 1.4e-8,
}
#: Bytes the writer holds beyond the output pixels, per output byte (Pillow's 4-byte-per-pixel
#: image, a colour-order copy, the encoded file in memory), plus a fixed part per format (the
#: encoder's state and buffers; for PNG, written band by band, nearly all of it). Measured at 1
#: and 6.5 megapixels out, photo-like and noise content: PNG 5.5-10.7 MB whatever the size, JPEG
#: 1.38-1.73 B/B, WebP (lossless) 10.2-13.9 (14.2 on 9-megapixel noise earlier), TIFF 2.2, BMP
#: 2.35 (docs/benchmarks.md, "Estimate calibration"); each covers every measurement, TIFF and BMP
#: with room (a run that writes them peaks in the write).
WRITE_OVERHEAD = {"PNG": 0.1, "JPEG": 1.75, "WEBP": 14.5, "TIFF": 2.4, "BMP": 2.5}
WRITE_FIXED = {"PNG": 12 << 20, "JPEG": 4 << 20, "WEBP": 24 << 20, "TIFF": 4 << 20, "BMP": 2 << 20}
#: What a network run holds whatever its tile size (the runtime's arena and thread stacks, the
#: first call's allocations): measured -1 to 5.4 MiB beside the families' per-pixel figures.
RUNTIME_FIXED = 6 << 20
#: A run of several tiles holds more than its largest tile: onnxruntime's arena, grown in
#: power-of-two steps, does not reuse all of one tile's blocks for the next. Measured 1.29-1.85x
#: the one-tile peak per pixel (9 tiles; docs/benchmarks.md, "Estimate calibration").
MULTI_TILE_GROWTH = 1.6
#: The loaded network in memory, relative to its file size (graph + float weights + runtime).
MODEL_MEMORY_FACTOR = 3
#: Margin on the peak: memory freed after inference is not always reusable by the encoder (heap
#: fragmentation), and OpenCV's worker threads each grow their own malloc arena, so the same run
#: peaked from 0.93x to 1.03x of the unmargined model (bicubic x4 to TIFF, busy 2-core machine).
SAFETY = 1.15
#: Memory kept free for the rest of the system when deciding whether a run fits.
HEADROOM = 256 * 1024**2


@dataclass(frozen=True)
class Estimate:
    """What a run will cost: peak extra memory, wall time, and the tiling that gives them."""

    peak_bytes: int
    seconds: float
    tiles: int
    tile: int  # tile side in input pixels


def writer_bytes(image_bytes: int, output_format: str) -> int:
    """What the writer of ``output_format`` holds beyond an output image of ``image_bytes``;
    a format not measured gets the largest overhead (WebP's)."""
    fmt = output_format if output_format in WRITE_OVERHEAD else "WEBP"
    return int(image_bytes * WRITE_OVERHEAD[fmt]) + WRITE_FIXED[fmt]


def network_seconds(area: int, info: ModelInfo) -> float:
    """One tile of ``area`` padded input pixels through the model's network."""
    return area * family_for(info).seconds_per_pixel(info.id, info.speed)


def estimate(
    width: int,
    height: int,
    channels: int,
    info: ModelInfo,
    scale: int | None = None,
    tile: int | None = None,
    *,
    bytes_per_sample: int = 1,
    output_format: str | None = "PNG",
    margin: int | None = None,
    auto_tile: int | None = None,
    speedup: float = 1.0,
) -> Estimate:
    """Cost of upscaling a ``width`` x ``height`` image with ``channels`` channels and writing it
    as ``output_format`` (None: kept in memory, not written, as the window's result is).

    ``tile=None`` is Auto: ``auto_tile`` (the loaded engine's choice) or the engine's rule for the
    default memory budget. ``margin`` is the loaded engine's tile context if known, else the
    family's default. ``speedup``: the loaded model's recorded gain from its reduced precision
    (``core/devices/precision.speedup``).
    """
    from upscaler.core.engine import auto_tile_for, plan_for

    scale = scale or info.scale
    family = family_for(info)
    per_pixel = family.model_bytes_per_pixel(info.id, scale)
    margin = family.margin(None, info.id) if margin is None else margin
    if tile is None:
        tile = auto_tile or auto_tile_for(family, scale, margin)
    plan = plan_for(family, width, height, tile, margin)
    # What each tile costs: a network also processes the edge context of border tiles.
    padded = [t.fed if family.channels is not None else t.padded.area for t in plan]
    image_in = width * height * channels * bytes_per_sample
    image_out = image_in * scale * scale
    model = MODEL_MEMORY_FACTOR * (info.size or 0)
    inference = max(padded) * per_pixel
    if family.channels is not None:  # a network: its runtime's fixed part, and arena growth
        inference = int(inference * (MULTI_TILE_GROWTH if len(plan) > 1 else 1.0)) + RUNTIME_FIXED
    # Kept through the write: a network's runtime arena; for the baselines, the band buffers
    # that the resampling threads' malloc arenas hold on to (measured: 20-65% of the peak).
    retained = inference
    running = image_in + image_out + inference + model
    writing = 0
    if output_format is not None:
        writing = image_in + image_out + writer_bytes(image_out, output_format)
        writing += retained + model
    out_pixels = width * height * scale * scale
    seconds = sum(network_seconds(area, info) for area in padded) / max(speedup, 1e-3)
    if output_format is not None:
        seconds += out_pixels * ENCODE_SECONDS_PER_PIXEL.get(output_format, 8e-7)
    return Estimate(int(SAFETY * max(running, writing)), seconds, len(plan), tile)


def estimate_for(
    upscaler: Upscaler,
    pixels: np.ndarray,
    tile: int | None = None,
    output_format: str | None = "PNG",
) -> Estimate:
    """Estimate for a loaded :class:`~upscaler.core.engine.Upscaler` and core pixels."""
    height, width = pixels.shape[:2]
    channels = 1 if pixels.ndim == 2 else pixels.shape[2]
    return estimate(
        width,
        height,
        channels,
        upscaler.info,
        upscaler.scale,
        tile,
        bytes_per_sample=pixels.dtype.itemsize,
        output_format=output_format,
        margin=upscaler.margin,
        auto_tile=upscaler.auto_tile(),
        speedup=recorded_speedup(upscaler),
    )


def recorded_speedup(upscaler: Upscaler) -> float:
    """The measured gain of the precision the model got (1.0 for fp32 and the unmeasured)."""
    from upscaler.core.devices.precision import speedup

    runtime = upscaler.backend.runtime if upscaler.backend is not None else ""
    return speedup(upscaler.info.id, upscaler.precision, runtime)


# --- available memory --------------------------------------------------------------------------


def _meminfo_available(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    try:
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cgroup_limit(root: Path = Path("/sys/fs/cgroup")) -> int | None:
    """Room left under a cgroup v2 memory limit (containers), if there is one."""
    try:
        limit = (root / "memory.max").read_text().strip()
        if limit == "max":
            return None
        used = int((root / "memory.current").read_text().strip())
        return max(0, int(limit) - used)
    except (OSError, ValueError):
        return None


def _windows_available() -> int | None:
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [
            ("dwLength", ctypes.c_ulong),
            ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong),
            ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong),
            ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong),
            ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        return None
    return int(status.ullAvailPhys)


def available_memory() -> int | None:
    """Bytes a new allocation can use without swapping; None when the OS will not say.

    Linux: MemAvailable (and a container's cgroup limit, whichever is lower); Windows:
    GlobalMemoryStatusEx; elsewhere (macOS) free + inactive pages from ``sysconf`` is not
    meaningful, so None (no refusal).
    """
    if sys.platform.startswith("linux"):
        values = [v for v in (_meminfo_available(), _cgroup_limit()) if v is not None]
        return min(values) if values else None
    if sys.platform == "win32":
        try:
            return _windows_available()
        except (OSError, AttributeError):
            return None
    return None


def check_fits(
    est: Estimate, path: str | Path | None = None, *, available: int | None = None
) -> None:
    """Refuse, with the numbers, a run whose peak memory exceeds what is available."""
    if available is None:
        available = available_memory()
    if available is None:
        return
    if est.peak_bytes + HEADROOM > available:
        raise ResourceError(
            text(
                "this run needs about {needed} of memory but only {available} is available; use a "
                "smaller scale or tile size, or free some memory",
                needed=format_bytes(est.peak_bytes),
                available=format_bytes(available),
            ),
            path,
        )
