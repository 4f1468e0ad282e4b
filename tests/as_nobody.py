"""Run a piece of a test as the unprivileged user ``nobody``, for permission tests run as root.

Root reads any file whatever its mode, so a test of "permission denied" forks a child that drops
to nobody, runs the code there and hands its text back through a pipe.
"""

from __future__ import annotations

import os
from collections.abc import Callable

NOBODY = 65534


def run_as_nobody(child: Callable[[], str]) -> str:
    """``child()`` in a forked process that dropped root to nobody; what it returned, or
    ``unexpected <type>: <error>`` for anything it raised."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(reader)
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            text = child()
        except BaseException as err:  # report anything to the parent
            text = f"unexpected {type(err).__name__}: {err}"
        os.write(writer, text.encode())
        os._exit(0)
    os.close(writer)
    chunks = []
    while data := os.read(reader, 4096):
        chunks.append(data)
    os.close(reader)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()
