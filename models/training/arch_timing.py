"""Inference time of candidate UpNet widths/depths in cv2.dnn (320x240 input at x3, median of 5):
the cost side of choosing the architecture (the quality side is the training pilots' Set5 PSNR).

    python models/training/arch_timing.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_onnx import onnx_bytes  # noqa: E402
from upnet_model import build, flops_per_input_pixel, parameter_count  # noqa: E402

CANDIDATES = [(32, 4), (32, 6), (48, 4), (48, 6), (64, 4), (64, 6)]


def seconds(net: cv2.dnn.Net, blob: np.ndarray, runs: int = 5) -> float:
    net.setInput(blob)
    net.forward()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        net.setInput(blob)
        net.forward()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    cv2.setNumThreads(2)
    blob = np.random.default_rng(0).uniform(-100, 100, (1, 3, 240, 320)).astype(np.float32)
    print("| channels x blocks | parameters (x3) | FLOPs per input pixel | 320x240 x3 (s) |")
    print("|---|---|---|---|")
    for channels, blocks in CANDIDATES:
        model = build(3, channels, blocks)
        net = cv2.dnn.readNetFromONNX(np.frombuffer(onnx_bytes(model), np.uint8))
        print(
            f"| {channels} x {blocks} | {parameter_count(model):,} | "
            f"{flops_per_input_pixel(3, channels, blocks):,} | {seconds(net, blob):.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
