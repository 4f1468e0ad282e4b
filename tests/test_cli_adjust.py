"""`upscaler-cli upscale --auto-crop/--straighten/--auto-color/--restore-fade` on real files."""

from __future__ import annotations

import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from tests import adjust_profiles as icc_profiles
from tests import images
from tests.adjust_testset import CASTS, cast, chroma_error, frame, tilted_scan
from tests.core.test_adjust_colour import chart
from upscaler.cli.main import main
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.imageio import read_image

BICUBIC2 = load_catalog().get("bicubic", 2)
X2 = ("--model", "bicubic", "--scale", "2")


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main(["upscale", *map(str, argv)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def content(width: int = 120, height: int = 80) -> np.ndarray:
    rng = np.random.default_rng(5)
    blobs = cv2.resize(rng.integers(20, 236, (4, 6, 3)).astype(np.float32), (width, height))
    return blobs.astype(np.uint8)


def png16_with_profile(path: Path, pixels: np.ndarray, profile: bytes) -> Path:
    png = images.cv2_bytes(pixels, ".png")
    iccp = images.chunk(b"iCCP", b"test\x00\x00" + zlib.compress(profile))
    path.write_bytes(png[:33] + iccp + png[33:])  # right after IHDR
    return path


def test_auto_crop_cuts_black_bars_before_upscaling(tmp_path: Path, capsys) -> None:
    framed = frame(content(), top=20, bottom=20, left=0, right=0, colour=(0, 0, 0))
    source = images.save(tmp_path / "movie.png", framed.pixels)
    code, out, err = run(capsys, source, *X2, "--auto-crop")
    assert code == 0, err
    target = tmp_path / "movie_x2_bicubic.png"
    assert f"{source} -> {target} (120x120 -> 240x160" in out
    assert "borders cropped: 120x120 to 120x80 (left 0, top 20, right 0, bottom 20 px)" in out
    expected = Upscaler(BICUBIC2).upscale(content())
    np.testing.assert_array_equal(read_image(target).pixels, expected)


def test_auto_crop_leaves_a_picture_without_borders_as_it_is(tmp_path: Path, capsys) -> None:
    source = images.save(tmp_path / "photo.png", content())
    code, out, _ = run(capsys, source, *X2, "--auto-crop")
    assert code == 0 and "no borders found; nothing cropped" in out
    expected = Upscaler(BICUBIC2).upscale(content())
    np.testing.assert_array_equal(read_image(tmp_path / "photo_x2_bicubic.png").pixels, expected)


def test_dry_run_shows_the_cropped_size(tmp_path: Path, capsys) -> None:
    framed = frame(content(), top=0, bottom=0, left=30, right=30, colour=(0, 0, 0))
    source = images.save(tmp_path / "tv.png", framed.pixels)
    code, out, _ = run(capsys, source, *X2, "--auto-crop", "--auto-color", "--dry-run")
    assert code == 0
    assert "180x80 -> cropped to 120x80 -> 240x160" in out
    assert "auto colour: analysed and applied when the images are upscaled" in out
    assert not (tmp_path / "tv_x2_bicubic.png").exists()


def test_straighten_turns_a_tilted_scan_upright(tmp_path: Path, capsys) -> None:
    scan = tilted_scan(content(200, 140), angle=3.0, margin=15, colour=(240, 240, 240), noise=2)
    source = images.save(tmp_path / "scan.png", scan.pixels)
    code, out, err = run(capsys, source, *X2, "--straighten")  # implies --auto-crop
    assert code == 0, err
    assert "straightened (turned 3.0 degrees counter-clockwise) and cropped" in out
    height, width = read_image(tmp_path / "scan_x2_bicubic.png").pixels.shape[:2]
    assert abs(width - 400) <= 6 and abs(height - 280) <= 6


def test_auto_color_takes_a_cast_away_after_upscaling(tmp_path: Path, capsys) -> None:
    clean = chart()
    source = images.save(tmp_path / "warm.png", cast(clean, CASTS["warm cast (3200 K light)"]))
    assert run(capsys, source, *X2, "-o", tmp_path / "plain.png")[0] == 0
    code, out, _ = run(capsys, source, *X2, "--auto-color", "-o", tmp_path / "fixed.png")
    assert code == 0 and "  white balance: light taken as red" in out
    reference = Upscaler(BICUBIC2).upscale(clean)
    plain = read_image(tmp_path / "plain.png").pixels
    fixed = read_image(tmp_path / "fixed.png").pixels
    assert chroma_error(fixed, reference) < 0.3 * chroma_error(plain, reference)
    code, out, _ = run(capsys, source, *X2, "--auto-color", "0.5", "-o", tmp_path / "half.png")
    half = read_image(tmp_path / "half.png").pixels
    assert chroma_error(fixed, reference) < chroma_error(half, reference)
    assert chroma_error(half, reference) < chroma_error(plain, reference)


def test_sixteen_bits_alpha_and_profile_survive(tmp_path: Path, capsys) -> None:
    profile = icc_profiles.rgb_profile(icc_profiles.para_curve(0, (1.8,)))
    picture = frame(content(), top=12, bottom=12, left=16, right=16, colour=(20, 20, 20)).pixels
    warm = cast(picture, CASTS["warm cast (3200 K light)"]).astype(np.uint16) * 257 + 100
    alpha = np.full(warm.shape[:2], 65535, np.uint16)
    alpha[30:50, 40:60] = 1234
    source = png16_with_profile(tmp_path / "deep.png", np.dstack([warm, alpha]), profile)
    code, out, err = run(
        capsys, source, *X2, "--auto-crop", "--auto-color", "-o", tmp_path / "a.png"
    )
    assert code == 0, err
    assert run(capsys, source, *X2, "--auto-crop", "-o", tmp_path / "b.png")[0] == 0
    corrected, cropped_only = read_image(tmp_path / "a.png"), read_image(tmp_path / "b.png")
    assert corrected.pixels.dtype == np.uint16 and corrected.icc_profile == profile
    assert corrected.pixels.shape == (160, 240, 4)
    np.testing.assert_array_equal(corrected.pixels[..., 3], cropped_only.pixels[..., 3])
    assert not np.array_equal(corrected.pixels[..., :3], cropped_only.pixels[..., :3])
    assert len(np.unique(corrected.pixels[..., 1])) > 1000  # not squeezed through 8 bits
    with Image.open(tmp_path / "a.png") as written:
        assert written.info["icc_profile"] == profile


def test_a_profile_that_cannot_be_used_leaves_colours_and_says_so(tmp_path: Path, capsys) -> None:
    broken = icc_profiles.rgb_profile(icc_profiles.gamma_curve(2.2), drop=b"gXYZ")
    pixels = cast(content(), CASTS["green cast (fluorescent)"]).astype(np.uint16) * 257
    source = png16_with_profile(tmp_path / "odd.png", pixels, broken)
    code, _, err = run(capsys, source, *X2, "--auto-color")
    assert code == 0
    assert "warning: colours left as they are: the colour profile cannot be used" in err
    written = read_image(tmp_path / "odd_x2_bicubic.png").pixels
    np.testing.assert_array_equal(written, Upscaler(BICUBIC2).upscale(pixels))


def test_restore_fade_implies_auto_color(tmp_path: Path, capsys) -> None:
    source = images.save(tmp_path / "old.png", (content() * 0.6 + 60).astype(np.uint8))
    code, out, _ = run(capsys, source, *X2, "--restore-fade")
    assert code == 0 and "\n  fade restoration: black " in out


@pytest.mark.parametrize("strength", ["2", "-0.1", "lots"])
def test_a_bad_strength_is_refused(tmp_path: Path, capsys, strength: str) -> None:
    source = images.save(tmp_path / "a.png", content())
    with pytest.raises(SystemExit) as exit_:
        main(["upscale", str(source), *X2, "--auto-color", strength])
    assert exit_.value.code == 2
    assert "--auto-color" in capsys.readouterr().err
