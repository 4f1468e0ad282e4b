"""Per-pixel arithmetic in NumPy: a matrix applied to every pixel's channels."""

from __future__ import annotations

import numpy as np


def transform(pixels: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """OpenCV's ``transform(pixels, matrix)`` for float32 pixels (last axis: the C channels) and a
    C'xC matrix: every pixel's channel vector multiplied by ``matrix``, a new float32 array of
    C' channels. One matrix product (BLAS), about as fast as OpenCV's; the sums may round
    differently in the last place (FMA, order)."""
    values = np.asarray(pixels, dtype=np.float32)
    m = np.asarray(matrix, dtype=np.float32)
    if m.ndim != 2 or m.shape[1] != values.shape[-1]:
        raise ValueError(f"a {m.shape} matrix cannot transform {values.shape[-1]} channels")
    flat = values.reshape(-1, values.shape[-1])
    out = np.empty((flat.shape[0], m.shape[0]), dtype=np.float32)
    np.matmul(flat, m.T, out=out)
    return out.reshape(values.shape[:-1] + (m.shape[0],))
