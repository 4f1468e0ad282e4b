"""stop_on_cancel: the watcher that stops work which cannot look at the cancel event itself."""

from __future__ import annotations

import threading

from tests.ctrl_c import DEADLINE
from upscaler.core.cancel_watch import stop_on_cancel


def test_a_cancel_during_the_block_calls_stop_once() -> None:
    cancel, stopped = threading.Event(), threading.Event()
    calls: list[int] = []

    def stop() -> None:
        calls.append(1)
        stopped.set()

    with stop_on_cancel(cancel, stop, poll=0.01, name="t"):
        cancel.set()
        assert stopped.wait(DEADLINE)  # the blocked work would end now
    assert calls == [1]


def test_nothing_is_stopped_after_the_block_or_without_a_cancel() -> None:
    cancel = threading.Event()
    calls: list[int] = []
    with stop_on_cancel(cancel, lambda: calls.append(1), poll=0.01, name="t"):
        pass
    cancel.set()  # too late: the work is done
    with stop_on_cancel(None, lambda: calls.append(1), poll=0.01, name="t"):
        pass
    with stop_on_cancel(cancel, None, poll=0.01, name="t"):
        pass
    assert calls == []
    assert not [t for t in threading.enumerate() if t.name == "t"]  # every watcher has ended
