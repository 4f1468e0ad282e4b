"""Frames of a clip as core pixel arrays: in order for a run, or frame ``n`` at once for a preview.

Pictures come out in OpenCV order (``HxWx3`` BGR), ``uint8`` for 8-bit video and ``uint16`` for
deeper video (10/12-bit keep their precision through the network, as 16-bit images do). The
conversion from YUV uses the colour matrix and range the clip is tagged with, and
:func:`upscaler.core.video.encode.to_video_frame` uses the same on the way back, so colours
survive the round trip. Rotation is left to the player (the output keeps the tag); use
:func:`rotate_for_display` to show a frame upright.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import av.container
import av.error
import numpy as np

from upscaler.core.errors import Cancelled
from upscaler.core.messages import text
from upscaler.core.video.errors import VideoReadError
from upscaler.core.video.index import FrameIndex, build_index
from upscaler.core.video.probe import (
    VideoInfo,
    describe_av_error,
    open_input,
    pick_video_stream,
    probe_video,
)


@dataclass(frozen=True)
class DecodedFrame:
    """One picture: its number in presentation order, timestamp (stream time base) and pixels."""

    number: int
    pts: int
    pixels: np.ndarray


def pixel_format(info: VideoInfo) -> str:
    """The packed format frames are converted to: 8-bit BGR, or 16-bit BGR for deeper video."""
    return "bgr24" if info.bit_depth <= 8 else "bgr48le"


def rotate_for_display(pixels: np.ndarray, rotation: int) -> np.ndarray:
    """The picture as a player shows it (``rotation``: degrees counter-clockwise, as FFmpeg
    reports it); a view, no copy."""
    turns = (rotation // 90) % 4
    return np.rot90(pixels, turns) if turns else pixels


class VideoReader:
    """Random and sequential access to one clip's frames. Not thread-safe: one per thread.

    ``read_frame(n)`` seeks to the keyframe before ``n`` and decodes forward, and keeps its
    place, so stepping forward through frames (a slider dragged right, playback) does not seek
    again. The frame index is built on first need (one pass over the file's packet headers).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        info: VideoInfo | None = None,
        *,
        index: FrameIndex | None = None,
    ) -> None:
        """``info`` and ``index`` skip probing and indexing when the caller has them."""
        self.path = Path(path)
        self.info = info or probe_video(self.path)
        self._index = index
        self._cm = open_input(self.path)
        self._container: av.container.InputContainer = self._cm.__enter__()
        try:
            self._stream = pick_video_stream(self._container, self.path)
        except BaseException:
            self._cm.__exit__(None, None, None)
            raise
        self._stream.thread_type = "AUTO"
        self._format = pixel_format(self.info)
        self._frames: Iterator[av.VideoFrame] | None = None
        # AVI stores no presentation times (its "pts" are the storage order plus one), so with
        # B-frames decoded frames carry the wrong ones: count frames in decoded order instead.
        self._ordinal = self.info.container == "avi"
        self._next = 0  # frame number the open decoder yields next (when _frames is set)

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        self._frames = None
        self._cm.__exit__(None, None, None)

    def __enter__(self) -> VideoReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what is there ----------------------------------------------------------------------

    @property
    def index(self) -> FrameIndex:
        """Every frame's timestamp (built on first use; VideoReadError if truncated)."""
        if self._index is None:
            with open_input(self.path) as container:
                stream = pick_video_stream(container, self.path)
                self._index = build_index(
                    container,
                    stream,
                    self.path,
                    expected_frames=self.info.frame_count,
                    expected_seconds=self.info.duration,
                )
        return self._index

    @property
    def frame_count(self) -> int:
        return len(self.index)

    # -- reading ----------------------------------------------------------------------------

    def read_frame(self, number: int) -> np.ndarray:
        """Frame ``number`` (0-based, presentation order) as pixels."""
        if not 0 <= number < self.frame_count:
            raise IndexError(f"frame {number} is outside 0..{self.frame_count - 1}")
        if self._frames is None or not self._next <= number <= self._next + 16:
            self._seek(number)
        for frame in self.frames(number, number + 1, _reuse=True):
            return frame.pixels
        raise VideoReadError(text("frame {number} cannot be decoded", number=number), self.path)

    def frames(
        self,
        start: int = 0,
        stop: int | None = None,
        *,
        cancel: threading.Event | None = None,
        _reuse: bool = False,
    ) -> Iterator[DecodedFrame]:
        """Frames ``start`` to ``stop - 1`` in order. A frame that the file promises but that
        cannot be decoded (damage, truncation) raises VideoReadError naming its number."""
        index = self.index
        stop = len(index) if stop is None else min(stop, len(index))
        if not _reuse:
            self._seek(start)
        expected = start
        while expected < stop:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            frame = self._decode_next()
            if frame is None:
                raise VideoReadError(
                    text(
                        "frame {number} of {count} cannot be decoded; the file is damaged or "
                        "truncated",
                        number=expected,
                        count=len(index),
                    ),
                    self.path,
                )
            number: int | None = self._next
            if self._ordinal or frame.pts is None:
                self._next += 1
            else:
                number = index.number_of(frame.pts)
            if number is None or number < expected:
                continue  # a frame before the one wanted (decoding starts at a keyframe)
            if number > expected:
                raise VideoReadError(
                    text(
                        "frame {number} of {count} cannot be decoded; the file is damaged",
                        number=expected,
                        count=len(index),
                    ),
                    self.path,
                )
            self._next = number + 1
            expected += 1
            yield DecodedFrame(number, index.pts[number], self._to_pixels(frame))

    def _seek(self, number: int) -> None:
        index = self.index
        key = index.keyframe_before(number)
        try:
            if key == 0:
                self._container.seek(0, stream=self._stream)
            else:
                self._container.seek(index.pts[key], stream=self._stream, backward=True)
        except av.error.FFmpegError as err:
            raise VideoReadError(
                text("cannot seek in the file ({reason})", reason=describe_av_error(err)),
                self.path,
            ) from err
        self._frames = self._container.decode(self._stream)
        self._next = key

    def _decode_next(self) -> av.VideoFrame | None:
        if self._frames is None:
            self._seek(0)
        assert self._frames is not None
        try:
            return next(self._frames)
        except StopIteration:
            self._frames = None
            return None
        except av.error.FFmpegError as err:
            self._frames = None
            raise VideoReadError(
                text(
                    "a frame cannot be decoded; the file is damaged or truncated ({reason})",
                    reason=describe_av_error(err),
                ),
                self.path,
            ) from err

    def _to_pixels(self, frame: av.VideoFrame) -> np.ndarray:
        """Packed BGR with the clip's own colour matrix and range (PyAV's default is the frame's
        tags); a contiguous copy the caller owns."""
        return np.ascontiguousarray(frame.to_ndarray(format=self._format))
