"""The status bar's before-the-run line: peak memory and time, from ``core.estimate``."""

from __future__ import annotations

import numpy as np

from upscaler.core.catalog import ModelInfo


def estimate_text(info: ModelInfo, pixels: np.ndarray, tile: int | None) -> str:
    """Empty until core/estimate.py lands."""
    return ""
