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
from upscaler.ui.worker import WorkerHost

BICUBIC2 = load_catalog().get("bicubic", 2)


class Outcomes(QObject):
    """GUI-thread record of what the host says about each job."""

    def __init__(self, host: WorkerHost) -> None:
        super().__init__()
        self.saving: list[tuple[int, int, int]] = []
        self.ends: list[tuple[str, int]] = []
        host.saveProgress.connect(self.on_saving)
        host.jobFinished.connect(self.on_finished)
        host.jobCancelled.connect(self.on_cancelled)

    @Slot(int, int, int)
    def on_saving(self, job_id: int, done: int, total: int) -> None:
        self.saving.append((job_id, done, total))

    @Slot(int, object)
    def on_finished(self, job_id: int, _result: object) -> None:
        self.ends.append(("finished", job_id))

    @Slot(int)
    def on_cancelled(self, job_id: int) -> None:
        self.ends.append(("cancelled", job_id))


@pytest.fixture
def host(qtbot):
    host = WorkerHost()
    yield host
    host.shutdown()


def _loaded(tmp_path: Path):
    return read_image(images.save(tmp_path / "in.png", images.noise(40, 30)))


def test_save_as_reports_the_encoding_row_by_row(qtbot, host, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(png_stream, "BAND_BYTES", 80 * 3 * 20)  # 20 rows a band
    record = Outcomes(host)
    job = SaveJob(
        target=tmp_path / "out.png", pixels=images.noise(80, 60), source=_loaded(tmp_path)
    )
    with qtbot.waitSignal(host.idle, timeout=30000):
        job_id = host.submit(job)
    assert record.saving == [(job_id, 20, 60), (job_id, 40, 60), (job_id, 60, 60)]
    assert record.ends == [("finished", job_id)]


def test_a_batch_file_reports_tiles_then_the_save(qtbot, host, tmp_path) -> None:
    record = Outcomes(host)
    source = images.save(tmp_path / "a.jpg", images.noise(40, 30))
    plan = FileTarget(source, tmp_path / "a_x2.jpg", "JPEG")
    with qtbot.waitSignal(host.idle, timeout=30000):
        job_id = host.submit(FileJob(plan=plan, info=BICUBIC2, model_path=None))
    assert record.saving == [(job_id, 0, 0)]  # JPEG: under way, without a measure
    assert record.ends == [("finished", job_id)]


def test_a_cancel_that_comes_after_the_file_is_written_does_not_unsay_it(
    qtbot, host, tmp_path, monkeypatch
) -> None:
    record = Outcomes(host)
    job = SaveJob(target=tmp_path / "out.png", pixels=images.noise(8, 6), source=_loaded(tmp_path))
    real_write = jobs.write_image

    def write_then_cancel(*args, **kwargs):
        warnings = real_write(*args, **kwargs)
        job.cancel.set()  # the user pressed Cancel (or closed) a moment too late
        return warnings

    monkeypatch.setattr(jobs, "write_image", write_then_cancel)
    with qtbot.waitSignal(host.idle, timeout=30000):
        job_id = host.submit(job)
    assert (tmp_path / "out.png").is_file()
    assert record.ends == [("finished", job_id)]


def test_a_cancelled_upscale_is_still_reported_as_cancelled(qtbot, host) -> None:
    """Jobs that write nothing keep the old rule: a cancel, however late, means no result."""
    record = Outcomes(host)
    job = UpscaleJob(image=np.zeros((8, 8, 3), np.uint8), info=BICUBIC2, model_path=None)
    job.cancel.set()
    with qtbot.waitSignal(host.idle, timeout=30000):
        job_id = host.submit(job)
    assert record.ends == [("cancelled", job_id)]


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

    def look(_job: int, done: int, total: int) -> None:  # after the window's own slot
        bar = window.status.progress
        shown.append((not bar.isHidden(), bar.format(), bar.value()))

    window.host.saveProgress.connect(look)
    dialogs.save_answers.append(tmp_path / "big.png")
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.save_as()
    assert shown == [(True, "Saving %p%", 20), (True, "Saving %p%", 40), (True, "Saving %p%", 60)]
    assert window.status.progress.isHidden()
    assert window.statusBar().currentMessage() == "Saved big.png."
