"""UpNet, the project's own networks (models/UpNet.md, models/UpNet2.md): EDSR's I/O
convention; v1 is 32 channels x 4 blocks, v2 32 x 6.

Memory: measured peaks 543-1155 B per input pixel (OpenCV) and 934-1524 (onnxruntime) at x2-x4.
"""

from upscaler.core.families.mean_rgb import MeanFamily

FAMILY = MeanFamily(
    "upnet",
    # The graphs' receptive field (sum of kernel radii: 3 + 2 per block) plus 2.
    default_context={"UpNet_x2": 13, "UpNet_x3": 13, "UpNet_x4": 13}
    | {f"UpNet2_x{s}": 17 for s in (2, 3, 4)},
    feature_bytes=1024,
    upsample_bytes=48,
    # v2: v1's times the CPU-time ratio measured in one run (1.30, 1.40, 1.32 at x2-x4).
    seconds_per_pixel={"UpNet_x2": 1.06e-5, "UpNet_x3": 1.01e-5, "UpNet_x4": 8.0e-6}
    | {"UpNet2_x2": 1.38e-5, "UpNet2_x3": 1.41e-5, "UpNet2_x4": 1.06e-5},
)
