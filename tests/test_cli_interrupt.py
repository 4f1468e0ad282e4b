"""Ctrl+C at any moment of a run ends it promptly."""

from __future__ import annotations

import threading

from upscaler.cli import upscale_cmd


def test_ctrl_c_just_before_the_job_starts_does_not_hang(monkeypatch) -> None:
    class GoInterrupted(threading.Event):
        """The first event made (the "go" signal) sees Ctrl+C arrive as it is set."""

        made = 0

        def __init__(self) -> None:
            super().__init__()
            GoInterrupted.made += 1
            self.interrupt = GoInterrupted.made == 1

        def set(self) -> None:
            if self.interrupt:
                self.interrupt = False
                raise KeyboardInterrupt
            super().set()

    cancel = threading.Event()
    result: list[upscale_cmd.WorkerOutcome] = []
    caller = threading.Thread(
        target=lambda: result.append(upscale_cmd.run_in_worker(lambda: 42, cancel)), daemon=True
    )
    monkeypatch.setattr(upscale_cmd.threading, "Event", GoInterrupted)  # go is the next one
    caller.start()
    caller.join(timeout=60)  # returns at once when it works; a hang is what waits this long
    assert not caller.is_alive(), "run_in_worker hung after an early Ctrl+C"
    assert result[0].interrupted and cancel.is_set()
