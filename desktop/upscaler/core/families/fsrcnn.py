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
    # Measured 832, 1081, 1424 B per fed input pixel for FSRCNN at x2, x3, x4 (160 and 384 px),
    # but 1130 at x2 on 256 px (onnxruntime's arena grows in steps), and 531, 778, 1124 for
    # FSRCNN-small (beyond core/estimate.RUNTIME_FIXED): docs/benchmarks.md, "Estimate
    # calibration". Each covers its measurements.
    tile_memory=TileMemory(per_input=940, per_output=50),
    model_memory={
        f"FSRCNN-small_x{s}": TileMemory(per_input=400, per_output=46) for s in (2, 3, 4)
    },
    # CPU seconds per padded input pixel under onnxruntime over 1.6 (idle wall time on 2 cores
    # lies between CPU / 2 and CPU): medians of 4 runs, docs/benchmarks.md, "Estimate
    # calibration" (2026-12-05).
    seconds_per_pixel={
        "FSRCNN_x2": 1.0e-6,
        "FSRCNN_x3": 1.2e-6,
        "FSRCNN_x4": 1.3e-6,
        "FSRCNN-small_x2": 4.1e-7,
        "FSRCNN-small_x3": 4.7e-7,
        "FSRCNN-small_x4": 6.5e-7,
    },
)
