"""Reading an image the way its file means it: orientation, colour profile, alpha, bit depth.

The file is read into memory once (any path works, on every OS), its header is probed without
decoding, the pixel limit is enforced before the decoder allocates anything, and every failure is an
:class:`ImageReadError` naming the file and the problem.

Decoders: Pillow for 8-bit data (it raises on truncation, knows palettes, CMYK, EXIF and ICC);
OpenCV ``imdecode(IMREAD_UNCHANGED)`` for 16-bit PNG/TIFF and float TIFF, which Pillow reduces to
8 bits or cannot open; tifffile to probe TIFF headers.
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageCms, UnidentifiedImageError

from upscaler.core import metadata as md
from upscaler.core.errors import ImageReadError

#: Largest input accepted by default: 200 megapixels (a 20000 x 10000 panorama).
DEFAULT_MAX_PIXELS = 200_000_000
#: Formats the program reads; the names are Pillow's, ``MPO`` (phone JPEGs) reads as ``JPEG``.
READ_FORMATS = ("PNG", "JPEG", "WEBP", "TIFF", "BMP", "GIF")
_ALIASES = {"MPO": "JPEG"}
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

    @property
    def pixels(self) -> int:
        return self.width * self.height


@dataclass
class LoadedImage:
    """Pixels in core form (BGR/BGRA/gray, uint8/uint16) plus what must be carried to the output."""

    pixels: np.ndarray
    path: Path | None
    format: str
    icc_profile: bytes | None
    exif: bytes | None  # "Exif\0\0" + TIFF, Orientation already reset to 1
    bit_depth: int
    warnings: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def channels(self) -> int:
        return 1 if self.pixels.ndim == 2 else int(self.pixels.shape[2])

    @property
    def has_alpha(self) -> bool:
        return self.channels == 4

    @property
    def is_transparent(self) -> bool:
        """True when some pixel is not fully opaque (dropping alpha would lose something)."""
        if not self.has_alpha:
            return False
        return bool(self.pixels[..., 3].min() < np.iinfo(self.pixels.dtype).max)


# --- bytes -------------------------------------------------------------------------------------


def read_file_bytes(path: Path, max_pixels: int) -> bytes:
    """The whole file, with a distinct message for each way a path can fail to be an image file."""
    try:
        if path.is_dir():
            raise ImageReadError("is a folder, not an image file", path)
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImageReadError("the file does not exist", path) from None
    except PermissionError:
        raise ImageReadError("permission denied: cannot access the file", path) from None
    except OSError as err:
        raise ImageReadError(f"cannot access the file ({err.strerror or err})", path) from None
    if size == 0:
        raise ImageReadError("the file is empty (0 bytes)", path)
    ceiling = max_pixels * _MAX_BYTES_PER_PIXEL + (64 << 20)
    if size > ceiling:
        raise ImageReadError(
            f"the file is {size / 1e9:.1f} GB, too large for an image within the limit of "
            f"{max_pixels / 1e6:.0f} megapixels",
            path,
        )
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except PermissionError:
        raise ImageReadError("permission denied: cannot read the file", path) from None
    except IsADirectoryError:
        raise ImageReadError("is a folder, not an image file", path) from None
    except OSError as err:
        raise ImageReadError(f"cannot read the file ({err.strerror or err})", path) from None


# --- probing -----------------------------------------------------------------------------------

_PIL_LIMIT_LOCK = threading.Lock()


@contextmanager
def _own_pixel_limit() -> Iterator[None]:
    """Let Pillow parse any header: we apply our own limit, with the numbers, right after."""
    with _PIL_LIMIT_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _not_an_image(path: Path | None) -> ImageReadError:
    return ImageReadError(
        f"not an image, or a format that is not supported (supported: {', '.join(READ_FORMATS)})",
        path,
    )


def _corrupt(path: Path | None, err: BaseException) -> ImageReadError:
    detail = str(err).strip()
    informative = len(detail) > 3 and not detail.isdigit()  # not KeyError(0) and the like
    suffix = f" ({detail})" if informative else ""
    return ImageReadError(f"the image data is corrupt or truncated{suffix}", path)


@contextmanager
def _quiet_decoders() -> Iterator[None]:
    """Damaged files are reported once, by us: silence OpenCV's and tifffile's own logging."""
    logger = logging.getLogger("tifffile")
    saved_level, saved_cv = logger.level, cv2.utils.logging.getLogLevel()
    logger.setLevel(logging.CRITICAL)
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    try:
        yield
    finally:
        logger.setLevel(saved_level)
        cv2.utils.logging.setLogLevel(saved_cv)


def _open_pillow(data: bytes, path: Path | None) -> Image.Image:
    with _own_pixel_limit():
        try:
            return Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise _not_an_image(path) from None
        except Exception as err:  # decoders raise many types on malformed headers
            raise _corrupt(path, err) from err


def _displayed_size(width: int, height: int, orientation: int) -> tuple[int, int]:
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _probe_tiff(data: bytes, path: Path | None) -> ImageProbe:
    import tifffile

    try:
        with _quiet_decoders(), tifffile.TiffFile(io.BytesIO(data)) as tif:
            page = tif.pages.first
            frames = len(tif.pages)
            width, height = int(page.imagewidth), int(page.imagelength)
            bits = int(page.bitspersample)
            fmt = int(page.sampleformat)
            samples, photometric = int(page.samplesperpixel), int(page.photometric)
            icc_tag = page.tags.get(34675)
            icc = bytes(icc_tag.value) if icc_tag is not None else None
            orientation = int(page.tags[274].value) if 274 in page.tags else 1
            text = {
                code: page.tags[code].value
                for code in md.TEXT_TAGS
                if code in page.tags and isinstance(page.tags[code].value, str)
            }
    except Exception as err:  # tifffile raises many types on malformed files
        raise _corrupt(path, err) from err
    depth = 8 if bits <= 8 and fmt == 1 else 16
    width, height = _displayed_size(width, height, orientation)
    exif = md.exif_from_text_tags(text)
    channels = _tiff_channels(samples, photometric)
    return ImageProbe("TIFF", width, height, frames, depth, icc, exif, orientation, channels)


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
    image = _open_pillow(data, path)
    with image:
        fmt = _ALIASES.get(image.format or "", image.format or "")
        if fmt not in READ_FORMATS:
            raise ImageReadError(
                f"{image.format} images are not supported (supported: {', '.join(READ_FORMATS)})",
                path,
            )
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
            raise _corrupt(path, err) from err
        orientation = md.exif_orientation(exif)
        width, height = _displayed_size(image.width, image.height, orientation)
        channels = _pillow_channels(image)
    return ImageProbe(fmt, width, height, frames, depth, icc, exif, orientation, channels)


def probe_image(path: str | Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageProbe:
    """Header facts without decoding pixels (for estimates and output checks before a run)."""
    path = Path(path)
    return probe_bytes(read_file_bytes(path, max_pixels), path)


def check_pixel_limit(probe: ImageProbe, max_pixels: int, path: Path | None) -> None:
    if probe.pixels > max_pixels:
        raise ImageReadError(
            f"the image is {probe.width} x {probe.height} pixels "
            f"({probe.pixels / 1e6:.1f} megapixels), more than the limit of "
            f"{max_pixels / 1e6:.1f} megapixels",
            path,
        )


# --- decoding ----------------------------------------------------------------------------------


def _float_to_uint16(pixels: np.ndarray, warn: list[str]) -> np.ndarray:
    lo, hi = float(np.nanmin(pixels)), float(np.nanmax(pixels))
    if lo < 0.0 or hi > 1.0:
        warn.append(
            f"floating-point values range from {lo:g} to {hi:g}; clipped to 0..1 and stored "
            "as 16-bit"
        )
    else:
        warn.append("floating-point image converted to 16-bit")
    clipped = np.clip(np.nan_to_num(pixels, nan=0.0), 0.0, 1.0)
    return np.round(clipped * 65535.0).astype(np.uint16)


def _decode_opencv(data: bytes, path: Path | None, warn: list[str]) -> np.ndarray:
    """16-bit PNG/TIFF and float TIFF: already in BGR(A)/gray order."""
    if data.startswith(md.PNG_SIGNATURE):
        try:  # libpng prints its own complaint about a cut file; find it first and say it once
            for _chunk in md.png_chunks(data):
                pass
        except ValueError as err:
            raise _corrupt(path, err) from None
    with _quiet_decoders():
        pixels = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if pixels is None or pixels.size == 0:
        raise ImageReadError("the image data is corrupt or truncated", path)
    if pixels.dtype in (np.float32, np.float64):
        pixels = _float_to_uint16(pixels, warn)
    elif pixels.dtype not in (np.uint8, np.uint16):
        raise ImageReadError(f"{pixels.dtype} samples are not supported", path)
    if pixels.ndim == 3 and pixels.shape[2] == 1:
        pixels = pixels[..., 0]
    if pixels.ndim == 3 and pixels.shape[2] == 2:  # gray + alpha -> BGRA
        gray, alpha = pixels[..., 0], pixels[..., 1]
        pixels = np.dstack([gray, gray, gray, alpha])
    key = md.png_transparent_key(data) if data.startswith(md.PNG_SIGNATURE) else None
    if key is not None:
        pixels = _apply_colour_key(pixels, key)
    return np.ascontiguousarray(pixels)


def _apply_colour_key(pixels: np.ndarray, key: tuple[int, ...]) -> np.ndarray:
    """PNG tRNS on gray/RGB: pixels equal to the key colour are transparent (OpenCV ignores it)."""
    top = np.iinfo(pixels.dtype).max
    if pixels.ndim == 2:
        hidden = pixels == key[0]
        pixels = np.dstack([pixels, pixels, pixels])
    else:
        red, green, blue = key
        hidden = (pixels[..., 2] == red) & (pixels[..., 1] == green) & (pixels[..., 0] == blue)
    alpha = np.where(hidden, 0, top).astype(pixels.dtype)
    return np.dstack([pixels[..., :3], alpha])


def _cmyk_to_rgb(image: Image.Image, icc: bytes | None, warn: list[str]) -> Image.Image:
    if icc is not None:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(image, source, target, outputMode="RGB")
            warn.append("CMYK image converted to sRGB using its colour profile")
            return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    warn.append("CMYK image converted to RGB (no usable CMYK profile: colours are approximate)")
    return image.convert("RGB")


def _pillow_to_array(image: Image.Image, icc: bytes | None, warn: list[str]) -> np.ndarray:
    mode = image.mode
    if mode == "CMYK":
        image, mode = _cmyk_to_rgb(image, icc, warn), "RGB"
    if mode in ("I;16", "I;16L", "I;16B", "I;16N"):
        return np.asarray(image).astype(np.uint16)
    if mode == "I":
        values = np.asarray(image)
        if values.min() < 0 or values.max() > 65535:
            warn.append("32-bit integer samples clipped to 0..65535")
        return np.clip(values, 0, 65535).astype(np.uint16)
    if mode == "F":
        return _float_to_uint16(np.asarray(image), warn)
    transparent = "transparency" in image.info or mode in ("RGBA", "LA", "PA", "La", "RGBa")
    if mode == "1":
        image, mode = image.convert("L"), "L"
    if mode == "L" and not transparent:
        return np.array(image)
    target, code = ("RGBA", cv2.COLOR_RGBA2BGRA) if transparent else ("RGB", cv2.COLOR_RGB2BGR)
    if image.mode != target:  # convert() copies even when nothing changes: big images pay twice
        image = image.convert(target)
    return cv2.cvtColor(np.asarray(image), code)


def _decode_pillow(data: bytes, probe: ImageProbe, path: Path | None, warn: list[str]):
    image = _open_pillow(data, path)
    with image:
        try:
            image.load()
            return _pillow_to_array(image, probe.icc_profile, warn)
        except ImageReadError:
            raise
        except MemoryError:
            raise ImageReadError("not enough memory to decode the image", path) from None
        except Exception as err:  # truncated/corrupt data: OSError, SyntaxError, ValueError...
            raise _corrupt(path, err) from err


def _needs_opencv(probe: ImageProbe) -> bool:
    return probe.format in ("PNG", "TIFF") and probe.bit_depth == 16


def decode_bytes(
    data: bytes, path: Path | None = None, *, max_pixels: int = DEFAULT_MAX_PIXELS
) -> LoadedImage:
    """The whole reading pipeline on bytes already in memory."""
    probe = probe_bytes(data, path)
    check_pixel_limit(probe, max_pixels, path)
    warn: list[str] = []
    if probe.frames > 1:
        kind = "pages" if probe.format == "TIFF" else "frames"
        warn.append(f"the file has {probe.frames} {kind}; only the first is used")
    if _needs_opencv(probe):
        pixels = _decode_opencv(data, path, warn)
    else:
        pixels = _decode_pillow(data, probe, path, warn)
    if probe.format != "TIFF":  # both TIFF decoders apply the Orientation tag themselves
        pixels = md.apply_orientation(pixels, probe.orientation)
    icc = probe.icc_profile
    space = md.icc_colour_space(icc)
    wanted = "GRAY" if pixels.ndim == 2 else "RGB"
    if icc is not None and space != wanted:
        if space != "CMYK":  # a CMYK profile was used for the conversion, already reported
            warn.append(f"the embedded {space} colour profile does not fit the image; dropped")
        icc = None
    exif = md.exif_with_orientation_reset(probe.exif) if probe.exif else None
    depth = 16 if pixels.dtype == np.uint16 else 8
    return LoadedImage(pixels, path, probe.format, icc, exif, depth, warn)


def read_image(path: str | Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> LoadedImage:
    """Read, validate and decode one image file (first frame), oriented as it is displayed."""
    path = Path(path)
    return decode_bytes(read_file_bytes(path, max_pixels), path, max_pixels=max_pixels)
