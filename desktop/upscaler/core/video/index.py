"""Which frames a clip has and when each is shown, from its packets alone (no decoding).

Frame ``n`` is the ``n``-th picture in presentation order, counted from 0. Its timestamp comes from
the packets, sorted (B-frames are stored out of order), so variable frame rates need no guessing;
the keyframes tell where a seek can start. Reading every packet header costs one pass over the
file at disk speed, far less than decoding.

The index is also where a truncated file is caught: fewer packets than the header promises (MP4),
a packet cut short, or packets ending well before the duration the header states (Matroska).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av.container
import av.error
import av.video.stream

from upscaler.core.messages import text
from upscaler.core.video.errors import VideoReadError
from upscaler.core.video.probe import describe_av_error

#: A clip whose packets end this much (plus three frames) before its stated duration is truncated.
TRUNCATION_TOLERANCE = 0.25


@dataclass(frozen=True)
class FrameIndex:
    """Presentation timestamps (in ``time_base``) and durations of every frame, and keyframes."""

    time_base: Fraction
    pts: tuple[int, ...]  # sorted, one per frame
    durations: tuple[int, ...]  # display time of each frame, in time_base
    keyframes: tuple[int, ...]  # frame numbers where decoding can start, ascending
    video_bytes: int = 0  # the compressed picture's size (the rest of the file is sound etc.)

    def __len__(self) -> int:
        return len(self.pts)

    def number_of(self, pts: int) -> int | None:
        """The frame number with this timestamp, if there is one."""
        at = bisect.bisect_left(self.pts, pts)
        return at if at < len(self.pts) and self.pts[at] == pts else None

    def keyframe_before(self, number: int) -> int:
        """The last keyframe at or before frame ``number`` (0 if none is marked)."""
        at = bisect.bisect_right(self.keyframes, number) - 1
        return self.keyframes[at] if at >= 0 else 0

    def seconds(self, number: int) -> float:
        return float(self.pts[number] * self.time_base)

    @property
    def end_seconds(self) -> float:
        """When the last frame stops being shown."""
        if not self.pts:
            return 0.0
        return float((self.pts[-1] + self.durations[-1]) * self.time_base)


def build_index(
    container: av.container.InputContainer,
    stream: av.video.stream.VideoStream,
    path: Path,
    *,
    expected_frames: int | None = None,
    expected_seconds: float | None = None,
) -> FrameIndex:
    """Read every packet header of ``stream``; VideoReadError if the file turns out truncated."""
    time_base = stream.time_base or Fraction(1, 90000)
    stamps: list[tuple[int, int, bool]] = []  # pts, duration, keyframe
    last = -1
    size = 0
    try:
        for packet in container.demux(stream):
            if packet.size == 0:  # the demuxer's end-of-stream marker
                continue
            if packet.is_corrupt:
                raise _truncated(path, len(stamps), expected_frames)
            pts = packet.pts if packet.pts is not None else packet.dts
            if pts is None:  # no timestamps at all (raw streams): number them in order
                pts = last + 1
            last = pts
            size += packet.size
            stamps.append((pts, packet.duration or 0, bool(packet.is_keyframe)))
    except av.error.FFmpegError as err:
        raise VideoReadError(
            text(
                "cannot be read to the end; the file is damaged or truncated ({reason})",
                reason=describe_av_error(err),
            ),
            path,
        ) from err
    if not stamps:
        raise VideoReadError(text("holds no video frame (empty, or truncated)"), path)
    packets = len(stamps)
    # A recording cut out of a stream (a TV or camera recording begun mid-way) starts with
    # pictures that refer to frames before the cut: no decoder can show them, and players start
    # at the first keyframe. So does the clip: its frame 0 is the first picture that decodes.
    first_key = next((s[0] for s in stamps if s[2]), None)  # in the file's (decoding) order
    if first_key is not None:
        stamps = [s for s in stamps if s[0] >= first_key]
    stamps.sort(key=lambda s: s[0])
    times = tuple(s[0] for s in stamps)
    durations = _durations(times, [s[1] for s in stamps])
    keyframes = tuple(i for i, s in enumerate(stamps) if s[2]) or (0,)
    index = FrameIndex(time_base, times, durations, keyframes, size)
    if expected_frames and packets < expected_frames:
        raise _truncated(path, packets, expected_frames)
    if expected_seconds is not None and len(index) > 1:
        typical = (index.pts[-1] - index.pts[0]) * time_base / (len(index) - 1)
        if index.end_seconds + 3 * float(typical) + TRUNCATION_TOLERANCE < expected_seconds:
            raise VideoReadError(
                text(
                    "is truncated or damaged: its video stops at {found:.1f} s of the "
                    "{expected:.1f} s the file announces",
                    found=index.end_seconds,
                    expected=expected_seconds,
                ),
                path,
            )
    return index


def _durations(pts: tuple[int, ...], stated: list[int]) -> tuple[int, ...]:
    """Each frame lasts until the next one; the last keeps its packet's duration (or the median
    step when the packet has none)."""
    steps = [b - a for a, b in zip(pts, pts[1:], strict=False)]
    tail = stated[-1] if stated[-1] > 0 else (sorted(steps)[len(steps) // 2] if steps else 1)
    return (*steps, max(1, tail))


def _truncated(path: Path, found: int, expected: int | None) -> VideoReadError:
    if expected:
        return VideoReadError(
            text(
                "is truncated or damaged: only {found} of its {expected} frames are complete",
                found=found,
                expected=expected,
            ),
            path,
        )
    return VideoReadError(text("is truncated or damaged after frame {found}", found=found), path)
