"""Running the model: upscale the open image, start the batch, preview a region, cancel, and
the worker's answers to those jobs (progress, tiles, result, failure).

It owns the ids of the window's own jobs, which decide whose tiles and results reach the view.
Texts keep the ``MainWindow`` translation context they had when this lived in the window, so the
catalogue needs no new entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QRect, Slot

from upscaler.core.catalog import ModelInfo
from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import read_image
from upscaler.core.tiling import Region
from upscaler.core.units import format_duration
from upscaler.ui.batch_panel import BatchItem, State
from upscaler.ui.core_text import error_text
from upscaler.ui.jobs import PreviewJob, UpscaleJob
from upscaler.ui.preview_area import preview_area

if TYPE_CHECKING:
    from upscaler.ui.main_window import MainWindow

translate = QCoreApplication.translate


class RunCommands(QObject):
    """The Run menu's commands and the results of the jobs they submit."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.run_id = 0  # the single-image upscale in flight, 0 when none
        self.preview_id = 0  # the preview in flight, 0 when none
        self.shown_item: BatchItem | None = None  # the batch file whose tiles the view paints
        host = window.host
        host.progress.connect(self._on_progress)
        host.saveProgress.connect(self._on_save_progress)
        host.tileReady.connect(self._on_tile)
        host.jobFinished.connect(self._on_finished)
        host.jobFailed.connect(self._on_failed)
        host.jobCancelled.connect(self._on_cancelled)
        window.runner.itemStarted.connect(self._on_item_started)
        window.runner.runFinished.connect(self._on_batch_finished)

    @property
    def busy(self) -> bool:
        """A full run (single or batch) is in progress from the user's point of view."""
        return bool(self.run_id) or self._window.runner.running

    def stop_for_close(self) -> None:
        """Cancel the batch and this window's jobs, leaving the view alone (it is closing)."""
        self._window.runner.cancel()
        self._window.host.cancel([i for i in (self.run_id, self.preview_id) if i])

    @Slot()
    def upscale(self) -> None:
        """Upscale the open image, or run the batch queue if files are waiting in it."""
        w = self._window
        if self.busy:
            return
        if w.batch_panel.queued():
            self.start_batch()
            return
        if w.loaded is None:
            return
        info = w.picker.current()
        ok, path = w.models.model_file(info)
        if not ok:
            return
        w.view.clear_preview()
        w.result = None
        job = UpscaleJob(image=w.loaded.pixels, info=info, model_path=path, tile=w.tile_size())
        self.run_id = w.host.submit(job)
        w.result_model = info
        w.view.begin_result(w.loaded.width * info.scale, w.loaded.height * info.scale)
        w.status.start()
        self._show_running(info)
        w.update_enabled()

    def _show_running(self, info: ModelInfo) -> None:
        """Say what runs now, replacing any message left from before (e.g. "Saved ...")."""
        w = self._window
        w.statusBar().showMessage(
            translate("MainWindow", "Upscaling with {label}...").format(label=info.label)
        )

    @Slot()
    def start_batch(self) -> None:
        w = self._window
        if self.busy or not w.batch_panel.queued():
            return
        info = w.picker.current()
        ok, path = w.models.model_file(info)
        if not ok:
            return
        w.batch_dock.show()
        self._show_running(info)  # first: a batch whose every name is refused ends at once
        w.runner.start(info, path, w.tile_size())
        w.update_enabled()

    @Slot()
    def preview_visible(self) -> None:
        self.preview(None)

    def preview(self, region: QRect | None = None) -> None:
        """Run the model on the visible part (or ``region``, input pixels), capped in size."""
        w = self._window
        if w.loaded is None or self.busy or self.preview_id:
            return
        info = w.picker.current()
        wanted = region if region is not None else w.view.visible_source_region()
        area = preview_area(wanted, w.loaded.width, w.loaded.height, info)
        if area.isEmpty():
            return
        ok, path = w.models.model_file(info)
        if not ok:
            return
        job = PreviewJob(
            image=w.loaded.pixels,
            info=info,
            model_path=path,
            region=Region(area.x(), area.y(), area.width(), area.height()),
        )
        self.preview_id = w.host.submit(job)
        w.statusBar().showMessage(
            translate("MainWindow", "Previewing {label}...").format(label=info.label)
        )
        w.update_enabled()

    def forget_preview(self) -> None:
        """Stop a running preview whose picture or scale is being replaced.

        Its result would otherwise land on the new picture (another image, another scale).
        """
        w = self._window
        if self.preview_id:
            w.host.cancel([self.preview_id])
            self.preview_id = 0

    @Slot(QRect)
    def preview_region(self, rect: QRect) -> None:
        self.preview(rect)

    @Slot()
    def cancel(self) -> None:
        """Stop at once from the user's side; the worker stops before its next tile."""
        w = self._window
        ids = [i for i in (self.run_id, self.preview_id) if i]
        batch_file_shown = self.shown_item is not None and self.shown_item is w.runner.current
        w.host.cancel(ids)
        w.runner.cancel()
        if self.run_id or batch_file_shown:
            w.view.clear_result()  # a partial result is no result
        if batch_file_shown:
            self.shown_item = None  # tiles still on their way are not painted
        self.run_id = 0
        self.preview_id = 0
        w.status.stop()
        w.statusBar().showMessage(translate("MainWindow", "Cancelled."), 5000)
        w.update_enabled()

    # -- worker results (GUI thread, re-emitted by the host) --------------------------------
    def _shows_job(self, job_id: int) -> bool:
        w = self._window
        if job_id == self.run_id:
            return True
        return (
            job_id == w.runner.job_id
            and self.shown_item is not None
            and self.shown_item is w.runner.current
        )

    @Slot(int, int, int)
    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        w = self._window
        if job_id in (self.run_id, w.runner.job_id) and job_id:
            w.status.set_progress(done, total)

    @Slot(int, int, int)
    def _on_save_progress(self, job_id: int, done: int, total: int) -> None:
        w = self._window
        if job_id and job_id == w.runner.job_id:
            w.status.set_saving(done, total)

    @Slot(int, object, object)
    def _on_tile(self, job_id: int, region: object, pixels: object) -> None:
        w = self._window
        if self._shows_job(job_id):
            assert isinstance(region, Region) and isinstance(pixels, np.ndarray)
            w.view.update_tile(region.x, region.y, pixels)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        w = self._window
        if job_id and job_id == self.run_id:
            assert isinstance(result, np.ndarray)
            self.run_id = 0
            w.result = result
            w.view.set_result(result)
            elapsed = w.status.elapsed()
            w.status.stop()
            done = (
                translate("MainWindow", "Done in under a second.")
                if elapsed < 1
                else translate("MainWindow", "Done in {time}.").format(
                    time=format_duration(elapsed)
                )
            )
            w.statusBar().showMessage(done, 10000)
        elif job_id and job_id == self.preview_id:
            self.preview_id = 0
            region, pixels = result  # type: ignore[misc]
            w.view.set_preview(QRect(region.x, region.y, region.width, region.height), pixels)
            w.statusBar().showMessage(translate("MainWindow", "Preview ready."), 5000)
        w.update_enabled()

    @Slot(int, str)
    def _on_failed(self, job_id: int, message: str) -> None:
        w = self._window
        if not job_id:
            return
        if job_id == self.run_id:
            self.run_id = 0
            w.view.clear_result()
            w.status.stop()
            title = translate("MainWindow", "Upscaling failed")
        elif job_id == self.preview_id:
            self.preview_id = 0
            title = translate("MainWindow", "Upscaling failed")
        else:
            return
        w.update_enabled()
        w.dialogs.error(title, message)

    @Slot(int)
    def _on_cancelled(self, job_id: int) -> None:
        if job_id and job_id in (self.run_id, self.preview_id):
            self.cancel()

    @Slot(object)
    def _on_item_started(self, item: BatchItem) -> None:
        w = self._window
        if w.loaded is None or w.loaded.path != item.source:
            try:
                w.show_loaded(read_image(item.source))
            except UpscalerError:
                w.show_nothing()  # the job reports the same error on its row
        self.shown_item = item
        info = w.picker.current()
        if w.loaded is not None:
            w.view.begin_result(w.loaded.width * info.scale, w.loaded.height * info.scale)
        w.status.start()
        w.update_enabled()

    @Slot()
    def _on_batch_finished(self) -> None:
        w = self._window
        w.status.stop()
        items = w.batch_panel.items
        done = sum(i.state is State.DONE for i in items)
        failed = sum(i.state is State.FAILED for i in items)
        left = sum(i.state in (State.QUEUED, State.CANCELLED) for i in items)
        if left:  # cancelled, or stopped at a failure: "finished" would mislead
            text = translate(
                "MainWindow", "Batch stopped: {done} done, {failed} failed, {left} not done."
            )
        else:
            text = translate("MainWindow", "Batch finished: {done} done, {failed} failed.")
        w.statusBar().showMessage(text.format(done=done, failed=failed, left=left), 10000)
        self.shown_item = None
        w.update_enabled()

    @Slot(object)
    def on_item_activated(self, item: BatchItem) -> None:
        """Double-click on a row: show its input, and its written result to compare with."""
        w = self._window
        if self.busy or not w.opening.open_image(item.source) or w.loaded is None:
            return
        if item.state is not State.DONE or item.output is None:
            return
        try:
            written = read_image(item.output).pixels
        except UpscalerError as err:
            w.dialogs.error(translate("MainWindow", "Cannot open image"), error_text(err))
            return
        scale = w.picker.scale()
        if written.shape[:2] == (w.loaded.height * scale, w.loaded.width * scale):
            w.result = written
            w.view.set_result(written)
            w.update_enabled()
