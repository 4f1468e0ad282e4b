"""16-bit PNG (and some TIFF) decoding through FFmpeg (PyAV), which the video path already ships.

Pillow reads 16-bit RGB(A) PNG and TIFF as 8-bit, which would throw away what a 16-bit file is
for. FFmpeg's PNG decoder keeps every bit (all filters, interlacing, tRNS), so the program needs
no OpenCV for it. Its TIFF decoder is right for strips (LZW, PackBits, chunky or planar) but not
for tiles: ``deep_tiff`` decides which TIFFs come here. The frame's planes are read as they are:
no pixel-format conversion touches the values.
"""

from __future__ import annotations

import io
from typing import NamedTuple

import numpy as np


class DeepDecodeError(Exception):
    """FFmpeg could not decode the data, or decoded it to a layout the program does not read."""


class _Layout(NamedTuple):
    dtype: str
    channels: int
    planar: bool


#: FFmpeg pixel formats its PNG/TIFF decoders give for 16-bit and float pictures. Packed ones
#: are in RGB(A) order, planar ones in G, B, R(, A) order.
_LAYOUTS = {
    "gray16be": _Layout(">u2", 1, False),
    "gray16le": _Layout("<u2", 1, False),
    "ya16be": _Layout(">u2", 2, False),
    "ya16le": _Layout("<u2", 2, False),
    "rgb48be": _Layout(">u2", 3, False),
    "rgb48le": _Layout("<u2", 3, False),
    "rgba64be": _Layout(">u2", 4, False),
    "rgba64le": _Layout("<u2", 4, False),
    "gbrp16be": _Layout(">u2", 3, True),
    "gbrp16le": _Layout("<u2", 3, True),
    "gbrap16be": _Layout(">u2", 4, True),
    "gbrap16le": _Layout("<u2", 4, True),
    "grayf32le": _Layout("<f4", 1, False),
    "grayf32be": _Layout(">f4", 1, False),
    "rgbf32le": _Layout("<f4", 3, False),
    "rgbf32be": _Layout(">f4", 3, False),
    "rgbaf32le": _Layout("<f4", 4, False),
    "rgbaf32be": _Layout(">f4", 4, False),
    "gbrpf32le": _Layout("<f4", 3, True),
    "gbrpf32be": _Layout(">f4", 3, True),
    "gbrapf32le": _Layout("<f4", 4, True),
    "gbrapf32be": _Layout(">f4", 4, True),
}


def decode_deep(data: bytes, container: str) -> np.ndarray:
    """The first picture of PNG (``container`` "png") or TIFF ("tiff") ``data``: gray (H x W),
    gray + alpha (H x W x 2) or BGR(A), as uint16 or float32 in native byte order."""
    import av  # only pictures of over 8 bits need it; PyAV leaves FFmpeg's logging off

    try:
        with av.open(io.BytesIO(data), "r", format=f"{container}_pipe") as source:
            frame = next(source.decode(video=0))
            name, width, height = frame.format.name, frame.width, frame.height
            planes = [bytes(plane) for plane in frame.planes]
            strides = [plane.line_size for plane in frame.planes]
    except (av.error.FFmpegError, StopIteration, ValueError) as err:
        raise DeepDecodeError(str(err) or type(err).__name__) from None
    layout = _LAYOUTS.get(name)
    if layout is None:
        raise DeepDecodeError(f"FFmpeg decoded it as {name}, which the program does not read")
    itemsize = np.dtype(layout.dtype).itemsize
    if layout.planar:
        values = [
            _rows(p, s, height, width, layout.dtype, itemsize)
            for p, s in zip(planes, strides, strict=True)
        ]
        order = [1, 0, 2, 3][: layout.channels]  # G B R (A) -> B G R (A)
        pixels = np.stack([values[i] for i in order], axis=2)
    else:
        packed = _rows(
            planes[0], strides[0], height, width * layout.channels, layout.dtype, itemsize
        )
        pixels = packed.reshape(height, width, layout.channels)
        if layout.channels >= 3:
            pixels = pixels[:, :, [2, 1, 0, 3][: layout.channels]]
        elif layout.channels == 1:
            pixels = pixels[:, :, 0]
    native = pixels.dtype.newbyteorder("=")
    return np.ascontiguousarray(pixels, dtype=native)


def _rows(
    data: bytes, stride: int, height: int, values: int, dtype: str, itemsize: int
) -> np.ndarray:
    """One plane's ``height`` rows of ``values`` samples, without the padding at each row end."""
    buffer = np.frombuffer(data, dtype=np.uint8)[: stride * height].reshape(height, stride)
    return buffer[:, : values * itemsize].copy().view(dtype)
