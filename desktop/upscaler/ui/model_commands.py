"""The Model menu's commands: download, import, the models folder, Choose, the first-run banner.

They share one job, keeping the set of installed models and everything that shows it (picker,
banner) in step, so they live together and the window only routes the menu actions here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from upscaler.core.catalog import Catalog, ModelInfo
from upscaler.core.errors import UpscalerError
from upscaler.core.store import ModelStore
from upscaler.ui.core_text import error_text
from upscaler.ui.dialogs import Dialogs
from upscaler.ui.download_dialog import DownloadDialog
from upscaler.ui.first_run import FirstRunBanner
from upscaler.ui.formatting import human_size
from upscaler.ui.model_chooser import ModelChooser
from upscaler.ui.settings import Settings
from upscaler.ui.worker import WorkerHost


class ModelCommands(QObject):
    """Owns the :class:`ModelStore` (replaced when the models folder changes)."""

    message = Signal(str)  # for the status bar

    def __init__(
        self,
        dialog_parent: QWidget,
        *,
        settings: Settings,
        catalog: Catalog,
        host: WorkerHost,
        dialogs: Dialogs,
        picker: ModelChooser,
        banner: FirstRunBanner,
        choose_menu: QMenu,
    ) -> None:
        super().__init__(dialog_parent)
        self._dialog_parent = dialog_parent
        self._settings = settings
        self._catalog = catalog
        self._host = host
        self._dialogs = dialogs
        self._picker = picker
        self._banner = banner
        self._choose_menu = choose_menu
        self.store = picker.store
        self.download_dialog: DownloadDialog | None = None
        banner.downloadRequested.connect(self.download_missing)
        banner.importRequested.connect(self.import_dialog)
        choose_menu.aboutToShow.connect(self._fill_choose)

    def model_file(self, info: ModelInfo) -> tuple[bool, Path | None]:
        """(usable now, its file); offers the download when the model is missing."""
        if not info.needs_file:
            return True, None
        path = self.store.find(info)
        if path is not None:
            return True, path
        if info.source:  # a pinned wheel's model: nothing to download, say what it needs
            try:
                self.store.locate_source(info)
            except UpscalerError as err:
                self._dialogs.error(self.tr("Model not installed"), error_text(err))
                return False, None
        question = self.tr("{label} is not installed. Download it now ({size})?").format(
            label=info.label, size=human_size(info.size)
        )
        if self._dialogs.confirm(self.tr("Model not installed"), question):
            self.offer_download(preselect=info, start=True)
        return False, None

    def update_banner(self) -> None:
        """Show the first-run banner while no network at all is installed."""
        none_installed = not any(self.store.is_installed(m) for m in self._catalog.networks())
        self._banner.set_model(self._catalog.download_for(self._picker.scale()))
        self._banner.setVisible(none_installed)

    @Slot()
    def download_missing(self) -> None:
        """Model > Download Missing: the default model for the scale is ticked."""
        self.offer_download()

    def offer_download(self, preselect: ModelInfo | None = None, start: bool = False) -> None:
        """Open the download dialog with ``preselect`` ticked (fetching at once if ``start``)."""
        # Built-in models have no download: a bundle without them needs a reinstall, not this.
        missing = [m for m in self._catalog.networks() if m.url and not self.store.is_installed(m)]
        if not missing:
            self._dialogs.info(self.tr("Download Models"), self.tr("Every model is installed."))
            return
        wanted = preselect or self._catalog.download_for(self._picker.scale())
        dialog = DownloadDialog(self._host, self.store, missing, wanted, self._dialog_parent)
        dialog.installed.connect(self._on_installed)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal, returns at once: the worker keeps running
        if start:
            dialog.start()
        self.download_dialog = dialog

    @Slot()
    def import_dialog(self) -> None:
        path = self._dialogs.open_model_file(None)
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> ModelInfo | None:
        """Verify and install a model file or a pinned model package (``.whl``); the user sees
        why when it is refused."""
        try:
            models, dest = self.store.import_any(path)
        except UpscalerError as err:
            self._dialogs.error(self.tr("Import Model"), error_text(err))
            return None
        if models:  # the list shows them all; the package's first is selected
            self._on_installed(models[0])
        labels = ", ".join(dict.fromkeys(info.label for info in models))
        self.message.emit(
            self.tr("{label} verified and installed in {folder}.").format(
                label=labels, folder=dest.parent
            )
        )
        return models[0] if models else None

    @Slot()
    def choose_folder(self) -> None:
        folder = self._dialogs.choose_folder(self.tr("Models Folder"), self.store.install_dir)
        if folder is None:
            return
        self._settings.models_dir = folder
        self.store = ModelStore(folder)
        self._picker.set_store(self.store)
        self.update_banner()

    def models_folder(self) -> Path:
        """Where the chosen model's file is loaded from; where downloads go for a model that
        is not installed or has no file."""
        info = self._picker.current()
        path = self.store.find(info) if info.needs_file else None
        return path.parent if path is not None else self.store.install_dir

    @Slot()
    def open_folder(self) -> None:
        folder = self.models_folder()
        if not self._dialogs.open_folder(folder):
            self._dialogs.error(
                self.tr("Open Models Folder"),
                self.tr("The folder {folder} could not be opened in the file manager.").format(
                    folder=folder
                ),
            )

    @Slot(object)
    def _on_installed(self, info: ModelInfo) -> None:
        self._picker.refresh()
        self.update_banner()
        if info.scale == self._picker.scale():
            self._picker.select(info)

    @Slot()
    def _fill_choose(self) -> None:
        menu = self._choose_menu
        menu.clear()
        current = self._picker.current()
        for info in self._catalog.for_scale(self._picker.scale()):
            action = menu.addAction(info.label)
            action.setCheckable(True)
            action.setChecked(info.id == current.id)
            action.setData(info.id)
            action.triggered.connect(self._on_choose_action)

    @Slot()
    def _on_choose_action(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self._picker.select(self._catalog.get(str(action.data())))
