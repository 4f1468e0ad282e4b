"""The guided side panel: the steps in the order of the work, then one Upscale button whose
label says what it will do.

1 Picture(s), 2 Purpose and model, 3 Size, 4 Output. Each step's title has an Alt+number
mnemonic that moves the keyboard focus into it; the button is the panel's last stop.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from upscaler.ui.images_step import ImagesStep
from upscaler.ui.model_step import ModelStep
from upscaler.ui.output_step import OutputStep
from upscaler.ui.size_step import SizeStep

PANEL_WIDTH = 300  # pixels: the steps' natural width; the compare view takes the rest


class SidePanel(QWidget):
    """Holds the four steps and the Upscale button (the window wires them)."""

    def __init__(
        self,
        images: ImagesStep,
        model: ModelStep,
        size: SizeStep,
        output: OutputStep,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sidePanel")
        self.images_step, self.model_step = images, model
        self.size_step, self.output_step = size, output
        self.titles: list[QLabel] = []
        column = QVBoxLayout()
        column.setContentsMargins(8, 8, 8, 8)
        focus_targets = (images.open_button, model.model_list, size.checked_control(),
                         output.format_box)  # fmt: skip
        for step, target in zip((images, model, size, output), focus_targets, strict=True):
            title = QLabel()
            font = QFont(title.font())
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.1)
            title.setFont(font)
            title.setBuddy(target)
            self.titles.append(title)
            column.addWidget(title)
            column.addWidget(step)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            column.addWidget(line)
        column.addStretch(1)
        inner = QWidget()
        inner.setLayout(column)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(inner)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.expected = QLabel()
        self.expected.setObjectName("expectedTime")
        self.expected.setWordWrap(True)
        self.upscale_button = QPushButton()
        self.upscale_button.setObjectName("upscaleButton")
        self.upscale_button.setDefault(True)
        self.upscale_button.setMinimumHeight(44)
        self.upscale_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        big = QFont(self.upscale_button.font())
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.25)
        self.upscale_button.setFont(big)
        self.upscale_button.setStyleSheet(
            "#upscaleButton { background: #2f6fd6; color: white; border-radius: 6px; }"
            "#upscaleButton:disabled { background: #9aa7bd; color: #eef1f6; }"
            "#upscaleButton:focus { border: 2px solid #f2c94c; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addWidget(self.scroll_area, 1)
        bottom = QVBoxLayout()
        bottom.setContentsMargins(8, 0, 8, 0)
        bottom.addWidget(self.expected)
        bottom.addWidget(self.upscale_button)
        layout.addLayout(bottom)
        self.setMinimumWidth(PANEL_WIDTH - 60)
        self._retranslate()
        size.refreshed.connect(self._follow_size_choice)

    @Slot()
    def _follow_size_choice(self) -> None:
        self.titles[2].setBuddy(self.size_step.checked_control())

    def _retranslate(self) -> None:
        texts = (
            self.tr("&1  Picture(s)"),
            self.tr("&2  Purpose and model"),
            self.tr("&3  Size"),
            self.tr("&4  Output"),
        )
        for title, text in zip(self.titles, texts, strict=True):
            title.setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
