"""Test images made at test time: no third-party files in the repository.

Everything is built with Pillow/OpenCV/numpy or by hand (PNG chunks, an ICC profile), so a test
can state exactly what the file holds and what reading it must give.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

ORIENTATION = 0x0112
MAKE = 0x010F
MODEL = 0x0110


def gradient(width: int, height: int, channels: int = 3, dtype=np.uint8) -> np.ndarray:
    """Distinct values everywhere (no symmetry), so any flip, crop or channel swap shows."""
    top = np.iinfo(dtype).max
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    planes = [
        (x * 7 + y * 13) / max(width * 7 + height * 13, 1),
        (x * 3 + 1) / (width + 1),
        (y * 5 + 2) / (height * 5 + 2),
        (x + y + 1) / (width + height + 1),
    ][: max(channels, 1)]
    stack = np.stack([np.round(p * top) for p in planes], axis=-1).astype(dtype)
    return stack[..., 0] if channels == 1 else stack


def noise(width: int, height: int, channels: int = 3, dtype=np.uint8, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    shape = (height, width) if channels == 1 else (height, width, channels)
    return rng.integers(0, int(np.iinfo(dtype).max) + 1, shape, dtype=dtype)


def to_pil(bgr: np.ndarray) -> Image.Image:
    """BGR/BGRA/gray uint8 core pixels as a Pillow image."""
    if bgr.ndim == 2:
        return Image.fromarray(bgr, "L")
    code = cv2.COLOR_BGRA2RGBA if bgr.shape[2] == 4 else cv2.COLOR_BGR2RGB
    return Image.fromarray(cv2.cvtColor(bgr, code))


def from_pil(image: Image.Image) -> np.ndarray:
    """A Pillow image (L/RGB/RGBA) as core BGR(A)/gray pixels, for comparisons."""
    array = np.asarray(image)
    if image.mode == "L":
        return array.copy()
    code = cv2.COLOR_RGBA2BGRA if image.mode == "RGBA" else cv2.COLOR_RGB2BGR
    return cv2.cvtColor(array, code)


def pil_bytes(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def cv2_bytes(pixels: np.ndarray, ext: str) -> bytes:
    ok, buffer = cv2.imencode(ext, pixels)
    assert ok
    return buffer.tobytes()


def save(path: Path, pixels: np.ndarray) -> Path:
    """Write ``pixels`` (core form) to ``path``, encoded by OpenCV as its extension says."""
    path.write_bytes(cv2_bytes(pixels, path.suffix))
    return path


def exif_bytes(orientation: int | None = None, make: str | None = None, model: str | None = None):
    """An EXIF blob in the JPEG APP1 form (``Exif\\0\\0`` + TIFF), made by Pillow."""
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if make is not None:
        exif[MAKE] = make
    if model is not None:
        exif[MODEL] = model
    return exif.tobytes()


def read_exif(data: bytes) -> Image.Exif:
    """EXIF as Pillow (an independent reader) sees it in an encoded file."""
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif()


# --- PNG by hand -------------------------------------------------------------------------------


def chunk(kind: bytes, payload: bytes) -> bytes:
    crc = struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    return struct.pack(">I", len(payload)) + kind + payload + crc


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size in IHDR; its data is a token, a decoder would need far more."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def png_with_exif_chunk(png: bytes, exif: bytes) -> bytes:
    """Add an eXIf chunk (bare TIFF) after IHDR of an encoded PNG."""
    tiff = exif[6:] if exif.startswith(b"Exif\x00\x00") else exif
    cut = 8 + 25
    return png[:cut] + chunk(b"eXIf", tiff) + png[cut:]


# --- a synthetic "Adobe RGB (1998)"-like ICC profile ---------------------------------------------


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + b"\x00" * 4 + _s15(x) + _s15(y) + _s15(z)


def _desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\x00"
    body = b"desc" + b"\x00" * 4 + struct.pack(">I", len(ascii_)) + ascii_
    body += b"\x00" * 4 + b"\x00" * 4 + b"\x00" * 2 + b"\x00" + b"\x00" * 67
    return body


def icc_profile(description: str = "Test Adobe RGB (1998) compatible", gamma: float = 563 / 256):
    """A valid ICC v2 RGB display profile with Adobe RGB (1998) primaries (D50-adapted)."""
    curve = b"curv" + b"\x00" * 4 + struct.pack(">I", 1) + struct.pack(">H", round(gamma * 256))
    curve += b"\x00" * 2
    tags = [
        (b"desc", _desc(description)),
        (b"cprt", b"text" + b"\x00" * 4 + b"No copyright, test data\x00"),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(0.6097, 0.3111, 0.0195)),
        (b"gXYZ", _xyz(0.2053, 0.6257, 0.0609)),
        (b"bXYZ", _xyz(0.1492, 0.0632, 0.7446)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        while (offset + len(data)) % 4:
            data += b"\x00"
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    body = struct.pack(">I", len(tags)) + table + data
    size = 128 + len(body)
    header = struct.pack(">I", size) + b"none" + bytes([2, 0x10, 0, 0]) + b"mntr" + b"RGB "
    header += b"XYZ " + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + b"\x00" * 4
    header += b"\x00" * 4 + b"\x00" * 4 + b"\x00" * 4 + b"\x00" * 8 + b"\x00" * 4
    header += _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"\x00" * 4
    header += b"\x00" * (128 - len(header))
    return header + body
