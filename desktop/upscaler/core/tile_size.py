"""The Auto tile side: the largest the memory budget allows, within the family's limit.

A fixed rule, not a timing probe: a user's results and speed must not change between runs because
the machine happened to be busy once. Big tiles keep the overlap overhead low (each tile recomputes
``margin`` pixels of context on every side); the family's ``max_tile`` caps them where bigger
tiles stop paying (cache effects) and progress and cancel would come too seldom; the memory budget
caps them where they would not fit.
"""

from __future__ import annotations

import math

#: Auto never goes below this side (input pixels), whatever the budget says: smaller tiles spend
#: more time on their margins than on the picture.
MIN_AUTO_TILE = 64


def auto_tile_side(budget: int, bytes_per_pixel: int, margin: int, largest: int) -> int:
    """The biggest core side whose padded tile fits ``budget`` at ``bytes_per_pixel``, within
    [:data:`MIN_AUTO_TILE`, ``largest``]."""
    side = math.isqrt(budget // max(1, bytes_per_pixel)) - 2 * margin
    return max(MIN_AUTO_TILE, min(largest, side))
