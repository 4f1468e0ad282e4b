"""PSNR/SSIM and the degradation must follow the SR literature exactly, or numbers mislead."""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import pytest

from upscaler.bench import quality
from upscaler.core.catalog import load_catalog
from upscaler.core.errors import Cancelled


def _set5(set5_dir: Path) -> list[tuple[str, np.ndarray]]:
    return [(p.stem, cv2.imread(str(p), cv2.IMREAD_COLOR)) for p in sorted(set5_dir.glob("*.png"))]


def _cv_bicubic(scale: int):
    def upscale(lr: np.ndarray) -> np.ndarray:
        height, width = lr.shape[:2]
        return cv2.resize(lr, (width * scale, height * scale), interpolation=cv2.INTER_CUBIC)

    return upscale


def test_luma_matches_matlab_rgb2ycbcr_on_primaries() -> None:
    # BGR order: black, white, pure red, pure green, pure blue.
    pixels = np.array([[[0, 0, 0], [255, 255, 255], [0, 0, 255], [0, 255, 0], [255, 0, 0]]])
    y = quality.luma_bt601(pixels.astype(np.uint8))
    np.testing.assert_allclose(y[0], [16.0, 235.0, 16 + 65.481, 16 + 128.553, 16 + 24.966])


def test_luma_of_gray_equals_luma_of_equal_channels() -> None:
    gray = np.arange(0, 256, dtype=np.uint8).reshape(16, 16)
    bgr = np.dstack([gray, gray, gray])
    np.testing.assert_allclose(quality.luma_bt601(gray), quality.luma_bt601(bgr))


def test_luma_of_16_bit_uses_the_8_bit_scale() -> None:
    pixels = np.full((2, 2, 3), 65535, dtype=np.uint16)
    np.testing.assert_allclose(quality.luma_bt601(pixels), 235.0)


def test_psnr_of_a_known_error() -> None:
    a = np.zeros((8, 8))
    assert quality.psnr(a, a + 1.0) == pytest.approx(20 * math.log10(255), abs=1e-9)
    assert quality.psnr(a, a + 2.0) == pytest.approx(20 * math.log10(255 / 2), abs=1e-9)
    assert quality.psnr(a, a) == math.inf


def test_psnr_ignores_the_shaved_border() -> None:
    a = np.zeros((10, 10))
    b = a.copy()
    b[0, :] = b[:, 9] = 255.0
    assert quality.psnr(a, b, border=1) == math.inf
    assert quality.psnr(a, b, border=0) < 20


def test_psnr_rejects_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match="shapes differ"):
        quality.psnr(np.zeros((4, 4)), np.zeros((4, 5)))


def _ssim_by_definition(x: np.ndarray, y: np.ndarray) -> float:
    """Wang et al.'s formula window by window, with plain loops: an independent reference."""
    g = np.exp(-((np.arange(11) - 5) ** 2) / (2 * 1.5**2))
    w = np.outer(g, g) / np.outer(g, g).sum()
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    values = []
    for i in range(x.shape[0] - 10):
        for j in range(x.shape[1] - 10):
            px, py = x[i : i + 11, j : j + 11], y[i : i + 11, j : j + 11]
            mx, my = (w * px).sum(), (w * py).sum()
            vx, vy = (w * (px - mx) ** 2).sum(), (w * (py - my) ** 2).sum()
            cxy = (w * (px - mx) * (py - my)).sum()
            values.append(
                ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx**2 + my**2 + c1) * (vx + vy + c2))
            )
    return float(np.mean(values))


def test_ssim_matches_the_definition_on_random_images() -> None:
    rng = np.random.default_rng(7)
    x = rng.integers(0, 256, (19, 23)).astype(np.float64)
    y = np.clip(x + rng.normal(0, 60, x.shape), 0, 255)
    expected = _ssim_by_definition(x, y)
    assert quality.ssim(x, y) == pytest.approx(expected, abs=1e-9)
    assert 0.2 < expected < 0.95  # a real, non-trivial case


def test_ssim_is_one_for_identical_images_and_drops_with_noise() -> None:
    rng = np.random.default_rng(1)
    x = rng.integers(0, 256, (32, 32)).astype(np.float64)
    assert quality.ssim(x, x) == pytest.approx(1.0)
    assert quality.ssim(x, 255 - x) < 0


def test_ssim_needs_a_full_window() -> None:
    with pytest.raises(ValueError, match="at least 11x11"):
        quality.ssim(np.zeros((14, 14)), np.zeros((14, 14)), border=2)


def test_crop_to_scale_drops_the_remainder() -> None:
    image = np.zeros((13, 17, 3), dtype=np.uint8)
    assert quality.crop_to_scale(image, 3).shape == (12, 15, 3)
    assert quality.crop_to_scale(image, 1).shape == (13, 17, 3)


def test_degrade_is_anti_aliased() -> None:
    # A one-pixel checkerboard has no representable detail at half size: a proper low-pass
    # turns it into flat mid-grey, while point-sampling cubic interpolation would keep stripes.
    board = (np.indices((32, 32)).sum(axis=0) % 2 * 255).astype(np.uint8)
    lr = quality.degrade(board, 2)
    assert lr.shape == (16, 16)
    inner = lr[2:-2, 2:-2].astype(int)
    assert inner.max() - inner.min() <= 2
    assert abs(inner.mean() - 127.5) <= 1.5


def test_degrade_keeps_channels_and_constant_colour() -> None:
    image = np.zeros((12, 9, 3), dtype=np.uint8)
    image[:] = (10, 120, 240)
    lr = quality.degrade(image, 3)
    assert lr.shape == (4, 3, 3)
    assert (lr == (10, 120, 240)).all()


def test_degrade_refuses_sizes_not_divisible_by_the_scale() -> None:
    with pytest.raises(ValueError, match="not a multiple"):
        quality.degrade(np.zeros((10, 11), dtype=np.uint8), 2)


def test_evaluate_of_an_exact_upscaler_is_perfect() -> None:
    # An "upscaler" that returns the cropped original has a known answer: this checks the
    # bookkeeping (crop to the scale, degradation size, per-image scores, means).
    rng = np.random.default_rng(3)
    originals = {"a": rng.integers(0, 256, (41, 37, 3), dtype=np.uint8)}
    cropped = quality.crop_to_scale(originals["a"], 2)

    def oracle(lr: np.ndarray) -> np.ndarray:
        assert lr.shape == (20, 18, 3)
        return cropped

    result = quality.evaluate(oracle, originals.items(), 2, label="oracle")
    assert result.psnr == math.inf
    assert result.ssim == pytest.approx(1.0)
    assert [s.name for s in result.images] == ["a"]
    assert result.label == "oracle" and result.scale == 2


def test_evaluate_honours_cancel() -> None:
    import threading

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        quality.evaluate(lambda lr: lr, [("a", np.zeros((8, 8), np.uint8))], 2, cancel=cancel)


@pytest.mark.parametrize(("scale", "expected"), [(2, 33.97), (3, 30.63), (4, 28.63)])
def test_bicubic_reproduces_the_published_set5_numbers(set5_dir: Path, scale: int, expected):
    result = quality.evaluate(_cv_bicubic(scale), _set5(set5_dir), scale)
    assert result.psnr == pytest.approx(expected, abs=0.05)
    assert 0.7 < result.ssim < 1.0


def test_engine_bicubic_matches_the_published_number(set5_dir: Path) -> None:
    from upscaler.core.engine import Upscaler

    engine = Upscaler(load_catalog().get("bicubic", 2))
    result = quality.evaluate(lambda lr: engine.upscale(lr), _set5(set5_dir), 2)
    assert result.psnr == pytest.approx(33.97, abs=0.05)


@pytest.mark.slow
def test_espcn_x2_reproduces_the_published_set5_number(
    set5_dir: Path, shared_models_dir: Path
) -> None:
    from upscaler.core.engine import Upscaler

    info = load_catalog().get("ESPCN", 2)
    engine = Upscaler(info, shared_models_dir / info.filename)
    images = _set5(set5_dir)
    result = quality.evaluate(lambda lr: engine.upscale(lr), images, 2)
    bicubic = quality.evaluate(_cv_bicubic(2), images, 2)
    assert result.psnr == pytest.approx(34.76, abs=0.05)
    assert result.ssim > bicubic.ssim


# --- the report's other degradations ------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "want"),
    [
        ("bicubic", quality.Degradation()),
        ("aliased", quality.Degradation("aliased")),
        ("AREA", quality.Degradation("area")),
        ("jpeg:40", quality.Degradation(jpeg_quality=40)),
        ("noise:5+jpeg:60", quality.Degradation(noise_sigma=5.0, jpeg_quality=60)),
        ("noise:2.5", quality.Degradation(noise_sigma=2.5)),
        ("area+jpeg:75", quality.Degradation("area", jpeg_quality=75)),
    ],
)
def test_degradation_specs_parse_and_print_back(spec: str, want: quality.Degradation) -> None:
    got = quality.parse_degradation(spec)
    assert got == want
    assert quality.parse_degradation(got.name) == got


@pytest.mark.parametrize(
    "spec",
    ["", "jpeg", "jpeg:0", "jpeg:101", "jpeg:x", "noise:0", "noise:60", "blur", "jpeg:5+area"],
)
def test_bad_degradation_specs_name_the_accepted_forms(spec: str) -> None:
    with pytest.raises(ValueError, match=r"unknown degradation .*expected bicubic \| aliased"):
        quality.parse_degradation(spec)


def test_aliased_keeps_stripes_that_bicubic_and_area_remove() -> None:
    # A one-pixel checkerboard shifted by one column: OpenCV's cubic without anti-aliasing
    # samples between pixels at x2 and keeps stripes of a stretched pattern; check on stripes of
    # period 3, which no filter of a half-size grid can represent.
    stripes = np.tile(np.array([0, 0, 255], np.uint8), (48, 16))
    bicubic = quality.degrade(stripes, 2)[2:-2, 2:-2].astype(int)
    area = quality.degrade(stripes, 2, quality.Degradation("area"))[2:-2, 2:-2].astype(int)
    aliased = quality.degrade(stripes, 2, quality.Degradation("aliased"))[2:-2, 2:-2].astype(int)
    assert aliased.std() > 2 * bicubic.std()
    assert aliased.std() > area.std()


def test_jpeg_and_noise_degrade_reproducibly_per_image_name() -> None:
    rng = np.random.default_rng(0)
    hr = cv2.GaussianBlur(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8), (7, 7), 2)
    clean = quality.degrade(hr, 2)
    jpeg = quality.degrade(hr, 2, quality.Degradation(jpeg_quality=20))
    assert jpeg.shape == clean.shape and np.abs(jpeg.astype(int) - clean).mean() > 1
    noisy = quality.Degradation(noise_sigma=5.0)
    a = quality.degrade(hr, 2, noisy, name="a.png")
    np.testing.assert_array_equal(a, quality.degrade(hr, 2, noisy, name="a.png"))
    assert not np.array_equal(a, quality.degrade(hr, 2, noisy, name="b.png"))
    assert (a.astype(float) - clean).std() == pytest.approx(5.0, rel=0.15)


def test_evaluate_uses_the_degradation() -> None:
    rng = np.random.default_rng(1)
    images = [("x", cv2.GaussianBlur(rng.integers(0, 256, (48, 48, 3), dtype=np.uint8), (5, 5), 1))]
    up = _cv_bicubic(2)
    clean = quality.evaluate(up, images, 2)
    jpeg = quality.evaluate(up, images, 2, degradation=quality.Degradation(jpeg_quality=10))
    assert jpeg.psnr < clean.psnr - 0.5
