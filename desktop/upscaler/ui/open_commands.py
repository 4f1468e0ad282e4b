"""Bringing images in and out: the Open dialog, paths from anywhere, paste, dropped image data,
and copying the result.

Files arriving while a run is busy join the batch queue instead of replacing the picture. Texts
keep the ``MainWindow`` translation context they had when this lived in the window, so the
catalogue needs no new entries.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QGuiApplication, QImage

from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import read_image
from upscaler.ui.clipboard import loaded_from_qimage, qimage_from_pixels
from upscaler.ui.core_text import error_text, localized_all
from upscaler.ui.drop import Incoming, classify_paths, classify_urls

if TYPE_CHECKING:
    from upscaler.ui.main_window import MainWindow

translate = QCoreApplication.translate


class OpenCommands(QObject):
    """The File menu's Open, Paste and Copy, and what drops and the command line hand over."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    @Slot()
    def open_dialog(self) -> None:
        w = self._window
        start = w.loaded.path.parent if w.loaded and w.loaded.path else None
        paths = w.dialogs.open_images(start)
        if paths:
            self.open_paths(paths)

    def open_paths(self, paths: list[Path]) -> None:
        """Open files or folders from any source (dialog, command line, recent, drop)."""
        self.take(classify_paths(paths))

    def take(self, incoming: Incoming) -> None:
        """Act on what arrived: import models, queue or open images, report refusals."""
        w = self._window
        if incoming.refused:
            w.dialogs.error(
                translate("MainWindow", "Some items were not opened"), "\n".join(incoming.refused)
            )
        for path in incoming.models:
            question = translate(
                "MainWindow", "{name} looks like a model file. Import it as a model?"
            ).format(name=path.name)
            if w.dialogs.confirm(translate("MainWindow", "Import Model"), question):
                w.models.import_file(path)
        images = incoming.images
        if not images:
            return
        if w.busy:
            added = w.batch_panel.add(images)
            w.batch_dock.show()
            if w.runner.running:
                note = translate("MainWindow", "{count} file(s) added to the running batch.")
            else:
                note = translate(
                    "MainWindow", "{count} file(s) queued; start them with Upscale All when done."
                )
            w.statusBar().showMessage(note.format(count=len(added)), 8000)
        elif len(images) == 1 and not w.batch_panel.queued():
            self.open_image(images[0])
        else:
            w.batch_panel.add(images)
            w.batch_dock.show()
            self._show_first_readable(images)
        w.update_enabled()

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
        w = self._window
        try:
            loaded = read_image(path)
        except UpscalerError as err:
            if report:
                w.dialogs.error(translate("MainWindow", "Cannot open image"), error_text(err))
            return False
        w.settings.add_recent(path)
        w.show_loaded(loaded)
        if loaded.warnings:
            w.statusBar().showMessage("; ".join(localized_all(loaded.warnings)), 8000)
        return True

    @Slot()
    def paste(self) -> None:
        w = self._window
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls():
            self.take(classify_urls(mime.urls()))
            return
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            w.dialogs.error(
                translate("MainWindow", "Paste"),
                translate("MainWindow", "The clipboard holds no image."),
            )
            return
        self.open_qimage(image)

    def open_qimage(self, image: QImage) -> None:
        """Open pixels handed over by Qt (clipboard, a drop of image data) as a new image.

        Refused during a run: its tiles and result belong to the picture on screen.
        """
        w = self._window
        if w.busy:
            w.statusBar().showMessage(
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
            w.dialogs.error(translate("MainWindow", "Paste"), error_text(err))
            return
        w.show_loaded(loaded)

    @Slot()
    def copy_result(self) -> None:
        w = self._window
        if w.result is None:
            return
        try:
            image = qimage_from_pixels(w.result)
        except UpscalerError as err:
            w.dialogs.error(translate("MainWindow", "Copy"), error_text(err))
            return
        QGuiApplication.clipboard().setImage(image)
        w.statusBar().showMessage(translate("MainWindow", "Result copied to the clipboard."), 3000)
