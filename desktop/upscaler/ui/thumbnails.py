"""Small pictures and sizes for the queue's rows, made off the GUI thread as files arrive.

Reading each file as it is queued also finds the ones that cannot be read at once, so the row
says so before any run (as the command line refuses them before starting), instead of sitting
as "waiting". The work runs on its own thread so that it does not wait behind a long batch.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from upscaler.core.display import thumbnail
from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import read_image
from upscaler.ui.document import Queue, QueueItem, State
from upscaler.ui.worker import Failure

log = logging.getLogger(__name__)

SIDE = 48  # pixels, the longer side of a row's picture


class _Read(QRunnable):
    def __init__(self, owner: Thumbnails, item: QueueItem) -> None:
        super().__init__()
        self._owner = owner
        self._item = item

    def run(self) -> None:
        owner, item = self._owner, self._item
        if owner.stopped.is_set():
            return
        try:
            image = read_image(item.source)
            small = thumbnail(image.pixels, SIDE)
            owner.made.emit(item, (image.width, image.height), small, None)
        except UpscalerError as err:
            owner.made.emit(item, None, None, Failure.of(err))
        except Exception as err:  # noqa: BLE001 - a row's picture must not take the window down
            log.exception("cannot make a thumbnail of %s", item.source)
            owner.made.emit(item, None, None, Failure.of(err))


class Thumbnails(QObject):
    """Watches a queue and gives each new row its size and picture (or its failure)."""

    made = Signal(object, object, object, object)  # item, size, thumbnail, Failure | None

    def __init__(self, queue: Queue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue = queue
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.stopped = threading.Event()
        self._asked: set[int] = set()
        self._pending = 0
        queue.rowsChanged.connect(self._on_rows)
        self.made.connect(self._on_made)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    @Slot()
    def _on_rows(self) -> None:
        for item in self._queue.items:
            if id(item) not in self._asked and item.thumbnail is None:
                self._asked.add(id(item))
                self._pending += 1
                self._pool.start(_Read(self, item))

    @Slot(object, object, object, object)
    def _on_made(self, item: QueueItem, size: object, small: object, failure: object) -> None:
        self._pending -= 1
        item.size = size  # type: ignore[assignment]
        item.thumbnail = small  # type: ignore[assignment]
        if failure is not None and item.state is State.QUEUED:
            self._queue.set_state(item, State.FAILED, failure=failure)
        else:
            self._queue.touch(item)

    def shutdown(self) -> None:
        """Drop what has not started and wait for the file being read."""
        self.stopped.set()
        self._pool.clear()
        self._pool.waitForDone()
