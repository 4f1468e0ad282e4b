"""Step 3 of the side panel: how big the result is, by factor (x2, x3, x4, x8) or by a target
width or height, with the resulting size in pixels; and the tile size, which only trades memory
for speed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from upscaler.core.resize import TargetSize
from upscaler.ui.model_chooser import ModelChooser

TILE_CHOICES = (0, 64, 128, 256, 512, 1024)  # 0 = Auto
MAX_TARGET = 65500  # the largest side any output format takes (JPEG)


class SizeStep(QWidget):
    """Factor buttons, target width/height, the resulting size, the tile size."""

    #: The buttons show a new choice (after the chooser changed).
    refreshed = Signal()

    def __init__(self, chooser: ModelChooser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chooser = chooser
        self._group = QButtonGroup(self)
        self.scale_buttons: dict[int, QRadioButton] = {}
        factors = QHBoxLayout()
        for scale in chooser.catalog.scales():
            button = QRadioButton(f"×{scale}")
            button.setObjectName(f"scale_{scale}")
            button.toggled.connect(self._on_toggled)
            self._group.addButton(button)
            self.scale_buttons[scale] = button
            factors.addWidget(button)
        factors.addStretch(1)
        self.width_button = QRadioButton()
        self.width_button.setObjectName("targetWidth")
        self.height_button = QRadioButton()
        self.height_button.setObjectName("targetHeight")
        self.width_spin = QSpinBox()
        self.width_spin.setObjectName("targetWidthValue")
        self.height_spin = QSpinBox()
        self.height_spin.setObjectName("targetHeightValue")
        for button, spin in ((self.width_button, self.width_spin),
                             (self.height_button, self.height_spin)):  # fmt: skip
            self._group.addButton(button)
            button.toggled.connect(self._on_toggled)
            spin.setRange(1, MAX_TARGET)
            spin.setValue(1920 if spin is self.width_spin else 1080)
            spin.setSuffix(" px")
            spin.valueChanged.connect(self._on_target_value)
        targets = QGridLayout()
        targets.addWidget(self.width_button, 0, 0)
        targets.addWidget(self.width_spin, 0, 1)
        targets.addWidget(self.height_button, 1, 0)
        targets.addWidget(self.height_spin, 1, 1)
        targets.setColumnStretch(2, 1)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultSize")
        self.result_label.setWordWrap(True)
        self._tile_label = QLabel()
        self.tile_box = QComboBox()
        self.tile_box.setObjectName("tileBox")
        for size in TILE_CHOICES:
            self.tile_box.addItem(str(size) if size else "", size)
        self._tile_label.setBuddy(self.tile_box)
        tile_row = QHBoxLayout()
        tile_row.addWidget(self._tile_label)
        tile_row.addWidget(self.tile_box)
        tile_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(factors)
        layout.addLayout(targets)
        layout.addWidget(self.result_label)
        layout.addLayout(tile_row)
        chooser.changed.connect(self.refresh)
        self._retranslate()
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        c = self._chooser
        offered = set(c.scales())
        target = c.target()
        for scale, button in self.scale_buttons.items():
            button.setEnabled(scale in offered)
            button.setToolTip(
                ""
                if scale in offered
                else self.tr("{name} has no ×{scale} version").format(name=c.name(), scale=scale)
            )
            button.blockSignals(True)
            button.setChecked(target is None and scale == c.scale())
            button.blockSignals(False)
        by_width = target is not None and target.width is not None
        by_height = target is not None and target.height is not None
        for button, on in ((self.width_button, by_width), (self.height_button, by_height)):
            button.blockSignals(True)
            button.setChecked(on)
            button.blockSignals(False)
        self.width_spin.setEnabled(self.width_button.isChecked())
        self.height_spin.setEnabled(self.height_button.isChecked())
        self.result_label.setText(self._result_text())
        self.refreshed.emit()

    def checked_control(self) -> QWidget:
        """Where Alt+3 goes: the chosen factor (or target) button, so the arrow keys then move
        between the choices; Tile size only when nothing is chosen."""
        checked = self._group.checkedButton()
        return checked if checked is not None else self.tile_box

    def _result_text(self) -> str:
        c = self._chooser
        size = c.output_size()
        if size is None:
            return self.tr("Open a picture to see the result's size.")
        text = self.tr("Result: {width} × {height} px").format(width=size[0], height=size[1])
        if c.target() is not None:
            text += " " + self.tr("(×{scale}, then resized)").format(scale=c.scale())
        return text

    def tile_size(self) -> int | None:
        size = self.tile_box.currentData()
        return int(size) or None if size is not None else None

    def set_tile_size(self, size: int) -> None:
        """Choose a tile side (0 = Auto); a size not offered (from settings) is added."""
        index = self.tile_box.findData(size)
        if index < 0:
            self.tile_box.addItem(str(size), size)
            index = self.tile_box.count() - 1
        self.tile_box.setCurrentIndex(index)

    def _target(self) -> TargetSize | None:
        if self.width_button.isChecked():
            return TargetSize(width=self.width_spin.value())
        if self.height_button.isChecked():
            return TargetSize(height=self.height_spin.value())
        return None

    @Slot(bool)
    def _on_toggled(self, checked: bool) -> None:
        if not checked:
            return
        target = self._target()
        if target is not None:
            self._chooser.set_target(target)
            return
        for scale, button in self.scale_buttons.items():
            if button.isChecked():
                self._chooser.set_scale(scale)

    @Slot(int)
    def _on_target_value(self, _value: int) -> None:
        target = self._target()
        if target is not None:
            self._chooser.set_target(target)

    def _retranslate(self) -> None:
        self.width_button.setText(self.tr("&Width"))
        self.height_button.setText(self.tr("&Height"))
        self._tile_label.setText(self.tr("&Tile size"))
        self.tile_box.setItemText(0, self.tr("Auto"))
        self.tile_box.setToolTip(
            self.tr("Smaller tiles use less memory; Auto picks the largest that fits")
        )
        self.result_label.setText(self._result_text())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
