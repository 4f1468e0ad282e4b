"""FSRCNN and FSRCNN-small (Dong et al. 2016) as OpenCV's dnn_superres ships them: luma only."""

from upscaler.core.families.y_channel import YChannelFamily

FAMILY = YChannelFamily(
    "fsrcnn",
    seconds_per_pixel={
        "FSRCNN_x2": 3.0e-6,
        "FSRCNN_x3": 2.6e-6,
        "FSRCNN_x4": 2.7e-6,
        "FSRCNN-small_x2": 7.0e-7,
        "FSRCNN-small_x3": 1.0e-6,
        "FSRCNN-small_x4": 1.5e-6,
    },
)
