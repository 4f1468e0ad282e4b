"""What the next run will do and cost, in words: the Upscale button's label and the line above
it, each model row's time for the open picture, and a batch's "File 5 of 12 · about 1:20 left".

Times are the core's estimates (``estimate_text.cost``), for the loaded engine's own plan once
the worker has loaded the model, corrected by how the model's last run here compared with its
estimate (the tables were measured on one machine at one load). Texts keep the ``MainWindow``
context they had when this lived in the window.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QObject, Slot

from upscaler.core.catalog import ModelInfo
from upscaler.core.estimate import Estimate
from upscaler.core.units import format_duration
from upscaler.core.video.encode import encoder_for
from upscaler.core.video.estimate import video_estimate
from upscaler.ui.batch_eta import BatchProgress
from upscaler.ui.document import Document, QueueItem, Result
from upscaler.ui.estimate_text import cost, estimate_text, time_words, written_format
from upscaler.ui.formatting import human_size, sentences
from upscaler.ui.result_bar import where_text
from upscaler.ui.video_output import chosen_codec, chosen_crf, quality_words
from upscaler.ui.worker import Engine

translate = QCoreApplication.translate

#: Runs estimated shorter than this teach nothing about a model's pace (fixed overhead).
MIN_PACE_SECONDS = 0.5


class Outlook(QObject):
    """Expected costs of the document's next run, and the running batch's progress."""

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        #: What the worker loaded for each model (its plan), by model id.
        self.engines: dict[str, Engine] = {}
        #: Per model id: how long its last run here took, relative to the core's estimate.
        self.pace: dict[str, float] = {}
        self.batch: BatchProgress | None = None

    @Slot(object)
    def add_engine(self, engine: object) -> None:
        assert isinstance(engine, Engine)
        self.engines[engine.model_id] = engine

    # -- one picture -------------------------------------------------------------------------------
    def expected_time(self, info: ModelInfo) -> str:
        """A model row's time: for the open picture on this machine, else its speed class."""
        if self._doc.image is None:
            speeds = {
                "instant": translate("MainWindow", "instant"),
                "fast": translate("MainWindow", "fast"),
                "medium": translate("MainWindow", "medium"),
                "slow": translate("MainWindow", "slow"),
            }
            return speeds.get(info.speed, info.speed)
        seconds = self.picture_cost(info).seconds
        return translate("MainWindow", "{time} here").format(time=time_words(seconds))

    def picture_cost(self, info: ModelInfo) -> Estimate:
        """The open picture's run with ``info`` (its result kept in memory)."""
        d = self._doc
        assert d.image is not None
        est = cost(
            info,
            d.input_size() or (d.image.width, d.image.height),  # after an auto crop
            channels=d.image.channels,
            bytes_per_sample=d.image.pixels.dtype.itemsize,
            tile=d.tile,
            engine=self.engines.get(info.id),
        )
        return replace(est, seconds=est.seconds * self.pace.get(info.id, 1.0))

    def learn(self, result: Result) -> None:
        """A run of the open picture just finished: how its time compared with the estimate."""
        if self._doc.image is None or result.seconds <= 0 or result.saved_to is not None:
            return
        self.pace.pop(result.model.id, None)
        expected = self.picture_cost(result.model).seconds
        if expected >= MIN_PACE_SECONDS:  # shorter runs are mostly fixed overhead
            self.pace[result.model.id] = result.seconds / expected

    # -- the Upscale button -----------------------------------------------------------------------
    def primary(self) -> tuple[str, str]:
        """The Upscale button's label and the line above it."""
        d = self._doc
        if d.busy:
            return (
                translate("MainWindow", "Upscaling..."),
                translate("MainWindow", "Cancel (Esc) stops it."),
            )
        if d.video is not None:
            return self._video_outlook()
        pending = d.queue.to_do()
        if pending:
            return self._batch_outlook(pending)
        if d.image is None:
            return translate("MainWindow", "Upscale"), translate(
                "MainWindow", "Open a picture first."
            )
        label = translate("MainWindow", "Upscale 1 image")
        shown = d.shown
        if shown is not None and shown.model == d.model and d.fit is None:
            return label, self._done_text(shown)
        kept = translate("MainWindow", "The result stays here until you save it.")
        # Two sentences: the estimate ends without a full stop of its own.
        return label, translate("Outlook", "{estimate}. {kept}").format(
            estimate=estimate_text(self.picture_cost(d.model)), kept=kept
        )

    def _video_outlook(self) -> tuple[str, str]:
        """The whole clip (or the frames chosen): sizes, codec, the file's size and the time
        at this frame's pace plus the encoder's, from the core's video estimate."""
        d = self._doc
        clip = d.video
        assert clip is not None and d.image is not None
        scale = d.model.scale
        codec = chosen_codec(d.output.video)
        crf = chosen_crf(d.output.video)
        frames = clip.written_frames
        encoder = encoder_for(codec) or ""
        cost = video_estimate(
            self.picture_cost(d.model),
            frames=frames,
            width=clip.info.width,
            height=clip.info.height,
            scale=scale,
            bytes_per_sample=d.image.pixels.dtype.itemsize,
            codec=codec.name,
            encoder=encoder,
            crf=crf,
            default_crf=codec.default_crf,
            companion_bytes=0,
        )
        shown = clip.info.display_size  # a phone's portrait clip as played, as step 1 says
        text = (
            translate(
                "Outlook",
                "1 frame, {width} × {height} to {new_width} × {new_height} px, as {codec}: "
                "about {size}; expected: {time}. The video is written as step 4 says.",
            )
            if frames == 1
            else translate(
                "Outlook",
                "{count} frames, {width} × {height} to {new_width} × {new_height} px, as {codec}: "
                "about {size}; expected: {time}. The video is written as step 4 says.",
            )
        ).format(
            count=frames,
            width=shown[0],
            height=shown[1],
            new_width=shown[0] * scale,
            new_height=shown[1] * scale,
            codec=quality_words(codec.name, crf),
            size=human_size(cost.disk_bytes),
            time=time_words(cost.seconds),
        )
        return translate("Outlook", "Upscale the Video"), text

    def _batch_outlook(self, pending: list[QueueItem]) -> tuple[str, str]:
        count = len(pending)
        label = (
            translate("MainWindow", "Upscale 1 image")
            if count == 1
            else translate("MainWindow", "Upscale {count} images").format(count=count)
        )
        seconds = sum(self.item_seconds(i) for i in pending)
        folder = self._doc.output.folder
        where = (
            translate("MainWindow", "Results go to {folder}.").format(folder=folder)
            if folder
            else translate("MainWindow", "Results go next to each input file.")
        )
        expected = (
            translate("MainWindow", "Expected: {time} for 1 file.")
            if count == 1
            else translate("MainWindow", "Expected: {time} for {count} files.")
        ).format(time=time_words(seconds), count=count)
        return label, sentences(expected, where)

    @staticmethod
    def _done_text(shown: Result) -> str:
        took = (
            format_duration(shown.seconds)
            if shown.seconds >= 1
            else translate("MainWindow", "under a second")
        )
        if shown.runtime:
            return translate("MainWindow", "Done in {time} with {model} ({where}).").format(
                time=took, model=shown.model.label, where=where_text(shown)
            )
        return translate("MainWindow", "Done in {time} with {model}.").format(
            time=took, model=shown.model.label
        )

    # -- the batch ---------------------------------------------------------------------------------
    def item_seconds(self, item: QueueItem) -> float:
        """A queued file's expected time (written as step 4 says); 0 before its size is known."""
        if item.size is None:
            return 0.0
        d = self._doc
        fmt = written_format(item, d.output.format)
        engine = self.engines.get(d.model.id)
        est = cost(d.model, item.size, tile=d.tile, engine=engine, output_format=fmt)
        return est.seconds * self.pace.get(d.model.id, 1.0)

    def follow_batch(self) -> None:
        """Start or end following the batch with the document's run state."""
        running = self._doc.batch_running
        if running and self.batch is None:
            self.batch = BatchProgress(self._doc.queue.items, self.item_seconds)
        elif not running:
            self.batch = None

    def item_started(self, item: QueueItem) -> str:
        """A file started: the progress line to show."""
        if self.batch is None:  # the first file starts before the run is announced
            self.batch = BatchProgress(self._doc.queue.items, self.item_seconds)
        self.batch.started(item)
        return self.batch.text(self._doc.queue.items)

    def item_done(self, item: QueueItem) -> None:
        if self.batch is not None:
            self.batch.done(item)
