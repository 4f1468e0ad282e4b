"""Run Python's cyclic garbage collector on the GUI thread only.

Left automatic, a collection runs on whichever thread happens to allocate, often the worker's;
a Qt widget caught in a reference cycle would then be destroyed off the GUI thread, which crashes
Qt. pyqtgraph solves this the same way: turn automatic collection off and collect from a timer.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot


class GuiThreadCollector(QObject):
    """While alive and started, cyclic garbage is collected here, on a GUI-thread timer."""

    def __init__(self, interval_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    @Slot()
    def collect(self) -> int:
        """Collect the generations whose thresholds are exceeded, as automatic GC would."""
        threshold = gc.get_threshold()
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > threshold[generation]:
                return gc.collect(generation)
        return 0
