"""LapSRN (Lai et al. 2017): luma only, a x2 pyramid with one output per level (x2, x4, x8)."""

from upscaler.core.families.base import TileMemory
from upscaler.core.families.y_channel import YChannelFamily

FAMILY = YChannelFamily(
    "lapsrn",
    pyramid=True,
    # The graphs' receptive field: 14 input pixels per pyramid level.
    default_context={"LapSRN_x2": 14, "LapSRN_x4": 28, "LapSRN_x8": 42},
    # 64 features at every pyramid level: measured 759, 3592 and at most 23674 B per fed input
    # pixel at x2, x4, x8 (onnxruntime; beyond core/estimate.RUNTIME_FIXED): docs/benchmarks.md,
    # "Estimate calibration"; rounded up. 400 per output pixel for another scale.
    tile_memory=TileMemory(per_input=0, per_output=400, at_scale=((2, 780), (4, 3700), (8, 24000))),
    seconds_per_pixel={"LapSRN_x2": 1.9e-5, "LapSRN_x4": 7.5e-5, "LapSRN_x8": 4.3e-4},
)
