"""The built-in baselines: plain interpolation, no network, no file."""

from __future__ import annotations

import numpy as np

from upscaler.core.families.base import RESAMPLE_CONTEXT, Family, TileMemory, resize
from upscaler.core.imageops.resample import Interpolation
from upscaler.core.runtime.base import Backend


class InterpolationFamily(Family):
    """Resizes the whole tile with one of OpenCV's interpolations."""

    def __init__(self, key: str, interpolation: Interpolation, **facts: object) -> None:
        facts.setdefault("default_context", 0)
        facts.setdefault("runtimes", ())
        super().__init__(key, **facts)  # type: ignore[arg-type]
        self.interpolation = interpolation
        self.resample_context = RESAMPLE_CONTEXT[interpolation]

    def process(self, pixels: np.ndarray, backend: Backend | None, scale: int) -> np.ndarray:
        return resize(pixels, scale, self.interpolation)


#: Seconds per input pixel: CPU time over 1.6 (the resampling's bands run on both cores), medians
#: of 3-13 runs at 256-640 px, docs/benchmarks.md, "Estimate calibration" (2026-12-05, NumPy
#: resampling). Tile memory: the resampling's band buffers and the tile's result, the smallest
#: figures that bound all 47 recorded runs (the estimate also keeps them through the write).
FAMILIES = (
    InterpolationFamily(
        "bicubic",
        Interpolation.CUBIC,
        seconds_per_pixel={
            "bicubic_x2": 1.2e-7,
            "bicubic_x3": 2.4e-7,
            "bicubic_x4": 2.1e-7,
            "bicubic_x8": 7.0e-7,
        },
        tile_memory=TileMemory(per_input=90, per_output=1),
    ),
    InterpolationFamily(
        "lanczos",
        Interpolation.LANCZOS4,
        seconds_per_pixel={
            "lanczos_x2": 3.5e-7,
            "lanczos_x3": 4.4e-7,
            "lanczos_x4": 8.3e-7,
            "lanczos_x8": 1.5e-6,
        },
        tile_memory=TileMemory(per_input=110, per_output=1),
    ),
)
