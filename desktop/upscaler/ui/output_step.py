"""Step 4 of the side panel: where and how results are written.

Format (or the input's own), JPEG/WebP quality, folder (or beside each input), name pattern,
and what to do when a result's name is taken: skip, number it, or replace the file. An input
is never replaced, whatever is chosen (the core's planner refuses it).

While a video is open, the picture format and quality give way to the CLI's video options:
codec (those this FFmpeg encodes), quality (CRF, the codec's range and default; none for
lossless FFV1) and the frames to write (the whole clip, or from one frame to another).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from upscaler.core.imageio import FORMATS
from upscaler.core.video.encode import CODECS, Codec, available_codecs
from upscaler.ui.document import OutputOptions, VideoOutput
from upscaler.ui.settings import EXISTS_CHOICES, OUTPUT_FORMATS
from upscaler.ui.video_output import chosen_codec, chosen_crf, codec_description

#: The Format box entries that use the quality setting.
QUALITY_FORMATS = tuple(f.choices[0] for f in FORMATS if f.choices and f.quality)


class OutputStep(QWidget):
    """Output options; ``optionsChanged`` after any edit, ``options()`` reads them."""

    optionsChanged = Signal()
    #: The open clip's frames to write changed: (first, last), 0-based, or None for all.
    framesChanged = Signal(object)
    chooseFolderRequested = Signal()
    openFolderRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folder: Path | None = None
        self.format_box = QComboBox()
        self.format_box.setObjectName("outputFormat")
        for fmt in OUTPUT_FORMATS:
            self.format_box.addItem("", fmt)
        self.quality_spin = QSpinBox()
        self.quality_spin.setObjectName("outputQuality")
        self.quality_spin.setRange(1, 100)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("outputFolder")
        self.folder_label.setWordWrap(True)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("chooseFolder")
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("resetFolder")
        self.open_button = QPushButton()
        self.open_button.setObjectName("openOutputFolder")
        folder_buttons = QHBoxLayout()
        for button in (self.choose_button, self.reset_button, self.open_button):
            folder_buttons.addWidget(button)
        folder_buttons.addStretch(1)
        self.pattern_edit = QLineEdit()
        self.pattern_edit.setObjectName("namePattern")
        self.exists_box = QComboBox()
        self.exists_box.setObjectName("whenExists")
        for choice in EXISTS_CHOICES:
            self.exists_box.addItem("", choice)
        self.continue_box = QCheckBox()
        self.continue_box.setObjectName("continueOnFailure")
        # The place for the automatic adjustments (auto crop, auto colour) that core/adjust/ is
        # gaining: each will be a checkbox added here with add_adjustment(), read into
        # OutputOptions with the others. Empty (and hidden) until they exist.
        self.adjustments = QVBoxLayout()
        self.adjustments.setObjectName("adjustments")
        self._adjustments_box = QWidget()
        self._adjustments_box.setLayout(self.adjustments)
        self._adjustments_box.setVisible(False)

        self._build_video()

        self._format_label = QLabel()
        self._quality_label = QLabel()
        self._folder_title = QLabel()
        self._pattern_label = QLabel()
        self._exists_label = QLabel()
        for label, buddy in ((self._format_label, self.format_box),
                             (self._quality_label, self.quality_spin),
                             (self._pattern_label, self.pattern_edit),
                             (self._exists_label, self.exists_box)):  # fmt: skip
            label.setBuddy(buddy)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self._format_label, self.format_box)
        form.addRow(self._quality_label, self.quality_spin)
        self._image_form = form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.video_box)
        layout.addWidget(self._folder_title)
        layout.addWidget(self.folder_label)
        layout.addLayout(folder_buttons)
        names = QFormLayout()
        names.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        names.addRow(self._pattern_label, self.pattern_edit)
        names.addRow(self._exists_label, self.exists_box)
        layout.addLayout(names)
        layout.addWidget(self.continue_box)
        layout.addWidget(self._adjustments_box)

        self.format_box.currentIndexChanged.connect(self._on_edit)
        self.quality_spin.valueChanged.connect(self._on_edit)
        self.pattern_edit.editingFinished.connect(self._on_edit)
        self.exists_box.currentIndexChanged.connect(self._on_edit)
        self.continue_box.toggled.connect(self._on_edit)
        self.choose_button.clicked.connect(self.chooseFolderRequested)
        self.reset_button.clicked.connect(self._reset_folder)
        self.open_button.clicked.connect(self.openFolderRequested)
        self.codec_box.currentIndexChanged.connect(self._on_codec)
        self.crf_spin.valueChanged.connect(self._on_edit)
        self.crf_reset.clicked.connect(self._reset_crf)
        self.whole_clip.toggled.connect(self._on_frames)
        self.first_spin.valueChanged.connect(self._on_frames)
        self.last_spin.valueChanged.connect(self._on_frames)
        self.set_video(None)
        self._retranslate()

    def _build_video(self) -> None:
        """The video options: codec, quality (CRF) and frames, shown while a clip is open."""
        self._frame_count = 0
        self.codec_box = QComboBox()
        self.codec_box.setObjectName("videoCodec")
        for codec in available_codecs():  # those this FFmpeg build can encode
            self.codec_box.addItem("", codec.name)
        self.crf_spin = QSpinBox()
        self.crf_spin.setObjectName("videoQuality")
        self.crf_reset = QToolButton()
        self.crf_reset.setObjectName("videoQualityDefault")
        quality = QHBoxLayout()
        quality.setContentsMargins(0, 0, 0, 0)
        quality.addWidget(self.crf_spin, 1)
        quality.addWidget(self.crf_reset)
        self.whole_clip = QCheckBox()
        self.whole_clip.setObjectName("wholeClip")
        self.whole_clip.setChecked(True)
        self.first_spin = QSpinBox()
        self.first_spin.setObjectName("firstFrame")
        self.last_spin = QSpinBox()
        self.last_spin.setObjectName("lastFrame")
        self._to_label = QLabel()
        frames = QHBoxLayout()
        frames.setContentsMargins(0, 0, 0, 0)
        frames.addWidget(self.first_spin, 1)
        frames.addWidget(self._to_label)
        frames.addWidget(self.last_spin, 1)
        self.video_name = QLabel()
        self.video_name.setObjectName("videoName")
        self.video_name.setWordWrap(True)
        self._codec_label = QLabel()
        self._crf_label = QLabel()
        self._frames_label = QLabel()
        self._codec_label.setBuddy(self.codec_box)
        self._crf_label.setBuddy(self.crf_spin)
        self._frames_label.setBuddy(self.whole_clip)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self._codec_label, self.codec_box)
        form.addRow(self._crf_label, quality)
        form.addRow(self._frames_label, self.whole_clip)
        form.addRow("", frames)
        form.addRow(self.video_name)
        self.video_box = QWidget()
        self.video_box.setObjectName("videoOptions")
        self.video_box.setLayout(form)

    # -- reading and showing ---------------------------------------------------------------------
    def options(self) -> OutputOptions:
        default = OutputOptions()
        return OutputOptions(
            folder=self._folder,
            pattern=self.pattern_edit.text().strip() or default.pattern,
            format=str(self.format_box.currentData()),
            quality=self.quality_spin.value(),
            exists=str(self.exists_box.currentData()),
            continue_on_failure=self.continue_box.isChecked(),
            video=self.video_options(),
        )

    def video_options(self) -> VideoOutput:
        codec = self._current_codec()
        if codec is None:
            return VideoOutput()
        crf = self.crf_spin.value() if codec.default_crf is not None else None
        return VideoOutput(codec.name, crf)

    def frames(self) -> tuple[int, int] | None:
        """The frames to write: (first, last), 0-based, both included; None: the whole clip.
        The boxes count from 1, as the frame slider does."""
        if self.whole_clip.isChecked() or not self._frame_count:
            return None
        return self.first_spin.value() - 1, self.last_spin.value() - 1

    def show_options(self, options: OutputOptions) -> None:
        """Show ``options`` without reporting them as an edit."""
        self._show_video(options.video)
        for widget in (self.format_box, self.quality_spin, self.exists_box, self.continue_box):
            widget.blockSignals(True)
        self._folder = options.folder
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(options.format)))
        self.quality_spin.setValue(options.quality)
        self.pattern_edit.setText(options.pattern)
        if not self.pattern_edit.hasFocus():
            # setText leaves the cursor at the end, which scrolls a pattern wider than the
            # field to its tail ("em}_x{scale}_{model}"): show its beginning.
            self.pattern_edit.setCursorPosition(0)
        self.exists_box.setCurrentIndex(max(0, self.exists_box.findData(options.exists)))
        self.continue_box.setChecked(options.continue_on_failure)
        for widget in (self.format_box, self.quality_spin, self.exists_box, self.continue_box):
            widget.blockSignals(False)
        self._show_folder()
        self._show_quality()

    def _show_video(self, video: VideoOutput) -> None:
        codec = chosen_codec(video)
        crf = chosen_crf(video)
        for widget in (self.codec_box, self.crf_spin):
            widget.blockSignals(True)
        self.codec_box.setCurrentIndex(max(0, self.codec_box.findData(codec.name)))
        self._show_crf_range()
        if crf is not None:
            self.crf_spin.setValue(crf)
        for widget in (self.codec_box, self.crf_spin):
            widget.blockSignals(False)
        self._show_crf()

    def set_video(self, frame_count: int | None, frames: tuple[int, int] | None = None) -> None:
        """A clip of ``frame_count`` frames is open (None: a picture or nothing): the video
        options replace the picture format and quality, with ``frames`` to write."""
        video = frame_count is not None
        self._image_form.setRowVisible(self.format_box, not video)
        self._image_form.setRowVisible(self.quality_spin, not video)
        self.video_box.setVisible(video)
        self._frame_count = frame_count or 0
        spins = (self.whole_clip, self.first_spin, self.last_spin)
        for widget in spins:
            widget.blockSignals(True)
        last = max(1, self._frame_count)
        for spin in (self.first_spin, self.last_spin):
            spin.setRange(1, last)
        self.whole_clip.setChecked(frames is None)
        first, final = frames if frames is not None else (0, last - 1)
        self.first_spin.setValue(first + 1)
        self.last_spin.setValue(final + 1)
        for widget in spins:
            widget.blockSignals(False)
        self._show_frames()

    def first_control(self) -> QWidget:
        """Where Alt+4 goes: the codec while a clip is open, else the format."""
        return self.codec_box if self.video_box.isVisibleTo(self) else self.format_box

    def show_video_name(self, text: str) -> None:
        """The upscaled clip's file name (the window asks the core's naming)."""
        self.video_name.setText(text)
        self.video_name.setVisible(bool(text))

    def _current_codec(self) -> Codec | None:
        return CODECS.get(str(self.codec_box.currentData()))

    def _show_crf_range(self) -> None:
        codec = self._current_codec()
        if codec is None:
            return
        self.crf_spin.blockSignals(True)
        if codec.default_crf is None:
            self.crf_spin.setRange(0, 0)
            self.crf_spin.setSpecialValueText(self.tr("lossless"))
        else:
            self.crf_spin.setSpecialValueText("")  # else it would stand for the lowest CRF
            self.crf_spin.setRange(*codec.crf_range)
        self.crf_spin.blockSignals(False)

    def _show_crf(self) -> None:
        codec = self._current_codec()
        lossy = codec is not None and codec.default_crf is not None
        self.crf_spin.setEnabled(lossy)
        self._crf_label.setEnabled(lossy)
        self.crf_reset.setEnabled(
            lossy and codec is not None and self.crf_spin.value() != codec.default_crf
        )
        if codec is None:
            return
        if lossy:
            low, high = codec.crf_range
            self.crf_spin.setToolTip(
                self.tr(
                    "Lower is better and larger: {low} is the best, {high} the smallest. "
                    "{default} is the default for this codec."
                ).format(low=low, high=high, default=codec.default_crf)
            )
        else:
            self.crf_spin.setToolTip(self.tr("This codec is lossless: every pixel is kept."))

    def _show_frames(self) -> None:
        some = not self.whole_clip.isChecked()
        for widget in (self.first_spin, self.last_spin, self._to_label):
            widget.setEnabled(some)
        self.last_spin.setMinimum(self.first_spin.value())

    @Slot()
    def _on_codec(self) -> None:
        """Another codec: its quality range, at its default."""
        codec = self._current_codec()
        self._show_crf_range()
        if codec is not None and codec.default_crf is not None:
            self.crf_spin.blockSignals(True)
            self.crf_spin.setValue(codec.default_crf)
            self.crf_spin.blockSignals(False)
        self._on_edit()

    @Slot()
    def _reset_crf(self) -> None:
        codec = self._current_codec()
        if codec is not None and codec.default_crf is not None:
            self.crf_spin.setValue(codec.default_crf)

    @Slot()
    def _on_frames(self) -> None:
        self._show_frames()
        self.framesChanged.emit(self.frames())

    def add_adjustment(self, widget: QWidget) -> None:
        """A toggle for an automatic adjustment (auto crop, auto colour) joins this step."""
        self.adjustments.addWidget(widget)
        self._adjustments_box.setVisible(True)

    @property
    def folder(self) -> Path | None:
        return self._folder

    def set_folder(self, folder: Path | None) -> None:
        self._folder = folder
        self._show_folder()
        self.optionsChanged.emit()

    def _show_folder(self) -> None:
        self.folder_label.setText(
            str(self._folder) if self._folder else self.tr("Next to each input file")
        )
        self.folder_label.setToolTip(str(self._folder or ""))
        self.reset_button.setEnabled(self._folder is not None)

    def _show_quality(self) -> None:
        uses = str(self.format_box.currentData()) in ("same", *QUALITY_FORMATS)
        self.quality_spin.setEnabled(uses)
        self._quality_label.setEnabled(uses)

    @Slot()
    def _on_edit(self) -> None:
        self._show_quality()
        self._show_crf()
        self.optionsChanged.emit()

    @Slot()
    def _reset_folder(self) -> None:
        self.set_folder(None)

    def _retranslate(self) -> None:
        self._format_label.setText(self.tr("&Format"))
        names = {"same": self.tr("Same as input")}
        for index, fmt in enumerate(OUTPUT_FORMATS):
            self.format_box.setItemText(index, names.get(fmt, fmt.upper()))
        self._quality_label.setText(self.tr("&Quality"))
        self.quality_spin.setToolTip(
            self.tr("JPEG and WebP: 100 is best, 90 is hard to tell apart")
        )
        self._folder_title.setText(self.tr("Folder"))
        self.choose_button.setText(self.tr("C&hoose..."))
        self.reset_button.setText(self.tr("Reset"))
        self.open_button.setText(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Open the output folder"))
        self._pattern_label.setText(self.tr("&Names"))
        self.pattern_edit.setToolTip(
            self.tr("{stem} is the input's name, {scale} the factor, {model} the model")
        )
        self._exists_label.setText(self.tr("If the name is &taken"))
        exists = {
            "skip": self.tr("Skip that file"),
            "rename": self.tr("Add a number"),
            "overwrite": self.tr("Replace the file"),
        }
        for index, choice in enumerate(EXISTS_CHOICES):
            self.exists_box.setItemText(index, exists[choice])
        self.exists_box.setToolTip(self.tr("An input picture is never replaced"))
        self.continue_box.setText(self.tr("Continue past failures"))
        self._codec_label.setText(self.tr("&Codec"))
        for index in range(self.codec_box.count()):
            name = str(self.codec_box.itemData(index))
            self.codec_box.setItemText(index, codec_description(name))
        self.codec_box.setToolTip(
            self.tr("How the video is compressed; only codecs this program can write are listed")
        )
        self._crf_label.setText(self.tr("&Quality (CRF)"))
        self._show_crf_range()
        self.crf_reset.setText(self.tr("Default"))
        self.crf_reset.setToolTip(self.tr("Back to this codec's default quality"))
        self._frames_label.setText(self.tr("Fra&mes"))
        self.whole_clip.setText(self.tr("The whole clip"))
        self.whole_clip.setToolTip(
            self.tr("Untick to write only part of the clip: a trial before the whole run")
        )
        self._to_label.setText(self.tr("to"))
        self.first_spin.setToolTip(self.tr("The first frame to write (the slider's numbers)"))
        self.last_spin.setToolTip(self.tr("The last frame to write"))
        self._show_folder()
        self._show_quality()
        self._show_crf()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
