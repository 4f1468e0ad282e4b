"""The main window: builds the widgets and the command objects, and wires actions to them.

It holds the current document (the open image and its result), which every command object reads,
and keeps the widgets that show it in step. The commands live beside it: opening
(``open_commands``), running and the worker's answers (``run_commands``), saving
(``save_commands``), the small menus (``menu_commands``) and models (``model_commands``). Every
pixel operation is a core call made by a job or by ``core.imageio``; failures arrive as messages
shown in a dialog, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from upscaler.core.catalog import ModelInfo, load_catalog
from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import LoadedImage
from upscaler.core.store import ModelStore
from upscaler.ui.actions import Actions
from upscaler.ui.batch import BatchRunner
from upscaler.ui.batch_panel import BatchPanel
from upscaler.ui.compare_view import CompareMode, CompareView
from upscaler.ui.dialogs import Dialogs
from upscaler.ui.drop import classify_urls
from upscaler.ui.estimate_text import estimate_text
from upscaler.ui.first_run import FirstRunBanner
from upscaler.ui.i18n import Translations
from upscaler.ui.menu_commands import MenuCommands
from upscaler.ui.model_commands import ModelCommands
from upscaler.ui.model_picker import ModelPicker
from upscaler.ui.open_commands import OpenCommands
from upscaler.ui.run_commands import RunCommands
from upscaler.ui.save_commands import SaveCommands
from upscaler.ui.settings import Settings
from upscaler.ui.status import RunStatus
from upscaler.ui.worker import WorkerHost

TILE_CHOICES = (0, 64, 128, 256, 512, 1024)  # 0 = Auto


class MainWindow(QMainWindow):
    """One window, one current image, one worker thread."""

    def __init__(
        self,
        settings: Settings,
        *,
        translations: Translations | None = None,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings
        self.translations = translations or Translations()
        self.dialogs = dialogs or Dialogs(self)
        self.catalog = load_catalog()
        self.host = WorkerHost(self)
        self.loaded: LoadedImage | None = None
        self.result: np.ndarray | None = None
        self.result_model: ModelInfo | None = None
        self._closed = False

        self.view = CompareView()
        self.view.setObjectName("compareView")
        self.banner = FirstRunBanner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.view, 1)
        self.setCentralWidget(central)

        self.act = Actions(self)
        self.picker = ModelPicker(self.catalog, ModelStore(settings.models_dir))
        self.tile_box = QComboBox()
        self.tile_box.setObjectName("tileBox")
        for size in TILE_CHOICES:
            self.tile_box.addItem(str(size) if size else "", size)
        self._tile_label = QLabel()
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.addWidget(self.picker)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self._tile_label)
        self.toolbar.addWidget(self.tile_box)
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act.upscale, self.act.preview, self.act.cancel])
        self.addToolBar(self.toolbar)

        self.status = RunStatus(self.statusBar())
        self.batch_panel = BatchPanel()
        self.batch_dock = QDockWidget()
        self.batch_dock.setObjectName("batchDock")
        self.batch_dock.setWidget(self.batch_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.batch_dock)
        self.batch_dock.hide()
        self.runner = BatchRunner(self.host, self.batch_panel, self)
        self.models = ModelCommands(
            self,
            settings=settings,
            catalog=self.catalog,
            host=self.host,
            dialogs=self.dialogs,
            picker=self.picker,
            banner=self.banner,
            choose_menu=self.act.choose_menu,
        )
        self.opening = OpenCommands(self)
        self.runs = RunCommands(self)
        self.saving = SaveCommands(self)
        self.menus = MenuCommands(self)

        self.setAcceptDrops(True)
        self._connect()
        self._restore()
        # After restoring them: the restored values need not be written back.
        self.batch_panel.optionsChanged.connect(self.saving.remember_batch_options)
        self._retranslate()
        self.models.update_banner()
        self.update_enabled()

    # -- wiring ---------------------------------------------------------------------------------
    def _connect(self) -> None:
        a = self.act
        a.open.triggered.connect(self.opening.open_dialog)
        a.save_as.triggered.connect(self.saving.save_as)
        a.save_all.triggered.connect(self.saving.save_all)
        a.quit.triggered.connect(self.close)
        a.paste.triggered.connect(self.opening.paste)
        a.copy.triggered.connect(self.opening.copy_result)
        a.zoom_in.triggered.connect(self.view.zoom_in)
        a.zoom_out.triggered.connect(self.view.zoom_out)
        a.zoom_fit.triggered.connect(self.view.zoom_to_fit)
        a.zoom_actual.triggered.connect(self.view.zoom_actual)
        a.modes.triggered.connect(self.menus.on_mode_action)
        a.show_batch.toggled.connect(self.batch_dock.setVisible)
        self.batch_dock.visibilityChanged.connect(self.menus.on_dock_visibility)
        a.upscale.triggered.connect(self.runs.upscale)
        a.preview.triggered.connect(self.runs.preview_visible)
        a.cancel.triggered.connect(self.runs.cancel)
        a.download.triggered.connect(self.models.download_missing)
        a.import_model.triggered.connect(self.models.import_dialog)
        a.models_folder.triggered.connect(self.models.choose_folder)
        a.open_models_folder.triggered.connect(self.models.open_folder)
        self.models.message.connect(self._show_message)
        a.shortcuts.triggered.connect(self.menus.show_shortcuts)
        a.about.triggered.connect(self.menus.show_about)
        a.languages.triggered.connect(self.menus.on_language_action)
        a.recent_menu.aboutToShow.connect(self.menus.fill_recent)
        a.clear_recent.triggered.connect(self.settings.clear_recent)
        self.picker.modelChanged.connect(self._on_model_changed)
        self.tile_box.currentIndexChanged.connect(self._on_tile_changed)
        self.view.selectionMade.connect(self.runs.preview_region)
        self.view.zoomChanged.connect(self._on_zoom_changed)
        self.batch_panel.chooseFolderRequested.connect(self.saving.choose_output_folder)
        self.batch_panel.openFolderRequested.connect(self.saving.open_output_folder)
        self.batch_panel.startRequested.connect(self.runs.start_batch)
        self.batch_panel.itemActivated.connect(self.runs.on_item_activated)
        self.host.idle.connect(self.update_enabled)

    def _restore(self) -> None:
        s = self.settings
        if not self.restoreGeometry(s.geometry):
            self.resize(1200, 800)
        self.restoreState(s.window_state)
        self.batch_dock.hide()  # shown again when a batch arrives
        if s.model_id:
            try:
                info = self.catalog.get(s.model_id)
            except UpscalerError:
                info = None
            if info is not None:
                self.picker.select(info)
        elif s.scale in self.catalog.scales():
            self.picker.select(self.store.default_model(s.scale))
        self.set_tile_size(s.tile_size)
        self.view.set_mode(CompareMode(s.compare_mode))
        self.act.mode[s.compare_mode].setChecked(True)
        self.act.language[s.language].setChecked(True)
        self.batch_panel.set_output_dir(s.output_dir)
        self.batch_panel.set_pattern(s.name_pattern)
        self.batch_panel.set_output_format(s.output_format)
        self.batch_panel.set_continue_on_failure(s.continue_on_failure)

    # -- state ------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A full run (single or batch) is in progress from the user's point of view."""
        return self.runs.busy

    @property
    def store(self) -> ModelStore:
        return self.models.store

    @Slot(str)
    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def tile_size(self) -> int | None:
        size = self.tile_box.currentData()
        return int(size) or None if size is not None else None

    def set_tile_size(self, size: int) -> None:
        """Choose a tile side (0 = Auto); a size not offered (from settings) is added."""
        index = self.tile_box.findData(size)
        if index < 0:
            self.tile_box.addItem(str(size), size)
            index = self.tile_box.count() - 1
        self.tile_box.setCurrentIndex(index)

    @Slot()
    def update_enabled(self) -> None:
        """Enable exactly the commands that make sense now (called after every state change)."""
        busy = self.busy
        has_image = self.loaded is not None
        self.act.upscale.setEnabled(not busy and (has_image or bool(self.batch_panel.queued())))
        # With the result on screen a preview (of the same model) would be drawn under it.
        previewable = has_image and self.result is None and not self.runs.preview_id
        self.act.preview.setEnabled(not busy and previewable)
        self.act.cancel.setEnabled(busy or bool(self.runs.preview_id))
        # Not while busy: a save queued behind a batch file could be dropped by closing.
        saving = self.saving.in_flight
        self.act.save_as.setEnabled(self.result is not None and not busy and not saving)
        self.act.copy.setEnabled(self.result is not None)
        self.act.save_all.setEnabled(not busy and bool(self.batch_panel.items))
        self.picker.setEnabled(not busy)
        self.tile_box.setEnabled(not busy)
        self.batch_panel.start_button.setEnabled(not busy and bool(self.batch_panel.queued()))

    @Slot(float)
    def _on_zoom_changed(self, _zoom: float) -> None:
        self._update_zoom()

    def _update_zoom(self) -> None:
        self.status.set_zoom(self.view.zoom() if self.loaded is not None else None)

    def _update_sizes(self) -> None:
        self._update_zoom()
        if self.loaded is None:
            self.status.set_sizes(None, None)
            self.status.set_estimate("")
            return
        info = self.picker.current()
        w, h = self.loaded.width, self.loaded.height
        self.status.set_sizes((w, h), (w * info.scale, h * info.scale))
        self.status.set_estimate(estimate_text(info, self.loaded.pixels, self.tile_size()))

    def _update_title(self) -> None:
        name = ""
        if self.loaded is not None:
            name = self.loaded.path.name if self.loaded.path else self.tr("Pasted image")
        self.setWindowTitle(f"{name} — Upscaler" if name else "Upscaler")

    # -- opening ----------------------------------------------------------------------------------
    def open_paths(self, paths: list[Path]) -> None:
        """Open files or folders from any source (see :class:`OpenCommands`)."""
        self.opening.open_paths(paths)

    def open_image(self, path: Path, *, report: bool = True) -> bool:
        """Read and show ``path``; False if it cannot be opened (see :class:`OpenCommands`)."""
        return self.opening.open_image(path, report=report)

    def show_loaded(self, loaded: LoadedImage) -> None:
        """Make ``loaded`` the document: a result, preview or batch tiles of the old one go."""
        self.runs.forget_preview()
        self.loaded = loaded
        self.result = None
        self.result_model = None
        self.runs.shown_item = None
        self.view.set_original(loaded.pixels, float(self.picker.scale()))
        self._update_sizes()
        self._update_title()
        self.update_enabled()

    def show_nothing(self) -> None:
        """An empty view, and a title and status bar that name nothing either."""
        self.runs.forget_preview()
        self.loaded = None
        self.result = None
        self.view.set_original(None)
        self._update_sizes()
        self._update_title()

    # -- saving ---------------------------------------------------------------------------------
    def save_as(self) -> Path | None:
        """Ask for a file and write the result there on the worker (see :class:`SaveCommands`)."""
        return self.saving.save_as()

    # -- models -----------------------------------------------------------------------------------
    @Slot(object)
    def _on_model_changed(self, info: ModelInfo) -> None:
        self.settings.model_id = info.id
        self.settings.scale = info.scale
        self.runs.forget_preview()
        if self.loaded is not None:
            self.view.set_scale(float(info.scale))
            self.result = None
        self.banner.set_model(self.catalog.default_for(info.scale))
        self._update_sizes()
        self.update_enabled()

    @Slot(int)
    def _on_tile_changed(self, _index: int) -> None:
        self.settings.tile_size = self.tile_size() or 0
        self._update_sizes()

    # -- menus ------------------------------------------------------------------------------------
    def set_language(self, choice: str) -> None:
        """Switch the whole program's language now (see :class:`MenuCommands`)."""
        self.menus.set_language(choice)

    # -- translation ----------------------------------------------------------------------------
    def _retranslate(self) -> None:
        self.act.retranslate()
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self._tile_label.setText(self.tr("Tile"))
        self.tile_box.setItemText(0, self.tr("Auto"))
        self.tile_box.setToolTip(
            self.tr("Smaller tiles use less memory; Auto picks the largest that fits")
        )
        self.batch_dock.setWindowTitle(self.tr("Batch Queue"))
        self.view.set_empty_text(
            self.tr("Drop images or folders here, or use File > Open (Ctrl+O).")
        )
        self._update_title()
        self._update_sizes()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- drag and drop --------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        mime = event.mimeData()
        if mime.hasUrls():
            incoming = classify_urls(mime.urls())
            event.acceptProposedAction()
            self.opening.take(incoming)
        elif mime.hasImage() and not self.busy:
            event.acceptProposedAction()
            self.opening.open_qimage(QImage(mime.imageData()))
        else:
            event.ignore()

    # -- closing ----------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop any work and join the worker thread; save the window layout (idempotent)."""
        if self._closed:
            return
        self._closed = True
        if self.saving.in_flight:  # stop other work first, then let the file be written
            self.runs.stop_for_close()
            self.saving.wait()
        self.runner.cancel()
        self.host.shutdown()
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.sync()
