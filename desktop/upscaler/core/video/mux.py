"""The finished clip: the encoded segments joined by packet copy, with the source's sound and
subtitles interleaved by time, written to a temporary file and given its name only when whole.

Video packets keep the source's timestamps (less the start of a ``--frames`` range) and each
frame's own duration, so variable frame rates survive; the rotation tag and the container's
metadata and chapters are the source's. Packets from the segments and from the source are merged
by time, so memory does not grow with the clip.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import av
import av.audio.stream
import av.container
import av.error
import av.stream
import av.video.stream

from upscaler.core.errors import UpscalerError
from upscaler.core.fsutil import part_path, place, remove_stale_parts, sync_file
from upscaler.core.imageio.write import exists_error
from upscaler.core.messages import Text, text
from upscaler.core.video.encode import CODECS, Codec, default_codec, is_disk_full
from upscaler.core.video.errors import DiskFullError, VideoWriteError
from upscaler.core.video.index import FrameIndex
from upscaler.core.video.probe import describe_av_error, open_input
from upscaler.core.video.streams import (
    StreamPlan,
    plan_streams,
    subtitle_packet_data,
    subtitle_text,
)

#: Output container by file extension.
CONTAINERS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".mkv": "matroska"}
#: Container metadata the muxer writes itself.
OWN_METADATA = frozenset({"major_brand", "minor_version", "compatible_brands", "encoder"})


@dataclass(frozen=True)
class Span:
    """The frames a run covers, and the time shift that puts the first at its output time."""

    start: int
    stop: int  # exclusive
    offset: int  # subtracted from every timestamp, in the video time base


#: Written when the input's container is not one we write (AVI, WebM, ...) or cannot hold the
#: codec (FFV1 from an MP4): Matroska holds every codec, sound and subtitle stream.
FALLBACK_SUFFIX = ".mkv"


def container_for(path: Path, codec: Codec | None = None) -> str:
    """The container ``path``'s extension asks for; refused when it is none we write, or
    cannot hold ``codec``."""
    fmt = CONTAINERS.get(path.suffix.lower())
    if fmt is None:
        raise VideoWriteError(
            text("a video can be written as .mp4, .mkv or .mov, not {suffix}", suffix=path.suffix),
            path,
        )
    if codec is not None and fmt not in codec.containers:
        suffixes = sorted({s for s, f in CONTAINERS.items() if f in codec.containers})
        raise VideoWriteError(
            text(
                "{codec} video cannot be written in a {suffix} file; use one of {suffixes}",
                codec=codec.name,
                suffix=path.suffix,
                suffixes=", ".join(suffixes),
            ),
            path,
        )
    return fmt


def output_suffix(source: Path, codec: str | None = None) -> str:
    """The extension of ``source``'s upscaled clip written in ``codec`` (None: the default):
    the source's own container when it is one we write and it holds the codec, else Matroska.
    The CLI's default names and the window's names both come from here."""
    suffix = source.suffix.lower()
    fmt = CONTAINERS.get(suffix)
    if fmt is None:
        return FALLBACK_SUFFIX
    try:
        chosen = default_codec() if codec is None else CODECS.get(codec.lower())
    except VideoWriteError:  # no encoder at all: the planner says so
        chosen = None
    if chosen is not None and fmt not in chosen.containers:
        return FALLBACK_SUFFIX
    return source.suffix


def assemble(
    source: Path,
    video_index: int,
    segments: Sequence[Path],
    target: Path,
    frames: FrameIndex,
    span: Span,
    rotation: int,
    *,
    overwrite: bool,
) -> list[Text]:
    """Write ``target`` from the segments and the source's other streams; returns the notes
    (streams re-encoded or left out). On failure nothing is left under ``target``'s name or as
    a temporary file; an existing ``target`` is untouched unless the new one is complete and
    ``overwrite`` is set."""
    fmt = container_for(target)
    remove_stale_parts(target)  # a crash while joining an earlier run left its temporary file
    tmp = part_path(target)
    try:
        with open_input(source) as src:
            plans = plan_streams(src, video_index, fmt)
            _write(src, plans, segments, tmp, fmt, frames, span, rotation)
        sync_file(tmp)
        place(tmp, target, replace=overwrite)
    except BaseException as err:
        with suppress(OSError):
            tmp.unlink()
        if isinstance(err, FileExistsError):
            raise exists_error(target) from None
        if isinstance(err, UpscalerError) or not isinstance(err, (av.error.FFmpegError, OSError)):
            raise
        if is_disk_full(err):
            raise DiskFullError(
                text("the disk is full (writing the finished clip)"), target
            ) from err
        raise VideoWriteError(
            text("cannot write the clip ({reason})", reason=describe_av_error(err)), target
        ) from err
    return [p.note for p in plans if p.note is not None]


def _write(
    src: av.container.InputContainer,
    plans: list[StreamPlan],
    segments: Sequence[Path],
    tmp: Path,
    fmt: str,
    frames: FrameIndex,
    span: Span,
    rotation: int,
) -> None:
    # "disabled": a copied sound stream that starts before 0 (AAC priming) must not shift the
    # picture's timestamps (the default for Matroska moves everything to start at 0).
    out = av.open(str(tmp), "w", format=fmt, options={"avoid_negative_ts": "disabled"})
    try:
        out.metadata.update({k: v for k, v in src.metadata.items() if k not in OWN_METADATA})
        with suppress(AttributeError, av.error.FFmpegError, ValueError):
            out.set_chapters(cast(Any, _chapters_within(src, frames, span)))
        first = av.open(str(segments[0]))
        try:
            video: av.video.stream.VideoStream = out.add_stream_from_template(
                first.streams.video[0], opaque=True
            )
        finally:
            first.close()
        video.time_base = frames.time_base
        source_video = src.streams[_video_position(src, frames)]
        video.metadata.update(source_video.metadata)
        video.metadata.pop("DURATION", None)
        video.disposition = source_video.disposition
        if rotation:
            video.set_display_rotation(rotation)
        companions = _open_companions(src, out, plans)
        merged = heapq.merge(
            _video_packets(segments, video, frames, span),
            _companion_packets(src, companions, frames, span),
            key=lambda item: item[0],
        )
        for _, packet in merged:
            out.mux(packet)
        for companion in companions.values():
            if companion.sound is not None:
                out.mux(companion.encode(None))
    finally:
        out.close()


def _video_position(src: av.container.InputContainer, frames: FrameIndex) -> int:
    """The source stream whose time base the index uses (the first non-cover-art picture)."""
    for stream in src.streams.video:
        if not stream.disposition & av.stream.Disposition.attached_pic:
            return stream.index
    return src.streams.video[0].index


def _chapters_within(
    src: av.container.InputContainer, frames: FrameIndex, span: Span
) -> list[dict[str, Any]]:
    start = float((frames.pts[span.start]) * frames.time_base)
    end = float((frames.pts[span.stop - 1] + frames.durations[span.stop - 1]) * frames.time_base)
    shift = float(span.offset * frames.time_base)
    kept: list[dict[str, Any]] = []
    for chapter in src.chapters():
        tb = chapter["time_base"] or Fraction(1, 1000)
        c_start, c_end = float(chapter["start"] * tb), float(chapter["end"] * tb)
        if c_end <= start or c_start >= end:
            continue
        cut: dict[str, Any] = dict(chapter)
        cut["start"] = round((max(c_start, start) - shift) / tb)
        cut["end"] = round((min(c_end, end) - shift) / tb)
        kept.append(cut)
    return kept


def _video_packets(
    segments: Sequence[Path], video: av.video.stream.VideoStream, frames: FrameIndex, span: Span
) -> Iterator[tuple[float, av.Packet]]:
    """Every encoded frame in order, with its source timestamp and duration."""
    number = span.start
    for path in segments:
        seg = av.open(str(path))
        try:
            stream = seg.streams.video[0]
            for packet in seg.demux(stream):
                if packet.size == 0:
                    continue
                if number >= span.stop:
                    raise _mismatch(path)
                pts = frames.pts[number]
                base = stream.time_base or frames.time_base
                stamp = packet.pts * base if packet.pts is not None else None
                if stamp != pts * frames.time_base:
                    raise _mismatch(path)
                packet.stream = video
                packet.time_base = frames.time_base
                packet.pts = packet.dts = pts - span.offset
                packet.duration = frames.durations[number]
                number += 1
                yield float((pts - span.offset) * frames.time_base), packet
        finally:
            seg.close()
    if number != span.stop:
        raise VideoWriteError(
            text(
                "the finished parts hold {found} frames, {expected} expected",
                found=number - span.start,
                expected=span.stop - span.start,
            ),
            segments[0].parent if segments else None,
        )


def _mismatch(path: Path) -> VideoWriteError:
    return VideoWriteError(
        text("a finished part of the clip ({name}) does not match the source", name=path.name),
        path.parent,
    )


@dataclass
class _Companion:
    """A source stream's place in the output: copied, rewritten text, or re-encoded sound."""

    plan: StreamPlan
    stream: av.stream.Stream
    sound: av.audio.stream.AudioStream | None = None
    resampler: av.AudioResampler | None = None

    def encode(self, frame: av.AudioFrame | None) -> list[av.Packet]:
        """Sound through the resampler (the encoder's sample format) and the encoder."""
        assert self.sound is not None
        if frame is None:
            return self.sound.encode(None)
        if self.resampler is None:
            ctx = self.sound.codec_context
            formats = ctx.codec.audio_formats or ()
            self.resampler = av.AudioResampler(
                formats[0].name if formats else None, ctx.layout, ctx.sample_rate
            )
        return [p for f in self.resampler.resample(frame) for p in self.sound.encode(f)]


def _open_companions(
    src: av.container.InputContainer, out: av.container.OutputContainer, plans: list[StreamPlan]
) -> dict[int, _Companion]:
    companions: dict[int, _Companion] = {}
    for plan in plans:
        source = src.streams[plan.index]
        if plan.action == "copy":
            companion = _Companion(plan, out.add_stream_from_template(source))
        elif plan.action == "audio" and plan.target is not None:
            heard = cast(av.audio.stream.AudioStream, source)
            sound = cast(
                av.audio.stream.AudioStream,
                out.add_stream(plan.target, rate=heard.codec_context.sample_rate),
            )
            sound.layout = heard.codec_context.layout
            if plan.bit_rate:
                sound.bit_rate = plan.bit_rate
            companion = _Companion(plan, sound, sound)
        elif plan.action == "text" and plan.target is not None:
            companion = _Companion(plan, out.add_mux_stream(plan.target))
            companion.stream.time_base = source.time_base
        else:
            continue
        companion.stream.metadata.update(source.metadata)
        companion.stream.metadata.pop("DURATION", None)
        with suppress(AttributeError, ValueError):
            companion.stream.disposition = source.disposition
        companions[plan.index] = companion
    return companions


def _companion_packets(
    src: av.container.InputContainer,
    companions: dict[int, _Companion],
    frames: FrameIndex,
    span: Span,
) -> Iterator[tuple[float, av.Packet]]:
    """Sound and subtitle packets within the span's time, shifted like the video."""
    if not companions:
        return
    whole = span.start == 0 and span.stop == len(frames)
    begin = float(frames.pts[span.start] * frames.time_base)
    end = float((frames.pts[span.stop - 1] + frames.durations[span.stop - 1]) * frames.time_base)
    shift = float(span.offset * frames.time_base)
    for packet in src.demux([src.streams[i] for i in companions]):
        if packet.size == 0:
            continue
        companion = companions[packet.stream.index]
        tb = packet.stream.time_base or Fraction(1, 1000)
        stamp = packet.pts if packet.pts is not None else packet.dts
        seconds = float(stamp * tb) if stamp is not None else begin
        if not whole and not begin <= seconds < end:
            continue
        delta = round(shift / tb) if shift else 0
        action = companion.plan.action
        if action == "copy":
            packet.stream = companion.stream
            if delta:
                packet.pts = None if packet.pts is None else packet.pts - delta
                packet.dts = None if packet.dts is None else packet.dts - delta
            yield seconds - shift, packet
        elif action == "text":
            words = subtitle_text(companion.plan.codec, bytes(packet))
            new = av.Packet(subtitle_packet_data(companion.plan.target or "subrip", words))
            new.stream = companion.stream
            new.time_base = tb
            new.pts = new.dts = stamp - delta if stamp is not None else None
            new.duration = packet.duration
            yield seconds - shift, new
        else:  # re-encoded sound
            for frame in packet.decode():
                sound = cast(av.AudioFrame, frame)
                if sound.pts is not None and shift:
                    sound.pts -= delta
                for encoded in companion.encode(sound):
                    yield seconds - shift, encoded


def plan_notes(source: Path, video_index: int, target: Path) -> list[Text]:
    """What will happen to the other streams, for a dry run or before starting."""
    with open_input(source) as src:
        return [p.note for p in plan_streams(src, video_index, container_for(target)) if p.note]
