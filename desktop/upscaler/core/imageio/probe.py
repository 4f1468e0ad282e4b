"""Probing an image file: what it is, how big, which metadata, before any pixel is decoded.

The file is read into memory once (any path works, on every OS) with a distinct message for each
way a path can fail; the header is parsed without decoding (Pillow, or tifffile for TIFF, which
Pillow cannot always open) so the pixel limit is enforced before a decoder allocates anything.
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from upscaler.core.errors import ImageReadError
from upscaler.core.imageio import metadata as md
from upscaler.core.imageio.formats import (
    READ_FORMATS,
    get_format,
    unsupported_format,
    unsupported_format_text,
)
from upscaler.core.messages import text as _text

#: Largest input accepted by default: 200 megapixels (a 20000 x 10000 panorama).
DEFAULT_MAX_PIXELS = 200_000_000
#: Raw bytes per pixel of the widest layout we read (16-bit RGBA); bounds the file size we accept.
_MAX_BYTES_PER_PIXEL = 8
_ALPHA_MODES = ("RGBA", "LA", "PA", "La", "RGBa")
_GRAY_MODES = ("1", "L", "I", "I;16", "I;16L", "I;16B", "I;16N", "F")
_TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")


@dataclass
class ImageProbe:
    """What the header says; width/height are as displayed (after EXIF orientation)."""

    format: str
    width: int
    height: int
    frames: int = 1
    bit_depth: int = 8
    icc_profile: bytes | None = None
    exif: bytes | None = None
    orientation: int = 1
    channels: int = 3  # of the pixels read_image will return: 1 (gray), 3 (BGR) or 4 (BGRA)
    xmp: bool = False  # XMP with a person's ratings, keywords or edits (not carried over)

    @property
    def pixels(self) -> int:
        return self.width * self.height


# --- bytes -------------------------------------------------------------------------------------


def read_file_bytes(path: Path, max_pixels: int) -> bytes:
    """The whole file, with a distinct message for each way a path can fail to be an image file."""
    try:
        if path.is_dir():
            raise ImageReadError(_text("is a folder, not an image file"), path)
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImageReadError(_text("the file does not exist"), path) from None
    except PermissionError:
        raise ImageReadError(_text("permission denied: cannot access the file"), path) from None
    except OSError as err:
        raise ImageReadError(
            _text("cannot access the file ({reason})", reason=str(err.strerror or err)), path
        ) from None
    if size == 0:
        raise ImageReadError(_text("the file is empty (0 bytes)"), path)
    ceiling = max_pixels * _MAX_BYTES_PER_PIXEL + (64 << 20)
    if size > ceiling:
        raise ImageReadError(
            _text(
                "the file is {gigabytes:.1f} GB, too large for an image within the limit of "
                "{limit:.0f} megapixels",
                gigabytes=size / 1e9,
                limit=max_pixels / 1e6,
            ),
            path,
        )
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except PermissionError:
        raise ImageReadError(_text("permission denied: cannot read the file"), path) from None
    except IsADirectoryError:
        raise ImageReadError(_text("is a folder, not an image file"), path) from None
    except OSError as err:
        raise ImageReadError(
            _text("cannot read the file ({reason})", reason=str(err.strerror or err)), path
        ) from None


# --- probing -----------------------------------------------------------------------------------

_PIL_LIMIT_LOCK = threading.Lock()


@contextmanager
def _own_pixel_limit() -> Iterator[None]:
    """Let Pillow parse any header: we apply our own limit, with the numbers, right after.

    Pillow's own complaints while parsing (``UserWarning: Corrupt EXIF data`` from a damaged
    EXIF block, whose bytes are carried as they are) would reach the terminal with Pillow's file
    and line: silenced, like the decoders' logging."""
    with _PIL_LIMIT_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = saved


#: XMP properties that a person made (Lightroom, Bridge, digiKam, a phone's gallery): ratings,
#: labels, keywords, titles and captions, edit settings. Phones also write XMP of their own
#: (HDR gain maps, motion photos, depth), which is no one's work and not worth a warning.
USER_XMP = (
    b"xmp:Rating",
    b"xmp:Label",
    b"dc:subject",
    b"dc:title",
    b"dc:description",
    b"lr:hierarchicalSubject",
    b"crs:",
    b"photoshop:Headline",
    b"digiKam:TagsList",
    b"MicrosoftPhoto:Rating",
)


def user_xmp(packet: object) -> bool:
    """Whether an XMP packet holds what a person made (see :data:`USER_XMP`)."""
    if isinstance(packet, str):
        packet = packet.encode("utf-8", "replace")
    if not isinstance(packet, bytes | bytearray):
        return False
    return any(marker in packet for marker in USER_XMP)


def _not_an_image(path: Path | None, data: bytes = b"") -> ImageReadError:
    known = unsupported_format(path, data)
    if known is not None:  # a HEIC photo is an image: say which format is missing
        return ImageReadError(unsupported_format_text(known), path)
    return ImageReadError(
        _text(
            "not an image, or a format that is not supported (supported: {formats})",
            formats=", ".join(READ_FORMATS),
        ),
        path,
    )


def corrupt_error(path: Path | None, err: BaseException) -> ImageReadError:
    detail = str(err).strip()
    if detail.startswith("image file is truncated"):
        # Pillow's own words ("... (19 bytes not processed)") count what its last read left,
        # not what is missing, and cannot be translated: say what happened instead.
        return ImageReadError(
            _text(
                "the image data is corrupt or truncated (the file ends too early: an "
                "interrupted download or copy?)"
            ),
            path,
        )
    informative = len(detail) > 3 and not detail.isdigit()  # not KeyError(0) and the like
    if informative:
        return ImageReadError(
            _text("the image data is corrupt or truncated ({detail})", detail=detail), path
        )
    return ImageReadError(_text("the image data is corrupt or truncated"), path)


@contextmanager
def quiet_decoders() -> Iterator[None]:
    """Damaged files are reported once, by us: silence tifffile's own logging."""
    logger = logging.getLogger("tifffile")
    saved_level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(saved_level)


def open_pillow(data: bytes, path: Path | None) -> Image.Image:
    with _own_pixel_limit():
        try:
            return Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise _not_an_image(path, data) from None
        except Exception as err:  # decoders raise many types on malformed headers
            raise corrupt_error(path, err) from err


def _displayed_size(width: int, height: int, orientation: int) -> tuple[int, int]:
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _probe_tiff(data: bytes, path: Path | None) -> ImageProbe:
    import tifffile

    try:
        with quiet_decoders(), tifffile.TiffFile(io.BytesIO(data)) as tif:
            page = tif.pages.first
            frames = len(tif.pages)
            width, height = int(page.imagewidth), int(page.imagelength)
            bits = int(page.bitspersample)
            fmt = int(page.sampleformat)
            samples, photometric = int(page.samplesperpixel), int(page.photometric)
            icc_tag = page.tags.get(34675)
            icc = bytes(icc_tag.value) if icc_tag is not None else None
            orientation = int(page.tags[274].value) if 274 in page.tags else 1
            xmp = 700 in page.tags and user_xmp(page.tags[700].value)
            text = {
                code: page.tags[code].value
                for code in md.TEXT_TAGS
                if code in page.tags and isinstance(page.tags[code].value, str)
            }
            if _layout_description(page):
                text.pop(270, None)
    except Exception as err:  # tifffile raises many types on malformed files
        raise corrupt_error(path, err) from err
    depth = 8 if bits <= 8 and fmt == 1 else 16
    width, height = _displayed_size(width, height, orientation)
    exif = md.exif_from_text_tags(text)
    channels = _tiff_channels(samples, photometric)
    return ImageProbe("TIFF", width, height, frames, depth, icc, exif, orientation, channels, xmp)


def _layout_description(page: object) -> bool:
    """The ImageDescription is a program's record of the input's array layout (tifffile's
    ``{"shape": [...]}``, ImageJ's, OME-XML), not words about the picture: carried to a larger
    output it would contradict it, and readers warn."""
    return any(getattr(page, flag, False) for flag in ("is_shaped", "is_imagej", "is_ome"))


def _tiff_channels(samples: int, photometric: int) -> int:
    """Gray stays gray; an extra sample is alpha, except the fourth ink of CMYK (5)."""
    if photometric in (0, 1):  # min-is-white / min-is-black
        return 1 if samples == 1 else 4
    if photometric == 5:
        return 4 if samples > 4 else 3
    return 4 if samples > 3 else 3


def _pillow_channels(image: Image.Image) -> int:
    if "transparency" in image.info or image.mode in _ALPHA_MODES:
        return 4
    return 1 if image.mode in _GRAY_MODES else 3


def probe_bytes(data: bytes, path: Path | None = None) -> ImageProbe:
    """Format, displayed size, frames, depth, ICC and EXIF from the header alone."""
    if data[:4] in _TIFF_MAGIC:
        return _probe_tiff(data, path)
    image = open_pillow(data, path)
    with image:
        try:
            fmt = get_format(image.format or "").name
        except KeyError:
            raise ImageReadError(unsupported_format_text(str(image.format)), path) from None
        if fmt == "PNG":
            icc, exif = md.png_metadata(data)
            depth = 16 if md.png_bit_depth(data) == 16 else 8
        else:
            icc = image.info.get("icc_profile") or None
            exif = md.normalize_exif(image.info.get("exif"))
            depth = 16 if image.mode.startswith("I") or image.mode == "F" else 8
        try:
            frames = 1 if image.format == "MPO" else int(getattr(image, "n_frames", 1))
        except Exception as err:
            raise corrupt_error(path, err) from err
        orientation = md.exif_orientation(exif)
        width, height = _displayed_size(image.width, image.height, orientation)
        channels = _pillow_channels(image)
        xmp = user_xmp(image.info.get("xmp") or image.info.get("XML:com.adobe.xmp"))
    return ImageProbe(fmt, width, height, frames, depth, icc, exif, orientation, channels, xmp)


def probe_image(path: str | Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageProbe:
    """Header facts without decoding pixels (for estimates and output checks before a run)."""
    path = Path(path)
    return probe_bytes(read_file_bytes(path, max_pixels), path)


def check_pixel_limit(probe: ImageProbe, max_pixels: int, path: Path | None) -> None:
    if probe.pixels > max_pixels:
        raise ImageReadError(
            _text(
                "the image is {width} x {height} pixels ({megapixels:.1f} megapixels), more than "
                "the limit of {limit:.1f} megapixels",
                width=probe.width,
                height=probe.height,
                megapixels=probe.pixels / 1e6,
                limit=max_pixels / 1e6,
            ),
            path,
        )
