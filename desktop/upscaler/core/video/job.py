"""One clip in, one clip out: plan (every refusal before work starts), then run the bounded
pipeline, then join the parts.

Three stages overlap: a thread decodes, the caller's thread upscales (the engine is not
thread-safe, so it stays where it was loaded), a thread encodes. Between them are queues of
``QUEUE_FRAMES`` frames, so memory does not grow with the clip's length. Every frame goes through
``Upscaler.upscale`` with one tile side fixed for the whole run, so every frame is cut into the
same tiles (no flicker from a changing grid). The encoder writes segments of about two seconds
into the resume folder; a cancel or a failure keeps the finished ones, and ``resume=True``
continues after them. The clip appears under its name only when whole (see ``mux``).
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import numpy as np

from upscaler import __version__
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled
from upscaler.core.estimate import estimate
from upscaler.core.fsutil import place
from upscaler.core.messages import Text, text
from upscaler.core.pipeline import check_target
from upscaler.core.video.decode import DecodedFrame, VideoReader
from upscaler.core.video.encode import (
    CODECS,
    Codec,
    EncoderSettings,
    SegmentWriter,
    default_codec,
    encoder_for,
    output_pix_fmt,
)
from upscaler.core.video.errors import VideoWriteError
from upscaler.core.video.estimate import (
    QUEUE_FRAMES,
    VideoEstimate,
    check_disk,
    check_memory,
    video_estimate,
)
from upscaler.core.video.index import FrameIndex
from upscaler.core.video.mux import Span, assemble, container_for, plan_notes
from upscaler.core.video.probe import VideoInfo, probe_video
from upscaler.core.video.resume import WorkFolder, open_work_folder, saved_identity

ProgressFn = Callable[[int, int], None]
FrameFn = Callable[[int, np.ndarray], None]

#: Seconds of video per segment: what a crash can cost at most, and the keyframe spacing.
SEGMENT_SECONDS = 2
MIN_SEGMENT_FRAMES, MAX_SEGMENT_FRAMES = 8, 120


@dataclass(frozen=True)
class VideoJob:
    source: Path
    target: Path


@dataclass(frozen=True)
class VideoOptions:
    """How to run: the CLI's flags, and what the window will set."""

    tile: int | None = None  # input px; None: the engine's Auto side (then fixed for the run)
    codec: str | None = None  # a key of CODECS; None: the best available (H.264 here)
    crf: int | None = None  # None: the codec's default quality
    frames: tuple[int, int | None] | None = None  # first and last frame (0-based, inclusive)
    overwrite: bool = False
    resume: bool = False
    segment_frames: int | None = None  # None: about SEGMENT_SECONDS of video


@dataclass(frozen=True)
class VideoPlan:
    """Everything known before the first frame is upscaled."""

    job: VideoJob
    info: VideoInfo
    index: FrameIndex
    span: Span
    tile: int  # the one tile side every frame uses
    settings: EncoderSettings
    segment_frames: int
    estimate: VideoEstimate
    notes: tuple[Text, ...]
    identity: dict[str, Any]
    options: VideoOptions

    @property
    def frame_count(self) -> int:
        return self.span.stop - self.span.start

    @property
    def output_size(self) -> tuple[int, int]:
        return self.settings.width, self.settings.height


@dataclass(frozen=True)
class VideoResult:
    plan: VideoPlan
    frames: int  # upscaled in this run (fewer than the plan's when resumed)
    resumed_from: int  # frames an earlier run had finished
    seconds: float
    notes: tuple[Text, ...] = field(default_factory=tuple)

    @property
    def output(self) -> Path:
        return self.plan.job.target

    @property
    def fps(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else 0.0


# -- planning -----------------------------------------------------------------------------------


def parse_frames(spec: str) -> tuple[int, int | None]:
    """``A-B`` (both included, counted from 0), ``A-`` (to the end), ``-B``, or ``N``."""
    cleaned = spec.strip()
    if not cleaned:
        raise ValueError("an empty frame range; give one such as 0-99")
    first, dash, last = cleaned.partition("-")
    try:
        start = int(first) if first.strip() else 0
        stop = (int(last) if last.strip() else None) if dash else start
    except ValueError:
        raise ValueError(f"'{spec}' is not a frame range such as 0-99") from None
    if start < 0 or (stop is not None and stop < start):
        raise ValueError(f"'{spec}' is not a frame range such as 0-99 (first <= last, from 0)")
    return start, stop


def _span(frames: tuple[int, int | None] | None, index: FrameIndex, path: Path) -> Span:
    if frames is None:
        return Span(0, len(index), 0)
    start, last = frames
    stop = len(index) if last is None else last + 1
    if start >= len(index):
        raise VideoWriteError(
            text(
                "the clip has {count} frames (0-{last}); frame {start} is not in it",
                count=len(index),
                last=len(index) - 1,
                start=start,
            ),
            path,
        )
    return Span(start, min(stop, len(index)), index.pts[start] if start else 0)


def resolve_codec(name: str | None) -> tuple[Codec, str]:
    codec = default_codec() if name is None else CODECS.get(name.lower())
    if codec is None:
        raise VideoWriteError(
            text(
                "unknown codec '{name}'; choose one of {choices}",
                name=name,
                choices=", ".join(CODECS),
            )
        )
    encoder = encoder_for(codec)
    if encoder is None:
        raise VideoWriteError(text("this FFmpeg build cannot encode {codec}", codec=codec.name))
    return codec, encoder


def _check_crf(codec: Codec, crf: int | None) -> None:
    if crf is None:
        return
    low, high = codec.crf_range
    if codec.default_crf is None:
        raise VideoWriteError(
            text("{codec} is lossless and takes no --crf; got {crf}", codec=codec.name, crf=crf)
        )
    if not low <= crf <= high:
        raise VideoWriteError(
            text(
                "{codec} takes --crf {low}-{high}; got {crf}",
                codec=codec.name,
                low=low,
                high=high,
                crf=crf,
            )
        )


def plan_video(job: VideoJob, upscaler: Upscaler, options: VideoOptions | None = None) -> VideoPlan:
    """Probe and index the clip and refuse, before any work, whatever cannot succeed: the target
    (the input itself, an existing file without overwrite), a bad codec, CRF or frame range, a
    run that would not fit in memory or on the disk."""
    options = options or VideoOptions()
    check_target(job.source, job.target, overwrite=options.overwrite)
    container_for(job.target)
    codec, encoder = resolve_codec(options.codec)
    container_for(job.target, codec)
    _check_crf(codec, options.crf)
    info = probe_video(job.source)
    with VideoReader(job.source, info) as reader:
        index = reader.index
    span = _span(options.frames, index, job.source)
    scale = upscaler.scale
    width, height = info.width * scale, info.height * scale
    pix_fmt, pix_note = output_pix_fmt(info, encoder, width, height)
    crf = options.crf if options.crf is not None else codec.default_crf
    settings = EncoderSettings(
        codec=codec.name,
        encoder=encoder,
        crf=crf,
        width=width,
        height=height,
        pix_fmt=pix_fmt,
        time_base=index.time_base,
        frame_rate=info.frame_rate,
        sample_aspect_ratio=info.sample_aspect_ratio,
        color_range=info.color_range,
        color_primaries=info.color_primaries,
        color_trc=info.color_trc,
        colorspace=info.colorspace,
    )
    tile = options.tile or upscaler.auto_tile()
    depth = 2 if info.bit_depth > 8 else 1
    frame_cost = estimate(
        info.width,
        info.height,
        3,
        upscaler.info,
        scale,
        tile,
        bytes_per_sample=depth,
        output_format="BMP",
        margin=upscaler.margin,
    )
    frames = span.stop - span.start
    share = frames / len(index)
    companions = max(0, job.source.stat().st_size - index.video_bytes)
    cost = video_estimate(
        frame_cost,
        frames=frames,
        width=info.width,
        height=info.height,
        scale=scale,
        bytes_per_sample=depth,
        codec=codec.name,
        encoder=encoder,
        crf=options.crf,
        default_crf=codec.default_crf,
        companion_bytes=int(companions * share),
    )
    check_memory(cost, job.source)
    check_disk(cost, job.target)
    segment = options.segment_frames or _segment_frames(info)
    notes: list[Text] = [pix_note] if pix_note else []
    notes += plan_notes(job.source, info.stream_index, job.target)
    return VideoPlan(
        job=job,
        info=info,
        index=index,
        span=span,
        tile=tile,
        settings=settings,
        segment_frames=segment,
        estimate=cost,
        notes=tuple(notes),
        identity=_identity(job, upscaler, settings, span, tile),
        options=options,
    )


def _segment_frames(info: VideoInfo) -> int:
    rate = float(info.frame_rate) if info.frame_rate else 25.0
    return max(MIN_SEGMENT_FRAMES, min(MAX_SEGMENT_FRAMES, round(rate * SEGMENT_SECONDS)))


def _identity(
    job: VideoJob, upscaler: Upscaler, settings: EncoderSettings, span: Span, tile: int
) -> dict[str, Any]:
    """What must match for saved segments to belong to this run."""
    stat = job.source.stat()
    model_file = getattr(upscaler.backend, "path", None)
    model_stamp = None
    if model_file is not None and Path(model_file).exists():
        mstat = Path(model_file).stat()
        model_stamp = f"{mstat.st_size}:{mstat.st_mtime_ns}"
    return {
        "source": os.path.normcase(str(job.source.resolve())),
        "source_file": f"{stat.st_size}:{stat.st_mtime_ns}",
        "model": upscaler.info.id,
        "model_file": model_stamp,
        "frames": [span.start, span.stop],
        "tile": tile,
        "encoder": settings.encoder,
        "crf": settings.crf,
        "pix_fmt": settings.pix_fmt,
        "program": __version__,
        "ffmpeg": av.__version__,
    }


@dataclass(frozen=True)
class SavedChoices:
    """The codec, quality, frames and tile an interrupted run was made with: a resumed run must
    use them (they are part of its identity), so a window can offer to continue with them."""

    codec: str  # a key of CODECS
    crf: int | None  # as the encoder used it (the codec's default filled in)
    frames: tuple[int, int]  # first and last frame, 0-based, both included
    tile: int | None = None  # the tile side its frames were cut into (every frame the same)


def saved_choices(target: Path) -> SavedChoices | None:
    """``SavedChoices`` of the interrupted earlier run of ``target``; None when there is none or
    its record is unreadable or from an encoder this program does not offer."""
    identity = saved_identity(target)
    if identity is None:
        return None
    codec = next((c for c in CODECS.values() if identity.get("encoder") in c.encoders), None)
    frames, crf = identity.get("frames"), identity.get("crf")
    if (
        codec is None
        or not isinstance(frames, list)
        or len(frames) != 2
        or not all(isinstance(f, int) for f in frames)
        or not (crf is None or isinstance(crf, int))
    ):
        return None
    tile = identity.get("tile")
    tile = tile if isinstance(tile, int) and tile > 0 else None
    return SavedChoices(codec.name, crf, (frames[0], frames[1] - 1), tile)


# -- running ------------------------------------------------------------------------------------

_END = object()


class _Stages:
    """Shared state of the three stages: the first failure wins and stops the others."""

    def __init__(self, cancel: threading.Event) -> None:
        self.cancel = cancel
        self.halt = threading.Event()
        self.error: BaseException | None = None
        self._lock = threading.Lock()

    def fail(self, err: BaseException) -> None:
        with self._lock:
            if self.error is None:
                self.error = err
        self.halt.set()

    def stopping(self) -> bool:
        return self.halt.is_set() or self.cancel.is_set()

    def put(self, q: queue.Queue[Any], item: object) -> None:
        while not self.stopping():
            try:
                q.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
        raise Cancelled()

    def get(self, q: queue.Queue[Any]) -> Any:
        while not self.stopping():
            try:
                return q.get(timeout=0.1)
            except queue.Empty:
                continue
        raise Cancelled()


def run_video(
    plan: VideoPlan,
    upscaler: Upscaler,
    *,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    on_frame: FrameFn | None = None,
) -> VideoResult:
    """Upscale every frame of the plan's span and write the clip.

    ``progress(done, total)`` counts frames written (from the encoding thread);
    ``on_frame(number, pixels)`` gets each upscaled frame (from the calling thread) for a live
    view. A set ``cancel`` raises :class:`Cancelled` soon after; finished segments stay for
    a run planned with ``resume=True``. On any failure the output name is left as it was.
    """
    start_time = time.perf_counter()
    cancel = cancel or threading.Event()
    try:
        plan.job.target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise VideoWriteError(
            text("the output folder cannot be created ({reason})", reason=str(err.strerror or err)),
            plan.job.target,
        ) from err
    work, done_segments = open_work_folder(
        plan.job.target,
        plan.identity,
        segment_frames=plan.segment_frames,
        total_frames=plan.frame_count,
        resume=plan.options.resume,
    )
    done = min(plan.frame_count, done_segments * work.segment_frames)
    if progress is not None:
        progress(done, plan.frame_count)
    if done < plan.frame_count:
        _run_stages(plan, upscaler, work, done_segments, cancel, progress, on_frame)
    if cancel.is_set():
        raise Cancelled()
    notes = assemble(
        plan.job.source,
        plan.info.stream_index,
        work.segments(),
        plan.job.target,
        plan.index,
        plan.span,
        plan.info.rotation,
        overwrite=plan.options.overwrite,
    )
    work.remove()
    return VideoResult(
        plan=plan,
        frames=plan.frame_count - done,
        resumed_from=done,
        seconds=time.perf_counter() - start_time,
        notes=tuple(dict.fromkeys([*plan.notes, *notes])),
    )


def _run_stages(
    plan: VideoPlan,
    upscaler: Upscaler,
    work: WorkFolder,
    first_segment: int,
    cancel: threading.Event,
    progress: ProgressFn | None,
    on_frame: FrameFn | None,
) -> None:
    stages = _Stages(cancel)
    decoded: queue.Queue[Any] = queue.Queue(QUEUE_FRAMES)
    upscaled: queue.Queue[Any] = queue.Queue(QUEUE_FRAMES)
    first = plan.span.start + first_segment * work.segment_frames

    def decode() -> None:
        try:
            with VideoReader(plan.job.source, plan.info, index=plan.index) as reader:
                for frame in reader.frames(first, plan.span.stop, cancel=stages.halt):
                    stages.put(decoded, frame)
            stages.put(decoded, _END)
        except Cancelled:
            pass
        except BaseException as err:
            stages.fail(err)

    def encode() -> None:
        try:
            _encode_segments(plan, work, first_segment, stages, upscaled, progress)
        except Cancelled:
            pass
        except BaseException as err:
            stages.fail(err)

    threads = [
        threading.Thread(target=decode, name="video-decode", daemon=True),
        threading.Thread(target=encode, name="video-encode", daemon=True),
    ]
    for thread in threads:
        thread.start()
    try:
        while True:
            item = stages.get(decoded)
            if item is _END:
                stages.put(upscaled, _END)
                break
            assert isinstance(item, DecodedFrame)
            pixels = upscaler.upscale(item.pixels, tile=plan.tile, cancel=cancel)
            if on_frame is not None:
                on_frame(item.number, pixels)
            stages.put(upscaled, (item, pixels))
    except Cancelled:
        stages.halt.set()
    except BaseException as err:
        stages.fail(err)
    finally:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.1)
    if stages.error is not None:
        raise stages.error
    if cancel.is_set():
        raise Cancelled()


def _encode_segments(
    plan: VideoPlan,
    work: WorkFolder,
    first_segment: int,
    stages: _Stages,
    upscaled: queue.Queue[Any],
    progress: ProgressFn | None,
) -> None:
    """Frames from the queue into segment files, each named only once complete."""
    number = first_segment
    writer: SegmentWriter | None = None
    written = first_segment * work.segment_frames
    try:
        while True:
            item = stages.get(upscaled)
            if item is _END:
                break
            frame, pixels = item
            if writer is None:
                final = work.segment_path(number)
                writer = SegmentWriter(final.with_name(final.name + ".part"), plan.settings)
            writer.add(pixels, frame.pts)
            written += 1
            start, stop = work.segment_span(number)
            if writer.frames == stop - start:
                _finish(writer, work.segment_path(number))
                writer = None
                number += 1
            if progress is not None:
                progress(written, plan.frame_count)
        if writer is not None:  # the source ended before the index said (cannot happen
            raise VideoWriteError(  # unless the file changed meanwhile)
                text("the clip ended before frame {number}", number=written),
                plan.job.source,
            )
    finally:
        if writer is not None:
            writer.discard()


def _finish(writer: SegmentWriter, final: Path) -> None:
    writer.close()
    place(writer.path, final)


def preview_frame(
    source: Path, number: int, upscaler: Upscaler, tile: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Frame ``number`` of the clip and its upscaled version, with the tile side a full run of
    the same options would use (so the preview is the frame the run will write)."""
    with VideoReader(source) as reader:
        pixels = reader.read_frame(number)
    return pixels, upscaler.upscale(pixels, tile=tile or upscaler.auto_tile())
