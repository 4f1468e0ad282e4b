"""Bringing images in and out: the Open dialog, paths from anywhere, paste, dropped image data,
a queue row's picture, and copying the result.

Files arriving while a run is busy join the batch queue instead of replacing the picture. Texts
keep the ``MainWindow`` translation context they had when this lived in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication, QImage

from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import read_image
from upscaler.ui.clipboard import loaded_from_qimage, qimage_from_pixels
from upscaler.ui.core_text import error_text, localized_all
from upscaler.ui.dialogs import Dialogs
from upscaler.ui.document import Document, QueueItem, Result, State
from upscaler.ui.drop import Incoming, classify_paths, classify_urls
from upscaler.ui.settings import Settings
from upscaler.ui.status import RunStatus

translate = QCoreApplication.translate


class OpenCommands(QObject):
    """The File menu's Open, Paste and Copy, and what drops and the command line hand over."""

    #: Files were queued (the window shows the queue).
    queueGrew = Signal()

    def __init__(
        self,
        document: Document,
        *,
        dialogs: Dialogs,
        settings: Settings,
        status: RunStatus,
        import_model: Callable[[Path], object],
        open_video: Callable[[Path], object] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._doc = document
        self._dialogs = dialogs
        self._settings = settings
        self._status = status
        self._import_model = import_model
        self._open_video = open_video

    @Slot()
    def open_dialog(self) -> None:
        image = self._doc.image
        start = image.path.parent if image is not None and image.path else None
        paths = self._dialogs.open_images(start)
        if paths:
            self.open_paths(paths)

    def open_paths(self, paths: list[Path]) -> None:
        """Open files or folders from any source (dialog, command line, recent, drop)."""
        self.take(classify_paths(paths))

    def take(self, incoming: Incoming) -> None:
        """Act on what arrived: import models, queue or open images, report refusals."""
        d = self._doc
        if incoming.refused:
            self._dialogs.error(
                translate("MainWindow", "Some items were not opened"), "\n".join(incoming.refused)
            )
        for path in incoming.models:
            question = translate(
                "MainWindow", "{name} looks like a model file. Import it as a model?"
            ).format(name=path.name)
            if self._dialogs.confirm(translate("MainWindow", "Import Model"), question):
                self._import_model(path)
        if incoming.videos and self._open_video is not None:
            video = incoming.videos[0]
            left = len(incoming.videos) - 1 + len(incoming.images)
            self._open_video(video)
            if left:
                self._status.message(
                    translate(
                        "OpenCommands",
                        "One video at a time: {name} is open; {count} other file(s) were not "
                        "opened.",
                    ).format(name=video.name, count=left),
                    10000,
                )
            return
        images = incoming.images
        if not images:
            return
        if d.busy:
            added = d.queue.add(images)
            self.queueGrew.emit()
            if d.batch_running:
                note = (
                    translate("MainWindow", "1 file added to the running batch.")
                    if len(added) == 1
                    else translate("MainWindow", "{count} files added to the running batch.")
                )
            else:
                note = (
                    translate("MainWindow", "1 file queued; start it with Upscale All when done.")
                    if len(added) == 1
                    else translate(
                        "MainWindow", "{count} files queued; start them with Upscale All when done."
                    )
                )
            self._status.message(note.format(count=len(added)), 8000)
        elif len(images) == 1 and not d.queue.queued():
            self.open_image(images[0])
        else:
            d.queue.add(images)
            self.queueGrew.emit()
            self._show_first_readable(images)

    def _show_first_readable(self, paths: list[Path]) -> None:
        """Show the first queued image that opens; a broken one is reported on its batch row.

        A dialog for it here would interrupt for nothing and leave the previous picture on
        screen beside the new queue.
        """
        for path in paths:
            if self.open_image(path, report=False):
                return

    def open_image(self, path: Path, *, report: bool = True) -> bool:
        """Read and show ``path``; on failure say why (unless not ``report``) and return False."""
        try:
            loaded = read_image(path)
        except UpscalerError as err:
            if report:
                self._dialogs.error(translate("MainWindow", "Cannot open image"), error_text(err))
            return False
        self._settings.add_recent(path)
        item = next((i for i in self._doc.queue.items if i.source == path), None)
        self._doc.open(loaded, item)
        if loaded.warnings:
            self._status.message("; ".join(localized_all(loaded.warnings)), 8000)
        return True

    @Slot(object)
    def open_item(self, item: QueueItem) -> None:
        """A queue row chosen (double-click): show its input, and its written result to compare
        with."""
        d = self._doc
        if d.busy or not self.open_image(item.source) or d.image is None:
            return
        if item.state is not State.DONE or item.output is None:
            return
        try:
            written = read_image(item.output).pixels
        except UpscalerError as err:
            self._dialogs.error(translate("MainWindow", "Cannot open image"), error_text(err))
            return
        scale = d.model.scale
        if written.shape[:2] == (d.image.height * scale, d.image.width * scale):
            d.add_result(Result(written, d.model, saved_to=item.output))

    @Slot(object)
    def remove_items(self, items: list[QueueItem]) -> None:
        """Take rows out of the queue (Delete, or the rows' menu); the one running stays."""
        removed = self._doc.queue.remove(items)
        if len(removed) < len(items):
            self._status.message(
                translate("OpenCommands", "The file being upscaled stays; cancel it first."), 5000
            )

    @Slot()
    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls():
            self.take(classify_urls(mime.urls()))
            return
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self._dialogs.error(
                translate("MainWindow", "Paste"),
                translate("MainWindow", "The clipboard holds no image."),
            )
            return
        self.open_qimage(image)

    def open_qimage(self, image: QImage) -> None:
        """Open pixels handed over by Qt (clipboard, a drop of image data) as a new image.

        Refused during a run: its tiles and result belong to the picture on screen.
        """
        if self._doc.busy:
            self._status.message(
                translate(
                    "MainWindow",
                    "Wait for the run to finish (or cancel it) before pasting an image.",
                ),
                8000,
            )
            return
        try:
            loaded = loaded_from_qimage(image)
        except UpscalerError as err:
            self._dialogs.error(translate("MainWindow", "Paste"), error_text(err))
            return
        self._doc.open(loaded)

    @Slot()
    def copy_result(self) -> None:
        pixels = self._doc.result
        if pixels is None:
            return
        try:
            image = qimage_from_pixels(pixels)
        except UpscalerError as err:
            self._dialogs.error(translate("MainWindow", "Copy"), error_text(err))
            return
        QGuiApplication.clipboard().setImage(image)
        self._status.message(translate("MainWindow", "Result copied to the clipboard."), 3000)
