"""Measuring auto crop and auto colour on the damaged Set14 test set (tests/adjust_testset.py).

``python -m tests.adjust_table [SET14_DIR]`` prints the results as the table in docs/adjust.md;
tests/core/test_adjust_measured.py asserts on the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from tests.adjust_testset import (
    BORDERS,
    CASTS,
    FADED_PRINT,
    FADES,
    TILTS,
    Framed,
    cast,
    cast_matrix,
    chroma_error,
    delta_e,
    fade,
)
from upscaler.core.adjust import (
    ColourOptions,
    analyse_colour,
    apply_colour,
    find_borders,
    plan_crop,
)
from upscaler.core.adjust.borders import TURNED_EDGE_INSET

#: Kind x picture pairs where the picture's own edge has the border's colour, so that no
#: detector can see where one ends and the other begins; measured and reported, and held only to
#: "keeps all of the picture".
AMBIGUOUS = {
    ("white scanner margin, 4 sides, noise 3", "ppt3"): "the cover's own white meets the margin",
    ("dark margin, noise 6, JPEG q85", "barbara"): "its own dark frame meets the dark margin",
}


@dataclass(frozen=True)
class BorderResult:
    kind: str
    name: str
    errors: tuple[float, float, float, float] | None  # found - true (left, top, right, bottom)
    angle_error: float = 0.0  # straightened scans only

    @property
    def worst(self) -> float:
        """The largest error in pixels (infinite when nothing was found)."""
        return max(map(abs, self.errors)) if self.errors is not None else math.inf

    @property
    def cuts_picture(self) -> bool:
        """Whether the crop cuts more than 2 px into the picture on some side."""
        if self.errors is None:
            return False
        left, top, right, bottom = self.errors
        return left > 2 or top > 2 or right < -2 or bottom < -2


def _errors(
    found: tuple[float, ...], truth: tuple[float, ...]
) -> tuple[float, float, float, float]:
    left, top, right, bottom = (float(f - t) for f, t in zip(found, truth, strict=True))
    return left, top, right, bottom


def own_border(picture: np.ndarray, colour: tuple[int, int, int]) -> tuple[int, int, int, int]:
    """Lines along the picture's own edges (left, top, right, bottom) in the border's colour
    (97% of their pixels within 10 levels): no one can tell them from an added border.
    coastguard.png has four such columns of black on its right."""
    near = np.abs(picture.astype(np.int16) - np.asarray(colour)).max(axis=2) <= 10
    counts = []
    for lines in (near.T, near, near.T[::-1], near[::-1]):
        full = lines.mean(axis=1) >= 0.97
        counts.append(int(np.argmin(full)) if not full.all() else len(full))
    left, top, right, bottom = counts
    return left, top, right, bottom


def measure_borders(images: dict[str, np.ndarray]) -> list[BorderResult]:
    """Borders found on every picture with every kind of added border (and on the tilted scans
    without straightening), as errors against the truth."""
    results = []
    for kind, make in {**BORDERS, **TILTS}.items():
        for name, picture in images.items():
            framed = make(picture)
            truth = _true_box(framed, picture, kind in BORDERS)
            crop = plan_crop(find_borders(framed.pixels))
            if crop is None:
                height, width = framed.pixels.shape[:2]
                found = (0.0, 0.0, float(width), float(height))
            else:
                box = crop.box
                found = (box.x, box.y, box.right, box.bottom)
            results.append(BorderResult(kind, name, _errors(found, truth)))
    return results


def _true_box(
    framed: Framed, picture: np.ndarray, straight: bool
) -> tuple[float, float, float, float]:
    if not straight:
        return framed.truth
    own = own_border(picture, framed.colour)
    left, top, right, bottom = framed.truth
    height, width = framed.pixels.shape[:2]
    # An own line only merges with an added border on a side that has one.
    return (
        left + (own[0] if left > 0 else 0),
        top + (own[1] if top > 0 else 0),
        right - (own[2] if right < width else 0),
        bottom - (own[3] if bottom < height else 0),
    )


def measure_straightening(images: dict[str, np.ndarray]) -> list[BorderResult]:
    """Tilted scans straightened: the crop against the print's own rectangle (in the turned
    image, where the print stands upright in the middle) less the pixel the crop leaves out on
    purpose on each side, and the angle error."""
    results = []
    for kind, make in TILTS.items():
        for name, picture in images.items():
            framed = make(picture)
            crop = plan_crop(find_borders(framed.pixels), straighten=True)
            if crop is None or not crop.turns:
                results.append(BorderResult(kind, name, None))
                continue
            height, width = framed.pixels.shape[:2]
            h, w = picture.shape[:2]
            inset = TURNED_EDGE_INSET  # left out on purpose: the crop's aim, not an error
            truth = (
                width / 2 - w / 2 + inset,
                height / 2 - h / 2 + inset,
                width / 2 + w / 2 - inset,
                height / 2 + h / 2 - inset,
            )
            box = crop.box
            found = (box.x, box.y, box.right, box.bottom)
            angle_error = abs(crop.angle - framed.angle)
            results.append(BorderResult(kind, name, _errors(found, truth), angle_error))
    return results


@dataclass(frozen=True)
class ColourResult:
    kind: str
    name: str
    before: float  # error of the damaged picture against the clean one
    after: float  # error once corrected

    @property
    def reduction(self) -> float:
        return 1 - self.after / self.before if self.before > 0 else 0.0


#: Colour damages and the options that undo them: kind -> (damage, options, error measure).
COLOUR_CASES = {
    **{
        name: (lambda p, xy=xy: cast(p, xy), ColourOptions(levels=0), chroma_error)
        for name, xy in CASTS.items()
    },
    **{name: (lambda p, f=f: fade(p, f), ColourOptions(), delta_e) for name, f in FADES.items()},
    **{
        name: (lambda p, f=f: fade(p, f), ColourOptions(levels=0, fade=1), delta_e)
        for name, f in FADED_PRINT.items()
    },
}


def measure_colour(
    images: dict[str, np.ndarray], kinds: tuple[str, ...] | None = None
) -> list[ColourResult]:
    """Every picture with every colour damage (or those of ``kinds``), corrected."""
    results = []
    for kind, (damage, options, error) in COLOUR_CASES.items():
        if kinds is not None and kind not in kinds:
            continue
        for name, picture in images.items():
            damaged = damage(picture)
            fixed = apply_colour(damaged, analyse_colour(damaged, options=options))
            results.append(ColourResult(kind, name, error(damaged, picture), error(fixed, picture)))
    return results


def measure_known_light(images: dict[str, np.ndarray]) -> list[ColourResult]:
    """The casts corrected with the true light instead of the estimate: what the correction
    itself can do, apart from estimating."""
    results = []
    for kind, xy in CASTS.items():
        light = cast_matrix(xy) @ np.ones(3)
        for name, picture in images.items():
            damaged = cast(picture, xy)
            plan = analyse_colour(damaged, options=ColourOptions(levels=0))
            red, _, blue = (float(v) for v in light / light[1])
            plan = replace(plan, illuminant=(red, 1.0, blue))
            fixed = apply_colour(damaged, plan)
            before, after = chroma_error(damaged, picture), chroma_error(fixed, picture)
            results.append(ColourResult(kind, name, before, after))
    return results


def measure_clean(images: dict[str, np.ndarray]) -> list[ColourResult]:
    """Auto colour (white balance and levels, the CLI's default) on the undamaged pictures:
    ``after`` is the mean colour difference it causes (CIE76); 0 when left untouched."""
    results = []
    for name, picture in images.items():
        fixed = apply_colour(picture, analyse_colour(picture))
        results.append(ColourResult("clean", name, 0.0, delta_e(fixed, picture)))
    return results


@dataclass(frozen=True)
class CleanPhoto:
    """Auto colour on a photograph taken as balanced: what it changed and by how much."""

    name: str
    balanced: bool  # white balance changed it
    levelled: bool  # levels changed it
    change: float  # mean CIE76 difference; 0 when untouched


def measure_photos(images: dict[str, np.ndarray]) -> list[CleanPhoto]:
    """Auto colour (the CLI's default) on photographs that need no correction."""
    results = []
    for name, picture in images.items():
        plan = analyse_colour(picture)
        fixed = apply_colour(picture, plan)
        change = delta_e(fixed, picture)
        results.append(
            CleanPhoto(name, plan.white_balance() is not None, plan.levels() is not None, change)
        )
    return results
