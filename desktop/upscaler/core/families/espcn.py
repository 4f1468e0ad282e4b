"""ESPCN (Shi et al. 2016) as OpenCV's dnn_superres ships it: luma only, sub-pixel convolution."""

from upscaler.core.families.base import TileMemory
from upscaler.core.families.y_channel import YChannelFamily

FAMILY = YChannelFamily(
    "espcn",
    default_context=4,  # the graphs' receptive field (sum of kernel radii)
    # Measured 679, 922, 1267 B per fed input pixel at x2, x3, x4 (onnxruntime; beyond the
    # runtime's fixed part, core/estimate.RUNTIME_FIXED): docs/benchmarks.md, "Estimate
    # calibration". The two terms fit them within 3%, above.
    tile_memory=TileMemory(per_input=500, per_output=50),
    # CPU seconds per padded input pixel under onnxruntime over 1.6 (idle wall time on 2 cores
    # lies between CPU / 2 and CPU): medians of 4 runs, docs/benchmarks.md, "Estimate
    # calibration" (2026-12-05).
    # x4: the median of all 8 runs (1.1e-6 CPU s at 160-256 px and on 9 tiles, 2.5-3.1e-6 on
    # a one-tile 384 px picture).
    seconds_per_pixel={"ESPCN_x2": 5.2e-7, "ESPCN_x3": 5.7e-7, "ESPCN_x4": 9.0e-7},
)
