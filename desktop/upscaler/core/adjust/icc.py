"""What an image's numbers mean, read from its ICC profile: tone curves and primaries.

Colour correction needs linear light and a way to CIE XYZ. Nearly every RGB profile in use
(sRGB, Adobe RGB, Display P3, ProPhoto, camera and scanner "matrix/TRC" profiles) and every gray
profile is a *matrix/shaper* profile: one tone curve per channel (``rTRC``/``gTRC``/``bTRC``, or
``kTRC``) and, for RGB, the XYZ of each primary (``rXYZ``/``gXYZ``/``bXYZ``, already adapted to
the D50 connection space). Those few tags are read here directly, in floating point, because
Pillow's colour management works on 8-bit images only and would throw away 16-bit precision.
Table-based (``A2B0``) profiles without those tags are refused with :class:`UnsupportedProfile`;
the caller then leaves the colours alone rather than guess.

An image without a profile is taken as sRGB, the convention of the web, cameras and operating
systems for untagged pictures; a profile, when there is one, always wins.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np

from upscaler.core.adjust.space import SRGB_TO_XYZ, srgb_decode, srgb_encode
from upscaler.core.messages import text


class UnsupportedProfile(ValueError):
    """The profile cannot be read as a matrix/shaper profile; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # a messages.Text: kept so that it can be translated


@dataclass(frozen=True)
class ToneCurve:
    """One channel's tone reproduction curve: encoded value (0..1) to linear light (0..1).

    ``kind`` is ``"srgb"`` (the sRGB curve), ``"parametric"`` (ICC ``para`` function types 0-4;
    a plain gamma is type 0) or ``"table"`` (sampled ``curv``, linearly interpolated).
    """

    kind: str
    params: tuple[float, ...] = ()
    table: np.ndarray | None = field(default=None, compare=False)

    def decode(self, encoded: np.ndarray) -> np.ndarray:
        x = np.clip(np.asarray(encoded, dtype=np.float32), 0.0, 1.0)
        if self.kind == "srgb":
            return srgb_decode(x)
        if self.kind == "table":
            assert self.table is not None
            grid = np.linspace(0.0, 1.0, len(self.table), dtype=np.float32)
            return np.interp(x, grid, self.table).astype(np.float32)
        return _para_decode(x, self.params)

    def encode(self, linear: np.ndarray) -> np.ndarray:
        y = np.clip(np.asarray(linear, dtype=np.float32), 0.0, 1.0)
        if self.kind == "srgb":
            return srgb_encode(y)
        if self.kind == "table":
            assert self.table is not None
            grid = np.linspace(0.0, 1.0, len(self.table), dtype=np.float32)
            return np.interp(y, self.table, grid).astype(np.float32)
        return _para_encode(y, self.params)

    @property
    def is_identity(self) -> bool:
        return self.kind == "parametric" and self.params == (1.0,)


SRGB_CURVE = ToneCurve("srgb")


@dataclass(frozen=True)
class ImageSpace:
    """An image's colour encoding: a curve per channel (R, G, B or gray) and, for RGB, the 3x3
    matrix from its linear RGB to PCS XYZ (D50)."""

    name: str
    curves: tuple[ToneCurve, ...]
    to_xyz: np.ndarray | None = field(default=None, compare=False)

    @property
    def is_gray(self) -> bool:
        return len(self.curves) == 1


def srgb_space(gray: bool = False) -> ImageSpace:
    """The space of an untagged image."""
    if gray:
        return ImageSpace("sRGB gray (no profile)", (SRGB_CURVE,))
    return ImageSpace("sRGB (no profile)", (SRGB_CURVE,) * 3, SRGB_TO_XYZ.copy())


def image_space(icc: bytes | None, *, gray: bool) -> ImageSpace:
    """The space the numbers of an image with this profile (or none) are in.

    Raises :class:`UnsupportedProfile` for a profile that is not a matrix/shaper profile of the
    image's kind (RGB for colour, GRAY for gray).
    """
    if not icc:
        return srgb_space(gray)
    tags = _tag_table(icc)
    colour_space = icc[16:20].decode("ascii", "replace").strip()
    wanted = "GRAY" if gray else "RGB"
    if colour_space != wanted:
        raise UnsupportedProfile(
            text("a {space} profile on a {kind} image", space=colour_space, kind=wanted)
        )
    name = _description(icc, tags) or f"{wanted} profile"
    if gray:
        return ImageSpace(name, (_curve(icc, tags, b"kTRC"),))
    curves = tuple(_curve(icc, tags, sig) for sig in (b"rTRC", b"gTRC", b"bTRC"))
    columns = [_xyz(icc, tags, sig) for sig in (b"rXYZ", b"gXYZ", b"bXYZ")]
    matrix = np.array(columns, dtype=np.float64).T
    if not np.all(np.isfinite(matrix)) or abs(np.linalg.det(matrix)) < 1e-6:
        raise UnsupportedProfile(text("its primaries do not form a colour space"))
    return ImageSpace(name, curves, matrix)


# -- parsing ------------------------------------------------------------------------------------


def _tag_table(icc: bytes) -> dict[bytes, tuple[int, int]]:
    if len(icc) < 132 or icc[36:40] != b"acsp":
        raise UnsupportedProfile(text("not an ICC profile"))
    (count,) = struct.unpack(">I", icc[128:132])
    if 132 + 12 * count > len(icc):
        raise UnsupportedProfile(text("its tag table is cut short"))
    tags: dict[bytes, tuple[int, int]] = {}
    for i in range(count):
        sig, offset, size = struct.unpack(">4sII", icc[132 + 12 * i : 144 + 12 * i])
        if offset + size <= len(icc):
            tags.setdefault(sig, (offset, size))
    return tags


def _tag(icc: bytes, tags: dict[bytes, tuple[int, int]], sig: bytes) -> bytes:
    if sig not in tags:
        raise UnsupportedProfile(
            text("it has no {tag} tag (not a matrix/shaper profile)", tag=sig.decode("ascii"))
        )
    offset, size = tags[sig]
    return icc[offset : offset + size]


def _s15(raw: bytes) -> float:
    return struct.unpack(">i", raw)[0] / 65536.0


def _xyz(icc: bytes, tags: dict[bytes, tuple[int, int]], sig: bytes) -> tuple[float, ...]:
    data = _tag(icc, tags, sig)
    if data[:4] != b"XYZ " or len(data) < 20:
        raise UnsupportedProfile(text("its {tag} tag is not an XYZ value", tag=sig.decode("ascii")))
    return tuple(_s15(data[8 + 4 * i : 12 + 4 * i]) for i in range(3))


#: Number of s15Fixed16 parameters of each ICC parametric curve type.
_PARA_COUNTS = {0: 1, 1: 3, 2: 4, 3: 5, 4: 7}


def _curve(icc: bytes, tags: dict[bytes, tuple[int, int]], sig: bytes) -> ToneCurve:
    data = _tag(icc, tags, sig)
    kind = data[:4]
    if kind == b"curv" and len(data) >= 12:
        (count,) = struct.unpack(">I", data[8:12])
        if count == 0:
            return ToneCurve("parametric", (1.0,))
        if count == 1 and len(data) >= 14:
            return ToneCurve("parametric", (struct.unpack(">H", data[12:14])[0] / 256.0,))
        if len(data) >= 12 + 2 * count:
            values = np.frombuffer(data[12 : 12 + 2 * count], dtype=">u2").astype(np.float32)
            # A CMM treats the table as monotonic; make it so, so that it can be inverted.
            return ToneCurve("table", table=np.maximum.accumulate(values / 65535.0))
    if kind == b"para" and len(data) >= 12:
        (function,) = struct.unpack(">H", data[8:10])
        count = _PARA_COUNTS.get(function)
        if count is not None and len(data) >= 12 + 4 * count:
            params = tuple(_s15(data[12 + 4 * i : 16 + 4 * i]) for i in range(count))
            return ToneCurve("parametric", _as_type4(function, params))
    raise UnsupportedProfile(text("its {tag} tone curve cannot be read", tag=sig.decode("ascii")))


def _as_type4(function: int, p: tuple[float, ...]) -> tuple[float, ...]:
    """Every ICC parametric type as type 4: Y = (aX+b)^g + e for X >= d, else cX + f."""
    if function == 0:
        return (p[0],)
    g, a, b = p[0], p[1], p[2]
    if function == 1:  # (aX+b)^g for X >= -b/a, else 0
        return (g, a, b, 0.0, -b / a, 0.0, 0.0)
    if function == 2:  # (aX+b)^g + c for X >= -b/a, else c
        return (g, a, b, 0.0, -b / a, p[3], p[3])
    if function == 3:  # (aX+b)^g for X >= d, else cX
        return (g, a, b, p[3], p[4], 0.0, 0.0)
    return p


def _para_decode(x: np.ndarray, p: tuple[float, ...]) -> np.ndarray:
    if len(p) == 1:
        return np.power(x, np.float32(p[0]), dtype=np.float32)
    g, a, b, c, d, e, f = p
    base = np.maximum(a * x + b, 0.0)
    upper = np.power(base, np.float32(g), dtype=np.float32) + e
    return np.where(x >= d, upper, c * x + f).astype(np.float32)


def _para_encode(y: np.ndarray, p: tuple[float, ...]) -> np.ndarray:
    if len(p) == 1:
        return np.power(y, np.float32(1.0 / p[0]), dtype=np.float32)
    g, a, b, c, d, e, f = p
    knee = max(a * d + b, 0.0) ** g + e  # the curve's value where its two pieces meet
    root = np.power(np.maximum(y - e, 0.0), np.float32(1.0 / g), dtype=np.float32)
    upper = (root - b) / a
    lower = (y - f) / c if c != 0 else np.full_like(y, d)
    return np.clip(np.where(y >= knee, upper, lower), 0.0, 1.0).astype(np.float32)


def _description(icc: bytes, tags: dict[bytes, tuple[int, int]]) -> str | None:
    """The profile's name (``desc``: v2 ``desc`` or v4 ``mluc``), for messages."""
    if b"desc" not in tags:
        return None
    offset, size = tags[b"desc"]
    data = icc[offset : offset + size]
    try:
        if data[:4] == b"desc":
            (length,) = struct.unpack(">I", data[8:12])
            return data[12 : 12 + length].split(b"\0")[0].decode("latin-1").strip() or None
        if data[:4] == b"mluc":
            record_size = struct.unpack(">I", data[12:16])[0]
            if record_size >= 12:
                length, start = struct.unpack(">II", data[20:28])
                return data[start : start + length].decode("utf-16-be").strip() or None
    except (struct.error, UnicodeDecodeError):
        return None
    return None
