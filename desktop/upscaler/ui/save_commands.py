"""Writing results: Save As (on the worker), Save All over the batch queue, the output folder.

Texts keep the ``MainWindow`` translation context they had when this lived in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Slot

from upscaler.core import pipeline
from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import WriteOptions, output_format
from upscaler.core.imageio.formats import DISPLAY_NAMES, NO_ALPHA
from upscaler.ui.core_text import error_text, localized_all
from upscaler.ui.dialogs import Dialogs
from upscaler.ui.document import Document, Result, State
from upscaler.ui.jobs import SaveJob
from upscaler.ui.settings import Settings
from upscaler.ui.status import RunStatus
from upscaler.ui.worker import JobHandle, WorkerHost

translate = QCoreApplication.translate

WHITE = (255, 255, 255)  # what a transparent result is flattened onto for JPEG/BMP


class SaveCommands(QObject):
    """The File menu's saving commands and the output folder commands."""

    def __init__(
        self,
        document: Document,
        *,
        host: WorkerHost,
        dialogs: Dialogs,
        settings: Settings,
        status: RunStatus,
        start_batch: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._doc = document
        self._host = host
        self._dialogs = dialogs
        self._settings = settings
        self._status = status
        self._start_batch = start_batch
        self._save: JobHandle | None = None
        self._saving: Result | None = None

    @property
    def in_flight(self) -> bool:
        """A Save As was handed to the worker and has not finished yet."""
        return self._save is not None

    def suggested_save_path(self) -> Path:
        """``<stem>_x<scale>_<model>.<ext>`` in the output folder, else beside the input."""
        d = self._doc
        assert d.image is not None
        info = d.shown.model if d.shown is not None else d.model
        source = d.image.path or Path(translate("MainWindow", "pasted") + ".png")
        fmt = pipeline.output_format(source, None)
        folder = self._settings.output_dir or (d.image.path.parent if d.image.path else Path.home())
        return folder / pipeline.default_output_name(source, info, fmt)

    @Slot()
    def save_as(self) -> Path | None:
        d = self._doc
        result, image = d.shown, d.image
        if result is None or image is None:
            self._dialogs.error(
                translate("MainWindow", "Save As"),
                translate("MainWindow", "There is no result yet: upscale first."),
            )
            return None
        target = self._dialogs.save_image(self.suggested_save_path())
        if target is None:
            return None
        if not target.suffix:
            target = target.with_suffix(".png")
        try:
            fmt = output_format(target)  # a bad extension is refused now, not from the worker
        except UpscalerError as err:
            self._dialogs.error(translate("MainWindow", "Cannot save"), error_text(err))
            return None
        options = None
        if fmt in NO_ALPHA and image.is_transparent:
            # The core refuses such a save unless given a background colour; the window asks
            # instead. The input's transparency stands for the result's (opaque stays opaque).
            question = translate(
                "MainWindow",
                "{format} cannot store transparency. Save the image on a white background?",
            ).format(format=DISPLAY_NAMES[fmt])
            if not self._dialogs.confirm(translate("MainWindow", "Save As"), question):
                return None
            options = WriteOptions(background=WHITE)
        # On the worker: encoding a large PNG takes seconds, the window stays responsive.
        handle = self._host.submit(
            SaveJob(target=target, pixels=result.pixels, source=image, options=options)
        )
        handle.finished.connect(self._on_finished)
        handle.failed.connect(self._on_failed)
        handle.cancelled.connect(self._on_failed)
        self._save, self._saving = handle, result
        d.set_saving(True)
        self._status.message(translate("MainWindow", "Saving {name}...").format(name=target.name))
        return target

    @Slot(object)
    def _on_finished(self, written: object) -> None:
        result = self._saving
        self._save, self._saving = None, None
        target, warnings = written  # type: ignore[misc]
        if result is not None:
            self._doc.mark_saved(result, target)
        message = translate("MainWindow", "Saved {name}.").format(name=target.name)
        self._status.message(" ".join([message, *localized_all(warnings)]), 10000)
        self._doc.set_saving(False)

    @Slot(object)
    def _on_failed(self, failure: object = None) -> None:
        self._save, self._saving = None, None
        self._doc.set_saving(False)
        if failure is not None:
            self._dialogs.error(translate("MainWindow", "Cannot save"), str(failure))

    def wait(self) -> None:
        """Block until the file being saved is written: closing waits for it, as the user was
        told it is being written, and the write is atomic and short."""
        while self._save is not None and not self._save.done:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    @Slot()
    def save_all(self) -> None:
        """Choose the output folder, then write a result for every queued file."""
        queue = self._doc.queue
        if not queue.items:
            self._dialogs.info(
                translate("MainWindow", "Save All"),
                translate(
                    "MainWindow",
                    "Save All works on the batch queue: open or drop several images first.",
                ),
            )
            return
        folder = self._dialogs.choose_folder(
            translate("MainWindow", "Save All Into"), self._doc.output.folder
        )
        if folder is None:
            return
        self.set_output_folder(folder)
        for item in queue.items:
            if item.state in (State.FAILED, State.CANCELLED):
                queue.set_state(item, State.QUEUED)
        self._start_batch()

    def set_output_folder(self, folder: Path | None) -> None:
        self._doc.set_output(replace(self._doc.output, folder=folder))

    @Slot()
    def choose_output_folder(self) -> None:
        folder = self._dialogs.choose_folder(
            translate("MainWindow", "Output Folder"), self._doc.output.folder
        )
        if folder is not None:
            self.set_output_folder(folder)

    @Slot()
    def open_output_folder(self) -> None:
        folder = self._doc.output.folder
        if folder is None:
            done = [i.output for i in self._doc.queue.items if i.output is not None]
            folder = done[-1].parent if done else None
        if folder is None:
            self._dialogs.info(
                translate("MainWindow", "Output Folder"),
                translate("MainWindow", "Results are written next to each input file."),
            )
            return
        self._dialogs.open_folder(folder)
