"""Step 2 of the side panel: what the picture needs (the purpose), then the model for it.

Each purpose says in one line what it is for; each model row gives the research name, whether it
is installed (or its download size), the time it is expected to take on this machine for the open
picture, and whether it invents detail. Built from the catalog through :class:`ModelChooser`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from upscaler.core.catalog import ModelInfo
from upscaler.ui.formatting import human_size
from upscaler.ui.model_chooser import ModelChooser, variant_label

#: Each purpose's name and one-line description (context ``Purposes``); a purpose the catalog
#: gains later without texts here is shown by its key.
PURPOSE_TEXTS: dict[str, tuple[str, str]] = {
    "faithful": (
        str(QT_TRANSLATE_NOOP("Purposes", "Faithful detail")),
        str(
            QT_TRANSLATE_NOOP(
                "Purposes", "Sharpens what is there and invents nothing: clean photos, scans, text."
            )
        ),
    ),
    "restore": (
        str(QT_TRANSLATE_NOOP("Purposes", "Compressed or noisy photo")),
        str(
            QT_TRANSLATE_NOOP(
                "Purposes", "Removes JPEG blocks and noise while enlarging: phone and web pictures."
            )
        ),
    ),
    "generative": (
        str(QT_TRANSLATE_NOOP("Purposes", "Sharp generated texture")),
        str(
            QT_TRANSLATE_NOOP(
                "Purposes",
                "Paints plausible fine texture (hair, leaves): sharp, but partly made up.",
            )
        ),
    ),
    "drawings": (
        str(QT_TRANSLATE_NOOP("Purposes", "Drawings and anime")),
        str(
            QT_TRANSLATE_NOOP(
                "Purposes", "Keeps lines crisp and flat colours flat: illustrations, comics, anime."
            )
        ),
    ),
}


#: Model rows shown without scrolling the list.
VISIBLE_ROWS = 5


def purpose_title(purpose: str) -> str:
    return QCoreApplication.translate("Purposes", PURPOSE_TEXTS.get(purpose, (purpose, ""))[0])


def purpose_description(purpose: str) -> str:
    text = PURPOSE_TEXTS.get(purpose, ("", ""))[1]
    return QCoreApplication.translate("Purposes", text) if text else ""


class ModelStep(QWidget):
    """Purpose radio buttons, the models for the chosen purpose, and a model's variants."""

    def __init__(
        self,
        chooser: ModelChooser,
        expected_time: Callable[[ModelInfo], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._chooser = chooser
        self._expected_time = expected_time
        self._purpose_group = QButtonGroup(self)
        self._purpose_buttons: dict[str, QRadioButton] = {}
        self._purpose_notes: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for purpose in chooser.purposes():
            button = QRadioButton()
            button.setObjectName(f"purpose_{purpose}")
            button.toggled.connect(self._on_purpose_toggled)
            note = QLabel()
            note.setWordWrap(True)
            note.setIndent(22)
            note.setObjectName(f"purposeNote_{purpose}")
            self._purpose_group.addButton(button)
            self._purpose_buttons[purpose] = button
            self._purpose_notes[purpose] = note
            layout.addWidget(button)
            layout.addWidget(note)
        self._model_label = QLabel()
        self.model_list = QListWidget()
        self.model_list.setObjectName("modelList")
        self.model_list.setWordWrap(False)
        self.model_list.setUniformItemSizes(False)
        self.model_list.setAlternatingRowColors(True)
        self.model_list.setSpacing(1)
        self.model_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.model_list.currentItemChanged.connect(self._on_model_row)
        self._model_label.setBuddy(self.model_list)
        self._variant_label = QLabel()
        self.variant_box = QComboBox()
        self.variant_box.setObjectName("variantBox")
        self.variant_box.currentIndexChanged.connect(self._on_variant)
        self._variant_label.setBuddy(self.variant_box)
        layout.addWidget(self._model_label)
        layout.addWidget(self.model_list)
        layout.addWidget(self._variant_label)
        layout.addWidget(self.variant_box)
        chooser.changed.connect(self.refresh)
        self._retranslate()
        self.refresh()

    # -- showing ---------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Show the chooser's state: purpose, its models with their facts, variants."""
        c = self._chooser
        for purpose, button in self._purpose_buttons.items():
            button.blockSignals(True)
            button.setChecked(purpose == c.purpose())
            button.blockSignals(False)
        self.model_list.blockSignals(True)
        self.model_list.clear()
        for name in c.names():
            info = c.entry(name)
            item = QListWidgetItem(self.describe(info))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(self._tooltip(info))
            self.model_list.addItem(item)
            if name == c.name():
                self.model_list.setCurrentItem(item)
        self.model_list.blockSignals(False)
        self._fit_list()
        variants = c.variants()
        self.variant_box.blockSignals(True)
        self.variant_box.clear()
        for info in variants:
            self.variant_box.addItem(variant_label(info), info.id)
        self.variant_box.setCurrentIndex(max(0, self.variant_box.findData(c.current().id)))
        self.variant_box.blockSignals(False)
        self.variant_box.setVisible(len(variants) > 1)
        self._variant_label.setVisible(len(variants) > 1)

    def describe(self, info: ModelInfo) -> str:
        """Two lines: the research name and where it comes from, then time and what it does."""
        if not info.needs_file:
            origin = self.tr("interpolation, built in")
        elif info.builtin:
            origin = self.tr("built in")
        elif self._chooser.store.is_installed(info):
            origin = self.tr("installed")
        elif info.source:  # comes in a pinned wheel: there is nothing to download
            origin = self.tr("not installed")
        else:
            origin = self.tr("download {size}").format(size=human_size(info.size))
        nature = self.tr("invents detail") if info.invents_detail else self.tr("invents nothing")
        first = self.tr("{name} ({origin})").format(name=info.name, origin=origin)
        second = self.tr("{time} · {nature}").format(time=self._expected_time(info), nature=nature)
        return f"{first}\n{second}"

    def _tooltip(self, info: ModelInfo) -> str:
        return self.tr("{label}: licence {licence}").format(
            label=info.label, licence=info.license or "?"
        )

    def _fit_list(self) -> None:
        """The list as tall as its rows, up to a few (so the next steps stay in sight)."""
        rows = min(self.model_list.count(), VISIBLE_ROWS)
        line = self.model_list.fontMetrics().lineSpacing()
        height = rows * (2 * line + 2 * self.model_list.spacing() + 4)
        self.model_list.setFixedHeight(height + 2 * self.model_list.frameWidth())

    # -- choosing --------------------------------------------------------------------------------
    @Slot(bool)
    def _on_purpose_toggled(self, checked: bool) -> None:
        if not checked:
            return
        for purpose, button in self._purpose_buttons.items():
            if button.isChecked():
                self._chooser.set_purpose(purpose)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_model_row(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is not None:
            self._chooser.set_name(str(item.data(Qt.ItemDataRole.UserRole)))

    @Slot(int)
    def _on_variant(self, index: int) -> None:
        if index >= 0:
            self._chooser.set_variant(str(self.variant_box.itemData(index)))

    def choose_purpose(self, purpose: str) -> None:
        """As a click on the purpose's button (keyboard and tests)."""
        self._purpose_buttons[purpose].click()

    def purpose_button(self, purpose: str) -> QRadioButton:
        return self._purpose_buttons[purpose]

    def _retranslate(self) -> None:
        for purpose, button in self._purpose_buttons.items():
            button.setText(purpose_title(purpose))
            self._purpose_notes[purpose].setText(purpose_description(purpose))
        self._model_label.setText(self.tr("&Model"))
        self._variant_label.setText(self.tr("O&ption"))
        self.model_list.setAccessibleName(self.tr("Model"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.refresh()
        super().changeEvent(event)
