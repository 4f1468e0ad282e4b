"""Each model family's pre- and post-processing, applied to one tile at a time.

A family turns an input tile (``HxW`` gray or ``HxWx3`` BGR, uint8 or uint16, alpha already split
off) into the upscaled tile in the same layout and dtype. Colour conversions happen in the input's
own dtype, as OpenCV's ``dnn_superres`` does for 8-bit, so 8-bit results match it and 16-bit input
keeps its precision (it is never squeezed through 8 bits).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import cv2
import numpy as np

from upscaler.core.backends import Backend
from upscaler.core.catalog import ModelInfo
from upscaler.core.errors import ModelError
from upscaler.core.messages import text

#: BGR mean of the DIV2K training set, subtracted before EDSR/UpNet and added back after.
DIV2K_MEAN_BGR = np.array([103.1545782, 111.561547, 114.35629928], dtype=np.float32)

#: Context (input pixels) needed by resampling done outside the network: cubic reads 2 pixels
#: each side, Lanczos-4 reads 4.
RESAMPLE_CONTEXT = {cv2.INTER_LINEAR: 1, cv2.INTER_CUBIC: 2, cv2.INTER_LANCZOS4: 4}


def max_value(dtype: np.dtype) -> float:
    return float(np.iinfo(dtype).max)


def resize(pixels: np.ndarray, scale: int, interpolation: int) -> np.ndarray:
    """Resize by an integer factor; integer dtypes come back rounded and clipped by OpenCV."""
    height, width = pixels.shape[:2]
    return cv2.resize(pixels, (width * scale, height * scale), interpolation=interpolation)


def to_dtype(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Round and clip float values already in ``dtype``'s range (like ``convertTo``)."""
    return np.clip(np.rint(values), 0, max_value(dtype)).astype(dtype)


class Family(ABC):
    """How one family feeds a network and reads its result."""

    #: Channels the family feeds the network (None: no network).
    channels: int | None = None
    #: Context the family's own resampling needs, on top of the network's receptive field.
    resample_context: int = 0
    #: Fallback context when the backend cannot tell its receptive field.
    default_context: int = 16

    def bytes_per_pixel(self, scale: int) -> int:
        """Peak bytes per (padded) input pixel while one tile runs; sizes Auto tiles.

        Measured with cv2.dnn 4.14 (peak RSS over the network's own) and rounded up.
        """
        return 2048

    def output_names(self, scale: int) -> tuple[str, ...]:
        """Network outputs that hold the result at ``scale``, if the graph has them; the default
        output otherwise."""
        return ()

    @abstractmethod
    def process(self, pixels: np.ndarray, backend: Backend | None, scale: int) -> np.ndarray:
        """Upscale one tile by ``scale``; same layout and dtype out as in."""


def run_checked(backend: Backend | None, blob: np.ndarray, channels: int, scale: int) -> np.ndarray:
    """Run the network and insist on ``channels`` x ``scale``-times output (else ModelError)."""
    if backend is None:
        raise ModelError(text("this model needs a network file, but none was loaded"))
    out = backend.run(blob)
    expected = (1, channels, blob.shape[2] * scale, blob.shape[3] * scale)
    if out.shape != expected:
        raise ModelError(
            text(
                "the model returned an output of shape {shape}, expected {expected} (is it really "
                "a x{scale} model of this family?)",
                shape=tuple(out.shape),
                expected=expected,
                scale=scale,
            ),
            backend.path,
        )
    return out


class MeanFamily(Family):
    """EDSR and UpNet: BGR in 0..255 minus the DIV2K mean; output plus the mean, clipped."""

    channels = 3
    default_context = 68

    def __init__(self, feature_bytes: int = 7 * 1024, upsample_bytes: int = 1536) -> None:
        #: Peak bytes per input pixel of the body's features, and per output pixel of the
        #: upsampling tail; both depend on the network's width, so each model family states them.
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


class YChannelFamily(Family):
    """ESPCN, FSRCNN, LapSRN: only Y (of YCrCb, in 0..1) goes through the network.

    Cr and Cb are resized with ``chroma_interpolation``. OpenCV's ``dnn_superres`` (the reference)
    uses ``cv2.resize``'s default, bilinear, whatever its docs say; bicubic chroma would differ
    from it by up to 6 grey levels, so the mirrored models use bilinear.
    """

    channels = 1
    default_context = 48

    def __init__(self, chroma_interpolation: int = cv2.INTER_LINEAR, *, pyramid: bool = False):
        self.chroma_interpolation = chroma_interpolation
        self.resample_context = RESAMPLE_CONTEXT[chroma_interpolation]
        self.pyramid = pyramid

    def bytes_per_pixel(self, scale: int) -> int:
        # Measured with OpenCV: ESPCN ~850, FSRCNN ~1210; onnxruntime (chosen for FSRCNN) peaks
        # ~4% above the 1536 that covers OpenCV, hence 2048. LapSRN keeps 64 features at every
        # pyramid level, ~1240 (x2), 5700 (x4), 24000 (x8).
        return 400 * scale * scale if self.pyramid else 2048

    def output_names(self, scale: int) -> tuple[str, ...]:
        # LapSRN x4/x8 expose one output per pyramid level; x2 has only its default output.
        return (f"NCHW_output_{scale}x",) if self.pyramid else ()

    def process(self, pixels: np.ndarray, backend: Backend | None, scale: int) -> np.ndarray:
        peak = max_value(pixels.dtype)
        # Multiplying by the float32 reciprocal (not dividing) and resizing Cr and Cb one at a time
        # reproduce dnn_superres bit for bit; either change moves some pixels by 2 grey levels.
        inverse = np.float32(1.0 / peak)
        ycrcb = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2YCrCb)
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
        return cv2.cvtColor(to_dtype(merged * np.float32(peak), pixels.dtype), cv2.COLOR_YCrCb2BGR)


class InterpolationFamily(Family):
    """Baselines: plain interpolation, no network."""

    default_context = 0

    def __init__(self, interpolation: int) -> None:
        self.interpolation = interpolation
        self.resample_context = RESAMPLE_CONTEXT[interpolation]

    def bytes_per_pixel(self, scale: int) -> int:
        return 16 * scale * scale

    def process(self, pixels: np.ndarray, backend: Backend | None, scale: int) -> np.ndarray:
        return resize(pixels, scale, self.interpolation)


#: Interpolation used for alpha, which no network sees.
ALPHA_INTERPOLATION = cv2.INTER_CUBIC


def family_for(info: ModelInfo) -> Family:
    """The processing for ``info.family``; ModelError for a family the program cannot run."""
    family = info.family.lower()
    if family == "edsr":
        # 256-channel features cost ~7 KB/px (measured, 32 blocks); the upsampling convs add
        # 1024 channels at up to half the output resolution.
        return MeanFamily(feature_bytes=7 * 1024, upsample_bytes=1536)
    if family == "upnet":
        # 32 channels: measured peaks 543-1155 B/px (OpenCV) and 934-1524 (ONNX Runtime) at x2-x4.
        return MeanFamily(feature_bytes=1024, upsample_bytes=48)
    if family in ("espcn", "fsrcnn"):
        return YChannelFamily()
    if family == "lapsrn":
        return YChannelFamily(pyramid=True)
    if family == "bicubic":
        return InterpolationFamily(cv2.INTER_CUBIC)
    if family == "lanczos":
        return InterpolationFamily(cv2.INTER_LANCZOS4)
    raise ModelError(
        text("model {model} has unknown family '{family}'", model=info.id, family=info.family)
    )
