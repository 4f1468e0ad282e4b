"""Status bar widgets: sizes, the estimate before a run, then progress with elapsed time and ETA;
the zoom."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QTimer, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from upscaler.core.units import format_duration


class RunStatus:
    """Owns the permanent widgets of the main window's status bar."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.sizes = QLabel()
        self.sizes.setObjectName("sizesLabel")
        self.estimate = QLabel()
        self.estimate.setObjectName("estimateLabel")
        self.progress = QProgressBar()
        self.progress.setObjectName("runProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.timing = QLabel()
        self.timing.setObjectName("timingLabel")
        self.zoom = QLabel()
        self.zoom.setObjectName("zoomLabel")
        self.zoom.setVisible(False)
        for widget in (self.sizes, self.estimate, self.progress, self.timing, self.zoom):
            bar.addPermanentWidget(widget)
        self._started: float | None = None
        self._done = 0
        self._total = 0
        self._ticker = QTimer(bar)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)

    def set_sizes(self, before: tuple[int, int] | None, after: tuple[int, int] | None) -> None:
        if before is None or after is None:
            self.sizes.clear()
            return
        self.sizes.setText(f"{before[0]}×{before[1]} → {after[0]}×{after[1]}")

    def set_zoom(self, zoom: float | None) -> None:
        """The compare view's zoom (1.0 = 100%); ``None`` hides it (no picture)."""
        self.zoom.setVisible(zoom is not None)
        if zoom is not None:
            self.zoom.setText(f"{zoom * 100:.0f}%")
            self.zoom.setToolTip(
                QCoreApplication.translate(
                    "RunStatus", "Zoom: 100% shows one result pixel per screen pixel"
                )
            )

    def set_estimate(self, text: str) -> None:
        self.estimate.setText(text)
        self.estimate.setVisible(bool(text) and self._started is None)

    def start(self) -> None:
        self._started = time.monotonic()
        self._done, self._total = 0, 0
        self.progress.setRange(0, 0)  # busy until the first tile reports its total
        self.progress.setVisible(True)
        self.estimate.setVisible(False)
        self.timing.clear()
        self._ticker.start()

    def set_progress(self, done: int, total: int) -> None:
        self._done, self._total = done, total
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(QCoreApplication.translate("RunStatus", "%v/%m tiles"))
        self._tick()

    def set_saving(self, done: int, total: int) -> None:
        """The result is being written: a busy bar while the encoder cannot say how far it is,
        else its percentage (the tiles are done; a large PNG takes seconds)."""
        self._done, self._total = 0, 0  # no time left to estimate from the tiles
        if total <= 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.progress.setFormat(QCoreApplication.translate("RunStatus", "Saving %p%"))
        self._tick()

    def stop(self) -> None:
        self._ticker.stop()
        self._started = None
        self.progress.setVisible(False)
        self.estimate.setVisible(bool(self.estimate.text()))
        self.timing.clear()

    def elapsed(self) -> float:
        return 0.0 if self._started is None else time.monotonic() - self._started

    @Slot()
    def _tick(self) -> None:
        if self._started is None:
            return
        elapsed = self.elapsed()
        text = QCoreApplication.translate("RunStatus", "{elapsed} elapsed").format(
            elapsed=format_duration(elapsed)
        )
        if 0 < self._done < self._total:
            left = elapsed / self._done * (self._total - self._done)
            text += ", " + QCoreApplication.translate("RunStatus", "about {left} left").format(
                left=format_duration(left)
            )
        self.timing.setText(text)
