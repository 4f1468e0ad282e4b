"""TIFF samples packed in 9 to 15 bits (scientific and camera TIFFs: 10, 12, 14 bits).

tifffile unpacks them only with the 30 MB ``imagecodecs`` library, and FFmpeg refuses them. In
strips, uncompressed or Deflate, the format is simple enough to read here: each row starts on a
byte, and samples follow most significant bit first. (libtiff writes no predictor for such
samples, so none is read.) The values are widened to 16 bits by repeating their top bits
(12-bit 4095 becomes 65535), so white stays white.
"""

from __future__ import annotations

import math
import zlib
from typing import Any

import numpy as np

#: Compressions read here: none, Deflate (Adobe and old).
COMPRESSIONS = (1, 8, 32946)


def readable(page: Any) -> bool:
    """Whether :func:`unpack` reads ``page`` (a tifffile page)."""
    return (
        9 <= int(page.bitspersample) <= 15
        and not page.is_tiled
        and int(page.compression) in COMPRESSIONS
        and int(page.fillorder) == 1
        and int(page.predictor) == 1
        and page.dtype is not None
        and page.dtype.kind == "u"
    )


def unpack(page: Any, data: bytes) -> np.ndarray:
    """The page's samples as uint16: H x W (one sample), H x W x S (chunky) or S x H x W
    (planar), as tifffile lays them out. ``data`` is the whole file."""
    bits = int(page.bitspersample)
    height, width = int(page.imagelength), int(page.imagewidth)
    samples = int(page.samplesperpixel)
    planar = int(page.planarconfig) == 2 and samples > 1
    planes = samples if planar else 1
    per_row = width if planar else width * samples
    row_bytes = (per_row * bits + 7) // 8
    rows_per_strip = min(int(page.rowsperstrip) or height, height)
    strips_per_plane = math.ceil(height / rows_per_strip)
    out = np.empty((planes, height, per_row), dtype=np.uint16)
    offsets, counts = page.dataoffsets, page.databytecounts
    if len(offsets) < planes * strips_per_plane:
        raise ValueError("the TIFF has fewer strips than its size needs")
    for index in range(planes * strips_per_plane):
        plane, strip = divmod(index, strips_per_plane)
        raw = data[offsets[index] : offsets[index] + counts[index]]
        if int(page.compression) != 1:
            raw = zlib.decompress(raw)
        top = strip * rows_per_strip
        rows = min(rows_per_strip, height - top)
        packed = np.frombuffer(raw, dtype=np.uint8)
        if packed.size < rows * row_bytes:
            raise ValueError("a TIFF strip ends early")
        out[plane, top : top + rows] = _values(packed[: rows * row_bytes], rows, per_row, bits)
    wide = (out << (16 - bits)) | (out >> (2 * bits - 16))
    if planar:
        return wide
    shaped = wide.reshape(height, width, samples)
    return shaped[:, :, 0] if samples == 1 else shaped


def _values(packed: np.ndarray, rows: int, per_row: int, bits: int) -> np.ndarray:
    """``rows`` byte-aligned rows of ``per_row`` big-endian ``bits``-bit unsigned integers."""
    stream = np.unpackbits(packed.reshape(rows, -1), axis=1)[:, : per_row * bits]
    weights = (1 << np.arange(bits - 1, -1, -1)).astype(np.uint16)
    return (stream.reshape(rows, per_row, bits) * weights).sum(axis=2, dtype=np.uint16)
