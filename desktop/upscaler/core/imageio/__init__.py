"""Faithful, safe image reading and atomic writing: the public face of the image I/O modules.

``imageio_probe`` (header, limits), ``imageio_read`` (decoding), ``imageio_formats`` (what can be
written where), ``imageio_encode`` (pixels to bytes) and ``imageio_write`` (the atomic write), with
``metadata`` for EXIF/ICC/PNG chunks. Import from here.

Reading keeps what a file means (EXIF orientation applied, ICC profile, EXIF, alpha, 16-bit depth)
and fails with one clear :class:`ImageReadError`; writing never damages a file on disk.
"""

from __future__ import annotations

from upscaler.core.imageio.encode import encode_image
from upscaler.core.imageio.formats import (
    EXTENSIONS,
    MAX_SIDE,
    NO_ALPHA,
    WRITE_FORMATS,
    WriteOptions,
    check_output_size,
    output_format,
)
from upscaler.core.imageio.probe import (
    DEFAULT_MAX_PIXELS,
    READ_FORMATS,
    ImageProbe,
    probe_bytes,
    probe_image,
)
from upscaler.core.imageio.read import LoadedImage, decode_bytes, read_image
from upscaler.core.imageio.write import write_image

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "EXTENSIONS",
    "MAX_SIDE",
    "NO_ALPHA",
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
