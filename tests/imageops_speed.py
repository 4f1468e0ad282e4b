"""Time the NumPy operations of core/imageops against the OpenCV calls they replace (markdown).

.venv/bin/python -m tests.imageops_speed [--repeat N] [--threads N] [--only NAME ...]

On a 12-megapixel (4000x3000) random image, float32 unless the row says otherwise. Each row is
the median of N runs (default 5), ours and OpenCV's taken in turn so that load on a shared
machine hits both alike. ``--threads`` sets OpenCV's threads (default: its own choice; NumPy's
element-wise work is single-threaded, its matrix product uses BLAS threads).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

import cv2
import numpy as np

from upscaler.core.imageops import filters, pointwise, warp


def cases() -> list[tuple[str, Callable[[], object], Callable[[], object]]]:
    rng = np.random.default_rng(0)
    colour = rng.random((3000, 4000, 3), dtype=np.float32)
    gray = np.ascontiguousarray(colour[..., 0])
    colour8 = (colour * 255).astype(np.uint8)
    positive = gray * 0.99 + 0.01
    matrix = (np.eye(3) + rng.normal(0.0, 0.1, (3, 3))).astype(np.float32)
    turn = cv2.getRotationMatrix2D((2000, 1500), 2.5, 1.0)
    size = (3900, 2900)
    cubic = {"flags": cv2.INTER_CUBIC, "borderMode": cv2.BORDER_REPLICATE}
    return [
        (
            "GaussianBlur sigma 1, 1 channel",
            lambda: filters.gaussian_blur(gray, 1.0),
            lambda: cv2.GaussianBlur(gray, (0, 0), 1.0),
        ),
        (
            "GaussianBlur sigma 1, 3 channels",
            lambda: filters.gaussian_blur(colour, 1.0),
            lambda: cv2.GaussianBlur(colour, (0, 0), 1.0),
        ),
        (
            "Sobel dx, 1 channel",
            lambda: filters.sobel(gray, 1, 0),
            lambda: cv2.Sobel(gray, cv2.CV_32F, 1, 0),
        ),
        (
            "Sobel dy, 1 channel",
            lambda: filters.sobel(gray, 0, 1),
            lambda: cv2.Sobel(gray, cv2.CV_32F, 0, 1),
        ),
        (
            "Sobel dx, 3 channels",
            lambda: filters.sobel(colour, 1, 0),
            lambda: cv2.Sobel(colour, cv2.CV_32F, 1, 0),
        ),
        (
            "Laplacian, 1 channel",
            lambda: filters.laplacian(gray),
            lambda: cv2.Laplacian(gray, cv2.CV_32F),
        ),
        (
            "Laplacian, 3 channels",
            lambda: filters.laplacian(colour),
            lambda: cv2.Laplacian(colour, cv2.CV_32F),
        ),
        ("blur 7x7, 1 channel", lambda: filters.box_blur(gray, 7), lambda: cv2.blur(gray, (7, 7))),
        ("medianBlur 3, 1 channel", lambda: filters.median3(gray), lambda: cv2.medianBlur(gray, 3)),
        (
            "medianBlur 3, uint8 3 channels",
            lambda: filters.median3(colour8),
            lambda: cv2.medianBlur(colour8, 3),
        ),
        (
            "warpAffine cubic, uint8 3 channels",
            lambda: warp.warp_affine_cubic(colour8, turn, size),
            lambda: cv2.warpAffine(colour8, turn, size, **cubic),
        ),
        (
            "warpAffine cubic, 3 channels",
            lambda: warp.warp_affine_cubic(colour, turn, size),
            lambda: cv2.warpAffine(colour, turn, size, **cubic),
        ),
        (
            "transform 3x3",
            lambda: pointwise.transform(colour, matrix),
            lambda: cv2.transform(colour, matrix),
        ),
        (
            "pow 1/2.4 (np.power)",
            lambda: np.power(positive, np.float32(1 / 2.4)),
            lambda: cv2.pow(positive, 1 / 2.4),
        ),
        (
            "pow 2.4 (np.power)",
            lambda: np.power(positive, np.float32(2.4)),
            lambda: cv2.pow(positive, 2.4),
        ),
    ]


def main(argv: list[str]) -> int:
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 5
    if "--threads" in argv:
        cv2.setNumThreads(int(argv[argv.index("--threads") + 1]))
    only = argv[argv.index("--only") + 1 :] if "--only" in argv else []
    print(f"OpenCV {cv2.__version__} ({cv2.getNumThreads()} threads), NumPy {np.__version__}\n")
    print("| operation (12 MP) | NumPy (ms) | OpenCV (ms) | ratio |")
    print("|---|---|---|---|")
    for name, ours, theirs in cases():
        if only and not any(word.lower() in name.lower() for word in only):
            continue
        times: dict[str, list[float]] = {"ours": [], "theirs": []}
        for _ in range(repeat):
            for key, run in (("ours", ours), ("theirs", theirs)):
                start = time.perf_counter()
                run()
                times[key].append(time.perf_counter() - start)
        mine, opencv = (statistics.median(times[key]) for key in ("ours", "theirs"))
        print(f"| {name} | {mine * 1e3:.0f} | {opencv * 1e3:.0f} | {mine / opencv:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
