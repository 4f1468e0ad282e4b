"""Runs the queue: one file job at a time on the worker, continuing past failures if asked.

Output names come from the core's planner (``pipeline.plan_jobs``), the same as the command
line's: the name pattern, the format, what to do when a name is taken, and its rule that no input
is ever an output. The plan is made again before each file, over every row of the queue, so files
dropped during the run join it and results written meanwhile count as taken names. Submitting
one job at a time lets a failure stop the rest when the user chose not to continue.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from upscaler.core import pipeline
from upscaler.core.catalog import ModelInfo
from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import NO_ALPHA
from upscaler.core.resize import TargetSize
from upscaler.ui.document import WHITE, Document, OutputOptions, QueueItem, State
from upscaler.ui.jobs import FileJob, FileOutcome
from upscaler.ui.worker import Failure, JobHandle, WorkerHost


def plan(items: list[QueueItem], info: ModelInfo, output: OutputOptions) -> pipeline.JobPlan:
    """The core's plan for these rows with the window's output options (PlanError when the
    options themselves cannot work, such as an unusable name pattern)."""
    sources = list(dict.fromkeys(i.source for i in items))  # each file once
    return pipeline.plan_jobs(
        sources,
        model=info,
        output_dir=output.folder,
        fmt=None if output.format == "same" else output.format,
        overwrite=output.exists == "overwrite",
        pattern=output.pattern or OutputOptions.pattern,
        rename=output.exists == "rename",
    )


class BatchRunner(QObject):
    """Feeds the queued rows of the document's queue to the worker and records each outcome."""

    itemStarted = Signal(object)  # QueueItem
    itemDone = Signal(object)  # QueueItem (done, skipped, failed or cancelled)
    runFinished = Signal()

    def __init__(self, document: Document, host: WorkerHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._host = host
        self._model: tuple[ModelInfo, Path | None, int | None, TargetSize | None] | None = None
        self._current: QueueItem | None = None
        self.handle: JobHandle | None = None
        self._stopping = False
        #: The last file's result pixels (shown and copyable after the run); None until one.
        self.last_pixels: np.ndarray | None = None

    @property
    def running(self) -> bool:
        return self._model is not None

    @property
    def current(self) -> QueueItem | None:
        return self._current

    def start(
        self,
        info: ModelInfo,
        model_path: Path | None,
        tile: int | None,
        fit: TargetSize | None = None,
    ) -> None:
        """Process every queued row with this model, in order; rows added meanwhile join in."""
        if self.running:
            return
        self._model = (info, model_path, tile, fit)
        self._stopping = False
        self._doc.set_running(batch=True)
        self._next()

    def cancel(self) -> None:
        """Stop after the running file (cancelled between its tiles, or finished if it is being
        written); the remaining rows stay queued."""
        if not self.running:
            return
        self._stopping = True
        if self.handle is not None:
            self.handle.cancel()
        else:
            self._finish()

    def _next(self) -> None:
        assert self._model is not None
        info, model_path, tile, fit = self._model
        queue = self._doc.queue
        while not self._stopping:
            queued = queue.queued()
            if not queued:
                break
            item = queued[0]
            try:
                planned = plan(queue.items, info, self._doc.output)
            except UpscalerError as err:
                self._refuse(item, err)
                if self._doc.output.continue_on_failure:
                    continue
                break
            job = next((j for j in planned.jobs if j.source == item.source), None)
            if job is None:
                refusal = next((e for s, e in planned.refused if s == item.source), None)
                self._refuse(item, refusal)
                if item.state is State.SKIPPED or self._doc.output.continue_on_failure:
                    continue
                break
            item.output = job.target
            self._current = item
            queue.set_state(item, State.RUNNING, 0)
            output = self._doc.output
            handle = self._host.submit(
                FileJob(
                    plan=job,
                    info=info,
                    model_path=model_path,
                    tile=tile,
                    overwrite=output.exists == "overwrite",
                    # Also for "same as input": a WebP or JPEG input is written lossy at this
                    # quality (a 4096 px WebP came out lossless at 16 MB).
                    quality=output.quality,
                    fit=fit,
                    adjust=self._doc.adjust,  # auto crop/colour, as the CLI's flags
                    # JPEG/BMP have no transparency: flattened onto white, as Save offers (one
                    # question per file of a batch would stop it at each), and the row says so.
                    background=WHITE if job.format in NO_ALPHA else None,
                )
            )
            handle.progress.connect(self._on_progress)
            handle.finished.connect(self._on_finished)
            handle.failed.connect(self._on_failed)
            handle.cancelled.connect(self._on_cancelled)
            self.handle = handle
            self.itemStarted.emit(item)
            return
        self._finish()

    def _refuse(self, item: QueueItem, err: UpscalerError | None) -> None:
        """A row the plan will not run: its result exists (skipped, as chosen) or its name
        cannot be used (failed)."""
        failure = Failure.of(err) if err is not None else None
        state = State.SKIPPED if isinstance(err, pipeline.OutputExistsError) else State.FAILED
        if state is State.SKIPPED and err is not None and err.path is not None:
            item.output = Path(err.path)
        self._doc.queue.set_state(item, state, item.percent, failure)
        self.itemDone.emit(item)

    def _finish(self) -> None:
        self._model = None
        self._current = None
        self.handle = None
        self._doc.set_running(batch=False)
        self.runFinished.emit()

    def _settle(self, state: State, failure: Failure | None = None) -> None:
        item, self._current, self.handle = self._current, None, None
        assert item is not None
        self._doc.queue.set_state(
            item, state, 100 if state is State.DONE else item.percent, failure
        )
        self.itemDone.emit(item)
        if state is State.FAILED and not self._doc.output.continue_on_failure:
            self._stopping = True
        self._next()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self._current is not None and total > 0:
            self._doc.queue.set_state(self._current, State.RUNNING, done * 100 // total)

    @Slot(object)
    def _on_finished(self, outcome: object) -> None:
        if self._current is not None:
            assert isinstance(outcome, FileOutcome)
            self.last_pixels = outcome.pixels
            self._current.flattened = outcome.result.flattened
            self._settle(State.DONE)

    @Slot(object)
    def _on_failed(self, failure: object) -> None:
        if self._current is not None:
            assert isinstance(failure, Failure)
            self._settle(State.FAILED, failure)

    @Slot()
    def _on_cancelled(self) -> None:
        if self._current is not None:
            self._settle(State.CANCELLED)
