"""The window shows the save step's progress, and a job that wrote its file is never reported
as cancelled.

Found by a user: after the last tile the bar sat at 100% for the 4-17 s the PNG took to encode;
a cancel that came after the file was in place reported the job as cancelled anyway.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QObject, Slot

from tests import images
from upscaler.core.catalog import load_catalog
from upscaler.core.imageio import png_stream, read_image
from upscaler.core.pipeline import Job as FileTarget
from upscaler.ui import jobs
from upscaler.ui.jobs import FileJob, SaveJob, UpscaleJob
from upscaler.ui.worker import JobHandle, WorkerHost

BICUBIC2 = load_catalog().get("bicubic", 2)


class Outcomes(QObject):
    """GUI-thread record of what a job's handle says."""

    def __init__(self, handle: JobHandle) -> None:
        super().__init__()
        self.saving: list[tuple[int, int]] = []
        self.ends: list[str] = []
        handle.saving.connect(self.on_saving)
        handle.finished.connect(self.on_finished)
        handle.cancelled.connect(self.on_cancelled)

    @Slot(int, int)
    def on_saving(self, done: int, total: int) -> None:
        self.saving.append((done, total))

    @Slot(object)
    def on_finished(self, _result: object) -> None:
        self.ends.append("finished")

    @Slot()
    def on_cancelled(self) -> None:
        self.ends.append("cancelled")


def run(qtbot, host: WorkerHost, job) -> Outcomes:
    """Submit ``job`` and wait for it to end; what its handle reported."""
    with qtbot.waitSignal(host.idle, timeout=30000):
        record = Outcomes(host.submit(job))
    return record


@pytest.fixture
def host(qtbot):
    host = WorkerHost()
    yield host
    host.shutdown()


def _loaded(tmp_path: Path):
    return read_image(images.save(tmp_path / "in.png", images.noise(40, 30)))


def test_save_as_reports_the_encoding_row_by_row(qtbot, host, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(png_stream, "BAND_BYTES", 80 * 3 * 20)  # 20 rows a band
    job = SaveJob(
        target=tmp_path / "out.png", pixels=images.noise(80, 60), source=_loaded(tmp_path)
    )
    record = run(qtbot, host, job)
    assert record.saving == [(20, 60), (40, 60), (60, 60)]
    assert record.ends == ["finished"]


def test_a_batch_file_reports_tiles_then_the_save(qtbot, host, tmp_path) -> None:
    source = images.save(tmp_path / "a.jpg", images.noise(40, 30))
    plan = FileTarget(source, tmp_path / "a_x2.jpg", "JPEG")
    record = run(qtbot, host, FileJob(plan=plan, info=BICUBIC2, model_path=None))
    assert record.saving == [(0, 0)]  # JPEG: under way, without a measure
    assert record.ends == ["finished"]


def test_a_cancel_that_comes_after_the_file_is_written_does_not_unsay_it(
    qtbot, host, tmp_path, monkeypatch
) -> None:
    job = SaveJob(target=tmp_path / "out.png", pixels=images.noise(8, 6), source=_loaded(tmp_path))
    real_write = jobs.write_image

    def write_then_cancel(*args, **kwargs):
        warnings = real_write(*args, **kwargs)
        job.cancel.set()  # the user pressed Cancel (or closed) a moment too late
        return warnings

    monkeypatch.setattr(jobs, "write_image", write_then_cancel)
    record = run(qtbot, host, job)
    assert (tmp_path / "out.png").is_file()
    assert record.ends == ["finished"]


def test_a_cancelled_upscale_is_still_reported_as_cancelled(qtbot, host) -> None:
    """Jobs that write nothing keep the old rule: a cancel, however late, means no result."""
    job = UpscaleJob(image=np.zeros((8, 8, 3), np.uint8), info=BICUBIC2, model_path=None)
    job.cancel.set()
    record = run(qtbot, host, job)
    assert record.ends == ["cancelled"]


def test_the_status_bar_shows_the_save(qtbot, make_window) -> None:
    window = make_window()
    status = window.status
    status.start()
    status.set_saving(0, 0)
    assert (status.progress.minimum(), status.progress.maximum()) == (0, 0)  # busy
    status.set_saving(30, 120)
    assert (status.progress.value(), status.progress.maximum()) == (30, 120)
    assert status.progress.format() == "Saving %p%"
    status.stop()
    assert status.progress.isHidden()


def test_save_as_shows_its_progress_in_the_status_bar(
    qtbot, make_window, dialogs, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(png_stream, "BAND_BYTES", 80 * 3 * 20)
    window = make_window()
    window.open_paths([images.save(tmp_path / "in.png", images.noise(40, 30))])
    window.picker.select(BICUBIC2)
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.upscale.trigger()
    shown: list[tuple[bool, str, int]] = []
    status = window.status
    real_set_saving = status.set_saving

    def set_saving(done: int, total: int) -> None:  # what the bar shows after each report
        real_set_saving(done, total)
        bar = status.progress
        shown.append((not bar.isHidden(), bar.format(), bar.value()))

    monkeypatch.setattr(status, "set_saving", set_saving)
    dialogs.save_answers.append(tmp_path / "big.png")
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.save_as()
    assert shown == [(True, "Saving %p%", 20), (True, "Saving %p%", 40), (True, "Saving %p%", 60)]
    assert window.status.progress.isHidden()
    assert window.statusBar().currentMessage() == "Saved big.png."
