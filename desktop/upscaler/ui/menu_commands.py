"""The File > Recent, View and Help menus' commands: recent files, compare mode, language, help.

Each keeps a setting and the widget showing it in step; texts keep the ``MainWindow`` translation
context they had when this lived in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction

from upscaler.core.catalog import Catalog
from upscaler.ui import about
from upscaler.ui.actions import Actions
from upscaler.ui.compare_view import CompareMode, CompareView
from upscaler.ui.dialogs import Dialogs
from upscaler.ui.i18n import Translations, resolve
from upscaler.ui.settings import Settings

translate = QCoreApplication.translate


class MenuCommands(QObject):
    """Slots for the menu actions that only touch settings, the view and dialogs."""

    def __init__(
        self,
        *,
        actions: Actions,
        settings: Settings,
        view: CompareView,
        translations: Translations,
        dialogs: Dialogs,
        catalog: Catalog,
        open_paths: Callable[[list[Path]], None],
        all_actions: Callable[[], list[QAction]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._act = actions
        self._settings = settings
        self._view = view
        self._translations = translations
        self._dialogs = dialogs
        self._catalog = catalog
        self._open_paths = open_paths
        self._all_actions = all_actions

    @Slot()
    def fill_recent(self) -> None:
        """Rebuild File > Recent from the settings just before it opens."""
        act = self._act
        recent = self._settings.recent_files
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
            self._open_paths([Path(str(action.data()))])

    @Slot(QAction)
    def on_mode_action(self, action: QAction) -> None:
        mode = str(action.data())
        self._view.set_mode(CompareMode(mode))
        self._settings.compare_mode = mode

    @Slot(QAction)
    def on_language_action(self, action: QAction) -> None:
        self.set_language(str(action.data()))

    def set_language(self, choice: str) -> None:
        """Switch the whole program's language now (Qt relabels via LanguageChange)."""
        self._settings.language = choice
        self._act.language[choice].setChecked(True)
        self._translations.apply(resolve(choice))

    @Slot()
    def show_about(self) -> None:
        self._dialogs.about(
            translate("MainWindow", "About Upscaler"), about.about_html(self._catalog)
        )

    @Slot()
    def show_shortcuts(self) -> None:
        self._dialogs.listing(
            translate("MainWindow", "Keyboard Shortcuts"), about.shortcuts_html(self._all_actions())
        )
