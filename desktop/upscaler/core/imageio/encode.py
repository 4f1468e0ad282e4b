"""Encoding pixels to a file's bytes, keeping what the source meant, with progress and cancel.

Encoders: our band-by-band writer for PNG (any depth, streamed into the file, see
``png_stream``), Pillow for JPEG, WebP and BMP (8-bit), tifffile for TIFF (any depth, ICC as tag
34675, EXIF text tags as TIFF tags); those three encode in memory, through a file object that
checks the cancel at each write (WebP's encoder writes once, at its end).
The input's ICC profile is embedded byte for byte; EXIF is carried where the format holds it; what
a format cannot keep (16 bits, a profile) comes back as a warning, never silently.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from PIL import Image

from upscaler.core.errors import Cancelled, ImageWriteError
from upscaler.core.imageio import metadata as md
from upscaler.core.imageio.formats import (
    SUBSAMPLINGS,
    WriteOptions,
    alpha_error,
    check_output_size,
    get_format,
)
from upscaler.core.imageio.png_stream import ProgressFn, write_png
from upscaler.core.imageio.read import LoadedImage, is_transparent
from upscaler.core.imageops.channels import gray_to_colour, swap_red_blue, to_eight_bit
from upscaler.core.messages import text as _text

#: One APP1 segment: 65535 minus the 2-byte length field.
JPEG_MAX_EXIF = 65533
#: Rows composited at a time when flattening alpha (bounds the float temporaries).
_BAND_ROWS = 256


# --- pixel preparation -------------------------------------------------------------------------


def _validate(pixels: np.ndarray, path: Path) -> np.ndarray:
    if not isinstance(pixels, np.ndarray) or pixels.dtype not in (np.uint8, np.uint16):
        kind = getattr(pixels, "dtype", type(pixels).__name__)
        raise ImageWriteError(
            _text("cannot write {kind} pixels (need uint8 or uint16)", kind=kind), path
        )
    if pixels.ndim == 3 and pixels.shape[2] == 1:
        pixels = pixels[..., 0]
    if pixels.ndim not in (2, 3) or (pixels.ndim == 3 and pixels.shape[2] not in (3, 4)):
        raise ImageWriteError(
            _text("cannot write pixels of shape {shape}", shape=pixels.shape), path
        )
    if pixels.shape[0] < 1 or pixels.shape[1] < 1:
        raise ImageWriteError(
            _text("cannot write an empty image {size}", size=pixels.shape[:2]), path
        )
    return pixels


def _to_8bit(pixels: np.ndarray, fmt: str, warn: list[str]) -> np.ndarray:
    if pixels.dtype == np.uint8:
        return pixels
    warn.append(
        _text(
            "{format} stores 8 bits per channel: the 16-bit result was reduced to 8",
            format=get_format(fmt).display,
        )
    )
    return to_eight_bit(pixels)


def _flatten(pixels: np.ndarray, background: tuple[int, int, int]) -> np.ndarray:
    """Composite BGRA (8-bit) onto an RGB background colour, a band of rows at a time so the
    float temporaries stay small whatever the image size."""
    out = np.empty((*pixels.shape[:2], 3), np.uint8)
    bg = np.array(background[::-1], np.float32).reshape(1, 1, 3)
    for top in range(0, pixels.shape[0], _BAND_ROWS):
        band = pixels[top : top + _BAND_ROWS]
        alpha = band[..., 3:4].astype(np.float32) / 255.0
        mixed = band[..., :3].astype(np.float32) * alpha + bg * (1.0 - alpha)
        out[top : top + _BAND_ROWS] = np.clip(np.round(mixed), 0, 255)
    return out


def _to_pil(pixels: np.ndarray) -> Image.Image:
    """Pillow unpacks BGR(A) itself, so no reordered numpy copy is made."""
    pixels = np.ascontiguousarray(pixels)
    size = (pixels.shape[1], pixels.shape[0])
    if pixels.ndim == 2:
        return Image.frombuffer("L", size, pixels, "raw", "L", 0, 1)
    mode, raw = ("RGBA", "BGRA") if pixels.shape[2] == 4 else ("RGB", "BGR")
    return Image.frombuffer(mode, size, pixels, "raw", raw, 0, 1)


#: An encoded file as consecutive buffers, written one after the other (no joined copy).
Parts = list[bytes | memoryview]


@dataclass
class _Meta:
    icc: bytes | None
    exif: bytes | None


def _metadata_for(
    pixels: np.ndarray, source: LoadedImage | None, options: WriteOptions, warn: list[str]
) -> _Meta:
    """The source's ICC and EXIF, if the output can carry them.

    ``keep_metadata=False`` drops EXIF (camera, GPS...) for privacy but never the colour profile,
    which is part of what the pixels mean.
    """
    if source is None:
        return _Meta(None, None)
    icc = source.icc_profile
    wanted = "GRAY" if pixels.ndim == 2 else "RGB"
    if icc is not None and md.icc_colour_space(icc) != wanted:
        warn.append(
            _text("the colour profile does not match the output's channels; it was left out")
        )
        icc = None
    keep_exif = options.keep_metadata and source.exif is not None
    exif = md.exif_with_orientation_reset(source.exif) if keep_exif and source.exif else None
    return _Meta(icc, exif)


# --- encoders ----------------------------------------------------------------------------------


def _encode_png(
    pixels: np.ndarray, meta: _Meta, options: WriteOptions, warn: list[str], out: Output
) -> None:
    """Streamed band by band into the file: progress by rows, a cancel within a band."""
    chunks = []
    if meta.icc:
        chunks.append((b"iCCP", md.iccp_payload(meta.icc)))
    if meta.exif:
        chunks.append((b"eXIf", md.exif_tiff(meta.exif)))
    level = int(options.png_compress_level)
    if not 0 <= level <= 9:
        raise ValueError(f"PNG compression level must be 0-9, got {level}")
    write_png(
        out.sink, pixels, level=level, chunks=chunks, progress=out.progress, cancel=out.cancel
    )


def _without_alpha(pixels: np.ndarray, fmt: str, options: WriteOptions) -> np.ndarray:
    """Opaque alpha is dropped (nothing lost); real transparency is flattened or refused."""
    if pixels.ndim == 2 or pixels.shape[2] == 3:
        return pixels
    if not is_transparent(pixels):
        return np.ascontiguousarray(pixels[..., :3])
    if options.background is None:
        raise alpha_error(fmt, None)
    return _flatten(pixels, options.background)


def _encode_jpeg(
    pixels: np.ndarray, meta: _Meta, options: WriteOptions, warn: list[str], out: Output
) -> None:
    if options.jpeg_subsampling not in SUBSAMPLINGS:
        raise ValueError(f"unknown chroma subsampling {options.jpeg_subsampling!r}")
    buffer = out.buffer()
    extra = {"icc_profile": meta.icc} if meta.icc else {}
    if meta.exif and len(meta.exif) > JPEG_MAX_EXIF:
        warn.append(
            _text(
                "the EXIF block ({size} bytes) is larger than JPEG can hold ({limit}); it was left "
                "out",
                size=len(meta.exif),
                limit=JPEG_MAX_EXIF,
            )
        )
    elif meta.exif:
        extra["exif"] = meta.exif
    _to_pil(pixels).save(
        buffer,
        "JPEG",
        quality=int(options.jpeg_quality),
        subsampling=options.jpeg_subsampling,  # streamed; optimize=True would buffer it all
        **extra,
    )
    out.write(buffer.getbuffer())


def _encode_webp(
    pixels: np.ndarray, meta: _Meta, options: WriteOptions, warn: list[str], out: Output
) -> None:
    buffer = out.buffer()
    extra = {"icc_profile": meta.icc} if meta.icc else {}
    if meta.exif:
        extra["exif"] = md.exif_tiff(meta.exif)
    _to_pil(pixels).save(
        buffer,
        "WEBP",
        lossless=bool(options.webp_lossless),
        quality=int(options.webp_quality),
        method=4,
        exact=True,  # keep the colour under fully transparent pixels
        **extra,
    )
    out.write(buffer.getbuffer())


def _encode_tiff(
    pixels: np.ndarray, meta: _Meta, options: WriteOptions, warn: list[str], out: Output
) -> None:
    import tifffile

    if options.tiff_compression not in ("zlib", "none"):
        raise ValueError(f"unknown TIFF compression {options.tiff_compression!r}")
    extra: dict[str, Any] = {}
    if pixels.ndim == 2:
        data, photometric = pixels, "minisblack"
    else:
        data, photometric = swap_red_blue(pixels), "rgb"
        if pixels.shape[2] == 4:
            extra["extrasamples"] = ("unassalpha",)
    tags: list[tuple[int, int | str, int, bytes | str, bool]] = []
    if meta.icc:
        tags.append((34675, 7, len(meta.icc), meta.icc, True))
    text = md.exif_text_tags(meta.exif)
    software = text.pop(305, None)
    tags += [(code, "s", 0, value, True) for code, value in sorted(text.items())]
    buffer = out.buffer()
    tifffile.imwrite(
        buffer,
        data,
        photometric=photometric,
        compression=None if options.tiff_compression == "none" else "zlib",
        extratags=tags,
        software=software,
        metadata=None,
        bigtiff=data.nbytes > 2**32 - 2**25,
        **extra,
    )
    out.write(buffer.getbuffer())


def _encode_bmp(
    pixels: np.ndarray, meta: _Meta, options: WriteOptions, warn: list[str], out: Output
) -> None:
    buffer = out.buffer()
    _to_pil(pixels).save(buffer, "BMP")
    out.write(buffer.getbuffer())


#: Each writable format's encoder: it gets pixels the format can hold (8-bit unless the format is
#: ``deep``, no alpha unless it keeps ``alpha``) and only the metadata it can carry.
_ENCODERS: dict[str, Callable[..., None]] = {
    "PNG": _encode_png,
    "JPEG": _encode_jpeg,
    "WEBP": _encode_webp,
    "TIFF": _encode_tiff,
    "BMP": _encode_bmp,
}


def _fit_to_format(
    pixels: np.ndarray, meta: _Meta, fmt: str, options: WriteOptions, warn: list[str]
) -> tuple[np.ndarray, _Meta]:
    """Reduce pixels and metadata to what the format stores, saying what was lost."""
    spec = get_format(fmt)
    if not spec.deep:
        pixels = _to_8bit(pixels, fmt, warn)
    if not spec.alpha:
        pixels = _without_alpha(pixels, fmt, options)
    if (meta.icc and not spec.icc) or (meta.exif and not spec.exif):
        warn.append(
            _text(
                "{format} cannot store the colour profile or EXIF; they were left out",
                format=spec.display,
            )
        )
        meta = _Meta(meta.icc if spec.icc else None, meta.exif if spec.exif else None)
    return pixels, meta


class _Watched(io.BytesIO):
    """An in-memory file whose every write first checks the cancel event: Pillow's and
    tifffile's encoders write a chunk or strip at a time, so a cancel stops them promptly."""

    def __init__(self, cancel: threading.Event | None) -> None:
        super().__init__()
        self._cancel = cancel

    def write(self, data: Any) -> int:
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled()
        return super().write(data)


class _WriteFailed(OSError):
    """The output file refused a write (a full disk...): not the encoder's failure."""


class _GuardedSink:
    def __init__(self, sink: BinaryIO) -> None:
        self._sink = sink

    def write(self, data: Any) -> int:
        try:
            return self._sink.write(data)
        except OSError as err:
            raise _WriteFailed(err.errno, err.strerror) from err


@dataclass
class Output:
    """Where an encoder puts the file: ``sink`` (the output file), with the save's progress
    and cancel. Encoders that cannot stream encode into :meth:`buffer` and hand it over."""

    sink: Any  # a binary file object: write() is all it needs
    progress: ProgressFn | None = None
    cancel: threading.Event | None = None

    def buffer(self) -> io.BytesIO:
        if self.progress is not None:
            self.progress(0, 0)  # under way; this encoder cannot say how far
        return _Watched(self.cancel)

    def write(self, data: bytes | memoryview) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()
        self.sink.write(data)


def encode_to(
    sink: BinaryIO,
    pixels: np.ndarray,
    fmt: str,
    *,
    source: LoadedImage | None = None,
    options: WriteOptions | None = None,
    path: Path | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> list[str]:
    """Encode into ``sink`` (streamed for PNG); returns warnings about what the format could
    not keep. ``progress(done, total)``: rows for PNG, ``(0, 0)`` (under way, no measure) for
    the others; a set ``cancel`` raises :class:`Cancelled` between bands or writes."""
    options = options or WriteOptions()
    warn: list[str] = []
    pixels = _validate(pixels, path or Path(f"output.{fmt.lower()}"))
    check_output_size(fmt, pixels.shape[1], pixels.shape[0])
    if fmt == "WEBP" and pixels.ndim == 2:  # WebP has no gray: the profile must then be RGB too
        pixels = gray_to_colour(pixels)
    meta = _metadata_for(pixels, source, options, warn)
    try:
        pixels, meta = _fit_to_format(pixels, meta, fmt, options, warn)
        _ENCODERS[fmt](pixels, meta, options, warn, Output(_GuardedSink(sink), progress, cancel))
    except ImageWriteError as err:
        raise ImageWriteError(err.message, path) from None
    except (Cancelled, _WriteFailed):
        raise  # a cancel, or the file system refusing the output: the writer reports it
    except MemoryError:
        raise ImageWriteError(_text("not enough memory to encode the image"), path) from None
    except Exception as err:  # encoders raise OSError, ValueError, struct.error, ...
        raise ImageWriteError(
            _text(
                "could not encode as {format} ({reason})",
                format=get_format(fmt).display,
                reason=str(err),
            ),
            path,
        ) from err
    if cancel is not None and cancel.is_set():  # an encoder that could not look while it ran
        raise Cancelled()
    return warn


def encode_parts(
    pixels: np.ndarray,
    fmt: str,
    *,
    source: LoadedImage | None = None,
    options: WriteOptions | None = None,
    path: Path | None = None,
) -> tuple[Parts, list[str]]:
    """The encoded file as buffers in memory, and warnings about what the format could not keep."""
    buffer = io.BytesIO()
    warn = encode_to(buffer, pixels, fmt, source=source, options=options, path=path)
    return [buffer.getbuffer()], warn


def encode_image(
    pixels: np.ndarray,
    fmt: str,
    *,
    source: LoadedImage | None = None,
    options: WriteOptions | None = None,
    path: Path | None = None,
) -> tuple[bytes, list[str]]:
    """The encoded file as one bytes object (for previews and tests); see :func:`encode_to`."""
    parts, warn = encode_parts(pixels, fmt, source=source, options=options, path=path)
    return b"".join(parts), warn
