"""EDSR-convention networks: BGR in 0..255 minus the DIV2K mean; output plus the mean, clipped."""

from __future__ import annotations

import cv2
import numpy as np

from upscaler.core.families.base import Family, max_value, run_checked, to_dtype
from upscaler.core.runtime.base import Backend

#: BGR mean of the DIV2K training set, subtracted before the network and added back after.
DIV2K_MEAN_BGR = np.array([103.1545782, 111.561547, 114.35629928], dtype=np.float32)


class MeanFamily(Family):
    """EDSR and UpNet: three channels through the network, gray images as equal BGR."""

    channels = 3

    def __init__(
        self, key: str, *, feature_bytes: int, upsample_bytes: int, **facts: object
    ) -> None:
        """``feature_bytes``: peak bytes per input pixel of the body's features;
        ``upsample_bytes``: per output pixel of the upsampling tail. Both depend on the network's
        width, so each family states them (measured)."""
        facts.setdefault("default_context", 68)
        super().__init__(key, **facts)  # type: ignore[arg-type]
        self.feature_bytes = feature_bytes
        self.upsample_bytes = upsample_bytes

    def bytes_per_pixel(self, scale: int) -> int:
        return self.feature_bytes + self.upsample_bytes * scale * scale

    def process(self, pixels: np.ndarray, backend: Backend | None, scale: int) -> np.ndarray:
        gray = pixels.ndim == 2
        bgr = cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR) if gray else pixels
        to_255 = 255.0 / max_value(pixels.dtype)
        blob = bgr.astype(np.float32) * np.float32(to_255) - DIV2K_MEAN_BGR
        blob = blob.transpose(2, 0, 1)[np.newaxis]
        out = run_checked(backend, np.ascontiguousarray(blob), 3, scale)[0].transpose(1, 2, 0)
        out = np.clip(out + DIV2K_MEAN_BGR, 0.0, 255.0)
        if gray:
            out = cv2.cvtColor(np.ascontiguousarray(out), cv2.COLOR_BGR2GRAY)
        return to_dtype(out / np.float32(to_255), pixels.dtype)
