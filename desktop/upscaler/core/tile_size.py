"""The Auto tile side: as small as possible without losing measurable speed.

Each tile pays a fixed per-call cost and recomputes ``margin`` pixels of context on every side, so
throughput rises with the tile side and flattens out; past that point a bigger tile only costs
memory, progress granularity and cancel latency. Given a model's measured cost
(``runtime_choice.Throughput``), the Auto side is the smallest one whose predicted throughput is
within ``tolerance`` of the best side the memory budget allows. Per-pixel cost also rises once a
tile's feature maps outgrow the caches, so the best side can lie well below the largest.
"""

from __future__ import annotations

from typing import Protocol

#: Auto sides are multiples of this (input pixels).
STEP = 16
#: Engine work per tile outside the network (slicing, colour conversion, chroma resize,
#: stitching), which the network probe does not see: about 2-5 ms here.
PER_TILE_S = 0.003
#: With a measured cost, Auto never goes below this side: in `bench speed`, 64-px tiles were
#: 1.2-1.6x slower than 128-px ones for every light model, whatever the network probe predicted.
MEASURED_FLOOR = 128


class Cost(Protocol):
    def seconds(self, side: int) -> float: ...


def efficiency(cost: Cost, side: int, margin: int, per_tile_s: float = 0.0) -> float:
    """Useful (core) pixels per second for a tile of ``side`` plus ``margin`` on each side."""
    return side * side / (cost.seconds(side + 2 * margin) + per_tile_s)


def auto_tile_side(
    cost: Cost | None,
    margin: int,
    smallest: int,
    largest: int,
    tolerance: float = 0.05,
    *,
    per_tile_s: float = PER_TILE_S,
    floor: int = MEASURED_FLOOR,
) -> int:
    """The smallest side in [max(smallest, floor), largest] within ``tolerance`` of the best
    throughput. Without a measured cost, the largest side (the overlap overhead falls with it).
    """
    smallest = max(smallest, floor)
    if cost is None or largest <= smallest:
        return largest
    sides = [*range(smallest, largest, STEP), largest]
    rates = [efficiency(cost, side, margin, per_tile_s) for side in sides]
    target = (1.0 - tolerance) * max(rates)
    return next(side for side, rate in zip(sides, rates, strict=True) if rate >= target)
