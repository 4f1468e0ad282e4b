"""Faithful, safe image reading and atomic writing: the public face of the image I/O modules.

Reading keeps what a file means (EXIF orientation applied, ICC profile, EXIF, alpha, 16-bit depth)
and fails with one clear :class:`ImageReadError`; writing never damages a file on disk.
"""

from __future__ import annotations

from upscaler.core.imageio_read import (
    DEFAULT_MAX_PIXELS,
    READ_FORMATS,
    ImageProbe,
    LoadedImage,
    decode_bytes,
    probe_bytes,
    probe_image,
    read_image,
)
from upscaler.core.imageio_write import (
    EXTENSIONS,
    MAX_SIDE,
    WRITE_FORMATS,
    WriteOptions,
    check_output_size,
    encode_image,
    output_format,
    write_image,
)

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "EXTENSIONS",
    "MAX_SIDE",
    "READ_FORMATS",
    "WRITE_FORMATS",
    "ImageProbe",
    "LoadedImage",
    "WriteOptions",
    "check_output_size",
    "decode_bytes",
    "encode_image",
    "output_format",
    "probe_bytes",
    "probe_image",
    "read_image",
    "write_image",
]
