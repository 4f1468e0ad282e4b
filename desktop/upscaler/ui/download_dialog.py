"""Download missing models with progress, verification (by the store) and cancel.

Downloads run as jobs on the same worker as upscaling, so they queue behind a running job and the
window's close joins them like any other work.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from upscaler.core.catalog import ModelInfo
from upscaler.core.store import ModelStore
from upscaler.ui.formatting import human_size
from upscaler.ui.jobs import DownloadJob
from upscaler.ui.worker import JobHandle, WorkerHost


class DownloadDialog(QDialog):
    """A checklist of models that are not installed; downloads the checked ones in turn."""

    installed = Signal(object)  # ModelInfo, once verified and in place

    def __init__(
        self,
        host: WorkerHost,
        store: ModelStore,
        missing: list[ModelInfo],
        preselect: ModelInfo | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("downloadDialog")
        self.setWindowTitle(self.tr("Download Models"))
        self._host = host
        self._store = store
        self._todo: list[ModelInfo] = []
        self._current: ModelInfo | None = None
        self._job: JobHandle | None = None
        self.failures: list[str] = []
        self.downloaded: list[ModelInfo] = []

        intro = QLabel(
            self.tr(
                "Models are downloaded from their authors' repositories and checked against "
                "known checksums before use."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("missingModels")
        for info in missing:
            item = QListWidgetItem(
                self.tr("{label} ({size}, licence {licence})").format(
                    label=info.label, size=human_size(info.size), licence=info.license
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            checked = preselect is not None and info.id == preselect.id
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self._missing = {info.id: info for info in missing}
        self.status = QLabel()
        self.status.setObjectName("downloadStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.start_button = QPushButton(self.tr("Download"))
        self.start_button.setObjectName("downloadStart")
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.start_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.list, self.status, self.progress, self.buttons):
            layout.addWidget(widget)
        self.resize(560, 460)

    def checked(self) -> list[ModelInfo]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [
            self._missing[str(item.data(Qt.ItemDataRole.UserRole))]
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    @property
    def busy(self) -> bool:
        return self._current is not None

    @Slot()
    def start(self) -> None:
        if self.busy:
            return
        self._todo = self.checked()
        self.failures.clear()
        if not self._todo:
            self.status.setText(self.tr("Tick the models to download."))
            return
        self.start_button.setEnabled(False)
        self.list.setEnabled(False)
        self.close_button.setText(self.tr("Cancel"))
        self._next()

    def _next(self) -> None:
        if not self._todo:
            self._current = None
            self.progress.setVisible(False)
            self.start_button.setEnabled(True)
            self.list.setEnabled(True)
            self.close_button.setText(self.tr("Close"))
            if not self.failures:
                self.status.setText(self.tr("All downloads finished and verified."))
            return
        self._current = self._todo.pop(0)
        self.status.setText(self.tr("Downloading {label}...").format(label=self._current.label))
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        job = self._host.submit(DownloadJob(store=self._store, info=self._current))
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self._job = job

    def reject(self) -> None:
        """Close cancels a running download (the partial file is removed by the store)."""
        if self.busy:
            self._todo.clear()
            if self._job is not None:
                self._job.cancel()
            # A stalled connection only notices at its timeout: say the click was heard.
            self.status.setText(self.tr("Cancelling..."))
            return
        super().reject()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if not self.busy:
            return
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(done * 1000 // total)
            self.progress.setFormat(f"{human_size(done)} / {human_size(total)}")

    @Slot(object)
    def _on_finished(self, path: object) -> None:
        self._job = None
        if self._current is None:
            return
        assert isinstance(path, Path)
        self.downloaded.append(self._current)
        self.installed.emit(self._current)
        self._next()

    @Slot(object)
    def _on_failed(self, failure: object) -> None:
        self._job = None
        if self._current is None:
            return
        message = str(failure)
        self.failures.append(message)
        self.status.setText(message)
        self._next()

    @Slot()
    def _on_cancelled(self) -> None:
        self._job = None
        self._todo.clear()
        self._next()  # after: with nothing left to do it reports success, which this is not
        self.status.setText(self.tr("Download cancelled; nothing was kept."))
