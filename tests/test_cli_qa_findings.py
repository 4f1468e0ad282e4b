"""Bugs a demanding user found in `upscaler-cli` and the core's file handling, one test each."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests import images
from upscaler.cli import models_cmd, upscale_cmd
from upscaler.cli.main import main
from upscaler.core import paths
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.errors import ImageWriteError
from upscaler.core.hashing import DigestCache
from upscaler.core.imageio import write as imageio_write


def _save(path: Path, width: int = 16, height: int = 12) -> Path:
    return images.save(path, images.noise(width, height))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:  # argparse's own usage errors
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _usage_error(err: str, command: str) -> str:
    """The message of a command-line mistake, answered as argparse answers its own: the
    command's usage, then one ``error:`` line."""
    assert err.startswith(f"usage: upscaler-cli {command} "), err
    last = err.splitlines()[-1]
    prefix = f"upscaler-cli {command}: error: "
    assert last.startswith(prefix), err
    return last[len(prefix) :]


def test_the_same_file_named_twice_is_upscaled_once(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _save(tmp_path / "a.png")
    code, out, err = _run(
        capsys, "upscale", "a.png", "./a.png", tmp_path / "a.png", ".", "--model", "bicubic_x2"
    )
    assert (code, err) == (0, "")
    assert out == f"a.png -> a_x2_bicubic.png (16x12 -> 32x24, {out.split(', ')[-1]}"
    assert _files(tmp_path) == ["a.png", "a_x2_bicubic.png"]


@pytest.mark.parametrize("scale", ["0", "-2"])
def test_an_impossible_scale_is_refused_not_replaced_by_the_default(
    tmp_path: Path, capsys, scale: str
) -> None:
    source = _save(tmp_path / "a.png")
    code, _, err = _run(capsys, "upscale", source, "--scale", scale, "--dry-run")
    assert (code, _usage_error(err, "upscale")) == (
        2,
        f"no model supports scale x{scale}; choose one of x2, x3, x4, x8",
    )


def test_a_model_id_with_another_scale_is_not_called_unknown(tmp_path: Path, capsys) -> None:
    source = _save(tmp_path / "a.png")
    code, _, err = _run(capsys, "upscale", source, "--model", "espcn_x2", "--scale", "3")
    assert code == 2
    assert _usage_error(err, "upscale") == (
        "ESPCN_x2 is an x2 model but x3 was asked for; ESPCN comes in x2, x3, x4"
    )
    assert _files(tmp_path) == ["a.png"]


def test_dry_run_refuses_transparency_to_jpeg_as_the_run_does(tmp_path: Path, capsys) -> None:
    pixels = np.random.default_rng(1).integers(0, 256, (8, 8, 4), dtype=np.uint8)
    source = tmp_path / "logo.png"
    assert cv2.imwrite(str(source), pixels)
    args = ["upscale", source, "--model", "bicubic_x2", "--format", "jpg"]
    dry = _run(capsys, *args, "--dry-run")
    real = _run(capsys, *args)
    assert dry[0] == real[0] == 1
    assert "transparency, which JPEG cannot store" in dry[2]
    assert dry[2].splitlines()[0] == real[2].splitlines()[0]
    assert _files(tmp_path) == ["logo.png"]
    # With a background both go ahead, and an opaque alpha channel needs none.
    assert _run(capsys, *args, "--background", "white", "--dry-run")[0] == 0
    pixels[..., 3] = 255
    assert cv2.imwrite(str(source), pixels)
    assert _run(capsys, *args, "--dry-run")[0] == 0


@pytest.mark.skipif(os.name != "posix", reason="folder permissions are checked on POSIX only")
def test_an_unwritable_output_folder_is_refused_before_the_network_runs(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    source = _save(tmp_path / "a.png")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    # Root may write anywhere, so a read-only folder (a read-only mount, someone else's folder)
    # is simulated where the check asks.
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != locked and real_access(p, mode))
    monkeypatch.setattr(Upscaler, "upscale", lambda *a, **k: pytest.fail("the network ran"))
    for where in (["--output-dir", locked], ["--output-dir", locked / "new"]):
        code, _, err = _run(capsys, "upscale", source, "--model", "bicubic_x2", *where)
        assert code == 1
        target = where[1] / "a_x2_bicubic.png"
        assert err.splitlines()[0] == (
            f"error: {target}: cannot write into the folder {locked} (read-only or no permission)"
            "; use --output-dir to write the results elsewhere"
        )
    code, _, err = _run(capsys, "upscale", source, "-o", source.parent / "a.png" / "x.png")
    assert code == 1
    assert f"{source} is a file, not a folder" in err
    assert _files(tmp_path) == ["a.png", "locked"] and _files(locked) == []


@pytest.mark.parametrize("timeout", ["-1", "0", "nan", "inf"])
def test_an_impossible_download_timeout_is_one_clear_line(
    tmp_path: Path, capsys, timeout: str
) -> None:
    # 127.0.0.1:9 (discard) is never contacted: the timeout is refused first.
    code, out, err = _run(
        capsys, "models", "download", "LapSRN_x2", "--models-dir", tmp_path,
        "--base-url", "http://127.0.0.1:9", f"--timeout={timeout}",
    )  # fmt: skip
    assert code == 1
    assert err == (
        "upscaler-cli: error: cannot download LapSRN_x2: the timeout must be a positive number "
        f"of seconds, not {float(timeout):g}\n"
    )
    assert _files(tmp_path) == []


def test_names_too_long_for_the_file_system_are_one_line_each(tmp_path: Path, capsys) -> None:
    # A 250-character download name is fine as an input, but its output name is too long.
    source = _save(tmp_path / ("b" * 246 + ".png"))
    other = _save(tmp_path / "a.png")
    long = tmp_path / ("c" * 300)
    code, out, err = _run(capsys, "upscale", source, other, f"{long}.png", "--model", "bicubic_x2")
    assert code == 1
    assert err.splitlines() == [
        f"error: {long}.png: cannot be read (File name too long)",
        f"error: {tmp_path / ('b' * 246 + '_x2_bicubic.png')}: the output file name cannot be "
        "used (File name too long)",
        "1 of 3 images upscaled with bicubic x2",
    ]
    assert out.startswith(f"{other} -> {tmp_path / 'a_x2_bicubic.png'} (16x12 -> 32x24, ")
    for where in (["-o", f"{long}.png"], ["--output-dir", long]):
        code, _, err = _run(
            capsys, "upscale", other, "--model", "bicubic_x2", "--overwrite", *where
        )
        assert code == 1
        assert "the output file name cannot be used (File name too long)" in err


def test_a_models_folder_name_too_long_is_not_a_traceback(tmp_path: Path, capsys) -> None:
    long = tmp_path / ("m" * 300)
    code, out, _ = _run(capsys, "models", "list", "--models-dir", long)
    assert code == 0
    assert f"  {long}  (does not exist)" in out.splitlines()
    assert _run(capsys, "models", "verify", "--models-dir", long)[0] == 0
    code, _, err = _run(capsys, "bench", "quality", "--data", long, "--scale", "2")
    assert (code, _usage_error(err, "bench quality")) == (
        2,
        f"argument --data: {long} is not a folder of images",
    )
    code, _, err = _run(capsys, "models", "import", f"{long}.pb")
    assert (code, err) == (1, f"upscaler-cli: error: {long}.pb: no such file\n")


def test_an_unforeseen_file_system_error_is_one_line(monkeypatch, capsys) -> None:
    def refuse(args: object) -> int:
        raise PermissionError(13, "Permission denied", "/srv/models/ESPCN_x2.pb")

    monkeypatch.setattr(models_cmd, "run_list", refuse)
    code, _, err = _run(capsys, "models", "list")
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
    code, _, err = _run(capsys, "models", "import", "--models-dir", dest, source)
    assert code == 1
    assert err == (
        f"upscaler-cli: error: {source}: cannot be copied into {dest} (No space left on device)\n"
    )
    assert _files(dest) == []


def test_bench_quality_checks_tile_like_upscale_and_measures_each_scale_once(
    tmp_path: Path, capsys
) -> None:
    data = tmp_path / "set"
    data.mkdir()
    _save(data / "a.png", 48, 48)
    argv = ["bench", "quality", "--data", data, "--models", "bicubic"]
    code, out, err = _run(capsys, *argv, "--scale", "2", "--tile", "0")
    assert code == 2
    assert "argument --tile: tile size must be at least 16 pixels, got 0" in err
    assert out == ""  # refused before any image was read
    code, out, err = _run(capsys, *argv, "--scale", "2", "2", "--tile", "auto")
    assert (code, err) == (0, "")
    assert [line.split()[:2] for line in out.splitlines()[3:]] == [["bicubic", "x2"]]


@pytest.mark.parametrize("command", ["upscale", "bench"])
def test_a_models_folder_that_does_not_exist_is_reported(
    tmp_path: Path, capsys, command: str
) -> None:
    source = _save(tmp_path / "a.png", 48, 48)
    typo = tmp_path / "modles"
    if command == "upscale":
        argv = ["upscale", source, "--dry-run"]
    else:
        argv = ["bench", "quality", "--data", tmp_path, "--scale", "2"]
    code, out, err = _run(capsys, *argv, "--models-dir", typo)
    assert (code, out) == (2, "")
    command = "upscale" if command == "upscale" else "bench quality"
    assert _usage_error(err, command) == f"argument --models-dir: the folder {typo} does not exist"


@pytest.mark.parametrize("extra", [[], ["--format", "png"]])
def test_an_output_named_gif_is_refused_with_the_reason(
    tmp_path: Path, capsys, extra: list[str]
) -> None:
    source = _save(tmp_path / "a.png")
    target = tmp_path / "out.gif"
    code, _, err = _run(capsys, "upscale", source, "-o", target, "--model", "bicubic_x2", *extra)
    assert code == 2
    assert _usage_error(err, "upscale") == (
        f"{target}: GIF files cannot be written; give the output one of the extensions "
        ".png, .jpg, .webp, .tiff"
    )
    assert _files(tmp_path) == ["a.png"]  # not out.gif.png


def test_a_file_that_appears_while_encoding_is_not_replaced(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.png"
    real_encode = imageio_write.encode_to

    def encode_while_someone_saves(*args: object, **kwargs: object):
        target.write_bytes(b"saved by another program meanwhile")
        return real_encode(*args, **kwargs)

    monkeypatch.setattr(imageio_write, "encode_to", encode_while_someone_saves)
    pixels = np.zeros((4, 4, 3), np.uint8)
    with pytest.raises(ImageWriteError, match="already exists"):
        imageio_write.write_image(target, pixels)
    assert target.read_bytes() == b"saved by another program meanwhile"
    assert _files(tmp_path) == ["out.png"]  # no temporary file left


def test_without_hard_links_a_new_file_is_still_written(tmp_path: Path, monkeypatch) -> None:
    def no_links(*args: object) -> None:  # FAT, some network shares
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.png"
    imageio_write.write_image(target, np.full((4, 4, 3), 7, np.uint8))
    assert _files(tmp_path) == ["out.png"]
    assert int(cv2.imread(str(target)).max()) == 7
    with pytest.raises(ImageWriteError, match="already exists"):
        imageio_write.atomic_write_bytes(target, b"x", replace=False)
    assert _files(tmp_path) == ["out.png"]


def test_a_name_the_console_cannot_encode_does_not_stop_the_batch(tmp_path: Path) -> None:
    source = _save(tmp_path / "鸟.png")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}  # a cp1252 log file on Windows, say
    argv = [
        sys.executable,
        "-c",
        "import sys; from upscaler.cli.main import main; sys.exit(main())",
    ]
    argv += ["upscale", str(source)]
    done = subprocess.run(
        [*argv, "--model", "bicubic_x2"],
        capture_output=True, text=True, encoding="ascii", errors="strict", env=env, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"{tmp_path}/\\u9e1f.png -> {tmp_path}/\\u9e1f_x2_bicubic.png")
    assert _files(tmp_path) == ["鸟.png", "鸟_x2_bicubic.png"]


@pytest.mark.parametrize(
    "entry",
    [
        lambda e: e["digest"].update(extra=1),  # written by another version
        lambda e: e.pop("digest"),
        lambda e: e.update(digest="?"),
    ],
)
def test_an_unreadable_digest_cache_entry_is_a_miss_not_a_crash(tmp_path: Path, entry) -> None:
    model = tmp_path / "m.bin"
    model.write_bytes(b"weights")
    cache_file = tmp_path / "digests.json"
    expected = DigestCache(cache_file).digest(model)
    data = json.loads(cache_file.read_text())
    entry(next(iter(data["files"].values())))
    cache_file.write_text(json.dumps(data))
    assert DigestCache(cache_file).digest(model) == expected


def test_a_missing_or_damaged_built_in_model_says_reinstall_not_download(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    load_catalog()  # read from the real models folder before it is swapped for an empty one
    shipped = tmp_path / "program" / "models"
    shipped.mkdir(parents=True)
    monkeypatch.setattr(paths, "project_models_dir", lambda: shipped)
    source = _save(tmp_path / "a.png")
    code, _, err = _run(capsys, "upscale", source, "--model", "UpNet_x2")
    assert code == 1
    assert err == (
        "upscaler-cli: error: model UpNet x2 is missing from this installation; reinstall the "
        "program (or point --models-dir at a folder that has it)\n"
    )
    (shipped / "UpNet_x2.onnx").write_bytes(b"damaged")
    code, _, err = _run(capsys, "upscale", source, "--model", "UpNet_x2")
    assert code == 1
    assert err.startswith(f"upscaler-cli: error: {shipped / 'UpNet_x2.onnx'}: UpNet x2 is damaged")
    assert err.endswith("; reinstall the program to get a good copy\n")


def test_ctrl_c_just_before_the_job_starts_does_not_hang(monkeypatch) -> None:
    class GoInterrupted(threading.Event):
        """The first event made (the "go" signal) sees Ctrl+C arrive as it is set."""

        made = 0

        def __init__(self) -> None:
            super().__init__()
            GoInterrupted.made += 1
            self.interrupt = GoInterrupted.made == 1

        def set(self) -> None:
            if self.interrupt:
                self.interrupt = False
                raise KeyboardInterrupt
            super().set()

    cancel = threading.Event()
    result: list[upscale_cmd.WorkerOutcome] = []
    caller = threading.Thread(
        target=lambda: result.append(upscale_cmd.run_in_worker(lambda: 42, cancel)), daemon=True
    )
    monkeypatch.setattr(upscale_cmd.threading, "Event", GoInterrupted)  # go is the next one
    caller.start()
    caller.join(timeout=5)
    assert not caller.is_alive(), "run_in_worker hung after an early Ctrl+C"
    assert result[0].interrupted and cancel.is_set()


def test_wildcards_the_shell_left_alone_are_expanded(tmp_path: Path, capsys) -> None:
    # Windows shells pass `*.png` through unexpanded; a POSIX shell does so when nothing matched.
    for name in ("b.png", "a.PNG", "old_x2_bicubic.png"):
        _save(tmp_path / name)
    (tmp_path / "notes.png.txt").touch()
    model = ["--model", "bicubic_x2"]
    code, out, err = _run(capsys, "upscale", tmp_path / "*.[pP]*", tmp_path / "*.gif", *model)
    assert code == 1
    assert err.splitlines() == [
        f"error: {tmp_path / '*.gif'}: no image file matches this pattern",
        "2 of 3 images upscaled with bicubic x2",
    ]
    assert [line.split(" -> ")[0] for line in out.splitlines()] == [
        f"[1/2] {tmp_path / 'a.PNG'}",
        f"[2/2] {tmp_path / 'b.png'}",
    ]
    code, _, err = _run(capsys, "upscale", tmp_path / "*", "-o", tmp_path / "y.png", *model)
    assert code == 2
    assert "an output file name (-o) works with exactly one input image" in err
    code, _, err = _run(capsys, "upscale", tmp_path / "?.png", "-o", tmp_path / "x.png", *model)
    assert (code, err) == (0, "")  # one match: -o is fine
    assert "x.png" in _files(tmp_path) and "y.png" not in _files(tmp_path)


def test_a_folder_of_earlier_results_is_not_called_empty(tmp_path: Path, capsys) -> None:
    earlier = _save(tmp_path / "photo_x2_bicubic.png")
    code, _, err = _run(capsys, "upscale", tmp_path, "--model", "bicubic_x2")
    assert code == 1
    assert err.splitlines()[0] == (
        f"error: {tmp_path}: the folder holds only results of earlier runs (names ending "
        "_x<scale>_<model>), which are skipped; name such files one by one to upscale them again"
    )
    code, _, err = _run(capsys, "upscale", earlier, "--model", "bicubic_x2")
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["upscale", "IMG", "-o", ""], "argument -o/--output: the name is empty"),
        (["upscale", "IMG", "--output-dir", " "], "argument --output-dir: the name is empty"),
        (["upscale", "IMG", "--models-dir", ""], "argument --models-dir: the name is empty"),
        (["bench", "quality", "--data", "", "--scale", "2"], "argument --data: the name is empty"),
        (["models", "import", ""], "argument FILE: the name is empty"),
    ],
)
def test_an_empty_path_argument_is_not_the_current_folder(
    tmp_path: Path, capsys, monkeypatch, argv: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)  # "" used to mean this folder
    source = _save(tmp_path / "a.png")
    code, out, err = _run(capsys, *[source if a == "IMG" else a for a in argv])
    assert (code, out) == (2, "")
    assert message in err
    assert _files(tmp_path) == ["a.png"]


def test_an_empty_input_name_is_skipped_not_read_as_the_current_folder(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a script's `upscale "$FILE"` with FILE unset
    _save(tmp_path / "a.png")
    code, out, err = _run(capsys, "upscale", "", "--model", "bicubic_x2")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "error: an input name is empty; it was skipped",
        "0 of 1 images upscaled with bicubic x2",
    ]
    assert _files(tmp_path) == ["a.png"]


def test_verify_says_reinstall_for_a_damaged_built_in_model(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    load_catalog()  # read from the real models folder before it is swapped
    shipped = tmp_path / "program" / "models"
    shipped.mkdir(parents=True)
    (shipped / "UpNet_x3.onnx").write_bytes(b"damaged")
    monkeypatch.setattr(paths, "project_models_dir", lambda: shipped)
    code, _, err = _run(capsys, "models", "verify", "--models-dir", tmp_path)
    assert code == 1
    assert err == (
        f"upscaler-cli: error: 1 model file(s) failed verification: {shipped / 'UpNet_x3.onnx'}; "
        "reinstall the program to restore UpNet_x3\n"
    )
