"""Byte counts as people read them, in one style wherever the program shows one (CLI tables,
the window, error messages), so the same file never reads as "413 KB" in one place and
"412.8 kB" in another."""

from __future__ import annotations


def format_bytes(count: float) -> str:
    """``999 B``, ``92.2 kB``, ``38.5 MB``, ``5.0 GB``: decimal units, one decimal, and a value
    that would round to 1000 moves up a unit (``999 999`` bytes is ``1.0 MB``)."""
    if count < 1000:
        return f"{count:.0f} B"
    value, unit = count / 1000, "kB"
    for bigger in ("MB", "GB", "TB"):
        if round(value, 1) < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{value:.1f} {unit}"
