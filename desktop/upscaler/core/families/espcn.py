"""ESPCN (Shi et al. 2016) as OpenCV's dnn_superres ships it: luma only, sub-pixel convolution."""

from upscaler.core.families.y_channel import YChannelFamily

FAMILY = YChannelFamily(
    "espcn",
    default_context=4,  # the graphs' receptive field (sum of kernel radii)
    seconds_per_pixel={"ESPCN_x2": 2.0e-6, "ESPCN_x3": 2.2e-6, "ESPCN_x4": 3.3e-6},
)
