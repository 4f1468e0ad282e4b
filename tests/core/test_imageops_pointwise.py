"""The colour matrix of core/imageops/pointwise.py against cv2.transform."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from upscaler.core.imageops.pointwise import transform


@pytest.mark.parametrize("shape", [(1, 1, 3), (2, 3, 3), (37, 53, 3), (1, 7, 3)])
@pytest.mark.parametrize("rows", [3, 2, 4])
def test_transform_matches_opencv(shape: tuple[int, ...], rows: int) -> None:
    rng = np.random.default_rng(rows)
    pixels = rng.uniform(-0.5, 2.0, shape).astype(np.float32)
    matrix = rng.normal(0.0, 1.0, (rows, 3))
    ours = transform(pixels, matrix)
    theirs = cv2.transform(pixels, matrix.astype(np.float32)).reshape(shape[:2] + (rows,))
    assert ours.dtype == np.float32 and ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_the_identity_keeps_the_pixels_and_a_swap_swaps() -> None:
    pixels = np.random.default_rng(0).random((4, 5, 3), dtype=np.float32)
    np.testing.assert_array_equal(transform(pixels, np.eye(3)), pixels)
    np.testing.assert_array_equal(transform(pixels, np.eye(3)[::-1]), pixels[..., ::-1])


def test_the_matrix_must_fit_the_channels() -> None:
    with pytest.raises(ValueError):
        transform(np.zeros((2, 2, 3), np.float32), np.eye(4))
