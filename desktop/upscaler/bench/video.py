"""Measurements for ``upscaler-cli bench video``: frames per second through the whole pipeline,
and temporal stability on a static scene.

Speed: a clip panning across a picture (every frame different, as in real footage) goes through
``plan_video``/``run_video``; reported are the engine alone (median seconds per frame) and the
whole run (decode, upscale, encode overlapping, start-up included).

Stability: one picture encoded as a lossy H.264 clip (a static scene; the encoder's noise makes
consecutive frames differ slightly), and the same with a camera's grain added to each frame.
Reported is the mean absolute difference between consecutive frames (0-255 scale, all channels)
of the decoded source, of the upscaled frames before encoding and of the finished clip. A
per-frame model must not add flicker: the upscaled frames should not differ more than the
source's did.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from upscaler.core.engine import Upscaler
from upscaler.core.video.decode import VideoReader
from upscaler.core.video.job import VideoJob, VideoOptions, plan_video, run_video


@dataclass(frozen=True)
class SpeedRow:
    model: str
    scale: int
    engine_fps: float
    pipeline_fps: float


@dataclass(frozen=True)
class StabilityRow:
    model: str
    scale: int
    source: float  # mean |frame[t+1] - frame[t]| of the decoded source
    upscaled: float  # of the model's frames, before encoding
    encoded: float  # of the finished clip


def write_clip(path: Path, frames: Iterable[np.ndarray], *, crf: int = 18, rate: int = 25) -> Path:
    """BGR frames to an H.264 clip (4:2:0, like most footage)."""
    with av.open(str(path), "w") as out:
        stream = None
        for number, pixels in enumerate(frames):
            if stream is None:
                stream = out.add_stream("libx264", rate=rate, options={"crf": str(crf)})
                stream.height, stream.width = pixels.shape[:2]
                stream.pix_fmt = "yuv420p"
            frame = av.VideoFrame.from_ndarray(pixels, format="bgr24")
            frame.pts, frame.time_base = number, Fraction(1, rate)
            out.mux(stream.encode(frame))
        if stream is not None:
            out.mux(stream.encode(None))
    return path


def pan_frames(picture: np.ndarray, width: int, height: int, count: int, step: int = 3):
    """A window of ``width x height`` sliding right and down across ``picture``."""
    scale = max(width * 1.5 / picture.shape[1], height * 1.5 / picture.shape[0], 1.0)
    if scale > 1:
        picture = cv2.resize(picture, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    room_x, room_y = picture.shape[1] - width, picture.shape[0] - height
    for n in range(count):
        x, y = (n * step) % max(room_x, 1), (n * step // 2) % max(room_y, 1)
        yield np.ascontiguousarray(picture[y : y + height, x : x + width])


def still_frames(picture: np.ndarray, width: int, height: int, count: int, noise: float = 0.0):
    """One picture ``count`` times; ``noise``: a camera's grain (Gaussian sigma, grey levels),
    new in every frame, as a real static shot has."""
    still = cv2.resize(picture, (width, height), interpolation=cv2.INTER_AREA)
    rng = np.random.default_rng(0)
    for _ in range(count):
        if noise:
            grain = rng.normal(0, noise, still.shape)
            yield np.clip(still + grain, 0, 255).astype(np.uint8)
        else:
            yield still


def frame_difference(frames: Iterable[np.ndarray]) -> float:
    """Mean absolute difference between consecutive frames, averaged over the clip."""
    previous = None
    diffs = []
    for pixels in frames:
        current = pixels.astype(np.int16)
        if previous is not None:
            diffs.append(float(np.abs(current - previous).mean()))
        previous = current
    return statistics.fmean(diffs) if diffs else 0.0


def measure_speed(upscaler: Upscaler, clip: Path, workdir: Path) -> SpeedRow:
    with VideoReader(clip) as reader:
        frames = [f.pixels for f in reader.frames()]
    tile = upscaler.auto_tile()
    upscaler.upscale(frames[0], tile=tile)  # warm-up (first-run allocations)
    times = []
    for pixels in frames:
        start = time.perf_counter()
        upscaler.upscale(pixels, tile=tile)
        times.append(time.perf_counter() - start)
    target = workdir / f"speed_{upscaler.info.id}.mkv"
    plan = plan_video(VideoJob(clip, target), upscaler, VideoOptions(overwrite=True))
    result = run_video(plan, upscaler)
    target.unlink()
    return SpeedRow(upscaler.info.label, upscaler.scale, 1 / statistics.median(times), result.fps)


def measure_stability(upscaler: Upscaler, clip: Path, workdir: Path) -> StabilityRow:
    upscaled: list[np.ndarray] = []
    target = workdir / f"still_{upscaler.info.id}.mkv"
    plan = plan_video(VideoJob(clip, target), upscaler, VideoOptions(overwrite=True))
    run_video(plan, upscaler, on_frame=lambda n, px: upscaled.append(px))
    with VideoReader(clip) as reader:
        source = frame_difference(f.pixels for f in reader.frames())
    with VideoReader(target) as reader:
        encoded = frame_difference(f.pixels for f in reader.frames())
    target.unlink()
    return StabilityRow(
        upscaler.info.label, upscaler.scale, source, frame_difference(upscaled), encoded
    )
