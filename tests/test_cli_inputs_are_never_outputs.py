"""No input of a run is ever an output of the same run, with or without ``--overwrite``.

Found by a user: ``upscale a.png a_x2_upnet.png --overwrite`` replaced an unrelated photo named
``a_x2_upnet.png`` with the result for ``a.png`` and then upscaled that result again; running
``upscale *.png --overwrite`` twice in one folder did the same to every earlier result.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests import images
from upscaler.cli.main import main
from upscaler.core import pipeline
from upscaler.core.catalog import load_catalog

BICUBIC2 = load_catalog().get("bicubic", 2)


def _save(path: Path, seed: int = 0) -> Path:
    return images.save(path, images.noise(16, 12, 3, seed=seed))


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main(["upscale", *map(str, argv)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def test_a_named_input_is_not_replaced_by_another_inputs_result(tmp_path: Path, capsys) -> None:
    source = _save(tmp_path / "a.png")
    photo = _save(tmp_path / "a_x2_bicubic.png", seed=1)  # an unrelated photo with that name
    before = _digests(tmp_path)
    code, out, err = _run(capsys, source, photo, "--model", "bicubic_x2", "--overwrite")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "skipped 1 earlier result of the other inputs (a_x2_bicubic.png); name such a file "
        "alone to upscale it again",
        f"error: {source}: the output {photo} is also an input of this run, and inputs are never "
        "replaced (even when overwriting is allowed); leave it out of the inputs to replace it",
        "0 of 1 images upscaled with bicubic x2",
    ]
    assert _digests(tmp_path) == before  # nothing replaced, nothing added


def test_running_a_wildcard_twice_skips_earlier_results_and_keeps_them(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _save(tmp_path / "a.png")
    _save(tmp_path / "b.png", seed=2)
    # What the shell hands over for `*.png`: the first time the originals ...
    assert _run(capsys, "a.png", "b.png", "--model", "bicubic_x2")[0] == 0
    results = _digests(tmp_path)
    assert sorted(results) == ["a.png", "a_x2_bicubic.png", "b.png", "b_x2_bicubic.png"]
    # ... the second time the results as well: none is upscaled again or replaced.
    names = sorted(results)
    code, out, err = _run(capsys, *names, "--model", "bicubic_x2", "--overwrite")
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == (
        "skipped 2 earlier results of the other inputs (a_x2_bicubic.png, b_x2_bicubic.png); "
        "name such a file alone to upscale it again"
    )
    assert len(lines) == 4 and all("is also an input of this run" in x for x in lines[1:3])
    assert _digests(tmp_path) == results


def test_a_folder_run_still_replaces_its_earlier_results_with_overwrite(
    tmp_path: Path, capsys
) -> None:
    """Folder scans never treat earlier results as inputs, so ``--overwrite`` may redo them."""
    _save(tmp_path / "a.png")
    old = _save(tmp_path / "a_x2_bicubic.png", seed=3)
    stale = old.read_bytes()
    code, out, err = _run(capsys, tmp_path, "--model", "bicubic_x2", "--overwrite")
    assert code == 0, err
    assert old.read_bytes() != stale
    assert sorted(os.listdir(tmp_path)) == ["a.png", "a_x2_bicubic.png"]


def test_a_hard_link_to_an_input_is_not_an_output(tmp_path: Path) -> None:
    source = _save(tmp_path / "a.png")
    other = _save(tmp_path / "other.png", seed=4)
    try:
        os.link(other, tmp_path / "a_x2_bicubic.png")
    except OSError:
        pytest.skip("no hard links on this file system")
    plan = pipeline.plan_jobs([source, other], model=BICUBIC2, overwrite=True)
    assert [j.source for j in plan.jobs] == [other]
    assert [type(e) for e in plan.errors] == [pipeline.InputAsOutputError]
    assert plan.errors[0].path == source


def test_one_input_named_alone_is_upscaled_even_if_it_looks_like_a_result(tmp_path: Path) -> None:
    earlier = _save(tmp_path / "a_x2_bicubic.png")
    _save(tmp_path / "a.png")
    plan = pipeline.plan_jobs([earlier], model=BICUBIC2)
    assert [j.source for j in plan.jobs] == [earlier] and plan.skipped == ()


def test_results_of_other_models_and_formats_count_as_earlier_results(tmp_path: Path) -> None:
    files = [
        _save(tmp_path / "a.png"),
        _save(tmp_path / "a_x4_fsrcnn-small.png"),
        _save(tmp_path / "a_x2_upnet_x3_bicubic.png"),  # a result of a result
        _save(tmp_path / "ab_x2_upnet.png"),  # no input named "ab": a photo, kept
    ]
    assert pipeline.earlier_results(files) == files[1:3]


def test_a_video_input_is_not_replaced_by_another_videos_result(tmp_path: Path) -> None:
    """Videos are planned apart from images; the same rule holds there."""
    from argparse import Namespace

    from upscaler.cli import video_cmd

    clip = tmp_path / "a.mp4"
    other = tmp_path / "a_x2_bicubic.mp4"  # an unrelated clip with that name
    clip.write_bytes(b"clip")
    other.write_bytes(b"another clip")
    args = Namespace(inputs=[str(clip), str(other)], output=None, output_dir=None)
    jobs, errors = video_cmd.plan_targets(args, BICUBIC2)
    assert [(j.source, j.target) for j in jobs] == [
        (other, tmp_path / "a_x2_bicubic_x2_bicubic.mp4")
    ]
    assert [(type(e), e.path) for e in errors] == [(pipeline.InputAsOutputError, clip)]
