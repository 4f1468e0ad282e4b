"""Peak memory and time of a run, known before it starts, so a job that cannot fit is refused.

The model of a run (input, output, the largest tile's inference, then encoding) uses the engine's
own tile plan and the families' measured bytes per pixel. Both runtimes keep the buffers of their
largest tile after the run (onnxruntime's arena, OpenCV's layer blobs: 75-95% of the tile's peak,
measured), so encoding happens on top of them.

Time comes from this machine's own measurement of the model (the runtime probe made when it was
first loaded here) for tiles within the probed sizes; otherwise from a table of seconds per
processed input pixel measured on the development machine (see ``SECONDS_PER_PIXEL``). On an idle
machine the table is 2-8x slow for light models, the probe within about 0.5-2x; the probe of a
heavy model (EDSR) stops at small sizes, where it runs faster per pixel, so the table serves there.

Re-measure with ``python -m upscaler.core.estimate --models-dir ../shared/models``: it runs every
installed model on a 480 px image (160 px for LapSRN x4/x8; a 48 px image through an EDSR-shaped
random-weight network for EDSR) and prints the table to paste here. Timings scale with the
machine; memory does not.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from upscaler.core.catalog import ModelInfo
from upscaler.core.errors import ResourceError
from upscaler.core.families import ALPHA_INTERPOLATION, RESAMPLE_CONTEXT, family_for
from upscaler.core.messages import text
from upscaler.core.tiling import plan_tiles
from upscaler.core.units import format_bytes

if TYPE_CHECKING:
    from upscaler.core.engine import Upscaler
    from upscaler.core.runtime_choice import Throughput

#: Seconds per input pixel (tile padding included) through OpenCV DNN 4.14, best of 3 on a
#: 480 px image, measured 2026-11-26 on the 2-core development VM under a load average of about 8
#: (other jobs running): an idle machine of the same kind is up to about 2x faster. Small images
#: run faster per pixel (at 160 px: 2-4x less), so this errs on the slow side. LapSRN x4/x8 are
#: the x2 cost times their ratio measured at 160 px (4.0x, 22.9x). EDSR: the real architecture
#: (32 blocks x 256 channels) with random weights on a 48 px image (compute-bound, 70-100 GFLOP/s).
#: With the runtime the engine picks itself (onnxruntime for some light models) the same day gave
#: 0.5-1.2x these (ESPCN x2 1.0e-6, FSRCNN x2 2.3e-6, LapSRN x4 7.1e-5, LapSRN x8 3.5e-4;
#: UpNet x3 3.8e-6, x4 4.7e-6 with onnxruntime).
SECONDS_PER_PIXEL: dict[str, float] = {
    "ESPCN_x2": 2.0e-6,
    "ESPCN_x3": 2.2e-6,
    "ESPCN_x4": 3.3e-6,
    "FSRCNN_x2": 3.0e-6,
    "FSRCNN_x3": 2.6e-6,
    "FSRCNN_x4": 2.7e-6,
    "FSRCNN-small_x2": 7.0e-7,
    "FSRCNN-small_x3": 1.0e-6,
    "FSRCNN-small_x4": 1.5e-6,
    "LapSRN_x2": 1.9e-5,
    "LapSRN_x4": 7.5e-5,
    "LapSRN_x8": 4.3e-4,
    "UpNet_x2": 1.06e-5,
    "UpNet_x3": 1.01e-5,
    "UpNet_x4": 8.0e-6,
    "EDSR_x2": 7.4e-4,
    "EDSR_x3": 1.1e-3,
    "EDSR_x4": 7.4e-4,
    "bicubic_x2": 5e-9,
    "bicubic_x3": 1e-8,
    "bicubic_x4": 3.5e-8,
    "bicubic_x8": 1.2e-7,
    "lanczos_x2": 1.1e-7,
    "lanczos_x3": 2.1e-7,
    "lanczos_x4": 3.3e-7,
    "lanczos_x8": 1.6e-6,
}
#: For a model not in the table (a new or imported one): by the catalog's speed class.
SECONDS_PER_PIXEL_BY_SPEED = {"instant": 1.5e-6, "fast": 3.5e-6, "medium": 8e-5, "slow": 1.2e-3}

#: Encoding, seconds per output pixel (8-bit BGR photo-like content, same machine and day).
ENCODE_SECONDS_PER_PIXEL = {
    "PNG": 3.5e-7,
    "JPEG": 2e-8,
    "WEBP": 8e-7,
    "TIFF": 2.5e-7,
    "BMP": 1e-8,
}
#: Bytes the writer holds beyond the output pixels, per output byte: Pillow's 4-byte-per-pixel
#: image, a colour-order copy (TIFF), the encoder's state and the encoded file in memory (grown
#: by doubling). Measured on 3000 px noise (incompressible, the worst case): PNG 2.06, JPEG 2.29,
#: WebP 14.2 (lossless), TIFF 2.18, BMP 2.39; rounded up.
WRITE_OVERHEAD = {"PNG": 2.2, "JPEG": 2.5, "WEBP": 15.0, "TIFF": 2.4, "BMP": 2.6}
#: The loaded network in memory, relative to its file size (graph + float weights + runtime).
MODEL_MEMORY_FACTOR = 3
#: Margin on the peak: memory freed after inference is not always reusable by the encoder (heap
#: fragmentation), and OpenCV's worker threads each grow their own malloc arena, so the same run
#: peaked from 0.93x to 1.03x of the unmargined model (bicubic x4 to TIFF, busy 2-core machine).
SAFETY = 1.25
#: Memory kept free for the rest of the system when deciding whether a run fits.
HEADROOM = 256 * 1024**2


@dataclass(frozen=True)
class Estimate:
    """What a run will cost: peak extra memory, wall time, and the tiling that gives them."""

    peak_bytes: int
    seconds: float
    tiles: int
    tile: int  # tile side in input pixels

    def describe(self) -> str:
        tiles = "1 tile" if self.tiles == 1 else f"{self.tiles} tiles of {self.tile} px"
        memory, time = format_bytes(self.peak_bytes), format_seconds(self.seconds)
        return f"about {memory} of memory and {time} ({tiles})"


def format_seconds(seconds: float) -> str:
    if seconds < 1:
        return "under a second"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def seconds_per_pixel(info: ModelInfo) -> float:
    return SECONDS_PER_PIXEL.get(info.id, SECONDS_PER_PIXEL_BY_SPEED.get(info.speed, 1.2e-3))


def network_seconds(area: int, info: ModelInfo, throughput: Throughput | None = None) -> float:
    """One tile of ``area`` padded input pixels: measured here when the probe reached its size."""
    side = math.isqrt(area)
    if throughput is not None and side > 0 and throughput.covers(side):
        return throughput.seconds(side) * area / (side * side)
    return area * seconds_per_pixel(info)


def measured_speed(info: ModelInfo, path: Path | None) -> Throughput | None:
    """This machine's measured speed of the model file at ``path``, if it was ever loaded here."""
    family = family_for(info)
    if path is None or family.channels is None:
        return None
    from upscaler.core.runtime_choice import known_throughput  # loads both runtimes

    return known_throughput(Path(path), family.output_names(info.scale))


def default_margin(info: ModelInfo) -> int:
    """The engine's tile context for ``info`` when no network is loaded to ask."""
    family = family_for(info)
    return max(
        family.default_context + family.resample_context, RESAMPLE_CONTEXT[ALPHA_INTERPOLATION]
    )


def estimate(
    width: int,
    height: int,
    channels: int,
    info: ModelInfo,
    scale: int | None = None,
    tile: int | None = None,
    *,
    bytes_per_sample: int = 1,
    output_format: str = "PNG",
    margin: int | None = None,
    auto_tile: int | None = None,
    throughput: Throughput | None = None,
) -> Estimate:
    """Cost of upscaling a ``width`` x ``height`` image with ``channels`` channels.

    ``tile=None`` is Auto: ``auto_tile`` (the loaded engine's choice) or the engine's rule applied
    to the default memory budget. ``margin`` is the engine's tile context if known;
    ``throughput`` the model's speed measured on this machine, if known.
    """
    from upscaler.core.engine import MAX_AUTO_TILE, MIN_AUTO_TILE, default_memory_budget

    scale = scale or info.scale
    family = family_for(info)
    per_pixel = family.bytes_per_pixel(scale)
    margin = default_margin(info) if margin is None else margin
    if tile is None:
        tile = auto_tile
    if tile is None:
        side = math.isqrt(default_memory_budget() // per_pixel) - 2 * margin
        tile = max(MIN_AUTO_TILE, min(MAX_AUTO_TILE, side))
    plan = plan_tiles(width, height, tile, margin)
    # What each tile costs: a network also processes the edge context of border tiles.
    padded = [t.fed if family.channels is not None else t.padded.area for t in plan]
    image_in = width * height * channels * bytes_per_sample
    image_out = image_in * scale * scale
    model = MODEL_MEMORY_FACTOR * (info.size or 0)
    inference = max(padded) * per_pixel
    retained = inference if family.channels is not None else 0  # baselines have no runtime
    running = image_in + image_out + inference + model
    writing = image_in + image_out + int(image_out * WRITE_OVERHEAD.get(output_format, 15.0))
    writing += retained + model
    out_pixels = width * height * scale * scale
    seconds = sum(network_seconds(area, info, throughput) for area in padded)
    seconds += out_pixels * ENCODE_SECONDS_PER_PIXEL.get(output_format, 8e-7)
    return Estimate(int(SAFETY * max(running, writing)), seconds, len(plan), tile)


def estimate_for(
    upscaler: Upscaler, pixels: np.ndarray, tile: int | None = None, output_format: str = "PNG"
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
        throughput=getattr(upscaler.backend, "throughput", None),
    )


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


# --- re-measuring the table ----------------------------------------------------------------------


def measure_seconds_per_pixel(upscaler: Upscaler, side: int = 480, repeats: int = 3) -> float:
    """Best-of-``repeats`` seconds per input pixel for one whole-image tile of ``side`` px."""
    import time

    pixels = np.random.default_rng(0).integers(0, 256, (side, side, 3), dtype=np.uint8)
    upscaler.upscale(pixels[:16, :16], tile=side)  # warm-up: first-run allocations
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        upscaler.upscale(pixels, tile=side)
        best = min(best, time.perf_counter() - start)
    return best / (side * side)


def _main(argv: list[str]) -> int:
    import argparse
    import tempfile

    from upscaler.core.catalog import load_catalog
    from upscaler.core.edsr_graph import build_edsr_onnx
    from upscaler.core.engine import Upscaler
    from upscaler.core.store import ModelStore

    parser = argparse.ArgumentParser(description="Measure seconds per pixel for SECONDS_PER_PIXEL")
    parser.add_argument("--models-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    store = ModelStore(args.models_dir)
    scratch = Path(tempfile.mkdtemp())
    for info in load_catalog().all():
        path = store.find(info) if info.needs_file else None
        side = 160 if info.family == "lapsrn" and info.scale > 2 else 480
        if info.family == "edsr" and path is None:
            path, side = scratch / f"{info.id}.onnx", 48
            path.write_bytes(build_edsr_onnx(scale=info.scale))
        if info.needs_file and path is None:
            continue
        cost = measure_seconds_per_pixel(Upscaler(info, path), side)
        print(f'    "{info.id}": {cost:.2e},', flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
