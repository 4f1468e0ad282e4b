"""The real message boxes: what Enter answers (the window's tests use a fake ``Dialogs``)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QTextBrowser, QWidget

from upscaler.ui.dialogs import Dialogs


@pytest.mark.parametrize("default_yes", [True, False])
def test_enter_answers_the_default_of_a_question(qtbot, default_yes: bool) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not up yet
            QTimer.singleShot(10, press_enter)
            return
        seen.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    answer = Dialogs(parent).confirm("Title", "Go on?", default_yes=default_yes)
    assert seen == ["Go on?"]
    assert answer is default_yes


@pytest.mark.parametrize(("key", "answer"), [(Qt.Key.Key_Return, True), (Qt.Key.Key_Escape, None)])
def test_the_continue_question_escape_starts_nothing(qtbot, key: Qt.Key, answer) -> None:
    # Yes continues, No starts over (the finished parts are lost); Escape must be neither.
    parent = QWidget()
    qtbot.addWidget(parent)

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not up yet
            QTimer.singleShot(10, press)
            return
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, press)
    assert Dialogs(parent).ask_continue("Continue the Video", "Continue it?") is answer


def test_a_long_listing_scrolls_inside_the_screen(qtbot) -> None:
    """The keyboard shortcuts were a message box taller than a 1920x1080 screen at 200 %:
    its OK button was below the edge. A listing fits the screen and scrolls."""
    parent = QWidget()
    qtbot.addWidget(parent)
    rows = "".join(f"<tr><td>Action {n}</td><td><b>Ctrl+{n}</b></td></tr>" for n in range(100))
    seen: list[tuple[int, int, bool]] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if box is None:  # not up yet
            QTimer.singleShot(10, look)
            return
        view = box.findChild(QTextBrowser, "listing")
        scrolls = view is not None and view.verticalScrollBar().maximum() > 0
        seen.append((box.height(), box.screen().availableGeometry().height(), scrolls))
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, look)
    Dialogs(parent).listing("Keyboard Shortcuts", f"<table>{rows}</table>")
    [(height, screen_height, scrolls)] = seen
    assert height <= screen_height and scrolls
