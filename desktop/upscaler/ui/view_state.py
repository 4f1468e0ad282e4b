"""Zoom and centre of a compare view, shareable so side-by-side panes move as one.

Coordinates: "scene" units are output pixels (the result's pixels; the original is drawn scaled up
to the same size); "view" units are widget pixels. The scene point ``centre`` is shown at the
middle of every pane, so two panes of the same size that share one state show the same region.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, QPointF, QRectF, QSizeF, Signal

MIN_ZOOM = 0.02
MAX_ZOOM = 64.0
WHEEL_STEP = 1.25  # zoom factor per wheel notch (120 eighths of a degree)
ZOOM_STEPS = (0.02, 0.05, 0.1, 1 / 6, 0.25, 1 / 3, 0.5, 2 / 3, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0,
              12.0, 16.0, 24.0, 32.0, 48.0, 64.0)  # fmt: skip


class ViewState(QObject):
    """The zoom (view pixels per scene pixel) and the scene point at the middle of the view."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._content = QSizeF()
        self._zoom = 1.0
        self._centre = QPointF()
        self.fit_mode = True  # re-fit on resize until the user zooms by hand

    def zoom(self) -> float:
        return self._zoom

    def centre(self) -> QPointF:
        return QPointF(self._centre)

    def content_size(self) -> QSizeF:
        return QSizeF(self._content)

    def set_content_size(self, size: QSizeF) -> None:
        """Change the scene size (e.g. a new output scale) without moving the picture on screen.

        The old and new scenes show the same image, so scaling zoom and centre by the size ratio
        keeps every image point where it was.
        """
        old = self._content
        self._content = QSizeF(size)
        if old.isEmpty() or size.isEmpty():
            self._centre = QPointF(size.width() / 2, size.height() / 2)
            self._emit_if(True)
            return
        ratio = size.width() / old.width()
        self._zoom = _clamp_zoom(self._zoom / ratio)
        self._centre = QPointF(
            self._centre.x() * ratio, self._centre.y() * size.height() / old.height()
        )
        self._clamp_centre()
        self.changed.emit()

    def origin(self, view: QSizeF) -> QPointF:
        """Where the scene's top-left corner lands in the view, snapped to whole view pixels.

        Snapping keeps pixel boundaries on screen-pixel boundaries, so at an integer zoom each scene
        pixel is an exact block.
        """
        return QPointF(
            round(view.width() / 2 - self._centre.x() * self._zoom),
            round(view.height() / 2 - self._centre.y() * self._zoom),
        )

    def to_scene(self, point: QPointF, view: QSizeF) -> QPointF:
        return (point - self.origin(view)) / self._zoom

    def to_view(self, point: QPointF, view: QSizeF) -> QPointF:
        return point * self._zoom + self.origin(view)

    def visible_scene_rect(self, view: QSizeF) -> QRectF:
        """The part of the scene a view of this size shows (may extend past the content)."""
        top_left = self.to_scene(QPointF(0, 0), view)
        return QRectF(top_left, QSizeF(view.width() / self._zoom, view.height() / self._zoom))

    def fit(self, view: QSizeF) -> None:
        """Show the whole content as large as the view allows (up to MAX_ZOOM), centred.

        Capped so that a tiny image (1x1) is not fitted above the largest zoom step, where
        Zoom In would have nowhere to go but down.
        """
        self.fit_mode = True
        if self._content.isEmpty() or view.isEmpty():
            return
        zoom = _clamp_zoom(
            min(view.width() / self._content.width(), view.height() / self._content.height())
        )
        self._set(zoom, QPointF(self._content.width() / 2, self._content.height() / 2))

    def set_zoom(self, zoom: float, view: QSizeF, anchor: QPointF | None = None) -> None:
        """Zoom so that the scene point under ``anchor`` (view pixels) stays under it."""
        self.fit_mode = False
        zoom = _clamp_zoom(zoom)
        if anchor is None:
            self._set(zoom, self._centre)
            return
        scene = (anchor - self.origin(view)) / self._zoom
        middle = QPointF(view.width() / 2, view.height() / 2)
        self._set(zoom, scene + (middle - anchor) / zoom)

    def zoom_by_wheel(self, notches: float, view: QSizeF, anchor: QPointF) -> None:
        self.set_zoom(self._zoom * WHEEL_STEP**notches, view, anchor)

    def step_zoom(self, direction: int, view: QSizeF) -> None:
        """Move to the next preset zoom up (+1) or down (-1), around the view's middle."""
        if direction > 0:
            candidates = [z for z in ZOOM_STEPS if z > self._zoom * 1.001]
            target = candidates[0] if candidates else MAX_ZOOM
        else:
            candidates = [z for z in ZOOM_STEPS if z < self._zoom / 1.001]
            target = candidates[-1] if candidates else MIN_ZOOM
        self.set_zoom(target, view)

    def pan_by(self, delta: QPointF) -> None:
        """Move the picture by ``delta`` view pixels (dragging it)."""
        self.fit_mode = False
        self._set(self._zoom, self._centre - delta / self._zoom)

    def _set(self, zoom: float, centre: QPointF) -> None:
        changed = not math.isclose(zoom, self._zoom) or centre != self._centre
        self._zoom, self._centre = zoom, QPointF(centre)
        self._emit_if(self._clamp_centre() or changed)

    def _clamp_centre(self) -> bool:
        """Keep some of the picture in view: the centre stays over the content."""
        x = min(max(self._centre.x(), 0.0), self._content.width())
        y = min(max(self._centre.y(), 0.0), self._content.height())
        moved = x != self._centre.x() or y != self._centre.y()
        self._centre = QPointF(x, y)
        return moved

    def _emit_if(self, changed: bool) -> None:
        if changed:
            self.changed.emit()


def _clamp_zoom(zoom: float) -> float:
    return min(max(zoom, MIN_ZOOM), MAX_ZOOM)
