"""Pixels (OpenCV order, 8 or 16 bits, in the image's own encoding) to and from the linear
working space of :mod:`upscaler.core.adjust.space`, in float32.

The way in is a lookup table per channel (every 8- or 16-bit code decoded once), then one 3x3
matrix from the image's primaries to the working primaries; the way out is the inverse matrix and
the image's own tone curve, rounded to the nearest code. Nothing passes through 8 bits, so a
16-bit image keeps its precision; an sRGB image's matrices are the identity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from upscaler.core.adjust.icc import ImageSpace
from upscaler.core.adjust.space import XYZ_TO_SRGB
from upscaler.core.imageops.pointwise import transform

Tone = Callable[[np.ndarray], np.ndarray]
#: Steps of :meth:`Converter.linear_tables` by bytes per sample of the output.
LINEAR_STEPS = {1: 1 << 16, 2: 1 << 20}


@dataclass(frozen=True)
class Converter:
    """Conversions for one image space; ``to_working`` maps the image's linear RGB to linear
    working RGB (None for gray, which has no primaries to change)."""

    space: ImageSpace
    to_working: np.ndarray | None = field(default=None, compare=False)

    @classmethod
    def for_space(cls, space: ImageSpace) -> Converter:
        if space.is_gray or space.to_xyz is None:
            return cls(space)
        return cls(space, XYZ_TO_SRGB @ space.to_xyz)

    @property
    def per_channel(self) -> bool:
        """True when each working channel is one of the image's own channels (gray, or the
        image's primaries are the working ones): corrections then work code by code."""
        return self.to_working is None or _is_identity(self.to_working)

    def code_tables(self, tones: list[Tone], dtype: np.dtype) -> list[np.ndarray]:
        """For a :attr:`per_channel` space: each channel's table from input code to output code
        with ``tones[c]`` (linear light in and out) applied between decoding and encoding."""
        maximum = np.iinfo(dtype).max
        codes = np.arange(maximum + 1, dtype=np.float32) / maximum
        return [
            _to_codes(curve.encode(tone(curve.decode(codes))), float(maximum), dtype)
            for curve, tone in zip(self.space.curves, tones, strict=True)
        ]

    def linear_tables(self, tones: list[Tone], dtype: np.dtype) -> list[np.ndarray]:
        """For a :attr:`per_channel` space: each channel's table from linear light (0..1 in
        :data:`LINEAR_STEPS` even steps; nearest step) to output code with ``tones[c]`` applied.
        The steps are fine enough to land on the exact code but for rare ties: at the steepest
        point of the sRGB curve (black) a step moves the output by 1/50 of an 8-bit code and
        4/5 of a 16-bit one. Values outside 0..1 clip, as they would in the output anyway."""
        maximum = float(np.iinfo(dtype).max)
        steps = LINEAR_STEPS[np.dtype(dtype).itemsize]
        light = np.linspace(0.0, 1.0, steps, dtype=np.float32)
        return [
            _to_codes(curve.encode(tone(light)), maximum, dtype)
            for curve, tone in zip(self.space.curves, tones, strict=True)
        ]

    def decode(self, pixels: np.ndarray) -> np.ndarray:
        """Colour channels of ``pixels`` (HxW, HxWx3 BGR or HxWx4 BGRA, uint8/uint16) to linear
        light: HxWx3 working RGB, or HxW for gray (float32). Alpha is not read."""
        maximum = np.iinfo(pixels.dtype).max
        codes = np.arange(maximum + 1, dtype=np.float32) / maximum
        if self.space.is_gray:
            lut = self.space.curves[0].decode(codes)
            return lut[pixels if pixels.ndim == 2 else pixels[..., 0]]
        rgb: np.ndarray = np.empty(pixels.shape[:2] + (3,), dtype=np.float32)
        for channel, curve in enumerate(self.space.curves):
            rgb[..., channel] = curve.decode(codes)[pixels[..., 2 - channel]]
        if self.to_working is not None and not _is_identity(self.to_working):
            rgb = transform(rgb, self.to_working)
        return rgb

    def encode(self, linear: np.ndarray, dtype: np.dtype, out: np.ndarray) -> None:
        """Linear working values (as :meth:`decode` returns) back into the colour channels of
        ``out`` (same layout as the decoded pixels), rounded to ``dtype``'s codes and clipped."""
        maximum = float(np.iinfo(dtype).max)
        if self.space.is_gray:
            encoded = self.space.curves[0].encode(linear)
            target = out if out.ndim == 2 else out[..., 0]
            target[...] = _to_codes(encoded, maximum, dtype)
            return
        own = linear
        if self.to_working is not None and not _is_identity(self.to_working):
            own = transform(linear, np.linalg.inv(self.to_working))
        for channel, curve in enumerate(self.space.curves):
            out[..., 2 - channel] = _to_codes(curve.encode(own[..., channel]), maximum, dtype)


def _to_codes(encoded: np.ndarray, maximum: float, dtype: np.dtype) -> np.ndarray:
    return np.clip(np.rint(encoded * maximum), 0, maximum).astype(dtype)


def _is_identity(matrix: np.ndarray) -> bool:
    """sRGB profiles' colorants differ from each other's in the fourth decimal (16.16 fixed
    point, rounding, Pillow's own sRGB): treat that as the identity rather than spend a matrix
    product on a difference of a few hundredths of a percent."""
    return bool(np.allclose(matrix, np.eye(3), atol=1e-3))
