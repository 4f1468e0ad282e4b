"""The strip above the compare view naming the result on screen: which model made it, on which
runtime, how long it took, whether it is saved; and the picture's other results to switch to
(the last few are kept, so two models can be compared on one picture).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from upscaler.core.units import format_duration
from upscaler.ui.document import Result

translate = QCoreApplication.translate

#: How each runtime is named to the user (the device is the processor: no GPU runtime is used).
RUNTIME_NAMES = {"onnxruntime": "ONNX Runtime", "opencv": "OpenCV DNN", "openvino": "OpenVINO"}
#: Device names as the user knows them (others are shown as ``--device`` spells them).
DEVICE_NAMES = {"cuda": "CUDA", "directml": "DirectML", "coreml": "Core ML", "opencl": "OpenCL"}


def where_text(result: Result) -> str:
    """What ran a result: "ONNX Runtime on the CPU", "ONNX Runtime on CUDA, bf16"..."""
    if not result.runtime:
        return translate("ResultBar", "interpolation")
    runtime = RUNTIME_NAMES.get(result.runtime, result.runtime)
    if result.device == "cpu":
        where = translate("ResultBar", "{runtime} on the CPU").format(runtime=runtime)
    else:
        where = translate("ResultBar", "{runtime} on {device}").format(
            runtime=runtime, device=DEVICE_NAMES.get(result.device, result.device)
        )
    if result.precision != "fp32":
        where = translate("ResultBar", "{where}, {precision}").format(
            where=where, precision=result.precision
        )
    return where


class ResultBar(QWidget):
    """A combo of the open picture's results; ``chosen(Result | None)`` when another is picked."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultBar")
        self._label = QLabel()
        self.box = QComboBox()
        self.box.setObjectName("resultBox")
        self.box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._label.setBuddy(self.box)
        self.box.activated.connect(self._on_activated)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self._label)
        layout.addWidget(self.box)
        layout.addStretch(1)
        self._results: list[Result] = []
        self._shown: Result | None = None
        self._retranslate()
        self.setVisible(False)

    def show_results(self, results: list[Result], shown: Result | None) -> None:
        """The picture's results, newest first, with ``shown`` selected (None: the original)."""
        self._results = list(reversed(results))
        self._shown = shown
        self.box.blockSignals(True)
        self.box.clear()
        self.box.addItem(self.tr("None: the original only"))
        for result in self._results:
            self.box.addItem(self.describe(result))
        self.box.setCurrentIndex(self._results.index(shown) + 1 if shown in self._results else 0)
        self.box.blockSignals(False)
        self.setVisible(bool(results))

    def describe(self, result: Result) -> str:
        runtime = where_text(result)
        if result.saved_to is not None:
            state = self.tr("saved as {name}").format(name=result.saved_to.name)
        elif result.frame_of is not None:
            state = self.tr("trial on this frame")
        else:
            state = self.tr("unsaved")
        took = (
            format_duration(result.seconds)
            if result.seconds >= 1
            else translate("MainWindow", "under a second")  # as the line above the button
        )
        return self.tr("{model} · {runtime} · {time} · {state}").format(
            model=result.model.label, runtime=runtime, time=took, state=state
        )

    @Slot(int)
    def _on_activated(self, index: int) -> None:
        self.chosen.emit(self._results[index - 1] if index > 0 else None)

    def _retranslate(self) -> None:
        self._label.setText(self.tr("&Result:"))
        self.box.setToolTip(self.tr("The last results of this picture are kept until you quit"))
        self.show_results(list(reversed(self._results)), self._shown)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
