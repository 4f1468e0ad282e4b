"""Batch output names: the window's options through the core's planner (pattern, format, folder,
what to do with a taken name) and refusals of unusable patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from upscaler.core.catalog import load_catalog
from upscaler.core.pipeline import OutputExistsError, PlanError
from upscaler.ui.batch import plan
from upscaler.ui.document import OutputOptions, QueueItem

FSRCNN_SMALL_X3 = load_catalog().get("FSRCNN-small_x3")


def rows(folder: Path, *names: str) -> list[QueueItem]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"x")
    return [QueueItem(folder / name) for name in names]


def targets(items: list[QueueItem], **options: object) -> list[Path]:
    planned = plan(items, FSRCNN_SMALL_X3, OutputOptions(**options))  # type: ignore[arg-type]
    return [job.target for job in planned.jobs]


def test_default_pattern_beside_the_input(tmp_path: Path) -> None:
    items = rows(tmp_path / "in", "photo.jpeg")
    assert targets(items) == [tmp_path / "in" / "photo_x3_fsrcnn-small.jpg"]


def test_pattern_folder_and_format(tmp_path: Path) -> None:
    items = rows(tmp_path / "in", "photo.bmp")
    out = tmp_path / "out"
    assert targets(items, folder=out, pattern="big-{stem}", format="webp") == [
        out / "big-photo.webp"
    ]


def test_formats_that_cannot_be_written_fall_back_to_png(tmp_path: Path) -> None:
    items = rows(tmp_path / "in", "a.gif")
    assert targets(items, pattern="{stem}") == [tmp_path / "in" / "a.png"]


@pytest.mark.parametrize("pattern", ["{stem}_{oops}", "{0}", "{stem", "sub/{stem}"])
def test_unusable_patterns_are_refused(tmp_path: Path, pattern: str) -> None:
    items = rows(tmp_path / "in", "a.png")
    with pytest.raises(PlanError):
        plan(items, FSRCNN_SMALL_X3, OutputOptions(pattern=pattern))


def test_a_taken_name_is_skipped_renamed_or_overwritten_as_chosen(tmp_path: Path) -> None:
    items = rows(tmp_path / "in", "a.png", "b.png")
    taken = tmp_path / "in" / "a_x3_fsrcnn-small.png"
    taken.write_bytes(b"earlier")
    skipped = plan(items, FSRCNN_SMALL_X3, OutputOptions(exists="skip"))
    assert [j.source.name for j in skipped.jobs] == ["b.png"]
    ((source, err),) = skipped.refused
    assert source == items[0].source and isinstance(err, OutputExistsError)
    renamed = targets(items, exists="rename")
    assert renamed[0] == tmp_path / "in" / "a (2)_x3_fsrcnn-small.png"
    assert targets(items, exists="overwrite")[0] == taken


def test_an_input_is_never_an_output_even_when_overwriting(tmp_path: Path) -> None:
    items = rows(tmp_path / "in", "a.png")
    planned = plan(items, FSRCNN_SMALL_X3, OutputOptions(pattern="{stem}", exists="overwrite"))
    assert planned.jobs == ()
    assert planned.refused[0][0] == items[0].source
