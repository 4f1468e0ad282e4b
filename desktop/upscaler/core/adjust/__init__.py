"""Automatic crop and colour correction (Qt-free): borders, straightening, white balance,
levels and fade restoration. See docs/adjust.md.

For a live preview, find borders or analyse colours once on the full input (or a proxy of it),
then apply to a downscaled proxy as often as the user changes a setting::

    borders = find_borders(proxy)                     # or on the input, then .scaled(factor)
    crop = plan_crop(borders, straighten=True)        # None: nothing to cut
    plan = analyse_colour(image.pixels, image.icc_profile, ColourOptions(fade=0.5))
    shown = apply_colour(apply_crop(proxy, crop) if crop else proxy, plan.with_options(...))
"""

from upscaler.core.adjust.borders import Borders, Crop, Edge, apply_crop, find_borders, plan_crop
from upscaler.core.adjust.colour import ColourOptions, ColourPlan, analyse_colour, apply_colour
from upscaler.core.adjust.icc import UnsupportedProfile
from upscaler.core.adjust.preview import make_proxy
from upscaler.core.adjust.steps import Adjustments, Prepared, find_crop, finish, prepare

__all__ = [
    "Adjustments",
    "Borders",
    "ColourOptions",
    "ColourPlan",
    "Crop",
    "Edge",
    "Prepared",
    "UnsupportedProfile",
    "analyse_colour",
    "apply_colour",
    "apply_crop",
    "find_borders",
    "find_crop",
    "finish",
    "make_proxy",
    "plan_crop",
    "prepare",
]
