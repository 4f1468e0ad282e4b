"""What the window is about: the open picture, its results, the preview, the queue of files and
the choices a run will use. Commands change it; the widgets show it.

``Document.changed(Change)`` says which part changed, so a widget redraws only what it shows. The
document holds data, never widgets: commands can be tested without a window, and no command needs
to reach into one.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from upscaler.core.adjust import Adjustments, Prepared
from upscaler.core.catalog import ModelInfo
from upscaler.core.imageio import LoadedImage
from upscaler.core.resize import TargetSize
from upscaler.core.tiling import Region
from upscaler.core.video import FrameIndex, VideoInfo

#: Results kept per picture, so two models can be compared on it and none is lost by choosing
#: another model; the oldest saved one goes first.
KEEP_RESULTS = 4


#: What a transparent result is flattened onto for JPEG/BMP (Save asks first; a batch says so
#: in the file's row).
WHITE = (255, 255, 255)


class Change(enum.Flag):
    IMAGE = enum.auto()  # another picture (or none) is open
    RESULT = enum.auto()  # the shown result or the list of results changed
    RUN = enum.auto()  # a run (single or batch) started or stopped
    PREVIEW = enum.auto()
    QUEUE = enum.auto()  # rows were added, removed or changed state
    CHOICES = enum.auto()  # model, tile or output options
    ADJUST = enum.auto()  # the auto crop/colour choice, or its preview of the input, changed


class State(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    SKIPPED = "skipped"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(eq=False)
class QueueItem:
    """One file of the queue and what became of it."""

    source: Path
    state: State = State.QUEUED
    percent: int = 0
    #: Why it failed or was skipped: a ``worker.Failure`` or any object whose ``str()`` says it
    #: in the current language (so a language switch relabels it).
    failure: object | None = None
    output: Path | None = None
    #: Its result's transparency was flattened onto white (written as JPEG or BMP).
    flattened: bool = False
    #: Width and height from the header, once known.
    size: tuple[int, int] | None = None
    #: Display pixels (``core.display``) of a small version, once made.
    thumbnail: np.ndarray | None = None

    @property
    def message(self) -> str:
        return "" if self.failure is None else str(self.failure)

    @property
    def finished(self) -> bool:
        return self.state in (State.DONE, State.SKIPPED, State.FAILED, State.CANCELLED)


#: The older name of a queue row.
BatchItem = QueueItem


class Queue(QObject):
    """The files waiting for (or done by) the batch, in order."""

    itemChanged = Signal(object)  # QueueItem: state, progress, size or thumbnail
    rowsChanged = Signal()  # rows added or removed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[QueueItem] = []

    def add(self, paths: Iterable[Path]) -> list[QueueItem]:
        """Queue files; a file that has a row already is not added twice, its finished row
        waits again instead. Returns the rows that wait now because of this call."""
        rows = {i.source: i for i in self.items}
        waiting: list[QueueItem] = []
        added = False
        for path in paths:
            row = rows.get(path)
            if row is None:
                row = rows[path] = QueueItem(path)
                self.items.append(row)
                added = True
            elif row.finished:
                self.set_state(row, State.QUEUED)
            else:
                continue
            waiting.append(row)
        if added:
            self.rowsChanged.emit()
        return waiting

    def queued(self) -> list[QueueItem]:
        return [i for i in self.items if i.state is State.QUEUED]

    def to_do(self) -> list[QueueItem]:
        """The rows the next batch runs: those waiting and those cancelled (a Cancel stops a
        run; upscaling again goes on with the file it stopped in)."""
        return [i for i in self.items if i.state in (State.QUEUED, State.CANCELLED)]

    def set_state(
        self, item: QueueItem, state: State, percent: int = 0, failure: object | None = None
    ) -> None:
        item.state, item.percent, item.failure = state, percent, failure
        self.itemChanged.emit(item)

    def touch(self, item: QueueItem) -> None:
        """Say that ``item`` changed (its size or thumbnail arrived)."""
        self.itemChanged.emit(item)

    def remove(self, items: Iterable[QueueItem]) -> list[QueueItem]:
        """Take rows out of the queue, except the one running; returns those removed."""
        gone = [i for i in items if i in self.items and i.state is not State.RUNNING]
        if gone:
            self.items = [i for i in self.items if i not in gone]
            self.rowsChanged.emit()
        return gone

    def remove_finished(self) -> None:
        self.remove([i for i in self.items if i.finished])

    def index(self, item: QueueItem) -> int:
        return self.items.index(item)


@dataclass(eq=False)
class Result:
    """A finished upscale of the open picture."""

    pixels: np.ndarray
    model: ModelInfo
    runtime: str | None = None  # which runtime ran the network (None: interpolation)
    seconds: float = 0.0
    saved_to: Path | None = None  # where it was written, if it was
    device: str = "cpu"  # where the network ran (``cpu``, ``cuda``...)
    precision: str = "fp32"
    adjust: Adjustments | None = None  # the auto crop/colour it was made with
    #: A trial on one frame of a clip: kept while the clip is open, never asked about on
    #: closing (the clip's own run writes the video).
    frame_of: Path | None = None

    @property
    def unsaved(self) -> bool:
        return self.saved_to is None and self.frame_of is None


@dataclass(frozen=True)
class Preview:
    region: Region  # input pixels
    pixels: np.ndarray
    model: ModelInfo


@dataclass(frozen=True)
class VideoOutput:
    """How a clip is written: the CLI's ``--codec`` and ``--crf`` (the frame range, ``--frames``,
    belongs to the open clip: ``Clip.frames``)."""

    codec: str = ""  # a key of core.video.CODECS this FFmpeg encodes; "": the default codec
    crf: int | None = None  # None: the codec's default (always None for lossless FFV1)


@dataclass(frozen=True)
class OutputOptions:
    """Where and how results are written (the batch, Save, Save All)."""

    folder: Path | None = None  # None: next to each input
    pattern: str = "{stem}_x{scale}_{model}"
    format: str = "same"  # "same" or one of settings.OUTPUT_FORMATS
    quality: int = 92  # JPEG and WebP
    exists: str = "skip"  # what to do when a result's name is taken: skip, rename, overwrite
    continue_on_failure: bool = True
    video: VideoOutput = field(default_factory=VideoOutput)


@dataclass(frozen=True)
class Adjusted:
    """The open picture as auto crop/colour changes it: what the next run will upscale."""

    image: LoadedImage  # the picture it was made from
    adjust: Adjustments
    prepared: Prepared  # the cropped input and the colour plan (core.adjust.prepare)
    pixels: np.ndarray  # the cropped input with the colour plan applied: the live preview

    @property
    def size(self) -> tuple[int, int]:
        return self.prepared.image.width, self.prepared.image.height


@dataclass
class Clip:
    """The open video: its facts, the frame on screen and, once written, the upscaled clip
    (its frames are shown as the result of each frame)."""

    path: Path
    info: VideoInfo
    frame_count: int
    frame: int = 0
    index: FrameIndex | None = None  # every frame's time (variable frame rates too)
    #: The frames to write, first and last (0-based, both included, as ``--frames``); None: all.
    frames: tuple[int, int] | None = None

    @property
    def written_frames(self) -> int:
        """How many frames a run writes (the range, or the whole clip)."""
        if self.frames is None:
            return self.frame_count
        first, last = self.frames
        return max(0, min(last, self.frame_count - 1) - first + 1)

    @property
    def seconds_per_frame(self) -> float:
        rate = float(self.info.frame_rate) if self.info.frame_rate else 25.0
        return 1.0 / rate if rate > 0 else 0.04

    def seconds_at(self, number: int) -> float:
        """When frame ``number`` is shown, from the clip's start."""
        if self.index is not None and 0 <= number < len(self.index):
            return self.index.seconds(number) - self.index.seconds(0)
        return number * self.seconds_per_frame

    def duration_of(self, number: int) -> float:
        """How long frame ``number`` is shown (its own duration in a variable-rate clip)."""
        if self.index is not None and 0 <= number < len(self.index):
            return float(self.index.durations[number] * self.index.time_base)
        return self.seconds_per_frame


@dataclass
class _Picture:
    """A picture the document has shown, with its results (newest last)."""

    image: LoadedImage
    results: list[Result] = field(default_factory=list)


class Document(QObject):
    """The open picture, its results and preview, the queue, and the choices for the next run."""

    changed = Signal(object)  # Change
    tileArrived = Signal(int, int, object)  # x, y (output pixels), pixels of the running result

    def __init__(self, model: ModelInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue = Queue(self)
        self.queue.itemChanged.connect(self._on_queue_changed)
        self.queue.rowsChanged.connect(self._on_queue_changed)
        self._pictures: dict[object, _Picture] = {}
        self._key: object | None = None
        self.image: LoadedImage | None = None
        self.item: QueueItem | None = None  # the queue row the picture belongs to, if any
        self.video: Clip | None = None  # the open clip, whose frame ``image`` is
        self.shown: Result | None = None
        self.running: tuple[int, int, ModelInfo] | None = None  # output size, model
        self.preview: Preview | None = None
        self.model = model
        self.tile: int | None = None
        self.fit: TargetSize | None = None  # a target width or height instead of the factor
        self.output = OutputOptions()
        self.adjust: Adjustments | None = None  # auto crop/colour for the next run
        self.adjusted: Adjusted | None = None  # the open picture as the run will see it
        self.single_running = False
        self.batch_running = False
        self.saving = False

    # -- state --------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A full run (single or batch) is in progress from the user's point of view."""
        return self.single_running or self.batch_running

    @property
    def result(self) -> np.ndarray | None:
        """The pixels of the result on screen."""
        return None if self.shown is None else self.shown.pixels

    def results(self) -> list[Result]:
        """Every result kept for the open picture, oldest first."""
        picture = self._pictures.get(self._key) if self._key is not None else None
        return list(picture.results) if picture else []

    def unsaved(self) -> list[Result]:
        """Results of any picture that were never written."""
        return [r for p in self._pictures.values() for r in p.results if r.unsaved]

    def source_of(self, result: Result) -> LoadedImage | None:
        """The picture ``result`` was made from."""
        return next((p.image for p in self._pictures.values() if result in p.results), None)

    def _emit(self, what: Change) -> None:
        self.changed.emit(what)

    # -- the picture ---------------------------------------------------------------------------
    def open(
        self, image: LoadedImage | None, item: QueueItem | None = None, *, video: Clip | None = None
    ) -> None:
        """Show ``image`` (None: nothing); its kept results stay, none is shown yet. With
        ``video``, ``image`` is its frame ``video.frame``."""
        self.image, self.item, self.video = image, item, video
        self._key = None
        # Pictures left behind keep only what exists nowhere else: their unsaved results.
        for key, picture in list(self._pictures.items()):
            picture.results = [
                r
                for r in picture.results
                if r.unsaved or (video is not None and r.frame_of == video.path)
            ]
            if not picture.results:
                del self._pictures[key]
        if image is not None:
            self._key = image.path if image.path is not None else id(image)
            if video is not None:
                self._key = (video.path, video.frame)
            known = self._pictures.get(self._key)
            if known is None:
                self._pictures[self._key] = _Picture(image)
            else:
                known.image = image
        self.shown, self.running, self.preview = None, None, None
        self.adjusted = None
        self._emit(Change.IMAGE | Change.RESULT | Change.PREVIEW | Change.ADJUST)

    def close_picture(self) -> None:
        self.open(None)

    # -- results -------------------------------------------------------------------------------
    def begin_result(self, width: int, height: int, model: ModelInfo) -> None:
        """A run of the open picture started: tiles follow through :meth:`add_tile`."""
        self.shown, self.preview = None, None
        self.running = (width, height, model)
        self._emit(Change.RESULT | Change.PREVIEW)

    def add_tile(self, region: Region, pixels: np.ndarray) -> None:
        if self.running is not None:
            self.tileArrived.emit(region.x, region.y, pixels)

    def abandon_result(self) -> None:
        """The run stopped without a result (cancelled or failed): a partial one is none."""
        if self.running is not None:
            self.running = None
            self._emit(Change.RESULT)

    def add_result(self, result: Result) -> list[Result]:
        """Keep ``result`` for the open picture and show it; returns unsaved results that had
        to make room (the caller says so)."""
        self.running = None
        dropped: list[Result] = []
        picture = self._pictures.get(self._key) if self._key is not None else None
        if picture is not None:
            picture.results.append(result)
            while len(picture.results) > KEEP_RESULTS:
                saved = [r for r in picture.results if not r.unsaved]
                victim = saved[0] if saved else picture.results[0]
                picture.results.remove(victim)
                if victim.unsaved:
                    dropped.append(victim)
        self.shown = result
        self._emit(Change.RESULT)
        return dropped

    def show_result(self, result: Result | None) -> None:
        """Show one of the open picture's results (None: the picture alone)."""
        if result is not None and result not in self.results():
            raise ValueError("not a result of the open picture")
        self.shown = result
        self._emit(Change.RESULT)

    def hide_result(self) -> None:
        """Show the picture alone (another model or scale was chosen); its results are kept."""
        if self.shown is not None or self.running is not None:
            self.shown, self.running = None, None
            self._emit(Change.RESULT)

    def mark_saved(self, result: Result, target: Path) -> None:
        result.saved_to = target
        self._emit(Change.RESULT)

    def forget_results(self, results: Iterable[Result]) -> None:
        """Drop results (the user discarded them, or a batch result left the screen)."""
        gone = set(map(id, results))
        for picture in self._pictures.values():
            picture.results = [r for r in picture.results if id(r) not in gone]
        if self.shown is not None and id(self.shown) in gone:
            self.shown = None
        self._emit(Change.RESULT)

    # -- preview -------------------------------------------------------------------------------
    def set_preview(self, preview: Preview | None) -> None:
        self.preview = preview
        self._emit(Change.PREVIEW)

    # -- runs and choices ------------------------------------------------------------------------
    def set_running(self, *, single: bool | None = None, batch: bool | None = None) -> None:
        if single is not None:
            self.single_running = single
        if batch is not None:
            self.batch_running = batch
        self._emit(Change.RUN)

    def set_saving(self, saving: bool) -> None:
        self.saving = saving
        self._emit(Change.RUN)

    def set_model(self, model: ModelInfo) -> None:
        """The model for the next run. A result or preview of another model on screen would
        pass for this one's: it leaves the screen (the result stays among the picture's)."""
        if model == self.model:
            return
        self.model = model
        self.preview = None
        if self.running is None:
            self.shown = None
        self._emit(Change.CHOICES | Change.RESULT | Change.PREVIEW)

    def set_fit(self, fit: TargetSize | None) -> None:
        if fit != self.fit:
            self.fit = fit
            self.preview = None
            if self.running is None:
                self.shown = None
            self._emit(Change.CHOICES | Change.RESULT | Change.PREVIEW)

    # -- auto crop and colour ---------------------------------------------------------------------
    @property
    def adjusting(self) -> bool:
        """Auto crop/colour is chosen for the open picture but its preview is not ready yet
        (the size of the next result is not known until then). Videos are not adjusted."""
        return (
            self.image is not None
            and self.video is None
            and self.adjust is not None
            and self.adjusted is None
        )

    def set_adjust(self, adjust: Adjustments | None) -> None:
        """The auto crop/colour of the next run (None: none). Like another model, it makes the
        result on screen another run's: that leaves the screen (it stays among the picture's)."""
        adjust = adjust if adjust is not None and adjust.active else None
        if adjust == self.adjust:
            return
        self.adjust = adjust
        self.adjusted = None
        self.preview = None
        if self.running is None:
            self.shown = None
        self._emit(Change.CHOICES | Change.ADJUST | Change.RESULT | Change.PREVIEW)

    def set_adjusted(self, adjusted: Adjusted) -> bool:
        """The worker's preview of the adjusted input; refused (False) when it was made for
        another picture or other choices than the current ones."""
        if adjusted.image is not self.image or adjusted.adjust != self.adjust:
            return False
        self.adjusted = adjusted
        self._emit(Change.ADJUST)
        return True

    def input_size(self) -> tuple[int, int] | None:
        """The size the next run upscales: the open picture's, after an auto crop."""
        if self.image is None:
            return None
        if self.adjusted is not None:
            return self.adjusted.size
        return self.image.width, self.image.height

    def input_pixels(self) -> np.ndarray | None:
        """What the next run upscales (cropped, colours not yet corrected: they are corrected
        on the result)."""
        if self.image is None:
            return None
        if self.adjusted is not None:
            return self.adjusted.prepared.image.pixels
        return self.image.pixels

    def output_size(self) -> tuple[int, int] | None:
        """The open picture's size after the next run, or None without a picture."""
        size = self.input_size()
        if size is None:
            return None
        width, height = size
        if self.fit is not None:
            return self.fit.size_for(width, height)
        return width * self.model.scale, height * self.model.scale

    def set_tile(self, tile: int | None) -> None:
        self.tile = tile
        self._emit(Change.CHOICES)

    def set_output(self, output: OutputOptions) -> None:
        self.output = output
        self._emit(Change.CHOICES)

    def set_video_frames(self, frames: tuple[int, int] | None) -> None:
        """The open clip's frames to write (None: all of them)."""
        if self.video is not None and self.video.frames != frames:
            self.video.frames = frames
            self._emit(Change.CHOICES)

    def _on_queue_changed(self, *_args: object) -> None:
        self._emit(Change.QUEUE)
