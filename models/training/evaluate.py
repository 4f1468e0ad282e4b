"""Mean Y PSNR of exported ONNX models on a benchmark folder, through cv2.dnn (a quick check
during training; the model card's table comes from ``upscaler-cli bench quality``).

    python models/training/evaluate.py models/training/runs/main/export \
        ../shared/data/sr-benchmarks/Set14
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data import degrade, list_images, load_rgb  # noqa: E402
from metrics import psnr_y  # noqa: E402
from upnet_model import DIV2K_BGR_MEAN  # noqa: E402


def run_onnx(net: cv2.dnn.Net, lr: np.ndarray) -> np.ndarray:
    mean = np.array(DIV2K_BGR_MEAN, np.float32)
    blob = (lr.astype(np.float32) - mean).transpose(2, 0, 1)[None]
    net.setInput(np.ascontiguousarray(blob))
    out = net.forward()[0].transpose(1, 2, 0) + mean
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", type=Path, help="folder with UpNet_x{2,3,4}.onnx")
    parser.add_argument("data", type=Path, help="benchmark image folder")
    parser.add_argument("--scales", type=int, nargs="+", default=[2, 3, 4])
    args = parser.parse_args()
    for s in args.scales:
        net = cv2.dnn.readNetFromONNX(str(args.models / f"UpNet_x{s}.onnx"))
        scores = []
        for path in list_images(args.data):
            hr, lr = degrade(load_rgb(path), s)
            scores.append(psnr_y(run_onnx(net, lr), hr, s))
        print(f"x{s} {args.data.name}: {np.mean(scores):.3f} dB over {len(scores)} images")


if __name__ == "__main__":
    main()
