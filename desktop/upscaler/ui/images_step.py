"""Step 1 of the side panel: the picture(s). An Open button, a place to drop files, and the queue
with a small picture and the state of each file, how far a batch is ("file 5 of 12") and how
long it has left.

Rows are removed with Delete or the context menu (not the one running).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from upscaler.ui.document import Queue, QueueItem, State
from upscaler.ui.qimage import to_pixmap
from upscaler.ui.thumbnails import SIDE

#: A break opportunity that draws nothing (file names have no spaces to wrap at).
ZERO_WIDTH_SPACE = "\u200b"
_SEPARATOR = re.compile(r"([_\-.])")
_LONG_RUN = re.compile(r"[^_\-./\\ \u200b]{13,}")
_PATH = re.compile(r"\S*[/\\]\S*")


def breakable(name: str) -> str:
    """``name`` able to wrap in a row: after "_", "-" and ".", and anywhere inside a run of
    characters too long for a line ("aqueduct_sun_ancegghzusmmvzjn.jpg" was cut short)."""
    name = _SEPARATOR.sub(r"\1" + ZERO_WIDTH_SPACE, name)
    return _LONG_RUN.sub(lambda run: ZERO_WIDTH_SPACE.join(run.group()), name)


def breakable_paths(message: str) -> str:
    """``message`` with each path in it :func:`breakable` (a failure names the output file:
    "/photos/out/aqueduct_sun_ancegghzusmmvzjn_x2_upnet2.jpg: cannot write..."); its words as
    they are."""
    return _PATH.sub(lambda path: breakable(path.group()), message)


def _without_path(message: str, path: Path) -> str:
    """An error without the leading "<path>: " that its row already names."""
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


class _Row(QWidget):
    """One file: its picture, its name, and what became of it (wrapped, never cut short)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QLabel()
        self.picture.setFixedSize(SIDE, SIDE)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = QLabel()
        self.name.setObjectName("rowName")
        self.name.setWordWrap(True)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.state = QLabel()
        self.state.setObjectName("rowState")
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.name)
        column.addWidget(self.state)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(self.picture)
        row.addLayout(column, 1)
        self._row = row

    def height_for(self, width: int) -> int:
        """The height the row needs at ``width``: its picture, or its two wrapped labels.

        Worked out from the labels, not the row's layout: a row rebuilt with new texts before
        it is shown answers from its layout's cached heights (a failure cut at the bottom, or
        blank bands where the size hint's taller wrap was used)."""
        margins = self._row.contentsMargins()
        text_width = width - margins.left() - margins.right() - SIDE - self._row.spacing()
        text = self.name.heightForWidth(text_width) + self.state.heightForWidth(text_width)
        return margins.top() + margins.bottom() + max(SIDE, text)


class ImagesStep(QWidget):
    """The queue, shown; ``openRequested`` for the Open button, ``itemActivated`` for a row
    double-clicked or Enter, ``removeRequested(list)`` for Delete or the menu."""

    openRequested = Signal()
    itemActivated = Signal(object)  # QueueItem
    removeRequested = Signal(object)  # list[QueueItem]
    removeFinishedRequested = Signal()

    def __init__(self, queue: Queue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._queue = queue
        self.open_button = QPushButton()
        self.open_button.setObjectName("openButton")
        self.open_button.clicked.connect(self.openRequested)
        self.drop_zone = QLabel()
        self.drop_zone.setObjectName("dropZone")
        self.drop_zone.setWordWrap(True)
        self.drop_zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_zone.setFrameShape(QFrame.Shape.StyledPanel)
        self.drop_zone.setStyleSheet("#dropZone { border: 2px dashed palette(mid); padding: 8px; }")
        self.current = QLabel()
        self.current.setObjectName("currentImage")
        self.current.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("queueList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.itemActivated.connect(self._on_activated)
        self.list.itemDoubleClicked.connect(self._on_activated)
        self.list.installEventFilter(self)
        self.list.viewport().installEventFilter(self)
        self.list.setMinimumHeight(SIDE * 3)
        self.progress = QLabel()
        self.progress.setObjectName("batchProgress")
        self.progress.setWordWrap(True)
        self.remove_action = QAction(self)
        self.remove_action.triggered.connect(self._remove_selected)
        self.remove_finished_action = QAction(self)
        self.remove_finished_action.triggered.connect(self.removeFinishedRequested)
        self.show_action = QAction(self)
        self.show_action.triggered.connect(self._show_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.open_button)
        layout.addWidget(self.drop_zone)
        layout.addWidget(self.current)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress)
        self._rows: dict[int, tuple[QListWidgetItem, _Row]] = {}
        queue.rowsChanged.connect(self._rebuild)
        queue.itemChanged.connect(self._show)
        self._retranslate()
        self._rebuild()

    # -- showing ---------------------------------------------------------------------------------
    @Slot()
    def _rebuild(self) -> None:
        self.list.clear()
        self._rows.clear()
        for item in self._queue.items:
            entry = QListWidgetItem()
            row = _Row()
            self.list.addItem(entry)
            self.list.setItemWidget(entry, row)
            self._rows[id(item)] = (entry, row)
            self._show(item)
        self.list.setVisible(bool(self._queue.items))

    @Slot(object)
    def _show(self, item: QueueItem) -> None:
        found = self._rows.get(id(item))
        if found is None:
            return
        entry, row = found
        row.name.setText(breakable(item.source.name))
        row.name.setToolTip(str(item.source))
        row.state.setText(self.status_text(item))
        row.state.setToolTip(item.message or (str(item.output) if item.output else ""))
        if item.thumbnail is not None and row.picture.pixmap().isNull():
            row.picture.setPixmap(to_pixmap(item.thumbnail))
        elif item.thumbnail is None:
            row.picture.setPixmap(QPixmap())
        self._fit(entry, row)

    def _fit(self, entry: QListWidgetItem, row: _Row) -> None:
        """The row as tall as its wrapped text needs at the list's width."""
        width = max(self.list.viewport().width(), SIDE * 3)
        entry.setSizeHint(QSize(width, row.height_for(width)))

    def status_text(self, item: QueueItem) -> str:
        """A row's state in words (its failure in the language shown now)."""
        size = f"{item.size[0]} × {item.size[1]}" if item.size else ""
        if item.state is State.QUEUED:
            return self.tr("waiting · {size}").format(size=size) if size else self.tr("waiting")
        if item.state is State.RUNNING:
            if item.percent >= 100:
                return self.tr("writing the file...")
            return self.tr("upscaling {percent}%").format(percent=item.percent)
        if item.state is State.DONE:
            name = breakable(item.output.name) if item.output else ""
            if item.flattened:
                return self.tr("done: {name} (its transparency flattened onto white)").format(
                    name=name
                )
            return self.tr("done: {name}").format(name=name)
        if item.state is State.CANCELLED:
            return self.tr("cancelled")
        reason = _without_path(item.message, item.output or item.source)
        reason = breakable_paths(_without_path(reason, item.source))
        if item.state is State.SKIPPED:
            return self.tr("skipped: {reason}").format(reason=reason)
        return self.tr("failed: {reason}").format(reason=reason)

    def set_current(self, text: str) -> None:
        """What is open when there is no queue (name and size), or nothing."""
        self.current.setText(text)
        self.current.setVisible(bool(text) and not self._queue.items)

    def set_progress(self, text: str) -> None:
        self.progress.setText(text)
        self.progress.setVisible(bool(text))

    def selected(self) -> list[QueueItem]:
        rows = {self.list.row(entry) for entry in self.list.selectedItems()}
        return [item for index, item in enumerate(self._queue.items) if index in rows]

    def select(self, item: QueueItem) -> None:
        found = self._rows.get(id(item))
        if found is not None:
            self.list.setCurrentItem(found[0])

    # -- commands --------------------------------------------------------------------------------
    @Slot(QListWidgetItem)
    def _on_activated(self, entry: QListWidgetItem) -> None:
        index = self.list.row(entry)
        if 0 <= index < len(self._queue.items):
            self.itemActivated.emit(self._queue.items[index])

    @Slot()
    def _remove_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            self.removeRequested.emit(chosen)

    @Slot()
    def _show_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            self.itemActivated.emit(chosen[0])

    @Slot(QPoint)
    def _menu(self, where: QPoint) -> None:
        self.context_menu().popup(self.list.viewport().mapToGlobal(where))

    def context_menu(self) -> QMenu:
        """The rows' menu (built each time: what it offers follows the selection)."""
        menu = QMenu(self)
        chosen = self.selected()
        self.show_action.setEnabled(len(chosen) == 1)
        self.remove_action.setEnabled(any(i.state is not State.RUNNING for i in chosen))
        self.remove_finished_action.setEnabled(any(i.finished for i in self._queue.items))
        menu.addActions([self.show_action, self.remove_action, self.remove_finished_action])
        return menu

    def eventFilter(self, watched: object, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.list.viewport() and event.type() == QEvent.Type.Resize:
            for entry, row in self._rows.values():
                self._fit(entry, row)
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self._remove_selected()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _retranslate(self) -> None:
        self.open_button.setText(self.tr("&Open Pictures..."))
        self.drop_zone.setText(
            self.tr("or drop pictures, folders or a video anywhere on the window")
        )
        self.list.setAccessibleName(self.tr("Queue"))
        self.remove_action.setText(self.tr("Remove from the Queue"))
        self.remove_action.setShortcut(Qt.Key.Key_Delete)
        self.remove_finished_action.setText(self.tr("Remove Finished"))
        self.show_action.setText(self.tr("Show"))
        for item in self._queue.items:
            self._show(item)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
