"""The issue's speed check: a 320x240 input at x3 through the engine, median of 5 runs.

    python models/training/speed.py --models-dir ../shared/models --models UpNet UpNet2

The models take turns within each round, so on a machine shared with other work each ratio to the
first model compares runs made under the same load (the medians alone drift with the load).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import cv2
import numpy as np

from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.store import ModelStore

SET14_IMAGE = Path(__file__).resolve().parents[3] / "shared/data/sr-benchmarks/Set14/baboon.png"


def test_image() -> np.ndarray:
    """320x240 of real content (cropped from Set14 baboon), so speed is not measured on zeros."""
    image = cv2.imread(str(SET14_IMAGE), cv2.IMREAD_COLOR)
    if image is None:
        return np.random.default_rng(0).integers(0, 256, (240, 320, 3), dtype=np.uint8)
    return np.ascontiguousarray(image[:240, :320])


def timed(upscaler: Upscaler, image: np.ndarray) -> float:
    start = time.perf_counter()
    upscaler.upscale(image)
    return time.perf_counter() - start


def median_seconds(upscaler: Upscaler, image: np.ndarray, runs: int) -> float:
    upscaler.upscale(image)  # warm-up: first run allocates and picks kernels
    return statistics.median(timed(upscaler, image) for _ in range(runs))


def interleaved(engines: list[Upscaler], image: np.ndarray, runs: int) -> list[list[float]]:
    """Seconds per run of each engine, the engines taking turns within each round."""
    for engine in engines:
        engine.upscale(image)  # warm-up
    times: list[list[float]] = [[] for _ in engines]
    for _ in range(runs):
        for n, engine in enumerate(engines):
            times[n].append(timed(engine, image))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models-dir", type=Path)
    parser.add_argument("--scale", type=int, default=3)
    parser.add_argument("--models", nargs="+", default=["UpNet", "ESPCN", "FSRCNN", "bicubic"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    store = ModelStore(explicit_dir=args.models_dir)
    image = test_image()
    engines, labels = [], []
    for name in args.models:
        info = load_catalog().get(name, args.scale)
        path = store.find(info) if info.needs_file else None
        if info.needs_file and path is None:
            print(f"| {info.label} | not installed | |")
            continue
        engines.append(Upscaler(info, path))
        labels.append(info.label)
    times = interleaved(engines, image, args.runs)
    print(f"| model | 320x240 x{args.scale}, median of {args.runs} (s) | ratio to {labels[0]} |")
    print("|---|---|---|")
    first = times[0]
    for label, runs in zip(labels, times, strict=True):
        ratio = statistics.median(t / f for t, f in zip(runs, first, strict=True))
        print(f"| {label} | {statistics.median(runs):.3f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
