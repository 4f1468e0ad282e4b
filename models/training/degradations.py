"""Practical degradations for training: blur, resize, noise and JPEG, seeded and reproducible.

Modelled on the published practical pipelines: BSRGAN (Zhang et al. 2021: blur, downsampling,
noise and JPEG applied in a shuffled order, the downscaling sometimes split in two steps) and
Real-ESRGAN (Wang et al. 2021: the classic blur -> resize -> noise -> JPEG chain applied twice).
Every random choice draws from the ``numpy.random.Generator`` passed in, so one seed reproduces a
whole training set. Pure numpy/OpenCV/Pillow: the tests run without PyTorch.

Images are ``HxWx3`` (BGR) or ``HxW`` arrays; stages take and return float32 in 0..255 (clipped),
except :func:`jpeg`, which quantises to 8 bits as a real file would.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import cv2
import numpy as np
from PIL import Image

# --- blur kernels -------------------------------------------------------------------------------


def _grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    if size % 2 == 0 or size < 3:
        raise ValueError(f"kernel size must be odd and >= 3, got {size}")
    r = np.arange(size, dtype=np.float64) - size // 2
    return np.meshgrid(r, r)


def _inverse_covariance(sigma_x: float, sigma_y: float, theta: float) -> np.ndarray:
    """Inverse covariance of a Gaussian with axes ``sigma_x``, ``sigma_y`` rotated by theta."""
    rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
    cov = rot @ np.diag([sigma_x**2, sigma_y**2]) @ rot.T
    return np.linalg.inv(cov)


def gaussian_kernel(
    size: int, sigma_x: float, sigma_y: float | None = None, theta: float = 0.0
) -> np.ndarray:
    """Normalised (an)isotropic Gaussian: ``sigma_y`` None is isotropic; theta in radians."""
    return generalized_gaussian_kernel(size, sigma_x, sigma_y, theta, beta=1.0)


def generalized_gaussian_kernel(
    size: int, sigma_x: float, sigma_y: float | None = None, theta: float = 0.0, beta: float = 1.0
) -> np.ndarray:
    """exp(-0.5 (x^T C^-1 x)^beta), normalised (Real-ESRGAN's form): beta 1 is the Gaussian,
    below 1 a sharp peak with heavy tails, above 1 a plateau towards a disc (defocus-like)."""
    xx, yy = _grid(size)
    inv = _inverse_covariance(sigma_x, sigma_x if sigma_y is None else sigma_y, theta)
    quad = inv[0, 0] * xx * xx + (inv[0, 1] + inv[1, 0]) * xx * yy + inv[1, 1] * yy * yy
    kernel = np.exp(-0.5 * np.power(quad, beta))
    return (kernel / kernel.sum()).astype(np.float32)


def blur(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Convolve every channel with ``kernel`` (reflected borders)."""
    out = cv2.filter2D(image.astype(np.float32), -1, kernel, borderType=cv2.BORDER_REFLECT_101)
    return np.clip(out, 0.0, 255.0)


@dataclass(frozen=True)
class BlurSettings:
    """Random kernel ranges (Real-ESRGAN's first-order defaults, scaled to our patch sizes)."""

    sizes: tuple[int, ...] = (7, 9, 11, 13, 15, 17, 19, 21)
    sigma: tuple[float, float] = (0.2, 3.0)
    #: Probabilities of isotropic, anisotropic and generalised (anisotropic) kernels.
    kinds: tuple[float, float, float] = (0.45, 0.25, 0.30)
    beta: tuple[float, float] = (0.5, 4.0)


def random_kernel(rng: np.random.Generator, settings: BlurSettings = BlurSettings()) -> np.ndarray:
    size = int(rng.choice(settings.sizes))
    kind = rng.choice(3, p=settings.kinds)
    sx = float(rng.uniform(*settings.sigma))
    if kind == 0:
        return gaussian_kernel(size, sx)
    sy = float(rng.uniform(*settings.sigma))
    theta = float(rng.uniform(0.0, math.pi))
    if kind == 1:
        return gaussian_kernel(size, sx, sy, theta)
    # Beta below 1 half the time and above 1 otherwise, as Real-ESRGAN draws it.
    lo, hi = settings.beta
    beta = float(rng.uniform(lo, 1.0) if rng.random() < 0.5 else rng.uniform(1.0, hi))
    return generalized_gaussian_kernel(size, sx, sy, theta, beta)


# --- resizing -----------------------------------------------------------------------------------

#: Resize filters: OpenCV's do not widen their kernel when shrinking (``bicubic`` and ``bilinear``
#: alias; ``area`` averages boxes); ``bicubic_aa`` and ``bilinear_aa`` are Pillow's anti-aliased
#: ones (the kernel widens with the factor), ``bicubic_aa`` being the literature's degradation.
RESIZE_FILTERS = ("area", "bilinear", "bilinear_aa", "bicubic", "bicubic_aa", "nearest")
_CV_FILTERS = {
    "area": cv2.INTER_AREA,
    "bilinear": cv2.INTER_LINEAR,
    "bicubic": cv2.INTER_CUBIC,
    "nearest": cv2.INTER_NEAREST,
}
_PIL_FILTERS = {"bicubic_aa": Image.Resampling.BICUBIC, "bilinear_aa": Image.Resampling.BILINEAR}


def resize(image: np.ndarray, size: tuple[int, int], method: str) -> np.ndarray:
    """Resize to ``size`` = (width, height) with one of :data:`RESIZE_FILTERS`."""
    image = image.astype(np.float32)
    if method in _CV_FILTERS:
        out = cv2.resize(image, size, interpolation=_CV_FILTERS[method])
    elif method in _PIL_FILTERS:
        channels = [image] if image.ndim == 2 else [image[:, :, c] for c in range(image.shape[2])]
        planes = [
            np.asarray(Image.fromarray(c, mode="F").resize(size, _PIL_FILTERS[method]))
            for c in channels
        ]
        out = planes[0] if image.ndim == 2 else np.stack(planes, axis=2)
    else:
        raise ValueError(f"unknown resize filter '{method}'; expected one of {RESIZE_FILTERS}")
    return np.clip(out, 0.0, 255.0)


# --- noise and compression ----------------------------------------------------------------------


def gaussian_noise(
    image: np.ndarray, sigma: float, rng: np.random.Generator, gray: bool = False
) -> np.ndarray:
    """Additive Gaussian noise of ``sigma`` grey levels; ``gray`` puts the same noise on every
    channel (luminance noise), otherwise each channel draws its own (colour noise)."""
    shape = image.shape[:2] if gray or image.ndim == 2 else image.shape
    noise = rng.normal(0.0, sigma, shape).astype(np.float32)
    if gray and image.ndim == 3:
        noise = noise[:, :, None]
    return np.clip(image.astype(np.float32) + noise, 0.0, 255.0)


def poisson_noise(
    image: np.ndarray, scale: float, rng: np.random.Generator, gray: bool = False
) -> np.ndarray:
    """Shot noise: Poisson counts at ``photons`` = 255 * 10 / ``scale`` per full-white sample, so
    its variance grows with brightness (``scale`` ~0.05-3 as Real-ESRGAN; larger is noisier)."""
    x = image.astype(np.float32) / 255.0
    if gray and x.ndim == 3:
        y = cv2.cvtColor(x, cv2.COLOR_BGR2GRAY)
        photons = 255.0 * 10.0 / scale
        noise = (rng.poisson(np.clip(y, 0, 1) * photons) / photons - y)[:, :, None]
    else:
        photons = 255.0 * 10.0 / scale
        noise = rng.poisson(np.clip(x, 0, 1) * photons) / photons - x
    return np.clip((x + noise.astype(np.float32)) * 255.0, 0.0, 255.0)


def jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    """A JPEG round trip (libjpeg via OpenCV, 4:2:0 chroma): 8-bit, blocky, as a saved file."""
    pixels = np.clip(np.rint(image), 0, 255).astype(np.uint8)
    ok, data = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise ValueError("JPEG encoding failed")
    flag = cv2.IMREAD_GRAYSCALE if pixels.ndim == 2 else cv2.IMREAD_COLOR
    return cv2.imdecode(data, flag).astype(np.float32)


def to_uint8(image: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


# --- recipes ------------------------------------------------------------------------------------


def _pick(rng: np.random.Generator, options: Sequence[str]) -> str:
    return str(options[int(rng.integers(len(options)))])


def _uniform(rng: np.random.Generator, bounds: Sequence[float]) -> float:
    return float(rng.uniform(bounds[0], bounds[1]))


@dataclass(frozen=True)
class Simple:
    """One resize with a random filter, then optional Gaussian noise and JPEG: the mild
    degradations a fast default model must not be worse than bicubic on."""

    filters: tuple[str, ...] = ("bicubic_aa",)
    noise_sigma: tuple[float, float] | None = None
    noise_prob: float = 1.0
    jpeg_quality: tuple[int, int] | None = None
    jpeg_prob: float = 1.0

    def __call__(self, hr: np.ndarray, scale: int, rng: np.random.Generator) -> np.ndarray:
        h, w = hr.shape[:2]
        lr = resize(hr, (w // scale, h // scale), _pick(rng, self.filters))
        if self.noise_sigma is not None and rng.random() < self.noise_prob:
            lr = gaussian_noise(lr, _uniform(rng, self.noise_sigma), rng, gray=rng.random() < 0.3)
        if self.jpeg_quality is not None and rng.random() < self.jpeg_prob:
            lo, hi = self.jpeg_quality
            lr = jpeg(lr, int(rng.integers(lo, hi + 1)))
        return to_uint8(lr)


@dataclass(frozen=True)
class Practical:
    """The full pipeline: a shuffled first-order chain (BSRGAN) and, with ``second_order_prob``,
    a second chain (Real-ESRGAN), each of blur, resize, noise and JPEG.

    The resize is split in two: a random intermediate size (``first_resize``: relative factors,
    up or down) at a random place in the shuffled first chain, and the final resize to exactly
    ``1/scale`` of the original, with a random filter, at the end of the last chain. The very last
    stage is JPEG with ``final_jpeg_prob``.
    """

    blur_prob: float = 0.7
    blur: BlurSettings = field(default_factory=BlurSettings)
    first_resize: tuple[float, float] = (0.5, 1.2)
    filters: tuple[str, ...] = RESIZE_FILTERS
    noise_prob: float = 0.6
    gaussian_sigma: tuple[float, float] = (1.0, 15.0)
    poisson_scale: tuple[float, float] = (0.05, 2.0)
    poisson_share: float = 0.3
    gray_noise_prob: float = 0.4
    jpeg_quality: tuple[int, int] = (30, 95)
    jpeg_prob: float = 0.5
    second_order_prob: float = 0.4
    second_blur_prob: float = 0.5
    second_blur: BlurSettings = field(
        default_factory=lambda: BlurSettings(sizes=(7, 9, 11, 13), sigma=(0.2, 1.5))
    )
    final_jpeg_prob: float = 0.8
    #: Widen the blurs' sigma ranges in proportion to the scale, the ranges being those of x4
    #: (as BSRGAN does): at x2 a sigma of 3 high-resolution pixels is a 1.5-pixel blur of the
    #: input, far more than a x2 photo shows, and teaches the network to over-sharpen.
    scale_blur: bool = False

    def _noise(self, image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        gray = rng.random() < self.gray_noise_prob
        if rng.random() < self.poisson_share:
            return poisson_noise(image, _uniform(rng, self.poisson_scale), rng, gray)
        return gaussian_noise(image, _uniform(rng, self.gaussian_sigma), rng, gray)

    def _jpeg(self, image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        lo, hi = self.jpeg_quality
        return jpeg(image, int(rng.integers(lo, hi + 1)))

    def _blurs(self, scale: int) -> tuple[BlurSettings, BlurSettings]:
        if not self.scale_blur:
            return self.blur, self.second_blur
        k = scale / 4

        def scaled(b: BlurSettings) -> BlurSettings:
            return replace(b, sigma=(b.sigma[0], max(b.sigma[0], b.sigma[1] * k)))

        return scaled(self.blur), scaled(self.second_blur)

    def __call__(self, hr: np.ndarray, scale: int, rng: np.random.Generator) -> np.ndarray:
        h, w = hr.shape[:2]
        target = (w // scale, h // scale)
        image = hr.astype(np.float32)
        first_blur, second_blur = self._blurs(scale)

        # First order, shuffled (BSRGAN): blur, an intermediate resize, noise, JPEG.
        factor = _uniform(rng, self.first_resize)
        middle = (max(target[0], round(w * factor)), max(target[1], round(h * factor)))
        stages = ["blur", "resize", "noise", "jpeg"]
        rng.shuffle(stages)
        for stage in stages:
            if stage == "blur" and rng.random() < self.blur_prob:
                image = blur(image, random_kernel(rng, first_blur))
            elif stage == "resize":
                image = resize(image, middle, _pick(rng, self.filters))
            elif stage == "noise" and rng.random() < self.noise_prob:
                image = self._noise(image, rng)
            elif stage == "jpeg" and rng.random() < self.jpeg_prob:
                image = self._jpeg(image, rng)

        # Second order (Real-ESRGAN): a milder blur, the final resize, noise, JPEG.
        if rng.random() < self.second_order_prob:
            if rng.random() < self.second_blur_prob:
                image = blur(image, random_kernel(rng, second_blur))
            image = resize(image, target, _pick(rng, self.filters))
            if rng.random() < self.noise_prob / 2:
                image = self._noise(image, rng)
        else:
            image = resize(image, target, _pick(rng, self.filters))
        if rng.random() < self.final_jpeg_prob:
            image = self._jpeg(image, rng)  # JPEG twice when the first chain also compressed
        return to_uint8(image)


Recipe = Simple | Practical


def recipe_from_config(entry: dict) -> Recipe:
    """A recipe from a config entry: ``{"kind": "simple", "filters": [...], "noise_sigma": [lo,
    hi], "jpeg_quality": [lo, hi], ...}`` or ``{"kind": "practical", ...overrides}``."""
    entry = {k: v for k, v in entry.items() if k not in ("weight", "name")}
    kind = entry.pop("kind")
    tuples = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items() if k != "blur"}
    if kind == "simple":
        return Simple(**tuples)
    if kind == "practical":
        if "blur" in entry:
            tuples["blur"] = BlurSettings(**{k: tuple(v) for k, v in entry["blur"].items()})
        return Practical(**tuples)
    raise ValueError(f"unknown degradation kind '{kind}'")


class Mixture:
    """Weighted choice among named recipes (one draw per training patch)."""

    def __init__(self, entries: Sequence[dict]) -> None:
        if not entries:
            raise ValueError("a mixture needs at least one recipe")
        self.names = [str(e.get("name", e["kind"])) for e in entries]
        self.recipes = [recipe_from_config(e) for e in entries]
        weights = np.array([float(e.get("weight", 1.0)) for e in entries])
        self.weights = weights / weights.sum()

    def __call__(self, hr: np.ndarray, scale: int, rng: np.random.Generator) -> np.ndarray:
        k = int(rng.choice(len(self.recipes), p=self.weights))
        return self.recipes[k](hr, scale, rng)
