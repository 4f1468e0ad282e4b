"""MATLAB's ``imresize(img, 1/s, 'bicubic')`` in numpy, for benchmarks only.

The super-resolution literature makes its low-resolution test images with MATLAB's bicubic
resize, which widens the cubic kernel by the scale when shrinking (antialiasing) and mirrors the
image at its borders; the published Set5/Set14 numbers (DAT, EDSR, ...) use those images.
Pillow's BICUBIC (the program's ``bench quality``) is a slightly different filter, so both are
reported. Follows the reference algorithm (also in BasicSR's ``matlab_functions.imresize``): a
separable resampling with weights normalised per output pixel, computed in float64, and for
uint8 images rounded back to uint8 as MATLAB does.
"""

from __future__ import annotations

import math

import numpy as np


def _cubic(x: np.ndarray) -> np.ndarray:
    """Keys' cubic with a = -0.5, MATLAB's bicubic kernel."""
    ax = np.abs(x)
    ax2, ax3 = ax * ax, ax * ax * ax
    near = (1.5 * ax3 - 2.5 * ax2 + 1.0) * (ax <= 1)
    far = (-0.5 * ax3 + 2.5 * ax2 - 4.0 * ax + 2.0) * ((ax > 1) & (ax <= 2))
    return near + far


def resize_matrix(in_length: int, out_length: int, scale: float) -> np.ndarray:
    """The (out_length, in_length) matrix that resamples one axis, borders mirrored."""
    kernel_width = 4.0
    antialias = scale < 1
    if antialias:
        kernel_width /= scale
    x = np.arange(1, out_length + 1, dtype=np.float64)
    u = x / scale + 0.5 * (1 - 1 / scale)  # output pixel centres in input coordinates (1-based)
    left = np.floor(u - kernel_width / 2)
    taps = math.ceil(kernel_width) + 2
    indices = left[:, None] + np.arange(taps)[None, :]
    distance = u[:, None] - indices
    weights = scale * _cubic(distance * scale) if antialias else _cubic(distance)
    weights /= weights.sum(axis=1, keepdims=True)
    # MATLAB's "symmetric" border: ..., 2, 1, 1, 2, ..., n, n, n-1, ...
    mirror = np.concatenate([np.arange(in_length), np.arange(in_length - 1, -1, -1)])
    columns = mirror[(indices.astype(np.int64) - 1) % (2 * in_length)]
    matrix = np.zeros((out_length, in_length))
    for tap in range(taps):
        np.add.at(matrix, (np.arange(out_length), columns[:, tap]), weights[:, tap])
    return matrix


def imresize(image: np.ndarray, scale: float) -> np.ndarray:
    """Resize an HxW or HxWxC image by ``scale``; uint8 in gives rounded uint8 out."""
    height, width = image.shape[:2]
    out_h, out_w = math.ceil(height * scale), math.ceil(width * scale)
    rows = resize_matrix(height, out_h, scale)
    cols = resize_matrix(width, out_w, scale)
    data = image.astype(np.float64)
    out = np.einsum("oh,hw...->ow...", rows, data)
    out = np.einsum("pw,ow...->op...", cols, out)
    if image.dtype == np.uint8:
        return np.clip(np.floor(out + 0.5), 0, 255).astype(np.uint8)  # MATLAB rounds half up
    return out
