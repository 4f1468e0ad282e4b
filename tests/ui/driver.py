"""Drive the real main window as a person would: mouse clicks and key presses on its widgets
(QTest events through Qt's event system), waiting for what the person would wait for.

Used by the main-path test (offscreen) and by ``make_screenshots.py`` (under ``xvfb-run``).
File dialogs are answered by the ``dialogs`` object handed to the window (the person's choice
of files), everything else goes through the window's own widgets.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QListWidget, QWidget

LEFT = Qt.MouseButton.LeftButton


class Driver:
    """A person at the window: ``click``, ``press``, ``drag``, ``wheel``, ``wait_until``."""

    def __init__(self, window: QWidget, *, pause: float = 0.0) -> None:
        self.window = window
        self.pause = pause  # seconds after each gesture (to watch it, or to let it paint)

    # -- waiting -----------------------------------------------------------------------------------
    def settle(self, seconds: float | None = None) -> None:
        end = time.monotonic() + (self.pause if seconds is None else seconds)
        QApplication.processEvents()
        while time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.01)

    def wait_until(self, condition: Callable[[], bool], timeout: float = 60.0) -> None:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the window did not get there in time")
            QApplication.processEvents()
            time.sleep(0.005)

    # -- gestures ----------------------------------------------------------------------------------
    def click(self, widget: QWidget, at: QPoint | None = None) -> None:
        """A left click (in the middle of ``widget`` unless ``at``)."""
        assert widget.isVisible() and widget.isEnabled(), f"cannot click {widget!r}"
        QTest.mouseClick(widget, LEFT, Qt.KeyboardModifier.NoModifier, at or widget.rect().center())
        self.settle()

    def click_button(self, button: QAbstractButton) -> None:
        self.click(button)

    def click_row(self, view: QListWidget, text_start: str) -> None:
        """Click the list row whose text starts with ``text_start``."""
        for row in range(view.count()):
            item = view.item(row)
            if item.text().startswith(text_start):
                view.scrollToItem(item)
                self.click(view.viewport(), view.visualItemRect(item).center())
                return
        raise LookupError(f"no row starting {text_start!r}")

    def press(self, widget: QWidget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(widget, key, modifiers)
        self.settle()

    def hold(self, widget: QWidget, key: Qt.Key) -> Callable[[], None]:
        """Press ``key`` and keep it down; returns the function that lets it go."""
        QTest.keyPress(widget, key)
        self.settle()

        def release() -> None:
            QTest.keyRelease(widget, key)
            self.settle()

        return release

    def drag(self, widget: QWidget, start: QPoint, end: QPoint, steps: int = 8) -> None:
        QTest.mousePress(widget, LEFT, Qt.KeyboardModifier.NoModifier, start)
        for i in range(1, steps + 1):
            point = start + (end - start) * i / steps
            QTest.mouseMove(widget, QPoint(round(point.x()), round(point.y())))
        QTest.mouseRelease(widget, LEFT, Qt.KeyboardModifier.NoModifier, end)
        self.settle()

    def wheel(self, widget: QWidget, at: QPoint, notches: int) -> None:
        """Turn the mouse wheel over ``at`` (positive: away from the person, zoom in)."""
        position = QPointF(at)
        event = QWheelEvent(
            position,
            QPointF(widget.mapToGlobal(at)),
            QPoint(0, 0),
            QPoint(0, 120 * notches),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)
        self.settle()
