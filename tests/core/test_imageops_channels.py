"""The NumPy channel conversions against OpenCV's ``cv2.cvtColor``."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from upscaler.core.imageops import channels


def picture(dtype: type, shape: tuple[int, ...] = (37, 41, 3)) -> np.ndarray:
    rng = np.random.default_rng(3)
    if dtype is np.float32:
        return rng.random(shape, dtype=np.float32)
    top = np.iinfo(dtype).max
    image = rng.integers(0, top + 1, shape).astype(dtype)
    corners = np.array([[0, 0, 0], [top, top, top], [0, 0, top], [top, 0, 0], [0, top, 0]])
    if shape[2] >= 3:
        image[0, :5, :3] = corners  # pure colours: the chroma reaches its clipping
    return image


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
@pytest.mark.parametrize(
    ("ours", "code"),
    [
        (channels.to_ycrcb, cv2.COLOR_BGR2YCrCb),
        (channels.from_ycrcb, cv2.COLOR_YCrCb2BGR),
        (channels.to_gray, cv2.COLOR_BGR2GRAY),
    ],
)
def test_integer_conversions_equal_opencv(dtype, ours, code) -> None:
    image = picture(dtype)
    np.testing.assert_array_equal(ours(image), cv2.cvtColor(image, code))


@pytest.mark.parametrize(
    ("ours", "code"),
    [
        (channels.to_ycrcb, cv2.COLOR_BGR2YCrCb),
        (channels.from_ycrcb, cv2.COLOR_YCrCb2BGR),
        (channels.to_gray, cv2.COLOR_BGR2GRAY),
    ],
)
def test_float_conversions_equal_opencv_within_rounding(ours, code) -> None:
    image = picture(np.float32)
    np.testing.assert_allclose(ours(image), cv2.cvtColor(image, code), atol=3e-7)


@pytest.mark.parametrize("count", [3, 4])
def test_red_and_blue_swap_like_opencv(count) -> None:
    image = picture(np.uint16, (6, 5, count))
    code = cv2.COLOR_BGR2RGB if count == 3 else cv2.COLOR_BGRA2RGBA
    np.testing.assert_array_equal(channels.swap_red_blue(image), cv2.cvtColor(image, code))


def test_gray_becomes_three_equal_channels() -> None:
    gray = picture(np.uint8, (4, 6, 1))[:, :, 0]
    np.testing.assert_array_equal(
        channels.gray_to_colour(gray), cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    )


def test_sixteen_bits_round_to_the_nearest_eight_bit_value() -> None:
    every = np.arange(65536, dtype=np.uint16).reshape(256, 256)
    expected = cv2.convertScaleAbs(every, alpha=1.0 / 257.0)
    np.testing.assert_array_equal(channels.to_eight_bit(every), expected)


def test_a_one_pixel_swap_has_the_strides_qt_reads() -> None:
    """NumPy calls any 1x1 array contiguous whatever its strides; Qt reads the strides."""
    swapped = channels.swap_red_blue(np.full((1, 1, 3), 128, np.uint8))
    assert swapped.strides == (3, 3, 1)
