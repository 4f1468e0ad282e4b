"""The main window: builds the widgets, the document and the command objects, and wires them.

The guided side panel (``side_panel``: picture(s), purpose and model, size, output, then one
Upscale button) sits left of the compare view, which stays the centre. The document
(``document``) holds the open picture, its results, the queue and the choices for the next run;
the commands change it (opening: ``open_commands``, running: ``run_commands`` and ``batch``,
saving: ``save_commands``, the small menus: ``menu_commands``, models: ``model_commands``), each
given the collaborators it needs rather than the window; the window shows the document whenever
it changes. Every pixel operation is a core call made by a job or by ``core.imageio``; failures
arrive as messages shown in a dialog or on a row, never as a traceback.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QRect, QSize, Qt, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
)
from PySide6.QtWidgets import (
    QDockWidget,
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
from upscaler.ui.adjust_commands import AdjustCommands
from upscaler.ui.adjust_step import AdjustStep
from upscaler.ui.batch import BatchRunner
from upscaler.ui.compare_view import CompareMode, CompareView
from upscaler.ui.device_menu import DeviceMenus
from upscaler.ui.dialogs import Dialogs
from upscaler.ui.document import (
    Change,
    Document,
    OutputOptions,
    QueueItem,
    Result,
    VideoOutput,
)
from upscaler.ui.drop import classify_urls
from upscaler.ui.first_run import FirstRunBanner
from upscaler.ui.frames import FrameReader
from upscaler.ui.i18n import Translations
from upscaler.ui.images_step import ImagesStep
from upscaler.ui.menu_commands import MenuCommands
from upscaler.ui.model_chooser import ModelChooser
from upscaler.ui.model_commands import ModelCommands
from upscaler.ui.model_step import ModelStep
from upscaler.ui.open_commands import OpenCommands
from upscaler.ui.outlook import Outlook
from upscaler.ui.output_step import OutputStep
from upscaler.ui.result_bar import ResultBar
from upscaler.ui.run_commands import RunCommands
from upscaler.ui.save_commands import SaveCommands
from upscaler.ui.settings import DEFAULT_PATTERN, Settings
from upscaler.ui.side_panel import PANEL_WIDTH, SidePanel
from upscaler.ui.size_step import SizeStep
from upscaler.ui.status import RunStatus
from upscaler.ui.thumbnails import Thumbnails
from upscaler.ui.video_bar import VideoBar
from upscaler.ui.video_commands import VideoCommands
from upscaler.ui.worker import WorkerHost


class MainWindow(QMainWindow):
    """One window, one document, one worker thread."""

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
        self._closed = False

        # -- the document and what chooses the model ----------------------------------------------
        #: Purpose, model, variant and size, as chosen in steps 2 and 3.
        self.picker = ModelChooser(self.catalog, ModelStore(settings.models_dir), self)
        self.document = Document(self.picker.current(), self)
        doc = self.document
        self.thumbnails = Thumbnails(doc.queue, self)

        # -- the centre: banner, the result strip, the compare view -------------------------------
        self.view = CompareView()
        self.view.setObjectName("compareView")
        # The smallest window keeps room for the picture (it was all side panel, 246 px wide).
        self.view.setMinimumSize(240, 160)
        self.banner = FirstRunBanner()
        self.result_bar = ResultBar()
        self.video_bar = VideoBar()
        self.frames = FrameReader(self)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.result_bar)
        column.addWidget(self.view, 1)
        column.addWidget(self.video_bar)
        self.setCentralWidget(central)

        # -- the side panel -----------------------------------------------------------------------
        self.act = Actions(self)
        self.devices = DeviceMenus(self, settings.device, settings.precision)
        self.act.model_menu.addSeparator()
        self.act.model_menu.addMenu(self.devices.device_menu)
        self.act.model_menu.addMenu(self.devices.precision_menu)
        self.devices.device_menu.aboutToShow.connect(self._detect_devices_once)
        self.devices.chosen.connect(self._on_compute_choice)
        self.host.worker.device, self.host.worker.precision = settings.device, settings.precision
        self.images_step = ImagesStep(doc.queue)
        self.outlook = Outlook(doc)
        self.model_step = ModelStep(self.picker, self.outlook.expected_time)
        self.size_step = SizeStep(self.picker)
        self.output_step = OutputStep()
        self.adjust_step = AdjustStep()
        self.output_step.add_adjustment(self.adjust_step)
        self.panel = SidePanel(self.images_step, self.model_step, self.size_step, self.output_step)
        self.panel_dock = QDockWidget()
        self.panel_dock.setObjectName("panelDock")
        self.panel_dock.setWidget(self.panel)
        self.panel_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.panel_dock)
        self.resizeDocks([self.panel_dock], [PANEL_WIDTH], Qt.Orientation.Horizontal)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.act.open, self.act.upscale, self.act.preview])
        self.toolbar.addActions([self.act.cancel, self.act.save])
        self.addToolBar(self.toolbar)
        self.status = RunStatus(self.statusBar())

        # -- commands -----------------------------------------------------------------------------
        self.runner = BatchRunner(doc, self.host, self)
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
        self.video = VideoCommands(
            doc,
            host=self.host,
            frames=self.frames,
            bar=self.video_bar,
            view=self.view,
            models=self.models,
            dialogs=self.dialogs,
            settings=settings,
            status=self.status,
            parent=self,
        )
        self.opening = OpenCommands(
            doc,
            dialogs=self.dialogs,
            settings=settings,
            status=self.status,
            import_model=self.models.import_file,
            open_video=self.video.open_video,
            parent=self,
        )
        self.runs = RunCommands(
            doc,
            host=self.host,
            runner=self.runner,
            models=self.models,
            dialogs=self.dialogs,
            status=self.status,
            visible_region=self.view.visible_source_region,
            parent=self,
        )
        self.saving = SaveCommands(
            doc,
            host=self.host,
            dialogs=self.dialogs,
            settings=settings,
            status=self.status,
            start_batch=self.runs.start_batch,
            batch_running=lambda: self.runner.running,
            parent=self,
        )
        self.menus = MenuCommands(
            actions=self.act,
            settings=settings,
            view=self.view,
            translations=self.translations,
            dialogs=self.dialogs,
            catalog=self.catalog,
            open_paths=self.opening.open_paths,
            all_actions=lambda: self.findChildren(QAction),
            parent=self,
        )
        self.adjusting = AdjustCommands(
            doc,
            host=self.host,
            step=self.adjust_step,
            settings=settings,
            status=self.status,
            parent=self,
        )
        self._shown_result: Result | None = None
        self._shown_input: np.ndarray | None = None  # the pixels the view shows as the original
        self._shown_running: tuple[int, int, ModelInfo] | None = None
        self._view_scale = 0

        self.setAcceptDrops(True)
        self._connect()
        self._restore()
        self._retranslate()
        self.models.update_banner()
        self.update_enabled()

    # -- wiring -----------------------------------------------------------------------------------
    def _connect(self) -> None:
        a = self.act
        a.open.triggered.connect(self.opening.open_dialog)
        a.save.triggered.connect(self.saving.save)
        a.save_as.triggered.connect(self.saving.save_as)
        a.save_all.triggered.connect(self.saving.save_all)
        a.quit.triggered.connect(self.close)
        a.paste.triggered.connect(self.opening.paste)
        a.undo.triggered.connect(self.adjusting.undo_stack.undo)
        a.redo.triggered.connect(self.adjusting.undo_stack.redo)
        self.adjusting.undo_stack.indexChanged.connect(self.update_enabled)
        self.adjust_step.originalToggled.connect(self._on_original_toggled)
        a.copy.triggered.connect(self.opening.copy_result)
        a.zoom_in.triggered.connect(self.view.zoom_in)
        a.zoom_out.triggered.connect(self.view.zoom_out)
        a.zoom_fit.triggered.connect(self.view.zoom_to_fit)
        a.zoom_actual.triggered.connect(self.view.zoom_actual)
        a.modes.triggered.connect(self.menus.on_mode_action)
        a.show_panel.toggled.connect(self.panel_dock.setVisible)
        self.panel_dock.visibilityChanged.connect(a.show_panel.setChecked)
        a.upscale.triggered.connect(self.runs.upscale)
        a.upscale_all.triggered.connect(self.runs.start_batch)
        a.preview.triggered.connect(self.runs.preview_visible)
        a.cancel.triggered.connect(self.video.cancel)  # first: its handle says how it ended
        a.cancel.triggered.connect(self.runs.cancel)
        self.video_bar.upscaleFrame.connect(self.runs.upscale)
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
        self.picker.changed.connect(self._on_choice_changed)
        self.size_step.tile_box.currentIndexChanged.connect(self._on_tile_changed)
        self.view.selectionMade.connect(self.runs.preview_region)
        self.view.zoomChanged.connect(self._on_zoom_changed)
        self.images_step.openRequested.connect(self.opening.open_dialog)
        self.images_step.itemActivated.connect(self.opening.open_item)
        self.images_step.removeRequested.connect(self.opening.remove_items)
        self.images_step.removeFinishedRequested.connect(self.document.queue.remove_finished)
        self.output_step.chooseFolderRequested.connect(self.saving.choose_output_folder)
        self.output_step.openFolderRequested.connect(self.saving.open_output_folder)
        self.output_step.framesChanged.connect(self.document.set_video_frames)
        self.panel.upscale_button.clicked.connect(self._on_primary)
        self.result_bar.chosen.connect(self._on_result_chosen)
        self.runner.itemStarted.connect(self._on_item_started)
        self.runner.itemDone.connect(self._on_item_done)
        self.runner.runFinished.connect(self.saving.batch_finished)
        self.document.changed.connect(self._on_document_changed)
        self.document.tileArrived.connect(self._on_tile)
        self.host.idle.connect(self.update_enabled)
        self.host.modelLoaded.connect(self.outlook.add_engine)
        self.host.modelLoaded.connect(self._on_engine)

    def _restore(self) -> None:
        s = self.settings
        # First: every change below is remembered in the settings, these included.
        self.document.set_output(
            OutputOptions(
                folder=s.output_dir,
                pattern=s.name_pattern or DEFAULT_PATTERN,
                format=s.output_format,
                quality=s.quality,
                exists=s.when_exists,
                continue_on_failure=s.continue_on_failure,
                video=VideoOutput(s.video_codec, s.video_crf),
            )
        )
        if not self.restoreGeometry(s.geometry):
            self.resize(1200, 800)
        self._fit_on_screen()
        self.restoreState(s.window_state)
        self.panel_dock.show()
        if s.model_id:
            try:
                info = self.catalog.get(s.model_id)
            except UpscalerError:
                info = None
            if info is not None:
                self.picker.select(info)
        elif s.scale in self.catalog.scales():
            self.picker.select(self.store.default_model(s.scale))
        self.document.set_model(self.picker.current())
        self.adjusting.restore()
        self.set_tile_size(s.tile_size)
        self.view.set_mode(CompareMode(s.compare_mode))
        self.act.mode[s.compare_mode].setChecked(True)
        self.act.language[s.language].setChecked(True)
        self.output_step.show_options(self.document.output)
        # After restoring them: the restored values need not be written back.
        self.output_step.optionsChanged.connect(self._take_output_options)

    def _fit_on_screen(self) -> None:
        """Shrink a window larger than its screen's free area: the first start's 1200x800 on a
        1366x768 laptop or at 200 % on a 1920x1080 one, a size saved before the scale changed.
        Room is left for the title bar and frame, not known before the window is shown."""
        if self.isMaximized() or self.isFullScreen():
            return
        # The screen the restored geometry is on (before showing, screen() is the primary one).
        screen = QGuiApplication.screenAt(self.geometry().center()) or self.screen()
        available = screen.availableGeometry()
        room = QSize(available.width() * 95 // 100, available.height() * 90 // 100)
        if self.width() > room.width() or self.height() > room.height():
            self.resize(self.size().boundedTo(room))
            if not available.contains(self.geometry()):
                self.move(available.topLeft())

    # -- state ------------------------------------------------------------------------------------
    @property
    def loaded(self) -> LoadedImage | None:
        """The open picture (the document's)."""
        return self.document.image

    @property
    def result(self) -> np.ndarray | None:
        """The pixels of the result on screen (the document's)."""
        return self.document.result

    @property
    def busy(self) -> bool:
        """A full run (single or batch) is in progress from the user's point of view."""
        return self.document.busy

    @property
    def store(self) -> ModelStore:
        return self.models.store

    @Slot(str)
    def _show_message(self, text: str) -> None:
        self.status.message(text, 10000)

    def tile_size(self) -> int | None:
        return self.size_step.tile_size()

    def set_tile_size(self, size: int) -> None:
        """Choose a tile side (0 = Auto); a size not offered (from settings) is added."""
        self.size_step.set_tile_size(size)
        self.document.set_tile(self.tile_size())

    @Slot()
    def update_enabled(self) -> None:
        """Enable exactly the commands that make sense now (called after every change)."""
        d = self.document
        busy = d.busy
        has_image = d.image is not None
        queued = bool(d.queue.to_do())
        previewing = self.runs.preview_job is not None
        ready = has_image and not d.adjusting  # a corrected input's size is known
        self.act.upscale.setEnabled(not busy and ready)
        self.act.upscale_all.setEnabled(not busy and queued)
        self.panel.upscale_button.setEnabled(not busy and (ready or queued))
        # Only the original on screen: a preview under a result would not be seen.
        previewable = ready and d.result is None and d.running is None and not previewing
        self.act.preview.setEnabled(not busy and previewable)
        self.act.cancel.setEnabled(busy or previewing)
        # Not while busy: a save queued behind a batch file could be dropped by closing.
        can_save = d.result is not None and not busy and not d.saving
        self.act.save.setEnabled(can_save)
        self.act.save_as.setEnabled(can_save)
        self.act.copy.setEnabled(d.result is not None)
        self.act.save_all.setEnabled(not busy and bool(d.queue.items))
        for step in (self.model_step, self.size_step):
            step.setEnabled(not busy)
        # Videos are upscaled as they are (the CLI's video run has no auto crop/colour either).
        self.adjust_step.setEnabled(not busy and d.video is None)
        # Not during a run: its result belongs to the corrections it started with.
        stack = self.adjusting.undo_stack
        self.act.undo.setEnabled(not busy and stack.canUndo())
        self.act.redo.setEnabled(not busy and stack.canRedo())
        self.video_bar.frame_button.setEnabled(self.act.upscale.isEnabled())
        self.result_bar.setEnabled(not busy)

    # -- showing the document ---------------------------------------------------------------------
    @Slot(object)
    def _on_document_changed(self, what: Change) -> None:
        d = self.document
        if what & Change.IMAGE:
            self._show_input(keep_view=d.video is not None)  # frames of a clip: same place
            self._update_title()
            if d.item is not None:
                self.images_step.select(d.item)
        elif what & Change.ADJUST:
            self._show_input(keep_view=True)
        if what & Change.CHOICES and d.image is not None and self._view_scale != d.model.scale:
            self.view.set_scale(float(d.model.scale))  # drops the result and preview shown
            self._view_scale = d.model.scale
            self._shown_result, self._shown_running = None, None
        if what & (Change.RESULT | Change.IMAGE | Change.ADJUST):
            self._show_result()
        if what & (Change.PREVIEW | Change.RESULT | Change.IMAGE | Change.ADJUST):
            self._show_preview()
        if what & Change.CHOICES:
            self.output_step.show_options(d.output)
            self._remember_output()
        if what & Change.IMAGE:
            clip = d.video
            if clip is None:
                self.output_step.set_video(None)
            else:
                self.output_step.set_video(clip.frame_count, clip.frames)
            self.panel.titles[3].setBuddy(self.output_step.first_control())
        if what & (Change.IMAGE | Change.CHOICES) and d.video is not None:
            self.output_step.show_video_name(self.video.target_text())
        if what & Change.RUN:
            self._follow_batch()
        if what & (Change.QUEUE | Change.RUN) and self.outlook.batch is not None:
            self.images_step.set_progress(self.outlook.batch.text(d.queue.items))
        self._update_sizes()
        self._update_primary()
        self.update_enabled()

    def _show_input(self, *, keep_view: bool = False) -> None:
        """The original in the view: the picture as the run will see it (auto crop/colour
        previewed), or as it was opened while Show the Original is pressed."""
        d = self.document
        pixels = None if d.image is None else d.image.pixels
        if d.adjusted is not None and not self.adjust_step.original_button.isChecked():
            pixels = d.adjusted.pixels
        if pixels is self._shown_input and self._view_scale == d.model.scale:
            # The same pixels on screen (the untouched original while Show the Original is
            # pressed), but the size the run upscales may have changed: an auto crop found.
            self.picker.set_image_size(d.input_size())
            return
        self.view.set_original(pixels, float(d.model.scale), keep_view=keep_view)
        self._shown_input = pixels
        self._view_scale = d.model.scale
        self._shown_result, self._shown_running = None, None  # the view dropped them
        self.picker.set_image_size(d.input_size())
        self.model_step.refresh()  # the times are for this picture

    @Slot(bool)
    def _on_original_toggled(self, _checked: bool) -> None:
        self._show_input(keep_view=True)
        self._show_result()
        self._show_preview()

    def _result_fits_view(self) -> bool:
        """A result drawn over the untouched original of a cropped picture would not line up."""
        d = self.document
        cropped = d.adjusted is not None and d.adjusted.prepared.crop is not None
        return not (cropped and self.adjust_step.original_button.isChecked())

    def _show_result(self) -> None:
        d = self.document
        if not self._result_fits_view():
            if self.view.has_result():
                self.view.clear_result()
            self._shown_result, self._shown_running = None, None
        elif d.shown is not None:
            if d.shown is not self._shown_result:
                self.view.set_result(d.shown.pixels)
                if self._shown_running is not None:  # it has just been made
                    self.outlook.learn(d.shown)
                    self.model_step.refresh()
        elif d.running is not None:
            if d.running is not self._shown_running:
                width, height, _model = d.running
                self.view.begin_result(width, height)
        elif self.view.has_result():
            self.view.clear_result()
        self._shown_result, self._shown_running = d.shown, d.running
        self.result_bar.show_results(d.results(), d.shown)
        self._update_zoom()

    def _show_preview(self) -> None:
        preview = self.document.preview
        if preview is None or not self._result_fits_view():
            if self.view.has_preview():
                self.view.clear_preview()
            return
        region = preview.region
        self.view.set_preview(
            QRect(region.x, region.y, region.width, region.height), preview.pixels
        )

    @Slot(int, int, object)
    def _on_tile(self, x: int, y: int, pixels: object) -> None:
        assert isinstance(pixels, np.ndarray)
        if not self._result_fits_view():
            return  # no result is begun over the uncropped original (Show the Original)
        self.view.update_tile(x, y, pixels)

    @Slot(object)
    def _on_result_chosen(self, result: object) -> None:
        """Another of the picture's results (or none) from the result strip."""
        assert result is None or isinstance(result, Result)
        if result is not None and result.model != self.document.model:
            self.picker.select(result.model)  # the steps say what made the result on screen
        if result is not None and result.adjust != self.document.adjust:
            self.adjusting.change(result.adjust)  # and which corrections it had
        self.document.show_result(result)

    @Slot(float)
    def _on_zoom_changed(self, _zoom: float) -> None:
        self._update_zoom()

    def _update_zoom(self) -> None:
        d = self.document
        if d.image is None:
            self.status.set_zoom(None)
            return
        width = (d.input_size() or (d.image.width, d.image.height))[0]
        shown = d.shown.pixels.shape[1] if d.shown is not None else width * d.model.scale
        self.status.set_zoom(self.view.zoom(), shown / width)

    def _update_sizes(self) -> None:
        d = self.document
        if d.image is None:
            self.images_step.set_current("")
            return
        name = d.image.path.name if d.image.path else self.tr("Pasted image")
        self.images_step.set_current(
            self.tr("{name} · {width} × {height} px").format(
                name=name, width=d.image.width, height=d.image.height
            )
        )

    def _update_title(self) -> None:
        name = ""
        image = self.document.image
        if image is not None:
            name = image.path.name if image.path else self.tr("Pasted image")
        self.setWindowTitle(f"{name} — Upscaler" if name else "Upscaler")

    # -- the Upscale button and the expected time -------------------------------------------------
    @Slot()
    def _on_primary(self) -> None:
        """The panel's button: the whole clip when a video is open, else as ``runs.primary``."""
        if self.document.video is not None:
            self.video.upscale_video()
        else:
            self.runs.primary()

    def _update_primary(self) -> None:
        """The Upscale button says what it will do; the line above it what it will cost."""
        label, text = self.outlook.primary()
        self.panel.upscale_button.setText(label)
        self.panel.expected.setText(text)

    # -- the batch's progress ---------------------------------------------------------------------
    def _follow_batch(self) -> None:
        self.outlook.follow_batch()
        if self.outlook.batch is None:
            self.images_step.set_progress("")

    @Slot(object)
    def _on_item_started(self, item: QueueItem) -> None:
        self.images_step.select(item)
        self.images_step.set_progress(self.outlook.item_started(item))

    @Slot(object)
    def _on_item_done(self, item: QueueItem) -> None:
        self.outlook.item_done(item)

    @Slot(object)
    def _on_engine(self, _engine: object) -> None:
        """The worker loaded a model: estimates now use its own plan."""
        self.model_step.refresh()
        self._update_primary()

    # -- choices ----------------------------------------------------------------------------------
    @Slot()
    def _detect_devices_once(self) -> None:
        self.devices.device_menu.aboutToShow.disconnect(self._detect_devices_once)
        self.devices.detect()

    @Slot(str, str)
    def _on_compute_choice(self, device: str, precision: str) -> None:
        """Remembered, and used from the next model load on (a running job keeps its own)."""
        self.settings.device, self.settings.precision = device, precision
        self.host.worker.device, self.host.worker.precision = device, precision

    @Slot(object)
    def _on_model_changed(self, info: ModelInfo) -> None:
        self.settings.model_id = info.id
        self.settings.scale = info.scale
        self.document.set_model(info)
        self.banner.set_model(self.catalog.download_for(info.scale))

    @Slot()
    def _on_choice_changed(self) -> None:
        self.document.set_fit(self.picker.target())

    @Slot(int)
    def _on_tile_changed(self, _index: int) -> None:
        self.settings.tile_size = self.tile_size() or 0
        self.document.set_tile(self.tile_size())
        self.model_step.refresh()

    @Slot()
    def _take_output_options(self) -> None:
        """Step 4's options, for the document."""
        options = self.output_step.options()
        if options != self.document.output:
            self.document.set_output(options)

    def _remember_output(self) -> None:
        """The output options, kept for next time."""
        options = self.document.output
        s = self.settings
        s.output_dir = options.folder
        s.name_pattern = options.pattern
        s.output_format = options.format
        s.quality = options.quality
        s.when_exists = options.exists
        s.continue_on_failure = options.continue_on_failure
        s.video_codec = options.video.codec
        s.video_crf = options.video.crf

    def set_output_folder(self, folder: Path | None) -> None:
        """As Choose... in step 4 (tests and scripts)."""
        self.document.set_output(replace(self.document.output, folder=folder))

    # -- opening ----------------------------------------------------------------------------------
    def open_paths(self, paths: list[Path]) -> None:
        """Open files or folders from any source (see :class:`OpenCommands`)."""
        self.opening.open_paths(paths)

    def open_image(self, path: Path, *, report: bool = True) -> bool:
        """Read and show ``path``; False if it cannot be opened (see :class:`OpenCommands`)."""
        return self.opening.open_image(path, report=report)

    # -- saving -----------------------------------------------------------------------------------
    def save_as(self) -> Path | None:
        """Ask for a file and write the result there on the worker (see :class:`SaveCommands`)."""
        return self.saving.save_as()

    # -- menus ------------------------------------------------------------------------------------
    def set_language(self, choice: str) -> None:
        """Switch the whole program's language now (see :class:`MenuCommands`)."""
        self.menus.set_language(choice)

    # -- translation ------------------------------------------------------------------------------
    def _retranslate(self) -> None:
        self.act.retranslate()
        self.devices.retranslate()
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self.panel_dock.setWindowTitle(self.tr("Steps"))
        self.view.set_empty_text(
            self.tr("Drop pictures, folders or a video here\nor use Open (Ctrl+O)")
        )
        self._update_title()
        self._update_sizes()
        self._update_primary()
        self._update_zoom()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- drag and drop ----------------------------------------------------------------------------
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
        if not self._closed and not self.saving.offer_unsaved(running=self.document.busy):
            event.ignore()
            return
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
        self.video.set_playing(False)
        self.thumbnails.shutdown()
        self.host.shutdown()
        self.frames.shutdown()
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.sync()
