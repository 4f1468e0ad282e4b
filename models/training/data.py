"""Training and validation data: decoded high-resolution images, and random patches degraded on
the fly by a recipe mixture (``degradations.py``) with the 8 flips/rotations.

Images are decoded once and kept in memory (cached as .npz under runs/): on two CPU cores,
decoding JPEGs per batch would cost more than the network step. Degrading per patch (not per
image, once) means every step sees a fresh blur, noise and JPEG draw. No PyTorch here, so the
tests of the data path run without it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from degradations import Mixture
from PIL import Image

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp"}
#: DIV2K mean in BGR order, the EDSR input convention.
DIV2K_BGR_MEAN = (103.1545782, 111.561547, 114.35629928)
#: Low-resolution pixels degraded around each patch and then cut away, so the patch's blur,
#: resize and JPEG see image content instead of a border.
MARGIN = 8


def list_images(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def load_rgb(path: Path, shrink: float = 1.0) -> Image.Image:
    """RGB image; ``shrink`` < 1 downsizes (anti-aliased) to wash out JPEG artefacts."""
    image = Image.open(path).convert("RGB")
    if shrink != 1.0:
        w, h = image.size
        image = image.resize((round(w * shrink), round(h * shrink)), Image.BICUBIC)
    return image


def to_bgr(image: Image.Image) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])


def degrade(hr: Image.Image, scale: int) -> tuple[np.ndarray, np.ndarray]:
    """HR cropped to a multiple of scale and its Pillow-bicubic LR, both BGR uint8."""
    w, h = hr.size
    w, h = w - w % scale, h - h % scale
    hr = hr.crop((0, 0, w, h))
    lr = hr.resize((w // scale, h // scale), Image.BICUBIC)
    return to_bgr(hr), to_bgr(lr)


def load_images(sources: list[tuple[Path, float]], cache: Path | None = None) -> list[np.ndarray]:
    """Every image of the given (folder, shrink) sources as BGR uint8, cached as one .npz."""
    if cache is not None and cache.exists():
        with np.load(cache) as data:
            return [data[f"hr{i}"] for i in range(len(data.files))]
    images = [
        to_bgr(load_rgb(p, shrink)) for folder, shrink in sources for p in list_images(folder)
    ]
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp.npz")
        np.savez(tmp, **{f"hr{i}": hr for i, hr in enumerate(images)})
        tmp.replace(cache)
    return images


def dihedral(image: np.ndarray, k: int) -> np.ndarray:
    """One of the 8 flips/rotations (k in 0..7)."""
    if k & 1:
        image = image[:, ::-1]
    if k & 2:
        image = image[::-1]
    if k & 4:
        image = image.transpose(1, 0, 2)
    return np.ascontiguousarray(image)


class DegradingSampler:
    """Random HR patches, each degraded by a draw of ``mixture``; returns mean-subtracted float32
    NCHW (LR, HR) batches. One generator drives every choice, so its state reproduces a run."""

    def __init__(
        self, images: list[np.ndarray], scale: int, lr_patch: int, mixture: Mixture, seed: int
    ) -> None:
        self.images = [im for im in images if min(im.shape[:2]) >= lr_patch * scale]
        if not self.images:
            raise ValueError(f"no training image holds a {lr_patch * scale}-pixel patch")
        self.scale = scale
        self.lr_patch = lr_patch
        self.mixture = mixture
        areas = np.array([im.shape[0] * im.shape[1] for im in self.images], dtype=np.float64)
        self.weights = areas / areas.sum()
        self.rng = np.random.default_rng(seed)
        self.mean = np.array(DIV2K_BGR_MEAN, dtype=np.float32).reshape(1, 3, 1, 1)

    def pair(self) -> tuple[np.ndarray, np.ndarray]:
        """One (LR, HR) uint8 BGR patch pair."""
        p, s, rng = self.lr_patch, self.scale, self.rng
        image = self.images[int(rng.choice(len(self.images), p=self.weights))]
        h, w = image.shape[:2]
        # The largest margin (up to MARGIN) that fits; small images get less context.
        margin = min(MARGIN, (h // s - p) // 2, (w // s - p) // 2)
        size = (p + 2 * margin) * s
        y = int(rng.integers(0, h - size + 1))
        x = int(rng.integers(0, w - size + 1))
        hr = dihedral(image[y : y + size, x : x + size], int(rng.integers(0, 8)))
        lr = self.mixture(hr, s, rng)
        m = margin
        return lr[m : m + p, m : m + p], hr[m * s : (m + p) * s, m * s : (m + p) * s]

    def batch(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        p, s = self.lr_patch, self.scale
        lrs = np.empty((size, p, p, 3), np.uint8)
        hrs = np.empty((size, p * s, p * s, 3), np.uint8)
        for n in range(size):
            lrs[n], hrs[n] = self.pair()
        lr_t = lrs.transpose(0, 3, 1, 2).astype(np.float32) - self.mean
        hr_t = hrs.transpose(0, 3, 1, 2).astype(np.float32) - self.mean
        return lr_t, hr_t
