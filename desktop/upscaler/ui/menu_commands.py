"""The File > Recent, View and Help menus' commands: recent files, compare mode, language, help.

Each keeps a setting and the widget showing it in step; texts keep the ``MainWindow`` translation
context they had when this lived in the window, so the catalogue needs no new entries.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction

from upscaler.ui import about
from upscaler.ui.compare_view import CompareMode
from upscaler.ui.i18n import resolve

if TYPE_CHECKING:
    from upscaler.ui.main_window import MainWindow

translate = QCoreApplication.translate


class MenuCommands(QObject):
    """Slots for the menu actions that only touch settings, the view and dialogs."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    @Slot()
    def fill_recent(self) -> None:
        """Rebuild File > Recent from the settings just before it opens."""
        act = self._window.act
        recent = self._window.settings.recent_files
        menu = act.recent_menu
        menu.clear()
        for path in recent:
            action = menu.addAction(str(path))
            action.setData(str(path))
            action.triggered.connect(self._on_recent_action)
        menu.addSeparator()
        menu.addAction(act.clear_recent)
        act.clear_recent.setEnabled(bool(recent))

    @Slot()
    def _on_recent_action(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self._window.open_paths([Path(str(action.data()))])

    @Slot(QAction)
    def on_mode_action(self, action: QAction) -> None:
        mode = str(action.data())
        self._window.view.set_mode(CompareMode(mode))
        self._window.settings.compare_mode = mode

    @Slot(bool)
    def on_dock_visibility(self, visible: bool) -> None:
        """Keep View > Batch Queue checked exactly while the dock shows (it has a close box)."""
        self._window.act.show_batch.setChecked(visible)

    @Slot(QAction)
    def on_language_action(self, action: QAction) -> None:
        self.set_language(str(action.data()))

    def set_language(self, choice: str) -> None:
        """Switch the whole program's language now (Qt relabels via LanguageChange)."""
        w = self._window
        w.settings.language = choice
        w.act.language[choice].setChecked(True)
        w.translations.apply(resolve(choice))

    @Slot()
    def show_about(self) -> None:
        w = self._window
        w.dialogs.about(translate("MainWindow", "About Upscaler"), about.about_html(w.catalog))

    @Slot()
    def show_shortcuts(self) -> None:
        w = self._window
        w.dialogs.info(
            translate("MainWindow", "Keyboard Shortcuts"),
            about.shortcuts_html(w.findChildren(QAction)),
        )
