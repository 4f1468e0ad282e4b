"""The one place that opens file dialogs, message boxes and the file manager.

The window asks a ``Dialogs`` object instead of calling Qt directly, so tests hand it a fake that
answers at once (a modal dialog would block an offscreen test forever).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from upscaler.core.imageio import FORMATS, IMAGE_SUFFIXES
from upscaler.core.video import VIDEO_SUFFIXES

IMAGE_FILTER_SUFFIXES = " ".join(f"*{suffix}" for suffix in IMAGE_SUFFIXES)
VIDEO_FILTER_SUFFIXES = " ".join(f"*{suffix}" for suffix in sorted(VIDEO_SUFFIXES))
MODEL_FILTER_SUFFIXES = "*.pb *.onnx *.whl"  # .whl: a pinned model package (store.import_wheel)
#: One filter per writable format, the fallback format (PNG) first.
SAVE_FILTERS = tuple(f.dialog_filter for f in FORMATS if f.writable)


def _suffixes(name_filter: str) -> list[str]:
    """ ".jpg", ".jpeg" from "JPEG (*.jpg *.jpeg)"."""
    inside = name_filter[name_filter.find("(") + 1 : name_filter.rfind(")")]
    return [pattern.lstrip("*").lower() for pattern in inside.split() if pattern.startswith("*.")]


def filter_for(path: Path) -> str:
    """The save filter matching ``path``'s extension (PNG when none does)."""
    suffix = path.suffix.lower()
    return next((f for f in SAVE_FILTERS if suffix in _suffixes(f)), SAVE_FILTERS[0])


def with_filter_suffix(name: str, chosen_filter: str) -> Path:
    """A typed name without extension gets the chosen file type's: dialogs do not always add it,
    and the window would otherwise save a PNG under "JPEG"."""
    path = Path(name)
    suffixes = _suffixes(chosen_filter)
    return path.with_name(path.name + suffixes[0]) if not path.suffix and suffixes else path


class Dialogs:
    """Real dialogs, parented to the main window."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def open_images(self, start: Path | None) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(
            self.parent,
            QCoreApplication.translate("Dialogs", "Open Images"),
            str(start or ""),
            QCoreApplication.translate("Dialogs", "Images and videos")
            + f" ({IMAGE_FILTER_SUFFIXES} {VIDEO_FILTER_SUFFIXES});;"
            + QCoreApplication.translate("Dialogs", "Images")
            + f" ({IMAGE_FILTER_SUFFIXES});;"
            + QCoreApplication.translate("Dialogs", "Videos")
            + f" ({VIDEO_FILTER_SUFFIXES});;"
            + QCoreApplication.translate("Dialogs", "All files")
            + " (*)",
        )
        return [Path(n) for n in names]

    def save_image(self, suggested: Path) -> Path | None:
        name, chosen = QFileDialog.getSaveFileName(
            self.parent,
            QCoreApplication.translate("Dialogs", "Save Result As"),
            str(suggested),
            ";;".join(SAVE_FILTERS),
            filter_for(suggested),
        )
        return with_filter_suffix(name, chosen) if name else None

    def open_model_file(self, start: Path | None) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.parent,
            QCoreApplication.translate("Dialogs", "Import Model File"),
            str(start or ""),
            QCoreApplication.translate("Dialogs", "Model files") + f" ({MODEL_FILTER_SUFFIXES})",
        )
        return Path(name) if name else None

    def choose_folder(self, title: str, start: Path | None) -> Path | None:
        name = QFileDialog.getExistingDirectory(self.parent, title, str(start or ""))
        return Path(name) if name else None

    def error(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent, title, message)

    def info(self, title: str, message: str) -> None:
        QMessageBox.information(self.parent, title, message)

    def about(self, title: str, html: str) -> None:
        QMessageBox.about(self.parent, title, html)

    def listing(self, title: str, html: str) -> None:
        """A long list (the keyboard shortcuts) in a box that scrolls: in a message box its 27
        rows were taller than a 1920x1080 screen at 200 %, the OK button below the edge."""
        dialog = QDialog(self.parent)
        dialog.setWindowTitle(title)
        view = QTextBrowser(dialog)
        view.setObjectName("listing")
        view.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, dialog)
        buttons.accepted.connect(dialog.accept)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        layout.addWidget(buttons)
        document = view.document()
        document.adjustSize()  # its natural width and height
        screen = (self.parent.screen() if self.parent else dialog.screen()).availableGeometry()
        width = min(int(document.size().width()) + 60, screen.width() * 9 // 10)
        height = min(int(document.size().height()) + 100, screen.height() * 85 // 100)
        dialog.resize(width, height)
        dialog.exec()

    def confirm(self, title: str, question: str, *, default_yes: bool = True) -> bool:
        """Yes or No; ``default_yes=False`` where Yes loses work (Enter must not do that)."""
        buttons = QMessageBox.StandardButton
        default = buttons.Yes if default_yes else buttons.No
        answer = QMessageBox.question(
            self.parent, title, question, buttons.Yes | buttons.No, default
        )
        return answer == buttons.Yes

    def ask_continue(self, title: str, question: str) -> bool | None:
        """Yes (continue), No (start over) or None: Cancel, Escape and the close button start
        nothing, so a key that means "never mind" neither throws an interrupted run's finished
        parts away nor starts a long run."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.parent, title, question, buttons.Yes | buttons.No | buttons.Cancel, buttons.Yes
        )
        return {buttons.Yes: True, buttons.No: False}.get(answer)

    def ask_unsaved(self, title: str, question: str) -> str:
        """ "save", "discard" or "cancel": what to do with results that were never written."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.parent,
            title,
            question,
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")

    def open_folder(self, folder: Path) -> bool:
        """Show ``folder`` in the file manager, made first if need be; False if it cannot be
        made (a remembered folder on an unplugged drive) or shown: the caller says so."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
