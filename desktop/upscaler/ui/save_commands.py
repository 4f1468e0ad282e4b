"""Writing results: Save As (on the worker), Save All over the batch queue, the output folder.

Texts keep the ``MainWindow`` translation context they had when this lived in the window, so the
catalogue needs no new entries.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Slot

from upscaler.core import pipeline
from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import WriteOptions, output_format
from upscaler.core.imageio.formats import DISPLAY_NAMES, NO_ALPHA
from upscaler.ui.batch_panel import State
from upscaler.ui.core_text import error_text, localized_all
from upscaler.ui.jobs import SaveJob

if TYPE_CHECKING:
    from upscaler.ui.main_window import MainWindow

translate = QCoreApplication.translate

WHITE = (255, 255, 255)  # what a transparent result is flattened onto for JPEG/BMP


class SaveCommands(QObject):
    """The File menu's saving commands and the batch panel's folder and option changes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._save_id = 0
        window.host.jobFinished.connect(self._on_finished)
        window.host.jobFailed.connect(self._on_failed)
        window.host.saveProgress.connect(self._on_progress)
        window.host.jobCancelled.connect(self._on_cancelled)
        self._shows_progress = False  # the status bar's bar is ours while the file is written

    @property
    def in_flight(self) -> bool:
        """A Save As was handed to the worker and has not finished yet."""
        return bool(self._save_id)

    def suggested_save_path(self) -> Path:
        """``<stem>_x<scale>_<model>.<ext>`` in the output folder, else beside the input."""
        w = self._window
        assert w.loaded is not None
        info = w.result_model or w.picker.current()
        source = w.loaded.path or Path(translate("MainWindow", "pasted") + ".png")
        fmt = pipeline.output_format(source, None)
        folder = w.settings.output_dir or (w.loaded.path.parent if w.loaded.path else Path.home())
        return folder / pipeline.default_output_name(source, info, fmt)

    @Slot()
    def save_as(self) -> Path | None:
        w = self._window
        if w.result is None or w.loaded is None:
            w.dialogs.error(
                translate("MainWindow", "Save As"),
                translate("MainWindow", "There is no result yet: upscale first."),
            )
            return None
        target = w.dialogs.save_image(self.suggested_save_path())
        if target is None:
            return None
        if not target.suffix:
            target = target.with_suffix(".png")
        try:
            fmt = output_format(target)  # a bad extension is refused now, not from the worker
        except UpscalerError as err:
            w.dialogs.error(translate("MainWindow", "Cannot save"), error_text(err))
            return None
        options = None
        if self._loses_transparency(fmt):
            question = translate(
                "MainWindow",
                "{format} cannot store transparency. Save the image on a white background?",
            ).format(format=DISPLAY_NAMES[fmt])
            if not w.dialogs.confirm(translate("MainWindow", "Save As"), question):
                return None
            options = WriteOptions(background=WHITE)
        # On the worker: encoding a large PNG takes seconds, the window stays responsive.
        job = SaveJob(target=target, pixels=w.result, source=w.loaded, options=options)
        self._save_id = w.host.submit(job)
        self._shows_progress = not w.runs.busy  # a running batch keeps the bar for its files
        if self._shows_progress:
            w.status.start()
        w.statusBar().showMessage(
            translate("MainWindow", "Saving {name}...").format(name=target.name)
        )
        w.update_enabled()
        return target

    @Slot(int, int, int)
    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        if job_id and job_id == self._save_id and self._shows_progress:
            self._window.status.set_saving(done, total)

    def _done(self) -> None:
        self._save_id = 0
        if self._shows_progress:
            self._shows_progress = False
            self._window.status.stop()

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        if not job_id or job_id != self._save_id:
            return
        self._done()
        target, warnings = result  # type: ignore[misc]
        message = translate("MainWindow", "Saved {name}.").format(name=target.name)
        self._window.statusBar().showMessage(" ".join([message, *localized_all(warnings)]), 10000)
        self._window.update_enabled()

    @Slot(int)
    def _on_cancelled(self, job_id: int) -> None:
        if job_id and job_id == self._save_id:  # only when closing: nothing was written
            self._done()
            self._window.update_enabled()

    @Slot(int, str)
    def _on_failed(self, job_id: int, message: str) -> None:
        if not job_id or job_id != self._save_id:
            return
        self._done()
        self._window.update_enabled()
        self._window.dialogs.error(translate("MainWindow", "Cannot save"), message)

    def wait(self) -> None:
        """Block until the file being saved is written: closing waits for it, as the user was
        told it is being written, and the write is atomic and short."""
        host = self._window.host
        while self._save_id and host.is_pending(self._save_id):
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    def _loses_transparency(self, fmt: str) -> bool:
        """The image is see-through and ``fmt`` (JPEG, BMP) has no alpha.

        The core refuses such a save unless given a background colour; the window asks instead
        of showing that refusal. The input's transparency stands for the result's: the engine
        keeps opaque alpha opaque.
        """
        loaded = self._window.loaded
        return fmt in NO_ALPHA and loaded is not None and loaded.is_transparent

    @Slot()
    def save_all(self) -> None:
        """Choose the output folder, then write a result for every queued file."""
        w = self._window
        panel = w.batch_panel
        if not panel.items:
            w.dialogs.info(
                translate("MainWindow", "Save All"),
                translate(
                    "MainWindow",
                    "Save All works on the batch queue: open or drop several images first.",
                ),
            )
            return
        folder = w.dialogs.choose_folder(translate("MainWindow", "Save All Into"), panel.output_dir)
        if folder is None:
            return
        panel.set_output_dir(folder)
        for item in panel.items:
            if item.state in (State.FAILED, State.CANCELLED):
                panel.set_state(item, State.QUEUED)
        w.runs.start_batch()

    @Slot()
    def choose_output_folder(self) -> None:
        w = self._window
        folder = w.dialogs.choose_folder(
            translate("MainWindow", "Output Folder"), w.batch_panel.output_dir
        )
        if folder is not None:
            w.batch_panel.set_output_dir(folder)

    @Slot()
    def open_output_folder(self) -> None:
        w = self._window
        folder = w.batch_panel.output_dir
        if folder is None:
            done = [i for i in w.batch_panel.items if i.output is not None]
            folder = done[-1].output.parent if done else None  # type: ignore[union-attr]
        if folder is None:
            w.dialogs.info(
                translate("MainWindow", "Output Folder"),
                translate("MainWindow", "Results are written next to each input file."),
            )
            return
        w.dialogs.open_folder(folder)

    @Slot()
    def remember_batch_options(self) -> None:
        """Keep the batch panel's folder, pattern, format and failure choice for next time."""
        p = self._window.batch_panel
        s = self._window.settings
        s.output_dir = p.output_dir
        s.name_pattern = p.pattern or s.name_pattern
        s.output_format = p.output_format
        s.continue_on_failure = p.continue_on_failure
