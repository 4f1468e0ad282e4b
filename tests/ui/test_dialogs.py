"""The real message boxes: what Enter answers (the window's tests use a fake ``Dialogs``)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

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
