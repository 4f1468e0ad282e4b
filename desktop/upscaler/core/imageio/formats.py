"""What can be written where: output formats, their size and alpha limits, encoder settings.

Everything here is checked from sizes and names alone, so a job that cannot be saved is refused
before the network runs, not after.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from upscaler.core.errors import ImageWriteError
from upscaler.core.messages import text as _text

WRITE_FORMATS = ("PNG", "JPEG", "WEBP", "TIFF", "BMP")
EXTENSIONS = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".jpe": "JPEG",
    ".jfif": "JPEG",
    ".webp": "WEBP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".bmp": "BMP",
}
_FORMAT_NAMES = {"JPG": "JPEG", "TIF": "TIFF"}
#: Largest side each encoder can store (JPEG's 16-bit header fields, libwebp's 14 bits).
MAX_SIDE = {"JPEG": 65500, "WEBP": 16383, "PNG": 2**31 - 1, "TIFF": 2**32 - 1, "BMP": 2**31 - 1}
#: Format names as people write them.
DISPLAY_NAMES = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP", "TIFF": "TIFF", "BMP": "BMP"}
SUBSAMPLINGS = ("4:4:4", "4:2:2", "4:2:0")
#: Formats that cannot store alpha: transparency is flattened onto a chosen colour or refused.
NO_ALPHA = ("JPEG", "BMP")


@dataclass(frozen=True)
class WriteOptions:
    """Encoder settings; the defaults favour fidelity over size."""

    format: str | None = None  # None: from the file extension
    jpeg_quality: int = 95
    jpeg_subsampling: str = "4:4:4"
    webp_lossless: bool = True
    webp_quality: int = 90  # lossy quality; for lossless WebP it is the compression effort
    png_compress_level: int = 6
    tiff_compression: str = "zlib"  # "zlib" or "none"
    #: RGB colour to flatten transparency onto for JPEG; None refuses to drop transparency.
    background: tuple[int, int, int] | None = None
    keep_metadata: bool = True


def output_format(path: str | Path, options: WriteOptions | None = None) -> str:
    """The format to write: the explicit option, else the extension."""
    if options is not None and options.format:
        name = options.format.strip().upper().lstrip(".")
        name = _FORMAT_NAMES.get(name, name)
        if name not in WRITE_FORMATS:
            raise ImageWriteError(
                _text(
                    "cannot write {format!r} files (choose one of {formats})",
                    format=options.format,
                    formats=", ".join(WRITE_FORMATS),
                ),
                path,
            )
        return name
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        known = ", ".join(sorted(EXTENSIONS))
        raise ImageWriteError(
            _text(
                "cannot tell the output format from the extension {suffix!r} (use one of {known})",
                suffix=suffix or "(none)",
                known=known,
            ),
            path,
        )
    return EXTENSIONS[suffix]


def check_output_size(
    path_or_format: str | Path,
    width: int,
    height: int,
    *,
    options: WriteOptions | None = None,
    transparent: bool = False,
) -> None:
    """Refuse, before any work is done, an output the chosen format cannot store."""
    text = str(path_or_format)
    as_name = _FORMAT_NAMES.get(text.upper(), text.upper())
    if as_name in WRITE_FORMATS and (options is None or not options.format):
        fmt, path = as_name, None
    else:
        fmt, path = output_format(path_or_format, options), Path(path_or_format)
    limit = MAX_SIDE[fmt]
    if width < 1 or height < 1:
        raise ImageWriteError(
            _text("cannot write an empty image ({width} x {height})", width=width, height=height),
            path,
        )
    if max(width, height) > limit:
        name = DISPLAY_NAMES[fmt]
        raise ImageWriteError(
            _text(
                "{name} images can be at most {limit} pixels a side; the result would be {width} x "
                "{height}. Choose PNG or TIFF, or a smaller scale",
                name=name,
                limit=limit,
                width=width,
                height=height,
            ),
            path,
        )
    if fmt in NO_ALPHA and transparent and (options is None or options.background is None):
        raise alpha_error(fmt, path)


def alpha_error(fmt: str, path: Path | None) -> ImageWriteError:
    name = DISPLAY_NAMES[fmt]
    return ImageWriteError(
        _text(
            "the image has transparency, which {name} cannot store; save as PNG, WebP or TIFF, or "
            "choose a background colour to flatten it onto",
            name=name,
        ),
        path,
    )
