"""What happens to the sound, subtitles and other streams of the source in the output container.

Copied packet for packet when the output container takes the codec (checked by writing a header
in memory, which catches what FFmpeg's codec list does not). Otherwise: sound is re-encoded
losslessly (FLAC, else ALAC) or, where neither fits, as 256 kb/s AAC; text subtitles are rewritten
as the container's text format (the words and timing are kept, styling is not); picture
subtitles, data streams and extra video streams are left out. Every choice but a copy is said.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

import av
import av.container
import av.error
import av.stream

from upscaler.core.messages import Text, text

Action = Literal["copy", "audio", "text", "drop"]

#: Lossless first; AAC at a high rate where no lossless codec fits the container.
AUDIO_REENCODE = (("flac", None), ("alac", None), ("aac", 256_000))
#: Text subtitle codecs we can rewrite, and each container's own text subtitle codec.
TEXT_SUBTITLES = frozenset({"subrip", "srt", "ass", "ssa", "mov_text", "webvtt", "text"})
CONTAINER_TEXT_SUBTITLE = {"mp4": "mov_text", "mov": "mov_text", "matroska": "subrip"}


@dataclass(frozen=True)
class StreamPlan:
    index: int  # in the source
    kind: str
    codec: str
    action: Action
    target: str | None  # codec written (None for copy/drop)
    bit_rate: int | None = None
    note: Text | None = None


def _header_accepts(fmt: str, stream: av.stream.Stream) -> bool:
    """Whether ``fmt`` can hold a copy of ``stream`` (a header written in memory)."""
    buffer = io.BytesIO()
    try:
        out = av.open(buffer, "w", format=fmt)
        try:
            out.add_stream_from_template(stream)
            out.start_encoding()
        finally:
            out.close()
    except (av.error.FFmpegError, ValueError):
        return False
    return True


def _encoder_fits(fmt: str, codec: str) -> bool:
    out = av.open(io.BytesIO(), "w", format=fmt)
    try:
        return codec in out.supported_codecs
    finally:
        out.close()


def plan_streams(
    container: av.container.InputContainer, video_index: int, fmt: str
) -> list[StreamPlan]:
    """A plan for every stream but the picture being upscaled."""
    plans = []
    for stream in container.streams:
        if stream.index == video_index:
            continue
        codec = stream.codec_context.codec.name if stream.codec_context is not None else "unknown"
        plans.append(_plan_one(stream, codec, fmt))
    return plans


def _plan_one(stream: av.stream.Stream, codec: str, fmt: str) -> StreamPlan:
    kind = stream.type
    if kind == "video":
        return StreamPlan(
            stream.index,
            kind,
            codec,
            "drop",
            None,
            note=text(
                "video stream {index} ({codec}) is left out: only the first picture is upscaled",
                index=stream.index,
                codec=codec,
            ),
        )
    if kind in ("audio", "subtitle") and _header_accepts(fmt, stream):
        return StreamPlan(stream.index, kind, codec, "copy", None)
    if kind == "audio":
        for target, rate in AUDIO_REENCODE:
            if not _encoder_fits(fmt, target):
                continue
            if rate is None:
                note = text(
                    "sound stream {index} ({codec}) cannot be copied into this container: it is "
                    "re-encoded losslessly as {target}",
                    index=stream.index,
                    codec=codec,
                    target=target,
                )
            else:
                note = text(
                    "sound stream {index} ({codec}) cannot be copied into this container: it is "
                    "re-encoded at {rate} kb/s as {target}",
                    index=stream.index,
                    codec=codec,
                    rate=rate // 1000,
                    target=target,
                )
            return StreamPlan(stream.index, kind, codec, "audio", target, rate, note)
    if kind == "subtitle" and codec in TEXT_SUBTITLES and fmt in CONTAINER_TEXT_SUBTITLE:
        target = CONTAINER_TEXT_SUBTITLE[fmt]
        return StreamPlan(
            stream.index,
            kind,
            codec,
            "text",
            target,
            note=text(
                "subtitle stream {index} ({codec}) is rewritten as {target}: the words and timing "
                "are kept, styling is not",
                index=stream.index,
                codec=codec,
                target=target,
            ),
        )
    return StreamPlan(
        stream.index,
        kind,
        codec,
        "drop",
        None,
        note=text(
            "{kind} stream {index} ({codec}) cannot be kept in this container and is left out; an "
            ".mkv output keeps more kinds of streams",
            kind=kind,
            index=stream.index,
            codec=codec,
        ),
    )


# -- text subtitles between formats -----------------------------------------------------------


def subtitle_text(codec: str, data: bytes) -> str:
    """The words of one subtitle packet, whatever its text format."""
    if codec == "mov_text":
        length = int.from_bytes(data[:2], "big") if len(data) >= 2 else 0
        return data[2 : 2 + length].decode("utf-8", "replace")
    raw = data.decode("utf-8", "replace")
    if codec in ("ass", "ssa"):  # ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text
        parts = raw.split(",", 8)
        raw = parts[-1] if len(parts) == 9 else raw
        raw = _strip_ass_tags(raw).replace("\\N", "\n").replace("\\n", "\n")
    return raw


def _strip_ass_tags(line: str) -> str:
    out, depth = [], 0
    for char in line:
        if char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out)


def subtitle_packet_data(target: str, words: str) -> bytes:
    """Packet payload of ``words`` in the ``target`` text format."""
    encoded = words.encode("utf-8")
    if target == "mov_text":
        return len(encoded).to_bytes(2, "big") + encoded
    return encoded
