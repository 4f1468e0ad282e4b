"""Ctrl+C at any moment of a run ends it promptly."""

from __future__ import annotations

import _thread
import threading
import time

import pytest

from tests.ctrl_c import DEADLINE, press_ctrl_c
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


@pytest.mark.usefixtures("ctrl_c_raises")
def test_a_second_ctrl_c_while_the_job_stops_does_not_cut_it_short(monkeypatch) -> None:
    """The first Ctrl+C asks the job to stop after its current tile; a second one, pressed while
    that tile still runs, must not end the command before the job has stopped: the program then
    exited with the job's thread inside ONNX Runtime, and the C++ runtime aborted the process
    ("terminate called without an active exception", SIGABRT instead of exit code 130)."""
    real_sleep = upscale_cmd.time.sleep
    waits = [0]  # the main thread's polls of the job

    def sleep(seconds: float) -> None:
        waits[0] += 1
        real_sleep(seconds)

    monkeypatch.setattr(upscale_cmd.time, "sleep", sleep)
    cancel = threading.Event()

    def job() -> str:  # one long tile: it sees the cancel only when it ends
        press_ctrl_c(cancel)  # returns once the command has asked the job to stop
        _thread.interrupt_main()  # the impatient second press, while the tile still runs
        seen = waits[0]
        deadline = time.monotonic() + DEADLINE
        # Two more polls by the main thread: it has run Python code since the press, so the
        # second KeyboardInterrupt has been raised there (and must have been dealt with).
        while waits[0] < seen + 2:
            assert time.monotonic() < deadline, "the main thread stopped waiting for the job"
            real_sleep(0.01)
        return "tile finished"

    try:
        outcome = upscale_cmd.run_in_worker(job, cancel)
    except KeyboardInterrupt:
        pytest.fail("the second Ctrl+C ended the command while the job was still running")
    assert outcome.interrupted
    assert outcome.error is None and outcome.value == "tile finished"


@pytest.mark.usefixtures("ctrl_c_raises")
def test_the_first_ctrl_c_says_the_stop_is_under_way_while_the_tile_still_runs() -> None:
    """A slow model's tile can take half a minute after Ctrl+C: the user is told at once that the
    stop is under way (once), not left to press again."""
    cancel = threading.Event()
    said: list[bool] = []  # whether the job was still running when the line was printed
    running = threading.Event()

    def job() -> str:
        running.set()
        press_ctrl_c(cancel)
        deadline = time.monotonic() + DEADLINE
        while not said:  # the tile goes on until the user has been told
            assert time.monotonic() < deadline, "nothing was said after Ctrl+C"
            time.sleep(0.01)
        return "tile finished"

    outcome = upscale_cmd.run_in_worker(job, cancel, lambda: said.append(running.is_set()))
    assert outcome.interrupted and outcome.value == "tile finished"
    assert said == [True]


def test_the_cli_prints_the_stopping_line_on_the_first_ctrl_c(monkeypatch, tmp_path, capsys):
    """Through the command: the line reaches the terminal, before the cancelled file's report."""
    from tests import images
    from upscaler.cli import main

    source = images.save(tmp_path / "in.png", images.noise(40, 30, seed=1))
    real_run_job = upscale_cmd.pipeline.run_job

    def run_job(job, engine, **kwargs):
        press_ctrl_c(kwargs["cancel"])
        return real_run_job(job, engine, **kwargs)  # sees the cancel at its first tile

    monkeypatch.setattr(upscale_cmd.pipeline, "run_job", run_job)
    code = main(["upscale", str(source), "--model", "bicubic", "--scale", "2"])
    err = capsys.readouterr().err
    assert code == 130
    assert upscale_cmd.STOPPING_AFTER_TILE in err
    assert err.index(upscale_cmd.STOPPING_AFTER_TILE) < err.index("cancelled; nothing was written")
    assert not list(tmp_path.glob("in_x2*"))
