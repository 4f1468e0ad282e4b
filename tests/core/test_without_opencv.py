"""The offline bundle leaves OpenCV out (docs/packaging.md): the program must do all its work
without ``cv2``, with the same pixels. Each case runs ``upscaler-cli`` once in a process where
``import cv2`` fails, and once here, and compares the results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests import images
from tests.cli_steps import run_cli
from tests.conftest import SHARED_MODELS
from upscaler.core.imageio.read import read_image

#: ``import cv2`` raises ImportError, as in a build without it.
WITHOUT_OPENCV = """
import sys
sys.modules["cv2"] = None
from upscaler.cli.main import main
code = main(sys.argv[1:])
assert sys.modules["cv2"] is None
sys.exit(code)
"""


def run_without_opencv(*argv: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_OPENCV, *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "UPSCALER_MODELS_DIR": str(SHARED_MODELS)},
    )


def pictures(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    ramp = images.gradient(23, 17, dtype=np.uint16)
    ramp[::3, ::2] //= 3  # some texture, so every tap of the resamplers matters
    transparent = images.noise(19, 13, channels=4, seed=4)
    return {
        "photo": images.save(folder / "photo.png", images.noise(21, 15, seed=1)),
        "deep": images.save(folder / "deep.png", ramp),
        "cutout": images.save(folder / "cutout.png", transparent),
        "gray": images.save(folder / "gray.png", images.noise(14, 11, channels=1, seed=2)),
        "scan": images.save(folder / "scan.png", tilted_scan()),
    }


def tilted_scan() -> np.ndarray:
    """A warm, faded 16-bit print, turned 2 degrees on a light scanner bed."""
    from upscaler.core.imageops.warp import rotation_matrix, warp_affine_cubic

    ramp = images.gradient(90, 60, dtype=np.uint16).astype(np.float64)
    ramp[::4] *= 0.6  # stripes: edges for the straightening to find
    faded = 9000 + ramp * 0.6 * np.array([0.8, 0.95, 1.0])
    bed = np.full((100, 130, 3), 60000.0)
    bed[20:80, 20:110] = faded
    turn = rotation_matrix((65.0, 50.0), 2.0)
    return warp_affine_cubic(bed.astype(np.uint16), turn, (130, 100))


ADJUST = ("--auto-crop", "--straighten", "--auto-color")
CASES = [
    ("bicubic", 3, "photo", "png", ()),
    ("lanczos", 2, "cutout", "png", ()),
    ("ESPCN", 2, "deep", "tiff", ()),
    ("FSRCNN", 3, "photo", "jpg", ()),
    ("LapSRN", 4, "gray", "png", ()),
    ("ESPCN", 2, "cutout", "webp", ()),
    ("bicubic", 2, "scan", "png", ADJUST),
    ("bicubic", 2, "scan", "tiff", ("--auto-crop", "--restore-fade")),
]


@pytest.mark.parametrize(("model", "scale", "name", "fmt", "extra"), CASES)
def test_the_cli_gives_the_same_pixels_without_opencv(
    tmp_path, capsys, model, scale, name, fmt, extra
):
    if not SHARED_MODELS.is_dir():
        pytest.skip("the mirrored models are needed")
    source = pictures(tmp_path / "in")[name]
    args = ["upscale", source, "--model", model, "--scale", scale, "--format", fmt, *extra]
    without = tmp_path / f"without.{fmt}"
    done = run_without_opencv(*args, "-o", without, "--models-dir", SHARED_MODELS)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    with_cv2 = tmp_path / f"with.{fmt}"
    code, _, err = run_cli(capsys, *args, "-o", with_cv2, "--models-dir", SHARED_MODELS)
    assert code == 0, err
    ours, theirs = read_image(without), read_image(with_cv2)
    assert ours.pixels.dtype == theirs.pixels.dtype
    np.testing.assert_array_equal(ours.pixels, theirs.pixels)


def test_a_forced_opencv_runtime_is_named_as_missing(tmp_path):
    if not SHARED_MODELS.is_dir():
        pytest.skip("the mirrored models are needed")
    source = images.save(tmp_path / "photo.png", images.noise(8, 6))
    argv = [sys.executable, "-c", WITHOUT_OPENCV, "upscale", str(source), "--model", "ESPCN"]
    done = subprocess.run(
        [*argv, "--scale", "2", "-o", str(tmp_path / "out.png")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "UPSCALER_MODELS_DIR": str(SHARED_MODELS), "UPSCALER_RUNTIME": "opencv"},
    )
    assert done.returncode != 0
    assert "OpenCV DNN is not installed here; use onnxruntime" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.png").exists()
