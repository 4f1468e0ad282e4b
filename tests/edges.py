"""What the engine computes at an image's edge, for tests that compare it with a reference.

The engine runs a network on the image with its edge mirrored ``margin`` pixels outward (the
context a tile inside the image would have), then crops that off. A whole-image reference such as
``cv2.dnn_superres`` run the same way gives the same pixels everywhere, the border included.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np


def with_edge_context(
    run: Callable[[np.ndarray], np.ndarray], image: np.ndarray, margin: int, scale: int
) -> np.ndarray:
    """``run`` on ``image`` mirrored ``margin`` px beyond every edge, cropped back to it."""
    padded = cv2.copyMakeBorder(image, margin, margin, margin, margin, cv2.BORDER_REFLECT)
    out = run(padded)
    top = margin * scale
    return out[top : top + image.shape[0] * scale, top : top + image.shape[1] * scale]
