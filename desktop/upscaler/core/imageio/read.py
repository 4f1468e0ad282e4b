"""Decoding an image the way its file means it: orientation, colour profile, alpha, bit depth.

Decoders: Pillow for 8-bit data (it raises on truncation, knows palettes, CMYK, EXIF and ICC);
FFmpeg (``deep``) for 16-bit PNG and tifffile or FFmpeg (``deep_tiff``) for TIFF of over 8 bits,
which Pillow reduces to 8 bits or cannot open. Every failure is an
:class:`ImageReadError` naming the file and the problem.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms

from upscaler.core.errors import ImageReadError
from upscaler.core.imageio import metadata as md
from upscaler.core.imageio.deep import DeepDecodeError, decode_deep
from upscaler.core.imageio.deep_tiff import TiffRefused, decode_tiff
from upscaler.core.imageio.formats import get_format
from upscaler.core.imageio.probe import (
    DEFAULT_MAX_PIXELS,
    ImageProbe,
    check_pixel_limit,
    corrupt_error,
    open_pillow,
    probe_bytes,
    quiet_decoders,
    read_file_bytes,
)
from upscaler.core.imageops.channels import swap_red_blue
from upscaler.core.messages import text


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
        return is_transparent(self.pixels)


def is_transparent(pixels: np.ndarray) -> bool:
    """BGRA pixels of which some are not fully opaque (at their dtype's maximum)."""
    if pixels.ndim != 3 or pixels.shape[2] != 4:
        return False
    return bool(pixels[..., 3].min() < np.iinfo(pixels.dtype).max)


# --- decoding ----------------------------------------------------------------------------------


def _float_to_uint16(pixels: np.ndarray, warn: list[str]) -> np.ndarray:
    lo, hi = float(np.nanmin(pixels)), float(np.nanmax(pixels))
    if lo < 0.0 or hi > 1.0:
        warn.append(
            text(
                "floating-point values range from {lo:g} to {hi:g}; clipped to 0..1 and stored as "
                "16-bit",
                lo=lo,
                hi=hi,
            )
        )
    else:
        warn.append(text("floating-point image converted to 16-bit"))
    clipped = np.clip(np.nan_to_num(pixels, nan=0.0), 0.0, 1.0)
    return np.round(clipped * 65535.0).astype(np.uint16)


def _decode_deep(data: bytes, path: Path | None, warn: list[str]) -> np.ndarray:
    """16-bit PNG/TIFF and float TIFF (Pillow would reduce them to 8 bits), in gray/BGR(A)
    order."""
    png = data.startswith(md.PNG_SIGNATURE)
    if png:
        try:  # a cut file is named as such, not by the decoder's first complaint
            for _chunk in md.png_chunks(data):
                pass
        except ValueError as err:
            raise corrupt_error(path, err) from None
    try:
        pixels = decode_deep(data, "png") if png else _decode_tiff(data)
    except TiffRefused as err:
        raise ImageReadError(err.message, path) from None
    except DeepDecodeError:
        raise ImageReadError(text("the image data is corrupt or truncated"), path) from None
    if pixels.size == 0:
        raise ImageReadError(text("the image data is corrupt or truncated"), path)
    if pixels.dtype in (np.float16, np.float32, np.float64):
        pixels = _float_to_uint16(pixels.astype(np.float32, copy=False), warn)
    elif pixels.dtype not in (np.uint8, np.uint16):
        raise ImageReadError(text("{dtype} samples are not supported", dtype=pixels.dtype), path)
    if pixels.ndim == 3 and pixels.shape[2] == 1:
        pixels = pixels[..., 0]
    if pixels.ndim == 3 and pixels.shape[2] == 2:  # gray + alpha -> BGRA
        gray, alpha = pixels[..., 0], pixels[..., 1]
        pixels = np.dstack([gray, gray, gray, alpha])
    key = md.png_transparent_key(data) if png else None
    if key is not None and not (pixels.ndim == 3 and pixels.shape[2] == 4):
        pixels = _apply_colour_key(pixels, key)  # where the decoder did not already
    return np.ascontiguousarray(pixels)


def _decode_tiff(data: bytes) -> np.ndarray:
    with quiet_decoders():
        try:
            return decode_tiff(data)
        except (TiffRefused, DeepDecodeError):
            raise
        except Exception as err:  # tifffile raises many types on malformed files
            raise DeepDecodeError(str(err)) from err


def _apply_colour_key(pixels: np.ndarray, key: tuple[int, ...]) -> np.ndarray:
    """PNG tRNS on gray/RGB: pixels equal to the key colour are transparent."""
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
            if converted is not None:  # None only when converting in place, which this is not
                warn.append(text("CMYK image converted to sRGB using its colour profile"))
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    warn.append(
        text("CMYK image converted to RGB (no usable CMYK profile: colours are approximate)")
    )
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
            warn.append(text("32-bit integer samples clipped to 0..65535"))
        return np.clip(values, 0, 65535).astype(np.uint16)
    if mode == "F":
        return _float_to_uint16(np.asarray(image), warn)
    transparent = "transparency" in image.info or mode in ("RGBA", "LA", "PA", "La", "RGBa")
    if mode == "1":
        image, mode = image.convert("L"), "L"
    if mode == "L" and not transparent:
        return np.array(image)
    target = "RGBA" if transparent else "RGB"
    if image.mode != target:  # convert() copies even when nothing changes: big images pay twice
        image = image.convert(target)
    return swap_red_blue(np.asarray(image))


def _decode_pillow(
    data: bytes, probe: ImageProbe, path: Path | None, warn: list[str]
) -> np.ndarray:
    image = open_pillow(data, path)
    with image:
        try:
            image.load()
            return _pillow_to_array(image, probe.icc_profile, warn)
        except ImageReadError:
            raise
        except MemoryError:
            raise ImageReadError(text("not enough memory to decode the image"), path) from None
        except Exception as err:  # truncated/corrupt data: OSError, SyntaxError, ValueError...
            raise corrupt_error(path, err) from err


def _over_eight_bits(probe: ImageProbe) -> bool:
    return get_format(probe.format).deep and probe.bit_depth == 16


def decode_bytes(
    data: bytes, path: Path | None = None, *, max_pixels: int = DEFAULT_MAX_PIXELS
) -> LoadedImage:
    """The whole reading pipeline on bytes already in memory."""
    probe = probe_bytes(data, path)
    check_pixel_limit(probe, max_pixels, path)
    warn: list[str] = []
    if probe.frames > 1:
        if probe.format == "TIFF":
            note = text("the file has {frames} pages; only the first is used", frames=probe.frames)
        else:
            note = text("the file has {frames} frames; only the first is used", frames=probe.frames)
        warn.append(note)
    if probe.xmp:  # said, not silently lost: it can hold a photo's ratings, keywords, edits
        warn.append(
            text("the file's XMP metadata (ratings, keywords, edit settings) is not carried over")
        )
    deep = _over_eight_bits(probe)
    pixels = _decode_deep(data, path, warn) if deep else _decode_pillow(data, probe, path, warn)
    if deep or probe.format != "TIFF":  # Pillow applies a TIFF's Orientation tag itself
        pixels = md.apply_orientation(pixels, probe.orientation)
    icc = probe.icc_profile
    space = md.icc_colour_space(icc)
    wanted = "GRAY" if pixels.ndim == 2 else "RGB"
    if icc is not None and space != wanted:
        if space != "CMYK":  # a CMYK profile was used for the conversion, already reported
            warn.append(
                text(
                    "the embedded {space} colour profile does not fit the image; dropped",
                    space=space,
                )
            )
        icc = None
    exif = md.exif_with_orientation_reset(probe.exif) if probe.exif else None
    depth = 16 if pixels.dtype == np.uint16 else 8
    return LoadedImage(pixels, path, probe.format, icc, exif, depth, warn)


def read_image(path: str | Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> LoadedImage:
    """Read, validate and decode one image file (first frame), oriented as it is displayed."""
    path = Path(path)
    return decode_bytes(read_file_bytes(path, max_pixels), path, max_pixels=max_pixels)
