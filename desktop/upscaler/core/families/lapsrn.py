"""LapSRN (Lai et al. 2017): luma only, a x2 pyramid with one output per level (x2, x4, x8)."""

from upscaler.core.families.base import TileMemory
from upscaler.core.families.y_channel import YChannelFamily

FAMILY = YChannelFamily(
    "lapsrn",
    pyramid=True,
    # The graphs' receptive field: 14 input pixels per pyramid level.
    default_context={"LapSRN_x2": 14, "LapSRN_x4": 28, "LapSRN_x8": 42},
    # 64 features at every pyramid level: measured 759, 3592 and 14366 B per fed input pixel of
    # a one-tile run at x2, x4, x8 (onnxruntime; beyond core/estimate.RUNTIME_FIXED):
    # docs/benchmarks.md, "Estimate calibration"; rounded up. 400 per output pixel otherwise.
    tile_memory=TileMemory(per_input=0, per_output=400, at_scale=((2, 780), (4, 3700), (8, 14500))),
    # CPU seconds per padded input pixel under onnxruntime over 1.6 (idle wall time on 2 cores
    # lies between CPU / 2 and CPU): medians of 3-4 runs, docs/benchmarks.md, "Estimate
    # calibration" (2026-12-05).
    seconds_per_pixel={"LapSRN_x2": 3.2e-6, "LapSRN_x4": 1.5e-5, "LapSRN_x8": 6.9e-5},
)
