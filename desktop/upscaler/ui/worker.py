"""The one long-lived worker thread: owns the loaded network and runs jobs in order.

``UpscaleWorker`` lives on a QThread and is testable on its own; ``WorkerHost`` lives on the GUI
thread, owns the thread, and hands every submitted job a :class:`JobHandle`: a GUI-thread object
with the job's own typed signals (started, progress, tiles, finished, failed, cancelled). Whoever
submits a job connects to its handle, so no listener has to pick its jobs out of a stream of
others (superqt's per-worker signal objects and Picard's ``run_task(func, next_func)`` work the
same way). Cancellation goes through each job's ``threading.Event``, set directly from the GUI
thread: a queued slot could not run while the worker is busy.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QThread, Signal, Slot

from upscaler.core.catalog import ModelInfo
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled, UpscalerError
from upscaler.core.tiling import Region
from upscaler.ui.core_text import error_text
from upscaler.ui.jobs import Job

log = logging.getLogger(__name__)

#: Texts of failures that are not core errors (translated when shown).
NO_MEMORY = str(
    QT_TRANSLATE_NOOP(
        "UpscaleWorker", "Not enough memory for this job; choose a smaller tile size."
    )
)
UNEXPECTED = str(QT_TRANSLATE_NOOP("UpscaleWorker", "Unexpected error: {error}"))


@dataclass(frozen=True)
class Failure:
    """Why a job failed, put into words in the window's language each time it is shown (a
    language switch relabels failures made before it)."""

    error: UpscalerError | None = None
    template: str = ""  # a text of context ``UpscaleWorker`` when ``error`` is None
    values: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        if self.error is not None:
            return error_text(self.error)
        return QCoreApplication.translate("UpscaleWorker", self.template).format(**self.values)

    def __str__(self) -> str:
        return self.text()

    @classmethod
    def of(cls, err: BaseException) -> Failure:
        if isinstance(err, UpscalerError):
            err.__traceback__ = None  # keep the message, not the worker's frames
            return cls(error=err)
        if isinstance(err, MemoryError):
            return cls(template=NO_MEMORY)
        return cls(template=UNEXPECTED, values={"error": str(err)})


@dataclass(frozen=True)
class Engine:
    """What the worker loaded for a model: the network's runtime (``onnxruntime``, ``opencv``;
    None for interpolation), its tile context and its Auto tile side, for estimates and the
    status line."""

    model_id: str
    runtime: str | None
    margin: int
    auto_tile: int
    #: Where and at what precision it runs (after any fallback to the CPU).
    device: str = "cpu"
    precision: str = "fp32"

    @classmethod
    def of(cls, info: ModelInfo, model: Upscaler) -> Engine:
        runtime = getattr(model.backend, "runtime", None) if model.backend else None
        return cls(info.id, runtime, model.margin, model.auto_tile(), model.device, model.precision)


class _Context:
    """What a running job may use: progress, tiles, cancel, and the worker's model cache."""

    def __init__(self, worker: UpscaleWorker, job: Job) -> None:
        self._worker = worker
        self._job = job
        self.cancel: threading.Event = job.cancel

    def progress(self, done: int, total: int) -> None:
        self._worker.progress.emit(self._job.id, int(done), int(total))

    def saving(self, done: int, total: int) -> None:
        self._worker.saveProgress.emit(self._job.id, int(done), int(total))

    def tile(self, region: Region, pixels: np.ndarray) -> None:
        # The engine may keep writing into its buffer; the GUI gets a private copy.
        self._worker.tileReady.emit(self._job.id, region, pixels.copy())

    def upscaler(self, info: ModelInfo, path: Path | None) -> Upscaler:
        return self._worker.model(info, path)


class UpscaleWorker(QObject):
    """Runs jobs one at a time in its thread; loads a network once and reuses it."""

    started = Signal(int)
    progress = Signal(int, int, int)  # job id, done, total
    saveProgress = Signal(int, int, int)  # job id, done, total (0: under way, no measure)
    tileReady = Signal(int, object, object)  # job id, Region (output pixels), pixels
    finished = Signal(int, object)  # job id, result
    failed = Signal(int, object)  # job id, Failure
    cancelled = Signal(int)
    modelLoaded = Signal(object)  # Engine

    def __init__(self) -> None:
        super().__init__()
        self._model: Upscaler | None = None
        self._model_key: tuple[str, str | None, str, str] | None = None
        self.loads = 0
        self._engine: Engine | None = None  # what modelLoaded last said
        #: Where and at what precision models load (Settings.device / .precision; set from the
        #: GUI thread between jobs). The reference path until the window passes the user's
        #: choice; the loaded model's ``device``/``precision``/``notices`` say what it got.
        self.device = "cpu"
        self.precision = "fp32"

    def model(self, info: ModelInfo, path: Path | None) -> Upscaler:
        """The network for ``info``, loaded only when it (or the device choice) differs from the
        one held."""
        key = (info.id, str(path) if path else None, self.device, self.precision)
        if key != self._model_key or self._model is None:
            self._model, self._model_key = None, None  # free the old network first
            model = Upscaler(info, path, device=self.device, precision=self.precision)
            self._model, self._model_key = model, key
            self.loads += 1
            self._engine = Engine.of(info, model)
            self.modelLoaded.emit(self._engine)
        return self._model

    def _report_fallback(self) -> None:
        """A device that failed mid-job moved the work to the CPU: say where it runs now."""
        if self._model is None or self._engine is None:
            return
        now = Engine.of(self._model.info, self._model)
        if now != self._engine:
            self._engine = now
            self.modelLoaded.emit(now)

    @Slot(object)
    def run(self, job: Job) -> None:
        if job.cancel.is_set():
            self.cancelled.emit(job.id)
            return
        self.started.emit(job.id)
        try:
            result = job.run(_Context(self, job))
            self._report_fallback()
        except Cancelled:
            self.cancelled.emit(job.id)
        except Exception as err:  # noqa: BLE001 - the user gets a message, the log the details
            if not isinstance(err, (UpscalerError, MemoryError)):
                log.exception("job %s failed", job.id)
            self.failed.emit(job.id, Failure.of(err))
        else:
            # A job that returned has done its work (a file may be written): it is reported as
            # finished even if a cancel arrived meanwhile, never as cancelled.
            self.finished.emit(job.id, result)


class JobHandle(QObject):
    """One submitted job, seen from the GUI thread: its own signals, its state, ``cancel()``.

    Exactly one of ``finished``, ``failed`` and ``cancelled`` is emitted, then ``ended``.
    Progress and tiles stop as soon as ``cancel()`` is called, even if the worker sent some
    before it noticed.
    """

    started = Signal()
    progress = Signal(int, int)  # done, total
    saving = Signal(int, int)  # the file being written: done, total (0: under way, no measure)
    tileReady = Signal(object, object)  # Region (output pixels), pixels
    finished = Signal(object)  # the job's result
    failed = Signal(object)  # Failure
    cancelled = Signal()
    ended = Signal()

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.running = False
        self.done = False

    @property
    def id(self) -> int:
        return self.job.id

    @property
    def cancel_requested(self) -> bool:
        return self.job.cancel.is_set()

    def cancel(self) -> None:
        """Stop the job: before it starts, or between its tiles (a write in progress finishes)."""
        self.job.cancel.set()


class WorkerHost(QObject):
    """GUI-thread owner of the worker thread: submit (returning a handle), cancel, shut down."""

    modelLoaded = Signal(object)  # Engine
    idle = Signal()  # no job left to run
    _dispatch = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._next_id = 0
        self._handles: dict[int, JobHandle] = {}
        self._thread: QThread | None = QThread(self)
        self._thread.setObjectName("upscaler-worker")
        self.worker = UpscaleWorker()
        self.worker.moveToThread(self._thread)
        self._dispatch.connect(self.worker.run)
        self.worker.started.connect(self._on_started)
        self.worker.progress.connect(self._on_progress)
        self.worker.saveProgress.connect(self._on_save_progress)
        self.worker.tileReady.connect(self._on_tile)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        self.worker.modelLoaded.connect(self._on_model_loaded)
        self._thread.finished.connect(self.worker.deleteLater)
        self._thread.start()

    # -- API -----------------------------------------------------------------------------------
    def submit(self, job: Job) -> JobHandle:
        """Queue ``job`` behind the others; its handle reports what becomes of it."""
        if self._thread is None:
            raise RuntimeError("the worker has been shut down")
        self._next_id += 1
        job.id = self._next_id
        handle = JobHandle(job)  # no parent: it lives while someone holds it
        self._handles[job.id] = handle
        self._dispatch.emit(job)
        return handle

    def cancel_all(self) -> None:
        """Stop every job: the running one mid-tile (or at its next tile on OpenCV DNN), queued
        ones at once."""
        for handle in list(self._handles.values()):
            handle.cancel()

    @property
    def busy(self) -> bool:
        return bool(self._handles)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def shutdown(self) -> None:
        """Cancel everything, stop the thread and wait for it (safe to call twice)."""
        if self._thread is None:
            return
        self.cancel_all()
        self._thread.quit()
        self._thread.wait()
        self._thread = None

    # -- from the worker, on the GUI thread ---------------------------------------------------
    def _live(self, job_id: int) -> JobHandle | None:
        """The handle of a job still wanted: progress of a cancelled one is not passed on."""
        handle = self._handles.get(job_id)
        return None if handle is None or handle.cancel_requested else handle

    def _settle(self, job_id: int) -> JobHandle | None:
        """Forget a job that ended; it leaves before its signal, so a slot may submit more."""
        handle = self._handles.pop(job_id, None)
        if handle is not None:
            handle.running, handle.done = False, True
        return handle

    def _after(self, handle: JobHandle | None) -> None:
        if handle is not None:
            handle.ended.emit()
        if not self._handles:
            self.idle.emit()

    @Slot(int)
    def _on_started(self, job_id: int) -> None:
        handle = self._handles.get(job_id)
        if handle is not None:
            handle.running = True
            handle.started.emit()

    @Slot(int, int, int)
    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        handle = self._live(job_id)
        if handle is not None:
            handle.progress.emit(done, total)

    @Slot(int, int, int)
    def _on_save_progress(self, job_id: int, done: int, total: int) -> None:
        # Not filtered by a cancel: a write too far along to stop still finishes, and says so.
        handle = self._handles.get(job_id)
        if handle is not None:
            handle.saving.emit(done, total)

    @Slot(int, object, object)
    def _on_tile(self, job_id: int, region: object, pixels: object) -> None:
        handle = self._live(job_id)
        if handle is not None:
            handle.tileReady.emit(region, pixels)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        handle = self._settle(job_id)
        if handle is not None:
            handle.finished.emit(result)
        self._after(handle)

    @Slot(int, object)
    def _on_failed(self, job_id: int, failure: object) -> None:
        handle = self._settle(job_id)
        if handle is not None:
            handle.failed.emit(failure)
        self._after(handle)

    @Slot(int)
    def _on_cancelled(self, job_id: int) -> None:
        handle = self._settle(job_id)
        if handle is not None:
            handle.cancelled.emit()
        self._after(handle)

    @Slot(object)
    def _on_model_loaded(self, engine: object) -> None:
        self.modelLoaded.emit(engine)
