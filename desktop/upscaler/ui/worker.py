"""The one long-lived worker thread: owns the loaded network and runs jobs in order.

``UpscaleWorker`` lives on a QThread and is testable on its own; ``WorkerHost`` lives on the GUI
thread, owns the thread, and re-emits the worker's signals from the GUI thread (pytest-qt can only
wait safely on those, and GUI slots then never run in the worker thread). Cancellation goes through
each job's ``threading.Event``, set directly from the GUI thread: a queued slot could not run while
the worker is busy.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, SignalInstance, Slot

from upscaler.core.catalog import ModelInfo
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled, UpscalerError
from upscaler.core.tiling import Region
from upscaler.ui.core_text import error_text
from upscaler.ui.jobs import Job

log = logging.getLogger(__name__)


class _Context:
    """What a running job may use: progress, tiles, cancel, and the worker's model cache."""

    def __init__(self, worker: UpscaleWorker, job: Job) -> None:
        self._worker = worker
        self._job = job
        self.cancel: threading.Event = job.cancel

    def progress(self, done: int, total: int) -> None:
        self._worker.progress.emit(self._job.id, int(done), int(total))

    def tile(self, region: Region, pixels: np.ndarray) -> None:
        # The engine may keep writing into its buffer; the GUI gets a private copy.
        self._worker.tileReady.emit(self._job.id, region, pixels.copy())

    def upscaler(self, info: ModelInfo, path: Path | None) -> Upscaler:
        return self._worker.model(info, path)


class UpscaleWorker(QObject):
    """Runs jobs one at a time in its thread; loads a network once and reuses it."""

    started = Signal(int)
    progress = Signal(int, int, int)  # job id, done, total
    tileReady = Signal(int, object, object)  # job id, Region (output pixels), pixels
    finished = Signal(int, object)  # job id, result
    failed = Signal(int, str)  # job id, message for the user
    cancelled = Signal(int)
    modelLoaded = Signal(str)  # model id

    def __init__(self) -> None:
        super().__init__()
        self._model: Upscaler | None = None
        self._model_key: tuple[str, str | None, str, str] | None = None
        self.loads = 0
        #: Where and at what precision models load (Settings.device / .precision; set from the
        #: GUI thread between jobs). The reference path until the window passes the user's
        #: choice; the loaded model's ``device``/``precision``/``notices`` say what it got.
        self.device = "cpu"
        self.precision = "fp32"

    def model(self, info: ModelInfo, path: Path | None) -> Upscaler:
        """The network for ``info``, loaded only when it (or the device choice) differs from the
        one held."""
        key = (info.id, str(path) if path else None, self.device, self.precision)
        if key != self._model_key:
            self._model, self._model_key = None, None  # free the old network first
            self._model = Upscaler(info, path, device=self.device, precision=self.precision)
            self._model_key = key
            self.loads += 1
            self.modelLoaded.emit(info.id)
        return self._model

    @Slot(object)
    def run(self, job: Job) -> None:
        if job.cancel.is_set():
            self.cancelled.emit(job.id)
            return
        self.started.emit(job.id)
        try:
            result = job.run(_Context(self, job))
        except Cancelled:
            self.cancelled.emit(job.id)
        except UpscalerError as err:
            self.failed.emit(job.id, error_text(err))
        except MemoryError:
            self.failed.emit(
                job.id,
                QCoreApplication.translate(
                    "UpscaleWorker", "Not enough memory for this job; choose a smaller tile size."
                ),
            )
        except Exception as err:  # noqa: BLE001 - the user gets a message, the log the details
            log.exception("job %s failed", job.id)
            self.failed.emit(
                job.id,
                QCoreApplication.translate("UpscaleWorker", "Unexpected error: {error}").format(
                    error=err
                ),
            )
        else:
            if job.cancel.is_set():
                self.cancelled.emit(job.id)
            else:
                self.finished.emit(job.id, result)


class WorkerHost(QObject):
    """GUI-thread owner of the worker thread: submit, cancel, shut down; signals re-emitted."""

    jobStarted = Signal(int)
    progress = Signal(int, int, int)
    tileReady = Signal(int, object, object)
    jobFinished = Signal(int, object)
    jobFailed = Signal(int, str)
    jobCancelled = Signal(int)
    modelLoaded = Signal(str)
    idle = Signal()  # no job left to run
    _dispatch = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._next_id = 0
        self._pending: dict[int, Job] = {}
        self._thread: QThread | None = QThread(self)
        self._thread.setObjectName("upscaler-worker")
        self.worker = UpscaleWorker()
        self.worker.moveToThread(self._thread)
        self._dispatch.connect(self.worker.run)
        self.worker.started.connect(self._on_started)
        self.worker.progress.connect(self._on_progress)
        self.worker.tileReady.connect(self._on_tile)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        self.worker.modelLoaded.connect(self._on_model_loaded)
        self._thread.finished.connect(self.worker.deleteLater)
        self._thread.start()

    # -- API -----------------------------------------------------------------------------------
    def submit(self, job: Job) -> int:
        """Queue ``job`` behind the others; returns its id (signals carry it)."""
        if self._thread is None:
            raise RuntimeError("the worker has been shut down")
        self._next_id += 1
        job.id = self._next_id
        self._pending[job.id] = job
        self._dispatch.emit(job)
        return job.id

    def cancel(self, ids: Iterable[int] | None = None) -> None:
        """Stop these jobs (all when None): the running one between tiles, queued ones at once."""
        for job_id, job in list(self._pending.items()):
            if ids is None or job_id in ids:
                job.cancel.set()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def is_pending(self, job_id: int) -> bool:
        return job_id in self._pending

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def shutdown(self) -> None:
        """Cancel everything, stop the thread and wait for it (safe to call twice)."""
        if self._thread is None:
            return
        self.cancel()
        self._thread.quit()
        self._thread.wait()
        self._thread = None

    # -- re-emission on the GUI thread ----------------------------------------------------------
    def _settle(self, job_id: int, signal: SignalInstance, *args: object) -> None:
        """Forget a job that ended, say how (``signal``), then ``idle`` if none is left.

        It leaves ``_pending`` before the signal: a slot may ask ``is_pending`` or submit more.
        """
        self._pending.pop(job_id, None)
        signal.emit(job_id, *args)
        if not self._pending:
            self.idle.emit()

    @Slot(int)
    def _on_started(self, job_id: int) -> None:
        self.jobStarted.emit(job_id)

    @Slot(int, int, int)
    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        self.progress.emit(job_id, done, total)

    @Slot(int, object, object)
    def _on_tile(self, job_id: int, region: object, pixels: object) -> None:
        self.tileReady.emit(job_id, region, pixels)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        self._settle(job_id, self.jobFinished, result)

    @Slot(int, str)
    def _on_failed(self, job_id: int, message: str) -> None:
        self._settle(job_id, self.jobFailed, message)

    @Slot(int)
    def _on_cancelled(self, job_id: int) -> None:
        self._settle(job_id, self.jobCancelled)

    @Slot(str)
    def _on_model_loaded(self, model_id: str) -> None:
        self.modelLoaded.emit(model_id)
