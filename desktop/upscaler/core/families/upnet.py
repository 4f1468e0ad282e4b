"""UpNet, the project's own networks (models/UpNet.md, models/UpNet2.md): EDSR's I/O
convention; v1 is 32 channels x 4 blocks, v2 32 x 6.

Memory: measured 936, 1077, 1545 B per fed input pixel at x2, x3, x4 under onnxruntime (beyond
``core/estimate.RUNTIME_FIXED``), v1 and v2 alike (docs/benchmarks.md, "Estimate calibration");
the two terms fit them within 11%, above. OpenCV peaked at 543-1155 B.
"""

from upscaler.core.families.base import TileMemory
from upscaler.core.families.mean_rgb import MeanFamily

FAMILY = MeanFamily(
    "upnet",
    # The graphs' receptive field (sum of kernel radii: 3 + 2 per block) plus 2.
    default_context={"UpNet_x2": 13, "UpNet_x3": 13, "UpNet_x4": 13}
    | {f"UpNet2_x{s}": 17 for s in (2, 3, 4)},
    tile_memory=TileMemory(per_input=740, per_output=51),
    # CPU seconds per padded input pixel under onnxruntime over 1.6 (idle wall time on 2 cores
    # lies between CPU / 2 and CPU): medians of 4 runs, docs/benchmarks.md, "Estimate
    # calibration" (2026-12-05).
    seconds_per_pixel={"UpNet_x2": 1.3e-6, "UpNet_x3": 1.4e-6, "UpNet_x4": 1.6e-6}
    | {"UpNet2_x2": 1.6e-6, "UpNet2_x3": 1.6e-6, "UpNet2_x4": 1.9e-6},
)
