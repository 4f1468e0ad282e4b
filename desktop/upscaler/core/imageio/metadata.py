"""Metadata that must survive an upscale: EXIF orientation, PNG iCCP/eXIf chunks, ICC colour space.

Everything here works on raw bytes so that what we carry over is the user's data unchanged except
for the one field we must change (Orientation, once the pixels are rotated).
"""

from __future__ import annotations

import struct
import threading
import warnings
import zlib
from collections.abc import Iterator

import numpy as np

#: The JPEG APP1 payload form of EXIF; :class:`LoadedImage.exif` always uses it.
EXIF_PREFIX = b"Exif\x00\x00"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ORIENTATION_TAG = 0x0112
_SHORT = 3
#: warnings.catch_warnings changes process-wide state: one thread at a time.
_PILLOW_WARNINGS = threading.Lock()


def normalize_exif(raw: bytes | None) -> bytes | None:
    """EXIF in the ``Exif\\0\\0`` + TIFF form, whatever container it came from; None if not EXIF."""
    if not raw:
        return None
    tiff = raw[len(EXIF_PREFIX) :] if raw.startswith(EXIF_PREFIX) else raw
    if tiff[:4] not in (b"II*\x00", b"MM\x00*"):
        return None
    return EXIF_PREFIX + tiff


def exif_tiff(exif: bytes) -> bytes:
    """The bare TIFF structure (what PNG eXIf and WebP EXIF chunks hold)."""
    return exif[len(EXIF_PREFIX) :] if exif.startswith(EXIF_PREFIX) else exif


def _orientation_offset(exif: bytes) -> tuple[int, str] | None:
    """Byte offset (in ``exif``) of IFD0's Orientation value and the byte order, if present."""
    base = len(EXIF_PREFIX) if exif.startswith(EXIF_PREFIX) else 0
    tiff = exif[base:]
    if len(tiff) < 8:
        return None
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return None
    (ifd,) = struct.unpack(order + "I", tiff[4:8])
    if ifd + 2 > len(tiff):
        return None
    (count,) = struct.unpack(order + "H", tiff[ifd : ifd + 2])
    for i in range(count):
        entry = ifd + 2 + 12 * i
        if entry + 12 > len(tiff):
            return None
        tag, typ, n = struct.unpack(order + "HHI", tiff[entry : entry + 8])
        if tag == ORIENTATION_TAG:
            return (base + entry + 8, order) if typ == _SHORT and n == 1 else None
    return None


def exif_orientation(exif: bytes | None) -> int:
    """The EXIF Orientation (1..8); 1 when absent or unreadable."""
    if not exif:
        return 1
    found = _orientation_offset(exif)
    if found is None:
        return 1
    offset, order = found
    (value,) = struct.unpack(order + "H", exif[offset : offset + 2])
    return value if 1 <= value <= 8 else 1


def exif_with_orientation_reset(exif: bytes) -> bytes:
    """The same EXIF bytes with Orientation = 1, so that viewers do not rotate a second time."""
    found = _orientation_offset(exif)
    if found is None:
        return exif
    offset, order = found
    return exif[:offset] + struct.pack(order + "H", 1) + exif[offset + 2 :]


def apply_orientation(pixels: np.ndarray, orientation: int) -> np.ndarray:
    """Turn stored pixels into displayed pixels for an EXIF/TIFF Orientation value."""
    ops = {
        1: lambda a: a,
        2: lambda a: a[:, ::-1],
        3: lambda a: a[::-1, ::-1],
        4: lambda a: a[::-1],
        5: lambda a: a.swapaxes(0, 1),
        6: lambda a: np.rot90(a, -1),
        7: lambda a: a[::-1, ::-1].swapaxes(0, 1),
        8: lambda a: np.rot90(a, 1),
    }
    return np.ascontiguousarray(ops.get(orientation, ops[1])(pixels))


def icc_colour_space(icc: bytes | None) -> str | None:
    """The data colour space an ICC profile describes ("RGB", "GRAY", "CMYK", ...)."""
    if not icc or len(icc) < 20:
        return None
    return icc[16:20].decode("ascii", "replace").strip()


# --- PNG chunks -------------------------------------------------------------------------------


def png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(type, payload) of each chunk up to IEND; ValueError on a broken structure or CRC."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise ValueError(f"PNG chunk {kind.decode('latin-1')} is cut short")
        payload = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + payload) != crc:
            raise ValueError(f"PNG chunk {kind.decode('latin-1')} is damaged (CRC mismatch)")
        yield kind, payload
        if kind == b"IEND":
            return
        pos = end
    raise ValueError("PNG data ends without an IEND chunk")


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload))
    )


def png_metadata(data: bytes) -> tuple[bytes | None, bytes | None]:
    """(ICC profile, EXIF) of a PNG, read from its iCCP and eXIf chunks; (None, None) if broken."""
    icc = exif = None
    try:
        for kind, payload in png_chunks(data):
            if kind == b"iCCP" and icc is None:
                name_end = payload.index(b"\x00")
                icc = zlib.decompress(payload[name_end + 2 :])
            elif kind == b"eXIf" and exif is None:
                exif = normalize_exif(payload)
    except (ValueError, zlib.error):
        return icc, exif
    return icc, exif


def iccp_payload(icc: bytes) -> bytes:
    """An iCCP chunk body: profile name, compression method 0 (zlib), compressed profile."""
    return b"ICC profile\x00\x00" + zlib.compress(icc, 9)


def png_transparent_key(data: bytes) -> tuple[int, ...] | None:
    """The tRNS colour key of a gray (1 value) or RGB (3 values) PNG; None if it has none."""
    if len(data) < 26 or data[25] not in (0, 2):
        return None
    try:
        for kind, payload in png_chunks(data):
            if kind == b"tRNS":
                count = 1 if data[25] == 0 else 3
                if len(payload) != 2 * count:
                    return None
                return struct.unpack(f">{count}H", payload)
            if kind == b"IDAT":
                return None  # tRNS must come before the image data
    except ValueError:
        return None
    return None


def png_bit_depth(data: bytes) -> int:
    """Bits per sample from IHDR (0 when the header is not there)."""
    return data[24] if len(data) > 25 and data.startswith(PNG_SIGNATURE) else 0


# --- TIFF: EXIF lives in the file's own IFD -----------------------------------------------------

#: IFD0 text tags carried between EXIF and TIFF (TIFF holds them natively, not as an EXIF blob).
TEXT_TAGS = {
    270: "ImageDescription",
    271: "Make",
    272: "Model",
    305: "Software",
    306: "DateTime",
    315: "Artist",
    33432: "Copyright",
}


def exif_text_tags(exif: bytes | None) -> dict[int, str]:
    """IFD0 text tags of an EXIF blob (for writing them as TIFF tags)."""
    if not exif:
        return {}
    from PIL import Image

    parsed = Image.Exif()
    try:
        with _PILLOW_WARNINGS, warnings.catch_warnings():
            # Pillow warns "Corrupt EXIF data" (with its own file and line) on a damaged blob
            warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
            parsed.load(exif_tiff(exif))
    except Exception:  # a damaged EXIF blob: carry nothing rather than fail the write
        return {}
    return {tag: str(parsed[tag]) for tag in TEXT_TAGS if isinstance(parsed.get(tag), str)}


def exif_from_text_tags(tags: dict[int, str]) -> bytes | None:
    """A minimal EXIF blob (Orientation 1) holding a TIFF file's text tags."""
    if not tags:
        return None
    from PIL import Image

    exif = Image.Exif()
    exif[ORIENTATION_TAG] = 1
    for tag, value in tags.items():
        exif[tag] = value
    return normalize_exif(exif.tobytes())
