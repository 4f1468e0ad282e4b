"""Toolbar picker for scale and model, showing which models are installed, their size and speed.

Models that are not installed stay selectable: choosing one and pressing Upscale offers to download
it, which is how a person finds out what they could have.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from upscaler.core.catalog import Catalog, ModelInfo
from upscaler.core.store import ModelStore
from upscaler.ui.formatting import human_size


class ModelPicker(QWidget):
    """Two combos: scale (x2, x3, ...) then the models available at that scale."""

    modelChanged = Signal(object)  # ModelInfo

    def __init__(self, catalog: Catalog, store: ModelStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._store = store
        self._scale_label = QLabel()
        self._model_label = QLabel()
        self.scale_box = QComboBox()
        self.scale_box.setObjectName("scaleBox")
        self.model_box = QComboBox()
        self.model_box.setObjectName("modelBox")
        self.model_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self._scale_label, self.scale_box, self._model_label, self.model_box):
            layout.addWidget(widget)
        for scale in catalog.scales():
            self.scale_box.addItem(f"×{scale}", scale)
        self.scale_box.currentIndexChanged.connect(self._on_scale)
        self.model_box.currentIndexChanged.connect(self._on_model)
        self._retranslate()
        self._fill(self.scale())

    # -- API -----------------------------------------------------------------------------------
    def scale(self) -> int:
        return int(self.scale_box.currentData())

    def current(self) -> ModelInfo:
        return self._catalog.get(str(self.model_box.currentData()))

    def select(self, info: ModelInfo) -> None:
        """Show ``info`` (switching the scale if needed); emits modelChanged if it changed."""
        self.scale_box.setCurrentIndex(self.scale_box.findData(info.scale))
        index = self.model_box.findData(info.id)
        if index >= 0:
            self.model_box.setCurrentIndex(index)

    @property
    def store(self) -> ModelStore:
        return self._store

    def set_store(self, store: ModelStore) -> None:
        self._store = store
        self.refresh()

    def refresh(self) -> None:
        """Re-check which models are installed (after a download or import)."""
        self._fill(self.scale(), keep=self.current().id)

    # -- internals ------------------------------------------------------------------------------
    def _describe(self, info: ModelInfo) -> str:
        speed = {
            "instant": self.tr("instant"),
            "fast": self.tr("fast"),
            "medium": self.tr("medium"),
            "slow": self.tr("slow"),
        }.get(info.speed, info.speed)
        if not info.needs_file:
            return self.tr("{name} (built in, {speed})").format(name=info.name, speed=speed)
        if self._store.is_installed(info):
            return self.tr("{name} (installed, {size}, {speed})").format(
                name=info.name, size=human_size(info.size), speed=speed
            )
        return self.tr("{name} (not installed, {size}, {speed})").format(
            name=info.name, size=human_size(info.size), speed=speed
        )

    def _fill(self, scale: int, keep: str | None = None) -> None:
        models = self._catalog.for_scale(scale)
        wanted = keep or self._store.default_model(scale).id
        self.model_box.blockSignals(True)
        self.model_box.clear()
        for info in models:
            self.model_box.addItem(self._describe(info), info.id)
        index = self.model_box.findData(wanted)
        self.model_box.setCurrentIndex(max(0, index))
        self.model_box.blockSignals(False)

    @Slot(int)
    def _on_scale(self, _index: int) -> None:
        self._fill(self.scale())
        self.modelChanged.emit(self.current())

    @Slot(int)
    def _on_model(self, _index: int) -> None:
        if self.model_box.currentIndex() >= 0:
            self.modelChanged.emit(self.current())

    def _retranslate(self) -> None:
        self._scale_label.setText(self.tr("Scale"))
        self._model_label.setText(self.tr("Model"))
        self.scale_box.setToolTip(self.tr("How many times larger the result is"))
        self.model_box.setToolTip(
            self.tr("Bigger networks look better and run slower; bicubic needs no download")
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self.model_box.count():
                self.refresh()
        super().changeEvent(event)
