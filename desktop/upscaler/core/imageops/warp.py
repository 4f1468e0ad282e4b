"""Affine warps in NumPy: the turn that straightens a tilted scan.

:func:`warp_affine_cubic` follows OpenCV's ``warpAffine`` step by step: source positions in
fixed point (1/32 pixel), OpenCV's bicubic weight tables for those 32 x 32 sub-pixel positions
(Keys' kernel with A = -0.75; 15-bit integers for 8-bit images, float32 otherwise), the same
rounding, and replicated edges. 8-bit results are equal to OpenCV's; 16-bit and float32 ones
equal but for a rare last-place rounding (float sums added up in another order near the edges).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from upscaler.core.imageops.resample import cubic_taps

_INTER_BITS = 5  # sub-pixel positions per pixel: 1 << _INTER_BITS
_TAB = 1 << _INTER_BITS
_AB_BITS = 10  # fixed-point bits of the source positions before they are cut to _INTER_BITS
_COEF_BITS = 15  # fixed-point bits of the 8-bit weights
#: Output pixels warped at a time (keeps the per-tap temporaries small).
BAND_PIXELS = 1 << 14


def rotation_matrix(centre: tuple[float, float], angle: float, scale: float = 1.0) -> np.ndarray:
    """OpenCV's ``getRotationMatrix2D(centre, angle, scale)``: the 2x3 float64 map that turns by
    ``angle`` degrees (counter-clockwise as shown, y pointing down) about ``centre`` and scales
    by ``scale``. The same formula in double: equal to OpenCV's."""
    radians = angle * (math.pi / 180)
    alpha = math.cos(radians) * scale
    beta = math.sin(radians) * scale
    cx, cy = centre
    return np.array(
        [
            [alpha, beta, (1 - alpha) * cx - beta * cy],
            [-beta, alpha, beta * cx + (1 - alpha) * cy],
        ]
    )


def warp_affine_cubic(pixels: np.ndarray, matrix: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """OpenCV's ``warpAffine(pixels, matrix, size, flags=INTER_CUBIC,
    borderMode=BORDER_REPLICATE)``: output pixel (x, y) is the bicubic interpolation of
    ``pixels`` (HxW or HxWxC; uint8, uint16 or float32) at ``matrix`` (2x3, source to
    destination) inverted and applied to (x, y); ``size`` is (width, height) of the output."""
    source = np.asarray(pixels)
    if source.dtype not in (np.uint8, np.uint16, np.float32):
        raise TypeError(f"expected uint8, uint16 or float32 pixels, got {source.dtype}")
    height, width = source.shape[:2]
    out_width, out_height = size
    if source.ndim == 2:
        source = source[..., None]
    channels = source.shape[2]
    out = np.empty((out_height, out_width, channels), dtype=source.dtype)
    if out.size == 0:
        return out if np.ndim(pixels) == 3 else out[..., 0]
    inverse = _inverse(np.asarray(matrix, dtype=np.float64).reshape(2, 3))
    scale = float(1 << _AB_BITS)
    xs = np.arange(out_width, dtype=np.float64)
    adelta = np.rint(inverse[0, 0] * xs * scale).astype(np.int64)
    bdelta = np.rint(inverse[1, 0] * xs * scale).astype(np.int64)
    round_delta = (1 << _AB_BITS) // _TAB // 2
    planes = [np.ascontiguousarray(source[..., c]).ravel() for c in range(channels)]
    fixed = source.dtype == np.uint8
    weights = _cubic_weights(fixed)
    rows_per_band = max(1, BAND_PIXELS // out_width)
    for top in range(0, out_height, rows_per_band):
        ys = np.arange(top, min(out_height, top + rows_per_band), dtype=np.float64)[:, None]
        x0 = np.rint((inverse[0, 1] * ys + inverse[0, 2]) * scale).astype(np.int64) + round_delta
        y0 = np.rint((inverse[1, 1] * ys + inverse[1, 2]) * scale).astype(np.int64) + round_delta
        sx = (x0 + adelta) >> (_AB_BITS - _INTER_BITS)
        sy = (y0 + bdelta) >> (_AB_BITS - _INTER_BITS)
        alpha = ((sy & (_TAB - 1)) * _TAB + (sx & (_TAB - 1))).ravel()
        left = (sx >> _INTER_BITS).ravel() - 1
        upper = (sy >> _INTER_BITS).ravel() - 1
        columns = [np.clip(left + i, 0, width - 1) for i in range(4)]
        rows = [np.clip(upper + j, 0, height - 1) * width for j in range(4)]
        sums = _weighted_sums(planes, weights, alpha, rows, columns, fixed)
        target = out[top : top + ys.shape[0]].reshape(-1, channels)
        for channel, total in enumerate(sums):
            target[:, channel] = _to_pixels(total, source.dtype)
    return out if np.ndim(pixels) == 3 else out[..., 0]


def _weighted_sums(
    planes: list[np.ndarray],
    weights: np.ndarray,
    alpha: np.ndarray,
    rows: list[np.ndarray],
    columns: list[np.ndarray],
    fixed: bool,
) -> list[np.ndarray]:
    """Each plane's 4x4 weighted sums. Integer sums are exact in any order; float ones are
    added up as OpenCV does for colour images: row by row, left to right in a row."""
    kind: np.dtype = np.dtype(np.int32 if fixed else np.float32)
    totals: list[np.ndarray] = [np.zeros(alpha.shape, kind) for _ in planes]
    row_sums: list[np.ndarray] = [np.empty(alpha.shape, kind) for _ in planes]
    product: np.ndarray = np.empty(alpha.shape, kind)
    for j in range(4):
        for i in range(4):
            weight = np.take(weights[j * 4 + i], alpha)
            index = rows[j] + columns[i]
            for c, plane in enumerate(planes):
                if fixed:
                    np.multiply(np.take(plane, index), weight, out=product)
                    totals[c] += product
                elif i == 0:
                    np.multiply(np.take(plane, index), weight, out=row_sums[c])
                else:
                    np.multiply(np.take(plane, index), weight, out=product)
                    row_sums[c] += product
        if not fixed:
            for c in range(len(planes)):
                totals[c] += row_sums[c]
    return totals


def _to_pixels(total: np.ndarray, dtype: np.dtype) -> np.ndarray:
    if dtype == np.uint8:
        total += 1 << (_COEF_BITS - 1)
        total >>= _COEF_BITS
        return np.clip(total, 0, 255)
    if dtype == np.uint16:
        return np.clip(np.rint(total), 0, 65535)
    return total


def _inverse(matrix: np.ndarray) -> np.ndarray:
    """The inverse affine map, computed as OpenCV's ``warpAffine`` computes it."""
    m = matrix.ravel().tolist()
    det = m[0] * m[4] - m[1] * m[3]
    det = 1.0 / det if det != 0 else 0.0
    a11, a22 = m[4] * det, m[0] * det
    m[0], m[1], m[3], m[4] = a11, m[1] * -det, m[3] * -det, a22
    b1 = -m[0] * m[2] - m[1] * m[5]
    b2 = -m[3] * m[2] - m[4] * m[5]
    m[2], m[5] = b1, b2
    return np.array(m).reshape(2, 3)


@functools.cache
def _cubic_weights(fixed: bool) -> np.ndarray:
    """OpenCV's bicubic weights: 16 x 1024 (tap, then sub-pixel position ``fy * 32 + fx``),
    int32 in 15-bit fixed point (``fixed``, for 8-bit images) or float32."""
    x = np.arange(_TAB, dtype=np.float32) * np.float32(1.0 / _TAB)
    taps = cubic_taps(x)  # [position, tap]
    # [fy, fx, row tap, column tap]: the product of the two 1-D weights, in float32
    table = taps[:, None, :, None] * taps[None, :, None, :]
    table = table.reshape(_TAB * _TAB, 16)
    if not fixed:
        return np.ascontiguousarray(table.T)
    itab = np.rint(table * np.float32(1 << _COEF_BITS))
    itab = np.clip(itab, -(1 << 15), (1 << 15) - 1).astype(np.int32)  # OpenCV's are int16
    for entry in itab:  # make each set add up to exactly 1, where OpenCV adjusts it
        diff = int(entry.sum()) - (1 << _COEF_BITS)
        if diff == 0:
            continue
        smallest = largest = 2 * 4 + 2
        for k in (2 * 4 + 2, 2 * 4 + 3, 3 * 4 + 2, 3 * 4 + 3):
            if entry[k] < entry[smallest]:
                smallest = k
            elif entry[k] > entry[largest]:
                largest = k
        entry[largest if diff < 0 else smallest] -= diff
    return np.ascontiguousarray(itab.T)
