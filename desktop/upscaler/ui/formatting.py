"""Sizes as the window shows them (the core's styles, with the window's placeholders)."""

from __future__ import annotations

from upscaler.core.units import format_bytes


def human_size(n: int | None) -> str:
    """The core's byte style; ``?`` for a size the catalogue does not know."""
    return "?" if n is None else format_bytes(n)
