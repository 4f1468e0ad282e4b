"""The video benchmark's measures: exact on known frames, and a run on a tiny clip."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from upscaler.bench import video as bench
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler


def test_frame_difference_is_the_mean_absolute_step() -> None:
    frames = [np.full((2, 2, 3), v, np.uint8) for v in (10, 12, 9)]
    assert bench.frame_difference(frames) == (2 + 3) / 2
    assert bench.frame_difference(frames[:1]) == 0.0


def test_still_clip_measures_and_bicubic_adds_no_flicker(tmp_path: Path) -> None:
    picture = np.random.default_rng(1).integers(0, 256, (40, 60, 3), dtype=np.uint8)
    clip = bench.write_clip(
        tmp_path / "s.mp4", bench.still_frames(picture, 32, 24, 6, noise=3.0), crf=8
    )
    row = bench.measure_stability(Upscaler(load_catalog().get("bicubic", 2)), clip, tmp_path)
    assert row.source > 0.5  # the grain makes frames differ
    assert row.upscaled <= row.source  # interpolation smooths, it cannot add change
    speed = bench.measure_speed(Upscaler(load_catalog().get("bicubic", 2)), clip, tmp_path)
    assert speed.engine_fps > 0 and speed.pipeline_fps > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.mp4"]


def test_pan_frames_move() -> None:
    picture = np.random.default_rng(2).integers(0, 256, (50, 70, 3), dtype=np.uint8)
    frames = list(bench.pan_frames(picture, 32, 24, 3))
    assert all(f.shape == (24, 32, 3) for f in frames)
    assert not np.array_equal(frames[0], frames[1])
