"""A TIFF's ImageDescription: words about the picture are kept; a program's record of the input's
array layout (tifffile's ``{"shape": [...]}``) is not carried to the larger output, where it
would be wrong and make readers warn."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
import tifffile

from tests import images
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.imageio import read_image
from upscaler.core.imageio.metadata import exif_text_tags
from upscaler.core.pipeline import Job, run_job

BICUBIC2 = load_catalog().get("bicubic", 2)


def _upscale(source: Path, target: Path) -> None:
    run_job(Job(source, target, "TIFF" if target.suffix == ".tif" else "PNG"), Upscaler(BICUBIC2))


def test_tifffile_shape_description_is_not_copied(tmp_path: Path) -> None:
    source = tmp_path / "in.tif"
    tifffile.imwrite(source, images.gradient(12, 8)[..., ::-1])  # tifffile adds {"shape": ...}
    with tifffile.TiffFile(source) as tif:
        assert tif.pages.first.description == '{"shape": [8, 12, 3]}'
    target = tmp_path / "out.tif"
    _upscale(source, target)
    with warnings.catch_warnings(), tifffile.TiffFile(target) as tif:
        warnings.simplefilter("error")  # "shaped series shape does not match page shape"
        assert tif.pages.first.description == ""
        assert tif.series[0].shape == (16, 24, 3)


@pytest.mark.parametrize("suffix", [".tif", ".png"])
def test_a_real_description_is_kept(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "in.tif"
    tifffile.imwrite(
        source,
        images.gradient(12, 8)[..., ::-1],
        description="Grandma's garden, 1962",
        metadata=None,
    )
    target = tmp_path / f"out{suffix}"
    _upscale(source, target)
    written = read_image(target)
    assert exif_text_tags(written.exif)[270] == "Grandma's garden, 1962"
    assert written.pixels.shape == (16, 24, 3) and written.pixels.dtype == np.uint8
