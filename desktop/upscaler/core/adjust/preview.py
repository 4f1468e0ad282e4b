"""A small stand-in of a picture for live previews of crop and colour."""

from __future__ import annotations

import numpy as np

from upscaler.core.imageops.resample import Interpolation, resize

#: Pixels of a preview proxy: large enough for a screen, small enough to redo on every change.
PROXY_PIXELS = 1_000_000


def make_proxy(pixels: np.ndarray, max_pixels: int = PROXY_PIXELS) -> tuple[np.ndarray, float]:
    """An area-averaged copy of at most ``max_pixels`` pixels and its scale factor (<= 1);
    the pixels themselves (factor 1) when they are small enough. Same layout and depth."""
    height, width = pixels.shape[:2]
    if height * width <= max_pixels:
        return pixels, 1.0
    factor = (max_pixels / (height * width)) ** 0.5
    size = (max(1, int(width * factor)), max(1, int(height * factor)))
    return resize(pixels, *size, Interpolation.AREA), size[0] / width
