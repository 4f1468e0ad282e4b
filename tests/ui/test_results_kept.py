"""Results are never lost silently (issue 13): Upscale acts on the picture on screen, results
survive another model or scale and can be switched between, closing offers the unsaved ones,
and saving says what happened to the file."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from tests import images
from upscaler.core.catalog import load_catalog
from upscaler.core.imageio import read_image
from upscaler.ui import jobs

CATALOG = load_catalog()


def picture(path: Path, size: tuple[int, int] = (40, 30), seed: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return images.save(path, images.noise(*size, seed=seed))


def upscale(qtbot, window, model_id: str) -> None:
    window.picker.select(CATALOG.get(model_id))
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.act.upscale.trigger()
    assert window.document.shown is not None


@pytest.fixture
def window(make_window):
    return make_window()


def test_upscale_acts_on_the_picture_on_screen_even_with_files_queued(qtbot, window, tmp_path):
    """The toolbar's Upscale ran the queued batch instead, switched the view and wrote files."""
    a = picture(tmp_path / "in" / "a.png")
    b = picture(tmp_path / "in" / "b.png", seed=1)
    window.open_paths([a, b])
    window.open_image(b)  # looking at the second
    before = sorted(p.name for p in (tmp_path / "in").iterdir())
    upscale(qtbot, window, "bicubic_x2")
    assert window.loaded.path == b and window.result.shape == (60, 80, 3)
    assert not window.runner.running
    assert [i.state.value for i in window.document.queue.items] == ["queued", "queued"]
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == before  # nothing written
    assert window.act.upscale.text() == "&Upscale This Picture"
    assert window.panel.upscale_button.text() == "Upscale 2 images"


def test_a_result_survives_another_model_and_can_be_shown_again(qtbot, window, tmp_path):
    """Changing the scale or model threw a finished, unsaved result away without a word."""
    window.open_paths([picture(tmp_path / "a.png")])
    upscale(qtbot, window, "bicubic_x2")
    first = window.document.shown
    upscale(qtbot, window, "lanczos_x4")
    second = window.document.shown
    assert second.pixels.shape == (120, 160, 3)
    assert window.document.results() == [first, second]  # both kept
    assert window.result_bar.isVisible() or window.result_bar.isVisibleTo(window)
    assert window.result_bar.box.count() == 3  # the original alone, and each result
    window.result_bar.box.setCurrentIndex(2)
    window.result_bar.box.activated.emit(2)  # as a click on the older result
    assert window.document.shown is first
    assert np.array_equal(window.result, first.pixels)
    assert window.picker.current().id == "bicubic_x2"  # the steps say what made it
    assert window.view.has_result()


def test_only_saved_results_make_room_for_new_ones(qtbot, window, tmp_path, dialogs):
    window.open_paths([picture(tmp_path / "a.png")])
    upscale(qtbot, window, "bicubic_x2")
    dialogs.save_answers.append(tmp_path / "kept.png")
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.save_as()
    saved = window.document.shown
    for model_id in ("lanczos_x2", "bicubic_x3", "lanczos_x3", "bicubic_x4"):
        upscale(qtbot, window, model_id)
    kept = window.document.results()
    assert saved not in kept and len(kept) == 4 and all(r.unsaved for r in kept)


def test_closing_offers_to_save_unsaved_results(qtbot, window, dialogs, tmp_path):
    """Quitting with an unsaved result (or a running job) did not ask."""
    window.open_paths([picture(tmp_path / "a.png")])
    upscale(qtbot, window, "bicubic_x2")
    dialogs.unsaved_answers.append("cancel")
    assert window.close() is False and not window._closed
    assert dialogs.unsaved_questions == [
        "1 result has not been saved. Save the results before closing?"
    ]
    dialogs.unsaved_answers.append("save")
    dialogs.save_answers.append(tmp_path / "on_close.png")
    assert window.close() is True
    assert read_image(tmp_path / "on_close.png").pixels.shape == (60, 80, 3)


def test_closing_during_a_run_asks_first(qtbot, window, dialogs, tmp_path):
    """With nothing unsaved it asked "A run is in progress; it will be stopped. Save the
    results before closing?" over Save, Discard and Cancel: there was nothing to save, and
    Save closed and stopped the run just as Discard did."""
    window.open_paths([picture(tmp_path / "a.png", size=(400, 300))])
    window.picker.select(CATALOG.get("bicubic_x4"))
    window.set_tile_size(16)  # hundreds of tiles: still running when closing
    window.act.upscale.trigger()
    dialogs.confirm_answers.append(False)
    assert window.close() is False
    assert dialogs.confirms == ["A run is in progress and will be stopped. Close Upscaler anyway?"]
    assert dialogs.confirm_defaults == [False]  # Enter keeps the run going
    assert dialogs.unsaved_questions == []
    assert window.host.running
    dialogs.confirm_answers.append(True)
    assert window.close() is True
    assert not window.host.running


def test_closing_during_a_run_with_unsaved_results_names_both(qtbot, window, dialogs, tmp_path):
    window.open_paths([picture(tmp_path / "a.png", size=(400, 300))])
    upscale(qtbot, window, "bicubic_x2")
    window.picker.select(CATALOG.get("bicubic_x4"))
    window.set_tile_size(16)
    window.act.upscale.trigger()
    dialogs.unsaved_answers.append("cancel")
    assert window.close() is False
    assert dialogs.unsaved_questions == [
        "1 result has not been saved. A run is in progress; it will be stopped. "
        "Save the results before closing?"
    ]
    assert window.close() is True  # the fake dialog answers "discard" by default


def test_a_failed_save_replaces_the_saving_message(qtbot, window, dialogs, tmp_path):
    """After a failed save, "Saving NAME..." stayed in the status bar."""
    window.open_paths([picture(tmp_path / "a.png")])
    upscale(qtbot, window, "bicubic_x2")
    dialogs.save_answers.append(tmp_path / "missing folder" / "big.png")
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.save_as()
        assert window.statusBar().currentMessage() == "Saving big.png..."
    assert window.statusBar().currentMessage() == "big.png was not saved."
    assert dialogs.errors and dialogs.errors[-1][0] == "Cannot save"


def test_a_failed_upscale_replaces_the_upscaling_message(
    qtbot, window, dialogs, tmp_path, monkeypatch
):
    """After a failed run, "Upscaling with bicubic x2..." stayed as if it were still going on."""
    from upscaler.core.errors import UpscalerError

    def fail(self, ctx):
        raise UpscalerError("the engine broke", tmp_path / "a.png")

    monkeypatch.setattr(jobs.UpscaleJob, "run", fail)
    window.open_paths([picture(tmp_path / "a.png")])
    window.picker.select(CATALOG.get("bicubic_x2"))
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.panel.upscale_button.click()
        assert window.statusBar().currentMessage() == "Upscaling with bicubic x2..."
    assert dialogs.errors and dialogs.errors[-1][0] == "Upscaling failed"
    assert window.statusBar().currentMessage() == "Upscaling failed."


def test_closing_during_save_as_says_what_it_waits_for(
    qtbot, window, dialogs, tmp_path, monkeypatch
):
    """Quitting during Save As left the window up for 16 s with no message."""
    window.open_paths([picture(tmp_path / "a.png")])
    upscale(qtbot, window, "bicubic_x2")
    release = threading.Event()
    real_write = jobs.write_image

    def slow_write(*args, **kwargs):
        release.wait(30)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(jobs, "write_image", slow_write)
    seen: list[str] = []

    def look_then_release() -> None:
        seen.append(window.statusBar().currentMessage())
        release.set()

    dialogs.save_answers.append(tmp_path / "big.png")
    window.save_as()
    QTimer.singleShot(200, look_then_release)  # runs while closing waits for the file
    dialogs.unsaved_answers.append("discard")
    window.close()
    assert seen == ["Finishing writing big.png before closing..."]
    assert read_image(tmp_path / "big.png").pixels.shape == (60, 80, 3)


def test_save_writes_as_step_four_says(qtbot, window, tmp_path):
    """Ctrl+S writes the result with the output options: format, quality, folder, name."""
    from dataclasses import replace

    window.open_paths([picture(tmp_path / "in" / "a.png", size=(64, 48))])
    upscale(qtbot, window, "bicubic_x2")
    options = replace(window.document.output, folder=tmp_path / "out", format="jpg", quality=40)
    window.output_step.show_options(options)
    window.output_step.optionsChanged.emit()
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.save.trigger()
    target = tmp_path / "out" / "a_x2_bicubic.jpg"
    assert target.read_bytes()[:3] == b"\xff\xd8\xff"
    assert window.document.shown.saved_to == target
    low = target.stat().st_size
    window.output_step.show_options(replace(options, quality=95, exists="rename"))
    window.output_step.optionsChanged.emit()
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.save.trigger()
    again = tmp_path / "out" / "a (2)_x2_bicubic.jpg"
    assert again.stat().st_size > low  # the quality was used
    assert window.statusBar().currentMessage() == "Saved a (2)_x2_bicubic.jpg."


def test_a_quick_result_is_not_said_to_have_taken_no_time(qtbot, window, tmp_path):
    """The result list said "bicubic x2 · interpolation · 0:00 · unsaved" while the line above
    the Upscale button said "Done in under a second"."""
    from dataclasses import replace

    window.open_paths([picture(tmp_path / "a.png")])
    upscale(qtbot, window, "bicubic_x2")
    quick = replace(window.document.shown, seconds=0.4)
    bar = window.result_bar
    assert bar.describe(quick) == "bicubic x2 · interpolation · under a second · unsaved"
    assert bar.describe(replace(quick, seconds=75)) == "bicubic x2 · interpolation · 1:15 · unsaved"
