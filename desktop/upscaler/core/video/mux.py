"""The finished clip: the encoded segments joined by packet copy, with the source's sound and
subtitles interleaved by time, written to a temporary file and given its name only when whole.

Video packets keep the source's timestamps (less the start of a ``--frames`` range) and each
frame's own duration, so variable frame rates survive; the rotation tag and the container's
metadata and chapters are the source's. Packets from the segments and from the source are merged
by time, so memory does not grow with the clip.
"""

from __future__ import annotations

import heapq
import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import av
import av.container
import av.error
import av.stream

from upscaler.core.errors import UpscalerError
from upscaler.core.fsutil import sync_folder
from upscaler.core.imageio_write import PART_SUFFIX, place_new, remove_stale_parts
from upscaler.core.messages import Text, text
from upscaler.core.video.encode import is_disk_full
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


def container_for(path: Path) -> str:
    fmt = CONTAINERS.get(path.suffix.lower())
    if fmt is None:
        raise VideoWriteError(
            text("a video can be written as .mp4, .mkv or .mov, not {suffix}", suffix=path.suffix),
            path,
        )
    return fmt


def part_path(target: Path) -> Path:
    """The temporary name beside the target, in the image writer's pattern (its stale-file
    clean-up then covers videos too)."""
    return target.parent / f".{target.name}.{secrets.token_hex(4)}{PART_SUFFIX}"


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
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            place_new(tmp, target)
        sync_folder(target.parent)
    except BaseException as err:
        with suppress(OSError):
            tmp.unlink()
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
            out.set_chapters(_chapters_within(src, frames, span))
        first = av.open(str(segments[0]))
        try:
            video = out.add_stream_from_template(first.streams.video[0])
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
        for made, plan in companions.values():
            if plan.action == "audio":
                out.mux(made.encode(None))
    finally:
        out.close()


def _video_position(src: av.container.InputContainer, frames: FrameIndex) -> int:
    """The source stream whose time base the index uses (the first non-cover-art picture)."""
    for stream in src.streams.video:
        if not stream.disposition & av.stream.Disposition.attached_pic:
            return stream.index
    return src.streams.video[0].index


def _chapters_within(src: av.container.InputContainer, frames: FrameIndex, span: Span) -> list:
    start = float((frames.pts[span.start]) * frames.time_base)
    end = float((frames.pts[span.stop - 1] + frames.durations[span.stop - 1]) * frames.time_base)
    shift = float(span.offset * frames.time_base)
    kept = []
    for chapter in src.chapters():
        tb = chapter["time_base"]
        c_start, c_end = float(chapter["start"] * tb), float(chapter["end"] * tb)
        if c_end <= start or c_start >= end:
            continue
        chapter = dict(chapter)
        chapter["start"] = round((max(c_start, start) - shift) / tb)
        chapter["end"] = round((min(c_end, end) - shift) / tb)
        kept.append(chapter)
    return kept


def _video_packets(
    segments: Sequence[Path], video: av.stream.Stream, frames: FrameIndex, span: Span
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
                stamp = packet.pts * stream.time_base if packet.pts is not None else None
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


def _open_companions(
    src: av.container.InputContainer, out: av.container.OutputContainer, plans: list[StreamPlan]
) -> dict[int, tuple[av.stream.Stream, StreamPlan]]:
    streams: dict[int, tuple[av.stream.Stream, StreamPlan]] = {}
    for plan in plans:
        source = src.streams[plan.index]
        if plan.action == "copy":
            made = out.add_stream_from_template(source)
        elif plan.action == "audio":
            made = out.add_stream(plan.target, rate=source.codec_context.sample_rate)
            made.layout = source.codec_context.layout
            if plan.bit_rate:
                made.bit_rate = plan.bit_rate
        elif plan.action == "text":
            made = out.add_mux_stream(plan.target)
            made.time_base = source.time_base
        else:
            continue
        made.metadata.update(source.metadata)
        made.metadata.pop("DURATION", None)
        with suppress(AttributeError, ValueError):
            made.disposition = source.disposition
        streams[plan.index] = (made, plan)
    return streams


def _companion_packets(
    src: av.container.InputContainer,
    companions: dict[int, tuple[av.stream.Stream, StreamPlan]],
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
    resamplers: dict[int, av.AudioResampler] = {}
    for packet in src.demux([src.streams[i] for i in companions]):
        made, plan = companions[packet.stream.index]
        tb = packet.stream.time_base
        if packet.size == 0:
            continue
        stamp = packet.pts if packet.pts is not None else packet.dts
        seconds = float(stamp * tb) if stamp is not None else begin
        if not whole and not begin <= seconds < end:
            continue
        delta = round(shift / tb) if shift else 0
        if plan.action == "copy":
            packet.stream = made
            if delta:
                packet.pts = None if packet.pts is None else packet.pts - delta
                packet.dts = None if packet.dts is None else packet.dts - delta
            yield seconds - shift, packet
        elif plan.action == "text":
            words = subtitle_text(plan.codec, bytes(packet))
            new = av.Packet(subtitle_packet_data(plan.target or "subrip", words))
            new.stream = made
            new.time_base = tb
            new.pts = new.dts = stamp - delta if stamp is not None else None
            new.duration = packet.duration
            yield seconds - shift, new
        else:  # re-encoded sound
            for frame in packet.decode():
                resampler = resamplers.get(plan.index)
                if resampler is None:
                    fmt = made.codec_context.codec.audio_formats[0].name
                    resampler = av.AudioResampler(
                        fmt, made.codec_context.layout, made.codec_context.sample_rate
                    )
                    resamplers[plan.index] = resampler
                for converted in resampler.resample(frame):
                    if converted.pts is not None:
                        converted.pts -= round(shift * converted.sample_rate) if shift else 0
                    for encoded in made.encode(converted):
                        yield seconds - shift, encoded


def plan_notes(source: Path, video_index: int, target: Path) -> list[Text]:
    """What will happen to the other streams, for a dry run or before starting."""
    with open_input(source) as src:
        return [p.note for p in plan_streams(src, video_index, container_for(target)) if p.note]
