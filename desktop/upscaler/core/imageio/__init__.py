"""Faithful, safe image reading and atomic writing: the public face of the image I/O modules.

``formats`` (the format registry: one ``Format`` record per format, and what can be written
where), ``probe`` (header, limits), ``read`` (decoding), ``encode`` (pixels to bytes),
``png_stream`` (PNG band by band) and ``write`` (the atomic write), with ``metadata`` for
EXIF/ICC/PNG chunks. Import from here.

Reading keeps what a file means (EXIF orientation applied, ICC profile, EXIF, alpha, 16-bit depth)
and fails with one clear :class:`ImageReadError`; writing never damages a file on disk.
"""

from __future__ import annotations

from upscaler.core.imageio.encode import encode_image
from upscaler.core.imageio.formats import (
    EXTENSIONS,
    FALLBACK_FORMAT,
    FORMAT_CHOICES,
    FORMATS,
    IMAGE_SUFFIXES,
    MAX_SIDE,
    NO_ALPHA,
    READ_FORMATS,
    WRITE_FORMATS,
    Format,
    WriteOptions,
    check_output_size,
    format_named,
    format_of_path,
    get_format,
    output_format,
)
from upscaler.core.imageio.probe import (
    DEFAULT_MAX_PIXELS,
    ImageProbe,
    probe_bytes,
    probe_image,
)
from upscaler.core.imageio.read import LoadedImage, decode_bytes, read_image
from upscaler.core.imageio.write import write_image

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "EXTENSIONS",
    "FALLBACK_FORMAT",
    "FORMATS",
    "FORMAT_CHOICES",
    "IMAGE_SUFFIXES",
    "MAX_SIDE",
    "NO_ALPHA",
    "READ_FORMATS",
    "WRITE_FORMATS",
    "Format",
    "ImageProbe",
    "LoadedImage",
    "WriteOptions",
    "check_output_size",
    "decode_bytes",
    "encode_image",
    "format_named",
    "format_of_path",
    "get_format",
    "output_format",
    "probe_bytes",
    "probe_image",
    "read_image",
    "write_image",
]
