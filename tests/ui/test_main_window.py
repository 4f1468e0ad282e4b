"""The main window end to end, offscreen, with the dialogs replaced."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from upscaler.core import paths
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.imageio import read_image
from upscaler.ui.document import State
from upscaler.ui.jobs import FileJob

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def no_bundled_models(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Hide the project's own models/ folder, as on a first start."""
    empty = tmp_path / "bundled"
    empty.mkdir()
    monkeypatch.setattr(paths, "project_models_dir", lambda: empty)


def drag_enter(window, mime: QMimeData) -> bool:
    event = QDragEnterEvent(
        QPoint(50, 50), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, event)
    return event.isAccepted()


def drop(window, urls: list[QUrl]) -> None:
    """What Qt delivers for a real drop: a drag entering, then the drop itself."""
    mime = QMimeData()
    mime.setUrls(urls)
    assert drag_enter(window, mime)
    event = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, event)
    assert event.isAccepted()


def test_a_drag_of_plain_text_is_refused_at_once(make_window):
    window = make_window()
    mime = QMimeData()
    mime.setText("hello")
    assert not drag_enter(window, mime)


def select(window, model_id: str, tile: int) -> None:
    window.picker.select(load_catalog().get(model_id))
    window.set_tile_size(tile)
    assert window.picker.current().id == model_id


def set_output(window, **changes) -> None:
    """Change step 4's options as its widgets do."""
    window.output_step.show_options(replace(window.document.output, **changes))
    window.output_step.optionsChanged.emit()


def test_first_start_explains_and_still_offers_bicubic(make_window, tmp_path, no_bundled_models):
    window = make_window(tmp_path / "no-models")
    window.show()
    assert window.banner.isVisible()
    assert window.picker.current().family == "bicubic"
    assert "EDSR x2" in window.banner.download_button.text()
    assert not window.act.upscale.isEnabled()  # nothing open yet


def test_open_shows_sizes_and_upscale_matches_the_core(
    qtbot, make_window, dialogs, shared_models_dir, set5_dir, tmp_path
):
    window = make_window(shared_models_dir)
    source = set5_dir / "butterfly.png"
    dialogs.open_answers.append([source])
    window.act.open.trigger()
    assert window.loaded is not None and window.loaded.path == source
    assert not window.banner.isVisible()
    select(window, "ESPCN_x2", 64)
    assert window.images_step.current.text() == "butterfly.png · 256 × 256 px"
    assert window.size_step.result_label.text() == "Result: 512 × 512 px"
    assert window.panel.expected.text().startswith("Expected: ")
    assert "(16 tiles)" in window.panel.expected.text()
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.act.upscale.trigger()
        assert window.act.cancel.isEnabled() and not window.act.upscale.isEnabled()
    info = load_catalog().get("ESPCN_x2")
    expected = Upscaler(info, shared_models_dir / info.filename).upscale(
        read_image(source).pixels, tile=64
    )
    assert window.result is not None and window.result.shape == (512, 512, 3)
    assert np.array_equal(window.result, expected)
    assert window.status.progress.value() == window.status.progress.maximum() == 16
    assert window.act.save_as.isEnabled() and not window.act.cancel.isEnabled()

    target = tmp_path / "saved.png"
    dialogs.save_answers.append(target)
    with qtbot.waitSignal(window.host.idle, timeout=30000):  # written by the worker
        window.act.save_as.trigger()
    assert dialogs.saved_suggestions == [set5_dir / "butterfly_x2_espcn.png"]
    assert np.array_equal(read_image(target).pixels, expected)
    assert dialogs.errors == []
    assert window.settings.recent_files == [source]


def test_cancel_mid_run_resets_at_once_and_the_worker_stops(
    qtbot, make_window, dialogs, shared_models_dir, set5_dir
):
    window = make_window(shared_models_dir)
    window.open_paths([set5_dir / "baby.png"])
    select(window, "LapSRN_x2", 16)  # 1024 slow tiles: long enough to cancel in the middle
    window.act.upscale.trigger()
    qtbot.waitUntil(lambda: window.status.progress.value() >= 2, timeout=30000)
    handle = window.runs.run
    with qtbot.waitSignal(handle.cancelled, timeout=30000):
        window.act.cancel.trigger()
        assert window.act.upscale.isEnabled() and not window.act.cancel.isEnabled()
        assert not window.status.progress.isVisible()
    assert window.status.progress.value() < 1024
    assert window.result is None
    assert not window.view.has_result()
    assert dialogs.errors == []


def test_switching_the_model_drops_the_result_and_changes_the_output_size(
    qtbot, make_window, shared_models_dir, set5_dir
):
    window = make_window(shared_models_dir)
    window.open_paths([set5_dir / "bird.png"])
    select(window, "ESPCN_x2", 0)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.act.upscale.trigger()
    assert window.result.shape == (576, 576, 3)
    select(window, "ESPCN_x3", 0)
    assert window.result is None
    assert window.size_step.result_label.text() == "Result: 864 × 864 px"
    assert window.settings.model_id == "ESPCN_x3" and window.settings.scale == 3
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.act.upscale.trigger()
    assert window.result.shape == (864, 864, 3)
    assert window.host.worker.loads == 2


def test_drop_sorts_images_refusals_and_model_files(
    make_window, dialogs, set5_dir, tmp_path, shared_models_dir
):
    models = tmp_path / "models"
    window = make_window(models)
    notes = tmp_path / "notes.txt"
    notes.write_text("not an image")
    folder = tmp_path / "album"
    folder.mkdir()
    for name in ("bird.png", "head.png"):
        shutil.copy(set5_dir / name, folder / name)
    dialogs.confirm_answers.append(True)
    drop(
        window,
        [
            QUrl.fromLocalFile(str(set5_dir / "woman.png")),
            QUrl.fromLocalFile(str(folder)),
            QUrl.fromLocalFile(str(notes)),
            QUrl("https://example.com/cat.png"),
            QUrl.fromLocalFile(str(shared_models_dir / "ESPCN_x3.pb")),
        ],
    )
    queued = [item.source for item in window.document.queue.items]
    assert queued == [set5_dir / "woman.png", folder / "bird.png", folder / "head.png"]
    assert window.loaded.path == set5_dir / "woman.png"
    assert window.images_step.list.isVisibleTo(window)
    assert len(dialogs.errors) == 1
    title, message = dialogs.errors[0]
    assert message.splitlines() == [
        "https://example.com/cat.png: only files on this computer can be opened",
        "notes.txt: not an image file",
    ]
    assert dialogs.confirms == ["ESPCN_x3.pb looks like a model file. Import it as a model?"]
    assert (models / "ESPCN_x3.pb").read_bytes() == (shared_models_dir / "ESPCN_x3.pb").read_bytes()


def test_a_single_dropped_image_opens_without_the_queue(make_window, set5_dir):
    window = make_window()
    drop(window, [QUrl.fromLocalFile(str(set5_dir / "head.png"))])
    assert window.loaded.path == set5_dir / "head.png"
    assert window.document.queue.items == []


def test_batch_continues_past_a_broken_file(
    qtbot, make_window, dialogs, shared_models_dir, set5_dir, tmp_path
):
    window = make_window(shared_models_dir)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    out = tmp_path / "out"
    select(window, "FSRCNN-small_x2", 0)
    window.open_paths([set5_dir / "bird.png", broken, set5_dir / "head.png"])
    set_output(window, folder=out, continue_on_failure=True)
    with qtbot.waitSignal(window.runner.runFinished, timeout=60000):
        window.act.upscale_all.trigger()
    states = [(i.source.name, i.state) for i in window.document.queue.items]
    assert states == [
        ("bird.png", State.DONE),
        ("broken.png", State.FAILED),
        ("head.png", State.DONE),
    ]
    failed = window.document.queue.items[1]
    assert str(broken) in failed.message
    assert window.images_step.status_text(failed).startswith("failed: ")
    assert sorted(p.name for p in out.iterdir()) == [
        "bird_x2_fsrcnn-small.png",
        "head_x2_fsrcnn-small.png",
    ]
    assert read_image(out / "head_x2_fsrcnn-small.png").pixels.shape == (560, 560, 3)
    assert window.statusBar().currentMessage() == "Batch finished: 2 done, 1 failed."
    window.output_step.openFolderRequested.emit()
    assert dialogs.opened_folders == [out]
    window.images_step.itemActivated.emit(window.document.queue.items[2])
    assert window.loaded.path == set5_dir / "head.png"
    assert np.array_equal(window.result, read_image(out / "head_x2_fsrcnn-small.png").pixels)
    assert window.view.has_result()


def test_batch_stops_at_a_failure_when_asked(
    qtbot, make_window, shared_models_dir, set5_dir, tmp_path
):
    window = make_window(shared_models_dir)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png at all")
    window.open_paths([broken, set5_dir / "head.png"])
    set_output(window, folder=tmp_path / "out", continue_on_failure=False)
    with qtbot.waitSignal(window.runner.runFinished, timeout=60000):
        window.act.upscale_all.trigger()
    assert [i.state for i in window.document.queue.items] == [State.FAILED, State.QUEUED]


def test_a_drop_while_busy_is_queued_and_joins_the_batch(
    qtbot, make_window, shared_models_dir, set5_dir, tmp_path
):
    window = make_window(shared_models_dir)
    select(window, "FSRCNN-small_x2", 32)
    window.open_paths([set5_dir / "bird.png", set5_dir / "head.png"])
    window.set_output_folder(tmp_path / "out")
    with qtbot.waitSignal(window.runner.runFinished, timeout=60000):
        window.act.upscale_all.trigger()
        assert window.busy
        drop(window, [QUrl.fromLocalFile(str(set5_dir / "woman.png"))])
        assert window.loaded.path == set5_dir / "bird.png"  # the view was not taken over
        assert window.statusBar().currentMessage() == "1 file added to the running batch."
    assert [i.source.name for i in window.document.queue.items] == [
        "bird.png",
        "head.png",
        "woman.png",
    ]
    assert [i.state for i in window.document.queue.items] == [State.DONE] * 3


def test_preview_runs_the_model_on_a_region_only(qtbot, make_window, shared_models_dir, set5_dir):
    from PySide6.QtCore import QRect

    window = make_window(shared_models_dir)
    window.open_paths([set5_dir / "butterfly.png"])
    select(window, "ESPCN_x2", 0)
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.view.selectionMade.emit(QRect(10, 20, 40, 30))
    region, pixels = window.document.preview.region, window.document.preview.pixels
    assert window.view.has_preview()
    info = load_catalog().get("ESPCN_x2")
    full = Upscaler(info, shared_models_dir / info.filename).upscale(window.loaded.pixels)
    assert (region.x, region.y, region.width, region.height) == (10, 20, 40, 30)
    assert np.array_equal(pixels, full[40:100, 20:100])
    assert window.result is None  # a preview is not a result to save
    assert window.act.preview.isEnabled()


def test_missing_model_offers_the_download(make_window, dialogs, set5_dir, tmp_path):
    window = make_window(tmp_path / "empty")
    window.open_paths([set5_dir / "bird.png"])
    window.picker.select(load_catalog().get("EDSR_x2"))
    dialogs.confirm_answers.append(False)
    window.act.upscale.trigger()
    assert dialogs.confirms == ["EDSR x2 is not installed. Download it now (38.5 MB)?"]
    assert window.runs.run is None and not window.host.busy


def test_closing_during_a_run_stops_the_worker(
    qtbot, make_window, dialogs, shared_models_dir, set5_dir
):
    window = make_window(shared_models_dir)
    window.open_paths([set5_dir / "baby.png"])
    select(window, "LapSRN_x2", 16)
    window.act.upscale.trigger()
    qtbot.waitUntil(lambda: window.status.progress.value() >= 1, timeout=30000)
    dialogs.confirm_answers.append(True)  # "A run is in progress ... Close Upscaler anyway?"
    window.close()
    assert not window.host.running
    assert window.settings.geometry.size() > 0


def test_save_as_without_a_result_says_so(make_window, dialogs, set5_dir):
    window = make_window()
    window.open_paths([set5_dir / "bird.png"])
    window.save_as()
    assert dialogs.errors == [("Save As", "There is no result yet: upscale first.")]
    assert dialogs.saved_suggestions == []


def test_unreadable_file_is_reported_not_raised(make_window, dialogs, tmp_path):
    window = make_window()
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"nope")
    window.open_paths([bad])
    assert window.loaded is None
    assert len(dialogs.errors) == 1 and str(bad) in dialogs.errors[0][1]


def test_copy_and_paste_go_through_the_clipboard(qtbot, make_window, shared_models_dir, set5_dir):
    window = make_window(shared_models_dir)
    window.open_paths([set5_dir / "bird.png"])
    select(window, "bicubic_x2", 0)
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.upscale.trigger()
    result = window.result
    window.act.copy.trigger()
    assert QGuiApplication.clipboard().image().size().toTuple() == (576, 576)
    window.act.paste.trigger()
    assert window.loaded.path is None
    assert window.result is None
    assert window.windowTitle() == "Pasted image — Upscaler"
    assert np.array_equal(window.loaded.pixels, result)  # the clipboard round trip is lossless


def test_language_switches_live(qtbot, make_window, no_bundled_models):
    window = make_window()
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.act.file_menu.title() == "文件(&F)", timeout=30000)
    assert window.act.open.text() == "打开(&O)..."
    assert window.settings.language == "zh_CN"
    assert window.output_step.continue_box.text() == "出错时继续处理"
    assert window.model_step.model_list.currentItem().text().startswith("bicubic（插值")
    window.set_language("en")
    qtbot.waitUntil(lambda: window.act.file_menu.title() == "&File", timeout=30000)
    assert window.output_step.continue_box.text() == "Continue past failures"


def test_settings_survive_a_restart(make_window, settings, shared_models_dir, tmp_path):
    window = make_window(shared_models_dir)
    select(window, "FSRCNN_x3", 256)
    window.act.mode_side.trigger()
    window.set_output_folder(tmp_path / "results")
    set_output(window, format="webp", quality=80, exists="rename", continue_on_failure=False)
    window.close()
    again = make_window(shared_models_dir)
    assert again.picker.current().id == "FSRCNN_x3"
    assert again.tile_size() == 256
    assert again.act.mode_side.isChecked()
    shown = again.output_step.options()
    assert shown == again.document.output
    assert shown.folder == tmp_path / "results"
    assert (shown.format, shown.quality, shown.exists) == ("webp", 80, "rename")
    assert shown.continue_on_failure is False
    assert again.settings.output_format == "webp" and again.settings.continue_on_failure is False


def test_recent_files_and_model_menus(make_window, set5_dir, shared_models_dir):
    window = make_window(shared_models_dir)
    window.open_paths([set5_dir / "bird.png"])
    window.open_paths([set5_dir / "head.png"])
    window.act.recent_menu.aboutToShow.emit()
    recent = [a for a in window.act.recent_menu.actions() if a.data()]
    assert [a.text() for a in recent] == [str(set5_dir / "head.png"), str(set5_dir / "bird.png")]
    recent[1].trigger()
    assert window.loaded.path == set5_dir / "bird.png"
    window.picker.select(load_catalog().get("ESPCN_x3"))
    window.act.choose_menu.aboutToShow.emit()
    labels = {a.text(): a for a in window.act.choose_menu.actions()}
    assert labels["ESPCN x3"].isChecked()
    labels["FSRCNN x3"].trigger()
    assert window.picker.current().id == "FSRCNN_x3"


def test_compare_mode_actions_drive_the_view(make_window):
    from upscaler.ui.compare_view import CompareMode

    window = make_window()
    window.act.mode_side.trigger()
    assert window.view.mode() is CompareMode.SIDE_BY_SIDE
    window.act.mode_toggle.trigger()
    assert window.view.mode() is CompareMode.TOGGLE
    assert window.settings.compare_mode == "toggle"


def test_a_drop_of_image_data_opens_it(make_window):
    from PySide6.QtGui import QColor, QImage

    window = make_window()
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor(10, 20, 30))
    mime = QMimeData()
    mime.setImageData(image)
    assert drag_enter(window, mime)
    event = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, event)
    assert window.loaded is not None and window.loaded.path is None
    assert window.loaded.pixels.shape == (30, 40, 3)
    assert window.loaded.pixels[0, 0].tolist() == [30, 20, 10]  # BGR


def hold_until_cancelled(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The file job of ``name`` waits (on the worker) for its cancel before it starts: the worker
    can pick a job up the moment it is submitted, and on a busy machine finish a small file before
    the GUI thread, descheduled, gets to the click that cancels it."""
    real_run = FileJob.run

    def run(self, ctx):
        if self.plan.source.name == name:
            assert self.cancel.wait(30), f"{name} was never cancelled"
        return real_run(self, ctx)

    monkeypatch.setattr(FileJob, "run", run)


class CancelOnSecond(QObject):
    """Presses Cancel when the batch's second file starts (a GUI-thread slot, like a click)."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.seen = 0
        window.runner.itemStarted.connect(self.on_started)

    @Slot(object)
    def on_started(self, _item: object) -> None:
        self.seen += 1
        if self.seen == 2:
            self.window.act.cancel.trigger()


def test_cancelling_a_batch_keeps_the_rest_queued(
    qtbot, make_window, shared_models_dir, set5_dir, tmp_path, monkeypatch
):
    window = make_window(shared_models_dir)
    select(window, "FSRCNN-small_x2", 0)
    window.open_paths([set5_dir / "bird.png", set5_dir / "head.png", set5_dir / "woman.png"])
    window.set_output_folder(tmp_path / "out")
    _canceller = CancelOnSecond(window)
    hold_until_cancelled(monkeypatch, "head.png")
    with qtbot.waitSignal(window.runner.runFinished, timeout=60000):
        window.act.upscale_all.trigger()
    assert [i.state for i in window.document.queue.items] == [
        State.DONE,
        State.CANCELLED,
        State.QUEUED,
    ]
    qtbot.waitUntil(lambda: not window.host.busy, timeout=30000)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["bird_x2_fsrcnn-small.png"]
    assert window.act.upscale.isEnabled()


def test_save_as_picks_the_format_from_the_extension(
    qtbot, make_window, dialogs, shared_models_dir, set5_dir, tmp_path
):
    window = make_window(shared_models_dir)
    window.open_paths([set5_dir / "head.png"])
    select(window, "bicubic_x2", 0)
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.upscale.trigger()
    dialogs.save_answers += [tmp_path / "big.jpg", tmp_path / "big.xyz"]
    with qtbot.waitSignal(window.host.idle, timeout=30000):  # written by the worker
        assert window.save_as() == tmp_path / "big.jpg"
    assert (tmp_path / "big.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    assert read_image(tmp_path / "big.jpg").pixels.shape == (560, 560, 3)
    assert window.save_as() is None
    assert len(dialogs.errors) == 1 and dialogs.errors[0][0] == "Cannot save"
    assert not (tmp_path / "big.xyz").exists()


def test_preview_of_the_visible_area(qtbot, make_window, shared_models_dir, set5_dir):
    window = make_window(shared_models_dir)
    window.resize(900, 700)
    window.show()
    window.open_paths([set5_dir / "butterfly.png"])
    select(window, "ESPCN_x2", 0)
    window.view.zoom_to_fit()
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.preview.trigger()
        assert not window.act.preview.isEnabled()
    region, pixels = window.document.preview.region, window.document.preview.pixels
    assert (region.x, region.y, region.width, region.height) == (0, 0, 256, 256)
    info = load_catalog().get("ESPCN_x2")
    full = Upscaler(info, shared_models_dir / info.filename).upscale(window.loaded.pixels)
    assert np.array_equal(pixels, full)
    assert window.statusBar().currentMessage() == "Preview ready."


def test_save_all_asks_for_the_folder_and_runs_the_queue(
    qtbot, make_window, dialogs, shared_models_dir, set5_dir, tmp_path
):
    window = make_window(shared_models_dir)
    select(window, "FSRCNN-small_x2", 0)
    assert not window.act.save_all.isEnabled()  # nothing queued yet
    window.open_paths([set5_dir / "bird.png", set5_dir / "head.png"])
    dialogs.folder_answers.append(tmp_path / "all")
    with qtbot.waitSignal(window.runner.runFinished, timeout=60000):
        window.act.save_all.trigger()
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        "bird_x2_fsrcnn-small.png",
        "head_x2_fsrcnn-small.png",
    ]
    assert window.settings.output_dir == tmp_path / "all"


def test_view_actions_zoom_and_show_the_queue(qtbot, make_window, set5_dir):
    window = make_window()
    window.resize(900, 700)
    window.show()
    window.open_paths([set5_dir / "bird.png"])
    window.act.zoom_actual.trigger()
    assert window.view.zoom() == 1.0
    window.act.zoom_in.trigger()
    assert window.view.zoom() > 1.0
    window.act.zoom_out.trigger()
    window.act.zoom_out.trigger()
    assert window.view.zoom() < 1.0
    assert window.panel_dock.isVisible() and window.act.show_panel.isChecked()
    window.act.show_panel.trigger()
    assert not window.panel_dock.isVisible()
    window.act.show_panel.trigger()
    assert window.panel_dock.isVisible()


def test_language_menu_and_clear_recent_and_quit(qtbot, make_window, set5_dir):
    window = make_window()
    window.show()
    window.act.language["zh_CN"].trigger()
    qtbot.waitUntil(lambda: window.act.help_menu.title() == "帮助(&H)", timeout=30000)
    assert window.settings.language == "zh_CN"
    window.act.language["en"].trigger()
    qtbot.waitUntil(lambda: window.act.help_menu.title() == "&Help", timeout=30000)
    window.open_paths([set5_dir / "bird.png"])
    window.act.clear_recent.trigger()
    assert window.settings.recent_files == []
    window.act.quit.trigger()
    assert not window.isVisible()
    assert not window.host.running


def test_a_drop_during_a_single_run_waits_in_the_queue(
    qtbot, make_window, shared_models_dir, set5_dir
):
    window = make_window(shared_models_dir)
    window.open_paths([set5_dir / "butterfly.png"])
    select(window, "FSRCNN-small_x2", 64)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.act.upscale.trigger()
        drop(window, [QUrl.fromLocalFile(str(set5_dir / "woman.png"))])
        assert window.statusBar().currentMessage() == (
            "1 file queued; start it with Upscale All when done."
        )
    assert [(i.source.name, i.state) for i in window.document.queue.items] == [
        ("woman.png", State.QUEUED)
    ]
    assert window.result is not None and window.loaded.path == set5_dir / "butterfly.png"
    assert window.panel.upscale_button.isEnabled()
    assert window.panel.upscale_button.text() == "Upscale 1 image"
    assert window.act.upscale_all.isEnabled()
