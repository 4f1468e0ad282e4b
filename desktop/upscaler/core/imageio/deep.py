"""16-bit PNG (and some TIFF) decoding through FFmpeg (PyAV), which the video path already ships.

Pillow reads 16-bit RGB(A) PNG and TIFF as 8-bit, which would throw away what a 16-bit file is
for. FFmpeg's PNG decoder keeps every bit (all filters, interlacing, tRNS), so the program needs
no OpenCV for it. Its TIFF decoder is right for strips (LZW, PackBits, chunky or planar) but not
for tiles: ``deep_tiff`` decides which TIFFs come here. The frame's planes are read as they are:
no pixel-format conversion touches the values.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from upscaler.core.imageops.channels import swap_red_blue

if TYPE_CHECKING:
    from av.video.frame import VideoFrame
    from av.video.plane import VideoPlane


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
            layout = _LAYOUTS.get(frame.format.name)
            if layout is None:
                name = frame.format.name
                raise DeepDecodeError(
                    f"FFmpeg decoded it as {name}, which the program does not read"
                )
            return _copied(frame, layout)  # while the frame's planes are alive
    except (av.error.FFmpegError, StopIteration, ValueError) as err:
        raise DeepDecodeError(str(err) or type(err).__name__) from None


def _copied(frame: VideoFrame, layout: _Layout) -> np.ndarray:
    """The frame's samples in core order and native byte order: one copy, straight from
    FFmpeg's planes (a 12-megapixel 16-bit picture is 72 MB; no intermediate copies)."""
    height, width = frame.height, frame.width
    count = layout.channels
    out = np.empty((height, width, count), dtype=np.dtype(layout.dtype).newbyteorder("="))
    if layout.planar:
        order = [1, 0, 2, 3][:count]  # planes G B R (A) -> B G R (A)
        for channel, plane in zip(range(count), order, strict=True):
            out[:, :, channel] = _rows(frame.planes[plane], height, width, layout.dtype)
    else:
        packed = _rows(frame.planes[0], height, width * count, layout.dtype)
        packed = packed.reshape(height, width, count)
        if count >= 3:
            swap_red_blue(packed, out)  # RGB(A) -> BGR(A) and to native byte order, one copy
        else:
            out[:] = packed
    return out[:, :, 0] if count == 1 else out


def _rows(plane: VideoPlane, height: int, values: int, dtype: str) -> np.ndarray:
    """A view of one plane's ``height`` rows of ``values`` samples, without each row's padding."""
    buffer = np.frombuffer(memoryview(plane), dtype=np.uint8)[: plane.line_size * height]
    rows = buffer.reshape(height, plane.line_size)[:, : values * np.dtype(dtype).itemsize]
    return rows.view(dtype) if rows.flags.c_contiguous else rows.copy().view(dtype)
