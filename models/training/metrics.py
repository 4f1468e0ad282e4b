"""The SR literature's metric: PSNR on the Y channel (ITU-R BT.601, 16..235) with a border shaved.

Kept here (not imported from the app) so the training pipeline stands alone; it follows the same
convention as ``upscaler-cli bench quality``.
"""

from __future__ import annotations

import numpy as np


def y_channel(bgr: np.ndarray) -> np.ndarray:
    """BT.601 luma of a BGR uint8 image, as float64 in 16..235 (MATLAB rgb2ycbcr)."""
    b, g, r = (bgr[..., i].astype(np.float64) for i in range(3))
    return 16.0 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0


def psnr_y(sr: np.ndarray, hr: np.ndarray, border: int) -> float:
    a = y_channel(sr)[border:-border, border:-border]
    b = y_channel(hr)[border:-border, border:-border]
    mse = float(np.mean((a - b) ** 2))
    return float("inf") if mse == 0 else 10.0 * np.log10(255.0**2 / mse)
