"""The batch queue with broken, hidden and cancelled files, and names that would break a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

from upscaler.core import estimate
from upscaler.core.catalog import load_catalog
from upscaler.core.errors import ImageReadError
from upscaler.core.pipeline import PlanError, output_name
from upscaler.core.tiling import Region
from upscaler.ui.document import Queue, State
from upscaler.ui.drop import classify_paths
from upscaler.ui.images_step import ImagesStep


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


def overflowing_lines(label) -> list[str]:
    """The lines of a word-wrapped label that are wider than the label (drawn cut short)."""
    layout = QTextLayout(label.text(), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.width())
        lines.append(line)
    layout.endLayout()
    return [
        label.text()[line.textStart() : line.textStart() + line.textLength()]
        for line in lines
        if line.naturalTextWidth() > label.width()
    ]


@pytest.mark.parametrize(
    "name", ["aqueduct_sun_ancegghzusmmvzjn.jpg", "3f9a0c1e7b6d4e2a9c8b7f6e5d4c3b2a1.png"]
)
def test_a_long_file_name_wraps_in_its_row_and_is_never_cut(qtbot, tmp_path, name):
    """A name without spaces ran past the row's edge, cut off mid-name with no ellipsis, and
    so did the output's name ("done: abbey_sun_asztnlqhlrvirneh_x2_")."""
    queue = Queue()
    panel = ImagesStep(queue)
    qtbot.addWidget(panel)
    panel.resize(280, 500)
    panel.show()
    source = tmp_path / name
    (item,) = queue.add([source])
    item.output = tmp_path / f"{source.stem}_x2_upnet2{source.suffix}"
    queue.set_state(item, State.DONE, 100)
    QApplication.processEvents()
    row = panel.list.itemWidget(panel.list.item(0))
    for label in (row.name, row.state):
        assert label.isVisible() and label.wordWrap()
        assert overflowing_lines(label) == []
        assert label.height() >= label.heightForWidth(label.width())  # every line shown
    shown = row.name.text().replace("\u200b", "")
    assert shown == name and row.state.text().replace("\u200b", "").endswith(
        "_x2_upnet2" + source.suffix
    )


@pytest.mark.parametrize(
    "name", ["aqueduct_sun_ancegghzusmmvzjn.jpg", "3f9a0c1e7b6d4e2a9c8b7f6e5d4c3b2a1.png"]
)
def test_a_failure_naming_a_long_output_path_wraps_too(qtbot, tmp_path, name):
    """ "failed: /photos/out/abbey_sun_asztnlqhlrvirneh_x2_" ran past the row's edge, and rows
    rebuilt when another file joined were cut at the bottom ("permission)" missing) or had
    blank bands above and below their text."""
    queue = Queue()
    panel = ImagesStep(queue)
    qtbot.addWidget(panel)
    panel.resize(280, 500)
    panel.show()
    messages = []
    for stem in (Path(name).stem, "b"):  # the second row rebuilds the first
        source = tmp_path / f"{stem}{Path(name).suffix}"
        (item,) = queue.add([source])
        output = tmp_path / "read-only results" / f"{source.stem}_x2_upnet2{source.suffix}"
        messages.append(
            f"{output}: cannot write into the folder {output.parent} (read-only or no permission)"
        )
        queue.set_state(item, State.FAILED, failure=messages[-1])
    QApplication.processEvents()
    for index, message in enumerate(messages):
        row = panel.list.itemWidget(panel.list.item(index))
        assert overflowing_lines(row.state) == []
        needed = row.state.heightForWidth(row.state.width())
        assert needed <= row.state.height() <= needed + 2  # every line, and no blank band
        assert row.state.text().replace("\u200b", "") == f"failed: {message}"


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


def _batch_cancelled_in_its_first_file(make_window, set5_dir, tmp_path, monkeypatch):
    """A window with two Set5 files queued (bicubic x2), whose batch will be cancelled while
    its first file (bird.png) is held."""
    from tests.ui.test_main_window import hold_until_cancelled

    window = make_window()
    window.picker.select(load_catalog().get("bicubic_x2"))
    window.open_paths([set5_dir / "bird.png", set5_dir / "head.png"])
    window.set_output_folder(tmp_path / "out")
    canceller = _CancelOnFirstFile(window)
    hold_until_cancelled(monkeypatch, "bird.png")
    return window, canceller


def test_cancelling_a_batch_clears_its_partial_result_and_says_so(
    qtbot, make_window, set5_dir, tmp_path, monkeypatch
):
    """The half-painted result stayed under the "Result" caption, and the status bar said
    "Batch finished: 0 done, 0 failed." with both files still to do."""
    window, _canceller = _batch_cancelled_in_its_first_file(
        make_window, set5_dir, tmp_path, monkeypatch
    )
    with qtbot.waitSignal(window.runner.runFinished, timeout=30000):
        window.act.upscale_all.trigger()
        # A tile the worker sent before it saw the cancel arrives after it: ignored, not painted.
        tile = np.zeros((2, 2, 3), np.uint8)
        window.host.worker.tileReady.emit(_canceller.job_id, Region(0, 0, 2, 2), tile)
    assert not window.view.has_result()
    assert window.statusBar().currentMessage() == "Batch stopped: 0 done, 0 failed, 2 not done."
    qtbot.waitUntil(lambda: not window.host.busy, timeout=30000)


def test_upscaling_again_after_a_cancel_does_the_cancelled_file_too(
    qtbot, make_window, set5_dir, tmp_path, monkeypatch
):
    """After Cancel the status said "2 not done" while the button offered "Upscale 1 image";
    pressing it left the cancelled file undone for good (and had the last file been the one
    cancelled, it upscaled that picture in the window only and wrote nothing)."""
    window, canceller = _batch_cancelled_in_its_first_file(
        make_window, set5_dir, tmp_path, monkeypatch
    )
    with qtbot.waitSignal(window.runner.runFinished, timeout=30000):
        window.panel.upscale_button.click()
    qtbot.waitUntil(lambda: not window.host.busy, timeout=30000)
    assert [i.state for i in window.document.queue.items] == [State.CANCELLED, State.QUEUED]
    assert window.statusBar().currentMessage() == "Batch stopped: 0 done, 0 failed, 2 not done."
    assert window.panel.upscale_button.text() == "Upscale 2 images"
    window.runner.itemStarted.disconnect(canceller.on_started)
    monkeypatch.undo()  # the files run as they are now
    with qtbot.waitSignal(window.runner.runFinished, timeout=30000):
        window.panel.upscale_button.click()
    qtbot.waitUntil(lambda: not window.host.busy, timeout=30000)
    assert [i.state for i in window.document.queue.items] == [State.DONE, State.DONE]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "bird_x2_bicubic.png",
        "head_x2_bicubic.png",
    ]
