"""Sizes as the window shows them (the core's styles, with the window's placeholders), and
sentences joined as the language joins them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from upscaler.core.units import format_bytes


def sentences(*parts: str) -> str:
    """The non-empty ``parts`` one after another as the language writes sentences: a space in
    English, none after a Chinese full stop ("失败。 7 个已跳过" had one)."""
    text = ""
    for part in parts:
        if not part:
            continue
        if not text:
            text = part
            continue
        template = QCoreApplication.translate("Formatting", "{first} {then}")
        text = template.format(first=text, then=part)
    return text


def human_size(n: int | None) -> str:
    """The core's byte style; ``?`` for a size the catalogue does not know."""
    return "?" if n is None else format_bytes(n)
