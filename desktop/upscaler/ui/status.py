"""Status bar: passing messages, then progress with elapsed time and time left during a run;
the zoom. Sizes and the estimate live in the side panel, so a message has the width to be read.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from upscaler.core.units import format_duration


def time_left_text(elapsed: float, done: int, total: int) -> str:
    """``about 1:20 left`` from the pace so far; ``almost done`` under a second (never
    "about 0:00 left"); empty before the first unit or after the last."""
    if not 0 < done < total:
        return ""
    left = elapsed / done * (total - done)
    translate = QCoreApplication.translate
    if left < 1:
        return translate("RunStatus", "almost done")
    return translate("RunStatus", "about {left} left").format(left=format_duration(left))


class RunStatus(QObject):
    """Owns the permanent widgets of the main window's status bar, and its messages."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.progress = QProgressBar()
        self.progress.setObjectName("runProgress")
        self.progress.setMaximumWidth(160)
        self.progress.setVisible(False)
        self.timing = QLabel()
        self.timing.setObjectName("timingLabel")
        self.zoom = QLabel()
        self.zoom.setObjectName("zoomLabel")
        self.zoom.setVisible(False)
        for widget in (self.progress, self.timing, self.zoom):
            bar.addPermanentWidget(widget)
        self._started: float | None = None
        self._first: int | None = None  # frames done before this run (a resumed clip)
        self._rate = ""
        self._done = 0
        self._total = 0
        self._ticker = QTimer(bar)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)

    def message(self, text: str, timeout_ms: int = 0) -> None:
        """A passing message (``timeout_ms`` 0: until the next one)."""
        self.bar.showMessage(text, timeout_ms)

    def set_zoom(self, zoom: float | None, scale: float = 1.0) -> None:
        """The compare view's zoom (1.0 = 100%: one result pixel per screen pixel) and how big
        the original's pixels are at it; ``None`` hides it (no picture)."""
        self.zoom.setVisible(zoom is not None)
        if zoom is not None:
            translate = QCoreApplication.translate
            self.zoom.setText(
                translate("RunStatus", "Zoom {result}% (original {original}%)").format(
                    result=f"{zoom * 100:.0f}", original=f"{zoom * scale * 100:.0f}"
                )
            )
            self.zoom.setToolTip(
                translate(
                    "RunStatus",
                    "100% shows one result pixel per screen pixel; the original is drawn "
                    "enlarged to the result's size",
                )
            )

    def start(self) -> None:
        self._started = time.monotonic()
        self._done, self._total = 0, 0
        self._first = None
        self._rate = ""
        self.progress.setRange(0, 0)  # busy until the first tile reports its total
        self.progress.setVisible(True)
        self.timing.clear()
        self._ticker.start()

    @Slot(int, int)
    def set_progress(self, done: int, total: int) -> None:
        self._done, self._total = done, total
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(QCoreApplication.translate("RunStatus", "%v/%m tiles"))
        self._tick()

    @Slot(int, int)
    def set_frames(self, done: int, total: int) -> None:
        """A clip's progress: frames written of all; the pace (and the time left) counts only
        the frames of this run, not those an interrupted earlier run had finished."""
        if self._first is None:
            self._first = done
        self._done, self._total = done - self._first, total - self._first
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(QCoreApplication.translate("RunStatus", "%v/%m frames"))
        elapsed = self.elapsed()
        if elapsed > 0 and self._done > 0:
            self._rate = QCoreApplication.translate("RunStatus", "{fps} frames/s").format(
                fps=f"{self._done / elapsed:.1f}"
            )
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
        self.timing.clear()

    @property
    def running(self) -> bool:
        return self._started is not None

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
        left = time_left_text(elapsed, self._done, self._total)
        parts = [text, self._rate, left]
        # The language's own comma (Chinese: "，", not ", " between Chinese words).
        comma = QCoreApplication.translate("RunStatus", ", ")
        self.timing.setText(comma.join(p for p in parts if p))
