"""ui/qimage.py: numpy arrays to QImage without a copy, and without dangling memory."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest
from PySide6.QtGui import QImage

from upscaler.ui.qimage import to_pixmap, wrap


def test_wrap_shares_memory_and_reads_rgb_order(qapp) -> None:
    rgb = np.zeros((2, 3, 3), np.uint8)
    rgb[1, 2] = (10, 20, 30)
    image = wrap(rgb)
    assert (image.width(), image.height(), image.format()) == (3, 2, QImage.Format.Format_RGB888)
    assert image.pixelColor(2, 1).getRgb() == (10, 20, 30, 255)
    rgb[0, 0] = (1, 2, 3)  # no copy: the image sees the change
    assert image.pixelColor(0, 0).getRgb() == (1, 2, 3, 255)


def test_wrap_keeps_the_array_alive_as_long_as_the_image(qapp) -> None:
    rgba = np.full((4, 5, 4), (9, 8, 7, 200), np.uint8)
    alive = weakref.ref(rgba)
    image = wrap(rgba)
    del rgba
    gc.collect()
    assert alive() is not None
    assert image.pixelColor(4, 3).getRgb() == (9, 8, 7, 200)
    del image
    gc.collect()
    assert alive() is None


def test_to_pixmap_is_an_independent_copy(qapp) -> None:
    rgb = np.full((2, 2, 3), 50, np.uint8)
    pixmap = to_pixmap(rgb)
    rgb[:] = 0
    assert pixmap.toImage().pixelColor(1, 1).getRgb() == (50, 50, 50, 255)


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((2, 2, 3), np.uint16),
        np.zeros((2, 2), np.uint8),
        np.zeros((2, 2, 2), np.uint8),
        np.zeros((2, 4, 3), np.uint8)[:, ::2],  # pixels not adjacent in memory
    ],
)
def test_wrap_refuses_what_qt_would_misread(qapp, bad: np.ndarray) -> None:
    with pytest.raises(ValueError):
        wrap(bad)
