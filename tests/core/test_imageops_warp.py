"""The NumPy rotation of core/imageops/warp.py against OpenCV's getRotationMatrix2D and
warpAffine (bicubic, replicated edges)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from upscaler.core.imageops import warp


def random_pixels(shape: tuple[int, ...], dtype: type, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if dtype == np.float32:
        return rng.random(shape, dtype=np.float32)
    return rng.integers(0, np.iinfo(dtype).max + 1, shape).astype(dtype)


def opencv_warp(pixels: np.ndarray, matrix: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    turned = cv2.warpAffine(
        pixels, matrix, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return turned.reshape((size[1], size[0]) + pixels.shape[2:])


@pytest.mark.parametrize(
    ("centre", "angle", "scale"),
    [
        ((10.5, 7.25), 3.0, 1.0),
        ((0.0, 0.0), -45.0, 1.3),
        ((100.0, 50.0), 1e-3, 1.0),
        ((3, 3), 180, 0.5),
    ],
)
def test_rotation_matrix_is_opencvs(
    centre: tuple[float, float], angle: float, scale: float
) -> None:
    np.testing.assert_array_equal(
        warp.rotation_matrix(centre, angle, scale), cv2.getRotationMatrix2D(centre, angle, scale)
    )


#: shape, angle, output size change (width, height), shift of the output (x, y)
Case = tuple[tuple[int, ...], float, tuple[int, int], tuple[float, float]]
CASES: list[Case] = [
    ((1, 1), 2.0, (0, 0), (0.0, 0.0)),
    ((2, 3), -3.5, (1, 2), (0.3, -0.6)),
    ((2, 3, 3), 4.0, (0, 0), (0.0, 0.0)),
    ((1, 9, 4), 1.0, (0, 2), (0.0, 0.5)),
    ((37, 53, 3), 1.7, (-2, 1), (0.3, -0.6)),
    ((64, 80, 4), -4.3, (-6, -6), (-3.0, -3.0)),
    ((120, 90), 30.0, (0, 0), (0.0, 0.0)),
    ((41, 33, 1), 0.0, (0, 0), (0.25, 0.75)),
    ((50, 70, 3), 90.0, (20, -20), (0.0, 0.0)),
]


def case_inputs(case: Case, dtype: type) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    shape, angle, grow, shift = case
    pixels = random_pixels(shape, dtype)
    height, width = shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    matrix[:, 2] += shift
    return pixels, matrix, (max(1, width + grow[0]), max(1, height + grow[1]))


@pytest.mark.parametrize("case", CASES)
def test_8_bit_turns_equal_opencvs(case: Case) -> None:
    pixels, matrix, size = case_inputs(case, np.uint8)
    ours = warp.warp_affine_cubic(pixels, matrix, size)
    assert ours.dtype == np.uint8
    np.testing.assert_array_equal(ours, opencv_warp(pixels, matrix, size))


@pytest.mark.parametrize("case", CASES)
def test_16_bit_turns_are_at_most_one_level_off_on_rare_pixels(case: Case) -> None:
    pixels, matrix, size = case_inputs(case, np.uint16)
    ours = warp.warp_affine_cubic(pixels, matrix, size)
    theirs = opencv_warp(pixels, matrix, size)
    assert ours.dtype == np.uint16 and ours.shape == theirs.shape
    difference = np.abs(ours.astype(np.int32) - theirs)
    assert difference.max() <= 1
    assert np.count_nonzero(difference) <= max(1, 0.005 * difference.size)


@pytest.mark.parametrize("case", CASES)
def test_float_turns_match_opencvs(case: Case) -> None:
    pixels, matrix, size = case_inputs(case, np.float32)
    ours = warp.warp_affine_cubic(pixels, matrix, size)
    np.testing.assert_allclose(ours, opencv_warp(pixels, matrix, size), rtol=1e-5, atol=1e-6)


def test_a_real_picture_turned_back_equals_opencvs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Smooth content (where the bicubic kernel's overshoot matters less than rounding) in
    small bands of output pixels: the same as OpenCV's, bands and all."""
    y, x = np.mgrid[0:90, 0:120]
    picture = np.stack([x * 2, y * 2, (x + y)], axis=-1).clip(0, 255).astype(np.uint8)
    matrix = cv2.getRotationMatrix2D((60, 45), -2.5, 1.0)
    monkeypatch.setattr(warp, "BAND_PIXELS", 7)
    np.testing.assert_array_equal(
        warp.warp_affine_cubic(picture, matrix, (110, 80)), opencv_warp(picture, matrix, (110, 80))
    )


def test_the_identity_gives_the_pixels_back() -> None:
    pixels = random_pixels((13, 17, 3), np.uint8)
    identity = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    np.testing.assert_array_equal(warp.warp_affine_cubic(pixels, identity, (17, 13)), pixels)


def test_other_pixel_types_are_refused() -> None:
    with pytest.raises(TypeError):
        warp.warp_affine_cubic(np.zeros((4, 4), np.int32), np.eye(2, 3), (4, 4))
