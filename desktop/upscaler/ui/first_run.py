"""The banner shown while no network model is installed: say so, offer download or import.

A banner rather than a dialog: the program stays usable (bicubic needs no model) and nothing modal
greets a person who only wanted to look at an image.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from upscaler.core.catalog import ModelInfo
from upscaler.ui.formatting import human_size


class FirstRunBanner(QFrame):
    downloadRequested = Signal()
    importRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#firstRunBanner { background: #fff6d5; border: 1px solid #e0c060; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.download_button = QPushButton()
        self.download_button.setObjectName("bannerDownload")
        self.import_button = QPushButton()
        self.import_button.setObjectName("bannerImport")
        self.download_button.clicked.connect(self.downloadRequested)
        self.import_button.clicked.connect(self.importRequested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.download_button)
        layout.addWidget(self.import_button)
        self._model: ModelInfo | None = None
        self._retranslate()

    def set_model(self, info: ModelInfo | None) -> None:
        """The model the Download button fetches (the best downloadable one for the scale)."""
        self._model = info
        self._retranslate()

    def _retranslate(self) -> None:
        self.text.setText(
            self.tr(
                "No super-resolution model is installed yet. Bicubic enlargement works now; "
                "download a model (checked after download) or import a model file you already "
                "have for sharper results."
            )
        )
        if self._model is not None:
            self.download_button.setText(
                self.tr("Download {label} ({size})").format(
                    label=self._model.label, size=human_size(self._model.size)
                )
            )
        else:
            self.download_button.setText(self.tr("Download..."))
        self.import_button.setText(self.tr("Import Model File..."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
