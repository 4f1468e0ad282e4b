"""core/display.py: every core pixel layout becomes exact 8-bit RGB/RGBA for the screen."""

from __future__ import annotations

import numpy as np
import pytest

from upscaler.core.display import has_alpha, reductions, to_display


def test_bgr_becomes_rgb() -> None:
    bgr = np.array([[[10, 20, 30], [40, 50, 60]]], np.uint8)
    out = to_display(bgr)
    assert out.dtype == np.uint8
    assert out.tolist() == [[[30, 20, 10], [60, 50, 40]]]


def test_bgra_becomes_rgba_with_alpha_untouched() -> None:
    bgra = np.array([[[1, 2, 3, 0], [4, 5, 6, 128], [7, 8, 9, 255]]], np.uint8)
    assert to_display(bgra).tolist() == [[[3, 2, 1, 0], [6, 5, 4, 128], [9, 8, 7, 255]]]


def test_gray_becomes_three_equal_channels() -> None:
    gray = np.array([[0, 7], [128, 255]], np.uint8)
    expected = [[[0] * 3, [7] * 3], [[128] * 3, [255] * 3]]
    assert to_display(gray).tolist() == expected
    assert to_display(gray[:, :, None]).tolist() == expected


def test_sixteen_bit_rounds_to_nearest() -> None:
    values = np.arange(65536, dtype=np.uint16).reshape(256, 256)
    out = to_display(values)[:, :, 0].ravel().astype(np.int64)
    expected = np.rint(np.arange(65536) / 257.0).astype(np.int64)
    assert np.array_equal(out, expected)
    # Spot checks of the boundaries: 128 is the first value that rounds up, 65535 is white.
    assert out[[0, 128, 129, 385, 386, 65535]].tolist() == [0, 0, 1, 1, 2, 255]


def test_sixteen_bit_bgra_keeps_channel_order_and_alpha() -> None:
    bgra16 = np.array([[[257 * 10, 257 * 20, 257 * 30, 65535]]], np.uint16)
    assert to_display(bgra16).tolist() == [[[30, 20, 10, 255]]]


def test_output_is_contiguous_and_never_aliases_the_input() -> None:
    base = np.zeros((8, 8, 3), np.uint8)
    view = base[2:6, 1:5]  # row-strided view, like a tile of a larger image
    out = to_display(view)
    assert out.shape == (4, 4, 3)
    assert out.flags["C_CONTIGUOUS"]
    assert not np.shares_memory(out, base)


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((2, 2, 2), np.uint8),
        np.zeros((2, 2), np.float32),
        np.zeros((0, 3, 3), np.uint8),
        np.zeros(5, np.uint8),
    ],
)
def test_rejects_what_is_not_an_image(bad: np.ndarray) -> None:
    with pytest.raises(ValueError):
        to_display(bad)


def test_has_alpha() -> None:
    assert has_alpha(np.zeros((2, 2, 4), np.uint8))
    assert not has_alpha(np.zeros((2, 2, 3), np.uint8))
    assert not has_alpha(np.zeros((2, 2), np.uint16))


def test_reductions_average_two_by_two_blocks_down_to_the_smallest_size() -> None:
    rgb = np.zeros((600, 1100, 3), np.uint8)
    rgb[0::2, 0::2] = 200  # one pixel in four is bright: every 2x2 block averages to 50
    levels = reductions(rgb, smallest=256)
    # 275 is still above 256, so one more level; 137 (odd halving rounds down) ends the chain.
    assert [level.shape for level in levels] == [(300, 550, 3), (150, 275, 3), (75, 137, 3)]
    assert np.all(levels[0] == 50)
    assert np.all(levels[1] == 50)


def test_reductions_of_a_small_image_are_none() -> None:
    assert reductions(np.zeros((100, 256, 4), np.uint8), smallest=256) == []
