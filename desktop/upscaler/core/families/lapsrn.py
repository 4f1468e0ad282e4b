"""LapSRN (Lai et al. 2017): luma only, a x2 pyramid with one output per level (x2, x4, x8)."""

from upscaler.core.families.y_channel import YChannelFamily

FAMILY = YChannelFamily(
    "lapsrn",
    pyramid=True,
    # The graphs' receptive field: 14 input pixels per pyramid level.
    default_context={"LapSRN_x2": 14, "LapSRN_x4": 28, "LapSRN_x8": 42},
    seconds_per_pixel={"LapSRN_x2": 1.9e-5, "LapSRN_x4": 7.5e-5, "LapSRN_x8": 4.3e-4},
)
