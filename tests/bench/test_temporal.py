"""The temporal-averaging measurement: alignment finds a known shift, and averaging identical
frames changes nothing."""

from __future__ import annotations

import numpy as np

from tests import clips
from upscaler.bench import temporal
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler


def test_warp_onto_undoes_a_known_shift() -> None:
    picture = clips.frame_pixels(0, 120, 90)
    moved = np.roll(picture, 3, axis=1)
    warped, valid = temporal.warp_onto(picture, moved)
    inner = (slice(10, -10), slice(10, -10))
    assert valid[inner].mean() > 0.9
    assert np.abs(warped[inner].astype(int) - picture[inner]).mean() < 2


def test_averaging_identical_frames_changes_nothing() -> None:
    frame = clips.frame_pixels(1, 40, 30)
    assert np.array_equal(temporal.temporal_average([frame, frame, frame], 1), frame)


def test_measure_scores_both_methods() -> None:
    picture = np.random.default_rng(3).integers(0, 256, (80, 100, 3), dtype=np.uint8)
    result = temporal.measure(
        Upscaler(load_catalog().get("bicubic", 2)), picture, width=48, height=32, count=4, step=3
    )
    assert 10 < result.per_frame_psnr < 60 and 10 < result.temporal_psnr < 60
