"""What a compare view shows, shared by its panes: original, result (maybe partial), preview.

Each picture is converted once when it arrives (``core.display``) and wrapped without a copy;
a repaint then only scales and blits the visible part.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QPoint, QRect, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QRegion

from upscaler.core.display import has_alpha, reductions, to_display
from upscaler.ui.qimage import wrap


class CompareImages(QObject):
    """Holds the layers in scene (output-pixel) coordinates and says what changed.

    ``changed(rect)`` gives the scene rectangle to repaint; a null QRect means everything.
    ``sizeChanged()`` is emitted when the output size (the scene) changes.
    """

    changed = Signal(QRect)
    sizeChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.original: QImage | None = None
        self.result: QImage | None = None
        # Half-size reductions, for drawing zoomed out without aliasing (empty while partial).
        self.original_levels: list[QImage] = []
        self.result_levels: list[QImage] = []
        self.preview: QImage | None = None
        self.preview_rect = QRect()  # scene pixels
        self.covered = QRegion()  # scene pixels of the result that are finished
        self.alpha = False  # some layer has transparency: paint a checkerboard behind
        self._scale = (1.0, 1.0)
        self._output = QSize()
        self._complete = False

    # --- geometry ---------------------------------------------------------------------------
    def output_size(self) -> QSize:
        return QSize(self._output)

    def input_size(self) -> QSize:
        return self.original.size() if self.original is not None else QSize()

    def scale(self) -> tuple[float, float]:
        """Output pixels per input pixel, horizontally and vertically."""
        return self._scale

    def scene_size(self) -> QSizeF:
        return QSizeF(self._output)

    def is_empty(self) -> bool:
        return self.original is None and self.result is None

    def result_complete(self) -> bool:
        """Every pixel of the result is final (nothing of the original shows through)."""
        return self._complete

    def has_result_layer(self) -> bool:
        """A run has started (tiles may be arriving) or finished."""
        return self.result is not None

    # --- changes ----------------------------------------------------------------------------
    def set_original(self, pixels: np.ndarray | None, scale: float = 1.0) -> None:
        self.original, self.original_levels = _with_levels(pixels)
        self._drop_result()
        self._drop_preview()
        self.alpha = pixels is not None and has_alpha(pixels)
        self._scale = (scale, scale)
        self._set_output(self._scaled_input(scale))
        self.changed.emit(QRect())

    def set_scale(self, scale: float) -> None:
        """A new output scale: the result and preview no longer match, so they go."""
        self._drop_result()
        self._drop_preview()
        self._scale = (scale, scale)
        self._set_output(self._scaled_input(scale))
        self.changed.emit(QRect())

    def begin_result(self, width: int, height: int) -> None:
        """Start an empty (transparent) result of the output size for tiles to be painted into."""
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        self._install_result(image, [], QRegion())

    def set_result(self, pixels: np.ndarray) -> None:
        image, levels = _with_levels(pixels)
        assert image is not None  # pixels are given
        self.alpha = self.alpha or has_alpha(pixels)
        self._install_result(image, levels, QRegion(image.rect()))

    def update_tile(self, x: int, y: int, pixels: np.ndarray) -> None:
        """Paint a finished tile (output pixels at x, y) into the result started by begin_result."""
        if self.result is None:
            raise RuntimeError("update_tile before begin_result")
        rgb = to_display(pixels)
        self.alpha = self.alpha or has_alpha(pixels)
        painter = QPainter(self.result)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawImage(QPoint(x, y), wrap(rgb))
        painter.end()
        self.result_levels = []  # stale now; the full-size image still draws correctly
        rect = QRect(x, y, rgb.shape[1], rgb.shape[0]) & self.result.rect()
        self.covered += rect
        self._complete = (QRegion(self.result.rect()) - self.covered).isEmpty()
        self.changed.emit(rect)

    def clear_result(self) -> None:
        self._drop_result()
        self.changed.emit(QRect())

    def set_preview(self, region: QRect, pixels: np.ndarray) -> None:
        """A preview result for ``region`` (input pixels), drawn over the original."""
        sx, sy = self._scale
        self.preview = wrap(to_display(pixels))
        self.alpha = self.alpha or has_alpha(pixels)
        self.preview_rect = QRect(
            round(region.x() * sx), round(region.y() * sy), pixels.shape[1], pixels.shape[0]
        )
        self.changed.emit(QRect())

    def clear_preview(self) -> None:
        self._drop_preview()
        self.changed.emit(QRect())

    # --- internals --------------------------------------------------------------------------
    def _install_result(self, image: QImage, levels: list[QImage], covered: QRegion) -> None:
        self.result, self.result_levels, self.covered = image, levels, covered
        self._complete = not covered.isEmpty()
        input_size = self.input_size()
        if not input_size.isEmpty():
            self._scale = (
                image.width() / input_size.width(),
                image.height() / input_size.height(),
            )
        self._set_output(image.size())
        self.changed.emit(QRect())

    def _scaled_input(self, scale: float) -> QSize:
        size = self.input_size()
        return QSize(round(size.width() * scale), round(size.height() * scale))

    def _set_output(self, size: QSize) -> None:
        if size != self._output:
            self._output = QSize(size)
            self.sizeChanged.emit()

    def _drop_result(self) -> None:
        self.result, self.result_levels, self.covered = None, [], QRegion()
        self._complete = False

    def _drop_preview(self) -> None:
        self.preview, self.preview_rect = None, QRect()


def _with_levels(pixels: np.ndarray | None) -> tuple[QImage | None, list[QImage]]:
    """The display image of a core array and its reductions (``None`` gives nothing)."""
    if pixels is None:
        return None, []
    rgb = to_display(pixels)
    return wrap(rgb), [wrap(level) for level in reductions(rgb)]
