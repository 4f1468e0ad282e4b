"""`upscaler-cli upscale`: per-file reporting, exit codes, protection of files, dry run, Ctrl+C."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from tests import images
from tests.ctrl_c import press_ctrl_c
from upscaler.cli import progress as progress_mod
from upscaler.cli import upscale_cmd
from upscaler.cli.main import main
from upscaler.core import estimate as estimate_mod
from upscaler.core import pipeline
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled
from upscaler.core.estimate import estimate_for
from upscaler.core.imageio import read_image
from upscaler.core.store import ModelStore
from upscaler.core.units import format_bytes

BICUBIC2 = load_catalog().get("bicubic", 2)


def _save(path: Path, shape=(12, 16, 3), seed: int = 0) -> Path:
    height, width, channels = shape
    return images.save(path, images.noise(width, height, channels, seed=seed))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main(["upscale", *map(str, argv)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


# -- success ------------------------------------------------------------------------------------


def test_upscales_one_file_beside_the_input(tmp_path: Path, capsys) -> None:
    source = _save(tmp_path / "photo.png")
    code, out, err = _run(capsys, source, "--model", "bicubic", "--scale", "2")
    assert code == 0, err
    target = tmp_path / "photo_x2_bicubic.png"
    assert out == f"{source} -> {target} (16x12 -> 32x24, {out.split(', ')[-1]}"
    assert err == ""
    written = read_image(target).pixels
    np.testing.assert_array_equal(written, Upscaler(BICUBIC2).upscale(read_image(source).pixels))


def test_scale_defaults_to_3_and_a_model_id_implies_its_scale(tmp_path: Path, capsys) -> None:
    source = _save(tmp_path / "a.png")
    assert _run(capsys, source, "--model", "bicubic")[0] == 0
    assert _run(capsys, source, "--model", "bicubic_x4")[0] == 0
    assert _files(tmp_path) == ["a.png", "a_x3_bicubic.png", "a_x4_bicubic.png"]
    assert read_image(tmp_path / "a_x4_bicubic.png").pixels.shape == (48, 64, 3)


def test_default_model_is_the_best_installed_one(
    tmp_path: Path, capsys, shared_models_dir: Path
) -> None:
    source = _save(tmp_path / "a.png")
    expected = ModelStore(shared_models_dir).default_model(2)
    assert expected.needs_file  # a network, not the bicubic fallback
    code, out, err = _run(capsys, source, "--scale", "2", "--models-dir", shared_models_dir)
    assert code == 0, err
    slug = expected.name.lower()
    assert _files(tmp_path) == ["a.png", f"a_x2_{slug}.png"]


def test_format_quality_and_output_dir(tmp_path: Path, capsys) -> None:
    source = _save(tmp_path / "a.png")
    out_dir = tmp_path / "results"
    code, _, err = _run(
        capsys, source, "--model", "bicubic", "--scale", "2", "--format", "jpg", "--quality",
        "80", "--output-dir", out_dir,
    )  # fmt: skip
    assert code == 0, err
    assert _files(out_dir) == ["a_x2_bicubic.jpg"]
    assert read_image(out_dir / "a_x2_bicubic.jpg").format == "JPEG"


def test_folder_input(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.png", "b.jpg", "c.bmp"):
        _save(folder / name)
    (folder / "notes.txt").write_text("not an image")
    code, out, err = _run(capsys, folder, "--model", "bicubic", "--scale", "2")
    assert code == 0, err
    assert _files(folder) == [
        "a.png", "a_x2_bicubic.png", "b.jpg", "b_x2_bicubic.jpg", "c.bmp", "c_x2_bicubic.bmp",
        "notes.txt",
    ]  # fmt: skip
    assert [line.split(" -> ")[0] for line in out.splitlines()] == [
        f"[1/3] {folder / 'a.png'}",
        f"[2/3] {folder / 'b.jpg'}",
        f"[3/3] {folder / 'c.bmp'}",
    ]
    assert err == "3 of 3 images upscaled with bicubic x2\n"


# -- failures -----------------------------------------------------------------------------------


def test_a_bad_file_is_reported_and_the_others_still_run(tmp_path: Path, capsys) -> None:
    good1, good2 = _save(tmp_path / "a.png"), _save(tmp_path / "c.png")
    broken = tmp_path / "b.png"
    broken.write_bytes(b"not a png at all")
    missing = tmp_path / "missing.png"
    code, out, err = _run(
        capsys, good1, broken, missing, good2, "--model", "bicubic", "--scale", "2"
    )
    assert code == 1
    assert _files(tmp_path) == ["a.png", "a_x2_bicubic.png", "b.png", "c.png", "c_x2_bicubic.png"]
    lines = err.splitlines()
    assert lines[0] == f"error: {missing}: no such file or folder"
    assert lines[1].startswith(f"[2/3] error: {broken}: ")
    assert lines[-1] == "2 of 4 images upscaled with bicubic x2"
    assert len(lines) == 3
    assert len(out.splitlines()) == 2


def test_existing_output_is_kept_without_overwrite(tmp_path: Path, capsys) -> None:
    source = _save(tmp_path / "a.png")
    target = tmp_path / "a_x2_bicubic.png"
    target.write_bytes(b"precious")
    code, out, err = _run(capsys, source, "--model", "bicubic", "--scale", "2")
    assert code == 1
    assert target.read_bytes() == b"precious"
    assert err.splitlines()[0] == (
        f"error: {target}: the output file already exists and was left untouched "
        "(use --overwrite to replace it)"
    )
    code, _, err = _run(capsys, source, "--model", "bicubic", "--scale", "2", "--overwrite")
    assert code == 0, err
    assert read_image(target).pixels.shape == (24, 32, 3)


def test_the_input_is_never_overwritten(tmp_path: Path, capsys) -> None:
    source = _save(tmp_path / "a.png")
    before = source.read_bytes()
    code, _, err = _run(
        capsys, source, "-o", source, "--overwrite", "--model", "bicubic", "--scale", "2"
    )
    assert code == 1
    assert "would replace the input" in err
    assert source.read_bytes() == before
    assert _files(tmp_path) == ["a.png"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["SECOND", "-o", "out.png"], "exactly one input"),
        (["--format", "gif"], "invalid choice: 'gif'"),
        (["--quality", "0"], "quality must be from 1 to 100"),
        (["--tile", "8"], "at least 16 pixels"),
        (["--background", "not-a-colour", "--format", "jpg"], "'not-a-colour' is not a colour"),
        (["--model", "nosuchnet"], "unknown model 'nosuchnet'"),
        (["--model", "LapSRN", "--scale", "3"], "LapSRN has no x3 version"),
    ],
)
def test_invalid_arguments_are_refused_before_any_work(
    tmp_path: Path, capsys, extra: list[str], message: str
) -> None:
    source = _save(tmp_path / "a.png")
    second = _save(tmp_path / "b.png")
    argv = ["upscale", str(source)]
    argv += [str(second) if a == "SECOND" else str(tmp_path / a) if a == "out.png" else a
             for a in extra]  # fmt: skip
    if "--model" not in extra:
        argv += ["--model", "bicubic", "--scale", "2"]
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own usage errors
        code = exit_.code
    err = capsys.readouterr().err
    assert code in (1, 2)
    assert message in err
    assert "Traceback" not in err
    assert _files(tmp_path) == ["a.png", "b.png"]


def test_a_missing_model_says_how_to_get_it(tmp_path: Path, capsys) -> None:
    source = _save(tmp_path / "a.png")
    code, _, err = _run(capsys, source, "--model", "ESPCN", "--scale", "2")
    assert code == 1
    assert err == (
        "upscaler-cli: error: model ESPCN x2 is not installed; run "
        "`upscaler-cli models download ESPCN_x2` (or point --models-dir at a folder that has it)\n"
    )
    assert _files(tmp_path) == ["a.png"]


def test_a_damaged_model_file_is_named(tmp_path: Path, capsys) -> None:
    source = _save(tmp_path / "a.png")
    models = tmp_path / "models"
    models.mkdir()
    (models / "ESPCN_x2.pb").write_bytes(b"not the model")
    code, _, err = _run(capsys, source, "--model", "ESPCN_x2", "--models-dir", models)
    assert code == 1
    assert f"{models / 'ESPCN_x2.pb'}: ESPCN x2 is damaged or the wrong file" in err
    assert "upscaler-cli models download ESPCN_x2" in err


# -- dry run ------------------------------------------------------------------------------------


def test_dry_run_writes_nothing(tmp_path: Path, capsys, shared_models_dir: Path) -> None:
    source = _save(tmp_path / "a.png", shape=(40, 50, 3))
    code, out, err = _run(
        capsys, source, "--model", "ESPCN", "--scale", "2", "--models-dir", shared_models_dir,
        "--tile", "32", "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    info = load_catalog().get("ESPCN_x2")
    engine = Upscaler(info, shared_models_dir / info.filename)
    cost = estimate_for(engine, np.zeros((40, 50, 3), np.uint8), 32, "PNG")
    assert cost.tiles == 4
    assert out.splitlines() == [
        f"{source} -> {tmp_path / 'a_x2_espcn.png'}: 50x40 -> 100x80, ESPCN x2, tile 32 px "
        f"(4 tiles), about {format_bytes(cost.peak_bytes)} of memory, "
        f"{upscale_cmd.describe_time(cost.seconds)}",
        "dry run: nothing was written",
    ]
    assert _files(tmp_path) == ["a.png"]


def test_dry_run_with_auto_tiles_and_several_files(tmp_path: Path, capsys) -> None:
    for name in ("a.png", "b.jpg"):
        _save(tmp_path / name)
    code, out, _ = _run(capsys, tmp_path, "--model", "bicubic", "--dry-run")
    assert code == 0
    lines = out.splitlines()
    assert [line.split(": ")[1].split(", ")[:3] for line in lines[:2]] == [
        ["16x12 -> 48x36", "bicubic x3", lines[0].split(", ")[2]],
        ["16x12 -> 48x36", "bicubic x3", lines[1].split(", ")[2]],
    ]
    assert all(", tile auto " in line and "(1 tile)" in line for line in lines[:2])
    assert _files(tmp_path) == ["a.png", "b.jpg"]


def test_dry_run_reports_what_would_fail(tmp_path: Path, capsys) -> None:
    source = _save(tmp_path / "wide.png", shape=(2, 6000, 3))
    code, out, err = _run(capsys, source, "--model", "bicubic", "--format", "webp", "--dry-run")
    assert code == 1
    assert err == (
        f"error: {tmp_path / 'wide_x3_bicubic.webp'}: WebP images can be at most 16383 pixels a "
        "side; the result would be 18000 x 6. Choose PNG or TIFF, or a smaller scale\n"
    )
    assert out == "dry run: nothing was written\n"
    assert _files(tmp_path) == ["wide.png"]


def test_a_run_that_cannot_fit_in_memory_is_refused_up_front(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    source = _save(tmp_path / "a.png")
    monkeypatch.setattr(estimate_mod, "available_memory", lambda: 64 * 1024**2)
    code, _, err = _run(capsys, source, "--model", "bicubic")
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"error: {source}: this run needs about ")
    assert "is available" in lines[0]
    assert lines[1:] == ["0 of 1 images upscaled with bicubic x3"]
    assert _files(tmp_path) == ["a.png"]


# -- Ctrl+C -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("ctrl_c_raises")
def test_ctrl_c_cancels_cleanly_and_stops_the_batch(tmp_path: Path, capsys, monkeypatch) -> None:
    first = _save(tmp_path / "a.png", shape=(256, 256, 3))
    second = _save(tmp_path / "b.png")
    cancels: list[threading.Event] = []
    real_run_job = pipeline.run_job

    def run_job(*args, **kwargs):
        cancels.append(kwargs["cancel"])
        return real_run_job(*args, **kwargs)

    real_update = progress_mod.FileProgress.update
    seen: list[int] = []

    def update(self, done: int, total: int) -> None:  # runs in the worker thread
        real_update(self, done, total)
        seen.append(done)
        if done == 1:
            press_ctrl_c(cancels[0])  # returns once the main thread has asked the job to stop

    monkeypatch.setattr(pipeline, "run_job", run_job)
    monkeypatch.setattr(progress_mod.FileProgress, "update", update)
    code = main(["upscale", str(first), str(second), "--model", "bicubic", "--tile", "16"])
    captured = capsys.readouterr()
    assert code == 130
    assert seen == [1]  # stopped at the next tile of 256
    assert captured.err == (
        f"{upscale_cmd.STOPPING_AFTER_TILE}\n"
        f"[1/2] {first}: cancelled; nothing was written\nupscaler-cli: interrupted\n"
    )
    assert captured.out == ""
    assert _files(tmp_path) == ["a.png", "b.png"]  # no result, no temporary file


def test_run_in_worker_hands_over_errors_and_values() -> None:
    cancel = threading.Event()
    assert upscale_cmd.run_in_worker(lambda: 42, cancel).value == 42

    def fail() -> None:
        raise Cancelled()

    outcome = upscale_cmd.run_in_worker(fail, cancel)
    assert isinstance(outcome.error, Cancelled) and not outcome.interrupted


# -- progress -----------------------------------------------------------------------------------


def test_render_bar() -> None:
    line = progress_mod.render_bar("a.png", 5, 20, 10.0, 80)
    assert line.startswith("a.png [")
    assert line.endswith("]  25% 5/20 0:30 left")
    assert line.count("#") == round(0.25 * (line.index("]") - line.index("[") - 1))
    assert len(progress_mod.render_bar("x" * 200, 1, 2, 1.0, 60)) == 59


def test_progress_is_plain_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    bar = progress_mod.FileProgress(stream)
    assert bar.interactive is False
    bar.start("a.png")
    bar.update(1, 2)
    bar.update(2, 2)
    bar.message("a.png -> b.png")
    assert stream.getvalue() == "a.png -> b.png\n"


def test_progress_bar_on_a_terminal_is_wiped_before_a_message() -> None:
    stream = io.StringIO()
    bar = progress_mod.FileProgress(stream, interactive=True, min_interval=0)
    bar.start("a.png")
    bar.update(1, 4)
    bar.update(4, 4)
    bar.message("done")
    segments = stream.getvalue().split("\r")
    assert segments[0] == ""
    first, last, wipe, message = segments[1:]
    assert first.startswith("a.png [") and " 25% 1/4" in first
    assert last.startswith("a.png [") and last.rstrip().endswith("100% 4/4")
    assert wipe == " " * len(last.rstrip())  # the bar is blanked out, then the line reused
    assert message == "done\n"


def test_progress_bar_is_throttled_but_always_shows_the_end() -> None:
    stream = io.StringIO()
    bar = progress_mod.FileProgress(stream, interactive=True, min_interval=3600)
    bar.start("a.png")
    for done in range(1, 101):
        bar.update(done, 100)
    draws = stream.getvalue().split("\r")[1:]
    assert len(draws) == 2  # the first tile, then nothing until the last
    assert " 1/100" in draws[0] and draws[1].rstrip().endswith("100% 100/100")


# -- the installed entry point ------------------------------------------------------------------


@pytest.mark.slow
def test_entry_point_on_a_set5_image(tmp_path: Path, set5_dir: Path, shared_models_dir: Path):
    exe = shutil.which("upscaler-cli", path=str(Path(sys.executable).parent))
    assert exe, "the upscaler-cli entry point is not installed in this environment"
    source = set5_dir / "bird.png"
    target = tmp_path / "bird_big.png"
    result = subprocess.run(
        [exe, "upscale", str(source), "-o", str(target), "--model", "ESPCN", "--scale", "2",
         "--models-dir", str(shared_models_dir)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{source} -> {target} (288x288 -> 576x576, ")
    written = read_image(target).pixels
    info = load_catalog().get("ESPCN_x2")
    expected = Upscaler(info, shared_models_dir / info.filename).upscale(read_image(source).pixels)
    # Auto may pick another tile size or runtime in the subprocess: equal within 1 grey level.
    assert np.abs(written.astype(int) - expected.astype(int)).max() <= 1


# -- encoder options ----------------------------------------------------------------------------


def test_jpeg_subsampling_can_be_chosen(tmp_path: Path) -> None:
    from PIL import Image, JpegImagePlugin

    source = _save(tmp_path / "a.png", shape=(16, 16, 3))
    for mode, expected in (("4:2:0", 2), ("4:4:4", 0)):
        target = tmp_path / f"out_{expected}.jpg"
        argv = ["upscale", str(source), "--model", "bicubic", "--scale", "2", "-o", str(target)]
        assert main([*argv, "--jpeg-subsampling", mode]) == 0
        with Image.open(target) as image:
            assert JpegImagePlugin.get_sampling(image) == expected


def test_png_compression_level_is_passed_to_the_encoder(tmp_path: Path) -> None:
    source = _save(tmp_path / "a.png", shape=(40, 40, 3))
    sizes = {}
    for level in (0, 9):
        target = tmp_path / f"out{level}.png"
        argv = ["upscale", str(source), "--model", "bicubic", "--scale", "2", "-o", str(target)]
        assert main([*argv, "--png-compression", str(level)]) == 0
        sizes[level] = target.stat().st_size
        np.testing.assert_array_equal(
            read_image(target).pixels, read_image(tmp_path / "out0.png").pixels
        )
    assert sizes[0] > sizes[9]


def test_no_metadata_drops_exif_but_keeps_the_colour_profile(tmp_path: Path) -> None:
    from PIL import Image

    source = tmp_path / "photo.jpg"
    pixels = np.random.default_rng(3).integers(0, 256, (16, 16, 3), dtype=np.uint8)
    icc = images.icc_profile()
    Image.fromarray(pixels).save(source, exif=images.exif_bytes(make="Camera"), icc_profile=icc)
    target = tmp_path / "out.jpg"
    argv = ["upscale", str(source), "--model", "bicubic", "--scale", "2", "-o", str(target)]
    assert main([*argv, "--no-metadata"]) == 0
    with Image.open(target) as image:
        assert image.info.get("icc_profile") == icc
        assert "exif" not in image.info
