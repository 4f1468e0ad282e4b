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
