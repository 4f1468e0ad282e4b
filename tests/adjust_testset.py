"""A test set with known damage, built at test time from the Set14 pictures (never stored).

Each damage is made so that the truth is known exactly: where the picture lies inside added
borders (also after a tilt), and what the colours were before a cast or a fade. Used by
tests/core/test_adjust_measured.py and by ``python -m tests.adjust_table`` (the accuracy table in
docs/adjust.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from upscaler.core.adjust.space import (
    D50,
    SRGB_TO_XYZ,
    XYZ_TO_SRGB,
    bradford_adaptation,
    srgb_decode,
    srgb_encode,
    xyz_to_lab,
)
from upscaler.core.imageio import read_image


def set14_images(folder: Path) -> dict[str, np.ndarray]:
    """name -> BGR uint8 pixels (the two grey pictures as three equal channels)."""
    images = {}
    for path in sorted(folder.glob("*.png")):
        pixels = read_image(path).pixels
        if pixels.ndim == 2:
            pixels = cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR)
        images[path.stem] = pixels[..., :3]
    return images


# -- borders ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Framed:
    """A picture inside added borders; ``truth`` = (left, top, right, bottom) of the picture in
    pixel-boundary coordinates of the framed image (floats for a tilted one), ``angle`` the tilt
    in degrees (positive: clockwise on screen)."""

    pixels: np.ndarray
    truth: tuple[float, float, float, float]
    colour: tuple[int, int, int]  # of the border (BGR)
    angle: float = 0.0


def frame(
    picture: np.ndarray,
    *,
    top: int,
    bottom: int,
    left: int,
    right: int,
    colour: tuple[int, int, int],
    noise: float = 0.0,
    seed: int = 0,
) -> Framed:
    """Straight borders of one colour (BGR), with Gaussian noise of ``noise`` levels over all."""
    height, width = picture.shape[:2]
    canvas = np.empty((height + top + bottom, width + left + right, 3), dtype=np.float64)
    canvas[...] = colour
    canvas[top : top + height, left : left + width] = picture
    framed = _noisy(canvas, noise, seed)
    return Framed(framed, (left, top, left + width, top + height), colour)


def tilted_scan(
    picture: np.ndarray,
    *,
    angle: float,
    margin: int,
    colour: tuple[int, int, int],
    noise: float = 0.0,
    seed: int = 0,
) -> Framed:
    """The picture as a print turned by ``angle`` degrees (clockwise on screen) on a scanner bed
    of ``colour``, ``margin`` px beyond its turned corners; anti-aliased edges."""
    height, width = picture.shape[:2]
    theta = math.radians(angle)
    cos, sin = math.cos(theta), math.sin(theta)
    out_w = math.ceil(width * cos + height * abs(sin)) + 2 * margin
    out_h = math.ceil(width * abs(sin) + height * cos) + 2 * margin
    # Pixel-boundary coordinates: picture centre to canvas centre, turned clockwise by angle.
    rotate = np.array([[cos, -sin], [sin, cos]])
    shift = np.array([out_w / 2, out_h / 2]) - rotate @ np.array([width / 2, height / 2])
    matrix = np.hstack([rotate, shift[:, None]])
    centres = matrix.copy()
    centres[:, 2] += rotate @ (0.5, 0.5) - (0.5, 0.5)
    size = (out_w, out_h)
    warped = cv2.warpAffine(
        picture.astype(np.float32),
        centres,
        size,
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_REPLICATE,
    )
    # Bilinear sampling of an all-ones print over a zero bed crosses 0.5 exactly at the print's
    # edge: a one-pixel anti-aliased edge, as a scanner gives.
    ones = np.ones((height, width), np.float32)
    coverage = cv2.warpAffine(ones, centres, size, flags=cv2.INTER_LINEAR)[..., None]
    canvas = coverage * warped + (1 - coverage) * np.asarray(colour, np.float32)
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float64)
    placed = corners @ rotate.T + shift
    truth = (
        placed[:, 0].min(),
        placed[:, 1].min(),
        placed[:, 0].max(),
        placed[:, 1].max(),
    )
    return Framed(_noisy(canvas.astype(np.float64), noise, seed), truth, colour, angle)


def _noisy(canvas: np.ndarray, noise: float, seed: int) -> np.ndarray:
    if noise:
        canvas = canvas + np.random.default_rng(seed).normal(0, noise, canvas.shape)
    return np.clip(np.rint(canvas), 0, 255).astype(np.uint8)


def jpeg(pixels: np.ndarray, quality: int = 85) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    decoded = cv2.imdecode(data, cv2.IMREAD_COLOR)
    assert decoded is not None
    return decoded


#: Border damages: name -> maker(picture) (deterministic).
BORDERS: dict[str, Callable[[np.ndarray], Framed]] = {
    "letterbox (black bars top and bottom)": lambda p: frame(
        p, top=p.shape[0] // 8, bottom=p.shape[0] // 8, left=0, right=0, colour=(0, 0, 0)
    ),
    "pillarbox (black bars left and right)": lambda p: frame(
        p, top=0, bottom=0, left=p.shape[1] // 10, right=p.shape[1] // 10, colour=(0, 0, 0)
    ),
    "white scanner margin, 4 sides, noise 3": lambda p: frame(
        p, top=23, bottom=41, left=17, right=35, colour=(246, 247, 245), noise=3
    ),
    "grey margin at 2 sides (print in a corner)": lambda p: frame(
        p, top=0, bottom=44, left=0, right=30, colour=(128, 128, 128)
    ),
    "dark margin, noise 6, JPEG q85": lambda p: Framed(
        jpeg(frame(p, top=31, bottom=19, left=25, right=37, colour=(30, 32, 28), noise=6).pixels),
        (25, 31, 25 + p.shape[1], 31 + p.shape[0]),
        (30, 32, 28),
    ),
}


def _scan(angle: float) -> Callable[[np.ndarray], Framed]:
    return lambda p: tilted_scan(p, angle=angle, margin=25, colour=(236, 238, 240), noise=3)


#: Tilted scans: name -> maker(picture).
TILTS: dict[str, Callable[[np.ndarray], Framed]] = {
    f"scan tilted {angle:+.1f} deg, light margin, noise 3": _scan(angle)
    for angle in (1.5, -3.0, 4.5)
}


# -- colour -------------------------------------------------------------------------------------

#: Chromaticities (x, y) of the light that gives each cast (the pictures are balanced for D50).
CASTS = {
    "warm cast (3200 K light)": (0.4234, 0.3990),
    "cool cast (8000 K light)": (0.2952, 0.3058),
    "green cast (fluorescent)": (0.3357, 0.3885),
    "magenta cast": (0.3457, 0.3285),
}
#: Fades: per channel (R, G, B) ``(lift, contrast)`` of ``lift + contrast * value`` in sRGB.
FADES = {
    "dull (contrast 0.86, lift 0.06)": ((0.06, 0.86),) * 3,
    "faded (contrast 0.72, lift 0.12)": ((0.12, 0.72),) * 3,
}
FADED_PRINT = {
    "faded print (uneven dye fade)": ((0.10, 0.80), (0.14, 0.70), (0.20, 0.62)),
}


def cast_matrix(xy: tuple[float, float]) -> np.ndarray:
    """Linear sRGB matrix of light of chromaticity ``xy`` instead of D50 (Bradford adaptation
    in XYZ), scaled so that white does not clip."""
    x, y = xy
    light = np.array([x / y, 1.0, (1 - x - y) / y])
    matrix = XYZ_TO_SRGB @ bradford_adaptation(D50, light) @ SRGB_TO_XYZ
    return matrix / (matrix @ np.ones(3)).max()


def cast(bgr: np.ndarray, xy: tuple[float, float]) -> np.ndarray:
    """The picture as if lit by light of chromaticity ``xy`` instead of D50."""
    matrix = cast_matrix(xy)
    rgb = srgb_decode(bgr[..., ::-1].astype(np.float32) / 255)
    return _to_bgr8(srgb_encode(np.clip(rgb @ matrix.T.astype(np.float32), 0, 1)))


def fade(bgr: np.ndarray, per_channel: tuple[tuple[float, float], ...]) -> np.ndarray:
    rgb = bgr[..., ::-1].astype(np.float32) / 255
    out = np.stack([lift + k * rgb[..., c] for c, (lift, k) in enumerate(per_channel)], -1)
    return _to_bgr8(out)


def _to_bgr8(rgb: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(rgb[..., ::-1] * 255), 0, 255).astype(np.uint8)


def lab(bgr: np.ndarray) -> np.ndarray:
    """CIE Lab (D50) of sRGB pixels (what the untagged Set14 files mean)."""
    rgb = srgb_decode(bgr[..., 2::-1].astype(np.float32) / 255).astype(np.float64)
    return xyz_to_lab(rgb @ SRGB_TO_XYZ.T)


def chroma_error(a: np.ndarray, b: np.ndarray) -> float:
    """Mean over pixels of the distance in the a*b* plane (the cast part of a colour error)."""
    la, lb = lab(a), lab(b)
    return float(np.hypot(la[..., 1] - lb[..., 1], la[..., 2] - lb[..., 2]).mean())


def delta_e(a: np.ndarray, b: np.ndarray) -> float:
    """Mean CIE76 colour difference."""
    return float(np.sqrt(((lab(a) - lab(b)) ** 2).sum(axis=-1)).mean())
