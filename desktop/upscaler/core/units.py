"""Byte counts and durations as people read them, in one style wherever the program shows one
(CLI tables, the window, error messages), so the same file never reads as "413 KB" in one place
and "412.8 kB" in another, nor a run as "75 s" here and "1:15" there."""

from __future__ import annotations


def format_bytes(count: float) -> str:
    """``999 B``, ``92.2 kB``, ``413 kB``, ``38.5 MB``: decimal units, three significant figures
    at most (one decimal below 100), and a value that would round to 1000 moves up a unit
    (``999 949`` bytes is ``1.0 MB``, not ``1000 kB``)."""
    if round(count) < 1000:
        return f"{count:.0f} B"
    value = count / 1000
    for unit in ("kB", "MB", "GB", "TB"):
        digits = 1 if round(value, 1) < 100 else 0
        if round(value, digits) < 1000 or unit == "TB":
            return f"{value:.{digits}f} {unit}"
        value /= 1000
    raise AssertionError("unreachable: TB always returns")  # pragma: no cover


def format_duration(seconds: float) -> str:
    """``0:07``, ``3:25``, ``1:02:09``: a clock reading, rounded to the second."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
