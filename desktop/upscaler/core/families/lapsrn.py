"""LapSRN (Lai et al. 2017): luma only, a x2 pyramid with one output per level (x2, x4, x8)."""

from upscaler.core.families.y_channel import YChannelFamily

FAMILY = YChannelFamily(
    "lapsrn",
    pyramid=True,
    seconds_per_pixel={"LapSRN_x2": 1.9e-5, "LapSRN_x4": 7.5e-5, "LapSRN_x8": 4.3e-4},
)
