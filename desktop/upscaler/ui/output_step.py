"""Step 4 of the side panel: where and how results are written.

Format (or the input's own), JPEG/WebP quality, folder (or beside each input), name pattern,
and what to do when a result's name is taken: skip, number it, or replace the file. An input
is never replaced, whatever is chosen (the core's planner refuses it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from upscaler.core.imageio import FORMATS
from upscaler.ui.document import OutputOptions
from upscaler.ui.settings import EXISTS_CHOICES, OUTPUT_FORMATS

#: The Format box entries that use the quality setting.
QUALITY_FORMATS = tuple(f.choices[0] for f in FORMATS if f.choices and f.quality)


class OutputStep(QWidget):
    """Output options; ``optionsChanged`` after any edit, ``options()`` reads them."""

    optionsChanged = Signal()
    chooseFolderRequested = Signal()
    openFolderRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folder: Path | None = None
        self.format_box = QComboBox()
        self.format_box.setObjectName("outputFormat")
        for fmt in OUTPUT_FORMATS:
            self.format_box.addItem("", fmt)
        self.quality_spin = QSpinBox()
        self.quality_spin.setObjectName("outputQuality")
        self.quality_spin.setRange(1, 100)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("outputFolder")
        self.folder_label.setWordWrap(True)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("chooseFolder")
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("resetFolder")
        self.open_button = QPushButton()
        self.open_button.setObjectName("openOutputFolder")
        folder_buttons = QHBoxLayout()
        for button in (self.choose_button, self.reset_button, self.open_button):
            folder_buttons.addWidget(button)
        folder_buttons.addStretch(1)
        self.pattern_edit = QLineEdit()
        self.pattern_edit.setObjectName("namePattern")
        self.exists_box = QComboBox()
        self.exists_box.setObjectName("whenExists")
        for choice in EXISTS_CHOICES:
            self.exists_box.addItem("", choice)
        self.continue_box = QCheckBox()
        self.continue_box.setObjectName("continueOnFailure")
        # The place for the automatic adjustments (auto crop, auto colour) that core/adjust/ is
        # gaining: each will be a checkbox added here with add_adjustment(), read into
        # OutputOptions with the others. Empty (and hidden) until they exist.
        self.adjustments = QVBoxLayout()
        self.adjustments.setObjectName("adjustments")
        self._adjustments_box = QWidget()
        self._adjustments_box.setLayout(self.adjustments)
        self._adjustments_box.setVisible(False)

        self._format_label = QLabel()
        self._quality_label = QLabel()
        self._folder_title = QLabel()
        self._pattern_label = QLabel()
        self._exists_label = QLabel()
        for label, buddy in ((self._format_label, self.format_box),
                             (self._quality_label, self.quality_spin),
                             (self._pattern_label, self.pattern_edit),
                             (self._exists_label, self.exists_box)):  # fmt: skip
            label.setBuddy(buddy)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self._format_label, self.format_box)
        form.addRow(self._quality_label, self.quality_spin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self._folder_title)
        layout.addWidget(self.folder_label)
        layout.addLayout(folder_buttons)
        names = QFormLayout()
        names.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        names.addRow(self._pattern_label, self.pattern_edit)
        names.addRow(self._exists_label, self.exists_box)
        layout.addLayout(names)
        layout.addWidget(self.continue_box)
        layout.addWidget(self._adjustments_box)

        self.format_box.currentIndexChanged.connect(self._on_edit)
        self.quality_spin.valueChanged.connect(self._on_edit)
        self.pattern_edit.editingFinished.connect(self._on_edit)
        self.exists_box.currentIndexChanged.connect(self._on_edit)
        self.continue_box.toggled.connect(self._on_edit)
        self.choose_button.clicked.connect(self.chooseFolderRequested)
        self.reset_button.clicked.connect(self._reset_folder)
        self.open_button.clicked.connect(self.openFolderRequested)
        self._retranslate()

    # -- reading and showing ---------------------------------------------------------------------
    def options(self) -> OutputOptions:
        default = OutputOptions()
        return OutputOptions(
            folder=self._folder,
            pattern=self.pattern_edit.text().strip() or default.pattern,
            format=str(self.format_box.currentData()),
            quality=self.quality_spin.value(),
            exists=str(self.exists_box.currentData()),
            continue_on_failure=self.continue_box.isChecked(),
        )

    def show_options(self, options: OutputOptions) -> None:
        """Show ``options`` without reporting them as an edit."""
        for widget in (self.format_box, self.quality_spin, self.exists_box, self.continue_box):
            widget.blockSignals(True)
        self._folder = options.folder
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(options.format)))
        self.quality_spin.setValue(options.quality)
        self.pattern_edit.setText(options.pattern)
        self.exists_box.setCurrentIndex(max(0, self.exists_box.findData(options.exists)))
        self.continue_box.setChecked(options.continue_on_failure)
        for widget in (self.format_box, self.quality_spin, self.exists_box, self.continue_box):
            widget.blockSignals(False)
        self._show_folder()
        self._show_quality()

    def add_adjustment(self, widget: QWidget) -> None:
        """A toggle for an automatic adjustment (auto crop, auto colour) joins this step."""
        self.adjustments.addWidget(widget)
        self._adjustments_box.setVisible(True)

    @property
    def folder(self) -> Path | None:
        return self._folder

    def set_folder(self, folder: Path | None) -> None:
        self._folder = folder
        self._show_folder()
        self.optionsChanged.emit()

    def _show_folder(self) -> None:
        self.folder_label.setText(
            str(self._folder) if self._folder else self.tr("Next to each input file")
        )
        self.folder_label.setToolTip(str(self._folder or ""))
        self.reset_button.setEnabled(self._folder is not None)

    def _show_quality(self) -> None:
        uses = str(self.format_box.currentData()) in ("same", *QUALITY_FORMATS)
        self.quality_spin.setEnabled(uses)
        self._quality_label.setEnabled(uses)

    @Slot()
    def _on_edit(self) -> None:
        self._show_quality()
        self.optionsChanged.emit()

    @Slot()
    def _reset_folder(self) -> None:
        self.set_folder(None)

    def _retranslate(self) -> None:
        self._format_label.setText(self.tr("&Format"))
        names = {"same": self.tr("Same as input")}
        for index, fmt in enumerate(OUTPUT_FORMATS):
            self.format_box.setItemText(index, names.get(fmt, fmt.upper()))
        self._quality_label.setText(self.tr("&Quality"))
        self.quality_spin.setToolTip(
            self.tr("JPEG and WebP: 100 is best, 90 is hard to tell apart")
        )
        self._folder_title.setText(self.tr("Folder"))
        self.choose_button.setText(self.tr("C&hoose..."))
        self.reset_button.setText(self.tr("Reset"))
        self.open_button.setText(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Open the output folder"))
        self._pattern_label.setText(self.tr("&Names"))
        self.pattern_edit.setToolTip(
            self.tr("{stem} is the input's name, {scale} the factor, {model} the model")
        )
        self._exists_label.setText(self.tr("If the name is &taken"))
        exists = {
            "skip": self.tr("Skip that file"),
            "rename": self.tr("Add a number"),
            "overwrite": self.tr("Replace the file"),
        }
        for index, choice in enumerate(EXISTS_CHOICES):
            self.exists_box.setItemText(index, exists[choice])
        self.exists_box.setToolTip(self.tr("An input picture is never replaced"))
        self.continue_box.setText(self.tr("Continue past failures"))
        self._show_folder()
        self._show_quality()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
