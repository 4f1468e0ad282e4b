"""Which part of the image a preview runs on: what is visible, capped so it takes a moment.

At "fit" zoom the visible part is the whole image, and a preview of everything is just a full run
without progress; so the area is cut down to a window around its centre, smaller for slow models.
"""

from __future__ import annotations

from PySide6.QtCore import QRect

from upscaler.core.catalog import ModelInfo

#: Largest preview side in input pixels, by the catalog's speed class.
MAX_SIDE = {"instant": 1024, "fast": 512, "medium": 320, "slow": 192}


def preview_area(wanted: QRect, width: int, height: int, info: ModelInfo) -> QRect:
    """``wanted`` (input pixels) inside the image, at most ``MAX_SIDE`` a side, same centre."""
    area = wanted.intersected(QRect(0, 0, width, height))
    if area.isEmpty():
        return QRect()
    side = MAX_SIDE.get(info.speed, 256)
    w, h = min(area.width(), side), min(area.height(), side)
    x = area.x() + (area.width() - w) // 2
    y = area.y() + (area.height() - h) // 2
    return QRect(x, y, w, h)
