"""What a clip holds, read from its header and first frame: enough to plan a run and refuse a bad
file before any work starts.

The first frame is decoded, not only the header read: a codec FFmpeg knows by name but cannot
decode here, or a file cut off before its first picture, must fail now, not an hour in. Rotation
is only known from a decoded frame (it lives in side data).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import av.container
import av.error
import av.stream
import av.video.stream

from upscaler.core.messages import text
from upscaler.core.video.errors import VideoReadError

#: File extensions taken as videos (the containers FFmpeg reads that people name).
VIDEO_SUFFIXES = frozenset(
    {
        ".mp4",
        ".m4v",
        ".mkv",
        ".mov",
        ".webm",
        ".avi",
        ".wmv",
        ".flv",
        ".mpg",
        ".mpeg",
        ".ts",
        ".m2ts",
        ".mts",
        ".3gp",
        ".ogv",
    }
)


def is_video_path(path: str | os.PathLike[str]) -> bool:
    """True for a name with a video extension (what the CLI dispatches on)."""
    return Path(path).suffix.lower() in VIDEO_SUFFIXES


@dataclass(frozen=True)
class StreamInfo:
    """A stream other than the picture: audio, subtitles, data."""

    index: int
    kind: str  # "audio" | "subtitle" | "data" | "attachment" | "video" (a second picture)
    codec: str
    language: str | None


@dataclass(frozen=True)
class VideoInfo:
    """The picture stream and what travels with it."""

    path: Path
    container: str  # FFmpeg's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    stream_index: int
    codec: str  # decoder name, e.g. "h264"
    width: int
    height: int
    pix_fmt: str  # e.g. "yuv420p", "yuv420p10le"
    bit_depth: int  # bits per sample of the decoded picture (8, 10, 12...)
    time_base: Fraction
    frame_rate: Fraction | None  # average rate; None when the header does not say
    frame_count: int | None  # from the header (MP4 knows, MKV does not); exact: FrameIndex
    duration: float | None  # seconds of video, when the header says
    sample_aspect_ratio: Fraction | None  # pixel aspect (None or 0: square/unknown)
    rotation: int  # degrees counter-clockwise the player turns the picture (0, 90, 180, -90)
    color_range: int  # FFmpeg's AVColorRange / AVColorPrimaries / AVColorTransferCharacteristic /
    color_primaries: int  # AVColorSpace numbers, copied to the output as they are
    color_trc: int
    colorspace: int
    others: tuple[StreamInfo, ...]  # audio, subtitles... in file order

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as shown (after the rotation)."""
        turned = self.rotation % 180 != 0
        return (self.height, self.width) if turned else (self.width, self.height)


def describe_av_error(err: BaseException) -> str:
    """FFmpeg's reason without its errno noise: "Invalid data found when processing input"."""
    reason = getattr(err, "strerror", None) or str(err)
    return str(reason).strip() or type(err).__name__


@contextmanager
def open_input(path: Path) -> Iterator[av.container.InputContainer]:
    """Open a clip for reading; every FFmpeg refusal becomes one :class:`VideoReadError`."""
    if not path.exists():
        raise VideoReadError(text("no such file"), path)
    if not path.is_file():
        raise VideoReadError(text("is not a regular file"), path)
    try:
        container = av.open(str(path), mode="r")
    except av.error.InvalidDataError as err:
        raise VideoReadError(
            text(
                "is not a video FFmpeg can read, or it is damaged or truncated ({reason})",
                reason=describe_av_error(err),
            ),
            path,
        ) from err
    except (av.error.FFmpegError, OSError) as err:
        raise VideoReadError(
            text("cannot be opened ({reason})", reason=describe_av_error(err)), path
        ) from err
    try:
        _refuse_a_picture(container, path)
        yield container
    finally:
        container.close()


def _refuse_a_picture(container: av.container.InputContainer, path: Path) -> None:
    """A lone picture (FFmpeg's image demuxers: ``png_pipe``, ``jpeg_pipe``... found by content
    whatever the name) is not a clip: a photo named "clip.mp4" must not become a one-frame
    video of itself."""
    name = container.format.name
    if name == "image2" or name.endswith("_pipe"):
        kind = name.removesuffix("_pipe") if name != "image2" else "image"
        raise VideoReadError(
            text(
                "is a {kind} picture, not a video; give it its picture extension (.png, .jpg "
                "...) to upscale it as a picture",
                kind=kind.upper(),
            ),
            path,
        )


def pick_video_stream(
    container: av.container.InputContainer, path: Path
) -> av.video.stream.VideoStream:
    """The first picture stream that is not cover art; a clear error when there is none."""
    for stream in container.streams.video:
        if not stream.disposition & av.stream.Disposition.attached_pic:
            return stream
    raise VideoReadError(text("has no video stream (only sound, subtitles or cover art)"), path)


def check_decoder(stream: av.video.stream.VideoStream, path: Path) -> None:
    """Refuse a picture codec this FFmpeg build has no decoder for."""
    name = stream.codec_context.codec.name if stream.codec_context is not None else None
    if not name or name == "none":
        tag = stream.codec_context.codec_tag if stream.codec_context is not None else ""
        raise VideoReadError(
            text(
                "its video codec ({codec}) is not supported; convert the clip to H.264 or another "
                "common codec first",
                codec=tag.strip("\0 ") or "unknown",
            ),
            path,
        )


def _bit_depth(pix_fmt: str) -> int:
    try:
        components = av.VideoFormat(pix_fmt).components
    except (ValueError, av.error.FFmpegError):
        return 8
    return max((c.bits for c in components), default=8)


def _stream_duration(stream: av.video.stream.VideoStream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    tag = stream.metadata.get("DURATION")  # Matroska keeps it as a tag: "00:00:04.000000000"
    if tag:
        try:
            hours, minutes, seconds = tag.split(":")
            return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
        except ValueError:
            return None
    return None


def probe_video(path: str | os.PathLike[str]) -> VideoInfo:
    """The clip's picture stream and companions; decodes the first frame to prove it can.

    Raises :class:`VideoReadError` naming the file: missing, not a video, no video stream, a codec
    without a decoder here, or no frame that decodes (truncated or damaged).
    """
    path = Path(path)
    with open_input(path) as container:
        stream = pick_video_stream(container, path)
        check_decoder(stream, path)
        first = first_frame(container, stream, path)
        ctx = stream.codec_context
        others = tuple(
            StreamInfo(
                s.index,
                s.type,
                s.codec_context.codec.name if s.codec_context is not None else "unknown",
                s.language,
            )
            for s in container.streams
            if s.index != stream.index
        )
        rate = stream.average_rate or stream.guessed_rate
        sar = stream.sample_aspect_ratio
        return VideoInfo(
            path=path,
            container=container.format.name,
            stream_index=stream.index,
            codec=ctx.codec.name,
            width=first.width,
            height=first.height,
            pix_fmt=first.format.name,
            bit_depth=_bit_depth(first.format.name),
            time_base=stream.time_base or Fraction(1, 90000),
            frame_rate=Fraction(rate) if rate else None,
            frame_count=stream.frames or None,
            duration=_stream_duration(stream),
            sample_aspect_ratio=Fraction(sar) if sar else None,
            rotation=int(first.rotation),
            color_range=int(first.color_range),
            color_primaries=int(first.color_primaries),
            color_trc=int(first.color_trc),
            colorspace=int(first.colorspace),
            others=others,
        )


def first_frame(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream, path: Path
) -> av.VideoFrame:
    """The first decodable frame, or a VideoReadError saying the picture cannot be decoded."""
    try:
        for frame in container.decode(stream):
            return frame
    except av.error.FFmpegError as err:
        raise VideoReadError(
            text(
                "its first frame cannot be decoded; the file is damaged or truncated ({reason})",
                reason=describe_av_error(err),
            ),
            path,
        ) from err
    raise VideoReadError(text("holds no video frame (empty, or truncated)"), path)
