"""The worker thread on its own (no window): results, progress, cancel, model reuse, shutdown."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QObject, QTimer, Slot

from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.errors import ModelError
from upscaler.core.imageio import read_image
from upscaler.core.tiling import Region
from upscaler.ui.jobs import Job, UpscaleJob
from upscaler.ui.worker import Engine, JobHandle, WorkerHost


class Recorder(QObject):
    """GUI-thread receiver of one job's handle signals (bound slots, as the window uses)."""

    def __init__(self, host: WorkerHost) -> None:
        super().__init__()
        self.host = host
        self.progress: list[tuple[int, int]] = []
        self.tiles: list[tuple[Region, np.ndarray]] = []
        self.loaded: list[str] = []
        self.cancel_after: int | None = None
        self.handle: JobHandle | None = None
        host.modelLoaded.connect(self.on_loaded)

    def watch(self, handle: JobHandle) -> JobHandle:
        self.handle = handle
        handle.progress.connect(self.on_progress)
        handle.tileReady.connect(self.on_tile)
        return handle

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        self.progress.append((done, total))
        if self.cancel_after is not None and done >= self.cancel_after and self.handle:
            self.handle.cancel()

    @Slot(object, object)
    def on_tile(self, region: object, pixels: object) -> None:
        self.tiles.append((region, pixels))  # type: ignore[arg-type]

    @Slot(object)
    def on_loaded(self, engine: object) -> None:
        assert isinstance(engine, Engine)
        self.loaded.append(engine.model_id)


@pytest.fixture
def host(qtbot):
    host = WorkerHost()
    yield host
    host.shutdown()


def model(shared_models_dir: Path, model_id: str):
    info = load_catalog().get(model_id)
    return info, shared_models_dir / info.filename


def test_upscale_job_matches_the_core_and_streams_every_tile(
    qtbot, host, shared_models_dir, set5_dir
):
    image = read_image(set5_dir / "butterfly.png").pixels
    info, path = model(shared_models_dir, "ESPCN_x2")
    recorder = Recorder(host)
    handle = recorder.watch(
        host.submit(UpscaleJob(image=image, info=info, model_path=path, tile=64))
    )
    with qtbot.waitSignal(handle.finished, timeout=60000) as blocker:
        pass
    (result,) = blocker.args
    expected = Upscaler(info, path).upscale(image, tile=64)
    assert handle.done and handle.id > 0
    assert result.shape == (512, 512, 3)
    assert np.array_equal(result, expected)
    total = recorder.progress[-1][1]
    assert total == 16  # 256 px in 64 px tiles
    assert [p[0] for p in recorder.progress] == list(range(1, total + 1))
    assert len(recorder.tiles) == total
    assembled = np.zeros_like(result)
    for region, pixels in recorder.tiles:
        assembled[region.y : region.bottom, region.x : region.right] = pixels
    assert np.array_equal(assembled, result)
    assert not host.busy


def test_cancel_between_tiles_stops_the_run(qtbot, host, shared_models_dir, set5_dir):
    image = read_image(set5_dir / "baby.png").pixels
    info, path = model(shared_models_dir, "LapSRN_x2")
    recorder = Recorder(host)
    recorder.cancel_after = 2
    handle = recorder.watch(
        host.submit(UpscaleJob(image=image, info=info, model_path=path, tile=16))
    )
    with qtbot.waitSignal(handle.cancelled, timeout=60000):
        pass
    done = [p[0] for p in recorder.progress]
    total = recorder.progress[-1][1]
    assert total == 1024
    # Progress stops with the cancel, whatever the worker finished before it noticed.
    assert max(done) == 2
    assert not host.busy


def test_each_handle_hears_only_its_own_job(qtbot, host):
    class Count(Job):
        def run(self, ctx):
            for done in range(1, 4):
                ctx.progress(done * self.id, 3 * self.id)
            return self.id

    first, second = Recorder(host), Recorder(host)
    a = first.watch(host.submit(Count()))
    b = second.watch(host.submit(Count()))
    with qtbot.waitSignal(host.idle, timeout=30000):
        pass
    assert first.progress == [(a.id, 3 * a.id), (2 * a.id, 3 * a.id), (3 * a.id, 3 * a.id)]
    assert second.progress == [(b.id, 3 * b.id), (2 * b.id, 3 * b.id), (3 * b.id, 3 * b.id)]


def test_a_queued_job_cancelled_before_it_starts_never_runs(qtbot, host):
    ran = threading.Event()

    class Marker(Job):
        def run(self, ctx):
            ran.set()
            return None

    job = Marker()
    job.cancel.set()
    handle = host.submit(job)
    with qtbot.waitSignal(handle.cancelled, timeout=30000):
        pass
    assert handle.done
    assert not ran.is_set()


def test_a_job_that_returned_is_finished_even_if_cancelled_meanwhile(qtbot, host):
    """Its work is done (a file written): calling it cancelled would be a lie."""
    release = threading.Event()

    class Slow(Job):
        def run(self, ctx):
            release.wait(10)
            return "written"

    handle = host.submit(Slow())
    qtbot.waitUntil(lambda: handle.running, timeout=30000)
    handle.cancel()
    release.set()
    with qtbot.waitSignal(handle.finished, timeout=30000) as blocker:
        pass
    assert blocker.args == ["written"]


def test_the_model_loads_once_and_reloads_only_when_it_changes(
    qtbot, host, shared_models_dir, set5_dir
):
    image = read_image(set5_dir / "bird.png").pixels[:64, :64]
    recorder = Recorder(host)
    ids = ["ESPCN_x2", "ESPCN_x2", "FSRCNN_x2", "FSRCNN_x2", "ESPCN_x2"]
    for model_id in ids:
        info, path = model(shared_models_dir, model_id)
        handle = host.submit(UpscaleJob(image=image, info=info, model_path=path))
        with qtbot.waitSignal(handle.finished, timeout=30000):
            pass
    assert recorder.loaded == ["ESPCN_x2", "FSRCNN_x2", "ESPCN_x2"]
    assert host.worker.loads == 3


def test_jobs_run_in_submission_order(qtbot, host):
    order: list[int] = []

    class Note(Job):
        def run(self, ctx):
            order.append(self.id)
            return self.id

    with qtbot.waitSignal(host.idle, timeout=30000):
        ids = [host.submit(Note()).id for _ in range(5)]
    assert order == ids


def test_thousands_of_progress_signals_arrive_without_a_crash(qtbot, host):
    class Chatty(Job):
        def run(self, ctx):
            for done in range(1, 5001):
                ctx.progress(done, 5000)
            return "ok"

    recorder = Recorder(host)
    handle = recorder.watch(host.submit(Chatty()))
    with qtbot.waitSignal(handle.finished, timeout=30000) as blocker:
        pass
    assert blocker.args == ["ok"]
    qtbot.waitUntil(lambda: len(recorder.progress) == 5000, timeout=30000)
    assert recorder.progress[-1] == (5000, 5000)
    assert [p[0] for p in recorder.progress] == list(range(1, 5001))


def test_failures_arrive_as_messages(qtbot, host):
    class Broken(Job):
        def run(self, ctx):
            raise ModelError("is not a model", Path("/x/m.pb"))

    class Buggy(Job):
        def run(self, ctx):
            raise ValueError("boom")

    first = host.submit(Broken())
    with qtbot.waitSignal(first.failed, timeout=30000) as blocker:
        pass
    (failure,) = blocker.args
    assert failure.text() == str(failure) == "/x/m.pb: is not a model"
    assert failure.error.__traceback__ is None  # the worker's frames are not kept alive
    second = host.submit(Buggy())
    with qtbot.waitSignal(second.failed, timeout=30000) as blocker:
        pass
    assert str(blocker.args[0]) == "Unexpected error: boom"


def test_shutdown_during_a_run_cancels_and_joins_the_thread(qtbot, shared_models_dir, set5_dir):
    host = WorkerHost()
    image = read_image(set5_dir / "baby.png").pixels
    info, path = model(shared_models_dir, "FSRCNN_x2")
    started = threading.Event()

    class Watch(UpscaleJob):
        def run(self, ctx):
            started.set()
            return super().run(ctx)

    host.submit(Watch(image=image, info=info, model_path=path, tile=16))
    assert started.wait(30)
    host.shutdown()
    assert not host.running
    host.shutdown()  # a second call is harmless
    with pytest.raises(RuntimeError):
        host.submit(Watch(image=image, info=info, model_path=path))


class Ticker(QObject):
    """Counts GUI-thread timer ticks once ``counting`` is set: proof that the event loop runs."""

    def __init__(self, wanted: int) -> None:
        super().__init__()
        self.ticks = 0
        self.wanted = wanted
        self.counting = threading.Event()
        self.enough = threading.Event()
        self.timer = QTimer(self)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)

    @Slot()
    def tick(self) -> None:
        if self.counting.is_set():
            self.ticks += 1
            if self.ticks >= self.wanted:
                self.enough.set()


def test_the_gui_thread_stays_responsive_during_a_long_job(
    qtbot, host, shared_models_dir, set5_dir
):
    """Halfway through a real network's tiles the job waits until the GUI thread's timer has
    ticked a few times: a job that blocked the event loop never sees them. (Counting ticks per
    second of the run made the outcome depend on how busy the machine was.)"""
    image = read_image(set5_dir / "baby.png").pixels[:128, :128]
    info, path = model(shared_models_dir, "LapSRN_x2")
    ticker = Ticker(wanted=5)
    heard: list[bool] = []

    class Halfway(UpscaleJob):
        def run(self, ctx):
            report = ctx.progress

            def progress(done: int, total: int) -> None:
                report(done, total)
                if done == total // 2:
                    ticker.counting.set()
                    heard.append(ticker.enough.wait(60))

            ctx.progress = progress
            return super().run(ctx)

    ticker.timer.start()
    handle = host.submit(Halfway(image=image, info=info, model_path=path, tile=32))
    with qtbot.waitSignal(handle.finished, timeout=120000) as blocker:
        pass
    ticker.timer.stop()
    assert heard == [True]  # the loop ticked while the job was in the middle of its tiles
    (result,) = blocker.args
    assert result.shape == (256, 256, 3)
