"""Overlapping tiles and seamless stitching.

A network's output pixel depends only on input pixels within its receptive field, so a tile fed with
``margin`` extra input pixels of context on every side yields exactly the whole-image pixels for
its core once the context is cropped away. Memory then depends on the tile, not on the image.
Where the context would lie outside the image, the image's edge is extended into it (every run,
whole or tiled, the same way), so border pixels are computed from edge-like context rather than
the network's zero padding, which darkens and tints them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Region:
    """A rectangle of pixels; input pixels in a plan, output pixels for ``on_tile``."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def area(self) -> int:
        return self.width * self.height

    def scaled(self, factor: int) -> Region:
        return Region(self.x * factor, self.y * factor, self.width * factor, self.height * factor)

    def slices(self) -> tuple[slice, slice]:
        """Row and column slices, for indexing an ``HxW[xC]`` array."""
        return slice(self.y, self.bottom), slice(self.x, self.right)

    def within(self, width: int, height: int) -> bool:
        return (
            self.x >= 0
            and self.y >= 0
            and self.width > 0
            and self.height > 0
            and self.right <= width
            and self.bottom <= height
        )


@dataclass(frozen=True)
class Tile:
    """One unit of work: the ``core`` it is responsible for and the ``padded`` input it reads."""

    index: int
    core: Region
    padded: Region
    #: Context the image cannot give at its edges: pixels to add beyond ``padded`` (top, bottom,
    #: left, right) by extending the image's edge, so a tile at the border sees as much context
    #: as one inside. Without it the network's own zero padding darkens and tints the border.
    border: tuple[int, int, int, int] = (0, 0, 0, 0)

    @property
    def fed(self) -> int:
        """Input pixels the network processes for this tile: ``padded`` plus ``border``."""
        top, bottom, left, right = self.border
        return (self.padded.width + left + right) * (self.padded.height + top + bottom)

    def crop(self, scale: int) -> tuple[slice, slice]:
        """Slices of the tile's (padded) output that hold its core's output pixels."""
        top = (self.core.y - self.padded.y) * scale
        left = (self.core.x - self.padded.x) * scale
        return (
            slice(top, top + self.core.height * scale),
            slice(left, left + self.core.width * scale),
        )


def split_span(start: int, length: int, tile: int, multiple: int = 1) -> list[tuple[int, int]]:
    """Cut ``[start, start+length)`` into the fewest near-equal pieces of at most ``tile``.

    Equal pieces avoid a sliver of a last tile that would cost a full margin for a few pixels.
    With ``multiple`` > 1 the cuts fall on that grid (counted from 0, the image's origin), so a
    piece may exceed ``tile`` by less than ``multiple``.
    """
    if length <= 0:
        raise ValueError(f"cannot split an empty span (length {length})")
    if tile <= 0:
        raise ValueError(f"tile size must be positive, got {tile}")
    count = math.ceil(length / tile)
    edges = [start + (length * i) // count for i in range(count + 1)]
    if multiple > 1:
        inner = {round(e / multiple) * multiple for e in edges[1:-1]}
        edges = [start, *sorted(e for e in inner if start < e < start + length), start + length]
    return [(edges[i], edges[i + 1] - edges[i]) for i in range(len(edges) - 1)]


def plan_tiles(
    width: int,
    height: int,
    tile: int,
    margin: int,
    area: Region | None = None,
    *,
    multiple: int = 1,
    edge: int | None = None,
) -> list[Tile]:
    """Tiles covering ``area`` (default: the whole ``width x height`` image) in row-major order.

    ``tile`` bounds each core's side; ``margin`` is the context in input pixels added on every side,
    read from the image (not only ``area``: a preview of a region reads the pixels around it) and,
    beyond the image's edge, recorded in ``Tile.border`` for the engine to extend the edge into:
    at most ``edge`` pixels when given (every tile alike, so tiled still equals whole).
    ``multiple``: cores are cut on that grid (see :func:`split_span`).
    """
    if width <= 0 or height <= 0:
        raise ValueError(f"image must not be empty, got {width}x{height}")
    if margin < 0:
        raise ValueError(f"margin must not be negative, got {margin}")
    area = area or Region(0, 0, width, height)
    if not area.within(width, height):
        raise ValueError(f"region {area} is not inside the {width}x{height} image")
    tiles: list[Tile] = []
    for y, h in split_span(area.y, area.height, tile, multiple):
        for x, w in split_span(area.x, area.width, tile, multiple):
            core = Region(x, y, w, h)
            x0, y0 = max(0, x - margin), max(0, y - margin)
            x1, y1 = min(width, x + w + margin), min(height, y + h + margin)
            border = (
                y0 - (y - margin),
                y + h + margin - y1,
                x0 - (x - margin),
                x + w + margin - x1,
            )
            if edge is not None:
                border = (
                    min(border[0], edge),
                    min(border[1], edge),
                    min(border[2], edge),
                    min(border[3], edge),
                )
            tiles.append(Tile(len(tiles), core, Region(x0, y0, x1 - x0, y1 - y0), border))
    return tiles


def stitch(out: np.ndarray, tile: Tile, pixels: np.ndarray, scale: int, origin: Region) -> Region:
    """Write the core of ``pixels`` (the padded tile's output) into ``out``; return where.

    ``out`` covers ``origin`` (input pixels) at ``scale``; the returned region is relative to it.
    """
    expected = (tile.padded.height * scale, tile.padded.width * scale)
    if pixels.shape[:2] != expected:
        raise ValueError(f"tile output is {pixels.shape[:2]}, expected {expected}")
    place = Region(
        tile.core.x - origin.x, tile.core.y - origin.y, tile.core.width, tile.core.height
    ).scaled(scale)
    out[place.slices()] = pixels[tile.crop(scale)]
    return place
