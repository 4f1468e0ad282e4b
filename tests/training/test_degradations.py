"""Each training degradation does what it says on a known image, and the whole is reproducible.

PyTorch is not needed: the pipeline is numpy/OpenCV/Pillow so these run in CI.
"""

from __future__ import annotations

import math

import degradations as dg
import numpy as np
import pytest


def _moments(kernel: np.ndarray) -> tuple[float, float, float]:
    """Second moments (xx, yy, xy) of a normalised kernel about its centre."""
    r = np.arange(kernel.shape[0]) - kernel.shape[0] // 2
    xx, yy = np.meshgrid(r, r)
    return (
        float((kernel * xx * xx).sum()),
        float((kernel * yy * yy).sum()),
        float((kernel * xx * yy).sum()),
    )


def _sine(width: int, height: int, cycles_per_pixel: float) -> np.ndarray:
    x = np.arange(width, dtype=np.float64)
    row = 127.5 + 100.0 * np.sin(2 * math.pi * cycles_per_pixel * x)
    return np.repeat(np.tile(row, (height, 1))[:, :, None], 3, axis=2).astype(np.float32)


def _photo_like(size: int = 96, seed: int = 0) -> np.ndarray:
    """A smooth colour image with edges and some texture: enough structure for every stage."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size].astype(np.float64)
    base = 60 + 120 * (x / size) + 30 * np.sin(y / 7.0)
    base[(x - size / 2) ** 2 + (y - size / 2) ** 2 < (size / 4) ** 2] += 50
    image = np.stack([base, base * 0.8 + 20, 200 - base * 0.5], axis=2)
    image += rng.normal(0, 4, image.shape)
    return np.clip(image, 0, 255).astype(np.uint8)


# --- kernels ------------------------------------------------------------------------------------


def test_isotropic_gaussian_is_normalised_symmetric_and_has_its_sigma() -> None:
    kernel = dg.gaussian_kernel(21, 2.0)
    assert kernel.sum() == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_allclose(kernel, kernel.T, atol=1e-7)
    np.testing.assert_allclose(kernel, kernel[::-1, ::-1], atol=1e-7)
    xx, yy, xy = _moments(kernel)
    assert xx == pytest.approx(4.0, rel=0.02) and yy == pytest.approx(4.0, rel=0.02)
    assert xy == pytest.approx(0.0, abs=1e-6)


def test_anisotropic_gaussian_spreads_along_its_rotated_axis() -> None:
    along_x = dg.gaussian_kernel(21, 3.0, 1.0, theta=0.0)
    xx, yy, _ = _moments(along_x)
    assert xx / yy == pytest.approx(9.0, rel=0.1)
    along_y = dg.gaussian_kernel(21, 3.0, 1.0, theta=math.pi / 2)
    np.testing.assert_allclose(along_y, along_x.T, atol=1e-6)
    diagonal = dg.gaussian_kernel(21, 3.0, 1.0, theta=math.pi / 4)
    assert _moments(diagonal)[2] > 1.0  # spread along x = y: positive covariance


def test_generalized_gaussian_is_gaussian_at_beta_1_peakier_below_flatter_above() -> None:
    gauss = dg.gaussian_kernel(21, 2.5, 1.5, 0.3)
    np.testing.assert_allclose(dg.generalized_gaussian_kernel(21, 2.5, 1.5, 0.3, 1.0), gauss)
    peaky = dg.generalized_gaussian_kernel(21, 2.5, 2.5, 0.0, 0.5)
    flat = dg.generalized_gaussian_kernel(21, 2.5, 2.5, 0.0, 4.0)
    plain = dg.gaussian_kernel(21, 2.5)

    # Next to the centre the peaky kernel falls off fastest and the plateau barely falls off;
    # far out (the corner) the peaky kernel keeps the most weight (heavy tails).
    def falloff(k: np.ndarray) -> float:
        return float(k[10, 11] / k[10, 10])

    assert falloff(peaky) < falloff(plain) < falloff(flat)
    assert falloff(flat) > 0.99
    assert peaky[0, 0] / peaky[10, 10] > plain[0, 0] / plain[10, 10] > flat[0, 0] / flat[10, 10]
    for kernel in (peaky, flat):
        assert kernel.sum() == pytest.approx(1.0, abs=1e-6)


def test_random_kernels_are_normalised_odd_and_reproducible() -> None:
    a = [dg.random_kernel(np.random.default_rng(7)) for _ in range(2)]
    np.testing.assert_array_equal(a[0], a[1])
    rng = np.random.default_rng(1)
    for _ in range(30):
        kernel = dg.random_kernel(rng)
        assert kernel.shape[0] == kernel.shape[1] and kernel.shape[0] % 2 == 1
        assert kernel.sum() == pytest.approx(1.0, abs=1e-5) and kernel.min() >= 0


def test_blur_of_an_impulse_is_the_kernel_and_keeps_a_flat_image() -> None:
    kernel = dg.gaussian_kernel(9, 1.5, 0.8, 0.4)
    impulse = np.zeros((31, 31, 3), np.float32)
    impulse[15, 15] = 255.0
    out = dg.blur(impulse, kernel)
    # filter2D correlates; the kernel is point-symmetric so that equals convolution.
    np.testing.assert_allclose(out[11:20, 11:20, 1], 255.0 * kernel, atol=1e-3)
    flat = np.full((20, 20, 3), 93.0, np.float32)
    np.testing.assert_allclose(dg.blur(flat, kernel), flat, atol=1e-3)


# --- resizing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", dg.RESIZE_FILTERS)
def test_resize_gives_the_requested_size_and_keeps_a_flat_image(method: str) -> None:
    flat = np.full((60, 90, 3), 140.0, np.float32)
    out = dg.resize(flat, (30, 20), method)
    assert out.shape == (20, 30, 3)
    np.testing.assert_allclose(out, 140.0, atol=0.01)


def test_anti_aliased_filters_remove_what_the_aliasing_ones_fold_back() -> None:
    # 0.4 cycles/pixel is above the Nyquist limit (0.25) of a half-size grid: an anti-aliased
    # filter must nearly erase it; a filter that does not widen its kernel folds it back.
    wave = _sine(200, 8, 0.4)

    def amplitude(method: str) -> float:
        return float(dg.resize(wave, (100, 4), method)[:, 5:-5].std())

    assert amplitude("bicubic_aa") < 8 and amplitude("bilinear_aa") < 12
    assert amplitude("nearest") > 60
    assert amplitude("bicubic") > 20 and amplitude("bilinear") > 20
    assert amplitude("area") < amplitude("bicubic")


def test_area_downscale_by_two_averages_each_block() -> None:
    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, (8, 8, 3)).astype(np.float32)
    want = image.reshape(4, 2, 4, 2, 3).mean(axis=(1, 3))
    np.testing.assert_allclose(dg.resize(image, (4, 4), "area"), want, atol=1e-3)


def test_nearest_picks_original_samples() -> None:
    rng = np.random.default_rng(4)
    image = rng.integers(0, 256, (12, 12, 3)).astype(np.float32)
    out = dg.resize(image, (4, 4), "nearest")
    assert set(np.unique(out)) <= set(np.unique(image))


def test_unknown_filter_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown resize filter 'lanczos9'"):
        dg.resize(np.zeros((4, 4, 3), np.float32), (2, 2), "lanczos9")


# --- noise and JPEG -----------------------------------------------------------------------------


def test_gaussian_noise_has_its_sigma_and_gray_noise_is_shared_by_the_channels() -> None:
    grey = np.full((200, 200, 3), 128.0, np.float32)
    colour = dg.gaussian_noise(grey, 5.0, np.random.default_rng(0))
    assert (colour - grey).std() == pytest.approx(5.0, rel=0.03)
    assert abs(float((colour - grey).mean())) < 0.1
    assert not np.allclose(colour[:, :, 0], colour[:, :, 1])
    gray = dg.gaussian_noise(grey, 5.0, np.random.default_rng(0), gray=True)
    np.testing.assert_array_equal(gray[:, :, 0], gray[:, :, 2])
    assert (gray - grey).std() == pytest.approx(5.0, rel=0.03)


def test_poisson_noise_grows_with_brightness_and_keeps_the_mean() -> None:
    rng = np.random.default_rng(0)
    dark = np.full((200, 200, 3), 20.0, np.float32)
    bright = np.full((200, 200, 3), 220.0, np.float32)
    noisy_dark = dg.poisson_noise(dark, 1.0, rng)
    noisy_bright = dg.poisson_noise(bright, 1.0, rng)
    assert noisy_bright.std() > 2.5 * noisy_dark.std() > 0
    assert noisy_bright.mean() == pytest.approx(220.0, abs=0.5)
    # Variance of the shot noise in grey levels: value * 255 / photons = value * scale / 10.
    assert noisy_bright.var() == pytest.approx(220.0 * 1.0 / 10 * 255 / 255, rel=0.15)
    gray = dg.poisson_noise(bright, 1.0, rng, gray=True)
    np.testing.assert_array_equal(gray[:, :, 0], gray[:, :, 1])


def test_jpeg_quantises_and_lower_quality_loses_more_with_visible_blocks() -> None:
    image = _photo_like(128).astype(np.float32)
    low, high = dg.jpeg(image, 10), dg.jpeg(image, 90)
    for out in (low, high):
        assert out.shape == image.shape
        np.testing.assert_array_equal(out, np.rint(out))
    assert np.abs(low - image).mean() > 2 * np.abs(high - image).mean()
    # Blockiness: jumps across the 8x8 grid exceed jumps inside blocks at quality 10.
    steps = np.abs(np.diff(low[:, :, 1], axis=1))
    across = steps[:, 7::8].mean()
    inside = np.delete(steps, np.s_[7::8], axis=1).mean()
    assert across > 1.3 * inside


# --- recipes ------------------------------------------------------------------------------------

PRACTICAL = dg.Practical()


@pytest.mark.parametrize(
    "recipe",
    [dg.Simple(), dg.Simple(("bicubic", "area"), (1, 8), 1.0, (30, 90)), PRACTICAL],
    ids=["bicubic", "simple-noise-jpeg", "practical"],
)
def test_recipes_are_reproducible_and_give_the_low_resolution_size(recipe: dg.Recipe) -> None:
    hr = _photo_like(96)
    for scale in (2, 3, 4):
        a = recipe(hr, scale, np.random.default_rng(11))
        b = recipe(hr, scale, np.random.default_rng(11))
        assert a.dtype == np.uint8 and a.shape == (96 // scale, 96 // scale, 3)
        np.testing.assert_array_equal(a, b)


def test_different_seeds_draw_different_practical_degradations() -> None:
    hr = _photo_like(96)
    outs = {PRACTICAL(hr, 2, np.random.default_rng(seed)).tobytes() for seed in range(6)}
    assert len(outs) == 6


def test_simple_bicubic_is_the_literatures_degradation() -> None:
    from PIL import Image

    hr = _photo_like(96)
    want = np.asarray(Image.fromarray(hr).resize((32, 32), Image.Resampling.BICUBIC))
    got = dg.Simple()(hr, 3, np.random.default_rng(0))
    assert np.abs(got.astype(int) - want.astype(int)).max() <= 1


def test_practical_stages_can_be_forced_on_and_off() -> None:
    hr = _photo_like(96)
    quiet = dict(blur_prob=0.0, noise_prob=0.0, jpeg_prob=0.0, second_order_prob=0.0)
    clean = dg.Practical(**quiet, final_jpeg_prob=0.0, filters=("area",), first_resize=(1, 1))
    blurred = dg.Practical(
        **{**quiet, "blur_prob": 1.0}, final_jpeg_prob=0.0, filters=("area",), first_resize=(1, 1)
    )
    noisy = dg.Practical(
        **{**quiet, "noise_prob": 1.0}, final_jpeg_prob=0.0, filters=("area",), first_resize=(1, 1)
    )
    rng = np.random.default_rng
    base = clean(hr, 2, rng(0)).astype(float)
    area = dg.resize(hr.astype(np.float32), (48, 48), "area")
    assert np.abs(base - area).max() <= 1.0  # nothing but the resize happened

    def roughness(image: np.ndarray) -> float:
        return float(np.abs(np.diff(image.astype(float), axis=1)).mean())

    assert roughness(blurred(hr, 2, rng(0))) < roughness(base)
    assert roughness(noisy(hr, 2, rng(0))) > roughness(base)


def test_mixture_draws_each_recipe_in_proportion() -> None:
    mixture = dg.Mixture(
        [
            {"name": "a", "weight": 3, "kind": "simple", "filters": ["nearest"]},
            {"name": "b", "weight": 1, "kind": "simple", "filters": ["area"]},
        ]
    )
    hr = _photo_like(32)
    nearest = dg.resize(hr, (16, 16), "nearest").astype(np.uint8).tobytes()
    rng = np.random.default_rng(5)
    picks = [mixture(hr, 2, rng).tobytes() == nearest for _ in range(400)]
    assert 0.68 < np.mean(picks) < 0.82


def test_recipe_config_errors_are_named() -> None:
    with pytest.raises(ValueError, match="unknown degradation kind 'gan'"):
        dg.recipe_from_config({"kind": "gan"})
    practical = dg.recipe_from_config({"kind": "practical", "jpeg_quality": [50, 60]})
    assert isinstance(practical, dg.Practical) and practical.jpeg_quality == (50, 60)


def test_scaled_blur_is_milder_at_x2_than_at_x4() -> None:
    recipe = dg.Practical(scale_blur=True)
    x2, x4 = recipe._blurs(2), recipe._blurs(4)
    assert x4[0].sigma == dg.BlurSettings().sigma
    assert x2[0].sigma == (0.2, 1.5) and x2[1].sigma[1] == pytest.approx(0.75)
    assert dg.Practical()._blurs(2)[0].sigma == (0.2, 3.0)  # off by default
