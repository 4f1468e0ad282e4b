"""One pane of the compare view: paints the visible part of the pictures and handles the mouse.

Only the visible part of each image is handed to the painter, so repaints cost in proportion to
the widget, not to a 24-megapixel result. The original is drawn at the output size (scaled by the
model's factor). Below 200% both pictures are smoothed (the original then looks like a plain
interpolated enlargement, a fair baseline); at 100% the result is 1:1, and from 200% up every pixel
is an exact block, so people can judge detail.
"""

from __future__ import annotations

import enum
import math

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from upscaler.ui.compare_images import CompareImages
from upscaler.ui.view_state import ViewState

PIXEL_EXACT_ZOOM = 2.0  # from this zoom up, pixels are drawn as exact blocks (no smoothing)
DIVIDER_GRAB = 6  # view pixels either side of the divider that start dragging it
MIN_SELECTION = 3  # view pixels a Shift+drag must span to count as a rectangle
SOURCE_MARGIN = 2  # extra source pixels so smoothing at the edge of a partial repaint matches
BACKGROUND = QColor(48, 48, 48)
HINT_COLOUR = QColor(200, 200, 200)
CHECKER_LIGHT, CHECKER_DARK = QColor(204, 204, 204), QColor(153, 153, 153)


class Content(enum.Enum):
    """What a pane shows."""

    ORIGINAL = "original"
    RESULT = "result"  # the result; the original (and preview) where it is not finished yet
    SPLIT = "split"  # original left of the divider, result right of it


class _Drag(enum.Enum):
    NONE = enum.auto()
    PAN = enum.auto()
    DIVIDER = enum.auto()
    SELECT = enum.auto()


class CompareCanvas(QWidget):
    """A pane over shared ``CompareImages`` and ``ViewState``.

    ``selectionMade(QRect)`` carries a Shift+drag rectangle in input pixels;
    ``splitMoved(float)`` the divider's new position (0..1 of the width) after a drag.
    """

    selectionMade = Signal(QRect)
    splitMoved = Signal(float)

    def __init__(self, images: CompareImages, state: ViewState, parent: QWidget | None = None):
        super().__init__(parent)
        self._images = images
        self._state = state
        self._content = Content.RESULT
        self._split = 0.5
        self._empty_text = ""
        self._labels = ("", "")
        self._preview_label = ""
        self._drag = _Drag.NONE
        self._last = QPointF()
        self._selection = QRectF()  # view pixels, while selecting
        self._checker = _checker_brush()
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        images.changed.connect(self._on_images_changed)
        state.changed.connect(self.update)

    # --- settings ---------------------------------------------------------------------------
    def content(self) -> Content:
        return self._content

    def set_content(self, content: Content) -> None:
        if content != self._content:
            self._content = content
            self.update()

    def split_position(self) -> float:
        return self._split

    def set_split_position(self, position: float) -> None:
        position = min(max(position, 0.0), 1.0)
        if position != self._split:
            self._split = position
            self.update()

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self.update()

    def set_labels(self, original: str, result: str) -> None:
        """Captions painted in the top corners over each picture; empty strings hide them."""
        self._labels = (original, result)
        self.update()

    def view_size(self) -> QSizeF:
        return QSizeF(self.size())

    def visible_source_rect(self) -> QRect:
        """The visible part of the image in input pixels (empty without an image)."""
        if self._images.original is None:
            return QRect()
        return self._scene_to_input(self._state.visible_scene_rect(self.view_size()))

    def divider_x(self) -> int:
        return round(self._split * self.width())

    def shows_divider(self) -> bool:
        """Split with something to compare: a result (whole or arriving) or a preview."""
        compared = self._images.has_result_layer() or self._images.preview is not None
        return self._content == Content.SPLIT and compared

    def set_preview_label(self, text: str) -> None:
        """The caption over a preview when no result is shown."""
        self._preview_label = text
        self.update()

    # --- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(event.rect(), BACKGROUND)
        if self._images.is_empty():
            self._paint_empty(painter)
            return
        if not self.shows_divider():
            self._paint_content(painter, event.rect(), self._content)
        else:
            divider = self.divider_x()
            left = event.rect() & QRect(0, 0, divider, self.height())
            right = event.rect() & QRect(divider, 0, self.width() - divider, self.height())
            if not left.isEmpty():
                self._paint_content(painter, left, Content.ORIGINAL)
            if not right.isEmpty():
                self._paint_content(painter, right, Content.RESULT)
            self._paint_divider(painter, divider)
        self._paint_labels(painter)
        if not self._selection.isNull():
            painter.setClipping(False)
            painter.setPen(QPen(QColor(255, 255, 255), 1, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(255, 255, 255, 40))
            painter.drawRect(self._selection.normalized())

    def _paint_content(self, painter: QPainter, clip: QRect, content: Content) -> None:
        images, view = self._images, self.view_size()
        painter.setClipRect(clip)
        scene_rect = QRectF(
            self._state.to_scene(QPointF(clip.topLeft()), view),
            QSizeF(clip.width(), clip.height()) / self._state.zoom(),
        )
        if images.alpha:
            painter.fillRect(self._view_rect(QRectF(QPointF(), images.scene_size())), self._checker)
        result_done = images.result_complete()
        if content == Content.ORIGINAL or not result_done:
            self._paint_original(painter, scene_rect)
        if content == Content.ORIGINAL:
            return
        if images.preview is not None:
            self._paint_layer(painter, images.preview, [], QRectF(images.preview_rect), scene_rect)
        if images.result is not None:
            placed = QRectF(images.result.rect())
            self._paint_layer(painter, images.result, images.result_levels, placed, scene_rect)
        if images.preview is not None and not result_done:
            outline = self._view_rect(QRectF(images.preview_rect)).adjusted(0, 0, -1, -1)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for colour, style in ((QColor(0, 0, 0), Qt.PenStyle.SolidLine),
                                  (QColor(255, 255, 255), Qt.PenStyle.DashLine)):  # fmt: skip
                painter.setPen(QPen(colour, 1, style))  # visible on light and dark pictures
                painter.drawRect(outline)

    def _paint_original(self, painter: QPainter, scene_rect: QRectF) -> None:
        images = self._images
        if images.original is not None:
            sx, sy = images.scale()
            size = images.original.size()
            placed = QRectF(0, 0, size.width() * sx, size.height() * sy)
            self._paint_layer(painter, images.original, images.original_levels, placed, scene_rect)

    def _paint_layer(
        self,
        painter: QPainter,
        full: QImage,
        levels: list[QImage],
        placed: QRectF,
        scene_rect: QRectF,
    ) -> None:
        """Draw the visible part of an image that covers ``placed`` (scene pixels).

        Zoomed out, the coarsest reduction whose pixels are still no bigger than a screen pixel
        is drawn instead of the full image, so fine detail averages instead of aliasing.
        """
        zoom = self._state.zoom()
        image = full
        for level in levels:
            if zoom * placed.width() / level.width() <= 1.0 + 1e-9:
                image = level
        sx, sy = placed.width() / image.width(), placed.height() / image.height()
        wanted = QRectF(
            (scene_rect.x() - placed.x()) / sx,
            (scene_rect.y() - placed.y()) / sy,
            scene_rect.width() / sx,
            scene_rect.height() / sy,
        )
        source = _grown(wanted, image.rect())
        if source.isEmpty():
            return
        target = QRectF(
            placed.x() + source.x() * sx,
            placed.y() + source.y() * sy,
            source.width() * sx,
            source.height() * sy,
        )
        smooth = zoom < PIXEL_EXACT_ZOOM and not math.isclose(zoom * sx, 1.0)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
        painter.drawImage(self._view_rect(target), image, QRectF(source))

    def _paint_divider(self, painter: QPainter, x: int) -> None:
        painter.setClipping(False)
        painter.fillRect(QRect(x - 1, 0, 2, self.height()), QColor(255, 255, 255))
        painter.fillRect(QRect(x - 2, 0, 1, self.height()), QColor(0, 0, 0, 110))
        painter.fillRect(QRect(x + 1, 0, 1, self.height()), QColor(0, 0, 0, 110))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor(0, 0, 0, 110), 1))
        mid = self.height() / 2
        painter.setBrush(QColor(255, 255, 255))
        painter.drawEllipse(QPointF(x, mid), 14, 14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(60, 60, 60))
        for sign in (-1, 1):
            tip = x + sign * 10
            painter.drawPolygon(
                QPolygonF([QPointF(tip, mid), QPointF(tip - sign * 6, mid - 5),
                           QPointF(tip - sign * 6, mid + 5)])
            )  # fmt: skip
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def captions(self) -> tuple[str, str]:
        """The captions painted now over the left and right (empty: none)."""
        original, result = self._labels
        if not self._images.has_result_layer():
            result = self._preview_label if self._images.preview is not None else ""
        left = original if self._content == Content.ORIGINAL or self.shows_divider() else ""
        right = result if self._content != Content.ORIGINAL else ""
        return left, right

    def _paint_labels(self, painter: QPainter) -> None:
        painter.setClipping(False)
        left, right = self.captions()
        for text, align in (
            (left, Qt.AlignmentFlag.AlignLeft),
            (right, Qt.AlignmentFlag.AlignRight),
        ):
            if not text:
                continue
            metrics = painter.fontMetrics()
            box = QRectF(0, 0, metrics.horizontalAdvance(text) + 16, metrics.height() + 8)
            if align == Qt.AlignmentFlag.AlignLeft:
                box.moveTopLeft(QPointF(8, 8))
            else:
                box.moveTopRight(QPointF(self.width() - 8, 8))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 150))
            painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
            painter.setPen(QColor(255, 255, 255))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _paint_empty(self, painter: QPainter) -> None:
        if not self._empty_text:
            return
        box = QRectF(self.rect()).adjusted(24, 24, -24, -24)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor(110, 110, 110), 2, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(box, 12, 12)
        painter.setFont(self.hint_font(box.width() - 24))
        painter.setPen(HINT_COLOUR)  # fixed: the background is always dark grey
        painter.drawText(
            box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._empty_text
        )

    def hint_font(self, width: float) -> QFont:
        """The hint's font: larger than the text around it, but small enough that each of its
        lines fits ``width`` whole (a line is never broken inside a word)."""
        font = QFont(self.font())
        size = font.pointSizeF() * 1.3
        lines = self._empty_text.splitlines() or [""]
        while size > 6:
            font.setPointSizeF(size)
            metrics = QFontMetrics(font)
            if max(metrics.horizontalAdvance(line) for line in lines) <= width:
                break
            size -= 0.5
        return font

    # --- mouse ------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt API)
        notches = event.angleDelta().y() / 120
        if notches == 0 or self._images.is_empty():
            event.ignore()
            return
        self._state.zoom_by_wheel(notches, self.view_size(), event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() != Qt.MouseButton.LeftButton or self._images.is_empty():
            event.ignore()
            return
        self._last = event.position()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._drag = _Drag.SELECT
            self._selection = QRectF(event.position(), QSizeF(0, 0))
        elif self._near_divider(event.position()):
            self._drag = _Drag.DIVIDER
        else:
            self._drag = _Drag.PAN
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        position = event.position()
        if self._drag == _Drag.PAN:
            self._state.pan_by(position - self._last)
        elif self._drag == _Drag.DIVIDER:
            self.set_split_position(position.x() / max(self.width(), 1))
        elif self._drag == _Drag.SELECT:
            self._selection.setBottomRight(position)
            self.update()
        elif self._images.is_empty():
            self.unsetCursor()
        else:
            near = self._near_divider(position)
            self.setCursor(Qt.CursorShape.SplitHCursor if near else Qt.CursorShape.OpenHandCursor)
        self._last = position

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        drag, self._drag = self._drag, _Drag.NONE
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        if drag == _Drag.DIVIDER:
            self.splitMoved.emit(self._split)
        elif drag == _Drag.SELECT:
            selected = self._selection.normalized()
            self._selection = QRectF()
            self.update()
            if selected.width() < MIN_SELECTION or selected.height() < MIN_SELECTION:
                return  # a Shift+click, not a rectangle
            view = self.view_size()
            scene = QRectF(
                self._state.to_scene(selected.topLeft(), view),
                self._state.to_scene(selected.bottomRight(), view),
            )
            region = self._scene_to_input(scene)
            if not region.isEmpty():
                self.selectionMade.emit(region)

    # --- helpers ----------------------------------------------------------------------------
    def _on_images_changed(self, scene_rect: QRect) -> None:
        if scene_rect.isNull():
            self.update()
            return
        view = self._view_rect(QRectF(scene_rect)).toAlignedRect()
        self.update(view.adjusted(-SOURCE_MARGIN, -SOURCE_MARGIN, SOURCE_MARGIN, SOURCE_MARGIN))

    def _view_rect(self, scene: QRectF) -> QRectF:
        view = self.view_size()
        return QRectF(
            self._state.to_view(scene.topLeft(), view),
            self._state.to_view(scene.bottomRight(), view),
        )

    def _scene_to_input(self, scene: QRectF) -> QRect:
        """Scene rectangle to whole input pixels it touches, clipped to the input image."""
        sx, sy = self._images.scale()
        left, top = math.floor(scene.left() / sx), math.floor(scene.top() / sy)
        right, bottom = math.ceil(scene.right() / sx), math.ceil(scene.bottom() / sy)
        bounds = QRect(QPoint(0, 0), self._images.input_size())
        return QRect(left, top, right - left, bottom - top) & bounds

    def _near_divider(self, point: QPointF) -> bool:
        return self.shows_divider() and abs(point.x() - self.divider_x()) <= DIVIDER_GRAB


def _grown(rect: QRectF, bounds: QRect) -> QRect:
    """Whole pixels of ``rect`` plus a margin, clipped to ``bounds``."""
    grown = QRect(
        math.floor(rect.left()) - SOURCE_MARGIN,
        math.floor(rect.top()) - SOURCE_MARGIN,
        math.ceil(rect.width()) + 2 * SOURCE_MARGIN + 1,
        math.ceil(rect.height()) + 2 * SOURCE_MARGIN + 1,
    )
    return grown & bounds


def _checker_brush() -> QBrush:
    """The usual grey checkerboard behind transparent pixels."""
    tile = QPixmap(16, 16)
    tile.fill(CHECKER_LIGHT)
    painter = QPainter(tile)
    painter.fillRect(0, 0, 8, 8, CHECKER_DARK)
    painter.fillRect(8, 8, 8, 8, CHECKER_DARK)
    painter.end()
    return QBrush(tile)
