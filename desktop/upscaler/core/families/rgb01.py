"""Networks fed RGB in 0..1 with no mean (DAT-light, waifu2x, Real-ESRGAN, RealSR); output clipped.

The convention of BasicSR-trained PyTorch models and of the ncnn programs these weights come from:
BGR pixels are reversed to RGB planes, divided by the peak value (255, or 65535 for 16-bit, which
thus keeps its precision), the output is clipped to 0..1, scaled back and rounded. Gray pictures go
through as three equal channels and come back as the output's luma.
"""

from __future__ import annotations

import numpy as np

from upscaler.core.families.base import Family, max_value, run_checked, to_dtype
from upscaler.core.imageops import channels
from upscaler.core.runtime.base import Backend


class Rgb01Family(Family):
    """RGB 0..1 in, RGB out, clipped; ``border`` edge pixels added for an unpadded network."""

    channels = 3

    def __init__(
        self,
        key: str,
        *,
        border: int = 0,
        feature_bytes: int,
        upsample_bytes: int = 0,
        **facts: object,
    ) -> None:
        """``border``: pixels per side an unpadded network eats (waifu2x UpConv7: 7), added by
        repeating the tile's edge pixels as waifu2x does; the tile's margin covers them inside
        the picture. ``feature_bytes``/``upsample_bytes``: measured peak bytes per input / output
        pixel under the preferred runtime (sizes Auto tiles)."""
        super().__init__(key, **facts)  # type: ignore[arg-type]
        self.border = border
        self.feature_bytes = feature_bytes
        self.upsample_bytes = upsample_bytes

    def bytes_per_pixel(self, scale: int) -> int:
        return self.feature_bytes + self.upsample_bytes * scale * scale

    def process(self, pixels: np.ndarray, backend: Backend | None, scale: int) -> np.ndarray:
        gray = pixels.ndim == 2
        bgr = channels.gray_to_colour(pixels) if gray else pixels
        inverse = np.float32(1.0 / max_value(pixels.dtype))
        planes = bgr[:, :, ::-1].transpose(2, 0, 1).astype(np.float32) * inverse
        b = self.border
        if b:
            planes = np.pad(planes, ((0, 0), (b, b), (b, b)), mode="edge")
        blob = np.ascontiguousarray(planes[np.newaxis])
        out = run_checked(backend, blob, 3, scale, border=b)[0]
        rgb = np.clip(out, 0.0, 1.0).transpose(1, 2, 0)[:, :, ::-1]
        result: np.ndarray = np.ascontiguousarray(rgb) * np.float32(max_value(pixels.dtype))
        if gray:
            result = channels.to_gray(result)
        return to_dtype(result, pixels.dtype)
