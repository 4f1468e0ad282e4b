"""Per-file progress for the terminal: a bar redrawn in place, or plain lines for logs and pipes.

A bar full of carriage returns is noise in a log file, so when the stream is not a terminal only
the one-line summaries are written.
"""

from __future__ import annotations

import shutil
import threading
import time
from typing import TextIO

from upscaler.core.units import format_duration


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def render_bar(label: str, done: int, total: int, elapsed: float, columns: int) -> str:
    """One line: label, bar, percentage, tiles and remaining time, fitted to ``columns``;
    ``total == 0`` (under way, no measure): the label and the time so far."""
    if total <= 0:
        return f"{label} ... {elapsed:.0f} s"[: max(1, columns - 1)]
    fraction = min(1.0, done / total) if total > 0 else 0.0
    remaining = ""
    if 0 < done < total:
        remaining = f" {format_duration(elapsed * (total - done) / done)} left"
    tail = f" {fraction * 100:3.0f}% {done}/{total}{remaining}"
    width = max(10, min(40, columns - len(label) - len(tail) - 4))
    filled = int(round(fraction * width))
    line = f"{label} [{'#' * filled}{'-' * (width - filled)}]{tail}"
    return line[: max(1, columns - 1)]


class FileProgress:
    """Progress of one file after another; ``update`` may be called from a worker thread."""

    def __init__(
        self, stream: TextIO, *, interactive: bool | None = None, min_interval: float = 0.1
    ) -> None:
        self.stream = stream
        self.interactive = is_terminal(stream) if interactive is None else interactive
        self.min_interval = min_interval
        self._lock = threading.Lock()
        self._label = ""
        self._started = 0.0
        self._last_draw = 0.0
        self._drawn = 0  # length of the bar currently on screen

    def start(self, label: str) -> None:
        with self._lock:
            self._label = label
            self._started = self._last_draw = time.monotonic()
            self._drawn = 0

    def update(self, done: int, total: int) -> None:
        """Redraw the bar (terminal only), at most every ``min_interval`` seconds but always at
        the end, so a fast run does not spend its time printing."""
        if not self.interactive:
            return
        with self._lock:
            now = time.monotonic()
            if done < total and self._drawn and now - self._last_draw < self.min_interval:
                return
            self._last_draw = now
            columns = shutil.get_terminal_size((80, 24)).columns
            line = render_bar(self._label, done, total, now - self._started, columns)
            self.stream.write("\r" + line.ljust(self._drawn))
            self.stream.flush()
            self._drawn = len(line)

    def message(self, text: str, stream: TextIO | None = None) -> None:
        """A permanent line (a result, an error) on ``stream`` (default: the bar's own); the bar,
        if any, is wiped first so the line does not land in the middle of it."""
        with self._lock:
            if self._drawn:
                self.stream.write("\r" + " " * self._drawn + "\r")
                self.stream.flush()
                self._drawn = 0
            target = stream or self.stream
            target.write(text + "\n")
            target.flush()
