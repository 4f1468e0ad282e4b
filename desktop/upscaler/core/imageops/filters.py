"""Neighbourhood filters in NumPy: Gaussian, Sobel, Laplacian, box and 3x3 median.

Each replaces one OpenCV call (named in its docstring) and handles the image's edges as that
call does: the linear filters with OpenCV's default border (``BORDER_REFLECT_101``: ``dcb|abcd``),
the median with replicated edge pixels. Images are HxW or HxWxC; channels are filtered apart.

The linear filters take and give float32 and add up in float32 as OpenCV does, in a slightly
different order: results agree with OpenCV's to a few units in the last place. The median is
exact. Work goes in bands of rows that fit in the processor's cache, so a 12-megapixel photo
needs no more than one output-sized array.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import numpy as np

#: Bytes of input a band of rows holds (the band and its intermediates stay in the L2 cache).
BAND_BYTES = 1 << 19


def gaussian_blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """OpenCV's ``GaussianBlur(image, (0, 0), sigma)`` of a float32 image, with OpenCV's kernel
    size for float images (``8 * sigma + 1``, made odd) and its kernel (:func:`gaussian_kernel`).
    Within 2 units in the last place of OpenCV's result."""
    size = max(1, round(sigma * 4 * 2 + 1) | 1)
    kernel = gaussian_kernel(size, sigma)
    return separable_filter(image, kernel, kernel)


def gaussian_kernel(size: int, sigma: float) -> np.ndarray:
    """OpenCV's ``getGaussianKernel(size, sigma, CV_32F)`` (odd ``size``, ``sigma`` > 0) as a
    1-D float32 array, computed in double the way OpenCV does; equal to OpenCV's."""
    if size % 2 != 1 or sigma <= 0:
        raise ValueError(f"need an odd size and a positive sigma, not {size} and {sigma}")
    x = np.arange(1 - size, 0, 2, dtype=np.float64)  # twice the distance from the centre
    side = np.exp(x * x * (-0.125 / (sigma * sigma)))
    total = 0.0
    for value in side:  # added up one by one, as OpenCV does
        total += float(value)
    scale = 1.0 / (total * 2 + 1.0)
    kernel = np.concatenate([side * scale, [scale], side[::-1] * scale])
    return kernel.astype(np.float32)


def sobel(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """OpenCV's ``Sobel(image, CV_32F, dx, dy)`` (3x3 aperture) of a float32 image, for one
    first derivative: ``(dx, dy)`` is (1, 0) or (0, 1). Equal to OpenCV's for one channel, within
    a unit in the last place for several (OpenCV adds up in another order there)."""
    derivative = np.array([-1.0, 0.0, 1.0], dtype=np.float32)
    smoothing = np.array([1.0, 2.0, 1.0], dtype=np.float32)
    if (dx, dy) == (1, 0):
        return separable_filter(image, derivative, smoothing)
    if (dx, dy) == (0, 1):
        return separable_filter(image, smoothing, derivative)
    raise ValueError(f"only first derivatives are supported, not dx={dx}, dy={dy}")


def laplacian(image: np.ndarray) -> np.ndarray:
    """OpenCV's ``Laplacian(image, CV_32F)`` (aperture 1: the 4-neighbour kernel) of a float32
    image. Added up in OpenCV's order (up, left, -4 x centre, right, down), every product exact:
    equal to OpenCV's result."""
    source = _float32(image)
    out = np.empty_like(source)
    for top, bottom, band in _bands(source, 1, 1, "reflect"):
        rows = bottom - top
        centre = band[1 : rows + 1, 1:-1]
        result = out[top:bottom]
        np.add(band[0:rows, 1:-1], band[1 : rows + 1, :-2], out=result)
        result -= centre * np.float32(4)
        result += band[1 : rows + 1, 2:]
        result += band[2 : rows + 2, 1:-1]
    return out


def box_blur(image: np.ndarray, size: int) -> np.ndarray:
    """OpenCV's ``blur(image, (size, size))`` of a float32 image: the mean over a ``size`` by
    ``size`` window (odd ``size``). Summed in float64 as OpenCV does, then rounded to float32:
    equal but for a last-place rounding of a rare pixel."""
    if size % 2 != 1:
        raise ValueError(f"the window must have an odd size, not {size}")
    source = _float32(image)
    radius = size // 2
    out = np.empty_like(source)
    scale = 1.0 / (size * size)
    for top, bottom, band in _bands(source, radius, radius, "reflect"):
        wide = band.astype(np.float64)
        rows = wide[:, 0 : wide.shape[1] - 2 * radius].copy()
        for shift in range(1, size):
            rows += wide[:, shift : shift + rows.shape[1]]
        total = rows[0 : bottom - top].copy()
        for shift in range(1, size):
            total += rows[shift : shift + bottom - top]
        total *= scale
        out[top:bottom] = total
    return out


def median3(image: np.ndarray) -> np.ndarray:
    """OpenCV's ``medianBlur(image, 3)``: the median of each pixel's 3x3 neighbourhood, edges
    replicated (OpenCV's border for the median). Any integer or float type; exact."""
    source = np.asarray(image)
    out = np.empty_like(source)
    if source.size == 0:
        return out
    width = source.shape[1]
    for top, bottom, band in _bands(source, 1, 1, "edge"):
        rows = bottom - top
        # Sort each column's three values (low, mid, high) ...
        a, b, c = band[0:rows], band[1 : rows + 1], band[2 : rows + 2]
        low, high = np.minimum(a, b), np.maximum(a, b)
        mid = np.minimum(high, np.maximum(low, c))
        np.minimum(low, c, out=low)
        np.maximum(high, c, out=high)
        # ... then the median of nine is the median of the largest low, the median mid and the
        # smallest high of the three columns.
        columns = [slice(i, i + width) for i in range(3)]
        lows = np.maximum(np.maximum(low[:, columns[0]], low[:, columns[1]]), low[:, columns[2]])
        highs = np.minimum(
            np.minimum(high[:, columns[0]], high[:, columns[1]]), high[:, columns[2]]
        )
        mids = _median_of_three(mid[:, columns[0]], mid[:, columns[1]], mid[:, columns[2]])
        out[top:bottom] = _median_of_three(lows, mids, highs)
    return out


def separable_filter(image: np.ndarray, kernel_x: np.ndarray, kernel_y: np.ndarray) -> np.ndarray:
    """OpenCV's ``sepFilter2D(image, CV_32F, kernel_x, kernel_y)`` of a float32 image (odd
    kernels, centred; OpenCV's default border): rows with ``kernel_x`` first, then columns.
    Within a few units in the last place of OpenCV's result."""
    source = _float32(image)
    kx = [float(v) for v in np.asarray(kernel_x, dtype=np.float32).ravel()]
    ky = [float(v) for v in np.asarray(kernel_y, dtype=np.float32).ravel()]
    if len(kx) % 2 != 1 or len(ky) % 2 != 1:
        raise ValueError("kernels must have an odd length")
    rx, ry = len(kx) // 2, len(ky) // 2
    width = source.shape[1]
    out = np.empty_like(source)
    for top, bottom, band in _bands(source, ry, rx, "reflect"):
        across = np.empty((band.shape[0], width) + band.shape[2:], dtype=np.float32)
        _correlate(band, kx, 1, across)
        _correlate(across, ky, 0, out[top:bottom])
    return out


def border_index(positions: np.ndarray, length: int, mode: str) -> np.ndarray:
    """Where OpenCV's ``borderInterpolate`` takes positions outside ``0..length-1`` from:
    ``"reflect"`` is ``BORDER_REFLECT_101`` (``dcb|abcd|cba``), ``"edge"`` ``BORDER_REPLICATE``."""
    if mode == "edge" or length == 1:
        return np.clip(positions, 0, length - 1)
    if mode != "reflect":
        raise ValueError(f"unknown border mode {mode!r}")
    period = 2 * (length - 1)
    folded = np.mod(positions, period)
    return np.where(folded < length, folded, period - folded)


def _correlate(source: np.ndarray, kernel: Sequence[float], axis: int, out: np.ndarray) -> None:
    """``out`` = ``source`` (padded by the kernel's radius on ``axis``) correlated with
    ``kernel`` along ``axis``; taps with equal or opposite weights are paired, zeros skipped."""
    radius = len(kernel) // 2
    count = out.shape[axis]

    def tap(i: int) -> np.ndarray:
        index: list[slice] = [slice(None)] * source.ndim
        index[axis] = slice(i, i + count)
        return source[tuple(index)]

    started = False
    scratch: np.ndarray | None = None

    def add(term: np.ndarray, weight: float) -> None:
        nonlocal started
        if weight != 1.0:
            term *= np.float32(weight)
        if started:
            out[...] += term
        else:
            out[...] = term
            started = True

    if kernel[radius] != 0.0:
        np.multiply(tap(radius), np.float32(kernel[radius]), out=out)
        started = True
    for i in range(radius):
        low, high = kernel[i], kernel[2 * radius - i]
        if low == 0.0 and high == 0.0:
            continue
        if scratch is None:
            scratch = np.empty_like(out)
        if low == high:
            np.add(tap(i), tap(2 * radius - i), out=scratch)
            add(scratch, low)
        elif low == -high:
            np.subtract(tap(2 * radius - i), tap(i), out=scratch)
            add(scratch, high)
        else:
            for position, weight in ((i, low), (2 * radius - i, high)):
                np.multiply(tap(position), np.float32(weight), out=scratch)
                add(scratch, 1.0)
    if not started:
        out[...] = 0


def _bands(
    source: np.ndarray, ry: int, rx: int, mode: str
) -> Iterator[tuple[int, int, np.ndarray]]:
    """Yield ``(top, bottom, band)``: rows ``top..bottom-1`` of ``source`` with ``ry`` rows and
    ``rx`` columns of border (``mode`` as in :func:`border_index`) around them, as a new array."""
    height, width = source.shape[:2]
    row_bytes = max(1, source[:1].nbytes)
    rows = min(height, max(BAND_BYTES // row_bytes, 4 * ry, 1))
    columns = border_index(np.arange(-rx, width + rx), width, mode)
    for top in range(0, height, rows):
        bottom = min(height, top + rows)
        band = np.empty((bottom - top + 2 * ry, width + 2 * rx) + source.shape[2:], source.dtype)
        inner = band[:, rx : rx + width]
        first, last = top - ry, bottom + ry
        if first >= 0 and last <= height:
            inner[...] = source[first:last]
        else:
            inner[...] = source[border_index(np.arange(first, last), height, mode)]
        if rx:
            band[:, :rx] = inner[:, columns[:rx]]
            band[:, rx + width :] = inner[:, columns[rx + width :]]
        yield top, bottom, band


def _median_of_three(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    return np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))


def _float32(image: np.ndarray) -> np.ndarray:
    source = np.asarray(image)
    if source.dtype != np.float32:
        raise TypeError(f"expected a float32 image, got {source.dtype}")
    if source.ndim not in (2, 3) or math.prod(source.shape[:2]) == 0:
        raise ValueError(f"expected a non-empty HxW or HxWxC image, got shape {source.shape}")
    return source
