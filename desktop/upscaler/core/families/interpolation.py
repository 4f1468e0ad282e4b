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
        # Measured 10-192 B (bicubic) and 15-223 B (Lanczos) per input pixel at x2-x8: the
        # resized tile (3 B per output pixel) and OpenCV's buffers (docs/benchmarks.md,
        # "Estimate calibration").
        facts.setdefault("tile_memory", TileMemory(per_input=24, per_output=4))
        super().__init__(key, **facts)  # type: ignore[arg-type]
        self.interpolation = interpolation
        self.resample_context = RESAMPLE_CONTEXT[interpolation]

    def process(self, pixels: np.ndarray, backend: Backend | None, scale: int) -> np.ndarray:
        return resize(pixels, scale, self.interpolation)


#: Seconds per input pixel: CPU time over 1.6 (OpenCV resizes on both cores), medians of 3-18
#: runs, docs/benchmarks.md, "Estimate calibration" (2026-12-05).
FAMILIES = (
    InterpolationFamily(
        "bicubic",
        Interpolation.CUBIC,
        seconds_per_pixel={
            "bicubic_x2": 1.3e-8,
            "bicubic_x3": 2.9e-8,
            "bicubic_x4": 2.8e-8,
            "bicubic_x8": 8.9e-8,
        },
    ),
    InterpolationFamily(
        "lanczos",
        Interpolation.LANCZOS4,
        seconds_per_pixel={
            "lanczos_x2": 4.2e-8,
            "lanczos_x3": 8.0e-8,
            "lanczos_x4": 1.2e-7,
            "lanczos_x8": 4.5e-7,
        },
    ),
)
