"""Pixels between Qt images and the core, losslessly, through PNG bytes.

Going through the core's own PNG codec (instead of reading QImage memory) keeps every pixel
conversion in ``core`` and treats pasted or dropped image data exactly like an opened file.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage

from upscaler.core.imageio import LoadedImage, decode_bytes, encode_image


def loaded_from_qimage(image: QImage) -> LoadedImage:
    """Core pixels of a QImage (raises ``UpscalerError`` if it cannot be decoded)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return decode_bytes(bytes(buffer.data()))


def qimage_from_pixels(pixels: np.ndarray) -> QImage:
    """A QImage of core pixels (raises ``UpscalerError`` if they cannot be encoded)."""
    data, _warnings = encode_image(pixels, "PNG")
    return QImage.fromData(data, "PNG")
