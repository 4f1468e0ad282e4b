"""Texts for Help > About (version, model licences) and Help > Keyboard Shortcuts."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from upscaler import __version__
from upscaler.core.catalog import Catalog


def about_html(catalog: Catalog) -> str:
    """Version, purpose and each network family's licence and source."""
    families: dict[str, tuple[str, str]] = {}
    for info in catalog.networks():
        source = info.url.split("/")[3:5] if info.url else []
        families.setdefault(info.name, (info.license or "?", "/".join(source)))
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{escape(lic)}</td><td>{escape(src)}</td></tr>"
        for name, (lic, src) in families.items()
    )
    translate = QCoreApplication.translate
    intro = translate("About", "Enlarges images with deep-learning super-resolution, offline.")
    heading = translate("About", "Model licences")
    columns = [
        translate("About", "Model"),
        translate("About", "Licence"),
        translate("About", "Source"),
    ]
    builtin = translate("About", "Bicubic and Lanczos are built in.")
    head = "".join(f"<th align='left'>{escape(c)}</th>" for c in columns)
    return (
        f"<h3>Upscaler {escape(__version__)}</h3><p>{escape(intro)}</p>"
        f"<p><b>{escape(heading)}</b></p>"
        f"<table cellspacing='6'><tr>{head}</tr>{rows}</table><p>{escape(builtin)}</p>"
    )


def shortcuts_html(actions: list[QAction]) -> str:
    """A table of every action that has a shortcut, in the user's language and key names."""
    rows = "".join(
        f"<tr><td>{escape(a.text().replace('&', ''))}</td>"
        f"<td><b>{escape(a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))}</b></td>"
        "</tr>"
        for a in actions
        if not a.shortcut().isEmpty()
    )
    return f"<table cellspacing='6'>{rows}</table>"
