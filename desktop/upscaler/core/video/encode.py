"""Upscaled pixels back into compressed video, one independently decodable segment at a time.

Each segment is its own encoder run into a NUT file (FFmpeg's own container, which keeps any
time base exactly), starting with a keyframe and without B-frames, so that the segments can be
joined by copying packets (see ``mux``) and a run can resume at any segment boundary with the same
frames, times and keyframes as an uninterrupted one (the encoder's bytes may differ slightly:
docs/pitfalls.md, pitfall 32). Timestamps are the source's, frame by frame (variable frame rates
stay as they were); pixel aspect and colour tags are the source's.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import cast

import av
import av.container
import av.error
import av.video.stream
import numpy as np

from upscaler.core.fsutil import sync_file
from upscaler.core.messages import Text, text
from upscaler.core.video.errors import VideoWriteError
from upscaler.core.video.probe import VideoInfo, describe_av_error

SEGMENT_FORMAT = "nut"
SEGMENT_SUFFIX = ".nut"


@dataclass(frozen=True)
class Codec:
    """One ``--codec`` choice: the encoders that can do it (best first) and its quality knob."""

    name: str  # what --codec takes
    encoders: tuple[str, ...]
    default_crf: int | None  # None: no CRF (lossless or fixed quality)
    crf_range: tuple[int, int]
    licence: str  # of the encoder library, for the notes
    #: The containers (FFmpeg format names, see ``mux.CONTAINERS``) that hold it.
    containers: tuple[str, ...] = ("mp4", "mov", "matroska")


#: MOV takes neither VP9 nor AV1 (FFmpeg fails at the header); FFV1 only in Matroska (FFmpeg
#: writes it into MP4, where hardly a player reads it; MOV refuses it).
CODECS: dict[str, Codec] = {
    "h264": Codec("h264", ("libx264", "libopenh264"), 18, (0, 51), "GPL-2.0-or-later (x264)"),
    "hevc": Codec("hevc", ("libx265",), 20, (0, 51), "GPL-2.0-or-later (x265)"),
    "vp9": Codec("vp9", ("libvpx-vp9",), 24, (0, 63), "BSD-3-Clause (libvpx)", ("matroska", "mp4")),
    "av1": Codec(
        "av1",
        ("libsvtav1", "libaom-av1"),
        28,
        (0, 63),
        "BSD-3-Clause-Clear (SVT-AV1)",
        ("matroska", "mp4"),
    ),
    "mpeg4": Codec("mpeg4", ("mpeg4",), 3, (1, 31), "LGPL-2.1-or-later (FFmpeg)"),
    "ffv1": Codec(
        "ffv1", ("ffv1",), None, (0, 0), "LGPL-2.1-or-later (FFmpeg), lossless", ("matroska",)
    ),
}
#: Tried in this order when no --codec is given: the first whose encoder this FFmpeg has.
DEFAULT_CODECS = ("h264", "hevc", "vp9", "mpeg4")


def has_encoder(name: str) -> bool:
    try:
        av.codec.Codec(name, "w")
    except (av.error.FFmpegError, ValueError):  # UnknownCodecError is a ValueError
        return False
    return True


def encoder_for(codec: Codec) -> str | None:
    """The first of ``codec``'s encoders this FFmpeg build has."""
    return next((e for e in codec.encoders if has_encoder(e)), None)


@cache
def available_codecs() -> tuple[Codec, ...]:
    """The ``CODECS`` this FFmpeg build can encode, in their order (what a codec choice offers)."""
    return tuple(c for c in CODECS.values() if encoder_for(c) is not None)


def default_codec() -> Codec:
    for name in DEFAULT_CODECS:
        if encoder_for(CODECS[name]) is not None:
            return CODECS[name]
    raise VideoWriteError(text("this FFmpeg build has no video encoder the program can use"))


@dataclass(frozen=True)
class EncoderSettings:
    """Everything that decides the encoded bytes of a segment (part of a resume's identity)."""

    codec: str  # Codec.name
    encoder: str  # FFmpeg encoder name
    crf: int | None
    width: int  # output size
    height: int
    pix_fmt: str
    time_base: Fraction
    frame_rate: Fraction | None
    sample_aspect_ratio: Fraction | None
    color_range: int
    color_primaries: int
    color_trc: int
    colorspace: int

    def options(self) -> dict[str, str]:
        """Encoder options: the quality, and no B-frames (segments join by packet copy)."""
        opts: dict[str, str] = {"bf": "0"}
        if self.encoder == "libx264":
            opts.update(preset="medium", x264opts="rc-lookahead=20")
        elif self.encoder == "libx265":
            # pools=none: x265's lookahead then decides in the calling thread. With its worker
            # pool, x265 4.x crashed now and then (SIGSEGV in Lookahead::getDecidedPicture,
            # pitfall 31); encoding is about 1.6x slower, small beside the upscaling.
            # log-level=0: errors only; at 1 x265 warned about the missing pool once a segment.
            params = "bframes=0:rc-lookahead=20:log-level=0:pools=none"
            opts.update(preset="medium", **{"x265-params": params})
        elif self.encoder == "libvpx-vp9":
            opts.update({"b": "0", "row-mt": "1", "deadline": "good", "cpu-used": "4"})
        elif self.encoder == "libsvtav1":
            opts.update(preset="8", **{"svtav1-params": "scd=0"})
        elif self.encoder == "ffv1":
            opts.update(level="3", slicecrc="1")
        if self.crf is not None:
            if self.encoder == "mpeg4":
                opts["qscale"] = str(self.crf)
            else:
                opts["crf"] = str(self.crf)
        return opts


def output_pix_fmt(
    info: VideoInfo, encoder: str, width: int, height: int
) -> tuple[str, Text | None]:
    """The source's pixel format where the encoder takes it, else the nearest it does; and a
    note when the choice is not the source's (odd sizes need 4:4:4 for x264/x265)."""
    supported = [f.name for f in av.codec.Codec(encoder, "w").video_formats or ()]
    wanted = info.pix_fmt.replace("yuvj", "yuv")  # full range is a tag, not a format, for x264
    deep = info.bit_depth > 8
    odd = width % 2 or height % 2
    if odd and encoder in ("libx264", "libx265") and _subsampled(wanted):
        wanted = "yuv444p10le" if deep else "yuv444p"
        if wanted in supported:
            return wanted, text(
                "the {width}x{height} result has an odd size, which 4:2:0 {encoder} video cannot "
                "have: it is encoded 4:4:4 (full colour), which some players cannot play; use "
                "--scale 2 or 4, or --codec vp9, for the widest support",
                width=width,
                height=height,
                encoder=encoder,
            )
    if wanted in supported:
        return wanted, None
    for fallback in ("yuv420p10le", "yuv420p") if deep else ("yuv420p",):
        if fallback in supported:
            note = None
            if deep and fallback == "yuv420p":
                note = text(
                    "{encoder} cannot keep the source's {bits}-bit depth: the result is 8-bit",
                    encoder=encoder,
                    bits=info.bit_depth,
                )
            return fallback, note
    return supported[0], None


def _subsampled(pix_fmt: str) -> bool:
    return any(tag in pix_fmt for tag in ("420", "422", "411", "410", "nv12", "nv21", "nv16"))


def to_video_frame(pixels: np.ndarray, settings: EncoderSettings, pts: int) -> av.VideoFrame:
    """Core pixels (BGR, 8 or 16 bit) to a frame in the encoder's format, using the colour matrix
    and range the decoder used, so colours come back as they went in."""
    packed = "bgr24" if pixels.dtype == np.uint8 else "bgr48le"
    frame = av.VideoFrame.from_ndarray(pixels, format=packed)
    frame = frame.reformat(
        format=settings.pix_fmt,
        dst_colorspace=settings.colorspace if settings.colorspace != 2 else None,
        dst_color_range=settings.color_range or None,
    )
    frame.pts = pts
    frame.time_base = settings.time_base
    frame.color_range = settings.color_range
    frame.colorspace = settings.colorspace
    frame.color_primaries = settings.color_primaries
    frame.color_trc = settings.color_trc
    return frame


def is_disk_full(err: BaseException) -> bool:
    import errno

    return getattr(err, "errno", None) in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class SegmentWriter:
    """One segment: frames in, a finished file out (``close()``), or nothing (``discard()``)."""

    def __init__(self, path: Path, settings: EncoderSettings) -> None:
        self.path = path
        self.settings = settings
        self.frames = 0
        if settings.encoder == "libsvtav1":
            # SVT-AV1 prints its own log to stderr, by default a 20-line banner for every encoder
            # opened (every segment); it reads SVT_LOG when one opens: 1 keeps its errors only.
            os.environ.setdefault("SVT_LOG", "1")
        try:
            self._out = av.open(str(path), "w", format=SEGMENT_FORMAT)
            stream = cast(
                av.video.stream.VideoStream,
                self._out.add_stream(  # the rate only guides rate control: the timestamps
                    settings.encoder,  # are the frames' own
                    rate=settings.frame_rate or Fraction(25),
                    options=settings.options(),
                ),
            )
            stream.width, stream.height = settings.width, settings.height
            stream.pix_fmt = settings.pix_fmt
            stream.time_base = settings.time_base
            ctx = stream.codec_context
            ctx.time_base = settings.time_base
            ctx.gop_size = 1 << 30  # one keyframe, at the start: the segment is the GOP
            ctx.max_b_frames = 0
            ctx.color_range = settings.color_range
            ctx.color_primaries = settings.color_primaries
            ctx.color_trc = settings.color_trc
            ctx.colorspace = settings.colorspace
            if settings.sample_aspect_ratio:
                stream.sample_aspect_ratio = settings.sample_aspect_ratio
            self._stream = stream
        except av.error.FFmpegError as err:
            self._close_quietly()
            raise self._error(err) from err

    def add(self, pixels: np.ndarray, pts: int) -> None:
        frame = to_video_frame(pixels, self.settings, pts)
        try:
            self._out.mux(self._stream.encode(frame))
        except (av.error.FFmpegError, OSError) as err:
            raise self._error(err) from err
        self.frames += 1

    def close(self) -> None:
        """Flush the encoder and finish the file, made durable before it counts as done."""
        try:
            self._out.mux(self._stream.encode(None))
            self._out.close()
            sync_file(self.path)
        except (av.error.FFmpegError, OSError) as err:
            self._close_quietly()
            raise self._error(err) from err

    def discard(self) -> None:
        self._close_quietly()
        self.path.unlink(missing_ok=True)

    def _close_quietly(self) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            with suppress(av.error.FFmpegError, OSError):
                out.close()

    def _error(self, err: BaseException) -> VideoWriteError:
        from upscaler.core.video.errors import DiskFullError

        if is_disk_full(err):
            return DiskFullError(
                text("the disk is full (writing {name})", name=self.path.name), self.path.parent
            )
        return VideoWriteError(
            text(
                "the {encoder} encoder failed ({reason})",
                encoder=self.settings.encoder,
                reason=describe_av_error(err),
            ),
            self.path.parent,
        )
