"""Impossible option values are refused as usage errors, before any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_steps import listing, run_cli, save_noise, usage_error


@pytest.mark.parametrize("scale", ["0", "-2"])
def test_an_impossible_scale_is_refused_not_replaced_by_the_default(
    tmp_path: Path, capsys, scale: str
) -> None:
    source = save_noise(tmp_path / "a.png")
    code, _, err = run_cli(capsys, "upscale", source, "--scale", scale, "--dry-run")
    assert (code, usage_error(err, "upscale")) == (
        2,
        f"no model supports scale x{scale}; choose one of x2, x3, x4, x8",
    )


def test_a_model_id_with_another_scale_is_not_called_unknown(tmp_path: Path, capsys) -> None:
    source = save_noise(tmp_path / "a.png")
    code, _, err = run_cli(capsys, "upscale", source, "--model", "espcn_x2", "--scale", "3")
    assert code == 2
    assert usage_error(err, "upscale") == (
        "ESPCN_x2 is an x2 model but x3 was asked for; ESPCN comes in x2, x3, x4"
    )
    assert listing(tmp_path) == ["a.png"]


@pytest.mark.parametrize("timeout", ["-1", "0", "nan", "inf"])
def test_an_impossible_download_timeout_is_one_clear_line(
    tmp_path: Path, capsys, timeout: str
) -> None:
    # 127.0.0.1:9 (discard) is never contacted: the timeout is refused first.
    code, out, err = run_cli(
        capsys, "models", "download", "LapSRN_x2", "--models-dir", tmp_path,
        "--base-url", "http://127.0.0.1:9", f"--timeout={timeout}",
    )  # fmt: skip
    assert code == 1
    assert err == (
        "upscaler-cli: error: cannot download LapSRN_x2: the timeout must be a positive number "
        f"of seconds, not {float(timeout):g}\n"
    )
    assert listing(tmp_path) == []


def test_bench_quality_checks_tile_like_upscale_and_measures_each_scale_once(
    tmp_path: Path, capsys
) -> None:
    data = tmp_path / "set"
    data.mkdir()
    save_noise(data / "a.png", 48, 48)
    argv = ["bench", "quality", "--data", data, "--models", "bicubic"]
    code, out, err = run_cli(capsys, *argv, "--scale", "2", "--tile", "0")
    assert code == 2
    assert "argument --tile: tile size must be at least 16 pixels, got 0" in err
    assert out == ""  # refused before any image was read
    code, out, err = run_cli(capsys, *argv, "--scale", "2", "2", "--tile", "auto")
    assert (code, err) == (0, "")
    assert [line.split()[:2] for line in out.splitlines()[3:]] == [["bicubic", "x2"]]


@pytest.mark.parametrize("command", ["upscale", "bench"])
def test_a_models_folder_that_does_not_exist_is_reported(
    tmp_path: Path, capsys, command: str
) -> None:
    source = save_noise(tmp_path / "a.png", 48, 48)
    typo = tmp_path / "modles"
    if command == "upscale":
        argv = ["upscale", source, "--dry-run"]
    else:
        argv = ["bench", "quality", "--data", tmp_path, "--scale", "2"]
    code, out, err = run_cli(capsys, *argv, "--models-dir", typo)
    assert (code, out) == (2, "")
    command = "upscale" if command == "upscale" else "bench quality"
    assert usage_error(err, command) == f"argument --models-dir: the folder {typo} does not exist"
