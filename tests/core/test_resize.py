"""Output size by target width or height, the result kept in memory (no encode in the estimate),
and the small pictures of the window's queue."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests import images
from upscaler.core import estimate as est
from upscaler.core.catalog import load_catalog
from upscaler.core.display import thumbnail
from upscaler.core.engine import Upscaler
from upscaler.core.errors import UpscalerError
from upscaler.core.imageio import read_image
from upscaler.core.pipeline import plan_jobs, run_job
from upscaler.core.resize import TargetSize, resize_to

BICUBIC4 = load_catalog().get("bicubic_x4")


def test_a_target_width_keeps_the_aspect_ratio() -> None:
    assert TargetSize(width=1000).size_for(400, 300) == (1000, 750)
    assert TargetSize(height=900).size_for(400, 300) == (1200, 900)


def test_the_smallest_scale_that_reaches_the_target_is_chosen() -> None:
    target = TargetSize(width=1000)
    assert target.scale_for(400, 300, [2, 3, 4, 8]) == 3  # 2.5x needed
    assert target.scale_for(500, 300, [2, 3, 4, 8]) == 2  # exactly 2x
    assert target.scale_for(100, 100, [2, 3, 4]) == 4  # out of reach: the largest


@pytest.mark.parametrize("bad", [{}, {"width": 10, "height": 10}, {"width": 0}])
def test_exactly_one_positive_side_is_required(bad: dict) -> None:
    with pytest.raises(UpscalerError):
        TargetSize(**bad)


@pytest.mark.parametrize(
    ("shape", "dtype"), [((30, 40), np.uint8), ((30, 40, 4), np.uint16), ((30, 40, 1), np.uint8)]
)
def test_resize_keeps_layout_and_depth(shape: tuple[int, ...], dtype) -> None:
    pixels = np.full(shape, 200, dtype)
    for size in ((20, 15), (80, 60)):
        out = resize_to(pixels, *size)
        assert out.shape == (size[1], size[0], *shape[2:]) and out.dtype == dtype
        assert (out == 200).all()  # a flat picture stays flat both ways


def test_run_job_writes_the_target_size(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    source = images.save(tmp_path / "in.png", rng.integers(0, 256, (30, 40, 3), dtype=np.uint8))
    job = plan_jobs([source], model=BICUBIC4).jobs[0]
    result = run_job(job, Upscaler(BICUBIC4), fit=TargetSize(width=100))
    assert result.output_size == (100, 75)
    assert read_image(job.target).pixels.shape == (75, 100, 3)


def test_a_result_kept_in_memory_costs_no_encoding() -> None:
    written = est.estimate(1000, 800, 3, BICUBIC4, output_format="PNG")
    kept = est.estimate(1000, 800, 3, BICUBIC4, output_format=None)
    assert kept.seconds < written.seconds
    # PNG streams band by band, so it adds little; a TIFF writer holds a copy of the image.
    assert kept.peak_bytes <= written.peak_bytes
    tiff = est.estimate(1000, 800, 3, BICUBIC4, output_format="TIFF")
    assert kept.peak_bytes < 0.7 * tiff.peak_bytes


def test_thumbnails_fit_the_side_and_never_grow() -> None:
    big = np.zeros((300, 600, 3), np.uint16)
    small = thumbnail(big, 64)
    assert small.shape == (32, 64, 3) and small.dtype == np.uint8
    assert small.flags["C_CONTIGUOUS"]
    assert thumbnail(np.zeros((10, 20), np.uint8), 64).shape == (10, 20, 3)
