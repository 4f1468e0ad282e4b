"""Networks that see only luma: Y of YCrCb in 0..1 goes through, chroma is resized beside it."""

from __future__ import annotations

import numpy as np

from upscaler.core.families.base import (
    RESAMPLE_CONTEXT,
    Family,
    max_value,
    resize,
    run_checked,
    to_dtype,
)
from upscaler.core.imageops import channels
from upscaler.core.imageops.resample import Interpolation
from upscaler.core.runtime.base import Backend


class YChannelFamily(Family):
    """ESPCN, FSRCNN, LapSRN: only Y (of YCrCb, in 0..1) goes through the network.

    Cr and Cb are resized with ``chroma_interpolation``. OpenCV's ``dnn_superres`` (the reference)
    uses ``cv2.resize``'s default, bilinear, whatever its docs say; bicubic chroma would differ
    from it by up to 6 grey levels, so the mirrored models use bilinear.
    """

    channels = 1

    def __init__(
        self,
        key: str,
        *,
        chroma_interpolation: Interpolation = Interpolation.LINEAR,
        pyramid: bool = False,
        **facts: object,
    ) -> None:
        facts.setdefault("default_context", 48)
        super().__init__(key, **facts)  # type: ignore[arg-type]
        self.chroma_interpolation = chroma_interpolation
        self.resample_context = RESAMPLE_CONTEXT[chroma_interpolation]
        self.pyramid = pyramid

    def output_names(self, scale: int) -> tuple[str, ...]:
        # LapSRN x4/x8 expose one output per pyramid level; x2 has only its default output.
        return (f"NCHW_output_{scale}x",) if self.pyramid else ()

    def process(self, pixels: np.ndarray, backend: Backend | None, scale: int) -> np.ndarray:
        peak = max_value(pixels.dtype)
        # Multiplying by the float32 reciprocal (not dividing) and resizing Cr and Cb one at a time
        # reproduce dnn_superres bit for bit; either change moves some pixels by 2 grey levels.
        inverse = np.float32(1.0 / peak)
        ycrcb = pixels if pixels.ndim == 2 else channels.to_ycrcb(pixels)
        luma = ycrcb if pixels.ndim == 2 else ycrcb[:, :, 0]
        blob = (luma.astype(np.float32) * inverse)[np.newaxis, np.newaxis]
        y_out = run_checked(backend, blob, 1, scale)[0, 0]
        if pixels.ndim == 2:
            return to_dtype(y_out * np.float32(peak), pixels.dtype)
        merged = np.empty((*y_out.shape, 3), dtype=np.float32)
        merged[:, :, 0] = y_out
        for channel in (1, 2):
            plane = ycrcb[:, :, channel].astype(np.float32) * inverse
            merged[:, :, channel] = resize(plane, scale, self.chroma_interpolation)
        return channels.from_ycrcb(to_dtype(merged * np.float32(peak), pixels.dtype))
