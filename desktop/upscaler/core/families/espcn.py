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
    seconds_per_pixel={"ESPCN_x2": 2.0e-6, "ESPCN_x3": 2.2e-6, "ESPCN_x4": 3.3e-6},
)
