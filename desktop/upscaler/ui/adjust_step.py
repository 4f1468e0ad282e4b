"""Auto crop and colour in step 4: the same choices as the CLI's ``--auto-crop``,
``--straighten``, ``--auto-color [STRENGTH]`` and ``--restore-fade``, mapped to the same core
options (``core.adjust.Adjustments``), with a line saying what the preview found and a button
that shows the untouched original.

The widget only chooses; the window's ``AdjustCommands`` runs the core on the worker thread and
makes each change undoable.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from upscaler.core.adjust import Adjustments, ColourOptions

#: Auto colour's strength when it is first switched on: the CLI's default.
DEFAULT_STRENGTH = 100


def adjustments(
    *, crop: bool, straighten: bool, colour: bool, strength: int, fade: bool
) -> Adjustments | None:
    """The core options for these choices, exactly as the CLI maps its flags: straightening
    implies the crop, fade restoration implies auto colour and takes the place of the shared
    levels; ``strength`` in percent. None when nothing is chosen."""
    crop = crop or straighten
    colour = colour or fade
    options = None
    if colour:
        value = max(0, min(100, strength)) / 100
        options = ColourOptions(
            white_balance=value, levels=0.0 if fade else value, fade=value if fade else 0.0
        )
    result = Adjustments(crop=crop, straighten=straighten, colour=options)
    return result if result.active else None


def choices(adjust: Adjustments | None) -> tuple[bool, bool, bool, int, bool]:
    """crop, straighten, colour, strength (percent), fade: the widgets' state for ``adjust``."""
    if adjust is None:
        return False, False, False, DEFAULT_STRENGTH, False
    colour = adjust.colour
    if colour is None:
        return adjust.crop, adjust.straighten, False, DEFAULT_STRENGTH, False
    fade = colour.fade > 0
    strength = round(100 * (colour.fade if fade else colour.white_balance))
    return adjust.crop, adjust.straighten, True, strength, fade


class AdjustStep(QWidget):
    """Toggles for auto crop, straighten, auto colour (with its strength) and fade restoration.

    ``edited(Adjustments | None)`` after the user changes one; :meth:`show_adjust` shows a value
    without reporting it. ``originalToggled(bool)``: show the picture untouched (True) or as
    the run will see it.
    """

    edited = Signal(object)
    originalToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adjustStep")
        self.title = QLabel()
        self.crop_box = QCheckBox()
        self.crop_box.setObjectName("autoCrop")
        self.straighten_box = QCheckBox()
        self.straighten_box.setObjectName("straighten")
        self.colour_box = QCheckBox()
        self.colour_box.setObjectName("autoColour")
        self.strength = QSlider(Qt.Orientation.Horizontal)
        self.strength.setObjectName("colourStrength")
        self.strength.setRange(0, 100)
        self.strength.setSingleStep(5)
        self.strength.setPageStep(25)
        self.strength.setTracking(False)  # one change (one undo step) per drag
        self.strength.setValue(DEFAULT_STRENGTH)
        self.strength_label = QLabel()
        self.strength_label.setObjectName("colourStrengthValue")
        self.strength_label.setMinimumWidth(36)
        self._strength_title = QLabel()
        self._strength_title.setBuddy(self.strength)
        self.fade_box = QCheckBox()
        self.fade_box.setObjectName("restoreFade")
        self.original_button = QPushButton()
        self.original_button.setObjectName("showOriginal")
        self.original_button.setCheckable(True)
        self.note = QLabel()
        self.note.setObjectName("adjustNote")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        strength_row = QHBoxLayout()
        strength_row.setContentsMargins(20, 0, 0, 0)
        strength_row.addWidget(self._strength_title)
        strength_row.addWidget(self.strength, 1)
        strength_row.addWidget(self.strength_label)
        indented = QHBoxLayout()
        indented.setContentsMargins(20, 0, 0, 0)
        indented.addWidget(self.straighten_box)
        fade_row = QHBoxLayout()
        fade_row.setContentsMargins(20, 0, 0, 0)
        fade_row.addWidget(self.fade_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.crop_box)
        layout.addLayout(indented)
        layout.addWidget(self.colour_box)
        layout.addLayout(strength_row)
        layout.addLayout(fade_row)
        layout.addWidget(self.original_button)
        layout.addWidget(self.note)

        for box in (self.crop_box, self.straighten_box, self.colour_box, self.fade_box):
            box.toggled.connect(self._on_edit)
        self.strength.valueChanged.connect(self._on_edit)
        self.strength.sliderMoved.connect(self._show_strength)
        self.original_button.toggled.connect(self.originalToggled)
        self._retranslate()
        self._follow()

    # -- reading and showing ---------------------------------------------------------------------
    def adjust(self) -> Adjustments | None:
        return adjustments(
            crop=self.crop_box.isChecked(),
            straighten=self.straighten_box.isChecked(),
            colour=self.colour_box.isChecked(),
            strength=self.strength.value(),
            fade=self.fade_box.isChecked(),
        )

    def show_adjust(self, adjust: Adjustments | None) -> None:
        """Show ``adjust`` (undo, redo, settings) without reporting it as an edit."""
        crop, straighten, colour, strength, fade = choices(adjust)
        widgets = (self.crop_box, self.straighten_box, self.colour_box, self.fade_box)
        for widget in (*widgets, self.strength):
            widget.blockSignals(True)
        self.crop_box.setChecked(crop)
        self.straighten_box.setChecked(straighten)
        self.colour_box.setChecked(colour)
        self.strength.setValue(strength)
        self.fade_box.setChecked(fade)
        for widget in (*widgets, self.strength):
            widget.blockSignals(False)
        self._follow()

    def set_note(self, text: str) -> None:
        """What the preview found ("borders cropped: ..."), or empty."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    @Slot()
    def _on_edit(self) -> None:
        self._follow()
        self.edited.emit(self.adjust())

    def _follow(self) -> None:
        """Dependent controls: straighten is part of the crop, strength and fade of colour."""
        crop, colour = self.crop_box.isChecked(), self.colour_box.isChecked()
        self.straighten_box.setEnabled(crop)
        if not crop and self.straighten_box.isChecked():
            self.straighten_box.blockSignals(True)
            self.straighten_box.setChecked(False)
            self.straighten_box.blockSignals(False)
        for widget in (self.strength, self._strength_title, self.strength_label, self.fade_box):
            widget.setEnabled(colour)
        if not colour and self.fade_box.isChecked():
            self.fade_box.blockSignals(True)
            self.fade_box.setChecked(False)
            self.fade_box.blockSignals(False)
        self._show_strength(self.strength.value())
        self.original_button.setEnabled(crop or colour)
        if not (crop or colour) and self.original_button.isChecked():
            self.original_button.setChecked(False)

    @Slot(int)
    def _show_strength(self, value: int) -> None:
        self.strength_label.setText(f"{value}%")

    def _retranslate(self) -> None:
        self.title.setText(self.tr("Automatic corrections"))
        self.crop_box.setText(self.tr("Auto &crop borders"))
        self.crop_box.setToolTip(
            self.tr("Cut off black bars and scanner margins before upscaling; never the picture")
        )
        self.straighten_box.setText(self.tr("Also stra&ighten a tilted scan"))
        self.straighten_box.setToolTip(self.tr("Turns a scan tilted by up to 6 degrees upright"))
        self.colour_box.setText(self.tr("Auto co&lour"))
        self.colour_box.setToolTip(
            self.tr("Correct white balance and levels, in the picture's own colour profile")
        )
        self._strength_title.setText(self.tr("Stren&gth"))
        self.fade_box.setText(self.tr("Restore a &faded print"))
        self.fade_box.setToolTip(self.tr("Black and white point per colour, for old prints"))
        self.original_button.setText(self.tr("Show the &Original"))
        self.original_button.setToolTip(
            self.tr("Show the picture as it was opened, before the corrections")
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
