"""How far a batch is and how long it has left: "File 5 of 12 · about 1:20 left".

The time left is the core's estimate for the files still to do, corrected by how the files done
so far compared with their own estimates (this machine, this load), so it settles as the batch
goes on instead of repeating the first guess.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from upscaler.ui.document import QueueItem, State
from upscaler.ui.estimate_text import time_words

Estimator = Callable[[QueueItem], float]  # expected seconds of one file (0 when unknown)


class BatchProgress:
    """Follows one run of the queue."""

    def __init__(self, items: list[QueueItem], estimator: Estimator) -> None:
        self._estimator = estimator
        #: Rows that were finished before this run: not part of "file N of M".
        self._before = {id(i) for i in items if i.finished}
        self._done_actual = 0.0
        self._done_estimated = 0.0
        self._started: dict[int, float] = {}
        self._settled: set[int] = set()

    def started(self, item: QueueItem) -> None:
        self._started[id(item)] = time.monotonic()

    def done(self, item: QueueItem) -> None:
        begun = self._started.pop(id(item), None)
        self._settled.add(id(item))
        if begun is not None and item.state is State.DONE:
            self._done_actual += time.monotonic() - begun
            self._done_estimated += self._estimator(item)

    def counts(self, items: list[QueueItem]) -> tuple[int, int]:
        """(position of the running file, files in this run)."""
        mine = [i for i in items if id(i) not in self._before]
        running = sum(i.state is State.RUNNING for i in mine)
        settled = sum(id(i) in self._settled for i in mine)
        return settled + running, len(mine)

    def seconds_left(self, items: list[QueueItem]) -> float:
        pace = self._done_actual / self._done_estimated if self._done_estimated > 0 else 1.0
        left = 0.0
        for item in items:
            if item.state is State.QUEUED and id(item) not in self._before:
                left += self._estimator(item)
            elif item.state is State.RUNNING:
                left += self._estimator(item) * (1 - item.percent / 100)
        return left * pace

    def text(self, items: list[QueueItem]) -> str:
        position, total = self.counts(items)
        translate = QCoreApplication.translate
        where = translate("BatchProgress", "File {position} of {total}").format(
            position=max(position, 1), total=total
        )
        left = self.seconds_left(items)
        if left <= 0:
            return where
        return translate("BatchProgress", "{where} · {time} left").format(
            where=where, time=time_words(left)
        )
