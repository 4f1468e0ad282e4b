"""Save and Save As: file types, transparency, writing on the worker, failures."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from tests.ui.window_steps import upscale_shown
from upscaler.core.imageio import read_image, write_image
from upscaler.ui import jobs
from upscaler.ui.dialogs import filter_for, with_filter_suffix


def _transparent_png(path: Path) -> Path:
    """A 24x16 BGRA picture whose alpha fades from clear to opaque."""
    pixels = np.zeros((16, 24, 4), np.uint8)
    pixels[..., 2] = 200
    pixels[..., 3] = np.linspace(0, 255, 24, dtype=np.uint8)[None, :]
    write_image(path, pixels)
    return path


def test_saving_a_transparent_result_as_jpeg_offers_a_white_background(
    qtbot, make_window, dialogs, tmp_path
):
    """The refusal told people to "choose a background colour", which the window cannot do."""
    window = make_window()
    window.open_paths([_transparent_png(tmp_path / "logo.png")])
    upscale_shown(qtbot, window)
    dialogs.save_answers += [tmp_path / "no.jpg", tmp_path / "yes.jpg"]
    dialogs.confirm_answers += [False, True]
    assert window.save_as() is None  # declined: nothing written, no error
    assert not (tmp_path / "no.jpg").exists() and dialogs.errors == []
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        assert window.save_as() == tmp_path / "yes.jpg"
    assert len(dialogs.confirms) == 2 and "JPEG" in dialogs.confirms[0]
    saved = read_image(tmp_path / "yes.jpg").pixels
    assert saved.shape == (32, 48, 3)
    assert saved[16, 1].min() > 240  # the clear left edge became white, not black
    assert dialogs.errors == []


def test_save_as_step_4_says_asks_before_dropping_transparency_too(
    qtbot, make_window, dialogs, tmp_path
):
    """Save (Ctrl+S) with JPEG chosen in step 4 flattened a transparent result onto white
    without a word, while Save As asked first."""
    window = make_window()
    window.open_paths([_transparent_png(tmp_path / "logo.png")])
    upscale_shown(qtbot, window)
    window.document.set_output(replace(window.document.output, format="jpg"))
    target = tmp_path / "logo_x2_bicubic.jpg"
    dialogs.confirm_answers += [False, True]
    assert window.saving.save() is None  # declined: nothing written, no error
    assert not target.exists() and dialogs.errors == []
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        assert window.saving.save() == target
    assert len(dialogs.confirms) == 2 and "JPEG" in dialogs.confirms[0]
    assert read_image(target).pixels[16, 1].min() > 240  # on white, as agreed
    assert dialogs.errors == []


def test_saving_a_transparent_result_as_png_asks_nothing(qtbot, make_window, dialogs, tmp_path):
    window = make_window()
    window.open_paths([_transparent_png(tmp_path / "logo.png")])
    upscale_shown(qtbot, window)
    dialogs.save_answers.append(tmp_path / "big.png")
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        assert window.save_as() == tmp_path / "big.png"
    assert dialogs.confirms == [] and read_image(tmp_path / "big.png").has_alpha


def test_save_as_writes_on_the_worker_and_says_so(
    qtbot, make_window, dialogs, set5_dir, tmp_path, monkeypatch
):
    """A large PNG takes seconds to encode: the window froze until the file was written."""
    window = make_window()
    window.open_paths([set5_dir / "bird.png"])
    upscale_shown(qtbot, window)
    writers: list[bool] = []
    real_write = jobs.write_image

    def write(*args, **kwargs):
        writers.append(QThread.currentThread() is QApplication.instance().thread())
        return real_write(*args, **kwargs)

    monkeypatch.setattr(jobs, "write_image", write)
    dialogs.save_answers.append(tmp_path / "big.png")
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        assert window.save_as() == tmp_path / "big.png"
        assert window.statusBar().currentMessage() == "Saving big.png..."
        assert not window.act.save_as.isEnabled()  # one save at a time
    assert writers == [False]  # written by the worker thread, not the GUI thread
    assert window.statusBar().currentMessage() == "Saved big.png."
    assert window.act.save_as.isEnabled()
    assert read_image(tmp_path / "big.png").pixels.shape == (576, 576, 3)


def test_closing_right_after_save_as_still_writes_the_file(
    qtbot, make_window, dialogs, set5_dir, tmp_path
):
    window = make_window()
    window.open_paths([set5_dir / "bird.png"])
    upscale_shown(qtbot, window)
    dialogs.save_answers.append(tmp_path / "big.png")
    window.save_as()
    window.close()  # before the worker has even started on it
    assert read_image(tmp_path / "big.png").pixels.shape == (576, 576, 3)


def test_a_save_that_fails_on_the_worker_is_reported(
    qtbot, make_window, dialogs, set5_dir, tmp_path
):
    window = make_window()
    window.open_paths([set5_dir / "bird.png"])
    upscale_shown(qtbot, window)
    dialogs.save_answers.append(tmp_path / "no such folder" / "big.png")
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.save_as()
    ((title, message),) = dialogs.errors
    assert title == "Cannot save" and "does not exist" in message
    assert window.act.save_as.isEnabled()


@pytest.mark.parametrize(
    ("typed", "chosen", "expected"),
    [
        ("/p/photo", "JPEG (*.jpg *.jpeg)", "/p/photo.jpg"),  # was saved as photo.png
        ("/p/photo", "WebP (*.webp)", "/p/photo.webp"),
        ("/p/photo.tif", "JPEG (*.jpg *.jpeg)", "/p/photo.tif"),  # a typed extension wins
        ("/p/photo", "", "/p/photo"),  # no filter: the window adds .png
    ],
)
def test_save_dialog_uses_the_chosen_file_type(typed: str, chosen: str, expected: str) -> None:
    """Choosing "JPEG" in the dialog and typing a bare name gave a PNG file."""
    assert with_filter_suffix(typed, chosen) == Path(expected)


def test_save_dialog_starts_on_the_suggested_file_type() -> None:
    """The suggestion "photo_x2_espcn.jpg" was offered under the PNG filter."""
    assert filter_for(Path("/p/photo_x2_espcn.jpg")) == "JPEG (*.jpg *.jpeg *.jpe *.jfif)"
    assert filter_for(Path("/p/photo_x2_espcn.TIFF")) == "TIFF (*.tiff *.tif)"
    assert filter_for(Path("/p/photo_x2_espcn.png")) == "PNG (*.png)"


def test_an_output_folder_that_cannot_be_made_is_not_opened(qapp, tmp_path, monkeypatch):
    """Step 4's Open on a remembered folder that can no longer be made (a drive unplugged, a
    read-only place) raised out of the click: a traceback, and nothing said to the user."""
    from PySide6.QtGui import QDesktopServices

    from upscaler.ui.dialogs import Dialogs

    opened: list[object] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    assert Dialogs(None).open_folder(blocker / "results") is False  # the window says so
    assert opened == []
    assert Dialogs(None).open_folder(tmp_path / "new" / "results") is True
    assert (tmp_path / "new" / "results").is_dir() and len(opened) == 1
