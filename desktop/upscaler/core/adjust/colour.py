"""Automatic colour correction: white balance, levels, fade restoration; each with a strength.

Analysis and application are separate. :func:`analyse_colour` looks at the picture once (on a
copy of at most half a megapixel: the statistics need no more) and returns a :class:`ColourPlan`;
:func:`apply_colour` applies a plan to any size of the same picture: the upscaled result, or a
downscaled proxy for a live preview (well under 100 ms a megapixel). The pipeline analyses the
input and applies the plan to the upscaled output, so both see the same correction.

* **White balance** (linear light): three estimates of the light's colour, each robust in its own
  way, are combined by their median in log-chromaticity, so that one of them going astray (a
  picture with no white, or no edges) is outvoted: white patch (99.5th percentile of unclipped
  pixels), first-order and second-order grey-edge (Minkowski p=6 norm of the gradient / Laplacian
  of each channel, after a Gaussian of sigma 1). The estimate is made neutral by a gain per
  channel (von Kries), as a camera's white balance does. A cast smaller than these estimators'
  own typical error on balanced photographs cannot be told from the scene's colours and is left
  alone (the correction fades in between :data:`CAST_IGNORED` and :data:`CAST_FULL`).
* **Levels** (perceptual): one black and one white point for all channels (so neutral stays
  neutral), at which at most :data:`CLIP_FRACTION` of the pixels clip, stretched to 0 and 1; ends
  already within :data:`LEVELS_IGNORED` of 0 or 1 are left alone, and the stretch is capped at
  :data:`MAX_GAIN`.
* **Fade restoration** (perceptual, optional, for old prints): the same with a black and white
  point per channel. A faded print's dyes lose density unevenly, which lifts each channel's black
  point by a different amount (a cast in the shadows) and shrinks contrast and saturation
  together: stretching each channel back restores all three. It replaces the shared levels.

Alpha is never read or changed; fully transparent pixels are left out of the statistics.
See docs/adjust.md for the measurements behind these choices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

import cv2
import numpy as np

from upscaler.core.adjust.convert import Converter
from upscaler.core.adjust.icc import ImageSpace, image_space
from upscaler.core.adjust.preview import make_proxy
from upscaler.core.adjust.space import SRGB_TO_XYZ, log_chroma, srgb_decode, srgb_encode

#: Pixels the analysis looks at (a larger picture is analysed on an area-averaged copy).
ANALYSIS_PIXELS = 500_000
#: Estimated casts (log-chromaticity distance from neutral) up to this are left alone, ...
CAST_IGNORED = 0.08
#: ... from this on corrected in full, in between partly. The estimators' median error on
#: balanced photographs (SunHays80) is about 0.08, their 75th percentile 0.16.
CAST_FULL = 0.16
#: Fraction of pixels allowed to clip at each end of the levels stretch.
CLIP_FRACTION = 0.001
#: Black (white) points up to this far from 0 (1) in the perceptual space are left alone, ...
LEVELS_IGNORED = 0.02
#: ... and moved in full from this far on.
LEVELS_FULL = 0.04
#: The most levels may stretch contrast (a deliberately dim or misty picture stays recognisable).
MAX_GAIN = 3.0
#: Linear values at or above this count as clipped for white balance; below the dark limit as
#: too noisy to say anything about colour.
_CLIPPED = 0.98
_DARK = 0.002


@dataclass(frozen=True)
class ColourOptions:
    """Strength (0 = off, 1 = full) of each correction."""

    white_balance: float = 1.0
    levels: float = 1.0
    fade: float = 0.0  # above 0: per-channel levels for a faded print, in place of ``levels``

    def __post_init__(self) -> None:
        for name in ("white_balance", "levels", "fade"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} strength must be from 0 to 1, got {value}")

    @property
    def active(self) -> bool:
        return self.white_balance > 0 or self.levels > 0 or self.fade > 0


@dataclass(frozen=True)
class ColourPlan:
    """What the analysis found, at full strength, and the strengths to apply it with.

    ``illuminant``: the light's colour in linear working RGB (G = 1), already reduced for a small
    cast; ``black``/``white``: per-channel perceptual black and white points (equal for shared
    levels). Change strengths with :meth:`with_options` (no new analysis).
    """

    space: ImageSpace
    illuminant: tuple[float, float, float]
    black: tuple[float, ...]
    white: tuple[float, ...]
    fade_black: tuple[float, ...]
    fade_white: tuple[float, ...]
    options: ColourOptions = ColourOptions()

    def with_options(self, options: ColourOptions) -> ColourPlan:
        return replace(self, options=options)

    def gains(self) -> np.ndarray | None:
        """Linear working RGB gains at the chosen strength; None when they would do nothing."""
        if self.space.is_gray:
            return None
        return _balance_gains(self.illuminant, self.options.white_balance)

    def levels(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Per-channel (black, white) points at the chosen strength; None when they do nothing."""
        if self.options.fade > 0:
            strength, black, white = self.options.fade, self.fade_black, self.fade_white
        else:
            strength, black, white = self.options.levels, self.black, self.white
        low = np.asarray(black, dtype=np.float64) * strength
        high = 1 - (1 - np.asarray(white, dtype=np.float64)) * strength
        if strength <= 0 or (np.all(low == 0) and np.all(high == 1)):
            return None
        return low, high

    @property
    def is_identity(self) -> bool:
        return self.gains() is None and self.levels() is None

    def describe(self) -> list[str]:
        """What the plan does, in plain words (English; for the CLI's report)."""
        said = []
        gains = self.gains()
        if gains is not None:
            said.append("white balance (red x{:.2f}, green x{:.2f}, blue x{:.2f})".format(*gains))
        points = self.levels()
        if points is not None:
            low, high = (np.round(p * 255).astype(int) for p in points)
            if self.options.fade > 0 and not self.space.is_gray:
                said.append(
                    "fade restoration (black {}, white {} of 255)".format(
                        "/".join(map(str, low)), "/".join(map(str, high))
                    )
                )
            else:
                kind = "fade restoration" if self.options.fade > 0 else "levels"
                said.append(f"{kind} (black {low[0]}, white {high[0]} of 255)")
        return said


def analyse_colour(
    pixels: np.ndarray,
    icc: bytes | None = None,
    options: ColourOptions | None = None,
    *,
    space: ImageSpace | None = None,
) -> ColourPlan:
    """Estimate the corrections for a picture (core layout: HxW, BGR or BGRA; 8 or 16 bits).

    ``icc`` is the picture's profile (None: sRGB); raises ``icc.UnsupportedProfile`` when it is
    not a matrix/shaper profile, so that a caller never corrects colours it cannot interpret.
    """
    options = options or ColourOptions()
    gray = pixels.ndim == 2 or pixels.shape[2] == 1
    space = space or image_space(icc, gray=gray)
    small, _ = make_proxy(pixels, ANALYSIS_PIXELS)
    usable = _opaque(small)
    linear = Converter.for_space(space).decode(small)
    if gray:
        illuminant = (1.0, 1.0, 1.0)
        encoded = srgb_encode(linear)[..., None]
    else:
        illuminant = _estimate_illuminant(linear, usable)
        gains = _balance_gains(illuminant, 1.0)
        encoded = srgb_encode(linear if gains is None else linear * gains.astype(np.float32))
    black, white = _shared_points(encoded, usable)
    fade_black, fade_white = _channel_points(encoded, usable)
    return ColourPlan(space, illuminant, black, white, fade_black, fade_white, options)


def apply_colour(
    pixels: np.ndarray,
    plan: ColourPlan,
    *,
    out: np.ndarray | None = None,
    strip_pixels: int = 1 << 20,
) -> np.ndarray:
    """``pixels`` with ``plan`` applied: a new array, or ``out`` (which may be ``pixels``).

    Alpha is copied unchanged; a plan that does nothing gives the pixels back unchanged (copied
    into ``out`` if one is given). An image whose own primaries are the working ones (sRGB,
    tagged or not, and gray) is corrected channel by channel through a lookup table of every
    8- or 16-bit code, computed exactly: a megapixel takes milliseconds. Other profiles go
    through float32; both work in strips of about ``strip_pixels`` pixels, so a huge upscaled
    image needs little extra memory.
    """
    target = np.empty_like(pixels) if out is None else out
    if target.shape != pixels.shape or target.dtype != pixels.dtype:
        raise ValueError("out must have the shape and type of pixels")
    if plan.is_identity:
        if target is not pixels:
            target[...] = pixels
        return target
    converter = Converter.for_space(plan.space)
    tones = _channel_tones(plan)
    rows = max(1, strip_pixels // max(1, pixels.shape[1]))
    has_alpha = pixels.ndim == 3 and pixels.shape[2] == 4
    if converter.per_channel:
        luts = converter.lookup_tables(tones, pixels.dtype)
        for start in range(0, pixels.shape[0], rows):
            strip, result = pixels[start : start + rows], target[start : start + rows]
            if pixels.ndim == 2:
                result[...] = luts[0][strip]
                continue
            for channel, lut in enumerate(luts):  # tones are R, G, B; pixels are B, G, R
                index = channel if len(luts) == 1 else 2 - channel
                result[..., index] = lut[strip[..., index]]
            if has_alpha and result is not strip:
                result[..., 3] = strip[..., 3]
        return target
    for start in range(0, pixels.shape[0], rows):
        strip, result = pixels[start : start + rows], target[start : start + rows]
        linear = converter.decode(strip)
        for channel, tone in enumerate(tones):
            linear[..., channel] = tone(linear[..., channel])
        if has_alpha and result is not strip:
            result[..., 3] = strip[..., 3]
        converter.encode(linear, pixels.dtype, result)
    return target


Tone = Callable[[np.ndarray], np.ndarray]


def _channel_tones(plan: ColourPlan) -> list[Tone]:
    """Each working channel's correction, linear light in and out: gain, then levels."""
    channels = 1 if plan.space.is_gray else 3
    gains = plan.gains()
    points = plan.levels()
    tones = []
    for channel in range(channels):
        gain = 1.0 if gains is None else float(gains[channel])
        low, high = (0.0, 1.0) if points is None else (points[0][channel], points[1][channel])
        tones.append(partial(_tone, gain=gain, low=float(low), high=float(high)))
    return tones


def _tone(linear: np.ndarray, *, gain: float, low: float, high: float) -> np.ndarray:
    balanced = linear * np.float32(gain) if gain != 1.0 else linear
    if low == 0.0 and high == 1.0:
        return balanced
    stretched = (srgb_encode(balanced) - np.float32(low)) * np.float32(1.0 / (high - low))
    return srgb_decode(stretched)


# -- analysis -----------------------------------------------------------------------------------


def _opaque(pixels: np.ndarray) -> np.ndarray:
    """Pixels the statistics may use: all but fully transparent ones."""
    if pixels.ndim == 3 and pixels.shape[2] == 4:
        return pixels[..., 3] > 0
    return np.ones(pixels.shape[:2], dtype=bool)


def _estimate_illuminant(linear: np.ndarray, usable: np.ndarray) -> tuple[float, float, float]:
    """The light's colour (G = 1) as the median of three estimates; neutral for a small cast."""
    good = usable & (_brightest(linear) < _CLIPPED) & (_darkest(linear) > _DARK)
    if np.count_nonzero(good) < 64:
        return (1.0, 1.0, 1.0)
    estimates = [
        np.array([np.percentile(linear[..., c][good], 99.5) for c in range(3)]),
        _grey_edge(linear, good, order=1),
        _grey_edge(linear, good, order=2),
    ]
    chroma = np.median([log_chroma(e) for e in estimates], axis=0)
    distance = float(np.hypot(*chroma))
    weight = np.clip((distance - CAST_IGNORED) / (CAST_FULL - CAST_IGNORED), 0.0, 1.0)
    u, v = chroma * weight
    return (float(np.exp(u)), 1.0, float(np.exp(v)))


def _grey_edge(linear: np.ndarray, good: np.ndarray, *, order: int) -> np.ndarray:
    """Minkowski p=6 norm of each channel's first (gradient) or second (Laplacian) derivative."""
    norms = []
    for channel in range(3):
        smooth = cv2.GaussianBlur(linear[..., channel], (0, 0), 1.0)
        if order == 1:
            dx = cv2.Sobel(smooth, cv2.CV_32F, 1, 0)
            dy = cv2.Sobel(smooth, cv2.CV_32F, 0, 1)
            edges = cv2.magnitude(dx, dy)
        else:
            edges = np.abs(cv2.Laplacian(smooth, cv2.CV_32F))
        squared = np.square(edges[good])
        norms.append(np.mean(squared * squared * squared, dtype=np.float64) ** (1 / 6))
    return np.array(norms)


def _balance_gains(illuminant: tuple[float, float, float], strength: float) -> np.ndarray | None:
    """Per-channel gains (von Kries, in linear working RGB) that make ``illuminant`` (raised to
    ``strength``) neutral while keeping its luminance: a grey stays as light as it was."""
    if strength <= 0 or illuminant == (1.0, 1.0, 1.0):
        return None
    light = np.power(np.asarray(illuminant, dtype=np.float64), strength)
    return float(SRGB_TO_XYZ[1] @ light) / light


def _shared_points(encoded: np.ndarray, usable: np.ndarray) -> tuple[tuple[float, ...], ...]:
    channels = encoded.shape[2]
    darkest = _darkest(encoded)[usable]
    brightest = _brightest(encoded)[usable]
    low, high = _limited(
        np.percentile(darkest, 100 * CLIP_FRACTION),
        np.percentile(brightest, 100 * (1 - CLIP_FRACTION)),
    )
    return (low,) * channels, (high,) * channels


def _channel_points(encoded: np.ndarray, usable: np.ndarray) -> tuple[tuple[float, ...], ...]:
    channels = [encoded[..., c][usable] for c in range(encoded.shape[2])]
    lows = [np.percentile(values, 100 * CLIP_FRACTION) for values in channels]
    highs = [np.percentile(values, 100 * (1 - CLIP_FRACTION)) for values in channels]
    pairs = [_limited(lo, hi) for lo, hi in zip(lows, highs, strict=True)]
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def _darkest(values: np.ndarray) -> np.ndarray:
    """Per-pixel minimum over the channels (numpy's reduction over a short last axis is slow)."""
    result = values[..., 0]
    for channel in range(1, values.shape[2]):
        result = np.minimum(result, values[..., channel])
    return result


def _brightest(values: np.ndarray) -> np.ndarray:
    result = values[..., 0]
    for channel in range(1, values.shape[2]):
        result = np.maximum(result, values[..., channel])
    return result


def _limited(low: float, high: float) -> tuple[float, float]:
    """Black and white points with the dead zones and the gain cap applied."""
    low = float(np.clip(low, 0.0, 1.0))
    high = float(np.clip(high, 0.0, 1.0))
    low *= _ramp(low)
    high = 1 - (1 - high) * _ramp(1 - high)
    if high - low < 1 / MAX_GAIN:  # shrink both moves in proportion until the gain is allowed
        moved = low + (1 - high)
        keep = (1 - 1 / MAX_GAIN) / moved
        low, high = low * keep, 1 - (1 - high) * keep
    return low, high


def _ramp(distance: float) -> float:
    return float(np.clip((distance - LEVELS_IGNORED) / (LEVELS_FULL - LEVELS_IGNORED), 0.0, 1.0))
