"""Texts for Help > About (version, model licences) and Help > Keyboard Shortcuts."""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from upscaler import __version__
from upscaler.core.catalog import Catalog
from upscaler.ui.actions import plain_label

#: Licence texts of the catalog that are words, not SPDX names (translated when shown).
LICENCE_TEXTS = (
    QT_TRANSLATE_NOOP("About", "MIT (this project)"),
    QT_TRANSLATE_NOOP("About", "built in"),
)
#: "BSD-3-Clause (weights: xinntao/Real-ESRGAN)": a licence, then where the weights come from.
_WEIGHTS_FROM = re.compile(r"^(?P<licence>.+?) \(weights: (?P<source>[^()]+)\)$")


def about_html(catalog: Catalog) -> str:
    """Version, purpose and each network family's licence and source."""
    families: dict[str, tuple[str, str]] = {}
    for info in catalog.networks():
        source = "/".join(info.url.split("/")[3:5]) if info.url else ""
        licence = info.license or "?"
        weights = _WEIGHTS_FROM.match(licence)
        if weights:  # the Source column says where the weights come from (in any language)
            licence, source = weights["licence"], source or weights["source"]
        if licence in LICENCE_TEXTS:
            licence = QCoreApplication.translate("About", licence)
        families.setdefault(info.name, (licence, source))
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
    """A table of every action that has a shortcut, then the mouse and the compare view's own
    keys, in the user's language and key names."""
    rows = [
        (plain_label(a.text()), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
        for a in actions
        if not a.shortcut().isEmpty()
    ]
    rows += _view_gestures()
    cells = "".join(
        f"<tr><td>{escape(text)}</td><td><b>{escape(keys)}</b></td></tr>" for text, keys in rows
    )
    return f"<table cellspacing='6'>{cells}</table>"


def _view_gestures() -> list[tuple[str, str]]:
    """What the compare view does with the mouse and Space: no QAction lists these."""
    translate = QCoreApplication.translate  # lupdate finds calls by this name
    return [
        (
            translate("About", "Show the original while held (Toggle Before/After)"),
            translate("About", "Space"),
        ),
        (translate("About", "Preview the selected rectangle"), translate("About", "Shift+drag")),
        (translate("About", "Zoom around the pointer"), translate("About", "Mouse wheel")),
        (translate("About", "Pan, or move the split divider"), translate("About", "Drag")),
    ]
