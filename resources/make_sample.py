"""Draw resources/sample.png: a small test chart the project owns, for the README and demos.

It has what shows an upscaler's character at a glance: a Siemens star and a zone plate (aliasing),
fine line pairs, text, hard colour edges and smooth gradients. Deterministic: running it again
gives the same file. ``python resources/make_sample.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

WIDTH, HEIGHT = 320, 200
OUT = Path(__file__).resolve().parent / "sample.png"


def gradient_background() -> np.ndarray:
    x = np.linspace(0.0, 1.0, WIDTH, dtype=np.float32)[None, :]
    y = np.linspace(0.0, 1.0, HEIGHT, dtype=np.float32)[:, None]
    blue = 200 + 40 * x + 0 * y
    green = 190 + 30 * y + 0 * x
    red = 170 + 50 * (1 - x) * y
    return np.dstack([blue, green, red]).clip(0, 255).astype(np.uint8)


def siemens_star(image: np.ndarray, cx: int, cy: int, radius: int, spokes: int = 24) -> None:
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
    angle = np.arctan2(yy - cy, xx - cx)
    inside = (xx - cx) ** 2 + (yy - cy) ** 2 <= radius**2
    dark = inside & (np.floor(angle / (2 * np.pi / spokes) * 2) % 2 == 0)
    image[dark] = (40, 40, 40)
    image[inside & ~dark] = (245, 245, 245)


def zone_plate(size: int) -> np.ndarray:
    r = np.linspace(-1.0, 1.0, size, dtype=np.float32)
    rr = r[None, :] ** 2 + r[:, None] ** 2
    plate = 127.5 + 127.5 * np.cos(np.pi * size * 0.22 * rr)
    return np.repeat(plate[:, :, None], 3, axis=2).astype(np.uint8)


def line_pairs(image: np.ndarray, x: int, y: int) -> None:
    for i, period in enumerate((2, 3, 4, 6)):
        x0 = x + i * 22
        for k in range(0, 18, period):
            image[y : y + 40, x0 + k : x0 + k + period // 2] = (30, 30, 30)


def colour_bars(image: np.ndarray, y: int) -> None:
    colours = [(0, 0, 220), (0, 180, 0), (220, 0, 0), (0, 220, 220), (220, 0, 220), (220, 220, 0)]
    width = WIDTH // len(colours)
    for i, colour in enumerate(colours):
        image[y : y + 16, i * width : (i + 1) * width] = colour


def make() -> np.ndarray:
    image = gradient_background()
    siemens_star(image, 60, 70, 48)
    image[22:118, 122:218] = zone_plate(96)
    line_pairs(image, 232, 26)
    cv2.rectangle(image, (230, 76), (312, 118), (60, 60, 60), 1)
    cv2.putText(
        image, "Upscaler", (236, 102), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (20, 20, 120), 1, cv2.LINE_AA
    )
    cv2.putText(
        image,
        "test chart 320x200",
        (12, 148),
        cv2.FONT_HERSHEY_PLAIN,
        1.0,
        (30, 30, 30),
        1,
        cv2.LINE_AA,
    )
    cv2.circle(image, (270, 150), 18, (40, 90, 200), 2, cv2.LINE_AA)
    cv2.line(image, (122, 172), (230, 130), (10, 10, 10), 1, cv2.LINE_AA)
    colour_bars(image, HEIGHT - 22)
    return image


def main() -> int:
    ok, data = cv2.imencode(".png", make(), [cv2.IMWRITE_PNG_COMPRESSION, 9])
    if not ok:
        return 1
    OUT.write_bytes(data.tobytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
