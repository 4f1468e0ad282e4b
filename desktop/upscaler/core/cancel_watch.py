"""Acting on a cancel inside work that cannot look at the cancel event itself.

A blocking socket read and a network run inside ONNX Runtime or OpenVINO only end early when
something from outside stops them (shut the socket, set the runtime's terminate flag); between
such calls the code checks the event as usual. One watcher thread does that for both.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def stop_on_cancel(
    cancel: threading.Event | None,
    stop: Callable[[], None] | None,
    *,
    poll: float,
    name: str,
) -> Iterator[None]:
    """While the block runs, call ``stop`` once (from a watcher thread, within ``poll`` seconds)
    if ``cancel`` gets set; never after the block has ended. Nothing to do without either."""
    if cancel is None or stop is None:
        yield
        return
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            if cancel.wait(poll):
                if not finished.is_set():
                    stop()
                return

    watcher = threading.Thread(target=watch, name=name, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        finished.set()
        watcher.join()
