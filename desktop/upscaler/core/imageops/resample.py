"""Resizing with OpenCV's ``cv2.resize`` conventions, in NumPy.

Results must match OpenCV's: the mirrored ESPCN/FSRCNN/LapSRN models are checked bit for bit
against ``cv2.dnn_superres``, and the bicubic baseline is what every benchmark compares with. So
this follows OpenCV's pixel-centre mapping, its coefficient formulas in float32, its 11-bit
fixed-point arithmetic for 8-bit images and the order in which its vector code adds the taps
(``docs/pitfalls.md`` #33). The tests compare the two on many sizes.

Separable: a horizontal pass into a wider intermediate (int32 for 8-bit, float32 otherwise), then
a vertical pass, one band of output rows at a time so a 48-megapixel result never needs more
than a few hundred megabytes of intermediates.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum

import numpy as np

#: OpenCV's fixed-point scale for 8-bit coefficients (``INTER_RESIZE_COEF_BITS``).
_COEF_BITS = 11
_COEF_SCALE = 1 << _COEF_BITS

#: Output values (rows x width x channels) per band.
_BAND_VALUES = 1 << 20
#: Threads the bands are spread over.
_WORKERS = max(1, min(4, os.cpu_count() or 1))


class Interpolation(Enum):
    """The kernels the program uses, named as OpenCV names them."""

    LINEAR = "linear"
    CUBIC = "cubic"
    LANCZOS4 = "lanczos4"
    AREA = "area"


_TAPS = {Interpolation.LINEAR: 2, Interpolation.CUBIC: 4, Interpolation.LANCZOS4: 8}
#: Input pixels each kernel reads beyond the one under an output pixel, on each side.
CONTEXT = {Interpolation.LINEAR: 1, Interpolation.CUBIC: 2, Interpolation.LANCZOS4: 4}


def resize(pixels: np.ndarray, width: int, height: int, kind: Interpolation) -> np.ndarray:
    """``pixels`` (H x W or H x W x C; uint8, uint16 or float32) at ``width`` x ``height``,
    like ``cv2.resize(pixels, (width, height), interpolation=kind)``, keeping a 1-channel axis."""
    src_h, src_w = pixels.shape[:2]
    if width < 1 or height < 1 or src_w < 1 or src_h < 1:
        raise ValueError(f"cannot resize {src_w}x{src_h} to {width}x{height}")
    if pixels.dtype not in (np.uint8, np.uint16, np.float32):
        raise TypeError(f"resize takes uint8, uint16 or float32, not {pixels.dtype}")
    flat = pixels.ndim == 2
    image = pixels[:, :, None] if flat else pixels
    if kind is Interpolation.LINEAR and (src_w, src_h) == (2 * width, 2 * height):
        kind = Interpolation.AREA  # OpenCV's rule: the same pixels, faster
    if (width, height) == (src_w, src_h):
        out = image.copy()
    elif kind is Interpolation.AREA and width <= src_w and height <= src_h:
        out = _area(image, width, height)
    else:
        out = _separable(image, width, height, kind)
    return out[:, :, 0] if flat else out


# -- coefficients ------------------------------------------------------------------------------


def cubic_taps(x: np.ndarray) -> np.ndarray:
    """OpenCV's ``interpolateCubic`` (A = -0.75), in float32 as it computes it: the four tap
    weights (one row each) for the fractional positions ``x`` (float32). ``warp`` uses them too."""
    a = np.float32(-0.75)
    one = np.float32(1.0)
    x1 = x + one
    c0 = ((a * x1 - np.float32(5.0) * a) * x1 + np.float32(8.0) * a) * x1 - np.float32(4.0) * a
    c1 = ((a + np.float32(2.0)) * x - (a + np.float32(3.0))) * x * x + one
    rest = one - x
    c2 = ((a + np.float32(2.0)) * rest - (a + np.float32(3.0))) * rest * rest + one
    c3 = one - c0 - c1 - c2
    return np.stack([c0, c1, c2, c3], axis=1)


_S45 = 0.70710678118654752440084436210485
_LANCZOS_CS = (
    (1, 0),
    (-_S45, -_S45),
    (0, 1),
    (_S45, -_S45),
    (-1, 0),
    (_S45, _S45),
    (0, -1),
    (-_S45, _S45),
)


def _lanczos4(x: np.ndarray) -> np.ndarray:
    """OpenCV's ``interpolateLanczos4``: double-precision sines, normalised in float32. Computed
    once per distinct fraction (a whole-number factor has only a few), not per output pixel."""
    fractions, which = np.unique(x.astype(np.float32), return_inverse=True)
    out = np.zeros((fractions.size, 8), dtype=np.float32)
    for row, value in enumerate(fractions):
        if value < np.finfo(np.float32).eps:
            out[row, 3] = 1.0
            continue
        # ``x + 3 - i`` is float arithmetic in OpenCV's C++; only the products are double
        y0 = -float(value + np.float32(3)) * math.pi * 0.25
        s0, c0 = math.sin(y0), math.cos(y0)
        total = np.float32(0.0)
        for i, (cs0, cs1) in enumerate(_LANCZOS_CS):
            y = -float(value + np.float32(3) - np.float32(i)) * math.pi * 0.25
            out[row, i] = np.float32((cs0 * s0 + cs1 * c0) / (y * y))
            total = np.float32(total + out[row, i])
        out[row] *= np.float32(1.0) / total
    return out[which.reshape(-1)]


def _taps(
    out_size: int, in_size: int, kind: Interpolation, *, across: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Source indices (clamped to the edge: OpenCV replicates it) and float32 weights, one row
    per output pixel, computed as ``cv::resize`` computes ``xofs``/``alpha`` (``across``) or
    ``yofs``/``beta``: only the horizontal bilinear taps are moved off the edge."""
    scale = 1.0 / (out_size / in_size)
    taps = _TAPS[kind] if kind is not Interpolation.AREA else 2
    dst = np.arange(out_size, dtype=np.float64)
    if kind is Interpolation.AREA:  # OpenCV's "area" when enlarging: a bilinear variant
        start = np.floor(dst * scale).astype(np.int64)
        frac = ((dst + 1) - (start + 1) * (1.0 / scale)).astype(np.float32)
        frac = np.where(frac <= 0, np.float32(0.0), frac - np.floor(frac)).astype(np.float32)
    else:
        pos = ((dst + 0.5) * scale - 0.5).astype(np.float32)
        start = np.floor(pos).astype(np.int64)
        frac = (pos - start.astype(np.float32)).astype(np.float32)
    if taps == 2 and across:  # the edge pixel itself, not a blend with a replicated copy
        low, high = start < 0, start >= in_size - 1
        frac[low | high] = 0.0
        start = np.where(low, 0, np.where(high, in_size - 1, start))
    if taps == 2:
        weights = np.stack([np.float32(1.0) - frac, frac], axis=1)
    elif kind is Interpolation.CUBIC:
        weights = cubic_taps(frac)
    else:
        weights = _lanczos4(frac)
    first = start - (taps // 2 - 1)
    index = np.clip(first[:, None] + np.arange(taps), 0, in_size - 1)
    return index, weights.astype(np.float32)


# -- separable interpolation -------------------------------------------------------------------


def _separable(image: np.ndarray, width: int, height: int, kind: Interpolation) -> np.ndarray:
    src_h, src_w, channels = image.shape
    x_index, x_weights = _taps(width, src_w, kind, across=True)
    y_index, y_weights = _taps(height, src_h, kind, across=False)
    fixed = image.dtype == np.uint8
    if fixed:
        x_coef: np.ndarray = np.rint(x_weights * np.float32(_COEF_SCALE)).astype(np.int32)
        y_coef: np.ndarray = np.rint(y_weights * np.float32(_COEF_SCALE)).astype(np.int32)
    else:
        x_coef, y_coef = x_weights, y_weights
    x_groups = _groups(x_index, x_coef, _whole_factor(width, src_w))
    y_step = _whole_factor(height, src_h)
    out = np.empty((height, width, channels), dtype=image.dtype)

    def fill(rows: slice) -> None:
        low, high = int(y_index[rows].min()), int(y_index[rows].max()) + 1
        across = _horizontal(image[low:high], x_groups, width, fixed)
        y_groups = _groups(y_index[rows] - low, y_coef[rows], y_step)
        out[rows] = _vertical(across, y_groups, image.dtype, kind)

    _in_bands(height, width * channels, fill)
    return out


def _in_bands(height: int, row_values: int, fill: Callable[[slice], None]) -> None:
    """``fill`` each band of output rows, the bands spread over the cores: NumPy lets go of the
    interpreter lock in its array loops, and each band writes its own rows."""
    band = max(1, _BAND_VALUES // max(1, row_values))
    bands = [slice(top, min(height, top + band)) for top in range(0, height, band)]
    if len(bands) == 1 or _WORKERS == 1:
        for rows in bands:
            fill(rows)
        return
    with ThreadPoolExecutor(max_workers=min(_WORKERS, len(bands))) as pool:
        for _done in pool.map(fill, bands):  # re-raises a band's exception here
            pass


def _whole_factor(out_size: int, in_size: int) -> int | None:
    return out_size // in_size if out_size > in_size and out_size % in_size == 0 else None


@dataclass(frozen=True)
class _Group:
    """Output positions ``where`` (a strided slice or an index array) and how to read their
    taps: ``first`` set, a run whose k-th tap reads the consecutive source positions from
    ``first + k`` (slices of the source, one set of weights); else one source position per
    output and tap, gathered (``index``). ``coef``: weights per output position and tap."""

    where: slice | np.ndarray
    coef: np.ndarray
    first: int | None = None
    index: np.ndarray | None = None

    def tap(self, source: np.ndarray, k: int, axis: int) -> np.ndarray:
        if self.first is not None:
            span = slice(self.first + k, self.first + k + len(self.coef))
            return source[:, span] if axis == 1 else source[span]
        assert self.index is not None
        return source[:, self.index[:, k]] if axis == 1 else source[self.index[:, k]]


def _groups(index: np.ndarray, coef: np.ndarray, step: int | None) -> list[_Group]:
    """The output positions as runs read by slicing where a whole-number enlargement repeats
    the same weights every ``step`` pixels (all but the few outputs near the edges, whose taps
    are clamped), the rest gathered one by one. Same arithmetic either way; slicing is faster."""
    count, taps = index.shape
    covered = np.zeros(count, dtype=bool)
    groups: list[_Group] = []
    stride = step or 0
    for phase in range(stride):
        positions = np.arange(phase, count, stride)
        if len(positions) < 3:
            continue
        middle = positions[len(positions) // 2]
        weights = coef[middle]
        offset = index[positions, 0] - np.arange(len(positions))
        good = (
            (index[positions] == index[positions, :1] + np.arange(taps)).all(axis=1)
            & (coef[positions] == weights).all(axis=1)
            & (offset == offset[len(positions) // 2])
        )
        inside = np.flatnonzero(good)
        if inside.size == 0:
            continue
        low, high = int(inside[0]), int(inside[-1]) + 1
        if high - low < 2 or not good[low:high].all():
            continue
        start = int(positions[low])
        where = slice(start, start + stride * (high - low - 1) + 1, stride)
        covered[where] = True
        block = np.broadcast_to(weights, (high - low, taps))
        groups.append(_Group(where, block, first=int(index[start, 0])))
    rest = np.flatnonzero(~covered)
    if rest.size:
        groups.append(_Group(rest, coef[rest], index=index[rest]))
    return groups


def _horizontal(rows: np.ndarray, groups: list[_Group], width: int, fixed: bool) -> np.ndarray:
    """Each output column from its taps, summed left to right as OpenCV's horizontal loops do."""
    work = np.int32 if fixed else np.float32
    values = rows.astype(work)  # once, not per tap
    out = np.empty((rows.shape[0], width, rows.shape[2]), dtype=work)
    for group in groups:
        acc = group.tap(values, 0, 1) * group.coef[None, :, 0, None]
        term = np.empty_like(acc)
        for k in range(1, group.coef.shape[1]):
            np.multiply(group.tap(values, k, 1), group.coef[None, :, k, None], out=term)
            acc += term
        out[:, group.where] = acc
    return out


def _vertical(
    across: np.ndarray, groups: list[_Group], dtype: np.dtype, kind: Interpolation
) -> np.ndarray:
    """Each output row from its taps' intermediate rows, rounded as OpenCV's vertical code does:
    its vector body and its scalar tail add in different orders, and for 8-bit the body works in
    float32 while the tail stays in integers."""
    width, channels = across.shape[1], across.shape[2]
    length = width * channels
    flat = across.reshape(across.shape[0], length)
    body = length - length % _vector_step(dtype) if _vectorised(dtype, kind) else 0
    rows = sum(len(group.coef) for group in groups)
    taps = groups[0].coef.shape[1] if groups else 0
    out = np.empty((rows, length), dtype=dtype)
    for part, vector in ((slice(0, body), True), (slice(body, length), False)):
        if part.start == part.stop:
            continue
        columns = flat[:, part]
        if dtype == np.uint8 and taps > 2:  # once, not per tap
            columns = columns.astype(np.float32 if vector else _integer_sums(columns, groups))
        for group in groups:

            def tap(k: int, group: _Group = group, columns: np.ndarray = columns) -> np.ndarray:
                return group.tap(columns, k, 0)

            if dtype == np.uint8:
                out[group.where, part] = _fixed_rows(tap, group.coef, vector)
            else:
                out[group.where, part] = _float_rows(tap, group.coef, vector, dtype)
    return out.reshape(rows, width, channels)


def _integer_sums(columns: np.ndarray, groups: list[_Group]) -> type[np.signedinteger]:
    """int32 when no sum of taps can leave it, else int64 (Lanczos taps can, in principle: 255 x
    3512^2 > 2^31; the real bound is checked, since int32 halves the time)."""
    largest = int(np.abs(columns).max(initial=0))
    weight = max(int(np.abs(group.coef).sum(axis=1).max(initial=0)) for group in groups)
    return np.int32 if largest * weight + (1 << 21) < (1 << 31) else np.int64


def _vector_step(dtype: np.dtype) -> int:
    """Values per step of OpenCV's vertical vector loops (128-bit: eight 8/16-bit results, four
    float32 ones); the rest of a row (its tail) goes through the scalar code, which rounds
    differently."""
    return 4 if dtype == np.float32 else 8


def _vectorised(dtype: np.dtype, kind: Interpolation) -> bool:
    """Whether OpenCV's vector loop adds the taps in another order than its scalar code (its
    Lanczos loops add them in the same order)."""
    return kind is not Interpolation.LANCZOS4


def _fixed_rows(tap: Callable[[int], np.ndarray], coef: np.ndarray, vector: bool) -> np.ndarray:
    taps = coef.shape[1]
    if taps == 2:  # VResizeLinear 8u: 16-bit products of the values shifted right by 4
        low = (coef[:, 0, None] * (tap(0) >> 4)) >> 16
        high = (coef[:, 1, None] * (tap(1) >> 4)) >> 16
        return np.clip((low + high + 2) >> 2, 0, 255)
    if vector:  # float32, the last tap first, rounded half to even
        scaled = coef.astype(np.float32) * np.float32(1.0 / (_COEF_SCALE * _COEF_SCALE))
        acc = _sum_last_first(tap, scaled)
        np.rint(acc, out=acc)
        return np.clip(acc, 0, 255, out=acc)
    work = tap(0).dtype  # int32 where the sums cannot overflow it (_integer_sums)
    total = tap(0) * coef[:, 0, None].astype(work)
    term = np.empty_like(total)
    for k in range(1, taps):
        np.multiply(tap(k), coef[:, k, None].astype(work), out=term)
        total += term
    shift = 2 * _COEF_BITS
    return np.clip((total + (1 << (shift - 1))) >> shift, 0, 255)


def _float_rows(
    tap: Callable[[int], np.ndarray], coef: np.ndarray, vector: bool, dtype: np.dtype
) -> np.ndarray:
    taps = coef.shape[1]
    if vector:
        return _cast(_sum_last_first(tap, coef), dtype)
    total = tap(0) * coef[:, 0, None]
    for k in range(1, taps):
        total = total + tap(k) * coef[:, k, None]
    return _cast(total, dtype)


def _sum_last_first(tap: Callable[[int], np.ndarray], coef: np.ndarray) -> np.ndarray:
    """``t0*c0 + (t1*c1 + (... + t_last*c_last))`` in float32, each step rounded: the order of
    OpenCV's vector loops (multiply, then add; no fused multiply-add in its baseline build)."""
    taps = coef.shape[1]
    acc = np.multiply(tap(taps - 1), coef[:, -1, None], dtype=np.float32)
    term = np.empty_like(acc)
    for k in range(taps - 2, -1, -1):
        np.multiply(tap(k), coef[:, k, None], out=term, dtype=np.float32)
        acc += term
    return acc


def _cast(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    if dtype == np.float32:
        return values
    return np.clip(np.rint(values), 0, np.iinfo(dtype).max)


# -- area averaging (shrinking) ----------------------------------------------------------------


def _area(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """OpenCV's ``INTER_AREA`` when shrinking: each output pixel is the mean of the input area
    it covers, partly covered pixels weighted by the part."""
    src_h, src_w, channels = image.shape
    if src_w % width == 0 and src_h % height == 0:
        return _area_whole(image, src_w // width, src_h // height)
    x_index, x_weights = _area_taps(width, src_w)
    y_index, y_weights = _area_taps(height, src_h)
    out = np.empty((height, width, channels), dtype=image.dtype)

    def fill(rows: slice) -> None:
        needed = np.unique(y_index[rows])
        source = image[needed]
        across = np.zeros((len(needed), width, channels), dtype=np.float32)
        for k in range(x_index.shape[1]):  # in OpenCV's order: float32 sums round alike
            across += source[:, x_index[:, k], :].astype(np.float32) * x_weights[None, :, k, None]
        local = np.searchsorted(needed, y_index[rows])
        total = np.zeros((len(local), width, channels), dtype=np.float32)
        for k in range(y_index.shape[1]):
            total += across[local[:, k]] * y_weights[rows][:, k, None, None]
        out[rows] = total if image.dtype == np.float32 else _cast(total, image.dtype)

    _in_bands(height, width * channels, fill)
    return out


def _area_whole(image: np.ndarray, fx: int, fy: int) -> np.ndarray:
    """Whole-number factors: plain block means (OpenCV's ``resizeAreaFast``)."""
    h, w, c = image.shape[0] // fy, image.shape[1] // fx, image.shape[2]
    blocks = image[: h * fy, : w * fx].reshape(h, fy, w, fx, c)
    if image.dtype == np.float32:
        return blocks.sum(axis=(1, 3), dtype=np.float32) * np.float32(1.0 / (fx * fy))
    wide = np.uint64 if fx * fy > 65536 else np.uint32
    total = np.zeros((h, w, c), dtype=wide)
    for dy in range(fy):  # strided adds: several times faster than a sum over reshaped axes
        for dx in range(fx):
            total += image[dy : h * fy : fy, dx : w * fx : fx]
    if (fx, fy) == (2, 2):  # OpenCV's vector code: (sum + 2) >> 2
        return ((total + 2) >> 2).astype(image.dtype)
    mean = total.astype(np.float32) * np.float32(1.0 / (fx * fy))
    return _cast(mean, image.dtype).astype(image.dtype)


def _area_taps(out_size: int, in_size: int) -> tuple[np.ndarray, np.ndarray]:
    """For each output pixel, the input pixels it covers and the covered fraction of each, as
    OpenCV's ``computeResizeAreaTab`` computes them (float32; slivers under 0.001 dropped)."""
    scale = in_size / out_size
    taps = int(math.ceil(scale)) + 1
    index = np.zeros((out_size, taps), dtype=np.int64)
    weights = np.zeros((out_size, taps), dtype=np.float32)
    for dx in range(out_size):
        start = dx * scale
        end = start + scale
        cell = min(scale, in_size - start)
        first, last = math.ceil(start), math.floor(end)
        last = min(last, in_size - 1)
        first = min(first, last)
        entries: list[tuple[int, float]] = []
        if first - start > 1e-3:
            entries.append((first - 1, (first - start) / cell))
        entries += [(sx, 1.0 / cell) for sx in range(first, last)]
        if end - last > 1e-3:
            entries.append((last, min(min(end - last, 1.0), cell) / cell))
        for k, (sx, alpha) in enumerate(entries):
            index[dx, k], weights[dx, k] = sx, alpha
        index[dx, len(entries) :] = entries[-1][0]
    return index, weights
