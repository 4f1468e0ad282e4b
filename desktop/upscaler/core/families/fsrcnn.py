"""FSRCNN and FSRCNN-small (Dong et al. 2016) as OpenCV's dnn_superres ships them: luma only."""

from upscaler.core.families.base import TileMemory
from upscaler.core.families.y_channel import YChannelFamily

FAMILY = YChannelFamily(
    "fsrcnn",
    # The graphs' receptive field (sum of kernel radii).
    default_context={
        **{f"FSRCNN_x{s}": 6 for s in (2, 3, 4)},
        **{f"FSRCNN-small_x{s}": 3 for s in (2, 3, 4)},
    },
    # Measured 832, 1081, 1424 B per fed input pixel for FSRCNN at x2, x3, x4 and 531, 778, 1124
    # for FSRCNN-small (onnxruntime; beyond core/estimate.RUNTIME_FIXED): docs/benchmarks.md,
    # "Estimate calibration". The two terms fit FSRCNN's within 2%, above.
    tile_memory=TileMemory(per_input=650, per_output=50),
    seconds_per_pixel={
        "FSRCNN_x2": 3.0e-6,
        "FSRCNN_x3": 2.6e-6,
        "FSRCNN_x4": 2.7e-6,
        "FSRCNN-small_x2": 7.0e-7,
        "FSRCNN-small_x3": 1.0e-6,
        "FSRCNN-small_x4": 1.5e-6,
    },
)
