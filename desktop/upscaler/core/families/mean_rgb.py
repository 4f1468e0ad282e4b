"""EDSR-convention networks: BGR in 0..255 minus the DIV2K mean; output plus the mean, clipped."""

from __future__ import annotations

import numpy as np

from upscaler.core.families.base import Family, TileMemory, max_value, run_checked, to_dtype
from upscaler.core.imageops import channels
from upscaler.core.runtime.base import Backend

#: BGR mean of the DIV2K training set, subtracted before the network and added back after.
DIV2K_MEAN_BGR = np.array([103.1545782, 111.561547, 114.35629928], dtype=np.float32)


class MeanFamily(Family):
    """EDSR and UpNet: three channels through the network, gray images as equal BGR."""

    channels = 3

    def __init__(
        self,
        key: str,
        *,
        feature_bytes: int | None = None,
        upsample_bytes: int = 0,
        **facts: object,
    ) -> None:
        """``feature_bytes``/``upsample_bytes``: the measured ``tile_memory`` (per input pixel of
        the body's features, per output pixel of the upsampling tail), if not given as such."""
        facts.setdefault("default_context", 68)
        if feature_bytes is not None:
            facts.setdefault("tile_memory", TileMemory(feature_bytes, upsample_bytes))
        super().__init__(key, **facts)  # type: ignore[arg-type]

    def process(self, pixels: np.ndarray, backend: Backend | None, scale: int) -> np.ndarray:
        gray = pixels.ndim == 2
        bgr = channels.gray_to_colour(pixels) if gray else pixels
        to_255 = 255.0 / max_value(pixels.dtype)
        blob = bgr.astype(np.float32) * np.float32(to_255) - DIV2K_MEAN_BGR
        blob = blob.transpose(2, 0, 1)[np.newaxis]
        out = run_checked(backend, np.ascontiguousarray(blob), 3, scale)[0].transpose(1, 2, 0)
        out = np.clip(out + DIV2K_MEAN_BGR, 0.0, 255.0)
        if gray:
            out = channels.to_gray(out)
        return to_dtype(out / np.float32(to_255), pixels.dtype)
