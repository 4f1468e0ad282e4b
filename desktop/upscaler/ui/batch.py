"""Runs the batch queue: one file job at a time on the worker, continuing past failures if asked.

Submitting one job at a time (not the whole queue at once) lets files dropped during the run join
it, and lets a failure stop the rest when the user chose not to continue.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from upscaler.core import pipeline
from upscaler.core.catalog import ModelInfo
from upscaler.core.errors import UpscalerError
from upscaler.ui.batch_panel import BatchItem, BatchPanel, State
from upscaler.ui.core_text import error_text
from upscaler.ui.jobs import FileJob
from upscaler.ui.settings import DEFAULT_PATTERN
from upscaler.ui.worker import WorkerHost

WINDOWS_FORBIDDEN = frozenset('<>:"|?*')


def output_path(source: Path, info: ModelInfo, folder: Path | None, pattern: str, fmt: str) -> Path:
    """Where a batch result goes: ``pattern`` ({stem}, {scale}, {model}) plus the suffix."""
    chosen = pipeline.output_format(source, None if fmt == "same" else fmt)
    try:
        stem = pattern.format(stem=source.stem, scale=info.scale, model=pipeline.model_slug(info))
    except (KeyError, IndexError, ValueError) as err:
        raise pipeline.PlanError(
            QCoreApplication.translate(
                "BatchRunner",
                "the file name pattern '{pattern}' is not valid; use {{stem}}, {{scale}} and "
                "{{model}}",
            ).format(pattern=pattern)
        ) from err
    added = pattern.format(stem="", scale="", model="")  # what the pattern itself writes
    if not _usable_name(stem, added):
        raise pipeline.PlanError(
            QCoreApplication.translate(
                "BatchRunner", "the file name pattern '{pattern}' gives no usable file name"
            ).format(pattern=pattern)
        )
    return (folder or source.parent) / (stem + pipeline.WRITE_EXTENSIONS[chosen])


def _usable_name(stem: str, added: str) -> bool:
    """A plain file: not only dots or spaces (hidden or nameless), no folder separator, and none
    of the characters Windows forbids in what the pattern adds (``:`` writes an NTFS stream).

    The input's own stem is not held to Windows rules: it is already a file on this system.
    """
    if not stem.strip(" .") or "/" in stem or "\\" in stem:
        return False
    return not any(c in WINDOWS_FORBIDDEN or c < " " for c in added)


class BatchRunner(QObject):
    """Feeds queued rows of a :class:`BatchPanel` to the worker and records each outcome."""

    itemStarted = Signal(object)  # BatchItem
    itemDone = Signal(object)  # BatchItem (done, failed or cancelled)
    runFinished = Signal()

    def __init__(self, host: WorkerHost, panel: BatchPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self._panel = panel
        self._model: tuple[ModelInfo, Path | None, int | None] | None = None
        self._current: BatchItem | None = None
        self._job_id = 0
        self._stopping = False
        host.progress.connect(self._on_progress)
        host.jobFinished.connect(self._on_finished)
        host.jobFailed.connect(self._on_failed)
        host.jobCancelled.connect(self._on_cancelled)

    @property
    def running(self) -> bool:
        return self._model is not None

    @property
    def current(self) -> BatchItem | None:
        return self._current

    @property
    def job_id(self) -> int:
        return self._job_id

    def start(self, info: ModelInfo, model_path: Path | None, tile: int | None) -> None:
        """Process every queued row with this model, in order; rows added meanwhile join in."""
        if self.running:
            return
        self._model = (info, model_path, tile)
        self._stopping = False
        self._next()

    def cancel(self) -> None:
        """Stop after cancelling the running file; the remaining rows stay queued."""
        if not self.running:
            return
        self._stopping = True
        if self._current is not None:
            self._host.cancel([self._job_id])
        else:
            self._finish()

    def _next(self) -> None:
        assert self._model is not None
        info, model_path, tile = self._model
        while not self._stopping:
            queued = self._panel.queued()
            if not queued:
                break
            item = queued[0]
            try:
                target = output_path(
                    item.source,
                    info,
                    self._panel.output_dir,
                    self._panel.pattern or DEFAULT_PATTERN,
                    self._panel.output_format,
                )
                pipeline.check_target(item.source, target, overwrite=False)
            except UpscalerError as err:
                self._record(item, State.FAILED, error_text(err))
                if not self._panel.continue_on_failure:
                    break
                continue
            fmt = pipeline.format_of_suffix(target) or pipeline.FALLBACK_FORMAT
            plan = pipeline.Job(source=item.source, target=target, format=fmt)
            item.output = target
            self._current = item
            self._panel.set_state(item, State.RUNNING, 0)
            self._job_id = self._host.submit(
                FileJob(plan=plan, info=info, model_path=model_path, tile=tile)
            )
            self.itemStarted.emit(item)
            return
        self._finish()

    def _finish(self) -> None:
        self._model = None
        self._current = None
        self._job_id = 0
        self.runFinished.emit()

    def _record(self, item: BatchItem, state: State, message: str = "") -> None:
        self._panel.set_state(item, state, 100 if state is State.DONE else item.percent, message)
        self.itemDone.emit(item)

    def _settle(self, state: State, message: str = "") -> None:
        item, self._current, self._job_id = self._current, None, 0
        assert item is not None
        self._record(item, state, message)
        if state is State.FAILED and not self._panel.continue_on_failure:
            self._stopping = True
        self._next()

    @Slot(int, int, int)
    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        if job_id == self._job_id and self._current is not None and total > 0:
            self._panel.set_state(self._current, State.RUNNING, done * 100 // total)

    @Slot(int, object)
    def _on_finished(self, job_id: int, _result: object) -> None:
        if job_id == self._job_id and self._current is not None:
            self._settle(State.DONE)

    @Slot(int, str)
    def _on_failed(self, job_id: int, message: str) -> None:
        if job_id == self._job_id and self._current is not None:
            self._settle(State.FAILED, message)

    @Slot(int)
    def _on_cancelled(self, job_id: int) -> None:
        if job_id == self._job_id and self._current is not None:
            self._settle(State.CANCELLED)
