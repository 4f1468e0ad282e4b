"""The planner's naming options used by the window: a name pattern, numbered names instead of
refusals, and each refusal tied to its input."""

from __future__ import annotations

from pathlib import Path

import pytest

from upscaler.core.catalog import load_catalog
from upscaler.core.pipeline import (
    OutputExistsError,
    PlanError,
    is_own_output,
    output_name,
    plan_jobs,
)

UPNET2 = load_catalog().get("UpNet_x2")


def _inputs(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"x")
    return [folder / name for name in names]


@pytest.mark.parametrize(
    ("pattern", "number", "expected"),
    [
        (None, 0, "photo_x2_upnet.jpeg"),
        (None, 2, "photo (2)_x2_upnet.jpeg"),
        ("{stem}-{model}-x{scale}", 0, "photo-upnet-x2.jpg"),
        ("{stem}-big", 3, "photo (3)-big.jpg"),
        ("big", 2, "big (2).jpg"),
    ],
)
def test_output_names(pattern: str | None, number: int, expected: str) -> None:
    assert output_name(Path("/in/photo.jpeg"), UPNET2, "JPEG", pattern, number) == expected


def test_a_numbered_result_still_reads_as_this_programs() -> None:
    """So a folder dropped again does not queue it as a picture to enlarge."""
    assert is_own_output(Path(output_name(Path("a.png"), UPNET2, "PNG", None, 2)))


@pytest.mark.parametrize("pattern", ["{stem}_{oops}", "{0}", "{stem", "", "sub/{stem}", ".."])
def test_unusable_patterns_refuse_the_whole_plan(tmp_path: Path, pattern: str) -> None:
    (source,) = _inputs(tmp_path, "a.png")
    with pytest.raises(PlanError):
        plan_jobs([source], model=UPNET2, pattern=pattern)


def test_rename_takes_the_first_free_number(tmp_path: Path) -> None:
    a, b = _inputs(tmp_path, "a.png", "b.png")
    (tmp_path / "a_x2_upnet.png").write_bytes(b"earlier")
    (tmp_path / "a (2)_x2_upnet.png").write_bytes(b"earlier too")
    plan = plan_jobs([a, b], model=UPNET2, rename=True)
    assert [j.target.name for j in plan.jobs] == ["a (3)_x2_upnet.png", "b_x2_upnet.png"]
    assert plan.errors == () and plan.refused == ()


def test_rename_also_avoids_names_claimed_in_the_same_plan(tmp_path: Path) -> None:
    a, b = _inputs(tmp_path, "a.png", "b.png")
    plan = plan_jobs([a, b], model=UPNET2, pattern="same", rename=True)
    assert [j.target.name for j in plan.jobs] == ["same.png", "same (2).png"]


def test_without_rename_a_taken_name_is_refused_for_its_input(tmp_path: Path) -> None:
    a, b = _inputs(tmp_path, "a.png", "b.png")
    (tmp_path / "b_x2_upnet.png").write_bytes(b"earlier")
    plan = plan_jobs([a, b, tmp_path / "gone.png"], model=UPNET2)
    assert [j.source for j in plan.jobs] == [a]
    refused = {source.name: type(err) for source, err in plan.refused}
    assert refused["b.png"] is OutputExistsError
    assert "gone.png" in refused
    assert len(plan.refused) == len(plan.errors) == 2


def test_renaming_never_touches_an_input(tmp_path: Path) -> None:
    """With the pattern {stem} a result would be its own input: a number is found instead."""
    (a,) = _inputs(tmp_path, "a.png")
    plan = plan_jobs([a], model=UPNET2, pattern="{stem}", rename=True)
    assert [j.target.name for j in plan.jobs] == ["a (2).png"]
