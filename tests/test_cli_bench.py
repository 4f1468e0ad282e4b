"""`upscaler-cli bench quality`: the table, the model choice, and the published numbers."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from upscaler.bench import cli as bench_cmd
from upscaler.bench.quality import ImageScore, QualityResult
from upscaler.cli.main import main
from upscaler.core.store import ModelStore


def _rows(table: str) -> dict[str, list[str]]:
    """Table body as {model: cells}; the first two lines are the header and its rule."""
    lines = table.strip().splitlines()
    return {line.split()[0]: line.split()[1:] for line in lines[2:]}


def _result(label: str, scale: int, psnr: float, ssim: float, seconds: float) -> QualityResult:
    return QualityResult(label, scale, psnr, ssim, seconds, (ImageScore("a", psnr, ssim, seconds),))


def test_format_table() -> None:
    table = bench_cmd.format_table(
        [
            _result("bicubic", 2, 33.9712, 0.93296, 0.04),
            _result("ESPCN", 2, 34.7614, 0.93876, 1.234),
            _result("bicubic", 3, 30.6326, 0.87182, 0.03),
            _result("FSRCNN-small", 3, 30.2311, 0.86, 0.5),
        ]
    )
    lines = table.splitlines()
    assert lines[0].split() == ["model", "scale", "PSNR", "dB", "SSIM", "vs", "bicubic", "seconds"]
    assert set(lines[1]) == {"-", " "}
    body = [line.split() for line in lines[2:]]
    assert body == [
        ["bicubic", "x2", "33.97", "0.9330", "+0.00", "0.04"],
        ["ESPCN", "x2", "34.76", "0.9388", "+0.79", "1.23"],
        ["bicubic", "x3", "30.63", "0.8718", "+0.00", "0.03"],
        ["FSRCNN-small", "x3", "30.23", "0.8600", "-0.40", "0.50"],
    ]
    # Columns line up: every row is as wide as the rule under the header (right-aligned numbers).
    assert {len(line) for line in lines[1:]} == {len(lines[1])}


def test_models_default_to_the_installed_ones_plus_bicubic(shared_models_dir: Path) -> None:
    store = ModelStore(shared_models_dir)
    ids = [info.id for info, _ in bench_cmd.models_to_measure(store, 3, None)]
    # EDSR is not in the mirror and LapSRN has no x3: neither is measured; UpNet, UpNet2,
    # UpNet-Restore and DAT-light are built in.
    assert ids == ["bicubic_x3", "ESPCN_x3", "FSRCNN_x3", "FSRCNN-small_x3", "UpNet_x3",
                   "UpNet2_x3", "UpNet-Restore_x3", "DAT-light_x3"]  # fmt: skip
    chosen = bench_cmd.models_to_measure(store, 4, ["lapsrn", "bicubic", "ESPCN"])
    assert [(i.id, p) for i, p in chosen] == [
        ("bicubic_x4", None),
        ("LapSRN_x4", shared_models_dir / "LapSRN_x4.pb"),
        ("ESPCN_x4", shared_models_dir / "ESPCN_x4.pb"),
    ]


def test_without_downloaded_models_bicubic_and_the_built_in_model_are_measured() -> None:
    store = ModelStore()
    ids = [info.id for info, _ in bench_cmd.models_to_measure(store, 2, None)]
    built_in = [m.id for m in store.catalog.for_scale(2) if m.needs_file and m.builtin]
    assert ids[:5] == ["bicubic_x2", "UpNet_x2", "UpNet2_x2", "UpNet-Restore_x2", "DAT-light_x2"]
    assert ids == ["bicubic_x2"] + [i for i in built_in if store.is_installed(store.catalog.get(i))]


def test_a_named_model_that_is_missing_is_an_error(tmp_path: Path, capsys) -> None:
    _make_images(tmp_path)
    code = main(["bench", "quality", "--data", str(tmp_path), "--scale", "2", "--models", "FSRCNN"])
    err = capsys.readouterr().err
    assert code == 1
    assert "upscaler-cli models download FSRCNN_x2" in err


def test_data_must_be_a_folder_of_images(tmp_path: Path, capsys) -> None:
    code = main(["bench", "quality", "--data", str(tmp_path / "nope"), "--scale", "2"])
    assert code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"upscaler-cli bench quality: error: argument --data: {tmp_path / 'nope'} is not a "
        "folder of images"
    )
    code = main(["bench", "quality", "--data", str(tmp_path), "--scale", "2"])
    assert code == 1
    assert "the folder contains no images" in capsys.readouterr().err


def _make_images(folder: Path) -> None:
    rng = np.random.default_rng(0)
    for n in range(2):
        smooth = cv2.GaussianBlur(rng.integers(0, 256, (60, 48, 3), dtype=np.uint8), (9, 9), 3)
        cv2.imwrite(str(folder / f"img{n}.png"), smooth)


def test_bench_quality_on_generated_images(tmp_path: Path, capsys) -> None:
    _make_images(tmp_path)
    code = main(["bench", "quality", "--data", str(tmp_path), "--scale", "2", "3"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == f"2 images from {tmp_path}"
    body = [line.split() for line in out.splitlines()[3:]]
    names = [row[0] for row in body]
    store = ModelStore()
    expected = []
    for scale in (2, 3):
        networks = [m for m in store.catalog.for_scale(scale) if m.needs_file]
        expected += ["bicubic"] + [m.name for m in networks if store.is_installed(m)]
    assert names == expected and names[:2] == ["bicubic", "UpNet"]
    second = names.index("bicubic", 1)
    assert body[0][1] == "x2" and body[second][1] == "x3"
    x2, x3 = float(body[0][2]), float(body[second][2])
    assert x2 > x3 > 20  # smooth images: high PSNR, falling with the scale


def test_bench_quality_makes_one_table_per_degradation(tmp_path: Path, capsys) -> None:
    _make_images(tmp_path)
    code = main(
        ["bench", "quality", "--data", str(tmp_path), "--scale", "2", "--models", "bicubic",
         "--degrade", "bicubic", "jpeg:20", "noise:8+jpeg:50"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    headings = [line for line in out.splitlines() if line.startswith("degradation:")]
    assert headings == [
        "degradation: bicubic", "degradation: jpeg:20", "degradation: noise:8+jpeg:50"
    ]  # fmt: skip
    scores = [float(line.split()[2]) for line in out.splitlines() if line.startswith("bicubic ")]
    assert len(scores) == 3 and scores[0] > scores[1] and scores[0] > scores[2]


def test_bench_quality_refuses_an_unknown_degradation(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "quality", "--data", str(tmp_path), "--scale", "2", "--degrade", "blur:3"])
    assert exit_info.value.code == 2
    assert "unknown degradation 'blur:3'" in capsys.readouterr().err


def test_bench_lists_both_sub_commands(capsys) -> None:
    assert main(["bench"]) == 2
    help_text = capsys.readouterr().err
    assert "quality" in help_text and "speed" in help_text


@pytest.mark.slow
def test_bench_quality_reproduces_the_published_set5_numbers(
    capsys, set5_dir: Path, shared_models_dir: Path
) -> None:
    code = main(
        ["bench", "quality", "--data", str(set5_dir), "--scale", "2", "--models", "ESPCN",
         "--models-dir", str(shared_models_dir)]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    rows = _rows("\n".join(out.splitlines()[1:]))
    assert list(rows) == ["bicubic", "ESPCN"]
    assert float(rows["bicubic"][1]) == pytest.approx(33.97, abs=0.05)
    assert float(rows["ESPCN"][1]) == pytest.approx(34.76, abs=0.05)
    delta = float(rows["ESPCN"][3])
    assert delta == pytest.approx(float(rows["ESPCN"][1]) - float(rows["bicubic"][1]), abs=0.011)
