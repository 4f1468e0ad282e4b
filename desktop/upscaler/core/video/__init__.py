"""Video upscaling: clips in, clips out, every frame through the same engine as images.

The API the CLI and the window use (everything here is Qt-free and typed):

- ``probe_video(path) -> VideoInfo``: size, rate, rotation, colour tags, other streams; decodes
  the first frame, so a file that cannot be upscaled fails here (:class:`VideoReadError`).
- ``VideoReader(path)``: ``read_frame(n)`` (frame ``n`` for a preview or a slider; stepping
  forward does not seek again), ``frames(start, stop)`` (an iterator of ``DecodedFrame``),
  ``frame_count``, ``index`` (every frame's timestamp). ``rotate_for_display`` shows a frame
  upright. Reading the finished output with a ``VideoReader`` gives the result frames to play
  back in the compare view.
- ``preview_frame(path, n, upscaler, tile)``: frame ``n`` and its upscaled version, tiled as the
  run will tile it.
- ``plan_video(VideoJob(source, target), upscaler, VideoOptions(...)) -> VideoPlan``: every
  refusal (target, codec, frame range, memory, disk) before any work, with the estimate.
- ``available_codecs()``: the ``CODECS`` this FFmpeg encodes; ``mux.output_suffix(source,
  codec)``: the container an upscaled clip is named with; ``saved_choices(target)``: the codec,
  quality and frames of an interrupted run (a resumed run must use them).
- ``run_video(plan, upscaler, progress=, cancel=, on_frame=) -> VideoResult``: the bounded
  pipeline; ``progress(frames done, total)``, ``on_frame(n, pixels)`` for a live view, ``cancel``
  a ``threading.Event`` (raises ``Cancelled``; finished segments kept for
  ``VideoOptions(resume=True)``).
"""

from __future__ import annotations

from upscaler.core.video.decode import DecodedFrame, VideoReader, rotate_for_display
from upscaler.core.video.encode import CODECS, available_codecs, default_codec
from upscaler.core.video.errors import DiskFullError, ResumeError, VideoReadError, VideoWriteError
from upscaler.core.video.index import FrameIndex
from upscaler.core.video.job import (
    SavedChoices,
    VideoJob,
    VideoOptions,
    VideoPlan,
    VideoResult,
    parse_frames,
    plan_video,
    preview_frame,
    run_video,
    saved_choices,
)
from upscaler.core.video.probe import VIDEO_SUFFIXES, VideoInfo, is_video_path, probe_video

__all__ = [
    "CODECS",
    "DecodedFrame",
    "DiskFullError",
    "FrameIndex",
    "ResumeError",
    "SavedChoices",
    "VIDEO_SUFFIXES",
    "VideoInfo",
    "VideoJob",
    "VideoOptions",
    "VideoPlan",
    "VideoReadError",
    "VideoReader",
    "VideoResult",
    "VideoWriteError",
    "available_codecs",
    "default_codec",
    "is_video_path",
    "parse_frames",
    "plan_video",
    "preview_frame",
    "probe_video",
    "rotate_for_display",
    "run_video",
    "saved_choices",
]
