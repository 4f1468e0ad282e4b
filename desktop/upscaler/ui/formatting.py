"""Numbers as people read them: file sizes, durations."""

from __future__ import annotations

from upscaler.core.units import format_bytes


def human_size(n: int | None) -> str:
    """The core's byte style; ``?`` for a size the catalogue does not know."""
    return "?" if n is None else format_bytes(n)


def human_duration(seconds: float) -> str:
    """``0:07``, ``3:25``, ``1:02:09``."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
