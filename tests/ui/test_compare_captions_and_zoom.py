"""The compare view's captions follow the language; zoom steps never go the wrong way."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from upscaler.ui.compare_view import CompareMode, CompareView
from upscaler.ui.i18n import Translations


@pytest.fixture
def chinese(qapp) -> Iterator[Translations]:
    """The Chinese catalogue installed for one test; English again afterwards."""
    translations = Translations()
    yield translations
    translations.apply("en")


@pytest.fixture
def view(qtbot) -> Iterator[CompareView]:
    host = QWidget()  # no layout: see test_compare_view.view
    qtbot.addWidget(host)
    host.resize(1000, 700)
    widget = CompareView(host)
    widget.resize(400, 300)
    host.show()
    qtbot.waitExposed(host)
    yield widget
    host.close()


def test_switching_language_relabels_the_compare_captions(view, chinese) -> None:
    """The painted "Original"/"Result" captions stayed English after switching to Chinese."""
    view.set_original(np.zeros((8, 8, 3), np.uint8), 2.0)
    view.set_result(np.zeros((16, 16, 3), np.uint8))
    view.set_mode(CompareMode.SPLIT)
    assert chinese.apply("zh_CN")
    QApplication.processEvents()  # LanguageChange is posted
    primary, _secondary = view.canvases()
    assert primary.captions() == ("原图", "结果")
    assert view.accessibleName() == "图像对比"
    view.set_mode(CompareMode.SIDE_BY_SIDE)
    assert [c.captions() for c in view.canvases()] == [("原图", ""), ("", "结果")]
    chinese.apply("en")
    QApplication.processEvents()
    view.set_mode(CompareMode.SPLIT)
    assert primary.captions() == ("Original", "Result")


def test_zoom_in_never_zooms_out_on_a_tiny_image(view) -> None:
    """A 1x1 image fitted to the view got a zoom above the maximum, so Zoom In shrank it."""
    view.set_original(np.full((1, 1, 3), 128, np.uint8), 2.0)
    fitted = view.zoom()
    view.zoom_in()
    assert view.zoom() >= fitted
    view.zoom_out()
    assert view.zoom() < fitted


def test_the_status_bar_shows_the_zoom(make_window, set5_dir):
    """Nothing on screen said how far one was zoomed in while comparing at 400% or 800%."""
    window = make_window()
    assert not window.status.zoom.isVisibleTo(window)
    window.open_paths([set5_dir / "bird.png"])
    assert window.status.zoom.isVisibleTo(window)
    zoom = window.view.zoom() * 100
    assert window.status.zoom.text() == f"Zoom {zoom:.0f}% (original {zoom * 2:.0f}%)"
    window.act.zoom_actual.trigger()
    assert window.status.zoom.text() == "Zoom 100% (original 200%)"
    window.view.set_zoom(8.0)
    assert window.status.zoom.text() == "Zoom 800% (original 1600%)"


def test_ctrl_equals_zooms_in_like_a_browser(make_window) -> None:
    """Zoom In was only Ctrl++, which needs Shift on most keyboards: Ctrl+= did nothing.

    (Offscreen windows never become active, so the key itself cannot be pressed here.)
    """
    window = make_window()
    assert QKeySequence("Ctrl+=") in window.act.zoom_in.shortcuts()
    assert window.act.zoom_in.shortcut() == QKeySequence(QKeySequence.StandardKey.ZoomIn)
