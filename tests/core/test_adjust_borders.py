"""Auto crop: what counts as a border, what never does, and the geometry of crop and straighten.
Accuracy on Set14 is in test_adjust_measured.py."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.adjust_testset import frame, tilted_scan
from upscaler.core.adjust.borders import apply_crop, find_borders, plan_crop
from upscaler.core.tiling import Region


def picture(width: int = 240, height: int = 160, seed: int = 0) -> np.ndarray:
    """Busy content that touches every edge (BGR uint8)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([x * 255 / width, y * 255 / height, (x + y) * 127 / (width + height)], -1)
    return np.clip(base * 0.6 + rng.integers(0, 100, (height, width, 3)), 0, 255).astype(np.uint8)


def smooth_picture(width: int, height: int, seed: int = 0) -> np.ndarray:
    """Content without pixel-level noise, so that a turned copy can be compared with it."""
    rng = np.random.default_rng(seed)
    blobs = cv2.resize(rng.integers(0, 256, (6, 9, 3)).astype(np.float32), (width, height))
    return np.clip(blobs, 0, 255).astype(np.uint8)


def crop_of(pixels: np.ndarray, straighten: bool = False):
    return plan_crop(find_borders(pixels), straighten=straighten)


def test_black_bars_are_cropped_exactly() -> None:
    framed = frame(picture(), top=30, bottom=30, left=0, right=0, colour=(0, 0, 0))
    crop = crop_of(framed.pixels)
    assert crop is not None and crop.box == Region(0, 30, 240, 160)
    np.testing.assert_array_equal(apply_crop(framed.pixels, crop), picture())


def test_a_picture_without_borders_is_left_alone() -> None:
    assert not find_borders(picture()).found
    assert crop_of(picture()) is None


def test_a_blank_or_tiny_image_has_no_borders() -> None:
    assert not find_borders(np.full((200, 300, 3), 255, np.uint8)).found
    tiny = frame(picture(20, 12), top=5, bottom=5, left=5, right=5, colour=(0, 0, 0))
    assert not find_borders(tiny.pixels).found


def test_one_uniform_side_is_taken_for_picture() -> None:
    # A clipped white sky over a straight horizon looks exactly like a margin on one side.
    sky = frame(picture(), top=40, bottom=0, left=0, right=0, colour=(255, 255, 255))
    assert crop_of(sky.pixels) is None


def test_a_sky_that_brightens_towards_the_horizon_is_not_a_border() -> None:
    scene = picture(240, 200)
    rows = np.linspace(150, 185, 60)[:, None, None]  # a gentle gradient, like a clear sky
    scene[:60] = np.broadcast_to(rows, (60, 240, 3)).astype(np.uint8)
    scene[:, :3] = 0  # and a thin black line down both sides, as some video captures have
    scene[:, -3:] = 0
    scene = frame(scene, top=0, bottom=30, left=0, right=0, colour=(250, 250, 250)).pixels
    assert not find_borders(scene).found


def test_thin_edge_lines_are_not_cropped() -> None:
    framed = frame(picture(), top=3, bottom=3, left=3, right=3, colour=(0, 0, 0))
    assert crop_of(framed.pixels) is None


def test_a_ragged_edge_is_not_a_border() -> None:
    scene = picture(240, 200)
    scene[:40] = 255
    heights = (40 + 20 * np.sin(np.arange(240) / 7)).astype(int)  # treetops against the sky
    for x, h in enumerate(heights):
        scene[:h, x] = 255
    scene = frame(scene, top=0, bottom=25, left=0, right=0, colour=(255, 255, 255)).pixels
    edges = find_borders(scene).edges
    assert [e.side for e in edges] == [] or "top" not in [e.side for e in edges]


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_alpha_and_sixteen_bits_go_through_the_crop(dtype) -> None:
    framed = frame(picture(), top=20, bottom=25, left=15, right=10, colour=(30, 30, 30))
    pixels = framed.pixels.astype(dtype) * (257 if dtype == np.uint16 else 1)
    alpha = np.full(pixels.shape[:2], np.iinfo(dtype).max, dtype)
    alpha[60:80, 60:80] = 7
    bgra = np.dstack([pixels, alpha])
    crop = crop_of(bgra)
    assert crop is not None and crop.box == Region(15, 20, 240, 160)
    out = apply_crop(bgra, crop)
    assert out.dtype == dtype
    np.testing.assert_array_equal(out, bgra[20:180, 15:255])


def test_a_transparent_margin_is_a_border() -> None:
    pixels = np.dstack([picture(), np.full((160, 240), 255, np.uint8)])
    canvas = np.zeros((200, 300, 4), np.uint8)
    canvas[20:180, 30:270] = pixels
    crop = crop_of(canvas)
    assert crop is not None and crop.box == Region(30, 20, 240, 160)


@pytest.mark.parametrize("angle", [-4.0, -1.0, 2.5])
def test_a_tilted_scan_is_found_turned_upright_and_cropped(angle: float) -> None:
    content = smooth_picture(300, 200, seed=2)
    scan = tilted_scan(content, angle=angle, margin=20, colour=(240, 240, 240), noise=2)
    borders = find_borders(scan.pixels)
    assert borders.tilt == pytest.approx(angle, abs=0.1)
    # Without straightening: the bounding box of the turned print, all of it kept.
    outer = plan_crop(borders)
    assert outer is not None
    box = outer.box
    left, top, right, bottom = scan.truth
    assert abs(box.x - left) <= 2 and abs(box.y - top) <= 2
    assert abs(box.right - right) <= 2 and abs(box.bottom - bottom) <= 2
    # Straightened: the print itself, upright.
    crop = plan_crop(borders, straighten=True)
    assert crop is not None and crop.angle == pytest.approx(angle, abs=0.1)
    upright = apply_crop(scan.pixels, crop)
    assert abs(upright.shape[1] - 300) <= 3 and abs(upright.shape[0] - 200) <= 3
    inner = upright[5:-5, 5:-5].astype(float)
    dy, dx = (np.array(upright.shape[:2]) - (200, 300)) // 2
    reference = content[5 + dy : 5 + dy + inner.shape[0], 5 + dx : 5 + dx + inner.shape[1]]
    correlation = np.corrcoef(inner.ravel(), reference.astype(float).ravel())[0, 1]
    assert correlation > 0.8


def test_straightening_needs_a_tilt_worth_turning() -> None:
    scan = tilted_scan(picture(300, 200), angle=0.05, margin=20, colour=(240, 240, 240))
    crop = plan_crop(find_borders(scan.pixels), straighten=True)
    assert crop is not None and not crop.turns


def test_borders_found_on_a_proxy_scale_to_the_full_image() -> None:
    framed = frame(picture(480, 320), top=64, bottom=64, left=0, right=0, colour=(0, 0, 0))
    half = framed.pixels[::2, ::2]
    scaled = find_borders(half).scaled(2.0)
    assert scaled.box() == find_borders(framed.pixels).box()
