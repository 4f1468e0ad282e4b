"""File-system failures (long names, full disks, unforeseen errors, console encodings) are one
clear line, never a traceback."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.cli_steps import listing, run_cli, save_noise, usage_error
from upscaler.cli import models_cmd


def test_names_too_long_for_the_file_system_are_one_line_each(tmp_path: Path, capsys) -> None:
    # A 250-character download name is fine as an input, but its output name is too long.
    source = save_noise(tmp_path / ("b" * 246 + ".png"))
    other = save_noise(tmp_path / "a.png")
    long = tmp_path / ("c" * 300)
    code, out, err = run_cli(
        capsys, "upscale", source, other, f"{long}.png", "--model", "bicubic_x2"
    )
    assert code == 1
    assert err.splitlines() == [
        f"error: {long}.png: cannot be read (File name too long)",
        f"error: {tmp_path / ('b' * 246 + '_x2_bicubic.png')}: the output file name cannot be "
        "used (File name too long)",
        "1 of 3 images upscaled with bicubic x2",
    ]
    assert out.startswith(f"{other} -> {tmp_path / 'a_x2_bicubic.png'} (16x12 -> 32x24, ")
    for where in (["-o", f"{long}.png"], ["--output-dir", long]):
        code, _, err = run_cli(
            capsys, "upscale", other, "--model", "bicubic_x2", "--overwrite", *where
        )
        assert code == 1
        assert "the output file name cannot be used (File name too long)" in err


def test_a_models_folder_name_too_long_is_not_a_traceback(tmp_path: Path, capsys) -> None:
    long = tmp_path / ("m" * 300)
    code, out, _ = run_cli(capsys, "models", "list", "--models-dir", long)
    assert code == 0
    assert f"  {long}  (does not exist)" in out.splitlines()
    assert run_cli(capsys, "models", "verify", "--models-dir", long)[0] == 0
    code, _, err = run_cli(capsys, "bench", "quality", "--data", long, "--scale", "2")
    assert (code, usage_error(err, "bench quality")) == (
        2,
        f"argument --data: {long} is not a folder of images",
    )
    code, _, err = run_cli(capsys, "models", "import", f"{long}.pb")
    assert (code, err) == (1, f"upscaler-cli: error: {long}.pb: no such file\n")


def test_an_unforeseen_file_system_error_is_one_line(monkeypatch, capsys) -> None:
    def refuse(args: object) -> int:
        raise PermissionError(13, "Permission denied", "/srv/models/ESPCN_x2.pb")

    monkeypatch.setattr(models_cmd, "run_list", refuse)
    code, _, err = run_cli(capsys, "models", "list")
    assert (code, err) == (
        1, "upscaler-cli: error: /srv/models/ESPCN_x2.pb: Permission denied\n"
    )  # fmt: skip


def test_a_full_disk_during_import_names_the_folder(
    tmp_path: Path, shared_models_dir: Path, capsys, monkeypatch
) -> None:
    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", full)
    source = shared_models_dir / "ESPCN_x2.pb"
    dest = tmp_path / "models"
    code, _, err = run_cli(capsys, "models", "import", "--models-dir", dest, source)
    assert code == 1
    assert err == (
        f"upscaler-cli: error: {source}: cannot be copied into {dest} (No space left on device)\n"
    )
    assert listing(dest) == []


def test_a_name_the_console_cannot_encode_does_not_stop_the_batch(tmp_path: Path) -> None:
    source = save_noise(tmp_path / "鸟.png")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}  # a cp1252 log file on Windows, say
    argv = [
        sys.executable,
        "-c",
        "import sys; from upscaler.cli.main import main; sys.exit(main())",
    ]
    argv += ["upscale", str(source)]
    done = subprocess.run(
        [*argv, "--model", "bicubic_x2"],
        capture_output=True, text=True, encoding="ascii", errors="strict", env=env, timeout=300,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"{tmp_path}/\\u9e1f.png -> {tmp_path}/\\u9e1f_x2_bicubic.png")
    assert listing(tmp_path) == ["鸟.png", "鸟_x2_bicubic.png"]
