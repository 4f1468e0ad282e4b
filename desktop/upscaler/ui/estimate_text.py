"""The status bar's before-the-run line: peak memory and time, from ``core.estimate``."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication

from upscaler.core.catalog import ModelInfo
from upscaler.core.estimate import estimate
from upscaler.core.units import format_duration
from upscaler.ui.formatting import human_size


def estimate_text(info: ModelInfo, pixels: np.ndarray, tile: int | None) -> str:
    """``Estimate: 1.2 GB of memory, about 0:35 (12 tiles)`` in the user's language."""
    height, width = pixels.shape[:2]
    channels = 1 if pixels.ndim == 2 else pixels.shape[2]
    cost = estimate(
        width,
        height,
        channels,
        info,
        tile=tile,
        bytes_per_sample=pixels.dtype.itemsize,
    )
    translate = QCoreApplication.translate
    if cost.seconds < 1:
        time = translate("RunStatus", "under a second")
    else:
        time = translate("RunStatus", "about {time}").format(time=format_duration(cost.seconds))
    if cost.tiles == 1:
        text = translate("RunStatus", "Estimate: {memory} of memory, {time}")
    else:
        text = translate("RunStatus", "Estimate: {memory} of memory, {time} ({tiles} tiles)")
    return text.format(memory=human_size(cost.peak_bytes), time=time, tiles=cost.tiles)
