"""A preview lands only on the picture and scale it was made for, and only when it can show
something."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QImage

from tests.ui.window_steps import upscale_shown
from upscaler.core.catalog import load_catalog


def _start_preview(window) -> None:
    """Ask for a preview of the whole (small) image; its result arrives on a later event."""
    window.view.zoom_to_fit()
    window.act.preview.trigger()
    assert window.act.cancel.isEnabled()


def test_a_preview_finishing_after_another_image_opened_is_dropped(qtbot, make_window, set5_dir):
    """The preview of the previous picture was pasted onto the newly opened one."""
    window = make_window()
    window.picker.select(load_catalog().get("bicubic_x2"))
    window.open_paths([set5_dir / "bird.png"])
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        _start_preview(window)
        window.open_paths([set5_dir / "head.png"])
    assert not window.view.has_preview()
    assert window.act.preview.isEnabled() and not window.act.cancel.isEnabled()
    assert window.statusBar().currentMessage() != "Cancelled."


def test_a_preview_finishing_after_the_scale_changed_is_dropped(qtbot, make_window, set5_dir):
    """An x2 preview was drawn, twice too small, over the x3 picture chosen meanwhile."""
    window = make_window()
    window.picker.select(load_catalog().get("bicubic_x2"))
    window.open_paths([set5_dir / "bird.png"])
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        _start_preview(window)
        window.picker.select(load_catalog().get("bicubic_x3"))
    assert not window.view.has_preview()
    assert window.act.preview.isEnabled()


def test_pasting_an_image_during_a_run_leaves_the_run_alone(qtbot, make_window, set5_dir):
    """Paste swapped the picture under a running job, whose result then landed on the new one."""
    window = make_window()
    window.picker.select(load_catalog().get("bicubic_x2"))
    window.open_paths([set5_dir / "bird.png"])
    QGuiApplication.clipboard().setImage(QImage(40, 30, QImage.Format.Format_RGB32))
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.upscale.trigger()
        window.act.paste.trigger()
    assert window.loaded.path == set5_dir / "bird.png"
    assert window.result is not None and window.result.shape[:2] == (576, 576)


def test_preview_is_offered_only_while_there_is_no_result(qtbot, make_window, set5_dir):
    """With the full result on screen a preview ran, was drawn under it and changed nothing."""
    window = make_window()
    window.open_paths([set5_dir / "bird.png"])
    upscale_shown(qtbot, window)
    assert not window.act.preview.isEnabled()
    window.picker.select(load_catalog().get("bicubic_x3"))  # drops the result
    assert window.act.preview.isEnabled()
