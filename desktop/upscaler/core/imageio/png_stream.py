"""Writing a PNG band by band, so a save can report its progress and stop when asked.

OpenCV's and Pillow's PNG encoders run in one C call: a 50-megapixel result at compression 9
takes 15 s or more, during which a cancel is ignored and the progress bar stands still. Here the
rows are filtered with numpy (each row gets the filter libpng's adaptive heuristic would pick: the
smallest sum of absolute values) and compressed by zlib, a band of rows at a time, straight into
the output file; between bands the cancel event is checked and progress reported. The result is
a standard PNG (8 or 16 bits; gray, RGB or RGBA) of about the size libpng writes.
"""

from __future__ import annotations

import struct
import threading
import zlib
from collections.abc import Callable, Sequence
from typing import BinaryIO

import numpy as np

from upscaler.core.errors import Cancelled
from upscaler.core.imageio import metadata as md
from upscaler.core.imageops.channels import swap_red_blue

ProgressFn = Callable[[int, int], None]

#: Raw bytes filtered and compressed per step: about 6 MB of numpy temporaries (the memory
#: estimate counts on little beyond the output image), and a progress step (and a chance to
#: cancel) every few hundredths of a second.
BAND_BYTES = 256 << 10
#: PNG colour types by channel count: gray, RGB (from BGR), RGBA (from BGRA).
_COLOUR_TYPE = {1: 0, 3: 2, 4: 6}


def write_png(
    sink: BinaryIO,
    pixels: np.ndarray,
    *,
    level: int = 6,
    chunks: Sequence[tuple[bytes, bytes]] = (),
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Write ``pixels`` (core layout: gray, BGR or BGRA; uint8 or uint16) as a PNG to ``sink``.

    ``chunks`` (kind, payload) go before the image data (iCCP, eXIf). ``progress(rows done,
    rows)`` follows the rows; a set ``cancel`` raises :class:`Cancelled` between bands, leaving
    whatever was written to the caller to discard.
    """
    height, width = pixels.shape[:2]
    channels = 1 if pixels.ndim == 2 else pixels.shape[2]
    depth = 16 if pixels.dtype == np.uint16 else 8
    bpp = channels * depth // 8  # bytes per pixel: the filters' distance to the left neighbour
    header = struct.pack(">IIBBBBB", width, height, depth, _COLOUR_TYPE[channels], 0, 0, 0)
    sink.write(md.PNG_SIGNATURE + md.png_chunk(b"IHDR", header))
    for kind, payload in chunks:
        sink.write(md.png_chunk(kind, payload))
    compressor = zlib.compressobj(level, zlib.DEFLATED, 15, 9)
    band_rows = max(1, BAND_BYTES // max(1, width * bpp))
    previous = np.zeros(width * bpp, np.uint8)
    for top in range(0, height, band_rows):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        rows = _png_rows(pixels[top : top + band_rows], channels)
        if level == 0:  # stored, not compressed (the clipboard's choice): filters cannot help
            filtered = np.pad(rows, ((0, 0), (1, 0))).tobytes()  # filter type 0 on every row
        else:
            filtered = _filtered(rows, previous, bpp)
        data = compressor.compress(filtered)
        if data:
            sink.write(md.png_chunk(b"IDAT", data))
        previous = rows[-1]
        if progress is not None:
            progress(min(top + band_rows, height), height)
    sink.write(md.png_chunk(b"IDAT", compressor.flush()) + md.png_chunk(b"IEND", b""))


def _png_rows(band: np.ndarray, channels: int) -> np.ndarray:
    """A band as PNG rows of bytes: RGB(A) order, 16-bit samples big-endian."""
    if channels in (3, 4):
        band = swap_red_blue(band)
    if band.dtype == np.uint16:
        band = band.astype(">u2")
    band = np.ascontiguousarray(band)
    return band.view(np.uint8).reshape(band.shape[0], -1)


def _filtered(rows: np.ndarray, previous: np.ndarray, bpp: int) -> bytes:
    """Each row with the filter byte and filtered bytes of the filter (None, Sub, Up, Average,
    Paeth) whose output has the smallest sum of absolute values as signed bytes."""
    x = rows.astype(np.int16)
    up = np.empty_like(x)
    up[0] = previous
    up[1:] = x[:-1]
    left = np.zeros_like(x)
    left[:, bpp:] = x[:, :-bpp]
    upper_left = np.zeros_like(x)
    upper_left[:, bpp:] = up[:, :-bpp]
    guess = left + up - upper_left
    to_left, to_up, to_corner = (np.abs(guess - n) for n in (left, up, upper_left))
    paeth = np.where(
        (to_left <= to_up) & (to_left <= to_corner),
        left,
        np.where(to_up <= to_corner, up, upper_left),
    )
    filters = (x, x - left, x - up, x - ((left + up) >> 1), x - paeth)
    out = np.empty((rows.shape[0], rows.shape[1] + 1), np.uint8)
    best_cost = np.full(rows.shape[0], np.iinfo(np.int64).max)
    for kind, values in enumerate(filters):
        candidate = (values & 0xFF).astype(np.uint8)
        cost = np.abs(candidate.view(np.int8), dtype=np.int16).sum(axis=1, dtype=np.int64)
        better = cost < best_cost  # ties keep the earlier (simpler) filter, as libpng does
        best_cost[better] = cost[better]
        out[better, 0] = kind
        out[better, 1:] = candidate[better]
    return out.tobytes()
