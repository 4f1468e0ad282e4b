"""The image formats: one :class:`Format` record each, and what can be written where.

Every other place that knows about formats (file extensions, the CLI's ``--format``, the window's
format box and file-dialog filters, encoder dispatch, alpha/16-bit/metadata handling) derives from
:data:`FORMATS`. Adding a format is one record here, its encoder in ``encode.py`` and tests.

Everything here is checked from sizes and names alone, so a job that cannot be saved is refused
before the network runs, not after.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from upscaler.core.errors import ImageWriteError
from upscaler.core.messages import text as _text

#: The largest side a format with no practical limit stores (BMP/PNG: signed 32-bit fields).
_NO_LIMIT = 2**31 - 1


@dataclass(frozen=True)
class Format:
    """What the program knows about one image format."""

    name: str  # Pillow's name, used throughout the program: "PNG", "JPEG", ...
    display: str  # as people write it: "WebP"
    extensions: tuple[str, ...]  # lower case, the first is the one written
    #: The names ``--format`` and the window's Format box accept; empty: not offered as a choice
    #: (still written for an input of that format).
    choices: tuple[str, ...] = ()
    writable: bool = True
    max_side: int = _NO_LIMIT  # the largest side the encoder can store
    alpha: bool = True  # keeps transparency (else flattened onto a background, or refused)
    deep: bool = False  # keeps 16 bits per channel (else reduced to 8, with a warning)
    icc: bool = True  # embeds the ICC colour profile
    exif: bool = True  # carries EXIF (TIFF: as its text tags)
    quality: bool = False  # takes the quality setting (lossy encoders)
    pillow_names: tuple[str, ...] = ()  # other names Pillow reports for it ("MPO")

    @property
    def extension(self) -> str:
        """The extension a result of this format is given."""
        return self.extensions[0]

    @property
    def dialog_filter(self) -> str:
        """The Qt file-dialog filter: ``JPEG (*.jpg *.jpeg *.jpe *.jfif)``."""
        return f"{self.display} ({' '.join('*' + e for e in self.extensions)})"


FORMATS: tuple[Format, ...] = (
    Format("PNG", "PNG", (".png",), ("png",), deep=True),
    Format(
        "JPEG",
        "JPEG",
        (".jpg", ".jpeg", ".jpe", ".jfif"),
        ("jpg", "jpeg"),
        max_side=65500,  # the header's 16-bit size fields, less libjpeg's margin
        alpha=False,
        quality=True,
        pillow_names=("MPO",),  # phone JPEGs with a second picture read as JPEG
    ),
    Format("WEBP", "WebP", (".webp",), ("webp",), max_side=16383, quality=True),  # 14-bit sizes
    Format("TIFF", "TIFF", (".tiff", ".tif"), ("tiff", "tif"), max_side=2**32 - 1, deep=True),
    Format("BMP", "BMP", (".bmp",), alpha=False, icc=False, exif=False),
    Format("GIF", "GIF", (".gif",), writable=False),
)
_BY_NAME = {f.name: f for f in FORMATS}
_BY_SUFFIX = {suffix: f for f in FORMATS for suffix in f.extensions}
_BY_CHOICE = {choice: f for f in FORMATS for choice in f.choices}

#: Formats the program reads (Pillow's names).
READ_FORMATS = tuple(f.name for f in FORMATS)
#: Formats the program writes.
WRITE_FORMATS = tuple(f.name for f in FORMATS if f.writable)
#: File extension -> format, for every format written.
EXTENSIONS = {s: f.name for s, f in _BY_SUFFIX.items() if f.writable}
#: File extension -> format, for every format read (what counts as an image file).
IMAGE_SUFFIXES = {s: f.name for s, f in _BY_SUFFIX.items()}
#: What ``--format`` and the window's Format box accept -> format.
FORMAT_CHOICES = {choice: f.name for choice, f in _BY_CHOICE.items()}
#: Written when the input's own format cannot be written (GIF), and when nothing says otherwise.
FALLBACK_FORMAT = "PNG"

#: Formats that phones and cameras write but this program cannot decode, by extension and by the
#: brand in an ISO-BMFF ``ftyp`` box: refused by name, never as "not an image".
UNSUPPORTED_SUFFIXES = {
    ".heic": "HEIC",
    ".heics": "HEIC",
    ".heif": "HEIF",
    ".hif": "HEIF",
    ".avif": "AVIF",
    ".jxl": "JPEG XL",
}
_HEIF_BRANDS = {
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"heim": "HEIC",
    b"heis": "HEIC",
    b"hevc": "HEIC",
    b"hevx": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
    b"avif": "AVIF",
    b"avis": "AVIF",
}
#: Largest side each encoder can store.
MAX_SIDE = {f.name: f.max_side for f in FORMATS if f.writable}
#: Formats that cannot store alpha: transparency is flattened onto a chosen colour or refused.
NO_ALPHA = tuple(f.name for f in FORMATS if f.writable and not f.alpha)
SUBSAMPLINGS = ("4:4:4", "4:2:2", "4:2:0")


def get_format(name: str) -> Format:
    """The record of a format by its name (``"WEBP"``) or one of Pillow's other names."""
    found = _BY_NAME.get(name) or next((f for f in FORMATS if name in f.pillow_names), None)
    if found is None:
        raise KeyError(name)
    return found


def format_named(name: str) -> Format | None:
    """A format as a user names it: a choice (``jpg``), a name (``JPEG``) or an extension
    (``.tif``), any case; None if it names none."""
    key = name.strip().lower()
    return _BY_CHOICE.get(key.lstrip(".")) or _BY_NAME.get(key.upper()) or _BY_SUFFIX.get(key)


def format_of_path(path: str | Path) -> Format | None:
    """The format a file name announces by its extension, or None."""
    return _BY_SUFFIX.get(Path(path).suffix.lower())


def choices_text(separator: str = ", ") -> str:
    """``png, jpg, webp, tiff``: one name per offered format, for messages."""
    return separator.join(f.choices[0] for f in FORMATS if f.choices)


def written_extensions_text() -> str:
    """``.png, .jpg, .webp, .tiff``: the extension written for each offered format, for messages."""
    return ", ".join(f.extension for f in FORMATS if f.choices)


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
        named = format_named(options.format)
        if named is None or not named.writable:
            raise ImageWriteError(
                _text(
                    "cannot write {format!r} files (choose one of {formats})",
                    format=options.format,
                    formats=", ".join(WRITE_FORMATS),
                ),
                path,
            )
        return named.name
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
    named = _BY_NAME.get(str(path_or_format).upper()) or _BY_CHOICE.get(str(path_or_format).lower())
    if named is not None and named.writable and (options is None or not options.format):
        fmt, path = named.name, None
    else:
        fmt, path = output_format(path_or_format, options), Path(path_or_format)
    limit = _BY_NAME[fmt].max_side
    if width < 1 or height < 1:
        raise ImageWriteError(
            _text("cannot write an empty image ({width} x {height})", width=width, height=height),
            path,
        )
    if max(width, height) > limit:
        name = _BY_NAME[fmt].display
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
    if not _BY_NAME[fmt].alpha and transparent and (options is None or options.background is None):
        raise alpha_error(fmt, path)


def alpha_error(fmt: str, path: Path | None) -> ImageWriteError:
    name = _BY_NAME[fmt].display
    return ImageWriteError(
        _text(
            "the image has transparency, which {name} cannot store; save as PNG, WebP or TIFF, or "
            "choose a background colour to flatten it onto",
            name=name,
        ),
        path,
    )


def unsupported_format(path: str | Path | None = None, data: bytes | None = None) -> str | None:
    """The name of a known image format this program cannot read ("HEIC", "AVIF"...), from the
    file's first bytes (an ISO-BMFF ``ftyp`` box) or else its extension; None if neither says."""
    if data is not None and data[4:8] == b"ftyp":
        brand = _HEIF_BRANDS.get(data[8:12])
        if brand is not None:
            return brand
    return UNSUPPORTED_SUFFIXES.get(Path(path).suffix.lower()) if path is not None else None


def unsupported_format_text(name: str) -> str:
    """The refusal of an image format that is known but not read (one message everywhere)."""
    return _text(
        "{format} images are not supported (supported: {formats})",
        format=name,
        formats=", ".join(READ_FORMATS),
    )
