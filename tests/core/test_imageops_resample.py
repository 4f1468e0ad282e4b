"""The NumPy resampling against OpenCV's ``cv2.resize`` (IPP off: see tests/conftest.py)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from upscaler.core.imageops.resample import Interpolation, resize

FLAGS = {
    Interpolation.LINEAR: cv2.INTER_LINEAR,
    Interpolation.CUBIC: cv2.INTER_CUBIC,
    Interpolation.LANCZOS4: cv2.INTER_LANCZOS4,
    Interpolation.AREA: cv2.INTER_AREA,
}
#: (height, width) in, (height, width) out: whole and fractional factors, both ways, tiny
#: pictures, one axis only, a wide strip, the 2x reduction OpenCV turns into area averaging.
SIZES = [
    ((1, 1), (3, 5)),
    ((2, 3), (7, 9)),
    ((5, 7), (10, 14)),
    ((13, 17), (26, 34)),
    ((40, 33), (120, 99)),
    ((31, 29), (62, 58)),
    ((16, 12), (128, 96)),
    ((17, 23), (9, 11)),
    ((50, 60), (33, 40)),
    ((50, 60), (25, 30)),
    ((37, 41), (18, 20)),
    ((3, 300), (9, 900)),
    ((40, 33), (40, 99)),
]


def picture(shape: tuple[int, ...], dtype: type, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if dtype is np.float32:
        return rng.random(shape, dtype=np.float32)
    top = np.iinfo(dtype).max
    noise = rng.integers(0, top + 1, shape).astype(dtype)
    if seed % 2:  # smooth ramps meet the rounding ties that noise rarely does
        ramp = np.cumsum(np.full(shape, 3, dtype=np.int64), axis=1) % top
        return ramp.astype(dtype)
    return noise


def reference(image: np.ndarray, width: int, height: int, kind: Interpolation) -> np.ndarray:
    out = cv2.resize(image, (width, height), interpolation=FLAGS[kind])
    return out.reshape(height, width, *image.shape[2:])


@pytest.mark.parametrize("kind", list(Interpolation))
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
@pytest.mark.parametrize("channels", [1, 3, 4])
def test_integer_pictures_equal_opencv_bit_for_bit(kind, dtype, channels) -> None:
    for seed, ((h, w), (out_h, out_w)) in enumerate(SIZES):
        image = picture((h, w, channels), dtype, seed)
        expected = reference(image, out_w, out_h, kind)
        np.testing.assert_array_equal(resize(image, out_w, out_h, kind), expected)


@pytest.mark.parametrize("kind", [Interpolation.LINEAR, Interpolation.CUBIC])
def test_float_pictures_equal_opencv_bit_for_bit(kind) -> None:
    """The luma-only families resize float32 chroma; ``dnn_superres`` is matched exactly."""
    for seed, ((h, w), (out_h, out_w)) in enumerate(SIZES):
        if (out_h * 2, out_w * 2) == (h, w):
            continue  # OpenCV's 2x reduction: its vector sums differ in the last bit
        image = picture((h, w, 3), np.float32, seed)
        expected = reference(image, out_w, out_h, kind)
        np.testing.assert_array_equal(resize(image, out_w, out_h, kind), expected)


@pytest.mark.parametrize("kind", [Interpolation.LANCZOS4, Interpolation.AREA])
def test_other_float_resizes_are_within_float_rounding(kind) -> None:
    for seed, ((h, w), (out_h, out_w)) in enumerate(SIZES):
        image = picture((h, w, 3), np.float32, seed)
        expected = reference(image, out_w, out_h, kind)
        np.testing.assert_allclose(resize(image, out_w, out_h, kind), expected, atol=1e-6)


def test_two_dimensional_pictures_stay_two_dimensional() -> None:
    image = picture((9, 7), np.uint8, 0)
    out = resize(image, 14, 18, Interpolation.CUBIC)
    assert out.shape == (18, 14)
    np.testing.assert_array_equal(out, cv2.resize(image, (14, 18), interpolation=cv2.INTER_CUBIC))


def test_a_large_result_is_built_in_bands_like_a_small_one() -> None:
    """More output rows than one band holds (the band size is a memory bound, not a result)."""
    image = picture((300, 700, 3), np.uint8, 0)
    out = resize(image, 2100, 900, Interpolation.CUBIC)
    np.testing.assert_array_equal(out, reference(image, 2100, 900, Interpolation.CUBIC))


def test_same_size_is_a_copy() -> None:
    image = picture((5, 6, 3), np.uint8, 0)
    out = resize(image, 6, 5, Interpolation.CUBIC)
    assert np.array_equal(out, image) and not np.shares_memory(out, image)


@pytest.mark.parametrize(
    ("shape", "dtype", "size"),
    [((4, 4, 3), np.float64, (8, 8)), ((4, 4, 3), np.uint8, (0, 8)), ((0, 4, 3), np.uint8, (8, 8))],
)
def test_what_it_cannot_resize_is_refused(shape, dtype, size) -> None:
    with pytest.raises((TypeError, ValueError)):
        resize(np.zeros(shape, dtype), *size, Interpolation.CUBIC)


def test_intel_ipp_differs_from_opencvs_own_arithmetic_by_one_level_at_most() -> None:
    """Where OpenCV hands a resize to IPP (the default in its wheels), its results differ from
    OpenCV's own algorithm, which the program follows, by one level on a few pixels (2.2% of
    the values of this noise at x3)."""
    image = picture((120, 160, 3), np.uint8, 0)
    ours = resize(image, 480, 360, Interpolation.CUBIC)
    cv2.ipp.setUseIPP(True)
    try:
        with_ipp = cv2.resize(image, (480, 360), interpolation=cv2.INTER_CUBIC)
    finally:
        cv2.ipp.setUseIPP(False)
    difference = np.abs(ours.astype(int) - with_ipp)
    assert difference.max() <= 1
    assert np.count_nonzero(difference) < difference.size // 20
