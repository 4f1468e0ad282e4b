"""The Auto tile side: as small as possible without losing measurable speed.

Each tile pays a fixed per-call cost and recomputes ``margin`` pixels of context on every side, so
throughput rises with the tile side and flattens out; past that point a bigger tile only costs
memory, progress granularity and cancel latency. Given a model's measured cost
(``runtime_choice.Throughput``), the Auto side is the smallest one whose predicted throughput is
within ``tolerance`` of the largest side the memory budget allows.
"""

from __future__ import annotations

from typing import Protocol

#: Auto sides are multiples of this (input pixels).
STEP = 16


class Cost(Protocol):
    pixel_s: float

    def seconds(self, side: int) -> float: ...


def efficiency(cost: Cost, side: int, margin: int) -> float:
    """Useful output per unit time for a tile of ``side`` plus ``margin`` on each side."""
    return cost.pixel_s * side * side / cost.seconds(side + 2 * margin)


def auto_tile_side(
    cost: Cost | None, margin: int, smallest: int, largest: int, tolerance: float = 0.05
) -> int:
    """The smallest side in [smallest, largest] within ``tolerance`` of the best throughput.

    Without a measured cost, the largest side (throughput never falls with the tile side).
    """
    if cost is None or cost.pixel_s <= 0 or largest <= smallest:
        return largest
    target = (1.0 - tolerance) * efficiency(cost, largest, margin)
    for side in range(smallest, largest, STEP):
        if efficiency(cost, side, margin) >= target:
            return side
    return largest
