"""Can a learned illuminant estimator beat the median of three classic estimates? A study.

    .venv/bin/python -m models.training.illuminant_study [--data DIR] [--set14 DIR] [--cache F]

Auto colour's white balance (``core/adjust/colour.py``) estimated the light as the median of
white patch and first- and second-order grey edge when this study was made (it now takes a
median of four, with grey pixels and a weighted grey edge: see docs/adjust.md). This script
measures that median of three against every classic estimate it is made from and against
estimators learned from the training photographs (T91, SunHays80, BSDS500 ``train`` and
``test``; never BSDS500 ``val``, Set5 or Set14), and prints the study's table in docs/adjust.md.
It ships nothing: the learned estimators measured worse (see the doc), so the program keeps a
median.

Training samples: each photograph taken as correctly balanced (D50), lit again by random lights
with the test set's model (Bradford adaptation from D50 in linear sRGB, scaled so that white
does not clip, clipped and rounded to 8 bits): 2500-10000 K (uniform in mired) on the Planckian
locus, moved off it by a green/magenta tint (Duv within +-0.03), and the photograph as it is
(no cast) for one sample in twelve. Features (relative to the median, so that a cast only moves
the median): the classic estimates, 2-D log-chromaticity histograms of the pixels and of their
edges, and where the median lies. Learned models: ridge regressions and a one-hidden-layer tanh
network (numpy, seeded) predicting the median's error. Errors are distances in
log-chromaticity (log R/G, log B/G) between the estimated and the true light.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "desktop"))
sys.path.insert(0, str(REPO))  # the test set's lights (tests/adjust_testset.py)

from tests.adjust_testset import CASTS as TEST_CASTS  # noqa: E402
from tests.adjust_testset import cast_matrix  # noqa: E402

from upscaler.core.adjust.colour import ANALYSIS_PIXELS  # noqa: E402
from upscaler.core.adjust.convert import Converter  # noqa: E402
from upscaler.core.adjust.icc import image_space  # noqa: E402
from upscaler.core.adjust.preview import make_proxy  # noqa: E402
from upscaler.core.adjust.space import (  # noqa: E402
    srgb_decode,
)
from upscaler.core.imageio import read_image  # noqa: E402

SEED = 17
LIGHTS_PER_IMAGE = 12
MIRED = (1e6 / 10000, 1e6 / 2500)
DUV = 0.03
SETS = ("T91", "SunHays80", "BSDS500/train", "BSDS500/test")
#: The test set's casts, by the short names of the Set14 columns ("warm", "cool"...).
CASTS = {name.split()[0]: xy for name, xy in TEST_CASTS.items()}
#: Pixels the features are computed on (a larger picture is area-averaged down to this).
ESTIMATE_PIXELS = 1 << 16
HIST_BINS = 12
HIST_REACH = 1.5
CLIPPED = 0.98
DARK = 0.002
MIN_PIXELS = 64
ESTIMATORS = (
    "grey_pixels",
    "grey_world",
    "shades_of_grey",
    "white_patch",
    "bright",
    "grey_edge_1",
    "grey_edge_1_mean",
    "grey_edge_2",
)


def log_chroma_of(rgb: np.ndarray) -> np.ndarray:
    """(log R/G, log B/G) over the last axis (values floored at 1e-6)."""
    logs = np.log(np.maximum(np.asarray(rgb, dtype=np.float64), 1e-6))
    return np.stack([logs[..., 0] - logs[..., 1], logs[..., 2] - logs[..., 1]], axis=-1)


def shrink(linear: np.ndarray, usable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An area-averaged copy of at most :data:`ESTIMATE_PIXELS` pixels, and its usable mask (a
    small pixel is usable when all it was made of was)."""
    height, width = linear.shape[:2]
    if height * width <= ESTIMATE_PIXELS:
        return linear, usable
    factor = (ESTIMATE_PIXELS / (height * width)) ** 0.5
    size = (max(1, int(width * factor)), max(1, int(height * factor)))
    small = cv2.resize(linear, size, interpolation=cv2.INTER_AREA)
    mask = cv2.resize(usable.astype(np.float32), size, interpolation=cv2.INTER_AREA) > 0.999
    return small, mask


@dataclass(frozen=True)
class Description:
    """What the estimator looks at: ``base`` is the median of the three classic estimates
    (log-chromaticity), ``features`` the vector the network reads (relative to ``base``)."""

    base: np.ndarray
    features: np.ndarray


def describe(linear: np.ndarray, usable: np.ndarray) -> Description | None:
    """The picture's description, or None when too few pixels are usable (not clipped, not in
    the noise, not transparent) to say anything about the light."""
    linear, usable = shrink(linear, usable)
    good = usable & (linear.max(axis=2) < CLIPPED) & (linear.min(axis=2) > DARK)
    if np.count_nonzero(good) < MIN_PIXELS:
        return None
    values = linear[good].astype(np.float64)
    gradients = _gradients(linear)
    first = gradients[0][good]
    estimates = {
        "grey_pixels": _grey_pixels(linear, good),
        "grey_world": values.mean(axis=0),
        "shades_of_grey": _minkowski(values, 6),
        "white_patch": np.percentile(values, 99.5, axis=0),
        "bright": _bright(values),
        "grey_edge_1": _minkowski(first, 6),
        "grey_edge_1_mean": first.mean(axis=0),
        "grey_edge_2": _minkowski(gradients[1][good], 6),
    }
    chroma = {name: log_chroma_of(e) for name, e in estimates.items()}
    base = np.median([chroma[n] for n in ("white_patch", "grey_edge_1", "grey_edge_2")], axis=0)
    u, v = base
    edge_weight = first.sum(axis=1)
    strong = edge_weight > 1e-3
    features = np.concatenate(
        [
            np.concatenate([chroma[n] - base for n in ESTIMATORS]),
            [u, v, u * u, v * v, u * v],
            _histogram(log_chroma_of(values) - base, None),
            _histogram(log_chroma_of(first[strong]) - base, edge_weight[strong]),
            [np.count_nonzero(good) / good.size],
        ]
    )
    return Description(base, features)


def _gradients(linear: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each channel's gradient magnitude and absolute Laplacian after a Gaussian of sigma 1."""
    smooth = cv2.GaussianBlur(linear, (0, 0), 1.0)
    dx = cv2.Sobel(smooth, cv2.CV_32F, 1, 0)
    dy = cv2.Sobel(smooth, cv2.CV_32F, 0, 1)
    return np.sqrt(dx * dx + dy * dy), np.abs(cv2.Laplacian(smooth, cv2.CV_32F))


def _grey_pixels(linear: np.ndarray, good: np.ndarray) -> np.ndarray:
    """Mean chromaticity of the 1% of pixels whose local contrast (Laplacian of the log, sigma
    1) is most alike in the three channels: grey surfaces (Yang et al., CVPR 2015, simplified)."""
    logs = np.log(linear + np.float32(1e-4))
    contrast = np.abs(cv2.Laplacian(cv2.GaussianBlur(logs, (0, 0), 1.0), cv2.CV_32F))
    mean = contrast.mean(axis=2)
    index = cv2.blur(contrast.std(axis=2) / (mean + 1e-6), (7, 7))
    candidates = good & (mean > 0.05)
    if np.count_nonzero(candidates) < MIN_PIXELS:
        candidates = good
    values = index[candidates]
    chosen = linear[candidates][np.argsort(values)[: max(MIN_PIXELS, values.size // 100)]]
    return (chosen / np.maximum(chosen.sum(axis=1, keepdims=True), 1e-6)).mean(axis=0)


def _minkowski(values: np.ndarray, p: int) -> np.ndarray:
    values = values.astype(np.float64)
    scale = np.maximum(values.max(axis=0), 1e-12)
    return scale * np.mean((values / scale) ** p, axis=0) ** (1 / p)


def _bright(values: np.ndarray) -> np.ndarray:
    """Mean of the brightest 3% of the pixels (by their sum)."""
    total = values.sum(axis=1)
    return values[total >= np.percentile(total, 97)].mean(axis=0)


def _histogram(chroma: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """Square root of the normalised 2-D histogram (values beyond the reach in the edge bins)."""
    if len(chroma) == 0:
        return np.zeros(HIST_BINS * HIST_BINS)
    edge = HIST_REACH * (1 - 1e-9)
    clipped = np.clip(chroma, -edge, edge)
    counts, _, _ = np.histogram2d(
        clipped[:, 0],
        clipped[:, 1],
        bins=HIST_BINS,
        range=((-HIST_REACH, HIST_REACH), (-HIST_REACH, HIST_REACH)),
        weights=weights,
    )
    total = counts.sum()
    return np.sqrt(counts.ravel() / total) if total > 0 else counts.ravel()


# -- lights ------------------------------------------------------------------------------------


def planckian_xy(kelvin: float) -> tuple[float, float]:
    """Chromaticity of a black body (Kim et al. 2002 cubic spline, 1667-25000 K)."""
    t = kelvin
    if t <= 4000:
        x = -0.2661239e9 / t**3 - 0.2343589e6 / t**2 + 0.8776956e3 / t + 0.179910
    else:
        x = -3.0258469e9 / t**3 + 2.1070379e6 / t**2 + 0.2226347e3 / t + 0.240390
    if t <= 2222:
        y = -1.1063814 * x**3 - 1.34811020 * x**2 + 2.18555832 * x - 0.20219683
    elif t <= 4000:
        y = -0.9549476 * x**3 - 1.37418593 * x**2 + 2.09137015 * x - 0.16748867
    else:
        y = 3.0817580 * x**3 - 5.87338670 * x**2 + 3.75112997 * x - 0.37001483
    return x, y


def tinted_xy(kelvin: float, duv: float) -> tuple[float, float]:
    """The Planckian chromaticity moved ``duv`` along the locus's normal in CIE 1960 uv
    (positive: green, negative: magenta)."""

    def uv(k: float) -> np.ndarray:
        x, y = planckian_xy(k)
        d = -2 * x + 12 * y + 3
        return np.array([4 * x / d, 6 * y / d])

    here = uv(kelvin)
    tangent = uv(kelvin * 1.001) - uv(kelvin * 0.999)
    normal = np.array([-tangent[1], tangent[0]]) / np.hypot(*tangent)
    if normal[1] < 0:
        normal = -normal  # towards green (larger v)
    u, v = here + duv * normal
    d = 2 * u - 8 * v + 4
    return 3 * u / d, 2 * v / d


_DECODE = srgb_decode(np.arange(256, dtype=np.float32) / 255)
#: Linear values where the sRGB code changes: encoding then rounding, as a search.
_STEPS = srgb_decode((np.arange(255, dtype=np.float32) + 0.5) / 255)


def cast(bgr: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """The picture lit by the light of ``matrix`` (8 bits in and out, clipped)."""
    rgb = _DECODE[bgr[..., ::-1]]
    lit = cv2.transform(np.ascontiguousarray(rgb), matrix.astype(np.float32))
    codes = np.searchsorted(_STEPS, np.clip(lit, 0, 1), side="right")
    return codes[..., ::-1].astype(np.uint8)


def random_lights(rng: np.random.Generator, count: int) -> list[np.ndarray | None]:
    """``count`` cast matrices; the first is None (the photograph as it is)."""
    lights: list[np.ndarray | None] = [None]
    for _ in range(count - 1):
        kelvin = 1e6 / rng.uniform(*MIRED)
        duv = rng.uniform(-DUV, DUV)
        lights.append(cast_matrix(tinted_xy(kelvin, duv)))
    return lights


# -- samples ------------------------------------------------------------------------------------

_SRGB = Converter.for_space(image_space(None, gray=False))


def default_shared() -> Path:
    return Path(os.environ.get("UPSCALER_SHARED_DIR", REPO.parent / "shared")) / "data"


def photographs(data: Path) -> list[tuple[str, Path]]:
    """(set, path) of every training photograph; refuses anything from a benchmark."""
    found = []
    for name in SETS:
        for path in sorted((data / name).iterdir()):
            if path.suffix.lower() in (".png", ".jpg", ".jpeg"):
                found.append((name, path))
    for _, path in found:
        lowered = str(path).lower()
        if "/val/" in lowered or "set5" in lowered or "set14" in lowered:
            raise SystemExit(f"{path}: a benchmark picture must never be trained on")
    if not found:
        raise SystemExit(f"no training photographs in {data}")
    return found


def _bgr8(path: Path) -> np.ndarray:
    pixels = read_image(path).pixels
    if pixels.ndim == 2:
        pixels = np.repeat(pixels[..., None], 3, axis=2)
    pixels = pixels[..., :3]
    return pixels if pixels.dtype == np.uint8 else (pixels // 257).astype(np.uint8)


def _sample(bgr: np.ndarray, matrix: np.ndarray | None) -> tuple[np.ndarray, np.ndarray] | None:
    """(features, median) of ``bgr`` lit by ``matrix`` (None: as it is), as auto colour sees it."""
    damaged = bgr if matrix is None else cast(bgr, matrix)
    linear = _SRGB.decode(make_proxy(damaged, ANALYSIS_PIXELS)[0])
    found = describe(linear, np.ones(linear.shape[:2], bool))
    return None if found is None else (found.features, found.base)


def _truth(matrix: np.ndarray | None) -> np.ndarray:
    return np.zeros(2) if matrix is None else log_chroma_of(matrix @ np.ones(3))


def _training_samples(job: tuple[int, str]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    index, path = job
    bgr = _bgr8(Path(path))
    out = []
    for matrix in random_lights(np.random.default_rng([SEED, index]), LIGHTS_PER_IMAGE):
        found = _sample(bgr, matrix)
        if found is not None:
            out.append((*found, _truth(matrix)))
    return out


def training_set(data: Path, cache: Path | None) -> dict[str, np.ndarray]:
    if cache is not None and cache.exists():
        return dict(np.load(cache))
    found = photographs(data)
    with Pool(min(2, os.cpu_count() or 1)) as pool:
        per_image = pool.map(
            _training_samples, [(i, str(p)) for i, (_, p) in enumerate(found)], chunksize=4
        )
    rows = [
        (name, *sample)
        for (name, _), samples in zip(found, per_image, strict=True)
        for sample in samples
    ]
    arrays = {
        "set": np.array([r[0] for r in rows]),
        "features": np.array([r[1] for r in rows]),
        "base": np.array([r[2] for r in rows]),
        "truth": np.array([r[3] for r in rows]),
        "clean": np.array([not r[3].any() for r in rows]),
    }
    if cache is not None:
        np.savez(cache, **arrays)
    return arrays


def set14_samples(folder: Path) -> dict[str, np.ndarray]:
    """Every Set14 picture clean and under each test cast (measured, never trained on)."""
    rows = []
    for path in sorted(folder.glob("*.png")):
        bgr = _bgr8(path)
        for kind, xy in {"clean": None, **CASTS}.items():
            matrix = None if xy is None else cast_matrix(xy)
            found = _sample(bgr, matrix)
            if found is not None:
                rows.append((kind, path.stem, *found, _truth(matrix)))
    return {
        "kind": np.array([r[0] for r in rows]),
        "name": np.array([r[1] for r in rows]),
        "features": np.array([r[2] for r in rows]),
        "base": np.array([r[3] for r in rows]),
        "truth": np.array([r[4] for r in rows]),
    }


# -- estimators ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ridge:
    """Linear correction of the median; ``columns`` picks the features."""

    columns: slice
    strength: float
    intercept: bool = True

    def fit(self, features: np.ndarray, target: np.ndarray) -> Fitted:
        x = features[:, self.columns]
        mean = x.mean(axis=0) if self.intercept else np.zeros(x.shape[1])
        scale = x.std(axis=0) + 0.02 if self.intercept else np.ones(x.shape[1])
        z = (x - mean) / scale
        if self.intercept:
            z = np.c_[z, np.ones(len(z))]
        weights = np.linalg.solve(z.T @ z + self.strength * np.eye(z.shape[1]), z.T @ target)
        return Fitted(self, mean, scale, (weights,))


@dataclass(frozen=True)
class Mlp:
    """One hidden tanh layer on all features, Adam on the full batch, L2 weight decay."""

    hidden: int = 32
    decay: float = 3e-3
    steps: int = 1500
    rate: float = 3e-3

    @property
    def columns(self) -> slice:
        return slice(None)

    def fit(self, features: np.ndarray, target: np.ndarray) -> Fitted:
        rng = np.random.default_rng(SEED)
        mean, scale = features.mean(axis=0), features.std(axis=0) + 0.02
        x = (features - mean) / scale
        params = [
            rng.normal(0, 1 / np.sqrt(x.shape[1]), (x.shape[1], self.hidden)),
            np.zeros(self.hidden),
            rng.normal(0, 1 / np.sqrt(self.hidden), (self.hidden, 2)),
            np.zeros(2),
        ]
        first = [np.zeros_like(p) for p in params]
        second = [np.zeros_like(p) for p in params]
        for step in range(1, self.steps + 1):
            w1, b1, w2, b2 = params
            hidden = np.tanh(x @ w1 + b1)
            g_out = 2 * (hidden @ w2 + b2 - target) / len(x)
            g_hidden = (g_out @ w2.T) * (1 - hidden * hidden)
            grads = [
                x.T @ g_hidden + self.decay * w1,
                g_hidden.sum(axis=0),
                hidden.T @ g_out + self.decay * w2,
                g_out.sum(axis=0),
            ]
            rate = self.rate * min(1.0, 2 * (1 - step / self.steps) + 0.02)
            for p, g, m, s in zip(params, grads, first, second, strict=True):
                m[...] = 0.9 * m + 0.1 * g
                s[...] = 0.999 * s + 0.001 * g * g
                p -= rate * (m / (1 - 0.9**step)) / (np.sqrt(s / (1 - 0.999**step)) + 1e-8)
        return Fitted(self, mean, scale, tuple(params))


@dataclass(frozen=True)
class Fitted:
    model: Ridge | Mlp
    mean: np.ndarray
    scale: np.ndarray
    params: tuple[np.ndarray, ...]

    def __call__(self, features: np.ndarray) -> np.ndarray:
        z = (features[:, self.model.columns] - self.mean) / self.scale
        if isinstance(self.model, Mlp):
            w1, b1, w2, b2 = self.params
            return np.tanh(z @ w1 + b1) @ w2 + b2
        if self.model.intercept:
            z = np.c_[z, np.ones(len(z))]
        return z @ self.params[0]


ESTIMATES = slice(0, 2 * len(ESTIMATORS))
WITH_POSITION = slice(0, 2 * len(ESTIMATORS) + 5)
LEARNED: dict[str, Ridge | Mlp] = {
    "learned: weights of the classic estimates (no intercept)": Ridge(ESTIMATES, 100, False),
    "learned: ridge on the estimates and the median's position": Ridge(WITH_POSITION, 1000),
    "learned: ridge on all features": Ridge(slice(None), 1000),
    "learned: network, 32 tanh units, all features": Mlp(),
}


def likely_lights(duv: float = DUV) -> np.ndarray:
    """Log-chromaticities of the band of lights trained on (2500-10000 K, +-``duv``)."""
    lights = [
        log_chroma_of(cast_matrix(tinted_xy(1e6 / mired, tint)) @ np.ones(3))
        for mired in np.linspace(*MIRED, 200)
        for tint in np.linspace(-duv, duv, 41)
    ]
    return np.array(lights)


def onto_likely_lights(estimate: np.ndarray, band: np.ndarray) -> np.ndarray:
    """Each estimate moved to the nearest likely light when it lies outside the band."""
    distance = np.hypot(*(estimate[:, None, :] - band[None]).transpose(2, 0, 1))
    nearest = band[distance.argmin(axis=1)]
    return np.where((distance.min(axis=1) > 0.02)[:, None], nearest, estimate)


def classic(features: np.ndarray, base: np.ndarray, name: str) -> np.ndarray:
    if name == "median of three (the program)":
        return base
    if name == "median of three, moved onto the likely lights":
        return onto_likely_lights(base, likely_lights())
    if name == "median of all":
        return base + np.median(features[:, ESTIMATES].reshape(len(base), -1, 2), axis=1)
    i = ESTIMATORS.index(name)
    return base + features[:, 2 * i : 2 * i + 2]


# -- report -------------------------------------------------------------------------------------


def _error(estimate: np.ndarray, truth: np.ndarray) -> np.ndarray:
    return np.hypot(*(estimate - truth).T)


def report(train: dict[str, np.ndarray], test: dict[str, np.ndarray]) -> None:
    target = train["truth"] - train["base"]
    held = {name: train["set"] == name for name in ("SunHays80", "BSDS500/test")}
    print("Bias of the training photographs (median of three on them as they are, mean):")
    for name in SETS:
        rows = (train["set"] == name) & train["clean"]
        u, v = train["base"][rows].mean(axis=0)
        error = np.median(_error(train["base"][rows], 0 * train["base"][rows]))
        print(f"- {name}: log R/G {u:+.2f}, log B/G {v:+.2f}; median distance {error:.2f}")
    kinds = ["clean", *CASTS]
    print(
        "\n| estimator | SunHays80 held out, p50 / p90 | BSDS500 test held out, p50 / p90 | "
        + " | ".join(f"Set14 {k}" for k in kinds)
        + " |"
    )
    print("|---" * (3 + len(kinds)) + "|")
    names = [
        "median of three (the program)",
        "median of three, moved onto the likely lights",
        "median of all",
        *ESTIMATORS,
        *LEARNED,
    ]
    for name in names:
        cells = []
        for rows in held.values():
            if name in LEARNED:
                fitted = LEARNED[name].fit(train["features"][~rows], target[~rows])
                estimate = train["base"][rows] + fitted(train["features"][rows])
            else:
                estimate = classic(train["features"][rows], train["base"][rows], name)
            error = _error(estimate, train["truth"][rows])
            cells.append(f"{np.median(error):.3f} / {np.percentile(error, 90):.3f}")
        if name in LEARNED:
            fitted = LEARNED[name].fit(train["features"], target)
            estimate = test["base"] + fitted(test["features"])
        else:
            estimate = classic(test["features"], test["base"], name)
        error = _error(estimate, test["truth"])
        cells += [f"{error[test['kind'] == k].mean():.3f}" for k in kinds]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nSet14, mean error of the program's median per picture (all five kinds):")
    error = _error(test["base"], test["truth"])
    names14 = sorted(set(test["name"]))
    print(", ".join(f"{n} {error[test['name'] == n].mean():.2f}" for n in names14))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_shared() / "sr-train")
    parser.add_argument("--set14", type=Path, default=default_shared() / "sr-benchmarks/Set14")
    parser.add_argument("--cache", type=Path, help="keep the training features here (.npz)")
    args = parser.parse_args(argv)
    started = time.time()
    train = training_set(args.data, args.cache)
    test = set14_samples(args.set14)
    print(
        f"{len(train['base'])} training samples, {len(test['base'])} Set14 samples "
        f"({time.time() - started:.0f} s)\n"
    )
    report(train, test)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
