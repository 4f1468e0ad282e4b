"""Channel conversions with OpenCV's ``cv2.cvtColor`` arithmetic, in NumPy.

The core keeps colour pictures in OpenCV's BGR(A) order. Luma-only networks (ESPCN, FSRCNN,
LapSRN) see the Y of OpenCV's YCrCb, and their results are checked bit for bit against
``cv2.dnn_superres``: so 8- and 16-bit conversions use OpenCV's 14-bit fixed-point coefficients
and rounding, float32 ones its float coefficients (the tests compare the two).
"""

from __future__ import annotations

import numpy as np

_SHIFT = 14
_ROUND = 1 << (_SHIFT - 1)
#: BT.601 luma weights in OpenCV's fixed point (``R2Y``, ``G2Y``, ``B2Y``).
_R2Y, _G2Y, _B2Y = 4899, 9617, 1868
#: Chroma scales (``YCRI``, ``YCBI``) and their inverses (``CR2R``, ``CR2G``, ``CB2G``, ``CB2B``).
_CR, _CB = 11682, 9241
_CR2R, _CR2G, _CB2G, _CB2B = 22987, -11698, -5636, 29049
#: ``COLOR_BGR2GRAY`` (8 and 16 bits) works with 15 fractional bits.
_GRAY_SHIFT = 15
_R2GRAY, _G2GRAY, _B2GRAY = 9798, 19235, 3735
_FLOAT_Y = (np.float32(0.299), np.float32(0.587), np.float32(0.114))
_FLOAT_CR, _FLOAT_CB = np.float32(0.713), np.float32(0.564)
_FLOAT_INV = (np.float32(1.403), np.float32(-0.714), np.float32(-0.344), np.float32(1.773))


def swap_red_blue(pixels: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """BGR <-> RGB and BGRA <-> RGBA (``COLOR_BGR2RGB``, ``COLOR_BGRA2RGBA`` and back), into a
    new array or ``out`` (same shape; its dtype may differ in byte order)."""
    if out is None:  # canonical strides, even 1x1 (Qt reads them)
        out = np.empty(pixels.shape, dtype=pixels.dtype)
    out[:, :, :3] = pixels[:, :, 2::-1]
    out[:, :, 3:] = pixels[:, :, 3:]
    return out


def gray_to_colour(gray: np.ndarray) -> np.ndarray:
    """H x W -> H x W x 3 with equal channels (``COLOR_GRAY2BGR`` and ``COLOR_GRAY2RGB``)."""
    return np.repeat(gray[:, :, None], 3, axis=2)


def to_eight_bit(pixels: np.ndarray) -> np.ndarray:
    """16-bit values rounded to the nearest 8-bit one (``convertScaleAbs(alpha=1/257)``): no
    16-bit value lies halfway, so this is ``floor((v + 128) / 257)``, in integers."""
    wide = pixels.astype(np.uint32) + 128
    return (wide // 257).astype(np.uint8)


def _peak(dtype: np.dtype) -> int:
    return int(np.iinfo(dtype).max)


def to_gray(bgr: np.ndarray) -> np.ndarray:
    """BT.601 luma of a BGR picture (``COLOR_BGR2GRAY``), same dtype."""
    b, g, r = (bgr[:, :, c] for c in range(3))
    if np.issubdtype(bgr.dtype, np.floating):
        return (b * _FLOAT_Y[2] + g * _FLOAT_Y[1] + r * _FLOAT_Y[0]).astype(bgr.dtype)
    total = (
        b.astype(np.int64) * _B2GRAY + g.astype(np.int64) * _G2GRAY + r.astype(np.int64) * _R2GRAY
    )
    return ((total + (1 << (_GRAY_SHIFT - 1))) >> _GRAY_SHIFT).astype(bgr.dtype)


def to_ycrcb(bgr: np.ndarray) -> np.ndarray:
    """OpenCV's YCrCb of a BGR picture (``COLOR_BGR2YCrCb``): Y, Cr, Cb, same dtype."""
    out = np.empty_like(bgr[:, :, :3])
    if bgr.dtype == np.float32:
        bf, gf, rf = (bgr[:, :, c] for c in range(3))
        yf = bf * _FLOAT_Y[2] + gf * _FLOAT_Y[1] + rf * _FLOAT_Y[0]
        half = np.float32(0.5)
        out[:, :, 0] = yf
        out[:, :, 1] = (rf - yf) * _FLOAT_CR + half
        out[:, :, 2] = (bf - yf) * _FLOAT_CB + half
        return out
    peak = _peak(bgr.dtype)
    delta = ((peak + 1) // 2) << _SHIFT
    b, g, r = (bgr[:, :, c].astype(np.int64) for c in range(3))
    y = (b * _B2Y + g * _G2Y + r * _R2Y + _ROUND) >> _SHIFT
    out[:, :, 0] = y
    out[:, :, 1] = np.clip(((r - y) * _CR + delta + _ROUND) >> _SHIFT, 0, peak)
    out[:, :, 2] = np.clip(((b - y) * _CB + delta + _ROUND) >> _SHIFT, 0, peak)
    return out


def from_ycrcb(ycrcb: np.ndarray) -> np.ndarray:
    """BGR from OpenCV's YCrCb (``COLOR_YCrCb2BGR``), same dtype, clipped to its range."""
    out = np.empty_like(ycrcb)
    if ycrcb.dtype == np.float32:
        half = np.float32(0.5)
        yf, crf, cbf = ycrcb[:, :, 0], ycrcb[:, :, 1] - half, ycrcb[:, :, 2] - half
        out[:, :, 0] = yf + cbf * _FLOAT_INV[3]
        out[:, :, 1] = yf + (cbf * _FLOAT_INV[2] + crf * _FLOAT_INV[1])
        out[:, :, 2] = yf + crf * _FLOAT_INV[0]
        return out
    peak = _peak(ycrcb.dtype)
    centre = (peak + 1) // 2
    y, cr, cb = (ycrcb[:, :, c].astype(np.int64) for c in range(3))
    cr, cb = cr - centre, cb - centre
    out[:, :, 0] = np.clip(y + ((cb * _CB2B + _ROUND) >> _SHIFT), 0, peak)
    out[:, :, 1] = np.clip(y + ((cb * _CB2G + cr * _CR2G + _ROUND) >> _SHIFT), 0, peak)
    out[:, :, 2] = np.clip(y + ((cr * _CR2R + _ROUND) >> _SHIFT), 0, peak)
    return out
