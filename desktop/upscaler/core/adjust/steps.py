"""Automatic crop and colour around an upscale: what a job does before and after the network.

Crop (and straighten) runs on the input, before upscaling, so borders cost no inference time;
colour is analysed on the (cropped) input and applied to the upscaled output, in place, so the
result is corrected exactly as a preview of the input would be.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from upscaler.core.adjust.borders import Borders, Crop, apply_crop, find_borders, plan_crop
from upscaler.core.adjust.colour import ColourOptions, ColourPlan, analyse_colour, apply_colour
from upscaler.core.adjust.icc import UnsupportedProfile
from upscaler.core.imageio import LoadedImage
from upscaler.core.messages import text


@dataclass(frozen=True)
class Adjustments:
    """What a job adjusts: ``crop`` borders (``straighten`` a small tilt too) and ``colour``
    (None: colours untouched)."""

    crop: bool = False
    straighten: bool = False
    colour: ColourOptions | None = None

    @property
    def active(self) -> bool:
        return self.crop or self.straighten or (self.colour is not None and self.colour.active)


@dataclass(frozen=True)
class Prepared:
    """An input after :func:`prepare`: the image to upscale (cropped), and what is still to do."""

    image: LoadedImage
    original_size: tuple[int, int]  # width, height before the crop
    crop: Crop | None = None
    colour: ColourPlan | None = None
    notes: tuple[str, ...] = ()  # what was done, for the user
    warnings: tuple[str, ...] = ()


def find_crop(pixels: np.ndarray, adjust: Adjustments) -> tuple[Borders, Crop | None]:
    """Borders and the crop that ``adjust`` asks for (None when nothing is to be cut)."""
    borders = find_borders(pixels)
    return borders, plan_crop(borders, straighten=adjust.straighten)


def prepare(image: LoadedImage, adjust: Adjustments) -> Prepared:
    """Crop the input as asked and analyse its colours; the image itself is not changed."""
    size = (image.width, image.height)
    notes: list[str] = []
    warnings: list[str] = []
    crop = None
    if adjust.crop or adjust.straighten:
        _, crop = find_crop(image.pixels, adjust)
        if crop is None:
            notes.append(text("no borders found; nothing cropped"))
        else:
            image = replace(image, pixels=apply_crop(image.pixels, crop))
            notes.append(_crop_note(size, crop))
    plan = None
    if adjust.colour is not None and adjust.colour.active:
        try:
            plan = analyse_colour(image.pixels, image.icc_profile, adjust.colour)
        except UnsupportedProfile as err:
            warnings.append(
                text(
                    "colours left as they are: the colour profile cannot be used ({reason})",
                    reason=err.reason,
                )
            )
        else:
            notes.extend(plan.describe() or [text("colours: no correction needed")])
    return Prepared(image, size, crop, plan, tuple(notes), tuple(warnings))


def finish(pixels: np.ndarray, prepared: Prepared) -> np.ndarray:
    """The upscaled pixels with the colour plan applied (in place: the array is the job's own)."""
    if prepared.colour is None or prepared.colour.is_identity:
        return pixels
    return apply_colour(pixels, prepared.colour, out=pixels)


def _crop_note(size: tuple[int, int], crop: Crop) -> str:
    box = crop.box
    if crop.turns:
        values = {
            "angle": abs(crop.angle),
            "width": size[0],
            "height": size[1],
            "new_width": box.width,
            "new_height": box.height,
        }
        if crop.angle > 0:  # the picture leant clockwise: turned back the other way
            return text(
                "straightened (turned {angle:.1f} degrees counter-clockwise) and cropped from "
                "{width}x{height} to {new_width}x{new_height}",
                **values,
            )
        return text(
            "straightened (turned {angle:.1f} degrees clockwise) and cropped from "
            "{width}x{height} to {new_width}x{new_height}",
            **values,
        )
    return text(
        "borders cropped: {width}x{height} to {new_width}x{new_height} (left {left}, top {top}, "
        "right {right}, bottom {bottom} px)",
        width=size[0],
        height=size[1],
        new_width=box.width,
        new_height=box.height,
        left=box.x,
        top=box.y,
        right=size[0] - box.right,
        bottom=size[1] - box.bottom,
    )
