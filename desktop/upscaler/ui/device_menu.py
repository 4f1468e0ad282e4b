"""The Model menu's "Run On" and "Precision" choices: where and how networks run.

Finding the devices loads the runtimes (OpenVINO takes a second or two), so it happens once, on a
background thread, after the window is up; until it answers the menu offers Automatic and the CPU,
and a remembered device that is absent stays chosen (the engine falls back to the CPU with a
message and uses the device again when it is back).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from upscaler.core.devices.detect import PRECISIONS, Device, detect_devices


class DeviceMenus(QObject):
    """Two checkable submenus; ``chosen(device, precision)`` when the user picks either."""

    chosen = Signal(str, str)
    _found = Signal(object)  # list[Device], from the detection thread

    def __init__(self, parent: QWidget, device: str, precision: str) -> None:
        super().__init__(parent)
        self._device, self._precision = device, precision
        self._devices: list[Device] = []
        self.device_menu = QMenu(parent)
        self.device_menu.setObjectName("deviceMenu")
        self.precision_menu = QMenu(parent)
        self.precision_menu.setObjectName("precisionMenu")
        self._device_group = QActionGroup(self)
        self._precision_group = QActionGroup(self)
        self._device_group.triggered.connect(self._on_device)
        self._precision_group.triggered.connect(self._on_precision)
        self._found.connect(self._on_found)
        for value in ("auto", *PRECISIONS):
            action = QAction(self.precision_menu, checkable=True)
            action.setData(value)
            action.setChecked(value == precision)
            self._precision_group.addAction(action)
            self.precision_menu.addAction(action)
        self._fill_devices()
        self.retranslate()

    def detect(self) -> None:
        """Find the devices on a daemon thread (the answer arrives on the GUI thread)."""
        threading.Thread(target=self._detect, name="upscaler-devices", daemon=True).start()

    def _detect(self) -> None:
        try:
            found = detect_devices()
        except Exception:  # noqa: BLE001 - a broken runtime leaves the CPU choices only
            return
        self._found.emit(found)

    @Slot(object)
    def _on_found(self, devices: list[Device]) -> None:
        self._devices = [d for d in devices if d.is_gpu]
        self._fill_devices()
        self.retranslate()

    @property
    def device_names(self) -> list[str]:
        """The choices offered, in menu order."""
        return [str(action.data()) for action in self.device_menu.actions()]

    def _fill_devices(self) -> None:
        self.device_menu.clear()
        for action in self._device_group.actions():
            self._device_group.removeAction(action)
        names = ["auto", "cpu", *(d.name for d in self._devices)]
        if self._device not in names:  # remembered but absent now: still shown, still chosen
            names.append(self._device)
        for name in names:
            action = QAction(self.device_menu, checkable=True)
            action.setData(name)
            action.setChecked(name == self._device)
            self._device_group.addAction(action)
            self.device_menu.addAction(action)

    @Slot(QAction)
    def _on_device(self, action: QAction) -> None:
        self._device = str(action.data())
        self.chosen.emit(self._device, self._precision)

    @Slot(QAction)
    def _on_precision(self, action: QAction) -> None:
        self._precision = str(action.data())
        self.chosen.emit(self._device, self._precision)

    def retranslate(self) -> None:
        self.device_menu.setTitle(self.tr("Run &On"))
        self.precision_menu.setTitle(self.tr("&Precision"))
        labels = {d.name: d.label for d in self._devices}
        for action in self.device_menu.actions():
            name = str(action.data())
            if name == "auto":
                action.setText(self.tr("&Automatic (a GPU when there is one)"))
            elif name == "cpu":
                action.setText(self.tr("&CPU"))
            elif name in labels:
                action.setText(labels[name])
            else:
                action.setText(
                    self.tr("{device} (not found now: the CPU runs)").format(device=name)
                )
        texts = {
            "auto": self.tr("A&utomatic (measured per model)"),
            "fp32": self.tr("fp32 (exact)"),
            "bf16": self.tr("bf16 (faster on CPUs with AMX or AVX-512 BF16)"),
            "fp16": self.tr("fp16"),
            "int8": self.tr("int8 (fastest, may cost quality)"),
        }
        for action in self.precision_menu.actions():
            action.setText(texts[str(action.data())])
