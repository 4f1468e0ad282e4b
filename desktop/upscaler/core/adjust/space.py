"""The colour spaces automatic colour correction works in, and the conversions between them.

Two working spaces, both defined on the ICC profile connection space (CIE XYZ, D50), so that the
same colour gets the same correction whatever RGB encoding its file uses:

* **linear light**: RGB with the sRGB primaries (their D50-adapted colorants, as in the ICC sRGB
  profile), no transfer curve. White balance works here, as gains in the Bradford cone space: a
  change of illuminant multiplies cone responses, which only holds for linear light.
* **perceptual**: the same RGB with the sRGB transfer curve, roughly uniform in lightness. Levels
  and fade restoration work here: a black point moved by 0.04 looks like the same step in the
  shadows as in the highlights.

Values outside 0..1 (colours of a wide-gamut profile that sRGB cannot hold, highlights pushed up by
a gain) are kept as they are, with the curves extended symmetrically, and only clipped once the
result is back in the image's own encoding.
"""

from __future__ import annotations

import numpy as np

#: PCS white (ICC D50), XYZ with Y = 1.
D50 = np.array([0.9642, 1.0, 0.8249])
#: Linear sRGB (D50-adapted colorants of the ICC sRGB profile) to XYZ; columns are R, G, B.
SRGB_TO_XYZ = np.array(
    [
        [0.4360747, 0.3850649, 0.1430804],
        [0.2225045, 0.7168786, 0.0606169],
        [0.0139322, 0.0971045, 0.7141733],
    ]
)
XYZ_TO_SRGB = np.linalg.inv(SRGB_TO_XYZ)
#: Bradford cone response matrix (XYZ to "sharpened" LMS), the ICC's chromatic adaptation.
BRADFORD = np.array(
    [
        [0.8951, 0.2664, -0.1614],
        [-0.7502, 1.7135, 0.0367],
        [0.0389, -0.0685, 1.0296],
    ]
)

_LINEAR_LIMIT = 0.0031308
_ENCODED_LIMIT = 0.04045


def srgb_encode(linear: np.ndarray) -> np.ndarray:
    """Linear light to the sRGB curve (float32), odd-symmetric so negative values survive."""
    x = np.asarray(linear, dtype=np.float32)
    magnitude = np.abs(x)
    curved = 1.055 * np.power(np.maximum(magnitude, _LINEAR_LIMIT), np.float32(1 / 2.4)) - 0.055
    out = np.where(magnitude <= _LINEAR_LIMIT, magnitude * 12.92, curved)
    return np.copysign(out, x).astype(np.float32, copy=False)


def srgb_decode(encoded: np.ndarray) -> np.ndarray:
    """The sRGB curve back to linear light (float32), odd-symmetric like :func:`srgb_encode`."""
    v = np.asarray(encoded, dtype=np.float32)
    magnitude = np.abs(v)
    curved = np.power((np.maximum(magnitude, _ENCODED_LIMIT) + 0.055) / 1.055, np.float32(2.4))
    out = np.where(magnitude <= _ENCODED_LIMIT, magnitude / 12.92, curved)
    return np.copysign(out, v).astype(np.float32, copy=False)


def bradford_adaptation(source_white: np.ndarray, target_white: np.ndarray) -> np.ndarray:
    """XYZ-to-XYZ matrix that takes ``source_white`` to ``target_white`` (von Kries in Bradford
    cone space): what a neutral surface lit by the source looks like under the target."""
    source = BRADFORD @ np.asarray(source_white, dtype=np.float64)
    target = BRADFORD @ np.asarray(target_white, dtype=np.float64)
    return np.linalg.inv(BRADFORD) @ np.diag(target / source) @ BRADFORD


def xyz_to_lab(xyz: np.ndarray, white: np.ndarray = D50) -> np.ndarray:
    """CIE L*a*b* of XYZ values (last axis), relative to ``white`` (the PCS white by default)."""
    t = np.asarray(xyz, dtype=np.float64) / white
    delta = 6 / 29
    f = np.where(t > delta**3, np.cbrt(t), t / (3 * delta**2) + 4 / 29)
    lightness = 116 * f[..., 1] - 16
    a = 500 * (f[..., 0] - f[..., 1])
    b = 200 * (f[..., 1] - f[..., 2])
    return np.stack([lightness, a, b], axis=-1)


def log_chroma(rgb: np.ndarray) -> np.ndarray:
    """(log R/G, log B/G) of a linear RGB triple: an illuminant change is a shift in this plane."""
    r, g, b = np.maximum(np.asarray(rgb, dtype=np.float64), 1e-9)
    return np.array([np.log(r / g), np.log(b / g)])
