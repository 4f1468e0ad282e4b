"""The strip under the compare view while a clip is open: play/pause, the frame slider, where
the slider is (frame and time), and a trial of the model on the frame on screen.

It only says what the user asked; ``VideoCommands`` reads the frames and runs the jobs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from upscaler.core.units import format_duration


class VideoBar(QWidget):
    """``frameChosen(int)`` as the slider moves, ``playToggled(bool)``, ``upscaleFrame()``."""

    frameChosen = Signal(int)
    playToggled = Signal(bool)
    upscaleFrame = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoBar")
        self.play_button = QPushButton()
        self.play_button.setObjectName("playButton")
        self.play_button.setCheckable(True)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("frameSlider")
        self.slider.setRange(0, 0)
        self.position = QLabel()
        self.position.setObjectName("framePosition")
        self.frame_button = QPushButton()
        self.frame_button.setObjectName("upscaleFrame")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.position)
        layout.addWidget(self.frame_button)
        self._count = 0
        self._seconds_at: Callable[[int], float] = lambda number: 0.0
        self.slider.valueChanged.connect(self._on_slider)
        self.play_button.toggled.connect(self._on_play)
        self.frame_button.clicked.connect(self.upscaleFrame)
        self.setVisible(False)
        self._retranslate()

    def set_clip(self, frame_count: int, seconds_at: Callable[[int], float]) -> None:
        """A clip was opened (0 frames: none; the bar hides); ``seconds_at(n)``: when frame
        ``n`` is shown."""
        self._count, self._seconds_at = frame_count, seconds_at
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, frame_count - 1))
        span = seconds_at(frame_count - 1) if frame_count > 1 else 0.0
        per_second = (frame_count - 1) / span if span > 0 else 25
        self.slider.setPageStep(max(1, round(per_second)))  # about a second
        self.slider.setValue(0)
        self.slider.blockSignals(False)
        self.set_playing(False)
        self.setVisible(frame_count > 0)
        self.show_frame(0)

    def show_frame(self, number: int) -> None:
        """Where the clip is (playback and the document's frame), without asking for it."""
        self.slider.blockSignals(True)
        self.slider.setValue(number)
        self.slider.blockSignals(False)
        self.position.setText(
            self.tr("Frame {number} of {count} · {time}").format(
                number=number + 1,
                count=self._count,
                time=format_duration(self._seconds_at(number)),
            )
        )

    def set_playing(self, playing: bool) -> None:
        self.play_button.blockSignals(True)
        self.play_button.setChecked(playing)
        self.play_button.blockSignals(False)
        self._show_play()

    @Slot(int)
    def _on_slider(self, number: int) -> None:
        self.show_frame(number)
        self.frameChosen.emit(number)

    @Slot(bool)
    def _on_play(self, playing: bool) -> None:
        self._show_play()
        self.playToggled.emit(playing)

    def _show_play(self) -> None:
        playing = self.play_button.isChecked()
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    def _retranslate(self) -> None:
        self._show_play()
        self.slider.setToolTip(self.tr("Choose a frame to compare and to try the model on"))
        self.frame_button.setText(self.tr("Upscale This &Frame"))
        self.frame_button.setToolTip(
            self.tr("Try the model on the frame on screen before upscaling the whole video")
        )
        if self._count:
            self.show_frame(self.slider.value())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
