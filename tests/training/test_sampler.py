"""Training patches: aligned LR/HR pairs, reproducible from the generator's state."""

from __future__ import annotations

import numpy as np
import pytest
from data import DIV2K_BGR_MEAN, DegradingSampler, dihedral
from degradations import Mixture
from PIL import Image

BICUBIC = Mixture([{"kind": "simple", "filters": ["bicubic_aa"]}])


def _images() -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:300, 0:260].astype(np.float64)
    base = 128 + 60 * np.sin(x / 9.0) * np.cos(y / 13.0) + rng.normal(0, 3, x.shape)
    image = np.clip(np.stack([base, 255 - base, base * 0.5 + 60], axis=2), 0, 255)
    return [image.astype(np.uint8), np.zeros((40, 40, 3), np.uint8)]  # the second is too small


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(float) - b.astype(float)) ** 2))
    return 10 * np.log10(255**2 / mse)


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_patches_are_aligned_low_resolution_views_of_their_high_resolution(scale: int) -> None:
    sampler = DegradingSampler(_images(), scale, 24, BICUBIC, seed=1)
    assert len(sampler.images) == 1
    for _ in range(5):
        lr, hr = sampler.pair()
        assert lr.shape == (24, 24, 3) and hr.shape == (24 * scale, 24 * scale, 3)
        # Shrinking the HR patch itself must give (nearly) the LR patch: any misalignment by
        # even one pixel would drop this far below 35 dB on this textured image.
        shrunk = np.asarray(Image.fromarray(hr).resize((24, 24), Image.Resampling.BICUBIC))
        assert _psnr(shrunk[2:-2, 2:-2], lr[2:-2, 2:-2]) > 35


def test_batches_are_mean_subtracted_nchw_and_reproducible() -> None:
    a = DegradingSampler(_images(), 3, 16, BICUBIC, seed=5)
    b = DegradingSampler(_images(), 3, 16, BICUBIC, seed=5)
    lr, hr = a.batch(4)
    assert lr.shape == (4, 3, 16, 16) and hr.shape == (4, 3, 48, 48) and lr.dtype == np.float32
    assert -DIV2K_BGR_MEAN[0] <= lr.min() and lr.max() <= 255 - DIV2K_BGR_MEAN[2]
    lr2, hr2 = b.batch(4)
    np.testing.assert_array_equal(lr, lr2)
    np.testing.assert_array_equal(hr, hr2)
    state = a.rng.bit_generator.state
    after = a.batch(2)
    a.rng.bit_generator.state = state
    np.testing.assert_array_equal(a.batch(2)[0], after[0])


def test_the_eight_flips_and_rotations_are_distinct() -> None:
    patch = np.arange(4 * 4 * 3, dtype=np.uint8).reshape(4, 4, 3)
    views = {dihedral(patch, k).tobytes() for k in range(8)}
    assert len(views) == 8


def test_a_set_of_images_too_small_for_the_patch_is_refused() -> None:
    with pytest.raises(ValueError, match="no training image holds a 96-pixel patch"):
        DegradingSampler([np.zeros((50, 50, 3), np.uint8)], 4, 24, BICUBIC, seed=0)
