"""UpNet, the project's own networks (models/UpNet.md): EDSR's I/O convention, 32 channels.

Memory: measured peaks 543-1155 B per input pixel (OpenCV) and 934-1524 (onnxruntime) at x2-x4.
"""

from upscaler.core.families.mean_rgb import MeanFamily

FAMILY = MeanFamily(
    "upnet",
    default_context=13,  # the graphs' receptive field (sum of kernel radii)
    feature_bytes=1024,
    upsample_bytes=48,
    seconds_per_pixel={"UpNet_x2": 1.06e-5, "UpNet_x3": 1.01e-5, "UpNet_x4": 8.0e-6},
)
