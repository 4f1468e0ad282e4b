"""Pressing Ctrl+C in a test, without depending on how fast or busy the machine is.

``_thread.interrupt_main`` is what Ctrl+C does to the command's main thread. The job thread that
presses it then waits until the main thread has set the job's cancel event: the job cannot run
ahead of the keypress however slowly the main thread is scheduled, and a keypress that is never
handled (SIGINT ignored, a broken handler) fails the test instead of letting the job finish.
"""

from __future__ import annotations

import _thread
import threading

#: Seconds the main thread gets to handle Ctrl+C: far beyond any load (it polls every 0.1 s);
#: a test only waits this long when it is going to fail.
DEADLINE = 120.0


def press_ctrl_c(cancel: threading.Event) -> None:
    """Ctrl+C from the job thread, returning once the command has asked the job to stop."""
    _thread.interrupt_main()
    if not cancel.wait(DEADLINE):
        raise AssertionError(f"Ctrl+C was not handled within {DEADLINE:.0f} s")
