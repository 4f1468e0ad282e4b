"""The central before/after view of the main window.

Three ways to compare: a split with a draggable divider, two panes side by side whose zoom and
pan move together, and a toggle (hold Space for the original). The original is always drawn at the
output size, so nothing jumps when the result arrives; tiles of a running job appear as they
finish. The window owns the actions and shortcuts and calls the public methods below.
"""

from __future__ import annotations

import enum

import numpy as np
from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QWidget

from upscaler.ui.compare_canvas import CompareCanvas, Content
from upscaler.ui.compare_images import CompareImages
from upscaler.ui.view_state import ViewState


class CompareMode(enum.Enum):
    SPLIT = "split"
    SIDE_BY_SIDE = "side_by_side"
    TOGGLE = "toggle"


class CompareView(QWidget):
    """Before/after compare view.

    Signals: ``zoomChanged(float)`` (1.0 is 100%: one output pixel per screen pixel),
    ``selectionMade(QRect)`` (a Shift+drag rectangle, in input pixels).
    """

    zoomChanged = Signal(float)
    selectionMade = Signal(QRect)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._images = CompareImages(self)
        self._state = ViewState(self)
        self._mode = CompareMode.SPLIT
        self._showing_original = False  # Space held in toggle mode
        self._last_zoom = self._state.zoom()
        self._primary = CompareCanvas(self._images, self._state, self)
        self._secondary = CompareCanvas(self._images, self._state, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._primary, 1)
        layout.addWidget(self._secondary, 1)
        for canvas in (self._primary, self._secondary):
            canvas.selectionMade.connect(self.selectionMade)
        self._primary.installEventFilter(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._retranslate()
        self._state.changed.connect(self._on_state_changed)
        self._images.sizeChanged.connect(self._on_size_changed)
        self._apply_mode()

    # --- pictures ---------------------------------------------------------------------------
    def set_original(
        self, pixels: np.ndarray | None, scale: float = 1.0, *, keep_view: bool = False
    ) -> None:
        """Show a new input image (any core pixel array), drawn at ``scale`` times its size.

        Drops any result and preview and fits the picture to the view. ``None`` empties the view.
        ``keep_view``: a picture of the same size as the one shown (another frame of a clip, the
        same picture corrected) keeps the zoom and position.
        """
        same = (
            keep_view
            and pixels is not None
            and self._images.input_size() == QSize(pixels.shape[1], pixels.shape[0])
        )
        self._images.set_original(pixels, scale)
        if not same:
            self.zoom_to_fit()

    def set_scale(self, scale: float) -> None:
        """The output scale changed (another model): drops result and preview; the picture stays."""
        self._images.set_scale(scale)

    def begin_result(self, width: int, height: int) -> None:
        """A run of this output size started; tiles given to ``update_tile`` appear as they come."""
        self._images.begin_result(width, height)

    def update_tile(self, x: int, y: int, pixels: np.ndarray) -> None:
        """A finished tile at (x, y) in output pixels; repaints only that area."""
        self._images.update_tile(x, y, pixels)

    def set_result(self, pixels: np.ndarray) -> None:
        """The complete result (any core pixel array of the output size)."""
        self._images.set_result(pixels)

    def clear_result(self) -> None:
        self._images.clear_result()

    def has_result(self) -> bool:
        """A result is shown, complete or in progress."""
        return self._images.has_result_layer()

    def set_preview(self, region: QRect, pixels: np.ndarray) -> None:
        """Draw a preview result of ``region`` (input pixels) over the original."""
        self._images.set_preview(region, pixels)

    def clear_preview(self) -> None:
        self._images.clear_preview()

    def has_preview(self) -> bool:
        return self._images.preview is not None

    def visible_source_region(self) -> QRect:
        """The part of the input image currently visible, in input pixels (empty if none)."""
        return self._primary.visible_source_rect()

    def set_empty_text(self, text: str) -> None:
        """The hint painted when there is no image (the window passes it translated)."""
        self._primary.set_empty_text(text)

    # --- mode -------------------------------------------------------------------------------
    def mode(self) -> CompareMode:
        return self._mode

    def set_mode(self, mode: CompareMode) -> None:
        self._mode = mode
        self._showing_original = False
        self._apply_mode()

    def split_position(self) -> float:
        return self._primary.split_position()

    def set_split_position(self, position: float) -> None:
        """Where the divider sits, 0 (left edge) to 1 (right edge)."""
        self._primary.set_split_position(position)

    # --- zoom -------------------------------------------------------------------------------
    def zoom(self) -> float:
        return self._state.zoom()

    def set_zoom(self, zoom: float) -> None:
        """Zoom around the middle of the view (1.0 is 100%)."""
        self._state.set_zoom(zoom, self._primary.view_size())

    def zoom_to_fit(self) -> None:
        """Show the whole picture; stays fitted when the window resizes, until the next zoom."""
        self._state.fit(self._primary.view_size())

    def zoom_actual(self) -> None:
        """100%: one output pixel per screen pixel."""
        self.set_zoom(1.0)

    def zoom_in(self) -> None:
        self._state.step_zoom(+1, self._primary.view_size())

    def zoom_out(self) -> None:
        self._state.step_zoom(-1, self._primary.view_size())

    def canvases(self) -> tuple[CompareCanvas, CompareCanvas]:
        """The two panes (the second is hidden unless side by side); for tests and tools."""
        return self._primary, self._secondary

    # --- events -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Space and self._mode == CompareMode.TOGGLE:
            if not event.isAutoRepeat():
                self._show_original(True)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Space and self._mode == CompareMode.TOGGLE:
            if not event.isAutoRepeat():
                self._show_original(False)
            event.accept()
            return
        super().keyReleaseEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()  # the captions are painted text: they do not relabel themselves
        super().changeEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        self._show_original(False)  # the release may go to another window
        super().focusOutEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # The panes, not the view, define the visible area (side by side, each is half of it).
        if event.type() == QEvent.Type.Resize and watched is self._primary:
            self._refit_if_fitted()
        return super().eventFilter(watched, event)

    # --- internals --------------------------------------------------------------------------
    def _retranslate(self) -> None:
        for canvas in (self._primary, self._secondary):
            canvas.set_labels(self.tr("Original"), self.tr("Result"))
            canvas.set_preview_label(self.tr("Preview"))
        self.setAccessibleName(self.tr("Image comparison"))

    def _apply_mode(self) -> None:
        side_by_side = self._mode == CompareMode.SIDE_BY_SIDE
        self._secondary.setVisible(side_by_side)
        self._secondary.set_content(Content.RESULT)
        if side_by_side:
            self._primary.set_content(Content.ORIGINAL)
        elif self._mode == CompareMode.SPLIT:
            self._primary.set_content(Content.SPLIT)
        else:
            shown = Content.ORIGINAL if self._showing_original else Content.RESULT
            self._primary.set_content(shown)

    def _show_original(self, show: bool) -> None:
        if show != self._showing_original:
            self._showing_original = show
            self._apply_mode()

    def _refit_if_fitted(self) -> None:
        if self._state.fit_mode:
            self._state.fit(self._primary.view_size())

    def _on_size_changed(self) -> None:
        self._state.set_content_size(self._images.scene_size())
        self._refit_if_fitted()

    def _on_state_changed(self) -> None:
        zoom = self._state.zoom()
        if zoom != self._last_zoom:
            self._last_zoom = zoom
            self.zoomChanged.emit(zoom)
