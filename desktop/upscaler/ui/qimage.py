"""Hand display-ready numpy arrays (from ``core.display.to_display``) to Qt.

Large results (24 megapixels) make copies expensive: ``wrap`` shares the array's memory (the
painter draws RGB888/RGBA8888 directly, only the visible part), ``to_pixmap`` makes one copy.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPixmap

_WRAP_FORMATS = {3: QImage.Format.Format_RGB888, 4: QImage.Format.Format_RGBA8888}


def wrap(rgb: np.ndarray) -> QImage:
    """A QImage over the array's own memory, no copy; the image keeps the array alive.

    PySide6 holds a reference to the buffer for as long as the QImage lives; writing to the array
    changes the image.
    """
    channels = _check(rgb)
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, rgb.strides[0], _WRAP_FORMATS[channels])


def to_pixmap(rgb: np.ndarray) -> QPixmap:
    """An independent QPixmap of the array (one copy)."""
    return QPixmap.fromImage(wrap(rgb))


def _check(rgb: np.ndarray) -> int:
    """Refuse anything Qt would misread (wrong dtype, channel count or memory layout)."""
    if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] not in _WRAP_FORMATS:
        raise ValueError(f"expected an HxWx3 or HxWx4 uint8 array, got {rgb.shape} {rgb.dtype}")
    if rgb.strides[1:] != (rgb.shape[2], 1):
        raise ValueError("each row of the array must be contiguous (use core.display.to_display)")
    return rgb.shape[2]
