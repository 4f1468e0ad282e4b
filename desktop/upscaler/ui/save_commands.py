"""Writing results: Save (as step 4 says), Save As (a dialog), Save All (every result of the
queue into one folder), the output folder, and the results nobody saved when the window closes.

Every write runs on the worker (a large PNG takes seconds to encode). Texts keep the
``MainWindow`` translation context they had when this lived in the window; newer ones are in
``SaveCommands``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import cast

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Slot

from upscaler.core import pipeline
from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import LoadedImage, WriteOptions, output_format
from upscaler.core.imageio.formats import FALLBACK_FORMAT, NO_ALPHA, get_format
from upscaler.ui.batch import plan
from upscaler.ui.core_text import error_text, localized_all
from upscaler.ui.dialogs import Dialogs
from upscaler.ui.document import WHITE, Document, QueueItem, Result, State
from upscaler.ui.formatting import sentences
from upscaler.ui.jobs import CopyJob, SaveJob
from upscaler.ui.settings import Settings
from upscaler.ui.status import RunStatus
from upscaler.ui.worker import Failure, JobHandle, WorkerHost

translate = QCoreApplication.translate


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
        batch_running: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._doc = document
        self._host = host
        self._dialogs = dialogs
        self._settings = settings
        self._status = status
        self._start_batch = start_batch
        self._batch_running = batch_running
        self._save: JobHandle | None = None
        self._saving: tuple[Result, Path] | None = None
        self._all: _SaveAll | None = None

    @property
    def in_flight(self) -> bool:
        """A Save or Save As was handed to the worker and has not finished yet."""
        return self._save is not None

    # -- one result -------------------------------------------------------------------------------
    def suggested_save_path(self, result: Result | None = None) -> Path:
        """``<stem>_x<scale>_<model>.<ext>`` in the output folder, else beside the input."""
        d = self._doc
        result = result or d.shown
        image = d.source_of(result) if result is not None else d.image
        image = image or d.image
        assert image is not None
        info = result.model if result is not None else d.model
        png = get_format(FALLBACK_FORMAT).extension
        source = image.path or Path(translate("MainWindow", "pasted") + png)
        clip = d.video
        if clip is not None and image.path == clip.path:  # a frame: named after it, a PNG
            source = clip.path.with_name(f"{clip.path.stem} {clip.frame + 1:05}{png}")
        fmt = pipeline.output_format(source, None)
        folder = d.output.folder or (image.path.parent if image.path else Path.home())
        return folder / pipeline.default_output_name(source, info, fmt)

    @Slot()
    def save(self) -> Path | None:
        """Write the result on screen as step 4 says (format, quality, folder, names, what to
        do with a taken name); a pasted picture, which has no file to name it after, asks."""
        d = self._doc
        result, image = d.shown, d.image
        if result is None or image is None:
            self._nothing_to_save()
            return None
        if image.path is None or d.video is not None:
            # A pasted picture has no file to name it after; a video's frame is no image file
            # for step 4's names: both ask where.
            return self.save_as()
        output = d.output
        try:
            planned = plan([QueueItem(image.path)], result.model, output)
        except UpscalerError as err:
            self._dialogs.error(translate("MainWindow", "Cannot save"), error_text(err))
            return None
        if not planned.jobs:
            refusal = planned.refused[0][1] if planned.refused else None
            message = error_text(refusal) if refusal is not None else ""
            self._dialogs.error(translate("MainWindow", "Cannot save"), message)
            return None
        job = planned.jobs[0]
        options = pipeline.write_options(job.format, quality=output.quality)
        if job.format in NO_ALPHA and image.is_transparent:
            if not self._flatten_agreed(job.format, translate("MainWindow", "Save")):
                return None
            options = replace(options, background=WHITE)
        overwrite = output.exists == "overwrite"
        return self._write(result, image, job.target, options, overwrite=overwrite, create=True)

    @Slot()
    def save_as(self) -> Path | None:
        d = self._doc
        result, image = d.shown, d.image
        if result is None or image is None:
            self._nothing_to_save()
            return None
        return self._save_as(result, image)

    def _nothing_to_save(self) -> None:
        self._dialogs.error(
            translate("MainWindow", "Save As"),
            translate("MainWindow", "There is no result yet: upscale first."),
        )

    def _save_as(self, result: Result, image: LoadedImage) -> Path | None:
        target = self._dialogs.save_image(self.suggested_save_path(result))
        if target is None:
            return None
        if not target.suffix:
            target = target.with_suffix(get_format(FALLBACK_FORMAT).extension)
        try:
            fmt = output_format(target)  # a bad extension is refused now, not from the worker
        except UpscalerError as err:
            self._dialogs.error(translate("MainWindow", "Cannot save"), error_text(err))
            return None
        # The quality of step 4, for a JPEG or WebP named in the dialog too.
        options = pipeline.write_options(fmt, quality=self._doc.output.quality)
        if fmt in NO_ALPHA and image.is_transparent:
            if not self._flatten_agreed(fmt, translate("MainWindow", "Save As")):
                return None
            options = replace(options, background=WHITE)
        # The dialog asked about replacing an existing file already.
        return self._write(result, image, target, options, overwrite=True)

    def _flatten_agreed(self, fmt: str, title: str) -> bool:
        """The core refuses a transparent picture in a format without alpha unless given a
        background colour; the window asks instead (Save flattened it without a word, while
        Save As asked). The input's transparency stands for the result's (opaque stays
        opaque)."""
        question = translate(
            "MainWindow",
            "{format} cannot store transparency. Save the image on a white background?",
        ).format(format=get_format(fmt).display)
        return self._dialogs.confirm(title, question)

    def _write(
        self,
        result: Result,
        image: LoadedImage,
        target: Path,
        options: WriteOptions | None,
        *,
        overwrite: bool,
        create: bool = False,
    ) -> Path:
        handle = self._host.submit(
            SaveJob(
                target=target,
                pixels=result.pixels,
                source=image,
                options=options,
                overwrite=overwrite,
                create_folder=create,
            )
        )
        handle.finished.connect(self._on_finished)
        handle.failed.connect(self._on_failed)
        handle.cancelled.connect(self._on_cancelled)
        self._save, self._saving = handle, (result, target)
        if not self._batch_running():  # a running batch keeps the bar for its own files
            self._status.start()
            handle.saving.connect(self._status.set_saving)
            handle.ended.connect(self._status.stop)
        self._doc.set_saving(True)
        self._status.message(translate("MainWindow", "Saving {name}...").format(name=target.name))
        return target

    @Slot(object)
    def _on_finished(self, written: object) -> None:
        saving = self._saving
        self._save, self._saving = None, None
        target, warnings = cast(tuple[Path, list[str]], written)
        if saving is not None:
            self._doc.mark_saved(saving[0], target)
        message = translate("MainWindow", "Saved {name}.").format(name=target.name)
        self._status.message(sentences(message, *localized_all(warnings)), 10000)
        self._doc.set_saving(False)

    @Slot(object)
    def _on_failed(self, failure: object) -> None:
        saving = self._saving
        self._save, self._saving = None, None
        self._doc.set_saving(False)
        name = saving[1].name if saving else ""
        # Replaces "Saving NAME...", which would otherwise stay as if it were still going on.
        self._status.message(translate("SaveCommands", "{name} was not saved.").format(name=name))
        self._dialogs.error(translate("MainWindow", "Cannot save"), str(failure))

    @Slot()
    def _on_cancelled(self) -> None:
        self._save, self._saving = None, None
        self._doc.set_saving(False)
        self._status.message("")

    def wait(self) -> None:
        """Block until the file being saved is written, saying so: closing waits for it, as the
        user was told it is being written, and the write is atomic."""
        if self._save is None or self._saving is None:
            return
        self._status.message(
            translate("SaveCommands", "Finishing writing {name} before closing...").format(
                name=self._saving[1].name
            )
        )
        while self._save is not None and not self._save.done:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    # -- closing with unsaved results -------------------------------------------------------------
    def offer_unsaved(self, *, running: bool) -> bool:
        """Before the window closes: ask what to do with results never written (and a run in
        progress). True to go on closing; every chosen save is written first."""
        unsaved = self._doc.unsaved()
        if not unsaved and not running:
            return True
        if not unsaved:  # only a run: there is nothing to save, so no Save button
            return self._dialogs.confirm(
                translate("SaveCommands", "Close Upscaler"),
                translate(
                    "SaveCommands",
                    "A run is in progress and will be stopped. Close Upscaler anyway?",
                ),
                default_yes=False,  # Enter keeps the run going
            )
        parts = [
            translate("SaveCommands", "1 result has not been saved.")
            if len(unsaved) == 1
            else translate("SaveCommands", "{count} results have not been saved.").format(
                count=len(unsaved)
            )
        ]
        if running:
            parts.append(translate("SaveCommands", "A run is in progress; it will be stopped."))
        parts.append(translate("SaveCommands", "Save the results before closing?"))
        answer = self._dialogs.ask_unsaved(
            translate("SaveCommands", "Close Upscaler"), sentences(*parts)
        )
        if answer == "cancel":
            return False
        if answer == "discard":
            return True
        for result in unsaved:
            image = self._doc.source_of(result)
            if image is None:
                continue
            if self._save_as(result, image) is None:
                return False  # the dialog was cancelled: stay open
            self.wait()
            if result.unsaved:  # the write failed (and was reported)
                return False
        return True

    # -- Save All ---------------------------------------------------------------------------------
    @Slot()
    def save_all(self) -> None:
        """Every result of the queue into one folder: files already written are copied there,
        the others are upscaled into it. Says at the end how many were saved."""
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
        output, info = self._doc.output, self._doc.model
        todo = _SaveAll(folder, len(queue.items))
        self._all = todo
        copies = [i for i in queue.items if i.state is State.DONE and i.output is not None]
        targets = {}
        if copies:
            try:
                planned = plan(copies, info, replace(output, folder=folder))
                targets = {job.source: job.target for job in planned.jobs}
            except UpscalerError as err:
                todo.failed += len(copies)
                self._dialogs.error(translate("MainWindow", "Save All"), error_text(err))
        for item in copies:
            assert item.output is not None
            target = targets.get(item.source)
            if target is None:
                todo.skipped += 1
                continue
            if target == item.output:
                todo.saved += 1  # written there already
                continue
            handle = self._host.submit(
                CopyJob(source=item.output, target=target, overwrite=output.exists == "overwrite")
            )
            handle.finished.connect(self._on_copied)
            handle.failed.connect(self._on_copy_failed)
            handle.cancelled.connect(self._on_copy_failed)
            todo.copies.append(handle)
        for item in queue.items:
            if item.state in (State.FAILED, State.CANCELLED, State.SKIPPED):
                queue.set_state(item, State.QUEUED)
        todo.rerun = queue.queued()
        todo.batch = bool(todo.rerun)
        if todo.batch:
            self._start_batch()
            todo.batch = self._batch_running()
        self._report_all()

    @Slot(object)
    def _on_copied(self, _target: object) -> None:
        if self._all is not None:
            self._all.saved += 1
            self._report_all()

    @Slot(object)
    def _on_copy_failed(self, failure: object = None) -> None:
        if self._all is not None:
            self._all.failed += 1
            if isinstance(failure, Failure):
                self._all.reasons.append(str(failure))
            self._report_all()

    @Slot()
    def batch_finished(self) -> None:
        """The batch Save All started has ended: count what it wrote into the folder."""
        todo = self._all
        if todo is None or not todo.batch:
            return
        todo.batch = False
        for item in todo.rerun:
            if item.state is State.DONE:
                todo.ran += 1
            elif item.state is State.FAILED:
                todo.failed += 1
            elif item.state is State.SKIPPED:
                todo.skipped += 1
        self._report_all()

    def _report_all(self) -> None:
        todo = self._all
        if todo is None or todo.batch or any(not h.done for h in todo.copies):
            return
        self._all = None
        saved = todo.saved + todo.ran
        text = translate(
            "SaveCommands", "Save All: {saved} of {total} results are in {folder}."
        ).format(saved=saved, total=todo.total, folder=todo.folder)
        if todo.failed:
            text = sentences(
                text, translate("SaveCommands", "{count} failed.").format(count=todo.failed)
            )
        if todo.skipped:
            text = sentences(
                text,
                translate("SaveCommands", "{count} skipped: a file of that name exists.").format(
                    count=todo.skipped
                ),
            )
        self._status.message(text, 15000)

    # -- the output folder ------------------------------------------------------------------------
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
        if not self._dialogs.open_folder(folder):
            self._dialogs.error(
                translate("MainWindow", "Output Folder"),
                translate("SaveCommands", "The folder {folder} could not be opened.").format(
                    folder=folder
                ),
            )


class _SaveAll:
    """What one Save All has done so far."""

    def __init__(self, folder: Path, total: int) -> None:
        self.folder = folder
        self.total = total
        self.saved = 0  # copied, or already there
        self.ran = 0  # upscaled into the folder
        self.failed = 0
        self.skipped = 0
        self.batch = False
        self.copies: list[JobHandle] = []
        self.rerun: list[QueueItem] = []
        self.reasons: list[str] = []
