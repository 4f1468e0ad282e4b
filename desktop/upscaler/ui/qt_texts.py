"""Texts of Qt's own dialogs that Qt's shipped Chinese catalogue (qtbase_zh_CN) leaves in
English: its file dialog labels gained an "&" mnemonic in Qt 6 and the catalogue kept only the
old texts, so the Open and Save dialogs said "Look in:" and "Files of type:" in a Chinese window.

Listed here (context ``QFileDialog``, exactly as Qt asks for them) so that lupdate puts them in
our catalogue, which is installed after Qt's and so is asked first.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_DIALOG_TEXTS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
