"""Videos in the window: open a clip, move through its frames, play it, try the model on one
frame, and upscale the whole clip as ``upscaler-cli upscale clip.mp4`` does.

A clip's frame on screen is the document's picture, so the compare view, Preview Visible Area
and Upscale This Picture work on it as on any picture (a trial on the frame before committing
to the clip). The whole clip runs on the worker through the core's planner and bounded
pipeline; its progress counts frames (with the pace and the time left); Cancel keeps the
finished segments, and the next run of the same clip offers to continue from them, as the
CLI's ``--resume`` does. Once written, the result's frames are shown beside the source's, in
the compare view and while playing.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot

from upscaler.core.catalog import ModelInfo
from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import LoadedImage
from upscaler.core.units import format_duration
from upscaler.core.video import ResumeError, VideoOptions, VideoResult
from upscaler.core.video.job import SavedChoices, saved_choices
from upscaler.core.video.resume import saved_progress
from upscaler.ui.compare_view import CompareView
from upscaler.ui.core_text import error_text, localized_all
from upscaler.ui.dialogs import Dialogs
from upscaler.ui.document import Clip, Document
from upscaler.ui.formatting import sentences
from upscaler.ui.frames import Frame, FrameReader, Opened
from upscaler.ui.jobs import VideoUpscaleJob
from upscaler.ui.run_commands import ModelFiles, ran
from upscaler.ui.settings import Settings
from upscaler.ui.status import RunStatus
from upscaler.ui.video_bar import VideoBar
from upscaler.ui.video_output import (
    chosen_codec,
    chosen_crf,
    quality_words,
    video_target,
)
from upscaler.ui.worker import Engine, Failure, JobHandle, WorkerHost

translate = QCoreApplication.translate


def frame_image(clip: Clip, pixels: np.ndarray) -> LoadedImage:
    """A frame as the document's picture (saved on its own, it is a PNG named after the clip)."""
    depth = 16 if pixels.dtype == np.uint16 else 8
    return LoadedImage(pixels, clip.path, "PNG", None, None, depth)


class VideoCommands(QObject):
    """Open, frames, playback, and the whole clip's run."""

    def __init__(
        self,
        document: Document,
        *,
        host: WorkerHost,
        frames: FrameReader,
        bar: VideoBar,
        view: CompareView,
        models: ModelFiles,
        dialogs: Dialogs,
        settings: Settings,
        status: RunStatus,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._doc = document
        self._host = host
        self._frames = frames
        self._bar = bar
        self._view = view
        self._models = models
        self._dialogs = dialogs
        self._settings = settings
        self._status = status
        self.run: JobHandle | None = None
        self.opening: Path | None = None  # a clip being opened (off the GUI thread)
        self._wanted = 0  # the token of the frame the document waits for
        #: The written clip: its file, model, engine, seconds (the result strip says them) and
        #: the source's frame its first frame is.
        self._clip_result: tuple[Path, ModelInfo, Engine | None, float, int] | None = None
        self._engines: dict[str, Engine] = {}  # model id: what the worker loaded for it
        self.playing = False
        self._play_frame = 0  # the frame playback shows (the document's comes when it stops)
        self._shown_at = 0.0
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.timeout.connect(self._play_next)
        host.modelLoaded.connect(self._on_engine)
        frames.opened.connect(self._on_opened)
        frames.frameRead.connect(self._on_frame)
        frames.failed.connect(self._on_frame_failed)
        bar.frameChosen.connect(self.go_to)
        bar.playToggled.connect(self.set_playing)
        document.changed.connect(self._on_document_changed)

    @property
    def clip(self) -> Clip | None:
        return self._doc.video

    # -- opening -----------------------------------------------------------------------------------
    def open_video(self, path: Path) -> bool:
        """Open the clip: probed, indexed and its first frame read off the GUI thread, then
        shown with the slider (``opening`` until then); a clip that cannot be read says why.
        False when refused at once (a run is busy)."""
        d = self._doc
        if d.busy:
            self._status.message(
                translate("VideoCommands", "Wait for the run to finish before opening a video."),
                8000,
            )
            return False
        self.set_playing(False)
        self.opening = path
        self._frames.open(path)
        self._status.message(translate("VideoCommands", "Opening {name}...").format(name=path.name))
        return True

    @Slot(object)
    def _on_opened(self, opened: object) -> None:
        assert isinstance(opened, Opened)
        d = self._doc
        if opened.path != self.opening:
            return  # another file was opened meanwhile
        self.opening = None
        self._status.message("")
        if d.busy:
            return
        if d.video is not None and d.video.path != opened.path:
            self._frames.forget(d.video.path)
        self._settings.add_recent(opened.path)
        clip = Clip(opened.path, opened.info, len(opened.index), index=opened.index)
        self._clip_result = None
        self._bar.set_clip(clip.frame_count, clip.seconds_at)
        d.open(frame_image(clip, opened.first), video=clip)

    @Slot(object)
    def _on_document_changed(self, _what: object) -> None:
        d = self._doc
        if d.video is None and not self._bar.isHidden():
            self.set_playing(False)
            self._bar.set_clip(0, lambda _number: 0.0)  # another picture replaced the clip
        self._bar.setEnabled(d.video is not None and not d.busy)

    # -- frames ------------------------------------------------------------------------------------
    @Slot(int)
    def go_to(self, number: int) -> None:
        """Show frame ``number`` (read off the GUI thread; a newer request replaces it)."""
        clip = self.clip
        if clip is None or self._doc.busy:
            return
        self._wanted = self._frames.request(clip.path, number, *self._written())

    def _written(self) -> tuple[Path | None, int]:
        """The upscaled clip, when it exists and was made with the model chosen now, and the
        source's frame its first frame is (a range of frames was written)."""
        if self._clip_result is None:
            return None, 0
        output, model, _, _, first = self._clip_result
        if model == self._doc.model and output.is_file():
            return output, first
        return None, 0

    @Slot(object)
    def _on_engine(self, engine: object) -> None:
        assert isinstance(engine, Engine)
        self._engines[engine.model_id] = engine

    @Slot(object)
    def _on_frame(self, frame: object) -> None:
        assert isinstance(frame, Frame)
        clip = self.clip
        if clip is None or frame.path != clip.path:
            return
        if frame.token != self._wanted:
            return  # an older request's answer (a slider move just before Play, say)
        if self.playing:
            self._show_playing(frame)
            return
        if self._doc.busy:
            return
        self._open_frame(clip, frame)

    def _open_frame(self, clip: Clip, frame: Frame) -> None:
        clip.frame = frame.number
        d = self._doc
        d.open(frame_image(clip, frame.pixels), video=clip)
        self._bar.show_frame(frame.number)
        if frame.result is not None and self._clip_result is not None:
            output, model, engine, seconds, _ = self._clip_result
            result = ran(frame.result, model, engine, seconds)
            # Not unsaved and not a trial: it leaves with the frame (the file holds them all).
            result.saved_to = output
            d.add_result(result)

    @Slot(object, object)
    def _on_frame_failed(self, path: object, failure: object) -> None:
        assert isinstance(failure, Failure)
        if path == self.opening:
            self.opening = None
            self._status.message("")
            self._dialogs.error(translate("VideoCommands", "Cannot open video"), failure.text())
            return
        self.set_playing(False)
        self._status.message(
            translate("VideoCommands", "This frame cannot be shown: {reason}").format(
                reason=failure.text()
            ),
            10000,
        )

    # -- playback ------------------------------------------------------------------------------
    @Slot(bool)
    def set_playing(self, playing: bool) -> None:
        """Play the clip from the frame on screen (its result beside it once written), frame
        by frame in the compare view, each for its own duration (at most: a frame slower to
        decode is late, none is skipped); stop on the frame reached, which becomes the
        document's picture."""
        clip = self.clip
        playing = playing and clip is not None and not self._doc.busy
        if playing == self.playing:
            self._bar.set_playing(playing)
            return
        self.playing = playing
        self._bar.set_playing(playing)
        self._next.stop()
        if playing and clip is not None:
            start = 0 if clip.frame >= clip.frame_count - 1 else clip.frame + 1
            self._shown_at = time.monotonic()
            self._wanted = self._frames.request(clip.path, start, *self._written())
        elif clip is not None:
            self.go_to(self._bar.slider.value())  # the frame reached, as the picture

    def _show_playing(self, frame: Frame) -> None:
        clip = self.clip
        assert clip is not None
        self._view.set_original(frame.pixels, float(self._doc.model.scale), keep_view=True)
        if frame.result is not None:
            self._view.set_result(frame.result)
        self._bar.show_frame(frame.number)
        self._play_frame = frame.number
        if frame.number >= clip.frame_count - 1:
            self.set_playing(False)
            return
        wait = clip.duration_of(frame.number) - (time.monotonic() - self._shown_at)
        self._next.start(max(0, round(wait * 1000)))

    @Slot()
    def _play_next(self) -> None:
        clip = self.clip
        if not self.playing or clip is None:
            return
        self._shown_at = time.monotonic()
        self._wanted = self._frames.request(clip.path, self._play_frame + 1, *self._written())

    # -- the whole clip ------------------------------------------------------------------------
    def target_text(self) -> str:
        """Step 4's line under the video options: the file the clip will be written to."""
        d = self._doc
        if d.video is None:
            return ""
        try:
            target, _ = video_target(d.video.path, d.model, d.output)
        except UpscalerError as err:
            return error_text(err)
        return translate("VideoCommands", "Result file: {name}").format(name=target.name)

    @Slot()
    def upscale_video(self) -> None:
        """Write the upscaled clip as step 4 says (codec, quality, frames); continue an
        interrupted run if the user wants, with the codec, quality and frames it began with."""
        d = self._doc
        clip = d.video
        if clip is None or d.busy:
            return
        self.set_playing(False)
        info = d.model
        ok, model_path = self._models.model_file(info)
        if not ok:
            return
        try:
            target, overwrite = video_target(clip.path, info, d.output)
        except UpscalerError as err:
            self._dialogs.error(translate("VideoCommands", "Upscaling failed"), error_text(err))
            return
        codec, crf = chosen_codec(d.output.video).name, chosen_crf(d.output.video)
        frames: tuple[int, int] | None = clip.frames
        resume: bool | None = False
        earlier = saved_progress(target)
        saved = saved_choices(target) if earlier else None
        whole = (0, clip.frame_count - 1)
        if (
            earlier
            and saved is not None
            and (saved.codec, saved.crf, saved.frames)
            != (
                codec,
                crf,
                frames or whole,
            )
        ):
            resume = self._dialogs.ask_continue(
                translate("VideoCommands", "Continue the Video"),
                translate(
                    "VideoCommands",
                    "An earlier run of {name} stopped with about {count} frames done, written "
                    "as {saved}, {saved_frames}. Continue it with those settings? (No starts "
                    "over as {chosen}, {frames}.)",
                ).format(
                    name=target.name,
                    count=earlier,
                    saved=quality_words(saved.codec, saved.crf),
                    saved_frames=self._frames_words(clip, saved.frames),
                    chosen=quality_words(codec, crf),
                    frames=self._frames_words(clip, frames),
                ),
            )
            if resume:  # a resumed run must be made as it began (the core checks it)
                codec, crf, frames = saved.codec, saved.crf, self._range_of(clip, saved)
        elif earlier:
            resume = self._dialogs.ask_continue(
                translate("VideoCommands", "Continue the Video"),
                translate(
                    "VideoCommands",
                    "An earlier run of {name} stopped with about {count} frames done. Continue "
                    "it? (No starts over.)",
                ).format(name=target.name, count=earlier),
            )
        if resume is None:  # Cancel or Escape: nothing starts, the finished parts stay
            return
        tile = d.tile
        if resume and saved is not None and saved.tile is not None:
            tile = saved.tile  # its frames were cut so; step 3's size is for the next run
        handle = self._host.submit(
            VideoUpscaleJob(
                source=clip.path,
                target=target,
                info=info,
                model_path=model_path,
                options=VideoOptions(
                    tile=tile,
                    codec=codec,
                    crf=crf,
                    frames=frames,
                    overwrite=overwrite,
                    resume=resume,
                ),
            )
        )
        handle.progress.connect(self._status.set_frames)
        handle.finished.connect(self._on_finished)
        handle.failed.connect(self._on_failed)
        handle.cancelled.connect(self._on_cancelled)
        self.run = handle
        d.set_running(single=True)
        self._status.start()
        self._status.message(
            translate(
                "VideoCommands", "Upscaling {name} with {label} into {target} ({codec})..."
            ).format(
                name=clip.path.name,
                label=info.label,
                target=target.name,
                codec=quality_words(codec, crf),
            )
        )

    @staticmethod
    def _range_of(clip: Clip, saved: SavedChoices) -> tuple[int, int] | None:
        return None if saved.frames == (0, clip.frame_count - 1) else saved.frames

    @staticmethod
    def _frames_words(clip: Clip, frames: tuple[int, int] | None) -> str:
        """``the whole clip`` or ``frames 11 to 40`` (counted from 1, as the slider does)."""
        if frames is None or frames == (0, clip.frame_count - 1):
            return translate("VideoCommands", "the whole clip")
        return translate("VideoCommands", "frames {first} to {last}").format(
            first=frames[0] + 1, last=frames[1] + 1
        )

    @Slot()
    def cancel(self) -> None:
        """Stop the clip's run; its finished segments stay for the next run to continue."""
        if self.run is not None:
            self.run.cancel()

    def _end_run(self) -> VideoUpscaleJob | None:
        handle, self.run = self.run, None
        if handle is None:
            return None
        self._doc.set_running(single=False)
        self._status.stop()
        job = handle.job
        assert isinstance(job, VideoUpscaleJob)
        return job

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        job = self._end_run()
        if job is None:
            return
        assert isinstance(result, VideoResult)
        self._frames.forget(result.output)  # an earlier file of that name may be open
        engine = self._engines.get(job.info.id)
        first = result.plan.span.start
        self._clip_result = (result.output, job.info, engine, result.seconds, first)
        text = (
            translate("VideoCommands", "Written {name}: 1 frame in {time} ({fps} frames/s).")
            if result.plan.frame_count == 1
            else translate(
                "VideoCommands", "Written {name}: {frames} frames in {time} ({fps} frames/s)."
            )
        ).format(
            name=result.output.name,
            frames=result.plan.frame_count,
            time=format_duration(result.seconds),
            fps=f"{result.fps:.1f}",
        )
        if result.resumed_from:
            text = sentences(
                text,
                translate("VideoCommands", "{count} frames came from the interrupted run.").format(
                    count=result.resumed_from
                ),
            )
        notes = localized_all(result.notes)
        if notes:
            text = sentences(text, "; ".join(notes))
        self._status.message(text, 20000)
        clip = self.clip
        if clip is not None and clip.path == job.source:
            self.go_to(clip.frame)  # the frame on screen with its upscaled version

    @Slot(object)
    def _on_failed(self, failure: object) -> None:
        job = self._end_run()
        if job is None:
            return
        # Replaces "Upscaling NAME ...", which would otherwise stay as if it were still going on.
        self._status.message(
            translate("VideoCommands", "{name} was not written.").format(name=job.target.name)
        )
        message = str(failure)
        if isinstance(failure, Failure) and isinstance(failure.error, ResumeError):
            message = sentences(
                message,
                translate("VideoCommands", "Upscale the video again and answer No to start over."),
            )
        self._dialogs.error(translate("VideoCommands", "Upscaling failed"), message)

    @Slot()
    def _on_cancelled(self) -> None:
        job = self._end_run()
        if job is None:
            return
        self._status.message(
            translate(
                "VideoCommands",
                "Stopped; nothing was written to {name}. The finished parts are kept: upscale "
                "the video again to continue.",
            ).format(name=job.target.name),
            20000,
        )
