"""Running the model: upscale the open picture, start the batch, preview a region, cancel.

Each run's job handle reports to the slots that started it; results go into the document, which
the window shows. Texts keep the ``MainWindow`` translation context they had when this lived in
the window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, cast

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QRect, Slot

from upscaler.core.adjust import Adjustments
from upscaler.core.catalog import ModelInfo
from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import read_image
from upscaler.core.tiling import Region
from upscaler.core.units import format_duration
from upscaler.ui.batch import BatchRunner
from upscaler.ui.dialogs import Dialogs
from upscaler.ui.document import Document, Preview, QueueItem, Result, State
from upscaler.ui.formatting import sentences
from upscaler.ui.jobs import PreviewJob, UpscaleJob
from upscaler.ui.preview_area import preview_area
from upscaler.ui.status import RunStatus
from upscaler.ui.worker import Engine, Failure, JobHandle, WorkerHost

translate = QCoreApplication.translate


def ran(pixels: np.ndarray, info: ModelInfo, engine: Engine | None, seconds: float) -> Result:
    """A result that says what ran it: the runtime, and the device and precision it ran at."""
    if engine is None:
        return Result(pixels, info, None, seconds)
    return Result(
        pixels, info, engine.runtime, seconds, device=engine.device, precision=engine.precision
    )


class ModelFiles(Protocol):
    """Where a model's file is, offering the download when it is missing."""

    def model_file(self, info: ModelInfo) -> tuple[bool, Path | None]: ...


class RunCommands(QObject):
    """The Run menu's commands and what becomes of the jobs they submit."""

    def __init__(
        self,
        document: Document,
        *,
        host: WorkerHost,
        runner: BatchRunner,
        models: ModelFiles,
        dialogs: Dialogs,
        status: RunStatus,
        visible_region: Callable[[], QRect],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._doc = document
        self._host = host
        self._runner = runner
        self._models = models
        self._dialogs = dialogs
        self._status = status
        self._visible_region = visible_region
        self.run: JobHandle | None = None  # the single-picture upscale in flight
        self.preview_job: JobHandle | None = None
        self._batch_shown: QueueItem | None = None  # the batch file whose tiles are shown
        #: What the worker loaded for each model: its runtime, for the result's facts.
        self.engines: dict[str, Engine] = {}
        self._preview_for: tuple[object, ModelInfo] | None = None  # picture and model previewed
        self._run_adjust: Adjustments | None = None  # the corrections of the run in flight
        host.modelLoaded.connect(self._on_model_loaded)
        document.changed.connect(self._on_document_changed)
        runner.itemStarted.connect(self._on_item_started)
        runner.itemDone.connect(self._on_item_done)
        runner.runFinished.connect(self._on_batch_finished)

    @property
    def busy(self) -> bool:
        return self._doc.busy

    def stop_for_close(self) -> None:
        """Cancel the batch and this window's jobs, leaving the document alone (it is closing)."""
        self._runner.cancel()
        for handle in (self.run, self.preview_job):
            if handle is not None:
                handle.cancel()

    @Slot(object)
    def _on_document_changed(self, _what: object) -> None:
        """A preview made for another picture or model would land on the wrong one: stop it."""
        wanted = self._preview_for
        if self.preview_job is None or wanted is None:
            return
        if wanted[0] is not self._doc.image or wanted[1] != self._doc.model:
            self.forget_preview()

    @Slot(object)
    def _on_model_loaded(self, engine: object) -> None:
        assert isinstance(engine, Engine)
        self.engines[engine.model_id] = engine

    # -- the open picture ------------------------------------------------------------------------
    @Slot()
    def primary(self) -> None:
        """The panel's Upscale button: the waiting (or cancelled) files of the queue if any (their
        results are written), else the picture on screen (its result is kept until saved)."""
        if self._doc.queue.to_do():
            self.start_batch()
        else:
            self.upscale()

    @Slot()
    def upscale(self) -> None:
        """Upscale the picture on screen; its result is kept in the window, not written."""
        d = self._doc
        if d.busy or d.image is None:
            return
        if d.adjusting:  # the corrected input is on its way; its size is not known yet
            return
        info = d.model
        ok, path = self._models.model_file(info)
        if not ok:
            return
        self.forget_preview()
        pixels = d.input_pixels()
        assert pixels is not None
        height, width = pixels.shape[:2]
        prepared = d.adjusted.prepared if d.adjusted is not None else None
        handle = self._host.submit(
            UpscaleJob(
                image=pixels,
                info=info,
                model_path=path,
                tile=d.tile,
                fit=d.fit,
                prepared=prepared,
            )
        )
        handle.progress.connect(self._status.set_progress)
        handle.tileReady.connect(self._on_tile)
        handle.finished.connect(self._on_finished)
        handle.failed.connect(self._on_failed)
        handle.cancelled.connect(self._on_cancelled)
        self.run = handle
        self._run_adjust = d.adjust if d.video is None else None
        d.begin_result(width * info.scale, height * info.scale, info)
        d.set_running(single=True)
        self._status.start()
        self._show_running(info)

    def _show_running(self, info: ModelInfo) -> None:
        """Say what runs now, replacing any message left from before (e.g. "Saved ...")."""
        self._status.message(
            translate("MainWindow", "Upscaling with {label}...").format(label=info.label)
        )

    @Slot(object, object)
    def _on_tile(self, region: object, pixels: object) -> None:
        assert isinstance(region, Region) and isinstance(pixels, np.ndarray)
        self._doc.add_tile(region, pixels)

    @Slot(object)
    def _on_finished(self, pixels: object) -> None:
        if self.run is None:
            return
        assert isinstance(pixels, np.ndarray)
        info = self.run.job.info  # type: ignore[attr-defined]
        self.run = None
        elapsed = self._status.elapsed()
        engine = self.engines.get(info.id)
        video = self._doc.video
        result = ran(pixels, info, engine, elapsed)
        result.adjust = self._run_adjust
        result.frame_of = video.path if video is not None else None  # a trial on a clip's frame
        dropped = self._doc.add_result(result)
        self._doc.set_running(single=False)
        self._status.stop()
        done = (
            translate("MainWindow", "Done in under a second.")
            if elapsed < 1
            else translate("MainWindow", "Done in {time}.").format(time=format_duration(elapsed))
        )
        if dropped:
            done = sentences(
                done,
                translate(
                    "RunCommands",
                    "The oldest unsaved result of this picture ({label}) made room for it.",
                ).format(label=dropped[0].model.label),
            )
        self._status.message(done, 10000)

    @Slot(object)
    def _on_failed(self, failure: object) -> None:
        if self.run is None:
            return
        self.run = None
        self._doc.abandon_result()
        self._doc.set_running(single=False)
        self._status.stop()
        # Replaces "Upscaling with ...", which would otherwise stay as if it were still going on.
        self._status.message(translate("MainWindow", "Upscaling failed."))
        self._dialogs.error(translate("MainWindow", "Upscaling failed"), str(failure))

    @Slot()
    def _on_cancelled(self) -> None:
        if self.run is not None:  # cancelled by someone else than Cancel (shutting down)
            self.cancel()

    # -- the batch -------------------------------------------------------------------------------
    @Slot()
    def start_batch(self) -> None:
        d = self._doc
        if d.busy or not d.queue.to_do():
            return
        info = d.model
        ok, path = self._models.model_file(info)
        if not ok:
            return
        for item in d.queue.to_do():  # the file a Cancel stopped in is done this time
            if item.state is State.CANCELLED:
                d.queue.set_state(item, State.QUEUED)
        self._show_running(info)  # first: a batch whose every name is refused ends at once
        self._runner.start(info, path, d.tile, d.fit)

    @Slot(object)
    def _on_item_started(self, item: QueueItem) -> None:
        d = self._doc
        handle = self._runner.handle
        assert handle is not None
        handle.progress.connect(self._status.set_progress)
        handle.saving.connect(self._status.set_saving)
        self._status.start()
        if d.image is None or d.image.path != item.source:
            try:
                d.open(read_image(item.source), item)
            except UpscalerError:
                # The job reports the error on its row; the last picture (and its result)
                # stays on screen rather than an empty view.
                self._batch_shown = None
                return
        self._batch_shown = item
        info = d.model
        if d.adjust is not None and (d.adjust.crop or d.adjust.straighten):
            return  # the cropped result's size is not known before it arrives: no tiles
        d.begin_result(d.image.width * info.scale, d.image.height * info.scale, info)  # type: ignore[union-attr]
        handle.tileReady.connect(self._on_tile)

    @Slot(object)
    def _on_item_done(self, item: QueueItem) -> None:
        """A batch file's result stays on screen, savable and copyable like any other."""
        d = self._doc
        if item is not self._batch_shown:
            return
        self._batch_shown = None
        pixels = self._runner.last_pixels
        if item.state is State.DONE and pixels is not None and d.item is item:
            info = d.model
            result = ran(pixels, info, self.engines.get(info.id), self._status.elapsed())
            result.saved_to = item.output
            result.adjust = d.adjust
            d.add_result(result)
        elif d.item is item:
            d.abandon_result()
        self._runner.last_pixels = None

    @Slot()
    def _on_batch_finished(self) -> None:
        self._status.stop()
        items = self._doc.queue.items
        done = sum(i.state is State.DONE for i in items)
        failed = sum(i.state is State.FAILED for i in items)
        skipped = sum(i.state is State.SKIPPED for i in items)
        left = sum(i.state in (State.QUEUED, State.CANCELLED) for i in items)
        if left:  # cancelled, or stopped at a failure: "finished" would mislead
            text = translate(
                "MainWindow", "Batch stopped: {done} done, {failed} failed, {left} not done."
            )
        else:
            text = translate("MainWindow", "Batch finished: {done} done, {failed} failed.")
        text = text.format(done=done, failed=failed, left=left)
        if skipped:
            text = sentences(
                text,
                translate("RunCommands", "{count} skipped: their results exist already.").format(
                    count=skipped
                ),
            )
        self._status.message(text, 10000)
        self._batch_shown = None

    # -- preview ---------------------------------------------------------------------------------
    @Slot()
    def preview_visible(self) -> None:
        self.preview(None)

    @Slot(QRect)
    def preview_region(self, rect: QRect) -> None:
        self.preview(rect)

    def preview(self, region: QRect | None = None) -> None:
        """Run the model on the visible part (or ``region``, input pixels), capped in size."""
        d = self._doc
        if d.image is None or d.busy or self.preview_job is not None or d.adjusting:
            return
        info = d.model
        wanted = region if region is not None else self._visible_region()
        pixels = d.input_pixels()
        assert pixels is not None
        area = preview_area(wanted, pixels.shape[1], pixels.shape[0], info)
        if area.isEmpty():
            return
        ok, path = self._models.model_file(info)
        if not ok:
            return
        job = PreviewJob(
            image=pixels,
            info=info,
            model_path=path,
            region=Region(area.x(), area.y(), area.width(), area.height()),
            prepared=d.adjusted.prepared if d.adjusted is not None else None,
        )
        handle = self._host.submit(job)
        handle.finished.connect(self._on_preview_finished)
        handle.failed.connect(self._on_preview_failed)
        handle.cancelled.connect(self._on_preview_cancelled)
        self.preview_job = handle
        self._preview_for = (d.image, info)
        self._doc.set_running()  # the enabled state follows the preview
        self._status.message(
            translate("MainWindow", "Previewing {label}...").format(label=info.label)
        )

    def forget_preview(self) -> None:
        """Stop a running preview whose picture or scale is being replaced.

        Its result would otherwise land on the new picture (another image, another scale).
        """
        if self.preview_job is not None:
            self.preview_job.cancel()
            self.preview_job = None
            self._doc.set_running()

    @Slot(object)
    def _on_preview_finished(self, result: object) -> None:
        if self.preview_job is None:
            return
        info = self.preview_job.job.info  # type: ignore[attr-defined]
        self.preview_job = None
        region, pixels = cast(tuple[Region, np.ndarray], result)
        self._doc.set_preview(Preview(region, pixels, info))
        self._doc.set_running()
        self._status.message(translate("MainWindow", "Preview ready."), 5000)

    @Slot(object)
    def _on_preview_failed(self, failure: object) -> None:
        if self.preview_job is None:
            return
        self.preview_job = None
        self._doc.set_running()
        assert isinstance(failure, Failure)
        self._status.message(translate("MainWindow", "Upscaling failed."))  # not "Previewing..."
        self._dialogs.error(translate("MainWindow", "Upscaling failed"), str(failure))

    @Slot()
    def _on_preview_cancelled(self) -> None:
        if self.preview_job is not None:
            self.cancel()

    # -- cancel ----------------------------------------------------------------------------------
    @Slot()
    def cancel(self) -> None:
        """Stop at once from the user's side: the worker stops mid-tile (OpenCV DNN: at its next
        tile), and a file being written stops too and is not written (a write too far along to
        stop ends as done, and its row says so)."""
        d = self._doc
        batch_file_shown = (
            self._batch_shown is not None and self._batch_shown is self._runner.current
        )
        if self.preview_job is not None:
            self.preview_job.cancel()
            self.preview_job = None
        if self.run is not None:
            self.run.cancel()
            self.run = None
        self._runner.cancel()
        if batch_file_shown or d.single_running:
            d.abandon_result()  # a partial result is no result
        if batch_file_shown:
            self._batch_shown = None
        d.set_running(single=False)
        self._status.stop()
        self._status.message(translate("MainWindow", "Cancelled."), 5000)
