"""FSRCNN and FSRCNN-small (Dong et al. 2016) as OpenCV's dnn_superres ships them: luma only."""

from upscaler.core.families.y_channel import YChannelFamily

FAMILY = YChannelFamily(
    "fsrcnn",
    # The graphs' receptive field (sum of kernel radii).
    default_context={
        **{f"FSRCNN_x{s}": 6 for s in (2, 3, 4)},
        **{f"FSRCNN-small_x{s}": 3 for s in (2, 3, 4)},
    },
    seconds_per_pixel={
        "FSRCNN_x2": 3.0e-6,
        "FSRCNN_x3": 2.6e-6,
        "FSRCNN_x4": 2.7e-6,
        "FSRCNN-small_x2": 7.0e-7,
        "FSRCNN-small_x3": 1.0e-6,
        "FSRCNN-small_x4": 1.5e-6,
    },
)
