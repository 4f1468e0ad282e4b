"""ICC profiles made by hand for the colour-correction tests: matrix/shaper RGB profiles with
each kind of tone curve (gamma, parametric, sampled table), a gray profile, and broken ones."""

from __future__ import annotations

import struct

import numpy as np

#: Adobe RGB (1998) primaries, D50-adapted (as in tests/images.icc_profile).
ADOBE_COLORANTS = ((0.6097, 0.3111, 0.0195), (0.2053, 0.6257, 0.0609), (0.1492, 0.0632, 0.7446))
#: The sRGB curve as ICC parametric type 3.
SRGB_PARA = (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def xyz_tag(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + b"\x00" * 4 + _s15(x) + _s15(y) + _s15(z)


def gamma_curve(gamma: float) -> bytes:
    return b"curv" + b"\x00" * 4 + struct.pack(">IH", 1, round(gamma * 256)) + b"\x00" * 2


def para_curve(function: int, params: tuple[float, ...]) -> bytes:
    return b"para" + b"\x00" * 4 + struct.pack(">HH", function, 0) + b"".join(map(_s15, params))


def table_curve(values: np.ndarray) -> bytes:
    codes = np.clip(np.rint(np.asarray(values) * 65535), 0, 65535).astype(">u2")
    return b"curv" + b"\x00" * 4 + struct.pack(">I", len(codes)) + codes.tobytes()


def description(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\x00"
    return (
        b"desc"
        + b"\x00" * 4
        + struct.pack(">I", len(ascii_))
        + ascii_
        + b"\x00" * (4 + 4 + 2 + 1 + 67)
    )


def profile(colour_space: bytes, tags: list[tuple[bytes, bytes]]) -> bytes:
    """An ICC v2 display profile of ``colour_space`` (b"RGB " or b"GRAY") holding ``tags``."""
    tags = [(b"desc", description("Upscaler test profile")), *tags]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        while (offset + len(data)) % 4:
            data += b"\x00"
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    body = struct.pack(">I", len(tags)) + table + data
    header = struct.pack(">I", 128 + len(body)) + b"none" + bytes([2, 0x10, 0, 0]) + b"mntr"
    header += colour_space + b"XYZ " + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp"
    header += b"\x00" * 24 + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"\x00" * 4
    header += b"\x00" * (128 - len(header))
    return header + body


def rgb_profile(curve: bytes, colorants=ADOBE_COLORANTS, *, drop: bytes | None = None) -> bytes:
    """A matrix/shaper RGB profile with one curve for all channels (``drop``: leave a tag out)."""
    tags = [(b"wtpt", xyz_tag(0.9642, 1.0, 0.8249))]
    tags += [
        (sig, xyz_tag(*c)) for sig, c in zip((b"rXYZ", b"gXYZ", b"bXYZ"), colorants, strict=True)
    ]
    tags += [(sig, curve) for sig in (b"rTRC", b"gTRC", b"bTRC")]
    return profile(b"RGB ", [t for t in tags if t[0] != drop])


def gray_profile(curve: bytes) -> bytes:
    return profile(b"GRAY", [(b"wtpt", xyz_tag(0.9642, 1.0, 0.8249)), (b"kTRC", curve)])
