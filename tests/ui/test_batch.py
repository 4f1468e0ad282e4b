"""Batch output names: the pattern, the format choice and refusals of unusable patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from upscaler.core.catalog import load_catalog
from upscaler.core.pipeline import PlanError
from upscaler.ui.batch import output_path

FSRCNN_SMALL_X3 = load_catalog().get("FSRCNN-small_x3")


def test_default_pattern_beside_the_input() -> None:
    target = output_path(
        Path("/in/photo.jpeg"), FSRCNN_SMALL_X3, None, "{stem}_x{scale}_{model}", "same"
    )
    assert target == Path("/in/photo_x3_fsrcnn-small.jpg")


def test_pattern_folder_and_format() -> None:
    target = output_path(Path("/in/photo.bmp"), FSRCNN_SMALL_X3, Path("/out"), "big-{stem}", "webp")
    assert target == Path("/out/big-photo.webp")


def test_formats_that_cannot_be_written_fall_back_to_png() -> None:
    assert output_path(Path("/in/a.gif"), FSRCNN_SMALL_X3, None, "{stem}", "same") == Path(
        "/in/a.png"
    )


@pytest.mark.parametrize("pattern", ["{stem}_{oops}", "{0}", "{stem", "", "sub/{stem}"])
def test_unusable_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(PlanError):
        output_path(Path("/in/a.png"), FSRCNN_SMALL_X3, None, pattern, "same")
