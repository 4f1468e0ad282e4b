"""Tile plans cover the image exactly once and read the right context; stitching crops it away."""

from __future__ import annotations

import numpy as np
import pytest

from upscaler.core.tiling import Region, Tile, plan_tiles, split_span, stitch


@pytest.mark.parametrize(
    ("length", "tile", "expected"),
    [
        (10, 10, [(0, 10)]),
        (10, 4, [(0, 3), (3, 3), (6, 4)]),
        (1, 64, [(0, 1)]),
        (7, 1, [(i, 1) for i in range(7)]),
    ],
)
def test_split_span_makes_the_fewest_near_equal_pieces(length, tile, expected) -> None:
    assert split_span(0, length, tile) == expected


def test_split_span_is_offset_by_its_start() -> None:
    assert split_span(5, 9, 5) == [(5, 4), (9, 5)]


@pytest.mark.parametrize(("length", "tile"), [(0, 4), (4, 0), (-1, 3)])
def test_split_span_rejects_empty_spans_and_tiles(length, tile) -> None:
    with pytest.raises(ValueError):
        split_span(0, length, tile)


def _coverage(tiles: list[Tile], width: int, height: int) -> np.ndarray:
    counts = np.zeros((height, width), dtype=int)
    for t in tiles:
        counts[t.core.slices()] += 1
    return counts


@pytest.mark.parametrize(
    ("width", "height", "tile", "margin"),
    [(1, 1, 64, 8), (3, 2, 1, 4), (289, 287, 64, 16), (100, 37, 37, 0), (50, 50, 200, 70)],
)
def test_plan_covers_every_pixel_exactly_once(width, height, tile, margin) -> None:
    tiles = plan_tiles(width, height, tile, margin)
    assert np.array_equal(_coverage(tiles, width, height), np.ones((height, width), dtype=int))
    assert [t.index for t in tiles] == list(range(len(tiles)))
    for t in tiles:
        assert t.core.width <= tile and t.core.height <= tile


def test_padded_region_adds_the_margin_clipped_to_the_image() -> None:
    tiles = plan_tiles(100, 40, 50, 8)
    assert [t.core for t in tiles] == [Region(0, 0, 50, 40), Region(50, 0, 50, 40)]
    assert [t.padded for t in tiles] == [Region(0, 0, 58, 40), Region(42, 0, 58, 40)]


def test_plan_of_an_area_reads_context_outside_the_area() -> None:
    area = Region(20, 10, 5, 4)
    (only,) = plan_tiles(100, 60, 64, 6, area)
    assert only.core == area
    assert only.padded == Region(14, 4, 17, 16)


@pytest.mark.parametrize(
    "area", [Region(-1, 0, 5, 5), Region(0, 0, 0, 5), Region(96, 0, 5, 5), Region(0, 58, 5, 3)]
)
def test_plan_refuses_areas_outside_the_image(area) -> None:
    with pytest.raises(ValueError, match="not inside"):
        plan_tiles(100, 60, 64, 6, area)


def test_plan_refuses_empty_images_and_negative_margins() -> None:
    with pytest.raises(ValueError):
        plan_tiles(0, 5, 4, 1)
    with pytest.raises(ValueError):
        plan_tiles(5, 5, 4, -1)


def test_crop_selects_the_core_of_the_scaled_tile_output() -> None:
    t = Tile(0, core=Region(10, 20, 4, 3), padded=Region(6, 17, 12, 9))
    assert t.crop(3) == (slice(9, 18), slice(12, 24))
    assert t.core.scaled(3) == Region(30, 60, 12, 9)


def test_stitching_upscaled_tiles_rebuilds_the_upscaled_image() -> None:
    """With nearest-neighbour "upscaling" every tile's core must land exactly where it belongs."""
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, (23, 31, 3), dtype=np.uint8)
    scale = 3
    out = np.zeros((23 * scale, 31 * scale, 3), dtype=np.uint8)
    whole = Region(0, 0, 31, 23)
    for t in plan_tiles(31, 23, 10, 4):
        padded = image[t.padded.slices()]
        place = stitch(out, t, padded.repeat(scale, 0).repeat(scale, 1), scale, whole)
        assert place == t.core.scaled(scale)
    assert np.array_equal(out, image.repeat(scale, 0).repeat(scale, 1))


def test_stitch_places_an_area_relative_to_its_origin() -> None:
    image = np.arange(20 * 30, dtype=np.uint16).reshape(20, 30)
    area = Region(7, 5, 9, 6)
    out = np.zeros((12, 18), dtype=np.uint16)
    for t in plan_tiles(30, 20, 4, 2, area):
        stitch(out, t, image[t.padded.slices()].repeat(2, 0).repeat(2, 1), 2, area)
    assert np.array_equal(out, image[area.slices()].repeat(2, 0).repeat(2, 1))


def test_stitch_refuses_a_tile_output_of_the_wrong_size() -> None:
    (t,) = plan_tiles(8, 8, 8, 0)
    with pytest.raises(ValueError, match="expected"):
        stitch(np.zeros((16, 16)), t, np.zeros((24, 24)), 2, Region(0, 0, 8, 8))


def test_region_helpers() -> None:
    r = Region(2, 3, 4, 5)
    assert (r.right, r.bottom, r.area) == (6, 8, 20)
    assert r.scaled(2) == Region(4, 6, 8, 10)
    assert r.within(6, 8) and not r.within(5, 8) and not r.within(6, 7)
