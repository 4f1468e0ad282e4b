"""The batch queue panel: one row per file with its state, and where and how results are written.

The panel shows a :class:`~upscaler.ui.document.Queue` and edits the output options;
``batch.BatchRunner`` decides what runs next and updates the rows through the queue.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from upscaler.ui.document import Queue, QueueItem, State
from upscaler.ui.settings import OUTPUT_FORMATS


class BatchPanel(QWidget):
    """Queue table plus output folder, naming pattern, format and the continue-on-failure option."""

    chooseFolderRequested = Signal()
    openFolderRequested = Signal()
    startRequested = Signal()
    itemActivated = Signal(object)  # QueueItem
    optionsChanged = Signal()

    def __init__(self, queue: Queue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        queue.rowsChanged.connect(self._rebuild)
        queue.itemChanged.connect(self._show)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("batchTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Both columns share the width: a long error is elided (whole in its tooltip) instead of
        # widening the table past the dock.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self._on_double_click)

        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("outputFolder")
        self.folder_edit.setReadOnly(True)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.chooseFolderRequested)
        self.clear_folder_button = QPushButton()
        self.clear_folder_button.clicked.connect(self._clear_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        folder_row.addWidget(self.clear_folder_button)

        self.pattern_edit = QLineEdit()
        self.pattern_edit.setObjectName("namePattern")
        self.pattern_edit.editingFinished.connect(self.optionsChanged)
        self.format_box = QComboBox()
        self.format_box.setObjectName("outputFormat")
        for fmt in OUTPUT_FORMATS:
            self.format_box.addItem("", fmt)
        self.format_box.currentIndexChanged.connect(self.optionsChanged)
        self.continue_box = QCheckBox()
        self.continue_box.setObjectName("continueOnFailure")
        self.continue_box.toggled.connect(self.optionsChanged)

        self._folder_label = QLabel()
        self._pattern_label = QLabel()
        self._format_label = QLabel()
        form = QFormLayout()
        form.addRow(self._folder_label, folder_row)
        form.addRow(self._pattern_label, self.pattern_edit)
        form.addRow(self._format_label, self.format_box)
        form.addRow("", self.continue_box)

        self.start_button = QPushButton()
        self.start_button.setObjectName("batchStart")
        self.start_button.clicked.connect(self.startRequested)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.openFolderRequested)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(queue.remove_finished)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self._folder: Path | None = None
        self._retranslate()

    # -- options --------------------------------------------------------------------------------
    @property
    def output_dir(self) -> Path | None:
        return self._folder

    def set_output_dir(self, folder: Path | None) -> None:
        self._folder = folder
        self.folder_edit.setText(str(folder) if folder else "")
        self.optionsChanged.emit()

    @property
    def pattern(self) -> str:
        return self.pattern_edit.text().strip()

    def set_pattern(self, pattern: str) -> None:
        self.pattern_edit.setText(pattern)

    @property
    def output_format(self) -> str:
        return str(self.format_box.currentData())

    def set_output_format(self, fmt: str) -> None:
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(fmt)))

    @property
    def continue_on_failure(self) -> bool:
        return self.continue_box.isChecked()

    def set_continue_on_failure(self, value: bool) -> None:
        self.continue_box.setChecked(value)

    # -- the queue ------------------------------------------------------------------------------
    @property
    def items(self) -> list[QueueItem]:
        return self.queue.items

    def add(self, paths: list[Path]) -> list[QueueItem]:
        """Queue files not already waiting; returns the new rows."""
        return self.queue.add(paths)

    def queued(self) -> list[QueueItem]:
        return self.queue.queued()

    @Slot()
    def _rebuild(self) -> None:
        self.table.setRowCount(0)
        for row, item in enumerate(self.queue.items):
            self.table.insertRow(row)
            name = QTableWidgetItem(item.source.name)
            name.setToolTip(str(item.source))
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem())
            self._show(item)

    def status_text(self, item: QueueItem) -> str:
        if item.state is State.QUEUED:
            return self.tr("queued")
        if item.state is State.RUNNING:
            return self.tr("running {percent}%").format(percent=item.percent)
        if item.state is State.DONE:
            return self.tr("done")
        if item.state is State.CANCELLED:
            return self.tr("cancelled")
        if item.state is State.SKIPPED:
            return self.tr("skipped: {message}").format(
                message=_without_path(item.message, item.output or item.source)
            )
        return self.tr("failed: {message}").format(message=_without_path(item.message, item.source))

    @Slot(object)
    def _show(self, item: QueueItem) -> None:
        if item not in self.queue.items:
            return
        cell = self.table.item(self.queue.index(item), 1)
        if cell is None:
            return
        cell.setText(self.status_text(item))
        cell.setToolTip(item.message or (str(item.output) if item.output else ""))

    @Slot(int, int)
    def _on_double_click(self, row: int, _column: int) -> None:
        self.itemActivated.emit(self.queue.items[row])

    @Slot()
    def _clear_folder(self) -> None:
        self.set_output_dir(None)

    def _retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Status")])
        self.folder_edit.setPlaceholderText(self.tr("Next to each input file"))
        self.choose_button.setText(self.tr("Choose..."))
        self.clear_folder_button.setText(self.tr("Reset"))
        self._folder_label.setText(self.tr("Output folder"))
        self._pattern_label.setText(self.tr("File names"))
        self.pattern_edit.setToolTip(
            self.tr("{stem} is the input's name, {scale} the factor, {model} the model")
        )
        self._format_label.setText(self.tr("Format"))
        names = {"same": self.tr("Same as input")}
        for index, fmt in enumerate(OUTPUT_FORMATS):
            self.format_box.setItemText(index, names.get(fmt, fmt.upper()))
        self.continue_box.setText(self.tr("Continue past failures"))
        self.start_button.setText(self.tr("Upscale All"))
        self.open_button.setText(self.tr("Open Output Folder"))
        self.remove_button.setText(self.tr("Remove Finished"))
        for item in self.queue.items:
            self._show(item)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def _without_path(message: str, source: Path) -> str:
    """An error without the leading "<path>: " that its row already names."""
    prefix = f"{source}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
