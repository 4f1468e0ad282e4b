"""Regressions found by driving the real window like a user (one test per finding)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QObject, QThread, Slot
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from upscaler.core import estimate
from upscaler.core.catalog import load_catalog
from upscaler.core.download import BASE_URL_ENV
from upscaler.core.errors import ImageReadError
from upscaler.core.imageio import read_image, write_image
from upscaler.core.pipeline import PlanError, output_name
from upscaler.core.tiling import Region
from upscaler.ui import clipboard, jobs
from upscaler.ui.compare_view import CompareMode, CompareView
from upscaler.ui.dialogs import filter_for, with_filter_suffix
from upscaler.ui.document import Queue, State
from upscaler.ui.drop import classify_paths
from upscaler.ui.i18n import Translations
from upscaler.ui.images_step import ImagesStep


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


def _transparent_png(path: Path) -> Path:
    """A 24x16 BGRA picture whose alpha fades from clear to opaque."""
    pixels = np.zeros((16, 24, 4), np.uint8)
    pixels[..., 2] = 200
    pixels[..., 3] = np.linspace(0, 255, 24, dtype=np.uint8)[None, :]
    write_image(path, pixels)
    return path


def _upscale(qtbot, window, model_id: str = "bicubic_x2") -> None:
    window.picker.select(load_catalog().get(model_id))
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.upscale.trigger()
    assert window.result is not None


def test_saving_a_transparent_result_as_jpeg_offers_a_white_background(
    qtbot, make_window, dialogs, tmp_path
):
    """The refusal told people to "choose a background colour", which the window cannot do."""
    window = make_window()
    window.open_paths([_transparent_png(tmp_path / "logo.png")])
    _upscale(qtbot, window)
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


def test_saving_a_transparent_result_as_png_asks_nothing(qtbot, make_window, dialogs, tmp_path):
    window = make_window()
    window.open_paths([_transparent_png(tmp_path / "logo.png")])
    _upscale(qtbot, window)
    dialogs.save_answers.append(tmp_path / "big.png")
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        assert window.save_as() == tmp_path / "big.png"
    assert dialogs.confirms == [] and read_image(tmp_path / "big.png").has_alpha


def test_a_folder_whose_first_file_is_broken_shows_the_next_one(
    make_window, dialogs, set5_dir, tmp_path
):
    """The first file failed in a modal dialog and the previous picture stayed on screen."""
    window = make_window()
    window.open_paths([set5_dir / "bird.png"])
    album = tmp_path / "album"
    album.mkdir()
    (album / "a_broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    shutil.copy(set5_dir / "head.png", album / "b_head.png")
    window.open_paths([album])
    assert dialogs.errors == []  # the broken file's row reports it when the batch runs
    assert window.loaded is not None and window.loaded.path == album / "b_head.png"
    assert [i.source.name for i in window.document.queue.queued()] == ["a_broken.png", "b_head.png"]


def test_a_failed_row_fits_the_batch_table(qtbot, tmp_path):
    """The status column grew to the whole error (path included) and pushed the table sideways."""
    queue = Queue()
    panel = ImagesStep(queue)
    qtbot.addWidget(panel)
    panel.resize(280, 500)
    panel.show()
    source = tmp_path / "some folder with a long name" / "holiday photo 2007.png"
    (item,) = queue.add([source])
    message = str(ImageReadError("the image data is corrupt or truncated (truncated)", source))
    queue.set_state(item, State.FAILED, failure=message)
    QApplication.processEvents()
    text = panel.status_text(item)
    assert text == "failed: the image data is corrupt or truncated (truncated)"
    row = panel.list.itemWidget(panel.list.item(0))
    assert row.state.text() == text and row.state.toolTip() == message  # the whole story
    assert panel.list.horizontalScrollBar().maximum() == 0


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


@pytest.mark.parametrize("pattern", ["..", " . ", "{stem}:{scale}", "x{stem}?", "{stem}*"])
def test_batch_names_that_hide_or_break_the_file_are_refused(pattern: str) -> None:
    """ ".." wrote a hidden "...png"; ":" writes an NTFS stream, not a file, on Windows."""
    with pytest.raises(PlanError):
        output_name(Path("/in/a.png"), load_catalog().get("bicubic_x2"), "PNG", pattern)


def test_an_input_name_this_system_allows_is_kept() -> None:
    source = Path("/in/notes: day 1.png")  # fine on Linux and macOS
    assert output_name(source, load_catalog().get("bicubic_x2"), "PNG", "{stem} big") == (
        "notes: day 1 big.png"
    )


def test_preview_is_offered_only_while_there_is_no_result(qtbot, make_window, set5_dir):
    """With the full result on screen a preview ran, was drawn under it and changed nothing."""
    window = make_window()
    window.open_paths([set5_dir / "bird.png"])
    _upscale(qtbot, window)
    assert not window.act.preview.isEnabled()
    window.picker.select(load_catalog().get("bicubic_x3"))  # drops the result
    assert window.act.preview.isEnabled()


def test_a_new_run_replaces_the_last_status_message(
    qtbot, make_window, dialogs, set5_dir, tmp_path
):
    """ "Saved big.png." stayed in the status bar while the next run went on."""
    window = make_window()
    window.open_paths([set5_dir / "bird.png"])
    _upscale(qtbot, window)
    dialogs.save_answers.append(tmp_path / "big.png")
    window.save_as()
    window.picker.select(load_catalog().get("lanczos_x2"))
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.upscale.trigger()
        assert window.statusBar().currentMessage() == "Upscaling with lanczos x2..."


def test_a_cancelled_download_does_not_claim_success(
    qtbot, make_window, model_server, monkeypatch, tmp_path
):
    """After Cancel the dialog said "All downloads finished and verified."."""
    monkeypatch.setenv(BASE_URL_ENV, model_server.url)
    window = make_window(tmp_path / "models")
    window.models.offer_download(preselect=load_catalog().get("LapSRN_x8"))  # 4 MB: takes a while
    dialog = window.models.download_dialog
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        dialog.start()
        dialog.reject()  # Cancel, while the download runs
        assert dialog.status.text() == "Cancelling..."  # at once, even if the server stalls
    assert dialog.status.text() == "Download cancelled; nothing was kept."
    assert dialog.downloaded == [] and dialog.start_button.isEnabled()


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


def test_help_lists_the_mouse_and_view_keys(make_window, dialogs):
    """Shift+drag (preview a rectangle) and holding Space were not mentioned anywhere."""
    window = make_window()
    window.act.shortcuts.trigger()
    html = dialogs.infos[-1][1]
    for key in ("Space", "Shift+drag", "Mouse wheel", "Ctrl+P"):
        assert f"<b>{key}</b>" in html


def test_help_in_chinese_drops_the_mnemonic_letters(qtbot, make_window, dialogs):
    """The table read "打开(O)..." : the menu's (&O) accelerator, meaningless in a list."""
    window = make_window()
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.act.open.text() == "打开(&O)...", timeout=5000)
    window.act.shortcuts.trigger()
    window.set_language("en")
    html = dialogs.infos[-1][1]
    assert "<td>打开...</td>" in html and "(O)" not in html
    assert "<b>空格</b>" in html  # the view's keys are translated too


def test_a_broken_last_batch_file_leaves_no_stale_title_or_sizes(
    qtbot, make_window, set5_dir, tmp_path
):
    """The view went empty for the broken file but the title and sizes still named the last one;
    then (issue 13, item 7) the empty view itself lost the last result: now the last picture
    and its result stay, and the title and sizes name that picture."""
    window = make_window()
    window.picker.select(load_catalog().get("bicubic_x2"))
    broken = tmp_path / "z_broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    window.open_paths([set5_dir / "bird.png", broken])
    window.set_output_folder(tmp_path / "out")
    with qtbot.waitSignal(window.runner.runFinished, timeout=30000):
        window.act.upscale_all.trigger()
    assert window.loaded.path == set5_dir / "bird.png"
    assert window.windowTitle() == "bird.png — Upscaler"
    assert window.images_step.current.text() == "bird.png · 288 × 288 px"
    assert window.view.has_result() and window.result.shape == (576, 576, 3)
    assert window.status.zoom.isVisibleTo(window)


def test_a_run_that_cannot_fit_in_memory_is_refused_up_front(
    qtbot, make_window, dialogs, set5_dir, monkeypatch
):
    """The batch and the CLI refuse such a run with the numbers; the window just started it."""
    monkeypatch.setattr(estimate, "available_memory", lambda: 1 << 20)
    window = make_window()
    window.picker.select(load_catalog().get("bicubic_x2"))
    window.open_paths([set5_dir / "bird.png"])
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.upscale.trigger()
    assert window.result is None and not window.view.has_result()
    ((title, message),) = dialogs.errors
    assert title == "Upscaling failed" and "memory" in message


def test_a_folder_drop_skips_hidden_files_and_folders(tmp_path: Path) -> None:
    """A USB stick from a Mac holds "._IMG.jpg" companions (not images) and thumbnail caches;
    each became a failed batch row."""
    album = tmp_path / "album"
    (album / ".thumbnails").mkdir(parents=True)
    (album / "2007").mkdir()
    for name in ("IMG_1.jpg", "._IMG_1.jpg", ".thumbnails/IMG_1.png", "2007/IMG_2.jpg"):
        (album / name).write_bytes(b"x")
    hidden_album = tmp_path / ".hidden album"  # dropped on purpose: its own name does not count
    hidden_album.mkdir()
    (hidden_album / "a.png").write_bytes(b"x")
    incoming = classify_paths([album, hidden_album])
    assert incoming.images == [
        album / "2007" / "IMG_2.jpg",
        album / "IMG_1.jpg",
        hidden_album / "a.png",
    ]


def test_ctrl_equals_zooms_in_like_a_browser(make_window) -> None:
    """Zoom In was only Ctrl++, which needs Shift on most keyboards: Ctrl+= did nothing.

    (Offscreen windows never become active, so the key itself cannot be pressed here.)
    """
    window = make_window()
    assert QKeySequence("Ctrl+=") in window.act.zoom_in.shortcuts()
    assert window.act.zoom_in.shortcut() == QKeySequence(QKeySequence.StandardKey.ZoomIn)


class _CancelOnFirstFile(QObject):
    """Presses Cancel as the batch's first file starts (a GUI-thread slot, like a click)."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.job_id = 0
        window.runner.itemStarted.connect(self.on_started)

    @Slot(object)
    def on_started(self, _item: object) -> None:
        self.job_id = self.window.runner.handle.id
        self.window.act.cancel.trigger()


def test_cancelling_a_batch_clears_its_partial_result_and_says_so(
    qtbot, make_window, set5_dir, tmp_path
):
    """The half-painted result stayed under the "Result" caption, and the status bar said
    "Batch finished: 0 done, 0 failed." with both files still to do."""
    window = make_window()
    window.picker.select(load_catalog().get("bicubic_x2"))
    window.open_paths([set5_dir / "bird.png", set5_dir / "head.png"])
    window.set_output_folder(tmp_path / "out")
    _canceller = _CancelOnFirstFile(window)
    with qtbot.waitSignal(window.runner.runFinished, timeout=30000):
        window.act.upscale_all.trigger()
        # A tile the worker sent before it saw the cancel arrives after it: ignored, not painted.
        tile = np.zeros((2, 2, 3), np.uint8)
        window.host.worker.tileReady.emit(_canceller.job_id, Region(0, 0, 2, 2), tile)
    assert not window.view.has_result()
    assert window.statusBar().currentMessage() == "Batch stopped: 0 done, 0 failed, 2 not done."
    qtbot.waitUntil(lambda: not window.host.busy, timeout=30000)


def test_clipboard_transport_is_not_compressed(qapp, monkeypatch):
    """Copy and Paste went through level-6 PNG: about 6 s of frozen window for a 12-megapixel
    photo. The bytes never reach a disk, so they are stored, not deflated (0.4 s)."""
    sizes: list[int] = []

    def spy(function):
        def wrapper(*args, **kwargs):
            out = function(*args, **kwargs)
            data = out[0] if isinstance(out, tuple) else args[0]
            sizes.append(len(data))
            return out

        return wrapper

    monkeypatch.setattr(clipboard, "encode_image", spy(clipboard.encode_image))
    monkeypatch.setattr(clipboard, "decode_bytes", spy(clipboard.decode_bytes))
    flat = np.full((100, 200, 3), 90, np.uint8)  # deflate would make it a few hundred bytes
    image = clipboard.qimage_from_pixels(flat)
    back = clipboard.loaded_from_qimage(image)
    assert np.array_equal(back.pixels, flat)
    assert len(sizes) == 2 and min(sizes) > flat.size


def test_save_as_writes_on_the_worker_and_says_so(
    qtbot, make_window, dialogs, set5_dir, tmp_path, monkeypatch
):
    """A large PNG takes seconds to encode: the window froze until the file was written."""
    window = make_window()
    window.open_paths([set5_dir / "bird.png"])
    _upscale(qtbot, window)
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
    _upscale(qtbot, window)
    dialogs.save_answers.append(tmp_path / "big.png")
    window.save_as()
    window.close()  # before the worker has even started on it
    assert read_image(tmp_path / "big.png").pixels.shape == (576, 576, 3)


def test_a_save_that_fails_on_the_worker_is_reported(
    qtbot, make_window, dialogs, set5_dir, tmp_path
):
    window = make_window()
    window.open_paths([set5_dir / "bird.png"])
    _upscale(qtbot, window)
    dialogs.save_answers.append(tmp_path / "no such folder" / "big.png")
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.save_as()
    ((title, message),) = dialogs.errors
    assert title == "Cannot save" and "does not exist" in message
    assert window.act.save_as.isEnabled()


def test_chinese_zoom_in_and_upscale_are_told_apart(qtbot, make_window):
    """Both read "放大": the View menu's Zoom In and the toolbar's Upscale, side by side in Help."""
    window = make_window()
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.act.file_menu.title() == "文件(&F)", timeout=5000)
    texts = [a.text().split("(")[0] for a in (window.act.zoom_in, window.act.upscale)]
    window.set_language("en")
    assert texts[0] != texts[1]


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
