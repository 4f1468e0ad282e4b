"""Training and validation data: the literature's bicubic degradation, patches, augmentation.

Images are decoded once and kept in memory (cached as .npz under runs/): on two CPU cores,
decoding JPEGs per batch would cost more than the network step.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from upnet_model import DIV2K_BGR_MEAN

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp"}


def list_images(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def load_rgb(path: Path, shrink: float = 1.0) -> Image.Image:
    """RGB image; ``shrink`` < 1 downsizes (anti-aliased) to wash out JPEG artefacts."""
    image = Image.open(path).convert("RGB")
    if shrink != 1.0:
        w, h = image.size
        image = image.resize((round(w * shrink), round(h * shrink)), Image.BICUBIC)
    return image


def degrade(hr: Image.Image, scale: int) -> tuple[np.ndarray, np.ndarray]:
    """HR cropped to a multiple of scale and its Pillow-bicubic LR, both BGR uint8."""
    w, h = hr.size
    w, h = w - w % scale, h - h % scale
    hr = hr.crop((0, 0, w, h))
    lr = hr.resize((w // scale, h // scale), Image.BICUBIC)
    return np.ascontiguousarray(np.asarray(hr)[:, :, ::-1]), np.ascontiguousarray(
        np.asarray(lr)[:, :, ::-1]
    )


def load_pairs(
    sources: list[tuple[Path, float]], scale: int, cache: Path | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(HR, LR) pairs for every image of the given (folder, shrink) sources."""
    if cache is not None and cache.exists():
        with np.load(cache) as data:
            n = len(data.files) // 2
            return [(data[f"hr{i}"], data[f"lr{i}"]) for i in range(n)]
    pairs = []
    for folder, shrink in sources:
        for path in list_images(folder):
            pairs.append(degrade(load_rgb(path, shrink), scale))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        arrays = {}
        for i, (hr, lr) in enumerate(pairs):
            arrays[f"hr{i}"], arrays[f"lr{i}"] = hr, lr
        np.savez(cache, **arrays)
    return pairs


class PatchSampler:
    """Random aligned LR/HR patches with the 8 flips/rotations, as mean-subtracted float32 NCHW."""

    def __init__(
        self, pairs: list[tuple[np.ndarray, np.ndarray]], scale: int, lr_patch: int, seed: int
    ) -> None:
        self.pairs = [p for p in pairs if min(p[1].shape[:2]) >= lr_patch]
        self.scale = scale
        self.lr_patch = lr_patch
        areas = np.array([p[1].shape[0] * p[1].shape[1] for p in self.pairs], dtype=np.float64)
        self.weights = areas / areas.sum()
        self.rng = np.random.default_rng(seed)
        self.mean = np.array(DIV2K_BGR_MEAN, dtype=np.float32).reshape(1, 3, 1, 1)

    def batch(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        p, s = self.lr_patch, self.scale
        lrs = np.empty((size, p, p, 3), np.uint8)
        hrs = np.empty((size, p * s, p * s, 3), np.uint8)
        picks = self.rng.choice(len(self.pairs), size=size, p=self.weights)
        for n, i in enumerate(picks):
            hr, lr = self.pairs[i]
            y = int(self.rng.integers(0, lr.shape[0] - p + 1))
            x = int(self.rng.integers(0, lr.shape[1] - p + 1))
            a = lr[y : y + p, x : x + p]
            b = hr[y * s : (y + p) * s, x * s : (x + p) * s]
            k = int(self.rng.integers(0, 8))
            if k & 1:
                a, b = a[:, ::-1], b[:, ::-1]
            if k & 2:
                a, b = a[::-1], b[::-1]
            if k & 4:
                a, b = a.transpose(1, 0, 2), b.transpose(1, 0, 2)
            lrs[n], hrs[n] = a, b
        lr_t = lrs.transpose(0, 3, 1, 2).astype(np.float32) - self.mean
        hr_t = hrs.transpose(0, 3, 1, 2).astype(np.float32) - self.mean
        return lr_t, hr_t
