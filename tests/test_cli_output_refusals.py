"""Outputs the command refuses up front (formats, transparency, unwritable folders), and writes
that never replace a file that appeared meanwhile."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.cli_steps import listing, run_cli, save_noise, usage_error
from upscaler.core.engine import Upscaler
from upscaler.core.errors import ImageWriteError
from upscaler.core.imageio import write as imageio_write


def test_dry_run_refuses_transparency_to_jpeg_as_the_run_does(tmp_path: Path, capsys) -> None:
    pixels = np.random.default_rng(1).integers(0, 256, (8, 8, 4), dtype=np.uint8)
    source = tmp_path / "logo.png"
    assert cv2.imwrite(str(source), pixels)
    args = ["upscale", source, "--model", "bicubic_x2", "--format", "jpg"]
    dry = run_cli(capsys, *args, "--dry-run")
    real = run_cli(capsys, *args)
    assert dry[0] == real[0] == 1
    assert "transparency, which JPEG cannot store" in dry[2]
    assert dry[2].splitlines()[0] == real[2].splitlines()[0]
    assert listing(tmp_path) == ["logo.png"]
    # With a background both go ahead, and an opaque alpha channel needs none.
    assert run_cli(capsys, *args, "--background", "white", "--dry-run")[0] == 0
    pixels[..., 3] = 255
    assert cv2.imwrite(str(source), pixels)
    assert run_cli(capsys, *args, "--dry-run")[0] == 0


@pytest.mark.skipif(os.name != "posix", reason="folder permissions are checked on POSIX only")
def test_an_unwritable_output_folder_is_refused_before_the_network_runs(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    source = save_noise(tmp_path / "a.png")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    # Root may write anywhere, so a read-only folder (a read-only mount, someone else's folder)
    # is simulated where the check asks.
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != locked and real_access(p, mode))
    monkeypatch.setattr(Upscaler, "upscale", lambda *a, **k: pytest.fail("the network ran"))
    for where in (["--output-dir", locked], ["--output-dir", locked / "new"]):
        code, _, err = run_cli(capsys, "upscale", source, "--model", "bicubic_x2", *where)
        assert code == 1
        target = where[1] / "a_x2_bicubic.png"
        assert err.splitlines()[0] == (
            f"error: {target}: cannot write into the folder {locked} (read-only or no permission)"
            "; use --output-dir to write the results elsewhere"
        )
    code, _, err = run_cli(capsys, "upscale", source, "-o", source.parent / "a.png" / "x.png")
    assert code == 1
    assert f"{source} is a file, not a folder" in err
    assert listing(tmp_path) == ["a.png", "locked"] and listing(locked) == []


@pytest.mark.parametrize("extra", [[], ["--format", "png"]])
def test_an_output_named_gif_is_refused_with_the_reason(
    tmp_path: Path, capsys, extra: list[str]
) -> None:
    source = save_noise(tmp_path / "a.png")
    target = tmp_path / "out.gif"
    code, _, err = run_cli(capsys, "upscale", source, "-o", target, "--model", "bicubic_x2", *extra)
    assert code == 2
    assert usage_error(err, "upscale") == (
        f"{target}: GIF files cannot be written; give the output one of the extensions "
        ".png, .jpg, .webp, .tiff"
    )
    assert listing(tmp_path) == ["a.png"]  # not out.gif.png


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
    assert listing(tmp_path) == ["out.png"]  # no temporary file left


def test_without_hard_links_a_new_file_is_still_written(tmp_path: Path, monkeypatch) -> None:
    def no_links(*args: object) -> None:  # FAT, some network shares
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.png"
    imageio_write.write_image(target, np.full((4, 4, 3), 7, np.uint8))
    assert listing(tmp_path) == ["out.png"]
    assert int(cv2.imread(str(target)).max()) == 7
    with pytest.raises(ImageWriteError, match="already exists"):
        imageio_write.atomic_write_bytes(target, b"x", replace=False)
    assert listing(tmp_path) == ["out.png"]


def test_an_output_name_ending_in_a_slash_is_read_as_a_folder(tmp_path: Path, capsys) -> None:
    source = save_noise(tmp_path / "a.png")
    for out in (f"{tmp_path / 'new'}/", f"{tmp_path}/"):
        code, _, err = run_cli(capsys, "upscale", source, "--model", "bicubic_x2", "-o", out)
        assert code == 2
        assert usage_error(err, "upscale") == (
            f"argument -o/--output: {out} ends with a slash, so it names a folder: use "
            f"--output-dir {out} to write the results into it"
        )
    assert listing(tmp_path) == ["a.png"]
