"""Image-quality measurement the way the super-resolution literature does it.

Numbers are only comparable with published ones when every convention matches, so they are fixed
here once: PSNR and SSIM on the ITU-R BT.601 luma (MATLAB ``rgb2ycbcr``), a border of ``scale``
pixels shaved, the high-resolution image cropped to a multiple of the scale, and the low-resolution
input made by anti-aliased bicubic downscaling (Pillow, close to MATLAB ``imresize``).
"""

from __future__ import annotations

import math
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from upscaler.core.errors import Cancelled
from upscaler.core.messages import text

#: SSIM constants of Wang et al. (2004) for an 8-bit dynamic range.
_SSIM_C1 = (0.01 * 255) ** 2
_SSIM_C2 = (0.03 * 255) ** 2
_SSIM_WINDOW = 11
_SSIM_SIGMA = 1.5

UpscaleFn = Callable[[np.ndarray], np.ndarray]


def to_8bit(image: np.ndarray) -> np.ndarray:
    """8-bit BGR or gray, alpha dropped: the benchmarks' colour space."""
    if image.dtype == np.uint16:
        image = np.round(image.astype(np.float64) / 257.0).astype(np.uint8)
    elif image.dtype != np.uint8:
        raise ValueError(f"unsupported pixel type {image.dtype}; expected uint8 or uint16")
    if image.ndim == 3 and image.shape[2] == 4:
        image = image[:, :, :3]
    return image


def luma_bt601(image: np.ndarray) -> np.ndarray:
    """BT.601 studio-range Y (16..235) as float64, exactly as MATLAB ``rgb2ycbcr`` computes it."""
    pixels = to_8bit(image).astype(np.float64)
    if pixels.ndim == 2:
        return 16.0 + pixels * ((65.481 + 128.553 + 24.966) / 255.0)
    b, g, r = pixels[:, :, 0], pixels[:, :, 1], pixels[:, :, 2]
    return 16.0 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0


def crop_to_scale(image: np.ndarray, scale: int) -> np.ndarray:
    """Drop the right/bottom remainder so the image divides exactly by ``scale``."""
    height, width = image.shape[:2]
    return image[: height - height % scale, : width - width % scale]


@dataclass(frozen=True)
class Degradation:
    """How the low-resolution input is made from the original: a downscaling filter, then
    optionally Gaussian noise (``noise_sigma`` grey levels, seeded per image) and JPEG."""

    resize: str = "bicubic"
    noise_sigma: float = 0.0
    jpeg_quality: int | None = None

    @property
    def name(self) -> str:
        """The spec :func:`parse_degradation` reads back (``bicubic``, ``noise:5+jpeg:60``)."""
        parts = []
        if self.resize != "bicubic" or not (self.noise_sigma or self.jpeg_quality is not None):
            parts.append(self.resize)
        if self.noise_sigma:
            parts.append(f"noise:{self.noise_sigma:g}")
        if self.jpeg_quality is not None:
            parts.append(f"jpeg:{self.jpeg_quality}")
        return "+".join(parts)


#: The degradations' downscaling filters. ``bicubic`` is the literature's (Pillow, anti-aliased:
#: the kernel widens with the scale, close to MATLAB ``imresize``); ``aliased`` is OpenCV's
#: ``INTER_CUBIC``, which does not widen its kernel and aliases, as many programs and websites
#: shrink; ``area`` is OpenCV's ``INTER_AREA`` (box averaging).
RESIZE_FILTERS = ("bicubic", "aliased", "area")
BICUBIC = Degradation()
_DEGRADE_SYNTAX = "bicubic | aliased | area | jpeg:Q | noise:SIGMA+jpeg:Q (Q 1-100, SIGMA 0-50)"


def parse_degradation(spec: str) -> Degradation:
    """``bicubic``, ``aliased``, ``area``, ``jpeg:Q`` or ``noise:SIGMA+jpeg:Q``; a resize filter
    may lead the JPEG/noise parts (``area+jpeg:40``). ValueError names the accepted forms."""
    resize, sigma, quality = "bicubic", 0.0, None
    parts = [p.strip().lower() for p in spec.split("+")]
    try:
        for n, part in enumerate(parts):
            key, _, value = part.partition(":")
            if key in RESIZE_FILTERS and not value and n == 0:
                resize = key
            elif key == "noise" and value and not sigma and quality is None:
                sigma = float(value)
                if not 0 < sigma <= 50:
                    raise ValueError
            elif key == "jpeg" and value and quality is None:
                quality = int(value)
                if not 1 <= quality <= 100:
                    raise ValueError
            else:
                raise ValueError
    except ValueError:
        raise ValueError(f"unknown degradation '{spec}'; expected {_DEGRADE_SYNTAX}") from None
    return Degradation(resize, sigma, quality)


def _seed_for(name: str) -> int:
    """A per-image noise seed that does not depend on the order or the machine."""
    return zlib.crc32(name.encode("utf-8"))


def downscale(hr: np.ndarray, scale: int, resize: str = "bicubic") -> np.ndarray:
    """``hr`` (dividing by ``scale``) shrunk by ``scale`` with one of :data:`RESIZE_FILTERS`."""
    hr = to_8bit(hr)
    height, width = hr.shape[:2]
    if height % scale or width % scale:
        raise ValueError(f"{width}x{height} is not a multiple of the scale {scale}")
    size = (width // scale, height // scale)
    if resize == "bicubic":
        # Bicubic resampling is per channel, so BGR can pass through Pillow as if it were RGB.
        return np.asarray(Image.fromarray(hr).resize(size, Image.Resampling.BICUBIC)).copy()
    if resize == "aliased":
        return cv2.resize(hr, size, interpolation=cv2.INTER_CUBIC)
    if resize == "area":
        return cv2.resize(hr, size, interpolation=cv2.INTER_AREA)
    raise ValueError(f"unknown resize filter '{resize}'; expected one of {RESIZE_FILTERS}")


def add_gaussian_noise(image: np.ndarray, sigma: float, seed: int) -> np.ndarray:
    """Independent Gaussian noise of ``sigma`` grey levels on every sample, rounded and clipped."""
    rng = np.random.default_rng(seed)
    noisy = image.astype(np.float64) + rng.normal(0.0, sigma, image.shape)
    return np.clip(np.rint(noisy), 0, 255).astype(np.uint8)


def jpeg_roundtrip(image: np.ndarray, quality: int) -> np.ndarray:
    """Encode as baseline JPEG (libjpeg via OpenCV, 4:2:0 chroma) at ``quality`` and decode."""
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise ValueError("JPEG encoding failed")
    flag = cv2.IMREAD_GRAYSCALE if image.ndim == 2 else cv2.IMREAD_COLOR
    decoded = cv2.imdecode(data, flag)
    if decoded is None:
        raise ValueError("JPEG decoding failed")
    return decoded


def degrade(
    hr: np.ndarray, scale: int, degradation: Degradation = BICUBIC, *, name: str = ""
) -> np.ndarray:
    """The low-resolution input: ``hr`` (dividing by ``scale``, see :func:`crop_to_scale`) shrunk
    by ``scale``, then noise and JPEG as ``degradation`` says. The default is the literature's
    anti-aliased bicubic. The noise is seeded by ``name``, so a report reproduces exactly.
    """
    lr = downscale(hr, scale, degradation.resize)
    if degradation.noise_sigma:
        lr = add_gaussian_noise(lr, degradation.noise_sigma, _seed_for(f"{name}@x{scale}"))
    if degradation.jpeg_quality is not None:
        lr = jpeg_roundtrip(lr, degradation.jpeg_quality)
    return lr


def _shave(values: np.ndarray, border: int) -> np.ndarray:
    if border <= 0:
        return values
    if min(values.shape[:2]) <= 2 * border:
        raise ValueError(f"a {border}-pixel border leaves nothing of a {values.shape} image")
    return values[border:-border, border:-border]


def _check_pair(reference: np.ndarray, test: np.ndarray) -> None:
    if reference.shape != test.shape:
        raise ValueError(f"shapes differ: {reference.shape} vs {test.shape}")
    if reference.ndim != 2:
        raise ValueError(f"expected a single channel, got shape {reference.shape}")


def psnr(reference: np.ndarray, test: np.ndarray, *, border: int = 0) -> float:
    """Peak signal-to-noise ratio in dB for one-channel images on a 0..255 scale."""
    _check_pair(reference, test)
    diff = _shave(reference.astype(np.float64), border) - _shave(test.astype(np.float64), border)
    mse = float(np.mean(diff * diff))
    return math.inf if mse == 0 else 10.0 * math.log10(255.0**2 / mse)


def _gaussian_window() -> np.ndarray:
    kernel = cv2.getGaussianKernel(_SSIM_WINDOW, _SSIM_SIGMA, ktype=cv2.CV_64F)
    return kernel @ kernel.T


def ssim(reference: np.ndarray, test: np.ndarray, *, border: int = 0) -> float:
    """Mean SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, 'valid' windows only)."""
    _check_pair(reference, test)
    x = _shave(reference.astype(np.float64), border)
    y = _shave(test.astype(np.float64), border)
    if min(x.shape) < _SSIM_WINDOW:
        raise ValueError(f"SSIM needs at least {_SSIM_WINDOW}x{_SSIM_WINDOW} pixels, got {x.shape}")
    window = _gaussian_window()
    half = _SSIM_WINDOW // 2

    def local_mean(values: np.ndarray) -> np.ndarray:
        filtered = cv2.filter2D(values, cv2.CV_64F, window, borderType=cv2.BORDER_REFLECT)
        return filtered[half:-half, half:-half]  # keep only windows wholly inside the image

    mu_x, mu_y = local_mean(x), local_mean(y)
    var_x = local_mean(x * x) - mu_x * mu_x
    var_y = local_mean(y * y) - mu_y * mu_y
    cov = local_mean(x * y) - mu_x * mu_y
    numerator = (2 * mu_x * mu_y + _SSIM_C1) * (2 * cov + _SSIM_C2)
    denominator = (mu_x * mu_x + mu_y * mu_y + _SSIM_C1) * (var_x + var_y + _SSIM_C2)
    return float(np.mean(numerator / denominator))


@dataclass(frozen=True)
class ImageScore:
    name: str
    psnr: float
    ssim: float
    seconds: float


@dataclass(frozen=True)
class QualityResult:
    """Mean scores of one method at one scale over a set of images."""

    label: str
    scale: int
    psnr: float
    ssim: float
    seconds: float  # total upscaling time over the set
    images: tuple[ImageScore, ...]


def too_small(width: int, height: int, scale: int) -> str | None:
    """Why an original of this size cannot be scored at ``scale`` (after the crop to a multiple
    of the scale and the shaved border, SSIM needs a whole window), or None if it can."""
    side = min(width - width % scale, height - height % scale) - 2 * scale
    if side >= _SSIM_WINDOW:
        return None
    return text(
        "{width}x{height} is too small to measure at x{scale} (needs at least {side} pixels a "
        "side)",
        width=width,
        height=height,
        scale=scale,
        side=_SSIM_WINDOW + 2 * scale,
    )


def score(hr: np.ndarray, sr: np.ndarray, scale: int) -> tuple[float, float]:
    """(PSNR, SSIM) of an upscaled image against its original, with the literature's conventions."""
    if hr.shape[:2] != sr.shape[:2]:
        raise ValueError(f"sizes differ: original {hr.shape[:2]} vs upscaled {sr.shape[:2]}")
    y_hr, y_sr = luma_bt601(hr), luma_bt601(sr)
    return psnr(y_hr, y_sr, border=scale), ssim(y_hr, y_sr, border=scale)


def evaluate(
    upscale: UpscaleFn,
    images: Iterable[tuple[str, np.ndarray]],
    scale: int,
    *,
    label: str = "",
    cancel: threading.Event | None = None,
    degradation: Degradation = BICUBIC,
) -> QualityResult:
    """Degrade each original, upscale it with ``upscale`` and score it against the original."""
    scores: list[ImageScore] = []
    for name, original in images:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        hr = crop_to_scale(to_8bit(original), scale)
        lr = degrade(hr, scale, degradation, name=name)
        start = time.perf_counter()
        sr = upscale(lr)
        seconds = time.perf_counter() - start
        value_psnr, value_ssim = score(hr, to_8bit(sr), scale)
        scores.append(ImageScore(name, value_psnr, value_ssim, seconds))
    if not scores:
        raise ValueError("no images to evaluate")
    return QualityResult(
        label=label,
        scale=scale,
        psnr=float(np.mean([s.psnr for s in scores])),
        ssim=float(np.mean([s.ssim for s in scores])),
        seconds=float(sum(s.seconds for s in scores)),
        images=tuple(scores),
    )
