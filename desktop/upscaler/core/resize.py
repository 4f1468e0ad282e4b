"""Output size by a target width or height instead of a factor.

A network enlarges by its own factor (x2, x3, x4, x8); a person often wants "1920 pixels wide".
The smallest factor that reaches the target is run and the result resized to it exactly, so the
network never has to invent more than needed. Aspect ratio is always kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from upscaler.core.errors import UpscalerError
from upscaler.core.imageops.resample import Interpolation, resize
from upscaler.core.messages import text


@dataclass(frozen=True)
class TargetSize:
    """A wanted output width or height (exactly one of them), in pixels."""

    width: int | None = None
    height: int | None = None

    def __post_init__(self) -> None:
        given = [v for v in (self.width, self.height) if v is not None]
        if len(given) != 1 or given[0] < 1:
            raise UpscalerError(text("give either a target width or a target height, in pixels"))

    def size_for(self, width: int, height: int) -> tuple[int, int]:
        """The output size for a ``width`` x ``height`` input, aspect ratio kept."""
        if self.width is not None:
            return self.width, max(1, round(height * self.width / width))
        assert self.height is not None
        return max(1, round(width * self.height / height)), self.height

    def factor_for(self, width: int, height: int) -> float:
        out_w, out_h = self.size_for(width, height)
        return max(out_w / width, out_h / height)

    def scale_for(self, width: int, height: int, scales: Iterable[int]) -> int:
        """The smallest of ``scales`` that reaches the target (the largest if none does)."""
        offered = sorted(set(scales))
        need = self.factor_for(width, height)
        return next((s for s in offered if s >= need - 1e-9), offered[-1])


def resize_to(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    """``pixels`` (any core layout and depth) at exactly ``width`` x ``height``: area averaging to
    shrink (no aliasing), cubic to grow; the dtype and channels are kept."""
    old_h, old_w = pixels.shape[:2]
    if (old_w, old_h) == (width, height):
        return pixels
    shrinking = width * height < old_w * old_h
    interpolation = Interpolation.AREA if shrinking else Interpolation.CUBIC
    return resize(pixels, width, height, interpolation)
