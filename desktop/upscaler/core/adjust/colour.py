"""Automatic colour correction: white balance, levels, fade restoration; each with a strength.

Analysis and application are separate. :func:`analyse_colour` looks at the picture once (on a
copy of at most half a megapixel: the statistics need no more) and returns a :class:`ColourPlan`;
:func:`apply_colour` applies a plan to any size of the same picture: the upscaled result, or a
downscaled proxy for a live preview (well under 100 ms a megapixel). The pipeline analyses the
input and applies the plan to the upscaled output, so both see the same correction.

* **White balance** (linear light): four estimates of the light's colour, each robust in its own
  way, are combined by their median in log-chromaticity, so that one of them going astray (a
  picture with no white, or no edges, or no grey) is outvoted: white patch (99.5th percentile of
  unclipped pixels), weighted first-order grey edge (the edges that run along the light's colour
  weigh most), second-order grey edge (Minkowski p=6 norm of each channel's Laplacian after a
  Gaussian of sigma 1) and grey pixels (the pixels whose log-chromaticity stays put where their
  brightness changes). The estimate is made neutral by a gain per channel (von Kries), as a
  camera's white balance does. A cast smaller than these estimators' own typical error on
  balanced photographs cannot be told from the scene's colours and is left alone (the correction
  fades in between :data:`CAST_IGNORED` and :data:`CAST_FULL`); where the estimates disagree,
  the cast left alone grows with their spread.
* **Levels** (perceptual): one black and one white point for all channels (so neutral stays
  neutral), at which at most :data:`CLIP_FRACTION` of the pixels clip, stretched to 0 and 1. Both
  ends move when both are off (a fade, from :data:`FADE_IGNORED`); one end alone only when it is
  far off (from :data:`LEVELS_IGNORED`: many good photographs have no true black or no white);
  the stretch is capped at :data:`MAX_GAIN`.
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

import numpy as np

from upscaler.core.adjust.convert import Converter
from upscaler.core.adjust.icc import ImageSpace, image_space
from upscaler.core.adjust.preview import make_proxy
from upscaler.core.adjust.space import (
    D50,
    SRGB_TO_XYZ,
    XYZ_TO_SRGB,
    bradford_adaptation,
    log_chroma,
    srgb_decode,
    srgb_encode,
)
from upscaler.core.imageops.filters import box_blur, gaussian_blur, laplacian, sobel
from upscaler.core.imageops.pointwise import transform
from upscaler.core.messages import text

#: Pixels the analysis looks at (a larger picture is analysed on an area-averaged copy).
ANALYSIS_PIXELS = 500_000
#: Estimated casts (log-chromaticity distance from neutral) up to this are left alone, ...
CAST_IGNORED = 0.16
#: ... from this on corrected in full, in between partly. On balanced photographs (SunHays80)
#: the estimate is off by up to 0.06 in half of them and up to 0.16 in nine of ten.
CAST_FULL = 0.24
#: Where the four estimates disagree (the farthest lies ``spread`` from their median), the cast
#: left alone grows by ``SPREAD_WEIGHT * spread``, at most by ``SPREAD_MOST``: a very colourful
#: picture (a mandrill's face, red peppers) spreads them and leads each astray.
SPREAD_WEIGHT = 0.3
SPREAD_MOST = 0.15
#: Weighted grey edge: the power of the edge weights (the share of an edge's change along the
#: light) and the iterations that find the light's direction.
EDGE_WEIGHT_POWER = 10
EDGE_WEIGHT_STEPS = 6
#: Fraction of the usable pixels the grey-pixel estimate is made of.
GREY_PIXELS = 0.001
#: Fraction of pixels allowed to clip at each end of the levels stretch.
CLIP_FRACTION = 0.001
#: A black point and a white point both this far from 0 and 1 (perceptual) are a fade, and both
#: are moved (in full from FADE_FULL on): of the balanced photographs of SunHays80 19 in 20 have
#: an end closer than 0.05, none is beyond 0.08 at both ends.
FADE_IGNORED = 0.04
FADE_FULL = 0.07
#: One end alone is left alone up to this far from 0 (1): ordinary photographs often have no
#: true black or no white (a dim scene, haze: one in ten of SunHays80 and BSDS500 beyond 0.06
#: at one end, some beyond 0.2), ...
LEVELS_IGNORED = 0.15
#: ... and moved in full from this far on.
LEVELS_FULL = 0.25
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
    cast. ``dark``/``light``: each working channel's :data:`CLIP_FRACTION` and
    1 - :data:`CLIP_FRACTION` quantiles in linear light, without white balance, and
    ``balanced_dark``/``balanced_light`` the same with white balance in full; the black and white
    points for a partial white balance are interpolated between the two. Change strengths with
    :meth:`with_options` (no new analysis).
    """

    space: ImageSpace
    illuminant: tuple[float, float, float]
    dark: tuple[float, ...]
    light: tuple[float, ...]
    balanced_dark: tuple[float, ...]
    balanced_light: tuple[float, ...]
    options: ColourOptions = ColourOptions()

    def with_options(self, options: ColourOptions) -> ColourPlan:
        return replace(self, options=options)

    def white_balance(self) -> np.ndarray | None:
        """3x3 matrix on linear working RGB at the chosen strength; None when it does nothing."""
        if self.space.is_gray:
            return None
        return _balance_matrix(self.illuminant, self.options.white_balance)

    def levels(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Per-channel perceptual (black, white) points at the chosen strengths, after white
        balance; None when they do nothing. Shared levels use the lowest black and the highest
        white point of the channels for all of them."""
        mix = self.options.white_balance if self.white_balance() is not None else 0.0
        dark = _mixed(self.dark, self.balanced_dark, mix)
        light = _mixed(self.light, self.balanced_light, mix)
        if self.options.fade > 0:
            strength = self.options.fade
            points = [_limited(lo, hi) for lo, hi in zip(dark, light, strict=True)]
        else:
            strength = self.options.levels
            points = [_limited(dark.min(), light.max())] * len(dark)
        low = np.array([p[0] for p in points]) * strength
        high = 1 - (1 - np.array([p[1] for p in points])) * strength
        if strength <= 0 or (np.all(low == 0) and np.all(high == 1)):
            return None
        return low, high

    @property
    def is_identity(self) -> bool:
        return self.white_balance() is None and self.levels() is None

    def describe(self) -> list[str]:
        """What the plan does, one message per correction (for the CLI's report)."""
        said: list[str] = []
        if self.white_balance() is not None:
            red, _, blue = np.power(self.illuminant, self.options.white_balance)
            said.append(
                text(
                    "white balance: light taken as red {red:.2f}, green 1, blue {blue:.2f}; "
                    "made neutral",
                    red=float(red),
                    blue=float(blue),
                )
            )
        points = self.levels()
        if points is not None:
            low, high = (np.round(p * 255).astype(int) for p in points)
            black, white = "/".join(map(str, low)), "/".join(map(str, high))
            if self.options.fade > 0:
                said.append(
                    text("fade restoration: black {black}, white {white} of 255", **_bw(low, high))
                    if self.space.is_gray
                    else text(
                        "fade restoration: black {black}, white {white} of 255",
                        black=black,
                        white=white,
                    )
                )
            else:
                said.append(text("levels: black {black}, white {white} of 255", **_bw(low, high)))
        return said


def _bw(low: np.ndarray, high: np.ndarray) -> dict[str, int]:
    return {"black": int(low[0]), "white": int(high[0])}


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
        linear = linear[..., None]
    count = linear.shape[2]
    if not np.any(usable):  # nothing opaque: nothing to learn
        none = (0.0,) * count, (1.0,) * count
        return ColourPlan(space, (1.0, 1.0, 1.0), *none, *none, options)
    illuminant = (1.0, 1.0, 1.0) if gray else _estimate_illuminant(linear, usable)
    dark, light = _quantiles(linear, usable)
    matrix = _balance_matrix(illuminant, 1.0)
    balanced = (dark, light) if matrix is None else _quantiles(transform(linear, matrix), usable)
    return ColourPlan(space, illuminant, dark, light, *balanced, options)


def apply_colour(
    pixels: np.ndarray,
    plan: ColourPlan,
    *,
    out: np.ndarray | None = None,
    strip_pixels: int = 1 << 20,
) -> np.ndarray:
    """``pixels`` with ``plan`` applied: a new array, or ``out`` (which may be ``pixels``).

    Alpha is copied unchanged; a plan that does nothing gives the pixels back unchanged (copied
    into ``out`` if one is given). Work goes in strips of about ``strip_pixels`` pixels, so a
    huge upscaled image needs little extra memory. For an image whose own primaries are the
    working ones (sRGB, tagged or not, and gray) the per-channel steps are lookup tables,
    computed exactly: a megapixel takes a few tens of milliseconds. Other profiles go through
    float32 all the way.
    """
    target = np.empty_like(pixels) if out is None else out
    if target.shape != pixels.shape or target.dtype != pixels.dtype:
        raise ValueError("out must have the shape and type of pixels")
    if plan.is_identity:
        if target is not pixels:
            target[...] = pixels
        return target
    converter = Converter.for_space(plan.space)
    matrix = plan.white_balance()
    tones = _channel_tones(plan)
    rows = max(1, strip_pixels // max(1, pixels.shape[1]))
    if not converter.per_channel:
        run: Callable[[np.ndarray, np.ndarray], None] = partial(
            _float_strip, converter=converter, matrix=matrix, tones=tones
        )
    elif matrix is None:
        run = partial(_code_strip, tables=converter.code_tables(tones, pixels.dtype))
    else:
        run = partial(
            _linear_strip,
            converter=converter,
            matrix=matrix,
            tables=converter.linear_tables(tones, pixels.dtype),
        )
    has_alpha = pixels.ndim == 3 and pixels.shape[2] == 4
    for start in range(0, pixels.shape[0], rows):
        strip, result = pixels[start : start + rows], target[start : start + rows]
        run(strip, result)
        if has_alpha and result is not strip:
            result[..., 3] = strip[..., 3]
    return target


def _code_strip(strip: np.ndarray, result: np.ndarray, *, tables: list[np.ndarray]) -> None:
    """Every channel through its table of codes (no white balance: channels stay apart)."""
    if strip.ndim == 2:
        result[...] = tables[0][strip]
        return
    for channel, table in enumerate(tables):  # tables are R, G, B (or gray); pixels B, G, R
        index = 0 if len(tables) == 1 else 2 - channel
        result[..., index] = table[strip[..., index]]


def _linear_strip(
    strip: np.ndarray,
    result: np.ndarray,
    *,
    converter: Converter,
    matrix: np.ndarray,
    tables: list[np.ndarray],
) -> None:
    """Decode, white balance (a matrix mixes the channels), then each channel's table from
    linear light straight to output codes."""
    linear = transform(converter.decode(strip), matrix)
    steps = np.float32(len(tables[0]) - 1)
    for channel, table in enumerate(tables):
        position = np.clip(linear[..., channel], 0.0, 1.0) * steps + np.float32(0.5)
        result[..., 2 - channel] = table[position.astype(np.int32)]


def _float_strip(
    strip: np.ndarray,
    result: np.ndarray,
    *,
    converter: Converter,
    matrix: np.ndarray | None,
    tones: list[Tone],
) -> None:
    linear = converter.decode(strip)
    if matrix is not None:
        linear = transform(linear, matrix)
    if linear.ndim == 2:
        linear = tones[0](linear)
    else:
        for channel, tone in enumerate(tones):
            linear[..., channel] = tone(linear[..., channel])
    converter.encode(linear, strip.dtype, result)


Tone = Callable[[np.ndarray], np.ndarray]


def _channel_tones(plan: ColourPlan) -> list[Tone]:
    """Each working channel's levels, linear light in and out."""
    channels = 1 if plan.space.is_gray else 3
    points = plan.levels()
    tones: list[Tone] = []
    for channel in range(channels):
        low, high = (0.0, 1.0) if points is None else (points[0][channel], points[1][channel])
        tones.append(partial(_tone, low=float(low), high=float(high)))
    return tones


def _tone(linear: np.ndarray, *, low: float, high: float) -> np.ndarray:
    if low == 0.0 and high == 1.0:
        return linear
    stretched = (srgb_encode(linear) - np.float32(low)) * np.float32(1.0 / (high - low))
    return srgb_decode(stretched)


# -- analysis -----------------------------------------------------------------------------------


def _opaque(pixels: np.ndarray) -> np.ndarray:
    """Pixels the statistics may use: all but fully transparent ones."""
    if pixels.ndim == 3 and pixels.shape[2] == 4:
        return pixels[..., 3] > 0
    return np.ones(pixels.shape[:2], dtype=bool)


def _estimate_illuminant(linear: np.ndarray, usable: np.ndarray) -> tuple[float, float, float]:
    """The light's colour (G = 1) as the median of four estimates; neutral for a small cast,
    and for a cast not much larger than the estimates' disagreement."""
    good = usable & (_brightest(linear) < _CLIPPED) & (_darkest(linear) > _DARK)
    if np.count_nonzero(good) < 64:
        return (1.0, 1.0, 1.0)
    estimates = [
        np.array([np.percentile(linear[..., c][good], 99.5) for c in range(3)]),
        _weighted_grey_edge(linear, good),
        _grey_edge(linear, good, order=2),
        _grey_pixels(linear, good),
    ]
    return _combined(np.array([log_chroma(e) for e in estimates]))


def _combined(points: np.ndarray) -> tuple[float, float, float]:
    """The light (G = 1) from estimates in log-chromaticity (one per row): their median, made
    weaker near neutral, the more so the farther apart the estimates lie."""
    chroma = np.median(points, axis=0)
    spread = float(np.max(np.hypot(*(points - chroma).T)))
    ignored = CAST_IGNORED + min(SPREAD_WEIGHT * spread, SPREAD_MOST)
    distance = float(np.hypot(*chroma))
    weight = np.clip((distance - ignored) / (CAST_FULL - CAST_IGNORED), 0.0, 1.0)
    u, v = chroma * weight
    return (float(np.exp(u)), 1.0, float(np.exp(v)))


def _weighted_grey_edge(linear: np.ndarray, good: np.ndarray) -> np.ndarray:
    """First-order grey edge over the edges that run along the light's colour (Gijsenij, Gevers
    and van de Weijer, "Improving color constancy by photometric edge weighting", PAMI 2012). An
    edge whose change in RGB points along the light (a highlight, a shadow on grey, a change of
    brightness of a grey surface) says more about the light than one between two colours; each
    edge is weighted by the share of its change along the light raised to
    :data:`EDGE_WEIGHT_POWER`. The light's direction is the estimate itself, so it is found by
    iteration from neutral. Gaussian derivatives of sigma 1, Minkowski p=6 norm as in
    :func:`_grey_edge`."""
    # One plane per channel: numpy is slow over a short last axis.
    smooth = [gaussian_blur(np.ascontiguousarray(linear[..., c]), 1.0) for c in range(3)]
    dx = [sobel(plane, 1, 0) for plane in smooth]
    dy = [sobel(plane, 0, 1) for plane in smooth]
    squares = [x * x + y * y for x, y in zip(dx, dy, strict=True)]  # squared edge strengths
    # Flat pixels weigh nothing, whatever their weight.
    edges = good & (np.maximum(np.maximum(squares[0], squares[1]), squares[2]) > 1e-8)
    # The change along grey after gains g is g.T M g per pixel, M = dx dx.T + dy dy.T (symmetric:
    # its diagonal is ``squares``, the three entries above it ``cross``).
    pairs = [(0, 1), (0, 2), (1, 2)]
    cross = [(dx[i] * dx[j] + dy[i] * dy[j])[edges] for i, j in pairs]
    strength = [plane[edges] for plane in squares]
    powered = [plane * plane * plane for plane in strength]
    light = np.ones(3)
    for _ in range(EDGE_WEIGHT_STEPS):
        gains = (1 / light).astype(np.float32)
        total = sum(gains[c] * gains[c] * strength[c] for c in range(3))
        mixed = zip(pairs, cross, strict=True)
        along = total + 2 * sum(gains[i] * gains[j] * m for (i, j), m in mixed)
        shared = np.clip(along / (3 * total + np.float32(1e-30)), 0.0, 1.0)  # the share, squared
        weight = shared ** np.float32(EDGE_WEIGHT_POWER / 2)
        norms = np.array([float(weight @ plane) for plane in powered]) ** (1 / 6)
        if not np.all(norms > 0):
            return np.ones(3)
        light = norms / norms[1]
    return light


def _grey_pixels(linear: np.ndarray, good: np.ndarray) -> np.ndarray:
    """The summed colour of the :data:`GREY_PIXELS` fraction of pixels most likely grey: the
    grey index of Qian et al. (CVPR 2019, after Yang et al., CVPR 2015). Under one light a grey
    surface's log-chromaticity (log R/sum, log B/sum) does not change where its brightness does:
    the Laplacian of Gaussian (sigma 1) of the log-chromaticity, relative to that of the log
    channels (the local contrast), is near 0 there, whatever the light (a per-channel gain only
    adds a constant in the log). Averaged over 7x7 pixels (one noisy pixel is no grey surface);
    flat pixels (no contrast), clipped and dark ones are never chosen."""
    logs = np.log(np.maximum(linear, np.float32(1e-4)))
    total = np.log(np.maximum(linear.sum(axis=2), np.float32(3e-4)))
    contrast = np.abs(laplacian(gaussian_blur(logs, 1.0)))
    mean = contrast.mean(axis=2)
    changes = [laplacian(gaussian_blur(logs[..., c] - total, 1.0)) for c in (0, 2)]
    index = _magnitude(*changes) / (mean + np.float32(1e-6))
    bad = ~good | (mean <= 0)
    index = box_blur(np.where(bad, np.float32(1e3), index).astype(np.float32), 7)
    index[bad] = np.inf
    count = max(16, int(GREY_PIXELS * np.count_nonzero(good)))
    flat = index.ravel()
    chosen = np.argpartition(flat, min(count, flat.size - 1))[:count]
    chosen = chosen[np.isfinite(flat[chosen])]
    return linear.reshape(-1, 3)[chosen].sum(axis=0, dtype=np.float64)


def _grey_edge(linear: np.ndarray, good: np.ndarray, *, order: int) -> np.ndarray:
    """Minkowski p=6 norm of each channel's first (gradient) or second (Laplacian) derivative."""
    norms = []
    for channel in range(3):
        smooth = gaussian_blur(np.ascontiguousarray(linear[..., channel]), 1.0)
        if order == 1:
            edges = _magnitude(sobel(smooth, 1, 0), sobel(smooth, 0, 1))
        else:
            edges = np.abs(laplacian(smooth))
        squared = np.square(edges[good])
        norms.append(np.mean(squared * squared * squared, dtype=np.float64) ** (1 / 6))
    return np.array(norms)


def _magnitude(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``sqrt(x * x + y * y)`` in float32 (as OpenCV's ``magnitude``)."""
    return np.sqrt(x * x + y * y)


def _balance_matrix(illuminant: tuple[float, float, float], strength: float) -> np.ndarray | None:
    """Linear working RGB matrix that adapts ``illuminant`` (raised to ``strength``) to the
    neutral D50 white: von Kries scaling in the Bradford cone space, the chromatic adaptation
    ICC profiles use. The light's strongest channel keeps its value (the light at full scale
    becomes white, no channel of it is darkened), as a camera's white balance gains do (dcraw
    normalises its multipliers so that the smallest is 1). Keeping the light's luminance instead
    darkens the whole picture by the strength of the cast, and a darker colour has less chroma:
    even with the true light, that left 7-20% of the Set14 test casts, this 1-3%."""
    if strength <= 0 or illuminant == (1.0, 1.0, 1.0):
        return None
    rgb = np.power(np.asarray(illuminant, dtype=np.float64), strength)
    light = SRGB_TO_XYZ @ rgb
    adapt = bradford_adaptation(light, D50 * rgb.max())
    return XYZ_TO_SRGB @ adapt @ SRGB_TO_XYZ


def _quantiles(
    linear: np.ndarray, usable: np.ndarray
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Each channel's clip-fraction quantiles at both ends."""
    channels = [linear[..., c][usable] for c in range(linear.shape[2])]
    dark = tuple(float(np.quantile(v, CLIP_FRACTION)) for v in channels)
    light = tuple(float(np.quantile(v, 1 - CLIP_FRACTION)) for v in channels)
    return dark, light


def _mixed(plain: tuple[float, ...], balanced: tuple[float, ...], mix: float) -> np.ndarray:
    """Perceptual quantiles for a white balance of strength ``mix`` (0: none, 1: full)."""
    ends = [srgb_encode(np.asarray(v, dtype=np.float32)) for v in (plain, balanced)]
    return ((1 - mix) * ends[0] + mix * ends[1]).astype(np.float64)


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
    """Black and white points with the dead zones and the gain cap applied: both ends move
    together once both are off (a fade), one end alone only when it is far off."""
    low = float(np.clip(low, 0.0, 1.0))
    high = float(np.clip(high, 0.0, 1.0))
    both = _ramp(min(low, 1 - high), FADE_IGNORED, FADE_FULL)
    low *= max(both, _ramp(low, LEVELS_IGNORED, LEVELS_FULL))
    high = 1 - (1 - high) * max(both, _ramp(1 - high, LEVELS_IGNORED, LEVELS_FULL))
    if high - low < 1 / MAX_GAIN:  # shrink both moves in proportion until the gain is allowed
        moved = low + (1 - high)
        keep = (1 - 1 / MAX_GAIN) / moved
        low, high = low * keep, 1 - (1 - high) * keep
    return low, high


def _ramp(distance: float, ignored: float, full: float) -> float:
    return float(np.clip((distance - ignored) / (full - ignored), 0.0, 1.0))
