"""Every menu and toolbar command of the main window, with its shortcut and translatable text.

Texts are applied in ``retranslate`` (not the constructor) so that switching the language in the
running program relabels everything.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from upscaler.ui.i18n import LANGUAGE_NAMES

StdKey = QKeySequence.StandardKey

#: The "(&O)" accelerator that translations append in parentheses (Chinese, Japanese...).
MNEMONIC_SUFFIX = re.compile(r"\s*\(&[^&)]\)")


def plain_label(text: str) -> str:
    """A menu text without its accelerator: "&Open..." and Chinese "打开(&O)..." -> no letter."""
    return MNEMONIC_SUFFIX.sub("", text).replace("&", "")


class Actions(QObject):
    """The QActions; the window connects them, the menus and toolbar show them."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)

        def make(
            name: str, shortcut: QKeySequence | str | None = None, checkable: bool = False
        ) -> QAction:
            action = QAction(window)
            action.setObjectName(name)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.setCheckable(checkable)
            return action

        self.open = make("actionOpen", QKeySequence(StdKey.Open))
        self.save = make("actionSave", QKeySequence(StdKey.Save))
        self.save_as = make("actionSaveAs", "Ctrl+Shift+S")
        self.save_all = make("actionSaveAll", "Ctrl+Alt+S")
        self.quit = make("actionQuit", QKeySequence(StdKey.Quit))
        self.quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.clear_recent = make("actionClearRecent")
        self.undo = make("actionUndo", QKeySequence(StdKey.Undo))
        self.redo = make("actionRedo", QKeySequence(StdKey.Redo))
        self.undo.setEnabled(False)
        self.redo.setEnabled(False)
        self.paste = make("actionPaste", QKeySequence(StdKey.Paste))
        self.copy = make("actionCopy", QKeySequence(StdKey.Copy))
        self.zoom_in = make("actionZoomIn", QKeySequence(StdKey.ZoomIn))
        # Ctrl++ needs Shift on most layouts; browsers also take Ctrl+= (the same key unshifted).
        self.zoom_in.setShortcuts(
            [*QKeySequence.keyBindings(StdKey.ZoomIn), QKeySequence("Ctrl+=")]
        )
        self.zoom_out = make("actionZoomOut", QKeySequence(StdKey.ZoomOut))
        self.zoom_fit = make("actionZoomFit", "Ctrl+0")
        self.zoom_actual = make("actionZoomActual", "Ctrl+1")
        self.mode_split = make("actionModeSplit", "Ctrl+2", checkable=True)
        self.mode_side = make("actionModeSideBySide", "Ctrl+3", checkable=True)
        self.mode_toggle = make("actionModeToggle", "Ctrl+4", checkable=True)
        self.modes = QActionGroup(window)
        #: The compare-mode actions by setting value (``CompareMode``'s values), as ``data()``.
        self.mode: dict[str, QAction] = {
            "split": self.mode_split,
            "side_by_side": self.mode_side,
            "toggle": self.mode_toggle,
        }
        for mode, action in self.mode.items():
            action.setData(mode)
            self.modes.addAction(action)
        self.show_panel = make("actionShowPanel", "Ctrl+B", checkable=True)
        self.upscale = make("actionUpscale", "Ctrl+Return")
        self.upscale_all = make("actionUpscaleAll", "Ctrl+Shift+Return")
        self.preview = make("actionPreview", "Ctrl+P")
        self.cancel = make("actionCancel", "Esc")
        self.download = make("actionDownload")
        self.import_model = make("actionImportModel")
        self.models_folder = make("actionSetModelsFolder")
        self.open_models_folder = make("actionOpenModelsFolder")
        self.shortcuts = make("actionShortcuts", "F1")
        self.about = make("actionAbout")
        self.languages = QActionGroup(window)
        self.language: dict[str, QAction] = {}
        for code in ("system", *LANGUAGE_NAMES):
            action = make(f"actionLanguage_{code}", checkable=True)
            action.setData(code)
            self.languages.addAction(action)
            self.language[code] = action
        self.cancel.setEnabled(False)

        menu_bar = window.menuBar()
        self.file_menu = menu_bar.addMenu("")
        self.recent_menu = QMenu(window)
        self.recent_menu.setObjectName("recentMenu")
        self.file_menu.addAction(self.open)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.save, self.save_as, self.save_all])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit)
        self.edit_menu = menu_bar.addMenu("")
        self.edit_menu.addActions([self.undo, self.redo])
        self.edit_menu.addSeparator()
        self.edit_menu.addActions([self.paste, self.copy])
        self.view_menu = menu_bar.addMenu("")
        self.view_menu.addActions([self.zoom_in, self.zoom_out, self.zoom_fit, self.zoom_actual])
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.mode_split, self.mode_side, self.mode_toggle])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.show_panel)
        self.language_menu = QMenu(window)
        self.language_menu.addActions(list(self.language.values()))
        self.view_menu.addMenu(self.language_menu)
        self.model_menu = menu_bar.addMenu("")
        self.choose_menu = QMenu(window)
        self.choose_menu.setObjectName("chooseModelMenu")
        self.model_menu.addActions([self.upscale, self.upscale_all, self.preview, self.cancel])
        self.model_menu.addSeparator()
        self.model_menu.addMenu(self.choose_menu)
        self.model_menu.addActions([self.download, self.import_model])
        self.model_menu.addSeparator()
        self.model_menu.addActions([self.models_folder, self.open_models_folder])
        self.help_menu = menu_bar.addMenu("")
        self.help_menu.addActions([self.shortcuts, self.about])
        self.retranslate()

    def retranslate(self) -> None:
        texts = {
            self.open: self.tr("&Open..."),
            self.save: self.tr("&Save"),
            self.save_as: self.tr("Save &As..."),
            self.save_all: self.tr("Save A&ll..."),
            self.quit: self.tr("&Quit"),
            self.clear_recent: self.tr("Clear Recent Files"),
            self.undo: self.tr("&Undo"),
            self.redo: self.tr("&Redo"),
            self.paste: self.tr("&Paste Image"),
            self.copy: self.tr("&Copy Result"),
            self.zoom_in: self.tr("Zoom &In"),
            self.zoom_out: self.tr("Zoom &Out"),
            self.zoom_fit: self.tr("Zoom to &Fit"),
            self.zoom_actual: self.tr("&Actual Size"),
            self.mode_split: self.tr("&Split View"),
            self.mode_side: self.tr("Side &by Side"),
            self.mode_toggle: self.tr("&Toggle Before/After"),
            self.show_panel: self.tr("Side &Panel"),
            self.upscale: self.tr("&Upscale This Picture"),
            self.upscale_all: self.tr("Upscale &All in the Queue"),
            self.preview: self.tr("&Preview Visible Area"),
            self.cancel: self.tr("&Cancel"),
            self.download: self.tr("&Download Missing Models..."),
            self.import_model: self.tr("&Import Model File..."),
            self.models_folder: self.tr("Set Models &Folder..."),
            self.open_models_folder: self.tr("&Open Models Folder"),
            self.shortcuts: self.tr("&Keyboard Shortcuts"),
            self.about: self.tr("&About Upscaler"),
            self.language["system"]: self.tr("System Language"),
        }
        for action, text in texts.items():
            action.setText(text)
            # Toolbar buttons show the icon text: without the "(&U)" that Chinese menus append,
            # which a button would show as "(U)".
            action.setIconText(plain_label(text))
        for code, name in LANGUAGE_NAMES.items():
            self.language[code].setText(name)
        self.upscale.setToolTip(
            self.tr("Upscale the picture on screen; the result is kept until you save it")
        )
        self.upscale_all.setToolTip(
            self.tr("Upscale every waiting file of the queue and write the results")
        )
        self.save.setToolTip(self.tr("Write the result on screen as set in step 4, Output"))
        self.preview.setToolTip(
            self.tr("Run the model on the visible area or the selected rectangle only")
        )
        self.cancel.setToolTip(self.tr("Stop the running job"))
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.model_menu.setTitle(self.tr("&Model"))
        self.choose_menu.setTitle(self.tr("&Choose Model"))
        self.help_menu.setTitle(self.tr("&Help"))
