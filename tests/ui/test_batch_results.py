"""The queue and its results (issue 13): Save All writes every result into the folder chosen, a
folder dropped again does not queue earlier results and lets the user skip, number or replace,
Cancel during the final write is honest, results of a batch stay usable, rows can be removed,
unreadable files are marked at once, and the batch says how far it is."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests import images
from upscaler.core import pipeline
from upscaler.core.catalog import load_catalog
from upscaler.core.imageio import read_image
from upscaler.ui.document import QueueItem, State

BICUBIC2 = load_catalog().get("bicubic_x2")


def pictures(folder: Path, *names: str, size: tuple[int, int] = (40, 30)) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for index, name in enumerate(names):
        made.append(images.save(folder / name, images.noise(*size, seed=index)))
    return made


def broken(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    return path


def set_output(window, **changes) -> None:
    """Change step 4's options as its widgets do."""
    window.output_step.show_options(replace(window.document.output, **changes))
    window.output_step.optionsChanged.emit()


def run_all(qtbot, window) -> None:
    with qtbot.waitSignal(window.runner.runFinished, timeout=60000):
        window.act.upscale_all.trigger()
    qtbot.waitUntil(lambda: not window.host.busy, timeout=30000)


def states(window) -> list[tuple[str, State]]:
    return [(i.source.name, i.state) for i in window.document.queue.items]


@pytest.fixture
def window(make_window):
    window = make_window()
    window.picker.select(BICUBIC2)
    return window


# -- High 1: Save All -------------------------------------------------------------------------


def test_save_all_after_a_batch_writes_every_result_into_the_new_folder(
    qtbot, window, dialogs, tmp_path
):
    """It re-ran only the failed files and wrote nothing into the new folder, yet reported
    "Batch finished: 10 done, 2 failed"."""
    a, b = pictures(tmp_path / "in", "a.png", "b.png")
    bad = broken(tmp_path / "in" / "c.png")
    window.open_paths([a, b, bad])
    set_output(window, folder=tmp_path / "first")
    run_all(qtbot, window)
    assert [s for _, s in states(window)] == [State.DONE, State.DONE, State.FAILED]
    dialogs.folder_answers.append(tmp_path / "second")
    window.act.save_all.trigger()
    qtbot.waitUntil(
        lambda: "Save All" in window.statusBar().currentMessage() and not window.host.busy,
        timeout=60000,
    )
    written = sorted(p.name for p in (tmp_path / "second").iterdir())
    assert written == ["a_x2_bicubic.png", "b_x2_bicubic.png"]
    for name in written:
        assert (tmp_path / "second" / name).read_bytes() == (tmp_path / "first" / name).read_bytes()
    message = window.statusBar().currentMessage()
    assert message == f"Save All: 2 of 3 results are in {tmp_path / 'second'}. 1 failed."
    assert window.document.queue.items[2].state is State.FAILED


# -- High 2: a folder dropped again -------------------------------------------------------------


def test_a_folder_dropped_again_queues_no_earlier_results_and_skips_existing_ones(
    qtbot, window, tmp_path
):
    """``baby_x4_upnet.png`` was queued beside ``baby.png`` (and became an 8192 px
    ``baby_x4_upnet_x4_upnet.png``), and each original whose result existed failed."""
    album = tmp_path / "album"
    pictures(album, "a.png", "b.png")
    window.open_paths([album])
    run_all(qtbot, window)
    results = sorted(p.name for p in album.iterdir())
    assert results == ["a.png", "a_x2_bicubic.png", "b.png", "b_x2_bicubic.png"]
    before = {name: (album / name).read_bytes() for name in results}
    window.open_paths([album])  # again
    assert [(name, state) for name, state in states(window)] == [
        ("a.png", State.QUEUED),
        ("b.png", State.QUEUED),
    ]
    assert window.document.output.exists == "skip"
    run_all(qtbot, window)
    assert [s for _, s in states(window)] == [State.SKIPPED, State.SKIPPED]
    assert window.images_step.status_text(window.document.queue.items[0]).startswith("skipped: ")
    assert "2 skipped" in window.statusBar().currentMessage()
    assert {p.name: p.read_bytes() for p in album.iterdir()} == before


def test_a_taken_name_can_be_numbered_or_replaced_instead(qtbot, window, tmp_path):
    album = tmp_path / "album"
    source, _ = pictures(album, "a.png", "b.png")
    original = source.read_bytes()
    window.open_paths([album])
    run_all(qtbot, window)
    first = album / "a_x2_bicubic.png"
    first.write_bytes(b"stale")  # so a replacement can be told apart
    set_output(window, exists="rename")
    window.open_paths([album])
    run_all(qtbot, window)
    assert read_image(album / "a (2)_x2_bicubic.png").pixels.shape == (60, 80, 3)
    assert first.read_bytes() == b"stale"
    set_output(window, exists="overwrite")
    window.open_paths([album])
    run_all(qtbot, window)
    assert read_image(first).pixels.shape == (60, 80, 3)
    assert source.read_bytes() == original  # an input is never replaced


# -- High 3: Cancel during the final write --------------------------------------------------------


def test_cancel_while_a_file_is_written_stops_the_write_and_writes_nothing(
    qtbot, window, tmp_path, monkeypatch
):
    """The status said "Cancelled." at once, the row "running 100%" for 10 s with the controls
    locked, then "cancelled", and the complete file was written anyway. Now the write stops at
    the cancel: the row and the status agree, and no file is left."""
    first, second = pictures(tmp_path / "in", "a.png", "b.png")
    entered, release = threading.Event(), threading.Event()
    real_write = pipeline.write_image

    def slow_write(*args, **kwargs):
        entered.set()
        release.wait(30)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(pipeline, "write_image", slow_write)
    window.open_paths([first, second])
    set_output(window, folder=tmp_path / "out")
    item = window.document.queue.items[0]
    with qtbot.waitSignal(window.runner.runFinished, timeout=60000):
        window.act.upscale_all.trigger()
        qtbot.waitUntil(lambda: entered.is_set() and item.percent >= 100, timeout=30000)
        assert window.images_step.status_text(item) == "writing the file..."
        window.act.cancel.trigger()
        message = window.statusBar().currentMessage()
        release.set()
    assert message == "Cancelled."
    assert states(window) == [("a.png", State.CANCELLED), ("b.png", State.QUEUED)]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert window.act.upscale_all.isEnabled()


# -- Medium 7: a batch's result can be saved and copied -------------------------------------------


def test_after_a_batch_the_result_on_screen_can_be_saved_and_copied(qtbot, window, tmp_path):
    """Save As and Copy were disabled after a batch, with its last result on screen."""
    first, second = pictures(tmp_path / "in", "a.png", "b.png")
    window.open_paths([first, second])
    set_output(window, folder=tmp_path / "out")
    run_all(qtbot, window)
    assert window.loaded.path == second
    written = read_image(tmp_path / "out" / "b_x2_bicubic.png").pixels
    assert window.result is not None and np.array_equal(window.result, written)
    assert window.act.copy.isEnabled() and window.act.save_as.isEnabled()
    shown = window.document.shown
    assert shown.saved_to == tmp_path / "out" / "b_x2_bicubic.png"
    assert "saved as b_x2_bicubic.png" in window.result_bar.box.currentText()


# -- Medium 9: rows can be removed ----------------------------------------------------------------


def test_queued_and_failed_rows_are_removed_with_delete_and_the_menu(window, tmp_path):
    """Delete and the context menu did nothing."""
    a, b, c = pictures(tmp_path / "in", "a.png", "b.png", "c.png")
    window.open_paths([a, b, c])
    queue = window.document.queue
    queue.set_state(queue.items[1], State.FAILED, failure="broken")
    window.images_step.list.setCurrentRow(1)
    QTest.keyClick(window.images_step.list, Qt.Key.Key_Delete)
    assert [i.source.name for i in queue.items] == ["a.png", "c.png"]
    window.images_step.list.setCurrentRow(0)
    menu = window.images_step.context_menu()
    remove = next(a for a in menu.actions() if a.text() == "Remove from the Queue")
    assert remove.isEnabled()
    remove.trigger()
    assert [i.source.name for i in queue.items] == ["c.png"]


def test_the_row_being_upscaled_is_not_removed(window, tmp_path):
    a, b = pictures(tmp_path / "in", "a.png", "b.png")
    window.open_paths([a, b])
    queue = window.document.queue
    queue.set_state(queue.items[0], State.RUNNING)
    window.opening.remove_items(list(queue.items))
    assert [i.source.name for i in queue.items] == ["a.png"]
    assert window.statusBar().currentMessage() == "The file being upscaled stays; cancel it first."


# -- Low: a failure's reason is shown whole --------------------------------------------------------


def test_a_failure_reason_is_shown_whole_on_its_row(qtbot, window, tmp_path):
    """The batch failure text was cut before its reason."""
    (good,) = pictures(tmp_path / "in", "a.png")
    bad = broken(tmp_path / "in" / "a much longer file name of a broken holiday picture.png")
    window.resize(800, 600)
    window.show()
    window.open_paths([good, bad])
    item = window.document.queue.items[1]
    qtbot.waitUntil(lambda: item.state is State.FAILED, timeout=30000)
    QApplication.processEvents()
    row = window.images_step.list.itemWidget(window.images_step.list.item(1))
    reason = item.message.split(": ", 1)[1]
    assert row.state.text() == f"failed: {reason}"
    assert row.state.wordWrap()
    needed = row.state.heightForWidth(row.state.width())
    assert row.state.height() >= needed  # every wrapped line is on screen
    rect = window.images_step.list.visualItemRect(window.images_step.list.item(1))
    assert rect.height() >= row.sizeHint().height() - 1


# -- Low: unreadable files are marked at once ----------------------------------------------------


def test_unreadable_files_are_marked_failed_as_soon_as_they_are_queued(qtbot, window, tmp_path):
    """Several unreadable files opened at once sat silently as "queued"."""
    (good,) = pictures(tmp_path / "in", "good.png")
    bad = [broken(tmp_path / "in" / f"bad{i}.png") for i in range(3)]
    window.open_paths([*bad, good])
    queue = window.document.queue
    qtbot.waitUntil(lambda: not window.thumbnails.busy, timeout=30000)
    assert [i.state for i in queue.items] == [State.FAILED] * 3 + [State.QUEUED]
    assert all(str(path) in item.message for path, item in zip(bad, queue.items, strict=False))
    assert queue.items[3].size == (40, 30) and queue.items[3].thumbnail is not None
    assert not window.host.busy  # nothing ran
    assert window.panel.upscale_button.text() == "Upscale 1 image"


# -- the batch's progress --------------------------------------------------------------------------


class Watch(QObject):
    """Notes the progress line each time a file starts (a GUI-thread slot)."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.lines: list[str] = []
        window.runner.itemStarted.connect(self.on_started)

    @Slot(object)
    def on_started(self, _item: QueueItem) -> None:
        self.lines.append(self.window.images_step.progress.text())


def test_the_batch_says_which_file_of_how_many_and_the_time_left(qtbot, window, tmp_path):
    paths = pictures(tmp_path / "in", "a.png", "b.png", "c.png")
    window.open_paths(paths)
    set_output(window, folder=tmp_path / "out")
    qtbot.waitUntil(lambda: not window.thumbnails.busy, timeout=30000)
    watch = Watch(window)
    run_all(qtbot, window)
    assert [line.split(" · ")[0] for line in watch.lines] == [
        "File 1 of 3",
        "File 2 of 3",
        "File 3 of 3",
    ]
    assert all(" left" in line for line in watch.lines[:-1])
    assert not window.images_step.progress.isVisible()


def test_webp_results_use_the_quality_even_as_the_inputs_format(qtbot, window, tmp_path):
    """A 4096 px WebP came out lossless at 16 MB: the quality never reached the encoder."""
    from upscaler.core.imageio import write_image

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.webp", "b.webp"):
        write_image(folder / name, images.noise(64, 48), options=None)
    window.open_paths(sorted(folder.iterdir()))
    set_output(window, folder=tmp_path / "out", format="same", quality=60)
    assert window.output_step.quality_spin.isEnabled()  # "same" may be JPEG or WebP
    run_all(qtbot, window)
    written = tmp_path / "out" / "a_x2_bicubic.webp"
    data = written.read_bytes()
    assert data[:4] == b"RIFF" and b"VP8L" not in data[:40]  # lossy VP8, not lossless VP8L


def test_the_batch_summary_reads_as_chinese_sentences(qtbot, window, tmp_path):
    """The Chinese status said "批处理结束：0 个完成，0 个失败。 2 个已跳过…": an English
    space after the Chinese full stop; English keeps its space."""
    album = tmp_path / "album"
    pictures(album, "a.png", "b.png")
    window.open_paths([album])
    run_all(qtbot, window)
    window.open_paths([album])  # again: both are skipped, their results exist
    try:
        window.set_language("zh_CN")
        QApplication.processEvents()
        run_all(qtbot, window)
        chinese = window.statusBar().currentMessage()
    finally:
        window.set_language("en")
        QApplication.processEvents()
    assert chinese.startswith("批处理") and "。2 个已跳过" in chinese, chinese
    window.open_paths([album])
    run_all(qtbot, window)
    assert window.statusBar().currentMessage() == (
        "Batch finished: 0 done, 0 failed. 2 skipped: their results exist already."
    )


def test_a_transparent_picture_written_as_jpeg_is_flattened_onto_white_and_says_so(
    qtbot, window, tmp_path
):
    """Save asks before flattening onto white; a batch cannot stop at every such file. Its row
    said "... or choose a background colour to flatten it onto", which the window cannot do:
    the batch flattens onto white, as Save offers, and the row says so. An opaque file's row
    says nothing of it."""
    pixels = np.dstack([images.noise(40, 30, seed=1), np.full((30, 40), 255, np.uint8)])
    pixels[:, :20, 3] = 0  # the left half transparent
    folder = tmp_path / "in"
    opaque = pictures(folder, "opaque.png")[0]
    clear = images.save(folder / "clear.png", pixels)
    set_output(window, format="jpg")
    window.open_paths([clear, opaque])
    run_all(qtbot, window)
    assert states(window) == [("clear.png", State.DONE), ("opaque.png", State.DONE)]
    first, second = window.document.queue.items
    written = read_image(first.output).pixels
    assert written.shape == (60, 80, 3)
    assert written[:, :36].min() >= 240  # white where it was transparent (JPEG: nearly)
    rows = [window.images_step.status_text(item) for item in (first, second)]
    assert rows[0].endswith("(its transparency flattened onto white)"), rows[0]
    assert "transparency" not in rows[1]
